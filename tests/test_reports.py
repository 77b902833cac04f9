from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from app.core.errors import AnchaError
from app.core.findings import Level
from app.reports import checklist_pdf
from app.services import checklists, documents, exports, inspections, ledger
from app.services.inspection_list import inspection_rows
from app.services.workspace import Workspace
from app.storage.models import Finding
from tests.helpers import sqlite_ws


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory, shipped_demo_file: Path) -> Workspace:
    """The demo data on the shipped catalog, this module's own copy."""
    folder = tmp_path_factory.mktemp("reports")
    shutil.copyfile(shipped_demo_file, folder / "t.db")
    return sqlite_ws(folder)


def text_of(path: Path) -> str:
    return "".join(p.extract_text() for p in PdfReader(path).pages).replace(" ", "").replace("\n", "")


def test_checklist_pdf_has_items_and_grows(ws: Workspace, tmp_path: Path) -> None:
    items = checklists.build(ws.catalog, "gas", "gas-catering")
    small = checklist_pdf.write_checklist(tmp_path / "s.pdf", items[:3], ws.catalog, sector_id="gas")
    big = checklist_pdf.write_checklist(
        tmp_path / "b.pdf",
        checklists.build(ws.catalog, "fire", None, with_common=True),
        ws.catalog,
        sector_id="fire",
    )
    text = text_of(small)
    assert "燃气安全生产检查表" in text and items[0].text[:10] in text
    assert "第1页共1页" in text and "被检查单位负责人" in text
    assert len(PdfReader(big).pages) > len(PdfReader(small).pages)
    assert "第1页共" in text_of(big)
    with pytest.raises(AnchaError, match="已存在"):
        checklist_pdf.write_checklist(tmp_path / "s.pdf", items[:3], ws.catalog)


def test_pdf_embeds_a_subset_truetype_font(ws: Workspace, tmp_path: Path) -> None:
    path = checklist_pdf.write_checklist(tmp_path / "f.pdf", checklists.build(ws.catalog, "roads", None)[:2])
    fonts = PdfReader(path).pages[0]["/Resources"]["/Font"]
    names = [str(f.get_object()["/BaseFont"]) for f in fonts.values()]
    assert any("+" in n for n in names), names  # a subset-embedded TrueType font: /AAAAAA+Name
    assert all("+" in n for n in names), names  # and no unembedded base font (Helvetica) either


def _major(ws: Workspace) -> Finding:
    with ws.db.session() as s:
        return s.execute(select(Finding).where(Finding.level == Level.MAJOR.value)).scalars().first()


def test_dual_report_pair_and_general_refused(ws: Workspace, tmp_path: Path) -> None:
    f = _major(ws)
    path = documents.write_dual_report(ws, f.id, tmp_path / "d.pdf")
    text = text_of(path)
    assert len(PdfReader(path).pages) == 3
    for words in (
        "重大事故隐患报告表",
        "报负有安全生产监督管理职责的部门",
        "向职工大会或者职工代表大会报告",
        "治理验收及销号记录",
        f.unit.name,
        "主要负责人（签字）",
        "单位（盖章）",
        "隐患现状及产生原因",
        "危害程度和整改难易程度",
        "治理的目标和任务",
        "经费和物资",
        "负责治理的机构和人员",
        "安全措施和应急预案",
        "联系人及电话",
        "会议日期",
        "参会情况",
        "治理情况评估",
    ):
        assert words in text, words
    with ws.db.session() as s:
        general = s.execute(select(Finding).where(Finding.level == Level.GENERAL.value)).scalars().first()
    with pytest.raises(AnchaError, match="一般隐患"):
        documents.write_dual_report(ws, general.id, tmp_path / "g.pdf")
    found = documents.open_major_hazards(ws, None, None)
    batch = documents.write_dual_reports(ws, found, tmp_path / "all.pdf")
    assert len(PdfReader(batch).pages) == 3 * len(found)


def test_inspection_record(ws: Workspace, tmp_path: Path) -> None:
    insp = inspection_rows(ws)[0]
    path = documents.write_inspection(ws, insp.id, tmp_path / "i.pdf")
    text = text_of(path)
    assert "现场检查记录" in text and insp.unit in text and "发现的隐患" in text


