"""Upgrading an existing SQLite database: all or nothing, and not slowed by foreign keys."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest

from app.core.errors import AnchaError
from app.storage.db import Database, head_revision
from app.storage.migrate import run_upgrade


def _old_database(path: Path) -> Database:
    db = Database(f"sqlite:///{path.as_posix()}")
    run_upgrade(db.engine, "0005")
    con = sqlite3.connect(path)
    unit = uuid.uuid4().hex
    con.execute(
        "INSERT INTO units (id, name, created_at, updated_at)"
        " VALUES (?, '升级测试单位', '2025-01-01', '2025-01-01')",
        (unit,),
    )
    for i in range(3):
        con.execute(
            "INSERT INTO findings (id, unit_id, sector_id, title, level, status, discovery, found_on,"
            " created_at, updated_at) VALUES (?, ?, 'gas', ?, 'general', 'pending', 'inspection',"
            " '2025-01-02', '2025-01-02', '2025-01-02')",
            (uuid.uuid4().hex, unit, f"隐患{i}"),
        )
    con.commit()
    con.close()
    return db


def _tables(path: Path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        con.close()


def _version(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return str(con.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        con.close()


def test_upgrade_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "旧 数据库.db"
    db = _old_database(path)
    run_upgrade(db.engine)
    assert _version(path) == head_revision()
    con = sqlite3.connect(path)
    assert con.execute("SELECT COUNT(*) FROM findings").fetchone()[0] == 3
    assert con.execute("PRAGMA foreign_keys").fetchone()[0] == 0  # a fresh connection: off by default
    con.close()
    with db.engine.connect() as conn:  # the program's own connections still enforce them
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.engine.dispose()


def test_a_failed_upgrade_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = _old_database(path)
    con = sqlite3.connect(path)  # a finding whose unit is gone (foreign keys off in this connection)
    con.execute(
        "INSERT INTO findings (id, unit_id, sector_id, title, level, status, discovery, found_on,"
        " created_at, updated_at) VALUES (?, ?, 'gas', '孤立隐患', 'general', 'pending', 'inspection',"
        " '2025-01-02', '2025-01-02', '2025-01-02')",
        (uuid.uuid4().hex, uuid.uuid4().hex),
    )
    con.commit()
    con.close()
    before = _tables(path)
    with pytest.raises(AnchaError, match="已撤销升级"):
        run_upgrade(db.engine)
    db.engine.dispose()
    assert _version(path) == "0005"
    assert _tables(path) == before  # no new table, no _alembic_tmp_ table left behind
    assert not any(t.startswith("_alembic_tmp") for t in _tables(path))
