"""A realistic demo database: units of every sector, inspections, findings in every state."""

from __future__ import annotations

import datetime as dt
import random

from app.core.findings import Action, Discovery, Level
from app.core.inspections import Result
from app.core.uscc import check_char
from app.services import checklists, documents, findings, inspections, settings, units
from app.services.workspace import Workspace

UNITS: dict[str, list[tuple[str, str, str, str]]] = {
    # sector: (name, address, principal, site type)
    "gas": [
        ("沁水县鑫源燃气有限公司", "沁水县龙港镇新建东街18号", "王建国", "gas-station"),
        ("沁水县老味道饭店", "沁水县龙港镇杏园路6号", "李秀兰", "gas-catering"),
        ("沁水县惠民液化气充装站", "沁水县郑村镇湘峪村东", "赵德明", "gas-lpg"),
    ],
    "fire": [
        ("沁水县天和购物广场", "沁水县龙港镇梅杏大道99号", "陈志强", "fire-crowded"),
        ("沁水县阳光幼儿园", "沁水县龙港镇育才路3号", "刘芳", "fire-crowded"),
        ("沁水县佳美宾馆", "沁水县龙港镇沁河西路21号", "张卫东", "fire-small"),
    ],
    "mines": [
        ("山西沁和能源集团中村煤业有限公司", "沁水县中村镇", "郭振华", "mine-coal"),
        ("沁水县永安石料有限公司", "沁水县嘉峰镇", "孙红军", "mine-openpit"),
        ("沁水县金鑫选矿厂尾矿库", "沁水县端氏镇", "韩立新", "mine-tailings"),
    ],
    "roads": [
        ("沁水县通达客运有限公司", "沁水县龙港镇汽车站", "杨永刚", "road-transport"),
        ("沁水县顺安危险货物运输有限公司", "沁水县嘉峰镇工业园区", "周海涛", "road-dangerous-goods"),
        ("沁水县公路管理段", "沁水县龙港镇公路街", "吴建平", "road-facilities"),
    ],
}
INSPECTORS = [["李明", "王强"], ["张伟", "赵磊"], ["刘洋", "陈静"]]
# 执法证号 (demo numbers), entered once in the register
CERTS = {
    "李明": "14052101001",
    "王强": "14052101002",
    "张伟": "14052101003",
    "赵磊": "14052101004",
    "刘洋": "14052101005",
    "陈静": "14052101006",
}
PLACES = {  # where a hazard is found, per sector
    "gas": ["调压间", "后厨操作间", "钢瓶储存间", "营业厅"],
    "fire": ["一层大厅", "二层疏散通道", "消防控制室", "配电室"],
    "mines": ["主井口", "采区工作面", "炸药库", "尾矿库坝体"],
    "roads": ["停车场", "车辆调度室", "危险货物车辆停放区", "维修车间"],
}


def _office_settings(ws: Workspace) -> None:
    settings.put(ws, "region", "沁水县")
    settings.put(ws, "doc_prefix", "沁应急")
    settings.put(ws, "review_body", "沁水县人民政府")
    settings.put(ws, "court", "沁水县人民法院")
    # each sector's documents go out in its own department's name: 沁水县 + the catalog's
    # authority (住房和城乡建设局, 消防救援大队, ...), numbered 沁建/沁消/沁交/沁应急
    for name, cert in CERTS.items():
        settings.save_inspector(ws, name, cert)


def _fail_candidates(items: list) -> list[int]:
    """Lines whose failure the demo records: those with hazard wording (all, once the catalog
    is complete)."""
    worded = [i for i, it in enumerate(items) if it.hazard]
    return worded or list(range(len(items)))


def demo_uscc(n: int) -> str:
    """A well-formed 统一社会信用代码 (valid check character) for demo unit `n`."""
    body = f"91140521MA0{n:06d}".replace("I", "1")
    return body + check_char(body)


def _site_type(ws: Workspace, sector: str, wanted: str) -> str | None:
    ids = [t.id for t in ws.catalog.site_types_of(sector)]
    if wanted in ids:
        return wanted
    return ids[0] if ids else None


