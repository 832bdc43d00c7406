"""Awaab's Law hazard clocks (SI 2025/1042; docs/hazards.md): pure functions, no database.

The dates are fixed inputs to pure functions (as in test_sla.py), chosen for what they
cross: a weekend, Christmas and Boxing Day, Scotland's 2 January, and both clock changes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake_api.domain.calendar import LONDON, calendar_for
from intake_api.domain.hazards import (
    LAW,
    LAW_CLASSES,
    HazardOutcome,
    HazardPolicyError,
    clocks_for,
    due,
    hazard_clock_state,
    hours_due,
    hours_left,
    parse_hazard_policy,
    tally,
    working_days_due,
)
from intake_api.domain.sla import ClockState

ENGLAND = calendar_for("england")
SCOTLAND = calendar_for("scotland")
EMERGENCY = LAW_CLASSES["emergency"]
DAMP_MOULD = LAW_CLASSES["damp_mould"]


def london(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def by_name(clocks) -> dict:
    return {c.name: c for c in clocks}


# ---- emergency: 24 real hours ----------------------------------------------------------


def test_an_emergency_reported_on_friday_evening_must_be_made_safe_by_saturday_evening():
    (make_safe,) = clocks_for(EMERGENCY, london(2026, 12, 4, 18, 30), ENGLAND)
    assert make_safe.name == "make_safe" and make_safe.unit == "hours"
    assert make_safe.due_at == london(2026, 12, 5, 18, 30)
    assert make_safe.due_on is None
    assert make_safe.iso == "2026-12-05T18:30:00+00:00"  # ISO datetime with its offset


def test_emergency_hours_run_through_bank_holidays():
    # Christmas Eve evening → Christmas Day evening: no working days needed.
    assert hours_due(london(2026, 12, 24, 20, 0), 24) == london(2026, 12, 25, 20, 0)


def test_across_the_autumn_clock_change_24_hours_are_24_real_hours():
    # BST ends 02:00 on Sunday 25 October 2026: noon BST Saturday + 24 h is 11:00 GMT Sunday.
    aware = london(2026, 10, 24, 12, 0)
    assert aware.utcoffset() == timedelta(hours=1)
    made_safe_by = hours_due(aware, 24)
    assert made_safe_by - aware == timedelta(hours=24)
    assert made_safe_by.astimezone(LONDON).hour == 11
    assert made_safe_by == datetime(2026, 10, 25, 11, 0, tzinfo=UTC)


def test_across_the_spring_clock_change_24_hours_are_24_real_hours():
    # BST starts 01:00 GMT on Sunday 29 March 2026: noon GMT Saturday + 24 h is 13:00 BST.
    made_safe_by = hours_due(london(2026, 3, 28, 12, 0), 24)
    assert made_safe_by.astimezone(LONDON).hour == 13
    assert made_safe_by.astimezone(LONDON).utcoffset() == timedelta(hours=1)


@given(st.datetimes(min_value=datetime(2025, 10, 27), max_value=datetime(2040, 12, 31),
                    timezones=st.just(UTC)))
def test_an_hour_clock_is_always_exactly_its_hours_later_whatever_the_calendar(aware):
    assert hours_due(aware, 24) - aware == timedelta(hours=24)
    local_gap = hours_due(aware, 24).astimezone(LONDON).replace(tzinfo=None) - aware.astimezone(
        LONDON).replace(tzinfo=None)
    assert local_gap in (timedelta(hours=23), timedelta(hours=24), timedelta(hours=25))


# ---- damp and mould: working days --------------------------------------------------------


def test_damp_and_mould_is_investigated_within_10_working_days_of_awareness():
    (investigate,) = clocks_for(DAMP_MOULD, london(2026, 11, 2, 10, 0), ENGLAND)  # a Monday
    assert investigate.name == "investigate"
    assert investigate.due_on == date(2026, 11, 16)
    assert investigate.iso == "2026-11-16"
    # Met by the end of that day in London.
    assert investigate.due_at == london(2026, 11, 17, 0, 0) - timedelta(microseconds=1)


def test_awareness_at_the_weekend_counts_from_the_next_working_day():
    friday = working_days_due(london(2026, 12, 4, 19, 0), 10, ENGLAND)
    saturday = working_days_due(london(2026, 12, 5, 10, 0), 10, ENGLAND)
    assert friday == date(2026, 12, 18)  # Friday is day 0
    assert saturday == date(2026, 12, 21)  # Monday 7 December is day 0


def test_working_day_clocks_skip_christmas_and_the_boxing_day_substitute():
    # Mon 14 Dec 2026 + 10: Christmas (Fri 25) and Boxing Day's substitute (Mon 28) are skipped.
    assert working_days_due(london(2026, 12, 14, 9, 0), 10, ENGLAND) == date(2026, 12, 30)


def test_the_nation_decides_the_bank_holidays():
    # New Year's Day 2027 is a Friday in both nations; Scotland's 2 January falls on the
    # Saturday and moves to Monday 4th. From Wed 30 Dec: England + 3 = Tue 5, Scotland Wed 6.
    aware = london(2026, 12, 30, 9, 0)
    assert working_days_due(aware, 3, ENGLAND) == date(2027, 1, 5)
    assert working_days_due(aware, 3, SCOTLAND) == date(2027, 1, 6)


def test_the_awareness_date_is_the_london_date_not_the_utc_date():
    # 23:30 UTC on Thursday 4 June 2026 is 00:30 BST on Friday 5 June: Friday is day 0.
    aware = datetime(2026, 6, 4, 23, 30, tzinfo=UTC)
    assert working_days_due(aware, 1, ENGLAND) == date(2026, 6, 8)


def test_finishing_the_investigation_starts_the_summary_safety_work_and_further_work_clocks():
    aware = london(2026, 11, 2, 10, 0)
    investigated = london(2026, 11, 12, 15, 0)  # Thursday
    clocks = by_name(clocks_for(DAMP_MOULD, aware, ENGLAND, {"investigated": investigated}))
    assert set(clocks) == {"investigate", "summary", "safety_work", "further_work"}
    assert clocks["summary"].due_on == date(2026, 11, 17)  # + 3 working days
    assert clocks["safety_work"].due_on == date(2026, 11, 19)  # + 5 working days
    assert clocks["further_work"].due_on == date(2026, 11, 19)
    assert clocks["summary"].started_at == investigated.astimezone(UTC)


def test_until_the_investigation_finishes_only_the_investigation_clock_runs():
    assert [c.name for c in clocks_for(DAMP_MOULD, london(2026, 11, 2), ENGLAND)] == ["investigate"]


# ---- states and hours left ---------------------------------------------------------------


def test_an_hour_clock_is_at_risk_in_its_last_hours_then_overdue():
    clock = due(EMERGENCY.clocks[0], london(2026, 12, 4, 18, 0), ENGLAND)
    assert hazard_clock_state(clock, london(2026, 12, 5, 9, 0), ENGLAND) is ClockState.RUNNING
    assert hazard_clock_state(clock, london(2026, 12, 5, 12, 0), ENGLAND) is ClockState.AT_RISK
    assert hazard_clock_state(clock, london(2026, 12, 5, 18, 0), ENGLAND) is ClockState.AT_RISK
    assert hazard_clock_state(clock, london(2026, 12, 5, 18, 1), ENGLAND) is ClockState.OVERDUE
    assert hazard_clock_state(clock, london(2026, 12, 5, 9, 0), ENGLAND, at_risk_hours=12) is ClockState.AT_RISK


def test_an_hour_clock_is_met_only_within_its_hours_not_by_the_end_of_the_day():
    clock = due(EMERGENCY.clocks[0], london(2026, 12, 4, 18, 0), ENGLAND)
    now = london(2026, 12, 6, 9, 0)
    assert hazard_clock_state(clock, now, ENGLAND, london(2026, 12, 5, 17, 59)) is ClockState.MET
    assert hazard_clock_state(clock, now, ENGLAND, london(2026, 12, 5, 20, 0)) is ClockState.MISSED


def test_a_working_day_clock_is_judged_by_the_codes_rules():
    clock = due(DAMP_MOULD.clocks[0], london(2026, 11, 2, 10, 0), ENGLAND)  # due Mon 16 Nov
    assert hazard_clock_state(clock, london(2026, 11, 5, 9), ENGLAND) is ClockState.RUNNING
    assert hazard_clock_state(clock, london(2026, 11, 12, 9), ENGLAND) is ClockState.AT_RISK
    assert hazard_clock_state(clock, london(2026, 11, 17, 9), ENGLAND) is ClockState.OVERDUE
    assert hazard_clock_state(clock, london(2026, 11, 20), ENGLAND, london(2026, 11, 16, 23, 0)) is ClockState.MET
    assert hazard_clock_state(clock, london(2026, 11, 20), ENGLAND, london(2026, 11, 17, 8, 0)) is ClockState.MISSED


def test_hours_left_are_whole_hours_rounded_down():
    due_at = london(2026, 12, 5, 18, 30)
    assert hours_left(due_at, london(2026, 12, 5, 9, 0)) == 9
    assert hours_left(due_at, london(2026, 12, 5, 18, 0)) == 0
    assert hours_left(due_at, london(2026, 12, 5, 19, 0)) == -1


# ---- the policy ------------------------------------------------------------------------


def test_without_a_hazards_section_the_law_applies():
    assert parse_hazard_policy(None) is LAW
    assert set(LAW.classes) == {"emergency", "damp_mould"}
    assert LAW.classes["emergency"].clock("make_safe").amount == 24


def test_a_policy_adds_a_hazard_class_without_code():
    policy = parse_hazard_policy({"classes": {"excess_cold": {
        "label": "Excess cold",
        "clocks": {"investigate": {"working_days": 10, "stopped_by": "investigated"},
                   "safety_work": {"working_days": 5, "from": "investigated",
                                   "stopped_by": "safety_work_done"}},
    }}})
    assert set(policy.classes) == {"emergency", "damp_mould", "excess_cold"}
    cold = policy.get("excess_cold")
    clocks = by_name(clocks_for(cold, london(2026, 11, 2, 10), ENGLAND, {"investigated": london(2026, 11, 4, 10)}))
    assert clocks["investigate"].due_on == date(2026, 11, 16)
    assert clocks["safety_work"].due_on == date(2026, 11, 11)


def test_a_policy_may_be_quicker_than_the_law():
    policy = parse_hazard_policy({"classes": {"emergency": {
        "label": "Emergency", "clocks": {"make_safe": {"hours": 12, "stopped_by": "safety_work_done"}}}}})
    assert policy.get("emergency").clock("make_safe").amount == 12


@pytest.mark.parametrize(("clocks", "message"), [
    ({"make_safe": {"hours": 48, "stopped_by": "safety_work_done"}}, "slower than the law"),
    ({"make_safe": {"working_days": 1, "stopped_by": "safety_work_done"}}, "slower than the law"),
    ({"check": {"hours": 4, "stopped_by": "investigated"}}, "make_safe: missing"),
])
def test_a_policy_may_not_be_slower_than_the_law(clocks, message):
    with pytest.raises(HazardPolicyError, match=message):
        parse_hazard_policy({"classes": {"emergency": {"label": "Emergency", "clocks": clocks}}})


@pytest.mark.parametrize(("section", "field"), [
    ({"classes": {"falls": {"label": "Falls", "clocks": {"x": {"hours": 4, "stopped_by": "painted"}}}}},
     "hazards.classes.falls.clocks.x.stopped_by"),
    ({"classes": {"falls": {"label": "Falls", "clocks": {"x": {"hours": 0, "stopped_by": "investigated"}}}}},
     "hazards.classes.falls.clocks.x.hours"),
    ({"classes": {"falls": {"label": "Falls", "clocks": {"x": {"hours": 4, "working_days": 2,
                                                              "stopped_by": "investigated"}}}}},
     "hazards.classes.falls.clocks.x"),
    ({"classes": {"Falls!": {"label": "Falls", "clocks": {}}}}, "hazards.classes"),
    ({"tenures": ["leasehold"]}, "hazards.tenures"),
    ({"tenures": ["social_rent", "affordable_rent", "owner"]}, "hazards.tenures"),
    ({"colour": "red"}, "hazards.colour"),
])
def test_a_bad_hazards_setting_names_its_field(section, field):
    with pytest.raises(HazardPolicyError) as error:
        parse_hazard_policy(section)
    assert str(error.value).startswith(field)


def test_hazard_clocks_are_for_social_rent_tenancies_only():
    assert LAW.applies_to("social_rent") and LAW.applies_to("affordable_rent")
    assert not LAW.applies_to("leasehold") and not LAW.applies_to("shared_ownership")
    assert LAW.applies_to(None)  # not recorded: treated as covered (docs/hazards.md)


def test_an_unknown_hazard_class_is_refused_with_the_known_ones():
    with pytest.raises(HazardPolicyError, match="emergency, damp_mould"):
        LAW.get("asbestos")


# ---- met and missed, for the annual report -----------------------------------------------


def test_the_tally_counts_clocks_due_in_the_period_by_class():
    due_at = london(2026, 12, 5, 18, 0)
    outcomes = [
        HazardOutcome("emergency", "make_safe", due_at, london(2026, 12, 5, 10, 0)),  # met
        HazardOutcome("emergency", "make_safe", due_at, london(2026, 12, 5, 19, 0)),  # late
        HazardOutcome("emergency", "make_safe", due_at, None),  # still open, past due
        HazardOutcome("damp_mould", "investigate", london(2026, 12, 18, 23, 59), london(2026, 12, 18, 20),
                      date(2026, 12, 18)),
        HazardOutcome("damp_mould", "summary", london(2027, 1, 8, 23, 59), None, date(2027, 1, 8)),  # outside
        HazardOutcome("damp_mould", "investigate", london(2026, 12, 31, 23, 59), None, date(2026, 12, 31)),
    ]
    rows = tally(outcomes, date(2026, 12, 1), date(2026, 12, 31), now=london(2026, 12, 20))
    assert [(r.hazard_class, r.met, r.missed) for r in rows] == [("damp_mould", 1, 0), ("emergency", 1, 2)]
    assert rows[1].clocks == {"make_safe": {"met": 1, "missed": 2}}


# ---- in a policy file ------------------------------------------------------------------


def test_a_landlord_file_adds_a_class_and_keeps_the_laws(tmp_path):
    from intake_api.domain.policy import load_policy

    path = tmp_path / "landlord.yaml"
    path.write_text(
        "extends: code-2024\nname: A landlord\nhazards:\n  classes:\n    falls:\n      label: Falls\n"
        "      clocks:\n        make_safe: {hours: 48, stopped_by: safety_work_done}\n",
        encoding="utf-8",
    )
    hazards_policy = load_policy(path).hazards
    assert set(hazards_policy.classes) == {"emergency", "damp_mould", "falls"}
    assert hazards_policy.get("falls").clock("make_safe").amount == 48
    assert hazards_policy.tenures == frozenset({"social_rent", "affordable_rent"})


def test_a_policy_file_slower_than_the_law_is_refused_naming_the_field(tmp_path):
    from intake_api.domain.policy import PolicyError, load_policy

    path = tmp_path / "slow.yaml"
    path.write_text(
        "extends: code-2024\nname: Slow\nhazards:\n  classes:\n    damp_mould:\n      label: Damp\n"
        "      clocks:\n        investigate: {working_days: 20, stopped_by: investigated}\n",
        encoding="utf-8",
    )
    with pytest.raises(PolicyError, match=r"hazards\.classes\.damp_mould\.clocks\.investigate: .* slower"):
        load_policy(path)


def test_further_work_may_take_12_weeks_where_5_working_days_is_not_reasonably_practicable():
    spec = DAMP_MOULD.clock("further_work")
    investigated = london(2026, 11, 12, 15, 0)  # Thursday
    assert due(spec, investigated, ENGLAND).due_on == date(2026, 11, 19)
    assert due(spec, investigated, ENGLAND, not_practicable=True).due_on == date(2027, 2, 4)
    # 12 weeks ending on a bank holiday run on to the next working day: Christmas 2026.
    assert due(spec, london(2026, 10, 2, 9, 0), ENGLAND, not_practicable=True).due_on == date(2026, 12, 29)
    # A clock without the exception ignores it.
    assert due(DAMP_MOULD.clock("summary"), investigated, ENGLAND, not_practicable=True).due_on == date(2026, 11, 17)


def test_a_policy_may_not_allow_longer_than_the_laws_12_weeks():
    clocks = {name: {"working_days": spec.amount, **({"from": spec.starts} if spec.starts != "awareness" else {}),
                     "stopped_by": spec.stopped_by} for name, spec in
              ((c.name, c) for c in DAMP_MOULD.clocks)}
    clocks["further_work"]["not_practicable_weeks"] = 20
    with pytest.raises(HazardPolicyError, match="not_practicable_weeks"):
        parse_hazard_policy({"classes": {"damp_mould": {"label": "Damp", "clocks": clocks}}})
