"""action_submit_case: the handoff to the intake API, and the outbox when it is down."""

from __future__ import annotations

import pytest
from helpers import bot_event, make_tracker, said, slot_values, user_event
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import ActionSubmitCase
from actions.outbox import NEEDS_ATTENTION, PENDING, Outbox

COMPLAINT = {"case_kind": "complaint", "triage_label": "complaint",
             "complaint_points": ["The leak is back", "Nobody called"],
             "desired_outcome": "Fix the roof", "acting_for": True, "rep_name": "Sam Patel",
             "rep_relationship": "support worker", "consent": "pending",
             "resident_name": "Rose Smith", "contact_phone": "07700 900123",
             "preferred_contact": "phone", "matter_text": "My client's roof leaks"}


def tracker(**slots):
    events = [user_event("My client's roof leaks", "complaint"), bot_event("I'm sorry.")]
    return make_tracker("yes", "affirm", sender_id="conv-42",
                        slots={**COMPLAINT, **slots}, events=events)


async def submit(t):
    dispatcher = CollectingDispatcher()
    events = await ActionSubmitCase().run(dispatcher, t, {})
    return said(dispatcher), slot_values(events)


@pytest.mark.asyncio
async def test_the_case_is_filed_and_the_resident_gets_the_reference_and_dates(intake_api):
    texts, slots = await submit(tracker())
    request = intake_api.posts()[0]
    assert request["headers"]["Idempotency-Key"] == "rasa:conv-42:0"
    case = request["json"]
    assert case["definition"]["points"] == ["The leak is back", "Nobody called"]
    assert case["representative"]["consent"] == "pending"
    assert [t["sender"] for t in case["transcript"]] == ["resident", "bot", "resident"]
    text = texts[0]
    assert "CMP-2026-000001" in text
    # Dates are the API's, written for people.
    assert "Monday 7 December 2026" in text and "Monday 21 December 2026" in text
    assert "0300 111 3000" in text
    assert slots["submission_count"] == 1 and slots["last_reference"] == "CMP-2026-000001"
    assert slots["complaint_points"] is None  # ready for a new matter


@pytest.mark.asyncio
async def test_running_the_same_submission_again_makes_no_second_case(intake_api):
    await submit(tracker())
    await submit(tracker())  # e.g. Rasa re-ran the action: same submission_count
    assert len(intake_api.cases) == 1
    await submit(tracker(submission_count=1))  # the next matter in the conversation
    assert len(intake_api.cases) == 2


@pytest.mark.asyncio
async def test_when_the_api_is_down_the_case_is_saved_and_the_resident_told(intake_api):
    intake_api.script = [503] * 100
    texts, slots = await submit(tracker())
    assert "saved everything" in texts[0] and "5 working days" in texts[0]
    row = Outbox().get("rasa:conv-42:0")
    assert row.status == PENDING and row.payload["kind"] == "complaint"
    assert slots["submission_count"] == 1


@pytest.mark.asyncio
async def test_a_4xx_is_kept_for_staff_attention_and_not_retried(intake_api, caplog):
    intake_api.script = [422]
    texts, _ = await submit(tracker())
    assert len(intake_api.posts()) == 1
    assert Outbox().get("rasa:conv-42:0").status == NEEDS_ATTENTION
    assert "member of staff" in texts[0]
    assert "Rose Smith" not in caplog.text and "07700" not in caplog.text


@pytest.mark.asyncio
async def test_a_handover_to_a_person_is_flagged_and_explained(intake_api):
    texts, _ = await submit(tracker(asked_for_person=True))
    assert intake_api.posts()[0]["json"]["flags"]["asked_for_person"] is True
    assert "passed our conversation to our team" in texts[0]


@pytest.mark.asyncio
async def test_after_a_representatives_matter_the_next_one_asks_who_it_is_from_again(intake_api):
    _, slots = await submit(tracker())
    for name in ("resident_name", "contact_phone", "preferred_contact"):
        assert name in slots and slots[name] is None, name


@pytest.mark.asyncio
async def test_a_residents_own_details_are_kept_for_their_next_matter(intake_api):
    _, slots = await submit(tracker(acting_for=False, rep_name=None, rep_relationship=None,
                                    consent=None))
    assert "resident_name" not in slots and "contact_phone" not in slots


SERVICE_REQUEST = {"case_kind": "service_request", "triage_label": "service_request",
                   "acting_for": None, "rep_name": None, "rep_relationship": None, "consent": None,
                   "complaint_points": None, "desired_outcome": None,
                   "sr_location": "kitchen", "sr_access": "any weekday", "sr_priority": "routine"}


@pytest.mark.asyncio
async def test_a_request_told_with_dissatisfaction_is_filed_and_a_complaint_offered(intake_api):
    texts, slots = await submit(tracker(**SERVICE_REQUEST,
                                        sr_description="the tap leaks and nobody came last time"))
    assert intake_api.posts()[0]["json"]["kind"] == "service_request"
    assert "Would you like to make a complaint" in texts[-1]
    assert slots["pending"] == "offer_complaint_about_request"


@pytest.mark.asyncio
async def test_a_calm_request_is_filed_without_an_offer_to_complain(intake_api):
    texts, slots = await submit(tracker(**SERVICE_REQUEST, matter_text="my kitchen tap drips",
                                        sr_description="the kitchen tap drips"))
    assert not any("Would you like to make a complaint" in t for t in texts)
    assert slots["pending"] is None
