from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.notices.classify import classify, load_lexicon
from app.notices.parse import Clause, parse_notice
from app.notices.readers import NoticeReadError, read_text
from app.services import notices
from tests.helpers import SEEDS, run_cli, sqlite_ws

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="seed notices not present")

EXPECTED = {
    "000": ("沁政发〔2025〕1号", "沁水县人民政府", dt.date(2025, 3, 25), 2025, 22, "（二十二）"),
    "001": ("平政发〔2024〕1号", "平陆县人民政府", None, 2024, 31, "（三十一）"),
    "002": ("同政发〔2025〕1号", "大同市人民政府", dt.date(2025, 3, 6), 2025, 61, "第61条"),
    "003": ("襄政发〔2023〕1号", "襄垣县人民政府", dt.date(2023, 1, 20), 2023, 8, "八、"),
    "004": ("晋市政发〔2022〕1号", "晋城市人民政府", dt.date(2022, 3, 1), 2022, 20, "第20条"),
}


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


@needs_seeds
@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_each_seed_notice_parses(prefix: str) -> None:
    doc_no, issuer, date, year, count, last = EXPECTED[prefix]
    n = parse_notice(read_text(seed(prefix)))
    assert (n.doc_no, n.issuer, n.date, n.year) == (doc_no, issuer, date, year)
    assert len(n.top_level) == count
    assert n.top_level[-1].label == last
    assert "安全生产" in n.title and n.title.endswith("通知")
    assert all(c.text or any(s.parent == c.label for s in n.clauses) for c in n.top_level)


@needs_seeds
def test_jincheng_sector_headings_become_citable_parts() -> None:
    n = parse_notice(read_text(seed("004")))
    labels = [c.label for c in n.clauses]
    for sector in ("煤矿", "燃气", "消防", "交通运输", "非煤矿山"):
        assert f"第8条（{sector}）" in labels


@needs_seeds
def test_departments_are_taken_out_but_kept() -> None:
    n = parse_notice(read_text(seed("000")))
    c = n.clauses[10]  # （十一）
    assert c.label == "（十一）"
    assert any("负有安全生产监管职责的部门" in d for d in c.departments)
    assert "负责）" not in c.text
    tong = parse_notice(read_text(seed("002")))
    c4 = tong.clauses[3]
    assert c4.departments and "责任单位" not in c4.text and "市教育局" in c4.departments[0]


@needs_seeds
def test_ping_lost_clause_number_is_recovered() -> None:
    n = parse_notice(read_text(seed("001")))
    four = next(c for c in n.clauses if c.label == "（四）")
    assert four.heading == "推动落实全员安全责任"


@needs_seeds
def test_same_clauses_from_docx_and_pdf(tmp_path: Path) -> None:
    from docx import Document

    text = read_text(seed("000"))
    doc = Document()
    for line in text.splitlines():
        doc.add_paragraph(line)
    doc.save(tmp_path / "n.docx")
    base = parse_notice(text)
    from_docx = parse_notice(read_text(tmp_path / "n.docx"))

    def norm(n):  # type: ignore[no-untyped-def]
        return [(c.label, re.sub(r"[\s。]+", "", c.heading + c.text)) for c in n.clauses]

    assert norm(from_docx) == norm(base)
    assert from_docx.doc_no == base.doc_no
    # a text PDF, laid out by ReportLab with a CJK font
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from app.reports.fonts import register

    style = ParagraphStyle("p", fontName=register(), fontSize=9, leading=12, wordWrap="CJK")
    story = [
        Paragraph(line.replace("&", "&amp;").replace("<", "&lt;"), style)
        for line in text.splitlines()
        if line.strip()
    ]
    SimpleDocTemplate(str(tmp_path / "n.pdf"), pagesize=A4).build(story)
    from_pdf = parse_notice(read_text(tmp_path / "n.pdf"))
    assert [c.label for c in from_pdf.clauses] == [c.label for c in base.clauses]
    assert (from_pdf.doc_no, from_pdf.issuer, from_pdf.date) == (base.doc_no, base.issuer, base.date)
    for a, b in zip(norm(from_pdf), norm(base), strict=True):
        assert a[1][:40] == b[1][:40] and abs(len(a[1]) - len(b[1])) <= len(b[1]) // 20


def test_unsupported_and_broken_files(tmp_path: Path) -> None:
    (tmp_path / "a.xls").write_bytes(b"x")
    with pytest.raises(NoticeReadError, match="不支持的文件类型"):
        read_text(tmp_path / "a.xls")
    (tmp_path / "b.docx").write_bytes(b"not a zip")
    with pytest.raises(NoticeReadError, match="Word"):
        read_text(tmp_path / "b.docx")


