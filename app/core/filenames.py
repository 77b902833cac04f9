"""File names that are valid on Windows (and everywhere else).

Every name the program proposes or writes goes through `safe_file_name`: a unit's or a hazard's
name may hold any character, but Windows refuses \\ / : * ? " < > |, control characters, a
trailing dot or space, and the reserved device names (CON, PRN, AUX, NUL, COM1-9, LPT1-9).
"""

from __future__ import annotations

import re
import unicodedata

FORBIDDEN = '<>:"/\\|?*'
RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{d}{n}" for d in ("COM", "LPT") for n in "123456789¹²³"}
# Windows allows 255 UTF-16 units per path component; keep well inside it so that a long
# folder path plus the name stays under the classic 260-character MAX_PATH.
MAX_STEM = 80
_SPACES = re.compile(r"\s+")


def safe_file_name(name: str, suffix: str = "", max_stem: int = MAX_STEM, fallback: str = "未命名") -> str:
    """`name` made into a valid Windows file name, with `suffix` (e.g. ".pdf") kept intact."""
    text = unicodedata.normalize("NFC", name)
    if suffix and text.lower().endswith(suffix.lower()):
        text = text[: -len(suffix)]
    out = []
    for ch in text:
        if ch in FORBIDDEN:
            out.append("、" if ch in "/\\|" else "_")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            out.append(" ")
        else:
            out.append(ch)
    stem = _SPACES.sub(" ", "".join(out)).strip()
    stem = stem[:max_stem].rstrip(" .")
    if not stem:
        stem = fallback
    if stem.split(".")[0].strip().upper() in RESERVED:
        stem = f"_{stem}"
    return stem + suffix


def is_safe_file_name(name: str) -> bool:
    """True if `name` is valid as a Windows file name as it stands."""
    return bool(name) and safe_file_name(name, max_stem=255) == name
