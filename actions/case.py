"""Turning a conversation into the intake API's case (docs/api-contract.md). Pure."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import Any, Mapping

from actions import answers

SHORT_TEXT = 500
LONG_TEXT = 20_000
SHORT_LIMITS = {"phone": 40, "postcode": 12, "conversation_id": 200}
LONG_FIELDS = {"text", "summary", "points", "desired_outcome", "description",
               "reasonable_adjustments"}
MAX_TRANSCRIPT = 500

SKIPPED = "(skipped)"  # the resident chose to skip the question
NONE_GIVEN = "(none)"  # the resident said there is nothing to add

# Rasa input channel name -> the API's channel.
_CHANNELS = {"rest": "rest", "socketio": "web", "telegram": "telegram", "twilio": "sms",
             "whatsapp": "whatsapp", "sms": "sms", "cmdline": "other"}


def answer(slots: Mapping[str, Any], name: str) -> Any:
    """A slot's value, or None if the resident skipped it or had nothing to add."""
    value = slots.get(name)
    if value in (SKIPPED, NONE_GIVEN, ""):
        return None
    return value


def channel_for(input_channel: str | None, sender_id: str = "") -> str:
    name = (input_channel or "").lower()
    if "whatsapp" in name or sender_id.startswith("whatsapp:"):
        return "whatsapp"
    if "twilio" in name:
        return "sms"
    return _CHANNELS.get(name, "other" if name else "rest")


API_CHANNELS = {"web", "sms", "whatsapp", "telegram", "rest", "phone", "email", "letter",
                "in_person", "other"}
MAX_ATTACHMENTS = 20


def channel_from_events(events: list[dict[str, Any]]) -> str | None:
    """The channel a connector recorded on the resident's latest message (bot/channels/
    sets ``metadata.channel``: sms, whatsapp, telegram or web)."""
    for event in reversed(events):
        if event.get("event") == "user":
            channel = (event.get("metadata") or {}).get("channel")
            if channel in API_CHANNELS:
                return channel
    return None


def telegram_chat_from_events(events: list[dict[str, Any]]) -> str | None:
    """The Telegram chat the resident wrote from (bot/channels/telegram_channel.py sets
    ``metadata.chat_id``), so the intake API can send their notices there."""
    for event in reversed(events):
        if event.get("event") == "user":
            metadata = event.get("metadata") or {}
            chat = str(metadata.get("chat_id") or "")
            if metadata.get("channel") == "telegram" and re.fullmatch(r"-?\d{1,20}", chat):
                return chat
    return None


def attachments_from_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Photos the resident sent at any point (MMS, WhatsApp, Telegram): never dropped."""
    found: list[dict[str, Any]] = []
    seen: set[str] = set()
    for event in events:
        if event.get("event") != "user":
            continue
        for media in (event.get("metadata") or {}).get("media") or []:
            url = media.get("url") if isinstance(media, dict) else None
            if not isinstance(url, str) or not re.match(r"https?://", url) or url in seen:
                continue
            seen.add(url)
            found.append({"url": url[:2000], "content_type": (media.get("content_type") or None)})
    return found[:MAX_ATTACHMENTS]


def transcript_from_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Resident and bot messages, with their times, for the case record (Code 5.12)."""
    transcript = []
    for event in events:
        kind = event.get("event")
        text = event.get("text")
        if kind not in ("user", "bot") or not text:
            continue
        stamp = event.get("timestamp")
        at = (datetime.fromtimestamp(stamp, tz=timezone.utc).isoformat()
              if isinstance(stamp, (int, float)) else None)
        transcript.append({"sender": "resident" if kind == "user" else "bot",
                           "text": text, "at": at})
    return transcript


def said_before(events: list[dict[str, Any]]) -> str:
    """What the resident said before their latest message, joined."""
    said = [e.get("text") or "" for e in events if e.get("event") == "user"]
    return "\n".join(said[:-1])


def _iso(stamp: Any) -> str | None:
    if isinstance(stamp, (int, float)):
        return datetime.fromtimestamp(stamp, tz=timezone.utc).isoformat()
    return None


def first_received_at(events: list[dict[str, Any]]) -> str | None:
    """When the resident first wrote about this matter: the complaint's received time."""
    for event in events:
        if event.get("event") == "user" and isinstance(event.get("timestamp"), (int, float)):
            return datetime.fromtimestamp(event["timestamp"], tz=timezone.utc).isoformat()
    return None


