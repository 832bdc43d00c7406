"""Faults found by reading the retired conversation set v16 and the retired triage set v14
(fourteenth session). Each test is written in our own words."""

from __future__ import annotations

from datetime import date

import pytest
from conversation import Conversation
from helpers import reading
from test_conversation_answers import answer_the_rest

from actions import answers, case

# --- Vulnerability told in any answer, in whatever words (the eval README's definition) ---

@pytest.mark.parametrize("said", [
    "my little lad (he is 4) has had a cough all winter",
    "shes 2 n shes had a chest infection",
    "the girls share the box room (theyre 3 and 5)",
    "We are five at home, the youngest is 1.",
    "my son's insulin has to be kept in the fridge",
    "I've been on antidepressants since the summer",
    "Phone calls are hard, I get breathless talking",
    "I have glaucoma so please print letters large",
    "I had to give up work because of my back",
    "they promised a ground floor flat because of my lungs",
])
def test_a_household_need_said_plainly_is_vulnerability(said):
    assert answers.plainly_vulnerable(said)


@pytest.mark.parametrize("said", [
    "he's 5 minutes away from the office",
    "they're 2 weeks late with the repair",
    "she's 3 doors down from me",
    "he is 2 hours late again",
    "they are 4 of them in the van",
    "I missed a shift because of my work rota",
])
def test_a_number_that_is_no_age_is_not_vulnerability(said):
    assert not answers.plainly_vulnerable(said)


def _user(text: str, vulnerable: bool | None) -> dict:
    parse = {"intent": {"name": "enquiry"}}
    if vulnerable is not None:
        parse["triage_scores"] = reading(vulnerability=vulnerable)
    return {"event": "user", "text": text, "parse_data": parse}


def test_the_learned_reading_of_any_message_names_vulnerability():
    events = [_user("The heating has been off for a week.", False),
              _user("Text please, I can't manage phone calls with my condition.", True)]
    assert case.learned_vulnerable(events)
    # Sure, but no word of a need: working nights at a hospital is no condition.
    assert not case.learned_vulnerable([_user("phone please, I'm on nights at the hospital "
                                              "so after 3", True)])


def test_a_bare_reply_or_no_reading_names_nothing():
    assert not case.learned_vulnerable([_user("Yes please", True), _user("Me.", True)])
    assert not case.learned_vulnerable([_user("The heating has been off for a week.", None)])
    assert not case.learned_vulnerable([{"event": "bot", "text": "Is that right?"}])


async def answer_each(c: Conversation, details: dict[str, str],
                      special: dict[str, list[tuple[str, dict]]] | None = None) -> list[str]:
    """Answer each question the form asks from ``details`` (by slot, "no" when missing);
    a slot in ``special`` is answered with its next (text, learned reading) in turn. The
    slots asked, in order."""
    special = {slot: list(answers_) for slot, answers_ in (special or {}).items()}
    asked: list[str] = []
    for _ in range(20):
        slot = c.slots.get("requested_slot")
        if not (c.active_loop and slot):
            break
        asked.append(slot)
        if special.get(slot):
            text, scores = special[slot].pop(0)
            await c.say(text, "enquiry", scores=scores)
        else:
            await c.say(details.get(slot, "no"), "enquiry", scores=reading())
    return asked


@pytest.mark.asyncio
async def test_a_need_told_only_at_the_adjustments_question_is_filed(intake_api):
    c = Conversation()
    await c.say("I rang about my back gate that won't lock and the man laughed at me and "
                "hung up. I want an apology.", "complaint", scores=reading())
    await c.say("YES", "affirm")
    details = {"complaint_point": "no", "more_points": "no", "complaint_started": "today",
               "desired_outcome": "an apology and the gate booked", "acting_for": "me",
               "resident_name": "Ray Tully", "contact_details": "07700 900788",
               "preferred_contact": "phone", "postal_address": "37 Bramble Lane, SR4 9AX",
               "told_before": "no", "linked_reference": "no"}
    # Words the lexicon holds only loosely; the triage heads read them as a need.
    await answer_each(c, details, {"adjustments": [(
        "I WRITE IN CAPITALS AS MY EYESIGHT IS GOING, BIG WRITING PLEASE",
        reading(vulnerability=True))]})
    said = await answer_the_rest(c, {})
    filed = intake_api.case(c.reference)
    assert filed["flags"]["vulnerability"] is True, said


