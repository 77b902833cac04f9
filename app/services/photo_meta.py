"""When and where a photo was taken, read from its EXIF (time taken, GPS), for captions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

EXIF_IFD = 0x8769
GPS_IFD = 0x8825
DATE_TIME_ORIGINAL = 0x9003
DATE_TIME = 0x0132


@dataclass(frozen=True)
class Taken:
    when: dt.datetime | None = None
    lat: float | None = None  # degrees, north positive
    lon: float | None = None  # degrees, east positive

    def text(self) -> str:
        """e.g. 拍摄于 2026-06-01 09:30，北纬36.5000° 东经112.3333° ("" when nothing is recorded)."""
        parts = []
        if self.when is not None:
            parts.append(f"拍摄于 {self.when:%Y-%m-%d %H:%M}")
        if self.lat is not None and self.lon is not None:
            ns = "北纬" if self.lat >= 0 else "南纬"
            ew = "东经" if self.lon >= 0 else "西经"
            parts.append(f"{ns}{abs(self.lat):.4f}° {ew}{abs(self.lon):.4f}°")
        return "，".join(parts)


def _degrees(value: object, ref: object) -> float | None:
    try:
        d, m, s = (float(x) for x in value)  # type: ignore[attr-defined]
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    deg = d + m / 60 + s / 3600
    return -deg if str(ref).upper() in ("S", "W") else deg


def taken(path: Path) -> Taken:
    """The time taken and place in the photo's EXIF; empty when absent or unreadable."""
    from PIL import Image

    try:
        with Image.open(path) as im:  # reads the header only
            exif = im.getexif()
            when_text = exif.get_ifd(EXIF_IFD).get(DATE_TIME_ORIGINAL) or exif.get(DATE_TIME)
            gps = exif.get_ifd(GPS_IFD)
    except (OSError, ValueError, SyntaxError):
        return Taken()
    when = None
    if when_text:
        try:
            when = dt.datetime.strptime(str(when_text).strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
        except ValueError:
            when = None
    lat = _degrees(gps.get(2), gps.get(1)) if gps else None
    lon = _degrees(gps.get(4), gps.get(3)) if gps else None
    return Taken(when, lat, lon if lat is not None else None)
