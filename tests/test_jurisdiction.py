"""Jurisdictions and criteria versions: citations that fit the place, criteria that fit the date,
and an existing database upgraded with the new area columns."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from app.core import versions
from app.core.catalog_loader import load_catalog
from app.core.errors import ValidationError
from app.core.jurisdiction import Area, Areas, Jurisdiction, Place, load_areas
from app.services import checklists, findings, inspections, jurisdiction, units
from app.services.workspace import Workspace
from app.storage.db import head_revision
from tests.helpers import REPO, SEEDS, sqlite_ws, ws_fixture  # noqa: F401 (fixture)

AREAS_FILE = REPO / "checklists" / "areas.yaml"
DOC = re.compile(r"[\u4e00-\u9fff]+政发〔\d{4}〕\d+号")
TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def cat():  # type: ignore[no-untyped-def]
    return load_catalog()


@pytest.fixture(scope="module")
def areas() -> Areas:
    return load_areas(AREAS_FILE)


def notices_in(items: list[checklists.ChecklistItem]) -> set[str]:
    return {m for it in items for m in DOC.findall(it.basis)}


# --- areas -----------------------------------------------------------------


def test_areas_cover_shanxi_with_parents(areas: Areas) -> None:
    cities = [a for a in areas.by_code.values() if a.level == "city"]
    counties = areas.counties()
    assert len(cities) == 11 and len(counties) == 117
    for a in areas.by_code.values():
        assert re.fullmatch(r"14\d{4}", a.code)
        if a.level == "county":
            parent = areas.get(a.parent)
            assert parent is not None and parent.level == "city" and a.code[:4] == parent.code[:4]
    assert [x.name for x in areas.chain("140521")] == ["沁水县", "晋城市", "山西省"]
    assert areas.full_name("140829") == "山西省运城市平陆县"


def test_area_names_resolve_and_ambiguity_is_explained(areas: Areas) -> None:
    assert areas.resolve("沁水县").code == "140521"
    assert areas.resolve("沁水").code == "140521"
    assert areas.resolve(" 140829 ").code == "140829"
    assert areas.resolve("晋城市城区").code == "140502"
    with pytest.raises(ValidationError, match=r"不唯一.*阳泉市城区.*晋城市城区"):
        areas.resolve("城区")
    with pytest.raises(ValidationError, match="未找到行政区划"):
        areas.resolve("火星县")
    assert areas.find_in("沁水县人民政府").code == "140521"  # type: ignore[union-attr]
    assert areas.find_in("山西省人民政府").code == "140000"  # type: ignore[union-attr]


# --- which notices apply ------------------------------------------------------


def test_sources_carry_area_level_and_year(cat, areas: Areas) -> None:  # type: ignore[no-untyped-def]
    import yaml

    rows = yaml.safe_load((REPO / "checklists" / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    for row in rows:
        assert row["area"] in areas, row["id"]
        assert row["level"] == areas.get(row["area"]).level, row["id"]  # type: ignore[union-attr]
        assert isinstance(row["year"], int) and row.get("provenance"), row["id"]
        assert row["id"] in cat.sources


def test_a_new_years_notice_replaces_last_years() -> None:
    from app.core.catalog import Source

    areas = Areas(
        [
            Area("140000", "山西省", "province"),
            Area("140500", "晋城市", "city", "140000"),
            Area("140521", "沁水县", "county", "140500"),
        ]
    )
    srcs = {
        "q24": Source("q24", "沁政发〔2024〕1号", "沁水县人民政府", "", dt.date(2024, 3, 1), 2024),
        "q25": Source("q25", "沁政发〔2025〕1号", "沁水县人民政府", "", dt.date(2025, 3, 25), 2025),
        "j22": Source("j22", "晋市政发〔2022〕1号", "晋城市人民政府", "", dt.date(2022, 3, 1), 2022),
    }
    j = Jurisdiction(areas, srcs)
    assert j.periods["q24"].end == dt.date(2025, 3, 24) and j.periods["q24"].replaced_by == "q25"
    assert j.periods["q25"].end is None
    qin = Place("140521", dt.date(2025, 2, 1))
    assert j.applies("q24", qin) and not j.applies("q25", qin)
    later = Place("140521", dt.date(2026, 8, 1))
    assert [s.id for s in j.current_sources(later)] == ["j22", "q25"]  # city first, then county
    assert not j.is_elsewhere("q24", later)  # out of date, not another area's


def test_qinshui_checklist_cites_only_its_own_notices(cat) -> None:  # type: ignore[no-untyped-def]
    everything = notices_in(checklists.build(cat, "gas", None, with_common=True))
    assert {"同政发〔2025〕1号", "平政发〔2024〕1号"} <= everything  # the catalog has them
    qin = Place("140521", TODAY)
    items = checklists.build(cat, "gas", None, with_common=True, place=qin)
    cited = notices_in(items)
    assert "沁政发〔2025〕1号" in cited and "晋市政发〔2022〕1号" in cited
    assert not cited & {"同政发〔2025〕1号", "平政发〔2024〕1号", "襄政发〔2023〕1号"}
    # items whose only basis is another area's notice are left out, but can be asked for
    gas = cat.items_for("gas") + cat.common_items()
    own, other = checklists.split_by_area(cat, gas, qin)
    assert other and len(own) == len(items)
    with_other = checklists.build(cat, "gas", None, with_common=True, place=qin, other_areas=True)
    assert len(with_other) == len(gas)
    assert not notices_in(with_other) & {"同政发〔2025〕1号", "平政发〔2024〕1号", "襄政发〔2023〕1号"}


def test_pinglu_unit_gets_pinglu_citations(ws: Workspace) -> None:
    jurisdiction.set_jurisdiction(ws, "沁水县")
    unit = units.create_unit(ws, units.UnitInput(name="平陆县某燃气公司", area_code="平陆县"))
    assert unit.area_code == "140829"
    local = units.create_unit(ws, units.UnitInput(name="沁水县某饭店"))
    assert local.area_code == "140521"  # defaults to the inspector's jurisdiction
    cat = ws.catalog
    items = checklists.build(cat, "gas", None, with_common=True)  # as a template would hold them
    insp = inspections.start_inspection(ws, unit.id, TODAY, "张三、李四", "gas", items)
    assert insp.area_code == "140829"
    cited = {m for it in insp.items for m in DOC.findall(it.basis or "")}
    assert "平政发〔2024〕1号" in cited
    assert not cited & {"沁政发〔2025〕1号", "晋市政发〔2022〕1号", "同政发〔2025〕1号", "襄政发〔2023〕1号"}
    with pytest.raises(ValidationError, match="未找到行政区划"):
        units.create_unit(ws, units.UnitInput(name="外省单位", area_code="999999"))


def test_jurisdiction_setting_by_name_or_code(ws: Workspace) -> None:
    assert jurisdiction.get_code(ws) is None
    assert jurisdiction.set_jurisdiction(ws, "140521").name == "沁水县"
    assert jurisdiction.describe(ws, jurisdiction.get_code(ws)) == "山西省晋城市沁水县（140521）"
    with pytest.raises(ValidationError, match="县（市、区）"):
        jurisdiction.set_jurisdiction(ws, "山西省")
    assert jurisdiction.get_code(ws) == "140521"  # a refused choice changes nothing


# --- criteria by date ---------------------------------------------------------


def test_coal_criteria_version_chosen_by_date(cat) -> None:  # type: ignore[no-untyped-def]
    old = cat.standards["coal-2020"]
    assert old.superseded == dt.date(2026, 7, 1)
    family = versions.family_of(old)
    assert versions.family_of(cat.standards["coal-2026"]) == family
    assert versions.version_on(cat, family, dt.date(2026, 5, 1)).doc_no == "应急管理部令第4号"
    assert versions.version_on(cat, family, dt.date(2026, 8, 1)).doc_no == "应急管理部令第21号"
    assert versions.criteria_on(cat, ["coal-2020-02"], dt.date(2026, 5, 1)) == ["coal-2020-02"]
    assert versions.criteria_on(cat, ["coal-2020-02"], dt.date(2026, 8, 1)) == ["pending:coal-2026"]
    # a link to the new version wins over the pending state
    assert versions.criteria_on(cat, ["coal-2020-02", "coal-2026-text"], dt.date(2026, 8, 1)) == [
        "coal-2026-text"
    ]
    snap = versions.snapshot(cat, "pending:coal-2026")
    expected = "《煤矿重大事故隐患判定标准》（应急管理部令第21号）：判定标准已修订，条款待核实"
    assert versions.snapshot_text(snap) == expected
    # other families pass through; fire switches to GB 35181-2025 on 2025-11-01
    assert versions.criteria_on(cat, ["fire-2017-6-5"], dt.date(2025, 10, 31)) == ["fire-2017-6-5"]
    assert versions.criteria_on(cat, ["fire-2017-6-5"], dt.date(2025, 11, 1)) == ["pending:fire-2025"]


def _coal_mine_inspection(ws: Workspace, day: dt.date) -> tuple[object, object]:
    cat = ws.catalog
    unit = units.create_unit(ws, units.UnitInput(name=f"沁水县某煤矿{day:%m%d}", sector_id="mines"))
    item = next(it for it in cat.items_for("mines") if "coal-2020-02" in it.criteria)
    chosen = [checklists.snapshot(cat, item)]
    insp = inspections.start_inspection(ws, unit.id, day, "张三、李四", "mines", chosen)
    ii = insp.items[0]
    inspections.set_result(ws, ii.id, "fail")
    draft = inspections.finding_draft(ws, ii.id)
    f = findings.create_finding(ws, draft)
    return ii, f


def test_coal_inspection_links_the_version_in_force(ws: Workspace) -> None:
    jurisdiction.set_jurisdiction(ws, "沁水县")
    ii, f = _coal_mine_inspection(ws, dt.date(2026, 5, 1))
    assert all(c.startswith("coal-2020") for c in ii.criteria)  # type: ignore[attr-defined]
    assert f.level == "major" and "应急管理部令第4号" in f.criterion["text"]  # type: ignore[attr-defined]
    ii, f = _coal_mine_inspection(ws, dt.date(2026, 8, 1))
    assert ii.criteria == ("pending:coal-2026",)  # type: ignore[attr-defined]
    assert f.level == "major"  # type: ignore[attr-defined]
    text_ = f.criterion["text"]  # type: ignore[attr-defined]
    assert "应急管理部令第21号" in text_ and "判定标准已修订，条款待核实" in text_ and "第4号" not in text_


# --- upgrading an existing database --------------------------------------------


OLD_ROWS = [
    ("units", {"id": "u", "name": "沁水县老饭店", "address": "沁水县龙港镇"}),
    (
        "inspections",
        {
            "id": "i",
            "unit_id": "u",
            "date": "2026-01-02",
            "inspectors": '["张三", "李四"]',
            "sector_id": "gas",
        },
    ),
    (
        "findings",
        {
            "id": "f",
            "unit_id": "u",
            "inspection_id": "i",
            "sector_id": "gas",
            "title": "未安装报警器",
            "level": "major",
            "status": "pending",
            "discovery": "inspection",
            "found_on": "2026-01-02",
            "basis": "沁政发〔2025〕1号 （十一）",
        },
    ),
]


def test_existing_database_upgrades_without_losing_data(tmp_path: Path) -> None:
    """A database at revision 0005 (the last release) with a unit, an inspection, a finding and an
    imported notice gains the area columns; every row survives and the unit then follows the
    jurisdiction."""
    from app.storage.migrate import run_upgrade

    url = f"sqlite:///{(tmp_path / 'old.db').as_posix()}"
    eng = create_engine(url)
    run_upgrade(eng, "0005")
    ids = {k: uuid.uuid4().hex for k in "uif"}
    now = dt.datetime(2026, 1, 1)
    with eng.begin() as c:
        for table, row in OLD_ROWS:
            row = {k: ids.get(v, v) if k.endswith("id") else v for k, v in row.items()}
            stamped = {**row, "created_at": now, "updated_at": now}
            cols, params = ", ".join(stamped), ", ".join(":" + k for k in stamped)
            c.execute(text(f"INSERT INTO {table} ({cols}) VALUES ({params})"), stamped)
        c.execute(
            text("INSERT INTO user_sources (id, doc_no, issuer, created_at) VALUES (:id, :d, :i, :t)"),
            {"id": "user-x", "d": "平政发〔2025〕1号", "i": "平陆县人民政府", "t": now},
        )
    eng.dispose()
    ws = Workspace(url)  # opening upgrades to head
    try:
        eng = create_engine(url)
        with eng.connect() as c:
            assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
            row = c.execute(text("SELECT name, address, area_code FROM units")).one()
            assert tuple(row) == ("沁水县老饭店", "沁水县龙港镇", None)
            assert c.execute(text("SELECT basis FROM findings")).scalar() == "沁政发〔2025〕1号 （十一）"
            assert c.execute(text("SELECT area_code FROM inspections")).one() == (None,)
            assert c.execute(text("SELECT area FROM user_sources")).scalar() is None
        eng.dispose()
        unit = units.list_units(ws)[0]
        assert jurisdiction.unit_area(ws, unit) is None  # no jurisdiction chosen yet
        jurisdiction.set_jurisdiction(ws, "沁水县")
        assert jurisdiction.unit_area(ws, unit) == "140521"
        f = findings.get_finding(ws, uuid.UUID(ids["f"]))
        assert f.title == "未安装报警器" and f.unit_name in (None, "沁水县老饭店")
        # the imported notice's area is read from its issuer's name
        assert jurisdiction.rules(ws).is_elsewhere("user-x", Place("140521", TODAY))
    finally:
        ws.close()


# --- GUI: 本人辖区, a unit's area, the builder's 其他地区通知要求 ------------------------------


@pytest.mark.usefixtures("qt_settings")
def test_gui_jurisdiction_unit_area_and_other_areas_apart(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialogButtonBox

    from app.ui.area_picker import JurisdictionDialog
    from app.ui.checklist_page import ChecklistPage
    from app.ui.context import AppContext
    from app.ui.unit_dialog import UnitDialog
    from app.ui.widgets import combo_select_data

    ws = sqlite_ws(tmp_path, "g.db")
    try:
        dlg = JurisdictionDialog(ws, first_start=True)
        qtbot.addWidget(dlg)
        dlg.accept()  # nothing chosen: refused with a message, nothing stored
        assert dlg.message.text() and jurisdiction.get_code(ws) is None
        combo_select_data(dlg.picker.city, "140500")
        combo_select_data(dlg.picker.county, "140521")
        dlg.accept()
        assert jurisdiction.get_code(ws) == "140521"

        ud = UnitDialog(ws)
        qtbot.addWidget(ud)
        ud.name.setText("平陆县某液化气站")
        ud.area.set_code("140829")
        ud.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        assert ud.saved is not None and ud.saved.area_code == "140829"

        ctx = AppContext(ws)
        page = ChecklistPage(ctx)
        qtbot.addWidget(page)
        # mines: a few items rest only on another area's notice and on no law (in gas, every item
        # with another area's notice rests on a law too, so it stays in, citing the law)
        combo_select_data(page.sector, "mines")
        combo_select_data(page.site_type, None)
        page.generate()
        heads = [page.tree.topLevelItem(i).text(0) for i in range(page.tree.topLevelItemCount())]
        assert not any(h.startswith("其他地区通知要求") for h in heads)  # off by default
        others = [e for e in page.entries if e.other_area]
        assert others and not any(e.selected for e in others)
        assert all(e.elsewhere and "沁政发" not in e.elsewhere for e in others)
        page.show_other.setChecked(True)
        heads = [page.tree.topLevelItem(i).text(0) for i in range(page.tree.topLevelItemCount())]
        assert heads[-1].startswith("其他地区通知要求")
        printed = notices_in(page.selected_items())
        assert "沁政发〔2025〕1号" in printed
        assert not printed & {"同政发〔2025〕1号", "平政发〔2024〕1号", "襄政发〔2023〕1号"}
    finally:
        ws.close()


# --- command line: settings and print checklist ---------------------------------------------


@pytest.mark.slow  # runs the CLI in subprocesses on demo data
def test_cli_jurisdiction_and_printed_checklist_citations(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from pypdf import PdfReader

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "ANCHA_HOME": str(tmp_path)}
        env.pop("ANCHA_DB", None)
        cmd = [sys.executable, "-m", "app", "--db", url, *args]
        return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300, cwd=REPO)

    def cited(pdf: Path) -> set[str]:
        text_ = "".join(p.extract_text() for p in PdfReader(pdf).pages).replace(" ", "").replace("\n", "")
        return set(re.findall(r"(?:晋市|沁|平|同|襄|晋)政发〔\d{4}〕1号", text_))

    url = f"sqlite:///{(tmp_path / 'c.db').as_posix()}"
    bad = run("settings", "set", "jurisdiction", "城区")
    assert bad.returncode == 1 and "不唯一" in bad.stderr and "Traceback" not in bad.stderr
    ok = run("settings", "set", "jurisdiction", "沁水县")
    assert ok.returncode == 0 and "140521" in ok.stdout
    shown = run("settings", "show")
    assert "山西省晋城市沁水县（140521）" in shown.stdout
    out = tmp_path / "gas.pdf"
    printed = run("print", "checklist", "--sector", "燃气", "--common", "-o", str(out))
    assert printed.returncode == 0, printed.stderr
    assert {"沁政发〔2025〕1号", "晋市政发〔2022〕1号", "晋政发〔2026〕1号"} <= cited(out)
    assert not cited(out) & {"同政发〔2025〕1号", "平政发〔2024〕1号", "襄政发〔2023〕1号"}
    ws = Workspace(url)
    try:
        units.create_unit(ws, units.UnitInput(name="平陆县示例燃气公司", area_code="140829"))
    finally:
        ws.close()
    out2 = tmp_path / "gas-ping.pdf"
    unit_args = ("--unit", "平陆县示例燃气公司")
    printed = run("print", "checklist", "--sector", "gas", "--common", *unit_args, "-o", str(out2))
    assert printed.returncode == 0, printed.stderr
    assert {"平政发〔2024〕1号", "晋政发〔2026〕1号"} <= cited(out2)
    elsewhere = {"沁政发〔2025〕1号", "晋市政发〔2022〕1号", "同政发〔2025〕1号", "襄政发〔2023〕1号"}
    assert not cited(out2) & elsewhere


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed notices not present (../shared/seeds)")
def test_real_seed_notice_is_placed_in_its_county(ws: Workspace) -> None:
    from app.services import notices

    ping = SEEDS / "001_19646e9356e720f5.txt"  # 平陆县人民政府 平政发〔2024〕1号
    assert notices.analyse(ws, ping).scope.area == "140829"


def test_imported_notice_is_judged_by_its_area(ws: Workspace) -> None:
    from app.storage.models import UserSource

    with ws.db.session() as s:  # as notice import stores a 平陆县 notice (area found on import)
        doc = "平政发〔2026〕1号"
        s.add(UserSource(id="user-p26", doc_no=doc, issuer="平陆县人民政府", year=2026, area="140829"))
    cat = ws.refresh_catalog()
    rules = jurisdiction.rules(ws)
    assert cat.sources["user-p26"].area == "140829"
    assert rules.is_elsewhere("user-p26", Place("140521", TODAY))
    assert rules.applies("user-p26", Place("140829", TODAY))
    # the new year's notice replaces last year's for 平陆
    assert not rules.applies("ping-2024", Place("140829", TODAY))
    assert rules.applies("ping-2024", Place("140829", dt.date(2025, 12, 31)))


def test_draft_keeps_other_areas_lines_apart() -> None:
    from app.core.checklist_draft import Draft
    from app.core.checklist_item import ChecklistItem

    def line(text: str, item_id: str) -> ChecklistItem:
        return ChecklistItem(text, group="经营管理", item_id=item_id)

    draft = Draft.of([line("甲", "GAS-001"), line("乙", "GAS-002")])
    draft.add_other_areas([(line("丙", "GAS-003"), "同政发〔2025〕1号 第41条")])
    draft.add_other_areas([(line("甲", "GAS-001"), "平政发〔2024〕1号 （十六）")])  # already in
    assert draft.groups() == ["经营管理"]
    assert [e.item.text for e in draft.members("经营管理")] == ["甲", "乙"]
    assert draft.other_areas(False) == [] and [e.item.text for e in draft.other_areas(True)] == ["丙"]
    assert [i.text for i in draft.selected_items()] == ["甲", "乙"]  # unticked by default
    last = draft.members("经营管理")[-1]
    assert not draft.move_item(last, 1)  # never moves into the other areas' lines
    other = draft.other_areas(True)[0]
    other.selected = True
    assert draft.other_areas(False) == [other] and draft.selected_items()[-1].text == "丙"


def test_items_resting_on_law_stay_in_another_areas_checklist() -> None:
    """A 平陆 gas station is checked against everything the law requires of it; the lines whose
    only notice is 沁水's or 大同's cite the law alone, and only lines with no law and no notice of
    its own area are kept apart."""
    cat = load_catalog()
    place = Place("140829", dt.date(2026, 11, 20))  # 平陆县
    everything = cat.items_for("gas")
    items = checklists.build(cat, "gas", None, place=place)
    kept_apart = [it for it in everything if not it.legal and it.id not in {i.item_id for i in items}]
    assert len(items) + len(kept_apart) == len(everything)
    assert len(items) >= len(everything) - 5
    assert all(not it.legal for it in kept_apart)
    elsewhere = {"沁政发〔2025〕1号", "同政发〔2025〕1号", "襄政发〔2023〕1号", "晋市政发〔2022〕1号"}
    assert not notices_in(items) & elsewhere
    law_only = [i for i in items if not notices_in([i])]
    assert law_only and all(i.legal for i in law_only)
