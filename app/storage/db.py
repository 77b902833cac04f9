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


# The office roles: name in messages -> PostgreSQL group role.
ROLES = {"检查员": "ancha_inspector", "审核销号": "ancha_reviewer", "管理员": "ancha_admin"}


class DatabaseUnavailable(AnchaError):
    """The database cannot be used; the message says why, in Chinese."""


class PasswordNeeded(DatabaseUnavailable):
    """The server wants a password, or a right one: the GUI asks for it (typed, not read from the text)."""


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


LOCK_TIMEOUT_MS = 5000  # PostgreSQL: longest wait for another user's row lock
STATEMENT_TIMEOUT_MS = 120_000  # PostgreSQL: longest single statement (imports, big exports)
SCHEMES = ("sqlite", "sqlite+pysqlite", "postgresql", "postgresql+psycopg")


def safe_url(url: str) -> str:
    """A database address fit for a message: never the password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def has_password(url: str) -> bool:
    """Whether a database address carries a password (never allowed on a command line)."""
    try:
        return make_url(url).password is not None
    except (ArgumentError, ValueError):
        return bool(re.search(r"://[^:/@]*:[^@]*@", url))


def with_password(url: str, password: str) -> str:
    """The address with a password typed at a prompt (kept in memory only)."""
    return make_url(url).set(password=password).render_as_string(hide_password=False)


PASSWORD_ON_COMMAND_LINE = (
    "数据库地址中不能写密码（命令行会出现在进程列表中，其他用户可以看到）："
    "请去掉密码，改用 .pgpass 文件、服务文件（postgresql:///?service=名称）或环境变量 PGPASSWORD；"
    "图形界面会提示输入密码"
)


def describe(exc: BaseException, url: str = "") -> str:
    """A Chinese explanation of a database failure (one line, never a password)."""
    raw = str(getattr(exc, "orig", exc))
    msg = raw.lower()
    where = f"（{url}）" if url else ""
    if "安查：" in raw:  # our own triggers' refusals are written for the user
        return raw.split("安查：", 1)[1].splitlines()[0].strip()
    if "database is locked" in msg or "database table is locked" in msg:
        return f"数据库被其他程序占用（其他用户或窗口正在保存），等待超时{where}，修改未保存，请稍后重试"
    if "lock timeout" in msg:
        return f"其他用户正在保存同一记录，等待超过{LOCK_TIMEOUT_MS // 1000}秒{where}，修改未保存，请稍后重试"
    if "statement timeout" in msg:
        return f"数据库操作超时（超过{STATEMENT_TIMEOUT_MS // 1000}秒）{where}，已取消，请稍后重试"
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
    if "password authentication failed" in msg:
        return f"数据库用户名或密码不正确{where}"
    if "no password supplied" in msg or "fe_sendauth" in msg:
        return f"数据库需要密码{where}：请在图形界面中输入，或为命令行设置 .pgpass 文件或 PGPASSWORD"
    if (
        "could not translate host name" in msg
        or "name or service not known" in msg
        or ("nodename nor servname" in msg)
    ):
        return f"找不到数据库服务器（主机名无法解析）{where}，请检查地址中的主机名"
    if "role" in msg and "does not exist" in msg:
        return f"数据库中没有这个用户{where}，请管理员为你创建数据库账号"
    if "database" in msg and "does not exist" in msg:
        return f"数据库服务器上没有这个数据库{where}，请检查地址中的数据库名"
    if "no pg_hba.conf entry" in msg:
        return f"数据库服务器不允许从本机登录{where}，请管理员检查 pg_hba.conf"
    if "permission denied" in msg or "must be owner" in msg or "insufficient_privilege" in msg:
        return f"当前数据库账号无权执行此操作{where}（请管理员授予相应角色）"
    if "timeout expired" in msg or "timed out" in msg:
        return f"连接数据库服务器超时{where}，请检查网络和地址"
    if "could not connect" in msg or "connection refused" in msg or "connection failed" in msg:
        return f"无法连接数据库服务器{where}，请检查主机名、端口，以及服务器是否在运行"
    if "server closed the connection" in msg or "terminating connection" in msg:
        return f"与数据库服务器的连接已断开{where}，请重试"
    first = raw.splitlines()[0] if raw else type(exc).__name__
    return f"数据库错误{where}：{first}"


def unavailable(exc: BaseException, url: str = "") -> DatabaseUnavailable:
    """The error to raise for a database failure: PasswordNeeded when the server refused for want
    of a (right) password, else DatabaseUnavailable; the message from describe()."""
    msg = str(getattr(exc, "orig", exc)).lower()
    asks = any(
        part in msg for part in ("password authentication failed", "no password supplied", "fe_sendauth")
    )
    return (PasswordNeeded if asks else DatabaseUnavailable)(describe(exc, url))


def write_transaction(s: Session) -> None:
    """Start the session's transaction as a writer.

    SQLite: BEGIN IMMEDIATE takes the write lock now (waiting at most the busy timeout), so
    what the caller reads next is current until commit. PostgreSQL: the caller locks the rows
    it changes with SELECT ... FOR UPDATE (waits end at lock_timeout).
    """
    conn = s.connection()
    if conn.dialect.name == "sqlite":
        raw = conn.connection.dbapi_connection
        if raw is not None and not raw.in_transaction:
            conn.exec_driver_sql("BEGIN IMMEDIATE")


def parse_url(url: str) -> Any:
    """The parsed address, or a one-line Chinese message naming what is wrong."""
    shown = safe_url(url)
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        if "invalid literal for int" in str(exc):
            raise DatabaseUnavailable(f"数据库地址中的端口号不是数字：{shown}") from exc
        raise DatabaseUnavailable(
            f"数据库地址格式不正确：{shown}（应为 sqlite:///文件路径 或 postgresql://用户@主机:端口/数据库）"
        ) from exc
    if parsed.drivername not in SCHEMES:
        raise DatabaseUnavailable(
            f"不支持的数据库类型“{parsed.drivername}”：{shown}（应为 sqlite:/// 或 postgresql://）"
        )
    if parsed.port is not None and not 0 < parsed.port < 65536:
        raise DatabaseUnavailable(f"数据库地址中的端口号超出范围（1–65535）：{shown}")
    return parsed


class Database:
    """One database: an engine plus short sessions, one per user action."""

    def __init__(self, url: str, echo: bool = False, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        parsed = parse_url(url)
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
            kwargs["connect_args"] = {
                "connect_timeout": 10,
                "application_name": "AnCha",
                "options": f"-c lock_timeout={LOCK_TIMEOUT_MS} -c statement_timeout={STATEMENT_TIMEOUT_MS}",
            }
        try:
            self.engine: Engine = create_engine(url, **kwargs)
        except (ArgumentError, ImportError, ValueError) as exc:
            raise DatabaseUnavailable(f"无法使用数据库 {safe_url(url)}：{exc}") from exc
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
            raise unavailable(exc, self.display_url) from exc
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()

    @property
    def display_url(self) -> str:
        return str(self.path) if self.path else safe_url(self.url)

    def current_revision(self) -> str | None:
        try:
            with self.engine.connect() as conn:
                if not inspect(conn).has_table("alembic_version"):
                    return None
                return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except (OperationalError, DatabaseError) as exc:
            raise unavailable(exc, self.display_url) from exc

    def check_version(self) -> None:
        """Refuse a database whose schema is not this program's (a shared one is never migrated
        by a client); the message names both versions."""
        current = self.current_revision()
        want = head_revision()
        if current == want:
            return
        if current is None:
            raise DatabaseUnavailable(
                f"数据库尚未建立安查的数据结构（需要版本 {want}）{self.display_url}："
                "请管理员运行 python -m app db upgrade"
            )
        from app.storage.migrate import known_revisions

        if current not in known_revisions():
            raise DatabaseUnavailable(
                f"数据库结构版本 {current} 比本程序（需要 {want}）新，"
                f"请升级安查后再打开（{self.display_url}）"
            )
        raise DatabaseUnavailable(
            f"数据库结构版本 {current} 比本程序（需要 {want}）旧，请管理员运行 python -m app db upgrade"
            f"（{self.display_url}）"
        )

    def identity(self) -> tuple[str, frozenset[str]]:
        """PostgreSQL: the signed-in login (session_user) and the office roles it holds. Before an
        office has set up roles (no group roles yet) every login holds all of them."""
        sql = text(
            "SELECT session_user::text, r.rolname::text,"
            " CASE WHEN r.oid IS NULL THEN NULL ELSE pg_has_role(session_user, r.oid, 'MEMBER') END,"
            " (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)"
            " FROM unnest(CAST(:names AS text[])) AS n(name) LEFT JOIN pg_roles r ON r.rolname = n.name"
        )
        try:
            with self.engine.connect() as conn:
                rows = conn.execute(sql, {"names": list(ROLES.values())}).all()
        except (OperationalError, DatabaseError) as exc:
            raise unavailable(exc, self.display_url) from exc
        user = rows[0][0]
        if rows[0][3] or all(r[1] is None for r in rows):
            return user, frozenset(ROLES)
        held = {r[1] for r in rows if r[2]}
        roles = frozenset(label for label, name in ROLES.items() if name in held)
        return user, roles

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
            raise unavailable(exc, self.display_url) from exc
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
