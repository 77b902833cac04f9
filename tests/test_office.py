"""The shared office database: several processes on one database at once.

Each test runs on SQLite (two or more processes on one file) and, with ANCHA_TEST_PG, on
PostgreSQL. Workers are real processes (multiprocessing, spawn) using the services.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from app.core.errors import ConflictError, TransitionError
from app.core.findings import STATUS_LABELS, TRANSITIONS, Action, Status
from app.services import findings, units
from app.services.workspace import Workspace
from app.storage import audit
from app.storage.models import AuditEntry, Finding
from tests import office_workers
from tests.conftest import TEST_CATALOG
from tests.helpers import BACKENDS, PG_URL, reset_pg

LABEL_TO_STATUS = {label: st for st, label in STATUS_LABELS.items()}


def _url(backend: str, tmp_path: Path) -> str:
    if backend == "postgres":
        if not PG_URL:
            pytest.skip("PostgreSQL not available (set ANCHA_TEST_PG)")
        reset_pg(PG_URL)
        return PG_URL
    return f"sqlite:///{(tmp_path / 'office.db').as_posix()}"


@pytest.fixture(name="shared", params=BACKENDS)
def shared_fixture(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Workspace]]:
    """A migrated database several processes can open, with the URL to give them."""
    url = _url(request.param, tmp_path)
    ws = Workspace(url, catalog_root=TEST_CATALOG, upgrade=False)
    ws.db.upgrade()
    yield url, ws
    ws.close()


def _findings(ws: Workspace, n: int) -> list[str]:
    unit = units.create_unit(ws, units.UnitInput(name="沁水县老味道饭店"))
    ids = []
    for i in range(n):
        f = findings.create_finding(
            ws,
            findings.FindingInput(
                unit_id=unit.id, sector_id="gas", title=f"隐患{i}", found_on=dt.date(2026, 3, 1)
            ),
        )
        ids.append(str(f.id))
    return ids


def _run(fn: object, args: list[tuple[object, ...]]) -> list[dict[str, int]]:
    ctx = mp.get_context("spawn")
    with ctx.Pool(len(args)) as pool:
        return pool.starmap(fn, args)  # type: ignore[arg-type]


@pytest.mark.parametrize("use_base", [False, True])
def test_no_lifecycle_move_from_a_stale_status(shared: tuple[str, Workspace], use_base: bool) -> None:
    url, ws = shared
    ids = _findings(ws, 4)
    results = _run(office_workers.lifecycle_worker, [(url, ids, 25, seed, use_base) for seed in range(3)])
    assert sum(r["done"] for r in results) > 0
    # the stale reads really raced: some moves were refused
    assert sum(r["refused"] + r["conflicts"] for r in results) > 0
    if use_base:
        assert sum(r["conflicts"] for r in results) > 0
    with ws.db.session() as s:
        moves: dict[str, list[AuditEntry]] = defaultdict(list)
        for e in s.execute(
            select(AuditEntry).where(AuditEntry.field == "status").order_by(AuditEntry.seq)
        ).scalars():
            moves[str(e.entity_id)].append(e)
        for fid in ids:
            status = Status.PENDING
            for e in moves[fid]:
                old, new = LABEL_TO_STATUS[e.old], LABEL_TO_STATUS[e.new]
                assert old is status, (
                    f"move {e.action} recorded from {e.old} while the hazard was {status.label}"
                )
                assert TRANSITIONS[(old, Action(e.action))] is new
                status = new
            f = s.get(Finding, __import__("uuid").UUID(fid))
            assert f is not None and Status(f.status) is status
            assert (f.closed_on is not None) == (status is Status.CLOSED)
        _count, broken = audit.verify(s)
        assert broken is None


@pytest.mark.parametrize("use_base", [False, True])
def test_audit_old_values_follow_the_row(shared: tuple[str, Workspace], use_base: bool) -> None:
    url, ws = shared
    ids = _findings(ws, 2)
    results = _run(office_workers.edit_worker, [(url, ids, 20, seed, use_base) for seed in range(3)])
    if use_base:
        assert sum(r["conflicts"] for r in results) > 0
    with ws.db.session() as s:
        for fid in ids:
            import uuid

            entries = [e for e in audit.history(s, uuid.UUID(fid)) if e.field == "location"]
            assert entries
            prev = None
            for e in entries:
                assert e.old == prev, f"old value {e.old!r} but the field held {prev!r}"
                prev = e.new
            f = s.get(Finding, uuid.UUID(fid))
            assert f is not None and f.location == prev
            assert prev is not None and prev in (f.search_text or "")  # derived column kept current


def test_conflicting_save_is_refused_and_says_who(tmp_path: Path) -> None:
    url = f"sqlite:///{(tmp_path / 'c.db').as_posix()}"
    a = Workspace(url, catalog_root=TEST_CATALOG)
    b = Workspace(url, catalog_root=TEST_CATALOG)
    a.user, b.user = "张三", "李四"
    fid = __import__("uuid").UUID(_findings(a, 1)[0])
    seen_by_b = findings.get_finding(b, fid)
    findings.update_finding(a, fid, {"measures": "更换软管"}, base={"measures": None})
    with pytest.raises(ConflictError) as err:
        findings.update_finding(b, fid, {"measures": "加装报警器"}, base={"measures": seen_by_b.measures})
    assert "整改措施" in str(err.value) and "张三" in str(err.value) and "更换软管" in str(err.value)
    assert findings.get_finding(b, fid).measures == "更换软管"
    # a different field is not a conflict
    findings.update_finding(b, fid, {"location": "后厨"}, base={"location": None, "status": "pending"})
    findings.transition(a, fid, Action.START)
    with pytest.raises(ConflictError) as err:
        findings.transition(b, fid, Action.START, expected_status=seen_by_b.status)
    assert "张三" in str(err.value) and "整改中" in str(err.value)
    with pytest.raises(TransitionError):  # without the expected status: the rule on the current row
        findings.transition(b, fid, Action.START)
    a.close()
    b.close()


def _inspection(ws: Workspace) -> str:
    from app.services import checklists, inspections

    unit = units.create_unit(ws, units.UnitInput(name="沁水县燃气公司"))
    items = checklists.build(ws.catalog, "gas", None)[:2]
    insp = inspections.start_inspection(ws, unit.id, dt.date(2026, 1, 2), "李明、王强", "gas", items)
    return str(insp.id)


@pytest.mark.slow  # four worker processes printing 24 documents
def test_document_numbers_unique_under_simultaneous_printing(
    shared: tuple[str, Workspace], tmp_path: Path
) -> None:
    from app.services import doc_numbers

    url, ws = shared
    insp = _inspection(ws)
    per, workers = 6, 4
    got = _run(office_workers.number_worker, [(url, insp, per, seed) for seed in range(workers)])
    numbers = [n for batch in got for n in batch]
    assert len(numbers) == len(set(numbers)) == per * workers
    entries = doc_numbers.document_register(ws, 2027, "order")
    assert sorted(e.number for e in entries) == sorted(numbers)
    assert sorted(e.seq for e in entries) == list(range(1, per * workers + 1))  # no gap, no repeat
    assert {e.unit_name for e in entries} == {"沁水县燃气公司"}
    if ws.db.is_sqlite:
        assert {e.issued_by for e in entries} == {f"printer{i}" for i in range(workers)}
    out = tmp_path / "文书台账.xlsx"
    assert doc_numbers.export_register(ws, out, 2027) == per * workers
    from openpyxl import load_workbook

    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[1][0] == "文书编号" and {r[0] for r in rows[2 : 2 + per * workers]} == set(numbers)
