"""The case service: every operation on a case, each one appending to its event log.

Routes and staff pages call these functions; they hold the rules, the HTTP layer
only translates.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Text, cast, func, insert, literal, or_, select, text, update
from sqlalchemy.exc import IntegrityError, ProgrammingError
from sqlalchemy.orm import Session, selectinload

from .. import schemas
from ..core import text as text_rules
from ..domain import notices, sla
from ..domain.calendar import WorkingCalendar, end_of_local_day, local_date
from ..domain.hazards import HazardPolicyError
from ..domain.policy import Policy
from ..models import Base, Case, CaseEvent, Clock, HazardClock, IdempotencyKey, ReferenceCounter
from . import access, hazard_clocks, outbox
from .errors import Conflict, Invalid, NotFound
from .policies import ombudsman_of, policy_for

log = logging.getLogger(__name__)

REFERENCE_PREFIXES = {
    "complaint": "CMP",
    "service_request": "SR",
    "asb_report": "ASB",
    "compliment": "CPL",
    "enquiry": "ENQ",
    "emergency": "EMG",
    "out_of_scope": "OOS",
    "survey_feedback": "SVY",
    "unclear": "GEN",
}
OPEN_STATUSES = ("open", "acknowledged", "responded")
CLOSED_STATUSES = ("closed", "declined")
COUNT_CAP = 10_000
STATE_SEVERITY = {"overdue": 3, "at_risk": 2, "running": 1}


@dataclass(frozen=True)
class Actor:
    """Who did something: a staff user or an integration's API key, with what they may
    do (the key's scopes, or the scopes of the staff member's role; see ``access``)."""

    name: str
    is_staff: bool = False
    scopes: frozenset[str] = access.ALL_SCOPES
    role: str | None = None

    @property
    def label(self) -> str:
        return self.name if self.is_staff else f"integration:{self.name}"

    @property
    def described(self) -> str:
        if self.is_staff:
            return f"{self.name} ({self.role})" if self.role else self.name
        return f"the API key {self.name!r}"

    def may(self, action: str) -> bool:
        return access.allowed(self.scopes, action)

    def require(self, action: str) -> None:
        """Forbidden (403) unless this actor may do ``action``."""
        access.require(self.scopes, action, self.described)


def _now() -> datetime:
    return datetime.now(UTC)


def _storable(field: str, value: Any) -> None:
    """Text from a path, query string or form that no database could store: a 422
    naming the field (JSON bodies are checked by the schemas)."""
    if not text_rules.storable(value):
        raise Invalid(f"{field}: {text_rules.MESSAGE}", field)


def _event(session: Session, case: Case, type_: str, actor: Actor, **data: Any) -> None:
    session.add(CaseEvent(case_id=case.id, type=type_, actor=actor.label, data=data, at=_now()))


def _policy(case: Case) -> Policy:
    return policy_for(case.policy)


def _calendar(case: Case) -> WorkingCalendar:
    return _policy(case).calendar(case.nation)


# ---- references ------------------------------------------------------------------


_known_sequences: set[str] = set()


def next_reference(session: Session, prefix: str, year: int) -> str | ColumnElement[str]:
    """A human-friendly reference (``CMP-2026-000123``), unique under concurrency.

    PostgreSQL: one sequence per prefix and year, so concurrent filings never wait on
    each other (gaps after a failed request are possible, duplicates are not); the
    answer is a SQL expression to put in the INSERT, saving a round trip. SQLite
    serialises writers anyway: a counter row updated inside the filing's transaction."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        sequence = f"case_reference_{prefix.lower()}_{year}"
        if sequence not in _known_sequences:
            _create_sequence(connection.engine, sequence)
        number = func.lpad(cast(func.nextval(literal(sequence)), Text), 6, "0")
        return literal(f"{prefix}-{year}-", Text) + number
    value = session.execute(
        update(ReferenceCounter)
        .where(ReferenceCounter.prefix == prefix, ReferenceCounter.year == year)
        .values(value=ReferenceCounter.value + 1)
        .returning(ReferenceCounter.value)
    ).scalar_one_or_none()
    if value is None:
        session.execute(insert(ReferenceCounter).values(prefix=prefix, year=year, value=1))
        value = 1
    return f"{prefix}-{year}-{value:06d}"


def _create_sequence(engine, sequence: str) -> None:
    try:
        with engine.connect() as conn:
            conn.execute(text(f"CREATE SEQUENCE IF NOT EXISTS {sequence}"))
            conn.commit()
    except (IntegrityError, ProgrammingError):
        pass  # created by a concurrent request between IF NOT EXISTS and CREATE
    _known_sequences.add(sequence)


# ---- clocks ------------------------------------------------------------------------


