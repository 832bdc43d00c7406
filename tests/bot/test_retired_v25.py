"""Faults found when blind triage v23 and conversations v25 were retired (twenty-second
session). The messages are written for these tests after the retired sets' failures were
read; they follow the failures, not the sets' words. Conversations run through the real
actions and the real intake API."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conversation import Conversation
from helpers import reading

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from actions import answers
from actions.triage import complains_of_our_handling, triage_message
from tests.bot.test_triage import heads, ranking


@pytest.mark.parametrize("text", [
    # excitement that turns sour
    ("got the keys friday and I was buzzing but honestly it's been a nightmare, the oven is "
    "caked and there's no curtain rails"),
    # gratitude with a "but" and how it went
    ("I'm grateful for the new kitchen, really, but it hasn't gone well at all and nobody "
    "answers my emails"),
    # thanks that a last word takes back
    "A huge thank you to your roofers for leaving my garden full of broken tiles for a month. Not.",
])
def test_thanks_that_turns_sour_is_no_compliment(text):
    t = triage_message(text, ranking(compliment=0.6, complaint=0.3), heads(0.0))
    assert t.label == "complaint"


@pytest.mark.parametrize("text", [
    # the trouble told first, the thanks last: still praise
    ("The boiler packed up on Sunday, which was a nightmare, but your engineer came Monday "
    "morning and fixed it. Thank you so much."),
    "Thanks to Dev on the repairs line, he was lovely.",
])
def test_praise_after_the_trouble_stays_a_compliment(text):
    t = triage_message(text, ranking(compliment=0.7, complaint=0.2), heads(0.0))
    assert t.label == "compliment"


def test_a_list_raised_as_follows_is_points_not_the_outcome():
    said = ("I want to raise the following about the lifts at Kestrel Court:\n"
            "1. Both lifts have been out of order for six days this month.\n"
            "2. Nobody put up a notice saying when they would be fixed.\n"
            "3. The service charge for lift maintenance went up in April.\n"
            "I would like a reply to each point.")
    assert answers.split_points(said) == [
        "Both lifts have been out of order for six days this month.",
        "Nobody put up a notice saying when they would be fixed.",
        "The service charge for lift maintenance went up in April."]
    assert "raise the following" not in (answers.outcome_sentences(said) or "")


def test_why_they_numbered_their_points_is_about_the_message():
    assert answers.refers_to_message("that's why I've numbered them")
    assert answers.refers_to_message("I have listed them")
    assert not answers.refers_to_message("the caretaker numbered the bins wrong")


@pytest.mark.parametrize("text", [
    ("My dad has been reporting the lads on his landing since summer and feels nobody is "
    "listening"),
    "I've reported the dealing outside my door four times and no one is taking it seriously",
])
def test_reports_that_nobody_listens_to_are_our_handling(text):
    assert complains_of_our_handling(text)


def test_an_emergency_button_that_rings_unanswered_is_our_handling():
    assert complains_of_our_handling("my nan's stuck in the lift and the emergency button just "
                                     "rings and rings")
    assert complains_of_our_handling("pressed the pull cord and it rings out, nobody came")
    assert not complains_of_our_handling("my nan's stuck in the lift, can someone come")


def test_a_stage_1_answer_told_as_wrong_is_stage_2():
    assert answers.asks_for_stage_2_plainly("your stage 1 response said the leak was fixed, it "
                                            "isn't, I want it looked at again")
    assert not answers.asks_for_stage_2_plainly("the builders said stage 1 of the works ends in "
                                                "May")


@pytest.mark.asyncio
async def test_stage_2_asked_for_at_the_complaint_offer_is_stage_2(intake_api):
    c = Conversation()
    await c.say("the mould came back two weeks after they painted over it", "complaint",
                [{"name": "complaint", "confidence": 0.9}], scores=reading(prior_report=True))
    assert c.slots.get("pending") == "offer_complaint", c.all_said()
    said = await c.say("I already complained, I want stage 2", "inform")
    assert c.active_loop == "status_form", said
    assert "stage 2" in " ".join(said)


@pytest.mark.asyncio
async def test_speak_to_someone_opening_a_complaint_they_chose_is_no_handover(intake_api):
    c = Conversation()
    await c.say("I need to speak to someone urgently\nyou sent a letter with my new address to "
                "my old flat where my ex lives", "complaint",
                [{"name": "complaint", "confidence": 0.9}], scores=reading())
    assert c.slots.get("pending") == "offer_complaint", c.all_said()
    said = await c.say("Yes.", "affirm")
    assert c.active_loop == "complaint_form", said
    assert "pass our conversation" not in said
    assert c.slots.get("pending") != "handoff", said


@pytest.mark.asyncio
async def test_safety_advice_is_given_once(intake_api):
    c = Conversation()
    await c.say("the stair light has been out for weeks and I keep ringing", "complaint",
                [{"name": "complaint", "confidence": 0.9}], scores=reading(prior_report=True))
    await c.say("yes", "affirm")
    await c.say("also the handrail on the stairs is loose, it moves when you hold it",
                "inform", scores=reading(emergency=True))
    await c.answer_until(None, {"complaint_started": "the handrail since about March",
                                "desired_outcome": "fix the handrail and the light"},
                         default="no", limit=3)
    assert c.all_said().count("Keep everyone, especially children, away from it") == 1, \
        c.all_said()


@pytest.mark.asyncio
async def test_an_enquiry_asks_what_would_make_it_easier(intake_api):
    c = Conversation()
    await c.say("Could you tell me how the downsizing scheme works and whether you help with "
                "removal costs?", "enquiry", [{"name": "enquiry", "confidence": 0.9}],
                scores=reading())
    await c.say("yes please", "affirm")
    await c.answer_until("adjustments", {"resident_name": "Joan Pryce",
                                         "contact_details": "07700 900555",
                                         "preferred_contact": "letter",
                                         "postal_address": "4 Wren Way, Ely CB6 1AA"},
                         limit=5)
    assert c.slots.get("requested_slot") == "adjustments", c.all_said()
    await c.say("Large print please, my eyes are poor", "inform")
    assert c.reference and c.reference.startswith("ENQ-"), c.all_said()
    filed = intake_api.case(c.reference)
    assert "large print" in (filed["complainant"]["reasonable_adjustments"] or "").lower()


def test_a_clause_after_a_marker_word_is_not_cut():
    said = ("Third, when I rang the office to ask about it, the woman on the phone told me "
            "that nobody had any record of my visit at all.")
    assert answers.split_points(said) == [said]


@pytest.mark.parametrize("before", [
    "I hope I'm doing this right, my granddaughter set it up for me.",
    "I don't like to make a fuss.",
    "I need to report something serious.",
    "Two things I know for sure.",
])
def test_words_before_the_account_are_no_point(before):
    assert answers.split_points(f"{before} The bin store door has been broken since June.") == [
        "The bin store door has been broken since June."]
