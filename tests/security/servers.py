"""The intake API alone, started as ``make run`` starts it (``intake migrate``, then
``intake serve`` in its own process with its own ``var/``), on SQLite or a throwaway
PostgreSQL database. Several servers may share one database: two API workers."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
INTAKE = ROOT / ".venv" / "bin" / "intake"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PASSWORD = "correct horse battery"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(database_url: str, var: Path, extra: dict[str, str] | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INTAKE_") and k != "REDIS_URL"}
    env.update(INTAKE_DATABASE_URL=database_url, INTAKE_VAR_DIR=str(var), PYTHONUNBUFFERED="1",
               INTAKE_SLA_MONITOR_INTERVAL_SECONDS="0")
    env.update(extra or {})
    return env


def intake(database_url: str, var: Path, *args: str, stdin: str | None = None,
           env: dict[str, str] | None = None) -> str:
    result = subprocess.run([str(INTAKE), *args], env=_env(database_url, var, env), cwd=ROOT, input=stdin,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@dataclass
class ApiServer:
    database_url: str
    var: Path
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def logs(self) -> str:
        return self.log.read_text(errors="replace")

    def intake(self, *args: str, stdin: str | None = None) -> str:
        return intake(self.database_url, self.var, *args, stdin=stdin)


@contextlib.contextmanager
def api_server(database_url: str, var: Path, workers: int = 1,
               env: dict[str, str] | None = None) -> Iterator[ApiServer]:
    """``intake serve`` on a free port; its output (stdout and stderr) in ``var/logs``."""
    logs = var / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = logs / f"api-{port}.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [str(INTAKE), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
            env=_env(database_url, var, env), cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = ApiServer(database_url, var, port, process, log)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{server.url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"intake serve did not start:\n{server.logs()[-3000:]}")
            time.sleep(0.2)
        yield server
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)


@contextlib.contextmanager
def throwaway_database(kind: str, var: Path, postgres_admin_url: str | None = None) -> Iterator[str]:
    """A migrated, empty database: SQLite in ``var/`` or a new PostgreSQL database, dropped after."""
    var.mkdir(mode=0o700, parents=True, exist_ok=True)
    if kind == "sqlite":
        url = f"sqlite:///{var / 'intake.sqlite3'}"
        intake(url, var, "migrate")
        yield url
        return
    import psycopg

    assert postgres_admin_url
    name = f"intake_sec_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(postgres_admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"{postgres_admin_url.rsplit('/', 1)[0]}/{name}"
    try:
        intake(url, var, "migrate")
        yield url
    finally:
        with psycopg.connect(postgres_admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Browser:
    """One staff member's browser against a running server (its own cookie jar)."""

    def __init__(self, base_url: str, source_address: str | None = None) -> None:
        transport = httpx.HTTPTransport(local_address=source_address) if source_address else None
        self.client = httpx.Client(base_url=base_url, follow_redirects=False, timeout=30, transport=transport)
        self.csrf = ""

    def get(self, path: str, **params) -> httpx.Response:
        response = self.client.get(path, params=params or None)
        found = CSRF.search(response.text)
        if found:
            self.csrf = found.group(1)
        return response

    def post(self, path: str, data: dict | None = None, **kwargs) -> httpx.Response:
        return self.client.post(path, data={"csrf_token": self.csrf, **(data or {})}, **kwargs)

    def login(self, username: str, password: str = PASSWORD, **kwargs) -> httpx.Response:
        self.get("/staff/login")
        return self.post("/staff/login", {"username": username, "password": password, "next": "/staff"},
                         **kwargs)

    def close(self) -> None:
        self.client.close()
