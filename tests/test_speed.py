"""Speed-minded behaviour that must not change what the user sees: paged unit pick lists."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import Any

import pytest

from app.core.uscc import check_char
from app.services import units
from app.services.inspection_list import inspection_rows
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


def test_record_prints_photos_at_print_resolution_without_ascii85(demo_ws: Workspace, tmp_path: Any) -> None:
    """A photo is embedded as a ~300 dpi JPEG at its printed size (40 mm: about 472 pixels),
    upright by its EXIF orientation, in a binary stream; the copy is kept for the next print."""
    from PIL import Image
    from pypdf import PdfReader

    from app.reports.inspection_pdf import THUMB
    from app.reports.print_images import pixels_for
    from app.services import documents, inspections, photos

    insp = inspections.get_inspection(demo_ws, inspection_rows(demo_ws)[0].id)
    src = tmp_path / "turned.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # taken with the phone turned: shown rotated 90°
    Image.effect_noise((2400, 1600), 40).convert("RGB").save(src, "JPEG", quality=90, exif=exif)
    photos.add_photo(demo_ws, src, inspection_item_id=insp.items[0].id)
    out = documents.write_inspection(demo_ws, insp.id, tmp_path / "record.pdf")
    raw = out.read_bytes()
    assert b"/ASCII85Decode" not in raw and b"/DCTDecode" in raw
    side = pixels_for(THUMB)
    assert side in range(460, 480)
    images = [img for page in PdfReader(out).pages for img in page.images]
    mine = [img.image for img in images if img.image is not None and max(img.image.size) == side]
    assert len(mine) == 1
    assert mine[0].size[1] > mine[0].size[0]  # upright: taller than wide
    copies = list((demo_ws.files_dir / "print").glob("*.jpg"))
    assert copies and all(max(Image.open(c).size) <= side for c in copies)
    again = documents.write_inspection(demo_ws, insp.id, tmp_path / "again.pdf")
    assert len(list((demo_ws.files_dir / "print").glob("*.jpg"))) == len(copies)
    assert again.stat().st_size < 2 * 1024 * 1024


def _camera_photo(path: Any, size: tuple[int, int] = (1600, 1200)) -> Any:
    from PIL import Image

    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = "2026:06:01 09:30:15"  # DateTimeOriginal
    exif[0x8825] = {1: "N", 2: (36.0, 30.0, 0.0), 3: "E", 4: (112.0, 20.0, 0.0)}  # GPS
    Image.effect_noise(size, 30).convert("RGB").save(path, "JPEG", quality=85, exif=exif)
    return path


def test_time_taken_survives_attach_package_and_print(tmp_path: Any) -> None:
    from pypdf import PdfReader

    from app.services import documents, inspections, packages, photo_meta, photos
    from tests.helpers import sqlite_ws

    a = sqlite_ws(tmp_path, "a.db")
    unit = units.create_unit(a, units.UnitInput(name="沁水县拍照测试饭店"))
    from app.services import checklists

    items = checklists.build(a.catalog, "gas", None)[:2]
    insp = inspections.start_inspection(a, unit.id, dt.date(2026, 6, 1), "李明、王强", "gas", items)
    ph = photos.add_photo(a, _camera_photo(tmp_path / "IMG_1.jpg"), inspection_item_id=insp.items[0].id)
    # a 12-megapixel photo (over the 2560 pixels once kept) on the second item
    big = photos.add_photo(
        a, _camera_photo(tmp_path / "IMG_2.jpg", (4000, 3000)), inspection_item_id=insp.items[1].id
    )
    expected = "拍摄于 2026-06-01 09:30，北纬36.5000° 东经112.3333°"
    for p, src in ((ph, "IMG_1.jpg"), (big, "IMG_2.jpg")):
        assert photo_meta.taken(photos.photo_path(a, p)).text() == expected  # attach kept it
        assert p.sha256 == hashlib.sha256((tmp_path / src).read_bytes()).hexdigest()  # as taken

    def printed(ws: Workspace, name: str) -> str:
        out = documents.write_inspection(ws, insp.id, tmp_path / name)
        return "".join(p.extract_text() for p in PdfReader(out).pages).replace("\n", "")

    text = printed(a, "a.pdf")
    assert text.count("拍摄于 2026-06-01 09:30") == 2 and text.count("北纬36.5000°") == 2
    # through a package into another laptop's database
    pkg = tmp_path / "share.zip"
    packages.export_package(a, pkg)
    b = sqlite_ws(tmp_path, "b.db")
    packages.import_package(b, pkg)
    for p in (ph, big):
        copied = photos.photos_of_item(b, p.inspection_item_id)  # type: ignore[arg-type]
        assert len(copied) == 1 and copied[0].sha256 == p.sha256
        assert photos.check(b, copied[0]).ok  # the same bytes, checked against the recorded hash
        assert photo_meta.taken(photos.photo_path(b, copied[0])).text() == expected
    assert printed(b, "b.pdf").count("拍摄于 2026-06-01 09:30") == 2
    a.close()
    b.close()
