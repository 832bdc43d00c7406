"""Names, contact details and contact notes as residents give them (faults found when
residents played against the running stack): a name is stored without what came with
it, a phone or email given with the name is not asked for again, a name given in the
opening is used, when to ring is a contact note rather than an adjustment, and someone
who wants letters and has no email is never asked for one. Each conversation runs
through the real actions and is filed with the real intake API. The wording is our own,
in the spirit of what residents sent.
"""

from __future__ import annotations

import pytest
from conversation import Conversation
from test_conversation_answers import answer_the_rest, until_acting_for

from actions.answers import has_no_phone_or_email, introduced_name, read_name
from actions.case import is_contact_preference

WORDS = "How to contact, in their words: "
ASKS_CONTACT = "best phone number or email address"
ASKS_EMAIL = "What email address"
ASKS_NAME = "What is your name?"


# --- The readers ---

@pytest.mark.parametrize("said, name", [
    ("Like I told you before love, Mr Harold Finch", "Mr Harold Finch"),
    ("Marek Nowak, as I said", "Marek Nowak"),
    ("it's Ms Ama Boateng here", "Ms Ama Boateng"),
    ("Dr. Farah Iqbal", "Dr Farah Iqbal"),
    ("dan price, i said", "dan price"),
    ("Ffion Lloyd-Jones, thanks", "Ffion Lloyd-Jones"),
    ("Sorry, Kofi Mensah", "Kofi Mensah"),
])
def test_the_name_is_kept_without_what_came_with_it(said, name):
    assert read_name(said).name == name


def test_a_phone_and_email_given_with_the_name_are_kept_apart():
    reading = read_name("Priya Shah 07911 222333 priya.shah@example.org")
    assert (reading.name, reading.phone, reading.email) == (
        "Priya Shah", "07911 222333", "priya.shah@example.org")
    reading = read_name("Dev Mistry, best to text me on 07400 123987")
    assert (reading.name, reading.phone) == ("Dev Mistry", "07400 123987")


@pytest.mark.parametrize("said, name, other", [
    ("Leon Carter, her grandson. Nan is Ivy Carter", "Leon Carter", "Ivy Carter"),
    ("Helen Ford, my mum is Doris Ford", "Helen Ford", "Doris Ford"),
    ("Tariq Aziz (his nephew)", "Tariq Aziz", None),
])
def test_a_representative_names_themselves_and_whom_they_write_for(said, name, other):
    reading = read_name(said)
    assert (reading.name, reading.other_name) == (name, other)


def test_only_a_number_is_no_name():
    reading = read_name("07911 222333")
    assert reading.name is None and reading.phone == "07911 222333"


@pytest.mark.parametrize("opening, name", [
    ("Hello, my name is Mr Albert Cole and I'm 79. The tap leaks.", "Mr Albert Cole"),
    ("Hi this is Bea Turner from 8 Ash Row, my gutter is hanging off", "Bea Turner"),
    ("I'm Gary from number 6", None),
    ("I'm really fed up with the damp", None),
    ("this is Mill Lane, the lights are out", None),
])
def test_a_name_the_opening_introduces_the_writer_by(opening, name):
    assert introduced_name(opening) == name


@pytest.mark.parametrize("said", ["I haven't got a phone or email", "I don't have either",
                                  "none", "no mobile and no email"])
def test_no_phone_or_email_at_all(said):
    assert has_no_phone_or_email(said)


@pytest.mark.parametrize("said", ["no", "I don't have email", "07700 900123"])
def test_no_email_alone_is_not_no_way_to_reach_them(said):
    assert not has_no_phone_or_email(said)


@pytest.mark.parametrize("note", [
    WORDS + "text only, not after 9pm as the baby is asleep",
    WORDS + "email, I sleep during the day", WORDS + "I'm on nights so afternoons",
    WORDS + "evenings are best", WORDS + "no calls before 11am",
    WORDS + "I work shifts, weekends are better",
])
def test_when_and_why_that_time_is_a_contact_note(note):
    assert is_contact_preference(note)


@pytest.mark.parametrize("note", [WORDS + "ring when my carer is in",
                                  WORDS + "text, I'm deaf, evenings are best"])
def test_a_need_said_with_a_time_stays_an_adjustment(note):
    assert not is_contact_preference(note)


# --- In the conversation ---

@pytest.mark.asyncio
async def test_name_phone_and_email_in_one_answer_are_not_asked_for_again(intake_api):
    c = Conversation()
    await until_acting_for(c)
    said = await answer_the_rest(c, {
        "acting_for": "no", "resident_name": "Priya Shah 07911 222333 priya.shah@example.org",
        "preferred_contact": "email"})
    assert not any(ASKS_CONTACT in s for s in said), said
    complainant = intake_api.case(c.reference)["complainant"]
    assert complainant["name"] == "Priya Shah"
    assert complainant["phone"] == "07911 222333"
    assert complainant["email"] == "priya.shah@example.org"
    assert complainant["preferred_contact"] == "email"


