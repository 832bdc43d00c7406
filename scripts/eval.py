"""`make eval`: triage scores on the dev set through the real bot.

Uses the Rasa server at RASA_URL if one answers there (its HTTP API token from
RASA_AUTH_TOKEN or var/rasa-token, as `make run` keeps it); otherwise starts the whole
stack (intake API, action server, Rasa) on free ports for the run and stops it
afterwards. Arguments go to scripts/eval_triage.py (e.g. --strict)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.stack import Stack, read_token

EVAL = [sys.executable, str(ROOT / "scripts" / "eval_triage.py")]


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _evaluate(url: str, token: str | None) -> int:
    # The token goes by environment, not the command line, which `ps` shows everyone.
    env = {**os.environ, **({"RASA_AUTH_TOKEN": token} if token else {})}
    return subprocess.run([*EVAL, "--rasa-url", url, *sys.argv[1:]], env=env,
                          check=False).returncode


def main() -> int:
    url = os.environ.get("RASA_URL")
    if url and _answers(url):
        return _evaluate(url, os.environ.get("RASA_AUTH_TOKEN") or read_token(ROOT / "var"))
    print("starting the intake API, action server and Rasa server for the evaluation…", flush=True)
    with Stack() as stack:
        return _evaluate(stack.rasa_url, stack.rasa_token)


if __name__ == "__main__":
    sys.exit(main())
