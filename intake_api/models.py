"""The system of record: cases, their SLA clocks and the append-only event log."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Timestamps are stored in UTC and always come back timezone-aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    stage: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(24), default="open")
    channel: Mapped[str] = mapped_column(String(24))
    conversation_id: Mapped[str | None] = mapped_column(String(200))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    nation: Mapped[str] = mapped_column(String(24))
    policy: Mapped[str] = mapped_column(String(64))
    summary: Mapped[str | None] = mapped_column(Text)

    complainant: Mapped[dict[str, Any]] = mapped_column(default=dict)
    complainant_name: Mapped[str | None] = mapped_column(String(200))  # for staff search
    representative: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    consent_status: Mapped[str | None] = mapped_column(String(16))
    definition: Mapped[dict[str, Any]] = mapped_column(default=dict)
    definition_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    service_request: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    transcript: Mapped[list[Any]] = mapped_column(default=list)
    attachments: Mapped[list[Any]] = mapped_column(default=list)
    linked_references: Mapped[list[Any]] = mapped_column(default=list)

    # Flags: the bot flags, staff decide (an exclusion is never applied by the bot).
    emergency: Mapped[bool] = mapped_column(Boolean, default=False)
    vulnerability: Mapped[bool] = mapped_column(Boolean, default=False)
    reasonable_adjustments: Mapped[str | None] = mapped_column(Text)
    # When or how to reach them ("after 5pm"): shown beside the preferred contact; not an
    # adjustment, so never part of the adjustments flag.
    contact_note: Mapped[str | None] = mapped_column(String(500))
    on_behalf: Mapped[bool] = mapped_column(Boolean, default=False)
    prior_report: Mapped[bool] = mapped_column(Boolean, default=False)
    asked_for_person: Mapped[bool] = mapped_column(Boolean, default=False)
    possible_exclusion: Mapped[bool] = mapped_column(Boolean, default=False)
    exclusion_reason: Mapped[str | None] = mapped_column(Text)

    handler_stage_1: Mapped[str | None] = mapped_column(String(100))
    handler_stage_2: Mapped[str | None] = mapped_column(String(100))
    # Who filed it (an API key as ``integration:<name>``, or a staff username): a key
    # with only the ``cases:read_own`` scope sees these cases and no others.
    filed_by: Mapped[str | None] = mapped_column(String(120))

    # Denormalised from the clocks so the staff queue is one indexed query.
    next_due: Mapped[date | None] = mapped_column(Date)
    sla_state: Mapped[str | None] = mapped_column(String(16))

    # Awaab's Law (docs/hazards.md): tenure decides whether hazard clocks apply (NULL: not
    # recorded, treated as social rent); awareness is when the resident first told us.
    tenure: Mapped[str | None] = mapped_column(String(24))
    hazard_class: Mapped[str | None] = mapped_column(String(40))
    hazard_aware_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hazard_state: Mapped[str | None] = mapped_column(String(16))
    # The soonest deadline as an instant, Code or hazard clock: the staff queue's order.
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow
    )

    clocks: Mapped[list[Clock]] = relationship(
        back_populates="case", order_by="Clock.id", cascade="all, delete-orphan"
    )
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", order_by="CaseEvent.id", viewonly=True
    )
    hazard_clocks: Mapped[list[HazardClock]] = relationship(
        back_populates="case", order_by="HazardClock.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        Index("ix_cases_queue", "status", "next_due", "id"),
        # The staff queue: open cases by what is due soonest (first page must be fast at 1M).
        Index(
            "ix_cases_open_by_due",
            "next_due",
            "id",
            postgresql_where=text("status IN ('open', 'acknowledged', 'responded')"),
            sqlite_where=text("status IN ('open', 'acknowledged', 'responded')"),
        ),
        Index(
            "ix_cases_open_by_due_at",
            "next_due_at",
            "id",
            postgresql_where=text("status IN ('open', 'acknowledged', 'responded')"),
            sqlite_where=text("status IN ('open', 'acknowledged', 'responded')"),
        ),
        Index("ix_cases_conversation", "conversation_id"),
        Index("ix_cases_complainant_name", "complainant_name"),
        Index("ix_cases_filed_by", "filed_by"),
    )


class Clock(Base):
    """One SLA deadline of a case: acknowledge or respond, per stage; or a service request's target."""

    __tablename__ = "clocks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(16))  # stage_1 | stage_2 | service_request
    name: Mapped[str] = mapped_column(String(16))  # acknowledge | response | target
    started_on: Mapped[date] = mapped_column(Date)
    due: Mapped[date] = mapped_column(Date)
    projected: Mapped[bool] = mapped_column(Boolean, default=False)
    extension_days: Mapped[int] = mapped_column(Integer, default=0)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    nation: Mapped[str] = mapped_column(String(24))
    calendar_version: Mapped[str] = mapped_column(String(120))
    state: Mapped[str] = mapped_column(String(16), default="running")
    at_risk_notified: Mapped[bool] = mapped_column(Boolean, default=False)
    breach_notified: Mapped[bool] = mapped_column(Boolean, default=False)

    case: Mapped[Case] = relationship(back_populates="clocks")

    __table_args__ = (
        UniqueConstraint("case_id", "stage", "name", name="uq_clock_case_stage_name"),
        Index("ix_clocks_open_due", "completed_at", "cancelled", "due"),
    )


