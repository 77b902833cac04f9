"""Engine, sessions and schema upgrade."""

from __future__ import annotations

import functools
import hashlib
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from app.core.errors import AnchaError
from app.paths import private_dir, restrict

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_REVISION_LINE = re.compile(r"^(down_revision|revision)\s*=\s*['\"]?([\w]+|None)['\"]?", re.MULTILINE)


@functools.cache
def head_revision() -> str:
    """The newest migration, read from the scripts' own `revision` lines.

    Reading the lines (not importing Alembic) keeps start-up quick when the database is
    already at head; tests check the answer against Alembic's.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        found = dict(_REVISION_LINE.findall(script.read_text(encoding="utf-8")))
        if "revision" in found:
            revisions.add(found["revision"])
            parents.add(found.get("down_revision", "None"))
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have exactly one head, found {sorted(heads)}")
    return heads.pop()


class DatabaseUnavailable(AnchaError):
    """The database cannot be used; the message says why, in Chinese."""


BUSY_TIMEOUT_MS = 5000
# Things the user must be told once the program is up (e.g. an interrupted restore finished).
STARTUP_MESSAGES: list[str] = []


def _sqlite_pragmas(busy_ms: int) -> Any:
    def on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
        try:
            cur.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError:
            pass  # a read-only file keeps its journal mode; writes then fail with a clear message
        # FULL in WAL mode syncs the WAL on every commit: a committed edit survives power loss.
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    return on_connect


def _private_db_file(path: Path) -> None:
    """A new database file is created owner-only; an old one is made so (with its WAL files).

    SQLite gives the -wal and -shm files the main file's permissions.
    """
    if not path.exists():
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            pass
        return
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        restrict(p)


def describe(exc: BaseException, url: str = "") -> str:
    """A Chinese explanation of a database failure."""
    msg = str(getattr(exc, "orig", exc)).lower()
    where = f"（{url}）" if url else ""
    if "database is locked" in msg or "database table is locked" in msg:
        return f"数据库被其他程序占用{where}，请关闭其他正在使用它的安查窗口后重试"
    if "file is not a database" in msg or "malformed" in msg or "file is encrypted" in msg:
        return f"数据库文件已损坏或不是安查数据库{where}，请从备份恢复（python -m app restore）"
    if "readonly" in msg or "read-only" in msg:
        return f"数据库所在文件夹或文件为只读{where}，无法保存修改"
    if "disk is full" in msg or "database or disk is full" in msg:
        return f"磁盘空间已满{where}，修改未保存，请清理磁盘后重试"
    if "unable to open" in msg:
        return f"无法打开数据库文件{where}，请检查路径和权限"
    if "foreign key" in msg:  # SQLite "FOREIGN KEY constraint failed", PostgreSQL "violates foreign key"
        return f"数据引用了不存在的记录（如单位、检查或隐患已不在数据库中）{where}，修改未保存"
    if "unique constraint" in msg or "duplicate key" in msg:
        return f"与数据库中已有的记录重复{where}，修改未保存"
    if "check constraint" in msg:
        return f"数据不符合数据库的取值规则{where}，修改未保存"
    if "could not connect" in msg or "connection refused" in msg:
        return f"无法连接数据库服务器{where}"
    return f"数据库错误{where}：{getattr(exc, 'orig', exc)}"


class Database:
    """One database: an engine plus short sessions, one per user action."""

    def __init__(self, url: str, echo: bool = False, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            raise DatabaseUnavailable(f"数据库地址格式不正确：{url}") from exc
        if parsed.drivername == "postgresql":  # the driver declared in the postgres extra
            parsed = parsed.set(drivername="postgresql+psycopg")
            url = parsed.render_as_string(hide_password=False)
        self.url = url
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        kwargs: dict[str, Any] = {"echo": echo}
        if self.is_sqlite:
            name = parsed.database or ""
            if parsed.query.get("uri"):  # sqlite:///file:/path?mode=ro&uri=true
                name = name.removeprefix("file:")
            self.path = Path(name) if name else None
            if self.path and str(self.path) != ":memory:":
                try:
                    if not self.path.parent.exists():
                        private_dir(self.path.parent)
                    if not parsed.query.get("uri"):
                        self._finish_restore()
                        _private_db_file(self.path)
                except OSError as exc:
                    raise DatabaseUnavailable(
                        f"无法创建数据库文件夹 {self.path.parent}：{exc.strerror}"
                    ) from exc
            kwargs["poolclass"] = NullPool
        else:
            self.path = None
            kwargs["pool_pre_ping"] = True
        try:
            self.engine: Engine = create_engine(url, **kwargs)
        except (ArgumentError, ImportError) as exc:
            raise DatabaseUnavailable(f"无法使用数据库 {url}：{exc}") from exc
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas(busy_timeout_ms))
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        event.listen(self._sessions, "after_commit", self._after_commit)
        event.listen(self._sessions, "after_soft_rollback", self._after_rollback)

    def _finish_restore(self) -> None:
        from app.storage.backup import finish_interrupted_restore

        assert self.path is not None
        message = finish_interrupted_restore(self.path)
        if message:
            STARTUP_MESSAGES.append(message)

    @property
    def anchor_path(self) -> Path | None:
        """The small file beside the database that keeps the audit chain's head."""
        if self.path is not None:
            if str(self.path) == ":memory:":
                return None
            return self.path.with_name(f"{self.path.stem}.audit-head.json")
        from app.paths import data_dir

        key = hashlib.sha256(make_url(self.url).render_as_string(True).encode()).hexdigest()[:16]
        return private_dir(data_dir() / "audit-heads") / f"{key}.json"

    def _after_commit(self, session: Session) -> None:
        from app.storage import audit

        if session.info.get("audit_last_entry") is not None:
            audit.after_commit(session, self.anchor_path)
        else:
            audit.end_transaction(session)

    def _after_rollback(self, session: Session, _previous: Any) -> None:
        from app.storage import audit

        audit.end_transaction(session)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session for one user action: committed on success, rolled back on error."""
        s = self._sessions()
        try:
            yield s
            s.commit()
        except (OperationalError, DatabaseError) as exc:
            s.rollback()
            raise DatabaseUnavailable(describe(exc, self.display_url)) from exc
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()

    @property
    def display_url(self) -> str:
        return str(self.path) if self.path else make_url(self.url).render_as_string(True)

    def current_revision(self) -> str | None:
        try:
            with self.engine.connect() as conn:
                if not inspect(conn).has_table("alembic_version"):
                    return None
                return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except (OperationalError, DatabaseError) as exc:
            raise DatabaseUnavailable(describe(exc, self.display_url)) from exc

    def upgrade(self) -> bool:
        """Bring the schema to the newest version; True when something was migrated."""
        current = self.current_revision()
        if current == head_revision():
            return False
        from app.storage.migrate import known_revisions, run_upgrade

        if current is not None and current not in known_revisions():
            raise DatabaseUnavailable(
                f"数据库版本（{current}）比本程序新，请升级安查后再打开（{self.display_url}）"
            )
        try:
            run_upgrade(self.engine)
            if self.is_sqlite:
                with self.engine.begin() as conn:
                    conn.execute(text("ANALYZE"))
        except (OperationalError, DatabaseError) as exc:
            raise DatabaseUnavailable(describe(exc, self.display_url)) from exc
        return True

    def integrity_check(self) -> str:
        with self.engine.connect() as conn:
            if self.is_sqlite:
                return str(conn.execute(text("PRAGMA integrity_check")).scalar())
            conn.execute(text("SELECT 1"))
            return "ok"

    def optimize(self) -> None:
        """Refresh SQLite's query-planner statistics (cheap; SQLite decides what is needed)."""
        if self.is_sqlite:
            try:
                with self.engine.begin() as conn:
                    conn.execute(text("PRAGMA optimize"))
            except (OperationalError, DatabaseError):
                pass  # statistics are an optimisation only

    def dispose(self) -> None:
        self.optimize()
        self.engine.dispose()


def open_database(url: str, upgrade: bool = True) -> Database:
    db = Database(url)
    if upgrade:
        db.upgrade()
    return db
