"""Every error is JSON with a message naming the field; bad input is a 4xx, never a 500."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..services.errors import ServiceError

log = logging.getLogger(__name__)


def _field(loc: tuple) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def _validation_message(exc: RequestValidationError) -> tuple[str, list[dict]]:
    errors = []
    for err in exc.errors():
        msg = err.get("msg", "invalid value")
        msg = msg.removeprefix("Value error, ")
        errors.append({"field": _field(tuple(err.get("loc", ()))), "message": msg})
    return "; ".join(f"{e['field']}: {e['message']}" for e in errors), errors


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        message, errors = _validation_message(exc)
        return JSONResponse({"detail": message, "errors": errors}, status_code=422)

    @app.exception_handler(ServiceError)
    async def _service(_request: Request, exc: ServiceError) -> JSONResponse:
        return JSONResponse({"detail": exc.message}, status_code=exc.status_code)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(
            {"detail": exc.detail}, status_code=exc.status_code, headers=getattr(exc, "headers", None)
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Log the type and route only: the exception text may hold resident data.
        log.error("unhandled %s on %s %s", type(exc).__name__, request.method, request.url.path)
        return JSONResponse({"detail": "internal error; nothing was saved"}, status_code=500)


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
        import json

        body = json.dumps({"detail": message}).encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass
