"""Shared test helpers and the database fixture (SQLite always, PostgreSQL when available)."""

from __future__ import annotations

import atexit
import contextlib
import glob
import io
import os
import shutil
import subprocess
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
    """A workspace on `tmp_path/name`: a new file starts as a copy of the migrated template.

    Only where nothing of that name is around: an interrupted restore (t.restoring,
    t.restore-journal, a missing t.db) is finished by the program when it opens the path."""
    path = tmp_path / name
    fresh = tmp_path.is_dir() and not any(tmp_path.glob(f"{glob.escape(path.stem)}*"))
    if kw.get("upgrade", True) and fresh:
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


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m app ARGS` through the same main() in this process: exit code, stdout and stderr
    as subprocess.run gives them, without a second of interpreter start-up per call. `env`, when
    given, is the whole environment for the call. The process boundary itself (entry point,
    exit status, a password refused before anything loads) is tested with real processes in
    test_cli.py, test_errors.py and test_office.py."""
    from app.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved = dict(os.environ)
    if env is not None:
        os.environ.clear()
        os.environ.update(env)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse refusing the command line
                code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return subprocess.CompletedProcess(["python", "-m", "app", *args], code, out.getvalue(), err.getvalue())
