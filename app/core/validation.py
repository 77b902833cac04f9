"""Input rules shared by every way in: GUI, command line, packages, workbooks, notice files.

A value from outside passes through here before it is stored, whatever carried it:
text is cleaned of control characters and held to a length, codes must be one of the
enum's values, dates must be real and plausible, and a whole finding must obey the
lifecycle (a 已销号 finding has its acceptance; a 重大事故隐患 its 双报告 and 五落实).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any, cast

from app.core.errors import ValidationError

# Word's Shift+Enter is a vertical tab; a form feed or a Unicode line/paragraph separator
# also means "new line" to the person who typed it.
_LINE_BREAKS = re.compile("\r\n|[\r\v\f\x85\u2028\u2029]")
# Everything else below U+0020 (but tab and newline), DEL, the C1 block, lone surrogates and
# the two non-characters XML refuses: none of them can be printed or written to Excel.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
FORMULA_START = ("=", "+", "-", "@")

EARLIEST = dt.date(1990, 1, 1)  # no record in this program predates it
LATEST = dt.date(2100, 12, 31)
MAX_TEXT = 4000  # a free-text field
MAX_NAME = 100  # a person's name, a short code


def strip_controls(value: str) -> str:
    """The text with line breaks unified to \\n and unprintable characters removed."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", value))


def clean_text(label: str, value: object, limit: int = MAX_TEXT, required: bool = False) -> str | None:
    """A stripped, printable text of at most `limit` characters (None when empty)."""
    if value is None:
        text = ""
    elif isinstance(value, str):
        text = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        text = str(value)
    else:
        raise ValidationError(label, f"应为文字，而不是{type(value).__name__}")
    text = strip_controls(text).strip()
    if len(text) > limit:
        raise ValidationError(label, f"内容过长（{len(text)}字，最多{limit}字）")
    if not text:
        if required:
            raise ValidationError(label, "不能为空")
        return None
    return text


def choice(label: str, value: object, enum: type[StrEnum], labels: Mapping[str, str] | None = None) -> str:
    """The code of one of `enum`'s members; a Chinese label is accepted too."""
    if isinstance(value, str):
        if value in enum._value2member_map_:
            return value
        for member in enum:
            if getattr(member, "label", None) == value or (labels and labels.get(member.value) == value):
                return member.value
    allowed = "、".join(str(getattr(m, "label", m.value)) for m in enum)
    raise ValidationError(label, f"未知的取值“{_short(value)}”（可选：{allowed}）")


def parse_date(label: str, value: object, required: bool = False) -> dt.date | None:
    """A date between 1990 and 2100, from a date or an ISO text (YYYY-MM-DD)."""
    if value is None or value == "":
        if required:
            raise ValidationError(label, "不能为空")
        return None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, str):
        from app.core import inputs

        try:
            typed = inputs.parse_date(value.strip()[:20], label)  # the forms people type
        except ValidationError:
            typed = None
        try:
            day = typed or dt.date.fromisoformat(value.strip()[:10])
        except ValueError as exc:
            raise ValidationError(label, f"日期格式应为YYYY-MM-DD：{_short(value)}") from exc
    else:
        raise ValidationError(label, f"日期格式应为YYYY-MM-DD：{_short(value)}")
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(
            label, f"日期 {day.isoformat()} 不在合理范围（{EARLIEST.year}—{LATEST.year}年）"
        )
    return day


def parse_time(label: str, value: object, required: bool = True) -> dt.datetime | None:
    """A naive UTC date and time from an ISO text, in the same range as dates."""
    if value is None or value == "":
        if required:
            raise ValidationError(label, "不能为空")
        return None
    if isinstance(value, dt.datetime):
        t = value
    elif isinstance(value, str):
        try:
            t = dt.datetime.fromisoformat(value)
        except ValueError as exc:
            raise ValidationError(label, f"时间格式错误：{_short(value)}") from exc
    else:
        raise ValidationError(label, f"时间格式错误：{_short(value)}")
    if t.tzinfo is not None:
        t = t.astimezone(dt.UTC).replace(tzinfo=None)
    parse_date(label, t.date())
    return t


