"""Shared fixtures for the action server's tests (run with .venv-rasa/bin/pytest tests/bot)."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest
import pytest_asyncio

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
# Unit tests start no background outbox worker; the tests that need one start their own.
os.environ["OUTBOX_WORKER"] = "off"

from standin import StandInIntakeAPI

if importlib.util.find_spec("actions.triage") is None:  # the NLU engineer's module
    import fake_triage

    fake_triage.install()


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
