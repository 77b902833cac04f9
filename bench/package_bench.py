"""A year's package (issue 21): export, import into a database that has it and into an empty
one, and a one-month export from the large database, each beside a bare baseline.

The year is scaled: 12,000 findings with 4,000 generated photos (a real year has about 40,000
findings). The photos are 1600×1200 camera-like JPEGs of about 0.55 MB (eight pictures made
distinct by a comment segment); phones' originals are 3–5 MB, and the work of both sides of
each comparison grows with the bytes alike.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import random
import shutil
import sqlite3
import statistics
import sys
import time
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

YEAR = {"units": 1_000, "inspections": 4_000, "findings": 12_000, "photos": 4_000}
PHOTO_SIZE = (1600, 1200)
TABLES = ["units", "inspections", "inspection_items", "findings", "photos"]


# --- the year's database ----------------------------------------------------------------------


def _base_photos(n: int = 8) -> list[bytes]:
    from PIL import Image

    out = []
    for i in range(n):
        small = Image.linear_gradient("L").resize((160, 120))
        bands = (small, small.rotate(90).resize(small.size), Image.effect_noise((160, 120), 60))
        base = Image.merge("RGB", bands).resize(PHOTO_SIZE, Image.Resampling.BILINEAR)
        noise = Image.effect_noise(PHOTO_SIZE, 24 + i).convert("RGB")
        pic = Image.blend(base, noise, 0.35)
        exif = Image.Exif()
        exif.get_ifd(0x8769)[0x9003] = f"2026:06:{1 + i:02d} 09:00:00"  # DateTimeOriginal
        buf = io.BytesIO()
        pic.save(buf, "JPEG", quality=88, exif=exif)
        out.append(buf.getvalue())
    return out


def _unique(jpeg: bytes, i: int) -> bytes:
    note = f"ancha bench photo {i}".encode()
    return jpeg[:2] + b"\xff\xfe" + (len(note) + 2).to_bytes(2, "big") + note + jpeg[2:]


def build_year(path: Path) -> str:
    """A migrated SQLite database with a year of valid records, photos and a hash-chained log."""
    import hashlib

    from sqlalchemy import insert

    from app.services.demo import demo_uscc
    from app.services.photos import photos_dir
    from app.services.workspace import Workspace
    from app.storage import audit
    from app.storage.models import Finding, Inspection, InspectionItem, Photo, Unit, search_text_of
    from bench.datagen import HAZARDS, KINDS, SECTORS, TOWNS

    url = f"sqlite:///{path.as_posix()}"
    done = path.with_suffix(".ready")
    if done.exists():
        return url
    for p in path.parent.glob(f"{path.stem}*"):
        shutil.rmtree(p) if p.is_dir() else p.unlink()
    ws = Workspace(url)
    rnd = random.Random(21)
    start = dt.date(2025, 1, 1)
    stamp = dt.datetime(2025, 12, 31, 18, 0)
    units: list[dict[str, Any]] = [
        {
            "id": uuid.uuid4(),
            "name": f"沁水县{rnd.choice(TOWNS)}{i:05d}{rnd.choice(KINDS)}",
            "uscc": demo_uscc(200_000 + i),
            "address": f"沁水县{rnd.choice(TOWNS)}{rnd.randint(1, 300)}号",
            "principal": f"负责人{i}",
            "sector_id": rnd.choice(SECTORS),
            "created_at": stamp,
            "updated_at": stamp,
        }
        for i in range(YEAR["units"])
    ]
    insps: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    finds: list[dict[str, Any]] = []
    log: list[dict[str, Any]] = []
    for _ in range(YEAR["inspections"]):
        u = rnd.choice(units)
        day = start + dt.timedelta(days=rnd.randint(0, 364))
        at = dt.datetime.combine(day, dt.time(9))
        iid = uuid.uuid4()
        insps.append(
            {
                "id": iid,
                "unit_id": u["id"],
                "date": day,
                "inspectors": ["李明", "王强"],
                "sector_id": u["sector_id"],
                "place": u["address"],
                "created_by": "李明",
                "created_at": at,
                "updated_at": at,
            }
        )
        log.append(
            {
                "entity": "inspection",
                "entity_id": iid,
                "action": "create",
                "by": "李明",
                "new": "3项",
                "at": at,
            }
        )
        for pos in range(1, 4):
            item = {
                "id": uuid.uuid4(),
                "inspection_id": iid,
                "position": pos,
                "group": "设施设备",
                "text": rnd.choice(HAZARDS),
                "methods": "现场查看",
                "basis": "同政发〔2025〕1号 第37条",
                "criteria": [],
                "result": "fail",
                "updated_at": at,
            }
            items.append(item)
            log.append(
                {
                    "entity": "inspection_item",
                    "entity_id": item["id"],
                    "action": "update",
                    "by": "李明",
                    "field": "result",
                    "old": "unchecked",
                    "new": "fail",
                    "at": at,
                }
            )
    for n in range(YEAR["findings"]):
        item = items[n % len(items)]
        insp = insps[(n % len(items)) // 3]
        found = insp["date"]
        at = dt.datetime.combine(found, dt.time(10))
        major = rnd.random() < 0.05
        status = rnd.choice(
            ["pending", "in_progress"] if major else ["pending", "in_progress", "awaiting", "closed"]
        )
        title = item["text"]
        rec = {
            "id": uuid.uuid4(),
            "unit_id": insp["unit_id"],
            "inspection_id": insp["id"],
            "inspection_item_id": item["id"],
            "sector_id": insp["sector_id"],
            "title": title,
            "location": rnd.choice(["厨房", "配电室", "仓库", "井下", "停车场"]),
            "level": "major" if major else "general",
            "status": status,
            "discovery": "inspection",
            "found_on": found,
            "found_by": "李明、王强",
            "deadline": found + dt.timedelta(days=rnd.choice([7, 15, 30, 60])),
            "responsible": f"责任人{rnd.randint(1, 999)}",
            "measures": "立即整改，落实专人负责",
            "created_at": at,
            "updated_at": at,
        }
        if status == "closed":
            rec.update(
                accepted_by="张华",
                accepted_on=found + dt.timedelta(days=20),
                closed_on=found + dt.timedelta(days=20),
            )
        finds.append(rec)
        fid = rec["id"]
        log.append(
            {
                "entity": "finding",
                "entity_id": fid,
                "action": "create",
                "by": "李明",
                "new": f"一般隐患：{title}",
                "at": at,
            }
        )
        for k in ("responsible", "deadline", "measures"):
            log.append(
                {
                    "entity": "finding",
                    "entity_id": fid,
                    "action": "update",
                    "by": "李明",
                    "field": k,
                    "new": rec[k],
                    "at": at,
                }
            )
        if status != "pending":
            log.append(
                {
                    "entity": "finding",
                    "entity_id": fid,
                    "action": "start",
                    "by": "李明",
                    "field": "status",
                    "old": "待整改",
                    "new": "整改中",
                    "at": at,
                }
            )
    # photos: files in the store, rows on every third finding
    folder = photos_dir(ws)
    folder.mkdir(parents=True, exist_ok=True)
    bases = _base_photos()
    pics: list[dict[str, Any]] = []
    for i in range(YEAR["photos"]):
        raw = _unique(bases[i % len(bases)], i)
        digest = hashlib.sha256(raw).hexdigest()
        (folder / f"{digest}.jpg").write_bytes(raw)
        f = finds[(i * 3) % len(finds)]
        pics.append(
            {
                "id": uuid.uuid4(),
                "finding_id": f["id"],
                "file_name": f"{digest}.jpg",
                "original_name": f"IMG_{i:05d}.jpg",
                "sha256": digest,
                "width": PHOTO_SIZE[0],
                "height": PHOTO_SIZE[1],
                "created_at": f["created_at"],
            }
        )
        log.append(
            {
                "entity": "finding",
                "entity_id": f["id"],
                "action": "photo",
                "by": "李明",
                "field": "photo",
                "new": f"IMG_{i:05d}.jpg",
                "at": f["created_at"],
            }
        )
    names = {u["id"]: u["name"] for u in units}
    for f in finds:
        f["unit_name"] = names[f["unit_id"]]
        f["search_text"] = search_text_of(f)
    log.sort(key=lambda e: e["at"])
    with ws.db.session() as s:
        for model, rows in (
            (Unit, units),
            (Inspection, insps),
            (InspectionItem, items),
            (Finding, finds),
            (Photo, pics),
        ):
            for i in range(0, len(rows), 5000):
                s.execute(insert(model), rows[i : i + 5000])
        audit.begin_write(s)
        audit.append_many(s, log)
    ws.close()
    done.write_text("ok")
    return url


# --- baselines ------------------------------------------------------------------------------------


def _bare_rows(conn: sqlite3.Connection, sql: str, args: Any = ()) -> list[dict[str, Any]]:
    cur = conn.execute(sql, args)
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur]


def bare_export(db: Path, photo_dir: Path, out: Path) -> None:
    """sqlite3 + json + zipfile: every record dumped as JSON (deflated), the photos stored."""
    conn = sqlite3.connect(db)
    data = {t: _bare_rows(conn, f"SELECT * FROM {t}") for t in TABLES}
    data["audit"] = _bare_rows(conn, "SELECT * FROM audit_log ORDER BY seq")
    names = [p["file_name"] for p in data["photos"]]
    conn.close()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("data.json", json.dumps(data, ensure_ascii=False), zipfile.ZIP_DEFLATED)
        for n in names:
            z.write(photo_dir / n, f"photos/{n}", zipfile.ZIP_STORED)


def bare_read(path: Path) -> None:
    """zipfile + json: every entry read (and its CRC checked), every record line parsed."""
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            with z.open(info) as fh:
                if info.filename.endswith(".jsonl"):
                    for line in fh:
                        json.loads(line)
                else:
                    while fh.read(1 << 20):
                        pass


_INSP = "SELECT id FROM inspections WHERE date BETWEEN :lo AND :hi"
_FIND = (
    f"SELECT id FROM findings WHERE inspection_id IN ({_INSP})"
    " OR (inspection_id IS NULL AND found_on BETWEEN :lo AND :hi)"
)
_ITEM = f"SELECT id FROM inspection_items WHERE inspection_id IN ({_INSP})"
_UNIT = (
    "SELECT id FROM units WHERE id IN (SELECT unit_id FROM inspections WHERE date BETWEEN :lo AND :hi)"
    f" OR id IN (SELECT unit_id FROM findings WHERE id IN ({_FIND}))"
)
_PHOTO = f"SELECT id FROM photos WHERE inspection_item_id IN ({_ITEM}) OR finding_id IN ({_FIND})"
PERIOD_SQL = {
    "units": f"SELECT * FROM units WHERE id IN ({_UNIT})",
    "inspections": "SELECT * FROM inspections WHERE date BETWEEN :lo AND :hi",
    "inspection_items": f"SELECT * FROM inspection_items WHERE id IN ({_ITEM})",
    "findings": f"SELECT * FROM findings WHERE id IN ({_FIND})",
    "photos": f"SELECT * FROM photos WHERE id IN ({_PHOTO})",
    "audit": "SELECT * FROM audit_log WHERE entity_id IN "
    f"({_UNIT} UNION ALL {_INSP} UNION ALL {_ITEM} UNION ALL {_FIND} UNION ALL {_PHOTO}) ORDER BY seq",
}


def bare_period(db: Path, lo: str, hi: str, out: Path) -> None:
    """The SQL-filtered dump: sqlite3 selects the month's rows, json writes them."""
    conn = sqlite3.connect(db)
    data: dict[str, Any] = {}
    for key, sql in PERIOD_SQL.items():
        data[key] = _bare_rows(conn, sql, {"lo": lo, "hi": hi})
    conn.close()
    out.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")


