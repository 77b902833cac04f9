"""A notice's text as clean lines: page furniture, pinyin and markup out, broken lines joined."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from app.notices.patterns import (
    ADDRESSEE,
    ATTACHMENT,
    BREADCRUMB,
    BULLET,
    CN_YEAR_ZERO,
    DANGLING,
    DATE_ROW,
    DIGIT,
    DOC_KIND_ENDS,
    DOC_NO_LINE,
    FIELD_ROW,
    FURNITURE,
    HALF_PUNCT,
    HALF_TO_FULL,
    HTML_TAG,
    INLINE_DIGIT,
    INLINE_FIRST,
    ISSUER,
    JUNK_LINE,
    KEY_ALONE,
    LOST_SPACES,
    MID_DATE,
    NO_LEAD,
    PAGE_MARK,
    PAREN,
    PATTERNS,
    PINYIN,
    PINYIN_CUT,
    SECTION,
    SECTOR_HEAD,
    SENTENCE_END,
    SIGNED_DATE,
    SPACE_NEAR_WIDE,
    SPACED_DIGITS,
    STYLES,
    TAIL_LINE,
    TITLE_ENDS,
    TITLES,
    TOC_LEADER,
    TRADITIONAL_HINT,
    TRAILING_DATE,
    TRAILING_MARKER,
    VARIANTS,
    WHOLE_TITLE,
    cn_label,
    cn_number,
)
from app.notices.titles import title_line


def _normalise(line: str) -> str:
    """Half-width , ; : ( ) next to Chinese become full-width; spaces next to Chinese go (scans
    and PDF layout put them in: "全面深 入领会", "和 2025 年"). Spaces between Latin words stay."""
    line = HALF_PUNCT.sub(lambda m: HALF_TO_FULL[m.group(1) or m.group(2)], line)
    line = line.replace("﹝", "〔").replace("﹞", "〕")  # small-form 文号 brackets: 鲁政办发﹝2011﹞67号
    line = CN_YEAR_ZERO.sub(lambda m: re.sub("[O0oＯ０]", "〇", m.group(0)), line)
    return SPACE_NEAR_WIDE.sub("", line)


def closes(line: str) -> bool:
    """The line ends a sentence (a closing bracket only when no bracket is left open)."""
    if line[-1] not in SENTENCE_END:
        return False
    if line[-1] in "）)":
        return line.count("（") + line.count("(") <= line.count("）") + line.count(")")
    return True


def starts_new(line: str) -> bool:
    return bool(PAREN.match(line) or DIGIT.match(line) or SECTION.match(line))


def _kind(line: str) -> str:
    return (
        "paren"
        if PAREN.match(line)
        else "digit"
        if DIGIT.match(line)
        else "section"
        if SECTION.match(line)
        else ""
    )


def _split_run(line: str) -> list[str]:
    """Numbered items run together on one line (一、…；二、…；三、…。) become one line each."""
    parts: list[str] = []
    for pattern, to_int in ((SECTION, cn_number), (PAREN, cn_number), (DIGIT, int)):
        m = pattern.match(line)
        if not m or not to_int(m.group(1)):
            continue
        num, rest = to_int(m.group(1)), line
        while True:
            nxt = num + 1
            marker = {
                SECTION: rf"{cn_label(nxt)}\s*、",
                PAREN: rf"[（(]\s*{cn_label(nxt)}\s*[）)]",
                DIGIT: rf"{nxt}\s*[.．、](?!\d)",
            }[pattern]
            found = re.search(rf"(?<=[。；;])\s*(?={marker})", rest)
            if not found:
                break
            parts.append(rest[: found.start()].strip())
            rest, num = rest[found.end() :], nxt
        parts.append(rest)
        return parts
    return [line]


def _is_heading(line: str) -> bool:
    """A marker line that carries only a heading (（一）严格落实党政领导责任)."""
    return starts_new(line) and len(line) <= 45 and not any(ch in line for ch in "。；")


def _undisplace(lines: list[str]) -> list[str]:
    """Put a heading the scan dropped into the middle of a sentence back at the paragraph end.

    襄垣: "…党的二十大精神和习近" / "二、严格落实安全生产责任…" / "平总书记关于…" — the heading belongs
    after the first line that closes a sentence.
    """
    out = list(lines)
    i = 1
    while i < len(out) - 1:
        line, prev, nxt = out[i], out[i - 1], out[i + 1]
        if (
            (SECTION.match(line) or PAREN.match(line))
            and _is_heading(line)
            and len(prev) >= 10
            and prev[-1] not in SENTENCE_END
            and not starts_new(prev)
            and not _is_heading(prev)
            and not prev.endswith(DOC_KIND_ENDS)
            and not starts_new(nxt)
            and not TAIL_LINE.match(nxt)
        ):
            j = i + 1
            while j < len(out) and not (out[j][-1] in "。；" or starts_new(out[j])):
                j += 1
            if j < len(out) and not starts_new(out[j]):
                out.insert(j, out.pop(i))  # after the pop, j is the slot after that line
                continue
        i += 1
    return out


def _keyed_rows(lines: list[str]) -> list[str]:
    """A site's "- [ 发文字号 ]" row with its value on the next "- …" row: one 字段：值 line."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        key = KEY_ALONE.match(lines[i])
        if key and i + 1 < len(lines) and not KEY_ALONE.match(lines[i + 1]):
            out.append(f"{key.group(1)}：{BULLET.sub('', lines[i + 1])}")
            i += 2
            continue
        out.append(lines[i] if key is None else f"{key.group(1)}：")
        i += 1
    return [x for x in out if x.strip("-•·* ")]


