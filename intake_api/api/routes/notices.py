"""Resident notices: their delivery on /api/v1, and Twilio's delivery status callbacks.

``POST /webhooks/twilio/status`` is public (Twilio calls it) and trusts nothing it is
not signed for: ``X-Twilio-Signature`` is checked with twilio's RequestValidator over
the URL Twilio was given (``INTAKE_PUBLIC_URL`` + path), as the inbound webhooks do.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Path, Request, Response
from pydantic import BaseModel
from twilio.request_validator import RequestValidator

from ...domain.outbound import masked
from ...models_outbound import Notice
from ...services import cases as case_service
from ...services import outbox
from ..deps import CurrentActor, SessionFactory, storable_parameters
from ..responses import READ, WRITE

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api/v1/cases", tags=["notices"],
                   dependencies=[Depends(storable_parameters)])
webhooks = APIRouter(tags=["webhooks"])

# A notice's number, within what every database's integer column holds.
NoticeId = Annotated[int, Path(ge=1, le=2**31 - 1)]


class NoticeOut(BaseModel):
    id: int
    kind: str
    recipient_role: str
    channel: str | None
    to: str | None  # masked: +44…123
    via: str | None
    status: str
    attempts: int
    next_attempt_at: datetime | None
    sent_at: datetime | None
    delivered_at: datetime | None
    last_error: str | None
    notes: list[str]
    replaced_by_id: int | None
    subject: str
    body: str


def notice_out(notice: Notice) -> NoticeOut:
    route = notice.routes[notice.route_index] if notice.routes and notice.route_index < len(
        notice.routes) else None
    to = route["to"] if route else None
    return NoticeOut(
        id=notice.id, kind=notice.kind, recipient_role=notice.recipient_role,
        channel=notice.channel, to=masked(to) if to and notice.channel != "letter" else to,
        via=notice.via, status=notice.status, attempts=notice.attempts,
        next_attempt_at=notice.next_attempt_at if notice.status == "queued" else None,
        sent_at=notice.sent_at, delivered_at=notice.delivered_at, last_error=notice.last_error,
        notes=[str(n) for n in notice.notes or []], replaced_by_id=notice.replaced_by_id,
        subject=notice.subject, body=notice.body,
    )


@router.get("/{reference}/notices", response_model=list[NoticeOut], responses=READ)
def list_notices(reference: str, actor: CurrentActor, sessions: SessionFactory) -> list[NoticeOut]:
    """The notices sent (or being sent) to the resident about this case, and how each went."""
    actor.require("view")
    with sessions() as s:
        case = case_service.load_case(s, reference)
        return [notice_out(n) for n in outbox.notices_for(s, case)]


@router.post("/{reference}/notices/{notice_id}/retry", response_model=NoticeOut, responses=WRITE)
def retry_notice(reference: str, notice_id: NoticeId, actor: CurrentActor,
                 sessions: SessionFactory) -> NoticeOut:
    """Try a notice that was not delivered again."""
    actor.require("resend_notice")
    return notice_out(outbox.retry(sessions, reference, notice_id, actor.label))


@router.post("/{reference}/notices/{notice_id}/letter", response_model=NoticeOut, responses=WRITE)
def send_notice_by_letter(reference: str, notice_id: NoticeId, actor: CurrentActor,
                          sessions: SessionFactory) -> NoticeOut:
    """Send a notice that was not delivered as a printable letter instead (for staff to post)."""
    actor.require("resend_notice")
    return notice_out(outbox.send_by_letter(sessions, reference, notice_id, actor.label))


@router.post("/{reference}/notices/{notice_id}/posted", response_model=NoticeOut, responses=WRITE)
def mark_letter_posted(reference: str, notice_id: NoticeId, actor: CurrentActor,
                       sessions: SessionFactory) -> NoticeOut:
    """A printed letter has been posted."""
    actor.require("resend_notice")
    return notice_out(outbox.mark_posted(sessions, reference, notice_id, actor.label))


def _signed_url(request: Request) -> str:
    base = (request.app.state.settings.public_url or "").rstrip("/")
    if not base:
        return str(request.url)
    query = f"?{request.url.query}" if request.url.query else ""
    return f"{base}{request.url.path}{query}"


class _Params(dict):
    """Form fields as lists, with the ``getall`` that RequestValidator looks for."""

    def getall(self, name: str) -> list[str]:
        return self[name]


@webhooks.post("/webhooks/twilio/status", include_in_schema=False)
async def twilio_status(request: Request) -> Response:
    settings = request.app.state.settings
    if not settings.twilio_auth_token:
        return Response('{"detail": "Twilio is not configured"}', status_code=503,
                        media_type="application/json")
    body = await request.body()
    try:
        params = _Params(parse_qs(body.decode("utf-8"), keep_blank_values=True))
    except UnicodeDecodeError:
        return Response('{"detail": "malformed form body"}', status_code=400,
                        media_type="application/json")
    signature = request.headers.get("X-Twilio-Signature") or ""
    validator = RequestValidator(settings.twilio_auth_token)
    if not signature or not validator.validate(_signed_url(request), params, signature):
        log.warning("twilio status callback refused: %s signature",
                    "missing" if not signature else "invalid")
        return Response('{"detail": "invalid signature"}', status_code=403,
                        media_type="application/json")
    key = request.query_params.get("notice") or ""
    sid = (params.get("MessageSid") or [""])[0]
    status = (params.get("MessageStatus") or [""])[0]
    error = (params.get("ErrorCode") or [None])[0]
    if not key or not sid or not status:
        return Response('{"detail": "notice, MessageSid and MessageStatus are required"}',
                        status_code=400, media_type="application/json")
    sessions = request.app.state.db.sessionmaker
    raw_part = request.query_params.get("part") or ""
    part = int(raw_part) if raw_part.isdigit() and len(raw_part) < 4 else None
    known = await asyncio.to_thread(outbox.record_status, sessions, key[:32], sid[:64],
                                    status[:20], (error or "")[:10] or None, part)
    if not known:
        log.info("twilio status callback for no known notice; ignored")
    return Response(status_code=204)
