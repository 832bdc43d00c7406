"""Landlord policy settings, and the check of a policy against the Code (docs/architecture.md §8).

One YAML file per landlord in ``data/policies/``; ``code-2024.yaml`` holds the Code's
own minimums and is the default. A landlord file may say ``extends: code-2024`` and
override only what its published policy says (docs/policies.md has the format).

``check_policy`` reports, in the shape of the Code's self-assessment form (Appendix B:
provision, requirement, complies, explanation), where a policy's settings are less
generous to residents than the Code. Reading YAML is the only I/O here.
"""

from __future__ import annotations

import os
import re
import sys
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, TextIO

import yaml

from .calendar import MAX_WORKING_DAYS, NATIONS, WorkingCalendar, calendar_for
from .hazards import LAW, HazardPolicy, HazardPolicyError, parse_hazard_policy
from .sla import StageTimescales

DEFAULT_POLICY = "code-2024"
POLICY_DIR_ENV = "INTAKE_POLICY_DIR"

STAGES = ("stage_1", "stage_2")
ResponseCountedFrom = Literal["acknowledgement", "receipt"]
RESPONSE_COUNTED_FROM: tuple[str, ...] = ("acknowledgement", "receipt")
TARGET_UNITS: tuple[str, ...] = ("hours", "working_days")
WINDOW_UNITS: tuple[str, ...] = ("working_days", "calendar_days")

