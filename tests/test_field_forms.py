from __future__ import annotations

import datetime as dt
import shutil
import uuid
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.core.checklist_item import ChecklistItem
from app.core.documents import DocKind
from app.core.errors import AnchaError
from app.core.findings import Action
from app.core.inspections import Result
from app.reports import checklist_xlsx, field_forms_pdf, views
from app.services import checklists, documents, findings, inspections, settings, units
from app.services.workspace import Workspace
from tests.helpers import sqlite_ws


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory, shipped_demo_file: Path) -> Workspace:
    """The demo data on the shipped catalog, this module's own copy."""
    folder = tmp_path_factory.mktemp("forms")
    shutil.copyfile(shipped_demo_file, folder / "t.db")
    return sqlite_ws(folder)


@pytest.fixture
def tws(tmp_path: Path, test_catalog: Path) -> Workspace:
    """An empty workspace on the small test catalog (items with hazard wording and provisions)."""
    return sqlite_ws(tmp_path, "f.db", catalog_root=test_catalog)


def text_of(path: Path) -> str:
    return "".join(p.extract_text() for p in PdfReader(path).pages).replace(" ", "").replace("\n", "")


def _unit(ws: Workspace, name: str = "沁水县老味道饭店") -> uuid.UUID:
    return units.create_unit(
        ws, units.UnitInput(name=name, address="沁水县龙港镇杏园路6号", principal="李秀兰", sector_id="gas")
    ).id


def _inspect(ws: Workspace, fail: dict[str, int], extra: list[ChecklistItem] | None = None) -> uuid.UUID:
    """A 燃气 inspection failing the given items, each hazard with its own deadline (days after)."""
    day = dt.date(2026, 3, 2)
    items = checklists.build(ws.catalog, "gas", None) + (extra or [])
    insp = inspections.start_inspection(
        ws, _unit(ws), day, ["李明", "王强"], "gas", items, place="后厨", site_contact="李秀兰"
    )
    for ii in insp.items:
        if ii.item_id in fail:
            inspections.set_result(ws, ii.id, Result.FAIL)
            draft = inspections.finding_draft(ws, ii.id)
            draft.location = "后厨操作间"
            draft.extra = {"deadline": day + dt.timedelta(days=fail[ii.item_id])}
            findings.create_finding(ws, draft)
        else:
            inspections.set_result(ws, ii.id, Result.PASS)
    return insp.id


def _office(ws: Workspace) -> None:
    settings.put(ws, "region", "沁水县")
    settings.put(ws, "office.gas", "沁水县住房和城乡建设局")
    settings.put(ws, "doc_prefix.gas", "沁建")
    settings.put(ws, "review_body", "沁水县人民政府")
    settings.put(ws, "court", "沁水县人民法院")
    settings.save_inspector(ws, "李明", "14052101001")
    settings.save_inspector(ws, "王强", "14052101002")


def test_order_states_each_hazard_its_provision_and_own_deadline(tws: Workspace, tmp_path: Path) -> None:
    _office(tws)
    insp = _inspect(tws, {"GAS-002": 0, "GAS-003": 15})
    _p, number = documents.write_order(tws, insp, tmp_path / "o.pdf", issued_on=dt.date(2026, 3, 2))
    assert number == "沁建责改〔2026〕1号"
    text = text_of(tmp_path / "o.pdf")
    assert "沁水县住房和城乡建设局" in text and "责令限期整改指令书" in text and number in text
    # hazard wording (never 不符合 + the compliant text), provision and deadline per hazard
    assert "未建立燃气安全风险分级管控和隐患排查治理制度" in text and "不符合：" not in text
    assert "餐饮用气场所未安装可燃气体报警装置或报警装置不能正常报警" in text
    assert "《安全生产法》第四十一条" in text and "《安全生产法》第三十六条第四款" in text
    assert "对上述第1项问题立即整改" in text and "对上述第2项问题于2026年3月17日前整改完毕" in text
    # the power basis and the model's closing sentences
    assert "依据《中华人民共和国安全生产法》第六十五条的规定" in text
    assert "60日内向沁水县人民政府申请行政复议" in text and "6个月内依法向沁水县人民法院提起行政诉讼" in text
    assert "法律另有规定的除外" in text and "一式两份" in text and "14052101002" in text