def clean_lines(text: str) -> list[str]:
    """Lines without markdown noise; lines broken by scanning or page layout joined again.

    Blank lines are not trusted as paragraph ends: scans and some exports put one after every
    line, and break paragraphs in mid-word. A line is joined to the one before unless that one
    closes a sentence, is a heading or belongs to the signature block, or the line starts a new
    numbered clause.
    """
    if text.count("\\n") >= 3:  # a copy that kept its line breaks escaped (\r\n\t as letters)
        text = text.replace("\\r", "").replace("\\n", "\n").replace("\\t", " ")
    raw_lines: list[str] = []
    for raw in text.replace("\r", "\n").split("\n"):
        line = re.sub(r"^#+\s*|\*\*|^-{3,}$|^\s*>\s*", "", raw.strip()).strip()
        line = line.replace("\u3000", " ").replace("\xa0", " ").strip()
        line = SPACED_DIGITS.sub(lambda m: m.group(0).replace(" ", ""), line)  # 〔 2 0 2 0〕4 5号
        line = LOST_SPACES.sub("", line)
        if HTML_TAG.search(line):  # "1. <cite id=…></cite>": a list item of the page's markup
            line = HTML_TAG.sub("", line).strip()
            line = "" if re.fullmatch(r"[-•·*]?\s*(?:\d{1,2}\s*[.．、])?", line) else line
        line = BREADCRUMB.sub("", line).strip()
        line = FIELD_ROW.sub(r"\1：", line)  # 5. [发文字号] 东政办发〔2020〕1号: a field, not item 5
        line = PAGE_MARK.sub("", _normalise(PINYIN.sub("", line)))
        if line and not JUNK_LINE.match(line):
            raw_lines.append(line)
    raw_lines = _keyed_rows(raw_lines)
    for i in range(len(raw_lines) - 1):  # a PDF line that ends in the next item's bare marker
        m = TRAILING_MARKER.match(raw_lines[i])
        if m:
            raw_lines[i], raw_lines[i + 1] = m.group(1), m.group(2) + raw_lines[i + 1]
    lines = _undisplace(raw_lines)
    # a scan: most longer lines stop in mid-sentence; then short lines are broken too
    long_lines = [x for x in lines if len(x) >= 15]
    scan = bool(long_lines) and sum(x[-1] not in SENTENCE_END for x in long_lines) > 0.4 * len(long_lines)
    # marker lines that stop without 。 are headings where most lines of that kind are headings
    # (平陆 （一）…); where the kind normally carries whole measures (大同 "7. …制度, 严"), such
    # a line was broken and goes on in the next line
    # laid-out text (PDF, scan) wraps at a fixed width: a marker line that fills the width was
    # wrapped, not a heading ("1. 各级各部门要将…作为党" / "委（党组）第一议题…")
    widths = sorted(len(x) for x in lines if len(x) >= 10)
    width = widths[int(len(widths) * 0.8)] if len(widths) >= 10 else 10_000
    wrapped = width <= 80

    def fills_width(x: str) -> bool:
        return wrapped and len(x) >= 0.9 * width

    kinds: dict[str, list[bool]] = {}
    for x in lines:
        if _kind(x):  # a line that fills the width was wrapped: a measure, not a heading
            kinds.setdefault(_kind(x), []).append(_is_heading(x) and not fills_width(x))
    headed = {k: len(v) < 3 or sum(v) >= 0.3 * len(v) for k, v in kinds.items()}

    def is_heading(x: str) -> bool:
        return _is_heading(x) and headed.get(_kind(x), True)

    def lost_heading(prev: str, before: str) -> bool:
        """A short line with no punctuation after a closed sentence: a heading whose number the scan
        lost (襄垣 "推进重大隐患排查整治"), not the first part of a wrapped measure."""
        return (
            wrapped
            and len(prev) < 0.8 * width
            and len(prev) <= 30
            and not any(ch in prev for ch in "，。；：,、")
            and (not before or closes(before))
        )

    joined: list[str] = []
    in_body = extended = locked = False  # locked: a heading completed by its second line
    for line in lines:
        new = starts_new(line)
        in_body = in_body or new
        if joined:
            prev = joined[-1]
            continuation = (line[0] in NO_LEAD or prev[-1] in "（(《“〔") and not new
            heading_tail = (  # 一、全面学习贯彻落实…关于 / 安全生产的重要论述
                not new
                and not extended
                and is_heading(prev)
                and not (fills_width(prev) and len(line) >= 0.9 * width)
                and not SECTOR_HEAD.match(line)
                and (len(prev) >= 27 or (len(prev) >= 15 and prev.endswith(DANGLING)))
                and len(line) <= 20
                and not any(ch in line for ch in "，。；：,")
                and not TAIL_LINE.match(line)
            )
            body_break = (
                not new
                and not locked
                and not closes(prev)
                and (not is_heading(prev) or (fills_width(prev) and not extended))
                and not TAIL_LINE.match(prev)
                and not TAIL_LINE.match(line)
                and not prev.endswith(TITLE_ENDS)  # a title, then the addressee or the 文号
                and not (prev.endswith("》") and ISSUER.fullmatch(line))  # 附：《…》, then the signature
                and not WHOLE_TITLE.fullmatch(prev)  # 《X关于…的通知》 a site prints as the title
                and not prev.endswith("】")  # a site's tag closing its line (…【正文】)
                and not (in_body and lost_heading(prev, joined[-2] if len(joined) > 1 else ""))
                and not ADDRESSEE.match(line)
                and not FURNITURE.match(line)
                and not (FURNITURE.match(prev) and not in_body and not fills_width(prev))
                and not (FURNITURE.match(prev) and TITLES[0].match(line))  # a long row, then the title
                and not prev.endswith(("...", "…"))  # a summary cut short
                and not DATE_ROW.match(prev)  # 发布：2025-01-15, then the title
                and not (SECTOR_HEAD.match(line) and not fills_width(prev))  # 燃气：… after a short line
                and (len(prev) >= 20 or (scan and in_body))
                # a site's top row, then the title; a signature's date, then the title repeated
                and not ((not in_body or SIGNED_DATE.search(prev)) and title_line(line))
            )
            alone = DOC_NO_LINE.fullmatch(line) or DOC_NO_LINE.fullmatch(prev)
            if (continuation or heading_tail or body_break) and not alone:
                joined[-1] = prev + line
                extended, locked = True, heading_tail
                continue
        joined.append(line)
        extended = locked = False
    # a copy's pinyin or run-together items that a line break split are whole again after joining
    joined = [PINYIN_CUT.sub("", PINYIN.sub("", x)) for x in joined]
    bare = not any(starts_new(x) for x in joined)
    out = [part for x in joined for inner in _split_inline(x, bare) for part in _split_run(inner)]
    return [part for x in out for part in _split_date(x)]


