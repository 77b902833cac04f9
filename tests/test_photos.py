"""Photos as evidence: the original kept byte for byte, checked against its sha256 on use,
bad files refused before anything is stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import struct
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader

from app.core.errors import AnchaError, ValidationError
from app.services import checklists, documents, inspections, packages, photo_meta, photos, units
from app.services.workspace import Workspace
from app.storage.models import AuditEntry, Photo
from tests.helpers import sqlite_ws


def _inspection(ws: Workspace) -> Any:
    unit = units.create_unit(ws, units.UnitInput(name="沁水县证据照片测试饭店"))
    items = checklists.build(ws.catalog, "gas", None)[:2]
    return inspections.start_inspection(ws, unit.id, dt.date(2026, 6, 1), "李明、王强", "gas", items)


def camera_jpeg(path: Path, size: tuple[int, int] = (4000, 3000), orientation: int = 1, **kw: Any) -> Path:
    """A phone-like JPEG: noise, time taken and GPS in its EXIF, optionally taken turned."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif.get_ifd(0x8769)[0x9003] = "2026:06:01 09:30:15"  # DateTimeOriginal
    exif[0x8825] = {1: "N", 2: (36.0, 30.0, 0.0), 3: "E", 4: (112.0, 20.0, 0.0)}  # GPS
    Image.effect_noise(size, 30).convert("RGB").save(path, "JPEG", quality=85, exif=exif, **kw)
    return path


def _stored(ws: Workspace) -> list[Path]:
    folder = photos.photos_dir(ws)
    return sorted(folder.iterdir()) if folder.exists() else []


def _rows(ws: Workspace) -> int:
    with ws.db.session() as s:
        return s.query(Photo).count()


def test_original_kept_byte_for_byte_with_its_exif(tmp_path: Path) -> None:
    ws = sqlite_ws(tmp_path)
    insp = _inspection(ws)
    src = camera_jpeg(tmp_path / "IMG_20260601_093015.jpg", orientation=6)
    ph = photos.add_photo(ws, src, inspection_item_id=insp.items[0].id)
    stored = photos.photo_path(ws, ph)
    digest = hashlib.sha256(src.read_bytes()).hexdigest()
    assert ph.file_name == f"{digest}.jpg" and ph.sha256 == digest
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == digest
    assert (ph.width, ph.height) == (3000, 4000)  # upright: the phone was turned
    assert photo_meta.taken(stored).text() == "拍摄于 2026-06-01 09:30，北纬36.5000° 东经112.3333°"
    assert photos.check(ws, ph).ok
    # the audit log names the file and its hash
    with ws.db.session() as s:
        entry = s.query(AuditEntry).filter(AuditEntry.action == "photo").one()
        assert entry.new == f"{src.name}（{digest[:12]}）"
    # the same photo twice: two attachments, one file
    again = photos.add_photo(ws, src, inspection_item_id=insp.items[1].id)
    assert again.file_name == ph.file_name and len(_stored(ws)) == 1
    # the derived copy: print resolution, upright, the original untouched
    copy = photos.derived_copy(ws, ph)
    assert copy is not None and copy != stored
    with Image.open(copy) as im:
        assert max(im.size) <= 480 and im.height > im.width
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == digest
    ws.close()


def test_tampered_original_is_detected_and_not_printed(tmp_path: Path) -> None:
    ws = sqlite_ws(tmp_path)
    insp = _inspection(ws)
    a = photos.add_photo(
        ws, camera_jpeg(tmp_path / "a.jpg", (1600, 1200)), inspection_item_id=insp.items[0].id
    )
    b = photos.add_photo(
        ws, camera_jpeg(tmp_path / "b.jpg", (1200, 900)), inspection_item_id=insp.items[1].id
    )
    assert photos.check(ws, a).ok and photos.check(ws, b).ok
    documents.write_inspection(ws, insp.id, tmp_path / "before.pdf")  # print copies now exist
    # another picture written over the first original (a valid JPEG, same name)
    camera_jpeg(photos.photo_path(ws, a), (1600, 1200))
    assert photos.check(ws, a).problem == photos.TAMPERED
    assert photos.derived_copy(ws, a) is None
    assert photos.check(ws, b).ok
    out = documents.write_inspection(ws, insp.id, tmp_path / "after.pdf")
    text = "".join(p.extract_text() for p in PdfReader(out).pages).replace("\n", "")
    assert "已被改动" in text and "a.jpg" in text
    assert len([img for page in PdfReader(out).pages for img in page.images]) == 1  # only b
    problems = photos.check_all(ws)
    assert len(problems) == 1 and problems[0].startswith("a.jpg") and "已被改动" in problems[0]
    # attaching the true original again repairs the stored file
    photos.add_photo(ws, tmp_path / "a.jpg", finding_id=None, inspection_item_id=insp.items[0].id)
    assert photos.check(ws, a).ok and photos.check_all(ws) == []
    # a missing original is named as missing
    photos.photo_path(ws, b).unlink()
    assert photos.check(ws, b).problem == photos.MISSING
    ws.close()


