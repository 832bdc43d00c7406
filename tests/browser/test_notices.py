"""A handler acknowledges a complaint in the browser and the resident's phone — a local
stand-in for Twilio's Messages API — receives the acknowledgement with the complaint
definition, sent by the outbox worker running beside the API (docs/outbound.md). A
notice that could not be sent shows as not delivered, and the page passes axe.

Run with the API's environment: .venv/bin/pytest tests/browser/test_notices.py
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator

import pytest

from tests.browser.staff_fixtures import (  # noqa: F401
    STAFF,
    StaffSite,
    axe_violations,
    chromium,
    log_in,
)
from tests.intake.api.outbound_standins import ACCOUNT_SID, AUTH_TOKEN, TWILIO_NUMBER, StandInTwilio

pytestmark = pytest.mark.browser

RESIDENT = "+447700900123"


@pytest.fixture(scope="module")
def twilio() -> Iterator[StandInTwilio]:
    standin = StandInTwilio()
    standin.start()
    yield standin
    standin.stop()


@pytest.fixture(scope="module")
def notices_site(tmp_path_factory, twilio) -> Iterator[StaffSite]:
    """The real intake API (uvicorn in a thread) and the outbox worker, as make run runs
    them, with Twilio pointed at the stand-in."""
    import uvicorn

    from intake_api.core.config import Settings
    from intake_api.core.db import Database
    from intake_api.core.migrate import upgrade
    from intake_api.jobs.outbox_worker import run
    from intake_api.main import create_app
    from intake_api.services.staff import add_user
    from scripts.stack import free_port
    from tests.browser.staff_fixtures import PASSWORD
    from tests.intake.conftest import make_api_key

    url = f"sqlite:///{tmp_path_factory.mktemp('notices') / 'intake.sqlite3'}"
    upgrade(url)
    settings = Settings(database_url=url, sla_monitor_interval_seconds=0,
                        secret_key="browser-tests-" + "x" * 32, twilio_api_base=twilio.url,
                        twilio_account_sid=ACCOUNT_SID, twilio_auth_token=AUTH_TOKEN,
                        twilio_number=TWILIO_NUMBER, outbox_interval_seconds=0.2)
    db = Database(settings)
    for username, role in STAFF.items():
        add_user(db.sessionmaker, username, role, PASSWORD)
    db.dispose()
    key = make_api_key(settings, "assistant")
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threads = [threading.Thread(target=server.run, daemon=True)]
    stop = threading.Event()
    threads.append(threading.Thread(target=run, kwargs={"settings": settings, "stop": stop},
                                    daemon=True))
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the intake API did not start"
    yield StaffSite(f"http://127.0.0.1:{port}", key)
    stop.set()
    server.should_exit = True
    for thread in threads:
        thread.join(10)


@pytest.fixture
def page(chromium):  # noqa: F811
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def complaint_by_text(**overrides) -> dict:
    body = {
        "kind": "complaint", "channel": "sms", "conversation_id": "sms-4b1d",
        "complainant": {"name": "Jo Bloggs", "phone": "07700 900123", "preferred_contact": "sms"},
        "definition": {"points": ["The boiler has been broken for three weeks",
                                  "Nobody came to the booked repair"],
                       "desired_outcome": "Fix the boiler and say sorry"},
        "transcript": [{"sender": "resident", "text": "My boiler is broken and nobody came"}],
    }
    body.update(overrides)
    return body


def wait_for_texts(twilio: StandInTwilio, count: int, timeout: float = 20.0) -> list[str]:
    deadline = time.monotonic() + timeout
    while len(twilio.to(RESIDENT)) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    return [m["Body"] for m in twilio.to(RESIDENT)]


def test_acknowledging_in_the_browser_texts_the_resident_the_complaint_definition(
        page, notices_site, twilio) -> None:
    reference = notices_site.file_case(complaint_by_text())
    texts = wait_for_texts(twilio, 1)
    assert len(texts) == 1 and reference in texts[0]  # the filing: their reference in writing

    log_in(page, notices_site, "hana")
    page.goto(f"{notices_site.url}/staff/cases/{reference}")
    page.get_by_role("button", name="Acknowledge", exact=True).click()
    page.wait_for_url(re.compile(r"done=acknowledge"))

    texts = wait_for_texts(twilio, 2)
    assert len(texts) == 2
    acknowledgement = texts[1]
    assert f"Your complaint {reference}" in acknowledgement
    for words in ("The boiler has been broken for three weeks", "Nobody came to the booked repair",
                  "Fix the boiler and say sorry", "We will send you our full response by"):
        assert words in acknowledgement, words
    assert twilio.messages[-1]["From"] == TWILIO_NUMBER

    page.reload()
    delivery = page.locator("table.delivery").inner_text()
    assert "Your complaint" in delivery and "Sent" in delivery and "+44…123" in delivery
    assert "07700 900123" not in delivery  # the whole number is on the case, not the delivery log


def test_a_notice_not_delivered_is_shown_with_its_actions_and_the_page_passes_axe(
        page, notices_site, twilio) -> None:
    twilio.script = [400]
    reference = notices_site.file_case(complaint_by_text(complainant={
        "name": "Ann Other", "phone": "07700 900999", "preferred_contact": "sms",
        "address": "2 Low Road, Town", "postcode": "AB2 3CD"}))
    log_in(page, notices_site, "hana")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        page.goto(f"{notices_site.url}/staff?q={reference}")
        if page.locator("table.queue").get_by_text("Notice not delivered").count():
            break
        time.sleep(0.3)
    assert page.locator("table.queue").get_by_text("Notice not delivered").count() == 1
    assert axe_violations(page) == [], "queue with a notice not delivered"
    page.get_by_role("link", name=reference).click()
    page.wait_for_url(f"**/staff/cases/{reference}")
    assert "did not reach the resident" in page.locator("main").inner_text()
    assert axe_violations(page) == [], "case page with a notice not delivered"

    page.get_by_role("button", name=re.compile(r"^Send by letter")).click()
    page.wait_for_url(re.compile(r"done=notice_letter"))
    page.get_by_role("link", name=re.compile(r"^Print the letter")).click()
    assert "2 Low Road, Town" in page.locator("main").inner_text()
    assert axe_violations(page) == [], "printable letter"
