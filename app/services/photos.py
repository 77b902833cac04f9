"""Photos as evidence: the camera's file kept byte for byte, named by its sha256, checked on use.

The original is the evidence: its EXIF (time taken, place) stays with it, and its sha256 is
recorded in the photo row and the audit log. Every view of a photo is smaller than the
original, so the program makes one small derived copy per photo (print resolution, upright):
the print and the thumbnails use it, the system viewer and packages get the original.
"""

from __future__ import annotations

import hashlib
import os
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import func, select

from app.core.errors import AnchaError, NotFoundError, ValidationError
from app.core.photos import PhotoRecord
from app.core.validation import PHOTO_NAME
from app.paths import fsync_dir, private_dir, private_file
from app.services.workspace import Workspace
from app.storage import audit
from app.storage.models import Finding, InspectionItem, Photo

MAX_FILE_BYTES = 200 * 1024 * 1024  # a file this large is not a phone photo
MAX_PIXELS = 120_000_000  # refuse decompression bombs before decoding them
FIELD = "照片"
CHUNK = 1 << 20

# formats kept as they are, by Pillow's name; a phone's JPEG with extra pictures is "MPO"
EXTENSIONS = {
    "JPEG": ".jpg",
    "MPO": ".jpg",
    "PNG": ".png",
    "GIF": ".gif",
    "BMP": ".bmp",
    "WEBP": ".webp",
    "TIFF": ".tif",
}
ORIENTATION = 0x0112
TURNED = (5, 6, 7, 8)  # EXIF orientations that swap width and height

MISSING = "照片文件缺失"
TAMPERED = "照片文件与登记的校验值不符（已被改动或损坏）"


def photos_dir(ws: Workspace) -> Path:
    return photos_dir_in(ws.files_dir)


def photos_dir_in(files_dir: Path) -> Path:
    """The originals' folder in a files folder (the `print/` copies beside it can be remade)."""
    return files_dir / "photos"


def record(p: Photo) -> PhotoRecord:
    """The row as plain data; called inside the session that loaded it."""
    return PhotoRecord(
        id=p.id,
        inspection_item_id=p.inspection_item_id,
        finding_id=p.finding_id,
        file_name=p.file_name,
        original_name=p.original_name,
        sha256=p.sha256,
        width=p.width,
        height=p.height,
        created_at=p.created_at,
    )


def photo_path(ws: Workspace, photo: PhotoRecord) -> Path:
    """Where the photo's file is; a name not made by this program points nowhere usable."""
    folder = photos_dir(ws)
    return stored_file(folder, photo.file_name) or folder / ".invalid-name"


@dataclass(frozen=True)
class ImageInfo:
    fmt: str  # Pillow's format name
    ext: str  # the extension the file is stored under
    width: int  # pixels, upright (EXIF orientation applied)
    height: int


def inspect_image(fp: BinaryIO, name: str) -> ImageInfo:
    """What the image in `fp` is; ValidationError naming `name` when it is not a sound photo.

    A JPEG is checked without decoding it: Pillow reads its markers up to the first scan, and
    its data must end with the end-of-image marker, so a truncated file is refused (decoding
    would find nothing more: damaged scan data decodes to noise without an error). A JPEG with
    data after its image (a phone's motion photo) is decoded at 1/8 scale to find its end.
    Other formats are decoded fully.
    """
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(fp)  # reads the header only
            width, height = img.size
            if width * height > MAX_PIXELS:
                raise ValidationError(FIELD, f"“{name}”像素过多（{width}×{height}），无法导入")
            fmt = (img.format or "").upper()
            ext = EXTENSIONS.get(fmt)
            if ext is None:
                raise ValidationError(
                    FIELD, f"“{name}”是{fmt or '未知'}格式，不是照片（支持JPG、PNG、TIFF等格式）"
                )
            turned = img.getexif().get(ORIENTATION) in TURNED
            if ext != ".jpg" or not _ends_with_eoi(fp, img.tile[0][2] if img.tile else 0):
                if ext == ".jpg":
                    img.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                img.load()
    except Image.DecompressionBombError as exc:
        raise ValidationError(FIELD, f"“{name}”像素过多，无法导入") from exc
    except UnidentifiedImageError as exc:
        raise ValidationError(FIELD, f"“{name}”不是可识别的图片文件（支持JPG、PNG等格式）") from exc
    except (OSError, SyntaxError, ValueError, EOFError, IndexError) as exc:
        raise ValidationError(FIELD, f"“{name}”图片文件已损坏或不完整，无法读取") from exc
    return ImageInfo(fmt, ext, height if turned else width, width if turned else height)


