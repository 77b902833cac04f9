"""Parse a notice's text: issuer, 文号, title, date and its clauses in the notice's own numbering."""

from __future__ import annotations

import re

from app.notices.clauses import (
    build_clauses,
    clause_label,
    coarse_label,
    end_of_body,
    footer_start,
    group_heading,
    markers,
    numbering_of,
    without_scope_lists,
)
from app.notices.metadata import (
    find_doc_no,
    find_issuer,
    fuller_name,
    furniture,
    normalise_doc_no,
    signing_date,
)
from app.notices.model import Clause, Notice
from app.notices.patterns import (
    ADDRESSEE,
    CONVERT,
    DECIMAL,
    INLINE_HEADING,
    ISSUER,
    ISSUER_KIND,
    NEWS_ISSUED,
    PATTERNS,
    PUBLIC_HEADING,
    PUBLIC_KINDS,
    PUBLIC_TEXT,
    STYLE_MARK,
    STYLES,
    cn_label,
)
from app.notices.text import (
    clean_lines,
    closes,
    signature_like,
    starts_new,
    to_simplified,
    without_contents,
)
from app.notices.titles import find_title

__all__ = [
    "ISSUER",
    "ISSUER_KIND",
    "Clause",
    "Notice",
    "clean_lines",
    "cn_label",
    "normalise_doc_no",
    "parse_notice",
    "to_simplified",
]


def parse_notice(text: str) -> Notice:
    lines = without_contents(clean_lines(to_simplified(text or "")))
    if lines and starts_new(lines[-1]) and not STYLE_MARK.sub("", lines[-1]).strip():
        lines.pop()  # a bare marker on the last line is where the copy was cut, not a clause
    n = Notice()
    # numbered lines above the title (a site's menu, spam) are not the notice's clauses
    title_at = next((i for i in range(min(len(lines), 30)) if find_title(lines[i : i + 2])), -1)
    marks = {s: [m for m in markers(lines, PATTERNS[s], CONVERT[s]) if m[0] > title_at] for s in STYLES}
    without_scope_lists(lines, marks)
    if sum(bool(DECIMAL.match(x)) for x in lines) >= 2:  # a plan's 1 总则 / 1.1 …: not clause markers
        marks["digit"] = []
    # the body starts at the first numbered line that the next number follows; a lone "1." of a
    # site's menu or spam above the notice does not end its head
    runs = [
        i for m in marks.values() for k, (i, num) in enumerate(m) if k + 1 < len(m) and m[k + 1][1] == num + 1
    ]
    first_mark = min(runs or [m[0][0] for m in marks.values() if m] or [min(len(lines), 15)])
    head = lines[: max(1, min(first_mark, 30))] if lines else []
    fields = furniture(head)
    n.doc_no = find_doc_no(head, fields, lines)
    n.title = find_title(head) or find_title([fields.get("标题", "")]) or find_title([fields.get("名称", "")])
    news = next((m for x in head if (m := NEWS_ISSUED.search(x.replace(" ", "")))), None)
    if news and not n.title:  # a news copy names the notice only in its first sentence
        n.title = news.group(2) or news.group(3)
    n.issuer = fuller_name(find_issuer(head, n.title, head + lines[-12:], fields, lines), lines)
    n.addressee = next((x.replace(" ", "")[:-1] for x in head if ADDRESSEE.match(x.replace(" ", ""))), "")
    n.public = (
        n.title.endswith(PUBLIC_KINDS)
        or any(PUBLIC_TEXT.search(x) for x in lines)
        or (not n.title and any(PUBLIC_HEADING.fullmatch(x) for x in lines[:5]))  # 清明期间…倡议书
    )
    if n.title.startswith(("关于", "转发")) and n.issuer:
        n.title = n.issuer + n.title
    n.date = signing_date(lines, n.issuer, fields) if lines else None
    y = re.search(r"〔(\d{4})〕", n.doc_no)
    n.year = n.date.year if n.date else int(y.group(1)) if y else None
    if n.year is None:
        t = re.search(r"(\d{4})年", n.title)
        n.year = int(t.group(1)) if t else None
    # the numbering that carries the measures: the finest style that numbers at least as many
    # clauses as any coarser one (大同: 61 measures under 21 groups under 7 sections)
    numbered: dict[str, tuple[list[tuple[int, int]], dict[int, str]]] = {}
    for style in reversed(STYLES):  # coarsest first: its markers group the finer ones
        coarser = [s for s in STYLES if STYLES.index(s) > STYLES.index(style)]
        groups = {i: coarse_label(s, num) for s in coarser for i, num in marks[s]}
        numbered[style] = numbering_of(lines, marks[style], groups)
        if style == "digit" and len(numbered[style][0]) == 1 and numbered[style][0][0][1] != 1:
            numbered[style] = ([], {})  # a lone "2." (an attachment's table) is no sequence
    style = ""
    for s in STYLES:
        count = len(numbered[s][0])
        counts = [len(numbered[c][0]) for c in STYLES if STYLES.index(c) > STYLES.index(s)]
        if count and count >= max(counts, default=0):
            style = s
            break
    if not style:
        return n
    n.style = style
    chain, prefixes = numbered[style]
    # coarser headings (一、 and, above numbered measures, （一）) group clauses: not clause text
    coarse: dict[int, str] = {}
    for s in STYLES[STYLES.index(style) + 1 :]:
        coarse.update({i: coarse_label(s, num) for i, num in marks[s]})
    starts = [i for i, _ in chain]
    ends = []
    for k, start in enumerate(starts):
        nxt = starts[k + 1] if k + 1 < len(starts) else end_of_body(lines, start)
        later_group = [i for i in coarse if start < i < nxt]
        ends.append(min(later_group) if later_group and k + 1 == len(starts) else nxt)
    if ends:
        ends[-1] = footer_start(lines, starts[-1], ends[-1])
    # after the last clause, short unpunctuated lines under a closed sentence are the signature
    # block (a name, a date, or what is left of them where the copy was cut: 江西省防减救灾)
    while ends and ends[-1] - 1 > starts[-1] and signature_like(lines[ends[-1] - 1]):
        if not closes(lines[ends[-1] - 2]):
            break
        ends[-1] -= 1
    marker = PATTERNS[style]
    # short first sentences are headings only where most clauses have one (沁水, 晋城), not in
    # notices whose numbered items are plain measures (大同: "3. 组织开展安全生产月…活动。")
    firsts = [marker.sub("", lines[i], count=1) for i, _ in chain]
    inline = sum(bool(INLINE_HEADING.match(f)) for f in firsts) >= 0.6 * len(firsts)
    for (start, num), end in zip(chain, ends, strict=True):
        above = [i for i in coarse if i < start]
        parent = coarse[max(above)] if above else ""
        parent_heading = group_heading(lines[max(above)]) if above else ""
        if above:  # the lead sentence under the heading (在防火期内禁止下列行为：) speaks for every item
            first_child = min(i for i, _n in chain if i > max(above))
            lead = lines[max(above) + 1 : first_child]
            if 0 < len(lead) <= 2 and all(len(x) <= 80 for x in lead):
                parent_heading = " ".join([parent_heading, *lead]).strip()
        block = [x for i, x in enumerate(lines[start:end], start) if i not in coarse or i == start]
        first = marker.sub("", block[0], count=1) if marker.match(block[0]) else block[0]
        body_lines = [first, *block[1:]]
        label = prefixes.get(start, "") + clause_label(style, num)
        for c in build_clauses(num, label, body_lines, parent, inline):
            c.parent_heading = c.parent_heading or parent_heading
            n.clauses.append(c)
    return n
