"""Where the program finds its data files and keeps the user's data."""

from __future__ import annotations

import os
import sys
from pathlib import Path


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
    path.mkdir(parents=True, exist_ok=True)
    return path


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
