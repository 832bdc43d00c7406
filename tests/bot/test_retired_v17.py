"""Faults found by reading the retired conversation set v17 (fifteenth session). Each test
is written in our own words."""

from __future__ import annotations

import pytest
from conversation import Conversation
from helpers import reading
from test_retired_v16 import answer_each

from actions import answers

ASB = [{"name": "asb_report", "confidence": 0.85}, {"name": "complaint", "confidence": 0.1}]
ASB_DETAILS = {"asb_description": "no", "asb_when_where": "the flat above, Fridays and Saturdays",
               "resident_name": "Dina Okafor", "contact_details": "07700 900415",
               "preferred_contact": "text"}


async def _report_noise(c: Conversation, adjustments: str = "no") -> list[str]:
    await c.say("The flat above has parties every weekend, music till 4am and shouting on "
                "the landing.", "asb_report", ASB, scores=reading())
    return await answer_each(c, {**ASB_DETAILS, "adjustments": adjustments})


@pytest.mark.asyncio
async def test_a_household_need_told_before_an_asb_report_is_sent_is_filed(intake_api):
    c = Conversation()
    asked = await _report_noise(c, adjustments="a Somali interpreter for anything long please")
    assert "adjustments" in asked
    assert c.slots.get("pending") == "asb_more"
    said = await c.say("Yes. My daughter is two and it wakes her every time.", "enquiry")
    filed = intake_api.case(c.reference)
    assert filed["kind"] == "asb_report", said
    assert filed["flags"]["vulnerability"] is True
    assert "My daughter is two and it wakes her every time." in filed["definition"]["points"]
    assert filed["complainant"]["reasonable_adjustments"].startswith(
        "a Somali interpreter for anything long please")


@pytest.mark.parametrize("reply,intent", [("No", "deny"), ("/deny", "deny"),
                                          ("no that's everything", "deny"),
                                          ("That's about the size of it", "affirm")])
@pytest.mark.asyncio
async def test_nothing_more_sends_the_asb_report_as_it_was(intake_api, reply, intent):
    c = Conversation()
    await _report_noise(c)
    said = await c.say(reply, intent)
    filed = intake_api.case(c.reference)
    assert filed["kind"] == "asb_report", said
    assert len(filed["definition"]["points"]) == 2
    assert filed["flags"]["vulnerability"] is False


# --- An emergency repair asks who at home is at risk -------------------------------------

GAS = [{"name": "emergency", "confidence": 0.9}, {"name": "service_request", "confidence": 0.05}]
REPAIR_DETAILS = {"sr_location": "Flat 2, 14 Vine Street, LS6 2QT", "sr_access": "now",
                  "resident_name": "Lena Ward", "contact_details": "07700 900655",
                  "preferred_contact": "phone"}


async def _emergency_repair(c: Conversation, at_risk: str) -> tuple[list[str], dict]:
    await c.say("the socket in the kitchen sparked and there's a burning smell", "emergency",
                GAS, scores=reading(emergency=True))
    await c.say("yes send someone", "affirm")
    asked = await answer_each(c, {**REPAIR_DETAILS, "sr_at_risk": at_risk})
    return asked, c.slots


@pytest.mark.parametrize("at_risk,vulnerable", [
    ("the kids are in here with me, the baby's only 18 months", True),
    ("yes, my dad lives with me", True),
    ("no", False),
])
@pytest.mark.asyncio
async def test_an_emergency_repair_asks_who_at_home_is_at_risk(intake_api, at_risk, vulnerable):
    c = Conversation()
    asked, _ = await _emergency_repair(c, at_risk)
    assert "sr_at_risk" in asked and "adjustments" not in asked
    filed = intake_api.case(c.reference)
    assert filed["service_request"]["priority"] == "emergency"
    assert filed["flags"]["vulnerability"] is vulnerable
    assert filed["service_request"]["at_risk"] == (at_risk if vulnerable else None)


@pytest.mark.asyncio
async def test_a_routine_repair_is_not_asked_who_is_at_risk(intake_api):
    c = Conversation()
    await c.say("my kitchen tap is dripping", "service_request",
                [{"name": "service_request", "confidence": 0.9}], scores=reading())
    await c.say("yes", "affirm")
    asked = await answer_each(c, {**REPAIR_DETAILS, "sr_priority": "can wait"})
    assert "sr_at_risk" not in asked


# --- A detail put right at the read-back ---------------------------------------------------

def test_a_month_put_right_changes_the_month_not_the_word_after_it():
    points = ["this is the 3rd time from upstairs",
              "reported it in april and again in june, someone came"]
    fixed = answers.detail_fix(points, "its right except it was may not april the first "
                                       "time, sorry im all over the place")
    assert fixed == ["this is the 3rd time from upstairs",
                     "reported it in may and again in june, someone came"]