def test_findings_workbook(ws: Workspace, tmp_path: Path) -> None:
    flt = ledger.FindingFilter()
    n = exports.write_findings(ws, flt, tmp_path / "f.xlsx")
    assert n == ledger.count(ws, flt)
    wb = load_workbook(tmp_path / "f.xlsx")
    sheet = wb["隐患台账"]
    assert sheet.max_row == n + 1
    heads = [c.value for c in sheet[1]]
    assert heads[:3] == ["序号", "被检查单位", "隐患名称"] and sheet["B1"].font.b
    assert sheet.freeze_panes == "D2" and sheet.auto_filter.ref
    found = sheet.cell(2, heads.index("发现日期") + 1)
    title = sheet.cell(2, heads.index("隐患名称") + 1)
    assert title.value and title.alignment.wrap_text  # long texts wrap in their column
    assert not found.alignment.wrap_text and not sheet.cell(2, heads.index("级别") + 1).alignment.wrap_text
    assert isinstance(found.value, dt.datetime)  # real date cells
    assert found.number_format == "yyyy-mm-dd"
    # every column an inspector fills is in the workbook, on one of the three sheets
    from app.reports.findings_xlsx import COLUMNS, SHEETS

    written = {c.value for name in SHEETS for c in wb[name][1]}
    assert written == {h for h, _w in COLUMNS}
    for needed in ("隐患描述", "发现人", "验收意见", "销号签字领导", "治理目标和任务", "违反的规定"):
        assert needed in written
    for name in (*SHEETS, "汇总"):  # print setup: landscape A4, one page wide, header row repeated
        ps = wb[name].page_setup
        assert (ps.orientation, ps.paperSize, ps.fitToWidth, ps.fitToHeight) == ("landscape", 9, 1, 0)
        assert wb[name].sheet_properties.pageSetUpPr.fitToPage
        assert wb[name].print_title_rows.replace("$", "") == "1:1"
    assert wb["汇总"].row_breaks.brk  # the chart after a page break
    lists = {dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert '"一般隐患,重大事故隐患"' in lists and any("已销号" in f for f in lists)
    assert wb["汇总"]._charts
    summary = [
        r for r in wb["汇总"].iter_rows(min_row=2, values_only=True) if r[1] in {lv.label for lv in Level}
    ]
    assert all(r[-1] <= r[-2] for r in summary)  # overdue within the row's own total
    assert sum(r[-1] for r in summary) == ledger.count(ws, ledger.FindingFilter(overdue=True))
    majors = exports.write_findings(ws, ledger.FindingFilter(level="major"), tmp_path / "m.xlsx")
    assert 0 < majors < n


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_findings_workbook_prints_one_page_wide_with_the_header_on_every_page(
    ws: Workspace, tmp_path: Path
) -> None:
    from app.reports.findings_xlsx import SHEETS

    path = exports.write_findings(ws, ledger.FindingFilter(), tmp_path / "f.xlsx") and tmp_path / "f.xlsx"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pages = [p.extract_text() for p in PdfReader(tmp_path / "f.pdf").pages]
    ledger_pages = [t for t in pages if "销号签字" in t or "恢复生产" in t or "判定依据" in t]
    assert len(ledger_pages) >= len(SHEETS)
    for text in ledger_pages:  # each page carries the header row and the sheet's last column
        assert "序号" in text and "被检查单位" in text
    assert sum("销号日期" in t for t in pages) >= 2  # the first sheet's last column on every one of its pages
    # the chart on a page of its own after the summary table (only the repeated header above it)
    assert "隐患数量" in pages[-1] and "说明" not in pages[-1]
    assert "说明" in pages[-2] and "隐患数量" not in pages[-2]


@pytest.mark.slow  # end-to-end through subprocesses building demo databases
def test_cli_print_and_export(tmp_path: Path) -> None:
    env = {**os.environ, "ANCHA_HOME": str(tmp_path)}
    url = f"sqlite:///{(tmp_path / 'c.db').as_posix()}"

    def run(*a: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app", "--db", url, *a],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
        )

    assert run("demo").returncode == 0
    assert (
        run("print", "checklist", "--sector", "燃气", "--site", "gas-catering", "-o", "a.pdf").returncode == 0
    )
    assert run("print", "dual-reports", "-o", "b.pdf").returncode == 0
    assert run("export", "findings", "--overdue", "-o", "c.xlsx").returncode == 0
    again = run("print", "checklist", "--sector", "gas", "-o", "a.pdf")
    assert again.returncode == 1 and "已存在" in again.stderr
    bad = run("print", "dual-report", "zzz", "-o", "x.pdf")
    assert bad.returncode == 1 and "编号" in bad.stderr and "Traceback" not in bad.stderr
    for name in ("a.pdf", "b.pdf", "c.xlsx"):
        assert (tmp_path / name).stat().st_size > 1000


def test_inspection_record_with_photos_and_a_missing_one(ws: Workspace, tmp_path: Path) -> None:
    from PIL import Image

    from app.services import photos

    insp = inspections.get_inspection(ws, inspection_rows(ws)[1].id)
    for i, colour in enumerate(("red", "blue")):
        src = tmp_path / f"p{i}.jpg"
        Image.new("RGB", (800, 600), colour).save(src)
        photos.add_photo(ws, src, inspection_item_id=insp.items[i].id)
    gone = photos.photos_of_item(ws, insp.items[1].id)[0]
    photos.photo_path(ws, gone).unlink()
    path = documents.write_inspection(ws, insp.id, tmp_path / "p.pdf")
    text = text_of(path)
    assert "现场照片" in text and "照片文件缺失" in text
    reader = PdfReader(path)
    images = [img for page in reader.pages for img in page.images]
    assert len(images) == 1  # the photo that still exists, as a thumbnail
