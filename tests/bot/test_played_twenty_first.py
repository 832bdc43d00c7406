"""Faults found by the residents played in the twenty-first session
(eval/played/2026-12-05-twenty-first/). Each test is written in our own words; conversations
run through the real actions and the real intake API."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from conversation import Conversation
from helpers import reading

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from actions import answers, wording
from actions.triage import triage_message
from tests.bot.test_triage import heads, ranking

YEAR = date.today().year


def test_no_complaint_reference_is_no_withdrawal():
    assert not answers.withdraws_complaint("My account number is AC/2231. I do not have a "
                                           "complaint reference.")
    assert not answers.withdraws_complaint("i dont have a complaint number sorry")
    assert answers.withdraws_complaint("I don't want a complaint after all")


def test_asking_where_a_complaint_has_got_to_is_a_status_check():
    said = (f"My dad made a complaint about his windows, ref CMP-{YEAR}-000004. Could you "
            "tell me where it's got to?")
    assert not answers.asks_for_stage_2(said)
    assert answers.asks_for_status(said)
    assert answers.asks_for_stage_2(f"I want to complain further about CMP-{YEAR}-000004, "
                                    "please escalate it")


def test_pests_are_never_a_neighbour_report():
    text = "mice all over the kitchen, droppings by the baby's bottles, please help"
    t = triage_message(text, ranking(asb_report=0.6, service_request=0.3), heads(0.0))
    assert t.label == "service_request"
    feeding = "the man next door keeps feeding pigeons and now we have rats in the bin store"
    t = triage_message(feeding, ranking(asb_report=0.6, service_request=0.3), heads(0.0))
    assert t.label == "asb_report"


@pytest.mark.parametrize("said, kept", [
    ("yes def. the boiler has gone three times this year and nobody rang back",
     "The boiler has gone three times this year and nobody rang back."),
    ("yeh obviously, the lift broke again on monday and there are no notices up",
     "The lift broke again on monday and there are no notices up."),
])
def test_a_yes_word_after_the_yes_is_no_part_of_the_matter(said, kept):
    assert answers.told_with_yes(said) == kept


@pytest.mark.parametrize("said, point", [
    ("yeh the plasterer never came back after september",
     "The plasterer never came back after september"),
    ("I forgot one thing - the painter spilt gloss on the hall carpet",
     "The painter spilt gloss on the hall carpet"),
    ("The main thing: the officer discussed my rent on the landing",
     "The officer discussed my rent on the landing"),
])
def test_lead_ins_to_another_matter_are_not_kept(said, point):
    assert answers.more_points(["earlier point"], said)[-1] == point


def test_wanting_to_complain_said_with_the_matter_is_not_a_point():
    assert answers.split_points("thx. i want 2 complain tho. third leak from upstairs since "
                                "june and nobody checks my ceiling") == [
        "third leak from upstairs since june and nobody checks my ceiling"]


@pytest.mark.parametrize("said, told, rest", [
    ("sorry its LS6 2AB. no nothing like that", "LS6 2AB", "no nothing like that"),
    ("postcode M4 5JD, since you asked. And no.", "M4 5JD", "no"),
])
def test_a_postcode_with_a_no_is_the_postcode_and_the_no(said, told, rest):
    assert answers.postcode_told(said) == (told, rest)


@pytest.mark.parametrize("said, place", [
    ("same as i said, 4 birch crt", "4 birch crt"),
    ("flat 9 elm hse LS2 8XX same as b4", "flat 9 elm hse LS2 8XX"),
    ("same as before", "same as before"),
])
def test_the_place_without_same_as_before(said, place):
    assert answers.without_said_already(said) == place


def test_something_missing_is_no_no():
    assert not answers.is_no("no notices", None, short=True)
    assert answers.is_no("no thanks", None, short=True)
    assert answers.is_no("no worries", None, short=True)


def test_a_day_put_right_inside_a_sentence():
    points = ["The officer came to my door on Monday and shouted about my rent."]
    assert answers.detail_fix(points, "it was Thursday she came, not Monday") == [
        "The officer came to my door on Thursday and shouted about my rent."]


@pytest.mark.parametrize("said, key", [
    ("who will actually read this?", "who_reads"),
    ("will I get compensation?", "compensation"),
])
def test_questions_about_who_reads_and_compensation_are_answered(said, key):
    assert answers.question_to_us(said) == key
    assert wording.answer_to_question(key, {})


@pytest.mark.asyncio
async def test_a_person_asked_for_after_declining_the_complaint_files_no_complaint(intake_api):
    c = Conversation()
    await c.say("the repair on my bathroom ceiling still hasn't been done, three visits and "
                "nobody has finished it", "complaint", [{"name": "complaint", "confidence": 0.9}],
                scores=reading(prior_report=True))
    assert c.slots.get("pending") == "offer_complaint", c.all_said()
    await c.say("No, there's already a complaint about it", "deny")
    assert c.slots.get("pending") == "offer_service_request", c.all_said()
    await c.say("person", "request_human")
    await c.answer_until(None, {"contact_details": "dee@example.com", "preferred_contact": "email",
                                "resident_name": "Dee Shaw"}, default="skip", limit=4)
    assert c.reference and c.reference.startswith("ENQ-"), c.all_said()
    assert intake_api.case(c.reference)["kind"] == "enquiry"


def test_a_place_is_no_answer_to_whether_anyone_is_in_danger():
    assert answers.danger_answer("block B", "affirm") is None
    assert answers.danger_answer("yes", None) is True


def test_worry_that_complaining_harms_the_tenancy_is_a_question():
    said = "Mum is worried that complaining will cause problems with her tenancy. Will it?"
    assert answers.question_to_us(said) == "tenancy"
    assert not answers.is_yes(said)


def test_someone_coming_asked_in_text_speak_is_a_question():
    assert answers.question_to_us("is some1 coming or not?? ive got my 2 kids here") == "visit"


@pytest.mark.asyncio
async def test_unhappy_with_our_reply_to_a_complaint_is_stage_2(intake_api):
    c = Conversation()
    await c.say("I complained in September, reference CX-20417, about the caretaker shouting at "
                "me. I received your reply last week and it does not address what happened. "
                "I am not satisfied.", "complaint", [{"name": "complaint", "confidence": 0.9}],
                scores=reading(prior_report=True))
    # A reference not held here: the request for stage 2 is taken (escalation_of).
    assert c.slots.get("escalation_of") == "CX-20417", c.all_said()
    assert "stage 2" in c.all_said()


@pytest.mark.asyncio
async def test_no_complaint_about_a_rent_account_offers_the_team_not_a_repair(intake_api):
    c = Conversation()
    await c.say("You have taken my rent twice by direct debit this month and nobody has rung "
                "me back about it", "complaint", [{"name": "complaint", "confidence": 0.9}],
                scores=reading(prior_report=True))
    assert c.slots.get("pending") == "offer_complaint", c.all_said()
    said = await c.say("No thank you", "deny")
    assert c.slots.get("pending") == "offer_callback", said


@pytest.mark.asyncio
async def test_a_name_and_address_told_with_for_myself_are_kept(intake_api):
    c = Conversation()
    await c.say("the fence panel blew down in october and nobody has come to fix it despite "
                "three calls", "complaint", [{"name": "complaint", "confidence": 0.9}],
                scores=reading(prior_report=True))
    await c.say("yes", "affirm")
    await c.answer_until("acting_for", {"complaint_started": "october",
                                        "desired_outcome": "fix the fence"})
    assert c.slots.get("requested_slot") == "acting_for", c.all_said()
    said = await c.say("no me. Ray Dunn, 8 Ash Grove, Stockport SK4 2AB", "deny")
    assert c.slots.get("resident_name") == "Ray Dunn", said
    assert "8 Ash Grove" in (c.slots.get("postal_address") or ""), said
    assert c.slots.get("requested_slot") != "resident_name", said


@pytest.mark.parametrize("line", [
    "My name is Sam Hale, my dad is Peter Hale at 3 Oak Row.",
    "I live next door to Mrs Ada Khan at flat 9 and I help her out with her post.",
])
def test_who_they_are_to_the_resident_is_no_point(line):
    assert answers.split_points(f"{line} The lift has been broken for two weeks.") == [
        "The lift has been broken for two weeks."]


@pytest.mark.parametrize("line", [
    "I live next door to a man who plays drums at 2am.",
    "My name is Jo, my mum is 80 and her boiler has broken.",
])
def test_a_matter_told_with_who_they_are_stays(line):
    assert answers.split_points(line) == [line]


def test_a_repair_description_leaves_out_who_is_writing():
    said = ("Hi I'm a carer from Ashgrove Care, I visit Mr Len Boyd every morning. His front "
            "door lock has snapped.")
    assert answers.without_introduction(said) == "His front door lock has snapped."


def test_complaint_alone_is_a_complaint_with_no_danger():
    t = triage_message("complaint", ranking(emergency=0.7, complaint=0.2), heads(0.9))
    assert (t.label, t.emergency) == ("complaint", False)


def test_a_topic_in_two_words_is_no_neighbour_report():
    t = triage_message("about parking", ranking(asb_report=0.6, enquiry=0.3), heads(0.0))
    assert t.label == "enquiry"
    t = triage_message("about the noise", ranking(asb_report=0.6, enquiry=0.3), heads(0.0))
    assert t.label == "asb_report"


def test_a_complaint_made_before_is_no_yes_to_a_new_one():
    assert not answers.accepts_complaint("I already complained in March about the officer who "
                                         "shouted at me", None)
    assert answers.accepts_complaint("yes I want to complain", None)


@pytest.mark.asyncio
async def test_our_answer_not_upheld_told_over_several_messages_is_stage_2(intake_api):
    c = Conversation()
    await c.say("honestly sick of you lot", "complaint", [{"name": "complaint", "confidence": 0.9}],
                scores=reading())
    assert c.slots.get("pending") == "offer_complaint", c.all_said()
    await c.say("I already complained in August about the repairs manager who swore at me",
                "inform")
    said = await c.say("I got a letter back saying it was not upheld. That's a whitewash",
                       "inform")
    assert c.active_loop in ("status_form", "complaint_form"), said
    assert c.active_loop == "status_form" or c.slots.get("escalation_of"), said


def test_what_someone_said_is_not_cut_at_and():
    said = ("The surveyor in March said the fan in the bathroom does not work and the window "
            "seals have gone, and that he would put in a job for both.")
    assert answers.split_points(said) == [said]


def test_how_long_while_a_repair_is_logged_is_about_the_repair():
    policy = {"out_of_hours_phone": "0800 000 0000", "stage_1": {"acknowledge_days": 5}}
    about_repair = wording.answer_to_question("next", policy, repair=True)
    assert "repair" in about_repair and "0800 000 0000" in about_repair
    assert "working days" in wording.answer_to_question("next", policy)
