"""action_submit_case: hand the case to the intake API, or keep it safe in the outbox.

The Idempotency-Key is the conversation id plus ``submission_count``, which only moves
on once this submission is settled, so any retry of the same submission (by the
client, by Rasa re-running the action, or by the outbox later) reuses the same key.

What the resident is told is in bot/domain.yml: the offers as responses sent by name,
the filed case's lines chosen and joined by actions/wording.py.
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

from actions import answers, filing, wording
from actions.case import build_case
from actions.intake_client import IntakeClient, IntakeRejected, IntakeUnavailable, idempotency_key
from actions.outbox import NEEDS_ATTENTION, Outbox, start_background_worker
from actions.policy import load_policy
from actions.routing import MATTER_SLOTS, WHO_SLOTS, YES_NO
from actions.triage import unhappy_with_us

logger = logging.getLogger(__name__)

# Who the matter is from; kept for a resident's next matter in the same conversation.
IDENTITY_SLOTS = ("resident_name", "contact_details", "contact_phone", "contact_email",
                  "preferred_contact", "postcode", "postal_address", "contact_note")

API_KINDS = {"complaint", "service_request", "asb_report", "compliment", "enquiry",
             "emergency", "out_of_scope", "survey_feedback", "unclear"}

# Deliver cases left in the outbox by an earlier run as soon as the action server starts
# (rasa_sdk imports every module of the actions package at start-up).
start_background_worker()


def case_for(tracker: Tracker) -> dict[str, Any]:
    kind = tracker.get_slot("case_kind") or tracker.get_slot("triage_label") or "unclear"
    if kind not in API_KINDS:
        kind = "unclear"
    return build_case(kind, dict(tracker.slots), list(tracker.events), tracker.sender_id,
                      tracker.get_latest_input_channel(), load_policy(), date.today())


def has_resident_message(tracker: Tracker) -> bool:
    """Whether anyone wrote to us in this conversation. Rasa calls this action only after
    a resident's message; a call without one was made by hand, not by a conversation."""
    return any(event.get("event") == "user" and str(event.get("text") or "").strip()
               for event in tracker.events)


def unhappy_with_handling(tracker: Tracker) -> bool:
    """Whether the resident's words for this request show dissatisfaction (Code 1.5)."""
    said = [tracker.get_slot(name) for name in ("matter_text", "sr_description", "sr_location",
                                                 "sr_access")]
    prior = bool(tracker.get_slot("prior_report"))
    if any(isinstance(text, str) and unhappy_with_us(text, prior) for text in said):
        # "Reported it, job no 5531902, still nothing" is dissatisfaction too.
        return True
    # An emergency that tells of an earlier report or visit: the choice is offered too.
    matter = tracker.get_slot("matter_text")
    return bool(tracker.get_slot("emergency")) and (
        answers.told_us_before(matter) or answers.our_work_behind_it(matter))


# Broken for weeks or months: whether it was reported before and they are unhappy with how
# it was handled is worth asking (Code Appendix A). "the heating has been broken for 3 weeks
# and im freezing" (played resident fw-05) was offered the repair alone. How long is read by
# answers.start_said; days and hours are not long.
_NOT_LONG = re.compile(r"\b(?:days?|hours?|hrs?|mins?|minutes?|yesterday|today|tonight|this "
                       r"(?:morning|afternoon|evening|week)|last night)\b", re.IGNORECASE)


def reported_before(tracker: Tracker) -> bool:
    """Whether the request's own words tell of an earlier report ("blocked agen, 3rd
    time") or of a fault left for weeks. Not the learned reading alone: residents who
    never reported it were told "you said you've reported this before" by it; the offer
    itself says "if you've reported this before"."""
    matter = tracker.get_slot("matter_text")
    started = answers.start_said(matter)
    return answers.tells_of_earlier_report(matter) or bool(started and not _NOT_LONG.search(started))


def reachable(case: dict[str, Any]) -> bool:
    """Whether the intake API will have a way to send the resident their reference once the
    case is logged: the messaging channel they used, or a contact detail on the case."""
    if case.get("channel") in ("sms", "whatsapp", "telegram"):
        return True
    people = [case.get("complainant") or {}, case.get("representative") or {}]
    return any(p.get(k) for p in people for k in ("phone", "email", "address", "telegram_chat_id"))


