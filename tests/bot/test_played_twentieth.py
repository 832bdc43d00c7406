"""Faults found by the residents played in the twentieth session
(eval/played/2026-12-05-twentieth/) and in retired blind v23. Each test is written in our
own words; conversations run through the real actions and the real intake API."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from conversation import Conversation
from helpers import reading

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from actions import answers, wording
from actions.case import exclusion_reasons, is_contact_preference

POLICY = {"out_of_hours_phone": "0800 000 0000"}
# References the residents quote, in this year's form (never a year fixed in a test).
YEAR = date.today().year


@pytest.mark.parametrize("line", [
    "Did you read anything I just wrote?",
    "Which bit wasn't clear?",
    "You did not answer me.",
    "u changed the wrong bit",
    "Right so I'll try and explain this, bear with me.",
    "bear with me",
])
def test_words_about_the_conversation_are_no_points(line):
    line = line if line[-1] in ".?!" else f"{line}."
    assert answers.split_points(f"{line} The bins have not been emptied for three weeks.") == [
        "The bins have not been emptied for three weeks."]


@pytest.mark.parametrize("line", [
    "sorry im crying as i type this",
    "Sorry i dont usually do this im just at the end of my tether.",
])
def test_tears_and_apologies_are_no_points(line):
    assert answers.feeling_only(line)


@pytest.mark.parametrize("line", [
    "You did not fix the boiler.",
    "Did you read my letter about the leak that nobody has fixed since August?",
])
def test_the_same_shapes_with_a_matter_stay_points(line):
    assert answers.split_points(line) == [line]


@pytest.mark.parametrize("text", ["Thought you'd never ask.", "About time.", "what do you think?",
                                  "Why else would I be writing?"])
def test_a_sarcastic_yes_is_yes(text):
    assert answers.is_yes(text)


def test_a_question_asking_our_view_is_no_yes():
    assert not answers.is_yes("what do you think i should do about it")


def test_a_reply_starting_yes_is_no_request_for_a_person():
    assert not answers.asks_for_person("Yes, somebody has to speak up for her.", "request_human")
    assert answers.asks_for_person("yes, let me speak to a person", "request_human")


def test_the_fire_brigade_on_its_way_is_no_fire():
    said = wording.emergency_signpost(POLICY, "dad is stuck in the lift between floors, the "
                                      "fire brigade are on the way")
    assert "get everyone out" not in said
    said = wording.emergency_signpost(POLICY, "the bin store is on fire")
    assert "get everyone out" in said


@pytest.mark.parametrize("said, when, avoid", [
    ("07700 900111, but please not call in the afternoon 1 until 3, my baby is sleeping",
     None, "in the afternoon 1 until 3"),
    ("ring me, I do school pickup 3 till 4", None, "3 till 4"),
    ("not mornings, afternoons are fine", "afternoons", "mornings"),
])
def test_times_to_avoid(said, when, avoid):
    preference = answers.read_contact_preference(said)
    assert (preference.when, preference.avoid) == (when, avoid)


@pytest.mark.parametrize("told", [
    "The lift at WILLOW COURT has been out of service since November.",
    "I act as her court-appointed deputy and the repairs have not been done.",
    "Under a Court of Protection order I manage her affairs; the boiler is still broken.",
])
def test_a_place_in_capitals_and_a_deputys_order_are_no_legal_proceedings(told):
    assert not exclusion_reasons({"matter_text": told}, [told], 12, date.today())


def test_a_claim_at_court_is_still_flagged():
    told = "We have issued a disrepair claim at the county court."
    assert exclusion_reasons({"matter_text": told}, [told], 12, date.today())


@pytest.mark.asyncio
async def test_a_stage_2_request_asked_about_danger_first_is_the_review(intake_api):
    c = Conversation()
    letter = (f"Subject: Stage 2 review - your ref CMP-{YEAR}-000123\n\nDear Complaints Team,\n\n"
              "I write for Mr Adeyemi, who received your stage 1 response on 2 November and is "
              "not satisfied. Please escalate his complaint to stage 2. The roof still leaks "
              "and the bedroom ceiling is now sagging.\n\nKind regards,\nAnn Lowe, caseworker")
    said = await c.say(letter, "complaint", [{"name": "complaint", "confidence": 0.8}],
                       scores={"flags": {"emergency": True}, "p": {"emergency": 0.3}})
    assert c.slots.get("pending") == "danger_check", said
    said = await c.say("No, not to my knowledge. This is a request for stage 2.", "deny")
    assert c.active_loop == "status_form", said
    assert c.slots.get("case_reference") == f"CMP-{YEAR}-000123", said


@pytest.mark.asyncio
async def test_yes_somebody_has_to_speak_up_for_her_makes_the_complaint(intake_api):
    c = Conversation()
    await c.say("I'm writing about my neighbour at number 6. She's in hospital and your men "
                "changed her locks and took her things, saying the flat was abandoned.",
                "complaint", [{"name": "complaint", "confidence": 0.9}],
                scores=reading(on_behalf=True))
    assert c.slots.get("pending") == "offer_complaint", c.all_said()
    said = await c.say("Yes, somebody has to speak up for her.", "request_human")
    assert c.active_loop == "complaint_form", said
    assert not c.slots.get("asked_for_person"), said


@pytest.mark.asyncio
async def test_water_through_a_light_told_in_an_answer_is_a_danger(intake_api):
    c = Conversation()
    await c.say("bathrm ceiling leakin AGAIN 3rd time i rang since august n nobdy comes",
                "complaint", [{"name": "complaint", "confidence": 0.9}],
                scores=reading(prior_report=True))
    await c.say("ye", "affirm")
    assert c.active_loop == "complaint_form", c.all_said()
    said = await c.say("water comin thru the light fitting in bathrm when upstairs showers. "
                       "guy came in sept n never came bk", "inform")
    assert c.slots.get("emergency") is True, said
    assert any("fuse box" in s or "electric" in s.lower() for s in said), said


def test_an_address_to_how_to_contact_is_no_contact_note():
    assert not answers.says_more_than_method("12 HAWTHORN HOUSE, BRIDGE STREET, DERBY DE1 3LB")
    assert answers.says_more_than_method("letter to 12 Hawthorn House DE1 3LB, not before 10")


@pytest.mark.parametrize("text, place", [
    ("2 kids under 5 and no cooker. thats what", False),
    ("3 weeks now", False),
    ("12 Hawthorn Close", True),
    ("flat 4 Rowan crt, 22 mill lane, leeds LS11 5QT", True),
])
def test_a_count_is_no_house_number(text, place):
    assert answers.names_a_place(text) is place


@pytest.mark.asyncio
async def test_when_they_told_us_given_at_the_reference_question_is_kept(intake_api):
    c = Conversation()
    await c.say("I sent my transfer form in July by recorded delivery and you say you never "
                "got it", "complaint", [{"name": "complaint", "confidence": 0.9}],
                scores=reading(prior_report=True))
    await c.say("yes", "affirm")
    for _ in range(12):
        asked = c.slots.get("requested_slot")
        if asked == "linked_reference" or not c.active_loop:
            break
        replies = {"complaint_what_went_wrong": "they lost my form", "more_points": "no",
                   "complaint_started": "july", "desired_outcome": "find my form",
                   "acting_for": "no", "resident_name": "Ana Lima",
                   "contact_details": "07700 900123", "postal_address": "4 Elm Road, Hull HU1 2AA",
                   "preferred_contact": "phone", "adjustments": "no", "told_before": "yes"}
        await c.say(replies.get(asked, "no"), "inform")
    assert c.slots.get("requested_slot") == "linked_reference", c.all_said()
    said = await c.say("i rang lettings on 12 november and emailed rent accounts on 3 november, "
                       "no reply", "inform")
    assert "12 november" in (c.slots.get("told_before") or ""), said
    assert c.slots.get("linked_reference") != c.slots.get("told_before")


async def mould_complaint_up_to(asked: str, **more: str) -> Conversation:
    """A complaint about mould, answered up to the question for ``asked``."""
    c = Conversation()
    await c.say("the mould in my sons bedroom is back again, reported it 3 times and nobody "
                "came", "complaint", [{"name": "complaint", "confidence": 0.9}],
                scores=reading(prior_report=True))
    await c.say("yes", "affirm")
    replies = {"more_points": "no", "desired_outcome": "treat the mould properly",
               "complaint_started": "september", "acting_for": "no",
               "resident_name": "Dee Holt", "contact_details": "07700 900456",
               "preferred_contact": "phone", **more}
    for _ in range(14):
        slot = c.slots.get("requested_slot")
        if slot == asked or not c.active_loop:
            break
        await c.say(replies.get(slot, "no"), "inform")
    assert c.slots.get("requested_slot") == asked, c.all_said()
    return c


LIFT = "The lift at the block has been broken for three weeks and nobody came."


@pytest.mark.parametrize("line", [
    "Ms Okonjo uses a wheelchair.",
    "Dad has Alzheimer's.",
    "Mr Nowak's first language is Polish.",
    "If you contact him directly, please arrange a Polish interpreter.",
    "Please send all correspondence to this office: Office of Jane Roe MP, London SW1A 0AA.",
    "I haven't actually asked Mark if I can do this yet to be honest.",
    "He's not great with this sort of thing, but I'll talk to him this weekend.",
    "I act as the court-appointed deputy for Ms Amira Khan, 41 Poplar Road, Hull HU4 8TT.",
    "hi, my brother Mark Ellis lives in one of your flats, 6 Sycamore House, Hull HU8 3LE.",
])
def test_who_they_are_how_to_write_and_consent_remarks_are_no_points(line):
    assert answers.split_points(f"{line} {LIFT}") == [LIFT]


@pytest.mark.parametrize("line", [
    "My brother lives in a damp flat and you ignored him.",
    "I act for Mr Fletcher and you have ignored him for months.",
    "The kids are 2 and 4, the cot is the youngest's.",
])
def test_the_same_with_a_matter_or_about_the_writers_home_stay(line):
    assert answers.split_points(f"{line} {LIFT}")[0] == line


def test_the_home_is_the_address_after_the_name_they_act_for():
    letter = ("Good afternoon. I am Jo Price, a solicitor at Price LLP, 22 King Street, Hull HU1 "
              "3BD. I act as the deputy for Ms Amira Khan, 41 Poplar Road, Hull HU4 8TT. Her "
              "front door does not lock.")
    assert answers.residents_address(letter) == "41 Poplar Road, Hull HU4 8TT"
    assert answers.residents_address("Our office is at 5 High Street, Leeds LS1 1AA and the "
                                     "flat at 8 Low Road LS2 2BB leaks.") is None


@pytest.mark.asyncio
async def test_a_relative_named_as_our_tenant_is_not_asked_about_again(intake_api):
    c = Conversation()
    await c.say("hi, my brother Mark Ellis lives in one of your flats, 6 Sycamore House, Hull "
                "HU8 3LE. there are rats in his kitchen and he's reported it 4 times since "
                "october, nobody seems to care", "complaint",
                [{"name": "complaint", "confidence": 0.9}], scores=reading(prior_report=True))
    said = await c.say("yes", "affirm")
    asked = []
    for _ in range(12):
        slot = c.slots.get("requested_slot")
        if not c.active_loop or slot in (None, "resident_name", "rep_name"):
            break
        asked.append(slot)
        said = await c.say({"more_points": "no", "desired_outcome": "get rid of the rats",
                            "complaint_started": "october"}.get(slot, "no"), "inform")
    assert "acting_for" not in asked, asked
    assert c.slots.get("acting_for") is True
    assert c.slots.get("resident_name") == "Mark Ellis"
    assert c.slots.get("rep_relationship") == "brother or sister", said


def test_a_detail_that_stands_twice_is_put_right_where_the_fix_says():
    points = ["rang 3 times, aug, sept n last wk", "1 guy came in sept and never came bk"]
    assert answers.detail_fix(points, "change. the guy came in october not sept") == [
        points[0], "1 guy came in october and never came bk"]
    # with nothing to tell them apart, the first, as before
    assert answers.detail_fix(points, "it was october not sept")[0] == \
        "rang 3 times, aug, october n last wk"


def test_a_count_and_its_month_put_right_together():
    points = ["ive reported the mould 4 times since march and nothing changed"]
    assert answers.detail_fix(points, "its actually 5 times since february, not 4 since march") \
        == ["ive reported the mould 5 times since february and nothing changed"]


@pytest.mark.asyncio
async def test_a_figure_and_a_contact_change_in_one_reply_are_both_made(intake_api):
    from test_leaving_at_the_read_back import up_to_the_read_back
    c = Conversation()
    await up_to_the_read_back(c)
    assert "the 4th and the 11th" in c.slots.get("complaint_points")[0]
    said = await c.say("CHANGE IT. IT WAS THE 5TH NOT THE 4TH. AND EMAIL ME RATHER THAN PHONE",
                       "inform")
    assert "5" in c.slots.get("complaint_points")[0].upper(), said
    assert "4TH" not in c.slots.get("complaint_points")[0].upper(), said
    assert c.slots.get("preferred_contact") == "email", said


def test_well_i_suppose_with_more_is_yes():
    assert answers.is_yes("well i suppose. my son usually does this sort of thing for me but "
                          "hes away")
    assert not answers.is_yes("i suppose it was the wind that did it")


def test_not_phone_i_said_email_is_a_contact_wish():
    assert answers.contact_wish("Not phone, I said email or text. I'm at work")
    assert not answers.contact_wish("I said the boiler was broken")


@pytest.mark.parametrize("place, text, now", [
    ("flat 10 brennan court", "M14 6QT", "flat 10 brennan court, M14 6QT"),
    ("flat 10 brennan court, M14 6QT", "kitchen", "kitchen, flat 10 brennan court, M14 6QT"),
    ("kitchen", "41 Harrow Street flat 2, Leicester LE2 0RS",
     "kitchen, 41 Harrow Street flat 2, Leicester LE2 0RS"),
    ("flat 10 brennan court M14 6QT", "any time, key safe by the door", None),
    ("8 Mill Lane BL1 4DF, kitchen", "the bathroom", None),
    ("flat 10 brennan court", "my son, he's 3", None),
])
def test_the_rest_of_the_place_sent_next_joins_it(place, text, now):
    assert answers.more_of_the_place(place, text) == now


def test_nothing_whatsoever_done_after_reporting_is_our_handling():
    from actions.triage import complains_of_our_handling
    assert complains_of_our_handling("I reported this to my housing officer in September and "
                                     "again in October and nothing whatsoever has been done.")


def test_that_is_what_i_was_told_is_no_point():
    assert answers.split_points("With respect, that is what I was told in September. The "
                                "music from the flat above goes on until 3am every night.") == [
        "The music from the flat above goes on until 3am every night."]


@pytest.mark.asyncio
async def test_a_postcode_sent_after_the_place_is_added_to_it(intake_api):
    c = Conversation()
    await c.say("water coming thru my kitchen ceiling", "service_request",
                [{"name": "service_request", "confidence": 0.9}], scores=reading())
    if c.slots.get("pending") in ("offer_service_request", "danger_check"):
        await c.say("no" if c.slots.get("pending") == "danger_check" else "yes", "inform")
    if c.slots.get("pending") == "offer_service_request":
        await c.say("yes", "affirm")
    for _ in range(4):
        if c.slots.get("requested_slot") == "sr_location":
            break
        await c.say("the ceiling is wet", "inform")
    assert c.slots.get("requested_slot") == "sr_location", c.all_said()
    await c.say("flat 10 brennan court", "inform")
    asked = c.slots.get("requested_slot")
    said = await c.say("M14 6QT", "inform")
    assert "M14 6QT" in c.slots.get("sr_location"), said
    assert c.slots.get("requested_slot") == asked, said
    assert any("added that to where the problem is" in s for s in said), said


@pytest.mark.parametrize("text", ["I have a stammer. Twice this week your call handlers hung up.",
                                  "my son has a stutter and they laughed at him"])
def test_a_stammer_is_plainly_told(text):
    assert answers.plainly_vulnerable(text)


@pytest.mark.parametrize("text", [
    "Not in the sense of an emergency, no, though the open bait boxes worry me.",
    "Not right this second, but if there's ever a fire...",
])
def test_not_in_the_sense_of_an_emergency_is_no_danger(text):
    assert answers.danger_answer(text) is False


@pytest.mark.parametrize("text, organisation", [
    (("Good afternoon, I'm an occupational therapist with Northfield Adult Social Care. I've "
     "assessed one of your tenants"), "Northfield Adult Social Care"),
    ("I am writing on behalf of Sarah Lindqvist MP, who has been contacted by a constituent",
     "Office of Sarah Lindqvist MP"),
    ("I'm a support worker at Riverside Floating Support and I help Alan with his post",
     "Riverside Floating Support"),
    ("I'm a support worker for Mr Jones at number 4", None),
])
def test_where_a_representative_works_from_their_introduction(text, organisation):
    assert answers.writers_organisation(text) == organisation


def test_someone_elses_name_before_a_role_is_not_the_writers():
    assert answers.introduced_name("I am Mr Dobbs' allocated social worker.") is None
    assert answers.introduced_name("I'm Tom Reilly from 4 Ash Court") == "Tom Reilly"


def test_a_stage_2_request_with_no_stage_1_reply_is_not_asked_what_was_wrong_with_it():
    from actions.questions import question_for
    asked, _ = question_for("complaint_point", {
        "escalation_of": f"CMP-{YEAR}-000377",
        "matter_text": "We have had no acknowledgement and no stage 1 response in over seven "
                       "weeks. I now ask that the complaint be escalated to stage 2."})
    assert "stage 2 review to look at" in asked
    asked, _ = question_for("complaint_point", {
        "escalation_of": f"CMP-{YEAR}-000377",
        "matter_text": "I got your stage 1 response and I'm not happy with it."})
    assert "unhappy with in our stage 1 response" in asked


@pytest.mark.parametrize("text", ["No, the letter sets it all out.", "Not beyond the email.",
                                  "Only what's in the letter"])
def test_the_letter_says_it_all_is_nothing_more(text):
    assert answers.refers_to_message(text)


@pytest.mark.asyncio
async def test_a_helpers_introduction_alone_is_asked_what_happened(intake_api):
    c = Conversation()
    said = await c.say("Salam. I am neighbour of Mrs Farida Rahimi, flat 22 Beech House, "
                       "Holloway Road. She speak Dari only, no English. I translate for her. "
                       "She ask me to write.", "service_request",
                       [{"name": "service_request", "confidence": 0.7}],
                       scores=reading(on_behalf=True))
    assert c.active_loop is None, said
    assert not any("I can log that" in s for s in said), said


@pytest.mark.parametrize("said, when, avoid", [
    ("ring me, I'm at work 9 till 5", None, "9 till 5"),
    ("don't phone before 6pm on weekdays", None, "before 6pm on weekdays"),
])
def test_work_hours_and_one_time_to_avoid(said, when, avoid):
    preference = answers.read_contact_preference(said)
    assert (preference.when, preference.avoid) == (when, avoid)


@pytest.mark.parametrize("line", ["I tell you already.",
                                  "Sorry, I know that's not really a complaint.",
                                  "Absolutely fuming.",
                                  "Please contact me in the first instance."])
def test_more_that_is_no_point(line):
    assert answers.split_points(f"{line} {LIFT}") == [LIFT]


@pytest.mark.asyncio
async def test_a_postcode_sent_after_the_address_joins_it(intake_api):
    c = await mould_complaint_up_to("postal_address")
    await c.say("7 Beech Grove, Leeds", "inform")
    asked = c.slots.get("requested_slot")
    said = await c.say("LS11 5QT", "inform")
    assert c.slots.get("postal_address") == "7 Beech Grove, Leeds, LS11 5QT", said
    assert c.slots.get("postcode") == "LS11 5QT"
    assert c.slots.get("requested_slot") == asked, said
    assert not c.slots.get("adjustments"), said


def test_you_have_omitted_that_is_the_matter_without_the_lead_in():
    assert answers.more_points(["The noise goes on all night"], "You have omitted that I am "
                               "worried about repercussions from the neighbour") == [
        "The noise goes on all night", "I am worried about repercussions from the neighbour"]


def test_no_need_to_ring_me_is_no_way_to_contact():
    assert answers.no_contact_needed("You don't need to ring me love, just make sure Dennis "
                                     "hears about it.")
    assert not answers.no_contact_needed("ring me after 5 please")


@pytest.mark.asyncio
async def test_the_praise_sent_after_hello_is_the_compliment(intake_api):
    c = Conversation()
    await c.say("Hi there, I just wanted to say something nice for a change", "compliment",
                [{"name": "compliment", "confidence": 0.9}], scores=reading())
    assert c.active_loop == "contact_form", c.all_said()
    said = await c.say("Our caretaker Dennis has been an absolute star. When I had my hip done "
                       "he carried my shopping up every week because the lift was out",
                       "compliment")
    assert "absolute star" in c.slots.get("matter_text"), said
    assert not c.slots.get("next_matter"), said
    await c.say("Brenda Walsh", "inform")
    said = await c.say("You don't need to ring me love, just make sure Dennis hears about it.",
                       "inform")
    assert c.reference and c.reference.startswith("CPL-"), said
    case = intake_api.case(c.reference)
    assert "absolute star" in case["summary"]
    assert case["complainant"]["preferred_contact"] in (None, "any")


@pytest.mark.parametrize("text, rest", [
    ("oh postcode is LS9 7QT", ""),
    ("Postcode PE1 4DX. Sorry I forget.", ""),
    ("HG1 5AB is the postcode; I neglected to include it. As to your question, no, thank you.",
     "no, thank you"),
    ("im in all day, come now. postcode is NG1 3EH by the way", "im in all day, come now"),
    ("Sheffield S6 4RB. And no, not for me", "no, not for me"),
])
def test_a_postcode_told_in_passing(text, rest):
    told = answers.postcode_told(text)
    assert told is not None and told[1] == rest


@pytest.mark.parametrize("reply, adjustments", [
    ("oh postcode is LS11 5QT", None),
    ("Leeds LS11 5QT. And no, not for me", "none given"),
])
@pytest.mark.asyncio
async def test_a_postcode_told_at_the_next_question_joins_the_address(intake_api, reply,
                                                                      adjustments):
    from actions.case import NONE_GIVEN
    c = await mould_complaint_up_to("adjustments", postal_address="7 Beech Grove")
    said = await c.say(reply, "inform")
    assert "LS11 5QT" in c.slots.get("postal_address"), said
    assert c.slots.get("postcode") == "LS11 5QT", said
    assert c.slots.get("adjustments") == (NONE_GIVEN if adjustments else None), said


def test_twice_to_anything_else_is_more_of_the_last_point():
    assert answers.more_points(["plumber no show"], "twice") == ["plumber no show twice"]
    assert answers.more_points(["plumber no show"], "the bins are never emptied") == [
        "plumber no show", "the bins are never emptied"]


def test_complaint_alone_is_no_danger():
    from test_retired_triage_v17 import ranking

    from actions.triage import triage_message
    t = triage_message("complaint", ranking(complaint=0.9, emergency=0.1),
                       {"p": {"emergency": 0.9}, "flags": {"emergency": True}})
    assert t.emergency is False


def test_an_mp_named_with_the_caseworker_is_not_the_resident():
    assert answers.read_name("Hannah Levy, senior caseworker for Rachel Penrose MP") == \
        answers.NameAnswer(name="Hannah Levy", phone=None, email=None, postcode=None,
                           other_name=None)


@pytest.mark.parametrize("text, only", [("Yes, she signed our authority form", True),
                                        ("Yes she has given consent", True),
                                        ("I'm her daughter, she has agreed", False),
                                        ("I'm his social worker", False)])
def test_consent_told_where_the_relationship_was_asked(text, only):
    assert answers.only_consent(text) is only


@pytest.mark.asyncio
async def test_already_logged_and_i_want_to_complain_starts_the_complaint(intake_api):
    c = Conversation()
    await c.say("stairwell lights", "service_request",
                [{"name": "service_request", "confidence": 0.9}], scores=reading())
    if c.slots.get("pending") == "offer_service_request":
        await c.say("yes", "affirm")
    assert c.active_loop == "service_request_form", c.all_said()
    said = await c.say(f"its already logged mate. ref SR-{YEAR}-000002. ive reported it 3 times. "
                       "i want to complain", "complaint")
    assert c.active_loop == "complaint_form", said
    assert c.reference is None


def test_is_there_any_point_is_unsure_not_no():
    assert answers.unsure_of_offer("is there even any point. how long does it take")
    assert not answers.is_no("is there even any point. how long does it take")


def test_a_way_refused_for_the_resident_is_theirs():
    assert answers.refusal_for_someone_else("grandad is quite deaf so dont phone him")
    assert answers.refusal_for_someone_else("Easy Read for Mr Blake and please don't phone "
                                            "Mr Blake")
    assert not answers.refusal_for_someone_else("please don't ring, I'm at work")
    assert is_contact_preference("Do not contact the resident by phone")


def test_an_ill_child_and_electric_heaters_in_a_long_letter_are_no_carbon_monoxide():
    said = wording.emergency_signpost(POLICY, (
        "The boiler at the flat stopped working on Friday. The family have had no heating or hot "
        "water for over a week. The youngest child has been unwell with a chest infection. They "
        "have been given two small electric heaters but these are not enough."))
    assert "fresh air" not in said
    said = wording.emergency_signpost(POLICY, "we all have headaches since the boiler was "
                                      "serviced")
    assert "fresh air" in said


@pytest.mark.parametrize("line", [
    ("I am writing about a family I am working with, Ms Senait Haile and her three children "
     "(aged 1, 4 and 7), who are your tenants at the above address."),
    ("I have not yet been able to get Ms Haile's written consent for me to act on her behalf as "
     "she does not read English."),
    "I will be visiting her on Tuesday with an interpreter and will get it then.",
    "Ms Haile speaks Tigrinya and will need a Tigrinya interpreter for any contact.",
])
def test_a_social_workers_frame_is_no_point(line):
    assert answers.split_points(f"{line} {LIFT}") == [LIFT]


def test_a_question_after_an_answer_is_split_off():
    assert answers.trailing_question("the boiler. no heating no hot water. but will "
                                     "complaining affect her tenancy??") == (
        "tenancy", "the boiler. no heating no hot water.")
    assert answers.trailing_question("the lift is broken. why?") is None


@pytest.mark.asyncio
async def test_a_question_after_the_way_in_is_answered_and_the_answer_kept(intake_api):
    c = Conversation()
    await c.say("my mums boiler has stopped", "service_request",
                [{"name": "service_request", "confidence": 0.9}], scores=reading())
    if c.slots.get("pending") == "offer_service_request":
        await c.say("yes", "affirm")
    for _ in range(4):
        if c.slots.get("requested_slot") == "sr_access" or not c.active_loop:
            break
        await c.say("4 Elm Road, Hull HU1 2AA, kitchen", "inform")
    assert c.slots.get("requested_slot") == "sr_access", c.all_said()
    said = await c.say("any time after 10, key safe by the door. will complaining affect her "
                       "tenancy?", "inform")
    assert c.slots.get("sr_access") == "any time after 10, key safe by the door.", said
    assert any("tenancy" in s.lower() for s in said), said


@pytest.mark.parametrize("text", [
    ("Someone sprayed racist graffiti on my front door three weeks ago. It's STILL there. I "
     "reported it the same day."),
    "bed bugs again 3rd time this yr. u keep saying its my fault n charging me £95",
])
def test_still_there_after_reporting_and_blame_are_our_handling(text):
    from actions.triage import complains_of_our_handling
    assert complains_of_our_handling(text)


def test_a_neighbour_problem_still_there_unreported_is_not():
    from actions.triage import complains_of_our_handling
    assert not complains_of_our_handling("abandoned car is still there outside no 4")