def _bomb_jpeg() -> bytes:
    """A small JPEG whose header claims 60000×60000 pixels."""
    buf = io.BytesIO()
    Image.new("RGB", (16, 16), "red").save(buf, "JPEG")
    raw = bytearray(buf.getvalue())
    sof = raw.index(b"\xff\xc0")
    raw[sof + 5 : sof + 9] = struct.pack(">HH", 60000, 60000)
    return bytes(raw)


def _progressive(tmp_path: Path) -> bytes:
    return camera_jpeg(tmp_path / "prog.jpg", (1200, 900), progressive=True).read_bytes()


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        ("记录.txt", lambda t: "不是照片，是文字".encode(), "不是可识别的图片文件"),
        (
            "IMG_0001.jpg",
            lambda t: camera_jpeg(t / "x.jpg", (1600, 1200)).read_bytes()[:150_000],
            "已损坏或不完整",
        ),
        ("IMG_0002.jpg", lambda t: _progressive(t)[: len(_progressive(t)) // 2], "已损坏或不完整"),
        ("bomb.jpg", lambda t: _bomb_jpeg(), "像素过多"),
        ("scan.png", lambda t: _png(t)[:-300], "已损坏或不完整"),
        ("图标.ico", lambda t: _ico(), "不是照片"),
        ("空.jpg", lambda t: b"", "不是可识别的图片文件"),
    ],
)
def test_bad_image_refused_with_one_line_and_nothing_written(
    tmp_path: Path, name: str, make: Any, expected: str
) -> None:
    ws = sqlite_ws(tmp_path)
    insp = _inspection(ws)
    ok = photos.add_photo(
        ws, camera_jpeg(tmp_path / "good.jpg", (800, 600)), inspection_item_id=insp.items[0].id
    )
    before = _stored(ws)
    bad = tmp_path / name
    bad.write_bytes(make(tmp_path))
    with pytest.raises(ValidationError) as err:
        photos.add_photo(ws, bad, inspection_item_id=insp.items[0].id)
    message = str(err.value)
    assert expected in message and name in message and "\n" not in message
    assert _stored(ws) == before  # no new file, no temporary file left behind
    assert _rows(ws) == 1 and photos.check(ws, ok).ok
    ws.close()


def _png(tmp_path: Path) -> bytes:
    buf = io.BytesIO()
    Image.effect_noise((600, 400), 50).save(buf, "PNG")
    return buf.getvalue()


def _ico() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (32, 32), "blue").save(buf, "ICO")
    return buf.getvalue()


def test_jpeg_with_data_after_the_image_is_kept(tmp_path: Path) -> None:
    """A phone's motion photo: a JPEG with a video appended; the JPEG itself is complete."""
    ws = sqlite_ws(tmp_path)
    insp = _inspection(ws)
    src = tmp_path / "PXL_20260601_093015.MP.jpg"
    src.write_bytes(
        camera_jpeg(tmp_path / "still.jpg", (1600, 1200)).read_bytes() + b"ftypmp42" + bytes(5000)
    )
    ph = photos.add_photo(ws, src, inspection_item_id=insp.items[0].id)
    assert photos.photo_path(ws, ph).read_bytes() == src.read_bytes()
    # its truncated copy (the video cut off mid-way is fine; the picture cut off is not)
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(src.read_bytes()[:100_000])
    with pytest.raises(ValidationError, match="不完整"):
        photos.add_photo(ws, cut, inspection_item_id=insp.items[0].id)
    ws.close()


def test_owner_checked_before_any_file_is_stored(tmp_path: Path) -> None:
    import uuid

    ws = sqlite_ws(tmp_path)
    with pytest.raises(AnchaError, match="不存在"):
        photos.add_photo(ws, camera_jpeg(tmp_path / "a.jpg", (400, 300)), finding_id=uuid.uuid4())
    assert _stored(ws) == []
    ws.close()


