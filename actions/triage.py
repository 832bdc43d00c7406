"""Triage of a resident's message, following the Code's Appendix A flowchart.

Pure logic over plain values: the message text, the NLU's intent ranking and the
learned flag scores go in, a `Triage` comes out. Nothing here imports Rasa, so the
rules that matter most are the easiest to test (tests/bot/test_triage.py).

The reading of the message is learned (docs/triage.md): the intent classifier names
its substance, and `bot/components/triage_heads.py` gives the four flags — danger with
a recall-first threshold. This module only applies the flowchart to those readings
(docs/architecture.md §3):
1. danger first: the `emergency` flag, from the danger classifier, from an emergency
   label, or from a short safety net of the gravest words (gas, carbon monoxide,
   fire), so a miss by the model never hides a gas smell. The label still names the
   substance: danger with dissatisfaction is a complaint with `emergency: true`;
2. a resident who asks to complain is making a complaint (Code 1.3), also in reply to
   a survey (1.6);
3. complaint or service request: when the two are too close to call, ask the
   flowchart's question instead of guessing; a neighbour problem told with
   dissatisfaction at how we handled it is a complaint, not an ASB report;
4. every other label passes through; a message nothing fits gets "what is it about?".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from actions import answers

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
FLAGS = ("emergency", "on_behalf", "prior_report", "vulnerability")

# Flowchart questions (docs/architecture.md §3.6), keyed for the dialogue to phrase.
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
# In a reply to a question, the danger classifier alone raises the flag only when sure:
# short answers ("the boiler", "yes") are not what it learned from.
ANSWER_DANGER = 0.9
# Below this the danger classifier's reading is unsure (its recall-first threshold is far
# lower): the bot asks whether anyone is in danger before signposting 999. On the retired
# blind v3 and the dev set, 0.7 put 56 of 66 false alarms and 4 of 99 dangers in that band.
# The safety net's gravest words and an `emergency` label are always sure.
DANGER_SURE = 0.7
# An `emergency` label is sure at this confidence (or with the danger classifier sure, or
# the safety net's words). Below it the label's substance is the next label and the danger
# is checked: on the dev set and the retired blind sets (v2-v5, 283 messages labelled
# emergency without the net's words) this band held 21 of the 39 false alarms and 6 of the
# 244 dangers, who are asked one question before the 999 advice.
EMERGENCY_LABEL_SURE = 0.7


@dataclass(frozen=True)
class Triage:
    label: str
    emergency: bool
    on_behalf: bool
    prior_report: bool
    vulnerability: bool
    confidence: float
    question: str | None = None
    # Danger read but unsure: ask "is anyone in danger right now?" before signposting.
    check_danger: bool = False


def _rx(*patterns: str) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# --- the safety net: the gravest words only ---------------------------------
# Every entry has a test in tests/bot/test_triage.py, as has every exclusion.
_GRAVE_DANGER = _rx(
    r"(smell(s|ing|ed)?|smelt) (of )?gas|gas (smell|leak|escape)|smells? (like|of) gas|rotten eggs?|"
    r"gassy (smell|whiff|odou?r)|smells? gassy",
    r"carbon monoxide|\bco (alarm|detector|monitor)s?\b|\bco\b[^.!?\n]{0,20}(going off|beeping|sounding)",
    r"\bon fire\b|\bflames?\b|\bfire (in|on|at|from|is|has)\b|"
    r"smoke (is )?(coming|pouring|filling|everywhere)|burning smell|smell(s|ing)? (of )?burning",
)
# A CO or smoke alarm chirping for its battery is a repair, not a danger.
_ALARM_UPKEEP = _rx(r"\bbatter(y|ies)\b|\bchirp|end of (its )?life|needs? (replacing|a new one)|"
                   # "screen says END, think it's expired?", "it was a faulty alarm, not the
                   # boiler" (retired blind v16)
                   r"\bsays? end\b|\bexpired?\b|\bfaulty (alarm|detector|one|sensor|unit)\b|"
                   # "said the alarm itself was faulty", "pressed the test button" (retired
                   # blind v17)
                   r"\b(alarm|detector|it)( itself)? (was|is) faulty\b|\btest button\b|"
                   r"test(ed|ing)? (it|the alarm|(my|our|the) (carbon monoxide|co|smoke) alarm)|"
                   r"replace(d)? by \d|\bswap(ped)? (it|them)\b")
_ALARM = _rx(r"(carbon monoxide|\bco|smoke) (alarm|detector|monitor)s?")
# The battery only wondered about, with the alarm not chirping: "my carbon monoxide alarm
# beeped three times and then stopped… is that just the battery or should i be worried"
# (retired blind v17) is not settled upkeep.
_UPKEEP_WONDERED = _rx(r"\b(is|could|might|would) (that|it|this) (just |only )?(be )?((the|a|"
                       r"low|flat) )*batter", r"\bor should (i|we) (be )?(worr|concern|panic)")
_UPKEEP_TOLD = _rx(r"\bchirp|end of (its )?life|\bsays? end\b|\bexpired?\b|\bfaulty\b|"
                   r"\btest button\b")
_NOT_NOW = _rx(r"\bno (smell of )?gas\b|not (a )?gas|gas (safety|check|bill|meter reading|supplier|engineer came)|"
               r"fire (door|alarm test|risk|safety|exit sign|extinguisher)",
               # the smell denied: "no burning smell or anything", "no smell of burning"
               r"\b(no|not any|never a|without any) (burning |gas )?smells?( of (burning|gas))?\b",
               # a question about one day, not a danger now: "if I ever smell gas", "if
               # there's a fire in the block, do we stay put?", "in case of fire"
               r"\bif (i|we|you) ever (smell|smelt|see|have|get)\b[^.,?!;]{0,30}|"
               # "What should you do if you smell gas? Asking for my mum" (retired blind v17)
               r"\b(what (should|do|would|must) (i|we|you|one|people) do|what to do|what'?s the "
               r"(plan|procedure)|what (am i|are we|is one) (actually |really )?(supposed|meant) to "
               r"do) if (i|we|you|they|there'?s|there is) (ever )?[^.,?!;]{0,30}|"
               # an event asked about elsewhere: "Was there a gas leak on Cedar Road today?"
               # (retired blind v18)
               r"\bwas there (a|an) (gas leak|fire)\b[^.!?\n]{0,40}\?|"
               r"\bif there('?s| is| was| were| ever is) (ever )?(a )?fire\b|"
               r"\bin (the )?(case|event) of (a )?(fire|gas leak)",
               # a heater, not a blaze: "the gas fire in the lounge", "our electric fire"
               r"\b(gas|electric|coal) fires?\b(?! (is|has|was) (on fire|alight|caught|smoking))",
               # a chimney smoking, a boiler's pilot flame asked about (retired blind v15:
               # "saw smoke coming out of the chimney yesterday", "am I meant to see a flame?")
               r"\bsmoke (is |was )?(coming|came|pouring) (out of|from) (the |a |their |its )?"
               r"chimney\b(?![^.!?\n]{0,25}\b(into|inside|in) (the|my|our)\b)|\bpilot (light|flame)s?\b|"
               r"\b(meant|supposed|should) (i |we )?(to )?(see|have) (a |the )?(blue |small )?flame",
               # an alarm that is not there: "there isn't a carbon monoxide alarm anywhere"
               r"\b(isn'?t|is not|there'?s no|no|not got|haven'?t got|without) (a |an |any )?"
               r"(carbon monoxide|co|smoke) (alarm|detector|monitor)s?\b",
               # a fire that was, somewhere else: "there was a fire at no. 20 last night",
               # an abandoned car "set on fire since" (retired blind v16)
               r"\b(there was|there'?d been|after) a fire (at|in|on) (no\.? ?\d+|number \d+|the "
               r"(flat|house|block) (next door|opposite|below|above)|next door)\b|"
               r"\b(was|been|got) set on fire\b(?! (again|now|right now))|"
               # "Since the fire at the flats on Hartley Street I've been worried" (retired
               # v22: told to get out and call 999 about a fire-door complaint)
               r"\b(since|after) the (big |recent |last )?fires? (at|in|on) (the )?(flats|block|"
               r"tower|estate|school|house|building)s? (on|in|at|over|across|down)\b",
               # a question about one day: "what do I do if it ever goes off?"
               r"\bif (it|the alarm|they|one) (ever )?(goes|go|went) off\b",
               # smoke that is someone's smoking: "strong cannabis smoke coming from the flat
               # below into my baby's room" (retired blind v20: an ASB report)
               r"\b(cannabis|weed|skunk|cigarette|cigar|tobacco|vape|drug|bbq|barbecue) smoke\b")
# Alarms as things to have, not alarms sounding: "do you supply carbon monoxide alarms?"
_ALARM_AS_ITEM = _rx(r"\b(supply|supplies|supplying|provide|fit|fitted|fitting|install|installed|"
                     # "Am I allowed to put my own carbon monoxide alarm next to my gas
                     # fire?" (retired blind v20)
                     r"put|putting|"
                     r"come with|comes with|came with|asked for|requested|ordered|"
                     r"installing|buy|get|have|need)( me| us| a| an| my| our| any| your| the| new| "
                     r"two| some)* (own )?((carbon monoxide|co|smoke|heat)( and| &|/)? ?)+ "
                     r"(alarm|detector|monitor)s?\b(?! (is|are|was|has|keeps|kept|went|going|beeping|"
                     r"sounding|screaming|ringing))",
                     # "I'd like a carbon monoxide alarm fitting please" (retired blind v20)
                     r"\b(carbon monoxide|co|smoke|heat) (alarm|detector)s? (fitting|fitted|"
                     r"installing|installed|putting in)( please| for me| in my| in the)\b")
_SOUNDING = _rx(r"(?<!n't )(?<!not )(?<!never )(going off|went off|beep|sounding|screaming|ringing|"
                r"flashing)")
# Over and made safe, told in passing ("the gas leak from yesterday was made safe, no smell
# at all now"; "the CO alarm went off on Tuesday, the flue was fixed the same day") — unless
# anything says it is back or still there ("made safe yesterday but I can smell it again").
_MADE_SAFE = _rx(r"\bmade (it |everything )?safe\b|\bno smell (at all |of (gas|burning) )?"
                 r"(now|any ?more)\b|\b(can'?t|cannot|don'?t) smell (anything|it|gas)\b|"
                 r"\b(it'?s|everything'?s|everything is|all) (safe|fine|ok|okay) now\b|"
                 r"\bfixed (it )?the same day\b|\bcapped (the|it|my)\b|"
                 # "It's capped and fine now", "the gas leak was fixed last Thursday",
                 # "Everything seems normal now. Nothing wrong now." (retired blind v15)
                 r"\b(it'?s|it is|was|been|got|is) capped\b|\b(and|&) (fine|safe|ok|okay) now\b|"
                 r"\b(leak|smell|it)\b[^.!?\n]{0,30}\b(was|has been|got|'s been) (fixed|repaired|sorted|capped)"
                 r"( \w+)? (last|on|yesterday|this morning|days|weeks)\b|"
                 # "The leak was fixed, but his behaviour was unacceptable" (retired blind v16)
                 r"\bthe (gas )?leak (was|has been|got) (fixed|repaired|sorted|capped)\b|"
                 r"\bnothing (is |'?s )?wrong now\b|"
                 # "found a leaking joint and fixed it!", "the fire brigade came… there's no
                 # smoke now" (retired blind v17)
                 r"\b(found|traced)\b[^.!?\n]{0,40}\band (fixed|repaired|sorted|capped) it\b|"
                 # "…was just the cleaners using that orange stuff… IT'S GONE", "ignore my
                 # earlier message about the rotten egg smell", "was next door's bonfire…
                 # sorry to panic you!" (retired blind v18)
                 r"(?<!thought it )(?<!thought that )\bwas (just |only )?(next door'?s|the "
                 r"neighbou?rs?'?|someone'?s|a|the|my|their|some) (\w+ )?(bonfire|barbecue|bbq|"
                 r"cooking|toast|candles?|cleaners?|cleaning|bins?|drains?|prawns?|fish|bag of|"
                 r"incense|oven cleaner)\b(?![^.!?\n]{0,40}\b(gas|carbon monoxide|co|fire|leak\w*|"
                 r"burning|smoke)\b)|"
                 r"\bignore my (earlier|last|previous|first) message\b|"
                 r"\bsorry to (panic|worry|alarm|scare) (you|u)\b|"
                 r"\bno (smoke|smell) (at all )?(now|any ?more)\b|"
                 # A scare explained: "turns out it's the bins", "Turned out to be nothing",
                 # "was the neighbour's bonfire, sorry! Panic over" (retired blind v16)
                 r"\bturn(s|ed) out (it'?s|it was|it is|to be|i'?d|i had|that)\b(?![^.!?\n]{0,30}\b(gas|"
                 r"carbon monoxide|co|fire|leak\w*|burning|smoke)\b)|\bpanic over\b|"
                 r"\bfalse alarm\b|"
                 r"\b(isn'?t|is not|not|wasn'?t) (going off|beeping|sounding)")
_BACK_OR_STILL = _rx(r"\b(smell\w*|leak\w*|going off|beeping|sounding|happen\w*|started|back)"
                     r"( it| of gas| gas)? again\b|\bstill\b|\bright now\b|\b(now|today) (i|we) (can )?smell|"
                     r"\bcoming back\b|\bcome back\b|\bworse\b|\bstronger\b|\bnow there'?s\b|"
                     # an alarm sounding now, or feeling ill: carbon monoxide has no smell
                     r"\b(is|keeps|keep|it'?s) (going off|beeping|sounding)|\bheadache|"
                     r"\bdizz|\bunwell\b|\bfeel(ing)? sick\b")


# A grave word told only about a time gone by ("Back in March I had a gas leak and your
# line hung up on me", "after the fire in May we were promised a meeting", "the out of
# hours operator laughed when I said I could smell gas last week"; retired blind v20: ten
# of its false alarms) is no danger now unless the learned reading sees one or anything
# says it is still there. On the corpus (17,893 lines) this rule alone would drop 26 false
# alarms and 5 dangers, all five of which the learned reading is sure of.
_MONTH = (r"(january|february|march|april|may|june|july|august|september|october|november|"
          r"december|jan|feb|apr|jun|jul|aug|sept?|oct|nov|dec)")
_DAY = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_TIME_GONE_BY = _rx(
    rf"(?<!since )(?<!from )\b(back )?in {_MONTH}\b",
    r"(?<!since )\blast (night|week|month|year|winter|summer|spring|autumn|christmas|weekend)\b",
    r"(?<!since )\b(a|two|three|four|a few|few|several|\d+) (weeks|months|years) ago\b",
    rf"(?<!since )\blast {_DAY}\b", rf"(?<!since )\bon {_DAY}\b(?! night)")
_ABOUT_NOW = _rx(r"\bstill\b|\bright now\b|\bnow\b|\btoday\b|\btonight\b|\bat the moment\b|"
                 r"\bagain\b|\bcurrently\b|\bkeeps?\b|\bsince\b|\bthis (morning|evening|afternoon)\b|"
                 r"\bjust now\b|\bcan (smell|see|hear)\b|\bnot gone\b|\bcome back\b|\bcame back\b")
PAST_DANGER_P = 0.5


def tells_of_now(text: str) -> bool:
    """Whether the words say anything of now ("still", "again", "today", "can smell")."""
    return bool(_ABOUT_NOW.search(text or "") or _BACK_OR_STILL.search(text or ""))


def told_as_past(text: str) -> bool:
    """The message places what happened at a time gone by and says nothing of now."""
    return bool(_TIME_GONE_BY.search(text or "")) and not tells_of_now(text)


def safety_net(text: str) -> bool:
    """Whether the gravest danger words are there (gas, carbon monoxide, fire).

    The danger classifier reads everything else; this list stays short on purpose."""
    if _MADE_SAFE.search(text or "") and not _BACK_OR_STILL.search(text or ""):
        return False
    rest = _NOT_NOW.sub(" ", text or "")
    if not _SOUNDING.search(rest):
        rest = _ALARM_AS_ITEM.sub(" ", rest)
    if _ALARM_UPKEEP.search(rest) and not (_UPKEEP_WONDERED.search(rest)
                                           and not _UPKEEP_TOLD.search(rest)):
        # "CO alarm chirping, needs a new battery": the alarm itself is not the danger.
        rest = _ALARM.sub(" ", rest)
    return bool(_GRAVE_DANGER.search(rest))


# --- danger the learned reading can miss: checked, never assumed ---------------
# Two dangers the eval README names that residents tell inside a long or angry account,
# where the learned reading missed them (retired blind v9: four of six missed dangers):
# water on electrics ("water's been coming through my ceiling onto the light", "the damp
# patch over my bathroom light drips") and no heat for someone who depends on it ("I'm 79
# with COPD, heating broken 9 days"). Either makes the bot ask "is anyone in danger right
# now?" before any advice; it never declares the emergency on its own.
_WATER = r"(water|leak\w*|drip\w*|pour\w*|pissing|flood\w*|wet|damp patch|coming through)"
_ELECTRICS = (r"(light ?fittings?|ceiling lights?|the lights?|(bathroom|kitchen|hall|landing) "
              r"light|light switch\w*|sockets?|plug sockets?|extension leads?|(the )?plugs? "
              r"(for|of) the|fuse ?box|consumer unit|electrics|wiring|wires)")
_WATER_ON_ELECTRICS = _rx(
    # "water comin thru the light fitting" (played resident tj-01, twentieth session)
    _WATER + r"[^.!?\n]{0,60}\b(onto|into|on|in|over|through|thru|thro|out of|round|around|near|by|behind|"
    r"from|inside|towards) (the |my |our |a )?" + _ELECTRICS + r"\b",
    r"\b" + _ELECTRICS + r"\b[^.!?\n]{0,40}\b(dripping|leaking|full of water|filling with "
    r"water|wet|soaked|has water|got water|water in)")
_NO_HEAT = _rx(r"\b(no|without|hasn'?t got|haven'?t got|not got|no working) (heat|heating|"
               r"hot water and heating|heating or hot water|heating and hot water)\b|"
               r"\b(heating|boiler)('s| is| has| has been|'s been| been)? (broken|broke|off|"
               r"not working|stopped|packed up|failed|gone|down|dead|ceased|broken down|broke "
               r"down|conked out|given up|gave up)\b|"
               # "your own engineer condemned my boiler on Friday, capped it off, left me no
               # heater" (retired blind v19)
               r"\b(condemned|capped off|capped it off|capped the)\b|\bno heaters?\b")
_DEPENDS_ON_HEAT = _rx(r"\b(i'?m|i am|he'?s|she'?s|he is|she is|aged|who is|mum is|dad is|"
                       r"mum'?s|dad'?s) (7[5-9]|[89]\d|10\d|seventy[- ](five|six|seven|eight|"
                       r"nine)|eighty[- ]?\w*|ninety[- ]?\w*)\b|\bcopd\b|\bheart (condition|"
                       r"problems?|failure)|\boxygen\b|\bnew ?born|\b(\d|one|two|three|four|"
                       r"five|six)[- ](week|month)s?[- ]old\b|\bbaby\b|\bfrail\b|"
                       r"\bchemo|\bterminal|\bhypothermi|\bbed ?bound\b|\bhousebound\b|"
                       # "34 weeks pregnant, no heating in December" (played residents,
                       # fifteenth session: not asked whether anyone was in danger)
                       r"\bpregnant\b|"
                       # "frost forecast all week and my 2 year old has a cough"
                       r"\btoddler\b|\b(1|2|one|two)[- ]?(year|yr)[- ]?old\b|"
                       # "MY SON IS 3 AND HAS ASTHMA" (played resident ts-02)
                       r"\b(son|daughter|child|baby|boy|girl|little one|kid)('s| is) (1|2|3|one|two|three)"
                       r"\b(?! (weeks?|months?) (ago|late))")
_NOT_DANGER_NOW = _rx(r"\b(mild|no rush|whenever|when(ever)? you can|not urgent|isn'?t urgent|"
                      r"(it'?s|its|it is|electrics are|all) (fine|ok|okay|safe|working) now|"
                      r"electrics (are|r|seem) (fine|ok|okay)|stopped now|(has|have|'s) "
                      r"stopped|(?<!n't )(?<!not )(?<!never )(?<!never been )fixed(?! in\b)|sorted|made safe|switched off at|turned off at|"
                      r"years? ago|last (year|winter)|working again|(lovely and |nice and )?warm "
                      r"now|(bone )?dry now|hypothetical\w*|if (my|the|i|we|our)|same day|"
                      r"(got|have|brought|dropped off|lent|gave) (me |us )?(\w+ )?heaters?|"
                      # a question about one day: "if there's ever a power cut while…"
                      r"if (there'?s|there is|there was|it) ever|in (the )?(case|event) of)\b")


# Something coming down on people, and a home left with no smoke alarm (retired blind v15:
# "ceiling tiles coming down in the stairwell, one just missed me", "a crack across the
# ceiling, wider this morning and sagging", "I've had to take it down, so now I have no
# smoke alarm at all"): asked about, never assumed.
_COMING_DOWN = _rx(
    r"\bceiling\b[^.!?\n]{0,40}\b(coming down|falling( in| down)?|collapsing|caving in|"
    r"sagging|sags|bowing|bulging)\b",
    r"\b(chunks?|bits?|lumps?|pieces?|tiles?) of (plaster|ceiling|brick|masonry|concrete|render|"
    r"stone)\b[^.!?\n]{0,30}\b(falling|falls|coming down|dropping|keep (falling|dropping))",
    r"\b(just|nearly|almost|narrowly) (missed|hit) (me|my|him|her|us|the kids?|someone)\b",
    # a wall giving way: "the wall has continued to lean and last night a section of coping
    # fell into my garden" (retired blind v17)
    r"\b(wall|chimney( stack)?|gable|balcony)\b[^.!?\n]{0,40}\b(leaning|lean|leans|bulging|"
    r"collapsing|giving way|coming away|pulling away)\b",
    r"\b(coping( stones?)?|bricks|masonry|render|a section of (the )?(wall|roof|ceiling)|part of "
    r"the (wall|roof|ceiling))\b[^.!?\n]{0,20}\b(fell|has fallen|came down|come down|collapsed)\b",
    # "half the brickwork over the garage door sat on the bonnet… the rest of the lintel
    # hanging there waiting to follow it" (retired blind v18)
    r"\b(lintel|brickwork|bricks|masonry|coping|gutter|fascia|chimney pot|roof tiles?|slates?)\b"
    r"[^.!?\n]{0,40}\b(hanging (there|loose|off|down|by)|about to (fall|come down|go)|waiting to "
    r"(fall|follow|come down))")
# A smell by a gas appliance that the resident cannot place ("Bit of a whiff by the cooker
# now and again this evening. Might be the bin, might not."; retired blind v21, its one
# missed danger): a possible gas escape, asked about. The smell of food cooking or burnt is
# not one.
_SMELL_BY_GAS = _rx(
    r"\b(whiff|smell|odou?r|pong|niff|stink)\b(?! of (burnt|cooking|food|toast|fish|fat|"
    r"grease|dinner))[^.!?\n]{0,25}\b(by|near|round|around|from|"
    r"behind|next to|under) (the |my |our )?(gas )?(cooker|hob|boiler|gas meter|meter cupboard|"
    r"gas fire)\b(?![^.!?\n]{0,30}\b(food|cooking|burnt|toast|fat|grease|dinner)\b)")
# Carbon monoxide told by its signs: headaches at home with an old boiler or a gas fire.
_CO_SIGNS = _rx(
    r"\A(?=[\s\S]*\b(boiler|flue|gas fire|heater|fumes?|gas cooker)\b)(?=[\s\S]*\b(headaches?|dizz\w*|"
    r"nause\w*|drowsy|faint\w*|feel(ing)? sick)\b)(?=[\s\S]*\b(at home|in the flat|in the house|"
    r"go(es)? away|(better|fine|ok|okay) when (i'?m|i am|we'?re|we are) (out|at work|away)|"
    r"every (day|morning|evening|night)|for (a|two|three|several|a couple of) (days|weeks))\b)")
# Violence heard now, with someone to fear for: "Neighbours next door have been screaming and
# throwing things about for an hour… I'm worried about the kids in there" (retired blind v18).
_VIOLENCE_HEARD = _rx(
    r"\A(?=[\s\S]*\b(screaming|screams|throwing things|smashing (things|stuff)|hitting|beating|punching|"
    r"thuds?|banging and (shouting|screaming)|fighting)\b)(?=[\s\S]*\b(worried|scared|frightened|"
    r"afraid|fear)\b[^.!?\n]{0,20}\b(about|for)\b[^.!?\n]{0,15}\b(the kids|the children|her|him|"
    r"them|the baby|the woman|the man|the little ones?)\b)")
# A shock or tingle from the home's fixed electrics, a tap or a radiator (retired blind
# v17: "the pull switch in the bathroom still gives me a tingle when my hands are damp").
_SHOCK = _rx(
    r"\b(shock|shocks|tingle|tingling|zap|zapped|jolt|buzz)\b[^.!?\n]{0,30}\b(off|from|when (i|we|"
    r"you|he|she) touch(es|ed)?|touching) (the |my |our |a )?(" + _ELECTRICS[1:-1] + r"|pull "
    r"(switch|cord)|switch|tap|taps|radiator|shower|bath|cooker|oven|metal)",
    r"\b(" + _ELECTRICS[1:-1] + r"|pull (switch|cord)|switch|tap|radiator|shower)\b[^.!?\n]{0,40}"
    r"\b(gives?|gave|giving) (me|us|him|her|them|the kids?|you) (a |an )?(\w+ )?(shock|tingle|jolt|zap|"
    r"buzz)")
# A window that moves in its frame high up ("it isn't fixed in properly and the whole thing
# moves when the wind blows. We're on the 8th floor", retired blind v19).
_LOOSE_AT_HEIGHT = _rx(
    r"\A(?=[\s\S]*\b(window|frame|balcony|railings?|handrail|balustrade)\b)(?=[\s\S]*\b(moves?|"
    r"moving|wobbl\w*|rocks|rocking|loose|coming away|not fixed in|isn'?t fixed in|pulling away|"
    r"comes? away)\b)(?=[\s\S]*\b(\d+(st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|"
    r"eighth|ninth|tenth|top) (floor|storey)\b)")
# Asbestos disturbed, dust about now ("drilled straight into the textured ceiling… without
# checking the asbestos register… dust all over my hallway right now", retired blind v19).
_ASBESTOS_DUST = _rx(
    r"\A(?=[\s\S]*\b(asbestos|artex)\b)(?=[\s\S]*(?<!no )(?<!not )(?<!without )\b(dust|dusty)\b)")
_NO_SMOKE_ALARM = _rx(r"\b(no|without a|without any) (working )?smoke alarms?( at all)?\b(?! "
                      r"(is|was) needed)|\bliving with no smoke alarm")

# Live wiring in reach, and a rail gone where someone has already fallen (retired blind v20:
# "Meter cupboard in our lobby left open… wires hanging out, kids… playing in it", "The
# handrail on the communal stairs has been hanging off for two months… My neighbour fell
# last week"). On the corpus: 75 dangers and 1 routine message, 6 and 1.
_LIVE_WIRES = _rx(r"\b(wires?|cables?|wiring)\b[^.!?\n]{0,15}\b(hanging|sticking|poking) (out|down|"
                  r"loose)\b|\b(exposed|bare|live) (electric(al)? )?(wires?|wiring|cables?)\b")
_RAIL_GONE_AFTER_A_FALL = _rx(
    r"\A(?=[\s\S]*\b(hand ?rail|banister|bannister|stair ?rail|grab ?rail)s?\b[^.!?\n]{0,60}"
    r"\b(hanging off|come away|came away|coming away|come off|came off|hanging|loose|missing|"
    r"broken|snapped)\b)(?=[\s\S]*(?<!not )(?<!nobody has )(?<!no one has )(?<!nobody's )(?<!hasn't )(?<!haven't )(?<!hasnt )"
    r"\b(fell|fallen|falls|tripped|nearly went|went flying)\b)")

# The water told in one message, where it is in the next ("water coming through my kitchen
# ceiling" / "its right by the light fitting"; played residents, fifteenth session).
_WATER_ANYWHERE = _rx(_WATER)
_BY_ELECTRICS = _rx(r"\b(right |just )?(by|next to|near|beside|above|over|on|onto|into|round|"
                    r"around|behind|inside) (the |my |our |a )?" + _ELECTRICS + r"\b")
# No power for someone who depends on it: an oxygen concentrator, a ventilator, dialysis at
# home (played residents: "the power's off and my husband's oxygen machine needs it").
_NO_POWER = _rx(r"\b(no|without|lost( the)?|lost all|cut off|no working) (power|electric|"
                r"electricity|electrics)\b|\b(power|electric|electricity|electrics)('s| is| has| has "
                r"been|'s been)? (off|gone|out|cut|tripped|down|dead)\b|\bpower cut\b")
_DEPENDS_ON_POWER = _rx(r"\boxygen\b|\bconcentrator\b|\bventilator\b|\bdialysis\b|"
                        r"\bnebuli[sz]er\b|\bsuction machine\b|\bfeeding pump\b|"
                        r"\bair mattress\b|\bhoist\b|\bstair ?lift\b|\binsulin\b")
# Someone who cannot get out and cannot use the stairs: "wheelchair user on the 9th floor,
# lift broken, trapped" (not every broken lift: "I cannot leave my flat" alone is a complaint)
_TRAPPED = _rx(r"(?<!'d be )(?<!would be )(?<!might be )(?<!could be )(?<!get )"
               r"\b(stuck|trapped|can'?t get out|cannot get out|can'?t leave|cannot leave|"
               r"no way out)\b[^.!?\n]{0,80}\b(wheelchair|mobility scooter|can'?t (do|manage|"
               r"walk) (the )?stairs)\b",
               r"\b(wheelchair|mobility scooter|can'?t (do|manage|walk) (the )?stairs)\b"
               r"[^.!?\n]{0,80}(?<!'d be )(?<!would be )(?<!might be )(?<!could be )(?<!get )"
               r"\b(stuck|trapped|can'?t get out|cannot get out|no way out|"
               r"can'?t leave|cannot leave)\b")

# A home that cannot be kept shut now, and people kept in it (retired blind v22: "the
# joiner 'fixed' my front door and it still doesn't lock — I'm wedging a chair under the
# handle every night", "my ex still has a key and keeps letting himself in… I'm scared to
# come home", "some men have moved into his flat… they won't let him leave"). A window that
# will not lock high up is not one: only doors, and only now.
_CANNOT_SECURE = _rx(
    r"\b(front|back|main|flat|entrance|outside|patio) doors?\b[^.!?\n]{0,40}\b(still )?(doesn'?t|"
    r"does not|won'?t|will not|can'?t|cannot|can not) (lock|shut|close|secure)\b",
    r"\b(i'?m|i am|we'?re|we are|i'?ve been|we'?ve been|i have been) (wedging|propping|jamming) "
    r"(a|the) (chair|sofa|table|wardrobe)",
    r"\b(ex|ex-?partner|ex-?husband|ex-?wife|abuser|abusive)\b[^.!?\n]{0,60}\b(has|still has|"
    r"still got|has got|kept) (a |the |his |her )?keys?\b",
    r"\bletting (him|her)self in\b|\blets (him|her)self in\b")
_KEPT_IN = _rx(r"\b(won'?t|will not|wouldn'?t|don'?t) let (him|her|me|us|them) (leave|out|go out|"
               r"use (his|her|my|the) phone)\b|\bcuckoo(ed|ing)\b|\bheld (hostage|captive)\b")
# The fire doors on a landing taken away and not put back (retired blind v22).
_FIRE_DOORS_GONE = _rx(
    r"\bfire doors?\b[^.!?\n]{0,40}\b(ripped (off|out)|removed|taken (off|out|away)|missing|"
    r"never (fitted|replaced|put back))\b|\bno fire doors?\b|\b(ripped|taken|removed) (off |out )?"
    r"(the |our |all the )?fire doors\b")
# A block's shared entrance that does not lock is a repair, not a home left open.
_SHARED_ENTRANCE = _rx(r"\b(door entry|lobby|communal|entrance door|main entrance|the block)\b")
# No water at all where someone depends on it: a disabled child's tube feeds (retired blind
# v22).
_NO_WATER = _rx(r"\bno (running |cold |mains )?water( at all)?\b|\bwater('s| is| has been)? "
                r"(off|cut off)\b|\bnothing (comes |coming )?(out of|from) (the|any) taps?\b")
_DEPENDS_ON_WATER = _rx(r"\bdisabled\b|\btube ?fe(ed|eds|eding)\b|\bpeg fe|\bdialysis\b|"
                        r"\bcatheter\b|\bstoma\b|\bincontinen|\bnew ?born|\bbaby\b|"
                        r"\bbed ?bound\b|\bchemo")


def possible_danger(text: str) -> bool:
    """Whether the words tell of water on electrics, no heat for someone frail, old, ill,
    newborn or pregnant, no power for someone who depends on it, someone trapped, something
    coming down on people or no smoke alarm, and nothing says it is over: worth asking
    whether anyone is in danger."""
    said = text or ""
    if _NOT_DANGER_NOW.search(said) and not _BACK_OR_STILL.search(said):
        return False
    return bool(_WATER_ON_ELECTRICS.search(said) or _COMING_DOWN.search(said)
                or _NO_SMOKE_ALARM.search(said) or _SHOCK.search(said)
                or _CO_SIGNS.search(said) or _VIOLENCE_HEARD.search(said)
                or _LOOSE_AT_HEIGHT.search(said) or _ASBESTOS_DUST.search(said)
                or (_WATER_ANYWHERE.search(said) and _BY_ELECTRICS.search(said))
                or (_NO_POWER.search(said) and _DEPENDS_ON_POWER.search(said))
                or _TRAPPED.search(said) or _LIVE_WIRES.search(said)
                or _RAIL_GONE_AFTER_A_FALL.search(said)
                or _SMELL_BY_GAS.search(said) or (_CANNOT_SECURE.search(said)
                                                  and not _SHARED_ENTRANCE.search(said))
                or _KEPT_IN.search(said) or _FIRE_DOORS_GONE.search(said)
                or (_NO_WATER.search(said) and _DEPENDS_ON_WATER.search(said))
                or (_NO_HEAT.search(said) and _DEPENDS_ON_HEAT.search(said)))


# --- asking to complain (Code 1.3) and dissatisfaction ------------------------

_ASKS_TO_COMPLAIN = _rx(
    r"(want|wish|would like|like|need)( to)? (make|raise|log|lodge|put in|register|file|submit)"
    r"( a| this as a| it as a| this as| it as)?( formal)? complaint",
    r"(log|treat|record|take|raise|register) (this|it) as a (formal )?complaint",
    r"(want|wish|would like|like|going) to complain",
    # "thanks. can i complain about the first man you sent though?" (played resident ea-10
    # was thanked for a compliment)
    r"can (i|we) (still |also |now )?(make a )?complain(t)? (about|regarding|that|over)\b",
    r"\bformal complaint\b|\bthis is a complaint\b|\bmake (this|it) a (formal )?complaint",
)

# A promise broken: "you said it would all be done before i moved in", "the 'six week'
# decant … is now on week seventeen" (retired v19: a repair logged, a question passed on).
_PROMISES_BROKEN = (
    r"\b(you|u|they|your \w+)( had)? (said|promised|told (me|us|him|her))\b[^.!?\n]{0,30}\b(it|they|"
    r"everything|that|this)('d| would| will)( all)? be (done|fixed|sorted|ready|cleaned|finished|"
    r"repaired|sorted out)\b",
    r"\bnow (on|at|into|in) (week|month|day) (\d+|[a-z]+teen|twenty|thirty|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve)\b",
)
_PROMISE_BROKEN = _rx(*_PROMISES_BROKEN)

# Plain words of dissatisfaction (Code 1.2-1.3). Used only to settle a close call
# between complaint and service request, never to decide a label on their own.
_DISSATISFACTION = _rx(
    r"(?<!not )(?<!n't )\bcomplain(t|ts|ing)?\b|\bescalat",
    r"not (happy|good enough|acceptable|impressed|satisfied|fair)\b|unhappy|dissatisf|disappoint|"
    r"unacceptable|disgrac|disgust|appall|shocking|ridiculous|a joke\b|useless|incompeten|"
    r"fed up|sick (of|and tired)|had enough|let down|fob(bed)? off|ignored|furious|angry|livid|frustrat|"
    # "need to moan about…"; "this lift breaks EVERY week" (retired v12)
    r"\b(a|to) moan\b|\bmoan(ing)? about\b|"
    r"\b(breaks?|broken|breaks down|fails|packs up|goes off|is out) (down )?(every|each) (single )?"
    r"(week|month|few days|other week|winter)\b",
    r"(nobody|no one|noone|no-one)[^.!?\n]{0,20}(came|turned up|showed up|called back|rang back|got back)|"
    r"(didn.?t|did not|never|failed to)\s(turn up|show|come|call back|ring back|arrive|reply|respond|get back)|"
    r"no.?show|(missed|cancelled)[^.!?\n]{0,15}(appointment|visit)|"
    r"rude|dismissive|unprofessional|(poor|bad|terrible|awful|shoddy) (service|workmanship|job|communication)",
    r"\b(was|were) (meant|supposed|due|booked) to (come|be here|arrive|call|ring|turn up|fix|visit)|"
    r"cancelled[^.!?\n]{0,40}\bno (new |other |further )?(date|explanation|reason|notice|warning)",
    # "Is anyone actually dealing with mutual exchanges? Applied in January, heard nothing"
    # (retired v17: read as a question, and offered a call-back three times)
    r"\b(is|are) (anyone|anybody|someone|somebody|you|u) (actually|even|ever|really) (dealing|checking|monitoring|managing|"
    r"looking|reading|working|doing anything)\b",
    r"\b(applied|asked|emailed|wrote|rang|phoned|reported it|put in)\b[^.!?\n]{0,40}"
    r"\b(heard nothing|not heard (anything|a thing|back)|no (reply|answer|response|word)|"
    r"nothing back|nobody (got back|replied|answered))\b",
    # "this lift broke 3 times this month and you did nothing", "told its 5 day job?? wtf"
    r"\b(you|u|ya|they)( have|'ve| 've)? (did|done|do) (nothing|fuck all|sod all|jack)\b|"
    r"\bnothing (has been|was|got|gets|ever gets) done\b|\bwtf\b|\bffs\b|"
    r"\b(you|u|they) (never|don'?t|dont|do not) (listen|care|bother)\b",
    # Asked, but not for an answer: "how many times do I have to report the dog before you
    # lot actually DO something", "why does it take 3 visits to fix a tap" (retired v10).
    r"\bhow many (more )?times (do|have|must|will|should) (i|we) (got |have |need |going )?(to )?"
    r"(report|ring|call|tell|ask|chase|email|complain)|"
    r"\bbefore (you|u|your lot|you lot|anyone|someone|somebody) (actually |finally )?"
    r"(do|does|did|sort|fix)e?s? (something|anything|it)\b|"
    r"\bwhy (does|did|do|is) (it|this|everything) (take|taking|so hard|so difficult)\b|"
    # "Is anyone actually going to fix the telly aerial at Holbrook House or what" (retired v9)
    r"\b(is|are) (anyone|anybody|someone|somebody|you|u|you lot) (actually|ever|even) "
    r"(going to|gonna)\b|\bor what\W*$",
    # Outrage asked as a question: "told my neighbour I'm behind on rent. How is that
    # allowed??" (retired v12); "is that allowed?" alone may be a real question.
    r"\bhow (is|was|can) (that|this|it) (be )?(allowed|acceptable|legal|right|fair|ok|okay)\b|"
    r"\bhow (can|could|dare) (you|they|your \w+) (do|say|get away with|treat)\b",
    *_PROMISES_BROKEN,
    # "He's had a really rough few weeks because of how some things have been handled"
    # (retired v20: recorded as a compliment)
    r"\bbecause of (how|the way) (\w+ ){0,3}(has|have|had|was|were) been (handled|dealt with|"
    r"treated)\b",
)
# Praise that means the opposite: "Brilliant service as always. Boiler fixed Monday, broken
# again Tuesday. Slow clap." (retired v20: recorded as a compliment)
_SARCASM = _rx(r"\bslow clap\b|\b(thanks|cheers|ta) for nothing\b|\byeah,? right\b|"
               # "7am / SATURDAY / angle grinder / outside my bedroom window / thanks so much
               # for the heads up" (retired v24: thanked for a compliment)
               r"\b(thanks|thank you|cheers)( so much| very much| a lot)? for the (heads up|"
               r"warning|notice)\W*$",
               # praise "as always" with the failure it mocks in the same message
               r"\A(?=[\s\S]*\b(brilliant|great|fantastic|excellent|amazing|stellar|outstanding|top|"
               r"superb|wonderful|lovely) (service|work|job|stuff)\b[^.!?]{0,15}\b(as (always|usual|"
               r"ever)|really|eh|not|yet again)\b)(?=[\s\S]*\b((broken|broke|leaking|failed|stopped|"
               r"packed up|off|back) again|"
               r"still (not|broken|leaking|waiting|nothing)|never (came|turned up|fixed|showed)|"
               r"nobody (came|turned up)|never (turned|turn|showed|show) up|no[- ]shows?|"
               # "THREE days off work for your contractors who never turned up. Fantastic
               # service, really." (played resident et-06: filed as a compliment)
               r"(days?|day) off work)\b)")


# Dissatisfaction with how *we* dealt with a neighbour problem, or with our staff (Code
# 1.2: "actions or lack of action by the landlord, its own staff"): a complaint, not a
# new ASB report. Anger at the neighbour ("sick of it", "furious") is not enough.
_OUR_HANDLING = _rx(
    r"\bcomplain(t|ts|ing)? about (the |my |your |how )|\bcomplain(ing)? (to|about) (you|the officer)",
    # "u keep saying its my fault n charging me £95" (retired v23: bed bugs filed as an ASB
    # report, no complaint offered)
    r"\b(you|u|ya|your \w+( team)?) (keep|keeps|kept) (saying|telling me|blaming|charging)\b|"
    r"\b(you|u)('re| are| r)? (charging|charged|recharging|recharged) (me|us)\b",
    # Our officer gave the reporter away ("your housing officer told him it was my client who
    # reported the noise"), and "a complaint, not another report" (played residents,
    # fifteenth session: both were filed as the same ASB report again).
    r"\b(your|the|our) (housing |neighbourhood |asb |tenancy )?(officer|staff|team|worker)\b"
    r"[^.!?\n]{0,60}\b(told|gave|showed|said to|passed on|revealed|shared|disclosed|named)\b"
    r"[^.!?\n]{0,60}\b(reported|complained|my name|his name|her name|their name|my details|"
    r"his details|her details|who (it was|had|called|rang))",
    r"\b(reported|complained about) (him|her|them)\b[^.!?\n]{0,40}\b(your|the|our) (housing |"
    r"neighbourhood |asb |tenancy )?(officer|staff|team) (told|gave|showed|named)\b",
    r"\bcomplaint,? (and )?not (another|a|an) (\w+ )?(report|asb)\b|\bnot (just )?another report\b",
    r"\b(case|report|complaint)s? (was |were |has been |have been |got |is |now )?"
    r"(closed|shut|ended|dropped)|"
    r"\b(closed|shut|ended|dropped|closing) (down )?(my|the|our|his|her) (\w+ )?(case|report|complaint)",
    r"(handled|handling|dealt with|dealing with|deal with) (my|the|this|our|his|her) "
    r"(asb |noise )?(case|report|complaint|reports)",
    r"unprofessional|dismissive|fob(bed)? (me )?off|\bearplugs?\b|lifestyle (differences?|clash)",
    # "A lot has changed there recently without anyone telling us" (retired v24: a mother's
    # complaint about her son's supported house filed as an ASB report)
    r"\bwithout (anyone|anybody|any ?one|you|your \w+|the \w+) (ever )?(telling|asking|consulting|"
    r"informing|warning|letting) (us|me|him|her|them|the family|residents)\b|"
    r"\b(nobody|no one|noone|no-one) (told|asked|consulted|informed|warned) (us|me|him|her|them|"
    r"the family|residents)\b",
    r"(officer|team|staff|manager|you|your \w+)[^.!?\n]{0,40}\b(told|said|says?|asked)\b[^.!?\n]{0,12}"
    r"\b(me|us|i|to)\b[^.!?\n]{0,40}\b(earplugs|ignore|put up with|toughen|move|police matter|"
    r"nothing (they|we|you) can|can'?t do (anything|nothing)|not (our|their) (job|problem))",
    r"(officer|staff|worker|manager|your \w+|spoke|talked|discussed|told|went through)"
    r"[^.!?\n]{0,60}\b(in front of|where (\w+ ){0,3}(could|can) hear)\b|breach of (my )?(privacy|confidence)|"
    r"told (the|my) neighbou?r (it was|that i|who)",
    # "the only response they've had from your officer was advice to keep themselves to
    # themselves": what we did, dismissed
    r"\bthe only (response|reply|answer|help|thing|contact) (i|we|they|he|she)?('ve| have| has|'s)? ?"
    r"(had|got|been given|received)\b",
    # What we did ourselves, not the neighbour: "you FORWARDED my email to her. With my
    # name on it", "you put laminate in and now i can hear EVERYTHING" (retired v10).
    r"\b(you|u|your \w+)( have| had|'ve)? (forwarded|passed on|passed|gave|given|shared|"
    r"sent|showed|shown|disclosed|read out) (her|him|them|the neighbou?rs?|my|our)\b[^.!?\n]{0,25}"
    r"\b(email|e-mail|letter|name|details|address|number|complaint|report|diary|statement)s?\b|"
    r"\b(you|u|your \w+)( have|'ve)? (put|fitted|laid|installed) (in )?(the |a |new )?"
    r"(laminate|wooden floor|hard floor|flooring)\b|\b(laminate|wooden floor|hard floor|flooring)"
    r"\b[^.!?\n]{0,30}\b(you|u|your \w+) (put|fitted|laid|installed)\b",
    # "I reported the first two and all I got was a leaflet"
    r"\ball (i|we|they|he|she)('ve| have| has)? (ever )?(got|had|get|were given|was given|"
    r"received) (back )?(was|is|were)\b",
    r"(officer|team|staff|manager|\byou|your \w+)[^.!?\n]{0,60}\badvi(ce|sed)( (me|us|them|him|her))? "
    r"to\b",
    # Damage our own people did, told with a danger: "her front door's been forced by your gas
    # people", "your locksmith took the lock out and never came back"; an alarm of ours that
    # nobody answers: "She pressed the alarm and it just rings out" (retired v14: the
    # emergency repair was logged and the complaint never offered).
    r"\b(forced|broken|broke|damaged|smashed|split|ripped (out|off)|cut|drilled (into|through)|"
    r"taken (out|off|away)|left (open|unsafe|hanging))\b[^.!?\n]{0,20}\bby (your|ur|the) "
    r"(gas |electric |repairs? )?(people|engineers?|contractors?|workm[ae]n|builders?|"
    r"locksmiths?|electricians?|plumbers?|roofers?|operatives?|fitters?|lads|men|staff)\b|"
    r"\b(your|ur) (gas |electric |repairs? )?(people|engineers?|contractors?|workm[ae]n|builders?|"
    r"locksmiths?|electricians?|plumbers?|roofers?|operatives?|fitters?|lads|men|staff)\b"
    r"[^.!?\n]{0,40}\b(forced|broke|damaged|smashed|split|ripped (it |them )?(out|off)|"
    r"drilled (into|through)|took (it |them |my |the |our )?(\w+ )?(out|off|away)|never came back|"
    r"walked off|just left)\b|"
    # "the emergency button just rings and rings" (retired v25: a mother trapped in a lift;
    # the repair was logged and the complaint never offered)
    r"\b(alarm|emergency button|alarm button|help button|pull ?cord|emergency cord|careline|"
    r"lifeline)s?\b[^.!?\n]{0,30}\b(just )?(rings out|rings and rings|goes unanswered|nobody "
    r"(answers|picks up|came)|no one (answers|picks up)|no answer|goes to (a |an )?(recording|"
    r"answer ?phone|voicemail|answering machine))\b|"
    # "the alarm button does nothing" (retired v16: trapped in a lift, and never offered the
    # complaint): the lift or warden alarm we keep does not work
    r"\b(alarm button|lift alarm|emergency button|emergency cord|pull cord|careline|"
    r"lifeline)\b (does nothing|did nothing|doesn'?t work|didn'?t work|isn'?t working|"
    r"is not working|not working|doesn'?t connect|didn'?t connect|is dead|was dead)\b",
)
# A nuisance caused by our own people ("your workmen start drilling at 7am next door"):
# a complaint about us (Code 1.2), not an ASB report about a neighbour.
_OUR_PEOPLE = _rx(
    r"\b(your|ur|yr) (own )?(workm[ae]n|contractors?|builders?|staff|engineers?|operatives?|"
    r"scaffolders?|fitters?|caretakers?|cleaners?|gardeners?|roofers?|plumbers?|"
    r"surveyors?)\b|"
    # Our own officers and works, named without "your": "housing officer shouted at me",
    # "the void works next door drilling 8 till 8".
    r"\b(housing|neighbourhood|tenancy|estate|asb|income|rent|scheme|patch) (officer|manager)s?\b"
    r".{0,30}\b(shouted|screamed|swore|was rude|rude|laughed|ignored|refused|threatened|"
    r"hung up|did nothing|never|hasn'?t|won'?t|didn'?t|wouldn'?t)\b|"
    r"\bvoid (works?|property|flat|team)\b|"
    # Our people passing a resident's details on: "the housing officer showed the neighbour
    # mum's letter with her name and number", "you gave him my address" (played residents,
    # thirteenth session: filed as an ASB report about the neighbour).
    r"\b(officer|manager|staff|caretaker|you|your office|your team|someone from (your|the) "
    r"(office|team))\b[^.!?\n]{0,30}\b(showed|shown|gave|given|shared|passed( on)?|handed|"
    r"forwarded|sent|read out|told|leaked|disclosed)\b[^.!?\n]{0,40}\b(letter|details|"
    r"address|number|name|complaint|email|diary|statement|report)\b|"
    # "The caretaker said he'd 'put it on the list'", "need to moan about the window
    # people" (retired v12): our staff and contractors without "your".
    r"\bthe (caretaker|cleaners?|concierge|estate (team|services)|window (people|fitters?|men|"
    r"company)|repairs? (team|people|men|lot))\b[^.!?\n]{0,40}\b(said|says|told|promised|keeps?|"
    r"won'?t|hasn'?t|never|didn'?t|refused|shrugs?|shrugged|ignored|on the list|not his job|"
    r"not her job)\b|"
    r"\b(moan|complain|whinge)\w* about (the|your) (\w+ )?(people|men|fitters?|lot|company|firm|"
    r"contractors?|workmen|builders?)\b|"
    # "The man fitting my new kitchen is smoking inside my flat" (retired v14: filed as ASB)
    r"\bthe (man|men|guy|guys|lad|lads|bloke|blokes|worker|workers|woman|fitter) (who (is|was|are|"
    r"were|came|come) )?(fitting|doing|fixing|repairing|painting|plastering|replacing|tiling|"
    r"decorating|installing|to (fit|do|fix|repair|paint|replace))\b",
)
# Our people not doing what they are there to do: "ur caretaker is meant to wheel them out
# on a weds and he doesnt" (retired v24: its answer to "shall I ask our team to get back to
# you?" was passed on as a question).
_DUTY_NOT_DONE = _rx(
    r"\b(meant to|supposed to|paid to|should be|should|is there to)\b[^.!?\n]{0,60}\b(and|but) "
    r"(he|she|they|it|nobody|no one|noone)\b[^.!?\n]{0,15}\b(doesn'?t|does not|don'?t|do not|"
    r"never|hasn'?t|has not|haven'?t|isn'?t|aren'?t|won'?t|didn'?t)\b")


def our_people_fail_their_duty(text: str) -> bool:
    """Our staff or contractors named, and not doing what they are meant to."""
    return bool(_OUR_PEOPLE.search(text or "") and _DUTY_NOT_DONE.search(text or ""))


# Told us before, and we did nothing: only with a report before (Code 1.5).
_NOTHING_DONE = _rx(
    # "nothing whatsoever has been done" (played resident tl-04, twentieth session)
    r"nothing( whatsoever| at all)?('s| has| have| was| is)? (been |being |ever )?(done|happened|"
    r"changed|happen|change)|"
    r"nothing since|no action|(done|did|do) nothing|(not|n't|never) (done|did) (anything|a thing)",
    r"(nobody|no one|noone|no-one|never|not once)[^.!?\n]{0,30}\b(call(ed)?|rang|rung|ring|get|got|came|come|"
    r"contact(ed)?|spoke|speak|spoken|visit(ed)?|repl(y|ied)|respond(ed)?|heard|went|go|been|"
    r"told me|let me know|informed|explained)\b",
    r"(never|haven'?t|have not|hasn'?t|has not|didn'?t|did not|not) (heard|had|got|been given) "
    r"(back|anything|a thing|a reply|a call|an update|any)",
    r"\bno (change|difference|update|reply|response|call back|callback)\b",
    r"(nobody|no one|noone|no-one)('s| has| have)? (ever )?(fixed|sorted|repaired|dealt|done|bothered)|"
    # "She's been reporting youths in her stairwell since the autumn and feels nobody is
    # listening" (retired v25: filed as a new ASB report)
    r"(nobody|no one|noone|no-one)( is| was| are|'s)? (ever )?(listening|listens|listened|cares|"
    r"bothered|interested|taking (it|this|me|us|her|him|them) seriously)\b|"
    r"still (nothing|not (been )?(fixed|sorted|done|repaired|mended|removed|cleaned)|no(t a)? "
    r"(sign|word|date))|"
    # "Someone sprayed racist graffiti on my front door three weeks ago. It's STILL there…
    # I reported it the same day." (retired v23: filed as a new ASB report)
    r"\b(it'?s|its|it is|they'?re|they are|graffiti is|it'?s all) still (there|up|on (the|my|our) "
    r"\w+)\b",
    r"(said|say|says|promised|told me)[^.!?\n]{0,30}\b(would|will|'d|going to)\b[^.!?\n]{0,60}"
    r"(never|nothing|didn'?t|hasn'?t|still|nobody|no one|not)",
    # "I get a letter saying 'we are monitoring' and that's it. What is actually being done?"
    # (retired v12)
    r"\band that'?s (it|all)\b|\bwhat('?s| is| are you) (actually |even |really )?(being )?done\b|"
    r"\bwhat (are|is) (you|u|your \w+|the \w+ team) (actually |even |really )?doing\b",
)
_TOLD_US_BEFORE = _rx(
    r"\breport(ed|ing)?\b(?![^.!?\n]{0,25}\b(police|council|101)\b)[^.!?\n]{0,60}"
    r"\b(before|times|twice|again|already|weeks?|months?|"
    r"in (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*|since|last)\b",
    r"(i|we)'?(ve| have)? (reported (it|this|them|him|her)\b(?! to the police)|"
    r"(told|rang|called|emailed|written to) (you|your))",
    r"\b(second|third|fourth|fifth|sixth|\d+(st|nd|rd|th)) time\b|\b(job|ref(erence)?) (no|number)\b",
    r"\b(asb|housing|neighbourhood|tenancy|case) (officer|team)|\bthe officer\b|\bref(erence)?\b|"
    r"\bwrite again\b|\bagain\b",
)


def complains_of_our_handling(text: str, prior_report: bool = False) -> bool:
    """Whether a message about a neighbour (or our staff) is unhappy with how we acted.

    Reported before and nothing done, a case closed without a word, an officer who said
    "try earplugs", an officer's conduct: a complaint (Code 1.2, 1.5), never an ASB
    report filed again."""
    text = text or ""
    if _OUR_HANDLING.search(text):
        return True
    told_us = prior_report or bool(_TOLD_US_BEFORE.search(text))
    return told_us and bool(_NOTHING_DONE.search(text))



def unhappy_with_us(text: str, prior_report: bool = False) -> bool:
    """Dissatisfaction in plain words, or with how we acted on something told us before:
    the resident is given the choice to complain (Code 1.3, 1.5)."""
    return expresses_dissatisfaction(text) or complains_of_our_handling(text, prior_report)


def asks_to_complain(text: str) -> bool:
    return bool(_ASKS_TO_COMPLAIN.search(text or ""))


def praises(text: str) -> bool:
    """Whether the words praise someone or something ("an absolute star", "brilliant job")."""
    return bool(_PRAISE.search(text or ""))


def expresses_dissatisfaction(text: str) -> bool:
    return bool(_DISSATISFACTION.search(text or ""))


# --- the decision -------------------------------------------------------------


def _label_scores(intent_ranking: Iterable[dict]) -> dict[str, float]:
    scores = {label: 0.0 for label in LABELS}
    for item in intent_ranking or []:
        name = item.get("name")
        conf = float(item.get("confidence") or 0.0)
        label = name if name in scores else CONVERSATION_LABELS.get(name)
        if label:
            scores[label] = max(scores[label], conf)
    return scores


def _ranked(scores: dict[str, float]) -> list[tuple[str, float]]:
    return sorted(scores.items(), key=lambda kv: kv[1], reverse=True)


def _next_reading(scores: dict[str, float], not_this: str) -> tuple[str, float]:
    """The best label but one: the reading that stands when ``not_this`` is set aside."""
    return _ranked({k: v for k, v in scores.items() if k != not_this})[0]


def learned_flags(scores: Mapping[str, Any] | None, answer: bool = False) -> dict[str, bool]:
    """The flags the triage heads gave (all False when the model has no heads)."""
    scores = scores or {}
    flags = {name: bool((scores.get("flags") or {}).get(name)) for name in FLAGS}
    if answer:
        flags["emergency"] = float((scores.get("p") or {}).get("emergency") or 0.0) >= ANSWER_DANGER
    return flags


def triage_answer(text: str, scores: Mapping[str, Any] | None = None) -> Triage:
    """What a reply to one of the bot's questions adds: flags only, never a new label."""
    flags = learned_flags(scores, answer=True)
    flags["emergency"] = flags["emergency"] or safety_net(text)
    return Triage(UNCLEAR, confidence=0.0, **flags)