def parse_uuid(label: str, value: object, required: bool = True) -> uuid.UUID | None:
    if value is None or value == "":
        if required:
            raise ValidationError(label, "缺少编号")
        return None
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise ValidationError(label, f"编号格式错误：{_short(value)}") from exc


def parse_int(label: str, value: object, low: int, high: int, default: int | None = None) -> int:
    if value is None and default is not None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(label, f"应为{low}到{high}之间的整数：{_short(value)}")
    return value


def text_list(label: str, value: object, limit: int = MAX_NAME, most: int = 50) -> list[str]:
    """A list of short texts (names, codes)."""
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > most:
        raise ValidationError(label, f"应为不超过{most}项的列表")
    return [t for v in value if (t := clean_text(label, v, limit)) is not None]


def _short(value: object) -> str:
    s = strip_controls(str(value))
    return s if len(s) <= 30 else s[:30] + "…"


# ---- records ----------------------------------------------------------------------------------
# One rule set per kind of record, used for a GUI edit and for a row from a package alike.
# `spec`: field -> (label, kind, limit); kind is text, date, uuid, enum name or a custom check.

UNIT_FIELDS: dict[str, tuple[str, int]] = {
    "name": ("单位名称", 200),
    "address": ("地址", 300),
    "principal": ("主要负责人", 50),
    "phone": ("联系电话", 50),
    "sector_id": ("行业", 40),
    "industry": ("行业", 100),
}

FINDING_TEXT: dict[str, tuple[str, int]] = {
    "title": ("隐患名称", 500),
    "location": ("部位", 300),
    "description": ("隐患描述", MAX_TEXT),
    "found_by": ("发现人", 100),
    "basis": ("依据", MAX_TEXT),
    "measures": ("整改措施", MAX_TEXT),
    "responsible": ("责任人", 100),
    "funds": ("整改资金", 100),
    "contingency": ("应急预案/临时管控措施", MAX_TEXT),
    "reported_dept": ("报告部门", 200),
    "reported_workers_how": ("向职工报告方式", 100),
    "supervised_by": ("挂牌督办单位", 200),
    "supervision_no": ("督办编号", 100),
    "accepted_by": ("验收人", 100),
    "acceptance_note": ("验收意见", MAX_TEXT),
    "closed_by": ("销号签字领导", 100),
    "sector_id": ("行业", 40),
    "item_id": ("检查项目编号", 40),
    "unit_name": ("单位名称", 200),
    "cause": ("隐患现状及产生原因", MAX_TEXT),
    "harm": ("危害程度和整改难易程度", MAX_TEXT),
    "goal": ("治理的目标和任务", MAX_TEXT),
    "materials": ("经费和物资", MAX_TEXT),
    "organisation": ("负责治理的机构和人员", MAX_TEXT),
    "contact": ("联系人及电话", 100),
    "reported_workers_attendance": ("参会人数", 200),
    "assessment": ("治理情况评估", MAX_TEXT),
}
FINDING_DATES: dict[str, str] = {
    "found_on": "发现日期",
    "deadline": "整改时限",
    "reported_dept_on": "向监管部门报告日期",
    "reported_workers_on": "向职工大会/职代会报告日期",
    "supervised_on": "挂牌督办日期",
    "accepted_on": "验收日期",
    "closed_on": "销号日期",
    "resume_requested_on": "申请恢复生产日期",
}

INSPECTION_TEXT: dict[str, tuple[str, int]] = {
    "sector_id": ("行业", 40),
    "site_type_id": ("场所类型", 60),
    "site_contact": ("现场负责人", 100),
    "record_no": ("文书编号", 100),
    "template_name": ("模板名称", 200),
    "place": ("检查场所", 300),
    "summary": ("检查情况", MAX_TEXT),
    "created_by": ("记录人", 50),
}
ITEM_TEXT: dict[str, tuple[str, int]] = {
    "item_id": ("检查项目编号", 40),
    "group": ("分组", 100),
    "text": ("检查内容", MAX_TEXT),
    "methods": ("检查方法", 100),
    "basis": ("依据", MAX_TEXT),
    "note": ("备注", 2000),
    "sector_id": ("行业", 40),
    "hazard": ("隐患描述", MAX_TEXT),
    "legal_missing": ("法律依据说明", MAX_TEXT),
}
PHOTO_NAME = re.compile(r"[0-9a-f]{64}\.(jpg|png|gif|bmp|webp|tif)")


