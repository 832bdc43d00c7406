"""action_submit_case: the handoff to the intake API, and the outbox when it is down."""

from __future__ import annotations

import time
import uuid
from datetime import date

import pytest
from helpers import bot_event, make_tracker, said, slot_values, user_event
from rasa_sdk.executor import CollectingDispatcher

from actions import wording
from actions.handoff import ActionSubmitCase
from actions.outbox import NEEDS_ATTENTION, PENDING, Outbox

# References the system makes carry this year (the test's own clock), never a fixed one.
YEAR = date.today().year

COMPLAINT = {"case_kind": "complaint", "triage_label": "complaint",
             "complaint_points": ["The officer was rude to me on the phone",
                                  "Nobody called back"],
             "desired_outcome": "An apology", "acting_for": True, "rep_name": "Sam Patel",
             "rep_relationship": "support worker", "consent": "pending",
             "resident_name": "Rose Smith", "contact_phone": "07700 900123",
             "preferred_contact": "phone", "matter_text": "The officer was rude to my client"}


STARTED = time.time() - 60


def tracker(sender_id: str | None = None, **slots):
    # One real API serves the whole run: each conversation has an id of its own.
    # Fixed times: Rasa running the action again sends the very same conversation.
    events = [user_event("My client's roof leaks", "complaint", at=STARTED),
              bot_event("I'm sorry.", at=STARTED + 1)]
    return make_tracker("yes", "affirm", sender_id=sender_id or f"conv-{uuid.uuid4()}",
                        slots={**COMPLAINT, **slots}, events=events, at=STARTED + 2)


async def submit(t):
    dispatcher = CollectingDispatcher()
    events = await ActionSubmitCase().run(dispatcher, t, {})
    return said(dispatcher), slot_values(events)


@pytest.mark.asyncio
async def test_the_case_is_filed_and_the_resident_gets_the_reference_and_dates(faulty_api):
    texts, slots = await submit(tracker("conv-42-" + uuid.uuid4().hex))
    request = faulty_api.posts()[0]
    assert request["headers"]["Idempotency-Key"].endswith(":0")
    reference = slots["last_reference"]
    filed = faulty_api_case(faulty_api, reference)
    assert filed["definition"]["points"] == ["The officer was rude to me on the phone",
                                             "Nobody called back"]
    assert filed["representative"]["consent"] == "pending"
    assert [t["sender"] for t in filed["transcript"]] == ["resident", "bot", "resident"]
    text = "\n".join(texts)
    assert reference in text
    # Dates are the API's, written for people.
    assert wording.human_date(filed["sla"]["acknowledge_due"]) in text
    assert wording.human_date(filed["sla"]["response_due"]) in text
    assert filed["ombudsman"]["phone"] in text
    assert slots["submission_count"] == 1
    assert slots["complaint_points"] is None  # ready for a new matter


def faulty_api_case(gateway, reference):
    return next(a["json"] for a in gateway.answers
                if a["path"] == "/api/v1/cases" and a["json"]["reference"] == reference)


@pytest.mark.asyncio
async def test_running_the_same_submission_again_makes_no_second_case(intake_api):
    conversation = f"conv-{uuid.uuid4()}"
    _, first = await submit(tracker(conversation))
    _, again = await submit(tracker(conversation))  # e.g. Rasa re-ran the action
    assert again["last_reference"] == first["last_reference"]
    _, next_one = await submit(tracker(conversation, submission_count=1))  # the next matter
    assert next_one["last_reference"] != first["last_reference"]


@pytest.mark.asyncio
async def test_when_the_api_is_down_the_case_is_saved_and_the_resident_told(faulty_api):
    faulty_api.script = [503] * 100
    texts, slots = await submit(tracker("conv-42"))
    assert "saved everything" in texts[0] and "5 working days" in texts[0]
    row = Outbox().get("rasa:conv-42:0")
    assert row.status == PENDING and row.payload["kind"] == "complaint"
    assert slots["submission_count"] == 1


@pytest.mark.asyncio
async def test_a_4xx_is_kept_for_staff_attention_and_not_retried(faulty_api, caplog):
    faulty_api.script = [422]
    texts, _ = await submit(tracker("conv-42"))
    assert len(faulty_api.posts()) == 1
    assert Outbox().get("rasa:conv-42:0").status == NEEDS_ATTENTION
    assert "member of staff" in texts[0]
    assert "Rose Smith" not in caplog.text and "07700" not in caplog.text


