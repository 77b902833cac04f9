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
SECTOR_HEAD = re.compile(r"^([\u4e00-\u9fa5]{2,8})[：:]")
CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fa5，。、；：“”（）〔〕])\s+(?=[\u4e00-\u9fa5，。、；：“”（）〔〕])")
SIGNATURE = re.compile(r"\s*[\u4e00-\u9fa5]{2,15}人民政府\s*\d{4}\s*年.*$")
SENTENCE_END = "。；！？：:;）)”"


def cn_number(text: str) -> int:
    """一 … 九十九 to an int."""
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN.index(tens) + 1 if tens else 1) * 10 + (CN.index(ones) + 1 if ones else 0)
    return CN.index(text) + 1


def cn_label(n: int) -> str:
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
    parent: str = ""
    sub: bool = False  # a sector heading (燃气：…) inside a numbered clause


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


def clean_lines(text: str) -> list[str]:
    """Lines without markdown noise; lines broken by scanning joined again."""
    out: list[str] = []
    for raw in text.replace("\r", "\n").split("\n"):
        line = re.sub(r"^#+\s*|\*\*|^-{3,}$|^\s*>\s*", "", raw.strip()).strip()
        line = line.replace("\u3000", " ").strip()
        line = CJK_GAP.sub("", line)  # spaces a scan put between Chinese characters
        if not line:
            if out and out[-1] != "":
                out.append("")
            continue
        out.append(line)
    joined: list[str] = []
    for line in out:
        starts_new = bool(PAREN.match(line) or DIGIT.match(line) or SECTION.match(line))
        if (
            joined
            and joined[-1]
            and line
            and not starts_new
            and joined[-1][-1] not in SENTENCE_END
            and len(joined[-1]) >= 20
        ):
            joined[-1] += line  # a line the scan broke in the middle of a sentence
        else:
            joined.append(line)
    return [x for x in joined if x]


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


def _heading(body: str) -> tuple[str, str]:
    """A clause's own heading: its first short sentence, or a separate first line."""
    first, _, rest = body.partition("\n")
    if rest and len(first) <= 40 and first[-1:] not in "。；":
        return first.rstrip("。"), rest
    m = re.match(r"^([^。；]{2,30}?)[。]", body)
    if m and len(_split_departments(body[m.end() :])[0].strip()) >= 10:
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
    ends = [i for i, _ in chain[1:]] + [_end_of_body(lines)]
    for (start, num), end in zip(chain, ends, strict=True):
        above = [i for i in coarse if i < start]
        parent = coarse[max(above)] if above else ""
        block = [x for i, x in enumerate(lines[start:end], start) if i not in coarse or i == start]
        marker = {"digit": DIGIT, "paren": PAREN, "section": SECTION}[style]
        first = marker.sub("", block[0], count=1)
        body_lines = [first, *block[1:]]
        labels = {"digit": f"第{num}条", "paren": f"（{cn_label(num)}）", "section": f"{cn_label(num)}、"}
        label = labels[style]
        n.clauses += _clauses(num, label, body_lines, parent)
    return n


def _end_of_body(lines: list[str]) -> int:
    for i in range(len(lines) - 1, max(0, len(lines) - 20), -1):
        s = lines[i].replace(" ", "")
        if re.fullmatch(r".{2,15}人民政府", s) or "此件公开发布" in s or s.startswith("抄送"):
            end = i
            while end > 0 and (
                (DATE.search(lines[end - 1]) and len(lines[end - 1]) < 20)
                or re.fullmatch(r".{2,15}人民政府", lines[end - 1].replace(" ", ""))
            ):
                end -= 1
            return min(end, i)
    return len(lines)


def _clauses(num: int, label: str, body_lines: list[str], parent: str) -> list[Clause]:
    """One clause, plus a sub-clause for each sector heading such as 燃气： inside it."""
    heading, body = _heading("\n".join(body_lines))
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
    text, depts = _split_departments(SIGNATURE.sub("", " ".join(main)).strip())
    out = [Clause(num, label, heading, text, depts, parent)]
    if len(subs) >= 2:  # real sector headings come in groups
        for name, sub_lines in subs:
            t, d = _split_departments(" ".join(sub_lines).strip())
            out.append(Clause(num, f"{label}（{name}）", name, t, d, label, sub=True))
    elif subs:
        out[0].text = (out[0].text + " " + " ".join(f"{h}：{' '.join(b)}" for h, b in subs)).strip()
    return out
