"""The landlord's policy, as the intake API publishes it (GET /api/v1/policy).

One owner of the contract: the intake API reads the policy file (``INTAKE_POLICY``, a name
or a path) and publishes what residents are told — the landlord's numbers, the
Ombudsman, the timescales, windows, case kinds, channels and text limits. The action
server keeps no copy of its own.

Read once per process (the first read waits for the API, at most FETCH_TIMEOUT; ``warm``
does it off the event loop) and kept for ``POLICY_TTL_SECONDS`` (60). After that the copy
in hand is still used while a fresh one is fetched in the background, so no resident waits
on it. If the API cannot be reached, the last good copy stays in use. With no copy yet (the API
down when the action server starts) the Code's national defaults are used and a warning
is logged each time the API is tried again; the conversation carries on and its case
goes through the outbox as usual (actions/outbox.py), so nothing is lost.

A plain timestamp rather than ``cachetools.TTLCache``: a TTL cache drops an entry when it
expires, and here an expired copy is exactly what must be kept (the last good copy).
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import os
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPException
from typing import Any

from actions.intake_client import IntakeSettings

logger = logging.getLogger(__name__)

PATH = "/api/v1/policy"
TTL_SECONDS = 60.0
# With no good copy yet, how long to wait before asking the API again: each try can
# hold up the turn it happens in (at most FETCH_TIMEOUT), so not on every turn.
RETRY_SECONDS = 10.0
FETCH_TIMEOUT = 2.0
# What the actions read; an answer without them is not the policy.
NEEDED = ("landlord_phone", "out_of_hours_phone", "ombudsman", "stage_1",
          "exclusion_window_months")

# The Code's national defaults, only until the API answers: Code 2.3, 6.2-6.4, 6.11-6.15,
# and the Ombudsman's details from the Code's back page. No landlord numbers: those are
# in the landlord's policy only, and a wrong number is worse than none.
CODE_DEFAULTS: dict[str, Any] = {
    "slug": None,
    "version": None,
    "exclusion_window_months": 12,
    "escalation_window": None,
    "stage_1": {"acknowledge_days": 5, "response_days": 10, "max_extension_days": 10},
    "stage_2": {"acknowledge_days": 5, "response_days": 20, "max_extension_days": 20},
    "emergency_numbers": {"emergency_services": "999", "gas": "0800 111 999"},
    "ombudsman": {"name": "Housing Ombudsman Service", "phone": "0300 111 3000",
                  "email": "info@housing-ombudsman.org.uk",
                  "website": "www.housing-ombudsman.org.uk",
                  "address": "PO Box 1484, Unit D, Preston, PR2 0ET"},
}


class PolicyUnavailable(Exception):
    """The intake API did not give the policy; the message says why (never the key)."""


@dataclass
class _Copy:
    policy: dict[str, Any]
    fetched_at: float  # time.monotonic()


class _PolicyCache:
    """The last good copy per intake API (URL and key), and when the API last failed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._good: dict[tuple[str, str], _Copy] = {}
        self._failed_at: dict[tuple[str, str], float] = {}
        self._refreshing: set[tuple[str, str]] = set()

    def clear(self) -> None:
        with self._lock:
            self._good.clear()
            self._failed_at.clear()

    def get(self, settings: IntakeSettings) -> dict[str, Any]:
        key = (settings.url, settings.api_key)
        now = time.monotonic()
        with self._lock:
            held = self._good.get(key)
            failed_at = self._failed_at.get(key)
        if held is not None:
            if now - held.fetched_at >= _ttl():
                self._refresh_in_background(settings, key)
            return held.policy
        if failed_at is not None and now - failed_at < RETRY_SECONDS:
            return CODE_DEFAULTS
        try:
            return self._fetch_and_keep(settings, key)
        except PolicyUnavailable as exc:
            logger.warning("landlord policy: %s; using the Code's national defaults (no landlord "
                           "phone numbers) until the intake API answers", exc)
            return CODE_DEFAULTS

    def _fetch_and_keep(self, settings: IntakeSettings, key: tuple[str, str]) -> dict[str, Any]:
        try:
            policy = fetch_policy(settings)
        except PolicyUnavailable:
            with self._lock:
                self._failed_at[key] = time.monotonic()
            raise
        with self._lock:
            previous = self._good.get(key)
            self._good[key] = _Copy(policy, time.monotonic())
            self._failed_at.pop(key, None)
        if previous is not None and previous.policy.get("version") != policy.get("version"):
            logger.info("landlord policy changed: now %s %s", policy.get("slug"),
                        policy.get("version"))
        return policy

    def _refresh_in_background(self, settings: IntakeSettings, key: tuple[str, str]) -> None:
        with self._lock:
            if key in self._refreshing:
                return
            self._refreshing.add(key)

        def refresh() -> None:
            try:
                self._fetch_and_keep(settings, key)
            except PolicyUnavailable as exc:
                with self._lock:
                    held = self._good.get(key)
                    if held is not None:  # try again after another TTL, not on every turn
                        held.fetched_at = time.monotonic()
                logger.warning("landlord policy: %s; still using the copy from the last answer",
                               exc)
            finally:
                with self._lock:
                    self._refreshing.discard(key)

        threading.Thread(target=refresh, name="policy-refresh", daemon=True).start()


_cache = _PolicyCache()


def _ttl() -> float:
    try:
        return float(os.environ.get("POLICY_TTL_SECONDS", TTL_SECONDS))
    except ValueError:
        return TTL_SECONDS


def fetch_policy(settings: IntakeSettings | None = None) -> dict[str, Any]:
    """GET /api/v1/policy once, with a short timeout; PolicyUnavailable if it fails."""
    settings = settings or IntakeSettings.from_env()
    request = urllib.request.Request(settings.url + PATH, headers={
        "Authorization": f"Bearer {settings.api_key}", "Accept": "application/json"})
    # Straight to the intake API, as the aiohttp client does: no proxy from the environment.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=min(FETCH_TIMEOUT, settings.request_timeout)) as answer:
            body = json.loads(answer.read())
    except urllib.error.HTTPError as exc:
        if exc.code == 403:
            raise PolicyUnavailable(
                "the intake API key lacks the 'policy:read' scope (a key made before it "
                "existed: delete var/assistant.key and restart)") from None
        raise PolicyUnavailable(f"the intake API answered {exc.code} to {PATH}") from None
    except (OSError, HTTPException, ValueError) as exc:
        raise PolicyUnavailable(f"the intake API could not be reached ({type(exc).__name__})"
                                ) from None
    missing = [name for name in NEEDED if not isinstance(body, dict) or name not in body]
    if missing:
        raise PolicyUnavailable(f"{PATH} answered without {', '.join(missing)}")
    return body


async def warm() -> dict[str, Any]:
    """Fetch the policy without holding up the event loop (at start, before residents)."""
    return await asyncio.to_thread(load_policy)


def load_policy() -> dict[str, Any]:
    """The landlord policy the intake API publishes (docs/api-contract.md), or the Code's
    national defaults while it has never answered. Never raises; a copy the caller may keep."""
    return copy.deepcopy(_cache.get(IntakeSettings.from_env()))


# Tests start each case from an empty cache.
load_policy.cache_clear = _cache.clear  # type: ignore[attr-defined]
