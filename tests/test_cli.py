from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.storage.db import head_revision


def run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ANCHA_HOME": str(home)}
    env.pop("ANCHA_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_help_lists_commands(tmp_path: Path) -> None:
    out = run("--help", home=tmp_path)
    assert out.returncode == 0
    for cmd in ("checklists", "db", "demo"):
        assert cmd in out.stdout


@pytest.mark.slow  # end-to-end through subprocesses building demo databases
def test_demo_then_list(tmp_path: Path) -> None:
    url = f"sqlite:///{(tmp_path / 'demo.db').as_posix()}"
    up = run("--db", url, "db", "upgrade", home=tmp_path)
    assert up.returncode == 0 and head_revision() in up.stdout
    demo = run("demo", "--db", url, home=tmp_path)  # the README's form: --db after the command
    assert demo.returncode == 0, demo.stderr
    assert "隐患" in demo.stdout
    again = run("--db", url, "demo", home=tmp_path)  # a second demo is refused, one clear line
    assert again.returncode == 1
    assert again.stderr.startswith("错误：") and "Traceback" not in again.stderr
    listing = run("checklists", "list", home=tmp_path)
    assert listing.returncode == 0 and "燃气" in listing.stdout and "矿山" in listing.stdout


def test_bad_db_url_is_one_line(tmp_path: Path) -> None:
    out = run("--db", "nonsense://", "db", "upgrade", home=tmp_path)
    assert out.returncode != 0
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_gui_fast_path_only_for_gui_command_lines() -> None:
    from app.cli import _gui_db

    assert _gui_db([]) == (True, None)
    assert _gui_db(["gui"]) == (True, None)
    assert _gui_db(["--db", "sqlite:///x.db"]) == (True, "sqlite:///x.db")
    assert _gui_db(["--db=sqlite:///x.db", "gui"]) == (True, "sqlite:///x.db")
    assert _gui_db(["--db", "sqlite:///x.db", "demo"])[0] is False
    assert _gui_db(["--help"])[0] is False
    assert _gui_db(["--db"])[0] is False


def test_db_before_or_after_the_command() -> None:
    from app.cli import build_parser

    p = build_parser()
    tail = ["print", "inspection", "ab12", "-o", "x.pdf"]
    assert p.parse_args(["--db", "sqlite:///a.db", *tail]).db == "sqlite:///a.db"
    assert p.parse_args([*tail, "--db", "sqlite:///b.db"]).db == "sqlite:///b.db"
    assert p.parse_args(["settings", "list", "--db=sqlite:///c.db"]).db == "sqlite:///c.db"
    assert p.parse_args(["demo"]).db is None
