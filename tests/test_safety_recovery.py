"""Recovery: restore over a damaged file, kill -9 in the middle of a restore, backup names."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.errors import AnchaError
from app.services import units
from app.services.workspace import Workspace
from app.storage import db as storage_db
from app.storage.backup import list_backups, make_backup, restore
from tests.helpers import REPO, sqlite_ws


def _names(ws: Workspace) -> set[str]:
    return {u.name for u in units.list_units(ws)}


def _cli(tmp_path: Path, url: str, *a: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ANCHA_HOME": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-m", "app", "--db", url, *a], capture_output=True, text=True, env=env, cwd=REPO
    )


def test_restore_over_a_garbage_database(tmp_path: Path) -> None:
    ws = sqlite_ws(tmp_path)
    units.create_unit(ws, units.UnitInput(name="备份里的单位"))
    assert ws.db.path is not None
    path = ws.db.path
    b = make_backup(path)
    ws.close()
    path.write_bytes(b"\x00garbage" * 4096)
    url = f"sqlite:///{path.as_posix()}"
    broken = _cli(tmp_path, url, "audit", "verify")
    assert broken.returncode == 1 and "请从备份恢复" in broken.stderr
    res = _cli(tmp_path, url, "restore", str(b.path))
    assert res.returncode == 0 and "另存为" in res.stdout, res.stderr
    again = sqlite_ws(tmp_path)
    assert _names(again) == {"备份里的单位"}
    ok = _cli(tmp_path, url, "audit", "verify")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    kept = list(tmp_path.glob("t.before-restore-*.db"))
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"\x00garbage")
    again.close()


KILLER = r"""
import os, signal, sys
from pathlib import Path
import app.storage.backup as backup
real = os.replace
calls = 0
def replace(a, b):
    global calls
    calls += 1
    if calls == int(sys.argv[3]):
        os.kill(os.getpid(), signal.SIGKILL)
    real(a, b)
backup.os.replace = replace
backup.restore(Path(sys.argv[1]), Path(sys.argv[2]))
print("DONE")
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
@pytest.mark.parametrize("kill_at", [1, 2, 3, 4, 5, 99])
def test_kill_9_during_restore_loses_nothing(tmp_path: Path, kill_at: int) -> None:
    ws = sqlite_ws(tmp_path)
    units.create_unit(ws, units.UnitInput(name="旧单位"))
    assert ws.db.path is not None
    path = ws.db.path
    b = make_backup(path)
    units.create_unit(ws, units.UnitInput(name="新单位"))  # only in the live database (and its WAL)
    ws.close()
    holder = sqlite3.connect(path)  # keeps the -wal and -shm files in place
    holder.execute("SELECT count(*) FROM units").fetchone()
    assert path.with_name(path.name + "-wal").exists()
    proc = subprocess.run(
        [sys.executable, "-c", KILLER, str(path), str(b.path), str(kill_at)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "ANCHA_HOME": str(tmp_path)},
    )
    holder.close()
    finished = proc.returncode == 0
    assert finished == (kill_at == 99), proc.stderr
    storage_db.STARTUP_MESSAGES.clear()
    after = sqlite_ws(tmp_path)
    names = _names(after)
    aside = [p for p in tmp_path.glob("t.before-restore-*.db")]
    if kill_at == 1:  # killed while copying the backup: nothing was touched
        assert names == {"旧单位", "新单位"} and not aside and not storage_db.STARTUP_MESSAGES
    else:  # killed after the plan was written: the restore is finished on the next start
        assert names == {"旧单位"}
        assert len(aside) == 1
        kept = sqlite_ws(tmp_path, aside[0].name)
        assert _names(kept) == {"旧单位", "新单位"}  # nothing lost: the old data is kept aside
        kept.close()
        if not finished:
            assert storage_db.STARTUP_MESSAGES and "已完成恢复" in storage_db.STARTUP_MESSAGES[0]
    assert not list(tmp_path.glob("*.restoring")) and not list(tmp_path.glob("*.restore-journal"))
    after.close()
    storage_db.STARTUP_MESSAGES.clear()


def test_backups_in_one_second_do_not_collide(tmp_path: Path) -> None:
    ws = sqlite_ws(tmp_path)
    assert ws.db.path is not None
    now = dt.datetime(2025, 3, 1, 9, 0, 0)
    made = []
    for i in range(3):
        units.create_unit(ws, units.UnitInput(name=f"单位{i}"))
        made.append(make_backup(ws.db.path, now=now))
    assert len({b.path for b in made}) == 3
    assert [b.path for b in list_backups(ws.db.path)] == [b.path for b in made]
    restore_src = made[1].path
    ws.close()
    restore(ws.db.path, restore_src)
    assert _names(sqlite_ws(tmp_path)) == {"单位0", "单位1"}


def test_invalid_keep_refused(tmp_path: Path) -> None:
    ws = sqlite_ws(tmp_path)
    assert ws.db.path is not None
    for bad in (0, -5):
        with pytest.raises(AnchaError, match="保留份数"):
            make_backup(ws.db.path, keep=bad)
    url = f"sqlite:///{ws.db.path.as_posix()}"
    out = _cli(tmp_path, url, "backup", "--keep", "-5")
    assert out.returncode == 2 and "保留份数应为 1 到 1000 之间的整数" in out.stderr
    assert list_backups(ws.db.path) == []
    ws.close()
