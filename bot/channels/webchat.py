"""The web chat's socket.io channel: Rasa's own event names, with sessions that only
their own browser can resume.

- ``session_request`` → ``session_confirm`` with ``{"session_id", "session_token"}``.
  The server chooses the session id; the token is an HMAC of it under a secret kept by
  the server (``WEBCHAT_SESSION_SECRET``, else one in the channels' ledger). A request
  naming a session without its token gets a fresh session, never the old room — so
  knowing a conversation id is not enough to read its replies.
- ``user_uttered`` is taken for the session this socket joined; a ``session_id`` in the
  message is ignored, so a socket cannot speak into someone else's conversation.
- Messages over ``MAX_TEXT_CHARS`` are answered with a request to send shorter parts;
  socket.io packets over ``MAX_BODY_BYTES`` are refused by engine.io; connections and
  messages are rate-limited per client address and per session (``guard``).

Rasa 3.6's ``SocketIOInput`` also calls ``sio.enter_room(...)`` without ``await``, so
with python-socketio 5.10+ the browser never joined its room; this connector awaits it.
Its name stays ``socketio`` (the case's channel is ``web``).
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from .guard import (
    MAX_BODY_BYTES,
    MAX_TEXT_CHARS,
    SLOW_DOWN_REPLY,
    TOO_LONG_REPLY,
    Guard,
    clean_text,
    new_session_id,
    session_token,
    valid_session_token,
)
from .ledger import Ledger

log = logging.getLogger(__name__)


class WebChatInput(SocketIOInput):
    """socket.io for the web chat page, conversations kept across page reloads."""

    def __init__(self, *args: Any, guard: Guard | None = None, ledger: Ledger | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.guard = guard or Guard.from_env()
        self._ledger = ledger
        self._secret: bytes | None = None
        self._sockets: dict[str, dict[str, str]] = {}  # sid → client address, session

    def url_prefix(self) -> str:
        return "webchat"

    @property
    def secret(self) -> bytes:
        if self._secret is None:
            self._secret = (self._ledger or Ledger()).webchat_secret()
        return self._secret

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=[],
                          max_http_buffer_size=MAX_BODY_BYTES)
        bp = SocketBlueprint(sio, self.socketio_path, "webchat_socketio", __name__)
        self.sio = sio
        namespace = self.namespace

        async def say(sid: str, text: str) -> None:
            await sio.emit(self.bot_message_evt, {"text": text}, room=sid, namespace=namespace)

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok", "socketio_path": self.socketio_path})

        @sio.on("connect", namespace=namespace)
        async def connect(sid: str, environ: dict, auth: dict | None = None) -> bool:
            request = environ.get("sanic.request")
            address = self.guard.request_address(request) if request is not None else ""
            if not await self.guard.allow_address(address):
                log.info("web chat connection refused: too many from one address")
                return False
            self._sockets[sid] = {"address": address}
            return True

        @sio.on("disconnect", namespace=namespace)
        async def disconnect(sid: str, *_: Any) -> None:
            self._sockets.pop(sid, None)

        @sio.on("session_request", namespace=namespace)
        async def session_request(sid: str, data: Any = None) -> None:
            data = data if isinstance(data, dict) else {}
            socket = self._sockets.setdefault(sid, {"address": ""})
            if not await self.guard.allow_address(socket["address"]):
                log.info("web chat session request refused: too many from one address")
                await say(sid, SLOW_DOWN_REPLY)
                return
            session_id = data.get("session_id")
            if not valid_session_token(self.secret, session_id, data.get("session_token")):
                if session_id:
                    log.info("web chat session request without its token: a new session")
                session_id = new_session_id()
            previous = socket.get("session")
            if self.session_persistence:
                if previous and previous != session_id:
                    await _maybe_await(sio.leave_room(sid, previous, namespace=namespace))
                await _maybe_await(sio.enter_room(sid, session_id, namespace=namespace))
            socket["session"] = session_id
            await sio.emit("session_confirm",
                           {"session_id": session_id,
                            "session_token": session_token(self.secret, session_id)},
                           room=sid, namespace=namespace)

        @sio.on(self.user_message_evt, namespace=namespace)
        async def handle_message(sid: str, data: Any = None) -> None:
            if not isinstance(data, dict):
                return
            socket = self._sockets.get(sid) or {}
            if self.session_persistence:
                sender_id = socket.get("session")
                if not sender_id:
                    log.info("web chat message before session_request ignored")
                    return
            else:
                sender_id = sid
            text = data.get("message")
            if not isinstance(text, str):
                return
            address = socket.get("address", "")
            if not (await self.guard.allow_address(address)
                    and await self.guard.allow_sender("web", sender_id, address)):
                log.info("web chat session %s rate-limited", sender_id[:8])
                await say(sid, SLOW_DOWN_REPLY)
                return
            if len(text) > MAX_TEXT_CHARS:
                log.info("web chat session %s sent %d characters: refused as too long",
                         sender_id[:8], len(text))
                await say(sid, TOO_LONG_REPLY)
                return
            text = clean_text(text).strip()
            if not text:
                return
            # The page sends no metadata; none is taken from the browser (it could claim
            # another channel or attach links to the case).
            output = SocketIOOutput(sio, self.bot_message_evt)
            await on_new_message(UserMessage(text, output, sender_id, input_channel=self.name(),
                                             metadata={"channel": "web"}))

        return bp


async def _maybe_await(result: Any) -> None:
    if inspect.isawaitable(result):
        await result