# --- Other yeses, our own people, and when they told us ---

def test_id_say_so_is_a_yes():
    assert answers.accepts_complaint("I'd say so, wouldn't you?", None)


def test_a_fitter_named_by_trade_is_our_work():
    assert answers.our_work_behind_it(
        "Your door fitter has taken the lock out of my front door and left. I can't lock it.")
    assert not answers.our_work_behind_it("Please can you send a door fitter, my lock is broken")


@pytest.mark.asyncio
async def test_dates_in_answer_to_have_you_reported_it_are_a_yes(intake_api):
    c = Conversation()
    first = "He's 86 and his storage heaters don't hold heat past lunchtime."
    await c.say(first, "enquiry", scores=reading(on_behalf=True, vulnerability=True))
    c.slots.update(triage_label="unclear", triage_question="reported_before",
                   pending="reported_before")
    said = await c.say("March, August and October.", "enquiry")
    assert c.slots.get("prior_report") is True, said
    assert c.slots.get("pending") == "dissatisfied", said
    assert c.slots["matter_text"] == first


@pytest.mark.asyncio
async def test_first_time_in_answer_to_have_you_reported_it_is_no_yes(intake_api):
    c = Conversation()
    await c.say("The bathroom extractor fan has stopped working.", "service_request")
    c.slots.update(triage_label="unclear", triage_question="reported_before",
                   pending="reported_before")
    said = await c.say("First time I've mentioned it", "enquiry")
    assert not c.slots.get("prior_report"), said


# --- A letter's header lines and bursts are not points ---

LETTER = """Dear Complaints Manager,

Complaint reference: CMP-73019
Stage 1 response dated: 2 May

Request for stage 2 review

I have received the stage 1 response to my complaint about the lifts and I am writing to ask \
that it is escalated to stage 2.

The response says the lifts are working as expected. The lift was out of service on 19 days.

The response does not deal with the 70 minutes I was trapped with an alarm that did not connect.

Yours sincerely,

Dr Ola Eze
Flat 131, Brunel House"""


def test_a_letters_reference_lines_are_not_its_account():
    kept = answers.without_letter_furniture(LETTER)
    assert "CMP-73019" not in kept and "dated" not in kept and "Request for" not in kept
    assert "19 days" in kept and "70 minutes" in kept
    assert answers.split_points("Constituents: Mr and Mrs Nowak, formerly of 23 Peel Street\n"
                                "Our reference: AC/7789\nProperty ID: SO-41FC\n"
                                "The family have been in a hotel for nine weeks. Nobody has "
                                "told them when they can go home.") == [
        ("The family have been in a hotel for nine weeks. Nobody has told them when they can "
        "go home.")]


def test_a_burst_with_one_longer_line_is_one_account():
    assert answers.split_points("help\ncan smell gas in kitchen\nreally strong\n"
                                "engineer was meant to come yesterday never came") == [
        ("help, can smell gas in kitchen, really strong, engineer was meant to come yesterday "
        "never came")]


@pytest.mark.asyncio
async def test_the_points_are_in_my_letter_takes_them_from_the_letter(intake_api):
    c = Conversation()
    await c.say(LETTER, "escalate_complaint", scores=reading(prior_report=True))
    for _ in range(6):
        if c.slots.get("requested_slot") == "complaint_point":
            break
        slot = c.slots.get("requested_slot")
        await c.say({"status_phone": "07700 900111"}.get(slot, "skip"), "enquiry")
    assert c.slots.get("requested_slot") == "complaint_point", c.all_said()
    await c.say("The points are in my letter.", "enquiry")
    points = c.slots.get("complaint_points") or []
    assert points and not any("in my letter" in p for p in points), points
    assert any("19 days" in p for p in points) and any("70 minutes" in p for p in points)
    assert not any("escalated to stage 2" in p for p in points)