def possible_exclusion(started: str | None, window_months: int,
                       today: date) -> tuple[bool, str | None]:
    # Code 2.3 / docs/architecture.md §3.5: flagged for staff to decide, never applied by the bot.
    estimate = answers.estimate_started(started, today)
    if estimate.months_ago is not None and estimate.months_ago > window_months:
        return True, (f"The resident said it started '{started}', which may be more than "
                      f"{window_months} months ago.")
    return False, None


_LEGAL_PROCEEDINGS = re.compile(
    r"\b(court|claim form|particulars of claim|legal proceedings|issued proceedings|"
    r"disrepair claim|taking you to court|sued|suing)\b", re.IGNORECASE)
# "Halyard Court", "Belmont Ct": a place, not a court of law.
# A deputy's or attorney's authority is no claim about the matter either: "court-appointed
# deputy", "Court of Protection order" (played residents, twentieth session: "WILLOW COURT"
# in capitals and a deputy's order both flagged legal proceedings).
_PLACE_CALLED_COURT = re.compile(r"\b[A-Z][\w'-]*\s+(?:Court|COURT|Ct|CT)\b\.?|"
                                 r"(?i:\bcourt[- ]appointed\b|\bcourt of protection\b)")
# Court threatened or only possible is not proceedings started (Code 2.2: a claim filed at
# court): "a letter threatening court", "it goes to court if I don't pay", "no proceedings
# have been issued" (played residents, eleventh session: both were flagged for exclusion).
_COURT_NOT_STARTED = re.compile(
    r"\b(?:threat\w*|warn\w*|could|may|might|will|would|going to|if|unless|before|or)\b"
    r"[^.!?;]{0,50}\b(?:court|legal proceedings|proceedings)\b|"
    r"\bcourt (?:letter|action letter|warning|threat)s?\b|"
    r"\b(?:to |in )?court\b[^.!?;]{0,25}\b(?:if|unless)\b|"
    r"\bno (?:legal |court )?proceedings (?:have|had|are|were) (?:yet )?(?:been )?(?:issued|started|"
    r"begun|filed)\b|\b(?:not|nothing) (?:yet )?(?:been )?(?:issued|filed)\b", re.IGNORECASE)


def exclusion_reasons(slots: Mapping[str, Any], points: list[str], window_months: int,
                      today: date) -> list[str]:
    """Everything staff may want to check against Code 2.2 — flagged, never applied."""
    reasons = []
    _, old = possible_exclusion(answer(slots, "complaint_started"), window_months, today)
    if old:
        reasons.append(old)
    said = _COURT_NOT_STARTED.sub(" ", _PLACE_CALLED_COURT.sub(
        " ", " ".join([slots.get("matter_text") or "", *points])))
    if _LEGAL_PROCEEDINGS.search(said):
        reasons.append("The resident mentioned legal proceedings; check whether a claim has "
                       "been filed at court.")
    linked = answers.find_reference(answer(slots, "linked_reference"))
    if answers.is_complaint_reference(linked) and not slots.get("escalation_of"):
        # A stage 2 request names its stage 1 complaint: that is the point, not a doubt.
        reasons.append(f"The resident gave an earlier complaint reference ({linked}); check "
                       "whether this matter has already been through the complaints process.")
    return reasons


# Awaab's Law (docs/hazards.md): words that suggest a damp and mould hazard. Staff confirm.
_DAMP_MOULD = re.compile(r"\b(damp(ness)?|mou?ld(y|s)?|condensation)\b", re.IGNORECASE)


def suggested_hazard(slots: Mapping[str, Any]) -> dict[str, str] | None:
    """The hazard class the assistant suggests from triage: an emergency when the danger
    flag is set, else damp and mould when the resident's words mention it."""
    if slots.get("emergency"):
        return {"class": "emergency"}
    texts = [slots.get("matter_text"), slots.get("sr_description"),
             *(slots.get("complaint_points") or [])]
    if any(isinstance(t, str) and _DAMP_MOULD.search(t) for t in texts):
        return {"class": "damp_mould"}
    return None


# A bare reply ("yes", "Me.", "skip") says nothing of the household.
_BARE_REPLY_WORDS = 2
# The triage heads were trained on first messages; an answer inside the conversation is
# trusted only when the head is sure and a word of the household's need is there too.
# "phone please, I'm on nights at the hospital so after 3" reads 0.89 and names no need.
LEARNED_ANSWER_P = 0.8


