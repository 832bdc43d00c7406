"""The repair a complaint raises (Code 1.5), as the repairs team receives it.

Played residents' linked requests had no address, copied the whole complaint (phone
numbers, apologies, a rude operative) as the description, were routine for rain coming
through a ceiling, and were raised twice for a fault logged minutes before. Each
conversation runs through the real actions and is filed with the real intake API.
"""

from __future__ import annotations

import pytest
from conversation import Conversation
from helpers import reading
from test_conversation_answers import answer_the_rest

from actions import filing

pytestmark = pytest.mark.asyncio

HOME_QUESTION = "What is the address of the home this is about?"
ANSWERS = {"more_points": "no", "complaint_started": "in the summer",
           "desired_outcome": "get it put right", "acting_for": "no",
           "resident_name": "Precious Adebayo", "contact_details": "07700 900761",
           "preferred_contact": "phone", "adjustments": "no", "linked_reference": "no"}


async def complain(c: Conversation, opening: str, scores: dict | None = None) -> None:
    await c.say(opening, "complaint", scores=scores or reading(prior_report=True))
    if c.slots.get("pending") == "offer_complaint":
        await c.say("yes please", "affirm")
    assert c.active_loop == "complaint_form", c.all_said()


def raised_request(intake_api, complaint: dict) -> dict:
    requests = [r for r in complaint["linked_references"] if r.startswith("SR-")]
    assert len(requests) == 1, complaint["linked_references"]
    return intake_api.case(requests[0])


# --- 1. The home's address, asked once when the complaint raises a repair ---

async def test_a_repair_complaint_without_an_address_asks_where_the_home_is(intake_api):
    c = Conversation()
    await complain(c, "The extractor fan in my bathroom packed up in August and after two "
                      "phone calls nobody has been out to replace it.")
    said = await answer_the_rest(c, {**ANSWERS,
                                     "postal_address": "Flat 6, 41 Sorrel Street, Hull HU3 2PT"})
    assert c.all_said().count(HOME_QUESTION) == 1, c.all_said()
    complaint = intake_api.case(c.reference)
    assert complaint["complainant"]["address"] == "Flat 6, 41 Sorrel Street, Hull HU3 2PT"
    repair = raised_request(intake_api, complaint)
    assert repair["service_request"]["location"] == "Flat 6, 41 Sorrel Street, Hull HU3 2PT"
    assert "carries on" in "\n".join(said)


async def test_an_address_in_the_opening_is_not_asked_for_again(intake_api):
    c = Conversation()
    await complain(c, "I live at 18 Birchfield Close, Hull HU5 1AA. My toilet cistern has been "
                      "cracked since June and still nobody has come to change it.")
    await answer_the_rest(c, dict(ANSWERS))
    assert HOME_QUESTION not in c.all_said()
    repair = raised_request(intake_api, intake_api.case(c.reference))
    assert "18 Birchfield Close" in repair["service_request"]["location"]


async def test_a_complaint_that_raises_no_repair_is_asked_for_the_home_and_raises_none(
        intake_api):
    # The home is asked for every complaint (the handler finds the tenancy by it; played
    # residents, fifteenth session), but no repair is raised for a rude call.
    c = Conversation()
    await complain(c, "The woman on your rent line hung up on me twice last week when I rang "
                      "to ask about my statement.", reading())
    await answer_the_rest(c, dict(ANSWERS))
    assert HOME_QUESTION in c.all_said()
    assert intake_api.case(c.reference)["linked_references"] == []


# --- 2. The request says what to repair, and only that ---

async def test_the_request_describes_the_repair_not_the_rest_of_the_complaint(intake_api):
    c = Conversation()
    await complain(c, "The plasterer who came last Thursday swore at my daughter and stormed "
                      "off. The hallway ceiling he was sent to patch is still hanging down. "
                      "Sorry my typing is bad. Ring me on 07700 900431.")
    await answer_the_rest(c, {**ANSWERS, "postal_address": "9 Tern Road, Hull HU8 9QP"})
    description = raised_request(intake_api, intake_api.case(c.reference))[
        "service_request"]["description"]
    assert "ceiling" in description and "hanging down" in description, description
    for not_the_repair in ("07700", "swore", "Sorry"):
        assert not_the_repair not in description, description


async def test_a_description_leaves_out_an_email_and_keeps_each_repair():
    description = filing.repair_description([
        "Write to me at dot.price@example.net, I check it most days.",
        "The kitchen extractor still rattles.",
        "The bedroom radiator has been stone cold for a month.",
    ])
    assert description == ("The kitchen extractor still rattles.; The bedroom radiator has "
                           "been stone cold for a month.")


async def test_with_no_repair_named_every_point_stays_without_contact_details():
    assert filing.repair_description(["Nobody has come back to me since May.",
                                      "You can text 07700 900222."]) == \
        "Nobody has come back to me since May."


