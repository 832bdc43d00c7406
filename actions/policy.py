"""The landlord's policy settings (data/policies/<slug>.yaml), read once per process."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

import yaml

POLICY_DIR = Path(__file__).resolve().parent.parent / "data" / "policies"
DEFAULT_POLICY = "code-2024"

# Used only if a policy file cannot be read: the Code's minimums and the national numbers.
_FALLBACK: dict[str, Any] = {
    "exclusion_window_months": 12,
    "stage_1": {"acknowledge_days": 5, "response_days": 10},
    "ombudsman": {"name": "Housing Ombudsman Service", "phone": "0300 111 3000",
                  "email": "info@housing-ombudsman.org.uk",
                  "website": "www.housing-ombudsman.org.uk"},
}


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _read(slug: str, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    path = Path(os.environ.get("POLICY_DIR", POLICY_DIR)) / f"{slug}.yaml"
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    parent = data.pop("extends", None)
    if parent and parent not in seen:
        return _merge(_read(parent, seen + (slug,)), data)
    return data


@functools.lru_cache(maxsize=8)
def load_policy(slug: str | None = None) -> dict[str, Any]:
    """The policy named by INTAKE_POLICY (default code-2024), with `extends` applied."""
    slug = slug or os.environ.get("INTAKE_POLICY", DEFAULT_POLICY)
    try:
        return _merge(_FALLBACK, _read(slug))
    except (OSError, yaml.YAMLError):
        return dict(_FALLBACK)
