"""The channels' shared defences: client addresses that cannot be spoofed, rate limits
shared through Redis by several processes, and text PostgreSQL can store."""

from __future__ import annotations

import os
import uuid

import pytest
from channels.guard import (
    BadRequest,
    Guard,
    clean_text,
    parse_json,
    session_token,
    valid_session_token,
)

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


def test_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy():
    plain = Guard()
    assert plain.client_address("198.51.100.1", "203.0.113.7") == "198.51.100.1"
    assert plain.client_address("127.0.0.1", "203.0.113.7") == "127.0.0.1"
    behind = Guard(trusted_proxies="127.0.0.1, 10.0.0.0/8")
    assert behind.client_address("127.0.0.1", "203.0.113.7") == "203.0.113.7"
    # The right-most address not itself a proxy: a client cannot prepend a fake one.
    assert behind.client_address("127.0.0.1", "192.0.2.66, 203.0.113.7, 10.1.2.3") == "203.0.113.7"
    assert behind.client_address("127.0.0.1", "not-an-address") == "127.0.0.1"
    assert behind.client_address("198.51.100.1", "203.0.113.7") == "198.51.100.1"


def test_loopback_is_exempt_unless_asked():
    assert Guard().exempt("127.0.0.1") and Guard().exempt("::1")
    assert not Guard().exempt("203.0.113.7")
    assert not Guard(limit_loopback=True).exempt("127.0.0.1")


def test_clean_text_keeps_words_tabs_and_line_breaks():
    assert clean_text("a\u0000b\x01c\x7fd\ud83de\tf\ng\r\nh é ☃ 🏠") == "abcde\tf\ng\r\nh é ☃ 🏠"


def test_json_errors_are_bad_requests():
    for body in (b"[" * 100_000, b"{", b"\xff"):
        with pytest.raises(BadRequest):
            parse_json(body)


def test_session_tokens_are_tied_to_their_session_and_secret():
    token = session_token(b"secret", "abc")
    assert valid_session_token(b"secret", "abc", token)
    assert not valid_session_token(b"secret", "abd", token)
    assert not valid_session_token(b"other", "abc", token)
    assert not valid_session_token(b"secret", "abc", None)
    assert not valid_session_token(b"secret", None, token)


@pytest.fixture
def redis_url() -> str:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {REDIS_URL}")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    return REDIS_URL


@pytest.mark.asyncio
async def test_several_processes_share_one_limit_through_redis(redis_url):
    # Two guards stand for two Rasa processes: what one counts, the other sees.
    prefix = f"test-{uuid.uuid4().hex}"
    first, second = (Guard(sender_limit="3/minute", redis_url=redis_url, prefix=prefix,
                           limit_loopback=True) for _ in range(2))
    answers = [await guard.allow_sender("web", "session-1", "203.0.113.7")
               for guard in (first, second, first, second)]
    assert answers == [True, True, True, False]
    assert await second.allow_sender("web", "session-2", "203.0.113.7")
    alone = Guard(sender_limit="3/minute", limit_loopback=True)  # no Redis: counts alone
    assert all([await alone.allow_sender("web", "session-1", "203.0.113.7") for _ in range(3)])


@pytest.mark.asyncio
async def test_a_redis_outage_does_not_turn_residents_away():
    guard = Guard(sender_limit="1/minute", redis_url="redis://127.0.0.1:1/0", limit_loopback=True)
    assert await guard.allow_sender("web", "session-1", "203.0.113.7")
    assert await guard.allow_sender("web", "session-1", "203.0.113.7")
