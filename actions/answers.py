"""Reading residents' free-text answers: pure functions, no Rasa, no I/O."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# UK numbers: 07700 900123, +44 7700 900123, 0161 496 0000, (0113) 496 0000.
_PHONE = re.compile(r"(?:\+44\s?\(?0?\)?|\(?0)(?:[\s\-()]*\d){9,10}")
_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b", re.IGNORECASE)
_REFERENCE = re.compile(r"\b([A-Z]{2,4})[-\s]?(\d{4})[-\s]?(\d{3,8})\b", re.IGNORECASE)

_YES = {"yes", "y", "yeah", "yep", "yup", "correct", "right", "ok", "okay", "sure", "i am",
        "it is", "that's right", "thats right", "please", "yes please"}
_NO = {"no", "n", "nope", "nah", "none", "nothing", "no thanks", "not really", "that's all",
       "thats all", "that is all", "no that's all", "no thats all", "nothing else", "n/a",
       "na", "no, that's all", "it's for me", "its for me", "for me", "myself", "just me"}
_SKIP = {"skip", "skip it", "skip this", "pass", "rather not say", "prefer not to say",
         "don't know", "dont know", "not sure", "i don't know", "i dont know"}
_PERSON = re.compile(
    r"\b(person|human|someone real|real person|agent|advisor|adviser|staff|operator)\b",
    re.IGNORECASE,
)


def normalise(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").strip().lower()).strip(" .!?")


_YES_START = {"yes", "yeah", "yep", "yup", "correct"}
_NO_START = {"no", "nope", "nah"}


def _first_word(said: str) -> str:
    return re.split(r"[\s,.!]+", said, maxsplit=1)[0] if said else ""


def is_yes(text: str | None, intent: str | None = None) -> bool:
    """The resident's own words win over the NLU's intent ("yes" is yes)."""
    said = normalise(text)
    if said in _YES or _first_word(said) in _YES_START:
        return True
    return intent == "affirm" and not (said in _NO or _first_word(said) in _NO_START)


def is_no(text: str | None, intent: str | None = None, short: bool = False) -> bool:
    """A no. With ``short``, only a short reply counts, so "No one came" stays an answer."""
    said = normalise(text)
    if said in _NO:
        return True
    if re.match(r"no[\s-]+(?:one|body|thing|where|way|longer|more|heating|hot|water|"
                r"power|light)\b", said):
        return False  # "No one came", "no heating": an account, not a no
    if short and len(said.split()) > 3:
        return False
    if _first_word(said) in _NO_START:
        return True
    return intent == "deny" and not (said in _YES or _first_word(said) in _YES_START)


def is_bare_yes_or_no(text: str | None) -> bool:
    """Just "yes" or "no", which doesn't answer a question like "where is the problem?"."""
    said = normalise(text)
    return said in _YES or said in _NO and said not in {"none", "nothing", "n/a", "na"}


def is_skip(text: str | None, intent: str | None = None) -> bool:
    return intent == "skip" or normalise(text) in _SKIP


def asks_for_person(text: str | None, intent: str | None = None) -> bool:
    """A short message asking for a human, even if the NLU missed it."""
    if intent == "request_human":
        return True
    words = normalise(text).split()
    return 0 < len(words) <= 8 and bool(_PERSON.search(normalise(text)))


def find_email(text: str | None) -> str | None:
    match = _EMAIL.search(text or "")
    return match.group(0) if match else None


def find_phone(text: str | None) -> str | None:
    match = _PHONE.search(text or "")
    if not match:
        return None
    digits = re.sub(r"\D", "", match.group(0))
    if digits.startswith("44"):
        digits = "0" + digits[2:].lstrip("0")
    if len(digits) not in (10, 11) or not digits.startswith("0"):
        return None
    return f"{digits[:5]} {digits[5:]}" if len(digits) == 11 else f"{digits[:4]} {digits[4:]}"


def find_postcode(text: str | None) -> str | None:
    match = _POSTCODE.search(text or "")
    return f"{match.group(1)} {match.group(2)}".upper() if match else None


