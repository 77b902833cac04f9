"""The models and the migrations describe the same schema; the database enforces the enum codes."""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
import uuid
from dataclasses import fields
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import CheckConstraint, inspect, text, update
from sqlalchemy.exc import IntegrityError

from app.core.errors import AnchaError
from app.core.findings import FindingRecord
from app.core.inspections import InspectionLine, InspectionRecord
from app.core.photos import PhotoRecord
from app.services import doc_numbers
from app.services.workspace import Workspace
from app.storage.db import Database, head_revision
from app.storage.migrate import run_upgrade
from app.storage.models import Base, Finding, Inspection, InspectionItem, Photo
from tests.helpers import ws_fixture  # noqa: F401 - fixture


def _codes(sql: str) -> set[str]:
    return set(re.findall(r"'([^']*)'", sql))


def test_migrations_match_the_models(ws: Workspace) -> None:
    with ws.db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_check_constraints_match_the_models(ws: Workspace) -> None:
    """Alembic's compare does not look at CHECKs: compare names and codes here."""
    insp = inspect(ws.db.engine)
    for table in Base.metadata.sorted_tables:
        want = {
            c.name: _codes(str(c.sqltext))
            for c in table.constraints
            if isinstance(c, CheckConstraint) and c.name
        }
        have = {c["name"]: _codes(c["sqltext"]) for c in insp.get_check_constraints(table.name)}
        assert have == want, table.name


@pytest.mark.parametrize(
    ("table", "column", "bad"),
    [("findings", "status", "done"), ("findings", "level", "重大"), ("inspection_items", "result", "ok")],
)
def test_database_refuses_unknown_codes(ws: Workspace, table: str, column: str, bad: str) -> None:
    from app.services import checklists, findings, inspections, units

    unit = units.create_unit(ws, units.UnitInput(name="代码测试单位"))
    day = dt.date(2025, 1, 1)
    f = findings.create_finding(
        ws, findings.FindingInput(unit_id=unit.id, sector_id="gas", title="测试", found_on=day)
    )
    item = checklists.ChecklistItem(item_id=None, group="现场", text="测试项目", methods="现场查看", basis="")
    insp = inspections.start_inspection(ws, unit.id, day, "甲、乙", "gas", [item])
    row_id = f.id if table == "findings" else insp.items[0].id
    with pytest.raises(IntegrityError), ws.db.engine.begin() as conn:
        t = Base.metadata.tables[table]
        conn.execute(update(t).where(t.c.id == row_id).values({column: bad}))


def test_records_carry_every_column() -> None:
    """The plain records the services return hold every column of their table (a new column
    shows up here), the finding's search text excepted (built from the other fields)."""
    assert {f.name for f in fields(FindingRecord)} == {c.key for c in Finding.__table__.columns} - {
        "search_text"
    }
    assert {f.name for f in fields(InspectionRecord)} == {c.key for c in Inspection.__table__.columns} | {
        "unit_name",
        "items",
    }
    assert {f.name for f in fields(InspectionLine)} == {c.key for c in InspectionItem.__table__.columns}
    assert {f.name for f in fields(PhotoRecord)} == {c.key for c in Photo.__table__.columns}


def test_head_is_read_from_the_scripts() -> None:
    from app.storage.migrate import head

    assert head_revision() == head()
    versions = Path(__file__).resolve().parents[1] / "app" / "storage" / "migrations" / "versions"
    newest = max(p.name for p in versions.glob("[0-9]*.py"))
    assert newest.startswith(head_revision())


def test_counters_move_out_of_settings(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{(tmp_path / 'old.db').as_posix()}")
    run_upgrade(db.engine, "0005")
    with db.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO settings (key, value) VALUES ('docno.order.2025', '7'), ('office', '局')")
        )
    assert db.upgrade()
    with db.session() as s:
        assert doc_numbers.last_issued(s, "order", 2025) == 7
        assert doc_numbers.allocate(s, "order", 2025) == 8
        assert s.execute(text("SELECT COUNT(*) FROM settings")).scalar() == 1
    db.dispose()


