"""The landlord policy in force, loaded once per slug."""

from __future__ import annotations

from functools import lru_cache

from ..core.config import get_settings
from ..domain.notices import Ombudsman
from ..domain.policy import Policy, load_policy


@lru_cache(maxsize=32)
def policy_for(slug: str | None = None) -> Policy:
    """The policy in force (``INTAKE_POLICY``: a name or a file path) when ``slug`` is None,
    else the one a case was filed under (cases record its slug)."""
    in_force = get_settings().policy
    if slug is None or slug == in_force:
        return load_policy(in_force)
    current = policy_for(None)
    if slug == current.slug:
        # INTAKE_POLICY is a file path: its cases record the file's name, not the path.
        return current
    return load_policy(slug)


def ombudsman_of(policy: Policy) -> Ombudsman:
    o = policy.ombudsman
    return Ombudsman(name=o.name, phone=o.phone, email=o.email, website=o.website, address=o.address)
