"""A cheap check for changes other users made to the findings.

PostgreSQL: LISTEN on the channel the 0011 trigger notifies at each commit that touches a
finding ("<finding id> <login>"). SQLite shared by two processes: PRAGMA data_version, which
changes whenever another connection commits. `poll()` never waits: call it on a timer.
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import make_url

from app.storage.db import Database

CHANNEL = "ancha_findings"


@dataclass(frozen=True)
class Change:
    """One change seen: the finding and the login behind it (None when SQLite cannot tell)."""

    finding_id: uuid.UUID | None
    login: str | None


class ChangeWatcher:
    """Holds one connection of its own; close() it when done."""

    def __init__(self, db: Database) -> None:
        self._sqlite: sqlite3.Connection | None = None
        self._pg: Any = None
        self._version = 0
        if db.is_sqlite:
            if db.path is None or str(db.path) == ":memory:":
                return
            self._sqlite = sqlite3.connect(str(db.path), isolation_level=None, check_same_thread=False)
            self._version = self._data_version()
        else:
            import psycopg

            conninfo = make_url(db.url).set(drivername="postgresql").render_as_string(hide_password=False)
            self._pg = psycopg.connect(
                conninfo, autocommit=True, connect_timeout=10, application_name="AnCha"
            )
            self._pg.execute(f"LISTEN {CHANNEL}")

    def _data_version(self) -> int:
        assert self._sqlite is not None
        return int(self._sqlite.execute("PRAGMA data_version").fetchone()[0])

    def poll(self) -> list[Change]:
        """Changes committed by others since the last poll (empty when none); never blocks."""
        if self._sqlite is not None:
            now = self._data_version()
            if now == self._version:
                return []
            self._version = now
            return [Change(None, None)]
        if self._pg is None:
            return []
        out: list[Change] = []
        for n in self._pg.notifies(timeout=0):
            fid, _, login = n.payload.partition(" ")
            try:
                out.append(Change(uuid.UUID(fid), login or None))
            except ValueError:
                continue
        return out

    def close(self) -> None:
        for conn in (self._sqlite, self._pg):
            if conn is not None:
                try:
                    conn.close()
                except Exception:
                    pass
        self._sqlite = self._pg = None
