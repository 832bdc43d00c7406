"""Fixtures for the web chat's browser tests: Debian's Chromium driven by Playwright
(never a downloaded browser), the real stack (intake API, action server, Rasa) from
scripts/stack.py, and axe-core from npm (package.json) for the accessibility audit."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.common import axe_violations, missing  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from scripts.stack import Stack

HAS_MODEL = any((ROOT / "bot" / "models").glob("*.tar.gz"))




@pytest.fixture
def webchat_browser(browser):
    return browser


@pytest.fixture(scope="module")
def chat_stack() -> Iterator[Stack]:
    """The whole product on free ports with a throwaway database."""
    if not HAS_MODEL:
        missing("no trained model in bot/models: run `make model`")
    extra = {"OUTBOX_POLL_SECONDS": "1", "OUTBOX_RETRY_SECONDS": "1", "INTAKE_SLA_MONITOR_INTERVAL_SECONDS": "0"}
    with Stack(extra_env=extra) as stack:
        yield stack


@pytest.fixture
def chat_page(webchat_browser, chat_stack):
    context = webchat_browser.new_context(viewport={"width": 1024, "height": 800}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()

