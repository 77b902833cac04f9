"""Notices to the public (通告, 禁火令, open letters): their rules are duties of whoever reads them;
titles that a site's top row or a letter's greeting surround are still found."""

from __future__ import annotations

from app.core.proposals import MeasureKind
from app.notices.classify import classify_notice, load_lexicon
from app.notices.parse import parse_notice

# our own words, in the shape of a county 森林防火 通告 (numbered rules, enforcement, a body's task)
NOTICE = """某某县人民政府关于加强春季野外火源管理的通告
为防止森林火灾发生，现就有关事项通告如下：
一、防火期内，林区未经许可严禁一切野外用火。
二、任何单位和个人发现火情，应立即拨打火警电话报告。
三、县林业局要加强巡山护林，及时消除火灾隐患。
四、对违反本通告的，由公安机关依法处罚。
五、在林区从事施工作业的企业，必须落实专人看护火源。
特此通告。
某某县人民政府
2026年3月1日
"""


def _kinds(text: str) -> dict[str, MeasureKind]:
    n = parse_notice(text)
    return {m.clause: m.kind for m in classify_notice(n, load_lexicon())}


def test_rules_of_a_public_notice_are_duties_and_a_bodys_task_is_not() -> None:
    n = parse_notice(NOTICE)
    assert n.public and n.title.endswith("通告")
    kinds = _kinds(NOTICE)
    assert kinds["一、"] is MeasureKind.DUTY  # a ban with no subject
    assert kinds["二、"] is MeasureKind.DUTY  # whoever finds a fire
    assert kinds["三、"] is MeasureKind.INTERNAL  # a bureau the lexicon does not list
    assert kinds["四、"] is MeasureKind.INTERNAL  # enforcement
    assert kinds["五、"] is MeasureKind.DUTY  # the unit after its qualifying clause


def test_same_rules_in_a_notice_to_offices_keep_the_old_reading() -> None:
    text = NOTICE.replace("的通告", "的通知").replace("特此通告。", "特此通知。").replace("本通告", "本通知")
    text = text.replace("现就有关事项通告如下：", "各乡镇人民政府，县直有关单位：\n现通知如下：")
    n = parse_notice(text)
    assert not n.public
    assert _kinds(text)["二、"] is MeasureKind.INTERNAL  # a notice to offices: their work
    assert _kinds(text)["五、"] is MeasureKind.DUTY  # the unit named is still the subject


def test_a_page_two_without_title_is_public_by_its_closing() -> None:
    body = "\n".join(NOTICE.splitlines()[2:])  # the title and preamble lost
    n = parse_notice(body)
    assert n.title == "" and n.public
    assert _kinds(body)["二、"] is MeasureKind.DUTY


def test_a_letter_to_residents_has_its_greeting_line_as_title() -> None:
    text = (
        "电动自行车消防安全专项整治\n致全镇居民朋友们的一封信\n广大居民朋友们：\n"
        "为了您和家人的安全，请做到以下几点：\n"
        "一、应购买质量合格的电动自行车和充电器，不得私自改装电池。\n"
        "二、充电线路应由电工规范敷设，不得私拉电线充电。\n"
        "某某镇人民政府\n2026年5月6日\n"
    )
    n = parse_notice(text)
    assert n.title == "致全镇居民朋友们的一封信" and n.public
    assert set(_kinds(text).values()) == {MeasureKind.DUTY}


def test_a_title_is_not_joined_to_the_sites_top_row() -> None:
    text = (
        "网站首页 设为首页 加入收藏 无障碍浏览\n"
        "某某省商务厅关于做好节日期间商贸场所安全生产工作的通知\n"
        "发布日期：2026-04-01 来源：市场处\n"
        "各市商务局：\n为做好节日期间安全工作，现通知如下：\n"
        "一、压实责任。各级商务主管部门要督促商贸企业落实主体责任。\n"
        "二、排查隐患。督促商场开展消防安全自查。\n"
    )
    n = parse_notice(text)
    assert n.title == "某某省商务厅关于做好节日期间商贸场所安全生产工作的通知"
    assert n.issuer == "某某省商务厅"


def test_an_order_title_on_a_news_site_keeps_its_issuer() -> None:
    text = (
        "您当前的位置 : 某某网 > 本地新闻 > 时政\n某某市人民政府2026年森林防火命令\n"
        "//news.example.cn 2026-03-15 10:28\n"
        "为有效预防森林火灾，保护森林资源，特发布命令如下：\n"
        "一、全市春季森林防火期为3月15日至6月15日。\n"
        "二、防火期内，林区严禁一切野外用火。\n"
    )
    n = parse_notice(text)
    assert n.issuer == "某某市人民政府" and n.public


