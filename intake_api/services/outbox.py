"""Resident notices: queued with the case change, delivered by the outbox worker.

``queue_notice`` runs inside the transaction of the case operation that wrote the
notice (acknowledge, extend, respond, escalate, decline, close, filing), so a notice
exists exactly when its case change does. ``deliver_due`` claims due rows
(``FOR UPDATE SKIP LOCKED`` on PostgreSQL) and hands each to its provider
(services/providers.py); every outcome goes on the case timeline. docs/outbound.md.

Retries are a computed ``next_attempt_at`` on the row, not an in-process retry loop
(tenacity and the like): the wait survives a restart, any worker can pick the row up,
nothing holds a lock or a thread while waiting, and staff can see when the next try is.
"""

from __future__ import annotations

import logging
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from ..domain import outbound
from ..models import Case, CaseEvent
from ..models_outbound import NOT_DELIVERED, Notice, SmsOptOut
from .errors import Conflict, NotFound
from .policies import policy_for
from .providers import Ambiguous, Providers, Refused, Retry

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
SUBJECTS = {
    "filed": "We have logged your {what} {reference}",
    "acknowledgement": "Your complaint {reference}: acknowledgement",
    "extension": "Your complaint {reference}: we need more time",
    "response": "Your complaint {reference}: our response",
    "escalation": "Your complaint {reference} is at stage 2",
    "decline": "Your complaint {reference}: our decision",
    "closure": "Your case {reference} is closed",
}
# Filed through a conversation on screen: the reference was given there.
_CONVERSATIONS = ("web", "rest")


def _now() -> datetime:
    return datetime.now(UTC)


def _event(session: Session, case_id: int, type_: str, actor: str, **data: Any) -> None:
    session.add(CaseEvent(case_id=case_id, type=type_, actor=actor, data=data, at=_now()))


# ---- queueing (inside the case operation's transaction) ------------------------------


def queue_notice(session: Session, case: Case, kind: str, text: str, actor: str) -> Notice:
    """Write the notice for ``case`` to the outbox, in the caller's transaction. Any
    operation that owes the resident a written notice calls this (``kind`` names it, e.g.
    ``acknowledgement``; the policy may have a WhatsApp template under that name)."""
    who = outbound.recipient(case.complainant or {}, case.representative, case.consent_status,
                             case.channel)
    what = "complaint" if case.kind == "complaint" else case.kind.replace("_", " ")
    notice = Notice(
        case_id=case.id, key=uuid.uuid4().hex, kind=kind, recipient_role=who.role,
        routes=[r.as_dict() for r in who.routes], route_index=0,
        channel=who.routes[0].channel if who.routes else None,
        subject=SUBJECTS.get(kind, "About your case {reference}").format(
            reference=case.reference, what=what)[:200],
        body=text, status="queued", attempts=0, next_attempt_at=_now(), provider_ids=[],
        part_statuses={}, notes=[f"to {who.why}"], created_at=_now(), updated_at=_now(),
    )
    session.add(notice)
    session.flush()
    if not who.routes:
        if kind == "filed" and case.channel in _CONVERSATIONS:
            notice.status = "skipped"
            notice.notes = [*notice.notes, "no contact details; the reference was given in the conversation"]
        else:
            _fail(session, notice, "no way to reach them: no contact details for "
                  f"{who.why} on a channel we can send to", "system:outbox")
    elif who.routes[0].channel == "letter":
        _letter_queued(session, notice, actor)
    return notice


def _letter_queued(session: Session, notice: Notice, actor: str) -> None:
    notice.status, notice.channel, notice.via = "awaiting_print", "letter", "letter"
    notice.next_attempt_at = None
    _event(session, notice.case_id, "notice_letter_queued", actor, notice_id=notice.id,
           kind=notice.kind, note="a printable letter is waiting for staff to print and post")


def _fail(session: Session, notice: Notice, reason: str, actor: str) -> None:
    notice.status, notice.last_error, notice.next_attempt_at = "failed", reason, None
    notice.lease_until = None
    _event(session, notice.case_id, "notice_not_delivered", actor, notice_id=notice.id,
           kind=notice.kind, channel=notice.channel, reason=reason, notes=notice.notes)
    log.warning("notice %s not delivered (%s)", notice.id, notice.kind)


# ---- staff actions -----------------------------------------------------------------


