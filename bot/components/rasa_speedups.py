"""Three pieces of per-turn work in Rasa 3.6 made cheaper, with the same results.

Measured with py-spy in the Rasa server under `bench/bench_bot.py` (20 conversations at
once; docs/scaling.md, "Where a turn's time goes"):

- ``Event.resolve_by_type`` walks every subclass of ``Event`` (``all_subclasses``, with an
  ``inspect.isabstract`` check on each) for every event it turns back from JSON — the
  whole conversation on every tracker read, and the events of every action server
  answer: about 6 % of the server's CPU. The walk's answer for a name depends only on
  the classes defined, so it is kept per name; a name not found goes through Rasa's own
  code each time, so errors, the ``topic`` special case and ``default`` behave as before.
- The SQL tracker store read a conversation as ORM objects, one per event, only to use
  their ``data`` column: about 4 % of the server's CPU. It now asks for that column
  alone — the same query (filters, latest session, order), the same events. Patched
  only where Rasa has loaded its tracker stores (the server), so training and scripts
  that import these components do not load them.
- The SQLite tracker store (the default, ``bot/endpoints.yml``) committed with a rollback
  journal: several ``fsync`` calls per turn, made on the event loop (Rasa's SQL store is
  synchronous), so a slow disk held up every conversation (a write through SQLAlchemy on
  the busy reference machine: p95 18-29 ms, against 12-15 ms in WAL, which needs one
  ``fsync`` of the log). The database is switched to WAL, as bot/channels/assistant_db.py
  does for the channel ledger and the outbox; ``synchronous`` stays at its default
  (FULL), so a commit is on disk when it returns, as before. PostgreSQL
  (bot/endpoints.shared.yml) is untouched.

Imported by ``components/__init__.py``, so it is active wherever the model is loaded (the
tracker store is made before the model loads; its connections are opened per use, so the
WAL switch applies from the first turn). ``tests/bot/test_rasa_speedups.py`` compares
each with Rasa's own code.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import sys
import threading
from typing import Any, Dict, Optional, Type

from rasa.shared.core.events import Event
from sqlalchemy import event as sa_event
from sqlalchemy.engine import Engine

logger = logging.getLogger(__name__)

_original_resolve_by_type = Event.resolve_by_type
_resolved: Dict[str, Type[Event]] = {}


def resolve_by_type(type_name: str, default: Optional[Type[Event]] = None
                    ) -> Optional[Type[Event]]:
    """``Event.resolve_by_type``, remembering the class found for each name."""
    cls = _resolved.get(type_name)
    if cls is not None:
        return cls
    found = _original_resolve_by_type(type_name, default)
    # Remember only a class found by name: never ``default``, never the ``topic`` None.
    if (found is not None and found is not default
            and getattr(found, "type_name", None) == type_name):
        _resolved[type_name] = found
    return found


# Tests can start from an empty memory.
resolve_by_type.cache_clear = _resolved.clear  # type: ignore[attr-defined]

resolve_by_type.remembers = True  # type: ignore[attr-defined]
if not getattr(Event.resolve_by_type, "remembers", False):
    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[assignment]


# The tracker store's database files, each with a connection kept open for the life of
# the process. Rasa's SQLite engine opens and closes a connection for
# every read and write; in WAL mode the last connection to close checkpoints the log into
# the database (an fsync) and deletes it, which would undo the gain. With this one held
# open, checkpoints happen as SQLite schedules them (every 1,000 pages of log).
_held: Dict[str, sqlite3.Connection] = {}
_lock = threading.Lock()


async def _retrieve(self: Any, sender_id: str, fetch_events_from_all_sessions: bool) -> Any:
    """Rasa 3.6's ``SQLTrackerStore._retrieve``, reading only the events' ``data`` column."""
    from rasa.shared.core.trackers import DialogueStateTracker

    with self.session_scope() as session:
        rows = self._event_query(
            session, sender_id, fetch_events_from_all_sessions=fetch_events_from_all_sessions,
        ).with_entities(self.SQLEvent.data).all()
        events = [json.loads(data) for (data,) in rows]
        if self.domain and len(events) > 0:
            logger.debug(f"Recreating tracker from sender id '{sender_id}'")
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        logger.debug(f"Can't retrieve tracker matching sender id '{sender_id}' from SQL "
                     "storage. Returning `None` instead.")
        return None


_original_sql_retrieve: Any = None


def patch_sql_tracker_store() -> None:
    """Put ``_retrieve`` in place (once). The Rasa server has imported its tracker stores
    before the model loads, so this runs at import there; training and scripts that never
    read a tracker are spared the import."""
    global _original_sql_retrieve
    from rasa.core.tracker_store import SQLTrackerStore

    if SQLTrackerStore._retrieve is not _retrieve:
        _original_sql_retrieve = SQLTrackerStore._retrieve
        SQLTrackerStore._retrieve = _retrieve  # type: ignore[assignment]


if "rasa.core.tracker_store" in sys.modules:
    patch_sql_tracker_store()


def use_wal(dbapi_connection: Any, connection_record: Any) -> None:
    """A new SQLite connection to Rasa's SQL tracker store: WAL journal (kept in the file)."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    try:
        row = cursor.execute("PRAGMA database_list").fetchone()
        path = row[2] if row else ""
        if not path or path in _held:  # in memory, or already in WAL and held open
            return
        # Rasa's SQL tracker store keeps its events in an ``events`` table.
        if cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                          "AND name = 'events'").fetchone() is not None:
            mode = cursor.execute("PRAGMA journal_mode").fetchone()
            if mode and str(mode[0]).lower() != "wal":
                mode = cursor.execute("PRAGMA journal_mode=WAL").fetchone()
            if mode and str(mode[0]).lower() == "wal":
                with _lock:
                    if path not in _held:
                        held = sqlite3.connect(path, check_same_thread=False)
                        # A first read opens the log's shared memory, which this
                        # connection then keeps: the others are never the last to close.
                        held.execute("SELECT count(*) FROM sqlite_master").fetchone()
                        _held[path] = held
    except sqlite3.Error as exc:  # a read-only or odd file: Rasa carries on as before
        logger.debug("tracker store: WAL not set (%s)", type(exc).__name__)
    finally:
        cursor.close()


if not sa_event.contains(Engine, "connect", use_wal):
    sa_event.listen(Engine, "connect", use_wal)
