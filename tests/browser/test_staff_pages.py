"""The staff pages in headless Chromium against the real intake API: a handler logs in,
finds the case the assistant filed, acknowledges and extends it; the same handler is
refused at stage 2 (Code 6.13) and a second handler escalates it; a script in a
complaint stays text; the pages pass axe-core's WCAG 2.2 AA rules.

Run with the API's environment: .venv/bin/pytest tests/browser/test_staff_pages.py
"""

from __future__ import annotations

import re

import pytest

from tests.browser.staff_fixtures import (  # noqa: F401
    axe_violations,
    chromium,
    log_in,
    log_out,
    new_page,
    staff_site,
)

pytestmark = pytest.mark.browser

XSS = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'


def assistant_complaint(**overrides) -> dict:
    """A complaint as the assistant hands it over (docs/architecture.md §4)."""
    body = {
        "kind": "complaint",
        "channel": "web",
        "conversation_id": "web-7f3a",
        "complainant": {"name": "Jo Bloggs", "phone": "07700 900123", "postcode": "AB1 2CD",
                        "preferred_contact": "phone", "reasonable_adjustments": "Please call after 2pm"},
        "representative": {"name": "Sam Advocate", "relationship": "support worker",
                           "organisation": "Citizens Advice", "consent": "pending"},
        "definition": {"points": ["The boiler has been broken for three weeks",
                                  "Nobody came to the booked repair"],
                       "desired_outcome": "Fix the boiler and say sorry"},
        "flags": {"on_behalf": True, "vulnerability": True},
        "transcript": [
            {"sender": "resident", "text": "I want to make a complaint about my mum's boiler"},
            {"sender": "bot", "text": "I'm sorry to hear that. What went wrong?"},
            {"sender": "resident", "text": "It has been broken for three weeks and nobody came"},
        ],
    }
    body.update(overrides)
    return body


def _open(page, summary: str) -> None:
    details = page.locator("details.action", has=page.locator("summary", has_text=summary))
    if details.get_attribute("open") is None:
        details.locator("summary").click()


def test_a_case_from_handoff_to_stage_2(new_page, staff_site) -> None:  # noqa: F811
    reference = staff_site.file_case(assistant_complaint())
    hana = new_page()
    log_in(hana, staff_site, "hana")

    # Find the case in the queue by its reference.
    hana.get_by_label("Reference or name").fill(reference)
    hana.get_by_role("button", name="Show cases").click()
    hana.get_by_role("link", name=reference).click()
    hana.wait_for_url(f"**/staff/cases/{reference}")
    assert hana.get_by_role("heading", level=1).inner_text() == f"Complaint {reference}"
    body = hana.locator("main").inner_text()
    for text in ["The boiler has been broken for three weeks", "Fix the boiler and say sorry",
                 "Sam Advocate", "Consent pending", "Please call after 2pm",
                 "I want to make a complaint about my mum's boiler"]:
        assert text in body, text

    # Acknowledge: the resident's text sets out our understanding (Code 5.6–5.7).
    _open(hana, "Acknowledge the complaint")
    hana.get_by_label("What in the complaint we are not responsible for").fill(
        "Your mum's gas supply contract, which is with her energy company")
    hana.get_by_role("button", name="Acknowledge", exact=True).click()
    hana.wait_for_url(re.compile(r"done=acknowledge"))
    assert "Acknowledged." in hana.get_by_role("status").inner_text()
    notice = hana.locator(".notice-text").first.inner_text()
    assert "The boiler has been broken for three weeks" in notice and "energy company" in notice

    # Extend with a reason: the resident is told why, with the Ombudsman's details.
    _open(hana, "Extend the response deadline")
    hana.get_by_label("Working days to add").fill("5")
    hana.get_by_label("Reason, for the resident").fill("We are waiting for a Gas Safe engineer's report")
    hana.get_by_role("button", name="Extend", exact=True).click()
    hana.wait_for_url(re.compile(r"done=extend"))
    notice = hana.locator(".notice-text").first.inner_text()
    assert "Gas Safe engineer" in notice and "Housing Ombudsman" in notice
    assert "extended by 5 working days" in hana.locator("main").inner_text()

    # The stage 1 handler cannot take stage 2 (Code 6.13).
    _open(hana, "Escalate to stage 2")
    hana.get_by_role("button", name="Escalate to stage 2").click()
    alert = hana.get_by_role("alert").inner_text()
    assert "Code 6.13" in alert
    assert staff_site.case(reference)["stage"] == "stage_1"
    log_out(hana)

    # A second handler escalates it and acknowledges it at stage 2.
    hal = new_page()
    log_in(hal, staff_site, "hal")
    hal.goto(f"{staff_site.url}/staff/cases/{reference}")
    _open(hal, "Escalate to stage 2")
    hal.get_by_role("button", name="Escalate to stage 2").click()
    hal.wait_for_url(re.compile(r"done=escalate"))
    assert "now at stage 2" in hal.locator(".notice-text").first.inner_text()
    _open(hal, "Acknowledge the complaint")
    hal.get_by_role("button", name="Acknowledge", exact=True).click()
    hal.wait_for_url(re.compile(r"done=acknowledge"))
    case = staff_site.case(reference)
    assert case["stage"] == "stage_2" and case["handler_stage_1"] == "hana"
    assert case["handler_stage_2"] == "hal" and case["status"] == "acknowledged"
    assert "Stage 2" in hal.locator(".lede").inner_text()


