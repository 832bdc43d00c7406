"""Fixtures for the action server's tests: a stand-in intake API and a throwaway outbox."""

from __future__ import annotations

from pathlib import Path

import pytest
import pytest_asyncio
from standin import StandInIntakeAPI


@pytest_asyncio.fixture
async def intake_api(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """A local stand-in for the intake API on 127.0.0.1, wired into the actions' settings."""
    api = StandInIntakeAPI(api_key="test-key")
    await api.start()
    monkeypatch.setenv("INTAKE_API_URL", api.url)
    monkeypatch.setenv("INTAKE_API_KEY", "test-key")
    monkeypatch.setenv("INTAKE_RETRY_BUDGET", "2.0")
    monkeypatch.setenv("INTAKE_TIMEOUT", "0.5")
    monkeypatch.setenv("OUTBOX_PATH", str(tmp_path / "outbox.sqlite3"))
    try:
        yield api
    finally:
        await api.stop()


@pytest.fixture
def outbox_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "outbox.sqlite3"
    monkeypatch.setenv("OUTBOX_PATH", str(path))
    return path