# --- measuring ---------------------------------------------------------------------------------


def _timed(fn: Callable[[], object], runs: int, before: Callable[[], object] | None = None) -> float:
    times = []
    for _ in range(runs):
        if before:
            before()
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def _cli_peak_mb(args: list[str], env: dict[str, str]) -> float:
    """Peak RSS of `python -m app ARGS` alone (run.py's wrapper: the figure is that process's)."""
    from bench.run import _peak_rss_mb

    return _peak_rss_mb([sys.executable, "-m", "app", *args], env)


def year(urls: dict[str, str], tmp: Path, runs: int, add: Any) -> None:
    from app.services import packages
    from app.services.photos import photos_dir
    from app.services.workspace import Workspace

    runs = max(1, min(runs, 3))
    t = time.perf_counter()
    url = build_year(tmp / "year.db")
    print(
        f"  year: {YEAR} ({time.perf_counter() - t:.0f} s to build, scaled from ~40,000 findings)", flush=True
    )
    ws = Workspace(url)
    pkg, bare = tmp / "year-package.zip", tmp / "year-bare.zip"
    base = _timed(lambda: bare_export(tmp / "year.db", photos_dir(ws), bare), runs)
    ours = _timed(lambda: packages.export_package(ws, pkg, overwrite=True), runs)
    size = pkg.stat().st_size / 2**30
    add(
        f"数据包导出 一年（缩小：{YEAR['findings']:,} 隐患、{YEAR['photos']:,} 照片，{size:.1f} GB）/ export",
        ours,
        base,
        "≤ 1.3x",
    )
    read = _timed(lambda: bare_read(pkg), runs)
    has_it = _timed(lambda: packages.import_package(ws, pkg), runs)
    add("数据包导入 到已有这些数据的库 / import into a db that has it", has_it, read, "≤ 2x")
    ws.close()

    empty_tpl = tmp / "year-empty-template.db"
    if not empty_tpl.exists():
        Workspace(f"sqlite:///{empty_tpl.as_posix()}").close()
    target = tmp / "year-empty.db"

    def fresh() -> None:
        for p in tmp.glob("year-empty.db*"):
            p.unlink()
        shutil.rmtree(tmp / "year-empty-files", ignore_errors=True)
        shutil.copy(empty_tpl, target)

    def into_empty() -> None:
        w = Workspace(f"sqlite:///{target.as_posix()}")
        packages.import_package(w, pkg)
        w.close()

    empty = _timed(into_empty, runs, fresh)
    add("数据包导入 到空库 / import into an empty db", empty, read, "≤ 3x")
    env = {**os.environ, "ANCHA_HOME": str(tmp / "home")}
    fresh()
    peak_imp = _cli_peak_mb(["--db", f"sqlite:///{target.as_posix()}", "package", "import", str(pkg)], env)
    peak_exp = _cli_peak_mb(["--db", url, "package", "export", "-o", str(pkg), "--force"], env)
    add("  导出峰值内存 / export peak RSS", peak_exp, None, "≤ 300 MB", unit="MB")
    add("  导入峰值内存（空库）/ import peak RSS, empty db", peak_imp, None, "≤ 300 MB", unit="MB")
    fresh()
    shutil.rmtree(tmp / "year-empty-files", ignore_errors=True)
    bare.unlink(missing_ok=True)


