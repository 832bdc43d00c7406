"""Telegram through python-telegram-bot: the secret token enforced, update_id
de-duplicated, bad input a 4xx, replies through PTB's Bot to a local stand-in."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from channels.common import drain
from channels.telegram_channel import TelegramInput
from conftest import TELEGRAM_SECRET, TELEGRAM_TOKEN

pytestmark = pytest.mark.asyncio

PATH = "/webhooks/telegram/webhook"
CHAT_ID = 987654321
_next_update = iter(range(10_000, 20_000))


def message_update(text: str | None = "There is water coming through my ceiling",
                   update_id: int | None = None, **message_fields: Any) -> dict[str, Any]:
    message: dict[str, Any] = {"message_id": 1, "date": 1764500000,
                               "chat": {"id": CHAT_ID, "type": "private", "first_name": "Sam"},
                               "from": {"id": CHAT_ID, "is_bot": False, "first_name": "Sam"}}
    if text is not None:
        message["text"] = text
    message.update(message_fields)
    return {"update_id": update_id or next(_next_update), "message": message}


def callback_update(data: str) -> dict[str, Any]:
    return {"update_id": next(_next_update), "callback_query": {
        "id": "cb1", "chat_instance": "ci", "data": data,
        "from": {"id": CHAT_ID, "is_bot": False, "first_name": "Sam"},
        "message": {"message_id": 2, "date": 1764500000, "text": "Is that right?",
                    "chat": {"id": CHAT_ID, "type": "private"}}}}


async def post(server, payload: Any, secret: str | None = TELEGRAM_SECRET,
               raw: bytes | None = None) -> httpx.Response:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    async with httpx.AsyncClient() as client:
        return await client.post(server.url + PATH, headers=headers,
                                 content=raw if raw is not None else json.dumps(payload))


async def test_an_update_reaches_the_bot_and_the_reply_arrives_at_telegram(telegram, telegram_api):
    response = await post(telegram, message_update())
    assert response.status_code == 200
    await drain()
    [message] = telegram.bot.received
    assert message.input_channel == "telegram"
    assert message.metadata["channel"] == "telegram"
    assert message.sender_id.startswith("telegram-") and str(CHAT_ID) not in message.sender_id
    [sent] = await telegram_api.wait_for(1)
    assert sent["chat_id"] == CHAT_ID
    assert sent["text"] == "You said: There is water coming through my ceiling"


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", TELEGRAM_SECRET + "x"])
async def test_a_missing_or_wrong_secret_token_is_refused(telegram, telegram_api, secret):
    response = await post(telegram, message_update(), secret=secret)
    assert response.status_code == 403
    await drain()
    assert telegram.bot.received == [] and telegram_api.calls == []


@pytest.mark.parametrize("raw", [b"", b"not json", b"[1, 2]", b'{"message": {}}',
                                 b'{"update_id": "seven"}', b"\xff\xfe"])
async def test_garbage_is_a_400(telegram, raw):
    response = await post(telegram, None, raw=raw)
    assert response.status_code == 400


async def test_a_repeated_update_id_is_handled_once(telegram, telegram_api):
    update = message_update(update_id=424242)
    assert (await post(telegram, update)).status_code == 200
    assert (await post(telegram, update)).status_code == 200
    await drain()
    assert len(telegram.bot.received) == 1
    assert len(telegram_api.sent()) == 1


async def test_without_secrets_the_webhook_answers_503(telegram_api, ledger, serve):
    server = await serve(TelegramInput(None, None, api_base_url=telegram_api.url, ledger=ledger))
    assert (await post(server, message_update())).status_code == 503


async def test_buttons_are_an_inline_keyboard_and_a_press_reaches_the_bot(telegram, telegram_api):
    await post(telegram, message_update("choose"))
    await drain()
    [sent] = await telegram_api.wait_for(1)
    keyboard = sent["reply_markup"]["inline_keyboard"]
    assert [[button["text"] for button in row] for row in keyboard] == [["Yes"], ["No"]]
    assert keyboard[0][0]["callback_data"] == "/affirm"
    await post(telegram, callback_update("/affirm"))
    await drain()
    assert telegram.bot.received[-1].text == "/affirm"
    assert telegram_api.sent("answerCallbackQuery")


async def test_start_greets_instead_of_being_read_as_an_intent(telegram):
    await post(telegram, message_update("/start"))
    await drain()
    assert telegram.bot.received[-1].text == "Hello"


async def test_a_photo_is_recorded_by_a_link_that_does_not_reveal_the_bot_token(telegram, telegram_api):
    photo = [{"file_id": "small-id", "file_unique_id": "s", "width": 90, "height": 90},
             {"file_id": "large-id", "file_unique_id": "l", "width": 1280, "height": 960}]
    await post(telegram, message_update(None, photo=photo, caption="Mould in the bathroom"))
    await drain()
    [message] = telegram.bot.received
    assert message.text == "Mould in the bathroom"
    [item] = message.metadata["media"]
    assert item["content_type"] == "image/jpeg"
    assert "/webhooks/telegram/file/large-id?sig=" in item["url"]
    assert TELEGRAM_TOKEN not in item["url"]
    async with httpx.AsyncClient() as client:
        path = item["url"].split("/webhooks", 1)[1]
        fetched = await client.get(telegram.url + "/webhooks" + path)
        forged = await client.get(telegram.url + "/webhooks/telegram/file/large-id?sig=0000")
    assert fetched.status_code == 200 and fetched.content.startswith(b"\xff\xd8")
    assert forged.status_code == 404


async def test_a_photo_without_words_still_reaches_the_conversation(telegram):
    photo = [{"file_id": "p1", "file_unique_id": "p", "width": 90, "height": 90}]
    await post(telegram, message_update(None, photo=photo))
    await drain()
    [message] = telegram.bot.received
    assert message.text and len(message.metadata["media"]) == 1


async def test_group_chats_are_not_answered(telegram, telegram_api):
    update = message_update("hello everyone")
    update["message"]["chat"] = {"id": -100123, "type": "supergroup", "title": "Residents"}
    assert (await post(telegram, update)).status_code == 200
    await drain()
    assert telegram.bot.received == [] and telegram_api.sent() == []
