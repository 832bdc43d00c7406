"""The product started exactly as ``make run`` starts it — ``scripts/run.py`` in its own
process, with its own ``var/`` (``INTAKE_VAR_DIR``) — once on SQLite and once on a
throwaway PostgreSQL database, for tests that try the doors from outside.

Run with the API's environment: .venv/bin/pytest tests/security
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from scripts.stack import ACTIONS_TOKEN_FILE, RASA_TOKEN_FILE, VENV_BIN, free_port, tracker_url

HAS_MODEL = any((ROOT / "bot" / "models").glob("*.tar.gz"))
READY = "Press Ctrl-C to stop"
START_TIMEOUT = 420.0


@dataclass
class MadeStack:
    """What a test needs to know about a stack started by ``scripts/run.py``."""

    database: str  # "sqlite" or "postgresql"
    database_url: str
    var: Path
    api_port: int
    actions_port: int
    rasa_port: int
    process: subprocess.Popen
    output: Path

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://127.0.0.1:{self.actions_port}"

    @property
    def rasa_token(self) -> str:
        return (self.var / RASA_TOKEN_FILE).read_text().strip()

    @property
    def actions_token(self) -> str:
        return (self.var / ACTIONS_TOKEN_FILE).read_text().strip()

    @property
    def assistant_key(self) -> str:
        return (self.var / "assistant.key").read_text().strip()

    def tracker_url(self, sender_id: str, token: str | None = None) -> str:
        return tracker_url(self.rasa_url, sender_id, token)

    def intake(self, *args: str, stdin: str | None = None) -> str:
        """Run the ``intake`` command against this stack's database."""
        env = {**os.environ, "INTAKE_DATABASE_URL": self.database_url}
        result = subprocess.run([str(VENV_BIN / "intake"), *args], env=env, cwd=ROOT, input=stdin,
                                capture_output=True, text=True, timeout=120, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def say(self, sender: str, text: str) -> list[dict]:
        """A resident's message through the REST channel (no token needed on loopback)."""
        response = httpx.post(f"{self.rasa_url}/webhooks/rest/webhook",
                              json={"sender": sender, "message": text}, timeout=60)
        response.raise_for_status()
        return response.json()

    def logs(self) -> str:
        texts = [self.output.read_text(errors="replace")]
        texts += [p.read_text(errors="replace") for p in sorted((self.var / "logs").glob("*.log"))]
        return "\n".join(texts)


def _wait_ready(stack: MadeStack) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if READY in stack.output.read_text(errors="replace"):
            return
        if stack.process.poll() is not None:
            break
        time.sleep(1)
    tail = "\n".join(stack.logs().splitlines()[-60:])
    raise RuntimeError(f"scripts/run.py did not start (exit {stack.process.poll()}):\n{tail}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # run.py stops its three processes, as on Ctrl-C
    try:
        process.wait(90)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(30)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def made_stack(request: pytest.FixtureRequest,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[MadeStack]:
    """``make run`` in a temporary folder, on SQLite or PostgreSQL."""
    if not HAS_MODEL and not os.environ.get("CI"):
        pytest.skip("no trained model: run `make model` (scripts/train.sh) first")
    base = tmp_path_factory.mktemp(f"make-run-{request.param}")
    var = base / "var"
    # A var/ left by an older version: readable by everyone. make run must tighten it.
    (var / "logs").mkdir(parents=True)
    var.chmod(0o755)
    (var / "logs" / "old.log").write_text("an earlier run\n")
    (var / "logs" / "old.log").chmod(0o644)

    dropped = None
    if request.param == "postgresql":
        import psycopg

        admin_url = request.getfixturevalue("postgres_server")
        name = f"intake_sec_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        database_url = f"{admin_url.rsplit('/', 1)[0]}/{name}"
        dropped = (admin_url, name)
    else:
        database_url = f"sqlite:///{var / 'intake.sqlite3'}"

    env = {key: value for key, value in os.environ.items()
           if key not in ("RASA_AUTH_TOKEN", "ACTION_SERVER_TOKEN", "INTAKE_API_KEY",
                          "RASA_HOST", "ACTION_SERVER_HOST", "RASA_CORS_ORIGINS")}
    ports = {"INTAKE_PORT": free_port(), "ACTION_SERVER_PORT": free_port(),
             "RASA_PORT": free_port()}
    env.update({key: str(port) for key, port in ports.items()})
    env.update(INTAKE_VAR_DIR=str(var), INTAKE_DATABASE_URL=database_url,
               PYTHONUNBUFFERED="1", OUTBOX_POLL_SECONDS="1", OUTBOX_RETRY_SECONDS="1",
               INTAKE_SLA_MONITOR_INTERVAL_SECONDS="0")
    output = base / "make-run.out"
    with open(output, "wb") as out:
        process = subprocess.Popen([str(VENV_BIN / "python"), str(ROOT / "scripts" / "run.py")],
                                   cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    stack = MadeStack(request.param, database_url, var, ports["INTAKE_PORT"],
                      ports["ACTION_SERVER_PORT"], ports["RASA_PORT"], process, output)
    try:
        _wait_ready(stack)
        yield stack
    finally:
        _stop(process)
        if dropped:
            import psycopg

            with psycopg.connect(dropped[0], autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{dropped[1]}" WITH (FORCE)')


@pytest.fixture(scope="session")
def staff_key(made_stack: MadeStack) -> str:
    """An API key with every scope, to count cases from outside."""
    return made_stack.intake("apikey", "create", "--name", f"sec-{uuid.uuid4().hex[:6]}").split()[-1]


def listening_addresses(port: int) -> set[str]:
    """The local addresses a TCP socket listens on at ``port`` (from /proc/net/tcp*)."""
    found: set[str] = set()
    for table, size in (("/proc/net/tcp", 4), ("/proc/net/tcp6", 16)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, port_hex = fields[1].split(":")
            if fields[3] != "0A" or int(port_hex, 16) != port:  # 0A: LISTEN
                continue
            raw = bytes.fromhex(address)
            if size == 4:
                found.add(".".join(str(b) for b in reversed(raw)))
            else:  # four little-endian 32-bit words
                words = b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))
                import ipaddress

                found.add(str(ipaddress.IPv6Address(words)))
    return found
