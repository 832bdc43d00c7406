"""Fixtures for the staff pages' browser tests: the real intake API (uvicorn in a thread,
a throwaway SQLite database), staff users, and Debian's Chromium driven by Playwright
(never a downloaded browser). axe-core comes from npm (package.json, `npm ci`).

The browser fixture is module-scoped: Playwright's sync API allows one instance at a
time, and the web chat's tests start their own.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.browser.common import axe_violations, missing  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"
STAFF = {"hana": "handler", "hal": "handler", "maya": "manager", "ada": "admin"}




@dataclass
class StaffSite:
    url: str
    api_key: str

    def file_case(self, body: dict) -> str:
        """File a case as the assistant does: POST /api/v1/cases with its API key."""
        response = httpx.post(f"{self.url}/api/v1/cases", json=body, timeout=30,
                              headers={"Authorization": f"Bearer {self.api_key}",
                                       "Idempotency-Key": f"browser-{time.monotonic_ns()}"})
        assert response.status_code == 201, response.text
        return response.json()["reference"]

    def case(self, reference: str) -> dict:
        return httpx.get(f"{self.url}/api/v1/cases/{reference}", timeout=30,
                         headers={"Authorization": f"Bearer {self.api_key}"}).json()


@pytest.fixture(scope="module")
def staff_site(tmp_path_factory) -> Iterator[StaffSite]:
    import uvicorn

    from intake_api.core.config import Settings
    from intake_api.core.db import Database
    from intake_api.core.migrate import upgrade
    from intake_api.main import create_app
    from intake_api.services.staff import add_user
    from scripts.stack import free_port
    from tests.intake.conftest import make_api_key

    url = f"sqlite:///{tmp_path_factory.mktemp('staff') / 'intake.sqlite3'}"
    upgrade(url)
    settings = Settings(database_url=url, sla_monitor_interval_seconds=0,
                        secret_key="browser-tests-" + "x" * 32)
    db = Database(settings)
    for username, role in STAFF.items():
        add_user(db.sessionmaker, username, role, PASSWORD)
    db.dispose()
    key = make_api_key(settings, "assistant")
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the intake API did not start"
    yield StaffSite(f"http://127.0.0.1:{port}", key)
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def chromium(browser):
    return browser


@pytest.fixture
def new_page(chromium, staff_site):
    """``new_page()``: a fresh browser context (its own cookies) per person."""
    contexts = []

    def make():
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        return page

    yield make
    for context in contexts:
        context.close()


def log_in(page, site: StaffSite, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{site.url}/staff")
    assert "/staff/login" in page.url
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{site.url}/staff")


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/staff/login?logged_out=1")

