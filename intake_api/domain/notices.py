"""Texts for the resident: what the Code says each letter or message must contain.

Pure functions over plain values; the staff pages show them for copying and the
case stores them on its event log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Ombudsman:
    name: str
    phone: str
    email: str
    website: str
    address: str | None = None

    def contact_lines(self) -> str:
        lines = [
            f"{self.name}",
            f"Phone: {self.phone}",
            f"Email: {self.email}",
            f"Website: {self.website}",
        ]
        if self.address:
            lines.append(f"Post: {self.address}")
        return "\n".join(lines)


def long_date(day: date) -> str:
    """'Monday 7 December 2026' — dates as people read them."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def _points(points: Sequence[str]) -> str:
    if not points:
        return "- (no points recorded yet)"
    return "\n".join(f"{i}. {p}" for i, p in enumerate(points, 1))


def _stage_name(stage: str) -> str:
    return {"stage_1": "stage 1", "stage_2": "stage 2"}.get(stage, stage)


def acknowledgement(
    reference: str,
    stage: str,
    points: Sequence[str],
    desired_outcome: str | None,
    response_due: date,
    not_responsible_for: str | None = None,
) -> str:
    """Code 5.6–5.7 and 6.2: our understanding of the complaint and the outcomes sought,
    what we cannot deal with, and when the full response is due."""
    text = [
        f"Your complaint {reference} ({_stage_name(stage)})",
        "",
        "Thank you for telling us. We have logged your complaint. This is what we understand it to be about:",
        _points(points),
        "",
        f"You would like: {desired_outcome or 'not yet recorded - please tell us'}",
        "",
    ]
    if not_responsible_for:
        text += [f"Some of what you raised is not something we can deal with: {not_responsible_for}", ""]
    text += [
        "If we have got any of this wrong, please tell us and we will correct it.",
        f"We will send you our full response by {long_date(response_due)}.",
    ]
    return "\n".join(text)


def extension(
    reference: str,
    stage: str,
    reason: str,
    new_response_due: date,
    ombudsman: Ombudsman,
) -> str:
    """Code 6.4–6.5 / 6.15–6.16: the reason for an extension, the new date, and the Ombudsman's details."""
    return "\n".join(
        [
            f"Your complaint {reference} ({_stage_name(stage)})",
            "",
            "We are sorry, but we need more time to give you a full response.",
            f"Why: {reason}",
            f"We will now respond by {long_date(new_response_due)}.",
            "",
            "If you are unhappy with this extension you can contact the Housing Ombudsman:",
            ombudsman.contact_lines(),
        ]
    )


def response(
    reference: str,
    stage: str,
    points: Sequence[str],
    desired_outcome: str | None,
    decision: str,
    reasons: str,
    remedy: str | None,
    outstanding_actions: str | None,
    ombudsman: Ombudsman,
    escalation_window: str | None = None,
) -> str:
    """Code 6.9 (stage 1) / 6.19 (stage 2): the complaint stage, the definition, the
    decision and reasons, any remedy, outstanding actions, and how to take it further."""
    text = [
        f"Our {_stage_name(stage)} response to your complaint {reference}",
        "",
        "What you told us:",
        _points(points),
        f"You wanted: {desired_outcome or 'not recorded'}",
        "",
        f"Our decision: {decision}",
        f"Why: {reasons}",
        f"To put things right: {remedy or 'no remedy offered'}",
        f"Still to do: {outstanding_actions or 'nothing outstanding'}",
        "",
    ]
    if stage == "stage_1":
        window = f" within {escalation_window}" if escalation_window else ""
        text += [
            ("If you are not happy with this response you can ask us to look at it again at "
             f"stage 2{window}. You do not have to give reasons - just tell us by any channel."),
            "You can also contact the Housing Ombudsman for advice at any time:",
        ]
    else:
        text += [
            ("This is our final response. If you are still unhappy you can ask the Housing "
             "Ombudsman to look into your complaint:"),
        ]
    text.append(ombudsman.contact_lines())
    return "\n".join(text)


def decline(reference: str, reasons: str, ombudsman: Ombudsman) -> str:
    """Code 2.4: a detailed explanation and the right to take it to the Ombudsman."""
    return "\n".join(
        [
            f"Your complaint {reference}",
            "",
            "We have decided not to take this complaint through our complaints process.",
            f"Why: {reasons}",
            "",
            "If you disagree with this decision you can ask the Housing Ombudsman to look at it:",
            ombudsman.contact_lines(),
        ]
    )


def escalation(reference: str, acknowledge_due: date, response_due: date) -> str:
    """Code 6.11–6.12: escalated without needing reasons; when we will acknowledge and respond."""
    return "\n".join(
        [
            f"Your complaint {reference} is now at stage 2.",
            "A different person from the one who handled stage 1 will review it.",
            (f"We will acknowledge it by {long_date(acknowledge_due)} and aim to send our final "
             f"response by {long_date(response_due)}."),
        ]
    )


_KIND_WORDS = {
    "complaint": "complaint",
    "service_request": "repair or service request",
    "asb_report": "report",
    "compliment": "compliment",
    "enquiry": "enquiry",
}


def filed(
    reference: str,
    kind: str,
    acknowledge_due: date | None,
    response_due: date | None,
    target_due: date | None,
    ombudsman: Ombudsman | None,
) -> str:
    """The written record of a new case: its reference and what happens next (for a
    complaint, Code 3.7: how to reach the Ombudsman)."""
    what = _KIND_WORDS.get(kind, "message")
    text = [f"We have logged your {what}. Your reference is {reference}."]
    if kind == "complaint":
        if acknowledge_due:
            text.append(f"We will acknowledge it by {long_date(acknowledge_due)}.")
        if response_due:
            text.append(f"You should have our full response by {long_date(response_due)}.")
        if ombudsman:
            text += ["", "If you are unhappy with how we handle it you can contact the Housing Ombudsman:",
                     ombudsman.contact_lines()]
    elif target_due:
        text.append(f"Our target is to deal with it by {long_date(target_due)}.")
    if kind != "complaint":
        text.append("If you are unhappy with how we deal with it, you can make a complaint at any time.")
    return "\n".join(text)


def closure(reference: str, kind: str, reason: str, ombudsman: Ombudsman | None) -> str:
    """The case is closed: why, and for a complaint, the Ombudsman's details."""
    what = _KIND_WORDS.get(kind, "case")
    text = [f"Your {what} {reference}", "", f"We have closed your {what}.", f"Why: {reason}"]
    if kind == "complaint" and ombudsman:
        text += ["", "If you are still unhappy you can ask the Housing Ombudsman to look at it:",
                 ombudsman.contact_lines()]
    else:
        text += ["", "If you are unhappy with how we dealt with it, you can make a complaint."]
    return "\n".join(text)
