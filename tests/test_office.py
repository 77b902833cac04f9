"""The shared office database: several processes on one database at once.

Each test runs on SQLite (two or more processes on one file) and, with ANCHA_TEST_PG, on
PostgreSQL. Workers are real processes (multiprocessing, spawn) using the services.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import os
import subprocess
import sys
import uuid
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from app.core.errors import AnchaError, ConflictError, PermissionDenied, TransitionError, ValidationError
from app.core.findings import STATUS_LABELS, TRANSITIONS, Action, Status
from app.services import findings, settings, units
from app.services.workspace import Workspace
from app.storage import audit
from app.storage.db import ROLES, DatabaseUnavailable
from app.storage.models import AuditEntry, Finding
from app.storage.watch import Change
from tests import office_workers
from tests.conftest import TEST_CATALOG
from tests.helpers import BACKENDS, PG_URL, reset_pg

LABEL_TO_STATUS = {label: st for st, label in STATUS_LABELS.items()}


def _url(backend: str, tmp_path: Path) -> str:
    if backend == "postgres":
        if not PG_URL:
            pytest.skip("PostgreSQL not available (set ANCHA_TEST_PG)")
        reset_pg(PG_URL)
        return PG_URL
    return f"sqlite:///{(tmp_path / 'office.db').as_posix()}"


@pytest.fixture(name="shared", params=BACKENDS)
def shared_fixture(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Workspace]]:
    """A migrated database several processes can open, with the URL to give them."""
    url = _url(request.param, tmp_path)
    ws = Workspace(url, catalog_root=TEST_CATALOG, upgrade=False)
    ws.db.upgrade()
    yield url, ws
    ws.close()


def _findings(ws: Workspace, n: int) -> list[str]:
    unit = units.create_unit(ws, units.UnitInput(name="沁水县老味道饭店"))
    ids = []
    for i in range(n):
        f = findings.create_finding(
            ws,
            findings.FindingInput(
                unit_id=unit.id, sector_id="gas", title=f"隐患{i}", found_on=dt.date(2026, 3, 1)
            ),
        )
        ids.append(str(f.id))
    return ids


def _gate(tmp_path: Path) -> str:
    """A folder the workers meet in before they start (office_workers.start_together)."""
    folder = tmp_path / "gate"
    folder.mkdir()
    return str(folder)


def _run(fn: object, args: list[tuple[object, ...]]) -> list[dict[str, int]]:
    ctx = mp.get_context("spawn")
    with ctx.Pool(len(args)) as pool:
        return pool.starmap(fn, args)  # type: ignore[arg-type]


@pytest.mark.slow  # three worker processes (spawned: seconds to start)
@pytest.mark.parametrize("use_base", [False, True])
def test_no_lifecycle_move_from_a_stale_status(
    shared: tuple[str, Workspace], use_base: bool, tmp_path: Path
) -> None:
    url, ws = shared
    ids = _findings(ws, 4)
    gate = _gate(tmp_path)
    results = _run(
        office_workers.lifecycle_worker, [(url, ids, 25, seed, use_base, gate, 3) for seed in range(3)]
    )
    assert sum(r["done"] for r in results) > 0
    # the stale reads really raced: some moves were refused
    assert sum(r["refused"] + r["conflicts"] for r in results) > 0
    if use_base:
        assert sum(r["conflicts"] for r in results) > 0
    with ws.db.session() as s:
        moves: dict[str, list[AuditEntry]] = defaultdict(list)
        for e in s.execute(
            select(AuditEntry).where(AuditEntry.field == "status").order_by(AuditEntry.seq)
        ).scalars():
            moves[str(e.entity_id)].append(e)
        for fid in ids:
            status = Status.PENDING
            for e in moves[fid]:
                old, new = LABEL_TO_STATUS[e.old], LABEL_TO_STATUS[e.new]
                assert old is status, (
                    f"move {e.action} recorded from {e.old} while the hazard was {status.label}"
                )
                assert TRANSITIONS[(old, Action(e.action))] is new
                status = new
            f = s.get(Finding, uuid.UUID(fid))
            assert f is not None and Status(f.status) is status
            assert (f.closed_on is not None) == (status is Status.CLOSED)
        _count, broken = audit.verify(s)
        assert broken is None


@pytest.mark.slow  # three worker processes
@pytest.mark.parametrize("use_base", [False, True])
def test_audit_old_values_follow_the_row(
    shared: tuple[str, Workspace], use_base: bool, tmp_path: Path
) -> None:
    url, ws = shared
    ids = _findings(ws, 2)
    gate = _gate(tmp_path)
    results = _run(office_workers.edit_worker, [(url, ids, 20, seed, use_base, gate, 3) for seed in range(3)])
    if use_base:
        assert sum(r["conflicts"] for r in results) > 0
    with ws.db.session() as s:
        for fid in ids:
            entries = [e for e in audit.history(s, uuid.UUID(fid)) if e.field == "location"]
            assert entries
            prev = None
            for e in entries:
                assert e.old == prev, f"old value {e.old!r} but the field held {prev!r}"
                prev = e.new
            f = s.get(Finding, uuid.UUID(fid))
            assert f is not None and f.location == prev
            assert prev is not None and prev in (f.search_text or "")  # derived column kept current


def test_conflicting_save_is_refused_and_says_who(tmp_path: Path) -> None:
    url = f"sqlite:///{(tmp_path / 'c.db').as_posix()}"
    a = Workspace(url, catalog_root=TEST_CATALOG)
    b = Workspace(url, catalog_root=TEST_CATALOG)
    a.user, b.user = "张三", "李四"
    fid = uuid.UUID(_findings(a, 1)[0])
    seen_by_b = findings.get_finding(b, fid)
    findings.update_finding(a, fid, {"measures": "更换软管"}, base={"measures": None})
    with pytest.raises(ConflictError) as err:
        findings.update_finding(b, fid, {"measures": "加装报警器"}, base={"measures": seen_by_b.measures})
    assert "整改措施" in str(err.value) and "张三" in str(err.value) and "更换软管" in str(err.value)
    assert findings.get_finding(b, fid).measures == "更换软管"
    # a different field is not a conflict
    findings.update_finding(b, fid, {"location": "后厨"}, base={"location": None, "status": "pending"})
    findings.transition(a, fid, Action.START)
    with pytest.raises(ConflictError) as err:
        findings.transition(b, fid, Action.START, expected_status=seen_by_b.status)
    assert "张三" in str(err.value) and "整改中" in str(err.value)
    with pytest.raises(TransitionError):  # without the expected status: the rule on the current row
        findings.transition(b, fid, Action.START)
    a.close()
    b.close()


def _inspection(ws: Workspace) -> str:
    from app.services import checklists, inspections

    unit = units.create_unit(ws, units.UnitInput(name="沁水县燃气公司"))
    items = checklists.build(ws.catalog, "gas", None)[:2]
    insp = inspections.start_inspection(ws, unit.id, dt.date(2026, 1, 2), "李明、王强", "gas", items)
    return str(insp.id)


@pytest.mark.slow  # four worker processes printing 24 documents
def test_document_numbers_unique_under_simultaneous_printing(
    shared: tuple[str, Workspace], tmp_path: Path
) -> None:
    from app.services import doc_numbers

    url, ws = shared
    insp = _inspection(ws)
    per, workers = 6, 4
    got = _run(office_workers.number_worker, [(url, insp, per, seed) for seed in range(workers)])
    numbers = [n for batch in got for n in batch]
    assert len(numbers) == len(set(numbers)) == per * workers
    entries = doc_numbers.document_register(ws, 2027, "order")
    assert sorted(e.number for e in entries) == sorted(numbers)
    assert sorted(e.seq for e in entries) == list(range(1, per * workers + 1))  # no gap, no repeat
    assert {e.unit_name for e in entries} == {"沁水县燃气公司"}
    if ws.db.is_sqlite:
        assert {e.issued_by for e in entries} == {f"printer{i}" for i in range(workers)}
    out = tmp_path / "文书台账.xlsx"
    assert doc_numbers.export_register(ws, out, 2027) == per * workers
    from openpyxl import load_workbook

    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[1][0] == "文书编号" and {r[0] for r in rows[2 : 2 + per * workers]} == set(numbers)


# --- identities and roles (PostgreSQL) ---------------------------------------------------


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("ANCHA_DB", "ANCHA_USER")}
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def _as(login: str) -> str:
    assert PG_URL
    return str(make_url(PG_URL).set(username=login).render_as_string(hide_password=False))


@pytest.fixture(name="office_pg")
def office_pg_fixture() -> Iterator[str]:
    """A migrated office database with the roles set up and three logins."""
    if not PG_URL:
        pytest.skip("PostgreSQL not available (set ANCHA_TEST_PG)")
    reset_pg(PG_URL)
    for step in (("db", "upgrade"), ("db", "roles")):
        r = _cli("--db", PG_URL, *step)
        assert r.returncode == 0, r.stderr
    r = _cli(
        "--db",
        PG_URL,
        "db",
        "add-user",
        "insp_zhang",
        "--role",
        "检查员",
        "--password-stdin",
        stdin="Zhang-secret-123\n",
    )
    assert r.returncode == 0, r.stderr
    assert "Zhang-secret-123" not in r.stdout + r.stderr
    for login, role in (("lead_wang", "审核销号"), ("admin_li", "管理员")):
        r = _cli("--db", PG_URL, "db", "add-user", login, "--role", role, "--no-password")
        assert r.returncode == 0, r.stderr
    yield PG_URL


def test_inspector_login_works_with_data_rights_only_and_is_refused_closing(office_pg: str) -> None:
    ws = Workspace(_as("insp_zhang"), catalog_root=TEST_CATALOG)  # a client: never migrates
    assert ws.user == "insp_zhang" and ws.roles == frozenset({"检查员"})
    fid = uuid.UUID(_findings(ws, 1)[0])
    findings.update_finding(ws, fid, {"accepted_by": "王", "accepted_on": "2026-03-02"})
    findings.transition(ws, fid, Action.START)
    findings.transition(ws, fid, Action.SUBMIT)
    with pytest.raises(PermissionDenied):  # the program says no
        findings.transition(ws, fid, Action.ACCEPT)
    ws.roles = frozenset(ROLES)  # a client that skips the program's check: the database says no
    with pytest.raises(DatabaseUnavailable, match="审核销号"):
        findings.transition(ws, fid, Action.ACCEPT)
    with ws.db.session() as s:
        assert s.get(Finding, fid).status == "awaiting"  # type: ignore[union-attr]
        assert {e.by for e in audit.history(s, fid)} == {"insp_zhang"}  # set from session_user
    for sql in (
        "ALTER TABLE findings ADD COLUMN x integer",
        "CREATE TABLE t (x integer)",
        "DELETE FROM audit_log",
        "UPDATE audit_log SET by = 'x'",
        "TRUNCATE audit_log",
        "UPDATE issued_numbers SET number = 'x'",
        "UPDATE settings SET value = 'x'",
    ):
        with pytest.raises(DatabaseUnavailable, match=r"无权|权限"), ws.db.session() as s:
            s.execute(text(sql))
    with pytest.raises(DatabaseUnavailable, match="操作人"), ws.db.session() as s:  # someone else's name
        audit.record(s, "finding", fid, "update", "lead_wang", "title", "a", "b")
    lead = Workspace(_as("lead_wang"), catalog_root=TEST_CATALOG)
    assert lead.may("审核销号") and not lead.may("管理员")
    findings.transition(lead, fid, Action.ACCEPT)
    with lead.db.session() as s:
        assert audit.history(s, fid)[-1].by == "lead_wang"
        assert audit.verify(s)[1] is None
    with pytest.raises(PermissionDenied):
        settings.put(lead, "doc_prefix", "沁应急")
    settings.put(Workspace(_as("admin_li"), catalog_root=TEST_CATALOG), "doc_prefix", "沁应急")
    ws.close()
    lead.close()


def test_version_skew_names_both_versions_and_a_client_never_migrates(office_pg: str) -> None:
    from app.storage.db import head_revision

    with Workspace(office_pg, upgrade=False).db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0008'"))
    with pytest.raises(DatabaseUnavailable) as err:
        Workspace(_as("insp_zhang"))
    assert "0008" in str(err.value) and head_revision() in str(err.value) and "db upgrade" in str(err.value)
    r = _cli("--db", _as("insp_zhang"), "documents", "list")
    assert r.returncode == 1 and "0008" in r.stderr and "Traceback" not in r.stderr
    with Workspace(office_pg, upgrade=False).db.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0008"


# --- live refresh ----------------------------------------------------------------------------


def test_second_client_is_notified_and_its_panel_shows_who_changed(
    shared: tuple[str, Workspace], qtbot: Any
) -> None:
    from app.storage.watch import ChangeWatcher
    from app.ui.main import LEDGER, MainWindow

    url, ws = shared
    ws.user = "李四"
    fid = uuid.UUID(_findings(ws, 1)[0])
    watcher = ChangeWatcher(ws.db)
    assert watcher.poll() == []
    win = MainWindow(ws)
    qtbot.addWidget(win)
    win.show()
    win.show_page(LEDGER)
    win.ledger_page.show_finding(fid)
    panel = win.ledger_page.panel
    assert panel.finding is not None and panel.finding.status == "pending"
    who = _run(office_workers.close_worker, [(url, str(fid), "张三")])[0]  # another process
    seen = watcher.poll()
    assert seen and (ws.db.is_sqlite or seen[-1] == Change(fid, who))
    assert watcher.poll() == []
    win.ctx.check_changes()  # what the window's timer does
    assert panel.finding.status == "closed"
    assert f"已被{who}修改" in panel.message.text()
    assert not any(b.isVisible() for b in panel.action_buttons.values())
    row = win.ledger_page.model.row_of(fid)
    assert row >= 0 and win.ledger_page.model.row(row).status == "closed"  # type: ignore[union-attr]
    watcher.close()
    win.close()


def test_office_accounts_only_on_postgres_and_a_short_password_creates_nothing(
    shared: tuple[str, Workspace],
) -> None:
    from app.services import office

    _, ws = shared
    if ws.db.is_sqlite:
        for call in (lambda: office.setup_roles(ws), lambda: office.add_user(ws, "li_si", "检查员", None)):
            with pytest.raises(AnchaError, match="PostgreSQL"):
                call()
        return
    with pytest.raises(ValidationError, match="至少 8 个字符"):
        office.add_user(ws, "li_si", "检查员", "short")
    with ws.db.session() as s:
        assert s.execute(text("SELECT 1 FROM pg_roles WHERE rolname = 'li_si'")).first() is None


# --- secrets and address mistakes ------------------------------------------------------------

SECRET = "Pa55-word-xyz"


def test_password_never_on_the_command_line_nor_in_a_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    r = _cli("--db", f"postgresql://zhang:{SECRET}@127.0.0.1:5432/ancha", "documents", "list")
    assert r.returncode == 2 and "PGPASSWORD" in r.stderr and SECRET not in r.stdout + r.stderr
    r = _cli(f"--db=postgresql://zhang:{SECRET}@127.0.0.1:5432/ancha")  # the GUI path too
    assert r.returncode == 2 and SECRET not in r.stdout + r.stderr
    # The address mistakes go through the same main() in this process (a process each would
    # cost a second of start-up apiece); the two runs above cover the process boundary.
    from app.cli import main

    monkeypatch.delenv("ANCHA_USER", raising=False)
    mistakes = {
        "postgresql://zhang@127.0.0.1:abc/ancha": "端口号不是数字",
        "postgresql://zhang@127.0.0.1:70000/ancha": "端口号超出范围",
        "postgresql://zhang@no-such-host.invalid/ancha": "找不到数据库服务器",
        "mysql://zhang@127.0.0.1/ancha": "不支持的数据库类型",
        "postgresql://zhang@127.0.0.1:1/ancha": "无法连接数据库服务器",
    }
    for url, expected in mistakes.items():
        with_secret = url.replace("zhang@", f"zhang:{SECRET}@")
        for how in ("cli", "env"):
            if how == "cli":
                monkeypatch.delenv("ANCHA_DB", raising=False)
                code = main(["--db", url, "documents", "list"])
            else:  # an address with a password may come from the environment: still never shown
                monkeypatch.setenv("ANCHA_DB", with_secret)
                code = main(["documents", "list"])
            got = capsys.readouterr()
            out = got.out + got.err
            assert code == 1, out
            assert expected in got.err and len(got.err.strip().splitlines()) == 1, out
            assert SECRET not in out and "Traceback" not in out
    with pytest.raises(DatabaseUnavailable) as err:
        Workspace(f"postgresql://zhang:{SECRET}@127.0.0.1:1/ancha")
    assert SECRET not in str(err.value)


def test_url_mistakes_in_the_gui_are_one_line(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.ui import main as gui

    shown: list[str] = []
    monkeypatch.setattr(gui, "_startup_error", shown.append)
    assert gui.run(f"postgresql://zhang:{SECRET}@127.0.0.1:abc/ancha") == 1
    assert shown and "端口号不是数字" in shown[0] and SECRET not in shown[0] and "\n" not in shown[0]
