"""Validation for the forms: checks each answer, politely, and decides what to ask next.

Every question can be skipped ("skip") and every form can be left for a person
("person"). After two answers to the same question that can't be used, the bot
explains what it needs and offers both.

The words are responses in bot/domain.yml: each check names the response to send the
first time an answer can't be used (``utter_retry_*``) and the one that explains what it
needs the second time (``utter_explain_*``, followed by ``utter_skip_or_person``).
"""

from __future__ import annotations

import re

from abc import abstractmethod
from datetime import date
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions import answers, filing, triage, wording
from actions.case import (NONE_GIVEN, SKIPPED, address_said, answer, possible_exclusion,
                          references_said, said_before)
from actions.phrases import phrase
from actions.policy import load_policy

Result = dict[str, Any]


def _intent(tracker: Tracker) -> str | None:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


class _IntakeFormValidation(FormValidationAction):
    """Shared by every form: skip, 'person', the two-failures rule, names and contacts."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        events: list[EventType] = []
        message = tracker.latest_message or {}
        # An answer to the form's question, not the form's first run. Rasa validates with a
        # tracker whose latest action is the form itself (its temporary tracker adds the
        # form's ActionExecuted), so "action_listen" alone never held in the real stack:
        # played residents' withdrawals and questions part-way went unheard (twelfth
        # session); tests/bot/conversation.py now does as Rasa does.
        answering = tracker.get_slot("requested_slot") is not None and \
            tracker.latest_action_name in ("action_listen", tracker.active_loop_name)
        if answering and answers.asks_for_person_in_answer(
                message.get("text"), _intent(tracker), tracker.get_slot("requested_slot")):
            # End the form; action_route hands the conversation to a person. (Rasa's own
            # form rejection never happens here: the triage slots are set on every turn.)
            # "person" is no answer: the slot its words filled is left unanswered (retired
            # v21: "person" filed as the way to contact them, and the API refused the case).
            asked = tracker.get_slot("requested_slot")
            said = message.get("text") or ""
            unanswered = [SlotSet(asked, SKIPPED)] if len(said.split()) <= 8 and \
                tracker.get_slot(asked) == said else []
            return [*unanswered, SlotSet("pending", "handoff"), SlotSet("requested_slot", None)]
        if answering and tracker.active_loop_name == "complaint_form" and \
                answers.withdraws_complaint(message.get("text")):
            # "cancel the complaint please", "i dont want to complain any more": the form ends
            # and nothing is filed; action_route offers to log the matter instead (Code 1.3:
            # the choice is theirs).
            return [SlotSet("pending", "withdrawn"), SlotSet("requested_slot", None)]
        if answering and tracker.active_loop_name == "contact_form" and \
                tracker.get_slot("case_kind") == "compliment" and (
                    triage.asks_to_complain(message.get("text") or "")
                    or answers.not_a_compliment(message.get("text"))):
            # "That wasn't a compliment. I want to make a complaint." (played resident et-06
            # was thanked for his sarcasm, and the compliment filed): the complaint instead.
            return [SlotSet(tracker.get_slot("requested_slot"), None),
                    SlotSet("pending", "wants_complaint"), SlotSet("requested_slot", None),
                    SlotSet("case_kind", None)]
        if answering and tracker.active_loop_name == "asb_form" and (
                triage.asks_to_complain(message.get("text") or "")
                or triage.complains_of_our_handling(message.get("text") or "")):
            # "I want to make a complaint not another report", "your officer told him it was
            # me": a complaint about us, not the neighbour report (played residents,
            # fifteenth session, said so three times and got an ASB reference).
            return [SlotSet("pending", "wants_complaint"), SlotSet("requested_slot", None)]
        requested = tracker.get_slot("requested_slot")
        if answering and tracker.active_loop_name == "service_request_form" and \
                (requested or "").startswith("sr_") and \
                not tracker.get_slot("complaint_follows") and \
                answers.says_it_is_logged(message.get("text")):
            # "no wait its already logged, i rang 3 weeks ago… never turned up" while the
            # repair is being logged (played resident fy-09: filed as the access note, and
            # two requests logged for one leak): no second request; the complaint about it
            # is offered (action_route).
            return [SlotSet(requested, None), SlotSet("pending", "already_logged"),
                    SlotSet("requested_slot", None)]
        if answering and tracker.active_loop_name == "service_request_form" and \
                (requested or "").startswith("sr_") and \
                not tracker.get_slot("complaint_follows") and (
                    answers.only_asks_to_complain(message.get("text"))
                    or triage.asks_to_complain(message.get("text") or "")):
            # "complaint", "I want to complain about it" while the repair is being logged
            # (played residents, sixteenth session: filed as the repair's access, or met
            # with "please reply emergency, urgent or can wait"): the repair is finished
            # first, then the complaint taken; this question is asked again.
            dispatcher.utter_message(response="utter_complaint_after_repair")
            return await self._ask_next([SlotSet(requested, None),
                                         SlotSet("complaint_follows", True)],
                                        dispatcher, tracker, domain)
        said = message.get("text") or ""
        if answering and tracker.active_loop_name == "contact_form" and \
                tracker.get_slot("case_kind") == "compliment" and requested and \
                not answers.only_a_name(said) and triage.praises(said) and \
                not triage.unhappy_with_us(said):
            # "Our caretaker Dennis at Birch Tower has been an absolute star… the lift was
            # out" after "I just wanted to say something nice" (played resident to-06,
            # twentieth session: the praise was taken for a repair and left out of the
            # compliment): the thanks itself, kept with it; the question asked again.
            told = "\n".join(t for t in (tracker.get_slot("matter_text"), said) if t)
            dispatcher.utter_message(response="utter_noted_more_of_the_matter")
            return await self._ask_next([SlotSet(requested, None), SlotSet("matter_text", told)],
                                        dispatcher, tracker, domain)
        if answering and tracker.active_loop_name == "contact_form" and \
                tracker.get_slot("case_kind") == "compliment" and requested and \
                not answers.only_a_name(said) and (
                    answers.mentions_repair(said) or triage.unhappy_with_us(said)):
            # "Oh also while I'm on, the extractor fan has packed up and there's black mould"
            # to "what is your name?" after thanks (played residents fy-05, gi-06: "Sorry, I
            # didn't get your name", and the fan lost): kept for after the thanks is recorded,
            # when it is offered as a repair; the question is asked again.
            dispatcher.utter_message(response="utter_noted_for_after_thanks")
            return await self._ask_next([SlotSet(requested, None), SlotSet("next_matter", said)],
                                        dispatcher, tracker, domain)
        told = answers.postcode_told(said) if answering and requested not in (
            "postal_address", "sr_location", "status_proof") else None
        place = _postcode_for_address(told[0] if told else said, tracker) \
            if answering and requested not in ("postal_address", "sr_location", "status_proof",
                                               "contact_details") else None
        if place and (told is None or not told[1] or answers.is_no(told[1], None)):
            # "7 Beech Grove" then "LS11 5QT" or "oh postcode is LS11 5QT" on its own,
            # answering the next question (played residents, twentieth session: seven
            # postcodes of ten filed as an adjustment, a contact note or the way in): added to
            # the address; the question asked again, or answered by a no told with it
            # ("Sheffield S6 4RB. And no, not for me").
            dispatcher.utter_message(response="utter_noted_more_of_the_place")
            answered = NONE_GIVEN if told and told[1] and requested in _NO_MEANS_NONE else None
            return await self._ask_next([SlotSet(requested, answered),
                                         *(SlotSet(k, v) for k, v in place.items())],
                                        dispatcher, tracker, domain)
        if not place and told and told[1] and answers.is_no(told[1], None) and \
                requested in _NO_MEANS_NONE:
            # "sorry its NG7 1FB. no nothing like that" to "anything to make this easier?"
            # (played resident tp-06, twenty-first session: filed as the adjustment, and the
            # flag raised): the postcode kept, and the no is the answer.
            return await self._ask_next(
                [SlotSet(requested, NONE_GIVEN),
                 *([SlotSet("postcode", answers.find_postcode(told[0]))]
                   if not tracker.get_slot("postcode") else [])], dispatcher, tracker, domain)
        if place and told:
            # More said with it ("im in all day, come now. postcode is NG1 3EH by the way"):
            # the address has its postcode, and the answer is read as usual.
            events.extend(SlotSet(k, v) for k, v in place.items())
        elif told and not place and not tracker.get_slot("postcode"):
            events.append(SlotSet("postcode", answers.find_postcode(told[0])))
        surname = answers.surname_told(message.get("text")) if answering else None
        if surname:
            # "actually my surname is Whitaker if u need it", told in another answer (played
            # resident gg-01: lost, the case filed as "jade").
            who = "rep_name" if tracker.get_slot("acting_for") is True else "resident_name"
            known = answer(tracker.slots, who)
            if isinstance(known, str) and known and surname.lower() not in known.lower():
                events.append(SlotSet(who, f"{known.split()[0]} {surname}"
                                      if len(known.split()) == 1 else known))
        in_repair = tracker.active_loop_name == "service_request_form"
        asked = answers.question_to_us(message.get("text")) if answering else None
        counts = dict(tracker.get_slot("failed_attempts") or {})
        if asked == "compensation" and requested == "desired_outcome":
            asked = None  # "can I get compensation for my carpet?" to "what would you like?"
        if asked and requested and not counts.get(f"asked:{requested}:{asked}"):
            # "is someone coming tonight?" to "what would you like us to do?": answered, and
            # the question asked again, never stored as the answer. Once per question: asked
            # again, their reply is read as an answer as before.
            dispatcher.utter_message(text=wording.answer_to_question(
                asked, load_policy(), repair=in_repair))
            counts[f"asked:{requested}:{asked}"] = 1
            return await self._ask_next([SlotSet(requested, None),
                                         SlotSet("failed_attempts", counts)],
                                        dispatcher, tracker, domain)
        trailing = answers.trailing_question(said) if answering and \
            requested in _FREE_TEXT_ANSWERS else None
        if trailing and not counts.get(f"asked:{requested}:{trailing[0]}"):
            # "the boiler. no heating no hot water. but will complaining affect her
            # tenancy??" (played resident to-01, twentieth session: the question filed with
            # the repair and never answered): the answer kept without it, and it answered.
            key, rest = trailing
            dispatcher.utter_message(text=wording.answer_to_question(
                key, load_policy(), repair=in_repair))
            counts[f"asked:{requested}:{key}"] = 1
            kept = NONE_GIVEN if requested == "sr_at_risk" and answers.is_no(rest, None) \
                else rest
            return await self._ask_next([SlotSet(requested, kept), SlotSet("failed_attempts", counts)],
                                        dispatcher, tracker, domain)
        if answering and answers.in_despair(message.get("text")) and \
                not tracker.get_slot("care_offered"):
            # "i cant do this anymore" in an answer: a word of care, once (played pk-06).
            dispatcher.utter_message(response="utter_care")
            events.append(SlotSet("care_offered", True))
        elif answering and answers.feels_unsafe(message.get("text")) and \
                not tracker.get_slot("care_offered"):
            dispatcher.utter_message(response="utter_not_safe")
            events.append(SlotSet("care_offered", True))
        if tracker.get_slot("emergency") and not tracker.get_slot("emergency_signposted"):
            # Danger mentioned part-way through a form: signpost before the next question.
            dispatcher.utter_message(text=wording.emergency_signpost(
                load_policy(), (tracker.latest_message or {}).get("text")))
            events.append(SlotSet("emergency_signposted", True))
        elif answering and tracker.get_slot("emergency"):
            # Advice once: a handrail told in "what went wrong?" and named again in the
            # outcome got "keep everyone away from it" three times (retired v25).
            # Everything they said before: the matter and the repair's description among it.
            added = wording.advice_added(load_policy(), said_before(tracker.events),
                                         (tracker.latest_message or {}).get("text"))
            if added:
                dispatcher.utter_message(text=added)  # "its right by the light fitting"
        return events + await super().run(dispatcher, tracker, domain)

    async def _ask_next(self, events: list[EventType], dispatcher: CollectingDispatcher,
                        tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Events that keep the form going, with the question it asks next: ours (``order``),
        not Rasa's first empty slot in the domain's list. Left to Rasa, a postcode told at
        "anything to make this easier?" or a question answered part-way was followed by
        "What is your name?" (the representative's, for someone writing for themselves;
        played residents, twenty-second session)."""
        tracker.add_slots(events)
        following = await self.next_requested_slot(dispatcher, tracker, domain)
        return [*events, *([following] if following else [])]

    @abstractmethod
    def order(self, tracker: Tracker) -> list[str]:
        """The slots this form asks for, in order, given what is known so far."""

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        if tracker.get_slot("pending") in ("handoff", "withdrawn", "wants_complaint",
                                           "already_logged"):
            # The resident asked for a person, or no longer wants to complain: the form ends
            # and action_route takes it from there.
            return []
        return self.order(tracker)

    def escape(self, slot: str, value: Any, tracker: Tracker) -> Result | None:
        """'person' or 'skip' instead of an answer."""
        text = value if isinstance(value, str) else ""
        # The intent is the latest message's: it says nothing of a value set from earlier
        # words (the matter a "skip" to an offer carried into the repair form).
        latest = ((tracker.latest_message or {}).get("text") or "").strip()
        intent = _intent(tracker) if text.strip() == latest else None
        if value in (SKIPPED, NONE_GIVEN):
            return {slot: value}  # kept from before (a request just logged): not asked again
        if text.strip() == latest and answers.asks_for_person_in_answer(text, intent, slot):
            # Only when they say it now: "I need to speak to someone urgently" opening the
            # account they then chose to complain about is the matter's first words, not a
            # wish for a person (retired v25: the complaint's questions were never asked).
            return {slot: SKIPPED, "pending": "handoff"}
        if answers.is_skip(text, intent):
            return {slot: SKIPPED}
        return None

    def failed(self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker,
               retry: str, explain: str) -> Result:
        """An answer that can't be used: ``retry`` (a response's name) the first time,
        ``explain`` with the way out ('skip', 'person') after that."""
        counts = dict(tracker.get_slot("failed_attempts") or {})
        counts[slot] = counts.get(slot, 0) + 1
        if counts[slot] >= 2:
            dispatcher.utter_message(text=phrase(explain) + " " + phrase("utter_skip_or_person"))
        else:
            # This year in an example reference ("CMP-{year}-000123"), never a fixed one.
            dispatcher.utter_message(text=phrase(retry, year=date.today().year))
        return {slot: None, "failed_attempts": counts}

    def free_text(self, slot: str, value: Any, dispatcher: CollectingDispatcher,
                  tracker: Tracker) -> Result:
        escaped = self.escape(slot, value, tracker)
        if escaped:
            return escaped
        if not isinstance(value, str) or not value.strip():
            return self.failed(slot, dispatcher, tracker, "utter_retry_free_text",
                               "utter_explain_free_text")
        if value.startswith("/") or answers.is_bare_yes_or_no(value):
            return self.failed(slot, dispatcher, tracker, "utter_retry_more_than_yes_no",
                               "utter_explain_free_text")
        return {slot: answers.without_told_you(value.strip())}

    def validate_resident_name(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> Result:
        return self.name_answer("resident_name", value, dispatcher, tracker)

    def name_answer(self, slot: str, value: Any, dispatcher: CollectingDispatcher,
                    tracker: Tracker) -> Result:
        """The name alone ("I did say at the start dear, Mrs Edith Barnes" -> "Mrs Edith
        Barnes"). A phone or email given with it is the writer's way to reach them, so
        it is not asked for again; a representative's "Mum is Joan Patel" names the
        resident, if we don't know them yet."""
        result = self.free_text(slot, value, dispatcher, tracker)
        if result.get(slot) in (None, SKIPPED, NONE_GIVEN):
            return result
        reading = answers.read_name(result[slot])
        # The resident's name given by someone acting for them: their number is not it.
        writer = slot == "rep_name" or tracker.get_slot("acting_for") is not True
        contact = _contact_slots(reading.phone, reading.email, tracker) if writer else {}
        if reading.other_name and slot == "rep_name" and \
                answer(tracker.slots, "resident_name") is None:
            result["resident_name"] = reading.other_name
        if reading.name:
            return {**result, slot: reading.name, **contact}
        if contact:  # only a number or an email: kept, and the name asked for again
            dispatcher.utter_message(response="utter_noted")
            return {**result, slot: None, **contact}
        return self.failed(slot, dispatcher, tracker, "utter_retry_name", "utter_explain_name")

    def extract_resident_name(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> Result:
        return _named_in_opening("resident_name", tracker.get_slot("acting_for"), tracker,
                                 asks_who="acting_for" in self.order(tracker))

    def extract_rep_name(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: DomainDict) -> Result:
        return _named_in_opening("rep_name", tracker.get_slot("acting_for"), tracker)

    def extract_contact_details(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> Result:
        """A phone or email in the opening ("ring me on 07700 900123") is not asked for."""
        if tracker.get_slot("contact_details") is not None or \
                tracker.get_slot("requested_slot") == "contact_details":
            return {}
        opening = tracker.get_slot("matter_text")
        given = " ".join(v for v in (answers.find_phone(opening), answers.find_email(opening))
                         if v)
        return {"contact_details": given} if given else {}

    def validate_contact_details(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> Result:
        escaped = self.escape("contact_details", value, tracker)
        if escaped:
            return escaped
        text = value if isinstance(value, str) else ""
        if answers.phone_too_long(text) and not answers.find_email(text):
            return self.failed("contact_details", dispatcher, tracker,
                               "utter_retry_phone_too_long", "utter_explain_contact_details")
        phone, email = answers.find_phone(text), answers.find_email(text)
        if not (phone or email) and answers.no_contact_needed(text):
            # "You don't need to ring me love, just make sure Dennis hears about it" (played
            # resident to-06, twentieth session: filed as wanting a phone call, no number).
            return {"contact_details": SKIPPED, "preferred_contact": None}
        texting_from = _texting_from(tracker)
        if not (phone or email) and texting_from and answers.is_yes(text, _intent(tracker)):
            phone = texting_from  # "yes": the number they are texting from
        preference = answers.read_contact_preference(text)
        writes = preference.method == "letter" or answers.has_no_phone_or_email(text) or (
            preference.method is None and tracker.get_slot("preferred_contact") == "letter"
            and answers.has_no_email(text))
        if not (phone or email) and writes:
            # "Please write to me: 27 Church Lane, SG7 5QH", "I've no phone or email":
            # letters need no number, and no email is asked for.
            result: Result = {**_preference_slots(preference, tracker),
                              "contact_details": SKIPPED, "preferred_contact": "letter"}
            address = answers.find_address(text)
            if address:
                result["postal_address"] = address
                result["postcode"] = answers.find_postcode(address)
            return result
        if not (phone or email) and preference.method:
            # "just ring me", "I don't do email, just ring me": how, not where. The
            # preference is kept and the number (or address) asked for once; if it still
            # doesn't come, we go on without it rather than ask again.
            counts = dict(tracker.get_slot("failed_attempts") or {})
            asked = counts.get("contact_details", 0)
            counts["contact_details"] = asked + 1
            return {"contact_details": SKIPPED if asked else None,
                    "preferred_contact": preference.method, "failed_attempts": counts,
                    **_preference_slots(preference, tracker)}
        if not (phone or email) and answers.has_no_email(text):
            return self.failed("contact_details", dispatcher, tracker, "utter_retry_no_email",
                               "utter_explain_no_email")
        if not (phone or email):
            return self.failed("contact_details", dispatcher, tracker,
                               "utter_retry_contact_details", "utter_explain_contact_details")
        # A second answer (a number after an email, say) adds to the first. A limit said
        # beside the number ("07700 900768 - don't leave voicemails") is kept in their words
        # (retired v21: lost).
        rest = answers.without_contact_details(text)
        limit = rest if rest and (answers.states_contact_need(rest)
                                  or answers.refuses_a_way(rest)) else None
        result = {"contact_details": text,
                  "contact_phone": phone or tracker.get_slot("contact_phone"),
                  "contact_email": email or tracker.get_slot("contact_email"),
                  **_preference_slots(preference, tracker, said=limit)}
        if preference.method and not answer(tracker.slots, "preferred_contact") and \
                answers.read_contact_preference(answers.without_number_labels(text)).method:
            # "07700 900412 text is best": how to reach them is said; not asked again. "a
            # mobile I do not always hear" names the number, not how they want us to reach
            # them (retired v18: filed as phone, never asked; she wanted letters).
            result["preferred_contact"] = preference.method
        postcode = answers.find_postcode(text)
        if postcode:
            result["postcode"] = postcode
        return result


    def validate_acting_for(self, value: Any, dispatcher: CollectingDispatcher,
                            tracker: Tracker, domain: DomainDict) -> Result:
        result = validate_acting_for(self, value, dispatcher, tracker)
        if result.get("acting_for") in (True, False):
            # Who the writer is now known: the name they introduced themselves by is theirs.
            slot = "rep_name" if result["acting_for"] else "resident_name"
            result.update(_named_in_opening(slot, result["acting_for"], tracker))
        return result

    def validate_rep_name(self, value: Any, dispatcher: CollectingDispatcher,
                          tracker: Tracker, domain: DomainDict) -> Result:
        return self.name_answer("rep_name", value, dispatcher, tracker)

    def validate_rep_relationship(self, value: Any, dispatcher: CollectingDispatcher,
                                  tracker: Tracker, domain: DomainDict) -> Result:
        text = value if isinstance(value, str) else ""
        if answers.only_consent(text) and not tracker.get_slot("consent"):
            # "Yes, she signed our authority form" to "how are you connected to them?"
            # (played resident tn-04, twentieth session: filed as the relationship): their
            # consent, and the question asked again.
            consent = answers.read_consent(text, _intent(tracker))
            return {"rep_relationship": None, **({"consent": consent} if consent else {})}
        result = self.free_text("rep_relationship", value, dispatcher, tracker)
        said = result.get("rep_relationship")
        if said not in (None, SKIPPED, NONE_GIVEN):
            # "I'm her daughter, I do all her forms" is filed as "daughter" (played q).
            result["rep_relationship"] = answers.read_relationship(said)
        return result

    def validate_consent(self, value: Any, dispatcher: CollectingDispatcher,
                         tracker: Tracker, domain: DomainDict) -> Result:
        escaped = self.escape("consent", value, tracker)
        if escaped:
            return {**escaped, "consent": answers.CONSENT_PENDING} \
                if "pending" not in escaped else escaped
        said = value if isinstance(value, str) else ""
        if said in (answers.CONSENT_GIVEN, answers.CONSENT_NOT_NEEDED) and \
                said != (tracker.latest_message or {}).get("text"):
            return {"consent": said}  # set from the letter itself ("I hold a registered LPA")
        if answers.read_acting_for(said).acting is False and re.search(
                # not "Not in writing yet, she's happy for me to deal with it" (played
                # resident er-01: her consent was read as not acting for anyone)
                r"\b(?:not|never|no)\b[^.!?]{0,20}\b(?:acting|(?<!in )writing(?! yet)|"
                r"contacting you|messaging)\b|"
                r"\bmy own\b|\bfor myself\b|\bi live (?:there|here)\b|\bi'?m the tenant\b", said,
                re.IGNORECASE):
            # "WHAT?? IM NOT ACTING FOR ANYONE ITS MY OWN COMPLAINT. I LIVE THERE": they are
            # the resident; the name they gave is theirs (a played resident was asked for
            # her own permission, then read back as acting for "NOBODY").
            name = tracker.get_slot("rep_name")
            return {"acting_for": False, "on_behalf": False, "consent": None, "rep_name": None,
                    "rep_relationship": None, "rep_professional": None,
                    **({"resident_name": name} if name and not answer(
                        tracker.slots, "resident_name") else {})}
        consent = answers.read_consent(said, _intent(tracker))
        if consent is None:
            return self.failed("consent", dispatcher, tracker, "utter_retry_consent",
                               "utter_explain_consent")
        if consent == answers.CONSENT_PENDING:
            dispatcher.utter_message(response="utter_consent_pending")
        return {"consent": consent}

    def validate_preferred_contact(self, value: Any, dispatcher: CollectingDispatcher,
                                   tracker: Tracker, domain: DomainDict) -> Result:
        escaped = self.escape("preferred_contact", value, tracker)
        if escaped:
            return escaped
        text = value if isinstance(value, str) else ""
        texting_from = _texting_from(tracker)
        if texting_from and answers.is_yes(text, _intent(tracker)) and not \
                answers.read_contact_preference(text).method:
            # "yes" to the channel's own number, offered as the default.
            whatsapp = tracker.sender_id.startswith("whatsapp:")
            return {"preferred_contact": "whatsapp" if whatsapp else "sms",
                    "contact_phone": tracker.get_slot("contact_phone") or texting_from}
        preference = answers.read_contact_preference(text)
        noted = _preference_slots(preference, tracker, said=text)
        method = preference.method or ("phone" if preference.when or preference.avoid else None)
        if method is None and answers.no_preference(text):
            # "Either, I'm retired": no preference; the note keeps what they said.
            return {"preferred_contact": NONE_GIVEN, **noted}
        if method is None:
            if noted:  # "I'm deaf": kept, and the question asked again
                dispatcher.utter_message(response="utter_contact_noted")
                return {"preferred_contact": None, **noted}
            return self.failed("preferred_contact", dispatcher, tracker,
                               "utter_retry_preferred_contact", "utter_explain_preferred_contact")
        result = {"preferred_contact": method, **noted}
        if method in ("phone", "sms", "whatsapp") and not tracker.get_slot("contact_phone") \
                and not answers.find_phone(text):
            # "Text me", but we only have an email: ask for the number (contact_details again).
            result["contact_details"] = None
        elif answers.find_phone(text) and not tracker.get_slot("contact_phone"):
            result["contact_phone"] = answers.find_phone(text)
        return result

    def validate_postal_address(self, value: Any, dispatcher: CollectingDispatcher,
                                tracker: Tracker, domain: DomainDict) -> Result:
        text = value if isinstance(value, str) else ""
        if text and answers.is_no(text, _intent(tracker), short=True) and \
                not answers.names_a_place(text):
            return {"postal_address": SKIPPED}  # "no": not given, and not asked again
        if isinstance(value, str):
            value = answers.without_said_already(value)
        result = self.free_text("postal_address", value, dispatcher, tracker)
        given = result.get("postal_address")
        if isinstance(given, str) and given not in (SKIPPED, NONE_GIVEN) and \
                not answers.names_a_place(given):
            # No address in it (played residents, fourteenth session: "Polish interpreter is
            # good for phone" and "i already said. my son has a heart condition…" were
            # filed as the address). One given earlier in the conversation, for a repair
            # say, is the answer to "i already said"; a need told here is kept as one.
            earlier = next((found for event in reversed(tracker.events)
                            if event.get("event") == "user"
                            and (found := answers.find_address(event.get("text")))), None)
            if earlier and answers.said_already(given):
                return {"postal_address": earlier, **_postcode_of(earlier),
                        **_need_told_instead(given, tracker)}
            if answers.keeps_address_back(given):
                return {"postal_address": SKIPPED, **_need_told_instead(given, tracker)}
            kept = _need_told_instead(given, tracker)
            return {**self.failed("postal_address", dispatcher, tracker,
                                  "utter_retry_postal_address", "utter_explain_postal_address"),
                    **kept}
        if isinstance(given, str) and tracker.get_slot("acting_for") is True and \
                answers.writers_own_address(given):
            # "to me at our office, 2 Market Street": the writer's, not the resident's home.
            return {"postal_address": SKIPPED,
                    "rep_address": answers.writers_address(given) or answers.find_address(given)
                    or given}
        postcode = answers.find_postcode(result.get("postal_address"))
        if postcode:
            result["postcode"] = postcode
        return result

    def validate_linked_reference(self, value: Any, dispatcher: CollectingDispatcher,
                                  tracker: Tracker, domain: DomainDict) -> Result:
        text = value if isinstance(value, str) else ""
        if answers.is_no(text, _intent(tracker), short=True):
            return {"linked_reference": NONE_GIVEN}
        told = tracker.get_slot("told_before")
        if not answers.find_references(text, answering=True) and answers.report_history(text) \
                and (not told or told in (SKIPPED, NONE_GIVEN) or answers.is_yes(told)):
            # "i rang lettings on 12 november and emailed rent accounts on 3 november, no
            # reply" to "do you have a reference number?": when they told us, not a
            # reference (played resident tj-10, twentieth session: it was lost).
            return {"linked_reference": NONE_GIVEN, "told_before": text, "prior_report": True}
        return self.free_text("linked_reference", value, dispatcher, tracker)

    def validate_adjustments(self, value: Any, dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> Result:
        text = value if isinstance(value, str) else ""
        # "No, but…", "No. Dad is 79…", "nah I'm fine": the no is taken off; "No appointments
        # on Tuesdays please" keeps its "No" (retired v9: filed as "appointments on Tuesdays").
        rest = answers.after_leading_no(text)
        if answers.said_already(text) and re.search(r"\bno\b", text, re.IGNORECASE) and \
                len(text.split()) <= 6:
            # "I said no before" (played resident ev-04, asked again: filed as the need)
            return {"adjustments": NONE_GIVEN}
        if (rest == text or not answers.content_words(rest)) and (
                answers.is_no(text, _intent(tracker), short=True) or answers.nothing_more(text)
                or answers.declines(text)):
            return {"adjustments": NONE_GIVEN}
        address = answers.find_address(text)
        if address and answers.find_postcode(text) and not answers.names_an_adjustment(text) \
                and not answers.says_vulnerable(text):
            # "i already gave it. flat 10 brennan court M14 6QT" (played resident tl-01,
            # twentieth session: filed as an adjustment, and the flag set): the address.
            return {"adjustments": NONE_GIVEN,
                    **({"postal_address": address, **_postcode_of(address)}
                       if not answer(tracker.slots, "postal_address") else {})}
        if not (answers.names_an_adjustment(rest) or answers.says_vulnerable(rest)):
            if answers.asks_us_something(rest):
                # "how long is this gonna take" (played residents, sixteenth session: filed as
                # an adjustment): a question, not a need.
                return {"adjustments": NONE_GIVEN}
            if answers.tells_of_reporting(rest):
                # "ive reported them 5 times": more of the matter's history, not a need.
                return {"adjustments": NONE_GIVEN, "prior_report": True}
        preference = answers.read_contact_preference(rest)
        # A condition told here is why they need something ("I have fibromyalgia, email is
        # easier for me"): an adjustment, with their words.
        need = answers.names_an_adjustment(rest) or (answers.plainly_vulnerable(rest)
                                                     and bool(preference.method)) or (
            bool(preference.method) and answers.states_contact_need(rest)
            and not answers.question_to_us(rest))
        if rest != text or (preference.method and not need):
            # "No. Dad is 79 and can't hear well" is the rest; "phone. will someone come
            # tonight?" or "Email, quoting our ref" is how to reach them, not an adjustment.
            if preference.method and not need:
                slots = {"adjustments": NONE_GIVEN}
                if not answer(tracker.slots, "preferred_contact"):
                    slots["preferred_contact"] = preference.method
                # Their words beyond the method are kept as a contact note, never lost.
                slots.update({k: v for k, v in _preference_slots(preference, tracker,
                                                                 rest).items()
                              if k == "contact_note"})
                return slots
            if answers.says_vulnerable(rest) and not need:
                return {"adjustments": NONE_GIVEN, "vulnerability": True}
            if not need:
                # Words beyond the no are kept with the contact notes, never dropped.
                return {"adjustments": NONE_GIVEN,
                        **{k: v for k, v in _preference_slots(preference, tracker,
                                                              rest).items()
                           if k == "contact_note"}}
            value = text = rest
        result = self.free_text("adjustments", value, dispatcher, tracker)
        if result.get("adjustments") not in (None, SKIPPED, NONE_GIVEN):
            # Code 5.10: every adjustment is recorded; the vulnerability flag is for a
            # disability, illness, mental health, pregnancy, young children or old age,
            # not a language or how to be contacted.
            if answers.says_vulnerable(text):
                result["vulnerability"] = True
            preference = answers.read_contact_preference(text)
            if preference.method and (not answer(tracker.slots, "preferred_contact")
                                      or answers.contact_wish(text)):
                # "I'm deaf, so text please": how to contact them too, unless they have
                # already said ("email me; text her, not calls" stays email). A wish said
                # outright is the latest word: "hard of hearing, so I should be grateful if
                # you would write to me by letter rather than telephone" (played resident
                # fw-04 was read back "by phone").
                result["preferred_contact"] = preference.method
            # "I am hard of hearing… please do not ring" (played resident es-02): how to
            # reach them is kept in their words as well as the need.
            said = text if (preference.method or answers.refuses_a_way(text)) else None
            result.update({k: v for k, v in _preference_slots(preference, tracker,
                                                              said).items()
                           if k == "contact_note"})
        return result


def report_told(slots: dict[str, Any]) -> bool:
    """Whether the resident has told us they reported the matter before: the flag, or their
    account's words ("nobody came on the day they said")."""
    return bool(slots.get("prior_report")) or report_said(slots)


def report_said(slots: dict[str, Any]) -> bool:
    """Whether their own words tell of an earlier report: only then are they told "you said
    you've told us before" (played residents, thirteenth session: "I didnt say that?" where
    only the learned reading had guessed it)."""
    account = " ".join([slots.get("matter_text") or "", *(slots.get("complaint_points") or [])])
    return answers.tells_of_earlier_report(account)


def who_is_writing(tracker: Tracker, always: bool) -> list[str]:
    """Whether they write for someone else (asked in every complaint, and for a request
    when the opening suggested it); for a representative: who, how connected, and
    consent (pending doesn't stop logging)."""
    if not always and not tracker.get_slot("on_behalf") and tracker.get_slot(
            "acting_for") is not True:
        return []
    slots = ["acting_for"]
    if tracker.get_slot("acting_for") is True:
        slots += ["rep_name", "rep_relationship", "consent"]
    return slots


def how_to_reach(tracker: Tracker) -> list[str]:
    """Name, phone or email, and how they'd like us to contact them (Code 5.10): asked in
    every flow that takes contact details; a letter needs an address."""
    slots = ["resident_name", "contact_details"]
    if tracker.get_slot("contact_details") != SKIPPED or tracker.get_slot("contact_phone") \
            or tracker.get_slot("contact_email") or _texting_from(tracker):
        slots.append("preferred_contact")  # not when they gave no way to reach them
    if tracker.get_slot("preferred_contact") == "letter":
        slots.append("postal_address")
    return slots


def _contact_slots(phone: str | None, email: str | None, tracker: Tracker) -> Result:
    """A phone or email given in another answer (with their name, say): the answer to
    "how can we reach you?" too, added to what we have, so it is not asked again."""
    if not (phone or email):
        return {}
    result: Result = {"contact_phone": phone or tracker.get_slot("contact_phone"),
                      "contact_email": email or tracker.get_slot("contact_email")}
    if tracker.get_slot("contact_details") in (None, SKIPPED):
        result["contact_details"] = " ".join(v for v in (phone, email) if v)
    return result


def _named_in_opening(slot: str, acting_for: Any, tracker: Tracker,
                      asks_who: bool = False) -> Result:
    """The name the writer introduced themselves by in their opening ("My name is Mrs
    Edith Barnes, I am 84"), once we know whose it is: the resident's when they write
    for themselves, the representative's when they act for someone."""
    if tracker.get_slot(slot) is not None or tracker.get_slot("requested_slot") == slot:
        return {}
    if slot == "rep_name" and acting_for is not True:
        return {}
    if slot == "resident_name" and acting_for is not False and (
            acting_for is True or asks_who or tracker.get_slot("on_behalf")):
        return {}
    name = answers.introduced_name(tracker.get_slot("matter_text"))
    return {slot: name} if name else {}


def _texting_from(tracker: Tracker) -> str | None:
    """The phone number an SMS or WhatsApp resident is writing from, if we know it."""
    if tracker.get_latest_input_channel() not in ("twilio", "whatsapp", "sms") and not \
            tracker.sender_id.startswith("whatsapp:"):
        return None
    return answers.find_phone(tracker.sender_id.replace("whatsapp:", ""))


def _start_told(said: Any, tracker: Tracker) -> Result:
    """"since the 10th of November" told in an account: "when did this start?" is then not
    asked (played residents s-01, s-02 were asked again and answered "told u")."""
    started = answers.start_said(said if isinstance(said, str) else None)
    if not started or tracker.get_slot("complaint_started"):
        return {}
    return {"complaint_started": started, "possible_exclusion": _may_be_excluded(started)}


def _may_be_excluded(started: str) -> bool:
    """Code 2.3: flagged for staff when it may be too old; the resident is not turned away."""
    window = int(load_policy().get("exclusion_window_months") or 12)
    return possible_exclusion(started, window, date.today())[0]


def needs_noted(contact_note: str | None) -> str | None:
    """The needs a contact answer told ("Said they are deaf", "Needs: large print",
    "Interpreter: Polish"), in a few words: "deaf, a Polish interpreter"; None if none."""
    needs = []
    for note in (contact_note or "").split("; "):
        if note.startswith("Said they are "):
            needs.append(note.removeprefix("Said they are "))
        elif note.startswith("Needs: "):
            needs.append(note.removeprefix("Needs: "))
        elif note.startswith("Told us about: "):
            needs.append(note.removeprefix("Told us about: "))
        elif note.startswith("Interpreter: "):
            needs.append(f"a {note.removeprefix('Interpreter: ')} interpreter")
    return ", ".join(dict.fromkeys(needs)) or None


_CONDITIONS = frozenset({"anxiety", "depression", "adhd", "mental health", "autism",
                         "learning disability", "learning disabilities", "dyslexia", "dyslexic",
                         "stammer", "disability", "hearing loss", "sight loss", "hearing impaired",
                         "visually impaired", "speech impairment", "speech problems",
                         "speech problem", "sight problems", "sight problem", "wheelchair"})


def _preference_slots(preference: answers.ContactPreference, tracker: Tracker,
                      said: str | None = None) -> Result:
    """What a contact answer says beyond the method: a time to call, an adjustment or an
    interpreter (Code 5.10). Kept in ``contact_note``; the case files a time as the
    contact note and a need as an adjustment (actions/case.py). With
    ``said`` (the answer to "how would you like us to contact you?"), anything beyond
    the method ("not at dinnertime, 12 till 1", "no phone calls to her") is kept in the
    resident's own words."""
    notes = [n for n in (tracker.get_slot("contact_note") or "").split("; ") if n]
    if said and answers.says_more_than_method(said):
        notes.append(answers.in_their_words(said))
    if preference.when:
        notes.append(f"Best time to contact: {answers.plain_time(preference.when, said)}")
    if preference.avoid:
        notes.append(f"Do not contact: {preference.avoid}")
    elif said and (refused := answers.refuses_a_way(said)):
        # "I am hard of hearing. Please do not ring." (played resident es-02: only the
        # adjustment was kept, and the contact note left empty)
        # "grandad is quite deaf so dont phone him" (played residents tn-02, tn-03,
        # twentieth session: filed on the grandson who wrote): the resident is not to be
        # phoned, and the note says so (actions/case.py keeps it on the resident).
        notes.append(f"Do not contact the resident by {refused}"
                     if tracker.get_slot("acting_for") is True
                     and answers.refusal_for_someone_else(said)
                     else f"Do not contact: by {refused}")
    if preference.adjustment:
        # A condition is what they told us, not a need ("Needs: depression" read oddly to
        # the played residents of the nineteenth session); large print or BSL is a need.
        notes.append(f"Said they are {preference.adjustment}"
                     if preference.adjustment in ("deaf", "blind", "disabled", "dyslexic",
                                                  "autistic", "partially sighted",
                                                  "partially deaf")
                     else f"Told us about: {preference.adjustment}"
                     if preference.adjustment in _CONDITIONS
                     else f"Needs: {preference.adjustment}")
    if preference.language == "Welsh":
        notes.append("Would like to use Welsh")
    elif preference.language:
        notes.append(f"Interpreter: {preference.language}")
    notes = list(dict.fromkeys(notes))
    if not notes or "; ".join(notes) == tracker.get_slot("contact_note"):
        return {}
    result: Result = {"contact_note": "; ".join(notes)}
    if preference.adjustment and answers.says_vulnerable(preference.adjustment):
        result["vulnerability"] = True
    return result


# "for my mum Patricia Nolan", "my neighbour, Mr Ernest Pike": the resident named after who
# they are to the writer.
_FOR_NAMED = re.compile(
    r"\b(?i:my|our) (?i:mum|mam|mother|dad|father|nan|nana|gran|granny|grandma|grandad|grandfather|"
    r"grandmother|aunt|auntie|uncle|brother|sister|son|daughter|neighbour|client|friend|husband|"
    r"wife|partner|father-in-law|mother-in-law|cousin|constituent)\b,?\s+"
    r"((?:(?i:mr|mrs|ms|miss|dr)\.?\s+)?[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)+)")


def validate_acting_for(form: _IntakeFormValidation, value: Any,
                        dispatcher: CollectingDispatcher, tracker: Tracker) -> Result:
    """"Are you getting in touch for someone else?" answered in words: "me", "just me"
    are a no; "My dad.", "Sidney Platt.", "Ms Grace Mbeki, our client." are a yes, and
    what they say about who is kept so it isn't asked again."""
    if value is True or value is False:
        return {"acting_for": value}
    text, intent = (value if isinstance(value, str) else ""), _intent(tracker)
    reading = answers.read_acting_for(text, intent)
    if reading.acting is None:
        escaped = form.escape("acting_for", value, tracker)
        if escaped:
            if "pending" in escaped:
                return escaped
            # Skipped: what the opening said about who is writing stands.
            return {**escaped, "acting_for": bool(tracker.get_slot("on_behalf"))}
        return form.failed("acting_for", dispatcher, tracker, "utter_retry_acting_for",
                           "utter_explain_acting_for")
    if reading.acting is False:
        result: Result = {"acting_for": False}
        # "No. I'm Priya Sharma, 07700 900273": their name and number, not asked again
        # (played resident pa-09 was asked her name after giving it here).
        said = answers.after_leading_no(text)
        if re.match(r"\W*(?:i'?m|i am|im|my name(?:'s| is)|this is)\s", said, re.IGNORECASE):
            named = answers.read_name(said)
            if named.name and tracker.get_slot("resident_name") in (None, SKIPPED):
                result["resident_name"] = named.name
            result.update(_contact_slots(named.phone, named.email, tracker))
        rest = re.sub(r"^\W*(?:(?:no|nope|nah)\b[\s,.!;:-]*)?(?:(?:it'?s |its )?(?:just )?(?:me|myself|"
                      r"for me|for myself|mine)\b[\s,.!;:-]*)", "", said, flags=re.IGNORECASE)
        first = re.split(r"[,;\n]", rest)[0].strip(" .") if rest != said else ""
        if first and answers.only_a_name(first) and \
                tracker.get_slot("resident_name") in (None, SKIPPED) and "resident_name" not in result:
            # "no me. Gary Whitlock, 19 Mill Lane, Stockport SK4 1PQ" (played resident tr-07,
            # twenty-first session: asked his name next): the name, and the address with it.
            result["resident_name"] = first
            address = answers.find_address(rest)
            if address and not answer(tracker.slots, "postal_address"):
                result.update({"postal_address": address, **_postcode_of(address)})
        return result
    result = {"acting_for": True, "on_behalf": True}
    # "Yes. I'm her son Gary Nolan.", "Yes, I'm Gary Nolan, it's for my mum Patricia Nolan":
    # the writer's own name is theirs, never the resident's (a played son was filed as the
    # resident "I'm Gary Nolan" and asked his name again).
    writer = answers.introduced_name(text)
    if not writer:
        said_who = re.search(r"\b(?i:i'?m|i am|im) (?i:his|her|their) [a-z-]+,?\s+([A-Z][a-z'-]+"
                             r"(?:\s+[A-Z][a-z'-]+)+)", text)
        writer = said_who.group(1) if said_who else None
    if writer and not answer(tracker.slots, "rep_name"):
        result["rep_name"] = writer
    resident = reading.resident_name
    if resident and (re.match(r"\W*(?:i'?m|i am|im|my name)\b", resident, re.IGNORECASE)
                     or (writer and writer in resident)):
        resident = None
    if not resident:
        named = _FOR_NAMED.search(text)
        resident = named.group(1) if named else None
    if resident and tracker.get_slot("resident_name") in (None, SKIPPED):
        result["resident_name"] = resident
    if reading.relationship and not tracker.get_slot("rep_relationship"):
        result["rep_relationship"] = reading.relationship
    if reading.professional:
        result["rep_professional"] = True
    return result


# An opening shorter than this tells what went wrong only in outline ("I HAVE TAKEN THE DAY
# OFF WORK THREE TIMES NOW AND NOBODY HAS TURNED UP TO LOOK AT MY ROOF") or in a few
# sentences: it is kept, and the resident is asked to say a little more (Code 5.6:
# understand the complaint). On the retired conversation set v5, 34 of 59 conversations
# with a matter missed had never been asked: openings of 40–60 words whose writers told the
# rest only when asked what went wrong. A longer opening, or a pasted letter, is already an
# account, and is not asked for again.
SHORT_ACCOUNT_WORDS = 80
LETTER_LINES = 3
# Lines typed in short bursts are not a letter: "Hiii 👋 / so ive reported the music next door
# like 4 times / nothing happens 😩" is an outline (retired v12: what went wrong was never
# asked, and the nine recordings nobody listened to were lost).
BURST_WORDS = 40


def outline_only(opening: str) -> bool:
    """Whether a first message tells what went wrong in outline, so more is asked for."""
    lines = [line for line in opening.splitlines() if line.strip()]
    words = len(opening.split())
    return words <= SHORT_ACCOUNT_WORDS and (len(lines) < LETTER_LINES or words <= BURST_WORDS)


class ValidateComplaintForm(_IntakeFormValidation):
    def name(self) -> str:
        return "validate_complaint_form"

    def order(self, tracker: Tracker) -> list[str]:
        slots = ["complaint_point", "more_points", "complaint_started", "desired_outcome"]
        slots += who_is_writing(tracker, always=True) + how_to_reach(tracker)
        if "postal_address" in slots and tracker.get_slot("postal_address") is None and \
                address_said(tracker.slots, tracker.events):
            slots.remove("postal_address")  # given already, in the opening or an answer
        answering_it = tracker.get_slot("requested_slot") == "postal_address"
        if "postal_address" not in slots and (answering_it or (
                tracker.get_slot("postal_address") is None
                and not address_said(tracker.slots, tracker.events))):
            # Still required while it is being answered, or the answer is never validated
            # (retired v21: "I'm not typing my address on here" was filed as the address).
            # The home it is about: the handler finds the tenancy by it, and a repair it
            # raises (Code 1.5) needs it or no one can attend. Before, only a complaint that
            # raised a repair was asked; played residents (fifteenth session) found seven
            # complaints about rent, staff or lettings filed with no address at all.
            slots.append("postal_address")
        if tracker.get_slot("sr_access") is None and \
                all(tracker.get_slot(slot) is not None for slot in slots) and \
                filing.raised_repair_priority(tracker) == "emergency":
            # Asked once all before it are answered: building the case to know the repair's
            # priority on every turn cost the bench a p95 of 436 ms (thirteenth session).
            # An emergency repair needs a way in (played residents, twelfth session: one
            # raised by a complaint was never asked how to get in).
            slots.append("sr_access")
        slots.append("adjustments")
        if not references_said(tracker.slots, tracker.events):
            # Any reference they hold (a job number, an earlier case), unless they've given
            # one already. When nothing they said tells of an earlier report, whether they
            # told us before is asked first, on its own: one question asking both ("told us
            # before? any reference? or reply no") was answered "No number" by residents
            # who had told us, and their report was lost (retired v10, 13 residents).
            asked = tracker.get_slot("told_before") is not None or \
                tracker.get_slot("requested_slot") == "told_before"
            if not asked and report_told(tracker.slots):
                # Told of already: what happened when they did is asked (its own wording,
                # actions/questions.py), then the reference. How those reports went is often
                # a matter of the complaint ("rang four times, nobody came"; retired v14's
                # writers listed it, and nothing asked for it).
                slots += ["told_before", "linked_reference"]
            else:
                slots.append("told_before")
                if answer(tracker.slots, "told_before") or (
                        report_told(tracker.slots)
                        and tracker.get_slot("told_before") is not None):
                    slots.append("linked_reference")
        return slots

    def validate_told_before(self, value: Any, dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> Result:
        """Told us before? A no asks nothing more; a yes, or an account of when ("rang in
        July", "emailed twice"), is a prior report, and its reference is asked for unless
        given here ("yes, job 44812")."""
        text = value if isinstance(value, str) else ""
        escaped = self.escape("told_before", value, tracker)
        if escaped is not None:
            return escaped
        # Asked "you said you'd told us before: when, and what happened?" (a report they had
        # told of), or "have you told us before?" (yes or no).
        known = report_told(tracker.slots)
        history = answers.report_history(text)
        points = answers.more_points(tracker.get_slot("complaint_points"), history) \
            if history else None
        reference = answers.find_references(text, answering=True)
        if answers.first_time(text) and not reference and not history:
            # "No, this is the first time I've raised it": nothing was reported before,
            # whatever the opening's reading guessed, and no reference is asked for.
            return {"told_before": NONE_GIVEN, "linked_reference": NONE_GIVEN,
                    "prior_report": False, "first_report": True}
        if reference:
            return {"told_before": text, "linked_reference": reference[0], "prior_report": True,
                    **({"complaint_points": points} if points else {})}
        if history:
            return {"told_before": text, "prior_report": True, "complaint_points": points}
        if answers.is_no(text, _intent(tracker)) and not answers.says_we_were_told(text):
            # Not told before: no earlier reference to ask for either, and their own answer
            # wins over the opening's learned guess ("I RANG THIS MORNING AND HE LAUGHED" is
            # the matter, not an earlier report: five of retired v16's residents said no and
            # were filed as reported before).
            # A plain no to "have you told us before?" is theirs to give: nothing in the
            # account read as an earlier report outweighs it (retired v24: "No" to it, and
            # filed as reported before from "got a letter saying…").
            return {"told_before": NONE_GIVEN, "linked_reference": NONE_GIVEN,
                    "prior_report": False, **({} if known else {"first_report": True})}
        if answers.is_yes(text, _intent(tracker)) or answers.says_we_were_told(text) or \
                answers.says_reported_before(text) or (known and answers.content_words(text)):
            # "i said to the foreman", "Twice by phone." (to "when, and what happened?"): told
            result: Result = {"told_before": text, "prior_report": True}
            unanswered = answers.unanswered_contact(text)
            if unanswered:
                # "emailed the service charge team in april, got an auto reply and nothing
                # else": how that report went is a matter too (retired v10 lost it).
                result["complaint_points"] = answers.more_points(
                    tracker.get_slot("complaint_points"), unanswered)
            return result
        return {"told_before": NONE_GIVEN}  # "not sure": nothing more is asked

    def validate_sr_access(self, value: Any, dispatcher: CollectingDispatcher,
                           tracker: Tracker, domain: DomainDict) -> Result:
        return self.free_text("sr_access", value, dispatcher, tracker)

    def validate_complaint_point(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> Result:
        earlier = list(tracker.get_slot("complaint_points") or [])
        text = value if isinstance(value, str) else ""
        if earlier and tracker.get_slot("requested_slot") == "complaint_point" and \
                not self.escape("complaint_point", value, tracker) and \
                not answers.is_yes(text, _intent(tracker)) and (
                answers.nothing_more(text) or answers.refers_to_message(text)
                or answers.is_no(text, _intent(tracker), short=True)
                or answers.says_nothing_new(text)):
            # Asked for a little more after their opening: "no, that's it", "it's all in my
            # message". The opening is the account, and "anything else?" is not asked too.
            return {"complaint_point": earlier[0], "more_points": NONE_GIVEN}
        matter = tracker.get_slot("matter_text") or ""
        if not earlier and answers.refers_to_message(text) and \
                len(answers.without_letter_furniture(matter).split()) >= 12:
            # "The points are in my letter." to a stage 2 request's "what are you unhappy
            # with?" (retired v16 filed that reply as the only point): the letter's matters.
            told = [p for p in answers.split_points(answers.without_letter_furniture(matter))
                    if not answers.asks_for_stage_2_plainly(p)]
            if told:
                return {"complaint_point": told[0], "complaint_points": told}
        result = self.free_text("complaint_point", value, dispatcher, tracker)
        point = result.get("complaint_point")
        if point == SKIPPED:
            matter = tracker.get_slot("matter_text")
            result["complaint_points"] = earlier or ([matter] if matter else [])
        elif point and tracker.get_slot("requested_slot") != "complaint_point" and \
                outline_only(point):
            # Taken from a short opening ("Damp. 2 years. Nothing done"): kept, and the
            # resident is asked to say a little more about what went wrong.
            # (Not yet asked, so this is the opening, not an answer.)
            result = {"complaint_point": None, "complaint_points": answers.split_points(point)}
        elif point:
            # Code 6.7: every point must be answered, so keep them apart. More said after
            # a terse opening adds to it.
            result["complaint_points"] = answers.more_points(earlier, point)
        return {**result, **_start_told(point, tracker)}

    def validate_more_points(self, value: Any, dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> Result:
        escaped = self.escape("more_points", value, tracker)
        text = value if isinstance(value, str) else ""
        trailing = answers.trailing_question(text) if not escaped else None
        if trailing:
            # "…NOBODY HAS CLEANED OUR STAIRS SINCE THE SUMMER. WILL THIS AFFECT MY RENT IF I
            # COMPLAIN?" (played resident ty-03: only "anything else?" again): the question
            # answered, the rest read as the answer.
            dispatcher.utter_message(text=wording.answer_to_question(trailing[0], load_policy()))
            text = trailing[1]
        if escaped or answers.nothing_more(text) or answers.is_no(
                text, _intent(tracker), short=True) or answers.refers_to_message(text):
            # "No, the three points in the letter cover it." (played resident eb-03's was
            # filed as a point)
            return escaped or {"more_points": NONE_GIVEN}
        further = answers.further_matter(text)
        if further is None and answers.is_yes(text) and not answers.is_no(text):
            return {"more_points": None}  # "yes": there is more, so the question is asked again
        if further is None:  # "no. just get on with it", "Nothing further, thank you"
            return {"more_points": NONE_GIVEN}
        if answers.only_outcome(further) and not tracker.get_slot("desired_outcome"):
            # "I would like a different housing officer, to be honest.": what they want, not
            # a further matter; "what would you like us to do?" is then not asked.
            return {"more_points": NONE_GIVEN, "desired_outcome": further}
        points = answers.more_points(tracker.get_slot("complaint_points"), further)
        # asks "anything else?" again
        return {"more_points": None, "complaint_points": points, **_start_told(further, tracker)}

    def validate_complaint_started(self, value: Any, dispatcher: CollectingDispatcher,
                                   tracker: Tracker, domain: DomainDict) -> Result:
        text = value if isinstance(value, str) else ""
        if not tracker.get_slot("desired_outcome") and answers.outcome_not_time(text) and \
                not self.escape("complaint_started", value, tracker):
            # "A proper inspection of the wall, the leak repaired and compensation" to "when
            # did this start?" (typed ahead): what they want, kept as that; the question is
            # asked again (played resident eb-07's outcome was filed as the start).
            dispatcher.utter_message(response="utter_noted_as_outcome")
            return {"complaint_started": None, "desired_outcome": text.strip()}
        tries = (tracker.get_slot("failed_attempts") or {}).get("complaint_started", 0)
        if not tries and answers.names_no_time(text) and \
                not self.escape("complaint_started", value, tracker):
            # "No, for me", "an apology and the letter taken off my file" (played residents,
            # thirteenth session: filed as the start): asked once more, then taken as said.
            return self.failed("complaint_started", dispatcher, tracker,
                               "utter_retry_complaint_started", "utter_explain_free_text")
        result = self.free_text("complaint_started", value, dispatcher, tracker)
        started = result.get("complaint_started")
        if started and started != SKIPPED:
            result["possible_exclusion"] = _may_be_excluded(started)
        return result

    def validate_desired_outcome(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> Result:
        text = value if isinstance(value, str) else ""
        stated = answers.outcome_sentences(tracker.get_slot("matter_text"))
        if stated and (answers.is_yes(text, _intent(tracker)) or answers.agrees(text)) \
                and not answers.is_no(text):
            # "Yes" to the outcome they gave in their opening; anything more is added.
            more = answers.addition_after_yes(text)
            return {"desired_outcome": f"{stated} {more}" if more else stated}
        if stated and answers.refers_to_message(text):
            return {"desired_outcome": stated}  # "as listed in our letter"
        if stated and answers.is_no(text, None):
            # "No - she wants a firm date": not what was offered back; the rest is theirs.
            rest = answers.after_leading_no(text)
            if answers.content_words(rest):
                value = text = rest
        # "I have already set that out: a firm appointment that is kept…" (played resident
        # eu-08: the whole reply filed as the outcome): what follows is it.
        value = text = answers.after_said_above(text)
        said = answers.sentences(text) if text else []
        wants = [s for s in said if not s.rstrip().endswith("?")]
        if said and wants and len(wants) < len(said):
            # "wat do u think? cancel the £240 and fix the door": the question back is not
            # what they want (it stays in the transcript).
            value = " ".join(wants)
        return self.free_text("desired_outcome", value, dispatcher, tracker)



class ValidateServiceRequestForm(_IntakeFormValidation):
    def name(self) -> str:
        return "validate_service_request_form"

    def order(self, tracker: Tracker) -> list[str]:
        # A relative or support worker asking for a repair is asked who they are too.
        # Anything that makes the visit easier ("slow to the door", an interpreter) is asked
        # too, except for an emergency, where every question delays the visit.
        # A repeat report is asked for the earlier reference, so the job is linked.
        urgent = tracker.get_slot("sr_priority") == "emergency"
        easier = [] if urgent else ["adjustments"]
        # For an emergency, one question instead: who at home is especially at risk, so the
        # visit can be put first for them (retired v17: six emergencies then complaints lost
        # a toddler, a baby or a frail father the resident would have named if asked).
        at_risk = ["sr_at_risk"] if urgent else []
        earlier = ["linked_reference"] if tracker.get_slot("prior_report") and not urgent else []
        # A request that is no repair ("please can I change the day my rent is paid?") is
        # not asked when we can get in or how urgent it is (retired v19: asked both).
        told = " ".join(t for t in (tracker.get_slot("matter_text"),
                                    answer(tracker.slots, "sr_description")) if t)
        visit = ["sr_access", "sr_priority"] if (
            urgent or tracker.get_slot("emergency") or not told
            or answers.mentions_repair(told)) else []
        return ["sr_description", "sr_location", *visit, *at_risk,
                *who_is_writing(tracker, always=False), *how_to_reach(tracker), *easier,
                *earlier]

    def validate_sr_description(self, value: Any, dispatcher: CollectingDispatcher,
                                tracker: Tracker, domain: DomainDict) -> Result:
        return self.free_text("sr_description", value, dispatcher, tracker)

    def extract_sr_at_risk(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: DomainDict) -> Result:
        """Who is at risk, when the opening said it plainly ("she's 82 with COPD"): not
        asked again (played resident er-01 was, and answered "Yes, like I said…")."""
        if tracker.get_slot("sr_at_risk") is not None or \
                tracker.get_slot("requested_slot") == "sr_at_risk":
            return {}
        told = [s for s in answers.sentences(tracker.get_slot("matter_text") or "")
                if answers.plainly_vulnerable(s)]
        return {"sr_at_risk": " ".join(told), "vulnerability": True} if told else {}

    def validate_sr_at_risk(self, value: Any, dispatcher: CollectingDispatcher,
                            tracker: Tracker, domain: DomainDict) -> Result:
        text = value if isinstance(value, str) else ""
        if answers.is_no(text, _intent(tracker), short=True) or text.strip() == "/deny":
            return {"sr_at_risk": NONE_GIVEN}
        place = _place_told_instead("sr_at_risk", text, dispatcher, tracker)
        if place:
            return place
        result = self.free_text("sr_at_risk", value, dispatcher, tracker)
        said = result.get("sr_at_risk")
        if isinstance(said, str) and said not in (SKIPPED, NONE_GIVEN) and (
                answers.is_yes(said, None) or answers.plainly_vulnerable(said)
                or answers.says_vulnerable(said)):
            # "yes, my 2 year old", "the baby's only 18 months", "my kids know not to touch"
            result["vulnerability"] = True
        return result

    def more_of_the_matter(self, slot: str, question: str, value: Any,
                           dispatcher: CollectingDispatcher, tracker: Tracker) -> Result | None:
        """More of the problem typed where a place or a time was asked ("no heating since
        sat" to "Where is the problem?"): added to what they told us, and the question
        asked again, twice at most."""
        text = value if isinstance(value, str) else ""
        counts = dict(tracker.get_slot("failed_attempts") or {})
        if counts.get(f"more:{slot}", 0) >= 2 or self.escape(slot, value, tracker) or \
                not answers.tells_of_the_problem(text, question):
            return None
        counts[f"more:{slot}"] = counts.get(f"more:{slot}", 0) + 1
        told = " ".join(t for t in (answer(tracker.slots, "sr_description"), text) if t)
        matter = " ".join(t for t in (tracker.get_slot("matter_text"), text) if t)
        dispatcher.utter_message(response="utter_noted_more_of_the_matter")
        result: Result = {slot: None, "sr_description": told, "matter_text": matter,
                          "failed_attempts": counts}
        if answers.plainly_vulnerable(text) or answers.states_vulnerability(text):
            result["vulnerability"] = True
        return result

    def validate_sr_location(self, value: Any, dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> Result:
        more = self.more_of_the_matter("sr_location", "place", value, dispatcher, tracker)
        if more is not None:
            return more
        if isinstance(value, str):
            value = answers.without_said_already(value)
        text = value if isinstance(value, str) else ""
        if text and not answers.names_a_place(text) and not answers.said_already(text) and \
                answers.only_a_name(text):
            # "Dev Patel" to "where is the problem?" (played residents, fifteenth session:
            # filed as the repair's location): their name, kept, and the place asked again.
            result = self.failed("sr_location", dispatcher, tracker, "utter_retry_sr_location",
                                 "utter_explain_sr_location")
            if not answer(tracker.slots, "resident_name"):
                result["resident_name"] = text.strip(" .")
            return result
        priority = answers.read_priority(text) if text else None
        if priority and not answers.names_a_place(text) and len(text.split()) <= 6:
            # "not urgent or anything" to "where is the problem?" (played resident es-08: filed
            # as the location, and the address then as the access note): how urgent, kept,
            # and the place asked again.
            result = self.failed("sr_location", dispatcher, tracker, "utter_retry_sr_location",
                                 "utter_explain_sr_location")
            return {**result, "sr_priority": priority}
        counts = dict(tracker.get_slot("failed_attempts") or {})
        if text and answers.names_no_place(text) and not counts.get("sr_location") and \
                not self.escape("sr_location", value, tracker) and not answers.said_already(text) \
                and not answers.is_bare_yes_or_no(text) and not answers.keeps_address_back(text):
            # "got a bowl under it" (played resident fy-09: filed as the location, and the
            # repair logged with no address): more of what is wrong, kept with the
            # description, and the place asked again, once.
            told = " ".join(t for t in (answer(tracker.slots, "sr_description"), text) if t)
            return {**self.failed("sr_location", dispatcher, tracker, "utter_retry_sr_location",
                                  "utter_explain_sr_location"), "sr_description": told}
        result = self.free_text("sr_location", value, dispatcher, tracker)
        postcode = answers.find_postcode(result.get("sr_location"))
        if postcode:
            result["postcode"] = postcode
        return result

    def validate_sr_access(self, value: Any, dispatcher: CollectingDispatcher,
                           tracker: Tracker, domain: DomainDict) -> Result:
        more = self.more_of_the_matter("sr_access", "access", value, dispatcher, tracker)
        if more is not None:
            return more
        text = value if isinstance(value, str) else ""
        place = _place_told_instead("sr_access", text, dispatcher, tracker)
        if place:
            return place
        phone = answers.find_phone(text)
        if phone and not answers.content_words(answers.without_phone_numbers(text)):
            # "07700 900733" to "when can we get in?" (played residents: filed as access):
            # their number, kept for contacting them, and the way in asked again.
            result = self.failed("sr_access", dispatcher, tracker, "utter_retry_sr_access",
                                 "utter_explain_sr_access")
            return {**result, **_contact_slots(phone, None, tracker)}
        return self.free_text("sr_access", value, dispatcher, tracker)

    def validate_sr_priority(self, value: Any, dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> Result:
        if value in ("emergency", "urgent", "routine"):
            return {"sr_priority": value}
        text = value if isinstance(value, str) else ""
        told = " ".join(t for t in (tracker.get_slot("matter_text"),
                                    answer(tracker.slots, "sr_description")) if t)
        # Ours to judge from what they told us when they leave it to us ("is that an
        # emergency?", "not sure", "you tell me", "skip"): before, a skip made a leak
        # through the ceiling routine (played resident ea-10).
        judged = filing.repair_priority(told, {"emergency": tracker.get_slot("emergency"),
                                               "vulnerability": tracker.get_slot("vulnerability")})
        escaped = self.escape("sr_priority", value, tracker)
        if escaped:
            return {**escaped, "sr_priority": judged} if "pending" not in escaped else escaped
        priority = answers.read_priority(text)
        if priority is None and (triage.safety_net(text) or triage.possible_danger(text)):
            priority = "emergency"  # "you tell me? water in the light" (played ea-10)
        elif priority is None and answers.leaves_it_to_us(text):
            priority = judged
        if priority is None:
            return self.failed("sr_priority", dispatcher, tracker, "utter_retry_sr_priority",
                               "utter_explain_sr_priority")
        return {"sr_priority": priority}


class ValidateAsbForm(_IntakeFormValidation):
    def name(self) -> str:
        return "validate_asb_form"

    def order(self, tracker: Tracker) -> list[str]:
        # Anything that makes contact easier (an interpreter, text only) is asked too
        # (retired v17: a support worker's "he speaks Somali" was never asked for).
        return ["asb_description", "asb_when_where", *how_to_reach(tracker), "adjustments"]

    def validate_asb_description(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> Result:
        return self.free_text("asb_description", value, dispatcher, tracker)

    def validate_asb_when_where(self, value: Any, dispatcher: CollectingDispatcher,
                                tracker: Tracker, domain: DomainDict) -> Result:
        return self.free_text("asb_when_where", value, dispatcher, tracker)


class ValidateContactForm(_IntakeFormValidation):
    def name(self) -> str:
        return "validate_contact_form"

    def order(self, tracker: Tracker) -> list[str]:
        if tracker.get_slot("case_kind") == "enquiry" and \
                tracker.get_slot("pending") != "handoff_contact":
            # Our team will reply to a question: in large print, through an interpreter
            # (retired v25: "Large print if possible. My eyes are not what they were at 82."
            # was never asked for, and the answer went out by letter).
            return [*how_to_reach(tracker), "adjustments"]
        return how_to_reach(tracker)


class ValidateCorrectionForm(_IntakeFormValidation):
    def name(self) -> str:
        return "validate_correction_form"

    def order(self, tracker: Tracker) -> list[str]:
        return ["correction_part", "correction_text"]

    def validate_correction_part(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> Result:
        if value in ("points", "outcome", "contact", "who"):
            return {"correction_part": value}
        escaped = self.escape("correction_part", value, tracker)
        if escaped:
            return {**escaped, "correction_text": SKIPPED} if "pending" not in escaped \
                else escaped
        said = value if isinstance(value, str) else ""
        if answers.nothing_to_change(said):
            # "Oh sorry dear, I meant yes, that is right": nothing to change after all.
            return {"correction_part": "none", "correction_text": SKIPPED}
        if answers.withdraws_complaint(said):
            # "I do not want a complaint logged" to "which part?" (played resident el-07's
            # complaint was filed after he withdrew it three times).
            return {"correction_part": "withdrawn", "correction_text": SKIPPED}
        part = answers.read_correction_part(said)
        who = answers.read_acting_for(said) if part == "who" else None
        if part == "who" and who.acting is None and not who.resident_name:
            # "who I'm writing for": the part only; who it is, is asked next.
            return {"correction_part": part}
        if part == "who" or (part == "contact" and (
                answers.find_phone(said) or answers.find_email(said)
                or answers.read_contact_preference(said).method)):
            # "I'm not writing for anyone, it's just me", "text me instead on 07700
            # 900123": the change itself, so it is not asked for again.
            return {"correction_part": part, "correction_text": said}
        if part is None and answers.detail_fix(tracker.get_slot("complaint_points"), said):
            # "the engineer was booked wed not tues sorry": the change itself, to a point
            # (played resident pk-01 was asked which part, then had to retype everything).
            return {"correction_part": "points", "correction_text": said}
        if part is None:
            return self.failed("correction_part", dispatcher, tracker,
                               "utter_retry_correction_part", "utter_explain_correction_part")
        return {"correction_part": part}

    def validate_correction_text(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> Result:
        if tracker.get_slot("correction_part") == "who" and isinstance(value, str) and \
                answers.read_acting_for(value).acting is False:
            # "MYSELF" to "who are you writing for? reply 'myself'…" is the answer asked for,
            # not a bare no (a played resident was refused it twice).
            return {"correction_text": value.strip()}
        if isinstance(value, str) and answers.withdraws_complaint(value):
            return {"correction_part": "withdrawn", "correction_text": SKIPPED}
        return self.free_text("correction_text", value, dispatcher, tracker)


class ValidateStatusForm(_IntakeFormValidation):
    def name(self) -> str:
        return "validate_status_form"

    def order(self, tracker: Tracker) -> list[str]:
        return ["case_reference", "status_proof"]

    def validate_case_reference(self, value: Any, dispatcher: CollectingDispatcher,
                                tracker: Tracker, domain: DomainDict) -> Result:
        escaped = self.escape("case_reference", value, tracker)
        if escaped and "pending" in escaped:
            return escaped
        if escaped:  # skipped: nothing to look up with, so the form ends and says so
            return {"case_reference": SKIPPED, "status_proof": SKIPPED}
        text = value if isinstance(value, str) else ""
        reference = answers.find_reference(text)
        if reference is None and tracker.get_slot("pending") == "escalate":
            # Stage 2 of a complaint from before this service has a reference of another
            # shape ("CMP-104522", "C/2024/0918"): taken as given, nothing to look up.
            given = answers.find_references(text, answering=True)
            if given:
                return {"case_reference": given[0], "status_proof": SKIPPED}
            if answers.is_no(text) or answers.says_nothing_new(text) or re.search(
                    r"\b(?:lost|don'?t (?:have|know)|can'?t find|no idea|not sure)\b", text,
                    re.IGNORECASE):
                return {"case_reference": SKIPPED, "status_proof": SKIPPED}
        if reference is None:
            return self.failed("case_reference", dispatcher, tracker,
                               "utter_retry_case_reference", "utter_explain_case_reference")
        return {"case_reference": reference}

    def validate_status_proof(self, value: Any, dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: DomainDict) -> Result:
        escaped = self.escape("status_proof", value, tracker)
        if escaped:
            return escaped
        text = value if isinstance(value, str) else ""
        proof = (answers.find_phone(text) or answers.find_postcode(text)
                 or answers.find_email(text))
        if proof is None:
            return self.failed("status_proof", dispatcher, tracker,
                               "utter_retry_status_proof", "utter_explain_status_proof")
        return {"status_proof": proof}


# Answers kept in the resident's words as they are, so a question told after one can be
# answered and the rest kept as the answer.
_FREE_TEXT_ANSWERS = frozenset({"sr_description", "sr_access", "sr_at_risk", "desired_outcome",
                                "asb_description", "asb_when_where"})
# Questions a plain no answers ("anything to make this easier?", "who is at risk?").
_NO_MEANS_NONE = frozenset({"adjustments", "sr_at_risk", "more_points", "linked_reference"})


def _place_told_instead(slot: str, text: str, dispatcher: CollectingDispatcher,
                        tracker: Tracker) -> Result | None:
    """The postcode or the room of where the problem is, sent where the next question was
    asked: added to the place, and the question asked again."""
    place = answers.more_of_the_place(answer(tracker.slots, "sr_location"), text)
    if not place:
        return None
    dispatcher.utter_message(response="utter_noted_more_of_the_place")
    return {slot: None, "sr_location": place,
            **({"postcode": found} if (found := answers.find_postcode(place)) else {})}


def _postcode_for_address(text: str, tracker: Tracker) -> dict[str, str] | None:
    """A postcode sent on its own after an address that has none: the address with it."""
    said = (text or "").strip()
    if not answers.find_postcode(said) or len(said.split()) > 4:
        return None
    for slot in ("postal_address", "sr_location"):
        known = answer(tracker.slots, slot)
        if isinstance(known, str) and known not in (SKIPPED, NONE_GIVEN) and \
                answers.names_a_place(known) and \
                (joined := answers.more_of_the_place(known, said)):
            return {slot: joined, "postcode": answers.find_postcode(said)}
    return None


def _postcode_of(address: str) -> dict[str, str]:
    postcode = answers.find_postcode(address)
    return {"postcode": postcode} if postcode else {}


def _need_told_instead(text: str, tracker: Tracker) -> dict[str, Any]:
    """A need told in answer to another question ("Polish interpreter is good for phone",
    "my son has a heart condition and i have anxiety"): kept with the adjustments, and the
    flag raised when it tells of the household's health, so nothing they said is lost."""
    language = answers.read_contact_preference(text).language
    vulnerable = answers.says_vulnerable(text) or answers.plainly_vulnerable(text)
    if not (answers.names_an_adjustment(text) or language or vulnerable):
        return {}
    earlier = answer(tracker.slots, "adjustments")
    told = f"{earlier}; {text}" if earlier and earlier not in (SKIPPED, NONE_GIVEN) else text
    return {"adjustments": told, **({"vulnerability": True} if vulnerable else {})}
