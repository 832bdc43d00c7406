"""Idempotent creation under real concurrency, against a real server process thread."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import uvicorn

from intake_api.core.config import Settings
from intake_api.main import create_app
from scripts.stack import free_port
from tests.intake.conftest import complaint, make_api_key


@pytest.fixture
def server(database_url: str):
    settings = Settings(database_url=database_url, sla_monitor_interval_seconds=0)
    key = make_api_key(settings)
    port = free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", {"Authorization": f"Bearer {key}"}
    srv.should_exit = True
    thread.join(10)


def test_twenty_parallel_requests_with_one_key_make_one_case(server) -> None:
    url, auth = server
    barrier = threading.Barrier(20)

    def send(_: int) -> httpx.Response:
        barrier.wait()
        return httpx.post(f"{url}/api/v1/cases", json=complaint(),
                          headers={**auth, "Idempotency-Key": "conv-42:1"}, timeout=30)

    with ThreadPoolExecutor(20) as pool:
        responses = list(pool.map(send, range(20)))
    assert sorted({r.status_code for r in responses}) in ([200, 201], [201])
    assert [r.status_code for r in responses].count(201) == 1
    assert len({r.json()["reference"] for r in responses}) == 1
    listing = httpx.get(f"{url}/api/v1/cases", headers=auth).json()
    assert listing["total"] == 1


def test_parallel_creates_get_distinct_references(server) -> None:
    url, auth = server
    with ThreadPoolExecutor(10) as pool:
        refs = list(pool.map(
            lambda _: httpx.post(f"{url}/api/v1/cases", json=complaint(), headers=auth, timeout=30).json()["reference"],
            range(30),
        ))
    assert len(set(refs)) == 30
