"""The landlord's policy settings (data/policies/<slug>.yaml), read once per process."""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path
from typing import Any

import yaml

logger = logging.getLogger(__name__)

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


def _policy_dir() -> Path:
    # The same variable the intake API reads, so both use the same files.
    return Path(os.environ.get("INTAKE_POLICY_DIR") or os.environ.get("POLICY_DIR")
                or POLICY_DIR)


def _path_for(ref: str) -> Path:
    """A slug ("code-2024", in the policy directory) or a file path, as the API takes."""
    if ref.endswith((".yaml", ".yml")) or "/" in ref or os.sep in ref:
        return Path(ref)
    return _policy_dir() / f"{ref}.yaml"


def _read(path: Path, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    parent = data.pop("extends", None)
    if parent and path.resolve() not in seen:
        # A sibling file first (a landlord's own set), then the policy directory.
        base = path.parent / f"{parent}.yaml"
        if not base.is_file():
            base = _policy_dir() / f"{parent}.yaml"
        return _merge(_read(base, seen + (path.resolve(),)), data)
    return data


@functools.lru_cache(maxsize=8)
def load_policy(slug: str | None = None) -> dict[str, Any]:
    """The policy named by INTAKE_POLICY (a slug or a file path, as for the intake API;
    default code-2024), with `extends` applied."""
    ref = slug or os.environ.get("INTAKE_POLICY", DEFAULT_POLICY)
    try:
        return _merge(_FALLBACK, _read(_path_for(ref)))
    except (OSError, yaml.YAMLError):
        # Not silent: without the file the landlord's own phone numbers are missing.
        logger.error("policy %r could not be read; using the Code's defaults only", ref)
        return dict(_FALLBACK)
