"""Alembic, configured in code so it works from a source tree and a frozen bundle."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

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
    cfg = config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
