"""No resident data in any log line. ``intake serve`` is made to fail while filing a case
(a trigger, added under the running server, refuses one resident's name — on PostgreSQL
with that name in the error's own text), and then its log is searched for what the
resident wrote."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import create_engine, text

from intake_api.core.config import Settings
from intake_api.core.logging import ScrubFilter, describe_exception
from tests.security.servers import PASSWORD, ApiServer, Browser, api_server, throwaway_database

NAME = "Zebedee Marchbanks-Quill"
PHONE = "07700 900461"
POINT = "my daughter's asthma is worse since the mould came back"
SECRETS = (NAME, "Zebedee", "Marchbanks", PHONE, "asthma", "mould came back")

TRIGGERS = {
    "sqlite": [
        ("CREATE TRIGGER refuse_marked BEFORE INSERT ON cases "
         "WHEN NEW.complainant_name LIKE '%Zebedee%' BEGIN SELECT RAISE(ABORT, 'refused'); END"),
    ],
    "postgresql": [
        ("CREATE FUNCTION refuse_marked() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
         "IF NEW.complainant_name LIKE '%Zebedee%' THEN "
         "RAISE EXCEPTION 'refused the case of %: %', NEW.complainant_name, NEW.complainant; "
         "END IF; RETURN NEW; END $$"),
        "CREATE TRIGGER refuse_marked BEFORE INSERT ON cases FOR EACH ROW EXECUTE FUNCTION refuse_marked()",
    ],
}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    var = tmp_path_factory.mktemp(f"logs-{request.param}") / "var"
    admin = request.getfixturevalue("postgres_server") if request.param == "postgresql" else None
    with throwaway_database(request.param, var, admin) as url, api_server(url, var) as running:
        running.kind = request.param
        yield running


def _install_trigger(server: ApiServer) -> None:
    engine = create_engine(Settings(database_url=server.database_url).database_url)
    with engine.begin() as conn:
        for statement in TRIGGERS[server.kind]:
            conn.execute(text(statement))
    engine.dispose()


def _complaint() -> dict:
    return {
        "kind": "complaint", "channel": "web", "conversation_id": "conv-logs",
        "complainant": {"name": NAME, "phone": PHONE, "postcode": "AB1 2CD", "preferred_contact": "phone"},
        "definition": {"points": [POINT], "desired_outcome": "Treat the mould"},
        "summary": POINT,
    }


def test_an_unhandled_error_with_resident_text_leaves_none_of_it_in_the_log(server: ApiServer) -> None:
    key = server.intake("apikey", "create", "--name", "logs-test").split()[-1]
    auth = {"Authorization": f"Bearer {key}"}
    # The same complaint from someone else is filed: the failure below is the trigger's.
    ok = httpx.post(f"{server.url}/api/v1/cases", json={**_complaint(), "complainant": {
        "name": "Ada Resident", "phone": "07700 900123", "postcode": "AB1 2CD", "preferred_contact": "phone"}},
        headers=auth, timeout=30)
    assert ok.status_code == 201, ok.text
    _install_trigger(server)

    failed = httpx.post(f"{server.url}/api/v1/cases", json=_complaint(), headers=auth, timeout=30)
    assert failed.status_code == 500
    assert failed.headers["content-type"].startswith("application/json")
    body = failed.text
    assert not any(s in body for s in SECRETS) and "Traceback" not in body and "INSERT" not in body

    # Searches carry names in query strings; they must not reach the log either.
    httpx.get(f"{server.url}/api/v1/cases", params={"q": NAME}, headers=auth, timeout=30)
    server.intake("users", "add", "lena", "--role", "handler", "--password-stdin", stdin=PASSWORD + "\n")
    browser = Browser(server.url)
    assert browser.login("lena").status_code == 303
    assert browser.get("/staff", q="Zebedee").status_code == 200

    time.sleep(0.5)
    logs = server.logs()
    error_name = "sqlite3.IntegrityError" if server.kind == "sqlite" else "psycopg.errors.RaiseException"
    assert error_name in logs, "\n".join(line for line in logs.splitlines() if " at " not in line)
    assert "message withheld" in logs
    leaked = [s for s in SECRETS if s in logs]
    assert leaked == [], f"resident text in the log: {leaked}"  # ...without what the resident wrote


def test_a_logged_exception_keeps_its_type_and_place_but_not_its_message() -> None:
    try:
        try:
            raise KeyError(NAME)
        except KeyError as inner:
            raise ValueError(f"could not store {PHONE}") from inner
    except ValueError as exc:
        record = logging.LogRecord("uvicorn.error", logging.ERROR, __file__, 1, "Exception in ASGI application",
                                   None, sys.exc_info())
        described = describe_exception(exc)
    assert ScrubFilter().filter(record)
    line = logging.Formatter("%(request_id)s %(message)s").format(record)
    assert "ValueError" in line and "KeyError" in line and "test_logs.py" in line
    assert not any(s in line for s in SECRETS)
    assert "ValueError" in described and PHONE not in described


def test_access_log_lines_lose_their_query_strings() -> None:
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "GET", f"/staff?q={NAME}&page=2", "1.1", 200), None)
    ScrubFilter().filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "GET /staff HTTP/1.1" 200'
