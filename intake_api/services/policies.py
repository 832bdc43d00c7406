"""The landlord policy in force, loaded once per slug."""

from __future__ import annotations

from functools import lru_cache

from ..core.config import get_settings
from ..domain.notices import Ombudsman
from ..domain.policy import Policy, load_policy


@lru_cache(maxsize=32)
def policy_for(slug: str | None = None) -> Policy:
    return load_policy(slug or get_settings().policy)


def ombudsman_of(policy: Policy) -> Ombudsman:
    o = policy.ombudsman
    return Ombudsman(name=o.name, phone=o.phone, email=o.email, website=o.website, address=o.address)
