"""Building rasa_sdk trackers for the actions' tests."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

DOMAIN_PATH = Path(__file__).resolve().parents[2] / "bot" / "domain.yml"
DOMAIN = yaml.safe_load(DOMAIN_PATH.read_text())


def initial_slots(**values: Any) -> dict[str, Any]:
    slots = {name: spec.get("initial_value") for name, spec in DOMAIN["slots"].items()}
    slots.update(values)
    return slots


def user_event(text: str, intent: str, channel: str = "rest",
               at: float | None = None) -> dict[str, Any]:
    return {"event": "user", "text": text, "timestamp": at or time.time(),
            "input_channel": channel, "parse_data": {"intent": {"name": intent}}}


def reading(**flags: bool) -> dict[str, Any]:
    """The learned flags the NLU gives a message (``triage_scores``), as the test says."""
    names = ("emergency", "on_behalf", "prior_report", "vulnerability")
    return {"flags": {name: bool(flags.get(name)) for name in names},
            "p": {name: float(bool(flags.get(name))) for name in names}}


def bot_event(text: str, at: float | None = None) -> dict[str, Any]:
    return {"event": "bot", "text": text, "timestamp": at or time.time()}


def make_tracker(text: str = "", intent: str | None = None, *, sender_id: str = "conv-1",
                 slots: dict[str, Any] | None = None, events: list[dict[str, Any]] | None = None,
                 active_loop: str | None = None, latest_action: str | None = "action_listen",
                 ranking: list[dict[str, Any]] | None = None,
                 channel: str = "rest", at: float | None = None,
                 scores: dict[str, Any] | None = None) -> Tracker:
    events = list(events or [])
    if text:
        events.append(user_event(text, intent or "nlu_fallback", channel, at))
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.9},
              "intent_ranking": ranking or ([{"name": intent, "confidence": 0.9}] if intent
                                            else [])}
    if scores is not None:
        latest["triage_scores"] = scores
    return Tracker(sender_id, initial_slots(**(slots or {})), latest, events, False, None,
                   {"name": active_loop} if active_loop else {}, latest_action)


_SENT_WITH = {"text", "buttons", "image", "elements", "attachment", "custom", "response",
              "template", "json_message", "recipient_id"}


def render(message: dict[str, Any]) -> str:
    """What the resident reads: the text, or the response's first variation filled in."""
    if message.get("text"):
        return message["text"]
    name = message.get("response") or message.get("template")
    if not name:
        return ""
    values = {k: v for k, v in message.items() if k not in _SENT_WITH}
    return DOMAIN["responses"][name][0]["text"].format(**values)


def said(dispatcher: CollectingDispatcher) -> list[str]:
    return [render(m) for m in dispatcher.messages]


def slot_values(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
