"""Window state and last choices, kept with QSettings (INI file, user scope)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings

ORGANIZATION = "AnCha"
APPLICATION = "AnCha"
VERSION = 1  # bump with an upgrade step in `upgrade` when keys change meaning


def settings() -> QSettings:
    """The user's settings file (e.g. %APPDATA%\\AnCha\\AnCha.ini, ~/.config/AnCha/AnCha.ini)."""
    s = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)
    upgrade(s)
    return s


def upgrade(s: QSettings) -> None:
    """Bring an older settings file up to VERSION (nothing to convert yet)."""
    found = int(str(s.value("settings/version", 0) or 0))
    if found < VERSION:
        s.setValue("settings/version", VERSION)


def get_str(s: QSettings, key: str, default: str = "") -> str:
    value: Any = s.value(key, default)
    return value if isinstance(value, str) else default


def get_int(s: QSettings, key: str, default: int = 0) -> int:
    try:
        return int(str(s.value(key, default)))
    except (TypeError, ValueError):
        return default
