"""The providers that carry resident notices: Twilio (SMS, WhatsApp), Telegram, SMTP.

Each ``send`` returns the provider's id for the message, or raises one of three
outcomes the outbox acts on (services/outbox.py):

- ``Retry``: the provider certainly did not take it (could not connect, 429, 5xx) —
  try again later;
- ``Refused``: it never will on this route (an opted-out or invalid number, a blocked
  bot, a mailbox that does not exist) — try the next way of reaching them;
- ``Ambiguous``: it may have been taken (the connection dropped after the request was
  sent) — never sent again automatically, so nothing reaches a resident twice.

Base URLs and hosts come from the settings (``TWILIO_API_BASE``, ``TELEGRAM_API_BASE``,
``SMTP_HOST``/``SMTP_PORT``); nothing else is called. Twilio and Telegram take no
idempotency key for sending a message; an email's Message-ID is fixed per notice, so
a resent email is the same message to the receiving server.
"""

from __future__ import annotations

import asyncio
import json
import logging
import smtplib
import ssl
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any

import requests
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from ..core.config import Settings

log = logging.getLogger(__name__)
# The twilio library logs requests at INFO; its lines would carry numbers.
logging.getLogger("twilio.http_client").setLevel(logging.WARNING)

TIMEOUT = 15.0


