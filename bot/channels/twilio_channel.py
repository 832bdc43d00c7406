"""SMS and WhatsApp through Twilio: ``POST /webhooks/twilio/webhook``.

One connector for both: WhatsApp senders arrive as ``whatsapp:+44…``. Every request
must carry a valid ``X-Twilio-Signature`` (403 otherwise), computed over the public
URL Twilio called (``TWILIO_WEBHOOK_BASE_URL`` + path, so it works behind a proxy).
A ``MessageSid`` is handled once, even after a restart (``ledger``). The webhook
answers at once with empty TwiML; the bot's replies go out afterwards through
Twilio's REST API (``TWILIO_API_BASE_URL``), retried on 429 and 5xx. Bodies over 64 KiB
are a 413; a message over 4,000 characters is answered with a request for shorter parts;
each number is rate-limited (``guard``).

Metadata on each user message: ``channel`` (``sms``/``whatsapp``), ``media``
(``[{"url", "content_type"}]``, photos of damp and mould…), ``message_id``,
``phone`` (the resident's number, for the case's contact details).
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs

import aiohttp
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator

from .common import (
    SMS_PART_CHARS,
    WHATSAPP_PART_CHARS,
    conversation_id,
    mask,
    numbered_choices,
    resolve_choice,
    sms_friendly,
    spawn,
    split_text,
)
from .config import missing
from .guard import MAX_TEXT_CHARS, TOO_LONG_REPLY, Guard, clean_text, too_large
from .ledger import Ledger
from .webhook import WebhookInput

log = logging.getLogger(__name__)

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
MAX_MEDIA = 10  # Twilio sends at most 10 media items with a message

# Carrier-standard keywords (single-word messages only).
STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT"}
START_WORDS = {"START", "UNSTOP", "YES", "OPTIN"}
HELP_WORDS = {"HELP", "INFO"}
STOP_REPLY = ("You won't get any more messages from us on this number. "
              "Reply START to talk to us again.")
START_REPLY = "Welcome back. Tell us what's happening and we'll help."
HELP_REPLY = ("This is your landlord's repairs and complaints service. Tell us what's wrong "
              "in your own words and we'll help, or make a complaint. "
              "In an emergency call 999. Reply STOP to stop messages.")
MEDIA_ONLY_TEXT = "I've sent a photo."


class _Params(dict):
    """Form fields as lists, with the ``getall`` that RequestValidator looks for."""

    def getall(self, name: str) -> list[str]:
        return self[name]

    def first(self, name: str) -> str | None:
        values = self.get(name)
        return values[0] if values else None


class TwilioSender:
    """Twilio's Messages API, without blocking the event loop; retries 429 and 5xx."""

    def __init__(self, account_sid: str, auth_token: str, api_base_url: str,
                 attempts: int = 4, backoff: float = 0.5) -> None:
        self.url = f"{api_base_url.rstrip('/')}/2010-04-01/Accounts/{account_sid}/Messages.json"
        self.auth = aiohttp.BasicAuth(account_sid, auth_token)
        self.attempts = attempts
        self.backoff = backoff
        self._session: aiohttp.ClientSession | None = None

    async def send(self, from_: str, to: str, body: str) -> bool:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15))
        data = {"From": from_, "To": to, "Body": body}
        for attempt in range(1, self.attempts + 1):
            delay = self.backoff * 2 ** (attempt - 1)
            try:
                async with self._session.post(self.url, data=data, auth=self.auth) as resp:
                    if resp.status < 300:
                        return True
                    if resp.status != 429 and resp.status < 500:
                        log.error("twilio refused a message to %s: HTTP %s", mask(to), resp.status)
                        return False
                    delay = max(delay, _retry_after(resp.headers.get("Retry-After")))
                    log.warning("twilio answered %s for %s (attempt %s)", resp.status, mask(to), attempt)
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:  # noqa: UP041 (3.10)
                log.warning("twilio unreachable for %s (attempt %s): %s", mask(to), attempt,
                            type(exc).__name__)
            if attempt < self.attempts:
                await asyncio.sleep(delay)
        log.error("gave up sending a message to %s", mask(to))
        return False

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


