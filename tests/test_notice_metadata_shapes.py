"""Metadata shapes met on the thirteenth and fourteenth held-out sets, in our own words: short and
deciding issuers, a title behind a site's junk, a signature glued after an e-mail address, two signing
bodies, a forwarded notice's 文号, a 令第N号 title, an account's footer after the last clause."""

from __future__ import annotations

import datetime as dt

from app.notices.parse import parse_notice

BODY = "一、加强值班值守，落实24小时值班制度。\n二、强化巡查排险，及时转移受威胁群众。\n"


def test_a_body_named_only_as_deciding() -> None:
    text = (
        "各街道、各有关部门：\n为保障群众安全，经区减灾委综合研判，决定实行封山措施，现将有关事项通知如下：\n"
        + BODY
    )
    assert parse_notice(text).issuer == "区减灾委"
    text = "各镇人民政府：\n根据有关规定，县政府决定在全县实行森林防火戒严。\n" + BODY
    assert parse_notice(text).issuer == "县政府"


def test_short_names_lead_their_titles() -> None:
    assert parse_notice("市防办关于做好强降雨防范工作的通知\n各区防指：\n" + BODY).issuer == "市防办"
    assert parse_notice("某某市政府关于明确安全生产职责的通知\n各县区政府：\n" + BODY).issuer == "某某市政府"


def test_a_title_behind_a_sites_junk_and_time() -> None:
    text = (
        "首页»常识»某某市启动应急响应 - 2026/7/20 20:03:00某某市防汛抗旱指挥部\n"
        "关于启动防汛二级应急响应的通知\n各县区防汛抗旱指挥部：\n" + BODY
    )
    n = parse_notice(text)
    assert n.issuer == "某某市防汛抗旱指挥部"
    assert n.title == "某某市防汛抗旱指挥部关于启动防汛二级应急响应的通知"


def test_a_signature_after_an_email_and_the_first_of_two_bodies() -> None:
    head = (
        "关于启动防汛四级应急响应的通知\n某汛办函〔2026〕10号\n来源：某某镇人民政府\n各市防汛抗旱指挥部：\n"
    )
    text = (
        head
        + BODY
        + "联系电话：000-1234567\n电子邮箱：fx@example.com某某省防汛抗旱指挥部办公室\n2026年8月19日\n"
    )
    assert parse_notice(text).issuer == "某某省防汛抗旱指挥部办公室"
    two = "各市应急管理局：\n" + BODY + "某某省应急管理厅\n某某省地方煤矿安全监督管理局\n2026年2月21日\n"
    n = parse_notice(two)
    assert n.issuer == "某某省应急管理厅" and n.date == dt.date(2026, 2, 21)


def test_a_forwarded_notices_number_is_not_the_notices_own() -> None:
    text = (
        "某某市教育局转发省教育厅转发某某委员会办公室关于加强学校安全工作的紧急通知\n各县区教育局：\n"
        "现将有关通知转发给你们，请认真贯彻落实。\n某某委员会办公室关于加强学校安全工作的紧急通知\n"
        "某教督办〔2026〕5号\n各省教育厅：\n" + BODY
    )
    n = parse_notice(text)
    assert n.doc_no == "" and n.issuer == "某某市教育局"


def test_an_order_numbered_as_a_decree_and_a_variant_character() -> None:
    text = (
        "某某市人民政府令第1号\n陜西省某某市人民政府\n立春以来，森林火险等级持续偏高，特发布命令如下：\n"
        + BODY
    )
    n = parse_notice(text)
    assert n.title == "某某市人民政府令第1号" and n.issuer == "某某市人民政府"
    assert "陜" not in parse_notice("陜西省应急管理厅关于做好安全生产工作的通知\n" + BODY).title


def test_an_accounts_footer_is_not_the_last_clauses_text() -> None:
    text = (
        "某某县防汛抗旱指挥部关于加强堤防值守的通知\n各乡镇：\n"
        + BODY
        + "三、要严格值班值守，保持通讯畅通。\n"
        "·ENJOY·编辑\n来源：某某县防汛抗旱指挥部\n"
    )
    last = parse_notice(text).clauses[-1]
    assert last.text == "要严格值班值守，保持通讯畅通。"


