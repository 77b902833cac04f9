"""The checklist being built: lines kept together by group, no catalog item twice.

The checklist builder (GUI) edits a Draft; the rules live here so they are tested without
widgets and any other front end gets the same behaviour.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from app.core.checklist_item import ChecklistItem


@dataclass(eq=False)
class Entry:
    """One line of the draft; unticked lines are left out when saving or printing."""

    item: ChecklistItem
    selected: bool = True
    other_area: bool = False  # its only notice basis is another area's (其他地区通知要求)
    elsewhere: str = ""  # those other areas' citations: shown for information, never printed


@dataclass
class Draft:
    entries: list[Entry] = field(default_factory=list)

    @classmethod
    def of(cls, items: Iterable[ChecklistItem]) -> Draft:
        """A draft holding `items` in order, all ticked (duplicates of a catalog item dropped)."""
        draft = cls()
        for it in items:
            if not draft.has(it.item_id):
                draft.entries.append(Entry(it))
        return draft

    def selected_items(self) -> list[ChecklistItem]:
        return [e.item for e in self.entries if e.selected]

    def groups(self) -> list[str]:
        """Group names in the order they first appear (lines of other areas kept apart)."""
        return list(dict.fromkeys(e.item.group for e in self.entries if not e.other_area))

    def members(self, group: str) -> list[Entry]:
        return [e for e in self.entries if e.item.group == group and not e.other_area]

    def add_other_areas(self, lines: Iterable[tuple[ChecklistItem, str]]) -> None:
        """Lines whose only notice basis is another area's (with those citations), unticked,
        kept apart from the groups: 其他地区通知要求."""
        for it, elsewhere in lines:
            if not self.has(it.item_id):
                self.entries.append(Entry(it, selected=False, other_area=True, elsewhere=elsewhere))

    def other_areas(self, shown: bool) -> list[Entry]:
        """The 其他地区通知要求 lines: all when `shown`, else only those ticked."""
        return [e for e in self.entries if e.other_area and (shown or e.selected)]

    def has(self, item_id: str | None) -> bool:
        """True when the catalog item is already in the draft (custom lines never clash)."""
        return item_id is not None and any(e.item.item_id == item_id for e in self.entries)

    def add(self, items: Iterable[ChecklistItem]) -> list[Entry]:
        """Add the items not yet in the draft, each after the last line of its group
        (or at the end for a new group); returns the entries added."""
        added: list[Entry] = []
        for it in items:
            if self.has(it.item_id):
                continue
            entry = Entry(it)
            last = max((i for i, x in enumerate(self.entries) if x.item.group == it.group), default=-1)
            self.entries.insert(last + 1 if last >= 0 else len(self.entries), entry)
            added.append(entry)
        return added

    def remove(self, entry: Entry) -> Entry | None:
        """Drop `entry`; returns the line that takes its place (for the selection), if any."""
        idx = self.entries.index(entry)
        self.entries.remove(entry)
        return self.entries[min(idx, len(self.entries) - 1)] if self.entries else None

    def move_item(self, entry: Entry, step: int) -> bool:
        """Move a line up (step < 0) or down within its group; False at the group's edge."""
        same = [
            i
            for i, e in enumerate(self.entries)
            if e.item.group == entry.item.group and e.other_area == entry.other_area
        ]
        pos = same.index(self.entries.index(entry))
        target = pos + step
        if not 0 <= target < len(same):
            return False
        a, b = same[pos], same[target]
        self.entries[a], self.entries[b] = self.entries[b], self.entries[a]
        return True

    def move_group(self, group: str, step: int) -> bool:
        """Move a whole group among the groups, keeping the order inside every group."""
        groups = self.groups()
        if group not in groups:
            return False
        pos = groups.index(group)
        target = pos + step
        if not 0 <= target < len(groups):
            return False
        groups[pos], groups[target] = groups[target], groups[pos]
        rank = {g: i for i, g in enumerate(groups)}
        self.entries.sort(key=lambda e: (e.other_area, rank.get(e.item.group, len(rank))))  # stable
        return True
