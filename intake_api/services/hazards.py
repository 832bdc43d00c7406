"""Awaab's Law operations on a case (docs/hazards.md): set or change the hazard, record
each step, and the met/missed figures the annual report shows.

Every operation appends an event to the case's timeline and brings its clocks and queue
position up to date, as the Code's operations in ``services.cases`` do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import schemas
from ..domain import hazards
from ..domain.calendar import LONDON
from ..domain.hazards import HazardPolicyError
from ..domain.notices import long_date
from ..models import Case, HazardClock
from . import cases, hazard_clocks, outbox
from .errors import Conflict, Invalid
from .policies import policy_for

# A step may be recorded a little ahead of the server's clock (devices drift), not more.
FUTURE_GRACE = timedelta(minutes=5)


def set_hazard(session_factory, reference: str, actor: cases.Actor, req: schemas.HazardSet):
    """Staff confirm, change or remove the hazard the assistant suggested, correct when
    we became aware of it, or record the tenure. A new class starts its clocks afresh from
    awareness; the timeline keeps what there was before."""
    actor.require("set_hazard")
    with cases._operation(session_factory, reference) as (s, case):
        before = {"hazard_class": case.hazard_class, "tenure": case.tenure,
                  "aware_at": case.hazard_aware_at.isoformat() if case.hazard_aware_at else None}
        if "tenure" in req.model_fields_set:
            case.tenure = req.tenure
        if req.hazard_class is None:
            _remove(s, case, req, before, actor)
        else:
            _set(s, case, req, before, actor)
    return cases._done(session_factory, reference)


def _remove(s: Session, case: Case, req: schemas.HazardSet, before: dict, actor: cases.Actor) -> None:
    if case.hazard_class is None and "tenure" not in req.model_fields_set:
        raise Conflict(f"{case.reference} has no hazard to remove")
    if case.hazard_class is not None and not req.reason:
        raise Conflict("reason: say why this is not a hazard after all", "reason")
    case.hazard_class = case.hazard_aware_at = case.hazard_state = None
    case.hazard_clocks.clear()
    cases._event(s, case, "hazard_removed" if before["hazard_class"] else "tenure_set", actor,
                 before=before, tenure=case.tenure, reason=req.reason)


def _set(s: Session, case: Case, req: schemas.HazardSet, before: dict, actor: cases.Actor) -> None:
    policy = cases._policy(case)
    # Awareness: when the resident first told us, unless staff correct it.
    aware_at = req.aware_at or case.hazard_aware_at or case.received_at
    if aware_at > cases._now() + FUTURE_GRACE:
        raise Conflict("aware_at: cannot be in the future", "aware_at")
    try:
        policy.hazards.get(req.hazard_class)
    except HazardPolicyError as exc:
        raise Invalid(f"class: {exc}", "class") from None
    if (req.hazard_class == case.hazard_class and hazard_clocks.applies(case, policy)
            and case.hazard_clocks):
        hazard_clocks.restart_from_awareness(case, policy, aware_at)
    else:
        # A new class, or a tenure now covered or not: its own clocks, from awareness.
        case.hazard_clocks.clear()
        s.flush()
        hazard_clocks.start(case, policy, req.hazard_class, aware_at)
    s.flush()
    cases._event(s, case, "hazard_set", actor, before=before, reason=req.reason,
                 **hazard_clocks.event_data(case, policy))


def record_step(session_factory, reference: str, actor: cases.Actor, step: str,
                req: schemas.HazardStepRequest):
    """Investigation finished, summary sent, safety work done, further work started: each
    stops the clocks it ends (met or missed) and starts those counted from it."""
    actor.require("record_hazard_step")
    if step not in hazards.STEPS:
        raise Invalid(f"step: must be one of {', '.join(hazards.STEPS)}, not {step!r}", "step")
    with cases._operation(session_factory, reference) as (s, case):
        policy = cases._policy(case)
        if case.hazard_class is None:
            raise Conflict(f"{case.reference} has no hazard; set its hazard class first")
        if not hazard_clocks.applies(case, policy):
            raise Conflict(
                f"{case.reference}: Awaab's Law clocks do not apply to a {case.tenure} tenancy"
            )
        hazard = _policy_class(policy, case)
        at = req.at or cases._now()
        if at > cases._now() + FUTURE_GRACE:
            raise Conflict("at: cannot be in the future", "at")
        if at < case.hazard_aware_at:
            raise Conflict("at: cannot be before we became aware of the hazard", "at")
        if req.summary and step != "summary_sent":
            raise Conflict("summary: the written summary goes with summary-sent", "summary")
        if req.not_reasonably_practicable and not any(
                spec.starts == step and spec.not_practicable_weeks for spec in hazard.clocks):
            raise Conflict("not_reasonably_practicable: no clock this step starts allows longer",
                           "not_reasonably_practicable")
        _require_step_allowed(case, hazard, step)
        for clock in case.hazard_clocks:
            spec = hazard.clock(clock.name)
            if spec and spec.stopped_by == step and clock.completed_at is None and at < clock.started_at:
                raise Conflict(f"at: cannot be before the {clock.name.replace('_', ' ')} clock "
                               f"started ({clock.started_at.isoformat()})", "at")
        stopped, started = hazard_clocks.stop_and_start(case, policy, step, at,
                                                         bool(req.not_reasonably_practicable))
        notice = _summary_notice(case, hazard, req.summary) if req.summary else None
        cases._event(s, case, f"hazard_{step}", actor, hazard_class=hazard.slug, at=at.isoformat(),
                     stopped=stopped, started=started, note=req.note, notice=notice,
                     not_reasonably_practicable=req.not_reasonably_practicable)
        if notice:
            outbox.queue_notice(s, case, "hazard_summary", notice, actor.label)
    return cases._done(session_factory, reference, notice)


def _summary_notice(case: Case, hazard: hazards.HazardClass, summary: str) -> str:
    dues = {c.name: long_date(c.due_on) if c.due_on else when(c.due_at)
            for c in case.hazard_clocks if c.completed_at is None}
    return hazards.summary_notice(case.reference, hazard.label, summary, dues)


def when(moment: datetime) -> str:
    local = moment.astimezone(LONDON)
    return f"{local:%H:%M} on {long_date(local.date())}"


def _policy_class(policy, case: Case) -> hazards.HazardClass:
    try:
        return policy.hazards.get(case.hazard_class)
    except HazardPolicyError:
        # The landlord's policy no longer has the class this case was given.
        raise Conflict(f"{case.reference}: the policy has no hazard class {case.hazard_class!r}; "
                       "set a hazard class it has first") from None


def _require_step_allowed(case: Case, hazard: hazards.HazardClass, step: str) -> None:
    clocks = {c.name: c for c in case.hazard_clocks}
    stops = [spec for spec in hazard.clocks if spec.stopped_by == step]
    starts = [spec for spec in hazard.clocks if spec.starts == step]
    if not stops and not starts:
        raise Conflict(
            f"a {hazard.label.lower()} has no clock that {step.replace('_', ' ')} stops or starts",
            "step",
        )
    for spec in stops:
        if spec.name not in clocks and spec.starts != hazards.AWARENESS:
            raise Conflict(
                f"record {spec.starts.replace('_', ' ')} first: the {spec.name.replace('_', ' ')} "
                f"clock runs from it", "step",
            )
    already_stopped = stops and all(
        spec.name in clocks and clocks[spec.name].completed_at is not None for spec in stops
    )
    already_started = starts and all(spec.name in clocks for spec in starts)
    if (not stops or already_stopped) and (not starts or already_started):
        raise Conflict(f"{step.replace('_', ' ')} is already recorded for {case.reference}", "step")


# ---- the annual report ---------------------------------------------------------------


@dataclass(frozen=True)
class HazardClocksMet:
    hazard_class: str
    label: str
    met: int
    missed: int
    clocks: dict[str, dict[str, int]]


def hazard_clocks_met(session: Session, start: date, end: date, now: datetime | None = None,
                      policy_slug: str | None = None) -> list[HazardClocksMet]:
    """For the annual report: Awaab's Law clocks that fell due from ``start`` to ``end``
    (Europe/London dates, inclusive), by hazard class, met or missed. A clock still running
    past its deadline counts as missed; one not yet due is left out."""
    if end < start:
        raise Invalid("end: cannot be before start", "end")
    now = now or datetime.now(UTC)
    lo = datetime.combine(start, datetime.min.time(), LONDON) - timedelta(days=1)
    hi = datetime.combine(end + timedelta(days=2), datetime.min.time(), LONDON)
    rows = session.execute(
        select(HazardClock).where(HazardClock.due_at >= lo, HazardClock.due_at < hi)
    ).scalars()
    outcomes = [hazards.HazardOutcome(r.hazard_class, r.name, r.due_at, r.completed_at, r.due_on)
                for r in rows]
    labels = policy_for(policy_slug).hazards.classes
    return [
        HazardClocksMet(t.hazard_class, labels[t.hazard_class].label if t.hazard_class in labels
                        else t.hazard_class, t.met, t.missed, t.clocks)
        for t in hazards.tally(outcomes, start, end, now)
    ]
