"""/api/v1/cases: routes only translate HTTP ⇄ the case service."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, Query, Response, status
from prometheus_client import Counter

from ... import schemas
from ...services import cases as service
from ...services import hazards as hazard_service
from ...services.presenters import case_out, case_summary, status_out
from ..deps import CurrentActor, SessionFactory, storable_parameters
from ..responses import LIST, READ, WRITE, errors

router = APIRouter(
    prefix="/api/v1/cases", tags=["cases"], dependencies=[Depends(storable_parameters)]
)

CASES_CREATED = Counter("intake_cases_created_total", "Cases filed", ["kind", "channel"])
IDEMPOTENT_REPLAYS = Counter("intake_idempotent_replays_total", "Retried creates answered from the first")

IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]


CREATED = {
    200: {
        "model": schemas.CaseOut,
        "description": "A retry with the same Idempotency-Key: the case the first request filed.",
        "headers": {"Idempotent-Replayed": {"description": "Always `true`: nothing new was filed.",
                                            "schema": {"type": "string", "enum": ["true"]}}},
    },
    **errors(400, 401, 403, 409, 413, 422),
}
CREATED[409]["description"] = "The Idempotency-Key was already used for a different request."


@router.post("", status_code=status.HTTP_201_CREATED, response_model=schemas.CaseOut,
             responses=CREATED)
def create_case(
    body: schemas.CaseCreate,
    actor: CurrentActor,
    sessions: SessionFactory,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """File a case and start its SLA clocks. A retry with the same ``Idempotency-Key``
    returns the first case (200, ``Idempotent-Replayed: true``), never a second one."""
    case, created = service.create_case(sessions, body, actor, idempotency_key)
    headers = {}
    if created:
        CASES_CREATED.labels(case.kind, case.channel).inc()
    else:
        IDEMPOTENT_REPLAYS.inc()
        headers["Idempotent-Replayed"] = "true"
    # Serialised once here rather than validated again against response_model.
    return Response(
        case_out(case).model_dump_json(),
        status_code=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        media_type="application/json",
        headers=headers,
    )


@router.get("", response_model=schemas.CasePage, responses=LIST)
def list_cases(
    actor: CurrentActor,
    sessions: SessionFactory,
    kind: Annotated[schemas.Kind | None, Query()] = None,
    stage: Annotated[schemas.Stage | None, Query()] = None,
    status_: Annotated[schemas.Status | None, Query(alias="status")] = None,
    channel: Annotated[schemas.Channel | None, Query()] = None,
    flag: Annotated[schemas.Flag | None, Query()] = None,
    sla_state: Annotated[schemas.SlaState | None, Query()] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    open_only: bool = False,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> schemas.CasePage:
    """Cases by what is due soonest, with filters and paging (the staff queue). A key
    with only ``cases:read_own`` lists the cases it filed."""
    filters = service.filters_for(actor, service.CaseFilters(
        kind=kind, stage=stage, status=status_, channel=channel, flag=flag,
        sla_state=sla_state, q=q, open_only=open_only,
    ))
    with sessions() as s:
        rows, total = service.list_cases(s, filters, page, page_size)
        return schemas.CasePage(
            items=[case_summary(c) for c in rows],
            total=min(total, service.COUNT_CAP),
            total_capped=total > service.COUNT_CAP,
            page=page,
            page_size=page_size,
        )


LOOKUP = errors(400, 401, 403, 404, 413, 422)
LOOKUP[404]["description"] = "No case matches that reference and proof (the same answer either way)."


@router.post("/lookup", response_model=schemas.CaseStatusOut, responses=LOOKUP)
def lookup(body: schemas.LookupRequest, actor: CurrentActor, sessions: SessionFactory) -> schemas.CaseStatusOut:
    """A resident's case, proven by its reference plus their phone number, postcode or email."""
    with sessions() as s:
        return status_out(service.lookup(s, body.reference, body.phone, body.postcode, actor,
                                         body.email))


@router.get("/{reference}", response_model=schemas.CaseOut, responses=READ)
def get_case(
    reference: str, actor: CurrentActor, sessions: SessionFactory, events: bool = True
) -> schemas.CaseOut:
    with sessions() as s:
        case = service.read_case(s, reference, actor)
        return case_out(case, service.load_events(s, case) if events else None)


@router.get("/{reference}/events", response_model=list[schemas.EventOut], responses=READ)
def get_events(reference: str, actor: CurrentActor, sessions: SessionFactory) -> list[schemas.EventOut]:
    with sessions() as s:
        case = service.read_case(s, reference, actor)
        return case_out(case, service.load_events(s, case)).events or []


def _result(sessions, outcome) -> schemas.ActionResult:
    case, notice = outcome
    with sessions() as s:
        events = service.load_events(s, case)
    return schemas.ActionResult(case=case_out(case, events), notice=notice)