def _ends_with_eoi(fp: BinaryIO, scan_start: int) -> bool:
    """Whether the data after the first scan ends (zero padding aside) with FF D9, end of image.
    FF D9 cannot occur inside scan data: an FF there is followed by 00 or a restart marker."""
    end = fp.seek(0, os.SEEK_END)
    fp.seek(max(scan_start, end - 4096))
    return fp.read().rstrip(b"\x00").endswith(b"\xff\xd9")


def check_image(raw: bytes, name: str) -> None:
    """A stored photo (from a package): a sound image of the kind its extension names."""
    import io

    if len(raw) > MAX_FILE_BYTES:
        raise ValidationError(FIELD, f"“{name[:16]}…”文件过大")
    info = inspect_image(io.BytesIO(raw), name[:16] + "…")
    if info.ext != "." + name.rsplit(".", 1)[-1]:
        raise ValidationError(FIELD, f"“{name[:16]}…”的内容（{info.fmt}）与扩展名不符")


def stored_file(folder: Path, file_name: str) -> Path | None:
    """The photo file for a stored name; None for a name this program would never make
    (an absolute path, "../", anything but <sha256>.<ext>), so no other file can be read."""
    if not PHOTO_NAME.fullmatch(file_name or ""):
        return None
    path = folder / file_name
    try:
        if not path.resolve().is_relative_to(folder.resolve()):
            return None
    except OSError:
        return None
    return path


def store_photo_bytes(folder: Path, name: str, raw: bytes) -> None:
    """Store a checked photo from a package under its own (content) name."""
    digest = hashlib.sha256(raw).hexdigest()
    if f"{digest}.{name.rsplit('.', 1)[-1]}" != name:  # never write under a foreign name
        raise AnchaError(f"照片“{name[:16]}…”内容与文件名不符")
    target = folder / name
    try:
        private_dir(folder)
        if sha256_of(target) == digest:
            return
        tmp = folder / f".{name}.{uuid.uuid4().hex}.part"
        with private_file(tmp) as fh:
            fh.write(raw)
        os.replace(tmp, target)
        fsync_dir(folder)
    except OSError as exc:
        raise AnchaError(f"无法保存照片到 {folder}：{exc.strerror}") from exc
    _VERIFIED.pop(target, None)


# --- checking a stored original against its recorded sha256 ---------------------------------

# path -> (device, inode, size, mtime, ctime) of the file when its sha256 last matched. Any write
# changes mtime and ctime (setting mtime back changes ctime), so a file is hashed once per process
# while it stays the same.
_VERIFIED: dict[Path, tuple[int, int, int, int, int]] = {}


def _stat_key(st: os.stat_result) -> tuple[int, int, int, int, int]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def sha256_of(path: Path) -> str | None:
    """The file's sha256, None when there is no readable file."""
    h = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(CHUNK):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


@dataclass(frozen=True)
class Checked:
    path: Path  # the original
    problem: str  # "" when the file is there and its content is what was recorded

    @property
    def ok(self) -> bool:
        return not self.problem


def check(ws: Workspace, photo: PhotoRecord) -> Checked:
    """The photo's original, checked against the sha256 recorded when it was attached."""
    path = photo_path(ws, photo)
    try:
        st = path.stat()
    except OSError:
        return Checked(path, MISSING)
    if _VERIFIED.get(path) == _stat_key(st):
        return Checked(path, "")
    expected = photo.file_name.split(".")[0]  # photo_path() made sure it is <sha256>.<ext>
    if photo.sha256 != expected or sha256_of(path) != expected:
        _VERIFIED.pop(path, None)
        return Checked(path, TAMPERED)
    try:
        _VERIFIED[path] = _stat_key(path.stat())
    except OSError:
        return Checked(path, MISSING)
    return Checked(path, "")


