"""Logs without resident data.

An exception's text can carry what a resident wrote: a database error quotes the row
it refused, a validation error the value. So every log record that carries an
exception is rewritten to the exception's type and where it was raised (file, line,
function), never its message; each line names the request it came from, so a report
can be matched to the response's ``X-Request-ID``. Access log lines lose their query
string (staff search terms are residents' names).
"""

from __future__ import annotations

import contextvars
import copy
import logging
import secrets
import traceback
from types import TracebackType

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
REQUEST_ID_HEADER = "X-Request-ID"


def describe_exception(exc: BaseException, tb: TracebackType | None = None) -> str:
    """``Type at file:line in function``, for the exception and each cause or context,
    with the frames it passed through; no messages."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = type(current)
        name = kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
        frames = traceback.extract_tb(tb if current is exc and tb is not None else current.__traceback__)
        where = "".join(f"\n    at {f.filename}:{f.lineno} in {f.name}" for f in frames)
        parts.append(f"{name} (message withheld: it may hold personal data){where}")
        current = current.__cause__ or current.__context__
    return "\n  caused by ".join(parts)


class ScrubFilter(logging.Filter):
    """On handlers: adds ``request_id``; replaces tracebacks with :func:`describe_exception`;
    drops query strings from uvicorn's access lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        if record.exc_info and record.exc_info[1] is not None:
            described = describe_exception(record.exc_info[1], record.exc_info[2])
            record.msg = f"{record.getMessage()}\n  {described}"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        record.stack_info = None
        if record.name == "uvicorn.access" and isinstance(record.args, tuple) and len(record.args) >= 3:
            args = list(record.args)
            args[2] = str(args[2]).split("?", 1)[0]
            record.args = tuple(args)
        return True


def uvicorn_log_config(level: str = "INFO") -> dict:
    """uvicorn's logging, with the scrub filter on every handler and a root handler so the
    application's own loggers (and SQLAlchemy's) pass through it too."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["filters"] = {"scrub": {"()": ScrubFilter}}
    config["formatters"]["default"]["fmt"] = "%(levelprefix)s [%(process)d %(request_id)s] %(name)s: %(message)s"
    config["formatters"]["access"]["fmt"] = (
        '%(levelprefix)s [%(process)d %(request_id)s] %(client_addr)s - "%(request_line)s" %(status_code)s'
    )
    for handler in config["handlers"].values():
        handler["filters"] = ["scrub"]
    config["loggers"][""] = {"handlers": ["default"], "level": level}
    config["loggers"]["uvicorn.error"]["level"] = level
    return config


class RequestId:
    """ASGI middleware: a short random id per request, in the logs and the response header."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        request_id = secrets.token_hex(8)
        # Not reset afterwards: each request runs in its own task, and uvicorn logs an
        # unhandled error after the application returns, still within that task.
        REQUEST_ID.set(request_id)

        async def send_with_id(message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                headers.append((REQUEST_ID_HEADER.lower().encode(), request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_id)