def find_reference(text: str | None) -> str | None:
    match = _REFERENCE.search(text or "")
    if not match:
        return None
    return f"{match.group(1)}-{match.group(2)}-{match.group(3)}".upper()


# Greetings, sign-offs and what follows a sign-off (a signature) are not complaint points.
_GREETING_LINE = re.compile(
    r"^\s*(?:dear\b[^\n]{0,60}|to whom it may concern|(?:hi|hello|hiya|good (?:morning|"
    r"afternoon|evening))(?:\s+(?:there|all|team|sir|madam|[A-Z][a-z]+))?)\s*[,.!:;-]*\s*$",
    re.IGNORECASE)
_GREETING_START = re.compile(r"^\s*(?:hi|hello|hiya|dear sir(?: or |/)madam|good (?:morning|"
                             r"afternoon|evening))\s*(?:there|all|team)?\s*[,.!:;-]+\s*",
                             re.IGNORECASE)
_SIGN_OFF = re.compile(
    r"^\s*(?:yours (?:faithfully|sincerely|truly)|(?:kind|best|warm|many)? ?regards|"
    r"best wishes|many thanks|thanks(?: again| in advance)?|thank you(?: in advance)?|cheers|"
    r"sincerely|faithfully|sent from my \w+.*)\s*[,.!]*\s*$", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|\(?[a-h][.)]|[-*•–])\s+")
_INLINE_NUMBERED = re.compile(r"(?:^|\s)\(?(\d{1,2})[.)]\s+(?=\S)")
# A sentence that carries on the one before rather than start a new matter.
_CARRIES_ON = re.compile(
    r"^(?:it|it's|its|this|that|these|those|they|they've|they're|he|she|which|so|but|and|"
    r"then|since|even|still|yet|despite|although|though|because|as a result|now|when|after "
    r"that|before that|again|nobody|no one|no-one|someone|i was told|we were told|i've "
    r"(?:called|rung|phoned|chased|reported|asked)|i have (?:called|rung|phoned|chased|"
    r"reported|asked)|i (?:called|rang|phoned|chased|reported|asked))\b", re.IGNORECASE)
