"""The SLA sweep emits each warning once; the working-days endpoint agrees with numpy."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import holidays
import numpy as np

from intake_api.services.cases import sweep_clocks
from tests.intake.conftest import complaint

NATIONS = {"england": "ENG", "wales": "WLS", "scotland": "SCT", "northern_ireland": "NIR"}


def test_the_sweep_marks_overdue_and_at_risk_clocks_and_warns_once(api) -> None:
    old = api.post("/api/v1/cases", complaint(received_at="2026-10-01T10:00:00Z")).json()["reference"]
    now = datetime(2026, 11, 30, 12, tzinfo=UTC)
    near = (now - timedelta(days=6)).isoformat()
    close = api.post("/api/v1/cases", complaint(received_at=near)).json()["reference"]
    sessions = api.app.state.db.sessionmaker
    first = sweep_clocks(sessions, now)
    second = sweep_clocks(sessions, now)
    assert first["breached"] == 2  # both of the October case's stage 1 clocks
    assert first["at_risk"] >= 1
    assert second["breached"] == 0 and second["at_risk"] == 0
    types = [e["type"] for e in api.get(f"/api/v1/cases/{old}/events").json()]
    assert types.count("sla_breached") == 2
    assert "sla_at_risk" in [e["type"] for e in api.get(f"/api/v1/cases/{close}/events").json()]


def test_working_days_endpoint_agrees_with_an_independent_numpy_calculation(api) -> None:
    rng = random.Random(20261130)
    for _ in range(60):
        nation = rng.choice(list(NATIONS))
        start = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 365 * 4))
        days = rng.choice([0, 1, 5, 10, 20, 25, 40, rng.randrange(0, 300)])
        bank = holidays.country_holidays("GB", subdiv=NATIONS[nation], years=range(2023, 2031))
        expected = np.busday_offset(np.datetime64(start), days, roll="forward",
                                    holidays=[np.datetime64(d) for d in bank])
        r = api.get("/api/v1/calendar/working-days", start=start.isoformat(), days=days, nation=nation)
        assert r.status_code == 200, r.text
        assert r.json() == {"date": str(expected)}, (nation, start, days)


def test_working_days_endpoint_refuses_bad_input_with_clear_messages(api) -> None:
    cases = [
        ({"start": "2026-02-30", "days": 5}, "start"),
        ({"start": "2026-02-01", "days": -1}, "days"),
        ({"start": "2026-02-01", "days": 10**9}, "days"),
        ({"start": "2026-02-01", "days": "ten"}, "days"),
        ({"start": "2026-02-01", "days": 5, "nation": "mars"}, "nation"),
        ({"days": 5}, "start"),
    ]
    for params, field in cases:
        r = api.get("/api/v1/calendar/working-days", **params)
        assert r.status_code == 422, (params, r.status_code)
        assert r.json()["detail"].startswith(field), r.json()
