"""Start-up: the 检查清单 page shows from the cached catalog before the database layer is imported;
the user's items and jurisdiction are laid over when the database opens, and nothing can be
edited before that."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItem, QTreeWidgetItemIterator

from app.core.checklist_draft import Entry
from app.core.proposals import ItemDraft
from app.services import catalog_cache, checklists, jurisdiction, user_catalog
from app.services.workspace import Workspace
from app.ui.main import CHECKLIST, MainWindow, database_key, early_area
from app.ui.settings import settings

ROOT = Path(__file__).resolve().parents[1]


def entries(tree: Any) -> list[QTreeWidgetItem]:
    out = []
    it = QTreeWidgetItemIterator(tree)
    while it.value():
        if isinstance(it.value().data(0, Qt.ItemDataRole.UserRole), Entry):
            out.append(it.value())
        it += 1
    return out


def texts(tree: Any) -> str:
    return "\n".join(item.text(0) for item in entries(tree))


def add_user_item(ws: Workspace, sector: str, text: str) -> str:
    """An item of the user catalog, as the notice import accepts one."""
    cat = ws.catalog
    meta = user_catalog.NoticeMeta("测试应急发〔2025〕3号", issuer="测试县应急管理局", level="county")
    draft = ItemDraft(text, "液化石油气钢瓶与灶具的间距不足", (next(iter(cat.provisions)),))
    with ws.db.session() as s:
        item_id = user_catalog.add_item(s, meta, "三", draft, sector, cat, "tester")
    ws.refresh_catalog()
    return item_id


def test_early_page_shows_catalog_then_user_items_and_allows_edits_only_then(
    qtbot: Any, qt_settings: Path, demo_ws: Workspace, test_catalog: Path
) -> None:
    shipped = catalog_cache.load(test_catalog)
    sector = shipped.sorted_sectors()[0].id
    mine = "液化石油气钢瓶与灶具的间距不小于0.5米"
    add_user_item(demo_ws, sector, mine)
    before = jurisdiction.get_code(demo_ws)
    county = next(a for a in jurisdiction.areas(demo_ws).counties() if a.code != before)
    jurisdiction.set_jurisdiction(demo_ws, county.code)

    w = MainWindow()
    qtbot.addWidget(w)
    w.prepare_early()
    w.show_early(shipped, before)  # the jurisdiction remembered from the last start
    w.show()
    page = w.checklist_page
    qtbot.waitExposed(w)
    # the real page with the shipped catalog's items for the first sector, before the database
    assert not page.ctx.ready and w.ctx is None
    assert page.sector.currentData() == sector
    site = page.site_type.currentData()
    expected = checklists.build(shipped, sector, site, place=page.place())
    assert expected and len(entries(page.tree)) == len(expected)
    assert mine not in texts(page.tree)
    assert page.templates.currentText() == "（正在打开数据库…）"
    # nothing can be edited: no choice, tick or button; Space does not untick
    assert not page.sector.isEnabled() and not page.site_type.isEnabled()
    for b in (page.common_button, page.custom_button, page.save_button, page.pdf_button, page.remove_button):
        assert not b.isEnabled()
    first = entries(page.tree)[0]
    assert not first.flags() & Qt.ItemFlag.ItemIsUserCheckable
    page.tree.setCurrentItem(first)
    qtbot.keyClick(page.tree, Qt.Key.Key_Space)
    assert first.checkState(0) == Qt.CheckState.Checked and not page.modified
    assert not page.up_button.isEnabled()
    assert w.menuBar().actions() and not any(m.isEnabled() for m in w.menuBar().actions())

    w.attach(demo_ws)  # the database answers
    assert page.ctx.ready and w.ctx is page.ctx and w.checklist_page is page
    # the user's item is laid over, citations follow the database's jurisdiction
    assert mine in texts(page.tree)
    groups = [page.tree.topLevelItem(i).text(0) for i in range(page.tree.topLevelItemCount())]
    assert any(g.startswith(user_catalog.USER_GROUP) for g in groups)
    assert page.place().area == county.code
    assert county.name in page.summary.text()
    assert page.templates.currentText() != "（正在打开数据库…）"
    assert page.sector.isEnabled() and page.common_button.isEnabled()
    # ticks are edits now
    first = entries(page.tree)[0]
    page.tree.setCurrentItem(first)
    qtbot.keyClick(page.tree, Qt.Key.Key_Space)
    assert first.checkState(0) == Qt.CheckState.Unchecked and page.modified
    assert all(m.isEnabled() for m in w.menuBar().actions())
    w.ctx.runner.wait(5000)


def test_unchanged_database_keeps_the_list_shown(qtbot: Any, qt_settings: Path, tmp_path: Path) -> None:
    """No user items and the remembered jurisdiction: the list shown first is the one kept."""
    shipped = catalog_cache.load()
    ws = Workspace(f"sqlite:///{(tmp_path / 'a.db').as_posix()}", shipped=shipped)
    w = MainWindow()
    qtbot.addWidget(w)
    w.show_early(shipped, None)
    page = w.checklist_page
    before = entries(page.tree)
    w.attach(ws)
    assert ws.catalog is shipped  # nothing of the user's: the same catalog object
    after = entries(page.tree)
    assert after == before and after[0].flags() & Qt.ItemFlag.ItemIsUserCheckable
    w.ctx.runner.wait(5000)
    ws.close()


def test_early_page_only_for_a_database_seen_before_with_the_checklist_first(
    qtbot: Any, qt_settings: Path, demo_ws: Workspace
) -> None:
    key = database_key("sqlite:///seen-before.db")
    assert early_area(key) is None  # first start on this database
    w = MainWindow(demo_ws)
    qtbot.addWidget(w)
    w.db_key = key
    w.remember_area()
    assert early_area(key) == (None,)
    now = jurisdiction.get_code(demo_ws)
    county = next(a for a in jurisdiction.areas(demo_ws).counties() if a.code != now)
    jurisdiction.set_jurisdiction(demo_ws, county.code)
    w.ctx.jurisdictionChanged.emit()
    code = jurisdiction.get_code(demo_ws)
    assert code and early_area(key) == (code,)
    assert early_area(database_key("sqlite:///other.db")) is None
    settings().setValue("window/page", 2)
    assert early_area(key) is None  # the ledger comes first: it needs the database
    settings().setValue("window/page", CHECKLIST)
    assert early_area(key) == (code,)
    w.ctx.runner.wait(5000)


def test_start_shows_the_page_before_sqlalchemy_is_imported(tmp_path: Path) -> None:
    """A real start (`python -m app`): at the first paint of the checklist page's tree the
    database layer is not imported; then the database opens and the program quits."""
    home, config = tmp_path / "home", tmp_path / "config"
    db = f"sqlite:///{(tmp_path / 'start.db').as_posix()}"
    probe = textwrap.dedent(
        """
        import sys
        from PySide6.QtCore import QEvent, QObject
        import app.ui.main as main

        class Probe(QObject):
            def eventFilter(self, watched, event):
                if event.type() == QEvent.Type.Paint:
                    print("PAINT", "sqlalchemy" in sys.modules, flush=True)
                    watched.removeEventFilter(self)
                return False

        shown = main.MainWindow.show_early
        def show_early(self, catalog, area):
            shown(self, catalog, area)
            self.probe = Probe()
            self.checklist_page.tree.viewport().installEventFilter(self.probe)
            print("EARLY", "sqlalchemy" in sys.modules, len(catalog.items), flush=True)
        main.MainWindow.show_early = show_early
        from app.cli import main as cli
        sys.exit(cli(["--db", sys.argv[1]]))
        """
    )
    env = {
        **os.environ,
        "ANCHA_HOME": str(home),
        "XDG_CONFIG_HOME": str(config),
        "ANCHA_BENCH_EXIT": "1",
        "QT_QPA_PLATFORM": "offscreen",
    }

    def start() -> list[str]:
        out = subprocess.run(
            [sys.executable, "-c", probe, db], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300
        )
        assert out.returncode == 0, out.stderr[-3000:]
        return out.stdout.split()

    first = start()  # a first start: no early page, the database opens first
    assert "EARLY" not in first and "OPENED" in first
    second = start()
    assert second[second.index("EARLY") + 1] == "False" and int(second[second.index("EARLY") + 2]) > 100
    assert second[second.index("PAINT") + 1] == "False"
    assert second.index("READY") < second.index("OPENED")


def test_database_layer_loads_without_ssl_which_stays_importable() -> None:
    code = (
        "import sys\n"
        "import app.storage.db, app.storage.models\n"
        "assert 'sqlalchemy.orm' in sys.modules and 'asyncio' in sys.modules\n"
        "assert 'ssl' not in sys.modules, 'asyncio loaded ssl'\n"
        "import ssl\n"
        "ssl.create_default_context()\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.stdout.strip() == "ok", out.stderr[-2000:]
