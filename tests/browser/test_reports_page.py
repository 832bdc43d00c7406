"""The staff Reports page in headless Chromium: a manager reaches it from the navigation, its
charts are images with a name and a description beside their data tables, and it passes
axe-core's WCAG 2.2 AA rules (with figures, with none, and with a date error).

Run with the API's environment: .venv/bin/pytest tests/browser/test_reports_page.py
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from intake_api.domain.calendar import local_date
from tests.browser.staff_fixtures import (  # noqa: F401
    axe_violations,
    chromium,
    log_in,
    new_page,
    staff_site,
)

pytestmark = pytest.mark.browser


def complaint(received_at: str, channel: str, points: list[str]) -> dict:
    return {"kind": "complaint", "channel": channel, "received_at": received_at,
            "complainant": {"name": "Jo Bloggs", "phone": "07700 900123"},
            "definition": {"points": points, "desired_outcome": "Put it right"}}


def test_the_reports_page_passes_axe_wcag_2_2_aa(new_page, staff_site) -> None:  # noqa: F811
    today = local_date(datetime.now(UTC))
    last_week = (datetime.now(UTC) - timedelta(days=7)).isoformat()
    staff_site.file_case(complaint(last_week, "web", ["The boiler repair was missed", "Nobody called back"]))
    staff_site.file_case(complaint(last_week, "sms", ["Damp and mould in the bedroom"]))
    page = new_page()
    log_in(page, staff_site, "maya")
    page.get_by_role("link", name="Reports").click()
    page.wait_for_url("**/staff/reports")
    assert axe_violations(page) == [], "reports page, last complete financial year"

    page.get_by_label("From").fill((today - timedelta(days=30)).isoformat())
    page.get_by_label("To (inclusive)").fill(today.isoformat())
    page.get_by_role("button", name="Show the report").click()
    page.wait_for_url("**/staff/reports?from=*")
    chart = page.get_by_role("img", name="Complaints, by stage, as a bar chart")
    assert chart.count() == 1
    assert page.get_by_role("table", name="Complaints, by stage: data").count() == 1
    assert "Stage 1: 2" in chart.locator("desc").text_content()
    assert axe_violations(page) == [], "reports page with figures"

    page.goto(f"{staff_site.url}/staff/reports?from=2026-02-30&to=2026-03-31")
    assert page.get_by_role("alert").text_content().strip().startswith("from:")
    assert axe_violations(page) == [], "reports page with a date error"


def test_a_handler_is_refused_the_reports_page(new_page, staff_site) -> None:  # noqa: F811
    page = new_page()
    log_in(page, staff_site, "hana")
    assert page.get_by_role("link", name="Reports").count() == 0
    response = page.goto(f"{staff_site.url}/staff/reports")
    assert response.status == 403
