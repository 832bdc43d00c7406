"""What the retired conversation set v9 showed (eighth session), each through the readers
and, where the dialogue changed, through the real actions and the real intake API."""

from __future__ import annotations

from datetime import date

import pytest
from conversation import Conversation
from helpers import reading

from actions import answers


@pytest.mark.parametrize("text", [
    "send someone NOW. then yes complaint",
    "Just get someone here now! And yes I want to complain after",
    "i need someone today pls. and i want to complain about yesterday",
    ("I don't know what I'm allowed to ask for. I just want someone to look at it before she "
    "comes home."),
    "get an engineer out",
])
def test_asking_for_someone_to_come_is_a_yes_to_the_repair(text):
    assert answers.wants_someone_out(text)


@pytest.mark.parametrize("text", ["no need to send anyone", "I don't need someone out",
                                  "someone came last week"])
def test_no_one_needed_is_not_a_yes_to_the_repair(text):
    assert not answers.wants_someone_out(text)


@pytest.mark.parametrize("text", [
    "Oh, I don't know. I suppose so, if that's what it takes.",
    "That's what I'm asking isn't it",
    "that's why I'm messaging",
])
def test_yes_in_other_words_at_the_end_of_a_doubtful_answer(text):
    assert answers.is_yes(text)


@pytest.mark.parametrize("text", ["no just info pls", "Just the date please.",
                                  "no i just want to know if we're allowed"])
def test_wanting_the_answer_is_what_a_callback_gives(text):
    assert answers.wants_the_answer(text)


@pytest.mark.parametrize("text", ["no thanks", "no, I'll ring them myself"])
def test_a_plain_no_to_a_callback_is_not_wanting_the_answer(text):
    assert not answers.wants_the_answer(text)


def test_as_a_repair_not_a_complaint_withdraws_the_complaint():
    assert answers.withdraws_complaint("Yes, as a repair, not a complaint. Thanks.")
    assert not answers.withdraws_complaint("the repair was not done, that is my complaint")


def test_a_fixed_number_changes_the_number_with_the_same_unit():
    points = ["no heating for 3 days, my baby is 3 weeks old", "engineer never came"]
    assert answers.detail_fix(points, "yes but its 4 days not 3")[0] == \
        "no heating for 4 days, my baby is 3 weeks old"


def test_a_fix_already_in_the_read_back_changes_nothing():
    points = ["no heating 4 days now, my baby is 3 weeks old", "engineer never came"]
    assert answers.detail_fix(points, "yes but its 4 days not 3") == points


@pytest.mark.parametrize("text, skip", [
    ("txt me, cant answer at work", False),
    ("ring me but not between 3 and 4 thats school run", False),
    ("skip", True), ("rather not", True), ("I don't want to answer that one", True),
    ("dunno", True),
])
def test_a_longer_answer_read_as_skip_is_an_answer(text, skip):
    assert answers.is_skip(text, "skip") is skip


def test_a_detail_put_right_is_not_a_contact_instruction():
    assert answers.contact_instruction("Actually the call was Wednesday not Tuesday, sorry.") is None
    assert answers.contact_instruction("call after 4pm please").when


@pytest.mark.parametrize("text, reference", [
    ("i think the works had a number WR-DECANT-14 or something like that", "WR-DECANT-14"),
    ("The notice reference is S20/QH/2024/07", "S20/QH/2024/07"),
])
def test_a_reference_of_three_parts_is_kept_whole(text, reference):
    assert answers.find_references(text, answering=True) == [reference]


# --- The same faults through the real actions and the real intake API ---

NO_HEAT = ("pls help no heating or hot water 4 days now, my baby is 3 weeks old and its "
           "snowing. engineer was meant to come yesterday 8-1 and never turned up, no call "
           "nothing")


async def _answer_forms(c, answers_by_slot: dict[str, str]) -> None:
    for _ in range(30):
        slot = c.slots.get("requested_slot")
        if not (c.active_loop and slot):
            return
        await c.say(answers_by_slot.get(slot, "no"), "enquiry")


