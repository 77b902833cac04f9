"""The office's shared PostgreSQL database: bringing it up to date, its roles and its logins.

The administrator's use cases (`db upgrade`, `db roles`, `db add-user`); the command line only
reads the arguments and prints what was done."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.errors import AnchaError, ValidationError
from app.services.workspace import Workspace
from app.storage.db import ROLES

MIN_PASSWORD = 8
ROLE_LABELS = tuple(ROLES)  # 检查员, 审核销号, 管理员


@dataclass(frozen=True)
class Upgraded:
    before: str | None  # the revision found, None for an empty database
    after: str | None
    changed: bool


def upgrade(ws: Workspace) -> Upgraded:
    """Create the tables or bring them to the newest revision; on an office database whose roles
    are set up, the new tables get the roles' grants too."""
    before = ws.db.current_revision()
    changed = ws.db.upgrade()
    if changed:
        ws.backfill()
    if changed and not ws.db.is_sqlite:
        from app.storage import roles

        with ws.db.session() as s:
            if roles.configured(s.connection()):
                roles.setup(s.connection())
    return Upgraded(before, ws.db.current_revision(), changed)


def _office_db(ws: Workspace) -> None:
    if ws.db.is_sqlite:
        raise AnchaError("角色和账号只用于办公室共享的 PostgreSQL 数据库（SQLite 由本机一名检查人员使用）")
    ws.db.check_version()


def setup_roles(ws: Workspace) -> int:
    """Create the office roles (once) and grant them on every table; the number of statements run."""
    from app.storage import roles

    _office_db(ws)
    with ws.db.session() as s:
        return len(roles.setup(s.connection()))


def check_password(password: str | None) -> None:
    """None: no password (the server authenticates some other way)."""
    if password is not None and len(password) < MIN_PASSWORD:
        raise ValidationError("密码", f"至少 {MIN_PASSWORD} 个字符，账号未建立")


def add_user(ws: Workspace, login: str, role: str, password: str | None) -> None:
    """Create a login for one inspector, or give an existing one another role (and password)."""
    from app.storage import roles

    _office_db(ws)
    check_password(password)
    with ws.db.session() as s:
        roles.add_login(s.connection(), login, role, password)
