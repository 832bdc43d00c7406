"""A stand-in for actions/triage.py with the same interface, used only while that module
(the NLU engineer's) is not in the tree. Tests that depend on a triage outcome patch
``triage_message`` / ``resolve_question`` themselves, so they never rely on this logic."""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass, replace

LABELS = ("complaint", "service_request", "asb_report", "compliment", "enquiry", "emergency",
          "out_of_scope", "survey_feedback")


@dataclass(frozen=True)
class Triage:
    label: str
    emergency: bool
    on_behalf: bool
    prior_report: bool
    vulnerability: bool
    confidence: float
    question: str | None


def triage_message(text: str, intent_ranking: list[dict]) -> Triage:
    top = intent_ranking[0] if intent_ranking else {"name": None, "confidence": 0.0}
    label = top["name"] if top["name"] in LABELS else "unclear"
    lowered = text.lower()
    return Triage(label=label, emergency="gas" in lowered or "fire" in lowered,
                  on_behalf="my mum" in lowered or "my dad" in lowered,
                  prior_report="again" in lowered or "before" in lowered,
                  vulnerability="disabled" in lowered,
                  confidence=float(top.get("confidence") or 0.0),
                  question="reported_before" if label == "unclear" else None)


def resolve_question(previous: Triage, question: str, answer: bool) -> Triage:
    if question == "reported_before":
        return replace(previous, prior_report=answer, question="dissatisfied" if answer else None,
                       label="unclear" if answer else "service_request")
    return replace(previous, label="complaint" if answer else "service_request", question=None)


def install() -> None:
    module = types.ModuleType("actions.triage")
    for name in ("LABELS", "Triage", "triage_message", "resolve_question"):
        setattr(module, name, globals()[name])
    sys.modules["actions.triage"] = module
    import actions

    actions.triage = module  # type: ignore[attr-defined]
