"""What 30 residents played by helpers showed (ninth session), through the readers and,
where the dialogue changed, through the real actions and the real intake API."""

from __future__ import annotations

import pytest
from conversation import Conversation
from test_conversation_answers import answer_the_rest, until_acting_for
from test_retired_v10 import until_read_back

from actions import answers


@pytest.mark.parametrize("text", ["No, it is my own leasehold flat.",
                                  "No, I am writing on my own account",
                                  "No. I'm Priya Sharma, flat 4", "why would i be"])
def test_a_no_with_more_words_is_writing_for_themselves(text):
    assert answers.read_acting_for(text).acting is False


@pytest.mark.parametrize("text", ["no, I'm writing for my mum", "No. My dad is the tenant"])
def test_a_no_that_names_someone_else_is_not(text):
    assert answers.read_acting_for(text).acting is True


@pytest.mark.parametrize("text, kept", [
    ("I've already told you! an apology from her and someone to sort the bins",
     "an apology from her and someone to sort the bins"),
    ("?? already told you. deaf", "deaf"),
    ("As I said, Dad has dementia, contact me not him", "Dad has dementia, contact me not him"),
    ("ive told u this 14 birch court LS9 4QT", "14 birch court LS9 4QT"),
    ("I told you, my hearing", "my hearing"),
    ("As set out in my email: the roof repaired urgently", "the roof repaired urgently"),
    ("Only the large print, as I said.", "Only the large print"),
    ("I just said - BSL interpreter for any meeting", "BSL interpreter for any meeting"),
])
def test_already_told_you_is_not_part_of_the_answer(text, kept):
    assert answers.without_told_you(text) == kept


@pytest.mark.parametrize("text", [
    "I told you the boiler is broken and the engineer never came",  # a report: the matter
    "as i said before the fan is broken",
    "like i said.",  # nothing else there: kept as said
])
def test_told_you_that_is_the_answer_stays(text):
    assert answers.without_told_you(text) == text


@pytest.mark.asyncio
async def test_an_answer_after_already_told_you_is_filed_without_it(intake_api):
    c = Conversation()
    await until_acting_for(c)
    said = await c.say("No, it is my own flat.", "deny")
    assert c.slots["acting_for"] is False, said
    await answer_the_rest(c, {"resident_name": "Brenda Walsh",
                              "contact_details": "07700 900231", "preferred_contact": "phone",
                              "adjustments": "I told you, I'm hard of hearing"})
    case = intake_api.case(c.reference)
    assert case["complainant"]["reasonable_adjustments"].startswith("I'm hard of hearing")
    assert case["flags"]["vulnerability"] is True


@pytest.mark.parametrize("text", ["not rlly. my babys 4 months n shes had a chesty cough",
                                  "Yes also. He was smoking in my flat. I have small child.",
                                  "my youngest has sickle cell and the cold can bring on a crisis",
                                  "black mould in the baby's bedroom"])
def test_a_baby_a_small_child_or_a_named_condition_is_plain_vulnerability(text):
    assert answers.plainly_vulnerable(text)


@pytest.mark.parametrize("text", ["the baby bath is broken", "I waited 4 months"])
def test_baby_things_and_months_alone_are_not(text):
    assert not answers.plainly_vulnerable(text)


def test_a_sign_language_interpreter_is_not_a_spoken_language():
    reading = answers.read_contact_preference("BSL interpreter for any meeting, no phone calls")
    assert reading.language == "British Sign Language (BSL)"
    assert answers.read_contact_preference("Polish interpreter please").language == "Polish"


def test_take_it_out_otherwise_yes_asks_for_a_change():
    assert answers.asks_to_correct("The last bit about my shifts and phone times isn't part of "
                                   "the complaint, please take it out. Otherwise yes.")
    assert not answers.asks_to_correct("yes that is all correct")


@pytest.mark.parametrize("text", ["no. well. yes.", "no. well... ok"])
def test_a_no_taken_back_is_a_yes(text):
    assert answers.is_yes(text) and not answers.is_no(text)


