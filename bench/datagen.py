"""Synthetic databases for benchmarks: bulk inserts straight through SQLAlchemy Core."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from pathlib import Path

from sqlalchemy import insert, text

from app.core.findings import Level, Status
from app.services.demo import demo_uscc
from app.storage.db import Database
from app.storage.models import Finding, Inspection, InspectionItem, Unit, utcnow

SECTORS = ["gas", "fire", "mines", "roads"]
TOWNS = ["龙港镇", "中村镇", "郑庄镇", "端氏镇", "嘉峰镇", "郑村镇", "柿庄镇", "樊村河乡"]
KINDS = ["燃气有限公司", "饭店", "宾馆", "煤业有限公司", "客运有限公司", "购物中心", "石料厂", "幼儿园"]
HAZARDS = [
    "可燃气体报警装置未安装或不能正常报警",
    "疏散通道堆放杂物，安全出口锁闭",
    "电动自行车在楼道内停放充电",
    "采掘工作面瓦斯监测传感器位置不当",
    "客运车辆动态监控装置不在线",
    "燃气管道穿越卧室",
    "消防控制室值班人员未持证上岗",
    "临水临崖路段防护栏缺失",
    "灭火器过期未检测",
    "液化气钢瓶存放在地下室",
]
SCALES = {
    "realistic": (500, 2_000, 10_000),
    "large": (10_000, 50_000, 200_000),
}


def build(path: Path, units: int, inspections: int, findings: int, seed: int = 1) -> Database:
    """A migrated SQLite database at `path` with the given numbers of records."""
    path.unlink(missing_ok=True)
    db = Database(f"sqlite:///{path.as_posix()}")
    db.upgrade()
    fill(db, units, inspections, findings, seed)
    return db


def fill(db: Database, units: int, inspections: int, findings: int, seed: int = 1) -> None:
    """Insert the synthetic records into a migrated, empty database (SQLite or PostgreSQL)."""
    rnd = random.Random(seed)
    today = dt.date.today()
    now = utcnow()
    unit_rows = []
    for i in range(units):
        unit_rows.append(
            {
                "id": uuid.uuid4(),
                "name": f"沁水县{rnd.choice(TOWNS)}{i:05d}{rnd.choice(KINDS)}",
                "uscc": demo_uscc(100_000 + i),
                "address": f"沁水县{rnd.choice(TOWNS)}{rnd.randint(1, 300)}号",
                "principal": f"负责人{i}",
                "phone": f"0356-{rnd.randint(1000000, 9999999)}",
                "sector_id": rnd.choice(SECTORS),
                "created_at": now,
                "updated_at": now,
            }
        )
    insp_rows = []
    item_rows = []
    for _ in range(inspections):
        u = rnd.choice(unit_rows)
        iid = uuid.uuid4()
        day = today - dt.timedelta(days=rnd.randint(0, 3 * 365))
        insp_rows.append(
            {
                "id": iid,
                "unit_id": u["id"],
                "date": day,
                "inspectors": ["李明", "王强"],
                "sector_id": u["sector_id"],
                "site_type_id": None,
                "template_name": None,
                "place": u["address"],
                "created_by": "bench",
                "created_at": now,
                "updated_at": now,
            }
        )
        for pos in range(1, 4):
            item_rows.append(
                {
                    "id": uuid.uuid4(),
                    "inspection_id": iid,
                    "position": pos,
                    "item_id": None,
                    "group": "设施设备",
                    "text": rnd.choice(HAZARDS),
                    "methods": "现场查看",
                    "basis": "同政发〔2025〕1号 第37条",
                    "criteria": [],
                    "result": "pass",
                    "note": None,
                    "updated_at": now,
                }
            )
    find_rows = []
    names = {u["id"]: u["name"] for u in unit_rows}
    statuses = [s.value for s in Status]
    for _ in range(findings):
        insp = rnd.choice(insp_rows)
        found = insp["date"]
        status = rnd.choice(statuses)
        title = rnd.choice(HAZARDS)
        location = rnd.choice(["厨房", "配电室", "仓库", "井下", "停车场"])
        responsible = f"责任人{rnd.randint(1, 999)}"
        unit_name = names[insp["unit_id"]]
        find_rows.append(
            {
                "id": uuid.uuid4(),
                "unit_id": insp["unit_id"],
                "unit_name": unit_name,
                "search_text": f"{title} {location} {responsible} {unit_name}",
                "inspection_id": insp["id"],
                "sector_id": insp["sector_id"],
                "title": title,
                "location": location,
                "description": None,
                "level": Level.MAJOR.value if rnd.random() < 0.05 else Level.GENERAL.value,
                "status": status,
                "discovery": "inspection",
                "found_on": found,
                "found_by": "李明、王强",
                "deadline": found + dt.timedelta(days=rnd.choice([7, 15, 30, 60])),
                "responsible": responsible,
                "closed_on": found + dt.timedelta(days=20) if status == "closed" else None,
                "created_at": now,
                "updated_at": now,
            }
        )
    with db.engine.begin() as conn:
        for table, rows in (
            (Unit, unit_rows),
            (Inspection, insp_rows),
            (InspectionItem, item_rows),
            (Finding, find_rows),
        ):
            for start in range(0, len(rows), 5000):
                conn.execute(insert(table), rows[start : start + 5000])
        conn.execute(text("ANALYZE"))  # as PRAGMA optimize leaves a database in daily use
