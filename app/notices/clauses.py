"""A notice's clauses by the clause rule (tests/data/notices/README.md)."""

from __future__ import annotations

import re

from app.notices.metadata import named_alone
from app.notices.model import Clause
from app.notices.patterns import (
    ACCOUNT_FOOTER,
    ANY_DATE,
    ATTACHMENT,
    CLOSING_LINE,
    CLOSING_TAIL,
    COLON_HEADING,
    DEPT_LEAD,
    DEPT_WORDS,
    INLINE_HEADING,
    MEASURE_WORD,
    PAREN,
    PATTERNS,
    PLACE_ITEM,
    SCOPE_LEAD,
    SECTION,
    SECTOR_HEAD,
    SIGNATURE,
    SITE_FOOTER,
    STYLES,
    TAIL_LINE,
    TRAILING_SIGNATURE,
    cn_label,
)
from app.notices.text import closes, starts_new
from app.notices.titles import title_line


def markers(lines: list[str], pattern: re.Pattern[str], to_int: object) -> list[tuple[int, int]]:
    """(line index, number) of lines that start with the pattern."""
    out = []
    for i, line in enumerate(lines):
        m = pattern.match(line)
        if m:
            num = to_int(m.group(1))  # type: ignore[operator]
            if num:
                out.append((i, num))
    return out


