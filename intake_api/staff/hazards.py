"""Awaab's Law on the staff pages (docs/hazards.md): the forms that set a case's hazard
and record each step. They call the same service operations as /api/v1; what the queue
and case page show is in ``hazard_view``."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request, Response

from .. import schemas
from ..domain.calendar import LONDON
from ..services import hazards as hazard_service
from ..services.errors import Invalid
from . import auth
from .routes import Form, Member, StaffRoute, _act

router = APIRouter(prefix="/staff", route_class=StaffRoute, include_in_schema=False)


def _local_moment(text: str | None, field: str) -> datetime | None:
    """A form's date and time (``datetime-local``), read as Europe/London."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise Invalid(f"{field}: {text!r} is not a date and time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LONDON)
    return moment.astimezone(UTC)


@router.post("/cases/{reference}/hazard")
def set_hazard(request: Request, member: Member, form: Form, reference: str) -> Response:
    """Confirm, change or remove the hazard; correct when the resident first told us; tenure."""
    auth.require(member, "set_hazard")

    def build():
        fields = {"hazard_class": form.get("class") or None, "reason": form.get("reason") or None,
                  "aware_at": _local_moment(form.get("aware_at"), "aware_at")}
        if form.get("tenure") is not None:
            fields["tenure"] = form.get("tenure") or None
        return hazard_service.set_hazard, schemas.HazardSet(**fields)

    return _act(request, member, reference, "hazard", build)


@router.post("/cases/{reference}/hazard/{step}")
def record_hazard_step(request: Request, member: Member, form: Form, reference: str, step: str) -> Response:
    """Investigation finished, summary sent, safety work done, further work started."""
    auth.require(member, "record_hazard_step")

    def operation(sessions, ref, actor, body):
        return hazard_service.record_step(sessions, ref, actor, step.replace("-", "_"), body)

    def build():
        return operation, schemas.HazardStepRequest(
            at=_local_moment(form.get("at"), "at"), note=form.get("note") or None,
            summary=form.get("summary") or None,
            not_reasonably_practicable=form.get("not_reasonably_practicable") or None)

    return _act(request, member, reference, "hazard_step", build)
