"""Cases as the API shows them: clocks with working days left, flags, the Ombudsman."""

from __future__ import annotations

from datetime import UTC, datetime

from .. import schemas
from ..domain.calendar import local_date
from ..models import Case, CaseEvent
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
        complainant=case.complainant or {},
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
