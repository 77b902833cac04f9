"""Benchmarks: speed and memory at realistic and large scale, beside the raw libraries.

Run from the source folder:  python bench/run.py [--quick] [--runs N] [--keep DIR]
Prints a table of medians; each figure sits beside a baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.datagen import SCALES, build  # noqa: E402

Row = tuple[str, str, str, str, str]  # what, figure, baseline, ratio, target
ROWS: list[Row] = []


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def add(what: str, ms: float, base: float | None = None, target: str = "", unit: str = "ms") -> None:
    fig = f"{ms:,.0f} {unit}" if ms >= 10 else f"{ms:.1f} {unit}"
    if base is None:
        ROWS.append((what, fig, "", "", target))
        return
    bfig = f"{base:,.0f} {unit}" if base >= 10 else f"{base:.1f} {unit}"
    ROWS.append((what, fig, bfig, f"{ms / base:.2f}x", target))
    print(f"  {what}: {fig} (baseline {bfig})", flush=True)


# --- start-up -------------------------------------------------------------------------

BARE_WINDOW = r"""
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, lambda: (print("SHOWN", time.time(), flush=True), app.quit()))
        return False

app = QApplication(sys.argv)
w = QMainWindow(); w.setWindowTitle("bare"); w.resize(1200, 800)
first = FirstPaint(w); w.installEventFilter(first)
w.show()
app.exec()
"""
# What the marks measure (printed by app/ui/main.py run() under ANCHA_BENCH_EXIT, and by the bare
# window above), each in the event-loop turn after the event named:
#   SHOWN   the window's first paint (bare: the QMainWindow's first paint);
#   READY   the first paint of the first page showing catalog data: the 检查清单 tree with the
#           shipped catalog's items (from its cache, before the database opens);
#   OPENED  the window's first paint after the database opened and was laid over that page
#           (the user's items shown, edits allowed); the program then quits.
# Before December 2026 the marks were taken one event-loop turn after show(), which on the
# offscreen platform comes before any paint: the bare window then quit unpainted (47 MB, not 52).
MARKS = ("SHOWN", "READY", "OPENED")


def _marks(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    """Milliseconds from process start to each mark the program prints (see MARKS)."""
    t0 = time.time()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    marks = {}
    for line in out.stdout.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in MARKS:
            marks[parts[0]] = (float(parts[1]) - t0) * 1000
    if "SHOWN" not in marks:
        raise RuntimeError(f"no SHOWN line: {out.stdout[-500:]} {out.stderr[-2000:]}")
    return marks


def installed_env(**extra: str) -> dict[str, str]:
    """The environment of a started program as installed: its modules compiled to bytecode once
    (an installation ships .pyc files; PYTHONDONTWRITEBYTECODE here would recompile every start)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "app")], check=True, env=env)
    return {**env, **extra}


def bench_startup(db_url: str, runs: int, tmp: Path) -> None:
    """Start-up of `python -m app` beside a bare window, runs interleaved (the load changes).

    Its own settings and data folders: the warm-up start writes the catalog cache, leaves the
    checklist page as the first page and notes the database's jurisdiction, as any start does."""
    env = installed_env(
        ANCHA_BENCH_EXIT="1",
        XDG_CONFIG_HOME=str(tmp / "config-startup"),
        ANCHA_HOME=str(tmp / "home-startup"),  # its own catalog cache, not another checkout's
    )
    app_cmd = [sys.executable, "-m", "app", "--db", db_url]
    bare_cmd = [sys.executable, "-c", BARE_WINDOW]
    _marks(app_cmd, env)  # warm the OS file cache once
    _marks(bare_cmd, env)
    ours, bare = [], []
    for _ in range(runs):
        ours.append(_marks(app_cmd, env))
        bare.append(_marks(bare_cmd, env)["SHOWN"])
    base = statistics.median(bare)
    shown = statistics.median(m["SHOWN"] for m in ours)
    ready = statistics.median(m["READY"] for m in ours)
    opened = statistics.median(m["OPENED"] for m in ours)
    add("启动到主窗口显示 / start-up to main window shown", shown, base, "≤ 3x")
    add("启动到首页显示数据 / start-up to first page with data", ready, base, "≤ 4x")
    add("启动到数据库打开、可编辑 / start-up to database open, page editable", opened, base)


