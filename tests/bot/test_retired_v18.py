"""Faults found by reading the retired conversation set v18 (sixteenth session). Each test
is written in our own words."""

from __future__ import annotations

import pytest
from conversation import Conversation
from test_conversation_answers import answer_the_rest
from test_retired_v11 import complaint_opened
from test_retired_v14 import THE_REST
from test_retired_v16 import answer_each

from actions import answers

COMPLAINT = [{"name": "complaint", "confidence": 0.9}]


@pytest.mark.parametrize("reply", [
    "Sure, why not, let's make it official",
    "sure",
    "make it formal then",
    "Certainly.",
])
def test_a_yes_in_other_words_to_the_complaint_offer(reply):
    assert answers.is_yes(reply) is True
    assert answers.is_no(reply) is False


@pytest.mark.parametrize("reply", ["Reopen it, I guess? Or will it be 'fixed' again?",
                                   "log it then"])
def test_asking_us_to_reopen_or_log_it_is_a_yes(reply):
    assert answers.is_yes(reply) is True


@pytest.mark.parametrize("reply", ["Not sure", "no", "I'm not sure, what happens then?"])
def test_doubt_is_no_yes(reply):
    assert answers.is_yes(reply) is False


@pytest.mark.asyncio
async def test_lets_make_it_official_starts_the_complaint(intake_api):
    c = Conversation()
    said = await c.say("Your text says my roof repair is 'completed'. Nobody came and it "
                       "still drips into a bucket in the loft.", "complaint", COMPLAINT)
    if c.slots.get("pending") != "offer_complaint":
        said = await c.say("no, nobody's in danger, it's the loft", "deny")
    assert c.slots.get("pending") == "offer_complaint", said
    said = await c.say("Sure, why not, let's make it official", "affirm")
    assert c.slots.get("pending") != "offer_complaint", said
    assert "what went wrong" in " ".join(said).lower(), said


@pytest.mark.parametrize("said, points", [
    # a burst with full stops: the lines of a few words are more of the first
    ("Lift's broken.\nThird week now.\nNinth floor.\nThe stairwell lights are out too.",
     ["Lift's broken. Third week now. Ninth floor.", "The stairwell lights are out too."]),
    ("Mice.\nIn the kitchen.\nPest control came once in July and never came back.",
     ["Mice. In the kitchen.", "Pest control came once in July and never came back."]),
])
def test_lines_of_a_few_words_are_more_of_the_point_before(said, points):
    assert answers.split_points(said) == points


@pytest.mark.parametrize("said, count", [
    ("The boiler is broken.\nThe fence is down.", 2),  # short, but a matter each
    ("The boiler is broken.\nThanks.", 1),  # a courtesy, not more of the boiler
    ("The boiler is broken.\nLena Hart", 1),  # a signature
])
def test_a_short_line_that_is_a_matter_or_a_courtesy_is_not_joined(said, count):
    points = answers.split_points(said)
    assert len(points) == count, points
    assert all("Thanks" not in p and "Lena" not in p for p in points), points


@pytest.mark.asyncio
@pytest.mark.parametrize("given, reference, carries_on", [
    # Retired v18: "Transfer app TR-60231" was linked, and the resident never told it
    # carries on (Code 1.5); an ASB case's reference is noted, nothing carries on under it.
    ("Transfer app TR-60231", "TR-60231", True),
    ("the ASB case is ASB-4410", "ASB-4410", False),
])
async def test_a_request_still_waiting_carries_on_and_a_case_reference_does_not(
        intake_api, given, reference, carries_on):
    c = await complaint_opened("I've emailed my housing officer five times since July about "
                               "my transfer application and had no reply, and no decision.",
                               prior_report=True)
    said = await answer_the_rest(c, {**THE_REST, "told_before": "skip",
                                     "linked_reference": given})
    assert reference in intake_api.case(c.reference)["linked_references"]
    assert any(reference in s and "carries on" in s for s in said) is carries_on, said


