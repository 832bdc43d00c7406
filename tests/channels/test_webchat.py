"""The web chat's socket.io channel with real python-socketio clients: sessions issued
by the server and resumable only with their token, messages taken for the socket's own
session, size caps, rate limits, and text PostgreSQL can store."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
import pytest_asyncio
import socketio
from channels.guard import MAX_TEXT_CHARS, SLOW_DOWN_REPLY, TOO_LONG_REPLY
from channels.webchat import WebChatInput
from conftest import strict_guard

pytestmark = pytest.mark.asyncio

SOCKETIO_PATH = "/webchat/socket.io"


class Resident:
    """One browser tab: a socket.io client that records what it is sent."""

    def __init__(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.replies: list[dict[str, Any]] = []
        self.confirmed: asyncio.Queue[Any] = asyncio.Queue()
        self.sio.on("bot_uttered", self.replies.append)
        self.sio.on("session_confirm", self.confirmed.put_nowait)

    async def connect(self, server) -> Resident:
        # python-engineio's websocket client needs a newer aiohttp than Rasa pins, so the
        # tests use long polling (where every browser starts); short pings let a closing
        # client's pending poll return at once.
        server.channel.sio.eio.ping_interval = 0.5
        server.channel.sio.eio.ping_timeout = 1
        await self.sio.connect(server.url, socketio_path=SOCKETIO_PATH, transports=["polling"])
        return self

    async def session(self, **request: Any) -> dict[str, Any]:
        await self.sio.emit("session_request", request)
        return await asyncio.wait_for(self.confirmed.get(), 5)

    async def say(self, text: str, **extra: Any) -> None:
        await self.sio.emit("user_uttered", {"message": text, **extra})

    async def wait_for_replies(self, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        deadline = asyncio.get_running_loop().time() + timeout
        while len(self.replies) < count and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.02)
        return self.replies

    async def close(self) -> None:
        await self.sio.disconnect()


@pytest_asyncio.fixture
async def residents():
    made: list[Resident] = []

    async def connect(server) -> Resident:
        resident = await Resident().connect(server)
        made.append(resident)
        return resident

    yield connect
    await asyncio.gather(*(resident.close() for resident in made))


async def test_the_server_issues_the_session_id_and_its_token(webchat, residents):
    tab = await residents(webchat)
    confirmed = await tab.session(session_id="chosen-by-the-browser")
    assert confirmed["session_id"] != "chosen-by-the-browser"
    assert len(confirmed["session_id"]) == 32 and len(confirmed["session_token"]) == 64
    await tab.say("Hello")
    assert [r["text"] for r in await tab.wait_for_replies(1)] == ["You said: Hello"]
    assert webchat.bot.received[0].sender_id == confirmed["session_id"]
    assert webchat.bot.received[0].input_channel == "socketio"


async def test_a_second_client_with_someones_session_id_gets_none_of_their_replies(webchat, residents):
    resident = await residents(webchat)
    theirs = await resident.session()
    intruder = await residents(webchat)
    for attempt in ({"session_id": theirs["session_id"]},
                    {"session_id": theirs["session_id"], "session_token": "0" * 64},
                    {"session_id": theirs["session_id"], "session_token": None}):
        given = await intruder.session(**attempt)
        assert given["session_id"] != theirs["session_id"]
    await resident.say("My son has asthma and the mould is getting worse")
    await resident.wait_for_replies(1)
    await asyncio.sleep(0.3)
    assert len(resident.replies) == 1
    assert intruder.replies == []


async def test_a_message_cannot_speak_into_another_session(webchat, residents):
    resident = await residents(webchat)
    theirs = await resident.session()
    intruder = await residents(webchat)
    mine = await intruder.session()
    await intruder.say("Cancel my complaint", session_id=theirs["session_id"])
    await intruder.wait_for_replies(1)
    await asyncio.sleep(0.2)
    assert [m.sender_id for m in webchat.bot.received] == [mine["session_id"]]
    assert resident.replies == []


async def test_the_token_resumes_the_session_after_a_reload(webchat, residents):
    first = await residents(webchat)
    session = await first.session()
    await first.close()
    reloaded = await residents(webchat)
    assert await reloaded.session(**session) == session
    await reloaded.say("Still there?")
    assert [r["text"] for r in await reloaded.wait_for_replies(1)] == ["You said: Still there?"]
    assert webchat.bot.received[0].sender_id == session["session_id"]


async def test_a_message_before_a_session_is_ignored(webchat, residents):
    tab = await residents(webchat)
    await tab.say("Hello", session_id="anything")
    await asyncio.sleep(0.3)
    assert webchat.bot.received == [] and tab.replies == []


async def test_browser_metadata_is_not_taken(webchat, residents):
    tab = await residents(webchat)
    await tab.session()
    await tab.say("Here is a photo", metadata={"channel": "sms", "media": [{"url": "https://x"}]})
    await tab.wait_for_replies(1)
    assert webchat.bot.received[0].metadata == {"channel": "web"}


async def test_an_over_long_message_is_answered_kindly_and_not_processed(webchat, residents):
    tab = await residents(webchat)
    await tab.session()
    await tab.say("x" * (MAX_TEXT_CHARS + 1))
    assert [r["text"] for r in await tab.wait_for_replies(1)] == [TOO_LONG_REPLY]
    assert webchat.bot.received == []
    await tab.say("y" * MAX_TEXT_CHARS)  # a pasted letter at the limit goes through
    await tab.wait_for_replies(2)
    assert len(webchat.bot.received) == 1


async def test_a_one_megabyte_packet_is_refused_by_the_socket(webchat, residents):
    tab = await residents(webchat)
    await tab.session()
    await tab.say("x" * 1_000_000)
    await asyncio.sleep(0.5)
    assert webchat.bot.received == []
    other = await residents(webchat)  # and the server still serves everyone else
    await other.session()
    await other.say("Hello")
    assert [r["text"] for r in await other.wait_for_replies(1)] == ["You said: Hello"]


async def test_characters_postgresql_refuses_never_reach_the_conversation(webchat, residents):
    tab = await residents(webchat)
    await tab.session()
    await tab.say("Leak\u0000 under the\x07 sink\ud800\tplease\n")
    await tab.wait_for_replies(1)
    assert webchat.bot.received[0].text == "Leak under the sink\tplease"
    await tab.say("\u0000\u0000")
    await asyncio.sleep(0.2)
    assert len(webchat.bot.received) == 1


async def test_messages_are_rate_limited_per_session(ledger, serve, residents):
    server = await serve(WebChatInput(session_persistence=True, socketio_path=SOCKETIO_PATH,
                                      guard=strict_guard(), ledger=ledger))
    tab = await residents(server)
    await tab.session()
    for n in range(5):
        await tab.say(f"message {n}")
        await tab.wait_for_replies(n + 1)
    replies = [r["text"] for r in tab.replies]
    assert len(server.bot.received) == 3
    assert replies.count(SLOW_DOWN_REPLY) == 2
    other = await residents(server)  # another resident is not held up
    await other.session()
    await other.say("Hello")
    assert [r["text"] for r in await other.wait_for_replies(1)] == ["You said: Hello"]


async def test_loopback_callers_are_not_limited_by_default(webchat, residents):
    tab = await residents(webchat)
    await tab.session()
    for n in range(25):
        await tab.say(f"message {n}")
        await tab.wait_for_replies(n + 1)
    assert len(webchat.bot.received) == 25


async def test_connections_are_limited_per_address(ledger, serve, residents):
    server = await serve(WebChatInput(session_persistence=True, socketio_path=SOCKETIO_PATH,
                                      guard=strict_guard(address_limit="2/minute"), ledger=ledger))
    first = await residents(server)
    await residents(server)
    with pytest.raises(socketio.exceptions.ConnectionError):
        await residents(server)
    # Asking for session after session on one socket counts too.
    await first.sio.emit("session_request", {})
    await first.wait_for_replies(1)
    assert [r["text"] for r in first.replies] == [SLOW_DOWN_REPLY]


async def test_no_resident_text_in_the_log(webchat, residents, caplog):
    caplog.set_level(logging.DEBUG)
    tab = await residents(webchat)
    await tab.session(session_id="someone-elses")
    await tab.say("Secret-marker domestic abuse")
    await tab.say("Secret-marker " * 400)
    await tab.wait_for_replies(2)
    assert "Secret-marker" not in caplog.text
