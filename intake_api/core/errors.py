"""Every error is JSON with a message naming the field; bad input is a 4xx, never a 500.

One shape for every error (``schemas.Error``): ``{"detail": "<a sentence>", "errors":
[{"field": …, "message": …}]}``, ``errors`` empty when no single field is at fault.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, compile_path

from ..services.errors import ServiceError
from . import text

log = logging.getLogger(__name__)


class ErrorResponse(JSONResponse):
    """JSON that always encodes: an unpaired surrogate echoed from the request (a field
    name, say) is replaced rather than turning the error into a 500."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode(
            "utf-8", "replace"
        )


def error_body(detail: str, errors: list[dict] | None = None) -> dict:
    return {"detail": text.printable(detail), "errors": errors or []}


def _field(loc: tuple) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return text.printable(".".join(parts)) or "body"


def _validation_message(exc: RequestValidationError) -> tuple[str, list[dict]]:
    errors = []
    for err in exc.errors():
        msg = err.get("msg", "invalid value")
        msg = msg.removeprefix("Value error, ")
        loc = tuple(err.get("loc", ()))
        if err.get("type") == "json_invalid":
            # loc is ("body", offset): say where, but name the body as the field.
            at = f" at character {loc[1]}" if len(loc) > 1 else ""
            msg, loc = f"the body is not valid JSON{at}", ("body",)
        errors.append({"field": _field(loc), "message": text.printable(msg)})
    return "; ".join(f"{e['field']}: {e['message']}" for e in errors), errors


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _allowed_methods(request: Request) -> list[str]:
    """The methods the path takes, for a 405's Allow header. Where the OpenAPI document
    has the path, its methods (the most literal template wins, so ``/cases/lookup`` is
    not ``/cases/{reference}``); else every method some route takes here."""
    path = request.url.path
    documented = [
        (template.count("{"), operations)
        for template, operations in request.app.openapi()["paths"].items()
        if compile_path(template)[0].match(path)
    ]
    if documented:
        fewest = min(params for params, _ in documented)
        return sorted({m.upper() for params, ops in documented if params == fewest for m in ops})
    routes = request.app.router.routes
    return [
        method for method in _METHODS
        if any(route.matches({**request.scope, "method": method})[0] is Match.FULL for route in routes)
    ]


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        message, errors = _validation_message(exc)
        return ErrorResponse(error_body(message, errors), status_code=422)

    @app.exception_handler(ServiceError)
    async def _service(_request: Request, exc: ServiceError) -> JSONResponse:
        errors = None
        if exc.field:
            field = text.printable(exc.field)
            errors = [{"field": field, "message": exc.message.removeprefix(f"{field}: ")}]
        return ErrorResponse(error_body(exc.message, errors), status_code=exc.status_code)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(_allowed_methods(request))
        return ErrorResponse(error_body(detail), status_code=exc.status_code, headers=headers or None)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Log the type and route only: the exception text may hold resident data.
        log.error("unhandled %s on %s %s", type(exc).__name__, request.method, request.url.path)
        return ErrorResponse(error_body("internal error; nothing was saved"), status_code=500)


class BodySizeLimit:
    """Refuse bodies over the limit with 413 before reading them into memory."""

    def __init__(self, app, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > self.max_bytes
            except ValueError:
                await self._reply(send, 400, "Content-Length is not a number")
                return
            if too_big:
                await self._reply(send, 413, f"request body is larger than {self.max_bytes} bytes")
                return
        received = 0

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _TooLarge:
            await self._reply(send, 413, f"request body is larger than {self.max_bytes} bytes")

    @staticmethod
    async def _reply(send, status: int, message: str) -> None:
        body = json.dumps(error_body(message)).encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass
