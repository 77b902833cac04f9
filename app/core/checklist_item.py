"""A checklist line as used and printed: a frozen copy of a catalog item (or a custom line)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class ChecklistItem:
    """One line of a checklist. `legal` holds the provisions breached when it fails, each as
    {"id": provision id, "text": 《安全生产法》第四十一条第二款}, frozen when the copy is made."""

    text: str
    group: str = "其他"
    methods: str = ""
    basis: str = ""
    item_id: str | None = None
    sector_id: str | None = None
    criteria: list[str] = field(default_factory=list)
    hazard: str = ""
    legal: list[dict[str, str]] = field(default_factory=list)
    legal_missing: str = ""

    @property
    def custom(self) -> bool:
        return self.item_id is None

    def legal_text(self) -> str:
        return "；".join(p.get("text", "") for p in self.legal if p.get("text"))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ChecklistItem:
        legal = [
            {"id": str(p.get("id") or ""), "text": str(p.get("text") or "")}
            for p in (d.get("legal") or [])
            if isinstance(p, dict)
        ]
        return cls(
            text=str(d.get("text", "")),
            group=str(d.get("group") or "其他"),
            methods=str(d.get("methods") or ""),
            basis=str(d.get("basis") or ""),
            item_id=d.get("item_id"),
            sector_id=d.get("sector_id"),
            criteria=list(d.get("criteria") or []),
            hazard=str(d.get("hazard") or ""),
            legal=legal,
            legal_missing=str(d.get("legal_missing") or ""),
        )
