"""Cases with known dates for the annual report's tests, filed and handled through the API.

The period is the financial year that began two Aprils ago (always in the past, whatever
the date). Every step happens in June and July of that year, counted in working days
from its first Monday: England has no bank holiday between the Spring bank holiday (end
of May) and the Summer one (end of August), so ``day(n)`` is plain Monday-to-Friday
arithmetic and each expected figure can be worked out by hand in the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import time_machine

from intake_api.domain.calendar import local_date

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class Fixture:
    start: date  # the period, inclusive
    end: date
    monday: date  # day(0)
    references: dict[str, str]

    @property
    def query(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


def first_monday_of_june(year: int) -> date:
    day = date(year, 6, 1)
    return day + timedelta(days=(7 - day.weekday()) % 7)


def working_day(monday: date, n: int) -> date:
    """``n`` working days after ``monday``, Monday to Friday (no holidays in June-July)."""
    weeks, rest = divmod(n, 5)
    return monday + timedelta(weeks=weeks, days=rest)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), LONDON)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def build(api) -> Fixture:
    """Cases A-H (docs in each test): six complaints and a service request received in
    the period, and two complaints received just outside it."""
    year = local_date(datetime.now(UTC)).year - 2
    start, end = date(year, 4, 1), date(year + 1, 3, 31)
    monday = first_monday_of_june(year)

    def day(n: int) -> date:
        return working_day(monday, n)

    def file(name: str, kind: str, channel: str, received: datetime, points: list[str],
             hazard: str | None = None) -> str:
        body = {"kind": kind, "channel": channel, "received_at": iso(received),
                "complainant": {"name": f"Resident {name}", "phone": "07700 900123"},
                "definition": {"points": points, "desired_outcome": "Put it right"}}
        if hazard:
            body["hazard"] = {"class": hazard}  # aware when received
        response = api.post("/api/v1/cases", body, **{"Idempotency-Key": f"report-{name}"})
        assert response.status_code == 201, response.text
        return response.json()["reference"]

    def step(reference: str, action: str, when: datetime, body: dict) -> None:
        # The service stamps some steps (escalate, extend, decline) with the time now.
        with time_machine.travel(when, tick=False):
            response = api.post(f"/api/v1/cases/{reference}/{action}", body)
        assert response.status_code == 200, (action, response.text)

    def hazard_step(ref: str, name: str, when: datetime) -> None:
        response = api.post(f"/api/v1/cases/{ref}/hazard/{name}", {"at": iso(when)})
        assert response.status_code == 200, (name, response.text)

    def acknowledge(ref: str, n: int) -> None:
        step(ref, "acknowledge", at(day(n), 11), {"acknowledged_at": iso(at(day(n), 11))})

    def respond(ref: str, n: int, points: int) -> None:
        step(ref, "respond", at(day(n), 15), {
            "decision": "Upheld in part", "reasons": "We looked into each point",
            "points_answered": [str(i) for i in range(1, points + 1)],
            "responded_at": iso(at(day(n), 15))})

    refs = {}
    refs["A"] = a = file("A", "complaint", "web", at(day(0)),
                         ["The boiler repair was missed twice", "Nobody called back"], "emergency")
    hazard_step(a, "safety-work-done", at(day(0), 20))  # 10 hours after: in time (24)
    acknowledge(a, 2)
    respond(a, 10, 2)

    refs["B"] = b = file("B", "complaint", "phone", at(day(0)), ["Damp and mould in the bedroom"],
                         "damp_mould")
    hazard_step(b, "investigated", at(day(4)))  # due day 10: in time
    hazard_step(b, "further-work-started", at(day(6)))  # due day 4 + 5 = 9: in time
    hazard_step(b, "summary-sent", at(day(8)))  # due day 4 + 3 = 7: late
    # Safety work (due day 9) is never recorded: missed.
    acknowledge(b, 6)  # due day 5: late
    step(b, "extend", at(day(14), 12), {"days": 5, "reason": "Waiting for the contractor's report"})
    respond(b, 19, 1)
    step(b, "escalate", at(day(20), 9), {"requested_by": "staff", "reason": "The resident is not satisfied"})
    acknowledge(b, 22)
    step(b, "extend", at(day(30), 12), {"days": 3, "reason": "Specialist damp survey needed"})
    respond(b, 40, 1)

    refs["C"] = c = file("C", "complaint", "web", at(day(1)), ["The caretaker was rude to me"],
                         "emergency")
    hazard_step(c, "safety-work-done", at(day(2), 16))  # 30 hours after: late
    acknowledge(c, 3)
    # Day 15: two days after the response was due (day 13), and beyond the Code's 10.
    step(c, "extend", at(day(15), 12), {
        "days": 12, "reason": "waiting for the  CONTRACTOR'S report",
        "good_reason_beyond_limit": "The contractor went into administration"})
    respond(c, 17, 1)

    refs["D"] = d = file("D", "complaint", "letter", at(day(2)), ["The rent statement was wrong"])
    step(d, "decline", at(day(3), 12), {"reasons": "The issue arose more than 12 months ago",
                                        "exclusion": "over_12_months"})

    refs["E"] = file("E", "complaint", "sms", at(day(3)), ["Something else entirely"])

    refs["F"] = f = file("F", "service_request", "web", at(day(0)), ["Please fix the gate"])
    step(f, "decline", at(day(4), 12), {"reasons": "Not a matter for us"})

    # Just inside and just outside the period's ends (London days, not UTC days).
    refs["G"] = file("G", "complaint", "web", at(start - timedelta(days=31)), ["Repair not done"])
    refs["H"] = file("H", "complaint", "whatsapp", at(end, 23, 30), ["Nobody answered the phone"])
    refs["H2"] = file("H2", "complaint", "whatsapp", at(end + timedelta(days=1), 0, 30),
                      ["Nobody answered the phone"])
    return Fixture(start, end, monday, refs)


def rows(table: dict, key: str) -> dict:
    """A JSON table's rows by the value of their ``key`` column."""
    return {row[key]: row for row in table["rows"]}
