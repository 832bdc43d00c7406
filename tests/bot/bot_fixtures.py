"""Fixtures for the action server's tests: the real intake API and a throwaway outbox."""

from __future__ import annotations

from pathlib import Path

import pytest
import pytest_asyncio
from real_api import FaultyGateway, RealIntakeAPI

from actions import policy


@pytest.fixture(scope="session")
def real_intake_api(tmp_path_factory: pytest.TempPathFactory):
    """One real intake API (``intake serve`` on SQLite) for the whole test run."""
    api = RealIntakeAPI(tmp_path_factory.mktemp("intake-api"))
    api.start()
    try:
        yield api
    finally:
        api.stop()


@pytest.fixture
def intake_api(real_intake_api: RealIntakeAPI, monkeypatch: pytest.MonkeyPatch,
               tmp_path: Path) -> RealIntakeAPI:
    """The actions' intake client pointed at the real intake API."""
    monkeypatch.setenv("INTAKE_API_URL", real_intake_api.url)
    monkeypatch.setenv("INTAKE_API_KEY", real_intake_api.api_key)
    monkeypatch.setenv("INTAKE_RETRY_BUDGET", "5.0")
    monkeypatch.setenv("INTAKE_TIMEOUT", "3.0")
    monkeypatch.setenv("OUTBOX_PATH", str(tmp_path / "outbox.sqlite3"))
    return real_intake_api


@pytest_asyncio.fixture
async def faulty_api(intake_api: RealIntakeAPI, monkeypatch: pytest.MonkeyPatch):
    """The real intake API behind a gateway that fails the requests a test scripts."""
    gateway = FaultyGateway(upstream=intake_api.url, api_key=intake_api.api_key)
    await gateway.start()
    monkeypatch.setenv("INTAKE_API_URL", gateway.url)
    monkeypatch.setenv("INTAKE_RETRY_BUDGET", "2.0")
    monkeypatch.setenv("INTAKE_TIMEOUT", "0.5")
    # The policy is read once per process; the gateway answers on this event loop, so the
    # first read happens off it (from the loop it would wait on itself).
    await policy.warm()
    try:
        yield gateway
    finally:
        await gateway.stop()


@pytest.fixture
def outbox_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "outbox.sqlite3"
    monkeypatch.setenv("OUTBOX_PATH", str(path))
    return path