def _open_stage_clocks(case: Case, stage: str, started: datetime, policy: Policy) -> None:
    """Start a complaint stage's clocks (Code 6.2–6.3, 6.11, 6.14)."""
    calendar = policy.calendar(case.nation)
    timescales = policy.timescales(stage)
    dates = sla.stage_dates(started, calendar, timescales, counted_from=policy.response_counted_from)
    common = {"nation": case.nation, "calendar_version": calendar.version}
    case.clocks.append(
        Clock(stage=stage, name="acknowledge", started_on=local_date(started),
              due=dates.acknowledge_due, projected=False, **common)
    )
    case.clocks.append(
        Clock(stage=stage, name="response", started_on=local_date(started), due=dates.response_due,
              projected=dates.response_projected, **common)
    )


def _open_service_request_clock(case: Case, policy: Policy) -> None:
    """Service requests keep the policy's own targets by priority (Code 1.4)."""
    priority = (case.service_request or {}).get("priority") or "routine"
    target = policy.service_request_targets.get(priority)
    if target is None:
        return
    calendar = policy.calendar(case.nation)
    received = local_date(case.received_at)
    if target.unit == "hours":
        due = local_date(case.received_at + timedelta(hours=target.amount))
    else:
        due = calendar.add_working_days(received, target.amount)
    case.clocks.append(
        Clock(stage="service_request", name="target", started_on=received, due=due,
              nation=case.nation, calendar_version=calendar.version)
    )


def _clock(case: Case, stage: str, name: str) -> Clock | None:
    return next((c for c in case.clocks if c.stage == stage and c.name == name), None)


def _refresh(case: Case, today: date | None = None, now: datetime | None = None) -> None:
    """Recompute every clock's state for today and the case's queue position: the
    soonest deadline, the Code's or a hazard clock's (docs/hazards.md)."""
    now = now or _now()
    today = today or local_date(now)
    hazard_due = hazard_clocks.refresh(case, _policy(case), now)
    _refresh_code_clocks(case, today)
    if case.status in CLOSED_STATUSES:
        case.next_due_at = None
        return
    code_due = end_of_local_day(case.next_due) if case.next_due else None
    case.next_due_at = min((d for d in (code_due, hazard_due) if d is not None), default=None)


def _refresh_code_clocks(case: Case, today: date) -> None:
    calendar = _calendar(case)
    at_risk = _policy(case).at_risk_working_days
    live: list[Clock] = []
    for clock in case.clocks:
        done = local_date(clock.completed_at) if clock.completed_at else None
        clock.state = sla.clock_state(clock.due, today, calendar, done, at_risk).value
        if not clock.cancelled and clock.completed_at is None:
            live.append(clock)
    if case.status in CLOSED_STATUSES or not live:
        case.next_due, case.sla_state = None, None
        return
    case.next_due = min(c.due for c in live)
    case.sla_state = max((c.state for c in live), key=lambda s: STATE_SEVERITY.get(s, 0))


def _stop_live_clocks(case: Case, stage: str | None = None) -> None:
    for clock in case.clocks:
        if clock.completed_at is None and (stage is None or clock.stage == stage):
            clock.cancelled = True


# ---- create ------------------------------------------------------------------------


def _request_hash(data: schemas.CaseCreate) -> str:
    body = json.dumps(data.model_dump(mode="json"), sort_keys=True)
    return hashlib.sha256(body.encode()).hexdigest()


def _find_by_idempotency_key(session: Session, client: str, key: str) -> IdempotencyKey | None:
    return session.get(IdempotencyKey, (client, key))


def create_case(
    session_factory,
    data: schemas.CaseCreate,
    actor: Actor,
    idempotency_key: str | None = None,
) -> tuple[Case, bool]:
    """File a case and start its clocks. Returns (case, created); a retry with the same
    Idempotency-Key returns the first case and created=False, also when concurrent."""
    actor.require("file")
    client = actor.label
    if idempotency_key:
        with session_factory() as s:
            existing = _find_by_idempotency_key(s, client, idempotency_key)
            if existing is not None:
                return _replayed(s, existing, data), False

    policy = policy_for(None)
    received_at = data.received_at or _now()
    case = _new_case(data, received_at, policy)
    case.filed_by = actor.label
    _refresh(case)
    events = [{"type": "created", "data": {
        "kind": case.kind, "channel": case.channel, "received_at": received_at.isoformat()}}]
    if case.stage == "stage_2":
        # Stage 2 of a complaint whose stage 1 was not handled here.
        events[0]["data"]["stage"] = "stage_2"
    if data.definition.confirmed:
        # Read back to the resident and confirmed before filing: no handler step needed.
        events.append({"type": "definition_confirmed", "data": {"by": "resident at read-back"}})
    if data.flags.possible_exclusion:
        events.append({"type": "possible_exclusion_flagged",
                           "data": {"reason": data.flags.exclusion_reason}})
    if case.hazard_class is not None:
        events.append({"type": "hazard_set", "data": hazard_clocks.event_data(case, policy)})
    events = [{**e, "actor": actor.label, "at": case.created_at} for e in events]
    idempotency = (
        {"client": client, "key": idempotency_key, "request_hash": _request_hash(data),
             "created_at": case.created_at}
        if idempotency_key else None
    )
    prefix, year = REFERENCE_PREFIXES[data.kind], local_date(received_at).year
    try:
        with session_factory() as s, s.begin():
            _insert_case(s, case, next_reference(s, prefix, year), events, idempotency)
            _queue_filed_notice(s, case, actor)
        log.info("case created reference=%s kind=%s channel=%s", case.reference, case.kind, case.channel)
        return case, True
    except IntegrityError:
        if not idempotency_key:
            raise
        # Another request with the same key won the race: answer with its case.
        with session_factory() as s:
            existing = _find_by_idempotency_key(s, client, idempotency_key)
            if existing is None:
                raise
            return _replayed(s, existing, data), False


