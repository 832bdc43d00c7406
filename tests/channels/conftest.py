"""Fixtures for the channel connectors' tests (run with .venv-rasa/bin/pytest tests/channels).

Every webhook goes to a real Sanic server on 127.0.0.1; every outbound call goes to a
local stand-in of Twilio or Telegram. Nothing reaches the internet.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest_asyncio

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bot"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from channels.guard import Guard
from channels.ledger import Ledger
from channels.rest import LimitedRestInput
from channels.telegram_channel import TelegramInput
from channels.twilio_channel import TwilioInput
from channels.webchat import WebChatInput
from standins import ChannelServer, FakeBot, StandInTelegram, StandInTwilio

TWILIO_SID = "AC" + "0" * 32
TWILIO_TOKEN = "test-auth-token"
TWILIO_NUMBER = "+447700900000"
TELEGRAM_TOKEN = "123456:TEST-TOKEN"
TELEGRAM_SECRET = "test-secret-token"


@pytest_asyncio.fixture
async def twilio_api():
    api = StandInTwilio()
    await api.start()
    yield api
    await api.stop()


@pytest_asyncio.fixture
async def telegram_api():
    api = StandInTelegram(token=TELEGRAM_TOKEN)
    await api.start()
    yield api
    await api.stop()


@pytest_asyncio.fixture
async def ledger(tmp_path):
    store = Ledger(tmp_path / "channels.sqlite3")
    yield store
    store.close()


def make_twilio(api_url: str, ledger: Ledger, **overrides) -> TwilioInput:
    settings = {"account_sid": TWILIO_SID, "auth_token": TWILIO_TOKEN,
                "twilio_number": TWILIO_NUMBER, "api_base_url": api_url, "ledger": ledger}
    settings.update(overrides)
    channel = TwilioInput(**settings)
    channel.sender.backoff = 0.01
    return channel


@pytest_asyncio.fixture
async def serve():
    """``await serve(channel)`` → a running ChannelServer with a FakeBot behind it."""
    servers: list[ChannelServer] = []

    async def start(channel) -> ChannelServer:
        server = ChannelServer(channel, FakeBot())
        await server.start()
        servers.append(server)
        return server

    yield start
    from channels.common import drain

    await drain()
    for server in servers:
        await server.stop()
        sender = getattr(server.channel, "sender", None)
        if sender is not None:
            await sender.close()
        bot = getattr(server.channel, "_bot", None)
        if bot is not None:
            await bot.shutdown()


@pytest_asyncio.fixture
async def twilio(twilio_api, ledger, serve):
    return await serve(make_twilio(twilio_api.url, ledger))


@pytest_asyncio.fixture
async def telegram(telegram_api, ledger, serve):
    channel = TelegramInput(TELEGRAM_TOKEN, TELEGRAM_SECRET, api_base_url=telegram_api.url,
                            ledger=ledger)
    return await serve(channel)


def strict_guard(**overrides) -> Guard:
    """Limits that also apply to loopback callers (every test client is one)."""
    settings = {"sender_limit": "3/minute", "address_limit": "100/minute", "limit_loopback": True}
    settings.update(overrides)
    return Guard(**settings)


@pytest_asyncio.fixture
async def webchat(ledger, serve):
    channel = WebChatInput(session_persistence=True, socketio_path="/webchat/socket.io",
                           guard=Guard(), ledger=ledger)
    return await serve(channel)


@pytest_asyncio.fixture
async def rest(ledger, serve):
    return await serve(LimitedRestInput(guard=Guard(), ledger=ledger))
