"""Errors the service layer raises; the HTTP layer turns each into a 4xx with its message."""

from __future__ import annotations


class ServiceError(Exception):
    status_code = 400

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        # The request field at fault, when there is one (shown in the error's ``errors``).
        self.field = field


class NotFound(ServiceError):
    status_code = 404


class Forbidden(ServiceError):
    """The caller is known but its API key's scopes or staff role do not allow this."""

    status_code = 403


class Conflict(ServiceError):
    """The request is well formed but the case's state or a Code rule forbids it."""

    status_code = 409


class Invalid(ServiceError):
    status_code = 422
