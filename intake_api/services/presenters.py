"""Cases as the API shows them: clocks with working days left, flags, the Ombudsman."""

from __future__ import annotations

from datetime import UTC, datetime

from .. import schemas
from ..domain import hazards
from ..domain.calendar import local_date
from ..models import Case, CaseEvent
from . import hazard_clocks
from .policies import ombudsman_of, policy_for


def flags_of(case: Case) -> dict:
    return {
        "emergency": case.emergency,
        "vulnerability": case.vulnerability,
        "on_behalf": case.on_behalf,
        "prior_report": case.prior_report,
        "asked_for_person": case.asked_for_person,
        "possible_exclusion": case.possible_exclusion,
        "exclusion_reason": case.exclusion_reason,
        "consent_pending": case.consent_status == "pending",
        "reasonable_adjustments": bool(case.reasonable_adjustments),
    }


def sla_of(case: Case) -> schemas.SlaOut:
    policy = policy_for(case.policy)
    calendar = policy.calendar(case.nation)
    today = local_date(datetime.now(UTC))
    clocks = [
        schemas.ClockOut(
            stage=c.stage,
            name=c.name,
            started_on=c.started_on,
            due=c.due,
            projected=c.projected,
            extension_days=c.extension_days,
            completed_at=c.completed_at,
            state="cancelled" if c.cancelled and c.completed_at is None else c.state,
            working_days_left=(
                None if c.completed_at or c.cancelled else calendar.working_days_between(today, c.due)
            ),
            nation=c.nation,
            calendar_version=c.calendar_version,
        )
        for c in case.clocks
    ]
    out = schemas.SlaOut(nation=case.nation, state=case.sla_state, clocks=clocks)
    current = [c for c in case.clocks if c.stage == case.stage] if case.stage else []
    for clock in current:
        out.calendar_version = clock.calendar_version
        if clock.name == "acknowledge":
            out.acknowledge_due = clock.due
        elif clock.name == "response":
            out.response_due = clock.due
            out.response_projected = clock.projected
    target = next((c for c in case.clocks if c.name == "target"), None)
    if target is not None:
        out.target_due = target.due
        out.calendar_version = out.calendar_version or target.calendar_version
    return out


def hazard_of(case: Case, now: datetime | None = None) -> schemas.HazardOut | None:
    """Awaab's Law: the case's hazard class, awareness and clocks (docs/hazards.md)."""
    if case.hazard_class is None or case.hazard_aware_at is None:
        return None
    policy = policy_for(case.policy)
    calendar = policy.calendar(case.nation)
    now = now or datetime.now(UTC)
    hazard = policy.hazards.classes.get(case.hazard_class)
    clocks = []
    for c in case.hazard_clocks:
        running = c.completed_at is None
        state = hazard_clocks.state(c, policy, calendar, now).value
        clocks.append(schemas.HazardClockOut(
            name=c.name, unit=c.unit, started_at=c.started_at, due=hazard_clocks.due_text(c),
            due_at=c.due_at, due_on=c.due_on, completed_at=c.completed_at, state=state,
            hours_left=hazards.hours_left(c.due_at, now) if running and c.unit == "hours" else None,
            working_days_left=(
                calendar.working_days_between(local_date(now), c.due_on)
                if running and c.due_on is not None else None
            ),
        ))
    running_states = [c.state for c in clocks if c.completed_at is None]
    return schemas.HazardOut(
        hazard_class=case.hazard_class,
        label=hazard.label if hazard else case.hazard_class.replace("_", " ").capitalize(),
        aware_at=case.hazard_aware_at,
        applies=hazard_clocks.applies(case, policy),
        state=max(running_states, key=lambda s: hazard_clocks.SEVERITY.get(s, 0), default=None),
        due={c.name: c.due for c in clocks},
        clocks=clocks,
    )


def case_out(case: Case, events: list[CaseEvent] | None = None) -> schemas.CaseOut:
    ombudsman = ombudsman_of(policy_for(case.policy))
    return schemas.CaseOut(
        reference=case.reference,
        kind=case.kind,
        stage=case.stage,
        status=case.status,
        channel=case.channel,
        conversation_id=case.conversation_id,
        received_at=case.received_at,
        nation=case.nation,
        policy=case.policy,
        summary=case.summary,
        # Cases filed before the field existed read it as null.
        complainant={**(case.complainant or {}), "contact_note": case.contact_note},
        representative=case.representative,
        definition=case.definition or {},
        definition_confirmed=case.definition_confirmed,
        service_request=case.service_request,
        flags=flags_of(case),
        linked_references=case.linked_references or [],
        attachments=case.attachments or [],
        transcript=case.transcript or [],
        handler_stage_1=case.handler_stage_1,
        handler_stage_2=case.handler_stage_2,
        sla=sla_of(case),
        ombudsman=schemas.OmbudsmanOut(**ombudsman.__dict__),
        created_at=case.created_at,
        updated_at=case.updated_at,
        tenure=case.tenure,
        hazard=hazard_of(case),
        events=(
            [schemas.EventOut(id=e.id, at=e.at, type=e.type, actor=e.actor, data=e.data) for e in events]
            if events is not None
            else None
        ),
    )


def case_summary(case: Case) -> schemas.CaseSummary:
    return schemas.CaseSummary(
        reference=case.reference,
        kind=case.kind,
        stage=case.stage,
        status=case.status,
        channel=case.channel,
        received_at=case.received_at,
        complainant_name=case.complainant_name,
        next_due=case.next_due,
        sla_state=case.sla_state,
        flags=flags_of(case),
        next_due_at=case.next_due_at,
        hazard_class=case.hazard_class,
        hazard_state=case.hazard_state,
    )


def status_out(case: Case) -> schemas.CaseStatusOut:
    sla = sla_of(case)
    ombudsman = ombudsman_of(policy_for(case.policy))
    return schemas.CaseStatusOut(
        reference=case.reference,
        kind=case.kind,
        stage=case.stage,
        status=case.status,
        received_at=case.received_at,
        acknowledge_due=sla.acknowledge_due,
        response_due=sla.response_due,
        ombudsman=schemas.OmbudsmanOut(**ombudsman.__dict__),
    )
