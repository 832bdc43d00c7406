"""What the bot says when the words depend on data: which lines, with which values.

The words themselves are responses in bot/domain.yml (actions/phrases.py reads them),
one response per line, so a landlord can change them and a Welsh domain is possible;
here they are chosen and joined. Plain English, short enough for SMS.

Dates and numbers come from the intake API's answer or the policy file; nothing here
computes a deadline.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from actions.phrases import phrase

GAS_EMERGENCY = "0800 111 999"  # National Gas Emergency Service


def human_date(value: str | date | None) -> str | None:
    """'2026-12-07' -> 'Monday 7 December 2026'."""
    if value is None:
        return None
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return f"{day:%A} {day.day} {day:%B %Y}"


_CARBON_MONOXIDE = re.compile(
    # "CO" only as carbon monoxide: never "hartleycole.co.uk", "Hartley & Co" or the Co-op
    # (played resident gh-07, a solicitor's letter, was told three times to get out).
    r"carbon monoxide|(?<![.@&/-])(?<!& )\bco\b(?![.\-/]\w)(?=[^.!?\n]{0,30}\b(?:alarm|detector|"
    r"monitor|poisoning|levels?|reading|going off|beeping|sounding|leak\w*)\b)|co2? alarm|"
    r"co detector|"
    # Fumes from a boiler, fire or flue with headaches, dizziness or sickness.
    # "im sick of this" is no sickness (played resident fy-01 was told to get out into fresh
    # air when she asked for a heater).
    # In one sentence: a social worker's letter with "the youngest child has been unwell with a
    # chest infection" and "two small electric heaters" (played resident tn-05, twentieth
    # session) was told to get out into fresh air.
    r"\b(?:boiler|flue|gas fire|(?<!electric )(?<!electric oil )heaters?|fumes?)\b[^.!?\n]{0,100}"
    r"\b(?:headaches?|dizzy|dizziness|sick(?! of| and tired| to death| to the back)|nause\w*|"
    r"drowsy|faint\w*|unwell)\b|"
    r"\b(?:headaches?|dizzy|dizziness|sick(?! of| and tired| to death| to the back)|nause\w*|"
    r"drowsy|faint\w*|unwell)\b[^.!?\n]{0,100}\b(?:boiler|flue|gas fire|"
    r"(?<!electric )(?<!electric oil )heaters?|fumes?)\b",
    re.IGNORECASE)


_WATER = re.compile(r"\b(?:water|leak\w*|flood\w*|burst|pouring|dripping|drips)\b",
                    re.IGNORECASE)
# Water that is not escaping ("no hot water", "the water's off"): no stopcock advice.
_NO_WATER = re.compile(r"\b(?:no|without|any)\s+(?:heat(?:ing)?\s+(?:or|and|n|&)\s+)?(?:hot\s+|running\s+|cold\s+)?water\b|"
                       r"\bwater(?:'s| is| are| has been| have been| was| were| has)?\s+(?:off|gone|"
                       r"cut off|stone cold)\b|"
                       # "The heating and hot water stopped yesterday" (played resident k-09
                       # was told to turn off the stopcock)
                       r"\b(?:hot|running|cold)\s+water\s+(?:has\s+|have\s+|had\s+|is\s+|are\s+)?"
                       # "heating and hot water have packed in" (played resident tz-02,
                       # twenty-second session: told to turn off the stopcock)
                       r"(?:stopped|gone|off|not working|packed (?:up|in)|conked out|broken|"
                       r"broke|died|cut off|failed|gone off|not "
                       # "His heating and hot water have not worked since Wednesday" (played
                       # resident fy-06 was told to turn off the stopcock)
                       r"(?:been )?work(?:ed|ing)|n'?t (?:been )?work(?:ed|ing)?|not come on|"
                       r"n'?t come on)\b|\b(?:hot|running|cold)\s+water\s+(?:haven|hasn|hadn|isn|"
                       r"aren|don|doesn|won)'?t (?:been )?(?:work(?:ed|ing)?|come on)\b",
                       re.IGNORECASE)
# A leak of gas is no water: "FIX THE GAS LEAK TODAY" (played resident eq-02, seventeenth
# session, was told to turn off the water at the stopcock).
# Water named as water, not only "a leak".
_WATER_WORD = re.compile(r"\b(?:water\w*|pipes?|taps?|flood\w*|drip\w*|pour\w*|burst|ceiling|"
                         r"toilet|cistern|radiator|sink|bath|shower)\b", re.IGNORECASE)
_GAS_LEAK = re.compile(r"\bgas\s+(?:leak\w*|escape\w*)|\bleak\w*\s+(?:of\s+)?gas\b|"
                       r"\b(?:gas\s+)?pipe\s+(?:is\s+)?leaking\s+gas\b", re.IGNORECASE)
# Water from outside the home: the roof, rain, the flat above.
_FROM_ABOVE = re.compile(r"\b(?:roof|rain\w*|upstairs|above|gutters?|flat over)\b",
                         re.IGNORECASE)
_LIVE_WIRES = re.compile(r"\b(?:wires?|wiring|cables?)\b.{0,40}\b(?:spark\w*|exposed|hanging|"
                         r"live|bare|burn\w*|smok\w*)\b|\b(?:spark\w*|exposed|bare|live)\b"
                         r".{0,20}\b(?:wires?|wiring|cables?)\b|\bsocket\b.{0,30}\bspark\w*",
                         re.IGNORECASE)
# A socket, switch or plug burning: "burning smell and the plastic round the socket has gone
# brown" (played resident fy-03 was told only about fire and 999).
_ELECTRICS_BURNING = re.compile(
    r"\b(?:sockets?|plugs?|switch(?:es)?|fuse ?box|consumer unit|extension lead)\b[^.!?]{0,50}"
    r"\b(?:burn\w*|scorch\w*|melt\w*|brown\w*|black(?:ened)?|charred|smok\w*|sizzl\w*|crackl\w*|"
    r"(?:red )?hot)\b|\b(?:burn\w*|scorch\w*|melt\w*|charred|smok\w*)\b[^.!?]{0,40}\b(?:sockets?|"
    r"plugs?|switch(?:es)?|fuse ?box|consumer unit)\b", re.IGNORECASE)
_NO_HEAT = re.compile(r"\bno (?:heating|heat)\b|\bheating(?:'s| is| has| has been|"
                      r" (?:and|&|n) (?:hot )?water(?: have| has)?)?\s+"
                      r"(?:off|gone|broken|not working|packed up|stopped|not worked|not been working|"
                      r"n'?t worked|n'?t been working|n'?t working)|\bheating(?: (?:and|&|n) "
                      r"(?:hot )?water)? (?:haven|hasn|isn|aren|won|doesn|don)'?t (?:been )?"
                      r"(?:work(?:ed|ing)?|come on)\b|\bboiler\b.{0,30}"
                      r"\b(?:broken|not working|packed up|gone|died|stopped|off)\b|"
                      r"\b(?:freezing|stone cold|so cold)\b", re.IGNORECASE)
_WATER_ON_ELECTRICS = re.compile(
    r"(?=.*\b(?:water|leak\w*|flood\w*|wet|pouring|dripping|drips)\b)(?=.*\b(?:light|"
    r"lights|socket|sockets|switch|switches|electric\w*|fuse|wiring|plug|spotlights?)\b)",
    re.IGNORECASE | re.DOTALL)
# The fire brigade on its way, a fire door or a gas fire is no fire (retired v23: "fire
# brigade are on the way" about a man stuck in a lift was told to get everyone out).
_FIRE = re.compile(r"(?<!gas )(?<!electric )\b(?:fire(?! (?:brigade|service|station|crew|engine|"
                   r"officers?|fighters?|doors?|exits?|escape|extinguishers?|safety|risk|"
                   r"assessment|drill)s?\b)|smoke|smoking|flames?|burning|scorch\w*|sparks?|"
                   r"sparking)\b", re.IGNORECASE)
_GAS = re.compile(r"\bgas\b|rotten[ -]eggs?|\beggy (?:smell|stink)|\bsmells? (?:of|like) eggs?",
                  re.IGNORECASE)
# "no smell of gas", "not gas", "no gas smell": a mention that rules gas out.
_NO_GAS = re.compile(r"\b(?:no|not|isn'?t|never|without)\s+(?:(?:a|any|the)\s+)?(?:smell\s+of\s+)?"
                     r"gas\b|\bgas\b[^.!?]{0,12}\b(?:is|was)\s+(?:fine|off|ok|okay)\b",
                     re.IGNORECASE)


def _mentions_gas(said: str) -> bool:
    """Gas told as a danger: any mention not ruled out ("no smell of gas" is not one)."""
    return any(not _NO_GAS.search(said[max(0, m.start() - 25):m.end() + 15])
               for m in _GAS.finditer(said))
_INSECURE = re.compile(r"\b(?:(?:won'?t|doesn'?t|does not|can'?t|cannot|will not) (?:be )?"
                       r"(?:lock|locked|shut|close|secure)|break-?in|broken into|burgl\w*|"
                       r"kicked in|no lock|lock(?:'s| is| has)? (?:broken|bust|snapped|gone)|"
                       r"broken (?:front |back )?(?:door|lock|window)|smashed)\b", re.IGNORECASE)
# A fall from height: balconies, windows, stairs and their rails.
# Stairs only with a fault: "i cant do stairs" with a lift broken (played resident fw-10)
# was told to block it off.
# Rails and banisters only with a fault: "the grab rails and second banister the OT asked
# for" (played resident tz-06, twenty-second session) was told to block it off.
_FALL = re.compile(r"\b(?:balcon\w*|window restrictors?|restrictors?|fall(?:en|ing)? (?:out|off|"
                   r"down)|loose rail|(?:railings?|hand ?rails?|banisters?|bannisters?|stair ?rails?)"
                   r"\b[^.!?]{0,40}\b(?:loose|broken|broke|missing|coming away|came away|come away|"
                   r"hanging|wobbl\w*|gave way|giving way|collaps\w*|rotten|snapped|came off|come off|"
                   r"fell|falling|moves)|(?:loose|broken|wobbly|missing|rotten|snapped)\s+(?:hand ?rail|"
                   r"banister|bannister|railing|stair ?rail)s?|"
                   r"(?:stairs?|staircase|steps?|treads?)\b[^.!?]{0,30}\b(?:collaps\w*|gave way|"
                   r"giving way|broken|loose|crumbl\w*|missing|hole|rotten|cracked|coming away))\b",
                   re.IGNORECASE)


def emergency_signpost(policy: dict[str, Any], said: str | None = None) -> str:
    # docs/architecture.md §3.1: danger first, before anything else is said.
    out_of_hours = policy.get("out_of_hours_phone")
    if _CARBON_MONOXIDE.search(said or ""):
        lines = [phrase("utter_emergency_co_get_out"),
                 phrase("utter_emergency_co_call", gas_emergency=GAS_EMERGENCY)]
    else:
        lines = [phrase("utter_emergency_999")]
        said = said or ""
        watery = _GAS_LEAK.sub(" ", said)
        if _mentions_gas(said) and not _WATER_WORD.search(watery):
            # "FIND THE LEAK" after a gas smell is the gas (played resident et-02 was told to
            # turn off the water at the stopcock).
            watery = re.sub(r"\bleak\w*", " ", watery, flags=re.IGNORECASE)
        if _WATER_ON_ELECTRICS.search(watery):
            # "Should I turn the electric off?": yes, if they can do it safely.
            lines.append(phrase("utter_emergency_water_on_electrics"))
        escaping = _WATER.search(_NO_WATER.sub(" ", watery))
        if escaping and _FROM_ABOVE.search(said):
            # Rain through the roof, a leak from the flat upstairs: their own stopcock
            # won't stop it.
            lines.append(phrase("utter_emergency_water_from_above"))
        elif escaping:
            lines.append(phrase("utter_emergency_stopcock"))
        if _NO_HEAT.search(said):
            lines.append(phrase("utter_emergency_no_heat"))
        if _LIVE_WIRES.search(said) and not _WATER_ON_ELECTRICS.search(watery):
            lines.append(phrase("utter_emergency_live_wires"))
        elif _ELECTRICS_BURNING.search(said) and not _WATER_ON_ELECTRICS.search(watery):
            lines.append(phrase("utter_emergency_electrics_burning"))
        if _FIRE.search(said):
            lines.append(phrase("utter_emergency_fire"))
        if _INSECURE.search(said):
            lines.append(phrase("utter_emergency_insecure"))
        if _FALL.search(said):
            lines.append(phrase("utter_emergency_fall"))
        if _mentions_gas(said):
            lines.append(phrase("utter_emergency_gas", gas_emergency=GAS_EMERGENCY))
    if out_of_hours:
        lines.append(phrase("utter_emergency_out_of_hours", out_of_hours=out_of_hours))
    return "\n".join(lines)


_SETTLED = re.compile(r"\b(?:fine|okay|ok|working|not|no|never|isn'?t|aren'?t|wasn'?t)\b",
                      re.IGNORECASE)


def advice_added(policy: dict[str, Any], told: str | None, said: str | None) -> str | None:
    """Safety advice the latest message ``said`` calls for that the danger ``told`` before it
    did not (``told`` may hold ``said`` already): "water coming through my kitchen ceiling",
    then "its right by the light fitting" calls for keeping away from the switches (played
    residents, fifteenth session, got only the stopcock). None when it adds nothing, or when
    the message only settles a fear ("the lights are fine")."""
    if not said or _SETTLED.search(said):
        return None
    before = (told or "").replace(said, " ")
    given = set(emergency_signpost(policy, before).splitlines())
    lines = [line for line in emergency_signpost(policy, f"{before}\n{said}").splitlines()
             if line not in given]
    return "\n".join(lines) or None


def ombudsman_details(ombudsman: dict[str, Any] | None) -> str:
    ombudsman = ombudsman or {}
    parts = [ombudsman.get("name") or phrase("utter_ombudsman_default_name")]
    if ombudsman.get("phone"):
        parts.append(phrase("utter_ombudsman_phone", phone=ombudsman["phone"]))
    if ombudsman.get("email"):
        parts.append(phrase("utter_ombudsman_email", email=ombudsman["email"]))
    if ombudsman.get("website"):
        parts.append(ombudsman["website"])
    return ", ".join(parts)


def join_points(points: list[str]) -> str:
    cleaned = [p.rstrip(" .") for p in points if p]
    if not cleaned:
        return phrase("utter_points_none")
    if len(cleaned) == 1:
        return cleaned[0]
    # "…; and and nobody rings back" (played resident ev-01): their "and" is ours too
    last = re.sub(r"^(?:and|&)\s+", "", cleaned[-1], flags=re.IGNORECASE) or cleaned[-1]
    return phrase("utter_points_and", points="; ".join(cleaned[:-1]), last=last)


def read_back(points: list[str], outcome: str | None, contact: str | None,
              on_behalf_of: str | None) -> str:
    """QA Framework 3.1: read the complaint definition back in the resident's words.
    ``contact`` is how we'll reach them, as one of the utter_contact_* responses says it
    ("by text on 07700 900123", "on name@example.com")."""
    lines = [phrase("utter_read_back_points", points=join_points(points))]
    if outcome:
        lines.append(phrase("utter_read_back_outcome", outcome=outcome.rstrip(" .")))
    if on_behalf_of:
        lines.append(phrase("utter_read_back_acting_for", name=on_behalf_of))
    if contact:
        lines.append(phrase("utter_read_back_contact", how=contact))
    lines.append(phrase("utter_read_back_question"))
    return " ".join(lines)


def case_logged(case: dict[str, Any], preferred_contact: str | None) -> str:
    """What the resident is told once the intake API has filed the case."""
    reference = case.get("reference", "")
    kind = case.get("kind")
    sla = case.get("sla") or {}
    if kind == "complaint":
        stage_2 = case.get("stage") == "stage_2"
        lines = [phrase("utter_logged_stage_2" if stage_2 else "utter_logged_complaint",
                        reference=reference)]
        acknowledge = human_date(sla.get("acknowledge_due"))
        respond = human_date(sla.get("response_due"))
        if acknowledge:
            lines.append(phrase("utter_acknowledge_by", date=acknowledge))
        if respond:
            lines.append(phrase("utter_logged_stage_2_response_by" if stage_2
                                else "utter_logged_response_by", date=respond))
        repair = case.get("linked_request")
        if repair:
            # Code 1.5: the repair carries on while the complaint is looked at.
            ref = repair.get("reference", "")
            if repair.get("sla"):
                line = phrase("utter_logged_repair_separately", reference=ref)
            elif re.match(r"SR-\d{4}-\d+$", ref):  # one of ours, logged earlier
                line = phrase("utter_logged_repair_carries_on", reference=ref)
            elif repair.get("request"):  # their reference for a request still waiting
                line = phrase("utter_logged_their_request", reference=ref)
            else:  # the resident's own reference: a job number, or perhaps an invoice
                line = phrase("utter_logged_their_reference", reference=ref)
            target = human_date((repair.get("sla") or {}).get("target_due"))
            if target:
                line += " " + phrase("utter_target_by", date=target)
            lines.append(line)
        lines.append(phrase("utter_logged_ombudsman",
                            ombudsman=ombudsman_details(case.get("ombudsman"))))
        return "\n".join(lines)
    if kind == "service_request":
        lines = [phrase("utter_logged_request", reference=reference)]
        target = human_date(sla.get("target_due"))
        if target:
            lines.append(phrase("utter_target_by", date=target))
        lines.append(phrase("utter_logged_request_can_complain"))
        return "\n".join(lines)
    if kind == "compliment":
        return phrase("utter_logged_compliment", reference=reference)
    if kind == "asb_report":
        return phrase("utter_logged_asb", reference=reference)
    if kind == "enquiry":
        name = "utter_logged_enquiry_by" if preferred_contact else "utter_logged_enquiry"
    else:
        name = "utter_logged_other_by" if preferred_contact else "utter_logged_other"
    return phrase(name, reference=reference, how=preferred_contact)


def answer_to_question(key: str, policy: dict[str, Any], repair: bool = False) -> str:
    """A short, true answer to a question asked part-way (answers.question_to_us); with
    ``repair``, asked while a repair is being logged or offered ("how long will it take?"
    is then about the repair, not a complaint's timescale: played residents, twenty-first
    session)."""
    stage_1 = policy.get("stage_1") or {}
    out_of_hours = policy.get("out_of_hours_phone")
    urgent = phrase("utter_answer_if_urgent_out_of_hours", out_of_hours=out_of_hours) \
        if out_of_hours else phrase("utter_answer_if_urgent")
    if key == "next" and repair:
        return phrase("utter_answer_next_repair") + " " + urgent
    if key == "next":
        return phrase("utter_answer_next",
                      acknowledge_days=stage_1.get("acknowledge_days", 5))
    if key == "visit":
        return phrase("utter_answer_visit") + " " + urgent
    name = _ANSWERS.get(key)
    return phrase(name) if name else ""


# The answers that need nothing from the policy, by answers.question_to_us's key.
_ANSWERS = {"repair_carries_on": "utter_answer_repair_carries_on",
            "their_staff": "utter_answer_their_staff",
            "tenancy": "utter_answer_tenancy",
            "who_to": "utter_answer_who_to",
            "who_reads": "utter_answer_who_reads",
            "compensation": "utter_answer_compensation",
            "confidential": "utter_answer_confidential"}


def case_saved_for_later(kind: str | None, policy: dict[str, Any], reachable: bool = True) -> str:
    """The intake system is down: the case is in the outbox and will be sent later. Once
    it is logged, the intake API sends the reference by their preferred contact or this
    channel (docs/outbound.md) — promised only when there is a way to reach them."""
    days = (policy.get("stage_1") or {}).get("acknowledge_days", 5)
    lines = [phrase("utter_saved_for_later")]
    if not reachable:
        phone = policy.get("landlord_phone")
        lines.append(phrase("utter_saved_no_way_to_reach_call", phone=phone) if phone
                     else phrase("utter_saved_no_way_to_reach_ask"))
        if kind == "complaint":
            lines.append(phrase("utter_saved_acknowledge_within", days=days))
    elif kind == "complaint":
        lines.append(phrase("utter_saved_send_reference_complaint", days=days))
    else:
        lines.append(phrase("utter_saved_send_reference"))
    return " ".join(lines)


def case_needs_staff(policy: dict[str, Any]) -> str:
    phone = policy.get("landlord_phone")
    text = phrase("utter_case_needs_staff")
    if phone:
        text += " " + phrase("utter_call_us_if_you_prefer", phone=phone)
    return text


def handed_over(case: dict[str, Any], policy: dict[str, Any]) -> str:
    """A handover to a person still tells the resident what was logged: for a complaint,
    the same closing facts as any filed complaint (reference, dates, the Ombudsman)."""
    if case.get("kind") == "complaint":
        text = case_logged(case, None) + "\n" + phrase("utter_handed_over_complaint")
    else:
        text = phrase("utter_handed_over", reference=case.get("reference", ""))
    if policy.get("landlord_phone"):
        text += " " + phrase("utter_if_urgent_call_us", phone=policy["landlord_phone"])
    return text