@pytest.mark.asyncio
@pytest.mark.parametrize("reply", [
    "i need someone today pls. and i want to complain about yesterday",
    "send someone NOW. then yes complaint",
])
async def test_a_repair_and_a_complaint_in_one_reply_logs_both(intake_api, reply):
    c = Conversation()
    await c.say(NO_HEAT, "complaint", [{"name": "complaint", "confidence": 0.8}],
                scores=reading(emergency=True, vulnerability=True, prior_report=True))
    assert c.slots.get("pending") == "offer_emergency_repair", c.all_said()
    await c.say(reply, "complaint")
    assert c.active_loop == "service_request_form", c.all_said()
    await _answer_forms(c, {"sr_location": "Flat 2, 55 Cardigan Road, PB2 9LL",
                            "sr_access": "any time, I'm in", "sr_priority": "emergency",
                            "resident_name": "Aisha Bello", "contact_details": "07700 900363",
                            "preferred_contact": "phone", "complaint_started": "friday",
                            "desired_outcome": "boiler fixed today",
                            "postal_address": "Flat 2, 55 Cardigan Road, PB2 9LL"})
    request = c.reference
    assert request and request.startswith("SR-"), c.all_said()
    assert intake_api.case(request)["kind"] == "service_request"
    # Then the complaint they asked for, offered as the repair's follow-up (Code 1.5).
    assert c.slots.get("pending") == "offer_complaint_about_request", c.all_said()
    await c.say("yes", "affirm")
    await _answer_forms(c, {"complaint_started": "friday", "desired_outcome": "boiler fixed"})
    if c.slots.get("pending") == "confirm":
        await c.say("yes", "affirm")
    assert c.reference != request and c.reference.startswith("CMP-"), c.all_said()


@pytest.mark.asyncio
@pytest.mark.parametrize("reply", ["no just info pls", "Just the date please."])
async def test_wanting_the_answer_to_a_question_passes_it_to_the_team(intake_api, reply):
    c = Conversation()
    await c.say("hi how do i apply for a mutual exchange? does owing £40 rent stop it?",
                "enquiry", [{"name": "enquiry", "confidence": 0.9}])
    assert c.slots.get("pending") == "offer_callback", c.all_said()
    said = await c.say(reply, "deny")
    assert "reply with the answer" in " ".join(said), said
    await _answer_forms(c, {"resident_name": "Kayleigh Rowe",
                            "contact_details": "07700 900915", "preferred_contact": "text"})
    assert intake_api.case(c.reference)["kind"] == "enquiry", c.all_said()


@pytest.mark.asyncio
async def test_as_a_repair_not_a_complaint_at_the_read_back_files_no_complaint(intake_api):
    c = Conversation()
    await c.say("I'd like to make a complaint — my bedroom window latch snapped this morning, "
                "it still closes but won't lock.", "complaint",
                [{"name": "complaint", "confidence": 0.9}])
    await _answer_forms(c, {"complaint_started": "this morning",
                            "desired_outcome": "latch replaced", "resident_name": "Fiona McBride",
                            "contact_details": "07700 900388", "preferred_contact": "email or text",
                            "postal_address": "18 Heather Bank, EH17 8PW"})
    assert c.slots.get("pending") == "confirm", c.all_said()
    await c.say("Yes, as a repair, not a complaint. Thanks.", "affirm")
    assert c.reference is None
    assert c.slots.get("pending") == "offer_service_request", c.all_said()


@pytest.mark.asyncio
async def test_unhappy_with_nothing_told_yet_joins_what_they_tell_next(intake_api):
    c = Conversation()
    said = await c.say("not happy with you lot at all", "deny")
    assert c.slots.get("pending") == "what_about", said
    await c.say("engineer booked twice for my boiler and never came either time", "complaint",
                [{"name": "complaint", "confidence": 0.9}], scores=reading(prior_report=True))
    assert c.slots.get("pending") == "offer_complaint", c.all_said()


