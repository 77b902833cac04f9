"""A notice's 文号, signing date and issuing body."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence

from app.notices.patterns import (
    ATTACHMENT,
    BARE_DOC_NO,
    BRACKETED_BODY,
    CLOSING_LINE,
    CN_DATE,
    CN_DIGITS,
    DATE,
    DECIDED,
    DOC_NO,
    DOC_NO_DATE,
    DOC_NO_LEAD,
    FURNITURE,
    FURNITURE_FIELD,
    GLUED_SIGNATURE,
    HEADLINE_BODY,
    ISO_DATE,
    ISSUER,
    LEVEL_TAG,
    LOST_BRACKET,
    MASTHEAD,
    NEWS_ISSUED,
    NEWS_OPENING,
    NEWS_UNNAMED,
    NOTICE_NUMBER,
    ORDER_NUMBER,
    PACKED_DOC_NO,
    QUERIED_BRACKETS,
    SIGNED_DATE,
    SPACE_IN_CJK,
    SUBJECT_BODY,
    TITLE_PLACE,
    cn_number,
)
from app.notices.titles import find_title, first_body, issuer_of_title, names_bodies


def normalise_doc_no(doc_no: str) -> str:
    """同政发[2025]1号 / 同政发（2025）1号 / 同政发〔 2025 〕1 号 → 同政发〔2025〕1号."""
    found = _find_doc_no(doc_no or "")
    return found or re.sub(r"\s+", "", doc_no or "")


def _find_doc_no(line: str) -> str:
    """The first 文号 in a line, its agency code cut loose from the words before it
    ("…工作的通知国发〔2025〕1号" → 国发〔2025〕1号; "发文字号：长政发〔2025〕1号" → 长政发〔2025〕1号)."""
    flat = LOST_BRACKET.sub(r"\1〔\2〕\3号", line.replace(" ", ""))  # 安〔20231号: 〕 lost in the copy
    flat = QUERIED_BRACKETS.sub(r"〔\1〕", flat)  # 金政?2014?8号: the brackets became ?
    flat = BARE_DOC_NO.sub(r"\1〔\2〕\3号", flat)  # 天政办发201652 alone on its line
    flat = PACKED_DOC_NO.sub(r"\1〔\2〕\3号", flat)  # 沪国资委综合2020170 alone on its line
    flat = re.sub(r"〕+", "〕", flat)  # 会府办字〔2025〕〕8
    flat = re.sub(r"^([\u4e00-\u9fa5]{2,10}〔(?:19|20)\d\d〕\d{1,4})$", r"\1号", flat)  # 号 lost
    for m in DOC_NO.finditer(flat):
        code = DOC_NO_LEAD.sub("", m.group(1))
        # "（〔2010〕2号）" names no agency: a citation, not a 文号; one character opens its own line
        if len(code) >= 2 or (code and m.start() == 0 and code == m.group(1)):
            return f"{code}〔{m.group(2)}〕{int(m.group(3))}号"
    return ""


def _is_citation(line: str, doc_no: str) -> bool:
    """The 文号 is quoted inside a sentence (按照《…》（城安办〔2022〕60号）要求，…), not the notice's
    own; one after the title on the same line (…的通知-晋市应急工贸发〔2025〕152号) is its own."""
    flat = line.replace(" ", "")
    if len(flat) <= len(doc_no) + 12 or FURNITURE.match(flat):
        return False
    year = re.search(r"〔(\d{4})〕", doc_no)
    found = re.search(rf"[〔\[［(（【]\s*{year.group(1)}\s*[〕\]］)）】]", flat) if year else None
    at = found.start() if found else -1
    before = flat[:at]
    opened = before.count("（") + before.count("(") > before.count("）") + before.count(")")
    if (
        at > 0
        and not re.search(r"[。，；,;：:]|根据|按照|依据|依照|参照|详见|现将|转发", before)
        and before.count("《") == before.count("》")
    ):
        # only a title (or nothing) before it: the notice's own, also in brackets closing the title
        # line (…的通知（鲁政办字〔2020〕166号）) or glued to the text that follows (陆府通〔2019〕2号为…)
        tail = flat[found.end() :] if found else ""
        return opened and not re.fullmatch(r"第?\d{1,4}号[）)]", tail)
    if re.search(r"[。，；,;]", flat):
        return True
    return at > 0 and opened


def furniture(lines: list[str]) -> dict[str, str]:
    """Label → value of a website copy's page furniture (索引号, 发文字号, 成文日期 …) in the head."""
    out: dict[str, str] = {}
    for line in lines:
        if FURNITURE.match(line):  # a table row's cells are split by |; 关  键  字 spaced out
            row = SPACE_IN_CJK.sub("", line.replace("|", " ").lstrip("-·•* "))
            for key, value in FURNITURE_FIELD.findall(row):
                if value.strip() and key not in out:
                    out[key] = value.strip()
    return out


