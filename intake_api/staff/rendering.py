"""Templates and the words the staff pages use for the case model's values.

Jinja2 autoescapes every value: resident-supplied text is always shown as text.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ..domain.calendar import LONDON
from ..domain.notices import long_date
from . import auth

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")

KIND_LABELS = {
    "complaint": "Complaint",
    "service_request": "Service request",
    "asb_report": "ASB report",
    "compliment": "Compliment",
    "enquiry": "Enquiry",
    "emergency": "Emergency",
    "out_of_scope": "Out of scope",
    "survey_feedback": "Survey feedback",
    "unclear": "Not yet clear",
}
STAGE_LABELS = {"stage_1": "Stage 1", "stage_2": "Stage 2", "service_request": "Service request"}
STATUS_LABELS = {
    "open": "Open",
    "acknowledged": "Acknowledged",
    "responded": "Responded",
    "closed": "Closed",
    "declined": "Declined",
}
CHANNEL_LABELS = {
    "web": "Web chat", "sms": "SMS", "whatsapp": "WhatsApp", "telegram": "Telegram",
    "rest": "API", "phone": "Phone", "email": "Email", "letter": "Letter",
    "in_person": "In person", "other": "Other",
}
# Status in words as well as colour (WCAG 1.4.1).
SLA_LABELS = {
    "overdue": "Overdue",
    "at_risk": "At risk",
    "running": "On track",
    "met": "Met",
    "missed": "Missed",
    "cancelled": "Stopped",
}
CLOCK_LABELS = {"acknowledge": "Acknowledge", "response": "Full response", "target": "Target"}
# Flags as shown on a case (keys of presenters.flags_of).
FLAG_LABELS = {
    "emergency": "Emergency",
    "vulnerability": "Vulnerability",
    "reasonable_adjustments": "Reasonable adjustments",
    "on_behalf": "Acting for someone",
    "consent_pending": "Consent pending",
    "possible_exclusion": "Possible exclusion",
    "asked_for_person": "Asked for a person",
    "prior_report": "Reported before",
}
# Queue filter flags: the value list_cases understands, and its label; a case's own flags
# are named as on the case.
FLAG_FILTERS = {
    "emergency": FLAG_LABELS["emergency"],
    "adjustments": "Vulnerability or reasonable adjustments",
    **{flag: FLAG_LABELS[flag] for flag in ("on_behalf", "consent_pending", "possible_exclusion",
                                            "asked_for_person", "prior_report")},
    "notice_not_delivered": "Notice not delivered",
}
CONSENT_LABELS = {"given": "Given", "pending": "Pending", "not_needed": "Not needed"}
EVENT_LABELS = {
    "created": "Filed",
    "possible_exclusion_flagged": "Possible exclusion flagged",
    "acknowledged": "Acknowledged",
    "definition_edited": "Complaint definition changed",
    "definition_confirmed": "Definition confirmed by the resident at the read-back",
    "reclassified": "Reclassified",
    "extended": "Deadline extended",
    "responded": "Response recorded",
    "escalated": "Escalated to stage 2",
    "assigned": "Assigned",
    "declined": "Declined",
    "closed": "Closed",
    "note": "Note",
    "sla_at_risk": "Deadline at risk",
    "sla_breached": "Deadline missed",
    "hazard_set": "Hazard set (Awaab's Law)",
    "hazard_removed": "Hazard removed",
    "tenure_set": "Tenure recorded",
    "hazard_investigated": "Hazard: investigation finished",
    "hazard_summary_sent": "Hazard: written summary sent",
    "hazard_safety_work_done": "Hazard: safety work done",
    "hazard_further_work_started": "Hazard: further work started",
    "hazard_at_risk": "Hazard deadline at risk",
    "hazard_overdue": "Hazard deadline missed",
    "notice_sent": "Notice sent to the resident",
    "notice_delivered": "Notice delivered",
    "notice_not_delivered": "Notice not delivered",
    "notice_retried": "Notice to be sent again",
    "notice_letter_queued": "Letter ready to print",
    "notice_posted": "Letter posted",
    "sms_opt_out_recorded": "Opted out of SMS (STOP)",
}
DONE_MESSAGES = {
    "acknowledge": "Acknowledged.",
    "definition": "The complaint definition is saved.",
    "reclassify": "Reclassified.",
    "extend": "The response deadline is extended.",
    "respond": "The response is recorded.",
    "escalate": "Escalated to stage 2.",
    "assign": "Assigned.",
    "decline": "Declined.",
    "close": "Closed.",
    "note": "The note is added.",
    "hazard": "The hazard is saved.",
    "hazard_step": "The hazard step is recorded.",
    "notice_retry": "The notice will be sent again.",
    "notice_letter": "The notice is ready to print as a letter.",
    "notice_posted": "The letter is marked as posted.",
}
EXCLUSIONS = {
    "over_12_months": "The issue arose more than 12 months ago (Code 2.3)",
    "legal_proceedings": "Legal proceedings have started (Code 2.2)",
    "previously_considered": "Already considered under the complaints policy (Code 2.2)",
    "other": "Another reason set out in our policy",
}


def when(value: datetime | date | None) -> str:
    """Local (UK) date and time as people read them."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        local = value.astimezone(LONDON)
        return f"{long_date(local.date())}, {local:%H:%M}"
    return long_date(value)


_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(T[\d:.]+([+-]\d{2}:\d{2}|Z)?)?$")


def pretty(value: object) -> object:
    """ISO dates and times on the event log, as people read them; anything else as it is."""
    if isinstance(value, str) and _ISO.match(value):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return value
        if "T" not in value:
            return when(parsed.date())
        return when(parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC))
    return value


def label(mapping: dict[str, str], value: str | None) -> str:
    if value is None:
        return ""
    return mapping.get(value, value.replace("_", " ").capitalize())


templates.env.filters["when"] = when
templates.env.filters["pretty"] = pretty
templates.env.globals.update(
    KIND_LABELS=KIND_LABELS, STAGE_LABELS=STAGE_LABELS, STATUS_LABELS=STATUS_LABELS,
    CHANNEL_LABELS=CHANNEL_LABELS, SLA_LABELS=SLA_LABELS, CLOCK_LABELS=CLOCK_LABELS,
    FLAG_FILTERS=FLAG_FILTERS, FLAG_LABELS=FLAG_LABELS, CONSENT_LABELS=CONSENT_LABELS,
    EVENT_LABELS=EVENT_LABELS, DONE_MESSAGES=DONE_MESSAGES, EXCLUSIONS=EXCLUSIONS, label=label,
)


def render(request: Request, name: str, context: dict | None = None, status_code: int = 200) -> HTMLResponse:
    context = dict(context or {})
    context.setdefault("me", getattr(request.state, "staff_user", None))
    context["csrf_token"] = auth.csrf_token(request)
    return templates.TemplateResponse(request, name, context, status_code=status_code)