# A sentence that starts a new matter even though it reads like a carry-on.
_NEW_MATTER = re.compile(r"^(?:also|secondly|thirdly|fourthly|finally|another|in addition|"
                         r"on top of (?:that|this)|plus|separately|as well as|the other|"
                         r"and another thing|my other|next|lastly)\b", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _segmenter() -> Any:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def sentences(text: str) -> list[str]:
    """Sentences by pysbd, which keeps 'flat 3.', 'August 2023.', 'Mr. Smith' and
    '3 p.m.' whole where a full-stop regex cuts them."""
    return [s.strip() for s in _segmenter().segment(text) if s.strip()]


def _account_lines(raw: str) -> list[str]:
    """The lines of the resident's account, without greetings, sign-offs or signature."""
    lines = [line.strip() for line in raw.splitlines()]
    kept: list[str] = []
    for index, line in enumerate(lines):
        if not line or _GREETING_LINE.match(line):
            continue
        if _SIGN_OFF.match(line):
            rest = [rest for rest in lines[index + 1:] if rest]
            if len(rest) <= 8 and all(len(r) <= 80 for r in rest):
                break  # a signature block: name, address, phone
            continue
        kept.append(line)
    if kept:
        kept[0] = _GREETING_START.sub("", kept[0], count=1) or kept[0]
    return kept


def _group_sentences(paragraph: str) -> list[str]:
    points: list[str] = []
    for sentence in sentences(paragraph):
        carry_on = bool(points) and not _NEW_MATTER.match(sentence) and (
            _CARRIES_ON.match(sentence) or len(sentence.split()) < 5)
        if carry_on:
            points[-1] = f"{points[-1]} {sentence}"
        else:
            rest = _NEW_MATTER.sub("", sentence, count=1).lstrip(" ,")
            points.append(rest[:1].upper() + rest[1:] if rest != sentence and rest else
                          sentence)
    return points


def split_points(text: str | None) -> list[str]:
    """One complaint point per matter the resident raises (Code 6.7).

    Lists (numbered or bulleted items, one per line, ';') give one point per item. In
    running text every sentence starts a point unless it carries on the one before ("It
    has been…", "Nobody came…"). Greetings, sign-offs and signatures are left out;
    nothing else of the resident's words is lost or cut mid-sentence (the full text is
    in the transcript too).
    """
    raw = (text or "").strip()
    if not raw:
        return []
    lines = _account_lines(raw)
    listed = [line for line in lines if _LIST_ITEM.match(line)]
    points: list[str] = []
    if len(lines) > 1 and len(listed) >= max(2, len(lines) - 1):
        for line in lines:  # a list, maybe with a lead-in line
            points += [p.strip() for p in _LIST_ITEM.sub("", line).split(";")]
    else:
        for line in lines:
            numbered = list(_INLINE_NUMBERED.finditer(line))
            if len(numbered) >= 2 and [m.group(1) for m in numbered[:2]] == ["1", "2"]:
                lead = line[:numbered[0].start()].strip()
                parts = [line[m.end():(numbered[i + 1].start() if i + 1 < len(numbered)
                                      else len(line))] for i, m in enumerate(numbered)]
                points += ([lead] if lead else []) + [p.strip() for p in parts]
                continue
            for part in line.split(";"):
                points += _group_sentences(part.strip()) if part.strip() else []
    points = [p.strip(" ,-*•\t") for p in points]
    # "…nobody came. I want to make a complaint." - asking to complain is not a matter.
    points = [p for p in points if p and re.search(r"\w", p) and not only_asks_to_complain(p)]
    return points or [raw]


def split_relationship(text: str | None) -> tuple[str | None, str | None]:
    """'Support worker at Leeds Advocacy' -> ('Support worker', 'Leeds Advocacy')."""
    said = (text or "").strip()
    if not said:
        return None, None
    match = re.match(r"^(?:i'?m |i am )?(?:an? |the |their |her |his )?(.+?)\s+(?:at|from)\s+(.+)$",
                     said, re.IGNORECASE)
    if match:
        return match.group(1).strip(" ,."), match.group(2).strip(" ,.")
    return said, None


CONSENT_GIVEN = "given"
CONSENT_PENDING = "pending"
CONSENT_NOT_NEEDED = "not_needed"


def read_consent(text: str | None, intent: str | None = None) -> str | None:
    """given / pending / not_needed (legal representatives need no written consent)."""
    said = normalise(text)
    if re.search(r"\b(legal|solicitor|lawyer|barrister|power of attorney|attorney)\b", said):
        return CONSENT_NOT_NEEDED
    if re.search(r"\b(not yet|no|not|don't|dont|haven't|havent|pending|will|soon|getting)\b",
                 said) or intent == "deny":
        return CONSENT_PENDING
    if re.search(r"\b(yes|yeah|yep|have|got|signed|given)\b", said) or intent == "affirm":
        return CONSENT_GIVEN
    return None


_CONTACT_METHODS = (
    ("whatsapp", r"whats\s?app"),
    ("telegram", r"telegram"),
    ("email", r"e-?mail"),
    ("sms", r"\b(text|sms|message)"),
    ("letter", r"\b(letter|post|writing)\b"),
    ("phone", r"\b(phone|call|ring|telephone|mobile)\b"),
)


def read_contact_method(text: str | None) -> str | None:
    said = normalise(text)
    for method, pattern in _CONTACT_METHODS:
        if re.search(pattern, said):
            return method
    return None


def read_priority(text: str | None) -> str | None:
    said = normalise(text)
    # Negations first: "not urgent" is routine, "not an emergency" is not one.
    if re.search(r"\b(not|isn'?t|no)\b\s*(an?\s+|that\s+|very\s+)?(urgent|emergenc|rush|hurry)"
                 r"|wait|routine|whenever|normal", said):
        return "routine"
    if re.search(r"emergenc|danger|dangerous|unsafe", said):
        return "emergency"
    if re.search(r"urgent|asap|soon|quick", said):
        return "urgent"
    return None


def read_correction_part(text: str | None) -> str | None:
    said = normalise(text)
    if re.search(r"\b(contact|phone|email|number|address)\b", said):
        return "contact"
    if re.search(r"\b(like|want|outcome|put right|put things right|fix|result)\b", said):
        return "outcome"
    if re.search(r"\b(wrong|point|points|complaint|problem|unhappy|what happened)\b", said):
        return "points"
    return None


_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"], start=1)}
_MONTHS.update({name[:3]: i for name, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_UNITS = {"day": 1 / 30, "week": 7 / 30, "month": 1, "year": 12}
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                 "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
                 "twelve": 12, "eighteen": 18, "few": 3, "several": 3, "couple": 2}


@dataclass(frozen=True)
class StartedEstimate:
    months_ago: float | None
    started_on: date | None


def estimate_started(text: str | None, today: date) -> StartedEstimate:
    """Roughly how long ago something started, from 'since March', '2 years ago', '2023'.

    Only used to flag a possible exclusion for staff (Code 2.3); never to refuse.
    """
    said = normalise(text)
    if not said:
        return StartedEstimate(None, None)
    match = re.search(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})\b", said)
    if match:
        day, month, year = (int(g) for g in match.groups())
        year = year + 2000 if year < 100 else year
        try:
            started = date(year, month, day)
        except ValueError:
            started = None
        if started:
            return StartedEstimate(_months_between(started, today), started)
    match = re.search(r"\b(\d+|" + "|".join(_NUMBER_WORDS) + r")\s+(day|week|month|year)s?\b",
                      said)
    if match:
        count = match.group(1)
        amount = int(count) if count.isdigit() else _NUMBER_WORDS[count]
        return StartedEstimate(amount * _UNITS[match.group(2)], None)
    if re.search(r"\blast year\b", said):
        return StartedEstimate(max(12.0, float(today.month)), None)
    if re.search(r"\b(yesterday|today|this week|last week|few days)\b", said):
        return StartedEstimate(0.0, None)
    year_match = re.search(r"\b(19|20)(\d{2})\b", said)
    month_match = next((m for m in re.findall(r"[a-z]+", said) if m in _MONTHS), None)
    if year_match or month_match:
        year = int(year_match.group(0)) if year_match else today.year
        month = _MONTHS[month_match] if month_match else 1
        day = 1
        if month_match:  # "3 September", "the 3rd of Sept", "September 3rd"
            day_match = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + month_match +
                                  r"|\b" + month_match + r"[a-z]*\s+(\d{1,2})(?:st|nd|rd|th)?\b",
                                  said)
            if day_match:
                day = int(day_match.group(1) or day_match.group(2))
        try:
            started = date(year, month, day)
        except ValueError:
            started = date(year, month, 1)
        if started > today:
            started = started.replace(year=year - 1) if not (month == 2 and day == 29) else \
                date(year - 1, month, 28)
        return StartedEstimate(_months_between(started, today), started)
    return StartedEstimate(None, None)


