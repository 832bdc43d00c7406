"""Awaab's Law on the staff pages: the hazard beside the Code's deadline in the queue, hours
left on an hour clock, the case page's hazard clocks and the forms that record each step.

The clock is moved with time-machine (the app reads the same clock), so "a Friday
evening" is this week's Friday, never a fixed date."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, time, timedelta

import time_machine

from intake_api.domain.calendar import LONDON

from .conftest import file_case, log_in

XSS = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'


def _row(page: str, reference: str) -> str:
    """The queue's row for ``reference``, from its opening <tr>."""
    start = page.rindex("<tr", 0, page.index(reference))
    return page[start:].split("</tr>")[0]


def _this_friday() -> date:
    today = datetime.now(UTC).astimezone(LONDON).date()
    return today + timedelta(days=(4 - today.weekday()) % 7)


def _london(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), LONDON)


def _ago(**delta) -> str:
    return (datetime.now(UTC) - timedelta(**delta)).isoformat()


def test_an_emergency_reported_on_friday_evening_shows_hours_left_on_saturday(api, staff_users) -> None:
    friday = _this_friday()
    reported = _london(friday, 19, 0)
    with time_machine.travel(reported + timedelta(minutes=5), tick=False):
        ref = file_case(api, kind="service_request", channel="sms", received_at=reported.isoformat(),
                        definition={"points": []}, flags={"emergency": True},
                        service_request={"description": "Sparks from the socket", "priority": "emergency"},
                        hazard={"class": "emergency"})
    with time_machine.travel(_london(friday + timedelta(days=1), 10, 0), tick=False):
        hana = log_in(api, "hana")
        queue = hana.get("/staff").text
        row = _row(queue, ref)
        assert "Emergency hazard: Make safe by" in row
        assert "9 hours left" in row and "19:00" in row
        case_page = hana.get(f"/staff/cases/{ref}").text
        hazard = case_page[case_page.index('id="h-hazard"'):].split("</section>")[0]
        assert "9 hours left" in hazard and "On track" in hazard
    with time_machine.travel(_london(friday + timedelta(days=1), 15, 30), tick=False):
        row = _row(log_in(api, "hana").get("/staff").text, ref)
        assert "3 hours left" in row and "At risk" in row and 'class="row-at_risk"' in row
    with time_machine.travel(_london(friday + timedelta(days=1), 21, 0), tick=False):
        row = _row(log_in(api, "hana").get("/staff").text, ref)
        assert "2 hours late" in row and 'class="row-overdue"' in row


def test_the_queue_puts_a_hazard_due_in_hours_before_a_code_deadline_days_away(api, staff) -> None:
    complaint = file_case(api, received_at=_ago(hours=1))
    emergency = file_case(api, received_at=_ago(hours=2), hazard={"class": "emergency"})
    page = staff("hana").get("/staff").text
    refs = re.findall(r'<th scope="row"><a href="/staff/cases/([A-Z]+-\d{4}-\d+)">', page)
    assert refs.index(emergency) < refs.index(complaint)
    assert "Hazard deadline (Awaab&#39;s Law)" in page or "Hazard deadline (Awaab's Law)" in page
    assert "22 hours left" in _row(page, emergency) or "21 hours left" in _row(page, emergency)


def test_staff_set_a_hazard_and_record_each_step_from_the_case_page(api, staff) -> None:
    ref = file_case(api, kind="service_request", definition={"points": []}, received_at=_ago(days=3))
    hana = staff("hana")
    page = hana.get(f"/staff/cases/{ref}").text
    assert "No hazard recorded." in page and 'action="/staff/cases/' + ref + '/hazard"' in page
    response = hana.post(f"/staff/cases/{ref}/hazard", {"class": "damp_mould", "tenure": "social_rent"})
    assert response.status_code == 303, response.text
    page = hana.get(f"/staff/cases/{ref}").text
    hazard = page[page.index('id="h-hazard"'):].split("</section>")[0]
    assert "Significant damp and mould hazard" in hazard and "Investigate" in hazard
    assert "working days left" in hazard
    assert f'action="/staff/cases/{ref}/hazard/investigated"' in hazard
    assert "summary-sent" not in hazard  # not offered until the investigation is finished
    assert hana.post(f"/staff/cases/{ref}/hazard/investigated", {"at": ""}).status_code == 303
    page = hana.get(f"/staff/cases/{ref}").text
    hazard = page[page.index('id="h-hazard"'):].split("</section>")[0]
    assert "Written summary to the tenant" in hazard and "Met" in hazard
    assert 'name="summary"' in hazard  # the summary can go to the tenant as a notice
    for step in ("summary-sent", "safety-work-done", "further-work-started"):
        assert f'/hazard/{step}"' in hazard
        assert hana.post(f"/staff/cases/{ref}/hazard/{step}", {"note": "done", "summary": (
            "No mould found; we will ease the window vents." if step == "summary-sent" else "")}
        ).status_code == 303
    notices = api.get(f"/api/v1/cases/{ref}").json()["events"]
    assert any("ease the window vents" in (e["data"].get("notice") or "") for e in notices)
    page = hana.get(f"/staff/cases/{ref}").text
    for label in ("Hazard: investigation finished", "Hazard: written summary sent",
                  "Hazard: safety work done", "Hazard: further work started"):
        assert label in page


def test_a_hazard_form_without_its_csrf_token_is_refused(api, staff) -> None:
    ref = file_case(api, hazard={"class": "emergency"})
    hana = staff("hana")
    hana.get(f"/staff/cases/{ref}")
    refused = hana.post(f"/staff/cases/{ref}/hazard/safety-work-done", {}, csrf=False)
    assert refused.status_code == 403
    case = api.get(f"/api/v1/cases/{ref}").json()
    assert case["hazard"]["clocks"][0]["completed_at"] is None


def test_bad_hazard_input_on_the_case_page_says_why(api, staff) -> None:
    ref = file_case(api, hazard={"class": "emergency"})
    hana = staff("hana")
    page = hana.post(f"/staff/cases/{ref}/hazard/safety-work-done", {"at": "next tuesday"})
    assert page.status_code == 422 and "at: " in html.unescape(page.text)
    page = hana.post(f"/staff/cases/{ref}/hazard", {"class": ""})
    assert page.status_code == 409 and "reason" in page.text
    early = (datetime.now(UTC) - timedelta(days=30)).astimezone(LONDON).strftime("%Y-%m-%dT%H:%M")
    page = hana.post(f"/staff/cases/{ref}/hazard/safety-work-done", {"at": early})
    assert page.status_code == 409 and "before we became aware" in page.text


def test_a_leaseholders_case_shows_why_there_are_no_hazard_clocks(api, staff) -> None:
    ref = file_case(api, hazard={"class": "damp_mould"}, tenure="leasehold")
    page = staff("hana").get(f"/staff/cases/{ref}").text
    hazard = page[page.index('id="h-hazard"'):].split("</section>")[0]
    assert "No hazard clocks" in hazard and "leasehold" in hazard
    assert "/hazard/investigated" not in hazard


def test_resident_text_on_a_hazard_step_is_escaped(api, staff) -> None:
    ref = file_case(api, hazard={"class": "emergency"}, complainant={"name": XSS})
    hana = staff("hana")
    assert hana.post(f"/staff/cases/{ref}/hazard/safety-work-done", {"note": XSS}).status_code == 303
    for page in (hana.get("/staff").text, hana.get(f"/staff/cases/{ref}").text):
        assert "<script>window.__xss" not in page and "<img src=x" not in page
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in hana.get(f"/staff/cases/{ref}").text
