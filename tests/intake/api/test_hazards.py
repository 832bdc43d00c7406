"""Awaab's Law hazard clocks through /api/v1 (docs/architecture.md §5, docs/hazards.md), on SQLite
and PostgreSQL. Times are relative to now, so the tests pass on any date; expected
working days come from numpy's busday_offset over the ``holidays`` package, not from the
code under test."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
import numpy as np
import pytest
from sqlalchemy import create_engine, text

from intake_api.core.config import Settings
from intake_api.core.db import Database
from intake_api.core.migrate import downgrade, upgrade
from intake_api.core.security import hash_api_key, new_api_key
from intake_api.models import ApiKey
from intake_api.services.access import ASSISTANT_SCOPES
from intake_api.services.cases import sweep_clocks
from intake_api.services.hazards import hazard_clocks_met
from tests.intake.conftest import complaint

# References the system makes carry this year (the test's own clock), never a fixed one.
YEAR = date.today().year

LONDON = ZoneInfo("Europe/London")


def working_days_after(moment: datetime, days: int) -> str:
    """numpy's busday_offset(roll='forward') from the London date, England's bank holidays."""
    start = moment.astimezone(LONDON).date()
    bank = holidays.country_holidays("GB", subdiv="ENG", years=range(start.year - 1, start.year + 2))
    return str(np.busday_offset(np.datetime64(start), days, roll="forward",
                                holidays=[np.datetime64(d) for d in bank]))


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def ago(**delta) -> datetime:
    return datetime.now(UTC).replace(microsecond=0) - timedelta(**delta)


def service_request(**overrides) -> dict:
    body = {"kind": "service_request", "channel": "sms",
            "complainant": {"name": "Ada Resident", "phone": "07700 900123"},
            "service_request": {"description": "Black mould in the bedroom", "priority": "urgent"}}
    body.update(overrides)
    return body


def file(api, body: dict) -> dict:
    response = api.post("/api/v1/cases", body)
    assert response.status_code == 201, response.text
    return response.json()


def step(api, reference: str, name: str, body: dict | None = None):
    return api.post(f"/api/v1/cases/{reference}/hazard/{name}", body or {})


def key_with(api, name: str, scopes: str) -> dict[str, str]:
    key = new_api_key()
    db = Database(api.settings)
    with db.session() as s, s.begin():
        s.add(ApiKey(name=name, key_hash=hash_api_key(key), scopes=scopes))
    db.dispose()
    return {"Authorization": f"Bearer {key}"}


# ---- filing ------------------------------------------------------------------------


def test_an_emergency_hazard_must_be_made_safe_24_hours_after_the_resident_told_us(api):
    received = ago(hours=3)
    case = file(api, service_request(received_at=iso(received), hazard={"class": "emergency"}))
    hazard = case["hazard"]
    assert hazard["class"] == "emergency"
    assert datetime.fromisoformat(hazard["aware_at"]) == received
    make_safe = datetime.fromisoformat(hazard["due"]["make_safe"])
    assert make_safe.utcoffset() is not None  # an ISO datetime with its offset
    assert make_safe == received + timedelta(hours=24)
    assert make_safe.utcoffset() == make_safe.astimezone(LONDON).utcoffset()  # as read in London
    (clock,) = hazard["clocks"]
    assert clock["unit"] == "hours" and clock["hours_left"] in (20, 21)
    assert clock["state"] == "running" and hazard["applies"] is True
    again = api.get(f"/api/v1/cases/{case['reference']}").json()
    assert again["hazard"]["due"] == hazard["due"]
    assert "hazard_set" in [e["type"] for e in again["events"]]


def test_damp_and_mould_is_investigated_within_10_working_days_of_awareness(api):
    aware = ago(days=2)
    case = file(api, service_request(received_at=iso(ago(hours=1)),
                                     hazard={"class": "damp_mould", "aware_at": iso(aware)}))
    assert case["hazard"]["due"] == {"investigate": working_days_after(aware, 10)}
    assert datetime.fromisoformat(case["hazard"]["aware_at"]) == aware


def test_a_complaint_reporting_a_hazard_carries_both_clocks(api):
    case = file(api, complaint(hazard={"class": "damp_mould"}))
    assert case["sla"]["acknowledge_due"] and case["hazard"]["due"]["investigate"]


def test_a_leaseholder_or_shared_owner_gets_no_hazard_clocks(api):
    for tenure in ("leasehold", "shared_ownership"):
        case = file(api, service_request(tenure=tenure, hazard={"class": "emergency"}))
        assert case["tenure"] == tenure
        assert case["hazard"]["class"] == "emergency" and case["hazard"]["applies"] is False
        assert case["hazard"]["due"] == {}
        refused = step(api, case["reference"], "safety-work-done")
        assert refused.status_code == 409 and tenure in refused.json()["detail"]


@pytest.mark.parametrize(("hazard", "field"), [
    ({"class": "asbestos"}, "hazard.class"),
    ({"class": "Emergency!"}, "hazard.class"),
    ({}, "hazard.class"),
    ({"class": "emergency", "aware_at": "tomorrow"}, "hazard.aware_at"),
    ({"class": "emergency", "colour": "red"}, "hazard.colour"),
])
def test_a_bad_hazard_is_a_422_naming_the_field(api, hazard, field):
    response = api.post("/api/v1/cases", service_request(hazard=hazard))
    assert response.status_code == 422, response.text
    assert response.json()["detail"].startswith(field), response.json()


def test_awareness_in_the_future_is_refused(api):
    response = api.post("/api/v1/cases", service_request(hazard={"class": "emergency",
                                                                 "aware_at": "2099-01-01T00:00:00Z"}))
    assert response.status_code == 409 and response.json()["detail"].startswith("hazard.aware_at")
    ref = file(api, service_request(hazard={"class": "emergency"}))["reference"]
    moved = api.put(f"/api/v1/cases/{ref}/hazard", {"class": "emergency", "aware_at": "2099-01-01T00:00:00Z"})
    assert moved.status_code == 409 and moved.json()["detail"].startswith("aware_at")


def test_a_bad_tenure_is_a_422(api):
    response = api.post("/api/v1/cases", service_request(tenure="freehold"))
    assert response.status_code == 422 and response.json()["detail"].startswith("tenure")


def test_a_retried_filing_with_a_hazard_returns_the_first_case(api):
    body = service_request(hazard={"class": "emergency"})
    first = api.post("/api/v1/cases", body, **{"Idempotency-Key": "h-1"})
    again = api.post("/api/v1/cases", body, **{"Idempotency-Key": "h-1"})
    assert again.status_code == 200 and again.json()["reference"] == first.json()["reference"]
    assert again.json()["hazard"]["due"] == first.json()["hazard"]["due"]


# ---- the steps -----------------------------------------------------------------------


def test_finishing_the_investigation_starts_the_summary_and_safety_work_clocks(api):
    aware = ago(days=9)
    ref = file(api, service_request(hazard={"class": "damp_mould", "aware_at": iso(aware)}))["reference"]
    investigated = ago(days=2)
    response = step(api, ref, "investigated", {"at": iso(investigated)})
    assert response.status_code == 200, response.text
    hazard = response.json()["case"]["hazard"]
    assert hazard["due"]["summary"] == working_days_after(investigated, 3)
    assert hazard["due"]["safety_work"] == working_days_after(investigated, 5)
    assert hazard["due"]["further_work"] == working_days_after(investigated, 5)
    clocks = {c["name"]: c for c in hazard["clocks"]}
    assert clocks["investigate"]["state"] == "met"
    assert datetime.fromisoformat(clocks["investigate"]["completed_at"]) == investigated
    event = response.json()["case"]["events"][-1]
    assert event["type"] == "hazard_investigated" and event["data"]["stopped"] == {"investigate": "met"}
    assert set(event["data"]["started"]) == {"summary", "safety_work", "further_work"}


def test_each_step_stops_its_clock_and_appends_an_event(api):
    ref = file(api, service_request(hazard={"class": "damp_mould", "aware_at": iso(ago(days=6))}))["reference"]
    assert step(api, ref, "investigated", {"at": iso(ago(days=5))}).status_code == 200
    for name, clock in (("summary-sent", "summary"), ("safety-work-done", "safety_work"),
                        ("further-work-started", "further_work")):
        response = step(api, ref, name, {"at": iso(ago(hours=1)), "note": "Done by Ace Damp Ltd"})
        assert response.status_code == 200, response.text
        clocks = {c["name"]: c for c in response.json()["case"]["hazard"]["clocks"]}
        assert clocks[clock]["completed_at"] is not None
        assert clocks[clock]["state"] in ("met", "missed")
    case = api.get(f"/api/v1/cases/{ref}").json()
    types = [e["type"] for e in case["events"]]
    assert types[-4:] == ["hazard_investigated", "hazard_summary_sent", "hazard_safety_work_done",
                          "hazard_further_work_started"]
    assert case["hazard"]["state"] is None  # nothing left running


def test_further_work_may_take_12_weeks_where_5_working_days_is_not_reasonably_practicable(api):
    ref = file(api, service_request(hazard={"class": "damp_mould", "aware_at": iso(ago(days=5))}))["reference"]
    investigated = ago(days=1)
    response = step(api, ref, "investigated", {
        "at": iso(investigated), "not_reasonably_practicable": "The wall needs a structural survey first"})
    assert response.status_code == 200, response.text
    hazard = response.json()["case"]["hazard"]
    later = (investigated.astimezone(LONDON) + timedelta(weeks=12)).replace(hour=12)
    assert hazard["due"]["further_work"] == working_days_after(later, 0)  # 12 weeks, on a working day
    assert hazard["due"]["safety_work"] == working_days_after(investigated, 5)  # unchanged
    assert response.json()["case"]["events"][-1]["data"]["not_reasonably_practicable"].startswith("The wall")
    emergency = file(api, service_request(hazard={"class": "emergency"}))["reference"]
    refused = step(api, emergency, "safety-work-done", {"not_reasonably_practicable": "no parts"})
    assert refused.status_code == 409 and refused.json()["detail"].startswith("not_reasonably_practicable")


def test_the_written_summary_goes_to_the_tenant_as_a_notice(api):
    from intake_api.models_outbound import Notice

    ref = file(api, service_request(
        complainant={"name": "Ada Resident", "phone": "07700 900123", "preferred_contact": "sms"},
        hazard={"class": "damp_mould", "aware_at": iso(ago(days=4))}))["reference"]
    investigated = step(api, ref, "investigated", {"at": iso(ago(days=1))}).json()["case"]["hazard"]
    wrong = step(api, ref, "safety-work-done", {"summary": "Mould found behind the wardrobe."})
    assert wrong.status_code == 409 and wrong.json()["detail"].startswith("summary")
    response = step(api, ref, "summary-sent", {"summary": "Mould found behind the wardrobe; we will treat "
                                                           "the wall and fit an extractor fan."})
    assert response.status_code == 200, response.text
    notice = response.json()["notice"]
    assert ref in notice and "behind the wardrobe" in notice
    safety_due = date.fromisoformat(investigated["due"]["safety_work"])
    assert f"{safety_due.day} {safety_due:%B %Y}" in notice  # the safety work's date, in words
    assert response.json()["case"]["events"][-1]["data"]["notice"] == notice
    with api.app.state.db.sessionmaker() as s:
        queued = s.query(Notice).filter(Notice.kind == "hazard_summary").one()
        assert queued.body == notice and queued.channel == "sms"


def test_a_step_recorded_late_is_missed(api):
    ref = file(api, service_request(received_at=iso(ago(hours=30)), hazard={"class": "emergency"}))["reference"]
    response = step(api, ref, "safety-work-done", {"at": iso(ago(hours=2))})
    assert response.json()["case"]["hazard"]["clocks"][0]["state"] == "missed"


def test_steps_in_the_wrong_order_or_twice_are_refused(api):
    ref = file(api, service_request(hazard={"class": "damp_mould", "aware_at": iso(ago(days=3))}))["reference"]
    early = step(api, ref, "summary-sent")
    assert early.status_code == 409 and "investigated first" in early.json()["detail"]
    assert step(api, ref, "investigated", {"at": iso(ago(days=1))}).status_code == 200
    before = step(api, ref, "summary-sent", {"at": iso(ago(days=2))})
    assert before.status_code == 409 and "before the summary clock started" in before.json()["detail"]
    twice = step(api, ref, "investigated")
    assert twice.status_code == 409 and "already recorded" in twice.json()["detail"]


@pytest.mark.parametrize(("body", "status", "field"), [
    ({"at": "2099-01-01T00:00:00Z"}, 409, "at"),
    ({"at": "2026-13-01T00:00:00Z"}, 422, "at"),
    ({"at": "2026-11-01T09:00:00"}, 422, "at"),  # no timezone
    ({"when": "now"}, 422, "when"),
])
def test_a_bad_step_body_is_a_4xx_naming_the_field(api, body, status, field):
    ref = file(api, service_request(hazard={"class": "emergency"}))["reference"]
    response = step(api, ref, "safety-work-done", body)
    assert response.status_code == status, response.text
    assert response.json()["detail"].startswith(field), response.json()


def test_a_step_before_awareness_is_refused(api):
    ref = file(api, service_request(received_at=iso(ago(hours=2)), hazard={"class": "emergency"}))["reference"]
    response = step(api, ref, "safety-work-done", {"at": iso(ago(hours=5))})
    assert response.status_code == 409 and "before we became aware" in response.json()["detail"]


def test_steps_need_a_hazard_a_known_step_and_a_case(api):
    ref = file(api, service_request())["reference"]
    assert step(api, ref, "investigated").status_code == 409
    assert step(api, ref, "painted").status_code == 422
    assert step(api, f"SR-{YEAR}-999999", "investigated").status_code == 404
    emergency = file(api, service_request(hazard={"class": "emergency"}))["reference"]
    assert step(api, emergency, "summary-sent").status_code == 409  # no such clock for emergencies


# ---- staff set and change the hazard ----------------------------------------------------


def test_staff_set_a_hazard_the_assistant_did_not_suggest(api):
    received = ago(hours=4)
    ref = file(api, service_request(received_at=iso(received)))["reference"]
    response = api.put(f"/api/v1/cases/{ref}/hazard", {"class": "emergency"})
    assert response.status_code == 200, response.text
    hazard = response.json()["case"]["hazard"]
    # Awareness is when the resident told us, not when staff looked.
    assert datetime.fromisoformat(hazard["aware_at"]) == received
    assert datetime.fromisoformat(hazard["due"]["make_safe"]) == received + timedelta(hours=24)


def test_changing_the_class_starts_the_new_classes_clocks_and_keeps_history(api):
    ref = file(api, service_request(hazard={"class": "emergency"}))["reference"]
    response = api.put(f"/api/v1/cases/{ref}/hazard", {"class": "damp_mould", "reason": "Not urgent on inspection"})
    case = response.json()["case"]
    assert set(case["hazard"]["due"]) == {"investigate"}
    last = case["events"][-1]
    assert last["type"] == "hazard_set" and last["data"]["before"]["hazard_class"] == "emergency"


def test_correcting_awareness_moves_the_clocks_counted_from_it(api):
    ref = file(api, service_request(hazard={"class": "damp_mould"}))["reference"]
    earlier = ago(days=4)
    case = api.put(f"/api/v1/cases/{ref}/hazard", {"class": "damp_mould", "aware_at": iso(earlier)}).json()["case"]
    assert case["hazard"]["due"]["investigate"] == working_days_after(earlier, 10)


def test_recording_a_leasehold_tenure_stops_the_hazard_clocks(api):
    ref = file(api, service_request(hazard={"class": "emergency"}))["reference"]
    case = api.put(f"/api/v1/cases/{ref}/hazard", {"class": "emergency", "tenure": "leasehold"}).json()["case"]
    assert case["tenure"] == "leasehold" and case["hazard"]["applies"] is False and case["hazard"]["due"] == {}


def test_removing_a_hazard_needs_a_reason(api):
    ref = file(api, service_request(hazard={"class": "emergency"}))["reference"]
    refused = api.put(f"/api/v1/cases/{ref}/hazard", {"class": None})
    assert refused.status_code == 409 and refused.json()["detail"].startswith("reason")
    removed = api.put(f"/api/v1/cases/{ref}/hazard", {"class": None, "reason": "A leaking tap, no hazard"})
    assert removed.status_code == 200 and removed.json()["case"]["hazard"] is None
    assert removed.json()["case"]["events"][-1]["type"] == "hazard_removed"


def test_bad_hazard_changes_are_4xx(api):
    ref = file(api, service_request())["reference"]
    assert api.put(f"/api/v1/cases/{ref}/hazard", {"class": "asbestos"}).status_code == 422
    assert api.put(f"/api/v1/cases/{ref}/hazard", {}).status_code == 422  # class is required
    assert api.put(f"/api/v1/cases/{ref}/hazard", {"class": None}).status_code == 409
    assert api.put(f"/api/v1/cases/SR-{YEAR}-999999/hazard", {"class": "emergency"}).status_code == 404


# ---- who may ---------------------------------------------------------------------------


def test_the_assistant_may_give_a_hazard_when_filing_but_not_record_the_steps(api):
    headers = key_with(api, "assistant", " ".join(ASSISTANT_SCOPES))
    filed = api.client.post("/api/v1/cases", json=service_request(hazard={"class": "emergency"}),
                            headers=headers)
    assert filed.status_code == 201, filed.text
    ref = filed.json()["reference"]
    assert filed.json()["hazard"]["due"]["make_safe"]
    for method, path, body in (
        ("put", f"/api/v1/cases/{ref}/hazard", {"class": "damp_mould"}),
        ("post", f"/api/v1/cases/{ref}/hazard/safety-work-done", {}),
    ):
        response = api.client.request(method, path, json=body, headers=headers)
        assert response.status_code == 403, response.text
        assert "cases:handle" in response.json()["detail"]
    assert api.client.post(f"/api/v1/cases/{ref}/hazard/investigated", json={}).status_code == 401


# ---- the queue and the monitor ----------------------------------------------------------


def test_the_queue_puts_whichever_deadline_is_due_first_first(api):
    later = file(api, complaint(received_at=iso(ago(hours=1))))["reference"]  # acknowledge in 5 WD
    emergency = file(api, service_request(received_at=iso(ago(hours=2)), hazard={"class": "emergency"}))
    overdue = file(api, complaint(received_at=iso(ago(days=40))))["reference"]
    page = api.get("/api/v1/cases", open_only="true").json()["items"]
    order = [c["reference"] for c in page]
    assert order.index(overdue) < order.index(emergency["reference"]) < order.index(later)
    item = page[order.index(emergency["reference"])]
    assert item["hazard_class"] == "emergency" and item["hazard_state"] == "running"
    assert datetime.fromisoformat(item["next_due_at"]) == datetime.fromisoformat(
        emergency["hazard"]["due"]["make_safe"])


def test_the_deadline_filter_finds_cases_whose_hazard_clock_is_at_risk(api):
    emergency = file(api, service_request(received_at=iso(ago(hours=20)), hazard={"class": "emergency"}))
    file(api, complaint(received_at=iso(ago(hours=1))))
    assert emergency["hazard"]["state"] == "at_risk"
    at_risk = api.get("/api/v1/cases", sla_state="at_risk").json()["items"]
    assert [c["reference"] for c in at_risk] == [emergency["reference"]]
    assert at_risk[0]["hazard_state"] == "at_risk"


def test_the_monitor_warns_once_when_a_hazard_clock_runs_out(api):
    ref = file(api, service_request(received_at=iso(ago(hours=20)), hazard={"class": "emergency"}))["reference"]
    sessions = api.app.state.db.sessionmaker
    now = datetime.now(UTC)
    assert sweep_clocks(sessions, now)["hazard_at_risk"] == 1
    assert sweep_clocks(sessions, now)["hazard_at_risk"] == 0
    late = sweep_clocks(sessions, now + timedelta(hours=5))
    assert late["hazard_breached"] == 1
    assert sweep_clocks(sessions, now + timedelta(hours=6))["hazard_breached"] == 0
    case = api.get(f"/api/v1/cases/{ref}").json()
    types = [e["type"] for e in case["events"]]
    assert types.count("hazard_at_risk") == 1 and types.count("hazard_overdue") == 1


# ---- the annual report's figure -----------------------------------------------------------


def test_hazard_clocks_met_counts_each_class_for_a_period(api):
    met = file(api, service_request(received_at=iso(ago(hours=30)), hazard={"class": "emergency"}))["reference"]
    step(api, met, "safety-work-done", {"at": iso(ago(hours=10))})
    late = file(api, service_request(received_at=iso(ago(hours=40)), hazard={"class": "emergency"}))["reference"]
    step(api, late, "safety-work-done", {"at": iso(ago(hours=1))})
    file(api, service_request(received_at=iso(ago(hours=26)), hazard={"class": "emergency"}))  # overdue
    file(api, service_request(hazard={"class": "emergency"}))  # not yet due: left out
    file(api, service_request(hazard={"class": "damp_mould"}))  # due in 10 working days
    today = datetime.now(UTC).astimezone(LONDON).date()
    with api.app.state.db.sessionmaker() as s:
        rows = hazard_clocks_met(s, today - timedelta(days=7), today + timedelta(days=1))
        before = hazard_clocks_met(s, date(2000, 1, 1), date(2000, 12, 31))
    assert [(r.hazard_class, r.met, r.missed) for r in rows] == [("emergency", 1, 2)]
    assert rows[0].label == "Emergency hazard" and rows[0].clocks == {"make_safe": {"met": 1, "missed": 2}}
    assert before == []


# ---- migration 0004 -------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgres"])
def empty_database(request: pytest.FixtureRequest, tmp_path):
    """A database with nothing in it yet, so it can be migrated one revision at a time."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrate.sqlite3'}"
        return
    import uuid

    import psycopg

    server = request.getfixturevalue("postgres_server")
    name = f"intake_hazard_mig_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield Settings(database_url=f"{server.rsplit('/', 1)[0]}/{name}").database_url
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_migration_0004_gives_existing_cases_their_place_in_the_queue(empty_database):
    upgrade(empty_database, "0003")
    engine = create_engine(empty_database)
    columns = ("reference, kind, status, channel, received_at, nation, policy, complainant, definition, "
               "definition_confirmed, transcript, attachments, linked_references, emergency, vulnerability, "
               "on_behalf, prior_report, asked_for_person, possible_exclusion, next_due, created_at, updated_at")
    with engine.begin() as conn:
        for reference, due in ((f"CMP-{YEAR}-000001", date(2000, 6, 30)), (f"CMP-{YEAR}-000002", None)):
            conn.execute(text(
                f"INSERT INTO cases ({columns}) VALUES (:ref, 'complaint', 'open', 'web', :at, 'england', "
                "'code-2024', '{}', '{}', false, '[]', '[]', '[]', false, false, false, false, false, false, "
                ":due, :at, :at)"
            ), {"ref": reference, "at": datetime(2000, 6, 1, tzinfo=UTC), "due": due})
    upgrade(empty_database, "0004")
    with engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT reference, next_due_at FROM cases")).all())
    engine.dispose()
    backfilled = rows[f"CMP-{YEAR}-000001"]
    if isinstance(backfilled, str):  # SQLite hands back text, in UTC
        backfilled = datetime.fromisoformat(backfilled)
    if backfilled.tzinfo is None:
        backfilled = backfilled.replace(tzinfo=UTC)
    # The end of 30 June 2000 in London (BST): 22:59:59.999999 UTC.
    assert backfilled == datetime(2000, 6, 30, 22, 59, 59, 999999, tzinfo=UTC)
    assert rows[f"CMP-{YEAR}-000002"] is None
    downgrade(empty_database, "0003")
