"""SMS and WhatsApp through Twilio: signatures enforced, replays harmless, bad input a
4xx, replies SMS-sized and sent through (a stand-in of) Twilio's REST API."""

from __future__ import annotations

import asyncio
import logging
import uuid
from urllib.parse import urlencode

import httpx
import pytest
from channels.common import SMS_PART_CHARS, drain
from conftest import TWILIO_NUMBER, TWILIO_TOKEN, make_twilio
from twilio.request_validator import RequestValidator

pytestmark = pytest.mark.asyncio

RESIDENT = "+447700900123"
PATH = "/webhooks/twilio/webhook"


def inbound(body: str = "My kitchen ceiling has black mould", sender: str = RESIDENT,
            sid: str | None = None, **extra: str) -> dict[str, str]:
    params = {"MessageSid": sid or f"SM{uuid.uuid4().hex}", "AccountSid": "AC" + "0" * 32,
              "From": sender, "To": ("whatsapp:" if sender.startswith("whatsapp:") else "")
              + TWILIO_NUMBER, "Body": body, "NumMedia": "0"}
    params.update(extra)
    return params


def sign(url: str, params: dict[str, str], token: str = TWILIO_TOKEN) -> str:
    return RequestValidator(token).compute_signature(url, params)


async def post(server, params: dict[str, str], signature: str | None = "sign",
               url: str | None = None, **kwargs) -> httpx.Response:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if signature == "sign":
        signature = sign(url or server.url + PATH, params)
    if signature is not None:
        headers["X-Twilio-Signature"] = signature
    headers.update(kwargs.pop("headers", {}))
    async with httpx.AsyncClient() as client:
        return await client.post(server.url + PATH, content=kwargs.pop("content", urlencode(params)),
                                 headers=headers)


async def settle(server) -> None:
    await drain()
    await asyncio.sleep(0)


async def test_a_signed_sms_reaches_the_bot_and_the_reply_goes_out_through_twilio(twilio, twilio_api):
    response = await post(twilio, inbound())
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/xml")
    assert "<Response>" in response.text
    await settle(twilio)
    [message] = twilio.bot.received
    assert message.input_channel == "twilio"
    assert message.metadata["channel"] == "sms"
    assert message.metadata["media"] == []
    assert message.metadata["phone"] == RESIDENT
    # The conversation id is not the phone number.
    assert message.sender_id.startswith("sms-") and "7700900123" not in message.sender_id
    [sent] = twilio_api.messages
    assert sent == {"From": TWILIO_NUMBER, "To": RESIDENT,
                    "Body": "You said: My kitchen ceiling has black mould"}
    assert twilio_api.auth[0].startswith("Basic ")


async def test_whatsapp_uses_the_same_connector_and_is_recorded_as_whatsapp(twilio, twilio_api):
    response = await post(twilio, inbound(sender="whatsapp:" + RESIDENT))
    assert response.status_code == 200
    await settle(twilio)
    [message] = twilio.bot.received
    assert message.metadata["channel"] == "whatsapp"
    assert message.sender_id.startswith("whatsapp-")
    assert message.metadata["phone"] == RESIDENT
    [sent] = twilio_api.messages
    assert sent["To"] == "whatsapp:" + RESIDENT and sent["From"] == "whatsapp:" + TWILIO_NUMBER


async def test_the_same_resident_keeps_one_conversation(twilio):
    await post(twilio, inbound("first"))
    await post(twilio, inbound("second"))
    await settle(twilio)
    assert len({m.sender_id for m in twilio.bot.received}) == 1


async def test_an_unsigned_request_is_refused(twilio, twilio_api):
    response = await post(twilio, inbound(), signature=None)
    assert response.status_code == 403
    await settle(twilio)
    assert twilio.bot.received == [] and twilio_api.attempts == 0


async def test_a_request_signed_with_another_token_is_refused(twilio, twilio_api):
    params = inbound()
    response = await post(twilio, params, signature=sign(twilio.url + PATH, params, "not-the-token"))
    assert response.status_code == 403
    await settle(twilio)
    assert twilio.bot.received == []


async def test_a_tampered_body_is_refused(twilio):
    params = inbound("hello")
    signature = sign(twilio.url + PATH, params)
    params["Body"] = "something else"
    response = await post(twilio, params, signature=signature)
    assert response.status_code == 403


async def test_a_signature_for_another_url_is_refused(twilio):
    params = inbound()
    response = await post(twilio, params, signature=sign("https://elsewhere.example/hook", params))
    assert response.status_code == 403


async def test_behind_a_proxy_the_signature_is_checked_against_the_public_url(twilio_api, ledger, serve):
    server = await serve(make_twilio(twilio_api.url, ledger,
                                     webhook_base_url="https://chat.landlord.example/"))
    public = "https://chat.landlord.example" + PATH
    params = inbound()
    assert (await post(server, params, url=public)).status_code == 200
    # The URL as the server sees it is not what Twilio signed behind the proxy.
    assert (await post(server, inbound(), url=server.url + PATH)).status_code == 403


async def test_a_replayed_message_sid_is_not_processed_twice(twilio, twilio_api):
    params = inbound(sid="SM" + "1" * 32)
    first = await post(twilio, params)
    second = await post(twilio, params)
    assert first.status_code == second.status_code == 200
    await settle(twilio)
    assert len(twilio.bot.received) == 1
    assert len(twilio_api.messages) == 1


async def test_a_retry_after_a_restart_is_still_recognised(twilio_api, ledger, serve, tmp_path):
    from channels.ledger import Ledger

    params = inbound(sid="SM" + "2" * 32)
    first = await serve(make_twilio(twilio_api.url, ledger))
    assert (await post(first, params)).status_code == 200
    await settle(first)
    # A new server process: a fresh connector over the same file.
    reopened = Ledger(ledger.path)
    second = await serve(make_twilio(twilio_api.url, reopened))
    assert (await post(second, params, url=second.url + PATH)).status_code == 200
    await settle(second)
    assert len(first.bot.received) == 1 and second.bot.received == []
    reopened.close()