def find_doc_no(head: list[str], fields: dict[str, str], body: list[str]) -> str:
    for key in ("发文字号", "发布文号", "文号", "文件编号"):
        found = _find_doc_no(fields.get(key, ""))
        if found:
            return found
    cited: set[str] = set()
    for k, line in enumerate(head):  # a line of its own (or the masthead / title line it was joined to)
        found = _find_doc_no(line)
        above = find_title(head[k - 1 : k]) if k else ""
        if found and above and any("转发" in x and above in x.replace(" ", "") for x in head[: k - 1]):
            cited.add(found)  # under the title of the notice forwarded (X转发Y关于…): Y's own 文号
        elif found and _is_citation(line, found):
            cited.add(found)  # quoted in the covering letter: under the attachment's title it is its own
        elif found and found not in cited:
            return found
    for line in body[-6:]:  # some put it in the signature block
        found = _find_doc_no(line)
        if found and not _is_citation(line, found) and found not in cited:
            return found
    for line in head:  # a 通告's own number under its title, with no agency code: 〔2021〕第4号
        flat = line.replace(" ", "")
        numbered = NOTICE_NUMBER.fullmatch(flat) or ORDER_NUMBER.search(flat)
        if numbered:
            return f"〔{numbered.group(1)}〕第{int(numbered.group(2))}号"
    return ""