def _retry_after(value: str | None) -> float:
    try:
        return min(float(value or 0), 10.0)
    except ValueError:
        return 0.0


class TwilioInput(WebhookInput):
    """SMS and WhatsApp residents, through Twilio webhooks."""

    @classmethod
    def name(cls) -> str:
        return "twilio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        c = credentials or {}
        env = os.environ
        return cls(
            account_sid=c.get("account_sid") or env.get("TWILIO_ACCOUNT_SID"),
            auth_token=c.get("auth_token") or env.get("TWILIO_AUTH_TOKEN"),
            twilio_number=c.get("twilio_number") or env.get("TWILIO_NUMBER"),
            webhook_base_url=c.get("webhook_base_url") or env.get("TWILIO_WEBHOOK_BASE_URL"),
            # TWILIO_API_BASE: the outbound-provider setting the intake API uses too
            # (docs/architecture.md §5); TWILIO_API_BASE_URL: this connector's older name.
            api_base_url=c.get("api_base_url") or env.get("TWILIO_API_BASE")
            or env.get("TWILIO_API_BASE_URL")
            or "https://api.twilio.com",
            keyword_replies=bool(c.get("keyword_replies", True)),
        )

    def __init__(self, account_sid: str | None, auth_token: str | None, twilio_number: str | None,
                 webhook_base_url: str | None = None, api_base_url: str = "https://api.twilio.com",
                 keyword_replies: bool = True, ledger: Ledger | None = None,
                 guard: Guard | None = None) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.twilio_number = twilio_number
        self.webhook_base_url = (webhook_base_url or "").rstrip("/") or None
        self.keyword_replies = keyword_replies
        self.missing = missing("twilio", {"TWILIO_ACCOUNT_SID": account_sid,
                                          "TWILIO_AUTH_TOKEN": auth_token,
                                          "TWILIO_NUMBER": twilio_number})
        self.validator = RequestValidator(auth_token) if auth_token else None
        self.sender = TwilioSender(account_sid or "", auth_token or "", api_base_url)
        self._ledger = ledger
        self.guard = guard or Guard.from_env()

    def public_url(self, request: Request) -> str:
        """The URL Twilio signed: the configured public base plus our path, or the
        URL as this server received it."""
        if not self.webhook_base_url:
            return request.url
        query = f"?{request.query_string}" if request.query_string else ""
        return f"{self.webhook_base_url}{request.path}{query}"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = self.webhook_blueprint(carries="SMS and WhatsApp")

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if self.missing or self.validator is None:
                return response.json({"detail": "the Twilio channel is not configured"}, status=503)
            if not (request.content_type or "").startswith("application/x-www-form-urlencoded"):
                return response.json({"detail": "expected a form-encoded body"}, status=415)
            if too_large(request.headers.get("Content-Length"), request.body):
                return response.json({"detail": "the request body is too large"}, status=413)
            try:
                params = _Params(parse_qs(request.body.decode("utf-8"), keep_blank_values=True,
                                          strict_parsing=bool(request.body)))
            except (UnicodeDecodeError, ValueError):
                return response.json({"detail": "malformed form body"}, status=400)
            signature = request.headers.get("X-Twilio-Signature") or ""
            if not signature or not self.validator.validate(self.public_url(request), params,
                                                            signature):
                log.warning("twilio webhook refused: %s signature",
                            "missing" if not signature else "invalid")
                return response.json({"detail": "invalid signature"}, status=403)

            message_sid = params.first("MessageSid") or params.first("SmsMessageSid")
            sender = params.first("From")
            if not message_sid or not sender:
                return response.json({"detail": "MessageSid and From are required"}, status=400)
            try:
                media = _media(params)
            except ValueError as exc:
                return response.json({"detail": str(exc)}, status=400)

            if not await asyncio.to_thread(self.ledger.claim, f"twilio:{message_sid}"):
                log.info("twilio message %s already handled; ignored", message_sid)
                return response.text(EMPTY_TWIML, content_type="text/xml")
            # Per resident: Twilio's own addresses carry every resident's messages.
            if not await self.guard.allow_sender("twilio", sender,
                                                 self.guard.request_address(request)):
                log.info("twilio message %s from %s not handled: rate limit", message_sid,
                         mask(sender))
                return response.text(EMPTY_TWIML, content_type="text/xml")
            spawn(self.handle(on_new_message, message_sid, sender, params.first("To"),
                              params.first("Body") or "", media),
                  f"twilio message {message_sid}")
            return response.text(EMPTY_TWIML, content_type="text/xml")

        return bp

    async def handle(self, on_new_message: Callable[[UserMessage], Awaitable[Any]],
                     message_sid: str, sender: str, to: str | None, body: str,
                     media: list[dict[str, str]]) -> None:
        kind = "whatsapp" if sender.startswith("whatsapp:") else "sms"
        conversation = conversation_id(kind, sender, await asyncio.to_thread(self.ledger.secret))
        reply_from = to or (f"whatsapp:{self.twilio_number}" if kind == "whatsapp"
                            else self.twilio_number) or ""

        async def reply(text: str) -> None:
            limit = WHATSAPP_PART_CHARS if kind == "whatsapp" else SMS_PART_CHARS
            for part in split_text(text if kind == "whatsapp" else sms_friendly(text), limit):
                if not await self.sender.send(reply_from, sender, part):
                    break

        body = clean_text(body)
        keyword = body.strip().upper() if not media else ""
        if keyword in STOP_WORDS:
            await asyncio.to_thread(self.ledger.set_opted_out, conversation, True)
            log.info("%s %s opted out", kind, mask(sender))
            if self.keyword_replies or kind == "whatsapp":
                await reply(STOP_REPLY)
            return
        if keyword in START_WORDS and await asyncio.to_thread(self.ledger.is_opted_out, conversation):
            await asyncio.to_thread(self.ledger.set_opted_out, conversation, False)
            if self.keyword_replies:
                await reply(START_REPLY)
            return
        if keyword in HELP_WORDS:
            if self.keyword_replies:
                await reply(HELP_REPLY)
            return
        if await asyncio.to_thread(self.ledger.is_opted_out, conversation):
            if kind == "sms":
                # The carrier blocks our replies until the resident sends START.
                log.info("message from opted-out %s not handled (reply START)", mask(sender))
                return
            await asyncio.to_thread(self.ledger.set_opted_out, conversation, False)

        if len(body) > MAX_TEXT_CHARS:
            log.info("%s message %s refused: %d characters", kind, message_sid, len(body))
            await reply(TOO_LONG_REPLY)
            return
        buttons = await asyncio.to_thread(self.ledger.choices, conversation)
        text = resolve_choice(body, buttons) or body.strip() or (MEDIA_ONLY_TEXT if media else "")
        if not text:
            return
        metadata: dict[str, Any] = {"channel": kind, "media": media, "message_id": message_sid,
                                    "phone": sender.removeprefix("whatsapp:")}
        log.info("%s message %s from %s%s", kind, message_sid, mask(sender),
                 f" with {len(media)} attachment(s)" if media else "")
        answer, buttons = await self.turn(on_new_message, text, conversation, metadata, message_sid)
        if buttons:
            answer = f"{answer}\n\n{numbered_choices(buttons)}" if answer else numbered_choices(buttons)
        if answer:
            await reply(answer)

    def get_output_channel(self) -> None:
        return None  # replies need the resident's number, known only per message


def _media(params: _Params) -> list[dict[str, str]]:
    raw = params.first("NumMedia") or "0"
    if not raw.isdigit() or int(raw) > MAX_MEDIA:
        raise ValueError("NumMedia must be a number from 0 to 10")
    media = []
    for i in range(int(raw)):
        url = params.first(f"MediaUrl{i}")
        if not url or not url.startswith(("https://", "http://")):
            raise ValueError(f"MediaUrl{i} is missing or not a URL")
        media.append({"url": url, "content_type": params.first(f"MediaContentType{i}") or ""})
    return media
