"""Filing a conversation's case: the complaint, the repair it is about, and the read-back.

Code 1.5: a complaint about a repair that is still not done does not stop the repair.
If the resident gave the repair's reference, or the fault was logged earlier in this
conversation, that request is linked; otherwise a service request is raised alongside
the complaint (the repair's sentences as its description, the home's address as its
location) and linked to it, and the resident is told both references. A definition the resident confirmed at the read-back is recorded as
confirmed (``definition_confirmed``).
"""

from __future__ import annotations

import json
import logging
import re
from datetime import date
from typing import Any

from rasa_sdk import Tracker

from actions import answers
from actions.case import address_said, answer, build_case, requests_logged
from actions.intake_client import IntakeClient, IntakeError, IntakeRejected
from actions.outbox import NEEDS_ATTENTION, Outbox
from actions.policy import load_policy

logger = logging.getLogger(__name__)


def repairs_given(case: dict[str, Any], tracker: Tracker) -> list[str]:
    """The case's linked references that are repairs: a request raised in this
    conversation (SR-…) or one the resident named as a repair job ("job 52208", or in
    answer to "a reference from when you reported this before?"). A phone number or a
    representative's own office reference never is (answers.find_references)."""
    given = answer(tracker.slots, "linked_reference")
    named = (set(answers.find_references(given, answering=True))
             - answers.non_repair_references(given)) | named_repair_jobs(tracker)
    # A complaint's own reference ("CMP-20931", given to escalate it) is never a repair's:
    # the unfixed repair a stage 2 request is about was raised by none (retired v12).
    return [r for r in case.get("linked_references") or []
            if r.startswith("SR-") or (r in named and not answers.is_complaint_reference(r))]


def named_repair_jobs(tracker: Tracker) -> set[str]:
    """The references the resident's own words name as a repair's ("job 52208", "Window
    repair (job 8830451)"), in the opening or any message."""
    return {ref for text in [tracker.slots.get("matter_text"), *(
        e.get("text") for e in tracker.events if e.get("event") == "user")]
        for ref in answers.repair_references(text)}


# How someone behaved: the complaint's, not the repairs team's, unless the same words say
# what is still broken ("left the lock broken, and he was rude").
_CONDUCT = re.compile(r"\b(?:rude\w*|shout\w*|swore|swearing|attitude|manner|disrespect\w*|"
                      r"unprofessional|laugh\w*|patroni[sz]\w*|upset|ignored me)\b",
                      re.IGNORECASE)


def repair_description(points: list[str]) -> str | None:
    """What the repairs team needs from a complaint's points: the sentences that name a
    repair or fault, without phone numbers or emails, courtesy ("my english not good
    sorry") or how staff behaved; every sentence without contact details when none does."""
    about_repair: list[str] = []
    everything: list[str] = []
    for point in points:
        said = []
        for sentence in answers.sentences(point):
            kept = answers.without_contact_details(sentence)
            if kept != sentence and len(kept.split()) < 5:
                continue  # "ring me on 07700 900123": only how to reach them
            if kept and not answers.says_nothing_new(kept):
                said.append(kept)
        everything += said
        repair = [s for s in said if answers.mentions_repair(s) and not (
            _CONDUCT.search(s) and not answers.about_unfixed_repair(s))]
        if repair:
            about_repair.append(" ".join(repair))
    return "; ".join(about_repair) or " ".join(everything) or None


# A home that can't be secured, or water coming in: never left to wait as routine.
_CANT_SECURE = re.compile(
    r"\bdoors?\b[^.!?;]{0,40}?\b(?:can'?t|cannot|won'?t|will not|doesn'?t|does not|isn'?t|"
    r"is not|not)\s+(?:be\s+)?(?:lock|secure|shut|close)|"
    r"\bwindows?\b[^.!?;]{0,40}?\b(?:can'?t|cannot|won'?t|will not|doesn'?t|does not|not)\s+"
    r"(?:be\s+)?(?:lock|secure)|"
    r"\b(?:can'?t|cannot|unable to|couldn'?t)\s+(?:lock|secure)\b|"
    r"\blocks?\b[^.!?;]{0,30}?\b(?:broken|broke|bust|snapped|jammed|not working|"
    r"(?:doesn'?t|won'?t|does not|will not) work|stopped working)|"
    r"\b(?:broken|bust|snapped|jammed)\s+(?:door\s+)?locks?\b|"
    r"\b(?:broke in|break-?in|burgl\w+|insecure|not secure)\b", re.IGNORECASE)