def test_a_number_put_right_by_a_word_is_not_guessed_at():
    assert answers.detail_fix(["it is the 3rd time"], "it was may not the first time") is None


@pytest.mark.parametrize("reply", ["GET SOMEONE HERE", "just get someone out now"])
@pytest.mark.asyncio
async def test_get_someone_here_to_the_emergency_offer_logs_the_repair(intake_api, reply):
    c = Conversation()
    await c.say("MY DAD IS STUCK IN THE LIFT RIGHT NOW AND THE ALARM BUTTON DOESNT WORK",
                "emergency", GAS, scores=reading(emergency=True))
    said = await c.say(reply, "request_human")
    assert c.active_loop == "service_request_form", said
    assert not any("pass our conversation" in s for s in said)


def test_dont_forget_the_saturdays_is_no_contact_instruction():
    assert answers.contact_instruction("Don't forget the Saturdays.") is None
    assert answers.contact_instruction("yes, don't ring on Saturdays") is not None


# --- What is no matter of complaint ------------------------------------------------------

@pytest.mark.parametrize("said,matter", [
    ("Not sure if this is the right place. The scaffolders start drilling at 7am.",
     "The scaffolders start drilling at 7am."),
    (("I was promised a refund in five days. It is now the 17th. When I rang, the young man "
     "was perfectly civil. I have no complaint about him."),
     "I was promised a refund in five days."),
    ("The letter says I owe £460. I don't understand how this has happened.",
     "The letter says I owe £460."),
    ("Sewage in my bath again, 4th time this year. Im done with this.",
     "Sewage in my bath again, 4th time this year."),
])
def test_where_they_write_and_who_they_have_no_quarrel_with_are_no_points(said, matter):
    points = answers.split_points(said)
    assert matter in points or any(p.startswith(matter) for p in points), points
    assert not any(p.lower().startswith(("not sure", "i have no complaint", "when i rang",
                                          "i don't understand", "im done"))
                   for p in points), points


@pytest.mark.parametrize("said", ["He was polite but never came back.",
                                  "The engineer was rude and left mud everywhere."])
def test_a_matter_with_a_courtesy_in_it_stays(said):
    assert answers.split_points(said) == [said]


@pytest.mark.parametrize("furniture", [
    "From: Lena Hart Sent: 2 March To: Repairs Team Subject: Flat 4 damp Good morning",
    "Kind regards, Lena Hart Tenancy Support Officer, Northgate Support 07700 900321",
    "Yours sincerely, Lena Hart",
    "Lena Hart",
])
def test_a_pasted_emails_furniture_is_no_point(furniture):
    said = f"Nobody has replied to three emails about the damp.\n{furniture}"
    assert answers.split_points(said) == ["Nobody has replied to three emails about the damp."]


def test_thanks_for_nothing_is_still_a_matter():
    said = "Regards to the manager, but the lift has been broken for a month."
    assert answers.split_points(said) == [said]


def test_when_they_work_is_when_not_to_call():
    told = answers.read_contact_preference(
        "Any is fine, but I work Tues to Thurs so Mon or Fri for appointments")
    assert (told.when, told.avoid) == ("Mon or Fri", "Tues to Thurs")


# --- From the residents played in the fifteenth session ----------------------------------

@pytest.mark.parametrize("said", [
    "I'm 34 weeks pregnant and the boiler has broken, no heating",
])
def test_a_danger_the_bot_itself_names_is_asked_about(said):
    from actions import triage
    assert triage.possible_danger(said)


@pytest.mark.parametrize("said", [
    "no heating for 10 weeks now and nobody has come",
])
def test_its_look_alikes_are_not(said):
    from actions import triage
    assert not triage.possible_danger(said)


@pytest.mark.parametrize("said,avoid", [("I can't answer before 5", "before 5"),
                                        ("not 8-9 or 3-4 please", "8-9 or 3-4")])
def test_times_they_cannot_answer_are_to_be_avoided(said, avoid):
    told = answers.read_contact_preference(said)
    assert told.avoid == avoid and told.when is None


@pytest.mark.parametrize("said,matter", [
    ("Since you ask, yes. The bins have not been emptied for 3 weeks.",
     ["The bins have not been emptied for 3 weeks."]),
    ("Well, now you mention it, the caretaker was rude to me", ["The caretaker was rude to me"]),
    ("I believe I have set it out above.", []),
])
def test_a_replys_lead_in_is_no_part_of_the_matter(said, matter):
    assert answers.split_points(said, keep_something=False) == matter


@pytest.mark.parametrize("said", [
    "water coming through my kitchen ceiling\nits right by the light fitting",
    "the power is off and my husbands oxygen concentrator needs it",
    "I use a wheelchair and live on the 9th floor, the lift is broken, Im trapped",
])
def test_more_dangers_told_in_everyday_words_are_asked_about(said):
    from actions import triage
    assert triage.possible_danger(said)


