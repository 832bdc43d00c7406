"""The staff pages: login, the queue, the case page and its actions, staff users.

Each action is a form that calls the same case-service operation as /api/v1, done
as the signed-in staff member; the rules live in the service, not here.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import FileResponse, RedirectResponse
from fastapi.routing import APIRoute
from limits.errors import StorageError
from pydantic import ValidationError
from sqlalchemy import select

from .. import schemas
from ..api.deps import get_actor
from ..core import text as text_rules
from ..domain import sla
from ..domain.calendar import local_date
from ..models import Case
from ..services import cases as case_service
from ..services import outbox
from ..services import staff as staff_service
from ..services.errors import Invalid, ServiceError
from ..services.policies import policy_for
from ..services.presenters import case_out, flags_of
from ..services.staff import StaffMember
from . import auth
from .auth import Forbidden, FormFields, LoginRequired, PasswordChangeRequired
from .hazard_view import queue_hazard
from .rendering import DONE_MESSAGES, FLAG_FILTERS, HERE, render

log = logging.getLogger(__name__)

PAGE_SIZE = 50
STATIC_FILES = {"staff.css": "text/css", "staff.js": "text/javascript"}
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


class StaffRoute(APIRoute):
    """Anonymous → the login page; not allowed → a 403 page; the session cookie and
    security headers on every response."""

    def get_route_handler(self) -> Callable:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                text_rules.check_all(request.path_params)
                text_rules.check_all(request.query_params.multi_items())
                response = await handler(request)
            except LoginRequired:
                target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                if request.method != "GET":
                    target = "/staff"
                response = RedirectResponse(f"/staff/login?next={quote(target)}", status_code=303)
            except PasswordChangeRequired:
                response = RedirectResponse(f"{auth.PASSWORD_PAGE}?first=1", status_code=303)
            except Forbidden as exc:
                response = render(request, "error.html", {"title": "Not allowed", "message": exc.message},
                                  status_code=403)
            except text_rules.UnstorableText as exc:
                response = render(request, "error.html", {"title": "Cannot be stored", "message": str(exc)},
                                  status_code=422)
            auth.write_cookie(request, response)
            for name, value in SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)
            if not request.url.path.startswith("/staff/static/"):
                # Pages hold personal data: never cached.
                response.headers["Cache-Control"] = "no-store"
            return response

        return route


router = APIRouter(prefix="/staff", route_class=StaffRoute, include_in_schema=False)

Member = Annotated[StaffMember, Depends(auth.require_member)]
Form = Annotated[FormFields, Depends(auth.check_csrf)]


def _sessions(request: Request):
    return request.app.state.db.sessionmaker


# ---- static, login, logout -----------------------------------------------------------


@router.get("/static/{name}")
def static(name: str) -> Response:
    if name not in STATIC_FILES:
        return Response("not found", status_code=404, media_type="text/plain")
    return FileResponse(HERE / "static" / name, media_type=STATIC_FILES[name],
                        headers={"Cache-Control": "public, max-age=3600"})


@router.get("/login")
def login_page(request: Request, next: str | None = None, logged_out: bool = False) -> Response:
    if auth.current_member(request) is not None:
        return RedirectResponse(auth.safe_next(next), status_code=303)
    return render(request, "login.html", {"next": auth.safe_next(next), "logged_out": logged_out})


@router.post("/login")
def login(request: Request, form: Form) -> Response:
    username, password = form.get("username", ""), form.getlist("password")[:1]
    target = auth.safe_next(form.get("next"))
    try:
        return _login(request, username, password[0] if password else "", target)
    except StorageError:
        # The shared throttle store (Redis) is down: refuse rather than count nothing.
        log.warning("login refused: the rate-limit storage is unavailable")
        response = render(request, "login.html", {"next": target, "error": LOGIN_UNAVAILABLE,
                                                  "username": username}, status_code=503)
        response.headers["Retry-After"] = "30"
        return response


LOGIN_UNAVAILABLE = "Logging in is not possible just now. Try again in a minute."


def _login(request: Request, username: str, password: str, target: str) -> Response:
    # Logged without the username: people type passwords into the wrong field.
    blocked = auth.login_blocked(request, username)
    if blocked is not None:
        log.info("staff login held off (too many failures)")
        return _login_refused(request, target, username, *blocked)
    try:
        member = staff_service.authenticate(_sessions(request), username, password)
    except staff_service.LoginRefused as exc:
        log.info("staff login refused")
        blocked = auth.login_failed(request, username)
        if blocked is not None:
            return _login_refused(request, target, username, *blocked)
        return render(request, "login.html", {"next": target, "error": str(exc), "username": username},
                      status_code=400)
    auth.login_succeeded(request, username)
    auth.start_session(request, member)
    if member.must_change_password:
        return RedirectResponse(f"{auth.PASSWORD_PAGE}?first=1", status_code=303)
    return RedirectResponse(target, status_code=303)


def _login_refused(request: Request, target: str, username: str, message: str, wait: int) -> Response:
    response = render(request, "login.html", {"next": target, "error": message, "username": username},
                      status_code=429)
    response.headers["Retry-After"] = str(max(1, wait))
    return response


@router.post("/logout")
def logout(request: Request, _member: Member, _form: Form) -> Response:
    auth.end_session(request)
    return RedirectResponse("/staff/login?logged_out=1", status_code=303)


# ---- the queue -----------------------------------------------------------------------


def _choice(value: str | None, allowed) -> str | None:
    return value if value in allowed else None


@router.get("")
def queue(
    request: Request,
    member: Member,
    kind: str | None = None,
    stage: str | None = None,
    status: str | None = None,
    channel: str | None = None,
    flag: str | None = None,
    sla_state: str | None = None,
    q: str | None = None,
    page: int = 1,
) -> Response:
    """Open cases by what is due soonest; overdue and at-risk marked in words and colour."""
    auth.require(member, "view")
    filters = case_service.CaseFilters(
        kind=_choice(kind, schemas.KINDS),
        stage=_choice(stage, ("stage_1", "stage_2")),
        status=_choice(status, case_service.OPEN_STATUSES),
        channel=_choice(channel, schemas.CHANNELS),
        flag=_choice(flag, FLAG_FILTERS),
        sla_state=_choice(sla_state, ("overdue", "at_risk", "running")),
        q=(q or "").strip()[:100] or None,
        open_only=True,
    )
    page = min(max(page, 1), 100_000)
    today = local_date(datetime.now(UTC))
    with _sessions(request)() as s:
        rows, total = case_service.list_cases(s, filters, page, PAGE_SIZE)
        undelivered = outbox.undelivered_cases(s, [case.id for case in rows])
    items = [{**_queue_row(case, today), "notice_not_delivered": case.id in undelivered}
             for case in rows]
    shown_total = min(total, case_service.COUNT_CAP)
    pages = max(1, math.ceil(shown_total / PAGE_SIZE))
    query = {k: v for k, v in filters.__dict__.items() if v and k != "open_only"}

    def page_link(n: int) -> str:
        return "/staff?" + urlencode({**query, "page": n})

    return render(request, "queue.html", {
        "items": items, "filters": filters, "page": page, "pages": pages, "total": shown_total,
        "total_capped": total > case_service.COUNT_CAP, "page_link": page_link,
        "kinds": schemas.KINDS, "channels": schemas.CHANNELS, "statuses": case_service.OPEN_STATUSES,
        "filtered": bool(query),
    })


def _queue_row(case, today) -> dict:
    state, days_left = None, None
    if case.next_due is not None:
        policy = policy_for(case.policy)
        calendar = policy.calendar(case.nation)
        # The same rule as the clocks (domain.sla), for today rather than the last sweep.
        state = sla.clock_state(case.next_due, today, calendar, None, policy.at_risk_working_days).value
        days_left = calendar.working_days_between(today, case.next_due)
    flags = flags_of(case)
    # Awaab's Law: the hazard's soonest clock beside the Code's; the row shows the worse.
    hazard = queue_hazard(case, datetime.now(UTC))
    severity = case_service.STATE_SEVERITY
    row_state = state
    if hazard and severity.get(hazard["state"], 0) > severity.get(state or "", 0):
        row_state = hazard["state"]
    return {
        "case": case, "state": state, "days_left": days_left, "hazard": hazard,
        "row_state": row_state, "flags": [name for name, on in flags.items() if on is True],
    }


# ---- the case page -------------------------------------------------------------------


def _case_context(request: Request, member: StaffMember, reference: str) -> dict:
    sessions = _sessions(request)
    with sessions() as s:
        case = case_service.load_case(s, reference)
        events = case_service.load_events(s, case)
        refs = [str(r).upper() for r in (case.linked_references or [])]
        known = set(s.execute(select(Case.reference).where(Case.reference.in_(refs))).scalars()) if refs else set()
        linked = {ref: ref in known for ref in refs}
        from .notices import notice_rows  # the notices module imports this one

        outbox_rows = notice_rows(s, case)
    view = case_out(case, events)
    policy = policy_for(case.policy)
    stage = case.stage
    current = {c.name: c for c in view.sla.clocks if c.stage == stage} if stage else {}
    ack, response = current.get("acknowledge"), current.get("response")

    def live(clock) -> bool:
        return clock is not None and clock.completed_at is None and clock.state != "cancelled"

    is_open = case.status in case_service.OPEN_STATUSES
    is_complaint = case.kind == "complaint" and stage is not None
    timescales = policy.timescales(stage) if is_complaint else None
    extension_left = (timescales.max_extension_days - response.extension_days) if (
        timescales and response) else None
    notices = [e for e in (view.events or []) if isinstance(e.data.get("notice"), str)]
    return {
        "case": view,
        "events": view.events or [],
        "notices": list(reversed(notices)),
        "outbox": outbox_rows,
        "not_delivered": [row for row in outbox_rows if row["failed"]],
        "linked": linked,
        "policy": policy,
        "timescales": timescales,
        "extension_left": extension_left,
        "can": {
            "acknowledge": is_open and is_complaint and live(ack),
            "respond": is_open and is_complaint and live(response) and not live(ack),
            "extend": is_open and is_complaint and live(response),
            "escalate": is_complaint and stage == "stage_1" and case.status != "declined",
            "reclassify": is_open,
            "decline": is_open,
            "close": is_open,
            "assign": is_open,
            "edit_definition": is_open,
        },
        "staff": staff_service.active_usernames(sessions) if member.may("assign") else [],
        "other_kinds": [k for k in schemas.KINDS if k != case.kind],
    }


@router.get("/cases/{reference}")
def case_page(request: Request, member: Member, reference: str, done: str | None = None) -> Response:
    auth.require(member, "view")
    try:
        context = _case_context(request, member, reference)
    except ServiceError as exc:
        return render(request, "error.html", {"title": "No such case", "message": exc.message},
                      status_code=exc.status_code)
    context["done"] = done if done in DONE_MESSAGES else None
    return render(request, "case.html", context)


# ---- actions -------------------------------------------------------------------------


def _actor(request: Request) -> case_service.Actor:
    return get_actor(request)  # the signed-in staff member (auth.current_member set it)


def _validation_message(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err.get("loc", ())) or "form"
        msg = err.get("msg", "invalid value").removeprefix("Value error, ")
        parts.append(f"{field.replace('_', ' ')}: {msg}")
    return "; ".join(parts)


def _act(request: Request, member: StaffMember, reference: str, action: str, build: Callable) -> Response:
    """Build the request, call the service, and go back to the case page (or show why not)."""
    try:
        operation, body = build()
        operation(_sessions(request), reference, _actor(request), body)
    except (ValidationError, ServiceError) as exc:
        if isinstance(exc, ValidationError):
            message, status = _validation_message(exc), 422
        else:
            message, status = exc.message, exc.status_code
        try:
            context = _case_context(request, member, reference)
        except ServiceError as missing:
            return render(request, "error.html", {"title": "No such case", "message": missing.message},
                          status_code=missing.status_code)
        context.update(error=message, error_action=action)
        return render(request, "case.html", context, status_code=status)
    return RedirectResponse(f"/staff/cases/{quote(reference)}?done={action}#outcome", status_code=303)


def _load_kind(request: Request, reference: str) -> str | None:
    with _sessions(request)() as s:
        try:
            return case_service.load_case(s, reference).kind
        except ServiceError:
            return None


@router.post("/cases/{reference}/acknowledge")
def acknowledge(request: Request, member: Member, form: Form, reference: str) -> Response:
    """Code 6.2 / 6.11 and 5.6–5.7: acknowledge, with the text for the resident."""
    auth.require(member, "acknowledge")
    return _act(request, member, reference, "acknowledge", lambda: (
        case_service.acknowledge,
        schemas.AcknowledgeRequest(not_responsible_for=form.get("not_responsible_for"),
                                   note=form.get("note")),
    ))


@router.post("/cases/{reference}/definition")
def edit_definition(request: Request, member: Member, form: Form, reference: str) -> Response:
    """Edit the complaint definition; who and why go on the event log."""
    auth.require(member, "edit_definition")
    points = [line.strip() for line in (form.get("points") or "").splitlines() if line.strip()]

    def build():
        if not form.get("reason"):
            raise Invalid("reason: say why the definition is changing")
        return case_service.edit_definition, schemas.DefinitionEdit(
            points=points, desired_outcome=form.get("desired_outcome"), reason=form.get("reason"),
            confirmed=form.get("confirmed") == "yes",
        )

    return _act(request, member, reference, "definition", build)


@router.post("/cases/{reference}/reclassify")
def reclassify(request: Request, member: Member, form: Form, reference: str) -> Response:
    new_kind = form.get("kind")
    away = _load_kind(request, reference) == "complaint" and new_kind != "complaint"
    auth.require(member, "reclassify_from_complaint" if away else "reclassify")
    return _act(request, member, reference, "reclassify", lambda: (
        case_service.reclassify,
        schemas.ReclassifyRequest(kind=new_kind, reason=form.get("reason") or ""),
    ))


def _whole_number(text: str | None) -> int | str:
    """A form posts text; the JSON API takes numbers only. Not a number: left as text for
    the schema to refuse with the field named."""
    text = (text or "").strip()
    return int(text) if text.isdigit() else text


@router.post("/cases/{reference}/extend")
def extend(request: Request, member: Member, form: Form, reference: str) -> Response:
    """Code 6.4 / 6.15: within the limit with a reason; beyond it only a manager, with good reason."""
    good_reason = form.get("good_reason_beyond_limit")
    auth.require(member, "extend_beyond_limit" if good_reason else "extend")
    return _act(request, member, reference, "extend", lambda: (
        case_service.extend,
        schemas.ExtendRequest(days=_whole_number(form.get("days")), reason=form.get("reason") or "",
                              good_reason_beyond_limit=good_reason),
    ))


@router.post("/cases/{reference}/respond")
def respond(request: Request, member: Member, form: Form, reference: str) -> Response:
    """The Code 6.9 / 6.19 contents of the response, point by point (6.7)."""
    auth.require(member, "respond")

    def build():
        with _sessions(request)() as s:
            points = case_service.load_case(s, reference).definition.get("points", [])
        answered = [p for i, p in enumerate(points) if str(i) in form.getlist("answered")]
        if len(answered) < len(points):
            missing = ", ".join(str(i + 1) for i, p in enumerate(points) if p not in answered)
            raise Invalid(f"Code 6.7: every point of the complaint must be answered (not yet: {missing})")
        return case_service.respond, schemas.RespondRequest(
            decision=form.get("decision") or "", reasons=form.get("reasons") or "",
            remedy=form.get("remedy"), outstanding_actions=form.get("outstanding_actions"),
            points_answered=answered,
        )

    return _act(request, member, reference, "respond", build)


@router.post("/cases/{reference}/escalate")
def escalate(request: Request, member: Member, form: Form, reference: str) -> Response:
    """Code 6.11–6.13: stage 2 with the signed-in member as its handler, who must not
    be the stage 1 handler (the service refuses: Code 6.13)."""
    auth.require(member, "escalate")
    return _act(request, member, reference, "escalate", lambda: (
        case_service.escalate,
        schemas.EscalateRequest(
            requested_by="resident" if form.get("requested_by") == "resident" else "staff",
            handler=member.username, reason=form.get("reason"),
        ),
    ))


@router.post("/cases/{reference}/assign")
def assign(request: Request, member: Member, form: Form, reference: str) -> Response:
    auth.require(member, "assign")
    return _act(request, member, reference, "assign", lambda: (
        case_service.assign, schemas.AssignRequest(handler=form.get("handler") or ""),
    ))


@router.post("/cases/{reference}/decline")
def decline(request: Request, member: Member, form: Form, reference: str) -> Response:
    """Code 2.4: reasons, and the notice gives the right to go to the Ombudsman."""
    auth.require(member, "decline")
    return _act(request, member, reference, "decline", lambda: (
        case_service.decline,
        schemas.DeclineRequest(reasons=form.get("reasons") or "", exclusion=form.get("exclusion")),
    ))


@router.post("/cases/{reference}/close")
def close(request: Request, member: Member, form: Form, reference: str) -> Response:
    with _sessions(request)() as s:
        try:
            case = case_service.load_case(s, reference)
            unanswered = case.kind == "complaint" and case.status != "responded"
        except ServiceError:
            unanswered = False
    auth.require(member, "close_unanswered_complaint" if unanswered else "close")
    return _act(request, member, reference, "close", lambda: (
        case_service.close, schemas.CloseRequest(reason=form.get("reason") or ""),
    ))


@router.post("/cases/{reference}/notes")
def add_note(request: Request, member: Member, form: Form, reference: str) -> Response:
    auth.require(member, "note")
    return _act(request, member, reference, "note", lambda: (
        case_service.add_note, schemas.NoteRequest(text=form.get("text") or ""),
    ))


# ---- staff users (admin) and one's own password --------------------------------------


def _users_page(request: Request, status_code: int = 200, **extra) -> Response:
    users = staff_service.list_users(_sessions(request))
    now = datetime.now(UTC)
    return render(request, "users.html", {"users": users, "now": now, "roles": staff_service.ROLES,
                                          **extra}, status_code=status_code)


@router.get("/users")
def users(request: Request, member: Member, done: str | None = None) -> Response:
    auth.require(member, "manage_users")
    return _users_page(request, done=done in ("added", "unlocked", "deactivated", "activated") and done)


@router.post("/users")
def add_user(request: Request, member: Member, form: Form) -> Response:
    auth.require(member, "manage_users")
    try:
        staff_service.add_user(_sessions(request), form.get("username") or "", form.get("role") or "",
                               (form.getlist("password") or [""])[0])
    except staff_service.StaffError as exc:
        return _users_page(request, 422, error=str(exc))
    return RedirectResponse("/staff/users?done=added", status_code=303)


@router.post("/users/{username}/unlock")
def unlock_user(request: Request, member: Member, _form: Form, username: str) -> Response:
    auth.require(member, "manage_users")
    try:
        staff_service.unlock(_sessions(request), username)
    except staff_service.StaffError as exc:
        return _users_page(request, 404, error=str(exc))
    auth.unlock_logins(request, username)
    return RedirectResponse("/staff/users?done=unlocked", status_code=303)


@router.post("/users/{username}/active")
def set_user_active(request: Request, member: Member, form: Form, username: str) -> Response:
    auth.require(member, "manage_users")
    active = form.get("active") == "yes"
    if username == member.username and not active:
        return _users_page(request, 409, error="You cannot deactivate your own account.")
    try:
        staff_service.set_active(_sessions(request), username, active)
    except staff_service.StaffError as exc:
        return _users_page(request, 404, error=str(exc))
    return RedirectResponse(f"/staff/users?done={'activated' if active else 'deactivated'}", status_code=303)


@router.get("/password")
def password_page(request: Request, member: Member, done: bool = False) -> Response:
    auth.require(member, "view")
    return render(request, "password.html", {"done": done, "must_change": member.must_change_password})


@router.post("/password")
def change_password(request: Request, member: Member, form: Form) -> Response:
    auth.require(member, "view")
    current, new, again = ((form.getlist(k) or [""])[0] for k in ("current", "new", "again"))
    try:
        if new != again:
            raise staff_service.StaffError("the two new passwords are not the same")
        changed = staff_service.change_password(_sessions(request), member.id, current, new)
    except staff_service.StaffError as exc:
        return render(request, "password.html", {"error": str(exc), "must_change": member.must_change_password},
                      status_code=422)
    # Every session of this user has ended; this browser carries on in a new one.
    auth.start_session(request, changed)
    return RedirectResponse("/staff/password?done=1", status_code=303)