def check_all(ws: Workspace) -> list[str]:
    """Every stored photo checked: one line per missing or altered original."""
    with ws.db.session() as s:
        rows = [record(p) for p in s.execute(select(Photo).order_by(Photo.created_at)).scalars()]
    out = []
    for p in rows:
        c = check(ws, p)
        if not c.ok:
            out.append(f"{p.name}（{p.file_name[:12]}…）：{c.problem}")
    return out


# --- attaching ------------------------------------------------------------------------------


def _copy_in(src: Path, folder: Path) -> tuple[Path, str]:
    """The file copied into `folder` under a temporary name, synced; returns (that file, sha256)."""
    name = src.name
    try:
        size = src.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ValidationError(FIELD, f"“{name}”文件过大（{size // (1024 * 1024)} MB），不像是照片")
        fin = src.open("rb")
    except FileNotFoundError as exc:
        raise ValidationError(FIELD, f"找不到文件“{src}”") from exc
    except OSError as exc:
        raise ValidationError(FIELD, f"无法读取“{name}”：{exc.strerror}") from exc
    try:
        private_dir(folder.parent)
        private_dir(folder)
    except OSError as exc:
        fin.close()
        raise AnchaError(f"无法保存照片到 {folder}：{exc.strerror}") from exc
    tmp = folder / f".attach-{uuid.uuid4().hex}.part"
    h = hashlib.sha256()
    copied = 0
    buf = bytearray(CHUNK)
    view = memoryview(buf)
    with _removed_on_failure(tmp, folder), fin, private_file(tmp) as fout:
        while True:
            try:
                n = fin.readinto(buf)
            except OSError as exc:
                raise ValidationError(FIELD, f"无法读取“{name}”：{exc.strerror}") from exc
            if not n:
                break
            copied += n
            if copied > MAX_FILE_BYTES:
                raise ValidationError(FIELD, f"“{name}”文件过大，不像是照片")
            h.update(view[:n])
            fout.write(view[:n])
    return tmp, h.hexdigest()


@contextmanager
def _removed_on_failure(tmp: Path, folder: Path) -> Iterator[None]:
    """Remove the temporary file `tmp` if the block fails; an OS error becomes one Chinese line."""
    try:
        yield
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise AnchaError(f"无法保存照片到 {folder}：{exc.strerror}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def add_photo(
    ws: Workspace,
    src: Path,
    inspection_item_id: uuid.UUID | None = None,
    finding_id: uuid.UUID | None = None,
) -> PhotoRecord:
    """Keep the image file as it is (named <sha256>.<ext>) and attach it to an item or a finding.
    A file that is not a sound image is refused before anything is stored."""
    if inspection_item_id is None and finding_id is None:
        raise ValidationError(FIELD, "照片应属于一个检查项目或一条隐患")
    src = Path(src)
    folder = photos_dir(ws)
    tmp, digest = _copy_in(src, folder)
    created = False
    with _removed_on_failure(tmp, folder):
        with tmp.open("rb") as fh:
            info = inspect_image(fh, src.name)  # the bytes that are kept are the ones checked
        file_name = f"{digest}{info.ext}"
        target = folder / file_name
        if sha256_of(target) == digest:  # attached before: the same evidence, stored once
            tmp.unlink()
        else:  # new, or a damaged copy that this one repairs
            os.replace(tmp, target)
            fsync_dir(folder)
            created = True
            _VERIFIED.pop(target, None)
    try:
        with ws.db.session() as s:  # one session: owner checked and row added together
            if inspection_item_id is not None and s.get(InspectionItem, inspection_item_id) is None:
                raise NotFoundError("检查项目不存在")
            if finding_id is not None and s.get(Finding, finding_id) is None:
                raise NotFoundError("隐患记录不存在或已被删除")
            photo = Photo(
                inspection_item_id=inspection_item_id,
                finding_id=finding_id,
                file_name=file_name,
                original_name=src.name[:300],
                sha256=digest,
                width=info.width,
                height=info.height,
            )
            s.add(photo)
            s.flush()
            owner = inspection_item_id or finding_id
            assert owner is not None
            entity = "inspection_item" if inspection_item_id else "finding"
            audit.record(
                s, entity, owner, "photo", ws.user, "photo", None, f"{photo.original_name}（{digest[:12]}）"
            )
            added = record(photo)
    except BaseException:
        if created:  # nothing half-written: no file without its row (nor for a bad owner)
            target.unlink(missing_ok=True)
        raise
    return added


