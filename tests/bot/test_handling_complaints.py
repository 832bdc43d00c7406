"""Complaints about how we handled something (conversation set v2's faults, in new words).

Code 1.2: dissatisfaction with the landlord's actions or lack of action, or its staff, is a
complaint — also when the matter is a neighbour problem. Code 1.5: a complaint about a
repair lets the repair carry on; danger found once stays found and its repair comes first.
Each conversation runs through the real actions and is filed with the real intake API.
"""

from __future__ import annotations

import pytest
from conversation import Conversation
from helpers import reading
from test_conversation_answers import answer_the_rest

from actions import triage

pytestmark = pytest.mark.asyncio

ASB = [{"name": "asb_report", "confidence": 0.8}, {"name": "complaint", "confidence": 0.15}]


def told_the_complaint(said: str) -> bool:
    return ("Your complaint is logged" in said and "acknowledge it by" in said
            and "full response by" in said and "Ombudsman" in said)


# --- 1. Unhappy with how a neighbour problem (or an officer) was dealt with ---

@pytest.mark.parametrize("said", [
    ("The family below slam doors and shout every night since the summer. I've rung your "
     "neighbourhood team three times and nothing has been done."),
    ("They shut my noise case and nobody even let me know. The bass from number 12 still goes "
     "on till 4am."),
    ("I told the housing officer about the lads dealing on the landing in June and again in "
     "August. She said she'd write to them. No one has spoken to them."),
    "Your housing officer went through my arrears in front of the woman from number 6.",
    ("When I rang about the party flat the officer just told me to put up with it, it's city "
     "living."),
])
async def test_unhappy_with_our_handling_of_a_neighbour_problem_is_a_complaint(said):
    result = triage.triage_message(said, ASB, reading(prior_report=True))
    assert result.label == "complaint"


@pytest.mark.parametrize("said, prior", [
    (("Adding another incident to my ASB case: the lad at no. 9 was revving his motorbike at "
     "midnight again. Logged on the app as the officer asked."), True),
    ("I'm sick of the dog next door barking all night, I've had enough of it.", False),
    ("Someone keeps dumping rubbish by my gate. I told the police but nothing happened.", False),
    ("The man upstairs plays loud music every night until 3am, it's still going on.", False),
])
async def test_a_neighbour_problem_told_without_blaming_us_stays_an_asb_report(said, prior):
    assert triage.triage_message(said, ASB, reading(prior_report=prior)).label == "asb_report"


async def test_a_complaint_about_our_asb_handling_is_filed_as_a_complaint(intake_api):
    c = Conversation()
    opening = ("The couple next door have been screaming at each other and banging the walls "
               "most nights since March. I've reported it four times and nothing has been "
               "done, the officer said I should try sleeping in the other room.")
    said = await c.say(opening, "asb_report", ASB, scores=reading(prior_report=True))
    assert c.slots["triage_label"] == "complaint", said
    assert "Would you like to make a complaint" in said[-1], said
    await c.say("yes", "affirm")
    assert c.active_loop == "complaint_form"
    said = await answer_the_rest(c, {"more_points": "no", "complaint_started": "since March",
                                     "desired_outcome": "proper action on the noise",
                                     "acting_for": "no", "resident_name": "Jo Bloggs",
                                     "contact_details": "07700 900123",
                                     "preferred_contact": "phone",
                                     "linked_reference": "no"})
    case = intake_api.case(c.reference)
    assert case["kind"] == "complaint"
    assert told_the_complaint("\n".join(said)), said


# --- 2. Danger told with dissatisfaction: the repair first, then the complaint ---

async def test_danger_with_dissatisfaction_offers_the_repair_then_files_the_complaint(
        intake_api):
    c = Conversation()
    opening = ("Water pouring out of the kitchen ceiling light again. Fourth time this year, "
               "nobody has sorted the pipe upstairs.")
    said = await c.say(opening, "emergency", [{"name": "emergency", "confidence": 0.9}],
                       scores=reading(emergency=True, prior_report=True))
    assert "call 999" in said[0] and "fuse box" in said[0]  # water on electrics
    assert c.slots["pending"] == "offer_emergency_repair", said
    await c.say("yes, quickly", "affirm")
    assert c.active_loop == "service_request_form"
    said = await answer_the_rest(c, {"sr_location": "Flat 3, 9 Holly Road", "sr_access": "now",
                                     "resident_name": "Jo Bloggs",
                                     "contact_details": "07700 900123",
                                     "preferred_contact": "phone"})
    repair = intake_api.case(c.reference)
    assert repair["kind"] == "service_request" and repair["service_request"]["priority"] == \
        "emergency"
    assert c.slots["pending"] == "offer_complaint_about_request", said
    await c.say("yes", "affirm")
    assert c.active_loop == "complaint_form"
    said = await answer_the_rest(c, {"more_points": "no", "complaint_started": "January",
                                     "desired_outcome": "fix the pipe upstairs for good",
                                     "adjustments": "no", "linked_reference": "no"})
    complaint = intake_api.case(c.reference)
    assert complaint["kind"] == "complaint" and complaint["flags"]["emergency"] is True
    assert repair["reference"] in complaint["linked_references"]
    assert told_the_complaint("\n".join(said)), said


