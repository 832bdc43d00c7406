"""``rasa run`` with its HTTP API token taken from the environment, not the command line.

Run with the Rasa environment's Python from bot/ (scripts/stack.py does)::

    RASA_AUTH_TOKEN=... ../.venv-rasa/bin/python ../scripts/rasa_server.py run -i 127.0.0.1 ...

Every argument goes to ``rasa``; ``--auth-token`` is added from ``RASA_AUTH_TOKEN``, so
the token never shows in the process list (``ps`` shows every user the command line).
"""

from __future__ import annotations

import os
import sys

TOKEN_ENV = "RASA_AUTH_TOKEN"


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
        sys.argv += ["--auth-token", token]
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