# --- 3. A home that can't be secured, or water coming in, is never routine ---

async def test_rain_coming_through_a_ceiling_is_urgent(intake_api):
    c = Conversation()
    await complain(c, "Water drips through the back bedroom ceiling whenever it rains. I have "
                      "phoned four times since September and nobody has been to look.")
    await answer_the_rest(c, {**ANSWERS, "postal_address": "27 Gannet Walk, Hull HU9 4LD"})
    repair = raised_request(intake_api, intake_api.case(c.reference))
    assert repair["service_request"]["priority"] == "urgent"


async def test_a_vulnerable_residents_door_that_cannot_be_locked_is_an_emergency(intake_api):
    c = Conversation()
    await complain(c, "I'm 88 and live on my own. The back door lock snapped three weeks ago, "
                      "it still can't be locked at night and nobody has come.",
                   reading(prior_report=True, vulnerability=True))
    await answer_the_rest(c, {**ANSWERS, "postal_address": "4 Linnet Row, Hull HU6 3XB"})
    repair = raised_request(intake_api, intake_api.case(c.reference))
    assert repair["service_request"]["priority"] == "emergency"


@pytest.mark.parametrize("account, flags, priority", [
    ("The patio door won't lock since the frame warped and nobody came.", {}, "urgent"),
    ("Water is coming in round the bay window, reported twice.", {}, "urgent"),
    ("The shed door still sticks, reported in spring.", {}, "routine"),
    ("The shed door still sticks, reported in spring.", {"vulnerability": True}, "urgent"),
    ("The hall light still flickers.", {"emergency": True}, "emergency"),
    ("no heating or hot water since friday and nobody has come", {}, "urgent"),
    ("The boiler keeps cutting out, third time this month.", {}, "urgent"),
    ("The heating engineer was rude to me on the phone.", {}, "routine"),
])
async def test_a_raised_requests_priority(account, flags, priority):
    assert filing.repair_priority(account, flags) == priority


@pytest.mark.parametrize("month, priority", [(12, "emergency"), (1, "emergency"),
                                             (7, "urgent")])
async def test_no_heating_for_someone_vulnerable_in_the_cold_is_an_emergency(month, priority):
    from datetime import date
    account = "no heating since saturday, my mum is 86 and freezing"
    today = date(date.today().year, month, 15)
    assert filing.repair_priority(account, {"vulnerability": True}, today) == priority
    assert filing.repair_priority(account, {}, today) == "urgent"


# --- 4. A fault logged in this conversation is linked, never raised twice ---

async def log_an_emergency_repair(c: Conversation) -> dict:
    opening = "Smoke is coming out of the fuse box in my hallway and it smells of burning."
    await c.say(opening, "emergency", [{"name": "emergency", "confidence": 0.9}],
                scores=reading(emergency=True))
    assert c.slots["pending"] in ("offer_emergency_repair", "offer_service_request"), \
        c.all_said()
    await c.say("yes do it now", "affirm")
    assert c.active_loop == "service_request_form", c.all_said()
    await answer_the_rest(c, {"sr_location": "22 Quarry Lane, Bradford BD4 7RT, hallway",
                              "sr_access": "I'm in all day", "resident_name": "Lorna Quigley",
                              "contact_details": "07700 900318",
                              "preferred_contact": "phone"})
    return c.reference


async def test_a_complaint_about_the_fault_just_logged_links_that_request(intake_api):
    c = Conversation()
    logged = await log_an_emergency_repair(c)
    assert logged.startswith("SR-")
    await complain(c, "And I want to complain. The electrician who looked at that fuse box "
                      "last month said it was safe and nobody has fixed it properly.")
    assert c.slots.get("about_request") is None  # a complaint of its own, not the offer's
    said = await answer_the_rest(c, dict(ANSWERS))
    complaint = intake_api.case(c.reference)
    assert complaint["kind"] == "complaint"
    assert [r for r in complaint["linked_references"] if r.startswith("SR-")] == [logged]
    assert HOME_QUESTION not in c.all_said()
    assert logged in "\n".join(said) and "carries on" in "\n".join(said)


async def test_a_complaint_about_another_fault_still_raises_its_own_request(intake_api):
    c = Conversation()
    logged = await log_an_emergency_repair(c)
    await complain(c, "Separate thing, I want to complain that the bath tap has been leaking "
                      "since spring and nobody has come despite two calls.")
    await answer_the_rest(c, {**ANSWERS,
                              "postal_address": "22 Quarry Lane, Bradford BD4 7RT"})
    complaint = intake_api.case(c.reference)
    raised = raised_request(intake_api, complaint)
    assert raised["reference"] != logged
    assert "tap" in raised["service_request"]["description"]