def fill(ws: Workspace, seed: int = 7, today: dt.date | None = None) -> dict[str, int]:
    """Add the demo records to the workspace's database; returns counts."""
    rnd = random.Random(seed)
    today = today or dt.date.today()
    made = {"units": 0, "inspections": 0, "findings": 0}
    _office_settings(ws)
    n = 0
    all_findings = []
    for sector, rows in UNITS.items():
        if sector not in ws.catalog.sectors:
            continue
        for name, address, principal, wanted in rows:
            n += 1
            unit = units.create_unit(
                ws,
                units.UnitInput(
                    name=name,
                    uscc=demo_uscc(n),
                    address=address,
                    principal=principal,
                    phone=f"0356-70{rnd.randint(10000, 99999)}",
                    sector_id=sector,
                ),
            )
            made["units"] += 1
            site = _site_type(ws, sector, wanted)
            items = checklists.build(ws.catalog, sector, site)[:25]
            cross = sector == "gas" and n == 1 and "fire" in ws.catalog.sectors
            if cross:
                # a 燃气 checklist with a 消防 line added: its hazard is filed under 消防
                items = items + checklists.build(ws.catalog, "fire", None)[:1]
            for k in range(2):
                day = today - dt.timedelta(days=rnd.randint(20, 150) + 60 * k)
                insp = inspections.start_inspection(
                    ws,
                    unit.id,
                    day,
                    INSPECTORS[(n + k) % 3],
                    sector,
                    items,
                    site,
                    template_name=None,
                    place=address,
                    site_contact=principal,
                )
                made["inspections"] += 1
                pool = _fail_candidates(items)
                fails = rnd.sample(pool, k=min(2, len(pool)))
                if cross and k == 0:
                    fails = [fails[0], len(items) - 1]
                for idx, ii in enumerate(insp.items):
                    if idx in fails:
                        inspections.set_result(ws, ii.id, Result.FAIL, "现场检查发现问题")
                    elif idx % 9 == 8:
                        inspections.set_result(ws, ii.id, Result.NA)
                    else:
                        inspections.set_result(ws, ii.id, Result.PASS)
                for j, idx in enumerate(fails):
                    draft = inspections.finding_draft(ws, insp.items[idx].id)
                    draft.title = draft.title or f"{insp.items[idx].text}（未落实）"
                    draft.location = rnd.choice(PLACES.get(draft.sector_id, ["现场"]))
                    # each hazard its own deadline; the first of an inspection to be removed at once
                    days = 0 if j == 0 and k == 0 else rnd.choice([7, 15, 30, 90])
                    draft.extra = {"deadline": day + dt.timedelta(days=days), "responsible": principal}
                    f = findings.create_finding(ws, draft)
                    all_findings.append((f, unit, day))
                    made["findings"] += 1
                if cross and k == 0:
                    _demo_photos(ws, [f for f, _u, _d in all_findings[-len(fails) :]])
                if k == 0:
                    documents.issue_order(ws, insp.id, issued_on=day)
    _advance(ws, all_findings, today)
    _review_first_order(ws, today)
    shown = showcase_new_sectors(ws, today)
    made["units"] += len({f.unit_id for f in shown})
    made["inspections"] += len({f.inspection_id for f in shown})
    made["findings"] += len(shown)
    return made


def _demo_photos(ws: Workspace, found: list) -> None:
    """Evidence photos (drawn, not real scenes) so the record can cite them by number."""
    import tempfile
    from pathlib import Path

    from PIL import Image, ImageDraw

    from app.services import photos

    with tempfile.TemporaryDirectory() as tmp:
        for i, f in enumerate(found):
            for j in range(2 - i if i < 2 else 1):
                img = Image.new("RGB", (640, 480), (90 + 40 * j, 110, 130 + 30 * i))
                ImageDraw.Draw(img).rectangle((120, 90, 520, 390), outline=(240, 240, 240), width=6)
                src = Path(tmp) / f"p{i}{j}.jpg"
                exif = Image.Exif()  # taken on the day the finding was found, as a phone records it
                exif.get_ifd(0x8769)[0x9003] = f"{f.found_on:%Y:%m:%d} {9 + j:02d}:{(7 * i) % 60:02d}:00"
                img.save(src, quality=80, exif=exif)
                photos.add_photo(ws, src, finding_id=f.id)


def _review_first_order(ws: Workspace, today: dt.date) -> None:
    """One 整改复查意见书, filled from the earliest order."""
    orders = documents.orders_of(ws)
    if orders:
        first = min(orders, key=lambda o: o.issued_on)
        documents.issue_review(ws, first.id, review_date=min(today, first.issued_on + dt.timedelta(days=30)))


