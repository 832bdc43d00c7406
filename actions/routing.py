"""action_route: what the bot does with a message, following the Code's flowchart.

Runs after every message outside a form and after every form. It says what needs
saying and sets ``next_action``, which the rules in bot/data/rules/ follow:
a form, the case submission, or waiting for the resident.

``pending`` remembers what the bot has just asked outside a form (a flowchart
question, an offer to complain, the read-back), so a bare "yes" or "no" is
understood.

Only the decisions are here: what the bot says is a response in bot/domain.yml, sent
by name (``self.say(response="utter_...", **values)``) or, for a message of several
optional lines, filled with ``phrase()`` (actions/phrases.py) and joined.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import answers, wording
from actions.case import SKIPPED, address_said, answer, requests_logged, said_before
from actions.intake_client import IntakeClient, IntakeError, IntakeRejected, idempotency_key
from actions.phrases import phrase
from actions.policy import load_policy
from actions.triage import (asks_to_complain, complains_of_our_handling, our_people_fail_their_duty,
                             unhappy_with_us)

logger = logging.getLogger(__name__)

FORMS = {"complaint_form", "service_request_form", "asb_form", "contact_form",
         "correction_form", "status_form"}
YES_NO = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]
NO_ONLY = [{"title": "No", "payload": "/deny"}]
# The flowchart's questions, by the ``pending`` they leave, and the responses that ask them.
QUESTIONS = {
    "reported_before": "utter_flowchart_reported_before",
    "dissatisfied": "utter_flowchart_dissatisfied",
}
# "I want to make a complaint about ..." at the start of a message: the asking, not the
# substance. Only a leading phrase is removed, so the resident's words are never cut apart.
_ASKING_TO_COMPLAIN = re.compile(
    r"^\s*(?:(?:hi|hello)[,.!]?\s*)?(?:i(?:'d| would)?|we(?:'d| would)?)?\s*"
    r"(?:like|want|wish|need)?\s*(?:to)?\s*"
    r"(?:(?:make|raise|log|file|submit|put in|lodge)\s+(?:a|an)?\s*"
    r"(?:formal|official|stage (?:1|one))?\s*complaint|complain)\b"
    r"\s*(?:please)?\s*(?:about|regarding|that|because|re|as)?[\s,.:;-]*", re.IGNORECASE)
MAX_QUESTIONS = 2
# A status check or stage 2 request is under way, or has just been answered.
STATUS_PENDING = ("status", "escalate", "after_status")
# Slots that belong to one matter and are cleared when a new one starts.
# Who is writing for whom: kept when a complaint follows the request just logged.
# What would make contact easier is the person's, not the matter's: a complaint that
# follows their repair does not ask it again (played residents were asked twice, and their
# "?? already told you. deaf" was filed as the adjustment).
WHO_SLOTS = ("acting_for", "rep_name", "rep_relationship", "rep_professional", "rep_address",
             "consent",
             "adjustments")
MATTER_SLOTS = WHO_SLOTS + (
    "complaint_point", "more_points", "complaint_points", "complaint_started",
    "desired_outcome",
    "told_before", "first_report", "linked_reference", "sr_description", "sr_location",
    "sr_access", "sr_priority", "sr_at_risk", "asb_description", "asb_when_where", "asb_more",
    "correction_part",
    "correction_text",
    "failed_attempts", "possible_exclusion", "complaint_follows", "definition_confirmed",
    "about_request", "escalation_of", "said_logged", "next_matter",
)
# What a withdrawn complaint leaves behind; who they are and how to reach them are kept.
COMPLAINT_SLOTS = ("complaint_point", "more_points", "complaint_points", "complaint_started",
                   "desired_outcome", "definition_confirmed", "told_before", "first_report",
                   "linked_reference", "about_request", "escalation_of", "failed_attempts")


wants_to_complain = answers.wants_to_complain


def detail_beyond_asking(text: str | None) -> str | None:
    """The substance of a first message, if it says more than 'I want to complain'."""
    if answers.only_asks_to_complain(text):
        return None
    rest = _ASKING_TO_COMPLAIN.sub("", (text or "").strip(), count=1).strip(" .,:;-!")
    if len(rest.split()) < 5:
        return None
    if all(_ONLY_ANNOUNCES.fullmatch(point) for point in answers.split_points(rest)):
        # "hiya / u there? / need to moan about the window people": who it is about, not
        # what went wrong, which is still asked (retired v12 filed the announcement and
        # never heard of the broken glass, the smoking or the blinds).
        return None
    return rest[0].upper() + rest[1:]


_ONLY_ANNOUNCES = re.compile(
    r"(?:(?:so|right|ok|okay|well|hi|hiya|hello)[,\s]+)*(?:i\s+)?(?:need|want|have|have got|"
    r"got|would like|'?d like|wanna|gotta)(?: to)? (?:moan|complain|make a complaint|have a "
    r"(?:moan|word|rant)|talk|speak|tell you|report something|raise something)"
    r"(?: (?:about|re|regarding|over) [\w\s'-]{1,40})?[.!?]*", re.IGNORECASE)


READ_BACK_BUTTONS = [{"title": "Yes", "payload": "/affirm"},
                     {"title": "Change something", "payload": "/deny"}]
# `redirect`'s answer when nothing says where else to go.
NOT_OURS_UNSURE = "not ours, unsure where"
# How we'll reach them by phone, by the method they chose (read back by how_we_contact).
_BY_PHONE = {"sms": "utter_contact_by_text", "whatsapp": "utter_contact_by_whatsapp",
             "phone": "utter_contact_by_phone"}
_AT_STAGE = {"stage_1": "utter_at_stage_1", "stage_2": "utter_at_stage_2"}


class ActionRoute(Action):
    def name(self) -> str:
        return "action_route"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        route = _Route(dispatcher, tracker)
        await route.decide()
        return route.events


class _Route:
    def __init__(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        self.say = dispatcher.utter_message
        self.tracker = tracker
        self.slots: dict[str, Any] = tracker.slots
        message = tracker.latest_message or {}
        self.text: str = message.get("text") or ""
        self.intent: str | None = (message.get("intent") or {}).get("name")
        self.policy = load_policy()
        self.events: list[EventType] = []

    def set(self, **values: Any) -> None:
        for name, value in values.items():
            self.events.append(SlotSet(name, value))
            self.slots[name] = value

    def go(self, next_action: str, pending: str | None = None) -> None:
        self.set(next_action=next_action, pending=pending)

    async def decide(self) -> None:
        # docs/architecture.md §3.1: danger first, before anything else is said.
        pending = self.slots.get("pending")
        if self.intent == "greet" and not pending and \
                self.tracker.latest_action_name not in FORMS:
            # A greeting with nothing asked: greeted back. With a question asked it is an
            # answer ("Yes, alright, I think I'd better." to the offer to complain was read
            # as a greeting and answered "Hello…", retired v19), read as any other.
            self.say(response="utter_greet")
            return self.go("listen")
        if pending == "danger_check" and self.slots.get("check_danger") and \
                not (self.slots.get("failed_attempts") or {}).get("danger_check") and \
                answers.danger_answer(self.text, self.intent) is None:
            # An address or "wat do u mean" in reply: say what we mean, once.
            self.say(response="utter_danger_check_again", buttons=YES_NO)
            self.set(failed_attempts={"danger_check": 1})
            return self.go("listen", "danger_check")
        if pending == "danger_check":
            self.set(failed_attempts=None)
        if self.slots.get("emergency") and not self.slots.get("emergency_signposted"):
            if self.slots.get("check_danger") and pending != "danger_check":
                # The danger reading is unsure: ask before telling anyone to call 999.
                self.say(response="utter_danger_check", buttons=YES_NO)
                return self.go("listen", "danger_check")
            self.say(text=wording.emergency_signpost(
                self.policy, f"{self.slots.get('matter_text') or ''} {self.text}"))
            self.set(emergency_signposted=True)
        elif self.slots.get("emergency") and self.slots.get("emergency_signposted"):
            added = wording.advice_added(self.policy, said_before(self.tracker.events),
                                         self.text)
            if added:
                self.say(text=added)  # what this message adds to the danger told before
        if answers.in_despair(self.text) and not self.slots.get("care_offered"):
            # "i cant do this anymore": a word of care and where to get help, once.
            self.say(response="utter_care")
            self.set(care_offered=True)
            if not pending and self.tracker.latest_action_name not in FORMS and \
                    len(self.text.split()) <= 8 and \
                    not self.slots.get("emergency"):
                # Only that, said on its own: never "I'm not sure that's something we deal
                # with" after it (played residents, sixteenth session). What happened is
                # asked, gently.
                self.say(response="utter_tell_me_what_happened")
                return self.go("listen", "what_about")
        elif answers.feels_unsafe(self.text) and not self.slots.get("care_offered"):
            # "I do not feel safe here": where to get help now, once.
            self.say(response="utter_not_safe")
            self.set(care_offered=True)

        last_action = self.tracker.latest_action_name
        # A person, at any point. After a form, only if the form ended for that reason
        # (its last answer may mention a "person" in passing).
        sends_someone = (pending or "").startswith("offer_") and \
            answers.wants_someone_out(self.text)
        if pending == "handoff" or (last_action not in FORMS and not sends_someone
                                    and answers.asks_for_person(self.text, self.intent)):
            # "GET SOMEONE HERE" to "shall I log the emergency repair?" is a yes to the
            # repair, not a wish to talk to a person (retired v17: the repair was lost).
            return self.hand_to_person()
        if pending == "danger_check":
            # Answered (triage_slots kept or cleared the danger): on with the matter.
            return self.route_matter()
        if pending == "withdrawn":
            return self.withdraw_complaint()
        if pending == "asb_more":
            return self.take_asb_more()
        if pending == "already_logged":
            # Part-way through logging a repair they said it is logged already: no second
            # request; the complaint about it is offered, and the repair carries on.
            return self.offer_complaint_already_logged()
        if pending == "wants_complaint":
            # Part-way through a neighbour report they said they want to complain about us:
            # the complaint, with what they told so far (Code 1.3).
            return self.complaint_instead_of_report()
        if last_action in FORMS:
            return await self.after_form(last_action)
        if self.intent == "goodbye" and not (answers.is_yes(self.text)
                                             or answers.confirms(self.text)):
            return self.say_goodbye(pending)
        if not pending and last_action not in FORMS and self.slots.get("last_reference") and \
                answers.only_thanks(self.text):
            # "ok ta" after the case is logged: a goodbye, not a new matter (played
            # residents, sixteenth session: "Tell me what has happened…").
            return self.say_goodbye(pending)
        asked = answers.question_to_us(self.text)
        if pending and (pending.startswith("offer_") or pending == "confirm") and asked:
            # "Will making a complaint affect my tenancy?" is a question, not a yes (played
            # resident pn-06 was taken as choosing to complain): answered, then asked again.
            self.say(text=wording.answer_to_question(
                asked, self.policy, repair=pending in ("offer_service_request",
                                                       "offer_emergency_repair")))
            if pending == "confirm" and answers.is_yes(self.text, None):
                # "yes but will complaining about her affect my tenancy": answered, and sent.
                self.set(definition_confirmed=True)
                return self.go("action_submit_case")
            besides = " ".join(part for part in answers.sentences(self.text or "")
                                if not part.rstrip().endswith("?"))
            if not (answers.is_yes(self.text, None) or (
                    pending.startswith("offer_complaint") and besides
                    and answers.accepts_complaint(besides, None))):
                # "Would it get me an answer faster? If so yes.": answered, and taken as the
                # yes it ends with (retired v12); otherwise asked again.
                if pending == "confirm":
                    self.say(response="utter_confirm_again", buttons=READ_BACK_BUTTONS)
                else:
                    self.say(response=f"utter_offer_explained_{pending}", buttons=YES_NO)
                return self.go("listen", pending)
        if not pending and asked and self.slots.get("last_reference") and \
                last_action not in FORMS:
            # "what happens next? Will someone ring me to book it?" once the repair is logged
            # (played residents tv-09, tx-01, twenty-second session: "I can't answer that
            # here", or a new repair started): answered about what was just logged.
            logged = requests_logged(self.tracker.events)
            self.say(text=wording.answer_to_question(
                asked, self.policy,
                repair=bool(logged) and logged[-1][0] == self.slots["last_reference"]))
            self.say(response="utter_anything_else")
            return self.go("listen")
        if not pending and answers.asks_what_was_logged(self.text) and \
                self.slots.get("last_reference") and last_action not in FORMS:
            # Whether the repair was logged too: what was filed in this conversation, and the
            # repair offered when only the complaint was.
            logged = requests_logged(self.tracker.events)
            if logged:
                self.say(response="utter_repair_logged_too", reference=logged[-1][0])
                self.say(response="utter_anything_else")
                return self.go("listen")
            self.set(matter_text=self.slots.get("filed_matter") or self.slots.get("matter_text"))
            self.say(response="utter_only_complaint_logged",
                     reference=self.slots["last_reference"], buttons=YES_NO)
            return self.go("listen", "offer_service_request")
        if not pending and asked and self.slots.get("last_reference") and \
                last_action not in FORMS:
            # "will this affect my tenancy?" after the case is logged: answered, not taken
            # for a new enquiry (played residents pn-03, pn-09 were told "I can't answer that
            # here").
            self.say(text=wording.answer_to_question(asked, self.policy))
            self.say(response="utter_anything_else")
            return self.go("listen")
        if pending == "confirm" and answers.withdraws_complaint(self.text):
            # "Yes, as a repair, not a complaint": nothing filed as a complaint; the repair
            # is offered instead.
            return self.withdraw_complaint()
        if pending == "confirm":
            rewritten = answers.point_rewritten(self.slots.get("complaint_points"), self.text)
            if rewritten:
                # "The third point should say: …": that point, in their words.
                self.set(complaint_points=rewritten)
                return self.read_back()
            if (answers.contact_wish(self.text) or (
                    self.slots.get("acting_for") is True and answers.writers_address(self.text))) \
                    and not answers.is_yes(self.text, None):
                # "I asked to be written to by letter, not telephoned": how we contact them.
                # A detail put right in the same message is put right too ("THE NEW CHARGE
                # IS £61.90 NOT £61.20. AND EMAIL ME RATHER THAN LETTER": played resident
                # tj-02, twentieth session, had to type the figure twice more).
                self.fix_detail(self.text)
                self.set(correction_part="contact", correction_text=self.text)
                return self.apply_correction()
            besides = answers.matter_besides_fix(self.slots.get("complaint_points"), self.text)
            if self.fix_detail(self.text):
                # "Actually it was the 20th not the 2nd.": that point (and when it started,
                # if it said so) changed; read back again, with a matter told besides.
                if besides:
                    self.set(complaint_points=answers.more_points(
                        self.slots.get("complaint_points"), besides))
                return self.read_back()
            if (answers.is_yes(self.text, self.intent) or answers.confirms(self.text)
                    or answers.after_yes(self.text) is not None) and \
                    not answers.is_no(self.text) and not answers.asks_to_correct(self.text):
                addition = answers.addition_after_yes(self.text)
                rest = answers.after_yes(self.text)
                instruction = answers.contact_instruction(rest)
                named = answers.read_name(addition).name if addition and re.search(
                    r"\bname\b", addition, re.IGNORECASE) else None
                if named:
                    # "YES THATS RIGHT. YOU NEVER ASKED MY NAME, ITS DEREK OKAFOR" (played
                    # resident gg-02: filed as a point): the name, and confirmed.
                    self.set(**{"rep_name" if self.slots.get("acting_for") is True
                                else "resident_name": named})
                    self.set(definition_confirmed=True)
                    return self.go("action_submit_case")
                if addition and answers.adds_to_address(addition):
                    # "That is right now, although you have left Newcastle upon Tyne NE4 6TQ off
                    # my address." (played resident gg-04: filed as a point)
                    self.set(**answers.address_put_right(
                        answer(self.slots, "postal_address"), addition))
                    return self.read_back()
                if rest and instruction:
                    # "Yes, but call after 4pm": a contact note, not a point; confirmed.
                    self.note_contact(rest, instruction)
                elif addition and answers.states_outcome(addition):
                    # "Yes, make sure it says I want the charge cancelled": what they want,
                    # added to the outcome unless it says so already; read back again.
                    outcome = self.slots.get("desired_outcome") or ""
                    if not answers.told_already(addition, [outcome]):
                        self.set(desired_outcome=f"{outcome.rstrip('. ')}. {addition}"
                                 if outcome else addition)
                    return self.read_back()
                elif addition and (added := answers.more_points(
                        self.slots.get("complaint_points"), addition)) != list(
                        self.slots.get("complaint_points") or []):
                    # "Yes, and please note he was also never given a reason": a further
                    # point (Code 6.7), then read back again to confirm. When it only
                    # repeats what is there ("yes and put the compensation in", or the same
                    # addition typed again) nothing is added and the yes stands (retired
                    # v14: read back until the turn limit).
                    self.set(complaint_points=added)
                    return self.read_back()
                self.set(definition_confirmed=True)  # the resident confirmed the read-back
                return self.go("action_submit_case")
            added = answers.addition_asked_for(self.text)
            if added and not answers.asks_to_correct(self.text):
                # "Please also record that we asked for his repairs history under data
                # protection": a further point, read back again (retired v10 was asked
                # "which part would you like to change?" and lost it).
                self.set(complaint_points=answers.more_points(
                    self.slots.get("complaint_points"), added))
                return self.read_back()
            return self.start_correction()
        logged = requests_logged(self.tracker.events) \
            if pending == "offer_complaint_about_request" else []
        if logged and answers.wants_someone_out(self.text) and \
                not answers.is_yes(self.text, None) and not answers.is_no(self.text):
            # "get sum1 here first" when the repair has just been logged (retired v24: the
            # emergency repair was offered and logged twice more): it is logged; the
            # complaint is asked about again.
            self.say(response="utter_repair_already_logged", reference=logged[-1][0])
            self.say(response="utter_offer_explained_offer_complaint_about_request",
                     buttons=YES_NO)
            return self.go("listen", pending)
        told = "\n".join(t for t in (self.slots.get("matter_text"), self.text) if t)
        if pending == "offer_complaint" and (answers.unhappy_with_our_reply(told)
                                             or answers.asks_for_stage_2_plainly(self.text)):
            # "I already complained in October…" / "I got a letter back saying it was 'not
            # upheld'…" (played resident tu-10, twenty-first session: a new stage 1): the
            # review of the complaint we answered (Code 6.11).
            return self.start_status(escalate=True, said=told)
        if pending in ("offer_complaint", "offer_complaint_about_request"):
            if answers.accepts_complaint(self.text, self.intent):
                return self.accept_offer(pending)
            if answers.is_no(self.text, self.intent) and not answers.unsure_of_offer(self.text):
                # Unsure ("idk dont want them thinking im kicking off") is no no, whatever the
                # NLU's intent: the offer is explained below and made again.
                return self.decline_offer(pending)
            if answers.only_wants_it_done(self.text):
                # "I don't want to get the electrician into trouble. I really only want someone
                # to come out.": no complaint; what they want is the repair.
                return self.decline_offer(pending)
        repair_offered = pending == "offer_emergency_repair" or (
            pending == "offer_service_request" and self.slots.get("emergency"))
        if repair_offered and answers.wants_to_complain(self.text) and (
                answers.is_yes(self.text, self.intent) or answers.wants_someone_out(self.text)):
            # "send someone NOW. then yes complaint": the emergency repair is logged first,
            # then the complaint taken (retired v9 lost the repair).
            return self.start_service_request(complaint_follows=True)
        if pending in ("offer_service_request", "offer_callback", "offer_emergency_repair") and \
                answers.chooses_to_complain(self.text):
            # "No. Please I want somebody fix the mould. And yes I want complain also": the
            # no was to the offer, the complaint is what they chose (played resident pk-03
            # was told "That's fine" and lost both).
            return self.start_complaint()
        if pending in ("offer_service_request", "offer_callback") and \
                answers.wants_to_complain(self.text) and not answers.is_no(self.text):
            # "ok whatever yes complain": what they want is to complain (Code 1.3).
            return self.start_complaint()
        if pending in ("offer_service_request", "offer_emergency_repair", "offer_callback") and \
                answers.wants_someone_out(self.text):
            # "I just want someone to look at it": what was offered, in their words.
            return self.accept_offer(pending)
        if pending == "offer_callback" and our_people_fail_their_duty(self.text):
            # "no its not a repair. ur caretaker is meant to wheel them out on a weds and he
            # doesnt" (retired v24: passed on as a question): unhappy with our service, they
            # are offered the complaint (Code 1.3), with what they told us kept.
            told = "\n".join(t for t in (self.slots.get("matter_text"), self.text) if t)
            self.set(matter_text=told)
            self.say(response="utter_offer_complaint", buttons=YES_NO)
            return self.go("listen", "offer_complaint")
        if pending == "offer_callback" and answers.wants_the_answer(self.text):
            # "no just info pls": the answer can only come from our team, which is what
            # was offered; they are told so.
            self.say(response="utter_callback_brings_the_answer")
            self.clear_matter(case_kind="enquiry")
            return self.go("contact_form")
        if pending == "offer_callback" and answers.asks_to_be_contacted(self.text) and \
                not answers.is_no(self.text):
            # "can sum one ring me and explain it": that is what was offered.
            return self.accept_offer(pending)
        if pending in ("offer_service_request", "offer_callback") and \
                answers.declines_logging(self.text):
            # "I don't want anything logged, I want them to stick to the hours": a no to
            # the offer; unhappy with what we do, they are offered the complaint (Code 1.3)
            # rather than the same offer again (retired v12: asked three times).
            if answers.already_logged(self.text):
                # "its not a repair i need logging its been logged about 5 times by everyone
                # in the block" (retired v20: the complaint was lost)
                return self.offer_complaint_already_logged()
            if unhappy_with_us(f"{self.slots.get('matter_text') or ''} {self.text}") or \
                    answers.wants_us_to_change(self.text):
                self.say(response="utter_offer_complaint", buttons=YES_NO)
                return self.go("listen", "offer_complaint")
            return self.decline_offer(pending)
        if (pending == "offer_emergency_repair" or (
                pending == "offer_service_request" and self.slots.get("emergency"))) and \
                answers.already_logged(self.text) and \
                not answers.is_no(self.text) and not answers.says_it_is_logged(self.text):
            # "I've rung twice and been told someone will call back and nobody has" to "shall I
            # log the emergency repair?" (played resident gi-07: only the complaint was taken,
            # and an 88-year-old left without heating): the danger's repair is logged (the
            # safe way to be wrong), then the complaint offered.
            told = "\n".join(t for t in (self.slots.get("matter_text"), self.text) if t)
            self.set(prior_report=True, matter_text=told)
            return self.start_service_request(complaint_follows=True)
        if pending in ("offer_service_request", "offer_emergency_repair") and \
                answers.already_logged(self.text) and not answers.is_yes(self.text):
            # "its not a repair i need logging its been logged about 5 times by everyone in the
            # block" (retired v20: read as a no, and the complaint lost) is no plain no.
            # "It's logged. Been logged 9 days.": no second request; unhappy that it is still
            # not done, they are offered the complaint and the repair carries on (Code 1.5;
            # retired v13 asked the same question three times).
            return self.offer_complaint_already_logged()
        if pending in ("offer_service_request", "offer_callback", "offer_emergency_repair"):
            if answers.is_yes(self.text, self.intent) and not answers.is_no(self.text):
                return self.accept_offer(pending)
            if (pending == "offer_emergency_repair" or (
                    pending == "offer_service_request" and self.slots.get("emergency"))) and \
                    answers.unsure_of_offer(self.text) and not answers.is_no(self.text):
                # "Oh I don't want to make a fuss" to logging a gas smell (played resident
                # taa-02, twenty-second session, 81: taken as a no, and the gas never logged):
                # no fuss; the offer is explained and made again.
                self.say(response="utter_no_fuss_offer_emergency_repair", buttons=YES_NO)
                return self.go("listen", pending)
            if answers.is_no(self.text, self.intent):
                return self.decline_offer(pending)
        if pending and pending.startswith("offer_") and answers.is_skip(self.text, self.intent):
            # "skip" to an offer keeps the matter told: a danger's repair is logged (the
            # safe way to be wrong), any other offer is taken as a no and the next choice
            # offered. Before, "skip" started afresh and lost what they had said.
            if pending == "offer_emergency_repair" or (
                    pending == "offer_service_request" and self.slots.get("emergency")):
                return self.accept_offer(pending)
            return self.decline_offer(pending)
        if pending and pending.startswith("offer_") and answers.unsure_of_offer(self.text):
            # "I don't know, what can you do?": say what yes means and ask again, never
            # read the question as a new matter.
            self.say(response=f"utter_offer_explained_{pending}", buttons=YES_NO)
            return self.go("listen", pending)
        if pending == "offer_callback" and answers.content_words(self.text) and not (
                answers.is_yes(self.text, None) or answers.is_no(self.text, None)
                or answers.told_already(self.text, [self.slots.get("matter_text") or ""])):
            # "rent" then "why has it gone up" (played resident fw-07: the same offer again,
            # and the question filed as "rent"): the question, kept with what they asked.
            told = "\n".join(t for t in (self.slots.get("matter_text"), self.text) if t)
            self.set(matter_text=told)
            self.say(response="utter_noted_offer_callback_again", buttons=YES_NO)
            return self.go("listen", pending)
        if pending in ("offer_service_request", "offer_emergency_repair", "offer_complaint") and \
                answers.more_of_the_matter(self.text):
            # "my mum lives with me shes 86 and shes freezing" to "shall I log it?": more of
            # what they told us, kept with it, and the offer made again with a word that it
            # was heard (played resident ec-01 was asked the same words three times and her
            # first messages were lost).
            told = "\n".join(t for t in (self.slots.get("matter_text"), self.text) if t)
            self.set(matter_text=told)
            if pending == "offer_emergency_repair" and unhappy_with_us(told):
                self.set(complaint_follows=True)
            self.say(response="utter_noted_offer_complaint_again" if pending == "offer_complaint"
                     else "utter_noted_offer_log_again", buttons=YES_NO)
            return self.go("listen", pending)
        if not pending and last_action not in FORMS and (answers.asks_for_stage_2_plainly(
                self.text) or answers.unhappy_with_our_reply(self.text)):
            # "Please escalate complaint CMP-… to stage 2", even inside a long letter: a
            # review of the complaint we answered (Code 6.11), never a new stage 1.
            return self.start_status(escalate=True)
        if self.intent in ("check_status", "escalate_complaint") or (
                answers.asks_for_stage_2(self.text) and not self.slots.get("matter_text")):
            # The words must say so: "I want to complain" or "complaint" starts a complaint.
            if answers.asks_for_stage_2(self.text):
                return self.start_status(escalate=True)
            if answers.asks_for_status(self.text) and not answers.only_asks_to_complain(
                    self.text):
                return self.start_status(escalate=False)
            if answers.wants_to_complain(self.text):
                return self.start_complaint()
        if self.intent in ("affirm", "deny", "skip") and pending and \
                pending.startswith("offer_") and len(self.text.split()) < 12:
            # Neither a yes nor a no to what we offered ("hmm, maybe"): what yes means, and
            # the offer again, never dropped (played residents, sixteenth session: three
            # replies to the complaint offer were each met with "Tell me what has happened").
            self.say(response=f"utter_offer_explained_{pending}", buttons=YES_NO)
            return self.go("listen", pending)
        if self.intent in ("affirm", "deny", "skip") and pending not in QUESTIONS:
            self.say(response="utter_tell_me_in_your_own_words")
            if len(self.text.split()) >= 3 and unhappy_with_us(self.text):
                # "not happy with you lot at all": what they tell next is the same matter.
                return self.go("listen", "what_about")
            return self.go("listen")
        if answers.asks_for_welsh(self.text):
            return self.welsh()
        if answers.only_asks_to_complain(self.text):
            return self.start_complaint()
        told = answers.sentences(self.text)
        if not pending and not self.slots.get("emergency") and len(self.text.split()) >= 4 and \
                any(answers.introduces_writer(s) for s in told) and \
                all(answers.introduces_writer(s) or answers.only_who_they_are(s) for s in told):
            # "Hello, my name is Sarah Okafor, I'm a floating support worker with Calder
            # Support.": who is writing, nothing yet of what happened (a played support
            # worker was told "I'm not sure that's something we deal with"). What they tell
            # next is the matter, with this before it.
            self.say(response="utter_tell_me_what_happened")
            return self.go("listen", "what_about")
        return self.route_matter()

    def welsh(self) -> None:
        """A request to use Welsh is a preference to keep, not a matter to file."""
        notes = [n for n in (self.slots.get("contact_note") or "").split("; ") if n]
        if "Would like to use Welsh" not in notes:
            notes.append("Would like to use Welsh")
        # Not a matter: what they tell us next is.
        self.set(contact_note="; ".join(notes), matter_text=None)
        phone = self.policy.get("landlord_phone")
        self.say(response="utter_welsh_by_phone" if phone else "utter_welsh", phone=phone)
        return self.go("listen")

    # --- a new matter, by its triage (docs/architecture.md §3) ---
    def route_matter(self) -> None:
        label = self.slots.get("triage_label") or "unclear"
        matter = self.slots.get("matter_text") or self.text
        if not self.slots.get("emergency") and self.text != matter and \
                answers.asks_for_stage_2_plainly(matter):
            # An MP's office asking for a stage 2 review, with a sagging ceiling that made us
            # ask first whether anyone was in danger (played resident tk-05, twentieth
            # session: filed as a new stage 1 complaint): the review, once no one is.
            return self.start_status(escalate=True, said=matter)
        if label == "complaint":
            if self.slots.get("emergency") and not self.slots.get("complaint_follows"):
                # Danger first: the emergency repair is offered before the complaint, and
                # the complaint follows, linked to it (Code 1.5).
                self.say(response="utter_offer_emergency_repair_first", buttons=YES_NO)
                self.set(complaint_follows=True)
                return self.go("listen", "offer_emergency_repair")
            if wants_to_complain(matter):
                return self.start_complaint()
            if self.slots.get("declined_matter") == matter:
                # They said no to complaining about this; don't ask again.
                self.say(response="utter_complaint_not_offered_again")
                return self.go("listen")
            self.say(response="utter_offer_complaint", buttons=YES_NO)
            return self.go("listen", "offer_complaint")
        if label == "service_request":
            return self.start_service_request()
        if label == "asb_report":
            self.say(response="utter_start_asb")
            self.clear_matter(case_kind="asb_report")
            if len(matter.split()) >= 6:
                self.set(asb_description=matter)
            return self.go("asb_form")
        if label == "emergency":
            if unhappy_with_us(matter, bool(self.slots.get("prior_report"))):
                # Danger told with dissatisfaction ("third time, nobody's fixed it"): the
                # emergency repair first, then the complaint follows, linked (Code 1.5).
                self.say(response="utter_offer_emergency_repair_first", buttons=YES_NO)
                self.set(complaint_follows=True)
                return self.go("listen", "offer_emergency_repair")
            self.say(response="utter_offer_emergency_repair", buttons=YES_NO)
            return self.go("listen", "offer_service_request")
        if label == "compliment":
            # Who it is from and how to reach them, each skippable, as in every other flow:
            # the team can thank them, and a compliment is filed like any case (retired v21:
            # three writers gave a way to be contacted and were never asked).
            self.say(response="utter_compliment_thanks")
            self.clear_matter(case_kind="compliment")
            self.say(response="utter_compliment_who")
            return self.go("contact_form")
        if label == "enquiry":
            simple = self.simple_answer(matter)
            if simple:
                self.say(text=simple + " " + phrase("utter_anything_else"))
                return self.go("listen")
            if wants_to_complain(matter):
                self.say(text=self.how_to_complain() + " " + phrase("utter_offer_complaint_now"),
                         buttons=YES_NO)
                return self.go("listen", "offer_complaint")
            self.say(response="utter_offer_callback", buttons=YES_NO)
            return self.go("listen", "offer_callback")
        if label == "out_of_scope":
            where = self.redirect(matter)
            if where != NOT_OURS_UNSURE:
                self.say(response=where)
            elif answers.mentions_repair(matter):
                # Read as not ours, yet it names a repair ("the roof leaks over my kitchen"):
                # never a dead end for a home of ours.
                self.say(response="utter_offer_repair_if_ours", buttons=YES_NO)
                return self.go("listen", "offer_service_request")
            else:
                # Nothing says whose it is ("why have I got a bill for clearance?"): a person
                # can tell, so the resident is offered one rather than sent away.
                self.say(response="utter_offer_callback_not_ours", buttons=YES_NO)
                return self.go("listen", "offer_callback")
            return self.go("listen")
        if label == "survey_feedback":
            # Code 1.6: survey feedback is not a complaint, but say how to make one.
            self.say(text=" ".join([phrase("utter_survey_feedback"), self.how_to_complain(),
                                    phrase("utter_offer_complaint_now")]), buttons=YES_NO)
            return self.go("listen", "offer_complaint")
        return self.ask_flowchart_question()

    def say_goodbye(self, pending: str | None) -> None:
        """'bye', 'no that's all', 'thanks': a goodbye only when nothing is waiting on
        them. Said at the read-back it is checked, never taken as leaving: a complaint read
        back and not sent would be lost."""
        if pending == "confirm":
            self.say(response="utter_confirm_before_leaving", buttons=READ_BACK_BUTTONS)
            return self.go("listen", "confirm")
        if pending and pending.startswith("offer_"):
            return self.decline_offer(pending)
        self.say(response="utter_goodbye")
        return self.go("listen")

    def ask_flowchart_question(self) -> None:
        # docs/architecture.md §3.6: when unsure, ask rather than guess.
        asked = int(self.slots.get("questions_asked") or 0)
        question = self.slots.get("triage_question")
        if asked >= MAX_QUESTIONS:
            self.say(response="utter_offer_complaint_unsure", buttons=YES_NO)
            return self.go("listen", "offer_complaint")
        self.set(questions_asked=asked + 1)
        if question in QUESTIONS:
            self.say(response=QUESTIONS[question], buttons=YES_NO)
            return self.go("listen", question)
        self.say(response="utter_tell_me_a_bit_more")
        return self.go("listen", "what_about")

    def accept_offer(self, pending: str) -> None:
        if pending == "offer_complaint":
            return self.start_complaint()
        more = answers.told_with_yes(self.text) if pending in (
            "offer_service_request", "offer_emergency_repair") else None
        matter = self.slots.get("matter_text") or ""
        if more and not answers.told_already(more, [matter]):
            # "Well yes obviously, but he rang on Thursday and nobody came": the yes, and
            # more of the matter, kept with it (and the complaint offered once it's logged).
            self.set(matter_text=f"{matter}\n{more}".strip())
            if unhappy_with_us(more) or answers.tells_of_earlier_report(more):
                self.set(complaint_follows=True)
        if pending == "offer_complaint_about_request":
            # Code 1.5: the complaint is about how the request was handled; the request
            # carries on, linked to it. What went wrong is asked afresh.
            return self.start_complaint(about_request=self.slots.get("last_reference"))
        if pending == "offer_service_request":
            return self.start_service_request()
        if pending == "offer_emergency_repair":
            return self.start_service_request(complaint_follows=True)
        self.say(response="utter_callback_accepted")
        self.clear_matter(case_kind="enquiry")
        return self.go("contact_form")

    def withdraw_complaint(self) -> None:
        """They no longer want the complaint they started: nothing is filed. What they told
        us is kept, and they are offered to have it logged to be sorted out instead."""
        told = [self.slots.get("matter_text") or "",
                *(p for p in self.slots.get("complaint_points") or []
                  if p != self.slots.get("matter_text"))]
        matter = " ".join(t for t in told if t).strip()
        self.set(case_kind=None, declined_matter=matter or None, matter_text=matter or None,
                 **{name: None for name in COMPLAINT_SLOTS})
        self.say(response="utter_complaint_withdrawn", buttons=YES_NO)
        return self.go("listen", "offer_service_request")

    def offer_complaint_already_logged(self) -> None:
        """It is logged already: the complaint about how it is being handled is offered (a
        no is not met with the repair again)."""
        self.set(prior_report=True, pending=None, said_logged=True)
        if asks_to_complain(self.text or ""):
            # "its already logged mate. ref SR-2026-000002. ive reported it 3 times. i want
            # to complain" (played resident to-10, twentieth session: asked whether he wanted
            # to complain, then a second repair logged): the complaint, at once.
            return self.start_complaint()
        self.say(response="utter_offer_complaint_already_reported", buttons=YES_NO)
        return self.go("listen", "offer_complaint")

    def decline_offer(self, pending: str) -> None:
        label = self.slots.get("triage_label")
        if pending == "offer_emergency_repair":
            # No repair logged here: go on with the complaint they came to make.
            matter = self.slots.get("matter_text") or ""
            if wants_to_complain(matter):
                return self.start_complaint()
            self.say(response="utter_offer_complaint_after_no_repair", buttons=YES_NO)
            return self.go("listen", "offer_complaint")
        if pending in ("offer_complaint", "offer_complaint_about_request"):
            self.set(declined_matter=self.slots.get("matter_text"))
        last = self.slots.get("last_reference") or ""
        matter = self.slots.get("matter_text")
        if pending == "offer_complaint" and last.startswith("SR-") and (
                answers.points_to_what_was_logged(matter) or not answers.mentions_repair(matter)):
            # "wait is that a new one?? i said its already logged… just want the fan fixed",
            # or "The 14th? That's over a week stuck in my flat", then no to the complaint
            # (played residents ev-07, fy-05 were offered the repair just logged again): the
            # repair just logged is the one.
            self.say(response="utter_already_with_team", reference=last)
            return self.go("listen")
        if pending == "offer_complaint" and self.slots.get("said_logged") and \
                self.slots.get("emergency"):
            # Logged already, a danger still there, and no complaint wanted (played resident
            # gi-02, a burning smell from the fuse box and nobody came): the emergency repair
            # is logged again so someone comes out.
            return self.start_service_request()
        if pending == "offer_complaint" and self.slots.get("said_logged"):
            # "already logged. 3 weeks ago." then no to the complaint (retired v22: offered
            # the repair again, then the complaint again, and nothing filed): no second
            # request; the team is asked to get back to them about it, if they want (played
            # resident gi-10: "just want a date" became an enquiry that lost the window).
            self.say(response="utter_offer_callback_about_logged", buttons=YES_NO)
            return self.go("listen", "offer_callback")
        if pending == "offer_complaint" and label not in ("survey_feedback", "enquiry") and \
                not answers.mentions_repair(matter):
            # No complaint about a rent account taken twice (played resident tr-04,
            # twenty-first session: logged as a repair and asked "which room?"): nothing to
            # send anyone out to, so the team is asked to get back to them.
            self.say(response="utter_offer_callback_instead", buttons=YES_NO)
            return self.go("listen", "offer_callback")
        if pending == "offer_complaint" and label not in ("survey_feedback", "enquiry"):
            self.say(response="utter_offer_request_instead", buttons=YES_NO)
            return self.go("listen", "offer_service_request")
        self.say(response="utter_offer_declined")
        return self.go("listen")

    # --- starting the forms ---
    def start_complaint(self, about_request: str | None = None) -> None:
        matter = self.slots.get("matter_text") or ""
        apologised = self.slots.get("pending") in ("offer_complaint",
                                                     "offer_complaint_about_request")
        self.say(response="utter_start_complaint_after_offer" if apologised
                 else "utter_start_complaint")
        # A complaint about the request just logged: who is writing for whom was asked then.
        self.clear_matter(case_kind="complaint", keep_who=bool(about_request))
        if about_request:
            # Code 1.5: the request carries on, linked to the complaint. Kept apart from
            # `linked_reference`, so an earlier report's own reference is still asked for.
            self.set(about_request=about_request)
        detail = detail_beyond_asking(matter)
        if detail:
            self.set(complaint_point=detail, complaint_points=answers.split_points(detail))
        started = answers.start_said(matter)
        if started and not about_request:
            self.set(complaint_started=started)  # "since March": not asked again
        told = matter if len(matter.split()) <= 60 else " ".join(
            # A long letter: only its sentences about reporting it (played residents,
            # sixteenth session: the letter's head was filed as the earlier report, and
            # its last matter twice)
            s for s in answers.sentences(answers.without_letter_furniture(matter).replace(
                "\n", " ")) if answers.says_reported_before(s))
        history = answers.report_history(told) if told else None
        if history and answers.says_when(history) and answers.says_reported_before(history) \
                and not about_request:
            # "rang in aug, sept n again in oct and nobody called back": when they told us
            # and what came of it is in the account; "when was that?" is not asked.
            self.set(told_before=history, prior_report=True)
        who = None if about_request else answers.letter_who(matter)
        if who:
            # A letter signed by someone writing for a named resident: who they are, for
            # whom, their consent and how to reach them are not asked again (retired v15).
            contact = " ".join(v for v in (who.phone, who.email) if v)
            self.set(acting_for=True, on_behalf=True, rep_name=who.writer,
                     resident_name=who.resident,
                     **({"rep_relationship": who.role} if who.role else {}),
                     **({"consent": answers.CONSENT_GIVEN} if who.consent else {}),
                     # "I hold a registered LPA for my father": no consent is needed, and
                     # it is not asked (played residents, sixteenth session)
                     **({"consent": answers.CONSENT_NOT_NEEDED}
                        if answers.holds_legal_authority(matter) else {}),
                     **({"contact_details": contact, "contact_phone": who.phone,
                         "contact_email": who.email} if contact else {}),
                     # "Please direct all correspondence to this office" under a letterhead:
                     # the writer's address, not the tenant's (played resident gh-07)
                     **({"rep_address": office}
                        if (office := answers.writers_address(matter)) else {}))
        elif not about_request and self.slots.get("acting_for") is None and \
                (relative := answers.relative_as_tenant(matter)):
            self.set(acting_for=True, on_behalf=True,
                     **({"rep_relationship": relative.relationship}
                        if relative.relationship else {}),
                     **({"resident_name": relative.resident_name}
                        if relative.resident_name else {}))
        return self.go("complaint_form")

    def start_service_request(self, complaint_follows: bool = False) -> None:
        matter = self.slots.get("matter_text") or ""
        self.say(response="utter_start_service_request")
        self.clear_matter(case_kind="service_request")
        if complaint_follows:
            self.set(complaint_follows=True)
        words = len(matter.split())
        if (words >= 4 or (words >= 2 and answers.about_unfixed_repair(matter))) and \
                self.slots.get("triage_label") != "unclear":
            # "bathroom fan broke" says what needs fixing (played resident ev-07 was asked
            # again, and every later answer landed one question late).
            self.set(sr_description=answers.without_letter_furniture(matter))
        if self.slots.get("emergency"):
            self.set(sr_priority="emergency")
        return self.go("service_request_form")

    def start_correction(self) -> None:
        kept = answers.points_removed(self.slots.get("complaint_points"), self.text)
        if kept is not None:
            # "Nearly - please remove 'Yes please'": that point taken out, read back again.
            self.set(complaint_points=kept)
            return self.read_back()
        typed = answers.correction_in_words(self.text)
        if typed:
            # The change typed straight away ("no, you missed the window that won't
            # shut"): made as said and read back, without asking which part.
            part, text = typed
            wish = re.sub(r"^(?:but|and|also|although|though)\b[\s,]*", "", text,
                          flags=re.IGNORECASE)
            if part == "add" and answers.states_outcome(wish):
                # "Mostly but i want a new boiler not another repair" (played resident l-01's
                # was filed as a point): what they want, added to the outcome.
                outcome = self.slots.get("desired_outcome") or ""
                if not answers.told_already(wish, [outcome]):
                    self.set(desired_outcome=f"{outcome.rstrip('. ')}. {wish}" if outcome
                             else wish)
                return self.read_back()
            if part == "add":
                self.set(complaint_points=answers.more_points(
                    self.slots.get("complaint_points"), text))
                return self.read_back()
            self.set(correction_part=part, correction_text=text)
            return self.apply_correction()
        # "change what I'd like": the part is said, so only the new words are asked for.
        part = answers.read_correction_part(self.text) if re.search(
            r"\b(?:change|correct|fix|edit|update)\b", self.text or "", re.IGNORECASE) else None
        self.set(correction_part=part, correction_text=None)
        return self.go("correction_form", "correcting")

    def start_status(self, escalate: bool, said: str | None = None) -> None:
        said = said or self.text
        given = answers.find_references(said) if escalate else []
        reference = (answers.find_reference(said) or (given[0] if given else None)
                     or self.slots.get("last_reference"))
        proof = (answers.find_phone(said) or answers.find_postcode(said)
                 or answers.find_email(said))
        if escalate:
            # Code 6.12: no reasons needed to ask for stage 2.
            self.say(response="utter_start_stage_2")
        else:
            self.say(response="utter_start_status")
        self.set(case_reference=reference, status_proof=proof, failed_attempts=None)
        return self.go("status_form", "escalate" if escalate else "status")

    def hand_to_person(self) -> None:
        kind = self.slots.get("case_kind") or self.slots.get("triage_label") or "unclear"
        if self.slots.get("pending") in ("offer_complaint", "offer_complaint_about_request"):
            # Offered the choice to complain, they asked for a person instead: they have
            # not chosen (Code 1.3 leaves it to them), so staff get it as an enquiry and the
            # choice stays open. A complaint is never logged for someone who didn't say yes.
            kind = "enquiry"
        if kind == "complaint" and not self.slots.get("case_kind"):
            # Read as a complaint, but they never chose to make one (they said no to it, or
            # were never asked): "person" files no complaint for them (played resident tq-10,
            # twenty-first session: "No, there's already a complaint", then "person", and a
            # second complaint and a repair were logged). Staff get it as an enquiry.
            kind = "enquiry"
        already_asked = bool(self.slots.get("asked_for_person"))
        matter = self.slots.get("matter_text")
        if self.slots.get("last_reference") and matter and matter == self.slots.get(
                "filed_matter") and self.slots.get("pending") not in STATUS_PENDING:
            # Already filed: a person will read it. Never file the same matter twice.
            phone = self.policy.get("landlord_phone")
            self.say(response="utter_already_with_team_call_us" if phone
                     else "utter_already_with_team",
                     reference=self.slots["last_reference"], phone=phone)
            return self.go("listen")
        if self.slots.get("pending") in STATUS_PENDING or (
                self.slots.get("pending") == "handoff" and self.slots.get("case_reference")):
            # Asking about an existing case is not a new complaint: staff get an enquiry
            # linked to the case they asked about.
            kind = "enquiry"
            reference = answers.find_reference(self.slots.get("case_reference")) or \
                self.slots.get("linked_reference")
            if reference:
                self.set(linked_reference=reference)
        self.set(asked_for_person=True, case_kind=kind)
        if self.slots.get("contact_phone") or self.slots.get("contact_email") or already_asked:
            self.say(response="utter_handoff_now")
            return self.go("action_submit_case")
        self.say(response="utter_handoff_needs_contact")
        return self.go("contact_form", "handoff_contact")

    def note_contact(self, said: str, preference: answers.ContactPreference) -> None:
        """Keeps what they said about how to reach them with the other contact notes."""
        notes = [n for n in (self.slots.get("contact_note") or "").split("; ") if n]
        notes.append(answers.in_their_words(said))
        if preference.when:
            notes.append(f"Best time to contact: {answers.plain_time(preference.when, said)}")
        if preference.avoid:
            notes.append(f"Do not contact: {preference.avoid}")
        self.set(contact_note="; ".join(dict.fromkeys(notes)))

    def clear_matter(self, case_kind: str, keep_who: bool = False) -> None:
        self.set(case_kind=case_kind, questions_asked=0,
                 **{name: None for name in MATTER_SLOTS
                    if not (keep_who and name in WHO_SLOTS)})
        if not keep_who and case_kind in ("complaint", "service_request"):
            self.who_from_opening()

    def who_from_opening(self) -> None:
        """An opening that plainly says who the writer acts for ("on behalf of my mum",
        "my constituent") answers "are you getting in touch for someone else?"."""
        reading = answers.writes_for_someone(self.slots.get("matter_text"))
        if reading is None:
            return
        self.set(acting_for=True, on_behalf=True)
        if reading.relationship:
            self.set(rep_relationship=reading.relationship)
        if reading.resident_name and answer(self.slots, "resident_name") is None:
            self.set(resident_name=reading.resident_name)

    # --- after a form ---
    async def after_form(self, form: str) -> None:
        if form == "complaint_form":
            return self.read_back()
        if form == "correction_form":
            return self.apply_correction()
        if form == "status_form":
            return await self.check_status()
        if form == "asb_form" and self.slots.get("case_kind") == "asb_report":
            # Who is affected, and anything else, before it is sent: a child, an illness or
            # a fear told only now is what the team needs for its risk assessment (retired
            # v17: six of nine ASB reports lost a household's vulnerability this way).
            self.say(response="utter_asb_anything_more", buttons=NO_ONLY)
            return self.go("listen", "asb_more")
        return self.go("action_submit_case", self.slots.get("pending"))

    def complaint_instead_of_report(self) -> None:
        """A complaint about us, with everything told so far, instead of the report."""
        told = "\n".join(dict.fromkeys(
            t for t in (self.slots.get("matter_text"), answer(self.slots, "asb_description"),
                        self.text) if t))
        self.set(matter_text=told, pending=None)
        return self.start_complaint()

    def take_asb_more(self) -> None:
        """Their answer to "anything else our team should know?": kept with the report
        unless it is only a no or a thanks; then the report is sent."""
        said = (self.text or "").strip()
        if asks_to_complain(said) or complains_of_our_handling(said):
            # "I want to complain about the ASB officer too" (played resident et-05: kept
            # with the neighbour report, and no complaint offered): a complaint about us,
            # with all they told, as when they say so part-way through the report (Code 1.3).
            return self.complaint_instead_of_report()
        rest = answers.addition_after_yes(said) or answers.after_leading_no(said)
        if said.startswith("/") or (self.intent == "deny" and len(said.split()) <= 3):
            rest = ""  # the No button, or "no thanks"
        if answers.content_words(rest) and not (
                answers.is_bare_yes_or_no(said) or answers.nothing_more(said)
                or answers.says_nothing_new(said) or answers.declines(said)):
            self.set(asb_more=rest)
        return self.go("action_submit_case")

    def read_back(self) -> None:
        points = self.slots.get("complaint_points") or []
        if not points and self.slots.get("matter_text"):
            points = [self.slots["matter_text"]]
        contact = self.how_we_contact()
        acting_for = self.slots.get("acting_for") is True
        self.say(text=wording.read_back(points, answer(self.slots, "desired_outcome"), contact,
                                        answer(self.slots, "resident_name") if acting_for
                                        else None),
                 buttons=READ_BACK_BUTTONS)
        return self.go("listen", "confirm")

    def how_we_contact(self) -> str | None:
        """'by text on 07700 900123', 'by letter to 12 Acacia Avenue', as they asked; 'on
        07700 900123' when they didn't say how (utter_contact_*)."""
        method = answer(self.slots, "preferred_contact")
        phone, email = answer(self.slots, "contact_phone"), answer(self.slots, "contact_email")
        address = address_said(self.slots, self.tracker.events)
        if self.slots.get("acting_for") is True and answer(self.slots, "rep_address"):
            address = answer(self.slots, "rep_address")  # the writer's own, as they asked
        if method == "letter" and address:
            return phrase("utter_contact_by_letter", address=address)
        if method == "email" and email:
            return phrase("utter_contact_by_email", email=email)
        if method in _BY_PHONE and phone:
            return phrase(_BY_PHONE[method], phone=phone)
        if phone or email:
            return phrase("utter_contact_on", contact=phone or email)
        return None

    def fix_detail(self, text: str) -> bool:
        """One detail put right ("April not May"): in the point that holds it, and in when
        it started if that held it too (played residents pk-03, pk-07: the points changed,
        the start date did not). Whether anything changed."""
        fixed = answers.detail_fix(self.slots.get("complaint_points"), text)
        started = answer(self.slots, "complaint_started")
        new_start = answers.detail_fix([started], text) if isinstance(started, str) else None
        if fixed:
            self.set(complaint_points=fixed)
        if new_start and new_start[0] != started:
            self.set(complaint_started=new_start[0])
        return bool(fixed or (new_start and new_start[0] != started))

    def apply_correction(self) -> None:
        part = self.slots.get("correction_part")
        text = answer(self.slots, "correction_text")
        if part == "none":
            # Asked which part to change, they said it is right after all: confirmed.
            self.set(definition_confirmed=True)
            return self.go("action_submit_case")
        if part == "withdrawn":
            # "No complaint. Please cancel the complaint.": nothing is filed as one.
            self.set(correction_part=None, correction_text=None)
            return self.withdraw_complaint()
        if text and part == "points":
            earlier = self.slots.get("complaint_points") or []
            kept = answers.points_removed(earlier, text)
            added = answers.correction_in_words(f"no, {text}")
            rewritten = answers.point_rewritten(earlier, text)
            if rewritten:
                self.set(complaint_points=rewritten)
            elif kept is not None:
                # "take out the first bit, it's just me introducing myself"
                self.set(complaint_points=kept)
            elif answers.asks_to_correct(text) and re.search(
                    r"\b(?:remove|delete|take|leave|cross|get rid)\b", text, re.IGNORECASE):
                # A removal we can't place: nothing is replaced or added; they're told, and
                # the read-back is shown again (a removal had replaced every point).
                self.say(response="utter_correction_not_placed")
            elif self.fix_detail(text):  # "October not September": the point that said it
                pass
            elif added and added[0] == "add" and answers.asks_to_add(text):
                # "You missed that since his details were shared he is frightened…": added,
                # without "you missed that" (played residents: it replaced the whole list).
                self.set(complaint_points=answers.more_points(earlier, added[1]))
            elif earlier and len(answers.split_points(text)) < 2 and (
                    len(earlier) >= 2 and len(text.split()) <= 6 or
                    2 * len(text.split()) < sum(len(p.split()) for p in earlier)):
                # "October not September", or a line much shorter than what we have: a fix
                # or an addition, not the whole account again; nothing they told us before
                # is lost (played residents, eleventh session: a retype to change one figure
                # dropped "never missed a payment in 11 years"). Two matters or more typed
                # are the account again, as the prompt asks, and replace it (played
                # residents, fourteenth session: a letter's nine points could not be put
                # right by typing its three matters).
                self.set(complaint_points=answers.more_points(earlier, text))
            else:
                self.set(complaint_point=text, complaint_points=answers.split_points(text))
        elif text and part == "outcome":
            self.set(desired_outcome=text)
        elif text and part == "contact":
            phone, email = answers.find_phone(text), answers.find_email(text)
            if phone or email:
                self.set(contact_details=text, contact_phone=phone or self.slots.get(
                    "contact_phone"), contact_email=email or self.slots.get("contact_email"))
            method = answers.read_contact_preference(text).method
            if method:  # "text me instead", "by letter please"
                self.set(preferred_contact=method)
            address = answers.find_address(text)
            theirs = answers.writers_address(text) if self.slots.get("acting_for") is True \
                else None
            if theirs:
                # "Letters must come to me at Bramley Law Centre…", "Correspondence must go to
                # me at Members' Office, Town Hall…": the writer's address, for letters; the
                # resident's home stays theirs (played residents fx-06, gh-03).
                self.set(rep_address=theirs, preferred_contact="letter")
            elif address:
                self.set(postal_address=address)
        elif text and part == "who" and answers.read_acting_for(text).acting is False:
            # "I'm not writing for anyone, it's me": they are the resident.
            self.set(acting_for=False, rep_name=None, rep_relationship=None,
                     rep_professional=None, consent=None, on_behalf=False)
        elif text and part == "who" and self.slots.get("acting_for") is True and (
                resident := answers.read_acting_for(text).resident_name
                or answers.read_name(text).other_name or answers.read_name(text).name):
            # Writing for someone already, the resident's name is what they correct ("my
            # neighbour, Ernest Pike", "The resident is Mr Terence Walsh"): played residents
            # eb-03 and eb-04 tried three times and the read-back never changed.
            reading = answers.read_acting_for(text)
            self.set(resident_name=resident, **({"rep_relationship": reading.relationship}
                                                if reading.relationship else {}))
        elif text and part == "who" and self.slots.get("acting_for") is not True and (
                (reading := answers.read_acting_for(text)).acting or reading.resident_name):
            # "I'm writing for Mrs Janet Pike, I'm her councillor" (played resident t-04):
            # the name we had is the writer's; the resident is the one named. The form asks
            # what is still missing (how they know them, consent), then reads back again.
            self.set(acting_for=True, on_behalf=True,
                     rep_name=self.slots.get("resident_name"),
                     resident_name=reading.resident_name,
                     rep_relationship=reading.relationship,
                     rep_professional=reading.professional or None, consent=None)
            return self.go("complaint_form")
        return self.read_back()

    async def check_status(self) -> None:
        given = self.slots.get("case_reference")
        reference = answers.find_reference(given) or ("" if given in (None, SKIPPED) else given)
        proof = self.slots.get("status_proof") or ""
        phone = answers.find_phone(proof)
        postcode = None if phone else answers.find_postcode(proof)
        email = None if phone or postcode else answers.find_email(proof)
        escalate = self.slots.get("pending") == "escalate"
        self.set(case_reference=None, status_proof=None)
        if escalate and (not reference or not answers.find_reference(reference)):
            # Stage 2 of a complaint not held here (before this service, or by letter), or
            # without its reference: taken all the same (Code 6.11-6.12), never turned away.
            return self.start_stage_2_intake(reference or None, phone, email)
        landlord_phone = self.policy.get("landlord_phone")
        if not reference or not (phone or postcode or email):
            self.say(response="utter_status_needs_reference" if landlord_phone
                     else "utter_status_needs_reference_no_phone", phone=landlord_phone)
            return self.go("listen")
        client = IntakeClient()
        try:
            case = await client.lookup(reference, phone=phone, postcode=postcode, email=email)
            if case is not None and escalate and self.may_go_to_stage_2(case):
                count = int(self.slots.get("submission_count") or 0)
                key = idempotency_key(f"{self.tracker.sender_id}:escalate:{reference}", count)
                result = await client.escalate(reference, phone=phone, postcode=postcode, key=key,
                                               email=email)
                escalated = result.get("case", result) if result else None
                if escalated is not None:
                    self.set(linked_reference=reference)
                    self.say(text=self.stage_2_text(escalated))
                    return self.go("listen", "after_status")
        except IntakeRejected as exc:
            if exc.status != 409:
                logger.error("intake API rejected a %s with %s",
                             "stage 2 request" if escalate else "status check", exc.status)
            self.say(response="utter_cannot_escalate" if exc.status == 409
                     else "utter_something_went_wrong", reference=reference)
            return self.go("listen")
        except IntakeError:
            self.say(response="utter_case_system_unreachable" if landlord_phone
                     else "utter_case_system_unreachable_no_phone", phone=landlord_phone)
            return self.go("listen")
        if case is None and escalate:
            return self.start_stage_2_intake(reference, phone, email)
        if case is None:
            self.say(response="utter_case_not_found")
            return self.go("listen")
        # Kept so a request for a person next is about this case, not a new one.
        self.set(linked_reference=case.get("reference"))
        if escalate:
            self.not_yet_stage_2(case)
            return self.go("listen", "after_status")
        self.say(text=self.status_text(case))
        return self.go("listen", "after_status")

    def start_stage_2_intake(self, reference: str | None, phone: str | None,
                             email: str | None) -> None:
        """Take a request for stage 2 that we cannot match to a complaint held here: it is
        filed at stage 2 with the reference they gave, for the complaints team to match."""
        self.say(response="utter_stage_2_intake_not_found" if reference
                 else "utter_stage_2_intake_no_reference", reference=reference)
        self.clear_matter(case_kind="complaint")
        self.set(escalation_of=reference or SKIPPED, linked_reference=reference or SKIPPED,
                 contact_phone=phone, contact_email=email,
                 contact_details=phone or email)
        return self.go("complaint_form")

    @staticmethod
    def may_go_to_stage_2(case: dict[str, Any]) -> bool:
        """Code 6.11: stage 2 follows our stage 1 response (or our missing its deadline)."""
        if case.get("kind") != "complaint" or case.get("stage") != "stage_1":
            return False
        if case.get("status") in ("responded", "closed"):
            return True
        due = case.get("response_due")
        return bool(due) and str(due)[:10] < date.today().isoformat()

    def not_yet_stage_2(self, case: dict[str, Any]) -> None:
        reference = case.get("reference", "")
        if case.get("kind") != "complaint":
            return self.say(response="utter_no_stage_2_for_this_kind", reference=reference)
        if case.get("stage") == "stage_2":
            return self.say(text=self.status_text(case))
        if case.get("status") == "declined":
            return self.say(response="utter_no_stage_2_declined", reference=reference,
                            ombudsman=wording.ombudsman_details(case.get("ombudsman")))
        respond = wording.human_date(case.get("response_due"))
        return self.say(response="utter_stage_1_still_open_due" if respond
                        else "utter_stage_1_still_open", reference=reference, due=respond)

    def stage_2_text(self, case: dict[str, Any]) -> str:
        sla = case.get("sla") or case
        acknowledge = wording.human_date(sla.get("acknowledge_due"))
        respond = wording.human_date(sla.get("response_due"))
        lines = [phrase("utter_stage_2_now", reference=case.get("reference", ""))]
        if acknowledge:
            lines.append(phrase("utter_acknowledge_by", date=acknowledge))
        if respond:
            lines.append(phrase("utter_final_response_by", date=respond))
        ombudsman = case.get("ombudsman") or self.policy.get("ombudsman")
        lines.append(phrase("utter_stage_2_ombudsman",
                            ombudsman=wording.ombudsman_details(ombudsman)))
        return "\n".join(lines)

    def status_text(self, case: dict[str, Any]) -> str:
        """What the lookup says, in true words: the API's status, stage and due dates."""
        reference = case.get("reference", "")
        status = case.get("status")
        stage = case.get("stage")
        at_stage = " " + phrase(_AT_STAGE[stage]) if stage in _AT_STAGE else ""
        acknowledge = wording.human_date(case.get("acknowledge_due"))
        respond = wording.human_date(case.get("response_due"))
        final = stage == "stage_2"  # stage 2's is our final response
        response_due = "utter_status_final_response_due" if final else "utter_status_response_due"
        if status == "open":
            lines = [phrase("utter_status_open", reference=reference, at_stage=at_stage)]
            if acknowledge:
                lines.append(phrase("utter_acknowledge_by", date=acknowledge))
            if respond:
                lines.append(phrase(response_due, date=respond))
        elif status == "acknowledged":
            lines = [phrase("utter_status_acknowledged", reference=reference,
                            at_stage=at_stage)]
            if respond:
                lines.append(phrase(response_due, date=respond))
        elif status == "responded":
            lines = [phrase("utter_status_final_responded" if final else "utter_status_responded",
                            reference=reference, at_stage=at_stage)]
        elif status == "declined":
            lines = [phrase("utter_status_declined", reference=reference)]
        else:
            lines = [phrase("utter_status_closed", reference=reference)]
        if case.get("kind", "complaint") == "complaint":
            if stage == "stage_1" and status in ("responded", "closed"):
                lines.append(phrase("utter_status_can_ask_stage_2"))
            elif stage == "stage_2" or status == "declined":
                lines.append(phrase("utter_status_ombudsman", ombudsman=wording.ombudsman_details(
                    case.get("ombudsman"))))
        return "\n".join(lines)

    # --- wording that needs the policy ---
    def how_to_complain(self) -> str:
        phone = self.policy.get("landlord_phone")
        if phone:
            return phrase("utter_how_to_complain_by_phone", phone=phone)
        return phrase("utter_how_to_complain")

    def simple_answer(self, matter: str) -> str | None:
        """The few enquiries the policy settings can answer directly."""
        said = matter.lower()
        phone, out_of_hours = self.policy.get("landlord_phone"), self.policy.get(
            "out_of_hours_phone")
        # Asked for the out-of-hours line, not any message with "night" in it ("Drilling at
        # 6.45 this morning. I work nights." was given the emergency number; retired v12).
        if out_of_hours and re.search(
                r"out[- ]of[- ]hours|(?:number|line|who (?:do|should|can) i (?:call|ring|contact)|"
                r"how (?:do|can) i (?:report|reach|contact))\b[^.?!]{0,40}\b(?:evening|weekend|"
                r"night|bank holiday)s?\b|\b(?:evening|weekend|night|bank holiday)s?\b[^.?!]{0,40}"
                r"\b(?:number|line|who (?:do|should|can) i (?:call|ring|contact))\b", said):
            return phrase("utter_out_of_hours_line", out_of_hours=out_of_hours)
        if phone and re.search(r"(phone|contact|telephone|call) (number|you)|number for you|"
                               r"how (do|can) i (contact|call|ring|reach) you", said):
            text = phrase("utter_call_us_on", phone=phone)
            if out_of_hours:
                text += " " + phrase("utter_out_of_hours_line", out_of_hours=out_of_hours)
            return text
        return None

    @staticmethod
    def redirect(matter: str) -> str:
        """Where to go instead, as the response that says so, or NOT_OURS_UNSURE."""
        said = matter.lower()
        if re.search(r"universal credit|\buc\b|\bpip\b|jobseeker|pension credit|"
                     r"\bdwp\b", said):
            return "utter_dwp"
        if re.search(r"council tax|housing benefit|council tax reduction|bin collection",
                     said) or re.search(r"\bcouncil\b[^.?!]{0,60}\bbins?\b|\bbins?\b[^.?!]{0,60}"
                                        r"\bcouncil\b", said):
            return "utter_redirect_council"
        if re.search(r"private landlord|letting agent|my landlord", said):
            return "utter_redirect_private_landlord"
        return NOT_OURS_UNSURE