def test_classify_sectors_and_internal_tasks() -> None:
    lex = load_lexicon()
    gas = Clause(1, "（一）", "", "餐饮场所使用燃气必须安装可燃气体报警装置。", [])
    study = Clause(2, "（二）", "", "要将安全生产重要论述作为第一议题及时跟进学习，定期组织专题学习。", [])
    both = Clause(3, "（三）", "", "着力解决燃气管道和电动自行车充电引发火灾的消防隐患问题。", [])
    m = classify([gas, study, both], lex)
    assert m[0].sectors[0] == "gas" and m[0].checkable
    assert not m[1].checkable
    assert {"gas", "fire"} <= set(m[2].sectors)


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("（）()一二三四五六七八九十1234567890.、：\n 燃气消防。；号政发〔〕年月日人民政府关于通知")
        ),
        max_size=400,
    )
)
def test_parser_never_raises(text: str) -> None:
    parse_notice(text)


@needs_seeds
def test_import_marks_cited_clauses_covered_and_applies_new(tmp_path: Path) -> None:
    from app.core.proposals import ItemDraft, MeasureKind, ProposalStatus

    ws = sqlite_ws(tmp_path)
    r = notices.analyse(ws, seed("002"))
    by_clause = {}
    for p in r.proposals:
        by_clause.setdefault(p.measure.clause, []).append(p)
    for label in ("第37条", "第38条", "第28条"):  # clauses the shipped catalog cites
        assert any(p.status == "covered" for p in by_clause[label]), label
    assert r.counts()[ProposalStatus.INTERNAL] > 0
    # the catalog covers 002: its government work is not "new"; 001 still has a duty the catalog lacks
    r = notices.analyse(ws, seed("001"))
    assert r.counts()[ProposalStatus.NEW] > 0
    assert all(p.measure.kind is MeasureKind.DUTY for p in r.proposals if p.status is ProposalStatus.NEW)
    before = len(ws.catalog.items)
    # notice prose is never stored: without a written item every "new" proposal is left for review
    report = notices.accept_new(ws, r)
    assert report.made == [] and len(report.refused) == r.counts()[ProposalStatus.NEW]
    assert len(ws.catalog.items) == before
    first = next(i for i, p in enumerate(r.proposals) if p.status is ProposalStatus.NEW)
    provision = next(iter(ws.catalog.provisions))
    draft = ItemDraft("场所已设置安全警示标志", "场所未设置安全警示标志", (provision,))
    report = notices.accept_new(ws, r, {first: (draft, "fire")})
    assert len(report.made) == 1 and len(ws.catalog.items) == before + 1
    item = ws.catalog.items[report.made[0]]
    assert item.origin == "user" and ws.catalog.basis_text(item).startswith("平政发〔2024〕1号")
    assert (item.hazard, item.legal) == ("场所未设置安全警示标志", (provision,))
    again = sqlite_ws(tmp_path)  # kept in the database: a new session sees the items
    assert report.made[0] in again.catalog.items


@needs_seeds
def test_cli_notices_import_json(tmp_path: Path) -> None:
    env = {**os.environ, "ANCHA_HOME": str(tmp_path)}
    db = f"sqlite:///{tmp_path / 'n.db'}"
    out = run_cli("--db", db, "notices", "import", str(seed("001")), "--json", env=env)
    assert out.returncode == 0, out.stderr
    import json

    data = json.loads(out.stdout)
    assert data["doc_no"] == "平政发〔2024〕1号" and data["year"] == 2024
    assert len([c for c in data["clauses"] if "（" in c["label"]]) >= 31
    bad = run_cli("notices", "import", str(tmp_path / "none.txt"), env=env)
    assert bad.returncode == 1 and "文件不存在" in bad.stderr


@needs_seeds
def test_covered_notices_propose_no_government_work_as_new(tmp_path: Path) -> None:
    """Re-importing the seed notices the catalog was built from: no measure labelled by hand as
    government work (seed_kinds.yaml: 140 drawn at random, and the 8 once proposed as 新增 on
    re-import) is proposed as a new item."""
    import yaml

    from app.core.proposals import ProposalStatus

    labels = yaml.safe_load(
        (Path(__file__).parent / "data" / "notices" / "seed_kinds.yaml").read_text(encoding="utf-8")
    )
    internal = {
        (r["seed"], r["clause"], r["starts"])
        for part in ("sample", "holdout", "reimport")
        for r in labels[part]
        if r["kind"] == "internal"
    }
    ws = sqlite_ws(tmp_path)
    checked = 0
    for prefix in sorted(EXPECTED):
        r = notices.analyse(ws, seed(prefix))
        for p in r.proposals:
            if (prefix, p.measure.clause, p.measure.text[:16]) in internal:
                checked += 1
                assert p.status is not ProposalStatus.NEW, p.measure.text
    assert checked >= 100
