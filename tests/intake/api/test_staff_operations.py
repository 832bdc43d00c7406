"""The staff operations of the Code as API calls: each appends to the event log."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from tests.intake.conftest import complaint


@pytest.fixture
def ref(api) -> str:
    return api.post("/api/v1/cases", complaint(received_at="2026-11-30T10:00:00Z")).json()["reference"]


def test_stage_1_response_is_due_10_working_days_after_the_actual_acknowledgement(api, ref) -> None:
    r = api.post(f"/api/v1/cases/{ref}/acknowledge",
                 {"handler": "alice", "acknowledged_at": "2026-12-02T15:00:00Z"})
    assert r.status_code == 200, r.text
    case = r.json()["case"]
    assert case["sla"]["response_due"] == "2026-12-16"
    assert case["sla"]["response_projected"] is False
    assert case["status"] == "acknowledged" and case["handler_stage_1"] == "alice"
    notice = r.json()["notice"]
    assert "The boiler repair was missed twice" in notice and "Wednesday 16 December 2026" in notice
    again = api.post(f"/api/v1/cases/{ref}/acknowledge", {})
    assert again.status_code == 409


def test_acknowledgement_cannot_predate_receipt(api, ref) -> None:
    r = api.post(f"/api/v1/cases/{ref}/acknowledge", {"acknowledged_at": "2026-11-01T10:00:00Z"})
    assert r.status_code == 409 and r.json()["detail"].startswith("acknowledged_at:")
    assert r.json()["errors"][0]["field"] == "acknowledged_at"


def test_extension_at_stage_1_is_limited_to_10_working_days_and_names_the_ombudsman(api, ref) -> None:
    api.post(f"/api/v1/cases/{ref}/acknowledge", {"acknowledged_at": "2026-11-30T12:00:00Z"})
    r = api.post(f"/api/v1/cases/{ref}/extend", {"days": 6, "reason": "waiting for a surveyor"})
    assert r.status_code == 200
    # 14 Dec + 6 working days = 22 Dec.
    assert r.json()["case"]["sla"]["response_due"] == "2026-12-22"
    notice = r.json()["notice"]
    assert "0300 111 3000" in notice and "waiting for a surveyor" in notice
    too_far = api.post(f"/api/v1/cases/{ref}/extend", {"days": 5, "reason": "more"})
    assert too_far.status_code == 409 and "4 left" in too_far.json()["detail"]
    allowed = api.post(f"/api/v1/cases/{ref}/extend",
                       {"days": 5, "reason": "more", "good_reason_beyond_limit": "resident in hospital"})
    assert allowed.status_code == 200
    no_reason = api.post(f"/api/v1/cases/{ref}/extend", {"days": 1})
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["detail"]


def test_the_stage_2_handler_must_not_be_the_stage_1_handler(api, ref) -> None:
    api.post(f"/api/v1/cases/{ref}/acknowledge", {"handler": "alice"})
    refused = api.post(f"/api/v1/cases/{ref}/escalate", {"handler": "Alice"})
    assert refused.status_code == 409 and "6.13" in refused.json()["detail"]
    assert api.get(f"/api/v1/cases/{ref}").json()["stage"] == "stage_1"
    ok = api.post(f"/api/v1/cases/{ref}/escalate", {"handler": "bob"})
    assert ok.status_code == 200
    case = ok.json()["case"]
    assert case["stage"] == "stage_2" and case["handler_stage_2"] == "bob"
    stage_2 = [c for c in case["sla"]["clocks"] if c["stage"] == "stage_2"]
    assert {c["name"] for c in stage_2} == {"acknowledge", "response"}
    assert api.post(f"/api/v1/cases/{ref}/assign", {"handler": "alice"}).status_code == 409


def test_a_resident_escalates_without_giving_reasons_after_proving_it_is_theirs(api, ref) -> None:
    wrong = api.post(f"/api/v1/cases/{ref}/escalate", {"requested_by": "resident", "phone": "07700 900999"})
    assert wrong.status_code == 404
    ok = api.post(f"/api/v1/cases/{ref}/escalate", {"requested_by": "resident", "phone": "07700900123"})
    assert ok.status_code == 200 and ok.json()["case"]["stage"] == "stage_2"
    assert "stage 2" in ok.json()["notice"]


def test_stage_2_response_is_due_20_working_days_after_acknowledgement(api, ref) -> None:
    api.post(f"/api/v1/cases/{ref}/escalate", {})
    r = api.post(f"/api/v1/cases/{ref}/acknowledge", {"handler": "carol", "acknowledged_at": "2027-01-04T09:00:00Z"})
    # Mon 4 Jan 2027 + 20 working days (England) = Mon 1 Feb 2027.
    assert r.json()["case"]["sla"]["response_due"] == "2027-02-01"
    over = api.post(f"/api/v1/cases/{ref}/extend", {"days": 21, "reason": "complex"})
    assert over.status_code == 409


def test_the_response_records_the_code_6_9_contents(api, ref) -> None:
    early = api.post(f"/api/v1/cases/{ref}/respond", {"decision": "upheld", "reasons": "we missed visits"})
    assert early.status_code == 409
    api.post(f"/api/v1/cases/{ref}/acknowledge", {})
    r = api.post(f"/api/v1/cases/{ref}/respond", {
        "decision": "Upheld", "reasons": "We missed two appointments.",
        "remedy": "£50 and a new boiler", "outstanding_actions": "Install on 5 January",
        "points_answered": ["The boiler repair was missed twice", "2"]})
    assert r.status_code == 200, r.text
    notice = r.json()["notice"]
    for needle in ("stage 1", "The boiler repair was missed twice", "Upheld", "We missed two appointments.",
                   "£50 and a new boiler", "Install on 5 January", "stage 2", "0300 111 3000"):
        assert needle in notice
    assert r.json()["case"]["status"] == "responded"


def test_declining_gives_reasons_and_the_right_to_go_to_the_ombudsman(api, ref) -> None:
    r = api.post(f"/api/v1/cases/{ref}/decline", {"reasons": "The matter is in court.", "exclusion": "legal proceedings"})
    assert r.status_code == 200
    assert "The matter is in court." in r.json()["notice"] and "Housing Ombudsman" in r.json()["notice"]
    assert r.json()["case"]["status"] == "declined"
    assert api.post(f"/api/v1/cases/{ref}/note", {"text": "x"}).status_code in (404, 405)
    assert api.post(f"/api/v1/cases/{ref}/close", {"reason": "done"}).status_code == 409


def test_reclassifying_needs_a_reason_and_swaps_the_clocks(api, ref) -> None:
    assert api.post(f"/api/v1/cases/{ref}/reclassify", {"kind": "service_request"}).status_code == 422
    r = api.post(f"/api/v1/cases/{ref}/reclassify", {"kind": "service_request", "reason": "a first report of a repair"})
    case = r.json()["case"]
    assert case["kind"] == "service_request" and case["stage"] is None
    assert case["sla"]["target_due"] is not None
    back = api.post(f"/api/v1/cases/{ref}/reclassify", {"kind": "complaint", "reason": "unhappy with delays"})
    assert back.json()["case"]["sla"]["acknowledge_due"] == "2026-12-07"


def test_definition_edits_are_logged_with_who_and_why(api, ref) -> None:
    r = api.put(f"/api/v1/cases/{ref}/definition",
                {"points": ["Missed repair", "No call back", "Rude operative"],
                 "desired_outcome": "Apology", "reason": "resident added a point", "confirmed": True})
    assert r.status_code == 200
    case = r.json()["case"]
    assert case["definition"]["points"][2] == "Rude operative" and case["definition_confirmed"]
    edit = next(e for e in case["events"] if e["type"] == "definition_edited")
    assert edit["actor"] == "integration:tests" and edit["data"]["reason"] == "resident added a point"
    assert edit["data"]["before"]["points"] == ["The boiler repair was missed twice", "Nobody called back"]


def test_every_operation_appends_an_event_and_none_can_be_edited(api, ref) -> None:
    api.post(f"/api/v1/cases/{ref}/acknowledge", {})
    api.post(f"/api/v1/cases/{ref}/notes", {"text": "called the resident"})
    api.post(f"/api/v1/cases/{ref}/close", {"reason": "resolved"})
    events = api.get(f"/api/v1/cases/{ref}/events").json()
    assert [e["type"] for e in events] == ["created", "acknowledged", "note", "closed"]
    engine = create_engine(api.settings.database_url)
    for statement in ("UPDATE case_events SET type = 'x'", "DELETE FROM case_events"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    engine.dispose()
    assert len(api.get(f"/api/v1/cases/{ref}/events").json()) == 4


def test_stage_2_of_a_complaint_not_held_here_is_filed_at_stage_2_with_its_clocks(api) -> None:
    # Code 6.11-6.12: the resident asks for stage 2 of a complaint whose stage 1 was
    # handled before this service; it is filed at stage 2 and its clocks start.
    r = api.post("/api/v1/cases", complaint(stage="stage_2", linked_references=["CMP-104522"]))
    assert r.status_code == 201, r.text
    case = r.json()
    assert case["stage"] == "stage_2" and case["linked_references"] == ["CMP-104522"]
    clocks = case["sla"]["clocks"]
    assert {(c["stage"], c["name"]) for c in clocks} == {("stage_2", "acknowledge"),
                                                         ("stage_2", "response")}
    assert case["sla"]["acknowledge_due"] and case["sla"]["response_due"]
    again = api.post(f"/api/v1/cases/{case['reference']}/escalate", {})
    assert again.status_code == 409  # already at stage 2


def test_a_stage_is_for_complaints_only(api) -> None:
    # Other kinds have no stage: a stage given with one is ignored, never a refusal of a
    # body the published schema allows.
    r = api.post("/api/v1/cases", complaint(kind="service_request", stage="stage_2"))
    assert r.status_code == 201 and r.json()["stage"] is None
    bad = api.post("/api/v1/cases", complaint(stage="stage_3"))
    assert bad.status_code == 422
