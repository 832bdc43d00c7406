"""Telegram through python-telegram-bot in webhook mode: ``POST /webhooks/telegram/webhook``.

Telegram sends the secret given to ``setWebhook`` (``scripts/telegram_set_webhook.py``)
in ``X-Telegram-Bot-Api-Secret-Token``; it must equal ``TELEGRAM_SECRET_TOKEN`` (403
otherwise). An ``update_id`` is handled once, even after a restart (``ledger``). The
webhook answers at once; replies go out through PTB's ``Bot`` (``TELEGRAM_API_BASE_URL``
for a local stand-in in tests), with buttons as an inline keyboard. Bodies over 64 KiB are
a 413, bad or deeply nested JSON a 400; a message over 4,000 characters is answered with a
request for shorter parts; each chat is rate-limited (``guard``).

Photos are recorded as links to ``/webhooks/telegram/file/<file_id>?sig=…`` on this
server: Telegram's own file links contain the bot token and must never reach a case.

Metadata on each user message: ``channel`` (``telegram``), ``media``
(``[{"url", "content_type"}]``), ``message_id``.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import NetworkError, RetryAfter, TelegramError

from .common import (
    TELEGRAM_PART_CHARS,
    conversation_id,
    mask,
    resolve_choice,
    spawn,
    split_text,
)
from .config import missing
from .guard import (
    MAX_TEXT_CHARS,
    TOO_LONG_REPLY,
    BadRequest,
    Guard,
    clean_text,
    parse_json,
    too_large,
)
from .ledger import Ledger
from .webhook import WebhookInput

log = logging.getLogger(__name__)
# PTB logs every Bot API call's parameters (a resident's messages) at DEBUG, and httpx logs
# each request's URL, which holds the bot token, at INFO: neither belongs in our logs.
logging.getLogger("telegram.Bot").setLevel(logging.INFO)
logging.getLogger("httpx").setLevel(logging.WARNING)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
CALLBACK_DATA_BYTES = 64  # Telegram's limit on a button's callback data
HELP_REPLY = ("This is your landlord's repairs and complaints service. Tell us what's wrong "
              "in your own words and we'll help, or make a complaint. In an emergency call 999.")
MEDIA_ONLY_TEXT = "I've sent a photo."


class TelegramInput(WebhookInput):
    """Telegram residents, through a webhook."""

    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        c = credentials or {}
        env = os.environ
        return cls(
            bot_token=c.get("bot_token") or env.get("TELEGRAM_BOT_TOKEN"),
            secret_token=c.get("secret_token") or env.get("TELEGRAM_SECRET_TOKEN"),
            # TELEGRAM_API_BASE as the intake API (docs/architecture.md §5); the older name too.
            api_base_url=c.get("api_base_url") or env.get("TELEGRAM_API_BASE")
            or env.get("TELEGRAM_API_BASE_URL")
            or "https://api.telegram.org",
            webhook_base_url=c.get("webhook_base_url") or env.get("TELEGRAM_WEBHOOK_BASE_URL"),
        )

    def __init__(self, bot_token: str | None, secret_token: str | None,
                 api_base_url: str = "https://api.telegram.org",
                 webhook_base_url: str | None = None, ledger: Ledger | None = None,
                 guard: Guard | None = None) -> None:
        self.bot_token = bot_token
        self.secret_token = secret_token
        self.api_base_url = api_base_url.rstrip("/")
        self.webhook_base_url = (webhook_base_url or "").rstrip("/") or None
        self.missing = missing("telegram", {"TELEGRAM_BOT_TOKEN": bot_token,
                                            "TELEGRAM_SECRET_TOKEN": secret_token})
        self._bot: Bot | None = None
        self._ledger = ledger
        self.guard = guard or Guard.from_env()

    @property
    def bot(self) -> Bot:
        if self._bot is None:
            self._bot = Bot(self.bot_token or "", base_url=f"{self.api_base_url}/bot",
                            base_file_url=f"{self.api_base_url}/file/bot")
        return self._bot

    def _file_signature(self, file_id: str) -> str:
        return hmac.new((self.secret_token or "").encode(), file_id.encode(),
                        hashlib.sha256).hexdigest()[:32]

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = self.webhook_blueprint()

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if self.missing:
                return response.json({"detail": "the Telegram channel is not configured"}, status=503)
            given = request.headers.get(SECRET_HEADER) or ""
            if not hmac.compare_digest(given.encode(), (self.secret_token or "").encode()):
                log.warning("telegram webhook refused: %s secret token",
                            "missing" if not given else "wrong")
                return response.json({"detail": "invalid secret token"}, status=403)
            if too_large(request.headers.get("Content-Length"), request.body):
                return response.json({"detail": "the request body is too large"}, status=413)
            try:
                data = parse_json(request.body)
                if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                    raise TypeError("not an update")
                update = Update.de_json(data, self.bot)
            except BadRequest as exc:
                return response.json({"detail": str(exc)}, status=400)
            except (ValueError, TypeError, KeyError, AttributeError, RecursionError,
                    TelegramError):
                return response.json({"detail": "expected a Telegram update"}, status=400)

            bot_id = (self.bot_token or "").split(":", 1)[0]
            if not await asyncio.to_thread(self.ledger.claim, f"telegram:{bot_id}:{update.update_id}"):
                log.info("telegram update %s already handled; ignored", update.update_id)
                return response.json({"status": "duplicate"})
            chat = update.effective_chat
            # Per resident: Telegram's own addresses carry every resident's updates.
            if chat is not None and not await self.guard.allow_sender(
                    "telegram", str(chat.id), self.guard.request_address(request)):
                log.info("telegram update %s from %s not handled: rate limit", update.update_id,
                         mask(chat.id))
                return response.json({"status": "rate limited"})
            base = self.webhook_base_url or f"{request.scheme}://{request.host}"
            spawn(self.handle(on_new_message, update, base), f"telegram update {update.update_id}")
            return response.json({"status": "accepted"})

        @bp.route("/file/<file_id>", methods=["GET"])
        async def file(request: Request, file_id: str) -> HTTPResponse:
            # A resident's photo, for staff looking at the case: only links we issued work.
            if self.missing or not hmac.compare_digest(request.args.get("sig", ""),
                                                       self._file_signature(file_id)):
                return response.json({"detail": "not found"}, status=404)
            try:
                tg_file = await self.bot.get_file(file_id)
                content = await tg_file.download_as_bytearray()
            except TelegramError:
                return response.json({"detail": "file not available"}, status=404)
            return response.raw(bytes(content), content_type="application/octet-stream",
                                headers={"Content-Disposition": "attachment"})

        return bp

    async def handle(self, on_new_message: Callable[[UserMessage], Awaitable[Any]],
                     update: Update, base_url: str) -> None:
        message = update.effective_message
        chat = update.effective_chat
        if chat is None:
            return
        if chat.type != "private":
            # A complaint is personal: the bot talks to residents one to one, not in groups.
            log.info("telegram update %s from a %s chat ignored", update.update_id, chat.type)
            return
        conversation = conversation_id("telegram", str(chat.id),
                                       await asyncio.to_thread(self.ledger.secret))
        buttons = await asyncio.to_thread(self.ledger.choices, conversation)
        media: list[dict[str, str]] = []
        text = ""
        if update.callback_query is not None:
            query = update.callback_query
            data = clean_text(query.data or "")[:MAX_TEXT_CHARS]
            text = resolve_choice(data[len("choice:"):], buttons) \
                if data.startswith("choice:") else data
            try:
                await query.answer()
            except TelegramError:
                pass
        elif message is not None:
            text = clean_text(message.text or message.caption or "").strip()
            if len(text) > MAX_TEXT_CHARS:
                log.info("telegram update %s refused: %d characters", update.update_id, len(text))
                await self._send(chat.id, TOO_LONG_REPLY, [])
                return
            media = self._media(message, base_url)
            if text.lower().split("@")[0] == "/start":
                text = "Hello"
            elif text.lower().split("@")[0] == "/help":
                await self._send(chat.id, HELP_REPLY, [])
                return
            else:
                text = resolve_choice(text, buttons) or text
            if not text and media:
                text = MEDIA_ONLY_TEXT
        if not text:
            return
        await asyncio.to_thread(self.ledger.set_choices, conversation, [])
        log.info("telegram update %s from %s%s", update.update_id, mask(chat.id),
                 f" with {len(media)} attachment(s)" if media else "")
        # chat_id: the case carries it so the resident's notices can reach this chat.
        metadata = {"channel": "telegram", "media": media, "message_id": str(update.update_id),
                    "chat_id": str(chat.id)}
        answer, buttons = await self.turn(on_new_message, text, conversation, metadata,
                                          str(update.update_id))
        if answer or buttons:
            await self._send(chat.id, answer or "Please choose:", buttons)

    def _media(self, message: Any, base_url: str) -> list[dict[str, str]]:
        items: list[tuple[str, str]] = []
        if message.photo:
            items.append((message.photo[-1].file_id, "image/jpeg"))  # the largest size
        for attachment in (message.document, message.video, message.voice):
            if attachment is not None:
                items.append((attachment.file_id, getattr(attachment, "mime_type", None) or ""))
        return [{"url": f"{base_url}/webhooks/telegram/file/{file_id}?sig={self._file_signature(file_id)}",
                 "content_type": content_type} for file_id, content_type in items]

    def _keyboard(self, buttons: list[dict[str, Any]]) -> InlineKeyboardMarkup | None:
        if not buttons:
            return None
        rows = []
        for i, button in enumerate(buttons, 1):
            payload = str(button.get("payload") or button.get("title") or "")
            data = payload if len(payload.encode()) <= CALLBACK_DATA_BYTES else f"choice:{i}"
            rows.append([InlineKeyboardButton(str(button.get("title", payload)), callback_data=data)])
        return InlineKeyboardMarkup(rows)

    async def _send(self, chat_id: int, text: str, buttons: list[dict[str, Any]]) -> None:
        parts = split_text(text, TELEGRAM_PART_CHARS)
        for index, part in enumerate(parts):
            markup = self._keyboard(buttons) if index == len(parts) - 1 else None
            for attempt in range(1, 5):
                try:
                    await self.bot.send_message(chat_id=chat_id, text=part, reply_markup=markup)
                    break
                except RetryAfter as exc:
                    delay = exc.retry_after
                    wait = delay.total_seconds() if hasattr(delay, "total_seconds") else float(delay)
                    await asyncio.sleep(min(wait, 10.0))
                except NetworkError as exc:  # includes TimedOut and 5xx answers
                    log.warning("telegram send to %s failed (attempt %s): %s", mask(chat_id),
                                attempt, type(exc).__name__)
                    await asyncio.sleep(0.5 * 2 ** (attempt - 1))
                except TelegramError as exc:
                    log.error("telegram refused a message to %s: %s", mask(chat_id),
                              type(exc).__name__)
                    return
            else:
                log.error("gave up sending a message to %s", mask(chat_id))
                return

    def get_output_channel(self) -> None:
        return None