def triage_message(text: str, intent_ranking: list[dict],
                   scores: Mapping[str, Any] | None = None) -> Triage:
    """Triage one resident message that starts (or adds to) a matter.

    `intent_ranking` is Rasa's `parse_data["intent_ranking"]`; `scores` its
    `parse_data["triage_scores"]` from the triage heads."""
    text = text or ""
    flags = learned_flags(scores)
    label_scores = _label_scores(intent_ranking)
    label, confidence = _ranked(label_scores)[0]
    grave = safety_net(text) and not (told_as_past(text) and _danger_p(scores) < PAST_DANGER_P)
    if not grave and answers.only_asks_to_complain(text) and not possible_danger(text):
        # "complaint" alone, whatever the learned reading makes of one word (played resident
        # ts-06, twenty-first session: told to call 999, and a 24-hour emergency clock on a
        # complaint about a dirty bin area): a complaint, and no danger told.
        label, confidence = "complaint", max(confidence, label_scores.get("complaint", 0.0))
        flags["emergency"] = False
        return _decide(text, label, confidence, label_scores, flags)
    if label == "emergency" and not grave and confidence < EMERGENCY_LABEL_SURE and \
            _danger_p(scores) < DANGER_SURE:
        # An unsure emergency label ("drain blocked again and it stinks"): the message's
        # substance is the next label, and whether anyone is in danger is asked.
        label, confidence = _next_reading(label_scores, "emergency")
        flags["emergency"] = True
        result = _decide(text, label, confidence, label_scores, flags)
        return replace(result, check_danger=True)
    if flags["emergency"] and not grave and _ASKS_TO_COMPLAIN.search(text) and \
            len(text.split()) <= 10 and not possible_danger(text):
        # "i want to make a complaint" and nothing more tells no danger, whatever the
        # learned head gives it (played resident et-10: p 0.85, told to call 999 and a
        # 24-hour hazard clock started on a complaint about staff conduct).
        flags["emergency"] = False
    sure = grave or label == "emergency"
    unsure = flags["emergency"] and not sure and _danger_p(scores) < DANGER_SURE
    if not flags["emergency"] and not sure and possible_danger(text):
        # Water on electrics, or no heat for someone who depends on it, told in words the
        # learned reading missed: asked about, not assumed.
        flags["emergency"] = unsure = True
    flags["emergency"] = flags["emergency"] or sure
    if _FIRST_TELLING.search(text):
        # "This is the first time I'm telling you", "I haven't reported this before"
        # (retired blind v15: both read as an earlier report).
        flags["prior_report"] = False
    if grave and label in _GRAVE_OVERRIDES and learned_flags(scores)["emergency"]:
        # Gas, carbon monoxide or fire told as a question or a request ("CO alarm going off,
        # whats the number for the emergency people", "faint gassy smell on and off, should
        # I be worried?"; retired blind v15), and the learned reading sees danger too: the
        # emergency repair is what is offered.
        label = "emergency"
    if label == "emergency" and unhappy_with_us(text, flags["prior_report"]):
        # Danger told with dissatisfaction ("stuck in the lift, it broke 3 times this month
        # and you did nothing"): the substance is a complaint, with the danger flagged
        # (docs/architecture.md §3); the emergency repair is still offered first.
        return Triage("complaint", confidence=confidence, **flags)
    result = _decide(text, label, confidence, label_scores, flags)
    if result.label == "compliment" and result.confidence >= COMPLIMENT_SURE and not grave \
            and _PRAISE.search(text) and not possible_danger(text):
        # Thanks for a danger dealt with ("sorted the socket that sparked last night, really
        # quick service", "your contractor absolutely smashed it"): no compliment in the dev
        # set or any retired blind set (886) told a danger now (retired blind v17: three
        # were asked whether anyone was in danger). Water by the sockets in sarcastic
        # thanks ("Cheers for the 'emergency' roof repair… Brilliant job") is still asked.
        return replace(result, emergency=False, check_danger=False)
    return replace(result, check_danger=unsure) if unsure else result


