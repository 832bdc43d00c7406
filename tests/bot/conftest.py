"""Shared set-up for the action server's tests (run with .venv-rasa/bin/pytest tests/bot).

The API's environment also collects tests/ by default; it has no Rasa, so there these
tests are left out rather than failing to import.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

NEEDS = ("rasa_sdk", "pytest_asyncio")
if any(importlib.util.find_spec(name) is None for name in NEEDS):
    collect_ignore_glob = ["*.py"]
else:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    # Unit tests start no background outbox worker; the tests that need one start their own.
    os.environ["OUTBOX_WORKER"] = "off"

    if importlib.util.find_spec("actions.triage") is None:  # the NLU engineer's module
        import fake_triage

        fake_triage.install()

    from bot_fixtures import faulty_api, intake_api, outbox_path, real_intake_api  # noqa: F401
