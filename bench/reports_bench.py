"""Benchmarks of the Excel and PDF output against bare openpyxl / ReportLab loops."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm

from bench.datagen import build


def _ms(fn) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def excel(urls: dict[str, str], tmp: Path, runs: int, add) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook, load_workbook

    from app.services import ledger
    from app.services.exports import write_findings
    from app.services.ledger import FindingFilter
    from app.services.workspace import Workspace

    path = tmp / "export100k.db"
    if not path.exists():
        build(path, 5_000, 20_000, 100_000).dispose()
    ws = Workspace(f"sqlite:///{path.as_posix()}")
    flt = FindingFilter()
    n = ledger.count(ws, flt)

    def ours() -> None:
        write_findings(ws, flt, tmp / "ours.xlsx", overwrite=True)

    # the bare loop writes the very cell values our workbook holds (every sheet, every row),
    # already in memory, with openpyxl's write-only mode and no styles
    ours()
    book = load_workbook(tmp / "ours.xlsx", read_only=True)
    sheets = {sh.title: [list(r) for r in sh.iter_rows(values_only=True)] for sh in book.worksheets}
    book.close()

    def bare() -> None:
        wb = Workbook(write_only=True)
        for title, rows in sheets.items():
            sh = wb.create_sheet(title)
            for r in rows:
                sh.append(r)
        wb.save(tmp / "bare.xlsx")

    b = min(_ms(bare) for _ in range(max(1, runs // 2)))
    o = min(_ms(ours) for _ in range(max(1, runs // 2)))
    add(f"Excel 导出 {n:,} 条隐患 / export", o, b, "≤ 1.3x")
    ws.close()


def printed_pages(story: list[Any]) -> list[list[str]]:
    """The texts a story prints (paragraphs, table cells, box labels), split at its page breaks."""
    from reportlab.platypus import PageBreak, Paragraph, Table

    from app.reports.pdf_base import CheckBox, CheckColumn

    pages: list[list[str]] = [[]]

    def walk(x: Any) -> None:
        if isinstance(x, PageBreak):
            pages.append([])
        elif isinstance(x, Paragraph):
            pages[-1].append(x.getPlainText())
        elif isinstance(x, CheckBox):
            pages[-1].append(x.label)
        elif isinstance(x, CheckColumn):
            pages[-1] += x.labels
        elif isinstance(x, str):
            if x.strip():
                pages[-1].append(x.replace("\n", ""))  # a cell held as its lines
        elif isinstance(x, Table):
            walk(x._cellvalues)
        elif isinstance(x, list | tuple):
            for y in x:
                walk(y)

    walk(story)
    return [p for p in pages if p]


def plain_story(story: list[Any], columns: list[Any]) -> list[Any]:
    """The texts of `story`, to be set plainly by `bare_flowables`: a listing table (one with a
    header row) as a table of plain texts (`columns`: the style of each column's cells held as
    lines), everything else one text a paragraph. Tables of pictures are left to the caller."""
    from reportlab.platypus import Image, Paragraph, Table

    from app.reports.pdf_base import CheckColumn

    def cell(x: Any, col: int) -> Any:
        if isinstance(x, list | tuple):
            return [c for c in (cell(y, col) for y in x) if c]
        if isinstance(x, Paragraph):
            return (x.getPlainText(), x.style)
        if isinstance(x, CheckColumn):
            return ("\n".join(x.labels), columns[col])
        if isinstance(x, str) and x.strip():
            return (x.replace("\n", ""), columns[col])
        return None

    out: list[Any] = []
    for f in story:
        if isinstance(f, Table) and any(isinstance(c, Image) for row in f._cellvalues for c in _flat(row)):
            continue
        if isinstance(f, Table) and f.repeatRows:
            rows = [[cell(x, c) for c, x in enumerate(row)] for row in f._cellvalues]
            out.append((rows, f._colWidths, f.repeatRows))
        else:
            out += [x for page in printed_pages([f]) for x in page]
    return out


def bare_flowables(plain: list[Any], st: Any) -> list[Any]:
    """Plain paragraphs and unstyled tables of plain paragraphs (see plain_story)."""
    from reportlab.platypus import Paragraph, Table, TableStyle

    from app.reports.pdf_base import PAD, esc

    def cell(x: Any) -> Any:
        if isinstance(x, list):
            return [cell(y) for y in x]
        return "" if x is None else Paragraph(esc(x[0]), x[1])

    out: list[Any] = []
    for x in plain:
        if isinstance(x, str):
            out.append(Paragraph(esc(x), st.body))
        else:
            rows, widths, repeat = x
            t = Table([[cell(c) for c in row] for row in rows], colWidths=widths, repeatRows=repeat)
            # our cell padding, and a heading row (text in its first cell only) across the table
            style: list[Any] = [(p, (0, 0), (-1, -1), PAD) for p in ("LEFTPADDING", "RIGHTPADDING")]
            style += [("SPAN", (0, r), (-1, r)) for r, row in enumerate(rows) if not any(row[1:])]
            t.setStyle(TableStyle(style))
            out.append(t)
    return out


def _flat(x: Any) -> list[Any]:
    return [z for y in x for z in _flat(y)] if isinstance(x, list | tuple) else [x]


def bare_doc(path: Path) -> Any:
    """A bare document with our page size and margins."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    from app.reports.pdf_base import MARGIN

    return SimpleDocTemplate(
        str(path), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=18 * mm
    )