def _notice_of(session: Session, reference: str, notice_id: int) -> tuple[Case, Notice]:
    case = session.execute(select(Case).where(Case.reference == reference)).scalar_one_or_none()
    notice = session.execute(
        select(Notice).where(Notice.id == notice_id).with_for_update()
    ).scalar_one_or_none()
    if case is None or notice is None or notice.case_id != case.id:
        raise NotFound(f"no notice {notice_id} on case {reference!r}")
    return case, notice


def notices_for(session: Session, case: Case) -> list[Notice]:
    return list(session.execute(
        select(Notice).where(Notice.case_id == case.id).order_by(Notice.id)
    ).scalars())


def undelivered_case_ids():
    """The cases with a notice that was not delivered, as a subquery (the queue's filter)."""
    return select(Notice.case_id).where(Notice.status.in_(NOT_DELIVERED))


def undelivered_cases(session: Session, case_ids: list[int]) -> set[int]:
    """Which of these cases have a notice that was not delivered (the queue's marker)."""
    if not case_ids:
        return set()
    return set(session.execute(
        select(Notice.case_id).where(Notice.case_id.in_(case_ids),
                                     Notice.status.in_(NOT_DELIVERED)).distinct()
    ).scalars())


def retry(session_factory, reference: str, notice_id: int, actor_label: str) -> Notice:
    """Staff: try a notice that was not delivered again, from its first way of reaching them."""
    with session_factory() as s, s.begin():
        _case, notice = _notice_of(s, reference, notice_id)
        if notice.status not in NOT_DELIVERED:
            raise Conflict(f"notice {notice_id} is {notice.status.replace('_', ' ')}; only a "
                           "notice that was not delivered can be retried")
        if not notice.routes:
            raise Conflict("there is no way to reach them on record; send it by letter")
        notice.status, notice.route_index, notice.attempts = "queued", 0, 0
        notice.channel = notice.routes[0]["channel"]
        notice.next_attempt_at, notice.last_error = _now(), None
        notice.provider_ids, notice.part_statuses = [], {}
        _event(s, notice.case_id, "notice_retried", actor_label, notice_id=notice.id,
               kind=notice.kind)
        if notice.channel == "letter":
            _letter_queued(s, notice, actor_label)
        return notice


def send_by_letter(session_factory, reference: str, notice_id: int, actor_label: str) -> Notice:
    """Staff: a notice that was not delivered goes as a printable letter instead."""
    with session_factory() as s, s.begin():
        case, notice = _notice_of(s, reference, notice_id)
        if notice.status not in NOT_DELIVERED:
            raise Conflict(f"notice {notice_id} is {notice.status.replace('_', ' ')}; only a "
                           "notice that was not delivered is sent by letter instead")
        person = (case.representative if notice.recipient_role == "representative"
                  else case.complainant) or {}
        address = outbound.routes_for(person, "letter", "letter")
        letter = Notice(
            case_id=case.id, key=uuid.uuid4().hex, kind=notice.kind,
            recipient_role=notice.recipient_role,
            routes=[r.as_dict() for r in address] or [{"channel": "letter", "to": ""}],
            route_index=0, channel="letter", subject=notice.subject, body=notice.body,
            status="awaiting_print", attempts=0, provider_ids=[], part_statuses={},
            notes=[f"instead of notice {notice.id}"] + ([] if address else
                                                        ["no postal address on record: add it by hand"]),
            via="letter", created_at=_now(), updated_at=_now(),
        )
        s.add(letter)
        s.flush()
        notice.status, notice.replaced_by_id = "superseded", letter.id
        _event(s, case.id, "notice_letter_queued", actor_label, notice_id=letter.id,
               kind=letter.kind, instead_of=notice.id,
               note="a printable letter is waiting for staff to print and post")
        return letter


def mark_posted(session_factory, reference: str, notice_id: int, actor_label: str) -> Notice:
    with session_factory() as s, s.begin():
        _case, notice = _notice_of(s, reference, notice_id)
        if notice.status != "awaiting_print":
            raise Conflict(f"notice {notice_id} is not a letter waiting to be posted")
        notice.status, notice.sent_at = "posted", _now()
        _event(s, notice.case_id, "notice_posted", actor_label, notice_id=notice.id,
               kind=notice.kind)
        return notice


# ---- the worker --------------------------------------------------------------------


def backoff(attempts: int, base: float, cap: float) -> timedelta:
    """Exponential with jitter: about base, 2×base, 4×base … up to cap."""
    delay = min(cap, base * 2 ** max(0, attempts - 1))
    return timedelta(seconds=delay * (0.75 + random.random() / 4))


