"""The action server under ``make run``: on loopback only, answering only the Rasa server
(which sends the shared secret), and filing nothing for a call no resident is behind."""

from __future__ import annotations

import time
import uuid

import httpx
import pytest

from tests.security.conftest import MadeStack, listening_addresses

pytestmark = [pytest.mark.e2e]

TOKEN_HEADER = "X-Action-Server-Token"


def cases_filed(made_stack: MadeStack, staff_key: str) -> int:
    response = httpx.get(f"{made_stack.api_url}/api/v1/cases", params={"page_size": 1},
                         headers={"Authorization": f"Bearer {staff_key}"}, timeout=30)
    response.raise_for_status()
    return response.json()["total"]


def forged_call(sender: str, events: list[dict] | None = None) -> dict:
    """What Rasa would send to run action_submit_case, written by hand: a complete
    complaint in the slots."""
    slots = {
        "triage_label": "complaint", "case_kind": "complaint",
        "matter_text": "Forged complaint", "complaint_points": ["Forged complaint"],
        "desired_outcome": "Nothing", "resident_name": "Nobody",
        "contact_phone": "07700 900999", "preferred_contact": "phone",
        "submission_count": 0.0,
    }
    return {
        "next_action": "action_submit_case",
        "sender_id": sender,
        "tracker": {
            "sender_id": sender, "slots": slots, "latest_message": {}, "events": events or [],
            "paused": False, "followup_action": None, "active_loop": {},
            "latest_action_name": "action_listen",
        },
        "domain": {},
        "version": "3.6.21",
    }


def test_the_action_server_listens_on_loopback_only(made_stack: MadeStack):
    assert listening_addresses(made_stack.actions_port) == {"127.0.0.1"}


def test_the_health_check_stays_open(made_stack: MadeStack):
    response = httpx.get(f"{made_stack.actions_url}/health", timeout=30)
    assert response.status_code == 200


@pytest.mark.parametrize("secret", [None, "", "wrong-secret"])
def test_a_call_without_rasas_secret_is_refused_and_files_nothing(made_stack: MadeStack,
                                                                 staff_key: str,
                                                                 secret: str | None):
    before = cases_filed(made_stack, staff_key)
    headers = {} if secret is None else {TOKEN_HEADER: secret}
    response = httpx.post(f"{made_stack.actions_url}/webhook", headers=headers, timeout=60,
                          json=forged_call(f"forged-{uuid.uuid4().hex[:8]}"))
    assert response.status_code == 401
    assert "Forged" not in response.text
    listing = httpx.get(f"{made_stack.actions_url}/actions", headers=headers, timeout=30)
    assert listing.status_code == 401
    time.sleep(2)  # an outbox delivery would land within a second or two
    assert cases_filed(made_stack, staff_key) == before


def test_a_call_with_the_secret_but_no_resident_message_files_nothing(made_stack: MadeStack,
                                                                     staff_key: str):
    before = cases_filed(made_stack, staff_key)
    bot_only = [{"event": "action", "name": "action_listen", "timestamp": time.time()},
                {"event": "bot", "text": "Hello, how can I help?", "timestamp": time.time()}]
    response = httpx.post(f"{made_stack.actions_url}/webhook", timeout=60,
                          headers={TOKEN_HEADER: made_stack.actions_token},
                          json=forged_call(f"forged-{uuid.uuid4().hex[:8]}", bot_only))
    assert response.status_code == 200
    assert response.json()["events"] == []
    time.sleep(2)
    assert cases_filed(made_stack, staff_key) == before


def test_a_resident_conversation_still_reaches_the_action_server(made_stack: MadeStack):
    # Rasa sends the secret: the triage action runs and sets its slots.
    sender = f"sec-{uuid.uuid4().hex[:12]}"
    made_stack.say(sender, "There is a leak under my kitchen sink")
    tracker = httpx.get(made_stack.tracker_url(sender, made_stack.rasa_token), timeout=30).json()
    assert tracker["slots"]["triage_label"] not in (None, "")
    actions_run = {e["name"] for e in tracker["events"] if e.get("event") == "action"}
    assert "action_route" in actions_run  # a custom action: it ran in the action server
    assert not [e for e in tracker["events"] if e.get("name") == "action_default_fallback"]


def test_a_failing_call_echoes_and_logs_no_resident_text(made_stack: MadeStack):
    # rasa-sdk's own error handler sends the whole request body back and logs the message.
    secret_text = f"resident-words-{uuid.uuid4().hex[:8]}"
    response = httpx.post(f"{made_stack.actions_url}/webhook", timeout=60,
                          headers={TOKEN_HEADER: made_stack.actions_token},
                          json={"next_action": "action_submit_case", "tracker": secret_text,
                                "version": "3.6.21"})
    assert response.status_code == 500
    assert secret_text not in response.text
    time.sleep(1)
    assert secret_text not in made_stack.logs()
