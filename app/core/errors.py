"""Errors whose message is meant for the user (Simplified Chinese)."""

from __future__ import annotations


class AnchaError(Exception):
    """An error with a message a user can read and act on."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(AnchaError):
    """Bad input: names the field that is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}：{message}")
        self.field = field
        self.detail = message


class TransitionError(AnchaError):
    """An illegal move in the finding lifecycle."""


class NotFoundError(AnchaError):
    """A record that does not exist."""


class ConflictError(AnchaError):
    """Someone else changed the record since it was read; the message says who and what."""


class PermissionDenied(AnchaError):
    """The signed-in user's role does not allow this action."""


class DuplicateError(ValidationError):
    """A name or code that is already taken (the caller may offer to overwrite)."""

    def __init__(self, field: str, message: str, name: str) -> None:
        super().__init__(field, message)
        self.name = name


_OS_ERRORS: tuple[tuple[type[OSError], str], ...] = (
    (FileNotFoundError, "找不到文件或文件夹"),
    (PermissionError, "没有权限（文件可能正被其他程序打开，或文件夹为只读）"),
    (IsADirectoryError, "这是一个文件夹，不是文件"),
    (FileExistsError, "文件已存在"),
)


def user_message(exc: BaseException, log_hint: str = "") -> str:
    """The one-line Chinese message for any error, as the GUI and the command line show it.

    Our own errors read as written; file-system errors name the file and the cause; anything
    else is an internal error, with `log_hint` saying where the details went.
    """
    if isinstance(exc, AnchaError):
        return str(exc)
    if isinstance(exc, OSError):
        where = f"：{exc.filename}" if exc.filename else ""
        for kind, text in _OS_ERRORS:
            if isinstance(exc, kind):
                return f"{text}{where}"
        if exc.errno == 28:  # ENOSPC
            return f"磁盘空间已满{where}"
        return f"文件操作失败{where}（{exc.strerror or exc}）"
    if isinstance(exc, MemoryError):
        return "内存不足，操作未完成"
    text = f"内部错误：{type(exc).__name__}: {exc}".splitlines()[0]
    return f"{text}（{log_hint}）" if log_hint else text
