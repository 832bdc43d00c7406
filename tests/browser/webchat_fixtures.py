"""Fixtures for the web chat's browser tests: Debian's Chromium driven by Playwright
(never a downloaded browser), the real stack (intake API, action server, Rasa) from
scripts/stack.py, and axe-core from npm (package.json) for the accessibility audit."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from scripts.stack import Stack

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
HAS_MODEL = any((ROOT / "bot" / "models").glob("*.tar.gz"))


def _missing(what: str) -> None:
    # In CI a missing browser, model or axe-core is a failure, not a skip.
    if os.environ.get("CI"):
        pytest.fail(what)
    pytest.skip(what)


@pytest.fixture(scope="module")  # one sync Playwright at a time, so per module
def webchat_browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        _missing(f"{CHROMIUM} is missing: apt-get install -y chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                             headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def chat_stack() -> Iterator[Stack]:
    """The whole product on free ports with a throwaway database."""
    if not HAS_MODEL:
        _missing("no trained model in bot/models: run `make model`")
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


def axe_violations(page) -> list[dict]:
    """Run axe-core's WCAG 2.2 AA rules on the page as it is now."""
    if not AXE_JS.exists():
        _missing(f"{AXE_JS} is missing: run `npm ci`")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: the page's own CSP stays in force.
        page.evaluate(AXE_JS.read_text() + "\n;undefined")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]
