"""Faults found by the residents played in the eighteenth session
(eval/played/2026-12-05-eighteenth/). Each test is written in our own words."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conversation import Conversation

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from actions import answers, triage, wording
from actions.case import split_contact_notes

POLICY = {"out_of_hours_phone": "0800 000 0000"}


def test_the_leak_after_a_gas_smell_gets_no_water_advice():
    added = wording.advice_added(POLICY, "strong gas smell by the meter in my hall",
                                 "JUST COME AND FIND THE LEAK")
    assert "stopcock" not in (added or "").lower()


def test_a_water_leak_by_a_light_still_gets_its_advice():
    added = wording.advice_added(POLICY, "water coming through the kitchen ceiling",
                                 "its leaking right by the light fitting")
    assert "switches" in (added or "").lower()


@pytest.mark.parametrize("text", ["That will do, thank you.", "that'll do", "Yes, that will do."])
def test_that_will_do_confirms(text):
    assert answers.confirms(text)


def test_an_adjustment_is_recorded_once():
    _, needs = split_contact_notes(
        "How to contact, in their words: I am partly deaf so speak up; Said they are "
        "partially deaf", "I am partly deaf so speak up")
    assert needs.count("I am partly deaf so speak up") == 1


@pytest.mark.parametrize("text", [("I use a translate app, email in English is fine. No "
                                  "interpreter needed."),
                                  "My first language is Polish but I don't need an interpreter"])
def test_an_interpreter_declined_is_not_booked(text):
    assert answers.read_contact_preference(text).language is None


def test_partial_deafness_is_not_told_as_deafness():
    assert answers.read_contact_preference(
        "I'm a bit deaf in one ear so speak up").adjustment == "partially deaf"


@pytest.mark.parametrize("text", ["why", "Recorded WHAT?", "But what about my complaint??",
                                  "I said it's a complaint.", "It's all in what I wrote",
                                  "I have set out the matter above.",
                                  "My error, I do apologise.", "That wasn't a compliment."])
def test_retorts_are_no_points(text):
    assert answers.more_points(["The boiler keeps losing pressure"], text) == [
        "The boiler keeps losing pressure"]


def test_a_hello_without_a_comma_leaves_the_point():
    assert answers.more_points(["The gate is broken"], "Hiya my bath tap is leaking and "
                               "nobody came") == ["The gate is broken",
                                                  "My bath tap is leaking and nobody came"]


def test_sarcastic_praise_with_days_off_work_is_no_compliment():
    assert triage._SARCASM.search("Oh great, another chatbot. Two days off work for an "
                                  "engineer who never turned up. Brilliant service, really.")
    assert not triage._SARCASM.search("Brilliant service, really quick, thank you Dean")


@pytest.mark.asyncio
async def test_not_a_compliment_turns_into_the_complaint(intake_api):
    c = Conversation()
    await c.say("Cheers for the lovely visit from your plumber", "compliment",
                [{"name": "compliment", "confidence": 0.9}])
    said = await c.say("That wasn't a compliment. I want to make a complaint.", "complaint")
    assert c.active_loop == "complaint_form", said
    assert not any("your name" in s for s in said), said
    assert not any("not a compliment" in p.lower() or "wasn't a compliment" in p.lower()
                   for p in c.slots.get("complaint_points") or []), c.slots


@pytest.mark.parametrize("points, said, fixed", [
    (["THE ENGINEER CAME ON 14 OCT AND SAID IT WAS DRAINS"],
     "NEARLY. IT WAS 16 OCTOBER NOT THE 14TH",
     ["THE ENGINEER CAME ON 16 OCT AND SAID IT WAS DRAINS"]),
    (["My daughter is 4 and has eczema"], ("Sorry my daughter is 5, not 4. She had her "
     "birthday last week."), ["My daughter is 5 and has eczema"]),
    (["The caretaking charge went from £186 to £412"], ("I have checked and last year's "
     "charge was £168, not £186. My error, I do apologise."),
     ["The caretaking charge went from £168 to £412"]),
])
def test_a_fix_among_other_sentences_puts_the_detail_right(points, said, fixed):
    assert answers.detail_fix(points, said) == fixed


@pytest.mark.parametrize("text", ["i want to make a complaint", "I want to complain",
                                  "I'd like to make a formal complaint please"])
def test_asking_to_complain_alone_tells_no_danger(text):
    sure_danger = {"flags": {"emergency": True, "on_behalf": False, "prior_report": False,
                             "vulnerability": False}, "p": {"emergency": 0.85}}
    result = triage.triage_message(text, [{"name": "complaint", "confidence": 0.7}],
                                   sure_danger)
    assert result.emergency is False and not result.check_danger


def test_asking_to_complain_with_a_danger_keeps_it():
    sure_danger = {"flags": {"emergency": True, "on_behalf": False, "prior_report": False,
                             "vulnerability": False}, "p": {"emergency": 0.85}}
    result = triage.triage_message("I want to complain, I can smell gas again",
                                   [{"name": "complaint", "confidence": 0.7}], sure_danger)
    assert result.emergency is True


@pytest.mark.asyncio
async def test_a_workers_introduction_with_who_the_tenant_is_asks_what_happened(intake_api):
    c = Conversation()
    said = await c.say("Hello. My name is Jo Hart, I'm a support worker with Northside Floating "
                       "Support. I support one of your tenants, Ben Cole, at Flat 2, 9 Mill "
                       "Road. Ben has a learning disability and finds phone calls very hard.",
                       "service_request", [{"name": "service_request", "confidence": 0.4}])
    assert c.slots.get("pending") == "what_about", said
    assert not any("where is the problem" in s.lower() for s in said), said


@pytest.mark.asyncio
async def test_a_complaint_about_our_officer_after_a_neighbour_report_is_taken(intake_api):
    c = Conversation()
    await c.say("the flat upstairs plays loud music till 4am every night", "asb_report",
                [{"name": "asb_report", "confidence": 0.9}])
    for _ in range(8):
        if c.slots.get("pending") == "asb_more" or not c.active_loop:
            break
        slot = c.slots.get("requested_slot")
        await c.say({"resident_name": "Priya Shah", "contact_details": "07700 900222",
                     "preferred_contact": "email"}.get(slot, "flat 4, most nights"), "inform")
    assert c.slots.get("pending") == "asb_more", c.all_said()
    said = await c.say("I want to complain about the ASB officer too, he never rings back",
                       "complaint")
    assert c.active_loop == "complaint_form", said


@pytest.mark.parametrize("said, name", [
    ("There's no water anywhere near anything electric! My name is Ingrid Achterberg",
     "Ingrid Achterberg"),
    ("Jo. Joanne Whitfield", "Joanne Whitfield"),
])
def test_the_name_given_is_the_name_filed(said, name):
    assert answers.read_name(said).name == name


def test_the_read_back_says_and_once():
    assert "and and" not in wording.join_points(["The tap leaks", "and nobody rings back"])


@pytest.mark.parametrize("line", [
    "A signed consent form authorising this office to act on Mr Ade's behalf is held on file.",
    ("I act for Mr Nowak, who has signed our standard authority form, a copy of which is "
    "attached."),
])
def test_a_letters_consent_lines_are_no_points(line):
    points = answers.split_points("The boiler has failed four times since October and nobody "
                                  "came. " + line)
    assert points == ["The boiler has failed four times since October and nobody came."]


@pytest.mark.asyncio
async def test_i_have_already_set_that_out_is_not_part_of_the_outcome(intake_api):
    from test_conversation_answers import answer_the_rest
    c = Conversation()
    await c.say("The plumber missed three appointments and the job was closed as no access.",
                "complaint", [{"name": "complaint", "confidence": 0.9}])
    await c.say("yes", "affirm")
    await answer_the_rest(c, {
        "complaint_point": "no", "complaint_started": "in October",
        "desired_outcome": "I have already set that out: a firm appointment that is kept.",
        "acting_for": "me", "resident_name": "Ann Lee", "contact_details": "07700 900555",
        "preferred_contact": "phone", "postal_address": "4 Mill Row, LS6 2PQ"}, confirm=False)
    assert c.slots.get("desired_outcome") == "a firm appointment that is kept."


LETTERHEAD = ("Citizens Advice Eastfield\n220 Hoe Street\nLondon E17 4QH\n\n5 December\n\n"
              "Your tenant: Mr Tomasz Nowak, 18 Poplar Gardens, E17 5NL\n\nDear Income Team,\n\n"
              "The arrears on his account are wrong and nobody has replied.")


def test_a_letters_tenant_address_is_the_home_not_the_letterhead():
    assert answers.residents_address(LETTERHEAD) == "18 Poplar Gardens, E17 5NL"


def test_one_address_is_left_to_the_usual_reading():
    assert answers.residents_address("I live at 4 Mill Row, LS6 2PQ and the roof leaks") is None


def test_the_case_files_the_tenants_address_from_such_a_letter():
    from actions.case import address_said
    assert address_said({"matter_text": LETTERHEAD}, []) == "18 Poplar Gardens, E17 5NL"


@pytest.mark.parametrize("said, ours", [
    (("Subject: Mr Ade, ASB not looked at (office ref SC/2026/1187). His reports (ASB-22907) "
     "were never reviewed."), ["ASB-22907"]),
    ("Our MP's case ref is HM/4471/26 and your job is R-778120", ["R-778120"]),
])
def test_an_offices_reference_is_not_one_of_ours(said, ours):
    assert answers.find_references(said) == ours


@pytest.mark.asyncio
async def test_no_complaint_about_the_repair_just_logged_logs_it_no_twice(intake_api):
    from test_conversation_answers import answer_the_rest
    c = Conversation()
    await c.say("the bathroom extractor fan has stopped working", "service_request",
                [{"name": "service_request", "confidence": 0.9}])
    await answer_the_rest(c, {"sr_description": "the extractor fan",
                              "sr_location": "4 Mill Row, LS6 2PQ, bathroom",
                              "sr_access": "any weekday", "sr_priority": "can wait",
                              "resident_name": "Ryan Tse", "contact_details": "07700 900777",
                              "preferred_contact": "phone", "linked_reference": "no"})
    first = c.reference
    assert first and first.startswith("SR-")
    await c.say("wait is that a new one?? its already logged since october and nobody came, "
                "just want it fixed", "complaint", [{"name": "complaint", "confidence": 0.8}])
    assert c.slots.get("pending") == "offer_complaint", c.all_said()
    said = await c.say("nah no complaint. just fix it", "deny")
    assert first in " ".join(said), said
    assert c.slots.get("pending") != "offer_service_request", said


@pytest.mark.asyncio
async def test_a_short_repair_is_not_asked_what_needs_fixing(intake_api):
    c = Conversation()
    said = await c.say("bathroom fan broke", "service_request",
                       [{"name": "service_request", "confidence": 0.9}])
    assert c.active_loop == "service_request_form", said
    assert c.slots.get("requested_slot") != "sr_description", said
    assert c.slots.get("sr_description") == "bathroom fan broke"
