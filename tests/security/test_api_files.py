"""What the intake API creates in ``var/`` by itself — the SQLite database and its
journal files, the generated secret key — is private (0600 files, 0700 folder), even
when ``var/`` was left readable by an older version and the caller's umask is lax."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import httpx

from intake_api.core.files import private_dir, private_file
from tests.security.servers import api_server, throwaway_database


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_database_and_the_secret_key_are_created_private(tmp_path: Path) -> None:
    var = tmp_path / "var"
    var.mkdir(mode=0o755)
    var.chmod(0o755)
    old = os.umask(0o022)
    try:
        with throwaway_database("sqlite", var) as url, api_server(url, var) as server:
            assert httpx.get(f"{server.url}/staff/login", timeout=10).status_code == 200
            created = sorted(p.name for p in var.iterdir() if p.is_file())
            assert "secret_key" in created and "intake.sqlite3" in created
            loose = {name: oct(mode(var / name)) for name in created
                     if name.startswith(("intake.sqlite3", "secret_key")) and mode(var / name) != 0o600}
            assert loose == {}
            assert mode(var) == 0o700
    finally:
        os.umask(old)


def test_private_dir_and_private_file_tighten_what_exists(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        loose = tmp_path / "loose"
        loose.mkdir(mode=0o755)
        (loose / "data").write_text("x")
        assert mode(private_dir(loose)) == 0o700
        assert mode(private_file(loose / "data")) == 0o600 and (loose / "data").read_text() == "x"
        fresh = private_file(tmp_path / "new" / "file")
        assert mode(fresh) == 0o600 and mode(fresh.parent) == 0o700
    finally:
        os.umask(old)