def test_a_lift_alarm_that_does_nothing_is_unhappy_with_us():
    from actions.handoff import unhappy_with_us
    assert unhappy_with_us("stuck in the lift between floors 6 and 7 and the alarm button does "
                           "nothing, please help")
    assert not unhappy_with_us("my smoke alarm is not working and I can smell burning")


@pytest.mark.parametrize(("said", "method"), [
    ("Text message is best, my English is better in writing", "sms"),
    ("In writing please, email is acceptable", "email"),
    ("in writing please", "letter"),
])
def test_in_writing_beside_another_way_is_that_way(said, method):
    assert answers.read_contact_preference(said).method == method


# --- Played residents (fourteenth session) ---

@pytest.mark.parametrize(("points", "said", "fixed"), [
    (["£412.50 CAME OUT OF MY ACCOUNT TWICE"], "IT WAS £421.50 NOT £412.50",
     ["£421.50 CAME OUT OF MY ACCOUNT TWICE"]),
    (["We are 5 person in 2 bedroom flat", "Review not answered"],
     "We are 6 person now not 5, my wife have baby in October",
     ["We are 6 person in 2 bedroom flat (my wife have baby in October)",
      "Review not answered"]),
])
def test_a_detail_put_right_changes_the_point(points, said, fixed):
    assert answers.detail_fix(points, said) == fixed


def test_a_yes_after_what_they_did_is_a_yes():
    assert answers.is_yes("ive turned it off at the box. yes log it please, someone needs to "
                          "come today")
    assert not answers.is_yes("I turned it off. No, don't log it, yes I know it's dangerous")


async def at_the_read_back(opening: str, name: str, outcome: str):
    """A complaint told in ``opening``, every question answered, waiting at the read-back."""
    from test_retired_v11 import complaint_opened
    c = await complaint_opened(opening)
    await answer_the_rest(c, {
        "complaint_point": "no", "more_points": "no", "complaint_started": "in August",
        "desired_outcome": outcome, "acting_for": "me", "resident_name": name,
        "contact_details": "07700 900318", "preferred_contact": "phone", "told_before": "no",
        "linked_reference": "no"}, confirm=False)
    assert c.slots.get("pending") == "confirm", c.all_said()
    return c


@pytest.mark.asyncio
async def test_the_matters_typed_again_in_full_replace_the_account(intake_api):
    c = await at_the_read_back(
        "Dear Sir or Madam\nOur ref: CW/2291/JB\nYour tenant: Mrs Joan Baptiste, 27 Hawthorn "
        "Road\nThe communal front door has not locked since August. A housing officer told her "
        "she was lucky to have a flat at all. Her letter of 10 November was not answered. We "
        "ask for the lock to be repaired, an apology and an explanation. Please reply by email.",
        "Joan Baptiste", "The lock repaired, an apology, an explanation.")
    assert not any("Your tenant" in p or "Our ref" in p for p in c.slots["complaint_points"])
    await c.say("change", "deny")
    await c.say("what went wrong", "enquiry")
    said = await c.say("1. The front door lock broken since August. 2. The officer's remark. "
                       "3. Her letter not answered.", "inform")
    assert c.slots.get("pending") == "confirm", said
    assert c.slots["complaint_points"] == ["The front door lock broken since August.",
                                           "The officer's remark.", "Her letter not answered."]


async def _lift_complaint_at_the_read_back():
    return await at_the_read_back(
        "The lift at Beacon Tower has been out of order for three weeks and I cannot leave my "
        "flat. I have missed two hospital appointments.", "Arthur Pennington",
        "The lift repaired.")


@pytest.mark.asyncio
async def test_rather_not_complain_at_the_read_back_files_no_complaint(intake_api):
    c = await _lift_complaint_at_the_read_back()
    said = await c.say("Actually, on reflection, I would rather not make a formal complaint. "
                       "Could you simply pass on the repair?", "deny")
    assert c.slots.get("pending") == "offer_service_request", said
    assert c.reference is None