# The Code's minimums, against which check_policy measures a policy.
CODE_EXCLUSION_WINDOW_MONTHS = 12  # Code 2.3
CODE_STAGE_1 = StageTimescales(acknowledge_days=5, response_days=10, max_extension_days=10)
CODE_STAGE_2 = StageTimescales(acknowledge_days=5, response_days=20, max_extension_days=20)

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_CHANNEL = re.compile(r"^[a-z][a-z0-9_]*$")
_UK_PHONE = re.compile(r"^(?:0|\+44)\d{9,10}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class PolicyError(ValueError):
    """A policy file that cannot be read or does not make sense; the message names the field."""


@dataclass(frozen=True)
class OmbudsmanContact:
    name: str
    phone: str
    email: str
    website: str
    address: str | None = None


@dataclass(frozen=True)
class ServiceRequestTarget:
    """A landlord's target for one service-request priority (Code 1.4: recorded and monitored)."""

    amount: int
    unit: Literal["hours", "working_days"]

    def __str__(self) -> str:
        label = "hours" if self.unit == "hours" else "working days"
        return f"{self.amount} {label}"


@dataclass(frozen=True)
class EscalationWindow:
    """How long after the stage 1 response a resident has to ask for stage 2."""

    days: int
    unit: Literal["working_days", "calendar_days"]

    def __str__(self) -> str:
        return f"{self.days} {self.unit.replace('_', ' ')}"


@dataclass(frozen=True)
class Policy:
    slug: str
    name: str
    nation: str
    stage_1: StageTimescales
    stage_2: StageTimescales
    exclusion_window_months: int
    escalation_window: EscalationWindow | None
    at_risk_working_days: int
    service_request_targets: Mapping[str, ServiceRequestTarget]
    out_of_hours_phone: str
    landlord_phone: str
    ombudsman: OmbudsmanContact
    channels: tuple[str, ...]
    closure_days: frozenset[date] = field(default_factory=frozenset)
    informal_stage: bool = False
    stages: int = 2
    response_counted_from: ResponseCountedFrom = "acknowledgement"
    # Homes owned or managed: the denominator of "complaints per 1,000 homes" in the
    # annual report (Code 8.1; the Regulator's TSM CH01). None: not set.
    homes: int | None = None
    # Awaab's Law hazard classes and timescales (domain/hazards.py); the law's by default.
    hazards: HazardPolicy = LAW
    # Approved WhatsApp templates (Twilio ContentSid) by notice kind, for writing to a
    # resident outside WhatsApp's 24-hour window (docs/outbound.md); none: SMS instead.
    whatsapp_templates: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    source: Path | None = field(default=None, compare=False)

    def timescales(self, stage: str) -> StageTimescales:
        if stage == "stage_1":
            return self.stage_1
        if stage == "stage_2":
            return self.stage_2
        raise ValueError(f"unknown stage {stage!r}; stages are: {', '.join(STAGES)}")

    def calendar(self, nation: str | None = None) -> WorkingCalendar:
        """Working days for the policy's nation (or ``nation``), minus its closure days."""
        return calendar_for(nation or self.nation, self.closure_days)

    def escalation_deadline(self, responded_on: date, nation: str | None = None) -> date | None:
        """Last day to ask for stage 2, counted from the stage 1 response; None if no limit.

        A calendar-day window ending on a day the landlord is closed runs on to the next
        working day, so the resident never loses a day to a weekend or bank holiday.
        """
        window = self.escalation_window
        if window is None:
            return None
        calendar = self.calendar(nation)
        if window.unit == "working_days":
            return calendar.add_working_days(responded_on, window.days)
        return calendar.roll_forward(responded_on + timedelta(days=window.days))


@dataclass(frozen=True)
class Finding:
    """One row of the self-assessment: a Code provision and whether the policy meets it."""

    provision: str
    requirement: str
    complies: bool
    explanation: str


# ---- locating and loading policy files -------------------------------------------------


def policy_dir() -> Path:
    """``data/policies`` in the repository, unless ``INTAKE_POLICY_DIR`` says otherwise."""
    override = os.environ.get(POLICY_DIR_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "data" / "policies"


def available_policies() -> list[str]:
    """The slugs of the policy files in the policy directory."""
    return sorted(p.stem for p in policy_dir().glob("*.yaml"))


def load_policy(ref: str | Path) -> Policy:
    """A policy by slug (``"code-2024"``, looked up in the policy directory) or file path."""
    path = _resolve(ref)
    raw = _read_with_extends(path, seen=())
    try:
        return _build(path.stem, raw, path)
    except PolicyError as exc:
        raise PolicyError(f"{path}: {exc}") from None


@lru_cache(maxsize=1)
def default_policy() -> Policy:
    return load_policy(DEFAULT_POLICY)


def _resolve(ref: str | Path) -> Path:
    if isinstance(ref, Path) or ref.endswith((".yaml", ".yml")) or "/" in ref or os.sep in ref:
        path = Path(ref)
        if not path.is_file():
            raise PolicyError(f"no policy file at {path}")
        return path
    if not _SLUG.match(ref):
        raise PolicyError(f"{ref!r} is neither a policy file nor a policy name (like 'code-2024')")
    path = policy_dir() / f"{ref}.yaml"
    if not path.is_file():
        known = ", ".join(available_policies()) or "none"
        raise PolicyError(f"no policy named {ref!r} in {policy_dir()}; available: {known}")
    return path


class _PolicyLoader(yaml.SafeLoader):
    """Safe YAML, but dates stay text: a bad date (2026-12-32) is then reported against
    its field instead of failing the whole file."""


_PolicyLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_PolicyLoader)
    except yaml.YAMLError as exc:
        raise PolicyError(f"{path}: not valid YAML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"{path}: cannot be read: {exc}") from None
    if not isinstance(data, dict):
        raise PolicyError(f"{path}: a policy file must be a mapping of settings")
    return data


# Sections whose keys a landlord file may override one by one when it extends another.
_MERGED_SECTIONS = ("stage_1", "stage_2", "ombudsman", "service_request_targets", "hazards",
                    "whatsapp_templates")


def _read_with_extends(path: Path, seen: tuple[Path, ...]) -> dict[str, Any]:
    here = path.resolve()
    if here in seen:
        chain = " -> ".join(p.stem for p in (*seen, here))
        raise PolicyError(f"{path}: extends: policies extend each other in a loop ({chain})")
    data = _read_yaml(path)
    base_ref = data.pop("extends", None)
    if base_ref is None:
        return data
    if not isinstance(base_ref, str) or not _SLUG.match(base_ref):
        raise PolicyError(
            f"{path}: extends: must be a policy name like 'code-2024', not {base_ref!r}"
        )
    # A sibling file first (a landlord's own set), then the policy directory.
    base_path = path.parent / f"{base_ref}.yaml"
    if not base_path.is_file():
        base_path = policy_dir() / f"{base_ref}.yaml"
    if not base_path.is_file():
        raise PolicyError(f"{path}: extends: no policy named {base_ref!r}")
    base = _read_with_extends(base_path, (*seen, here))
    merged = dict(base)
    for key, value in data.items():
        if key in _MERGED_SECTIONS and isinstance(value, dict) and isinstance(base.get(key), dict):
            merged[key] = {**base[key], **value}
        else:
            merged[key] = value
    return merged


# ---- validation: every message starts with the field it is about ----------------------

_REQUIRED = (
    "name",
    "nation",
    "stage_1",
    "stage_2",
    "exclusion_window_months",
    "at_risk_working_days",
    "landlord_phone",
    "out_of_hours_phone",
    "ombudsman",
    "channels",
)
_OPTIONAL = (
    "stages",
    "informal_stage",
    "response_counted_from",
    "escalation_window",
    "closure_days",
    "service_request_targets",
    "homes",
    "hazards",
    "whatsapp_templates",
)


def _build(slug: str, raw: dict[str, Any], source: Path | None) -> Policy:
    unknown = sorted(set(raw) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise PolicyError(
            f"{unknown[0]}: unknown setting; known settings are: "
            f"{', '.join((*_REQUIRED, *_OPTIONAL, 'extends'))}"
        )
    for key in _REQUIRED:
        if raw.get(key) is None:
            raise PolicyError(f"{key}: missing (set it, or extend a policy that has it)")

    return Policy(
        slug=slug,
        name=_text(raw["name"], "name"),
        nation=_nation(raw["nation"]),
        stage_1=_timescales(raw["stage_1"], "stage_1"),
        stage_2=_timescales(raw["stage_2"], "stage_2"),
        exclusion_window_months=_whole(
            raw["exclusion_window_months"], "exclusion_window_months", 1200
        ),
        escalation_window=_escalation_window(raw.get("escalation_window")),
        at_risk_working_days=_whole(raw["at_risk_working_days"], "at_risk_working_days"),
        service_request_targets=_targets(raw.get("service_request_targets") or {}),
        out_of_hours_phone=_phone(raw["out_of_hours_phone"], "out_of_hours_phone"),
        landlord_phone=_phone(raw["landlord_phone"], "landlord_phone"),
        ombudsman=_ombudsman(raw["ombudsman"]),
        channels=_channels(raw["channels"]),
        closure_days=_closure_days(raw.get("closure_days") or []),
        informal_stage=_flag(raw.get("informal_stage", False), "informal_stage"),
        stages=_whole(raw.get("stages", 2), "stages", 10, minimum=1),
        response_counted_from=_choice(
            raw.get("response_counted_from", "acknowledgement"),
            "response_counted_from",
            RESPONSE_COUNTED_FROM,
        ),
        homes=_homes(raw.get("homes")),
        hazards=_hazards(raw.get("hazards")),
        whatsapp_templates=_whatsapp_templates(raw.get("whatsapp_templates") or {}),
        source=source,
    )


def _hazards(value: Any) -> HazardPolicy:
    try:
        return parse_hazard_policy(value)
    except HazardPolicyError as exc:
        raise PolicyError(str(exc)) from None


def _homes(value: Any) -> int | None:
    """The number of homes, or None when the policy does not say (the report says "not set")."""
    if value is None:
        return None
    return _whole(value, "homes", 10_000_000, minimum=1)


def _whole(value: Any, where: str, maximum: int = MAX_WORKING_DAYS, minimum: int = 0) -> int:
    # bool is an int in Python; `true` is never a number of days.
    if isinstance(value, bool) or not isinstance(value, int):
        raise PolicyError(f"{where}: must be a whole number, not {value!r}")
    if value < minimum:
        raise PolicyError(f"{where}: must be {minimum} or more, not {value}")
    if value > maximum:
        raise PolicyError(f"{where}: must be at most {maximum}, not {value}")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise PolicyError(f"{where}: must be non-empty text, not {value!r}")
    return value.strip()


def _flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise PolicyError(f"{where}: must be true or false, not {value!r}")
    return value


def _choice(value: Any, where: str, choices: tuple[str, ...]) -> Any:
    if value not in choices:
        raise PolicyError(f"{where}: must be one of {', '.join(choices)}, not {value!r}")
    return value


def _mapping(value: Any, where: str, keys: Iterable[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise PolicyError(f"{where}: must be a mapping, not {value!r}")
    allowed = tuple(keys)
    for key in value:
        if key not in allowed:
            raise PolicyError(f"{where}.{key}: unknown setting; known: {', '.join(allowed)}")
    return value


def _nation(value: Any) -> str:
    name = (
        value.strip().lower().replace(" ", "_").replace("-", "_") if isinstance(value, str) else ""
    )
    if name not in NATIONS:
        raise PolicyError(
            f"nation: unknown nation {value!r}; valid nations are: {', '.join(NATIONS)}"
        )
    return name


def _timescales(value: Any, where: str) -> StageTimescales:
    keys = ("acknowledge_days", "response_days", "max_extension_days")
    section = _mapping(value, where, keys)
    for key in keys:
        if key not in section:
            raise PolicyError(f"{where}.{key}: missing")
    return StageTimescales(**{key: _whole(section[key], f"{where}.{key}") for key in keys})


def _escalation_window(value: Any) -> EscalationWindow | None:
    if value is None:
        return None
    section = _mapping(value, "escalation_window", ("days", "unit"))
    if "days" not in section:
        raise PolicyError("escalation_window.days: missing")
    return EscalationWindow(
        days=_whole(section["days"], "escalation_window.days", minimum=1),
        unit=_choice(section.get("unit", "working_days"), "escalation_window.unit", WINDOW_UNITS),
    )


def _targets(value: Any) -> Mapping[str, ServiceRequestTarget]:
    if not isinstance(value, dict):
        raise PolicyError(
            f"service_request_targets: must be a mapping of priorities, not {value!r}"
        )
    targets: dict[str, ServiceRequestTarget] = {}
    for priority, spec in value.items():
        where = f"service_request_targets.{priority}"
        section = _mapping(spec, where, TARGET_UNITS)
        if len(section) != 1:
            raise PolicyError(f"{where}: give exactly one of {', '.join(TARGET_UNITS)}")
        ((unit, amount),) = section.items()
        targets[str(priority)] = ServiceRequestTarget(
            _whole(amount, f"{where}.{unit}", minimum=1), unit
        )
    return MappingProxyType(targets)


_NOTICE_KINDS = ("filed", "acknowledgement", "extension", "response", "escalation", "decline",
                 "closure", "hazard_summary")
_CONTENT_SID = re.compile(r"^HX[0-9a-fA-F]{32}$")


def _whatsapp_templates(value: Any) -> Mapping[str, str]:
    section = _mapping(value, "whatsapp_templates", _NOTICE_KINDS)
    for kind, sid in section.items():
        if not isinstance(sid, str) or not _CONTENT_SID.match(sid):
            raise PolicyError(
                f"whatsapp_templates.{kind}: {sid!r} is not a Twilio ContentSid (HX and 32 hex digits)"
            )
    return MappingProxyType(dict(section))


def _phone(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise PolicyError(f"{where}: must be a phone number in quotes, not {value!r}")
    digits = re.sub(r"[\s()-]", "", value)
    if not _UK_PHONE.match(digits):
        raise PolicyError(f"{where}: {value!r} is not a UK phone number")
    return value.strip()


def _ombudsman(value: Any) -> OmbudsmanContact:
    section = _mapping(value, "ombudsman", ("name", "phone", "email", "website", "address"))
    email = _text(section.get("email"), "ombudsman.email")
    if not _EMAIL.match(email):
        raise PolicyError(f"ombudsman.email: {email!r} is not an email address")
    website = _text(section.get("website"), "ombudsman.website")
    if " " in website:
        raise PolicyError(f"ombudsman.website: {website!r} is not a web address")
    address = section.get("address")
    return OmbudsmanContact(
        name=_text(section.get("name"), "ombudsman.name"),
        phone=_phone(section.get("phone"), "ombudsman.phone"),
        email=email,
        website=website,
        address=None if address is None else _text(address, "ombudsman.address"),
    )


def _channels(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise PolicyError(f"channels: must be a non-empty list, not {value!r}")
    for i, channel in enumerate(value):
        if not isinstance(channel, str) or not _CHANNEL.match(channel):
            raise PolicyError(f"channels[{i}]: {channel!r} is not a channel name like 'web_chat'")
    return tuple(value)


def _closure_days(value: Any) -> frozenset[date]:
    if not isinstance(value, list):
        raise PolicyError(f"closure_days: must be a list of dates, not {value!r}")
    days: set[date] = set()
    for i, item in enumerate(value):
        if isinstance(item, date):
            days.add(item)
            continue
        try:
            days.add(date.fromisoformat(str(item)))
        except ValueError:
            raise PolicyError(f"closure_days[{i}]: {item!r} is not a date (YYYY-MM-DD)") from None
    return frozenset(days)


# ---- the check against the Code -----------------------------------------------------


def check_policy(policy: Policy) -> list[Finding]:
    """One self-assessment row per Code provision the settings can show; compliant rows too."""
    s1, s2 = policy.stage_1, policy.stage_2
    rows = [
        _exclusion_window(policy),
        _row(
            "3.1",
            "Residents must be able to complain through different channels.",
            len(policy.channels) >= 2,
            f"Channels: {', '.join(policy.channels)}.",
            "Offer more than one way to complain.",
        ),
        _ombudsman_details(policy),
        _row(
            "5.2",
            "No extra named stages such as 'stage 0' or 'informal complaint'.",
            not policy.informal_stage,
            "The policy has no informal stage before stage 1."
            if not policy.informal_stage
            else "The policy has an informal stage before stage 1 (e.g. 'service dissatisfaction').",
            "Log dissatisfaction the resident wants treated as a complaint at stage 1 straight away.",
        ),
        _row(
            "5.3",
            "A complaints process of exactly 2 stages.",
            policy.stages == 2,
            f"The policy has {policy.stages} {'stage' if policy.stages == 1 else 'stages'}.",
            "Run a 2-stage process: stage 1 and a final stage 2.",
        ),
        _escalation(policy),
        _days_row(
            "6.2",
            "Stage 1: acknowledge, define and log within 5 working days of receipt.",
            s1.acknowledge_days,
            CODE_STAGE_1.acknowledge_days,
            "to acknowledge at stage 1",
        ),
        _response_row(
            "6.3",
            "stage 1",
            "10 working days of the complaint being acknowledged",
            s1.response_days,
            CODE_STAGE_1.response_days,
            policy.response_counted_from,
        ),
        _days_row(
            "6.4",
            "Stage 1: an extension of no more than 10 working days without good reason.",
            s1.max_extension_days,
            CODE_STAGE_1.max_extension_days,
            "extension at stage 1",
        ),
        _days_row(
            "6.11",
            "Stage 2: acknowledge, define and log within 5 working days of the escalation request.",
            s2.acknowledge_days,
            CODE_STAGE_2.acknowledge_days,
            "to acknowledge at stage 2",
        ),
        _response_row(
            "6.14",
            "stage 2",
            "20 working days of the complaint being acknowledged",
            s2.response_days,
            CODE_STAGE_2.response_days,
            policy.response_counted_from,
        ),
        _days_row(
            "6.15",
            "Stage 2: an extension of no more than 20 working days without good reason.",
            s2.max_extension_days,
            CODE_STAGE_2.max_extension_days,
            "extension at stage 2",
        ),
    ]
    return rows


def _row(provision: str, requirement: str, complies: bool, facts: str, fix: str) -> Finding:
    explanation = facts if complies else f"{facts} {fix}"
    return Finding(provision, requirement, complies, explanation)


def _exclusion_window(policy: Policy) -> Finding:
    months = policy.exclusion_window_months
    complies = months >= CODE_EXCLUSION_WINDOW_MONTHS
    if complies:
        explanation = f"Complaints are accepted for {months} months after the issue (the Code: 12)."
    else:
        explanation = (
            f"Complaints about issues more than {months} months old are excluded; the Code "
            f"requires accepting them for 12 months. Set exclusion_window_months to 12 or more."
        )
    return Finding(
        "2.3",
        "Accept complaints within 12 months of the issue occurring or the resident becoming aware of it.",
        complies,
        explanation,
    )


def _ombudsman_details(policy: Policy) -> Finding:
    contact = policy.ombudsman
    given = [
        label
        for label, value in (
            ("phone", contact.phone),
            ("email", contact.email),
            ("website", contact.website),
            ("address", contact.address),
        )
        if value
    ]
    explanation = f"{contact.name}: {', '.join(given)} given to residents"
    if contact.address is None:
        explanation += "; no postal address set."
    else:
        explanation += "."
    return Finding(
        "3.7, 6.5, 6.16",
        "Tell residents of their right to go to the Ombudsman and how; give the Ombudsman's "
        "contact details whenever a response is extended.",
        # The loader refuses a policy without name, phone, email and website.
        bool(contact.name and contact.phone and contact.email and contact.website),
        explanation,
    )


def _escalation(policy: Policy) -> Finding:
    window = policy.escalation_window
    if window is None:
        explanation = "No time limit on asking for stage 2."
    else:
        explanation = (
            f"Stage 2 may be refused if asked for more than {window} after the stage 1 "
            f"response. The Code sets no such limit: use discretion (2.3, 2.5) and, when "
            f"refusing, give reasons and the right to go to the Ombudsman (2.4)."
        )
    return Finding(
        "5.11",
        "Do not refuse to escalate a complaint to stage 2 without valid reasons (section 2).",
        True,
        explanation,
    )


def _working_days(days: int) -> str:
    return f"{days} working day" if days == 1 else f"{days} working days"


def _days_row(provision: str, requirement: str, days: int, code_days: int, what: str) -> Finding:
    complies = days <= code_days
    if days == code_days:
        explanation = f"{_working_days(days)} {what}, as the Code."
    elif complies:
        explanation = f"{_working_days(days)} {what}: quicker than the Code's {code_days}."
    else:
        explanation = (
            f"{_working_days(days)} {what}: longer than the Code's {code_days}, so less "
            f"generous to residents."
        )
    return Finding(provision, requirement, complies, explanation)


def _response_row(
    provision: str, stage: str, code_text: str, days: int, code_days: int, counted_from: str
) -> Finding:
    requirement = f"{stage.capitalize()}: a full response within {code_text}."
    complies = days <= code_days
    if counted_from == "receipt":
        if complies:
            explanation = (
                f"{_working_days(days)} counted from receipt, not from acknowledgement: more "
                f"generous than the Code, as the response is never due later than "
                f"{code_days} working days after the acknowledgement."
            )
        else:
            explanation = (
                f"{_working_days(days)} counted from receipt: longer than the Code's "
                f"{code_days}, so a promptly acknowledged complaint can wait more than "
                f"{code_days} working days after acknowledgement."
            )
    elif days == code_days:
        explanation = f"{_working_days(days)} from acknowledgement, as the Code."
    elif complies:
        explanation = (
            f"{_working_days(days)} from acknowledgement: quicker than the Code's {code_days}."
        )
    else:
        explanation = (
            f"{_working_days(days)} from acknowledgement: longer than the Code's {code_days}, "
            f"so less generous to residents."
        )
    return Finding(provision, requirement, complies, explanation)


# ---- reporting --------------------------------------------------------------------------

_COLUMNS = (("Provision", 10), ("Code requirement", 40), ("Comply", 6), ("Explanation", 56))


def format_self_assessment(findings: Iterable[Finding], title: str | None = None) -> str:
    """The findings as a plain-text table: provision | requirement | comply | explanation."""
    findings = list(findings)
    lines: list[str] = []
    if title:
        lines += [title, ""]
    widths = [width for _, width in _COLUMNS]
    header = [textwrap.wrap(name, width) for name, width in _COLUMNS]
    rule = "-+-".join("-" * w for w in widths)
    lines += _table_row(header, widths)
    lines.append(rule)
    for finding in findings:
        cells = [
            textwrap.wrap(finding.provision, widths[0]),
            textwrap.wrap(finding.requirement, widths[1]),
            ["Yes" if finding.complies else "No"],
            textwrap.wrap(finding.explanation, widths[3]),
        ]
        lines += _table_row(cells, widths)
        lines.append(rule)
    failing = [f.provision for f in findings if not f.complies]
    lines.append(f"{len(findings) - len(failing)} of {len(findings)} provisions comply.")
    if failing:
        lines.append(f"Less generous than the Code: {'; '.join(failing)}.")
    return "\n".join(lines)


def _table_row(cells: list[list[str]], widths: list[int]) -> list[str]:
    height = max(len(cell) for cell in cells)
    return [
        " | ".join(
            (cell[i] if i < len(cell) else "").ljust(width) for cell, width in zip(cells, widths)
        ).rstrip()
        for i in range(height)
    ]


def run_policy_check(
    path_or_slug: str | Path, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Print the self-assessment of a policy file. Exit code: 0 all comply, 1 some do not,
    2 the file is invalid."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        policy = load_policy(path_or_slug)
    except PolicyError as exc:
        print(f"error: {exc}", file=err)
        return 2
    findings = check_policy(policy)
    title = (
        f"Self-assessment of {policy.name} ({policy.slug}) against the Housing Ombudsman "
        f"Complaint Handling Code 2024"
    )
    print(format_self_assessment(findings, title=title), file=out)
    return 0 if all(f.complies for f in findings) else 1