def _texts(rec: dict[str, Any], spec: Mapping[str, tuple[str, int]], where: str, kind: str = "") -> None:
    from app.core.inputs import LIMITS  # what the GUI lets a user type

    for name, (label, limit) in spec.items():
        if name in rec:
            rec[name] = clean_text(f"{where}{label}", rec[name], LIMITS.get(f"{kind}.{name}", limit))


def _dates(rec: dict[str, Any], spec: Mapping[str, str], where: str) -> None:
    for name, label in spec.items():
        if name in rec:
            rec[name] = parse_date(f"{where}{label}", rec[name])


def _stamps(rec: dict[str, Any], where: str) -> None:
    for name in ("created_at", "updated_at"):
        if name in rec:
            rec[name] = parse_time(f"{where}修改时间", rec[name])


ID_LABELS = {
    "id": "编号",
    "unit_id": "单位编号",
    "inspection_id": "检查编号",
    "inspection_item_id": "检查项目编号",
    "finding_id": "隐患编号",
}


def _ids(rec: dict[str, Any], names: Iterable[str], where: str, required: Iterable[str] = ()) -> None:
    need = set(required)
    for name in names:
        if name in rec or name in need:
            label = f"{where}{ID_LABELS.get(name, name)}"
            rec[name] = parse_uuid(label, rec.get(name), required=name in need)


def check_unit(raw: Mapping[str, Any], where: str = "") -> dict[str, Any]:
    from app.core import uscc

    rec = dict(raw)
    _ids(rec, ["id"], where, ["id"])
    _texts(rec, UNIT_FIELDS, where, "unit")
    if not rec.get("name"):
        raise ValidationError(f"{where}单位名称", "不能为空")
    if rec.get("uscc") not in (None, ""):
        rec["uscc"] = uscc.validate(clean_text(f"{where}统一社会信用代码", rec["uscc"], 18) or "")
    else:
        rec["uscc"] = None
    _stamps(rec, where)
    return rec


def check_inspection(raw: Mapping[str, Any], where: str = "") -> dict[str, Any]:
    rec = dict(raw)
    _ids(rec, ["id", "unit_id"], where, ["id", "unit_id"])
    rec["date"] = parse_date(f"{where}检查日期", rec.get("date"), required=True)
    if "inspectors" in rec:
        rec["inspectors"] = text_list(f"{where}检查人员", rec["inspectors"], 50)
    _texts(rec, INSPECTION_TEXT, where)
    if not rec.get("sector_id"):
        raise ValidationError(f"{where}行业", "不能为空")
    _stamps(rec, where)
    return rec


def check_inspection_item(raw: Mapping[str, Any], where: str = "") -> dict[str, Any]:
    from app.core.inspections import Result

    rec = dict(raw)
    _ids(rec, ["id", "inspection_id"], where, ["id", "inspection_id"])
    rec["position"] = parse_int(f"{where}序号", rec.get("position"), 0, 100_000)
    _texts(rec, ITEM_TEXT, where)
    if not rec.get("text"):
        raise ValidationError(f"{where}检查内容", "不能为空")
    if "result" in rec:
        rec["result"] = choice(f"{where}检查结果", rec["result"], Result)
    if "criteria" in rec:
        rec["criteria"] = text_list(f"{where}关联判定标准", rec["criteria"], 60)
    _stamps(rec, where)
    return rec


def check_photo(raw: Mapping[str, Any], where: str = "") -> dict[str, Any]:
    """A photo row: its file name is the program's own (sha256 + extension), nothing else."""
    rec = dict(raw)
    _ids(rec, ["id", "inspection_item_id", "finding_id"], where, ["id"])
    if rec.get("inspection_item_id") is None and rec.get("finding_id") is None:
        raise ValidationError(f"{where}照片", "不属于任何检查项目或隐患")
    name, digest = rec.get("file_name"), rec.get("sha256")
    if not isinstance(name, str) or not PHOTO_NAME.fullmatch(name):
        raise ValidationError(f"{where}照片文件名", f"“{_short(name)}”不是本程序生成的文件名")
    if digest != name.split(".")[0]:
        raise ValidationError(f"{where}照片", "文件名与校验值不符")
    rec["original_name"] = clean_text(f"{where}照片原文件名", rec.get("original_name"), 300)
    for k in ("width", "height"):
        rec[k] = parse_int(f"{where}照片尺寸", rec.get(k), 0, 100_000, default=0)
    _stamps(rec, where)
    return rec


