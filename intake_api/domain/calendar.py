"""UK working-day calendar: the one home of working-day arithmetic.

Pure: no I/O beyond the ``holidays`` package's tables. Semantics (docs/architecture.md §5,
a contract): working days are Monday–Friday minus the bank holidays of the
landlord's nation minus the policy's closure days. A date that is not a working
day rolls forward to the next one (day 0); N working days later is day 0 plus N —
numpy's ``busday_offset(date, N, roll='forward')``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from importlib.metadata import version as _package_version
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")

# The nations of the UK as the ``holidays`` package spells their subdivisions.
NATIONS: dict[str, str] = {
    "england": "ENG",
    "wales": "WLS",
    "scotland": "SCT",
    "northern_ireland": "NIR",
}

# Working-day counts beyond this are refused as absurd (about 40 years).
MAX_WORKING_DAYS = 10_000

HOLIDAYS_VERSION = _package_version("holidays")


class UnknownNation(ValueError):
    def __init__(self, nation: str) -> None:
        super().__init__(
            f"unknown nation {nation!r}; valid nations are: {', '.join(NATIONS)}"
        )
        self.nation = nation


def local_date(moment: datetime) -> date:
    """The Europe/London calendar date of an instant (naive values are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LONDON).date()


def end_of_local_day(day: date) -> datetime:
    """The last instant (UTC) at which a step taken on ``day`` still meets the deadline."""
    next_midnight = datetime.combine(day + timedelta(days=1), datetime.min.time(), LONDON)
    return next_midnight.astimezone(UTC) - timedelta(microseconds=1)


@dataclass(frozen=True)
class WorkingCalendar:
    """Working days for one nation, with a landlord's closure days taken out."""

    nation: str
    closure_days: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.nation not in NATIONS:
            raise UnknownNation(self.nation)

    @property
    def version(self) -> str:
        """Names the holiday data a clock was computed with, so dates never shift silently."""
        closures = ",".join(sorted(d.isoformat() for d in self.closure_days))
        digest = hashlib.sha256(closures.encode()).hexdigest()[:8] if closures else "none"
        return f"{self.nation};holidays={HOLIDAYS_VERSION};closures={digest}"

    def _bank_holidays(self, year: int) -> holidays.HolidayBase:
        return _bank_holidays(self.nation, year)

    def is_working_day(self, day: date) -> bool:
        return (
            day.weekday() < 5
            and day not in self._bank_holidays(day.year)
            and day not in self.closure_days
        )

    def roll_forward(self, day: date) -> date:
        """Day 0: the day itself if it is a working day, else the next working day."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, start: date, days: int) -> date:
        """Day 0 (``start`` rolled forward) plus ``days`` working days."""
        if not 0 <= days <= MAX_WORKING_DAYS:
            raise ValueError(f"days must be between 0 and {MAX_WORKING_DAYS}, not {days}")
        day = self.roll_forward(start)
        for _ in range(days):
            day = self.roll_forward(day + timedelta(days=1))
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative if ``end`` is earlier).

        ``working_days_between(today, due)`` is the number of working days left.
        """
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start + timedelta(days=1)
        while day <= end:
            if self.is_working_day(day):
                count += 1
            day += timedelta(days=1)
        return count


@lru_cache(maxsize=256)
def _bank_holidays(nation: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv=NATIONS[nation], years=year)


def calendar_for(nation: str, closure_days: Iterable[date] = ()) -> WorkingCalendar:
    return WorkingCalendar(nation=nation, closure_days=frozenset(closure_days))