def _insert_case(
    session: Session,
    case: Case,
    reference: str | ColumnElement[str],
    events: list[dict],
    idempotency: dict | None,
) -> None:
    """Write a new case, its clocks, events and idempotency key with Core inserts (filing
    is the hot path; the ORM's unit of work costs more than the database here)."""
    cases = Case.__table__
    case.id, case.reference = session.execute(
        insert(cases).values({**_row(case), "reference": reference})
        .returning(cases.c.id, cases.c.reference)
    ).one()
    events[0]["data"]["reference"] = case.reference
    if case.clocks:
        session.execute(insert(Clock.__table__), [{**_row(c), "case_id": case.id} for c in case.clocks])
    if case.hazard_clocks:
        session.execute(insert(HazardClock.__table__),
                        [{**_row(c), "case_id": case.id} for c in case.hazard_clocks])
    if idempotency:
        session.execute(insert(IdempotencyKey.__table__).values(**idempotency, case_id=case.id))
    session.execute(insert(CaseEvent.__table__), [{**e, "case_id": case.id} for e in events])


def _queue_filed_notice(session: Session, case: Case, actor: Actor) -> None:
    """The resident's written record of the new case and its reference (docs/outbound.md)."""
    policy = _policy(case)
    dates = {c.name: c.due for c in case.clocks if c.stage in ("stage_1", "stage_2",
                                                               "service_request")}
    text = notices.filed(case.reference, case.kind, dates.get("acknowledge"), dates.get("response"),
                         dates.get("target"), ombudsman_of(policy))
    outbox.queue_notice(session, case, "filed", text, actor.label)


def _row(obj: Base) -> dict[str, Any]:
    """An ORM object's column values for a Core insert, with column defaults filled in
    on the object too (it is answered to the client without a re-read)."""
    row = {}
    for column in obj.__table__.columns:
        if column.primary_key and column.autoincrement is not False and column.key == "id":
            continue
        value = getattr(obj, column.key)
        if value is None and column.default is not None and column.default.is_scalar:
            value = column.default.arg
            setattr(obj, column.key, value)
        row[column.key] = value
    return row


def _replayed(session: Session, record: IdempotencyKey, data: schemas.CaseCreate) -> Case:
    if record.request_hash != _request_hash(data):
        raise Conflict(
            "Idempotency-Key was already used for a different request; use a new key for a new case"
        )
    return load_case_by_id(session, record.case_id)


def _new_case(data: schemas.CaseCreate, received_at: datetime, policy: Policy) -> Case:
    nation = data.nation or policy.nation
    complainant = data.complainant.model_dump(mode="json")
    representative = data.representative.model_dump(mode="json") if data.representative else None
    flags = data.flags
    now = _now()
    case = Case(
        kind=data.kind,
        stage=(data.stage or "stage_1") if data.kind == "complaint" else None,
        status="open",
        channel=data.channel,
        conversation_id=data.conversation_id,
        received_at=received_at,
        nation=nation,
        policy=policy.slug,
        summary=data.summary,
        complainant=complainant,
        complainant_name=data.complainant.name,
        representative=representative,
        consent_status=data.representative.consent if data.representative else None,
        definition=data.definition.model_dump(mode="json"),
        service_request=data.service_request.model_dump(mode="json") if data.service_request else None,
        transcript=[t.model_dump(mode="json") for t in data.transcript],
        attachments=[a.model_dump(mode="json") for a in data.attachments],
        linked_references=list(data.linked_references),
        emergency=flags.emergency,
        vulnerability=flags.vulnerability,
        reasonable_adjustments=data.complainant.reasonable_adjustments,
        contact_note=data.complainant.contact_note,
        on_behalf=flags.on_behalf or data.representative is not None,
        prior_report=flags.prior_report,
        asked_for_person=flags.asked_for_person,
        possible_exclusion=flags.possible_exclusion,
        exclusion_reason=flags.exclusion_reason,
        definition_confirmed=data.definition.confirmed,
        created_at=now,
        updated_at=now,
        clocks=[],
        tenure=data.tenure,
        hazard_clocks=[],
    )
    if case.kind == "complaint":
        _open_stage_clocks(case, case.stage, received_at, policy)
    elif case.kind == "service_request":
        _open_service_request_clock(case, policy)
    if data.hazard is not None:
        _start_hazard(case, policy, data.hazard.hazard_class, data.hazard.aware_at or received_at, now)
    return case