@pytest.mark.parametrize("reply", [
    "I don't want to cause trouble but I do think this shouldn't have happened",
    "I don't like complaining but it's not right, is it",
])
def test_a_hesitant_yes_to_the_complaint_offer_is_a_yes(reply):
    assert answers.accepts_complaint(reply, None) is True


@pytest.mark.asyncio
async def test_a_hesitant_yes_starts_the_complaint_not_a_neighbour_report(intake_api):
    c = Conversation()
    said = await c.say("I've had a letter saying I'm £412 in arrears and you may take legal "
                       "action. I paid on the 1st, I have the screenshot.", "complaint",
                       COMPLAINT)
    assert c.slots.get("pending") == "offer_complaint", said
    said = await c.say("I don't want to cause trouble but I do think this shouldn't have "
                       "happened", "asb_report", [{"name": "asb_report", "confidence": 0.6}])
    assert c.active_loop != "asb_form", said
    assert "what went wrong" in " ".join(said).lower() or c.active_loop == "complaint_form", said


LETTER = """Formal complaint - repairs and communication
From: Ms Ada Okoro, 4 Fern Walk, Leeds LS6 2QT

1. What happened
In March the bathroom ceiling started leaking whenever the flat above ran a bath. I reported it on 4 March and again on 20 March.

2. Missed visits
Two appointments were booked for April and nobody came to either of them. Nobody rang to say so.

3. What I am asking for
- The leak found and fixed
- An apology for the missed visits

Ada Okoro
07700 900311"""


def test_a_letters_own_head_and_section_headings_are_no_points_and_its_body_is_kept():
    points = answers.split_points(LETTER)
    assert any(p.startswith("In March the bathroom ceiling") for p in points), points
    assert any("nobody came" in p for p in points), points
    assert not any(p in ("What happened", "Missed visits", "What I am asking for")
                   for p in points), points
    assert not any("apology" in p.lower() for p in points), points  # the outcome, not a point


def test_an_earlier_message_below_an_account_is_still_history():
    said = ("The heating has been off for a week and nobody has come.\n"
            "From: Repairs Team\nSent: 2 May\nWe have booked an engineer for 4 May.")
    points = answers.split_points(said)
    assert points == ["The heating has been off for a week and nobody has come."], points


@pytest.mark.parametrize("line", [
    "I want to make complain",  # asking to complain, in the words of someone new to English
    "Leaseholder: Mr Vikram Sethi",  # a letter's header
    "Shared owner: Ms Joanna Pietersen",
    "House of Commons, London SW1A 0AA",  # an office's address, no street
])
def test_what_frames_the_account_is_no_point(line):
    points = answers.split_points(f"The lift is broken again and nobody came.\n{line}\n"
                                  "Nobody rang back either.")
    assert points == ["The lift is broken again and nobody came.", "Nobody rang back either."]


@pytest.mark.parametrize("said", [
    "My eyes are not what they were at eighty-six.",
    "I've had a lung operation, I told them",
    "a working lift would help, since I had my knee done in the summer",
])
def test_an_age_in_words_or_an_operation_is_plainly_vulnerable(said):
    assert answers.plainly_vulnerable(said) is True


@pytest.mark.parametrize("said", [
    "rang at 1 n they said engineer was off sick",
    "last week someone was sick by the back door",
    "one of the boxes had all our wedding and baby photos",
])
def test_sick_and_baby_that_are_no_ones_vulnerability(said):
    assert answers.says_vulnerable(said) is False


@pytest.mark.asyncio
async def test_a_mobile_number_is_no_preference_and_how_to_reach_them_is_asked(intake_api):
    c = await complaint_opened("The communal garden has been cut twice since April and we "
                               "are still charged for it in full.")
    said = await answer_the_rest(c, {**THE_REST, "contact_details":
                                     "07700 900871, which is a mobile I do not always hear",
                                     "preferred_contact": "By letter, please.",
                                     "postal_address": "Flat 3, 41 Rookery Lane, Harrogate HG2 8PN"})
    case = intake_api.case(c.reference)
    assert case["complainant"]["preferred_contact"] == "letter", said


