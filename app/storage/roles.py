"""Office roles on a shared PostgreSQL database: group roles, grants and logins.

检查员 (ancha_inspector) records and edits; 审核销号 (ancha_reviewer) also accepts and closes
(the 0010 trigger checks it); 管理员 (ancha_admin) also changes settings and the officers'
register and may import packages that keep other authors. All three get data rights only
(SELECT/INSERT/UPDATE/DELETE): no DDL, no UPDATE or DELETE of the audit log or of the 文书台账.
Migrations stay with the login that owns the tables (the administrator's `db upgrade`).
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, inspect, text

from app.core.errors import ValidationError
from app.storage.db import ROLES

INSPECTOR, REVIEWER, ADMIN = ROLES["检查员"], ROLES["审核销号"], ROLES["管理员"]
APPEND_ONLY = {"audit_log", "issued_numbers"}  # inspectors insert, nobody changes
ADMIN_TABLES = {"settings", "inspectors"}
READ_ONLY = {"alembic_version"}
LOGIN_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def configured(conn: Connection) -> bool:
    """Whether this office has set up its roles (`db roles`)."""
    return (
        conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": INSPECTOR}).first() is not None
    )


def setup(conn: Connection) -> list[str]:
    """Create the group roles (once) and grant them on every table; the statements run."""
    done: list[str] = []

    def run(sql: str) -> None:
        conn.execute(text(sql))
        done.append(sql)

    for name in (INSPECTOR, REVIEWER, ADMIN):
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first()
        if not exists:
            run(f"CREATE ROLE {name} NOLOGIN")
    run(f"GRANT {INSPECTOR} TO {REVIEWER}")
    run(f"GRANT {REVIEWER} TO {ADMIN}")
    db = conn.execute(text("SELECT current_database()")).scalar_one()
    run(f"GRANT CONNECT ON DATABASE {_q(db)} TO {INSPECTOR}")
    run("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    run(f"GRANT USAGE ON SCHEMA public TO {INSPECTOR}")
    for table in inspect(conn).get_table_names():
        run(f"REVOKE ALL ON {_q(table)} FROM {INSPECTOR}, {REVIEWER}, {ADMIN}")
        run(f"GRANT SELECT ON {_q(table)} TO {INSPECTOR}")
        if table in READ_ONLY:
            continue
        if table in APPEND_ONLY:
            run(f"GRANT INSERT ON {_q(table)} TO {INSPECTOR}")
        elif table in ADMIN_TABLES:
            run(f"GRANT INSERT, UPDATE, DELETE ON {_q(table)} TO {ADMIN}")
        else:
            run(f"GRANT INSERT, UPDATE, DELETE ON {_q(table)} TO {INSPECTOR}")
    run(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {INSPECTOR}")
    return done


def add_login(conn: Connection, login: str, role_label: str, password: str | None) -> None:
    """Create a login for one inspector (or give an existing one another role)."""
    if not LOGIN_NAME.match(login):
        raise ValidationError("数据库账号", f"只能用小写字母、数字和下划线，以字母开头：{login}")
    if role_label not in ROLES:
        raise ValidationError("角色", f"应为 {'、'.join(ROLES)} 之一：{role_label}")
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": login}).first()
    if not exists:
        conn.execute(text(f"CREATE ROLE {_q(login)} LOGIN"))
    if password:
        # the password goes as a bound value: never in a statement log line or a message
        quoted = conn.execute(text("SELECT quote_literal(:p)"), {"p": password}).scalar_one()
        conn.execute(text(f"ALTER ROLE {_q(login)} PASSWORD {quoted}"))
    for name in ROLES.values():
        conn.execute(text(f"REVOKE {name} FROM {_q(login)}"))
    conn.execute(text(f"GRANT {ROLES[role_label]} TO {_q(login)}"))
