"""Awaab's Law as the staff pages show it (docs/hazards.md): words for hazard clocks and
steps, the hazard beside the Code's deadline in the queue, the steps a case page offers."""

from __future__ import annotations

from datetime import datetime

from .. import schemas
from ..domain import hazards
from ..domain.calendar import local_date
from ..models import Case
from ..services import hazard_clocks
from ..services.policies import policy_for
from .rendering import templates

HAZARD_CLOCK_LABELS = {
    "make_safe": "Make safe",
    "investigate": "Investigate",
    "summary": "Written summary to the tenant",
    "safety_work": "Safety work done",
    "further_work": "Further work started",
}
STEP_LABELS = {
    "investigated": "Investigation finished",
    "summary_sent": "Written summary sent",
    "safety_work_done": "Safety work done",
    "further_work_started": "Further work started",
}
TENURE_LABELS = {
    "social_rent": "Social rent",
    "affordable_rent": "Affordable rent",
    "shared_ownership": "Shared ownership",
    "leasehold": "Leasehold",
    "other": "Other",
}


def queue_hazard(case: Case, now: datetime) -> dict | None:
    """The soonest running hazard clock of a queue row, with hours (or working days) left
    as of ``now``; None when the case has no running hazard clock."""
    running = hazard_clocks.live(case.hazard_clocks)
    if not running:
        return None
    clock = min(running, key=lambda c: c.due_at)
    policy = policy_for(case.policy)
    calendar = policy.calendar(case.nation)
    hazard = policy.hazards.classes.get(clock.hazard_class)
    return {
        "label": hazard.label if hazard else clock.hazard_class,
        "clock": clock.name,
        "state": hazard_clocks.state(clock, policy, calendar, now).value,
        "due": clock.due_on or clock.due_at,
        "hours_left": hazards.hours_left(clock.due_at, now) if clock.unit == "hours" else None,
        "days_left": (calendar.working_days_between(local_date(now), clock.due_on)
                      if clock.due_on is not None else None),
    }


def step_choices(view: schemas.CaseOut, policy) -> list[str]:
    """The steps the case page offers: those that would stop a running clock or start one
    not yet started (the service decides; this only hides buttons that would be refused)."""
    hazard = view.hazard
    if hazard is None or not hazard.applies or hazard.hazard_class not in policy.hazards.classes:
        return []
    spec = policy.hazards.classes[hazard.hazard_class]
    clocks = {c.name: c for c in hazard.clocks}
    out = []
    for step in hazards.STEPS:
        stops = [c for c in spec.clocks if c.stopped_by == step]
        starts = [c for c in spec.clocks if c.starts == step]
        blocked = any(c.name not in clocks and c.starts != hazards.AWARENESS for c in stops)
        useful = any(c.name in clocks and clocks[c.name].completed_at is None for c in stops) or any(
            c.name not in clocks for c in starts)
        if useful and not blocked:
            out.append(step)
    return out


templates.env.globals.update(
    HAZARD_CLOCK_LABELS=HAZARD_CLOCK_LABELS, STEP_LABELS=STEP_LABELS, TENURE_LABELS=TENURE_LABELS,
    hazard_steps=step_choices,
)
