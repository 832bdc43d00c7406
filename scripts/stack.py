"""Start and stop the three processes — intake API, action server, Rasa server.

Used by ``make run``, ``make eval``, ``make bench`` and the end-to-end tests. Stdlib
only (plus httpx for health checks), so it runs under either environment.

Private by default (docs/deployment.md): Rasa and the action server listen on 127.0.0.1
unless ``RASA_HOST`` / ``ACTION_SERVER_HOST`` say otherwise; Rasa's HTTP API needs the
token kept in ``<workdir>/rasa-token``; the action server answers only calls carrying
the secret in ``<workdir>/action-server-token``; the work folder is 0700 and every file
the processes create in it 0600.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import httpx

if TYPE_CHECKING:
    from typing import Self  # Python 3.11; this module also runs on Rasa's 3.10

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = ROOT / ".venv" / "bin"
RASA_BIN = ROOT / ".venv-rasa" / "bin"
PROCESSES = ("api", "actions", "rasa")
LOOPBACK = "127.0.0.1"
# Files the processes create are readable by their owner only.
PRIVATE_UMASK = 0o077
RASA_TOKEN_FILE = "rasa-token"
ACTIONS_TOKEN_FILE = "action-server-token"
# The assistant's API key files cases, reads what it filed, and looks up and escalates a
# case for a resident who proves it is theirs, and reads the landlord policy; it never
# responds, closes, declines or reclassifies. The same list as intake_api/services/access.py
# (a test keeps them equal; this module cannot import the API, it also runs in Rasa's
# environment).
ASSISTANT_SCOPES = ("cases:file", "cases:read_own", "cases:lookup", "cases:escalate",
                    "policy:read")


_HANDED_OUT: set[int] = set()


def free_port() -> int:
    """A free loopback port, never one already handed out by this process: the OS may give
    the same port to two binds in a row once the first socket is closed, and two servers
    (say a proxy and an action server) given one port answer each other's requests."""
    for _ in range(100):
        with socket.socket() as s:
            s.bind((LOOPBACK, 0))
            port = s.getsockname()[1]
        if port not in _HANDED_OUT:
            _HANDED_OUT.add(port)
            return port
    raise RuntimeError("no free loopback port that was not handed out already")


def reachable(host: str) -> str:
    """Where to reach a server listening on ``host`` from this machine."""
    if host in ("", "0.0.0.0", "::"):
        return LOOPBACK
    return f"[{host}]" if ":" in host else host


