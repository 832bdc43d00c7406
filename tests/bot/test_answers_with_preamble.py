"""Answers that lead in or trail off before saying yes (faults found when the retired
conversation set v6 was read on 3 December): "Oh yes please", "Well I suppose so dear",
"I don't want to get anyone in trouble. … Yes, all right.", "can someone ring me and
explain it" to an offer to get someone to call, "I am acting for Mrs B" to "are you getting
in touch for someone else?". Each conversation runs through the real actions and is filed
with the real intake API. The wording here is our own.
"""

from __future__ import annotations

import pytest
from conversation import Conversation
from helpers import reading
from test_conversation_answers import LEAK

from actions.answers import asks_to_be_contacted, is_no, is_yes, read_acting_for

pytestmark = pytest.mark.asyncio


@pytest.mark.parametrize("reply", [
    "Oh yes please, if someone could come tonight", "Well I suppose so dear, if it helps.",
    "I don't know. I don't want to get anyone in trouble. But it's been months. Yes, all right.",
    "I think I would like to, yes, later on.", "that would be nice", "I guess so",
    "erm yeah go on"])
async def test_a_yes_after_a_lead_in_is_a_yes(reply):
    assert is_yes(reply) and not is_no(reply)


@pytest.mark.parametrize("reply", ["Oh no, not now", "well no", "right no thanks"])
async def test_a_no_after_a_lead_in_is_a_no(reply):
    assert is_no(reply) and not is_yes(reply)


@pytest.mark.parametrize("reply", ["oh no the ceiling has come down in the kitchen",
                                   "Well no one came", "I don't think so"])
async def test_dismay_or_an_account_is_neither(reply):
    assert not is_yes(reply)
    assert not is_no(reply, short=True)


async def test_asking_to_be_rung_is_a_yes_to_a_call_back():
    assert asks_to_be_contacted("can sum one ring me and explain it")
    assert asks_to_be_contacted("could somebody phone me please")
    assert not asks_to_be_contacted("no thanks, I'll read the website")


async def test_acting_for_someone_named_is_a_yes():
    assert read_acting_for("I am acting for Mrs Begum, though others are affected too.").acting
    assert read_acting_for("acting for my neighbour").acting


async def test_a_hesitant_yes_to_the_complaint_offer_starts_the_complaint(intake_api):
    c = Conversation()
    await c.say(LEAK, "complaint", scores=reading(prior_report=True))
    assert c.slots["pending"] == "offer_complaint"
    await c.say("Oh I don't know. I don't want to get anyone in trouble. But it has been a "
                "long time. Yes, all right.", "asb_report",
                [{"name": "asb_report", "confidence": 0.6}])
    assert c.active_loop == "complaint_form"
    assert c.slots["triage_label"] == "complaint" and c.slots["matter_text"] == LEAK


async def test_oh_yes_please_to_the_emergency_repair_logs_it(intake_api):
    c = Conversation()
    opening = ("Your men fitted a new front door today and it won't lock, the bolt doesn't go "
               "in. I rang and nobody came. They shouldn't have left it like that.")
    await c.say(opening, "emergency", [{"name": "emergency", "confidence": 0.9}],
                scores=reading(emergency=True, prior_report=True))
    assert c.slots["pending"] == "offer_emergency_repair"
    await c.say("Oh yes please, if someone could come tonight", "nlu_fallback")
    assert c.active_loop == "service_request_form"


async def test_asking_to_be_rung_accepts_the_call_back(intake_api):
    c = Conversation()
    matter = "why has my rent gone up so much this year, can you tell me how it was worked out"
    await c.say(matter, "enquiry", [{"name": "enquiry", "confidence": 0.9}], scores=reading())
    assert c.slots.get("pending") == "offer_callback"
    said = await c.say("can sum one ring me and explain it", "nlu_fallback")
    assert c.slots.get("pending") != "offer_callback", said


