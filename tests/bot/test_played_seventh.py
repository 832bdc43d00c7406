"""Readers mended after residents were played on 3 December (seventh session): a reply
that is not a name is asked again rather than filed as one; how long someone has lived
there is not when the problem started; "nothing written down" is not consent given. The
wording here is our own.
"""

from __future__ import annotations

from datetime import date

import pytest

from actions import answers


@pytest.mark.parametrize("said", [
    "78 and a bit hard of hearing", "actually wait", "hang on a sec",
    "I AM WRITING AGAIN ABOUT THE DAMP IN MY DAUGHTERS ROOM", "why do you need it",
    "flat 4"])
def test_a_reply_that_is_not_a_name_is_no_name(said):
    assert answers.read_name(said).name is None


@pytest.mark.parametrize("said, name", [
    ("ROSALIND OKEKE-BRANDT", "ROSALIND OKEKE-BRANDT"), ("Mrs Hilda Fairweather", "Mrs Hilda Fairweather"),
    ("gwen", "gwen"), ("Ali bin Hassan", "Ali bin Hassan"),
    ("I did tell you dear, Mr Walter Penrose", "Mr Walter Penrose")])
def test_names_are_still_names(said, name):
    assert answers.read_name(said).name == name


@pytest.mark.parametrize("said", [
    "I have lived here nine years", "we've been in this flat 14 years now",
    "been a tenant 20 years and never had this"])
def test_how_long_they_have_lived_there_is_not_when_it_started(said):
    assert answers.estimate_started(said, date(2030, 6, 1)).months_ago is None


def test_a_start_beside_the_tenancy_is_still_read():
    assert answers.estimate_started("2 years ago, we've lived here 9 years",
                                    date(2030, 6, 1)).months_ago == 24


@pytest.mark.parametrize("said", ["Nothing written down", "none in writing yet",
                                  "nowt signed but he wants me to"])
def test_nothing_in_writing_is_consent_to_follow(said):
    assert answers.read_consent(said, "affirm") == answers.CONSENT_PENDING


# --- A person asked for before choosing to complain (played resident u-08) ---

@pytest.mark.asyncio
async def test_asking_for_a_person_instead_of_choosing_files_no_complaint(intake_api):
    from conversation import Conversation
    from helpers import reading

    c = Conversation()
    await c.say("I'm not complaining but the stairwell lights at Alder Court have been out a "
                "month and the caretaker just shrugged when I told him.", "complaint",
                [{"name": "complaint", "confidence": 0.6}], scores=reading(prior_report=True))
    assert c.slots.get("pending") == "offer_complaint", c.all_said()
    await c.say("can I just talk to a real person", "request_human")
    for said in ("Tomasz Nowak", "07700 900877", "phone, after 3pm"):
        if c.active_loop:
            await c.say(said, "enquiry")
    assert c.reference, c.all_said()
    case = intake_api.case(c.reference)
    assert case["kind"] == "enquiry" and case["flags"]["asked_for_person"] is True
    assert "stairwell lights" in case["summary"]


# --- Faults read in the retired conversation set v7 (3 December) ---

@pytest.mark.parametrize("reply", [
    "Yes, that is a fair account. Thank you.", "Yes, that reflects our instructions.",
    "Yes. All five are there.", "Yeah, fair enough, let's do that.", "yes thats a good summary"])
def test_agreeing_with_the_read_back_adds_no_point(reply):
    assert answers.addition_after_yes(reply) is None


def test_a_matter_after_agreeing_is_still_added():
    added = answers.addition_after_yes(
        "Yes, that is a fair account. The fitter also left the gate open and the dog got out.")
    assert added == "The fitter also left the gate open and the dog got out."


@pytest.mark.parametrize("reply, matter", [
    ("No, those are the two matters.", None), ("No, that's the full list.", None),
    ("Not really.", None),
    ("Not really. The bathroom ceiling is going black in the corner.",
     "The bathroom ceiling is going black in the corner.")])
def test_an_answer_to_anything_else_is_not_a_point(reply, matter):
    assert answers.further_matter(reply) == matter


@pytest.mark.parametrize("reply", ["fair enough, let's do that", "sounds good",
                                   "okay then"])