def _start_hazard(case: Case, policy: Policy, hazard_class: str, aware_at: datetime, now: datetime) -> None:
    """Awaab's Law: the clocks run from when the resident first told us (docs/hazards.md)."""
    if aware_at > now + timedelta(minutes=5):
        raise Conflict("hazard.aware_at: cannot be in the future", "hazard.aware_at")
    try:
        hazard_clocks.start(case, policy, hazard_class, aware_at)
    except HazardPolicyError as exc:
        raise Invalid(f"hazard.class: {exc}", "hazard.class") from None


# ---- read --------------------------------------------------------------------------


def _case_query():
    return select(Case).options(selectinload(Case.clocks), selectinload(Case.hazard_clocks))


def load_case(session: Session, reference: str) -> Case:
    _storable("reference", reference)
    case = session.execute(_case_query().where(Case.reference == reference)).scalar_one_or_none()
    if case is None:
        raise NotFound(f"no case with reference {reference!r}")
    return case


def read_case(session: Session, reference: str, actor: Actor) -> Case:
    """A case as ``actor`` may see it: every case with ``cases:read``; with only
    ``cases:read_own``, the cases it filed (others answer as if they did not exist)."""
    if not actor.may("view") and "cases:read_own" not in actor.scopes:
        actor.require("view")
    case = load_case(session, reference)
    if not actor.may("view") and case.filed_by != actor.label:
        raise NotFound(f"no case with reference {reference!r}")
    return case


def load_case_by_id(session: Session, case_id: int) -> Case:
    return session.execute(_case_query().where(Case.id == case_id)).scalar_one()


def load_events(session: Session, case: Case) -> list[CaseEvent]:
    return list(
        session.execute(
            select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)
        ).scalars()
    )


def _for_update(session: Session, reference: str) -> Case:
    _storable("reference", reference)
    case = session.execute(
        _case_query().where(Case.reference == reference).with_for_update()
    ).scalar_one_or_none()
    if case is None:
        raise NotFound(f"no case with reference {reference!r}")
    return case


@dataclass(frozen=True)
class CaseFilters:
    kind: str | None = None
    stage: str | None = None
    status: str | None = None
    channel: str | None = None
    flag: str | None = None
    sla_state: str | None = None
    q: str | None = None
    open_only: bool = False
    # Only the cases filed by this client (an API key with just ``cases:read_own``).
    filed_by: str | None = None


FILTER_FLAGS = {
    "emergency": Case.emergency,
    "vulnerability": Case.vulnerability,
    "on_behalf": Case.on_behalf,
    "prior_report": Case.prior_report,
    "asked_for_person": Case.asked_for_person,
    "possible_exclusion": Case.possible_exclusion,
}


def filters_for(actor: Actor, filters: CaseFilters) -> CaseFilters:
    """``filters`` narrowed to what ``actor`` may list: everything with ``cases:read``,
    the cases it filed with ``cases:read_own``, else Forbidden."""
    if actor.may("view"):
        return filters
    if "cases:read_own" in actor.scopes:
        return replace(filters, filed_by=actor.label)
    actor.require("view")
    return filters