def test_a_preference_said_with_the_number_is_still_read():
    assert answers.read_contact_preference(
        answers.without_number_labels("07700 900412 text is best")).method == "sms"
    assert answers.read_contact_preference(
        answers.without_number_labels("my mobile 07700 900412")).method is None


@pytest.mark.parametrize("said, question, reported", [
    ("how long is this gonna take", True, False),
    ("ive reported them 5 times", False, True),
    ("Can someone ring my daughter instead?", False, False),  # how to reach them
    ("Could you send letters in large print?", False, False),  # an adjustment
])
def test_an_answer_about_adjustments_that_is_a_question_or_the_history(said, question, reported):
    assert answers.asks_us_something(said) is question
    assert answers.tells_of_reporting(said) is reported


@pytest.mark.asyncio
async def test_a_question_back_is_no_adjustment(intake_api):
    c = await complaint_opened("The communal stairs have not been cleaned for six weeks and "
                               "we pay for it.")
    said = await answer_the_rest(c, {**THE_REST, "adjustments": "how long is this gonna take"})
    case = intake_api.case(c.reference)
    assert not case["complainant"]["reasonable_adjustments"], said
    assert case["flags"]["reasonable_adjustments"] is False


def test_not_really_then_a_child_is_the_child():
    assert answers.after_leading_no("not rly. well shes 4 month old") == "shes 4 month old"


@pytest.mark.parametrize("said, day", [
    ("Thursday last week, 26th.", 26),
    ("Monday 23rd", 23),
    ("the 26th", 26),
])
def test_a_day_of_the_month_says_which_day_it_started(said, day):
    from datetime import date
    started = answers.estimate_started(said, date(2026, 12, 4)).started_on
    assert (started.month, started.day) == (11, day)


def test_a_third_time_is_no_day_of_the_month():
    from datetime import date
    assert answers.estimate_started("4th time this year", date(2026, 12, 4)).started_on != \
        date(2026, 12, 4)


@pytest.mark.parametrize("reply", ["idk dont want them thinking im kicking off",
                                   "I don't want to cause trouble"])
def test_hesitation_about_the_offer_is_neither_yes_nor_no(reply):
    assert answers.unsure_of_offer(reply) is True
    assert answers.accepts_complaint(reply, None) is False
    assert answers.is_no(reply) is False


@pytest.mark.asyncio
async def test_the_complaint_offer_is_kept_through_hesitation_until_the_yes(intake_api):
    c = Conversation()
    said = await c.say("mould in babys room again. 3rd time. they just spray it n paint over it",
                       "complaint", COMPLAINT)
    if c.slots.get("pending") != "offer_complaint":
        said = await c.say("no not in danger", "deny")
    assert c.slots.get("pending") == "offer_complaint", said
    said = await c.say("idk dont want them thinking im kicking off", "deny")
    assert c.slots.get("pending") == "offer_complaint", said
    said = await c.say("ok yes complain then", "affirm")
    assert c.active_loop == "complaint_form" or "what went wrong" in " ".join(said).lower(), said


def test_i_just_think_somebody_should_know_is_a_yes_to_complaining():
    assert answers.accepts_complaint("I don't want him to lose his job or anything. I just "
                                     "think somebody should know how he spoke to me.", None)


@pytest.mark.parametrize("reply", ["That'll do for now.", "I said that'll do. No."])
def test_thatll_do_is_nothing_more(reply):
    assert answers.nothing_more(reply) is True


def test_a_sarcastic_no_ending_in_yes_is_a_yes():
    assert answers.accepts_complaint("No, I'd like to send you a thank you card. Obviously "
                                     "yes.", None) is True