def test_signature_and_announcement_shapes_of_the_fifteenth_set() -> None:
    reply = "（某应急发〔2026〕25号）\n某区应急管理局：\n你局请示收悉，现批复如下：\n" + BODY
    glued = parse_notice(reply + "某某市应急管理局某某市地方煤矿安全监督管理局\n2026年9月26日\n")
    assert glued.issuer == "某某市应急管理局"
    gazette = (
        "关于开展全省建筑施工安全抽查的公告\n某某省住房和城乡建设厅公告第12号\n为加强监管，决定开展抽查。\n"
    )
    assert parse_notice(gazette + BODY).issuer == "某某省住房和城乡建设厅"
    heading = (
        "市森林防火指挥部公告\n为预防森林火灾，现公告如下：\n"
        + BODY
        + "某某市森林防火指挥部\n2026年1月25日\n"
    )
    n = parse_notice(heading + "更多新闻\n-快讯：某地开展演练（2026-1-26 14:24:30)\n" * 12)
    assert (n.issuer, n.date) == ("某某市森林防火指挥部", dt.date(2026, 1, 25))
    two = "市安委会办公室市应急局关于印发安全生产月活动方案的通知\n各区安委会：\n" + BODY
    assert parse_notice(two).issuer == "市安委会办公室"
    hyphen = "太平-某某山自然保护区管理局关于加强森林防火工作的紧急通知\n各保护站：\n" + BODY
    assert parse_notice(hyphen).issuer == "太平-某某山自然保护区管理局"


def test_shapes_of_the_seventeenth_set() -> None:
    spaced = (
        "某某省人民政府办公厅文件 某政办发〔 2 0 2 6〕4 5号 某某省人民政府办公厅 关于印发安全生产专项整治"
        "行动计划的通知 各市、县人民政府：\n" + BODY + "某某省人民政府办公厅\n2 0 2 6年5月2 9日\n"
    )
    n = parse_notice(spaced)
    assert (n.issuer, n.doc_no, n.date) == (
        "某某省人民政府办公厅",
        "某政办发〔2026〕45号",
        dt.date(2026, 5, 29),
    )
    assert n.title == "某某省人民政府办公厅关于印发安全生产专项整治行动计划的通知"
    cell = "各市（州）抗旱防汛指挥部：\n近期降雨较多，请做好防范。\n某某省抗旱防汛指挥部2026年9月16日|\n"
    assert parse_notice(cell).issuer == "某某省抗旱防汛指挥部"
    made = "区防指各成员单位：\n为提高应急处置能力，区防指制定了《某某区防汛抗旱应急预案》。现印发给你们。\n"
    assert parse_notice(made).issuer == "区防指"
    letter = "各企事业单位：\n值此春节将临之际，区政府烟花办向您致以节日问候！\n" + BODY
    assert parse_notice(letter).issuer == "区政府烟花办"
    school = "某某中心校关于做好春季开学安全工作的通知\n各中小学校：\n" + BODY
    assert parse_notice(school).issuer == "某某中心校"


