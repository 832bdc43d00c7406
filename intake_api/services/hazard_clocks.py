"""A case's Awaab's Law clocks as rows: started, stopped and brought up to date.

The deadlines come from ``domain.hazards`` (pure); this module only keeps them on the
case (``HazardClock`` rows) and never commits. The operations staff use are in
``services.hazards``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from ..domain import hazards
from ..domain.calendar import LONDON, WorkingCalendar
from ..domain.policy import Policy
from ..models import Case, HazardClock

# A case's hazard state: the worst of its running clocks.
SEVERITY = {"overdue": 3, "at_risk": 2, "running": 1}


def event_data(case: Case, policy: Policy) -> dict:
    """What the timeline records when a hazard is set or changed."""
    hazard = policy.hazards.get(case.hazard_class)
    return {
        "hazard_class": hazard.slug, "label": hazard.label,
        "aware_at": case.hazard_aware_at.isoformat(), "tenure": case.tenure,
        "applies": applies(case, policy),
        "due": {c.name: due_text(c) for c in case.hazard_clocks},
    }


def as_due(clock: HazardClock) -> hazards.HazardDue:
    return hazards.HazardDue(clock.name, clock.unit, clock.started_at, clock.due_at, clock.due_on)


def due_text(clock: HazardClock) -> str:
    """The contract's form: an ISO date for working days; for hours an ISO datetime with
    the Europe/London offset (the same instant, as people there read it)."""
    if clock.due_on is not None:
        return clock.due_on.isoformat()
    return clock.due_at.astimezone(LONDON).isoformat()


def _row(hazard_class: str, due: hazards.HazardDue, calendar: WorkingCalendar, nation: str) -> HazardClock:
    return HazardClock(
        hazard_class=hazard_class, name=due.name, unit=due.unit, started_at=due.started_at,
        due_at=due.due_at, due_on=due.due_on, nation=nation, calendar_version=calendar.version,
        state="running", at_risk_notified=False, breach_notified=False,
    )


def applies(case: Case, policy: Policy) -> bool:
    return case.hazard_class is not None and policy.hazards.applies_to(case.tenure)


def start(case: Case, policy: Policy, hazard_class: str, aware_at: datetime) -> list[HazardClock]:
    """Give ``case`` (with no hazard clocks: drop and flush earlier ones first) the hazard,
    and start the clocks counted from awareness; none for a tenure the law does not cover."""
    hazard = policy.hazards.get(hazard_class)
    case.hazard_class = hazard.slug
    case.hazard_aware_at = aware_at
    if not applies(case, policy):
        return []
    calendar = policy.calendar(case.nation)
    rows = [_row(hazard.slug, due, calendar, case.nation)
            for due in hazards.clocks_for(hazard, aware_at, calendar)]
    case.hazard_clocks.extend(rows)
    return rows


def restart_from_awareness(case: Case, policy: Policy, aware_at: datetime) -> None:
    """The same hazard, a corrected awareness: clocks counted from awareness move; the
    steps already recorded (and the clocks they started) stay."""
    hazard = policy.hazards.get(case.hazard_class)
    calendar = policy.calendar(case.nation)
    case.hazard_aware_at = aware_at
    for spec in hazard.clocks:
        if spec.starts != hazards.AWARENESS:
            continue
        new = hazards.due(spec, aware_at, calendar)
        clock = next((c for c in case.hazard_clocks if c.name == spec.name), None)
        if clock is None:
            case.hazard_clocks.append(_row(hazard.slug, new, calendar, case.nation))
        else:
            clock.started_at, clock.due_at, clock.due_on = new.started_at, new.due_at, new.due_on
            clock.at_risk_notified = clock.breach_notified = False


def stop_and_start(case: Case, policy: Policy, step: str, at: datetime,
                   not_practicable: bool = False) -> tuple[dict, dict]:
    """Record ``step`` at ``at``: stop the running clocks it stops, start those counted
    from it (with ``not_practicable``, the longer time of those that allow one). Returns
    ({stopped name: "met"|"missed"}, {started name: due})."""
    hazard = policy.hazards.get(case.hazard_class)
    calendar = policy.calendar(case.nation)
    stopped, started = {}, {}
    for clock in case.hazard_clocks:
        spec = hazard.clock(clock.name)
        if spec is not None and spec.stopped_by == step and clock.completed_at is None:
            clock.completed_at = at
            clock.state = state(clock, policy, calendar, at).value
            stopped[clock.name] = clock.state
    for spec in hazard.clocks:
        if spec.starts == step and not any(c.name == spec.name for c in case.hazard_clocks):
            due = hazards.due(spec, at, calendar, not_practicable)
            row = _row(hazard.slug, due, calendar, case.nation)
            case.hazard_clocks.append(row)
            started[spec.name] = due_text(row)
    return stopped, started


def state(clock: HazardClock, policy: Policy, calendar: WorkingCalendar, now: datetime):
    return hazards.hazard_clock_state(
        as_due(clock), now, calendar, clock.completed_at,
        policy.hazards.at_risk_hours, policy.at_risk_working_days,
    )


def live(clocks: Iterable[HazardClock]) -> list[HazardClock]:
    return [c for c in clocks if c.completed_at is None]


def refresh(case: Case, policy: Policy, now: datetime | None = None) -> datetime | None:
    """Every hazard clock's state for ``now``, the case's hazard state, and the soonest
    running hazard deadline (None if there is none)."""
    now = now or datetime.now(UTC)
    calendar = policy.calendar(case.nation)
    for clock in case.hazard_clocks:
        clock.state = state(clock, policy, calendar, now).value
    running = live(case.hazard_clocks)
    case.hazard_state = (
        max((c.state for c in running), key=lambda s: SEVERITY.get(s, 0)) if running else None
    )
    return min((c.due_at for c in running), default=None)