def claim(session_factory, now: datetime, batch: int = 20) -> list[int]:
    """Take due notices for this worker. A notice left ``sending`` past its lease (a
    worker died mid-send) may or may not have reached the provider: it is never sent
    again automatically; staff see it as not delivered, with the reason."""
    with session_factory() as s, s.begin():
        rows = s.execute(
            select(Notice)
            .where(or_(and_(Notice.status == "queued", Notice.next_attempt_at <= now),
                       and_(Notice.status == "sending", Notice.lease_until < now)))
            .order_by(Notice.next_attempt_at, Notice.id)
            .limit(batch)
            .with_for_update(skip_locked=True)
        ).scalars().all()
        claimed = []
        for notice in rows:
            if notice.status == "sending":
                _fail(s, notice, "the sending worker stopped mid-send: it may or may not have "
                      "reached them; check with them before retrying", "system:outbox")
                continue
            notice.status, notice.lease_until = "sending", now + LEASE
            notice.attempts += 1
            claimed.append(notice.id)
        return claimed


@dataclass(frozen=True)
class _Work:
    notice_id: int
    case_id: int
    reference: str
    kind: str
    body: str
    subject: str
    key: str
    routes: list[dict[str, str]]
    route_index: int
    provider_ids: list[str]
    attempts: int
    policy: str
    last_inbound: datetime | None


def _load(session_factory, notice_id: int) -> _Work:
    with session_factory() as s:
        notice = s.get(Notice, notice_id)
        case = s.get(Case, notice.case_id)
        filed_in_chat = case.channel == "whatsapp" and (case.filed_by or "").startswith("integration:")
        return _Work(
            notice.id, case.id, case.reference, notice.kind, notice.body, notice.subject,
            notice.key, list(notice.routes), notice.route_index, list(notice.provider_ids),
            notice.attempts, case.policy,
            outbound.last_inbound_at(case.transcript or [], case.created_at if filed_in_chat else None),
        )


def _opted_out(session_factory, phone: str) -> bool:
    with session_factory() as s:
        return s.get(SmsOptOut, phone) is not None


def record_opt_out(session: Session, phone: str, source: str) -> None:
    if session.get(SmsOptOut, phone) is None:
        session.add(SmsOptOut(phone=phone, source=source, opted_out_at=_now()))


def _update(session_factory, notice_id: int, **values: Any) -> None:
    with session_factory() as s, s.begin():
        notice = s.get(Notice, notice_id, with_for_update=True)
        for name, value in values.items():
            setattr(notice, name, value)


def _parts(channel: str, body: str) -> list[str]:
    if channel == "sms":
        return outbound.sms_parts(body)
    if channel == "whatsapp":
        return outbound.split(body, outbound.WHATSAPP_PART_CHARS)
    if channel == "telegram":
        return outbound.split(body, outbound.TELEGRAM_PART_CHARS)
    return [body]


