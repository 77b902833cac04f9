"""Build the labelled notice corpus (tests/data/notices) from its specs.

Each spec in tests/data/notices/specs/*.yaml is a test notice written in our own words that follows
the shape of one real notice (named in `follows`). This script renders it as the text a user would
import — page furniture, title and 文号 in the real notice's order, its numbering style, headings,
〔…负责〕 brackets, wrapped or scanned lines, traditional script — and writes beside it:

  corpus/<id>.txt   the text
  corpus/<id>.docx  one paragraph per line (as a Word copy)
  corpus/<id>.pdf   the paragraphs laid out by ReportLab (the reader sees PDF-wrapped lines)
  corpus/<id>.truth.json  issuer, 文号, date, title, and per clause: label, heading, departments,
                    and its measures with kind (duty | internal | assignment), sectors and the
                    catalog item that covers it (or null)

Run:  python scripts/build_notice_corpus.py   (the test suite checks the .txt and truth files are current)
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.notices.parse import cn_label  # noqa: E402

DATA = ROOT / "tests" / "data" / "notices"
SPECS = DATA / "specs"
OUT = DATA / "corpus"
KINDS = {"d": "duty", "i": "internal", "a": "assignment"}
STARTS = re.compile(r"^(?:（[一二三四五六七八九十]+）|\d+\.|[一二三四五六七八九十]+、)")


def measure(raw: str) -> dict[str, Any]:
    """'d|gas,fire|GAS-031|text' -> {kind, sectors, covers, text}."""
    kind, sectors, covers, text = raw.split("|", 3)
    return {
        "kind": KINDS[kind],
        "sectors": [s for s in sectors.split(",") if s and s != "-"],
        "covers": None if covers in ("", "-") else covers.split("/"),  # any of them covers it
        "text": text.strip(),
    }


def marker(style: str, n: int) -> str:
    return {"paren": f"（{cn_label(n)}）", "digit": f"{n}.", "section": f"{cn_label(n)}、"}[style]


def label(style: str, n: int) -> str:
    return {"paren": f"（{cn_label(n)}）", "digit": f"第{n}条", "section": f"{cn_label(n)}、"}[style]


def wrap(line: str, width: int) -> list[str]:
    return [line[i : i + width] for i in range(0, len(line), width)] or [""]


def render(spec: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    style = spec["style"]
    group_style = spec.get("group_style", "")
    heading_mode = spec.get("heading_mode", "inline")
    restart = bool(spec.get("restart", False))
    dept_open, dept_close = spec.get("dept_brackets", "（）")
    lose = set(spec.get("lose", []))
    body: list[tuple[str, str]] = []  # (kind, line): kind marks headings for displacement
    clauses: list[dict[str, Any]] = []
    n = 0
    first_group = int(spec.get("group_start", 1))  # groups above it are written in the head
    for gi, group in enumerate(spec["groups"], first_group):
        parent = ""
        if group_style:
            parent = marker(group_style, gi)
            body.append(("group", f"{parent}{group['heading']}"))
        if restart:
            n = 0
        if gi == first_group and spec.get("start"):  # a later page's copy: its numbering starts past 1
            n = int(spec["start"]) - 1
        for clause in group["clauses"]:
            n += 1
            ms = [measure(m) for m in clause.get("m", [])]
            subs = [(s["name"], [measure(m) for m in s["m"]]) for s in clause.get("subs", [])]
            heading = clause.get("h", "")
            text = "".join(m["text"] for m in ms)
            dept = clause.get("dept", "")
            mk = "" if n in lose else marker(style, n)
            if spec.get("marker_comma") and style == "section" and mk:  # 一，、: a copy's stray comma
                mk = mk[:-1] + "，、"
            if heading and heading_mode == "line":
                body.append(("heading", f"{mk}{heading}"))
                first = text
            elif heading:
                first = f"{mk}{heading}。{text}"
            else:
                first = f"{mk}{text}"
            if dept:
                first += f"{dept_open}{dept}{dept_close}"
            if first:
                body.append(("body", first))
            items = list(clause.get("list", []))  # a list of places or units, a line each
            body += [("list", x) for x in items]
            for name, sms in subs:
                body.append(("body", f"{name}：" + "".join(m["text"] for m in sms)))
            lab = label(style, n)
            if restart and parent:
                lab = f"{parent}{lab}"
            truth_parent = group_style and label(group_style, gi) if group_style else ""
            clauses.append(
                {
                    "label": lab,
                    "heading": heading,
                    "parent": truth_parent,
                    "sub": False,
                    "departments": [dept.split("：", 1)[-1]] if dept else [],
                    "text": text + "".join(items),
                    "measures": ms,
                }
            )
            for name, sms in subs:
                clauses.append(
                    {
                        "label": f"{lab}（{name}）",
                        "heading": name,
                        "parent": lab,
                        "sub": True,
                        "departments": [],
                        "text": "".join(m["text"] for m in sms),
                        "measures": sms,
                    }
                )
    lines: list[str] = list(spec.get("head", []))
    if spec.get("intro"):
        lines.append(spec["intro"])
    width = int(spec.get("wrap", 0))
    out_body: list[str] = []
    for kind, line in body:
        if width and kind == "body":
            out_body += wrap(line, width)
        else:
            out_body.append(line)
    if spec.get("run_on") and out_body:  # a copy that runs the numbered items together on one line
        out_body = ["".join(out_body)]
    for number in spec.get("displace", []):  # a heading the scan dropped one line too early
        target = marker(style, number)
        i = next(i for i, x in enumerate(out_body) if x.startswith(target))
        out_body.insert(i - 1, out_body.pop(i))
    if spec.get("marker_prefix"):  # a copy that shows each lost indent space as "?"
        out_body = [spec["marker_prefix"] + x if STARTS.match(x) else x for x in out_body]
    lines += out_body
    lines += list(spec.get("closing", []))  # 特此通告。/ 联系人及电话：… after the last clause
    if spec.get("one_line"):  # a page copied onto one line: head, body and closing run together
        lines = [" ".join(lines)]
    lines += list(spec.get("tail", []))
    sep = "\n\n" if spec.get("blank_between") else "\n"
    text = sep.join(lines) + "\n"
    if spec.get("traditional"):
        import opencc

        text = opencc.OpenCC("s2t").convert(text)
    for ch, sound in (spec.get("pinyin") or {}).items():  # a site's pinyin after characters: 國(guo)
        text = text.replace(ch, ch + (sound if sound.startswith("(") else f"({sound})"))
    truth = {
        "id": spec["id"],
        "follows": spec["follows"],
        "shape": spec.get("shape", ""),
        "issuer": spec["issuer"],
        "doc_no": spec["doc_no"],
        "date": str(spec["date"]) if spec.get("date") else None,
        "year": spec.get("year"),
        "title": spec["title"],
        "level": spec.get("level", ""),
        "area": spec.get("area", ""),
        "clauses": clauses,
    }
    return text, truth


def write_docx(text: str, path: Path) -> None:
    from docx import Document

    doc = Document()
    for line in text.splitlines():
        if line.strip():
            doc.add_paragraph(line.strip())
    import datetime as dt

    doc.core_properties.created = dt.datetime(2026, 1, 1)  # a fixed time: stable bytes
    doc.save(str(path))


def _docx_lines(path: Path) -> list[str]:
    from docx import Document

    return [p.text for p in Document(str(path)).paragraphs]


def write_pdf(text: str, path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from app.reports.fonts import register

    font = register()
    style = ParagraphStyle("p", fontName=font, fontSize=12, leading=18, wordWrap="CJK")
    story = [
        Paragraph(line.strip().replace("&", "&amp;").replace("<", "&lt;"), style)
        for line in text.splitlines()
        if line.strip()
    ]
    SimpleDocTemplate(str(path), pagesize=A4, invariant=1).build(story)


def build(only_text: bool = False, out: Path = OUT) -> list[str]:
    out.mkdir(parents=True, exist_ok=True)
    ids = []
    for spec_path in sorted(SPECS.glob("*.yaml")):
        spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
        text, truth = render(spec)
        (out / f"{spec['id']}.txt").write_text(text, encoding="utf-8")
        (out / f"{spec['id']}.truth.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        if not only_text:
            docx = out / f"{spec['id']}.docx"
            if not docx.is_file() or _docx_lines(docx) != [x.strip() for x in text.splitlines() if x.strip()]:
                write_docx(text, docx)  # Word files carry zip times: rewritten only when the text changed
            write_pdf(text, out / f"{spec['id']}.pdf")
        ids.append(spec["id"])
    return ids


if __name__ == "__main__":
    print("built:", " ".join(build()))