def test_a_yes_in_other_words(reply):
    assert answers.is_yes(reply)


@pytest.mark.parametrize("said", [
    "Fatigue is a big issue, so shorter calls or email please.",
    "please be gentle and put things in writing, phone calls are hard when I'm unwell",
    "Jamal copes best with morning slots and a text the day before a visit.",
    "please dont pass my number on to anyone"])
def test_needs_told_at_the_adjustments_question_are_adjustments(said):
    assert answers.names_an_adjustment(said)


@pytest.mark.asyncio
@pytest.mark.parametrize("reply", [
    "yes the water is in the light fitting, I'm sat in the dark with my mum who's 80",
    "YES ME AND MY 2 KIDS ARE IN THE FLAT"])
async def test_who_is_in_danger_raises_vulnerability(intake_api, reply):
    from conversation import Conversation

    c = Conversation()
    await c.say("water is dripping through my kitchen ceiling near the light",
                "emergency", [{"name": "emergency", "confidence": 0.5}],
                scores={"flags": {"emergency": True, "on_behalf": False,
                                  "prior_report": False, "vulnerability": False},
                        "p": {"emergency": 0.5, "on_behalf": 0.0, "prior_report": 0.0,
                              "vulnerability": 0.0}})
    assert c.slots.get("pending") == "danger_check", c.all_said()  # an unsure reading
    await c.say(reply, "affirm")
    assert c.slots["vulnerability"] is True and c.slots["emergency"] is True


@pytest.mark.parametrize("account, point", [
    (("Engineer come, change something, go. Next day same. He speak fast, I not understand "
     "what he do. I ask for Urdu interpreter, nobody bring."),
     "I ask for Urdu interpreter, nobody bring."),
    ("My neighbour had the same request. The other landlord approved it in three weeks.",
     "The other landlord approved it in three weeks."),
    ("They said someone would ring back that day. Nothing. Rang again, same thing. Nothing.",
     "They said someone would ring back that day. Nothing."),
    ("The plumber keeps texting me to book a visit. 6 messages. I never gave my number.",
     "The plumber keeps texting me to book a visit. 6 messages.")])
def test_every_word_of_a_point_is_kept(account, point):
    points = answers.split_points(account)
    assert any(p.startswith(point) for p in points), points


@pytest.mark.parametrize("said, method, when, avoid", [
    ("mornings are hard with the baby so afternoons if you ring", "phone", "afternoons",
     "mornings"),
    ("email. no, phone actually, i never check my email", "phone", None, None),
    ("Phone. Actually no, email, I'm in meetings all day. Yes, email.", "email", None, None),
    ("Evenings after 7 are best for me.", None, "Evenings after 7", None),
    ("no calls, text only", "sms", None, None)])
def test_how_and_when_to_contact_as_meant(said, method, when, avoid):
    preference = answers.read_contact_preference(said)
    assert (preference.method, preference.when, preference.avoid) == (method, when, avoid)


@pytest.mark.parametrize("account", [
    "The emergency pull-cord in his bathroom has not worked since he reported it in August.",
    "tree roots lifting the footpath outside my door, I first reported it a year ago"])
def test_a_repair_still_to_do_in_other_words_carries_on(account):
    assert answers.about_unfixed_repair(account)


@pytest.mark.parametrize("account", [
    "The housing officer was rude to me on the phone and hung up.",
    "I was charged £240 for clearance of the garden when I moved in, which is wrong."])
def test_no_repair_is_no_repair(account):
    assert not answers.about_unfixed_repair(account)


# --- Read as not ours: never a dead end (played resident u-10; retired v7 i032) ---

@pytest.mark.asyncio
@pytest.mark.parametrize("said, pending", [
    ("the roof is leaking over my kitchen since September, a bucket is catching it",
     "offer_service_request"),
    ("Why have I got a bill for £240 for 'clearance'? I only moved in in May!",
     "offer_callback")])
async def test_read_as_not_ours_is_offered_a_way_on(intake_api, said, pending):
    from conversation import Conversation
    from helpers import reading

    c = Conversation()
    replies = await c.say(said, "out_of_scope", [{"name": "out_of_scope", "confidence": 0.9}],
                          scores=reading())
    assert c.slots.get("pending") == pending, replies
    await c.say("yes please", "affirm")
    assert c.active_loop in ("service_request_form", "contact_form")


