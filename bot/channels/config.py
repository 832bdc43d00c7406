"""Which message channels are configured: one rule for the connectors and ``make run``.

No Rasa imports, so ``scripts/run.py`` (the API's environment) can use it too.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

# The environment variables a channel cannot work without.
REQUIRED: dict[str, tuple[str, ...]] = {
    "twilio": ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_NUMBER"),
    "telegram": ("TELEGRAM_BOT_TOKEN", "TELEGRAM_SECRET_TOKEN"),
}


def missing(channel: str, env: Mapping[str, str | None] | None = None) -> list[str]:
    env = os.environ if env is None else env
    return [name for name in REQUIRED[channel] if not env.get(name)]


def summary(env: Mapping[str, str] | None = None) -> list[str]:
    """One line per channel for the start-up banner."""
    env = os.environ if env is None else env
    lines = ["web chat: on"]
    for channel, label, path in (("twilio", "SMS and WhatsApp (Twilio)", "/webhooks/twilio/webhook"),
                                 ("telegram", "Telegram", "/webhooks/telegram/webhook")):
        gaps = missing(channel, env)
        lines.append(f"{label}: on at {path}" if not gaps
                     else f"{label}: off (set {', '.join(gaps)})")
    return lines
