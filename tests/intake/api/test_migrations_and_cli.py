"""Alembic from empty on both databases, the schema matches the models, and the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from intake_api.core.migrate import downgrade, upgrade
from intake_api.models import Base

ROOT = Path(__file__).resolve().parents[3]
INTAKE = str(Path(sys.executable).parent / "intake")


def test_upgrade_from_empty_matches_the_models_and_downgrades_cleanly(database_url: str) -> None:
    # database_url is already upgraded by the fixture: check it, then go down and up again.
    engine = create_engine(database_url)
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diffs == []
    downgrade(database_url, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(database_url)
    assert {"cases", "clocks", "case_events", "idempotency_keys"} <= set(inspect(engine).get_table_names())
    engine.dispose()


def _intake(args: list[str], db: str, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "INTAKE_DATABASE_URL": db}
    return subprocess.run([INTAKE, *args], env=env, capture_output=True, text=True, cwd=ROOT,
                          check=False, **kw)


def test_cli_migrates_creates_a_working_api_key_and_staff_user(tmp_path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert _intake(["migrate"], db).returncode == 0
    created = _intake(["apikey", "create", "--name", "crm"], db)
    assert created.returncode == 0
    key = created.stdout.split()[-1]
    assert key.startswith("rik_")
    assert _intake(["apikey", "create", "--name", "crm"], db).returncode == 1
    assert key not in (tmp_path / "cli.sqlite3").read_bytes().decode("latin-1")

    from fastapi.testclient import TestClient

    from intake_api.core.config import Settings
    from intake_api.main import create_app

    with TestClient(create_app(Settings(database_url=db, sla_monitor_interval_seconds=0))) as c:
        assert c.get("/api/v1/cases", headers={"Authorization": f"Bearer {key}"}).status_code == 200
        assert _intake(["apikey", "revoke", "--name", "crm"], db).returncode == 0
        # At once: no cache in front of the key check.
        assert c.get("/api/v1/cases", headers={"Authorization": f"Bearer {key}"}).status_code == 401

    user = _intake(["users", "add", "hana", "--role", "handler", "--password-stdin"], db,
                   input="a long enough password\n")
    assert user.returncode == 0, user.stderr
    bad_role = _intake(["users", "add", "ivan", "--role", "boss", "--password", "a long enough password"], db)
    assert bad_role.returncode == 1 and "role" in bad_role.stderr


def test_policy_check_exit_codes() -> None:
    def check(policy: str) -> subprocess.CompletedProcess:
        return subprocess.run([INTAKE, "policy", "check", policy], capture_output=True, text=True,
                              check=False)

    ok = check("code-2024")
    assert ok.returncode == 0 and "Provision" in ok.stdout
    fails = check("southern-housing")
    assert fails.returncode == 1 and "2.3" in fails.stdout and "5.2" in fails.stdout
    missing = check("/nonexistent.yaml")
    assert missing.returncode == 2


def test_serve_answers_healthz(tmp_path) -> None:
    from scripts.stack import free_port

    db = f"sqlite:///{tmp_path / 'serve.sqlite3'}"
    _intake(["migrate"], db)
    port = free_port()
    proc = subprocess.Popen([INTAKE, "serve", "--port", str(port)],
                            env={**os.environ, "INTAKE_DATABASE_URL": db}, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import time

        for _ in range(100):
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        assert r.status_code == 200
        assert httpx.get(f"http://127.0.0.1:{port}/docs").status_code == 200
    finally:
        proc.terminate()
        proc.wait(10)
