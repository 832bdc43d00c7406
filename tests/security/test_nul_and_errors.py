"""Text no database can store, and the one error shape, on SQLite and PostgreSQL.

A NUL (\\u0000) or an unpaired surrogate reaching PostgreSQL was a 500 (SQLite answered
200 or 404). Wherever text comes in — JSON bodies, query strings, path parameters,
staff forms — it is now a 422 naming the field, on both databases. Every error body
has the shape the OpenAPI document gives (``Error``)."""

from __future__ import annotations

import json

import pytest

from intake_api.core.db import Database
from intake_api.core.text import UnstorableText, check, storable
from intake_api.services.staff import add_user
from tests.intake import conftest as intake
from tests.intake.conftest import complaint
from tests.intake.staff.conftest import PASSWORD, log_in

api, database_url, migrated_postgres = intake.api, intake.database_url, intake.migrated_postgres

NUL = "\u0000"
LONE = "\ud800"


def raw_json(api, path: str, text: str):
    """POST a JSON body given as text (lone surrogates can only be sent escaped)."""
    return api.client.post(path, content=text.encode("ascii"),
                           headers={**api.auth, "content-type": "application/json"})


def assert_error(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = json.loads(response.content.decode("utf-8"))
    assert set(body) == {"detail", "errors"}, body
    assert isinstance(body["detail"], str) and isinstance(body["errors"], list)
    if field is not None:
        # The field, or an item of it (``definition.points.1``).
        named = [e["field"] for e in body["errors"]]
        assert any(n == field or n.startswith(f"{field}.") for n in named), body
        assert field in body["detail"]
    return body


@pytest.mark.parametrize("bad", [NUL, LONE], ids=["nul", "lone-surrogate"])
@pytest.mark.parametrize(("overrides", "field"), [
    ({"summary": "boiler{}broken"}, "summary"),
    ({"complainant": {"name": "Ada{}"}}, "complainant.name"),
    ({"definition": {"points": ["ok", "bad{}point"]}}, "definition.points"),
    ({"transcript": [{"sender": "resident", "text": "hi{}"}]}, "transcript.0.text"),
    ({"conversation_id": "conv{}"}, "conversation_id"),
])
def test_unstorable_text_in_a_new_case_is_a_422_naming_the_field(api, bad, overrides, field) -> None:
    body = json.dumps(complaint(**overrides)).replace("{}", json.dumps(bad)[1:-1])
    assert_error(raw_json(api, "/api/v1/cases", body), 422, field)
    assert api.get("/api/v1/cases").json()["total"] == 0


def test_unstorable_text_in_every_operation_body_is_refused(api) -> None:
    ref = api.post("/api/v1/cases", complaint()).json()["reference"]
    for path, body, field in (
        (f"/api/v1/cases/{ref}/notes", {"text": f"called{NUL}"}, "text"),
        (f"/api/v1/cases/{ref}/close", {"reason": f"done{NUL}"}, "reason"),
        (f"/api/v1/cases/{ref}/extend", {"days": 1, "reason": f"wait{NUL}"}, "reason"),
        (f"/api/v1/cases/{ref}/acknowledge", {"note": NUL}, "note"),
        ("/api/v1/cases/lookup", {"reference": f"{ref}{NUL}", "phone": "07700 900123"}, "reference"),
    ):
        assert_error(api.post(path, body), 422, field)
    assert_error(api.put(f"/api/v1/cases/{ref}/definition", {"points": [f"a{NUL}"], "reason": "x"}),
                 422, "points")
    assert [e["type"] for e in api.get(f"/api/v1/cases/{ref}/events").json()] == ["created"]


def test_unstorable_keys_are_refused_and_the_answer_still_encodes(api) -> None:
    for key in (NUL, LONE):
        body = '{"kind": "complaint", "channel": "web", ' + json.dumps({key: 1})[1:]
        assert_error(raw_json(api, "/api/v1/cases", body), 422)
    assert api.get("/api/v1/cases").json()["total"] == 0


def test_unstorable_text_in_the_query_string_and_path_is_a_422(api) -> None:
    headers = api.auth
    assert_error(api.client.get("/api/v1/cases?q=%00", headers=headers), 422, "q")
    assert_error(api.client.get("/api/v1/cases?q=ada%00", headers=headers), 422, "q")
    assert_error(api.client.get("/api/v1/cases?flag=%00", headers=headers), 422, "flag")
    assert_error(api.client.get("/api/v1/cases/%00", headers=headers), 422, "reference")
    assert_error(api.client.get("/api/v1/cases/CMP%00/events", headers=headers), 422, "reference")
    assert_error(api.client.post("/api/v1/cases/%00/close", json={"reason": "done"}, headers=headers),
                 422, "reference")
    assert_error(api.client.get("/api/v1/calendar/working-days?start=2026-12-01&days=1&nation=%00",
                                headers=headers), 422, "nation")
    # Unauthenticated, the answer is 401 whatever the path holds.
    assert_error(api.client.get("/api/v1/cases/%00"), 401)


def test_search_wildcards_are_letters(api) -> None:
    api.post("/api/v1/cases", complaint())
    for term in ("%", "_", "a%a"):
        assert api.get("/api/v1/cases", q=term).json()["total"] == 0
    assert api.get("/api/v1/cases", q="ada").json()["total"] == 1


def test_staff_forms_and_pages_refuse_unstorable_text(api) -> None:
    db = Database(api.settings)
    add_user(db.sessionmaker, "hana", "handler", PASSWORD)
    db.dispose()
    ref = api.post("/api/v1/cases", complaint()).json()["reference"]
    hana = log_in(api, "hana")
    hana.get(f"/staff/cases/{ref}")
    note = hana.post(f"/staff/cases/{ref}/notes", {"text": f"called{NUL}back"})
    assert note.status_code == 422 and "text" in note.text
    assert hana.client.get(f"/staff/cases/{ref}%00").status_code == 422
    assert hana.client.get("/staff?q=ada%00").status_code == 422
    events = api.get(f"/api/v1/cases/{ref}/events").json()
    assert [e["type"] for e in events] == ["created"]


def test_the_text_rules_for_other_callers() -> None:
    assert storable("Ada Lovelace £50 🏠") and storable({"a": ["b", "c"]})
    assert not storable(f"x{NUL}") and not storable([LONE]) and not storable({NUL: "key"})
    with pytest.raises(UnstorableText) as caught:
        check("username", f"admin{NUL}")
    assert caught.value.field == "username" and str(caught.value).startswith("username: ")


def test_every_error_has_the_one_shape(api) -> None:
    ref = api.post("/api/v1/cases", complaint()).json()["reference"]
    auth = {**api.auth, "content-type": "application/json"}
    assert_error(api.client.post("/api/v1/cases", content=b"\xff\xfe", headers=auth), 422, "body")
    assert_error(api.client.post("/api/v1/cases", content=b"{not json", headers=auth), 422, "body")
    assert_error(api.client.get("/api/v1/cases"), 401)
    assert_error(api.client.get("/api/v1/cases", headers={"Authorization": "Bearer nope"}), 401)
    assert_error(api.get("/api/v1/cases/CMP-1999-000001"), 404)
    not_here = api.client.delete(f"/api/v1/cases/{ref}", headers=api.auth)
    assert_error(not_here, 405)
    # Allow names the methods the document gives the path (lookup is not a reference).
    assert not_here.headers["allow"] == "GET"
    assert api.client.options("/api/v1/cases/lookup").headers["allow"] == "POST"
    assert api.client.options("/api/v1/cases").headers["allow"] == "GET, POST"
    assert_error(api.post(f"/api/v1/cases/{ref}/respond", {"decision": "Upheld", "reasons": "Because"}),
                 409)
    assert_error(api.client.post("/api/v1/cases", content=b"[" + b"1," * 600_000 + b"1]", headers=auth),
                 413)
    assert_error(api.get("/api/v1/cases", page="0"), 422, "page")
    assert_error(api.get("/api/v1/cases", flag="sparkly"), 422, "flag")
    assert_error(api.get("/api/v1/calendar/working-days", start="1800-01-01", days="1"), 422, "start")


def test_the_openapi_document_says_what_the_api_does(api) -> None:
    doc = api.client.get("/openapi.json").json()
    schemas = doc["components"]["schemas"]
    assert "HTTPValidationError" not in schemas
    assert schemas["Error"]["properties"]["detail"]["type"] == "string"
    assert doc["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    for path, operations in doc["paths"].items():
        if not path.startswith("/api/v1"):
            continue
        for method, operation in operations.items():
            responses = operation["responses"]
            expected = {"401", "403", "422"}
            if method in ("post", "put"):
                expected |= {"400", "413"}
            if "{reference}" in path or path.endswith("/lookup"):
                expected |= {"404"}
            if "{reference}" in path and method != "get":
                expected |= {"409"}
            assert expected <= set(responses), (method, path, sorted(responses))
            for status in expected:
                ref = responses[status]["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/Error", (method, path, status)
            assert operation["security"] == [{"HTTPBearer": []}]
    create = doc["paths"]["/api/v1/cases"]["post"]["responses"]
    assert {"200", "201", "409"} <= set(create)
    assert "Idempotent-Replayed" in create["200"]["headers"]
    listing = {p["name"]: p for p in doc["paths"]["/api/v1/cases"]["get"]["parameters"]}
    flag = listing["flag"]["schema"]["anyOf"][0]
    assert set(flag["enum"]) >= {"emergency", "vulnerability", "consent_pending", "adjustments"}
    assert set(listing["status"]["schema"]["anyOf"][0]["enum"]) == {
        "open", "acknowledged", "responded", "closed", "declined"}
    case = schemas["CaseOut"]["properties"]
    assert "enum" in case["kind"] and "enum" in case["status"]
