"""Build the PyInstaller bundle and run its self-test from outside the source tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO

pytestmark = pytest.mark.bundle


@pytest.mark.skipif(shutil.which("strip") is None and sys.platform != "win32", reason="needs binutils")
def test_bundle_builds_and_passes_its_self_test(tmp_path: Path) -> None:
    pytest.importorskip("PyInstaller")
    dist = tmp_path / "dist"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "ERROR",
            "--distpath",
            str(dist),
            "--workpath",
            str(tmp_path / "work"),
            str(REPO / "build.spec"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=1200,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    exe = dist / "ancha" / ("ancha-cli.exe" if sys.platform == "win32" else "ancha-cli")
    assert exe.exists()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ANCHA_CATALOG", "ANCHA_DB")}
    env.update(QT_QPA_PLATFORM="offscreen", ANCHA_HOME=str(outside / "home"))
    run = subprocess.run(
        [str(exe), "selftest"], capture_output=True, text=True, cwd=outside, env=env, timeout=300
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "自检通过" in run.stdout
    # data files come from the bundle, never from the checkout
    assert f"检查清单：{dist / 'ancha' / '_internal' / 'checklists'}" in run.stdout or (
        sys.platform == "win32" and "_internal" in run.stdout
    )
    assert str(REPO / "checklists") not in run.stdout
    size = sum(f.stat().st_size for f in (dist / "ancha").rglob("*") if f.is_file() and not f.is_symlink())
    print(f"bundle size: {size / 1048576:.0f} MB")