@pytest.mark.asyncio
async def test_council_bins_are_sent_to_the_council(intake_api):
    c = Conversation()
    said = await c.say("Council didn't collect our blue bins on Ashgrove Road for 3 weeks. "
                       "Rang them and nothing. Can you sort it?", "out_of_scope",
                       [{"name": "out_of_scope", "confidence": 0.9}])
    assert "council" in " ".join(said).lower() and c.slots.get("pending") is None, said


@pytest.mark.parametrize("said, told", [
    ("rang tues", True), ("No number, I emailed in June", True),
    ("no ref, told the caretaker twice", True), ("no", False),
    ("I haven't reported it before", False), ("no i dont have one", False)])
def test_an_answer_to_the_reference_question_can_tell_of_the_report(said, told):
    assert answers.says_we_were_told(said) is told


@pytest.mark.parametrize("said, vulnerable", [
    ("sick of takin days off", False), ("my son is 19 years old", False),
    ("fire safety checks not done", False),
    ("drained sludge on my carpet, which is 4 months old", False),
    ("I'm 84 and live on my own", True), ("my baby is 4 months old", True),
    ("she is 79 years old", True)])
def test_vulnerability_in_the_account_is_a_person_not_a_turn_of_phrase(said, vulnerable):
    assert answers.says_vulnerable(said) is vulnerable


@pytest.mark.asyncio
async def test_a_repair_request_that_tells_of_old_age_is_flagged(intake_api):
    c = Conversation()
    await c.say("Hello, the bath panel has come away and I keep catching my foot on it. I'm 84 "
                "and live on my own.", "service_request",
                [{"name": "service_request", "confidence": 0.95}])
    await _answer_forms(c, {"sr_location": "2 Church View Bungalows, EX15 2AA",
                            "sr_access": "any weekday morning", "sr_priority": "can wait",
                            "resident_name": "Dorothy Keel", "contact_details": "07700 900534",
                            "preferred_contact": "phone"})
    case = intake_api.case(c.reference)
    assert case["kind"] == "service_request" and case["flags"]["vulnerability"] is True


@pytest.mark.parametrize("said", ["Writing is better, my English", "Phone is ok, speak slow please."])
def test_a_language_or_pace_need_is_an_adjustment(said):
    assert answers.names_an_adjustment(said)


@pytest.mark.asyncio
async def test_no_appointments_on_a_day_keeps_its_no(intake_api):
    c = Conversation()
    await c.say("Your joiner was meant to come on the 4th and the 11th to fix my bedroom window "
                "and nobody turned up either day.", "complaint",
                [{"name": "complaint", "confidence": 0.9}])
    await c.say("yes", "affirm")
    await _answer_forms(c, {"complaint_started": "early this month",
                            "desired_outcome": "the window fixed", "resident_name": "Iris Mabbutt",
                            "contact_details": "07700 900318", "preferred_contact": "phone",
                            "postal_address": "3 Linnet Way, Hull HU5 2RD",
                            "adjustments": "No appointments on Tuesdays please"})
    await c.say("yes", "affirm")
    complainant = intake_api.case(c.reference)["complainant"]
    kept = " ".join(filter(None, [complainant.get("reasonable_adjustments"),
                                  complainant.get("contact_note")]))
    assert "No appointments on Tuesdays" in kept, kept


@pytest.mark.parametrize("told, kept", [
    ("bit of an odd one. My dad got a letter saying he's in arrears.",
     ["My dad got a letter saying he's in arrears."]),
    (("My dad got a letter saying he's £640 in arrears. I'm not sure if I'm allowed to deal "
     "with this for him?"), ["My dad got a letter saying he's £640 in arrears."]),
    (("Third time nobody has turned up for the kitchen repair. tenancys in my husbands name "
     "hes offshore so im doing this"), ["Third time nobody has turned up for the kitchen repair."]),
    (("The invoice has no breakdown. Whether I can pay in instalments. That's a question rather "
     "than a complaint."), ["The invoice has no breakdown.", "Whether I can pay in instalments."]),
])
def test_what_the_writer_says_about_writing_is_not_a_point(told, kept):
    assert answers.split_points(told) == kept