LETTER = ("To the Manager, I am sorry to trouble you but I must write about some matters at my "
          "flat. The big window in the front room does not close properly since the winter and "
          "there is a terrible draught. The fan in the bathroom has not worked for some months. "
          "When I came to your office in town the lady at the desk was rather rude to me.")


async def test_a_yes_with_a_wish_keeps_the_letter_as_the_complaint(intake_api):
    """(Retired v6 h043.) "I don't like to complain, but yes, I think the lady at the desk
    should be spoken to" once replaced the whole letter as the complaint."""
    c = Conversation()
    await c.say(LETTER, "complaint", scores=reading())
    assert c.slots["pending"] == "offer_complaint"
    await c.say("I don't like to complain, but yes, I think the lady at the desk should be "
                "spoken to.", "complaint", scores=reading())
    assert c.active_loop == "complaint_form" and c.slots["matter_text"] == LETTER
    assert any("window" in p for p in c.slots["complaint_points"])
    assert not any("spoken to" in p for p in c.slots["complaint_points"])


async def test_a_further_matter_after_the_yes_is_added(intake_api):
    c = Conversation()
    await c.say(LEAK, "complaint", scores=reading(prior_report=True))
    await c.say("yes. also the gutter at the back is hanging off", "complaint")
    assert c.active_loop == "complaint_form"
    assert c.slots["matter_text"].startswith(LEAK) and "gutter" in c.slots["matter_text"]


@pytest.mark.parametrize("account", [
    ("Hot water keeps going off in my flat. On and off for a month now. I've told the scheme "
    "manager every time and nothing happens.")])
async def test_a_fault_that_comes_and_goes_is_an_unfixed_repair(account):
    from actions.answers import about_unfixed_repair
    assert about_unfixed_repair(account)


# --- Who is writing (retired v6) ---

async def test_writing_for_the_block_and_affected_too_is_for_themselves():
    assert read_acting_for("Myself and the other residents — I'm affected too.").acting is False


@pytest.mark.parametrize("said, name, relationship", [
    ("Mrs Kowalczyk. I'm across the road, my house isn't one of yours", "Mrs Kowalczyk", None),
    ("Mr Patel, I'm his carer from the agency", "Mr Patel", "carer")])
async def test_a_name_first_then_who_the_writer_is(said, name, relationship):
    reading_ = read_acting_for(said)
    assert reading_.acting is True
    assert (reading_.resident_name, reading_.relationship) == (name, relationship)


@pytest.mark.parametrize("said", ["ye she knows im doing it",
                                  "He's right here, he says yes go ahead"])
async def test_consent_in_passing_is_given(said):
    from actions.answers import CONSENT_GIVEN, read_consent
    assert read_consent(said) == CONSENT_GIVEN


async def test_with_or_for_alone_is_not_consent():
    from actions.answers import read_consent
    assert read_consent("sent it with the form") is None


# --- Points (retired v6) ---

async def test_a_clause_is_never_cut_after_a_word_that_leads_on():
    from actions.answers import run_on_clauses
    said = ("got a new boiler 3 wks ago which is great but since then the radiator in the back "
            "bedroom is stone cold and theyve left pipes all over the wall and chunks out of the "
            "plaster")
    clauses = run_on_clauses(said)
    assert clauses[0].endswith("stone cold"), clauses  # not cut after "but since"
    assert clauses[1].startswith("theyve left pipes"), clauses


@pytest.mark.parametrize("reply", ["Yes, all four points.", "yes all of it", "Yes, both points",
                                   "yes all correct thanks"])
async def test_agreeing_with_every_point_adds_no_point(reply):
    from actions.answers import addition_after_yes
    assert addition_after_yes(reply) is None


THREAD = ("Subject: RE: RE: Roof works\n\nStill no reply to this. The scaffold has now been up "
          "for twelve weeks. Not one roofer has been on it since week 2.\n\nPlease get it "
          "sorted.\n\nKeith\n\n-----\nOn 2 April, Keith Moss wrote:\n> Hi, the scaffolding "
          "has been up for 6 weeks now, when will the roof be done?\n\n-----\nOn 12 February, "
          "Roofing Team wrote:\n> Dear Mr Moss, scaffold goes up on 14 Feb. Works take 3 weeks.")


