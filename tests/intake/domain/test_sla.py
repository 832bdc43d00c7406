"""SLA clocks (docs/architecture.md §5; Code 6.2–6.4 and 6.11–6.15), in working days."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake_api.domain.calendar import NATIONS, calendar_for
from intake_api.domain.sla import (
    ClockState,
    StageTimescales,
    acknowledge_due,
    clock_state,
    extension_allowed,
    response_due,
    stage_dates,
)

STAGE_1 = StageTimescales(acknowledge_days=5, response_days=10, max_extension_days=10)
STAGE_2 = StageTimescales(acknowledge_days=5, response_days=20, max_extension_days=20)
ENGLAND = calendar_for("england")

# Mon 2 Nov 2026, mid-morning; no bank holidays in England until Christmas.
MONDAY_2_NOV = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)


def test_stage_1_acknowledgement_is_due_5_working_days_after_receipt():
    assert acknowledge_due(MONDAY_2_NOV, ENGLAND, STAGE_1) == date(2026, 11, 9)


def test_stage_1_response_is_due_10_working_days_after_acknowledgement():
    acknowledged = date(2026, 11, 4)  # Wednesday
    assert response_due(MONDAY_2_NOV, ENGLAND, STAGE_1, acknowledged_on=acknowledged) == date(
        2026, 11, 18
    )


def test_stage_1_response_is_counted_from_the_actual_acknowledgement_even_if_late():
    acknowledged_late = date(2026, 11, 11)  # two working days after acknowledge_due
    assert response_due(MONDAY_2_NOV, ENGLAND, STAGE_1, acknowledged_on=acknowledged_late) == date(
        2026, 11, 25
    )


def test_until_acknowledged_the_response_date_is_projected_from_acknowledge_due():
    dates = stage_dates(MONDAY_2_NOV, ENGLAND, STAGE_1)
    assert dates.acknowledge_due == date(2026, 11, 9)
    assert dates.response_due == date(2026, 11, 23)
    assert dates.response_projected is True
    acknowledged = stage_dates(MONDAY_2_NOV, ENGLAND, STAGE_1, acknowledged_on=date(2026, 11, 3))
    assert acknowledged.response_due == date(2026, 11, 17)
    assert acknowledged.response_projected is False


def test_a_stage_1_extension_adds_working_days_to_the_response_date():
    acknowledged = date(2026, 11, 4)
    assert response_due(
        MONDAY_2_NOV, ENGLAND, STAGE_1, acknowledged_on=acknowledged, extension_days=10
    ) == date(2026, 12, 2)


def test_stage_2_acknowledgement_is_due_5_working_days_after_the_escalation_request():
    escalated = datetime(2026, 11, 16, 15, 0, tzinfo=UTC)
    assert acknowledge_due(escalated, ENGLAND, STAGE_2) == date(2026, 11, 23)


def test_stage_2_response_is_due_20_working_days_after_acknowledgement():
    escalated = datetime(2026, 11, 16, 15, 0, tzinfo=UTC)
    # Acknowledged Wed 18 Nov; 20 working days on, over no bank holidays, is Wed 16 Dec.
    assert response_due(escalated, ENGLAND, STAGE_2, acknowledged_on=date(2026, 11, 18)) == date(
        2026, 12, 16
    )
    # With a 20-day extension it runs over Christmas and New Year: Mon 18 Jan 2027.
    assert response_due(
        escalated, ENGLAND, STAGE_2, acknowledged_on=date(2026, 11, 18), extension_days=20
    ) == date(2027, 1, 18)


def test_a_complaint_received_friday_night_in_summer_is_received_on_saturday():
    # 23:30 UTC on Fri 26 Jun 2026 is 00:30 BST on Saturday: day 0 is Monday 29 Jun.
    received = datetime(2026, 6, 26, 23, 30, tzinfo=UTC)
    assert acknowledge_due(received, ENGLAND, STAGE_1) == date(2026, 7, 6)


def test_a_complaint_received_over_christmas_is_acknowledged_in_the_new_year():
    received = datetime(2026, 12, 25, 9, 0, tzinfo=UTC)  # Christmas Day
    # Day 0 is Tue 29 Dec; 5 working days later skips New Year's Day: Wed 6 Jan 2027.
    assert acknowledge_due(received, ENGLAND, STAGE_1) == date(2027, 1, 6)


def test_the_nation_decides_the_bank_holidays():
    received = datetime(2026, 4, 2, 9, 0, tzinfo=UTC)  # Thursday before Easter
    assert acknowledge_due(received, calendar_for("england"), STAGE_1) == date(2026, 4, 13)
    assert acknowledge_due(received, calendar_for("scotland"), STAGE_1) == date(2026, 4, 10)


# ---- extensions (Code 6.4, 6.15) ------------------------------------------------------


@pytest.mark.parametrize(
    ("requested", "already", "allowed"),
    [(10, 0, True), (11, 0, False), (4, 6, True), (5, 6, False), (0, 0, False)],
)
def test_a_stage_1_extension_is_at_most_10_working_days_in_total(requested, already, allowed):
    assert extension_allowed(requested, already, STAGE_1) is allowed


def test_a_stage_2_extension_is_at_most_20_working_days_in_total():
    assert extension_allowed(20, 0, STAGE_2)
    assert not extension_allowed(21, 0, STAGE_2)
    assert not extension_allowed(1, 20, STAGE_2)


# ---- clock states ---------------------------------------------------------------------

DUE = date(2026, 11, 17)  # Tuesday


def test_a_step_taken_on_the_due_date_is_met():
    assert clock_state(DUE, date(2026, 11, 20), ENGLAND, completed_on=DUE) is ClockState.MET


def test_a_step_taken_after_the_due_date_is_missed():
    assert (
        clock_state(DUE, date(2026, 11, 20), ENGLAND, completed_on=date(2026, 11, 18))
        is ClockState.MISSED
    )


def test_a_step_not_taken_after_the_due_date_is_overdue():
    assert clock_state(DUE, date(2026, 11, 18), ENGLAND) is ClockState.OVERDUE


def test_on_the_due_date_itself_the_clock_is_at_risk_not_overdue():
    assert clock_state(DUE, DUE, ENGLAND) is ClockState.AT_RISK


def test_a_clock_with_2_working_days_left_is_at_risk():
    # Friday 13 Nov to Tuesday 17 Nov: the weekend does not count, 2 working days left.
    assert clock_state(DUE, date(2026, 11, 13), ENGLAND) is ClockState.AT_RISK


def test_a_clock_with_3_working_days_left_is_running():
    assert clock_state(DUE, date(2026, 11, 12), ENGLAND) is ClockState.RUNNING


def test_the_at_risk_threshold_comes_from_the_caller():
    assert clock_state(DUE, date(2026, 11, 13), ENGLAND, at_risk_days=1) is ClockState.RUNNING
    assert clock_state(DUE, date(2026, 11, 10), ENGLAND, at_risk_days=5) is ClockState.AT_RISK


# ---- properties -----------------------------------------------------------------------

instants = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
)


@settings(deadline=None)
@given(received=instants, nation=st.sampled_from(sorted(NATIONS)))
def test_the_response_is_never_due_before_the_acknowledgement(received, nation):
    calendar = calendar_for(nation)
    for timescales in (STAGE_1, STAGE_2):
        dates = stage_dates(received, calendar, timescales)
        assert dates.acknowledge_due < dates.response_due
        assert calendar.is_working_day(dates.acknowledge_due)
        assert calendar.is_working_day(dates.response_due)
        assert calendar.working_days_between(dates.acknowledge_due, dates.response_due) == (
            timescales.response_days
        )


@settings(deadline=None)
@given(received=instants, extension=st.integers(0, 10))
def test_acknowledging_on_the_due_date_keeps_the_projected_response_date(received, extension):
    projected = response_due(received, ENGLAND, STAGE_1, extension_days=extension)
    acknowledged_on = acknowledge_due(received, ENGLAND, STAGE_1)
    assert (
        response_due(
            received, ENGLAND, STAGE_1, acknowledged_on=acknowledged_on, extension_days=extension
        )
        == projected
    )
