"""The clause rule of tests/data/notices/README.md on small notices in our own words: restarted
numbering counts every item of every run; a list of places is not counted, rules under a place
heading are."""

from __future__ import annotations

from app.notices.parse import parse_notice

HEAD = "某某县人民政府关于做好冬季防火工作的通知\n各乡镇人民政府：\n现将有关事项通知如下：\n"
TAIL = "特此通知。\n某某县人民政府\n2026年11月1日\n"


def _labels(body: str) -> list[str]:
    return [c.label for c in parse_notice(HEAD + body + TAIL).top_level]


def test_restarted_numbering_counts_every_run() -> None:
    body = (
        "一、总体要求\n冬季防火工作事关群众安全。\n"
        "二、工作目标\n确保不发生较大火灾事故。\n"
        "三、重点任务\n（一）排查隐患。各乡镇要组织排查村庄火灾隐患。\n"
        "（二）整治电气线路。督促商户更换老化电线。\n（三）清理通道。督促小区清理楼道杂物。\n"
        "四、保障措施\n（一）加强值守。各乡镇要落实24小时值班。\n"
    )
    # four （一） items (three under 三、, one under 四、) against four sections: the finer style
    assert _labels(body) == ["三、（一）", "三、（二）", "三、（三）", "四、（一）"]


def test_a_list_of_places_is_not_counted_but_rules_under_a_place_heading_are() -> None:
    body = (
        "一、集中燃放区域\n本县不设集中燃放区域。\n"
        "二、禁止燃放区域\n1.城区所有居民小区院内。\n2.县医院周边200米区域；\n"
        "3.按照有关规定，以下场所也禁止燃放：机关、学校、加油站。\n"
        "三、其他区域燃放要求\n1.居民小区由物业设置1至2个燃放点，其余地点不得燃放。\n"
        "2.门店燃放需专人看护，燃尽清扫后方可离开。\n3.大型烟花需到空旷区域燃放。\n"
        "4.燃放时应与建筑保持50米以上距离。\n"
        "四、工作要求\n各乡镇要加强宣传引导。\n"
    )
    # 二、's 1.–3. name places (not counted); 三、's four rules outnumber nothing coarser than four
    assert _labels(body) == ["第1条", "第2条", "第3条", "第4条"]
    n = parse_notice(HEAD + body + TAIL)
    assert n.clauses[1].text.startswith("门店燃放需专人看护")


def test_a_plans_decimal_numbering_and_a_lone_table_number_are_no_clauses() -> None:
    plan = (
        "某某县燃气突发事件应急预案\n1.总则\n1.1 编制目的\n为做好燃气突发事件应对，制定本预案。\n"
        "1.2 适用范围\n本预案适用于本县燃气突发事件。\n2.组织机构\n2.1 指挥部\n县政府设立指挥部。\n"
    )
    assert parse_notice(plan).clauses == []
    lone = HEAD + "请各乡镇于月底前报送排查情况。\n附件：\n2.燃气隐患排查情况汇总表\n" + TAIL
    assert parse_notice(lone).clauses == []


def test_a_table_of_contents_and_a_list_of_attachments_are_no_clauses() -> None:
    toc = (
        "某某省安全生产委员会关于印发安全生产规划的通知\n某安〔2026〕16号\n各市人民政府：\n"
        "现将规划印发给你们，请认真贯彻执行。\n2026年6月3日\n某某省安全生产规划\n前言\n一、现状与形势\n"
        "（一）工作成效\n（二）面临形势\n二、指导思想和目标\n（一）指导思想\n（二）规划目标\n三、主要任务\n"
    )
    assert parse_notice(toc).clauses == []
    listed = (
        "关于调整矿山安全监管主体的通知\n各县人民政府：\n各县要及时调整辖区内矿山监管企业名单。\n"
        "附件：\n1.矿山安全分级监管企业名单\n2.领导干部包保责任表\n某某州安全生产委员会\n2026年4月4日\n"
    )
    assert parse_notice(listed).clauses == []


def test_numbered_items_run_into_a_letters_only_paragraph() -> None:
    text = (
        "清明期间消防安全倡议书\n清明节将至，某某县消防救援大队提醒大家文明祭扫。1、禁止在林区焚烧纸钱，"
        "倡导献花植树寄托哀思。2、祭扫点烛燃香应远离可燃物，人走火灭。3、不在居民楼内焚烧纸钱。\n"
        "某某县消防救援大队\n2026年4月2日\n"
    )
    n = parse_notice(text)
    assert [c.label for c in n.clauses] == ["第1条", "第2条", "第3条"] and n.public


def test_a_phone_line_ends_the_last_clause() -> None:
    body = "一、严禁野外用火。\n二、发现火情立即报告。\n森林草原防火报警电话：12119\n"
    assert parse_notice(HEAD + body + TAIL).clauses[-1].text == "发现火情立即报告。"


def test_contents_with_bare_page_numbers_a_list_of_areas_and_a_footer_mid_line() -> None:
    toc = "某某区应急管理规划\n" + "".join(
        f"（{c}）完善应急管理体制机制打造统一高效模式{17 + k}\n" for k, c in enumerate("一二三四")
    )
    assert parse_notice(toc).clauses == []
    areas = (
        "一、全面禁止燃放地区\n（一）某某街道管辖的行政区域；\n（二）某某镇管辖的行政区域；\n"
        "（三）某某乡管辖的北环路以南区域。禁放区内全年禁止燃放烟花爆竹。\n"
        "二、禁止燃放场所\n（一）文物保护单位和公园；\n（二）车站、码头等交通枢纽；\n（三）加油站及易燃易爆物品储存场所；\n"
    )
    assert [c.label for c in parse_notice(HEAD + areas + TAIL).clauses] == ["一、", "二、"]
    footer = "一、清理楼道杂物。\n二、规范用电用气，不私拉乱接电线。\n"
    footer += "网站支持IPV6，推荐使用高分辨率浏览 某公网安备320号\n"
    assert parse_notice(HEAD + footer).clauses[-1].text == "规范用电用气，不私拉乱接电线。"