def test_requests_to_the_public_are_duties_even_with_a_warning_after_them() -> None:
    from app.notices.classify import kind_of

    lex = load_lexicon()
    warned = "请过往车辆和行人相互转告，积极配合交通管制，对违反本通告的依法处理。"
    assert kind_of(warned, lex, public=True) is MeasureKind.DUTY
    enforced = "整治期间，对查处的违法行为一律从严处罚，请广大交通参与者自觉遵守。"
    assert kind_of(enforced, lex, public=True) is MeasureKind.INTERNAL
    assert kind_of("倡议市民以献花、植树等方式文明祭祀，不在林区焚烧纸钱。", lex) is MeasureKind.DUTY
    assert kind_of("广大群众要积极配合相关部门的安全管理，不在禁放区燃放。", lex) is MeasureKind.DUTY


def test_a_roster_line_and_party_members_are_not_read_as_bodies() -> None:
    from app.notices.classify import kind_of

    lex = load_lexicon()
    roster = "领导小组下设办公室，办公室设在水利站，张某某同志兼办公室主任。"
    assert kind_of(roster, lex) is MeasureKind.ASSIGNMENT
    members = "全县广大党员干部、公职人员要带头遵守禁放规定，广大居民应当自觉遵守。"
    assert kind_of(members, lex, public=True) is MeasureKind.DUTY
    guardians = "家长和监护人要加强对未成年人的看管，对看管不力引发火灾的，依法追究监护人责任。"
    assert kind_of(guardians, lex, public=True) is MeasureKind.DUTY


def test_everyone_named_in_a_public_notices_subject_is_bound_but_a_village_committee_is_not() -> None:
    from app.notices.classify import kind_of

    lex = load_lexicon()
    everyone = "我县各单位、广大群众要严格执行全省禁止燃放烟花爆竹的规定。"
    assert kind_of(everyone, lex, public=True) is MeasureKind.DUTY
    committee = "禁放区内村民委员会要制定禁放公约，并负责监督实施。"
    assert kind_of(committee, lex, public=True) is MeasureKind.INTERNAL


def test_a_colon_heading_is_the_clauses_heading_and_whoever_enters_is_bound() -> None:
    text = (
        "某某市人民政府关于森林草原防火的通告\n现通告如下：\n"
        "一、值班及报警：各级防灭火指挥部要坚持24小时领导带班和专人值班，遇有火情及时报告。\n"
        "二、违规及处罚：进入禁火区的车辆和人员应当自觉接受检查，对拒不执行本通告的依法处理。\n"
    )
    n = parse_notice(text)
    assert [(c.heading, c.text[:6]) for c in n.clauses] == [
        ("值班及报警", "各级防灭火指"),
        ("违规及处罚", "进入禁火区的"),
    ]
    kinds = _kinds(text)
    assert kinds["一、"] is MeasureKind.INTERNAL and kinds["二、"] is MeasureKind.DUTY


def test_each_unit_named_with_a_time_clause_is_still_the_subject() -> None:
    from app.notices.classify import kind_of

    text = "各施工企业在遇有险情时，要立即处理并报告当地三防指挥部和区住建局。"
    assert kind_of(text, load_lexicon()) is MeasureKind.DUTY


def test_a_project_department_is_a_unit_on_site_not_a_ministry() -> None:
    from app.notices.classify import kind_of

    lex = load_lexicon()
    text = "各建设、监理、施工单位、各区属在建项目部要严格执行负责人在岗带班和24小时值班制度。"
    assert kind_of(text, lex) is MeasureKind.DUTY


def test_in_a_public_notice_definitions_and_the_bodys_own_acts_are_not_duties() -> None:
    text = (
        "某某县森林防灭火指挥部关于禁止野外用火的通告\n现通告如下：\n"
        "一、2026年3月6日至3月15日为森林防火戒严期。\n"
        "二、管制期间，在某某大桥两端设置交通管制点。\n"
        "三、禁止行为：1、未经许可携带火种进入林区；2、祭祀活动时点烛、燃香、烧纸；3、燃放烟花爆竹。\n"
        "特此通告。\n"
    )
    n = parse_notice(text)
    kinds = [(m.clause, m.kind) for m in classify_notice(n, load_lexicon())]
    assert kinds[0] == ("一、", MeasureKind.INTERNAL) and kinds[1] == ("二、", MeasureKind.INTERNAL)
    assert [k for c, k in kinds if c == "三、"] == [MeasureKind.DUTY] * 3
