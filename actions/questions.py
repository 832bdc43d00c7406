"""The forms' questions, as ``action_ask_<slot>`` actions.

Plain, short questions that work by SMS: the choices are in the text as well as on
buttons, because SMS has no buttons. The words are responses in bot/domain.yml named
``utter_question_<slot>`` (and ``utter_question_<slot>_<case>`` for the wordings that
follow the conversation, e.g. an advocate is asked for the resident's name); this
module chooses which. They are not ``utter_ask_*`` responses, which Rasa would take for
the forms' own questions, so the choice stays here and ``rasa data validate
--fail-on-warnings`` stays clean (Rasa 3.6 reports form questions as responses "not
used in any story").
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import answers
from actions.phrases import phrase

Buttons = list[dict[str, str]]
YES_NO: Buttons = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]


def _buttons(*choices: tuple[str, str]) -> Buttons:
    return [{"title": title, "payload": payload} for title, payload in choices]


# Asked for more after an opening this long, the resident is thanked for what they told.
SHORT_OPENING_WORDS = 40

# Each form question: the response that asks it (utter_question_<slot>) and its buttons.
QUESTIONS: dict[str, tuple[str, Buttons]] = {
    "complaint_point": ("utter_question_complaint_point", []),
    "more_points": ("utter_question_more_points", _buttons(("No, that's all", "/deny"))),
    "complaint_started": ("utter_question_complaint_started", []),
    "desired_outcome": ("utter_question_desired_outcome", []),
    "acting_for": ("utter_question_acting_for",
                   _buttons(("Yes", "/affirm"), ("No, it's for me", "/deny"))),
    "rep_name": ("utter_question_rep_name", []),
    "rep_relationship": ("utter_question_rep_relationship", []),
    "consent": ("utter_question_consent",
                _buttons(("Yes", "yes"), ("Not yet", "not yet"),
                         ("I'm their legal representative", "legal representative"))),
    "resident_name": ("utter_question_resident_name", []),
    "contact_details": ("utter_question_contact_details", []),
    "postal_address": ("utter_question_postal_address", []),
    "preferred_contact": ("utter_question_preferred_contact",
                          _buttons(("Phone", "phone"), ("Email", "email"),
                                   ("Text message", "text"), ("Letter", "letter"))),
    "adjustments": ("utter_question_adjustments", _buttons(("No", "/deny"))),
    "told_before": ("utter_question_told_before", _buttons(("Yes", "/affirm"), ("No", "/deny"))),
    "linked_reference": ("utter_question_linked_reference", _buttons(("No", "/deny"))),
    "sr_description": ("utter_question_sr_description", []),
    "sr_location": ("utter_question_sr_location", []),
    "sr_access": ("utter_question_sr_access", []),
    "sr_priority": ("utter_question_sr_priority",
                    _buttons(("Emergency", "emergency"), ("Urgent", "urgent"),
                             ("Can wait", "can wait"))),
    "sr_at_risk": ("utter_question_sr_at_risk", _buttons(("No", "/deny"))),
    "asb_description": ("utter_question_asb_description", []),
    "asb_when_where": ("utter_question_asb_when_where", []),
    "correction_part": ("utter_question_correction_part",
                        _buttons(("What went wrong", "what went wrong"),
                                 ("What I'd like", "what I'd like"),
                                 ("Contact details", "contact details"))),
    "correction_text": ("utter_question_correction_text", []),
    "case_reference": ("utter_question_case_reference", []),
    "status_proof": ("utter_question_status_proof", []),
}


def question_for(slot: str, slots: dict[str, Any],
                 texting_from: str | None = None) -> tuple[str, Buttons]:
    name, buttons = QUESTIONS[slot]
    method = slots.get("preferred_contact")
    if slot == "contact_details" and not slots.get("contact_phone") and method in (
            "phone", "sms", "whatsapp"):
        # "just ring me": the preference is noted; the number is asked for once.
        return phrase("utter_question_contact_details_to_call" if method == "phone"
                      else "utter_question_contact_details_to_text"), []
    if slot == "contact_details" and not slots.get("contact_email") and method == "email":
        return phrase("utter_question_contact_details_email"), []
    if slot == "preferred_contact" and texting_from:
        # SMS / WhatsApp: the number they are writing from is the natural default.
        whatsapp = bool(slots.get("_whatsapp"))
        how = "WhatsApp" if whatsapp else "text"
        return phrase("utter_question_preferred_contact_whatsapp" if whatsapp
                      else "utter_question_preferred_contact_texting", number=texting_from), [
            {"title": f"Yes, {how}", "payload": "yes"}, {"title": "Phone", "payload": "phone"},
            {"title": "Email", "payload": "email"}]
    values: dict[str, Any] = {}
    if slot == "complaint_point" and slots.get("escalation_of") and \
            answers.no_stage_1_reply(slots.get("matter_text")):
        # "We have had no acknowledgement and no stage 1 response in over seven weeks"
        # (played resident tk-09, twentieth session, was asked what was wrong with it).
        name = "utter_question_complaint_point_stage_2_no_reply"
    elif slot == "complaint_point" and slots.get("escalation_of"):
        name = "utter_question_complaint_point_stage_2"
    elif slot == "complaint_point" and slots.get("complaint_points"):
        told = " ".join(slots.get("complaint_points") or [])
        name = ("utter_question_complaint_point_more" if len(told.split()) <= SHORT_OPENING_WORDS
                else "utter_question_complaint_point_anything_more")
    if slot == "desired_outcome":
        stated = answers.outcome_sentences(slots.get("matter_text"))
        if stated:  # said in the opening: offered back rather than asked from scratch
            name, values = "utter_question_desired_outcome_stated", {"stated": stated}
    if slot == "postal_address" and slots.get("preferred_contact") != "letter":
        # Not for letters: the home the complaint is about, so the tenancy can be found and
        # any repair it raises attended (actions/forms.py).
        name = "utter_question_postal_address_home"
    if slot == "rep_relationship" and slots.get("rep_professional"):
        name = "utter_question_rep_relationship_professional"
    if slot == "contact_details" and texting_from:
        # SMS / WhatsApp: we already have the number they are writing from.
        name, values = "utter_question_contact_details_texting", {"number": texting_from}
        buttons = [{"title": "Yes", "payload": "yes"}]
    from actions.forms import needs_noted, report_said
    if slot == "told_before" and report_said(slots):
        # They have told us they reported it: asked what happened, not whether they did.
        name, buttons = "utter_question_told_before_known", []
    if slot == "acting_for" and slots.get("on_behalf"):
        name = "utter_question_acting_for_on_behalf"
    if slot == "resident_name" and slots.get("acting_for") is True:
        name = "utter_question_resident_name_acting_for"
    if slot == "adjustments" and (noted := needs_noted(slots.get("contact_note"))):
        # "text not calls, I'm deaf" told already: said back, not asked as if never heard
        # (played resident, eleventh session: a deaf resident was asked three times).
        name, values = "utter_question_adjustments_noted", {"noted": noted}
    if slot == "case_reference":
        values = {"year": date.today().year}  # the example reference: this year's
    if slot == "correction_part" and slots.get("acting_for") is True:
        name = "utter_question_correction_part_who"
    if slot == "correction_text":
        part = slots.get("correction_part")
        if part == "points":
            name = "utter_question_correction_text_points"
        elif part == "outcome":
            name = QUESTIONS["desired_outcome"][0]
        elif part == "who":
            # Not "what's the best phone number…" (played resident t-04 was asked that).
            name = "utter_question_correction_text_who"
    return phrase(name, **values), buttons


class _AskAction(Action):
    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        from actions.forms import _texting_from

        slots = {**tracker.slots, "_whatsapp": tracker.sender_id.startswith("whatsapp:")}
        text, buttons = question_for(self.slot, slots, _texting_from(tracker))
        dispatcher.utter_message(text=text, buttons=buttons or None)
        return []


# One action per question; rasa_sdk registers every Action subclass it can see.
ASK_ACTIONS = {
    slot: type(f"ActionAsk_{slot}", (_AskAction,), {"slot": slot, "__module__": __name__})
    for slot in QUESTIONS
}
