"""The notice parser on the five seed notices, the readers, the classifier and the matcher."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.errors import AnchaError
from app.notices.classify import classify, load_lexicon
from app.notices.match import match_measures
from app.notices.parse import Clause, Notice, normalise_doc_no, parse_notice
from app.notices.readers import NoticeReadError, read_text

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="seed notices not present")

# prefix: 文号, issuer, date, year, top-level clauses, first label, last label
EXPECTED = {
    "000": ("沁政发〔2025〕1号", "沁水县人民政府", dt.date(2025, 3, 25), 2025, 22, "（一）", "（二十二）"),
    "001": ("平政发〔2024〕1号", "平陆县人民政府", None, 2024, 31, "（一）", "（三十一）"),
    "002": ("同政发〔2025〕1号", "大同市人民政府", dt.date(2025, 3, 6), 2025, 61, "第1条", "第61条"),
    "003": ("襄政发〔2023〕1号", "襄垣县人民政府", dt.date(2023, 1, 20), 2023, 8, "一、", "八、"),
    "004": ("晋市政发〔2022〕1号", "晋城市人民政府", dt.date(2022, 3, 1), 2022, 20, "第1条", "第20条"),
}
JINCHENG_SECTORS = ("煤矿", "危险化学品", "交通运输", "非煤矿山", "建筑施工", "燃气", "消防", "冶金制造")


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def parsed(prefix: str) -> Notice:
    return parse_notice(read_text(seed(prefix)))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def by_label(n: Notice, label: str) -> Clause:
    return next(c for c in n.clauses if c.label == label)


@needs_seeds
@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_header_and_clause_count(prefix: str) -> None:
    doc_no, issuer, date, year, count, first, last = EXPECTED[prefix]
    n = parsed(prefix)
    assert (n.doc_no, n.issuer, n.date, n.year) == (doc_no, issuer, date, year)
    assert n.title.startswith(issuer + "关于做好") and n.title.endswith("通知")
    top = n.top_level
    assert len(top) == count
    assert (top[0].label, top[-1].label) == (first, last)
    assert [c.number for c in top] == list(range(1, count + 1))
    for c in top:  # every clause has text of its own or sector parts
        assert c.text or any(s.parent == c.label for s in n.clauses), c.label
        assert "人民政府办公室" not in c.text and "抄送" not in c.text  # signature block left out


@needs_seeds
def test_labels_and_parents_follow_each_numbering() -> None:
    tong = parsed("002")
    c37 = by_label(tong, "第37条")
    assert c37.parent == "（十一）" and c37.parent_heading == "着力从根本上解决重大问题"
    assert c37.text.startswith("着力解决燃气老旧管网带病运行") and c37.heading == ""
    # 大同's numbered items are measures, not headings: the first sentence stays in the text
    assert by_label(tong, "第3条").text.startswith("组织开展安全生产月")
    qin = parsed("000")
    assert by_label(qin, "（十一）").heading == "着力从根本上解决重大问题"
    assert by_label(qin, "（三）").heading == "深化警示教育"
    assert by_label(qin, "（三）").parent == "一、"
    ping = parsed("001")
    assert by_label(ping, "（十六）").heading == "燃气领域专项整治"
    assert by_label(ping, "（四）").heading == "推动落实全员安全责任"  # its number was lost


@needs_seeds
def test_jincheng_sector_parts_of_clause_8() -> None:
    n = parsed("004")
    eight = by_label(n, "第8条")
    assert eight.heading == "深化安全生产专项整治三年行动" and eight.text  # 8 keeps its own lead text
    parts = [c for c in n.clauses if c.parent == "第8条"]
    assert [c.label for c in parts] == [f"第8条（{s}）" for s in JINCHENG_SECTORS]
    assert all(c.sub and c.number == 8 and c.text for c in parts)
    gas = by_label(n, "第8条（燃气）")
    assert "可燃气体报警装置" in gas.text and "**" not in gas.text
    assert n.clauses.index(eight) + 1 == n.clauses.index(parts[0])  # parts follow their clause


@needs_seeds
def test_xiangyuan_scan_is_put_back_together() -> None:
    n = parsed("003")
    one, two = by_label(n, "一、"), by_label(n, "二、")
    assert one.heading == "全面学习贯彻落实党的二十大精神和习近平总书记关于安全生产的重要论述"
    # the heading 二、 the scan dropped into 一's first sentence is moved back to the paragraph end
    assert "习近平总书记关于安全生产工作的重要论述" in one.text
    assert one.text.endswith("确保全县安全生产形势稳定向好。")
    assert two.heading == "严格落实安全生产责任，全方位拧紧扣牢责任链"
    assert two.text.startswith("认真贯彻《中共中央办公厅国务院办公厅")
    assert by_label(n, "七、").heading == "加强应急救援准备，提高应对突发事件处置能力"
    for c in n.clauses:  # lines joined: no spaces inside Chinese text, no stray "条"
        assert not re.search(r"[\u4e00-\u9fa5]\s+[\u4e00-\u9fa5]", c.text), c.label
        assert not c.text.startswith("条")
    assert "燃气" in by_label(n, "六、").text


@needs_seeds
def test_lines_broken_across_blank_lines_are_joined() -> None:
    tong = parsed("002")
    assert "入户提醒" in by_label(tong, "第3条").text
    assert "承诺制度，严格落实生产经营单位" in by_label(tong, "第7条").text
    qin = parsed("000")
    assert "“警示教育月”活动，围绕复工复产" in by_label(qin, "（三）").text


@needs_seeds
def test_departments_taken_out_of_text_and_kept() -> None:
    qin = parsed("000")
    c = by_label(qin, "（十一）")
    assert c.departments == ["负有安全生产监管职责的部门负责"]
    assert "负责）" not in c.text
    tong = parsed("002")
    c37 = by_label(tong, "第37条")
    assert c37.departments and c37.departments[0].startswith("各县（区）人民政府")
    assert "市城市管理局" in c37.departments[0] and "责任单位" not in c37.departments[0]
    assert "责任单位" not in c37.text and "市城市管理局" not in c37.text
    ping = parsed("001")
    two = by_label(ping, "（二）")  # several department notes inside one clause
    assert len(two.departments) >= 3 and "负责）" not in two.text
    assert "县住建局牵头" in by_label(ping, "（十五）").departments[0]
    for prefix in ("000", "001", "002"):
        for cl in parsed(prefix).clauses:
            assert "责任单位：" not in cl.text and "负责）" not in cl.text, (prefix, cl.label)


def test_department_forms_and_other_parentheses() -> None:
    n = parse_notice(
        "某某县人民政府文件\n某政发[2024]3号\n某某县人民政府关于做好2024年安全生产工作的通知\n"
        "（一）加强燃气安全。餐饮场所必须安装可燃气体报警装置（牵头单位：县住建局；配合单位：县市场监管局）。\n"
        "（二）加强消防安全。人员密集场所（含商场）保持疏散通道畅通（县消防救援大队负责）。\n"
        "（三）加强道路安全。严查酒驾醉驾。\n（四）加强矿山安全。严查超层越界。\n（五）其他。其他领域也要开展整治。\n"
    )
    assert n.doc_no == "某政发〔2024〕3号" and n.year == 2024 and n.date is None
    one, two = n.clauses[0], n.clauses[1]
    assert one.departments == ["县住建局；配合单位：县市场监管局"] and "牵头" not in one.text
    assert two.departments == ["县消防救援大队负责"]
    assert "（含商场）" in two.text  # an ordinary parenthesis stays


def test_doc_no_forms_and_dates() -> None:
    for raw in ("襄政发(2023)1号", "襄政发[2023]1号", "襄政发〔 2023 〕1 号", "襄政发（2023）1号"):
        assert normalise_doc_no(raw) == "襄政发〔2023〕1号"
    body = "".join(f"（{c}）措施{c}。要求落实到位，加强检查指导。\n" for c in "一二三四五")
    head = "甲县人民政府文件\n甲政发（2025）2号\n甲县人民政府关于做好2025年安全生产工作的通知\n"
    cn = parse_notice(head + body + "甲县人民政府\n二〇二五年三月二十五日\n")
    assert cn.doc_no == "甲政发〔2025〕2号" and cn.date == dt.date(2025, 3, 25)
    assert len(cn.clauses) == 5 and cn.clauses[-1].text == "要求落实到位，加强检查指导。"
    undated = parse_notice(head + body)
    assert undated.date is None and undated.year == 2025


@needs_seeds
def test_parse_long_notice() -> None:
    """30,000 characters (大同's measures, renumbered, three times over) parse clause by clause.
    Its speed is measured by bench/run.py, not asserted here."""
    source = read_text(seed("002"))
    measures = [m.group(1) for m in re.finditer(r"^\d+\.\s*(.+)$", source, re.M)]
    body, n = [], 0
    while sum(map(len, body)) < 30_000:
        n += 1
        body.append(f"{n}. {measures[(n - 1) % len(measures)]}\n\n")
    head, _, _ = source.partition("一、")
    text = head + "".join(body) + "大同市人民政府\n\n2025年3月6日\n"
    assert len(text) >= 30_000
    assert len(parse_notice(text).clauses) == n


# --- readers ---------------------------------------------------------------------------------


def _norm_clauses(n: Notice) -> list[tuple[str, str, str]]:
    return [(c.label, squash(c.heading), squash(c.text)) for c in n.clauses]


@needs_seeds
def test_docx_gives_the_same_clauses(tmp_path: Path) -> None:
    from docx import Document

    text = read_text(seed("000"))
    doc = Document()
    for line in text.splitlines():
        if line.strip():
            doc.add_paragraph(line.strip())
    table = doc.add_table(rows=1, cols=2)  # a table after the body: read, and harmless
    table.rows[0].cells[0].text = "抄送"
    table.rows[0].cells[1].text = "县委各部门"
    doc.save(str(tmp_path / "n.docx"))
    base, got = parse_notice(text), parse_notice(read_text(tmp_path / "n.docx"))
    assert (got.doc_no, got.issuer, got.date) == (base.doc_no, base.issuer, base.date)
    assert _norm_clauses(got) == _norm_clauses(base)
    assert "县委各部门" in read_text(tmp_path / "n.docx")


def _pdf(text: str, path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    if "WQY" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQY", str(FONT), subfontIndex=0))
    style = ParagraphStyle("p", fontName="WQY", fontSize=10.5, leading=15, wordWrap="CJK")
    story = [
        Paragraph(line.strip().replace("&", "&amp;").replace("<", "&lt;"), style)
        for line in text.splitlines()
        if line.strip()
    ]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)


@needs_seeds
@pytest.mark.skipif(not FONT.is_file(), reason="WenQuanYi font not installed")
@pytest.mark.parametrize("prefix", ["000", "002"])
def test_pdf_gives_the_same_clauses(tmp_path: Path, prefix: str) -> None:
    text = read_text(seed(prefix))
    _pdf(text, tmp_path / "n.pdf")
    base, got = parse_notice(text), parse_notice(read_text(tmp_path / "n.pdf"))
    assert (got.doc_no, got.issuer, got.date) == (base.doc_no, base.issuer, base.date)
    assert _norm_clauses(got) == _norm_clauses(base)
    assert [c.departments for c in got.clauses] == [c.departments for c in base.clauses]


@pytest.mark.skipif(not FONT.is_file(), reason="WenQuanYi font not installed")
def test_pdf_without_text_is_reported_as_scan(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(tmp_path / "scan.pdf"))
    c.rect(100, 100, 200, 200, fill=1)  # an image-only page: no text layer
    c.save()
    with pytest.raises(NoticeReadError, match="未能从PDF中提取文字（可能是扫描件）"):
        read_text(tmp_path / "scan.pdf")


def test_readers_errors_and_encodings(tmp_path: Path) -> None:
    for name in ("a.xls", "a.doc", "noext"):
        (tmp_path / name).write_bytes(b"x")
    with pytest.raises(NoticeReadError, match=r"不支持的文件类型：\.xls"):
        read_text(tmp_path / "a.xls")
    with pytest.raises(NoticeReadError, match=r"\.doc.*另存为 \.docx"):
        read_text(tmp_path / "a.doc")
    with pytest.raises(NoticeReadError, match="无扩展名"):
        read_text(tmp_path / "noext")
    assert issubclass(NoticeReadError, AnchaError)
    with pytest.raises(NoticeReadError, match="文件不存在"):
        read_text(tmp_path / "missing.txt")
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4 garbage")
    with pytest.raises(NoticeReadError):
        read_text(tmp_path / "bad.pdf")
    (tmp_path / "bad.docx").write_bytes(b"not a zip")
    with pytest.raises(NoticeReadError, match="Word"):
        read_text(tmp_path / "bad.docx")
    text = "沁政发〔2025〕1号\n关于做好安全生产工作的通知"
    for enc, name in (("utf-8", "u.txt"), ("utf-8-sig", "b.txt"), ("gb18030", "g.txt")):
        (tmp_path / name).write_bytes(text.encode(enc))
        assert read_text(tmp_path / name) == text


# --- robustness ------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=600))
def test_parse_never_raises_on_any_text(text: str) -> None:
    n = parse_notice(text)
    assert isinstance(n.clauses, list)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "一、",
                "二、",
                "（一）",
                "（二十二）",
                "(三)",
                "1.",
                "61．",
                "8、",
                "燃气：",
                "**",
                "## ",
                "---",
                "（责任单位：县应急局）",
                "（县住建局负责）",
                "（",
                "）",
                "〔2025〕",
                "沁政发",
                "1号",
                "人民政府",
                "关于做好2025年安全生产工作的通知",
                "2025年3月25日",
                "二〇二五年十三月四十日",
                "。",
                "；",
                "\n",
                "\n\n",
                " ",
                "加强燃气安全管理",
                "条",
            ]
        ),
        max_size=80,
    )
)
def test_parse_never_raises_on_notice_like_text(parts: list[str]) -> None:
    n = parse_notice("".join(parts))
    for c in n.clauses:
        assert c.label and isinstance(c.departments, list)


# --- classify and match ----------------------------------------------------------------------


def test_classify_gas_and_internal() -> None:
    lex = load_lexicon()
    gas = Clause(1, "（一）", "", "餐饮场所使用燃气必须安装可燃气体报警装置。", [])
    study = Clause(2, "（二）", "", "要将安全生产重要论述作为第一议题及时跟进学习，定期组织专题学习。", [])
    mixed = Clause(3, "（三）", "", "严查瓶装液化石油气非法充装；排查电动自行车飞线充电等消防隐患。", [])
    m = classify([gas, study, mixed], lex, doc_no="测政发〔2025〕1号")
    assert m[0].sectors[0] == "gas" and m[0].checkable and m[0].doc_no == "测政发〔2025〕1号"
    assert not m[1].checkable
    assert [x.text for x in m[2:]] == ["严查瓶装液化石油气非法充装；", "排查电动自行车飞线充电等消防隐患。"]
    assert "gas" in m[2].sectors and "fire" in m[3].sectors


def test_lexicon_from_a_given_path(tmp_path: Path) -> None:
    p = tmp_path / "lex.yaml"
    p.write_text("threshold: 1\nsectors:\n  gas: {燃气: 2}\ninternal: {学习: 2}\n", encoding="utf-8")
    lex = load_lexicon(p)
    assert lex.sectors == {"gas": {"燃气": 2.0}} and lex.threshold == 1
    p.write_text("sectors: [", encoding="utf-8")
    with pytest.raises(AnchaError, match="格式错误"):
        load_lexicon(p)


@needs_seeds
def test_seed_sectors_are_found() -> None:
    lex = load_lexicon()
    tong = parsed("002")
    sectors = {m.clause: set(m.sectors) for m in classify(tong.clauses, lex, tong.doc_no)}
    assert "gas" in sectors["第37条"] and "roads" in sectors["第38条"]
    assert "mines" in sectors["第28条"] and "fire" in sectors["第35条"]
    jin = parsed("004")
    by_clause: dict[str, set[str]] = {}
    for m in classify(jin.clauses, lex):
        by_clause.setdefault(m.clause, set()).update(m.sectors)
    assert "gas" in by_clause["第8条（燃气）"] and "fire" in by_clause["第8条（消防）"]
    assert "mines" in by_clause["第8条（煤矿）"] and "roads" in by_clause["第8条（交通运输）"]


@needs_seeds
def test_match_cited_fuzzy_new_and_internal() -> None:
    import yaml

    repo = Path(__file__).resolve().parents[1]
    gas = yaml.safe_load((repo / "checklists" / "sectors" / "gas.yaml").read_text(encoding="utf-8"))
    items = [(it["id"], it["text"], []) for it in gas["items"]]
    tong = parsed("002")
    measures = classify([by_label(tong, "第37条"), by_label(tong, "第2条")], load_lexicon(), tong.doc_no)
    # without citations the broad notice wording does not reach the fuzzy threshold
    plain = match_measures(measures, items)
    assert [p.status for p in plain] == ["new", "internal"]
    assert plain[0].item_id and 0 < plain[0].score < 60
    # an item citing the clause (文号 written with [] is the same notice) makes it covered
    cited = [*items[:-1], (items[-1][0], items[-1][1], [("同政发[2025]1号", "第37条")])]
    got = match_measures(measures, cited)
    assert (got[0].status, got[0].item_id, got[0].cited) == ("covered", items[-1][0], True)
    assert got[1].status == "internal"
    # a measure restated in an item is covered by fuzzy matching alone
    restated = [("X-1", "着力解决燃气老旧管网带病运行、第三方盲目施工破坏等问题", [])]
    fuzzy = match_measures(measures[:1], restated)
    assert fuzzy[0].status == "covered" and fuzzy[0].item_id == "X-1" and fuzzy[0].score >= 60
    assert match_measures(measures, [])[0].status == "new"
