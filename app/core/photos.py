"""Photos as the services hand them out: plain data, no session attached."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class PhotoRecord:
    """One attached photo: every column of the photos table (tests/test_schema.py checks that
    none is forgotten). The file itself is checked against `sha256` on use (services.photos)."""

    id: uuid.UUID
    inspection_item_id: uuid.UUID | None
    finding_id: uuid.UUID | None
    file_name: str  # <sha256>.<ext>, in the workspace's photo folder
    original_name: str | None  # the camera's name, for people
    sha256: str
    width: int  # pixels, upright
    height: int
    created_at: dt.datetime

    @property
    def name(self) -> str:
        """The name people know the photo by."""
        return self.original_name or self.file_name
