"""Faults played residents found in the twenty-second session (eval/played/
2026-12-05-twenty-second/), with messages written for these tests. Conversations run through
the real actions and the real intake API; the harness asks the next question as Rasa does."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conversation import Conversation
from helpers import reading

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from actions import answers


async def _complaint_at(slot: str, replies: dict[str, str]) -> Conversation:
    c = Conversation()
    await c.say("my service charge statement is wrong and nobody has answered my two emails",
                "complaint", [{"name": "complaint", "confidence": 0.9}],
                scores=reading(prior_report=True))
    await c.say("yes", "affirm")
    await c.answer_until(slot, {"complaint_started": "in october",
                                "desired_outcome": "a corrected statement",
                                "acting_for": "no, just me", "resident_name": "Ana Brandt",
                                "contact_details": "07700 900321", "preferred_contact": "phone",
                                **replies}, limit=14)
    assert c.slots.get("requested_slot") == slot, c.all_said()
    return c


@pytest.mark.asyncio
async def test_a_postcode_told_at_the_next_question_asks_that_question_again(intake_api):
    c = await _complaint_at("adjustments", {"postal_address": "Flat 4, Ivy House, Cole Street"})
    said = await c.say("Postcode M14 5RD", "inform")
    assert "M14 5RD" in c.slots["postal_address"], said
    assert c.slots.get("requested_slot") == "adjustments", said
    assert "What is your name?" not in " ".join(said)


@pytest.mark.asyncio
async def test_a_question_answered_part_way_asks_the_same_question_again(intake_api):
    c = await _complaint_at("adjustments", {"postal_address": "Flat 4, Ivy House, M14 5RD"})
    said = await c.say("is someone coming out today?", "inform")
    assert c.slots.get("requested_slot") == "adjustments", said


@pytest.mark.parametrize("said", ["since fri", "took a day off work unpaid", "3 weeks"])
def test_an_answer_about_something_else_is_no_answer_to_the_danger_question(said):
    assert answers.danger_answer(said, None) is None


@pytest.mark.parametrize("said", ["yes", "me and the baby", "water everywhere", "im on my own"])
def test_a_yes_or_a_word_of_the_danger_keeps_it(said):
    assert answers.danger_answer(said, None) is True


@pytest.mark.parametrize("said, key", [
    ("can you send someone out today", "visit"),
    ("is this going to go on my record?", "tenancy"),
    ("I don't want mum seen as a troublemaker, will it affect her tenancy?", "tenancy"),
    ("will the neighbours be told it was me who reported it?", "confidential"),
])
def test_questions_back_are_known(said, key):
    assert answers.question_to_us(said) == key


@pytest.mark.asyncio
async def test_what_happens_next_after_a_repair_is_logged_is_answered(intake_api):
    c = Conversation()
    await c.say("the kitchen tap drips all the time, no rush", "service_request",
                [{"name": "service_request", "confidence": 0.9}], scores=reading())
    if c.slots.get("pending") == "offer_service_request":
        await c.say("yes", "affirm")
    await c.answer_until(None, {"sr_location": "kitchen, 16 Larch Grove PL4 8AA",
                                "sr_access": "mornings, I'm in", "sr_priority": "can wait",
                                "resident_name": "Sue Marsh",
                                "contact_details": "sue@example.com",
                                "preferred_contact": "email"}, default="no", limit=10)
    assert c.reference and c.reference.startswith("SR-"), c.all_said()
    said = " ".join(await c.say("what happens next? will someone ring me to book it?",
                                "enquiry", [{"name": "enquiry", "confidence": 0.8}]))
    assert "can't answer that here" not in said, said
    assert "repair" in said.lower(), said
    assert c.slots.get("pending") in (None, ""), said


@pytest.mark.parametrize("said, point", [
    ("hiya so i need to complain about the gas check that nobody turned up for on monday",
     "The gas check that nobody turned up for on monday"),
    (("I'm writing because I really don't know who else to ask. The bathroom fan has not "
     "worked since the summer and the mould is back."),
     "The bathroom fan has not worked since the summer and the mould is back."),
    ("I don't want to cause more trouble. The officer only listened to my neighbour's side.",
     "The officer only listened to my neighbour's side."),
])
def test_words_before_the_matter_are_taken_off(said, point):
    assert answers.split_points(said) == [point]


@pytest.mark.parametrize("said", ["THAT'S ENOUGH ISNT IT", ("I believe that covers matters for "
                                  "the present."), "honestly I'm fed up with it all now"])
def test_a_closing_remark_is_no_further_matter(said):
    assert answers.further_matter(said) is None or not answers.split_points(
        said, keep_something=False)


def test_a_clause_after_despite_is_not_cut():
    said = ("Despite us sending the court order in March and asking for letters to come to "
            "us, the rent team has kept writing to my brother about his arrears.")
    assert answers.split_points(said) == [said]


@pytest.mark.parametrize("said", ["email me at KEVB1990@example.com",
                                  "my casework ref is CW-2026-311"])
def test_what_is_not_our_reference_is_not_taken_for_one(said):
    assert answers.find_references(said) == []


def test_unsure_of_the_place_is_no_question():
    from actions.triage import triage_message
    from tests.bot.test_triage import heads, ranking
    said = ("not sure if this is the right place but nobody has connected my cooker and the "
            "flooring I was promised never came")
    assert triage_message(said, ranking(enquiry=0.5, complaint=0.3, service_request=0.15),
                          heads(0.0)).label != "enquiry"
    asks = "not sure if this is the right place, can I pay my rent by card?"
    assert triage_message(asks, ranking(enquiry=0.5, complaint=0.3),
                          heads(0.0)).label == "enquiry"


@pytest.mark.asyncio
async def test_a_matter_told_with_a_fix_at_the_read_back_is_added(intake_api):
    c = Conversation()
    await c.say("the communal heating has been off and on for five weeks and nobody tells us "
                "anything", "complaint", [{"name": "complaint", "confidence": 0.9}],
                scores=reading(prior_report=True))
    await c.say("yes", "affirm")
    await c.answer_until(None, {"complaint_started": "five weeks ago",
                                "desired_outcome": "fix the heating for good",
                                "acting_for": "no", "resident_name": "Angela Morrow",
                                "contact_details": "angela@example.com",
                                "preferred_contact": "email",
                                "postal_address": "Flat 31, Ellesmere Tower, M16 7PE"},
                         default="no", limit=14)
    assert c.slots.get("pending") == "confirm", c.all_said()
    said = " ".join(await c.say("Six weeks, not five. Oh and the lift has been broken since "
                                "Monday.", "inform"))
    points = c.slots["complaint_points"]
    assert any("six weeks" in p.lower() for p in points), points
    assert any(p.startswith("The lift has been broken since Monday") for p in points), said


def test_someone_elses_power_of_attorney_is_not_the_writers():
    said = "no, she can't really sign. Her daughter has power of attorney I think"
    assert answers.read_consent(said) == answers.CONSENT_PENDING
    assert answers.read_consent("I hold lasting power of attorney for her") == \
        answers.CONSENT_NOT_NEEDED


def test_an_organisation_then_the_role_is_split_the_right_way_round():
    assert answers.split_relationship("Sunrise Care, I'm his paid carer") == (
        "paid carer", "Sunrise Care")


@pytest.mark.parametrize("said", [
    "Replace the door this week so it locks, and clear the rubbish they left",
    "Pay back the £96 and book a Saturday appointment",
])
def test_what_to_do_given_for_when_it_started_is_the_outcome(said):
    assert answers.outcome_not_time(said)


@pytest.mark.parametrize("said, slot", [
    ("ring me please, I'd rather talk to someone", "contact_details"),
    ("a real person on the phone please", "contact_details"),
    ("phone, I'd rather speak to a person than a bot", "preferred_contact"),
])
def test_how_to_contact_them_told_as_wanting_a_person_is_no_handover(said, slot):
    assert not answers.asks_for_person_in_answer(said, None, slot)


@pytest.mark.parametrize("slot", ["contact_details", "preferred_contact", "desired_outcome"])
def test_person_alone_still_hands_over(slot):
    assert answers.asks_for_person_in_answer("person", "request_human", slot)


@pytest.mark.parametrize("said, key", [
    ("YOU HAVENT ANSWERED. WILL COMPLAINING AFFECT MY TENANCY?", "tenancy"),
    ("will the housing officer find out I complained", "confidential"),
    ("will he find out its me", "confidential"),
    ("will this go back to the same officer who closed it?", "who_reads"),
    ("how long till an engineer comes", "visit"),
    ("would that get my sofa paid for", "compensation"),
])
def test_more_questions_back_are_known(said, key):
    assert answers.question_to_us(said) == key


@pytest.mark.asyncio
async def test_a_question_after_a_further_matter_is_answered_and_the_matter_kept(intake_api):
    c = Conversation()
    await c.say("the bathroom ceiling leaks every time upstairs have a shower and nobody rings "
                "back", "complaint", [{"name": "complaint", "confidence": 0.9}],
                scores=reading(prior_report=True))
    await c.say("yes", "affirm")
    await c.answer_until("more_points", {"complaint_point": "it has dripped since August and "
                                                            "the ceiling is going mouldy"},
                         limit=4)
    assert c.slots.get("requested_slot") == "more_points", c.all_said()
    said = " ".join(await c.say("YES. WE PAY A CLEANING CHARGE AND THE STAIRS HAVE NOT BEEN "
                                "CLEANED SINCE JULY. WILL THIS AFFECT MY RENT IF I COMPLAIN?",
                                "inform"))
    assert "never affect your tenancy" in said, said
    assert any("CLEANING CHARGE" in p for p in c.slots["complaint_points"]), said
    assert not any("AFFECT MY RENT" in p for p in c.slots["complaint_points"]), said


@pytest.mark.asyncio
async def test_not_wanting_to_make_a_fuss_about_a_gas_smell_is_no_no(intake_api):
    c = Conversation()
    await c.say("there's a smell like gas in my kitchen on and off this week", "emergency",
                [{"name": "emergency", "confidence": 0.9}], scores=reading(emergency=True))
    if c.slots.get("pending") == "danger_check":
        await c.say("yes", "affirm")
    offer = c.slots.get("pending")
    assert offer in ("offer_emergency_repair", "offer_service_request"), c.all_said()
    said = " ".join(await c.say("Oh I don't want to be a nuisance", "deny"))
    assert c.slots.get("pending") == offer, said
    assert "no fuss" in said
    await c.say("alright then, yes", "affirm")
    assert c.active_loop == "service_request_form", c.all_said()


def test_safety_advice_fits_the_danger():
    from actions import wording
    policy = {"out_of_hours_phone": "0800 000 0000"}
    boiler = wording.emergency_signpost(policy, "nan's heating and hot water have packed in, "
                                                "she's 90 and freezing")
    assert "stopcock" not in boiler and "keep one room warm" in boiler
    rails = wording.emergency_signpost(policy, "the grab rails the OT asked for were never "
                                               "fitted and her door won't lock")
    assert "block it off" not in rails
    loose = wording.emergency_signpost(policy, "the banister on the stairs is coming away from "
                                               "the wall")
    assert "block it off" in loose


def test_a_break_in_is_a_home_to_secure_not_a_neighbour_report():
    from actions.triage import triage_message
    from tests.bot.test_triage import heads, ranking
    said = "someone broke in to my flat last night and the lock is bust"
    t = triage_message(said, ranking(asb_report=0.5, emergency=0.3, service_request=0.15),
                       heads(0.0))
    assert t.label != "asb_report"
    noise = "the lads next door broke in to the bin store again and are drinking in there"
    assert triage_message(noise, ranking(asb_report=0.6, complaint=0.2),
                          heads(0.0)).label == "asb_report"