@pytest.mark.asyncio
async def test_withdrawing_when_asked_which_part_files_no_complaint(intake_api):
    c = await _lift_complaint_at_the_read_back()
    await c.say("change", "deny")
    said = await c.say("I do not want a complaint logged", "deny")
    assert c.slots.get("pending") == "offer_service_request", said
    assert c.reference is None
    assert c.slots.get("desired_outcome") is None


# --- An answer with no address in it is not the address (played residents j-04, j-06) ---

def test_what_names_a_place():
    assert answers.names_a_place("flat 6 Rowan Court") and answers.names_a_place("LS9 7QT")
    assert answers.names_a_place("Rose Cottage, Llanfair")
    assert not answers.names_a_place("Polish interpreter is good for phone. Letters in Polish")
    assert answers.said_already("i already said. just ring me")


@pytest.mark.asyncio
async def test_a_need_told_at_the_address_question_is_kept_and_the_address_asked_again(
        intake_api):
    c = Conversation()
    await c.say("You refused our transfer because the box room was counted as a bedroom. "
                "I want a complaint.", "complaint", scores=reading())
    if c.slots.get("pending") == "offer_complaint":
        await c.say("yes", "affirm")
    details = {"complaint_point": "no", "more_points": "no", "complaint_started": "November",
               "desired_outcome": "look again at the transfer", "acting_for": "me",
               "resident_name": "Tomasz Nowak", "contact_details": "07700 900415",
               "preferred_contact": "letter", "told_before": "no", "linked_reference": "no"}
    asked = await answer_each(c, details, {"postal_address": [
        ("Polish interpreter is good for phone. Letters also in Polish if possible", reading()),
        ("3 Orchard Walk, flat 2, LE2 6RT", reading())]})
    assert asked.count("postal_address") == 2, asked
    await answer_the_rest(c, {})
    filed = intake_api.case(c.reference)
    assert "Orchard Walk" in (filed["complainant"]["address"] or "")
    assert "Polish" in (filed["complainant"]["reasonable_adjustments"] or ""), filed["complainant"]


def test_announcing_a_further_matter_is_no_point():
    assert answers.split_points("There is one further matter. My August complaint about the "
                                "hedge was never answered.") == [
        "My August complaint about the hedge was never answered."]


def test_the_first_bit_put_twice_takes_out_its_repeat():
    points = ["The back door lock is broken", "It has been like that for a month",
              "im sick of it The back door lock is broken"]
    assert answers.points_removed(points, "Youve put the first bit twice.") == points[:2]


@pytest.mark.asyncio
async def test_mostly_but_i_want_goes_to_the_outcome(intake_api):
    c = await _lift_complaint_at_the_read_back()
    points = list(c.slots["complaint_points"])
    said = await c.say("Mostly but i want a new lift not another repair", "deny")
    assert c.slots.get("pending") == "confirm", said
    assert c.slots["complaint_points"] == points
    assert "new lift" in c.slots["desired_outcome"]


@pytest.mark.parametrize(("said", "when"), [
    ("Ring me on this number, she's sat next to me so she can hear", None),
    ("phone, sat mornings only", "sat mornings only"),
])
def test_sat_is_a_day_only_when_it_is_one(said, when):
    assert answers.read_contact_preference(said).when == when


def test_heating_and_hot_water_stopped_is_keep_warm_not_the_stopcock():
    from actions import wording
    said = wording.emergency_signpost({}, "My uncle is 80. The heating and hot water stopped "
                                          "yesterday and the flat is very cold.")
    assert "stopcock" not in said and "keep one room warm" in said


