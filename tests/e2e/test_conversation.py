"""End to end: a resident's conversation through Rasa's REST channel, the action server
and the intake API, all started as real processes by scripts/stack.py.

Run with the API's environment: .venv/bin/pytest -m e2e tests/e2e
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from datetime import date
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from scripts.resident import RestResident, complaint_script
from scripts.stack import Stack

pytestmark = [
    pytest.mark.e2e,
    # In CI (make test trains the model first) a missing model is a failure, not a skip.
    pytest.mark.skipif(not any((ROOT / "bot" / "models").glob("*.tar.gz")) and not os.environ.get("CI"),
                       reason="no trained model: run `make model` (scripts/train.sh) first"),
]

# The resident's side of the conversation: an advocate complaining for a resident.
OPENING = ("I'm a support worker and I want to make a complaint on behalf of my client. "
           "The damp and mould in her bedroom has been reported three times since September "
           "and nobody has fixed it")
EXTRA_POINT = "The contractor did not turn up on 3 November"
SCRIPT = complaint_script(
    OPENING, name="Rose Smith", contact="07700 900123", started="in September",
    outcome="Treat the mould and fix the extractor fan", more_points=[EXTRA_POINT],
    advocate={"name": "Sam Patel", "relationship": "Support worker at Leeds Advocacy",
              "consent": "not yet"},
)


TRIAGE_LABELS = {"complaint", "service_request", "asb_report", "compliment", "enquiry",
                 "emergency", "out_of_scope", "survey_feedback", "unclear"}


class Resident(RestResident):
    def __init__(self, stack: Stack) -> None:
        super().__init__(stack.rasa_url, SCRIPT, sender=f"e2e-{uuid.uuid4().hex[:12]}",
                         rasa_token=stack.rasa_token)
        self.check_triage_slots = False

    def say(self, text: str, client: httpx.Client | None = None) -> list[str]:
        replies = super().say(text, client)
        if self.check_triage_slots:
            self.assert_triage_slots()
        return replies

    def assert_triage_slots(self) -> None:
        """Contract (docs/architecture.md §3): the triage slots are in the tracker after every turn."""
        slots = self.tracker()["slots"]
        assert slots["triage_label"] in TRIAGE_LABELS, slots["triage_label"]
        for flag in ("emergency", "on_behalf", "prior_report", "vulnerability"):
            assert isinstance(slots[flag], bool), (flag, slots[flag])


def api_get(stack: Stack, path: str, **params) -> dict:
    response = httpx.get(f"{stack.api_url}{path}", params=params, timeout=30,
                         headers={"Authorization": f"Bearer {stack.api_key}"})
    response.raise_for_status()
    return response.json()


def cases_for(stack: Stack, sender: str) -> list[dict]:
    page = api_get(stack, "/api/v1/cases", page_size=200)
    cases = [api_get(stack, f"/api/v1/cases/{item['reference']}") for item in page["items"]]
    return [c for c in cases if c.get("conversation_id") == sender]


def complaints_for(stack: Stack, sender: str) -> list[dict]:
    """The conversation's complaints, after checking nothing it filed was filed twice: a
    complaint about an unfixed repair also raises the repair's service request (Code 1.5)."""
    cases = cases_for(stack, sender)
    kinds = [c["kind"] for c in cases]
    assert all(kinds.count(kind) == 1 for kind in kinds), kinds
    assert set(kinds) <= {"complaint", "service_request"}, kinds
    return [c for c in cases if c["kind"] == "complaint"]


def human(iso: str) -> str:
    day = date.fromisoformat(iso[:10])
    return f"{day:%A} {day.day} {day:%B %Y}"


def test_an_advocates_complaint_is_filed_once_with_its_definition_and_dates():
    with Stack(extra_env={"OUTBOX_POLL_SECONDS": "1", "OUTBOX_RETRY_SECONDS": "1"}) as stack:
        resident = Resident(stack)
        resident.check_triage_slots = True  # after every turn, not only the first
        resident.say(OPENING)
        slots = resident.tracker()["slots"]
        assert slots["triage_label"] in ("complaint", "unclear")
        assert slots["on_behalf"] is True

        final = resident.talk_until("Your reference is", "yes")
        tracker = resident.tracker()
        # Every turn was understood by the rules: no fallback undid a message.
        assert not [e for e in tracker["events"] if e.get("name") == "action_default_fallback"]
        assert tracker["slots"]["triage_label"] == "complaint"
        cases = complaints_for(stack, resident.sender)
        assert len(cases) == 1
        case = cases[0]
        for request in cases_for(stack, resident.sender):
            if request["kind"] == "service_request":  # the repair, linked to the complaint
                assert request["reference"] in case["linked_references"]
        assert case["kind"] == "complaint" and case["channel"] == "rest"
        points = " ".join(case["definition"]["points"])
        assert "mould" in points and EXTRA_POINT in points
        assert len(case["definition"]["points"]) >= 2
        assert case["definition"]["desired_outcome"] == "Treat the mould and fix the extractor fan"
        representative = case["representative"]
        assert representative["name"] == "Sam Patel"
        assert representative["consent"] == "pending"
        assert representative["relationship"] == "Support worker"
        assert representative["organisation"] == "Leeds Advocacy"
        assert case["complainant"]["name"] == "Rose Smith"
        assert case["flags"]["on_behalf"] is True
        assert any(t["sender"] == "resident" for t in case["transcript"])
        # The dates the resident is told are the API's, written for people.
        told = "\n".join(final)
        assert case["reference"] in told
        assert human(case["sla"]["acknowledge_due"]) in told
        assert human(case["sla"]["response_due"]) in told
        assert "Housing Ombudsman" in told


def test_a_case_made_while_the_api_is_down_arrives_exactly_once_when_it_is_back():
    with Stack(extra_env={"OUTBOX_POLL_SECONDS": "1", "OUTBOX_RETRY_SECONDS": "1",
                          "INTAKE_RETRY_BUDGET": "3"}) as stack:
        resident = Resident(stack)
        resident.talk_until("So you're unhappy that", OPENING)
        stack.stop("api")
        replies = resident.say("yes")
        assert any("saved everything" in r for r in replies), replies
        time.sleep(3)  # the outbox worker keeps trying while the API is down
        stack.start("api")
        deadline = time.monotonic() + 90
        cases: list[dict] = []
        while time.monotonic() < deadline:
            cases = complaints_for(stack, resident.sender)
            if cases:
                break
            time.sleep(1)
        assert len(cases) == 1, "the saved case never reached the intake API"
        time.sleep(5)  # a few more worker rounds must not file it again
        assert len(complaints_for(stack, resident.sender)) == 1
        assert cases[0]["definition"]["desired_outcome"]


def test_a_saved_case_survives_an_action_server_restart_and_arrives_once():
    with Stack(extra_env={"OUTBOX_POLL_SECONDS": "1", "OUTBOX_RETRY_SECONDS": "1",
                          "INTAKE_RETRY_BUDGET": "2"}) as stack:
        resident = Resident(stack)
        resident.talk_until("So you're unhappy that", OPENING)
        stack.stop("api")
        assert any("saved everything" in r for r in resident.say("yes"))
        stack.stop("actions")  # the case is only in the outbox file now
        stack.start("api")
        stack.start("actions")  # a new process delivers it, with nobody talking to the bot
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not complaints_for(stack, resident.sender):
            time.sleep(1)
        time.sleep(3)
        assert len(complaints_for(stack, resident.sender)) == 1
