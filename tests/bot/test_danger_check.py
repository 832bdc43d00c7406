"""An unsure danger reading asks "is anyone in danger right now?" before signposting 999
(actions/triage.py DANGER_SURE, actions/routing.py), through the real actions and the real
intake API."""

from __future__ import annotations

import pytest
from conversation import Conversation

from actions import triage

TAP = "the tap in my kitchen is dripping, can someone come and fix it"
SERVICE = [{"name": "service_request", "confidence": 0.95}]


def unsure(p: float = 0.45) -> dict:
    """The danger head over its recall-first threshold but under DANGER_SURE."""
    return {"flags": {"emergency": True, "on_behalf": False, "prior_report": False,
                      "vulnerability": False},
            "p": {"emergency": p, "on_behalf": 0.0, "prior_report": 0.0, "vulnerability": 0.0}}


def test_only_an_unsure_reading_is_checked():
    assert triage.triage_message(TAP, SERVICE, unsure()).check_danger is True
    assert triage.triage_message(TAP, SERVICE, unsure(triage.DANGER_SURE)).check_danger is False
    # The gravest words and an emergency label are never asked about.
    gas = triage.triage_message("I can smell gas in the hall", SERVICE, unsure())
    assert gas.emergency and not gas.check_danger
    label = triage.triage_message("water pouring through", [{"name": "emergency",
                                                              "confidence": 0.9}], unsure())
    assert label.emergency and not label.check_danger
    calm = triage.triage_message(TAP, SERVICE, unsure(0.05) | {"flags": {"emergency": False}})
    assert not calm.emergency and not calm.check_danger


def test_the_answer_keeps_or_clears_the_danger():
    asked = triage.triage_message(TAP, SERVICE, unsure())
    assert triage.resolve_question(asked, "danger_check", False).emergency is False
    kept = triage.resolve_question(asked, "danger_check", True)
    assert kept.emergency is True and kept.check_danger is False


@pytest.mark.asyncio
async def test_no_danger_goes_on_as_a_routine_repair_without_999(intake_api):
    c = Conversation()
    said = await c.say(TAP, "service_request", SERVICE, scores=unsure())
    assert c.slots["pending"] == "danger_check"
    assert not any("999" in s for s in said) and "danger" in said[-1]
    said = await c.say("no, nobody's in danger", "deny")
    assert c.slots["emergency"] is False and c.slots["check_danger"] is False
    assert not any("999" in s for s in said)
    assert c.active_loop == "service_request_form"
    assert c.slots["sr_priority"] != "emergency"


@pytest.mark.asyncio
async def test_an_unsure_emergency_label_is_checked_and_a_no_carries_on_as_a_complaint(
        intake_api):
    # "Blocked again, third time": the label leans to emergency, not surely; the danger is
    # asked about, and a no carries on with the substance (here a complaint), no 999.
    c = Conversation()
    leaning = [{"name": "emergency", "confidence": 0.5}, {"name": "complaint", "confidence": 0.4}]
    said = await c.say("drain by my back door blocked agen and stinks, 3rd time I've said, "
                       "not acceptable", "emergency", leaning, scores=unsure(0.3))
    assert c.slots["pending"] == "danger_check" and not any("999" in s for s in said)
    said = await c.say("no", "deny")
    assert c.slots["emergency"] is False and c.slots["triage_label"] == "complaint"
    assert not any("999" in s or "emergency repair" in s for s in said)
    assert c.slots["pending"] == "offer_complaint", said


@pytest.mark.asyncio
async def test_nobody_in_other_words_is_a_no(intake_api):
    c = Conversation()
    await c.say(TAP, "service_request", SERVICE, scores=unsure())
    await c.say("we're fine thanks, it's just annoying", "enquiry")
    assert c.slots["emergency"] is False


@pytest.mark.asyncio
async def test_yes_signposts_and_keeps_the_danger(intake_api):
    c = Conversation()
    await c.say("water is dripping from the kitchen light", "service_request", SERVICE,
                scores=unsure())
    said = await c.say("yes it's near the light switch", "affirm")
    assert c.slots["emergency"] is True
    assert any("999" in s for s in said)
    assert c.active_loop == "service_request_form"
    assert c.slots["sr_priority"] == "emergency"


@pytest.mark.asyncio
@pytest.mark.parametrize("sideways", ["flat 12 oak house SE15 3RR", "wat do u mean"])
async def test_a_reply_that_is_not_an_answer_is_asked_once_more(intake_api, sideways):
    c = Conversation()
    await c.say(TAP, "service_request", SERVICE, scores=unsure())
    said = await c.say(sideways, "enquiry")
    assert c.slots["pending"] == "danger_check" and c.slots["emergency"] is True
    assert not any("999" in s for s in said) and "yes or no" in said[-1]
    said = await c.say("no", "deny")
    assert c.slots["emergency"] is False and not any("999" in s for s in said)
    assert c.active_loop == "service_request_form"


@pytest.mark.asyncio
async def test_no_answer_twice_keeps_the_danger(intake_api):
    c = Conversation()
    await c.say(TAP, "service_request", SERVICE, scores=unsure())
    await c.say("wat do u mean", "enquiry")
    said = await c.say("dunno", "enquiry")
    assert c.slots["emergency"] is True and any("999" in s for s in said)


