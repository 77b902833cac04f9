"""Windows readiness, tested on Linux: file names, and the Windows branches simulated."""

from __future__ import annotations

import errno
import os
import shutil
import sys
from pathlib import Path

import pytest

from app import paths
from app.core.errors import AnchaError
from app.core.filenames import RESERVED, is_safe_file_name, safe_file_name
from app.files import atomic_output, write_error
from app.reports import fonts

WINDOWS_FORBIDDEN = set('\\/:*?"<>|')


def _valid_on_windows(name: str) -> bool:
    stem = name.split(".")[0].strip().upper()
    return (
        bool(name)
        and not (set(name) & WINDOWS_FORBIDDEN)
        and not any(ord(ch) < 32 for ch in name)
        and name[-1] not in ". "
        and stem not in RESERVED
        and len(name) <= 255
    )


@pytest.mark.parametrize(
    ("raw", "suffix", "expected"),
    [
        (
            "现场检查记录-沁水县某某燃气有限公司（北站）-20261120",
            ".pdf",
            "现场检查记录-沁水县某某燃气有限公司（北站）-20261120.pdf",
        ),
        ('双报告-A/B:C*D?E"F<G>H|I', ".pdf", "双报告-A、B_C_D_E_F_G_H、I.pdf"),
        ("CON", ".xlsx", "_CON.xlsx"),
        ("nul", "", "_nul"),
        ("Com1", ".pdf", "_Com1.pdf"),
        ("LPT9.备份", ".db", "_LPT9.备份.db"),
        ("单位名称。 . ", ".pdf", "单位名称。.pdf"),
        ("   ", ".pdf", "未命名.pdf"),
        ("隐患\t名称\n第二行\x00", ".pdf", "隐患 名称 第二行.pdf"),
        ("隐患台账.xlsx", ".xlsx", "隐患台账.xlsx"),
    ],
)
def test_safe_file_names(raw: str, suffix: str, expected: str) -> None:
    got = safe_file_name(raw, suffix)
    assert got == expected
    assert _valid_on_windows(got)
    assert is_safe_file_name(got)


def test_long_chinese_names_are_cut_below_the_limit() -> None:
    name = safe_file_name("某" * 400 + "有限公司", ".pdf")
    assert name.endswith(".pdf") and len(name) <= 84
    assert _valid_on_windows(name)
    assert not is_safe_file_name("CON") and not is_safe_file_name("a?b") and not is_safe_file_name("x.")