_WATER_COMING_IN = re.compile(
    r"\b(?:roof|ceiling)s?\b[^.!?;]{0,40}?\b(?:leak\w*|drip\w*|water|wet|pouring)|"
    r"\bleak\w*\b[^.!?;]{0,40}?\b(?:roof|ceiling|through|upstairs|above)\b|"
    r"\b(?:water|rain)\b[^.!?;]{0,30}?\b(?:coming|pouring|dripping|running|leaking|getting|"
    r"gets|comes|pours|drips|came)\s+(?:in|through|into|down)\b|\bflood\w*", re.IGNORECASE)


# No heating or hot water: urgent, whoever lives there (played resident p-01, December, got
# the same routine date as a dripping tap).
_NO_HEAT = re.compile(
    r"\bno (?:heating|heat|hot water|central heating)\b|"
    r"\b(?:heating|boiler|hot water)\b[^.!?;]{0,30}?\b(?:not working|isn'?t working|broken|broke|"
    r"bust|gone off|packed up|stopped working|keeps (?:cutting|going) out|failed|off)\b",
    re.IGNORECASE)


# No heating (not hot water alone): the emergency for someone vulnerable in the cold months.
# A vulnerable resident with hot water off but the heating on is urgent, not an emergency
# (retired v16: "3 weeks no hot water" and "no hot water for ten days" were raised as
# emergencies, against the writers and the list below).
_NO_HEATING = re.compile(
    r"\bno (?:heating|heat|central heating)\b|\bno (?:heating|heat) (?:or|and|n|&) hot water\b|"
    r"\b(?:heating|boiler)\b[^.!?;]{0,30}?\b(?:not working|isn'?t working|broken|broke|bust|"
    r"gone off|packed up|stopped working|keeps (?:cutting|going) out|failed|off)\b",
    re.IGNORECASE)


# Months when no heating is a danger to someone vulnerable (issue 11's list of emergencies:
# "no heating … for vulnerable people in cold weather").
COLD_MONTHS = (10, 11, 12, 1, 2, 3, 4)


def repair_priority(account: str, flags: dict[str, Any], today: date | None = None) -> str:
    """The raised request's priority: emergency when the matter is one, when a vulnerable
    resident's home can't be secured, or when a vulnerable resident has no heating in the
    cold months; urgent when the home can't be secured, water is coming in, there is no
    heating or hot water, or the resident is vulnerable; otherwise routine."""
    insecure = bool(_CANT_SECURE.search(account))
    cold = (today or date.today()).month in COLD_MONTHS
    if flags.get("emergency") or (insecure and flags.get("vulnerability")) or (
            cold and flags.get("vulnerability") and _NO_HEATING.search(account)):
        # An 87-year-old with no heating in December was given a week (played residents).
        return "emergency"
    if insecure or _WATER_COMING_IN.search(account) or _NO_HEAT.search(account) or \
            flags.get("vulnerability"):
        return "urgent"
    return "routine"


def raises_repair(tracker: Tracker) -> bool:
    """While a complaint is being taken: whether filing it now would raise a service
    request, which needs the home's address.

    The form asks its order several times a turn; building the case each time was two
    fifths of the action server's CPU under `make bench` (tenth session), so the answer is
    kept for the same conversation, events and slots."""
    return raised_repair_priority(tracker) is not None


def raised_repair_priority(tracker: Tracker) -> str | None:
    """The priority of the repair filing now would raise, or None when it raises none."""
    key = (tracker.sender_id, len(tracker.events),
           json.dumps(tracker.slots, sort_keys=True, default=str))
    if key not in _RAISES:
        case = build_case("complaint", dict(tracker.slots), list(tracker.events),
                          tracker.sender_id, tracker.get_latest_input_channel(), load_policy(),
                          date.today())
        if len(_RAISES) >= 256:
            _RAISES.clear()
        repair = repair_request_for(case, tracker)
        _RAISES[key] = repair["service_request"]["priority"] if repair else None
    return _RAISES[key]