@router.post("/{reference}/acknowledge", response_model=schemas.ActionResult, responses=WRITE)
def acknowledge(reference: str, body: schemas.AcknowledgeRequest, actor: CurrentActor,
                sessions: SessionFactory) -> schemas.ActionResult:
    """Code 6.2: acknowledge; returns the acknowledgement text for the resident."""
    return _result(sessions, service.acknowledge(sessions, reference, actor, body))


@router.put("/{reference}/definition", response_model=schemas.ActionResult, responses=WRITE)
def edit_definition(reference: str, body: schemas.DefinitionEdit, actor: CurrentActor,
                    sessions: SessionFactory) -> schemas.ActionResult:
    """Edit or confirm the complaint definition; the change is logged with who and why."""
    return _result(sessions, service.edit_definition(sessions, reference, actor, body))


@router.post("/{reference}/reclassify", response_model=schemas.ActionResult, responses=WRITE)
def reclassify(reference: str, body: schemas.ReclassifyRequest, actor: CurrentActor,
               sessions: SessionFactory) -> schemas.ActionResult:
    return _result(sessions, service.reclassify(sessions, reference, actor, body))


@router.post("/{reference}/extend", response_model=schemas.ActionResult, responses=WRITE)
def extend(reference: str, body: schemas.ExtendRequest, actor: CurrentActor,
           sessions: SessionFactory) -> schemas.ActionResult:
    """Code 6.4/6.15: extend within the limit; the notice carries the Ombudsman's details."""
    return _result(sessions, service.extend(sessions, reference, actor, body))


@router.post("/{reference}/respond", response_model=schemas.ActionResult, responses=WRITE)
def respond(reference: str, body: schemas.RespondRequest, actor: CurrentActor,
            sessions: SessionFactory) -> schemas.ActionResult:
    """Record the stage response (Code 6.9 / 6.19 contents)."""
    return _result(sessions, service.respond(sessions, reference, actor, body))


@router.post("/{reference}/escalate", response_model=schemas.ActionResult, responses=WRITE)
def escalate(reference: str, body: schemas.EscalateRequest, actor: CurrentActor,
             sessions: SessionFactory) -> schemas.ActionResult:
    """Code 6.11–6.13: stage 2, no reasons needed; the stage 2 handler differs from stage 1."""
    return _result(sessions, service.escalate(sessions, reference, actor, body))


@router.post("/{reference}/assign", response_model=schemas.ActionResult, responses=WRITE)
def assign(reference: str, body: schemas.AssignRequest, actor: CurrentActor,
           sessions: SessionFactory) -> schemas.ActionResult:
    return _result(sessions, service.assign(sessions, reference, actor, body))


@router.post("/{reference}/decline", response_model=schemas.ActionResult, responses=WRITE)
def decline(reference: str, body: schemas.DeclineRequest, actor: CurrentActor,
            sessions: SessionFactory) -> schemas.ActionResult:
    """Code 2.4: decline with reasons and the right to go to the Ombudsman."""
    return _result(sessions, service.decline(sessions, reference, actor, body))


@router.post("/{reference}/close", response_model=schemas.ActionResult, responses=WRITE)
def close(reference: str, body: schemas.CloseRequest, actor: CurrentActor,
          sessions: SessionFactory) -> schemas.ActionResult:
    return _result(sessions, service.close(sessions, reference, actor, body))


@router.post("/{reference}/notes", response_model=schemas.ActionResult, responses=WRITE)
def add_note(reference: str, body: schemas.NoteRequest, actor: CurrentActor,
             sessions: SessionFactory) -> schemas.ActionResult:
    return _result(sessions, service.add_note(sessions, reference, actor, body))


# ---- Awaab's Law hazard clocks (docs/hazards.md) ---------------------------------------


@router.put("/{reference}/hazard", response_model=schemas.ActionResult, responses=WRITE)
def set_hazard(reference: str, body: schemas.HazardSet, actor: CurrentActor,
               sessions: SessionFactory) -> schemas.ActionResult:
    """Set, change or (``"class": null``, with a reason) remove the case's hazard, correct
    ``aware_at`` or record the ``tenure``; the clocks follow from awareness."""
    return _result(sessions, hazard_service.set_hazard(sessions, reference, actor, body))


HazardStepPath = Literal["investigated", "summary-sent", "safety-work-done", "further-work-started"]


@router.post("/{reference}/hazard/{step}", response_model=schemas.ActionResult, responses=WRITE)
def record_hazard_step(reference: str, step: HazardStepPath, actor: CurrentActor,
                       sessions: SessionFactory,
                       body: schemas.HazardStepRequest | None = None) -> schemas.ActionResult:
    """Record a step with ``{"at": ISO datetime}`` (default now): ``investigated`` stops the
    investigation clock and starts ``summary`` (+3 working days) and ``safety_work`` (+5);
    each step stops its clock, met or missed, on the timeline."""
    return _result(sessions, hazard_service.record_step(
        sessions, reference, actor, step.replace("-", "_"), body or schemas.HazardStepRequest()))