def list_cases(session: Session, filters: CaseFilters, page: int, page_size: int) -> tuple[list[Case], int]:
    """Open cases by what is due soonest (the staff queue), with filters and paging."""
    for name in ("kind", "stage", "status", "channel", "flag", "sla_state", "q"):
        _storable(name, getattr(filters, name))
    conditions = []
    if filters.filed_by is not None:
        conditions.append(Case.filed_by == filters.filed_by)
    if filters.kind:
        conditions.append(Case.kind == filters.kind)
    if filters.stage:
        conditions.append(Case.stage == filters.stage)
    if filters.status:
        conditions.append(Case.status == filters.status)
    elif filters.open_only:
        conditions.append(Case.status.in_(OPEN_STATUSES))
    if filters.channel:
        conditions.append(Case.channel == filters.channel)
    if filters.sla_state:
        # A deadline at risk or overdue: the Code's or an Awaab's Law hazard clock's.
        conditions.append(or_(Case.sla_state == filters.sla_state,
                              Case.hazard_state == filters.sla_state))
    if filters.flag == "consent_pending":
        conditions.append(Case.consent_status == "pending")
    elif filters.flag == "adjustments":
        conditions.append(Case.reasonable_adjustments.is_not(None) | Case.vulnerability.is_(True))
    elif filters.flag == "notice_not_delivered":
        conditions.append(Case.id.in_(outbox.undelivered_case_ids()))
    elif filters.flag:
        if filters.flag not in FILTER_FLAGS:
            raise Invalid(
                f"flag: unknown flag {filters.flag!r}; valid flags are: "
                + ", ".join([*FILTER_FLAGS, "consent_pending", "adjustments", "notice_not_delivered"])
            )
        conditions.append(FILTER_FLAGS[filters.flag].is_(True))
    if filters.q:
        term = filters.q.strip()
        if re.fullmatch(r"[A-Za-z]{2,3}-\d{4}-\d{1,6}", term):
            conditions.append(Case.reference == term.upper())
        else:
            # autoescape: a "%" or "_" typed in the search is a character, not a wildcard.
            conditions.append(func.lower(Case.complainant_name).contains(term.lower(), autoescape=True))
    # Counting stops at COUNT_CAP: an exact count of a million rows costs more than
    # the page itself, and "10,000 or more" is all a queue needs to say.
    counted = select(Case.id).where(*conditions).limit(COUNT_CAP + 1).subquery()
    total = session.execute(select(func.count()).select_from(counted)).scalar_one()
    # The soonest deadline first, whichever it is: the Code's or an Awaab's Law clock.
    rows = session.execute(
        select(Case)
        .options(selectinload(Case.hazard_clocks))
        .where(*conditions)
        .order_by(Case.next_due_at.asc().nulls_last(), Case.id)
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).scalars()
    return list(rows), total


def _digits(value: str | None) -> str:
    digits = re.sub(r"\D", "", value or "")
    return "0" + digits[2:] if digits.startswith("44") else digits


def _postcode(value: str | None) -> str:
    return re.sub(r"\s", "", value or "").upper()


def _email(value: str | None) -> str:
    return (value or "").strip().lower()


def _proves_ownership(case: Case, phone: str | None, postcode: str | None,
                      email: str | None = None) -> bool:
    """Whether the detail given is one on the case: any contact detail the resident (or
    their representative) gave us will do (phone, postcode or email)."""
    people = [case.complainant or {}, case.representative or {}]
    if phone and _digits(phone):
        return any(_digits(p.get("phone")) == _digits(phone) for p in people)
    if postcode and _postcode(postcode):
        return any(_postcode(p.get("postcode")) == _postcode(postcode) for p in people)
    if email and "@" in email:
        return any(_email(p.get("email")) == _email(email) for p in people)
    return False


def lookup(session: Session, reference: str, phone: str | None, postcode: str | None,
           actor: Actor | None = None, email: str | None = None) -> Case:
    """A resident's own case, proven by reference plus phone, postcode or email. The same
    answer whether the reference or the proof is wrong, so references can't be probed."""
    if actor is not None:
        actor.require("lookup")
    _storable("reference", reference)
    case = session.execute(
        _case_query().where(Case.reference == reference.strip().upper())
    ).scalar_one_or_none()
    if case is None or not _proves_ownership(case, phone, postcode, email):
        raise NotFound("no case matches those details")
    return case


# ---- staff operations --------------------------------------------------------------


def _require_open(case: Case) -> None:
    if case.status in CLOSED_STATUSES:
        raise Conflict(f"case {case.reference} is {case.status}; reopen is not supported")


def _require_complaint(case: Case, action: str) -> None:
    if case.kind != "complaint" or case.stage is None:
        raise Conflict(f"only complaints can be {action}; {case.reference} is a {case.kind}")


def _assign(case: Case, stage: str, handler: str) -> None:
    if stage == "stage_2":
        # Code 6.13: the stage 2 response is by a different person from stage 1.
        if case.handler_stage_1 and handler.casefold() == case.handler_stage_1.casefold():
            raise Conflict(
                f"Code 6.13: the stage 2 handler must not be the stage 1 handler ({handler})"
            )
        case.handler_stage_2 = handler
    else:
        case.handler_stage_1 = handler


def _require_every_point_answered(case: Case, answered: list[str]) -> None:
    """Code 6.7: the response addresses every point of the complaint definition."""
    points = (case.definition or {}).get("points") or []
    given = {a.strip().casefold() for a in answered}
    missing = [
        str(number) for number, point in enumerate(points, start=1)
        if str(number) not in given and str(point).strip().casefold() not in given
    ]
    if missing:
        raise Conflict(
            "points_answered: Code 6.7: every point of the complaint must be answered "
            f"(not yet: point {', '.join(missing)} of {len(points)}); give each point's "
            "text or number",
            "points_answered",
        )


def _handler_for(actor: Actor, handler: str | None) -> str | None:
    return handler or (actor.name if actor.is_staff else None)


@contextmanager
def _operation(session_factory, reference: str, require_open: bool = True) -> Iterator[tuple[Session, Case]]:
    """One staff operation: the case locked for update in a transaction; afterwards its
    clocks' states and queue position are brought up to date."""
    with session_factory() as s, s.begin():
        case = _for_update(s, reference)
        if require_open:
            _require_open(case)
        yield s, case
        _refresh(case)


