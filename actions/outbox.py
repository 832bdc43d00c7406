"""A durable outbox for cases the intake API could not take in time.

When the API stays unavailable through the in-conversation retries, the case is
written here (SQLite, ``OUTBOX_PATH``, default ``var/outbox.sqlite3``) with the same
Idempotency-Key it was sent with. A background worker in the action server process
sends pending rows again later with that key, so each case reaches the API exactly
once: the API replays a key it has already seen instead of creating a second case,
and a row is claimed (leased) before it is sent so two workers never send it at once.

The worker is a daemon thread with its own event loop, started when the actions
package is imported by ``rasa run actions`` (see actions/handoff.py), so rows left by a
previous process are delivered even if no resident talks to the bot after a restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from actions.intake_client import IntakeClient, IntakeRejected, IntakeUnavailable

logger = logging.getLogger(__name__)

PENDING = "pending"
DELIVERED = "delivered"
NEEDS_ATTENTION = "needs_attention"  # a 4xx: staff must look at it; never resent blindly

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    idempotency_key TEXT PRIMARY KEY,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL,
    claimed_until REAL,
    reference TEXT,
    last_error TEXT,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
)
"""


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
    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        db.row_factory = sqlite3.Row
        return db

    @contextlib.contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        db = self._connect()
        try:
            yield db
        finally:
            db.close()

    def add(self, key: str, payload: dict[str, Any], status: str = PENDING,
            error: str | None = None) -> None:
        """Keep a case for later. Adding the same key twice keeps the first row."""
        now = time.time()
        with self._db() as db:
            db.execute(
                "INSERT OR IGNORE INTO outbox (idempotency_key, payload, status, "
                "next_attempt_at, last_error, created_at, updated_at) VALUES (?,?,?,?,?,?,?)",
                (key, json.dumps(payload), status, now, error, now, now),
            )

    def claim_due(self, limit: int = 20, lease_seconds: float = 60.0) -> list[OutboxRow]:
        """Pending rows whose retry time has come, leased to the caller."""
        now = time.time()
        db = self._connect()
        try:
            db.execute("BEGIN IMMEDIATE")
            rows = db.execute(
                "SELECT * FROM outbox WHERE status = ? AND next_attempt_at <= ? "
                "AND (claimed_until IS NULL OR claimed_until < ?) "
                "ORDER BY created_at LIMIT ?",
                (PENDING, now, now, limit),
            ).fetchall()
            for row in rows:
                db.execute("UPDATE outbox SET claimed_until = ? WHERE idempotency_key = ?",
                           (now + lease_seconds, row["idempotency_key"]))
            db.execute("COMMIT")
        except sqlite3.Error:
            db.execute("ROLLBACK")
            raise
        finally:
            db.close()
        return [self._row(row) for row in rows]

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
        with self._db() as db:
            row = db.execute("SELECT * FROM outbox WHERE idempotency_key = ?",
                             (key,)).fetchone()
        return self._row(row) if row else None

    def count(self, status: str = PENDING) -> int:
        with self._db() as db:
            return db.execute("SELECT COUNT(*) FROM outbox WHERE status = ?",
                              (status,)).fetchone()[0]

    def _update(self, key: str, assignments: str, values: tuple[Any, ...]) -> None:
        with self._db() as db:
            db.execute(f"UPDATE outbox SET {assignments}, updated_at = ? "
                       "WHERE idempotency_key = ?", (*values, time.time(), key))

    @staticmethod
    def _row(row: sqlite3.Row) -> OutboxRow:
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
            except sqlite3.Error as exc:
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
