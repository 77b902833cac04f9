"""Alembic, configured in code so it works from a source tree and a frozen bundle."""

from __future__ import annotations

from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from app.core.errors import AnchaError
from app.storage.db import MIGRATIONS


def config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def known_revisions() -> set[str]:
    return {rev.revision for rev in ScriptDirectory.from_config(config()).walk_revisions()}


def head() -> str:
    head = ScriptDirectory.from_config(config()).get_current_head()
    assert head is not None
    return head


def run_upgrade(engine: Engine, target: str = "head") -> None:
    """Migrate to `target` in one transaction: all of it or nothing.

    On SQLite two things need care. Python's sqlite3 driver opens transactions only before
    data changes, so DDL would commit statement by statement; here the driver is put in
    autocommit mode and BEGIN is issued explicitly. And SQLite changes a table's
    constraints by copying it to a new table and dropping the old one, which fails for any
    table other rows point to while foreign keys are enforced; as SQLite's ALTER TABLE guide
    says, enforcement is off while migrating (the pragma only works outside a transaction)
    and `foreign_key_check` must find nothing before the commit.
    """
    cfg = config()
    with engine.connect() as conn:
        raw: Any = conn.connection.driver_connection if conn.dialect.name == "sqlite" else None
        if raw is not None:
            saved_level = raw.isolation_level
            raw.isolation_level = None
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                if raw is not None:
                    conn.exec_driver_sql("BEGIN")
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, target)
                if raw is not None:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        where = f"{len(broken)} 处引用不一致（如 {broken[0][0]} 表）"
                        raise AnchaError(f"数据库升级后有{where}，已撤销升级")
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")
                raw.isolation_level = saved_level
