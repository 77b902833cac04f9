"""Parse a notice's text: issuer, 文号, title, date and its clauses in the notice's own numbering."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

CN = "一二三四五六七八九十"
CN_NUM = f"[{CN}]{{1,3}}"
DOC_NO = re.compile(r"([\u4e00-\u9fa5]{1,8}发)\s*[〔\[［(（]\s*(\d{4})\s*[〕\]］)）]\s*(\d+)\s*号")
DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
CN_DIGITS = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_DATE = re.compile(
    r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)
# markers at the start of a line: （十一） / (十一)   1. / 1．   六、
PAREN = re.compile(rf"^[（(]\s*({CN_NUM})\s*[）)]\s*")
DIGIT = re.compile(r"^(\d{1,3})\s*[.．、]\s*(?!\d)")
SECTION = re.compile(rf"^({CN_NUM})\s*、\s*")
SECTOR_HEAD = re.compile(r"^(?!责任单位|牵头单位|配合单位|责任部门|牵头部门)([\u4e00-\u9fa5]{2,8})[：:]")
SIGNATURE = re.compile(r"\s*[\u4e00-\u9fa5]{2,15}人民政府\s*\d{4}\s*年.*$")
SENTENCE_END = "。；！？：:;）)”"


def cn_number(text: str) -> int:
    """一 … 九十九 to an int."""
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN.index(tens) + 1 if tens else 1) * 10 + (CN.index(ones) + 1 if ones else 0)
    return CN.index(text) + 1


def cn_label(n: int) -> str:
    """1 → 一, 22 → 二十二, 105 → 一百零五 (digits past 999)."""
    if n <= 0 or n > 999:
        return str(n)
    if n >= 100:
        hundreds, rest = divmod(n, 100)
        tail = (
            ""
            if not rest
            else ("零" + CN[rest - 1] if rest < 10 else ("一" if rest < 20 else "") + cn_label(rest))
        )
        return CN[hundreds - 1] + "百" + tail
    if n <= 10:
        return CN[n - 1]
    tens, ones = divmod(n, 10)
    return (CN[tens - 1] if tens > 1 else "") + "十" + (CN[ones - 1] if ones else "")


@dataclass
class Clause:
    number: int
    label: str  # how it is cited: （十一） / 第37条 / 六、 / 第8条（燃气）
    heading: str
    text: str
    departments: list[str] = field(default_factory=list)
    parent: str = (
        ""  # label of the group it sits in: 一、 (沁水, 平陆, 晋城), （十一） (大同), 第8条 (sectors)
    )
    sub: bool = False  # a sector heading (燃气：…) inside a numbered clause
    parent_heading: str = ""  # the group's heading: 着力从根本上解决重大问题


@dataclass
class Notice:
    issuer: str = ""
    doc_no: str = ""
    title: str = ""
    date: dt.date | None = None
    year: int | None = None
    style: str = ""  # paren | digit | section
    clauses: list[Clause] = field(default_factory=list)

    @property
    def top_level(self) -> list[Clause]:
        return [c for c in self.clauses if not c.sub]


# a clause number the scan half lost ("条"); a page number ("— 3 —", "- 12 -")
JUNK_LINE = re.compile(r"^(?:第?\s*[\d一二三四五六七八九十]{0,3}\s*条|[-—–]+\s*\d{1,3}\s*[-—–]+)$")
TAIL_LINE = re.compile(
    r"^(?:.{2,15}人民政府(?:办公室)?|[(（]此件.*|抄送.*|.{0,20}\d{4}\s*年.{0,12}日(?:印发)?)$"
)
DANGLING = ("关于", "的", "和", "与", "及", "对", "在", "为", "把", "将", "并", "、", "，")
NO_LEAD = "，。、；：）)》”！？,.;:"  # a line cannot start with these: it continues the line before


WIDE = "[^\\x00-\\x7f]"
HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）"}
HALF_PUNCT = re.compile(rf"(?<={WIDE})\s*([,;:()])\s*|\s*([,;:()])\s*(?={WIDE})")
SPACE_NEAR_WIDE = re.compile(rf"(?<={WIDE})\s+|\s+(?={WIDE})")


def _normalise(line: str) -> str:
    """Half-width , ; : ( ) next to Chinese become full-width; spaces next to Chinese go (scans
    and PDF layout put them in: "全面深 入领会", "和 2025 年"). Spaces between Latin words stay."""
    line = HALF_PUNCT.sub(lambda m: HALF_TO_FULL[m.group(1) or m.group(2)], line)
    return SPACE_NEAR_WIDE.sub("", line)


def _closes(line: str) -> bool:
    """The line ends a sentence (a closing bracket only when no bracket is left open)."""
    if line[-1] not in SENTENCE_END:
        return False
    if line[-1] in "）)":
        return line.count("（") + line.count("(") <= line.count("）") + line.count(")")
    return True


def _starts_new(line: str) -> bool:
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


def _is_heading(line: str) -> bool:
    """A marker line that carries only a heading (（一）严格落实党政领导责任)."""
    return _starts_new(line) and len(line) <= 45 and not any(ch in line for ch in "。；")


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
            and not _starts_new(prev)
            and not _is_heading(prev)
            and not _starts_new(nxt)
            and not TAIL_LINE.match(nxt)
        ):
            j = i + 1
            while j < len(out) and not (out[j][-1] in "。；" or _starts_new(out[j])):
                j += 1
            if j < len(out) and not _starts_new(out[j]):
                out.insert(j, out.pop(i))  # after the pop, j is the slot after that line
                continue
        i += 1
    return out


def clean_lines(text: str) -> list[str]:
    """Lines without markdown noise; lines broken by scanning or page layout joined again.

    Blank lines are not trusted as paragraph ends: scans and some exports put one after every
    line, and break paragraphs in mid-word. A line is joined to the one before unless that one
    closes a sentence, is a heading or belongs to the signature block, or the line starts a new
    numbered clause.
    """
    raw_lines: list[str] = []
    for raw in text.replace("\r", "\n").split("\n"):
        line = re.sub(r"^#+\s*|\*\*|^-{3,}$|^\s*>\s*", "", raw.strip()).strip()
        line = line.replace("\u3000", " ").replace("\xa0", " ").strip()
        line = _normalise(line)
        if line and not JUNK_LINE.match(line):
            raw_lines.append(line)
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

    joined: list[str] = []
    in_body = extended = locked = False  # locked: a heading completed by its second line
    for line in lines:
        new = _starts_new(line)
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
                and not _closes(prev)
                and (not is_heading(prev) or (fills_width(prev) and not extended))
                and not TAIL_LINE.match(prev)
                and not TAIL_LINE.match(line)
                and not (SECTOR_HEAD.match(line) and not fills_width(prev))  # 燃气：… after a short line
                and (len(prev) >= 20 or (scan and in_body))
            )
            if continuation or heading_tail or body_break:
                joined[-1] = prev + line
                extended, locked = True, heading_tail
                continue
        joined.append(line)
        extended = locked = False
    return joined


def normalise_doc_no(doc_no: str) -> str:
    """同政发[2025]1号 / 同政发（2025）1号 / 同政发〔 2025 〕1 号 → 同政发〔2025〕1号."""
    m = DOC_NO.search(doc_no or "")
    return f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号" if m else re.sub(r"\s+", "", doc_no or "")


def _doc_no(text: str) -> tuple[str, int | None]:
    m = DOC_NO.search(text)
    if not m:
        return "", None
    return f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号", int(m.group(2))


def _date(lines: list[str]) -> dt.date | None:
    tail = lines[-15:]
    for line in reversed(tail):  # the signing date sits at the end; the printing date last of all
        if "印发" in line or "抄送" in line:
            continue
        m = DATE.search(line) or None
        if m and len(line) <= 20:
            return _mkdate(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        c = CN_DATE.search(line)
        if c and len(line) <= 20:
            year = int("".join(str(CN_DIGITS[ch]) for ch in c.group(1)))
            return _mkdate(year, cn_number(c.group(2)), cn_number(c.group(3)))
    for line in reversed(tail):
        m = DATE.search(line)
        if m and "印发" in line:
            return _mkdate(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


def _mkdate(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _issuer(lines: list[str], title: str) -> str:
    for line in lines[:8]:
        m = re.match(r"^(.{2,15}?人民政府)\s*文件$", line.replace(" ", ""))
        if m:
            return m.group(1)
    m = re.match(r"^(.{2,15}?人民政府)关于", title)
    if m:
        return m.group(1)
    for line in reversed(lines[-12:]):
        s = line.replace(" ", "")
        if re.fullmatch(r".{2,15}人民政府", s):
            return s
    return ""


def _title(lines: list[str]) -> str:
    head = "".join(x.replace(" ", "") for x in lines[:12])
    m = re.search(r"([\u4e00-\u9fa5]{0,15}?(?:人民政府)?关于[^。]{2,60}?的通知)", head)
    if not m:
        return ""
    title = m.group(1)
    title = re.sub(r"^.*?文件", "", title)
    title = DOC_NO.sub("", title)
    return re.sub(r"^[^关]*?号", "", title)


def _markers(lines: list[str], pattern: re.Pattern[str], to_int: object) -> list[tuple[int, int]]:
    """(line index, number) of lines that start with the pattern."""
    out = []
    for i, line in enumerate(lines):
        m = pattern.match(line)
        if m:
            out.append((i, to_int(m.group(1))))  # type: ignore[operator]
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


DEPT_WORDS = ("负责", "责任单位", "牵头", "配合", "督促", "落实")


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
                depts.append(re.sub(r"^\s*(责任单位|牵头单位|责任部门)\s*[:：]\s*", "", inner).strip())
                i = j + 1
                continue
        out.append(ch)
        i += 1
    return "".join(out).strip(), depts


INLINE_HEADING = re.compile(r"^([^。；，]{2,20})。")


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
    return "", body


def parse_notice(text: str) -> Notice:
    lines = clean_lines(text or "")
    n = Notice()
    n.doc_no, n.year = _doc_no("\n".join(lines[:15])) if lines else ("", None)
    if not n.doc_no:
        n.doc_no, n.year = _doc_no(text or "")
    n.title = _title(lines)
    n.issuer = _issuer(lines, n.title)
    if n.title.startswith("关于") and n.issuer:
        n.title = n.issuer + n.title
    n.date = _date(lines) if lines else None
    if n.date:
        n.year = n.date.year
    elif n.year is None:
        y = re.search(r"(\d{4})年", n.title)
        n.year = int(y.group(1)) if y else None
    chains = {
        "digit": _chain(_markers(lines, DIGIT, int)),
        "paren": _chain(_markers(lines, PAREN, cn_number)),
        "section": _chain(_markers(lines, SECTION, cn_number)),
    }
    style = next((s for s in ("digit", "paren", "section") if len(chains[s]) >= 5), "")
    if not style:
        return n
    n.style = style
    chain = _fill_gaps(lines, chains[style])
    # coarser headings (一、 and, above numbered measures, （一）) group clauses: not clause text
    coarse: dict[int, str] = {}
    if style != "section":
        coarse.update({i: f"{cn_label(num)}、" for i, num in chains["section"]})
    if style == "digit":
        coarse.update({i: f"（{cn_label(num)}）" for i, num in _markers(lines, PAREN, cn_number)})
    ends = [i for i, _ in chain[1:]] + [_end_of_body(lines, chain[-1][0])]
    marker = {"digit": DIGIT, "paren": PAREN, "section": SECTION}[style]
    # short first sentences are headings only where most clauses have one (沁水, 晋城), not in
    # notices whose numbered items are plain measures (大同: "3. 组织开展安全生产月…活动。")
    firsts = [marker.sub("", lines[i], count=1) for i, _ in chain]
    inline = sum(bool(INLINE_HEADING.match(f)) for f in firsts) >= 0.6 * len(firsts)
    for (start, num), end in zip(chain, ends, strict=True):
        above = [i for i in coarse if i < start]
        parent = coarse[max(above)] if above else ""
        parent_heading = _group_heading(lines[max(above)]) if above else ""
        block = [x for i, x in enumerate(lines[start:end], start) if i not in coarse or i == start]
        first = marker.sub("", block[0], count=1)
        body_lines = [first, *block[1:]]
        labels = {"digit": f"第{num}条", "paren": f"（{cn_label(num)}）", "section": f"{cn_label(num)}、"}
        label = labels[style]
        for c in _clauses(num, label, body_lines, parent, inline):
            c.parent_heading = c.parent_heading or parent_heading
            n.clauses.append(c)
    return n


def _group_heading(line: str) -> str:
    text = PAREN.sub("", SECTION.sub("", line, count=1), count=1)
    return re.split(r"[。；]", text, maxsplit=1)[0][:40]


def _end_of_body(lines: list[str], last_start: int) -> int:
    """Where the signature block (issuer, date, 此件公开发布, 抄送, 印发) begins after the last clause."""
    for i in range(last_start + 1, len(lines)):
        s = lines[i].replace(" ", "")
        if TAIL_LINE.match(s) or s.startswith(("抄送", "（此件", "(此件")):
            return i
    return len(lines)


def _clauses(num: int, label: str, body_lines: list[str], parent: str, inline: bool) -> list[Clause]:
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
    text, depts = _split_departments(SIGNATURE.sub("", _join(main)).strip())
    out = [Clause(num, label, heading, text, depts, parent)]
    if len(subs) >= 2:  # real sector headings come in groups
        for name, sub_lines in subs:
            t, d = _split_departments(_join(sub_lines))
            out.append(Clause(num, f"{label}（{name}）", name, t, d, label, sub=True, parent_heading=heading))
    elif subs:
        out[0].text = _join([out[0].text, *(f"{h}：{_join(b)}" for h, b in subs)])
    return out
