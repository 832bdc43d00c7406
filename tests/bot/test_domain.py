"""The wiring between the domain, the rules and the actions stays complete."""

from __future__ import annotations

from pathlib import Path

import yaml
from helpers import DOMAIN

from actions.questions import QUESTIONS
from actions.routing import FORMS

BOT = Path(__file__).resolve().parents[2] / "bot"


def rules() -> list[dict]:
    found = []
    for path in (BOT / "data" / "rules").glob("*.yml"):
        found += yaml.safe_load(path.read_text())["rules"]
    return found


def test_every_next_action_the_router_can_choose_has_a_rule():
    chosen = {value for rule in rules() for step in rule["steps"]
              for slot in step.get("slot_was_set", []) if isinstance(slot, dict)
              for name, value in slot.items() if name == "next_action"}
    assert chosen == set(DOMAIN["slots"]["next_action"]["values"])


def test_every_form_has_a_rule_for_when_it_is_done_and_for_a_person():
    for form in FORMS:
        steps = [r["steps"] for r in rules() if {"active_loop": form} in r.get("condition", [])]
        assert any({"intent": "request_human"} in s for s in steps), form
        assert any({"action": "action_route"} in s and {"active_loop": None} in s
                   for s in steps), form


def test_every_question_a_form_can_ask_exists():
    asked = {slot for form in DOMAIN["forms"].values() for slot in form["required_slots"]}
    assert asked <= QUESTIONS.keys()
    assert {f"action_ask_{slot}" for slot in asked} <= set(DOMAIN["actions"])
    assert set(DOMAIN["forms"]) == FORMS