@pytest.mark.asyncio
async def test_when_they_told_us_before_is_filed_in_its_own_field(intake_api):
    from test_retired_v11 import complaint_opened
    c = await complaint_opened("The radiators upstairs are stone cold again. I've reported it "
                               "and nothing has been done.", prior_report=True)
    history = "Rang twice in October, an engineer came once and said it needed a pump."
    await answer_the_rest(c, {
        "complaint_point": "no", "more_points": "no", "complaint_started": "October",
        "desired_outcome": "A new pump fitted.", "acting_for": "me", "resident_name": "Ann Lee",
        "contact_details": "07700 900318", "preferred_contact": "phone",
        "told_before": history, "linked_reference": "no"})
    filed = intake_api.case(c.reference)
    assert filed["definition"]["reported_before"] == history
    assert filed["flags"]["prior_report"] is True


def test_a_complaint_with_danger_links_the_emergency_repair_logged_before_it():
    from helpers import initial_slots, user_event

    from actions.case import build_case
    logged = f"SR-{date.today().year}-000009"  # as the intake API numbers it this year
    events = [user_event("the socket is sparking and there's a burning smell", "emergency"),
              {"event": "slot", "name": "last_reference", "value": logged},
              user_event("and I want to complain about the electrician", "complaint")]
    slots = initial_slots(emergency=True, complaint_points=[
        "The electrician left wires hanging out of the wall", "He was rude"])
    case = build_case("complaint", slots, events, "c-1", "rest", {}, date.today())
    assert logged in case["linked_references"]


@pytest.mark.asyncio
async def test_no_to_have_you_told_us_before_clears_the_guess(intake_api):
    from test_retired_v11 import complaint_opened
    c = await complaint_opened("I came home to a letter saying you'll apply for an injunction "
                               "because I've 'repeatedly refused access' for the gas check. I "
                               "was away for five weeks.", prior_report=True)
    details = {"complaint_point": "no", "more_points": "no", "complaint_started": "this morning",
               "desired_outcome": "an apology", "acting_for": "me",
               "resident_name": "Ray Tully", "contact_details": "07700 900788",
               "preferred_contact": "phone", "told_before": "No. I only got back on Saturday."}
    asked = await answer_each(c, details)
    await answer_the_rest(c, {})
    assert "told_before" in asked and "linked_reference" not in asked, " ".join(asked)
    assert intake_api.case(c.reference)["flags"]["prior_report"] is False, asked


@pytest.mark.parametrize(("account", "priority"), [
    ("She's 90 and has had no hot water for ten days.", "urgent"),
    ("She's 90 and has had no heating for ten days.", "emergency"),
    ("He's 86 and the boiler has packed up.", "emergency"),
])
def test_hot_water_alone_is_urgent_heating_is_the_emergency(account, priority):
    from actions.filing import repair_priority
    assert repair_priority(account, {"vulnerability": True}, date(2026, 12, 4)) == priority


@pytest.mark.parametrize(("said", "started"), [
    ("mid oct ish", date(2026, 10, 15)),
    ("end of nov", date(2026, 11, 25)),
    ("last thursday", date(2026, 11, 26)),   # said on Friday 4 December
    ("on thursday", date(2026, 12, 3)),
    ("last monday", date(2026, 11, 30)),
])
def test_when_it_started_in_words(said, started):
    assert answers.estimate_started(said, date(2026, 12, 4)).started_on == started


@pytest.mark.parametrize(("said", "address"), [
    ("3 Mill Lane Cottages, Hexham NE46 3RT", "3 Mill Lane Cottages, Hexham NE46 3RT"),
    ("my uncle lives at 15 Birch Street, flat 2", "15 Birch Street, flat 2"),
])
def test_an_address_is_kept_whole(said, address):
    assert answers.find_address(said) == address


def test_a_bare_yes_is_no_account_of_the_earlier_report():
    from helpers import initial_slots

    from actions.case import build_case
    for told, filed in (("Yes", None), ("Rang twice in May", "Rang twice in May")):
        slots = initial_slots(complaint_points=["The radiators are cold."], told_before=told)
        case = build_case("complaint", slots, [], "c-2", "rest", {}, date.today())
        assert case["definition"]["reported_before"] == filed
