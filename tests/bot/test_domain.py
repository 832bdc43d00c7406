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


def test_the_trained_model_knows_every_slot_and_form_question_of_the_domain():
    # A model trained before a slot or a form's question was added asks for it and cannot
    # fill it: the conversation goes silent (fifteenth session, the emergency repair's "is
    # anyone at home at risk?"). `make model` retrains; this says so when it has not.
    import tarfile

    import pytest

    model = BOT / "models" / "current.tar.gz"
    if not model.exists():
        pytest.skip("no trained model here (make model)")
    with tarfile.open(model) as archive:
        member = next(m for m in archive.getmembers()
                      if m.name.lstrip("/").endswith("domain_provider/domain.yml"))
        trained = yaml.safe_load(archive.extractfile(member).read())
    missing_slots = set(DOMAIN["slots"]) - set(trained.get("slots") or {})
    forms = {name: set(form.get("required_slots") or [])
             for name, form in (DOMAIN.get("forms") or {}).items()}
    trained_forms = {name: set(form.get("required_slots") or [])
                     for name, form in (trained.get("forms") or {}).items()}
    stale = {name for name, slots in forms.items() if slots != trained_forms.get(name)}
    stale |= {name for name in set(DOMAIN["slots"]) - missing_slots
              if DOMAIN["slots"][name].get("mappings")
              != (trained["slots"][name] or {}).get("mappings")}
    assert not missing_slots and not stale, \
        f"the model is older than bot/domain.yml ({missing_slots or stale}): run make model"
