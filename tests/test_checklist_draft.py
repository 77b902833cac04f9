"""Checklist rules: the draft (groups kept together, no catalog item twice, moves) and the choice
between a template and a sector."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.checklist_draft import Draft
from app.core.checklist_item import ChecklistItem
from app.core.errors import ValidationError
from tests.helpers import sqlite_ws


def _item(item_id: str | None, group: str, text: str = "") -> ChecklistItem:
    return ChecklistItem(text=text or f"{group}{item_id}", group=group, item_id=item_id)


def _ids(d: Draft) -> list[str | None]:
    return [e.item.item_id for e in d.entries]


def test_of_drops_duplicates_and_keeps_order() -> None:
    d = Draft.of([_item("A1", "甲"), _item("B1", "乙"), _item("A1", "甲")])
    assert _ids(d) == ["A1", "B1"] and d.groups() == ["甲", "乙"]


def test_added_items_join_their_group_and_are_not_repeated() -> None:
    d = Draft.of([_item("A1", "甲"), _item("B1", "乙")])
    added = d.add([_item("A2", "甲"), _item("B1", "乙"), _item("C1", "丙"), _item(None, "甲", "自定义")])
    assert [e.item.item_id for e in added] == ["A2", "C1", None]
    assert _ids(d) == ["A1", "A2", None, "B1", "C1"]
    assert d.add([_item(None, "甲", "自定义")])  # custom lines never clash


def test_moves_stay_inside_the_group_and_groups_move_whole() -> None:
    d = Draft.of([_item("A1", "甲"), _item("B1", "乙"), _item("A2", "甲"), _item("B2", "乙")])
    a2 = d.entries[2]
    assert d.move_item(a2, -1) and _ids(d) == ["A2", "B1", "A1", "B2"]
    assert not d.move_item(a2, -1)  # first of its group
    assert d.move_group("乙", -1)
    assert _ids(d) == ["B1", "B2", "A2", "A1"] and d.groups() == ["乙", "甲"]
    assert not d.move_group("乙", -1)


def test_remove_returns_the_next_line_and_unticked_lines_are_left_out() -> None:
    d = Draft.of([_item("A1", "甲"), _item("A2", "甲")])
    d.entries[0].selected = False
    assert [i.item_id for i in d.selected_items()] == ["A2"]
    assert d.remove(d.entries[1]) is d.entries[0]
    assert d.remove(d.entries[0]) is None and d.entries == []


def test_choose_a_template_or_a_sector(tmp_path: Path, test_catalog: Path) -> None:
    """新建检查 and `print checklist` choose the checklist through the same function."""
    from app.services import checklists

    ws = sqlite_ws(tmp_path, "t.db", catalog_root=test_catalog)
    by_sector = checklists.choose(ws, sector="燃气", site_type="gas-catering", with_common=True)
    assert by_sector.sector_id == "gas" and by_sector.site_type_id == "gas-catering"
    assert by_sector.template_name is None
    ids = [i.item_id for i in by_sector.items]
    assert "GAS-003" in ids and "COM-001" in ids
    saved = checklists.save_template(ws, "饭店", "gas", "gas-catering", by_sector.items[:2])
    for key in (saved.id, "饭店"):
        chosen = checklists.choose(ws, template=key, sector="fire")  # a template wins over a sector
        assert chosen.template_name == "饭店" and chosen.sector_id == "gas"
        assert [i.text for i in chosen.items] == [i.text for i in by_sector.items[:2]]
    with pytest.raises(ValidationError, match="行业"):
        checklists.choose(ws)
    with pytest.raises(ValidationError, match="场所类型"):
        checklists.choose(ws, sector="gas", site_type="不存在的场所")
    ws.close()