def _run(coroutine: Coroutine[Any, Any, str]) -> str:
    """Run python-telegram-bot's coroutine from this synchronous code, also when the
    calling thread already has an event loop running (then in a thread of its own)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class Retry(Exception):
    def __init__(self, reason: str, after: float | None = None) -> None:
        super().__init__(reason)
        self.reason, self.after = reason, after


class Refused(Exception):
    def __init__(self, reason: str, opted_out: bool = False) -> None:
        super().__init__(reason)
        self.reason, self.opted_out = reason, opted_out


class Ambiguous(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# Twilio's error for a recipient who replied STOP. Any other 4xx (not a valid or mobile
# number, outside the WhatsApp window …) also means "not on this route".
TWILIO_OPTED_OUT = 21610


# What each channel cannot work without (settings, and their environment names).
_NEEDS = {
    "sms": ("twilio_account_sid", "twilio_auth_token", "twilio_number"),
    "whatsapp": ("twilio_account_sid", "twilio_auth_token"),
    "telegram": ("telegram_bot_token",),
    "email": ("smtp_host", "smtp_from"),
}
_ENV = {"twilio_account_sid": "TWILIO_ACCOUNT_SID", "twilio_auth_token": "TWILIO_AUTH_TOKEN",
        "twilio_number": "TWILIO_NUMBER", "telegram_bot_token": "TELEGRAM_BOT_TOKEN",
        "smtp_host": "SMTP_HOST", "smtp_from": "SMTP_FROM"}


@dataclass
class Providers:
    settings: Settings

    def __post_init__(self) -> None:
        self._twilio: Client | None = None

    # -- what is set up -----------------------------------------------------------------

    def missing(self, channel: str) -> str:
        names = [_ENV[f] for f in _NEEDS.get(channel, ()) if not getattr(self.settings, f)]
        if channel == "whatsapp" and not (self.settings.twilio_whatsapp_number or self.settings.twilio_number):
            names.append("TWILIO_WHATSAPP_NUMBER or TWILIO_NUMBER")
        return "set " + ", ".join(names) if names else ""

    def configured(self, channel: str) -> bool:
        return channel in _NEEDS and not self.missing(channel)

    # -- sending ------------------------------------------------------------------------

    def send(self, channel: str, to: str, text: str, *, subject: str, key: str,
             template: str | None = None, variables: dict[str, str] | None = None,
             part: int = 0) -> str:
        if channel in ("sms", "whatsapp"):
            return self._twilio_send(channel, to, text, key, template, variables, part)
        if channel == "telegram":
            return self._telegram_send(to, text)
        if channel == "email":
            return self._email_send(to, subject, text, key)
        raise Refused(f"cannot send by {channel}")

    def twilio(self) -> Client:
        if self._twilio is None:
            s = self.settings
            client = Client(s.twilio_account_sid, s.twilio_auth_token,
                            http_client=TwilioHttpClient(timeout=TIMEOUT))
            client.api.base_url = s.twilio_api_base.rstrip("/")
            self._twilio = client
        return self._twilio

    def status_callback(self, key: str, part: int) -> str | None:
        base = (self.settings.public_url or "").rstrip("/")
        return f"{base}/webhooks/twilio/status?notice={key}&part={part}" if base else None

    def _twilio_send(self, channel: str, to: str, text: str, key: str, template: str | None,
                     variables: dict[str, str] | None, part: int) -> str:
        s = self.settings
        if channel == "whatsapp":
            sender = f"whatsapp:{s.twilio_whatsapp_number or s.twilio_number}"
            to = f"whatsapp:{to}"
        else:
            sender = s.twilio_number
        kwargs: dict[str, object] = {"to": to, "from_": sender}
        callback = self.status_callback(key, part)
        if callback:
            kwargs["status_callback"] = callback
        if template:
            kwargs["content_sid"] = template
            kwargs["content_variables"] = json.dumps(variables or {})
        else:
            kwargs["body"] = text
        try:
            message = self.twilio().messages.create(**kwargs)
        except TwilioRestException as exc:
            code = exc.code
            if exc.status == 429 or exc.status >= 500:
                raise Retry(f"Twilio answered {exc.status}") from None
            if code == TWILIO_OPTED_OUT:
                raise Refused("the number has opted out (STOP)", opted_out=True) from None
            raise Refused(f"Twilio refused it (HTTP {exc.status}, error {code})") from None
        except requests.exceptions.ReadTimeout:
            raise Ambiguous("Twilio did not answer in time") from None
        except requests.exceptions.ConnectionError:
            raise Retry("Twilio could not be reached") from None
        return str(message.sid)

    def _telegram_send(self, chat_id: str, text: str) -> str:
        base = self.settings.telegram_api_base.rstrip("/")
        bot = Bot(self.settings.telegram_bot_token or "", base_url=f"{base}/bot",
                  base_file_url=f"{base}/file/bot")

        async def send() -> str:
            message = await bot.send_message(chat_id=int(chat_id), text=text,
                                             read_timeout=TIMEOUT, connect_timeout=TIMEOUT)
            await bot.shutdown()
            return str(message.message_id)

        try:
            return _run(send())
        except RetryAfter as exc:
            after = exc.retry_after
            seconds = after.total_seconds() if hasattr(after, "total_seconds") else float(after)
            raise Retry("Telegram asked us to wait", after=seconds) from None
        except TimedOut:
            raise Ambiguous("Telegram did not answer in time") from None
        except (Forbidden, BadRequest) as exc:
            raise Refused(f"Telegram refused it ({type(exc).__name__})") from None
        except NetworkError:
            raise Retry("Telegram could not be reached") from None
        except TelegramError as exc:
            raise Refused(f"Telegram refused it ({type(exc).__name__})") from None

    def message_id(self, key: str) -> str:
        domain = (self.settings.smtp_from or "localhost").rpartition("@")[2] or "localhost"
        return f"<notice-{key}@{domain}>"

    def _email_send(self, to: str, subject: str, text: str, key: str) -> str:
        s = self.settings
        message = EmailMessage()
        message["From"] = s.smtp_from
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = formatdate(localtime=False)
        # The same Message-ID on every attempt: a resend is the same message.
        message["Message-ID"] = self.message_id(key)
        message.set_content(text)
        try:
            if s.smtp_security == "tls":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(s.smtp_host, s.smtp_port, timeout=TIMEOUT,
                                                      context=ssl.create_default_context())
            else:
                smtp = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=TIMEOUT)
        except OSError:
            raise Retry("the mail server could not be reached") from None
        try:
            with smtp:
                if s.smtp_security == "starttls":
                    smtp.starttls(context=ssl.create_default_context())
                if s.smtp_username:
                    smtp.login(s.smtp_username, s.smtp_password or "")
                smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused:
            raise Refused("the mail server refused the address") from None
        except smtplib.SMTPResponseException as exc:
            if 400 <= exc.smtp_code < 500:
                raise Retry(f"the mail server answered {exc.smtp_code}") from None
            raise Refused(f"the mail server refused it ({exc.smtp_code})") from None
        except (smtplib.SMTPServerDisconnected, TimeoutError):
            # The same Message-ID makes a resend the same message, so trying again is safe.
            raise Retry("the mail server dropped the connection") from None
        except (smtplib.SMTPException, OSError) as exc:
            raise Retry(f"the mail server failed ({type(exc).__name__})") from None
        return message["Message-ID"]