def test_review_is_filled_from_the_order(tws: Workspace, tmp_path: Path) -> None:
    _office(tws)
    insp = _inspect(tws, {"GAS-002": 0, "GAS-003": 15})
    _p, order_no = documents.write_order(tws, insp, tmp_path / "o.pdf", issued_on=dt.date(2026, 3, 2))
    order = documents.find_order(tws, order_no)
    assert documents.find_order(tws, insp.hex[:8]).id == order.id
    # the first hazard was rectified; the review says so per item, without retyping
    first = inspections.findings_of(tws, insp)[0]
    findings.transition(tws, first.id, Action.START)
    findings.transition(tws, first.id, Action.SUBMIT)
    _p, rev = documents.write_review(tws, order.id, tmp_path / "r.pdf", dt.date(2026, 3, 20))
    text = text_of(tmp_path / "r.pdf")
    assert rev == "沁建复查〔2026〕1号" and "整改复查意见书" in text
    assert f"2026年3月2日作出了责令限期整改指令书（{order_no}）" in text and "于2026年3月20日" in text
    assert "未建立燃气安全风险分级管控和隐患排查治理制度" in text and "已按要求整改完毕" in text
    assert "未整改完毕" in text and "上述第2项问题未整改完毕" in text and "立即整改" in text
    # results given by hand override the hazards' states
    view = documents.issue_review(tws, order.id, dt.date(2026, 3, 21), {1: True, 2: True})
    assert all(e.done for e in view.entries)
    with pytest.raises(AnchaError, match="早于指令书日期"):
        documents.issue_review(tws, order.id, dt.date(2026, 3, 1))


def test_record_has_number_officers_contact_evidence_and_refusal_line(tws: Workspace, tmp_path: Path) -> None:
    from PIL import Image

    from app.services import photos

    _office(tws)
    insp = _inspect(tws, {"GAS-003": 7})
    f = inspections.findings_of(tws, insp)[0]
    for colour in ("red", "blue"):
        src = tmp_path / f"{colour}.jpg"
        Image.new("RGB", (64, 48), colour).save(src)
        photos.add_photo(tws, src, finding_id=f.id)
    documents.write_record(tws, insp, tmp_path / "rec.pdf")
    text = text_of(tmp_path / "rec.pdf")
    assert "沁建检记〔" in text and "执法证号分别为14052101001、14052101002" in text
    assert (
        "餐饮用气场所未安装可燃气体报警装置或报警装置不能正常报警（部位：后厨操作间；证据：照片1、2）" in text
    )
    assert "现场负责人" in text and "李秀兰" in text and "拒绝签名" in text and "见证人" in text
    # the number is given once and kept
    again = documents.issue_record(tws, insp)
    assert again.number and again.number in text


def test_finding_keeps_its_items_sector_from_a_cross_sector_template(tws: Workspace) -> None:
    fire_line = checklists.build(tws.catalog, "fire", None)[0]
    checklists.save_template(
        tws, "饭店综合检查", "gas", None, [*checklists.build(tws.catalog, "gas", None), fire_line]
    )
    items = checklists.template_items(checklists.get_template(tws, "饭店综合检查"))
    insp = inspections.start_inspection(tws, _unit(tws), dt.date(2026, 3, 2), "李明、王强", "gas", items)
    line = next(ii for ii in insp.items if ii.item_id == fire_line.item_id)
    assert line.sector_id == "fire" and line.hazard == fire_line.hazard
    draft = inspections.finding_draft(tws, line.id)
    assert draft.sector_id == "fire" and draft.title == fire_line.hazard
    f = findings.create_finding(tws, draft)
    assert f.sector_id == "fire"


