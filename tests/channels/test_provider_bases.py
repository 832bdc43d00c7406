"""The connectors send their replies where the outbound-provider settings say
(docs/architecture.md §5): TWILIO_API_BASE and TELEGRAM_API_BASE, as the intake API's
notices do; the older *_API_BASE_URL names still work."""

from __future__ import annotations

from channels.telegram_channel import TelegramInput
from channels.twilio_channel import TwilioInput


def test_twilio_replies_go_to_twilio_api_base(monkeypatch) -> None:
    monkeypatch.delenv("TWILIO_API_BASE_URL", raising=False)
    monkeypatch.setenv("TWILIO_API_BASE", "http://127.0.0.1:9/twilio")
    channel = TwilioInput.from_credentials({})
    assert channel.sender.url.startswith("http://127.0.0.1:9/twilio/2010-04-01/Accounts/")
    monkeypatch.delenv("TWILIO_API_BASE")
    monkeypatch.setenv("TWILIO_API_BASE_URL", "http://127.0.0.1:9/old")
    assert TwilioInput.from_credentials({}).sender.url.startswith("http://127.0.0.1:9/old/")


def test_telegram_replies_go_to_telegram_api_base(monkeypatch) -> None:
    monkeypatch.delenv("TELEGRAM_API_BASE_URL", raising=False)
    monkeypatch.setenv("TELEGRAM_API_BASE", "http://127.0.0.1:9/tg")
    assert TelegramInput.from_credentials({}).api_base_url == "http://127.0.0.1:9/tg"
