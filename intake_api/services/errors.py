"""Errors the service layer raises; the HTTP layer turns each into a 4xx with its message."""


class ServiceError(Exception):
    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(ServiceError):
    status_code = 404


class Conflict(ServiceError):
    """The request is well formed but the case's state or a Code rule forbids it."""

    status_code = 409


class Invalid(ServiceError):
    status_code = 422
