"""The shapes a notice's parts take: 文号, issuing bodies, dates, clause markers, page furniture."""

from __future__ import annotations

import re

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
    r"(?:局|厅|(?<![东南西北中干全目])部(?!门|分|位|署)|(?<!公)司|委员会|总队|支队|大队|中心|(?<=防空)办公室)"
    r"(?:办公室|办公厅)?"
)


# words that open a title, an addressee or a sentence, never a body's name (关于…, 转发…, 各…, 经…研究,
# 我县/本市…; 经济开发区 and 经开区 are names)
NOT_A_NAME = r"(?!关于|转发|印发|各|经(?!济|开)|[我本该][省市县区镇乡局厅委级])"


# a body's name: 国务院 (办公厅), or a place and office ending in one of the kinds above; never words
# that open a title or an addressee (关于…, 转发…, 印发…, 各…)
# (a template's signature keeps its placeholder: XX区人民政府新浦街道办事处)
ISSUER = re.compile(
    rf"(?:国务院(?:办公厅)?|{NOT_A_NAME}(?:XX|××)?[\u4e00-\u9fa5（）()]{{1,20}}?(?:[-－][\u4e00-\u9fa5]{{2,12}}?)?(?:{ISSUER_KIND}|{AGENCY_KIND}))"
)


# the second of two bodies issuing together names its own place (山西省应急管理厅) or is a ministry
# (应急管理部); 安全生产委员会 after 长治市人民政府 is part of one body's name
SECOND_BODY = re.compile(
    r"^(?!办公)(?:[省市县区州盟旗](?!办公)|[\u4e00-\u9fa5]{1,8}?(?:省|自治区|市|州|盟|县|区|旗|镇|乡|街道)(?!办公)|[\u4e00-\u9fa5]{2,8}(?<!指挥)部(?:$|办公厅|办公室))"
)


# a body of the common kinds (not a 局/部/司 of any name)
NAMED_ISSUER = re.compile(rf"(?:国务院(?:办公厅)?|{NOT_A_NAME}[\u4e00-\u9fa5（）()]{{1,20}}?{ISSUER_KIND})")


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


# digits a PDF export spaced out one by one (2 0 2 0年5月2 9日)
SPACED_DIGITS = re.compile(r"(?<![\d.])\d(?: \d)+(?![\d.])")


# a signing date run onto the end of the last sentence (…报送市政府办公厅。二○一○年一月十三日)
TRAILING_DATE = re.compile(rf"(?<=[。！])\s*({ANY_DATE})[|\s]*$")


# …or run on between the last sentence and an attached form's cells, which end no sentence
# (…报送本通知要求附表。二〇一二年一月五日填报区县：填报时间：…)
MID_DATE = re.compile(rf"(?<=[。！])\s*({ANY_DATE})(?![前起至以后到止内—\-～~，,、（(])(?=[^。；！]{{4,}}$)")


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


PACKED_DOC_NO = re.compile(r"^([\u4e00-\u9fa5]{3,10})((?:19|20)\d\d)(\d{1,4})$")


BARE_DOC_NO = re.compile(r"^([\u4e00-\u9fa5]{2,10}(?:发|函|字|电))((?:19|20)\d\d)(\d{1,4})号?$")


QUERIED_BRACKETS = re.compile(r"(?<=[\u4e00-\u9fa5])[?？]((?:19|20)\d\d)[?？](?=\d{1,4}号)")


LOST_BRACKET = re.compile(r"^([\u4e00-\u9fa5]{1,10})[〔\[［(（【]((?:19|20)\d\d)(\d{1,4})(?:号|$)")


SPACE_IN_CJK = re.compile(r"(?<=[\u4e00-\u9fa5])\s+(?=[\u4e00-\u9fa5])")


NOTICE_NUMBER = re.compile(r"[（(]?[〔\[［【]((?:19|20)\d\d)[〕\]］】]第(\d{1,4})号[）)]?")


# a 令's own number after its name (…指挥部令2020年（第3号）)
ORDER_NUMBER = re.compile(r"令\s*((?:19|20)\d\d)\s*年?\s*[（(]第(\d{1,4})号[）)]")


# a 文号 with the signing date after it, in brackets under the title
DOC_NO_DATE = re.compile(rf"[（(]?{DOC_NO.pattern}[，,]?(?P<date>\d{{4}}年\d{{1,2}}月\d{{1,2}}日)[）)]?")


# a covering letter's signature run into the text: …请认真贯彻执行。河南省人民政府办公厅2016年4月25日
# (the date in digits or in Chinese numerals: …办公室 二〇一一年十月十四日)
GLUED_SIGNATURE = re.compile(
    rf"(?:[。！）)]|\d)\s*(?:（略）)?\s*((?![（(号条年月日])(?:国务院(?:办公厅)?|[\u4e00-\u9fa5（）()]{{2,20}}?(?:{ISSUER_KIND}|{AGENCY_KIND})))"
    rf"\s*({ANY_DATE})(?![前起至以后到止内])"
)