def test_a_tenancy_complaint_is_still_a_point():
    told = "The tenancy is in my name but you keep writing to my ex"
    assert answers.split_points(told) == [told]


@pytest.mark.parametrize("said, address", [
    ("27 Kestrel Walk Manchester M22 4HD", "27 Kestrel Walk Manchester M22 4HD"),
    ("41 Hollin Street Bradford BD3 9PL its mums house", "41 Hollin Street Bradford BD3 9PL"),
    ("2 Wren Cottages Mill Lane", "2 Wren Cottages Mill Lane"),
])
def test_an_address_without_commas_keeps_its_town_and_postcode(said, address):
    assert answers.find_address(said) == address


@pytest.mark.parametrize("said", [
    "Will making a complaint affect my tenancy or my chances of another exchange?",
    "yes but will complaining about her affect my tenancy",
    "could a complaint count against me?"])
def test_will_it_affect_my_tenancy_is_a_question_we_answer(said):
    assert answers.question_to_us(said) == "tenancy"


async def _to_the_offer(c: Conversation) -> None:
    await c.say("My mutual exchange was refused by a letter that only said 'does not meet "
                "criteria' and nobody answered my email asking why.", "complaint",
                [{"name": "complaint", "confidence": 0.6}], scores=reading(prior_report=True))
    assert c.slots.get("pending") == "offer_complaint", c.all_said()


@pytest.mark.asyncio
async def test_a_question_at_the_offer_is_answered_not_taken_as_yes(intake_api):
    c = Conversation()
    await _to_the_offer(c)
    said = await c.say("Will making a complaint affect my tenancy or my chances of another "
                       "exchange?", "complaint")
    assert c.slots.get("pending") == "offer_complaint" and not c.active_loop, said
    assert "never affect your tenancy" in " ".join(said), said


@pytest.mark.asyncio
async def test_a_question_at_the_read_back_is_answered_and_asked_again(intake_api):
    c = Conversation()
    await _to_the_offer(c)
    await c.say("yes", "affirm")
    await _answer_forms(c, {"complaint_started": "25 November",
                            "desired_outcome": "written reasons and a review",
                            "resident_name": "Tomasz Nowak", "contact_details": "t@example.com",
                            "preferred_contact": "email",
                            "postal_address": "9 Aspen Road, Leeds LS6 2AB"})
    assert c.slots.get("pending") == "confirm", c.all_said()
    said = await c.say("will complaining affect my tenancy?", "enquiry")
    assert c.slots.get("pending") == "confirm" and c.reference is None, said
    assert "never affect your tenancy" in " ".join(said), said
    await c.say("yes but will complaining about her affect my tenancy", "affirm")
    case = intake_api.case(c.reference)
    assert case["definition"]["confirmed"] is True
    assert not any("tenancy" in p for p in case["definition"]["points"]), case["definition"]


@pytest.mark.parametrize("told, kept", [
    (("I support a tenant of yours, Mr Leon Carter at 27 Holly Walk, who has a learning "
     "disability. He reported his broken boiler twice and nobody came."),
     ["He reported his broken boiler twice and nobody came."]),
    (("my friend Bev Taylor at 5 Mill Lane asked me to message as she's not good with tech. "
     "Her toilet has leaked for a month and nobody has come."),
     ["Her toilet has leaked for a month and nobody has come."]),
    ("The boiler broke in May. Just that nobody called him back after.",
     ["The boiler broke in May.", "Nobody called him back after."]),
])
def test_who_writes_and_why_is_not_a_point(told, kept):
    assert answers.split_points(told) == kept


def test_a_stage_2_request_naming_its_complaint_is_not_a_possible_exclusion():
    from actions.case import exclusion_reasons

    earlier = f"CMP-{date.today().year}-000412"
    slots = {"linked_reference": earlier, "matter_text": "please escalate"}
    assert exclusion_reasons(slots, ["no reply"], 12, date.today())
    assert not exclusion_reasons({**slots, "escalation_of": earlier}, ["no reply"], 12,
                                 date.today())