@pytest.mark.parametrize("said, thanks", [("ok ta", True), ("Thank you so much!", True),
                                          ("cheers, bye", True), ("ok the boiler", False),
                                          ("thanks but the lift is broken too", False)])
def test_only_thanks(said, thanks):
    assert answers.only_thanks(said) is thanks


@pytest.mark.parametrize("said, unsafe", [
    ("I do not feel safe here", True), ("we're scared to go home tonight", True),
    ("I don't feel safe in my own home any more", True),
    ("the door is safe now", False), ("I'm scared the ceiling will come down", False),
])
def test_not_feeling_safe_at_home(said, unsafe):
    assert answers.feels_unsafe(said) is unsafe


@pytest.mark.asyncio
async def test_not_feeling_safe_is_answered_with_where_to_get_help(intake_api):
    c = Conversation()
    said = await c.say("Your repairs line gave my new address to my ex. I do not feel safe "
                       "here.", "complaint", COMPLAINT)
    assert any("999" in s and "0808 2000 247" in s for s in said), said


def test_an_adaptations_reference_is_no_repairs():
    assert "DFG-0712" in answers.non_repair_references("adaptation ref DFG-0712")


def test_what_a_letter_asks_for_under_its_heading_is_the_outcome():
    wanted = answers.outcome_sentences(LETTER)
    assert wanted and "leak found and fixed" in wanted and "apology" in wanted, wanted


@pytest.mark.asyncio
async def test_asking_to_complain_while_the_repair_is_logged_finishes_it_then_offers_the_complaint(
        intake_api):
    from helpers import reading
    c = Conversation()
    await c.say("my bathroom extractor fan has stopped working", "service_request",
                [{"name": "service_request", "confidence": 0.9}], scores=reading())
    await c.say("yes", "affirm")
    assert c.slots.get("requested_slot") == "sr_location"
    await c.say("8 Rowan Court, Leeds LS11 5DE, the bathroom", "enquiry")
    assert c.slots.get("requested_slot") == "sr_access"
    said = await c.say("I want to complain about it, youve been out FOUR times", "complaint")
    assert c.slots.get("sr_access") is None and c.slots.get("complaint_follows") is True, said
    assert c.slots.get("requested_slot") == "sr_access", said
    said = await c.say("any weekday morning", "enquiry")
    said = await answer_the_rest(c, {"sr_priority": "can wait", "resident_name": "Dev Patel",
                                     "contact_details": "07700 900733",
                                     "preferred_contact": "text"})
    assert c.slots.get("pending") == "offer_complaint_about_request", c.all_said()


def test_a_measure_is_no_reference():
    assert answers.find_references("The grab rails are at 1100mm, not the 800-900mm on my "
                                   "specification.") == []


EMAIL_WITH_LPA = """Subject: Complaint - lift at Beacon Tower and letter to my father
From: Mark Nowak
Sent: 3 December 2026

Dear Housing Team,

Background
I hold a registered Lasting Power of Attorney for my father, Albert Nowak, of 8C Beacon Tower, who has vascular dementia.

The problems
1. The lift has been out of order since 9 November. My father has missed two hospital appointments because he cannot manage the stairs.
2. Nobody can tell us when it will be fixed. The notice in the lobby has not changed in three weeks.
3. I was promised call-backs on 18 November and 1 December. Neither came.
4. You sent my father a letter threatening legal action over access for the gas check, although I had already rearranged the visit with your contractor.

What I am asking for
- The lift repaired, with a date
- Help with transport to appointments meanwhile
- The letter withdrawn, with an apology
- All letters sent to me

Regards
Mark Nowak
07700 900556
mark.n@example.com
"""


