"""Conversation-level evaluation: scripted residents talk to the real running stack, and
each case they file is checked field by field against what the resident meant.

Each line of the input (JSONL) is one scripted resident::

    {"id", "register", "persona", "opening",
     "answers": {topic: the resident's answer in their own words},
     "expected": {"kind", "points", "outcome", "representative", "contact_preference",
                  "contact_time_note", "adjustments", "flags", "linked_request_expected",
                  "earlier_reference", "told", optional "stage"}}

The resident sends ``opening`` to Rasa's REST channel, then answers whatever the bot is
asking — read from the tracker (``requested_slot`` inside a form, ``pending`` outside
one; see ``SLOT_TOPICS`` and ``PENDING_TOPICS``) — until nothing more is asked. The
cases filed for the conversation are then read from the intake API and scored.

Starts the whole stack on free ports unless ``RASA_URL`` and ``INTAKE_API_URL`` point at
a running one (then ``RASA_AUTH_TOKEN``, or ``var/rasa-token``, and ``INTAKE_API_KEY``, a
key that may read every case, are needed). Results (figures and one record per
resident) are written as JSON to ``--results`` (default bench/results/). Only aggregate
figures are printed, so a blind set can be run without reading it.

    .venv/bin/python scripts/eval_conversations.py [FILE.jsonl] [--results DIR] [--workers 4]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.stack import Stack, read_token, tracker_url

DEFAULT_INPUT = ROOT / "eval" / "blind" / "conversations_v2.jsonl"
DEFAULT_RESULTS = ROOT / "bench" / "results"
MAX_TURNS = 20
MAX_WORKERS = 4
SAME_QUESTION_LIMIT = 3  # the same question answered this often: the resident skips it

# What the bot is asking, by the form's requested slot (actions/questions.py), as the
# resident's answer topics in order of preference. "contact" is phone or email (see
# ``Resident.contact_answer``); "name_or_resident" is the resident's name, or the name of
# the person they are acting for.
SLOT_TOPICS: dict[str, tuple[str, ...]] = {
    "complaint_point": ("what_went_wrong",),
    "more_points": ("anything_else",),
    "complaint_started": ("when_started",),
    "desired_outcome": ("outcome",),
    "acting_for": ("acting_for",),
    "rep_name": ("name",),
    "rep_relationship": ("relationship",),
    "consent": ("consent",),
    "resident_name": ("name_or_resident",),
    "contact_details": ("contact",),
    "postal_address": ("address_or_postcode",),
    "preferred_contact": ("contact_preference",),
    "adjustments": ("adjustments",),
    "linked_reference": ("earlier_reference",),
    "sr_description": ("what_went_wrong",),
    "sr_location": ("address_or_postcode",),
    "sr_access": (),
    "sr_priority": (),
    "asb_description": ("what_went_wrong",),
    "asb_when_where": ("when_started",),
    "correction_part": (),
    "correction_text": (),
    "case_reference": ("earlier_reference",),
    "status_proof": ("phone", "address_or_postcode", "email"),
}
# What the bot is asking outside a form, by the ``pending`` slot (actions/routing.py).
PENDING_TOPICS: dict[str, tuple[str, ...]] = {
    "offer_complaint": ("complaint_offer",),
    "offer_complaint_about_request": ("complaint_offer",),
    "offer_service_request": ("offer",),
    "offer_callback": ("offer",),
    "offer_emergency_repair": ("offer",),
    "reported_before": ("reported_before",),
    "dissatisfied": ("unhappy_with_handling",),
    "what_about": ("what_went_wrong",),
    "confirm": ("readback_reply",),
}
# A complaint offer the resident did not script: yes if they came to complain.
COMPLAINT_KINDS = ("complaint", "emergency_then_complaint")
DONT_KNOW = "I don't know"
# Said once; asked again, the resident has nothing to add: a further matter, then "no";
# a reply to the read-back (a correction, say), then "yes".
TOLD_ONCE = {"anything_else": "no", "readback_reply": "yes"}

# Replies to questions, never a matter of complaint in themselves.
REPLY_PHRASES = {
    "yes", "yes please", "yes please do", "yeah", "yep", "ok", "okay", "no", "nope",
    "no thanks", "no thank you", "no that's all", "no thats all", "that's all", "thats all",
    "no that covers it", "that covers it", "no it's all in my message", "nothing else",
    "i want to complain", "i want to make a complaint", "i'd like to make a complaint",
    "i would like to make a complaint", "yes i want to complain", "how do i make a complaint",
    "complaint", "make a complaint", "skip", "i don't know", "change", "correct",
    "that's right", "yes that's right", "person",
}
_STOPWORDS = """a an the and or but of to in on at for with by from as is are was were be
been being it its it's this that these those i me my we our you your he she they them their
her his him has have had do does did not no so if then than there here about into over up
out just very can could would should will shall may might must also too all any some what
when which who whom how why please yes yeah ok okay"""
STOPWORDS = frozenset(_STOPWORDS.split())

HANDOVER = re.compile(r"pass our conversation to|passed our conversation to", re.IGNORECASE)
CONTACT_TOPICS = {"contact", "phone", "email", "contact_preference", "adjustments",
                  "address_or_postcode", "name", "name_or_resident", "resident_name"}
CONSENT_VALUES = {"yes": "given", "given": "given", "no": "pending", "pending": "pending",
                  "not_needed": "not_needed", "legal": "not_needed"}
CONTACT_METHODS = {"text": "sms", "txt": "sms", "sms": "sms"}
FIELDS = ("kind", "points", "outcome", "representative", "contact_preference", "adjustments",
          "flags", "linked_request", "earlier_reference", "confirmed", "told")
FLAG_NAMES = ("emergency", "on_behalf", "prior_report", "vulnerability")


# --- text comparison ---------------------------------------------------------------------

def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_words(text: str | None) -> set[str]:
    """The words that carry meaning, lower-cased and lightly stemmed."""
    words = re.findall(r"[a-z0-9]+(?:'[a-z]+)?", (text or "").lower())
    return {_stem(w) for w in words if w not in STOPWORDS}


def overlap(expected: str | None, filed: str | None) -> float:
    """Share of the expected text's content words found in the filed text (0..1); 1.0 when
    the expected text has none."""
    want = content_words(expected)
    if not want:
        return 1.0
    return len(want & content_words(filed)) / len(want)


def normalise(text: str | None) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w' ]+", " ", (text or "").lower())).strip()


def is_reply(point: str, replies: Iterable[str] = ()) -> bool:
    """Whether a filed point is a reply to a question rather than a matter: a stock reply
    ("yes", "no that's all", "I want to complain"), one of the resident's own answers to a
    question that is not about what went wrong, or no words of substance at all."""
    said = normalise(point)
    if said in REPLY_PHRASES or said in {normalise(r) for r in replies if r}:
        return True
    return not content_words(point) - {"complain", "complaint", "make", "want", "like"}


# --- the conversation --------------------------------------------------------------------

@dataclass
class Turn:
    topic: str | None
    question: str | None
    said: str
    replies: list[str]


@dataclass
class Conversation:
    resident_id: str
    sender: str
    turns: list[Turn] = field(default_factory=list)
    ended: str = ""  # why the conversation stopped
    error: str | None = None

    @property
    def bot_texts(self) -> list[str]:
        return [r for t in self.turns for r in t.replies]


class Resident:
    """Answers the bot's questions from a scripted resident's ``answers``."""

    def __init__(self, row: dict[str, Any]) -> None:
        self.row = row
        self.answers: dict[str, str] = {k: v for k, v in (row.get("answers") or {}).items()
                                        if isinstance(v, str)}
        self.expected: dict[str, Any] = row.get("expected") or {}
        self.contact_asked = 0
        self.given: dict[str, int] = {}

    @property
    def acting_for(self) -> bool:
        return bool(self.expected.get("representative"))

    def contact_answer(self) -> str:
        """Phone or email: the one they prefer to be contacted by first, the other next."""
        order = ["email", "phone"] if self.expected.get("contact_preference") == "email" \
            else ["phone", "email"]
        given = [self.answers[t] for t in order if self.answers.get(t)]
        self.contact_asked += 1
        if not given:
            return DONT_KNOW
        return given[min(self.contact_asked - 1, len(given) - 1)]

    def answer(self, topics: tuple[str, ...]) -> tuple[str, str]:
        """(topic, what the resident says) for a question about ``topics``."""
        for topic in topics:
            if topic == "contact":
                return topic, self.contact_answer()
            if topic == "name_or_resident":
                key = "resident_name" if self.acting_for and self.answers.get(
                    "resident_name") else "name"
                if self.answers.get(key):
                    return key, self.answers[key]
                continue
            if topic in TOLD_ONCE and self.given.get(topic):
                return topic, TOLD_ONCE[topic]
            if self.answers.get(topic):
                self.given[topic] = self.given.get(topic, 0) + 1
                return topic, self.answers[topic]
        topic = topics[0] if topics else "unknown"
        flags = self.expected.get("flags") or {}
        if topic == "complaint_offer":
            wants = self.expected.get("kind") in COMPLAINT_KINDS
            return topic, "yes" if wants else "no"
        if topic in ("offer", "readback_reply"):
            return topic, "yes"
        if topic == "acting_for":
            return topic, "yes" if self.acting_for else "no"
        # The flowchart's yes/no questions, answered as the resident would.
        if topic == "reported_before" and "prior_report" in flags:
            return topic, "yes" if flags["prior_report"] else "no"
        if topic == "unhappy_with_handling":
            return topic, "yes" if self.expected.get("kind") in COMPLAINT_KINDS else "no"
        if topic in ("anything_else", "adjustments", "earlier_reference"):
            return topic, "no"
        if topic in ("what_went_wrong",) and self.row.get("opening"):
            return topic, self.row["opening"]
        return topic, "skip" if topic == "unknown" or not topics else DONT_KNOW


class Talker:
    """Drives one conversation through Rasa's REST channel."""

    def __init__(self, rasa_url: str, rasa_token: str | None, client: httpx.Client) -> None:
        self.rasa_url = rasa_url.rstrip("/")
        self.rasa_token = rasa_token
        self.client = client

    def say(self, sender: str, text: str) -> list[str]:
        response = self.client.post(f"{self.rasa_url}/webhooks/rest/webhook",
                                    json={"sender": sender, "message": text}, timeout=120)
        response.raise_for_status()
        return [m.get("text", "") for m in response.json() if m.get("text")]

    def asking(self, sender: str) -> tuple[str | None, str | None]:
        """('slot', name) inside a form, ('pending', value) outside one, or (None, None)."""
        response = self.client.get(tracker_url(self.rasa_url, sender, self.rasa_token),
                                   timeout=60)
        response.raise_for_status()
        tracker = response.json()
        slots = tracker.get("slots") or {}
        loop = (tracker.get("active_loop") or {}).get("name")
        if loop and slots.get("requested_slot"):
            return "slot", slots["requested_slot"]
        if slots.get("pending"):
            return "pending", slots["pending"]
        return None, None

    def converse(self, row: dict[str, Any], sender: str) -> Conversation:
        resident = Resident(row)
        convo = Conversation(resident_id=str(row.get("id")), sender=sender)
        convo.turns.append(Turn(None, None, row.get("opening") or "",
                                self.say(sender, row.get("opening") or "")))
        asked: dict[str, int] = defaultdict(int)
        for _ in range(MAX_TURNS):
            where, question = self.asking(sender)
            if question is None:
                convo.ended = "nothing asked"
                return convo
            table = SLOT_TOPICS if where == "slot" else PENDING_TOPICS
            topics = table.get(question)
            asked[question] += 1
            if topics is None:
                # Something the resident was not scripted for (a status check's follow-up,
                # the stage after a handover): they leave it there.
                convo.ended = f"unmapped {where} {question}"
                return convo
            topic, text = resident.answer(topics)
            if asked[question] >= SAME_QUESTION_LIMIT:
                text = "skip"
            convo.turns.append(Turn(topic, question, text, self.say(sender, text)))
        convo.ended = "turn limit"
        return convo


