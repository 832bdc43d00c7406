"""The web chat under ``make run``: a second browser that joins with a resident's session
id gets a session of its own and none of the resident's replies; only the token the
server issued resumes the conversation; an over-long message gets a kind answer.

The two browsers are python-socketio clients (tests/security/webchat_clients.py), run
with the Rasa environment's Python, so this file runs under either environment.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.security.conftest import ROOT, MadeStack

pytestmark = [pytest.mark.e2e]

RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
TOO_LONG = "That message is too long for me to read in one go"


@pytest.fixture(scope="module")
def seen(made_stack: MadeStack) -> dict:
    result = subprocess.run([str(RASA_PYTHON), str(ROOT / "tests" / "security" / "webchat_clients.py"),
                             made_stack.rasa_url], capture_output=True, text=True, timeout=300,
                            check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_server_issues_the_session_with_a_token(seen):
    assert len(seen["resident"]["session_id"]) == 32
    assert len(seen["resident"]["session_token"]) == 64
    assert seen["resident_replies"], "the resident got no reply"
    assert seen["later"], "the resident got no reply to the second message"


def test_a_second_browser_with_the_residents_session_id_gets_a_new_session(seen):
    theirs = seen["resident"]["session_id"]
    assert seen["intruder_sessions"] and theirs not in seen["intruder_sessions"]


def test_the_second_browser_receives_none_of_the_residents_replies(seen):
    assert seen["intruder_replies"] == []


def test_the_token_resumes_the_conversation(seen):
    assert seen["resumed"] == seen["resident"]


def test_an_over_long_message_gets_a_kind_answer(seen):
    texts = [reply.get("text", "") for reply in seen["long_reply"]]
    assert texts and texts[0].startswith(TOO_LONG)
