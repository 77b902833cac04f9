from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.core.errors import AnchaError
from app.reports import checklist_xlsx, field_forms_pdf, settings
from app.services import checklists, demo, inspections
from app.services.workspace import Workspace
from tests.helpers import sqlite_ws


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    w = sqlite_ws(tmp_path_factory.mktemp("forms"))
    demo.fill(w)
    return w


def text_of(path: Path) -> str:
    return "".join(p.extract_text() for p in PdfReader(path).pages).replace(" ", "").replace("\n", "")


def test_order_numbers_and_review_refers_back(ws: Workspace, tmp_path: Path) -> None:
    settings.put(ws, "doc_prefix", "沁应急")
    settings.put(ws, "office", "沁水县应急管理局")
    insp = inspections.list_inspections(ws)[0]
    _p, first = field_forms_pdf.write_order(ws, insp.id, tmp_path / "o1.pdf")
    _p, second = field_forms_pdf.write_order(ws, insp.id, tmp_path / "o2.pdf")
    year = dt.date.today().year
    assert first == f"沁应急责改〔{year}〕1号" and second == f"沁应急责改〔{year}〕2号"
    text = text_of(tmp_path / "o1.pdf")
    assert "责令限期整改指令书" in text and "经查，你单位存在下列问题" in text
    assert "行政复议" in text and "一式两份" in text and insp.unit.name in text
    _p, rev = field_forms_pdf.write_review(ws, insp.id, tmp_path / "r.pdf", first, dt.date(year, 3, 1))
    rtext = text_of(tmp_path / "r.pdf")
    assert "整改复查意见书" in rtext and first in rtext and rev.startswith("沁应急复查")
    field_forms_pdf.write_record(ws, insp.id, tmp_path / "rec.pdf")
    assert "请过目确认" in text_of(tmp_path / "rec.pdf")


def test_unknown_setting_refused(ws: Workspace) -> None:
    with pytest.raises(AnchaError, match="未知的设置项"):
        settings.put(ws, "colour", "red")


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