@pytest.mark.asyncio
async def test_a_number_given_with_the_name_is_not_asked_for_again(intake_api):
    c = Conversation()
    await until_acting_for(c)
    said = await answer_the_rest(c, {
        "acting_for": "no", "resident_name": "Dev Mistry, best to text me on 07400 123987",
        "preferred_contact": "text"})
    assert not any(ASKS_CONTACT in s or "What number" in s for s in said), said
    complainant = intake_api.case(c.reference)["complainant"]
    assert (complainant["name"], complainant["phone"]) == ("Dev Mistry", "07400 123987")


@pytest.mark.asyncio
async def test_a_representative_who_names_the_resident_is_not_asked_their_name(intake_api):
    c = Conversation()
    await until_acting_for(c)
    said = await answer_the_rest(c, {
        "acting_for": "yes", "rep_name": "Leon Carter, her grandson. Nan is Ivy Carter",
        "rep_relationship": "grandson", "consent": "not yet",
        "contact_details": "07700 900456", "preferred_contact": "phone"})
    assert not any("name of the person" in s for s in said), said
    case = intake_api.case(c.reference)
    assert case["representative"]["name"] == "Leon Carter"
    assert case["complainant"]["name"] == "Ivy Carter"


@pytest.mark.asyncio
async def test_a_name_said_twice_with_a_protest_is_stored_once(intake_api):
    c = Conversation()
    await until_acting_for(c)
    await answer_the_rest(c, {"acting_for": "no",
                              "resident_name": "Like I told you before love, Mr Harold Finch",
                              "contact_details": "01632 960111", "preferred_contact": "phone"})
    assert intake_api.case(c.reference)["complainant"]["name"] == "Mr Harold Finch"


@pytest.mark.asyncio
async def test_the_name_in_the_opening_is_used_and_not_asked_for(intake_api):
    c = Conversation()
    await until_acting_for(c, first=(
        "Good morning. My name is Mr Albert Cole, I am 79 years of age. The plumber who "
        "came about my kitchen tap was very short with me and left water all over the floor."))
    said = await answer_the_rest(c, {"acting_for": "No, it's for me.",
                                     "contact_details": "01632 960222",
                                     "preferred_contact": "phone"})
    assert not any(ASKS_NAME in s for s in said), said
    assert intake_api.case(c.reference)["complainant"]["name"] == "Mr Albert Cole"


@pytest.mark.asyncio
async def test_letters_and_no_email_never_asks_for_an_email(intake_api):
    c = Conversation()
    await until_acting_for(c)
    said = await answer_the_rest(c, {
        "acting_for": "no", "resident_name": "Mrs Olive Grant",
        "contact_details": "I haven't got an email. Write to me at 5 Rowan Walk, Hull HU3 2PL "
                           "please."})
    assert not any(ASKS_EMAIL in s for s in said), said
    assert not any("What address should we write to" in s for s in said), said
    complainant = intake_api.case(c.reference)["complainant"]
    assert complainant["preferred_contact"] == "letter"
    assert "Rowan Walk" in complainant["address"] and complainant["email"] is None


@pytest.mark.asyncio
async def test_no_phone_or_email_at_all_is_a_letter_to_their_address(intake_api):
    c = Conversation()
    await until_acting_for(c)
    said = await answer_the_rest(c, {
        "acting_for": "no", "resident_name": "Mr Stan Webb",
        "contact_details": "I don't have a phone or email, love",
        "postal_address": "14 Alder Close, Hull HU5 1QQ"})
    assert not any(ASKS_EMAIL in s or "couldn't see a phone number" in s for s in said), said
    complainant = intake_api.case(c.reference)["complainant"]
    assert complainant["preferred_contact"] == "letter"
    assert "Alder Close" in complainant["address"]


@pytest.mark.parametrize("how", ["text, but not after 9pm as the baby is asleep",
                                 "email please, I sleep during the day",
                                 "phone, I work nights so afternoons"])
@pytest.mark.asyncio
async def test_when_to_contact_is_a_note_and_raises_no_adjustment(intake_api, how):
    c = Conversation()
    await until_acting_for(c)
    await answer_the_rest(c, {"acting_for": "no", "resident_name": "Jo Bloggs",
                              "contact_details": "07700 900123 jo.bloggs@example.com",
                              "preferred_contact": how, "adjustments": "no thanks"})
    case = intake_api.case(c.reference)
    assert case["complainant"]["contact_note"]
    assert case["complainant"]["reasonable_adjustments"] is None
    assert case["flags"]["reasonable_adjustments"] is False