async def test_a_request_told_as_still_nothing_after_a_report_offers_the_complaint(intake_api):
    c = Conversation()
    opening = ("Landing light outside flat 20 broken for a fortnight, reported it, job number "
               "4471920, still nothing.")
    await c.say(opening, "service_request", [{"name": "service_request", "confidence": 0.8}],
                scores=reading(prior_report=True))
    said = await answer_the_rest(c, {"sr_location": "Flat 20, Ash House",
                                     "sr_access": "any time", "sr_priority": "urgent",
                                     "resident_name": "Jo Bloggs",
                                     "contact_details": "07700 900123",
                                     "preferred_contact": "phone"})
    assert intake_api.case(c.reference)["kind"] == "service_request"
    assert c.slots["pending"] == "offer_complaint_about_request", said
    await c.say("yes please", "affirm")
    said = await answer_the_rest(c, {"more_points": "no", "complaint_started": "two weeks ago",
                                     "desired_outcome": "the light fixed",
                                     "adjustments": "no", "linked_reference": "no"})
    complaint = intake_api.case(c.reference)
    assert complaint["kind"] == "complaint"
    assert told_the_complaint("\n".join(said)), said


# --- 3. The resident's own earlier reference is recorded as given, beside the new request ---

@pytest.mark.parametrize("said, reference", [
    ("the letter had 12/RPR/7781 on it", "12/RPR/7781"),
    ("The number they gave me is 6690/14.", "6690/14"),
    ("it's under ref ASB/25/0112", "ASB/25/0112"),
    ("my ref was KLM 55021", "KLM-55021"),
])
async def test_a_reference_in_parts_is_kept_whole(said, reference):
    from actions.answers import find_references

    assert find_references(said, answering=True) == [reference]


@pytest.mark.parametrize("said", ["reported on 14/08/2024", "the 2023-24 service charge",
                                  "flat 3/120 Mill Road"])
async def test_a_date_a_span_of_years_or_a_flat_is_not_a_reference(said):
    from actions.answers import find_references

    assert find_references(said, answering=True) == []


async def test_the_earlier_reference_is_asked_and_kept_with_the_request_raised(intake_api):
    c = Conversation()
    opening = ("No heating or hot water and my daughter is poorly. The gas engineer was due "
               "this morning and never turned up.")
    await c.say(opening, "emergency", [{"name": "emergency", "confidence": 0.9}],
                scores=reading(emergency=True, prior_report=True))
    await c.say("yes", "affirm")
    await answer_the_rest(c, {"sr_location": "5 Orchard Row", "sr_access": "any time",
                              "resident_name": "Jo Bloggs", "contact_details": "07700 900123",
                              "preferred_contact": "phone"})
    repair = c.reference
    await c.say("yes", "affirm")
    asked: list[str] = []
    for _ in range(12):
        slot = c.slots.get("requested_slot")
        if not (c.active_loop and slot):
            break
        asked.append(slot)
        reply = {"linked_reference": "the text they sent said 31/HR/0098",
                 "told_before": "yes, I booked the visit last week",
                 "complaint_started": "this morning",
                 "desired_outcome": "heating back on today"}.get(slot, "no")
        await c.say(reply, "enquiry")
    assert "linked_reference" in asked, asked
    said = await c.say("yes", "affirm")
    complaint = intake_api.case(c.reference)
    assert "31/HR/0098" in complaint["linked_references"], complaint["linked_references"]
    assert repair in complaint["linked_references"]
    assert repair in "\n".join(said)


async def test_not_complaining_about_a_repair_date_offers_a_call_back(intake_api):
    c = Conversation()
    said = await c.say("When's the plumber coming? Job 5520174. Not complaining, just need a "
                       "day.", "enquiry", [{"name": "enquiry", "confidence": 0.8}])
    assert c.slots["pending"] == "offer_callback", said
    await c.say("yes please", "affirm")
    await answer_the_rest(c, {"resident_name": "Jo Bloggs", "contact_details": "07700 900123",
                              "preferred_contact": "text"})
    case = intake_api.case(c.reference)
    assert case["kind"] == "enquiry" and "5520174" in case["linked_references"]


# --- 4. A complaint about a repair still not done raises its request (Code 1.5) ---

@pytest.mark.parametrize("account", [
    "The scaffolders knocked my garden gate off its hinges and it's been hanging off a month.",
    "Your roofer broke two of my shed windows. He said someone would come. Five weeks.",
    "Communal front door blew off in the wind in March and the entry phone doesn't work.",
    ("The shower pump stopped working after your electrician's visit and I'm washing at my "
     "sister's."),
])
async def test_damage_still_there_is_an_unfinished_repair(account):
    from actions.answers import about_unfixed_repair

    assert about_unfixed_repair(account)


async def test_a_complaint_about_damage_left_unrepaired_raises_the_request(intake_api):
    c = Conversation()
    opening = ("Your contractor cracked my kitchen window while cutting the hedge. They said "
               "they'd send a glazer. Nearly two months now.")
    await c.say(opening, "complaint", [{"name": "complaint", "confidence": 0.8}],
                scores=reading(prior_report=True))
    if c.slots.get("pending") == "offer_complaint":
        await c.say("yes", "affirm")
    said = await answer_the_rest(c, {"more_points": "no", "complaint_started": "in April",
                                     "desired_outcome": "the window replaced",
                                     "acting_for": "no", "resident_name": "Jo Bloggs",
                                     "contact_details": "07700 900123",
                                     "preferred_contact": "phone", "linked_reference": "no"})
    complaint = intake_api.case(c.reference)
    raised = [r for r in complaint["linked_references"] if r.startswith("SR-")]
    assert complaint["kind"] == "complaint" and raised, complaint["linked_references"]
    told = "\n".join(said)
    assert complaint["reference"] in told and raised[0] in told