@pytest.mark.asyncio
async def test_a_signed_email_from_an_attorney_is_not_asked_what_it_already_says(intake_api):
    # Played residents (sixteenth session): a pasted email with "Subject:/From:/Sent:", an
    # LPA, headed sections and a signature was asked whether he wrote for someone, his
    # name, consent and what he wanted; its head was filed as the earlier report and its
    # last matter twice.
    c = Conversation()
    await c.say(EMAIL_WITH_LPA, "complaint", COMPLAINT)
    points = list(c.slots.get("complaint_points") or [])
    assert len(points) == 4 and not any("Subject:" in p for p in points), points
    asked = await answer_each(c, {"more_points": "no", "desired_outcome": "yes",
                                  "preferred_contact": "email"})
    assert not {"acting_for", "rep_name", "resident_name", "consent", "contact_details"} & set(
        asked), asked
    assert c.slots.get("complaint_points") == points
    assert "Subject:" not in (c.slots.get("told_before") or "")


MP_LETTER = """From: Jo Reid, Caseworker, Office of Sam Hale MP
Subject: Formal complaint on behalf of Mrs Anya Khan, 4 Ash House

Dear Sir or Madam,

1. Background
Mrs Khan has lived at 4 Ash House with her two children since 2018. Since April the household upstairs has played loud music late at night, banged on the floor and shouted abuse at Mrs Khan and her children in the stairwell.

2. Our concerns
(a) Her four reports were never acknowledged.

Mrs Khan's signed consent form is held on file at this office. Mrs Khan needs an Urdu interpreter.

Yours faithfully,
Jo Reid
Caseworker to Sam Hale MP
07700 900641"""


def test_a_caseworkers_letter_keeps_its_matters_whole_and_leaves_out_consent_and_needs():
    points = answers.split_points(MP_LETTER)
    assert any(p.endswith("shouted abuse at Mrs Khan and her children in the stairwell.")
               for p in points), points
    assert not any("consent form" in p or "interpreter" in p for p in points), points
    assert answers.start_said(MP_LETTER) == "Since April"


@pytest.mark.parametrize("opening, name", [
    ("HELLO I AM WRITING BECAUSE THE LIFT IN KESTREL HOUSE HAS BEEN BROKEN FOR 3 WEEKS", None),
    ("I AM MARGARET OBI AND THE LIFT IS BROKEN", "MARGARET OBI"),
    ("I am Mr Ted Rowe, tenant at 4 Elm Road", "Mr Ted Rowe"),
])
def test_a_name_in_capitals_ends_where_the_sentence_goes_on(opening, name):
    assert answers.introduced_name(opening) == name


@pytest.mark.asyncio
async def test_despair_on_its_own_is_met_with_care_and_a_gentle_question(intake_api):
    c = Conversation()
    said = await c.say("i cant do this anymore", "out_of_scope",
                       [{"name": "out_of_scope", "confidence": 0.6}])
    assert any("116 123" in s for s in said), said
    assert not any("something we deal with" in s for s in said), said
    assert c.slots.get("pending") == "what_about", said


def test_a_tenancys_start_is_not_the_problems():
    assert answers.start_said("My name is Desmond Hale, tenant since 1987. The roof has "
                              "leaked since March.") == "since March"


@pytest.mark.parametrize("said, role, organisation", [
    ("Senior Caseworker to Sarah Whitfield MP", "Senior Caseworker", "Office of Sarah Whitfield MP"),
    ("caseworker for Cllr Amy Rowe", "caseworker", "Office of Cllr Amy Rowe"),
    ("support worker for Mr Jones", "support worker for Mr Jones", None),
])
def test_the_office_a_caseworker_works_in_is_their_organisation(said, role, organisation):
    assert answers.split_relationship(said) == (role, organisation)


@pytest.mark.parametrize("said, more", [("just what I said about texts", False),
                                        ("text, as I said", False), ("text after 6", True)])
def test_pointing_back_is_no_contact_note(said, more):
    assert answers.says_more_than_method(said) is more
