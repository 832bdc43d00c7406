"""Filing cases: references, clocks, idempotency, bad input."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from intake_api.domain.calendar import local_date
from tests.intake.conftest import complaint

# References the system makes carry this year (the test's own clock), never a fixed one.
YEAR = date.today().year


def test_a_complaint_is_filed_with_stage_1_clocks(api) -> None:
    r = api.post("/api/v1/cases", complaint(received_at="2026-11-30T10:00:00Z"))
    assert r.status_code == 201, r.text
    case = r.json()
    assert case["reference"] == f"CMP-{YEAR}-000001"
    assert case["stage"] == "stage_1" and case["status"] == "open"
    # Monday 30 Nov 2026 (England): +5 working days, then +10 from that projected date.
    assert case["sla"]["acknowledge_due"] == "2026-12-07"
    assert case["sla"]["response_due"] == "2026-12-21"
    assert case["sla"]["response_projected"] is True
    assert case["ombudsman"]["phone"] == "0300 111 3000"
    assert case["definition"]["points"] == [
        "The boiler repair was missed twice", "Nobody called back"
    ]


def test_references_count_up_per_kind(api) -> None:
    # The year in a reference is the year (UK time) the case was received.
    now = datetime.now(UTC)
    year = local_date(now).year
    refs = [api.post("/api/v1/cases", complaint(received_at=now.isoformat())).json()["reference"]
            for _ in range(3)]
    sr = api.post("/api/v1/cases", {"kind": "service_request", "channel": "sms",
                                    "service_request": {"description": "tap drips", "priority": "urgent"}})
    assert refs == [f"CMP-{year}-000001", f"CMP-{year}-000002", f"CMP-{year}-000003"]
    assert sr.status_code == 201
    # Received now (no received_at given): this year's sequence, whatever the date.
    received = datetime.fromisoformat(sr.json()["received_at"])
    assert sr.json()["reference"] == f"SR-{local_date(received).year}-000001"
    assert sr.json()["stage"] is None
    assert sr.json()["sla"]["target_due"] is not None
    assert sr.json()["sla"]["acknowledge_due"] is None


def test_a_letter_is_logged_with_its_real_received_date_and_nation(api) -> None:
    r = api.post("/api/v1/cases", complaint(received_at="2026-11-27T16:00:00Z", nation="scotland"))
    sla = r.json()["sla"]
    # Friday 27 Nov; Monday 30 Nov is St Andrew's Day in Scotland.
    assert sla["acknowledge_due"] == "2026-12-07"
    assert sla["nation"] == "scotland"
    assert r.json()["reference"].startswith("CMP-2026-")


def test_a_retry_with_the_same_idempotency_key_returns_the_first_case(api) -> None:
    first = api.post("/api/v1/cases", complaint(), **{"Idempotency-Key": "conv-1:1"})
    again = api.post("/api/v1/cases", complaint(), **{"Idempotency-Key": "conv-1:1"})
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["reference"] == first.json()["reference"]
    assert api.get("/api/v1/cases").json()["total"] == 1


def test_a_reused_idempotency_key_with_a_different_body_is_refused(api) -> None:
    api.post("/api/v1/cases", complaint(), **{"Idempotency-Key": "k"})
    other = api.post("/api/v1/cases", complaint(summary="something else"), **{"Idempotency-Key": "k"})
    assert other.status_code == 409
    assert "Idempotency-Key" in other.json()["detail"]


def test_get_case_has_sla_dates_and_the_event_log(api) -> None:
    ref = api.post("/api/v1/cases", complaint()).json()["reference"]
    case = api.get(f"/api/v1/cases/{ref}").json()
    assert case["sla"]["acknowledge_due"] and case["sla"]["response_due"]
    assert [e["type"] for e in case["events"]] == ["created"]
    assert api.get(f"/api/v1/cases/CMP-{YEAR}-999999").status_code == 404


def test_unknown_nation_lists_the_valid_ones(api) -> None:
    r = api.post("/api/v1/cases", complaint(nation="cornwall"))
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert detail.startswith("nation:")
    for nation in ("england", "wales", "scotland", "northern_ireland"):
        assert nation in detail


def test_impossible_and_naive_dates_are_refused_with_the_field_named(api) -> None:
    r = api.post("/api/v1/cases", complaint(received_at="2026-02-30T10:00:00Z"))
    assert r.status_code == 422 and r.json()["detail"].startswith("received_at:")
    r = api.post("/api/v1/cases", complaint(received_at="2026-02-10T10:00:00"))
    assert r.status_code == 422 and "timezone" in r.json()["detail"]
    r = api.post("/api/v1/cases", complaint(received_at="1066-10-14T10:00:00Z"))
    assert r.status_code == 422


def test_malformed_and_oversized_bodies_are_4xx(api) -> None:
    r = api.client.post("/api/v1/cases", content=b"{not json", headers={**api.auth, "content-type": "application/json"})
    assert r.status_code == 422
    r = api.client.post("/api/v1/cases", content=b"[" + b"1," * 600_000 + b"1]",
                        headers={**api.auth, "content-type": "application/json"})
    assert r.status_code == 413
    r = api.post("/api/v1/cases", {"kind": "grumble", "channel": "web"})
    assert r.status_code == 422 and r.json()["detail"].startswith("kind:")
    r = api.post("/api/v1/cases", complaint(unexpected="x"))
    assert r.status_code == 422 and "unexpected" in r.json()["detail"]


def test_every_api_route_refuses_anonymous_calls(api) -> None:
    paths = {p: ops for p, ops in api.app.openapi()["paths"].items() if p.startswith("/api/v1")}
    operations = [(method, path) for path, ops in paths.items() for method in ops]
    assert len(operations) >= 14
    for method, path in operations:
        url = path.replace("{reference}", f"CMP-{YEAR}-000001")
        r = api.client.request(method.upper(), url, json={})
        assert r.status_code == 401, (method, path, r.status_code)
    wrong = api.client.get("/api/v1/cases", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401


def test_health_and_metrics_are_open(api) -> None:
    assert api.client.get("/healthz").json() == {"status": "ok", "database": "ok"}
    def created() -> float:
        line = 'intake_cases_created_total{channel="web",kind="complaint"} '
        text = api.client.get("/metrics").text
        return next((float(x[len(line):]) for x in text.splitlines() if x.startswith(line)), 0.0)

    before = created()
    api.post("/api/v1/cases", complaint())
    assert created() == before + 1


def test_the_queue_lists_open_cases_by_what_is_due_soonest(api) -> None:
    now = datetime.now(UTC)
    late = api.post("/api/v1/cases", complaint(received_at=now.isoformat())).json()["reference"]
    received = (now - timedelta(days=40)).isoformat()
    soon = api.post("/api/v1/cases", complaint(received_at=received)).json()["reference"]
    api.post("/api/v1/cases", {"kind": "compliment", "channel": "web"})
    page = api.get("/api/v1/cases", kind="complaint").json()
    assert [c["reference"] for c in page["items"]] == [soon, late]
    assert page["items"][0]["sla_state"] == "overdue"
    assert api.get("/api/v1/cases", sla_state="overdue").json()["total"] == 1
    assert api.get("/api/v1/cases", flag="vulnerability").json()["total"] == 2
    assert api.get("/api/v1/cases", q="ada").json()["total"] == 2
    assert api.get("/api/v1/cases", q=soon).json()["items"][0]["reference"] == soon
    assert api.get("/api/v1/cases", page_size=1, page=2).json()["items"][0]["reference"] == late
    assert api.get("/api/v1/cases", flag="sparkly").status_code == 422
    assert api.get("/api/v1/cases", page=0).status_code == 422


def test_a_resident_can_look_up_their_case_only_with_proof(api) -> None:
    ref = api.post("/api/v1/cases", complaint()).json()["reference"]
    ok = api.post("/api/v1/cases/lookup", {"reference": ref.lower(), "phone": "+44 7700 900123"})
    assert ok.status_code == 200 and ok.json()["reference"] == ref
    assert api.post("/api/v1/cases/lookup", {"reference": ref, "postcode": "ab12cd"}).status_code == 200
    wrong = api.post("/api/v1/cases/lookup", {"reference": ref, "phone": "07700 900999"})
    missing = api.post("/api/v1/cases/lookup", {"reference": f"CMP-{YEAR}-000999", "phone": "07700 900123"})
    assert wrong.status_code == missing.status_code == 404
    assert wrong.json() == missing.json()
    assert api.post("/api/v1/cases/lookup", {"reference": ref}).status_code == 404


def test_a_representative_is_recorded_with_consent_status(api) -> None:
    body = complaint(representative={"name": "Sam Advocate", "relationship": "support worker",
                                     "organisation": "Citizens Advice", "consent": "pending"})
    case = api.post("/api/v1/cases", body).json()
    assert case["representative"]["consent"] == "pending"
    assert case["flags"]["on_behalf"] is True
    assert case["flags"]["consent_pending"] is True
    assert api.get("/api/v1/cases", flag="consent_pending").json()["total"] == 1


def test_a_representatives_own_address_and_contact_note_are_kept_apart(api) -> None:
    body = complaint(representative={"name": "Ola Dada", "relationship": "solicitor",
                                     "consent": "not_needed", "legal_representative": True,
                                     "address": "2 Market Street, Bramley BR1 1AA",
                                     "contact_note": "Best time to contact: after 2pm"})
    case = api.post("/api/v1/cases", body).json()
    assert case["representative"]["address"] == "2 Market Street, Bramley BR1 1AA"
    assert case["representative"]["contact_note"] == "Best time to contact: after 2pm"
    assert case["complainant"]["address"] != case["representative"]["address"]
    too_long = complaint(representative={"name": "Ola", "address": "x" * 501})
    assert api.post("/api/v1/cases", too_long).status_code == 422


def test_the_reference_year_is_the_uk_year_the_case_was_received(api) -> None:
    year = local_date(datetime.now(UTC)).year
    before = api.post("/api/v1/cases", complaint(received_at=f"{year}-12-31T23:59:00Z")).json()
    after = api.post("/api/v1/cases", complaint(received_at=f"{year + 1}-01-01T00:01:00Z")).json()
    # 31 July 23:30 UTC is already 1 August in London (BST): the date, not the year, moves.
    summer = api.post("/api/v1/cases", complaint(received_at=f"{year}-07-31T23:30:00+00:00")).json()
    assert before["reference"] == f"CMP-{year}-000001"
    assert after["reference"] == f"CMP-{year + 1}-000001"
    assert summer["reference"] == f"CMP-{year}-000002"
    assert summer["sla"]["clocks"][0]["started_on"] == f"{year}-08-01"
    # New Year's Day is a bank holiday: the clock starts on the next working day.
    assert after["sla"]["clocks"][0]["started_on"] == f"{year + 1}-01-01"
    assert after["sla"]["acknowledge_due"] > f"{year + 1}-01-07"


def test_a_definition_confirmed_at_the_read_back_is_filed_as_confirmed(api) -> None:
    # QA Framework 3.1: the assistant reads the definition back before filing; a yes is
    # recorded with the case, by the filing key, without a handler's edit rights.
    body = complaint()
    body["definition"] = {**body["definition"], "confirmed": True}
    filed = api.post("/api/v1/cases", body).json()
    assert filed["definition_confirmed"] is True
    case = api.get(f"/api/v1/cases/{filed['reference']}").json()
    assert [e["type"] for e in case["events"]] == ["created", "definition_confirmed"]
    assert api.post("/api/v1/cases", complaint()).json()["definition_confirmed"] is False


def test_any_contact_detail_on_the_case_proves_it_is_theirs(api) -> None:
    body = complaint()
    body["complainant"] = {"name": "Sam Resident", "email": "sam@example.org"}
    ref = api.post("/api/v1/cases", body).json()["reference"]
    ok = api.post("/api/v1/cases/lookup", {"reference": ref, "email": " Sam@Example.org "})
    assert ok.status_code == 200
    wrong = api.post("/api/v1/cases/lookup", {"reference": ref, "email": "other@example.org"})
    assert wrong.status_code == 404
