"""action_route: what the bot does with a message (docs/architecture.md §3, Code 1.2-1.6)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from helpers import make_tracker, said, slot_values
from rasa_sdk.executor import CollectingDispatcher

from actions import wording
from actions.routing import ActionRoute

# References the system makes carry this year (the test's own clock), never a fixed one.
YEAR = date.today().year


async def route(tracker):
    dispatcher = CollectingDispatcher()
    events = await ActionRoute().run(dispatcher, tracker, {})
    return said(dispatcher), slot_values(events)


@pytest.mark.asyncio
async def test_danger_is_signposted_before_anything_else(intake_api):
    texts, slots = await route(make_tracker(
        "I can smell gas and the repair man never came", "complaint",
        slots={"triage_label": "complaint", "emergency": True,
               "matter_text": "I can smell gas and the repair man never came"}))
    assert "999" in texts[0] and "0800 111 999" in texts[0]
    assert "0808 157 0000" in texts[0]  # the policy's out-of-hours line
    assert slots["emergency_signposted"] is True
    assert any("complaint" in t for t in texts[1:])  # then the substance: offer to complain


@pytest.mark.asyncio
async def test_dissatisfaction_gets_the_choice_to_complain():
    texts, slots = await route(make_tracker("nobody came again", "complaint", slots={
        "triage_label": "complaint", "matter_text": "nobody came again"}))
    assert slots["pending"] == "offer_complaint" and slots["next_action"] == "listen"
    assert "make a complaint" in texts[-1]


@pytest.mark.asyncio
async def test_asking_to_complain_goes_straight_to_the_complaint():
    matter = "I want to make a complaint, the damp in my flat has been ignored for months"
    _, slots = await route(make_tracker(matter, "complaint", slots={
        "triage_label": "complaint", "matter_text": matter}))
    assert slots["next_action"] == "complaint_form"
    assert slots["case_kind"] == "complaint"
    # Not asked to repeat themselves: the substance becomes the first point.
    assert slots["complaint_points"] == ["The damp in my flat has been ignored for months"]


@pytest.mark.asyncio
async def test_a_bare_request_to_complain_asks_what_went_wrong():
    _, slots = await route(make_tracker("I want to make a complaint", "complaint", slots={
        "triage_label": "complaint", "matter_text": "I want to make a complaint"}))
    assert slots["next_action"] == "complaint_form"
    assert "complaint_points" not in slots or not slots["complaint_points"]


@pytest.mark.asyncio
async def test_survey_feedback_says_how_to_complain_and_offers_it(intake_api):
    texts, slots = await route(make_tracker("3/10, slow repairs", "survey_feedback", slots={
        "triage_label": "survey_feedback", "matter_text": "3/10, slow repairs"}))
    assert "isn't logged as a complaint" in texts[0] and "0306 999 0000" in texts[0]
    assert slots["pending"] == "offer_complaint"


@pytest.mark.asyncio
async def test_a_resident_who_accepts_the_offer_starts_a_complaint():
    _, slots = await route(make_tracker("yes", "affirm", slots={
        "triage_label": "complaint", "pending": "offer_complaint", "matter_text": "x"}))
    assert slots["next_action"] == "complaint_form"


@pytest.mark.asyncio
async def test_out_of_scope_is_redirected_kindly():
    texts, slots = await route(make_tracker("my council tax bill is wrong", "out_of_scope", slots={
        "triage_label": "out_of_scope", "matter_text": "my council tax bill is wrong"}))
    assert "local council" in texts[0]
    assert slots["next_action"] == "listen"


@pytest.mark.asyncio
async def test_when_unsure_the_bot_asks_the_flowchart_question():
    texts, slots = await route(make_tracker("the window", "nlu_fallback", slots={
        "triage_label": "unclear", "triage_question": "reported_before", "matter_text": "x"}))
    assert texts == ["Have you reported this to us before? Reply yes or no."]
    assert slots["pending"] == "reported_before"


@pytest.mark.asyncio
async def test_asb_goes_to_the_asb_route_with_999_signposted():
    matter = "the people upstairs are shouting and threatening me every night"
    texts, slots = await route(make_tracker(matter, "asb_report", slots={
        "triage_label": "asb_report", "matter_text": matter}))
    assert "999" in texts[0]
    assert slots["next_action"] == "asb_form" and slots["asb_description"] == matter


@pytest.mark.asyncio
async def test_the_read_back_can_be_confirmed_or_changed():
    _, yes = await route(make_tracker("yes", "affirm", slots={"pending": "confirm"}))
    assert yes["next_action"] == "action_submit_case"
    _, change = await route(make_tracker("Change something", "deny", slots={"pending": "confirm"}))
    assert change["next_action"] == "correction_form"


@pytest.mark.asyncio
async def test_after_the_complaint_form_the_definition_is_read_back():
    texts, slots = await route(make_tracker("no", "deny", latest_action="complaint_form", slots={
        "complaint_points": ["the leak is back", "nobody called"], "desired_outcome": "fix it",
        "contact_phone": "07700 900123", "acting_for": True, "resident_name": "Rose Smith"}))
    assert texts[0].startswith("So you're unhappy that: the leak is back; and nobody called.")
    assert "You'd like: fix it." in texts[0] and "Rose Smith" in texts[0]
    assert slots["pending"] == "confirm"


@pytest.mark.asyncio
async def test_a_correction_replaces_the_part_the_resident_chose():
    texts, slots = await route(make_tracker("a new roof", "enquiry", latest_action="correction_form",
                                            slots={"correction_part": "outcome",
                                                   "correction_text": "a new roof",
                                                   "complaint_points": ["leak"],
                                                   "desired_outcome": "a patch"}))
    assert slots["desired_outcome"] == "a new roof"
    assert "a new roof" in texts[0] and slots["pending"] == "confirm"


@pytest.mark.asyncio
async def test_asking_for_a_person_hands_over_and_asks_how_to_reach_them():
    texts, slots = await route(make_tracker("can I talk to a person", "request_human", slots={
        "triage_label": "complaint"}))
    assert slots["asked_for_person"] is True
    assert slots["next_action"] == "contact_form"
    assert "member of our team" in texts[0]


@pytest.mark.asyncio
async def test_a_person_with_known_contact_details_is_handed_over_at_once():
    _, slots = await route(make_tracker("person", "request_human", slots={
        "contact_phone": "07700 900123"}))
    assert slots["next_action"] == "action_submit_case"


@pytest.mark.asyncio
async def test_a_status_check_asks_for_the_reference_and_proof():
    _, slots = await route(make_tracker(f"what's happening with CMP-{YEAR}-000001", "check_status"))
    assert slots["next_action"] == "status_form"
    assert slots["case_reference"] == f"CMP-{YEAR}-000001"


async def file(case: dict) -> dict:
    from actions.intake_client import IntakeClient

    return await IntakeClient().create_case({"kind": "complaint", "channel": "rest", **case},
                                            f"k-{uuid.uuid4()}")


@pytest.mark.asyncio
async def test_a_status_check_answers_from_the_api(intake_api):
    made = await file({"complainant": {"phone": "07700 900123"}})
    texts, _ = await route(make_tracker("07700 900123", "enquiry", latest_action="status_form",
                                        slots={"pending": "status",
                                               "case_reference": made["reference"],
                                               "status_proof": "07700 900123"}))
    assert made["reference"] in texts[0]
    assert wording.human_date(made["sla"]["acknowledge_due"]) in texts[0]


@pytest.mark.asyncio
async def test_asking_for_a_person_again_while_giving_contact_details_hands_over_anyway():
    _, slots = await route(make_tracker("person", "request_human", latest_action="contact_form",
                                        slots={"pending": "handoff", "asked_for_person": True}))
    assert slots["next_action"] == "action_submit_case"


@pytest.mark.asyncio
async def test_a_case_already_at_stage_2_gets_a_plain_answer_not_an_outage_message(intake_api):
    made = await file({"complainant": {"phone": "07700 900123"}})
    intake_api.respond(intake_api.acknowledge(made["reference"])["reference"])
    intake_api.call("POST", f"/api/v1/cases/{made['reference']}/escalate",
                    {"requested_by": "staff", "handler": "Stage Two Officer"})
    texts, slots = await route(make_tracker("07700 900123", "enquiry",
                                            latest_action="status_form",
                                            slots={"pending": "escalate",
                                                   "case_reference": made["reference"],
                                                   "status_proof": "07700 900123"}))
    assert "at stage 2" in texts[0] and "escalat" not in texts[0].lower()
    assert intake_api.case(made["reference"])["stage"] == "stage_2"
    assert slots["next_action"] == "listen"


@pytest.mark.asyncio
async def test_escalation_after_a_stage_1_response_gives_the_stage_2_dates(intake_api):
    made = await file({"complainant": {"postcode": "LS1 4AB"}})
    intake_api.respond(intake_api.acknowledge(made["reference"])["reference"])
    texts, _ = await route(make_tracker("LS1 4AB", "enquiry", latest_action="status_form",
                                        slots={"pending": "escalate",
                                               "case_reference": made["reference"],
                                               "status_proof": "LS1 4AB"}))
    filed = intake_api.case(made["reference"])
    assert filed["stage"] == "stage_2"
    assert "stage 2" in texts[0]
    assert wording.human_date(filed["sla"]["response_due"]) in texts[0]
    assert "Housing Ombudsman Service" in texts[0]


@pytest.mark.parametrize("first_message, point", [
    ("I want to make a complaint, the damp in my flat has been ignored for months",
     "The damp in my flat has been ignored for months"),
    ("I'm a support worker and I want to make a complaint on behalf of my client about damp",
     "I'm a support worker and I want to make a complaint on behalf of my client about damp"),
    ("I want to make a complaint", None),
    ("I want to complain about the heating", None),
    ("Hi, I would like to make a formal complaint about the repairs team never turning up",
     "The repairs team never turning up"),
    # An account that starts "I complained…" is kept whole, not cut at "complain".
    ("I complained about the broken fence in May and nothing has happened",
     "I complained about the broken fence in May and nothing has happened"),
])
def test_the_first_message_becomes_the_first_point_in_the_residents_own_words(first_message,
                                                                               point):
    from actions.routing import detail_beyond_asking

    assert detail_beyond_asking(first_message) == point


@pytest.mark.asyncio
async def test_a_simple_enquiry_is_answered_from_the_policy(intake_api):
    matter = "what is your phone number"
    texts, slots = await route(make_tracker(matter, "enquiry", slots={
        "triage_label": "enquiry", "matter_text": matter}))
    assert "0306 999 0000" in texts[0] and slots["next_action"] == "listen"


# The request the bot filed earlier in the conversation, referenced in this year.
REQUEST = f"SR-{date.today().year}-000007"


@pytest.mark.asyncio
async def test_a_yes_to_complaining_about_a_request_starts_a_complaint_linked_to_it():
    _, slots = await route(make_tracker("yes", "affirm", slots={
        "pending": "offer_complaint_about_request", "last_reference": REQUEST,
        "matter_text": "tap leaking, reported twice and nobody came"}))
    assert slots["next_action"] == "complaint_form"
    assert slots["case_kind"] == "complaint" and slots["about_request"] == REQUEST
    # What went wrong is what they told us, not asked again.
    assert slots["complaint_points"] == ["Tap leaking, reported twice and nobody came"]