# --- the derived copy: print resolution, upright --------------------------------------------


def print_file(ws: Workspace, path: Path, key: str) -> Path:
    """A print-resolution copy of the photo at `path` (made once, kept in the files folder beside
    the photos); the photo itself when no copy can be written (it prints the same, only slower).
    The strip's thumbnails are read from the same copy."""
    from app.reports.inspection_pdf import THUMB
    from app.reports.print_images import PRINT_DPI, pixels_for, print_copy

    folder = ws.files_dir / "print"
    target = folder / f"{key}-{pixels_for(THUMB)}px{PRINT_DPI}.jpg"
    if target.is_file():
        return target
    try:
        pic = print_copy(path, THUMB)
        if isinstance(pic.data, str):  # the photo is print-sized already
            return path
        private_dir(folder)
        tmp = folder / f".{target.name}.{uuid.uuid4().hex}.part"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as fh:  # a copy made again when lost: not synced
            fh.write(pic.data.getvalue())
        tmp.replace(target)
    except (OSError, ValueError, SyntaxError):
        return path
    return target


def derived_copy(ws: Workspace, photo: PhotoRecord, make: bool = True) -> Path | None:
    """The print-resolution copy of a photo whose original checks out; made when missing and
    `make`; None when the original is missing or altered (or no copy exists and not `make`)."""
    c = check(ws, photo)
    if not c.ok:
        return None
    if not make:
        from app.reports.inspection_pdf import THUMB
        from app.reports.print_images import PRINT_DPI, pixels_for

        target = ws.files_dir / "print" / f"{photo.sha256}-{pixels_for(THUMB)}px{PRINT_DPI}.jpg"
        return target if target.is_file() else None
    return print_file(ws, c.path, photo.sha256)


def for_print(ws: Workspace, rows: list[PhotoRecord]) -> list[tuple[Checked, Path | None]]:
    """Each photo's original checked and its print copy (None when the original is missing or
    altered), several at once: hashing and JPEG decoding run outside Python's lock."""
    from concurrent.futures import ThreadPoolExecutor

    def one(p: PhotoRecord) -> tuple[Checked, Path | None]:
        c = check(ws, p)
        return c, (print_file(ws, c.path, p.sha256) if c.ok else None)

    workers = min(4, os.cpu_count() or 1, len(rows))
    if workers < 2:
        return [one(p) for p in rows]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, rows))


def photos_of_item(ws: Workspace, inspection_item_id: uuid.UUID) -> list[PhotoRecord]:
    with ws.db.session() as s:
        q = select(Photo).where(Photo.inspection_item_id == inspection_item_id)
        return [record(p) for p in s.execute(q.order_by(Photo.created_at)).scalars()]


def photos_of_finding(ws: Workspace, finding_id: uuid.UUID) -> list[PhotoRecord]:
    """Photos attached to the finding itself or to the inspection item it came from."""
    with ws.db.session() as s:
        f = s.get(Finding, finding_id)
        if f is None:
            raise NotFoundError("隐患记录不存在或已被删除")
        cond = Photo.finding_id == finding_id
        if f.inspection_item_id is not None:
            cond = cond | (Photo.inspection_item_id == f.inspection_item_id)
        return [record(p) for p in s.execute(select(Photo).where(cond).order_by(Photo.created_at)).scalars()]


def photo_counts(ws: Workspace, inspection_id: uuid.UUID) -> dict[uuid.UUID, int]:
    """Number of photos per item of one inspection."""
    with ws.db.session() as s:
        rows = s.execute(
            select(Photo.inspection_item_id, func.count())
            .join(InspectionItem, InspectionItem.id == Photo.inspection_item_id)
            .where(InspectionItem.inspection_id == inspection_id)
            .group_by(Photo.inspection_item_id)
        ).all()
    return {item_id: n for item_id, n in rows if item_id is not None}
