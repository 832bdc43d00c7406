"""The OpenAPI document is true to the API: schemathesis with every check against a real
``intake serve`` on PostgreSQL finds no 5xx and no response, status, header or
content type the document does not describe.

Bounded (``SCHEMATHESIS_EXAMPLES`` per operation, a fixed seed) so it takes a couple of
minutes; only 127.0.0.1 is contacted. Settings: tests/security/schemathesis.toml.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CONFIG = Path(__file__).with_name("schemathesis.toml")
EXAMPLES = os.environ.get("SCHEMATHESIS_EXAMPLES", "20")
SEED = os.environ.get("SCHEMATHESIS_SEED", "1")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def api_on_postgres(postgres_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(base URL, API key with every scope) of ``intake serve`` on a fresh PostgreSQL database."""
    import psycopg

    name = f"intake_schemathesis_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    var = tmp_path_factory.mktemp("schemathesis-var")
    env = {**os.environ, "INTAKE_DATABASE_URL": f"{postgres_server.rsplit('/', 1)[0]}/{name}",
           "INTAKE_VAR_DIR": str(var), "INTAKE_SLA_MONITOR_INTERVAL_SECONDS": "0",
           "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        env.pop(proxy, None)

    def intake(*args: str) -> str:
        return subprocess.run([str(BIN / "intake"), *args], env=env, cwd=ROOT, capture_output=True,
                              text=True, check=True, timeout=120).stdout

    intake("migrate")
    key = intake("apikey", "create", "--name", "schemathesis").split()[-1]
    port = _free_port()
    log = var / "serve.log"
    with open(log, "wb") as out:
        server = subprocess.Popen([str(BIN / "intake"), "serve", "--host", "127.0.0.1", "--port", str(port)],
                                  env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        else:
            pytest.fail(f"intake serve did not start:\n{log.read_text(errors='replace')[-3000:]}")
        yield url, key
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        with psycopg.connect(postgres_server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert "Traceback" not in log.read_text(errors="replace"), "the server logged a traceback"


def test_schemathesis_finds_no_5xx_and_no_schema_violation(api_on_postgres, tmp_path) -> None:
    url, key = api_on_postgres
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    started = time.monotonic()
    run = subprocess.run(
        [str(BIN / "schemathesis"), "--config-file", str(CONFIG), "run", f"{url}/openapi.json",
         "--checks", "all", "--max-examples", EXAMPLES, "--seed", SEED,
         "--header", f"Authorization: Bearer {key}", "--request-timeout", "30",
         "--output-truncate", "true", "--report", "junit", "--report-dir", str(tmp_path)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    took = time.monotonic() - started
    summary = run.stdout[run.stdout.find("SUMMARY"):] if "SUMMARY" in run.stdout else run.stdout[-4000:]
    print(f"schemathesis: {took:.0f} s\n{summary}")
    assert run.returncode == 0, f"schemathesis found problems (exit {run.returncode}):\n{run.stdout[-20000:]}"
    generated = re.search(r"(\d+) generated", run.stdout)
    assert generated and int(generated.group(1)) > 100, summary
    tested = re.search(r"Tested: (\d+)", run.stdout)
    assert tested and int(tested.group(1)) >= 17, summary  # every /api/v1 operation, health, metrics
