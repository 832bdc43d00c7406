"""Register (or show, or remove) the Telegram bot's webhook.

    TELEGRAM_BOT_TOKEN=… TELEGRAM_SECRET_TOKEN=… TELEGRAM_WEBHOOK_BASE_URL=https://chat.example.org \
        python scripts/telegram_set_webhook.py            # register
    python scripts/telegram_set_webhook.py --info          # what Telegram has
    python scripts/telegram_set_webhook.py --delete        # stop Telegram calling us

Telegram then POSTs updates to ``<base>/webhooks/telegram/webhook`` with the secret in
``X-Telegram-Bot-Api-Secret-Token``. Stdlib only; ``TELEGRAM_API_BASE_URL`` points it at
another Bot API server. The token is never printed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.error
import urllib.request

WEBHOOK_PATH = "/webhooks/telegram/webhook"
ALLOWED_UPDATES = ["message", "callback_query"]


def call(method: str, params: dict | None = None) -> dict:
    token = os.environ["TELEGRAM_BOT_TOKEN"]
    base = (os.environ.get("TELEGRAM_API_BASE") or os.environ.get("TELEGRAM_API_BASE_URL")
            or "https://api.telegram.org").rstrip("/")
    request = urllib.request.Request(f"{base}/bot{token}/{method}",
                                     data=json.dumps(params or {}).encode(),
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return json.load(response)
    except urllib.error.HTTPError as exc:
        return json.load(exc) if exc.headers.get_content_type() == "application/json" else \
            {"ok": False, "description": f"HTTP {exc.code}"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--info", action="store_true", help="show the webhook Telegram has")
    group.add_argument("--delete", action="store_true", help="remove the webhook")
    args = parser.parse_args(argv)

    if not os.environ.get("TELEGRAM_BOT_TOKEN"):
        print("TELEGRAM_BOT_TOKEN is not set", file=sys.stderr)
        return 2
    if args.info:
        result = call("getWebhookInfo")
    elif args.delete:
        result = call("deleteWebhook")
    else:
        base = os.environ.get("TELEGRAM_WEBHOOK_BASE_URL", "").rstrip("/")
        secret = os.environ.get("TELEGRAM_SECRET_TOKEN", "")
        if not base.startswith("https://"):
            print("TELEGRAM_WEBHOOK_BASE_URL must be the public https:// address of the Rasa "
                  "server (Telegram only calls https)", file=sys.stderr)
            return 2
        if not secret:
            print("TELEGRAM_SECRET_TOKEN is not set (1-256 characters: A-Z a-z 0-9 _ -)",
                  file=sys.stderr)
            return 2
        result = call("setWebhook", {"url": base + WEBHOOK_PATH, "secret_token": secret,
                                     "allowed_updates": ALLOWED_UPDATES,
                                     "drop_pending_updates": False})
    print(json.dumps(result, indent=2))
    return 0 if result.get("ok") else 1


if __name__ == "__main__":
    sys.exit(main())
