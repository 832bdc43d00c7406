"""A repair request's details — what, where, access, priority and who at home is at risk —
are filed and shown on the case page, escaped."""

from __future__ import annotations

from markupsafe import escape

from tests.intake.staff.conftest import file_case

AT_RISK = '<img src=x onerror="y">my son, he is 2</img>'


def _repair(**details) -> dict:
    return {"kind": "service_request", "definition": {},
            "service_request": {"description": "Socket sparking in the kitchen",
                                "location": "Flat 2, 14 Vine Street", "access": "any time",
                                "priority": "emergency", **details}}


def test_the_case_page_shows_the_repair_and_who_is_at_risk_escaped(api, staff) -> None:
    ref = file_case(api, **_repair(at_risk=AT_RISK))
    filed = api.get(f"/api/v1/cases/{ref}").json()
    assert filed["service_request"]["at_risk"] == AT_RISK
    page = staff("hana").get(f"/staff/cases/{ref}").text
    assert "Repair request" in page and "Socket sparking in the kitchen" in page
    assert "Who at home is at risk" in page
    assert "<img src=x" not in page and str(escape(AT_RISK)) in page


def test_a_repair_with_no_one_at_risk_shows_no_such_line(api, staff) -> None:
    ref = file_case(api, **_repair())
    page = staff("hana").get(f"/staff/cases/{ref}").text
    assert "Repair request" in page and "Who at home is at risk" not in page


def test_an_overlong_at_risk_note_is_a_clear_error(api) -> None:
    response = api.post("/api/v1/cases", {"kind": "service_request", "channel": "web",
                                          "service_request": {"at_risk": "x" * 501}})
    assert response.status_code == 422 and "at_risk" in response.text
