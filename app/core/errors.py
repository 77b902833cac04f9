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
