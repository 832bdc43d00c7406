"""The real intake API for the action server's tests, run as a subprocess.

The bot's tests talk to the same application the stack runs (``intake serve``) on a
throwaway SQLite database, so every reply the actions read has the real API's shape.
Where a test needs the API to fail (down, slow, an answer lost), ``FaultyGateway`` sits
in front of the real API and passes everything else through untouched: it never makes
up an answer of its own.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

ROOT = Path(__file__).resolve().parents[2]
INTAKE = ROOT / ".venv" / "bin" / "intake"
# What the assistant's API key may do in the stack (scripts/stack.py).
ASSISTANT_SCOPES = ("cases:file", "cases:read_own", "cases:lookup", "cases:escalate",
                    "policy:read")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RealIntakeAPI:
    """``intake migrate``, ``intake apikey create`` and ``intake serve`` on 127.0.0.1."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ,
                    "INTAKE_DATABASE_URL": f"sqlite:///{workdir / 'intake.sqlite3'}",
                    "INTAKE_SECRET_KEY": "tests-only-secret-" + os.urandom(8).hex(),
                    "INTAKE_SLA_MONITOR_INTERVAL_SECONDS": "3600"}
        self.env.pop("INTAKE_API_URL", None)
        self.api_key = ""
        self.staff_key = ""
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        if not INTAKE.exists():
            raise RuntimeError(f"{INTAKE} is missing: run `make install` first")
        self._intake("migrate")
        # The bot's key has only what the assistant's key has in the stack; tests read
        # cases back and take staff steps with a key of their own.
        self.staff_key = self._intake("apikey", "create", "--name", "staff").split()[-1]
        scoped = subprocess.run([str(INTAKE), "apikey", "scopes"], env=self.env, cwd=ROOT,
                                capture_output=True, check=False).returncode == 0
        self.api_key = self._intake(
            "apikey", "create", "--name", "assistant",
            *(["--scope", ",".join(ASSISTANT_SCOPES)] if scoped else [])).split()[-1]
        log = (self.workdir / "intake.log").open("wb")
        self.process = subprocess.Popen(
            [str(INTAKE), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("intake serve exited: see " + str(self.workdir / "intake.log"))
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1):
                    return
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        raise RuntimeError("intake serve did not start within 30 s")

    def _intake(self, *args: str) -> str:
        done = subprocess.run([str(INTAKE), *args], env=self.env, cwd=ROOT, check=False,
                              capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"intake {' '.join(args)} failed: {done.stderr[-2000:]}")
        return done.stdout

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    # --- what staff would see: the filed case, read back from the API ---
    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        request = urllib.request.Request(
            self.url + path, method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"Bearer {self.staff_key}",
                     "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def case(self, reference: str) -> dict[str, Any]:
        return self.call("GET", f"/api/v1/cases/{reference}")

    def acknowledge(self, reference: str) -> dict[str, Any]:
        return self.call("POST", f"/api/v1/cases/{reference}/acknowledge",
                         {"handler": "Stage One Officer"})["case"]

    def respond(self, reference: str) -> dict[str, Any]:
        case = self.case(reference)
        points = (case.get("definition") or {}).get("points") or []
        return self.call("POST", f"/api/v1/cases/{reference}/respond",
                         {**RESPONSE, "points_answered": points})["case"]


# A stage 1 response with the contents the API asks for (Code 6.9).
RESPONSE: dict[str, Any] = {"decision": "Upheld in part",
                            "reasons": "The repair was late and we did not call back.",
                            "remedy": "An apology and the repair booked"}


@dataclass
class FaultyGateway:
    """Passes requests to the real intake API, except the failures a test scripts.

    ``script`` holds what to do with the next requests, in order: an HTTP status (the
    request is not passed on), ``"timeout"`` (no answer for ``delay_seconds``), or
    ``"create-then-500"`` (passed on and the case made, but the answer is lost).
    Requests to ``unscripted`` paths (the policy the actions read) pass straight through:
    they take no step of the script and their answers are not kept in ``answers``.
    """

    upstream: str
    api_key: str = ""
    port: int = field(default_factory=free_port)
    script: list[Any] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    answers: list[dict[str, Any]] = field(default_factory=list)
    delay_seconds: float = 5.0
    unscripted: tuple[str, ...] = ("/api/v1/policy",)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        self._stopping = False
        self._session = aiohttp.ClientSession()
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        self._stopping = True  # lets a deliberately slow answer finish first
        await asyncio.sleep(0.2)
        await self._runner.cleanup()
        await self._session.close()

    def posts(self, path: str = "/api/v1/cases") -> list[dict[str, Any]]:
        return [r for r in self.requests if r["path"] == path]

    def created(self) -> set[str]:
        """References of the cases the real API filed through this gateway."""
        return {a["json"]["reference"] for a in self.answers
                if a["path"] == "/api/v1/cases" and a["status"] in (200, 201)}

    async def _handle(self, request: web.Request) -> web.Response:
        raw = await request.read()
        self.requests.append({"path": request.path, "headers": dict(request.headers),
                              "json": json.loads(raw) if raw else None})
        step = self.script.pop(0) if self.script and request.path not in self.unscripted else None
        if step == "timeout":
            waited = 0.0
            while waited < self.delay_seconds and not self._stopping:
                await asyncio.sleep(0.05)
                waited += 0.05
            return web.json_response({"detail": "too slow"}, status=504)
        if step is not None and step != "create-then-500":
            return web.json_response({"detail": "scripted failure"}, status=int(step))
        headers = {k: v for k, v in request.headers.items()
                   if k.lower() in ("authorization", "idempotency-key", "content-type")}
        async with self._session.request(request.method, self.upstream + request.path_qs,
                                         data=raw or None, headers=headers) as upstream:
            body = await upstream.read()
            status = upstream.status
        if request.path not in self.unscripted:
            self.answers.append({"path": request.path, "status": status,
                                 "json": json.loads(body) if body else None})
        if step == "create-then-500":
            return web.json_response({"detail": "answer lost"}, status=500)
        return web.Response(body=body, status=status, content_type="application/json")
