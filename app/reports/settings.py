"""Office settings kept with the data: document number prefixes, office and appeal bodies."""

from __future__ import annotations

import datetime as dt

from app.core.errors import ValidationError
from app.services.workspace import Workspace
from app.storage.models import Setting

# key -> (label, default)
KEYS: dict[str, tuple[str, str]] = {
    "office": ("执法机关名称", "县应急管理局"),
    "doc_prefix": ("文书编号前缀（如 沁应急）", "应急"),
    "review_body": ("行政复议机关", "县人民政府"),
    "court": ("行政诉讼法院", "县人民法院"),
}
KINDS = {"order": "责改", "review": "复查", "record": "检记"}


def get(ws: Workspace, key: str) -> str:
    with ws.db.session() as s:
        row = s.get(Setting, key)
        return row.value if row and row.value else KEYS.get(key, ("", ""))[1]


def put(ws: Workspace, key: str, value: str) -> None:
    if key not in KEYS:
        raise ValidationError("设置", f"未知的设置项“{key}”，可用：{'、'.join(KEYS)}")
    value = value.strip()
    if not value or len(value) > 100:
        raise ValidationError(KEYS[key][0], "不能为空，且不超过100字")
    with ws.db.session() as s:
        row = s.get(Setting, key) or Setting(key=key)
        row.value = value
        s.add(row)


def next_document_number(ws: Workspace, kind: str, year: int | None = None) -> str:
    """The next number of a document kind, e.g. 沁应急责改〔2025〕12号 (counted per year)."""
    from app.services.doc_numbers import allocate

    year = year or dt.date.today().year
    prefix = get(ws, "doc_prefix")
    with ws.db.session() as s:
        n = allocate(s, kind, year)
    return f"{prefix}{KINDS[kind]}〔{year}〕{n}号"
