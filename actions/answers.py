"""Reading residents' free-text answers: pure functions, no Rasa, no I/O."""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# UK numbers: 07700 900123, +44 7700 900123, 0161 496 0000, (0113) 496 0000.
_PHONE = re.compile(r"(?:\+44\s?\(?0?\)?|\(?0)(?:[\s\-()]*\d){9,10}")
_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b", re.IGNORECASE)
# Our own formats carry a year: CMP-2025-00871, SR-2026-000233, MX/2025/0442.
_REFERENCE = re.compile(r"\b([A-Z]{2,4})[-\s/]?((?:19|20)\d\d)[-\s/]?(\d{3,8})\b",
                        re.IGNORECASE)

_YES = {"yes", "y", "yeah", "yep", "yup", "correct", "right", "ok", "okay", "sure", "i am",
        "it is", "that's right", "thats right", "please", "yes please"}
_NO = {"no", "n", "nope", "nah", "none", "nothing", "no thanks", "not really", "that's all",
       "thats all", "that is all", "no that's all", "no thats all", "nothing else", "n/a",
       "na", "no, that's all", "it's for me", "its for me", "for me", "myself", "just me",
       # "Can't think of anything." to "anything else?" (retired v15: filed as a point)
       "can't think of anything", "cant think of anything", "can't think of anything else",
       "cant think of anything else", "i can't think of anything", "i cant think of anything",
       "nothing i can think of", "not that i can think of", "nothing else i can think of"}
_SKIP = {"skip", "skip it", "skip this", "pass", "rather not say", "prefer not to say",
         "don't know", "dont know", "not sure", "i don't know", "i dont know"}
_PERSON = re.compile(
    r"\b(person|human|someone real|real person|agent|advisor|adviser|staff|operator)\b",
    re.IGNORECASE,
)


def normalise(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").strip().lower()).strip(" .!?")


_YES_START = {"yes", "yeah", "yep", "yup", "correct", "ye", "yh", "yea", "sure", "certainly",
              "aye", "defo", "definitely", "definately", "deffo", "def", "yeh", "yess", "yesss",
              "yeahh", "yeap"}
_NO_START = {"no", "nope", "nah", "na"}


def _first_word(said: str) -> str:
    return re.split(r"[\s,.!]+", said, maxsplit=1)[0] if said else ""


# A yes in other words: "well it needs doing doesn't it", "obviously", "go on then".
_YES_IN_WORDS = re.compile(
    r"^(?:well,? )?(?:it |that |this )?(?:needs|wants) (?:doing|fixing|sorting|sorted|fixed)\b|"
    r"^(?:of course|obviously|obvs|obvz|obv|ofc|course i do|course|go on(?: then)?|go ahead|why not|please do|"
    r"do it|definitely|absolutely|fair enough|(?:let'?s|lets) do (?:that|it|this)|sounds good|"
    r"please go ahead|ok(?:ay)? then|alright then|all right then)\b|"
    # "I suppose so, dear", "I think I would like to, yes", "that would be nice"
    r"^(?:i )?(?:suppose|guess|think|expect) so\b|^i think i(?:'d| would) like (?:to|that)\b|"
    # "well i suppose. my son usually does this sort of thing for me but hes away" (played
    # resident tl-06, twentieth session: taken as a new matter, an ASB report)
    r"^i (?:suppose|guess)(?:[.!,;]|$)|"
    # "I'd say so, wouldn't you?" (retired v16: taken as neither, the offer then dropped)
    r"^(?:i'?d|i would) (?:say|think) so\b|"
    # "yeh suppose", "yeah i guess" (retired v15: asked the same question three times)
    r"^(?:yeh|yeah|yea|ye|yes|yep|yh)[,.]? (?:i )?(?:suppose|guess|reckon)(?: so)?$|"
    # "I suppose yes. I haven't slept.", "might as well", "I think you'd better" (retired v12)
    r"^(?:i )?(?:suppose|guess) (?:yes|yeah|i (?:will|must|should|better|had better|'?d better))\b|"
    # "I think yes. These letters are very aggressive" (retired v21: the offer asked three
    # times, then a request logged twice)
    r"^i (?:think|believe) (?:yes|yeah)\b|"
    r"^(?:i think )?(?:you'?d|you had) (?:better|best)\b|^(?:might|may) as well\b|"
    r"^(?:that|it) would be (?:nice|good|great|lovely|helpful|a help|kind)\b|"
    r"^i(?:'d| would) (?:like|appreciate|welcome) (?:that|it)\b|"
    # "That's what I'm asking isn't it", "if that's what it takes"
    # "let's make it official", "reopen it, I guess?" (retired v18: the same offer asked
    # three times, then dropped)
    r"^(?:(?:let'?s|lets) )?make (?:it|this|that) (?:official|formal)\b|"
    r"^(?:re-?open|log|book|raise|report|send) (?:it|that|one|them)\b(?! (?:no|not))|"
    r"^(?:that'?s|thats) (?:what i'?m (?:asking|after|here for)|(?:what|all) i want(?:ed)?|"
    r"why i'?m (?:here|asking|messaging|writing|texting))\b|^if that'?s what it takes\b|"
    # A sarcastic yes: "Thought you'd never ask.", "About time.", "What do you think?",
    # "Why else would I be writing?" (retired v23: the offer asked three times, then
    # dropped)
    r"^(?:i )?thought (?:you'?d|you would|u'?d) never ask\b|^(?:about|high) time\b|"
    r"^(?:what|wat|wot) do (?:you|u|ya) think\W*$|^why else would i be (?:here|writing|messaging|"
    r"texting|asking)\b|^(?:yes,? )?(?:finally|at last)\W*$|^too right\b|^you bet\b|"
    r"^(?:hell|damn|bloody) yes\b|^is the pope catholic\b")


# A no taken back: "no i just want the door sorted. well... actually yes".
_CHANGES_TO_YES = re.compile(
    r"\b(?:actually|on second thoughts?|thinking about it|come to think of it|go on then|"
    r"changed my mind)\W*(?:then\W*)?(?:yes|yeah|yep|ok|okay|i do|i will|please|go on)\b|"
    # "no. well. yes." (played resident pa-08 was taken at the no)
    r"^\W*(?:no|nah|nope)\W+(?:(?:well|hmm+|um+|erm+|er|oh|ok|okay)\W+)+(?:yes|yeah|yep|"
    r"go on|ok(?:ay)?)\W*$", re.IGNORECASE)


# What people say before their answer: "Oh yes please", "Well I suppose so dear".
_INTERJECTION = re.compile(r"^(?:(?:oh|ooh|well|um+|erm+|er|ah+|aw+|hmm+|right|so|dear|love|"
                           r"oh dear|oh well)\b[\s,.!…-]*)+")


def without_interjection(said: str) -> str:
    return _INTERJECTION.sub("", said, count=1).strip() or said


def is_yes(text: str | None, intent: str | None = None) -> bool:
    """The resident's own words win over the NLU's intent ("yes" is yes). A yes that ends a
    doubtful answer counts ("I don't know, will it make a difference? ok yes"; "I don't
    want to get anyone in trouble. Yes, all right."), and so does a no taken back ("no…
    well… actually yes"). "Oh yes please" and "Well I suppose so, dear" are yes."""
    said = without_interjection(normalise(text))
    if said in _YES or _first_word(said) in _YES_START or _YES_IN_WORDS.match(said) or \
            _CHANGES_TO_YES.search(said):
        return True
    last = [part.strip() for part in re.split(r"[.?!,;]+", said) if part.strip()]
    if len(last) > 1 and len(last[-1].split()) <= 3 and set(last[-1].split()) & _YES_START \
            and not set(last[-1].split()) & _NO_START:
        return True
    sentences = [part.strip(" ,") for part in re.split(r"[.?!]+", said) if part.strip(" ,")]
    if len(sentences) > 1 and len(sentences[-1].split()) <= 5 and \
            _first_word(without_interjection(sentences[-1])) in _YES_START:
        return True  # "…But it has been a long time. Yes, all right."
    if len(sentences) > 1 and len(sentences[-1].split()) <= 10 and \
            _YES_IN_WORDS.match(without_interjection(sentences[-1])):
        return True  # "Oh, I don't know. I suppose so, if that's what it takes."
    if len(sentences) > 1 and any(re.match(
            r"(?:yes|yeah|yep|ye|yh)\W+(?:\w+ )?(?:please|log|book|send|do|get|go ahead)\b", part)
            for part in sentences[1:]) and not set(said.split()) & _NO_START:
        return True  # "ive turned it off at the box. yes log it please, someone needs to come"
    parts = [part.strip() for part in re.split(r"[.?!,;]+", said) if part.strip()]
    if any(re.fullmatch(r"(?:then |so |well |oh |ok |okay |alright )?(?:yes|yeah|yep)(?: please|"
                        r" then| i suppose| i must)?", part) for part in parts) and \
            not any(part in _NO or _first_word(part) in _NO_START for part in parts):
        return True  # "I think I must, yes, once the heating is back" (retired v10)
    if any(re.fullmatch(r"(?:once|when|after|as soon as|as long as) [\w' ]{1,30} (?:yes|yeah|yep)"
                        r"(?: please)?", part) for part in parts) and \
            not any(part in _NO or _first_word(part) in _NO_START for part in parts):
        # "once its safe yes, because I was told to wait in all day yesterday and nobody
        # came" (retired v22: the complaint offer asked three times, then a repair logged twice)
        return True
    return intent == "affirm" and not (said in _NO or _first_word(said) in _NO_START)


def is_no(text: str | None, intent: str | None = None, short: bool = False) -> bool:
    """A no. With ``short``, only a short reply counts, so "No one came" stays an answer.
    "Oh no, not now" and "well no" are no; "oh no the ceiling's come down" is not."""
    said = normalise(text)
    if re.match(r"(?:oh|ah|aw) no\b(?!\s*(?:[,.!…-]|(?:dear|love|thanks|thank you|not really|"
                r"nothing|no)\b))", said):
        return False  # dismay, not an answer
    said = without_interjection(said)
    if said in _NO:
        return True
    if _CHANGES_TO_YES.search(said):
        return False  # "no… well… actually yes": taken back
    if re.match(r"no[\s-]+(?:one|body|thing|where|way|longer|more|heating|hot|water|"
                r"power|light)\b", said):
        return False  # "No one came", "no heating": an account, not a no
    if re.fullmatch(r"no\s+(?!thanks\b|worries\b|probs\b|problems\b|ways\b|chances\b|"
                    r"questions\b)[a-z]{3,}s(?:\s+(?:up|put up|left|given|sent|at all))?", said):
        # "no notices" to "anything else?" (played resident tp-07: taken as a no, the matter
        # lost): a thing missing, not a no.
        return False
    if short and len(said.split()) > 3:
        return False
    if _first_word(said) in _NO_START:
        return True
    if _NOT_FAIR.search(said):
        # "its not fair tbh" to "shall I log the emergency repair?" is dissatisfaction, not a
        # no, whatever the NLU read (played resident es-01's repair was never raised).
        return False
    later = [part.strip() for part in re.split(r"(?<=[.!?])\s+", said)[1:]]
    if not short and any(re.match(r"(?:no|nope|nah)(?:\s*[,.!]|\s+(?:thanks?|thank you|ta|just|"
                                  r"i (?:just|only|don'?t))\b|$)", part) for part in later) and \
            not is_yes(said, None):
        # "Oh I don't like to make a fuss. No, just get the lift going please" (played
        # resident fy-05 was offered the complaint four times).
        return True
    return intent == "deny" and not (said in _YES or _first_word(said) in _YES_START)


_NOT_FAIR = re.compile(r"\bnot (?:fair|right|good enough|acceptable|on|ok|okay|good|happy|"
                       r"great)\b|\bunfair\b|\bout of order\b")


def is_bare_yes_or_no(text: str | None) -> bool:
    """Just "yes" or "no", which doesn't answer a question like "where is the problem?"."""
    said = normalise(text)
    return said in _YES or said in _NO and said not in {"none", "nothing", "n/a", "na"}


# Words that say "skip" in a longer reply, where the NLU's `skip` alone is not trusted: "txt
# me, cant answer at work" was read as skip and its preference lost (retired v9, v001).
_SKIP_WORDS = re.compile(r"\b(?:skip|pass|rather not|prefer not|don'?t want to (?:answer|say|"
                         r"give|tell)|not telling|no comment|next question|leave it)\b")


def is_skip(text: str | None, intent: str | None = None) -> bool:
    said = normalise(text)
    if said in _SKIP:
        return True
    return intent == "skip" and (len(said.split()) <= 4 or bool(_SKIP_WORDS.search(said)))


def asks_for_person(text: str | None, intent: str | None = None) -> bool:
    """A short message asking for a human, even if the NLU missed it."""
    said = normalise(text)
    if intent == "request_human":
        # "Yes, somebody has to speak up for her." to "would you like to make a complaint?"
        # is a yes (retired v23: handed over, the complaint never filed): a reply that
        # starts with yes asks for a person only in so many words.
        return not (_first_word(said) in _YES_START and not _PERSON_REQUEST.search(said))
    words = said.split()
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
    return uk_spacing(digits)


def phone_too_long(text: str | None) -> bool:
    """A number that starts like a UK phone number but has a digit or more too many ("01793
    000 4455"): asked again rather than cut (played residents, thirteenth session: filed
    with its last digit dropped)."""
    for match in re.finditer(r"(?:\+44\s?\(?0?\)?|\(?0)(?:[\s\-()]*\d)+", text or ""):
        digits = re.sub(r"\D", "", match.group(0))
        if digits.startswith("44"):
            digits = "0" + digits[2:].lstrip("0")
        if digits.startswith("0") and len(digits) >= 12:
            return True
    return False


def uk_spacing(digits: str) -> str:
    """A UK number spaced as people write it: 07700 900123, 020 7946 0018, 0113 496 0000,
    0300 123 4567, 01632 960123 (it was always 5 + 6, so "0113 496 0000" came back as
    "01134 960000")."""
    if len(digits) == 11 and digits.startswith("02"):
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    if len(digits) == 11 and (re.match(r"01\d1|011\d", digits) or digits[1] in "389"):
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    if len(digits) == 11:
        return f"{digits[:5]} {digits[5:]}"
    return f"{digits[:4]} {digits[4:]}"


# Where in a home or block: what an answer to "Where is the problem?" names.
_PLACE_WORDS = re.compile(
    r"\b(?:kitchen|bathroom|bedroom|bed ?room|box ?room|living ?room|lounge|front ?room|"
    r"back ?room|dining|hall|hallway|landing|stairs?|staircase|stairwell|loft|attic|garden|"
    r"yard|garage|shed|balcony|porch|toilet|wc|en-?suite|utility|cupboard|airing|cellar|"
    r"basement|roof|front|back|upstairs|downstairs|outside|inside|communal|block|flat|house|"
    r"floor|street|road|lane|avenue|close|court|walk|way|drive|place|crescent|terrace|estate|"
    r"bin ?store|car ?park|entrance|lift|window|door|wall|ceiling|everywhere|whole|all over|"
    r"room|rooms|number|no\.?\s*\d|\d+[a-z]?)\b", re.IGNORECASE)
# When and how we can get in: what an answer to the access question names.
_ACCESS_WORDS = re.compile(
    r"\b(?:any ?time|anytime|whenever|morning|mornings|afternoon|afternoons|evening|evenings|"
    r"night|weekday|weekdays|weekend|weekends|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|today|tomorrow|tonight|"
    r"now|asap|after|before|between|until|till|from|am|pm|o'?clock|noon|midday|home|in|out|"
    r"work|working|shift|shifts|available|free|key|keys|key ?safe|code|pets?|dogs?|cats?|"
    r"knock|ring|buzz|bell|intercom|door|gate|park|parking|call|text|phone|no|none|nothing|"
    r"fine|ok|okay|always|usually|mostly|\d)\b", re.IGNORECASE)


def tells_of_the_problem(text: str | None, question: str) -> bool:
    """An answer to "Where is the problem?" (``question`` "place") or "When can we get in?"
    ("access") that names neither, and tells more of the matter instead: "no heating since
    sat", "my mum lives with me shes 86 and shes freezing" typed in bursts (played
    residents, eleventh session: filed as the location and the access note)."""
    said = text or ""
    if find_postcode(said) or find_address(said) or find_phone(said) or find_email(said):
        return False
    names = _PLACE_WORDS if question == "place" else _ACCESS_WORDS
    # "cant lock it from outside" names no place: "outside" is how it fails (a played
    # resident's repair was filed at "cant lock it from outside").
    if names.search(re.sub(r"\b(?:from|on|at) the (?:outside|inside)\b|\bfrom (?:outside|inside)\b",
                           " ", said, flags=re.IGNORECASE)):
        return False
    return bool(_PROBLEM.search(said) or plainly_vulnerable(said) or says_vulnerable(said)
                or tells_of_earlier_report(said) or _BY_THE_ELECTRICS.search(said) or re.search(
                    r"\b(?:again|still|since|never|nobody|no one|keeps?|back|worse|freezing|"
                    r"cold|painted|patched|"
                    # "the handle just spins" (played residents, thirteenth session: filed as
                    # the location, and the address went into the access note)
                    r"spins?|spinning|stuck|jammed|wobbl\w*|hanging|snapped|bent|sticks?|"
                    r"sticking|won'?t (?:turn|budge|move|catch|close|open|shut|lock))\b",
                    said, re.IGNORECASE))


def find_postcode(text: str | None) -> str | None:
    match = _POSTCODE.search(text or "")
    return f"{match.group(1)} {match.group(2)}".upper() if match else None


_STREET = (r"(?i:road|rd|street|st|close|court|ct|house|way|avenue|ave|lane|gardens|drive|"
           r"tower|walk|place|crescent|terrace|grove|mews|row|square|hill|park|view|rise|"
           r"green|parade|mount|fields|meadows?|estate|buildings|heights|lodge|end|vale)")
# "Flat 14, 22 Fenwick House", "7 Larch Close, Norwich NR3 4DE", "flat 4 Lipton Court",
# "12 Stryd y Plas, Caernarfon LL55 1RR": a house number, a street, then town and postcode.
_POSTCODE_TEXT = r"[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"
_ADDRESS = re.compile(
    r"(?:\b(?i:flat|apartment|apt|unit)\s*\d+[A-Za-z]?,?\s+(?:\d{1,4}[A-Za-z]?,?\s+)?|"
    # "3 WEEKS ON CALDWELL ROAD" is a time, not a house number (retired v22: filed as the
    # resident's address)
    r"(?<![\d£:.])\b\d{1,4}[A-Za-z]?,?[ \t]+(?!(?i:weeks?|wks?|days?|months?|years?|yrs?|hours?|"
    r"hrs?|times?|nights?|mins?|minutes?)\b))"
    # "3 Mill Lane Cottages", "15 Birch Street, flat 2" (played residents, fourteenth
    # session: filed as "3 Mill Lane" and "15 Birch Street")
    r"(?:(?:[A-Z][\w'-]*,?\s+){1,3}" + _STREET + r"\b(?:\s+(?i:cottages|flats|houses|"
    r"buildings)\b)?(?:,?\s+(?i:flat|apartment|apt|unit)\s*\d+[A-Za-z]?\b)?|"
    r"[A-Z][^.;\n]{2,60}?(?=,?\s*" + _POSTCODE_TEXT + r"))"
    r"(?:,\s*(?:\d{1,4}[A-Za-z]?\s+)?(?:[A-Z][\w'-]*\s*){1,3}(?=,|\s+[A-Z]{1,2}\d|$|\.))*"
    # A town without a comma, when a postcode follows: "27 Kestrel Walk Manchester M22 4HD"
    r"(?:\s+(?:[A-Z][a-z][\w'-]*\s+){1,2}(?=" + _POSTCODE_TEXT + r"))?"
    r"(?:,?\s*" + _POSTCODE_TEXT + r")?")


# Words a postal address has: a house number, a street or a building ("Flat 2", "Orchard
# Walk", "Rose Cottage", "Beacon Tower").
# A number is a house number, not "2 kids under 5" (played resident tj-07, twentieth
# session: filed as the address of an emergency gas job).
_PLACE_WORD = re.compile(
    r"\b(?:\d+[a-z]?\b(?!\s+(?:kids?|children|child|babies|weeks?|wks?|days?|months?|years?|"
    r"yrs?|times?|people|hours?|hrs?|mins?|minutes?|under|and|or|of|x|pounds?|quid)\b)|flat|apartment|road|rd|street|st|lane|ln|close|court|ct|avenue|ave|way|"
    r"drive|dr|walk|crescent|terrace|gardens|place|row|mews|estate|tower|house|grove|square|"
    r"hill|green|park|view|rise|parade|cottages?|block|bungalow|farm|lodge|hall|manor|mill|"
    r"villas?|yard|wharf|quay|heights|chase|croft|fold|gate|wynd|brae|heol|ffordd|stryd)\b",
    re.IGNORECASE)
_SAID_ALREADY = re.compile(
    r"\b(?:already (?:said|told|gave|given|put|sent)|i (?:said|told you|gave (?:it|you|that))|"
    r"as (?:above|before|i said)|same (?:as (?:before|above)|address|one)|see above|told you)\b",
    re.IGNORECASE)


def names_a_place(text: str | None) -> bool:
    """Whether an answer to "what is the address?" has anything of an address in it."""
    said = text or ""
    return bool(find_postcode(said) or _PLACE_WORD.search(said))


# Rooms and areas of a home or block: an answer to "where is the problem?" that names none of
# these, nor an address, is no place ("got a bowl under it": played resident fy-09's repair was
# logged with that as its location, and no address).
_ROOM_OR_AREA = re.compile(
    r"\b(?:kitchen|bath ?room|bed ?room|lounge|living ?room|sitting ?room|front room|back room|"
    r"dining ?room|hall|hallway|landing|stairs?|stair ?well|stair ?case|loft|attic|garden|yard|"
    r"shed|garage|toilet|loo|wc|utility|conservatory|balcon\w*|porch|door|window|ceiling|wall|"
    r"roof|floor|bin ?(?:store|room|chute)|lift|corridor|lobby|entrance|communal|block|estate|"
    r"outside|inside|upstairs|downstairs|cupboard|airing cupboard|cellar|basement|car ?park|"
    r"drive(?:way)?|path|gate|fence|flat|house|home|room|en-?suite|shower|boiler|loft|"
    r"(?:front|back|side|rear))\b", re.IGNORECASE)


_NO_CONTACT_NEEDED = re.compile(
    r"\b(?:(?:you )?(?:don'?t|do not|dont|no) need (?:to )?(?:ring|call|phone|contact|email|text|"
    r"write to|get back to|reply to) (?:me|us)|no need (?:to|for) (?:ring|call|phone|contact|"
    r"email|text|write|reply|get back)\w*(?: (?:me|us))?|(?:i )?(?:don'?t|do not) need (?:a )?"
    r"(?:reply|call back|callback|response))\b", re.IGNORECASE)


def no_contact_needed(text: str | None) -> bool:
    """'You don't need to ring me love', 'no need to get back to me': nothing to reach them by."""
    return bool(_NO_CONTACT_NEEDED.search(text or ""))


# A postcode told in passing, with the words around it: "oh postcode is LS9 7QT", "Postcode
# PE1 4DX. Sorry I forget.", "HG1 5AB is the postcode; I neglected to include it.", "…
# postcode is NG1 3EH by the way", "Sheffield S6 4RB. And no, not for me" (played residents,
# twentieth session: filed as an adjustment, a contact note or the way in, seven of ten).
_POSTCODE_TOLD = re.compile(
    r"(?:\b(?:oh|and|also|btw|ps)\b[\s,.]*)*(?:(?:my|the|our|her|his)\s+)?(?:post ?code|p/?code)"
    r"(?:'s|\s+is|\s*:|\s*-)?\s*(?P<a>" + _POSTCODE_TEXT + r")(?:\s+by the way|\s+btw)?|"
    r"(?P<b>" + _POSTCODE_TEXT + r")\s+is\s+(?:the|my|our|her|his)\s+post ?code(?:\s+by the way|\s+btw)?|"
    r"^(?P<town>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}),?\s+(?P<c>" + _POSTCODE_TEXT + r")", re.IGNORECASE)
_FILLER = re.compile(
    r"^(?:(?:sorry|apologies|oops|my bad|i (?:forgot|forget|forgot to say|neglected to include "
    r"it|missed (?:it|that) off)|forgot (?:that|it)|by the way|btw|thanks|thank you|as well|"
    r"too|i meant to say|should have said|since you asked(?: for it)?|as you asked|"
    r"sorry it'?s|it'?s)\b[\s,.;:!-]*)*$", re.IGNORECASE)


def postcode_told(text: str | None) -> tuple[str, str] | None:
    """A postcode told in passing: (the postcode, with the town when it came first; what else
    was said), or None."""
    said = (text or "").strip()
    found = _POSTCODE_TOLD.search(said)
    if not found:
        return None
    code = (found.group("a") or found.group("b") or found.group("c")).upper()
    town = found.group("town")
    if town and set(town.lower().split()) & {"sorry", "its", "it's", "it", "is", "oh", "and",
                                              "also", "ok", "okay", "yes", "no", "the", "my"}:
        # "sorry its NG7 1FB. no nothing like that" (played resident tp-06): no town
        town = None
    told = f"{town} {code}" if town else code
    rest = (said[:found.start()] + " " + said[found.end():]).strip(" ,.;:-")
    parts = [part.strip(" ,.;:-") for part in re.split(r"(?<=[.;!?])\s+|;\s*", rest)]
    rest = " ".join(part for part in parts if part and not _FILLER.match(part))
    rest = re.sub(r"^(?:(?:as to your question|and|but|also|anyway)\b[\s,.;:-]*)+", "", rest,
                  flags=re.IGNORECASE).strip(" ,.;:-")
    if town is None and found.group("town"):
        rest = re.sub(r"^(?:sorry\W+)?(?:it'?s|it is)\b\W*", "", rest, flags=re.IGNORECASE).strip()
    return told, rest


def more_of_the_place(place: str | None, text: str | None) -> str | None:
    """Where the problem is, told over two messages: the postcode or the room sent after the
    address ("flat 10 brennan court" / "M14 6QT" / "kitchen"; played resident tl-01,
    twentieth session: the postcode filed as the way in and the room as who is at risk).
    The place with this added, or None when this is no more of the place."""
    said = (text or "").strip()
    if not said or not isinstance(place, str) or not place.strip():
        return None
    postcode = find_postcode(said)
    if postcode and _only_contact_details(said) and not find_phone(said) and \
            not find_email(said) and not find_postcode(place):
        return f"{place.rstrip(' ,.')}, {said.rstrip(' .')}"
    if len(said.split()) <= 3 and re.fullmatch(
            r"(?:in |it'?s in |its in )?(?:the |my |our )?(?:\w+ )?" + _ROOM_OR_AREA.pattern +
            r"(?: (?:ceiling|wall|floor|window))?\W*", said, re.IGNORECASE) and \
            not _ROOM_OR_AREA.search(place.replace("flat", " ").replace("house", " ")):
        return f"{said.rstrip(' .')}, {place.rstrip(' ,.')}"
    return None


def names_no_place(text: str | None) -> bool:
    """Whether a short answer to "where is the problem?" names no address, room or area."""
    said = text or ""
    return len(said.split()) <= 10 and not (names_a_place(said) or _ROOM_OR_AREA.search(said)
                                            or re.search(r"\d", said))


# "I'm not typing my address on here after this. You've got it on file" (retired v21): the
# address is refused, and not asked again.
_KEEPS_ADDRESS_BACK = re.compile(
    r"\bnot (?:typing|giving|putting|sharing|writing|sending) (?:my |our |the |her |his )?"
    r"address\b|\b(?:you'?ve|you have|you already have|u have|youve|u got|you got) (?:got )?"
    r"(?:it|my address|that|the address|our address)\b[^.!?]{0,20}\b(?:on file|already|on (?:your|"
    r"the) (?:system|records?))|\b(?:it'?s|its|it is|address is) on (?:file|your system|the "
    r"system|your records)\b", re.IGNORECASE)


def keeps_address_back(text: str | None) -> bool:
    """An answer to "what is the address?" that will not give it, or says we have it."""
    return bool(_KEEPS_ADDRESS_BACK.search(text or ""))


_POINTS_TO_LOGGED = re.compile(
    r"\b(?:already (?:been )?(?:logged|reported|raised|booked)|(?:is )?that (?:a )?new (?:one|"
    r"number|job|ref\w*)|(?:you|u) (?:just )?gave me (?:a |that |the )?(?:number|ref\w*)|"
    r"same (?:one|job|thing|repair)|logged (?:it )?(?:before|already))\b", re.IGNORECASE)


def points_to_what_was_logged(text: str | None) -> bool:
    """"is that a new one?? i said its already logged": about the request just logged."""
    return bool(_POINTS_TO_LOGGED.search(text or ""))


_SAID_ALREADY_AROUND = re.compile(
    r"^\W*(?:(?:it'?s|its|it is)\s+)?(?:the\s+)?(?:same as (?:i said|before|b4|above|earlier|i told "
    r"you)|as i (?:said|told you)|like i (?:said|sed)|i (?:already )?(?:said|told you))\b[\s,.:;!-]*|"
    r"[\s,.;-]*\b(?:same as (?:i said|before|b4|above|earlier)|as (?:i said|before|above)|like i "
    r"(?:said|sed))\W*$", re.IGNORECASE)


def without_said_already(text: str | None) -> str:
    """The answer without "same as i said," or ", same as b4" around it (played residents
    tp-01, tp-10: filed in the address)."""
    said = (text or "").strip()
    kept = _SAID_ALREADY_AROUND.sub("", said).strip()
    return kept if kept and names_a_place(kept) else said


def said_already(text: str | None) -> bool:
    """'i already said', 'same as before', 'as above': the answer was given earlier."""
    return bool(_SAID_ALREADY.search(text or ""))


# Words before the resident's own address in a letter: "Your tenant: Mr Tomasz Nowak, 18
# Poplar Gardens", "Re: Mrs Hale, 9 Mill Row", "who lives at".
_RESIDENTS_ADDRESS_CUE = re.compile(
    r"\b(?:(?:your|our|my|the) (?:tenant|resident|client|constituent|service user)|tenant|"
    r"resident|re|regarding|property|home address|lives at|living at|resides at|who lives)\b"
    r"[^\n]{0,80}$", re.IGNORECASE)


def residents_address(text: str | None) -> str | None:
    """In a letter with more than one address (the writer's letterhead first), the one the
    letter says is the resident's: the address on a "Your tenant:" or "Re:" line (played
    resident eu-09: a Citizens Advice office filed as the tenant's home). None when no
    address is so marked, or there is only one."""
    said = text or ""
    found = list(_ADDRESS.finditer(said))
    if len(found) < 2:
        return None
    for match in found:
        line_start = said.rfind("\n", 0, match.start()) + 1
        if _RESIDENTS_ADDRESS_CUE.search(said[line_start:match.start()]):
            return match.group(0).strip(" ,")
    previous_end = 0
    for match in found:
        # "I am X, a solicitor at Y LLP, 22 King Street… I act as the deputy for Ms Amira
        # Saleh, 41 Poplar Road…" (played resident tk-09, twentieth session: the firm's
        # address filed as the tenant's home, and an emergency door repair sent there): the
        # address straight after the name of the person they act for.
        if _ACTS_FOR_NAMED.search(said[previous_end:match.start()]):
            return match.group(0).strip(" ,")
        previous_end = match.end()
    return None


_ACTS_FOR_NAMED = re.compile(
    r"\b(?:for|on behalf of|represent(?:ing)?|support(?:ing)?|help(?:ing)?|acting for)\s+"
    r"(?:(?:my|our) (?:client|tenant|constituent|\w+)\s+)?(?:(?:mr|mrs|ms|miss|dr|mx)\.?\s+)?"
    r"[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2},?\s*(?:of|at|who lives at|living at)?\s*$",
    re.IGNORECASE)


def find_address(text: str | None) -> str | None:
    """A postal address in the resident's words ("Flat 14, 22 Fenwick House, LS9 7QT"),
    kept as they wrote it, without what came around it."""
    match = _ADDRESS.search(text or "")
    return match.group(0).strip(" ,") if match else None


_COMPLAINT_REFERENCE = re.compile(r"(?:CMP|COMP|CMPL|COMPLAINT)\b|(?:CMP|COMP)-?\d",
                                  re.IGNORECASE)


def is_complaint_reference(reference: str | None) -> bool:
    """Whether a reference names a complaint (ours, CMP-2025-00871, or as residents write
    one: "COMP 4471", "complaint 2231") rather than a repair or another case."""
    return bool(reference and _COMPLAINT_REFERENCE.match(reference))


def find_reference(text: str | None) -> str | None:
    match = _REFERENCE.search(text or "")
    if not match:
        return None
    return f"{match.group(1)}-{match.group(2)}-{match.group(3)}".upper()


# Greetings, sign-offs and what follows a sign-off (a signature) are not complaint points.
_GREETING_LINE = re.compile(
    r"^\s*(?:dear\b[^\n]{0,60}|annwyl\b[^\n]{0,60}|to whom it may concern|"
    r"to whoever (?:reads this|it may concern|is (?:reading|dealing with) this)|"
    r"(?:to|for the attention of|fao|attn:?) (?:the )?[^\n]{0,40}\b(?:team|department|dept|"
    r"office|officer|manager|complaints)|(?:(?:aye|yes|right|ok|okay),? )?(?:hi+|hello+|hullo|"
    r"hiya+|hey+a?|heya|"
    r"salaa?m|shwmae|helo|bore da|prynhawn da|good (?:morning|afternoon|evening)|"
    # in the resident's first language: "Dzień dobry." (retired v13 filed it as a point)
    r"dzie[nń] dobry|bonjour|buenos d[ií]as|buenas|hola|ciao|merhaba|namaste|bom dia|ol[aá]|"
    r"bun[aă] ziua|dobr[yý] den|as+ala+mu? ?[ao]?l?[ae]ikum|salaa?m [ao]?l?[ae]ikum)"
    r"(?:\s+(?:there|all|team|sir|madam|[A-Z][a-z]+))?|morning|afternoon|evening)\s*"
    # "Hiii 👋": an emoji or two after the greeting (retired v12)
    r"[^\w\n]*$",
    re.IGNORECASE)
_GREETING_START = re.compile(r"^\s*(?:hi|hello|hiya|salaa?m|shwmae|helo|morning|afternoon|"
                             # "Good day. I move in…", "Assalamu alaikum. Surveyor come…",
                             # "To whom it may concern. On Monday…" (retired v14)
                             r"good day|as+ala+mu? ?[ao]?l?[ae]ikum|to whom it may concern|"
                             r"dzie[nń] dobry|bonjour|hola|merhaba|namaste|bom dia|"
                             r"evening|dear sir(?: or |/)madam|dear [^,.\n]{1,40}(?=,)|"
                             r"annwyl syr(?: neu |/)fadam|good (?:morning|"
                             r"afternoon|evening))\s*(?:there|all|team|sir|madam|dear)?\s*"
                             r"[,.!:;-]+\s*",
                             re.IGNORECASE)
_SIGN_OFF = re.compile(
    r"^\s*(?:yours(?: (?:faithfully|sincerely|truly))?|(?:kind|best|warm|many)? ?regards|best|"
    # "Yours," and "Best," alone above the name (retired v12)
    r"all the best|with thanks|warmly|respectfully|take care|thanks so much|"
    r"best wishes|many thanks|thanks(?: again| in advance)?|thank you(?: in advance)?|cheers|"
    r"sincerely|faithfully|yn gywir|yn ddiffuant|cofion(?: cynnes| gorau)?|diolch|"
    r"sent from my \w+.*)\s*[,.!]*\s*$", re.IGNORECASE)
# "Account: 9 Rowan Terrace", "Re: ASB case ASB-2291": a letter's heading, not a matter
# (the reference in it is still read from the whole message).
_HEADING = re.compile(r"^\s*(?:re|subject|account|address|property|tenancy|tenant|our ref|"
                      r"your ref|ref(?:erence)?|name|from|to|date|sent|cc|bcc|constituents?|"
                      r"clients?|(?:your|our|the) (?:tenant|resident|client|constituent)s?|"
                      # "Complaint reference: CMP-73019", "Property ID: SO-41FC", "Staircasing
                      # case: STC-0588", "Stage 1 response dated: 2 May" (retired v16: filed
                      # as points)
                      r"(?:[a-z0-9]+ ){1,3}(?:ref(?:erence)?|id|no|number|case|dated)|"
                      # "Leaseholder: Mr Vikram Sethi", "Shared owner: Ms J Pietersen" (retired
                      # v18: filed as points)
                      r"leaseholders?|shared owners?|tenants?|residents?|complainants?|"
                      r"householders?|occupiers?)\s*:\s*"
                      r"(?:[^\n.!?]|\.(?=\S)|\b(?:St|Rd|Mr|Mrs|Ms|Dr)\.){0,100}[.!?]?\s*$",
                      re.IGNORECASE)
# "Regards, Kelly Bright, Caseworker.": a sign-off with the name after it, on one line.
_SIGN_OFF_NAMED = re.compile(
    r"^\s*(?i:yours (?:faithfully|sincerely|truly)|(?:kind|best|warm|many)? ?regards|"
    r"best wishes|all the best|with thanks|many thanks|thanks|thank you|cheers|sincerely)[,.]?\s+"
    r"(?:(?i:mr|mrs|ms|miss|dr)\.?\s+)?[A-Z][\w'.-]*(?:[\s,]+[\w'.()&-]+){0,6}[.!]?\s*$")
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


_SHORT_FACT = re.compile(r"(?:(?:still |and )?(?:nothing|no reply|no answer|no response|"
                         r"silence|no one came|nobody came|nobody|not a thing)(?: again| at all| "
                         r"since)?|\d+ (?:\w+ ){0,2}\w+)[.!]*", re.IGNORECASE)


# The markers taken off the front of a new point: words that only announce it. "Next day
# same", "The other landlord approved it", "Another problem is the lift" keep every word.
_MARKER_WORD = re.compile(r"^(?:also|secondly|thirdly|fourthly|finally|in addition|on top of "
                          r"(?:that|this)|plus|separately|and another thing|another thing|"
                          r"lastly|just that|only that)\b", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _segmenter() -> Any:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def sentences(text: str) -> list[str]:
    """Sentences by pysbd, which keeps 'flat 3.', 'August 2023.', 'Mr. Smith' and
    '3 p.m.' whole where a full-stop regex cuts them."""
    return list(_sentences(text))


# pysbd is the action server's largest cost, and a turn segments the same account many
# times (each form step rebuilds the case to see whether it raises a repair): profiled
# under `make bench`, a sixth of the action server's CPU (tenth session).
@functools.lru_cache(maxsize=4096)
def _sentences(text: str) -> tuple[str, ...]:
    return tuple(s.strip() for s in _segmenter().segment(text) if s.strip())


# "Complaint on behalf of Mrs Eileen Carter, 5 Mersey View": a letter's title line.
_TITLE_LINE = re.compile(r"^\s*(?:formal |stage (?:1|one|2|two) )?complaint(?: on behalf of| about|"
                         r" regarding| re| concerning| for)?\b[^.!?\n]{0,100}$|"
                         r"^\s*(?:request for (?:a )?)?stage (?:2|two) (?:review|request|"
                         r"escalation)\s*$", re.IGNORECASE)


# A line that is only a date ("14 May", "3rd March 2025", "Monday 2 June") or only an
# address ("Flat 5, Sorrel House", "12 Cherry Tree Lane", "Market Harborough LE16 7AB").
_DATE_LINE = re.compile(
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:,?\s+\d{4})?\.?|"
    r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}", re.IGNORECASE)
_ADDRESS_LINE = re.compile(
    r"(?:(?i:flat|apartment|apt|unit|no\.?)\s*\d+[a-z]?,?\s+)?(?:\d+[a-z]?,?\s+)?"
    r"(?:[A-Z][a-z'-]+\s+){0,3}" + _STREET + r"\.?(?:,\s*[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?)?"
    r"(?:,?\s*" + _POSTCODE_TEXT + r")?[.,]?|[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?,?\s+"
    + _POSTCODE_TEXT)
# Capitalised words that are not a name ("Nobody Came", "Still Broken").
_NOT_NAMES = frozenset("""nobody no not never still then again came come done broken fixed the
it is was help please thanks thank urgent sorry yes ok okay nothing all and but""".split())
# "House of Commons, London SW1A 0AA": a place and its postcode, no street (retired v18).
_PLACE_WITH_POSTCODE = re.compile(r"(?:[A-Z][\w'&-]*(?: of| the| and)?[\s,]+){1,5}"
                                  + _POSTCODE_TEXT + r"[.,]?")
_EARLIER_MESSAGE = re.compile(
    r"-{3,}\s*(?:original message\s*-*|forwarded message\s*-*)?$|"
    r"on .{3,60}\bwrote:\s*$|from:\s.+$|-{3,}\s*original message", re.IGNORECASE)
# The resident says what follows is their own message, pasted: "I sent the below…",
# "pasting it here", "copy of my email", "as follows".
_PASTED_BELOW = re.compile(r"\b(?:the below|see below|below is|pasting|pasted|copied|copy of "
                           r"(?:my|our|the)|as follows|here it is|this is what (?:i|we) sent|"
                           r"(?:i|we) sent (?:this|you this|the following)|"
                           # "Hi, forwarding this as nobody has replied." (retired v12)
                           r"forward(?:ing|ed)? (?:this|it|you|my|the (?:below|email|message)|"
                           r"again))\b", re.IGNORECASE)
# The header of an earlier message inside a pasted thread: "From: …", "Sent: …", "Subject: …".
_HEADER_LINE = re.compile(r"(?:from|sent|date|to|cc|bcc|subject|re)\s*:.*|-{3,}.*-{3,}|-{3,}.*|"
                          r"on .{3,60}\bwrote:\s*", re.IGNORECASE)
_POSTSCRIPT = re.compile(r"p\.?\s?s\.?\b[\s:,-]*", re.IGNORECASE)
# A role or place under a signed name: "Eastfield Ward", "Ward Councillor, Hillside",
# "Citizens Advice Hackney".
_ROLE_LINE = re.compile(r"(?:[A-Z][\w'&.-]*,?\s*){1,6}")
# A name alone on the last line: "Neil", "D. Okafor", "Mrs P Harrison".
_SIGNATURE_NAME = re.compile(
    r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+)?(?:[A-Z][a-z'-]+|[A-Z]\.?)(?:\s+(?:[A-Z][a-z'-]+|"
    r"[A-Z]\.?)){0,2}[.,]?")


def without_letter_furniture(text: str | None) -> str:
    """A message without its greeting, sign-off and signature ("Dear Sir or Madam", "Yours
    faithfully, Harold Pemberton"): what a repair's description needs (played residents,
    thirteenth session: the whole letter was the emergency repair's description)."""
    raw = (text or "").strip()
    kept = "\n".join(line for line in _account_lines(raw) if line).strip()
    return kept or raw


def _account_lines(raw: str) -> list[str]:
    """The lines of the resident's account, without greetings, sign-offs or signature."""
    lines = [line.strip() for line in raw.splitlines()]
    # A pasted email thread: what follows the first earlier message's header ("-----",
    # "On 2 April, Neil wrote:", "-----Original Message-----") or is quoted ("> …") is
    # history, kept in the transcript, not a new matter.
    for index, line in enumerate(lines):
        if index and (_EARLIER_MESSAGE.match(line) or line.startswith(">")):
            if not line.startswith(">") and _HEADER_LINE.fullmatch(line) and all(
                    len(above.split()) <= 12 and not above.rstrip().endswith((".", "!", "?"))
                    for above in lines[:index]):
                # "Formal complaint - CCTV… / From: Ms Farida Begum, 19 Aspen Court": only a
                # title above, so this is the letter's own head, not an earlier message
                # (retired v18: the whole letter below it was lost).
                lines = [above for i, above in enumerate(lines)
                         if not (i >= index and _HEADER_LINE.fullmatch(above))]
                break
            if _PASTED_BELOW.search(" ".join(lines[:index])):
                # "I sent the below to the neighbourhood inbox … pasting it here:": what
                # follows is their own earlier message, the account itself (retired v10:
                # three matters in it were lost). Only the separator lines go.
                # Each message of the thread is read as its own (its greeting, sign-off
                # and signature go), and what the resident wrote after it is kept too:
                # "…Thanks, Bernice / ---------- / That was two months ago. Not even an
                # acknowledgement." (retired v12).
                segments: list[list[str]] = [[]]
                for line in lines:
                    bare = line.lstrip("> ")
                    if _HEADER_LINE.fullmatch(bare):
                        if segments[-1]:
                            segments.append([])
                    elif bare or not line.startswith(">"):
                        segments[-1].append(bare)
                return [kept for segment in segments if any(segment)
                        for kept in _account_lines("\n".join(segment))]
            else:
                lines = lines[:index]
            break
    # A letter's head above "Dear …" (the sender's name and address, the date, a subject)
    # is not its account.
    greeting = next((i for i, line in enumerate(lines[:12]) if _GREETING_LINE.match(line)
                     and line.lower().lstrip().startswith(("dear", "to ", "annwyl", "fao",
                                                          "attn", "for the attention"))), None)
    if greeting:
        lines = lines[greeting:]
    # A postscript after the signature ("P.S. I've also been charged £60 …") is part of the
    # account: the signature block ends there, and the postscript is kept (retired v11).
    postscript = next((i for i, line in enumerate(lines) if i and _POSTSCRIPT.match(line)),
                      len(lines))
    kept: list[str] = []
    skip_to = -1
    for index, line in enumerate(lines):
        if index < skip_to:
            continue
        if not line or _GREETING_LINE.match(line) or _HEADING.match(line) or (
                len(lines) > 1 and _TITLE_LINE.match(line)) or (
                len(lines) > 2 and (_DATE_LINE.fullmatch(line) or _ADDRESS_LINE.fullmatch(line)
                                    or _PLACE_WITH_POSTCODE.fullmatch(line))):
            continue
        block = [rest for rest in lines[index + 1:postscript] if rest]
        if len(lines) > 2 and kept and _SIGNATURE_NAME.fullmatch(line) and not (
                set(re.findall(r"[a-z]+", line.lower())) & _NOT_NAMES) and all(
                _ADDRESS_LINE.fullmatch(rest) or _POSTCODE.search(rest) or find_phone(rest)
                or find_email(rest) or _ROLE_LINE.fullmatch(rest) for rest in block) and \
                len(block) <= 6:
            # "Neil", "R. Gallagher / 6 Mill Lane…", "Cllr Ruth Okonjo / Eastfield Ward"
            # under the letter: the signature
            if postscript < len(lines):
                skip_to = postscript
                continue
            break
        if greeting is not None and not kept and len(line.split()) <= 8 and \
                not line.rstrip().endswith((".", "!", "?")) and any(
                    len(later.split()) > 8 for later in lines[index + 1:index + 3]):
            continue  # "Kitchen replacement - 12 Cherry Tree Lane" under "Dear …": a subject
        if _SIGN_OFF.match(line) or _SIGN_OFF_NAMED.match(line):
            rest = [rest for rest in lines[index + 1:postscript] if rest]
            if len(rest) <= 8 and all(len(r) <= 80 for r in rest):
                if postscript < len(lines):
                    skip_to = postscript  # the signature block, then the postscript
                    continue
                break  # a signature block: name, address, phone
            continue
        kept.append(line)
    if kept:
        kept[0] = _GREETING_START.sub("", kept[0], count=1) or kept[0]
    return [_POSTSCRIPT.sub("", line, count=1) if _POSTSCRIPT.match(line) else line
            for line in kept]


# A sentence this long, typed without full stops, often runs several matters together ("they
# started my bathroom 6 weeks ago and its still not finished and the tiler never came back and
# they shut my water off…"): it is cut where a new clause starts with its own subject.
RUN_ON_WORDS = 25
CLAUSE_WORDS = 5  # a shorter piece stays with the one before it
_CLAUSE_BREAK = re.compile(
    r"\s*,\s*(?:and\s+|and then\s+)?|\s+(?:and|and then)\s+|\s*,?\s+(?=(?:but|then)\s)",
    re.IGNORECASE)
_CLAUSE_SUBJECT = re.compile(
    r"(?:but\s+|then\s+)?(?:i|i'm|im|i've|ive|i'd|id|they|they've|theyve|they'd|he|she|we|"
    r"you|ur|your|nobody|noone|no one|no-one|someone|the|my|our|his|her|their|it's|its|it|"
    r"there|this|that)\b", re.IGNORECASE)


# A clause never ends on a subordinate clause's subject still waiting for its verb: "…so that
# the roof | and the rear wall could be rebuilt" (retired v14 filed "the rear wall could be
# rebuilt" as a point of its own).
_SUBJECT_WITHOUT_VERB = re.compile(
    r"\b(?:so that|that|because|cos|when|if|while|until|till|after|before|where|which|who|as)\s+"
    r"(?:the|my|our|your|his|her|their|this|these|those|both|all)\s+(?P<tail>(?:[a-z'-]+\s+){0,2}"
    r"[a-z'-]+)\W*$", re.IGNORECASE)
_VERBISH = re.compile(r"(?:is|was|were|are|has|had|have|did|does|do|can|could|will|would|should|"
                      r"must|may|might|never|keeps?|kept|said|says|came|went|got|left|took|told|"
                      r"\w+ed|\w+ing|\w+n't)$", re.IGNORECASE)


def _waits_for_verb(before: str) -> bool:
    found = _SUBJECT_WITHOUT_VERB.search(before)
    return bool(found) and not any(_VERBISH.match(w) for w in found.group("tail").split())


# A clause never ends on a word that leads into what follows ("great but since then the
# radiator…" was once cut after "since").
_LEADS_ON = re.compile(r"\b(?:since|but|and|because|cos|that|until|till|as|when|after|before|"
                       r"from|of|to|so|if|or|with|which|who|where|while|than|the|a|an|my|our|"
                       r"your|their|his|her|its)\W*$", re.IGNORECASE)


# Words quoted ("the lady said 'well we're very busy love, you're not the only one'"): an
# apostrophe inside a word is not a quote mark.
_QUOTED = re.compile(r"(?<![A-Za-z0-9])['‘\"“][^\"“”‘]{1,300}?['’\"”](?![A-Za-z0-9])")


# A clause that waits for its main clause: "When I telephoned on the 10th of November, | the
# gentleman I spoke to was most discourteous" (played resident eq-04: cut there).
# "Fourth, when I rang to sort it out, the person on the phone refused…" (retired v25: cut
# after "out"): a marker word before the clause changes nothing.
_SUBORDINATE = re.compile(r"^\W*(?:(?:and|but|so|first(?:ly)?|second(?:ly)?|third(?:ly)?|"
                          r"fourth(?:ly)?|fifth(?:ly)?|next|then|also|finally|lastly|plus)[\s,]+)*"
                          r"(?:when|whenever|if|because|although|despite|in spite of|even though|"
                          r"even after|"
                          r"though|after|before|while|whilst|once|until|unless)\b", re.IGNORECASE)
# A reply word before the account: "Certainly. When I telephoned…" (played resident eq-04).
_REPLY_WORD = re.compile(r"^\W*(?:certainly|of course|sure|yes|yeah|yep|ok|okay|right|well|"
                         r"indeed|absolutely|gladly|happy to)\W*$", re.IGNORECASE)


# What someone said goes on after "and": "The surveyor in October said the fan doesn't work |
# and the window seals have gone, and that he'd put in a job" (played resident tp-08,
# twenty-first session: the second half lost who found it).
_REPORTED_SPEECH = re.compile(r"\b(?:said|says|told (?:me|us|him|her|them)|promised|reckon(?:s|ed)?|"
                              r"claimed|explained|wrote|admitted|confirmed|agreed)\b",
                              re.IGNORECASE)
# …unless what follows is what happened next: "they told me the engineer was coming | and he
# never came".
_WHAT_HAPPENED_AFTER = re.compile(r"\b(?:never|nobody|no one|didn'?t|did not|hasn'?t|has not|"
                                  r"haven'?t|wasn'?t|still|nothing|i|we)\b", re.IGNORECASE)


def run_on_clauses(sentence: str) -> list[str]:
    """A long run-on sentence cut into its clauses, each with its own subject; any other
    sentence whole. Nothing is dropped but the commas and "and"s at the cuts."""
    if len(sentence.split()) < RUN_ON_WORDS:
        return [sentence]
    quoted = [q.span() for q in _QUOTED.finditer(sentence)]
    cuts = [(m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(sentence)
            if _CLAUSE_SUBJECT.match(sentence, m.end())
            and not _LEADS_ON.search(sentence[:m.start()])  # "…but since | then the…"
            and not _waits_for_verb(sentence[:m.start()])  # "so that the roof | and…"
            and not any(a < m.start() < b for a, b in quoted)  # never inside a quote
            # "…shouted abuse at Mrs Begum | and her children in the stairwell": a clause has
            # a verb of its own (played residents, sixteenth session: cut mid-sentence)
            and _A_VERB.search(sentence[m.end():m.end() + 80].split(",")[0])]
    kept: list[tuple[int, int]] = []
    start = 0
    for index, (cut_start, cut_end) in enumerate(cuts):
        following = cuts[index + 1][0] if index + 1 < len(cuts) else len(sentence)
        # Cut only where the clause before (from the last cut kept) and the one after are
        # long enough to stand alone; a short one stays joined, in the resident's words.
        if len(sentence[start:cut_start].split()) >= CLAUSE_WORDS and \
                len(sentence[cut_end:].split()) >= CLAUSE_WORDS and \
                len(sentence[cut_end:following].split()) >= 1 and \
                not _SUBORDINATE.match(sentence[start:cut_start]) and \
                not (_REPORTED_SPEECH.search(sentence[start:cut_start])
                     and not _WHAT_HAPPENED_AFTER.search(sentence[cut_end:following])):
            kept.append((cut_start, cut_end))
            start = cut_end
    bounds = [0, *(x for cut in kept for x in cut), len(sentence)]
    return [sentence[bounds[i]:bounds[i + 1]].strip() for i in range(0, len(bounds), 2)]


def _group_sentences(paragraph: str) -> list[str]:
    points: list[str] = []
    after_aside = False
    for whole in sentences(paragraph):
        if not points and _REPLY_WORD.match(whole):
            continue  # "Certainly." before the account: the answer's manner, no point
        if len(whole.split()) >= 8 and introduces_writer(whole) and not _GRIEVANCE.search(whole):
            # "I am writing about a family I am working with, Ms Senait Haile and her three
            # children (aged 1, 4 and 7), who are your tenants at the above address." (played
            # resident tn-05, twentieth session: its last clause was filed as a point, cut)
            after_aside = True
            continue
        sentence, *clauses = run_on_clauses(whole)
        if _SIGN_OFF_NAMED.match(sentence) or _SIGN_OFF.match(sentence):
            break  # "…called him back. Regards, Kelly Bright, Caseworker.": the signature
        if points and not after_aside and _SHORT_FACT.fullmatch(sentence.strip()):
            # "…ring back that day. Nothing.", "…texting me. 6 messages.": part of the point.
            points[-1] = f"{points[-1]} {sentence}"
            points += clauses
            continue
        if states_outcome(sentence):
            # "Ms Mensah would like the charges refunded, the notice withdrawn in writing,
            # and an apology": every clause of it is what they want, none a point (played
            # residents: the rest was filed as a point cut mid-sentence).
            after_aside = True
            continue
        if introduces_writer(sentence) or leads_into_list(sentence) \
                or (points and _asks_us(sentence)):
            after_aside = True  # not a point; what follows starts a new one
            points += clauses
            continue
        carry_on = bool(points) and not after_aside and not _NEW_MATTER.match(sentence) and (
            _CARRIES_ON.match(sentence) or len(sentence.split()) < 5)
        after_aside = False
        if carry_on:
            points[-1] = f"{points[-1]} {sentence}"
        else:
            rest = _MARKER_WORD.sub("", sentence, count=1).lstrip(" ,:")
            points.append(rest[:1].upper() + rest[1:] if rest != sentence and rest else
                          sentence)
        points += clauses  # the other clauses of a run-on sentence: a matter each
    return points


def without_greeting_lines(text: str) -> str:
    """The text without the greeting lines it starts with ("hi", "Hello there 👋"); the
    text itself when that is all it is."""
    lines = text.splitlines()
    while len(lines) > 1 and (not lines[0].strip() or _GREETING_LINE.match(lines[0])):
        lines = lines[1:]
    return "\n".join(lines).strip() or text


# A letter's section heading that leads into what they want: the list under it is the
# outcome ("5. What I am asking for", "Outcome I want").
_OUTCOME_HEADING = re.compile(r"\b(?:asking for|outcome|what (?:i|we) (?:want|would like|"
                              r"seek)|remedy|resolution|put (?:this|things|it) right)\b",
                              re.IGNORECASE)


def _without_headings(lines: list[str]) -> list[str]:
    """A long letter's lines without its section headings ("1. What happened",
    "Background", "Timeline": retired v18 filed them as points, or joined them to the
    point before). A heading is a line of a few words with no full stop, above a line of
    prose, a list or another heading; a heading that leads into what they want becomes
    "…:" so the list under it is read as the outcome. Only in a letter (two lines of
    fifteen words or more): a burst of short lines keeps every line."""
    if sum(len(line.split()) >= 15 for line in lines) < 2:
        return lines
    filled = [line for line in lines if line.strip()]

    def heading(line: str, after: str | None) -> bool:
        if re.match(r"\s*[-*•–]", line):
            return False  # a bullet is an item, never a heading
        bare = _LIST_ITEM.sub("", line).strip().rstrip(":")
        return bool(bare) and len(bare.split()) <= 6 and not re.search(r"[.!?,;:£\d]", bare) \
            and after is not None and (len(after.split()) > 8 or bool(_LIST_ITEM.match(after))
                                       or len(after.split()) <= 6)

    kept: list[str] = []
    wanted = False  # under a heading that leads into what they want
    for index, line in enumerate(filled):
        after = filled[index + 1] if index + 1 < len(filled) else None
        if heading(line, after):
            # "Ms Treloar would like:" over a list (retired v21: each item filed as a point)
            wanted = bool(_OUTCOME_HEADING.search(line) or states_outcome(line))
            if wanted:
                kept.append("I am asking for:")  # the list under it is what they want
            continue
        if wanted and not _LIST_ITEM.match(line) and line.rstrip().endswith(".") and \
                len(line.split()) > 10:
            wanted = False  # "I look forward to your response…": the list has ended
        if wanted and not _LIST_ITEM.match(line):
            line = f"- {line}"  # an item of what they want, however it is set out
        kept.append(line)
    return kept


def _carries_over_line(sentence: str) -> bool:
    """Whether a line's first sentence is a few words that only add to the line before
    ("Third week now.", "In the kitchen."): not a heading, greeting, sign-off or list item."""
    said = sentence.strip()
    if _A_VERB.search(said):
        return False  # "The fence is down.", "Nobody rang.": a matter of its own, however short
    return len(said.split()) < 5 and not (feeling_only(said) or only_a_name(said) or
        said.endswith(":") or _HEADING.fullmatch(said) or _GREETING_LINE.match(said)
        or _SIGN_OFF.match(said) or _SIGN_OFF_NAMED.match(said) or _LIST_ITEM.match(said)
        or _NEW_MATTER.match(said) or _SHORT_NO_MATTER.fullmatch(said))


# A line typed as the rest of the one before: "and said my flat was 'a state'".
_GOES_ON = re.compile(r"(?:and|but|or|so|then|cos|coz|because|n|which|who)\s+\w")
# A few words that name whom or what the next line is about: "Your housing officer", "The
# cladding works on Seacole Tower." (not a greeting, a name alone or a heading).
_LEAD_IN_LINE = re.compile(r"(?i:your|the|our|my|that|this)\s+[\w' -]+?[.:]?")
# A finite verb, for the lead-in test: narrower than _A_VERB, whose "-ing" words would make
# "Your housing officer" or "The cladding works" a clause of their own.
_FINITE = re.compile(r"\b(?:is|are|was|were|has|have|had|did|does|do|came|went|got|said|broke|"
                     r"left|keeps?|never|not|no|\w+ed)\b|n'?t\b|'s\b|'re\b", re.IGNORECASE)
# A word that makes a clause of its own: "The fence is down." (not "Third week now.").
_A_VERB = re.compile(r"\b(?:is|are|was|were|be|been|has|have|had|do|does|did|can|will|would|"
                     r"should|could|won'?t|can'?t|keeps?|came|went|got|left|said|broke|rang|"
                     r"done|gone|\w+ed|\w{3,}ing)\b|'s\b|'re\b|n'?t\b|\bim\b", re.IGNORECASE)
# Lines of a few words that are not more of a matter: "Thanks.", "Please help", "Anyway".
_SHORT_NO_MATTER = re.compile(r"(?:thanks?|thank you|thx|ta|cheers|please|please help|help|"
                              r"anyway|regards|hi|hello|x+|sorry)\W*", re.IGNORECASE)


def _joined_bursts(raw: str) -> str:
    """A message typed as short lines, a few words each with no full stops ("got hung up
    on / twice / by your call centre"), as one run of words: each line is a piece of one
    account, not a matter of its own (retired v15: eleven points of two or three words)."""
    lines = [line.strip() for line in raw.splitlines() if line.strip()]
    # One line a little longer among four or more short ones is still a burst ("help / can
    # smell gas in kitchen / really strong / engineer was meant to come yesterday never
    # came": retired v16 filed "help" and "really strong" as points).
    if len(lines) < 3 or any(len(line.split()) > 12 or _LIST_ITEM.match(line)
                             or line[-1] in ".!?;:" for line in lines) or \
            sum(len(line.split()) > 6 for line in lines) > (1 if len(lines) >= 4 else 0):
        return raw
    return ", ".join(lines)


# Punctuation read out to a phone's voice typing: "he didn't turn up comma this is the
# second time full stop" (retired v19: "comma" and "full stop" ended points of their own).
_SPOKEN_MARK = re.compile(r"[ \t]*\b(comma|full stop|period|question mark|exclamation mark|"
                          r"new line|new paragraph)\b[ \t]*", re.IGNORECASE)
_MARKS = {"comma": ", ", "full stop": ". ", "period": ". ", "question mark": "? ",
          "exclamation mark": "! ", "new line": "\n", "new paragraph": "\n"}


def spoken_punctuation(text: str) -> str:
    """Punctuation that voice typing wrote out as words, put back — only where it plainly
    was dictated (two or more such words, at least one a full stop, comma or question
    mark), so "this has to come to a full stop" stays as it is."""
    found = [m.group(1).lower() for m in _SPOKEN_MARK.finditer(text)]
    if len(found) < 2 or not {"comma", "full stop", "question mark"} & set(found):
        return text
    said = _SPOKEN_MARK.sub(lambda m: _MARKS[m.group(1).lower()], text)
    said = re.sub(r"([.?!]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), said)
    return re.sub(r"[ \t]+", " ", said).strip()


def split_points(text: str | None, keep_something: bool = True) -> list[str]:
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
    raw = _SIGNED_AT_END.sub("", raw).strip() or raw
    raw = spoken_punctuation(raw)
    raw = _joined_bursts(raw)
    lines, _ = _without_outcome(_without_headings(_account_lines(raw)))
    listed = [line for line in lines if _LIST_ITEM.match(line)]
    points: list[str] = []
    if len(lines) > 1 and len(listed) >= max(2, len(lines) - 1):
        for line in lines:  # a list, maybe with a lead-in line
            points += [p.strip() for p in _LIST_ITEM.sub("", line).split(";")]
    else:
        items = len(listed) >= 2
        for line in lines:
            if items and _LIST_ITEM.match(line):
                # A numbered or lettered item of a pasted letter is one matter, however
                # many sentences it runs to ("1. The boiler has broken down four times
                # since October. Each time an engineer resets it and leaves.").
                points.append(_LIST_ITEM.sub("", line))
                continue
            numbered = list(_INLINE_NUMBERED.finditer(line))
            if len(numbered) >= 2 and [m.group(1) for m in numbered[:2]] == ["1", "2"]:
                lead = line[:numbered[0].start()].strip()
                parts = [line[m.end():(numbered[i + 1].start() if i + 1 < len(numbered)
                                      else len(line))] for i, m in enumerate(numbered)]
                points += ([lead] if lead else []) + [p.strip() for p in parts]
                continue
            for index, part in enumerate(line.split(";")):
                grouped = _group_sentences(part.strip()) if part.strip() else []
                if index == 0 and grouped and points and (
                        _carries_over_line(grouped[0]) or _GOES_ON.match(grouped[0])):
                    # "Lift's broken. / Third week now. / Ninth floor.", "Mice. / In the
                    # kitchen." (retired v18: each line a point of its own): a line of a
                    # few words is more of the point before, as it is inside a paragraph;
                    # so is a line that goes on with "and…" or "but…" ("She came for the
                    # tenancy check / and said my flat was 'a state'": retired v22).
                    points[-1] = f"{points[-1]} {grouped.pop(0)}"
                if index == 0 and grouped and points and _LEAD_IN_LINE.fullmatch(points[-1]) \
                        and len(points[-1].split()) <= 4 and not _FINITE.search(points[-1]):
                    # "Your housing officer / She came for the tenancy check": the few
                    # words before are where the next line starts.
                    grouped[0] = f"{points.pop().rstrip('.:')}: {grouped[0]}"
                points += grouped
    points = [p.strip(" ,-*•\t") for p in points]
    # "thx. i want 2 complain tho. this is the 3rd leak…" (played resident tp-10): the ask,
    # grouped with the short sentence after it, is no part of the matter.
    points = [" ".join(part for part in sentences(p) if not only_asks_to_complain(part)) or p
              if len(sentences(p)) > 1 else p for p in points]
    # "…nobody came. I want to make a complaint." - asking to complain is not a matter.
    points = [p for p in points if p and re.search(r"\w", p) and not only_asks_to_complain(p)
              and not _HEADING.fullmatch(p)]  # "Our ref: TE/SHAW/0412." inside a paragraph
    # Who is writing, their consent, and what they want are not matters of complaint:
    # the introduction goes with the representative, the wish with the desired outcome.
    points = [_SIGNED_AT_END.sub("", p).strip() or p for p in points]
    # "I would be grateful if your reply could be sent by post, in large print…", "I do not
    # use email.": how to reply to them (the contact questions), not a matter (retired v14)
    points = [p for p in points if not _HOW_TO_REPLY.fullmatch(p.strip())
              and not _FRAMING.fullmatch(p.strip()) and not _ABOUT_THE_CASE.fullmatch(p.strip())]
    kept = [_without_feelings(_without_preamble(p)) for p in points
            if not (introduces_writer(p) or states_outcome(p) or leads_into_list(p)
                    or _asks_us(p) or feeling_only(p) or _NO_QUARREL.match(p.strip())
                    or _BEFORE_THE_ACCOUNT.fullmatch(p.strip())
                    or _PUT_THAT.match(p.strip())
                    or _SIGNATURE_ONLY.fullmatch(p.strip())
                    or _EMAIL_FURNITURE.fullmatch(p.strip()) or only_a_name(p)
                    or _SAID_ABOVE.fullmatch(p.strip()) or _RETORT.fullmatch(p.strip())
                    or _CONSENT_REMARK.fullmatch(p.strip())
                    or (_ABOUT_THEM.match(p.strip()) and only_who_they_are(p))
                    or (_REPLY_LEAD_IN.fullmatch(p.strip()) is not None))]
    if not keep_something:
        # More to add to points we have: nothing is added that is no matter ("Actually no i
        # do want to complain.", "Thank you. Is this going to be different…?").
        return [_without_interjection(p) for p in kept]
    return [_without_interjection(p) for p in kept] or points or [raw]


# Lines about the letter or the complaint itself, not a matter in it: "I am writing to
# complain about both matters.", "I am getting nowhere, so I am setting everything out
# here.", "To be clear, we are not disputing any DWP decision.", "Please make sure the debt
# collector part is in there", "I am sorry to have to write at length", "I act under a
# registered lasting power of attorney for my father, Mr Clive Underwood" (retired v14).
# "Mrs Begum's signed consent form is held on file at this office.", "Mrs Begum needs a
# Bengali (Sylheti) interpreter." (played residents, sixteenth session: filed as points):
# the consent and the adjustment, asked for and recorded in their own places.
_ABOUT_THE_CASE = re.compile(
    r"(?:(?:a|an|the|our|her|his|their) )?(?:[\w' .-]{0,40}'s )?(?:signed |written )?(?:consent|authority|mandate|letter of "
    r"authority)(?: form)?(?: [^.!?]{0,80}?)? (?:is|are|was|has been) (?:held|kept|on file|attached|"
    r"enclosed)[^.!?]{0,60}[.!]?|"
    # "I act for Mr Nowak, who has signed our standard authority form, a copy of which is
    # attached." (played residents, eighteenth session: filed as a point)
    r"(?:i|we) (?:act|am acting|are acting) (?:for|on behalf of) [^.!?]{0,60}\b(?:signed|given|"
    r"consent|authority|mandate)\b[^.!?]{0,80}[.!]?|"
    r"(?:(?:mr|mrs|ms|miss|dr)\.? )?(?:[A-Z][\w'-]+ ){0,2}(?:needs|requires|will need|would need|"
    r"uses|prefers) (?:a |an )?(?:[\w()]+ ){0,3}(?:interpreter|large print|braille|bsl|easy[- ]"
    r"read)(?: [^.!?]{0,40})?[.!]?", re.IGNORECASE)
_FRAMING = re.compile(
    r"(?:(?:i|we) (?:am|are|'m|'re) writing to (?:make a (?:formal )?complaint|complain(?: "
    r"formally)?) about (?:both|all|these|those|the following|the above|several|two|three|a few|"
    r"some) (?:matters|issues|things|points|problems)?|"
    r"(?:i|we) (?:am|are|'m|'re) (?:getting nowhere|at a loss)[^.!?]{0,20}(?:so|and) (?:i|we) "
    r"(?:am|are|'m|'re|have) (?:setting|putting|writing) (?:everything|it all|it|this) (?:out|"
    r"down)(?: (?:here|below|in full))?|"
    r"(?:to be clear,? )?(?:i|we|she|he|they) (?:am|are|is|'m|'re) not (?:disputing|complaining "
    r"about|challenging|raising|questioning)\b[^.!?]{0,60}|"
    r"please make sure (?:the|that|my|this) [^.!?]{0,40}\b(?:is|are|gets?) (?:in there|in it|"
    r"included|mentioned|down|noted)\b[^.!?]{0,60}|"
    r"(?:i am|i'?m|we are|we'?re) (?:so |very )?sorry (?:to have to|to|for having to) write (?:at "
    r"(?:such )?length|so much|such a long (?:message|letter))|"
    r"(?:i|we) act (?:under|with) (?:a |an |the )?(?:registered |lasting )*(?:power of attorney|"
    r"lpa|deputyship)\b[^.!?]{0,100}|"
    r"(?:i'?m|i am) (?:the|his|her|their) (?:registered )?(?:attorney|deputy|executor)\b"
    r"[^.!?]{0,160}|"
    # "There is one further matter.", "One more thing:" before the matter itself (played
    # resident j-05's was filed as a point of its own)
    r"(?:(?:there is|there'?s|there are|i have|i'?ve got|(?:oh,? )?and|also),? )?(?:one|another|a|"
    r"two|three|some|a couple of) (?:further|more|other|last|final|separate) (?:matters?|things?|"
    r"issues?|points?|complaints?)(?: (?:i (?:want|wish|would like) to (?:raise|mention|add)|to "
    r"(?:raise|mention|add)))?|(?:oh,? )?(?:and )?another thing)[.!:]?", re.IGNORECASE)
_HOW_TO_REPLY = re.compile(
    r"(?:(?:i|we) (?:would|should) be (?:most |very )?grateful if (?:your|the|any) (?:reply|"
    r"response|letters?|correspondence) (?:could|would|can|were|was) (?:be )?(?:sent|written|"
    r"printed|made)|(?:please )?(?:reply|respond|write back|send (?:your|the|any) (?:reply|"
    r"response))(?: to me)?) (?:by post|by letter|in writing|in large print|by email)"
    r"(?:,? (?:and |or )?(?:by post|in large print|in writing)?(?: if possible)?)*(?:,? (?:as|"
    r"because|since) [^.!?]{0,80})?[.!]?|"
    r"(?:please )?(?:do not|don'?t) (?:telephone|phone|ring|call|text|visit|email) (?:her|him|them|"
    r"me|the (?:resident|tenant))(?: directly)?[.!]?|"
    r"(?:please )?(?:reply|respond|write) (?:to (?:us|me) )?by (?:letter|post|email)[^.!?]{0,60}"
    r"[.!]?|all (?:correspondence|letters|contact) (?:should|must|to) (?:come|go|be sent) to "
    r"(?:me|us)[^.!?]{0,60}[.!]?|no (?:court )?proceedings have (?:yet )?been (?:issued|started|"
    r"filed)[^.!?]{0,30}[.!]?|"
    # "I am hard of hearing so please contact me by text message or email, not by phone."
    r"(?:i'?m|i am|she'?s|she is|he'?s|he is|we are)[^.!?]{0,40}\b(?:so|therefore)\s+(?:please\s+)?"
    r"(?:contact|text|email|write to|reply to) (?:me|us|her|him|them)\b[^.!?]{0,60}[.!]?|"
    # "Please contact me in the first instance." (played resident tn-02, twentieth session)
    r"(?:please )?(?:contact|call|ring|email|write to) (?:me|us) (?:in the first instance|first|"
    r"directly|rather than (?:her|him|them|the tenant|my \w+))[^.!?]{0,40}[.!]?|"
    r"(?:please )?(?:only )?(?:contact|reach) (?:me|us|her|him|them) (?:only )?by (?:text|email|"
    r"letter|post|phone|sms)[^.!?]{0,60}[.!]?|"
    # "Ms Treloar finds unexpected phone calls very difficult." (retired v21): a need, asked
    # for and recorded as an adjustment
    r"(?:(?:mr|mrs|ms|miss|dr)\.? )?(?:[A-Z][\w'-]+ ){0,2}(?:i |she |he |they )?finds? (?:unexpected |"
    r"unannounced )?(?:phone |telephone )?calls (?:very |really |quite )?(?:difficult|hard|"
    r"stressful|distressing|frightening)[.!]?|"
    r"(?:i|we) (?:do not|don'?t|cannot|can'?t) (?:use|read|do) (?:email|e-?mails|a computer|"
    r"computers|the internet|texts?|a mobile(?: phone)?)(?: (?:at all|any more|anymore))?[.!]?|"
    # "Please send all correspondence to this office: Office of …", "Mr Nowak's first
    # language is Polish", "if you contact him directly, please arrange a Polish interpreter"
    # (played resident tk-05, twentieth session: each filed as a point)
    r"(?:please )?(?:send|address|direct) (?:all |any )?(?:correspondence|letters|replies|"
    r"your (?:reply|response))(?: about this)? to (?:me|us|this office|our office|the office)\b"
    r"[^.!?]{0,160}[.!]?|"
    r"(?:(?:mr|mrs|ms|miss|dr)\.? )?(?:[A-Z][\w'-]+'?s?|his|her|their|my) (?:first|main|"
    r"only) language is [A-Za-z]+(?:[,;]? (?:and|so|but) [^.!?]{0,80})?[.!]?|"
    r"(?:(?:mr|mrs|ms|miss|dr)\.? )?(?:[A-Z][\w'-]+|he|she|they) (?:only )?speaks? [A-Z][a-z]+ "
    r"and (?:will )?(?:needs?|requires?) an? [A-Za-z]+ interpreter[^.!?]{0,40}[.!]?|"
    r"(?:if you (?:contact|call|ring|visit|write to) (?:him|her|them|the tenant|the resident)"
    r"(?: directly)?,? )?(?:please )?(?:arrange|book|use|provide) (?:an?|the) [A-Za-z]+ "
    r"interpreter[^.!?]{0,60}[.!]?",
    re.IGNORECASE)
# A sentence about the person written for, in a letter or an advocate's account: "Ms Okonjo
# uses a wheelchair.", "Dad has Alzheimer's." (played residents tk-07, tk-08, twentieth
# session: each filed as a point). Only who they are, never a matter.
_ABOUT_THEM = re.compile(
    r"(?:(?:mr|mrs|ms|miss|dr|mx)\.? [A-Z][\w'-]+|(?:my|our|his|her) (?:\w+ )?(?:mum|mam|mother|"
    r"dad|father|nan|gran|grandad|grandmother|grandfather|son|daughter|brother|sister|client|"
    r"tenant|neighbour|husband|wife|partner)|mum|mam|dad|he|she)\b", re.IGNORECASE)
# Remarks about consent, not matters: "I haven't actually asked Mark if I can do this yet to
# be honest", "he's not great with this sort of thing, but I'll talk to him this weekend"
# (played resident tk-10, twentieth session: both filed as points).
_CONSENT_REMARK = re.compile(
    # "I have not yet been able to get Ms Haile's written consent…; I will be visiting her
    # on Tuesday with an interpreter and will get it then." (played resident tn-05)
    r"i (?:have not|haven'?t|havent) (?:yet )?(?:been able to )?(?:get|got|obtain|obtained|had) "
    r"[^.!?]{0,40}\b(?:consent|permission|authority)\b[^.!?]{0,160}[.!]?|"
    r"i (?:will|'ll) be (?:visiting|seeing|meeting) (?:her|him|them)\b[^.!?]{0,100}[.!]?|"
    r"(?:to be honest,? |tbh,? )?i (?:haven'?t|have not|havent) (?:actually |yet |really )?"
    r"(?:asked|checked with|spoken to|talked to|told) (?:him|her|them|[A-Z][\w'-]+)(?: yet)? "
    r"(?:if|whether|about|that) [^.!?]{0,60}[.!]?|"
    r"(?:[^.!?]{0,60}\bbut )?i'?ll (?:talk|speak|ask|check) (?:to |with )?(?:him|her|them|"
    r"[A-Z][\w'-]+)\b(?: about it)?(?: (?:this|at the|on|over the|tomorrow|later|soon)[^.!?]{0,30})?[.!]?",
    re.IGNORECASE)
# What comes before an account without being part of it: "sorry is this the right place",
# "I'm not sure how to say this.", "I'm sorry to bother you but I don't know who else to
# ask.", "I did not wish to mention it but I am told I should." (retired v14 filed each).
_BEFORE_THE_ACCOUNT = re.compile(
    r"(?:(?:(?:hi|hello|ok|so|and|but|oh)[\s,]+)*(?:sorry[\s,]+)?(?:"
    # "I hope I'm doing this right, my grandson set it up for me. I don't like to make a fuss
    # but…", "I need to report something serious.", "Two things I know for sure." (retired
    # v25: each filed as a point)
    r"i hope (?:i'?m|i am) doing (?:this|it) (?:right|properly)|"
    r"(?:my|our) (?:grandson|granddaughter|grandaughter|son|daughter|niece|nephew|neighbou?r|friend|"
    r"carer|grandkids|grandchildren) (?:set|put) (?:it|this|this chat|the app|the phone) (?:up|on) "
    r"for (?:me|us)|"
    r"(?:i|we) (?:don'?t|do not) (?:like|want|wish) to (?:make a fuss|be a nuisance|cause (?:any |"
    r"more )?trouble|moan|bother anyone)|"
    r"(?:i'?m|i am|im) (?:writing|messaging|getting in touch|contacting you|on here) (?:because|as|"
    r"coz|cos) (?:i )?(?:honestly |really |just |genuinely )?(?:don'?t|do not|dont) know (?:what "
    r"else to do|who else to (?:ask|turn to|contact)|where else to (?:go|turn))|"
    r"(?:i|we) (?:need|want|have) to (?:report|tell you about|raise) something(?: (?:serious|"
    r"important|urgent))?|(?:two|three|a few|some) things (?:i know for (?:sure|certain)|i need to "
    r"(?:say|tell you))|"
    r"(?:is this|am i (?:in|at|on)|have i got|i hope this is|i hope i'?m (?:in|at)) the right "
    r"(?:place|number|people|person|team|department|way)(?: (?:for|to) (?:this|ask|complain))?|"
    r"(?:i'?m|im|i am) not (?:sure|certain) (?:how to (?:say|put|explain|word|start) (?:this|it)|"
    r"(?:if|whether) (?:this is|i'?m in) the right (?:place|way|number))|"
    r"(?:i'?m |im |i am )?(?:so |really |very )?sorry to (?:bother|trouble|message|write to) you"
    r"(?: again)?(?:,? (?:but|and) i (?:don'?t|do not) know (?:who|where|what) else to "
    r"(?:ask|turn to|go|do|contact))?|"
    r"i (?:don'?t|do not) know (?:who|where) else to (?:ask|turn to|turn|go|contact)|"
    # "I'm not very good with these things but my grandson set it up for me." (retired v14)
    r"(?:i'?m|im|i am) not (?:very |that |too |much )?(?:good|great) (?:with|at) (?:these|this|"
    r"computers|technology|phones|typing|writing|chat)(?: things)?(?:,? (?:but|so) [^.!?]{0,60})?|"
    r"i (?:did not|didn'?t) (?:wish|want|like) to (?:mention|say) (?:it|this|that)(?:,? but "
    r"(?:i(?:'m| am| was|'ve been| have been) told|someone (?:said|told me)) i should)?)"
    r"[\s.!?…,]*)+", re.IGNORECASE)
# A name signed after the last sentence of a one-line message: "… withdrawal of that letter.
# R. J. Castleton (Mr)", "… looked into. Mrs Beryl Tranter, flat 4." Only with a title or
# initials, so "… Nobody came." is never taken for one.
_SIGNATURE = (r"(?:(?i:mr|mrs|ms|miss|dr|mx)\.?\s+(?:[A-Z]\.\s*)*[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2}"
              r"|(?:[A-Z]\.\s*){1,3}[A-Z][\w'-]+(?:\s*\((?i:mr|mrs|ms|miss|dr|mx)\))?)"
              r"(?:,\s*(?i:flat|no\.?|number)\s*\d+\w?)?")
_SIGNED_AT_END = re.compile(r"(?<=[.!?])\s+" + _SIGNATURE + r"\s*\.?\s*$")
_SIGNATURE_ONLY = re.compile(_SIGNATURE + r"\s*\.?")
# "I believe I have set it out above.", "It's all in my message": what they told already,
# pointed at, not a matter (played residents, fifteenth session).
# The same, as a lead-in to the answer itself: "I have already set that out: …".
_SAID_ABOVE_LEAD = re.compile(
    r"^\W*(?:as (?:i|we) said|i(?:'ve| have)? (?:already )?(?:set|put|said|told you|explained)"
    r"(?: (?:that|this|it))?(?: out)?(?: above| already| in (?:my|the) (?:letter|message))?)"
    r"\s*[:,-]\s*(?=\w)", re.IGNORECASE)


def after_said_above(text: str) -> str:
    """The answer without a lead-in pointing back at what was said ("As I said: …")."""
    lead = _SAID_ABOVE_LEAD.match(text)
    return text[lead.end():] if lead and content_words(text[lead.end():]) else text


_SAID_ABOVE = re.compile(
    r"(?:(?:i|we) (?:believe|think) )?(?:i|we) (?:have|'ve) (?:already )?(?:set|put|laid|written|"
    r"explained|said|covered|told you|listed)(?: (?:it|this|that|everything|all (?:of )?(?:that|"
    r"this|it)))?(?: out)? (?:above|already|in my (?:first )?(?:message|letter|email))\W*|"
    r"(?:it'?s|its|everything'?s|it is) (?:all )?(?:in|above in) my (?:first |last )?(?:message|"
    r"letter|email)\W*", re.IGNORECASE)
# A pasted email's furniture in the middle of an account (retired v17: each filed as a
# point): its header ("From: Lauren Petty Sent: 11 November To: Adaptations Team Subject:
# Rahman family - adaptation request Good afternoon"), a sign-off with the name and post
# under it ("Kind regards, Lauren Petty Social Worker, … 07700 900734"), a name on its own
# line ("Hayley Corrigan").
_EMAIL_FURNITURE = re.compile(
    r"From:[^\n]{1,200}?\b(?:Sent|Date):[^\n]{1,80}?\bTo:[^\n]{1,120}?\bSubject:\s*(?:\S+\s+){0,15}?"
    r"\S*\s*(?:(?:Good (?:morning|afternoon|evening)|Dear \w+(?: \w+)?|Hi(?: \w+)?|Hello(?: \w+)?)"
    r"\W*)?|"
    r"(?i:(?:kind|best|warm|warmest) (?:regards|wishes)|regards|yours (?:sincerely|faithfully|"
    r"truly)|many thanks|with thanks|best),?\s+[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2}\b[^.!?]{0,160}")
# A name on a line of its own ("Hayley Corrigan"), told from two or three capitalised words
# that say something ("Nobody Came", "Still Broken", "Help Needed").
_BARE_NAME = re.compile(r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+)?[A-Z][a-z'’-]+"
                        r"(?:\s+[A-Z][a-z'’-]+){1,2}\.?")
_NOT_NAME_WORDS = frozenset("""nobody no one never not still help please again broken leak
leaking damp mould thanks thank you urgent now today why what when how who came come did done
this that the my your our and but very""".split())


def only_a_name(text: str | None) -> bool:
    """Two or three capitalised words that name someone and say nothing else ("Hayley
    Corrigan", "Dev Patel"; not "Nobody Came", "Oakwood Court")."""
    said = (text or "").strip()
    if not _BARE_NAME.fullmatch(said) or names_a_place(said):
        return False
    words = [w.lower().rstrip(".") for w in said.split()]
    return not any(w in _NOT_NAME_WORDS or w.endswith(("ed", "ing")) for w in words)


# "ugh ok 🙄 cleaners havent come…", "omg yes 😤 the light…", "Hiya 👋 the cleaners…": a
# sigh, a greeting or an emoji before the matter is not part of it (played residents,
# eleventh session). Only when an emoji or punctuation marks where it ends.
_SIGH_BEFORE = re.compile(
    r"^(?:(?:ugh+|urgh+|omg|oh my (?:god|days)|ok+|okay|right|well|so|erm+|um+|lol|yes|yeah|"
    r"yep|ye|hi+|hiya|hello|hey|oh)\b[\s,]*)+(?:[^\w\s£$€'\"(]+\s*)+(?=\w)", re.IGNORECASE)


# "Put that, because that's what's got me wound up.", "…swollen as well, put that on."
# (retired v15): asking us to write it down, not part of the matter.
_PUT_THAT = re.compile(r"^(?:(?:so|and|oh|please|just)\W+)*(?:put|add|include|write|note) "
                       r"(?:that|this|it)(?: (?:on|in|down|too|as well|please))*\b[\W]*"
                       r"(?:(?:because|cos|as|coz)\b[^.!?]*)?[.!]*$", re.IGNORECASE)
_PUT_THAT_AFTER = re.compile(r"[,;–—-]\s*(?:(?:so|and|please|just)\s+)*(?:put|add|include|"
                             r"write|note) (?:that|this|it)(?: (?:on|in|down|too|as well|"
                             r"please))*\s*[.!]*$", re.IGNORECASE)


# "Since you ask, yes.", "Well, now you mention it, the caretaker…", "Come to think of it,
# …": a reply's lead-in, no part of the matter (played residents, fifteenth session).
_REPLY_LEAD_IN = re.compile(
    r"^(?:(?:well|oh|ok|okay|and|so)[\s,]+)*(?:since you (?:ask|mention it)|now (?:that )?you "
    r"(?:mention|ask|say) it|come to think of it|funny you should ask|as it happens|"
    r"(?:yes|yeah),? (?:there is|there'?s) (?:one|something)(?: (?:more|else))?|"
    # "yeh the guy in sept sed…", "I forgot one thing - …", "The main thing: …" (played
    # residents, twenty-first session: kept at the start of the point)
    r"(?:yes|yeah|yeh|yep|yh|ye|aye|yup)(?=[\s,.!:;-])|i (?:forgot|missed|left out) (?:one|a|"
    r"something|the other)(?: (?:thing|bit|more thing))?|(?:and )?(?:the )?main thing(?: is)?)"
    r"(?:[\s,]+(?:yes|yeah|there is|there'?s one thing))?[\s,.:;!-]*", re.IGNORECASE)


def _without_interjection(point: str) -> str:
    lead = _REPLY_LEAD_IN.match(point) or _COMPLAIN_ABOUT_LEAD.match(point)
    if lead and lead.end() < len(point) and len(content_words(point[lead.end():])) >= 2:
        rest = point[lead.end():]
        point = rest[:1].upper() + rest[1:]
    kept = _PUT_THAT_AFTER.sub(".", point)
    if kept != point and len(content_words(kept)) >= 2:
        point = kept
    rest = _SIGH_BEFORE.sub("", point, count=1)
    if rest == point:
        # "Hiya my kitchen tap is leakin" (played resident et-01): no comma after the hello
        rest = _HELLO_BEFORE.sub("", point, count=1)
    if rest == point or len(content_words(rest)) < 2:
        return point
    return rest[:1].upper() + rest[1:]


_NOT_A_COMPLIMENT = re.compile(r"\b(?:that|it|this)(?:'s| is| was)? ?(?:not|n'?t|wasn'?t|isn'?t) "
                               r"(?:meant as )?(?:a )?compliment\b|\bnot (?:a )?compliment\b",
                               re.IGNORECASE)


def not_a_compliment(text: str | None) -> bool:
    """"That wasn't a compliment.": what was read as praise was not."""
    return bool(_NOT_A_COMPLIMENT.search(text or ""))


_HELLO_BEFORE = re.compile(r"^(?:hiya|hi+|hello|hey|morning|evening)\s+(?=(?:my|the|our|i|i'?m|im|"
                           r"we|its|it'?s|there|theres|there'?s|your|ur)\b)", re.IGNORECASE)
# Retorts and remarks to us, not matters (played residents, eighteenth session: "why",
# "Recorded WHAT?", "But what about my complaint??", "I said it's a complaint.", "It's all
# in what I wrote", "I have set out the matter above.", "My error, I do apologise.").
_RETORT = re.compile(
    r"(?:(?:but|and|so|ok|okay)\s+)?(?:why|what|how|eh|huh|pardon|seriously|really)\W*|"
    r"(?:\w+\s+){0,2}what\s*\?+[!?]*|"
    r"(?:(?:but|and|so)\s+)?what about (?:my|the|our) (?:complaint|repair|request|question|"
    r"report)\W*|"
    r"(?:i|i'?ve|i have) (?:already |just )?(?:said|told you)(?: that)? (?:it'?s|it is|this is|"
    r"i want) (?:a |to make a )?complain(?:t)?\W*(?:obviously\W*)?|"
    r"(?:it'?s|its|everything'?s|it is) (?:all )?in (?:what|the (?:letter|message|email) )?"
    r"(?:i|what i) (?:wrote|sent|said|typed)(?: above| already| before)?\W*|"
    r"(?:i|we) (?:have|'ve) (?:already )?(?:set|put|laid) (?:out )?(?:the|my|our|this|these) "
    r"(?:matters?|details|facts|complaint|points?)(?: out)? (?:above|already|in my (?:letter|"
    r"message))\W*|"
    r"(?:(?:my|sorry,?\s+my) (?:error|mistake|bad)[,.]?\s*)?(?:i do |i )?(?:apologi[sz]e|"
    r"am sorry)(?: for (?:that|the (?:error|mistake|confusion)))?\W*|sorry,? my (?:error|mistake)\W*|"
    r"(?:that|it|this) (?:wasn'?t|was not|isn'?t|is not) (?:meant as )?(?:a )?compliment\W*|"
    # Said to the assistant about the conversation (played residents, twentieth session,
    # each filed as a point): "Did you read anything I just wrote?", "Which bit wasn't
    # clear?", "You did not answer me", "U changed the wrong bit", "Right so I'll try and
    # explain this, bear with me."
    r"(?:(?:but|and|so|hello|hi)\W+)?(?:did|do|have|are) (?:you|u) (?:even |actually )?(?:read|"
    r"listen(?:ing)?|look(?:ed)? at|understand)\b[^.!?]{0,40}\W*|"
    r"(?:which|what) (?:bit|part)(?: of (?:it|that|this))? (?:wasn'?t|was not|isn'?t|is not|did "
    r"(?:you|u) not|didn'?t (?:you|u)) (?:clear|understand)\W*|"
    r"(?:you|u) (?:did not|didn'?t|have not|haven'?t|never) (?:answer(?:ed)?|listen(?:ed)? to|"
    r"read) (?:me|my question|what i (?:said|wrote|asked))\W*|"
    r"(?:you|u|you'?ve|uve|you have) (?:changed|got|put|added|taken out|removed) the wrong "
    r"(?:bit|part|thing|one|point|line)\W*|"
    r"(?:(?:right|ok|okay|so|well)\W+)*(?:i'?ll|ill|let me|i will|i'?m going to|im going to|"
    r"i'?m gonna) (?:try (?:and|to) )?(?:explain|start|begin|go through|set out)(?: (?:this|it|"
    r"everything|it all|from the (?:start|beginning)))?(?:\W+bear with me)?\W*|"
    r"(?:please )?bear with me\W*|"
    # "I tell you already.", "Sorry, I know that's not really a complaint." (played
    # residents, twentieth session: each filed as a point)
    r"(?:but |and )?i (?:tell|told|said|say)(?: (?:you|u|it|this|that))? (?:already|before|"
    r"earlier|at the start)\W*|"
    r"(?:sorry,? )?i know (?:that'?s|this is|it'?s|that is|it is) not (?:really |strictly )?"
    r"(?:a complaint|your (?:fault|problem)|an emergency|about (?:the|my) \w+)\W*|"
    # "With respect, that is what I was told in September." (played resident tl-04,
    # twentieth session: a point, the summary and the earlier report)
    r"(?:with (?:the greatest |all due )?respect,? )?(?:that(?:'s| is| was)|so (?:i was|we were)) "
    r"(?:exactly )?(?:what )?(?:i was|we were|they|you) (?:told|promised|said)(?: (?:me|us))?"
    r"(?: (?:before|last time|in \w+|last \w+|\w+ (?:weeks?|months?) ago))?\W*",
    re.IGNORECASE)


# Said to be no part of the complaint: "That's a question rather than a complaint."; or a
# question about acting for them: "I'm not sure if I'm allowed to deal with this for him?"
_NOT_PART = re.compile(
    r"(?:that'?s|this is|it'?s) (?:just |only )?a question(?: rather than a complaint)?\W*$|"
    r"rather than a complaint\W*$|\ballowed to (?:deal with|do|raise|handle|report) "
    r"(?:this|it) (?:for|on behalf of) (?:him|her|them|my \w+)\W*\?\W*$", re.IGNORECASE)


def _asks_us(point: str) -> bool:
    """A short question put to us ("Can someone come today?", "so whats happening with the
    damp now?", "Who do I complain to?"): answered in the conversation, not a matter.
    "Why has nobody come?" is a matter put as a question, and stays one."""
    if _NOT_PART.search(point.strip()):
        return True
    said = re.sub(r"^(?:so|and|but|also|oh)\b[\s,]*", "", point.strip(), flags=re.IGNORECASE)
    # "Thank you. Is this going to be different from the other times?" (a played resident)
    said = re.sub(r"^(?:thanks|thank you|thank u|ta|ok|okay|right)(?: (?:so much|very much))?"
                  r"[.!,]+\s*", "", said, flags=re.IGNORECASE)
    return bool(said.endswith("?") and len(said.split()) <= 14 and (
        _QUESTION_TO_US.match(said) or re.match(r"(?:what'?s|whats) happening\b|where (?:do|can|"
                                                 r"should) i\b|what (?:am i|are we|do i|do we|"
                                                 r"should i|should we|can i|can we) (?:meant to |"
                                                 r"supposed to |going to |gonna |to )?do\b",
                                                 said, re.IGNORECASE)))


def _matter_words(text: str) -> set[str]:
    return {w.rstrip("s") if len(w) > 3 else w for w in content_words(text)}


def told_already(point: str, earlier: list[str]) -> bool:
    """Whether a point only repeats what the earlier points say: at least four in five of
    its words of substance are in them ("LIFT BROKEN 3 WEEKS" after "The lift has been
    broken for 3 weeks", "the compensation" after "I want compensation for the days I
    lost"). Asked for a little more, residents often say the opening again."""
    words = _matter_words(point)
    if not words:
        return False
    seen = set().union(*(_matter_words(e) for e in earlier)) if earlier else set()
    return len(words & seen) >= 0.8 * len(words)


_HOW_OFTEN = re.compile(r"(?:(?:and|that'?s|it'?s|its)\s+)?(?:twice|three times|four times|again|"
                        r"x\s?\d|\d\s?x|(?:twice|again) now|every (?:time|week|day))[.!]*",
                        re.IGNORECASE)
_OMITTED = re.compile(
    r"^\W*(?:(?:yes|yeah|no|nearly|but|and|also)\W+)*(?:you(?:'ve| have)?|u(?:'ve)?) (?:omitted|"
    r"missed(?: out)?|left out|forgot(?:ten)?(?: to (?:mention|put|add|include|say))?|not "
    r"(?:mentioned|included|put))(?: (?:the (?:bit|part|point) )?(?:that|about|where))?\s+(\w)",
    re.IGNORECASE)


def more_points(points: list[str] | None, text: str | None) -> list[str]:
    """The points so far with the matters in ``text`` after them, none twice (Code 6.7):
    a matter that only repeats the earlier points is not added again."""
    earlier = list(points or [])
    added: list[str] = []
    # "You have omitted that I am worried about repercussions from the neighbour" (played
    # resident to-08, twentieth session: filed word for word): the matter, without the lead-in.
    text = _OMITTED.sub(lambda m: m.group(1).upper(), text or "", count=1)
    if earlier and (_SHORT_FACT.fullmatch(text.strip()) or _HOW_OFTEN.fullmatch(text.strip())) \
            and len(text.split()) <= 3:
        # "plumber no show" then "twice" to "anything else?" (played resident tm-07,
        # twentieth session: filed as a point of its own): more of the last point.
        return [*earlier[:-1], f"{earlier[-1].rstrip(' .')} {text.strip()}"]
    for point in split_points(text, keep_something=not earlier):
        if point not in earlier and not told_already(point, earlier + added):
            added.append(point)
    return earlier + added


_INTRODUCTION = re.compile(
    r"^(?:(?:hello|hi|good (?:morning|afternoon|evening))[,.!]?\s*)?(?:i'?m|i am|we are|"
    r"we're|my name is|this is|i work|i'?m writing|i am writing|we are writing|"
    r"on behalf of\b.{0,80}?\b(?:i|we) (?:write|am writing|are writing)|(?:i|we) write)\b",
    re.IGNORECASE)
# "Hi its 4 kestrel court.", "This is 12 Elm Road, flat 3": where, not what went wrong.
_ADDRESS_ONLY = re.compile(
    r"^(?:it'?s|its|this is|i'?m at|i am at|i live at|we'?re at|we live at|(?:he|she|they|"
    r"mum|dad|my \w+|her \w+|his \w+) lives? at|from|at|address)[\s:,-]+"
    r"(?:flat|no\.?|number|apartment|apt)?\s*\d+[a-z]?\b[\w\s,'-]{0,60}?\b" + _STREET + r"\b"
    r"[\w\s,'-]{0,30}[.!]?$", re.IGNORECASE)
_ROLE = re.compile(
    r"\b(?:on behalf of|supporting|representing|advocate|advis[eo]r|support worker|"
    r"caseworker|case worker|key worker|councillor|charity|citizens advice|solicitor|"
    r"law centre|social worker|personal adviser|writing for|acting for|\bMP\b|constituent|"
    r"(?:his|her|their) (?:daughter|son|carer|niece|nephew|grandson|granddaughter|partner|"
    r"wife|husband|sister|brother|neighbour|friend|support worker|advocate)|"
    r"(?:messaging|texting|emailing|contacting you|getting in touch|here|writing) "
    r"(?:for|about|on behalf of)|"
    r"(?:daughter|son|carer|niece|nephew|grandson|granddaughter|partner) of|"
    r"(?:worker|officer|adviser|advisor|coordinator|navigator|practitioner|nurse|carer|"
    r"volunteer|therapist|\bOT) (?:with|from|at|for)|(?:a|an|the|his|her|their) (?:paid |family |"
    r"tenancy |housing |support |sustainment |community |mental health )*(?:carer|"
    r"(?:sustainment|support|key|case|outreach) worker))\b",
    re.IGNORECASE)
_GRIEVANCE = re.compile(r"\b(?:complain\w*|unhappy|not|never|no|failed|still|but|because|"
                        r"nobody|no one|leak|broken|damp|mou?ld|waiting|since)\b",
                        re.IGNORECASE)
_CONSENT_STATEMENT = re.compile(
    # "Mrs Barker has given her written consent for us to act, which I can forward.", "My
    # client Leanne Price (…) has given me written consent to help her with this.", "we act
    # for your tenant Mr Lewis under his signed letter of authority." (played residents)
    r"^(?:(?:my|our) client |the (?:resident|tenant) )?(?:(?:mr|mrs|ms|miss|dr)\.? )?(?:[A-Z][\w'-]+ )"
    r"{0,2}(?:\([^)]{0,60}\) )?(?:has|have) (?:given|signed)\b[^.!?]{0,60}\b(?:consent|permission|"
    r"authority|mandate)\b[^.!?]{0,60}[.!]?$|"
    r"^(?:we|i) (?:act|are acting|am acting) (?:for|on behalf of) [^.!?]{0,80}\b(?:under|with) "
    r"(?:his|her|their|a|the) (?:signed |written )?(?:letter of authority|authority|consent|"
    r"mandate|instructions)\b[^.!?]{0,30}[.!]?$|"
    r"^(?:(?:he|she|they|we|i)\s+(?:has|have|'ve)\s+(?:given|signed|got)|"
    r"(?:we|i)\s+(?:have|hold|'ve got)\s+(?:his|her|their|the|a)\s+(?:written |signed )?"
    r"(?:consent|permission|authority))\b.{0,80}$|^(?:i'?m|i am|we are|we're) (?:writing|"
    r"getting in touch|contacting you) with (?:his|her|their) (?:permission|consent)\b"
    r"[^.]{0,40}[.!]?$|^please (?:direct|send|address|copy) "
    r"(?:all |any )?(?:correspondence|letters?|replies|contact|emails?)\b.{0,80}$",
    re.IGNORECASE)


# "I'm Gary from number 6.", "This is Mrs Okafor at flat 3, Elm Court."
_NAME_FROM = re.compile(r"^(?i:i'?m|i am|this is|it'?s)\s+(?:(?i:mr|mrs|ms|miss|dr)\.?\s+)?"
                        r"[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?\s+(?i:from|at|in)\s+(?i:number|no\.?|"
                        r"flat|house)?\s*\d+[a-zA-Z]?\b[\w\s,'-]{0,40}[.!]?$")
_NAME_ONLY = re.compile(r"^(?i:my name(?: is|'s)?|i am|i'm|this is)\s+(?:(?:Mr|Mrs|Ms|Miss|"
                        r"Dr)\.?\s+)?[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2}[.!]?$|"
                        # A signed name with its title, alone: "Cllr Martin Oyelaran", "Cllr
                        # Sam Bhatti." (retired v11: filed as points)
                        r"^(?:Cllr|Councillor|Mr|Mrs|Ms|Miss|Mx|Dr|Rev|Revd|Prof)\.?\s+"
                        r"(?:[A-Z]\.?\s+)?[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2}[.!]?$")


# "Bit of a long one I'm afraid.", "I'll try and explain." — a preamble, not a matter.
_PREAMBLE = re.compile(
    r"^(?:(?:sorry|apologies),?\s+)?(?:(?:this is|it'?s) )?(?:a )?(?:bit of a long one|(?:a )?"
    r"(?:bit|little) (?:long|complicated)|long (?:one|message|story))(?:,? i'?m afraid)?"
    r"[.!]*$|^i'?ll try (?:and|to) explain[.!]*$|^(?:where|not sure where) (?:do i|to) "
    r"(?:start|begin)[.!?]*$|^(?:this is|it'?s) (?:a bit |quite )?complicated[.!]*$",
    re.IGNORECASE)


_STREET_WORD = re.compile(r"(?:" + _STREET + r"|(?i:flat|apartment|no))$")


def _only_contact_details(sentence: str) -> bool:
    """A sentence that is a name, a phone, an email or an address and nothing else."""
    if not (find_phone(sentence) or find_email(sentence) or find_postcode(sentence)):
        return False
    rest = _POSTCODE.sub(" ", without_contact_details(sentence))
    rest = re.sub(r"\b(?i:my name is|name|i am|i'?m|this is|phone|tel|mobile|email|address|"
                  r"at|and|on)\b", " ", rest)
    # "…, call me", "text me please": how to reach them, said with the details.
    rest = re.sub(r"\b(?i:(?:please )?(?:call|ring|phone|text|email|contact) (?:me|us)"
                  r"(?: back)?(?: please| asap| any ?time)?)\s*[.!]*\s*$", " ", rest)
    words = re.findall(r"[A-Za-z][\w'-]*", rest)
    # What is left is a name and an address: capitalised words, street words, numbers.
    return len(words) <= 10 and all(w[0].isupper() or _STREET_WORD.match(w) for w in words)


# Who the letter is for, and who the writer is to them (retired v15: filed as points):
# "I'm writing about my neighbour, not me.", "Writing about our block (Maple House)", "I'm
# my dad's main carer (Harold Mensah, 27 Beech Avenue).", "I help Daniel Price at 10
# Greenway Close, who has a learning disability.", "my nan is your tenant (Mrs Pearl
# Ingham, 33 Wharf Lane). She's 89.", "I write with translator so sorry if it is strange."
_WHO_FOR = re.compile(
    r"^(?:(?i:i'?m|i am|we'?re|we are) )?(?i:writing|messaging|texting|emailing|contacting you|"
    r"getting in touch) (?i:about|regarding|re|for|on behalf of) (?i:my|our|the|her|his|their) "
    r"[\w' -]{1,30}?(?: \([^)]{0,60}\))?(?:,? (?i:not (?:me|myself|mine)))?[.!]?$|"
    r"^(?i:i'?m|i am) (?i:my|his|her|their|[\w'-]+'s) (?:[\w'-]+'s )?(?i:main |full[- ]time |"
    r"unpaid |paid |only )?(?i:carer|support worker|advocate|next of kin|attorney|key worker)"
    r"(?: \([^)]{0,80}\))?[.!]?$|"
    r"^(?i:i|we) (?i:help|support|look after|care for|work with|advocate for) (?:(?i:mr|mrs|ms|"
    r"miss|dr)\.? )?[A-Z][\w'-]+(?: [A-Z][\w'-]+)?\b[^.!?]{0,80}[.!]?$|"
    r"^(?i:my|our) (?:\w+ )?(?i:nan|gran|granny|nana|mum|mam|mother|dad|father|grandad|"
    r"grandfather|grandmother|aunt|auntie|uncle|son|daughter|brother|sister|neighbour|client|"
    r"friend|partner) (?i:is|has been) (?i:your|a|one of your) (?i:tenants?|residents?|"
    r"leaseholders?)\b(?: \([^)]{0,80}\))?[^.!?]{0,40}[.!]?(?:\s+(?i:she|he)(?:'s| is) "
    r"\d{2}[.!]?)?$|"
    r"^(?i:i |we )?(?i:write|am writing|writing|use|using|type|typing)(?i: this)? (?i:with|through|"
    r"using|in|via) (?i:a |an |the )?(?i:translator|translation app|translate app|google "
    r"translate|translation)\b[^.!?]{0,50}[.!]?$")


# A helper's introduction in few words, often in a second language (played resident tk-02,
# twentieth session: "Salam. I am neighbour of Mrs Farida Rahimi, flat 22 Beech House. She
# speak Dari only, no English. I translate for her. She ask me to write." was taken for a
# repair and logging started before anything had gone wrong).
_HELPER_INTRO = re.compile(
    r"^(?:i'?m|i am|im)\s+(?:the\s+|a\s+|her\s+|his\s+|their\s+)?(?:next[- ]door\s+)?"
    r"(?:neighbou?r|friend|carer|helper|interpreter|translator)\s+(?:of|to|for)\s+"
    r"[^.!?]{1,80}[.!]?$|"
    r"^(?:i|we)\s+(?:translate|interpret|write|read (?:her|his|their) letters|help)\s+(?:for|to)?\s*"
    r"(?:her|him|them)(?:\s+(?:with (?:letters|forms|english|the phone)|sometimes|always))?[.!]?$|"
    r"^(?:she|he|they)\s+(?:ask|asked|asks|want|wants|wanted)\s+me\s+(?:to\s+)?(?:write|message|"
    r"contact you|help|tell you)[.!]?$", re.IGNORECASE)
_RELATIVES = (r"(?:mum|mother|mam|mom|dad|father|nan|nana|gran|granny|grandma|grandmother|grandad|"
              r"grandfather|son|daughter|sister|brother|aunt|auntie|uncle|niece|nephew|wife|"
              r"husband|partner|neighbou?r|friend|client|tenant)")
_WHO_THEY_ARE_TO_THEM = re.compile(
    r"^my name(?:'s| is)\s+[^,.;!?]{1,40}[,;]?\s+(?:and\s+)?(?:my|i'?m (?:her|his|their))\s+"
    + _RELATIVES + r"(?:'s name)?\s+(?:is|lives)\b[^.!?]{0,80}[.!]?$|"
    r"^(?:i|we)\s+(?:live|am|'m)\s+(?:next door|opposite|upstairs|downstairs|below|above|across "
    r"the (?:road|landing|hall))\s*(?:to|from)?\s+(?:(?:mr|mrs|ms|miss|dr|mx)\.?|my|our|her|his)\s+"
    r"(?![^.!?]*\b(?:who|which|that|they|play|plays|playing|noise|music|parties|party|shout\w*)\b)"
    r"[^.!?]{1,80}?(?:\s+and\s+(?:i|we)\s+(?:help|look "
    r"after|care for|check on|shop for)\b[^.!?]{0,60})?[.!]?$", re.IGNORECASE)
_SPEAKS_ONLY = re.compile(
    r"^(?:she|he|they)\s+(?:only\s+)?(?:speak|speaks|talk|talks)\s+(?:only\s+)?[A-Z][a-z]+"
    r"(?:\s+only)?(?:,?\s+(?:no|not|little|very little|not much)\s+english)?[.!]?$",
    re.IGNORECASE)


def only_who_they_are(sentence: str) -> bool:
    """A short sentence that only says who the resident is: "He has Alzheimer's.", "She's 91
    and registered blind." (played residents, thirteenth session: an attorney's introduction
    with it was told "I can't answer that here")."""
    said = sentence.strip()
    # "Darren has a learning disability and finds phone calls very hard.", "She's 82 and has
    # used a wheelchair since a stroke last year." (played residents, eighteenth session:
    # a repair was offered before anything had gone wrong)
    return len(said.split()) <= 16 and (plainly_vulnerable(said) or says_vulnerable(said)) and \
        not _GRIEVANCE.search(said) and not _PROBLEM.search(said)


def without_introduction(text: str | None) -> str | None:
    """The account without the sentences that only say who is writing ("I'm ringing on
    behalf of my mum really, well typing. My name is Daniel…": played residents, twenty-first
    session, a repair's description began so). Unchanged when nothing else is left."""
    if not text:
        return text
    kept = [s for s in sentences(text) if not introduces_writer(s)]
    return " ".join(kept) if kept and len(kept) < len(sentences(text)) else text


def introduces_writer(sentence: str) -> bool:
    """'I'm an independent advocate with a mental health charity.', 'I'm supporting a
    tenant of yours, Mr X, Flat 6, Y House.', 'We have his written consent.', 'My name
    Hamid.'"""
    said = _GREETING_START.sub("", sentence.strip(), count=1)
    said = re.sub(r"^(?:(?:hi|hello|hiya|hey|morning|evening|afternoon|right|ok|okay|well|so|"
                  r"um|erm)\b[\s,.!]*)+", "", said, flags=re.IGNORECASE)
    said = re.sub(r"^[^\w(\"'£]+", "", said)  # "😊 I'm a resettlement support worker…"
    if (_HELPER_INTRO.match(said) and not _GRIEVANCE.search(said) or _SPEAKS_ONLY.match(said)) \
            and not _PROBLEM.search(said):
        return True  # "I am neighbour of Mrs Farida Rahimi, flat 22…", "I translate for her."
    tenant = _RELATIVE_IS_TENANT.match(sentence.strip())
    if tenant and not _GRIEVANCE.search(sentence[tenant.end():]) and \
            not _PROBLEM.search(sentence[tenant.end():]):
        return True  # "hi, my brother Mark Ellis lives in one of your flats, 6 Sycamore House."
    if _WHO_FOR.match(said):
        rest = re.sub(r",? not (?:me|myself|mine)\b", "", said, flags=re.IGNORECASE)
        if not (_GRIEVANCE.search(rest) or _PROBLEM.search(rest)
                or re.search(r"\b(?:which|that|who)\b(?! (?:has|have|is|are) (?:a|an)\b)",
                             rest, re.IGNORECASE)):
            return True
    if re.match(r"^(?:(?:please )?see|as|it'?s all|it is all|all) (?:above|(?:in )?(?:my|our|the) "
                r"(?:first |last |earlier )?(?:message|letter|email)(?: above| below)?|before|"
                r"in the (?:first|last) message)\b[^.!?]{0,30}[.!?]*$", said, re.IGNORECASE) or \
            re.match(r"^(?:otherwise|apart from that|other than that|besides that),? "
                     r"(?:no|nothing|none|that'?s (?:it|all))\W*$", said, re.IGNORECASE):
        return True  # "see above.", "It's all in my letter above - points 1 to 3.", "Otherwise no."
    if _only_contact_details(said):
        return True  # "Name Tariq Hussain, 07700 900633, t@example.com, 5 Sefton Mews M14 7BB."
    if _NAME_WITH_ORGANISATION.match(said) and not _GRIEVANCE.search(said):
        return True  # "I'm Leah from the tenancy sustainment team at Hope Housing Support."
    if _WHO_THEY_ARE_TO_THEM.match(said) and not _GRIEVANCE.search(said) and \
            not _PROBLEM.search(said):
        # "My name is Daniel Okafor, my mum is Grace Okafor at 14 Linden Court.", "I live
        # next door to Mr Albert Finch at flat 22 and I help him out with shopping and
        # things." (played residents, twenty-first session: filed as points)
        return True
    if _TYPING_FOR.match(said) and not _GRIEVANCE.search(re.sub(
            r"\bno\.?\s*(?=\d)", "", _TYPING_FOR.sub("", said, count=1), flags=re.IGNORECASE)):
        # "Hello im typing this for my neighbour Mr Ernest Pike at no 9 Lavender Walk, hes
        # 88 and partially sighted.", "I hold Lasting Power of Attorney for my father."
        return True
    if re.match(r"^(?:name|tel|telephone|phone|mobile|email|e-mail|address|postcode)\s*[:-]",
                said, re.IGNORECASE) and len(said.split()) <= 12:
        return True  # "Name: Paul Okoro.", "Tel 07700 900679.": the details, not a matter
    if not re.search(r"[^\W_]", said):
        return True  # "hello.", "Hi there —"
    if _COURTESY.match(sentence.strip()) or _COURTESY.match(said):
        return True  # "Hello dear, I hope you're well.", "I'm hoping you can help."
    if re.match(r"^(?:this is |it'?s )?(?:a )?(?:bit of an?|an?) (?:odd|strange|weird|long|quick|"
                r"tricky|funny|complicated) one\W*$", said, re.IGNORECASE):
        return True  # "bit of an odd one."
    if re.match(r"^(?:the )?tenancy(?:'?s| is)? in (?:my|his|her|our|their) \w+?'?s? name\b",
                said, re.IGNORECASE) and not re.search(
                    r"\b(?:you|your|never|nobody|no one|still|wrong)\b", said, re.IGNORECASE):
        return True  # "tenancys in my husbands name hes offshore so im doing this"
    intro = re.sub(r"^(?:good (?:morning|afternoon|evening)\b|there\b)?[\W_]*", "", said,
                   flags=re.IGNORECASE)
    if _SELF_INTRO.match(intro) and not _GRIEVANCE.search(intro) and not re.match(
            # "I'm a bit deaf, that's why I asked her to repeat it." is a need, not who they
            # are (retired v14 lost it at the adjustments question, and the flag with it)
            r"(?:i'?m|im|i am)\s+(?:a bit |a little |quite |very |partially |profoundly |"
            r"severely |registered )?(?:deaf|blind|disabled|hard of hearing|sighted|autistic|"
            r"dyslexic|pregnant|unwell|ill|housebound|immobile)\b", intro, re.IGNORECASE):
        return True  # "I'm a probation officer.", "Cllr Ruth Adeyemi here, ward member"
    if _INTRO_ONLY.match(said) and not _GRIEVANCE.search(re.sub(r"\bcomplain\w*", " ", said)) \
            and not _MORE_GRIEVANCE.search(said):
        return True  # "I act for Mr Dwayne Fletcher, 5 Orchard Row."
    if _LETTER_FRAME.match(said) or (_WRITING_FOR.match(said) and not _GRIEVANCE.search(
            _NOT_AT_EASE.sub(" ", _WRITING_FOR.sub(" ", said, count=1)))):
        return True  # the letter about the letter: a disclaimer, "consent form attached"
    if _CONSENT_STATEMENT.match(said) or _NAME_ONLY.match(said) or _PREAMBLE.match(said) \
            or _ADDRESS_ONLY.match(said) or _NAME_FROM.match(said) or (
                len(said.split()) <= 10 and says_nothing_new(said)
                and not _GRIEVANCE.search(_APOLOGY.sub(" ", said))):
        return True  # ... or only courtesy: "my english not good sorry", "That's it."
    # "I'm a support worker and I want to make a complaint on behalf of my client.": who is
    # writing and that they complain, with nothing of what went wrong.
    rest = re.sub(r"\b(?:(?:i |we )?(?:want|would like|'d like|wish|am writing|are writing) "
                  r"to )?(?:make|raise|log|lodge|submit) (?:a |an )?(?:formal )?complaint\b|"
                  r"\bcomplain\b", " ", _INTRODUCTION.sub("", said, count=1),
                  flags=re.IGNORECASE)
    return bool(_INTRODUCTION.match(said) and _ROLE.search(said)
                and not _GRIEVANCE.search(rest))


# Who is writing, and asking for it to be logged (played residents, ninth session): "I
# act for Mr Dwayne Fletcher, 5 Orchard Row.", "My name is Graham Pearce and I am the
# tenant at 2 Beacon View.", "Please log a stage 1 complaint and confirm in writing",
# "Right so I don't normally do this sort of thing", "so can i complain now or what"
_MORE_GRIEVANCE = re.compile(r"\b(?:ignored|rude|refused|shouted|lost|damaged|threat\w*|wrong|"
                             r"(?:you|they) (?:have|'ve|did|didn'?t|never|won'?t))\b",
                             re.IGNORECASE)
_INTRO_ONLY = re.compile(
    r"(?:i|we) act (?:for|on behalf of)\b[^.!?;]{0,80}[.!?]?\s*$|"
    r"my name(?:'s| is) [^.!?;]{2,40}?(?:,| and) (?:i am|i'?m|im) (?:the |a )?(?:tenant|resident|"
    r"leaseholder|occupier|joint tenant)\b[^.!?;]{0,60}[.!?]?\s*$|"
    r"(?:please |can you |could you )?(?:log|record|register|treat|raise) (?:this |it |my "
    r"(?:complaint )?)?(?:as )?(?:a |an )?(?:formal |stage (?:1|one) )?complaint\b[^.!?;]{0,40}"
    r"[.!?]?\s*$|"
    r"(?:i )?(?:don'?t|do not) (?:normally|usually|often) (?:do (?:this|that)|complain|write in"
    r"|make a fuss)\b[^.!?;]{0,30}[.!?]?\s*$|"
    r"(?:so )?can i (?:make a )?complain(?:t)?(?: now| then)?(?: or what)?\W*$", re.IGNORECASE)


# What a letter says about itself, never a matter (played residents t-02 to t-10): "I
# would be grateful for an acknowledgement…", "A signed consent form … is attached", "I
# wish to make a formal complaint about the following matters.", an email disclaimer,
# "He's asked me to raise a complaint for him…", "…have never complained before, but…".
_LETTER_FRAME = re.compile(
    r"(?:i|we) (?:should|would) be (?:most |very )?grateful (?:for|if you (?:would|could)) "
    r"(?:please |kindly )?(?:an? |your )?(?:early |prompt |written |full )?(?:acknowledge?(?:ment)?|"
    r"reply|response|respond|confirm\w*)\b|"
    r"(?:an? |the |her |his |their |my )?(?:signed |written )?(?:consent|authority|mandate|form of "
    r"authority|third[- ]party (?:consent|authority))\b[^.!?]{0,80}\b(?:attached|enclosed|"
    r"follows|to follow|on its way)\b|"
    r"(?:i|we) (?:wish|want|would like|am writing|are writing) to (?:make|raise|lodge|submit|"
    r"log) (?:a |an )?(?:formal |stage (?:1|one) )?complaint(?: (?:about|regarding|concerning)"
    r" (?:the following|these|several|a number of|some|two|three|four|five) ?(?:matters|issues|"
    r"points|things|concerns)?)?\s*[.:]?\s*$|"
    # "For the avoidance of doubt, no court proceedings have been issued and we would prefer
    # to resolve this through your complaints procedure." (played residents, nineteenth)
    r"for the avoidance of doubt\b[^.!?]*\b(?:proceedings|complaints? (?:procedure|process)|"
    r"without prejudice)\b[^.!?]*[.!]?$|"
    r"(?:no|we have not issued|we have issued no) (?:court |legal )?proceedings\b[^.!?]*[.!]?$|"
    r"(?:confidentiality|disclaimer)\b|this (?:e-?mail|message) and any attachments|if you "
    r"(?:have )?received (?:this|it) in error|"
    r"(?:he|she|they)(?:'s| has| have| is| are) asked (?:me|us) to (?:raise|make|submit|write|"
    r"contact|lodge|log|help|get in touch)\b|"
    r"[^.!?]*\bnever (?:complained|made a complaint|had (?:cause )?to complain)\b|"
    r"[^.!?]*\basked (?:me|us) to take (?:this|it) up\b|[^.!?]*\bcame to (?:my|our) (?:surgery|"
    r"office|drop-in|clinic|advice session)\b|"
    r"[^.!?]*\b(?:registered in england|registered (?:office|company|charity)|company "
    r"(?:number|no\.?))\b|(?:please )?ignore the disclaimer\b|"
    r"(?:i|we) (?:attach|enclose|have attached|have enclosed|am attaching|am enclosing)\b|"
    r"please (?:see|find) (?:attached|enclosed)\b|"
    # "I write to complain about two related matters.", "We write to complain, with regret,
    # about our experience of…", "I write to register a formal complaint under your
    # complaints policy regarding the above works.": the letter's own first line.
    r"(?:i'?d|i would|we'?d|we would) (?:now )?like (?:this|it) (?:to be )?(?:treated|logged|dealt "
    r"with|recorded) as (?:a |an )?(?:formal )?complaint\b[^.!?]*|(?:i|we) (?:should|would) be "
    r"(?:most |very )?grateful if (?:this|it) could be (?:logged|treated|recorded|dealt with) as "
    r"(?:a |an )?(?:formal )?complaint\b[^.!?]*|(?:i|we) (?:want|wish|would like) to (?:put in|"
    r"make|lodge|raise|submit|log) (?:a |an )?(?:formal )?complaint(?: (?:for|on behalf of) "
    r"(?:him|her|them|my \w+))?\s*[.!]?$|"
    r"(?:i|we) (?:am |are )?writ(?:e|ing),?(?: with [\w ]+,)? to (?:complain|register|make|raise|"
    r"lodge|set out)\b[^.!?]{0,80}\b(?:the following|related|several|a number of|some|two|"
    r"three|four|five|the above|complaints? (?:policy|procedure)|with regret|our experience|"
    r"reluctance)\b[^.!?]*",
    re.IGNORECASE)
# Who is writing, by role, with nothing of what went wrong: "I'm a probation officer.", "I am
# a shared owner at Hartley Mews.", "I'm secretary of Harrow Fields RA.", "Cllr Ruth Adeyemi
# here, ward member for Eastfield.", "Aisha Rahman, senior caseworker for Tom Eldridge MP.",
# "Dean from the tenancy sustainment team", "I write on my own behalf as tenant of Flat 15."
_SELF_INTRO = re.compile(
    r"^(?:i'?m|i am|we'?re|we are) (?:a|an|the) (?!.*\b(?:and|but|who|which|because|so|since|"
    r"yet|when)\b)[\w'&,()%/ -]{2,70}[.!]?$|"
    r"^(?:i'?m|i am) (?:the )?(?:secretary|chair|chairman|chairperson|treasurer|member|rep|"
    r"representative|coordinator|co-ordinator)\b (?:of|for|at|with)\b[^.!?]*[.!]?$|"
    r"^(?:cllr|councillor)\b[^.!?]{1,40}\bhere\b|"
    # "Cllr Margaret Heywood, Eastfield ward." (retired v19)
    r"^(?:cllr|councillor)\b[^.!?]{1,40},? (?:\w+ ){0,2}ward(?: member| councillor)?[.!]?$|"
    r"^(?!(?i:his|her|their|my|our|the|your|a|an)\b)(?-i:[A-Z][\w'-]+(?: [A-Z][\w'-]+){0,2}),? "
    r"(?:an? |the )?(?:senior |principal |lead )?"
    r"(?:caseworker|case worker|support worker|advocate|officer|councillor|social worker|"
    r"adviser|advisor|manager|nurse|therapist)\b[^.!?]*[.!]?$|"
    r"^(?!(?i:his|her|their|my|our|the|your|a|an)\b)(?-i:[A-Z][\w'-]+) (?:from|at|with) "
    r"(?:the )?[\w'() ,-]{2,60}\b(?:team|service|charity|"
    r"association|advocacy|council|trust)\b[^.!?]*[.!]?$|"
    r"^(?:i|we) (?:write|am writing|are writing) (?:on my own behalf|for myself)\b[^.!?]*[.!]?$",
    re.IGNORECASE)
# Whom the writer acts for, said with nothing of what went wrong: "I'm popping this on for Mrs
# Beryl Nash at number 7", "I am contacting you regarding my father, Mr Tariq Mahmood, of
# Flat 12", "I support one of your tenants, Mr Daniel Okafor at Flat 3".
# What may follow whom they write for: ", he has a learning disability." and no more.
_WHO_THEY_ARE = (r"(?:,? (?:and )?(?:he|she|they)(?:'s| has| have| is| are|'re) (?:(?!\b(?:and|but|"
                 r"you|your|who|which|because)\b)[^.!?]){0,50})?[.!]?$")
_WRITING_FOR = re.compile(
    r"^(?:i'?m|i am|we'?re|we are) (?:popping|putting|sending|writing|typing) this (?:on |in |"
    r"message )?(?:for|on behalf of)\b|"
    r"^(?:i'?m|i am|we'?re|we are) (?:contacting|writing to) you (?:regarding|about|on behalf of|"
    r"in relation to|for) (?:my|our|her|his|your) (?:\w+ )?(?:father|mother|mum|dad|son|"
    r"daughter|client|constituent|tenant|neighbour|brother|sister|husband|wife|partner|nan|gran|"
    r"grandad|grandmother|grandfather|aunt|uncle|service user|resident)\b|"
    r"^(?:i|we) (?:support|work with|am supporting|are supporting) (?:one of )?your (?:tenants?|"
    r"residents?)\b|"
    r"^(?:i|we) (?:support|work with|am supporting|are supporting) (?:a|an|one) (?:tenant|"
    r"resident)s? of yours\b|"
    # "I support a young man who is one of your tenants, he has a learning disability.",
    # "I'm helping a family who are your tenants." (played residents, nineteenth session:
    # both filed as the complaint's first point)
    r"^(?:i|we) (?:support|work with|help|am supporting|are supporting|am helping|'m helping|"
    r"are helping|'re helping) (?:a|an|one|two|this) (?:[\w-]+ ){0,3}(?:who (?:is|are) (?:one of )?"
    r"your (?:tenants?|residents?)|(?:tenant|resident|family|household)s? of yours)" + _WHO_THEY_ARE +
    r"|^(?:i'?m|i am|we'?re|we are) (?:helping|supporting) (?:a|an|one|two|this) (?:[\w-]+ ){0,3}"
    r"(?:who (?:is|are) (?:one of )?your (?:tenants?|residents?)|(?:tenant|resident|family|"
    r"household)s? of yours)" + _WHO_THEY_ARE + "|"
    # "Mum is Mrs Patricia Okafor, 14 Larch Close, Bramley BR4 7TN."
    r"^(?:mum|mam|dad|my (?:mum|mam|mother|dad|father|nan|gran|grandad|client)|the (?:tenant|"
    r"resident)|(?:his|her|their) name) is (?:mrs|mr|ms|miss|dr|mx)\.? [A-Z](?:(?!\b(?:and|but|who|"
    r"which|because|since)\b)[^.!?]){0,80}[.!]?$|"
    # "I am instructed to make a formal complaint on her behalf regarding the service charge"
    r"^(?:i am|i'?m|we are|we'?re) instructed (?:by [^.!?]{0,60} )?to (?:make|raise|lodge|submit)"
    r" (?:a |an )?(?:formal )?complaint\b|"
    # "my friend Bev Taylor at 5 Mill Lane asked me to message as she's not good with tech"
    r"^(?:my|our) (?:[\w'-]+ ){1,9}(?:has |have )?asked (?:me|us) to (?:message|write|contact|"
    r"get in touch|email|raise|send|report|complain)\b|"
    r"^(?:i|we) (?:support|work with|am supporting|are supporting) (?:mr |mrs |ms |miss )?"
    r"[A-Z][\w'-]+ [A-Z][\w'-]+\b|"
    r"^(?:(?:i|we) (?:am |are )?)?writ(?:e|ing) (?:this )?(?:for|on behalf of) (?:my|our|her|his) "
    r"(?:\w+ )?(?:father|mother|mum|dad|son|daughter|stepdad|stepmum|stepfather|stepmother|"
    r"client|constituent|neighbour|brother|sister|husband|wife|partner|nan|gran|grandad|aunt|"
    r"uncle)\b", re.IGNORECASE)
# Why they write for someone, not a grievance: "as she's not good with tech".
_NOT_AT_EASE = re.compile(r"\b(?:as|because|since|cos) (?:she|he|they|mum|dad)(?:'s| is| are|'re)? "
                          r"(?:not|isn'?t|aren'?t) (?:very |too )?(?:good|great|confident|able|"
                          r"online|well)\b(?: (?:with|on|at) [\w ]{1,20})?", re.IGNORECASE)
# "I'm Leah from the tenancy sustainment team at Hope Housing Support.": who is writing.
_TYPING_FOR = re.compile(
    r"^(?:i'?m|im|i am|we are|we're|this is)\s+(?:just\s+)?(?:typing|writing|messaging|texting|"
    r"emailing|contacting you|getting in touch)\s+(?:this\s+)?(?:for|on behalf of)\s+|"
    # "I act as the court-appointed property and affairs deputy for Ms Amira Saleh, 41
    # Poplar Road…", "my brother Mark Ellis lives in one of your flats, 6 Sycamore House…"
    # (played residents tk-09, tk-10, twentieth session: each filed as the first point)
    r"^(?:i|we)\s+act\s+as\s+[^.!?]{0,80}?\s+(?:for|on behalf of)\s+|"
    r"^(?:i|we)\s+(?:hold|have)\s+(?:a\s+|the\s+)?(?:registered\s+)?(?:lasting\s+|enduring\s+)?"
    r"(?:power of attorney|lpa)\b[^.!?]{0,30}?\bfor\s+", re.IGNORECASE)
_NAME_WITH_ORGANISATION = re.compile(
    r"^(?i:i'?m|i am|this is|my name is|my name's)\s+(?:(?i:mr|mrs|ms|miss|dr|cllr)\.?\s+)?"
    r"[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?,?\s+(?i:from|with|at|of)\s+[\w\s&',()-]{2,80}[.!]?$")
# Courtesy in a sentence of its own: not a matter of complaint.
_COURTESY = re.compile(
    r"^(?:(?:hello|hi|hiya|good (?:morning|afternoon|evening))\b[^.!?]{0,20}?[,.!]?\s*)?"
    r"(?:(?:i )?hope (?:you(?:'re| are)|u r|ur|all is|this finds you) (?:well|ok|okay|keeping "
    r"well|doing well|all well)|(?:i'?m|i am) hoping (?:you|someone) can help(?: me)?|"
    r"(?:please )?(?:can|could) (?:you|someone) help(?: me)?(?: please)?|please help(?: me)?|"
    r"sorry to (?:bother|trouble) you|sorry if this is the wrong place|"
    # About the assistant, not the landlord: "Oh brilliant, another chatbot", "am I talking
    # to a robot?" (played resident eq-06, seventeenth session: filed as a point)
    r"(?:oh,? )?(?:great|brilliant|fantastic|wonderful|marvellous|perfect|lovely|super)[,!.]* "
    r"(?:another|a|an) (?:chat ?bot|bot|robot|computer|machine|automated \w+)|(?:am i|are you|is "
    r"this) (?:talking|speaking|chatting) to (?:a|an) (?:chat ?bot|bot|robot|computer|machine|real "
    r"person|human)|(?:is this|are you) (?:a |an )?(?:chat ?bot|bot|robot|computer|real person|"
    r"human)|"
    # "Hello I'm using the voice thing so sorry if it comes out wrong." (retired v19)
    r"(?:(?:i'?m|im|i am) using (?:the |my )?(?:voice|speech|dictation)(?: thing| typing| to "
    r"text| app)?,?(?: so)? )?(?:sorry|apologies)(?: in advance)? (?:if|for) (?:it|this|the "
    r"spelling|my (?:spelling|english|typing)) (?:comes out |is |looks |reads )?(?:wrong|"
    r"weird|funny|bad|odd|garbled|a mess|strange)|"
    # "u there?", "anyone there?", "hello??" (retired v12, someone typing in short bursts)
    r"(?:(?:are )?(?:u|you|ya|anyone|any ?one|any ?body|some ?one|some ?body) (?:there|about|"
    r"around|awake|in)|hello+|hi+ya|is this (?:working|the right (?:place|number)))|"
    r"(?:right|ok|okay|so|well)?,? ?i'?ve got (?:a few|several|some|a couple of|two|three) "
    r"(?:things|issues|problems|complaints|points)(?: to (?:raise|say))?|"
    r"i (?:don'?t|do not) (?:even )?know where to (?:start|begin)(?: really| to be honest)?|"
    # "I don't even know how to write this.", "Four things." (retired v19)
    r"i (?:don'?t|do not) (?:even |really )?know how to (?:write|put|say|explain) (?:this|it)|"
    r"(?:(?:there are|there'?s|i have|i'?ve got) )?(?:two|three|four|five|six|a few|several) "
    r"(?:things|issues|points|problems|matters)(?: (?:really|then|here|in all))?|"
    r"i look forward to (?:hearing from you|your (?:reply|response|early reply))[^.!?]{0,100}|"
    r"thank you (?:for your (?:time|help|attention|assistance))?(?: in advance)?|"
    r"please (?:do not|don'?t) hesitate to contact me(?: if you need (?:anything|any more "
    r"information))?|(?:please )?(?:reply|respond|write) (?:directly )?to (?:this office|me|us|"
    r"our office)(?: (?:at|by) [^.!?]{1,40})?|"
    # "I should be grateful if you would investigate and respond to this office."
    r"(?:i|we) (?:should|would) be (?:most |very )?grateful (?:if you (?:would|could) |for )"
    r"(?:(?:please |kindly )?(?:investigate|look into (?:this|these matters|the matter)|"
    r"respond|reply|a (?:full )?(?:response|reply)|your (?:response|reply|early reply))"
    r"(?: (?:and|to|this|these|the|matters?|at|your|earliest|convenience|office|me|us|"
    r"respond|reply|within|\d+|working|days?|this office),?)*))\s*[.!?]*\s*$",
    re.IGNORECASE)


# A feeling told on its own, with nothing of what went wrong ("I am absolutely fuming.",
# "sorry im shaking.", "I cant do this anymore."): kept in the transcript, not a point.
_FEELING_ONLY = re.compile(
    # "Absolutely fuming." (played resident tm-05, twentieth session): the same without "I'm".
    r"^(?:(?:and|so|honestly|sorry|but|oh)[\s,]+)*(?:(?:i'?m|im|i am|i feel|i'?m (?:just|so|really)|"
    r"i just feel)\s+)?(?:(?:absolutely|so|really|very|completely|totally|just|at my wits'? end|"
    r"beyond|bloody)\s+)*(?:fuming|furious|livid|raging|angry|upset|shaking|gutted|devastated|"
    r"heartbroken|exhausted|fed up|sick of (?:it|this)|at the end of my tether|in tears|crying|"
    r"distraught|beside myself|so stressed|stressed|scared|frightened|at breaking point|done)"
    r"(?: with (?:it|this|them|all this|it all))?(?: (?:all week|for weeks|every day))?"
    r"(?: (?:now|to be honest|tbh|honestly|right now|as i (?:type|write)(?: this)?))?\s*[.!…]*\s*$|"
    # "Sorry i dont usually do this im just at the end of my tether." (played resident
    # tj-04, twentieth session)
    r"^(?:sorry,?\s+)?i (?:don'?t|dont|do not) (?:usually|normally) do (?:this|things like this)"
    r"(?:,?\s*(?:i'?m|im|i am) (?:just )?(?:at the end of my tether|at my wits'? end|desperate))?"
    r"\s*[.!…]*\s*$|"
    r"^(?:i )?(?:can'?t|cant|cannot) (?:do|take|cope with|deal with) (?:this|it) (?:any ?more|"
    r"much longer)\s*[.!…]*\s*$|"
    # "Im done with this", "I don't understand how this has happened", "I haven't slept."
    # (retired v17: each filed as a point of its own)
    r"^(?:(?:and|so|honestly|but)[\s,]+)*(?:i'?m|im|i am) (?:just |so |completely )?done with "
    r"(?:this|it|you|all this|the lot)\s*[.!…]*\s*$|"
    r"^(?:and |so |but )?i (?:just )?(?:don'?t|dont|do not|can'?t|cannot) (?:understand|believe|"
    r"get) (?:how|why) (?:this|it|that) (?:has |could have |could |can )?happen(?:ed|s)?\s*[.!?…]*\s*$|"
    r"^(?:and |so )?i (?:haven'?t|havent|have not|can'?t|cannot|cant) (?:slept|sleep)"
    r"(?: properly| a wink| at all)?\s*[.!…]*\s*$", re.IGNORECASE)
# Not a matter: where they are writing, and who they have no quarrel with ("Not sure if
# this is the right place.", "When I telephoned, the young man was perfectly civil.", "I
# have no complaint about him."; retired v17: each filed as a point).
_NO_QUARREL = re.compile(
    r"^(?:(?:hi|hello|sorry|um+|erm+)[\s,.!]+)*(?:i'?m |im |i am )?(?:not sure|unsure) (?:if|whether) "
    r"(?:this is|i'?m in|i am in|i have come to|i'?ve come to) the right (?:place|people|"
    r"department|team)\W*$|"
    r"^(?:to be fair,? |in fairness,? )?(?:i|we) (?:have|had|'ve) no (?:complaint|complaints|"
    r"problem|issue|quarrel) (?:at all )?(?:about|with) (?:him|her|them|the \w+(?: \w+)?)"
    r"(?: (?:at all|himself|herself|themselves|personally))?\W*$|"
    r"^(?:(?:when|while) [^,]{3,40},\s*)?(?:to be fair,? |in fairness,? )?(?:he|she|they|the "
    r"(?:\w+ ){0,2}(?:man|woman|lady|lad|girl|guy|adviser|advisor|officer|operative|engineer|"
    r"person|staff))(?: on the phone)? (?:was|were) (?:perfectly |very |really |quite |always |"
    r"extremely )?(?:civil|polite|helpful|kind|lovely|nice|pleasant|professional|courteous|"
    r"fine)\W*$", re.IGNORECASE)


def feeling_only(sentence: str) -> bool:
    return bool(_FEELING_ONLY.match(sentence.strip()))


# "Hi so i need 2 complain abt the damp survey u lot promised…" (played resident tv-01,
# twenty-second session: the greeting and the ask filed with the matter): the matter.
_COMPLAIN_ABOUT_LEAD = re.compile(
    r"^\W*(?:(?:hi|hello|hiya|hey|ok|okay|so|right|well|yeah)\b[\s,.!]*)+(?:i|we)\s*(?:need|want|"
    r"wanna|would like|'d like|am writing|'m writing|m writing)\s+(?:2\s+|to\s+)?(?:make\s+a\s+"
    r"(?:formal\s+)?complaint|complain)\s+(?:abt|about|regarding|re|over|of)\s+(?=\S)",
    re.IGNORECASE)


def _without_preamble(point: str) -> str:
    """A point without the words before the account it starts with ("I'm writing because I
    honestly don't know what else to do. The ceiling…"); never emptied."""
    parts = sentences(point)
    if len(parts) < 2 or not _BEFORE_THE_ACCOUNT.fullmatch(parts[0].strip()):
        return point
    return " ".join(parts[1:]).strip()


def _without_feelings(point: str) -> str:
    """A point with a feeling told before or after its matter taken off ("sorry im shaking.
    he kicked my door and the lock is broken."); never emptied."""
    parts = sentences(point)
    if len(parts) < 2:
        return point
    kept = [part for part in parts if not feeling_only(part)]
    if not kept or len(kept) == len(parts):
        return point
    text = " ".join(kept)
    return text[0].upper() + text[1:]


# Words of despair: a word of care and where to get help, said once.
_DESPAIR = re.compile(
    r"\b(?:can'?t|cant|cannot) (?:do|take|cope with|go on with|carry on with) (?:this|it|any of "
    r"this) any ?more\b|\b(?:want|wanna) to (?:die|end it(?: all)?|give up on (?:life|"
    r"everything))\b|\bsuicid\w*|\bkill(?:ing)? myself\b|\bend my life\b|\bno point (?:in )?"
    r"(?:living|going on)\b|\b(?:at|reached) breaking point\b|\bhurt(?:ing)? myself\b",
    re.IGNORECASE)


# Not safe at home: "I do not feel safe here", "I'm scared to go home" (played residents,
# sixteenth session: a survivor of domestic abuse was given no word at all).
_NOT_SAFE = re.compile(
    r"\b(?:(?:don'?t|dont|do not|never|no longer|can'?t|cannot) feel safe|(?:i'?m|i am|we'?re|we "
    r"are|she'?s|he'?s) (?:so |really |too )?(?:scared|afraid|frightened|terrified) (?:to (?:go|be|"
    r"stay|sleep|live)|of (?:him|her|them|what (?:he|she|they)'?ll do))|(?:fear|scared|afraid) "
    r"for (?:my|our|her|his) (?:life|lives|safety)|not safe (?:here|at home|in (?:my|our|her|"
    r"his) (?:own )?(?:home|flat|house)))\b", re.IGNORECASE)


def feels_unsafe(text: str | None) -> bool:
    """"I do not feel safe here", "we're scared to go home": a person not safe at home."""
    return bool(_NOT_SAFE.search(text or ""))


def in_despair(text: str | None) -> bool:
    """"i cant do this anymore", "I want to end it": a person who may be at risk."""
    return bool(_DESPAIR.search(text or ""))


_WANTS = re.compile(
    r"^(?:(?:so|and|please|i|we|he|she|they|my client|our client|the tenant|[A-Z][a-z]+ "
    r"[A-Z][a-z]+|(?:mr|mrs|ms|miss|dr)\.? [A-Z][\w-]+)\s+)?(?:would like|should like|'d like|wants?|"
    r"would want|is asking for|are asking for|am asking for|am asking you to|are asking "
    r"you to|asks? for|expects?|would appreciate|need you to|want you to|requests?|(?:would )?asks? "
    r"(?:you|that))\b|^please (?:can|could|will) you\b|^(?:can|could) "
    r"you please\b|^i'?d like\b|^we'?d like\b|^all (?:i|we) want\b|"
    # "what i want is the kitchen finished this week" (played resident gg-10: a point)
    r"^what (?:i|we|he|she|they) (?:really )?(?:want|need|would like|'d like|am asking for|"
    r"are asking for)(?: is| are|:)\b|"
    # "now please just get someone here", "please make sure they actually go today"
    r"^(?:and |so |now |just )*(?:please )?(?:just )?(?:make sure (?:they|someone|you|it)|"
    r"get (?:someone|somebody|an engineer|a plumber|it fixed|it sorted)|send (?:someone|"
    r"somebody|an engineer)|sort (?:it|this) (?:out )?(?:asap|now|today|quickly|please))\b|"
    # "I need someone there today.", "Right now I need a door", "I just want someone to come
    # and look", "i want the lift replaced", "I still need the payment plan sorting", "Only
    # that I'd like the window replaced", "£536 back and the £35 charge covered."
    r"^(?:(?:right )?now |only that |and |so )?(?:i|we) (?:just |still |only |really |also )*"
    r"(?:need|want)(?!\w)(?! (?:to (?:complain|say|tell|know if|report|mention)|you to know))|"
    r"^(?:i|we) (?:should|would) be (?:most |very |much )?obliged if (?:this|it|you)\b|"
    r"^(?:i|we) (?:should|would) be (?:most |very )?grateful for (?:a|an|the|some|your) "
    r"(?:\w+ )?(?:timetable|date|explanation|update|apology|refund|breakdown|copy|written)\b|"
    r"^(?:i'?d|i would|we'?d|we would) (?:now )?like (?:this|it) (?:treated|logged|dealt with|"
    r"recorded|escalated)\b|"
    r"^please (?:withdraw|refund|cancel|replace|repair|arrange|reimburse|"
    r"compensate|apologi[sz]e|waive|refer)\b|"
    r"^(?:£|\d)[\d,.]* (?:back|refund(?:ed)?)\b|"
    r"^(?:i|we) (?:don'?t|do not) want (?:him|her|them|that \w+|this \w+) (?:as|to be|to come|"
    r"back|anywhere)\b",
    re.IGNORECASE)


def states_outcome(sentence: str) -> bool:
    """'He would like an apology, a different officer…', 'Please can you look into the
    delay and let us know when the work will happen.' — the outcome they want."""
    said = re.sub(r"^(?:only|just) that\s+", "", sentence.strip(), flags=re.IGNORECASE)
    # "To resolve this I would like…", "To put this right, we ask that…" (played residents,
    # thirteenth session: a letter's whole wish paragraph was filed as a point)
    said = re.sub(r"^(?:(?:in order )?to (?:resolve|settle|put right|remedy|sort out) (?:this|these "
                  r"matters|the matter|matters|things|my complaint|the complaint)|to put (?:this|"
                  r"things|it|matters) right|by way of (?:resolution|remedy)|as a (?:resolution|"
                  r"remedy)|in (?:terms of )?(?:resolution|outcome))[\s,:;–—-]+", "", said,
                  flags=re.IGNORECASE)
    return bool(_WANTS.match(said)) and not wants_to_complain(said) and \
        not _ASKED_IN_VAIN.search(said)


# "I ask for Urdu interpreter, nobody bring.", "I asked for a call back and never got
# one": an ask that went unanswered is a matter, not the outcome wanted.
_ASKED_IN_VAIN = re.compile(r"\b(?:nobody|no one|no-one|never|nothing|didn'?t|did not|wasn'?t|"
                            r"was not|not (?:done|given|brought|sent|provided|arranged)|"
                            # "Also his request for a repairs history was ignored" (v10)
                            r"ignored|refused|rejected|turned down|lost|unanswered|not "
                            r"(?:answered|acknowledged)|no (?:reply|response|answer))\b",
                            re.IGNORECASE)


def unanswered_contact(text: str | None) -> str | None:
    """An answer to "have you told us before?" that says how it went unanswered ("yeah
    emailed the service charge team in april, got an auto reply and nothing else", "rang
    twice, nobody called back"), without its yes: a matter of the complaint. None for a
    plain account of when ("I rang in July")."""
    rest = re.sub(r"^\W*(?:yes|yeah|yep|ye|yh|yup)\b[\s,.!:;-]*", "", (text or "").strip(),
                  flags=re.IGNORECASE)
    # What they did not do is no failure of ours: "Told the site manager twice. didnt ring
    # you lot" (retired v21: filed as a point).
    checked = _THEIR_OWN_INACTION.sub(" ", rest)
    if len(re.findall(r"[a-z']+", rest.lower())) < 5 or not (
            _ASKED_IN_VAIN.search(checked) or re.search(
                r"\bauto(?:mated)?[- ]?(?:reply|response)\b", checked, re.IGNORECASE)):
        return None
    return rest[:1].upper() + rest[1:]


_THEIR_OWN_INACTION = re.compile(
    r"(?:\b(?:i|we)\s+|(?<=[.!?,;]\s)|^)(?:didn'?t|didnt|did not|never|haven'?t|have not)\s+"
    r"(?:ring|rang|call|phone|email|e-mail|write|contact|report|tell|chase)\w*\b",
    re.IGNORECASE)


def report_history(text: str | None) -> str | None:
    """What an answer to "you said you'd told us before: when, and what happened?" tells of
    how that report was failed ("I mentioned it to the lady on the phone. She said someone
    would call me. Nobody has.", "October, January, and both times the surveyor didn't
    come", "Last July, same thing, some bloke said it was sorted. Obviously not."): a matter
    of the complaint. None for a plain account of when and how ("Rang four times.", "Twice
    by phone.", "no, this is the first time"): an answer, kept with the case's transcript,
    never a point (the scorer and the Code agree: retired v14 filed 44 such answers)."""
    said = (text or "").strip()
    if is_no(said) and not says_we_were_told(said):
        return None
    kept = [s for s in sentences(re.sub(r"^\W*(?:yes|yeah|yep|ye|yh|yup)\b[\s,.!:;-]*", "", said,
                                        flags=re.IGNORECASE))
            if not s.rstrip().endswith("?")]  # "Did you not hear me?"
    rest = " ".join(kept).strip()
    if unanswered_contact(rest) or _SAID_SORTED_NOT.search(rest) or re.search(
            r"\b(?:didn'?t|did not|never|wasn'?t|weren'?t) (?:come|turn up|show|happen|arrive)\b|"
            r"\bnothing (?:happened|came of it|was done|changed)\b|"
            # "i said to the foreman he just laughed" (retired v14)
            r"\b(?:he|she|they|the \w+) (?:just )?(?:laughed|shrugged|ignored (?:me|it|us)|brushed "
            r"(?:it|me) off|fobbed (?:me|us) off|hung up|put the phone down|swore)\b",
            rest, re.IGNORECASE):
        return rest[:1].upper() + rest[1:] if len(content_words(rest)) >= 3 else None
    return None


# "some bloke said it was sorted. Obviously not.", "they said it was fixed, it wasn't"
_SAID_SORTED_NOT = re.compile(
    r"\b(?:said|told me|promised)\b[^.!?]{0,50}\b(?:sorted|fixed|dealt with|done|resolved|a "
    r"glitch|system glitch)\b[^.!?]{0,10}[.!?,]?\s*(?:but |and )?(?:obviously |clearly )?"
    r"(?:not|it (?:wasn'?t|isn'?t|hasn'?t been)|it'?s not|still|again)\b", re.IGNORECASE)


def only_outcome(text: str | None) -> bool:
    """Every sentence says what they want ("I would like a different housing officer, to
    be honest."): an outcome, not a matter."""
    said = sentences(text or "")
    return bool(said) and all(states_outcome(s) for s in said)


def leads_into_list(sentence: str) -> bool:
    """'Ms Mbeki wishes to complain about:' — the lead-in to a list, not a point."""
    said = sentence.strip()
    # "Ms Bello reports that:", "…asked me to raise the following concerns:" — a lead-in
    # says nothing until its list.
    return said.endswith(":") and (len(said.split()) <= 6 or len(said.split()) <= 14 and (
        wants_to_complain(said) or bool(re.search(r"\b(?:following|as follows|below)\b", said,
                                                  re.IGNORECASE))))


_RAISES_WHAT_FOLLOWS = re.compile(
    r"\b(?:raise|report|complain (?:about|of)|set out|highlight|flag(?: up)?|make you aware of|"
    r"bring (?:to your attention|up)|tell you about|draw your attention to)\b[^.:]{0,20}\b"
    r"(?:the following|as follows|below|these|several|some|a few|two|three|four|five)\b"
    r"[^.:]{0,60}:\s*$", re.IGNORECASE)


def _outcome_line(line: str) -> bool:
    """A whole line saying what they want: 'We request: an explanation…; and
    compensation.', 'I am asking you to:' (before a list), or one sentence of it."""
    said = line.strip()
    if _RAISES_WHAT_FOLLOWS.search(said):
        # "I want to raise the following about the communal heating:" then a numbered list
        # (retired v25: the list was taken for the outcome and no point was filed): what
        # went wrong follows, not what they want.
        return False
    if _WANTS.match(said) and re.match(r"[^.]{0,60}:\s*\S", said):
        # "I would ask that you: confirm…; cancel…; and explain how my documents came to
        # be lost twice." (retired v21: "lost" read as an ask gone unanswered, and the items
        # after the first filed as points)
        return True
    if not states_outcome(said):
        return False
    return bool(re.match(r"[^.]*:", said)) or len(sentences(said)) == 1


def _without_outcome(lines: list[str]) -> tuple[list[str], list[str]]:
    """The account's lines without what they want (a wish line, and the list it leads
    into), and those outcome lines."""
    kept: list[str] = []
    outcome: list[str] = []
    in_list = False
    for line in lines:
        if _outcome_line(line):
            outcome.append(line)
            in_list = line.rstrip().endswith(":")
            continue
        if in_list and _LIST_ITEM.match(line):
            outcome.append(line)
            continue
        in_list = False
        kept.append(line)
    return kept, outcome


def outcome_sentences(text: str | None) -> str | None:
    """What the opening says the resident wants, in their words, or None."""
    kept, outcome = _without_outcome(_without_headings(_account_lines(text or "")))
    if outcome and outcome[0].rstrip().endswith(":") and len(outcome) > 1 and \
            len(outcome[0].split()) <= 8:
        # "What we are asking for:" then a list: the list's items, without the heading
        # and the dashes ("A replacement boiler; compensation for the missed appointment").
        items = [_LIST_ITEM.sub("", line).strip(" ;,.") for line in outcome[1:]]
        outcome = ["; ".join(i[:1].lower() + i[1:] if n else i for n, i in enumerate(items)
                             if i) + "."]
    found = outcome + [s for line in kept for s in sentences(line) if states_outcome(s)
                       and not _RAISES_WHAT_FOLLOWS.search(s)]
    # "want stage 2": what they ask of the complaint process, not how to put things right
    # (retired v14 was asked "You said: 'want stage 2'. What would you like us to do…?")
    found = [s for s in found if not (asks_for_stage_2(s) and len(content_words(
        re.sub(r"\bstage\s*(?:2|two)\b|\bescalat\w*|\bwant\b|\bnext\b", " ", s,
               flags=re.IGNORECASE))) < 2)]
    return " ".join(found) or None


_ABOUT_MY_MESSAGE = re.compile(
    r"\b(?:as (?:listed|stated|set out|said|explained|above|below)|see (?:above|my|our)|"
    r"in (?:my|our|the) (?:letter|message|email|first message)|read my message|as i said|"
    r"(?:it'?s|all) in (?:my|our|the) (?:letter|message|email)|"
    # "Yes, that's why I've numbered them." to the complaint offer (retired v25: filed as a
    # point, the numbered points lost)
    r"(?:that'?s|this is) why (?:i'?ve|i have|we'?ve|we have|i) (?:numbered|listed|set out|"
    r"written|put) (?:them|it|everything|the points)|(?:i'?ve|i have|we'?ve) (?:numbered|listed) "
    r"(?:them|the points|my points|everything)|"
    # "the letter sets out the complaint in full" (played resident, eleventh session)
    r"(?:my|our|the) (?:letter|message|email) (?:sets? out|covers?|explains?|says?|has|lists?)"
    r" (?:it|them|everything|all|the (?:complaint|points|matters))|"
    # "No, the letter sets it all out.", "Not beyond the email." (played resident tk-04 and
    # retired v23: asked "anything else?" again)
    r"(?:my|our|the) (?:letter|message|email) (?:sets?|covers?|explains?|says?) (?:it|them|"
    r"everything) all\b|^(?:no,? )?not beyond (?:my|our|the|what'?s in the|what is in the) "
    r"(?:letter|message|email)|^(?:no,? )?(?:only|just) what'?s in (?:my|our|the) (?:letter|"
    r"message|email))\b", re.IGNORECASE)


def refers_to_message(text: str | None) -> bool:
    """'As listed in our letter.', 'Points (a) to (c) in my letter.', 'read my message'."""
    said = normalise(text)
    return bool(_ABOUT_MY_MESSAGE.search(said)) and len(said.split()) <= 12


# --- "Are you getting in touch for someone else?" answered in words (issue 10) ---
# A resident who writes for neighbours and is affected too writes for themselves (the eval
# README): "Myself and the other residents — I'm affected too", "for myself and on behalf of
# the residents", "including me", "I live on the 11th floor".
_AFFECTED_TOO = re.compile(
    r"\b(?:for myself and|myself and (?:the |my |all the )?(?:other )?(?:residents|neighbou?rs|"
    r"tenants|block|building|estate)|including (?:me|myself)|and me\b|as well as (?:me|myself)|"
    r"(?:i'?m|i am|im) (?:affected|one of them|in the same boat)|affects me|(?:i|we) live "
    r"(?:here|there|in the block|on the \w+ floor|in the building))", re.IGNORECASE)


_FOR_MYSELF = re.compile(
    r"^(?:self|my ?self|me myself|yourself)$|"
    r"^(?:no[\s,.!]*)?(?:(?:it'?s|it is|this is|just|only)\s+)?(?:for\s+|about\s+)?"
    r"(?:me|myself|me myself|my ?self|mine)(?:\s+(?:only|myself|thanks?|thank you|please))*$|"
    r"^(?:no[\s,.!]*)?(?:no ?one|nobody|not (?:for )?(?:anyone|anybody|someone)) else\b|^(?:no[\s,.!]*)?(?:i'?m|i am|im) (?:the )?(?:tenant|resident|"
    r"leaseholder|one (?:living|who lives) (?:here|there))\b.{0,40}$|^(?:no[\s,.!]*)?"
    r"(?:it'?s|it is) (?:my|our) (?:own )?(?:house|home|flat|place|property|tenancy)\b",
    re.IGNORECASE)
# Writing for their own household: "me and my wife", "My husband and I are joint
# tenants", "just us", "Just me, my daughter helps but it's my house."
_HOUSEHOLD = re.compile(
    r"^(?:no[\s,.!]*)?(?:just |only )?(?:me|us|we|myself)\b(?! (?:for|on behalf))|"
    # "For me, my son help me write", "Myself, and my neighbours are in the same boat", "for
    # my family": themselves first, whoever else they go on to mention.
    r"^(?:(?:it'?s|it is|this is) )?(?:for |about )?(?:me|myself|my ?self)\s*[,.;:–-]|"
    r"^(?:(?:it'?s|it is) )?(?:for |about )?(?:me and )?(?:my|our) (?:family|household|"
    r"home|kids|children|little ones)\b|"
    # "for me and my daughter" (a baby of 10 months; played residents, fifteenth session:
    # asked for her written permission): themselves, with their household
    r"^(?:(?:it'?s|it is) )?(?:for |about )?(?:me|myself) (?:and|&) (?:my|our) (?:\w+ )?(?:daughter|"
    r"son|baby|kids?|children|partner|husband|wife|family|boy|girl|little one|twins)\b"
    r"(?![^.!?]{0,30}\b(?:tenant|tenancy|on behalf|consent|permission)\b)|"
    r"\bmy \w+ and (?:i|me|myself)\b|\bjoint(?:ly)? tenan|"
    # "For us – me and my partner.", "for us, me and my husband" (retired v14: asked for
    # the partner's consent)
    r"^(?:(?:it'?s|it is) )?(?:for |about )?us\b[\s,.;:–—-]*(?:me|myself) and (?:my|the) "
    r"(?:partner|husband|wife|hubby|fianc[eé]e?|boyfriend|girlfriend|kids|children|family)\b|\b(?:it'?s|it is) (?:my|our) "
    r"(?:own )?(?:house|home|flat|place|property|tenancy)\b", re.IGNORECASE)
# The writer's relationship to the resident, from the resident's relationship to the
# writer ("My dad." -> the writer is their son or daughter).
_FAMILY = {
    "mum": "son or daughter", "mom": "son or daughter", "mother": "son or daughter",
    "mam": "son or daughter", "dad": "son or daughter", "father": "son or daughter",
    "parent": "son or daughter", "parents": "son or daughter",
    "son": "mother or father", "daughter": "mother or father", "child": "parent",
    "husband": "wife or husband", "wife": "husband or wife", "partner": "partner",
    "boyfriend": "partner", "girlfriend": "partner", "fiance": "partner",
    "fiancee": "partner", "brother": "brother or sister", "sister": "brother or sister",
    "nan": "grandson or granddaughter", "nana": "grandson or granddaughter",
    "gran": "grandson or granddaughter", "granny": "grandson or granddaughter",
    "grandma": "grandson or granddaughter", "grandmother": "grandson or granddaughter",
    "grandad": "grandson or granddaughter", "granddad": "grandson or granddaughter",
    "grandfather": "grandson or granddaughter", "grandparent": "grandson or granddaughter",
    "aunt": "nephew or niece", "auntie": "nephew or niece", "aunty": "nephew or niece",
    "uncle": "nephew or niece", "nephew": "uncle or aunt", "niece": "uncle or aunt",
    "cousin": "cousin", "neighbour": "neighbour", "neighbor": "neighbour", "friend": "friend",
    "grandson": "grandparent", "granddaughter": "grandparent", "stepdad": "stepchild",
    "stepmum": "stepchild", "carer": "the person they care for",
}
# Professional words: the writer acts in a role, whose organisation is asked for.
# "tenant", "resident" only as someone else's ("our tenant", "a resident"): "me, the
# tenant" is the writer themselves.
_PROFESSIONAL = re.compile(r"\b(?:client|constituent|service user|patient)s?\b|\b(?:my|our|your|"
                           r"a|one of (?:my|our|your))\s+(?:tenant|resident|customer|member)s?\b",
                           re.IGNORECASE)
# The writer speaks for themselves, whatever the wording: "On my own behalf.", "It is me,
# the tenant", "I am writing on my own behalf as the tenant.", "who else would it be".
_SELF = re.compile(
    r"\b(?:(?:on|in) my (?:own )?behalf|on my own account|for my ?self|my ?self|by my ?self|"
    r"(?:it'?s|it is|its) "
    r"(?:just |only )?me\b|(?:i'?m|i am|im) (?:the |a |one of the )?(?:tenant|resident|"
    r"leaseholder|householder|homeowner)|as (?:the|a) (?:tenant|resident|leaseholder)|me,? "
    r"(?:the|a) (?:tenant|resident|leaseholder)|who else|(?:about|for) me\b|^me\b)",
    re.IGNORECASE)
# Someone else named in the answer: "my mum", "on behalf of Mr Shah", "for her".
_OTHER = re.compile(
    r"\b(?:my|our|his|her|their)\s+(?:late\s+|elderly\s+|old\s+|disabled\s+|poor\s+)?(?:"
    + "|".join(sorted(_FAMILY, key=len, reverse=True)) + r")(?:'?s)?\b"
    r"(?!\s+and\s+(?:i|me|myself)\b)|\bon behalf of (?!my ?self|me\b)|"
    r"\b(?:for|about) (?:him|her|them)\b",
    re.IGNORECASE)


def names_someone_else(text: str | None) -> bool:
    """Whether the words speak of another person the writer may act for ("my mum's flat",
    "on behalf of Mr Shah", "our client")."""
    said = text or ""
    return bool(_OTHER.search(said) or _PROFESSIONAL.search(said)
                or re.search(r"\b(?:i|we) (?:support|represent|care for|look after)\b", said,
                             re.IGNORECASE))


# An answer that opens with whom they write for ("My wife, though we're joint tenants",
# "Yes - my dad"): that is the answer, whatever follows.
_LEADS_WITH_OTHER = re.compile(
    r"^(?:(?:yes|yeah|yep|i am|i'?m)\b[\s,.!:;-]*)?(?:(?:it'?s |it is |this is )?(?:for|about|"
    r"on behalf of)\s+)?(?:my|our)\s+(?:late\s+|elderly\s+|old\s+|disabled\s+|poor\s+)?(?:"
    + "|".join(sorted(_FAMILY, key=len, reverse=True)) + r")\b(?!\s+and\s+(?:i|me|myself)\b)",
    re.IGNORECASE)
_NAME = re.compile(r"^(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Lady|Lord)\.?\s+)?"
                   r"[A-Z][A-Za-z'\-]+(?:\s+(?:[A-Z][A-Za-z'\-]+|and|&|de|van|von|of|the|"
                   r"(?:Mr|Mrs|Ms|Miss|Dr)\.?))*$")


@dataclass(frozen=True)
class ActingFor:
    """What an answer to "are you getting in touch for someone else?" says."""

    acting: bool | None  # None: not an answer to the question
    relationship: str | None = None  # the writer's relationship to the resident
    resident_name: str | None = None
    professional: bool = False  # "our client", "my constituent": ask their organisation


_NAMED_TENANT = re.compile(
    r"\b((?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+)?[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+){1,2})\s+(?:is|are)"
    r"\s+the\s+(?:tenant|tenants|resident|leaseholder)s?\b|\bthe\s+([A-Z][a-z'-]+)\s+family\b")


def _named_tenant(raw: str) -> str | None:
    found = _NAMED_TENANT.search(raw or "")
    if not found:
        return None
    return found.group(1) or f"the {found.group(2)} family"


# "my brother Mark Ellis lives in one of your flats, 6 Sycamore House" (played resident
# tk-10, twentieth session: asked whether she wrote for someone else, then his name, after
# saying both): a relative named as the landlord's tenant.
_RELATIVE_IS_TENANT = re.compile(
    r"^(?:(?:hi|hello|hiya|morning|afternoon|evening)\b[\s,.!]*)?(?:i'?m writing because )?"
    r"(?i:my|our)\s+(?:(?i:elderly|older|younger|little|big|disabled)\s+)?"
    r"(?P<rel>(?i:nan|nanna|gran|granny|mum|mam|mother|dad|father|grandad|grandma|grandmother|"
    r"grandfather|aunt|auntie|uncle|son|daughter|brother|sister|cousin|niece|nephew))\s*,?\s+"
    r"(?P<name>(?:(?i:mr|mrs|ms|miss)\.?\s+)?[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)?,?\s*"
    r"(?i:lives|has lived|is living|rents)\s+(?i:in one of your|in your|at one of your|in a "
    r"(?:flat|house|bungalow) of yours|in (?:a|one of the) (?:flat|house|bungalow)s? (?:you|"
    r"that you) (?:own|manage|rent))\b")


def relative_as_tenant(text: str | None) -> ActingFor | None:
    """A relative named as our tenant at the start of the account: who they write for."""
    match = _RELATIVE_IS_TENANT.match((text or "").strip())
    if not match:
        return None
    reading = read_acting_for(f"my {match.group('rel').lower()}")
    return ActingFor(True, reading.relationship, match.group("name"))


def read_acting_for(text: str | None, intent: str | None = None) -> ActingFor:
    """'me', 'just me', "it's for me" -> no; 'My dad.', 'Sidney Platt.', 'Ms Grace
    Mbeki, our client.', 'for my mum' -> yes, with what they told us about who."""
    raw = (text or "").strip()
    said = normalise(raw)
    if not said:
        return ActingFor(None)
    leads_with_other = bool(_LEADS_WITH_OTHER.match(said))
    if not leads_with_other and (_FOR_MYSELF.match(said) or said in _NO or
                                 _AFFECTED_TOO.search(said) or
                                 _HOUSEHOLD.search(said) or
                                 (_SELF.search(said) and not _OTHER.search(said))):
        return ActingFor(False)
    # "no is for me", "Na - no, for me", "no, it's me, I'm the tenant. My daughter told me
    # to write it all down": a no about themselves, whoever else they go on to mention.
    lead = re.match(r"(?:(?:no|na|nah|nope|naw)\b[\s,.!:;-]*(?:(?:dear|love|luv|hun|pet|mate|"
                    r"sir|madam|thanks|thank you)\b[\s,.!:;-]*)?)+", said)
    if lead and re.match(r"(?:(?:it|this)?\s*(?:'?s|is)\s+)?(?:just\s+|only\s+|all\s+)?"
                         r"(?:for\s+)?(?:me|myself|mine)\b|(?:i'?m|i am|im)\s+(?:the\s+)?"
                         r"(?:tenant|resident|leaseholder)\b", said[lead.end():]):
        return ActingFor(False)
    # "No, it is my own leasehold flat.", "No, I am writing on my own account", "No. I'm
    # Priya Sharma, …", "why would i be" (played residents, ninth session: each was told
    # "please reply yes or no").
    if lead and re.match(r"(?:(?:it|this)\s*(?:'?s|is)\s+)?(?:my|our) own\b|(?:i'?m|i am|im)\s+"
                         r"(?:writing|contacting you|messaging|getting in touch)?\s*(?:on|for)\s+"
                         r"my own\b|(?:i'?m|i am|im|my name is|my name'?s|this is)\s+\w+",
                         said[lead.end():]) and not _OTHER.search(said[lead.end():]):
        return ActingFor(False)
    if re.match(r"why would i be\b", said):
        return ActingFor(False)
    if is_no(said, None, short=True) and not re.search(r"\b(my|our|his|her|their)\b", said):
        return ActingFor(False)
    body = re.sub(r"^(?:yes|yeah|yep|yup|i am|i'm)\b[\s,.!:;-]*", "", raw.strip(),
                  flags=re.IGNORECASE).strip()
    body = re.sub(r"^(?:it'?s |it is |this is |i'?m (?:writing |getting in touch |"
                  r"contacting you |messaging |acting )?|i am (?:acting |writing )?|"
                  r"writing |acting )?(?:for|on behalf of|about|"
                  r"helping|supporting|representing)\s+", "", body, flags=re.IGNORECASE)
    relationship = None
    family = re.search(r"\b(?:my|our|his|her|their)\s+(?:late\s+|elderly\s+|old\s+|"
                       r"disabled\s+|poor\s+)?(" + "|".join(sorted(_FAMILY, key=len,
                                                                      reverse=True)) + r")\b",
                       body, re.IGNORECASE)
    if family:
        relationship = _FAMILY[family.group(1).lower()]
        if re.search(r"\b(?:i'?m|i am|im)\s+(?:\w+\s+)?" + re.escape(family.group(0)), body,
                     re.IGNORECASE):
            # "Mr Patel, I'm his carer": the writer is what they name, not its other side.
            relationship = family.group(1).lower()
    professional = bool(_PROFESSIONAL.search(body)) and not family
    # A name: what is left once the relationship words are taken out.
    rest = re.sub(r"\b(?:(?:my|our|his|her|their|a|an|the)\s+)?(?:late\s+|elderly\s+|old\s+|"
                  r"disabled\s+|poor\s+)?(?:" + "|".join(_FAMILY) +
                  r"|client|constituent|service user|tenant|resident|patient|customer|"
                  r"member)s?\b", "", body, flags=re.IGNORECASE)
    rest = re.sub(r"\b(?:who|she|he|they|is|was|lives)\b.*$", "", rest)
    # "Mrs Kowalczyk. I'm across the road": the name is the first sentence.
    rest = re.split(r"[.;]\s|,\s*(?:i'?m|i am|im)\b", rest, maxsplit=1, flags=re.IGNORECASE)[0]
    rest = rest.strip(" ,.;:-!()")
    name = rest if rest and _NAME.match(rest) and len(rest.split()) <= 8 and not (
        rest.lower() in _YES or rest.lower() in _NO) else None
    if name and len(name.split()) < 2:
        name = None  # a first name alone: their full name is still asked for ("Mrs
        # Kowalczyk", a title and a surname, is a name staff can use)
    # "The Mensah family — Mr Kwame Mensah is the tenant": a household named, who rent from us.
    name = name or _named_tenant(raw)
    # The NLU's "affirm" only for a short answer: a long one typed to the wrong question
    # ("GET THE CLEANERS BACK, REFUND THE SERVICE CHARGE…") is no yes (played resident).
    yes = is_yes(said, intent if len(said.split()) <= 4 else None) or bool(
        family or name or professional) or bool(
        re.search(r"\b(for (?:my|our|her|him|them|a|an|the)|on behalf|acting for|advocate|support "
                  r"worker|caseworker|someone else|somebody else|relative)\b", said)) or bool(
        # "The Mahoney family.", "Residents of Linden Tower, several asked me to take it up."
        # (retired v12: asked yes or no twice, then skipped)
        re.search(r"^(?:the )?(?!my |our )[a-z'-]+ family\b|^(?:the )?(?:residents|tenants|"
                  r"households|neighbours|people) (?:of|at|in|on)\b|\b(?:asked|wants?|want) me to "
                  r"(?:take|raise|help|write|contact|complain|do)\b", said)
        and not re.search(r"\bme included\b|\bincluding me\b|\bmyself\b|\bme too\b|\bi live\b",
                          said))
    if not yes:
        return ActingFor(None)
    return ActingFor(True, relationship, name, professional)


# An opening that plainly says who the writer acts for: "on behalf of my mum", "my
# constituent", "our client", "I support Liam", "I'm his support worker".
# The writer holds the legal authority themselves: "I hold a registered Lasting Power of
# Attorney for my father", "I am her deputy".
_HOLDS_AUTHORITY = re.compile(
    r"\b(?:i|we) (?:hold|have|act under|am acting under|'m acting under|am|'m)(?: a| an| the|"
    r" (?:his|her|their))?(?: registered)?(?: lasting| enduring)? (?:power of attorney|lpa|epa|"
    r"deputyship|(?:court[- ]appointed )?deputy|attorney)\b", re.IGNORECASE)


_WRITES_FOR = re.compile(
    r"\b(?:on behalf of|(?:i'?m|im|i am) (?:writing|typing|messaging|texting|contacting you|"
    r"getting in touch|complaining) (?:this )?(?:for|about) (?=(?:my|our) (?:(?:elderly|"
    r"disabled|old|late|poor|vulnerable) )?(?:" + "|".join(sorted(_FAMILY, key=len,
                                                               reverse=True)) +
    r"|client|constituent|service user|tenant|friend)\b))[^.;\n]{1,80}|"
    r"\b(?:i'?m|im|i am) (?:writing|typing|messaging|texting) (?:this )?for (?:my|our) "
    r"neighbou?r\b[^.;\n]{0,80}|"
    r"\bsupporting (?=(?:Mr|Mrs|Ms|Miss|Mx|Dr)\b)[^.;\n]{1,60}|"
    r"\b(?:my|our) (?:constituent|client|service user)s?\b[^.;\n]{0,60}|"
    r"\b(?:i|we) (?:support|am supporting|'m supporting|are supporting|advocate for|"
    r"represent|am representing|'m representing)\b[^.;\n]{1,60}|"
    r"\b(?:i'?m|i am) (?:his|her|their|an?|the) (?:independent |tenancy |housing )?"
    r"(?:support worker|advocate|"
    r"caseworker|case worker|carer|key ?worker|social worker)\b[^.;\n]{0,60}|"
    r"\b(?:asked me|has asked me) (?:specifically )?to (?:take (?:it|this) up|write|"
    r"complain|contact you|get in touch)\b|"
    # "I hold a registered Lasting Power of Attorney for my father, Albert Kowalski"
    # (played residents, sixteenth session: asked whether they wrote for someone else)
    + _HOLDS_AUTHORITY.pattern + r"[^.;\n]{0,80}", re.IGNORECASE)




def writes_for_someone(text: str | None) -> ActingFor | None:
    """Who the writer acts for, when the opening plainly says so ("I'm writing on behalf
    of my mum", "my constituent, Mrs Okafor"), so it is not asked again; else None."""
    found = _WRITES_FOR.search(text or "")
    if not found or _AFFECTED_TOO.search(text or ""):
        # "I'm raising this for myself and on behalf of the residents", "on behalf of all of
        # us, including me": a resident affected too writes for themselves (eval README).
        return None
    reading = read_acting_for(found.group(0))
    if reading.acting is not True:
        reading = ActingFor(True)
    if not reading.resident_name:
        # "on behalf of my mother, Mrs Grace Okafor, 14 Birch Court", "supporting Ms Amina
        # Yusuf": a titled name just after says who (played residents, eleventh session,
        # were asked for it again).
        named = _TITLED_NAME.search(found.group(0)) or _RELATIVE_NAMED.search(text or "")
        if named:
            reading = replace(reading, resident_name=(
                named.group("name") if "name" in named.groupdict() else named.group(0)).strip())
    return reading


# "about my dad Peter Walsh, his door…" (played residents, fifteenth session: asked for his
# name again, and answered "peter walsh. i already said"): a relative and their full name.
_RELATIVE_NAMED = re.compile(
    r"\b(?i:my|our) (?i:" + "|".join(sorted((*_FAMILY, "client"), key=len, reverse=True))
    + r")\b,?\s+(?P<name>[A-Z][a-z'-]+(?:\s+(?:Mac|Mc|O')?[A-Z][\w'-]+)+)")


_TITLED_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?")


_ROLES = ("support worker", "social worker", "key worker", "keyworker", "advocate",
          "caseworker", "case worker", "councillor", "solicitor", "carer", "care worker",
          "occupational therapist", "nurse", "housing officer", "neighbour", "neighbor",
          "friend", "mp")


def read_relationship(text: str | None) -> str:
    """The answer to "how are you connected to them?" in a few words: "I'm her daughter,
    I do all her forms" -> "daughter"; "She's my mum" -> "son or daughter"; "support
    worker at Hope Housing" and short answers stay as they were typed."""
    said = (text or "").strip()
    if len(said.split()) <= 5 or split_relationship(said)[1]:
        return said
    own = re.search(r"\b(?:i'?m|i am|im)\s+(?:her|his|their|the|a|an)\s+((?:\w+\s+)?\w+)",
                    said, re.IGNORECASE)
    if own:
        words = own.group(1).lower().split()
        for size in (2, 1):
            phrase = " ".join(words[-size:])
            if phrase in _FAMILY or phrase in _ROLES or phrase in {
                    f for f in _FAMILY.values()} or phrase in ("son", "daughter", "niece",
                                                              "nephew", "grandson",
                                                              "granddaughter"):
                return phrase
    theirs = re.search(r"\b(?:she|he|they)(?:'s| is| are)\s+my\s+(\w+)", said, re.IGNORECASE)
    if theirs and theirs.group(1).lower() in _FAMILY:
        return _FAMILY[theirs.group(1).lower()]
    for role in _ROLES:
        if re.search(rf"\b{role}\b", said, re.IGNORECASE):
            return "neighbour" if role == "neighbor" else role
    return said


# Where the writer works, told as they introduce themselves: "I'm an occupational therapist
# with Northfield Adult Social Care", "I am writing on behalf of Sarah Lindqvist MP", a
# sign-off line "Office of Rebecca Barnes MP" (retired v23 and played residents, twentieth
# session: the organisation was left empty when the relationship answer had only the role).
_WORKS_AT = re.compile(
    r"\b(?i:i'?m|i am|im|i work as|i'?m writing as|i write as)\s+(?i:an?|the)\s+[\w -]{3,40}?\s+"
    r"(?i:at|with|from|for)\s+(?!(?i:mr|mrs|ms|miss|dr|mx|my|his|her|their|your|you)\b)"
    r"((?:the\s+)?[A-Z][\w&'’-]*(?:\s+(?:(?i:of|and|for|the|&)\s+)*(?!I\b|I['’])[A-Z][\w&'’-]*)"
    r"{0,6})")
_MP_OFFICE = re.compile(
    r"\b(?i:on behalf of|office of|caseworker (?:to|for))\s+((?:(?i:the rt hon|rt hon|dr|mr|mrs|"
    r"ms)\.?\s+)?[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2}\s+(?:MP|MS|MSP|MLA))\b")


_ROLE_AT_WORK = re.compile(
    r"\b(?:therapist|worker|officer|advocate|caseworker|case worker|councillor|solicitor|deputy|"
    r"nurse|visitor|manager|advis[eo]r|co-?ordinator|navigator|practitioner|paralegal|lawyer|"
    r"carer|assistant|mp|ot|idva|volunteer)\b", re.IGNORECASE)


def professional_role(relationship: str | None) -> bool:
    """Whether the relationship names a role at work ("occupational therapist", "Senior
    Caseworker"), so an organisation goes with it."""
    return bool(_ROLE_AT_WORK.search(relationship or ""))


_NO_STAGE_1_REPLY = re.compile(
    r"\b(?:no|never (?:had|got|received) (?:a|any)|not (?:had|got|received) (?:a|any)|without (?:a|"
    r"any)|still waiting for (?:a|the|any)|haven'?t (?:had|got|received) (?:a|any)|hasn'?t been "
    r"(?:a|any)) (?:stage ?(?:1|one) )?(?:response|reply|answer|decision)\b|\b(?:stage ?(?:1|one) "
    r"(?:response|reply)|response|reply) (?:never came|was never sent|is overdue|is late)\b|"
    r"\bnever (?:acknowledged|answered|responded to)\b", re.IGNORECASE)


def no_stage_1_reply(text: str | None) -> bool:
    """Whether a stage 2 request says no stage 1 response came (Code 6.11)."""
    return bool(_NO_STAGE_1_REPLY.search(text or ""))


def writers_organisation(text: str | None) -> str | None:
    """The organisation a representative works for, from how they introduce themselves."""
    said = text or ""
    office = _MP_OFFICE.search(said)
    if office:
        return f"Office of {office.group(1)}"
    found = _WORKS_AT.search(said)
    if found and len(found.group(1).split()) >= 1 and not re.fullmatch(
            r"(?:the\s+)?(?:[A-Z][\w'-]+\s+){0,2}(?:Road|Street|Lane|Avenue|Court|House|Close|"
            r"Way|Drive|Place|Crescent|Terrace|Gardens|Walk|Tower)", found.group(1)):
        return found.group(1).strip(" .,")
    return None


def split_relationship(text: str | None) -> tuple[str | None, str | None]:
    """'Support worker at Leeds Advocacy' -> ('Support worker', 'Leeds Advocacy');
    'Advocate, Age UK' -> ('Advocate', 'Age UK')."""
    said = (text or "").strip()
    if not said:
        return None, None
    # "I am Mrs Mensah's solicitor.", "I'm her granddaughter", "Leon's advocate at…": the role,
    # not the sentence (played residents gh-07, gh-06).
    said = re.sub(r"^(?:i'?m|i am|im)\s+(?:(?:mr|mrs|ms|miss|dr|mx)\.?\s+)?(?:(?:[A-Z][\w-]+\s+)?"
                  r"[A-Z][\w-]*['’]s|his|her|their)\s+", "", said, flags=re.IGNORECASE)
    said = re.sub(r"^(?:(?:mr|mrs|ms|miss|dr|mx)\.?\s+)?(?:[A-Z][\w-]+\s+)?[A-Z][\w-]*['’]s\s+(?=\w)",
                  "", said).strip(" .") or said
    named_first = re.match(r"^([A-Z][\w&'.]*(?:\s+[\w&'.]+){0,5}?),\s*(?i:i'?m|i am|im)\s+"
                           r"(?i:an?\s+|the\s+|her\s+|his\s+|their\s+)?([^,.]+?)[\s.]*$", said)
    if named_first:
        # "Bluebell Home Care, I'm her paid carer" (played resident tw-04, twenty-second
        # session: the organisation filed as the relationship)
        return named_first.group(2).strip(), named_first.group(1).strip()
    ward = re.match(r"^(?:(?i:cllr|councillor)\.? (?:[A-Z][\w'-]+ ){1,3}?(?:[A-Z][\w'-]+)?,? )?(?:for )?"
                    r"([A-Z][\w'-]+(?: [A-Z][\w'-]+){0,2}) [Ww]ard"
                    r"(?: councillor| member)?\b[\s,–-]*(.*)$", said)
    if ward:
        # "Northfield Ward, Bramley Borough Council" from a councillor's sign-off (played
        # resident fx-03: filed as the relationship)
        return (f"ward councillor for {ward.group(1)}",
                ward.group(2).strip(" ,.") or None)
    lead = r"^(?:i'?m |i am )?(?:an? |the |their |her |his )?"
    match = re.match(lead + r"(.+?)\s+(?:at|from|with)\s+(.+)$", said, re.IGNORECASE)
    if match and " with " in match.group(0)[:match.start(2)] and not match.group(2)[0].isupper():
        match = None  # "lives with her" is no organisation; "advocate with Age UK" is
    if not match:
        # A role, then a capitalised organisation's name after a comma or dash.
        match = re.match(lead + r"([^,–-]+?)\s*[,–-]\s*([A-Z][\w&'.]*(?:\s+[\w&'.]+){0,5})$",
                         said, re.IGNORECASE)
        if match and not match.group(2)[0].isupper():
            match = None
    if not match:
        # "Senior Caseworker to Sarah Whitfield MP", "caseworker for Cllr Amy Rowe": the
        # office they work in (played residents, sixteenth session: organisation left empty)
        # "Senior caseworker in the office of Sarah Lindqvist MP, she is our constituent"
        # (played resident fx-04: no organisation)
        office = re.match(lead + r"(.+?)\s+(?:to|for|(?:in|at|from|with) the office of)\s+((?:(?:cllr|"
                          r"councillor|the rt hon|rt hon|dr|mr|mrs|ms)\.?\s+)?[A-Z][\w'-]+(?:\s+"
                          r"[A-Z][\w'-]+){0,3}\s+(?:MP|MS|MSP|MLA)|(?:cllr|councillor)\.?\s+[A-Z][\w'-]+"
                          r"(?:\s+[A-Z][\w'-]+){0,2})(?:\s*[,;–-].*)?$",
                          said, re.IGNORECASE)
        if office:
            return office.group(1).strip(" ,."), f"Office of {office.group(2).strip(' ,.')}"
    if match:
        return match.group(1).strip(" ,."), match.group(2).strip(" ,.")
    return said, None


CONSENT_GIVEN = "given"
CONSENT_PENDING = "pending"
CONSENT_NOT_NEEDED = "not_needed"


_ONLY_CONSENT = re.compile(
    r"^\W*(?:(?:yes|yeah|yep|no|not yet)\W+)?(?:(?:she|he|they|mum|dad|the tenant|the resident|"
    r"my client|[A-Z][a-z]+) (?:has |have )?(?:signed|given|agreed|consented|said yes|is happy)"
    r"|(?:i|we) (?:have|'ve) (?:got |had )?(?:her|his|their|written|signed) (?:consent|permission|"
    r"authority))\b[^.!?]{0,60}[.!]?$", re.IGNORECASE)


def only_consent(text: str | None) -> bool:
    """A reply that only speaks of consent ("Yes, she signed our authority form")."""
    said = (text or "").strip()
    return bool(_ONLY_CONSENT.match(said)) and not _ROLE_AT_WORK.search(said) and not re.search(
        r"\b(?:daughter|son|mother|father|mum|dad|wife|husband|sister|brother|neighbou?r|friend|"
        r"niece|nephew|grand\w+|partner|carer)\b", said, re.IGNORECASE)


def read_consent(text: str | None, intent: str | None = None) -> str | None:
    """given / pending / not_needed (legal representatives need no written consent)."""
    said = normalise(text)
    says_yes = re.match(r"(?:yes|yeah|yep|yup|yh|ye|yea|i do|we do|she does|he does|they do)\b",
                        said)
    # "not from her no, she can't really give it. Her son Paul Foster has power of attorney I
    # believe" (played resident tw-04, a paid carer, twenty-second session: filed as holding
    # the LPA herself, consent not needed): someone else's authority is not the writer's.
    someone_elses = re.search(
        r"\b(?:her|his|their|the|my) (?:son|daughter|husband|wife|brother|sister|nephew|niece|"
        r"family|relative|partner|mum|mother|dad|father|[a-z]+ in law)\b[^.!?]{0,40}\b(?:has|"
        r"holds|have|is|'s)\b[^.!?]{0,20}\b(?:power of attorney|lpa|attorney|deputy)", said)
    if re.search(r"\b(legal|solicitor|lawyer|barrister)\b", said) or (
            # "I have LPA for health and welfare", "I hold registered LPAs", "I'm his
            # deputy" (retired v12 took them for consent, or for no answer)
            re.search(r"\b(attorney|lpas?|epa|deputy|deputyship|court of protection|"
                      r"appointee)\b", said) and not says_yes and not someone_elses):
        return CONSENT_NOT_NEEDED
    if re.search(r"\b(executor|executrix)\b", said):
        # The executor acts for the estate under the will ("I sent you the will"): legal
        # authority, as a power of attorney is; the late tenant cannot consent (retired v13).
        return CONSENT_NOT_NEEDED
    if says_yes and not re.search(r"\b(not yet|not signed|haven'?t|have not|no)\b", said):
        # "Yes – verbal consent, signed form on its way", "Yes, I have power of attorney
        # and she's happy for me to": they have the resident's agreement.
        return CONSENT_GIVEN
    if re.search(r"\b(not yet|no|not|nothing|none|nowt|don't|dont|haven't|havent|pending|will|soon|getting|"
                 r"verbal(?:ly)?|in the post|on its way|to follow|going|\w+'ll (?:confirm|sign|"
                 r"send|get|post|email|write|do)|get (?:him|her|them) to sign)\b", said) or \
            intent == "deny":
        return CONSENT_PENDING
    if re.search(r"\b(yes|yeah|yep|have|got|signed|given|agreed|agrees|fine with it|happy "
                 r"(?:for|with)|ok with it|okay with it|says yes|said yes|asked me|executor|"
                 r"knows? (?:i'?m|im|i am|we'?re|about)|(?:she|he|they)'?s? (?:right )?here)\b",
                 said) or intent == "affirm":
        return CONSENT_GIVEN
    return None


_AUTHORITY = (("lasting power of attorney", r"\b(?:lasting )?power of attorney|\blpas?\b"),
              ("enduring power of attorney", r"\bepa\b|enduring power"),
              ("court-appointed deputy", r"\bdeputy(?:ship)?\b|court of protection"),
              ("executor", r"\bexecut(?:or|rix)\b"),
              ("appointee", r"\bappointee\b"))


def holds_legal_authority(text: str | None) -> bool:
    """Whether the writer says they hold the authority themselves ("I hold a registered
    Lasting Power of Attorney for my father"), not only that the words appear."""
    return bool(_HOLDS_AUTHORITY.search(text or ""))


def legal_authority(text: str | None) -> str | None:
    """The legal authority a representative names ("I hold LPA for health and welfare",
    "I'm the executor named in her will"), in plain words, or None."""
    said = text or ""
    for name, pattern in _AUTHORITY:
        if re.search(pattern, said, re.IGNORECASE):
            return name
    return None


def leaves_it_to_us(text: str | None) -> bool:
    """'is that an emergency?', 'not sure', 'you tell me', 'dunno': an answer that leaves a
    choice to us."""
    said = normalise(text)
    return bool(re.search(r"\b(?:not sure|unsure|dunno|don'?t know|do not know|no idea|you tell "
                          r"me|you decide|up to you|your call|you(?:'d| would) know|is (?:that|"
                          r"it|this) (?:an? )?(?:emergency|urgent))\b", said)) or (
        said.endswith("?") and len(said.split()) <= 8)


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


_WHO_CORRECTION = re.compile(
    r"\b(?:on (?:my own|my|his|her|their) behalf|for myself|(?:not|never) (?:writing |acting |"
    r"messaging )?(?:for|on behalf of) (?:anyone|anybody|someone|somebody)|representative|"
    r"acting for|writing for|who i'?m writing for|it'?s (?:just )?me|i'?m the tenant|my own (?:flat|home|house|"
    r"tenancy)|nobody else|no one else)\b")


_MISSED = re.compile(r"\b(?:you(?:'ve| have)? (?:missed|forgot|forgotten|left out)|"
                     # "You might put that the handyman never came back" (retired v14)
                     r"you (?:might|could|may|can|should|must) (?:also )?(?:put|add|mention|"
                     r"include|say|note)(?: (?:down|in))?(?: that)?|"
                     # "you have not mentioned the notice in the hall" (retired v14)
                     r"you(?: have not|'ve not| haven'?t| did not| didn'?t) (?:mention(?:ed)?|"
                     r"include(?:d)?|put(?: in| down)?)(?: (?:that|about))?|"
                     r"(?:please )?(?:also )?add(?: that)?|(?:and|but) also|as well as that|"
                     r"there'?s also|another thing)\b[\s,:;-]*", re.IGNORECASE)
# "I've already told you!", "?? already told you.", "As I said,", "like i said.", "just what
# I said,", "ive told u this": said before an answer, not part of it (played residents,
# ninth session: "I've already told you! an apology from her" was filed as the outcome).
_TOLD_YOU = re.compile(
    r"^[\W_]*(?:(?:"
    r"(?:(?:i'?ve|i have|ive|i)\s+)?(?:already\s+)?told\s+(?:you|u|ya)(?:\s+(?:lot|already|"
    r"before|twice|once))*|(?:as|like)\s+i\s+(?:already\s+)?(?:said|say|mentioned)(?:\s+"
    r"(?:before|earlier|already))?|just what i said|i (?:just|already) said(?:\s+(?:that|this|"
    r"it))?|as (?:set out|stated|explained|mentioned|detailed|listed|said) (?:in (?:my|our|the) "
    r"(?:\w+ )?(?:email|e-mail|letter|message)|above|earlier|before))\s*[,.!?:;–—-]+|"
    r"(?:(?:i'?ve|i have|ive|i)\s+)?already\s+told\s+(?:you|u|ya)(?:\s+(?:this|that|lot|"
    r"before))*|(?:i'?ve|i have|ive)\s+told\s+(?:you|u)\s+(?:this|that)\b"
    r")[\s,.!?:;–—-]*", re.IGNORECASE)
# "Only the large print, as I said.": the same, said after the answer.
_TOLD_YOU_AFTER = re.compile(r"[\s,;–—-]*\b(?:as|like) i (?:already )?(?:said|say|mentioned)"
                             r"(?: (?:before|earlier|already))?[\s.!]*$", re.IGNORECASE)


def asks_to_add(text: str) -> bool:
    """Whether a reply to the read-back says we left something out ("you missed that…",
    "you might put that…", "you haven't mentioned…")."""
    return bool(_MISSED.search(text))


def without_told_you(text: str | None) -> str:
    """The answer without "I've already told you!" or "as I said" before it; the answer
    itself when nothing else is there ("like i said.")."""
    said = text or ""
    rest = _TOLD_YOU_AFTER.sub("", _TOLD_YOU.sub("", said, count=1)).strip()
    return rest if content_words(rest) else said


# A no that starts an answer and is not part of what follows: "No, but…", "No. Dad is 79…",
# "nah I'm fine", "No - she wants a firm date"; "No appointments on Tuesdays please" keeps
# its "No" (retired v9: filed as "appointments on Tuesdays").
_LEADING_NO = re.compile(
    r"^\W*(?:no|nope|nah|not quite|not really|not rly|not realy|nt really)(?:\s+thanks?(?:\s+you)?)?"
    r"(?:\s*[,.!:;–—-]+|\s*$|"
    r"\s+(?=(?:but|although|though|just|only|except|however|i|i'?m|we|we'?re|he|she|they|my|"
    r"our|mum|dad|it'?s|nothing|not)\b))\s*(?:(?:well|oh|um+|erm+|actually)\b[\s,.!]*)?",
    re.IGNORECASE)


def after_leading_no(text: str | None) -> str:
    """The answer without a no that starts it and is not part of what follows."""
    return _LEADING_NO.sub("", text or "", count=1)


_NOT_QUITE = re.compile(r"^\W*(?:(?:no|nope|nah|not quite|nearly|almost|mostly|not exactly|"
                        r"change|wrong|(?:just )?one (?:thing|correction|small thing|mistake)|"
                        r"(?:a )?small correction)\b[\s,.!:;-]*(?:(?:that'?s|it'?s|its) (?:not (?:right|"
                        r"quite right|correct)|wrong)[\s,.!:;-]*)?|"
                        # "That is largely correct. However, …", "That is a fair summary, but
                        # you have not mentioned …" (retired v14: asked which part, and lost)
                        r"(?:that'?s|that is|it'?s|it is|this is)\s+(?:a\s+)?(?:largely|mostly|"
                        r"nearly|almost|broadly|generally|fairly|pretty much|more or less|"
                        r"fair|good|reasonable)\s*(?:right|correct|accurate|summary|account|"
                        r"fine)?[\s,.!:;-]*(?:but|however|except)\b[\s,.!:;-]*)",
                        re.IGNORECASE)
# A change to how we reach them: "email me instead", "my number is wrong", "by letter
# please" — not a matter that mentions calls or an email ("two calls and an email").
_CONTACT_CHANGE = re.compile(
    r"\b(?:contact (?:me|us|details)|(?:ring|call|phone|text|txt|email|e-mail|write to) (?:me|us)|"
    r"(?:by|via|on) (?:phone|email|e-mail|text|txt|letter|post|whatsapp)|my (?:phone|mobile|"
    r"number|email|e-mail|address|landline)|(?:phone|mobile) number|email address|"
    r"(?:my|the) postcode|"
    # "Letters must come to me at Bramley Law Centre" (played resident fx-06: added as a point)
    r"(?:letters?|post|correspondence|anything in writing) (?:must|should|to|needs? to|can|will "
    r"need to) (?:come|go|be sent|be addressed)|send (?:it|them|letters|everything|the post|"
    r"correspondence) to|(?:letters?|post|correspondence) (?:to|for) (?:me|us|my|our))\b",
    re.IGNORECASE)
# "… otherwise yes", "… apart from that it's right": the agreeing after the change.
_OTHERWISE_YES = re.compile(r"[\s,.;:-]*\b(?:otherwise|other than that|apart from that|but "
                            r"otherwise|the rest is|rest is|everything else(?:'s| is)|all else "
                            r"is)\b[\s,]*(?:yes|yeah|ye|fine|right|"
                            r"correct|ok|okay|it'?s (?:right|fine|correct)|all good|good|"
                            # "Otherwise that is correct." (played resident eq-04)
                            r"(?:that|it|all|everything)(?:'s| is) (?:all )?(?:quite )?(?:right|"
                            r"fine|correct|accurate))?"
                            r"[\s.!]*$", re.IGNORECASE)
# What a correction ends with that only asks for it to be made: "I should like that
# included.", "please add", "put that".
_PLEASE_INCLUDE = re.compile(r"[\s,.;:-]*(?:(?:i|we)(?: should| would|'d)? like (?:that|this|it) "
                             r"(?:included|added|in|put in|mentioned)|(?:please|can you|could "
                             r"you) (?:add|include|put)(?: (?:that|this|it))?(?: in)?|put that"
                             r"(?: in)?)[\s.!]*$", re.IGNORECASE)


def correction_in_words(text: str | None) -> tuple[str, str] | None:
    """A change to the read-back typed straight away, as (part, new text): "no, you missed
    the window that won't shut" -> ("add", "the window that won't shut"); "not quite, I'd
    like a new boiler" -> ("outcome", …); "no, email me instead at jo@example.com" ->
    ("contact", …). None when it only says something is wrong (then we ask which part)."""
    said = (text or "").strip()
    agreed = _OTHERWISE_YES.sub("", said).strip()
    rest = _PLEASE_INCLUDE.sub("", _NOT_QUITE.sub("", agreed, count=1).strip()).strip()
    missed = _MISSED.search(rest)
    if missed:
        added = re.sub(r"^that\s+", "", rest[missed.end():].strip(" ,.;:-"), flags=re.I)
        return ("add", added[:1].upper() + added[1:]) if len(content_words(added)) >= 2 \
            else None
    if (rest == said and agreed == said) or len(content_words(rest)) < 2:
        return None
    if find_phone(rest) or find_email(rest) or _CONTACT_CHANGE.search(rest):
        return "contact", rest
    if states_outcome(rest) or re.match(r"(?:the )?outcome\b|what i(?:'d| would) like\b|"
                                        r"i want\b", rest, re.IGNORECASE):
        outcome = re.sub(r"^(?:the )?outcome (?:should be|is)[\s:,-]*", "", rest,
                         flags=re.IGNORECASE)
        # "No, the outcome is wrong": which part, not the new words (asked for next)
        return ("outcome", outcome) if len(content_words(outcome)) >= 2 else None
    if len(content_words(rest)) >= 4 and not _WHO_CORRECTION.search(normalise(rest)) \
            and not re.search(r"\b(?:change|correct|edit|update|remove|delete|take (?:\w+ )?"
                              r"(?:out|off)|leave (?:\w+ )?out|cross (?:\w+ )?out|get rid of|"
                              r"(?:is ?n'?t|is not|not) part of)\b", rest, re.IGNORECASE):
        # "Nearly. It's the living room window with the cracked pane, not the bedroom",
        # "it was 4 times not 3, two calls and an email. otherwise yes": the change itself,
        # in their words, kept with the points (retired v14 asked "which part?" and lost it).
        return "add", rest[:1].upper() + rest[1:]
    return None


# How they want us to reach them, said at the read-back: "I asked to be written to by letter,
# not telephoned, as I am hard of hearing", "What I wish to change is how you contact me: by
# letter" (played resident fw-04: her point was rewritten "I letter the office").
_CONTACT_WISH = re.compile(
    r"\bto be (?:written to|contacted|rung|called|phoned|telephoned|texted|emailed|e-mailed)\b|"
    r"\b(?:write|ring|call|phone|telephone|text|txt|email|e-mail|contact|reach) (?:to )?(?:me|us)\b"
    r"(?! (?:back|about|to say|and))|\bhow you (?:contact|reach|get hold of) (?:me|us)\b|"
    r"\b(?:letters?|post|correspondence) (?:must|should|to|needs? to|can) (?:come|go|be sent) to "
    r"(?:me|us)\b|"
    # "Not phone, I said email or text. I'm at work" (played resident tl-09, twentieth
    # session: filed as a point)
    r"^\W*not (?:by )?(?:phone|call|calls|ring|text|email|letter|post)\b[^.!?]{0,20}\b(?:i said|"
    r"i asked for|i wanted|it'?s|only|just|please use)\b|"
    r"\bi (?:said|asked for|wanted) (?:to be contacted by )?(?:email|text|texts|phone|letter|post)"
    r"(?: or (?:email|text|texts|phone|letter|post))?\b", re.IGNORECASE)


# An address told as the writer's own: "Letters must come to me at Bramley Law Centre, 2
# Market Street", "please write to our office", "c/o the advice centre" (played resident
# fx-06: a solicitor's office replaced the tenant's home on the case).
_WRITERS_ADDRESS = re.compile(
    r"\b(?:to me|to us|me|us) (?:at|c/o|care of)\b|\b(?:my|our) (?:office|chambers|surgery|"
    r"centre|center|practice|firm|constituency office|work address|business address)\b|"
    r"\bc/o\b|\bcare of\b", re.IGNORECASE)


def writers_own_address(text: str | None) -> bool:
    """Whether an address is told as the writer's own, not the resident's home."""
    return bool(_WRITERS_ADDRESS.search(text or ""))


_TO_THE_WRITER_AT = re.compile(
    r"\b(?:to me|to us|me|us|(?:my|our|this) office|chambers|centre)\s*(?:at|:|-)\s*"
    r"(?P<address>[^\n]{3,120}?\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b)", re.IGNORECASE)
# A letter that asks for replies to its own office: "Please direct all correspondence to this
# office", "reply to me at the address above".
_REPLIES_TO_THIS_OFFICE = re.compile(
    r"\b(?:correspondence|letters?|replies|reply|post|all communication)\b[^.!?\n]{0,40}\b(?:to|at) "
    r"(?:this|our|my) (?:office|address|chambers|centre)\b|\b(?:reply|write) to (?:me|us) at the "
    r"(?:address|office) above\b|\bnot (?:wish|want) to be contacted directly\b", re.IGNORECASE)


def writers_address(text: str | None) -> str | None:
    """The writer's own postal address as a reply or a letter gives it: the address after
    "to me at" (or any address, when the words say it is theirs), or a letter's letterhead
    when the letter asks for replies to that office. None otherwise."""
    said = text or ""
    found = _TO_THE_WRITER_AT.search(said)
    if found and writers_own_address(said):
        return re.sub(r"^(?:my|our|the|this) (?:office|chambers|centre)\b[\s,:-]*", "",
                      found.group("address"), flags=re.IGNORECASE).strip(" ,.")
    addresses = [m.group(0).strip(" ,") for m in _ADDRESS.finditer(said)]
    if _REPLIES_TO_THIS_OFFICE.search(said) and len(addresses) >= 2:
        home = residents_address(said)
        theirs = [a for a in addresses if a != home]
        return theirs[0].replace("\n", ", ") if theirs else None
    if len(addresses) == 1 and writers_own_address(said):
        return addresses[0]
    return None


_ADDRESS_FIX = re.compile(r"\b(?:left|missed|forgot(?:ten)?|missing|leave|lost)\b[^.!?]{0,60}\b(?:off|"
                          r"out of|from)\s+(?:my|the|our|her|his) (?:address|postcode)\b|"
                          r"\b(?:my|the|our) (?:address|postcode) (?:is|should be|should say|needs)\b",
                          re.IGNORECASE)


def adds_to_address(text: str | None) -> bool:
    """Whether a reply to the read-back puts the address right ("you have left Newcastle upon
    Tyne NE4 6TQ off my address", "my postcode is LS9 7QT")."""
    said = text or ""
    return bool(_ADDRESS_FIX.search(said)) and bool(find_postcode(said) or find_address(said)
                                                    or re.search(r"\d", said))


def address_put_right(address: str | None, text: str) -> dict[str, str]:
    """The postal address with what the reply adds: a whole address given replaces it; a
    town or postcode left off is added to it."""
    whole = find_address(text)
    postcode = find_postcode(text)
    if whole and (not address or postcode and postcode not in (address or "")) and \
            len(whole.split()) >= 4:
        fixed = whole
    else:
        piece = re.sub(r"^.*?\b(?:left|missed|forgot(?:ten)?|missing|is|should be|should say)\s+",
                       "", text, count=1, flags=re.IGNORECASE)
        piece = re.sub(r"\s+(?:off|out of|from)\s+(?:my|the|our|her|his) (?:address|postcode)\b.*$",
                       "", piece, flags=re.IGNORECASE).strip(" .,")
        fixed = f"{(address or '').rstrip(' .,')}, {piece}" if address and piece not in address \
            else (address or piece)
    result = {"postal_address": fixed}
    if postcode:
        result["postcode"] = postcode
    return result


def contact_wish(text: str | None) -> bool:
    """Whether a reply to the read-back says how they want us to contact them, with the way
    named ("by letter, not telephoned"): a change to the contact, never to a point."""
    said = text or ""
    # "If you call me, Polish interpreter please" is a need if they call, not a wish to be
    # called (retired v22: email had been chosen, and was overwritten with phone).
    said = re.sub(r"\b(?:if|when|whenever|in case) (?:you|u|they|someone|anyone) (?:do )?(?:call|ring|"
                  r"phone|telephone|text|email|write to|contact) (?:me|us)\b", " ", said,
                  flags=re.IGNORECASE)
    return bool(_CONTACT_WISH.search(said)) and read_contact_preference(said).method is not None


# "The third point should say: I telephoned the office twice in October…", "the third point
# is garbled: it should say that…" (played resident fw-04: added as a point of its own).
_ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3,
             "4th": 3, "fifth": 4, "5th": 4, "sixth": 5, "6th": 5}
_POINT_SHOULD_SAY = re.compile(
    r"\b(?:the )?(?P<which>first|second|third|fourth|fifth|sixth|last|[1-6](?:st|nd|rd|th))"
    r" (?:point|bit|line|one|part|sentence)\b[^.!?]{0,50}?\b(?:should (?:say|read|be)|ought to (?:say|"
    r"read)|needs? to (?:say|read)|is meant to (?:say|read))(?: that)?\s*[:,-]?\s*(?P<new>.+)$",
    re.IGNORECASE | re.DOTALL)


def point_rewritten(points: list[str] | None, text: str | None) -> list[str] | None:
    """The points with the one the reply names put in the words it gives, or None."""
    found = _POINT_SHOULD_SAY.search(text or "")
    if not points or not found:
        return None
    which = found.group("which").lower()
    at = len(points) - 1 if which == "last" else _ORDINALS.get(which)
    new = found.group("new").strip().strip("'\"‘’“”").strip()
    if at is None or at >= len(points) or len(content_words(new)) < 2:
        return None
    return [new[:1].upper() + new[1:] if i == at else p for i, p in enumerate(points)]


_REMOVE = re.compile(
    r"\b(?:remove|delete|take (?:\w+ )?(?:out|off)|leave (?:\w+ )?out|cross (?:\w+ )?out|get rid "
    r"of|strike)\b|\b(?:is ?n'?t|is not|are ?n'?t|are not|not) (?:part of|meant for) (?:the|my|this|"
    r"his|her|their) complaint\b|\b(?:is|are) (?:what i want|my outcome),? not\b", re.IGNORECASE)
_HOW_MANY = {"two": 2, "three": 3, "2": 2, "3": 3}


def points_removed(points: list[str] | None, text: str | None) -> list[str] | None:
    """The points without those a reply asks to take out ("please remove 'Yes please'",
    "take out the first bit, it's just me introducing myself", "the last two bits are what I
    want, not what went wrong", "remove the line about the weather"), or None when it asks
    for no removal we can place (then nothing is guessed; played residents' removals were
    added as points of their own, twelfth session). Never all of them."""
    said = normalise(text)
    twice = re.search(r"\b(?:put|got|have|has|listed|written|wrote|said|typed)\b\s+(?:the |my |that )?"
                      r"(.{2,40}?)\s+(?:in |down )?twice\b", said)
    if points and twice:
        # "n u put the mould in twice": the later of the points that say it goes (a played
        # resident's note was filed as a point of its own).
        wanted = _matter_words(twice.group(1))
        saying = [i for i, p in enumerate(points) if wanted and wanted <= _matter_words(p)]
        if len(saying) >= 2:
            return [p for i, p in enumerate(points) if i != saying[-1]]
        named = re.fullmatch(r"(first|second|third|last) (?:bit|point|line|one|part|sentence)",
                             twice.group(1).strip())
        if named:
            # "Youve put the first bit twice." (played resident l-05): that point and the
            # one that repeats it; the later of the two goes.
            at = len(points) - 1 if named.group(1) == "last" else _ORDINALS[named.group(1)]
            if at < len(points):
                words = _matter_words(points[at])
                repeats = [i for i, p in enumerate(points) if i != at and words and (
                    words <= _matter_words(p) or _matter_words(p) <= words)]
                if repeats:
                    drop = max(at, repeats[0])
                    return [p for i, p in enumerate(points) if i != drop]
    if not points or not _REMOVE.search(said):
        return None
    targets: set[int] = set()
    for quoted in re.findall(r"['\"‘“]([^'\"’”]{3,})['\"’”]", text or ""):
        targets |= {i for i, p in enumerate(points) if normalise(quoted) in normalise(p)}
    if re.search(r"\b(?:the )?first (?:bit|point|line|one|part|sentence|item|thing)\b", said):
        targets.add(0)
    last = re.search(r"\b(?:the )?last (?:(two|three|2|3) )?(?:bits?|points?|lines?|ones?|parts?|"
                     r"sentences?|items?|things?)\b", said)
    if last:
        targets |= set(range(max(0, len(points) - _HOW_MANY.get(last.group(1) or "", 1)),
                             len(points)))
    about = re.search(r"\b(?:bits?|points?|lines?|parts?|sentences?|ones?|items?|things?) (?:about|on|"
                      r"saying|that "
                      r"says?|where i (?:said|say|mention))\s+(.+)$", said)
    if about:
        # "the bits about fixing the leak, apology and compensation": each item a point whose
        # words hold all of the item's (crudely stemmed: "fixing" is "fix")
        def stems(t: str) -> set[str]:
            return {re.sub(r"(?:ing|ed|es|s)$", "", w) for w in content_words(t) if len(w) > 2}
        phrase = re.split(r"\b(?:it|that|they|as|because|since)\s+(?:is|are|was|were|isn|aren|"
                          r"'s|s)\b|[.;!?]", about.group(1))[0]
        for item in re.split(r",|\band\b|\bor\b", phrase):
            wanted = stems(item)
            if wanted:
                targets |= {i for i, p in enumerate(points)
                            if len(wanted & stems(p)) >= max(1, 0.6 * len(wanted))}
    if re.search(r"\bintroduc\w*|\bwho i am\b", said):
        targets |= {i for i, p in enumerate(points) if introduces_writer(p)
                    or re.match(r"\W*(?:hello|hi)?\W*(?:my name is|i'?m|i am)\b", p, re.IGNORECASE)}
    if not targets or len(targets) >= len(points):
        return None
    return [p for i, p in enumerate(points) if i not in targets]


_NOTHING_TO_CHANGE = re.compile(
    r"^(?:oh\s+)?(?:sorry\W*(?:dear|love)?\W*)?(?:no\W+)?(?:i meant yes\b|nothing\b(?:\s+(?:needs?|to)\s+"
    r"(?:changing|change))?|no changes?\b|(?:it'?s|it is|that'?s|that is|its) (?:all )?(?:right|correct|"
    r"fine|ok|okay)\b|all (?:correct|good|fine|ok)\b|leave it\b|don'?t change|"
    # "No, I do not wish to change anything. It is correct." (played resident eq-04)
    r"(?:i )?(?:do not|don'?t|dont) (?:wish|want|need) to change (?:anything|it|a thing)|"
    r"no need to change)", re.IGNORECASE)


def nothing_to_change(text: str | None) -> bool:
    """'Oh sorry dear, I meant yes, that is right', 'nothing needs changing, it is all
    correct', 'leave it as it is': asked which part to change, they want none changed."""
    said = normalise(text)
    return bool(_NOTHING_TO_CHANGE.match(said)) and read_correction_part(
        re.sub(r"\b(?:right|correct|fine)\b", " ", said)) is None


def read_correction_part(text: str | None) -> str | None:
    said = normalise(text)
    if _WHO_CORRECTION.search(said):
        return "who"
    if re.search(r"\b(contact|phone|email|e-mail|number|address|text|txt|sms|letter|post|"
                 r"call|ring|whatsapp)\b", said) or find_email(said) or find_phone(said):
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


# "I have lived here nine years": how long they have been a tenant, not when it started
# (played resident t-07 was flagged as possibly too old to accept).
_HOW_LONG_LIVED_HERE = re.compile(
    r"\b(?:lived|living|resided|been (?:a tenant|here|in (?:this|the|my) (?:flat|house|home|"
    r"bungalow|property)))\b[^.;,]*?\b(?:years?|months?|yrs?)\b(?:\s+now)?|"
    # "has lived at 22 Ashdown House with her three children since 2019" (played residents,
    # sixteenth session: filed as when the problem started, and flagged as too old)
    r"\b(?:lived|living|resided|been a tenant|moved in|tenants?|resident)\b[^.;]{0,80}?"
    r"\bsince (?:19|20)\d\d\b",
    re.IGNORECASE)


def _latest_day_of_month(day: int, today: date) -> date:
    """The latest date on or before today that falls on this day of a month."""
    year, month = today.year, today.month
    for _ in range(13):
        try:
            candidate = date(year, month, day)
        except ValueError:
            candidate = None
        if candidate and candidate <= today:
            return candidate
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return today


def estimate_started(text: str | None, today: date) -> StartedEstimate:
    """Roughly how long ago something started, from 'since March', '2 years ago', '2023'.

    Only used to flag a possible exclusion for staff (Code 2.3); never to refuse.
    """
    said = _HOW_LONG_LIVED_HERE.sub(" ", normalise(text))
    if not said.strip():
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
        # "3 weeks ago", "for about two months": the date it began, as near as words say.
        days = amount * {"day": 1, "week": 7, "month": 30, "year": 365}[match.group(2)]
        return StartedEstimate(amount * _UNITS[match.group(2)], today - timedelta(days=days))
    if re.search(r"\blast year\b", said):
        return StartedEstimate(max(12.0, float(today.month)), None)
    day_of_month = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)\b(?! (?:time|floor|visit|attempt|call|"
                             r"appointment|one|week|month|year|report|engineer|person|"
                             r"contractor|letter|email|flat|house|block)s?\b)", said)
    if day_of_month and 1 <= int(day_of_month.group(1)) <= 31 and not re.search(
            r"\b(19|20)\d{2}\b", said) and not any(m in _MONTHS for m in re.findall(r"[a-z]+", said)):
        # "Thursday last week, 26th.", "Monday 23rd": the day of the month says which day
        # (played residents, sixteenth session: filed as the 27th and the 30th).
        started = _latest_day_of_month(int(day_of_month.group(1)), today)
        return StartedEstimate(_months_between(started, today), started)
    if re.search(r"\b(yesterday|today|this week|last week|few days)\b", said):
        back = {"yesterday": 1, "today": 0, "last week": 7}
        word = re.search(r"\b(yesterday|today|last week)\b", said)
        return StartedEstimate(0.0, today - timedelta(days=back[word.group(1)]) if word else None)
    year_match = re.search(r"\b(19|20)(\d{2})\b", said)
    month_match = next((m for m in re.findall(r"[a-z]+", said) if m in _MONTHS), None)
    if not (year_match or month_match):
        # "the kitchen went in on the 25th", "since Monday", "last tuesday": the latest such
        # day (played residents, thirteenth session: "the 25th" was filed as the 27th).
        day_only = re.search(r"\bthe (\d{1,2})(?:st|nd|rd|th)\b", said)
        if day_only and 1 <= int(day_only.group(1)) <= 31:
            started = _latest_day_of_month(int(day_only.group(1)), today)
            return StartedEstimate(_months_between(started, today), started)
        weekday = re.search(r"\b(last )?(mon|tues|wednes|thurs|fri|satur|sun)day\b", said)
        if weekday:
            index = ["mon", "tues", "wednes", "thurs", "fri", "satur", "sun"].index(
                weekday.group(2))
            back = (today.weekday() - index) % 7 or (7 if weekday.group(1) else 0)
            if weekday.group(1) and back == 1:
                back = 8  # "last thursday" said on a Friday is a week before: yesterday
                # would be "yesterday" (played resident j-01's was filed as yesterday)
            started = today - timedelta(days=back)
            return StartedEstimate(_months_between(started, today), started)
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
            elif re.search(r"\bmid(?:dle of)?[- ]?" + month_match, said):
                day = 15  # "mid oct ish" (played resident j-03's was filed as the 1st)
            elif re.search(r"\b(?:end of|late) " + month_match, said):
                day = 25
        try:
            started = date(year, month, day)
        except ValueError:
            started = date(year, month, 1)
        if started > today:
            started = started.replace(year=year - 1) if not (month == 2 and day == 29) else \
                date(year - 1, month, 28)
        return StartedEstimate(_months_between(started, today), started)
    return StartedEstimate(None, None)


_COUNT = (r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
          r"eighteen|several|a few|a couple of)")
_MONTH_WORD = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
               r"aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
# When it started, said in the account itself: "since March", "for three weeks", "2 months ago".
_START_SAID = re.compile(
    r"\b(?:since (?:last |early |late |the (?:start|end|middle) of |about |around )?(?:"
    + _MONTH_WORD + r"(?: \d{4})?|\d{1,2}(?:st|nd|rd|th)? " + _MONTH_WORD + r"|(?:19|20)\d\d|"
    r"christmas|easter|the (?:spring|summer|autumn|winter)|last (?:week|month|year|spring|"
    r"summer|autumn|winter))|(?:for|over) (?:the (?:last|past) |about |nearly |almost |over "
    r"|more than )?" + _COUNT + r" (?:days?|weeks?|months?|years?)|" + _COUNT +
    r" (?:days?|weeks?|months?|years?) ago)\b", re.IGNORECASE)


def start_said(text: str | None) -> str | None:
    """When the problem started, when the account says so in so many words ("since March",
    "for three weeks", "2 months ago"), so "When did this start?" is not asked again."""
    match = _START_SAID.search(_HOW_LONG_LIVED_HERE.sub(" ", text or ""))
    return match.group(0) if match else None


def _months_between(earlier: date, later: date) -> float:
    return (later.year - earlier.year) * 12 + (later.month - earlier.month) + (
        later.day - earlier.day) / 30


# --- Reading a reply in the context of the question it answers (issue 10) ---

# "I want to make a complaint", "how do I complain?", "complaint": asking to complain,
# with no account of what went wrong.
_ASKING = re.compile(
    r"^\s*(?:(?:yes|yeah|yep|ok|okay|please|hi|hello)[\s,.!]*)*"
    r"(?:(?:i|we)(?:'d| would| should)?\s+(?:like|want|wish|need|wanna)\s+(?:to|2)?\s*|can i\s+|could i\s+|"
    r"i'?m\s+(?:going|trying)\s+to\s+|how\s+(?:do|can|could)\s+(?:i|we)\s+|please\s+)?"
    r"(?:(?:make|raise|log|file|submit|put in|lodge|start|do)\s+(?:a|an|my)?\s*"
    r"(?:formal|official|proper|stage (?:1|one))?\s*complain(?:t|ts)?|complain|"
    r"(?:(?:a|new|formal|my)\s+)*complaint)"
    r"(?:\s+(?:please|now|then|thanks|thank you|tho|though|too|as well))*[\s.!?]*$",
    re.IGNORECASE)
_NOTHING_MORE = re.compile(
    # "That'll do for now.", "I said that'll do. No." (played residents, sixteenth session:
    # "anything else?" asked three times)
    r"^(?:i said )?(?:that'?ll|thatll|that will|that should|it'?ll) do(?: for now| thanks?| ta)?"
    r"(?:[\s,.!]+(?:no|thanks?|thank you|ta|cheers))?[\s,.!]*$|"
    r"^(?:that'?s|thats|that is) (?:it|all|everything) for now[\s,.!]*$|"
    r"^(?:(?:that|it)(?:'s| is) (?:all|everything|it)|that covers it|na,? (?:dim )?diolch"
    r"(?: yn fawr)?|dim(?: diolch)?)[\s,.!]*(?:thanks?|thank you)?[\s,.!]*$|"
    r"^(?:no|nope|nah|na|nothing|none)\b[\s,.!]*(?:(?:thanks?|thank you)(?: very much| so "
    r"much| again)?|ta|cheers)?[\s,.!]*"
    r"(?:(?:that|it)(?:'s| is| was)?\s*(?:all|it|everything|about it)|that covers it|"
    r"covers it|it'?s all in (?:my|the) (?:message|email|letter)|all in (?:my|the) "
    r"(?:message|email|letter)|nothing (?:else|more)|(?:i )?think that'?s (?:it|all)|"
    r"(?:i )?(?:have|'ve) said it all|that'?s everything)?[\s,.!]*(?:thanks?|thank you)?"
    r"[\s,.!]*$", re.IGNORECASE)


# Words that close or agree without telling anything: a reply made only of these, or a
# "no"/"yes" followed only by these, says nothing new ("no I think that's everything,
# sorry for going on", "Nothing further at this stage, thank you", "yes that's it
# basically, you've got it"). A matter of complaint always has a word outside the list
# (a thing, a person, an event).
_CLOSING_WORDS = frozenset("""a about actually again ah all alright already am an and any
anything apart as at basically be been believe best bit but can cheers comes cover covered
covers currently did do does either else enough ever everything exactly fine for
further from fully get gets getting go going good got great guess has have having hello hi
i i'd i'll i'm i've if in indeed is it it's its just know let lot lots many me more moment
much my need needed no nope not nothing now of oh ok okay on one only or pretty really
right said say says see should so sorry sorted sort stage still summary sums suppose sure
ta than thank thanks that that's thats the them then there there's think this thx time
to too up us very was we well what whatever will with would yeah yes yep you you've your
accurate correct exact perfect spot lovely brilliant agreed agree size nutshell near
thank-you tbh tho though understand understood wise don't dont nowt owt go goes
rite dear luv hun pet duck close
honestly mate love pls please reckon suppose guess only already told said message looks
sounds ahead
messages dim byd arall diolch dunno innit main thing like stop
isnt isn't matters present""".split())
# A further matter announced after a yes or no: "no, but…", "yes, and also…".
_FURTHER = re.compile(r"^(?:but|also|and also|and another|apart from|except|actually|"
                      r"although|though|one more|plus|oh and|oh,? and|only|as well|"
                      r"you (?:missed|forgot|left out)(?: out)?(?: (?:that|the bit (?:about|"
                      r"where)|about))?)\b", re.IGNORECASE)
_LEADING_YES_NO = re.compile(
    r"^\s*(?:(?:yes|yeah|yep|yup|yea|yh|ye|nope|nah|na|ok|okay|correct|that'?s right|not really|"
    r"not as such|not that i can think of)\b[\s,.!:;-]*"
    # "yes def, they just left it like this" (retired v21: "Def, they…" filed as a point)
    r"(?:(?:def|defo|deffo|definitely|definately|absolutely|certainly|of course|course|ofc|"
    r"totally)\b"
    r"[\s,.!:;-]*)?|"
    # "no", "nothing", "none" are answers only before a pause or a new start: in "No letter
    # was ever sent", "No one came", "Nothing has been done" they are the matter, and taking
    # them off says the opposite (blind v14's judges saw two such points, eleventh session).
    r"(?:no|nothing|none)\b(?:\s*[,.!:;–—-]+\s*|\s*$|\s+(?=(?:but|and|also|although|though|"
    r"however|actually|just|only|except|thanks|thank|sorry|not|i|i'?m|im|i'?ve|ive|we|he|she|"
    r"they|it|it'?s|its|that|thats|that'?s|the|my|our|his|her|their|there|there'?s|this|you|"
    r"your|else|more|further)\b)))",
    re.IGNORECASE)

# A sentence that only agrees with the list read back or asked about: "That is a fair
# account.", "That reflects our instructions.", "All five are there.", "those are the two
# matters", "that's the full list", "you've got it all" (retired set v7, read 3 December).
_AGREES_WITH_LIST = re.compile(
    r"^\W*(?:(?:that|this|it)(?:'s| is| was)? (?:a |an |the )?(?:very )?(?:fair|good|accurate|true|"
    r"correct|right|full|complete|decent|whole)\b(?: (?:account|summary|record|list|picture|"
    r"reflection|description|lot))?|(?:that|this|it) (?:reflects|captures|covers|sums up|"
    r"summari[sz]es)\b.{0,40}|(?:those|these|they|that)(?:'re| are|'s| is) (?:the|my|our|all the|all "
    r"my|all our|all) ?(?:\w+ )?(?:matters|points|issues|things|complaints|concerns|of it|"
    r"list)\b|(?:all|both) (?:\w+ )?(?:are|is) (?:there|in|included|covered|right|correct)\b|"
    r"(?:you'?ve|you have) got (?:it|them|everything|it all|all of it)\b)"
    r"(?:[\s,]+(?:thank you|thanks|ta)(?: (?:very|so) much)?)?[\s.!,]*$", re.IGNORECASE)


def only_agrees(sentence: str) -> bool:
    return bool(_AGREES_WITH_LIST.match(sentence.strip()))


def _without_agreeing(text: str) -> str:
    # "yh thats rite.", "Yes dear.": agreeing, or only words of address (retired v24 filed
    # "Thats rite." and "Dear" as points)
    return " ".join(s for s in sentences(text) if not only_agrees(s) and not says_nothing_new(s))


# "sorry for rambling", "apologies for the long message": courtesy, whatever the words.
_APOLOGY = re.compile(r"\b(?:sorry|apologies|apologise)\b(?:\s+(?:for|about|if|that)\b"
                      r"[^,.!;?]{0,40})?|\bmy english (?:is )?(?:not|no|isn'?t|bad|poor|not very)"
                      r"\b(?: (?:so |very )?good)?", re.IGNORECASE)


def content_words(text: str | None) -> list[str]:
    """The words of a reply outside the closing and agreeing words."""
    said = _APOLOGY.sub(" ", (text or "").replace("\u2019", "'"))
    words = re.findall(r"[a-z][a-z'-]*", said.lower())
    return [w for w in words if w not in _CLOSING_WORDS]


def says_nothing_new(text: str | None) -> bool:
    """Only closing or agreeing words, with nothing of a matter in them."""
    return bool(re.search(r"[a-z]", (text or "").lower())) and not content_words(text)


# A question to us, not a matter: "what about my complaint though?", "will you write to me?"
# ("Why has nobody come?" is a matter put as a question, and stays one.)
_QUESTION_TO_US = re.compile(r"^(?:what about|when|will|can|could|is|are|do|does|did|how long|"
                             r"how do|how will|who|would)\b[^?]*\?\s*$", re.IGNORECASE)


def further_matter(text: str | None) -> str | None:
    """What a yes or no goes on to add as a further matter ("no, but the lift is broken
    too" -> "the lift is broken too"), or None when it adds nothing ("no. just get on with
    it", "yes that's it basically, you've got it", "Nothing further at this stage, thank
    you"). Without a yes or no, the whole reply, unless it says nothing new."""
    said = (text or "").strip()
    rest = _without_agreeing(_LEADING_YES_NO.sub("", said, count=1).strip())
    told = sentences(rest)
    if len(told) > 1:
        # "no that's all. Nobody ever rang.": the closing is not part of the matter
        # (played resident ec-09's point began "that's all.").
        rest = " ".join(s for s in told if not nothing_more(f"no, {s}")) or rest
    if not rest:
        return None  # "No, those are the two matters."
    if _QUESTION_TO_US.match(rest) and len(rest.split()) <= 12:
        return None  # "What about my complaint though?", "when will someone come?"
    if only_asks_to_complain(rest):
        return None  # "And yeah i want to complain.": no further matter
    if rest == said:
        if says_nothing_new(said):
            return None
        missed = re.match(r"you (?:missed|forgot|left out)(?: out)?(?: (?:that|the bit (?:about|"
                          r"where)|about))?[\s,:;-]+", said, re.IGNORECASE)
        if missed and len(content_words(said[missed.end():])) >= 2:
            rest = said[missed.end():]  # "You missed that the caretaker was rude"
            return rest[:1].upper() + rest[1:]
        return said
    marked = _FURTHER.match(rest)
    if marked:
        rest = _FURTHER.sub("", rest, count=1).lstrip(" ,:;-")
    rest = rest.lstrip(" ,.;:-")  # "Yes also. He was smoking in my flat."
    # One word of substance after a yes or no is how they feel ("no. just get it done");
    # a further matter names a thing and what happened to it, or is announced ("but…").
    if len(content_words(rest)) >= (1 if marked else 2):
        return rest
    return None


_AGREEMENT = re.compile(r"\b(?:yes|yeah|yep|yup|right|correct|accurate|exactly|perfect|spot on|"
                        r"fine|agreed?|got it|size of it|sums it up|in a nutshell|that'?s it|"
                        r"about it|near enough|pretty much|ok|okay|lovely|brilliant)\b")


# "That is quite right, thank you.", "Quite right." (played resident eq-04 was sent to
# "which part would you like to change?")
_PLAIN_AGREEMENT = re.compile(
    r"^(?:(?:yes|yeah|ok|okay)\W+)?(?:(?:that|it|this|all|everything)(?:'s| is)(?: now)? )?"
    r"(?:quite|perfectly|absolutely|completely|entirely|all|exactly) (?:right|correct|accurate|"
    r"fine|in order)(?: now)?\W*(?:(?:thank you|thanks|many thanks)(?: (?:very much|so much))?"
    r"\W*)?$", re.IGNORECASE)


# "That will do, thank you." (played resident et-04 was asked which part to change)
_WILL_DO = re.compile(r"^(?:(?:yes|yeah|ok|okay)\W+)?(?:that|it|this)(?:'ll| will) do(?: nicely| fine)?"
                      r"\W*(?:(?:thank you|thanks|many thanks)\W*)?$", re.IGNORECASE)


def confirms(text: str | None) -> bool:
    """Agreeing with a read-back in words of their own, with nothing to change: "That is
    an accurate summary.", "That's about the size of it.", "yes that's it basically,
    you've got it". A no, "not", or anything of substance is not agreement."""
    said = normalise(text).replace("\u2019", "'")
    if _PLAIN_AGREEMENT.match(said) or _WILL_DO.match(said):
        return True
    return says_nothing_new(said) and bool(_AGREEMENT.search(said)) and not \
        re.search(r"\b(?:no|not|nope|nah|wrong|never|isn'?t|wasn'?t|don'?t)\b|n't\b", said)


_UNSURE = re.compile(r"\b(?:don'?t know|dunno|not sure|unsure|what (?:can|could|would|will|do) "
                     r"you|what (?:does|do) (?:that|you) mean|what happens|what'?s the "
                     r"difference|which is (?:best|better)|what would you (?:suggest|advise)|"
                     r"up to you|you tell me|depends|"
                     # "whats the point, does it change anything" (played residents,
                     # thirteenth session: the same offer again, word for word)
                     r"what'?s the point|what is the point|is there (?:even |actually |really )?"
                     r"(?:any|a) point|how long (?:does|will|would) (?:it|that|this|a complaint) "
                     r"take|does it (?:change|do|make) "
                     r"(?:anything|any difference|a difference)|will (?:it|that) (?:change|do|make|"
                     r"help)\b|"
                     # Hesitation: "idk dont want them thinking im kicking off", "I don't want
                     # to cause trouble" (played residents, sixteenth session: the offer was
                     # dropped, then "ok yes complain then" was not heard)
                     r"idk|i dunno|(?:don'?t|dont|do not) want (?:to )?(?:cause|make) (?:any )?"
                     r"(?:trouble|a fuss|problems)|(?:don'?t|dont|do not) want (?:them|him|her|you|"
                     r"anyone|people) (?:thinking|to think|to lose|losing|getting)|kicking off|"
                     r"(?:don'?t|dont|do not) want to (?:be a (?:nuisance|bother|pest)|bother (?:you|"
                     r"anyone|anybody)|waste (?:your|anyone'?s) time))\b",
                     re.IGNORECASE)


_TIME_CUE = re.compile(
    r"\d|\b(?:ago|since|last|this|when|while|after|before|until|till|once|then|back|earlier|"
    r"ever|ages|years?|months?|weeks?|days?|yesterday|"
    r"today|tonight|morning|night|winter|summer|spring|autumn|christmas|easter|moved|"
    r"january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|start|began|beginning|first|always|forever)\b",
    re.IGNORECASE)
_OUTCOME_WORDS = re.compile(
    r"\b(?:compensat\w*|apolog\w*|refund\w*|sorry|fix\w*|repair\w*|replac\w*|inspect\w*|"
    r"surveyor|treat\w*|redecorat\w*|reimburs\w*|withdraw\w*|put (?:it )?right)\b",
    re.IGNORECASE)


def says_when(text: str | None) -> bool:
    """Whether words name a time ("in August", "on the 24th", "last week", "3 times since
    May")."""
    return bool(_TIME_CUE.search(text or ""))


def names_no_time(text: str | None) -> bool:
    """An answer to "when did this start?" with no time in it at all ("No, for me", "an
    apology, the letter taken off my file"), and not a don't-know ("no idea", "not sure")."""
    said = (text or "").strip()
    return bool(said) and not says_when(said) and not is_skip(said, None) and not \
        re.search(r"\b(?:idea|sure|know|remember|recall|unsure|dunno|forget|forgotten|long|yonks|"
                  r"while|can'?t say|"
                  r"couldn'?t say|not certain)\b", said, re.IGNORECASE)


def outcome_not_time(text: str | None) -> bool:
    """An answer to "when did this start?" that names no time and says what they want
    ("A proper inspection, the leak repaired, and compensation for the delay")."""
    said = (text or "").strip()
    if len(content_words(said)) >= 3 and _ASKS_US_TO.match(said):
        # "Finish the door today so it locks properly, clean up the mess…" (played resident
        # tw-04, twenty-second session: filed as when it started): told as what to do, its
        # "today" is when they want it done.
        return True
    return len(content_words(said)) >= 3 and not _TIME_CUE.search(said) and bool(
        states_outcome(said) or _OUTCOME_WORDS.search(said))


_ASKS_US_TO = re.compile(
    r"^\W*(?:please\s+|pls\s+|just\s+|can you\s+|could you\s+)*(?:finish|fix|repair|replace|sort|"
    r"clean|make sure|send|give|pay|refund|apologi[sz]e|remove|cut|clear|stop|arrange|book|"
    r"install|fit|cancel|withdraw|reduce|compensate|investigate|reimburse)\b(?!\s+(?:was|were|"
    r"is|date|day)\b)", re.IGNORECASE)


# Where it is, by the electrics: "its right by the light fitting" (played residents,
# fifteenth session), more of the matter whatever the question.
_BY_THE_ELECTRICS = re.compile(
    r"\b(?:by|next to|near|beside|above|over|onto|into|round|behind) (?:the|my|our) (?:light|"
    r"lights|light fitting|socket|sockets|switch|fuse ?box|plug|wires|wiring|electrics|cooker|"
    r"boiler|meter|consumer unit)\b", re.IGNORECASE)


def more_of_the_matter(text: str | None) -> bool:
    """A reply to an offer that is neither yes nor no nor a question, and tells more of the
    matter: a fault, a delay, an earlier report, who is affected ("my mum lives with me
    shes 86 and shes freezing", "3rd time this month the engineer keeps patching it")."""
    said = (text or "").strip()
    if not said or said.endswith("?") or is_yes(said) or is_no(said) or is_skip(said, None) \
            or len(content_words(said)) < 2:
        return False
    return bool(_PROBLEM.search(said) or plainly_vulnerable(said) or says_vulnerable(said)
                or tells_of_earlier_report(said) or _BY_THE_ELECTRICS.search(said) or re.search(
                    r"\b(?:again|still|since|never|nobody|no one|keeps?|worse|freezing|cold|"
                    r"patch\w*|painted|properly|proper (?:job|fix|repair)|another (?:man|bloke|"
                    r"engineer|contractor|visit))\b", said, re.IGNORECASE))


def unsure_of_offer(text: str | None) -> bool:
    """'I don't know, what can you do?', 'what's the difference?': a question about the
    offer, not a yes, a no or a new matter."""
    said = (text or "").strip()
    if len(said.split()) > 20 or is_yes(said) or is_no(said):
        return False
    return bool(_UNSURE.search(said)) or (said.endswith("?") and len(content_words(said)) <= 3)


_NO_DANGER = re.compile(
    r"\b(?:nobody|no ?one|no-one)(?:'s| is)? (?:in )?(?:danger|hurt|at risk)|\bnot (?:in )?"
    r"(?:any )?danger|\bno danger\b|\bnot (?:an? )?(?:emergency|urgent|dangerous)\b|"
    r"\bnot (?:really|at all)\b|\bwe'?re (?:all )?(?:ok|okay|fine|safe)\b|"
    r"\b(?:i'?m|all|everyone'?s?|we are) (?:ok|okay|fine|safe)\b|^\s*(?:nobody|no ?one)\b|"
    r"\bit'?s not (?:urgent|dangerous)\b|\b(?:it'?s|its|it is) not \w+ing (?:right now|at the "
    r"moment|now|today)\b|\bisn'?t \w+ing (?:right now|at the moment|now|today)\b|"
    r"^\W*not (?:right )?(?:now|at the moment|at present)\b|"
    # "Not immediate, but there's a real falls risk", "its on today", "working again now"
    # (retired v9: both were taken as a yes and given 999 advice).
    r"\bnot (?:immediate(?:ly)?|right this minute|straight ?away|this (?:second|minute|instant)|"
    # "Not this second, her oxygen gets delivered to the door" (retired v22: asked twice,
    # then taken as a yes)
    r"at this (?:exact )?(?:moment|minute|second)|right this (?:second|minute|moment|instant))\b|"
    # "Not in the sense of an emergency, no, though the open bait boxes worry me." (retired
    # v23: kept as a danger, and the complaint filed as an emergency)
    r"\bnot in the sense of (?:an? )?(?:emergency|danger)\b|"
    r"\b(?:it'?s|its|it is|it'?s back|heating'?s|heating is|power'?s|power is|it came back) "
    r"(?:back )?on (?:now|today|again|at the moment)\b|"
    r"\b(?:working|back on|sorted|stopped) (?:now|today|again)\b",
    re.IGNORECASE)
_DANGER_UNSURE = re.compile(r"\b(?:what do you mean|wat do u mean|what u mean|what does that "
                            r"mean|don'?t know|dunno|not sure|pardon|sorry\?)\b|^\W*\?+\W*$",
                            re.IGNORECASE)


# Words that say something about a danger: a hazard, someone who could be hurt, fear, haste.
_DANGER_TALK = re.compile(
    r"\b(?:gas|smell\w*|fire|smok\w*|burn\w*|spark\w*|electric\w*|wires?|sockets?|fuse\w*|water|"
    r"leak\w*|flood\w*|pour\w*|drip\w*|ceiling|collaps\w*|fall\w*|fell|crack\w*|lock\w*|doors?|"
    r"windows?|broke\w*|heat\w*|cold|freez\w*|boiler|power|lifts?|stuck|trapped|hurt|injur\w*|"
    r"bleed\w*|breath\w*|chest|asthma|bab(?:y|ies)|kids?|child\w*|son|daughter|mum|mam|mom|dad|nan|"
    r"gran\w*|grandad|elderly|old|disab\w*|ill|sick|poorly|pregnan\w*|oxygen|wheelchair|carer|"
    r"scared|frighten\w*|afraid|unsafe|threat\w*|danger\w*|emergenc\w*|help|police|999|alarms?|"
    r"carbon|co|fumes?|sewage|rats?|now|urgent\w*|quick\w*|asap|tonight|hot|safe|me|myself|"
    r"someone|somebody|anyone|people|family|neighbou?rs?|alone|on my own)\b",
    re.IGNORECASE)


def danger_answer(text: str | None, intent: str | None = None) -> bool | None:
    """The answer to "is anyone in danger right now?": False for a no ("no", "nobody's
    in danger, it's just cold", "not an emergency"), None when it does not answer the
    question (an address, "wat do u mean", "I don't know"), True otherwise: a yes or
    anything said about the danger keeps it."""
    said = (text or "").strip()
    if is_yes(said, None) and not is_no(said, None):
        return True
    if is_no(said, intent) or _NO_DANGER.search(said):
        return False
    words = content_words(re.sub(_POSTCODE, " ", said))
    if _DANGER_UNSURE.search(said) or (find_address(said) or find_postcode(said)) and \
            len(words) <= 8:
        return None
    if len(said.split()) <= 8 and not _DANGER_TALK.search(said):
        # "since fri", "took a day off work unpaid" (played residents tx-01 and tx-07,
        # twenty-second session: each read as a yes, told to call 999 and the complaint
        # flagged an emergency): no word of a hazard, a person or a fear is no answer; the
        # question is asked once more, and a second such reply keeps the danger.
        return None
    if len(said.split()) <= 3 and re.match(
            r"^\W*(?:in |at |on )?(?:the )?(?:block|flat|tower|court|house|floor|level|stairwell|"
            r"stairs|landing|kitchen|bathroom|bedroom|lounge|living room|hall|loft|garden)\b",
            said, re.IGNORECASE):
        return None  # "block B" (played resident tr-09: read as a yes): where, not whether
    return True


_WITHDRAWS = re.compile(
    r"\b(?:cancel|withdraw|drop|scrap|stop|forget)\b[^.!?]{0,20}\bcomplaint\b|"
    r"\b(?:i|we)\s*(?:do not|don'?t|dont|no longer|do not want to|don'?t want to)\s+"
    r"(?:want|wish|need)?\s*(?:to\s+)?(?:make|raise|log|have|do|go (?:ahead )?with)?\s*"
    r"(?:a\s+|the\s+|this\s+)?(?:formal\s+)?complain(?:t|ing)?\b(?! (?:about (?:you|the "
    r"(?:officer|staff))))(?![\s-]+(?:ref|reference|number|no\b|num))|"
    r"\b(?:i|we)\s*(?:do not|don'?t|dont)\s+want\s+to\s+complain\b|"
    r"\bnot (?:a )?complain(?:t|ing)?\s+(?:any ?more|after all)\b|"
    # "on reflection, I would rather not make a formal complaint", "No complaint." (played
    # resident el-07)
    r"\b(?:i|we)(?:'d| would| had)? rather not (?:make|raise|log|have|put in|go ahead with)\s+"
    r"(?:a |the |this )?(?:formal )?complaint\b|^\W*no complaint\W*$|"
    # "Yes, as a repair, not a complaint."
    r"\b(?:as|just) (?:a )?(?:repair|service request|job)\W+(?:and )?not (?:a |as a )?"
    r"complaint\b|"
    r"\b(?:i|we)\s*(?:do not|don'?t|dont)\s+want\b[^.!?]{0,30}\b(?:a|the|this as a)\s+"
    r"complaint\b", re.IGNORECASE)


def withdraws_complaint(text: str | None) -> bool:
    """'cancel the complaint please', "i dont want to complain any more", 'forget the
    complaint, just book the service': they no longer want the complaint they started."""
    said = text or ""
    return bool(_WITHDRAWS.search(said)) and not re.search(
        r"\b(?:also|another|second|new|separate)\s+complaint\b", said, re.IGNORECASE)


# "I would be grateful if you would treat this letter as a formal complaint."
_TREAT_AS_COMPLAINT = re.compile(
    r"^\s*(?:(?:i|we)(?:'d| would| should)? (?:be grateful|ask|like you to|request)"
    r"(?: (?:if|that) you(?: would| could| will)?)?|please|kindly|can you|could you)?\s*"
    r"(?:treat|log|record|register|accept|take|handle|deal with|consider)\s+(?:this|it|my|"
    r"the)(?:\s+(?:letter|email|e-mail|message|note|matter))?\s+as\s+(?:a\s+)?(?:formal\s+|"
    r"official\s+|stage (?:1|one)\s+)?complaint(?:\s+(?:please|thank you|thanks))?[\s.!]*$|"
    # "yes please let's make it official" (retired v21: "Please let's make it official"
    # filed as a point)
    r"^\s*(?:please\s+)?(?:(?:let'?s|lets)\s+)?make\s+(?:it|this|that)\s+(?:official|formal)"
    r"(?:\s+(?:please|then|now))?[\s.!]*$",
    re.IGNORECASE)


def only_asks_to_complain(text: str | None) -> bool:
    """'I want to complain', 'how do I make a complaint?', 'complaint', 'I would be
    grateful if you would treat this letter as a formal complaint' — nothing more."""
    said = (text or "").strip()
    # "And yeah i want to complain.": the same, after "and" or a yes (played residents)
    # "Actually no i do want to complain." (a played resident's change of mind): the same
    bare = re.sub(r"^(?:(?:and|so|but|also|yes|yeah|yep|ye|ok|okay|well|actually|no|sorry|"
                  r"hang on|wait)\b[\s,.!]*)+", "", said, flags=re.IGNORECASE)
    bare = re.sub(r"^(i|we) do (want|wish)\b", r"\1 \2", bare, flags=re.IGNORECASE)
    return bool(_ASKING.match(said) or _TREAT_AS_COMPLAINT.match(said)
                or (bare != said and (_ASKING.match(bare) or _TREAT_AS_COMPLAINT.match(bare))))


_CHOOSES_TO_COMPLAIN = re.compile(
    r"\b(?:yes|yeah|yep|ye|and)\b[^.!?]{0,15}\b(?:i )?(?:do )?(?:want|wish|would like|'d like)"
    r"(?: to)?(?: make a)? complain|\bi (?:do )?(?:want|wish|would like|'d like)(?: to)?(?: make "
    r"a)? complain", re.IGNORECASE)


def chooses_to_complain(text: str | None) -> bool:
    """"No. Please I want somebody fix the mould. And yes I want complain also", "no
    nobody stuck. i want to complain about the lift": whatever the no was to, they say they
    want to complain (Code 1.3)."""
    return bool(_CHOOSES_TO_COMPLAIN.search(_NOT_COMPLAINING.sub(" ", text or "")))


def wants_to_complain(text: str | None) -> bool:
    """The resident asked to complain: go straight to it, never talk them out of it.
    "Not complaining, just want to know when" is not asking."""
    said = _NOTHING_TO_COMPLAIN.sub(" ", _NOT_COMPLAINING.sub(" ", text or ""))
    return bool(re.search(r"\bcomplain", said, re.IGNORECASE))


_NOT_COMPLAINING = re.compile(
    r"\b(?:i'?m |i am |we'?re |this is |it'?s )?(?:not|never|(?:do|does|did|is|was|are|wo|would)n'?t)\s+(?:\w+\s+){0,3}?"
    r"(?:complain(?:ing|t)?|a complaint)\b", re.IGNORECASE)


_ONLY_THANKS = re.compile(
    r"(?:(?:ok|okay|oki|k|right|great|lovely|brill|brilliant|perfect|fab|super|cool|fine|"
    r"alright|all right|that'?s great|that'?s lovely|that'?s fine)[\s,.!]*)?(?:thanks?|thank you|"
    r"thank u|thx|ty|ta|cheers|many thanks|thanks a lot|thank you very much|ta very much|"
    r"bye|goodbye|ta ta)(?: (?:so much|very much|love|again|for your help|for that))?"
    r"[\s,.!x]*(?:bye|ta|cheers)?[\s,.!x]*", re.IGNORECASE)


def only_thanks(text: str | None) -> bool:
    """Only thanks or a goodbye: "ok ta", "Thank you so much", "cheers, bye"."""
    return bool(_ONLY_THANKS.fullmatch((text or "").strip()))


def nothing_more(text: str | None) -> bool:
    """'no', 'no, that covers it', 'no, it's all in my message', or only a sign-off
    ("Yours faithfully,", "Thanks"): nothing to add."""
    said = (text or "").strip()
    return bool(_NOTHING_MORE.match(normalise(text))) or (
        bool(said) and not _account_lines(said)) or (
        # "Otherwise no.", "It's all in my letter above - points 1 to 3.": nothing new
        bool(said) and len(said.split()) <= 14 and not is_yes(said)
        and all(introduces_writer(s) for s in sentences(said)))


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
    if only_asks_to_complain(said) or nothing_more(said) or says_nothing_new(said):
        return True
    if pending.startswith("offer_") and unsure_of_offer(said):
        return True  # "I don't know, what can you do?": a question about the offer
    if pending.startswith("offer_") and is_yes(said) and not is_no(said):
        # "yes I suppose I do, I never wanted to complain, but enough is enough": taking
        # up the offer, however it is put. It never replaces what they told us.
        return True
    if (is_yes(said) or is_no(said)) and further_matter(said) is None:
        return True  # "no. just get on with it", "no I think that's everything, sorry"
    if is_yes(said) or is_no(said) or intent in ("affirm", "deny"):
        # "yes please do", "no thanks, that's fine": a yes or no and a few words more.
        rest = _rest_after_yes_or_no(said)
        if pending.startswith("offer_") and is_yes(said) and not is_no(said):
            # "Yes, this is a formal complaint", "yes please, I just need someone to
            # listen", "Yes, Callum would like to complain": taking up the offer.
            return len(rest.split()) <= 8 or (wants_to_complain(rest) and
                                              len(rest.split()) <= 14)
        return only_asks_to_complain(rest) or len(rest.split()) <= 4 or \
            complains_about_it(rest)
    # An offer ("would you like to make a complaint?") answered in passing.
    return pending.startswith("offer_") and (agrees(said) or complains_about_it(said))


# "…about how this has been handled", "…about it": pointing back at what they said.
_ABOUT_IT = re.compile(
    r"^(?:about|regarding|over|re)\s+(?:(?:it|this|that|all (?:of )?(?:it|this|that)|the way|"
    r"how)\b[\s\w']{0,60})?$", re.IGNORECASE)
_POINTING_BACK = frozenset("""about regarding over re it this that all of the way how has have
been was were is i we my our me us you your they them their has handled dealt with treated
managed gone going situation matter things thing whole everything what happened""".split())


def complains_about_it(text: str | None) -> bool:
    """'I want to complain about how this has been handled': asking to complain about
    what they already told us, with nothing new."""
    said = normalise(text)
    match = re.search(r"\bcomplain(?:t)?\b\s*", said)
    if not match or not only_asks_to_complain(said[:match.end()].strip()):
        return False
    rest = said[match.end():].strip(" ,.!")
    return not rest or (bool(_ABOUT_IT.match(rest)) and set(
        re.findall(r"[a-z']+", rest)) <= _POINTING_BACK)


_AGREE = re.compile(r"\b(?:yes|yeah|yep|yup|ok|okay|go on|go ahead|sure|alright|all right|"
                    r"please do|do it|why not|fine|of course|obviously|definitely|absolutely|"
                    r"what do you think|course i do)\b")
_DISAGREE = re.compile(r"\b(?:no|not|don'?t|do not|never|nope|nah|won'?t|rather not)\b")


def agrees(text: str | None) -> bool:
    """A yes said in passing: "I suppose so yes, if that's what it takes to get it
    looked at", "go on then". Short, with no "no" or "not" in it."""
    said = normalise(text)
    return len(said.split()) <= 16 and bool(_AGREE.search(said)) and not \
        _DISAGREE.search(said)


_AGREEING = re.compile(
    r"^(?:(?:that|it|this)(?:'?s| is| will| all)?\s+(?:do|right|correct|fine|accurate|it|"
    r"everything|spot on|perfect|great|good|ok|okay)|(?:is|are|was) (?:right|correct|fine|ok|"
    r"okay|good)|spot on|perfect|great|lovely|"
    # "Yeah, fair enough, let's do that", "go on then, put it all down"
    r"fair enough|(?:let'?s|lets) (?:do (?:that|it|this)|go(?: ahead)?)|go (?:on|ahead)(?: then)?|"
    r"(?:please )?(?:do (?:that|it)|put it (?:all )?down|log it|take it down|go for it)|why not|"
    # "Thank you for listening, dear": courtesy, whole (once "Thank" alone was taken off)
    r"(?:thank you|thanks|thank u|ta|cheers)(?: (?:very|so) much)?(?: (?:for (?:listening|"
    r"your (?:help|time|patience)|that|this|everything|helping)))?(?: (?:dear|love|luv|pet|"
    r"hun|mate))?)\b[\s,.!:;-]*", re.IGNORECASE)


def after_yes(text: str | None) -> str | None:
    """What follows a yes ("Yes, but call after 4pm" -> "call after 4pm"), or None when
    the reply does not start with one."""
    rest = re.sub(r"^\s*(?:yes|yeah|yep|yup|ye|yh|yea|yeh|yess|aye|ok|okay|correct|(?:that|it)'?s (?:right|"
                  r"correct|accurate|it)|(?:that|it) is (?:right|correct|accurate)|spot on)\b"
                  r"[\s,.!:;-]*", "", (text or "").strip(), flags=re.IGNORECASE)
    if rest == (text or "").strip():
        return None
    # "yes def. this is the 3rd time…" (played resident tp-01: "Def." began a point)
    rest = re.sub(r"^(?:def|defo|deffo|definitely|definately|absolutely|obviously|of course|course|"
                  r"certainly|indeed)\b[\s,.!:;-]*", "", rest, flags=re.IGNORECASE)
    while _AGREEING.match(rest):
        rest = _AGREEING.sub("", rest, count=1)
    return re.sub(r"^(?:and|but|although|though|also|just)\b[\s,]*", "", rest,
                  flags=re.IGNORECASE)


# A question put without a question mark: "I'm asking when someone will come".
_ASKS_US = re.compile(r"^(?:i'?m|i am|just|i was|i'?m just) (?:asking|wondering|checking)|"
                      r"^(?:i )?(?:want|need|would like) to know\b|^(?:when|will|can|could|how "
                      r"long|how soon)\b", re.IGNORECASE)


# "Please also record that…", "Can you add that…", "Note too that…": something to add,
# asked for without a yes first.
_ASKS_TO_ADD = re.compile(
    r"^\W*(?:(?:please\s+|can you\s+|could you\s+|and\s+)*(?:also\s+)?(?:record|note|add|"
    r"include|mention|put down|put in|write down)\b(?:\s+(?:also|too|as well))?(?:\s+that)?|"
    r"you (?:missed|forgot|left out)(?: out)?(?: (?:that|the bit (?:about|where)|about))?)"
    r"[\s,:;-]+", re.IGNORECASE)


def addition_asked_for(text: str | None) -> str | None:
    """What a reply to the read-back asks to add without saying yes first ("Please also
    record that we asked for his repairs history under data protection" -> "We asked for
    his repairs history under data protection"); None otherwise."""
    said = (text or "").strip()
    found = _ASKS_TO_ADD.match(said)
    if not found:
        return None
    rest = said[found.end():].strip(" ,.;:-")
    if len(re.findall(r"[a-z']+", rest.lower())) < 3:
        return None
    return rest[:1].upper() + rest[1:] + ("" if rest.endswith((".", "!", "?")) else ".")


# Said with a yes to "would you like to make a complaint?" about the complaining, not
# the matter: when ("tomorrow, when the door's sorted", "once someone's sorted the gas"),
# why ("sum1 needs 2 kno", "y not", "someone has to answer for it"), or how they feel
# about it ("I should have done this months ago", "I think I have to", "I'm past asking
# nicely"). Retired v14 filed each as a point of the complaint.
_ABOUT_COMPLAINING = re.compile(
    r"^(?:and\s+|but\s+|please\s+|so\s+)*(?:"
    r"(?:tomorrow|tonight|later|after(?:wards)?|once|when|first|but first|after that)\b|"
    r"(?:y|why) not\b|of course\b|definitely\b|obviously\b|absolutely\b|"
    r"(?:some|sum)\s?(?:one|1|body) (?:needs?|should|shud|has|ought|must|got)\b|"
    r"(?:i|we) (?:should|shoulda|should'?ve|ought to) (?:have )?(?:done|made|complained)\b|"
    r"(?:i|we) (?:think|suppose|guess) (?:i|we) (?:have|need|ought) to\b|"
    r"(?:i'?m|im|i am) (?:past|done|beyond) (?:asking|being)\b|"
    r"(?:this|it)(?:'s| is) (?:a joke|ridiculous|beyond a joke)(?: now)?\W*$|"
    r"(?:i|we) (?:didn'?t|did not|don'?t|do not) want to (?:cause|make) (?:trouble|a fuss)\b|"
    r"(?:is|would) (?:that|it|this) (?:be )?(?:ok|okay|allowed|alright|all right)\b)",
    re.IGNORECASE)


def about_complaining(text: str | None) -> str | None:
    """What is left of a yes's addition at the complaint offer once what is only about
    complaining is taken off; None when nothing of a matter is left."""
    kept = [s for s in sentences(text or "") if not _ABOUT_COMPLAINING.match(s.strip())]
    rest = " ".join(kept).strip()
    return rest if len(content_words(rest)) >= 2 else None


def told_with_yes(text: str | None) -> str | None:
    """More of the matter told in the same breath as a yes to an offer: "Well yes obviously,
    but he rang on Thursday and was promised a same-day visit and nobody came" -> "he rang
    on Thursday…" (played residents, thirteenth session: lost, and with it the complaint)."""
    said = (text or "").strip()
    added = addition_after_yes(said)
    if not added:
        parts = re.split(r"[,;.!-]*\s+\b(?:but|and|although|though|plus)\b\s+", said, maxsplit=1,
                         flags=re.IGNORECASE)
        if len(parts) == 2 and is_yes(parts[0]) and len(parts[0].split()) <= 5:
            added = parts[1].strip()
    if not added or len(content_words(added)) < 3 or not more_of_the_matter(added):
        return None
    return added[:1].upper() + added[1:]


def addition_after_yes(text: str | None) -> str | None:
    """What a yes adds: "Yes, and please note he was also never given a reason for the
    visits" -> "He was also never given a reason for the visits"; "Yes, that's accurate",
    "Yes, that will do", a question to us ("You will write to me?") -> None."""
    rest = after_yes(text)
    if rest is None or further_matter(text) is None:
        return None  # "yes that's it basically, you've got it": agreeing, nothing added
    rest = _without_agreeing(rest)
    # "yes thats about it although you missed that nobody told me…": the agreeing and the
    # "you missed" are not the matter (retired v13 filed them with it).
    rest = re.sub(r"^(?:(?:that'?s|thats|it'?s|its) (?:about|mostly|pretty much|basically|"
                  r"more or less|nearly|almost) (?:it|right|all)\b[\s,.;:-]*)?(?:(?:although|"
                  r"but|though|except|only|just)\s+)?(?:you(?:'ve| have)? (?:missed|forgot|"
                  r"forgotten|left out)(?: out)?(?: (?:that|the bit (?:about|where)|about))?"
                  r"[\s,:;-]+)", "", rest, flags=re.IGNORECASE)
    # "could you add that the person on the phone was quite rude": asking us to add it is
    # no question to us (retired v14 dropped it as one, and filed without it)
    rest = re.sub(r"^(?:and\s+)?(?:could|can|would|will) you (?:please )?(?:also )?(?:add|put|note|"
                  r"include|mention|record|write)(?: (?:down|in))?(?: that)?\s+", "", rest,
                  flags=re.IGNORECASE)
    # A question to us is not a matter of complaint (it stays in the transcript).
    rest = " ".join(s for s in sentences(rest) if not s.rstrip().endswith("?")
                    and not _ASKS_US.match(s))
    rest = re.sub(r"^(?:(?:please|can you|could you)\s+)?(?:note|add|include|mention|put(?: in)?|"
                  r"write|make sure (?:it says|you (?:put|add|say|write|include|mention)|"
                  r"you've got|that)?)\s+(?:(?:it )?(?:down )?that\s+|down\s+)?|"
                  r"^(?:to add|one more thing|one thing)[\s,:;-]*|"
                  # "yes after. he said it was all fine": when, to an offer made with the
                  # danger first (retired v12), not a matter
                  r"^(?:after|afterwards|later|after that|after this|once (?:it'?s|it is|"
                  r"this is|that'?s|that is|this'?s) (?:been )?(?:fixed|sorted|safe|done|made "
                  r"safe))\b\s*(?:[,.;:!-]+\s*|$)|"
                  # "yes dont forget the asbestos": a reminder of what they told us
                  r"^(?:and\s+)?(?:please\s+)?(?:don'?t|dont|do not)\s+forget\s+(?:about\s+|to "
                  r"(?:mention|include|put|add)\s+)?", "", rest,
                  flags=re.IGNORECASE).strip(" ,.;:-")
    # "…, please add.", "Put that.": asking for it to be added is not part of it
    rest = _PLEASE_INCLUDE.sub("", rest).strip(" ,.;:-")
    rest = re.sub(r"\s+(?:in|down|on (?:it|there))$", "", rest, flags=re.IGNORECASE) if \
        rest != after_yes(text).strip(" ,.;:-") else rest  # "put the compensation in"
    words = re.findall(r"[a-z']+", rest.lower())
    if len(words) < 3 or says_nothing_new(rest) or nothing_more(f"no, {rest}") or \
            re.match(r"(?:that|it)(?:'s| is)? (?:covers it|sums it up|about it|everything|all"
                     r"|spot on|it)\b", rest.lower()) or re.fullmatch(
                # "Yes, all four points.", "all of it", "every point": agreeing with the list
                r"(?:all|every|both)(?: (?:of )?(?:the|those|them|it|\d|one|two|three|four|five|"
                r"six|seven|eight|nine|ten))*(?: (?:points?|things?|bits?|parts?|of them|of it|"
                r"correct|right|there|good|fine))*(?: (?:thank you|thanks|ta))?[.! ]*",
                rest.lower()):
        return None
    return rest[:1].upper() + rest[1:] + ("" if rest.endswith((".", "!", "?")) else ".")


_CORRECTS = re.compile(
    r"^\W*(?:nearly|almost|not quite|mostly|partly|sort of|kind of|close)\b|"
    r"\b(?:please |can you |could you )?(?:remove|delete|take out|take off|leave out|cross out|"
    r"get rid of)\b|\b(?:that'?s|thats|it'?s|its|that is|it is) (?:wrong|not right|not "
    r"correct|incorrect)\b|\bexcept\b|\bapart from\b|"
    # "The last bit about my shifts isn't part of the complaint, please take it out.
    # Otherwise yes" (played resident pb-07 was logged with the line still in)
    r"\b(?:take|leave|cross|strike) (?:it|that|this|them|those|these)(?: \w+)? (?:out|off)\b|"
    r"\b(?:remove|delete) (?:it|that|this|them|those)\b|\b(?:is ?n'?t|is not|are ?n'?t|are not|"
    r"not) (?:part of|in|about) (?:the|my|this|our|her|his) complaint\b|\botherwise yes\b",
    re.IGNORECASE)


def asks_to_correct(text: str | None) -> bool:
    """A reply to the read-back that asks for a change, however it starts: "Nearly -
    please remove 'Yes please'", "yes but take out the last bit", "almost"."""
    return bool(_CORRECTS.search(text or ""))


def contact_instruction(text: str | None) -> ContactPreference | None:
    """What a yes at the read-back adds about how to reach them ("call after 4pm",
    "remember after 4pm only please", "text not ring"), not a matter of complaint; else
    None."""
    said = (text or "").strip()
    preference = read_contact_preference(said)
    if not (preference.when or preference.avoid or preference.method) or said.endswith("?"):
        return None
    if len(said.split()) > 14 or _REPAIR.search(said) or _PROBLEM.search(said):
        return None
    if re.search(r"\b(?:was|were)\b[^.!?]{0,30}\bnot\b", said, re.IGNORECASE):
        return None  # "Actually the call was Wednesday not Tuesday": a detail put right
    if re.search(r"\b(?:don'?t|do not|dont) (?:forget|leave out|miss out|miss)\b", said,
                 re.IGNORECASE):
        return None  # "Don't forget the Saturdays.": a matter to keep, not when to call
    if re.search(r"\b(?:i|we|he|she|they|you)\s+(?:\w+\s+)?(?:sen[dt]|wrote|emailed|rang|phoned|"
                 r"called|texted|messaged)\b|\b(?:no ?(?:one|body)|nobody|never)\s+(?:\w+\s+)?"
                 r"(?:answer|repl|respond|rang|called|got back)|\b(?:please )?(?:add|include|note)"
                 r"\b", said, re.IGNORECASE):
        # "Also I send email in March about this and nobody answer, please add.": a matter
        # told, to be added (retired v14 filed it as a contact note and lost it)
        return None
    return preference


_CONTACT_ME = re.compile(
    r"\b(?:ring|call|phone|contact|email|e-mail|text|txt|write to|get back to|speak to|talk to)"
    r" (?:me|us)\b|\b(?:explain|go through) (?:it|this|that|them)\b|\b(?:can|could|will|would)"
    r" (?:some|sum|any)\s?(?:one|1|body) (?:ring|call|phone|contact|explain)\b")


def asks_to_be_contacted(text: str | None) -> bool:
    """"can sum one ring me and explain it" to "shall I ask someone to get back to you?":
    a yes in other words."""
    return bool(_CONTACT_ME.search(normalise(text)))


_SOMEONE_OUT = re.compile(
    r"\b(?:send|get|need|want)\s+(?:that\s+)?(?:some|sum|any)\s?(?:one|1|body)\b[^.!?]{0,25}?"
    r"(?:\b(?:here|out|round|over|today|tonight|now|asap|urgently|quick(?:ly)?)\b|\b(?:to )?"
    r"(?:come|look|check|fix|sort|see|have a look|clean|repair)\b|$)|"
    r"\b(?:send|get)\s+(?:an? )?(?:engineer|plumber|electrician|roofer|gas man|emergency "
    r"(?:team|repair))\b|\bcome (?:out|round) (?:now|today|tonight|asap)\b", re.IGNORECASE)


def wants_someone_out(text: str | None) -> bool:
    """"send someone NOW", "Just get someone here now!", "i need someone today pls", "I just
    want someone to look at it": to an offer to log a repair, a yes in other words."""
    said = normalise(text)
    return bool(_SOMEONE_OUT.search(said)) and not re.search(
        r"\b(?:don'?t|do not|no need to|not)\s+(?:need|want|send|get)\b", said)


_WANTS_THE_ANSWER = re.compile(
    r"\b(?:just|only) (?:want|need|wanted|needed) to know\b|\b(?:i'?d like|i want|i need) to know\b|"
    # "Only want to know the date." (retired v14: told "That's fine" and given nothing)
    r"\b(?:only|just) (?:want|need|wanted|needed) (?:the )?(?:date|time|answer|info)\b|"
    r"\bjust (?:the )?(?:info|information|answer|date|time|details)\b|"
    r"\b(?:info|information|answer|date) (?:pls|please|plz)\b|\bjust (?:tell|let) me\b|"
    # "No repair. Only question.", "I don't need anything fixed. Unless I need a form?"
    # (retired v21: taken as a no, the question never passed on)
    r"\b(?:only|just) (?:a |my )?question\b|\bno repair\b|\bnot (?:a |about a )?repair\b|"
    r"\b(?:don'?t|do not) need (?:anything|something|it) (?:fixed|fixing|repaired|mended)\b",
    re.IGNORECASE)


def wants_the_answer(text: str | None) -> bool:
    """"no just info pls", "Just the date please", "no i just want to know if we're
    allowed": to "shall I ask our team to get back to you?" the answer they want can only
    come from our team, so it is what was offered."""
    return bool(_WANTS_THE_ANSWER.search(normalise(text)))


_DECLINES_LOGGING = re.compile(
    r"\b(?:don'?t|do not|dont) (?:want|need) (?:anything|it|this|that|a (?:repair|request|"
    r"call ?back)|someone|somebody|anyone) (?:logged|recorded|written down|passed on|booked|"
    r"to (?:ring|call|contact) me)\b|\bno need to log\b|\bnot (?:a|another) (?:repair|request)\b",
    re.IGNORECASE)
_WANTS_US_TO_CHANGE = re.compile(
    r"\bi (?:just )?want (?:them|you|your \w+|the \w+) to (?:stick to|stop|keep to|follow|respect|"
    r"start|finish|apologi[sz]e|sort|do (?:their|your) job|listen|answer)\b", re.IGNORECASE)


def declines_logging(text: str | None) -> bool:
    """A no to logging something, in words: "I don't want anything logged"."""
    return bool(_DECLINES_LOGGING.search(text or ""))


def wants_us_to_change(text: str | None) -> bool:
    """What they want of us or our contractors: "I want them to stick to the hours"."""
    return bool(_WANTS_US_TO_CHANGE.search(text or ""))


_NOTHING_TO_COMPLAIN = re.compile(
    r"\b(?:nothing|no need|no reason|not one|not the type|not the sort|never one|no cause) to "
    r"(?:complain|moan|make a fuss)|\bnot (?:complaining|a complaint|wanting to complain|"
    r"looking to complain|one to complain)\b|\bno complaints?\b", re.IGNORECASE)


_SOMETHING_WAS_WRONG = re.compile(
    r"(?:(?:i )?(?:just|really|still) (?:think|feel) (?:that )?(?:someone|somebody|you|it|this|"
    r"that|they)|i do (?:think|feel|believe)|i (?:think|feel) (?:that )?(?:this|it|that|they|you)|"
    r"(?:this|it|that|they|you) (?:shouldn'?t|should not|ought not to) have|(?:it'?s|this is|"
    r"that'?s|it is|that is) (?:not|wasn'?t) (?:right|fair|on|ok|okay|good enough|acceptable)|"
    r"(?:someone|somebody) (?:should|needs to|ought to) (?:know|look|be told|answer))\b")


def accepts_complaint(text: str | None, intent: str | None) -> bool:
    """A yes to 'would you like to make a complaint?' — or asking to complain instead.
    What follows a "but" is the answer: "Well I don't like to complain but yes I suppose
    I must" is a yes, "yes but not now" a no."""
    said = normalise(text)
    turn = re.split(r"\bbut\b", said)
    if len(turn) > 1 and turn[-1].strip(" ,.!"):
        last = turn[-1].strip(" ,.!")
        if re.match(r"(?:yes|yeah|yep|ok|okay|go on|i suppose|i guess|fine|alright|i will|"
                    r"i must|i'?ll have to|please|(?:i think )?you'?d (?:better|best)|"
                    r"(?:might|may) as well)\b", last):
            return True
        if re.match(r"(?:no|not|i don'?t|i won'?t|maybe not)\b", last):
            return False
        if _SOMETHING_WAS_WRONG.match(last):
            # "I don't want to cause trouble but I do think this shouldn't have happened"
            # (retired v18: taken for a neighbour report)
            return True
    parts = [part.strip(" ,") for part in re.split(r"[.!?]+", said) if part.strip(" ,")]
    if len(parts) > 1 and re.fullmatch(r"(?:(?:obviously|of course|course|clearly|so|then|"
                                       r"well|ok|okay|but) )*(?:yes|yeah|yep)(?: obviously| "
                                       r"please| then)?", parts[-1]):
        # "No, I'd like to send you a thank you card. Obviously yes." (played residents,
        # sixteenth session: the sarcastic no was taken, the yes lost)
        return True
    if is_no(said, None) and not only_asks_to_complain(_rest_after_yes_or_no(said)):
        return False
    if len(parts) > 1 and any(_SOMETHING_WAS_WRONG.match(part) for part in parts[1:]):
        # "I don't want him to lose his job. I just think somebody should know how he spoke
        # to me." (played residents, sixteenth session: read as a question for our team)
        return True
    if _NOTHING_TO_COMPLAIN.search(said):
        return False  # "Oh no dear, nothing to complain about" (retired v15: filed one)
    return is_yes(said, intent) or only_asks_to_complain(said) or agrees(said) or (
        wants_to_complain(said) and not re.search(r"\b(don'?t|do not|not)\b", said)
        # "I already complained in October about the housing officer…" tells of a complaint
        # made before (played resident tu-10: taken as a yes, and her account lost)
        and not _COMPLAINED_BEFORE.search(said))


# --- Escalation and status need the words to say so (issue 10) ---
_STAGE_2 = re.compile(
    r"stage\s*(?:2|two)|escalat|final (?:stage|review)|review (?:of )?(?:my|the) complaint|"
    r"(?:unhappy|not happy|dissatisfied|not satisfied|disagree)\s+with\s+(?:your|the|my)\s+"
    r"(?:complaint\s+)?(?:response|answer|reply|decision|outcome|letter)|"
    r"take (?:it|this|my complaint) further|appeal|"
    # "wants it to go to the next stage", "not happy with the answer to his complaint"
    r"\bnext stage\b(?! of (?:the|my|your|our) (?:repair|works?|job|building|programme|"
    r"plan))|(?:unhappy|not happy|dissatisfied|not satisfied)\s+with\s+(?:the|your)\s+"
    r"(?:response|answer|reply|decision|outcome)\s+(?:to|on|about)\s+(?:my|his|her|their|the)\s+"
    r"complaint", re.IGNORECASE)
_STATUS = re.compile(
    r"status|update|progress|what'?s happening|what is happening|any news|where (?:are|is) "
    r"(?:you|it|my)|chas(?:e|ing)|heard nothing|check on|follow(?:ing)? up|"
    # "Can you tell me where it's got to?" (played resident tq-10: offered stage 2)
    r"where (?:it'?s|it has|things have|this has|that has|we'?ve|we have) got to|where (?:it|things|"
    r"this|we) (?:is|are|'s) up to|what'?s going on with|how (?:it'?s|is it|things are) going",
    re.IGNORECASE)


_STAGE_2_PLAINLY = re.compile(
    r"\bstage\s*(?:2|two)\b|\bescalat\w*\s+(?:(?:my|the|this|her|his|their|our "
    r"constituent'?s?|our client'?s?) )?(?:complaint|case|it)\b|\b(?:complaint|case)\b[^.]{0,60}"
    r"\bescalat|\bfinal (?:stage|review)\b|\breview (?:of )?(?:my|the|her|his|their) complaint\b|"
    r"\btake (?:my|the|her|his|their) complaint further\b|"
    r"\b(?:go|move|take (?:it|this|the complaint|my complaint|her complaint|his complaint)) "
    r"(?:on )?to the next stage\b|\bnext stage of (?:my|the|her|his|their) complaint\b|"
    # "your stage 1 said the damp in my bathroom was 'resolved'. its not… i want this taken
    # higher" (retired v25: offered a new complaint, then a repair)
    r"\b(?:your|the|my|our|her|his) stage (?:1|one) (?:said|says|response|reply|answer|letter|"
    r"decision|outcome)\b",
    re.IGNORECASE)


_OUR_REPLY_CAME = re.compile(
    r"\b(?:i|we|she|he|they|mum|dad) (?:got|received|had|have had|have received|has had|has "
    r"received) (?:a |your |the |an |that )?(?:stage (?:1|one) )?(?:reply|response|answer|letter|"
    r"outcome|decision)\b", re.IGNORECASE)
_COMPLAINED_BEFORE = re.compile(
    r"\b(?:made|raised|put in|sent|lodged|submitted) (?:a |my |her |his |our |the )?(?:formal )?"
    r"complaint\b|\bmy complaint\b|\b(?:i|we|she|he|they) (?:have |'ve |had )?(?:already |previously )?"
    r"complained\b",
    re.IGNORECASE)
_REPLY_NOT_GOOD = re.compile(
    r"\b(?:not happy|unhappy|not satisfied|dissatisfied|useless|not good enough|disappointed|"
    r"not acceptable|unacceptable|not upheld|calling me a liar|whitewash|fobbed (?:me )?off|"
    r"(?:doesn'?t|didn'?t|does not|did not) (?:address|answer|deal with|explain|cover))\b",
    re.IGNORECASE)


def unhappy_with_our_reply(text: str | None) -> bool:
    """A complaint made before, our reply to it, and dissatisfaction with that reply, told
    in one text (a message, or the messages of one matter joined): "I made a complaint in
    October, reference C-10442… I got a reply on the 20th November which just said 'we are
    sorry'… I am not happy with that at all" (played resident tr-10, twenty-first session,
    filed as a new stage 1) is a request for stage 2 (Code 6.11), whatever the words."""
    said = text or ""
    reply = _OUR_REPLY_CAME.search(said)
    return bool(reply and _COMPLAINED_BEFORE.search(said)
                and _REPLY_NOT_GOOD.search(said[reply.start():]))


def asks_for_stage_2_plainly(text: str | None) -> bool:
    """A message that asks in so many words for an existing complaint to go to stage 2
    ("please escalate complaint CMP-… to stage 2", "I want my complaint escalated"), however
    long the letter around it: never a new complaint. Unlike ``asks_for_stage_2``, a
    reference and the word "complain" are not enough (a new complaint may quote an old
    repair's reference)."""
    return bool(_STAGE_2_PLAINLY.search(text or ""))


def asks_for_stage_2(text: str | None) -> bool:
    return bool(_STAGE_2.search(text or "")) or (
        find_reference(text) is not None and wants_to_complain(text)
        and not _STATUS.search(text or ""))  # "…made a complaint… where it's got to?"


def asks_for_status(text: str | None) -> bool:
    return bool(_STATUS.search(text or "")) or find_reference(text) is not None


# --- How to contact the resident, read from their own words (Code 5.10) ---
@dataclass(frozen=True)
class ContactPreference:
    method: str | None = None  # phone / email / sms / letter / whatsapp / telegram
    when: str | None = None  # "after 4pm"
    adjustment: str | None = None  # "deaf"
    avoid: str | None = None  # "Tuesday mornings" (from "don't ring Tuesday mornings")
    language: str | None = None  # "Polish"


_METHOD_WORDS = (
    ("whatsapp", r"whats\s?app"),
    ("telegram", r"telegram"),
    # not "don't leave voicemails" (retired v21: filed as preferring email)
    ("email", r"(?<!voic)(?<!voice )e-?mail"),
    # "Message better, I understand writing more than phone" (retired v12); "leave a
    # message" is a voicemail.
    # "Plain-text email" is an email; "WhatsApp message is best" a WhatsApp (retired v24)
    ("sms", r"(?<!plain-)(?<!plain )\b(?:text(?:s|ing)?|txt|sms|message me|msg)\b|(?<!leave a )"
            r"(?<!leave )(?<!app )(?<!app)\bmessag(?:e|es|ing)\b"),
    ("letter", r"\b(?:letters?|post|by mail|in writing|write to (?:me|us|him|her|them)|writing)\b"),
    ("phone", (r"\b(?:(?:mobile |tele)?phone(?:s|d)?|call(?:s|ing)?|ring(?:s|ing)?|mobile|"
               r"land ?line|speak to me|talk to me)\b")),
)
# "not email", "I don't have the email", "haven't got an email": that way is ruled out.
_NEGATED = re.compile(r"(?:rather than|instead of|not|don'?t|do not|no|never|can'?t|cannot|"
                      r"haven'?t|have not|hasn'?t|has not|without)"
                      r"\s+(?:(?:do|use|want|like|have|check|read|take|got|own)\s+)?(?:by\s+)?"
                      r"(?:a\s+|an\s+|any\s+|the\s+)?(?:[\w-]+,?\s+(?:or|and|nor)\s+)?$")
_DAY = (r"(?:mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:r|rs|rsday)?|fri(?:day)?|"
        # "She's sat next to me" is no Saturday (played resident k-01)
        r"saturday|sat(?! (?:next|down|here|there|with|in|on|at|by|beside|outside|waiting|"
        r"helping|typing|reading|beside))|sun(?:day)?)s?")
_WHEN = re.compile(
    r"\b((?:after|before|from|between|around|about)\s+\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|"
    r"o'?clock)?(?:\s*(?:and|n|&|-|to)\s*\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)?)?|"
    r"(?:in the |on )?(?:mornings?|afternoons?|evenings?|weekdays?|weekends?|lunchtime)|"
    # "Tuesday and Wednesday mornings", "Mon-Thu only" (played residents, eleventh session:
    # filed as "Tuesday", and as nothing)
    r"(?:on )?" + _DAY + r"(?:\s*(?:,|and|or|&|-|–|to|till|until)\s*" + _DAY + r")*"
    r"(?:\s+(?:mornings?|afternoons?|evenings?|nights?))?(?:\s+only)?|"
    r"any ?time|not (?:before|after) \d{1,2}\s*(?:am|pm)?|(?:at |around )?(?:dinner|tea|"
    r"lunch|school) ?time|after (?:school|work|half \w+)|during the day|day ?time|"
    r"\d{1,2}\s*(?:till|until|to|-)\s*\d{1,2}\s*(?:am|pm)?|in a (?:few|couple of) days|"
    r"(?:at|in) work (?:til|till|until|untill) \d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)?)\b",
    re.IGNORECASE)
_ADJUSTMENTS = re.compile(
    r"\b(deaf|hard of hearing|hearing (?:impaired|loss|aid)|bsl|sign language|blind|"
    r"partially sighted|visually impaired|sight (?:loss|problems?)|large print|braille|"
    r"dyslexi[ac]|learning disabilit(?:y|ies)|autis(?:m|tic)|adhd|anxiety|depression|"
    r"mental health|speech (?:impairment|problems?)|stammer|wheelchair|disabled|"
    # "Slow English please on phone.", "speak clearly, I don't hear well" (retired v14)
    r"slow(?:er)? english|simple english|plain english|speak (?:slowly|slower|clearly|more "
    r"slowly|more clearly|up)|talk (?:slowly|slower|clearly)|"
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
                             # "reads English well but prefers Somali for phone calls"
                             r"prefers? (?:to (?:speak|use) |speaking )?(?:" + "|".join(_LANGUAGES) +
                             r")|"
                             r"english (?:is not|isn'?t|not) (?:very |so )?good|my english\b|"
                             r"(?:little|no|poor|bad) english|cymraeg", re.IGNORECASE)

# How to be contacted, said as a need in answer to "anything to make this easier?": a
# constraint or a format ("text not calls", "email rather than phone", "don't call before
# 2pm", "text first before calling", "larger writing would help", "no voicemails", "plain-
# text email, no scanned PDFs"). Retired v10: nine such answers were taken as a contact
# method alone and the adjustment was lost (Code 5.10: every adjustment is recorded).
_CONTACT_NEED = re.compile(
    r"\b(?:not|don'?t|do not|never|no|rather|instead|than|only|before|first|unless|"
    r"larger|bigger|large|print|braille|easy ?read|plain[- ]text|screen ?reader|voicemails?|"
    r"messages? (?:on|with)|pdfs?|written|writing|discreet|discreetly|confidential|"
    r"envelopes?|withheld|unknown numbers?|"
    # "finds phone calls from the income team frightening", "short letters", "No unexpected
    # phone calls to Leanne - write to her, copy me in" (retired v21: filed as how to
    # contact, the need lost)
    r"frighten\w*|scar(?:y|es|ed)|anxious|anxiety|nervous|panic\w*|overwhelm\w*|upsets?|"
    r"short|simple|unexpected|out of the blue|copy (?:me|us|him|her) in|cc me)\b", re.IGNORECASE)


def states_contact_need(text: str | None) -> bool:
    """Whether an answer about contact says a need or a limit, not only a method ("text
    not calls", "Don't call before 2pm", "larger writing would help"); "email" or "phone
    me" alone does not."""
    return bool(_CONTACT_NEED.search(text or ""))


def names_an_adjustment(text: str | None) -> bool:
    """Whether words name a need we should adjust for: a disability or condition affecting
    contact (deafness, sight, dyslexia...), a format (large print, braille) or a language."""
    said = text or ""
    return bool(_ADJUSTMENTS.search(said) or _NEEDS_LANGUAGE.search(said) or re.search(
        r"\b(?:large print|easy read|interpret\w*|translat\w*|someone with (?:me|her|him)|"
        r"advocate|carer present|extra time|slowly|face to face|in person|home visit|"
        r"can'?t hear|cannot hear|can'?t see|cannot see|memory|dementia|confus\w*|"
        # Time to get to the door or phone, and help moving: "let it ring, I'm slow",
        # "knock loudly", "she uses a walking frame".
        r"let (?:it|the phone) ring|ring (?:for )?a (?:long|good) (?:time|while)|give (?:me|her|him|"
        r"them) time|be patient|(?:speak|talk) (?:slow|slowly|clearly|up|loudly)|knock (?:loudly|hard)|"
        r"walking (?:frame|stick)|zimmer|wheelchair|mobility|housebound|deaf|hard of hearing|"
        # "slow to the door", "a bit longer to get to the door", "using a frame after the op"
        r"slow (?:to|getting to) (?:the )?(?:door|phone)|(?:longer|more time) to (?:get to|answer|"
        r"reach)|(?:a|her|his|my|using a|uses a) frame|"
        # How to speak and write to them: "simple English", "plain and literal language",
        # "his speech is affected", "I don't use computers", "no visits without telling me"
        r"(?:simple|plain|easy) (?:english|language|words)|literal|speech|"
        r"(?:don'?t|do not|can'?t|cannot) (?:use|do) (?:a |the )?(?:computers?|internet|emails?|"
        r"online)|without (?:telling|warning|notice|letting)|unannounced|(?:plenty of |enough )?"
        r"notice before|"
        # Health and how to manage contact: "fatigue is a big issue, shorter calls", "phone
        # calls are hard when I'm unwell", "copes best with morning slots and a text the day
        # before", "please don't pass my number on", "send letters to me while he's in hospital"
        r"fatigue|tire[sd]? (?:easily|quickly)|unwell|poorly|chronic|(?:copes?|manages?) best|"
        r"short(?:er)? (?:calls|texts|messages|visits)|reminders?|(?:a |the )?day before|"
        r"(?:phone )?calls? (?:are|is) (?:hard|difficult|too much)|be gentle|in writing|"
        r"(?:don'?t|do not|never) (?:pass|give|share) (?:my|our|his|her|their) (?:number|details|"
        r"address)|send (?:all )?(?:correspondence|letters|post|everything) to me)\b",
        said, re.IGNORECASE))


_HALF = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}


def plain_time(when: str, said: str | None = None) -> str:
    """A time as staff would write it: "not before 2" (in the afternoon) -> "after 2pm",
    "after half five" -> "after 5.30"."""
    plain = re.sub(r"\b(?:at|in) work (?:til|till|until|untill) (\d{1,2}(?:[:.]\d{2})?)\s*(?:pm)?",
                   lambda m: f"after {m.group(1)}pm" if int(re.split(r"[:.]", m.group(1))[0]) < 12
                   else f"after {m.group(1)}", when, flags=re.IGNORECASE)
    plain = re.sub(r"\bnot before\b", "after", plain, flags=re.IGNORECASE)
    plain = re.sub(r"\bnot after\b", "before", plain, flags=re.IGNORECASE)
    plain = re.sub(r"\bhalf (" + "|".join(_HALF) + r")\b",
                   lambda m: f"{_HALF[m.group(1).lower()]}.30", plain, flags=re.IGNORECASE)
    span = re.fullmatch(r"\s*(between|from)\s+(\d{1,2})\s*(?:and|to|-|till|until)\s*(\d{1,2})\s*",
                        plain, re.IGNORECASE)
    if span and int(span.group(2)) > int(span.group(3)):
        # "between ten and two" runs across midday.
        joined = "and" if span.group(1).lower() == "between" else "to"
        # 12 is midday: "between 12 and 2" is 12pm to 2pm, never 12am (a played resident).
        start = "12pm" if span.group(2) == "12" else f"{span.group(2)}am"
        return f"{span.group(1)} {start} {joined} {span.group(3)}pm"
    if re.search(r"afternoon|evening|\bpm\b|after work", said or "", re.IGNORECASE):
        plain = re.sub(r"\b(\d{1,2}(?:[.:]\d{2})?)\s*$", r"\1pm", plain.strip())
    return plain.strip()


def _clock_digits(said: str) -> str:
    """Hours in words as digits where they are times: "after four", "between ten and two"."""
    return re.sub(r"\b(after|before|from|between|around|about|and|to|till|until)\s+("
                  + "|".join(_HALF) + r")\b(?!\s+(?:weeks?|days?|months?|times?|of))",
                  lambda m: f"{m.group(1)} {_HALF[m.group(2).lower()]}", said,
                  flags=re.IGNORECASE)


def _first_when(said: str, start: int = 0) -> re.Match[str] | None:
    """The first time named, a particular one before "any time" ("any time after the
    school run so after half nine" is after 9.30)."""
    matches = list(_WHEN.finditer(said, start))
    particular = [m for m in matches if not re.fullmatch(r"any ?time", m.group(1), re.I)]
    return (particular or matches or [None])[0]


_CHANGE_OF_MIND = re.compile(r"\b(?:actually|on second thoughts?|sorry,? i mean|i mean|scratch "
                             r"that|no wait|or rather)\b|(?:^|[.!;]\s*)no[,.]",
                             re.IGNORECASE)
_HARD_TIME = re.compile(r"\s*(?:are|is|'s|are really|are a bit)\s+(?:hard|difficult|bad|no good|"
                        r"tricky|awkward|impossible|a nightmare|not good|busy|out)\b", re.IGNORECASE)


_RANKED_FIRST = re.compile(r"\b(?:better|best|prefer(?:ably)?|rather|ideally)\s+(?:is\s+|would be\s+|"
                           r"by\s+|via\s+|an?\s+)?(\w)")
_RANKED_AFTER = re.compile(r"\b(\w)[\w-]*\s+(?:is|would be|'s|works)\s+(?:much\s+|far\s+|way\s+)?"
                           r"(?:better|best|preferred|easier|easiest)\b")


_NUMBER_LABEL = re.compile(r"\b(?:(?:it'?s|that'?s|which is|is) )?(?:a |an |my |the |our )?"
                           r"(?:mobile|landline|home phone|house phone|work phone)"
                           r"(?: (?:number|no\.?|phone))?\b", re.IGNORECASE)


def without_number_labels(text: str | None) -> str:
    """An answer with "mobile", "landline" and the like taken out: words that say what a
    number is, not how the resident wants to be reached."""
    return _NUMBER_LABEL.sub(" ", text or "")


# "No interpreter needed", "I don't need an interpreter" (played resident et-03 was filed
# with a Polish interpreter she had declined).
_NO_INTERPRETER = re.compile(
    r"\b(?:no|not|don'?t|do not|doesn'?t|does not|never)\b[^.!?]{0,15}\b(?:need\w*|want\w*|"
    r"require\w*)?\s*(?:an? )?(?:interpreter|translator|translation)\b|\b(?:interpreter|"
    r"translator)\b[^.!?]{0,10}\b(?:not needed|isn'?t needed|not necessary|no need)\b",
    re.IGNORECASE)


def read_contact_preference(text: str | None) -> ContactPreference:
    """'ring me after 4pm', "I'm deaf so please text rather than call", 'speak to me in
    Polish', 'txt', 'letter' -> how, when, and any adjustment or interpreter need."""
    said = (text or "").strip()
    lowered = said.lower()
    found: list[tuple[int, str]] = []
    refused: dict[str, int] = {}
    for method, pattern in _METHOD_WORDS:
        for match in re.finditer(pattern, lowered):
            if not _NEGATED.search(lowered[:match.start()][-20:]):
                found.append((match.start(), method))
            else:
                refused.setdefault(method, match.start())
    # "please dont ring, i get panic attacks on the phone": a way refused is not chosen
    # by naming it again (played resident pk-06 was filed as preferring phone). One chosen
    # before it reads as refused stays chosen: "Text me, please, not calls, and text Owen a
    # copy" (retired v12).
    first = {method: min(at for at, m in found if m == method) for _, method in found}
    found = [f for f in found if f[1] not in refused or first[f[1]] < refused[f[1]]]
    # "email. no, phone actually", "Phone. Actually no, email": what follows the change of
    # mind wins over what came before it.
    changed = _CHANGE_OF_MIND.search(lowered)
    after_change = [f for f in found if changed and f[0] >= changed.end()]
    method = min(after_change or found)[1] if found else None
    # "Phone is ok. But better is email.", "text is best": the one they rank first wins
    # (played residents, thirteenth session: filed as phone).
    ranked = [m.start(1) for m in _RANKED_FIRST.finditer(lowered)] + \
        [m.start(1) for m in _RANKED_AFTER.finditer(lowered)]
    chosen = [m for at, m in found if at in ranked]
    if chosen and not after_change and len({m for _, m in found}) > 1:
        method = chosen[-1]
    others = [m for _, m in sorted(found) if m != "letter"]
    if method == "letter" and others and re.search(r"\bwriting\b", lowered) and \
            not re.search(r"\b(?:letters?|post)\b", lowered):
        # "In writing please, email is acceptable": writing, by email; "Text message is
        # best, my English is better in writing" (retired v16 filed a letter): by text.
        method = others[0]
    timed = _clock_digits(said)  # "between ten and two" -> "between 10 and 2"
    when_match = _first_when(timed)
    avoid = None
    # "School run 3 till 4 so not then", "my carers are in 8-10 and 5-7 so no visits then":
    # the times told before it are to be avoided (retired v12 filed them as the best time).
    not_then = re.search(r"\b(?:so |but )?(?:not|never|no (?:\w+ )?(?:calls?|visits?|contact|"
                         r"texts?)) (?:then|at (?:that|those) times?)\b", timed, re.IGNORECASE)
    if not_then and when_match and when_match.start() < not_then.start():
        told = [m.group(1).strip() for m in _WHEN.finditer(timed[:not_then.start()])
                if not re.fullmatch(r"any ?time", m.group(1).strip(), re.IGNORECASE)]
        avoid = " and ".join(told) or None
        when_match = _first_when(timed, not_then.end())
    # "Don't ring Tuesday mornings", "not at dinnertime", "I can't answer before 5": a time
    # to avoid, never the best one.
    if when_match and not when_match.group(1).lower().startswith("not ") and re.search(
            r"\b(?:don'?t|do not|not|never|no (?:calls?|phone calls?)|can'?t|cannot|cant)\b"
            r"[^.,;]{0,20}$", timed[:when_match.start()], re.IGNORECASE):
        avoid = when_match.group(1)
        when_match = _first_when(timed, when_match.end())
        # "not 8-9 or 3-4": both are to be avoided
        # "not in the afternoon 1 until 3": one time said twice (played resident tj-06,
        # twentieth session, had 1 until 3 filed as the best time)
        if when_match and re.fullmatch(r"\s*(?:(?:or|and|,|nor)\s*)?",
                                       timed[len(timed[:timed.find(avoid)]) + len(avoid):
                                             when_match.start()], re.IGNORECASE) and \
                not re.match(r"\s*(?:are|is|'s|r|would be|will be)\s+(?:fine|ok|okay|good|best|"
                             r"better|great)\b", timed[when_match.end():], re.IGNORECASE):
            # "not mornings, afternoons are fine": the second is the best time
            gap = timed[len(timed[:timed.find(avoid)]) + len(avoid):when_match.start()]
            # "before 6pm on weekdays" is one time to avoid, "8-9 or 3-4" two
            avoid = f"{avoid.strip()} {when_match.group(1).strip()}" if not gap.strip() else \
                f"{avoid.strip()} or {when_match.group(1).strip()}"
            when_match = _first_when(timed, when_match.end())
    if when_match and re.search(r"\b(?:(?:i|we|he|she)(?: (?:work|works|am at work|'m at work|"
                                r"am working|'m working|is at work|'s at work|am on shift|'m on "
                                r"shift)|'m out|am out|'?m at work|'?m working|'?m on shift)|"
                                r"on shift|except|apart from|but not|"
                                # "I do school pickup 3 till 4" (played resident tl-08)
                                r"school (?:run|pick ?-?ups?|drop ?-?offs?)|nursery (?:run|"
                                r"pick ?-?ups?))"
                                r"(?: on| at| from| in the)?\s*$", timed[:when_match.start()],
                                re.IGNORECASE):
        # "I work Tues to Thurs so Mon or Fri": when they work is when not to call (retired
        # v17 filed "Tues to Thurs" as the best time).
        avoid = when_match.group(1)
        when_match = _first_when(timed, when_match.end())
    if when_match and _HARD_TIME.match(timed[when_match.end():]):
        # "mornings are hard with the baby so afternoons": mornings are to be avoided.
        avoid = when_match.group(1)
        when_match = _first_when(timed, when_match.end())
    when = when_match.group(1) if when_match else None
    if when_match:
        following = _first_when(timed, when_match.end())
        busy_then = following and re.match(
            r"\s*(?:i|we|he|she)\s+(?:work|works|am at work|'m at work|am out|'m out|am working|"
            r"'m working|am on shift|'m on shift)\b", timed[following.end():], re.IGNORECASE)
        if busy_then:
            # "I am home in mornings, after 2 I work" (retired v24: "mornings after 2" was
            # the best time): the time they work is the time to avoid.
            avoid = avoid or following.group(1).strip()
        elif following and following.start() - when_match.end() <= 2:
            when = f"{when.strip()} {following.group(1).strip()}"  # "Evenings after 7"
    adjustment = _ADJUSTMENTS.search(said)
    language = None
    if _NEEDS_LANGUAGE.search(said) and not _NO_INTERPRETER.search(said):
        named = _LANGUAGE.search(said)
        language = named.group(1).capitalize() if named else "a language other than English"
        if "cymraeg" in lowered:
            language = "Welsh"
        if not named and re.search(r"\b(?:bsl|british sign language|sign language|signer)\b",
                                   lowered):
            # "BSL interpreter for any meeting" is not a spoken language (played residents).
            language = "British Sign Language (BSL)"
    return ContactPreference(method=method,
                             when=when,
                             adjustment=("partially deaf" if adjustment and re.search(
                                 r"\b(?:partial(?:ly)?|bit|little) deaf|deaf in one ear",
                                 lowered) else adjustment.group(1).lower() if adjustment
                                 else None),
                             avoid=avoid, language=language)


# Words that only say how ("phone please", "text first then call", "email only").
_METHOD_ONLY = frozenset("""a an and any anytime best by call calls calling contact e email
either fine first i i'd id is it just letter me message mobile my number ok okay on only or
phone phoned phoning please pls post prefer preferably rather ring sms telephone text texts
texting thanks thank the then to txt via voice whatsapp would like yes you your obviously
said tecst email. e-mail mail writing in message. i'm im go good""".split())


# Not wanting anyone in trouble, only the thing done: "I don't want to get the electrician
# into trouble. I really only want someone to come out." (played resident gi-02: read as a
# new matter, and the burning smell lost from the repair).
_ONLY_WANTS_IT_DONE = re.compile(
    r"\b(?:don'?t|do not|dont)\s+want\s+(?:to\s+)?(?:get|make|cause|put|land)\s+(?:\w+\s+){0,3}?"
    r"(?:in(?:to)?\s+trouble|trouble|a fuss|problems?|sacked)\b|"
    r"\b(?:i\s+)?(?:really\s+|honestly\s+)?(?:only|just)\s+(?:really\s+)?(?:want|need)\s+(?:someone|"
    r"somebody|it|them|the\s+\w+|an?\s+\w+)\s+(?:to\s+)?(?:come|fixed|sorted|done|out|mended|"
    r"repaired|fix|look)\b", re.IGNORECASE)


def only_wants_it_done(text: str | None) -> bool:
    """A reply to the complaint offer that wants the thing done, not a complaint."""
    return bool(_ONLY_WANTS_IT_DONE.search(text or "")) and not wants_to_complain(text)


def declines(text: str | None) -> bool:
    """A no to "anything that would make this easier?" in more words: "no I am ok in
    english", "None that we are aware of.", "No thank you, I'm fine". Not when they go on
    to name a need ("No, but my mum is deaf")."""
    said = normalise(text)
    if not re.match(r"(?:no|nope|nah|na|none|not really|nothing)\b", said):
        return False
    if re.match(r"no (?:\w+ )?(?:appointments?|calls?|visits?|visitors?|texts?|letters?|post|"
                r"emails?|voicemails?|contact|mornings?|afternoons?|evenings?|weekends?)\b", said):
        return False  # "No appointments on Tuesdays please": a need, not a no
    return not (re.search(r"\b(?:but|except|apart from|although|though|however)\b", said)
                or _ADJUSTMENTS.search(said) or _NEEDS_LANGUAGE.search(said))


def no_preference(text: str | None) -> bool:
    """'Either, I'm retired.', "any, I don't mind", 'whichever': no preferred way."""
    # "whatevers quickest" (played resident fw-07 was asked twice)
    return bool(re.search(r"\b(?:either|any(?: ?way| of them| is fine)?|whichever|don'?t mind|"
                          r"dont mind|no preference|anything|doesn'?t matter|whatever'?s? (?:is )?"
                          r"(?:quickest|fastest|easiest|best|easier|quicker)|whatever works|"
                          r"up to (?:you|u))\b",
                          normalise(text))) and read_contact_preference(text).method is None


# "just what I said about texts", "as I said", "same as before": pointing back, nothing new
# to keep (played residents, sixteenth session: filed as the contact note).
_POINTS_BACK = re.compile(r"\b(?:just )?(?:(?:like |as )?what i (?:said|told you|put)|as i (?:said|"
                          r"told you|mentioned)|like i said|same as (?:before|above|i said)|"
                          r"as (?:above|before)|see above|i already said|already told you)"
                          r"(?: (?:about|re|for|with) (?:the )?\w+)?\b", re.IGNORECASE)


# The contact note that keeps a contact answer in their words (actions/case.py reads it).
IN_THEIR_WORDS = "How to contact, in their words:"


def in_their_words(said: str) -> str:
    """The contact answer as a note in the resident's words, without the punctuation left
    where a number or an address was taken out (". Please…")."""
    return f"{IN_THEIR_WORDS} " + re.sub(r"^[\W_]+", "", said.strip())


def says_more_than_method(text: str | None) -> bool:
    """Whether a contact answer says more than the method: a time, who not to call, why.
    Words that only point back to an earlier answer ("just what I said about texts") do not
    count, nor does an address or a number alone ("12 HAWTHORN HOUSE, BRIDGE STREET, DERBY
    DE1 3LB" to "how would you like us to contact you?" is where letters go; played resident
    tj-02, twentieth session, had it filed as a contact note)."""
    if _only_contact_details(text or ""):
        return False
    words = re.findall(r"[a-z0-9']+", _POINTS_BACK.sub(" ", text or "").lower())
    return any(word not in _METHOD_ONLY and not re.fullmatch(r"0\d{3,}|\d{4,}", word)
               for word in words)


# Asking for a person in the resident's own words. "Adviser", "staff" or "agent" alone is
# not enough in an answer: "I'm an adviser at Citizens Advice" says who they are.
_PERSON_REQUEST = re.compile(
    r"^(?:a\s+|an\s+)?(?:real\s+)?(?:person|human|operator|agent|someone real)"
    r"(?:\s+(?:please|pls|now))*$|"
    r"\b(?:speak|talk|chat)\s+(?:to|with)\s+(?:an?\s+|the\s+|your\s+|some\s+)?(?:real\s+|actual\s+)?"
    r"(?:person|human|some ?one|some ?body|agent|advis[eo]r|manager|member of (?:your )?staff|"
    r"staff|operator)\b|"
    r"\b(?:want|need|like|get|give|put)\s+(?:me\s+)?(?:to\s+|through to\s+)?(?:an?\s+)?"
    r"(?:real\s+)?(?:person|human|operator)\b|\breal person\b|\bsomeone real\b",
    re.IGNORECASE)


# The request in so many words, not only "real person" somewhere in a long account.
_PERSON_ASKED = re.compile(
    r"^(?:a\s+|an\s+)?(?:real\s+)?(?:person|human|operator|agent|someone real)"
    r"(?:\s+(?:please|pls|now))*$|"
    r"\b(?:speak|talk|chat)\s+(?:to|with)\s+|"
    r"\b(?:want|need|like|get|give|put)\s+(?:me\s+)?(?:to\s+|through to\s+)?(?:an?\s+)?"
    r"(?:real\s+)?(?:person|human|operator)\b", re.IGNORECASE)


def asks_for_person_in_answer(text: str | None, intent: str | None, slot: str | None) -> bool:
    """A request for a person given instead of an answer to a form's question. Only the
    resident's own words count, never the NLU's intent alone: "me", "call me", "phone me
    please", "speak to me in Polish", "I'm an adviser at…" are answers."""
    said = normalise(text)
    if not _PERSON_REQUEST.search(said):
        return False
    preference = read_contact_preference(said)
    if slot in ("preferred_contact", "contact_details") and (
            preference.method or find_phone(text) or find_email(text)):
        # "ring me, I want to speak to someone", "a real person on the phone please" to how we
        # should contact them: how they want us to get in touch, never a handover (issue 10:
        # no conversation handed over by a contact answer).
        return False
    if preference.method and re.search(r"\b(?:speak|talk) to me\b", said):
        # "Phone please, I'd rather speak to someone" to "how would you like us to contact
        # you?" is the way they choose (retired v21: handed over, then a save failed).
        return False
    if not _PERSON_ASKED.search(said) and (len(said.split()) > 12 or re.search(
            r"\b(?:is|are|was|were)\b[^?.!]{0,40}\b(?:a )?real person\b", said)):
        # "Is Mr Baptiste, my housing officer, a real person? … Six voicemails…" is an
        # account, not a request (retired v21: the opening, read as the first point, handed
        # the complaint over).
        return False
    if re.search(r"\b(?:someone|somebody|a manager|a supervisor|you|your \w+)\s+(?:to\s+)?(?:speak|"
                 r"talk|have a word)\s+(?:to|with)\s+(?:the|that|this|him|her|them|his|their|your)\b",
                 said):
        # "…and someone to speak to the operator about his attitude" (retired v24: the
        # outcome handed the complaint over): someone to speak to a third person.
        return False
    if re.search(r"\b(?:happy|willing|able|free|available|glad|pleased|she|he|they|she'?s|"
                 r"he'?s|they'?re|mum|dad)\b(?:\s+\w+){0,2}\s+(?:to\s+)?(?:speak|talk|chat)\b",
                 said):
        return False  # "She's happy to speak to someone to confirm": consent, not a request
    return True


# --- Loose references the resident gives ("ASB-1182", "job 448812") ---
# "ASB-1182", "KX 20114", and a stage's own number before the dash: "SC1-2087" (retired v13).
_LOOSE_REFERENCE = re.compile(r"\b([A-Z]{2,5}(?:\d(?=[-/]))?)[-/ ]?(\d{3,10})\b")
# Words typed in capitals before a year or a sum ("MOVED IN 2019", "SINCE 2020", "OWE 312"):
# not a reference's letters.
_CAPS_WORDS = frozenset("""in on at of to by for from since until till til after before
about over under than and or but so is was are were be been it its my our your his her their
this that the a an me we us you he she they them all any owe paid pay cost costs only just
around nearly almost like with without may june july march april august year years week
weeks day days ago last next each per""".split())


# "job 44812", "ref 58210", "works order no. 7731", "repair number: JB-2231".
_KEYED_REFERENCE = re.compile(
    r"\b(?:job|ref|reference|repair|works? order|order|case|ticket|report|complaint|log)"
    r"(?:\s+(?:no|number|num|ref|reference)\.?)?\s*(?:#|:|is|was|number)?\s*"
    r"([A-Z]{0,5}[-/]?\d{3,10}(?:[-/][A-Z0-9]{1,10})*)\b", re.IGNORECASE)
_BARE_NUMBER = re.compile(r"(?<![\d-])\b(?!(?:19|20)\d\d\b)(\d{4,10})\b(?![\s-]?\d)")
# A reference in parts ("88/COMP/2291", "ASB/24/0391", "4478/21"): kept whole, as given.
_COMPOUND_REFERENCE = re.compile(r"(?<![\w/-])([A-Z0-9]{1,8}(?:[/-][A-Z0-9]{1,8}){1,4})(?![\w/-])",
                                 re.IGNORECASE)
_DATE_LIKE = re.compile(r"^\d{1,2}[/-]\d{1,2}(?:[/-]\d{2}(?:\d\d)?)?$|^\d{1,2}[/-](?:19|20)\d\d$")


# Words joined to numbers that are not references: "15-year-old", "8-to-6", "24-hour",
# "3-bed", "2-week" (retired v10: "15-YEAR-OLD" was filed as a reference and the real one,
# asked for no more, was lost).
_WORDS_WITH_NUMBERS = re.compile(
    r"\d+(?:[/-](?:and|to|or|till|til|year|years|month|months|week|weeks|day|days|hour|hours|"
    r"minute|mins|old|bed|bedroom|storey|floor|person|seater|odd|ish|plus))+(?:[/-]\d+)?",
    re.IGNORECASE)


def _compound_reference(token: str) -> bool:
    """Parts joined by / or -, one of them three digits or more (not a year): not a date
    ("14/08/2024") or a span of years ("2023-24")."""
    parts = re.split(r"[/-]", token)
    if _DATE_LIKE.match(token) or _WORDS_WITH_NUMBERS.fullmatch(token):
        return False
    if re.fullmatch(r"[\d.]+(?:-[\d.]+)?\s*(?:mm|cm|m|km|kg|g|ml|l|kw|kwh|w|v|sq ?m|ft|in|"
                    r"p|pm|am|hrs?|mins?|%)", token, re.IGNORECASE):
        return False  # "800-900mm", "9-5pm": a measure or a time, not a reference (retired v18)
    if len(parts) >= 3 and any(re.search(r"\d", p) for p in parts) and any(
            re.search(r"[A-Za-z]", p) for p in parts):
        return True  # "WR-DECANT-14", "S20/QH/2024/07"
    return any(p.isdigit() and len(p) >= 3 and not re.fullmatch(r"(?:19|20)\d\d", p)
               for p in parts)


# A reference the writer gives for their own office ("please quote our case reference
# HM/4471", "Our ref: AB/123") is theirs, not one of ours.
# Nor is a tenancy, rent account or National Insurance number ("my tenancy ref is
# T0098812"): it says who they are, not an earlier case.
_THEIR_OWN_REFERENCE = re.compile(
    r"(?:\b(?:our|quote(?:\s+(?:our|my|the|this))?|my office'?s?)\s+(?:(?:case|file|office)\s+)?"
    r"(?:ref(?:erence)?|case)|"
    # a councillor's casework reference (played resident tw-09, twenty-second session:
    # filed as ours, and "whatever is in hand under it carries on")
    r"\b(?:casework|ward|councillor'?s?|cllr)\s+(?:case\s+)?"
    r"(?:ref(?:erence)?|no|number)|"
    # "(office ref SC/2026/1187)" in an MP's caseworker's subject line (played resident eu-03
    # was told "any repair under it carries on")
    r"\b(?:office|mp'?s?|caseworker'?s?|constituency)\s+(?:case\s+)?"
    r"(?:ref(?:erence)?|no|number)|\b(?:tenancy|tenant|rent|account|payment|customer|"
    r"national insurance|ni|council tax|housing benefit|uc|claim)\s+(?:account\s+)?"
    r"(?:ref(?:erence)?|no|number|id))(?:\s+(?:no|number))?\.?\s*(?::|is|was|number)?\s*$",
    re.IGNORECASE)


def without_phone_numbers(said: str | None) -> str:
    """The text with every phone number blanked: a phone number is never a reference
    ("text 0753 1992046" is not TEXT-0753-1992046)."""
    def blank(match: re.Match[str]) -> str:
        return " " * len(match.group(0)) if find_phone(match.group(0)) else match.group(0)
    return _PHONE.sub(blank, said or "")


# What a reference is said to be, when it is not a repair's: "Their tenancy ref is
# QR28-HAD", "my rent account number", "the police crime number", "ASB case 4410".
# What a reference names when no request of ours carries on under it: a tenancy, a rent
# account, a crime, a complaint.
_NO_REQUEST_WORDS = (r"tenancy|rent|account|payment|direct debit|council tax|housing benefit|"
                     r"crime|police|incident|asb|anti-?social|case officer|mp'?s?|solicitor'?s?|"
                     r"court|insurance|complaint|nhs|patient")
# A request that carries on (Code 1.5) but is no repair: an application, a transfer, an
# exchange, an adaptation or a referral ("adaptation ref DFG-0712": played residents,
# sixteenth session, were told "Any repair under it carries on").
_REQUEST_WORDS = (r"claim|housing register|bidding|application|exchange|transfer|adaptations?|"
                  r"dfg|disabled facilities|referral|ot|occupational therap\w*|succession|"
                  r"staircasing|parking|permit")
_NOT_A_REQUEST_REFERENCE = re.compile(rf"\b(?:{_NO_REQUEST_WORDS})\b[^.!?\d]{{0,20}}$",
                                      re.IGNORECASE)
_NOT_A_REPAIR_REFERENCE = re.compile(
    rf"\b(?:{_NO_REQUEST_WORDS}|{_REQUEST_WORDS})\b[^.!?\d]{{0,20}}$", re.IGNORECASE)


def _references_said_to_be(text: str | None, what: re.Pattern[str]) -> set[str]:
    """The references the words just before them say are of the kind ``what`` names."""
    said = text or ""
    return {ref for ref in find_references(said, answering=True)
            if (at := said.upper().find(ref)) >= 0 and what.search(said[:at][-40:])}


def non_request_references(text: str | None) -> set[str]:
    """The references the resident's words say are a tenancy's, an account's, a crime's or
    a complaint's: nothing carries on under them."""
    return _references_said_to_be(text, _NOT_A_REQUEST_REFERENCE)


def non_repair_references(text: str | None) -> set[str]:
    """The references the resident's words say are something other than a repair's (a
    tenancy, a rent account, a crime number, an ASB case): no repair "carries on" under
    them (retired v15: "Any repair under it carries on" said of a tenancy reference)."""
    return _references_said_to_be(text, _NOT_A_REPAIR_REFERENCE)


def find_references(text: str | None, answering: bool = False) -> list[str]:
    """Every reference the resident gives, whole: our own format (CMP-2025-00871,
    MX/2025/0442 as MX-2025-0442), a keyed number ("job 44812" -> 44812), other
    references (ASB-1182). ``answering`` the reference question, a bare number ("One of
    them was 58210.") is one too. Phone numbers and the writer's own office's reference
    are never ours."""
    # An email address is no reference ("GARYP1978@…" gave "GARYP-1978": played resident
    # tv-02, twenty-second session).
    said = _EMAIL.sub(" ", without_phone_numbers(text or ""))
    found: list[str] = []
    theirs = [m.span() for m in re.finditer(r"\S+", said)
              if _THEIR_OWN_REFERENCE.search(said[:m.start()][-40:])]

    whole: list[tuple[int, int]] = []  # where a reference kept whole was read

    def add(reference: str, start: int) -> None:
        if any(begin <= start < end for begin, end in theirs + whole):
            return
        if reference and not any(reference in f or f in reference for f in found):
            found.append(reference)

    for match in _REFERENCE.finditer(said):
        add(f"{match.group(1)}-{match.group(2)}-{match.group(3)}".upper(), match.start())
        whole.append(match.span())
    for match in _COMPOUND_REFERENCE.finditer(said):
        token = match.group(1)
        if _compound_reference(token) and not find_phone(token) and not re.search(
                r"\b(?:flat|apartment|unit|house)\s*$", said[:match.start()],
                re.IGNORECASE):
            add(token.upper(), match.start())
            whole.append(match.span())
    for match in _KEYED_REFERENCE.finditer(said):
        token = match.group(1).upper().replace("/", "-")
        if not find_phone(token) and any(c.isdigit() for c in token):
            add(token, match.start(1))
    for match in _LOOSE_REFERENCE.finditer(said):
        candidate = f"{match.group(1)}-{match.group(2)}"
        if match.group(1).isupper() and not match.group(2).startswith("0") and \
                match.group(1).lower() not in _CAPS_WORDS:
            add(candidate, match.start())
    if answering and not found:
        for match in _BARE_NUMBER.finditer(said):
            if not match.group(1).startswith("0"):
                add(match.group(1), match.start())
    return found[:20]


def repair_references(text: str | None, answering: bool = False) -> list[str]:
    """The references the resident names as a repair's ("job 44812", "repair ref
    R-552190", an SR-…), or all they give in answer to "a reference from when you
    reported this before?": the ones that may be told "carries on" (Code 1.5)."""
    found = find_references(text, answering)
    if answering:
        return found
    said = without_phone_numbers(text or "")
    keyed = {_key(m.group(1)) for m in _KEYED_REFERENCE.finditer(said)
             if not re.match(r"(?:case|complaint)\b", m.group(0), re.IGNORECASE)}
    return [r for r in found if r.startswith("SR-") or _key(r) in keyed]


def _key(reference: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", reference.upper())


# "next door's dog", "shouts over the fence", "from the doorstep": where a neighbour is, not
# a thing to repair (played residents, thirteenth session: a repair was raised beside a
# complaint that we had shared a resident's details).
_REPAIR = re.compile(
    r"\b(heating|boiler|radiators?|hot water|leak(?:s|ing)?|damp|mou?ld|condensation|roof|"
    r"windows?|(?<!next )(?<!next-)doors?(?! ?(?:neighbou?rs?|to (?:me|us|her|him|them)))|"
    r"locks?|toilet|sink|taps?|shower|bath|electrics?|sockets?|lights?|"
    r"fuse|(?:stair|hand)\s?rail|banister|stairs?|ceiling|walls?|floor(?:boards?)?|gutters?|"
    r"drains?|pipes?|lift|barriers?|gates?|intercom|door entry|entry ?phone|buzzer|(?<!over the )(?<!over our )(?<!over my )fence|kitchen|cupboards?|extractor|fan|cooker|oven|plaster|"
    r"repairs?|broken|not working|blocked|collapsed|cracked|loose|rotten|rats?|mice|pests?|"
    r"infestation|stair ?lift|key ?safe|grab ?rails?|rails?|adaptations?|ramp|wet ?room|"
    r"walk-in shower|handrails?|ceilings?|grass|grounds? maintenance|stairwells?|"
    r"communal (?:lights?|lighting|areas?|doors?|heating)|gates?|hinges?|glass|panes?|"
    r"glazing|intercom|entry ?phone|door entry|pumps?|bin stores?|pull[- ]?cords?|alarms?|"
    r"footpaths?|paths?|paving|slabs?|steps|trees?|roots|walls?|graffiti|balcon(?:y|ies)|"
    r"garage|shed|loft|insulation|thermostat|meter|aerial|door ?bell|letter ?box|"
    r"smoke (?:alarm|detector)s?|carpets?|tiles?|skirting|sealant|grout)\b", re.IGNORECASE)
_DONE = re.compile(r"\b(?:was|were|has been|have been|got|finally|now)\s+(?:finally\s+)?"
                   r"(?:fixed|repaired|sorted|done|replaced)\b", re.IGNORECASE)
_PROBLEM = re.compile(r"\b(?:leak(?:s|ing)?|drip(?:s|ping)?|damp|mou?ld|condensation|broken|not working|"
                      r"blocked|loose|cracked|collapsed|rotten|rats?|mice|infestation|"
                      r"no (?:heating|hot water|power|electric)|cold|dangerous|unsafe|"
                      r"water (?:coming|leaking|pouring|dripping|running)|can'?t (?:cook|use|"
                      r"wash|shower|bath|get in|lock|close|open)|disconnected|capped off|"
                      r"condemned|stuck (?:up|down|open|shut|closed|in the)|jammed|"
                      # damage that is still there ("hanging off", "blew down", "broke my
                      # fence"): an unfinished repair however it is told
                      r"hanging (?:off|down)|(?:blew|blown|fell|fallen|came|come|falling) "
                      r"(?:down|off|in|apart|away)|broke|smashed|damaged|snapped|split|"
                      r"(?:won'?t|doesn'?t|does not|will not|can'?t be) (?:open|close|shut|lock|"
                      r"flush|drain|work|turn on)|stopped working|out of order|"
                      r"(?:has not|hasn'?t|have not|haven'?t|never) (?:worked|been (?:fixed|"
                      r"repaired|replaced|removed|cleared|done))|lifting|uneven|trip hazard|"
                      # "hot water keeps going off", "on and off for a month"
                      r"keeps? (?:going|cutting|turning|switching|conking) (?:off|out)|"
                      r"(?:goes|cuts) (?:off|out)|on and off|intermittent(?:ly)?|"
                      # "Boiler's packed up for the third time" (retired v15)
                      r"pack(?:ed|s)? (?:up|in)|conk(?:ed|s)? out|(?:died|dies|dying) again|"
                      # "My boiler ceased working ten days ago." (retired v24: no repair raised)
                      r"ceased (?:working|to work|functioning)|broken down|broke down|"
                      r"given up|gave up)\b",
                      re.IGNORECASE)
_NOT_DONE = re.compile(r"\b(?:still|not|never|no one|nobody|hasn'?t|haven'?t|isn'?t|"
                       r"aren'?t|won'?t|waiting|again|nothing|delay(?:ed|s)?|outstanding|"
                       r"unrepaired|yet to|no sign|chas(?:e|ed|ing)|reported|been out|"
                       r"pitch black|getting (?:bigger|worse))\b", re.IGNORECASE)


# A request of any kind still waiting on us: "the exchange has stalled", "still no
# decision on the succession", "the refund never came", "my transfer application was lost".
_REQUEST_THING = re.compile(
    r"\b(?:application|statement|refund|transfer|exchange|succession|decision|assessment|"
    r"adaptation|decant|return date|offer|band(?:ing)?|registration|form|forms|paperwork|"
    r"record|file|payment|reimbursement|compensation|permission|consent|case|"
    # "I am reporting my neighbour five times since June… Nothing done." (retired v21: the
    # ASB case linked, never told it carries on)
    r"neighbou?r|asb|anti-?social|harass\w*|nuisance)\b", re.IGNORECASE)


def outstanding_request(text: str | None) -> bool:
    """A complaint about a request (not a repair) that is still to do."""
    said = text or ""
    return bool(_REQUEST_THING.search(said) and _NOT_DONE.search(said))


def about_unfixed_repair(text: str | None) -> bool:
    """A complaint about a repair that is still to do (Code 1.5: the repair carries on):
    in one sentence, a thing to repair and a fault or a delay ("the shower still leaks").
    A charge, a decision or a transfer that only mentions a kitchen in one sentence and
    "not" in another is not a repair."""
    said = text or ""
    if not _REPAIR.search(said):
        return False
    parts = sentences(said.replace("\n", " ")) or [said]
    for index, sentence in enumerate(parts):
        # The fault and the delay may be told in the sentence after ("Water drips through
        # the ceiling. Nobody has been to look.").
        told = " ".join(parts[index:index + 2])
        if _REPAIR.search(sentence) and (_NOT_DONE.search(told) or _PROBLEM.search(told)):
            return not (_DONE.search(said) and not _NOT_DONE.search(said))
    return False


def repair_words(text: str | None) -> set[str]:
    """The repairs and faults named ("boiler", "locks", "leaking"), in lower case."""
    return {m.group(0).lower() for m in _REPAIR.finditer(text or "")}


def mentions_repair(text: str | None) -> bool:
    """Whether words name a repair or a fault ("the shower", "still leaking", "won't
    lock"), not only the word "repair", how someone behaved or how the resident feels."""
    return bool(repair_words(text) - {"repair", "repairs"} or _PROBLEM.search(text or ""))


# The words that only lead up to a number or an address, gone with it: "ring me on",
# "my landline is", "email:" (played residents, nineteenth session: "My landline is but",
# "Me on, mornings before 11 are best" were kept as their words).
_DETAIL_MARK = "\x00"
_LEAD_IN = re.compile(
    r"(?:\b(?:(?:please |pls |you can |u can |best to |just )?(?:ring|call|phone|text|txt|"
    r"contact|reach|get|email|e-mail|message|whatsapp) (?:me|us|her|him|them|mum|dad)(?: back)? "
    r"(?:on|at|via)|(?:my|our|her|his|their|the|mum'?s|dad'?s) (?:(?:mobile|landline|home|work|"
    r"office|direct|contact|phone|telephone|email|e-mail) ?){0,2}(?:number|no\.?|address)?"
    r"(?:'s| is| are|:)?|(?:mobile|landline|tel|telephone|phone|email|e-mail|mob)(?: number| no\.?)?"
    r"(?: is|:)?|on|at|or)\s*)?" + _DETAIL_MARK, re.IGNORECASE)


def without_contact_details(text: str | None) -> str:
    """The words without phone numbers or email addresses, nor the words that only lead
    up to them ("ring me on", "my landline is")."""
    said = _PHONE.sub(lambda m: f" {_DETAIL_MARK} " if find_phone(m.group(0)) else m.group(0),
                      text or "")
    said = _EMAIL.sub(f" {_DETAIL_MARK} ", said)
    said = _LEAD_IN.sub(" ", said).replace(_DETAIL_MARK, " ")
    said = re.sub(r"^\W*(?:and|or|but)\b", "", said.strip(" ,;:-"), flags=re.IGNORECASE)
    return re.sub(r"\s{2,}", " ", re.sub(r"\s+([,.;:!?])", r"\1", said)).strip(" ,;:-")


_TOLD_BEFORE = re.compile(
    # "YOU TOLD ME THE FLAT ABOVE IS 'NOT ACCESSIBLE'" (retired v15): what we said before
    r"\b(?:told you|told u|i told|(?:you|u|they) (?:told|said to) (?:me|us)|reported|rang|"
    r"phoned|called you|chased|months ago|weeks ago|"
    r"nobody'?s (?:come|been|turned up)|no one'?s (?:come|been)|"
    r"last (?:week|month|time)|again|still|never (?:came|come|turned up|fixed)|nobody "
    r"(?:came|come|turned up)|no one (?:came|come|turned up)|said (?:everything|it) was "
    r"(?:fine|ok|okay|safe)|"
    # Retired v20: four dangers then complaints never offered the complaint: "this happened
    # in august too and they just rodded it", "The engineer has cancelled twice", "She
    # pressed the alarm and nobody answered. This lift has broken down five times this month."
    r"happened (?:before|in \w+|last \w+)(?: too| as well)?|(?:happened|done this|did this) "
    r"(?:\w+ ){0,2}(?:too|as well)|they (?:just|only) (?:rodded|patched|reset|cleared|unblocked|"
    r"painted over|bodged|plastered over)|(?:has |have |'s |'ve )?cancelled (?:twice|again|"
    r"three times|\d+ times|(?:the |our |my )?(?:visit|appointment)s?)|(?:nobody|no one|no-one) "
    r"(?:answered|picked up|responded|replied)|(?:broken|broke|gone|failed|stopped|cut out|"
    r"packed up|conked out)(?: down)? (?:\w+ ){0,2}(?:twice|three times|four times|five times|"
    r"six times|\d+ times)|"
    # "the alarm button isnt connecting to anyone" in a lift (retired v21: the complaint
    # behind a trapped father never offered)
    r"(?:alarm|emergency|help|call) (?:button|cord|line|pendant)s? (?:is ?n'?t|is not|isnt|"
    r"won'?t|wont|doesn'?t|does not|didn'?t|did not|not|never) (?:connect(?:ing)?|work(?:ing)?|"
    r"go(?:ing)? through|answer(?:ed|ing)?|get(?:ting)? through))\b", re.IGNORECASE)


_WE_WERE_TOLD = re.compile(r"\b(?:e-?mailed|wrote|written|told|mentioned|raised|reported|"
                           r"r[au]ng|phoned|telephoned|called|chased|complained|messaged|"
                           r"texted|contacted|flagged|spoke to|went in(?:to)? the office|"
                           # "I call one time about grass", "She asked for an interpreter by
                           # email the week before" (retired v11)
                           r"asked|(?:i|we|she|he|they) (?:call|ring|email|phone|tell|write))\b|"
                           # "Four times, me and other people", "Twice, July and September",
                           # "Each time, by several of us" (retired v9)
                           r"\b(?:once|twice|one time|(?:two|three|four|five|six|several|many|loads of|"
                           r"\d+) times|each time|every time|loads|lots)\b(?! (?:a|per|every) "
                           r"(?:week|month|day|year))", re.IGNORECASE)


def says_we_were_told(text: str | None) -> bool:
    """An answer to "a reference from when you reported this before?" that tells of the
    report instead ("rang tues", "No number, I emailed in June", "told the caretaker
    twice"): reported before, whatever the number."""
    said = text or ""
    return bool(_WE_WERE_TOLD.search(said)) and not re.search(
        r"\b(?:never|not|haven'?t|didn'?t|did not|have not)\s+(?:\w+\s+)?(?:e-?mailed|wrote|"
        r"told|mentioned|raised|reported|r[au]ng|phoned|called|asked|call|contacted|texted|"
        r"messaged)\b", said, re.IGNORECASE) and not _FIRST_TIME.search(said)


# "No, this is the first time I've contacted you about it", "first time I tell": the
# contact is this one (retired v13: filed as a prior report and its reference asked for).
_FIRST_TIME = re.compile(r"(?:\bthis is|\bit'?s|\bits|\bis|^\s*no\b[\s,.!-]*(?:this is|it'?s|its|is)?)\s*"
                         r"(?:the |my |our )?(?:very )?first (?:time|contact)\b",
                         re.IGNORECASE)
_NEVER_TOLD = re.compile(r"^\W*(?:no\W+)?(?:i|we) (?:have )?(?:never|haven'?t|have not) "
                         r"(?:reported|told you|raised|mentioned|contacted you)\b(?![^.!?]*\bbut\b)",
                         re.IGNORECASE)


def first_time(text: str | None) -> bool:
    """An answer to "have you told us before?" that says this is the first time ("No,
    this is the first time I've raised it", "No, first time I say to anybody"; retired
    v15: read as a report before, and its reference asked for)."""
    said = text or ""
    return bool(_FIRST_TIME.search(said) or _NEVER_TOLD.search(said))


_RESIDENTS_CONTACT = re.compile(
    r"\b(?:his|her|their|(?:mum|mam|dad|nan|gran|grandad|son|daughter|client|tenant)'?s|"
    r"[A-Z][a-z]+'s) (?:own |mobile |personal |text-only |text only )?(?:number|mobile|phone|"
    r"email|e-mail)\b|\b(?:text|ring|call|phone|email|contact) (?:him|her|them)\b(?! (?:through|"
    r"via) me)", re.IGNORECASE)
_MY_CONTACT = re.compile(r"\b(?:my|me on|mine)\b", re.IGNORECASE)


def contact_is_residents(text: str | None) -> bool:
    """Someone writing for a resident gives the resident's number, not their own ("Gary's
    number is 07700 900888, text only", "text him on …"): it is the resident's to file
    (played resident pm-07's text-only number was filed as the advocate's, for staff to
    ring)."""
    said = text or ""
    return bool(_RESIDENTS_CONTACT.search(said)) and not _MY_CONTACT.search(said)


def told_us_before(text: str | None) -> bool:
    """An emergency that tells of an earlier report or visit ("I told you months ago the
    frame was rotten", "the engineer said everything was fine last week"): once the
    repair is logged, the resident is offered the choice to complain (Code 1.3)."""
    return bool(_TOLD_BEFORE.search(text or ""))


# Our own work or people behind a danger ("ur contractor changed my lock 2day n the new key
# dont work", "The electrician was here yesterday doing the testing and now this", "You
# forced entry", "boiler service was due in March and never happened, ive asked twice"):
# once the emergency repair is logged, the resident is offered the choice to complain
# (Code 1.3, 1.5). Retired v10: four such residents were never offered it.
_OUR_WORK = re.compile(
    # "Engineer came Sunday, said part on order, left." (retired v15): no "the" at the start
    r"(?:\b(?:your|ur|yr|the|an?|our|his) (?:own )?|(?:^|(?<=[.!?\n])\s*)(?i:(?=[a-z])))"
    # "Your door fitter has taken the lock out" (retired v16): the trade may be named first
    r"(?:(?:door|window|kitchen|bathroom|gas|boiler|heating|roofing|drainage|damp|lift) )?"
    r"(?:contractors?|electricians?|engineers?|"
    r"plumbers?|gas (?:man|team|engineer)|workm[ae]n|builders?|fitters?|operatives?|"
    r"locksmiths?|repairs? (?:man|men|team)|surveyors?|inspectors?)\b[^.!?\n]{0,40}\b(?:was here|"
    r"were here|came|come|changed|fitted|took|taken|left|did|forced|broke|damaged|cut|drilled|"
    r"removed|replaced|serviced|tested|testing|turned|switched|capped|disconnected|"
    r"installed|put)\b|"
    r"\b(?:you|u|they) (?:have |'ve )?(?:forced|broke|damaged|changed|fitted|took|left|"
    r"removed|cut|drilled|turned off|switched off|disconnected|capped)\b|"
    # "the locksmith you sent this afternoon to change my lock has left" (retired v20)
    r"\b(?:the |a |an )?\w+ (?:you|u) sent\b|"
    r"\b(?:service|check|inspection|visit|repair|job|appointment) (?:was )?(?:due|booked|"
    r"meant to happen)\b[^.!?\n]{0,30}\b(?:never|didn'?t|did not|not)\b|"
    r"\b(?:i|we)(?:'?ve| have)? (?:asked|chased|rung|rang|called|reported it) (?:you )?"
    r"(?:twice|three times|\d+ times|again|before|loads|so many times)\b",
    re.IGNORECASE)


def our_work_behind_it(text: str | None) -> bool:
    """Whether a danger's account puts it down to our own work or people, or to a visit
    or service we never made: the resident may want to complain once it is made safe."""
    said = text or ""
    # "When can an engineer come?", "please send the plumber": a visit asked for, not made.
    return any(not _VISIT_ASKED_FOR.search(said[max(0, m.start() - 20):m.start()])
               for m in _OUR_WORK.finditer(said))


_VISIT_ASKED_FOR = re.compile(r"\b(?:can|could|will|would|when|should|please|send|need|get|"
                              r"want|if)\W+(?:\w+\W+)?$", re.IGNORECASE)


_WELSH = re.compile(r"\b(?:cymraeg|gymraeg|siarad|in welsh|use welsh|speak welsh|welsh "
                    r"(?:language|speaker|please)|through welsh)\b", re.IGNORECASE)


# Vulnerability told so plainly that the words alone say it, in an account as much as in
# an answer: a named condition or treatment, the body, a young child's or an old person's age.
_PLAINLY_VULNERABLE = (
    # The body told plainly: "bad knees", "a hip replacement", "can't do stairs", "housebound
    # and walks with a stick", "2 little ones".
    r"bad (?:knees?|hips?|back|legs?|chest|lungs?)|(?:knees?|hips?|legs?) (?:are|is) (?:bad|"
    r"not good|weak)|(?:hip|knee) replacement|housebound|"
    r"walks? with (?:a )?(?:stick|frame|crutches)|crutches|uses? (?:a )?(?:walker|rollator|"
    r"walking stick)|rollator|"
    # the nerves, as many say a mental-health condition: "on tablets for my nerves"
    r"(?:tablets|medication|meds|pills) for (?:my|his|her|their) (?:nerves|anxiety|depression)|"
    # "i also have panic attacks" (retired v21: told at the read-back, no flag)
    r"panic attacks?|"
    # "I have a stammer." (retired v23: a resident mocked on the phone for it, no flag)
    r"(?:i|he|she|they|we|son|daughter)(?: has| have|'ve got| has got|'s got)? (?:a |got a )?"
    r"(?:bad |severe |strong )?(?:stammer|stutter|speech impediment|speech impairment)|"
    r"(?:my|his|her) nerves (?:are|is) (?:bad|shot|in bits|terrible|gone)|can'?t (?:do|manage|climb) (?:the )?"
    r"stairs|cannot (?:do|manage|climb) (?:the )?stairs|(?<!where the )little ones|(?:\d|two|three|four) "
    r"(?:little|small|young) (?:ones|kids|children)|"
    # An age in words, an operation: "my eyes are not what they were at eighty-six", "I've had
    # a lung operation", "since I had my knee done" (retired v18)
    r"(?:i'?m|i am|at|aged|(?:he|she)'?s|(?:he|she) is|who is|who'?s|(?:mum|mam|dad|nan|gran) is) "
    r"(?:seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|"
    r"(?:i'?ve|i have|i had|(?:he|she)'?s|(?:he|she) (?:has|had)) (?:just |recently )?had (?:a |an |"
    r"my |his |her )?(?:\w+ )?(?:operation|surgery)|had (?:my|his|her) (?:knee|hip|back|heart|"
    r"shoulder)s? (?:done|replaced|operated on)|"
    # Named conditions and treatments: "I have Crohn's disease", "he's on chemo", "I have MS"
    r"crohn'?s|colitis|asthmatic|alzheimer'?s|huntington'?s|(?:has|had) (?:had )?a stroke|chemo\w*|radiotherapy|dialysis|kidney|on oxygen|parkinson'?s|lupus|"
    r"fibromyalgia|chronic (?:pain|illness|fatigue|condition)|cerebral palsy|down'?s syndrome|"
    r"motor neurone|(?:i have|has|with|got) (?:ms|cfs|copd|hiv)\b|"
    # In hospital, a support worker of their own, "us older ones", a baby at home: "while
    # my husband was in hospital", "My support worker was there" (retired v10).
    r"(?:is|was|were|been|in and out of|still|currently|now|who'?s) in hospital|hospitali[sz]ed|"
    r"(?:my|his|her|their) support worker|(?:us|we) older|older ones|"
    r"(?:my|our) (?:new ?born|newborn|bab(?:y|ies|ys|y'?s)|toddlers?)\b|(?:the|a) (?:new ?born|"
    r"newborn|toddler)\b|the baby(?:'?s)? (?:is|has|was|sleeps|room|bedroom|cot)\b|"
    # "He did not look in the children's room where the damp is worst" (retired v14)
    r"(?:the|our) (?:children'?s|childrens|kids'?) (?:room|bedroom|bedrooms|cots?)\b|"
    # "my babys 4 months", "I have small child", "my youngest has sickle cell" (played
    # residents, ninth session)
    r"bab(?:y|ies|ys|y'?s) (?:is |only |just )?(?:\d+|one|two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven) (?:weeks?|months?)\b|(?:small|little|young) (?:child|children|kids?|"
    r"son|daughter|boy|girl)\b|sickle[- ]cell|thalass\w*|cystic fibrosis|"
    # Young children told by their age: "kids under 6", "my daughter, she is 4", "a 3 year old"
    r"(?:kids|children|child|baby|babies)(?: \w+)? under (?:\d|one|two|three|four|five|six|seven|"
    r"eight)\b|"
    # "i had to do it with the baby in the house" (retired v14)
    r"(?:with|and|plus|got|have|has) (?:the|a|my|our|an) (?:new ?born |young |little )?baby\b"
    r"(?! (?:shower|bath|monitor|gate|wipes|clothes|food|shop))|"
    # "My kids are 4 and 6", "the boys are 3 and 5", "three kids, 2, 5 and 8" (retired v15)
    r"(?:kids|children|boys|girls)[,:] (?:aged )?[1-9],? (?:[1-9],? )*(?:and|&) [1-9]\b|"
    r"(?:kids|children|boys|girls|twins|little ones)(?: are)? (?:aged |only )?[1-9](?:,? (?:and|&) "
    r"[1-9])?(?! (?:pounds|quid|days|weeks|minutes|hours|times|percent|years? (?:ago|since)))\b|"
    r"allergic|allergy|allergies|anaphyla\w*|epipen|"
    # Named by what the household depends on or the body part (retired v16): "my daughter's
    # insulin is in the fridge", "on antidepressants", "Talking makes me breathless",
    # "MACULAR DEGENERATION", "I don't work anymore because of my back".
    r"insulin|inhalers?|nebuli[sz]ers?|dialysis|home oxygen|antidepressants?|breathless\w*|"
    r"macular|glaucoma|cataracts?|"
    r"because of (?:my|his|her|their) (?:lungs|chest|breathing|heart|back|legs|knees?|hips?|"
    r"eyes|eyesight|health|condition|disability|illness|nerves)\b|"
    # A child's age said plainly and left there: "my son (he is 5)", "hes 3 n hes got a
    # wheeze", "she's only 2", "(theyre 3 and 6)", "youngest is 1" (retired v16).
    r"(?:he|she|they)(?:'?s|'?re| is| are) (?:only |just )?[1-9](?:,? (?:and|&|n) [1-9])?"
    r"(?=\s*(?:$|[,.!?)]|(?:and|n|&) (?:he|she|they)\w*\b|years?\b|yrs?\b))|"
    r"youngest(?:'s| is) (?:only |just )?(?:[1-9]|1[0-2])\b(?! (?:pounds|quid|days|weeks|"
    r"minutes|hours|times|percent))|"
    r"(?:daughter|son|child|kid|boy|girl|grandson|granddaughter|baby)(?:,? (?:she|he|who))?"
    r"(?:'s| is) (?:only )?(?:[1-9]|1[0-2]|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve)\b(?! (?:of|pounds|quid|days|weeks|minutes|hours|times|percent|doors|"
    r"streets|floors|miles|years? (?:ago|since)))|(?:\d|one|two|three|four|five|six)[- ]?(?:years?|"
    # "where my 2 yr old sleeps" (retired v21: no vulnerability filed)
    r"yrs?)[- ]?old|(?:\d{1,2}|one|two|three|four|five|"
    r"six|eight|ten|eleven)[- ](?:month|week)s?[- ]old|"
    # The eval README's definition in everyday words (retired blind v10, tenth session):
    # old age ("at 81 the draught goes right through me", "in her eighties", "my elderly
    # mum", "a 79-year-old"), young children of the household ("my kids", "me and
    # the kids", "two under-fives"), pregnancy
    # ("I'm due in December", "my 20-week scan") and conditions named without a subject
    # ("with my asthma", "her dementia", "a disabled son", "my carer", "my PIP review").
    r"at (?:7\d|8\d|9\d|10\d)(?! ?(?:%|pounds|quid|p\b|pence|percent|degrees|mph|minutes|"
    r"mins|hours|hrs|seconds|days|weeks|months|times|calls|pm|am|o'?clock|[a-z]+ (?:road|street|"
    r"st|lane|close|court|avenue|way|drive|house))),? (?:i|my|and|it|she|he|the|that|this|we)\b|"
    r"in (?:his|her|their|my|our) (?:late |early |mid[- ]?)?(?:seventies|eighties|nineties|"
    r"70'?s|80'?s|90'?s)\b|(?:(?:i'?m|i am|we'?re|we are|she'?s|he'?s|she is|he is|being|as) "
    r"(?:an? )?|(?:my|our|his|her) )(?:elderly|pensioners?|oap)\b|"
    r"(?:6[5-9]|[7-9]\d|10\d)[- ]years?[- ]old|aged (?:6[5-9]|[7-9]\d|10\d)\b|"
    r"(?:my|our) (?:\w+ )?(?:kids|children|kiddies|toddlers?|twins|youngest)\b|"
    r"(?:me|us|i) and (?:the|my|our) (?:\w+ )?(?:kids|children)\b|"
    r"under[- ](?:fives|5s|5'?s|ones|twos|threes)\b|"
    # "got 2 under 3", "I've got 3 under 6 and a double buggy" (retired v15): young children
    r"(?:got|have|with|had|'ve|of) (?:[2-6]|two|three|four|five|six) under (?:[2-8]|two|three|"
    r"four|five|six|seven|eight)s?\b(?! (?:weeks?|days?|months?|years?|hours?|mins?|minutes?|"
    r"pounds|quid|%|percent))|"
    # "He's 4 and he's been coughing at night" (retired v15): a child's age, then more of them
    r"(?:he|she)(?:'s| is) (?:only |just )?[1-9] and (?:he|she)(?:'s| is| has| had| was)\b|"
    r"pregnan\w*|(?:i'?m|i am|she'?s|she is|we'?re|we are|baby'?s|baby is) due (?:in|on|any|"
    r"next|this|early|late|around|at the end)\b(?! court)|\d+[- ]weeks? (?:pregnant|scan)|"
    r"maternity|midwife|antenatal|"
    r"asthma|(?:my|his|her|their|with) (?:copd|cancer|dementia|epilepsy|diabetes|depression|"
    r"anxiety|ptsd|disability|disabilities|mental health|mobility problems?|illness)\b|"
    r"dementia|autistic|autism|disabled(?! (?:bays?|parking|spaces?|toilets?|loos?|access|entrance|ramp)\b)|wheelchair|mobility scooter|zimmer|walking frame|"
    # "I use a power chair", "I have a speech impairment" (retired v19)
    r"power ?chair|electric (?:wheel)?chair|(?:speech|hearing|visual|sight|mobility|cognitive|"
    r"physical) impairment|"
    r"stair ?lift|hoist|carers?\b|learning disabilit\w*|mental health|terminal(?:ly)? ill|"
    r"end[- ]of[- ]life|palliative|hospice|cancer|hearing aids?|guide dog|partially sighted|"
    r"visually impaired|hard of hearing|\bpip\b|blue badge|attendance allowance|"
    r"immunocompromised|immune system|transplant|chest infections?|"
    # Old age told as an age: "He's 84", "mum is 91", "I'm 79", "Dad's 79".
    r"(?:i'?m|i am|he'?s|she'?s|he is|she is|who is|who'?s|(?:mum|mam|dad|nan|gran|grandad|"
    r"grandma|mother|father)(?: is|'s)) (?:[7-9]\d|10\d)(?! (?:pounds|quid|days|weeks|months|minutes|"
    r"hours|times|percent))\b")
_PLAINLY = re.compile(r"\b(?:" + _PLAINLY_VULNERABLE + r")\b", re.IGNORECASE)


# The flags' definition of vulnerability (../shared/eval/README.md): a disability,
# illness, mental-health condition, pregnancy, young children or old age.
_VULNERABLE = re.compile(
    r"\b(?:disab\w*(?! (?:bays?|parking|spaces?|toilets?|loos?|access|entrance|ramp)\b)|ill(?:ness)?|(?<!off )(?<!was )(?<!been )(?<!being )sick(?! (?:of|and tired|by|on|in|everywhere|all over|outside|at))|(?:health|medical) (?:condition|"
    r"problems?)|condition|"
    r"mental health|anxiety|anxious|depress\w*|ptsd|bipolar|schizo\w*|autis\w*|adhd|"
    r"learning (?:disabilit\w*|difficult\w*)|dementia|memory|stroke|cancer|copd|"
    r"asthma|heart|diabet\w*|epilep\w*|sclerosis|arthritis|mobility|wheelchair|walking "
    r"(?:frame|stick)|frail|deaf|hard of hearing|hearing|blind|(?:eye)?sight(?= (?:is|has|"
    r"problems?|loss|condition))|(?:poor|failing|bad|losing|lost (?:my|his|her)|no) (?:eye)?sight|"
    r"visual\w*|partially "
    r"sighted|pregnan\w*|baby(?! (?:photos?|pictures?|clothes|things|shower|monitor))|newborn|toddler|young (?:child|children|kids)|elderly|old age|"
    r"aged (?:[6-9]\d|1\d\d)|(?:[6-9]\d|1\d\d) years old|carer|vulnerable|bereave\w*|"
    r"large print|braille|easy read|"
    r"bsl|sign language|(?:cannot|can'?t) (?:read|walk|hear|see)(?! (?:out|through|in|into|the|a|"
    r"any|it|them|why|how|what|where|who|when|past|over|anything|much|properly out))|"
    r"domestic abuse|abus\w+|fleeing|refuge|not safe|unsafe|"
    + _PLAINLY_VULNERABLE + r")\b",
    re.IGNORECASE)


def plainly_vulnerable(text: str | None) -> bool:
    """Whether the words alone say someone is vulnerable ("I have Crohn's disease", "my
    daughter, she is 4", "I'm 84"), whatever the learned reading gave."""
    return bool(_PLAINLY.search(text or ""))


def says_vulnerable(text: str | None) -> bool:
    """Whether an answer tells of a disability, illness, mental-health condition,
    pregnancy, young children or old age — not a language or a way to be contacted (nor
    dyslexia, a need for how we write), which are recorded as adjustments without the
    flag."""
    said = text or ""
    return any(not (m.group(0).lower().endswith("old")
                    and _THINGS_AGE.search(said[max(0, m.start() - 25):m.start()]))
               for m in _VULNERABLE.finditer(said))


# An age that is a thing's: "my carpet, which is 4 months old", "the boiler is 2 years old".
_THINGS_AGE = re.compile(r"\b(?:which|that|it|boiler|carpet|kitchen|bathroom|door|window|"
                         r"sofa|fridge|cooker|roof|floor|flooring|furniture)(?:'s| is| was| are|"
                         r" were)? (?:only |barely |just |nearly |almost )?$", re.IGNORECASE)


# Someone in the household plainly has a condition: "I have a heart condition", "my son is
# autistic", "she's registered blind". Only a statement about a person: "sick of it", "in
# poor condition" or "a hearing" say nothing of the kind.
_PERSON_HAS = (r"\b(?:i|i'?ve|he|she|they|we|my (?:\w+ )?(?:mum|mam|dad|mother|father|son|"
               r"daughter|husband|wife|partner|child|baby|brother|sister|nan|gran|grandad|"
               r"grandma|kids?|children)|(?:he|she)'?s|i'?m)\s+")
_STATES_VULNERABLE = re.compile(
    _PERSON_HAS + r"(?:have |has |had |got |been |is |am |are |'?s |'?m |also |suffers? (?:from|"
    r"with) |(?:was |been |is |am )?diagnosed with |(?:have|has|'ve|'s) (?:got )?(?:a |an )?)*"
    r"(?:a |an |bad |severe |serious |chronic |terminal )?(?:heart condition|heart problems?|"
    r"lung condition|copd|asthma|cancer|dementia|epilepsy|diabetes|depression|anxiety|ptsd|"
    r"bipolar|autism|autistic|learning (?:disability|difficulties)|disabled|a disability|"
    r"arthritis|multiple sclerosis|parkinson'?s|mobility problems|a stroke|"
    r"(?:\w+ (?:weeks?|months?) )?pregnant|"
    r"registered blind|blind|deaf|partially sighted|a wheelchair user|in a wheelchair|"
    r"on oxygen|on dialysis|mental health (?:problems|issues|condition))\b", re.IGNORECASE)


def states_vulnerability(text: str | None) -> bool:
    """Whether a message plainly says someone in the household has a disability, illness,
    mental-health condition or pregnancy ("I HAVE A HEART CONDITION"): the flag, whatever
    the learned reading gave."""
    return bool(_STATES_VULNERABLE.search(text or ""))


# An answer that says the matter was reported or chased before: "I rang twice in May",
# "they were meant to come Tuesday", "reported it to the caretaker". Not a bare date
# ("Fourteen weeks ago") or a when ("letter came Monday") in answer to "when did it start?".
_REPORTED_BEFORE = re.compile(
    r"\b(?:report(?:ed|ing)|r[au]ng (?:you|your|the|them|up|in|about|to (?:report|tell|ask)|"
    r"\w+ times|twice|again)|phoned|called (?:you|your|the|them|up|in|about)|chas(?:ed|ing)|"
    r"logged (?:it|this|a)|raised (?:it|this|a)|complained|emailed|wrote to (?:you|your|the)|"
    # "all logged at the sign-up visit", "said he'd pass it on", "mentioned it to the officer"
    r"(?:were|was|been|all) logged|(?:said|says) (?:he|she|they)'?d pass (?:it|this) on|"
    r"(?:mentioned|flagged|pointed out|showed) (?:it|this|them) to|"
    # "i said to the foreman he just laughed", "Only to the scheme manager in person."
    # (retired v14): told one of ours, in answer to "have you told us before?"
    r"(?:said|spoke|mentioned|complained|went|talked|raised it|asked) (?:it |this )?to (?:the|your|"
    r"our|a|one of (?:the|your)) (?:\w+ )?(?:foreman|manager|officer|caretaker|concierge|"
    r"engineer|contractors?|workm[ae]n|builders?|lads|men|staff|office|team|surveyor|warden)\b|"
    r"^\W*(?:only|just|yes,? (?:only|just)?) ?(?:to|told) (?:the|your|our|a) (?:\w+ )?(?:foreman|"
    r"manager|officer|caretaker|concierge|engineer|contractors?|surveyor|warden|office|team)\b|"
    r"told (?:you|your \w+|them|the (?!police)\w+) (?:about|before|that|in|on|last|months|weeks|it|"
    r"this)|"
    r"(?:was|were) told|(?:never|didn'?t|did not|nobody|no ?one|no1) (?:came|come|turned up|"
    r"showed up|rang back|called back|got back)|(?:meant|supposed|booked|due) to (?:come|visit|"
    r"call|ring|fix)|appointments?|promised|job (?:number|no|ref)|came out)\b",
    re.IGNORECASE)


_ALREADY_LOGGED = re.compile(r"\b(?:it'?s|its|it is|it was|already|been|was|i'?ve|ive|i have|"
                             r"we'?ve|we have) (?:already |been )?(?:logged|reported|on (?:your|"
                             r"the) system)\b", re.IGNORECASE)


_NOT_LOGGED = re.compile(r"(?:\bnot|n'?t|\bnever|\bnobody|\bno one)\b[^.!?]{0,15}\b(?:been )?"
                         r"(?:logged|reported)\b", re.IGNORECASE)


def already_logged(text: str | None) -> bool:
    """An answer to "shall I log it?" saying it was logged or reported already ("It's
    logged. Been logged 9 days.", "already reported it twice", "no, its been logged about 5
    times"); not "it hasn't been reported"."""
    said = text or ""
    return not _NOT_LOGGED.search(said) and (bool(_ALREADY_LOGGED.search(said))
                                             or says_reported_before(said))


def says_it_is_logged(text: str | None) -> bool:
    """Only the words that it is logged already ("its already logged", "it's been reported"),
    not any telling of an earlier report: "I reported it in October and nobody came" may
    still want it logged again."""
    said = text or ""
    return not _NOT_LOGGED.search(said) and bool(_ALREADY_LOGGED.search(said))


_ASKS_US_BACK = re.compile(r"^\W*(?:how (?:long|much|many|soon)|when (?:will|are|is|can|do|does)|"
                      r"what (?:happens|now|next)|why (?:is|does|do|did|has|have)|will (?:you|someone|"
                      r"it|they|this)|is (?:this|it|someone|anyone)|are (?:you|they))\b", re.IGNORECASE)


def asks_us_something(text: str | None) -> bool:
    """Whether an answer is a question back ("how long is this gonna take"), with or without
    its question mark."""
    said = (text or "").strip()
    return (bool(_ASKS_US_BACK.match(said)) or (said.endswith("?") and len(said.split()) <= 12)) \
        and not names_an_adjustment(said) and not read_contact_preference(said).method


def tells_of_reporting(text: str | None) -> bool:
    """Whether an answer is only about having reported or chased the matter ("ive reported
    them 5 times")."""
    said = (text or "").strip()
    return len(said.split()) <= 15 and says_reported_before(said) and bool(re.search(
        r"\b(?:report|rang|rung|ring|phon|call|chas|told|email|complain|logg|rais|wrote)\w*",
        said, re.IGNORECASE))


def says_reported_before(text: str | None) -> bool:
    """Whether an answer's own words say the matter was reported or raised before."""
    return bool(_REPORTED_BEFORE.search(text or ""))


_SOME = (r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|many|multiple|numerous|"
         r"loads of|a few|a couple of|couple of)")
# A complaint's account telling of an earlier report in words the learned reading of a first
# message does not need (it reads all kinds of message): each entry has a test
# (tests/bot/test_prior_report_words.py). Measured on the four retired conversation sets,
# the filed prior_report flag of complaints agreed 60-63% with says_reported_before alone
# and 73-89% with these added.
_EARLIER_REPORT = re.compile("|".join([
    r"\b(?:again|agen|agn)\b",  # "lift out again", "blocked agen"
    # "4th report", "third call about it" (retired v15: logged with no offer to complain)
    r"\b(?:\d+(?:st|nd|rd|th)|second|third|fourth|fifth|sixth) (?:time|report|call|"
    r"request|email|chase)\b",
    r"\b(?:call|called|calling|rang|ring|rung|phone|phoned|tell|told|email|emailed|write|wrote|"
    r"written|ask|asked|chase|chased|contact|contacted|report|reported|visit|visits|visited|"
    r"letters?)\w* (?:you |them |us |housing |the office |your office )?" + _SOME +
    r" (?:times?|visits?|letters?|emails?|calls?)\b",  # "I call you two times"
    _SOME + r" (?:visits?|calls?|phone calls|emails|letters|reports|appointments)\b",
    r"\b(?:your|the|ur|a|an|one|another) (?:man|men|guy|bloke|engineer|plumber|electrician|"
    r"workm[ae]n|contractors?|surveyor|inspector|pest \w+|operative|fitters?|gas man|gentleman|"
    r"technician|roofer|joiner|repairs? (?:man|team)|officer)\b[^.!?\n]{0,40}\b(?:came|come|"
    r"visited|attended|fitted|replaced|fixed|painted|sprayed|looked|said|told|took|left|"
    r"turned up)\b",  # "your man came and just painted over it"
    r"\bstage ?(?:1|one)\b|\bmy (?:earlier |previous |first |original )?complaint\b|"
    r"\bcomplaint (?:ref|reference|number|no)\b",
    r"\b(?:i|we|she|he|they|mum|dad) (?:call|rang|ring|phoned|emailed|wrote|chased|contacted|"
    r"reported)\b(?! (?:the police|police|101|999|my|his|her|our)\b)",  # "I call you last week"
    r"\bevery time (?:i|we|she|he|they) (?:ring|call|phone|ask|chase|email|contact)",
    r"\btell (?:you|housing|them|the office)\b[^.!?\n]{0,20}\bbefore\b",
    r"\b(?:still|yet) (?:not|no|nothing|waiting|hasn'?t|haven'?t)\b",  # "still no rail"
]), re.IGNORECASE)


def tells_of_earlier_report(text: str | None) -> bool:
    """Whether a complaint's account says the matter was reported or dealt with before:
    says_reported_before, or "third time", "blocked agen", "I call you two times", "your
    man came and painted over it", "still no rail", a stage 1 response. For a complaint's
    whole account only: in a first message of any kind (an emergency "again") the learned
    reading is better."""
    return says_reported_before(text) or bool(_EARLIER_REPORT.search(text or ""))


def asks_for_welsh(text: str | None) -> bool:
    """A request to use Welsh ("Ga i siarad Cymraeg?", "can we do this in Welsh")."""
    said = text or ""
    return bool(_WELSH.search(said)) and len(said.split()) <= 14


# --- "What is your name?" answered in more than a name ---
_TITLES = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Rev|Revd|Sir|Dame|Lady|Lord|Cllr|Councillor)"
_TITLE = _TITLES + r"\.?"
_UPPER = r"[A-ZÀ-ÖØ-Þ]"
_NAME_WORD = rf"(?:{_UPPER}(?:[^\W\d_]|['’\-])+|{_UPPER}\.?(?=\s+{_UPPER}[a-z]))"
_NAME_JOIN = r"(?:and|&|de|da|del|van|von|der|den|le|la|bin|binti|al|el|ap)"
_PERSON_NAME = (rf"(?:{_TITLE}\s+)?{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|{_NAME_JOIN}\b"
                rf"(?=\s+(?:{_TITLE}\s+)?{_UPPER}[^\W\d_])|{_TITLE}))*")
_PERSON_NAMED = re.compile(_PERSON_NAME)
# Capitalised words that start a sentence but name nobody.
_NOT_NAME = frozenset("""yes yeah yep no nope hi hello hiya hey dear sorry thanks thank please
ok okay oh well it its it's this that my the a an as like name names i'm im i mum mam mom
dad mother father son daughter wife husband partner nan gran grandma grandad brother sister
aunt auntie uncle niece nephew neighbour friend carer tenant resident client just only
already told said say call ring text email phone mobile number me you your her his their
our we they he she is was are am of at on in from for to here there mate love hun
morning afternoon evening good nothing written verbal verbally signed consent agreed
permission yet not none""".split())
# What may come before or after the name and is not part of it: "I did say at the start
# dear,", "my name is", "it's", "as I said", "here", "thanks".
_NAME_LEAD = re.compile(
    r"^(?:(?:yes|yeah|yep|ok|okay|oh|well|sorry|hi|hello|hiya|dear|love|so|right|um|erm)\b"
    r"[\s,.!:;-]*|(?:(?:as|like) )?i (?:did |already |have already |'ve already )?(?:said|say|"
    r"told you|gave (?:it|you it|you that)|mentioned|wrote|put)(?: (?:it|that|this|before|"
    r"already|earlier|(?:at|in) the (?:start|beginning|top|bottom)(?: of [\w\s]{0,20})?))*"
    r"(?: (?:dear|love|mate))?[\s,.!:;-]*|(?:(?:my|the|full|her|his|their) )?name(?:'s|s| is|:)"
    r"\s*|(?:it|this|that)(?:'s| is)\s+|its\s+|i'?m\s+|im\s+|i am\s+|(?:you can )?call me\s+|"
    r"just\s+)", re.IGNORECASE)
_NAME_TAIL = re.compile(
    r"(?:[\s,.!:;-]+(?:here|thanks|thank you|ta|cheers|please|dear|love|mate|thx|"
    r"(?:as|like) i (?:said|say|told you|put|wrote)(?:\s+\w+){0,8}|i (?:said|told you)(?: (?:it|"
    r"that|already|before))*))+[\s,.!]*$", re.IGNORECASE)
# Someone else named in the answer: "Mum is Joan Patel", "my dad is Ronald Pike", "her
# name's Ivy Cole", "for Mrs Okafor" (the person the writer acts for).
_OTHER_NAMED = re.compile(
    r"(?i:\b(?:(?:my|our|his|her|their|the)\s+)?(?:late\s+|elderly\s+)?(?:"
    + "|".join(sorted(_FAMILY, key=len, reverse=True)) +
    r"|client|constituent|tenant|resident|service user)(?:'s name)?(?:'s|\s+is|\s+is called|"
    r"\s+called|,)?\s+|\b(?:her|his|their) name(?:'s|\s+is)\s+|\b(?:for|on behalf of|"
    r"writing for|acting for)\s+)(" + _PERSON_NAME + ")")
_CLAUSE = re.compile(r"\s*(?:[,;!?()\[\]\n]|\.(?=\s|$)|\s[-–—]\s)\s*")
_FUNCTION_WORDS = _NOT_NAME | frozenset("""and or but so because if when then what who not do
did does have has had can could will would should get got be been at by with about just
all any some more your""".split())


_NEVER_IN_A_NAME = _FUNCTION_WORDS | frozenset("""i am is are was were my me we our his her
their a an the of in on to for from again writing wait actually hang hold hearing hard bit
sorry hello hi dear about told said already know why how flat house mould damp repair
letter letters email e-mail txt texts phone phoning ring rings ringing calls please never
nobody nothing doesn't doesnt didn't didnt won't wont can't cant there's theres
there here it's its""".split())
# ("Letter please, to my office" was filed as a name, and "never rings back"; played
# residents er-05 and eq-05, seventeenth session.)


def _could_be_a_name(name: str) -> bool:
    words = re.findall(r"[^\W_]+(?:['’\-][^\W_]+)*", name)
    return bool(words) and len(words) <= 6 and not re.search(r"\d", name) and not any(
        w.lower() in _NEVER_IN_A_NAME for w in words)


@dataclass(frozen=True)
class NameAnswer:
    """A reply to "what is your name?": the name, and anything else it gave."""

    name: str | None
    phone: str | None = None
    email: str | None = None
    postcode: str | None = None
    other_name: str | None = None  # "Mum is Joan Patel": the person they write for


def _trim_name(candidate: str) -> str | None:
    """Drop capitalised non-names from either end ("Sorry Jo Bloggs" -> "Jo Bloggs")."""
    words = candidate.split()
    while words and words[0].lower().strip(".") in _NOT_NAME:
        words = words[1:]
    while words and words[-1].lower().strip(".") in _NOT_NAME:
        words = words[:-1]
    titles = re.fullmatch(_TITLE, words[-1]) if words else None
    return " ".join(words) if words and not (titles and len(words) == 1) else None


def _strip_fillers(clause: str) -> str:
    previous = None
    while previous != clause:
        previous = clause
        clause = _NAME_LEAD.sub("", clause.strip(), count=1)
        clause = _NAME_TAIL.sub("", clause).strip(" ,.!:;-'\"")
    return clause


def read_name(text: str | None) -> NameAnswer:
    """"I did say at the start dear, Mrs Edith Barnes" -> Mrs Edith Barnes; "Nadia Hussain
    07123 456456 nadia.h@example.com" -> the name, and the phone and email kept apart;
    "Ravi Patel, her son. Mum is Joan Patel" -> Ravi Patel, with Joan Patel as the person
    written for. Titles are kept; what follows the name and is not a name is dropped."""
    raw = (text or "").strip()
    phone, email, postcode = find_phone(raw), find_email(raw), find_postcode(raw)
    rest = _EMAIL.sub(" , ", raw)
    rest = _PHONE.sub(" , ", rest)
    rest = _POSTCODE.sub(" , ", rest)
    address = find_address(rest)
    if address:
        rest = rest.replace(address, " , ")
    other = None
    found = _OTHER_NAMED.search(rest)
    if found and (re.match(r"\s*(?:MP|MS|MSP|MLA|MEP)\b", rest[found.end(1):])
                  or re.search(r"\s(?:MP|MS|MSP|MLA|MEP)$", found.group(1))):
        # "Hannah Levy, senior caseworker for Rachel Penrose MP" (played resident tn-07,
        # twentieth session: read back as acting for the MP): whose office, not the resident.
        found = None
    if found:
        other = _trim_name(found.group(1))
        if other and len(other.split()) >= 2:
            rest = rest[:found.start()] + " , " + rest[found.end():]
        else:
            other = None
    rest = re.sub(r"\b(" + _TITLES + r")\.", r"\1", rest)  # "Dr. Khan": no sentence end
    # Emoji and other symbols part clauses: "Jade 😊 Jade Pemberton".
    rest = re.sub(r"[^\w\s'’\-.,;!?()\[\]]", " , ", rest)
    clauses = [_strip_fillers(c) for c in _CLAUSE.split(rest)]
    clauses = [c for c in clauses if c]
    name = None
    for clause in clauses:
        match = _PERSON_NAMED.match(clause)  # at the start of a clause: "Grace Okafor you can ring"
        found_here = _trim_name(match.group(0)) if match else None
        if found_here and not _could_be_a_name(found_here):
            found_here = None  # "There's no water…": a capital, not a name
        words = clause.split()
        if found_here is None and 0 < len(words) <= 4 and all(  # in lower case: "ronald pike"
                re.fullmatch(r"(?:[^\W\d_]|['’\-])+", w) for w in words) \
                and not any(w.lower() in _FUNCTION_WORDS for w in words):
            found_here = clause
        if found_here and (name is None or (
                len(found_here.split()) > len(name.split())
                and (found_here.split()[0].lower() == name.split()[0].lower()
                     # "Jo. Joanne Whitfield" (played resident ev-04 was filed as "Jo")
                     or (len(name.split()) == 1 and found_here.split()[0].lower().startswith(
                         name.lower()))))):
            # The fuller form of the same name told again: "Jade, Jade Pemberton".
            name = found_here
    if name is None:
        # "There's no water near anything electric! My name is Ingrid Achterberg" (played
        # resident ev-05 was filed as "There's")
        name = introduced_name(rest)
    if name is None:  # one inside a clause: "I said Ronald Pike"
        for clause in clauses:
            for match in _PERSON_NAMED.finditer(clause):
                candidate = _trim_name(match.group(0))
                if candidate and (len(candidate.split()) >= 2 or re.match(_TITLE, candidate)):
                    name = candidate
                    break
            if name:
                break
    if name is None and clauses and not (phone or email or other):
        name = clauses[0]  # whatever they call themselves, rather than nothing
    if name and not _could_be_a_name(name):
        # "78 and a bit hard of hearing", "actually wait", "WRITING AGAIN ABOUT THE BLACK
        # MOULD": not a name, so it is asked for again rather than filed as one.
        name = None
    return NameAnswer(name=name, phone=phone, email=email, postcode=postcode,
                      other_name=other)


# "My name is Mrs Edith Barnes, I am 84", "This is Tom Reilly from 4 Ash Court": the
# writer introduces themselves in their opening. Two words or a title: "I'm Gary" is
# not a full name, "I'm Worried" is not a name at all.
_INTRODUCES = re.compile(
    r"(?i:\b(?:my name(?:'s| is)|my full name is|this is|i am|i'm|im|it's|its)\s+)"
    r"(" + _PERSON_NAME + ")")


_SURNAME_TOLD = re.compile(r"\bmy (?:sur ?name|last name|second name|family name)(?:'s| is|:)?\s+"
                          r"([A-Za-z][\w'-]+(?:-[A-Za-z][\w'-]+)?)", re.IGNORECASE)


def surname_told(text: str | None) -> str | None:
    """The surname said in passing ("actually my surname is Whitaker"), capitalised."""
    found = _SURNAME_TOLD.search(text or "")
    if not found or found.group(1).lower() in _FUNCTION_WORDS | _NOT_NAMES:
        return None
    word = found.group(1)
    return word if any(c.isupper() for c in word) else word.title()


def introduced_name(text: str | None) -> str | None:
    """The writer's own name, when their message introduces them by it."""
    for found in _INTRODUCES.finditer(text or ""):
        if re.match(r"(?i:the|a|an|my|our|your|his|her|their|this|that|not|so|about|because|"
                    r"why|what|how|regarding|re|just|also|still|now|here|writing|messaging)\b",
                    found.group(1)):
            continue  # "THIS IS THE THIRD TIME…" (played resident gg-02: "THIRD TIME" filed)
        name = _trim_name(found.group(1))
        if not name or re.match(r"['’]s?\b|['’](?=\s)", (text or "")[found.end():]) or \
                re.search(r"['’]s?$", name):
            # "I am Ms Treloar's support worker": someone else's name (retired v21: filed
            # as the writer's).
            continue
        words = name.split()
        # In capitals nothing marks where the name ends: "I AM MARGARET OBI AND THE LIFT…" is
        # Margaret Obi, "I AM WRITING BECAUSE THE LIFT…" no name at all (played residents,
        # sixteenth session: filed as the resident's name).
        leading = list(itertools.takewhile(
            lambda w: w.lower().strip(",.") not in _FUNCTION_WORDS | _NOT_NAMES
            or re.match(_TITLE, w), words))
        if len(leading) < len(words):
            words = leading[:4]
            name = " ".join(words)
            if not words:
                continue
        if (len(words) >= 2 or re.match(_TITLE, name)) and not re.fullmatch(
                _STREET, words[-1]) and not (len(words) == 2 and re.fullmatch(_TITLE, words[0])
                                             and words[1].lower() in _NOT_NAME):
            return name
    return None


# "I've no phone or email", "haven't got either", "none": no way to reach them but a letter.
_HAS_NONE = re.compile(
    r"^(?:none|neither)\b[\s.!]*$|\b(?:don'?t|do not|haven'?t|have not|never|"
    r"can'?t|cannot|not)\s+(?:have|got|use|own|do)\s+(?:got\s+)?(?:either|one|any|both|none)\b|"
    r"\b(?:no|not got|don'?t have|do not have|haven'?t got|have no)\s+(?:a\s+|an\s+|any\s+|the\s+)?"
    r"(?:phone|mobile|number)\b.{0,30}\b(?:or|nor|and)\s+(?:no\s+|an?\s+|any\s+)?e-?mail|"
    r"\b(?:no|not got|don'?t have|do not have|haven'?t got|have no)\s+(?:an?\s+|any\s+|the\s+)?"
    r"e-?mail\b.{0,30}\b(?:or|nor|and)\s+(?:no\s+|an?\s+|any\s+)?(?:phone|mobile|number)",
    re.IGNORECASE)
_NO_EMAIL = re.compile(r"\b(?:no|not got|don'?t have|do not have|haven'?t got|have no|don'?t "
                       r"do|don'?t use)\s+(?:an?\s+|any\s+|the\s+)?e-?mail", re.IGNORECASE)


def has_no_phone_or_email(text: str | None) -> bool:
    """'I haven't got a phone or email', "I don't have either": only a letter reaches them."""
    return bool(_HAS_NONE.search((text or "").strip()))


def has_no_email(text: str | None) -> bool:
    """"I don't have the email", "no email": a number or a letter, then."""
    return bool(_NO_EMAIL.search(text or ""))


# A compliment that also asks for something ("Thanks for the new fence. One of the posts
# is wobbly tho, cud sum1 check?"): the sentences that ask, so the thanks is recorded and
# the request is offered as a repair rather than lost.
_ASKS_FOR_ACTION = re.compile(
    r"\b(?:could|can|cud|would|will)\s+(?:some(?:one|body)|sum1|some1|you|u|they|that|it|"
    r"this|those|these|the \w+)\b|\bplease\b|\bpls\b|\bplz\b|\bbook (?:that|it|them)?\s*in\b|"
    r"\bon the list\b|\bneeds? (?:fixing|looking at|checking|replacing|doing|sorting)\b|"
    r"\bmaybe (?:can|could) (?:fix|sort|look)|\bcome back\b|\bcheck (?:it|that|them)\b",
    re.IGNORECASE)
# Asking to pass the thanks on is part of the compliment, not a request for work.
_PASS_THANKS_ON = re.compile(
    r"\b(?:pass|passed)\b.{0,40}\bon\b|\blet\b.{0,40}\bknow\b|\bplease (?:thank|tell|pass)\b|"
    r"\bthank (?:him|her|them)\b|\bcompliments? to\b|\bnominate\b", re.IGNORECASE)


def request_in_praise(text: str | None) -> str | None:
    """The sentences of a compliment that ask for something to be done, or None."""
    asking = [s for s in sentences(text or "")
              if _ASKS_FOR_ACTION.search(s) and not _PASS_THANKS_ON.search(s)]
    if not asking:
        return None
    said = sentences(text or "")
    # The sentence before an ask usually says what is wrong ("One snag: the shower seat is
    # fitted a bit high for me - can it be lowered?" is one; "The kitchen one doesn't lock
    # properly though, could they come back?" too): keep it when it is not the praise.
    first = said.index(asking[0])
    start = first - 1 if first >= 1 and not _PRAISE_SENTENCE.search(said[first - 1]) else first
    return " ".join(said[start:said.index(asking[-1]) + 1])


_PRAISE_SENTENCE = re.compile(
    r"\bthank|\bthanks\b|\bty\b|\bcheers\b|grateful|pleased|happy with|lovely|fantastic|"
    r"amazing|brilliant|great|top marks|well done|kind|polite|superb|excellent", re.IGNORECASE)


# A detail put right at the read-back: "Actually it was the 20th not the 2nd.", "Three
# tickets, not two.", "Save that the estimate was £8,900, not £9,800." The point that holds
# the old detail is changed, rather than the correction filed as a point of its own.
_DETAIL_FIX = re.compile(
    r"^(?:(?:yes|yeah|no|nope|actually|sorry|oh|just|one thing|save that|except|but)\b[\s,.:;-]*)*"
    r"(?:it was |it'?s |it is |that was |that should be |should be )?"
    # "IT WAS £421.50 NOT £412.50" (played residents, fourteenth session): a decimal point
    r"(?P<new>(?:[^.!?]|(?<=\d)\.(?=\d)){1,60}?),?\s+"
    r"(?:and )?not (?!just\b|only\b|even\b|me\b)(?:the |a )?['\"‘’]?(?P<old>(?:[^,.!?'\"‘’]|(?<=\d)[,.](?=\d)){1,30})['\"‘’]?"
    # "We are 6 person now not 5, my wife have baby in October": the reason, kept with it
    r"(?:[,;]\s+(?P<why>[^.!?]{3,120}))?\s*[.!]?$",
    re.IGNORECASE)
# "the allowance is £1,850, you've put £1,580" and "you said £621, it's £612" (retired v14).
_YOU_PUT = re.compile(
    r"^(?:(?:yes|yeah|but|and)\b[\s,.:;–—-]*)*(?:it'?s |it is |it was |that'?s |the \w+ (?:is|was) )?"
    r"(?P<new>[^.!?]{1,60}?),?\s+(?:but )?you(?:'ve| have)? (?:put|said|written|wrote|typed|got)"
    r"(?: down| it as)? (?P<old>(?:[^,.!?]|(?<=\d)[,.](?=\d)){1,30}?)\s*[.!]?$", re.IGNORECASE)
_YOU_SAID = re.compile(
    r"^(?:(?:yes|yeah|but|and)\b[\s,.:;–—-]*)*you(?:'ve| have)? (?:put|said|written|wrote|typed|got)"
    r"(?: down| it as)? (?P<old>(?:[^,.!?]|(?<=\d)[,.](?=\d)){1,30}?),?\s+(?:but )?(?:it'?s|it is|it was|it should be|"
    r"should be|that should be) (?P<new>[^.!?]{1,60}?)\s*[.!]?$", re.IGNORECASE)
_SPOKEN = {**{f"{n}{suffix}": word for n, suffix, word in (
    (1, "st", "first"), (2, "nd", "second"), (3, "rd", "third"), (4, "th", "fourth"),
    (5, "th", "fifth"), (6, "th", "sixth"), (7, "th", "seventh"), (8, "th", "eighth"),
    (9, "th", "ninth"), (10, "th", "tenth"))},
    **{str(n): word for n, word in enumerate("zero one two three four five six seven eight "
                                             "nine ten".split())}}
_NUMBERISH = re.compile(
    r"£?\d[\d,.]*(?:st|nd|rd|th|am|pm|p)?\b|\b(?:one|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"several|few|many)\b", re.IGNORECASE)


_FIX_UNITS = frozenset("""minute hour day night week month year time visit call floor""".split())


def detail_fix(points: list[str] | None, text: str | None) -> list[str] | None:
    """The points with one detail changed as the reply says, or None when the reply is not
    such a fix or the detail is in no point. A reason told with the fix ("…not 5, my wife
    have baby in October") is kept at the end of the point it changed."""
    changed = _detail_fixed(points, text)
    match = _DETAIL_FIX.match(_fix_said(text))
    why = match.group("why") if match else None
    if changed is None or not why or points is None:
        return changed
    return [f"{new.rstrip(' .')} ({why.strip()})" if new != old else new
            for new, old in zip(changed, points, strict=True)]


def matter_besides_fix(points: list[str] | None, text: str | None) -> str | None:
    """A further matter told in the same reply as a detail put right at the read-back
    ("Six weeks, not five. Oh and the lift has been broken since Monday.": played resident
    tv-10, twenty-second session, lost the lift); None when the reply is only the fix."""
    parts = sentences(text or "")
    if len(parts) < 2:
        return None
    rest = [part for part in parts if detail_fix(points, part) is None]
    if len(rest) == len(parts):
        return None  # no sentence of it is the fix on its own
    added = further_matter(" ".join(rest).strip())
    if not added or len(content_words(added)) < 3 or asks_to_correct(added) or \
            refers_to_message(added):
        return None
    added = re.sub(r"^(?:oh[\s,]+)?(?:and(?: also)?|also|plus|as well)\b[\s,]*", "", added,
                   flags=re.IGNORECASE) or added
    return added[:1].upper() + added[1:]


def _fix_said(text: str | None) -> str:
    """The reply without what goes around a fix ("sorry", "nearly:", "one correction -")."""
    said = re.sub(r"\bno\.\s*(?=\d)", "no ", (text or "").strip(), flags=re.IGNORECASE)
    # "the engineer was booked wed not tues sorry": the apology is not the detail.
    said = re.sub(r"[\s,.!-]*\b(?:sorry|thanks|thank you|ta|my mistake|my bad|apologies)"
                  r"[\s.!]*$", "", said, flags=re.IGNORECASE)
    # "..., sorry im all over the place": an apology and how they feel, not a reason
    # (Not a "Sorry" that opens the fix: "Sorry my son is 7, not 6.")
    said = re.sub(r"(?<=\S)[\s,.!-]*\b(?:sorry|my mistake|my bad|apologies)\b[^.!?]{0,40}[.!]*$",
                  "", said, flags=re.IGNORECASE)
    said = _OTHERWISE_YES.sub("", said).strip()
    # "Thank you. One correction: on reflection the lift failed on the 2nd…" (played
    # resident eq-04 was asked which part to change)
    said = re.sub(r"^\W*(?:thank you|thanks|ta)\b[\s,.!]*", "", said, flags=re.IGNORECASE)
    said = re.sub(r"(?<=[:\-–—]) *on reflection,? *|^on reflection,? *", " ", said,
                  flags=re.IGNORECASE).strip()
    # "yes thats it except its the back bedroom not the front" (retired v24: asked which
    # part to change, and the fix lost)
    said = re.sub(r"^\W*(?:(?:yes|yeah|yep|yh)\W+)?(?:that'?s|thats|that is|it'?s|its) (?:it|"
                  r"right|all right|correct|fine)\W+(?:except|but|apart from|only)\b\W*", "", said,
                  flags=re.IGNORECASE)
    return re.sub(r"^\W*(?:(?:nearly|almost|not quite|(?:just )?one (?:thing|correction|small "
                  r"thing)|(?:a )?small correction|one mistake)\b[\s,.:;!–—-]*)+", "", said,
                  flags=re.IGNORECASE)


_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
              "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun")


def _same_kind(a: str, b: str) -> bool:
    """Two months, or two days of the week: one put right by the other."""
    return (a in _MONTHS and b in _MONTHS) or (a in _DAY_NAMES and b in _DAY_NAMES)


def _detail_fixed(points: list[str] | None, text: str | None) -> list[str] | None:
    """The fix as the whole reply, else in one of its sentences: "Sorry my son is 7, not 6.
    He had his birthday last month.", "…last year's charge was £168, not £186. My error."
    (played residents, eighteenth session: both added as points, the wrong figure kept)."""
    changed = _detail_fixed_in(points, _fix_said(text))
    if changed is not None:
        return changed
    parts = sentences(_fix_said(text))
    # "…its the back bedroom not the front sorry i always get them mixed up its the one
    # over the kitchen": what comes before the apology
    parts += [p for p in re.split(r"[\s,.!-]+\b(?:sorry|my mistake|my bad)\b", _fix_said(text),
                                  flags=re.IGNORECASE)[:1] if p not in parts]
    if len(parts) > 1:
        for part in parts:
            changed = _detail_fixed_in(points, _fix_said(part))
            if changed is not None:
                return changed
    return None


def _detail_fixed_in(points: list[str] | None, said: str) -> list[str] | None:
    changed = _one_detail_fixed(points, said)
    match = _DETAIL_FIX.match(said) or _YOU_PUT.match(said) or _YOU_SAID.match(said)
    if changed is None or points is None or match is None:
        return changed
    old, new = match.group("old").lower(), match.group("new").lower()
    old_month = next((w for w in re.findall(r"[a-z]+", old) if w in _MONTHS), None)
    new_month = next((w for w in re.findall(r"[a-z]+", new) if w in _MONTHS), None)
    if _NUMBERISH.search(old) and old_month and new_month and old_month != new_month:
        # "its actually 5 times since february, not 4 since march": the month too, in the
        # point whose number changed (played resident tj-05, twentieth session, typed it
        # twice more).
        month = re.compile(rf"(?<!\w){old_month}(?!\w)", re.IGNORECASE)
        changed = [month.sub(new_month, now, count=1) if now != before else now
                   for now, before in zip(changed, points, strict=True)]
    return changed


def _one_detail_fixed(points: list[str] | None, said: str) -> list[str] | None:
    match = _DETAIL_FIX.match(said) or _YOU_PUT.match(said) or _YOU_SAID.match(said)
    if not match or not points:
        return None
    new, old = match.group("new").strip(), match.group("old").strip()
    if len(old.split()) > 1 and not _NUMBERISH.search(old):
        return None  # "not A to B", "not the living room": kept as said, not guessed at
    whole = re.compile(r"(?<!\w)" + re.escape(old) + r"(?!\w)", re.IGNORECASE)
    if len(old.split()) > 1 and any(whole.search(point) for point in points):
        # "monday 23rd not tuesday 24th": the whole of what was wrong, as it stands in a
        # point, becomes as many last words of the fix (played residents, thirteenth
        # session: "tuesday 23rd").
        replacement = " ".join(new.split()[-len(old.split()):])
        return [whole.sub(replacement, point, count=1) if whole.search(point) else point
                for point in points]
    numbers_old = _NUMBERISH.findall(old)
    numbers_new = _NUMBERISH.findall(new)
    first_old, last_new = old.split()[0].lower(), new.split()[-1].lower()
    kin = [w for w in new.lower().split() if _same_kind(first_old, w.strip(",.;:!?"))]
    if not _same_kind(first_old, last_new) and kin:
        # "it was Wednesday Tina came, not Tuesday" (played resident tp-05: "on Came"): the
        # day for the day, wherever it stands in what they said.
        new = kin[-1].strip(",.;:!?")
        last_new = new
    if _same_kind(first_old, last_new):
        # "it was may not april the first time": a month for a month, the rest is context
        # (retired v17: "the 3rd time" had become "the 3rd may").
        old_word, new_word = old.split()[0], new.split()[-1]
        numbers_old = numbers_new = []
        old = old_word
    elif numbers_old and numbers_new:
        old_word, new_word = numbers_old[-1], numbers_new[-1]
    elif numbers_old:
        return None  # a number put right by a word: not placed, not guessed at
    else:
        old_word, new_word = old.split()[-1], new.split()[-1]
        if len(new.split()) >= 2 and any(re.search(
                rf"(?<!\w){re.escape(old_word)} {re.escape(new_word)}(?!\w)", point, re.IGNORECASE)
                for point in points):
            # "its the back bedroom not the front" where a point says "front bedroom": the
            # word before the one they share ("bedroom bedroom" before)
            new_word = new.split()[-2]
    if old_word.lower() == new_word.lower():
        return None
    if numbers_old and not any(re.search(r"(?<![\w£])" + re.escape(old_word) + r"(?!\w)", point,
                                         re.IGNORECASE) for point in points):
        # "its actually the 6th time not the 5th" where the point says "fifth": the same
        # number in words (a played resident's fix was filed as a point of its own).
        spoken = _SPOKEN.get(old_word.lower())
        if spoken and any(re.search(rf"\b{spoken}\b", point, re.IGNORECASE) for point in points):
            old_word, new_word = spoken, _SPOKEN.get(new_word.lower(), new_word)
    unit = re.match(r"\s*([a-z]+)", new[new.lower().rfind(new_word.lower()) + len(new_word):],
                    re.IGNORECASE) if numbers_old and numbers_new else None
    unit_word = unit.group(1).lower().rstrip("s") if unit and unit.group(1).lower().rstrip(
        "s") in _FIX_UNITS else None
    if unit_word:
        # "its 4 days not 3": the 3 of "3 days", never the 3 of "3 weeks old". Already
        # right in the read-back ("4 days"): nothing to change.
        pattern = re.compile(r"(?<![\w£])" + re.escape(old_word) + rf"\s*{unit_word}s?\b",
                             re.IGNORECASE)
        if not any(pattern.search(point) for point in points):
            have = re.compile(r"(?<![\w£])" + re.escape(new_word) + rf"\s*{unit_word}s?\b",
                              re.IGNORECASE)
            return list(points) if any(have.search(point) for point in points) else None
        for index, point in enumerate(points):
            found = pattern.search(point)
            if found:
                changed = list(points)
                changed[index] = (point[:found.start()] + new_word
                                  + point[found.start() + len(old_word):])
                return changed
    if not numbers_old and not any(re.search(r"(?<!\w)" + re.escape(old) + r"(?!\w)", point,
                                             re.IGNORECASE) for point in points):
        # Only a detail that is there, in their words: "put that its the whole terrace not
        # just me everyones fed up" had changed an "up" in a point to "terrace" (retired v14).
        return None
    if numbers_old and not any(re.search(r"(?<![\w£])" + re.escape(old_word) + r"(?!\w)", point,
                                         re.IGNORECASE) for point in points):
        # "IT WAS 16 OCTOBER NOT THE 14TH" where the point says "14 OCT" (played resident
        # et-02: read back unchanged)
        bare = re.sub(r"(?<=\d)(?:st|nd|rd|th)$", "", old_word, flags=re.IGNORECASE)
        if bare != old_word:
            old_word = bare
            new_word = re.sub(r"(?<=\d)(?:st|nd|rd|th)$", "", new_word, flags=re.IGNORECASE)
    pattern = re.compile(r"(?<![\w£])" + re.escape(old_word) + r"(?![\w,]\d|\w)", re.IGNORECASE)
    found_in = [(index, found) for index, point in enumerate(points)
                for found in pattern.finditer(point)]
    if not found_in:
        return None
    # Where the detail stands more than once, the one among the words the fix names ("the
    # guy came in october not sept" where a point says "rang aug, sept n last wk" and
    # another "1 guy came in sept": played resident tj-01, twentieth session, had the wrong
    # one changed).
    told = set(content_words(re.sub(re.escape(new_word), " ", new, flags=re.IGNORECASE)))
    index, found = max(found_in, key=lambda item: len(told & set(content_words(
        points[item[0]][max(0, item[1].start() - 40):item[1].end() + 40]))))
    point = points[index]
    word = new_word.lower() if found.group(0).islower() else (
        new_word[:1].upper() + new_word[1:] if found.group(0)[:1].isupper() else new_word)
    changed = list(points)
    changed[index] = point[:found.start()] + word + point[found.end():]
    return changed


# Questions residents put to us part-way ("is someone coming tonight?", "will he hear
# about it?", "am I going to lose my home??"): answered, then the question we asked is asked
# again. Only these, each with a test; any other question is left to what was asked.
_OUR_QUESTIONS = (
    ("next", r"\bwhat happens (?:next|now|after (?:this|that))\b|\bwhat (?:will|do) you do "
             r"(?:next|now|with (?:this|it))\b|\bwhen (?:will|do|would) i (?:hear|get an? "
             r"(?:answer|reply|response))\b|\bhow long (?:will|does|do) (?:it|this|a complaint|"
             r"you) take\b"),
    # "how long till someone comes", "can u send someone today" (played residents taa-02,
    # tx-01, twenty-second session: unanswered, or asked her name)
    ("visit", r"\bhow long (?:till|until|before|til) (?:some(?:one|body)|some1|an? \w+|they|you|u) "
              r"(?:comes?|gets? (?:here|there)|arrives?|turns? up)\b|"
              r"\b(?:can|could|will) (?:you|u|ya) (?:please |pls )?send (?:some(?:one|body)|some1|sum1|"
              r"an? (?:engineer|plumber|electrician|joiner|locksmith|man|bloke))\b|"
              r"\b(?:is|will|when will|when is|can|could) (?:some(?:one|body)|some1|sum1|summat|"
              r"any(?:one|body)|any1|"
              r"an? (?:engineer|plumber|electrician|joiner|locksmith)|u|you) (?:be )?(?:com(?:e|ing)|"
              r"out|round|here|there)\b|\bdo (?:you|u) need me (?:in|home|there|to be in)\b|\bdo i "
              r"(?:need|have) to (?:be|stay) (?:in|home)\b"),
    ("repair_carries_on", r"\b(?:would|will|does|do) (?:that|this|it|complaining|a complaint|"
                          r"making a complaint) (?:actually |really |even )?(?:mean|make|get|slow|"
                          r"delay|stop|affect)\b.{0,40}"
                          r"\b(?:sooner|quicker|faster|difference|repair|fix\w*|mended|done)\b"),
    ("their_staff", r"\bwill (?:he|she|they|the \w+|someone) (?:get|be) (?:in(?:to)? trouble|told "
                    r"off|sacked|disciplined)\b|\bwill (?:he|she|they|the \w+) (?:actually )?"
                    r"(?:hear|be told|know) about (?:it|this)\b"),
    ("tenancy", r"\b(?:complaining|a complaint|this) (?:will|would|could|might) (?:cause|make) "
                r"(?:problems|trouble|issues|difficulties) (?:with|for) (?:my|her|his|their|our|the) "
                r"(?:tenancy|home|housing|rent)\b|"
                r"\b(?:am|will) i (?:going to |gonna )?(?:lose|losing) (?:my|the) (?:home|flat|house|"
                r"tenancy)\b|\b(?:be|get) evicted\b|\b(?:will|does|would|could|can) (?:this|it|"
                r"complaining(?: about (?:him|her|them|it|this|the \w+))?|(?:making |putting in )?a "
                r"complaint) (?:affect|harm|hurt|count against) (?:my|our|me|us|her|his|their|him|"
                # "Would it affect her tenancy?" (played resident es-07, a support worker, was
                # taken as choosing to complain)
                r"them)\b(?: (?:tenancy|"
                r"home|rent|chances?|housing|exchange|transfer|application))?|"
                # "is this going on my record", "I don't want her seen as a troublemaker"
                # (played residents tx-02, tx-03, tx-08: unanswered, or taken as a no)
                r"\b(?:go|going|be|put|kept|held) (?:on|against) (?:my|her|his|their|our) "
                r"(?:record|file)\b|\bseen as (?:a )?trouble ?makers?\b|\bblack ?list(?:ed)?\b"),
    # "will the neighbour be told that I have complained?" (played resident tx-09: unanswered)
    ("confidential", r"\b(?:will|would|does|do|is) (?:the |my |our |her |his )?(?:neighbou?rs?|"
                     r"landlord|housing officer|officer|(?:he|she|they)) (?:be told|know|find out|hear|"
                     r"get told|see)\b[^?]{0,40}\b(?:i|we|"
                     r"it was me|it'?s me|who|complain\w*|report\w*)\b|\b(?:will|would) (?:you|u) tell (?:the |my |"
                     r"our )?neighbou?rs?\b"),
    # "Complain to who, you or the DWP? It's them that cut it isn't it" (retired v21: taken as
    # choosing to complain to us about a benefit decision)
    # "who will read this?", "will I get compensation?" (played residents, twenty-first
    # session: the question was met with the last prompt again)
    # "will this go to the same person who closed it" (played resident taa-09)
    ("who_reads", r"\b(?:will|would|does) (?:this|it|my complaint) (?:go|be sent|get sent) (?:back )?to "
                  r"(?:the same|that same|the) (?:person|officer|team|manager)\b|"
                  r"\bwho (?:will |would |is going to |gets to )?(?:actually |really )?(?:read|see|look at|deal with) "
                  r"(?:this|it|my complaint|what i(?:'ve| have)? (?:said|written|wrote))\b|"
                  r"\b(?:will|does|do) (?:a |an )?(?:real |actual )?(?:person|human|anyone|anybody|"
                  r"someone) (?:actually )?(?:read|see|look at) (?:this|it)\b"),
    # "will that get my carpet paid for" (played resident taa-05)
    ("compensation", r"\b(?:will|would|does) (?:that|this|it|complaining|a complaint) (?:get|mean) "
                     r"(?:my|our|her|his|the) [\w ]{1,20}? (?:paid for|replaced|refunded|covered)\b|"
                     r"\b(?:will|would|do|can|could|shall) (?:i|we|she|he|they) (?:get|be given|"
                     r"receive|claim|be paid|be offered) (?:any |some )?(?:compensation|money back|"
                     r"a refund|refund)\b|\bam i (?:entitled|owed|due) (?:to )?(?:any |some )?"
                     r"(?:compensation|money)\b"),
    ("who_to", r"\bcomplain(?:t)? (?:to )?(?:who|whom)\b|\bwho (?:do|would|should|can) i "
               r"complain to\b|\bcomplain\w* (?:to )?(?:you|yous|u) or (?:to )?(?:the )?"
               r"(?:dwp|council|jobcentre|job centre|universal credit|uc|police|hmrc)\b"),
)
_OUR_QUESTIONS_RX = [(key, re.compile(rx, re.IGNORECASE)) for key, rx in _OUR_QUESTIONS]


_REFUSES_A_WAY = re.compile(r"\b(?:do not|don'?t|dont|never|please no|no|not by|rather not) "
                           r"(?:ring|call|phone|text|write|email|e-mail|letters?|calls|phone "
                           r"calls)\b", re.IGNORECASE)


_WAYS = {"ring": "phone", "call": "phone", "calls": "phone", "phone": "phone",
         "phone calls": "phone", "text": "text", "write": "letter", "letter": "letter",
         "letters": "letter", "email": "email", "e-mail": "email"}


def refusal_for_someone_else(text: str | None) -> bool:
    """Whether the way refused is refused for someone else: "dont phone him", "please don't
    ring Mr Blake", "no calls to grandad"."""
    match = _REFUSES_A_WAY.search(text or "")
    return bool(match) and bool(re.match(
        r"\s*(?:to |for )?(?:him|her|them|mum|mam|dad|nan|gran|grandad|grandma|(?:my|our) \w+|"
        r"(?:mr|mrs|ms|miss|dr)\.? [A-Z]\w+|the (?:resident|tenant))\b",
        (text or "")[match.end():], re.IGNORECASE))


def refuses_a_way(text: str | None) -> str | None:
    """The way of being contacted they refuse ("please do not ring" → "phone", "no
    letters" → "letter"), or None."""
    match = _REFUSES_A_WAY.search(text or "")
    return _WAYS.get(match.group(0).lower().split(" ", 1)[-1].split()[-1]) if match else None


# "has the repair been logged or just the complaint?" (played resident gi-07: a second
# complaint was started). Asked only once something is filed: the answer is what was filed
# (actions/routing.py), so it is not one of the questions answered part-way above.
_WHAT_LOGGED = re.compile(
    r"\b(?:has|have|is|was|did) (?:the |my |his |her |a )?(?:repair|job|request)(?: been| got| "
    r"also| even| actually)* (?:logged|booked|raised|reported|put (?:in|on)|sent)\b|"
    r"\bjust the complaint\b|\bonly (?:logged )?the complaint\b", re.IGNORECASE)


def asks_what_was_logged(text: str | None) -> bool:
    """Whether a short message asks whether the repair was logged as well."""
    said = (text or "").strip()
    return len(said.split()) <= 25 and bool(_WHAT_LOGGED.search(said))


def question_to_us(text: str | None) -> str | None:
    """Which of the questions we answer part-way a reply asks, when the reply is only that
    question (a short message with a question mark, or starting with the question); None
    otherwise, so an account that happens to hold a question is never taken for one."""
    said = (text or "").strip()
    if not said or len(said.split()) > 25 or ("?" not in said and len(said.split()) > 10):
        return None
    # The question is what they said first ("phone. will someone come tonight?" answers
    # our question, then asks its own: the answer is read as before).
    parts = sentences(said) or [said]
    first = _which_question(parts[0])
    if first or len(parts) < 2 or not parts[-1].rstrip().endswith("?") or \
            not all(_BEFORE_A_QUESTION.fullmatch(part.strip()) for part in parts[:-1]):
        return first  # "phone. will someone come tonight?": an answer, then their question
    # "YOU DIDNT ANSWER ME. WILL COMPLAINING AFFECT MY RENT OR MY TENANCY?" (played resident
    # ty-03, twenty-second session: "anything else?" again): a few words before the question.
    return _which_question(parts[-1])


_BEFORE_A_QUESTION = re.compile(
    r"(?:(?:you|u) )?(?:didn'?t|did not|haven'?t|have not|never|still haven'?t) answer(?:ed)?(?: "
    r"(?:me|my question|that|the question))?[.!]*|(?:sorry|hello|hi|excuse me|one (?:more )?"
    r"question|quick question|just wondering|can i ask(?: something)?|i asked you)[.!,:]*",
    re.IGNORECASE)


def _which_question(sentence: str) -> str | None:
    return next((key for key, pattern in _OUR_QUESTIONS_RX if pattern.search(sentence)), None)


def trailing_question(text: str | None) -> tuple[str, str] | None:
    """An answer with a question to us after it ("the boiler. no heating no hot water. but
    will complaining affect her tenancy??", "No, just me. How long will it take for someone
    to come out?"): (which question, the answer without it), or None."""
    said = (text or "").strip()
    parts = sentences(said)
    if len(parts) < 2 or not parts[-1].rstrip().endswith("?"):
        return None
    last = re.sub(r"^(?:but|and|so|also|oh)\b[\s,]*", "", parts[-1].strip(), flags=re.IGNORECASE)
    key = _which_question(last)
    if key is None:
        return None
    rest = " ".join(part.strip() for part in parts[:-1]).strip()
    return (key, rest) if rest else None


# --- Who a letter is from and for (retired v15: an advocate's letter gave her name, role,
# client, his consent and her email, and was asked for all five again) ---

@dataclass(frozen=True)
class LetterWho:
    """What a pasted letter or long message says about who is writing for whom."""
    writer: str | None = None        # the signed name
    role: str | None = None          # the line under it: "Support Worker, Brightside Housing"
    resident: str | None = None      # "on behalf of my client, Mr Alan Price"
    consent: bool = False            # "who has given his written consent for me to act"
    email: str | None = None         # the writer's, from the signature block
    phone: str | None = None


_ON_BEHALF_OF_NAMED = re.compile(
    r"\b(?i:on behalf of|writing for|acting for|representing|supporting|i support|we support)\s+"
    r"(?:(?i:my|our) (?i:client|constituent|tenant|service user|mum|mother|dad|father|son|"
    r"daughter|neighbour|friend|brother|sister|nan|gran|grandmother|grandfather),?\s+)?"
    r"((?:(?i:mr|mrs|ms|miss|mx|dr)\.?\s+)?[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+){1,2})")
_GIVEN_CONSENT = re.compile(
    r"\b(?:has|have) (?:given|signed)\b[^.!?]{0,40}\b(?:consent|permission|authority)\b|"
    r"\b(?:with|under) (?:his|her|their) (?:written |signed |full )?(?:consent|permission|"
    r"authority)\b|\bconsent (?:form )?(?:is )?(?:attached|enclosed|signed)\b", re.IGNORECASE)


_THEIR_WORKER = re.compile(
    r"\b(?i:i am|i'?m)\s+((?:(?i:mr|mrs|ms|miss|mx|dr)\.?\s+)?[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?)"
    r"['’]s\s+(?i:support worker|key ?worker|social worker|carer|care worker|advocate|"
    r"caseworker|case worker|occupational therapist|nurse|solicitor|adviser|advisor)\b")
_REGARDING = re.compile(r"^\s*(?i:re|regarding|subject)\s*:\s*((?:(?i:mr|mrs|ms|miss|mx|dr)\.?\s+)?"
                        r"[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+){1,2})", re.MULTILINE)


def letter_who(text: str | None) -> LetterWho | None:
    """Who a letter is from and for, when it says so plainly: someone writing on behalf of a
    named resident and signing with their own name. None for anything less sure."""
    said = text or ""
    named = _ON_BEHALF_OF_NAMED.search(said)
    resident = named.group(1) if named else None
    if resident is None and (acting := writes_for_someone(said)) and acting.resident_name:
        # "I hold a registered Lasting Power of Attorney for my father, Albert Kowalski"
        resident = acting.resident_name
    if resident is None and (theirs := _THEIR_WORKER.search(said)):
        # "Re: Ms Leanne Treloar, 3 Gull Cottages… I am Ms Treloar's support worker"
        # (retired v21): the fuller name from the Re: line when it is the same person.
        resident = theirs.group(1)
        regarding = _REGARDING.search(said)
        if regarding and resident.split()[-1] in regarding.group(1).split():
            resident = regarding.group(1)
    lines = [line.strip() for line in said.splitlines() if line.strip()]
    sign_off = next((i for i, line in enumerate(lines) if _SIGN_OFF.match(line)), None)
    if not resident or sign_off is None or sign_off + 1 >= len(lines):
        return None
    block = lines[sign_off + 1:sign_off + 6]
    writer = block[0].strip(" ,.")
    if not _SIGNATURE_NAME.fullmatch(writer) or len(writer.split()) < 2 or \
            writer in resident or resident in writer:
        return None
    role = next((line.strip(" ,.") for line in block[1:] if not (find_email(line) or
                 find_phone(line)) and re.search(r"[A-Za-z]{3}", line)), None)
    rest = "\n".join(block[1:])
    return LetterWho(writer=writer, role=role, resident=resident,
                     consent=bool(_GIVEN_CONSENT.search(said)),
                     email=find_email(rest), phone=find_phone(rest))


# --- Whose number is it? (played residents, thirteenth session: "ring mum on 01274 600321,
# my mobile is 07788 402119" filed mum's number as the son's and lost his) ---

_THEIRS_BEFORE = re.compile(
    r"(?:\b(?i:his|her|their|(?:mum|mam|dad|nan|nana|gran|granny|grandad|grandma|son|daughter|"
    r"client|tenant|resident|wife|husband|partner|brother|sister|aunt|uncle|neighbour)'?s)\b"
    r"[^.;\d@]{0,25}|\b[A-Z][a-z]+'s\b[^.;\d@]{0,25}|\b(?i:text|ring|call|phone|email|contact|"
    r"reach)\s+(?:(?i:him|her|them|mum|mam|dad|nan|nana|gran|granny|grandad|grandma)|[A-Z][a-z]+)"
    r"\b[^.;\d@]{0,15}|\b(?i:him|her|them|mum|mam|dad|nan|nana|gran|granny|grandad|grandma)"
    r"\s+(?i:on|at)\s*)$")
_MINE_BEFORE = re.compile(r"\b(?:my|me|mine|i'?m|i am|myself)\b[^.;\d@]{0,25}$", re.IGNORECASE)


@dataclass(frozen=True)
class SplitContacts:
    writer_phone: str | None = None
    writer_email: str | None = None
    resident_phone: str | None = None
    resident_email: str | None = None

    @property
    def writers(self) -> bool:
        return bool(self.writer_phone or self.writer_email)

    @property
    def residents(self) -> bool:
        return bool(self.resident_phone or self.resident_email)


def split_contacts(text: str | None) -> SplitContacts:
    """Someone writing for a resident gives numbers and emails: each is the resident's when
    the words just before it say so ("ring mum on", "her mobile is", "Iris's number"), the
    writer's otherwise ("my mobile is", or nothing said)."""
    said = text or ""
    found: dict[str, list[str]] = {"writer_phone": [], "writer_email": [],
                                   "resident_phone": [], "resident_email": []}
    spans = [(m.start(), "phone", find_phone(m.group(0))) for m in _PHONE.finditer(said)] + \
        [(m.start(), "email", m.group(0)) for m in _EMAIL.finditer(said)]
    for start, kind, value in sorted(spans):
        if not value:
            continue
        before = said[max(0, start - 45):start]
        # The nearest owner named before it: "my mobile is X, mum's is Y".
        cut = max(before.rfind(","), before.rfind(";"), before.rfind("."), before.rfind(" and "))
        near = before[cut + 1:] if cut >= 0 else before
        theirs = bool(_THEIRS_BEFORE.search(near)) and not _MINE_BEFORE.search(near)
        found[("resident_" if theirs else "writer_") + kind].append(value)
    return SplitContacts(**{key: values[0] if values else None for key, values in found.items()})