@pytest.mark.asyncio
@pytest.mark.parametrize("reply", ["not in danger exactly but the room's cold, she has a heater",
                                   "no it's not an emergency, a normal repair is fine"])
async def test_not_in_danger_in_other_words_is_a_no(intake_api, reply):
    c = Conversation()
    await c.say(TAP, "service_request", SERVICE, scores=unsure())
    said = await c.say(reply, "enquiry")
    assert c.slots["emergency"] is False and not any("999" in s for s in said)


@pytest.mark.asyncio
async def test_a_request_reported_before_is_asked_about_a_complaint_once_logged(intake_api):
    # The flowchart: reported before, so "are you unhappy with how we've handled it?".
    from test_conversation_answers import answer_the_rest

    c = Conversation()
    await c.say("the drain by my back door is blocked agen, its the 3rd time", "service_request",
                SERVICE, scores={"flags": {"emergency": False}, "p": {"emergency": 0.0}})
    said = await answer_the_rest(c, {"sr_location": "60 Fern Road WS2 7TT", "sr_access": "any",
                                     "sr_priority": "can wait",
                                     "resident_name": "Jo Bloggs",
                                     "contact_details": "07700 900123",
                                     "preferred_contact": "phone"})
    assert "If you've reported this before" in said[-1]
    assert c.slots["pending"] == "offer_complaint_about_request"
    await c.say("yes", "affirm")
    assert c.active_loop == "complaint_form"


@pytest.mark.asyncio
@pytest.mark.parametrize("learned_prior", [False, True])
async def test_a_first_request_is_not_offered_a_complaint(intake_api, learned_prior):
    # Nor when only the learned reading guesses an earlier report: the words must say so.
    from test_conversation_answers import answer_the_rest

    c = Conversation()
    await c.say(TAP, "service_request", SERVICE,
                scores={"flags": {"emergency": False, "prior_report": learned_prior},
                        "p": {"emergency": 0.0}})
    said = await answer_the_rest(c, {"sr_location": "60 Fern Road WS2 7TT", "sr_access": "any",
                                     "sr_priority": "can wait",
                                     "resident_name": "Jo Bloggs",
                                     "contact_details": "07700 900123",
                                     "preferred_contact": "phone"})
    assert not any("Would you like to make a complaint" in s for s in said), said
    assert c.slots["pending"] is None


@pytest.mark.parametrize("slot", ["complaint_started", "acting_for"])
def test_a_short_or_when_answer_never_raises_a_learned_danger(slot):
    # "Today" to "when did this start?" was once read as a danger, and 999 was signposted.
    from actions.triage_slots import next_triage

    previous = triage.Triage("complaint", False, False, False, False, 0.9)
    sure = {"flags": {"emergency": True}, "p": {"emergency": 0.97}}
    after, _ = next_triage(previous, {"requested_slot": slot}, "Today", "enquiry", [],
                           "complaint_form", sure)
    assert after.emergency is False
    told, _ = next_triage(previous, {"requested_slot": "more_points"},
                          "and now water is pouring through the light fitting", "enquiry", [],
                          "complaint_form", sure)
    assert told.emergency is True


def test_not_now_is_a_no_to_the_danger_check():
    from actions.answers import danger_answer

    assert danger_answer("Not now, but kids climb it at night") is False
    assert danger_answer("yes right now, water's by the sockets") is not False
    # What is not happening now is a no; what is happening now stays a danger.
    assert danger_answer("its not leaking right now") is False
    assert danger_answer("it isn't sparking at the moment") is False
    assert danger_answer("it's pouring through right now") is not False


@pytest.mark.parametrize("said, gas_advice", [
    ("theres a rotten egg smell behind the cooker, worse since this morning", True),
    ("i told them on monday it smelt of gas", True),
    ("I can smell gas in the hall", True),
    # Played residents r-03 and r-09: a pilot light with no smell got the gas advice.
    ("the pilot light is always on, no smell of gas", False),
    ("not gas, its a burning smell from the socket", False),
])
def test_gas_advice_follows_gas_told_as_a_danger(said, gas_advice):
    from actions import wording

    assert ("National Gas Emergency" in wording.emergency_signpost({}, said)) is gas_advice


# The advice fits the danger (played residents u-01, u-02, u-10 and s-07, 3 December):
# no stopcock for no heating, rain through the roof or a leak from the flat above; keep
# warm when the heating is off; keep away from sparking wires.
@pytest.mark.parametrize("said, advice, not_advice", [
    ("no heating or hot water and the baby is 3 weeks old", "keep one room warm", "stopcock"),
    ("rain is pouring in through the roof onto the landing", "bulging or sagging", "stopcock"),
    ("water dripping through my ceiling from the flat upstairs", "flat above", "stopcock"),
    ("a pipe has burst under the sink and there's water everywhere", "stopcock", "flat above"),
    ("the wires behind the cooker are sparking", "away from the wires", "stopcock")])
def test_the_danger_advice_fits_the_danger(said, advice, not_advice):
    from actions import wording

    text = wording.emergency_signpost({}, said)
    assert advice in text and not_advice not in text, text
