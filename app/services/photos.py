"""Photos: copied into the program's own storage, named by content, huge images downscaled."""

from __future__ import annotations

import hashlib
import io
import os
import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app.core.errors import AnchaError, NotFoundError, ValidationError
from app.core.validation import PHOTO_NAME
from app.paths import private_dir, private_file
from app.services.workspace import Workspace
from app.storage import audit
from app.storage.models import Finding, InspectionItem, Photo

MAX_SIDE = 2560  # longest side kept; larger photos are downscaled on import
MAX_FILE_BYTES = 200 * 1024 * 1024  # a file this large is not a phone photo
MAX_PIXELS = 120_000_000  # refuse decompression bombs before decoding them
FIELD = "照片"


def photos_dir(ws: Workspace) -> Path:
    return ws.files_dir / "photos"


def photo_path(ws: Workspace, photo: Photo) -> Path:
    """Where the photo's file is; a name not made by this program points nowhere usable."""
    folder = photos_dir(ws)
    return stored_file(folder, photo.file_name) or folder / ".invalid-name"


@dataclass(frozen=True)
class _Prepared:
    data: bytes
    ext: str
    width: int
    height: int


def _prepare(src: Path) -> _Prepared:
    """The bytes to store: the original when small enough, else a downscaled copy."""
    name = src.name
    try:
        size = src.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ValidationError(FIELD, f"“{name}”文件过大（{size // (1024 * 1024)} MB），不像是照片")
        raw = src.read_bytes()
    except FileNotFoundError as exc:
        raise ValidationError(FIELD, f"找不到文件“{src}”") from exc
    except OSError as exc:
        raise ValidationError(FIELD, f"无法读取“{name}”：{exc.strerror}") from exc
    img, fmt = _open_image(raw, name)
    from PIL import Image, ImageOps

    width, height = img.size
    ext = EXTENSIONS.get(fmt)
    needs_scale = max(width, height) > MAX_SIDE
    if ext is not None and not needs_scale:
        return _Prepared(raw, ext, width, height)
    # downscale (or convert an unusual format such as TIFF) into a JPEG or PNG
    pic: Image.Image = ImageOps.exif_transpose(img) or img
    pic.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if pic.mode in ("RGBA", "LA", "P") and fmt == "PNG":
        pic.save(out, "PNG", optimize=True)
        ext = ".png"
    else:
        pic.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
        ext = ".jpg"
    return _Prepared(out.getvalue(), ext, pic.width, pic.height)


EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "BMP": ".bmp", "WEBP": ".webp"}


def _open_image(raw: bytes, name: str) -> tuple[Any, str]:
    """The decoded image and its format; ValidationError when `raw` is not a sound image."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(raw))  # reads the header only
            width, height = img.size
            if width * height > MAX_PIXELS:
                raise ValidationError(FIELD, f"“{name}”像素过多（{width}×{height}），无法导入")
            fmt = (img.format or "").upper()
            img.load()
    except Image.DecompressionBombError as exc:
        raise ValidationError(FIELD, f"“{name}”像素过多，无法导入") from exc
    except UnidentifiedImageError as exc:
        raise ValidationError(FIELD, f"“{name}”不是可识别的图片文件（支持JPG、PNG等格式）") from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ValidationError(FIELD, f"“{name}”图片文件已损坏，无法读取") from exc
    return img, fmt


def check_image(raw: bytes, name: str) -> None:
    """A stored photo (from a package): a decodable image of the kind its extension names."""
    if len(raw) > MAX_FILE_BYTES:
        raise ValidationError(FIELD, f"“{name[:16]}…”文件过大")
    _img, fmt = _open_image(raw, name[:16] + "…")
    if EXTENSIONS.get(fmt) != "." + name.rsplit(".", 1)[-1]:
        raise ValidationError(FIELD, f"“{name[:16]}…”的内容（{fmt or '未知格式'}）与扩展名不符")


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
    stored, _digest = _store(folder, raw, "." + name.rsplit(".", 1)[1])
    if stored != name:  # cannot happen for checked input; never write under a foreign name
        raise AnchaError(f"照片“{name[:16]}…”内容与文件名不符")


def _store(folder: Path, data: bytes, ext: str) -> tuple[str, str]:
    """Write `data` as <sha256><ext> (atomically, once); returns (file name, sha256)."""
    digest = hashlib.sha256(data).hexdigest()
    name = f"{digest}{ext}"
    target = folder / name
    try:
        private_dir(folder.parent)
        private_dir(folder)
        if not target.exists():
            tmp = folder / f".{name}.{uuid.uuid4().hex}.part"
            with private_file(tmp) as fh:
                fh.write(data)
            os.replace(tmp, target)
    except OSError as exc:
        raise AnchaError(f"无法保存照片到 {folder}：{exc.strerror}") from exc
    return name, digest


def add_photo(
    ws: Workspace,
    src: Path,
    inspection_item_id: uuid.UUID | None = None,
    finding_id: uuid.UUID | None = None,
) -> Photo:
    """Copy an image file into the photo folder and attach it to an item or a finding."""
    if inspection_item_id is None and finding_id is None:
        raise ValidationError(FIELD, "照片应属于一个检查项目或一条隐患")
    with ws.db.session() as s:  # check the owner first: no orphan files for a bad id
        if inspection_item_id is not None and s.get(InspectionItem, inspection_item_id) is None:
            raise NotFoundError("检查项目不存在")
        if finding_id is not None and s.get(Finding, finding_id) is None:
            raise NotFoundError("隐患记录不存在或已被删除")
    prepared = _prepare(Path(src))
    file_name, digest = _store(photos_dir(ws), prepared.data, prepared.ext)
    with ws.db.session() as s:
        photo = Photo(
            inspection_item_id=inspection_item_id,
            finding_id=finding_id,
            file_name=file_name,
            original_name=Path(src).name[:300],
            sha256=digest,
            width=prepared.width,
            height=prepared.height,
        )
        s.add(photo)
        s.flush()
        owner = inspection_item_id or finding_id
        assert owner is not None
        entity = "inspection_item" if inspection_item_id else "finding"
        audit.record(
            s, entity, owner, "photo", ws.user, "photo", None, f"{photo.original_name}（{digest[:12]}）"
        )
    return photo


def photos_of_item(ws: Workspace, inspection_item_id: uuid.UUID) -> list[Photo]:
    with ws.db.session() as s:
        q = select(Photo).where(Photo.inspection_item_id == inspection_item_id)
        return list(s.execute(q.order_by(Photo.created_at)).scalars())


def photos_of_finding(ws: Workspace, finding_id: uuid.UUID) -> list[Photo]:
    """Photos attached to the finding itself or to the inspection item it came from."""
    with ws.db.session() as s:
        f = s.get(Finding, finding_id)
        if f is None:
            raise NotFoundError("隐患记录不存在或已被删除")
        cond = Photo.finding_id == finding_id
        if f.inspection_item_id is not None:
            cond = cond | (Photo.inspection_item_id == f.inspection_item_id)
        return list(s.execute(select(Photo).where(cond).order_by(Photo.created_at)).scalars())


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