# --- reading what was filed --------------------------------------------------------------

class CaseReader:
    """Cases by conversation, read once each (the list has no conversation filter)."""

    def __init__(self, api_url: str, api_key: str, client: httpx.Client) -> None:
        self.api_url = api_url.rstrip("/")
        self.headers = {"Authorization": f"Bearer {api_key}"}
        self.client = client
        self.by_reference: dict[str, dict[str, Any]] = {}
        self.lock = threading.Lock()

    def _get(self, path: str, **params: Any) -> Any:
        response = self.client.get(f"{self.api_url}{path}", params=params,
                                   headers=self.headers, timeout=60)
        response.raise_for_status()
        return response.json()

    def refresh(self) -> None:
        page = 1
        while True:
            listing = self._get("/api/v1/cases", page=page, page_size=200)
            for item in listing["items"]:
                if item["reference"] not in self.by_reference:
                    self.by_reference[item["reference"]] = self._get(
                        f"/api/v1/cases/{item['reference']}", events="false")
            if page * listing["page_size"] >= listing["total"] or not listing["items"]:
                return
            page += 1

    def for_conversation(self, sender: str) -> list[dict[str, Any]]:
        with self.lock:
            self.refresh()
            return [c for c in self.by_reference.values() if c.get("conversation_id") == sender]


