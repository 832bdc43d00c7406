"""When to ring is the complainant's contact note; a need is a reasonable adjustment
(Code 5.10). Each conversation runs through the real actions and is filed with the real
intake API; the case is read back as staff see it."""

from __future__ import annotations

import pytest
from conversation import Conversation
from test_conversation_answers import answer_the_rest, until_acting_for

from actions.case import is_contact_preference, split_contact_notes

WORDS = "How to contact, in their words: "


@pytest.mark.parametrize("note", [
    "Best time to contact: after 5pm", "Best time to contact: after 10",
    "Best time to contact: mornings",
    "Best time to contact: between 12 and 1", "Do not contact: Tuesday mornings",
    WORDS + "ring me after 4pm", WORDS + "phone, not before 10am please",
    WORDS + "Ring me, not at dinnertime, 12 till 1.", WORDS + "text me weekday mornings",
    WORDS + "call me between 12 and 1 on Fridays",
])
def test_a_time_or_day_is_a_contact_note(note):
    assert is_contact_preference(note)


@pytest.mark.parametrize("note", [
    "Interpreter: Polish", "Would like to use Welsh", "Said they are deaf", "Needs: bsl",
    "Needs: large print", WORDS + "I'm deaf so please text", WORDS + "easy read letters please",
    WORDS + "ring after 5, speak to my daughter Jane", WORDS + "call me when my son is there",
    WORDS + "Landline, and let it ring, my knees are bad.", "something we have not seen before",
])
def test_a_need_is_a_reasonable_adjustment(note):
    assert not is_contact_preference(note)


def test_the_notes_are_split_and_the_adjustments_answer_kept_unless_only_a_time():
    assert split_contact_notes(
        "Interpreter: Polish; Best time to contact: after 5pm", "large print please") == (
        "Best time to contact: after 5pm", "large print please; Interpreter: Polish")
    assert split_contact_notes(None, "after 5pm please") == ("after 5pm please", None)
    assert split_contact_notes(None, None) == (None, None)


def _contact(case: dict) -> tuple[str | None, str | None, str | None]:
    c = case["complainant"]
    return c["preferred_contact"], c["contact_note"], c["reasonable_adjustments"]


@pytest.mark.asyncio
async def test_ring_me_after_4pm_is_phone_with_a_contact_note_and_no_adjustment(intake_api):
    c = Conversation()
    await until_acting_for(c)
    await answer_the_rest(c, {"acting_for": "no", "resident_name": "Jo Bloggs",
                              "contact_details": "07700 900123",
                              "preferred_contact": "ring me after 4pm"})
    case = intake_api.case(c.reference)
    method, note, adjustments = _contact(case)
    assert method == "phone"
    assert "after 4pm" in note
    assert adjustments is None and case["flags"]["reasonable_adjustments"] is False


@pytest.mark.asyncio
async def test_deaf_so_please_text_is_sms_and_an_adjustment(intake_api):
    c = Conversation()
    await until_acting_for(c)
    await answer_the_rest(c, {"acting_for": "no", "resident_name": "Jo Bloggs",
                              "contact_details": "07700 900123",
                              "preferred_contact": "I'm deaf so please text"})
    case = intake_api.case(c.reference)
    method, note, adjustments = _contact(case)
    assert method == "sms"
    assert "deaf" in adjustments and case["flags"]["reasonable_adjustments"] is True
    assert "deaf" not in (note or "")


@pytest.mark.asyncio
async def test_a_time_and_an_interpreter_go_each_to_their_own_field(intake_api):
    c = Conversation()
    await until_acting_for(c)
    await answer_the_rest(c, {"acting_for": "no", "resident_name": "Jo Bloggs",
                              "contact_details": "07700 900123",
                              "preferred_contact": "phone, not before 10",
                              "adjustments": "I need a Polish interpreter"})
    case = intake_api.case(c.reference)
    method, note, adjustments = _contact(case)
    assert method == "phone"
    assert "after 10" in note and "Polish" not in note
    assert "Polish" in adjustments and "10" not in adjustments


@pytest.mark.asyncio
async def test_yes_but_call_between_12_and_1_at_the_read_back_is_a_contact_note(intake_api):
    c = Conversation()
    await until_acting_for(c)
    await answer_the_rest(c, {"acting_for": "no", "resident_name": "Jo Bloggs",
                              "contact_details": "07700 900123", "preferred_contact": "phone",
                              "confirm": "Yes, but call between 12 and 1"})
    case = intake_api.case(c.reference)
    _, note, adjustments = _contact(case)
    assert "between 12 and 1" in note and adjustments is None
    assert case["definition_confirmed"] is True


@pytest.mark.parametrize("note, preference", [
    # Played residents: a way and a reason to contact them is no need to adjust for.
    ("How to contact, in their words: text me first im on shifts", True),
    ("How to contact, in their words: email is best, I check it at lunch", True),
    # A need, a condition, another person or their safety stays an adjustment.
    ("How to contact, in their words: dont call, he might see my phone", False),
    ("How to contact, in their words: speak to my daughter, she has power of attorney", False),
    ("How to contact, in their words: I'm deaf so text", False),
])
def test_their_own_words_about_contact_are_a_preference_unless_they_name_a_need(note,
                                                                                preference):
    from actions.case import split_contact_notes

    contact, needs = split_contact_notes(note)
    assert (contact == note and needs is None) if preference else (needs == note)