_GRAVE_OVERRIDES = ("enquiry", "service_request", "survey_feedback")
_FIRST_TELLING = _rx(r"\b(this is|it'?s) the first time (i'?m|i am|i have|i'?ve|we'?re|we are|"
                     r"we'?ve|anyone'?s?) (telling|told|reporting|reported|raising|raised|"
                     r"contacting|contacted|mentioning)\b",
                     r"\b(i|we) (have |had )?(haven'?t|have not|hadn'?t|never) (reported|raised|"
                     r"told you about|mentioned|contacted you about) (this|it|that)( before)?\b"
                     r"(?![^.!?\n]{0,30}\bbut\b)")


def _danger_p(scores: Mapping[str, Any] | None) -> float:
    return float(((scores or {}).get("p") or {}).get("emergency") or 0.0)


# A compliment read with little confidence and no word of praise or thanks in it ("I don't
# like to make a fuss but I was quite upset by the young man who came") is not one: the
# next label stands. On the dev set and the retired blind sets both such readings were
# wrong (a danger and a complaint) and no compliment was read so.
COMPLIMENT_SURE = 0.5
_PRAISE = _rx(
    r"\bthank|\bthanks\b|\bta\b|\bcheers\b|grateful|appreciat|praise|compliment|credit|"
    r"well done|good job|great job|grt|brilliant|excellent|fantastic|amazing|superb|lovely|"
    r"wonderful|great|pleased|happy with|delighted|impressed|kind|helpful|polite|friendly|"
    r"professional|top (?:man|woman|job|notch)|star\b|gem\b|shout.?out|hats off|spot on|"
    r"a credit|cannot fault|can'?t fault|over and above|beyond|\bprops\b|kudos|impressive|"
    # "Colin in income was so understanding… I feel like I can breathe again" (retired v22)
    r"\b(so|very|really|incredibly|extremely) (understanding|patient|reassuring|supportive|"
    r"caring)\b|\bbreathe again\b",
)
# Praise read as a complaint with the compliment close behind, and no word of
# dissatisfaction: a fault told on the way to thanks ("Went a week with no working shower
# (my own fault…) but once I did, the plumber fitted a new one the same day. Brilliant.",
# "The mould… came back… but this time your contractor found the real cause… Thank you.";
# retired blind v20).
PRAISE_RUNNER_UP = 0.3


