"""GET /api/v1/policy: the landlord policy the assistant reads instead of keeping a copy
(docs/api-contract.md, issue 10 "one owner of the contract").

In-process (TestClient) on SQLite and PostgreSQL, as the other API tests."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from intake_api.core.config import Settings, get_settings
from intake_api.domain.policy import load_policy
from intake_api.main import create_app
from intake_api.schemas import PolicyOut
from intake_api.services import access
from intake_api.services.policies import policy_for
from tests.intake import conftest as intake
from tests.intake.conftest import complaint, make_api_key
from tests.security.test_api_scopes import key_with

api, database_url, migrated_postgres = intake.api, intake.database_url, intake.migrated_postgres

# Said to residents or used by the assistant; nothing about any resident.
FIELDS = {
    "slug", "version", "name", "nation", "landlord_phone", "out_of_hours_phone",
    "emergency_numbers", "ombudsman", "stages", "response_counted_from", "stage_1", "stage_2",
    "exclusion_window_months", "escalation_window", "channels", "case_channels", "case_kinds",
    "contact_methods", "limits",
}


@pytest.fixture
def policy_in_force(monkeypatch, database_url):
    """``INTAKE_POLICY`` set as a deployment sets it, and an API on it: (client, headers)."""
    opened: list[TestClient] = []

    def use(ref: str) -> tuple[TestClient, dict[str, str]]:
        monkeypatch.setenv("INTAKE_POLICY", ref)
        get_settings.cache_clear()
        policy_for.cache_clear()
        settings = Settings(database_url=database_url, sla_monitor_interval_seconds=0)
        key = make_api_key(settings, name="assistant-own-policy")
        client = TestClient(create_app(settings))
        opened.append(client.__enter__())
        return client, {"Authorization": f"Bearer {key}"}

    yield use
    for client in opened:
        client.__exit__(None, None, None)
    # The next test reads the environment monkeypatch puts back.
    get_settings.cache_clear()
    policy_for.cache_clear()


def own_policy(tmp_path: Path, text: str) -> str:
    path = tmp_path / "our-homes.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_policy_gives_the_landlords_numbers_the_ombudsman_and_the_codes_timescales(api):
    answer = api.get("/api/v1/policy")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert set(body) == FIELDS
    PolicyOut.model_validate(body)

    code = load_policy("code-2024")
    assert body["slug"] == "code-2024" and body["name"] == code.name
    assert body["nation"] == "england"
    assert body["landlord_phone"] == code.landlord_phone
    assert body["out_of_hours_phone"] == code.out_of_hours_phone
    assert body["emergency_numbers"] == {"emergency_services": "999", "gas": "0800 111 999"}
    assert body["ombudsman"] == {"name": "Housing Ombudsman Service", "phone": "0300 111 3000",
                                 "email": "info@housing-ombudsman.org.uk",
                                 "website": "www.housing-ombudsman.org.uk",
                                 "address": "PO Box 1484, Unit D, Preston, PR2 0ET"}
    # Code 6.2-6.4 and 6.11-6.15.
    assert body["stage_1"] == {"acknowledge_days": 5, "response_days": 10, "max_extension_days": 10}
    assert body["stage_2"] == {"acknowledge_days": 5, "response_days": 20, "max_extension_days": 20}
    assert body["exclusion_window_months"] == 12 and body["escalation_window"] is None
    assert body["channels"] == list(code.channels)
    assert "complaint" in body["case_kinds"] and "service_request" in body["case_kinds"]
    assert "sms" in body["case_channels"] and "letter" in body["contact_methods"]


def test_the_version_is_the_hash_of_what_is_published_and_stable(api):
    first, second = api.get("/api/v1/policy").json(), api.get("/api/v1/policy").json()
    assert first == second
    rest = {k: v for k, v in first.items() if k != "version"}
    canonical = json.dumps(rest, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert first["version"] == "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


def test_a_policy_file_given_by_path_keeps_its_out_of_hours_line(policy_in_force, tmp_path):
    client, key = policy_in_force(own_policy(
        tmp_path, "extends: code-2024\nname: Our Homes\nout_of_hours_phone: 0300 555 0199\n"
                  "escalation_window: {days: 20, unit: working_days}\n"))
    body = client.get("/api/v1/policy", headers=key).json()
    assert body["out_of_hours_phone"] == "0300 555 0199"
    assert body["name"] == "Our Homes" and body["slug"] == "our-homes"
    # What the file is silent on comes from the policy it extends.
    assert body["landlord_phone"] == load_policy("code-2024").landlord_phone
    assert body["stage_1"]["acknowledge_days"] == 5
    assert body["escalation_window"] == {"days": 20, "unit": "working_days"}


def test_cases_are_filed_and_read_under_a_policy_given_by_path(policy_in_force, tmp_path):
    client, key = policy_in_force(own_policy(tmp_path, "extends: code-2024\nname: Our Homes\n"))
    filed = client.post("/api/v1/cases", json=complaint(), headers=key)
    assert filed.status_code == 201, filed.text
    assert filed.json()["policy"] == "our-homes"
    read = client.get(f"/api/v1/cases/{filed.json()['reference']}", headers=key)
    assert read.status_code == 200 and read.json()["sla"]["acknowledge_due"]


def test_any_change_to_the_policy_changes_its_version(api, policy_in_force, tmp_path):
    default = api.get("/api/v1/policy").json()["version"]
    client, key = policy_in_force(own_policy(
        tmp_path, "extends: code-2024\nlandlord_phone: 0300 555 0100\n"))
    changed = client.get("/api/v1/policy", headers=key).json()
    assert changed["landlord_phone"] == "0300 555 0100" and changed["version"] != default


def test_northern_ireland_has_its_own_gas_emergency_line(policy_in_force, tmp_path):
    client, key = policy_in_force(own_policy(
        tmp_path, "extends: code-2024\nnation: northern_ireland\n"))
    body = client.get("/api/v1/policy", headers=key).json()
    assert body["nation"] == "northern_ireland"
    assert body["emergency_numbers"]["gas"] == "0800 002 001"


def test_without_a_valid_api_key_the_policy_is_refused(api):
    anonymous = api.client.get("/api/v1/policy")
    assert anonymous.status_code == 401 and anonymous.headers["WWW-Authenticate"] == "Bearer"
    wrong = api.client.get("/api/v1/policy", headers={"Authorization": "Bearer not-a-key"})
    assert wrong.status_code == 401 and wrong.json()["detail"] == "the API key is not valid"


def test_the_policy_needs_the_policy_read_scope(api):
    filer = key_with(api, "crm", "cases:file")
    refused = api.client.get("/api/v1/policy", headers=filer)
    assert refused.status_code == 403
    assert "'policy:read'" in refused.json()["detail"]
    reader = key_with(api, "reader", "policy:read")
    assert api.client.get("/api/v1/policy", headers=reader).status_code == 200


def test_the_assistants_key_reads_the_policy_and_so_do_staff_roles(api):
    assert "policy:read" in access.ASSISTANT_SCOPES
    bot = key_with(api, "assistant", *access.ASSISTANT_SCOPES)
    assert api.client.get("/api/v1/policy", headers=bot).status_code == 200
    for role in ("handler", "manager", "admin"):
        assert access.allowed(access.scopes_for_role(role), "read_policy"), role


def test_the_published_limits_are_the_ones_the_api_enforces(api):
    limits = api.get("/api/v1/policy").json()["limits"]
    assert limits["max_message_chars"] == 4000  # bot/channels/guard.py MAX_TEXT_CHARS

    def filed(points: list[str], **definition) -> int:
        body = complaint(definition={"points": points, "desired_outcome": "Fix it", **definition})
        return api.post("/api/v1/cases", body).status_code

    longest = "x" * limits["max_point_chars"]
    assert filed([longest] + ["a point"] * (limits["max_points"] - 1)) == 201
    assert filed(["a point"] * (limits["max_points"] + 1)) == 422
    assert filed([longest + "x"]) == 422
    assert filed(["a point"], desired_outcome="y" * (limits["max_text_chars"] + 1)) == 422
    too_many = complaint(transcript=[{"sender": "resident", "text": "hello"}]
                         * (limits["max_transcript_entries"] + 1))
    assert api.post("/api/v1/cases", too_many).status_code == 422
    long_name = complaint(complainant={"name": "n" * (limits["max_short_text_chars"] + 1)})
    assert api.post("/api/v1/cases", long_name).status_code == 422


def test_the_openapi_document_describes_the_policy_and_its_answers(api):
    operation = api.client.get("/openapi.json").json()["paths"]["/api/v1/policy"]["get"]
    assert {"200", "401", "403"} <= set(operation["responses"])
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/PolicyOut"}
