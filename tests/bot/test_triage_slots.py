"""The triage slots after every user turn (docs/architecture.md §3 contract), via the real action."""

from __future__ import annotations

from dataclasses import replace

import pytest
from helpers import make_tracker, slot_values
from rasa_sdk.executor import CollectingDispatcher

from actions import triage
from actions.triage_slots import ValidateTriageSlots

CONTRACT = {"triage_label", "emergency", "on_behalf", "prior_report", "vulnerability"}


def a_triage(label="complaint", **flags) -> triage.Triage:
    values = {"emergency": False, "on_behalf": False, "prior_report": False,
              "vulnerability": False, "confidence": 0.8, "question": None}
    values.update(flags)
    return triage.Triage(label=label, **values)


@pytest.fixture
def calls(monkeypatch):
    seen: dict[str, list] = {"triage_message": [], "resolve_question": [], "triage_answer": []}

    def fake_triage_message(text, ranking, scores=None):
        seen["triage_message"].append((text, ranking))
        return seen.get("next") or a_triage()

    def fake_triage_answer(text, scores=None):
        seen["triage_answer"].append((text, scores))
        return seen.get("next") or a_triage()

    def fake_resolve_question(previous, question, answer):
        seen["resolve_question"].append((previous, question, answer))
        return replace(previous, label="complaint" if answer else "service_request",
                       prior_report=True, question=None)

    monkeypatch.setattr(triage, "triage_message", fake_triage_message)
    monkeypatch.setattr(triage, "resolve_question", fake_resolve_question)
    monkeypatch.setattr(triage, "triage_answer", fake_triage_answer)
    return seen


async def run(tracker) -> dict:
    events = await ValidateTriageSlots().run(CollectingDispatcher(), tracker, {})
    return slot_values(events)


def test_the_action_is_the_one_rasa_calls_after_every_message():
    assert ValidateTriageSlots().name() == "action_validate_slot_mappings"


@pytest.mark.asyncio
async def test_a_new_matter_is_triaged_and_every_contract_slot_is_set(calls):
    calls["next"] = a_triage("complaint", emergency=True, vulnerability=True)
    ranking = [{"name": "complaint", "confidence": 0.7}, {"name": "emergency", "confidence": 0.2}]
    slots = await run(make_tracker("Gas smell and nobody came", "complaint", ranking=ranking))
    assert CONTRACT <= slots.keys()
    assert slots["triage_label"] == "complaint"
    assert slots["emergency"] is True and slots["vulnerability"] is True
    assert slots["on_behalf"] is False and slots["prior_report"] is False
    assert slots["matter_text"] == "Gas smell and nobody came"
    assert calls["triage_message"] == [("Gas smell and nobody came", ranking)]


@pytest.mark.asyncio
async def test_inside_a_form_the_triage_is_kept_and_flags_only_turn_true(calls):
    calls["next"] = a_triage("service_request", vulnerability=True, emergency=False)
    scores = {"flags": {"vulnerability": True}, "p": {"vulnerability": 0.9}}
    tracker = make_tracker("she is 90 and disabled", "enquiry", active_loop="complaint_form",
                           slots={"triage_label": "complaint", "emergency": True,
                                  "triage_confidence": 0.9}, scores=scores)
    slots = await run(tracker)
    # An answer's intent says nothing about the matter: only its words' reading counts.
    assert calls["triage_message"] == []
    assert calls["triage_answer"] == [("she is 90 and disabled", scores)]
    assert slots["triage_label"] == "complaint"
    assert slots["emergency"] is True  # not cleared by a calmer answer
    assert slots["vulnerability"] is True  # newly raised
    assert "matter_text" not in slots


@pytest.mark.asyncio
async def test_a_yes_to_a_flowchart_question_resolves_it(calls):
    tracker = make_tracker("yes", "affirm", slots={
        "triage_label": "unclear", "triage_question": "dissatisfied", "pending": "dissatisfied",
        "triage_confidence": 0.4})
    slots = await run(tracker)
    previous, question, answer = calls["resolve_question"][0]
    assert (previous.label, question, answer) == ("unclear", "dissatisfied", True)
    assert slots["triage_label"] == "complaint"
    assert calls["triage_message"] == []


@pytest.mark.asyncio
async def test_a_yes_to_the_offer_to_complain_makes_it_a_complaint(calls):
    tracker = make_tracker("yes", "affirm", slots={
        "triage_label": "survey_feedback", "pending": "offer_complaint"})
    assert (await run(tracker))["triage_label"] == "complaint"


@pytest.mark.asyncio
async def test_small_talk_keeps_the_current_triage(calls):
    tracker = make_tracker("thanks", "goodbye", slots={"triage_label": "service_request",
                                                       "prior_report": True})
    slots = await run(tracker)
    assert slots["triage_label"] == "service_request" and slots["prior_report"] is True
    assert calls["triage_message"] == []


@pytest.mark.asyncio
async def test_the_first_message_is_always_triaged_even_small_talk(calls):
    calls["next"] = a_triage("unclear", question="what_about", confidence=0.2)
    slots = await run(make_tracker("hello", "greet"))
    assert slots["triage_label"] == "unclear"
    assert CONTRACT <= slots.keys()


@pytest.mark.asyncio
async def test_after_what_about_the_fuller_story_is_triaged_together(calls):
    tracker = make_tracker("the repair from last month was never done", "complaint", slots={
        "triage_label": "unclear", "pending": "what_about", "matter_text": "my kitchen"})
    slots = await run(tracker)
    assert calls["triage_message"][0][0] == "my kitchen\nthe repair from last month was never done"
    assert slots["matter_text"].startswith("my kitchen")
