from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select, text

from app.core.errors import AnchaError, TransitionError, ValidationError
from app.core.findings import Action, Level, Status
from app.core.inspections import Result
from app.services import checklists, findings, inspections, units
from app.services.workspace import Workspace
from app.storage import audit
from app.storage.db import Database, head_revision
from app.storage.migrate import config, head
from app.storage.models import AuditEntry, Finding, InspectionItem
from tests.helpers import sqlite_ws, ws_fixture  # noqa: F401 - fixture

USCC = "91350100M000100Y43"


def test_head_constant_matches_migrations_and_chain_is_linear() -> None:
    from alembic.script import ScriptDirectory

    assert head() == head_revision()
    script = ScriptDirectory.from_config(config())
    assert len(script.get_heads()) == 1
    assert len(script.get_bases()) == 1


def test_migrates_from_empty_with_safe_pragmas(tmp_path: Path) -> None:
    ws = sqlite_ws(tmp_path)
    assert ws.db.current_revision() == head_revision()
    with ws.db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master"))}
    assert {"units", "inspections", "inspection_items", "findings", "audit_log"} <= tables
    assert ws.db.upgrade() is False  # already at head: nothing to do


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    ws = sqlite_ws(tmp_path)
    with ws.db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num='9999'"))
    with pytest.raises(AnchaError, match="比本程序新"):
        Database(ws.db.url).upgrade()


def test_corrupt_file_gives_clear_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(AnchaError, match="损坏"):
        Database(f"sqlite:///{bad}").upgrade()
    assert bad.read_bytes().startswith(b"this is not")  # left untouched


def _unit(ws):  # type: ignore[no-untyped-def]
    return units.create_unit(ws, units.UnitInput(name="沁水县老味道饭店", uscc=USCC))


def test_units_reject_invalid_and_duplicate_uscc(ws: Workspace) -> None:
    _unit(ws)
    with pytest.raises(ValidationError, match="已被单位"):
        units.create_unit(ws, units.UnitInput(name="另一家", uscc=USCC))
    with pytest.raises(ValidationError, match="校验码"):
        units.create_unit(ws, units.UnitInput(name="另一家", uscc="91350100M000100Y44"))
    assert units.count_units(ws) == 1


def _inspection(ws):  # type: ignore[no-untyped-def]
    unit = _unit(ws)
    items = checklists.build(ws.catalog, "gas", None)[:5]
    insp = inspections.start_inspection(ws, unit.id, dt.date(2025, 4, 1), "李明、王强", "gas", items)
    return unit, items, insp


def test_inspection_keeps_a_frozen_copy(ws: Workspace) -> None:
    _u, items, insp = _inspection(ws)
    assert [i.text for i in insp.items] == [i.text for i in items]
    # the catalog changes later (a new wording): the record does not
    ws.catalog.items[items[0].item_id] = ws.catalog.items[items[0].item_id].__class__(
        **{**ws.catalog.items[items[0].item_id].__dict__, "text": "改写后的条文"}
    )
    again = inspections.get_inspection(ws, insp.id)
    assert again.items[0].text == items[0].text
    assert again.inspectors == ("李明", "王强")


def test_one_inspector_is_not_enough(ws: Workspace) -> None:
    unit = _unit(ws)
    items = checklists.build(ws.catalog, "gas", None)[:2]
    with pytest.raises(ValidationError, match="两名以上"):
        inspections.start_inspection(ws, unit.id, dt.date(2025, 4, 1), "李明", "gas", items)


