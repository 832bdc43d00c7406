"""The working-day calendar (docs/architecture.md §5): Monday–Friday, minus the nation's bank
holidays, minus closure days; day 0 is the received date rolled forward."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

import holidays
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake_api.domain.calendar import (
    NATIONS,
    UnknownNation,
    WorkingCalendar,
    calendar_for,
    end_of_local_day,
    local_date,
)

FIRST_YEAR, LAST_YEAR = 2020, 2035

nations = st.sampled_from(sorted(NATIONS))
days_in_range = st.dates(min_value=date(FIRST_YEAR, 1, 1), max_value=date(LAST_YEAR, 12, 31))
working_day_counts = st.integers(min_value=0, max_value=120)
closures = st.frozensets(days_in_range, max_size=8)


@lru_cache(maxsize=8)
def bank_holidays(nation: str) -> frozenset[date]:
    """Straight from the holidays package, two years past the range for deadlines that spill over."""
    table = holidays.country_holidays(
        "GB", subdiv=NATIONS[nation], years=range(FIRST_YEAR, LAST_YEAR + 3)
    )
    return frozenset(table)


def is_working_day_oracle(day: date, nation: str, closure_days: frozenset[date]) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(nation) and day not in closure_days


def numpy_due(start: date, days: int, nation: str, closure_days: frozenset[date]) -> date:
    """numpy's busday_offset(date, N, roll='forward'): the contract's own definition."""
    off_days = np.array(sorted(bank_holidays(nation) | closure_days), dtype="datetime64[D]")
    due = np.busday_offset(np.datetime64(start, "D"), days, roll="forward", holidays=off_days)
    return due.astype(object)


# ---- properties ---------------------------------------------------------------------


@settings(deadline=None)
@given(nation=nations, start=days_in_range, days=working_day_counts, closure_days=closures)
def test_a_deadline_always_falls_on_a_working_day(nation, start, days, closure_days):
    due = calendar_for(nation, closure_days).add_working_days(start, days)
    assert is_working_day_oracle(due, nation, closure_days)


@settings(deadline=None)
@given(nation=nations, start=days_in_range, days=working_day_counts, closure_days=closures)
def test_one_more_working_day_is_always_a_later_date(nation, start, days, closure_days):
    calendar = calendar_for(nation, closure_days)
    assert calendar.add_working_days(start, days) < calendar.add_working_days(start, days + 1)


@settings(deadline=None)
@given(
    nation=nations,
    start=days_in_range,
    a=working_day_counts,
    b=working_day_counts,
    closure_days=closures,
)
def test_adding_a_then_b_working_days_is_adding_a_plus_b(nation, start, a, b, closure_days):
    calendar = calendar_for(nation, closure_days)
    assert calendar.add_working_days(calendar.add_working_days(start, a), b) == (
        calendar.add_working_days(start, a + b)
    )


@settings(deadline=None)
@given(nation=nations, start=days_in_range, days=working_day_counts, closure_days=closures)
def test_no_weekend_bank_holiday_or_closure_day_is_ever_counted(nation, start, days, closure_days):
    calendar = calendar_for(nation, closure_days)
    day_0 = calendar.add_working_days(start, 0)
    due = calendar.add_working_days(start, days)
    between = [day_0 + timedelta(n) for n in range(1, (due - day_0).days + 1)]
    counted = [d for d in between if is_working_day_oracle(d, nation, closure_days)]
    assert len(counted) == days
    assert calendar.working_days_between(day_0, due) == days


@settings(deadline=None, max_examples=300)
@given(nation=nations, start=days_in_range, days=working_day_counts, closure_days=closures)
def test_working_days_agree_with_numpy_busday_offset_in_every_nation(
    nation, start, days, closure_days
):
    assert calendar_for(nation, closure_days).add_working_days(start, days) == numpy_due(
        start, days, nation, closure_days
    )


@pytest.mark.parametrize("nation", sorted(NATIONS))
def test_every_day_2020_to_2035_agrees_with_numpy_in_each_nation(nation):
    calendar = calendar_for(nation)
    day = date(FIRST_YEAR, 1, 1)
    while day.year <= LAST_YEAR:
        assert calendar.add_working_days(day, 5) == numpy_due(day, 5, nation, frozenset()), day
        day += timedelta(days=1)


def last_sunday(year: int, month: int) -> date:
    day = date(year, month + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def london_date_oracle(moment: datetime) -> date:
    """UK rule: BST (UTC+1) from 01:00 UTC on the last Sunday of March to 01:00 UTC on
    the last Sunday of October; GMT otherwise."""
    utc = moment.astimezone(UTC).replace(tzinfo=None)
    bst_from = datetime.combine(last_sunday(utc.year, 3), time(1))
    bst_to = datetime.combine(last_sunday(utc.year, 10), time(1))
    offset = timedelta(hours=1) if bst_from <= utc < bst_to else timedelta(0)
    return (utc + offset).date()


@st.composite
def instants_around_clock_changes(draw):
    """UTC instants within two days either side of a March or October clock change."""
    year = draw(st.integers(FIRST_YEAR, LAST_YEAR))
    month = draw(st.sampled_from([3, 10]))
    change = datetime.combine(last_sunday(year, month), time(1), tzinfo=UTC)
    minutes = draw(st.integers(-2 * 24 * 60, 2 * 24 * 60))
    return change + timedelta(minutes=minutes)


@settings(deadline=None)
@given(moment=instants_around_clock_changes(), nation=nations)
def test_clock_changes_never_move_a_received_date_or_its_deadline(moment, nation):
    received_on = local_date(moment)
    assert received_on == london_date_oracle(moment)
    # Only the local date matters: any time that day gives the same deadline.
    calendar = calendar_for(nation)
    noon_same_day = datetime.combine(received_on, time(12), tzinfo=UTC)
    assert calendar.add_working_days(local_date(noon_same_day), 5) == (
        calendar.add_working_days(received_on, 5)
    )


@given(day=days_in_range)
def test_the_end_of_a_local_day_is_still_that_local_day(day):
    last = end_of_local_day(day)
    assert local_date(last) == day
    assert local_date(last + timedelta(microseconds=1)) == day + timedelta(days=1)


# ---- examples: the nations' bank holidays --------------------------------------------


def test_christmas_and_new_year_are_not_working_days_in_england():
    england = calendar_for("england")
    # Thu 24 Dec 2026; Fri 25, Mon 28 (Boxing Day substitute) and Fri 1 Jan are holidays.
    assert england.add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
    assert england.add_working_days(date(2026, 12, 24), 5) == date(2027, 1, 5)


def test_2_january_is_a_bank_holiday_in_scotland_only():
    # Tue 31 Dec 2024: the next working day is Thu 2 Jan in England, Fri 3 Jan in Scotland.
    assert calendar_for("england").add_working_days(date(2024, 12, 31), 1) == date(2025, 1, 2)
    assert calendar_for("scotland").add_working_days(date(2024, 12, 31), 1) == date(2025, 1, 3)


@pytest.mark.parametrize(
    ("nation", "next_working_day"),
    [
        ("england", date(2026, 4, 7)),
        ("wales", date(2026, 4, 7)),
        ("northern_ireland", date(2026, 4, 7)),
        ("scotland", date(2026, 4, 6)),  # Easter Monday is not a bank holiday in Scotland
    ],
)
def test_good_friday_everywhere_and_easter_monday_outside_scotland(nation, next_working_day):
    # Thu 2 Apr 2026; Good Friday 3 Apr, Easter Monday 6 Apr.
    assert calendar_for(nation).add_working_days(date(2026, 4, 2), 1) == next_working_day


def test_st_andrews_day_is_a_bank_holiday_in_scotland():
    # Mon 30 Nov 2026.
    assert not calendar_for("scotland").is_working_day(date(2026, 11, 30))
    assert calendar_for("england").is_working_day(date(2026, 11, 30))
    assert calendar_for("scotland").add_working_days(date(2026, 11, 27), 1) == date(2026, 12, 1)


def test_st_andrews_day_on_a_sunday_gives_the_monday_off_in_scotland():
    # Sun 30 Nov 2025: substitute day Mon 1 Dec.
    assert calendar_for("scotland").add_working_days(date(2025, 11, 28), 1) == date(2025, 12, 2)
    assert calendar_for("england").add_working_days(date(2025, 11, 28), 1) == date(2025, 12, 1)


def test_st_patricks_day_is_a_bank_holiday_in_northern_ireland():
    # Tue 17 Mar 2026.
    assert calendar_for("northern_ireland").add_working_days(date(2026, 3, 16), 1) == date(
        2026, 3, 18
    )
    assert calendar_for("england").add_working_days(date(2026, 3, 16), 1) == date(2026, 3, 17)


def test_the_battle_of_the_boyne_is_a_bank_holiday_in_northern_ireland():
    # Mon 12 Jul 2027.
    assert calendar_for("northern_ireland").add_working_days(date(2027, 7, 9), 1) == date(
        2027, 7, 13
    )
    assert calendar_for("england").add_working_days(date(2027, 7, 9), 1) == date(2027, 7, 12)
    # Sun 12 Jul 2026: substitute day Mon 13 Jul.
    assert not calendar_for("northern_ireland").is_working_day(date(2026, 7, 13))


# ---- examples: received dates, day 0, closure days -----------------------------------


def test_23_30_on_the_last_saturday_of_march_is_still_saturday():
    # Sat 28 Mar 2026 is GMT: 23:30 local is 23:30 UTC. Clocks go forward on Sun 29 Mar.
    received = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)
    assert local_date(received) == date(2026, 3, 28)
    # Sun 29 Mar 23:30 BST is 22:30 UTC the same day.
    assert local_date(datetime(2026, 3, 29, 22, 30, tzinfo=UTC)) == date(2026, 3, 29)


def test_23_30_on_the_last_saturday_of_october_is_still_saturday():
    # Sat 24 Oct 2026 is BST: 23:30 local is 22:30 UTC the same day.
    assert local_date(datetime(2026, 10, 24, 22, 30, tzinfo=UTC)) == date(2026, 10, 24)
    # 23:30 UTC that Saturday is already 00:30 on Sunday in London.
    assert local_date(datetime(2026, 10, 24, 23, 30, tzinfo=UTC)) == date(2026, 10, 25)
    # Sun 25 Oct after the clocks go back: 23:30 GMT is 23:30 UTC.
    assert local_date(datetime(2026, 10, 25, 23, 30, tzinfo=UTC)) == date(2026, 10, 25)


def test_the_local_date_not_the_utc_date_starts_the_clock():
    # Fri 23 Oct 2026, 23:30 UTC is 00:30 BST on Saturday: day 0 is Monday 26 Oct,
    # not Friday 23 Oct.
    received = datetime(2026, 10, 23, 23, 30, tzinfo=UTC)
    england = calendar_for("england")
    assert england.add_working_days(local_date(received), 0) == date(2026, 10, 26)
    assert england.add_working_days(local_date(received), 5) == date(2026, 11, 2)


def test_a_naive_time_is_taken_as_utc():
    assert local_date(datetime(2026, 7, 1, 23, 30)) == date(2026, 7, 2)


def test_received_on_a_bank_holiday_day_0_is_the_next_working_day():
    # Mon 31 Aug 2026 is the late summer bank holiday in England but not in Scotland.
    assert calendar_for("england").add_working_days(date(2026, 8, 31), 0) == date(2026, 9, 1)
    assert calendar_for("england").add_working_days(date(2026, 8, 31), 5) == date(2026, 9, 8)
    assert calendar_for("scotland").add_working_days(date(2026, 8, 31), 0) == date(2026, 8, 31)


def test_received_at_the_weekend_day_0_is_monday():
    assert calendar_for("wales").add_working_days(date(2026, 11, 14), 0) == date(2026, 11, 16)


def test_closure_days_are_not_working_days():
    christmas_closure = [date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)]
    closed = calendar_for("england", christmas_closure)
    assert not closed.is_working_day(date(2026, 12, 30))
    assert closed.add_working_days(date(2026, 12, 24), 1) == date(2027, 1, 4)
    assert calendar_for("england").add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)


def test_working_days_between_counts_the_days_left():
    england = calendar_for("england")
    assert england.working_days_between(date(2026, 11, 13), date(2026, 11, 17)) == 2  # Fri → Tue
    assert england.working_days_between(date(2026, 11, 17), date(2026, 11, 13)) == -2
    assert england.working_days_between(date(2026, 11, 17), date(2026, 11, 17)) == 0


def test_a_negative_number_of_working_days_is_refused():
    with pytest.raises(ValueError, match="days must be between"):
        calendar_for("england").add_working_days(date(2026, 11, 2), -1)


def test_an_unknown_nation_is_refused_naming_the_valid_ones():
    with pytest.raises(UnknownNation) as raised:
        WorkingCalendar(nation="cornwall")
    assert "cornwall" in str(raised.value)
    for nation in NATIONS:
        assert nation in str(raised.value)


def test_the_calendar_version_changes_when_closure_days_change():
    plain = calendar_for("england")
    closed = calendar_for("england", [date(2026, 12, 29)])
    more_closed = calendar_for("england", [date(2026, 12, 29), date(2026, 12, 30)])
    assert len({plain.version, closed.version, more_closed.version}) == 3
    assert calendar_for("england", [date(2026, 12, 29)]).version == closed.version
    assert calendar_for("scotland").version != plain.version
    assert f"holidays={holidays.__version__}" in plain.version
