"""The error answer every part of the endpoint raises: a status code and a plain-text message."""

from __future__ import annotations

__all__ = ["HTTPProblem"]


class HTTPProblem(Exception):
    """An error answer: status code, a plain-text message for the client, extra headers."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}
