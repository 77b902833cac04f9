"""What reading a notice gives: the notice's metadata and its clauses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Clause:
    number: int
    label: str  # how it is cited: （十一） / 第37条 / 六、 / 第8条（燃气）
    heading: str
    text: str
    departments: list[str] = field(default_factory=list)
    parent: str = (
        ""  # label of the group it sits in: 一、 (沁水, 平陆, 晋城), （十一） (大同), 第8条 (sectors)
    )
    sub: bool = False  # a sector heading (燃气：…) inside a numbered clause
    parent_heading: str = ""  # the group's heading: 着力从根本上解决重大问题


@dataclass
class Notice:
    issuer: str = ""
    doc_no: str = ""
    title: str = ""
    date: dt.date | None = None
    year: int | None = None
    addressee: str = ""  # 各工业企业 (whom the notice is sent to, without the colon)
    style: str = ""  # paren | digit | section
    clauses: list[Clause] = field(default_factory=list)
    # a notice to whoever reads it (a 通告, 禁火令, open letter): its rules bind the units and people
    # it names or none, not government offices
    public: bool = False

    @property
    def top_level(self) -> list[Clause]:
        return [c for c in self.clauses if not c.sub]