def _done(session_factory, reference: str, notice: str | None = None) -> tuple[Case, str | None]:
    with session_factory() as s:
        return load_case(s, reference), notice


def acknowledge(session_factory, reference: str, actor: Actor, req: schemas.AcknowledgeRequest):
    """Code 6.2 / 6.11: acknowledge; the response clock now runs from the actual date."""
    actor.require("acknowledge")
    with _operation(session_factory, reference) as (s, case):
        _require_complaint(case, "acknowledged")
        stage = case.stage
        ack = _clock(case, stage, "acknowledge")
        if ack is None or ack.completed_at is not None:
            raise Conflict(f"{case.reference} is already acknowledged at {stage.replace('_', ' ')}")
        at = req.acknowledged_at or _now()
        if local_date(at) < local_date(case.received_at):
            raise Conflict("acknowledged_at: cannot be before the case was received",
                           "acknowledged_at")
        handler = _handler_for(actor, req.handler)
        if handler:
            _assign(case, stage, handler)
        ack.completed_at = at
        response = _clock(case, stage, "response")
        policy = _policy(case)
        if response is not None and response.projected:
            response.started_on = local_date(at)
            response.due = sla.response_due(
                local_date(at), _calendar(case), policy.timescales(stage),
                acknowledged_on=local_date(at), extension_days=response.extension_days,
            )
            response.projected = False
        case.status = "acknowledged"
        notice = notices.acknowledgement(
            case.reference, stage, case.definition.get("points", []),
            case.definition.get("desired_outcome"), response.due if response else ack.due,
            not_responsible_for=req.not_responsible_for,
        )
        _event(s, case, "acknowledged", actor, stage=stage, acknowledged_at=at.isoformat(),
               handler=handler, response_due=response.due.isoformat() if response else None,
               note=req.note, not_responsible_for=req.not_responsible_for, notice=notice)
        outbox.queue_notice(s, case, "acknowledgement", notice, actor.label)
    return _done(session_factory, reference, notice)


def edit_definition(session_factory, reference: str, actor: Actor, req: schemas.DefinitionEdit):
    """Staff may edit the definition; every change is logged with who and why."""
    actor.require("edit_definition")
    with _operation(session_factory, reference) as (s, case):
        before = dict(case.definition or {})
        after = {**before, "points": [p for p in req.points if p.strip()],
                 "desired_outcome": req.desired_outcome}
        if not after["points"]:
            raise Invalid("points: at least one point of complaint is needed")
        case.definition = after
        if req.confirmed:
            case.definition_confirmed = True
        _event(s, case, "definition_edited", actor, before=before, after=after,
               reason=req.reason, confirmed=req.confirmed)
    return _done(session_factory, reference)


def reclassify(session_factory, reference: str, actor: Actor, req: schemas.ReclassifyRequest):
    """Complaint ⇄ service request and the rest; the reference stays what the resident has."""
    actor.require("reclassify")
    with _operation(session_factory, reference) as (s, case):
        if case.kind == "complaint" and req.kind != "complaint":
            actor.require("reclassify_from_complaint")
        if req.kind == case.kind:
            raise Conflict(f"{case.reference} is already a {case.kind}")
        before = case.kind
        _stop_live_clocks(case)
        case.kind = req.kind
        policy = _policy(case)
        if req.kind == "complaint":
            # Code 1.5: the complaint dates from when the dissatisfaction reached us.
            case.stage = "stage_1"
            case.status = "open"
            for clock in [c for c in case.clocks if c.stage == "stage_1"]:
                case.clocks.remove(clock)
            s.flush()
            _open_stage_clocks(case, "stage_1", case.received_at, policy)
        else:
            case.stage = None
            if req.kind == "service_request" and not _clock(case, "service_request", "target"):
                _open_service_request_clock(case, policy)
        _event(s, case, "reclassified", actor, before=before, after=req.kind, reason=req.reason)
    return _done(session_factory, reference)


def extend(session_factory, reference: str, actor: Actor, req: schemas.ExtendRequest):
    """Code 6.4 / 6.15: extend the response deadline, with a reason, within the limit
    (beyond it only with a recorded good reason); the resident is told, with the
    Ombudsman's details (6.5 / 6.16)."""
    actor.require("extend")
    with _operation(session_factory, reference) as (s, case):
        _require_complaint(case, "extended")
        stage = case.stage
        response = _clock(case, stage, "response")
        if response is None or response.completed_at is not None or response.cancelled:
            raise Conflict(f"{case.reference} has no running response deadline to extend")
        policy = _policy(case)
        timescales = policy.timescales(stage)
        if not sla.extension_allowed(req.days, response.extension_days, timescales):
            if not req.good_reason_beyond_limit:
                left = timescales.max_extension_days - response.extension_days
                raise Conflict(
                    f"days: at {stage.replace('_', ' ')} an extension may add at most "
                    f"{timescales.max_extension_days} working days in total ({left} left); "
                    "beyond that give good_reason_beyond_limit",
                    "days",
                )
            actor.require("extend_beyond_limit")
        old_due = response.due
        response.due = _calendar(case).add_working_days(response.due, req.days)
        response.extension_days += req.days
        notice = notices.extension(case.reference, stage, req.reason, response.due, ombudsman_of(policy))
        _event(s, case, "extended", actor, stage=stage, days=req.days, reason=req.reason,
               good_reason_beyond_limit=req.good_reason_beyond_limit,
               previous_due=old_due.isoformat(), response_due=response.due.isoformat(),
               notice=notice)
        outbox.queue_notice(s, case, "extension", notice, actor.label)
    return _done(session_factory, reference, notice)


