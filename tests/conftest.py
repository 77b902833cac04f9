"""Session-wide test setup: Qt offscreen, a private data folder, a demo database built once."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: each test process builds its own demo file
    fcntl = None  # type: ignore[assignment]

# Test databases on a RAM disk where there is one (Linux /dev/shm), unless TMPDIR says where:
# every session commits with synchronous=FULL and closes its connection (WAL checkpoint), and
# on a disk those fsyncs were most of the quick run's time. Same SQLite, same code; pytest's
# tmp_path folders and the private data folder below follow tempfile's directory.
_SHM = Path("/dev/shm")
if "TMPDIR" not in os.environ and _SHM.is_dir() and os.access(_SHM, os.W_OK | os.X_OK):
    tempfile.tempdir = str(_SHM)

# Before anything imports Qt or reads the data folder: no display needed, and never the
# user's real database, settings or photos.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = Path(tempfile.mkdtemp(prefix="ancha-test-home-"))
os.environ["ANCHA_HOME"] = str(_HOME)
os.environ.pop("ANCHA_DB", None)

try:  # QSettings (window state, last choices) into the private folder too
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(_HOME / "settings"))
except ImportError:  # pragma: no cover - Qt missing: the GUI tests skip themselves
    pass

TEST_CATALOG = Path(__file__).resolve().parent / "data" / "catalog"


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """The quick run uses two worker processes (-n 2 in pyproject.toml). The PostgreSQL tests
    share one database that each test resets, so with ANCHA_TEST_PG set (CI) everything runs in
    one process."""
    if os.environ.get("ANCHA_TEST_PG") and getattr(config.option, "numprocesses", None):
        config.option.numprocesses = 0
        config.option.dist = "no"
        config.option.tx = []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def test_catalog() -> Path:
    """A small, fixed catalog (tests/data/catalog) independent of the shipped one."""
    return TEST_CATALOG


def _demo_file(tmp_path_factory: pytest.TempPathFactory, name: str, catalog: Path | None) -> Path:
    """A SQLite file filled with the demo data, built once per run: the xdist workers share the
    run's temporary folder, and the first to need the file builds it under a lock (where file
    locks exist; elsewhere each process builds its own)."""
    from app.services import demo
    from app.services.workspace import Workspace

    root = tmp_path_factory.getbasetemp()
    if fcntl is not None and os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    path = root / name
    with open(root / f"{name}.lock", "w") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            part = root / f"{name}.part"
            ws = Workspace(f"sqlite:///{part.as_posix()}", catalog_root=catalog)
            demo.fill(ws)
            with ws.db.engine.connect() as conn:  # one self-contained file to copy
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            ws.close()
            os.replace(part, path)
    return path


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory: pytest.TempPathFactory, test_catalog: Path) -> Path:
    """A SQLite file filled once with the demo data on the test catalog (copy it before use)."""
    return _demo_file(tmp_path_factory, "demo-test-catalog.db", test_catalog)


@pytest.fixture(scope="session")
def shipped_demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo data on the shipped catalog, filled once (copy it before use)."""
    return _demo_file(tmp_path_factory, "demo-shipped-catalog.db", None)


@pytest.fixture
def demo_ws(demo_db_file: Path, tmp_path: Path, test_catalog: Path) -> Iterator[object]:
    """A private copy of the demo database, opened on the test catalog."""
    from app.services.workspace import Workspace

    path = tmp_path / "demo.db"
    shutil.copyfile(demo_db_file, path)
    ws = Workspace(f"sqlite:///{path.as_posix()}", catalog_root=test_catalog)
    yield ws
    ws.close()


@pytest.fixture
def qt_settings(tmp_path: Path) -> Iterator[Path]:
    """QSettings (INI, user scope) redirected to a fresh folder for one test."""
    from PySide6.QtCore import QSettings

    folder = tmp_path / "settings"
    folder.mkdir()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(_HOME / "settings"))


_CHINESE_LOADED: list[object] = []


@pytest.fixture(autouse=True)
def _qt_chinese(request: pytest.FixtureRequest) -> None:
    """Widget tests see Qt's own dialog texts in Chinese (是/否/确定/取消), as the program does."""
    if _CHINESE_LOADED or "qtbot" not in request.fixturenames:
        return
    from app.ui.platform import install_chinese

    _CHINESE_LOADED.extend(install_chinese(request.getfixturevalue("qapp")) or [None])
