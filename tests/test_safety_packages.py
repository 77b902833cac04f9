"""Hostile packages and two-way merges (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import func, select, text

from app.core.errors import AnchaError
from app.core.findings import Action
from app.services import findings, packages, photos, units
from app.services.workspace import Workspace
from app.storage import audit
from app.storage.models import AuditEntry, Finding, Photo, Unit
from tests.helpers import REPO, run_cli, sqlite_ws, ws_fixture  # noqa: F401 - fixture

USCC = "91350100M000100Y43"


def _finding(ws: Workspace, unit_id: Any, title: str = "液化气钢瓶未固定") -> Finding:
    return findings.create_finding(
        ws,
        findings.FindingInput(
            unit_id=unit_id, sector_id="gas", title=title, found_on=dt.date(2025, 4, 1), found_by="李明"
        ),
    )


def _laptop(tmp_path: Path, name: str) -> tuple[Workspace, Finding]:
    ws = sqlite_ws(tmp_path, f"{name}.db")
    u = units.create_unit(ws, units.UnitInput(name="沁水县老味道饭店", uscc=USCC))
    return ws, _finding(ws, u.id)


def _png(color: str = "red") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), color).save(buf, "PNG")
    return buf.getvalue()


def _counts(ws: Workspace) -> dict[str, int]:
    with ws.db.session() as s:
        return {
            m.__tablename__: s.execute(select(func.count()).select_from(m)).scalar_one()
            for m in (Unit, Finding, Photo, AuditEntry)
        }


def _rewrite(
    src: Path,
    dst: Path,
    change: Any = None,
    extra: list[tuple[str, bytes]] = (),  # type: ignore[assignment]
    fmt: int = packages.FORMAT,
) -> Path:
    """A copy of package `src` with its records changed by `change(data)` and entries added,
    written as a package of format `fmt` (1: one data.json; 2: JSON lines per kind)."""
    with zipfile.ZipFile(src) as z:
        files = {i.filename: z.read(i) for i in z.infolist()}
    if "data.json" in files:
        data = json.loads(files.pop("data.json"))
    else:
        data = {
            k: [json.loads(line) for line in files.pop(packages.records_entry(k)).splitlines()]
            for k in packages.KINDS
        }
    if change:
        change(data)
    manifest = json.loads(files["manifest.json"])
    manifest["format"] = fmt
    files["manifest.json"] = json.dumps(manifest).encode()
    if fmt == 1:
        files["data.json"] = json.dumps(data, ensure_ascii=False).encode()
    else:
        for k in packages.KINDS:
            rows = data.get(k, [])
            lines = rows if isinstance(rows, list) else [rows]
            files[packages.records_entry(k)] = "".join(
                json.dumps(r, ensure_ascii=False) + "\n" for r in lines
            ).encode()
    with zipfile.ZipFile(dst, "w") as z:
        for name, raw in files.items():
            z.writestr(name, raw)
        for name, raw in extra:
            z.writestr(name, raw)
    return dst


def _source_package(tmp_path: Path) -> Path:
    src, f = _laptop(tmp_path, "src")
    pic = tmp_path / "p.png"
    pic.write_bytes(_png())
    photos.add_photo(src, pic, finding_id=f.id)
    out = tmp_path / "src.zip"
    packages.export_package(src, out)
    src.close()
    return out


def test_photo_file_name_cannot_exfiltrate(ws: Workspace, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("机密", encoding="utf-8")
    good = _source_package(tmp_path)
    before = _counts(ws)
    for name in (str(secret), "../../secret.txt", "..\\secret.txt"):

        def change(d: dict[str, Any], name: str = name) -> None:
            d["photos"][0]["file_name"] = name

        bad = _rewrite(good, tmp_path / "bad.zip", change)
        with pytest.raises(AnchaError, match="不是本程序生成的文件名"):
            packages.import_package(ws, bad)
        assert _counts(ws) == before
    # a row that slipped in earlier (an old version, a hand-edited database) is not followed
    packages.import_package(ws, good)
    with ws.db.engine.begin() as conn:
        conn.execute(text("UPDATE photos SET file_name = :n"), {"n": str(secret)})
    out = tmp_path / "again.zip"
    report = packages.export_package(ws, out)
    assert report.skipped_photos == 1 and "跳过 1 个" in str(report)
    with zipfile.ZipFile(out) as z:
        assert not [n for n in z.namelist() if n.startswith("photos/")]
        assert all("机密" not in z.read(n).decode("utf-8", "replace") for n in z.namelist())


BAD_CHANGES: dict[str, tuple[Any, str]] = {
    "status": (lambda d: d["findings"][0].update(status="hacked"), "状态：未知的取值“hacked”"),
    "long": (lambda d: d["findings"][0].update(title="长" * 100_000), "隐患名称：内容过长"),
    "nul": (lambda d: d["units"][0].update(name="\x00"), "单位名称：不能为空"),
    "date": (lambda d: d["findings"][0].update(found_on="2025-13-45"), "发现日期：日期格式应为"),
    "far date": (
        lambda d: d["findings"][0].update(deadline="0001-01-01"),
        "整改时限：日期 0001-01-01 不在合理范围",
    ),
    "lifecycle": (lambda d: d["findings"][0].update(status="closed"), "已销号，但未填写验收人"),
    "reference": (
        lambda d: d["findings"][0].update(inspection_id="6f1e1f6e-8d5b-4b0e-9a53-000000000009"),
        "引用的检查（6f1e1f6e）既不在数据包中",
    ),
    "duplicate id": (lambda d: d["findings"].append(dict(d["findings"][0])), "编号重复"),
    "audit entity": (lambda d: d["audit"][0].update(entity="users"), "未知的记录类型"),
    "not a list": (lambda d: d.update(findings={"a": 1}), "应为列表"),  # format 1
    "not an object": (lambda d: d["findings"].append([1, 2]), "第2条隐患记录格式错误"),
}


@pytest.mark.parametrize("fmt", [1, 2])
@pytest.mark.parametrize("case", list(BAD_CHANGES))
def test_invalid_package_refused_with_nothing_written(
    ws: Workspace, tmp_path: Path, case: str, fmt: int
) -> None:
    if case == "not a list" and fmt == 2:
        pytest.skip("format 2 has no lists: one record per line")
    good = _source_package(tmp_path)
    change, message = BAD_CHANGES[case]
    bad = _rewrite(good, tmp_path / "bad.zip", change, fmt=fmt)
    before = _counts(ws), _files(ws)
    with pytest.raises(AnchaError) as exc:
        packages.import_package(ws, bad)
    assert message in str(exc.value) and "\n" not in str(exc.value)
    assert (_counts(ws), _files(ws)) == before


def _files(ws: Workspace) -> set[Path]:
    folder = photos.photos_dir(ws)
    return set(folder.iterdir()) if folder.exists() else set()


def test_hostile_archive_entries_refused(ws: Workspace, tmp_path: Path) -> None:
    good = _source_package(tmp_path)
    before = _counts(ws), _files(ws)
    bat = b"@echo off\r\nformat c:\r\n"
    cases = [
        ([("run.bat", bat)], "不属于数据包的文件“run.bat”"),
        ([(f"photos/{hashlib.sha256(bat).hexdigest()}.jpg", bat)], "不是有效的图片"),
        ([(f"photos/{'0' * 64}.png", _png())], "内容与文件名不符"),
        ([("manifest.json", b"{}")], "出现了两次"),
        ([("data.json", b"{}")], "不属于数据包的文件“data.json”"),  # format 1's records in format 2
    ]
    gif = io.BytesIO()
    Image.new("RGB", (4, 4)).save(gif, "GIF")
    cases.append(
        ([(f"photos/{hashlib.sha256(gif.getvalue()).hexdigest()}.png", gif.getvalue())], "与扩展名不符")
    )
    for extra, message in cases:
        bad = _rewrite(good, tmp_path / "bad.zip", None, extra)
        with pytest.raises(AnchaError, match=message):
            packages.import_package(ws, bad)
    assert (_counts(ws), _files(ws)) == before


def test_merge_both_ways_keeps_closure_and_both_edits(ws: Workspace, tmp_path: Path) -> None:
    a, fa = _laptop(tmp_path, "a")
    b = sqlite_ws(tmp_path, "b.db")
    first = tmp_path / "first.zip"
    packages.export_package(a, first)
    packages.import_package(b, first)
    # laptop A: 五落实 edit, then 整改 → 验收 → 销号
    findings.update_finding(a, fa.id, {"funds": "5000元"})
    findings.transition(a, fa.id, Action.START)
    findings.transition(a, fa.id, Action.SUBMIT)
    findings.transition(a, fa.id, Action.ACCEPT, {"accepted_by": "张华", "accepted_on": "2025-04-20"})
    # laptop B, later, edits only the 部位
    findings.update_finding(b, fa.id, {"location": "后厨东侧"})
    pa, pb = tmp_path / "a.zip", tmp_path / "b.zip"
    packages.export_package(a, pa)
    packages.export_package(b, pb)
    ra = packages.import_package(a, pb)
    rb = packages.import_package(b, pa)
    packages.import_package(ws, pb)
    packages.import_package(ws, pa)  # the other order into a third database
    rows = [findings.get_finding(w, fa.id) for w in (a, b, ws)]
    for f in rows:
        assert f.status == "closed" and f.accepted_by == "张华" and f.closed_on == dt.date(2025, 4, 20)
        assert f.location == "后厨东侧" and f.funds == "5000元"
    fields = [
        c.key for c in Finding.__table__.columns if c.key not in ("created_at", "updated_at", "search_text")
    ]
    assert len({tuple(getattr(f, k) for k in fields) for f in rows}) == 1  # converged
    assert "采用数据包中较新的值" in str(ra) and "采用数据包中较新的值" in str(rb)
    for w in (a, b, ws):
        with w.db.session() as s:
            assert audit.check(s).ok
    # importing again changes nothing
    before = _counts(ws)
    assert packages.import_package(ws, pa).changed == 0 and _counts(ws) == before
    a.close()
    b.close()


def test_closed_hazard_not_reopened_by_a_later_edit(tmp_path: Path) -> None:
    a, fa = _laptop(tmp_path, "a")
    b = sqlite_ws(tmp_path, "b.db")
    first = tmp_path / "first.zip"
    packages.export_package(a, first)
    packages.import_package(b, first)
    for act in (Action.START, Action.SUBMIT):
        findings.transition(a, fa.id, act)
        findings.transition(b, fa.id, act)
    findings.transition(a, fa.id, Action.ACCEPT, {"accepted_by": "张华", "accepted_on": "2025-04-20"})
    findings.transition(b, fa.id, Action.REJECT)  # later, on B: back to 待整改
    pb = tmp_path / "b.zip"
    packages.export_package(b, pb)
    report = packages.import_package(a, pb)
    f = findings.get_finding(a, fa.id)
    assert f.status == "closed" and f.accepted_by == "张华"
    assert "已销号" in str(report) and "status" in str(report)
    with a.db.session() as s:
        kept = s.execute(
            select(AuditEntry).where(AuditEntry.entity_id == fa.id, AuditEntry.action == "merge")
        ).scalars()
        assert any(e.field == "status" and e.old == "pending" for e in kept)
    pa = tmp_path / "a.zip"
    packages.export_package(a, pa)
    packages.import_package(b, pa)
    assert findings.get_finding(b, fa.id).status == "closed"
    a.close()
    b.close()


def test_equal_times_converge_and_future_clock_is_flagged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, fa = _laptop(tmp_path, "a")
    b = sqlite_ws(tmp_path, "b.db")
    first = tmp_path / "first.zip"
    packages.export_package(a, first)
    packages.import_package(b, first)
    same = dt.datetime(2025, 5, 1, 8, 0, 0)
    monkeypatch.setattr(audit, "utcnow", lambda: same)
    findings.update_finding(a, fa.id, {"responsible": "甲"})
    findings.update_finding(b, fa.id, {"responsible": "乙"})
    # A's clock runs a year fast for the 部位
    monkeypatch.setattr(
        audit, "utcnow", lambda: dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=365)
    )
    findings.update_finding(a, fa.id, {"location": "未来的部位"})
    monkeypatch.undo()
    findings.update_finding(b, fa.id, {"location": "现在的部位"})
    pa, pb = tmp_path / "a.zip", tmp_path / "b.zip"
    packages.export_package(a, pa)
    packages.export_package(b, pb)
    packages.import_package(a, pb)
    rb = packages.import_package(b, pa)
    ra_f, rb_f = findings.get_finding(a, fa.id), findings.get_finding(b, fa.id)
    assert ra_f.responsible == rb_f.responsible == max("甲", "乙")  # same time: the same choice on both sides
    assert rb_f.location == "现在的部位"  # the far-future change does not win here
    assert rb.flagged and "晚于本机时间" in str(rb)
    a.close()
    b.close()


def test_cli_messages_are_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{(tmp_path / 'c.db').as_posix()}"
    env = {**os.environ, "ANCHA_HOME": str(tmp_path)}

    def run(*a: str) -> subprocess.CompletedProcess[str]:
        return run_cli("--db", url, *a, env=env)

    out = run("package", "export", "-o", str(tmp_path / "nodir" / "p.zip"))
    assert (
        out.returncode == 1
        and out.stderr.strip().startswith("错误：文件夹不存在")
        and out.stderr.count("\n") == 1
    )
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w") as z:
        z.writestr("manifest.json", '{"format": 1}')
    imp = run("package", "import", str(empty))
    assert imp.returncode == 1 and "缺少 data.json" in imp.stderr and "内部错误" not in imp.stderr


def test_foreign_key_errors_in_chinese(ws: Workspace) -> None:
    import uuid

    from app.storage.db import DatabaseUnavailable

    with pytest.raises(DatabaseUnavailable) as exc, ws.db.session() as s:
        s.add(
            Finding(
                unit_id=uuid.uuid4(),
                sector_id="gas",
                title="x",
                level="general",
                found_on=dt.date(2025, 1, 1),
            )
        )
    message = str(exc.value)
    assert "引用了不存在的记录" in message and "constraint" not in message.lower()