@pytest.mark.asyncio
async def test_the_council_is_still_named_for_council_tax(intake_api):
    from conversation import Conversation
    from helpers import reading

    c = Conversation()
    replies = await c.say("how do I pay my council tax", "out_of_scope",
                          [{"name": "out_of_scope", "confidence": 0.9}], scores=reading())
    assert "local council" in " ".join(replies) and not c.slots.get("pending")


# --- What a letter says about itself is not a point (played residents t-02 to t-10) ---

@pytest.mark.parametrize("sentence", [
    "I support one of your tenants, Mr Ola Bankole at Flat 3, 41 Mill Street, M4 6FQ.",
    "She's asked me to raise a complaint for her as she finds phone calls hard.",
    "I would be grateful for an acknowledgement and a response within your timescales.",
    "A signed consent form authorising this office to act on his behalf is attached.",
    "I wish to make a formal complaint about the following matters.",
    "I have lived here for eleven years and never complained before, but I have no choice.",
    "CONFIDENTIALITY: This email and any attachments are confidential.",
    "If you have received it in error please notify the sender and delete it.",
    "I am contacting you regarding my father, Mr Idris Khan, of Flat 12, Elm Rise.",
    "I'm popping this on for Mrs Vera Lamb at number 9, she's 88 bless her."])
def test_the_letter_about_the_letter_is_not_a_point(sentence):
    assert answers.introduces_writer(sentence)


@pytest.mark.parametrize("sentence", [
    "I am contacting you regarding my father, whose boiler has been broken for three weeks.",
    "I wish to make a formal complaint about the caretaker who swore at me.",
    "The consent form I sent in March was lost by your office twice.",
    "I support one of your tenants whose kitchen ceiling collapsed and nobody came."])
def test_a_matter_told_with_the_introduction_stays_a_point(sentence):
    assert not answers.introduces_writer(sentence)


@pytest.mark.asyncio
async def test_a_start_told_in_the_account_is_not_asked_again(intake_api):
    from conversation import Conversation
    from helpers import reading

    c = Conversation()
    await c.say("I want to complain about my repair", "complaint",
                [{"name": "complaint", "confidence": 0.9}], scores=reading())
    assert c.slots.get("requested_slot") == "complaint_point", c.all_said()
    await c.say("The shower has been leaking into the flat below since March and two "
                "plumbers have not turned up.", "complaint")
    assert c.slots.get("complaint_started") == "since March"
    for _ in range(3):
        if c.slots.get("requested_slot") == "more_points":
            await c.say("no", "deny")
    assert c.slots.get("requested_slot") != "complaint_started"


# --- Read in the retired set v8 (3 December): who is writing, what they want and
# questions to us are not points ---

@pytest.mark.parametrize("sentence", [
    "I am a shared owner at Larkspur Mews.", "Cllr Dev Anand here, ward member for Northfield.",
    "I'm secretary of Beech Fields RA.", "Good afternoon — Priya Shah, senior caseworker for the MP.",
    "I'm a community occupational therapist.", "I'm a probation officer.", "hello.",
    "I write on my own behalf as tenant of Flat 15.", "WRITING FOR MY STEPDAD ALF PRICE 87.",
    "I write to complain about two related matters.",
    "We write to complain, with regret, about our experience of the decant process.",
    "I attach photographs and a copy of the claim form.",
    "Acme Freight Ltd is registered in England and Wales",
    "A resident, Mrs Jo Pike of 58 Swift House, came to my surgery on Saturday.",
    "Oh and he wants you to know he's been a tenant 40 years and never complained before.",
    "I would now like this treated as a formal complaint.", "well I don't know where to start really"])
def test_who_is_writing_and_the_letter_itself_are_not_points(sentence):
    assert answers.introduces_writer(sentence) or answers.states_outcome(sentence)


@pytest.mark.parametrize("sentence", [
    "His housing officer turned up unannounced three times in January.",
    "Joan Bright, housing officer, told me to stop ringing.",
    "I'm a single mum and your officer shouted at me.",
    "I am writing to complain that nobody came to fix my boiler.",
    "I would be grateful if you could fix the leak."])
