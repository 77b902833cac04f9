"""Parse a notice's text: issuer, 文号, title, date and its clauses in the notice's own numbering."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

CN = "一二三四五六七八九十"
CN_NUM = f"[{CN}]{{1,3}}"
# a 文号: agency code (with or without 发: 同政发, 皖安, 郭镇政, 国办发明电), year in any bracket, number
DOC_NO = re.compile(
    r"([\u4e00-\u9fa5]{1,10})\s*[〔\[［(（【]\s*(\d{4})\s*[〕\]］)）】]\s*第?\s*(\d{1,4})\s*号"
)
# words before a 文号 that belong to the text around it, not to the agency code
DOC_NO_LEAD = re.compile(
    r"^.*(?:通知|通告|公告|文件|字号|文号|的|关于|以及|详见|根据|依据|按照|参照|转发|印发|要求|精神|号|正文"
    r"|特急|加急|平急|特提|急件|等级|密级|签发人?|现将)"  # 签发人：某某 等级：特急 桂教电〔…〕
)
# the kinds of issuing body: 人民政府 (and its 办公室/办公厅; 市政府办公厅), 安全生产委员会 (and its
# 办公室), 安委会, 安委办, 应急管理局/厅
# 安委办, 应急管理局/厅; and bodies outside the government line that issue notices too: fire and
# traffic-police brigades (消防救援大队, 交警支队), a party group (…厅党组), a 街道办事处, a 管委会, a
# 领导小组 or 指挥部 (and its office), an industry association (…协会…分会)
ISSUER_KIND = (
    r"(?:人民政府(?:办公室|办公厅)?(?:安全生产委员会(?:办公室)?|安委会(?:办公室)?|安委办)?|政府(?:办公室|办公厅|办)"
    r"|安全生产委员会(?:办公室)?|安委会(?:办公室)?|安委办|消安委|应急管理(?:局|厅)"
    r"|消防救援(?:总队|支队|大队|站)|(?:交通警察|交警)(?:总队|支队|大队)|党组|党委(?:办公室)?"
    r"|街道办事处|街道办|管委会(?:办公室)?|领导小组(?:办公室)?|指挥部(?:办公室)?|村委会|居委会|人大主席团|党政办公室|党政办"
    r"|(?<=[省市县区州旗盟])委|委(?:办公厅|办公室)|(?:减灾|救灾)委(?:员会)?(?:办公室)?|(?<=[省市县区州旗盟])防办"
    r"|(?<=[省市县区州旗盟镇乡])政府|(?<=[省市县区州旗盟])防指|(?<=政府)[\u4e00-\u9fa5]{2,4}办|中心校|学区"
    r"|(?:工作)?专班|国资委|(?:中心)?小学|(?:监督|管理|监测|检查)站"
    r"|(?:协会|商会|学会)(?:[\u4e00-\u9fa5]{1,10}?分会)?)"
)
# other government bodies that issue safety notices: a bureau, department, ministry or its 司, a
# commission (绍兴县建设局, 甘肃省住房和城乡建设厅, 建设部工程质量安全监督与行业发展司, …管理委员会)
AGENCY_KIND = (
    r"(?:局|厅|(?<![东南西北中干全])部(?!门|分|位|署)|(?<!公)司|委员会|总队|支队|大队|中心)(?:办公室|办公厅)?"
)
# a body's name: 国务院 (办公厅), or a place and office ending in one of the kinds above; never words
# that open a title or an addressee (关于…, 转发…, 印发…, 各…)
# (a template's signature keeps its placeholder: XX区人民政府新浦街道办事处)
ISSUER = re.compile(
    rf"(?:国务院(?:办公厅)?|(?!关于|转发|印发|各|经(?!济|开)|[我本该][省市县区镇乡局厅委级])(?:XX|××)?[\u4e00-\u9fa5（）()]{{1,20}}?(?:[-－][\u4e00-\u9fa5]{{2,12}}?)?(?:{ISSUER_KIND}|{AGENCY_KIND}))"
)
# the second of two bodies issuing together names its own place (山西省应急管理厅) or is a ministry
# (应急管理部); 安全生产委员会 after 长治市人民政府 is part of one body's name
SECOND_BODY = re.compile(
    r"^(?!办公)(?:[省市县区州盟旗](?!办公)|[\u4e00-\u9fa5]{1,8}?(?:省|自治区|市|州|盟|县|区|旗|镇|乡|街道)(?!办公)|[\u4e00-\u9fa5]{2,8}(?<!指挥)部(?:$|办公厅|办公室))"
)
# a body of the common kinds (not a 局/部/司 of any name)
NAMED_ISSUER = re.compile(
    rf"(?:国务院(?:办公厅)?|(?!关于|转发|印发|各|经(?!济|开)|[我本该][省市县区镇乡局厅委级])[\u4e00-\u9fa5（）()]{{1,20}}?{ISSUER_KIND})"
)
# a news copy's dateline before the notice's title (据新华社北京4月23日电)
DATELINE = re.compile(r"^.*?据?[\u4e00-\u9fa5]{1,10}?(?:社|报|网|台)[\u4e00-\u9fa5\d]{0,12}?电")
# bodies named as issuing a quoted notice in a news copy's first sentence
# (the title in 《》, or bare up to its kind: 近日，山西省政府办公厅发出关于…的通知。)
NEWS_ISSUED = re.compile(
    rf"(?:电|讯(?:\d{{1,2}}月\d{{1,2}}日)?|近日|日前)[，,]?(?:近日|日前)?[，,]?({ISSUER.pattern})"
    rf"(?:[、和]{ISSUER.pattern})*(?:近日|日前)?"
    r"(?:印发|发出|下发|发布|出台)了?(?:《([^《》]{2,80}?)》|(关于[^《》。；]{2,80}?的(?:紧急)?(?:通知|意见|通告|决定)))"
)
# a news report of a notice it does not name: …，自治区防汛抗旱指挥部再次发出紧急通知，要求…
NEWS_UNNAMED = re.compile(
    rf"(?:^|[，。])(?:近日|日前)?({ISSUER.pattern})(?:近日|日前|再次|又)?(?:印发|发出|下发)了?(?:一份)?(?:紧急)?通知"
)
# the body the preamble says decided it: …，省安委办决定将…
DECIDED = re.compile(
    rf"(?:^|[，。：])({ISSUER.pattern})(?:(?:研究)?决定|(?:郑重)?(?:提示|提醒)您|特?发布如下(?:公告|通告))"
    # 经区减灾委综合研判，决定… / 市防办经组织联合会商研判，…
    rf"|经({ISSUER.pattern})[^。，；]{{0,8}}研判[，,]?决定|[，。]({ISSUER.pattern})经[^。，；]{{0,10}}研判"
    # 区防指制定了《…预案》。现印发给你们 / 区政府烟花办向您致以节日问候
    rf"|(?:^|[，。])({ISSUER.pattern})(?:研究)?(?:制定|修订)了?(?:《|[^，。；]{{2,30}}?(?:措施|方案|预案))|(?:^|[，。！])({ISSUER.pattern})向(?:您|你们|大家|广大)[^，。]{{0,8}}致以"
)
# a body acting in a sentence of the preamble, not given a task (…要, …应): the notice's own
SUBJECT_BODY = re.compile(
    rf"(?:^|[，。；：！])(?:现|特)?(?!我|本|该|根据|按照|依据|由|对|在|向|经)({ISSUER.pattern})"
    r"(?:将(?:按照|在全|于)|已|现|特|决定|研究|制定|修订|印发|发布|下发|发出|提醒|提示|郑重|定于|拟)"
)
# a page that opens by naming the body and what it issued (聊城市人民政府发布《关于…的通告》，具体内容如下：)
NEWS_OPENING = re.compile(
    rf"^({ISSUER.pattern})(?:近日|日前)?(?:印发|发出|下发|发布|出台)了?《([^《》]{{2,80}}?)》"
)
# pinyin a copying site put after characters to defeat copying: 國(guo)務院, 會(huì )
# (repeated: 生(sheng)(sheng), and inside a clause marker: (一(yi)(yi)))
PINYIN = re.compile(
    r"(?<=[\u4e00-\u9fa5])(?:\s*[(（]\s*(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"[aeiouvüāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]{1,3}(?:ng|n|r)?\s*[)）])+"
)
# pinyin the copy was cut inside: 江西省防减救灾(zāi
PINYIN_CUT = re.compile(r"(?<=[\u4e00-\u9fa5])\s*[(（]\s*[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\s*$")
# page furniture of a government website's copy: 索引号, 发文字号, 成文日期, 主题词 … (label and value,
# several on one row, with or without a colon or a list dash)
FURNITURE_KEYS = (
    "索引号|发文字号|发布文号|发文文号|文号|名称|颁布单位|法规类型|所属行业|有效与否|公文时效|关键词|所属机构|发表时间|成文日期|成文时间|发文日期|发文时间|发布日期|发布时间|发布机构|发布单位|"
    "发文机关|发文单位|主题词|主题分类|信息分类|公开日期|生效日期|有效性状态|有效性|时效性|废止日期|标题|"
    "来源|字号|当前位置|浏览次数|概述|内容概述|属性|备注|公文种类|文件编号|内容分类|组配分类|公开方式|公开时限|"
    "公开范围|公开类型|公开属性|公开期限|责任处室|责任部门|信息类别|体裁分类|关键字|制发单位|发文机构|联合发文单位|"
    "实施日期|失效日期|文件来源|浏览量|阅读量|点击量|点击数|作者|公文生成日期|生成日期|发布部门"
)
FURNITURE = re.compile(rf"^[-·•*|\s]*(?:{FURNITURE_KEYS})(?:\s*[:：|]|(?=[\w〔（(]))")
FURNITURE_FIELD = re.compile(rf"({FURNITURE_KEYS})\s*[:：]?\s*(.*?)(?=\s*(?:{FURNITURE_KEYS})\s*[:：]?|$)")
ISO_DATE = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})")
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
# a written date in digits or in Chinese numerals (no groups): 2025年3月5日 / 二〇二五年三月五日
ANY_DATE = (
    r"\d{4}年\d{1,2}月\d{1,2}日"
    r"|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日"
)
# markers at the start of a line: （十一） / (十一)   1. / 1．   六、
PAREN = re.compile(rf"^[（(]\s*({CN_NUM})\s*[）)]\s*")
DIGIT = re.compile(r"^(\d{1,3})\s*[.．、]\s*(?!\d)")
SECTION = re.compile(rf"^({CN_NUM})\s*[，,]?\s*、\s*")  # (一，、: a copy's stray comma)
# a sector's part inside a clause (燃气：…, 消防：…); not a form's field (责任领导：, 检查范围：, 联系人：)
# nor a body named before its phone number (省公安厅：)
SECTOR_HEAD = re.compile(
    r"^(?!责任|牵头|配合|检查|督查|督导|联系|带队|组长|副组长|成员|时间|地点|范围|对象|内容|电话|地址|邮箱|传真)"
    r"(?![\u4e00-\u9fa5]{0,6}(?:厅|局|委|办|部|政府|中心|所|站|队|领导|人员|单位|部门)[：:])([\u4e00-\u9fa5]{2,8})[：:]"
)
SIGNATURE = re.compile(r"\s*[\u4e00-\u9fa5]{2,15}人民政府\s*\d{4}\s*年.*$")
SENTENCE_END = "。；！？：:;）)”"


def cn_number(text: str) -> int:
    """一 … 九十九 to an int; 0 for what is not such a number (一四)."""
    try:
        if "十" in text:
            tens, _, ones = text.partition("十")
            return (CN.index(tens) + 1 if tens else 1) * 10 + (CN.index(ones) + 1 if ones else 0)
        return CN.index(text) + 1 if len(text) == 1 else 0
    except ValueError:
        return 0


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
    addressee: str = ""  # 各工业企业 (whom the notice is sent to, without the colon)
    style: str = ""  # paren | digit | section
    clauses: list[Clause] = field(default_factory=list)
    # a notice to whoever reads it (a 通告, 禁火令, open letter): its rules bind the units and people
    # it names or none, not government offices
    public: bool = False

    @property
    def top_level(self) -> list[Clause]:
        return [c for c in self.clauses if not c.sub]


# the kinds of notice addressed to the public rather than to government bodies, and what tells one
# whose title is lost (a page 2): its closing, a mention of itself, or a greeting to the public
PUBLIC_KINDS = ("通告", "公告", "令", "一封信", "公开信", "倡议书", "倡议", "提示")
PUBLIC_HEADING = re.compile(r"[^。，；：:]{2,30}(?:倡议书|一封信|公开信|通告|公告|禁火令|封山令|戒严令)")
PUBLIC_TEXT = re.compile(
    r"特此(?:通告|公告)|^此告|本《?(?:通告|公告|[\u4e00-\u9fa5]{0,3}令)》?"
    r"|^(?:广大|全[省市县区镇乡村]|亲爱的)[^。；]{0,20}(?:朋友|群众|市民|居民|村民|游客|家长|同胞)们?[：:]$"
)


# a clause number the scan half lost ("条"); a page number ("— 3 —", "- 12 -")
# the list of attachments after the body: 附：…, 附件：…, 附件1：…
ATTACHMENT = re.compile(r"^附(?:件\s*\d{0,2})?\s*[：:]")
# a line naming a document (the title of an attached 指南 above its 一、总则), not a broken sentence
DOC_KIND_ENDS = (
    "指引",
    "指南",
    "方案",
    "要点",
    "办法",
    "规定",
    "细则",
    "通知",
    "意见",
    "清单",
    "预案",
    "标准",
)
JUNK_LINE = re.compile(
    r"^(?:第?\s*[\d一二三四五六七八九十]{0,3}\s*条|[-—–]+\s*\d{1,3}\s*[-—–]+"
    r"|不支持Flash|爱问（iAsk\.com）?\)?|扫一扫在手机.*|扫码关注.*|返回顶部|【?打印】?\s*【?关闭】?)$"
)
TAIL_LINE = re.compile(
    r"^(?:.{2,25}(?:人民政府(?:办公室|办公厅)?(?:安全生产委员会(?:办公室)?)?|安全生产委员会(?:办公室)?"
    r"|安委会(?:办公室)?|安委办|应急管理(?:局|厅))|[\u4e00-\u9fa5]{3,18}(?:局|厅|(?<!公)司|委员会)(?:办公室|办公厅)?|[(（]此件.*|抄送.*|.{0,20}\d{4}\s*年.{0,12}日(?:印发)?"
    r"|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日"
    r"|(?:19|20)\d\d-\d{1,2}-\d{1,2})$"
)
# a 文号 alone on its line (安委办明电〔2011〕12号, （鲁政办字〔2020〕166号）): never joined to the title
# above it or the addressee below it
DOC_NO_LINE = re.compile(rf"[（(]?{DOC_NO.pattern}[）)]?")
# a wrapped line that ends in the marker of the item starting on the next line (…和预案。 （三）)
TRAILING_MARKER = re.compile(rf"^(.*[。；])\s*([（(]\s*{CN_NUM}\s*[）)]|{CN_NUM}\s*、|\d{{1,3}}\s*[.．、])$")
# a page copy's continuation mark ([接上页]) before the text
PAGE_MARK = re.compile(r"^[\[【［(（]\s*接上页\s*[\]】］)）]\s*")
# closing lines after the last clause: 特此通告。 / 此告 / 联系人及电话：…
CLOSING = r"(?:特此(?:通告|通知|公告|通报|函告|函)|此告|此复)。?"
# (and a request on a line of its own to carry the notice out: 请你局按以上决定，认真抓好贯彻落实)
CLOSING_LINE = re.compile(
    rf"^{CLOSING}$|^联系(?:人|电话|方式)|^[^。，；]{{0,12}}(?:电话|热线)\s*[:：]\s*[\d(（]"
    r"|^请[^。；]{0,24}(?:贯彻落实|贯彻执行|遵照执行|认真执行|抓好落实|落实到位)。?$"
)
# the same closing run into the last clause's line (…自发布之日起实施。此告)
CLOSING_TAIL = re.compile(rf"(?<=[。；！])\s*{CLOSING}$")
TITLE_ENDS = (
    *("通知", "工作要点", "实施方案", "意见", "文件", "通告", "通报", "公告", "决定", "函"),
    *("命令", "禁火令", "戒严令", "禁令", "一封信", "公开信", "倡议书", "预案"),
)
ADDRESSEE = re.compile(r"^各[^。；]{2,80}[：:]$")
DANGLING = ("关于", "的", "和", "与", "及", "对", "在", "为", "把", "将", "并", "、", "，")
NO_LEAD = "，。、；：）)》”！？,.;:"  # a line cannot start with these: it continues the line before


WIDE = "[^\\x00-\\x7f]"
HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）"}
HALF_PUNCT = re.compile(rf"(?<={WIDE})\s*([,;:()])\s*|\s*([,;:()])\s*(?={WIDE})")
SPACE_NEAR_WIDE = re.compile(rf"(?<={WIDE})\s+|\s+(?={WIDE})")


# a Chinese-numeral year whose zero was typed as a letter O or a digit 0 (二O一二年, 二00四年)
CN_YEAR_ZERO = re.compile(
    r"(?=.{0,3}[O0oＯ０])(?=.{0,3}[一二三四五六七八九])[一二三四五六七八九〇○零O0oＯ０]{4}(?=年)"
)


def _normalise(line: str) -> str:
    """Half-width , ; : ( ) next to Chinese become full-width; spaces next to Chinese go (scans
    and PDF layout put them in: "全面深 入领会", "和 2025 年"). Spaces between Latin words stay."""
    line = HALF_PUNCT.sub(lambda m: HALF_TO_FULL[m.group(1) or m.group(2)], line)
    line = line.replace("﹝", "〔").replace("﹞", "〕")  # small-form 文号 brackets: 鲁政办发﹝2011﹞67号
    line = CN_YEAR_ZERO.sub(lambda m: re.sub("[O0oＯ０]", "〇", m.group(0)), line)
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
            and not prev.endswith(DOC_KIND_ENDS)
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


HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")  # tags a copy kept (<dfn id="…"></dfn>)
FIELD_ROW = re.compile(r"^\d{1,2}\s*[.．、]\s*[\[【［]\s*([\u4e00-\u9fa5]{2,8})\s*[\]】］]\s*")
# a site's "you are here" line that a list marker turned into a numbered item (1.您所在位置：首页>…)
BREADCRUMB = re.compile(r"^\d{1,2}\s*[.．、]\s*(?=(?:您|当前)\S{0,4}位置)")
# a copy that lost its indent or spaces shows "?" for each (???（一）第一检查督导组)
LOST_SPACES = re.compile(r"^\?+\s*|\s+\?+(?=[\u4e00-\u9fa5])|\s*\?{2,}\s*$")


WHOLE_TITLE = re.compile(rf"(?:{DOC_NO.pattern})?《[^《》]*(?:〈[^〈〉]*〉[^《》]*)*》")
# a site's row of a label and a date or time (发布：2025-01-15, 2021-07-07 10:31)
DATE_ROW = re.compile(
    r"^(?:[\u4e00-\u9fa5]{0,6}[：:]?\s*(?:19|20)\d\d[-./年]\d{1,2}[-./月]\d{1,2}日?[\d:\s]*)+$"
)


KEY_ALONE = re.compile(r"^[-•·*]?\s*[\[【［]\s*([\u4e00-\u9fa5]{2,8})\s*[\]】］]$")
BULLET = re.compile(r"^[-•·*]\s*")


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


# digits a PDF export spaced out one by one (2 0 2 0年5月2 9日)
SPACED_DIGITS = re.compile(r"(?<![\d.])\d(?: \d)+(?![\d.])")


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
            and (not before or _closes(before))
        )

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
                and not ((not in_body or SIGNED_DATE.search(prev)) and _title_line(line))
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
    bare = not any(_starts_new(x) for x in joined)
    out = [part for x in joined for inner in _split_inline(x, bare) for part in _split_run(inner)]
    return [part for x in out for part in _split_date(x)]


# a signing date run onto the end of the last sentence (…报送市政府办公厅。二○一○年一月十三日)
TRAILING_DATE = re.compile(rf"(?<=[。！])\s*({ANY_DATE})[|\s]*$")


# …or run on between the last sentence and an attached form's cells, which end no sentence
# (…报送本通知要求附表。二〇一二年一月五日填报区县：填报时间：…)
MID_DATE = re.compile(rf"(?<=[。！])\s*({ANY_DATE})(?![前起至以后到止内—\-～~，,、（(])(?=[^。；！]{{4,}}$)")


def _split_date(line: str) -> list[str]:
    m = TRAILING_DATE.search(line)
    if m and m.start() > 0:
        return [line[: m.start()], m.group(1)]
    m = MID_DATE.search(line)
    return [line[: m.start()], m.group(1), line[m.end() :]] if m else [line]


# the first item of a list run into the line before it (…通告如下：一、… / 三、有关要求（一）…)
INLINE_FIRST = (
    (re.compile(r"[。；：！](?=一\s*、)"), r"[。；]\s*二\s*、"),
    (
        re.compile(rf"(?:[。；：！]|^{CN_NUM}、[^。；，：（(]{{2,20}})(?=[（(]\s*一\s*[）)])"),
        r"[。；]\s*[（(]\s*二\s*[）)]",
    ),
)
# 1、 2、 run into the only paragraph of a page with no numbered line (宁化 倡议书): split there alone
INLINE_DIGIT = re.compile(r"[。；！：:](?=1\s*[、.．](?!\d))")


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


PACKED_DOC_NO = re.compile(r"^([\u4e00-\u9fa5]{3,10})((?:19|20)\d\d)(\d{1,4})$")
BARE_DOC_NO = re.compile(r"^([\u4e00-\u9fa5]{2,10}(?:发|函|字|电))((?:19|20)\d\d)(\d{1,4})号?$")
QUERIED_BRACKETS = re.compile(r"(?<=[\u4e00-\u9fa5])[?？]((?:19|20)\d\d)[?？](?=\d{1,4}号)")
LOST_BRACKET = re.compile(r"^([\u4e00-\u9fa5]{1,10})[〔\[［(（【]((?:19|20)\d\d)(\d{1,4})(?:号|$)")


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


SPACE_IN_CJK = re.compile(r"(?<=[\u4e00-\u9fa5])\s+(?=[\u4e00-\u9fa5])")


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


NOTICE_NUMBER = re.compile(r"[（(]?[〔\[［【]((?:19|20)\d\d)[〕\]］】]第(\d{1,4})号[）)]?")
# a 令's own number after its name (…指挥部令2020年（第3号）)
ORDER_NUMBER = re.compile(r"令\s*((?:19|20)\d\d)\s*年?\s*[（(]第(\d{1,4})号[）)]")


def _doc_no(head: list[str], fields: dict[str, str], body: list[str]) -> str:
    for key in ("发文字号", "发布文号", "文号", "文件编号"):
        found = _find_doc_no(fields.get(key, ""))
        if found:
            return found
    cited: set[str] = set()
    for k, line in enumerate(head):  # a line of its own (or the masthead / title line it was joined to)
        found = _find_doc_no(line)
        above = _title(head[k - 1 : k]) if k else ""
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


def _date(lines: list[str], issuer: str, fields: dict[str, str]) -> dt.date | None:
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


# a 文号 with the signing date after it, in brackets under the title
DOC_NO_DATE = re.compile(rf"[（(]?{DOC_NO.pattern}[，,]?(?P<date>\d{{4}}年\d{{1,2}}月\d{{1,2}}日)[）)]?")
# a covering letter's signature run into the text: …请认真贯彻执行。河南省人民政府办公厅2016年4月25日
# (the date in digits or in Chinese numerals: …办公室 二〇一一年十月十四日)
GLUED_SIGNATURE = re.compile(
    rf"(?:[。！）)]|\d)\s*(?:（略）)?\s*((?![（(号条年月日])(?:国务院(?:办公厅)?|[\u4e00-\u9fa5（）()]{{2,20}}?(?:{ISSUER_KIND}|{AGENCY_KIND})))"
    rf"\s*({ANY_DATE})(?![前起至以后到止内])"
)


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


def _issuer_of(title: str) -> str:
    """The body that leads a title (…关于, …转发, …印发); none for "转发X关于…" (X is the body whose
    notice is forwarded)."""
    m = next(
        (x for x in re.finditer(r"关于|转发|印发|征求", title) if _balanced(title[: x.start()])), None
    )  # (not a 关于 inside the quoted title: …办公室征求《天津市关于…》的函)
    if m:
        lead = title[: m.start()]
        if lead and _bodies(lead):
            return _first_body(lead)
        # a place alone leads the title of its own notice (卢市镇关于…, 某县关于…)
        return lead if TITLE_PLACE.fullmatch(lead) else ""
    # a 工作要点 / 实施方案 heading led by its body (某镇人民政府春季…实施方案): the common kinds only,
    # as words such as 部署 would pass for a 部
    for k in range(len(title) - 2, 1, -1):  # 北京市人民政府防汛抗旱指挥部致广大市民的一封信: the whole body
        if title[k:].startswith("致") and ISSUER.fullmatch(title[:k]):
            return title[:k]
    named = re.match(rf"^(?:国务院(?:办公厅)?|[\u4e00-\u9fa5（）()]{{1,20}}?{ISSUER_KIND})", title)
    return named.group(0) if named else ""


# a place that leads its own notice's title with no office named: a town, county or district
TITLE_PLACE = re.compile(r"(?!全|本|各)[\u4e00-\u9fa5]{1,10}(?<![一某])(?:镇|乡|街道|县|区|旗|市)")


def _balanced(text: str) -> bool:
    return text.count("《") == text.count("》") and text.count("〈") == text.count("〉")


def _bodies(lead: str) -> bool:
    """One body's name, or two bodies' names run together (…防汛抗旱指挥部…防治救援指挥部)."""
    return bool(ISSUER.fullmatch(lead)) or any(
        ISSUER.fullmatch(lead[:i]) and ISSUER.fullmatch(lead[i:]) for i in range(4, len(lead) - 3)
    )


def _first_body(lead: str) -> str:
    """Of two bodies issuing together the first (国务院安委会办公室 应急管理部关于… ->
    国务院安委会办公室): a body of the common kinds followed by another whole body. One body whose
    name contains another (长治市人民政府安全生产委员会, 建设部…司) stays whole."""
    for i in range(len(lead) - 2, 1, -1):
        rest = lead[i:]
        first = NAMED_ISSUER.fullmatch(lead[:i]) or (
            ISSUER.fullmatch(lead[:i]) and (lead[:i].endswith(("部", "部办公厅")) or rest[:2] == lead[:2])
        )  # (two ministries; two bodies of the same place: 广州市住房和城乡建设局广州市消防救援支队)
        if first and ISSUER.fullmatch(rest) and SECOND_BODY.match(rest):
            return _first_body(lead[:i])  # of three bodies, the first (…部办公厅…部办公厅…部办公厅)
    return lead


SIGNED_DATE = re.compile(rf"(?:{ANY_DATE})$")


LEVEL_TAG = re.compile(r"(?<=[\u4e00-\u9fa5]{4})(?:省级|市级|县级|区级|乡镇级|乡级|镇级)$")


def _named_alone(line: str) -> str:
    """A body named alone on its line (a masthead, a signature, before its date), or with a short
    tag a site puts after it (新郑市应急管理局 县级)."""
    s = LEVEL_TAG.sub("", SIGNED_DATE.sub("", line.replace(" ", "").rstrip("|")))
    s = re.sub(r"^(?:19|20)\d\d-\d{1,2}-\d{1,2}(?=[\u4e00-\u9fa5])", "", s)  # 2025-04-11伊宁县应急管理局
    if "网" in s:  # a site's name row (中国政府网山西省政府…)
        return ""
    s = re.sub(r"(?:令|公告|通告)第\d{1,4}号$", "", s)  # 安徽省住房和城乡建设厅公告第122号
    s = re.sub(r"(?<=[局厅])(?:[\u4e00-\u9fa5]{1,4}[科股][、]?)+$", "", s)  # …教育局基建科 安保科
    if not ISSUER.fullmatch(s) and _bodies(s):  # two bodies sign on one line: the first leads
        return _first_body(s)
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


MASTHEAD = re.compile(rf"({ISSUER.pattern})文件(?:$|(?=[\u4e00-\u9fa5]{{1,10}}[〔\[［(（【]\d{{4}}))")


def _first_group(found: Iterable[re.Match[str] | None]) -> str:
    """The body (the first group that took part) of the first line a pattern found, or ""."""
    return next((next(g for g in m.groups() if g) for m in found if m), "")


def _row_body(fields: dict[str, str], keys: tuple[str, ...], accept: Callable[[str], object]) -> str:
    """The first of the page's rows (发文机关, 责任部门 …) whose value is a body's name."""
    return next((v for k in keys if accept(v := fields.get(k, "").replace(" ", ""))), "")


def _fuller(body: str, lines: list[str]) -> str:
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
        (i for i in range(len(lines) - 1) if _named_alone(lines[i]) and _dateish(lines[i + 1])), len(lines)
    )


def _issuer(
    head: list[str], title: str, lines: list[str], fields: dict[str, str], whole: Sequence[str] = ()
) -> str:
    """The issuing body: from the masthead (…文件), the title (…关于), the page's 发文机关 row, a line
    of its own in the head, or the signature; the weaker sources below them in order."""
    flat = [x.replace(" ", "") for x in head]
    news = _first_group(NEWS_ISSUED.search(x) for x in flat)  # 新华社…电 近日，X、Y印发了《关于…的通知》
    if news:
        return news
    by_title = _issuer_of(title)
    office = fields.get("发文机关", "").replace(" ", "")
    if by_title and office.startswith(by_title) and len(office) > len(by_title) and ISSUER.fullmatch(office):
        return office  # the title names the 指挥部, the 发文机关 row its 办公室 that issued it
    if by_title and not ISSUER.fullmatch(by_title):  # a place alone leads the title (甘谷县关于…)
        # the signature's body at the page's end rather than a site's name above the title; of two
        # bodies signing, the first
        ends = [i for i, x in enumerate(lines) if _named_alone(x).startswith(by_title) and _named_alone(x)]
        at = ends[-1] if ends else -1
        while at > 0 and at - 1 in ends:
            at -= 1
        same_place = _named_alone(lines[at]) if at >= 0 else ""
        return same_place or by_title
    if by_title and by_title[0] in "省市县区":  # 市森林防火指挥部公告, signed 安庆市森林防火指挥部
        signed = (b for x in whole or lines if len(b := _named_alone(x)) > len(by_title))
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
    named = [(i, _named_alone(x)) for i, x in enumerate(lines) if not FURNITURE.match(x)]
    for i, x in enumerate(lines):  # a signature: the body's name with the date under it
        body = _named_alone(x) or _named_alone(re.sub(r"^.*[^\u4e00-\u9fa5（）()\s]", "", x))
        if body and i + 1 < len(lines) and _dateish(lines[i + 1]) and not FURNITURE.match(x):
            while i > 0 and _named_alone(lines[i - 1]):  # two bodies sign: the first leads
                i -= 1
                body = _named_alone(lines[i])
            return body
    for _i, body in named:  # alone on a line (masthead, signature), or before the signing date
        if body:
            return body
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
        # a news headline naming the body before a colon (陕西建设厅：做好端午节期间…)
        or _first_group(re.match(rf"^({ISSUER.pattern})[：:]", x) for x in flat[:4])
        # a body in 【】 heading the page (【某县防汛防地灾专班】风险预警响应通知单)
        or _first_group(re.match(rf"^【({ISSUER.pattern})】", x) for x in flat[:3])
        # the last resort: the site's own body posting it
        or _row_body(fields, ("发布机构", "发布单位"), lambda v: ISSUER.fullmatch(v) and len(v) >= 5)
    )


TITLES = (
    re.compile(
        r"((?:(?:印发|征求|转发)[〈《][^〈〉《》]{2,80}[〉》](?:意见)?(?=的)|印发[〈《]关于[^〈〉《》]{2,80}[〉》]|(?:转发[^。，；]{2,40}?)?关于(?:《[^《》]{1,80}》|〈[^〈〉]{1,80}〉|[^。；《》〈〉]){2,80}?)"
        r"(?:的(?:紧急|补充|预警)?|(?:\d{4}年)?第\d{1,3}号预警)(?:通知|实施意见|意见|通报|通告|公告|决定|函))"
    ),
    re.compile(r"([^。，；：]{2,40}?(?:工作要点|实施方案))"),
    # a body's own heading without 关于 (忻州市防汛抗旱指挥部防汛安全避险通告)
    re.compile(
        rf"((?:{NAMED_ISSUER.pattern})(?:[^。，；：《》]{{0,30}}?(?:通告|公告|通知|禁火令|禁令|戒严令|命令|一封信|公开信|倡议书)"
        r"|[^。，；：《》]{0,12}?(?:封山|禁火|禁放|动员|戒严)令"
        r"|(?:令|公告|通告)第\d{1,3}号))"
    ),
    # a letter to the public (致全县居民朋友们的一封信); a place's own 公告 (某区2025年秋季森林草原防火公告)
    re.compile(r"(致[^。，；：《》]{2,30}?的(?:一封信|公开信|倡议书))"),
    re.compile(rf"((?:{TITLE_PLACE.pattern})[^。，；：《》]{{2,30}}?(?:通告|公告|禁火令|禁令|戒严令|命令))"),
)


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


def _title(head: list[str]) -> str:
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
                    if lead and not _bodies(lead) and m.end() == len(text):
                        # a site's junk run into the title line: the body's name after the last
                        # character that is not Chinese (…20:03:00焦作市防汛抗旱指挥部关于…)
                        tail = re.sub(r"^.*[^\u4e00-\u9fa5（）()]", "", lead)
                        lead = tail if tail != lead and _bodies(tail) else lead
                    if lead and not _bodies(lead) and not TITLE_PLACE.fullmatch(lead):
                        continue  # a sentence that mentions a title, not a title line
                    return _unprefixed(lead, lines) + m.group(1)
    return ""


def _title_line(line: str) -> bool:
    """A line that is a whole title on its own (X关于…的通知), led by nothing but its issuer."""
    title = _title([line])
    return bool(title) and line.replace(" ", "").endswith(title[-6:])


def _markers(lines: list[str], pattern: re.Pattern[str], to_int: object) -> list[tuple[int, int]]:
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


DEPT_LEAD = re.compile(r"^\s*(牵头责任单位|责任单位|牵头单位|责任部门|牵头部门)\s*[:：]\s*")
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
                depts.append(DEPT_LEAD.sub("", inner).strip())
                i = j + 1
                continue
        out.append(ch)
        i += 1
    return "".join(out).strip(), depts


# a heading sentence: short, at most one comma (强化学习贯彻，抓好第一议题。)
INLINE_HEADING = re.compile(r"^([^。；，]{2,20}(?:，[^。；，]{2,14})?)。")


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


COLON_HEADING = re.compile(r"^([^。；，：:、（(]{2,10})[：:](?=[^\d\n])")


# common characters that only traditional script writes (產 業 關 於 …): a cheap test before OpenCC
TRADITIONAL_HINT = frozenset(
    "們個這來會時為說國對於與產業發關應經過還讓區縣實當將從體點務門員機專質現電開設議檢險災礦運輸氣營級責鄉鎮廳辦號"
)


def to_simplified(text: str) -> str:
    """Traditional characters (a website's 繁体 view, a Hong Kong or Taiwan copy) to simplified, with
    OpenCC; text that is already simplified is returned unchanged."""
    sample = text[:4000]
    hits = sum(ch in TRADITIONAL_HINT for ch in sample)
    return (_t2s().convert(text) if hits >= 3 else text).translate(VARIANTS)


# character variants OpenCC leaves as they are (陜西 for 陕西)
VARIANTS = str.maketrans({"陜": "陕"})


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


STYLES = ("digit", "paren", "section")  # finest first
STYLE_MARK = re.compile(f"{DIGIT.pattern}|{PAREN.pattern}|{SECTION.pattern}")
PATTERNS = {"digit": DIGIT, "paren": PAREN, "section": SECTION}
CONVERT = {"digit": int, "paren": cn_number, "section": cn_number}


def _label(style: str, num: int) -> str:
    return {"digit": f"第{num}条", "paren": f"（{cn_label(num)}）", "section": f"{cn_label(num)}、"}[style]


def _coarse_label(style: str, num: int) -> str:
    return f"（{cn_label(num)}）" if style == "paren" else f"{cn_label(num)}、"


def _numbering(
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


def parse_notice(text: str) -> Notice:
    lines = _without_contents(clean_lines(to_simplified(text or "")))
    if lines and _starts_new(lines[-1]) and not STYLE_MARK.sub("", lines[-1]).strip():
        lines.pop()  # a bare marker on the last line is where the copy was cut, not a clause
    n = Notice()
    # numbered lines above the title (a site's menu, spam) are not the notice's clauses
    title_at = next((i for i in range(min(len(lines), 30)) if _title(lines[i : i + 2])), -1)
    marks = {s: [m for m in _markers(lines, PATTERNS[s], CONVERT[s]) if m[0] > title_at] for s in STYLES}
    _without_scope_lists(lines, marks)
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
    n.doc_no = _doc_no(head, fields, lines)
    n.title = _title(head) or _title([fields.get("标题", "")]) or _title([fields.get("名称", "")])
    news = next((m for x in head if (m := NEWS_ISSUED.search(x.replace(" ", "")))), None)
    if news and not n.title:  # a news copy names the notice only in its first sentence
        n.title = news.group(2) or news.group(3)
    n.issuer = _fuller(_issuer(head, n.title, head + lines[-12:], fields, lines), lines)
    n.addressee = next((x.replace(" ", "")[:-1] for x in head if ADDRESSEE.match(x.replace(" ", ""))), "")
    n.public = (
        n.title.endswith(PUBLIC_KINDS)
        or any(PUBLIC_TEXT.search(x) for x in lines)
        or (not n.title and any(PUBLIC_HEADING.fullmatch(x) for x in lines[:5]))  # 清明期间…倡议书
    )
    if n.title.startswith(("关于", "转发")) and n.issuer:
        n.title = n.issuer + n.title
    n.date = _date(lines, n.issuer, fields) if lines else None
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
        groups = {i: _coarse_label(s, num) for s in coarser for i, num in marks[s]}
        numbered[style] = _numbering(lines, marks[style], groups)
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
        coarse.update({i: _coarse_label(s, num) for i, num in marks[s]})
    starts = [i for i, _ in chain]
    ends = []
    for k, start in enumerate(starts):
        nxt = starts[k + 1] if k + 1 < len(starts) else _end_of_body(lines, start)
        later_group = [i for i in coarse if start < i < nxt]
        ends.append(min(later_group) if later_group and k + 1 == len(starts) else nxt)
    if ends:
        ends[-1] = _footer_start(lines, starts[-1], ends[-1])
    # after the last clause, short unpunctuated lines under a closed sentence are the signature
    # block (a name, a date, or what is left of them where the copy was cut: 江西省防减救灾)
    while ends and ends[-1] - 1 > starts[-1] and _signature_like(lines[ends[-1] - 1]):
        if not _closes(lines[ends[-1] - 2]):
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
        parent_heading = _group_heading(lines[max(above)]) if above else ""
        if above:  # the lead sentence under the heading (在防火期内禁止下列行为：) speaks for every item
            first_child = min(i for i, _n in chain if i > max(above))
            lead = lines[max(above) + 1 : first_child]
            if 0 < len(lead) <= 2 and all(len(x) <= 80 for x in lead):
                parent_heading = " ".join([parent_heading, *lead]).strip()
        block = [x for i, x in enumerate(lines[start:end], start) if i not in coarse or i == start]
        first = marker.sub("", block[0], count=1) if marker.match(block[0]) else block[0]
        body_lines = [first, *block[1:]]
        label = prefixes.get(start, "") + _label(style, num)
        for c in _clauses(num, label, body_lines, parent, inline):
            c.parent_heading = c.parent_heading or parent_heading
            n.clauses.append(c)
    return n


def _without_contents(lines: list[str]) -> list[str]:
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
        if skipping and _starts_new(line) and len(line) <= 40 and not re.search(r"[。；，]", line):
            continue
        skipping = False
        out.append(line)
    return out


# a contents line's page number (…方案（2024-2026年）...........94, …治理模式17)
TOC_LEADER = re.compile(r"(?:[.…·．]{4,}|…{2,})\s*\d{1,3}$|(?<=[\u4e00-\u9fa5])\d{1,3}$")


def _is_toc_line(line: str) -> bool:
    if _starts_new(line) and TOC_LEADER.search(line):
        return True
    return (
        (_starts_new(line) or line in ("前言", "结束语", "附件", "附录"))
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


def _signature_like(line: str) -> bool:
    return not _starts_new(line) and bool(re.fullmatch(r"[\u4e00-\u9fa5\d〇○年月日\s]{2,25}", line))


# words that make a numbered item a measure; items without any (区域, 场所, 企业 …) list a scope
MEASURE_WORD = re.compile(
    r"(?<![主重需纪首摘概])要(?!点|求|素)|(?<![供响反相适效感回答])应(?!急|用)|须|(?<!必)需(?!求)|不得|严禁|禁止|加强|开展|落实|严格|建立|健全|做好|推进|强化|确保|组织|实行|实施|完善|提高|"
    r"督促|负责|检查|排查|整治|整改|制定|配备|设置|安装|实现|坚持|防范|防止|推动|深化|压实|依法|及时|立即|"
    r"全面|切实|做到|加大|规范|完成|保障|提升|引导|鼓励|支持|打击|查处|消除|治理|管控|监管|监测|预警|统筹"
)


# the line that opens a list of places or units (本市下列区域禁止燃放烟花爆竹：, …的对象范围是…),
# not of acts (禁止下列行为：)
SCOPE_LEAD = re.compile(
    r"(?:区域|地区|场所|地点|地段|路段|范围|对象|单位|企业|车辆|设施)(?!.*(?:行为|活动|情形))"
)


# a plan's decimal numbering (1.1 编制目的, 2.3.1 …)
DECIMAL = re.compile(r"^\d{1,2}[.．]\d{1,2}(?:[.．]\d{1,2})*\s*[\u4e00-\u9fa5]")


def _without_scope_lists(lines: list[str], marks: dict[str, list[tuple[int, int]]]) -> None:
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
        while k + 1 < len(marks) and j < min(len(lines), i + 6) and not _starts_new(lines[j]):
            j += 1
        texts.append(pattern.sub("", "".join(lines[i:j]), count=1))
    listed = sum(not MEASURE_WORD.search(t) or bool(PLACE_ITEM.search(t)) for t in texts)
    return listed >= 2 / 3 * len(texts)


# an item that names a place, however it is worded (…监测站周边1公里区域；, 所有居民小区院内。)
PLACE_ITEM = re.compile(
    r"^[^。；]{2,60}(?:区域|范围内?|场所|地点|院内|周边|附近|广场|公园|路段|沿线|以内)[。；;，]?$"
)


def _group_heading(line: str) -> str:
    text = PAREN.sub("", SECTION.sub("", line, count=1), count=1)
    return re.split(r"[。；]", text, maxsplit=1)[0][:40]


def _end_of_body(lines: list[str], last_start: int) -> int:
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
            or _title_line(s)  # the page's title again under the text (related links)
            or (_named_alone(s) and i + 1 < len(lines) and re.search(ANY_DATE, lines[i + 1]))
        ):
            return i
    return len(lines)


# a site's footer under the text (主办单位：…, 备案号), and a letter's closing wish (祝你们新年快乐)
SITE_FOOTER = re.compile(
    r"^(?:主办单位|承办单位|主办|版权所有|网站标识码|政府网站标识码|备案号|.{0,6}ICP备|.{0,6}公网安备|技术支持"
    r"|标签[：:]|TAG[：:]|THE END|猜你喜欢|最近更新|相关阅读|推荐阅读|相关文章|凡本网|责任编辑|上一篇|下一篇)"
    r"|ICP备|公网安备|网站标识码|版权所有"
    r"|^祝[^。；，]{2,30}[!！。]?$"
)


def _footer_start(lines: list[str], start: int, end: int) -> int:
    """Where short lines that close no sentence begin after the last clause's closed sentence (an
    account's footer: 口袋山西 / 做山西人，讲山西故事…~, ·ENJOY·编辑): not the clause's text."""
    k = end
    while (
        k - 1 > start
        and not _closes(lines[k - 1])
        and len(re.findall(r"[\u4e00-\u9fa5]", lines[k - 1])) <= 30
    ):
        k -= 1
    # short lines where a page was cut (（二）烧火取暖) are the clause's: a footer names itself
    footer = any(ACCOUNT_FOOTER.search(x) for x in lines[k:end])
    return k if k < end and footer and _closes(lines[k - 1]) else end


ACCOUNT_FOOTER = re.compile(
    r"编辑|来源|监制|主编|责编|审核|校对|供稿|关注|公众号|阅读原文|ENJOY|▍|[~～]$|\?{2,}"
)


# a signature and date glued after the last sentence (…刑事责任。恭城瑶族自治县森林防灭火指挥部2023年3月6日)
TRAILING_SIGNATURE = re.compile(rf"(?<=[。！])\s*(?:{ISSUER.pattern})\s*(?:{ANY_DATE})\s*$")


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
