"""The finding panel's photos with real widgets: adding in the worker with a progress bar here,
several files at once, a refused file named, 取消, the time taken shown, an altered original."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest

from app.core.findings import Level
from app.services import findings, photos, units
from app.services.findings import FindingInput
from app.services.workspace import Workspace
from app.ui.context import AppContext
from app.ui.finding_panel import FindingPanel
from tests.test_photos import camera_jpeg

pytestmark = pytest.mark.usefixtures("qt_settings")


def _panel(qtbot: Any, ws: Workspace) -> tuple[FindingPanel, Any]:
    f = findings.create_finding(
        ws,
        FindingInput(
            unit_id=units.list_units(ws)[0].id,
            sector_id="gas",
            title="燃气管道穿越卧室（照片测试）",
            found_on=dt.date(2026, 11, 2),
            level=Level.GENERAL.value,
            extra={"deadline": dt.date(2026, 12, 10)},
        ),
    )
    panel = FindingPanel(AppContext(ws))
    qtbot.addWidget(panel)
    panel.resize(560, 900)
    panel.show()
    panel.show_finding(f.id)
    return panel, f


def _idle(qtbot: Any, panel: FindingPanel) -> None:
    qtbot.waitUntil(lambda: not panel.ctx.runner.busy and panel.photos.adding is None, timeout=20000)


def test_adding_photos_shows_progress_here_and_the_time_taken(
    qtbot: Any, demo_ws: Workspace, tmp_path: Path
) -> None:
    panel, f = _panel(qtbot, demo_ws)
    strip = panel.photos
    assert strip.add_button.isEnabled() and not strip.progress.isVisible()
    files = [
        camera_jpeg(tmp_path / f"IMG_{i}.jpg", (4000, 3000), orientation=6 if i else 1) for i in range(2)
    ]
    cut = tmp_path / "IMG_cut.jpg"
    cut.write_bytes(files[0].read_bytes()[:200_000])
    text = tmp_path / "说明.txt"
    text.write_text("不是图片", encoding="utf-8")
    gate = threading.Event()
    panel.ctx.runner.submit(lambda p: gate.wait(20))  # the worker busy: the attach waits its turn
    task = strip.add_files([files[0], cut, text, files[1]])
    assert task is not None
    # the GUI thread is free: the bar and 取消 are in the panel, adding more is held back
    assert strip.progress.isVisible() and strip.cancel_button.isVisible()
    assert strip.progress.text() == "正在添加照片 1/4" and not strip.add_button.isEnabled()
    strip.grab().save(str(tmp_path / "adding.png"))
    gate.set()
    _idle(qtbot, panel)
    assert not strip.progress.isVisible() and strip.add_button.isEnabled()
    assert strip.list.count() == 2
    msg = strip.message.text()
    assert "已添加 2 张照片" in msg and "“IMG_cut.jpg”图片文件已损坏或不完整" in msg and "“说明.txt”" in msg
    stored = photos.photos_of_finding(demo_ws, f.id)
    assert sorted(p.sha256 for p in stored) == sorted(photos.check(demo_ws, p).path.stem for p in stored)
    for i in range(2):
        entry = strip.list.item(i)
        assert entry.text() == "06-01 09:30"  # the time taken, under the thumbnail
        assert "拍摄于 2026-06-01 09:30，北纬36.5000° 东经112.3333°" in entry.toolTip()
        assert "SHA-256 一致" in entry.toolTip()
    assert strip.list.item(0).icon().availableSizes()  # a real thumbnail, from the derived copy
    out = tmp_path / "finding-panel-photos.png"
    assert strip.parentWidget().grab().save(str(out))  # the panel's 照片 group
    assert out.stat().st_size > 10_000


def test_cancel_stops_before_the_next_photo(
    qtbot: Any, demo_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel, f = _panel(qtbot, demo_ws)
    strip = panel.photos
    files = [camera_jpeg(tmp_path / f"P{i}.jpg", (800, 600)) for i in range(3)]
    real = photos.add_photo

    def add_then_cancel(*a: Any, **k: Any) -> Any:
        ph = real(*a, **k)
        assert strip.adding is not None
        strip.adding.cancel()  # as if 取消 were pressed while the first photo was being added
        return ph

    monkeypatch.setattr(photos, "add_photo", add_then_cancel)
    strip.add_files(files)
    _idle(qtbot, panel)
    assert len(photos.photos_of_finding(demo_ws, f.id)) == 1
    assert strip.list.count() == 1
    assert "已添加 1 张照片" in strip.message.text() and "其余 2 张未添加" in strip.message.text()


def test_altered_original_is_marked_and_not_opened(qtbot: Any, demo_ws: Workspace, tmp_path: Path) -> None:
    panel, f = _panel(qtbot, demo_ws)
    strip = panel.photos
    ph = photos.add_photo(demo_ws, camera_jpeg(tmp_path / "现场.jpg", (1600, 1200)), finding_id=f.id)
    camera_jpeg(photos.photo_path(demo_ws, ph), (1600, 1200))  # another picture over it
    strip.reload()
    _idle(qtbot, panel)
    entry = strip.list.item(0)
    assert entry.text() == "无法使用" and "已被改动" in entry.toolTip()
    strip._open(entry)
    assert (
        strip.message.is_error and "已被改动" in strip.message.text() and "现场.jpg" in strip.message.text()
    )
    strip.grab().save(str(tmp_path / "altered.png"))


def test_thumbnail_copy_made_in_the_worker_when_missing(
    qtbot: Any, demo_ws: Workspace, tmp_path: Path
) -> None:
    """A photo from a package has no derived copy yet: the strip asks the worker for it."""
    panel, f = _panel(qtbot, demo_ws)
    strip = panel.photos
    ph = photos.add_photo(demo_ws, camera_jpeg(tmp_path / "包.jpg", (4000, 3000)), finding_id=f.id)
    assert photos.derived_copy(demo_ws, ph, make=False) is None
    strip.reload()
    assert ph.file_name in strip._making  # the placeholder shows meanwhile
    _idle(qtbot, panel)
    qtbot.waitUntil(lambda: photos.derived_copy(demo_ws, ph, make=False) is not None, timeout=20000)
    qtbot.waitUntil(lambda: not strip._making, timeout=20000)
    assert strip.list.count() == 1 and "拍摄于" in strip.list.item(0).toolTip()
