"""Forms printed from plain lines (pdf_base.Styles.lines): the same lines a Paragraph prints, each
form its own values, short rows never torn across pages."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from app.reports import dual_report_pdf
from app.reports.pdf_base import SHORT_LINES, Styles, esc, form_table, write_pdf
from app.reports.views import DualReportView, UnitInfo

TEXTS = [
    "单位名称",
    "统一社会信用代码",
    "隐患现状及产生原因",
    "负责治理的机构和人员",
    "液化石油气钢瓶与灶具间距不足，软管老化龟裂；现场未设置可燃气体报警装置。",
    "后厨 燃气管道  穿越　卧室（已封堵）",  # spaces a Paragraph collapses
    "《城镇燃气管理条例》第二十八条，GB 50028-2006 Code for design of city gas engineering",
    "（一）、（二）。，，，；：。、？！）》」』】〕〉”’…",  # marks that never begin a line
    "0356-7083972",
]


def _paragraph_lines(text: str, style: object, width: float) -> list[str]:
    p = Paragraph(esc(text), style)  # type: ignore[arg-type]
    p.wrap(width, 10_000)
    return ["".join(words) for _space, words in p.blPara.lines]


@pytest.mark.parametrize("width", [24 * mm, 30 * mm, 57 * mm, 144 * mm])
def test_lines_are_the_paragraphs_lines(width: float) -> None:
    st = Styles()
    for style in (st.label, st.cell, st.small):
        for text in TEXTS:
            want = _paragraph_lines(text, style, width)
            got = st.lines(text, style, width)
            if len(want) > SHORT_LINES:
                assert got is None
            else:
                assert got is not None and got.split("\n") == want, (text, width)


def test_texts_only_a_paragraph_prints_stay_paragraphs() -> None:
    st = Styles()
    for text in ("A&B 公司", "<b>不是标记</b>", "第一行\n第二行", "　", "", "长" * 400):
        assert st.lines(text, st.cell, 60 * mm) is None, text


def _view(n: int) -> DualReportView:
    return DualReportView(
        unit=UnitInfo(name=f"第{n}号测试商贸有限公司", principal=f"负责人{n}号", phone=f"0356-70000{n}"),
        title=f"第{n}号隐患：液化石油气钢瓶存放在地下室",
        location="地下一层",
        description="",
        basis="",
        legal="",
        level="重大事故隐患",
        discovery="执法检查发现",
        cause="",
        harm="",
        goal="",
        measures=f"第{n}号措施：钢瓶移出地下室，改设气瓶间",
        materials="",
        organisation="",
        deadline=None,
        contingency="",
        contact="",
        stopped="",
        stopped_any=False,
        supervision="",
        reported_dept="",
        reported_dept_on=None,
        workers_how="",
        workers_on=None,
        workers_attendance="",
        status="待整改",
        accepted_by="",
        accepted_on=None,
        acceptance_note="",
        assessment="",
        resume_requested_on=None,
        closed_on=None,
        closed_by="",
    )


def _pages(path: Path) -> list[str]:
    return [(p.extract_text() or "").replace("\n", "").replace(" ", "") for p in PdfReader(path).pages]


def test_each_pair_in_a_batch_prints_its_own_values(tmp_path: Path) -> None:
    views = [_view(1), _view(2), _view(1)]  # the third repeats the first: cached lines reused
    path = dual_report_pdf.render_batch(views, tmp_path / "batch.pdf")
    pages = _pages(path)
    assert len(pages) == 9
    for i, own in enumerate((1, 2, 1)):
        other = 3 - own
        text = "".join(pages[3 * i : 3 * i + 3])
        for value in (f"第{own}号测试商贸有限公司", f"第{own}号隐患", f"第{own}号措施", f"负责人{own}号"):
            assert value in text, (i, value)
        assert f"第{other}号" not in text, i
        assert "统一社会信用代码" in pages[3 * i] and "隐患现状及产生原因" in pages[3 * i]
        # the texts every pair prints alike (one shared Paragraph each) on every pair's pages
        titles = ("重大事故隐患报告表", "重大事故隐患情况报告", "重大事故隐患治理验收及销号记录")
        for page, title in zip(pages[3 * i : 3 * i + 3], titles, strict=True):
            assert title in page, (i, title)
        assert "一、隐患基本情况" in pages[3 * i] and "挂牌督办单位（盖章）" in pages[3 * i + 2]


def test_a_short_row_moves_whole_to_the_next_page(tmp_path: Path) -> None:
    st = Styles()
    pairs = [(f"标签{i:02d}", f"值{i:02d}" + "钢瓶间距不足" * (i % 7) * 6) for i in range(70)]
    path = write_pdf(tmp_path / "rows.pdf", [form_table(pairs, st, cols=1, label_w=30 * mm)], "行")
    pages = _pages(path)
    assert len(pages) > 2
    for label, value in pairs:  # each label with its whole value on one page
        assert sum(label in text and value in text for text in pages) == 1, label


def test_checklist_rows_move_whole_and_keep_their_text(demo_ws: Any, tmp_path: Path) -> None:
    from app.reports import checklist_pdf
    from app.services import checklists

    cat = demo_ws.catalog
    items = [it for s in cat.sorted_sectors(include_common=True) for it in checklists.build(cat, s.id, None)]
    items = [  # each its own text, so that a torn row cannot be found whole elsewhere
        dataclasses.replace(it, text=f"{it.text}（第{i}项）")
        for i, it in enumerate((items * (120 // len(items) + 1))[:120])
    ]
    path = checklist_pdf.write_checklist(tmp_path / "cl.pdf", items, cat, sector_id="gas")
    pages = _pages(path)
    assert len(pages) > 3
    # the header once a page: ReportLab tore a row that did not fit, repeating the header above
    # an empty sliver of it at the foot of the page
    assert [page.count("序号检查内容检查方法") for page in pages] == [1] * len(pages)
    for it in items:  # each item's text and basis whole on one page
        text, basis = (x.replace(" ", "").replace("\n", "") for x in (it.text, it.basis))
        assert any(text in page and basis in page for page in pages), it.text
    marked = sum(bool(it.criteria) for it in items)
    assert "".join(pages).count("【可能构成重大事故隐患】") == marked + 1  # and once in the note


def test_signature_lines_stay_together(tmp_path: Path) -> None:
    from reportlab.platypus import Spacer

    from app.reports.pdf_base import signature_lines

    st = Styles()
    pages = []
    for room in (30, 40, 50, 60):  # points left on the first page: room for one line, not two
        path = write_pdf(
            tmp_path / f"sign{room}.pdf",
            [Spacer(1, 748 - room), signature_lines(["检查人员", "被检查单位负责人"], st)],
            "签字",
        )
        pages += [[("检查人员：" in p, "被检查单位负责人：" in p) for p in _pages(path)]]
    for found in pages:
        assert (True, True) in found, found  # both on one page, whichever