def test_failed_item_becomes_finding_with_audit(ws: Workspace) -> None:
    _u, _items, insp = _inspection(ws)
    ii = insp.items[0]
    inspections.set_result(ws, ii.id, Result.FAIL, "报警器未通电")
    draft = inspections.finding_draft(ws, ii.id)
    # the hazard wording (or, for a line without one, the inspector's note), never 不符合 + the text
    assert draft.title == (ii.hazard or "报警器未通电") and draft.basis == ii.basis
    assert not draft.title.startswith("不符合") and draft.sector_id == "gas"
    f = findings.create_finding(ws, draft)
    assert f.status == Status.PENDING.value
    findings.update_finding(ws, f.id, {"responsible": "王经理", "deadline": "2025-04-20"})
    hist = findings.history(ws, f.id)
    assert [e.field for e in hist] == [None, "responsible", "deadline"]
    assert hist[2].old is not None and hist[2].new == "2025-04-20"
    assert all(e.by for e in hist)
    with pytest.raises(ValidationError, match="早于发现日期"):
        findings.update_finding(ws, f.id, {"deadline": "2025-03-01"})
    assert findings.get_finding(ws, f.id).deadline == dt.date(2025, 4, 20)  # nothing half-saved


def test_criterion_snapshot_is_copied_into_the_finding(ws: Workspace) -> None:
    unit = _unit(ws)
    cid = next(iter(ws.catalog.criteria))
    f = findings.create_finding(
        ws,
        findings.FindingInput(
            unit_id=unit.id,
            sector_id="gas",
            title="t",
            found_on=dt.date(2025, 1, 1),
            level=Level.MAJOR,
            criterion_id=cid,
        ),
    )
    stored = findings.get_finding(ws, f.id).criterion
    assert stored is not None and stored["criterion_id"] == cid
    assert stored["summary"] == ws.catalog.criteria[cid].summary


def test_major_hazard_closes_only_when_fully_reported(ws: Workspace) -> None:
    unit = _unit(ws)
    f = findings.create_finding(
        ws,
        findings.FindingInput(
            unit_id=unit.id,
            sector_id="gas",
            title="储罐无液位超限报警",
            found_on=dt.date(2025, 1, 1),
            level=Level.MAJOR,
        ),
    )
    findings.transition(ws, f.id, Action.START)
    findings.transition(ws, f.id, Action.SUBMIT)
    accept = {"accepted_by": "张华", "accepted_on": "2025-02-01"}
    with pytest.raises(TransitionError, match="双报告"):
        findings.transition(ws, f.id, Action.ACCEPT, accept)
    # all or nothing: the acceptance fields were not saved either
    assert findings.get_finding(ws, f.id).accepted_by is None
    findings.update_finding(
        ws,
        f.id,
        {
            "reported_dept_on": "2025-01-02",
            "reported_workers_on": "2025-01-03",
            "measures": "加装液位报警",
            "responsible": "王",
            "funds": "2万元",
            "deadline": "2025-01-30",
            "contingency": "限量储存",
        },
    )
    closed = findings.transition(ws, f.id, Action.ACCEPT, accept)
    assert closed.status == Status.CLOSED.value and closed.closed_on == dt.date(2025, 2, 1)
    with pytest.raises(ValidationError, match="已销号"):
        findings.update_finding(ws, f.id, {"funds": "3万元"})


def test_audit_log_is_append_only_and_chained(ws: Workspace) -> None:
    _u, _i, insp = _inspection(ws)
    for ii in insp.items:
        inspections.set_result(ws, ii.id, Result.PASS)
    with ws.db.session() as s:
        count, broken = audit.verify(s)
    assert count == 1 + len(insp.items) and broken is None
    with ws.db.engine.begin() as conn, pytest.raises(Exception, match="append-only"):
        conn.execute(text("UPDATE audit_log SET new='x'"))
    # someone who removes the guard and edits a row is still caught
    with ws.db.engine.begin() as conn:
        if ws.db.is_sqlite:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
        else:
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
        conn.execute(text("UPDATE audit_log SET new='篡改' WHERE seq=2"))
    with ws.db.session() as s:
        _count, broken = audit.verify(s)
    assert broken is not None and broken.seq == 2


def test_results_are_stored(ws: Workspace) -> None:
    _u, _i, insp = _inspection(ws)
    inspections.set_result(ws, insp.items[1].id, Result.NA, "无此设施")
    with ws.db.session() as s:
        row = s.execute(select(InspectionItem).where(InspectionItem.id == insp.items[1].id)).scalar_one()
        assert row.result == "na" and row.note == "无此设施"
        assert s.execute(select(AuditEntry)).first() is not None
        assert s.execute(select(Finding)).first() is None
