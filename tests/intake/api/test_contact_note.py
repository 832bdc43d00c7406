"""The complainant's contact note: when or how to reach them ("after 5pm"), kept apart
from reasonable adjustments (Code 5.10) so a time alone raises no adjustments flag."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, inspect

from intake_api.core.config import Settings
from intake_api.core.migrate import downgrade, upgrade
from intake_api.main import create_app
from tests.intake.conftest import complaint, make_api_key


def _resident(**extra) -> dict:
    return {"name": "Ada Resident", "phone": "07700 900123", "preferred_contact": "phone", **extra}


def test_a_contact_note_is_kept_and_read_back_without_the_adjustments_flag(api) -> None:
    created = api.post("/api/v1/cases", complaint(
        complainant=_resident(contact_note="  after 5pm  "), flags={}))
    assert created.status_code == 201, created.text
    assert created.json()["complainant"]["contact_note"] == "after 5pm"
    reference = created.json()["reference"]
    case = api.get(f"/api/v1/cases/{reference}").json()
    assert case["complainant"]["contact_note"] == "after 5pm"
    assert case["complainant"]["preferred_contact"] == "phone"
    assert case["complainant"]["reasonable_adjustments"] is None
    assert case["flags"]["reasonable_adjustments"] is False
    queue = api.get("/api/v1/cases", flag="adjustments").json()
    assert reference not in [c["reference"] for c in queue["items"]]


def test_an_adjustment_beside_a_contact_note_still_raises_the_flag(api) -> None:
    reference = api.post("/api/v1/cases", complaint(
        complainant=_resident(preferred_contact="sms", contact_note="not before 10am",
                              reasonable_adjustments="Said they are deaf"), flags={},
    )).json()["reference"]
    case = api.get(f"/api/v1/cases/{reference}").json()
    assert case["flags"]["reasonable_adjustments"] is True
    assert case["complainant"]["contact_note"] == "not before 10am"
    queue = api.get("/api/v1/cases", flag="adjustments").json()
    assert reference in [c["reference"] for c in queue["items"]]


def test_a_case_without_a_contact_note_reads_it_as_null(api) -> None:
    reference = api.post("/api/v1/cases", complaint()).json()["reference"]
    assert api.get(f"/api/v1/cases/{reference}").json()["complainant"]["contact_note"] is None
    blank = api.post("/api/v1/cases", complaint(complainant=_resident(contact_note="   ")))
    assert blank.status_code == 201 and blank.json()["complainant"]["contact_note"] is None


def test_a_bad_contact_note_is_refused_with_the_field_named(api) -> None:
    for bad in ("x" * 501, 17, ["after 5pm"], "after\x005pm"):
        response = api.post("/api/v1/cases", complaint(complainant=_resident(contact_note=bad)))
        assert response.status_code == 422, bad
        assert "complainant.contact_note" in response.json()["detail"], response.json()
    assert api.post("/api/v1/cases", complaint(
        complainant=_resident(contact_note="x" * 500))).status_code == 201


def _file(database_url: str, body: dict) -> str:
    settings = Settings(database_url=database_url, sla_monitor_interval_seconds=0)
    key = make_api_key(settings, name="migration-test")
    with TestClient(create_app(settings)) as client:
        response = client.post("/api/v1/cases", json=body, headers={"Authorization": f"Bearer {key}"})
        assert response.status_code == 201, response.text
        return response.json()["reference"]


def _read(database_url: str, reference: str) -> dict:
    settings = Settings(database_url=database_url, sla_monitor_interval_seconds=0)
    key = make_api_key(settings, name="migration-read")
    with TestClient(create_app(settings)) as client:
        return client.get(f"/api/v1/cases/{reference}",
                          headers={"Authorization": f"Bearer {key}"}).json()


def test_migration_0006_adds_the_column_and_downgrade_and_upgrade_lose_no_note(database_url: str) -> None:
    reference = _file(database_url, complaint(complainant=_resident(contact_note="mornings only")))
    engine = create_engine(database_url)
    try:
        downgrade(database_url, "0005")
        assert "contact_note" not in {c["name"] for c in inspect(engine).get_columns("cases")}
        upgrade(database_url)
        inspect(engine).clear_cache()
        assert "contact_note" in {c["name"] for c in inspect(engine).get_columns("cases")}
    finally:
        upgrade(database_url)
        engine.dispose()
    assert _read(database_url, reference)["complainant"]["contact_note"] == "mornings only"