def respond(session_factory, reference: str, actor: Actor, req: schemas.RespondRequest):
    """Record the stage response with the Code 6.9 / 6.19 contents; every point of the
    complaint answered (Code 6.7)."""
    actor.require("respond")
    with _operation(session_factory, reference) as (s, case):
        _require_complaint(case, "responded to")
        stage = case.stage
        ack = _clock(case, stage, "acknowledge")
        if ack is not None and ack.completed_at is None:
            raise Conflict(f"acknowledge {case.reference} before recording the response (Code 6.2)")
        response = _clock(case, stage, "response")
        if response is None or response.completed_at is not None:
            raise Conflict(f"{case.reference} already has a {stage.replace('_', ' ')} response")
        _require_every_point_answered(case, req.points_answered)
        at = req.responded_at or _now()
        response.completed_at = at
        case.status = "responded"
        policy = _policy(case)
        window = policy.escalation_window
        notice = notices.response(
            case.reference, stage, case.definition.get("points", []),
            case.definition.get("desired_outcome"), req.decision, req.reasons, req.remedy,
            req.outstanding_actions, ombudsman_of(policy),
            escalation_window=str(window) if window else None,
        )
        _event(s, case, "responded", actor, stage=stage, responded_at=at.isoformat(),
               decision=req.decision, reasons=req.reasons, remedy=req.remedy,
               outstanding_actions=req.outstanding_actions, points_answered=req.points_answered,
               notice=notice)
        outbox.queue_notice(s, case, "response", notice, actor.label)
        if stage == "stage_2":
            case.status = "closed"
            _event(s, case, "closed", actor, reason="stage 2 final response sent")
    return _done(session_factory, reference, notice)


def escalate(session_factory, reference: str, actor: Actor, req: schemas.EscalateRequest):
    """Code 6.11–6.13: stage 2 on request, no reasons needed; fresh clocks; a different handler.

    Staff-requested escalation and naming the stage 2 handler need ``cases:handle``; a
    client with ``cases:escalate`` may ask on a resident's behalf, with their proof."""
    for_resident = req.requested_by == "resident" and req.handler is None
    if not (for_resident and actor.may("escalate_for_resident")):
        actor.require("escalate")
    with _operation(session_factory, reference, require_open=False) as (s, case):
        resident_unproven = not _proves_ownership(case, req.phone, req.postcode, req.email)
        if req.requested_by == "resident" and not actor.is_staff and resident_unproven:
            raise NotFound("no case matches those details")
        _require_complaint(case, "escalated")
        if case.stage == "stage_2":
            raise Conflict(f"{case.reference} is already at stage 2")
        if case.status == "declined":
            raise Conflict(f"{case.reference} was declined; the resident can go to the Ombudsman")
        handler = req.handler if req.handler else None
        if handler:
            _assign(case, "stage_2", handler)
        at = _now()
        _stop_live_clocks(case, "stage_1")
        case.stage = "stage_2"
        case.status = "open"
        _open_stage_clocks(case, "stage_2", at, _policy(case))
        ack = _clock(case, "stage_2", "acknowledge")
        response = _clock(case, "stage_2", "response")
        notice = notices.escalation(case.reference, ack.due, response.due)
        _event(s, case, "escalated", actor, requested_by=req.requested_by, reason=req.reason,
               handler=handler, acknowledge_due=ack.due.isoformat(),
               response_due=response.due.isoformat(), notice=notice)
        outbox.queue_notice(s, case, "escalation", notice, actor.label)
    return _done(session_factory, reference, notice)


def assign(session_factory, reference: str, actor: Actor, req: schemas.AssignRequest):
    actor.require("assign")
    with _operation(session_factory, reference) as (s, case):
        stage = case.stage or "stage_1"
        _assign(case, stage, req.handler)
        _event(s, case, "assigned", actor, stage=stage, handler=req.handler)
    return _done(session_factory, reference)


