"""Thanks that also asks for something (praise with a small snag, seen when the retired
triage set v7 was read on 3 December): the thanks is recorded as a compliment and the
request is offered as a repair, so neither is lost. Conversations run through the real
actions and are filed with the real intake API. The wording here is our own.
"""

from __future__ import annotations

import pytest
from conversation import Conversation
from helpers import reading
from test_conversation_answers import answer_the_rest

from actions.answers import request_in_praise

pytestmark = pytest.mark.asyncio

PRAISE_AND_SNAG = ("Big thanks to the lads who put up our new garden fence, it looks smart. "
                   "One of the gate hinges squeaks and sticks though, could someone oil it?")


@pytest.mark.parametrize("said, asked", [
    (PRAISE_AND_SNAG, "One of the gate hinges squeaks and sticks though, could someone oil it?"),
    ("cheers 4 the new boiler m8. the old one is still in the shed cud u get it took away",
     "the old one is still in the shed cud u get it took away"),
    (("Lovely new kitchen, thank you. Small thing: the plinth under the sink has come off. "
     "Can it be refitted?"), ("Small thing: the plinth under the sink has come off. "
     "Can it be refitted?"))])
async def test_the_ask_in_a_thank_you_is_found(said, asked):
    assert request_in_praise(said) == asked


@pytest.mark.parametrize("said", [
    "Please pass my thanks on to Karen at the office, she was so patient with me.",
    "The gardeners were brilliant. Could you let their manager know? Thank you.",
    "Thank you so much, the caretaker is a star. Can I nominate him for an award?",
    "Just wanted to say the plumber was wonderful and sorted it in no time."])
async def test_thanks_alone_asks_for_nothing(said):
    assert request_in_praise(said) is None


async def test_thanks_with_a_snag_records_both(intake_api):
    c = Conversation()
    await c.say(PRAISE_AND_SNAG, "compliment", [{"name": "compliment", "confidence": 0.8}],
                scores=reading())
    said = await answer_the_rest(c, {"resident_name": "Gwen Ashby",
                                     "contact_details": "07700 900412",
                                     "preferred_contact": "phone"})
    compliment = intake_api.case(c.reference)
    assert compliment["kind"] == "compliment"
    assert c.slots["pending"] == "offer_service_request", said
    await c.say("yes please", "affirm")
    assert c.active_loop == "service_request_form"
    said = await answer_the_rest(c, {
        "sr_location": "back garden gate, 4 Rowan Close LS6 2PQ",
        "sr_access": "any weekday morning", "sr_priority": "can wait"})
    # The same person, not asked again who they are.
    assert not any("your name" in s.lower() for s in said), said
    repair = intake_api.case(c.reference)
    assert repair["complainant"]["name"] == "Gwen Ashby"
    assert repair["kind"] == "service_request" and repair["reference"] != compliment["reference"]
    assert "gate hinges squeaks" in repair["service_request"]["description"]
    assert "looks smart" not in repair["service_request"]["description"]


async def test_thanks_alone_files_the_compliment_and_offers_nothing(intake_api):
    c = Conversation()
    said = await c.say("Please thank Dev the electrician, he was so patient with my dad.",
                       "compliment", [{"name": "compliment", "confidence": 0.9}],
                       scores=reading())
    assert c.active_loop == "contact_form", said  # who it is from, each question skippable
    said = await answer_the_rest(c, {"resident_name": "skip", "contact_details": "skip"})
    case = intake_api.case(c.reference)
    assert case["kind"] == "compliment" and case["complainant"]["name"] is None
    assert not c.slots.get("pending"), said


async def test_a_compliment_keeps_who_it_is_from_and_how_to_reach_them(intake_api):
    c = Conversation()
    await c.say("The caretaker Ron is a star, the bin store has never looked so good.",
                "compliment", [{"name": "compliment", "confidence": 0.9}], scores=reading())
    await answer_the_rest(c, {"resident_name": "Mo Farah", "contact_details": "07700 900413",
                              "preferred_contact": "txt"})
    case = intake_api.case(c.reference)
    assert case["kind"] == "compliment"
    assert (case["complainant"]["name"], case["complainant"]["phone"],
            case["complainant"]["preferred_contact"]) == ("Mo Farah", "07700 900413", "sms")
