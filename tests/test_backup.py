from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.errors import AnchaError
from app.services import units
from app.storage.backup import backup_if_due, list_backups, make_backup, restore
from tests.helpers import sqlite_ws


def test_backup_keeps_last_n_and_auto_backup_is_daily(tmp_path: Path) -> None:
    ws = sqlite_ws(tmp_path)
    units.create_unit(ws, units.UnitInput(name="甲单位"))
    path = ws.db.path
    assert path is not None
    base = dt.datetime(2025, 1, 1, 8, 0, 0)
    for i in range(5):
        make_backup(path, keep=3, now=base + dt.timedelta(hours=i))
    kept = list_backups(path)
    assert [b.taken.hour for b in kept] == [10, 11, 12]
    assert backup_if_due(path) is not None  # the newest is from 2025: due
    assert backup_if_due(path) is None  # just made one: not due again today


def test_restore_keeps_the_current_file_aside(tmp_path: Path) -> None:
    ws = sqlite_ws(tmp_path)
    units.create_unit(ws, units.UnitInput(name="备份前的单位"))
    path = ws.db.path
    assert path is not None
    b = make_backup(path)
    units.create_unit(ws, units.UnitInput(name="备份后的单位"))
    ws.close()
    aside = restore(path, b.path)
    assert aside.exists() and aside != path
    after = sqlite_ws(tmp_path)
    assert [u.name for u in units.list_units(after)] == ["备份前的单位"]
    # the file kept aside still holds the later record
    kept = sqlite_ws(tmp_path, aside.name)
    assert {u.name for u in units.list_units(kept)} == {"备份前的单位", "备份后的单位"}


def test_restore_refuses_a_bad_file(tmp_path: Path) -> None:
    ws = sqlite_ws(tmp_path)
    path = ws.db.path
    assert path is not None
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not sqlite" * 50)
    with pytest.raises(AnchaError, match="不是有效的安查数据库"):
        restore(path, junk)
    assert path.exists()


@pytest.mark.slow  # end-to-end through subprocesses building demo databases
def test_cli_backup_restore_and_audit(tmp_path: Path) -> None:
    url = f"sqlite:///{(tmp_path / 'c.db').as_posix()}"
    env = {**os.environ, "ANCHA_HOME": str(tmp_path)}

    def run(*a: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app", "--db", url, *a], capture_output=True, text=True, env=env
        )

    assert run("db", "upgrade").returncode == 0
    out = run("backup")
    assert out.returncode == 0 and "已备份到" in out.stdout
    listed = run("backup", "--list")
    assert "c-" in listed.stdout
    backup_file = list_backups(tmp_path / "c.db")[0].path
    res = run("restore", str(backup_file))
    assert res.returncode == 0 and "另存为" in res.stdout
    ver = run("audit", "verify")
    assert ver.returncode == 0 and "完整" in ver.stdout
