"""Kill a writer with SIGKILL again and again; every acknowledged write must survive."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid

import pytest
from sqlalchemy import select

from app.services.workspace import Workspace
from app.storage import audit
from app.storage.models import Finding
from tests.helpers import ws_fixture  # noqa: F401 - fixture

WRITER = r"""
import datetime as dt, sys, uuid
from app.services.workspace import Workspace
from app.services import findings, units
ws = Workspace(sys.argv[1])
unit = units.create_unit(ws, units.UnitInput(name="写入测试单位" + sys.argv[2]))
n = 0
while True:
    f = findings.create_finding(ws, findings.FindingInput(
        unit_id=unit.id, sector_id="gas", title=f"隐患{n}", found_on=dt.date(2025, 1, 1)))
    print("F", f.id, flush=True)
    findings.update_finding(ws, f.id, {"responsible": f"责任人{n}"})
    print("U", f.id, f"责任人{n}", flush=True)
    n += 1
"""


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_kill_9_loses_no_acknowledged_write(ws: Workspace) -> None:
    url = ws.db.url
    created: set[uuid.UUID] = set()
    updated: dict[uuid.UUID, str] = {}
    rnd = random.Random(4)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for round_ in range(6):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, url, str(round_)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert proc.stdout is not None
        lines: list[str] = []
        reader = threading.Thread(target=lambda p=proc, out=lines: out.extend(p.stdout))
        reader.start()
        while not lines and proc.poll() is None:  # wait for the first write, then a little more
            time.sleep(0.01)
        time.sleep(rnd.uniform(0.1, 0.8))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        reader.join()
        for line in lines:
            if not line.endswith("\n"):
                continue  # cut off by the kill: not acknowledged
            kind, fid, *rest = line.split()
            if kind == "F":
                created.add(uuid.UUID(fid))
            else:
                updated[uuid.UUID(fid)] = rest[0]
    assert len(created) > 10
    assert ws.db.integrity_check() == "ok"
    with ws.db.session() as s:
        rows = {f.id: f for f in s.execute(select(Finding)).scalars()}
        count, broken = audit.verify(s)
    assert created <= rows.keys()
    for fid, value in updated.items():
        assert rows[fid].responsible == value
    assert broken is None and count >= len(created)
