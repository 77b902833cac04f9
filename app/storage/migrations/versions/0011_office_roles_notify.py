"""office: PostgreSQL triggers for roles, audit identity and change notification

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-25

PostgreSQL only (a SQLite laptop has one user; the program enforces roles there):
- findings: 验收 (accept/reject from 待验收) and 销号 need the ancha_reviewer role, and a
  销号 record is never changed again; checked against session_user, so no client can skip it.
- audit_log: an entry's "by" must be the database login that writes it (session_user);
  only an ancha_admin member may write entries of others (a package import keeps authors).
- findings: every change sends NOTIFY ancha_findings '<id> <login>' at commit, for live refresh.
The role checks apply once the office has run `db roles` (the group roles exist).
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

UP = r"""
CREATE OR REPLACE FUNCTION ancha_has_role(role_name text) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name)
      OR pg_has_role(session_user, role_name, 'MEMBER')
      OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)
$$;

CREATE OR REPLACE FUNCTION ancha_finding_rules() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'closed' AND NOT ancha_has_role('ancha_admin') THEN
    RAISE EXCEPTION '安查：已销号的隐患不能再修改（%）', session_user USING ERRCODE = '42501';
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status AND (OLD.status = 'awaiting' OR NEW.status = 'closed')
     AND NOT ancha_has_role('ancha_reviewer') THEN
    RAISE EXCEPTION '安查：数据库账号 % 没有“审核销号”角色，不能验收或销号', session_user
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER ancha_finding_rules BEFORE UPDATE ON findings
  FOR EACH ROW EXECUTE FUNCTION ancha_finding_rules();

CREATE OR REPLACE FUNCTION ancha_audit_identity() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."by" IS DISTINCT FROM session_user::text AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ancha_admin')
     AND NOT pg_has_role(session_user, 'ancha_admin', 'MEMBER')
     AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN
    RAISE EXCEPTION '安查：审计记录的操作人（%）必须是登录数据库的账号 %', NEW."by", session_user
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER ancha_audit_identity BEFORE INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION ancha_audit_identity();

CREATE OR REPLACE FUNCTION ancha_notify_finding() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('ancha_findings', NEW.id::text || ' ' || session_user);
  RETURN NULL;
END $$;

CREATE TRIGGER ancha_notify_finding AFTER INSERT OR UPDATE ON findings
  FOR EACH ROW EXECUTE FUNCTION ancha_notify_finding();
"""

DOWN = """
DROP TRIGGER IF EXISTS ancha_notify_finding ON findings;
DROP FUNCTION IF EXISTS ancha_notify_finding();
DROP TRIGGER IF EXISTS ancha_audit_identity ON audit_log;
DROP FUNCTION IF EXISTS ancha_audit_identity();
DROP TRIGGER IF EXISTS ancha_finding_rules ON findings;
DROP FUNCTION IF EXISTS ancha_finding_rules();
DROP FUNCTION IF EXISTS ancha_has_role(text);
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(UP)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(DOWN)