# The resident's account with us: rent and the charges we set.
_OUR_ACCOUNTS = _rx(r"\b(my|our|the|his|her|mum'?s|dad'?s) (new |weekly |monthly )?rent\b|"
                    r"\brent (account|increase|statement|arrears|payment|charge|rise)s?\b|"
                    r"\b(service|estate|heating|grounds maintenance|cleaning|water) charges?\b|"
                    r"\b(took|taken|charged|debited|collected) (my |the )?rent\b|"
                    # "got a letter saying im in arrears", "my DD went out 1st nov" (played
                    # residents, thirteenth session: sent to Citizens Advice three times)
                    r"\b(in |into )?arrears\b|\barrears letter\b|\b(my |the )?(dd|direct debit|"
                    r"standing order)\b")
# The block and estate we look after: "bins not emptied AGAIN. store minging" (retired v24:
# "not something we deal with") is about our bin store, not the council's round.
_OUR_ESTATE = _rx(r"\bbins? (store|room|area|chute|shed)s?\b|\b(bin|refuse) ?store\b|\bstore "
                  r"(minging|stinks|stinking|full|overflowing)\b|\bcaretak\w*|\bcommunal\b|"
                  r"\bstairwells?\b")
# Pests are a repair, not a neighbour's behaviour: "rats in the walls and the kitchen, near
# the baby's bottles" (played resident tp-06, twenty-first session: filed as an ASB report,
# told to call 999 and never asked where).
_PESTS = _rx(r"\b(rats?|mice|mouse|cockroach\w*|roach(es)?|bed ?bugs?|fleas|vermin|rodents?|"
             r"pest\w*|infest\w*|wasps'? nest|squirrels? in the (loft|roof))\b")
