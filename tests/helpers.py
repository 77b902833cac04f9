"""Shared test helpers (no fixtures: conftest.py holds those)."""

from __future__ import annotations

from pathlib import Path

from app.services.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


def sqlite_ws(tmp_path: Path, name: str = "t.db", **kw: object) -> Workspace:
    return Workspace(f"sqlite:///{(tmp_path / name).as_posix()}", **kw)  # type: ignore[arg-type]
