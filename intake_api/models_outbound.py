"""The outbox of resident notices and the numbers that said STOP (docs/outbound.md).

A notice row is written in the same transaction as the case change that produced it,
so a notice is never lost; the outbox worker delivers it (services/outbox.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, UTCDateTime, utcnow

# queued → sending → sent → delivered; or failed (shown to staff as "notice not
# delivered"); letters wait for staff as awaiting_print → posted; a failed notice that
# staff sent by letter instead is superseded; a filing notice with nowhere to go and
# the reference already given in the conversation is skipped.
NOTICE_STATUSES = ("queued", "sending", "sent", "delivered", "failed", "awaiting_print", "posted",
                   "superseded", "skipped")
NOT_DELIVERED = ("failed",)


class Notice(Base):
    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    # A random key per notice: the SMTP Message-ID, and what status callbacks name.
    key: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(24))  # domain.outbound.NOTICE_KINDS
    recipient_role: Mapped[str] = mapped_column(String(16))  # complainant | representative
    # The ways to reach them, in order ([{"channel", "to"}]), and the one in use.
    routes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    route_index: Mapped[int] = mapped_column(Integer, default=0)
    channel: Mapped[str | None] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # What was used: "sms", "whatsapp session message", "whatsapp template HX…", …
    via: Mapped[str | None] = mapped_column(String(120))
    # Provider ids of each part sent (Twilio MessageSid, Telegram message_id), in order:
    # a retry never sends a part again that the provider already took.
    provider_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    part_statuses: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    notes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    replaced_by_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    __table_args__ = (
        Index("ix_outbox_due", "status", "next_attempt_at"),
        Index("ix_outbox_case", "case_id", "id"),
    )


class SmsOptOut(Base):
    """A number that said STOP (Twilio error 21610 or a status callback saying so): it
    gets no SMS until it says START."""

    __tablename__ = "sms_opt_outs"

    phone: Mapped[str] = mapped_column(String(20), primary_key=True)
    opted_out_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    source: Mapped[str] = mapped_column(String(40))