# --- ledger -------------------------------------------------------------------------------


def bench_ledger(db_url: str, runs: int, where: str = "") -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from app.services.ledger import FindingFilter
    from app.services.workspace import Workspace
    from app.ui.context import AppContext
    from app.ui.ledger_page import COLUMNS, LedgerModel

    app = QApplication.instance() or QApplication([])
    ws = Workspace(db_url)
    ctx = AppContext(ws)
    unit_col = next(i for i, c in enumerate(COLUMNS) if c[0] == "unit")

    def touch(model: LedgerModel, row: int) -> None:
        for col in range(model.columnCount()):
            model.data(model.index(row, col))

    def open_() -> None:
        m = LedgerModel(ctx)
        m.refresh()
        for r in range(0, min(40, m.rowCount())):
            touch(m, r)

    model = LedgerModel(ctx)
    model.refresh()
    n = model.rowCount()

    def sort() -> None:
        model.sort(unit_col, Qt.SortOrder.AscendingOrder)
        for r in range(40):
            touch(model, r)
        model.sort(unit_col, Qt.SortOrder.DescendingOrder)
        for r in range(40):
            touch(model, r)

    def text_filter() -> None:
        model.set_filter(FindingFilter(text="瓦斯"))
        for r in range(min(40, model.rowCount())):
            touch(model, r)
        model.set_filter(FindingFilter())

    def scroll_end() -> None:
        model.sort(unit_col, Qt.SortOrder.AscendingOrder)
        last = model.rowCount() - 1
        for r in range(max(0, last - 40), last + 1):
            touch(model, r)

    add(f"隐患台账 打开 / open ({n:,} rows){where}", median_ms(open_, runs), target="< 100 ms")
    add(f"隐患台账 按单位排序 / sort by unit (twice){where}", median_ms(sort, runs) / 2, target="< 100 ms")
    add(
        f"隐患台账 关键词筛选并复原 / text filter + clear{where}",
        median_ms(text_filter, runs) / 2,
        target="< 100 ms",
    )
    add(f"隐患台账 滚动到末尾 / scroll to end{where}", median_ms(scroll_end, runs), target="< 100 ms")
    ws.close()
    del app


# --- memory ---------------------------------------------------------------------------------

PEAK_RSS = r"""
import os, resource, subprocess, sys
subprocess.run(sys.argv[1:], capture_output=True, timeout=300)
print("RSS", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, flush=True)
"""


