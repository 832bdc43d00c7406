"""Reading residents' free-text answers: pure functions, no Rasa, no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

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


def split_points(text: str | None) -> list[str]:
    """One complaint point per item when the resident lists several (Code 6.7).

    Splits on new lines, bullets and numbered items; a single sentence stays whole.
    """
    raw = (text or "").strip()
    if not raw:
        return []
    points = []
    for line in re.split(r"\n+|\s(?=\d+[.)]\s)", raw):
        line = re.sub(r"^\s*(?:\d+[.)]|[-*•])\s+", "", line)
        points += [p.strip(" ,.-*•\t") for p in line.split(";")]
    points = [p for p in points if p]
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
        started = date(year, month, 1)
        if started > today:
            started = date(year - 1, month, 1)
        return StartedEstimate(_months_between(started, today), started)
    return StartedEstimate(None, None)


def _months_between(earlier: date, later: date) -> float:
    return (later.year - earlier.year) * 12 + (later.month - earlier.month) + (
        later.day - earlier.day) / 30