def _chain(marks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run 1, 2, 3 … in line order (a single missing number allowed)."""
    best: list[tuple[int, int]] = []
    for start, (_i, n) in enumerate(marks):
        if n != 1:
            continue
        run = [marks[start]]
        for i, m in marks[start + 1 :]:
            if m in (run[-1][1] + 1, run[-1][1] + 2):
                run.append((i, m))
        if len(run) > len(best):
            best = run
    if not best and marks:  # a later page's copy starts at 五、: its first marker and those after it
        best = [marks[0]]
        for i, m in marks[1:]:
            if m in (best[-1][1] + 1, best[-1][1] + 2):
                best.append((i, m))
    return best


def _fill_gaps(lines: list[str], chain: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A clause whose number the text lost (n, n+2): start it at its heading-like line."""
    out = list(chain[:1])
    for i, num in chain[1:]:
        prev_i, prev_num = out[-1]
        if num == prev_num + 2:
            for j in range(prev_i + 2, i):
                line = lines[j]
                if 2 <= len(line) <= 30 and not any(ch in line for ch in "。；，,："):
                    out.append((j, prev_num + 1))
                    break
        out.append((i, num))
    return out


def _split_departments(text: str) -> tuple[str, list[str]]:
    """Remove the （…负责） / （责任单位：…） parentheses (nesting allowed); return them apart."""
    depts: list[str] = []
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "（(":
            depth, j = 0, i
            while j < len(text):
                if text[j] in "（(":
                    depth += 1
                elif text[j] in "）)":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            inner = text[i + 1 : j]
            if j < len(text) and len(inner) <= 300 and any(w in inner for w in DEPT_WORDS):
                depts.append(DEPT_LEAD.sub("", inner).strip())
                i = j + 1
                continue
        out.append(ch)
        i += 1
    return "".join(out).strip(), depts


def _join(parts: list[str]) -> str:
    """Join lines; a space only between two Latin letters or digits."""
    out = ""
    for part in parts:
        part = part.strip()
        if (
            out
            and part
            and out[-1].isascii()
            and out[-1].isalnum()
            and part[0].isascii()
            and part[0].isalnum()
        ):
            out += " "
        out += part
    return out


def _heading(body: str, inline: bool) -> tuple[str, str]:
    """A clause's own heading: a separate first line, or (when the notice writes them so) its short
    first sentence: （一）强化学习贯彻。要将…"""
    first, _, rest = body.partition("\n")
    if rest and len(first) <= 45 and not any(ch in first for ch in "。；") and not SECTOR_HEAD.match(first):
        return first.rstrip("。"), rest
    m = INLINE_HEADING.match(body)
    if inline and m and len(_split_departments(body[m.end() :])[0].strip()) >= 10:
        return m.group(1), body[m.end() :]
    m = COLON_HEADING.match(body)  # 值班及报警：各级指挥部要… (not a sector part: 燃气：…)
    parts = sum(bool(SECTOR_HEAD.match(x)) for x in body.split("\n"))  # sector parts come in groups
    if m and parts <= 1 and len(body[m.end() :].strip()) >= 10:
        return m.group(1), body[m.end() :]
    return "", body


def clause_label(style: str, num: int) -> str:
    return {"digit": f"第{num}条", "paren": f"（{cn_label(num)}）", "section": f"{cn_label(num)}、"}[style]


def coarse_label(style: str, num: int) -> str:
    return f"（{cn_label(num)}）" if style == "paren" else f"{cn_label(num)}、"


def numbering_of(
    lines: list[str], marks: list[tuple[int, int]], groups: dict[int, str]
) -> tuple[list[tuple[int, int]], dict[int, str]]:
    """The clause starts of one numbering style, and the group prefix of each where the numbers start
    again in every group (一、（一）（二）… 二、（一）…): one chain 1, 2, 3 … through the notice, or
    one chain per group when that covers clearly more of the markers."""
    chain = _fill_gaps(lines, _chain(marks)) if marks else []
    runs: list[list[tuple[int, int]]] = []
    for i, num in marks:
        if num == 1 or not runs:
            runs.append([])
        if runs[-1] and num != runs[-1][-1][1] + 1:
            continue
        runs[-1].append((i, num))
    restarted = [x for run in runs if run and run[0][1] == 1 for x in run]
    if len(runs) >= 2 and len(restarted) > len(chain) and groups:
        prefix: dict[int, str] = {}
        for i, _num in restarted:
            above = [g for g in groups if g < i]
            prefix[i] = groups[max(above)] if above else ""
        if len({prefix[i] for i, n in restarted if n == 1}) == sum(1 for _i, n in restarted if n == 1):
            return restarted, prefix
    return chain, {}


def without_scope_lists(lines: list[str], marks: dict[str, list[tuple[int, int]]]) -> None:
    """Drop the numbered items of each group (the items under one coarser heading) that only list
    places, areas or kinds of units: they belong to their heading's clause (一、本市下列区域禁止燃放
    烟花爆竹：（一）绕城高速以北的区域 …), while the numbered rules of other groups stay clauses."""
    for style in STYLES[:-1]:
        coarser = sorted(i for s in STYLES[STYLES.index(style) + 1 :] for i, _n in marks[s])
        if len(coarser) < 2:
            continue  # under a single heading (or none) the listed places are the notice's clauses
        groups: dict[int, list[tuple[int, int]]] = {}
        for i, num in marks[style]:
            parent = max((c for c in coarser if c < i), default=-1)
            groups.setdefault(parent, []).append((i, num))
        drop: set[int] = set()
        for items in groups.values():
            lead = lines[items[0][0] - 1] if items[0][0] > 0 else ""
            if SCOPE_LEAD.search(lead) and _scope_list(lines, items, PATTERNS[style]):
                drop.update(i for i, _n in items)
        marks[style] = [m for m in marks[style] if m[0] not in drop]


def _scope_list(lines: list[str], marks: list[tuple[int, int]], pattern: re.Pattern[str]) -> bool:
    """Numbered items that name places, kinds of units or areas (（一）绕城高速以北的区域。（二）…
    全镇行政区域; 1、煤矿、…等工矿企业) with no measure among them: a list inside a clause."""
    if len(marks) < 2:
        return False
    texts = []
    for k, (i, _n) in enumerate(marks):  # the item's line and the lines under it up to the next
        j = i + 1  # numbered line (the last item's line alone: the heading's text may go on after it)
        while k + 1 < len(marks) and j < min(len(lines), i + 6) and not starts_new(lines[j]):
            j += 1
        texts.append(pattern.sub("", "".join(lines[i:j]), count=1))
    listed = sum(not MEASURE_WORD.search(t) or bool(PLACE_ITEM.search(t)) for t in texts)
    return listed >= 2 / 3 * len(texts)


def group_heading(line: str) -> str:
    text = PAREN.sub("", SECTION.sub("", line, count=1), count=1)
    return re.split(r"[。；]", text, maxsplit=1)[0][:40]


def end_of_body(lines: list[str], last_start: int) -> int:
    """Where the signature block (附件, issuer, date, 此件公开发布, 抄送, 印发) begins after the last
    clause."""
    for i in range(last_start + 1, len(lines)):
        s = lines[i].replace(" ", "")
        if (
            TAIL_LINE.match(s)
            or s.startswith(("抄送", "（此件", "(此件"))
            or ATTACHMENT.match(s)
            or CLOSING_LINE.match(s)
            or SITE_FOOTER.search(s)
            or title_line(s)  # the page's title again under the text (related links)
            or (named_alone(s) and i + 1 < len(lines) and re.search(ANY_DATE, lines[i + 1]))
        ):
            return i
    return len(lines)


def footer_start(lines: list[str], start: int, end: int) -> int:
    """Where short lines that close no sentence begin after the last clause's closed sentence (an
    account's footer: 口袋山西 / 做山西人，讲山西故事…~, ·ENJOY·编辑): not the clause's text."""
    k = end
    while (
        k - 1 > start and not closes(lines[k - 1]) and len(re.findall(r"[\u4e00-\u9fa5]", lines[k - 1])) <= 30
    ):
        k -= 1
    # short lines where a page was cut (（二）烧火取暖) are the clause's: a footer names itself
    footer = any(ACCOUNT_FOOTER.search(x) for x in lines[k:end])
    return k if k < end and footer and closes(lines[k - 1]) else end


def build_clauses(num: int, label: str, body_lines: list[str], parent: str, inline: bool) -> list[Clause]:
    """One clause, plus a sub-clause for each sector heading such as 燃气： inside it."""
    heading, body = _heading("\n".join(body_lines), inline)
    subs: list[tuple[str, list[str]]] = []
    main: list[str] = []
    for line in body.split("\n"):
        m = SECTOR_HEAD.match(line)
        if m and len(m.group(1)) <= 6:
            subs.append((m.group(1), [line[m.end() :]]))
        elif subs:
            subs[-1][1].append(line)
        else:
            main.append(line)
    joined = TRAILING_SIGNATURE.sub("", SIGNATURE.sub("", _join(main)))
    text, depts = _split_departments(CLOSING_TAIL.sub("", joined.strip()))
    out = [Clause(num, label, heading, text, depts, parent)]
    if len(subs) >= 2:  # real sector headings come in groups
        for name, sub_lines in subs:
            t, d = _split_departments(_join(sub_lines))
            out.append(Clause(num, f"{label}（{name}）", name, t, d, label, sub=True, parent_heading=heading))
    elif subs:
        out[0].text = _join([out[0].text, *(f"{h}：{_join(b)}" for h, b in subs)])
    return out