def _advance(ws: Workspace, rows: list, today: dt.date) -> None:
    """Spread findings over every lifecycle state; close one major hazard fully reported."""
    majors = [r for r in rows if r[0].level == Level.MAJOR.value]
    for r in rows:  # the demo promises at least two major hazards
        if len(majors) >= 2:
            break
        if r not in majors:
            findings.update_finding(ws, r[0].id, {"level": Level.MAJOR.value})
            majors.append(r)
    closed_major = majors[0]
    f, unit, day = closed_major
    five = {
        "measures": "立即停用隐患部位，更换不合格设施并由专业单位检测",
        "responsible": unit.principal,
        "funds": "5万元",
        "deadline": day + dt.timedelta(days=20),
        "contingency": "隐患部位设置警戒，专人值守，制定临时应急处置方案",
        "cause": "设施投用多年未按期检测维护，日常巡查流于形式，隐患长期未被发现",
        "harm": "一旦失效可能引发火灾、爆炸，危及作业人员和周边群众；需停用部位并更换设施，整改难度中等",
        "goal": "20日内消除隐患，经检测合格后恢复使用，建立定期检测台账",
        "materials": "检测仪器1套，更换设施所需材料由设备部采购",
        "organisation": "成立由主要负责人任组长的隐患治理小组，安全部牵头，设备部、生产部配合",
        "contact": f"{unit.principal} 0356-7012345",
        "stopped": "partial",
        "reported_workers_attendance": "应到68人，实到61人",
        "assessment": "委托检测机构对整改部位检测合格，治理小组评估认为隐患已消除",
    }
    findings.update_finding(
        ws,
        f.id,
        {
            **five,
            "reported_dept": settings.office_for(ws, f.sector_id).department,
            "reported_dept_on": day + dt.timedelta(days=1),
            "reported_workers_how": "职工代表大会",
            "reported_workers_on": day + dt.timedelta(days=2),
            "supervised_by": "沁水县安全生产委员会办公室",
            "supervised_on": day + dt.timedelta(days=2),
            "supervision_no": f"沁安督〔{day.year}〕1号",
        },
    )
    findings.transition(ws, f.id, Action.START)
    findings.transition(ws, f.id, Action.SUBMIT)
    findings.transition(
        ws,
        f.id,
        Action.ACCEPT,
        {
            "accepted_by": f"张华（{settings.office_for(ws, f.sector_id).department}）",
            "accepted_on": day + dt.timedelta(days=18),
            "acceptance_note": "整改到位，同意恢复生产并销号",
            "closed_by": "刘副县长",
            "resume_requested_on": day + dt.timedelta(days=16),
        },
    )
    # the second major hazard: reported to the department only, under supervision
    f2, unit2, day2 = majors[1]
    findings.update_finding(
        ws,
        f2.id,
        {
            "reported_dept": settings.office_for(ws, f2.sector_id).department,
            "reported_dept_on": day2 + dt.timedelta(days=1),
            "supervised_by": "沁水县人民政府",
            "supervised_on": day2 + dt.timedelta(days=3),
            "measures": "制定专项整改方案",
            "responsible": unit2.principal,
            "cause": "相关制度未落实，现场管理不到位",
            "contact": f"{unit2.principal} 0356-7023456",
            "stopped": "none",
        },
    )
    findings.transition(ws, f2.id, Action.START)
    done = {closed_major[0].id, f2.id}
    states = ["pending", "in_progress", "awaiting", "closed", "rejected"]
    for i, (g, _u, d) in enumerate(r for r in rows if r[0].id not in done):
        state = states[i % len(states)]
        if state == "pending":
            continue
        findings.transition(ws, g.id, Action.START)
        if state == "in_progress":
            continue
        findings.transition(ws, g.id, Action.SUBMIT)
        if state == "awaiting":
            continue
        if state == "rejected":
            findings.transition(ws, g.id, Action.REJECT, {"acceptance_note": "整改不彻底"})
            continue
        if g.level == Level.MAJOR.value:
            continue
        findings.transition(
            ws,
            g.id,
            Action.ACCEPT,
            {"accepted_by": "李明", "accepted_on": min(today, d + dt.timedelta(days=10))},
        )
    # one self-reported hazard
    if rows:
        f3, unit3, _d = rows[-1]
        findings.create_finding(
            ws,
            findings.FindingInput(
                unit_id=unit3.id,
                sector_id=f3.sector_id,
                title="企业自查发现应急照明部分损坏",
                found_on=today - dt.timedelta(days=5),
                discovery=Discovery.SELF_REPORT,
                found_by=unit3.principal,
                location="办公楼楼梯间",
                extra={"deadline": today + dt.timedelta(days=10)},
            ),
        )


