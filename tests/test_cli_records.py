"""The record commands: a whole inspection, from `units add` to a closed major hazard, by command line
only; its audit history equals the same steps taken through the services."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli import main
from app.core.findings import Action, Level
from app.core.inspections import Result
from app.services import checklists, findings, inspections, units
from app.services.demo import demo_uscc
from app.services.workspace import Workspace
from app.storage.models import AuditEntry

DAY = dt.date(2026, 11, 20)


def _run(capsys: pytest.CaptureFixture[str], db: str, *args: str) -> str:
    code = main([*args, "--db", db])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Traceback" not in err
    return out


def _fail(capsys: pytest.CaptureFixture[str], db: str, *args: str) -> str:
    code = main([*args, "--db", db])
    out, err = capsys.readouterr()
    assert code != 0, out
    assert "Traceback" not in err and err.count("\n") == 1, err
    return err


def _audit(db: str) -> list[tuple[str, str, str | None, str | None, str | None]]:
    ws = Workspace(db)
    try:
        with ws.db.session() as s:
            rows = s.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars().all()
            return [(r.entity, r.action, r.field, r.old, r.new) for r in rows]
    finally:
        ws.close()


CLOSE = {
    "measures": "更换报警装置并每月测试",
    "responsible": "张经理",
    "funds": "3000元",
    "contingency": "暂停用气，专人值守",
    "reported_dept_on": "2026-11-21",
    "reported_workers_on": "2026-11-22",
}


def _by_services(db: str, uscc: str, site: str) -> None:
    ws = Workspace(db)
    try:
        unit = units.create_unit(
            ws, units.UnitInput(name="沁水县某某餐饮有限公司", uscc=uscc, sector_id="gas")
        )
        chosen = checklists.choose(ws, None, "gas", site)
        insp = inspections.start_inspection(
            ws, unit.id, DAY, "张三、李四", chosen.sector_id, chosen.items, site
        )
        line = next(ii for ii in sorted(insp.items, key=lambda i: i.position) if ii.item_id == "GAS-031")
        inspections.set_result(ws, line.id, Result.FAIL, "后厨未装报警器")
        draft = inspections.finding_draft(ws, line.id)
        draft.level = Level.MAJOR
        f = findings.create_finding(ws, draft)
        findings.update_finding(ws, f.id, {"deadline": "2026-12-10"})
        findings.update_finding(ws, f.id, CLOSE)
        findings.transition(ws, f.id, Action.START)
        findings.transition(ws, f.id, Action.SUBMIT)
        findings.transition(ws, f.id, Action.ACCEPT, {"accepted_by": "王五", "accepted_on": "2026-11-24"})
    finally:
        ws.close()


def _by_command_line(capsys: pytest.CaptureFixture[str], db: str, uscc: str, site: str) -> str:
    out = _run(
        capsys,
        db,
        "units",
        "add",
        "--name",
        "沁水县某某餐饮有限公司",
        "--uscc",
        uscc,
        "--sector",
        "燃气",
        "--json",
    )
    assert json.loads(out)["uscc"] == uscc
    out = _run(
        capsys, db, "inspections", "start", "--unit", uscc, "--sector", "gas", "--site", site,
        "--date", DAY.isoformat(), "--inspectors", "张三、李四", "--json",
    )  # fmt: skip
    insp = json.loads(out)["id"][:8]
    _run(capsys, db, "inspections", "record", f"{insp}:GAS-031", "不符合", "--note", "后厨未装报警器")
    out = _run(
        capsys, db, "findings", "add", "--from-item", f"{insp}:GAS-031", "--level", "重大事故隐患", "--json"
    )
    finding = json.loads(out)
    assert finding["level"] == "major" and finding["title"]
    fid = finding["id"][:8]
    _run(capsys, db, "findings", "set", fid, "整改时限", "2026-12-10")
    for name, value in CLOSE.items():
        _run(capsys, db, "findings", "set", fid, name, value)
    _run(capsys, db, "findings", "move", fid, "开始整改")
    _run(capsys, db, "findings", "move", fid, "submit")
    _run(
        capsys,
        db,
        "findings",
        "move",
        fid,
        "验收通过并销号",
        "--set",
        "验收人=王五",
        "--set",
        "accepted_on=2026-11-24",
    )
    return fid


def test_a_scripted_inspection_matches_the_services(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = "gas-catering"
    a, b = f"sqlite:///{(tmp_path / 'a.db').as_posix()}", f"sqlite:///{(tmp_path / 'b 命令行.db').as_posix()}"
    _by_services(a, demo_uscc(7), site)
    fid = _by_command_line(capsys, b, demo_uscc(7), site)

    def normal(rows: list[tuple[str, str, str | None, str | None, str | None]]) -> list[tuple[object, ...]]:
        return [r for r in rows if r[0] != "settings"]

    assert normal(_audit(b)) == normal(_audit(a))
    closed = json.loads(_run(capsys, b, "findings", "list", "--status", "已销号", "--json"))
    assert [f["id"][:8] for f in closed] == [fid]
    shown = json.loads(_run(capsys, b, "findings", "show", fid, "--json"))
    assert shown["status"] == "closed" and shown["accepted_by"] == "王五"
    assert [h["change"] for h in shown["history"]][-1].startswith("验收通过并销号")
    table = _run(capsys, b, "findings", "list", "--open")
    assert "没有符合条件的隐患" in table
    units_out = json.loads(_run(capsys, b, "units", "list", "--json"))
    assert units_out[0]["name"] == "沁水县某某餐饮有限公司"
    listed = json.loads(_run(capsys, b, "inspections", "list", "--json"))
    assert listed[0]["date"] == DAY.isoformat()


def test_record_commands_refuse_bad_input_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{(tmp_path / 'c.db').as_posix()}"
    assert "校验" in _fail(capsys, db, "units", "add", "--name", "坏代码单位", "--uscc", "91140521MA0K000000")
    _run(capsys, db, "units", "add", "--name", "好单位", "--uscc", demo_uscc(3))
    assert "已" in _fail(capsys, db, "units", "add", "--name", "重复单位", "--uscc", demo_uscc(3))
    assert "找不到被检查单位" in _fail(
        capsys,
        db,
        "inspections",
        "start",
        "--unit",
        "不存在的单位",
        "--sector",
        "gas",
        "--inspectors",
        "甲、乙",
    )
    out = _run(
        capsys,
        db,
        "inspections",
        "start",
        "--unit",
        "好单位",
        "--sector",
        "燃气",
        "--inspectors",
        "甲、乙",
        "--date",
        "2026-11-20",
        "--json",
    )
    insp = json.loads(out)["id"][:8]
    assert "没有第 999 项" in _fail(capsys, db, "inspections", "record", f"{insp}:999", "符合")
    assert "未知的检查结果" in _fail(capsys, db, "inspections", "record", f"{insp}:1", "还行")
    _run(capsys, db, "inspections", "record", f"{insp}:1", "fail")
    out = _run(capsys, db, "findings", "add", "--from-item", f"{insp}:1", "--level", "major", "--json")
    fid = json.loads(out)["id"][:8]
    assert "日期" in _fail(capsys, db, "findings", "set", fid, "deadline", "明天")
    assert "未知的字段" in _fail(capsys, db, "findings", "set", fid, "status", "closed")
    assert "不能执行" in _fail(capsys, db, "findings", "move", fid, "accept")
    _run(capsys, db, "findings", "move", fid, "start")
    _run(capsys, db, "findings", "move", fid, "submit")
    err = _fail(
        capsys,
        db,
        "findings",
        "move",
        fid,
        "accept",
        "--set",
        "accepted_by=王五",
        "--set",
        "accepted_on=2026-11-24",
    )
    assert "重大事故隐患不能销号" in err and "双报告" in err
    shown = json.loads(_run(capsys, db, "findings", "show", fid, "--json"))
    assert shown["status"] == "awaiting" and shown["accepted_by"] is None  # all or nothing