def deliver(session_factory, notice_id: int, providers: Providers, now: datetime,
            max_attempts: int = 8, base: float = 30.0, cap: float = 3600.0) -> str:
    """Send one claimed notice: its routes in order, falling back when a route cannot
    be used; returns the notice's new status."""
    work = _load(session_factory, notice_id)
    routes, index, sent_ids = work.routes, work.route_index, work.provider_ids
    notes: list[str] = []
    while index < len(routes):
        channel, to = routes[index]["channel"], routes[index]["to"]
        if channel == "letter":
            return _finish_letter(session_factory, notice_id, index, notes)
        if channel == "sms" and _opted_out(session_factory, to):
            notes.append(f"SMS: {outbound.masked(to)} has opted out (STOP); no SMS sent")
            index, sent_ids = index + 1, []
            continue
        if not providers.configured(channel):
            notes.append(f"{channel}: not set up on this system ({providers.missing(channel)})")
            index, sent_ids = index + 1, []
            continue
        template = variables = None
        via = channel
        if channel == "whatsapp":
            if outbound.needs_whatsapp_template(work.last_inbound, now):
                template = policy_for(work.policy).whatsapp_templates.get(work.kind)
                variables = outbound.template_variables(work.reference, work.body) if template else None
                if not template or not variables:
                    why = ("no approved template for this notice" if not template
                           else "the notice is too long for a template")
                    notes.append(f"WhatsApp: outside the 24-hour window and {why}; sent by SMS instead")
                    fallback = {"channel": "sms", "to": to}
                    routes = [*routes[:index + 1], fallback, *routes[index + 1:]]
                    index, sent_ids = index + 1, []
                    continue
                via = f"whatsapp template {template}"
            else:
                via = "whatsapp session message"
        parts = [work.body] if template else _parts(channel, work.body)
        try:
            for number, part in enumerate(parts):
                if number < len(sent_ids):
                    continue  # the provider has this part already
                sent_ids = [*sent_ids, providers.send(
                    channel, to, part, subject=work.subject, key=work.key, template=template,
                    variables=variables, part=number)]
                _update(session_factory, notice_id, provider_ids=sent_ids, routes=routes,
                        route_index=index, channel=channel)
        except Refused as exc:
            notes.append(f"{channel}: {exc.reason}")
            if exc.opted_out and channel == "sms":
                with session_factory() as s, s.begin():
                    record_opt_out(s, to, "twilio 21610")
                    _event(s, work.case_id, "sms_opt_out_recorded", "system:outbox",
                           phone=outbound.masked(to))
            index, sent_ids = index + 1, []
            continue
        except Retry as exc:
            return _retry_later(session_factory, work, routes, index, sent_ids, notes, exc, now,
                                max_attempts, base, cap)
        except Ambiguous as exc:
            # Twilio's status callback for this part can still settle it (record_status).
            pending = {"part": len(sent_ids), "parts": len(parts), "via": via}
            return _finish_failed(session_factory, notice_id, routes, index, notes,
                                  f"{channel}: {exc.reason}; it may or may not have reached "
                                  "them: check with them before retrying", unconfirmed=pending)
        return _finish_sent(session_factory, notice_id, routes, index, channel, to, via,
                            sent_ids, notes, now)
    return _finish_failed(session_factory, notice_id, routes, index, notes,
                          "no way left to reach them: " + "; ".join(notes) if notes else
                          "no way left to reach them")


def _merge_notes(notice: Notice, notes: list[str]) -> None:
    notice.notes = [*(notice.notes or []), *notes]


def _finish_sent(session_factory, notice_id, routes, index, channel, to, via, ids, notes, now) -> str:
    with session_factory() as s, s.begin():
        notice = s.get(Notice, notice_id, with_for_update=True)
        notice.status, notice.sent_at, notice.via = "sent", now, via
        notice.routes, notice.route_index, notice.channel = routes, index, channel
        notice.provider_ids, notice.lease_until, notice.next_attempt_at = ids, None, None
        notice.last_error = None
        _merge_notes(notice, notes)
        _event(s, notice.case_id, "notice_sent", "system:outbox", notice_id=notice.id,
               kind=notice.kind, channel=channel, via=via, to=outbound.masked(to),
               parts=len(ids), notes=notes)
    log.info("notice %s sent by %s", notice_id, channel)
    return "sent"


def _finish_failed(session_factory, notice_id, routes, index, notes, reason,
                   unconfirmed: dict | None = None) -> str:
    with session_factory() as s, s.begin():
        notice = s.get(Notice, notice_id, with_for_update=True)
        notice.routes, notice.route_index = routes, min(index, max(len(routes) - 1, 0))
        if unconfirmed is not None:
            notice.part_statuses = {**(notice.part_statuses or {}), UNCONFIRMED: unconfirmed}
        _merge_notes(notice, notes)
        _fail(s, notice, reason, "system:outbox")
    return "failed"


def _finish_letter(session_factory, notice_id, index, notes) -> str:
    with session_factory() as s, s.begin():
        notice = s.get(Notice, notice_id, with_for_update=True)
        notice.route_index, notice.lease_until = index, None
        _merge_notes(notice, notes)
        _letter_queued(s, notice, "system:outbox")
    return "awaiting_print"


def _retry_later(session_factory, work: _Work, routes, index, ids, notes, exc: Retry, now,
                 max_attempts, base, cap) -> str:
    channel = routes[index]["channel"]
    if work.attempts >= max_attempts:
        return _finish_failed(session_factory, work.notice_id, routes, index, notes,
                              f"{channel}: {exc.reason}; gave up after {work.attempts} attempts")
    wait = backoff(work.attempts, base, cap)
    if exc.after is not None:
        wait = max(wait, timedelta(seconds=exc.after))
    with session_factory() as s, s.begin():
        notice = s.get(Notice, work.notice_id, with_for_update=True)
        notice.status, notice.lease_until = "queued", None
        notice.next_attempt_at = now + wait
        notice.routes, notice.route_index, notice.channel = routes, index, channel
        notice.provider_ids, notice.last_error = ids, f"{channel}: {exc.reason} (will try again)"
        _merge_notes(notice, notes)
    log.info("notice %s: %s, attempt %s; next in %ss", work.notice_id, exc.reason, work.attempts,
             int(wait.total_seconds()))
    return "queued"


