"""The open database plus the catalog and folders that go with it."""

from __future__ import annotations

import getpass
import os
from functools import cached_property
from pathlib import Path

from app.core.catalog import Catalog
from app.paths import data_dir, default_db_url
from app.storage.db import ROLES, Database


def current_user() -> str:
    try:
        return os.environ.get("ANCHA_USER") or getpass.getuser()
    except Exception:
        return "unknown"


def files_dir_for(db_path: Path | None) -> Path:
    """Photos and other attachments live beside a SQLite database, else in the data folder."""
    base = db_path.parent if db_path else data_dir()
    stem = db_path.stem if db_path else "ancha"
    return base / f"{stem}-files"


class Workspace:
    """What a use case needs: database, catalog, photo folder, acting user."""

    def __init__(
        self,
        db_url: str | None = None,
        catalog_root: Path | None = None,
        upgrade: bool = True,
        shipped: Catalog | None = None,
    ) -> None:
        """Open the database. With `upgrade`, a SQLite file (one user's) is brought to the newest
        schema; a shared PostgreSQL database is never migrated by a client: it must already be
        at this program's version (`db upgrade` is the administrator's command).

        `shipped`: the catalog under `catalog_root` already read (the GUI reads it from the cache
        before it opens the database)."""
        self.db = Database(db_url or default_db_url())
        self.catalog_root = catalog_root
        if shipped is not None:
            self.__dict__["shipped_catalog"] = shipped
        self.user = current_user()
        self.roles: frozenset[str] = frozenset(ROLES)  # a SQLite laptop's inspector holds them all
        if upgrade and not self.db.is_sqlite:
            self.db.check_version()
        if not self.db.is_sqlite:
            self.user, self.roles = self.db.identity()
        if upgrade and self.db.is_sqlite and self.db.upgrade():
            self.backfill()

    def backfill(self) -> None:
        """After a migration, once: old lines and findings get the hazard wording."""
        from app.services.inspections import backfill_wording

        backfill_wording(self)

    def may(self, role: str) -> bool:
        """Whether the signed-in user holds `role` (one of ROLES)."""
        return role in self.roles

    @cached_property
    def shipped_catalog(self) -> Catalog:
        from app.services import catalog_cache

        return catalog_cache.load(self.catalog_root)

    @cached_property
    def catalog(self) -> Catalog:
        """The shipped catalog with the user's imported items laid over it."""
        from app.services.user_catalog import overlay

        with self.db.session() as s:
            return overlay(self.shipped_catalog, s)

    def refresh_catalog(self) -> Catalog:
        """Reload after the user catalog changed."""
        self.__dict__.pop("catalog", None)
        return self.catalog

    @property
    def files_dir(self) -> Path:
        return files_dir_for(self.db.path)

    def close(self) -> None:
        self.db.dispose()
