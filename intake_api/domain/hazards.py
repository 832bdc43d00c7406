"""Awaab's Law hazard clocks (England, from 27 October 2025; SI 2025/1042), docs/hazards.md.

A social landlord must, from when it becomes aware of a hazard:
- an **emergency hazard**: investigate and make safe within 24 hours — real hours,
  through nights, weekends and bank holidays (an instant, not a date);
- a **significant damp and mould hazard**: investigate within 10 working days; once the
  investigation is finished, give the tenant a written summary within 3 working days,
  complete the safety work within 5, and begin further preventative work within 5 (or,
  where that is not reasonably practicable, within 12 weeks).

Working-day clocks follow the Code's calendar rules (``calendar``): the awareness date in
Europe/London, rolled forward to a working day (day 0), plus N working days, met by the
end of that local day. The hazard classes and their timescales are policy settings
(``hazards:`` in ``data/policies/*.yaml``); the law's are the defaults, and a policy may
add classes (excess cold, falls, …) or be quicker, never slower. Pure: no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from types import MappingProxyType
from typing import Any, Literal

from .calendar import MAX_WORKING_DAYS, WorkingCalendar, end_of_local_day, local_date
from .sla import ClockState, clock_state

# What staff record; each stops the clocks that name it and starts those counted from it.
STEPS: tuple[str, ...] = ("investigated", "summary_sent", "safety_work_done", "further_work_started")
AWARENESS = "awareness"
UNITS: tuple[str, ...] = ("hours", "working_days")

# Tenures a case may record. Awaab's Law covers social-rent tenancies (social and affordable
# rent); shared owners and leaseholders are outside it.
TENURES: tuple[str, ...] = ("social_rent", "affordable_rent", "shared_ownership", "leasehold", "other")
LAW_TENURES: frozenset[str] = frozenset({"social_rent", "affordable_rent"})


class HazardPolicyError(ValueError):
    """A ``hazards:`` policy setting that does not make sense; the message names the field."""


@dataclass(frozen=True)
class HazardClockSpec:
    """One deadline of a hazard class: ``amount`` hours or working days counted from
    awareness or from a step, stopped by a step."""

    name: str
    amount: int
    unit: Literal["hours", "working_days"]
    starts: str = AWARENESS  # "awareness" or one of STEPS
    stopped_by: str = "investigated"
    # Where meeting it is not reasonably practicable: this many weeks instead (calendar).
    not_practicable_weeks: int | None = None

    def __str__(self) -> str:
        unit = "hours" if self.unit == "hours" else "working days"
        start = "awareness" if self.starts == AWARENESS else self.starts.replace("_", " ")
        return f"{self.amount} {unit} from {start}"


@dataclass(frozen=True)
class HazardClass:
    slug: str
    label: str
    clocks: tuple[HazardClockSpec, ...]

    def clock(self, name: str) -> HazardClockSpec | None:
        return next((c for c in self.clocks if c.name == name), None)


@dataclass(frozen=True)
class HazardPolicy:
    classes: Mapping[str, HazardClass]
    # Tenures whose cases get hazard clocks; a case with no tenure recorded gets them too.
    tenures: frozenset[str] = LAW_TENURES
    # An hour-based clock with this many hours or fewer left is "at risk".
    at_risk_hours: int = 6

    def get(self, slug: str) -> HazardClass:
        if slug not in self.classes:
            raise HazardPolicyError(
                f"unknown hazard class {slug!r}; the policy's classes are: {', '.join(self.classes)}"
            )
        return self.classes[slug]

    def applies_to(self, tenure: str | None) -> bool:
        """Awaab's Law is for social-rent tenancies. Not recorded: treated as covered,
        since missing a statutory deadline costs more than a clock that was not owed."""
        return tenure is None or tenure in self.tenures


# The law's classes and timescales (SI 2025/1042): the defaults of every policy.
LAW_CLASSES: Mapping[str, HazardClass] = MappingProxyType({
    "emergency": HazardClass("emergency", "Emergency hazard", (
        HazardClockSpec("make_safe", 24, "hours", AWARENESS, "safety_work_done"),
    )),
    "damp_mould": HazardClass("damp_mould", "Significant damp and mould hazard", (
        HazardClockSpec("investigate", 10, "working_days", AWARENESS, "investigated"),
        HazardClockSpec("summary", 3, "working_days", "investigated", "summary_sent"),
        HazardClockSpec("safety_work", 5, "working_days", "investigated", "safety_work_done"),
        HazardClockSpec("further_work", 5, "working_days", "investigated", "further_work_started", 12),
    )),
})
LAW = HazardPolicy(classes=LAW_CLASSES)


# ---- the clocks ----------------------------------------------------------------------


@dataclass(frozen=True)
class HazardDue:
    """A computed deadline: ``due_at`` is the last instant that meets it; a working-day
    clock also has the local date it falls on."""

    name: str
    unit: str
    started_at: datetime
    due_at: datetime
    due_on: date | None = None

    @property
    def iso(self) -> str:
        """As the case JSON gives it: a date for working days, a datetime (UTC offset) for hours."""
        return self.due_on.isoformat() if self.due_on else self.due_at.isoformat()


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def hours_due(start: datetime, hours: int) -> datetime:
    """``hours`` real hours after ``start``: nights, weekends and bank holidays count, and
    across the clock change 24 hours is still 24 hours (arithmetic in UTC)."""
    return _aware(start).astimezone(UTC) + timedelta(hours=hours)


def working_days_due(start: datetime, days: int, calendar: WorkingCalendar) -> date:
    """The Code's rule: the Europe/London date of ``start``, rolled forward to a working
    day (day 0), plus ``days`` working days."""
    return calendar.add_working_days(local_date(_aware(start)), days)


def due(spec: HazardClockSpec, start: datetime, calendar: WorkingCalendar,
        not_practicable: bool = False) -> HazardDue:
    """The deadline of ``spec`` counted from ``start``; with ``not_practicable`` (and a
    clock that allows it) ``not_practicable_weeks`` calendar weeks, ending on a working day."""
    start = _aware(start).astimezone(UTC)
    if not_practicable and spec.not_practicable_weeks:
        day = calendar.roll_forward(local_date(start) + timedelta(weeks=spec.not_practicable_weeks))
        return HazardDue(spec.name, "working_days", start, end_of_local_day(day), day)
    if spec.unit == "hours":
        return HazardDue(spec.name, spec.unit, start, hours_due(start, spec.amount))
    on = working_days_due(start, spec.amount, calendar)
    return HazardDue(spec.name, spec.unit, start, end_of_local_day(on), on)


def clocks_for(
    hazard: HazardClass,
    aware_at: datetime,
    calendar: WorkingCalendar,
    steps: Mapping[str, datetime] | None = None,
) -> list[HazardDue]:
    """Every clock of ``hazard`` that has started: those counted from awareness, and those
    counted from a step already recorded (``steps``: step → when)."""
    steps = steps or {}
    out = []
    for spec in hazard.clocks:
        start = aware_at if spec.starts == AWARENESS else steps.get(spec.starts)
        if start is not None:
            out.append(due(spec, start, calendar))
    return out


def hazard_clock_state(
    clock: HazardDue,
    now: datetime,
    calendar: WorkingCalendar,
    completed_at: datetime | None = None,
    at_risk_hours: int = 6,
    at_risk_working_days: int = 2,
) -> ClockState:
    """Hour clocks are judged to the instant; working-day clocks as the Code's (by the
    end of the due date, at risk with ``at_risk_working_days`` or fewer left)."""
    if clock.due_on is not None:
        done = local_date(_aware(completed_at)) if completed_at else None
        return clock_state(clock.due_on, local_date(_aware(now)), calendar, done, at_risk_working_days)
    if completed_at is not None:
        return ClockState.MET if _aware(completed_at) <= clock.due_at else ClockState.MISSED
    now = _aware(now)
    if now > clock.due_at:
        return ClockState.OVERDUE
    if clock.due_at - now <= timedelta(hours=at_risk_hours):
        return ClockState.AT_RISK
    return ClockState.RUNNING


def hours_left(due_at: datetime, now: datetime) -> int:
    """Whole hours left, rounded down (negative once late: -1 is up to an hour late)."""
    return math.floor((_aware(due_at) - _aware(now)).total_seconds() / 3600)


# ---- the written summary to the tenant -------------------------------------------------


def summary_notice(reference: str, label: str, summary: str, dues: Mapping[str, str]) -> str:
    """The written summary of the investigation (damp and mould: within 3 working days of
    it finishing), with what we will do and by when. ``dues``: clock name → when, in words."""
    lines = [
        f"Your reference: {reference}",
        "",
        (f"We have finished investigating the {label.lower()} you told us about. What we "
         "found and what we will do:"),
        "",
        summary,
    ]
    steps = {"safety_work": "We will complete the work to make your home safe by {}.",
             "further_work": "We will begin any further work needed to stop it coming back by {}."}
    promised = [text.format(dues[name]) for name, text in steps.items() if name in dues]
    if promised:
        lines += ["", *promised]
    lines += ["", f"If anything changes or gets worse, please tell us, quoting {reference}."]
    return "\n".join(lines)


# ---- met and missed, for the annual report ---------------------------------------------


@dataclass(frozen=True)
class HazardOutcome:
    """One clock as the report sees it."""

    hazard_class: str
    name: str
    due_at: datetime
    completed_at: datetime | None
    due_on: date | None = None


@dataclass
class HazardTally:
    hazard_class: str
    met: int = 0
    missed: int = 0
    clocks: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def due(self) -> int:
        return self.met + self.missed


def tally(outcomes: Iterable[HazardOutcome], start: date, end: date, now: datetime) -> list[HazardTally]:
    """Clocks falling due in ``start``..``end`` (Europe/London dates, inclusive), by hazard
    class: met (stopped in time) or missed (stopped late, or still running past due).
    Clocks not yet due by ``now`` are left out: they can still be met."""
    by_class: dict[str, HazardTally] = {}
    for o in outcomes:
        due_day = o.due_on or local_date(o.due_at)
        if not start <= due_day <= end:
            continue
        if o.completed_at is None and _aware(now) <= o.due_at:
            continue
        met = o.completed_at is not None and (
            local_date(_aware(o.completed_at)) <= o.due_on if o.due_on else _aware(o.completed_at) <= o.due_at
        )
        row = by_class.setdefault(o.hazard_class, HazardTally(o.hazard_class))
        counts = row.clocks.setdefault(o.name, {"met": 0, "missed": 0})
        key = "met" if met else "missed"
        counts[key] += 1
        if met:
            row.met += 1
        else:
            row.missed += 1
    return [by_class[k] for k in sorted(by_class)]


# ---- reading the policy's ``hazards:`` section -----------------------------------------


_SLUG_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_")


def _slug(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value or not set(value) <= _SLUG_CHARS or value[0] == "_":
        raise HazardPolicyError(f"{where}: {value!r} is not a name like 'excess_cold'")
    return value


def _whole(value: Any, where: str, maximum: int = MAX_WORKING_DAYS) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= maximum:
        raise HazardPolicyError(f"{where}: must be a whole number from 1 to {maximum}, not {value!r}")
    return value


def _clock_spec(name: str, value: Any, where: str) -> HazardClockSpec:
    if not isinstance(value, dict):
        raise HazardPolicyError(f"{where}: must be a mapping like {{working_days: 10}}, not {value!r}")
    allowed = (*UNITS, "from", "stopped_by", "not_practicable_weeks")
    for key in value:
        if key not in allowed:
            raise HazardPolicyError(f"{where}.{key}: unknown setting; known: {', '.join(allowed)}")
    units = [u for u in UNITS if u in value]
    if len(units) != 1:
        raise HazardPolicyError(f"{where}: give exactly one of {', '.join(UNITS)}")
    unit = units[0]
    starts = value.get("from", AWARENESS)
    if starts not in (AWARENESS, *STEPS):
        raise HazardPolicyError(f"{where}.from: must be one of {', '.join((AWARENESS, *STEPS))}, not {starts!r}")
    stopped_by = value.get("stopped_by")
    if stopped_by not in STEPS:
        raise HazardPolicyError(f"{where}.stopped_by: must be one of {', '.join(STEPS)}, not {stopped_by!r}")
    if stopped_by == starts:
        raise HazardPolicyError(f"{where}.stopped_by: a clock cannot be stopped by the step it starts from")
    weeks = value.get("not_practicable_weeks")
    return HazardClockSpec(name, _whole(value[unit], f"{where}.{unit}"), unit, starts, stopped_by,
                           None if weeks is None else _whole(weeks, f"{where}.not_practicable_weeks", 520))


def _hazard_class(slug: str, value: Any, where: str) -> HazardClass:
    if not isinstance(value, dict):
        raise HazardPolicyError(f"{where}: must be a mapping with label and clocks, not {value!r}")
    for key in value:
        if key not in ("label", "clocks"):
            raise HazardPolicyError(f"{where}.{key}: unknown setting; known: label, clocks")
    label = value.get("label")
    if not isinstance(label, str) or not label.strip():
        raise HazardPolicyError(f"{where}.label: must be non-empty text, not {label!r}")
    clocks = value.get("clocks")
    if not isinstance(clocks, dict) or not clocks:
        raise HazardPolicyError(f"{where}.clocks: must be a non-empty mapping of clocks")
    specs = tuple(
        _clock_spec(_slug(name, f"{where}.clocks"), spec, f"{where}.clocks.{name}")
        for name, spec in clocks.items()
    )
    return HazardClass(slug, label.strip(), specs)


def _no_slower_than_the_law(hazard: HazardClass, where: str) -> None:
    """A policy may be quicker than the law, never slower, and may not drop a law clock."""
    law = LAW_CLASSES.get(hazard.slug)
    if law is None:
        return
    for spec in law.clocks:
        mine = hazard.clock(spec.name)
        if mine is None:
            raise HazardPolicyError(f"{where}.clocks.{spec.name}: missing; the law requires {spec}")
        if (mine.unit, mine.starts) != (spec.unit, spec.starts) or mine.amount > spec.amount:
            raise HazardPolicyError(
                f"{where}.clocks.{spec.name}: {mine} is slower than the law's {spec}"
            )
        if (mine.not_practicable_weeks or 0) > (spec.not_practicable_weeks or 0):
            raise HazardPolicyError(
                f"{where}.clocks.{spec.name}.not_practicable_weeks: more than the law's "
                f"{spec.not_practicable_weeks or 'none'}"
            )


def parse_hazard_policy(value: Any) -> HazardPolicy:
    """The ``hazards:`` section of a policy file. Classes it names are added to (or replace)
    the law's; a law class may only be made quicker."""
    if value is None:
        return LAW
    if not isinstance(value, dict):
        raise HazardPolicyError(f"hazards: must be a mapping, not {value!r}")
    for key in value:
        if key not in ("classes", "tenures", "at_risk_hours"):
            raise HazardPolicyError(f"hazards.{key}: unknown setting; known: classes, tenures, at_risk_hours")
    classes = dict(LAW_CLASSES)
    raw_classes = value.get("classes") or {}
    if not isinstance(raw_classes, dict):
        raise HazardPolicyError("hazards.classes: must be a mapping of hazard classes")
    for slug, spec in raw_classes.items():
        where = f"hazards.classes.{slug}"
        hazard = _hazard_class(_slug(slug, "hazards.classes"), spec, where)
        _no_slower_than_the_law(hazard, where)
        classes[slug] = hazard
    tenures = value.get("tenures", sorted(LAW_TENURES))
    if not isinstance(tenures, list) or not all(t in TENURES for t in tenures):
        raise HazardPolicyError(f"hazards.tenures: must be a list of {', '.join(TENURES)}, not {tenures!r}")
    if not LAW_TENURES <= set(tenures):
        raise HazardPolicyError("hazards.tenures: must include social_rent and affordable_rent (the law's)")
    at_risk = value.get("at_risk_hours", 6)
    return HazardPolicy(
        classes=MappingProxyType(classes),
        tenures=frozenset(tenures),
        at_risk_hours=_whole(at_risk, "hazards.at_risk_hours", 23),
    )
