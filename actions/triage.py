"""Triage of a resident's message, following the Code's Appendix A flowchart.

Pure logic over plain values: the message text and the NLU's intent ranking
go in, a `Triage` comes out. Nothing here imports Rasa, so the rules that
matter most are the easiest to test (tests/bot/test_triage.py).

Order of decisions (DESIGN.md section 3):
1. danger first - the `emergency` flag comes from patterns as well as from the
   intent, so a missed intent never hides a gas smell;
2. dissatisfaction -> complaint (Code 1.2, 1.3), including dissatisfaction
   with an earlier service request (1.5); survey replies are survey_feedback
   unless they ask outright to complain (1.6);
3. a request to put something right -> service_request (1.4); a first report of
   neighbour nuisance -> asb_report;
4. compliments, enquiries, out-of-scope matters;
5. when complaint and service request are too close to call, ask rather than
   guess ("unclear" plus the flowchart question).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Dict, Iterable, List, Optional, Tuple

LABELS = (
    "complaint",
    "service_request",
    "asb_report",
    "compliment",
    "enquiry",
    "emergency",
    "out_of_scope",
    "survey_feedback",
)
UNCLEAR = "unclear"

# Flowchart questions (DESIGN.md 3.6), keyed for the dialogue to phrase.
QUESTIONS = {
    "dissatisfied": "Are you unhappy with how we've handled it?",
    "reported_before": "Have you reported this to us before?",
    "what_about": "Could you tell me a bit more about what your message is about?",
}

# Conversation intents that still say something about the substance.
CONVERSATION_LABELS = {
    "check_status": "enquiry",
    "escalate_complaint": "complaint",
}

# Below this complaint-vs-service-request margin the bot asks instead of guessing.
UNCLEAR_MARGIN = 0.12
# Below this confidence in any triage label the bot asks what the message is about.
MIN_CONFIDENCE = 0.25
# An emergency intent with no danger words at all keeps the flag, but below this
# confidence the label goes to the next-best reading of the message.
EMERGENCY_BY_INTENT_ALONE = 0.8


@dataclass(frozen=True)
class Triage:
    label: str
    emergency: bool
    on_behalf: bool
    prior_report: bool
    vulnerability: bool
    confidence: float
    question: Optional[str] = None


def _rx(*patterns: str) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# --- danger ---------------------------------------------------------------

_VULNERABLE_PERSON = (
    r"\bbab(y|ies)\b|new ?born|\binfant|toddler|\d+ ?(week|wk|month)s? old|"
    r"\bpregnan|elderly|\b(7|8|9)\d ?(yrs?|years?)?\b(old)?|\baged? (7|8|9)\d|"
    r"\bdisab|wheelchair|bed ?bound|housebound|dementia|heart (condition|problem)|"
    r"\bcopd\b|oxygen|dialysis|\bfrail|chemo|cancer|terminal|palliative|"
    r"\bcare needs|vulnerable|\bill\b|unwell|poorly|sick\b"
)
_COLD = r"freez|cold|snow|\bice\b|icy|frost|minus|below zero|winter|temperature"
_NO_HEAT_OR_POWER = (
    r"no (heat|heating|power|electric|electricity)|"
    r"(heating|boiler|power|electric(s|ity)?)( has| have|'s|s)? "
    r"(gone|failed|broken|broke|packed up|cut off|off|stopped|not working|isn.?t working|died)|"
    r"without (heat|heating|power|electric)"
)

# Danger that is the point of the message: signpost first, label `emergency`.
_ACUTE_DANGER = _rx(
    # gas
    r"smell(s|ing|ed)? (of )?gas|gas (smell|leak|escape)|smell gas|\bsmells? (like|of) gas|"
    r"gas (meter|pipe|cooker|hob|fire)[^.!?\n]{0,40}(hiss|smell|leak)|rotten eggs?",
    # fire and smoke
    r"\bon fire\b|\bfire (in|on|at|from|has|is|spreading)\b|\bflames?\b|"
    r"\bsmoke (is )?(coming|pouring|everywhere|filling|from|in the)|\bsmok(e|ing) (out of|from|behind)|"
    r"(socket|plug|fuse ?box|meter|cupboard|wiring|wires?|switch|boiler|heater|cooker)[^.!?\n]{0,30}\bsmoking\b|"
    r"burning smell|smell(s|ing)? (of )?burning|"
    r"(melted|melting) (plug|socket|cable|wire|lead|extension)|(plug|socket|cable|wire|lead)[^.!?\n]{0,20}melt",
    # carbon monoxide
    r"(carbon monoxide|\bco\b)( alarm| detector| monitor)?[^.!?\n]{0,30}"
    r"(going off|gone off|goes off|went off|sounding|beeping|alarming|activated|triggered|screaming|ringing|flashing)|"
    r"(alarm|detector)[^.!?\n]{0,25}(carbon monoxide|\bco\b)",
    # water into electrics, or pouring through the ceiling now
    r"(water|leak|leaking|dripping)[^.!?\n]{0,50}(into|onto|through|in|near|on|from|round|around) (the |my |our )?"
    r"(electrics?|light ?fittings?|ceiling lights?|light switch(es)?|sockets?|fuse ?box|consumer unit|plug|wiring|lights)\b|"
    r"(pouring|gushing|streaming|cascading|pissing|pouring down|pouring in) (in |down )?(through|from|out of|into) "
    r"(the |my |our )?(ceiling|roof|light|flat|room|kitchen|bathroom|bedroom|hall)|"
    r"(water|rain)( is)? (pouring|gushing|streaming|cascading|pissing) (in|through|down)(?! the (outside )?wall)|"
    r"ceiling[^.!?\n]{0,30}(bulg|sagg|bowing|about to (come|fall|collapse|give))|"
    r"(flat|house|home|kitchen|bathroom|room|floor|hallway|bedroom|property)( is)? (flooding|flooded)|"
    r"\bflooding (my|the|our)|water everywhere|burst (pipe|water|tank|main)|up to (my|our|the) (ankles|knees)",
    # structure
    r"collaps|caved? in|(ceiling|wall|roof|floor|stairs?|balcony|chimney|joists?)[^.!?\n]{0,30}"
    r"(come down|coming down|fallen in|falling in|fell in|gave way|given way|giving way|about to fall)|"
    r"(tree|branch|chimney|wall|scaffold\w*)[^.!?\n]{0,30}(fallen|fell|come down|came down|crashed) (on|onto|through|into)",
    # a child or vulnerable person shut in, or shut out of, a home
    r"locked out[^.!?\n]{0,60}(baby|child|kid|toddler|son|daughter|mum|dad)[^.!?\n]{0,20}(inside|in there|indoors)",
    # a home that cannot be secured
    r"(can.?t|cannot|can not|unable to|won.?t|doesn.?t|does not|will not)[^.!?\n]{0,25}"
    r"\b(lock|secure|shut|close)\b[^.!?\n]{0,40}(door|window|flat|house|home|property|tonight|frame)|"
    r"(broke|broken|breaking) into|break[- ]in|burglar|burgled|(kicked|forced|smashed) (in|open)\b",
    # sewage
    r"sewage|sewer|raw waste|\bfaeces",
    # lift entrapment
    r"(stuck|trapped|shut) in (the |a )?lift|(lift|elevator)[^.!?\n]{0,40}(stuck|trapped) (inside|in it)|"
    r"(trapped|stuck)[^.!?\n]{0,30}\b(lift|elevator)|(lift|elevator)[^.!?\n]{0,50}(with|someone|somebody|person|people|"
    r"man|woman|child|kids?|neighbour|mum|dad|son|daughter)[^.!?\n]{0,15}\binside\b",
    # threat to life or violence happening now
    r"threat(en|ened|ening)? (to kill|my life)|going to kill|scared for (my|her|his) life|suicid|overdos|\bunconscious|"
    r"not breathing|(he|she|they)('s| is| are) (hitting|hurting|attacking|beating)|hitting (his|her|their) "
    r"(partner|wife|girlfriend|husband|boyfriend)|(hear|hearing)[^.!?\n]{0,30}(hitting|beating|hurting) (her|him)|"
    r"happening (right )?now",
    # medical equipment without power
    r"(oxygen|dialysis|ventilator|stair ?lift|hoist|insulin|nebuli[sz]er|medical equipment)"
    r"[\s\S]{0,120}(no (power|electric)|power('s| has| is)? (cut|gone|off|out)|electric(ity|s)?('s| has| is)? (gone|off|cut|out))|"
    r"(no (power|electric)|power('s| has| is)? (cut|gone|off|out)|electric(ity|s)?('s| has| is)? (gone|off|cut|out))"
    r"[\s\S]{0,120}(oxygen|dialysis|ventilator|stair ?lift|hoist|insulin|nebuli[sz]er|medical equipment)",
)

# Hazards that may be mentioned along the way in a complaint: the flag is set,
# the label stays with the substance (eval README, "danger plus dissatisfaction").
_HAZARD = _rx(
    r"\bspark(s|ing|ed|y)?\b|crackl(e|es|ing)|fizz(es|ing)?\b|\blive wires?|exposed (live )?wir|wires? (hanging|exposed|showing|sticking|out)|"
    r"electric shock|\bshock(ed)? (me|him|her|them)|\bbuzzing\b[^.!?\n]{0,30}(socket|fuse|meter)|"
    r"electrics?[^.!?\n]{0,15}(blown|bang)|(socket|plug|switch|fuse ?box|cable)[^.!?\n]{0,20}hot to (the )?touch|"
    r"scorch(ed|ing)? (mark|marks)?",
)

_VULNERABLE_PERSON = (
    r"\bbab(y|ies)\b|new ?born|\binfant|toddler|\d+ ?(week|wk|month)s? old|\bpregnan|elderly|"
    r"\b(7|8|9)\d ?(yrs?|years?)\b|\baged? (7|8|9)\d|('s|is) (7|8|9)\d\b|"
    r"\bdisab|wheelchair|bed ?bound|housebound|dementia|heart (condition|problem)|chest infection|"
    r"\bcopd\b|oxygen|dialysis|\bfrail|chemo|cancer|terminal|palliative|care needs|vulnerable|"
    r"\bill\b|unwell|poorly|\bsick\b"
)
_COLD = r"freez|cold|snow|\bice\b|icy|frost|minus|below zero|winter|temperature|degrees"
_NO_HEAT_OR_POWER = (
    r"no (heat|heating|power|electric|electricity)|"
    r"(heating|boiler|power|electric(s|ity)?)( has| have|'s|s| is)? "
    r"(gone|failed|broken|broke|packed up|cut off|off|stopped|not working|isn.?t working|died|not on)|"
    r"without (heat|heating|power|electric)"
)

# A CO or smoke alarm chirping for a battery is a repair, not a danger.
_ALARM_MAINTENANCE = _rx(r"end of life|battery|batteries|chirp")
_CO_PATTERN = _rx(r"carbon monoxide|\bco\b (alarm|detector)")


_PAST_EVENT = _rx(
    r"\blast (week|month|year|summer|winter|spring|autumn)\b|\b(weeks|months|years) ago\b|\bafter the\b|\bback in\b"
)


def _current_sentences(text: str) -> str:
    """The text without sentences that only describe a past event."""
    sentences = re.split(r"(?<=[.!?\n])\s+", text)
    return " ".join(s for s in sentences if not _PAST_EVENT.search(s))


def _acute_danger(text: str) -> bool:
    text = _current_sentences(text)
    if _ACUTE_DANGER.search(text):
        if _CO_PATTERN.search(text) and _ALARM_MAINTENANCE.search(text):
            # "CO detector beeping - says end of life" is a replacement request,
            # unless something else in the message is dangerous.
            return bool(_ACUTE_DANGER.search(_CO_PATTERN.sub(" ", text)))
        return True
    # No heat or power while a vulnerable person depends on it in the cold.
    return bool(
        re.search(_NO_HEAT_OR_POWER, text, re.I)
        and re.search(_VULNERABLE_PERSON, text, re.I)
        and re.search(_COLD, text, re.I)
    )


def detect_danger(text: str) -> bool:
    """Whether the message describes danger happening now.

    Generous on purpose: a false alarm costs a signposting message, a miss could
    cost a life (Code Appendix A starts with the danger check).
    """
    return _acute_danger(text) or bool(_HAZARD.search(text))


# --- flags ------------------------------------------------------------------

_RELATIVE = (
    r"mum|mom|mother|dad|father|nan|nana|nanna|gran|granny|grandma|grandmother|grandad|"
    r"grandfather|son|daughter|brother|sister|aunt|auntie|aunty|uncle|nephew|niece|"
    r"cousin|friend|neighbour|partner|husband|wife|parents?|grandson|granddaughter|"
    r"in-law|mother-in-law|father-in-law"
)
_ELDER_RELATIVE = r"mum|mom|mother|dad|father|nan|nana|nanna|gran|granny|grandma|grandmother|grandad|grandfather|grandparents?"
_ON_BEHALF = _rx(
    r"on (his|her|their|my (\w+ )?\w+'?s?) behalf|\bbehalf of (mr|mrs|ms|miss|dr|my|a|the|one|our)\b",
    rf"(writing|messaging|emailing|contacting|calling|ringing|texting|reporting|complaining|asking|here|this is) "
    rf"(you )?(to you )?(for|about) my (late )?({_RELATIVE}|client|constituent)\b",
    rf"\bfor my ({_RELATIVE})\b[^.!?\n]{{0,30}}\b(who|as (he|she)|because (he|she)|(he|she) (is|has|can|doesn|does))",
    rf"\b(for|visit|visiting) my ({_ELDER_RELATIVE})\b|\bto my ({_ELDER_RELATIVE})\b(?!'s)",
    r"power of attorney|\bher attorney|\bhis attorney|appointee for",
    rf"\bmy (late )?({_RELATIVE})('s|s)? (flat|house|home|property|bungalow|place|kitchen|bathroom|boiler|"
    rf"heating|toilet|shower|address|landlord|front door|back door|windows?|garden|repairs?)",
    rf"\bmy ({_RELATIVE}),? (mr|mrs|ms|miss) ",
    rf"\bmy ({_RELATIVE})[^.!?\n]{{0,40}}\b(lives|is (a|one of your) tenant|rents|tenant of yours)",
    r"\b(i'?m|i am|im|i work as|as|this is)\b[^.!?\n]{0,40}\b(carer|support worker|social worker|key ?worker|advocate|"
    r"care coordinator|care co-ordinator|case ?worker|occupational therapist|health visitor|district nurse|"
    r"solicitor|legal representative|outreach worker|tenancy support)",
    r"\byour (tenant|resident)s? (mr|mrs|ms|miss|dr)\b|working with your tenant|\bmy (client|constituent|service user|patient)s?\b",
    r"\bour (client|constituent)s?\b",
    r"\bcouncill?or\b|\bcllr\b|\bmp'?s office|\bmp\b|member of parliament|caseworker",
    r"(tenants'?|residents'?) (association|assoc|committee|rep)|\bas (the )?(chair|secretary) of",
    r"(she|he|they) (asked me|has asked me|have asked me|wanted me|doesn.?t use|can.?t use|isn.?t able|is not online|isn.?t online|'s not online)",
    r"(consent|permission) (form )?(is )?(attached|enclosed|signed|given|to speak)",
)
# "writing on behalf of the residents of my block" - a resident affected too.
_ON_BEHALF_SELF_GROUP = _rx(
    r"on behalf of (all )?(the )?(residents|tenants|neighbours|everyone|us all|my neighbours)"
    r"(?! association)"
)

_MONTHS = r"jan(uary)?|feb(ruary)?|march|april|may|june|july|aug(ust)?|sept?(ember)?|oct(ober)?|nov(ember)?|dec(ember)?"
_REPORT_VERB = (
    r"reported|raised|logged|rang|called|phoned|emailed|e-mailed|told|contacted|mentioned|informed|chased|"
    r"chasing|flagged|notified|complained|asked|asking|messaged|written|wrote"
)
_PRIOR_REPORT = _rx(
    rf"\b({_REPORT_VERB})\b[^.!?\n]{{0,60}}\b(before|already|previously|again|times|twice|"
    rf"weeks? ago|months? ago|days? ago|years? ago|yesterday|last (week|month|year|time|winter|summer|spring|autumn)|"
    rf"back in|in ({_MONTHS})\b|since|several|numerous|many|loads|countless|repeatedly|multiple|for (years|months|weeks|ages)|"
    rf"on (monday|tuesday|wednesday|thursday|friday|saturday|sunday))",
    rf"\b(already|previously|repeatedly) ({_REPORT_VERB}|been in touch)",
    r"\b(i|we|she|he|they|my \w+|you)( have| has| had|'ve|ve|'d)( \w+)? (reported|raised|logged|told you|called|rang|"
    r"phoned|emailed|complained|chased|been (in touch|on to you|onto you|calling|ringing|chasing|reporting|asking|promised|told))",
    r"\bbeen (asking|chasing|reporting|ringing|calling|emailing|complaining|waiting)\b",
    r"\b(2nd|second|3rd|third|4th|fourth|5th|fifth|\d+(st|nd|rd|th)?|two|three|four|five|six|several|many|multiple|numerous|"
    r"countless|so many|umpteen|loads of) (calls|emails|reports|letters|complaints)\b",
    r"\breported (it|this|that)? ?again\b|\bstill (not|no|waiting|nothing|hasn|haven|isn|aren)\b[^.!?\n]{0,40}"
    r"\b(fixed|done|sorted|repaired|heard|come|came|been|happened|response|reply|update|date|word)",
    r"same (problem|issue|fault|thing|leak) (as|again)|same as (before|last time)|keeps? coming back|"
    r"(it'?s|its|it has|it'?s come|came|come) back\b",
    r"\b(job|repair|case|ticket|work order|complaint)( no\.?| number| num| #| ref(erence)?)?[:\s#]*[a-z]{0,4}[-/]?\d{3,}",
    r"\b(sr|cmp|job|wo)[-/]?\d{4,}|\b[a-z]{2,4}-\d{4}-\d{3,}",
    r"\b(my|the|our|your) (existing|open|current|previous|original|earlier) (job|repair|case|request|report|complaint|ticket)",
    r"\b(came|been|visited|sent|you'?ve had|you have had)\b[^.!?\n]{0,40}\b(twice|(two|three|four|several|\d+) times|before|already)\b",
    r"\b(call|ring|phone|email|ask|chase|report)(ed|d)?\b[^.!?\n]{0,30}\b(\d+|two|three|four|five|many|several) times?\b",
    r"\b(every time|each time|when|whenever) (i|we) (ring|rang|call|called|phone|phoned|report|reported|chase|chased)\b|"
    r"\b(i|we) (rang|phoned|called) (you|up|your|the (office|repairs|call))",
    r"\b(told|asked|informed|warned) (the|their|your|my|our) (\w+ )?(manager|foreman|officer|engineer|contractor|caretaker|"
    r"surveyor|operative|plumber|roofer|electrician|builders?|workm[ae]n)\b",
    r"\b(got|been|get|getting) in touch\b|\breports? it\b|\bsent you\b|\bpromised\b|"
    r"(the|your) (\w+ )?(line|advisor|adviser|officer|woman|man|lady|staff|team|surveyor|engineer|operative) (told|said to) me",
    r"\bstill (no|coming|leaking|there|happening|broken|not working|waiting|dripping|getting)\b",
    r"\b(roofer|engineer|plumber|electrician|operative|contractor|surveyor|joiner)( you sent)? "
    r"(came|has been|have been|visited|attended|turned up)\b",
    r"\b(marked|closed)( \w+)? (as )?(complete|completed|closed|resolved)|\bjob (was )?(closed|cancelled)",
    r"\b(follow(ing)? up|followup|further to|chase|chasing)\b",
    r"\b(stage 1|stage one|stage 2|stage two)\b|\bmy complaint\b",
    r"\b(i was|we were|i'?ve been|we'?ve been|she was|he was|was) (told|promised|assured)\b|\byou (said|told me|promised)\b",
    r"\bparts? on order\b|\bon (the|your) (list|programme|system)\b",
    r"\b(sent|sending|send)( you)? (many|several|loads of|lots of|numerous|multiple|so many|\d+) (e-?mails?|messages?|letters?|texts?)",
    r"\btold (me|us)\b[^.!?\n]{0,60}\b(would|will|was going to|were going to)\b",
    r"\b(\d+|two|three|four|several|many) (yrs?|years?|months?|weeks?) of (asking|chasing|waiting|reporting|complaining|calling)",
    r"\braised (it|this|the (issue|problem|matter)|this (issue|problem)|them|both)\b",
    r"\b(fixed|patched|painted|treated|sorted|repaired|replaced)\b[^.!?\n]{0,40}\b(before|last (time|year|month|week)|"
    rf"in ({_MONTHS})\b|weeks ago|months ago)\b",
)
_NOT_OUR_REFERENCE = _rx(r"police[^.!?\n]{0,20}\bref|crime (ref|number)|\b(i was|we were) asked")
_NEVER_BEFORE = _rx(r"never (complained|reported|raised|had)|first time")


_VULNERABILITY = _rx(
    r"\bdisab(led|ility|ilities)\b|wheel ?chair|mobility (scooter|problem|issue)|crutches|walking (frame|stick)|zimmer|"
    r"\bblind\b|partially sighted|sight (loss|impair)|visually impaired|\bdeaf\b|hard of hearing|hearing (loss|impair)|"
    r"\bill\b|illness|\bunwell\b|poorly|\bsick\b|chronic|terminal|cancer|chemo|dementia|alzheimer|parkinson|\bmnd\b|"
    r"motor neurone|multiple sclerosis|cerebral palsy|epilep|stroke|heart (condition|problem|failure|disease)|\bcopd\b|"
    r"emphysema|asthma|asthmatic|chest infection|respiratory|bronchi|diabet|insulin|dialysis|kidney|oxygen|arthritis|"
    r"fibromyalgia|\bcrohn|\bsurgery\b|operation\b|c-section|in hospital|from hospital|hospital bed|recovering|"
    r"frail|bed ?bound|housebound|\bfalls\b|had a fall|bad (hip|knee|back|legs?|heart|chest)|"
    r"mental health|depress|anxiety|panic attack|\bptsd\b|bipolar|schizophren|psychosis|\bocd\b|self.?harm|suicid|"
    r"autis|\basd\b|\badhd\b|learning (difficult|disabilit)|special needs|down'?s syndrome|dyslexi|"
    r"pregnan|expecting (a|our|my) baby|\bbaby\b|babies|new ?born|infant|toddler|\b\d+ ?(week|wk|month|mth)s? old|"
    r"\b[0-5] ?(yr|year)s? old|\b[0-5] (and|&) [0-5] ?(years|yrs)|\b(is|are) [0-5] (years|yrs)\b|"
    r"young (child|children|kids|family|son|daughter)|small (child|children|kids)|\b(my|our) (\w+ )?little ones|"
    r"elderly|pensioner|state pension|\boap\b|old age|\b(7|8|9)\d ?(yrs?|years?)( old|\b| of age)|"
    r"\b(aged?|i'?m|i am|he'?s|she'?s|he is|she is|who is|who'?s|mum is|dad is|nan is|gran is) (7|8|9)\d\b|"
    r"in (our|their|his|her|my) (70|80|90)s|"
    r"vulnerable|\bcarer\b|care package|\bcarers\b|stair ?lift|grab rails?|level access|adaptation|occupational therapist|"
    r"medical (condition|grounds|evidence|needs)|medication|blue badge",
)
_VULNERABILITY_CASED = re.compile(r"\bMS\b|\bOT\b")
_VULNERABILITY_NEGATED = _rx(r"\bnot (that i'?m )?(ill|vulnerable|disabled)\b")


def detect_on_behalf(text: str) -> bool:
    if _ON_BEHALF_SELF_GROUP.search(text) and not re.search(
        r"association|councill?or|cllr|my (client|constituent)", text, re.I
    ):
        return False
    return bool(_ON_BEHALF.search(text))


def detect_prior_report(text: str) -> bool:
    match = _PRIOR_REPORT.search(_NOT_OUR_REFERENCE.sub(" ", text))
    if match and _NEVER_BEFORE.search(text):
        # "I have never complained before" is not a prior report on its own.
        return bool(_PRIOR_REPORT.search(_NEVER_BEFORE.sub(" ", _NOT_OUR_REFERENCE.sub(" ", text))))
    return bool(match)


def detect_vulnerability(text: str) -> bool:
    found = _VULNERABILITY.search(text) or _VULNERABILITY_CASED.search(text)
    return bool(found) and not _VULNERABILITY_NEGATED.search(text)


# --- dissatisfaction and survey cues ---------------------------------------

# Code 1.3: the word "complaint" is not needed; these are ways residents say
# they are unhappy with the landlord's service, an action or a lack of action.
_DISSATISFACTION = _rx(
    r"(?<!not )(?<!n't )\bcomplain(t|ts|ing)?\b|\bescalat",
    r"not (happy|good enough|acceptable|impressed|satisfied|right|fair|on)\b|unhappy|dissatisf|disappoint|"
    r"unacceptable|disgrac|disgust|appall|shocking|ridiculous|a joke\b|diabolical|useless|incompeten|"
    r"fed up|sick (of|and tired)|had enough|at the end of my tether|let down|fob(bed)? off|ignored|"
    r"no one (listens|cares)|nobody (listens|cares)|not (being )?listened|furious|angry|livid|frustrat|upset",
    r"(nobody|no one|noone|no-one)[^.!?\n]{0,20}(came|turned up|showed up|called back|rang back|got back|"
    r"has (been|come|called|contacted|replied|responded|fixed))|"
    r"(didn.?t|did not|never|failed to)\s(turn up|show|come|call back|ring back|arrive|attend|return|reply|respond|get back|fix|finish)|"
    r"no.?show|(still|yet to)[^.!?\n]{0,20}(not|no|waiting|nothing|hasn|haven)|"
    r"(weeks|months|ages) (and|with|later)[^.!?\n]{0,20}(nothing|no (one|reply|response|update|date|word))|"
    r"(missed|cancelled)[^.!?\n]{0,15}(appointment|visit)|"
    r"(rude|patroni[sz]|dismissive|unprofessional|disrespect|hung up|shouted at|swore)|"
    r"(poor|bad|terrible|awful|appalling|shoddy) (service|workmanship|job|communication|standard|quality|repair)|"
    r"compensation|refund|(want|would like) (an )?(apology|explanation)|why (has|have|is|does|do|did|was|can.?t)",
    # a broken promise: "We were told it would be done by May. It wasn't."
    r"(told|promised|said|assured)[^.!?\n]{0,120}[.!?]\s*(but )?(they|it|that|this|nothing|none of it)"
    r"( (was|were|did|has|had|have))?(n'?t| not| never)\b",
)
_SURVEY = _rx(
    r"\bsurvey\b|feedback (text|request|form|email)|\byour (text|message|email) asking|how (did we do|satisfied)|"
    r"\b(rate|rating|score)\b|\b\d{1,2} ?(/|out of) ?10\b|\bstars?\b|satisfaction|(reply|replying|response|answer|answering) to your (text|question)|"
    r"\bq\d\b|on a scale",
)
_ASKS_TO_COMPLAIN = _rx(
    r"(want|wish|would like|like|need)( to)? (make|raise|log|lodge|put in|register|file|submit)( a| this as a| it as a| this as| it as)?( formal)? complaint",
    r"(log|treat|record|take|raise|register) (this|it) as a (formal )?complaint",
    r"(want|wish|would like|like|going) to complain",
    r"\bformal complaint\b|\bthis is a complaint\b|\bmake (this|it) a (formal )?complaint",
)


def expresses_dissatisfaction(text: str) -> bool:
    return bool(_DISSATISFACTION.search(text))


def asks_to_complain(text: str) -> bool:
    return bool(_ASKS_TO_COMPLAIN.search(text))


# --- the decision -----------------------------------------------------------


def _label_scores(intent_ranking: Iterable[Dict]) -> Dict[str, float]:
    scores = {label: 0.0 for label in LABELS}
    for item in intent_ranking or []:
        name = item.get("name")
        conf = float(item.get("confidence") or 0.0)
        label = name if name in scores else CONVERSATION_LABELS.get(name)
        if label:
            scores[label] = max(scores[label], conf)
    return scores


def _ranked(scores: Dict[str, float]) -> List[Tuple[str, float]]:
    return sorted(scores.items(), key=lambda kv: kv[1], reverse=True)


def triage_message(text: str, intent_ranking: List[Dict]) -> Triage:
    """Triage one resident message.

    `intent_ranking` is Rasa's `parse_data["intent_ranking"]`.
    """
    text = text or ""
    acute = _acute_danger(text)
    hazard = bool(_HAZARD.search(text))
    flags = dict(
        on_behalf=detect_on_behalf(text),
        prior_report=detect_prior_report(text),
        vulnerability=detect_vulnerability(text),
    )
    scores = _label_scores(intent_ranking)
    label, confidence = _ranked(scores)[0]
    emergency = acute or hazard or label == "emergency"

    # 1. Danger first. When the danger is the point of the message it is an
    # emergency even if the resident is also angry (eval README conventions);
    # a compliment or an ASB report keeps its label with the flag set.
    if acute and label in ("service_request", "enquiry", "out_of_scope", "complaint", "survey_feedback"):
        return Triage("emergency", True, confidence=max(confidence, scores["emergency"]), **flags)
    if label == "emergency" and not (acute or hazard):
        # The classifier alone says danger: keep the flag, but if the words
        # describe a routine request, let the next-best label speak.
        runner_up, runner_conf = _ranked({k: v for k, v in scores.items() if k != "emergency"})[0]
        if confidence < EMERGENCY_BY_INTENT_ALONE and runner_conf >= 0.2:
            return _decide(text, runner_up, runner_conf, scores, True, flags)
    if confidence < MIN_CONFIDENCE and label != "emergency":
        return Triage(UNCLEAR, emergency, confidence=confidence, question="what_about", **flags)

    return _decide(text, label, confidence, scores, emergency, flags)


def _decide(
    text: str,
    label: str,
    confidence: float,
    scores: Dict[str, float],
    emergency: bool,
    flags: Dict[str, bool],
) -> Triage:
    # 2. Survey replies (Code 1.6): not a complaint unless they ask for one.
    if label == "survey_feedback" and asks_to_complain(text):
        return Triage("complaint", emergency, confidence=confidence, **flags)

    # 3. Complaint or service request; ask when too close to call (Appendix A).
    if label in ("complaint", "service_request"):
        if label == "service_request" and asks_to_complain(text):
            return Triage("complaint", emergency, confidence=confidence, **flags)
        other = "service_request" if label == "complaint" else "complaint"
        margin = confidence - scores[other]
        if margin < UNCLEAR_MARGIN:
            # Too close for the classifier: the flowchart's own first question
            # decides when the words answer it (Code 1.2-1.3).
            if expresses_dissatisfaction(text):
                return Triage("complaint", emergency, confidence=scores["complaint"], **flags)
            if label == "service_request":
                # A calm request, even a repeat one, stays a service request.
                return Triage("service_request", emergency, confidence=confidence, **flags)
            question = "dissatisfied" if flags["prior_report"] else "reported_before"
            return Triage(UNCLEAR, emergency, confidence=confidence, question=question, **flags)

    return Triage(label, emergency, confidence=confidence, **flags)


def resolve_question(previous: Triage, question: str, answer: bool) -> Triage:
    """Apply the resident's yes/no to a flowchart question (Code Appendix A)."""
    if question == "reported_before":
        if answer:
            # Reported before: the next question is whether they're unhappy (1.5).
            return replace(previous, label=UNCLEAR, prior_report=True, question="dissatisfied")
        return replace(previous, label="service_request", question=None)
    if question == "dissatisfied":
        # Code 1.3: any dissatisfaction gives the choice to complain.
        label = "complaint" if answer else "service_request"
        return replace(previous, label=label, question=None)
    return previous