def pdf(urls: dict[str, str], tmp: Path, runs: int, add) -> None:  # type: ignore[no-untyped-def]
    from reportlab.platypus import PageBreak, Paragraph

    from app.reports import checklist_pdf, dual_report_pdf
    from app.reports.pdf_base import Styles, esc
    from app.services import checklists, demo, findings
    from app.services.workspace import Workspace

    ws = Workspace(urls["realistic"])
    cat = ws.catalog
    pool = list(checklists.build(cat, s.id, None) for s in cat.sorted_sectors(include_common=True))
    flat = [it for group in pool for it in group]
    items = (flat * (300 // len(flat) + 1))[:300]
    st = Styles()

    # the bare document: the same texts, the listing as a plain table (see bare_story)
    _heading, cl_story = checklist_pdf.checklist_story(items, Styles(), cat, "gas")
    cl_plain = plain_story(cl_story, [st.head, st.cell, st.small, st.small, st.small, st.small])

    def bare_checklist() -> None:
        bare_doc(tmp / "bare-cl.pdf").build(bare_flowables(cl_plain, st))

    def our_checklist() -> None:
        checklist_pdf.write_checklist(tmp / "ours-cl.pdf", items, cat, sector_id="gas", overwrite=True)

    b = min(_ms(bare_checklist) for _ in range(runs))
    o = min(_ms(our_checklist) for _ in range(runs))
    add("PDF 检查表 300 项 / checklist, 300 items", o, b, "≤ 1.3x")

    # 1,000 major hazards: their 双报告 pairs in one PDF
    from app.services import documents

    dbp = tmp / "dual1000.db"
    if not dbp.exists():
        w2 = Workspace(f"sqlite:///{dbp.as_posix()}")
        demo.fill(w2)
        base = documents.dual_report_view(w2, documents.open_major_hazards(w2, None, None)[0])
        with w2.db.session() as s:
            from app.storage.models import Finding

            f0 = s.get(Finding, documents.open_major_hazards(w2, None, None)[0])
            assert f0 is not None
            unit_id, sector_id, found_on, basis = f0.unit_id, f0.sector_id, f0.found_on, f0.basis
        for i in range(1000):
            findings.create_finding(
                w2,
                findings.FindingInput(
                    unit_id=unit_id,
                    sector_id=sector_id,
                    title=f"{base.title}（{i}）",
                    found_on=found_on,
                    level="major",
                    basis=basis,
                    extra={"measures": "停用整改", "responsible": "王建国", "deadline": found_on},
                ),
            )
        w2.close()
    w2 = Workspace(f"sqlite:///{dbp.as_posix()}")
    ids = documents.open_major_hazards(w2, None, None)[:1000]
    majors = [documents.dual_report_view(w2, i) for i in ids]
    # the bare document sets the same texts the forms print, each as a plain paragraph, with the
    # same page breaks (three pages a pair); the tables, rules and boxes are ours alone
    st_texts = Styles()
    pages = [page for v in majors for page in printed_pages(dual_report_pdf.dual_report_story(v, st_texts))]

    def bare_dual() -> None:
        story = []
        for page in pages:
            story += [Paragraph(esc(x), st.body) for x in page] + [PageBreak()]
        bare_doc(tmp / "bare-dual.pdf").build(story)

    def our_dual() -> None:
        dual_report_pdf.render_batch(majors, tmp / "ours-dual.pdf", overwrite=True)

    b = _ms(bare_dual)
    o = _ms(our_dual)
    add(f"PDF 双报告 {len(majors):,} 对 / dual-report pairs", o, b, "≤ 3x")
    ws.close()
    w2.close()


def notices(urls: dict[str, str], tmp: Path, runs: int, add) -> None:  # type: ignore[no-untyped-def]
    """Parse, classify and match a 30,000-character notice (the 大同 seed, padded)."""
    from app.notices.classify import classify, load_lexicon
    from app.notices.match import match_measures
    from app.notices.parse import parse_notice
    from app.paths import install_root
    from app.services.workspace import Workspace

    seeds = install_root().parent / "shared" / "seeds"
    files = sorted(seeds.glob("002_*.txt"))
    if not files:
        print("  (seed notices not found: skipped)")
        return
    text = files[0].read_text(encoding="utf-8")
    text = (text * (30_000 // len(text) + 1))[:30_000]
    ws = Workspace(urls["realistic"])
    cat = ws.catalog
    items = [
        (i.id, i.text, [(cat.sources[c.source_id].doc_no, c.clause) for c in i.basis])
        for i in cat.items.values()
    ]
    lex = load_lexicon()

    def run() -> None:
        n = parse_notice(text)
        match_measures(classify(n.clauses, lex), items, n.doc_no)

    add(
        "通知导入 30,000 字 解析+分类+比对 / notice import",
        min(_ms(run) for _ in range(runs)),
        target="< 1,000 ms",
    )
    ws.close()
