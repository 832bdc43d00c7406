"""Awaab's Law in headless Chromium against the real intake API: an emergency the resident
reported on a Friday evening shows the hours left to make it safe on the Saturday, a handler
records the safety work from the case page, and the hazard section passes axe (WCAG 2.2 AA).

The API runs in this process (uvicorn in a thread), so time-machine moves its clock to
this week's Friday and Saturday; the browser keeps the real time, which the pages do not use.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine

from intake_api.domain.calendar import LONDON
from tests.browser.staff_fixtures import (  # noqa: F401
    axe_violations,
    chromium,
    log_in,
    new_page,
    staff_site,
)

pytestmark = pytest.mark.browser


def _this_friday() -> date:
    today = datetime.now(UTC).astimezone(LONDON).date()
    return today + timedelta(days=(4 - today.weekday()) % 7)


def _emergency(received_at: datetime) -> dict:
    return {
        "kind": "service_request", "channel": "sms", "conversation_id": "sms-447700900123",
        "received_at": received_at.isoformat(),
        "complainant": {"name": "Jo Bloggs", "phone": "07700 900123", "preferred_contact": "sms"},
        "service_request": {"description": "Water pouring through the light fitting", "priority": "emergency"},
        "flags": {"emergency": True},
        "hazard": {"class": "emergency"},
    }


def test_an_emergency_reported_on_friday_evening_shows_hours_left_on_saturday(new_page, staff_site) -> None:  # noqa: F811
    friday = _this_friday()
    reported = datetime.combine(friday, time(19, 30), LONDON)
    with time_machine.travel(reported + timedelta(minutes=2), tick=False):
        reference = staff_site.file_case(_emergency(reported))
    with time_machine.travel(datetime.combine(friday + timedelta(days=1), time(11, 0), LONDON), tick=True):
        page = new_page()
        log_in(page, staff_site, "hana")
        row = page.locator("tr", has=page.get_by_role("link", name=reference))
        assert "8 hours left" in row.inner_text()
        assert "Make safe by" in row.inner_text() and "19:30" in row.inner_text()
        page.get_by_role("link", name=reference).click()
        hazard = page.locator("section[aria-labelledby=h-hazard]")
        assert "8 hours left" in hazard.inner_text()
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        assert axe_violations(page) == [], "case page with a hazard"
        page.get_by_role("button", name="Record: safety work done").click()
        page.wait_for_url(re.compile(r"done=hazard_step"))
        hazard = page.locator("section[aria-labelledby=h-hazard]")
        assert "Met" in hazard.inner_text()
    case = staff_site.case(reference)
    assert case["hazard"]["clocks"][0]["state"] == "met"
    assert case["events"][-1]["type"] == "hazard_safety_work_done"