def _months_between(earlier: date, later: date) -> float:
    return (later.year - earlier.year) * 12 + (later.month - earlier.month) + (
        later.day - earlier.day) / 30


# --- Reading a reply in the context of the question it answers (issue 10) ---

# "I want to make a complaint", "how do I complain?", "complaint": asking to complain,
# with no account of what went wrong.
_ASKING = re.compile(
    r"^\s*(?:(?:yes|yeah|yep|ok|okay|please|hi|hello)[\s,.!]*)*"
    r"(?:(?:i|we)(?:'d| would)?\s+(?:like|want|wish|need)\s+to\s+|can i\s+|could i\s+|"
    r"i'?m\s+(?:going|trying)\s+to\s+|how\s+(?:do|can|could)\s+(?:i|we)\s+|please\s+)?"
    r"(?:(?:make|raise|log|file|submit|put in|lodge|start|do)\s+(?:a|an|my)?\s*"
    r"(?:formal|official|proper|stage (?:1|one))?\s*complaint|complain|complaint)"
    r"(?:\s+(?:please|now|then|thanks|thank you))*[\s.!?]*$", re.IGNORECASE)
_NOTHING_MORE = re.compile(
    r"^(?:no|nope|nah|nothing|none)\b[\s,.!]*(?:thanks?|thank you|ta)?[\s,.!]*"
    r"(?:(?:that|it)(?:'s| is| was)?\s*(?:all|it|everything|about it)|that covers it|"
    r"covers it|it'?s all in (?:my|the) (?:message|email|letter)|all in (?:my|the) "
    r"(?:message|email|letter)|nothing (?:else|more)|(?:i )?think that'?s (?:it|all)|"
    r"(?:i )?(?:have|'ve) said it all|that'?s everything)?[\s,.!]*(?:thanks?|thank you)?"
    r"[\s,.!]*$", re.IGNORECASE)


