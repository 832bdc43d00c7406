"""Replies said in more words than "yes" or "no" (faults found when the retired
conversation set v2 was read): a reply to a question is never a point, and what the
resident told us first is never replaced by it. Each conversation runs through the real
actions and is filed with the real intake API; the case is read back as staff see it.
The wording here is our own, in the spirit of what residents sent.
"""

from __future__ import annotations

import pytest
from conversation import Conversation
from helpers import reading
from test_conversation_answers import LEAK, answer_the_rest, until_acting_for

from actions.answers import confirms, further_matter, split_points

pytestmark = pytest.mark.asyncio


# --- The readers ---

@pytest.mark.parametrize("reply", [
    "my english is not good sorry", "It's all in my message", "only that", "I told you already.",
    "What about my complaint though?", "dim byd arall, diolch", "when will someone come?",
    "no. just get on with it", "No, I reckon that's everything, sorry for rambling",
    "Nothing further at this stage, thank you.", "thats all ta", "No, that's all for now.",
    "nope nothing else cheers", "I don't think so, sorry, I know I go on a bit",
    "No, this is all, thank you", "nah mate that's it"])
async def test_a_no_in_many_words_adds_nothing(reply):
    assert further_matter(reply) is None


@pytest.mark.parametrize("reply, matter", [
    ("no, but the lift has been broken for a week too", "the lift has been broken for a week too"),
    ("Why has nobody fixed the lift?", "Why has nobody fixed the lift?"),
    ("No, apart from the gutter", "the gutter"),
    ("Yes, and the caretaker swore at my son", "and the caretaker swore at my son"),
    ("the bins are never emptied", "the bins are never emptied")])
async def test_a_further_matter_after_a_yes_or_no_is_kept(reply, matter):
    assert further_matter(reply) == matter


@pytest.mark.parametrize("reply", ["That is an accurate summary.", "That's about the size of it.",
                                   "spot on", "yes that's it basically, you've got it",
                                   "Near enough, yes"])
async def test_agreeing_in_words_confirms(reply):
    assert confirms(reply)


@pytest.mark.parametrize("reply", ["That's not it", "no", "That is wrong",
                                   "That's right except the date is wrong",
                                   "the boiler was never fixed"])
async def test_disagreeing_or_a_matter_does_not_confirm(reply):
    assert not confirms(reply)


async def test_courtesy_and_introductions_in_an_account_are_not_points():
    assert split_points("Hello. my english not good sorry. Engineer not come for the boiler, "
                        "3 weeks now. That's it.") == [
        "Engineer not come for the boiler, 3 weeks now."]
    assert split_points("Right so where do i start. the bath panel is off and nobody came") == [
        "the bath panel is off and nobody came"]
    assert split_points("I'm Dee from number 41. The gate has been off its hinges since May.") == [
        "The gate has been off its hinges since May."]
    assert split_points("She lives at 7 Brook Walk. Her bath leaks. I'm her son, Ali Khan.") == [
        "Her bath leaks."]
    assert split_points("I'm an advocate and I want to make a complaint for my client. Her "
                        "lift has been broken for a month.") == [
        "Her lift has been broken for a month."]
    # Short grievances in words of one syllable stay: "Still nothing.", "Nothing done."
    assert split_points("Damp for 2 years. Nothing done") == ["Damp for 2 years. Nothing done"]
    assert split_points("The lift is broken. Still nothing.") == [
        "The lift is broken. Still nothing."]


async def test_greeting_address_introduction_heading_and_named_sign_off_are_not_points():
    assert split_points("hiya its 9 larch court. kitchen tap been dripping since june and "
                        "nobody came") == ["kitchen tap been dripping since june and nobody came"]
    assert split_points("Hi, I'm texting for my nan, Mrs Ivy Cole, 88, at 3 Elm Row. Her "
                        "bath panel fell off in May and the fitter never came back.") == [
        "Her bath panel fell off in May and the fitter never came back."]
    assert split_points("Dear Repairs, on behalf of Cllr Jones I write regarding our "
                        "constituent Ms Ada Park (2 Mill Lane). Her fence blew down in March "
                        "and three visits were missed. Regards, Sam Reid, Caseworker.") == [
        "Her fence blew down in March and three visits were missed."]
    assert split_points("To the Income Team,\n\nTenancy: 14 Holly Walk\n\nI was charged twice "
                        "for April.\n\nYours sincerely,\nPat Lowe") == [
        "I was charged twice for April."]


# --- In the conversation ---

async def _complaining() -> Conversation:
    """The leak told, the offer taken up and a little more said: "anything else?" is
    asked."""
    c = Conversation()
    await c.say(LEAK, "complaint", scores=reading(prior_report=True))
    await c.say("yes", "affirm")
    await c.say("The ceiling is stained and drips into a bucket when it rains.", "complaint")
    assert c.slots["requested_slot"] == "more_points"
    return c


async def test_yes_to_the_offer_in_a_long_sentence_keeps_the_opening(intake_api):
    c = Conversation()
    await c.say(LEAK, "complaint", scores=reading(prior_report=True))
    await c.say("yes I suppose so, I've never complained about anything in my life, I don't "
                "like making a fuss but there we are", "complaint")
    assert c.active_loop == "complaint_form" and c.slots["matter_text"] == LEAK
    assert all("fuss" not in p for p in c.slots["complaint_points"])


