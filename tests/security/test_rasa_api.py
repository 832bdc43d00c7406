"""Rasa's HTTP API as an outsider finds it under ``make run``: on loopback only, every
conversation and model route behind the token, CORS only for the web chat's own page."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
import pytest

from tests.security.conftest import ROOT, MadeStack, listening_addresses

pytestmark = [pytest.mark.e2e]


@pytest.fixture(scope="module")
def conversation(made_stack: MadeStack) -> str:
    """A resident's conversation with a phone number in it."""
    sender = f"sec-{uuid.uuid4().hex[:12]}"
    made_stack.say(sender, "The boiler has been broken for two weeks, call me on 07700 900456")
    return sender


def test_rasa_listens_on_loopback_only(made_stack: MadeStack):
    assert listening_addresses(made_stack.rasa_port) == {"127.0.0.1"}


def test_the_token_is_kept_private_in_var(made_stack: MadeStack):
    path = made_stack.var / "rasa-token"
    assert len(made_stack.rasa_token) >= 32
    assert path.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("token", [None, "", "wrong-token"])
def test_a_tracker_cannot_be_read_without_the_token(made_stack: MadeStack, conversation: str,
                                                    token: str | None):
    url = f"{made_stack.rasa_url}/conversations/{conversation}/tracker"
    response = httpx.get(url, params=None if token is None else {"token": token}, timeout=30)
    assert response.status_code in (401, 403)
    assert "07700 900456" not in response.text


def test_with_the_token_the_tracker_is_readable(made_stack: MadeStack, conversation: str):
    response = httpx.get(made_stack.tracker_url(conversation, made_stack.rasa_token), timeout=30)
    assert response.status_code == 200
    assert any("07700 900456" in (e.get("text") or "") for e in response.json()["events"])


def _events(made_stack: MadeStack, sender: str) -> list[dict]:
    response = httpx.get(made_stack.tracker_url(sender, made_stack.rasa_token), timeout=30)
    response.raise_for_status()
    return response.json()["events"]


def test_events_cannot_be_added_or_actions_run_without_the_token(made_stack: MadeStack,
                                                                  conversation: str):
    before = _events(made_stack, conversation)
    base = f"{made_stack.rasa_url}/conversations/{conversation}"
    forged = {"event": "slot", "name": "triage_label", "value": "compliment"}
    refused = [
        httpx.post(f"{base}/tracker/events", json=forged, timeout=30),
        httpx.put(f"{base}/tracker/events", json=[forged], timeout=30),
        httpx.post(f"{base}/execute", json={"name": "action_submit_case"}, timeout=30),
        httpx.post(f"{base}/trigger_intent", json={"name": "affirm"}, timeout=30),
        httpx.post(f"{base}/messages", json={"text": "hello", "sender": "user"}, timeout=30),
        httpx.get(f"{base}/story", timeout=30),
    ]
    assert [r.status_code for r in refused] == [401] * len(refused)
    assert _events(made_stack, conversation) == before


def test_with_the_token_events_can_be_added(made_stack: MadeStack):
    sender = f"sec-{uuid.uuid4().hex[:12]}"
    made_stack.say(sender, "hello")
    note = {"event": "slot", "name": "pending", "value": None}
    response = httpx.post(f"{made_stack.rasa_url}/conversations/{sender}/tracker/events",
                          params={"token": made_stack.rasa_token}, json=note, timeout=30)
    assert response.status_code == 200


def test_the_model_cannot_be_replaced_or_unloaded_without_the_token(made_stack: MadeStack):
    model = str(next((ROOT / "bot" / "models").glob("*.tar.gz")))
    refused = [
        httpx.put(f"{made_stack.rasa_url}/model", json={"model_file": "/tmp/none.tar.gz"},
                  timeout=30),
        httpx.delete(f"{made_stack.rasa_url}/model", timeout=30),
        httpx.put(f"{made_stack.rasa_url}/model", params={"token": "x"},
                  json={"model_file": model}, timeout=30),
        httpx.get(f"{made_stack.rasa_url}/status", timeout=30),
        httpx.get(f"{made_stack.rasa_url}/domain", timeout=30),
        httpx.post(f"{made_stack.rasa_url}/model/parse", json={"text": "hi"}, timeout=30),
    ]
    assert [r.status_code for r in refused] == [401] * len(refused)
    # The bot still answers residents.
    assert made_stack.say(f"sec-{uuid.uuid4().hex[:12]}", "hello")


def test_with_the_token_the_model_can_be_reloaded(made_stack: MadeStack):
    auth = {"token": made_stack.rasa_token}
    status = httpx.get(f"{made_stack.rasa_url}/status", params=auth, timeout=30)
    assert status.status_code == 200
    model = Path(status.json()["model_file"])
    if not model.is_absolute():  # the file name, in the folder make run loads from
        model = ROOT / "bot" / "models" / model.name
    response = httpx.put(f"{made_stack.rasa_url}/model", params=auth,
                         json={"model_file": str(model)}, timeout=300)
    assert response.status_code == 204, response.text
    assert made_stack.say(f"sec-{uuid.uuid4().hex[:12]}", "hello")


def test_the_root_still_answers_for_health_checks(made_stack: MadeStack):
    assert httpx.get(f"{made_stack.rasa_url}/", timeout=30).status_code == 200


@pytest.mark.parametrize("path", ["/", "/webhooks/rest/webhook",
                                  "/webchat/socket.io/?EIO=4&transport=polling"])
def test_browsers_on_other_sites_get_no_cors_grant(made_stack: MadeStack, path: str):
    evil = "http://evil.example"
    preflight = httpx.options(f"{made_stack.rasa_url}{path}", timeout=30, headers={
        "Origin": evil, "Access-Control-Request-Method": "POST"})
    plain = httpx.get(f"{made_stack.rasa_url}{path}", headers={"Origin": evil}, timeout=30)
    for response in (preflight, plain):
        assert response.headers.get("access-control-allow-origin") in (None, ""), (
            path, dict(response.headers))


def test_the_web_chat_page_origin_is_granted(made_stack: MadeStack):
    origin = made_stack.api_url
    response = httpx.options(f"{made_stack.rasa_url}/webhooks/rest/webhook", timeout=30, headers={
        "Origin": origin, "Access-Control-Request-Method": "POST"})
    assert response.headers.get("access-control-allow-origin") == origin