_BROKEN_INTO = _rx(r"\b(?:broke(?:n)? in(?:to)?|break-?in|burgled|burglary|burglars?)\b(?! alarm)")
_PEOPLE_NEARBY = _rx(r"\bneighbou?rs?\b|\bnext door\b|\bupstairs\b|\bdownstairs\b|\bflat (above|"
                     r"below)\b|\b(kids|youths|lads|people|someone|somebody|they)\b[^.!?\n]{0,30}"
                     r"\b(feed\w*|leav\w*|dump\w*|throw\w*)\b")
# Someone else's: a private landlord's rent, benefits, council tax.
_SOMEONE_ELSES = _rx(r"\bprivate(ly)?\b|letting agent|council tax|housing benefit|"
                     r"universal credit|\bdwp\b|\bpip\b")
# Benefit money that reached us and went wrong here: "his rent is paid directly to you from
# his Universal Credit, but those payments haven't been credited to his rent account"
# (retired v19: sent to the DWP).
_PAID_TO_US = _rx(r"\bpaid (directly |direct |straight )?(to|into) (you|your)\b|"
                  r"\b(credited|allocated|applied) to (my|his|her|their|our|the) (rent )?account\b|"
                  r"\bnot (been )?(credited|allocated)\b|\bhaven'?t been (credited|allocated)\b|"
                  r"\b(arrears|court|possession) (letters?|warning|notice)\b|\bwarning about court\b")


