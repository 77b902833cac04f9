"""The audit chain under concurrent writers, and tampering it must detect (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from app.services import findings, units
from app.services.workspace import Workspace
from app.storage import audit
from app.storage.backup import anchors_for, make_backup
from app.storage.models import AuditEntry
from tests.helpers import REPO, run_cli, sqlite_ws, ws_fixture  # noqa: F401 - fixture


def _anchors(ws: Workspace) -> list[audit.Anchor]:
    if ws.db.path:
        return anchors_for(ws.db.path)
    return audit.anchors_in([ws.db.anchor_path] if ws.db.anchor_path else [])


def _check(ws: Workspace) -> audit.VerifyReport:
    with ws.db.session() as s:
        return audit.check(s, _anchors(ws))


def _fill(ws: Workspace, n: int = 3) -> None:
    unit = units.create_unit(ws, units.UnitInput(name="审计测试单位"))
    for i in range(n):
        f = findings.create_finding(
            ws,
            findings.FindingInput(
                unit_id=unit.id, sector_id="gas", title=f"隐患{i}", found_on=dt.date(2025, 1, 1)
            ),
        )
        findings.update_finding(ws, f.id, {"responsible": f"责任人{i}"})


def _unguard(ws: Workspace, conn) -> None:  # type: ignore[no-untyped-def]
    if ws.db.is_sqlite:
        conn.execute(text("DROP TRIGGER IF EXISTS audit_log_no_update"))
        conn.execute(text("DROP TRIGGER IF EXISTS audit_log_no_delete"))
    else:
        conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))


def _reguard(ws: Workspace, conn) -> None:  # type: ignore[no-untyped-def]
    if ws.db.is_sqlite:
        for event in ("UPDATE", "DELETE"):
            conn.execute(
                text(
                    f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                    "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END"
                )
            )
    else:
        conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only"))


def test_concurrent_writers_leave_one_chain(ws: Workspace) -> None:
    unit = units.create_unit(ws, units.UnitInput(name="并发单位"))
    errors: list[BaseException] = []

    def writer(k: int) -> None:
        w = Workspace(ws.db.url, upgrade=False)
        try:
            for i in range(12):
                f = findings.create_finding(
                    w,
                    findings.FindingInput(
                        unit_id=unit.id, sector_id="gas", title=f"并发{k}-{i}", found_on=dt.date(2025, 1, 1)
                    ),
                )
                findings.update_finding(w, f.id, {"location": f"部位{k}-{i}"})
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            w.close()

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    with ws.db.session() as s:
        n = s.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
        forks = s.execute(
            select(AuditEntry.prev_hash).group_by(AuditEntry.prev_hash).having(func.count() > 1)
        ).all()
    assert n == 4 * 12 * 2 and not forks
    report = _check(ws)
    assert report.ok, str(report)


@pytest.mark.skipif(sys.platform == "win32", reason="processes share the file")
def test_concurrent_processes_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{(tmp_path / 'p.db').as_posix()}"
    Workspace(url).close()
    script = (
        "import datetime as dt, sys\n"
        "from app.services import findings, units\n"
        "from app.services.workspace import Workspace\n"
        "ws = Workspace(sys.argv[1], upgrade=False)\n"
        "u = units.create_unit(ws, units.UnitInput(name='进程' + sys.argv[2]))\n"
        "for i in range(15):\n"
        "    f = findings.create_finding(ws, findings.FindingInput(unit_id=u.id, sector_id='gas',"
        " title=f'隐患{i}', found_on=dt.date(2025, 1, 1)))\n"
        "    findings.update_finding(ws, f.id, {'responsible': f'人{i}'})\n"
    )
    env = {**os.environ, "ANCHA_HOME": str(tmp_path)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, url, str(k)], cwd=REPO, env=env, stderr=subprocess.PIPE
        )
        for k in range(3)
    ]
    for p in procs:
        _out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    ws = Workspace(url)
    report = _check(ws)
    assert report.ok and report.count == 3 * 15 * 2, str(report)
    ws.close()


def test_tail_truncation_is_detected(ws: Workspace) -> None:
    _fill(ws)
    assert _check(ws).ok
    with ws.db.engine.begin() as conn:
        _unguard(ws, conn)
        top = conn.execute(text("SELECT max(seq) FROM audit_log")).scalar()
        conn.execute(text("DELETE FROM audit_log WHERE seq > :s"), {"s": top - 2})
        _reguard(ws, conn)
    report = _check(ws)
    assert not report.ok
    assert report.problems[0].check == "anchor" and "末尾的记录被删除" in str(report.problems[0])
    # and the edits those entries recorded now disagree with the log
    assert any(p.check == "data" for p in report.problems)


def test_all_rows_deleted_is_detected(ws: Workspace) -> None:
    _fill(ws, 1)
    with ws.db.engine.begin() as conn:
        if ws.db.is_sqlite:
            _unguard(ws, conn)
            conn.execute(text("DELETE FROM audit_log"))
            _reguard(ws, conn)
        else:
            conn.execute(text("TRUNCATE audit_log"))  # row triggers do not fire
    report = _check(ws)
    assert report.count == 0 and any("末尾的记录被删除" in str(p) for p in report.problems)


def test_recomputed_chain_is_detected(ws: Workspace) -> None:
    _fill(ws)
    with ws.db.session() as s:
        rows = list(s.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars())
    # rewrite one entry and recompute every hash with the program's own function
    prev = audit.GENESIS
    updates = []
    for e in rows:
        if e.field == "responsible" and e.new == "责任人1":
            e.new = "伪造的责任人"
        e.prev_hash = prev
        e.hash = audit.entry_hash(prev, e)
        prev = e.hash
        updates.append({"s": e.seq, "n": e.new, "p": e.prev_hash, "h": e.hash})
    with ws.db.engine.begin() as conn:
        _unguard(ws, conn)
        for u in updates:
            conn.execute(text("UPDATE audit_log SET new=:n, prev_hash=:p, hash=:h WHERE seq=:s"), u)
        _reguard(ws, conn)
    with ws.db.session() as s:
        alone = audit.check(s, [], data=False)
    assert alone.ok  # the chain alone is consistent: only an anchor can tell
    report = _check(ws)
    assert [p.check for p in report.problems][:1] == ["anchor"]
    assert "重算了哈希" in str(report.problems[0])


def test_renumbered_seq_dropped_guard_and_unaudited_edit(ws: Workspace) -> None:
    _fill(ws)
    with ws.db.engine.begin() as conn:
        _unguard(ws, conn)
        conn.execute(text("UPDATE audit_log SET seq = seq + 1000"))
        conn.execute(text("UPDATE findings SET responsible='无记录的修改' WHERE title='隐患0'"))
        conn.execute(text("UPDATE findings SET status='closed' WHERE title='隐患2'"))
    report = _check(ws)
    checks = {p.check for p in report.problems}
    assert checks == {"anchor", "guard", "data"}, str(report)
    text_ = str(report)
    assert "记录编号被改动" in text_ and "触发器" in text_ and "2 处隐患数据与审计日志不符" in text_


def test_backup_anchor_catches_what_the_head_file_lost(tmp_path: Path) -> None:
    ws = sqlite_ws(tmp_path, "b.db")
    _fill(ws)
    assert ws.db.path is not None and ws.db.anchor_path is not None
    make_backup(ws.db.path)
    ws.db.anchor_path.unlink()  # the tamperer removes the file beside the database too
    with ws.db.engine.begin() as conn:
        _unguard(ws, conn)
        conn.execute(text("DELETE FROM audit_log WHERE seq > 3"))
        _reguard(ws, conn)
    report = _check(ws)
    assert any(p.check == "anchor" and "备份" in p.reason for p in report.problems)
    ws.close()


def test_cli_verify_names_the_failed_check(tmp_path: Path) -> None:
    url = f"sqlite:///{(tmp_path / 'c.db').as_posix()}"
    ws = Workspace(url)
    _fill(ws, 2)
    env = {**os.environ, "ANCHA_HOME": str(tmp_path)}

    def run(*a: str) -> subprocess.CompletedProcess[str]:
        return run_cli("--db", url, *a, env=env)

    pkg = tmp_path / "p.zip"
    assert run("package", "export", "-o", str(pkg)).returncode == 0
    ok = run("audit", "verify", "--anchor", str(pkg))
    assert ok.returncode == 0 and "与 2 个锚点一致" in ok.stdout, ok.stdout + ok.stderr
    with ws.db.engine.begin() as conn:
        _unguard(ws, conn)
        conn.execute(text("DELETE FROM audit_log WHERE seq > 2"))
        _reguard(ws, conn)
    assert ws.db.anchor_path is not None
    ws.db.anchor_path.unlink()
    bad = run("audit", "verify", "--anchor", str(pkg))
    assert bad.returncode == 1 and "锚点检查未通过" in bad.stdout and "数据包 p.zip" in bad.stdout, bad.stdout
    missing = run("audit", "verify", "--anchor", str(tmp_path / "none.zip"))
    assert missing.returncode == 1 and "锚点文件不存在" in missing.stderr
    ws.close()
