"""Writing output files safely: build beside the target, fsync, then move into place.

A half-written PDF or workbook never replaces a good one, and the usual reasons a write fails on
an inspector's laptop get one plain Chinese line: the folder is gone, the file is open in Excel or
WPS (Windows refuses to replace a file another program holds), no permission, a full disk.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.core.errors import AnchaError
from app.paths import fsync_dir


def write_error(path: Path, exc: OSError) -> AnchaError:
    """The one-line message for a failed write of `path`."""
    if isinstance(exc, PermissionError) or getattr(exc, "winerror", None) in (5, 32, 33):
        if path.exists():
            return AnchaError(
                f"无法覆盖“{path.name}”：文件可能正被其他程序（如 Excel、WPS、PDF 阅读器）打开，"
                f"请关闭后重试，或另存为其他文件名（{path.parent}）"
            )
        return AnchaError(f"没有权限写入文件夹：{path.parent}")
    if exc.errno == errno.ENOSPC:
        return AnchaError(f"磁盘空间不足，无法写入 {path}")
    if exc.errno in (errno.ENAMETOOLONG, errno.EINVAL):
        return AnchaError(f"文件名无效或过长：{path.name}")
    return AnchaError(f"无法写入 {path}：{exc.strerror or exc}")


@contextmanager
def atomic_output(path: Path, overwrite: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success it is flushed to disk and renamed to `path`."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise AnchaError(f"文件已存在：{path}（如需覆盖请使用 --force 或另选文件名）")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise AnchaError(f"文件夹不存在：{folder}")
    try:
        fd, name = tempfile.mkstemp(prefix=".ancha-", suffix=path.suffix, dir=folder)
    except OSError as exc:
        raise write_error(path, exc) from exc
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            place_new(tmp, path)
        fsync_dir(folder)
    except FileExistsError as exc:
        raise AnchaError(f"文件已存在：{path}（如需覆盖请使用 --force 或另选文件名）") from exc
    except OSError as exc:
        raise write_error(path, exc) from exc
    finally:
        if tmp.exists():
            tmp.unlink()


def place_new(tmp: Path, path: Path) -> None:
    """Move `tmp` to `path` only if nothing appeared there meanwhile (FileExistsError otherwise)."""
    if os.name == "nt":
        os.rename(tmp, path)  # Windows refuses to rename over an existing file
        return
    try:
        os.link(tmp, path)  # atomic: fails if `path` exists
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links (FAT, some shares)
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(tmp, path)
        return
    tmp.unlink()