def only_asks_to_complain(text: str | None) -> bool:
    """'I want to complain', 'how do I make a complaint?', 'complaint' — nothing more."""
    return bool(_ASKING.match((text or "").strip()))


def wants_to_complain(text: str | None) -> bool:
    """The resident asked to complain: go straight to it, never talk them out of it."""
    return bool(re.search(r"\bcomplain", text or "", re.IGNORECASE))


def nothing_more(text: str | None) -> bool:
    """'no', 'no, that covers it', 'no, it's all in my message', or only a sign-off
    ("Yours faithfully,", "Thanks"): nothing to add."""
    return bool(_NOTHING_MORE.match(normalise(text))) or (
        bool((text or "").strip()) and not _account_lines(text or ""))


def _rest_after_yes_or_no(said: str) -> str:
    return re.sub(r"^(?:yes|yeah|yep|yup|no|nope|nah|ok|okay)\b[\s,.!]*(?:please|thanks?|"
                  r"thank you)?[\s,.!]*", "", said)


def is_reply(text: str | None, intent: str | None, pending: str | None) -> bool:
    """Whether a message answers the question the bot just asked (``pending``) rather
    than tell a new matter: a reply is never a complaint point or the summary, and its
    words never re-triage the matter."""
    if not pending:
        return False
    said = normalise(text)
    if pending in ("confirm", "correcting"):
        return True  # the read-back: yes, or which part to change
    if only_asks_to_complain(said) or nothing_more(said):
        return True
    if is_yes(said) or is_no(said) or intent in ("affirm", "deny"):
        # "yes please do", "no thanks, that's fine": a yes or no and a few words more.
        rest = _rest_after_yes_or_no(said)
        return only_asks_to_complain(rest) or len(rest.split()) <= 4
    return False


def accepts_complaint(text: str | None, intent: str | None) -> bool:
    """A yes to 'would you like to make a complaint?' — or asking to complain instead."""
    said = normalise(text)
    if is_no(said, None) and not only_asks_to_complain(_rest_after_yes_or_no(said)):
        return False
    return is_yes(said, intent) or only_asks_to_complain(said) or (
        wants_to_complain(said) and not re.search(r"\b(don'?t|do not|not)\b", said))


# --- Escalation and status need the words to say so (issue 10) ---
_STAGE_2 = re.compile(
    r"stage\s*(?:2|two)|escalat|final (?:stage|review)|review (?:of )?(?:my|the) complaint|"
    r"(?:unhappy|not happy|dissatisfied|not satisfied|disagree)\s+with\s+(?:your|the|my)\s+"
    r"(?:complaint\s+)?(?:response|answer|reply|decision|outcome|letter)|"
    r"take (?:it|this|my complaint) further|appeal", re.IGNORECASE)
_STATUS = re.compile(
    r"status|update|progress|what'?s happening|what is happening|any news|where (?:are|is) "
    r"(?:you|it|my)|chas(?:e|ing)|heard nothing|check on|follow(?:ing)? up", re.IGNORECASE)


def asks_for_stage_2(text: str | None) -> bool:
    return bool(_STAGE_2.search(text or "")) or (
        find_reference(text) is not None and wants_to_complain(text))


def asks_for_status(text: str | None) -> bool:
    return bool(_STATUS.search(text or "")) or find_reference(text) is not None


# --- How to contact the resident, read from their own words (Code 5.10) ---
@dataclass(frozen=True)
class ContactPreference:
    method: str | None = None  # phone / email / sms / letter / whatsapp / telegram
    when: str | None = None  # "after 4pm"
    adjustment: str | None = None  # "deaf"
    language: str | None = None  # "Polish"


