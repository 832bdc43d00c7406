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


def test_every_form_has_a_rule_for_when_it_is_done():
    for form in FORMS:
        steps = [r["steps"] for r in rules() if {"active_loop": form} in r.get("condition", [])]
        assert any({"action": "action_route"} in s and {"active_loop": None} in s
                   for s in steps), form


def test_no_rule_ends_a_form_on_the_nlu_reading_an_answer_as_asking_for_a_person():
    # "call me" answers "how should we contact you?": the form's validation decides, in
    # the context of the question (issue 10).
    for rule in rules():
        assert {"action": "action_deactivate_loop"} not in rule["steps"], rule["rule"]


def test_every_form_answer_reaches_its_validation_whatever_the_intent():
    for name, slot in DOMAIN["slots"].items():
        for mapping in slot.get("mappings", []):
            assert "not_intent" not in mapping, name


def test_every_question_a_form_can_ask_exists():
    asked = {slot for form in DOMAIN["forms"].values() for slot in form["required_slots"]}
    assert asked <= QUESTIONS.keys()
    assert {f"action_ask_{slot}" for slot in asked} <= set(DOMAIN["actions"])
    assert set(DOMAIN["forms"]) == FORMS
