"""Logging to a rotating file in the data folder, and the last-resort exception hook.

A windowed Windows build has no console: without the log file every traceback is lost.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from app.core.errors import user_message

LOG_NAME = "ancha.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

log = logging.getLogger("ancha")
_state: dict[str, Path | None] = {"file": None}


def log_folder() -> Path:
    from app.paths import data_dir

    return data_dir() / "logs"


def setup_logging(folder: Path | None = None, level: int = logging.INFO) -> Path | None:
    """Send the program's log records to <data folder>/logs/ancha.log (rotated at 1 MB, 5 kept).

    Returns the file, or None when it cannot be written (the program runs on without it).
    Calling it again changes nothing.
    """
    if _state["file"] is not None:
        return _state["file"]
    path = (folder or log_folder()) / LOG_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    log.addHandler(handler)
    log.setLevel(level)
    _state["file"] = path
    return path


def log_file() -> Path | None:
    return _state["file"]


def log_hint() -> str:
    """Where to look for details, for the end of an internal-error message."""
    path = log_file()
    return f"详情已记入日志 {path}" if path else "设置 ANCHA_DEBUG=1 可查看详情"


def report(exc: BaseException, context: str = "") -> str:
    """Log `exc` (with its traceback when it is not one of ours) and return its one-line message."""
    from app.core.errors import AnchaError

    message = user_message(exc, log_hint())
    if isinstance(exc, AnchaError):
        log.warning("%s%s", f"{context}: " if context else "", message)
    else:
        log.error("%s%s", f"{context}: " if context else "", message, exc_info=exc)
    return message


def install_excepthook(show: Callable[[str], None]) -> None:
    """Errors nobody caught (main thread or others) are logged, then `show`n as one line."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        message = report(exc, "uncaught")
        try:
            show(message)
        except Exception:  # the display itself failed: the log has it
            log.exception("could not show the error")

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            report(args.exc_value, f"uncaught in thread {args.thread.name if args.thread else '?'}")

    sys.excepthook = hook
    threading.excepthook = thread_hook
