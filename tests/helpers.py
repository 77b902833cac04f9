"""Shared test helpers and the database fixture (SQLite always, PostgreSQL when available)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from app.services.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
PG_URL = os.environ.get("ANCHA_TEST_PG")  # e.g. postgresql://postgres@127.0.0.1:54329/ancha_test
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def sqlite_ws(tmp_path: Path, name: str = "t.db", **kw: object) -> Workspace:
    return Workspace(f"sqlite:///{(tmp_path / name).as_posix()}", **kw)  # type: ignore[arg-type]


def reset_pg(url: str) -> None:
    """An empty public schema, so each test migrates from nothing."""
    eng = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with eng.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    eng.dispose()


def pg_ws() -> Workspace:
    if not PG_URL:
        pytest.skip("PostgreSQL not available (set ANCHA_TEST_PG)")
    reset_pg(PG_URL)
    Workspace(PG_URL, upgrade=False).db.upgrade()  # the administrator's `db upgrade`
    return Workspace(PG_URL)


@pytest.fixture(name="ws", params=BACKENDS)
def ws_fixture(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Workspace]:
    """A migrated, empty workspace on each available database."""
    w = pg_ws() if request.param == "postgres" else sqlite_ws(tmp_path)
    yield w
    w.close()