def test_old_template_lines_get_hazard_and_provisions_when_used(tws: Workspace) -> None:
    item = checklists.build(tws.catalog, "gas", None)[1]
    assert item.legal  # GAS-002 rests on 安全生产法第四十一条
    old = ChecklistItem(text=item.text, group=item.group, item_id=item.item_id)  # saved before round two
    insp = inspections.start_inspection(tws, _unit(tws), dt.date(2026, 3, 2), "李明、王强", "gas", [old])
    ii = insp.items[0]
    assert ii.hazard == item.hazard and ii.sector_id == "gas"
    assert ii.legal == ({"id": "aqsc-2021-41", "text": "《安全生产法》第四十一条"},)


def test_fire_documents_use_fire_names_and_power(tws: Workspace) -> None:
    settings.put(tws, "region", "沁水县")
    office = settings.office_for(tws, "fire")
    assert office.titles[DocKind.ORDER] == "责令改正通知书"
    assert "消防法" in office.power_basis and "第五十三条" in office.power_basis
    gas = settings.office_for(tws, "gas")
    assert gas.department.startswith("沁水县") and gas.power_basis.endswith("第六十五条")


def test_settings_refuse_bad_keys_and_blank_certificates(tws: Workspace) -> None:
    with pytest.raises(AnchaError, match="未知的设置项"):
        settings.put(tws, "colour", "red")
    with pytest.raises(AnchaError, match="未知的行业"):
        settings.put(tws, "office.space", "x")
    with pytest.raises(AnchaError, match="执法证号不能为空"):
        settings.save_inspector(tws, "李明", " ")
    settings.save_inspector(tws, "李明", "1")
    settings.save_inspector(tws, "李明", "2")
    assert [(o.name, o.cert_no) for o in settings.list_inspectors(tws)] == [("李明", "2")]


def test_renderers_draw_plain_views_without_a_database(tmp_path: Path) -> None:
    """Views built by hand: no workspace, no session, no query."""
    issuer = views.Issuer(
        "某县应急管理局", "某县人民政府", "某县人民法院", "《中华人民共和国安全生产法》第六十五条"
    )
    officers = [views.Officer("甲", "001"), views.Officer("乙", "002")]
    unit = views.UnitInfo("某某公司", address="某路1号", principal="丙")
    day = dt.date(2026, 5, 4)
    rec = views.RecordView(
        "现场检查记录",
        "某应急检记〔2026〕9号",
        issuer,
        unit,
        "车间",
        day,
        officers,
        "丁",
        10,
        10,
        [views.RecordEntry("安全出口锁闭", "二层", "照片3")],
    )
    order = views.OrderView(
        "责令限期整改指令书",
        "某应急责改〔2026〕9号",
        issuer,
        "某某公司",
        day,
        day,
        [
            views.OrderEntry("安全出口锁闭", "二层", ["《消防法》第二十八条"], day, True),
            views.OrderEntry(
                "未建立隐患排查治理制度", "", ["《安全生产法》第四十一条"], dt.date(2026, 6, 1), False
            ),
        ],
        officers,
    )
    review = views.ReviewView(
        "整改复查意见书",
        "某应急复查〔2026〕9号",
        issuer,
        "某某公司",
        order.title,
        order.number,
        day,
        dt.date(2026, 6, 2),
        [views.ReviewEntry("安全出口锁闭", "立即整改", "已按要求整改完毕", True)],
        officers,
    )
    field_forms_pdf.render_record(rec, tmp_path / "a.pdf")
    field_forms_pdf.render_order(order, tmp_path / "b.pdf")
    field_forms_pdf.render_review(review, tmp_path / "c.pdf")
    assert "安全出口锁闭（部位：二层；证据：照片3）" in text_of(tmp_path / "a.pdf")
    t = text_of(tmp_path / "b.pdf")
    assert "《消防法》第二十八条" in t and "对上述第1项问题立即整改" in t and "2026年6月1日前整改完毕" in t
    assert "某应急责改〔2026〕9号" in text_of(tmp_path / "c.pdf")