# --- scoring -----------------------------------------------------------------------------

def primary_case(kind: str, cases: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The case the resident came to file: the complaint for complaint kinds, else the
    first case of the expected kind, else the first case filed."""
    want = "complaint" if kind in COMPLAINT_KINDS else kind
    for case in cases:
        if case.get("kind") == want:
            return case
    return cases[0] if cases else None


def score_kind(expected: dict[str, Any], cases: list[dict[str, Any]]) -> bool:
    kind = expected.get("kind")
    kinds = [c.get("kind") for c in cases]
    if expected.get("stage") == 2:
        # A stage 2 request: never a fresh stage 1 complaint that loses the earlier case.
        earlier = expected.get("earlier_reference") or ""
        fresh = [c for c in cases if c.get("kind") == "complaint" and c.get("stage") ==
                 "stage_1" and not _has_reference(c, earlier)]
        return not fresh
    if kind == "complaint":
        return kinds.count("complaint") == 1 and set(kinds) <= {"complaint", "service_request"}
    if kind == "emergency_then_complaint":
        requests = [c for c in cases if c.get("kind") == "service_request"]
        return kinds.count("complaint") == 1 and any(
            (r.get("service_request") or {}).get("priority") == "emergency"
            or (r.get("flags") or {}).get("emergency") for r in requests)
    if kind in ("out_of_scope", "none"):
        return not cases or set(kinds) <= {kind}
    if kind == "enquiry":
        return set(kinds) <= {"enquiry"}
    return kinds.count(kind) >= 1 and set(kinds) <= {kind}


def _reference_key(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", text.upper())


def _has_reference(case: dict[str, Any], earlier: str) -> bool:
    if not earlier:
        return False
    want = _reference_key(earlier)
    digits = "".join(re.findall(r"\d+", earlier))
    for ref in case.get("linked_references") or []:
        got = _reference_key(ref)
        if got == want or (digits and digits in got):
            return True
    return False


def account_replies(answers: dict[str, str]) -> list[str]:
    """The resident's answers to questions that are not about what went wrong."""
    matters = {"what_went_wrong", "anything_else", "unhappy_with_handling"}
    return [v for k, v in answers.items() if k not in matters and isinstance(v, str)]


def score_points(expected: dict[str, Any], case: dict[str, Any] | None,
                 answers: dict[str, str], threshold: float = 0.5) -> dict[str, Any]:
    """Points: none is a reply to a question, and every expected point is matched by word
    overlap (``threshold``) with some filed point."""
    filed = list(((case or {}).get("definition") or {}).get("points") or [])
    replies = account_replies(answers)
    reply_points = [p for p in filed if is_reply(p, replies)]
    summary = (case or {}).get("summary") or ""
    summary_is_reply = bool(summary) and is_reply(summary, replies)
    unmatched = [p for p in expected.get("points") or []
                 if not any(overlap(p, f) >= threshold for f in filed)]
    return {"ok": bool(filed) and not reply_points and not summary_is_reply and not unmatched,
            "filed": len(filed), "reply_points": len(reply_points) + summary_is_reply,
            "unmatched": len(unmatched)}


def score_representative(expected: dict[str, Any], case: dict[str, Any] | None) -> bool:
    want = expected.get("representative")
    got = (case or {}).get("representative")
    if not want:
        return not got
    if not got:
        return False
    if want.get("name") and overlap(want["name"], got.get("name")) < 0.5:
        return False
    relationship = " ".join(filter(None, (got.get("relationship"), got.get("organisation"))))
    if want.get("relationship") and overlap(want["relationship"], relationship) < 0.5:
        return False
    consent = CONSENT_VALUES.get(str(want.get("consent") or "pending").lower(), "pending")
    return got.get("consent") == consent


def score_contact(expected: dict[str, Any], case: dict[str, Any] | None) -> bool:
    want = expected.get("contact_preference") or "any"
    complainant = (case or {}).get("complainant") or {}
    got = complainant.get("preferred_contact")
    if want != "any" and CONTACT_METHODS.get(want, want) != got:
        return False
    note = expected.get("contact_time_note")
    if note:
        return overlap(note, complainant.get("reasonable_adjustments")) >= 0.5
    return True


def score_flags(expected: dict[str, Any], case: dict[str, Any] | None) -> dict[str, bool]:
    want = expected.get("flags") or {}
    got = (case or {}).get("flags") or {}
    return {name: bool(got.get(name)) == bool(want.get(name)) for name in FLAG_NAMES
            if name in want}


def score_linked_request(cases: list[dict[str, Any]], case: dict[str, Any] | None,
                         bot_texts: list[str]) -> bool:
    """The complaint links a repair (raised now or given before) and the resident is told
    it carries on."""
    if not case:
        return False
    linked = [r for r in case.get("linked_references") or [] if not r.startswith("CMP-")]
    raised = {c["reference"] for c in cases if c.get("kind") == "service_request"}
    told = any("carries on" in t for t in bot_texts)
    return bool(linked or raised & set(case.get("linked_references") or [])) and told


def _said_date(value: str | None, bot_texts: list[str]) -> bool:
    if not value:
        return False
    day = date.fromisoformat(str(value)[:10])
    said = "\n".join(bot_texts)
    return f"{day.day} {day:%B %Y}" in said


def score_told(expected: dict[str, Any], case: dict[str, Any] | None,
               bot_texts: list[str]) -> dict[str, bool]:
    sla = (case or {}).get("sla") or {}
    said = "\n".join(bot_texts)
    checks = {
        "reference": bool(case) and case.get("reference", "\0") in said,
        "acknowledge_date": _said_date(sla.get("acknowledge_due"), bot_texts),
        "response_date": _said_date(sla.get("response_due"), bot_texts),
        "ombudsman": "ombudsman" in said.lower(),
    }
    return {item: checks.get(item, False) for item in expected.get("told") or []}


def handed_over_by_contact(convo: Conversation) -> bool:
    """The bot passed the conversation to a person in reply to an answer about contact."""
    return any(t.topic in CONTACT_TOPICS and any(HANDOVER.search(r) for r in t.replies)
               for t in convo.turns)


def score(row: dict[str, Any], cases: list[dict[str, Any]],
          bot_texts: list[str]) -> dict[str, Any]:
    """Each field: True (right), False (wrong) or None (does not apply), with details."""
    expected = row.get("expected") or {}
    answers = {k: v for k, v in (row.get("answers") or {}).items() if isinstance(v, str)}
    kind = expected.get("kind")
    case = primary_case(kind, cases)
    complaint = kind in COMPLAINT_KINDS and expected.get("stage") != 2
    fields: dict[str, bool | None] = dict.fromkeys(FIELDS)
    details: dict[str, Any] = {}
    fields["kind"] = score_kind(expected, cases)
    files_something = kind not in ("out_of_scope", "none", "enquiry") and (
        expected.get("stage") != 2)
    if complaint:
        points = score_points(expected, case if case and case.get("kind") == "complaint"
                              else None, answers)
        fields["points"], details["points"] = points["ok"], points
        if expected.get("outcome"):
            got = ((case or {}).get("definition") or {}).get("desired_outcome")
            fields["outcome"] = overlap(expected["outcome"], got) >= 0.5
        fields["confirmed"] = bool((case or {}).get("definition_confirmed"))
    if files_something:
        fields["representative"] = score_representative(expected, case)
        fields["flags"] = all((flags := score_flags(expected, case)).values()) and case is not None
        details["flags"] = flags
        if expected.get("contact_preference") not in (None, "", "any") or expected.get(
                "contact_time_note"):
            fields["contact_preference"] = score_contact(expected, case)
    if expected.get("adjustments"):
        got = ((case or {}).get("complainant") or {}).get("reasonable_adjustments")
        fields["adjustments"] = bool(got and got.strip())
    if expected.get("linked_request_expected"):
        fields["linked_request"] = score_linked_request(cases, case, bot_texts)
    if expected.get("earlier_reference"):
        fields["earlier_reference"] = any(_has_reference(c, expected["earlier_reference"])
                                          for c in cases)
    if expected.get("told"):
        told = score_told(expected, case, bot_texts)
        fields["told"], details["told"] = all(told.values()), told
    return {"fields": fields, "details": details,
            "all_right": all(v is not False for v in fields.values())}


# --- the run -----------------------------------------------------------------------------

def load_rows(path: Path) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise SystemExit(f"{path}:{number}: not JSON ({exc.msg})") from None
    return rows


def evaluate_one(row: dict[str, Any], talker: Talker, reader: CaseReader,
                 run_id: str) -> dict[str, Any]:
    sender = f"eval-{run_id}-{uuid.uuid4().hex[:10]}"
    started = time.monotonic()
    try:
        convo = talker.converse(row, sender)
    except httpx.HTTPError as exc:
        convo = Conversation(str(row.get("id")), sender, ended="error", error=type(exc).__name__)
    cases = reader.for_conversation(sender)
    result = score(row, cases, convo.bot_texts)
    expected = row.get("expected") or {}
    return {
        "id": row.get("id"), "register": row.get("register") or "unknown",
        "kind": expected.get("kind"), "sender": sender, "turns": len(convo.turns),
        "ended": convo.ended, "error": convo.error,
        "seconds": round(time.monotonic() - started, 2),
        "handed_over_by_contact": handed_over_by_contact(convo),
        "filed": [{"reference": c["reference"], "kind": c["kind"]} for c in cases],
        **result,
        "questions": [[t.question, t.topic] for t in convo.turns[1:]],
        "transcript": [{"topic": t.topic, "question": t.question, "said": t.said,
                        "replies": t.replies} for t in convo.turns],
        "cases": [{k: c.get(k) for k in ("reference", "kind", "summary", "definition",
                                         "complainant", "representative", "flags",
                                         "linked_references", "definition_confirmed")}
                  for c in cases],
    }


def summarise(results: list[dict[str, Any]]) -> dict[str, Any]:
    def rate(rows: list[dict[str, Any]], name: str) -> dict[str, Any]:
        scored = [r["fields"][name] for r in rows if r["fields"][name] is not None]
        return {"right": sum(scored), "scored": len(scored),
                "accuracy": round(sum(scored) / len(scored), 3) if scored else None}

    per_field = {name: rate(results, name) for name in FIELDS}
    flags = defaultdict(lambda: [0, 0])
    for r in results:
        for name, ok in (r["details"].get("flags") or {}).items():
            flags[name][0] += ok
            flags[name][1] += 1
    registers: dict[str, Any] = {}
    for register in sorted({r["register"] for r in results}):
        rows = [r for r in results if r["register"] == register]
        registers[register] = {
            "n": len(rows), "all_right": round(sum(r["all_right"] for r in rows) / len(rows), 3),
            "fields": {n: rate(rows, n)["accuracy"] for n in FIELDS},
        }
    complaints = [r for r in results if r["kind"] in COMPLAINT_KINDS and any(
        f["kind"] == "complaint" for f in r["filed"])]
    n = len(results)
    return {
        "conversations": n,
        "all_right": round(sum(r["all_right"] for r in results) / n, 3) if n else None,
        "fields": per_field,
        "flags": {k: {"right": v[0], "scored": v[1]} for k, v in flags.items()},
        "handed_over_by_contact": sum(r["handed_over_by_contact"] for r in results),
        "filed_complaints": len(complaints),
        "filed_complaints_no_reply_point": sum(
            r["details"].get("points", {}).get("reply_points", 1) == 0 for r in complaints),
        "errors": sum(bool(r["error"]) for r in results),
        "ended": dict(sorted(_count(r["ended"].split(" ")[0] for r in results).items())),
        "registers": registers,
    }


def _count(items: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for item in items:
        counts[item] += 1
    return counts


def print_summary(summary: dict[str, Any], seconds: float, out=None) -> None:
    out = out or sys.stdout
    print(f"\n{summary['conversations']} conversations in {seconds:.0f}s", file=out)
    print(f"{'field':<20}{'right':>7}{'scored':>8}{'accuracy':>10}", file=out)
    for name, figures in summary["fields"].items():
        acc = "-" if figures["accuracy"] is None else f"{figures['accuracy']:.1%}"
        print(f"{name:<20}{figures['right']:>7}{figures['scored']:>8}{acc:>10}", file=out)
    for name, (figures) in summary["flags"].items():
        print(f"  flag {name:<14}{figures['right']:>7}{figures['scored']:>8}", file=out)
    share = summary["all_right"]
    print(f"every field right: {'-' if share is None else f'{share:.1%}'}", file=out)
    print(f"handed over by a contact answer: {summary['handed_over_by_contact']}", file=out)
    print(f"filed complaints with no reply as a point: "
          f"{summary['filed_complaints_no_reply_point']}/{summary['filed_complaints']}", file=out)
    print(f"ended: {summary['ended']}; errors: {summary['errors']}", file=out)
    print(f"\n{'register':<16}{'n':>4}{'all right':>11}  kind/points/outcome/told", file=out)
    for register, figures in summary["registers"].items():
        f = figures["fields"]
        cells = "/".join("-" if f[n] is None else f"{f[n]:.0%}"
                         for n in ("kind", "points", "outcome", "told"))
        print(f"{register:<16}{figures['n']:>4}{figures['all_right']:>11.1%}  {cells}", file=out)


def run(rows: list[dict[str, Any]], rasa_url: str, rasa_token: str | None, api_url: str,
        api_key: str, workers: int = MAX_WORKERS) -> list[dict[str, Any]]:
    run_id = uuid.uuid4().hex[:6]
    limits = httpx.Limits(max_connections=2 * workers + 2)
    with httpx.Client(limits=limits) as client:
        talker = Talker(rasa_url, rasa_token, client)
        reader = CaseReader(api_url, api_key, client)
        with ThreadPoolExecutor(max_workers=max(1, min(workers, MAX_WORKERS))) as pool:
            return list(pool.map(lambda row: evaluate_one(row, talker, reader, run_id), rows))


def write_results(results_dir: Path, source: Path, summary: dict[str, Any],
                  results: list[dict[str, Any]], seconds: float,
                  transcripts: bool = False) -> Path:
    """The figures and one record per resident; what was said and filed only with ``transcripts``
    (a blind set stays unread, and residents' words stay out of results folders)."""
    if not transcripts:
        results = [{k: v for k, v in r.items() if k not in ("transcript", "cases")}
                   for r in results]
    results_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = results_dir / f"eval_conversations_{source.stem}_{stamp}.json"
    path.write_text(json.dumps({"input": str(source), "seconds": round(seconds, 1),
                                "summary": summary, "conversations": results}, indent=1))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", nargs="?", type=Path, default=DEFAULT_INPUT)
    parser.add_argument("--results", type=Path, default=DEFAULT_RESULTS,
                        help="folder for the JSON results (default bench/results/)")
    parser.add_argument("--workers", type=int, default=MAX_WORKERS,
                        help=f"residents talking at once (at most {MAX_WORKERS})")
    parser.add_argument("--model", default="models",
                        help="the model file or folder Rasa loads, relative to bot/ "
                             "(when the stack is started here)")
    parser.add_argument("--transcripts", action="store_true",
                        help="keep each conversation's text in the results (not for a blind set)")
    parser.add_argument("--min-all-right", type=float, default=None,
                        help="exit 1 if the share of conversations entirely right is lower")
    args = parser.parse_args(argv)
    if not args.input.exists():
        parser.error(f"{args.input} does not exist")
    rows = load_rows(args.input)
    started = time.monotonic()
    rasa_url, api_url = os.environ.get("RASA_URL"), os.environ.get("INTAKE_API_URL")
    if rasa_url and api_url:
        api_key = os.environ.get("INTAKE_API_KEY")
        if not api_key:
            parser.error("INTAKE_API_KEY (a key that may read every case) is needed with "
                         "RASA_URL and INTAKE_API_URL")
        token = os.environ.get("RASA_AUTH_TOKEN") or read_token(ROOT / "var")
        results = run(rows, rasa_url, token, api_url, api_key, args.workers)
    else:
        print("starting the intake API, action server and Rasa server…", file=sys.stderr,
              flush=True)
        with Stack(model=args.model) as stack:
            results = run(rows, stack.rasa_url, stack.rasa_token, stack.api_url,
                          stack.create_api_key("eval"), args.workers)
    seconds = time.monotonic() - started
    summary = summarise(results)
    print_summary(summary, seconds)
    path = write_results(args.results, args.input, summary, results, seconds, args.transcripts)
    print(f"\nresults: {path}")
    if args.min_all_right is not None and (summary["all_right"] or 0) < args.min_all_right:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
