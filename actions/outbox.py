"""A durable outbox for cases the intake API could not take in time.

When the API stays unavailable through the in-conversation retries, the case is
written here with the same Idempotency-Key it was sent with: SQLite on one machine
(``OUTBOX_PATH``, default ``var/outbox.sqlite3``), PostgreSQL shared by every action
server when there are several (``ASSISTANT_DATABASE_URL``; docs/scaling.md). A
background worker in the action server process sends pending rows again later with
that key, so each case reaches the API exactly once: the API replays a key it has
already seen instead of creating a second case, and a row is claimed (leased) before
it is sent so two workers never send it at once.

The worker is a daemon thread with its own event loop, started when the actions
package is imported by ``rasa run actions`` (see actions/handoff.py), so rows left by a
previous process are delivered even if no resident talks to the bot after a restart.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import sqlalchemy

from actions.intake_client import IntakeClient, IntakeRejected, IntakeUnavailable
from bot.channels.assistant_db import connect, create_tables

logger = logging.getLogger(__name__)

PENDING = "pending"
DELIVERED = "delivered"
NEEDS_ATTENTION = "needs_attention"  # a 4xx: staff must look at it; never resent blindly

_SCHEMA = """
CREATE TABLE IF NOT EXISTS {table} (
    idempotency_key TEXT PRIMARY KEY,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at {real} NOT NULL,
    claimed_until {real},
    reference TEXT,
    last_error TEXT,
    created_at {real} NOT NULL,
    updated_at {real} NOT NULL
)
"""
# Two action servers starting at once must not race to create the table.
_SCHEMA_LOCK_ID = 0x1C4A7E02


def default_path() -> Path:
    return Path(os.environ.get("OUTBOX_PATH", "var/outbox.sqlite3"))


@dataclass(frozen=True)
class OutboxRow:
    idempotency_key: str
    payload: dict[str, Any]
    status: str
    attempts: int
    reference: str | None
    last_error: str | None


class Outbox:
    """SQLite at ``path`` (one machine), or PostgreSQL at ``ASSISTANT_DATABASE_URL`` when
    it is set and no path is given, so every action server shares one outbox: a row
    left by a server that died is delivered by another once its lease runs out."""

    def __init__(self, path: str | Path | None = None, url: str | None = None) -> None:
        self.engine, self.path = connect(path, url, default_path(), pool_size=3)
        self.shared = self.path is None
        self.table, real = (("assistant_outbox", "DOUBLE PRECISION") if self.shared
                            else ("outbox", "REAL"))
        # The file is private: residents' words and contact details.
        create_tables(self.engine, self.path, [_SCHEMA.format(table=self.table, real=real)],
                      _SCHEMA_LOCK_ID)

    def _execute(self, sql: str, params: dict[str, Any]) -> list[Any]:
        """Run one statement in its own transaction; the rows it returns, if any."""
        with self.engine.begin() as db:
            result = db.execute(sqlalchemy.text(sql.format(table=self.table)), params)
            return list(result.mappings()) if result.returns_rows else []

    def add(self, key: str, payload: dict[str, Any], status: str = PENDING,
            error: str | None = None) -> None:
        """Keep a case for later. Adding the same key twice keeps the first row."""
        now = time.time()
        self._execute(
            "INSERT INTO {table} (idempotency_key, payload, status, next_attempt_at, "
            "last_error, created_at, updated_at) VALUES (:key, :payload, :status, :now, "
            ":error, :now, :now) ON CONFLICT DO NOTHING",
            {"key": key, "payload": json.dumps(payload), "status": status, "now": now,
             "error": error})

    def claim_due(self, limit: int = 20, lease_seconds: float = 60.0) -> list[OutboxRow]:
        """Pending rows whose retry time has come, leased to the caller in one statement.
        The lease condition is checked again on each row as it is updated, so two workers
        (in any process, on any machine) never lease the same row at once."""
        now = time.time()
        due = ("status = :pending AND next_attempt_at <= :now "
               "AND (claimed_until IS NULL OR claimed_until < :now)")
        # PostgreSQL: skip rows another worker is leasing right now instead of waiting.
        skip_locked = " FOR UPDATE SKIP LOCKED" if self.shared else ""
        rows = self._execute(
            f"UPDATE {{table}} SET claimed_until = :until WHERE {due} AND idempotency_key IN "
            f"(SELECT idempotency_key FROM {{table}} WHERE {due} ORDER BY created_at "
            f"LIMIT :limit{skip_locked}) RETURNING *",
            {"pending": PENDING, "now": now, "until": now + lease_seconds, "limit": limit})
        return [self._row(row) for row in sorted(rows, key=lambda r: r["created_at"])]

    def mark_delivered(self, key: str, reference: str | None) -> None:
        self._update(key, "status = ?, reference = ?, claimed_until = NULL, last_error = NULL",
                     (DELIVERED, reference))

    def mark_retry(self, key: str, error: str, attempts: int) -> None:
        delay = min(300.0, float(os.environ.get("OUTBOX_RETRY_SECONDS", "5")) * 2 ** attempts)
        self._update(key, "attempts = ?, next_attempt_at = ?, claimed_until = NULL, "
                     "last_error = ?", (attempts + 1, time.time() + delay, error))

    def mark_needs_attention(self, key: str, error: str) -> None:
        self._update(key, "status = ?, claimed_until = NULL, last_error = ?",
                     (NEEDS_ATTENTION, error))

    def get(self, key: str) -> OutboxRow | None:
        rows = self._execute("SELECT * FROM {table} WHERE idempotency_key = :key", {"key": key})
        return self._row(rows[0]) if rows else None

    def count(self, status: str = PENDING) -> int:
        rows = self._execute("SELECT COUNT(*) AS n FROM {table} WHERE status = :status",
                             {"status": status})
        return int(rows[0]["n"])

    def _update(self, key: str, assignments: str, values: tuple[Any, ...]) -> None:
        """``assignments`` with ``?`` for each of ``values``, in order."""
        numbers = itertools.count()
        named = re.sub(r"\?", lambda _: f":v{next(numbers)}", assignments)
        params = {f"v{i}": value for i, value in enumerate(values)}
        self._execute(f"UPDATE {{table}} SET {named}, updated_at = :updated "
                      "WHERE idempotency_key = :key", {**params, "updated": time.time(), "key": key})

    @staticmethod
    def _row(row: Any) -> OutboxRow:
        return OutboxRow(row["idempotency_key"], json.loads(row["payload"]), row["status"],
                         row["attempts"], row["reference"], row["last_error"])


async def deliver_due(outbox: Outbox, client: IntakeClient) -> int:
    """Send every due row once; returns how many reached the intake API."""
    delivered = 0
    for row in outbox.claim_due():
        try:
            case = await client.create_case(row.payload, row.idempotency_key)
        except IntakeUnavailable as exc:
            outbox.mark_retry(row.idempotency_key, str(exc), row.attempts)
            continue
        except IntakeRejected as exc:
            logger.error("outbox case %s rejected (%s); needs staff attention",
                         row.idempotency_key, exc.status)
            outbox.mark_needs_attention(row.idempotency_key, str(exc))
            continue
        outbox.mark_delivered(row.idempotency_key, case.get("reference"))
        logger.info("outbox case %s delivered", row.idempotency_key)
        delivered += 1
    return delivered


class OutboxWorker:
    """Retries pending outbox rows every few seconds in a daemon thread."""

    def __init__(self, outbox_factory: Callable[[], Outbox] = Outbox,
                 client_factory: Callable[[], IntakeClient] = IntakeClient,
                 interval: float | None = None) -> None:
        self._outbox_factory = outbox_factory
        self._client_factory = client_factory
        self.interval = interval or float(os.environ.get("OUTBOX_POLL_SECONDS", "5"))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread and self._thread.is_alive():
            return
        self._thread = threading.Thread(target=self._run, name="outbox-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout)

    def _run(self) -> None:
        asyncio.run(self._loop())

    async def _loop(self) -> None:
        outbox = self._outbox_factory()
        client = self._client_factory()
        while not self._stop.is_set():
            try:
                await deliver_due(outbox, client)
            except sqlalchemy.exc.SQLAlchemyError as exc:
                logger.error("outbox worker could not read the outbox: %s", exc)
            waited = 0.0
            while waited < self.interval and not self._stop.is_set():
                await asyncio.sleep(0.1)
                waited += 0.1


_worker: OutboxWorker | None = None
_worker_lock = threading.Lock()


def start_background_worker() -> OutboxWorker | None:
    """Start the process's one outbox worker (unless OUTBOX_WORKER=off, as in unit tests)."""
    global _worker
    if os.environ.get("OUTBOX_WORKER", "on").lower() in {"off", "0", "false", "no"}:
        return None
    with _worker_lock:
        if _worker is None:
            _worker = OutboxWorker()
            _worker.start()
    return _worker