# A bill, an invoice or a recharge: what we charged, never a repair to log ("got a bill 4
# £145 for a lock change?? i was burgled!!" was offered a repair; retired v12).
_A_CHARGE = _rx(r"\b(bill|billed|invoice|invoiced|re-?charged?|re-?charging)\b|"
                r"\bcharged? (me|us|him|her|them|my|our)\b|\bcharged (a |an )?£\s?\d")
_DISPUTED = _rx(r"\?\?|!!|\bwhy (should|must|do|does|have|has|am|is|are|would)\b|"
                r"\b(not my fault|wasn'?t (my|me|our)|didn'?t (do|cause|break)|"
                r"(i|we) (was|were|got|had been) (burgl|broken into)|police (ref|reference|crime|"
                r"incident|number)|crime (ref|reference|number))")


# Thanks or excitement that turns sour: "honestly I was so excited but it's been a nightmare
# 😩 it's filthy", "new heating… which I'm grateful for, honestly, but it hasn't really gone
# well", "a massive thank you to your bathroom contractor for treating my flat like a
# building site canteen for a fortnight. Not." (retired v25: all three thanked for a
# compliment). No compliment in the corpus or the dev set has these words.
_TURNS_SOUR = _rx(
    r"\b(but|however|though|although)\b[^.!?\n]{0,40}\b(nightmare|disaster|shambles|"
    r"(has|have|had)n'?t (really |exactly |quite )?(gone|been|worked out|went) (well|great|good|"
    r"right|smoothly|to plan)|(has|have) not (really )?(gone|been) (well|great|good|right|"
    r"smoothly)|not (gone|been|working out|went) (well|great|right|smoothly)|(gone|going|went) "
    r"(wrong|badly)|a (mess|joke)|filthy|disgusting|awful|terrible)\b",
    r"[.!]\s*not[.!]*\s*$",
)


