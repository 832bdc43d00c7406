"""The Twilio and Telegram webhooks under abuse: oversized and deeply nested bodies are a
4xx (never a 500), over-long messages get a kind reply and never reach the bot, text
PostgreSQL cannot store is removed, each resident is rate-limited, and no resident text
reaches the log."""

from __future__ import annotations

import logging

import pytest
from channels.guard import MAX_TEXT_CHARS, TOO_LONG_REPLY
from channels.telegram_channel import TelegramInput
from conftest import TELEGRAM_SECRET, TELEGRAM_TOKEN, make_twilio, strict_guard
from test_telegram import message_update
from test_telegram import post as telegram_post
from test_twilio import inbound, settle
from test_twilio import post as twilio_post

pytestmark = pytest.mark.asyncio


async def test_telegram_deeply_nested_json_with_the_right_secret_is_a_400(telegram):
    nested = b'{"update_id": 1, "message": ' + b"[" * 30_000 + b"]" * 30_000 + b"}"
    response = await telegram_post(telegram, None, raw=nested)
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]
    assert telegram.bot.received == []


@pytest.mark.parametrize("raw", [b"{not json", b"\xff\xfe\x00", b"", b"null"])
async def test_telegram_malformed_json_is_a_400_with_a_message(telegram, raw):
    response = await telegram_post(telegram, None, raw=raw)
    assert response.status_code == 400
    assert response.json()["detail"]


async def test_telegram_an_oversized_body_is_a_413(telegram):
    update = message_update("x" * 100_000)
    response = await telegram_post(telegram, update)
    assert response.status_code == 413
    assert telegram.bot.received == []


async def test_telegram_an_over_long_message_is_answered_and_not_processed(telegram, telegram_api):
    response = await telegram_post(telegram, message_update("a" * (MAX_TEXT_CHARS + 1)))
    assert response.status_code == 200
    await settle(telegram)
    assert telegram.bot.received == []
    [sent] = await telegram_api.wait_for(1)
    assert sent["text"] == TOO_LONG_REPLY


async def test_telegram_nul_never_reaches_the_conversation(telegram):
    await telegram_post(telegram, message_update("Damp\u0000 in the\x1b hall"))
    await settle(telegram)
    assert telegram.bot.received[0].text == "Damp in the hall"


async def test_telegram_each_resident_is_rate_limited(telegram_api, ledger, serve):
    server = await serve(TelegramInput(TELEGRAM_TOKEN, TELEGRAM_SECRET, api_base_url=telegram_api.url,
                                       ledger=ledger, guard=strict_guard()))
    answers = [(await telegram_post(server, message_update(f"message {n}"))).json()["status"]
               for n in range(4)]
    assert answers == ["accepted"] * 3 + ["rate limited"]
    other = message_update("Hello")
    other["message"]["chat"]["id"] = 111
    assert (await telegram_post(server, other)).json()["status"] == "accepted"
    await settle(server)
    assert len(server.bot.received) == 4


async def test_twilio_an_oversized_body_is_a_413(twilio):
    response = await twilio_post(twilio, inbound("x" * 70_000))
    assert response.status_code == 413
    await settle(twilio)
    assert twilio.bot.received == []


async def test_twilio_an_over_long_message_is_answered_kindly_and_not_processed(twilio, twilio_api):
    response = await twilio_post(twilio, inbound("a" * (MAX_TEXT_CHARS + 1)))
    assert response.status_code == 200
    await settle(twilio)
    assert twilio.bot.received == []
    sent = await twilio_api.wait_for(1)
    assert " ".join(m["Body"] for m in sent).startswith("That message is too long for me")


async def test_twilio_nul_never_reaches_the_conversation(twilio):
    await twilio_post(twilio, inbound("Boiler\u0000 broken\x07"))
    await settle(twilio)
    assert twilio.bot.received[0].text == "Boiler broken"


async def test_twilio_each_resident_is_rate_limited(twilio_api, ledger, serve):
    server = await serve(make_twilio(twilio_api.url, ledger, guard=strict_guard()))
    for n in range(4):
        assert (await twilio_post(server, inbound(f"message {n}"))).status_code == 200
    await twilio_post(server, inbound("Hello", sender="+447700900999"))
    await settle(server)
    assert [m.text for m in server.bot.received] == ["message 0", "message 1", "message 2", "Hello"]


async def test_no_resident_text_in_the_webhooks_log(twilio, telegram, caplog):
    caplog.set_level(logging.DEBUG)
    for text in ("Secret-marker my neighbour threatened me", "Secret-marker " * 400):
        await twilio_post(twilio, inbound(text))
        await telegram_post(telegram, message_update(text))
    await settle(twilio)
    await settle(telegram)
    assert "Secret-marker" not in caplog.text
