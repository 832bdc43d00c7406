"""API keys: random, shown once, stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets

KEY_PREFIX = "rik_"


def new_api_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_api_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()