_METHOD_WORDS = (
    ("whatsapp", r"whats\s?app"),
    ("telegram", r"telegram"),
    ("email", r"e-?mail"),
    ("sms", r"\b(?:text(?:s|ing)?|txt|sms|message me|msg)\b"),
    ("letter", r"\b(?:letter|post|by mail|in writing|write to me|writing)\b"),
    ("phone", r"\b(?:phone|call|ring|telephone|mobile|speak to me|talk to me)\b"),
)
_NEGATED = re.compile(r"(?:rather than|instead of|not|don'?t|do not|no|never|can'?t|cannot)"
                      r"\s+(?:by\s+)?(?:a\s+)?$")
_WHEN = re.compile(
    r"\b((?:after|before|from|between|around|about)\s+\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|"
    r"o'?clock)?(?:\s*(?:and|-|to)\s*\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)?)?|"
    r"(?:in the |on )?(?:mornings?|afternoons?|evenings?|weekdays?|weekends?|lunchtime)|"
    r"(?:on )?(?:mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?)|"
    r"any ?time|not (?:before|after) \d{1,2}\s*(?:am|pm)?)\b", re.IGNORECASE)
_ADJUSTMENTS = re.compile(
    r"\b(deaf|hard of hearing|hearing (?:impaired|loss|aid)|bsl|sign language|blind|"
    r"partially sighted|visually impaired|sight (?:loss|problems?)|large print|braille|"
    r"dyslexi[ac]|learning disabilit(?:y|ies)|autis(?:m|tic)|adhd|anxiety|depression|"
    r"mental health|speech (?:impairment|problems?)|stammer|wheelchair|disabled|"
    r"disability|can'?t read|cannot read|struggle (?:to|with) read(?:ing)?)\b",
    re.IGNORECASE)
_LANGUAGES = ("Welsh", "Polish", "Urdu", "Punjabi", "Bengali", "Arabic", "Somali", "Romanian",
              "Portuguese", "Spanish", "French", "Italian", "Lithuanian", "Gujarati",
              "Tigrinya", "Farsi", "Persian", "Kurdish", "Turkish", "Chinese", "Mandarin",
              "Cantonese", "Ukrainian", "Russian", "Tamil", "Hindi", "Pashto", "Amharic",
              "Albanian", "Bulgarian", "Hungarian", "Czech", "Slovak", "Latvian", "Dari",
              "Sylheti", "Yoruba", "Igbo", "Swahili", "Vietnamese", "Greek")
_LANGUAGE = re.compile(r"\b(" + "|".join(_LANGUAGES) + r")\b", re.IGNORECASE)
_NEEDS_LANGUAGE = re.compile(r"interpret|translat|\bin (?:" + "|".join(_LANGUAGES) + r")\b|"
                             r"(?:speak|read|only speak)\s+(?:" + "|".join(_LANGUAGES) + r")|"
                             r"english (?:is not|isn'?t|not) (?:very )?good|"
                             r"(?:little|no|poor|bad) english|cymraeg", re.IGNORECASE)


def read_contact_preference(text: str | None) -> ContactPreference:
    """'ring me after 4pm', "I'm deaf so please text rather than call", 'speak to me in
    Polish', 'txt', 'letter' -> how, when, and any adjustment or interpreter need."""
    said = (text or "").strip()
    lowered = said.lower()
    found: list[tuple[int, str]] = []
    for method, pattern in _METHOD_WORDS:
        for match in re.finditer(pattern, lowered):
            if not _NEGATED.search(lowered[:match.start()][-20:]):
                found.append((match.start(), method))
    method = min(found)[1] if found else None
    when_match = _WHEN.search(said)
    adjustment = _ADJUSTMENTS.search(said)
    language = None
    if _NEEDS_LANGUAGE.search(said):
        named = _LANGUAGE.search(said)
        language = named.group(1).capitalize() if named else "a language other than English"
        if "cymraeg" in lowered:
            language = "Welsh"
    return ContactPreference(method=method,
                             when=when_match.group(1) if when_match else None,
                             adjustment=adjustment.group(1).lower() if adjustment else None,
                             language=language)