def test_package_photo_checks_match_attach(tmp_path: Path) -> None:
    """A package's photo is checked the same way: complete, of the kind its name says."""
    raw = camera_jpeg(tmp_path / "a.jpg", (1600, 1200)).read_bytes()
    name = hashlib.sha256(raw).hexdigest() + ".jpg"
    photos.check_image(raw, name)
    with pytest.raises(ValidationError, match="不完整"):
        photos.check_image(raw[:50_000], name)
    with pytest.raises(ValidationError, match="与扩展名不符"):
        photos.check_image(raw, name.replace(".jpg", ".png"))


def test_audit_verify_names_an_altered_original(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from tests.helpers import REPO

    url = f"sqlite:///{(tmp_path / 'c.db').as_posix()}"
    ws = Workspace(url)
    insp = _inspection(ws)
    ph = photos.add_photo(
        ws, camera_jpeg(tmp_path / "现场.jpg", (800, 600)), inspection_item_id=insp.items[0].id
    )
    env = {**os.environ, "ANCHA_HOME": str(tmp_path)}

    def verify() -> subprocess.CompletedProcess[str]:
        cmd = [sys.executable, "-m", "app", "--db", url, "audit", "verify"]
        return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=REPO)

    ok = verify()
    assert ok.returncode == 0 and "照片：原始文件与登记的校验值一致" in ok.stdout, ok.stdout + ok.stderr
    stored = photos.photo_path(ws, ph)
    raw = bytearray(stored.read_bytes())
    raw[len(raw) // 2] ^= 0xFF  # one byte of the picture changed
    stored.write_bytes(bytes(raw))
    bad = verify()
    assert bad.returncode == 1 and "照片：现场.jpg" in bad.stdout and "已被改动" in bad.stdout, bad.stdout
    ws.close()


@pytest.mark.parametrize("kind", ["MPO", "TIFF"])
def test_phone_multi_picture_jpeg_and_tiff_kept_as_they_are(tmp_path: Path, kind: str) -> None:
    ws = sqlite_ws(tmp_path)
    insp = _inspection(ws)
    src = tmp_path / ("IMG.jpg" if kind == "MPO" else "scan.tif")
    pic = Image.effect_noise((800, 600), 30).convert("RGB")
    pic.save(src, kind, save_all=True, append_images=[Image.new("RGB", (200, 150), "red")])
    with Image.open(src) as im:
        assert im.format == kind
    ph = photos.add_photo(ws, src, inspection_item_id=insp.items[0].id)
    assert ph.file_name.endswith(".jpg" if kind == "MPO" else ".tif") and (ph.width, ph.height) == (800, 600)
    assert photos.photo_path(ws, ph).read_bytes() == src.read_bytes()
    copy = photos.derived_copy(ws, ph)
    assert copy is not None and copy.suffix == ".jpg"
    ws.close()


def test_no_file_left_when_the_row_cannot_be_saved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.storage import audit

    ws = sqlite_ws(tmp_path)
    insp = _inspection(ws)
    kept = photos.add_photo(
        ws, camera_jpeg(tmp_path / "a.jpg", (800, 600)), inspection_item_id=insp.items[0].id
    )

    def refuse(*a: Any, **k: Any) -> None:
        raise AnchaError("数据库暂时无法写入")

    monkeypatch.setattr(audit, "record", refuse)
    with pytest.raises(AnchaError, match="无法写入"):
        photos.add_photo(ws, camera_jpeg(tmp_path / "b.jpg", (800, 600)), inspection_item_id=insp.items[0].id)
    with pytest.raises(AnchaError, match="无法写入"):  # the same file again: the stored one stays
        photos.add_photo(ws, tmp_path / "a.jpg", inspection_item_id=insp.items[1].id)
    assert _stored(ws) == [photos.photo_path(ws, kept)] and _rows(ws) == 1
    assert photos.check(ws, kept).ok
    ws.close()


def test_export_stops_at_an_altered_original_and_writes_nothing(tmp_path: Path) -> None:
    ws = sqlite_ws(tmp_path)
    insp = _inspection(ws)
    a = photos.add_photo(
        ws, camera_jpeg(tmp_path / "a.jpg", (1600, 1200)), inspection_item_id=insp.items[0].id
    )
    out = tmp_path / "年度数据包.zip"
    packages.export_package(ws, out)  # a sound store exports
    sound = out.read_bytes()
    camera_jpeg(photos.photo_path(ws, a), (1600, 1200))  # another picture over the original
    with pytest.raises(AnchaError, match="已被改动") as err:
        packages.export_package(ws, out, overwrite=True)
    assert "\n" not in str(err.value) and "audit verify" in str(err.value)
    assert out.read_bytes() == sound  # the earlier package is left as it was
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".ancha-")) == []
