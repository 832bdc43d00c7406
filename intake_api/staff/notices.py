"""Staff actions on resident notices: retry one that was not delivered, send it by
letter instead, print a letter and mark it posted (docs/outbound.md)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import RedirectResponse

from ..api.routes.notices import NoticeId
from ..domain.outbound import masked
from ..models_outbound import Notice
from ..services import cases as case_service
from ..services import outbox
from ..services.errors import NotFound, ServiceError
from ..services.policies import policy_for
from ..services.staff import StaffMember
from . import auth
from .auth import FormFields
from .rendering import render
from .routes import StaffRoute

router = APIRouter(prefix="/staff/cases", route_class=StaffRoute, include_in_schema=False)

Member = Annotated[StaffMember, Depends(auth.require_member)]
Form = Annotated[FormFields, Depends(auth.check_csrf)]

STATUS_WORDS = {
    "queued": "Waiting to be sent",
    "sending": "Being sent",
    "sent": "Sent",
    "delivered": "Delivered",
    "failed": "Notice not delivered",
    "awaiting_print": "Letter to print and post",
    "posted": "Letter posted",
    "superseded": "Sent by letter instead",
    "skipped": "Not sent (reference given in the conversation)",
}


def _sessions(request: Request):
    return request.app.state.db.sessionmaker


def notice_rows(session, case) -> list[dict]:
    """The case's notices as the case page shows them (addresses masked, except a letter's)."""
    rows = []
    for notice in outbox.notices_for(session, case):
        route = (notice.routes[notice.route_index]
                 if notice.routes and notice.route_index < len(notice.routes) else None)
        to = route["to"] if route else ""
        rows.append({
            "notice": notice, "status": STATUS_WORDS.get(notice.status, notice.status),
            "to": to if notice.channel == "letter" else (masked(to) if to else ""),
            "failed": notice.status == "failed",
        })
    return rows


def _act(request: Request, reference: str, action: str, operation) -> Response:
    member = auth.current_member(request)
    try:
        operation(_sessions(request), reference, member.username)
    except ServiceError as exc:
        return render(request, "error.html", {"title": "Not done", "message": exc.message},
                      status_code=exc.status_code)
    return RedirectResponse(f"/staff/cases/{quote(reference)}?done={action}#h-notices", status_code=303)


@router.post("/{reference}/notices/{notice_id}/retry")
def retry(request: Request, member: Member, _form: Form, reference: str, notice_id: NoticeId) -> Response:
    auth.require(member, "resend_notice")
    return _act(request, reference, "notice_retry",
                lambda s, ref, who: outbox.retry(s, ref, notice_id, who))


@router.post("/{reference}/notices/{notice_id}/letter")
def by_letter(request: Request, member: Member, _form: Form, reference: str, notice_id: NoticeId) -> Response:
    auth.require(member, "resend_notice")
    return _act(request, reference, "notice_letter",
                lambda s, ref, who: outbox.send_by_letter(s, ref, notice_id, who))


@router.post("/{reference}/notices/{notice_id}/posted")
def posted(request: Request, member: Member, _form: Form, reference: str, notice_id: NoticeId) -> Response:
    auth.require(member, "resend_notice")
    return _act(request, reference, "notice_posted",
                lambda s, ref, who: outbox.mark_posted(s, ref, notice_id, who))


@router.get("/{reference}/notices/{notice_id}/letter")
def letter(request: Request, member: Member, reference: str, notice_id: NoticeId) -> Response:
    """The notice as a printable letter: plain, large, high-contrast text (docs/outbound.md)."""
    auth.require(member, "view")
    with _sessions(request)() as s:
        try:
            case = case_service.load_case(s, reference)
        except ServiceError as exc:
            return render(request, "error.html", {"title": "No such case", "message": exc.message},
                          status_code=exc.status_code)
        notice = s.get(Notice, notice_id)
        if notice is None or notice.case_id != case.id:
            exc = NotFound(f"no notice {notice_id} on case {reference}")
            return render(request, "error.html", {"title": "No such notice", "message": exc.message},
                          status_code=404)
        route = notice.routes[notice.route_index] if notice.routes else {}
    address = route.get("to", "") if notice.channel == "letter" else ""
    paragraphs = [p.split("\n") for p in notice.body.split("\n\n")]
    large = "large" in (case.reasonable_adjustments or "").lower()
    return render(request, "letter.html", {
        "case": case, "notice": notice, "address": address.split("\n") if address else [],
        "paragraphs": paragraphs, "landlord": policy_for(case.policy).name,
        "today": datetime.now(UTC), "large": large,
    })
