"""scripts/telegram_set_webhook.py registers the webhook with the secret token."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TELEGRAM_SECRET, TELEGRAM_TOKEN

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "telegram_set_webhook.py"
pytestmark = pytest.mark.asyncio


async def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")} | env
    return await asyncio.to_thread(subprocess.run, [sys.executable, str(SCRIPT), *args],
                                   env=full, capture_output=True, text=True, timeout=30)


async def test_it_registers_the_public_url_with_the_secret_token(telegram_api):
    result = await run({"TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN, "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET,
                        "TELEGRAM_WEBHOOK_BASE_URL": "https://chat.landlord.example/",
                        "TELEGRAM_API_BASE_URL": telegram_api.url})
    assert result.returncode == 0, result.stderr
    [params] = telegram_api.sent("setWebhook")
    assert params["url"] == "https://chat.landlord.example/webhooks/telegram/webhook"
    assert params["secret_token"] == TELEGRAM_SECRET
    assert TELEGRAM_TOKEN not in result.stdout + result.stderr


async def test_it_refuses_without_a_public_https_url(telegram_api):
    result = await run({"TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN, "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET,
                        "TELEGRAM_API_BASE_URL": telegram_api.url})
    assert result.returncode == 2
    assert telegram_api.calls == []