@pytest.mark.parametrize("said, chooses", [
    (("No. Please I want somebody fix the mould. And yes I want complain also because two "
     "months nobody come"), True),
    ("no nobody stuck. i want to complain about the lift", True),
    ("no thanks, I dont want to complain", False),
    ("Im not complaining, I just want it fixed", False)])
def test_wanting_to_complain_after_a_no(said, chooses):
    assert answers.chooses_to_complain(said) is chooses


@pytest.mark.asyncio
async def test_a_no_to_the_offer_with_a_complaint_chosen_starts_the_complaint(intake_api):
    c = Conversation()
    await c.say("how long for someone to look at the black mould in my sons room?", "enquiry",
                [{"name": "enquiry", "confidence": 0.9}])
    assert c.slots.get("pending") == "offer_callback", c.all_said()
    await c.say("No. Please I want somebody fix the mould. And yes I want complain also "
                "because two months nobody come", "deny")
    assert c.active_loop == "complaint_form", c.all_said()


@pytest.mark.parametrize("said, name", [
    ("Jade 😊 Jade Pemberton", "Jade Pemberton"), ("lee. Lee Marsh", "Lee Marsh"),
    ("Ravi Patel, her son. Mum is Joan Patel", "Ravi Patel")])
def test_the_fuller_form_of_a_name_told_twice_is_kept(said, name):
    assert answers.read_name(said).name == name


@pytest.mark.parametrize("said, method", [
    ("please dont ring, i get panic attacks on the phone", None),
    ("text not ring", "sms"), ("email, not phone", "email")])
def test_a_way_refused_is_not_chosen_by_naming_it_again(said, method):
    assert answers.read_contact_preference(said).method == method


@pytest.mark.asyncio
async def test_a_question_after_the_complaint_is_logged_is_answered(intake_api):
    c = Conversation()
    await _to_the_offer(c)
    await c.say("yes", "affirm")
    await _answer_forms(c, {"complaint_started": "25 November",
                            "desired_outcome": "written reasons and a review",
                            "resident_name": "Tomasz Nowak", "contact_details": "t@example.com",
                            "preferred_contact": "email",
                            "postal_address": "9 Aspen Road, Leeds LS6 2AB"})
    await c.say("yes", "affirm")
    assert c.reference
    said = await c.say("will this affect my tenancy?", "enquiry")
    assert "never affect your tenancy" in " ".join(said), said
    assert c.slots.get("pending") is None and not c.active_loop, said


@pytest.mark.parametrize("said, theirs", [
    ("Gary's number is 07700 900888, text only, never a voice call", True),
    ("text him on 07700 900888", True), ("her mobile is 07700 900222", True),
    ("07700 900417", False), ("my number is 07700 900417", False),
    ("call me on 07700 900417, not mum", False)])
def test_the_residents_own_number_given_by_a_representative(said, theirs):
    assert answers.contact_is_residents(said) is theirs


def test_a_residents_number_given_by_a_representative_is_filed_as_theirs():
    from actions.case import build_case

    slots = {"acting_for": True, "rep_name": "Sam Okoye", "rep_relationship": "advocate",
             "resident_name": "Gary Lund", "consent": "yes", "matter_text": "lift broken",
             "contact_details": "Gary's number is 07700 900888, text only",
             "contact_phone": "07700 900888", "complaint_points": ["lift broken"]}
    case = build_case("complaint", slots, [], "c-1", "rest", {}, date.today())
    assert case["complainant"]["phone"] == "07700 900888"
    assert case["representative"]["phone"] is None


@pytest.mark.parametrize("told, kept", [
    ("I am absolutely fuming. The cleaner has not been since March and I still pay for it.",
     ["The cleaner has not been since March and I still pay for it."]),
    ("sorry im shaking. he kicked my door and the lock is broken. I cant do this anymore.",
     ["He kicked my door and the lock is broken."]),
    ("I am fuming that nobody came", ["I am fuming that nobody came"]),
])
def test_a_feeling_told_on_its_own_is_not_a_point(told, kept):
    assert answers.split_points(told) == kept