# Praise, then "but" and what our own people did wrong: "So the bathroom's done, which is
# nice, but honestly the lads you sent. Smoking in my kitchen doorway…, and they've wrecked
# the hall floor" (retired v14 thanked her for a compliment). Only our people and what they
# did: "the fitter was great, but the old pipes had rotted" stays praise.
_BUT_OUR_PEOPLE_DID = _rx(
    r"\bbut\b[^.!?\n]{0,30}\b(the (lads|men|guys|blokes|workm[ae]n|contractors?|fitters?|builders?|"
    r"operatives?|engineers?|decorators?)( (you|u) sent)?|your (lads|men|guys|workm[ae]n|"
    r"contractors?|fitters?|builders?|operatives?|engineers?))\b[\s\S]{0,200}\b(smok(ing|ed)|"
    r"swear(ing)?|swore|wrecked|ruined|damaged|smashed|scratched|gouged|left (a|the place in a|it "
    r"in a) (mess|state)|music blaring|blaring|rude|shouted|never (came back|finished))\b",
)


# A request for us to act, put as a question or a wish: "can someone come and look at it",
# "please can my partner be added", "I'd like to go on the list to downsize", "could you
# start that off please". Only when the classifier had a service request as a real
# possibility (ASKS_US_RUNNER_UP): "can you tell me when the bins go?" is still asked.
ASKS_US_RUNNER_UP = 0.05
_ASKS_US_TO_ACT = _rx(
    r"\b(can|could|would|will) (you|someone|somebody|u|ya|one of you)( please)? (come|pop|send|"
    r"fix|sort|arrange|book|start|add|change|set up|unlock|reset|remove|clear|replace|check|"
    r"look at|have a look|repair|fit|put|service|move|register|process|refund|cancel|update|"
    r"amend|issue|give me a (ring|call)|ring me|call me|get back to me)\b|"
    r"\bplease (can|could|would) (you|someone|i|we|my|our|the)\b|"
    r"\bplease (arrange|book|start|add|change|send|remove|replace|fit|sort|register|process|"
    r"refund|cancel|update|amend|issue|service|unlock|reset|put me|let me know what you need)\b|"
    r"\b(i|we)('d| would) like (to (apply|go on|be (put|added|moved|considered))|you to|"
    r"(a|an|my|the|our) \w+ (to be|fitted|serviced|replaced|changed|moved|added|checked))\b|"
    r"\b(can|could|may) (i|we) (get|have|be (added|put|moved|considered)|go on|apply|book|"
    r"arrange)\b|\b(start|set) (that|this|it) (off|up)\b|"
    r"\bwhat do (you|u) need from me to\b|\btell me what (you|u) need from me\b",
)
# Only how things work: "how do I apply?", "am I allowed to…?", "is it normal…?"
_ONLY_ASKS_HOW = _rx(r"^\W*(how (do|can|would|should) (i|we)|am i allowed|are we allowed|is it "
                     r"normal|what (is|are|does)|when (is|are|does))\b[^.!?]*\?\s*$")


