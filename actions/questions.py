"""The forms' questions, as ``action_ask_<slot>`` actions.

Plain, short questions that work by SMS: the choices are in the text as well as on
buttons, because SMS has no buttons. They live here rather than as ``utter_ask_*``
responses so the wording can follow the conversation (e.g. an advocate is asked for
the resident's name) and so ``rasa data validate --fail-on-warnings`` stays clean
(Rasa 3.6 reports form questions as responses "not used in any story").
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import answers

Buttons = list[dict[str, str]]
YES_NO: Buttons = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]


def _buttons(*choices: tuple[str, str]) -> Buttons:
    return [{"title": title, "payload": payload} for title, payload in choices]


# Asked for more after an opening this long, the resident is thanked for what they told.
SHORT_OPENING_WORDS = 40

QUESTIONS: dict[str, tuple[str, Buttons]] = {
    "complaint_point": ("What went wrong? You can list more than one thing.", []),
    "more_points": ("Is there anything else you're unhappy about? Tell me, or reply 'no'.",
                    _buttons(("No, that's all", "/deny"))),
    "complaint_started": ("When did this start? For example 'in March' or 'about 2 weeks "
                          "ago'.", []),
    "desired_outcome": ("What would you like us to do to put things right?", []),
    "acting_for": ("Are you getting in touch for someone else, such as a relative or someone "
                   "you support? Reply yes or no.",
                   _buttons(("Yes", "/affirm"), ("No, it's for me", "/deny"))),
    "rep_name": ("What is your name?", []),
    "rep_relationship": ("How are you connected to them? For example 'daughter', or the name "
                         "of your organisation.", []),
    "consent": ("Do you have their written permission to act for them? Reply 'yes', 'not "
                "yet', or 'legal' if you are their solicitor or legal representative.",
                _buttons(("Yes", "yes"), ("Not yet", "not yet"),
                         ("I'm their legal representative", "legal representative"))),
    "resident_name": ("What is your name?", []),
    "contact_details": ("What's the best phone number or email address to reach you?", []),
    "postal_address": ("What address should we write to? Please include the postcode.", []),
    "preferred_contact": ("How would you like us to contact you? Reply phone, email, text or "
                          "letter.",
                          _buttons(("Phone", "phone"), ("Email", "email"),
                                   ("Text message", "text"), ("Letter", "letter"))),
    "adjustments": ("Is there anything we should know to make this easier for you, such as a "
                    "disability, large print, or an interpreter? Reply 'no' if not.",
                    _buttons(("No", "/deny"))),
    "linked_reference": ("Do you have a reference number from when you reported this before? "
                         "Type it, or reply 'no'.", _buttons(("No", "/deny"))),
    "sr_description": ("What needs fixing or sorting out?", []),
    "sr_location": ("Where is the problem? Please give your address or postcode, and which "
                    "room or area.", []),
    "sr_access": ("When can we get in, and is there anything we should know about access "
                  "(for example pets or a key safe)?", []),
    "sr_priority": ("How urgent is it? Reply 'emergency' (danger to people or the home), "
                    "'urgent', or 'can wait'.",
                    _buttons(("Emergency", "emergency"), ("Urgent", "urgent"),
                             ("Can wait", "can wait"))),
    "asb_description": ("Please tell me what has been happening.", []),
    "asb_when_where": ("Where and when does it happen? For example 'the flat above, most "
                       "nights after 11pm'.", []),
    "correction_part": ("Which part would you like to change? Reply 'what went wrong', 'what "
                        "you'd like', or 'contact details'.",
                        _buttons(("What went wrong", "what went wrong"),
                                 ("What I'd like", "what I'd like"),
                                 ("Contact details", "contact details"))),
    "correction_text": ("What's the best phone number or email address to reach you?", []),
    "case_reference": ("What is your reference number? It looks like CMP-2026-000123.", []),
    "status_proof": ("To check it's you, what phone number, email or postcode did you give us?",
                     []),
}


def question_for(slot: str, slots: dict[str, Any],
                 texting_from: str | None = None) -> tuple[str, Buttons]:
    text, buttons = QUESTIONS[slot]
    method = slots.get("preferred_contact")
    if slot == "contact_details" and not slots.get("contact_phone") and method in (
            "phone", "sms", "whatsapp"):
        # "just ring me": the preference is noted; the number is asked for once.
        how = "call" if method == "phone" else "text"
        return f"Thanks, I've noted that. What number should we {how}?", []
    if slot == "contact_details" and not slots.get("contact_email") and method == "email":
        return "Thanks, I've noted that. What email address should we use?", []
    if slot == "preferred_contact" and texting_from:
        # SMS / WhatsApp: the number they are writing from is the natural default.
        how = "WhatsApp" if slots.get("_whatsapp") else "text"
        return (f"How would you like us to contact you? Reply yes for {how} messages to "
                f"{texting_from}, or say phone, email or letter."), [
            {"title": f"Yes, {how}", "payload": "yes"}, {"title": "Phone", "payload": "phone"},
            {"title": "Email", "payload": "email"}]
    if slot == "complaint_point" and slots.get("escalation_of"):
        text = ("What are you unhappy with in our stage 1 response? You can list more than one "
                "thing, or reply 'skip'.")
    elif slot == "complaint_point" and slots.get("complaint_points"):
        told = " ".join(slots.get("complaint_points") or [])
        text = ("Could you tell me a little more about what went wrong? You can list more than "
                "one thing." if len(told.split()) <= SHORT_OPENING_WORDS else
                "Thank you for explaining. Is there anything more you'd like to tell me about "
                "what went wrong? If that's everything, reply 'no'.")
    if slot == "desired_outcome":
        stated = answers.outcome_sentences(slots.get("matter_text"))
        if stated:  # said in the opening: offered back rather than asked from scratch
            text = (f"You said: \"{stated}\" What would you like us to do to put things "
                    "right? Reply yes to keep that, or tell me in your own words.")
    if slot == "postal_address" and slots.get("preferred_contact") != "letter":
        # Not for letters: asked for the repair a complaint raises (actions/forms.py).
        text = "What is the address of the home with the problem? Please include the postcode."
    if slot == "rep_relationship" and slots.get("rep_professional"):
        text = "What is your role, and which organisation are you with?"
    if slot == "contact_details" and texting_from:
        # SMS / WhatsApp: we already have the number they are writing from.
        text = (f"Is {texting_from} (the number you're texting from) the best phone number "
                "or email to reach you? Reply yes, or type another one.")
        buttons = [{"title": "Yes", "payload": "yes"}]
    if slot == "acting_for" and slots.get("on_behalf"):
        text = ("It sounds like you're getting in touch for someone else. Is that right? "
                "Reply yes or no.")
    if slot == "resident_name" and slots.get("acting_for") is True:
        text = "What is the name of the person you're getting in touch for?"
    account = " ".join([slots.get("matter_text") or "", *(slots.get("complaint_points") or [])])
    if slot == "linked_reference" and not (slots.get("prior_report") or
                                           answers.mentions_earlier_contact(account)):
        text = ("Do you have a reference number for this, such as a repair job number or an "
                "earlier case? Type it, or reply 'no'.")
    if slot == "correction_part" and slots.get("acting_for") is True:
        text = ("Which part would you like to change? Reply 'what went wrong', 'what you'd "
                "like', 'contact details', or 'who I'm writing for'.")
    if slot == "correction_text":
        part = slots.get("correction_part")
        if part == "points":
            text = ("Please tell me again what went wrong, in full: what you type replaces "
                    "what I have. You can list more than one thing.")
        elif part == "outcome":
            text = QUESTIONS["desired_outcome"][0]
        elif part == "who":
            # Not "what's the best phone number…" (played resident t-04 was asked that).
            text = ("Who are you getting in touch for? Reply 'myself', or the resident's name "
                    "and how you know them, for example 'my mum, Joan Patel'.")
    return text, buttons


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