def test_shapes_of_the_eighteenth_set() -> None:
    warning = "某教基厅〔2026〕6号\n某某部办公厅关于中小学安全工作2026年第1号预警通知\n各省教育厅：\n" + BODY
    n = parse_notice(warning)
    assert n.issuer == "某某部办公厅" and n.title.endswith("第1号预警通知")
    urgent = (
        "签发人：张某某 等级：特急 某教电〔2026〕38号\n关于转发加强学校安全工作的通知\n各市教育局：\n" + BODY
    )
    assert parse_notice(urgent).doc_no == "某教电〔2026〕38号"
    team = (
        "各乡镇：\n为做好禁放工作，现通告如下：\n"
        + BODY
        + "某某县燃放烟花爆竹专项整治工作专班\n2026年12月4日\n"
    )
    assert parse_notice(team).issuer == "某某县燃放烟花爆竹专项整治工作专班"
    bracket = (
        "【某某县防汛防地灾专班】风险预警响应通知单\n气象局预报今晚有暴雨。重点抓好：1.立即组织受威胁群众撤离；"
        "2.及时将预警信息通知到村组户；3.督促施工营地落实防范措施。\n"
    )
    n = parse_notice(bracket)
    assert n.issuer == "某某县防汛防地灾专班" and [c.label for c in n.clauses] == ["第1条", "第2条", "第3条"]
    level = (
        "各工贸企业：\n县应急管理局研究制定了全县工贸行业节日安全措施，请认真落实：\n"
        "一、确需动火作业的，必须由某某县应急管理局审批。\n二、企业要落实领导带班制度。\n"
    )
    assert parse_notice(level).issuer == "某某县应急管理局"


def test_a_table_of_contents_with_dotted_leaders_is_no_clauses() -> None:
    toc = "某某自治区安全生产治本攻坚行动子方案\n" + "".join(
        f"{k}.某某行业安全生产治本攻坚行动方案..........{10 * k}\n" for k in range(1, 6)
    )
    assert parse_notice(toc).clauses == []


def test_a_body_acting_in_the_preamble_and_not_one_given_a_task() -> None:
    acting = (
        "区安委会各成员单位：\n今年6月是全国安全生产月，结合我区实际，区安委会办公室将按照活动主题，"
        "在全区范围内开展安全生产月活动。\n" + BODY
    )
    assert parse_notice(acting).issuer == "区安委会办公室"
    other = "区安委会各成员单位：\n7月中旬，市安委会办公室将组织考核组对我区进行考核，请做好准备。\n" + BODY
    assert parse_notice(other).issuer == ""


def test_a_letter_titled_by_its_whole_body() -> None:
    text = "某某市人民政府防汛抗旱指挥部致广大市民的一封信\n广大市民朋友们：\n" + BODY
    n = parse_notice(text)
    assert n.issuer == "某某市人民政府防汛抗旱指挥部" and n.public


def test_shapes_of_the_twentieth_set() -> None:
    packed = "某某市国资委关于做好防汛防台工作的通知\n某国资委综合2026170\n各监管企业：\n" + BODY
    assert parse_notice(packed).doc_no == "某国资委综合〔2026〕170号"
    doubled = (
        "某府办字〔2026〕〕8\n某某县人民政府办公室\n关于印发道路交通安全整治方案的通知\n各乡镇：\n" + BODY
    )
    doubled += "                2026326日\n"
    n = parse_notice(doubled)
    assert (n.doc_no, n.date) == ("某府办字〔2026〕8号", dt.date(2026, 3, 26))
    sections = "各中小学：\n现将有关事项通知如下。\n" + BODY + "某某区教育局基建科 安保科\n2026年6月22日\n"
    assert parse_notice(sections).issuer == "某某区教育局"
    forwarded = (
        "各小学：\n现将南教综[2026]224号文《关于开展学校安全隐患排查的通知》转发给你们，请认真贯彻。\n"
        "某某中心小学\n2026年9月5日\n某某市教育局文件\n南教综[2026]224号\n"
    )
    n = parse_notice(forwarded)
    assert (n.issuer, n.doc_no) == ("某某中心小学", "")
    glued = (
        "某某县森林防灭火指挥部关于禁止野外用火的通告\n为预防森林火灾，保护森林资源，现通告如下：\n"
        "一、2026年3月6日至3月15日为本县森林防火戒严期，戒严期内实行最严格的野外火源管理。\n"
        "二、戒严期间本县行政区域内的所有林区禁止一切野外用火，违反规定在林区野外用火的，由有关部门依法追究责任。"
        " 某某县森林防灭火指挥部 2026年3月6日\n"
        "某某县森林防灭火指挥部关于禁止野外用火的通告\n来源：今日某某\n"
    )
    n = parse_notice(glued)
    assert n.clauses[-1].text.endswith("依法追究责任。") and n.date == dt.date(2026, 3, 6)


