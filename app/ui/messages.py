"""Errors shown to the user: the one Chinese line (app.core.errors.user_message), logged."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def error_text(exc: BaseException) -> str:
    """The one-line Chinese message (app.core.errors.user_message); internal errors are logged."""
    from app.logs import report

    return report(exc, "gui")


def show_error(parent: QWidget | None, exc: BaseException | str, title: str = "操作未完成") -> None:
    text = exc if isinstance(exc, str) else error_text(exc)
    QMessageBox.warning(parent, title, text)
