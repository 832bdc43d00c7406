"""Filing a conversation's case: the complaint, the repair it is about, and the read-back.

Code 1.5: a complaint about a repair that is still not done does not stop the repair.
If the resident gave the repair's reference it is linked; otherwise a service request
is raised alongside the complaint and linked to it, and the resident is told both
references. A definition the resident confirmed at the read-back is recorded as
confirmed (``definition_confirmed``).
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker

from actions import answers
from actions.case import address_said, answer
from actions.intake_client import IntakeClient, IntakeError, IntakeRejected
from actions.outbox import NEEDS_ATTENTION, Outbox

logger = logging.getLogger(__name__)


def repairs_given(case: dict[str, Any], tracker: Tracker) -> list[str]:
    """The case's linked references that are repairs: a request raised in this
    conversation (SR-…) or one the resident named as a repair job ("job 52208", or in
    answer to "a reference from when you reported this before?"). A phone number or a
    representative's own office reference never is (answers.find_references)."""
    named = set(answers.find_references(answer(tracker.slots, "linked_reference"),
                                        answering=True))
    for text in [tracker.slots.get("matter_text"), *(
            e.get("text") for e in tracker.events if e.get("event") == "user")]:
        named.update(answers.repair_references(text))
    return [r for r in case.get("linked_references") or []
            if r.startswith("SR-") or r in named]


def repair_request_for(case: dict[str, Any], tracker: Tracker) -> dict[str, Any] | None:
    """The service request to raise with this complaint, or None (not about an unfixed
    repair, or the resident gave a reference for it already)."""
    if case.get("kind") != "complaint":
        return None
    definition = case.get("definition") or {}
    account = " ".join([case.get("summary") or "", *definition.get("points", [])])
    if not answers.about_unfixed_repair(account):
        return None
    if repairs_given(case, tracker):
        return None  # the repair's own reference (SR-…, a job number): linked already
    flags = case.get("flags") or {}
    priority = "emergency" if flags.get("emergency") else (
        "urgent" if flags.get("vulnerability") else "routine")
    return {
        "kind": "service_request",
        "channel": case["channel"],
        "conversation_id": case.get("conversation_id"),
        "received_at": case.get("received_at"),
        "summary": case.get("summary"),
        "complainant": case.get("complainant"),
        "representative": case.get("representative"),
        "service_request": {
            "description": "; ".join(definition.get("points") or []) or case.get("summary"),
            "location": address_said(tracker.slots, tracker.events) or answer(tracker.slots,
                                                                                "postcode"),
            "access": None,
            "priority": priority,
        },
        "flags": {**flags, "possible_exclusion": False, "exclusion_reason": None},
        "transcript": case.get("transcript") or [],
        "attachments": case.get("attachments") or [],
    }


async def file_case(client: IntakeClient, case: dict[str, Any], key: str,
                    tracker: Tracker) -> dict[str, Any]:
    """File the case (and the repair it is about); the API's answer, with the repair's
    under ``linked_request``. Raises IntakeUnavailable / IntakeRejected like the client."""
    repair = repair_request_for(case, tracker)
    linked_request = None
    if repair is not None:
        repair_key = f"{key}:repair"
        try:
            linked_request = await client.create_case(repair, repair_key)
        except IntakeRejected:
            Outbox().add(repair_key, repair, status=NEEDS_ATTENTION,
                         error="rejected by intake API")
        except IntakeError:
            # Kept for later like any case; the complaint still goes now if it can.
            Outbox().add(repair_key, repair)
        else:
            case = {**case, "linked_references": [
                *case.get("linked_references", []), linked_request["reference"]][:20]}
    filed = await client.create_case(case, key)
    if linked_request is None and case["kind"] == "complaint":
        # The repair it is about was logged before (SR-…): it carries on, and they're told.
        definition = case.get("definition") or {}
        account = " ".join([case.get("summary") or "", *definition.get("points", [])])
        earlier = sorted((r for r in repairs_given(case, tracker)
                          if r.startswith("SR-") or answers.about_unfixed_repair(account)),
                         key=lambda r: not r.startswith("SR-"))  # ours first
        if earlier:
            linked_request = {"reference": earlier[0]}
    if linked_request is not None:
        filed = {**filed, "linked_request": linked_request}
    return filed