@pytest.mark.parametrize("reply", ["no. just get on with it",
                                   "No, I reckon that's everything, sorry for rambling",
                                   "Nothing further at this stage, thank you."])
async def test_no_in_more_words_to_anything_else_moves_on(intake_api, reply):
    c = await _complaining()
    points = list(c.slots["complaint_points"])
    await c.say(reply, "complaint")  # however the NLU reads it
    assert c.slots["requested_slot"] == "complaint_started"
    assert c.slots["complaint_points"] == points


@pytest.mark.parametrize("reply", ["That is an accurate summary.",
                                   "yes that's it basically, you've got it",
                                   "yeah whatever gets it sorted"])
async def test_agreeing_with_the_read_back_in_words_files_it_confirmed(intake_api, reply):
    c = Conversation()
    await until_acting_for(c)
    said = await answer_the_rest(c, {"acting_for": "no", "resident_name": "Jo Bloggs",
                                     "contact_details": "07700 900123",
                                     "preferred_contact": "phone", "confirm": reply})
    case = intake_api.case(c.reference)
    points = case["definition"]["points"]
    assert case["definition_confirmed"] is True, said
    assert not any(word in " ".join(points).lower()
                   for word in ("summary", "you've got it", "whatever"))


@pytest.mark.parametrize("question", ["I don't know, what can you do?",
                                      "what's the difference?", "not sure tbh"])
async def test_a_question_about_an_offer_is_answered_and_the_offer_asked_again(intake_api,
                                                                               question):
    c = Conversation()
    await c.say(LEAK, "complaint", scores=reading(prior_report=True))
    assert c.slots["pending"] == "offer_complaint"
    said = await c.say(question, "out_of_scope")  # however the NLU reads it
    assert c.slots["pending"] == "offer_complaint" and c.slots["matter_text"] == LEAK
    assert "If you say yes" in "\n".join(said)
    await c.say("no", "deny")
    assert c.slots["pending"] == "offer_service_request"
    said = await c.say(question, "out_of_scope")
    assert c.slots["pending"] == "offer_service_request", said
    assert "Citizens Advice" not in "\n".join(said)
    await c.say("yes", "affirm")
    assert c.active_loop == "service_request_form"


async def test_an_answer_about_who_is_writing_never_raises_danger(intake_api):
    c = Conversation()
    await until_acting_for(c)
    # However sure the learned reading is, "its me, my flat" tells no hazard.
    said = await c.say("its me, my flat", "emergency", scores=reading(emergency=True))
    assert not c.slots.get("emergency") and "999" not in "\n".join(said)
    # The gravest words still do, wherever they are said.
    said = await c.say("me. I can smell gas now", "emergency")
    assert c.slots.get("emergency") and "999" in "\n".join(said)


async def _to_read_back(c: Conversation, answers: dict[str, str]) -> None:
    await until_acting_for(c)
    for _ in range(15):
        slot = c.slots.get("requested_slot")
        if not (c.active_loop and slot):
            break
        await c.say(answers.get(slot, "no"), "enquiry")
    assert c.slots["pending"] == "confirm", c.all_said()


async def test_changing_how_to_contact_at_the_read_back(intake_api):
    c = Conversation()
    await _to_read_back(c, {"acting_for": "no", "resident_name": "Jo Bloggs",
                            "contact_details": "07700 900123", "preferred_contact": "phone"})
    await c.say("change something", "deny")
    await c.say("contact details", "enquiry")
    said = await c.say("email me instead please, jo.bloggs@example.com", "enquiry")
    assert "by email at jo.bloggs@example.com" in "\n".join(said)
    await c.say("yes", "affirm")
    complainant = intake_api.case(c.reference)["complainant"]
    assert complainant["preferred_contact"] == "email"
    assert complainant["email"] == "jo.bloggs@example.com"
    assert complainant["phone"] == "07700 900123"


async def test_saying_they_write_for_themselves_at_the_read_back_removes_the_representative(
        intake_api):
    c = Conversation()
    await _to_read_back(c, {"acting_for": "yes, for my mum", "rep_name": "Jo Bloggs",
                            "rep_relationship": "daughter", "consent": "yes",
                            "resident_name": "Ann Bloggs", "contact_details": "07700 900123",
                            "preferred_contact": "phone"})
    assert c.slots["acting_for"] is True
    await c.say("change something", "deny")
    await c.say("I'm not writing for anyone, it's my own flat", "enquiry")
    await c.say("yes", "affirm")
    case = intake_api.case(c.reference)
    assert case["representative"] is None and case["flags"]["on_behalf"] is False


@pytest.mark.parametrize("reply, part", [
    ("no, you missed the window that won't shut", ("add", "The window that won't shut")),
    ("you forgot that the engineer never came back", ("add", "The engineer never came back")),
    ("not quite, I'd like a new boiler and an apology",
     ("outcome", "I'd like a new boiler and an apology")),
    ("no, email me instead at jo@example.com", ("contact", "email me instead at jo@example.com")),
    ("no that's wrong", None), ("change", None)])