@pytest.mark.asyncio
async def test_despair_gets_a_word_of_care_once(intake_api):
    c = Conversation()
    said = await c.say("i cant do this anymore. the neighbour bangs on my wall every night and "
                       "i reported it 5 times and nobody calls back", "complaint",
                       [{"name": "complaint", "confidence": 0.7}],
                       scores=reading(prior_report=True))
    assert "Samaritans" in " ".join(said), said
    await c.say("yes", "affirm")
    said = await c.say("honestly i cant take this any more", "complaint")
    assert "Samaritans" not in " ".join(said), said


@pytest.mark.parametrize("said, vulnerable", [
    ("My kids are 4 and 6 and we can't use the play area", True),
    ("I'm rather allergic to wasps", True), ("the kids are 15 and 17", False)])
def test_young_children_by_their_ages_and_allergies_are_vulnerability(said, vulnerable):
    assert answers.says_vulnerable(said) is vulnerable


def test_yes_to_have_you_told_us_before_marks_it_reported_before():
    from actions.case import build_case

    slots = {"matter_text": "The play area is a disgrace", "linked_reference": "Yes, twice",
             "complaint_points": ["The play area is a disgrace"]}
    case = build_case("complaint", slots, [], "c-1", "rest", {}, date.today())
    assert case["flags"]["prior_report"] is True
    slots["linked_reference"] = "no"
    case = build_case("complaint", {**slots, "linked_reference": "(none)"}, [], "c-1", "rest", {},
                      date.today())
    assert case["flags"]["prior_report"] is False


@pytest.mark.parametrize("points, said, fixed", [
    (["you replaced the fence at no. 21"], "my neighbour is at no. 23 not 21",
     ["you replaced the fence at no. 23"]),
    (["engineer booked tues 9-1 never turnd up", "no call"],
     "the engineer was booked wed not tues sorry",
     ["engineer booked wed 9-1 never turnd up", "no call"]),
])
def test_a_one_line_fix_changes_the_detail_not_the_list(points, said, fixed):
    assert answers.detail_fix(points, said) == fixed


@pytest.mark.asyncio
async def test_a_fix_typed_when_asked_which_part_changes_that_point(intake_api):
    c = Conversation()
    await c.say("Your joiner was booked tues 9-1 to fix my bedroom window and never turned up. "
                "Nobody rang to say.", "complaint", [{"name": "complaint", "confidence": 0.9}])
    await c.say("yes", "affirm")
    await _answer_forms(c, {"complaint_started": "last week", "desired_outcome": "window fixed",
                            "resident_name": "Iris Mabbutt", "contact_details": "07700 900318",
                            "preferred_contact": "phone",
                            "postal_address": "3 Linnet Way, Hull HU5 2RD"})
    assert c.slots.get("pending") == "confirm", c.all_said()
    await c.say("change", "deny")
    said = await c.say("the joiner was booked wed not tues sorry", "inform")
    assert c.slots.get("pending") == "confirm", c.all_said()
    assert any("booked wed 9-1" in p for p in c.slots["complaint_points"]), said
    assert any("Nobody rang" in p for p in c.slots["complaint_points"]), said


@pytest.mark.asyncio
async def test_a_month_put_right_changes_when_it_started_too(intake_api):
    c = Conversation()
    await c.say("The lift at Birch Tower has been broken since about May and the repair men "
                "came twice and left it broken.", "complaint",
                [{"name": "complaint", "confidence": 0.9}])
    await c.say("yes", "affirm")
    await _answer_forms(c, {"complaint_started": "since about may", "desired_outcome": "lift fixed",
                            "resident_name": "Lee Marsh", "contact_details": "07700 900318",
                            "preferred_contact": "phone",
                            "postal_address": "4 Oak Close, Doncaster DN4 8QT"})
    assert c.slots.get("pending") == "confirm", c.all_said()
    await c.say("it was april not may", "inform")
    assert c.slots.get("pending") == "confirm", c.all_said()
    assert c.slots["complaint_started"].lower() == "since about april"
    assert any("since about April" in p for p in c.slots["complaint_points"])