@pytest.mark.parametrize("content, content_type, expected", [
    (b"not=a&&form", "application/x-www-form-urlencoded", 400),
    (b"\xff\xfe\x00garbage", "application/x-www-form-urlencoded", 400),
    (b'{"Body": "hi"}', "application/json", 415),
    (b"", "application/x-www-form-urlencoded", 403),
])
async def test_malformed_bodies_are_a_4xx(twilio, content, content_type, expected):
    response = await post(twilio, {}, signature="bogus", content=content,
                          headers={"Content-Type": content_type})
    assert response.status_code == expected


@pytest.mark.parametrize("params", [
    {"Body": "no sid", "From": RESIDENT},
    {"MessageSid": "SM1", "Body": "no sender"},
    {"MessageSid": "SM2", "From": RESIDENT, "NumMedia": "lots"},
    {"MessageSid": "SM3", "From": RESIDENT, "NumMedia": "1"},
    {"MessageSid": "SM4", "From": RESIDENT, "NumMedia": "1", "MediaUrl0": "javascript:alert(1)"},
])
async def test_signed_but_incomplete_messages_are_a_400(twilio, params):
    response = await post(twilio, params)
    assert response.status_code == 400
    assert "detail" in response.json()


async def test_without_secrets_the_webhook_answers_503(twilio_api, ledger, serve):
    server = await serve(make_twilio(twilio_api.url, ledger, auth_token=None))
    response = await post(server, inbound(), signature="anything")
    assert response.status_code == 503


async def test_buttons_become_numbered_choices_answered_by_number(twilio, twilio_api):
    await post(twilio, inbound("choose"))
    await settle(twilio)
    body = twilio_api.messages[-1]["Body"]
    assert "Is that right?" in body and "1 Yes" in body and "2 No" in body
    await post(twilio, inbound("2"))
    await settle(twilio)
    assert twilio.bot.received[-1].text == "/deny"


async def test_a_choice_can_be_answered_by_its_title(twilio):
    await post(twilio, inbound("choose"))
    await settle(twilio)
    await post(twilio, inbound("yes"))
    await settle(twilio)
    assert twilio.bot.received[-1].text == "/affirm"


async def test_long_answers_are_split_into_sms_sized_parts(twilio, twilio_api):
    await post(twilio, inbound("long"))
    await settle(twilio)
    bodies = [m["Body"] for m in twilio_api.messages]
    assert len(bodies) > 1
    assert all(len(body) <= SMS_PART_CHARS for body in bodies)
    assert bodies[0].endswith(f"(1/{len(bodies)})")
    assert all(body.split(" (")[0].rstrip().endswith(".") for body in bodies)  # whole sentences


async def test_stop_opts_out_and_start_opts_back_in(twilio, twilio_api):
    await post(twilio, inbound("STOP"))
    await settle(twilio)
    assert "Reply START" in twilio_api.messages[-1]["Body"]
    await post(twilio, inbound("my boiler is broken"))
    await settle(twilio)
    assert twilio.bot.received == []  # the carrier would block our reply until START
    await post(twilio, inbound("start"))
    await settle(twilio)
    await post(twilio, inbound("my boiler is broken"))
    await settle(twilio)
    assert [m.text for m in twilio.bot.received] == ["my boiler is broken"]


async def test_help_explains_the_service_without_reaching_the_bot(twilio, twilio_api):
    await post(twilio, inbound("HELP"))
    await settle(twilio)
    assert twilio.bot.received == []
    assert "999" in twilio_api.messages[-1]["Body"]


async def test_photos_are_passed_on_as_attachments_never_dropped(twilio):
    media = {"NumMedia": "2",
             "MediaUrl0": "https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/MM1/Media/ME1",
             "MediaContentType0": "image/jpeg",
             "MediaUrl1": "https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/MM1/Media/ME2",
             "MediaContentType1": "image/png"}
    await post(twilio, inbound("", **media))
    await settle(twilio)
    [message] = twilio.bot.received
    assert message.text  # a photo without words still reaches the conversation
    assert message.metadata["media"] == [
        {"url": media["MediaUrl0"], "content_type": "image/jpeg"},
        {"url": media["MediaUrl1"], "content_type": "image/png"},
    ]


async def test_twilio_429_and_5xx_are_retried(twilio, twilio_api):
    twilio_api.script = [429, 503]
    await post(twilio, inbound())
    await settle(twilio)
    assert twilio_api.attempts == 3
    assert len(twilio_api.messages) == 1


async def test_a_4xx_from_twilio_is_not_retried(twilio, twilio_api):
    twilio_api.script = [400]
    await post(twilio, inbound())
    await settle(twilio)
    assert twilio_api.attempts == 1


async def test_the_webhook_answers_before_the_bot_finishes(twilio, twilio_api):
    twilio.bot.hold = asyncio.Event()
    response = await asyncio.wait_for(post(twilio, inbound()), timeout=5)
    assert response.status_code == 200
    assert twilio_api.messages == []
    twilio.bot.hold.set()
    await settle(twilio)
    assert len(twilio_api.messages) == 1


async def test_phone_numbers_are_masked_in_logs(twilio, caplog):
    caplog.set_level(logging.DEBUG)
    await post(twilio, inbound("STOP"))
    await post(twilio, inbound("hello", sender="whatsapp:" + RESIDENT))
    await settle(twilio)
    assert "7700900123" not in caplog.text
    assert "…123" in caplog.text
