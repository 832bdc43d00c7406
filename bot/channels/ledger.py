"""A small durable store for the channels: which inbound messages were already
handled (Twilio ``MessageSid``, Telegram ``update_id``), who has opted out by SMS,
the numbered choices last offered to each conversation, and the secret that turns
phone numbers into conversation ids.

SQLite under ``var/`` (``CHANNELS_DB``) so a webhook retried after a restart is
still recognised. One Rasa server per file; several servers behind a load balancer
would need a shared store (docs/channels.md).
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

BOT_DIR = Path(__file__).resolve().parents[1]
DEFAULT_PATH = BOT_DIR.parent / "var" / "channels.sqlite3"
SEEN_TTL_SECONDS = 30 * 24 * 3600

_SCHEMA = """
CREATE TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS opted_out (address_key TEXT PRIMARY KEY, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS choices (conversation TEXT PRIMARY KEY, buttons TEXT NOT NULL, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class Ledger:
    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path or os.environ.get("CHANNELS_DB") or DEFAULT_PATH)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None,
                                     timeout=10)
        self.path.chmod(0o600)  # hashes of residents' numbers and the channels' secrets
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.executescript(_SCHEMA)
        self._claims = 0

    def close(self) -> None:
        self._conn.close()

    def claim(self, key: str) -> bool:
        """True the first time ``key`` is seen, False for every repeat (a replay or a
        retry). Claimed before processing: a message is handled at most once."""
        with self._lock:
            cur = self._conn.execute("INSERT OR IGNORE INTO seen (key, at) VALUES (?, ?)",
                                     (key, time.time()))
            self._claims += 1
            if self._claims % 500 == 0:
                self._conn.execute("DELETE FROM seen WHERE at < ?", (time.time() - SEEN_TTL_SECONDS,))
            return cur.rowcount == 1

    def secret(self) -> bytes:
        """The key for hashing addresses into conversation ids: ``CHANNEL_ID_SECRET``,
        else one made on first use and kept here."""
        return self._named_secret("id_secret", "CHANNEL_ID_SECRET")

    def webchat_secret(self) -> bytes:
        """The key for the web chat's session tokens: ``WEBCHAT_SESSION_SECRET`` (set it
        when several Rasa servers share the web chat), else one kept here."""
        return self._named_secret("webchat_secret", "WEBCHAT_SESSION_SECRET")

    def _named_secret(self, name: str, env_var: str) -> bytes:
        configured = os.environ.get(env_var)
        if configured:
            return configured.encode()
        with self._lock:
            self._conn.execute("INSERT OR IGNORE INTO meta (name, value) VALUES (?, ?)",
                               (name, secrets.token_hex(32)))
            row = self._conn.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0].encode()

    def set_opted_out(self, address_key: str, opted_out: bool) -> None:
        with self._lock:
            if opted_out:
                self._conn.execute("INSERT OR REPLACE INTO opted_out VALUES (?, ?)",
                                   (address_key, time.time()))
            else:
                self._conn.execute("DELETE FROM opted_out WHERE address_key = ?", (address_key,))

    def is_opted_out(self, address_key: str) -> bool:
        with self._lock:
            row = self._conn.execute("SELECT 1 FROM opted_out WHERE address_key = ?",
                                     (address_key,)).fetchone()
        return row is not None

    def set_choices(self, conversation: str, buttons: list[dict[str, Any]]) -> None:
        with self._lock:
            if buttons:
                self._conn.execute("INSERT OR REPLACE INTO choices VALUES (?, ?, ?)",
                                   (conversation, json.dumps(buttons), time.time()))
            else:
                self._conn.execute("DELETE FROM choices WHERE conversation = ?", (conversation,))

    def choices(self, conversation: str) -> list[dict[str, Any]]:
        with self._lock:
            row = self._conn.execute("SELECT buttons FROM choices WHERE conversation = ?",
                                     (conversation,)).fetchone()
        return json.loads(row[0]) if row else []
