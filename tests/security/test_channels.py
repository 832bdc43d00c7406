"""The channels residents talk through, under ``make run``: a 1 MB chat message is refused
at once with a message and holds up nobody else; over-long messages get a kind answer
and never reach the NLU pipeline; bad JSON is a 400; NUL never reaches a conversation;
no resident text reaches the logs. (Each connector's own tests are in tests/channels.)
"""

from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.security.conftest import MadeStack

pytestmark = [pytest.mark.e2e]

TOO_LONG = ("That message is too long for me to read in one go \u2014 could you send it in "
            "shorter parts?")
MARKER = "Zebra-Quartz-7731"  # no bot would ever say it


def rest(stack: MadeStack, payload: dict | None = None, content: bytes | None = None,
         timeout: float = 60) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    response = httpx.post(f"{stack.rasa_url}/webhooks/rest/webhook", json=payload,
                          content=content, timeout=timeout,
                          headers={"Content-Type": "application/json"} if content else None)
    return response, time.monotonic() - started


def sender() -> str:
    return f"sec-chan-{uuid.uuid4().hex[:10]}"


def test_a_one_megabyte_message_is_refused_at_once_with_a_message(made_stack: MadeStack):
    response, took = rest(made_stack, {"sender": sender(), "message": "x" * 1_000_000})
    assert response.status_code == 413
    assert response.json()["detail"] == TOO_LONG
    assert took < 1.0


def test_a_message_over_4000_characters_gets_the_kind_answer_without_nlu(made_stack: MadeStack):
    who = sender()
    response, took = rest(made_stack, {"sender": who, "message": "My letter. " * 400})
    assert response.status_code == 200
    assert response.json() == [{"recipient_id": who, "text": TOO_LONG}]
    assert took < 1.0
    tracker = httpx.get(made_stack.tracker_url(who, made_stack.rasa_token), timeout=30).json()
    assert [e for e in tracker.get("events", []) if e.get("event") == "user"] == []


def test_other_residents_are_not_delayed_by_huge_messages(made_stack: MadeStack):
    rest(made_stack, {"sender": sender(), "message": "Hello"})  # warm
    _, alone = rest(made_stack, {"sender": sender(), "message": "Hello"})
    with ThreadPoolExecutor(max_workers=6) as pool:
        attacks = [pool.submit(rest, made_stack, {"sender": sender(), "message": "y" * 1_000_000})
                   for _ in range(5)]
        resident = pool.submit(rest, made_stack, {"sender": sender(), "message": "Hello"})
        (answer, took) = resident.result()
        refused = [future.result() for future in attacks]
    assert answer.status_code == 200 and answer.json()
    assert all(r.status_code == 413 and t < 2.0 for r, t in refused)
    assert took < alone + 3.0, (took, alone)


@pytest.mark.parametrize("content", [b"{not json", b"[" * 20_000 + b"]" * 20_000, b"\xff\xfe"],
                         ids=["not-json", "nested", "not-utf8"])
def test_malformed_json_is_a_400_with_a_message(made_stack: MadeStack, content: bytes):
    response, _ = rest(made_stack, content=content)
    assert response.status_code == 400
    assert response.json()["detail"]


def test_nul_never_reaches_the_conversation(made_stack: MadeStack):
    who = sender()
    response, _ = rest(made_stack, {"sender": who, "message": "The boiler\u0000 is broken\x07"})
    assert response.status_code == 200 and response.json()
    tracker = httpx.get(made_stack.tracker_url(who, made_stack.rasa_token), timeout=30).json()
    said = [e["text"] for e in tracker["events"] if e.get("event") == "user"]
    assert said == ["The boiler is broken"]


def test_no_resident_text_in_the_logs(made_stack: MadeStack):
    who = sender()
    rest(made_stack, {"sender": who, "message": f"{MARKER} my partner hits me"})
    rest(made_stack, {"sender": who, "message": f"{MARKER} " * 500})
    rest(made_stack, {"sender": who, "message": f"{MARKER}\u0000"})
    time.sleep(1)
    assert MARKER not in made_stack.logs()


def test_callers_from_elsewhere_are_rate_limited_and_cannot_choose_the_conversation(
        made_stack: MadeStack):
    # Through a proxy (X-Forwarded-For) the caller is not local, whatever the socket says.
    who, elsewhere = sender(), {"X-Forwarded-For": f"203.0.113.{uuid.uuid4().int % 250 + 1}"}
    statuses, recipients = [], set()
    for _ in range(21):  # over-long, so the bot's NLU is not what is timed
        response = httpx.post(f"{made_stack.rasa_url}/webhooks/rest/webhook", headers=elsewhere,
                              json={"sender": who, "message": "z" * 4001}, timeout=30)
        statuses.append(response.status_code)
        if response.status_code == 200:
            recipients.update(r["recipient_id"] for r in response.json())
    assert statuses == [200] * 20 + [429]
    assert recipients and who not in recipients
    # A direct loopback caller is neither limited nor moved to another conversation.
    response, _ = rest(made_stack, {"sender": who, "message": "z" * 4001})
    assert response.status_code == 200 and response.json()[0]["recipient_id"] == who