def test_shapes_of_the_nineteenth_set() -> None:
    escaped = (
        "\\r\\n\\t各设区市安委会：\\r\\n\\t为做好会议期间安全生产工作，现通知如下：\\r\\n\\t"
        + BODY.replace("\n", "\\r\\n\\t")
    )
    assert [c.label for c in parse_notice(escaped).clauses] == ["一、", "二、"]
    decided = "来源：某某县消防救援大队\n为做好大风天气火灾预防工作，县消安委决定发布禁火令如下：\n" + BODY
    assert parse_notice(decided).issuer == "县消安委"
    order = (
        "某某省防汛抗旱指挥部令2026年（第3号）\n各市防汛抗旱指挥部：\n经研究决定，下达命令如下：\n"
        + BODY
        + "某某省防汛抗旱指挥部\n【某某省防汛抗旱指挥部3号令：有序组织转移人员返回】2026年8月27日推荐阅读\n"
    )
    n = parse_notice(order)
    assert n.doc_no == "〔2026〕第3号" and n.clauses[-1].text == "强化巡查排险，及时转移受威胁群众。"
    news = (
        "某某省公安厅发布禁令如下：\n"
        + BODY
        + "标签：禁令\n最近更新\n凡本网注明转载的作品，均转载自其他媒体。\n"
    )
    assert parse_notice(news).clauses[-1].text == "强化巡查排险，及时转移受威胁群众。"


def test_shapes_of_the_twenty_first_set() -> None:
    dated = "关于大风蓝色预警的通知|\n2026-04-11某某县应急管理局|\n各乡镇、县直各部门：\n" + BODY
    assert parse_notice(dated).issuer == "某某县应急管理局"
    site = "某某县人民政府\n政府信息公开\n某某县关于部分道路临时封闭的通告\n发布机构：县交通运输局\n"
    site += "受强降雨影响，现将有关道路临时封闭。\n" + BODY + "某某县交通运输局\n2026年7月30日\n"
    assert parse_notice(site).issuer == "某某县交通运输局"
    row = "来源：公开目录维护部门 时间：2026年05月26日\n委有关处室：\n为落实整治方案，现通知如下：\n" + BODY
    assert parse_notice(row).issuer == ""


def test_shapes_of_the_twenty_third_and_fourth_sets() -> None:
    three = "6月14日，某某部办公厅公安部办公厅应急管理部办公厅关于印发《道路运输安全工作计划》的通知\n" + BODY
    assert parse_notice(three).issuer == "某某部办公厅"
    headline = (
        "您当前位置：主页>资讯>\n某某建设厅：做好端午节期间建筑施工安全生产工作\n各设区市住建局：\n" + BODY
    )
    assert parse_notice(headline).issuer == "某某建设厅"
    station = "各施工单位：\n为防止高处坠落事故，我站决定开展专项检查。\n" + BODY
    station += "某某园区建设工程质量安全监督站\n2026年5月20日\n兄弟城市\n县区政府\n"
    assert parse_notice(station).issuer == "某某园区建设工程质量安全监督站"
    bullet = (
        "•索引号：750687753/2026-00061\n某某市城镇燃气安全专项整治工作实施方案\n•来源：某某市应急管理局\n"
        + BODY
    )
    assert parse_notice(bullet).issuer == "某某市应急管理局"


def test_ministries_signing_two_to_a_line() -> None:
    text = "各省交通运输厅：\n为加强危险货物道路运输安全，现通知如下。\n" + BODY
    text += "交通运输部工业和信息化部\n公安部市场监管总局\n2026年4月8日\n"
    assert parse_notice(text).issuer == "交通运输部"


def test_a_civil_defence_office_and_an_urgent_supplementary_notice() -> None:
    text = "某某市人民防空办公室关于人防工程防汛工作的紧急补充通知\n各区人防办：\n" + BODY
    n = parse_notice(text)
    assert n.issuer == "某某市人民防空办公室" and n.title.endswith("紧急补充通知")
