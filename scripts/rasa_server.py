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
    from rasa.__main__ import main as rasa_main

    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