# --- 危险化学品 and 工贸: one inspection each with a 重大 hazard reported both ways ----------------
SHOWCASE = {
    # sector: (unit, address, principal, site type, item failed as 重大, item failed as 一般)
    "hazchem": (
        "沁水县龙港加油站有限公司",
        "沁水县龙港镇沁河东路88号",
        "马志刚",
        "hc-fuel",
        "HC-062",
        "HC-061",
    ),
    "industry": (
        "沁水县宏达铝制品有限公司",
        "沁水县嘉峰镇工业园区6号",
        "冯建军",
        "ind-dust",
        "IND-021",
        "IND-030",
    ),
}


# the 重大 hazard's 现状原因、危害程度 and 治理方案 as the unit would report them
SHOWCASE_REPORT = {
    "hazchem": {
        "cause": "加油机紧急切断按钮损坏后未及时报修，可燃气体报警器超期未检定，日常巡检未覆盖",
        "harm": (
            "卸油、加油时发生泄漏不能及时切断和报警，可能引发火灾爆炸，危及站内人员和过往车辆；"
            "更换部件即可消除，整改难度小"
        ),
        "goal": "15日内修复紧急切断系统并检定报警器，检定合格前停止卸油作业",
        "organisation": "站长任组长，安全员和设备维护单位共同实施",
        "stopped": "partial",
    },
    "industry": {
        "cause": "抛光车间干式除尘器改造时拆除泄爆片后未恢复，企业未对照判定标准自查",
        "harm": (
            "除尘器内铝粉尘一旦被点燃即可能爆炸并沿风管传播，危及车间作业人员；"
            "需停用除尘系统并加装泄爆和隔爆装置，整改难度中等"
        ),
        "goal": "15日内按设计恢复泄爆装置并加装隔爆阀，经检测合格后恢复抛光作业",
        "organisation": "总经理任组长，设备部实施，安全部验收",
        "stopped": "partial",
    },
}


def showcase_new_sectors(ws: Workspace, today: dt.date) -> list:
    """For each sector in SHOWCASE the catalog has: a unit, an inspection ten days ago with one 重大
    hazard (criterion clause of the standard version in force that day, 五落实 filled, reported to the
    department and to the workers) and one 一般 hazard. Returns the findings made."""
    made = []
    for k, (sector, (name, address, principal, site, major_id, general_id)) in enumerate(SHOWCASE.items()):
        if sector not in ws.catalog.sectors or site not in ws.catalog.site_types:
            continue
        unit = units.create_unit(
            ws,
            units.UnitInput(
                name=name, uscc=demo_uscc(901 + k), address=address, principal=principal, sector_id=sector
            ),
        )
        day = today - dt.timedelta(days=10)
        items = checklists.build(ws.catalog, sector, site)
        insp = inspections.start_inspection(
            ws, unit.id, day, INSPECTORS[k % 3], sector, items, site, template_name=None, place=address
        )
        fails = {major_id: Level.MAJOR, general_id: Level.GENERAL}
        for ii in insp.items:
            item_id = ii.item_id or ""
            failed = item_id in fails
            inspections.set_result(
                ws, ii.id, Result.FAIL if failed else Result.PASS, "现场检查发现问题" if failed else None
            )
            if not failed:
                continue
            draft = inspections.finding_draft(ws, ii.id)
            draft.location = "加油区" if sector == "hazchem" else "抛光车间除尘器"
            draft.level = fails[item_id]
            if draft.level != Level.MAJOR:
                draft.criterion_id = None
            draft.extra = {"deadline": day + dt.timedelta(days=15 if draft.level == Level.MAJOR else 7)}
            f = findings.create_finding(ws, draft)
            made.append(f)
            if draft.level != Level.MAJOR:
                continue
            findings.update_finding(
                ws,
                f.id,
                {
                    "measures": "立即停止相关作业，委托专业单位修复并检测合格后恢复使用",
                    "responsible": principal,
                    "funds": "3万元",
                    "deadline": day + dt.timedelta(days=15),
                    "contingency": "隐患部位停用并设置警戒，专人值守，落实临时管控措施",
                    "reported_dept": "沁水县应急管理局",
                    "reported_dept_on": day + dt.timedelta(days=1),
                    "reported_workers_how": "职工大会",
                    "reported_workers_on": day + dt.timedelta(days=2),
                    "contact": f"{principal} 0356-70{(k + 1) * 11111}",
                    **SHOWCASE_REPORT.get(sector, {}),
                },
            )
            findings.transition(ws, f.id, Action.START)
    return [findings.get_finding(ws, f.id) for f in made]
