"""The web chat's socket.io channel: Rasa's own, with one fix.

Rasa 3.6's ``SocketIOInput`` calls ``sio.enter_room(...)`` without ``await``; since
python-socketio 5.10 that is a coroutine, so with ``session_persistence`` the
browser never joins its conversation's room and never sees the bot's replies. This
connector awaits it. Its name stays ``socketio`` (the case's channel is ``web``).
"""

from __future__ import annotations

import inspect
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

log = logging.getLogger(__name__)


class WebChatInput(SocketIOInput):
    """socket.io for the web chat page, conversations kept across page reloads."""

    def url_prefix(self) -> str:
        return "webchat"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=[])
        bp = SocketBlueprint(sio, self.socketio_path, "webchat_socketio", __name__)
        self.sio = sio

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok", "socketio_path": self.socketio_path})

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: str, environ: dict, auth: dict | None) -> bool:
            return True

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: dict | None) -> None:
            data = data if isinstance(data, dict) else {}
            session_id = data.get("session_id")
            if not isinstance(session_id, str) or not session_id or len(session_id) > 64:
                session_id = uuid.uuid4().hex
            if self.session_persistence:
                joined = sio.enter_room(sid, session_id, namespace=self.namespace)
                if inspect.isawaitable(joined):
                    await joined
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any) -> None:
            if not isinstance(data, dict):
                return
            if self.session_persistence:
                sender_id = data.get("session_id")
                if not isinstance(sender_id, str) or not sender_id:
                    log.warning("web chat message without a session id ignored")
                    return
            else:
                sender_id = sid
            text = data.get("message", "")
            if not isinstance(text, str):
                return
            metadata = data.get(self.metadata_key) or {}
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = {}
            if not isinstance(metadata, dict):
                metadata = {}
            metadata["channel"] = "web"
            output = SocketIOOutput(sio, self.bot_message_evt)
            await on_new_message(UserMessage(text[:5000], output, sender_id,
                                             input_channel=self.name(), metadata=metadata))

        return bp
