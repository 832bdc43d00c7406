"""The durable outbox: a case the API could not take is kept and delivered exactly once."""

from __future__ import annotations

import asyncio
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from actions.intake_client import IntakeClient, IntakeSettings
from actions.outbox import DELIVERED, NEEDS_ATTENTION, PENDING, Outbox, OutboxWorker, deliver_due

ROOT = Path(__file__).resolve().parents[2]
CASE = {"kind": "complaint", "channel": "sms", "definition": {"points": ["damp"]}}


def client_for(api) -> IntakeClient:
    return IntakeClient(IntakeSettings(url=api.url, api_key=api.api_key, total_budget=1.0,
                                       request_timeout=0.5, backoff_base=0.05))


def new_key() -> str:
    # One real API serves the whole run, so every test files under keys of its own.
    return f"k-{uuid.uuid4()}"


def test_adding_the_same_key_twice_keeps_one_row(outbox_path):
    outbox = Outbox(outbox_path)
    outbox.add("k-1", CASE)
    outbox.add("k-1", {**CASE, "kind": "enquiry"})
    assert outbox.count(PENDING) == 1
    assert outbox.get("k-1").payload["kind"] == "complaint"


def test_a_claimed_row_is_not_handed_to_a_second_worker(outbox_path):
    outbox = Outbox(outbox_path)
    outbox.add("k-1", CASE)
    assert [r.idempotency_key for r in outbox.claim_due()] == ["k-1"]
    assert Outbox(outbox_path).claim_due() == []


@pytest.mark.asyncio
async def test_after_a_restart_a_new_outbox_delivers_the_case_exactly_once(faulty_api,
                                                                             outbox_path):
    key = new_key()
    Outbox(outbox_path).add(key, CASE)  # written before the "restart"

    reopened = Outbox(outbox_path)  # a new process would open the same file
    assert await deliver_due(reopened, client_for(faulty_api)) == 1
    assert await deliver_due(reopened, client_for(faulty_api)) == 0
    assert await deliver_due(Outbox(outbox_path), client_for(faulty_api)) == 0

    assert [r["headers"]["Idempotency-Key"] for r in faulty_api.posts()] == [key]
    row = reopened.get(key)
    assert row.status == DELIVERED and faulty_api.created() == {row.reference}


@pytest.mark.asyncio
async def test_a_delivery_whose_answer_was_lost_is_replayed_not_duplicated(faulty_api,
                                                                           outbox_path):
    outbox, key = Outbox(outbox_path), new_key()
    outbox.add(key, CASE)
    faulty_api.script = ["create-then-500"] + [503] * 50  # made, then the API went down
    assert await deliver_due(outbox, client_for(faulty_api)) == 0
    assert outbox.get(key).status == PENDING
    faulty_api.script = []
    await asyncio.sleep(0)
    # Retry time has not come yet; make it due now, as time passing would.
    outbox._update(key, "next_attempt_at = ?", (0,))
    assert await deliver_due(outbox, client_for(faulty_api)) == 1
    assert [a["status"] for a in faulty_api.answers] == [201, 200]  # the second a replay
    assert faulty_api.created() == {outbox.get(key).reference}


@pytest.mark.asyncio
async def test_a_4xx_marks_the_case_for_staff_attention_and_stops_retrying(faulty_api,
                                                                         outbox_path):
    outbox, key = Outbox(outbox_path), new_key()
    outbox.add(key, {"kind": "complaint", "channel": "carrier pigeon"})  # the real API: 422
    assert await deliver_due(outbox, client_for(faulty_api)) == 0
    assert outbox.get(key).status == NEEDS_ATTENTION
    assert await deliver_due(outbox, client_for(faulty_api)) == 0
    assert [a["status"] for a in faulty_api.answers] == [422]


@pytest.mark.asyncio
async def test_a_separate_process_delivers_what_this_one_saved_exactly_once(faulty_api,
                                                                          outbox_path):
    key = new_key()
    Outbox(outbox_path).add(key, CASE)
    script = textwrap.dedent(f"""
        import asyncio, sys
        sys.path.insert(0, {str(ROOT)!r})
        from actions.intake_client import IntakeClient, IntakeSettings
        from actions.outbox import Outbox, deliver_due
        client = IntakeClient(IntakeSettings(url={faulty_api.url!r},
                                             api_key={faulty_api.api_key!r}))
        print(asyncio.run(deliver_due(Outbox({str(outbox_path)!r}), client)))
    """)
    for expected in (b"1", b"0"):
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-c", script, stdout=asyncio.subprocess.PIPE)
        out, _ = await process.communicate()
        assert out.strip() == expected
    assert len(faulty_api.created()) == 1 and len(faulty_api.posts()) == 1


@pytest.mark.asyncio
async def test_the_background_worker_delivers_pending_cases(faulty_api, outbox_path):
    key = new_key()
    Outbox(outbox_path).add(key, CASE)
    worker = OutboxWorker(lambda: Outbox(outbox_path), lambda: client_for(faulty_api),
                          interval=0.1)
    worker.start()
    try:
        for _ in range(50):
            if faulty_api.created():
                break
            await asyncio.sleep(0.1)
    finally:
        await asyncio.get_running_loop().run_in_executor(None, worker.stop)
    assert len(faulty_api.created()) == 1
    assert Outbox(outbox_path).get(key).status == DELIVERED