def test_upgrade_keeps_rows_that_other_tables_point_to(tmp_path: Path) -> None:
    """SQLite rebuilds a table to add its CHECKs; findings and photos point at the rebuilt rows."""
    db = Database(f"sqlite:///{(tmp_path / 'full.db').as_posix()}")
    run_upgrade(db.engine, "0005")
    unit, insp, item, finding = (uuid.uuid4() for _ in range(4))
    now = dt.datetime(2025, 1, 1, 8, 0)
    with db.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO units (id, name, created_at, updated_at) VALUES (:id, '甲厂', :t, :t)"),
            {"id": unit.hex, "t": now},
        )
        conn.execute(
            text(
                "INSERT INTO inspections (id, unit_id, date, inspectors, sector_id, created_at, updated_at) "
                "VALUES (:id, :u, '2025-01-01', '[]', 'gas', :t, :t)"
            ),
            {"id": insp.hex, "u": unit.hex, "t": now},
        )
        conn.execute(
            text(
                "INSERT INTO inspection_items (id, inspection_id, position, text, criteria, result, "
                "updated_at) VALUES (:id, :i, 1, '管道', '[]', 'fail', :t)"
            ),
            {"id": item.hex, "i": insp.hex, "t": now},
        )
        conn.execute(
            text(
                "INSERT INTO findings (id, unit_id, inspection_id, inspection_item_id, sector_id, title, "
                "level, status, discovery, found_on, created_at, updated_at) VALUES (:id, :u, :i, :ii, "
                "'gas', '锈蚀', 'major', 'pending', 'inspection', '2025-01-01', :t, :t)"
            ),
            {"id": finding.hex, "u": unit.hex, "i": insp.hex, "ii": item.hex, "t": now},
        )
    assert db.upgrade() and db.current_revision() == head_revision()
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT result FROM inspection_items")).scalar() == "fail"
        assert conn.execute(text("SELECT inspection_item_id FROM findings")).scalar() == item.hex
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
    db.dispose()


def test_a_failed_upgrade_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    """Migration 0006 refuses unknown codes after it has rebuilt findings: all of it is undone."""
    db = Database(f"sqlite:///{(tmp_path / 'bad.db').as_posix()}")
    run_upgrade(db.engine, "0005")
    unit, insp = uuid.uuid4(), uuid.uuid4()
    now = dt.datetime(2025, 1, 1, 8, 0)
    with db.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO units (id, name, created_at, updated_at) VALUES (:id, '乙厂', :t, :t)"),
            {"id": unit.hex, "t": now},
        )
        conn.execute(
            text(
                "INSERT INTO inspections (id, unit_id, date, inspectors, sector_id, created_at, updated_at) "
                "VALUES (:id, :u, '2025-01-01', '[]', 'gas', :t, :t)"
            ),
            {"id": insp.hex, "u": unit.hex, "t": now},
        )
        conn.execute(
            text(
                "INSERT INTO inspection_items (id, inspection_id, position, text, criteria, result, "
                "updated_at) VALUES (:id, :i, 1, '管道', '[]', '合格', :t)"
            ),
            {"id": uuid.uuid4().hex, "i": insp.hex, "t": now},
        )
    with pytest.raises(AnchaError, match="inspection_items"):
        db.upgrade()
    assert db.current_revision() == "0005"
    with db.engine.connect() as conn:
        tables = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
        sql = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name='findings'").scalar()
    assert "document_counters" not in tables and not any(t.startswith("_alembic_tmp") for t in tables)
    assert "ck_findings_status" not in sql
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE inspection_items SET result = 'pass'"))
    assert db.upgrade() and db.current_revision() == head_revision()  # fixed: it goes through
    db.dispose()


def test_concurrent_writers_get_distinct_numbers(ws: Workspace) -> None:
    """Two writers allocate at once, each holding its transaction open a moment: no duplicates."""
    per_writer = 25
    got: list[list[int]] = [[], []]
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def writer(out: list[int]) -> None:
        try:
            start.wait()
            for _ in range(per_writer):
                with ws.db.session() as s:
                    out.append(doc_numbers.allocate(s, "order", 2026))
                    time.sleep(0.002)  # widen the window a read-modify-write would lose in
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(g,)) for g in got]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    numbers = got[0] + got[1]
    assert sorted(numbers) == list(range(1, 2 * per_writer + 1))
    with ws.db.session() as s:
        assert doc_numbers.last_issued(s, "order", 2026) == 2 * per_writer
        assert doc_numbers.allocate(s, "review", 2026) == 1  # each kind counts on its own


def test_a_rolled_back_allocation_is_not_used_up(ws: Workspace) -> None:
    with pytest.raises(RuntimeError), ws.db.session() as s:
        assert doc_numbers.allocate(s, "order", 2026) == 1
        raise RuntimeError("the document could not be written")
    with ws.db.session() as s:
        assert doc_numbers.allocate(s, "order", 2026) == 1
