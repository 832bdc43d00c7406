"""What the bot says when the words depend on data. Plain English, short enough for SMS.

Dates and numbers come from the intake API's answer or the policy file; nothing here
computes a deadline.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

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
    r"carbon monoxide|\bco\b|co2? alarm|co detector|"
    # Fumes from a boiler, fire or flue with headaches, dizziness or sickness.
    r"(?=.*\b(?:boiler|flue|gas fire|heater|fumes?)\b)(?=.*\b(?:headaches?|dizzy|dizziness|"
    r"sick|nause\w*|drowsy|faint\w*|unwell)\b)", re.IGNORECASE | re.DOTALL)


_WATER = re.compile(r"\b(?:water|leak\w*|flood\w*|burst|pouring|dripping|drips)\b",
                    re.IGNORECASE)
# Water that is not escaping ("no hot water", "the water's off"): no stopcock advice.
_NO_WATER = re.compile(r"\b(?:no|without|any)\s+(?:heat(?:ing)?\s+(?:or|and|n|&)\s+)?(?:hot\s+|running\s+|cold\s+)?water\b|"
                       r"\bwater(?:'s| is| has been| has)?\s+(?:off|gone|cut off|stone cold)\b",
                       re.IGNORECASE)
# Water from outside the home: the roof, rain, the flat above.
_FROM_ABOVE = re.compile(r"\b(?:roof|rain\w*|upstairs|above|gutters?|flat over)\b",
                         re.IGNORECASE)
_LIVE_WIRES = re.compile(r"\b(?:wires?|wiring|cables?)\b.{0,40}\b(?:spark\w*|exposed|hanging|"
                         r"live|bare|burn\w*|smok\w*)\b|\b(?:spark\w*|exposed|bare|live)\b"
                         r".{0,20}\b(?:wires?|wiring|cables?)\b|\bsocket\b.{0,30}\bspark\w*",
                         re.IGNORECASE)
_NO_HEAT = re.compile(r"\bno (?:heating|heat)\b|\bheating(?:'s| is| has| has been)?\s+"
                      r"(?:off|gone|broken|not working|packed up|stopped)|\bboiler\b.{0,30}"
                      r"\b(?:broken|not working|packed up|gone|died|stopped|off)\b|"
                      r"\b(?:freezing|stone cold|so cold)\b", re.IGNORECASE)
_WATER_ON_ELECTRICS = re.compile(
    r"(?=.*\b(?:water|leak\w*|flood\w*|wet|pouring|dripping|drips)\b)(?=.*\b(?:light|"
    r"lights|socket|sockets|switch|switches|electric\w*|fuse|wiring|plug|spotlights?)\b)",
    re.IGNORECASE | re.DOTALL)
_FIRE = re.compile(r"\b(?:fire|smoke|smoking|flames?|burning|scorch\w*|sparks?|sparking)\b",
                   re.IGNORECASE)
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
_FALL = re.compile(r"\b(?:balcon\w*|railings?|hand ?rails?|banisters?|window restrictors?|"
                   r"restrictors?|stair ?(?:rail|case|s)|stairs?|fall(?:en|ing)? (?:out|off|down)|"
                   r"loose rail)\b", re.IGNORECASE)


def emergency_signpost(policy: dict[str, Any], said: str | None = None) -> str:
    # docs/architecture.md §3.1: danger first, before anything else is said.
    out_of_hours = policy.get("out_of_hours_phone")
    if _CARBON_MONOXIDE.search(said or ""):
        lines = [
            "If a carbon monoxide alarm is going off or you feel unwell (headache, dizziness, "
            "sickness): get everyone out into fresh air now and leave the door open.",
            f"Call the National Gas Emergency line on {GAS_EMERGENCY}, and 999 if anyone "
            "is unwell. Don't go back in until it's safe.",
        ]
    else:
        lines = ["If anyone is in danger, call 999 now."]
        said = said or ""
        if _WATER_ON_ELECTRICS.search(said):
            # "Should I turn the electric off?": yes, if they can do it safely.
            lines.append("Keep away from switches, sockets and lights near the water. If you "
                         "can reach your fuse box (consumer unit) without touching water, turn "
                         "the main switch off; don't touch it with wet hands.")
        escaping = _WATER.search(_NO_WATER.sub(" ", said))
        if escaping and _FROM_ABOVE.search(said):
            # Rain through the roof, a leak from the flat upstairs: their own stopcock
            # won't stop it.
            lines.append("Move what you can out of the way, and keep away from any ceiling "
                         "that is bulging or sagging. If the water is coming from the flat "
                         "above, let them know if you can so they can turn their water off.")
        elif escaping:
            lines.append("If you can, turn off the water at the stopcock (often under the "
                         "kitchen sink).")
        if _NO_HEAT.search(said):
            lines.append("Until it's fixed, keep one room warm, wear layers and have warm "
                         "drinks. If someone is very cold or unwell, call 111, or 999 in an "
                         "emergency.")
        if _LIVE_WIRES.search(said) and not _WATER_ON_ELECTRICS.search(said):
            lines.append("Keep everyone away from the wires and don't touch them. If you can "
                         "reach your fuse box (consumer unit) safely, turn the main switch off.")
        if _FIRE.search(said):
            lines.append("If there's a fire or smoke, get everyone out, close the doors "
                         "behind you and call 999. Don't go back in.")
        if _INSECURE.search(said):
            lines.append("If you can't lock your home and feel unsafe, call the police on 999, "
                         "or 101 if it isn't an emergency.")
        if _FALL.search(said):
            lines.append("Keep everyone, especially children, away from it until it's made "
                         "safe, and block it off if you safely can.")
        if _mentions_gas(said):
            lines.append(f"If you smell gas, leave the building and call the National Gas "
                         f"Emergency line on {GAS_EMERGENCY}. Don't use switches or flames.")
    if out_of_hours:
        lines.append(f"For an emergency repair, call our out-of-hours line on {out_of_hours}.")
    return "\n".join(lines)


def ombudsman_details(ombudsman: dict[str, Any] | None) -> str:
    ombudsman = ombudsman or {}
    parts = [ombudsman.get("name") or "the Housing Ombudsman Service"]
    if ombudsman.get("phone"):
        parts.append(f"phone {ombudsman['phone']}")
    if ombudsman.get("email"):
        parts.append(f"email {ombudsman['email']}")
    if ombudsman.get("website"):
        parts.append(ombudsman["website"])
    return ", ".join(parts)


def join_points(points: list[str]) -> str:
    cleaned = [p.rstrip(" .") for p in points if p]
    if not cleaned:
        return "something went wrong"
    if len(cleaned) == 1:
        return cleaned[0]
    return "; ".join(cleaned[:-1]) + "; and " + cleaned[-1]


def read_back(points: list[str], outcome: str | None, contact: str | None,
              on_behalf_of: str | None) -> str:
    # QA Framework 3.1: read the complaint definition back in the resident's words.
    text = f"So you're unhappy that: {join_points(points)}."
    if outcome:
        text += f" You'd like: {outcome.rstrip(' .')}."
    if on_behalf_of:
        text += f" You're acting for {on_behalf_of}."
    if contact:
        on = "" if contact.startswith("by ") else "on "
        text += f" We'll contact you {on}{contact}."
    return text + " Is that right? Reply yes, or 'change' to change something."


def case_logged(case: dict[str, Any], preferred_contact: str | None) -> str:
    """What the resident is told once the intake API has filed the case."""
    reference = case.get("reference", "")
    kind = case.get("kind")
    sla = case.get("sla") or {}
    if kind == "complaint":
        stage_2 = case.get("stage") == "stage_2"
        lines = [f"Your request for stage 2 is logged. Your reference is {reference}." if stage_2
                 else f"Your complaint is logged. Your reference is {reference}."]
        acknowledge = human_date(sla.get("acknowledge_due"))
        respond = human_date(sla.get("response_due"))
        if acknowledge:
            lines.append(f"We will acknowledge it by {acknowledge}.")
        if respond:
            lines.append(f"You should have our {'stage 2' if stage_2 else 'full'} response by "
                         f"{respond}. If we need longer we'll tell you why and when to expect "
                         "it.")
        repair = case.get("linked_request")
        if repair:
            # Code 1.5: the repair carries on while the complaint is looked at.
            ref = repair.get("reference", "")
            if repair.get("sla"):
                line = (f"Your repair is logged separately as {ref} and carries on while we "
                        "look at your complaint.")
            elif re.match(r"SR-\d{4}-\d+$", ref):  # one of ours, logged earlier
                line = f"Your repair request {ref} carries on while we look at your complaint."
            else:  # the resident's own reference: a job number, or perhaps an invoice
                line = (f"We've noted your reference {ref} with your complaint. Any repair "
                        "under it carries on while we look at your complaint.")
            target = human_date((repair.get("sla") or {}).get("target_due"))
            if target:
                line += f" Our target is to deal with it by {target}."
            lines.append(line)
        lines.append("If you're unhappy with how we handle it, you can contact the "
                     f"{ombudsman_details(case.get('ombudsman'))}.")
        return "\n".join(lines)
    if kind == "service_request":
        lines = [f"Thank you, that's logged. Your reference is {reference}."]
        target = human_date(sla.get("target_due"))
        if target:
            lines.append(f"Our target is to deal with it by {target}.")
        lines.append("If you're unhappy with how it's handled, you can make a complaint at any "
                     "time.")
        return "\n".join(lines)
    if kind == "compliment":
        return f"I've recorded it with reference {reference}."
    if kind == "asb_report":
        return (f"Thank you for telling us. Your reference is {reference}. Our team will look "
                "into it and contact you. If you feel in danger at any time, call 999.")
    how = f" by {preferred_contact}" if preferred_contact else ""
    if kind == "enquiry":
        return f"Thank you. Your reference is {reference}. Someone from our team will get " \
               f"back to you{how}."
    return f"Thank you, that's recorded. Your reference is {reference}. " \
           f"Our team will be in touch{how} if they need to."


def answer_to_question(key: str, policy: dict[str, Any]) -> str:
    """A short, true answer to a question asked part-way (answers.question_to_us)."""
    stage_1 = policy.get("stage_1") or {}
    out_of_hours = policy.get("out_of_hours_phone")
    urgent = (f" If anyone is in danger, call 999, or for an emergency repair our out-of-hours "
              f"line on {out_of_hours}." if out_of_hours else
              " If anyone is in danger, call 999.")
    if key == "next":
        return ("Once I have a few details I'll read back what you've told me. Then I'll log "
                "it and give you a reference, and for a complaint the dates by which we'll "
                f"acknowledge it (within {stage_1.get('acknowledge_days', 5)} working days) "
                "and give you our full answer in writing.")
    if key == "visit":
        return ("I can't book a visit here, but once this is logged our team will contact you "
                "to arrange a time." + urgent)
    if key == "repair_carries_on":
        return ("Making a complaint doesn't slow down or replace the repair: the repair carries "
                "on while we look at your complaint.")
    if key == "their_staff":
        return ("A manager will look into what happened and reply to you in writing. What "
                "happens with staff is for us to deal with; you don't need to worry about that.")
    if key == "tenancy":
        return "Making a complaint will never affect your tenancy or how we treat you."
    return ""


def offer_request_after_thanks() -> str:
    return ("You also mentioned something that needs doing. Would you like me to log it as a "
            "repair? Reply yes or no.")


def case_saved_for_later(kind: str | None, policy: dict[str, Any], reachable: bool = True) -> str:
    """The intake system is down: the case is in the outbox and will be sent later. Once
    it is logged, the intake API sends the reference by their preferred contact or this
    channel (docs/outbound.md) — promised only when there is a way to reach them."""
    days = (policy.get("stage_1") or {}).get("acknowledge_days", 5)
    text = ("I'm sorry, our case system isn't answering right now. I've saved everything "
            "you told me and it will be logged automatically as soon as the system is back.")
    if not reachable:
        phone = policy.get("landlord_phone")
        text += (" We have no phone number, email or address to send your reference to, so "
                 + (f"please call us on {phone} and we'll give it to you." if phone else
                    "please ask us for it."))
        if kind == "complaint":
            text += f" We will acknowledge your complaint within {days} working days."
        return text
    if kind == "complaint":
        text += (f" We'll send you your reference, and we will acknowledge your complaint "
                 f"within {days} working days.")
    else:
        text += " We'll send you your reference when it's logged."
    return text


def case_needs_staff(policy: dict[str, Any]) -> str:
    phone = policy.get("landlord_phone")
    text = ("I'm sorry, something went wrong on our side while saving this. I've kept "
            "everything you told me and a member of staff will pick it up and contact you.")
    if phone:
        text += f" If you'd rather, you can call us on {phone}."
    return text


def offer_complaint_about_request() -> str:
    """Code 1.3 / 1.5: dissatisfaction with how a request was handled is a complaint, and
    the resident is offered the choice; the request carries on either way."""
    return ("You also said you're unhappy with how we've dealt with this. As well as "
            "getting it fixed, you can make a complaint about that: it will be logged and "
            "you'll get a written answer. Would you like to make a complaint? Reply yes or no.")


def offer_complaint_about_repeat_request() -> str:
    """The flowchart's question after a request reported before (Code Appendix A, 1.5)."""
    return ("If you've reported this before and you're unhappy with how we've dealt with it, "
            "you can also make a complaint: it will be logged and you'll get a written "
            "answer, and the repair carries on either way. Would you like to make a "
            "complaint? Reply yes or no.")


def handed_over(case: dict[str, Any], policy: dict[str, Any]) -> str:
    """A handover to a person still tells the resident what was logged: for a complaint,
    the same closing facts as any filed complaint (reference, dates, the Ombudsman)."""
    if case.get("kind") == "complaint":
        text = case_logged(case, None) + "\nA member of staff will read our conversation " \
                                         "and contact you."
    else:
        text = (f"I've passed our conversation to our team (reference "
                f"{case.get('reference', '')}). A member of staff will read it and contact "
                "you.")
    if policy.get("landlord_phone"):
        text += f" If it's urgent, you can call us on {policy['landlord_phone']}."
    return text