# a place that leads its own notice's title with no office named: a town, county or district
TITLE_PLACE = re.compile(r"(?!全|本|各)[\u4e00-\u9fa5]{1,10}(?<![一某])(?:镇|乡|街道|县|区|旗|市)")


SIGNED_DATE = re.compile(rf"(?:{ANY_DATE})$")


LEVEL_TAG = re.compile(r"(?<=[\u4e00-\u9fa5]{4})(?:省级|市级|县级|区级|乡镇级|乡级|镇级)$")


# a news headline naming the body before a colon (陕西建设厅：做好端午节期间…); a body in 【】 heading the
# page (【某县防汛防地灾专班】风险预警响应通知单)
HEADLINE_BODY = re.compile(rf"^({ISSUER.pattern})[：:]")
BRACKETED_BODY = re.compile(rf"^【({ISSUER.pattern})】")
MASTHEAD = re.compile(rf"({ISSUER.pattern})文件(?:$|(?=[\u4e00-\u9fa5]{{1,10}}[〔\[［(（【]\d{{4}}))")


TITLES = (
    re.compile(
        r"((?:(?:印发|征求|转发)[〈《][^〈〉《》]{2,80}[〉》](?:意见)?(?=的)|印发[〈《]关于[^〈〉《》]{2,80}[〉》]|(?:转发[^。，；]{2,40}?)?关于(?:《[^《》]{1,80}》|〈[^〈〉]{1,80}〉|[^。；《》〈〉]){2,80}?)"
        r"(?:的(?:紧急|补充|预警){0,2}|(?:\d{4}年)?第\d{1,3}号预警)(?:通知|实施意见|意见|通报|通告|公告|决定|函))"
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


DEPT_LEAD = re.compile(r"^\s*(牵头责任单位|责任单位|牵头单位|责任部门|牵头部门)\s*[:：]\s*")


DEPT_WORDS = ("负责", "责任单位", "牵头", "配合", "督促", "落实")


# a heading sentence: short, at most one comma (强化学习贯彻，抓好第一议题。)
INLINE_HEADING = re.compile(r"^([^。；，]{2,20}(?:，[^。；，]{2,14})?)。")


COLON_HEADING = re.compile(r"^([^。；，：:、（(]{2,10})[：:](?=[^\d\n])")


# common characters that only traditional script writes (產 業 關 於 …): a cheap test before OpenCC
TRADITIONAL_HINT = frozenset(
    "們個這來會時為說國對於與產業發關應經過還讓區縣實當將從體點務門員機專質現電開設議檢險災礦運輸氣營級責鄉鎮廳辦號"
)


# character variants OpenCC leaves as they are (陜西 for 陕西)
VARIANTS = str.maketrans({"陜": "陕"})


STYLES = ("digit", "paren", "section")  # finest first


STYLE_MARK = re.compile(f"{DIGIT.pattern}|{PAREN.pattern}|{SECTION.pattern}")


PATTERNS = {"digit": DIGIT, "paren": PAREN, "section": SECTION}


CONVERT = {"digit": int, "paren": cn_number, "section": cn_number}


# a contents line's page number (…方案（2024-2026年）...........94, …治理模式17)
TOC_LEADER = re.compile(r"(?:[.…·．]{4,}|…{2,})\s*\d{1,3}$|(?<=[\u4e00-\u9fa5])\d{1,3}$")


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


# an item that names a place, however it is worded (…监测站周边1公里区域；, 所有居民小区院内。)
PLACE_ITEM = re.compile(
    r"^[^。；]{2,60}(?:区域|范围内?|场所|地点|院内|周边|附近|广场|公园|路段|沿线|以内)[。；;，]?$"
)


# a site's footer under the text (主办单位：…, 备案号), and a letter's closing wish (祝你们新年快乐)
SITE_FOOTER = re.compile(
    r"^(?:主办单位|承办单位|主办|版权所有|网站标识码|政府网站标识码|备案号|.{0,6}ICP备|.{0,6}公网安备|技术支持"
    r"|标签[：:]|TAG[：:]|THE END|猜你喜欢|最近更新|相关阅读|推荐阅读|相关文章|凡本网|责任编辑|上一篇|下一篇)"
    r"|ICP备|公网安备|网站标识码|版权所有"
    r"|^祝[^。；，]{2,30}[!！。]?$"
)


ACCOUNT_FOOTER = re.compile(
    r"编辑|来源|监制|主编|责编|审核|校对|供稿|关注|公众号|阅读原文|ENJOY|▍|[~～]$|\?{2,}"
)


# a signature and date glued after the last sentence (…刑事责任。恭城瑶族自治县森林防灭火指挥部2023年3月6日)
TRAILING_SIGNATURE = re.compile(rf"(?<=[。！])\s*(?:{ISSUER.pattern})\s*(?:{ANY_DATE})\s*$")
