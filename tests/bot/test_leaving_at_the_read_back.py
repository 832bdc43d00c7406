"""'No, that's all' at the read-back (played resident s-03, 3 December): the NLU read it as
goodbye, the assistant said "Take care" and the complaint, read back but not sent, was
lost. A goodbye now ends nothing that is waiting on the resident; and "I meant yes, that is
right", when asked which part to change, confirms. Conversations run through the real
actions and are filed with the real intake API. The wording here is our own.
"""

from __future__ import annotations

import pytest
from conversation import Conversation
from helpers import reading

from actions.answers import nothing_to_change

pytestmark = pytest.mark.asyncio

OPENING = ("Your joiner was meant to come on the 4th and the 11th to fix my bedroom window "
           "and nobody turned up either day. I took both days off work for nothing.")
ANSWERS = {"more_points": "no", "complaint_started": "early this month",
           "desired_outcome": "the window fixed and my lost wages paid",
           "resident_name": "Iris Mabbutt", "contact_details": "07700 900318",
           "preferred_contact": "phone", "postal_address": "3 Linnet Way, Hull HU5 2RD"}


async def up_to_the_read_back(c: Conversation) -> None:
    await c.say(OPENING, "complaint", [{"name": "complaint", "confidence": 0.9}],
                scores=reading(prior_report=True))
    await c.say("yes", "affirm")
    for _ in range(20):
        slot = c.slots.get("requested_slot")
        if c.active_loop and slot:
            await c.say(ANSWERS.get(slot, "no"), "enquiry")
        else:
            break
    assert c.slots.get("pending") == "confirm", c.all_said()


@pytest.mark.parametrize("reply", ["No, that's all.", "thanks bye", "ok ta ra"])
async def test_a_goodbye_at_the_read_back_asks_before_anything_is_lost(intake_api, reply):
    c = Conversation()
    await up_to_the_read_back(c)
    said = await c.say(reply, "goodbye")
    assert c.slots.get("pending") == "confirm" and c.reference is None, said
    assert "shall i send it" in " ".join(said).lower()
    await c.say("yes", "affirm")
    case = intake_api.case(c.reference)
    assert case["kind"] == "complaint" and case["definition"]["confirmed"] is True


@pytest.mark.parametrize("reply", ["Oh sorry dear, I meant yes, that is right",
                                   "Nothing needs changing dear, it is all correct",
                                   "no changes", "leave it as it is"])
async def test_nothing_to_change_after_all_sends_it(intake_api, reply):
    c = Conversation()
    await up_to_the_read_back(c)
    await c.say("change", "deny")
    assert c.active_loop == "correction_form"
    said = await c.say(reply, "affirm")
    assert c.reference is not None, said
    case = intake_api.case(c.reference)
    assert case["definition"]["confirmed"] is True
    assert "window" in " ".join(case["definition"]["points"])


@pytest.mark.parametrize("said", ["the outcome is not right", "change my phone number",
                                  "what went wrong, you missed the 11th", "no"])
async def test_a_part_to_change_is_not_nothing_to_change(said):
    assert not nothing_to_change(said)


async def test_a_goodbye_with_nothing_waiting_is_a_goodbye(intake_api):
    c = Conversation()
    said = await c.say("bye", "goodbye")
    assert "take care" in " ".join(said).lower()