class HazardClock(Base):
    """One Awaab's Law deadline of a case's hazard (domain/hazards.py): make safe within
    hours, or investigate / summary / safety work / further work in working days."""

    __tablename__ = "hazard_clocks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    hazard_class: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(40))  # make_safe | investigate | summary | …
    unit: Mapped[str] = mapped_column(String(16))  # hours | working_days
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())  # the last instant that meets it
    due_on: Mapped[date | None] = mapped_column(Date)  # working-day clocks: the due date
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    nation: Mapped[str] = mapped_column(String(24))
    calendar_version: Mapped[str] = mapped_column(String(120))
    state: Mapped[str] = mapped_column(String(16), default="running")
    at_risk_notified: Mapped[bool] = mapped_column(Boolean, default=False)
    breach_notified: Mapped[bool] = mapped_column(Boolean, default=False)

    case: Mapped[Case] = relationship(back_populates="hazard_clocks")

    __table_args__ = (
        UniqueConstraint("case_id", "name", name="uq_hazard_clock_case_name"),
        Index("ix_hazard_clocks_open_due", "completed_at", "due_at"),
    )


class CaseEvent(Base):
    """Append-only audit trail (Code 5.12 / QA Framework 6.1). Never updated or deleted:
    the migration adds database triggers that refuse both."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    type: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(120))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)

    case: Mapped[Case] = relationship(back_populates="events")

    __table_args__ = (Index("ix_case_events_case", "case_id", "id"),)


class IdempotencyKey(Base):
    __tablename__ = "idempotency_keys"

    client: Mapped[str] = mapped_column(String(120), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ReferenceCounter(Base):
    __tablename__ = "reference_counters"

    prefix: Mapped[str] = mapped_column(String(8), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class ApiKey(Base):
    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Space-separated scopes (services/access.py); NULL: every /api/v1 operation.
    scopes: Mapped[str | None] = mapped_column(String(500))


class StaffUser(Base):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))  # handler | manager | admin
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Set for a one-time password (the first admin's): every staff page sends them to
    # the password page until they choose their own.
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )


class StaffSession(Base):
    """A signed-in browser. The cookie holds a random token; ``id`` is its SHA-256.
    Deleting the row ends the session at once (logout, password change, deactivation)."""

    __tablename__ = "staff_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        Index("ix_staff_sessions_user", "user_id"),
        Index("ix_staff_sessions_expires", "expires_at"),
    )


class ThrottleCounter(Base):
    """Rate-limit counters shared by all API workers when Redis is not configured."""

    __tablename__ = "throttle_counters"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    hits: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_throttle_counters_expires", "expires_at"),)