def test_paths_with_spaces_and_chinese(tmp_path: Path) -> None:
    folder = tmp_path / "我的 文档" / "安查 导出"
    folder.mkdir(parents=True)
    target = folder / safe_file_name("检查清单-餐饮 场所", ".txt")
    with atomic_output(target) as tmp:
        tmp.write_text("内容", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "内容"
    assert [p.name for p in folder.iterdir()] == [target.name]  # no temporary file left


def test_file_held_by_another_program_gives_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "隐患台账.xlsx"
    target.write_bytes(b"old")

    def held(src: object, dst: object) -> None:  # what Windows does while Excel holds the file
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr(os, "replace", held)
    with pytest.raises(AnchaError) as err, atomic_output(target) as tmp:
        tmp.write_bytes(b"new")
    msg = str(err.value)
    assert "隐患台账.xlsx" in msg and "Excel" in msg and "\n" not in msg
    assert target.read_bytes() == b"old"  # nothing lost
    assert sorted(p.name for p in tmp_path.iterdir()) == ["隐患台账.xlsx"]


def test_no_overwrite_refuses_a_file_that_appears_during_the_write(tmp_path: Path) -> None:
    target = tmp_path / "检查记录.pdf"
    with pytest.raises(AnchaError, match="文件已存在"), atomic_output(target, overwrite=False) as tmp:
        tmp.write_bytes(b"ours")
        target.write_bytes(b"theirs")  # another program saves the same name meanwhile
    assert target.read_bytes() == b"theirs"  # not overwritten
    assert [p.name for p in tmp_path.iterdir()] == ["检查记录.pdf"]  # no temporary file left
    with atomic_output(tmp_path / "新.pdf", overwrite=False) as tmp:
        tmp.write_bytes(b"new")
    assert (tmp_path / "新.pdf").read_bytes() == b"new"


def test_write_errors_are_one_chinese_line(tmp_path: Path) -> None:
    full = write_error(tmp_path / "a.pdf", OSError(errno.ENOSPC, "No space left on device"))
    assert "磁盘空间不足" in str(full)
    gone = tmp_path / "没有这个文件夹" / "a.pdf"
    with pytest.raises(AnchaError, match="文件夹不存在"), atomic_output(gone):
        pass


def test_data_folder_under_appdata_on_windows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    roaming = tmp_path / "Users" / "张 三" / "AppData" / "Roaming"
    monkeypatch.delenv("ANCHA_HOME", raising=False)
    monkeypatch.setenv("APPDATA", str(roaming))
    monkeypatch.setattr(sys, "platform", "win32")
    import platformdirs.windows as pw

    # Windows resolves the known folder through the shell; here the same folder comes from %APPDATA%.
    monkeypatch.setattr(pw, "_RESOLVE_WIN_FOLDER", pw.get_win_folder_from_env_vars)
    folder = paths.data_dir()
    assert folder == roaming / "AnCha"
    assert folder.is_dir()
    assert paths.default_db_url().endswith("/AnCha/ancha.db")


def test_font_lookup_prefers_the_windows_fonts_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = sorted((paths.resources_dir() / "fonts").glob("*.ttc"))[0]
    windir = tmp_path / "Windows"
    (windir / "Fonts").mkdir(parents=True)
    shutil.copy(bundled, windir / "Fonts" / "msyh.ttc")  # stands in for Microsoft YaHei
    monkeypatch.delenv("ANCHA_FONT", raising=False)
    monkeypatch.setenv("WINDIR", str(windir))
    found = [p for p in fonts.candidates() if p.is_file()]
    assert found[0] == windir / "Fonts" / "msyh.ttc"
    fonts.register.cache_clear()
    try:
        assert fonts.register() == fonts.FONT
    finally:
        fonts.register.cache_clear()


def test_opening_a_pdf_uses_the_windows_association(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.ui import platform

    opened: list[str] = []
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(os, "startfile", opened.append, raising=False)
    pdf = tmp_path / "检查 清单.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    assert platform.open_path(pdf) is True
    assert opened == [str(pdf)]

    def no_viewer(_p: str) -> None:
        raise OSError("没有关联的程序")

    monkeypatch.setattr(os, "startfile", no_viewer, raising=False)
    assert platform.open_path(pdf) is False


def test_windows_startup_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    import ctypes

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    from app.ui import platform

    calls: list[str] = []

    class Shell32:
        def SetCurrentProcessExplicitAppUserModelID(self, app_id: str) -> int:
            calls.append(app_id)
            return 0

    class WinDLL:
        shell32 = Shell32()

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "windll", WinDLL(), raising=False)
    platform.configure_before_app()
    assert calls == [platform.APP_USER_MODEL_ID]
    policy = QGuiApplication.highDpiScaleFactorRoundingPolicy()
    assert policy == Qt.HighDpiScaleFactorRoundingPolicy.PassThrough


def test_qt_dialogs_speak_chinese(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

    from app.ui import platform

    app = QApplication.instance()
    assert app is not None
    translators = platform.install_chinese(app)
    assert translators, f"qtbase_zh_CN not found in {platform.translations_dir()}"
    try:
        box = QMessageBox(QMessageBox.Icon.Question, "确认", "删除吗？")
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        qtbot.addWidget(box)
        texts = {b.text().replace("&", "").split("(")[0] for b in box.buttons()}
        assert texts == {"是", "否"}, texts
        bb = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(bb)
        texts = {b.text().replace("&", "").split("(")[0] for b in bb.buttons()}
        assert texts == {"确定", "取消"}, texts
    finally:
        for tr in translators:
            app.removeTranslator(tr)


WORKFLOW = paths.install_root() / ".github" / "workflows" / "windows-build.yml"


def test_windows_workflow_is_a_valid_github_workflow() -> None:
    import subprocess

    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(WORKFLOW),
        ],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stdout + res.stderr


def test_readme_windows_section_matches_the_workflow() -> None:
    import yaml

    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    job = flow["jobs"]["build"]
    assert job["runs-on"] == "windows-latest"
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert "build.spec" in runs and 'ancha-cli.exe" selftest' in runs
    artifact = next(st for st in job["steps"] if st.get("uses", "").startswith("actions/upload-artifact"))
    readme = (paths.install_root() / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Windows 版本") :]
    assert "windows-build.yml" in section
    assert artifact["with"]["name"] in section
    assert (
        "python -m PyInstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller build.spec"
        in section
    )
    assert "ancha-cli.exe selftest" in section