def test_matters_told_with_who_is_writing_stay_points(sentence):
    assert not (answers.introduces_writer(sentence) or answers.states_outcome(sentence))


@pytest.mark.parametrize("sentence", [
    "I need someone there today.", "Right now I need a door",
    "i want the lift replaced or at least fixed same day", "£536 back and the £35 charge covered.",
    "i dont want her as my officer anymore",
    "Only that I'd like the window replaced rather than patched a fourth time."])
def test_what_they_want_is_the_outcome_not_a_point(sentence):
    assert answers.states_outcome(sentence)


@pytest.mark.parametrize("sentence", [
    "I needed the heating on for my baby and nobody came.",
    "I want to complain about the caretaker.", "We needed a ramp and waited a year."])
def test_a_want_that_went_unmet_is_not_an_outcome(sentence):
    assert not answers.states_outcome(sentence)


def test_a_short_question_to_us_is_not_a_point():
    points = answers.split_points("The damp is back in the bedroom. Can someone come today? "
                                  "so whats happening with the damp now? Why has nobody come?")
    assert points == ["The damp is back in the bedroom.", "Why has nobody come?"]


@pytest.mark.parametrize("reply, before, after", [
    ("Actually it was the 20th not the 2nd.", "booked for the 2nd", "booked for the 20th"),
    ("Three tickets, not two.", "got two parking tickets", "got three parking tickets"),
    ("Save that the estimate was £8,900, not £9,800.", "was £9,800 for", "was £8,900 for")])
def test_a_detail_put_right_changes_its_point(reply, before, after):
    points = ["The fitter was booked for the 2nd and never came.",
              "I got two parking tickets from your contractor's warden.",
              "The estimate was £9,800 for the roof."]
    fixed = answers.detail_fix(points, reply)
    assert fixed and len(fixed) == 3
    assert any(after in p for p in fixed) and not any(before in p for p in fixed)


@pytest.mark.parametrize("reply", ["Yes that's right", "No, not really",
                                   "The doorway's too narrow, put that.",
                                   "Actually it was the 20th not the 2nd."])
def test_no_detail_fix_without_the_detail(reply):
    assert answers.detail_fix(["The lift has been broken since Monday."], reply) is None


@pytest.mark.asyncio
async def test_a_detail_put_right_at_the_read_back_is_no_new_point(intake_api):
    from conversation import Conversation
    from test_leaving_at_the_read_back import up_to_the_read_back

    c = Conversation()
    await up_to_the_read_back(c)
    before = list(c.slots["complaint_points"])
    said = await c.say("Actually it was the 5th not the 4th.", "enquiry")
    assert c.slots.get("pending") == "confirm", said
    points = c.slots["complaint_points"]
    assert len(points) == len(before) and any("5th" in p for p in points)
    await c.say("yes", "affirm")
    assert any("5th" in p for p in intake_api.case(c.reference)["definition"]["points"])


@pytest.mark.parametrize("said", [
    "These were all logged at the sign-up visit and none have been done.",
    "The caretaker said hed pass it on, twice",
    "I mentioned it to the housing officer at the last visit"])
def test_an_earlier_report_in_other_words(said):
    assert answers.says_reported_before(said)


# --- Questions asked part-way are answered, then our question asked again (played
# residents s-03, s-10, u-03, s-06) ---

@pytest.mark.parametrize("said, key", [
    ("is someone coming tonight?", "visit"), ("do u need me in?", "visit"),
    ("Would that mean the door gets mended sooner?", "repair_carries_on"),
    ("will he actually hear about it?", "their_staff"),
    ("am I going to lose my home??", "tenancy"), ("what happens next?", "next")])
def test_questions_we_answer_part_way(said, key):
    assert answers.question_to_us(said) == key


@pytest.mark.parametrize("said", [
    "Why has nobody come?", ("The engineer said someone is coming but nobody came for 3 weeks "
    "and I rang 4 times and was told the same thing each time and I am fed up with it now."),
    "I want them to come and fix it"])
def test_an_account_is_not_a_question_to_us(said):
    assert answers.question_to_us(said) is None


