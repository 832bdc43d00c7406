"""Login throttling tried from outside, against ``intake serve``: two API processes on one
database (or one Redis) share the count; a username held off from one address still
opens from another; X-Forwarded-For counts only from a configured proxy; unknown and
known usernames answer alike."""

from __future__ import annotations

import re
import statistics
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.security.servers import PASSWORD, ApiServer, Browser, api_server, throwaway_database

LIMITS = {"INTAKE_LOGIN_LIMIT_ACCOUNT": "5 per 15 minutes", "INTAKE_LOGIN_LIMIT_ADDRESS": "8 per 15 minutes"}
REDIS_URL = "redis://127.0.0.1:6379/0"


def _redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


@pytest.fixture(params=["sqlite", "postgresql", "postgresql+redis"])
def two_workers(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[ApiServer, ApiServer]]:
    """Two API processes on one database, as two workers (or two machines) behind one address."""
    kind = request.param.split("+")[0]
    env = dict(LIMITS)
    if request.param.endswith("+redis"):
        if not _redis_reachable():
            pytest.skip("Redis is not reachable on 127.0.0.1:6379")
        env.update(INTAKE_REDIS_URL=REDIS_URL, INTAKE_RATE_LIMIT_PREFIX=f"test-{uuid.uuid4().hex}")
    admin = request.getfixturevalue("postgres_server") if kind == "postgresql" else None
    var = tmp_path / "var"
    with throwaway_database(kind, var, admin) as url:
        intake_user(url, var)
        with api_server(url, var, env=env) as first, api_server(url, var, env=env) as second:
            yield first, second


def intake_user(url: str, var: Path) -> None:
    from tests.security.servers import intake

    intake(url, var, "users", "add", "hana", "--role", "handler", "--password-stdin", stdin=PASSWORD + "\n")


def _attempt(server: ApiServer, username: str, password: str, source: str | None = None, **headers: str) -> int:
    browser = Browser(server.url, source)
    try:
        return browser.login(username, password, headers=headers).status_code
    finally:
        browser.close()


def test_two_api_processes_share_the_count_for_a_username(two_workers) -> None:
    first, second = two_workers
    answers = [_attempt(server, "hana", "wrong password") for server in (first, second, first, second)]
    assert answers == [400, 400, 400, 400]
    assert _attempt(second, "hana", "wrong password") == 429  # the fifth, wherever it lands
    assert _attempt(first, "hana", PASSWORD) == 429
    assert _attempt(second, "hana", PASSWORD) == 429


def test_two_api_processes_share_the_count_for_an_address(two_workers) -> None:
    first, second = two_workers
    answers = [_attempt((first, second)[i % 2], f"guess{i}", "password123") for i in range(7)]
    assert answers == [400] * 7
    assert _attempt(second, "guess7", "password123") == 429
    assert _attempt(first, "hana", PASSWORD) == 429


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    var = tmp_path_factory.mktemp("limits") / "var"
    with throwaway_database("sqlite", var) as url:
        intake_user(url, var)
        with api_server(url, var, env=LIMITS) as running:
            yield running


@pytest.fixture(scope="module")
def behind_proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    var = tmp_path_factory.mktemp("proxied") / "var"
    with throwaway_database("sqlite", var) as url:
        intake_user(url, var)
        with api_server(url, var, env={**LIMITS, "INTAKE_TRUSTED_PROXIES": "127.0.0.1"}) as running:
            yield running


def test_a_username_held_off_from_one_address_still_opens_from_another(server: ApiServer) -> None:
    attacker, owner = "127.0.0.2", "127.0.0.3"
    assert [_attempt(server, "hana", "wrong password", attacker) for _ in range(5)] == [400] * 4 + [429]
    assert _attempt(server, "hana", PASSWORD, attacker) == 429
    assert _attempt(server, "hana", PASSWORD, owner) == 303


def test_a_forged_x_forwarded_for_changes_nothing_without_a_trusted_proxy(server: ApiServer) -> None:
    # From 127.0.0.1 itself: uvicorn, left to its defaults, would believe this header.
    source = "127.0.0.1"
    answers = [_attempt(server, f"spoof{i}", "password123", source, **{"X-Forwarded-For": f"198.51.100.{i}"})
               for i in range(9)]
    assert answers == [400] * 7 + [429, 429]


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(behind_proxy: ApiServer) -> None:
    def via_proxy(username: str, password: str, client: str) -> int:
        # A client's own X-Forwarded-For entry is ignored: the proxy appends the real one.
        return _attempt(behind_proxy, username, password, "127.0.0.1",
                        **{"X-Forwarded-For": f"203.0.113.250, {client}"})

    assert [via_proxy("hana", "wrong password", "192.0.2.10") for _ in range(5)] == [400] * 4 + [429]
    assert via_proxy("hana", PASSWORD, "192.0.2.10") == 429
    assert via_proxy("hana", PASSWORD, "192.0.2.11") == 303


def _timed(server: ApiServer, username: str, source: str) -> tuple[int, str, float]:
    browser = Browser(server.url, source)
    browser.get("/staff/login")
    started = time.perf_counter()
    response = browser.post("/staff/login", {"username": username, "password": "wrong password"})
    elapsed = time.perf_counter() - started
    browser.close()
    return response.status_code, response.text.replace(username, "NAME").replace(browser.csrf, ""), elapsed


def test_unknown_and_known_usernames_answer_alike_and_as_slowly(server: ApiServer) -> None:
    known = [_timed(server, "hana", f"127.0.1.{i}") for i in range(1, 7)]
    unknown = [_timed(server, "nobody-here", f"127.0.2.{i}") for i in range(1, 7)]
    assert {(s, t) for s, t, _ in known} == {(s, t) for s, t, _ in unknown}
    known_time = statistics.median(e for *_, e in known)
    unknown_time = statistics.median(e for *_, e in unknown)
    assert 0.5 < unknown_time / known_time < 2.0, (known_time, unknown_time)
    # Held off alike, too: the sixth try of either is the same 429 page.
    for username, source in (("hana", "127.0.3.1"), ("nobody-here", "127.0.3.2")):
        codes = [_attempt(server, username, "wrong password", source) for _ in range(6)]
        assert codes == [400] * 4 + [429, 429]


def test_the_workers_of_one_intake_serve_share_the_count(tmp_path: Path, postgres_server: str) -> None:
    """``intake serve --workers 2`` on PostgreSQL: the per-address limit holds at exactly its
    count, whichever worker each attempt reached (the log shows both at work)."""
    var = tmp_path / "var"
    env = {"INTAKE_LOGIN_LIMIT_ADDRESS": "16 per 15 minutes"}
    with throwaway_database("postgresql", var, postgres_server) as url, \
            api_server(url, var, workers=2, env=env) as server:
        answers = [_attempt(server, f"guess{i}", "password123") for i in range(17)]
        time.sleep(0.5)
        workers = set(re.findall(r"\[(\d+) [0-9a-f]{16}\] intake_api\.staff\.routes: staff login refused",
                                 server.logs()))
    assert answers == [400] * 15 + [429, 429]
    if len(workers) < 2:
        pytest.skip("every attempt happened to reach the same worker")
