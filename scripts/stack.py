"""Start and stop the three processes — intake API, action server, Rasa server.

Used by ``make run``, ``make eval``, ``make bench`` and the end-to-end tests. Stdlib
only (plus httpx for health checks), so it runs under the API's environment.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = ROOT / ".venv" / "bin"
RASA_BIN = ROOT / ".venv-rasa" / "bin"
PROCESSES = ("api", "actions", "rasa")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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

    def __post_init__(self) -> None:
        if self.workdir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="intake-stack-")
            self.workdir = Path(self._tmp.name)
        self.workdir.mkdir(parents=True, exist_ok=True)
        (self.workdir / "logs").mkdir(exist_ok=True)
        self.database_url = self.database_url or f"sqlite:///{self.workdir / 'intake.sqlite3'}"
        self.api_port = self.api_port or free_port()
        self.actions_port = self.actions_port or free_port()
        self.rasa_port = self.rasa_port or free_port()
        self.procs: dict[str, subprocess.Popen] = {}
        self.api_key: str | None = None

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://127.0.0.1:{self.actions_port}"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            INTAKE_DATABASE_URL=self.database_url,
            INTAKE_PORT=str(self.api_port),
            INTAKE_API_URL=self.api_url,
            INTAKE_RASA_URL=self.rasa_url,
            ACTION_SERVER_PORT=str(self.actions_port),
            RASA_PORT=str(self.rasa_port),
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

    # -- lifecycle -------------------------------------------------------------------

    def __enter__(self) -> Stack:
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
            self.api_key = self.extra_env.get("INTAKE_API_KEY") or self.create_api_key("assistant")

    def create_api_key(self, name: str) -> str:
        out = self._run([str(VENV_BIN / "intake"), "apikey", "create", "--name", name])
        return out.split()[-1]

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
            cmd = [str(RASA_BIN / "rasa"), "run", "actions", "--actions", "actions",
                   "--port", str(self.actions_port)]
            return cmd, ROOT
        if name == "rasa":
            cmd = [str(RASA_BIN / "rasa"), "run", "--enable-api", "--port", str(self.rasa_port),
                   "--model", self.model, "--endpoints", "endpoints.yml",
                   "--credentials", "credentials.yml", "--cors", "*"]
            return cmd, ROOT / "bot"
        raise ValueError(f"unknown process {name!r}; one of {', '.join(PROCESSES)}")

    def start(self, name: str, timeout: float = 180.0) -> None:
        if name in self.procs and self.procs[name].poll() is None:
            return
        cmd, cwd = self.command(name)
        if self.echo:
            out = None
        else:
            out = open(self.workdir / "logs" / f"{name}.log", "ab")  # noqa: SIM115
        self.procs[name] = subprocess.Popen(
            cmd, cwd=cwd, env=self.env(), stdout=out, stderr=subprocess.STDOUT if out else None,
            start_new_session=True,
        )
        self.wait_healthy(name, timeout)

    def health_url(self, name: str) -> str:
        return {
            "api": f"{self.api_url}/healthz",
            "actions": f"{self.actions_url}/health",
            "rasa": f"{self.rasa_url}/status",
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
        result = subprocess.run(cmd, cwd=ROOT, env=self.env(), capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd[:3])} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout


if __name__ == "__main__":
    with Stack(echo=False) as stack:
        print(stack.api_url, stack.rasa_url, stack.actions_url, file=sys.stderr)