class ActionSubmitCase(Action):
    def name(self) -> str:
        return "action_submit_case"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        if not has_resident_message(tracker):
            logger.warning("action_submit_case refused: the tracker has no resident message")
            return []
        policy = load_policy()
        submission = int(tracker.get_slot("submission_count") or 0)
        key = idempotency_key(tracker.sender_id, submission)
        case = case_for(tracker)
        preferred = tracker.get_slot("preferred_contact")
        events: list[EventType] = []
        try:
            filed = await filing.file_case(IntakeClient(), case, key, tracker)
        except IntakeUnavailable:
            Outbox().add(key, case)
            dispatcher.utter_message(
                text=wording.case_saved_for_later(case["kind"], policy, reachable(case)))
        except IntakeRejected:
            # A 4xx is a bug, not the resident's fault: keep the case for staff to look at.
            Outbox().add(key, case, status=NEEDS_ATTENTION, error="rejected by intake API")
            dispatcher.utter_message(text=wording.case_needs_staff(policy))
        else:
            if tracker.get_slot("asked_for_person"):
                dispatcher.utter_message(text=wording.handed_over(filed, policy))
            else:
                dispatcher.utter_message(text=wording.case_logged(filed, preferred))
            events += [SlotSet("last_reference", filed.get("reference")),
                       SlotSet("filed_matter", tracker.get_slot("matter_text"))]
        pending = None
        declined = tracker.get_slot("declined_matter")
        matter = tracker.get_slot("matter_text") or ""
        # They said no to complaining about this, or took the complaint back ("actually no
        # forget the complaint. just get the lights fixed"): not offered again once the
        # repair is logged (played resident tr-09, twenty-first session: "no i already said").
        turned_down = bool(declined) and (declined == matter or answers.told_already(
            matter, [declined]))
        offer_after_request = case["kind"] == "service_request" and not turned_down
        if offer_after_request and (unhappy_with_handling(tracker)
                                    or tracker.get_slot("complaint_follows")):
            dispatcher.utter_message(response="utter_offer_complaint_about_request",
                                     buttons=YES_NO)
            pending = "offer_complaint_about_request"
        elif offer_after_request and reported_before(tracker):
            # The flowchart (Code Appendix A, 1.5): reported before, so they are asked
            # whether they're unhappy with how it was handled; a complaint if they are.
            dispatcher.utter_message(response="utter_offer_complaint_about_repeat_request",
                                     buttons=YES_NO)
            pending = "offer_complaint_about_request"
        request = (answers.request_in_praise(tracker.get_slot("matter_text"))
                   or tracker.get_slot("next_matter")
                   if case["kind"] == "compliment" else None)
        if request:
            # Thanks with something to put right ("the fence looks gr8, 1 post is wobbly,
            # cud sum1 check"): the thanks is recorded, the request offered, not lost.
            dispatcher.utter_message(response="utter_offer_request_after_thanks",
                                     buttons=YES_NO)
            pending = "offer_service_request"
        events += [SlotSet("submission_count", float(submission + 1)),
                   # next_action stays as it is: the rule that ran this action waits for
                   # the resident only while the state it matched is unchanged.
                   SlotSet("pending", pending),
                   SlotSet("asked_for_person", False), SlotSet("case_kind", None),
                   SlotSet("questions_asked", 0)]
        # A complaint offered about this request keeps who is writing for whom and how to
        # reach them (the same people); anything else starts afresh.
        # So does a request offered after thanks: the same person, asked once.
        follows = pending == "offer_complaint_about_request" or bool(request)
        events += [SlotSet(name, None) for name in MATTER_SLOTS
                   if not (follows and name in WHO_SLOTS)]
        if request:
            events += [SlotSet("matter_text", request), SlotSet("triage_label", "service_request")]
        if tracker.get_slot("acting_for") is True and not follows:
            # The name kept was the resident's and the contact details the
            # representative's: a next matter asks again rather than mix them up.
            events += [SlotSet(name, None) for name in IDENTITY_SLOTS]
        return events
