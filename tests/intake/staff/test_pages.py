"""The queue and the case page: what a complaint handler sees and does (Code 5–6)."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

from intake_api.domain.calendar import local_date

from .conftest import file_case

XSS = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'


def _rows(page: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/staff/cases/([A-Z]+-\d{4}-\d+)">', page)


def _ago(days: int) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).isoformat()


def test_the_queue_lists_open_cases_due_soonest_first_with_overdue_and_at_risk_in_words(api, staff) -> None:
    fresh = file_case(api)
    overdue = file_case(api, received_at=_ago(30))
    closing = file_case(api, kind="service_request", definition={"points": []})
    hana = staff("hana")
    hana.post(f"/staff/cases/{closing}/close", {"reason": "request completed"})
    page = hana.get("/staff").text
    refs = _rows(page)
    assert refs.index(overdue) < refs.index(fresh) and closing not in refs
    overdue_row = page[page.index(overdue):].split("</tr>")[0]
    assert 'class="badge sla-overdue">Overdue<' in overdue_row and "working days late" in overdue_row
    assert "On track" in page[page.index(fresh):].split("</tr>")[0]


def test_at_risk_is_marked_when_two_working_days_or_fewer_are_left(api, staff) -> None:
    # Received 4 working days ago or so: the acknowledgement is due within 2 working days.
    from intake_api.services.policies import policy_for

    calendar = policy_for(None).calendar("england")
    today = local_date(datetime.now(UTC))
    day = today
    while calendar.working_days_between(day, today) < 4:
        day -= timedelta(days=1)
    ref = file_case(api, received_at=f"{day.isoformat()}T12:00:00+00:00")
    row = staff("hana").get("/staff").text
    row = row[row.index(ref):].split("</tr>")[0]
    assert "At risk" in row and "sla-at_risk" in row


def test_the_queue_filters_by_kind_stage_status_channel_and_flags(api, staff) -> None:
    plain = file_case(api, flags={})
    emergency = file_case(api, channel="sms", flags={"emergency": True})
    for_someone = file_case(api, flags={}, representative={"name": "Sam Advocate", "consent": "pending"})
    adjustments = file_case(api, flags={}, complainant={"name": "Bea", "reasonable_adjustments": "large print"})
    excluded = file_case(api, flags={"possible_exclusion": True, "exclusion_reason": "over 12 months"})
    person = file_case(api, flags={"asked_for_person": True})
    request = file_case(api, kind="service_request", definition={"points": []}, flags={})
    hana = staff("hana")
    hana.post(f"/staff/cases/{plain}/acknowledge")

    def refs(**params) -> set[str]:
        return set(_rows(hana.get("/staff", **params).text))

    assert refs(kind="service_request") == {request}
    assert plain not in refs(stage="stage_1", status="open") and plain in refs(status="acknowledged")
    assert refs(channel="sms") == {emergency}
    assert refs(flag="emergency") == {emergency}
    assert refs(flag="on_behalf") == {for_someone} == refs(flag="consent_pending")
    assert adjustments in refs(flag="adjustments")
    assert refs(flag="possible_exclusion") == {excluded}
    assert refs(flag="asked_for_person") == {person}
    assert len(refs(kind="not-a-kind")) == 7  # unknown values are ignored, not a 500


def test_the_queue_searches_by_reference_or_name_and_pages(api, staff) -> None:
    refs = [file_case(api, complainant={"name": f"Resident {i}"}) for i in range(3)]
    target = file_case(api, complainant={"name": "Zebedee Quinn"})
    hana = staff("hana")
    assert _rows(hana.get("/staff", q=target).text) == [target]
    assert _rows(hana.get("/staff", q=target.lower()).text) == [target]
    assert _rows(hana.get("/staff", q="zebedee").text) == [target]
    from intake_api.staff import routes

    original = routes.PAGE_SIZE
    routes.PAGE_SIZE = 2
    try:
        first, second = hana.get("/staff").text, hana.get("/staff", page=2).text
    finally:
        routes.PAGE_SIZE = original
    assert len(_rows(first)) == 2 and len(_rows(second)) == 2
    assert set(_rows(first)) | set(_rows(second)) == {*refs, target}
    assert "Page 1 of 2" in first and 'rel="next"' in first and 'rel="prev"' in second


def test_the_case_page_shows_everything_the_handler_needs(api, staff) -> None:
    linked = file_case(api, kind="service_request", definition={"points": []})
    ref = file_case(
        api,
        complainant={"name": "Ada Resident", "phone": "07700 900123", "reasonable_adjustments": "Please phone after 2pm"},
        representative={"name": "Sam Advocate", "relationship": "support worker", "consent": "pending"},
        transcript=[{"sender": "resident", "text": "My boiler broke again"},
                    {"sender": "bot", "text": "I'm sorry to hear that."}],
        linked_references=[linked, "SR-1999-000001"],
        flags={"vulnerability": True, "on_behalf": True},
    )
    page = staff("hana").get(f"/staff/cases/{ref}").text
    for text in ["My boiler broke again", "The boiler repair was missed twice", "Nobody called back",
                 "Fix the boiler and an apology", "Sam Advocate", "Consent pending", "Please phone after 2pm",
                 "Vulnerability", "Acting for someone", f'href="/staff/cases/{linked}"', "SR-1999-000001 (not in this system)",
                 "Stage 1: Acknowledge", "Stage 1: Full response", "projected until acknowledged",
                 "Working days left", "Filed"]:
        assert text in page, text


def test_acknowledging_tells_the_resident_our_understanding_and_what_we_are_not_responsible_for(api, staff) -> None:
    ref = file_case(api)
    hana = staff("hana")
    response = hana.post(f"/staff/cases/{ref}/acknowledge",
                         {"not_responsible_for": "the council bin collections"})
    assert response.status_code == 303
    page = hana.get(response.headers["location"].split("#")[0]).text
    assert "Acknowledged." in page and "Resident notices" in page
    notice = page[page.index('class="notice-text"'):].split("</pre>")[0]
    assert "The boiler repair was missed twice" in notice and "Fix the boiler and an apology" in notice
    assert "the council bin collections" in notice
    case = api.get(f"/api/v1/cases/{ref}").json()
    assert case["handler_stage_1"] == "hana" and case["status"] == "acknowledged"
    event = case["events"][-1]
    assert event["type"] == "acknowledged" and event["actor"] == "hana"
    assert "bin collections" in event["data"]["notice"]


def test_extending_needs_a_reason_keeps_to_the_limit_and_names_the_ombudsman(api, staff) -> None:
    ref = file_case(api)
    hana, maya = staff("hana"), staff("maya")
    hana.post(f"/staff/cases/{ref}/acknowledge")
    no_reason = hana.post(f"/staff/cases/{ref}/extend", {"days": "3", "reason": ""})
    assert no_reason.status_code == 422 and "reason" in no_reason.text
    assert hana.post(f"/staff/cases/{ref}/extend", {"days": "8", "reason": "awaiting a surveyor"}).status_code == 303
    too_far = hana.post(f"/staff/cases/{ref}/extend", {"days": "5", "reason": "more time"})
    assert too_far.status_code == 409 and "2 left" in too_far.text
    assert hana.post(f"/staff/cases/{ref}/extend", {"days": "5", "reason": "more time",
                                                     "good_reason_beyond_limit": "resident in hospital"}).status_code == 403
    assert maya.post(f"/staff/cases/{ref}/extend", {"days": "5", "reason": "more time",
                                                     "good_reason_beyond_limit": "resident in hospital"}).status_code == 303
    page = hana.get(f"/staff/cases/{ref}").text
    assert "awaiting a surveyor" in page and "0300 111 3000" in page and "extended by 13 working days" in page


def test_the_response_answers_every_point_and_offers_stage_2(api, staff) -> None:
    ref = file_case(api)
    hana = staff("hana")
    early = hana.post(f"/staff/cases/{ref}/respond", {"decision": "upheld", "reasons": "we were late",
                                                       "answered": ["0", "1"]})
    assert early.status_code == 409 and "acknowledge" in early.text
    hana.post(f"/staff/cases/{ref}/acknowledge")
    partial = hana.post(f"/staff/cases/{ref}/respond", {"decision": "upheld", "reasons": "we were late",
                                                         "answered": ["0"]})
    assert partial.status_code == 422 and "Code 6.7" in partial.text
    done = hana.post(f"/staff/cases/{ref}/respond", {
        "decision": "Upheld", "reasons": "The repair was missed twice", "remedy": "£50 and an apology",
        "outstanding_actions": "Engineer booked for Monday", "answered": ["0", "1"]})
    assert done.status_code == 303
    notice = hana.get(f"/staff/cases/{ref}").text
    for text in ["Our stage 1 response", "Upheld", "£50 and an apology", "Engineer booked for Monday",
                 "stage 2", "Housing Ombudsman"]:
        assert text in notice, text


def test_stage_2_is_handled_by_someone_other_than_the_stage_1_handler(api, staff) -> None:
    ref = file_case(api)
    hana, hal = staff("hana"), staff("hal")
    hana.post(f"/staff/cases/{ref}/acknowledge")
    refused = hana.post(f"/staff/cases/{ref}/escalate", {"requested_by": "resident"})
    assert refused.status_code == 409 and "Code 6.13" in refused.text
    assert api.get(f"/api/v1/cases/{ref}").json()["stage"] == "stage_1"
    assert hal.post(f"/staff/cases/{ref}/escalate", {"requested_by": "resident"}).status_code == 303
    assert hana.post(f"/staff/cases/{ref}/acknowledge").status_code == 409
    assert hal.post(f"/staff/cases/{ref}/acknowledge").status_code == 303
    case = api.get(f"/api/v1/cases/{ref}").json()
    assert case["stage"] == "stage_2" and case["handler_stage_2"] == "hal" and case["status"] == "acknowledged"
    assert "now at stage 2" in hal.get(f"/staff/cases/{ref}").text


def test_declining_gives_reasons_and_the_right_to_go_to_the_ombudsman(api, staff) -> None:
    ref = file_case(api)
    maya = staff("maya")
    assert maya.post(f"/staff/cases/{ref}/decline", {"reasons": "The issue arose in 2019",
                                                      "exclusion": "over_12_months"}).status_code == 303
    page = maya.get(f"/staff/cases/{ref}").text
    assert "The issue arose in 2019" in page and "Housing Ombudsman" in page
    assert api.get(f"/api/v1/cases/{ref}").json()["status"] == "declined"


def test_definition_changes_are_logged_with_who_and_why(api, staff) -> None:
    ref = file_case(api)
    hana = staff("hana")
    without_reason = hana.post(f"/staff/cases/{ref}/definition", {"points": "One"})
    assert without_reason.status_code == 422
    assert hana.post(f"/staff/cases/{ref}/definition", {
        "points": "The boiler repair was missed twice\nNobody called back\nThe engineer was rude",
        "desired_outcome": "A working boiler", "reason": "resident added a point by phone",
        "confirmed": "yes"}).status_code == 303
    event = api.get(f"/api/v1/cases/{ref}").json()["events"][-1]
    assert event["type"] == "definition_edited" and event["actor"] == "hana"
    assert event["data"]["reason"] == "resident added a point by phone"
    assert len(event["data"]["after"]["points"]) == 3 and len(event["data"]["before"]["points"]) == 2
    page = hana.get(f"/staff/cases/{ref}").text
    assert "The engineer was rude" in page and "Confirmed with the resident" in page


def test_reclassifying_needs_a_reason(api, staff) -> None:
    ref = file_case(api, kind="service_request", definition={"points": []})
    hana = staff("hana")
    assert hana.post(f"/staff/cases/{ref}/reclassify", {"kind": "complaint", "reason": ""}).status_code == 422
    assert hana.post(f"/staff/cases/{ref}/reclassify", {"kind": "complaint",
                                                         "reason": "unhappy with the repair"}).status_code == 303
    assert api.get(f"/api/v1/cases/{ref}").json()["kind"] == "complaint"


def test_notes_and_closing_go_on_the_timeline(api, staff) -> None:
    ref = file_case(api, kind="service_request", definition={"points": []})
    hana = staff("hana")
    hana.post(f"/staff/cases/{ref}/notes", {"text": "Rang the resident"})
    hana.post(f"/staff/cases/{ref}/close", {"reason": "repair done"})
    page = hana.get(f"/staff/cases/{ref}").text
    timeline = page[page.index('id="h-timeline"'):]
    assert "Rang the resident" in timeline and "repair done" in timeline and timeline.count("hana") >= 2


def test_an_unknown_case_is_a_404_page(api, staff) -> None:
    unknown = f"CMP-{local_date(datetime.now(UTC)).year}-999999"  # this year's shape, never filed
    response = staff("hana").get(f"/staff/cases/{unknown}")
    assert response.status_code == 404 and "No such case" in response.text


def test_resident_text_is_escaped_everywhere(api, staff) -> None:
    ref = file_case(
        api,
        complainant={"name": XSS, "reasonable_adjustments": XSS},
        representative={"name": XSS, "consent": "pending", "address": XSS, "contact_note": XSS},
        definition={"points": [XSS], "desired_outcome": XSS},
        transcript=[{"sender": "resident", "text": XSS}],
        summary=XSS,
    )
    hana = staff("hana")
    hana.post(f"/staff/cases/{ref}/acknowledge", {"not_responsible_for": XSS})
    hana.post(f"/staff/cases/{ref}/notes", {"text": XSS})
    for page in (hana.get("/staff").text, hana.get(f"/staff/cases/{ref}").text):
        assert "<script>window.__xss" not in page and "<img src=x" not in page
        assert html.escape(XSS, quote=False).split("&lt;img")[0] in page or "&lt;script&gt;" in page
    case_page = hana.get(f"/staff/cases/{ref}").text
    assert case_page.count("&lt;script&gt;window.__xss = 1&lt;/script&gt;") >= 9