def test_reports_import_neither_services_nor_storage() -> None:
    import ast

    folder = Path(field_forms_pdf.__file__).parent
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for n in names:
                assert not n.startswith(("app.services", "app.storage", "sqlalchemy")), f"{path.name}: {n}"


def test_demo_orders_and_reviews_print(ws: Workspace, tmp_path: Path) -> None:
    orders = documents.orders_of(ws)
    assert orders
    o = orders[0]
    view = documents.order_view(ws, o.id)
    assert all(e.deadline or e.immediate for e in view.entries)
    with pytest.raises(AnchaError, match="已存在"):
        (tmp_path / "x.pdf").write_text("x")
        documents.write_order(ws, o.inspection_id, tmp_path / "x.pdf")
    assert len(documents.orders_of(ws)) == len(orders)  # refused before a number was used


def test_template_round_trip_through_excel(ws: Workspace, tmp_path: Path) -> None:
    custom = checklists.custom_item("后厨排烟罩每月清洗")
    items = [*checklists.build(ws.catalog, "gas", "gas-catering"), custom]
    path = checklist_xlsx.export_template(tmp_path / "t.xlsx", "饭店燃气检查", "gas", "gas-catering", items)
    # edit in "Excel": change a text, delete a row
    wb = load_workbook(path)
    sheet = wb["检查项目"]
    sheet["C2"] = "（修改后）" + str(sheet["C2"].value)
    sheet.delete_rows(3)
    wb.save(path)
    got = checklist_xlsx.import_template(path, "饭店燃气检查（改）")
    assert got.sector_id == "gas" and got.site_type_id == "gas-catering"
    assert len(got.items) == len(items) - 1
    assert got.items[0].text.startswith("（修改后）") and got.items[0].item_id == items[0].item_id
    assert got.items[-1].custom and got.items[-1].text == "后厨排烟罩每月清洗"
    checklists.save_template(ws, got.name, "gas", "gas-catering", got.items)
    again = checklists.template_items(checklists.get_template(ws, got.name))
    assert [i.text for i in again] == [i.text for i in got.items]


def test_bad_rows_are_reported_with_sheet_row_and_column(tmp_path: Path, ws: Workspace) -> None:
    items = checklists.build(ws.catalog, "roads", None)[:4]
    path = checklist_xlsx.export_template(tmp_path / "b.xlsx", "x", "roads", None, items)
    wb = load_workbook(path)
    sheet = wb["检查项目"]
    sheet["C3"] = None
    sheet["D4"] = "拍照、闻味"
    wb.save(path)
    with pytest.raises(AnchaError) as exc:
        checklist_xlsx.import_template(path)
    msg = str(exc.value)
    assert "第3行C列：检查内容为空" in msg and "第4行D列" in msg and "闻味" in msg