def decline(session_factory, reference: str, actor: Actor, req: schemas.DeclineRequest):
    """Code 2.4: decline with reasons; the notice gives the right to go to the Ombudsman."""
    actor.require("decline")
    with _operation(session_factory, reference) as (s, case):
        _stop_live_clocks(case)
        case.status = "declined"
        notice = notices.decline(case.reference, req.reasons, ombudsman_of(_policy(case)))
        _event(s, case, "declined", actor, reasons=req.reasons, exclusion=req.exclusion, notice=notice)
        outbox.queue_notice(s, case, "decline", notice, actor.label)
    return _done(session_factory, reference, notice)


def close(session_factory, reference: str, actor: Actor, req: schemas.CloseRequest):
    """Close a case. A complaint with no response sent yet is a manager's decision."""
    actor.require("close")
    with _operation(session_factory, reference) as (s, case):
        if case.kind == "complaint" and case.status != "responded":
            actor.require("close_unanswered_complaint")
        _stop_live_clocks(case)
        case.status = "closed"
        notice = notices.closure(case.reference, case.kind, req.reason, ombudsman_of(_policy(case)))
        _event(s, case, "closed", actor, reason=req.reason, notice=notice)
        outbox.queue_notice(s, case, "closure", notice, actor.label)
    return _done(session_factory, reference, notice)


def add_note(session_factory, reference: str, actor: Actor, req: schemas.NoteRequest):
    actor.require("note")
    with _operation(session_factory, reference, require_open=False) as (s, case):
        _event(s, case, "note", actor, text=req.text)
    return _done(session_factory, reference)


# ---- SLA monitor -------------------------------------------------------------------


def sweep_clocks(session_factory, now: datetime | None = None, batch: int = 500) -> dict[str, int]:
    """Mark clocks at risk / overdue and emit each warning or breach event once.

    Safe with several API processes: rows are claimed with FOR UPDATE SKIP LOCKED on
    PostgreSQL (SQLite serialises writers anyway)."""
    moment = now or _now()
    today = local_date(moment)
    counts = {"checked": 0, "at_risk": 0, "breached": 0, "hazard_at_risk": 0, "hazard_breached": 0}
    with session_factory() as s, s.begin():
        rows = s.execute(
            select(Clock)
            .join(Case)
            .where(
                Clock.completed_at.is_(None),
                Clock.cancelled.is_(False),
                Case.status.in_(OPEN_STATUSES),
                (Clock.breach_notified.is_(False)),
            )
            .order_by(Clock.due)
            .limit(batch)
            .with_for_update(skip_locked=True, of=Clock)
        ).scalars().all()
        system = Actor("sla-monitor")
        touched: set[int] = set()
        for clock in rows:
            counts["checked"] += 1
            case = clock.case
            calendar = _calendar(case)
            state = sla.clock_state(clock.due, today, calendar, None, _policy(case).at_risk_working_days)
            clock.state = state.value
            if state is sla.ClockState.OVERDUE and not clock.breach_notified:
                clock.breach_notified = True
                counts["breached"] += 1
                _event(s, case, "sla_breached", system, stage=clock.stage, clock=clock.name,
                       due=clock.due.isoformat())
            elif state is sla.ClockState.AT_RISK and not clock.at_risk_notified:
                clock.at_risk_notified = True
                counts["at_risk"] += 1
                _event(s, case, "sla_at_risk", system, stage=clock.stage, clock=clock.name,
                       due=clock.due.isoformat())
            touched.add(case.id)
        touched |= _sweep_hazard_clocks(s, moment, batch, system, counts)
        for case_id in touched:
            _refresh(s.get(Case, case_id), today, moment)
    return counts


def _sweep_hazard_clocks(s: Session, now: datetime, batch: int, system: Actor, counts: dict) -> set[int]:
    """Awaab's Law clocks: an hour clock is judged to the instant (docs/hazards.md)."""
    rows = s.execute(
        select(HazardClock)
        .join(Case)
        .where(
            HazardClock.completed_at.is_(None),
            HazardClock.breach_notified.is_(False),
            Case.status.in_(OPEN_STATUSES),
        )
        .order_by(HazardClock.due_at)
        .limit(batch)
        .with_for_update(skip_locked=True, of=HazardClock)
    ).scalars().all()
    touched = set()
    for clock in rows:
        counts["checked"] += 1
        case = clock.case
        state = hazard_clocks.state(clock, _policy(case), _calendar(case), now)
        clock.state = state.value
        details = {"hazard_class": clock.hazard_class, "clock": clock.name,
                   "due": hazard_clocks.due_text(clock)}
        if state is sla.ClockState.OVERDUE:
            clock.breach_notified = True
            counts["hazard_breached"] += 1
            _event(s, case, "hazard_overdue", system, **details)
        elif state is sla.ClockState.AT_RISK and not clock.at_risk_notified:
            clock.at_risk_notified = True
            counts["hazard_at_risk"] += 1
            _event(s, case, "hazard_at_risk", system, **details)
        touched.add(case.id)
    return touched
