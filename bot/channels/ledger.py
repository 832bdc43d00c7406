"""A small durable store for the channels: which inbound messages were already
handled (Twilio ``MessageSid``, Telegram ``update_id``), who has opted out by SMS,
the numbered choices last offered to each conversation, and the secrets that turn
phone numbers into conversation ids and sign web chat sessions.

One machine: SQLite under ``var/`` (``CHANNELS_DB``), so a webhook retried after a
restart is still recognised. Several Rasa servers: PostgreSQL
(``ASSISTANT_DATABASE_URL``), so a ``MessageSid`` replayed to another server is still
handled once, and every server derives the same conversation id from a phone number.
Why PostgreSQL and not Redis: docs/scaling.md ("Shared stores").
"""

from __future__ import annotations

import json
import os
import secrets
import time
from pathlib import Path
from typing import Any

import sqlalchemy

from .assistant_db import connect, create_tables

BOT_DIR = Path(__file__).resolve().parents[1]
DEFAULT_PATH = BOT_DIR.parent / "var" / "channels.sqlite3"
SEEN_TTL_SECONDS = 30 * 24 * 3600

# SQLite keeps the names earlier versions created (the secrets in ``meta`` must survive an
# upgrade, or every SMS conversation id changes); in a database shared with Rasa's
# tracker store the tables say whose they are.
_SQLITE_TABLES = {"seen": "seen", "opted_out": "opted_out", "choices": "choices", "meta": "meta"}
_POSTGRES_TABLES = {name: f"channel_{name}" for name in _SQLITE_TABLES}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS {seen} (key TEXT PRIMARY KEY, at {real} NOT NULL);
CREATE TABLE IF NOT EXISTS {opted_out} (address_key TEXT PRIMARY KEY, at {real} NOT NULL);
CREATE TABLE IF NOT EXISTS {choices} (conversation TEXT PRIMARY KEY, buttons TEXT NOT NULL, at {real} NOT NULL);
CREATE TABLE IF NOT EXISTS {meta} (name TEXT PRIMARY KEY, value TEXT NOT NULL)
"""
# Two servers starting at once must not race to create the tables.
_SCHEMA_LOCK_ID = 0x1C4A7E01


class Ledger:
    def __init__(self, path: str | os.PathLike[str] | None = None, url: str | None = None) -> None:
        self.engine, self.path = connect(
            path, url, Path(os.environ.get("CHANNELS_DB") or DEFAULT_PATH), pool_size=5)
        self.shared = self.path is None
        self.tables, real = ((_POSTGRES_TABLES, "DOUBLE PRECISION") if self.shared
                             else (_SQLITE_TABLES, "REAL"))
        # The file is private: hashes of residents' numbers and the channels' secrets.
        create_tables(self.engine, self.path,
                      _SCHEMA.format(real=real, **self.tables).split(";"), _SCHEMA_LOCK_ID)
        self._claims = 0

    def close(self) -> None:
        if not self.shared:
            self.engine.dispose()  # a shared engine serves every ledger in this process

    def _run(self, sql: str, params: dict[str, Any]) -> None:
        with self.engine.begin() as conn:
            conn.execute(sqlalchemy.text(sql.format(**self.tables)), params)

    def _first(self, sql: str, params: dict[str, Any]) -> Any:
        with self.engine.begin() as conn:
            return conn.execute(sqlalchemy.text(sql.format(**self.tables)), params).first()

    def claim(self, key: str) -> bool:
        """True the first time ``key`` is seen, False for every repeat (a replay or a
        retry), whichever server sees it. Claimed before processing: a message is
        handled at most once."""
        with self.engine.begin() as conn:
            inserted = conn.execute(sqlalchemy.text(
                "INSERT INTO {seen} (key, at) VALUES (:key, :at) ON CONFLICT DO NOTHING"
                .format(**self.tables)), {"key": key, "at": time.time()}).rowcount == 1
        self._claims += 1
        if self._claims % 500 == 0:
            self._run("DELETE FROM {seen} WHERE at < :cutoff",
                      {"cutoff": time.time() - SEEN_TTL_SECONDS})
        return inserted

    def secret(self) -> bytes:
        """The key for hashing addresses into conversation ids: ``CHANNEL_ID_SECRET``,
        else one made on first use and kept here."""
        return self._named_secret("id_secret", "CHANNEL_ID_SECRET")

    def webchat_secret(self) -> bytes:
        """The key for the web chat's session tokens: ``WEBCHAT_SESSION_SECRET``, else
        one kept here (shared by every Rasa server that shares this store)."""
        return self._named_secret("webchat_secret", "WEBCHAT_SESSION_SECRET")

    def _named_secret(self, name: str, env_var: str) -> bytes:
        configured = os.environ.get(env_var)
        if configured:
            return configured.encode()
        with self.engine.begin() as conn:
            # The first server to ask makes it; every other one reads the same value.
            conn.execute(sqlalchemy.text(
                "INSERT INTO {meta} (name, value) VALUES (:name, :value) ON CONFLICT DO NOTHING"
                .format(**self.tables)), {"name": name, "value": secrets.token_hex(32)})
            value = conn.execute(sqlalchemy.text(
                "SELECT value FROM {meta} WHERE name = :name".format(**self.tables)),
                {"name": name}).scalar_one()
        return value.encode()

    def set_opted_out(self, address_key: str, opted_out: bool) -> None:
        if opted_out:
            self._run("INSERT INTO {opted_out} (address_key, at) VALUES (:key, :at) "
                      "ON CONFLICT (address_key) DO UPDATE SET at = excluded.at",
                      {"key": address_key, "at": time.time()})
        else:
            self._run("DELETE FROM {opted_out} WHERE address_key = :key", {"key": address_key})

    def is_opted_out(self, address_key: str) -> bool:
        row = self._first("SELECT 1 FROM {opted_out} WHERE address_key = :key",
                        {"key": address_key})
        return row is not None

    def set_choices(self, conversation: str, buttons: list[dict[str, Any]]) -> None:
        if buttons:
            self._run("INSERT INTO {choices} (conversation, buttons, at) VALUES (:c, :b, :at) "
                      "ON CONFLICT (conversation) DO UPDATE SET buttons = excluded.buttons, "
                      "at = excluded.at",
                      {"c": conversation, "b": json.dumps(buttons), "at": time.time()})
        else:
            self._run("DELETE FROM {choices} WHERE conversation = :c", {"c": conversation})

    def choices(self, conversation: str) -> list[dict[str, Any]]:
        row = self._first("SELECT buttons FROM {choices} WHERE conversation = :c",
                        {"c": conversation})
        return json.loads(row[0]) if row else []
