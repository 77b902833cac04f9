"""A notice's title and the bodies named at its head."""

from __future__ import annotations

import re

from app.notices.patterns import (
    ADDRESSEE,
    ATTACHMENT,
    DATELINE,
    DOC_NO,
    DOC_NO_LEAD,
    FURNITURE,
    ISSUER,
    ISSUER_KIND,
    NAMED_ISSUER,
    SECOND_BODY,
    TITLE_ENDS,
    TITLE_PLACE,
    TITLES,
)


def issuer_of_title(title: str) -> str:
    """The body that leads a title (…关于, …转发, …印发); none for "转发X关于…" (X is the body whose
    notice is forwarded)."""
    m = next(
        (x for x in re.finditer(r"关于|转发|印发|征求", title) if _balanced(title[: x.start()])), None
    )  # (not a 关于 inside the quoted title: …办公室征求《天津市关于…》的函)
    if m:
        lead = title[: m.start()]
        if lead and names_bodies(lead):
            return first_body(lead)
        # a place alone leads the title of its own notice (卢市镇关于…, 某县关于…)
        return lead if TITLE_PLACE.fullmatch(lead) else ""
    # a 工作要点 / 实施方案 heading led by its body (某镇人民政府春季…实施方案): the common kinds only,
    # as words such as 部署 would pass for a 部
    for k in range(len(title) - 2, 1, -1):  # 北京市人民政府防汛抗旱指挥部致广大市民的一封信: the whole body
        if title[k:].startswith("致") and ISSUER.fullmatch(title[:k]):
            return title[:k]
    named = re.match(rf"^(?:国务院(?:办公厅)?|[\u4e00-\u9fa5（）()]{{1,20}}?{ISSUER_KIND})", title)
    return named.group(0) if named else ""


def _balanced(text: str) -> bool:
    return text.count("《") == text.count("》") and text.count("〈") == text.count("〉")


def names_bodies(lead: str) -> bool:
    """One body's name, or two bodies' names run together (…防汛抗旱指挥部…防治救援指挥部)."""
    return bool(ISSUER.fullmatch(lead)) or any(
        ISSUER.fullmatch(lead[:i]) and ISSUER.fullmatch(lead[i:]) for i in range(4, len(lead) - 3)
    )


def first_body(lead: str) -> str:
    """Of two bodies issuing together the first (国务院安委会办公室 应急管理部关于… ->
    国务院安委会办公室): a body of the common kinds followed by another whole body. One body whose
    name contains another (长治市人民政府安全生产委员会, 建设部…司) stays whole."""
    for i in range(len(lead) - 2, 1, -1):
        rest = lead[i:]
        first = NAMED_ISSUER.fullmatch(lead[:i]) or (
            ISSUER.fullmatch(lead[:i]) and (lead[:i].endswith(("部", "部办公厅")) or rest[:2] == lead[:2])
        )  # (two ministries; two bodies of the same place: 广州市住房和城乡建设局广州市消防救援支队)
        if first and ISSUER.fullmatch(rest) and SECOND_BODY.match(rest):
            return first_body(lead[:i])  # of three bodies, the first (…部办公厅…部办公厅…部办公厅)
    return lead


def _unquoted(line: str) -> str:
    """A title line a site wraps in 《》 whole (《X关于…的实施意见》, maybe twice) is the title itself."""
    m = re.match(r"《([^《》]*)》(?=$|《)", line)
    return m.group(1) if m else line


def _unprefixed(lead: str, lines: list[str]) -> str:
    """The body's name without words a site glued in front of it, when another line names the body
    alone (新余国家矿山安全监察局关于… above 国家矿山安全监察局关于…)."""
    for k in range(1, len(lead) - 1):
        rest = lead[k:]
        if ISSUER.fullmatch(rest) and any(x.startswith(rest + "关于") for x in lines):
            return rest
    return lead


def _without_doc_no(line: str) -> str:
    """The line without its 文号; words the pattern takes before the agency code stay
    (…办公厅文件晋政办发〔…〕 keeps …办公厅文件)."""
    for m in reversed(list(DOC_NO.finditer(line))):
        code = DOC_NO_LEAD.sub("", m.group(1))
        line = line[: m.end(1) - len(code)] + line[m.end() :]
    return line


def find_title(head: list[str]) -> str:
    """The title, apart from furniture and 文号: a line (or two, "通 知" spaced out) that is
    "…关于…的通知" or a "…工作要点 / 实施方案" heading, led by nothing but its issuer. A title quoted
    in a sentence (现将《…的通知》转发) is not the notice's own."""
    lines = [
        _unquoted(_without_doc_no(x.replace(" ", "")).strip("（）() "))
        for x in head
        if not FURNITURE.match(x) and not ADDRESSEE.match(x) and not ATTACHMENT.match(x)
    ]
    for pattern in TITLES:
        # a title on a line of its own first; then one broken over two lines (a body's name alone
        # above it is a masthead, not its start; a site's name above it is neither)
        for i, line, joined in [(i, x, False) for i, x in enumerate(lines)] + [
            (i, x, True) for i, x in enumerate(lines)
        ]:
            two = i + 1 < len(lines) and not line.endswith(TITLE_ENDS) and not ISSUER.fullmatch(line)
            if joined and not two:
                continue
            for text in (line + lines[i + 1],) if joined else (line,):
                # a news line may name the title twice: "…最新发布关于…的通报↓河北省人民政府关于…的通报"
                for m in pattern.finditer(text):
                    if text[: m.start()].count("《") > text[: m.start()].count("》"):
                        continue
                    if pattern is not TITLES[0] and (m.end() != len(text) or m.start() > 0):
                        continue  # a 工作要点 heading or a body's 通告 is a line of its own
                    lead = DATELINE.sub("", re.sub(r"^.*文件", "", text[: m.start()]))
                    lead = re.sub(r"^.*[↓→>》]", "", lead)
                    lead = re.sub(r"^(?:\d{4}年)?\d{1,2}月\d{1,2}日[，,]?", "", lead)  # a news lead's date
                    if lead and not names_bodies(lead) and m.end() == len(text):
                        # a site's junk run into the title line: the body's name after the last
                        # character that is not Chinese (…20:03:00焦作市防汛抗旱指挥部关于…)
                        tail = re.sub(r"^.*[^\u4e00-\u9fa5（）()]", "", lead)
                        lead = tail if tail != lead and names_bodies(tail) else lead
                    if lead and not names_bodies(lead) and not TITLE_PLACE.fullmatch(lead):
                        continue  # a sentence that mentions a title, not a title line
                    return _unprefixed(lead, lines) + m.group(1)
    return ""


def title_line(line: str) -> bool:
    """A line that is a whole title on its own (X关于…的通知), led by nothing but its issuer."""
    title = find_title([line])
    return bool(title) and line.replace(" ", "").endswith(title[-6:])
