"""A resident's conversation through the real actions, turn by turn, without a model.

``Conversation`` does what Rasa does between the actions, following bot/domain.yml and
the rules in bot/data/rules/: it fills the requested slot from the text (``from_text``
mappings), runs ``action_validate_slot_mappings`` (triage), then either the active
form's validation and its next question, or ``action_route`` and the ``next_action`` it
chose (a form, the submission, or waiting). The test supplies the intent the NLU would
give, so a test can say exactly what happens when the NLU reads a reply a certain way.
Cases go to the real intake API (see real_api.py) and can be read back from it.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from helpers import DOMAIN, initial_slots, said
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.forms import (
    ValidateAsbForm,
    ValidateComplaintForm,
    ValidateContactForm,
    ValidateCorrectionForm,
    ValidateServiceRequestForm,
    ValidateStatusForm,
)
from actions.handoff import ActionSubmitCase
from actions.questions import ASK_ACTIONS
from actions.routing import ActionRoute
from actions.triage_slots import ValidateTriageSlots

VALIDATORS = {"complaint_form": ValidateComplaintForm, "service_request_form":
              ValidateServiceRequestForm, "asb_form": ValidateAsbForm,
              "contact_form": ValidateContactForm, "correction_form": ValidateCorrectionForm,
              "status_form": ValidateStatusForm}


class Conversation:
    def __init__(self, sender_id: str | None = None, channel: str = "rest",
                 metadata: dict[str, Any] | None = None) -> None:
        self.sender_id = sender_id or f"resident-{uuid.uuid4()}"
        self.channel = channel
        self.metadata = metadata or {}
        self.slots: dict[str, Any] = initial_slots()
        self.events: list[dict[str, Any]] = []
        self.active_loop: str | None = None
        self.latest_action = "action_listen"
        self.latest_message: dict[str, Any] = {}
        self.transcript: list[str] = []

    # --- the resident says something ---
    async def say(self, text: str, intent: str = "nlu_fallback",
                  ranking: list[dict[str, Any]] | None = None,
                  scores: dict[str, Any] | None = None) -> list[str]:
        """``scores`` is the learned flags' reading of ``text`` (helpers.reading)."""
        self._said: list[str] = []
        now = time.time()
        # Rasa keeps the whole parse with the event, the triage heads' scores included.
        parse = {"intent": {"name": intent}, **({"triage_scores": scores} if scores else {})}
        self.events.append({"event": "user", "text": text, "timestamp": now,
                            "input_channel": self.channel, "metadata": dict(self.metadata),
                            "parse_data": parse})
        self.latest_message = {"text": text, "intent": {"name": intent, "confidence": 0.9},
                               "intent_ranking": ranking or [{"name": intent,
                                                              "confidence": 0.9}]}
        if scores is not None:
            self.latest_message["triage_scores"] = scores
        self.latest_action = "action_listen"
        requested = self.slots.get("requested_slot")
        await self._run(ValidateTriageSlots())
        self.latest_action = "action_listen"
        if self.active_loop:
            # The form validates the answer as a candidate at the end of the events.
            if requested and self._maps(requested, intent):
                self._set({requested: text})
            await self._continue_form()
        else:
            await self._route()
        return self._said

    # --- what Rasa would do next ---
    def _maps(self, slot: str, intent: str) -> bool:
        for mapping in DOMAIN["slots"][slot].get("mappings", []):
            if mapping.get("type") != "from_text":
                continue
            if intent in (mapping.get("not_intent") or []):
                continue
            for condition in mapping.get("conditions") or []:
                if (condition.get("active_loop") == self.active_loop
                        and condition.get("requested_slot") == slot):
                    return True
        return False

    async def _route(self) -> None:
        await self._run(ActionRoute())
        self.latest_action = "action_route"
        next_action = self.slots.get("next_action")
        if next_action in VALIDATORS:
            self.active_loop = next_action
            self.events.append({"event": "active_loop", "name": next_action})
            # On activation Rasa validates the form's slots that already have values.
            filled = {name: self.slots[name] for name in DOMAIN["forms"][next_action][
                "required_slots"] if self.slots.get(name) is not None}
            self._set(filled)
            await self._continue_form()
        elif next_action == "action_submit_case":
            await self._run(ActionSubmitCase())
            self.latest_action = "action_submit_case"

    async def _continue_form(self) -> None:
        form = self.active_loop
        assert form is not None
        validator = VALIDATORS[form]()
        before = len(self.events)
        # Rasa validates with a temporary tracker whose latest action is the form itself
        # (rasa.core.actions.forms: ActionExecuted(form) is added before the validation
        # action runs), never action_listen.
        self.latest_action = form
        await self._run(validator)
        set_now = {e["name"]: e["value"] for e in self.events[before:]
                   if e.get("event") == "slot"}
        if "requested_slot" in set_now:
            requested = set_now["requested_slot"]
        else:
            # As Rasa's FormAction does (rasa.core.actions.forms, _find_next_slot_to_request):
            # the first empty slot in the domain's list for the form, not the validation
            # action's order (a harness that used the order hid "What is your name?" asked
            # of residents after a postcode; twenty-second session).
            order = DOMAIN["forms"][form]["required_slots"]
            requested = next((s for s in order if self.slots.get(s) is None), None)
            if self.slots.get("pending") == "handoff":
                requested = None
        self._set({"requested_slot": requested})
        if requested is None:
            self.active_loop = None
            self.latest_action = form
            await self._route()
            return
        await self._run(ASK_ACTIONS[requested]())

    # --- plumbing ---
    def _tracker(self) -> Tracker:
        return Tracker(self.sender_id, dict(self.slots), dict(self.latest_message),
                       list(self.events), False, None,
                       {"name": self.active_loop} if self.active_loop else {},
                       self.latest_action)

    async def _run(self, action: Any) -> None:
        dispatcher = CollectingDispatcher()
        events = await action.run(dispatcher, self._tracker(), DOMAIN)
        self.events.append({"event": "action", "name": action.name(),
                            "timestamp": time.time()})
        for text in said(dispatcher):
            self._utter(text)
        self._set({e["name"]: e["value"] for e in events if e.get("event") == "slot"},
                  ordered=[e for e in events if e.get("event") == "slot"])

    def _set(self, values: dict[str, Any], ordered: list[dict[str, Any]] | None = None) -> None:
        for event in ordered or [{"event": "slot", "name": k, "value": v}
                                 for k, v in values.items()]:
            self.events.append({**event, "timestamp": time.time()})
            self.slots[event["name"]] = event["value"]

    def _utter(self, text: str) -> None:
        self._said.append(text)
        self.transcript.append(text)
        self.events.append({"event": "bot", "text": text, "timestamp": time.time()})

    async def answer_until(self, slot: str | None, replies: dict[str, str],
                           default: str = "no", limit: int = 12) -> None:
        """Answers the form's questions from ``replies`` (by requested slot; ``default`` for
        the rest) until ``slot`` is asked or, with ``slot`` None, until a reference is given
        or no form is running."""
        for _ in range(limit):
            asked = self.slots.get("requested_slot")
            if (slot is not None and asked == slot) or not self.active_loop or (
                    slot is None and self.reference):
                return
            await self.say(replies.get(asked, default), "inform")

    # --- what a test looks at ---
    @property
    def reference(self) -> str | None:
        return self.slots.get("last_reference")

    def all_said(self) -> str:
        return "\n".join(self.transcript)
