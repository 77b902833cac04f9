"""Shared test helpers and the database fixture (SQLite always, PostgreSQL when available)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from app.services.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
PG_URL = os.environ.get("ANCHA_TEST_PG")  # e.g. postgresql://postgres@127.0.0.1:54329/ancha_test
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


_TEMPLATE: list[Path] = []


def migrated_template() -> Path:
    """An empty database at the head revision, made once per test process by the program's own
    first start (Alembic upgrade, then the one-off backfill); new test databases are copies of
    it, so Alembic runs once per process instead of once per test. The migration tests
    (test_migrate, test_schema) build theirs from nothing."""
    if not _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="ancha-template-"))
        path = folder / "template.db"
        ws = Workspace(f"sqlite:///{path.as_posix()}")
        with ws.db.engine.connect() as conn:  # one self-contained file to copy
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        ws.close()
        atexit.register(shutil.rmtree, folder, True)
        _TEMPLATE.append(path)
    return _TEMPLATE[0]


def sqlite_ws(tmp_path: Path, name: str = "t.db", **kw: object) -> Workspace:
    """A workspace on `tmp_path/name`: a new file starts as a copy of the migrated template."""
    path = tmp_path / name
    if kw.get("upgrade", True) and tmp_path.is_dir() and not path.exists():
        shutil.copyfile(migrated_template(), path)
    return Workspace(f"sqlite:///{path.as_posix()}", **kw)  # type: ignore[arg-type]


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