def learned_vulnerable(events: list[dict[str, Any]]) -> bool:
    """Whether any message of the resident's was read as telling of a disability, illness,
    pregnancy, young children or old age by the triage model's vulnerability head
    (bot/components/triage_heads.py, run on every message) with at least
    ``LEARNED_ANSWER_P``, and has a word of the kind in it ("MY EYESIGHT IS POOR SO BIG
    WRITING PLEASE"): the lexicon alone flags only what it says plainly."""
    for event in events:
        if event.get("event") != "user":
            continue
        text = (event.get("text") or "").strip()
        if text.startswith("/") or len(text.split()) <= _BARE_REPLY_WORDS:
            continue
        scores = (event.get("parse_data") or {}).get("triage_scores") or {}
        p = float((scores.get("p") or {}).get("vulnerability") or 0.0)
        if (scores.get("flags") or {}).get("vulnerability") and p >= LEARNED_ANSWER_P and \
                answers.says_vulnerable(text):
            return True
    return False


def references_said(slots: Mapping[str, Any], events: list[dict[str, Any]]) -> list[str]:
    """References in the resident's account and answers for this matter (not in what a
    status check was asked about, which is a case of ours, not this matter's)."""
    texts = [slots.get("matter_text")]
    received = slots.get("matter_received_at")
    for event in events:
        if event.get("event") == "user" and (not isinstance(received, (int, float)) or
                                              (event.get("timestamp") or 0) >= received):
            texts.append(event.get("text"))
    found: list[str] = []
    for text in texts:
        for reference in answers.find_references(text):
            if reference not in found:
                found.append(reference)
    return found


def address_said(slots: Mapping[str, Any], events: list[dict[str, Any]]) -> str | None:
    """The postal address: the answer to "what address should we write to?", else the
    first one the resident gave anywhere for this matter (the opening, a signed letter,
    another answer), so an address once given is never lost or asked again."""
    given = answer(slots, "postal_address")
    if given:
        return answers.find_address(given) or given
    texts = [slots.get("matter_text")]
    received = slots.get("matter_received_at")
    for event in events:
        if event.get("event") == "user" and (not isinstance(received, (int, float)) or
                                              (event.get("timestamp") or 0) >= received):
            texts.append(event.get("text"))
    for text in texts:
        found = answers.residents_address(text) or answers.find_address(text)
        if found:
            return found
    # Given for an earlier matter in this conversation (the emergency repair's "where is the
    # problem?"), with its postcode: the same home, not asked again.
    for event in events:
        if event.get("event") == "user":
            found = answers.find_address(event.get("text"))
            if found and answers.find_postcode(found):
                return found
    return None


# Words that say where a fault is or how bad, not which fault: a request for "the kitchen
# tap" is not about "the kitchen light".
_NOT_WHICH_FAULT = frozenset({"repair", "repairs", "broken", "not working", "blocked",
                              "collapsed", "cracked", "loose", "rotten", "kitchen", "wall",
                              "walls", "floor", "stair", "stairs"})
_WATER_IN = re.compile(r"\b(?:leak\w*|drip\w*|flood\w*|water (?:is |was )?(?:coming|pouring|"
                       r"running|dripping|getting|gets|comes|came))\b", re.IGNORECASE)


def faults_named(text: str | None) -> set[str]:
    """Which faults the words name ("door", "lock", "water"), to tell one repair from
    another."""
    faults = {"water" if w.startswith("leak") else w.removesuffix("s") if not w.endswith("ss")
              else w for w in answers.repair_words(text) if w not in _NOT_WHICH_FAULT}
    if _WATER_IN.search(text or ""):
        faults.add("water")
    return faults


