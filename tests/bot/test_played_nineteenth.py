"""Faults found by the residents played in the nineteenth session
(eval/played/2026-12-05-nineteenth/) and in retired blind v22. Each test is written in our
own words; conversations run through the real actions and the real intake API."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conversation import Conversation
from helpers import reading
from test_conversation_answers import answer_the_rest
from test_leaving_at_the_read_back import up_to_the_read_back

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from actions import answers, wording
from actions.case import is_contact_preference

POLICY = {"out_of_hours_phone": "0800 000 0000"}


@pytest.mark.parametrize("line", [
    "Dad is Mr Harold Mensah, 3 Rowan Court, Leeds LS6 2AB.",
    "I support an older lady who is one of your tenants, she has dementia.",
    "We're helping a household of yours.",
    "I am instructed by my client to make a formal complaint about her service charge.",
    ("For the avoidance of doubt, no legal proceedings have been issued and we would like "
     "this dealt with through your complaints procedure."),
])
def test_who_a_worker_writes_for_and_a_solicitors_frame_are_no_points(line):
    assert answers.introduces_writer(line)


@pytest.mark.parametrize("line", [
    "I support a young man who is one of your tenants and your officer shouted at him.",
    "Dad is Mr Mensah and he has been left without heating since Monday.",
    "I am helping a family of yours, they have rats and nobody came back.",
])
def test_the_same_introductions_with_a_grievance_stay_points(line):
    assert not answers.introduces_writer(line)


@pytest.mark.parametrize("said, kept", [
    ("Ring me on 07700 900321, mornings before 11 are best", "mornings before 11 are best"),
    ("My landline is 0113 496 0123 but I am often out", "I am often out"),
    ("my email is kim@example.com", ""),
    ("07700 900322 - please don't leave voicemails", "please don't leave voicemails"),
])
def test_the_words_leading_up_to_a_number_go_with_it(said, kept):
    assert answers.without_contact_details(said) == kept


@pytest.mark.parametrize("text", ["obvs", "ofc", "once its fixed yes, they never came last time",
                                  "when it's safe yeah"])
def test_yes_in_other_words(text):
    assert answers.is_yes(text)


def test_a_conditional_no_is_not_yes():
    assert not answers.is_yes("once I know more, no")


def test_ill_keep_it_on_me_is_no_illness():
    assert is_contact_preference("How to contact, in their words: mobile is fine, ill keep it "
                                 "on me")


def test_a_burning_socket_is_told_to_switch_off_at_the_fuse_box():
    said = wording.emergency_signpost(POLICY, "the plug socket in my kitchen is scorched and "
                                      "smells of burning")
    assert "fuse box" in said and "Stop using" in said


def test_sick_of_it_is_no_carbon_monoxide_sign():
    said = wording.emergency_signpost(POLICY, "boiler has gone off again and im sick of it")
    assert "fresh air" not in said


def test_heating_and_hot_water_not_working_get_the_cold_advice_not_the_stopcock():
    said = wording.emergency_signpost(POLICY, "My heating and hot water haven't worked since "
                                      "Friday and my son is poorly")
    assert "stopcock" not in said and "keep one room warm" in said


def test_stairs_someone_cannot_climb_are_no_fall_hazard():
    said = wording.emergency_signpost(POLICY, "lift is out again, I'm on the 7th and can't "
                                      "manage stairs")
    assert "block it off" not in said
    said = wording.emergency_signpost(POLICY, "a stair tread has come away and is missing")
    assert "block it off" in said


def test_a_reference_of_theirs_is_not_said_to_carry_a_repair():
    from actions.phrases import phrase
    assert "repair" not in phrase("utter_logged_their_reference", reference="TR-1189").lower()


@pytest.mark.parametrize("text, index", [
    ("The second point should say: I phoned on the 3rd and the 9th", 1),
    (("Thanks. But the first point is muddled: it should say that the window has not shut "
     "since June"), 0),
])
def test_a_named_point_is_put_in_their_words(text, index):
    points = ["The window has not shut", "I phoned twice", "Nobody came"]
    rewritten = answers.point_rewritten(points, text)
    assert rewritten is not None and len(rewritten) == 3
    assert rewritten[index] != points[index]
    assert [p for i, p in enumerate(rewritten) if i != index] == [
        p for i, p in enumerate(points) if i != index]



async def reply_at_the_read_back(text: str, intent: str) -> tuple[Conversation, list[str],
                                                                  list[str]]:
    """A complaint up to its read-back, then this reply: the conversation, the points
    read back, and what the assistant said to the reply."""
    c = Conversation()
    await up_to_the_read_back(c)
    before = list(c.slots.get("complaint_points") or [])
    return c, before, await c.say(text, intent)


@pytest.mark.asyncio
async def test_a_contact_wish_at_the_read_back_changes_the_contact_not_a_point(intake_api):
    c, before, said = await reply_at_the_read_back(
        "Not quite. I asked to be written to by letter, not telephoned, as I can't hear well on "
        "the phone.", "deny")
    assert c.slots.get("complaint_points") == before, said
    assert c.slots.get("preferred_contact") == "letter", said
    await c.say("yes", "affirm")
    case = intake_api.case(c.reference)
    assert case["complainant"]["preferred_contact"] == "letter"


@pytest.mark.asyncio
async def test_the_third_point_should_say_replaces_it(intake_api):
    c = Conversation()
    await up_to_the_read_back(c)
    points = list(c.slots.get("complaint_points") or [])
    assert points
    which = ["first", "second", "third"][min(len(points), 3) - 1]
    said = await c.say(f"The {which} point should say: the joiner never came on either day "
                       "and I lost two days' pay", "inform")
    now = c.slots.get("complaint_points")
    assert len(now) == len(points), said
    assert "joiner never came on either day" in now[min(len(points), 3) - 1]
    assert not any("should say" in p for p in now)


@pytest.mark.asyncio
async def test_a_fault_left_for_weeks_is_offered_the_complaint_once_logged(intake_api):
    c = Conversation()
    await c.say("the bathroom extractor has been broken for 5 weeks", "service_request",
                [{"name": "service_request", "confidence": 0.9}], scores=reading())
    await c.say("yes", "affirm")
    replies = {"sr_location": "14 Hazel Road, Hull HU3 1AA, bathroom", "sr_access": "any time",
               "sr_priority": "can wait", "resident_name": "Pat Reyes",
               "contact_details": "07700 900325", "preferred_contact": "phone"}
    await answer_the_rest(c, replies)
    assert c.reference and c.reference.startswith("SR-"), c.all_said()
    assert c.slots.get("pending") == "offer_complaint_about_request", c.all_said()


@pytest.mark.asyncio
async def test_already_logged_part_way_through_the_repair_offers_the_complaint(intake_api):
    c = Conversation()
    await c.say("the pipe under my bathroom basin is leaking", "service_request",
                [{"name": "service_request", "confidence": 0.9}], scores=reading())
    if c.slots.get("pending") == "offer_service_request":
        await c.say("yes", "affirm")
    assert c.active_loop == "service_request_form", c.all_said()
    said = await c.say("hang on its already logged, i rang a fortnight ago and they never came",
                       "complaint")
    assert c.active_loop != "service_request_form", said
    assert c.slots.get("pending") == "offer_complaint", said
    assert c.slots.get("prior_report") is True
    assert c.reference is None  # no second request


@pytest.mark.asyncio
async def test_no_to_the_complaint_about_a_logged_repair_does_not_offer_it_again(intake_api):
    c = Conversation()
    await c.say("still no hot water\n2nd week\nrubbish", "complaint",
                [{"name": "complaint", "confidence": 0.9}], scores=reading(prior_report=True))
    assert c.slots.get("pending") == "offer_complaint", c.all_said()
    await c.say("no", "deny")
    assert c.slots.get("pending") == "offer_service_request", c.all_said()
    said = await c.say("its already logged. 2 weeks ago.", "inform")
    assert c.slots.get("pending") == "offer_complaint", said
    said = await c.say("no", "deny")
    assert c.slots.get("pending") != "offer_service_request", said
    assert not any("log it so we can sort it out" in s for s in said), said


@pytest.mark.parametrize("text", [("Not this second, but if he needed an ambulance I don't "
                                  "know how they'd get him down"), "not at this moment no"])
def test_not_this_second_is_no_danger_now(text):
    assert answers.danger_answer(text) is False


def test_a_fire_elsewhere_that_worried_them_is_not_the_nets():
    from actions.triage import safety_net
    assert not safety_net("Since the fire at the flats on Mill Road I've been checking our "
                          "fire doors and half of them are wedged open")
    assert safety_net("the fire at the flats on Mill Road is spreading to our roof")


def test_after_no_one_is_in_danger_a_later_answer_needs_the_gravest_words():
    from actions.triage import Triage
    from actions.triage_slots import next_triage
    previous = Triage("complaint", emergency=False, on_behalf=False, prior_report=False,
                      vulnerability=False, confidence=0.9)
    sure = {"p": {"emergency": 0.95}, "flags": {"emergency": True}}
    slots = {"danger_denied": True, "requested_slot": "more_points"}
    after, _ = next_triage(previous, slots, "the water has gone on my hall carpet too and it "
                           "smells", "inform", [], "complaint_form", sure)
    assert after.emergency is False
    after, _ = next_triage(previous, slots, "and now I can smell gas in the hall as well",
                           "inform", [], "complaint_form", sure)
    assert after.emergency is True
    slots = {"requested_slot": "more_points"}
    after, _ = next_triage(previous, slots, "the water is coming across my hall carpet now and "
                           "it smells", "inform", [], "complaint_form", sure)
    assert after.emergency is True  # not asked before: the sure reading of now still counts
    after, _ = next_triage(previous, slots, "and he left water all over the bathroom floor",
                           "inform", [], "complaint_form", sure)
    assert after.emergency is False  # the sure reading alone, of nothing now


@pytest.mark.parametrize("text", ["I don't like to make a fuss. No, just get the boiler going.",
                                  "I don't want to cause trouble. No thanks."])
def test_a_no_after_a_hesitation_is_a_no(text):
    assert answers.is_no(text) and not answers.is_yes(text)


def test_thanks_then_what_about_the_lift_is_no_compliment():
    from actions.triage import triage_message
    t = triage_message("Thank you. But what about the lift? It's broken again today.",
                       [{"name": "compliment", "confidence": 0.6},
                        {"name": "service_request", "confidence": 0.3},
                        {"name": "complaint", "confidence": 0.1}])
    assert t.label != "compliment"


@pytest.mark.asyncio
async def test_no_to_a_complaint_about_the_repair_just_logged_is_not_offered_it_again(
        intake_api):
    c = Conversation()
    await c.say("the lift in my block is broken", "service_request",
                [{"name": "service_request", "confidence": 0.9}], scores=reading())
    if c.slots.get("pending") == "offer_service_request":
        await c.say("yes", "affirm")
    replies = {"sr_location": "Oak Tower, Hull HU1 2AB, the main lift", "sr_access":
               "communal", "sr_priority": "urgent", "resident_name": "Len Fisher",
               "contact_details": "07700 900326", "preferred_contact": "phone"}
    await answer_the_rest(c, replies)
    assert c.reference and c.reference.startswith("SR-"), c.all_said()
    if c.slots.get("pending"):
        await c.say("no", "deny")
    said = await c.say("A week on Monday? That's over a week stuck in my flat. Not good "
                       "enough.", "complaint", [{"name": "complaint", "confidence": 0.9}],
                       scores=reading())
    assert c.slots.get("pending") == "offer_complaint", said
    said = await c.say("No thank you.", "deny")
    assert c.slots.get("pending") != "offer_service_request", said
    assert any(c.reference in s for s in said), said


REP_ANSWERS = {"more_points": "no", "complaint_started": "in June",
               "desired_outcome": "the charge taken off her account",
               "acting_for": "yes, I am her solicitor", "rep_name": "Ola Dada",
               "rep_relationship": "solicitor at Bramley Law Centre",
               "consent": "I hold her signed authority", "resident_name": "Mrs Ines Varga",
               "contact_details": "ola@example.com", "preferred_contact": "letter",
               "postal_address": "7 Saxon Court, Bramley BR9 6TT", "adjustments": "no",
               "reported_before": "yes", "told_before": "in writing in June",
               "linked_reference": "no"}


@pytest.mark.asyncio
async def test_a_solicitors_office_address_is_theirs_not_the_tenants_home(intake_api):
    c = Conversation()
    await c.say("I act for one of your tenants. She has been charged £1,240 for a door entry "
                "system that was never installed at her block.", "complaint",
                [{"name": "complaint", "confidence": 0.9}], scores=reading(on_behalf=True))
    if c.slots.get("pending") == "offer_complaint":
        await c.say("yes", "affirm")
    await answer_the_rest(c, dict(REP_ANSWERS), confirm=False)
    assert c.slots.get("pending") == "confirm", c.all_said()
    said = await c.say("Nearly. Letters must come to me at Bramley Law Centre, 2 Market Street, "
                       "Bramley BR1 1AA, not to her.", "inform")
    assert any("Market Street" in s for s in said), said  # read back to their office
    if c.slots.get("pending") == "confirm":
        await c.say("yes", "affirm")
    case = intake_api.case(c.reference)
    assert case["complainant"]["address"] and "Saxon Court" in case["complainant"]["address"], \
        (said, case["complainant"])
    assert "Market Street" in (case["representative"].get("address") or ""), (said, c.all_said()[-6:])


@pytest.mark.parametrize("note, whose", [
    ("Best time to contact: between 2 and 4 in the afternoon", "representative"),
    ("How to contact, in their words: ring mum after 4, she naps", "complainant"),
])
def test_a_writers_own_contact_times_are_theirs(note, whose):
    from datetime import date

    from helpers import initial_slots

    from actions.case import build_case
    slots = initial_slots(complaint_points=["mould in the bedroom"], acting_for=True,
                          rep_name="Comfort Ade", rep_relationship="carer", consent="given",
                          resident_name="Gerald Whitcombe", contact_details="07700 900327",
                          contact_phone="07700 900327", contact_note=note)
    case = build_case("complaint", slots, [], "c", "rest", {}, date.today())
    other = "complainant" if whose == "representative" else "representative"
    assert case[whose]["contact_note"] and "4" in case[whose]["contact_note"]
    assert not (case[other] or {}).get("contact_note")


@pytest.mark.parametrize("said, relationship, organisation", [
    ("Eastbrook Ward, Hallam City Council", "ward councillor for Eastbrook", "Hallam City Council"),
    ("Cllr Tom Ash, Westgate ward", "ward councillor for Westgate", None),
    ("Caseworker in the office of Jo Bell MP, he is our constituent", "Caseworker",
     "Office of Jo Bell MP"),
])
def test_a_councillors_ward_and_an_mps_office(said, relationship, organisation):
    assert answers.split_relationship(said) == (relationship, organisation)


def test_burst_lines_that_go_on_are_one_point_with_their_lead_in():
    said = ("Your caretaker\nHe came round on Monday about the bikes in the hall\nand shouted "
            "at my son in the stairwell in front of everyone\nand told him he'd be evicted")
    assert answers.split_points(said) == [
        ("Your caretaker: He came round on Monday about the bikes in the hall and shouted at my "
        "son in the stairwell in front of everyone and told him he'd be evicted")]


def test_lines_that_are_matters_of_their_own_stay_apart():
    said = ("The lift has been broken since Friday.\nNobody put a notice up.\n"
            "The stair lights are out as well.")
    assert len(answers.split_points(said)) == 3


@pytest.mark.asyncio
async def test_a_sideways_answer_to_where_is_kept_and_the_place_asked_again(intake_api):
    c = Conversation()
    await c.say("the pipe under my kitchen sink is leaking", "service_request",
                [{"name": "service_request", "confidence": 0.9}], scores=reading())
    if c.slots.get("pending") == "offer_service_request":
        await c.say("yes", "affirm")
    assert c.slots.get("requested_slot") == "sr_location", c.all_said()
    said = await c.say("got a bucket under it for now", "inform")
    assert c.slots.get("requested_slot") == "sr_location", said
    assert "bucket" in (c.slots.get("sr_description") or ""), c.slots.get("sr_description")
    await c.say("8 Mill Lane, Bolton BL1 4DF, kitchen", "inform")
    assert "Mill Lane" in (c.slots.get("sr_location") or "")


@pytest.mark.parametrize("text", ["kitchen", "upstairs bathroom", "the communal stairs",
                                  "outside by the bins", "Flat 3"])
def test_a_room_or_area_is_a_place(text):
    assert not answers.names_no_place(text)


@pytest.mark.parametrize("text", ["whatevers quickest", "whatever's easiest", "up to you"])
def test_whatever_is_quickest_is_no_preference(text):
    assert answers.no_preference(text)


@pytest.mark.asyncio
async def test_the_question_told_after_the_callback_offer_is_kept(intake_api):
    c = Conversation()
    await c.say("service charge", "enquiry", [{"name": "enquiry", "confidence": 0.9}],
                scores=reading())
    assert c.slots.get("pending") == "offer_callback", c.all_said()
    said = await c.say("why has it gone up this year", "enquiry")
    assert c.slots.get("pending") == "offer_callback", said
    assert "gone up" in (c.slots.get("matter_text") or ""), c.slots.get("matter_text")
    assert any("added that" in s for s in said), said


def test_a_solicitors_co_uk_is_no_carbon_monoxide():
    said = wording.emergency_signpost(POLICY, "Email: j.hartley@hartleycole.co.uk. Part of the "
                                      "bathroom ceiling collapsed onto the floor.")
    assert "carbon monoxide" not in said.lower()
    assert "carbon monoxide" in wording.emergency_signpost(POLICY, "my CO alarm is beeping").lower()


@pytest.mark.parametrize("said, removed", [
    ("Please remove the last item about my address; that was not a complaint.", [2]),
    ("take out the first item, it is only my introduction", [0]),
])
def test_items_are_points_to_take_out(said, removed):
    points = ["I write as a tenant of thirty years", "The lift is broken", "NE4 6TQ off my address"]
    kept = answers.points_removed(points, said)
    assert kept == [p for i, p in enumerate(points) if i not in removed]


@pytest.mark.asyncio
async def test_a_name_given_with_the_yes_at_the_read_back_is_the_name_not_a_point(intake_api):
    c, before, _ = await reply_at_the_read_back(
        "YES THATS RIGHT. YOU NEVER ASKED MY SURNAME, MY NAME IS IRIS MABBUTT-COLE", "affirm")
    case = intake_api.case(c.reference)
    assert case["definition"]["points"] == before
    assert "MABBUTT-COLE" in (case["complainant"]["name"] or "").upper()


@pytest.mark.asyncio
async def test_a_town_left_off_the_address_is_added_to_it_not_a_point(intake_api):
    c, before, said = await reply_at_the_read_back(
        "That is right now, although you have left Kingston upon Hull HU5 2RD off my address.",
        "affirm")
    assert c.slots.get("complaint_points") == before, said
    assert "HU5 2RD" in (c.slots.get("postal_address") or ""), c.slots.get("postal_address")


def test_what_i_want_is_the_outcome():
    assert answers.states_outcome("what i want is the kitchen finished this week")


@pytest.mark.parametrize("text", ["THIS IS THE THIRD TIME THE FLAT ABOVE HAS LEAKED",
                                  "this is about my rent"])
def test_this_is_the_third_time_names_nobody(text):
    assert answers.introduced_name(text) is None


@pytest.mark.asyncio
async def test_a_surname_told_in_another_answer_completes_the_name(intake_api):
    c = Conversation()
    await c.say("my bathroom tap is dripping", "service_request",
                [{"name": "service_request", "confidence": 0.9}], scores=reading())
    if c.slots.get("pending") == "offer_service_request":
        await c.say("yes", "affirm")
    replies = {"sr_location": "4 Ash Grove, Hull HU4 6AA, bathroom", "sr_priority": "can wait",
               "sr_access": "any time", "resident_name": "jade",
               "contact_details": "07700 900328. actually my surname is Whitaker if u need it",
               "preferred_contact": "text"}
    asked = []
    for _ in range(20):
        slot = c.slots.get("requested_slot")
        if c.reference or not (c.active_loop and slot):
            break
        asked.append(slot)
        await c.say(replies.get(slot, "no"), "inform")
    assert asked.index("resident_name") < asked.index("contact_details"), asked
    case = intake_api.case(c.reference)
    assert case["complainant"]["name"] == "jade Whitaker", case["complainant"]


@pytest.mark.asyncio
async def test_an_earlier_report_told_to_the_emergency_offer_still_logs_the_repair(intake_api):
    c = Conversation()
    await c.say("my dad is 88 with dementia and his heating and hot water have been off since "
                "Monday", "emergency", [{"name": "emergency", "confidence": 0.9}],
                scores=reading(emergency=True, vulnerability=True))
    if c.slots.get("pending") == "danger_check":
        await c.say("yes, he's freezing", "affirm")
    assert c.slots.get("pending") in ("offer_emergency_repair", "offer_service_request"), \
        c.all_said()
    said = await c.say("I've rung twice and been told someone will call back and nobody has",
                       "inform")
    assert c.active_loop == "service_request_form", said
    assert c.slots.get("complaint_follows") is True
    assert "rung twice" in c.slots.get("matter_text")


def test_hot_water_that_has_been_off_gets_no_stopcock():
    said = wording.emergency_signpost(POLICY, "his heating and hot water have been off since "
                                      "Monday")
    assert "stopcock" not in said


@pytest.mark.asyncio
async def test_has_the_repair_been_logged_is_answered_and_the_repair_offered(intake_api):
    c = Conversation()
    await up_to_the_read_back(c)
    await c.say("yes", "affirm")
    assert c.reference and c.reference.startswith("CMP-")
    said = await c.say("has the repair been logged or just the complaint?", "ask_question")
    assert c.active_loop != "complaint_form", said
    assert c.slots.get("pending") == "offer_service_request", said
    assert any(c.reference in s for s in said), said


@pytest.mark.asyncio
async def test_a_repair_told_while_thanks_are_recorded_is_offered_after(intake_api):
    c = Conversation()
    await c.say("Just wanted to say thanks for fixing my back door lock, the lad was really "
                "polite", "compliment", [{"name": "compliment", "confidence": 0.95}],
                scores=reading())
    assert c.slots.get("requested_slot") == "resident_name", c.all_said()
    said = await c.say("Oh also while I'm on, the extractor fan in the bathroom has packed up",
                       "service_request")
    assert c.slots.get("requested_slot") == "resident_name", said
    assert not any("didn't get your name" in s for s in said), said
    await c.say("Sandra Mensah", "inform")
    for _ in range(4):
        if c.reference:
            break
        slot = c.slots.get("requested_slot")
        said = await c.say({"contact_details": "sandra@example.com",
                            "preferred_contact": "email"}.get(slot, "skip"), "inform")
    assert c.reference and c.reference.startswith("CPL-"), c.all_said()
    assert c.slots.get("pending") == "offer_service_request", said
    assert "extractor fan" in (c.slots.get("matter_text") or "")


@pytest.mark.asyncio
async def test_logged_already_a_danger_and_no_complaint_wanted_logs_the_emergency(intake_api):
    c = Conversation()
    await c.say("There is a smell of burning from the fuse box in my hall, on and off for a "
                "fortnight", "emergency", [{"name": "emergency", "confidence": 0.9}],
                scores=reading(emergency=True))
    if c.slots.get("pending") == "danger_check":
        await c.say("yes", "affirm")
    said = await c.say("It is already logged. An electrician was booked for Thursday and nobody "
                       "came.", "inform")
    assert c.slots.get("pending") == "offer_complaint", said
    said = await c.say("I don't want to get the electrician into trouble. I really only want "
                       "someone to come out.", "inform")
    assert c.active_loop == "service_request_form", said
    assert "burning" in (c.slots.get("matter_text") or ""), c.slots.get("matter_text")
    assert c.slots.get("sr_priority") == "emergency"


def test_only_wanting_it_done_is_no_complaint():
    assert answers.only_wants_it_done("I just want someone to come and fix it")
    assert not answers.only_wants_it_done("I just want someone to come out and I want to "
                                          "complain too")


@pytest.mark.parametrize("said, office", [
    (("No, that is still wrong. Correspondence must go to me at Members' Office, Town Hall, "
     "Market Street, Bradford BD1 1HY."), ("Members' Office, Town Hall, Market Street, Bradford "
     "BD1 1HY")),
    ("Letters to my office please: Unit 4 Gate House, 18 Mill Lane, Newcastle NE4 6QP",
     "Unit 4 Gate House, 18 Mill Lane, Newcastle NE4 6QP"),
    (("Hartley & Cole Solicitors\n14 Castle Street\nNottingham NG1 6AA\n\nOur client: Mrs Grace "
     "Mensah\nProperty: 3 Sherwood Court, Radford, Nottingham NG7 3FB\n\nPlease direct all "
     "correspondence to this office."), "14 Castle Street, Nottingham NG1 6AA"),
])
def test_the_writers_own_address(said, office):
    assert answers.writers_address(said) == office


def test_the_tenants_home_is_not_the_writers_address():
    assert answers.writers_address("She lives at 5 Elswick Row, Newcastle NE4 6SX") is None


def test_if_you_call_me_is_a_need_not_a_wish_to_be_called():
    assert not answers.contact_wish("If you call me, Polish interpreter please. My English on "
                                    "phone is not so good.")
    assert answers.contact_wish("Please call me rather than write")


def test_who_is_at_risk_told_unasked_is_on_the_repair():
    from datetime import date

    from helpers import initial_slots

    from actions.case import build_case
    slots = initial_slots(matter_text="No heating since Friday. My baby is 4 months old.",
                          sr_description="No heating since Friday. My baby is 4 months old.",
                          sr_location="3 Elm Road, Hull HU1 1AA", sr_priority="urgent",
                          resident_name="Kate Bell", contact_phone="07700 900329",
                          contact_details="07700 900329")
    case = build_case("service_request", slots, [], "c", "rest", {}, date.today())
    assert "baby" in (case["service_request"]["at_risk"] or "")
    slots = initial_slots(matter_text="The gate latch is loose.", sr_description="The gate "
                          "latch is loose.", sr_location="3 Elm Road", resident_name="Kate Bell")
    case = build_case("service_request", slots, [], "c", "rest", {}, date.today())
    assert case["service_request"]["at_risk"] is None


@pytest.mark.asyncio
async def test_logged_already_and_no_complaint_offers_to_have_the_team_get_back(intake_api):
    c = Conversation()
    await c.say("bedroom window wont shut, handle snapped", "service_request",
                [{"name": "service_request", "confidence": 0.9}], scores=reading())
    if c.slots.get("pending") == "offer_service_request":
        await c.say("yes", "affirm")
    said = await c.say("oh wait its already logged, i rang wednesday. just want a date",
                       "inform")
    assert c.slots.get("pending") == "offer_complaint", said
    said = await c.say("no no not complaining, just want a date", "deny")
    assert c.slots.get("pending") == "offer_callback", said
    await c.say("yes pls", "affirm")
    for answer in ("Liam Forsyth", "07700 900330", "text", "no"):
        if c.reference:
            break
        await c.say(answer, "inform")
    case = intake_api.case(c.reference)
    assert case["kind"] == "enquiry"
    assert "window" in (case["summary"] or "").lower(), case["summary"]


@pytest.mark.parametrize("said, role", [("I am Mrs Okoro's solicitor.", "solicitor"),
                                        ("I'm her granddaughter", "granddaughter"),
                                        ("Dad's carer", "carer")])
def test_a_relationship_told_in_a_sentence_is_the_role(said, role):
    assert answers.split_relationship(said)[0] == role


def test_a_condition_told_with_the_contact_is_told_not_needed():
    from actions.forms import _preference_slots

    class Slots:
        def get_slot(self, name):
            return None
    said = "phone is ok but i have depression so please be patient"
    notes = _preference_slots(answers.read_contact_preference(said), Slots(), said)
    assert "Told us about: depression" in notes["contact_note"]
    assert "Needs: depression" not in notes["contact_note"]


def test_a_time_before_a_street_is_no_address():
    assert answers.find_address("BINS NOT BEEN EMPTIED FOR 3 WEEKS ON CALDWELL ROAD") is None
    assert answers.find_address("I live at 3 Caldwell Road, Hull HU3 1AB") == \
        "3 Caldwell Road, Hull HU3 1AB"


def test_whether_the_repair_was_logged_is_no_question_answered_part_way():
    # Answered from what was filed (actions/routing.py), never with an empty reply in a form.
    assert answers.asks_what_was_logged("has the repair been logged or just the complaint?")
    assert answers.question_to_us("has the repair been logged or just the complaint?") is None


def test_a_writers_office_given_as_the_postal_address_is_theirs_alone():
    assert answers.writers_address("to me at our office, Unit 4 Gate House, 18 Mill Lane, "
                                   "Newcastle NE4 6QP") == ("Unit 4 Gate House, 18 Mill Lane, "
                                                            "Newcastle NE4 6QP")
