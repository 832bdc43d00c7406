"""``var/`` holds resident data and secrets: the folder and everything in it are private
to the user who runs the stack (0700 folders, 0600 files), including what Rasa, the
action server and the intake API create there themselves."""

from __future__ import annotations

import json
import os
import stat
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest

from tests.security.conftest import MadeStack

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from scripts.stack import Stack

pytestmark = [pytest.mark.e2e]


def loose_modes(root: Path) -> list[str]:
    """Everything under ``root`` (itself included) that others could read or enter."""
    found = []
    for folder, dirs, files in os.walk(root):
        for path in [Path(folder)] + [Path(folder, name) for name in files]:
            mode = stat.S_IMODE(path.lstat().st_mode)
            wanted = 0o700 if path.is_dir() else 0o600
            if not path.is_symlink() and mode != wanted:
                found.append(f"{path.relative_to(root.parent)} {mode:o}")
        dirs.sort()
    return found


def open_web_chat_session(rasa_url: str) -> None:
    """A web chat session over socket.io's long-polling transport, as a browser opens one:
    the channel keeps its session secret in the channels database."""
    url = f"{rasa_url}/webchat/socket.io/"
    with httpx.Client(timeout=30) as client:
        opened = client.get(url, params={"EIO": "4", "transport": "polling"})
        sid = json.loads(opened.text[1:])["sid"]
        params = {"EIO": "4", "transport": "polling", "sid": sid}
        client.post(url, params=params, content="40").raise_for_status()
        client.get(url, params=params).raise_for_status()  # the connection's acknowledgement
        request = json.dumps(["session_request", {"session_id": None}])
        client.post(url, params=params, content=f"42{request}").raise_for_status()
        assert "session_confirm" in client.get(url, params=params).text


def test_everything_make_run_keeps_in_var_is_private(made_stack: MadeStack):
    # A conversation and a web chat session, so every store the processes keep is written.
    made_stack.say(f"sec-{uuid.uuid4().hex[:12]}", "My front door lock is broken")
    open_web_chat_session(made_stack.rasa_url)
    httpx.get(f"{made_stack.api_url}/staff/login", timeout=30)  # the staff session secret
    time.sleep(1)
    present = {str(p.relative_to(made_stack.var)) for p in made_stack.var.rglob("*")}
    expected = {"rasa-token", "action-server-token", "assistant.key", "first-admin.txt",
                "secret_key", "rasa-tracker.db", "outbox.sqlite3", "channels.sqlite3", "logs",
                "logs/api.log", "logs/actions.log", "logs/rasa.log", "logs/old.log"}
    if made_stack.database == "sqlite":
        expected.add("intake.sqlite3")
    assert expected <= present, sorted(expected - present)
    assert loose_modes(made_stack.var) == []


def test_a_stack_started_by_the_tests_keeps_its_files_private(tmp_path: Path):
    with Stack(workdir=tmp_path / "var", with_bot=False) as stack:
        assert stack.rasa_token and stack.actions_token
    assert (tmp_path / "var" / "intake.sqlite3").exists()
    assert (tmp_path / "var" / "logs" / "api.log").exists()
    assert loose_modes(tmp_path / "var") == []


def test_no_process_the_stack_starts_reports_to_rasas_servers(tmp_path) -> None:
    # Nothing may reach the internet: Rasa's usage and error reporting is off for every
    # process, whatever a user's ~/.config/rasa/global.yml says.
    stack = Stack(workdir=tmp_path, with_bot=True)
    for name in ("api", "actions", "rasa"):
        assert stack.process_env(name)["RASA_TELEMETRY_ENABLED"] == "false"
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert "export RASA_TELEMETRY_ENABLED := false" in makefile
