"""HTTP client for the intake API (docs/api-contract.md), used by the action server.

Every call has a timeout; 5xx answers, timeouts and connection errors are retried with
exponential backoff inside a total time budget (the resident is waiting), and 4xx
answers are never retried. Nothing here logs personal data.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import time
from dataclasses import dataclass
from typing import Any

import aiohttp

logger = logging.getLogger(__name__)

RETRYABLE_4XX = {408, 429}


class IntakeError(Exception):
    """The intake API could not be used for this call."""


class IntakeUnavailable(IntakeError):
    """No successful answer within the retry budget (5xx, timeouts, connection errors)."""


class IntakeRejected(IntakeError):
    """A 4xx answer: the request itself is wrong, so retrying will not help."""

    def __init__(self, status: int, path: str) -> None:
        super().__init__(f"intake API answered {status} to {path}")
        self.status = status
        self.path = path


@dataclass(frozen=True)
class IntakeSettings:
    url: str = "http://localhost:8000"
    api_key: str = ""
    total_budget: float = 7.5  # seconds, across all attempts of one call
    request_timeout: float = 3.0  # seconds, per attempt
    backoff_base: float = 0.25  # seconds; doubles after each failed attempt

    @classmethod
    def from_env(cls) -> "IntakeSettings":
        return cls(
            url=os.environ.get("INTAKE_API_URL", cls.url).rstrip("/"),
            api_key=os.environ.get("INTAKE_API_KEY", ""),
            total_budget=float(os.environ.get("INTAKE_RETRY_BUDGET", cls.total_budget)),
            request_timeout=float(os.environ.get("INTAKE_TIMEOUT", cls.request_timeout)),
        )


def idempotency_key(conversation_id: str, submission: int) -> str:
    """Stable for one submission of one conversation, so a retry never makes a second case."""
    raw = f"{conversation_id}:{submission}"
    if len(raw) <= 120:
        return f"rasa:{raw}"
    return "rasa:" + hashlib.sha256(raw.encode("utf-8")).hexdigest()


class IntakeClient:
    def __init__(self, settings: IntakeSettings | None = None) -> None:
        self.settings = settings or IntakeSettings.from_env()

    async def create_case(self, case: dict[str, Any], key: str) -> dict[str, Any]:
        """POST /api/v1/cases. 201 (created) and 200 (idempotent replay) both succeed."""
        try:
            _, body = await self._call("POST", "/api/v1/cases", case, {"Idempotency-Key": key})
        except IntakeRejected as exc:
            # A bug on one side or the other: say which call, never what was sent.
            logger.error("intake API rejected a new case with %s", exc.status)
            raise
        return body

    async def lookup(self, reference: str, phone: str | None = None,
                     postcode: str | None = None, email: str | None = None
                     ) -> dict[str, Any] | None:
        """The case's status and dates, or None when the details don't match (404)."""
        proof = _proof(phone, postcode, email)
        try:
            _, body = await self._call("POST", "/api/v1/cases/lookup",
                                       {"reference": reference, **proof})
        except IntakeRejected as exc:
            if exc.status == 404:
                return None
            raise
        return body

    async def escalate(self, reference: str, phone: str | None = None,
                       postcode: str | None = None, key: str | None = None,
                       email: str | None = None) -> dict[str, Any] | None:
        """Ask for stage 2 (Code 6.12: no reason needed). None when the details don't match;
        IntakeRejected(409) when the case can't be escalated (already at stage 2, declined)."""
        proof = _proof(phone, postcode, email)
        headers = {"Idempotency-Key": key} if key else {}
        path = f"/api/v1/cases/{reference}/escalate"
        try:
            _, body = await self._call(
                "POST", path, {"requested_by": "resident", "reason": None, **proof}, headers)
        except IntakeRejected as exc:
            if exc.status == 404:
                return None
            raise
        return body

    async def _call(self, method: str, path: str, payload: dict[str, Any],
                    headers: dict[str, str] | None = None) -> tuple[int, dict[str, Any]]:
        settings = self.settings
        all_headers = {"Authorization": f"Bearer {settings.api_key}", **(headers or {})}
        deadline = time.monotonic() + settings.total_budget
        attempt = 0
        last_problem = "no attempt made"
        async with aiohttp.ClientSession() as session:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0.05:
                    break
                timeout = aiohttp.ClientTimeout(total=min(settings.request_timeout, remaining))
                attempt += 1
                try:
                    async with session.request(method, settings.url + path, json=payload,
                                               headers=all_headers, timeout=timeout) as response:
                        if response.status in (200, 201):
                            return response.status, await response.json(content_type=None)
                        if 400 <= response.status < 500 and response.status not in RETRYABLE_4XX:
                            raise IntakeRejected(response.status, _redact(path))
                        last_problem = f"HTTP {response.status}"
                except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                    last_problem = type(exc).__name__
                delay = settings.backoff_base * (2 ** (attempt - 1))
                logger.warning("intake API %s %s attempt %d failed (%s)", method,
                               _redact(path), attempt, last_problem)
                if time.monotonic() + delay >= deadline:
                    break
                await asyncio.sleep(delay)
        raise IntakeUnavailable(f"{method} {_redact(path)}: {last_problem} after {attempt} attempts")


def _proof(phone: str | None, postcode: str | None, email: str | None) -> dict[str, str | None]:
    """The one contact detail that proves a case is the resident's."""
    if phone:
        return {"phone": phone}
    if postcode:
        return {"postcode": postcode}
    return {"email": email}


def _redact(path: str) -> str:
    """Case references are not personal data, but keep log lines to the route's shape."""
    parts = path.split("/")
    return "/".join("{reference}" if part.count("-") == 2 and part[:2].isalpha() else part
                    for part in parts)
