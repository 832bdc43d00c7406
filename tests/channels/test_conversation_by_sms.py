"""End to end: a complaint made by SMS through signed Twilio webhooks to the real stack
(Rasa with the Twilio connector, the action server, the intake API), the replies caught
by a local stand-in of Twilio's API. The case records the channel and the photo."""

from __future__ import annotations

import asyncio
import os
import re
import sys
import uuid
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
import pytest_asyncio
from conftest import TWILIO_NUMBER, TWILIO_SID, TWILIO_TOKEN
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from scripts.resident import Answers, complaint_script
from scripts.stack import Stack

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.e2e,
    # In CI (make test trains the model first) a missing model is a failure, not a skip.
    pytest.mark.skipif(not any((ROOT / "bot" / "models").glob("*.tar.gz")) and not os.environ.get("CI"),
                       reason="no trained model: run `make model` first"),
]

RESIDENT = "+447700900456"
PHOTO = "https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/MM1/Media/ME1"
OPENING = ("I want to make a complaint. There is black mould in my bedroom and nobody "
           "has come to look at it")
answers = Answers(complaint_script(
    OPENING, contact=RESIDENT, preferred="text message", outcome="Treat the mould"))


@pytest_asyncio.fixture
async def sms_stack(twilio_api):
    env = {"TWILIO_ACCOUNT_SID": TWILIO_SID, "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
           "TWILIO_NUMBER": TWILIO_NUMBER, "TWILIO_API_BASE_URL": twilio_api.url,
           "OUTBOX_POLL_SECONDS": "1", "OUTBOX_RETRY_SECONDS": "1"}
    stack = Stack(extra_env=env)
    await asyncio.to_thread(stack.start_all)
    try:
        yield stack
    finally:
        await asyncio.to_thread(stack.stop_all)


async def text(stack: Stack, twilio_api, body: str, **extra: str) -> list[str]:
    url = f"{stack.rasa_url}/webhooks/twilio/webhook"
    params = {"MessageSid": f"SM{uuid.uuid4().hex}", "From": RESIDENT, "To": TWILIO_NUMBER,
              "Body": body, "NumMedia": "0", **extra}
    seen = len(twilio_api.messages)
    async with httpx.AsyncClient(timeout=30) as client:
        response = await client.post(url, content=urlencode(params), headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": RequestValidator(TWILIO_TOKEN).compute_signature(url, params)})
    assert response.status_code == 200
    await twilio_api.wait_for(seen + 1, timeout=60)
    await asyncio.sleep(1.0)  # a long answer comes in several parts
    return [m["Body"] for m in twilio_api.messages[seen:]]


def answer_for(replies: list[str]) -> str | None:
    """SMS splits long answers into parts: read the last paragraph first, then the lot."""
    joined = "\n".join(replies)
    return answers([joined.split("\n\n")[-1]]) or answers([joined])


async def test_a_complaint_by_sms_becomes_a_case_recorded_as_sms_with_its_photo(sms_stack, twilio_api):
    replies = await text(sms_stack, twilio_api, OPENING, NumMedia="1", MediaUrl0=PHOTO,
                         MediaContentType0="image/jpeg")
    for _ in range(30):
        if any("Your reference is" in r for r in replies):
            break
        answer = answer_for(replies)
        assert answer, f"no scripted answer for: {replies}"
        replies = await text(sms_stack, twilio_api, answer)
    else:
        raise AssertionError("the conversation did not finish")
    assert all(len(m["Body"]) <= 306 for m in twilio_api.messages)
    reference = re.search(r"[A-Z]{2,4}-\d{4}-\d{3,}", " ".join(replies)).group(0)
    headers = {"Authorization": f"Bearer {sms_stack.api_key}"}
    async with httpx.AsyncClient(timeout=30) as client:
        case = (await client.get(f"{sms_stack.api_url}/api/v1/cases/{reference}", headers=headers)).json()
    assert case["channel"] == "sms"
    assert RESIDENT not in (case.get("conversation_id") or "")
    assert {"url": PHOTO, "content_type": "image/jpeg"} in case["attachments"]
