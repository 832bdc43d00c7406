"""SLA clocks for complaints, in UK working days (docs/architecture.md §5, a contract).

Pure functions over plain values: the working-day arithmetic comes from
``calendar``; the timescales come from the landlord's policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from .calendar import WorkingCalendar, local_date


@dataclass(frozen=True)
class StageTimescales:
    """Working-day timescales for one complaint stage (Code 6.2–6.4, 6.11, 6.14–6.15)."""

    acknowledge_days: int
    response_days: int
    max_extension_days: int


class ClockState(StrEnum):
    RUNNING = "running"
    AT_RISK = "at_risk"
    OVERDUE = "overdue"
    MET = "met"
    MISSED = "missed"  # done, but after the due date


@dataclass(frozen=True)
class StageDates:
    acknowledge_due: date
    response_due: date
    response_projected: bool  # True until the complaint is actually acknowledged


def received_on(received: date | datetime) -> date:
    """The received date: an instant's Europe/London date, or a date as it is."""
    return local_date(received) if isinstance(received, datetime) else received


def acknowledge_due(
    received_at: date | datetime, calendar: WorkingCalendar, timescales: StageTimescales
) -> date:
    """Received date (Europe/London, rolled forward to day 0) plus the acknowledgement days."""
    return calendar.add_working_days(received_on(received_at), timescales.acknowledge_days)


def response_due(
    received_at: date | datetime,
    calendar: WorkingCalendar,
    timescales: StageTimescales,
    acknowledged_on: date | None = None,
    extension_days: int = 0,
    counted_from: str = "acknowledgement",
) -> date:
    """Code 6.3/6.14: counted from the date actually acknowledged; until then projected
    from the acknowledgement due date. An extension adds working days on top. A policy
    may count from receipt instead (``counted_from="receipt"``, more generous)."""
    if counted_from == "receipt":
        start = received_on(received_at)
    else:
        start = acknowledged_on or acknowledge_due(received_at, calendar, timescales)
    return calendar.add_working_days(start, timescales.response_days + extension_days)


def stage_dates(
    received_at: date | datetime,
    calendar: WorkingCalendar,
    timescales: StageTimescales,
    acknowledged_on: date | None = None,
    extension_days: int = 0,
    counted_from: str = "acknowledgement",
) -> StageDates:
    return StageDates(
        acknowledge_due=acknowledge_due(received_at, calendar, timescales),
        response_due=response_due(
            received_at, calendar, timescales, acknowledged_on, extension_days, counted_from
        ),
        response_projected=acknowledged_on is None and counted_from != "receipt",
    )


def clock_state(
    due: date,
    today: date,
    calendar: WorkingCalendar,
    completed_on: date | None = None,
    at_risk_days: int = 2,
) -> ClockState:
    """The one place a clock's state is decided. A step is on time if taken by the end
    of the due date (Europe/London); "at risk" is ``at_risk_days`` working days or
    fewer left."""
    if completed_on is not None:
        return ClockState.MET if completed_on <= due else ClockState.MISSED
    if today > due:
        return ClockState.OVERDUE
    if calendar.working_days_between(today, due) <= at_risk_days:
        return ClockState.AT_RISK
    return ClockState.RUNNING


def extension_allowed(requested_days: int, already_extended: int, timescales: StageTimescales) -> bool:
    """Code 6.4/6.15: an extension must not exceed the stage's limit in total."""
    return requested_days > 0 and already_extended + requested_days <= timescales.max_extension_days