_RAISES: dict[tuple[str, int, str], str | None] = {}


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
    points = definition.get("points") or []
    return {
        "kind": "service_request",
        "channel": case["channel"],
        "conversation_id": case.get("conversation_id"),
        "received_at": case.get("received_at"),
        "summary": case.get("summary"),
        "complainant": case.get("complainant"),
        "representative": case.get("representative"),
        "service_request": {
            "description": repair_description(points) or case.get("summary"),
            "location": address_said(tracker.slots, tracker.events) or answer(tracker.slots,
                                                                                "postcode"),
            # How to get in, asked in the complaint when the repair can't wait.
            "access": answer(tracker.slots, "sr_access"),
            "priority": repair_priority(account, flags),
        },
        "flags": {**flags, "possible_exclusion": False, "exclusion_reason": None},
        "transcript": case.get("transcript") or [],
        "attachments": case.get("attachments") or [],
    }


async def _only_their_own_requests(client: IntakeClient, case: dict[str, Any],
                                   tracker: Tracker) -> dict[str, Any]:
    """The case without any request reference of ours (SR-…) the resident typed that is not
    theirs. A reference not raised in this conversation is looked up with the contact
    details given (as a status check is); one that does not match is left out of the links
    (it stays in the transcript), so no other resident's repair is linked, and they are
    never told it "carries on" (played residents, sixteenth session: "SR-2026-000001 I
    think" linked another resident's boiler job, and the window repair was never raised)."""
    raised_here = {reference for reference, _ in requests_logged(list(tracker.events))}
    raised_here |= {tracker.slots.get("last_reference"), tracker.slots.get("about_request")}
    people = [case.get("complainant") or {}, case.get("representative") or {}]

    def given(field: str) -> str | None:
        return next((p[field] for p in people if p.get(field)), None)

    kept: list[str] = []
    for reference in case.get("linked_references") or []:
        if reference.startswith("SR-") and reference not in raised_here:
            found = None
            # Any one detail on their earlier request will do, as for a status check.
            for proof in ({"phone": given("phone")}, {"postcode": given("postcode")},
                          {"email": given("email")}):
                if not any(proof.values()) or found is not None:
                    continue
                try:
                    found = await client.lookup(reference, **proof)
                except IntakeRejected:
                    found = None
                except IntakeError:
                    found = {}  # the API is away: the case waits in the outbox as it is
            if found is None:
                continue
        kept.append(reference)
    return {**case, "linked_references": kept}


async def file_case(client: IntakeClient, case: dict[str, Any], key: str,
                    tracker: Tracker) -> dict[str, Any]:
    """File the case (and the repair it is about); the API's answer, with the repair's
    under ``linked_request``. Raises IntakeUnavailable / IntakeRejected like the client."""
    if case.get("kind") == "complaint":
        case = await _only_their_own_requests(client, case, tracker)
    repair = repair_request_for(case, tracker)
    linked_request = None
    if repair is not None and repair["service_request"]["priority"] == "emergency" and \
            not (case.get("flags") or {}).get("emergency"):
        # Raised as an emergency repair (a vulnerable resident with no heating in winter, a
        # home that can't be secured): the danger flag says so on both records, never an
        # emergency repair beside a complaint that says there is no danger (played residents).
        case = {**case, "flags": {**case["flags"], "emergency": True}}
        repair = {**repair, "flags": {**repair["flags"], "emergency": True}}
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
        # A job the resident named as a repair's ("Window repair (job 8830451)") carries on
        # whatever the account says of it (retired v11: six were linked and never told).
        named_jobs = named_repair_jobs(tracker)
        earlier = sorted((r for r in repairs_given(case, tracker)
                          if r.startswith("SR-") or r in named_jobs
                          or answers.about_unfixed_repair(account)),
                         key=lambda r: not r.startswith("SR-"))  # ours first
        if earlier:
            linked_request = {"reference": earlier[0]}
        elif answers.outstanding_request(account):
            # Not a repair but a request still waiting (an exchange, a succession, a
            # transfer, a refund) whose reference they gave: it carries on too (Code 1.5),
            # and they're told so (retired v14: eight such references were never mentioned).
            # "Transfer app TR-60231" (retired v18: linked, never told it carries on).
            said = " ".join(text for text in [answer(tracker.slots, "linked_reference"),
                                              tracker.slots.get("matter_text")] if text)
            given = [r for r in case.get("linked_references") or []
                     if not r.startswith("SR-") and not answers.is_complaint_reference(r)
                     and r not in answers.non_request_references(said)]
            if given:
                linked_request = {"reference": given[0], "request": True}
    if linked_request is not None:
        filed = {**filed, "linked_request": linked_request}
    return filed
