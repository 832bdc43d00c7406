"""The REST channel (``POST /webhooks/rest/webhook``): Rasa's request and reply shape,
with size caps, bad input as a 400, rate limits, and conversation ids that only
loopback callers (or the web chat page holding its session token) may choose."""

from __future__ import annotations

import asyncio
import json
import logging
import time

import httpx
import pytest
from channels.guard import MAX_TEXT_CHARS, SLOW_DOWN_REPLY, TOO_LONG_REPLY, session_token
from channels.rest import LimitedRestInput
from conftest import strict_guard

pytestmark = pytest.mark.asyncio

PATH = "/webhooks/rest/webhook"
PROXY = {"X-Forwarded-For": "203.0.113.7"}  # a resident's address, through a trusted proxy


async def post(server, payload=None, raw: bytes | None = None, headers=None) -> httpx.Response:
    async with httpx.AsyncClient(timeout=30) as client:
        return await client.post(server.url + PATH, headers={"Content-Type": "application/json", **(headers or {})},
                                 content=raw if raw is not None else json.dumps(payload))


async def behind_proxy(ledger, serve, **guard):
    """A REST channel whose callers arrive through a trusted proxy on 127.0.0.1, so the
    forwarded address is the client (and is not loopback)."""
    return await serve(LimitedRestInput(guard=strict_guard(trusted_proxies="127.0.0.1", **guard),
                                        ledger=ledger))


async def test_a_message_gets_rasas_reply_shape(rest):
    response = await post(rest, {"sender": "check-1", "message": "Hello"})
    assert response.status_code == 200
    assert response.json() == [{"recipient_id": "check-1", "text": "You said: Hello"}]
    [message] = rest.bot.received
    assert message.sender_id == "check-1" and message.input_channel == "rest"


async def test_loopback_callers_keep_their_metadata(rest):
    await post(rest, {"sender": "check-2", "message": "Hi", "metadata": {"channel": "web"}})
    assert rest.bot.received[0].metadata == {"channel": "web"}


async def test_a_one_megabyte_message_is_refused_at_once_with_a_message(rest):
    started = time.monotonic()
    response = await post(rest, {"sender": "check-3", "message": "x" * 1_000_000})
    assert time.monotonic() - started < 1.0
    assert response.status_code == 413
    assert response.json()["detail"] == TOO_LONG_REPLY
    assert rest.bot.received == []


async def test_a_message_over_the_cap_is_answered_kindly_and_not_processed(rest):
    response = await post(rest, {"sender": "check-4", "message": "a" * (MAX_TEXT_CHARS + 1)})
    assert response.status_code == 200
    assert response.json() == [{"recipient_id": "check-4", "text": TOO_LONG_REPLY}]
    assert rest.bot.received == []
    letter = "We have had damp in the bedroom since March. " * 88  # about 4,000 characters
    assert len(letter) <= MAX_TEXT_CHARS
    response = await post(rest, {"sender": "check-4", "message": letter})
    assert response.json()[0]["text"].startswith("You said: We have had damp")


@pytest.mark.parametrize("raw, detail", [
    (b"{not json", "not valid JSON"),
    (b"[" * 20_000 + b"]" * 20_000, "nested too deeply"),
    (b"\xff\xfe", "not valid JSON"),
    (b"[1, 2]", "JSON object"),
    (json.dumps({"message": "Hi"}).encode(), "sender"),
    (json.dumps({"sender": "a\u0000b", "message": "Hi"}).encode(), "sender"),
    (json.dumps({"sender": "x" * 200, "message": "Hi"}).encode(), "sender"),
    (json.dumps({"sender": "s", "message": {"text": "Hi"}}).encode(), "message must be text"),
    (json.dumps({"sender": "s"}).encode(), "message must be text"),
], ids=["not-json", "nested", "not-utf8", "array", "no-sender", "nul-sender", "long-sender",
        "object-message", "no-message"])
async def test_bad_input_is_a_400_with_a_message(rest, raw, detail):
    response = await post(rest, raw=raw)
    assert response.status_code == 400
    assert detail in response.json()["detail"]
    assert rest.bot.received == []


async def test_nul_and_control_characters_never_reach_the_conversation(rest):
    response = await post(rest, {"sender": "check-5", "message": "Boiler\u0000 broken\x1b\ud800"})
    assert response.status_code == 200
    assert rest.bot.received[0].text == "Boiler broken"