async def test_a_pasted_thread_gives_points_from_the_newest_message_only():
    from actions.answers import split_points
    points = split_points(THREAD)
    assert any("twelve weeks" in p for p in points)
    assert not any(p.startswith(">") or "Keith" in p or "14 Feb" in p for p in points), points


@pytest.mark.parametrize("reply", ["Yes, that is right. Thank you for listening, dear.",
                                   "Yes is correct.", "yes thank you so much for your help"])
async def test_thanks_at_the_read_back_adds_no_point(reply):
    from actions.answers import addition_after_yes
    assert addition_after_yes(reply) is None


HEADED = ("Mrs J. Pearson\n4 Linden Close\nMarket Harborough\nLE16 7AB\n\n14 May\n\nDear Sir or "
          "Madam,\n\nBathroom refit - 4 Linden Close\n\nYour contractor began my bathroom on 8 "
          "April and it was due to take ten working days. It is five weeks later and the shower "
          "is still not connected.\n\nThe fitters smoked in my house despite my asking them not "
          "to.\n\nI would be grateful if you would treat this letter as a formal complaint.\n\n"
          "Yours faithfully,\n\nJ. Pearson")


async def test_a_letters_head_subject_and_signature_are_not_points():
    from actions.answers import split_points
    points = split_points(HEADED)
    assert len(points) == 2, points
    assert "shower" in points[0] and "smoked" in points[1]


@pytest.mark.parametrize("letter", [
    "To whoever reads this,\n\nThe mould is back in my son's room.\n\nMel Dunn",
    ("The mould is back in my son's room and nobody rang.\n\nR. Gallagher\n6 Mill Lane, "
    "Stalybridge SK15 1RQ")])
async def test_a_name_under_a_letter_with_its_address_is_a_signature(letter):
    from actions.answers import split_points
    assert split_points(letter) == [p for p in split_points(letter) if "mould" in p]


async def test_capitalised_words_that_are_not_a_name_are_kept():
    from actions.answers import split_points
    points = split_points("The boiler broke.\nNobody Came\nThen it broke again.")
    assert "Nobody Came" in points


@pytest.mark.parametrize("opening", [
    ("I'm the chair of the Tower Residents' Association and I live on the 9th floor. I'm raising "
    "this for myself and on behalf of the residents: the lifts keep breaking down."),
    "On behalf of all of us on the landing, and including me, the lights have been out a month."])
async def test_a_resident_writing_for_neighbours_and_affected_too_is_not_acting_for_them(opening):
    from actions.answers import writes_for_someone
    assert writes_for_someone(opening) is None


async def test_who_it_is_for_after_the_yes_is_not_a_matter(intake_api):
    c = Conversation()
    await c.say(LEAK, "complaint", scores=reading(prior_report=True))
    await c.say("Yes, on behalf of all of us, and including me.", "complaint")
    assert c.active_loop == "complaint_form" and c.slots["matter_text"] == LEAK
    assert c.slots.get("acting_for") is not True


async def test_a_year_after_a_word_in_capitals_is_not_a_reference():
    from actions.answers import find_references
    found = find_references("I MOVED IN 2019 AND PAID SINCE 2020. LETTER SAYS REF INC/PR/09981")
    assert found == ["INC/PR/09981"]
    assert find_references("my case is ASB 1182") == ["ASB-1182"]


@pytest.mark.parametrize("said, acting, name", [
    ("Self.", False, None),
    ("The Mensah family — Mr Kwame Mensah is the tenant.", True, "Mr Kwame Mensah"),
    ("Mrs Jones is the tenant, I'm her neighbour", True, "Mrs Jones")])
async def test_who_in_a_few_words(said, acting, name):
    reading_ = read_acting_for(said)
    assert (reading_.acting, reading_.resident_name) == (acting, name)
