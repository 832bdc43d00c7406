"""`make run`: start the intake API, the action server and the Rasa server in the
foreground, print where to go and how to log in, stop everything on Ctrl-C.

Everything it keeps goes in ``var/`` (or ``INTAKE_VAR_DIR``), private to the user who
runs it: the folder 0700, every file in it 0600 (docs/deployment.md)."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scripts.stack import (
    ASSISTANT_SCOPES,
    PRIVATE_UMASK,
    RASA_TOKEN_FILE,
    ROOT,
    VENV_BIN,
    Stack,
    make_private,
    write_private,
)

sys.path.insert(0, str(ROOT / "bot"))
from channels.config import summary as channel_summary

VAR = Path(os.environ.get("INTAKE_VAR_DIR") or ROOT / "var").resolve()


def _assistant_key(stack: Stack) -> str:
    """The action server's API key for this machine, kept in var/ (never in the repo), with
    the assistant's narrow scopes. A key made by an older version may use every operation:
    delete var/assistant.key and restart to get a narrow one."""
    if os.environ.get("INTAKE_API_KEY"):
        return os.environ["INTAKE_API_KEY"]
    path = VAR / "assistant.key"
    if path.exists():
        return path.read_text().strip()
    name = f"assistant-{secrets.token_hex(3)}"
    key = stack.create_api_key(name, ASSISTANT_SCOPES)
    write_private(path, key + "\n")
    return key


def _first_admin(stack: Stack) -> str | None:
    """Create the first admin with a one-time password, if there are no staff users yet.
    The password must be changed at first login: it has been on the screen and in var/."""
    marker = VAR / "first-admin.txt"
    if marker.exists():
        return marker.read_text()
    password = secrets.token_urlsafe(12)
    result = subprocess.run(
        [str(VENV_BIN / "intake"), "users", "add", "admin", "--role", "admin", "--password-stdin",
         "--must-change-password"],
        input=password + "\n", env=stack.process_env("api"), capture_output=True, text=True,
        cwd=ROOT, check=False,
    )
    if result.returncode != 0:
        return None  # already exists: the password was printed on the first run
    note = f"username: admin\npassword: {password}\n"
    write_private(marker, note)
    return note


def main() -> int:
    os.umask(PRIVATE_UMASK)  # what this and every process it starts creates is private
    make_private(VAR)  # also tightens a var/ left by an older version
    with_bot = (ROOT / "bot" / "models").is_dir() and any((ROOT / "bot" / "models").glob("*.tar.gz"))
    stack = Stack(
        workdir=VAR,
        database_url=os.environ.get("INTAKE_DATABASE_URL"),
        api_port=int(os.environ.get("INTAKE_PORT", "8000")),
        actions_port=int(os.environ.get("ACTION_SERVER_PORT", "5055")),
        rasa_port=int(os.environ.get("RASA_PORT", "5005")),
        with_bot=with_bot,
    )
    if stack.database_url.startswith("sqlite:///") and "INTAKE_DATABASE_URL" not in os.environ:
        stack.database_url = f"sqlite:///{VAR / 'intake.sqlite3'}"
    subprocess.run([str(VENV_BIN / "intake"), "migrate"], env=stack.process_env("api"), check=True,
                   cwd=ROOT)
    stack.api_key = _assistant_key(stack)
    admin = _first_admin(stack)
    print("starting the intake API" + (", the action server and the Rasa server" if with_bot else ""))
    try:
        stack.start("api")
        if with_bot:
            stack.start("actions")
            stack.start("rasa", timeout=300)
    except (RuntimeError, TimeoutError) as exc:
        print(f"could not start: {exc}", file=sys.stderr)
        stack.stop_all()
        return 1

    print()
    print(f"  Web chat:    {stack.api_url}/")
    print(f"  Staff pages: {stack.api_url}/staff")
    print(f"  API docs:    {stack.api_url}/docs")
    if with_bot:
        print(f"  Rasa:        {stack.rasa_url}  (REST: POST /webhooks/rest/webhook; "
              f"HTTP API: ?token= from {VAR / RASA_TOKEN_FILE})")
        for line in channel_summary():  # bot/channels/config.py: which secrets are set
            print(f"  Channel:     {line}")
    else:
        print("  (no trained model in bot/models: only the intake API is running)")
    if admin:
        print("\n  First staff login (one-time password, also in var/first-admin.txt):")
        print("    " + admin.strip().replace("\n", "\n    "))
        print("    the first login asks you to choose your own password")
    print(f"\n  Logs in {VAR / 'logs'}. Press Ctrl-C to stop.\n", flush=True)

    stopping = False

    def _stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    try:
        while not stopping:
            for name, proc in list(stack.procs.items()):
                if proc.poll() is not None:
                    print(f"{name} stopped unexpectedly:\n{stack.log_tail(name)}", file=sys.stderr)
                    return 1
            time.sleep(1)
    finally:
        print("stopping…")
        stack.stop_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
