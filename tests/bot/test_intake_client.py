"""The action server's HTTP client: timeouts, retries, idempotency (docs/api-contract.md)."""

from __future__ import annotations

import time
import uuid
from datetime import date

import pytest

from actions.intake_client import (
    IntakeClient,
    IntakeRejected,
    IntakeSettings,
    IntakeUnavailable,
    idempotency_key,
)

# References the system makes carry this year (the test's own clock), never a fixed one.
YEAR = date.today().year

CASE = {"kind": "complaint", "channel": "rest", "definition": {"points": ["no heating"]}}


def client_for(api, budget: float = 2.0, timeout: float = 0.5) -> IntakeClient:
    return IntakeClient(IntakeSettings(url=api.url, api_key=api.api_key, total_budget=budget,
                                       request_timeout=timeout, backoff_base=0.05))


def new_key() -> str:
    # One real API serves the whole run, so every test files under keys of its own.
    return f"k-{uuid.uuid4()}"


def test_the_idempotency_key_is_stable_for_one_submission_and_new_for_the_next():
    assert idempotency_key("conv-1", 0) == idempotency_key("conv-1", 0)
    assert idempotency_key("conv-1", 0) != idempotency_key("conv-1", 1)
    assert idempotency_key("conv-1", 0) != idempotency_key("conv-2", 0)
    assert len(idempotency_key("x" * 500, 3)) <= 200


@pytest.mark.asyncio
async def test_a_new_case_is_created_with_the_key_and_the_api_key(faulty_api):
    key = new_key()
    case = await client_for(faulty_api).create_case(CASE, key)
    assert case["reference"].startswith("CMP-") and case["stage"] == "stage_1"
    request = faulty_api.posts()[0]
    assert request["headers"]["Idempotency-Key"] == key
    assert request["headers"]["Authorization"] == f"Bearer {faulty_api.api_key}"


@pytest.mark.asyncio
async def test_a_wrong_api_key_is_a_rejection_not_an_outage(intake_api):
    client = IntakeClient(IntakeSettings(url=intake_api.url, api_key="not-a-key",
                                         total_budget=1.0, backoff_base=0.05))
    with pytest.raises(IntakeRejected) as raised:
        await client.create_case(CASE, new_key())
    assert raised.value.status == 401


@pytest.mark.asyncio
async def test_an_idempotent_replay_200_is_success_and_returns_the_first_case(faulty_api):
    client, key = client_for(faulty_api), new_key()
    first = await client.create_case(CASE, key)
    again = await client.create_case(CASE, key)
    assert again["reference"] == first["reference"]
    assert [a["status"] for a in faulty_api.answers] == [201, 200]


@pytest.mark.asyncio
async def test_5xx_answers_are_retried_with_the_same_key_until_the_case_is_made(faulty_api):
    faulty_api.script = [503, 500]
    key = new_key()
    case = await client_for(faulty_api).create_case(CASE, key)
    assert case["reference"]
    keys = [r["headers"]["Idempotency-Key"] for r in faulty_api.posts()]
    assert keys == [key, key, key]
    assert faulty_api.created() == {case["reference"]}


@pytest.mark.asyncio
async def test_a_lost_answer_is_retried_and_still_makes_only_one_case(faulty_api):
    faulty_api.script = ["create-then-500"]
    case = await client_for(faulty_api).create_case(CASE, new_key())
    assert len(faulty_api.posts()) == 2
    # The retry was answered from the first case: the real API made one.
    assert [a["status"] for a in faulty_api.answers] == [201, 200]
    assert faulty_api.created() == {case["reference"]}


@pytest.mark.asyncio
async def test_a_slow_api_times_out_and_is_retried(faulty_api):
    faulty_api.script = ["timeout"]
    started = time.monotonic()
    case = await client_for(faulty_api, budget=3.0, timeout=0.3).create_case(CASE, new_key())
    assert case["reference"]
    assert time.monotonic() - started < 3.0
    assert len(faulty_api.posts()) == 2


@pytest.mark.asyncio
async def test_4xx_is_not_retried(faulty_api):
    with pytest.raises(IntakeRejected) as raised:
        await client_for(faulty_api).create_case({"kind": "complaint"}, new_key())
    assert raised.value.status == 422  # the real API's answer to a case with no channel
    assert len(faulty_api.posts()) == 1


@pytest.mark.asyncio
async def test_an_api_that_stays_down_gives_up_within_the_budget(faulty_api):
    faulty_api.script = [503] * 100
    started = time.monotonic()
    with pytest.raises(IntakeUnavailable):
        await client_for(faulty_api, budget=1.0).create_case(CASE, new_key())
    assert time.monotonic() - started < 1.5
    assert len(faulty_api.posts()) >= 3


@pytest.mark.asyncio
async def test_nothing_listening_gives_up_within_the_budget():
    from real_api import free_port

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
        {**CASE, "complainant": {"phone": "07700 900123", "postcode": "LS1 4AB"}}, new_key())
    found = await client.lookup(made["reference"], phone="07700 900123")
    # The real API's status answer: due dates at the top level, no clocks.
    assert found["reference"] == made["reference"] and found["status"] == "open"
    assert found["acknowledge_due"] == made["sla"]["acknowledge_due"]
    assert await client.lookup(made["reference"], postcode="LS1 4AB")
    assert await client.lookup(made["reference"], phone="07700 900999") is None
    assert await client.lookup(f"CMP-{YEAR}-999999", phone="07700 900123") is None


@pytest.mark.asyncio
async def test_escalation_to_stage_2_sends_no_reason(faulty_api):
    client = client_for(faulty_api)
    made = await client.create_case({**CASE, "complainant": {"phone": "07700 900123"}},
                                    new_key())
    result = await client.escalate(made["reference"], phone="07700 900123", key="esc-1")
    assert result["case"]["stage"] == "stage_2"
    sent = faulty_api.posts(f"/api/v1/cases/{made['reference']}/escalate")[0]["json"]
    assert sent["reason"] is None and sent["requested_by"] == "resident"