async def test_a_change_typed_at_the_read_back_is_read(reply, part):
    from actions.answers import correction_in_words

    assert correction_in_words(reply) == part


async def test_a_missed_matter_typed_at_the_read_back_is_added_without_asking(intake_api):
    c = Conversation()
    await _to_read_back(c, {"acting_for": "no", "resident_name": "Jo Bloggs",
                            "contact_details": "07700 900123", "preferred_contact": "phone"})
    said = await c.say("no, you missed that the bathroom fan doesn't work either", "deny")
    assert c.slots["pending"] == "confirm" and "bathroom fan" in said[-1]
    assert "Which part" not in "\n".join(said)
    said = await c.say("it's right, I'm asking when someone will come", "enquiry")
    case = intake_api.case(c.reference)
    assert case["definition_confirmed"] is True
    assert any("bathroom fan" in p for p in case["definition"]["points"])
    assert not any("asking" in p for p in case["definition"]["points"])


@pytest.mark.parametrize("account, repair", [
    (("My service charge went up from £18 to £31 a week with no breakdown. There has been "
      "no reply to my letter."), False),
    ("My transfer was refused in October with no reason. I rang and was on hold for an hour.",
     False),
    ("Water drips through the back bedroom ceiling whenever it rains. Nobody has been to look.",
     True),
    ("The boiler broke in October. Nobody came.", True)])
async def test_a_repair_carries_on_only_when_a_thing_and_its_fault_are_told_together(
        account, repair):
    from actions.answers import about_unfixed_repair

    assert about_unfixed_repair(account) is repair


@pytest.mark.parametrize("said, advice, not_advice", [
    ("water is coming through the kitchen light, should I turn the electric off?",
     "fuse box", "National Gas"),
    ("I can smell gas in the hall", "National Gas", "fuse box"),
    ("the front door won't lock after a break-in last night", "101", "National Gas"),
    ("there's smoke coming from the socket", "get everyone out", "stopcock"),
    ("the balcony rail on the 4th floor is loose and my kids play out there", "away from it",
     "National Gas"),
    ("there's a funny smell from the boiler and we've all got headaches", "fresh air",
     "get everyone out, close the doors"),
    ("my front door lock is broken and I can't get it shut", "101", "National Gas"),
    ("the stair light is out and it's pitch black", "999", "National Gas")])
async def test_the_danger_advice_fits_the_danger(said, advice, not_advice):
    from actions.wording import emergency_signpost

    text = emergency_signpost({"out_of_hours_phone": "0808 157 0000"}, said)
    assert "999" in text and advice in text and not_advice not in text


async def test_contact_details_alone_are_not_a_point_and_but_yes_takes_up_the_offer():
    from actions.answers import accepts_complaint

    assert split_points("Name Dev Rana, 07700 900321, dev@example.com, 8 Kiln Row LS9 2AB. "
                        "The caretaker swore at my daughter on Friday.") == [
        "The caretaker swore at my daughter on Friday."]
    assert split_points("I rang 07700 900123 three times and nobody answered.") == [
        "I rang 07700 900123 three times and nobody answered."]
    assert accepts_complaint("Well I'm not one to make a fuss but yes, I suppose I must.", None)
    assert not accepts_complaint("yes, but not today thank you", None)


async def test_yes_to_anything_else_asks_for_it(intake_api):
    c = await _complaining()
    await c.say("yes", "affirm")
    assert c.slots["requested_slot"] == "more_points"
    await c.say("The contractor did not turn up on 3 November", "complaint")
    assert "The contractor did not turn up on 3 November" in c.slots["complaint_points"]
    await c.say("no", "deny")
    assert c.slots["requested_slot"] == "complaint_started"


@pytest.mark.parametrize("sideways", ["ARE YOU EVEN READING THIS", "?? i said my boiler",
                                      "why do you need to know that?"])
async def test_a_sideways_reply_to_the_offer_keeps_the_matter_they_told(intake_api, sideways):
    c = Conversation()
    await c.say(LEAK, "complaint", scores=reading(prior_report=True))
    assert c.slots["pending"] == "offer_complaint"
    await c.say(sideways, "complaint")  # however the NLU reads it
    assert c.slots["matter_text"] == LEAK
    assert c.slots["pending"] == "offer_complaint" or c.active_loop == "complaint_form"
    if c.slots["pending"] == "offer_complaint":
        await c.say("yes", "affirm")
    assert c.slots["complaint_points"][0].startswith("I reported the leak")
    assert not any(sideways.lower() in p.lower() for p in c.slots["complaint_points"])


async def test_asking_to_complain_in_reply_to_a_callback_offer_starts_the_complaint(intake_api):
    c = Conversation()
    await c.say("how do I get my rent statement posted to me", "enquiry",
                [{"name": "enquiry", "confidence": 0.9}])
    assert c.slots["pending"] == "offer_callback", c.all_said()
    await c.say("ok whatever yes complain, nobody ever answers the phone", "affirm")
    assert c.active_loop == "complaint_form"
