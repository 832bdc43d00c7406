"""``var/`` holds resident data and secrets: the folder and everything in it are private
to the user who runs the stack (0700 folders, 0600 files), including what Rasa, the
action server and the intake API create there themselves."""

from __future__ import annotations

import os
import stat
import sys
import time
import uuid
from pathlib import Path

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


def test_everything_make_run_keeps_in_var_is_private(made_stack: MadeStack):
    # A conversation, so the tracker store and the action server's files are written.
    made_stack.say(f"sec-{uuid.uuid4().hex[:12]}", "My front door lock is broken")
    time.sleep(1)
    present = {str(p.relative_to(made_stack.var)) for p in made_stack.var.rglob("*")}
    expected = {"rasa-token", "action-server-token", "assistant.key", "first-admin.txt",
                "secret_key", "rasa-tracker.db", "logs", "logs/api.log", "logs/actions.log",
                "logs/rasa.log", "logs/old.log"}
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