async def test_other_residents_are_not_delayed_by_a_huge_message(rest):
    async def huge():
        return await post(rest, {"sender": "big", "message": "x" * 1_000_000})

    async def normal(n):
        started = time.monotonic()
        response = await post(rest, {"sender": f"resident-{n}", "message": "Hello"})
        return response, time.monotonic() - started

    results = await asyncio.gather(huge(), huge(), *(normal(n) for n in range(5)))
    assert all(r.status_code == 413 for r in results[:2])
    for response, took in results[2:]:
        assert response.status_code == 200 and took < 1.0


async def test_outside_callers_cannot_choose_the_conversation(ledger, serve):
    server = await behind_proxy(ledger, serve, sender_limit="100/minute")
    response = await post(server, {"sender": "web-resident-1", "message": "Hello",
                                   "metadata": {"channel": "sms", "media": [{"url": "https://x"}]},
                                   "input_channel": "twilio"}, headers=PROXY)
    assert response.status_code == 200
    [message] = server.bot.received
    assert message.sender_id.startswith("rest-") and "web-resident-1" not in message.sender_id
    assert message.metadata is None and message.input_channel == "rest"
    assert response.json()[0]["recipient_id"] == message.sender_id
    # The same caller keeps its conversation; the same sender from elsewhere does not share it.
    await post(server, {"sender": "web-resident-1", "message": "Again"}, headers=PROXY)
    await post(server, {"sender": "web-resident-1", "message": "Me too"},
               headers={"X-Forwarded-For": "198.51.100.9"})
    ids = [m.sender_id for m in server.bot.received]
    assert ids[0] == ids[1] != ids[2]


async def test_the_web_chat_fallback_keeps_its_session_with_the_token(ledger, serve):
    server = await behind_proxy(ledger, serve, sender_limit="100/minute")
    token = session_token(ledger.webchat_secret(), "a" * 32)
    await post(server, {"sender": "a" * 32, "message": "Hello", "session_token": token},
               headers=PROXY)
    [message] = server.bot.received
    assert message.sender_id == "a" * 32 and message.metadata == {"channel": "web"}


async def test_through_a_local_proxy_not_configured_as_trusted_callers_are_outsiders(ledger, serve):
    # A reverse proxy on this machine without CHANNEL_TRUSTED_PROXIES: every caller would
    # look like loopback. A forwarding header means the caller is elsewhere, so the REST
    # sender is derived and the limits apply (the header is not believed as an address).
    server = await serve(LimitedRestInput(guard=strict_guard(sender_limit="1/minute"),
                                          ledger=ledger))
    await post(server, {"sender": "check-6", "message": "Hi"}, headers=PROXY)
    assert server.bot.received[0].sender_id.startswith("rest-")
    assert (await post(server, {"sender": "check-6", "message": "Hi"},
                       headers=PROXY)).status_code == 429
    spoofed = await post(server, {"sender": "check-6", "message": "Hi"},
                         headers={"X-Forwarded-For": "127.0.0.1"})
    assert spoofed.status_code == 200  # claiming loopback does not make a caller local
    assert server.bot.received[-1].sender_id.startswith("rest-")
    # A direct loopback call (no forwarding header) is still a trusted local caller.
    await post(server, {"sender": "check-6", "message": "Hi"})
    assert server.bot.received[-1].sender_id == "check-6"


async def test_outside_callers_are_rate_limited(ledger, serve):
    server = await behind_proxy(ledger, serve, sender_limit="3/minute", address_limit="5/minute")
    statuses = [(await post(server, {"sender": "s1", "message": "Hi"}, headers=PROXY)).status_code
                for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    # Other senders from the same address share the address limit (5 a minute).
    more = [(await post(server, {"sender": f"s{n}", "message": "Hi"}, headers=PROXY)).status_code
            for n in range(2, 4)]
    assert more == [200, 429]
    limited = await post(server, {"sender": "s9", "message": "Hi"}, headers=PROXY)
    assert limited.json()["detail"] == SLOW_DOWN_REPLY and limited.headers["Retry-After"]
    # Another resident's address is not held up, and loopback callers never are.
    other = await post(server, {"sender": "s1", "message": "Hi"},
                       headers={"X-Forwarded-For": "198.51.100.9"})
    assert other.status_code == 200
    assert (await post(server, {"sender": "s1", "message": "Hi"})).status_code == 200
    assert len(server.bot.received) == 6


async def test_no_resident_text_in_the_log(rest, caplog):
    caplog.set_level(logging.DEBUG)
    await post(rest, {"sender": "check-7", "message": "Secret-marker my partner hits me"})
    await post(rest, {"sender": "check-7", "message": "Secret-marker " * 400})
    await post(rest, {"sender": "check-7", "message": "Secret-marker " * 80_000})
    assert "Secret-marker" not in caplog.text
