"""`make eval`: triage scores on the dev set through the real bot.

Uses the Rasa server at RASA_URL if one answers there; otherwise starts the whole stack
(intake API, action server, Rasa) on free ports for the run and stops it afterwards.
Arguments go to scripts/eval_triage.py (e.g. --strict)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.stack import Stack

EVAL = [sys.executable, str(ROOT / "scripts" / "eval_triage.py")]


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/status", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def main() -> int:
    url = os.environ.get("RASA_URL")
    if url and _answers(url):
        return subprocess.run([*EVAL, "--rasa-url", url, *sys.argv[1:]]).returncode
    print("starting the intake API, action server and Rasa server for the evaluation…", flush=True)
    with Stack() as stack:
        return subprocess.run([*EVAL, "--rasa-url", stack.rasa_url, *sys.argv[1:]]).returncode


if __name__ == "__main__":
    sys.exit(main())