def _split_date(line: str) -> list[str]:
    m = TRAILING_DATE.search(line)
    if m and m.start() > 0:
        return [line[: m.start()], m.group(1)]
    m = MID_DATE.search(line)
    return [line[: m.start()], m.group(1), line[m.end() :]] if m else [line]


def _split_inline(line: str, bare: bool) -> list[str]:
    """Split a line before a first item (一、 or （一）) that follows a sentence (or a section's
    heading) in mid-line, when the second item follows it on the line too, or when no line of the
    text starts with a marker (a page copied onto one line)."""
    for first, second in INLINE_FIRST:
        m = first.search(line)
        if m and m.end() < len(line) and (bare or re.search(second, line[m.end() :])):
            return [line[: m.end()], *_split_inline(line[m.end() :], False)]
    m = INLINE_DIGIT.search(line) if bare else None
    if m and re.search(r"[。；]\s*2\s*[、.．](?!\d)", line[m.end() :]):
        return [line[: m.end()], line[m.end() :]]
    return [line]


def to_simplified(text: str) -> str:
    """Traditional characters (a website's 繁体 view, a Hong Kong or Taiwan copy) to simplified, with
    OpenCC; text that is already simplified is returned unchanged."""
    sample = text[:4000]
    hits = sum(ch in TRADITIONAL_HINT for ch in sample)
    return (_t2s().convert(text) if hits >= 3 else text).translate(VARIANTS)


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def without_contents(lines: list[str]) -> list[str]:
    """A table of contents (目录, then numbered titles of the attached plans; or six or more heading
    lines of two numbering levels in a row) and a list of attachments' names under 附件： are not
    clauses."""
    lines = _without_heading_runs(lines)
    out: list[str] = []
    skipping = False
    for line in lines:
        if re.fullmatch(r"目\s*录[：:]?", line):
            skipping = True
            continue
        if skipping and starts_new(line) and len(line) <= 40 and not re.search(r"[。；，]", line):
            continue
        skipping = False
        out.append(line)
    return out