@pytest.mark.parametrize("said", [
    "the lift is broken again, 3rd time",
    "power cut on the estate last night, all fine now",
    "water leaking from the bath onto the floor, the light in the hall is fine",
])
def test_their_look_alikes_are_not_asked_about(said):
    from actions import triage
    assert not triage.possible_danger(said)


@pytest.mark.asyncio
async def test_where_the_water_is_told_next_raises_the_danger(intake_api):
    # Offered the complaint, they say where the water is: the danger is read in both.
    c = Conversation()
    complaint = [{"name": "complaint", "confidence": 0.8}]
    await c.say("water coming through my kitchen ceiling AGAIN, third time you've patched it",
                "complaint", complaint, scores=reading())
    assert c.slots.get("pending") == "offer_complaint"
    said = await c.say("its right by the light fitting", "complaint", complaint,
                       scores=reading())
    assert c.slots.get("emergency") is True, said
    assert "light fitting" in (c.slots.get("matter_text") or "")


def test_me_and_my_daughter_is_their_own_household():
    assert answers.read_acting_for("for me and my daughter").acting is False
    assert answers.read_acting_for("for my daughter, she is the tenant").acting is True


@pytest.mark.parametrize("said,when,avoid", [
    ("any time except Thursdays", None, "Thursdays"),
    ("I'm on shift 6-2 so after 3", "after 3", "6-2"),
])
def test_except_and_on_shift_are_times_to_avoid(said, when, avoid):
    told = answers.read_contact_preference(said)
    assert told.when == when and (told.avoid or "").strip() == avoid


@pytest.mark.parametrize("opening,name", [
    ("hi im writing about my dad Peter Walsh, his door was charged to him", "Peter Walsh"),
    ("on behalf of my mother, Mrs Grace Okafor, 14 Birch Court", "Mrs Grace Okafor"),
    ("im writing for my mum she cant use the stairs", None),
])
def test_a_relative_named_in_the_opening_is_not_asked_for_again(opening, name):
    assert answers.writes_for_someone(opening).resident_name == name


@pytest.mark.asyncio
async def test_a_name_for_the_repairs_place_and_a_number_for_its_access_are_asked_again(
        intake_api):
    c = Conversation()
    await c.say("my kitchen tap is dripping", "service_request",
                [{"name": "service_request", "confidence": 0.9}], scores=reading())
    await c.say("yes", "affirm")
    assert c.slots.get("requested_slot") == "sr_location"
    said = await c.say("Dev Patel", "enquiry")
    assert c.slots.get("requested_slot") == "sr_location", said
    assert c.slots.get("resident_name") == "Dev Patel"
    await c.say("8 Rowan Court, Leeds LS11 5DE, the kitchen", "enquiry")
    said = await c.say("07700 900733", "enquiry")
    assert c.slots.get("requested_slot") == "sr_access", said
    assert c.slots.get("contact_phone") == "07700 900733"
    await c.say("in all night", "enquiry")
    assert c.slots.get("sr_access") == "in all night"


@pytest.mark.parametrize("said", [
    ("Thanks for sorting the lift so fast. I use a wheelchair and was worried I'd be stuck "
     "in all weekend, but the engineer came within the hour."),
    "If there's ever a power cut while mum is on her stairlift, what should she do?",
])
def test_a_fear_or_a_what_if_is_not_asked_about(said):
    from actions import triage
    assert not triage.possible_danger(said)


@pytest.mark.asyncio
async def test_a_complaint_said_part_way_through_a_neighbour_report_is_taken(intake_api):
    c = Conversation()
    await c.say("No 16 has been banging on my door and left a note calling me a grass.",
                "asb_report", ASB, scores=reading())
    assert c.active_loop == "asb_form"
    said = await c.say("I want to make a complaint not another report. Your housing officer "
                       "told him it was me who reported the music.", "complaint")
    assert c.active_loop == "complaint_form", said
    assert c.slots.get("case_kind") == "complaint"
    assert "grass" in (c.slots.get("matter_text") or "")
    assert c.reference is None  # no ASB reference given for it


@pytest.mark.asyncio
async def test_the_electrics_advice_follows_when_the_next_message_puts_the_water_by_a_light(
        intake_api):
    c = Conversation()
    said = await c.say("water is pouring through my kitchen ceiling", "emergency",
                       [{"name": "emergency", "confidence": 0.9}], scores=reading(emergency=True))
    assert not any("switches" in s for s in said)
    said = await c.say("its right by the light fitting", "emergency",
                       [{"name": "emergency", "confidence": 0.6}], scores=reading(emergency=True))
    assert any("Keep away from switches" in s for s in said), said
    said = await c.say("the lights are fine now though", "enquiry")
    assert not any("Keep away from switches" in s for s in said), said
