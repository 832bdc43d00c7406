"""Fixtures for the shared stores and the replicas (run with .venv-rasa/bin/pytest tests/scale).

These tests need what several copies of the assistant share — PostgreSQL and Redis — and,
for the replica test, Debian's nginx and a trained model. Where one is missing they skip
and say which; they never fail for want of it. Every database they make is dropped.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bot"))

PG_ADMIN_URL = os.environ.get("INTAKE_TEST_PG_URL", "postgresql://127.0.0.1:5432/test")
REDIS_URL = os.environ.get("INTAKE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

# Rasa's environment only (psycopg2, redis, twilio, rasa's SQLAlchemy 1.4); the API's
# environment also collects tests/ by default, and leaves these out.
if any(importlib.util.find_spec(name) is None for name in ("rasa_sdk", "psycopg2", "twilio")):
    collect_ignore_glob = ["*.py"]


def _postgres_error() -> str | None:
    try:
        import psycopg2
    except ImportError:
        return "psycopg2 is not installed (Rasa's environment has it)"
    try:
        psycopg2.connect(PG_ADMIN_URL, connect_timeout=3).close()
    except psycopg2.Error as exc:
        return f"PostgreSQL is not reachable at {PG_ADMIN_URL} ({type(exc).__name__})"
    return None


def _redis_error() -> str | None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        return f"Redis is not reachable at {REDIS_URL} ({type(exc).__name__})"
    return None


@pytest.fixture(scope="session")
def postgres_admin() -> str:
    error = _postgres_error()
    if error:
        pytest.skip(error)
    return PG_ADMIN_URL


@pytest.fixture(scope="session")
def redis_url() -> str:
    error = _redis_error()
    if error:
        pytest.skip(error)
    return REDIS_URL


def drop_database(admin_url: str, name: str) -> None:
    import psycopg2

    conn = psycopg2.connect(admin_url, connect_timeout=10)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        conn.close()


@pytest.fixture(scope="module")
def intake_database(postgres_admin: str) -> Iterator[str]:
    """A name for a new intake database (the cluster creates it, and its ``_assistant``
    twin); both dropped after."""
    name = f"intake_scale_{uuid.uuid4().hex[:8]}"
    yield f"{postgres_admin.rsplit('/', 1)[0]}/{name}"
    drop_database(postgres_admin, name)
    drop_database(postgres_admin, f"{name}_assistant")


@pytest.fixture
def assistant_database(postgres_admin: str) -> Iterator[str]:
    """A new, empty PostgreSQL database for the assistant's stores, dropped after."""
    import psycopg2

    name = f"assistant_test_{uuid.uuid4().hex[:10]}"
    conn = psycopg2.connect(postgres_admin, connect_timeout=10)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    yield f"{postgres_admin.rsplit('/', 1)[0]}/{name}"
    drop_database(postgres_admin, name)


@pytest.fixture(autouse=True)
def _private_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A store opened without a path or URL lands in this test's folder, never in var/."""
    monkeypatch.setenv("OUTBOX_PATH", str(tmp_path / "outbox.sqlite3"))
    monkeypatch.setenv("CHANNELS_DB", str(tmp_path / "channels.sqlite3"))
    monkeypatch.delenv("ASSISTANT_DATABASE_URL", raising=False)
    monkeypatch.setenv("OUTBOX_WORKER", "off")  # unit tests of the outbox start no worker
