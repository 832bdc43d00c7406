"""The action server reads the landlord policy from the real intake API (GET /api/v1/policy),
keeps the last good copy, and says so when it has none (issue 10: one owner of the contract).

Every answer here comes from ``intake serve`` (tests/bot/real_api.py); where the API has to
fail, the FaultyGateway in front of it fails it, or nothing listens at the address.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid

import pytest
from helpers import bot_event, make_tracker, said, slot_values, user_event
from rasa_sdk.executor import CollectingDispatcher
from real_api import FaultyGateway, RealIntakeAPI, free_port

from actions import policy as bot_policy
from actions import wording
from actions.handoff import ActionSubmitCase
from actions.policy import CODE_DEFAULTS, load_policy
from actions.routing import ActionRoute

OWN_OUT_OF_HOURS = "0300 555 0199"
POLICY_PATH = "/api/v1/policy"


@pytest.fixture(autouse=True)
def empty_cache(monkeypatch):
    monkeypatch.delenv("POLICY_TTL_SECONDS", raising=False)
    load_policy.cache_clear()
    yield
    load_policy.cache_clear()


@pytest.fixture(scope="module")
def api_with_own_policy(tmp_path_factory):
    """A second real intake API whose landlord policy is a file given by its path."""
    workdir = tmp_path_factory.mktemp("own-policy-api")
    path = workdir / "our-homes.yaml"
    path.write_text(f"extends: code-2024\nname: Our Homes\nout_of_hours_phone: {OWN_OUT_OF_HOURS}\n",
                    encoding="utf-8")
    api = RealIntakeAPI(workdir)
    api.env["INTAKE_POLICY"] = str(path)
    api.start()
    try:
        yield api
    finally:
        api.stop()


def policy_requests(gateway: FaultyGateway) -> int:
    return sum(1 for r in gateway.requests if r["path"] == POLICY_PATH)


async def eventually(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("not within the time allowed")
        await asyncio.sleep(0.02)


async def file_complaint() -> tuple[list[str], dict]:
    """action_submit_case for a plain complaint: what the resident is told, and the slots."""
    started = time.time() - 60
    complaint = {"case_kind": "complaint", "triage_label": "complaint",
                 "complaint_points": ["The repair was missed twice"],
                 "desired_outcome": "Fix it", "contact_phone": "07700 900123",
                 "matter_text": "The repair was missed twice"}
    events = [user_event("The repair was missed twice", "complaint", at=started),
              bot_event("I'm sorry.", at=started + 1)]
    dispatcher = CollectingDispatcher()
    done = await ActionSubmitCase().run(dispatcher, make_tracker(
        "yes", "affirm", sender_id=f"conv-{uuid.uuid4()}", slots=complaint, events=events,
        at=started + 2), {})
    return said(dispatcher), slot_values(done)


async def read_policy() -> dict:
    """load_policy() off the event loop: the gateway answers on this loop."""
    return await asyncio.to_thread(load_policy)


def test_the_bot_uses_the_policy_the_intake_api_publishes(intake_api):
    published = intake_api.call("GET", POLICY_PATH)
    policy = load_policy()
    assert policy == published
    assert policy["landlord_phone"] == "0306 999 0000"
    assert policy["out_of_hours_phone"] == "0808 157 0000"
    assert policy["stage_1"]["acknowledge_days"] == 5


@pytest.mark.asyncio
async def test_a_policy_given_to_the_api_by_path_keeps_its_out_of_hours_line(
        api_with_own_policy, monkeypatch):
    monkeypatch.setenv("INTAKE_API_URL", api_with_own_policy.url)
    monkeypatch.setenv("INTAKE_API_KEY", api_with_own_policy.api_key)
    # The bot's own environment names no policy: the API's is the one that counts.
    monkeypatch.delenv("INTAKE_POLICY", raising=False)
    policy = load_policy()
    assert policy["out_of_hours_phone"] == OWN_OUT_OF_HOURS
    assert policy["name"] == "Our Homes"
    assert policy["landlord_phone"] == "0306 999 0000"  # inherited from code-2024

    # What a resident in danger is told.
    matter = "I can smell gas in the kitchen"
    dispatcher = CollectingDispatcher()
    events = await ActionRoute().run(dispatcher, make_tracker(matter, "complaint", slots={
        "triage_label": "complaint", "emergency": True, "matter_text": matter}), {})
    assert OWN_OUT_OF_HOURS in said(dispatcher)[0]
    assert slot_values(events)["emergency_signposted"] is True

    # And the complaint is filed under that policy.
    texts, slots = await file_complaint()
    case = api_with_own_policy.case(slots["last_reference"])
    assert case["policy"] == "our-homes" and slots["last_reference"] in texts[0]


@pytest.mark.asyncio
async def test_the_policy_is_fetched_once_and_kept(faulty_api):
    load_policy.cache_clear()
    first = await read_policy()
    assert first["landlord_phone"] == "0306 999 0000"
    assert load_policy() == first and load_policy() == first  # from the copy: no request
    assert policy_requests(faulty_api) == 2  # the fixture's first read, and this one


@pytest.mark.asyncio
async def test_a_stale_copy_is_used_while_a_fresh_one_is_fetched(faulty_api, monkeypatch):
    first = load_policy()
    asked = policy_requests(faulty_api)
    monkeypatch.setenv("POLICY_TTL_SECONDS", "0")
    assert load_policy() == first  # answered at once from the copy in hand
    await eventually(lambda: policy_requests(faulty_api) == asked + 1)


@pytest.mark.asyncio
async def test_when_the_api_goes_down_the_last_good_copy_is_kept(faulty_api, monkeypatch,
                                                                 caplog):
    good = load_policy()
    assert good["landlord_phone"] == "0306 999 0000"
    faulty_api.unscripted = ()
    faulty_api.script = [503] * 20
    monkeypatch.setenv("POLICY_TTL_SECONDS", "0")
    with caplog.at_level(logging.WARNING, logger="actions.policy"):
        assert load_policy() == good
        await eventually(lambda: "still using the copy from the last answer" in caplog.text)
        assert load_policy() == good
    assert "503" in caplog.text


def test_with_the_api_down_at_first_start_the_codes_defaults_are_used_and_said(
        intake_api, monkeypatch, caplog):
    monkeypatch.setenv("INTAKE_API_URL", f"http://127.0.0.1:{free_port()}")  # nothing there
    with caplog.at_level(logging.WARNING, logger="actions.policy"):
        policy = load_policy()
    assert policy == CODE_DEFAULTS
    assert "landlord_phone" not in policy and "out_of_hours_phone" not in policy
    assert policy["ombudsman"]["phone"] == "0300 111 3000"
    assert policy["stage_1"] == {"acknowledge_days": 5, "response_days": 10,
                                 "max_extension_days": 10}
    assert "Code's national defaults" in caplog.text and "could not be reached" in caplog.text
    assert intake_api.api_key not in caplog.text
    # The resident in danger still hears 999 and the gas line, and no made-up number.
    signpost = wording.emergency_signpost(policy, "I can smell gas")
    assert "999" in signpost and "out-of-hours" not in signpost


@pytest.mark.asyncio
async def test_the_defaults_give_way_to_the_api_once_it_answers(faulty_api, monkeypatch,
                                                                caplog):
    load_policy.cache_clear()  # a first start, with the API down
    faulty_api.unscripted = ()
    faulty_api.script = [503] * 20
    asked = policy_requests(faulty_api)
    with caplog.at_level(logging.WARNING, logger="actions.policy"):
        assert await read_policy() == CODE_DEFAULTS
        assert await read_policy() == CODE_DEFAULTS
    # Not asked again on every turn while it is down, and said once.
    assert policy_requests(faulty_api) == asked + 1
    assert caplog.text.count("Code's national defaults") == 1

    faulty_api.script = []
    monkeypatch.setattr(bot_policy, "RETRY_SECONDS", 0.0)
    assert (await read_policy())["landlord_phone"] == "0306 999 0000"


@pytest.mark.asyncio
async def test_with_no_policy_yet_a_complaint_is_still_filed(faulty_api):
    load_policy.cache_clear()
    faulty_api.unscripted = ()
    faulty_api.script = [503]  # the policy read fails; filing goes through
    assert await read_policy() == CODE_DEFAULTS
    texts, slots = await file_complaint()
    reference = slots["last_reference"]
    assert reference in faulty_api.created() and reference in texts[0]


def test_a_key_without_the_policy_scope_is_named_in_the_warning(intake_api, monkeypatch, caplog):
    narrow = intake_api._intake("apikey", "create", "--name", "older-assistant", "--scope",
                                "cases:file,cases:read_own,cases:lookup,cases:escalate")
    monkeypatch.setenv("INTAKE_API_KEY", narrow.split()[-1])
    with caplog.at_level(logging.WARNING, logger="actions.policy"):
        assert load_policy() == CODE_DEFAULTS
    assert "'policy:read'" in caplog.text


def test_the_copy_handed_out_cannot_change_the_policy_kept(intake_api):
    policy = load_policy()
    policy["ombudsman"]["phone"] = "changed"
    assert load_policy()["ombudsman"]["phone"] == "0300 111 3000"
