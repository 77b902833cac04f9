"""Photos: attaching one (beside a copy + fsync) and printing a record with 40 (beside a bare
ReportLab document placing the same photos already sized for print)."""

from __future__ import annotations

import io
import os
import shutil
import time
from pathlib import Path
from typing import Any

N_PHOTOS = 40
SIZE = (4000, 3000)  # a 12-megapixel phone photo


def make_photos(folder: Path, n: int = N_PHOTOS) -> list[Path]:
    """`n` camera-like JPEGs (noise over gradients, about 3 MB each) with EXIF time and place."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        path = folder / f"IMG_{i:04d}.jpg"
        out.append(path)
        if path.exists():
            continue
        small = Image.linear_gradient("L").resize((400, 300))
        bands = (small, small.rotate(90).resize(small.size), Image.effect_noise((400, 300), 60))
        base = Image.merge("RGB", bands)
        noise = Image.effect_noise(SIZE, 24).convert("RGB")
        pic = Image.blend(base.resize(SIZE, Image.Resampling.BILINEAR), noise, 0.35)
        exif = Image.Exif()
        exif[0x0112] = 1 if i % 4 else 6  # every fourth taken with the phone turned
        ifd = exif.get_ifd(0x8769)
        ifd[0x9003] = f"2026:06:{1 + i % 28:02d} 09:{i % 60:02d}:00"  # DateTimeOriginal
        exif[0x8825] = {1: "N", 2: (36.0, 30.0, 0.0), 3: "E", 4: (112.0, 20.0, 0.0)}  # GPS
        pic.save(path, "JPEG", quality=90, exif=exif)
    return out


def _ms(fn: Any) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def attach(urls: dict[str, str], tmp: Path, runs: int, add: Any) -> None:
    from app.services import demo, photos
    from app.services.workspace import Workspace
    from app.storage.models import InspectionItem, Photo

    srcs = make_photos(tmp / "camera")
    db = tmp / "photos-bench.db"
    for p in tmp.glob("photos-bench*"):
        if p.is_dir():
            shutil.rmtree(p)
        else:
            p.unlink()
    ws = Workspace(f"sqlite:///{db.as_posix()}")
    demo.fill(ws)
    with ws.db.session() as s:
        item_id = s.query(InspectionItem.id).first()[0]  # type: ignore[index]
    copies = tmp / "copies"
    copies.mkdir(exist_ok=True)

    def copy(src: Path) -> None:
        dst = copies / src.name
        with src.open("rb") as fin, dst.open("wb") as fout:
            shutil.copyfileobj(fin, fout)
            fout.flush()
            os.fsync(fout.fileno())

    k = min(len(srcs), max(5, runs * 2))
    base = sorted(_ms(lambda s=s: copy(s)) for s in srcs[:k])[k // 2]
    ours = sorted(_ms(lambda s=s: photos.add_photo(ws, s, inspection_item_id=item_id)) for s in srcs[:k])[
        k // 2
    ]
    add("照片添加 4000×3000 JPEG / attach one photo", ours, base, "≤ 6x")
    added = [photos.add_photo(ws, s, inspection_item_id=item_id) for s in srcs[k:]]
    # the derived copy (print resolution, upright), made by the worker after attaching, beside
    # Pillow alone making the same copy (draft decode, resize, save) of the same files
    from PIL import Image, ImageOps

    from app.reports.inspection_pdf import THUMB
    from app.reports.print_images import pixels_for

    side = pixels_for(THUMB)

    def bare_copy(src: Path) -> None:
        with Image.open(src) as im:
            im.draft("RGB", (side, side * 3 // 4))
            up = ImageOps.exif_transpose(im) or im
            up.thumbnail((side, side), Image.Resampling.BICUBIC)
            up.save(tmp / "bare-copy.jpg", "JPEG", quality=85)

    base = sorted(_ms(lambda s=s: bare_copy(s)) for s in srcs[k : 2 * k])[k // 2]
    ours = sorted(_ms(lambda p=p: photos.derived_copy(ws, p)) for p in added[:k])[k // 2]
    add("  其后的打印/缩略图副本（后台）/ derived copy (worker)", ours, base, "")
    with ws.db.session() as s:  # the rest get theirs too, as the worker does after attaching
        rest = list(s.query(Photo).filter(Photo.inspection_item_id == item_id))
    for p in rest:
        photos.derived_copy(ws, p)
    ws.close()


def print_record(urls: dict[str, str], tmp: Path, runs: int, add: Any) -> None:
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, Paragraph

    from app.reports.inspection_pdf import THUMB, inspection_story
    from app.reports.pdf_base import Styles, esc, grid_table
    from app.reports.print_images import pixels_for
    from app.services import documents
    from app.services.workspace import Workspace
    from app.storage.models import InspectionItem, Photo
    from bench.reports_bench import bare_doc, bare_flowables, plain_story

    db = tmp / "photos-bench.db"
    ws = Workspace(f"sqlite:///{db.as_posix()}")
    with ws.db.session() as s:  # the inspection the photos were attached to
        inspection_id = (
            s.query(InspectionItem.inspection_id)
            .join(Photo, Photo.inspection_item_id == InspectionItem.id)
            .first()[0]  # type: ignore[index]
        )
    view = documents.inspection_view(ws, inspection_id)
    pics = [p for p in view.photos if p.path is not None]
    # the baseline: the same photos already sized for print, placed four to a row
    from PIL import Image as PImage
    from PIL import ImageOps

    side = pixels_for(THUMB)
    sized = []
    for i, p in enumerate(pics):
        assert p.path is not None
        with PImage.open(p.path) as im:
            up = ImageOps.exif_transpose(im) or im
            up.thumbnail((side, side))
            buf = io.BytesIO()
            up.convert("RGB").save(buf, "JPEG", quality=85)
            target = tmp / f"sized-{i}.jpg"
            target.write_bytes(buf.getvalue())
            sized.append((target, up.width, up.height))
    # the record's texts set plainly (see reports_bench.plain_story), then the same photos
    st = Styles()
    plain = plain_story(
        inspection_story(view, Styles()), [st.head, st.cell, st.small, st.small, st.small, st.small]
    )
    # a caption's lines one plain paragraph each (a paragraph with a line break in it wraps
    # several times slower, and a table wraps its cells again on every page it tries)
    captions = [[p.caption, p.taken] if p.taken else [p.caption] for p in pics]

    def bare() -> None:
        cells = []
        for (path, w, h), lines in zip(sized, captions, strict=True):
            scale = min(THUMB / w, THUMB / h)
            pic = Image(str(path), width=w * scale, height=h * scale)
            cells.append([pic, *(Paragraph(esc(x), st.small) for x in lines)])
        grid = [cells[i : i + 4] for i in range(0, len(cells), 4)]
        grid[-1] += [""] * (4 - len(grid[-1]))
        bare_doc(tmp / "bare-photos.pdf").build(
            [*bare_flowables(plain, st), grid_table(grid, [45 * mm] * 4, header_rows=0)]
        )

    out = tmp / "record-photos.pdf"

    def ours() -> None:
        documents.write_inspection(ws, inspection_id, out, overwrite=True)

    from app.services import photos

    photos._VERIFIED.clear()  # as in a new session: every original hashed again
    first = _ms(ours)
    b = min(_ms(bare) for _ in range(runs))
    o = min(_ms(ours) for _ in range(runs))
    add(f"PDF 现场检查记录 {len(pics)} 张照片 / record with photos", o, b, "≤ 1.3x")
    add("  本次运行首次打印（逐张核对原片哈希）/ first print, originals hashed", first, b, "")
    size = out.stat().st_size / 2**20
    bare_size = (tmp / "bare-photos.pdf").stat().st_size / 2**20
    add("  该 PDF 大小 / its size", size, bare_size, "< 10 MB", unit="MB")
    ws.close()


def backup(urls: dict[str, str], tmp: Path, runs: int, add: Any) -> None:
    """A backup of the database with its 40 photo originals: the first (every original copied,
    hashed, read back) beside SQLite's online backup plus a copy + fsync of each original; the
    next (nothing new) beside SQLite's online backup alone. The next one also checks the database
    copy (integrity_check, as before photos) and reads the photo table of each kept backup to
    prune the store, so its target is absolute: a daily backup nobody waits for."""
    import sqlite3

    from app.services import backups
    from app.storage.backup import backup_dir

    db = tmp / "photos-bench.db"
    originals = sorted(backups.photos_folder(db).glob("*.*"))
    bare_dir = tmp / "bare-backup"

    def bare_db() -> None:
        shutil.rmtree(bare_dir, ignore_errors=True)
        bare_dir.mkdir()
        src, dst = sqlite3.connect(db), sqlite3.connect(bare_dir / "b.db")
        src.backup(dst)
        dst.close()
        src.close()
        with (bare_dir / "b.db").open("rb+") as fh:
            os.fsync(fh.fileno())

    def bare_all() -> None:
        bare_db()
        for p in originals:
            with p.open("rb") as fin, (bare_dir / p.name).open("wb") as fout:
                shutil.copyfileobj(fin, fout)
                fout.flush()
                os.fsync(fout.fileno())

    def first() -> None:
        shutil.rmtree(backup_dir(db), ignore_errors=True)
        made = backups.make_backup(db)
        assert made.copied == len(originals) and not made.problems

    def again() -> None:
        made = backups.make_backup(db)
        assert made.copied == 0 and not made.problems

    n = len(originals)
    b, o = min(_ms(bare_all) for _ in range(runs)), min(_ms(first) for _ in range(runs))
    add(f"备份（首次，{n} 张原片）/ first backup with {n} photos", o, b, "≤ 2.5x")
    b, o = min(_ms(bare_db) for _ in range(runs)), min(_ms(again) for _ in range(runs))
    add("  其后的备份（无新照片）/ next backup, nothing new", o, b, "< 100 ms")
    shutil.rmtree(bare_dir, ignore_errors=True)
