"""Errors: typed, one Chinese line for GUI and CLI, logged to a rotating file, uncaught ones shown."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app import logs
from app.core.errors import AnchaError, DuplicateError, ValidationError, user_message
from app.services import checklists
from app.services.checklists import ChecklistItem
from tests.helpers import sqlite_ws


@pytest.fixture
def log_dir(tmp_path: Path) -> Iterator[Path]:
    """Logging set up afresh in a private folder, undone afterwards."""
    before = list(logs.log.handlers)
    saved = dict(logs._state)
    logs._state["file"] = None
    hooks = (sys.excepthook, __import__("threading").excepthook)
    yield tmp_path / "logs"
    for h in logs.log.handlers:
        if h not in before:
            h.close()
            logs.log.removeHandler(h)
    logs._state.update(saved)
    sys.excepthook, __import__("threading").excepthook = hooks


def test_messages_are_one_chinese_line() -> None:
    assert user_message(ValidationError("整改时限", "早于发现日期")) == "整改时限：早于发现日期"
    missing = FileNotFoundError(2, "No such file", "/x/台账.xlsx")
    assert user_message(missing) == "找不到文件或文件夹：/x/台账.xlsx"
    assert "没有权限" in user_message(PermissionError(13, "denied", "C:/a.pdf"))
    assert user_message(OSError(28, "No space left on device", "/d")) == "磁盘空间已满：/d"
    internal = user_message(KeyError("a\nb"), "详情已记入日志 x.log")
    assert internal.startswith("内部错误：KeyError") and internal.endswith("（详情已记入日志 x.log）")
    assert "\n" not in internal


def test_name_clash_is_a_typed_error(tmp_path: Path) -> None:
    ws = sqlite_ws(tmp_path, "t.db")
    items = [ChecklistItem(text="燃气管道无锈蚀")]
    checklists.save_template(ws, "餐饮", "gas", None, items)
    with pytest.raises(DuplicateError) as info:
        checklists.save_template(ws, " 餐饮 ", "gas", None, items)
    assert info.value.name == "餐饮" and info.value.field == "模板名称"
    checklists.save_template(ws, "餐饮", "gas", None, items * 2, overwrite=True)
    assert len(checklists.template_items(checklists.get_template(ws, "餐饮"))) == 2
    ws.close()


def test_log_file_rotates(log_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 2000)
    path = logs.setup_logging(log_dir)
    assert path == log_dir / "ancha.log" and logs.setup_logging(log_dir) == path  # once only
    for i in range(100):
        logs.log.info("第%d行：一条足够长的日志记录，用来把文件写满", i)
    names = sorted(p.name for p in log_dir.iterdir())
    assert names[:3] == ["ancha.log", "ancha.log.1", "ancha.log.2"] and len(names) <= 1 + logs.BACKUPS
    assert all(p.stat().st_size <= 2500 for p in log_dir.iterdir())


def test_uncaught_error_is_logged_with_traceback_and_shown(log_dir: Path) -> None:
    logs.setup_logging(log_dir)
    shown: list[str] = []
    logs.install_excepthook(shown.append)

    def broken() -> None:
        {}["missing"]

    try:
        broken()
    except KeyError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    sys.excepthook(AnchaError, AnchaError("单位不存在"), None)
    assert shown[0].startswith("内部错误：KeyError") and str(log_dir / "ancha.log") in shown[0]
    assert shown[1] == "单位不存在"
    for h in logs.log.handlers:
        h.flush()
    text = (log_dir / "ancha.log").read_text(encoding="utf-8")
    assert "Traceback" in text and "in broken" in text and "单位不存在" in text


def test_gui_reports_uncaught_errors_and_qt_warnings(
    qtbot: Any, log_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import PySide6.QtCore as QtCore
    from PySide6.QtWidgets import QMessageBox

    from app.ui import main

    monkeypatch.setattr(logs, "log_folder", lambda: log_dir)
    handlers: list[Any] = []
    monkeypatch.setattr(QtCore, "qInstallMessageHandler", handlers.append)
    dialogs: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, title, text: dialogs.append((title, text)))
    main.install_error_reporting()
    try:
        raise ZeroDivisionError("division by zero")
    except ZeroDivisionError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    assert dialogs and dialogs[0][0] == "安查出错" and dialogs[0][1].startswith("内部错误：ZeroDivisionError")
    handlers[0](QtCore.QtMsgType.QtWarningMsg, QtCore.QMessageLogContext(), "QPainter::begin: bad device")
    handlers[0](QtCore.QtMsgType.QtDebugMsg, QtCore.QMessageLogContext(), "noise")
    for h in logs.log.handlers:
        h.flush()
    text = (log_dir / "ancha.log").read_text(encoding="utf-8")
    assert "ZeroDivisionError" in text and "QPainter::begin: bad device" in text and "noise" not in text
    assert logging.getLogger("ancha.qt").isEnabledFor(logging.WARNING)


def test_cli_error_is_one_line_and_logged(tmp_path: Path) -> None:
    import os
    import subprocess

    env = {**os.environ, "ANCHA_HOME": str(tmp_path)}
    env.pop("ANCHA_DEBUG", None)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "import",
            "checklist",
            str(tmp_path / "无此文件.xlsx"),
            "--db",
            f"sqlite:///{(tmp_path / 'x.db').as_posix()}",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert out.returncode == 1
    assert out.stderr.strip().count("\n") == 0
    assert out.stderr.startswith("错误：") and "无此文件" in out.stderr
    text = (tmp_path / "logs" / "ancha.log").read_text(encoding="utf-8")
    assert "command: import checklist" in text and "无此文件" in text


def test_a_refused_password_is_a_typed_error() -> None:
    """The GUI asks for a password on PasswordNeeded (its type, not words in the message)."""
    from app.storage.db import DatabaseUnavailable, PasswordNeeded, unavailable

    url = "postgresql+psycopg://zhang@10.0.0.5/ancha"
    refused = unavailable(Exception('FATAL:  password authentication failed for user "zhang"'), url)
    missing = unavailable(Exception("fe_sendauth: no password supplied"), url)
    down = unavailable(Exception("connection refused"), url)
    assert isinstance(refused, PasswordNeeded) and "用户名或密码不正确" in str(refused)
    assert isinstance(missing, PasswordNeeded) and "需要密码" in str(missing)
    assert type(down) is DatabaseUnavailable and "无法连接" in str(down)
