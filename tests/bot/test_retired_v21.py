"""Faults found by reading the retired conversation set v21 (eighteenth session). Each test
is written in our own words."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conversation import Conversation
from test_conversation_answers import answer_the_rest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from actions import answers
from actions.case import preferred_contact

ASB = [{"name": "asb_report", "confidence": 0.9}]
COMPLAINT = [{"name": "complaint", "confidence": 0.9}]


@pytest.mark.asyncio
async def test_a_person_asked_for_at_the_contact_question_still_files_the_report(intake_api):
    c = Conversation()
    await c.say("Somebody has scratched abuse into my car and front door overnight, I've got "
                "photos and I'm scared", "asb_report", ASB)
    await c.say("outside my flat, last night after midnight", "inform")
    await c.say("Dee Okoro", "inform")
    await c.say("07700 900555", "inform")
    said = await c.say("person", "request_human")
    assert "went wrong" not in " ".join(said), said
    case = intake_api.case(c.reference)
    assert case["kind"] == "asb_report"
    assert case["complainant"]["preferred_contact"] is None


@pytest.mark.asyncio
async def test_rather_speaking_to_someone_is_the_phone_not_a_handover(intake_api):
    c = Conversation()
    await c.say("Someone keeps kicking my door at night and shouting through the letterbox",
                "asb_report", ASB)
    await c.say("my front door, most nights about 2am", "inform")
    await c.say("Priya Shah", "inform")
    await c.say("07700 900556", "inform")
    said = await c.say("Phone please, I'd rather speak to someone", "request_human")
    assert "pass our conversation" not in " ".join(said), said
    assert c.slots.get("preferred_contact") == "phone"


@pytest.mark.parametrize("text, slot", [
    (("Is my housing officer even a real person? Asking for me. Nine voicemails and two emails "
      "since June and not one reply."), "complaint_point"),
    ("Phone, I would rather talk to someone than type", "preferred_contact"),
])
def test_words_about_a_real_person_are_no_request_for_one(text, slot):
    assert not answers.asks_for_person_in_answer(text, None, slot)


@pytest.mark.parametrize("text", ["real person please", "can I speak to someone",
                                  "I want to talk to a human"])
def test_a_request_for_a_person_still_is_one(text):
    assert answers.asks_for_person_in_answer(text, None, "complaint_point")


def test_a_way_the_api_does_not_take_is_never_filed():
    policy = {"contact_methods": ["phone", "email", "sms", "letter"]}
    assert preferred_contact({"preferred_contact": "person"}, policy) is None
    assert preferred_contact({"preferred_contact": "sms"}, policy) == "sms"


@pytest.mark.parametrize("text", ["I think yes. These letters frighten me.",
                                  "i believe yes, go ahead"])
def test_i_think_yes_is_yes(text):
    assert answers.is_yes(text)


@pytest.mark.parametrize("text", ["Complain to who, you or the DWP? It's their cut isn't it",
                                  "who do I complain to about that",
                                  "complain to you or the council?"])
def test_who_to_complain_to_is_a_question_answered(text):
    assert answers.question_to_us(text) == "who_to"


def test_a_question_about_who_does_what_is_not_that_question():
    assert answers.question_to_us("is it you or the council that empties the bins?") is None


@pytest.mark.asyncio
async def test_who_to_complain_to_is_answered_and_the_offer_asked_again(intake_api):
    c = Conversation()
    said = await c.say("My housing benefit went down and now I'm in arrears with you and "
                       "nobody warned me, it's not fair", "complaint", COMPLAINT)
    assert c.slots.get("pending") == "offer_complaint", said
    said = await c.say("Complain to who, you or the DWP?", "ask_question")
    assert "dwp" in " ".join(said).lower(), said
    assert c.slots.get("pending") == "offer_complaint", said


def test_a_lift_alarm_that_does_not_connect_is_a_failure_behind_the_danger():
    assert answers.told_us_before("my dad is stuck in the lift and the alarm button isnt "
                                  "connecting to anyone")
    assert not answers.told_us_before("my dad is stuck in the lift, please help")


@pytest.mark.parametrize("text", [
    "Patrick prefers short letters and finds calls from the rent team frightening.",
    "No unexpected phone calls to her please - write to her, copy me in.",
])
def test_a_need_about_contact_told_for_the_resident_is_a_need(text):
    assert answers.states_contact_need(text)


def test_a_preferred_language_is_a_language_need():
    assert answers.names_an_adjustment("He reads English fine but prefers Tigrinya on the phone")


def test_someone_elses_name_before_their_role_is_not_the_writers():
    assert answers.introduced_name("I am Mr Okafor's social worker and I write about his "
                                   "heating") is None
    assert answers.introduced_name("I am Jo Bright, support worker") == "Jo Bright"


def test_a_letter_from_a_named_residents_worker_names_both():
    letter = ("Re: Mrs Dorothy Hale, 9 Mill Row - formal complaint\n\nDear Sir or Madam,\n\n"
              "I am Mrs Hale's support worker and I write with her consent about her rent "
              "account.\n\nYours faithfully,\n\nSam Ortiz\nSupport Worker\nsam@example.com")
    who = answers.letter_who(letter)
    assert who is not None
    assert (who.writer, who.resident) == ("Sam Ortiz", "Mrs Dorothy Hale")


LETTER_END = ("Re: Mr Paul Kemp, 4 Quay Row\n\nDear Sir or Madam,\n\nThe boiler in Mr Kemp's "
              "flat has failed four times since October and each time the engineer resets it "
              "and leaves.\n\nI emailed your repairs team on 2 and 16 November and have had no "
              "reply to either email.\n\n")


@pytest.mark.parametrize("ending, wish", [
    (("Mr Kemp would like:\n- a new boiler fitted;\n- a reply to my emails;\n- one named "
     "officer.\n\nYours faithfully,\n\nAnn Lee\nSupport Worker"), "a new boiler fitted"),
    (("I would ask that you: fit a new boiler; reply to my emails; and explain how my emails "
     "came to be lost twice.\n\nYours faithfully,\n\nAnn Lee"), "explain how my emails"),
    ("I should be grateful for a firm date for the new boiler.\n\nYours faithfully,\n\nAnn Lee",
     "a firm date"),
])
def test_what_a_letter_asks_for_is_the_outcome_not_points(ending, wish):
    points = answers.split_points(LETTER_END + ending)
    assert not any(wish in p for p in points), points
    assert wish in (answers.outcome_sentences(LETTER_END + ending) or "")
    assert any("failed four times" in p for p in points)


def test_a_need_about_calls_in_a_letter_is_no_point():
    points = answers.split_points(LETTER_END + "Mr Kemp finds unexpected phone calls very "
                                  "difficult.\n\nYours faithfully,\n\nAnn Lee")
    assert not any("phone calls" in p for p in points), points


def test_a_yes_with_definitely_leaves_no_word_of_it():
    assert answers.further_matter("yes def, they just left it like that") == \
        "they just left it like that"


@pytest.mark.parametrize("text", ["black mould where my 2 yr old sleeps",
                                  "I also have panic attacks so this is hard"])
def test_a_toddler_by_age_and_panic_attacks_are_vulnerability(text):
    assert answers.plainly_vulnerable(text)


def test_a_broken_car_park_barrier_is_a_repair_still_to_do():
    assert answers.about_unfixed_repair("the barrier on the car park has been stuck up since "
                                        "June so anyone parks there")


def test_neighbour_reports_with_nothing_done_are_a_request_still_open():
    assert answers.outstanding_request("I reported my neighbour five times since June for "
                                       "threats. Nothing done.")


@pytest.mark.parametrize("text", ["No repair. Only question.",
                                  "Oh, I don't need anything fixed. Unless I need a form?"])
def test_not_a_repair_to_the_offer_to_pass_a_question_on_wants_the_answer(text):
    assert answers.wants_the_answer(text)


def test_what_the_resident_did_not_do_is_no_failure_of_ours():
    assert answers.report_history("Told the site manager twice. didnt ring you lot") is None
    assert answers.report_history("I rang them and they never rang back")


@pytest.mark.asyncio
async def test_an_address_kept_back_is_not_filed_and_voicemails_are_no_email(intake_api):
    c = Conversation()
    await c.say("Someone at your office gave my new address to my ex partner who I fled from. "
                "I want to know who.", "complaint", COMPLAINT)
    await c.say("yes", "affirm")
    await answer_the_rest(c, {
        "complaint_point": "they gave my address out", "complaint_started": "last night",
        "desired_outcome": "tell me who", "acting_for": "me", "resident_name": "Chloe Amber",
        "contact_details": "07700 900768 - don't leave voicemails",
        "preferred_contact": "phone",
        "postal_address": "I'm not typing my address on here after this. You've got it on file"})
    case = intake_api.case(c.reference)
    assert case["complainant"]["address"] is None
    assert case["complainant"]["preferred_contact"] == "phone"
    assert "voicemails" in (case["complainant"]["contact_note"] or "")


def test_voicemail_is_not_email():
    assert answers.read_contact_preference("don't leave voicemails").method != "email"
    assert answers.read_contact_preference("email me").method == "email"
