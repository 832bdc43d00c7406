"""What the message channels share: conversation ids that are not phone numbers,
masking for logs, SMS-sized text, buttons as numbered choices, and background work.

Pure functions except ``spawn``; the connectors call them.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import re
from collections.abc import Awaitable
from typing import Any

log = logging.getLogger(__name__)

_tasks: set[asyncio.Task[Any]] = set()


def spawn(coro: Awaitable[Any], what: str) -> asyncio.Task[Any]:
    """Run ``coro`` after the webhook has answered; log (never raise) its failure."""

    async def guarded() -> None:
        try:
            await coro
        except Exception as exc:
            log.error("%s failed: %s", what, type(exc).__name__, exc_info=log.isEnabledFor(logging.DEBUG))

    task = asyncio.ensure_future(guarded())
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)
    return task


async def drain(timeout: float = 10.0) -> None:
    """Wait for the background turns still running (tests, shutdown)."""
    if _tasks:
        await asyncio.wait(list(_tasks), timeout=timeout)


def conversation_id(prefix: str, address: str, secret: bytes) -> str:
    """A stable conversation id for an address that does not reveal it: logs, case
    records and staff pages show ``sms-3f9c…`` rather than a phone number."""
    digest = hmac.new(secret, address.encode(), hashlib.sha256).hexdigest()[:24]
    return f"{prefix}-{digest}"


def mask(address: str | int | None) -> str:
    """``whatsapp:+447700900123`` → ``whatsapp:+44…123``; for log lines only."""
    if address is None:
        return "-"
    text = str(address)
    scheme, _, number = text.rpartition(":")
    head = f"{scheme}:" if scheme else ""
    if len(number) <= 4:
        return head + "…"
    keep = 3 if number.startswith("+") else 0
    return f"{head}{number[:keep]}…{number[-3:]}"


# SMS: GSM-7 keeps 153 characters a segment when concatenated; two segments a part
# keeps every reply cheap and readable. WhatsApp (through Twilio) takes up to 1600.
SMS_PART_CHARS = 306
WHATSAPP_PART_CHARS = 1600
TELEGRAM_PART_CHARS = 4096

_GSM_FRIENDLY = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
    "\u2014": "-", "\u2026": "...", "\u00a0": " ", "\u2022": "-",
})


def sms_friendly(text: str) -> str:
    """Curly quotes and dashes push an SMS into UCS-2 (70 characters a segment)."""
    return text.translate(_GSM_FRIENDLY)


def split_text(text: str, limit: int) -> list[str]:
    """Split ``text`` into parts of at most ``limit`` characters, at paragraph, then
    line, then sentence, then word boundaries; numbered ``(1/3)`` when split."""
    text = text.strip()
    if len(text) <= limit:
        return [text] if text else []
    budget = limit - len(" (99/99)")
    parts: list[str] = []
    current = ""
    for piece in _pieces(text, budget):
        joiner = _joiner(current, piece)
        if current and len(current) + len(joiner) + len(piece.strip()) > budget:
            parts.append(current.strip())
            current = piece.strip()
        else:
            current = current + joiner + piece.strip() if current else piece.strip()
    if current.strip():
        parts.append(current.strip())
    total = len(parts)
    return [f"{part} ({i}/{total})" for i, part in enumerate(parts, 1)]


def _joiner(current: str, piece: str) -> str:
    return "" if not current else ("\n\n" if piece.startswith("\n\n") else
                                   "\n" if piece.startswith("\n") else " ")


def _pieces(text: str, budget: int) -> list[str]:
    """Sentences (keeping paragraph breaks as a leading newline), each within budget."""
    out: list[str] = []
    for p_index, paragraph in enumerate(re.split(r"\n\s*\n", text)):
        for l_index, line in enumerate(paragraph.split("\n")):
            lead = "\n\n" if p_index and not l_index else ("\n" if l_index else "")
            for s_index, sentence in enumerate(re.split(r"(?<=[.!?])\s+", line.strip())):
                for w_index, chunk in enumerate(_words(sentence, budget)):
                    out.append((lead if not s_index and not w_index else "") + chunk)
    return [piece for piece in out if piece.strip()]


def _words(sentence: str, budget: int) -> list[str]:
    if len(sentence) <= budget:
        return [sentence]
    chunks, current = [], ""
    for word in sentence.split(" "):
        while len(word) > budget:  # a very long URL or word: cut it
            if current:
                chunks.append(current)
                current = ""
            chunks.append(word[:budget])
            word = word[budget:]
        if current and len(current) + 1 + len(word) > budget:
            chunks.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        chunks.append(current)
    return chunks


def numbered_choices(buttons: list[dict[str, Any]]) -> str:
    """Buttons for a text-only channel: ``1 Yes`` / ``2 No`` and how to answer."""
    lines = [f"{i} {button.get('title', '')}" for i, button in enumerate(buttons, 1)]
    return "\n".join(lines) + "\nReply with a number or type your answer."


def resolve_choice(text: str, buttons: list[dict[str, Any]]) -> str | None:
    """The payload of the button the resident picked by number or by its title."""
    answer = text.strip().rstrip(".").strip()
    if not buttons or not answer:
        return None
    if answer.isdigit():
        index = int(answer)
        if 1 <= index <= len(buttons):
            return buttons[index - 1].get("payload") or buttons[index - 1].get("title")
        return None
    for button in buttons:
        if str(button.get("title", "")).strip().lower() == answer.lower():
            return button.get("payload") or button.get("title")
    return None


def render_turn(messages: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """One text for a bot turn (several Rasa messages joined), plus the buttons of the
    turn's last message that had any."""
    texts: list[str] = []
    buttons: list[dict[str, Any]] = []
    for message in messages:
        if message.get("text"):
            texts.append(str(message["text"]).strip())
        if message.get("image"):
            texts.append(str(message["image"]))
        if message.get("buttons"):
            buttons = list(message["buttons"])
    return "\n\n".join(t for t in texts if t), buttons
