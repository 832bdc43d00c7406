"""The action server: rasa-sdk's app for the ``actions`` package, answering only Rasa.

Run from the Rasa environment at the repository root (scripts/stack.py does)::

    ACTION_SERVER_TOKEN=... .venv-rasa/bin/python -m scripts.actions_server --port 5055

Rasa sends the shared secret in the ``X-Action-Server-Token`` header on every call
(``action_endpoint.headers`` in bot/endpoints.yml, from the same environment
variable). Any other call except ``GET /health`` gets a 401 before an action runs.
It listens on 127.0.0.1 unless ``--host`` or ``ACTION_SERVER_HOST`` says otherwise
(docs/deployment.md).
"""

from __future__ import annotations

import argparse
import hmac
import logging
import os
import sys
import traceback

TOKEN_ENV = "ACTION_SERVER_TOKEN"
TOKEN_HEADER = "X-Action-Server-Token"
OPEN_PATHS = frozenset({"/health"})

logger = logging.getLogger("scripts.actions_server")


def token_matches(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def create_app(token: str, actions: str = "actions"):
    """rasa_sdk's Sanic app with the shared-secret check in front of it."""
    from rasa_sdk.endpoint import create_app as create_sdk_app
    from sanic import response

    if not token:
        raise ValueError(f"{TOKEN_ENV} is empty: the action server would answer anyone")
    app = create_sdk_app(actions, cors_origins="")  # Rasa is the only caller: no CORS

    @app.middleware("request")
    async def only_rasa(request):
        if request.path in OPEN_PATHS and request.method in ("GET", "HEAD"):
            return None
        if not token_matches(request.headers.get(TOKEN_HEADER), token):
            return response.json({"error": "this server answers the Rasa server only"},
                                 status=401)
        return None

    async def internal_error(request, exception: Exception):
        # rasa_sdk's own handler echoes the request body (the whole conversation) back
        # and logs the exception's message; keep both out of responses and logs.
        logger.error("action server error %s at %s\n%s", type(exception).__name__,
                     request.path, "".join(traceback.format_tb(exception.__traceback__)))
        return response.json({"error": "the action failed"}, status=500)

    app.error_handler.add(Exception, internal_error)
    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("ACTION_SERVER_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("ACTION_SERVER_PORT", "5055")))
    parser.add_argument("--actions", default="actions")
    args = parser.parse_args(argv)
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        print(f"{TOKEN_ENV} is not set: the action server refuses to start without the secret "
              "Rasa sends (scripts/stack.py keeps one in var/action-server-token)", file=sys.stderr)
        return 2

    from rasa_sdk import utils

    utils.configure_colored_logging(os.environ.get("LOG_LEVEL", "INFO"))
    utils.update_sanic_log_level()
    app = create_app(token, args.actions)
    logger.info("action server on http://%s:%s", args.host, args.port)
    app.run(args.host, args.port, workers=utils.number_of_sanic_workers(), access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
