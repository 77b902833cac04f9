"""Import direction: the screens and the commands get plain data from the services, never ORM rows."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"


def _imports(path: Path) -> list[str]:
    """Every module the file imports, at any depth (imports inside functions too), with
    `from package import name` also given as package.name."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.append(node.module)
            out += [f"{node.module}.{a.name}" for a in node.names]
    return out


def test_ui_and_cli_import_no_orm_models() -> None:
    bad = [
        f"{path.relative_to(APP)}: {name}"
        for folder in ("ui", "cli")
        for path in sorted((APP / folder).rglob("*.py"))
        for name in _imports(path)
        if name == "app.storage.models" or name.startswith("app.storage.models.")
    ]
    assert not bad, bad


def test_the_check_sees_each_way_of_importing(tmp_path: Path) -> None:
    src = tmp_path / "m.py"
    src.write_text(
        "from app.storage.models import Photo\n"
        "from app.storage import models\n"
        "def f():\n    import app.storage.models\n",
        encoding="utf-8",
    )
    found = [n for n in _imports(src) if n.startswith("app.storage.models")]
    assert found == [
        "app.storage.models",
        "app.storage.models.Photo",
        "app.storage.models",
        "app.storage.models",
    ]


def _sessions_opened(path: Path) -> int:
    """Calls of a `.session()` method: a database session opened outside the services."""
    return sum(
        1
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "session"
    )


def test_ui_and_cli_open_no_sessions(tmp_path: Path) -> None:
    """Use cases live in the services: a screen or a command calls one, it does not query."""
    bad = [
        str(path.relative_to(APP))
        for folder in ("ui", "cli")
        for path in sorted((APP / folder).rglob("*.py"))
        if _sessions_opened(path)
    ]
    assert not bad, bad
    probe = tmp_path / "m.py"
    probe.write_text("def f(ws):\n    with ws.db.session() as s:\n        return s\n", encoding="utf-8")
    assert _sessions_opened(probe) == 1
