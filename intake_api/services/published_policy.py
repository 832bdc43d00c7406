"""The landlord policy as the assistant reads it (GET /api/v1/policy; docs/api-contract.md).

One owner of the contract: the assistant keeps no copy of the policy file, the case
shapes or the text limits; it reads them here, from the same ``Policy`` the clocks use
and from the request models the API validates with.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from typing import Any

from .. import schemas
from ..domain.policy import Policy
from ..webchat.routes import MAX_MESSAGE_CHARS

# National numbers, not the landlord's: 999, and the gas emergency line of the nation
# (Northern Ireland has its own).
EMERGENCY_SERVICES = "999"
GAS_EMERGENCY = {
    "england": "0800 111 999",
    "wales": "0800 111 999",
    "scotland": "0800 111 999",
    "northern_ireland": "0800 002 001",
}


def published(policy: Policy) -> schemas.PolicyOut:
    """The resident-facing settings of ``policy``, with a version that changes with them."""
    body: dict[str, Any] = {
        "slug": policy.slug,
        "name": policy.name,
        "nation": policy.nation,
        "landlord_phone": policy.landlord_phone,
        "out_of_hours_phone": policy.out_of_hours_phone,
        "emergency_numbers": {"emergency_services": EMERGENCY_SERVICES,
                              "gas": GAS_EMERGENCY[policy.nation]},
        "ombudsman": {
            "name": policy.ombudsman.name,
            "phone": policy.ombudsman.phone,
            "email": policy.ombudsman.email,
            "website": policy.ombudsman.website,
            "address": policy.ombudsman.address,
        },
        "stages": policy.stages,
        "response_counted_from": policy.response_counted_from,
        "stage_1": _timescales(policy, "stage_1"),
        "stage_2": _timescales(policy, "stage_2"),
        "exclusion_window_months": policy.exclusion_window_months,
        "escalation_window": None if policy.escalation_window is None else {
            "days": policy.escalation_window.days, "unit": policy.escalation_window.unit},
        "channels": list(policy.channels),
        "case_channels": list(schemas.CHANNELS),
        "case_kinds": list(schemas.KINDS),
        "contact_methods": list(schemas.ContactMethod.__args__),  # type: ignore[attr-defined]
        "limits": text_limits(),
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    version = "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return schemas.PolicyOut(version=version, **body)


def _timescales(policy: Policy, stage: str) -> dict[str, int]:
    t = policy.timescales(stage)
    return {"acknowledge_days": t.acknowledge_days, "response_days": t.response_days,
            "max_extension_days": t.max_extension_days}


@lru_cache(maxsize=1)
def text_limits() -> dict[str, int]:
    """Read from the request models' own JSON schema, so the numbers published are the
    numbers enforced."""
    schema = schemas.CaseCreate.model_json_schema()
    props, defs = schema["properties"], schema["$defs"]
    points = defs["Definition"]["properties"]["points"]
    return {
        "max_message_chars": MAX_MESSAGE_CHARS,
        "max_points": points["maxItems"],
        "max_point_chars": points["items"]["maxLength"],
        "max_text_chars": _limit(props["summary"], "maxLength"),
        "max_short_text_chars": _limit(defs["Complainant"]["properties"]["name"], "maxLength"),
        "max_transcript_entries": props["transcript"]["maxItems"],
        "max_attachments": props["attachments"]["maxItems"],
        "max_linked_references": props["linked_references"]["maxItems"],
    }


def _limit(prop: dict[str, Any], key: str) -> int:
    """``key`` of a property, or of its non-null alternative (``str | None``)."""
    if key in prop:
        return prop[key]
    return next(alt[key] for alt in prop.get("anyOf", ()) if key in alt)