def _is_toc_line(line: str) -> bool:
    if starts_new(line) and TOC_LEADER.search(line):
        return True
    return (
        (starts_new(line) or line in ("前言", "结束语", "附件", "附录"))
        and len(line) <= 30
        and not re.search(r"[。；，：:]", line)
    )


def _without_heading_runs(lines: list[str]) -> list[str]:
    drop: set[int] = set()
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _is_toc_line(lines[j]):
            j += 1
        styles = {s for x in lines[i:j] for s in STYLES if PATTERNS[s].match(x)}
        leaders = sum(bool(TOC_LEADER.search(x)) for x in lines[i:j])
        if (j - i >= 6 and len(styles) >= 2) or leaders >= 3:
            drop.update(range(i, j))
        i = max(j, i + 1)
    for k, line in enumerate(lines):  # 附件：1.…名单 2.…责任表: the attachments' names
        if ATTACHMENT.match(line) or line == "附件":
            k += 1
            while k < len(lines) and DIGIT.match(lines[k]) and len(lines[k]) <= 50 and "。" not in lines[k]:
                drop.add(k)
                k += 1
    return [x for k, x in enumerate(lines) if k not in drop]


def signature_like(line: str) -> bool:
    return not starts_new(line) and bool(re.fullmatch(r"[\u4e00-\u9fa5\d〇○年月日\s]{2,25}", line))