def check_finding(raw: Mapping[str, Any], where: str = "") -> dict[str, Any]:
    """A whole finding: each field, the date order and the lifecycle state."""
    from app.core.findings import Discovery, FindingState, Level, Status, closing_problems

    rec = dict(raw)
    _ids(rec, ["id", "unit_id", "inspection_id", "inspection_item_id"], where, ["id", "unit_id"])
    _texts(rec, FINDING_TEXT, where, "finding")
    _dates(rec, FINDING_DATES, where)
    if not rec.get("title"):
        raise ValidationError(f"{where}隐患名称", "不能为空")
    if not rec.get("sector_id"):
        raise ValidationError(f"{where}行业", "不能为空")
    if rec.get("found_on") is None:
        raise ValidationError(f"{where}发现日期", "不能为空")
    rec["level"] = choice(f"{where}隐患级别", rec.get("level"), Level)
    rec["status"] = choice(f"{where}状态", rec.get("status"), Status)
    rec["discovery"] = choice(f"{where}发现方式", rec.get("discovery", Discovery.INSPECTION.value), Discovery)
    if rec.get("stopped") not in (None, ""):
        from app.core.documents import Stopped

        rec["stopped"] = choice(f"{where}停产停业情况", rec["stopped"], Stopped)
    if rec.get("criterion") is not None and not isinstance(rec["criterion"], dict):
        raise ValidationError(f"{where}判定依据", "格式错误")
    if isinstance(rec.get("criterion"), dict):
        rec["criterion"] = {
            str(k)[:40]: clean_text(f"{where}判定依据", v, MAX_TEXT) for k, v in rec["criterion"].items()
        }
    found = rec["found_on"]
    for name, label in FINDING_DATES.items():
        day = rec.get(name)
        if name != "found_on" and day is not None and day < found:
            raise ValidationError(f"{where}{label}", f"{day:%Y-%m-%d} 早于发现日期 {found:%Y-%m-%d}")
    closed = rec["status"] == Status.CLOSED.value
    if closed:
        state = _State(rec)
        problems = closing_problems(cast("FindingState", state))
        if rec.get("closed_on") is None:
            problems.append("未填写销号日期")
        if problems:
            raise ValidationError(f"{where}状态", "已销号，但" + "；".join(problems))
    elif rec.get("closed_on") is not None:
        raise ValidationError(f"{where}销号日期", "未销号的隐患不应有销号日期")
    _stamps(rec, where)
    return rec


class _State:
    """A finding record seen through the FindingState protocol."""

    def __init__(self, rec: Mapping[str, Any]) -> None:
        self.__dict__.update({k: rec.get(k) for k in _STATE_FIELDS})


_STATE_FIELDS = (
    "status",
    "level",
    "measures",
    "responsible",
    "funds",
    "deadline",
    "contingency",
    "found_on",
    "reported_dept_on",
    "reported_workers_on",
    "accepted_by",
    "accepted_on",
)


def clean_json(label: str, value: object, depth: int = 0) -> object:
    """A small JSON value (lists, objects, texts, numbers) with every text cleaned."""
    if depth > 6:
        raise ValidationError(label, "嵌套过深")
    if isinstance(value, str):
        return clean_text(label, value, MAX_TEXT)
    if isinstance(value, list):
        if len(value) > 500:
            raise ValidationError(label, "列表过长")
        return [clean_json(label, v, depth + 1) for v in value]
    if isinstance(value, dict):
        if len(value) > 100:
            raise ValidationError(label, "内容过多")
        return {
            clean_text(label, str(k), 100) or "": clean_json(label, v, depth + 1) for k, v in value.items()
        }
    if value is None or isinstance(value, bool | int | float):
        return value
    raise ValidationError(label, "格式错误")