def asks_for_person_in_answer(text: str | None, intent: str | None, slot: str | None) -> bool:
    """A request for a person given instead of an answer. Answers about how to be
    contacted ("call me", "phone me please", "speak to me in Polish") are answers, even
    when the NLU reads them as asking for a human."""
    said = normalise(text)
    explicit = re.search(r"\b(person|human|real person|someone real|agent|advisor|adviser|"
                         r"staff|operator|speak to (?:someone|somebody)|talk to "
                         r"(?:someone|somebody))\b", said)
    about_contact = re.search(r"\b(?:call|phone|ring|text|txt|email|e-mail|message|write to|"
                              r"speak to|talk to|contact) me\b|\binterpret|\btranslat", said)
    if slot in ("contact_details", "preferred_contact", "adjustments", "postal_address",
                "resident_name", "rep_name"):
        preference = read_contact_preference(said)
        if not explicit or (preference.method and "speak to me" in said):
            return False
        return asks_for_person(text, None)
    if about_contact and not explicit:
        return False  # how to reach them, said early: not a request for a person
    return asks_for_person(text, intent)


# --- Loose references the resident gives ("ASB-1182", "job 448812") ---
_LOOSE_REFERENCE = re.compile(r"\b([A-Z]{2,5})[-/ ]?(\d{3,10})\b")


def find_references(text: str | None) -> list[str]:
    """Every reference-like token: our own format first, then others (ASB-1182)."""
    found: list[str] = []
    for match in _REFERENCE.finditer(text or ""):
        found.append(f"{match.group(1)}-{match.group(2)}-{match.group(3)}".upper())
    for match in _LOOSE_REFERENCE.finditer(text or ""):
        candidate = f"{match.group(1)}-{match.group(2)}"
        if match.group(1).isupper() and not any(candidate in f for f in found) and \
                not match.group(2).startswith("0"):
            found.append(candidate)
    return found[:20]


_REPAIR = re.compile(
    r"\b(heating|boiler|radiators?|hot water|leak(?:s|ing)?|damp|mou?ld|condensation|roof|"
    r"windows?|doors?|locks?|toilet|sink|taps?|shower|bath|electrics?|sockets?|lights?|"
    r"fuse|(?:stair|hand)\s?rail|banister|stairs?|ceiling|walls?|floor(?:boards?)?|gutters?|"
    r"drains?|pipes?|lift|fence|kitchen|cupboards?|extractor|fan|cooker|oven|plaster|"
    r"repairs?|broken|not working|blocked|collapsed|cracked|loose|rotten|rats?|mice|pests?|"
    r"infestation)\b", re.IGNORECASE)
_DONE = re.compile(r"\b(?:was|were|has been|have been|got|finally|now)\s+(?:finally\s+)?"
                   r"(?:fixed|repaired|sorted|done|replaced)\b", re.IGNORECASE)
_PROBLEM = re.compile(r"\b(?:leak(?:s|ing)?|damp|mou?ld|condensation|broken|not working|"
                      r"blocked|loose|cracked|collapsed|rotten|rats?|mice|infestation|"
                      r"no (?:heating|hot water|power|electric)|cold|dangerous|unsafe)\b",
                      re.IGNORECASE)
_NOT_DONE = re.compile(r"\b(?:still|not|never|no one|nobody|hasn'?t|haven'?t|isn'?t|"
                       r"aren'?t|won'?t|waiting|again)\b", re.IGNORECASE)


def about_unfixed_repair(text: str | None) -> bool:
    """A complaint about a repair that is still to do (Code 1.5: the repair carries on)."""
    said = text or ""
    if not _REPAIR.search(said) or not (_NOT_DONE.search(said) or _PROBLEM.search(said)):
        return False
    return not (_DONE.search(said) and not _NOT_DONE.search(said))


_WELSH = re.compile(r"\b(?:cymraeg|gymraeg|siarad|in welsh|use welsh|speak welsh|welsh "
                    r"(?:language|speaker|please)|through welsh)\b", re.IGNORECASE)


def asks_for_welsh(text: str | None) -> bool:
    """A request to use Welsh ("Ga i siarad Cymraeg?", "can we do this in Welsh")."""
    said = text or ""
    return bool(_WELSH.search(said)) and len(said.split()) <= 14