@pytest.mark.asyncio
async def test_a_handover_to_a_person_is_flagged_and_explained(intake_api):
    texts, slots = await submit(tracker(asked_for_person=True))
    filed = intake_api.case(slots["last_reference"])
    assert filed["flags"]["asked_for_person"] is True
    # The same closing facts as any filed complaint, and who will be in touch.
    assert slots["last_reference"] in texts[0] and "member of staff" in texts[0]
    assert wording.human_date(filed["sla"]["response_due"]) in texts[0]
    assert filed["ombudsman"]["phone"] in texts[0]


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
    assert intake_api.case(slots["last_reference"])["kind"] == "service_request"
    assert "Would you like to make a complaint" in texts[-1]
    assert slots["pending"] == "offer_complaint_about_request"


@pytest.mark.asyncio
async def test_a_calm_request_is_filed_without_an_offer_to_complain(intake_api):
    texts, slots = await submit(tracker(**SERVICE_REQUEST, matter_text="my kitchen tap drips",
                                        sr_description="the kitchen tap drips"))
    assert not any("Would you like to make a complaint" in t for t in texts)
    assert slots["pending"] is None


REPAIR = {"complaint_points": ["No heating since 1 December, reported three times",
                               "Nobody has come"],
          "matter_text": "No heating since 1 December and nobody has come",
          "desired_outcome": "Fix the boiler"}


@pytest.mark.asyncio
async def test_a_complaint_about_an_unfixed_repair_raises_the_request_and_links_it(intake_api):
    texts, slots = await submit(tracker(**REPAIR))
    complaint = intake_api.case(slots["last_reference"])
    repairs = [r for r in complaint["linked_references"] if r.startswith("SR-")]
    assert len(repairs) == 1
    repair = intake_api.case(repairs[0])
    assert repair["kind"] == "service_request"
    assert "No heating" in repair["service_request"]["description"]
    # Code 1.5: the resident is told both references and that the repair carries on.
    assert complaint["reference"] in texts[0] and repair["reference"] in texts[0]
    assert "carries on" in texts[0]


@pytest.mark.asyncio
async def test_a_repair_with_its_own_reference_is_linked_not_raised_again(intake_api):
    # Their repair, logged before (with the same phone number), then the complaint about it.
    _, first = await submit(tracker(**REPAIR))
    theirs = next(r for r in intake_api.case(first["last_reference"])["linked_references"]
                  if r.startswith("SR-"))
    texts, slots = await submit(tracker(**REPAIR, linked_reference=theirs))
    complaint = intake_api.case(slots["last_reference"])
    assert complaint["linked_references"] == [theirs]
    assert "logged separately" not in texts[0]
    assert f"Your repair request {theirs} carries on" in texts[0]  # Code 1.5


@pytest.mark.asyncio
async def test_a_request_reference_that_is_not_theirs_is_never_linked(intake_api):
    # Played residents (sixteenth session): "SR-… I think" linked another resident's boiler
    # job, told them it carries on, and their own repair was never raised.
    _, other = await submit(tracker(**{**REPAIR, "contact_phone": "07700 900999",
                                       "resident_name": "Someone Else"}))
    not_theirs = next(r for r in intake_api.case(other["last_reference"])["linked_references"]
                      if r.startswith("SR-"))
    texts, slots = await submit(tracker(**REPAIR, linked_reference=f"{not_theirs} I think"))
    complaint = intake_api.case(slots["last_reference"])
    assert not_theirs not in complaint["linked_references"]
    assert not_theirs not in texts[0]
    raised = [r for r in complaint["linked_references"] if r.startswith("SR-")]
    assert len(raised) == 1 and "logged separately" in texts[0], texts  # theirs, raised now


@pytest.mark.asyncio
async def test_a_confirmed_read_back_is_recorded_as_a_confirmed_definition(intake_api):
    _, slots = await submit(tracker(definition_confirmed=True))
    assert intake_api.case(slots["last_reference"])["definition_confirmed"] is True
    _, slots = await submit(tracker(definition_confirmed=False))
    assert intake_api.case(slots["last_reference"])["definition_confirmed"] is False
