"""Who may do what to cases: API key scopes and staff roles, one set of checks.

An API key carries scopes; a staff role grants a fixed set of the same scopes. Every
operation in the case service names the permission it needs (``require``), so /api/v1
and the staff pages refuse the same things for the same reasons. docs/api-contract.md
lists the scopes.
"""

from __future__ import annotations

from .errors import Forbidden

# The scopes an API key may carry. A key created without any may use them all.
SCOPES: dict[str, str] = {
    "cases:file": "file new cases (POST /api/v1/cases)",
    "cases:read_own": "read and list the cases this key filed",
    "cases:read": "read, list and search every case",
    "cases:lookup": "a resident's case by its reference plus their phone number or postcode",
    "cases:escalate": "ask for stage 2 for a resident who proves the case is theirs (Code 6.11)",
    "cases:handle": "a complaint handler's steps: acknowledge, edit the definition, extend "
    "within the Code's limit, respond, escalate, notes, reclassify as a complaint, close "
    "once responded, set a hazard and record its steps (Awaab's Law)",
    "cases:manage": "a manager's decisions: decline (Code 2.4), assign handlers, extend beyond "
    "the Code's limit, reclassify a complaint as something else, close an unanswered complaint",
    "calendar:read": "working-day arithmetic (GET /api/v1/calendar/working-days)",
    "reports:read": "the annual complaints performance report (GET /api/v1/reports/annual; "
    "Code 8.1, 9.7): figures, and the reasons staff gave for extensions and refusals",
    "policy:read": "the resident-facing landlord policy: numbers, timescales, case kinds, "
    "channels and text limits (GET /api/v1/policy), no resident's details",
}
ALL_SCOPES = frozenset(SCOPES)

# What the assistant's key needs: file, read what it filed, look up and escalate for a
# resident who proves the case is theirs, and read the policy it tells residents about.
# Never respond, close, decline or reclassify.
ASSISTANT_SCOPES = ("cases:file", "cases:read_own", "cases:lookup", "cases:escalate",
                    "policy:read")

_HANDLER = frozenset({"cases:file", "cases:read", "cases:lookup", "cases:escalate",
                      "cases:handle", "calendar:read", "policy:read"})
# Code 9.4-9.7: the performance report is for managers and the governing body.
_MANAGER = _HANDLER | {"cases:manage", "reports:read"}
# Staff roles map onto the same scopes; an admin also manages staff users.
ROLE_SCOPES: dict[str, frozenset[str]] = {
    "handler": _HANDLER,
    "manager": _MANAGER,
    "admin": _MANAGER | {"users:manage"},
}

# The scope each operation needs (the staff pages use the same names).
PERMISSIONS: dict[str, str] = {
    "file": "cases:file",
    "view": "cases:read",
    "lookup": "cases:lookup",
    "acknowledge": "cases:handle",
    "edit_definition": "cases:handle",
    "reclassify": "cases:handle",  # to a complaint: never talk a resident out of complaining (1.3)
    "reclassify_from_complaint": "cases:manage",  # a complaint becomes something else
    "extend": "cases:handle",
    "extend_beyond_limit": "cases:manage",  # Code 6.4 / 6.15: only with good reason
    "respond": "cases:handle",
    "escalate": "cases:handle",
    "escalate_for_resident": "cases:escalate",  # Code 6.12: on the resident's request, with proof
    "note": "cases:handle",
    "resend_notice": "cases:handle",  # retry a notice not delivered, or send it by letter
    "close": "cases:handle",
    "close_unanswered_complaint": "cases:manage",  # closing a complaint with no response sent
    "assign": "cases:manage",
    "decline": "cases:manage",  # Code 2.1-2.5: exclusions are a decision to evidence
    # Awaab's Law (docs/hazards.md): the assistant's key may give a hazard when filing
    # (cases:file); setting or changing it later, and recording each step, is staff work.
    "set_hazard": "cases:handle",
    "record_hazard_step": "cases:handle",
    "working_days": "calendar:read",
    "manage_users": "users:manage",
    "read_reports": "reports:read",
    "read_policy": "policy:read",
}

WHAT = {
    "file": "file cases",
    "view": "read cases",
    "lookup": "look up a resident's case",
    "acknowledge": "acknowledge complaints",
    "edit_definition": "edit complaint definitions",
    "reclassify": "reclassify cases",
    "reclassify_from_complaint": "reclassify a complaint as something else",
    "extend": "extend deadlines",
    "extend_beyond_limit": "extend beyond the Code's limit",
    "respond": "record responses",
    "escalate": "escalate complaints",
    "escalate_for_resident": "ask for stage 2 for a resident",
    "note": "add notes",
    "resend_notice": "resend notices to residents",
    "close": "close cases",
    "close_unanswered_complaint": "close a complaint that has not been responded to",
    "assign": "assign handlers",
    "decline": "decline cases",
    "set_hazard": "set or change a case's hazard",
    "record_hazard_step": "record the steps on a hazard",
    "working_days": "use the working-day calendar",
    "manage_users": "manage staff users",
    "read_reports": "read the complaints performance report",
    "read_policy": "read the landlord policy",
}


def parse_scopes(values: list[str] | tuple[str, ...]) -> frozenset[str]:
    """Scopes named on the command line; ValueError naming any unknown one."""
    scopes = frozenset(v.strip() for value in values for v in value.split(",") if v.strip())
    unknown = sorted(scopes - ALL_SCOPES)
    if unknown:
        raise ValueError(
            f"unknown scope {', '.join(unknown)}; the scopes are: {', '.join(SCOPES)}"
        )
    return scopes


def scopes_for_role(role: str) -> frozenset[str]:
    return ROLE_SCOPES.get(role, frozenset())


def allowed(scopes: frozenset[str], action: str) -> bool:
    return PERMISSIONS[action] in scopes


def require(scopes: frozenset[str], action: str, who: str) -> None:
    """Raise Forbidden (403) unless ``scopes`` allow ``action``."""
    if not allowed(scopes, action):
        needed = PERMISSIONS[action]
        raise Forbidden(f"{who} may not {WHAT[action]}: that needs the {needed!r} scope")
