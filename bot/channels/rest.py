"""Rasa's REST channel, ``POST /webhooks/rest/webhook``, with the public channels'
limits. Same URL, same request (``{"sender", "message"}``) and reply shape (a list of
``{"recipient_id", "text", …}``) as Rasa's own.

The REST channel is for callers on this machine (tests, checks, other systems through
loopback) and for the web chat page's fallback. Callers are treated by where they are:

- **loopback** (the socket peer is 127.0.0.1/::1 and not a trusted proxy, or a trusted
  proxy forwards for a loopback client): everything as in Rasa — the caller's ``sender``,
  ``metadata`` and ``input_channel`` are used, no rate limit.
- **anyone else**: the ``sender`` is honoured only with the web chat session's
  ``session_token`` (the page's fallback when socket.io cannot connect); otherwise the
  conversation id is derived on the server from the client's address and the given
  sender, so no caller can read or write another's conversation. Caller metadata is
  dropped. Calls are rate-limited per client address and per sender.

Every caller: bodies over ``MAX_BODY_BYTES`` → 413; not JSON, or a sender/message that is
not text → 400; a message over ``MAX_TEXT_CHARS`` → the reply "too long… shorter parts",
not given to the NLU pipeline; characters PostgreSQL cannot store are removed.

A caller may give each message a ``message_id`` and send it again with the same id when an
answer never came (a server died mid-turn, a connection dropped). If the conversation
already holds that message — the turn was done and saved, only the answer was lost — the
saved answer is returned and the message is not handled twice, whichever Rasa server the
retry reaches (the tracker store is shared; docs/scaling.md). A retry that arrives while
the first attempt is still running on a live server is not caught.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from .guard import (
    MAX_TEXT_CHARS,
    SLOW_DOWN_REPLY,
    TOO_LONG_REPLY,
    BadRequest,
    Guard,
    clean_text,
    is_clean_id,
    parse_json,
    too_large,
    valid_session_token,
)
from .ledger import Ledger

log = logging.getLogger(__name__)


class LimitedRestInput(RestInput):
    """``rest`` with size caps, rate limits and server-side sender ids for outsiders."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def __init__(self, guard: Guard | None = None, ledger: Ledger | None = None) -> None:
        self.guard = guard or Guard.from_env()
        self._ledger = ledger
        self._secrets: dict[str, bytes] = {}

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> LimitedRestInput:
        return cls()

    def _secret(self, name: str) -> bytes:
        if name not in self._secrets:
            ledger = self._ledger or Ledger()
            self._secrets[name] = ledger.webchat_secret() if name == "webchat" else ledger.secret()
        return self._secrets[name]

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("custom_webhook_LimitedRestInput", __name__)

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if too_large(request.headers.get("Content-Length"), request.body):
                log.info("rest message refused: body of %d bytes", len(request.body or b""))
                return response.json({"detail": TOO_LONG_REPLY}, status=413)
            address = self.guard.request_address(request)
            trusted_caller = self.guard.is_loopback(address)
            if not await self.guard.allow_address(address):
                return _slow_down()
            try:
                data = parse_json(request.body)
                if not isinstance(data, dict):
                    raise BadRequest("expected a JSON object with sender and message")
                sender, text = data.get("sender"), data.get("message")
                if not is_clean_id(sender):
                    raise BadRequest("sender must be text of 1 to 128 printable characters")
                if not isinstance(text, str):
                    raise BadRequest("message must be text")
                message_id = data.get("message_id")
                if message_id is not None and not is_clean_id(message_id):
                    raise BadRequest("message_id must be text of 1 to 128 printable characters")
            except BadRequest as exc:
                return response.json({"detail": str(exc)}, status=400)

            metadata: dict[str, Any] | None
            input_channel = self.name()
            if trusted_caller:
                given = data.get("metadata")
                metadata = given if isinstance(given, dict) else None
                if isinstance(data.get("input_channel"), str) and data["input_channel"]:
                    input_channel = data["input_channel"]
            elif valid_session_token(self._secret("webchat"), sender, data.get("session_token")):
                metadata = {"channel": "web"}  # the web chat page's fallback
            else:
                sender = "rest-" + hmac.new(self._secret("ids"), f"{address}\x00{sender}".encode(),
                                            hashlib.sha256).hexdigest()[:24]
                metadata = None
            if not await self.guard.allow_sender("rest", sender, address):
                return _slow_down()
            if len(text) > MAX_TEXT_CHARS:
                log.info("rest message from %s refused: %d characters", sender[:12], len(text))
                return response.json([{"recipient_id": sender, "text": TOO_LONG_REPLY}])
            text = clean_text(text)

            if rasa_bool(request.args.get("stream")):
                return response.stream(self.stream_response(on_new_message, text, sender,
                                                            input_channel, metadata),
                                       content_type="text/event-stream")
            if message_id is not None:
                answered = await _saved_answer(request, sender, message_id)
                if answered is not None:
                    log.info("rest message from %s already handled; its answer sent again",
                             sender[:12])
                    return response.json(answered)
            collector = CollectingOutputChannel()
            try:
                await on_new_message(UserMessage(text, collector, sender,
                                                 input_channel=input_channel, metadata=metadata,
                                                 message_id=message_id))
            except Exception as exc:  # noqa: BLE001 (as Rasa does, minus the text in the log)
                log.error("rest message from %s failed: %s", sender[:12], type(exc).__name__)
            return response.json(collector.messages)

        return bp


async def _saved_answer(request: Request, sender: str,
                        message_id: str) -> list[dict[str, Any]] | None:
    """The bot's messages after the user message ``message_id`` in the saved conversation,
    as the REST channel answers them; None if the conversation does not hold it."""
    agent = getattr(request.app.ctx, "agent", None)
    store = getattr(agent, "tracker_store", None)
    if store is None:
        return None
    tracker = await store.retrieve(sender)
    events = list(tracker.events) if tracker is not None else []
    for index, event in enumerate(events):
        if isinstance(event, UserUttered) and event.message_id == message_id:
            answer = []
            for later in events[index + 1:]:
                if isinstance(later, UserUttered):
                    break
                if isinstance(later, BotUttered):
                    message = {"recipient_id": sender}
                    if later.text:
                        message["text"] = later.text
                    data = later.data or {}
                    message.update({key: data[key] for key in ("buttons", "image", "custom",
                                                               "attachment") if data.get(key)})
                    answer.append(message)
            return answer
    return None


def rasa_bool(value: str | None) -> bool:
    return (value or "").lower() in ("1", "true", "yes", "on")


def _slow_down() -> HTTPResponse:
    return response.json({"detail": SLOW_DOWN_REPLY}, status=429, headers={"Retry-After": "60"})
