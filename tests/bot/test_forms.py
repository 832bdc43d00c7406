"""Form validation: several points, consent, polite retries, skip and 'person'."""

from __future__ import annotations

import pytest
from helpers import DOMAIN, make_tracker, said
from rasa_sdk.executor import CollectingDispatcher

from actions.forms import ValidateComplaintForm, ValidateServiceRequestForm

FORM = ValidateComplaintForm()


def validate(method, value, intent="enquiry", **slots):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(str(value), intent, slots=slots, active_loop="complaint_form")
    result = getattr(FORM, f"validate_{method}")(value, dispatcher, tracker, {})
    return result, said(dispatcher)


def test_several_points_are_collected_until_the_resident_says_no():
    first, _ = validate("complaint_point", "1. the leak\n2. nobody called back")
    assert first["complaint_points"] == ["the leak", "nobody called back"]
    more, _ = validate("more_points", "the contractor was rude",
                       complaint_points=first["complaint_points"])
    assert more == {"more_points": None,
                    "complaint_points": ["the leak", "nobody called back",
                                         "the contractor was rude"]}
    done, _ = validate("more_points", "no", intent="deny")
    assert done["more_points"] == "(none)"


def test_consent_pending_does_not_stop_the_complaint():
    result, texts = validate("consent", "not yet")
    assert result == {"consent": "pending"}
    assert "we can still log it" in texts[0]


def test_two_unusable_answers_explain_and_offer_skip_or_a_person():
    first, texts = validate("contact_details", "my house")
    assert first["contact_details"] is None and "07700 900123" in texts[0]
    second, texts = validate("contact_details", "dunno mate",
                             failed_attempts=first["failed_attempts"])
    assert second["contact_details"] is None
    assert "'skip'" in texts[0] and "'person'" in texts[0]


def test_skip_moves_on_and_person_ends_the_form_for_a_handover():
    skipped, _ = validate("desired_outcome", "skip", intent="skip")
    assert skipped == {"desired_outcome": "(skipped)"}
    person, _ = validate("desired_outcome", "person", intent="request_human")
    assert person["pending"] == "handoff"


def test_contact_details_are_split_into_phone_and_email():
    result, _ = validate("contact_details", "07700900123 or jo@example.org")
    assert result["contact_phone"] == "07700 900123"
    assert result["contact_email"] == "jo@example.org"


@pytest.mark.asyncio
async def test_an_advocate_is_asked_who_they_are_and_about_consent():
    tracker = make_tracker("yes", "affirm", slots={"acting_for": True, "prior_report": True},
                           active_loop="complaint_form")
    slots = await FORM.required_slots([], CollectingDispatcher(), tracker, {})
    assert slots.index("rep_name") < slots.index("consent") < slots.index("resident_name")
    assert "linked_reference" in slots
    alone = make_tracker("no", "deny", slots={"acting_for": False}, active_loop="complaint_form")
    assert "consent" not in await FORM.required_slots([], CollectingDispatcher(), alone, {})


@pytest.mark.asyncio
async def test_a_request_for_a_person_ends_any_form():
    tracker = make_tracker("person", "request_human", slots={"pending": "handoff"},
                           active_loop="service_request_form")
    form = ValidateServiceRequestForm()
    assert await form.required_slots([], CollectingDispatcher(), tracker, {}) == []


def test_the_emergency_priority_is_understood():
    form = ValidateServiceRequestForm()
    tracker = make_tracker("it's an emergency", "emergency", active_loop="service_request_form")
    assert form.validate_sr_priority("it's an emergency", CollectingDispatcher(), tracker,
                                     {}) == {"sr_priority": "emergency"}


@pytest.mark.asyncio
async def test_asking_for_a_person_mid_form_ends_the_form_for_a_handover():
    tracker = make_tracker("I want to talk to a human please", "request_human",
                           active_loop="complaint_form", slots={"requested_slot": "more_points"})
    events = await FORM.run(CollectingDispatcher(), tracker, DOMAIN)
    assert {"event": "slot", "timestamp": None, "name": "requested_slot", "value": None} in events
    assert any(e.get("name") == "pending" and e.get("value") == "handoff" for e in events)


def test_a_bare_yes_does_not_answer_where_the_problem_is():
    form = ValidateServiceRequestForm()
    tracker = make_tracker("yes", "affirm", active_loop="service_request_form")
    dispatcher = CollectingDispatcher()
    result = form.validate_sr_location("yes", dispatcher, tracker, {})
    assert result["sr_location"] is None
    assert "more than yes or no" in said(dispatcher)[0]


@pytest.mark.asyncio
async def test_the_message_that_started_a_form_is_not_read_as_an_answer_to_it():
    # "person" started the contact form; it must not end that form straight away.
    tracker = make_tracker("person", "request_human", active_loop="contact_form",
                           latest_action="action_route", slots={"pending": "handoff_contact"})
    from actions.forms import ValidateContactForm

    events = await ValidateContactForm().run(CollectingDispatcher(), tracker,
                                             DOMAIN)
    assert not any(e.get("name") == "pending" and e.get("value") == "handoff" for e in events)


def test_an_advocate_spotted_by_triage_is_asked_to_confirm_it():
    from actions.questions import question_for

    text, _ = question_for("acting_for", {"on_behalf": True})
    assert text.startswith("It sounds like you're getting in touch for someone else")
    assert question_for("resident_name", {"acting_for": True})[0] == (
        "What is the name of the person you're getting in touch for?")