def _to_date(m: re.Match[str] | None) -> dt.date | None:
    return _mkdate(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def _cn_date(line: str) -> dt.date | None:
    c = CN_DATE.search(line)
    if not c:
        return None
    year = int("".join(str(CN_DIGITS[ch]) for ch in c.group(1)))
    return _mkdate(year, cn_number(c.group(2)), cn_number(c.group(3)))


def _line_date(line: str) -> dt.date | None:
    """A signing date written alone on its line (2025年3月25日 / 二〇二五年三月二十五日)."""
    s = re.sub(rf"^{ISSUER.pattern}", "", line.replace(" ", ""))  # "…办公室 2017年10月4日"
    if len(s) > 20 or "印发" in s or "抄送" in s or re.match(r"^[\u4e00-\u9fa5]{1,6}[：:]", s):
        return None  # 今天是：2025年12月06日 is the website's date, not the signing date
    if re.search(r"日\s*(?:至|到|—|－|-|~|～)", s):
        return None  # 2026年2月2日至2月8日: a period of work, not a date of signing
    packed = re.fullmatch(r"((?:19|20)\d\d)年?(\d\d)(\d\d)日?", s)  # 20251211, 2017年1127: 月日 lost
    if packed:
        return _mkdate(int(packed.group(1)), int(packed.group(2)), int(packed.group(3)))
    short = re.fullmatch(r"((?:19|20)\d\d)年?(\d)(\d)(\d)日?", s)  # 2023217: one reading a date
    if short:
        y, a, b, c = (int(x) for x in short.groups())
        readings = [d for d in (_mkdate(y, a, b * 10 + c), _mkdate(y, a * 10 + b, c)) if d]
        return readings[0] if len(readings) == 1 else None
    iso = re.fullmatch(r"((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})", s)  # 2017-7-6 under the signature
    if iso:
        return _mkdate(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    return _to_date(DATE.search(s)) or _cn_date(s)


def signing_date(lines: list[str], issuer: str, fields: dict[str, str]) -> dt.date | None:
    """The signing date: at the end; else right under the issuer's signature (a covering letter
    before its 工作要点); else the website's 成文日期; else the printing date."""
    tail = lines[-15:]
    for line in reversed(tail):
        d = _line_date(line)
        if d:
            return d
    for i, line in enumerate(lines[1:], 1):  # under the signature, or under 特此通知
        d = _line_date(line)
        prev = lines[i - 1].replace(" ", "")
        if d and ((issuer and prev == issuer) or CLOSING_LINE.match(prev)):
            return d
    for i, line in enumerate(lines):  # the signature block above an 附件 list and its tables
        if ATTACHMENT.match(line.replace(" ", "")):
            d = next((d for x in lines[max(0, i - 3) : i + 4] if (d := _line_date(x))), None)
            if d:
                return d
    for line in lines[:30]:  # （政办发[1999]25号 1999年6月3日） under the title
        m = DOC_NO_DATE.fullmatch(line.replace(" ", ""))
        if m:
            return _to_date(DATE.search(m.group("date")))
    glued = _glued_signature(lines[:30])
    if glued and (not issuer or glued[0] == issuer):
        return glued[1]
    for i, line in enumerate(lines[1:40], 1):  # a covering letter's date under its last sentence
        d = _line_date(line)
        if d and lines[i - 1].endswith(("。", "！")):
            return d
    for key in ("成文日期", "成文时间", "发文日期", "发文时间", "公文生成日期", "生成日期"):
        d = _to_date(ISO_DATE.search(fields.get(key, "")))
        if d:
            return d
    for line in reversed(tail):
        m = DATE.search(line)
        if m and "印发" in line:
            return _to_date(m)
    return None


def _glued_signature(lines: list[str]) -> tuple[str, dt.date] | None:
    for line in lines:
        m = GLUED_SIGNATURE.search(line.replace(" ", ""))
        d = (_to_date(DATE.match(m.group(2))) or _cn_date(m.group(2))) if m else None
        if m and d:
            return m.group(1), d
    return None


def _source_issuer(lines: list[str]) -> str:
    """The body a page names as its source (信息来源：奈曼旗工业和信息化局), when nothing else names one."""
    for line in lines:
        m = re.match(r"^[•·*\-\s]*(?:信息)?来源\s*[:：]\s*(\S+)", line)
        body = ISSUER.match(m.group(1)) if m else None
        if body and len(body.group(0)) >= 3:  # 应急局
            return body.group(0)
    return ""


def _mkdate(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def named_alone(line: str) -> str:
    """A body named alone on its line (a masthead, a signature, before its date), or with a short
    tag a site puts after it (新郑市应急管理局 县级)."""
    s = LEVEL_TAG.sub("", SIGNED_DATE.sub("", line.replace(" ", "").rstrip("|")))
    s = re.sub(r"^(?:19|20)\d\d-\d{1,2}-\d{1,2}(?=[\u4e00-\u9fa5])", "", s)  # 2025-04-11伊宁县应急管理局
    if "网" in s:  # a site's name row (中国政府网山西省政府…)
        return ""
    s = re.sub(r"(?:令|公告|通告)第\d{1,4}号$", "", s)  # 安徽省住房和城乡建设厅公告第122号
    s = re.sub(r"(?<=[局厅])(?:[\u4e00-\u9fa5]{1,4}[科股][、]?)+$", "", s)  # …教育局基建科 安保科
    if names_bodies(s) and first_body(s) != s:  # two bodies sign on one line: the first leads
        return first_body(s)
    if ISSUER.fullmatch(s):
        return s
    words = line.split()
    if len(words) >= 2 and ISSUER.fullmatch(words[0]) and all(len(w) <= 4 for w in words[1:]):
        return words[0]
    return ""


def _dateish(line: str) -> bool:
    """A signing date, also one whose 年月日 the copy lost (2023217) or a template's 20XX年…."""
    s = line.replace(" ", "")
    return bool(_line_date(s) or re.fullmatch(r"(?:19|20)\d{5,6}|(?:19|20)?XX年.{0,8}日?", s))


def _first_group(found: Iterable[re.Match[str] | None]) -> str:
    """The body (the first group that took part) of the first line a pattern found, or ""."""
    return next((next(g for g in m.groups() if g) for m in found if m), "")


def _row_body(fields: dict[str, str], keys: tuple[str, ...], accept: Callable[[str], object]) -> str:
    """The first of the page's rows (发文机关, 责任部门 …) whose value is a body's name."""
    return next((v for k in keys if accept(v := fields.get(k, "").replace(" ", ""))), "")


def fuller_name(body: str, lines: list[str]) -> str:
    """A body named by its level alone (县应急管理局) with its place, where a sentence names it so
    once (由安远县应急管理局审批): two to four characters after a word that ends a phrase."""
    if len(body) < 4 or body[0] not in "省市县区" or not ISSUER.fullmatch(body):
        return body
    named = re.compile(rf"(?:^|[由经报向对在和及与、，。：])([\u4e00-\u9fa5]{{2,4}}){re.escape(body)}")
    for line in lines:
        for m in named.finditer(line):
            if not re.search(r"[由经报向对在和及与必须将要的了是为各全本该我]", m.group(1)):
                return m.group(1) + body
    return body


def _signed_at(lines: list[str]) -> int:
    """The line of the first signature (a body's name with the date under it), or the end."""
    return next(
        (i for i in range(len(lines) - 1) if named_alone(lines[i]) and _dateish(lines[i + 1])), len(lines)
    )


def find_issuer(
    head: list[str], title: str, lines: list[str], fields: dict[str, str], whole: Sequence[str] = ()
) -> str:
    """The issuing body: from the masthead (…文件), the title (…关于), the page's 发文机关 row, a line
    of its own in the head, or the signature; the weaker sources below them in order."""
    flat = [x.replace(" ", "") for x in head]
    news = _first_group(NEWS_ISSUED.search(x) for x in flat)  # 新华社…电 近日，X、Y印发了《关于…的通知》
    if news:
        return news
    by_title = issuer_of_title(title)
    office = fields.get("发文机关", "").replace(" ", "")
    if by_title and office.startswith(by_title) and len(office) > len(by_title) and ISSUER.fullmatch(office):
        return office  # the title names the 指挥部, the 发文机关 row its 办公室 that issued it
    if by_title and not ISSUER.fullmatch(by_title):  # a place alone leads the title (甘谷县关于…)
        # the signature's body at the page's end rather than a site's name above the title; of two
        # bodies signing, the first
        alone = [named_alone(x) for x in lines]
        ends = [i for i, b in enumerate(alone) if b and b.startswith(by_title)]
        at = ends[-1] if ends else -1
        while at > 0 and at - 1 in ends:
            at -= 1
        same_place = alone[at] if at >= 0 else ""
        return same_place or by_title
    if by_title and by_title[0] in "省市县区":  # 市森林防火指挥部公告, signed 安庆市森林防火指挥部
        signed = (b for x in whole or lines if len(b := named_alone(x)) > len(by_title))
        fuller = (b for b in signed if b.endswith(by_title))
        return next(fuller, by_title)
    if by_title:  # the issuer leads the title (fuller than a site's 省政府办公厅文件 heading)
        return by_title
    at = next((i for i, x in enumerate(flat) if title and x.startswith(title[:10])), -1)
    if at > 0 and title.startswith("关于"):  # …20:03:00某某市防汛抗旱指挥部 above 关于…: the body after
        tail = re.sub(r"^.*[^\u4e00-\u9fa5（）()]", "", flat[at - 1])  # the site's junk
        if tail != flat[at - 1] and ISSUER.fullmatch(tail):
            return tail
    found = (
        _first_group(NEWS_OPENING.match(x) for x in flat[:3])
        # the masthead, alone or run into the 文号 and addressee after it; not an attachment's, under
        # the covering letter's signature
        or _first_group(MASTHEAD.match(x) for x in flat[: min(8, _signed_at(flat))])
        # the page's rows naming the body (not 发布机构: that is the website posting it)
        or _row_body(
            fields,
            ("发文机关", "发文单位", "发文机构", "制发单位", "颁布单位", "发布部门", "作者"),
            ISSUER.fullmatch,
        )
    )
    if found:
        return found
    alone = [named_alone(x) for x in lines]
    furniture_rows = [bool(FURNITURE.match(x)) for x in lines]
    for i, x in enumerate(lines):  # a signature: the body's name with the date under it
        body = alone[i] or named_alone(re.sub(r"^.*[^\u4e00-\u9fa5（）()\s]", "", x))
        if body and i + 1 < len(lines) and _dateish(lines[i + 1]) and not furniture_rows[i]:
            while i > 0 and alone[i - 1]:  # two bodies sign: the first leads
                i -= 1
                body = alone[i]
            return body
    # alone on a line (masthead, signature), or before the signing date
    found = next((b for b, row in zip(alone, furniture_rows, strict=True) if b and not row), "")
    if found:
        return found
    glued = _glued_signature(head)
    return (
        (glued[0] if glued else "")
        or _first_group(NEWS_UNNAMED.search(x) for x in flat)
        # the page names the body in charge
        or _row_body(
            fields,
            ("责任部门", "责任单位", "责任处室"),
            lambda v: ISSUER.fullmatch(v) or TITLE_PLACE.fullmatch(v),
        )
        # the body the preamble says decided (省安委办决定…), before the page's 来源 row
        or _first_group(DECIDED.search(x) for x in flat)
        or _source_issuer(lines)
        # a body a sentence of the preamble has act (区安委会办公室将按照…开展, 市应急管理局于…组织)
        or _first_group(SUBJECT_BODY.search(x) for x in flat)
        # a news headline (陕西建设厅：做好…), or a 【body】 heading the page
        or _first_group(HEADLINE_BODY.match(x) for x in flat[:4])
        or _first_group(BRACKETED_BODY.match(x) for x in flat[:3])
        # the last resort: the site's own body posting it
        or _row_body(fields, ("发布机构", "发布单位"), lambda v: ISSUER.fullmatch(v) and len(v) >= 5)
    )
