"""Split clauses into measures, classify them by sector, and tell a unit's duty from government work
and staff assignments (the words are in checklists/lexicon.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from app.core.errors import AnchaError
from app.core.proposals import MeasureKind
from app.notices.parse import ISSUER, Clause, Notice

SPLIT = re.compile(r"(?<=[。；;！])")
# a measure shorter than this (in Chinese characters) is a fragment: too short to judge or match
MIN_CHARS = 12
CJK = re.compile(r"[\u4e00-\u9fa5]")


@dataclass
class Lexicon:
    sectors: dict[str, dict[str, float]]
    internal: dict[str, float]
    threshold: float = 2
    duty: dict[str, float] = field(default_factory=dict)
    assignment: tuple[str, ...] = ()
    government: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    unit_suffixes: tuple[str, ...] = ()
    government_actions: tuple[str, ...] = ()
    own_unit: tuple[str, ...] = ()


@dataclass
class Measure:
    clause: str  # label of the clause it comes from
    text: str
    departments: list[str]
    scores: dict[str, float] = field(default_factory=dict)
    sectors: list[str] = field(default_factory=list)
    kind: MeasureKind = MeasureKind.DUTY
    doc_no: str = ""  # the notice's 文号, so a measure can be matched against citations on its own
    heading: str = ""  # the clause's heading (a sector heading such as 燃气 for a sector part)

    @property
    def checkable(self) -> bool:
        """A duty of the units inspected: what a site inspection can check."""
        return self.kind is MeasureKind.DUTY

    @property
    def short(self) -> bool:
        return len(CJK.findall(self.text)) < MIN_CHARS


def load_lexicon(path: Path | None = None) -> Lexicon:
    from app.paths import checklists_dir

    path = path or checklists_dir() / "lexicon.yaml"
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
        kinds = data.get("kinds") or {}
        return Lexicon(
            sectors={k: {str(w): float(v) for w, v in d.items()} for k, d in data["sectors"].items()},
            internal={str(w): float(v) for w, v in (data.get("internal") or {}).items()},
            threshold=float(data.get("threshold", 2)),
            duty={str(w): float(v) for w, v in (data.get("duty") or {}).items()},
            assignment=tuple(str(x) for x in kinds.get("assignment") or ()),
            government=tuple(str(x) for x in kinds.get("government") or ()),
            units=tuple(str(x) for x in kinds.get("units") or ()),
            unit_suffixes=tuple(str(x) for x in kinds.get("unit_suffixes") or ()),
            government_actions=tuple(str(x) for x in kinds.get("government_actions") or ()),
            own_unit=tuple(str(x) for x in kinds.get("own_unit") or ()),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError, ValueError) as exc:
        raise AnchaError(f"关键词词典 {path} 格式错误：{exc}") from exc


def split_measures(clause: Clause) -> list[str]:
    parts = [p.strip() for p in SPLIT.split(clause.text) if p.strip()]
    return [p for p in parts if len(CJK.findall(p)) >= 2]


def score(text: str, words: dict[str, float]) -> float:
    return sum(w for k, w in words.items() if k in text)


# an opening phrase naming the plan a measure follows, not its subject (按照…部署，/ 根据…要求，)
AUTHORITY = re.compile(r"^(?:按照|根据|依据|依照)[^，。；]{2,30}(?:部署|要求|规定|安排|精神)，")
MODAL_WORD = r"(?<![主重需必首纪])要(?!点|求|素)|将|应当|应(?!急)|须|必须|不得|严禁|需|每"
MODAL = re.compile(rf"^(.{{0,20}}?)(?:{MODAL_WORD})")
# a word that makes a sentence a rule for someone (…应…, 禁止…, 请…, 不占用…)
PRESCRIBES = re.compile(
    rf"{MODAL_WORD}|禁止|一律|请|勿|不准|不要|自觉|只限|负责|承担|(?<![^，。；、\s])不(?![断仅同少足是再良能会])"
)
# a sentence that only says what a time, place or area is (2026年3月6日至15日为森林防火戒严期；本县所有
# 林区为禁火区范围): a definition, not a rule for anyone
DEFINITION = re.compile(r"^[^，。；]{2,40}?为[^，。；]{0,24}(?:期|区|范围|时间|时段|区域|地区)[。；;]?$")
# a condition on a kind of unit, then what it does: 未取得许可证的加油站立即停止经营 (not 对…的企业)
CONDITION_UNIT = re.compile(
    r"^(?!对|针对)[^，。；]{2,40}?的([^，。；的]{2,12}?)，?"
    r"(?:立即|一律|(?<![主重需必首纪])要(?!点|求|素)|应当|应(?!急)|须|必须|不得)"
)
# a ban that names no one, or only a place or a time (严禁…, 下列区域禁止…, 节日期间严禁…, a list of
# roads and districts, 一律禁止…; …的其他时间禁止…)
PROHIBITION = re.compile(
    r"^(?:[^。；要应将须]{0,80}?(?:区域|地区|区|范围内|范围|场所|地点|内|路段|片区|期间|时间|时段|边缘|周边|附近|沿线)[，、]?"
    r"(?:全年|全天|长期|每日|一律)?)?"
    r"(?:严禁|禁止|不得)(?!新建|新上|审批|核准|批准)"  # 禁止新建…项目: an approval rule, government work
)
# a request to the public, or a "do not" to whoever reads it (请广大游客不要前往…, 切勿酒后驾驶)
PUBLIC_REQUEST = re.compile(
    r"(?:请|提醒|倡议|呼吁)(?:广大)?[^，。；]{0,6}?(?:游客|群众|市民|居民|公众|驾驶人|驾驶员|家长|村民|车主|参与者|行人)"
    r"|请勿|切勿|^不要|出行请"
)
# whom a notice to the public speaks to in its subject (各单位、广大群众要…, 任何单位和个人不得…)
PUBLIC_SUBJECT = re.compile(r"广大|群众|市民|(?:居民|村民)(?!委员会|小组)|游客|任何单位|个人")
ENFORCEMENT = re.compile(r"处罚|拘留|查处|依法处理|追究")
LENIENCY = re.compile(r"不予(?:处罚|追究)")  # 主动上交的，不予处罚: the public's act, not enforcement
# a rule on where an act is done: 需到指定区域燃放, 应在指定地点停放
DESIGNATED_PLACE = re.compile(r"(?:需要?|应当?|必须|须|只能)(?:到|在)指定")
# posts given to named persons or to posts (李某任顾问，王某任主任…为成员; 由副市长为组长…的领导小组);
# not a standing rule for every level (政府主要负责人担任本级…指挥长)
ROSTER = re.compile(
    r"(?<!责)任(?!务|何|本级)[^，。；、]{0,12}?(?:组长|顾问|指挥长)|任(?:常务)?副?主任|为(?:副?组长|成员)(?!单位)"
    r"|同志兼[^，。；、]{0,12}?(?:主任|组长|指挥长)"
)
# the person in charge of a government body as the subject, named as answerable: 各村负责人要承担起…第一责任
HEADS = ("负责人", "主要领导", "一把手")
ANSWERABLE = re.compile(r"(?:第一|主要|直接)责任")
# a post of the staff named as the person answerable for a task: 办主任是…主要责任人
# a condition naming an activity, then what must be done, with no subject: 如有动火作业的，必须…
CONDITION_MODAL = re.compile(
    r"^[^。；，]{2,30}?(?:作业|施工|燃放|经营|生产|运输|储存|动火|用火|用电|用气)的，(?:必须|须|应当|应(?!急)|要)"
)
# a clause opening on what is banned, then the acts (禁止行为：1、…)
BANNED_LEAD = re.compile(r"^[^。；：]{0,12}(?:禁止|严禁|不得)[^。；：]{0,12}[：:]")
# the heading of a list of banned acts (禁止下列行为, 严禁以下行为)
BANNED_ACTS = re.compile(r"(?:禁止|严禁|不得)[^。；]{0,20}?(?:下列|以下|如下)[^。；，]{0,8}?(?:行为|活动)")
POST_ANSWERABLE = re.compile(
    r"(?:主任|局长|县长|区长|市长|乡长|镇长|书记|站长|队长|所长|组长)(?:同志)?[是为][^，。；]{0,30}?"
    r"(?:第一|主要|直接|具体)责任人"
    r"|(?:主要|分管)领导负(?:总|专)责"  # 主要领导负总责、分管领导负专责: who of the staff answers for it
)


# a condition first, then the subject: 需要燃放烟花爆竹的，主办单位应向…提出申请
CONDITION_SUBJECT = re.compile(
    r"^[^。；]{4,60}?的，([^，。；]{2,10}?)(?:(?<![主重需必首纪])要(?!点|求|素)|应当|应(?!急)|须|必须|不得)"
)


OBJECT_FIRST = ("对", "针对")
# a subject naming several (交警部门和运输企业), or running on past a preposition (各市政府对辖区
# 非煤矿山…): the first named decides, not the end
COORDINATED = re.compile(r"[、和及与对在把向]")
TOPIC = ("方面", "领域")
# a subject that opens with where or what its units do: 在河道内施工的单位…, 凡在…经营的个人…
QUALIFIED = re.compile(r"^(?:凡在|凡|在)[^，。；的]{2,30}的")


def subject_of(text: str, actions: tuple[str, ...] = ()) -> str:
    """Whom a measure addresses: the words before its 要/将/应/不得… (企业要…, 县能源局要…), or its
    opening words when it has no such word early; nobody when it opens with a verb (推进…, 开展…)."""
    cond = CONDITION_SUBJECT.match(text)
    return cond.group(1) if cond else _subject(text, actions)


def _subject(text: str, actions: tuple[str, ...]) -> str:
    m = MODAL.match(text)
    if m and not m.group(1) and text[m.end() :].startswith(actions):
        return ""  # 要督促学校、商场…: a verb first, the units named after it are whom it acts on
    if m and m.group(1):
        # 编制…规划，年底前力争每个村…: the subject is after the comma; 停产停工企业，要…: before it
        parts = m.group(1).split("，")
        subject = parts[-1]
        if (
            not subject
            and len(parts) >= 2
            and (len(parts[-2]) <= 10 or (parts[-2].startswith("各") and len(parts[-2]) <= 14))
            and not parts[-2].startswith(("对", "在", "为"))
        ):
            subject = parts[-2]  # 停产停工企业，要…  (not 对…单位，要…: whom it acts on)
        if subject.startswith(OBJECT_FIRST):  # 对未整改的企业要依法处罚: whom it acts on
            return ""
        if subject.endswith(TOPIC):  # 建筑施工方面要督促…: a field, not who acts
            return ""
        if subject or not text.startswith(actions):
            return subject
    # 对…企业一律取缔: the opening names whom it acts on, not who acts
    return "" if text.startswith(actions) or text.startswith(OBJECT_FIRST) else text[:12]


# a team put under named leaders (第一检查组由张某某、李某带队，负责…)
LEADS_TEAM = re.compile(r"由[^，。；]{2,14}?带队")


def to_units(addressee: str, lexicon: Lexicon) -> bool:
    """The notice is sent to units only (各工业企业, 各生产经营单位), no government body among them."""
    return any(w in addressee for w in lexicon.units) and not any(w in addressee for w in lexicon.government)


def kind_of(
    text: str, lexicon: Lexicon, units_addressed: bool = False, context: str = "", public: bool = False
) -> MeasureKind:
    """Duty of the units inspected, government work, or a staff assignment.

    The subject decides first (企业要… is a duty even when it says 纳入考核; 各级各部门要… is
    government work even when it names 企业); a measure that names nobody is addressed to whom the
    notice is sent: in a notice sent to units only (各工业企业：) it is their duty; otherwise it is
    weighed by its words, the units it falls on named in it or in the heading it sits under
    (context: 落实企业主体责任); in a notice to the public (public: a 通告, 禁火令, open letter) it
    binds whoever reads it."""
    if (
        any(w in text for w in lexicon.assignment)
        or POST_ANSWERABLE.search(text)
        or LEADS_TEAM.search(text)
        or ROSTER.search(text)
    ):
        return MeasureKind.ASSIGNMENT
    text = AUTHORITY.sub("", text)  # 按照国家省市统一部署，开展… is weighed as 开展…
    cond = CONDITION_UNIT.match(text)
    if (
        cond
        and not re.search(MODAL_WORD, text[: cond.start(1)])  # 各地要督促…的企业: not the subject
        and any(w in cond.group(1) for w in lexicon.units)
    ):
        return MeasureKind.DUTY  # 经有关部门批准在林区从事采矿…的企业，必须…: the unit acts
    subject = subject_of(text, lexicon.government_actions)
    if public and PUBLIC_SUBJECT.search(subject):
        return MeasureKind.DUTY  # 我县各单位、广大群众要严格执行禁放规定: in a 通告 everyone is bound
    whoever = CONDITION_UNIT.match(text) if public else None  # 进入禁火区的车辆和人员应当…
    if whoever and not any(w in whoever.group(1) for w in lexicon.government):
        return MeasureKind.DUTY
    if subject.endswith(HEADS) and ANSWERABLE.search(text) and any(w in subject for w in lexicon.government):
        return MeasureKind.ASSIGNMENT  # 各村负责人要承担…第一责任 (not 企业主要负责人…: a unit's duty)
    units = [subject.find(w) for w in lexicon.units if w in subject]
    gov = [subject.find(w) for w in lexicon.government if w in subject]
    if units and gov and not COORDINATED.search(subject):
        # one noun phrase: its head is its end (矿山安全监管专员 is a 监管专员, 县属企业 an 企业)
        named = (*lexicon.units, *lexicon.government)
        ends = [(subject.find(w) + len(w), w in lexicon.units) for w in named if w in subject]
        return MeasureKind.DUTY if max(ends)[1] else MeasureKind.INTERNAL
    if units or gov:
        return MeasureKind.DUTY if units and (not gov or min(units) < min(gov)) else MeasureKind.INTERNAL
    cond = CONDITION_UNIT.match(text)
    if cond and (
        any(w in cond.group(1) for w in lexicon.units) or cond.group(1).endswith(lexicon.unit_suffixes)
    ):
        return MeasureKind.DUTY  # 凡在河道内施工的单位或个人，要…
    owner = re.split(r"[的在]", subject, maxsplit=1)[0]  # 养老机构的老人居室 -> 养老机构
    placed = QUALIFIED.match(subject)  # 在河道内施工的单位遇暴雨要…: the unit after its place and act
    if (
        (
            len(owner) > 1  # 站在…的高度: one character is no unit's name
            and not text.startswith(lexicon.government_actions)
            and owner.endswith(lexicon.unit_suffixes)
        )
        or (placed and subject[placed.end() :].startswith(lexicon.unit_suffixes))
    ):
        return MeasureKind.DUTY
    ban = PROHIBITION.match(text)
    if (
        ban
        and not text.startswith((*lexicon.government_actions, *OBJECT_FIRST))
        and not any(w in ban.group(0) for w in lexicon.government)
    ):
        return MeasureKind.DUTY  # 严禁…, 下列区域禁止燃放…: a ban on whoever is there
    if DESIGNATED_PLACE.search(text):  # (a subject naming a unit or a government decided above)
        return MeasureKind.DUTY  # 烟花需到指定区域燃放: where whoever does it must do it
    if (
        PUBLIC_REQUEST.search(text)
        and not any(w in text for w in lexicon.government)
        # 对违法行为一律顶格处罚…请广大参与者…: the police's own work (not 请…配合，对违反的依法处理)
        and (not ENFORCEMENT.search(text) or PUBLIC_REQUEST.match(text))
    ):
        return MeasureKind.DUTY  # a rule for whoever is there, said as a request
    if CONDITION_MODAL.match(text):
        return MeasureKind.DUTY  # 如有动火作业的，必须严格审批…: whoever does the work must
    if BANNED_ACTS.search(context) and not text.startswith(lexicon.government_actions):
        return MeasureKind.DUTY  # an act listed under 禁止下列行为： is banned for whoever does it
    if units_addressed and MODAL.match(text):  # 要严格执行… in a notice sent to 各工业企业
        return MeasureKind.DUTY
    names_gov = any(w in text for w in lexicon.government)  # …报送安委会办公室, 属地政府要…
    if (
        public
        and not DEFINITION.match(text)  # 戒严期为3月6日至15日: a definition, not a rule
        # a rule says what to do (…应…, 禁止…, 请…) or names the public; 设置管制点 does neither
        and (PRESCRIBES.search(text + " " + context) or PUBLIC_SUBJECT.search(text))
        and not names_gov
        and not ISSUER.search(subject)  # 县教育局要…: a body the lexicon does not list
        and not text.startswith((*lexicon.government_actions, *OBJECT_FIRST))
        and not (ENFORCEMENT.search(text) and not LENIENCY.search(text))  # 一律顶格处罚: enforcement
    ):
        return MeasureKind.DUTY  # a 通告's rule with no subject (林区未经批准严禁…, 任何单位和个人…应…)
    if not names_gov and any(w in text for w in lexicon.own_unit):
        return MeasureKind.DUTY  # 要研判本单位的风险: a unit acting on itself
    # no subject (加强…, 推进…): most such measures are government work; a duty names the units it
    # falls on and what must be in place there, more than it names government work
    internal, duty = score(text, lexicon.internal), score(text, lexicon.duty)
    sector = max((score(text, w) for w in lexicon.sectors.values()), default=0)
    if re.match(r"^(?:着力|重点|切实)?解决.{4,}问题", text) and sector >= lexicon.threshold:
        return MeasureKind.DUTY  # 着力解决燃气老旧管网…气、瓶、阀、管、灶等问题: conditions on site
    if units_addressed and not names_gov:  # the addressee names the units: their duty words need
        return MeasureKind.DUTY if duty > internal else MeasureKind.INTERNAL  # only outweigh
    names_units = any(w in text or w in context for w in lexicon.units)
    return (
        MeasureKind.DUTY
        if names_units and duty >= lexicon.threshold and duty > internal
        else MeasureKind.INTERNAL
    )


def classify_notice(notice: Notice, lexicon: Lexicon) -> list[Measure]:
    """A parsed notice's measures: classify() with what the notice says of whom it addresses."""
    return classify(notice.clauses, lexicon, notice.doc_no, notice.addressee, notice.public)


