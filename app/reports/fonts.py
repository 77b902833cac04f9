"""Find a CJK TrueType font and register it with ReportLab (embedded as a subset)."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from app.core.errors import AnchaError
from app.paths import resources_dir

FONT = "AnchaCJK"

WINDOWS = ["simhei.ttf", "simsun.ttc", "msyh.ttc", "msyh.ttf", "simkai.ttf"]
LINUX = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
]


def candidates(configured: str | None = None) -> list[Path]:
    """Fonts to try, in order: configured, Windows, bundled, common Linux locations."""
    out: list[Path] = []
    for value in (configured, os.environ.get("ANCHA_FONT")):
        if value:
            out.append(Path(value))
    windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT")
    if windir:
        out += [Path(windir) / "Fonts" / name for name in WINDOWS]
    out += sorted((resources_dir() / "fonts").glob("*.tt[fc]"))
    out += [Path(p) for p in LINUX]
    return out


@cache
def register(configured: str | None = None) -> str:
    """Register the first usable font; returns its ReportLab name."""
    tried = []
    for path in candidates(configured):
        if not path.is_file():
            continue
        try:
            font = (
                TTFont(FONT, str(path), subfontIndex=0)
                if path.suffix.lower() == ".ttc"
                else TTFont(FONT, str(path))
            )
        except (TTFError, OSError, ValueError) as exc:
            tried.append(f"{path}（{exc}）")
            continue
        pdfmetrics.registerFont(font)
        return FONT
    detail = "；".join(tried) or "未找到任何中文字体文件"
    raise AnchaError(
        "找不到可用的中文 TrueType 字体，无法生成 PDF。请安装宋体/黑体，或设置环境变量 "
        f"ANCHA_FONT 指向一个 .ttf/.ttc 文件。（{detail}）"
    )
