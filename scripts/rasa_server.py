"""``rasa run`` with its HTTP API token taken from the environment, not the command line.

Run with the Rasa environment's Python from bot/ (scripts/stack.py does)::

    RASA_AUTH_TOKEN=... ../.venv-rasa/bin/python ../scripts/rasa_server.py run -i 127.0.0.1 ...

Every argument goes to ``rasa``; ``--auth-token`` is added from ``RASA_AUTH_TOKEN``, so
the token never shows in the process list (``ps`` shows every user the command line).

With ``--endpoints endpoints.shared.yml`` (several Rasa servers; docs/scaling.md) the
tracker store's and lock store's settings come from ``ASSISTANT_DATABASE_URL`` and
``REDIS_URL``, split into the pieces Rasa's configuration wants (host, port, …), so a
deployment sets two URLs rather than ten variables.
"""

from __future__ import annotations

import os
import sys
from urllib.parse import unquote, urlsplit

TOKEN_ENV = "RASA_AUTH_TOKEN"
SHARED_ENDPOINTS = "endpoints.shared.yml"


def shared_store_settings(env: dict[str, str]) -> dict[str, str]:
    """The ``ASSISTANT_DB_*`` and ``REDIS_*`` variables bot/endpoints.shared.yml reads,
    from ``ASSISTANT_DATABASE_URL`` (PostgreSQL) and ``REDIS_URL``; ValueError naming
    what is missing."""
    database, redis = env.get("ASSISTANT_DATABASE_URL", ""), env.get("REDIS_URL", "")
    db = urlsplit(database)
    if not db.scheme.startswith("postgres") or not db.path.strip("/"):
        raise ValueError("ASSISTANT_DATABASE_URL must be a PostgreSQL URL with a database "
                         "name (postgresql://user:password@host:5432/assistant)")
    red = urlsplit(redis)
    if red.scheme not in ("redis", "rediss"):
        raise ValueError("REDIS_URL must be a Redis URL (redis://host:6379/0)")
    return {
        "ASSISTANT_DB_HOST": db.hostname or "127.0.0.1",
        "ASSISTANT_DB_PORT": str(db.port or 5432),
        "ASSISTANT_DB_NAME": unquote(db.path.strip("/")),
        "ASSISTANT_DB_USER": unquote(db.username or ""),
        "ASSISTANT_DB_PASSWORD": unquote(db.password or ""),
        "REDIS_HOST": red.hostname or "127.0.0.1",
        "REDIS_PORT": str(red.port or 6379),
        "REDIS_DB": red.path.strip("/") or "0",
        "REDIS_PASSWORD": unquote(red.password or ""),
    }


def hide_sql_parameters() -> None:
    """Every SQLAlchemy engine Rasa makes (its SQL tracker store) hides statement values.

    A failed write puts the values — a resident's words, their phone number in the
    metadata — into SQLAlchemy's error message, which Rasa logs. With
    ``hide_parameters`` the message says the values are hidden instead."""
    import sqlalchemy

    if getattr(sqlalchemy.create_engine, "hides_parameters", False):
        return
    create_engine = sqlalchemy.create_engine

    def create_engine_hiding_parameters(*args, **kwargs):
        kwargs.setdefault("hide_parameters", True)
        return create_engine(*args, **kwargs)

    create_engine_hiding_parameters.hides_parameters = True
    sqlalchemy.create_engine = create_engine_hiding_parameters


def main() -> int:
    token = os.environ.get(TOKEN_ENV, "").strip()
    if "--enable-api" in sys.argv and not token:
        print(f"{TOKEN_ENV} is not set: Rasa's HTTP API (trackers, model) would be open to "
              "anyone who reaches the port", file=sys.stderr)
        return 2
    if token:
        # One argument, "--auth-token=…": a random token can start with "-", which argparse
        # would read as a new option ("expected one argument"; 1 stack start in ~64 failed).
        sys.argv.append(f"--auth-token={token}")
    if any(arg.endswith(SHARED_ENDPOINTS) for arg in sys.argv):
        try:
            os.environ.update(shared_store_settings(dict(os.environ)))
        except ValueError as exc:
            print(f"{SHARED_ENDPOINTS}: {exc}", file=sys.stderr)
            return 2
    sys.argv[0] = "rasa"
    # Run by path, this folder comes first on sys.path; its modules are not Rasa's.
    if sys.path and os.path.realpath(sys.path[0]) == os.path.dirname(os.path.realpath(__file__)):
        del sys.path[0]
    hide_sql_parameters()
    from rasa.__main__ import main as rasa_main

    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
