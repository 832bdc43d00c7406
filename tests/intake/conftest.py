"""Fixtures for the intake API: a migrated database and an authenticated client."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from intake_api.core.config import Settings
from intake_api.core.migrate import upgrade
from intake_api.core.security import hash_api_key, new_api_key
from intake_api.main import create_app
from intake_api.models import ApiKey

TABLES = (
    "case_events, clocks, idempotency_keys, reference_counters, cases, api_keys, staff_users, "
    "staff_sessions, throttle_counters, outbox, sms_opt_outs"
)


@pytest.fixture(scope="session")
def migrated_postgres(postgres_database: str) -> str:
    upgrade(Settings(database_url=postgres_database).database_url)
    return postgres_database


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'intake.sqlite3'}"
        upgrade(url)
        return url
    url = Settings(database_url=request.getfixturevalue("migrated_postgres")).database_url
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {TABLES} RESTART IDENTITY CASCADE"))
        # Reference sequences restart too, so every test sees CMP-…-000001 first.
        for (name,) in conn.execute(text(
            "SELECT sequencename FROM pg_sequences WHERE sequencename LIKE 'case_reference_%'"
        )):
            conn.execute(text(f"SELECT setval('{name}', 1, false)"))
    engine.dispose()
    return url


@dataclass
class Api:
    app: FastAPI
    client: TestClient
    key: str
    settings: Settings

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}

    def post(self, path: str, json: dict | None = None, **headers: str):
        return self.client.post(path, json=json, headers={**self.auth, **headers})

    def get(self, path: str, **params):
        return self.client.get(path, params=params, headers=self.auth)

    def put(self, path: str, json: dict):
        return self.client.put(path, json=json, headers=self.auth)


def make_api_key(settings: Settings, name: str = "tests") -> str:
    from intake_api.core.db import Database

    key = new_api_key()
    db = Database(settings)
    with db.session() as s, s.begin():
        s.add(ApiKey(name=name, key_hash=hash_api_key(key)))
    db.dispose()
    return key


@pytest.fixture
def api(database_url: str) -> Iterator[Api]:
    settings = Settings(database_url=database_url, sla_monitor_interval_seconds=0)
    key = make_api_key(settings)
    app = create_app(settings)
    with TestClient(app) as client:
        yield Api(app=app, client=client, key=key, settings=settings)


def complaint(**overrides) -> dict:
    body = {
        "kind": "complaint",
        "channel": "web",
        "conversation_id": "conv-1",
        "complainant": {"name": "Ada Resident", "phone": "07700 900123", "postcode": "AB1 2CD",
                        "preferred_contact": "email", "email": "ada@example.org"},
        "definition": {"points": ["The boiler repair was missed twice", "Nobody called back"],
                       "desired_outcome": "Fix the boiler and an apology"},
        "flags": {"vulnerability": True},
    }
    body.update(overrides)
    return body
