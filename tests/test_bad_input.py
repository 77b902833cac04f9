"""Bad situations give a clear Chinese message and lose nothing."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from app.core.errors import AnchaError, ValidationError
from app.services import findings, units
from app.services.workspace import Workspace
from app.storage.db import Database
from tests.helpers import sqlite_ws


def _finding(ws: Workspace) -> findings.Finding:
    unit = units.create_unit(ws, units.UnitInput(name="测试单位"))
    return findings.create_finding(
        ws,
        findings.FindingInput(
            unit_id=unit.id, sector_id="gas", title="灶具无熄火保护", found_on=dt.date(2025, 5, 1)
        ),
    )


def test_locked_database(tmp_path: Path) -> None:
    ws = sqlite_ws(tmp_path)
    f = _finding(ws)
    locker = sqlite3.connect(ws.db.path, timeout=0)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        quick = Workspace(ws.db.url, upgrade=False)
        quick.db = Database(ws.db.url, busy_timeout_ms=100)
        with pytest.raises(AnchaError, match="被其他程序占用"):
            findings.update_finding(quick, f.id, {"responsible": "李四"})
    finally:
        locker.rollback()
        locker.close()
    assert findings.get_finding(ws, f.id).responsible is None


def test_read_only_database(tmp_path: Path) -> None:
    ws = sqlite_ws(tmp_path)
    f = _finding(ws)
    ws.close()
    ro = Workspace(f"sqlite:///file:{ws.db.path}?mode=ro&uri=true", upgrade=False)
    with pytest.raises(AnchaError, match="只读"):
        findings.update_finding(ro, f.id, {"responsible": "李四"})
    assert findings.get_finding(ro, f.id).title == "灶具无熄火保护"


def test_disk_full(tmp_path: Path) -> None:
    ws = sqlite_ws(tmp_path)
    f = _finding(ws)
    from sqlalchemy import event

    @event.listens_for(ws.db.engine, "connect")
    def tiny(conn, _rec):  # type: ignore[no-untyped-def]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count={pages}")

    with pytest.raises(AnchaError, match="磁盘空间已满"):
        findings.update_finding(ws, f.id, {"description": "很长的描述" * 800})
    event.remove(ws.db.engine, "connect", tiny)
    assert findings.get_finding(ws, f.id).description is None


def test_overlong_text_is_refused(tmp_path: Path) -> None:
    ws = sqlite_ws(tmp_path)
    f = _finding(ws)
    with pytest.raises(ValidationError, match="内容过长"):
        findings.update_finding(ws, f.id, {"measures": "措" * 5000})
    with pytest.raises(ValidationError, match="单位名称"):
        units.create_unit(ws, units.UnitInput(name="名" * 300))


def test_dates_out_of_order(tmp_path: Path) -> None:
    ws = sqlite_ws(tmp_path)
    f = _finding(ws)
    with pytest.raises(ValidationError, match="整改时限"):
        findings.update_finding(ws, f.id, {"deadline": "2025-04-01"})
    with pytest.raises(ValidationError, match="报告日期"):
        findings.update_finding(ws, f.id, {"reported_dept_on": "2025-01-01"})
    with pytest.raises(ValidationError, match="日期格式"):
        findings.update_finding(ws, f.id, {"deadline": "明天"})


def test_invalid_uscc_names_the_position(tmp_path: Path) -> None:
    ws = sqlite_ws(tmp_path)
    with pytest.raises(ValidationError, match="第18位"):
        units.create_unit(ws, units.UnitInput(name="某公司", uscc="91350100M000100Y44"))
    assert units.count_units(ws) == 0


def test_unopenable_path(tmp_path: Path) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    with pytest.raises(AnchaError):
        Workspace(f"sqlite:///{blocker}/sub/db.sqlite")
    with pytest.raises(AnchaError, match="数据库地址"):
        Database("::not a url::")
