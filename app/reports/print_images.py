"""Photos at print resolution: about 300 dpi at the size they are printed, not the stored copy.

A 40 mm thumbnail needs about 470 pixels; embedding the stored 2560-pixel photo made a record
with 40 photos 50 MB. JPEG files are decoded with DCT scaling (Pillow's draft mode: 1/2, 1/4 or
1/8 of the size straight from the file), turned upright by their EXIF orientation and saved
again as a small JPEG, which the PDF carries as is (DCTDecode, no re-encoding).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

PRINT_DPI = 300
QUALITY = 85


@dataclass(frozen=True)
class PrintImage:
    data: io.BytesIO | str  # a JPEG, or the path of one already print-sized (ReportLab embeds a
    # named JPEG file as is; for bytes it decodes them once more to name the image)
    width: int  # pixels, upright
    height: int


def pixels_for(points: float, dpi: int = PRINT_DPI) -> int:
    """Pixels needed to print `points` (1/72 inch) at `dpi`."""
    return max(1, round(points / 72 * dpi))


def print_copy(path: Path, box_points: float, dpi: int = PRINT_DPI) -> PrintImage:
    """The photo at `path` fitted in a square of `box_points`, at `dpi`, upright."""
    from PIL import Image, ImageOps

    side = pixels_for(box_points, dpi)
    with Image.open(path) as im:
        upright = im.getexif().get(0x0112, 1) in (0, 1)
        if im.format == "JPEG" and upright and max(im.size) <= side * 1.05:  # already print-sized
            return PrintImage(str(path), im.width, im.height)
        im.draft("RGB", _fit(im.size, side))  # JPEG: decode at the smallest scale still >= the fit
        pic = ImageOps.exif_transpose(im) or im
        if pic.mode != "RGB":
            pic = pic.convert("RGB")
        if max(pic.size) > side:
            pic = pic.resize(_fit(pic.size, side), Image.Resampling.BICUBIC, reducing_gap=2.0)
        out = io.BytesIO()
        pic.save(out, "JPEG", quality=QUALITY)
        out.seek(0)
        return PrintImage(out, pic.width, pic.height)


def _fit(size: tuple[int, int], side: int) -> tuple[int, int]:
    w, h = size
    scale = side / max(w, h)
    return max(1, round(w * scale)), max(1, round(h * scale))
