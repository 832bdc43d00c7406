"""GET /api/v1/policy: the landlord policy the assistant tells residents about (a contract:
docs/api-contract.md)."""

from __future__ import annotations

from fastapi import APIRouter

from ...schemas import PolicyOut
from ...services.policies import policy_for
from ...services.published_policy import published
from ..deps import CurrentActor
from ..responses import LIST

router = APIRouter(prefix="/api/v1", tags=["policy"])


@router.get("/policy", response_model=PolicyOut, responses=LIST)
def read_policy(actor: CurrentActor) -> PolicyOut:
    """The resident-facing settings of the policy in force (``INTAKE_POLICY``, a name or a
    file path): the landlord's name, nation and phone numbers, the national emergency
    numbers, the Ombudsman's details, the Code's timescales as the policy sets them, the
    exclusion and escalation windows, channels, case kinds and text limits. No resident's
    details. Needs the ``policy:read`` scope."""
    actor.require("read_policy")
    # The same policy the clocks and notices use (services/policies.py).
    return published(policy_for(None))
