"""The assistant's own database, for the channels' ledger (``channels.ledger``, in the
Rasa server) and the action server's outbox (``actions.outbox``): SQLite on one machine,
PostgreSQL shared by every server when ``ASSISTANT_DATABASE_URL`` names it
(docs/scaling.md).

Only SQLAlchemy and the standard library: Rasa imports this as ``channels.assistant_db``
(bot/ on its path), the action server as ``bot.channels.assistant_db`` (the repository
root on its path).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import sqlalchemy
from sqlalchemy.engine import Engine

DATABASE_URL_ENV = "ASSISTANT_DATABASE_URL"

_engines: dict[tuple[str, int], Engine] = {}
_engines_lock = threading.Lock()


def database_url(url: str | None = None) -> str | None:
    """The shared database (``ASSISTANT_DATABASE_URL``) for SQLAlchemy 1.4 with psycopg2,
    the Rasa environment's driver, whichever driver the URL named; None if not set."""
    url = url or os.environ.get(DATABASE_URL_ENV) or None
    if url is None:
        return None
    scheme, _, rest = url.partition("://")
    if scheme.split("+")[0] in ("postgres", "postgresql"):
        return f"postgresql+psycopg2://{rest}"
    return url


def _shared_engine(url: str, pool_size: int) -> Engine:
    """One pooled engine per database per process; statement values never in errors
    (the stores hold residents' words, contact details and hashes of their numbers)."""
    with _engines_lock:
        engine = _engines.get((url, pool_size))
        if engine is None:
            engine = sqlalchemy.create_engine(url, pool_pre_ping=True, pool_size=pool_size,
                                              max_overflow=pool_size, hide_parameters=True)
            _engines[(url, pool_size)] = engine
        return engine


def connect(path: str | os.PathLike[str] | None, url: str | None, default_path: Path,
            pool_size: int) -> tuple[Engine, Path | None]:
    """The engine, and the SQLite file it opens (None for the shared PostgreSQL database).

    ``path`` is SQLite there; without it, PostgreSQL when ``url`` or
    ``ASSISTANT_DATABASE_URL`` names it, else SQLite at a ``sqlite:///`` URL's file or at
    ``default_path``."""
    shared = None if path else database_url(url)
    if shared and not shared.startswith("sqlite"):
        return _shared_engine(shared, pool_size), None
    named = shared.split(":///", 1)[1] if shared else None  # a sqlite:/// URL
    file = Path(path or named or default_path)
    file.parent.mkdir(parents=True, exist_ok=True)
    engine = sqlalchemy.create_engine(
        f"sqlite:///{file}", hide_parameters=True,
        connect_args={"check_same_thread": False, "timeout": 10})
    return engine, file


def create_tables(engine: Engine, path: Path | None, statements: list[str], lock_id: int) -> None:
    """Run the ``CREATE TABLE IF NOT EXISTS`` statements; on PostgreSQL under an advisory
    lock (two servers starting at once must not race to create them), on SQLite in WAL
    mode, its file readable by this user only."""
    with engine.begin() as conn:
        if path is None:
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({lock_id})")
        else:
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
        for statement in statements:
            conn.exec_driver_sql(statement)
    if path is not None:
        path.chmod(0o600)