def test_a_script_in_a_complaint_is_shown_as_text_and_never_runs(new_page, staff_site) -> None:  # noqa: F811
    reference = staff_site.file_case(assistant_complaint(
        complainant={"name": XSS},
        definition={"points": [XSS], "desired_outcome": XSS},
        transcript=[{"sender": "resident", "text": XSS}],
    ))
    page = new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    log_in(page, staff_site, "hana")
    for path in ("/staff", f"/staff/cases/{reference}"):
        page.goto(f"{staff_site.url}{path}")
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert page.locator("img[src=x]").count() == 0
        assert page.evaluate("[...document.scripts].every(s => s.src.endsWith('/staff/static/staff.js'))")
        assert "<script>window.__xss = 1</script>" in page.locator("main").inner_text()
    assert page.locator(".points li").first.inner_text() == XSS
    assert dialogs == []


def test_the_staff_pages_pass_axe_wcag_2_2_aa(new_page, staff_site) -> None:  # noqa: F811
    request = staff_site.file_case(assistant_complaint(kind="service_request"))
    reference = staff_site.file_case(assistant_complaint(linked_references=[request]))
    staff_site.file_case(assistant_complaint(received_at="2026-01-05T10:00:00Z", channel="sms",
                                             flags={"emergency": True}))
    page = new_page()
    page.goto(f"{staff_site.url}/staff/login")
    assert axe_violations(page) == [], "login page"
    log_in(page, staff_site, "ada")
    assert page.locator(".badge.sla-overdue").count() >= 1
    assert axe_violations(page) == [], "queue"
    page.goto(f"{staff_site.url}/staff/cases/{reference}")
    # Every action form open, so axe sees them all.
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert axe_violations(page) == [], "case page"
    page.get_by_role("button", name="Acknowledge", exact=True).click()
    page.wait_for_url(re.compile(r"done=acknowledge"))
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert axe_violations(page) == [], "case page after acknowledging"
    page.goto(f"{staff_site.url}/staff/users")
    assert axe_violations(page) == [], "staff users"


def test_the_pages_work_by_keyboard_with_a_skip_link(new_page, staff_site) -> None:  # noqa: F811
    page = new_page()
    log_in(page, staff_site, "hana")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    assert page.evaluate("document.documentElement.lang") == "en-GB"


def test_the_audit_would_catch_a_violation(new_page, staff_site) -> None:  # noqa: F811
    # Guards the guard: an unlabelled field added to the page is reported.
    page = new_page()
    page.goto(f"{staff_site.url}/staff/login")
    page.evaluate("document.querySelector('form').append(document.createElement('input'))")
    assert "label" in {v["id"] for v in axe_violations(page)}