def _peak_rss_mb(cmd: list[str], env: dict[str, str]) -> float:
    """Peak RSS of one process running `cmd` alone (its own child of a small wrapper)."""
    out = subprocess.run(
        [sys.executable, "-c", PEAK_RSS, *cmd], capture_output=True, text=True, cwd=ROOT, env=env, timeout=600
    )
    for line in out.stdout.splitlines():
        if line.startswith("RSS"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(out.stderr[-2000:])


def bench_memory(db_url: str, tmp: Path) -> None:
    """The GUI process alone, showing the ledger of the large database, beside a bare window."""
    env = installed_env(
        ANCHA_BENCH_EXIT="1",
        ANCHA_BENCH_PAGE="2",  # the ledger: the page that reads the most
        XDG_CONFIG_HOME=str(tmp / "config"),  # fresh settings: no remembered page or filters
        ANCHA_HOME=str(tmp / "home-memory"),  # its own catalog cache, not another checkout's
    )
    # as after any first start: the catalog's cache written (else each start parses the YAML)
    subprocess.run(
        [sys.executable, "-c", "from app.services import catalog_cache; catalog_cache.load()"],
        check=True,
        env=env,
        cwd=ROOT,
    )
    ours = statistics.median(
        _peak_rss_mb([sys.executable, "-m", "app", "--db", db_url], env) for _ in range(3)
    )
    bare = statistics.median(_peak_rss_mb([sys.executable, "-c", BARE_WINDOW], env) for _ in range(3))
    add("图形界面峰值内存（台账页，大库）/ GUI peak RSS, ledger, large db", ours, bare, "≤ 2.2x", unit="MB")


# --- database -------------------------------------------------------------------------------


def bench_create(tmp: Path, runs: int) -> None:
    from app.services import demo
    from app.services.workspace import Workspace

    def create() -> None:
        path = tmp / "demo-bench.db"
        for p in tmp.glob("demo-bench.db*"):
            p.unlink()
        ws = Workspace(f"sqlite:///{path.as_posix()}")
        demo.fill(ws)
        ws.close()

    def migrate_only() -> None:
        path = tmp / "empty-bench.db"
        for p in tmp.glob("empty-bench.db*"):
            p.unlink()
        Workspace(f"sqlite:///{path.as_posix()}").close()

    add("新建数据库并迁移 / create + migrate empty db", median_ms(migrate_only, runs))
    add("演示数据库生成 / demo database (create, migrate, fill)", median_ms(create, runs))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="realistic scale only, 3 runs")
    ap.add_argument("--keep", type=Path, default=None, help="keep the generated databases here")
    ap.add_argument(
        "--only",
        default="",
        help="comma-separated groups to run: startup, ledger, extra, database, memory, or the first word "
        "of an extra (office, photo, package, excel, pdf, notices, notice) (default: all)",
    )
    args = ap.parse_args()
    only = {g.strip() for g in args.only.split(",") if g.strip()}

    def wanted(group: str) -> bool:
        return not only or group in only

    runs = 3 if args.quick else args.runs
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="ancha-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    scales = ["realistic"] if args.quick else ["realistic", "large"]
    urls = {}
    for scale in scales:
        u, i, f = SCALES[scale]
        path = tmp / f"{scale}.db"
        t = time.perf_counter()
        if not path.exists():
            build(path, u, i, f).dispose()
        print(f"{scale}: {u:,} units, {i:,} inspections, {f:,} findings ({time.perf_counter() - t:.1f} s)")
        urls[scale] = f"sqlite:///{path.as_posix()}"
    big = urls[scales[-1]]
    if wanted("startup"):
        print("start-up ...", flush=True)
        bench_startup(urls["realistic"], runs, tmp)
    if wanted("ledger"):
        for scale in scales:
            print(f"ledger ({scale}) ...", flush=True)
            bench_ledger(urls[scale], runs)
    EXTRA.update(_extra())
    for name in EXTRA:  # "extra" runs them all; a first word (photo, package, pdf …) runs those
        if wanted("extra") or name.split()[0] in only:
            print(f"{name} ...", flush=True)
            EXTRA[name](urls, tmp, runs)
    if wanted("database"):
        print("database ...", flush=True)
        bench_create(tmp, runs)
    if wanted("memory"):
        print("memory ...", flush=True)
        bench_memory(big, tmp)
    print()
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    headers = ("measure", "figure", "baseline", "ratio", "target")
    widths = [max(len(r[i]) for r in [headers, *ROWS]) for i in range(5)]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in ROWS:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |")
    return 0


def _extra() -> dict[str, Callable[[dict[str, str], Path, int], None]]:
    from bench import office_bench, package_bench, photos_bench, reports_bench

    return {
        "office (PostgreSQL beside SQLite)": lambda u, t, r: office_bench.run(u, t, r, add, bench_ledger),
        "photo attach": lambda u, t, r: photos_bench.attach(u, t, r, add),
        "photo print": lambda u, t, r: photos_bench.print_record(u, t, r, add),
        "photo backup": lambda u, t, r: photos_bench.backup(u, t, r, add),
        "package (a year)": lambda u, t, r: package_bench.year(u, t, r, add),
        "package (one month of the large db)": lambda u, t, r: package_bench.period(u, t, r, add),
        "excel": lambda u, t, r: reports_bench.excel(u, t, r, add),
        "pdf": lambda u, t, r: reports_bench.pdf(u, t, r, add),
        "notices": lambda u, t, r: reports_bench.notices(u, t, r, add),
        "notice corpus": lambda u, t, r: ROWS.extend(notice_corpus_rows()),
    }


def notice_corpus_rows() -> list[Row]:
    """Quality of notice import on the labelled corpus (bench/notice_corpus.py)."""
    from bench.notice_corpus import rows

    return rows()


# Further measurements: name -> fn(urls, tmp, runs).
EXTRA: dict[str, Callable[[dict[str, str], Path, int], None]] = {}

if __name__ == "__main__":
    raise SystemExit(main())
