"""API keys carry scopes; the case service checks them, and staff roles, for every caller.

In-process (TestClient) on SQLite and PostgreSQL: the assistant's key files cases,
reads what it filed, looks up and escalates for a resident with proof, and is refused
(403, a JSON message) when it tries to respond, close, decline or reclassify."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from intake_api import schemas
from intake_api.core.db import Database
from intake_api.core.security import hash_api_key, new_api_key
from intake_api.main import create_app
from intake_api.models import ApiKey
from intake_api.services import access, staff
from intake_api.services import cases as service
from intake_api.services.errors import Forbidden
from tests.intake import conftest as intake
from tests.intake.conftest import complaint

api, database_url, migrated_postgres = intake.api, intake.database_url, intake.migrated_postgres

ROOT = Path(__file__).resolve().parents[2]
INTAKE = str(Path(sys.executable).parent / "intake")
PROOF = {"phone": "07700 900123"}


def key_with(api, name: str, *scopes: str) -> dict[str, str]:
    """Authorization headers for a new key with these scopes (none: every scope)."""
    key = new_api_key()
    db = Database(api.settings)
    with db.session() as s, s.begin():
        s.add(ApiKey(name=name, key_hash=hash_api_key(key), scopes=" ".join(scopes) or None))
    db.dispose()
    return {"Authorization": f"Bearer {key}"}


def assistant(api) -> dict[str, str]:
    return key_with(api, "assistant", *access.ASSISTANT_SCOPES)


def test_the_assistants_key_files_reads_what_it_filed_looks_up_and_escalates(api) -> None:
    bot = assistant(api)
    mine = api.client.post("/api/v1/cases", json=complaint(), headers=bot)
    assert mine.status_code == 201, mine.text
    ref = mine.json()["reference"]
    theirs = api.post("/api/v1/cases", complaint(conversation_id="phone-call")).json()["reference"]

    assert api.client.get(f"/api/v1/cases/{ref}", headers=bot).status_code == 200
    assert api.client.get(f"/api/v1/cases/{ref}/events", headers=bot).status_code == 200
    # Another client's case answers as if it did not exist.
    other = api.client.get(f"/api/v1/cases/{theirs}", headers=bot)
    assert other.status_code == 404 and other.json()["detail"].startswith("no case")
    listed = api.client.get("/api/v1/cases", headers=bot).json()
    assert [c["reference"] for c in listed["items"]] == [ref] and listed["total"] == 1
    assert api.get("/api/v1/cases").json()["total"] == 2

    # A resident proves the case is theirs: status, then stage 2 (Code 6.12, no reasons).
    looked = api.client.post("/api/v1/cases/lookup", json={"reference": theirs, **PROOF}, headers=bot)
    assert looked.status_code == 200
    escalated = api.client.post(f"/api/v1/cases/{theirs}/escalate",
                                json={"requested_by": "resident", **PROOF}, headers=bot)
    assert escalated.status_code == 200, escalated.text
    assert escalated.json()["case"]["stage"] == "stage_2"
    wrong = api.client.post(f"/api/v1/cases/{ref}/escalate",
                            json={"requested_by": "resident", "phone": "07700 900999"}, headers=bot)
    assert wrong.status_code == 404


@pytest.mark.parametrize(("method", "path", "body"), [
    ("post", "respond", {"decision": "Upheld", "reasons": "We missed visits",
                         "points_answered": ["1", "2"]}),
    ("post", "close", {"reason": "resolved"}),
    ("post", "decline", {"reasons": "The matter is in court."}),
    ("post", "reclassify", {"kind": "service_request", "reason": "a first report"}),
    ("post", "acknowledge", {}),
    ("post", "extend", {"days": 1, "reason": "surveyor"}),
    ("post", "assign", {"handler": "bob"}),
    ("post", "notes", {"text": "called"}),
    ("put", "definition", {"points": ["x"], "reason": "why"}),
    ("post", "escalate", {"requested_by": "staff"}),
    ("post", "escalate", {"requested_by": "resident", "handler": "bob", **PROOF}),
    ("put", "hazard", {"class": "damp_mould"}),  # Awaab's Law: only when filing
    ("post", "hazard/investigated", {}),
])
def test_the_assistants_key_cannot_do_a_handlers_work(api, method: str, path: str, body: dict) -> None:
    bot = assistant(api)
    ref = api.client.post("/api/v1/cases", json=complaint(), headers=bot).json()["reference"]
    r = api.client.request(method.upper(), f"/api/v1/cases/{ref}/{path}", json=body, headers=bot)
    assert r.status_code == 403, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert "assistant" in r.json()["detail"] and "scope" in r.json()["detail"]
    events = api.get(f"/api/v1/cases/{ref}/events").json()
    assert [e["type"] for e in events] == ["created"]


def test_scopes_refuse_what_they_do_not_name(api) -> None:
    reader = key_with(api, "reader", "cases:read")
    assert api.client.get("/api/v1/cases", headers=reader).status_code == 200
    refused = api.client.post("/api/v1/cases", json=complaint(), headers=reader)
    assert refused.status_code == 403 and "cases:file" in refused.json()["detail"]
    assert api.client.get("/api/v1/calendar/working-days", params={"start": "2026-12-01", "days": 1},
                          headers=reader).status_code == 403
    filer = key_with(api, "filer", "cases:file")
    ref = api.client.post("/api/v1/cases", json=complaint(), headers=filer).json()["reference"]
    assert api.client.get(f"/api/v1/cases/{ref}", headers=filer).status_code == 403
    assert api.client.get("/api/v1/cases", headers=filer).status_code == 403
    assert api.client.post("/api/v1/cases/lookup", json={"reference": ref, **PROOF},
                           headers=filer).status_code == 403


def test_a_handlers_key_is_refused_a_managers_decisions(api) -> None:
    handler = key_with(api, "handler-system", "cases:file", "cases:read", "cases:handle")
    ref = api.client.post("/api/v1/cases", json=complaint(), headers=handler).json()["reference"]
    for path, body in (("close", {"reason": "no response needed"}),
                       ("decline", {"reasons": "The matter is in court."}),
                       ("reclassify", {"kind": "service_request", "reason": "a first report"}),
                       ("assign", {"handler": "bob"})):
        r = api.client.post(f"/api/v1/cases/{ref}/{path}", json=body, headers=handler)
        assert r.status_code == 403 and "cases:manage" in r.json()["detail"], (path, r.text)
    assert api.client.post(f"/api/v1/cases/{ref}/acknowledge", json={}, headers=handler).status_code == 200
    beyond = api.client.post(f"/api/v1/cases/{ref}/extend", headers=handler, json={
        "days": 11, "reason": "surveyor", "good_reason_beyond_limit": "resident in hospital"})
    assert beyond.status_code == 403
    answered = {"decision": "Upheld", "reasons": "We missed visits", "points_answered": ["1", "2"]}
    assert api.client.post(f"/api/v1/cases/{ref}/respond", json=answered, headers=handler).status_code == 200
    # Responded: closing is a handler's step now.
    assert api.client.post(f"/api/v1/cases/{ref}/close", json={"reason": "resolved"},
                           headers=handler).status_code == 200


def test_a_key_created_without_scopes_may_use_every_operation(api, tmp_path) -> None:
    # The contract: `intake apikey create --name N` with no scope option.
    env = {**os.environ, "INTAKE_DATABASE_URL": api.settings.database_url}
    out = subprocess.run([INTAKE, "apikey", "create", "--name", "crm"], env=env, cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    full = {"Authorization": f"Bearer {out.split()[-1]}"}
    ref = api.client.post("/api/v1/cases", json=complaint(), headers=full).json()["reference"]
    assert api.client.post(f"/api/v1/cases/{ref}/reclassify", headers=full,
                           json={"kind": "service_request", "reason": "a first report"}).status_code == 200
    assert api.client.post(f"/api/v1/cases/{ref}/decline", headers=full,
                           json={"reasons": "Already dealt with."}).status_code == 200


def test_the_cli_narrows_a_key_to_the_scopes_named(api) -> None:
    env = {**os.environ, "INTAKE_DATABASE_URL": api.settings.database_url}

    def intake_cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([INTAKE, *args], env=env, cwd=ROOT, capture_output=True, text=True,
                              check=False)

    made = intake_cli("apikey", "create", "--name", "bot", *[f"--scope={s}" for s in access.ASSISTANT_SCOPES])
    assert made.returncode == 0, made.stderr
    bot = {"Authorization": f"Bearer {made.stdout.split()[-1]}"}
    ref = api.client.post("/api/v1/cases", json=complaint(), headers=bot).json()["reference"]
    assert api.client.post(f"/api/v1/cases/{ref}/close", json={"reason": "done"},
                           headers=bot).status_code == 403
    bad = intake_cli("apikey", "create", "--name", "x", "--scope", "cases:teleport")
    assert bad.returncode == 2 and "cases:teleport" in bad.stderr and "cases:file" in bad.stderr
    listed = intake_cli("apikey", "list")
    assert "bot" in listed.stdout and "cases:read_own" in listed.stdout
    assert made.stdout.split()[-1] not in listed.stdout
    assert "cases:escalate" in intake_cli("apikey", "scopes").stdout


def test_a_revoked_key_stops_at_once_in_every_worker(api) -> None:
    headers = key_with(api, "crm")
    # A second worker: another application on the same database.
    with TestClient(create_app(api.settings)) as second:
        for client in (api.client, second):
            assert client.get("/api/v1/cases", headers=headers).status_code == 200
        db = Database(api.settings)
        with db.session() as s, s.begin():
            s.execute(update(ApiKey).where(ApiKey.name == "crm").values(revoked_at=datetime.now(UTC)))
        db.dispose()
        for client in (api.client, second):
            r = client.get("/api/v1/cases", headers=headers)
            assert r.status_code == 401 and r.json()["detail"] == "the API key is not valid"


def test_code_6_7_is_enforced_for_api_callers_too(api) -> None:
    ref = api.post("/api/v1/cases", complaint()).json()["reference"]
    api.post(f"/api/v1/cases/{ref}/acknowledge", {})
    partial = api.post(f"/api/v1/cases/{ref}/respond", {
        "decision": "Upheld", "reasons": "We missed visits",
        "points_answered": ["The boiler repair was missed twice"]})
    assert partial.status_code == 409
    assert "6.7" in partial.json()["detail"] and "point 2" in partial.json()["detail"]
    assert partial.json()["errors"] == [{"field": "points_answered",
                                         "message": partial.json()["errors"][0]["message"]}]
    silent = api.post(f"/api/v1/cases/{ref}/respond", {"decision": "Upheld", "reasons": "We missed visits"})
    assert silent.status_code == 409
    assert api.get(f"/api/v1/cases/{ref}").json()["status"] == "acknowledged"


def _staff(role: str) -> service.Actor:
    return service.Actor(f"a-{role}", is_staff=True, scopes=access.scopes_for_role(role), role=role)


def test_staff_roles_meet_the_same_checks_in_the_service(api) -> None:
    sessions = api.app.state.db.sessionmaker
    ref = api.post("/api/v1/cases", complaint()).json()["reference"]
    handler, manager = _staff("handler"), _staff("manager")
    for operation, body in (
        (service.close, schemas.CloseRequest(reason="not needed")),
        (service.decline, schemas.DeclineRequest(reasons="Already in court.")),
        (service.reclassify, schemas.ReclassifyRequest(kind="enquiry", reason="only a question")),
        (service.assign, schemas.AssignRequest(handler="bob")),
    ):
        with pytest.raises(Forbidden, match="handler"):
            operation(sessions, ref, handler, body)
    case, _ = service.decline(sessions, ref, manager, schemas.DeclineRequest(reasons="Already in court."))
    assert case.status == "declined"


def test_each_role_grants_the_scopes_its_staff_pages_allow() -> None:
    least_role = {
        "view": "handler", "acknowledge": "handler", "edit_definition": "handler",
        "reclassify": "handler", "reclassify_from_complaint": "manager", "extend": "handler",
        "extend_beyond_limit": "manager", "respond": "handler", "escalate": "handler",
        "note": "handler", "close": "handler", "close_unanswered_complaint": "manager",
        "assign": "manager", "decline": "manager", "manage_users": "admin",
        "read_reports": "manager", "resend_notice": "handler",
        "set_hazard": "handler", "record_hazard_step": "handler",
    }
    assert staff.PERMISSIONS == least_role
    for role in staff.ROLES:
        for action in least_role:
            assert staff.allowed(role, action) == access.allowed(access.scopes_for_role(role), action)
    # The assistant's scopes give none of a handler's steps.
    assistant_scopes = frozenset(access.ASSISTANT_SCOPES)
    assert not any(access.allowed(assistant_scopes, a) for a in least_role)