@pytest.mark.asyncio
async def test_a_question_part_way_is_answered_and_never_the_answer(intake_api):
    c = await until_the_outcome_is_asked()
    said = await c.say("is someone coming to fix it this week?", "enquiry")
    assert "can't book a visit here" in " ".join(said)
    assert c.slots.get("requested_slot") == "desired_outcome"
    assert not c.slots.get("desired_outcome")
    await c.say("the window fixed and my lost wages paid", "enquiry")
    assert c.slots.get("desired_outcome") == "the window fixed and my lost wages paid"


@pytest.mark.asyncio
async def test_a_question_at_the_offer_is_answered_and_the_offer_made_again(intake_api):
    from conversation import Conversation
    from helpers import reading

    c = Conversation()
    await c.say("Nobody came to fix my back door lock on the 18th or the 26th. I waited in "
                "both days.", "complaint", [{"name": "complaint", "confidence": 0.6}],
                scores=reading(prior_report=True))
    assert c.slots.get("pending") == "offer_complaint", c.all_said()
    said = await c.say("Would that mean the door gets mended sooner?", "enquiry")
    assert "the repair carries on" in " ".join(said)
    assert c.slots.get("pending") == "offer_complaint"


def test_an_answer_before_a_question_is_an_answer():
    assert answers.question_to_us("phone. will someone come tonight?") is None


@pytest.mark.asyncio
async def test_the_same_question_twice_is_read_as_the_answer(intake_api):
    c = await until_the_outcome_is_asked()
    await c.say("is someone coming this week?", "enquiry")
    await c.say("is someone coming this week?", "enquiry")
    assert c.slots.get("requested_slot") != "desired_outcome"  # never asked forever


async def until_the_outcome_is_asked():
    """A complaint told and answered up to "what would you like us to do?"."""
    from conversation import Conversation
    from helpers import reading
    from test_leaving_at_the_read_back import ANSWERS, OPENING

    c = Conversation()
    await c.say(OPENING, "complaint", [{"name": "complaint", "confidence": 0.9}],
                scores=reading(prior_report=True))
    await c.say("yes", "affirm")
    for _ in range(10):
        if c.slots.get("requested_slot") == "desired_outcome":
            break
        await c.say(ANSWERS.get(c.slots.get("requested_slot"), "no"), "enquiry")
    return c


@pytest.mark.asyncio
async def test_who_i_am_writing_for_can_be_changed_at_the_read_back(intake_api):
    from conversation import Conversation
    from test_leaving_at_the_read_back import up_to_the_read_back

    c = Conversation()
    await up_to_the_read_back(c)  # told as for themselves, by Iris Mabbutt
    await c.say("change", "deny")
    said = await c.say("who I'm writing for", "enquiry")
    assert "who are you getting in touch for" in " ".join(said).lower(), said
    await c.say("I'm writing for Mrs Janet Pike, I'm her ward councillor", "enquiry")
    for _ in range(5):
        slot = c.slots.get("requested_slot")
        if not (c.active_loop and slot):
            break
        await c.say({"rep_relationship": "ward councillor", "consent": "yes, she asked me to",
                     "rep_name": "Iris Mabbutt"}.get(slot, "no"), "enquiry")
    assert c.slots.get("pending") == "confirm", c.all_said()[-500:]
    await c.say("yes", "affirm")
    case = intake_api.case(c.reference)
    assert case["complainant"]["name"] == "Mrs Janet Pike"
    assert case["representative"]["name"] == "Iris Mabbutt"
    assert case["flags"]["on_behalf"] is True


@pytest.mark.parametrize("said, phone", [
    ("0113 496 0000", "0113 496 0000"), ("020 7946 0018", "020 7946 0018"),
    ("his landline is 01632 960123", "01632 960123"), ("+44 7700 900123", "07700 900123"),
    ("0300 123 4567", "0300 123 4567")])
def test_a_phone_number_keeps_the_spacing_people_use(said, phone):
    assert answers.find_phone(said) == phone


def test_an_address_never_takes_the_line_above():
    # Played resident t-04: "1184\nRe: Mr …, 8 Kestrel House…" was filed as the address.
    letter = "Our ref: MP/2291/1184\nRe: Mr Piotr Nowak, 8 Heron House, Mill Lane, NG7 2PL"
    assert answers.find_address(letter) == "8 Heron House, Mill Lane, NG7 2PL"
