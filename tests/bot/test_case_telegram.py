"""A case filed from Telegram carries the chat, so the resident's notices reach them there
(docs/outbound.md); from another channel, or for someone else's chat, it does not."""

from __future__ import annotations

from datetime import date

from helpers import initial_slots

from actions.case import build_case, telegram_chat_from_events

POLICY = {"exclusion_window_months": 12}
TODAY = date(2026, 11, 30)
FROM_TELEGRAM = [{"event": "user", "text": "my boiler", "metadata": {"channel": "telegram",
                                                                     "chat_id": "998877"}}]


def test_the_telegram_chat_goes_with_the_person_writing() -> None:
    case = build_case("complaint", initial_slots(complaint_points=["boiler"]), FROM_TELEGRAM,
                      "telegram-1", "telegram", POLICY, TODAY)
    assert case["channel"] == "telegram"
    assert case["complainant"]["telegram_chat_id"] == "998877"

    slots = initial_slots(complaint_points=["boiler"], acting_for=True, rep_name="Sam")
    case = build_case("complaint", slots, FROM_TELEGRAM, "telegram-1", "telegram", POLICY, TODAY)
    assert "telegram_chat_id" not in case["complainant"]
    assert case["representative"]["telegram_chat_id"] == "998877"


def test_no_chat_from_other_channels_or_odd_values() -> None:
    sms = [{"event": "user", "text": "x", "metadata": {"channel": "sms", "chat_id": "1"}}]
    odd = [{"event": "user", "text": "x", "metadata": {"channel": "telegram", "chat_id": "1; DROP"}}]
    assert telegram_chat_from_events(sms) is None
    assert telegram_chat_from_events(odd) is None
    assert telegram_chat_from_events([]) is None