def deliver_due(session_factory, providers: Providers, now: datetime | None = None,
                batch: int = 20, max_attempts: int = 8, base: float = 30.0,
                cap: float = 3600.0) -> dict[str, int]:
    """One pass of the worker: claim what is due and deliver it."""
    now = now or _now()
    counts: dict[str, int] = {}
    for notice_id in claim(session_factory, now, batch):
        try:
            status = deliver(session_factory, notice_id, providers, now, max_attempts, base, cap)
        except Exception as exc:
            log.exception("notice %s: delivery error %s", notice_id, type(exc).__name__)
            _finish_failed(session_factory, notice_id, [], 0, [],
                           f"an error in this system while sending ({type(exc).__name__})")
            status = "failed"
        counts[status] = counts.get(status, 0) + 1
    return counts


# ---- Twilio status callbacks -------------------------------------------------------

# Twilio's MessageStatus values, final ones mapped to ours.
_DELIVERED = {"delivered", "read"}
_UNDELIVERED = {"undelivered", "failed"}
OPTED_OUT_CODES = {"21610"}  # Twilio: the recipient replied STOP


UNCONFIRMED = "_unconfirmed"  # in part_statuses: the part Twilio may have taken unanswered


def record_status(session_factory, key: str, message_sid: str, status: str,
                  error_code: str | None, part: int | None = None) -> bool:
    """A Twilio status callback for one part of a notice. Returns False when no notice
    has that part (an old or foreign callback: acknowledged and ignored).

    A part whose send went unanswered (the notice failed as "may or may not have reached
    them") is settled by its callback: Twilio did take it, so it counts as sent."""
    with session_factory() as s, s.begin():
        notice = s.execute(select(Notice).where(Notice.key == key).with_for_update()).scalar_one_or_none()
        if notice is None:
            return False
        if message_sid not in (notice.provider_ids or []) and not _confirm(s, notice, message_sid, part):
            return False
        statuses = {**(notice.part_statuses or {}), message_sid: status}
        notice.part_statuses = statuses
        parts = notice.provider_ids
        if all(statuses.get(sid) in _DELIVERED for sid in parts) and notice.status == "sent":
            notice.status, notice.delivered_at = "delivered", _now()
            _event(s, notice.case_id, "notice_delivered", "twilio", notice_id=notice.id,
                   kind=notice.kind, channel=notice.channel)
        elif status in _UNDELIVERED and notice.status in ("sent", "delivered"):
            reason = f"{notice.channel}: the provider could not deliver it ({status}"
            reason += f", error {error_code})" if error_code else ")"
            if error_code in OPTED_OUT_CODES and notice.channel == "sms":
                to = notice.routes[notice.route_index]["to"]
                record_opt_out(s, to, f"twilio callback {error_code}")
                reason = f"SMS: {outbound.masked(to)} has opted out (STOP)"
            _fail(s, notice, reason, "twilio")
        return True


def _confirm(session: Session, notice: Notice, message_sid: str, part: int | None) -> bool:
    pending = (notice.part_statuses or {}).get(UNCONFIRMED)
    ids = list(notice.provider_ids or [])
    if notice.status != "failed" or not pending or part != pending["part"] or part != len(ids):
        return False
    notice.provider_ids = [*ids, message_sid]
    notice.part_statuses = {k: v for k, v in notice.part_statuses.items() if k != UNCONFIRMED}
    if len(notice.provider_ids) < pending["parts"]:
        return True  # the rest of the notice was never sent: still not delivered
    notice.status, notice.sent_at, notice.via, notice.last_error = "sent", _now(), pending["via"], None
    to = notice.routes[notice.route_index]["to"] if notice.routes else ""
    _event(session, notice.case_id, "notice_sent", "twilio", notice_id=notice.id, kind=notice.kind,
           channel=notice.channel, via=notice.via, to=outbound.masked(to) if to else "",
           parts=len(notice.provider_ids),
           notes=["Twilio's delivery status showed it had taken the message after all"])
    return True
