"""Where the program finds its data files and keeps the user's data."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def install_root() -> Path:
    """The folder holding checklists/ and resources/ (the bundle folder when frozen)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def checklists_dir() -> Path:
    """The shipped catalog; ANCHA_CATALOG points to another folder of the same format."""
    env = os.environ.get("ANCHA_CATALOG")
    return Path(env) if env else install_root() / "checklists"


def resources_dir() -> Path:
    return install_root() / "resources"


def data_dir() -> Path:
    """The user's data folder (database, photos, backups); ANCHA_HOME overrides it."""
    env = os.environ.get("ANCHA_HOME")
    path = Path(env) if env else _user_data_dir()
    return private_dir(path)


def _user_data_dir() -> Path:
    """%APPDATA%\\AnCha on Windows, ~/.local/share/AnCha on Linux (chosen at call time)."""
    from platformdirs.api import PlatformDirsABC

    dirs: type[PlatformDirsABC]
    if sys.platform == "win32":
        from platformdirs.windows import Windows

        dirs = Windows
    elif sys.platform == "darwin":
        from platformdirs.macos import MacOS

        dirs = MacOS
    else:
        from platformdirs.unix import Unix

        dirs = Unix
    return Path(dirs(appname="AnCha", appauthor=False, roaming=True).user_data_dir)


def default_db_url() -> str:
    return os.environ.get("ANCHA_DB") or f"sqlite:///{(data_dir() / 'ancha.db').as_posix()}"


# Personal data (names, phone numbers, photos of sites) is readable by its owner only.
# On Windows the user profile's ACLs do this job; the modes below apply on POSIX.
POSIX = os.name == "posix"


def private_dir(path: Path) -> Path:
    """Create `path` (and parents) if needed; the folder itself is made owner-only."""
    path.mkdir(parents=True, exist_ok=True)
    if POSIX:
        try:
            if path.stat().st_mode & 0o077:
                path.chmod(0o700)
        except OSError:
            pass  # not ours (a shared folder): leave it as its owner set it
    return path


def restrict(path: Path) -> None:
    """Make an existing file owner-only (read and write)."""
    if POSIX:
        try:
            if path.stat().st_mode & 0o077:
                path.chmod(0o600)
        except OSError:
            pass


@contextmanager
def private_file(path: Path) -> Iterator[BinaryIO]:
    """Write a new file that only its owner can read; synced to disk when the block ends."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "wb") as fh:
        yield fh
        fh.flush()
        os.fsync(fh.fileno())


def fsync_dir(folder: Path) -> None:
    """Make a rename inside `folder` durable (POSIX; Windows has no directory handles)."""
    if POSIX:
        try:
            fd = os.open(folder, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)