def period(urls: dict[str, str], tmp: Path, runs: int, add: Any) -> None:
    from app.services import packages
    from app.services.workspace import Workspace

    url = urls.get("large") or urls["realistic"]
    db = Path(url.removeprefix("sqlite:///"))
    conn = sqlite3.connect(db)
    newest = conn.execute("SELECT max(date) FROM inspections").fetchone()[0]
    total = conn.execute("SELECT count(*) FROM findings").fetchone()[0]
    conn.close()
    month = dt.date.fromisoformat(newest).replace(day=1) - dt.timedelta(days=150)
    lo = month.replace(day=1)
    hi = (lo + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    ws = Workspace(url)
    out = tmp / "period.zip"
    base = _timed(lambda: bare_period(db, lo.isoformat(), hi.isoformat(), tmp / "period-bare.json"), runs)
    ours = _timed(lambda: packages.export_package(ws, out, lo, hi, overwrite=True), runs)
    ws.close()
    add(f"数据包导出 一个月（{total:,} 隐患的库）/ one-month export", ours, base, "≤ 2x")
    env = {**os.environ, "ANCHA_HOME": str(tmp / "home")}
    peak = _cli_peak_mb(
        [
            "--db",
            url,
            "package",
            "export",
            "-o",
            str(out),
            "--force",
            "--from",
            lo.isoformat(),
            "--to",
            hi.isoformat(),
        ],
        env,
    )
    add("  一个月导出峰值内存 / its peak RSS", peak, None, unit="MB")


if __name__ == "__main__":  # python -m bench.package_bench DIR: these rows alone
    import tempfile

    def _print(what: str, ms: float, base: float | None = None, target: str = "", unit: str = "ms") -> None:
        ratio = f" ({ms / base:.2f}x of {base:,.0f})" if base else ""
        print(f"{what}: {ms:,.0f} {unit}{ratio} target {target}", flush=True)

    where = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="ancha-pkg-"))
    where.mkdir(parents=True, exist_ok=True)
    urls = {}
    for scale in ("realistic", "large"):
        p = where / f"{scale}.db"
        if p.exists():
            urls[scale] = f"sqlite:///{p.as_posix()}"
    if "realistic" not in urls:
        from bench.datagen import SCALES, build

        build(where / "realistic.db", *SCALES["realistic"]).dispose()
        urls["realistic"] = f"sqlite:///{(where / 'realistic.db').as_posix()}"
    runs = int(os.environ.get("RUNS", "3"))
    year(urls, where, runs, _print)
    period(urls, where, runs, _print)
