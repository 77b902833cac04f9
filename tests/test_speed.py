"""Speed-minded behaviour that must not change what the user sees: paged unit pick lists."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from app.core.uscc import check_char
from app.services import units
from app.services.workspace import Workspace


def _many_units(ws: Workspace, n: int) -> list[tuple[uuid.UUID, str]]:
    """`n` units named 批量单位0000… (raw inserts: this is about the pick list, not inserts)."""
    now = dt.datetime.now().isoformat(sep=" ")
    rows = [(uuid.uuid4(), f"批量单位{i:04d}") for i in range(n)]
    with ws.db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO units (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)",
            [(u.hex, name, now, now) for u, name in rows],
        )
    return rows


def test_unit_choices_page_and_search(demo_ws: Workspace) -> None:
    rows = _many_units(demo_ws, units.PICK_LIMIT + 50)
    first = units.unit_choices(demo_ws)
    assert len(first) == units.PICK_LIMIT
    assert [u.name for u in first] == sorted(u.name for u in first)
    last_id, last_name = rows[-1]
    assert last_id not in {u.id for u in first}
    # typing finds a unit beyond the first page; the chosen one is always included
    assert [u.id for u in units.unit_choices(demo_ws, last_name)] == [last_id]
    with_chosen = units.unit_choices(demo_ws, include=last_id)
    assert last_id in {u.id for u in with_chosen} and len(with_chosen) == units.PICK_LIMIT + 1
    code = "91140521MA0TEXT07" + check_char("91140521MA0TEXT07")
    u = units.create_unit(demo_ws, units.UnitInput(name="按代码查找的单位", uscc=code))
    assert [c.id for c in units.unit_choices(demo_ws, code[4:12].lower())] == [u.id]
    assert units.unit_choices(demo_ws, "没有这个名字的单位") == []


@pytest.mark.usefixtures("qt_settings")
def test_ledger_unit_combo_holds_a_page_and_finds_the_rest(qtbot: Any, demo_ws: Workspace) -> None:
    from app.ui.context import AppContext
    from app.ui.ledger_page import LedgerPage

    rows = _many_units(demo_ws, units.PICK_LIMIT + 50)
    page = LedgerPage(AppContext(demo_ws))
    qtbot.addWidget(page)
    page.show()
    page.activate()
    combo = page.unit
    assert combo.count() == units.PICK_LIMIT + 1  # 全部单位 + one page, not every unit
    far_id, far_name = rows[-1]
    assert combo.choices.row_of(far_id) < 0
    # typing searches the database: the far unit is offered and can be chosen by name
    combo.line_edit().setText(far_name)
    combo.line_edit().textEdited.emit(far_name)
    assert [combo.matches.unit_at(r).id for r in range(combo.matches.rowCount())] == [far_id]  # type: ignore[union-attr]
    combo.line_edit().editingFinished.emit()
    assert combo.currentData() == far_id
    assert page.current_filter().unit_id == far_id
    # choosing it from elsewhere (被检查单位 -> 隐患) works too
    other_id = rows[-2][0]
    page.filter_unit(other_id)
    assert combo.currentData() == other_id
    # a name that matches nothing is refused with a message
    combo.line_edit().setText("没有这个名字的单位")
    combo.line_edit().editingFinished.emit()
    assert "没有名为" in page.message.text()
