"""The action server's HTTP client: timeouts, retries, idempotency (docs/api-contract.md)."""

from __future__ import annotations

import time

import pytest

from actions.intake_client import (
    IntakeClient,
    IntakeRejected,
    IntakeSettings,
    IntakeUnavailable,
    idempotency_key,
)

CASE = {"kind": "complaint", "channel": "rest", "definition": {"points": ["no heating"]}}


def client_for(api, budget: float = 2.0, timeout: float = 0.5) -> IntakeClient:
    return IntakeClient(IntakeSettings(url=api.url, api_key="test-key", total_budget=budget,
                                       request_timeout=timeout, backoff_base=0.05))


def test_the_idempotency_key_is_stable_for_one_submission_and_new_for_the_next():
    assert idempotency_key("conv-1", 0) == idempotency_key("conv-1", 0)
    assert idempotency_key("conv-1", 0) != idempotency_key("conv-1", 1)
    assert idempotency_key("conv-1", 0) != idempotency_key("conv-2", 0)
    assert len(idempotency_key("x" * 500, 3)) <= 200


@pytest.mark.asyncio
async def test_a_new_case_is_created_with_the_key_and_the_api_key(intake_api):
    case = await client_for(intake_api).create_case(CASE, "k-1")
    assert case["reference"] == "CMP-2026-000001"
    request = intake_api.posts()[0]
    assert request["headers"]["Idempotency-Key"] == "k-1"
    assert request["headers"]["Authorization"] == "Bearer test-key"


@pytest.mark.asyncio
async def test_an_idempotent_replay_200_is_success_and_returns_the_first_case(intake_api):
    client = client_for(intake_api)
    first = await client.create_case(CASE, "k-1")
    again = await client.create_case(CASE, "k-1")
    assert again["reference"] == first["reference"]
    assert len(intake_api.cases) == 1


@pytest.mark.asyncio
async def test_5xx_answers_are_retried_with_the_same_key_until_the_case_is_made(intake_api):
    intake_api.script = [503, 500]
    case = await client_for(intake_api).create_case(CASE, "k-1")
    assert case["reference"]
    keys = [r["headers"]["Idempotency-Key"] for r in intake_api.posts()]
    assert keys == ["k-1", "k-1", "k-1"]
    assert len(intake_api.cases) == 1


@pytest.mark.asyncio
async def test_a_lost_answer_is_retried_and_still_makes_only_one_case(intake_api):
    intake_api.script = ["create-then-500"]
    case = await client_for(intake_api).create_case(CASE, "k-1")
    assert case["reference"] == "CMP-2026-000001"
    assert len(intake_api.posts()) == 2
    assert len(intake_api.cases) == 1


@pytest.mark.asyncio
async def test_a_slow_api_times_out_and_is_retried(intake_api):
    intake_api.script = ["timeout"]
    started = time.monotonic()
    case = await client_for(intake_api, budget=3.0, timeout=0.3).create_case(CASE, "k-1")
    assert case["reference"]
    assert time.monotonic() - started < 3.0
    assert len(intake_api.posts()) == 2


@pytest.mark.asyncio
async def test_4xx_is_not_retried(intake_api):
    intake_api.script = [422]
    with pytest.raises(IntakeRejected) as raised:
        await client_for(intake_api).create_case(CASE, "k-1")
    assert raised.value.status == 422
    assert len(intake_api.posts()) == 1


@pytest.mark.asyncio
async def test_an_api_that_stays_down_gives_up_within_the_budget(intake_api):
    intake_api.script = [503] * 100
    started = time.monotonic()
    with pytest.raises(IntakeUnavailable):
        await client_for(intake_api, budget=1.0).create_case(CASE, "k-1")
    assert time.monotonic() - started < 1.5
    assert len(intake_api.posts()) >= 3


@pytest.mark.asyncio
async def test_nothing_listening_gives_up_within_the_budget():
    from standin import free_port

    client = IntakeClient(IntakeSettings(url=f"http://127.0.0.1:{free_port()}",
                                         total_budget=1.0, request_timeout=0.3,
                                         backoff_base=0.05))
    started = time.monotonic()
    with pytest.raises(IntakeUnavailable):
        await client.create_case(CASE, "k-1")
    assert time.monotonic() - started < 1.5


def test_the_default_budget_keeps_the_resident_waiting_less_than_8_seconds():
    settings = IntakeSettings()
    assert settings.total_budget < 8
    assert settings.request_timeout <= settings.total_budget


@pytest.mark.asyncio
async def test_lookup_needs_the_reference_and_a_matching_phone_or_postcode(intake_api):
    client = client_for(intake_api)
    made = await client.create_case(
        {**CASE, "complainant": {"phone": "07700 900123", "postcode": "LS1 4AB"}}, "k-1")
    found = await client.lookup(made["reference"], phone="07700 900123")
    assert found["reference"] == made["reference"]
    assert await client.lookup(made["reference"], postcode="LS1 4AB")
    assert await client.lookup(made["reference"], phone="07700 900999") is None
    assert await client.lookup("CMP-2026-999999", phone="07700 900123") is None


@pytest.mark.asyncio
async def test_escalation_to_stage_2_sends_no_reason(intake_api):
    client = client_for(intake_api)
    made = await client.create_case({**CASE, "complainant": {"phone": "07700 900123"}}, "k-1")
    case = await client.escalate(made["reference"], phone="07700 900123", key="esc-1")
    assert case["stage"] == "stage_2"
    sent = intake_api.posts(f"/api/v1/cases/{made['reference']}/escalate")[0]["json"]
    assert sent["reason"] is None and sent["requested_by"] == "resident"