def private_dir(path: Path) -> Path:
    """``path`` as a folder only its owner can enter (0700), made if missing."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def make_private(root: Path) -> None:
    """Folders 0700 and files 0600 under ``root``, for a ``var/`` made by an older version."""
    private_dir(root)
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            Path(folder, name).chmod(0o700)
        for name in files:
            path = Path(folder, name)
            if not path.is_symlink():
                path.chmod(0o600)


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to a file that is 0600 from the moment it exists."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)


def secret_in(path: Path) -> str:
    """The secret kept in ``path``; made (random, 0600) the first time."""
    if path.exists():
        value = path.read_text().strip()
        if value:
            path.chmod(0o600)
            return value
    value = secrets.token_urlsafe(32)
    write_private(path, value + "\n")
    return value


def open_private_log(path: Path):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, "ab")


@dataclass
class Stack:
    """The running product. ``Stack()`` in a ``with`` block starts everything on free
    ports with a throwaway database; ``make run`` passes fixed ports and ``var/``."""

    workdir: Path | None = None
    database_url: str | None = None
    api_port: int | None = None
    actions_port: int | None = None
    rasa_port: int | None = None
    with_bot: bool = True
    api_workers: int = 1
    extra_env: dict[str, str] = field(default_factory=dict)
    echo: bool = False  # stream the processes' output to this terminal (make run)
    model: str = "models"  # a model file or folder, relative to bot/
    # Where Rasa and the action server listen: loopback unless explicitly configured
    # (a reverse proxy on another machine; docs/deployment.md).
    rasa_host: str = field(default_factory=lambda: os.environ.get("RASA_HOST") or LOOPBACK)
    actions_host: str = field(
        default_factory=lambda: os.environ.get("ACTION_SERVER_HOST") or LOOPBACK)
    # Origins allowed to call Rasa from a browser: the web chat page's own (the intake
    # API's URL) unless RASA_CORS_ORIGINS lists the public ones.
    cors_origins: list[str] | None = None

    def __post_init__(self) -> None:
        if self.workdir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="intake-stack-")
            self.workdir = Path(self._tmp.name)
        private_dir(self.workdir)
        private_dir(self.workdir / "logs")
        self.database_url = self.database_url or f"sqlite:///{self.workdir / 'intake.sqlite3'}"
        self.api_port = self.api_port or free_port()
        self.actions_port = self.actions_port or free_port()
        self.rasa_port = self.rasa_port or free_port()
        if self.cors_origins is None:
            configured = os.environ.get("RASA_CORS_ORIGINS", "").replace(",", " ").split()
            self.cors_origins = configured or [
                self.api_url, f"http://localhost:{self.api_port}"]
        # Secrets from the environment if given, else kept in the work folder (0600).
        self.rasa_token = (os.environ.get("RASA_AUTH_TOKEN")
                           or secret_in(self.workdir / RASA_TOKEN_FILE))
        self.actions_token = (os.environ.get("ACTION_SERVER_TOKEN")
                              or secret_in(self.workdir / ACTIONS_TOKEN_FILE))
        self.procs: dict[str, subprocess.Popen] = {}
        self.api_key: str | None = None

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    @property
    def rasa_url(self) -> str:
        return f"http://{reachable(self.rasa_host)}:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://{reachable(self.actions_host)}:{self.actions_port}"

    @property
    def rasa_auth(self) -> dict[str, str]:
        """Query parameters for Rasa's HTTP API (``?token=``)."""
        return {"token": self.rasa_token}

    def tracker_url(self, sender_id: str) -> str:
        """The conversation's tracker on Rasa's HTTP API, token included."""
        return tracker_url(self.rasa_url, sender_id, self.rasa_token)

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            INTAKE_DATABASE_URL=self.database_url,
            INTAKE_VAR_DIR=str(self.workdir),  # the API keeps its own secrets here too
            INTAKE_PORT=str(self.api_port),
            INTAKE_API_URL=self.api_url,
            INTAKE_RASA_URL=self.rasa_url,
            ACTION_SERVER_PORT=str(self.actions_port),
            ACTION_SERVER_HOST=self.actions_host,
            ACTION_SERVER_URL=f"{self.actions_url}/webhook",
            ACTION_SERVER_TOKEN=self.actions_token,
            RASA_PORT=str(self.rasa_port),
            RASA_HOST=self.rasa_host,
            RASA_AUTH_TOKEN=self.rasa_token,
            OUTBOX_PATH=str(self.workdir / "outbox.sqlite3"),
            RASA_TRACKER_DB=str(self.workdir / "rasa-tracker.db"),
            CHANNELS_DB=str(self.workdir / "channels.sqlite3"),  # webhook de-duplication
            PYTHONUNBUFFERED="1",
            HF_HUB_OFFLINE="1",
            TRANSFORMERS_OFFLINE="1",
        )
        if self.api_key:
            env["INTAKE_API_KEY"] = self.api_key
        env.update(self.extra_env)
        return env

    def process_env(self, name: str) -> dict[str, str]:
        """``env()`` less the secrets this process has no use for."""
        env = self.env()
        env["RASA_TELEMETRY_ENABLED"] = "false"  # never reports to Rasa's servers
        if name != "rasa":
            env.pop("RASA_AUTH_TOKEN", None)
        if name == "api":
            env.pop("ACTION_SERVER_TOKEN", None)
        return env

    # -- lifecycle -------------------------------------------------------------------

    def __enter__(self) -> Self:
        try:
            self.start_all()
        except BaseException:
            self.stop_all()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop_all()

    def prepare(self) -> None:
        """Migrate the database and make an API key for the assistant."""
        self._run([str(VENV_BIN / "intake"), "migrate"])
        if self.api_key is None:
            self.api_key = (self.extra_env.get("INTAKE_API_KEY")
                            or self.create_api_key("assistant", ASSISTANT_SCOPES))

    def create_api_key(self, name: str, scopes: tuple[str, ...] = ()) -> str:
        """A new API key; with no ``scopes``, one that may use every operation."""
        cmd = [str(VENV_BIN / "intake"), "apikey", "create", "--name", name]
        if scopes:
            cmd += ["--scope", ",".join(scopes)]
        return self._run(cmd).split()[-1]

    def start_all(self) -> None:
        self.prepare()
        self.start("api")
        if self.with_bot:
            self.start("actions")
            self.start("rasa")

    def command(self, name: str) -> tuple[list[str], Path]:
        if name == "api":
            cmd = [str(VENV_BIN / "intake"), "serve", "--host", "127.0.0.1",
                   "--port", str(self.api_port), "--workers", str(self.api_workers)]
            return cmd, ROOT
        if name == "actions":
            # rasa-sdk's app behind a check for the secret Rasa sends (bot/endpoints.yml).
            cmd = [str(RASA_BIN / "python"), "-m", "scripts.actions_server", "--actions", "actions",
                   "--host", self.actions_host, "--port", str(self.actions_port)]
            return cmd, ROOT
        if name == "rasa":
            # `rasa run`, with --auth-token added from RASA_AUTH_TOKEN (not on the command line).
            cmd = [str(RASA_BIN / "python"), str(ROOT / "scripts" / "rasa_server.py"), "run",
                   "--enable-api", "-i", self.rasa_host, "--port", str(self.rasa_port),
                   "--model", self.model, "--endpoints", "endpoints.yml",
                   "--credentials", "credentials.yml", "--cors", *self.cors_origins]
            return cmd, ROOT / "bot"
        raise ValueError(f"unknown process {name!r}; one of {', '.join(PROCESSES)}")

    def start(self, name: str, timeout: float = 180.0) -> None:
        self._spawn(name)
        self.wait_healthy(name, timeout)

    def _spawn(self, name: str) -> None:
        """Start ``name`` in its own session, its output in its private log; nothing if
        it is already running."""
        if name in self.procs and self.procs[name].poll() is None:
            return
        cmd, cwd = self.command(name)
        out = None if self.echo else open_private_log(self.log_path(name))
        try:
            self.procs[name] = subprocess.Popen(
                cmd, cwd=cwd, env=self.process_env(name), stdout=out,
                stderr=subprocess.STDOUT if out else None,
                start_new_session=True, umask=PRIVATE_UMASK,
            )
        finally:
            if out is not None:
                out.close()  # the child has its own copy

    def health_url(self, name: str) -> str:
        return {
            "api": f"{self.api_url}/healthz",
            "actions": f"{self.actions_url}/health",
            "rasa": f"{self.rasa_url}/status?token={quote(self.rasa_token, safe='')}",
        }[name]

    def wait_healthy(self, name: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        url = self.health_url(name)
        while time.monotonic() < deadline:
            proc = self.procs[name]
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode}; see {self.log_path(name)}\n"
                                   + self.log_tail(name))
            try:
                r = httpx.get(url, timeout=2.0)
                if r.status_code == 200 and (name != "rasa" or r.json().get("model_id")):
                    return
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(0.5)
        raise TimeoutError(f"{name} did not become healthy within {timeout:.0f}s\n" + self.log_tail(name))

    def stop(self, name: str, timeout: float = 20.0) -> None:
        proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout)
        except ProcessLookupError:
            pass

    def stop_all(self) -> None:
        for name in reversed(PROCESSES):
            self.stop(name)

    def log_path(self, name: str) -> Path:
        return self.workdir / "logs" / f"{name}.log"

    def log_tail(self, name: str, lines: int = 40) -> str:
        path = self.log_path(name)
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def _run(self, cmd: list[str]) -> str:
        result = subprocess.run(cmd, cwd=ROOT, env=self.process_env("api"), capture_output=True,
                                text=True, umask=PRIVATE_UMASK, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd[:3])} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout


def tracker_url(rasa_url: str, sender_id: str, token: str | None) -> str:
    """``GET`` this for a conversation's tracker (Rasa's HTTP API needs the token)."""
    url = f"{rasa_url.rstrip('/')}/conversations/{quote(sender_id, safe='')}/tracker"
    return f"{url}?token={quote(token, safe='')}" if token else url


def read_token(workdir: Path, name: str = RASA_TOKEN_FILE) -> str | None:
    """A token kept by ``make run`` in ``var/``, if there is one (and it is readable)."""
    try:
        return (workdir / name).read_text().strip() or None
    except OSError:
        return None


if __name__ == "__main__":
    with Stack(echo=False) as stack:
        print(stack.api_url, stack.rasa_url, stack.actions_url, file=sys.stderr)
