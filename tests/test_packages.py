"""Two laptops work offline; their packages merge into a central database."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.core.errors import AnchaError
from app.core.findings import Action
from app.core.inspections import Result
from app.services import checklists, findings, inspections, packages, units
from app.services.workspace import Workspace
from app.storage import audit
from app.storage.models import AuditEntry, Finding, Inspection, InspectionItem, Unit
from tests.helpers import sqlite_ws, ws_fixture  # noqa: F401 - fixture

USCC = "91350100M000100Y43"


def _inspect(ws: Workspace, unit_id, who: str, day: dt.date) -> Finding:  # type: ignore[no-untyped-def]
    items = checklists.build(ws.catalog, "gas", None)[:4]
    insp = inspections.start_inspection(ws, unit_id, day, who, "gas", items)
    inspections.set_result(ws, insp.items[0].id, Result.FAIL, "现场发现")
    return findings.create_finding(ws, inspections.finding_draft(ws, insp.items[0].id))


def _counts(ws: Workspace) -> dict[str, int]:
    with ws.db.session() as s:
        return {
            m.__tablename__: s.execute(select(func.count()).select_from(m)).scalar_one()
            for m in (Unit, Inspection, InspectionItem, Finding, AuditEntry)
        }


def test_two_laptops_merge_into_central(ws: Workspace, tmp_path: Path) -> None:
    a = sqlite_ws(tmp_path, "a.db")
    b = sqlite_ws(tmp_path, "b.db")
    # the same unit registered on both laptops (different ids, same USCC)
    ua = units.create_unit(a, units.UnitInput(name="沁水县老味道饭店", uscc=USCC))
    ub = units.create_unit(b, units.UnitInput(name="沁水县老味道饭店", uscc=USCC))
    fa = _inspect(a, ua.id, "李明、王强", dt.date(2025, 4, 1))
    fb = _inspect(b, ub.id, "张伟、赵磊", dt.date(2025, 4, 2))
    # a finding shared from A to B, then edited on both: B's edit is the later one
    shared = a.db.path.parent / "shared.zip"
    packages.export_package(a, shared)
    packages.import_package(b, shared)
    findings.update_finding(a, fa.id, {"responsible": "甲方责任人"})
    time.sleep(0.01)
    findings.update_finding(b, fa.id, {"responsible": "乙方责任人", "funds": "2万元"})
    findings.transition(b, fb.id, Action.START)
    pa, pb = tmp_path / "a.zip", tmp_path / "b.zip"
    packages.export_package(a, pa)
    packages.export_package(b, pb)

    r1 = packages.import_package(ws, pa)
    r2 = packages.import_package(ws, pb)
    assert r1.changed and r2.changed
    with ws.db.session() as s:
        assert s.execute(select(func.count()).select_from(Unit)).scalar_one() == 1  # matched by USCC
        merged = s.get(Finding, fa.id)
        assert merged.responsible == "乙方责任人" and merged.funds == "2万元"
        assert s.get(Finding, fb.id).status == "in_progress"
        assert s.get(Finding, fb.id).unit_id == s.get(Finding, fa.id).unit_id
        losers = (
            s.execute(select(AuditEntry).where(AuditEntry.entity_id == fa.id, AuditEntry.action == "merge"))
            .scalars()
            .all()
        )
        assert any(e.old == "甲方责任人" and e.new == "乙方责任人" for e in losers)
        assert len({i.id for i in s.execute(select(Inspection)).scalars()}) == 2
        count, broken = audit.verify(s)
    assert broken is None and count > 0
    assert any("较新" in c for c in r2.conflicts)
    before = _counts(ws)
    again = packages.import_package(ws, pb)
    again_a = packages.import_package(ws, pa)
    assert _counts(ws) == before  # idempotent
    assert again.changed == 0 and again_a.changed == 0


def test_hostile_packages_change_nothing(ws: Workspace, tmp_path: Path) -> None:
    units.create_unit(ws, units.UnitInput(name="甲"))
    before = _counts(ws)
    bad = tmp_path / "bad.zip"
    bad.write_text("not a zip")
    with pytest.raises(AnchaError, match="不是安查数据包"):
        packages.import_package(ws, bad)
    slip = tmp_path / "slip.zip"
    with zipfile.ZipFile(slip, "w") as z:
        z.writestr("manifest.json", '{"format": 1}')
        z.writestr("data.json", "{}")
        z.writestr("../../evil.txt", "x")
    with pytest.raises(AnchaError, match="非法路径"):
        packages.import_package(ws, slip)
    wrong = tmp_path / "wrong.zip"
    with zipfile.ZipFile(wrong, "w") as z:
        z.writestr("manifest.json", '{"format": 99}')
        z.writestr("data.json", "{}")
    with pytest.raises(AnchaError, match="版本"):
        packages.import_package(ws, wrong)
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("manifest.json", '{"format": 1}')
        z.writestr("data.json", '{"units": [{"id": "not-a-uuid", "name": "x"}]}')
    with pytest.raises(AnchaError, match="格式错误"):
        packages.import_package(ws, broken)
    assert _counts(ws) == before


@pytest.mark.slow  # end-to-end through subprocesses building demo databases
def test_cli_round_trip(tmp_path: Path) -> None:
    env = {**os.environ, "ANCHA_HOME": str(tmp_path)}

    def run(db: str, *a: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app", "--db", f"sqlite:///{tmp_path / db}", *a],
            capture_output=True,
            text=True,
            env=env,
        )

    assert run("field.db", "demo").returncode == 0
    out = run("field.db", "package", "export", "-o", str(tmp_path / "p.zip"), "--inspector", "李明")
    assert out.returncode == 0 and "已导出" in out.stdout
    imp = run("central.db", "package", "import", str(tmp_path / "p.zip"))
    assert imp.returncode == 0 and "新增" in imp.stdout
    again = run("central.db", "package", "import", str(tmp_path / "p.zip"))
    assert "新增 0" not in again.stdout or "相同跳过" in again.stdout