def requests_logged(events: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The service requests filed earlier in this conversation, oldest first, each with
    what the resident wrote while it was being logged."""
    logged: list[tuple[str, str]] = []
    said: list[str] = []
    for event in events:
        if event.get("event") == "user" and isinstance(event.get("text"), str):
            said.append(event["text"])
        elif event.get("event") == "slot" and event.get("name") == "last_reference":
            reference = event.get("value")
            if isinstance(reference, str) and reference.startswith("SR-") and \
                    reference not in (r for r, _ in logged):
                logged.append((reference, " ".join(said)))
            said = []
    return logged


def request_for_same_fault(account: str | None, events: list[dict[str, Any]]) -> str | None:
    """A service request logged earlier in this conversation for a fault the complaint's
    account names too ("the door still won't lock" after an emergency request for the
    door): the newest, or None."""
    faults = faults_named(account)
    for reference, said in reversed(requests_logged(events)):
        if faults & faults_named(said):
            return reference
    return None


# Code 5.10: a reasonable adjustment is a need (an interpreter, BSL, large print, easy
# read, someone with them, a named person to speak to); when to ring is a preference, filed
# as the complainant's contact note so it raises no adjustments flag.
_PREFERENCE_NOTES = ("Best time to contact:", "Do not contact:", "Do not contact the resident")
_IN_THEIR_WORDS = answers.IN_THEIR_WORDS
# Words that only say how or when: "ring me after 4pm", "Ring me, not at dinnertime, 12
# till 1", "text, weekday mornings are best".
_WHEN_OR_HOW_WORDS = frozenset("""a about after afternoon afternoons am an and any anytime
are around at be before best better between but by call calling calls can contact day days
daytime dinner dinnertime do don't dont during e e-mail either email evening evenings fine
first for free from good half home i i'd i'm id if im in is it just landline letter like
lunch lunchtime me message midday mobile morning mornings my never night nights no noon not
number o'clock oclock ok okay on only or past phone phoned phoning please pls pm possible
post prefer preferably quarter rather reach ring sms suit suits tea teatime telephone text
texting texts thank thanks the then till time times to txt until usually via voice week
weekday weekdays weekend weekends whatsapp when will work works would yes you your one two
three four five six seven eight nine ten eleven twelve""".split())
_WHEN_OR_HOW_TOKEN = re.compile(
    r"\d[\d.:-]*(?:am|pm)?|(?:mon|tues|wednes|thurs|fri|satur|sun)days?(?:'s)?")


# Why a time suits them: sleeping, working or school hours ("not after 8pm the kids are
# asleep", "I'm asleep in the day", "I work nights", "on shifts till 6"). Said with a time,
# these are still when to ring, not a need.
_HOURS_WORDS = frozenset("""asleep awake sleep sleeps sleeping slept bed kids kid children
child baby school run nursery college uni class classes shift shifts nightshift nightshifts
working worker job office busy out back up late early sometimes usually often always mostly
because cos coz as so since they they're theyre she's he's it's its are was i've ive get
gets got in the all while whilst that's thats till until gone by driving commute
commuting rest resting tired""".split())
_NAMES_A_TIME = re.compile(
    r"\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm)\b|\b(?:after|before|from|between|till|until)\s+\d|"
    r"\b(?:mornings?|afternoons?|evenings?|nights?|days?|daytime|nighttime|weekdays?|"
    r"weekends?|lunchtime|teatime|dinnertime|midday|noon|(?:mon|tues|wednes|thurs|fri|satur|"
    r"sun)days?)\b", re.IGNORECASE)


def _words(text: str | None) -> list[str]:
    return [w.rstrip(".:") for w in re.findall(r"[a-z0-9][a-z0-9'.:-]*", (text or "").lower())]


def says_only_when_or_how(text: str | None) -> bool:
    """Whether the resident's words say only how or when to reach them, and no need: the
    way and the time ("text, weekday mornings"), and with a time, why it suits them
    ("not after 8pm, the kids are asleep", "I work nights")."""
    words = _words(text)
    if not words:
        return False
    if all(w in _WHEN_OR_HOW_WORDS or _WHEN_OR_HOW_TOKEN.fullmatch(w) for w in words):
        return True
    return bool(_NAMES_A_TIME.search(text or "")) and all(
        w in _WHEN_OR_HOW_WORDS or w in _HOURS_WORDS or _WHEN_OR_HOW_TOKEN.fullmatch(w)
        for w in words)


def is_contact_preference(note: str) -> bool:
    """A note of the ``contact_note`` slot that is only when or how to contact them
    ("Best time to contact: after 4pm", "Do not contact: Tuesday mornings", their words
    "ring me after 4pm"), not a reasonable adjustment ("Interpreter: Polish", "Said they
    are deaf", "Needs: large print", "Would like to use Welsh", their words naming a
    need or a person). Anything else stays an adjustment: a need filed as a time would
    be missed, a time filed as a need is only read."""
    if note.startswith(_PREFERENCE_NOTES):
        return True
    if note.startswith(_IN_THEIR_WORDS):
        # "phone is fine, ill keep it on me" is "I'll", not illness (retired v22: filed as a
        # reasonable adjustment).
        said = _ILL_AS_I_WILL.sub("i will ", note[len(_IN_THEIR_WORDS):])
        # Played residents saw "text me first im on shifts" filed as a need: their words are
        # a preference unless they name a need, a condition, another person or their safety.
        return says_only_when_or_how(said) or not (
            answers.names_an_adjustment(said) or answers.says_vulnerable(said)
            or _NAMES_SOMEONE_OR_SAFETY.search(said))
    return False


# A note about reaching the resident, not the writer: "ring mum after 4", "text her first".
_ABOUT_THE_RESIDENT = re.compile(
    r"\b(?:ring|call|phone|text|txt|email|contact|visit|write to|speak to|talk to) (?:her|him|"
    r"them|mum|mam|dad|nan|gran|grandad|my (?:mum|mam|mother|dad|father|nan|gran|grandad|son|"
    r"daughter|client|brother|sister)|the (?:resident|tenant))\b", re.IGNORECASE)
_ILL_AS_I_WILL = re.compile(r"\bill (?=(?:keep|be|answer|pick|have|get|check|look|try|wait|"
                            r"ring|call|text|reply|make sure|see)\b)", re.IGNORECASE)
_NAMES_SOMEONE_OR_SAFETY = re.compile(
    r"\b(?:my|her|his|their|our) (?:son|daughter|mum|mam|dad|mother|father|husband|wife|partner|"
    r"carer|support worker|advocate|social worker|solicitor|sister|brother|ex|friend|"
    r"neighbour)\b|\b(?:speak|talk|go) (?:to|through|via) (?!me\b)|\bpower of attorney\b|"
    r"\b(?:to|call|ring|phone|text|email|contact) (?:her|him|them)\b|"
    r"\b(?:safe|safety|unsafe|abuse|abusive|violent|find out|might see|will see|reads? my)\b",
    re.IGNORECASE)


def split_contact_notes(notes: str | None,
                        adjustments: str | None = None) -> tuple[str | None, str | None]:
    """(contact note, reasonable adjustments) from the ``contact_note`` slot's notes
    ("; "-joined, actions/forms.py) and the answer to the adjustments question, which is
    a contact note too when it only says when ("after 5pm please")."""
    preference: list[str] = []
    needs: list[str] = []
    if adjustments and says_only_when_or_how(adjustments):
        preference.append(adjustments)
    elif adjustments:
        needs.append(adjustments)
    for note in (notes or "").split("; "):
        note = note.strip()
        if adjustments and note.split(": ", 1)[-1].strip() == adjustments.strip():
            continue  # their answer again, as a note: recorded once (played residents)
        if note:
            (preference if is_contact_preference(note) else needs).append(note)
    return ("; ".join(dict.fromkeys(preference)) or None,
            "; ".join(dict.fromkeys(needs)) or None)


def _changed_at_read_back(point: str, first_message: str) -> bool:
    """Whether a confirmed point differs from the first message only by a word or two put
    right: most of its words are there, some are not."""
    said = set(re.findall(r"[a-z0-9]+", first_message.lower()))
    words = re.findall(r"[a-z0-9]+", point.lower())
    missing = [w for w in words if w not in said]
    return len(words) >= 4 and 0 < len(missing) <= 2 and len(missing) < len(words) / 4


def preferred_contact(slots: Mapping[str, Any], policy: Mapping[str, Any]) -> str | None:
    """The way they chose, if it is one the intake API takes (its policy's
    ``contact_methods``): never a word of theirs it would refuse the case for (retired v21:
    "person" was filed as the way, and the case was refused)."""
    chosen = answer(slots, "preferred_contact")
    methods = policy.get("contact_methods")
    return chosen if not methods or chosen in methods else None


def _who_is_at_risk(slots: Mapping[str, Any]) -> str | None:
    """Who at home is especially at risk, as they told it when not asked (only an emergency
    repair asks): "my baby is 4 months", "my youngest son have asthma" (played residents,
    nineteenth session: the repair's at_risk was empty every time)."""
    told = [slots.get("matter_text"), answer(slots, "sr_description"), answer(slots, "adjustments")]
    said = [sentence for text in told if isinstance(text, str)
            for sentence in answers.sentences(text.replace("\n", ". "))
            if answers.plainly_vulnerable(sentence) or answers.says_vulnerable(sentence)]
    return " ".join(dict.fromkeys(s.strip() for s in said)) or None


def build_case(kind: str, slots: Mapping[str, Any], events: list[dict[str, Any]],
               sender_id: str, input_channel: str | None, policy: Mapping[str, Any],
               today: date) -> dict[str, Any]:
    # A complaint asks; for anything else the answer, if asked, else what triage read.
    acting_for = slots.get("acting_for") is True or (
        kind != "complaint" and slots.get("acting_for") is None and bool(slots.get("on_behalf")))
    contact = {"email": answer(slots, "contact_email"), "phone": answer(slots, "contact_phone")}
    # Written for someone, the details given may be the resident's own ("his number is …").
    theirs = acting_for and answers.contact_is_residents(answer(slots, "contact_details"))
    # Or both: "ring mum on 01274 600321, my own mobile is 07788 402119" (played residents,
    # thirteenth session: mum's number filed as the son's, and his lost).
    split = answers.split_contacts(answer(slots, "contact_details")) if acting_for else None
    resident_contact: dict[str, str | None] = {"email": None, "phone": None}
    if split and split.residents and not split.writers:
        theirs = True  # "ring nan on 01274 771045": only the resident's
    elif split and split.residents:
        theirs = False
        resident_contact = {"email": split.resident_email, "phone": split.resident_phone}
        # The writer's own, or what another answer gave that is not the resident's.
        contact = {key: split_value or (None if contact[key] == resident_contact[key]
                                        else contact[key])
                   for key, split_value in (("email", split.writer_email),
                                            ("phone", split.writer_phone))}
    telegram_chat = telegram_chat_from_events(events)  # whoever is writing: resident or representative
    # A time to ring is the contact note; an interpreter or large print an adjustment.
    contact_note, needs = split_contact_notes(answer(slots, "contact_note"),
                                              answer(slots, "adjustments"))
    address = address_said(slots, events)
    complainant: dict[str, Any] = {
        "name": answer(slots, "resident_name"),
        "email": contact["email"] if not acting_for or theirs else resident_contact["email"],
        "phone": contact["phone"] if not acting_for or theirs else resident_contact["phone"],
        "postcode": answer(slots, "postcode") or answers.find_postcode(address),
        "address": address,
        "preferred_contact": preferred_contact(slots, policy),
        "contact_note": contact_note,
        "reasonable_adjustments": needs,
    }
    if telegram_chat and not acting_for:
        complainant["telegram_chat_id"] = telegram_chat
    representative = None
    if acting_for:
        consent = answer(slots, "consent") or answers.CONSENT_PENDING
        relationship, organisation = answers.split_relationship(answer(slots, "rep_relationship"))
        if organisation is None and answers.professional_role(relationship):
            # Who they work for, told as they introduced themselves and not again when asked
            # how they know the resident ("I'm his occupational therapist").
            organisation = answers.writers_organisation(slots.get("matter_text"))
        authority = answers.legal_authority(" ".join(
            e.get("text") or "" for e in events if e.get("event") == "user")) \
            if consent == answers.CONSENT_NOT_NEEDED else None
        if authority and authority not in (relationship or "").lower():
            # The authority they act under is what staff check, beside who they are: "son
            # or daughter (lasting power of attorney)" (retired v13).
            relationship = f"{relationship} ({authority})" if relationship else authority
        representative = {
            "name": answer(slots, "rep_name"),
            "relationship": relationship,
            "organisation": organisation,
            "email": None if theirs else contact["email"],
            "phone": None if theirs else contact["phone"],
            "consent": consent,
            "legal_representative": consent == answers.CONSENT_NOT_NEEDED,
        }
        if answer(slots, "rep_address"):
            representative["address"] = answer(slots, "rep_address")
        if contact_note and not theirs and not _ABOUT_THE_RESIDENT.search(contact_note):
            # How and when to reach the writer ("my break is 2 till 4", "text me, I'm at
            # work"): asked of them, so theirs, not the resident's (played residents,
            # nineteenth session: a carer's hours were filed as the tenant's).
            representative["contact_note"] = contact_note
            complainant["contact_note"] = None
        if telegram_chat:
            representative["telegram_chat_id"] = telegram_chat
        if kind != "complaint" and slots.get("acting_for") is None and not any(
                representative[k] for k in ("name", "relationship", "email", "phone")) and \
                not telegram_chat:
            representative = None  # triage read someone else, but nothing was asked or said

    started = answer(slots, "complaint_started")
    definition = None
    service_request = None
    excluded, exclusion_reason = False, None
    if kind == "complaint":
        points = [p for p in (slots.get("complaint_points") or []) if p]
        # Who is writing is no matter of complaint, once there is one ("Hello im typing
        # this for my neighbour Mr Ernest Pike…", "I hold Lasting Power of Attorney…"):
        # kept only when it is all they said (played residents, eleventh session).
        matters = [p for p in points if not answers.introduces_writer(p)]
        points = matters or points
        if not points and slots.get("matter_text"):
            points = [slots["matter_text"]]
        estimate = answers.estimate_started(started, today)
        reasons = exclusion_reasons(slots, points, int(policy.get("exclusion_window_months")
                                                       or 12), today)
        excluded, exclusion_reason = bool(reasons), " ".join(reasons) or None
        told = answer(slots, "told_before")
        definition = {
            "points": points,
            "desired_outcome": answer(slots, "desired_outcome"),
            "started": started,
            "started_on": estimate.started_on.isoformat() if estimate.started_on else None,
            # Their answer to "when was that, and what happened?" (kept only in the points
            # or the transcript before: closing notes, twelfth and thirteenth sessions).
            "reported_before": told if isinstance(told, str) and told.strip()
            and not answers.is_bare_yes_or_no(told) else None,
        }
    elif kind == "service_request":
        service_request = {
            "description": answers.without_introduction(
                answer(slots, "sr_description") or slots.get("matter_text")),
            "location": answer(slots, "sr_location"),
            "access": answer(slots, "sr_access"),
            "priority": answer(slots, "sr_priority") or "routine",
            "at_risk": answer(slots, "sr_at_risk") or _who_is_at_risk(slots),
        }
    elif kind == "asb_report":
        points = [p for p in (answer(slots, "asb_description") or slots.get("matter_text"),
                              answer(slots, "asb_when_where"), answer(slots, "asb_more")) if p]
        definition = {"points": points, "desired_outcome": None, "started": None,
                      "started_on": None}

    # The resident's first account; when that was only "I want to complain", their
    # answer to "what went wrong?".
    summary = slots.get("matter_text")
    if (not summary or answers.only_asks_to_complain(summary)
            or answers.says_nothing_new(summary)
            or all(answers.introduces_writer(s) for s in answers.sentences(summary))) \
            and definition:
        # A greeting or an introduction alone ("hi") is no summary: the points are (played
        # residents, twelfth session).
        summary = " ".join(definition.get("points") or []) or summary
    elif summary and kind == "complaint" and definition and slots.get("definition_confirmed") \
            and any(_changed_at_read_back(p, summary) for p in definition.get("points") or []):
        # The points as the resident confirmed them, after putting one right at the read-back
        # ("8 weeks not 6", "monday 23rd not tuesday 24th"): the first message would say
        # what they corrected (played residents, thirteenth session).
        summary = " ".join(definition.get("points") or [])
    elif summary:
        # "hi\n3 appointments for my kitchen sink leak\nall missed": the greeting typed on its
        # own line first is no part of the summary (a played resident's read "hi").
        summary = answers.without_greeting_lines(summary)
    if summary:
        summary = answers.without_letter_furniture(summary)  # "Dear Sir… Yours faithfully, …"
    linked = answer(slots, "linked_reference")
    found = answers.find_references(linked, answering=True)
    # The API takes references (up to 40 characters); anything else stays in the transcript.
    linked_references = found or (
        [linked] if linked and len(linked) <= 40 and len(re.findall(r"\d", linked)) >= 3
        else [])  # "no u just gave me 1" is not a reference
    # An earlier reference given anywhere in the resident's own words ("ASB-1182" in the
    # opening, "job 44812" in an answer) is kept too.
    for reference in references_said(slots, events):
        if reference not in linked_references:
            linked_references.append(reference)
    # An earlier report is one the resident gave, not the request logged a moment ago in
    # this conversation that the complaint follows.
    given_before = any(ref not in (slots.get("last_reference"), slots.get("about_request"))
                       for ref in linked_references)
    if slots.get("about_request") and slots["about_request"] not in linked_references:
        # Code 1.5: the request this complaint is about carries on, linked to it.
        linked_references.append(slots["about_request"])
    elif kind == "complaint" and not slots.get("about_request"):
        # A complaint about a fault already logged in this conversation (an emergency
        # request, then "and I want to complain"): that request, never a second one.
        logged = request_for_same_fault(
            " ".join([slots.get("matter_text") or "", *(definition or {}).get("points", [])]),
            events)
        earlier = requests_logged(events)
        if not logged and slots.get("emergency") and earlier:
            # A complaint with danger in it after an emergency repair logged in this
            # conversation is about that danger, however the account names it ("he left
            # live wires" after "sparking and a burning smell"): that request, never a
            # second emergency repair (played residents j-06, l-06).
            logged = earlier[-1][0]
        if logged and logged not in linked_references:
            linked_references.append(logged)
    # A complaint that follows an emergency repair is about how an earlier call was dealt
    # with when its account says so ("she rang this morning and was told 24 hours"): the
    # learned reading of an emergency looks for the danger, not the report.
    given_before = given_before or (kind == "complaint" and bool(slots.get("emergency"))
                                    and answers.says_reported_before(slots.get("matter_text")))
    # A complaint whose own account tells of an earlier report ("3rd time", "your man came
    # and painted over it", "I call you two times"), in the opening or a later answer.
    # Their answer to the reference question counts too: "No number, I emailed in June",
    # "rang tues", "no ref, told the caretaker twice".
    given_before = given_before or (kind == "complaint" and (answers.tells_of_earlier_report(
        " ".join([slots.get("matter_text") or "", *((definition or {}).get("points") or [])]))
        or answers.says_we_were_told(linked if isinstance(linked, str) else "")
        or (isinstance(linked, str) and answers.is_yes(linked)
            and not answers.is_no(linked))))
    linked_references = linked_references[:20]

    case = {
        "kind": kind,
        "channel": channel_from_events(events) or channel_for(input_channel, sender_id),
        "conversation_id": sender_id,
        "received_at": _iso(slots.get("matter_received_at")) or first_received_at(events),
        "summary": summary,
        "complainant": complainant,
        "representative": representative,
        "definition": definition,
        "service_request": service_request,
        "flags": {
            "emergency": bool(slots.get("emergency")),
            # Set from what they said (actions/forms.py), not from any adjustment at all;
            # for a complaint, also from its whole account ("my mum who is 80", "my son is in
            # a wheelchair"): on the four retired conversation sets the account's words
            # named 60-75% of the vulnerable households with 1-4 false alarms in 110.
            "vulnerability": bool(slots.get("vulnerability")) or (
                kind in ("complaint", "service_request", "asb_report")
                and answers.says_vulnerable(" ".join(
                    [slots.get("matter_text") or "", answer(slots, "sr_description") or "",
                     answer(slots, "asb_description") or "",
                     *((definition or {}).get("points") or [])]))
                or answers.plainly_vulnerable(" ".join(
                    # Told in any answer, even at the read-back ("Yes. My son's 4."; retired
                    # v13): only words that say it plainly, as answers hold other things.
                    e.get("text") or "" for e in events if e.get("event") == "user"))
                or (kind in ("complaint", "service_request", "asb_report")
                    and learned_vulnerable(events))),
            "on_behalf": acting_for,
            "prior_report": (bool(slots.get("prior_report")) or given_before)
            and not slots.get("first_report"),
            "asked_for_person": bool(slots.get("asked_for_person")),
            "possible_exclusion": excluded,
            "exclusion_reason": exclusion_reason,
        },
        "linked_references": linked_references,
        "transcript": transcript_from_events(events)[-MAX_TRANSCRIPT:],
        "attachments": attachments_from_events(events),
    }
    if kind == "complaint" and slots.get("escalation_of"):
        # Stage 2 of a complaint not held here (Code 6.11-6.12): filed at stage 2.
        case["stage"] = "stage_2"
        case["flags"]["prior_report"] = True
    hazard = suggested_hazard(slots)
    if hazard:
        case["hazard"] = hazard
    if definition is None:
        del case["definition"]  # the API's default: no complaint definition
    elif kind == "complaint" and slots.get("definition_confirmed"):
        # The resident said yes to the read-back (QA Framework 3.1): filed as confirmed.
        case["definition"] = {**definition, "confirmed": True}
    return _clipped(case)


def _clipped(value: Any, key: str = "") -> Any:
    """Keep free text within the API's limits so a long answer is never a 4xx."""
    if isinstance(value, dict):
        return {k: _clipped(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_clipped(v, key) for v in value]
    if isinstance(value, str):
        limit = LONG_TEXT if key in LONG_FIELDS else SHORT_LIMITS.get(key, SHORT_TEXT)
        return value if len(value) <= limit else value[: limit - 1] + "…"
    return value