# Anything that asks: a question mark, a question word, or words of wanting to know. An
# "enquiry" with none of them is not a request for information ("radiators only little bit
# warm / all the block is same / we are cold / company man say is normal", retired v24,
# was offered to have "your question" passed on): the next reading stands, when there are
# words enough to tell. Of the dev set's and the retired v20-v22 sets' enquiries, two have
# none of these words.
_ASKS_SOMETHING = _rx(
    r"\?|\b(how|what|wat|wats|wot|when|where|who|whom|which|why|whether|if)\b|"
    r"(^|[.!\n]\s*)(can|could|is|are|do|does|did|will|would|should|may|am|has|have)\b|"
    r"\b(is|are) (that|it|this|there)\b|\b(know|tell me|let me know|info|information|"
    r"wondering|wonder|find out|advice|advise|explain|details|question|enquir|inquir|query|"
    r"check|confirm|clarif)")

# Unsure they have come to the right place: no question about anything ("I'm so sorry to
# bother you, I don't really know if this is the right place. I'm just at the end of my
# tether…", played resident tv-05; "im not sure if this is the right place but theres no
# flooring…", retired v25: both told "I can't answer that here").
_NOT_SURE_OF_THE_PLACE = _rx(
    r"\b(?:not (?:really |quite |even )?sure|(?:don'?t|do not|dont) (?:really |even )?know|dunno|"
    r"no idea) (?:if|whether) (?:this is|i'?m in|i am in|i'?ve got|i have got|it'?s|this'?s) "
    r"(?:the )?right (?:place|person|number|people|way|department)\b|"
    r"\b(?:don'?t|do not|dont) (?:really |even )?know (?:who|where|what) (?:else )?to (?:ask|turn|"
    r"go|contact|do)\b")

_BUT_WHAT_ABOUT = _rx(r"\bbut what about\b|\bwhat about (the|my|our)\b[^.!?]*\?")


def _decide(text: str, label: str, confidence: float, label_scores: dict[str, float],
            flags: dict[str, bool]) -> Triage:
    if label == "complaint" and label_scores.get("compliment", 0.0) >= PRAISE_RUNNER_UP and \
            _PRAISE.search(text) and not expresses_dissatisfaction(text) and \
            not asks_to_complain(text) and not _SARCASM.search(text) and \
            not _BUT_OUR_PEOPLE_DID.search(text) and not _TURNS_SOUR.search(text):
        return Triage("compliment", confidence=label_scores["compliment"], **flags)
    if label == "compliment" and (_BUT_OUR_PEOPLE_DID.search(text) or _SARCASM.search(text)
                                  or _TURNS_SOUR.search(text)):
        return Triage("complaint", confidence=label_scores["complaint"], **flags)
    if label == "compliment" and _BUT_WHAT_ABOUT.search(text):
        # "Thank you. But what about the lift? It's out again today" (played resident fy-05:
        # filed as a second compliment): the thanks ends the last matter; this is the next.
        label, confidence = _next_reading(label_scores, "compliment")
    if label == "compliment" and not _PRAISE.search(text) and expresses_dissatisfaction(text):
        # No word of praise and words of dissatisfaction: not a compliment (retired v20).
        label, confidence = _next_reading(label_scores, "compliment")
    if label == "enquiry" and len(text.split()) >= 6 and \
            not _ASKS_SOMETHING.search(_NOT_SURE_OF_THE_PLACE.sub(" ", text)) \
            and not expresses_dissatisfaction(text):
        # (A bare topic, "service charge", is a question about it.)
        label, confidence = _next_reading(label_scores, "enquiry")
    if label == "compliment" and confidence < COMPLIMENT_SURE and not _PRAISE.search(text):
        label, confidence = _next_reading(label_scores, "compliment")
    if label == "asb_report" and _BROKEN_INTO.search(text) and not _PEOPLE_NEARBY.search(text):
        # "someone broke in last night" / "front door lock is smashed" (played resident
        # taa-03, twenty-second session: asked "where and when does it happen?" while her
        # door would not lock): a home to make secure, not a neighbour's behaviour. In the
        # corpus and the dev set, 3 of 127 break-ins are neighbour reports.
        label, confidence = _next_reading(label_scores, "asb_report")
    if label == "asb_report" and len(text.split()) <= 3 and not _PEOPLE_NEARBY.search(text) \
            and re.match(r"\W*(?:about|re|regarding|(?:a )?(?:question|query) (?:about|on|re))\b",
                         text, re.IGNORECASE) \
            and not re.search(r"\b(?:noise|noisy|music|shout\w*|threat\w*|drugs?|dealing|"
                              r"fight\w*|harass\w*|abuse\w*|graffiti|asb)\b", text, re.IGNORECASE):
        # "about parking", after "quick question" (played resident tu-05, twenty-first
        # session: a neighbour report opened, and her permit question lost): a topic, not
        # someone's behaviour.
        label, confidence = _next_reading(label_scores, "asb_report")
    if label == "asb_report" and _PESTS.search(text) and not _PEOPLE_NEARBY.search(text):
        label, confidence = _next_reading(label_scores, "asb_report")
    if label == "out_of_scope" and _OUR_ESTATE.search(text) and not _SOMEONE_ELSES.search(text):
        label, confidence = _next_reading(label_scores, "out_of_scope")
    if label == "out_of_scope" and _OUR_ACCOUNTS.search(text) and (
            not _SOMEONE_ELSES.search(text) or _PAID_TO_US.search(text)):
        # Their rent or charges with us are ours to answer ("u took my rent twice this
        # month", "my new rent is wrong"), never "not something we deal with".
        label, confidence = _next_reading(label_scores, "out_of_scope")

    if label in ("service_request", "asb_report") and _A_CHARGE.search(text) and (
            _DISPUTED.search(text) or expresses_dissatisfaction(text)):
        # A charge disputed is dissatisfaction with what we did (Code 1.2), not a repair.
        return Triage("complaint", confidence=confidence, **flags)
    if label == "enquiry" and label_scores.get("service_request", 0.0) >= ASKS_US_RUNNER_UP \
            and _ASKS_US_TO_ACT.search(text) and not _ONLY_ASKS_HOW.search(text):
        # A request put as a question ("Please can my partner be added to my tenancy?",
        # "could you start that off please?") asks us to act: a service request, not a
        # request for information (retired blind v13: 19 such requests read as enquiries).
        return Triage("service_request", confidence=label_scores["service_request"], **flags)
    if label == "enquiry" and expresses_dissatisfaction(text):
        # A question that is dissatisfaction ("how many times do I have to report it before
        # you do something?"), not a request for information (Code 1.3).
        return Triage("complaint", confidence=confidence, **flags)
    if label in ("survey_feedback", "service_request", "compliment") and \
            asks_to_complain(text):
        # Code 1.3 / 1.6: the resident has said they want to complain.
        return Triage("complaint", confidence=confidence, **flags)
    if confidence < MIN_CONFIDENCE and not flags["emergency"]:
        return Triage(UNCLEAR, confidence=confidence, question="what_about", **flags)
    if label == "asb_report" and (complains_of_our_handling(text, flags["prior_report"])
                                  or _OUR_PEOPLE.search(text)):
        # Code 1.2, 1.5: unhappy with how we handled the neighbour problem (or with our
        # officer): the choice to complain, not the same ASB report filed again.
        return Triage("complaint", confidence=confidence, **flags)
    if label == "service_request" and _PROMISE_BROKEN.search(text):
        # A request with a promise we broke: whether they are unhappy with how we handled
        # it is asked (Code Appendix A), never assumed either way.
        return Triage(UNCLEAR, confidence=confidence, question="dissatisfied", **flags)
    if label in ("complaint", "service_request"):
        other = "service_request" if label == "complaint" else "complaint"
        if confidence - label_scores[other] < UNCLEAR_MARGIN:
            if expresses_dissatisfaction(text):
                return Triage("complaint", confidence=label_scores["complaint"], **flags)
            if label == "service_request":
                # A calm request, even a repeat one, stays a service request.
                return Triage("service_request", confidence=confidence, **flags)
            question = "dissatisfied" if flags["prior_report"] else "reported_before"
            return Triage(UNCLEAR, confidence=confidence, question=question, **flags)
    return Triage(label, confidence=confidence, **flags)


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
    if question == "danger_check":
        # "Is anyone in danger right now?": no clears the unsure reading, yes keeps it.
        return replace(previous, emergency=previous.emergency and answer, check_danger=False)
    return previous
