"""A stand-in for the intake API (docs/api-contract.md) for the action server's tests.

It keeps cases in memory, honours Idempotency-Key like the real API (a replay is a
200 with the first case), and can be told to fail the next requests.
"""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

SLA = {"acknowledge_due": "2026-12-07", "response_due": "2026-12-21",
       "response_projected": True, "nation": "england"}
OMBUDSMAN = {"name": "Housing Ombudsman Service", "phone": "0300 111 3000",
             "email": "info@housing-ombudsman.org.uk", "website": "www.housing-ombudsman.org.uk"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class StandInIntakeAPI:
    api_key: str = "test-key"
    port: int = field(default_factory=free_port)
    cases: dict[str, dict[str, Any]] = field(default_factory=dict)  # reference -> case
    by_key: dict[str, str] = field(default_factory=dict)  # idempotency key -> reference
    requests: list[dict[str, Any]] = field(default_factory=list)
    # What to do with the next requests, in order: an HTTP status, "timeout", or
    # "create-then-500" (the case is made but the answer is lost).
    script: list[Any] = field(default_factory=list)
    delay_seconds: float = 5.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/api/v1/cases", self._create)
        app.router.add_post("/api/v1/cases/lookup", self._lookup)
        app.router.add_post("/api/v1/cases/{reference}/escalate", self._escalate)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        self._stopping = True  # lets a deliberately slow answer finish first
        await asyncio.sleep(0.2)
        await self._runner.cleanup()

    def posts(self, path: str = "/api/v1/cases") -> list[dict[str, Any]]:
        return [r for r in self.requests if r["path"] == path]

    async def _scripted(self) -> web.Response | None:
        if not self.script:
            return None
        step = self.script.pop(0)
        if step == "timeout":
            waited = 0.0
            while waited < self.delay_seconds and not getattr(self, "_stopping", False):
                await asyncio.sleep(0.05)
                waited += 0.05
            return web.json_response({"detail": "too slow"}, status=504)
        if step == "create-then-500":
            return None
        return web.json_response({"detail": "scripted failure"}, status=int(step))

    async def _record(self, request: web.Request) -> dict[str, Any]:
        body = await request.json()
        self.requests.append({"path": request.path, "headers": dict(request.headers),
                              "json": body})
        return body

    def _authorised(self, request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Bearer {self.api_key}"

    async def _create(self, request: web.Request) -> web.Response:
        lose_answer = bool(self.script) and self.script[0] == "create-then-500"
        body = await self._record(request)
        scripted = await self._scripted()
        if scripted is not None:
            return scripted
        if not self._authorised(request):
            return web.json_response({"detail": "invalid API key"}, status=401)
        if "kind" not in body or "channel" not in body:
            return web.json_response({"detail": "kind and channel are required"}, status=422)
        key = request.headers.get("Idempotency-Key")
        if key and key in self.by_key:
            return web.json_response(self.cases[self.by_key[key]], status=200,
                                     headers={"Idempotent-Replayed": "true"})
        prefix = {"complaint": "CMP", "service_request": "SR"}.get(body["kind"], "GEN")
        reference = f"{prefix}-2026-{len(self.cases) + 1:06d}"
        case = {"reference": reference, "kind": body["kind"], "stage": "stage_1",
                "status": "open", "channel": body["channel"], "ombudsman": OMBUDSMAN,
                "sla": dict(SLA) if body["kind"] == "complaint" else
                {"target_due": "2026-12-28"}, "request": body}
        self.cases[reference] = case
        if key:
            self.by_key[key] = reference
        if lose_answer:
            return web.json_response({"detail": "lost"}, status=500)
        return web.json_response(case, status=201)

    def _matches(self, reference: str, body: dict[str, Any]) -> dict[str, Any] | None:
        case = self.cases.get(reference)
        if not case:
            return None
        complainant = case["request"].get("complainant") or {}
        representative = case["request"].get("representative") or {}
        phones = {complainant.get("phone"), representative.get("phone")} - {None}
        if body.get("phone") in phones or (
                body.get("postcode") and body.get("postcode") == complainant.get("postcode")):
            return case
        return None

    async def _lookup(self, request: web.Request) -> web.Response:
        body = await self._record(request)
        case = self._matches(body.get("reference", ""), body)
        if not case:
            return web.json_response({"detail": "no case matches those details"}, status=404)
        return web.json_response({k: case[k] for k in ("reference", "kind", "stage", "status",
                                                       "sla")})

    async def _escalate(self, request: web.Request) -> web.Response:
        body = await self._record(request)
        scripted = await self._scripted()
        if scripted is not None:
            return scripted
        case = self._matches(request.match_info["reference"], body)
        if not case:
            return web.json_response({"detail": "no case matches those details"}, status=404)
        case.update(stage="stage_2", sla={"acknowledge_due": "2026-12-14",
                                          "response_due": "2027-01-18"})
        return web.json_response(case)