def classify(
    clauses: list[Clause], lexicon: Lexicon, doc_no: str = "", addressee: str = "", public: bool = False
) -> list[Measure]:
    """Each clause's measures, scored per sector (several sectors allowed) and given their kind
    (addressee: whom the notice is sent to, for measures that name nobody; public: a notice to
    whoever reads it)."""
    out: list[Measure] = []
    units_addressed = to_units(addressee, lexicon)
    for c in clauses:
        context = c.heading  # a sector heading (燃气) counts for every measure under it
        named = " ".join((c.heading, c.parent_heading))  # 落实企业主体责任: the units its measures fall on
        # 禁止下列行为：1、… 2、… / 禁止行为：1、…: the lead speaks for each act listed
        banned = BANNED_ACTS.search(c.text) or BANNED_LEAD.match(
            f"{c.heading}：{c.text}" if c.heading else c.text
        )
        named += " " + banned.group(0) if banned else ""
        for text in split_measures(c):
            scores = {s: score(text + " " + context, words) for s, words in lexicon.sectors.items()}
            scores = {s: v for s, v in scores.items() if v > 0}
            sectors = sorted(
                (s for s, v in scores.items() if v >= lexicon.threshold), key=lambda s: -scores[s]
            )
            kind = kind_of(text, lexicon, units_addressed, named, public)
            out.append(Measure(c.label, text, c.departments, scores, sectors, kind, doc_no, c.heading))
    return out
