"""The triage slots after every user turn (docs/architecture.md §3, contract).

Rasa runs ``action_validate_slot_mappings`` at the end of ``action_extract_slots`` on
every user message, before the next action is predicted, so the slots are in the
tracker (and in ``GET /conversations/{id}/tracker``) whatever the bot then does.
The decision itself is ``actions.triage``; this action only chooses which of its two
functions applies and writes the result to slots.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction
from rasa_sdk.types import DomainDict

from actions import answers, triage

# A present tense in an answer (beside triage.tells_of_now's words of now): the danger it
# tells may be happening.
_PRESENT = re.compile(r"\b(?:is|are|keeps?|can'?t|cannot|won'?t)\b|'s\b", re.IGNORECASE)
# The flowchart questions the bot may be waiting for a yes/no to.
FLOWCHART_QUESTIONS = {"dissatisfied", "reported_before"}
# Messages that carry on the current matter rather than start a new one.
CONTINUING_INTENTS = {"greet", "goodbye", "affirm", "deny", "skip", "request_human",
                      "check_status", "escalate_complaint"}
FLAGS = ("emergency", "on_behalf", "prior_report", "vulnerability")


def triage_from_slots(slots: dict[str, Any]) -> triage.Triage | None:
    label = slots.get("triage_label")
    if not label:
        return None
    return triage.Triage(
        label=label,
        emergency=bool(slots.get("emergency")),
        on_behalf=bool(slots.get("on_behalf")),
        prior_report=bool(slots.get("prior_report")),
        vulnerability=bool(slots.get("vulnerability")),
        confidence=float(slots.get("triage_confidence") or 0.0),
        question=slots.get("triage_question"),
        check_danger=bool(slots.get("check_danger")),
    )


# Questions about who is writing and how to reach them: their answers tell no hazard.
WHO_AND_HOW = frozenset({"acting_for", "rep_name", "rep_relationship", "consent",
                         "resident_name", "contact_details", "postal_address",
                         "preferred_contact", "told_before", "linked_reference", "case_reference",
                         "status_proof",
                         # When it started, when we can get in: no hazard is told there
                         # either ("Today" was once read as a danger).
                         "complaint_started", "sr_access", "asb_when_where",
                         # who at home is at risk: "my 2 year old" is no new danger
                         "sr_at_risk",
                         "correction_part"})


def next_triage(previous: triage.Triage | None, slots: dict[str, Any], text: str,
                intent: str | None, ranking: list[dict[str, Any]], active_loop: str | None,
                scores: dict[str, Any] | None = None) -> tuple[triage.Triage, str | None]:
    """The triage after this message, and the matter's text if this message starts one.

    ``ranking`` and ``scores`` are the NLU's intent ranking and learned flag scores
    (``triage_scores``) for this message."""
    pending = slots.get("pending")
    if active_loop and previous is not None:
        # Inside a form the matter is settled and the message is an answer, so its intent
        # says nothing about the matter: only what the words themselves say can raise a
        # flag (e.g. "she's disabled" -> vulnerability, "I can smell gas" -> emergency),
        # and a flag is never cleared.
        fresh = _answer_flags(triage.triage_answer(text, scores), text)
        if fresh.emergency and not triage.safety_net(text) and not triage.possible_danger(text) \
                and not (triage.tells_of_now(text) or _PRESENT.search(text)):
            # The learned reading alone, on an answer that tells of nothing now: "and he left
            # water all over the bathroom floor" about a plumber (played resident gi-03 was
            # told to call 999 and turn off the stopcock).
            fresh = replace(fresh, emergency=False)
        if not fresh.emergency and not previous.emergency and triage.possible_danger(text):
            # A danger the rules name, told in an answer ("water comin thru the light
            # fitting in bathrm when upstairs showers" to "what went wrong?"; played resident
            # tj-01, twentieth session, was given no advice and no emergency flag).
            fresh = replace(fresh, emergency=True)
        if slots.get("requested_slot") in WHO_AND_HOW or len(text.split()) < 4 or \
                slots.get("danger_denied"):
            # Nor once they have told us no one is in danger: "Water go also on my carpet in
            # hall and now it is damaged" after "No, water stop now." (retired v22: told to
            # call 999 and the complaint filed as an emergency).
            # "its me, my flat" to "are you writing for someone else?" is never a danger
            # the learned reading might see in it: only the gravest words count here.
            fresh = replace(fresh, emergency=triage.safety_net(text))
        raised = {flag: getattr(previous, flag) or getattr(fresh, flag) for flag in FLAGS}
        return replace(previous, **raised), None
    if previous is not None and pending == "asb_more":
        # "Anything else our team should know?" before an ASB report is sent: an answer,
        # never a new matter; its words may raise a flag ("he threatened me just now", "my
        # son is autistic") but never clear one.
        return _kept_flags(previous, _answer_flags(triage.triage_answer(text, scores), text)), \
            None
    replying = previous is not None and answers.is_reply(text, intent, pending)
    if previous is not None and pending == "danger_check":
        # "Is anyone in danger right now?": only a plain no clears the unsure reading;
        # anything else ("water's near the sockets") keeps the danger.
        answer = answers.danger_answer(text, intent)
        if answer is None and not (slots.get("failed_attempts") or {}).get("danger_check"):
            return previous, None  # not an answer: the question is asked once more
        # Asked twice and still no answer: the danger stays (the safe way to be wrong).
        # "yes, I'm in the dark with my mum who's 80": who is there can raise vulnerability.
        resolved = triage.resolve_question(previous, "danger_check", answer is not False)
        if answer is not False and _CHILDREN_THERE.search(text):
            resolved = replace(resolved, vulnerability=True)  # children in the danger
        return _stated(resolved, text), None
    # "March, August and October." to "have you reported this to us before?" is a yes with
    # its dates (retired v16: re-read as a new matter, an enquiry).
    told_when = pending == "reported_before" and not answers.is_no(text, None) and \
        not answers.first_time(text) and \
        bool(answers.says_when(text) or answers.says_reported_before(text))
    if previous is not None and pending in FLOWCHART_QUESTIONS and (
            replying or told_when or intent in ("affirm", "deny") or answers.is_yes(text)
            or answers.is_no(text)):
        said_yes = told_when or (answers.is_yes(text, intent) and not answers.is_no(text, None))
        resolved = triage.resolve_question(previous, pending, said_yes)
        if replying or (told_when and not answers.says_reported_before(text)):
            return resolved, None  # a yes, or only when they told us
        # "Yes, I reported it in May and nobody came": the answer, and more of the same
        # matter, whose words can raise a flag but never clear one.
        matter = f"{slots.get('matter_text') or ''}\n{text}".strip()
        return _kept_flags(resolved, triage.triage_answer(text, scores)), matter
    if previous is not None and pending in ("what_about", *FLOWCHART_QUESTIONS):
        # More of the same matter ("No one came, I rang three times" answers "have you
        # reported it before?" in its own way): its danger, once found, stays found.
        matter = f"{slots.get('matter_text') or ''}\n{text}".strip()
        return _kept_flags(first_reading(matter, ranking, scores), previous), matter
    if (previous is not None and pending in ("offer_complaint", "offer_complaint_about_request")
            and answers.accepts_complaint(text, intent)):
        # Code 1.3: the resident has chosen to complain, about the matter they told ("I
        # don't like to complain, but yes, I think the lady at the desk should be spoken
        # to" never replaces the letter before it). A further matter after the yes ("yes,
        # and the caretaker swore at my son") is added to it.
        chosen = _kept_flags(replace(previous, label="complaint", question=None),
                             _answer_flags(triage.triage_answer(text, scores), text))
        addition = answers.about_complaining(answers.addition_after_yes(text))
        if addition and slots.get("matter_text") and not (
                answers.told_already(addition, [slots["matter_text"]])
                or answers.wants_to_complain(addition) or answers.complains_about_it(addition)
                or answers.states_outcome(addition) or _WISH.match(addition)
                or answers.refers_to_message(addition)
                or re.search(r"\bbehalf\b|\b(?:for|including) (?:me|myself|us|all)\b|"
                             # "Yes, with her agreement." (retired v12): consent, not a matter
                             r"^(?:with|i have|i'?ve got|we have) (?:her|his|their|my client'?s?|"
                             r"the (?:resident|tenant)'?s?|full) (?:agreement|consent|"
                             r"permission|authority|blessing)|\b(?:she|he|they)(?:'s| has| have|"
                             r"'ve)? (?:agreed|consented|given (?:consent|permission))\b",
                             addition, re.IGNORECASE)):  # who it is for, not what went wrong
            return chosen, f"{slots['matter_text']}\n{addition}"
        return chosen, None
    if previous is not None and (pending or "").startswith("offer_") and \
            about_the_offer(text, slots.get("matter_text") or ""):
        # A sideways reply to an offer ("ARE YOU EVEN READING THIS", "?? i said log the
        # complaint", "What is complaint? it help?") is about the offer, not a new matter: the
        # matter they told stays theirs, and only its flags may rise.
        kept = _kept_flags(previous, _answer_flags(triage.triage_answer(text, scores), text))
        danger = _danger_in_the_whole(kept, slots.get("matter_text"), text)
        if danger is not kept:
            # what they added is kept with the matter, as the danger is asked about first
            return danger, f"{slots.get('matter_text') or ''}\n{text}".strip()
        return kept, None
    if replying or (previous is not None and intent in CONTINUING_INTENTS):
        # An answer to the bot's question: never a new matter, never re-triaged.
        return previous, None
    if previous is not None and pending == "offer_complaint" and answers.unhappy_with_our_reply(
            f"{slots.get('matter_text') or ''}\n{text}"):
        # "I got a letter back saying it was 'not upheld'" after "I already complained in
        # October…": the same matter, which the routing takes to stage 2 (played resident
        # tu-10, twenty-first session).
        return previous, None
    if previous is not None and pending in ("offer_complaint", "offer_service_request",
                                            "offer_emergency_repair") and \
            answers.more_of_the_matter(text):
        # The next of several short messages ("The plumber u sent was so rude" / "and he
        # never fixed the leak under the sink"): more of the matter on offer, added to it
        # by the routing, never a new matter that replaces it (played residents, thirteenth
        # session: the first messages were lost and the offer repeated word for word).
        kept = _kept_flags(previous, first_reading(text, ranking, scores))
        return _danger_in_the_whole(kept, slots.get("matter_text"), text), None
    return first_reading(text, ranking, scores), text


# What they want or feel, not what went wrong: "I just need someone to listen", "I think
# the lady at the desk should be spoken to".
_WISH = re.compile(r"(?i)(?:(?:please|and|but|so|well|just)\W+)*(?:i|we)\s+(?:just\s+|really\s+|only\s+)?(?:need|want|would like|'d like|"
                   r"think|hope|wish|feel|suppose|guess)\b")


def _danger_in_the_whole(kept: triage.Triage, matter: str | None, text: str) -> triage.Triage:
    """A danger only the two messages together tell ("water coming through my ceiling" /
    "its right by the light fitting"; played residents, fifteenth session): asked about."""
    if kept.emergency or not triage.possible_danger(f"{matter or ''}\n{text}"):
        return kept
    return replace(kept, emergency=True, check_danger=True)


def about_the_offer(text: str, matter: str) -> bool:
    """Whether a reply to an offer is about the offer rather than a new matter: short (a
    dozen words or fewer), a question, about complaining, or only the matter again."""
    said = (text or "").strip()
    return (len(said.split()) <= 12 or said.endswith("?") or answers.wants_to_complain(said)
            or answers.told_already(said, [matter]) or answers.only_wants_it_done(said))


def _answer_flags(fresh: triage.Triage, text: str) -> triage.Triage:
    """What an answer inside a form may raise. The learned heads read whole accounts; a
    short answer to the bot's own question is not one ("Fourteen weeks ago" to "when did
    this start?" reads as an earlier report, "It is me, the tenant" could read as someone
    else). So an answer raises a flag only when its words say so too: on_behalf when it
    speaks of someone else ("it's my mum's flat"), prior_report when it tells of a report,
    vulnerability when they say so (or say it so plainly the words alone do: "I have
    Crohn's disease", "my daughter, she is 4").
    The emergency reading is triage_answer's own (a sure reading or the gravest words)."""
    return replace(fresh, on_behalf=fresh.on_behalf and answers.names_someone_else(text),
                   prior_report=fresh.prior_report and answers.says_reported_before(text),
                   vulnerability=(fresh.vulnerability and answers.says_vulnerable(text))
                   or answers.plainly_vulnerable(text))


# Children where the danger is ("ME AND MY 2 KIDS ARE IN THE FLAT", "outside with the
# kids"): told in answer to "is anyone in danger right now?", a household with children.
_CHILDREN_THERE = re.compile(r"\b(?:my|the|our|\d|two|three|four|five) (?:little )?(?:kids|"
                             r"children|little ones|baby|babies|toddlers?)\b", re.IGNORECASE)


def first_reading(text: str, ranking: list[dict], scores: dict | None) -> triage.Triage:
    """The triage of a message that starts a matter, as the bot decides it (and as
    scripts/measure_nlu.py measures it): the learned reading and the flowchart, with the
    flags the words plainly say."""
    return _stated(triage.triage_message(text, ranking, scores), text)


def _stated(result: triage.Triage, text: str) -> triage.Triage:
    """The triage, with vulnerability raised when the words plainly say it ("I HAVE A
    HEART CONDITION"), whatever the learned reading gave."""
    if result.vulnerability or not (answers.states_vulnerability(text)
                                    or answers.plainly_vulnerable(text)):
        return result
    return replace(result, vulnerability=True)


def _kept_flags(kept: triage.Triage, fresh: triage.Triage) -> triage.Triage:
    """``kept``'s decision, with any flag either of them raised."""
    return replace(kept, **{flag: getattr(kept, flag) or getattr(fresh, flag)
                            for flag in FLAGS})


def triage_events(result: triage.Triage, matter: str | None) -> list[EventType]:
    events = [SlotSet("triage_label", result.label),
              SlotSet("triage_confidence", float(result.confidence)),
              SlotSet("triage_question", result.question),
              SlotSet("check_danger", result.check_danger)]
    events += [SlotSet(flag, bool(getattr(result, flag))) for flag in FLAGS]
    if matter is not None:
        events.append(SlotSet("matter_text", matter))
    return events


def _latest_user_time(tracker: Tracker) -> float | None:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return event.get("timestamp")
    return None


class ValidateTriageSlots(ValidationAction):
    """action_validate_slot_mappings: triage on every user turn."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        message = tracker.latest_message or {}
        text = message.get("text") or ""
        intent = (message.get("intent") or {}).get("name")
        ranking = message.get("intent_ranking") or []
        result, matter = next_triage(triage_from_slots(tracker.slots), tracker.slots, text,
                                     intent, ranking, tracker.active_loop_name,
                                     message.get("triage_scores"))
        events = triage_events(result, matter)
        if tracker.get_slot("pending") == "danger_check" and tracker.get_slot("emergency") \
                and not result.emergency:
            events.append(SlotSet("danger_denied", True))  # "no one is in danger"
        earlier = tracker.get_slot("matter_text")
        if matter is not None and tracker.get_slot("pending") not in (
                "what_about", *FLOWCHART_QUESTIONS) and not (
                earlier and matter.startswith(earlier)):
            # A new matter: its own danger is signposted and its own questions asked, and
            # it was received now (a complaint's received date starts its clocks).
            events += [SlotSet("emergency_signposted", False), SlotSet("questions_asked", 0),
                       SlotSet("danger_denied", False),
                       SlotSet("matter_received_at", _latest_user_time(tracker))]
        return events