@pytest.mark.asyncio
async def test_a_change_asked_for_at_the_read_back_is_not_filed_as_confirmed(intake_api):
    c = await until_read_back()
    said = await c.say("The last bit isn't part of the complaint, please take it out. "
                       "Otherwise yes.", "affirm")
    assert c.reference is None, said  # nothing filed yet: the change is asked about
    assert not c.slots.get("definition_confirmed")


@pytest.mark.parametrize("text", [
    "I act for Mr Dwayne Fletcher, 5 Orchard Row.",
    "My name is Graham Pearce and I am the tenant at 2 Beacon View, Exeter.",
    "Please log a stage 1 complaint and confirm in writing",
    "Right so I don't normally do this sort of thing",
    "Right so can i complain now or what",
])
def test_who_is_writing_or_asking_to_log_it_is_not_a_point(text):
    assert answers.introduces_writer(text)


@pytest.mark.parametrize("text", [
    "I act for Mr Fletcher and you have ignored him for months",
    "My name is Jo and I am the tenant and nobody has fixed my roof",
    "please log my complaint about the rude officer who shouted at me",
])
def test_an_introduction_with_what_went_wrong_stays_a_point(text):
    assert not answers.introduces_writer(text)


def test_told_u_lot_in_an_emergency_is_told_us_before():
    assert answers.told_us_before("no heating since sat, ive told u lot 3 times already "
                                  "nobodys come, mum is 87")


@pytest.mark.parametrize("text, matter", [
    ("Yes also. He was smoking in my flat. I have small child.",
     "He was smoking in my flat. I have small child."),
    ("You missed that the caretaker was rude to my mum", "The caretaker was rude to my mum"),
    ("And yeah i want to complain.", None),
])
def test_what_anything_else_adds_without_its_reply_words(text, matter):
    assert answers.further_matter(text) == matter


def test_you_missed_that_at_the_read_back_adds_a_point():
    assert answers.addition_asked_for("You missed that the caretaker was rude to my mum") == \
        "The caretaker was rude to my mum."


@pytest.mark.asyncio
async def test_a_complaint_after_the_repair_does_not_ask_the_adjustments_again(intake_api):
    from helpers import reading

    c = Conversation()
    opening = ("Landing light outside flat 20 broken for a fortnight, reported it, job number "
               "4471920, still nothing.")
    await c.say(opening, "service_request", [{"name": "service_request", "confidence": 0.8}],
                scores=reading(prior_report=True))
    await answer_the_rest(c, {"sr_location": "Flat 20, Ash House", "sr_access": "any time",
                              "sr_priority": "can wait", "resident_name": "Dylan Price",
                              "contact_details": "07700 900123", "preferred_contact": "text",
                              "adjustments": "I'm deaf, texts only please"})
    assert c.slots["pending"] == "offer_complaint_about_request", c.all_said()
    await c.say("yes please", "affirm")
    asked: list[str] = []
    for _ in range(12):
        slot = c.slots.get("requested_slot")
        if not (c.active_loop and slot):
            break
        asked.append(slot)
        await c.say({"complaint_started": "two weeks ago",
                     "desired_outcome": "the light fixed"}.get(slot, "no"), "enquiry")
    assert "adjustments" not in asked, asked
    await answer_the_rest(c, {})
    complaint = intake_api.case(c.reference)
    assert "deaf" in complaint["complainant"]["reasonable_adjustments"]


@pytest.mark.asyncio
async def test_a_name_given_with_the_no_is_not_asked_again(intake_api):
    c = Conversation()
    await until_acting_for(c)
    await c.say("No. I'm Priya Sharma, 07700 900273", "deny")
    assert c.slots["acting_for"] is False and c.slots["resident_name"] == "Priya Sharma"
    assert c.slots.get("requested_slot") not in ("resident_name", "contact_details")
    await answer_the_rest(c, {"preferred_contact": "phone"})
    case = intake_api.case(c.reference)
    assert case["complainant"]["name"] == "Priya Sharma"
    assert case["complainant"]["phone"].replace(" ", "").endswith("7700900273")


@pytest.mark.parametrize("text", ["nothing written", "verbal consent only"])
def test_a_consent_reply_given_for_a_name_is_not_a_name(text):
    assert answers.read_name(text).name is None


def test_a_lower_case_name_is_still_a_name():
    assert answers.read_name("karen doyle").name == "karen doyle"
