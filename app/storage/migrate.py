"""Alembic, configured in code so it works from a source tree and a frozen bundle."""

from __future__ import annotations

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
    """Upgrade in one transaction; on SQLite with foreign keys off while tables are rebuilt.

    SQLite changes a constraint by copying the table and dropping the old one. With foreign keys
    on, that DROP checks every row against every referencing table (hours on an office's
    database); SQLite's own procedure turns them off and runs foreign_key_check before commit.
    """
    cfg = config()
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        if sqlite:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")  # must precede the transaction
            conn.commit()
            # pysqlite opens its transaction only before DML, so CREATE/DROP TABLE would run
            # outside it: begin ourselves, and a failed or killed upgrade leaves nothing behind.
            level = raw.isolation_level  # type: ignore[union-attr]
            raw.isolation_level = None  # type: ignore[union-attr]
        try:
            with conn.begin():
                if sqlite:
                    raw.execute("BEGIN IMMEDIATE")  # type: ignore[union-attr]
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, target)
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise AnchaError(
                            f"升级后表 {broken[0][0]} 有 {len(broken)} 处引用无效，已撤销升级，数据未改变"
                        )
        finally:
            if sqlite:
                raw.isolation_level = level  # type: ignore[union-attr]
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()