def test_hostile_or_broken_workbooks_refused(tmp_path: Path) -> None:
    not_zip = tmp_path / "x.xlsx"
    not_zip.write_text("hello")
    with pytest.raises(AnchaError, match="不是有效的 Excel"):
        checklist_xlsx.import_template(not_zip)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/big.xml", "0" * (60 * 1024 * 1024))
    with pytest.raises(AnchaError, match="过大"):
        checklist_xlsx.import_template(bomb)
    entity = tmp_path / "entity.xlsx"
    src = checklist_xlsx.export_template(
        tmp_path / "ok.xlsx", "x", None, None, [checklists.custom_item("检查项")]
    )
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(entity, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/sharedStrings.xml" or item.filename.endswith("sheet1.xml"):
                data = data.replace(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', b"", 1)
                data = (
                    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
                    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' + data
                )
            zout.writestr(item, data)
    with pytest.raises(AnchaError):
        checklist_xlsx.import_template(entity)


@pytest.mark.slow  # runs the CLI in subprocesses on demo data
def test_cli_register_officer_issue_order_and_review(tmp_path: Path, test_catalog: Path) -> None:
    import os
    import subprocess
    import sys

    url = f"sqlite:///{(tmp_path / 'c.db').as_posix()}"
    ws = Workspace(url, catalog_root=test_catalog)
    _office(ws)
    insp = _inspect(ws, {"GAS-002": 0, "GAS-003": 15})
    ws.close()
    env = {**os.environ, "ANCHA_HOME": str(tmp_path), "ANCHA_CATALOG": str(test_catalog)}

    def run(*a: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app", "--db", url, *a],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
        )

    got = run("settings", "inspector", "孙立", "14052109999")
    assert got.returncode == 0 and "14052109999" in got.stdout
    assert "孙立\t14052109999" in run("settings", "inspectors").stdout
    order = run("print", "order", insp.hex[:8], "--date", "2026-03-02", "-o", "o.pdf")
    assert order.returncode == 0 and "沁建责改〔2026〕1号" in order.stdout, order.stderr
    again = run("print", "order", insp.hex[:8], "--again", "沁建责改〔2026〕1号", "-o", "o2.pdf")
    assert again.returncode == 0 and text_of(tmp_path / "o2.pdf") == text_of(tmp_path / "o.pdf")
    bad = run("print", "review", "沁建责改〔2026〕1号", "--not-done", "7", "-o", "r.pdf")
    assert bad.returncode == 1 and "1至2之间" in bad.stderr and "Traceback" not in bad.stderr
    rev = run(
        "print", "review", "沁建责改〔2026〕1号", "--date", "2026-03-20", "--not-done", "2", "-o", "r.pdf"
    )
    assert rev.returncode == 0, rev.stderr
    text = text_of(tmp_path / "r.pdf")
    assert "上述第2项问题未整改完毕" in text and "已按要求整改完毕" in text
    missing = run("print", "review", "沁建责改〔2026〕99号", "-o", "x.pdf")
    assert missing.returncode == 1 and "找不到责令限期整改指令书" in missing.stderr


def test_upgrade_gives_old_findings_their_hazard_wording_and_sector(
    tmp_path: Path, test_catalog: Path
) -> None:
    """A database from before round two: a line without hazard wording, a finding named
    "不符合：" + the compliant text and filed under the template's sector."""
    from sqlalchemy import update

    from app.services.inspections import BACKFILL_KEY, backfill_wording
    from app.storage.models import Finding, InspectionItem, Setting

    ws = sqlite_ws(tmp_path, "old.db", catalog_root=test_catalog)
    fire_line = checklists.build(ws.catalog, "fire", None)[0]
    insp = inspections.start_inspection(
        ws,
        _unit(ws),
        dt.date(2026, 3, 2),
        "李明、王强",
        "gas",
        [*checklists.build(ws.catalog, "gas", None), fire_line],
    )
    line = next(ii for ii in insp.items if ii.item_id == fire_line.item_id)
    f = findings.create_finding(ws, inspections.finding_draft(ws, line.id))
    with ws.db.session() as s:  # as the first round stored them
        s.execute(update(InspectionItem).values(hazard=None, legal=None, sector_id=None))
        s.execute(update(Finding).values(title=f"不符合：{line.text}", sector_id="gas", legal=None))
        s.delete(s.get(Setting, BACKFILL_KEY))
    assert backfill_wording(ws) == 1
    got = findings.get_finding(ws, f.id)
    assert got.title == fire_line.hazard and got.sector_id == "fire"
    assert [e.field for e in findings.history(ws, f.id)][-2:] == ["title", "sector_id"]
    again = inspections.get_inspection(ws, insp.id)
    assert all(ii.hazard for ii in again.items) and {ii.sector_id for ii in again.items} == {"gas", "fire"}
    assert backfill_wording(ws) == 0  # once
