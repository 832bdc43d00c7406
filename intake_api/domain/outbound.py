"""Where a resident's notice goes, and in what shape (docs/outbound.md).

Pure functions over plain values: who is written to (the resident, or their
representative when consent allows), the channels to try in order (their preferred
contact, else the channel they used), phone numbers in E.164, SMS parts, and whether a
WhatsApp message needs an approved template (outside the 24-hour session window).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

# Channels a notice can be sent on.
SENDABLE = ("sms", "whatsapp", "telegram", "email", "letter")
# WhatsApp lets a business answer freely only within 24 hours of the person's last
# message; after that only an approved template. A margin for the time in the outbox.
WHATSAPP_SESSION = timedelta(hours=24)
WHATSAPP_MARGIN = timedelta(minutes=30)
# Twilio joins a long SMS into one message on the phone; 5 GSM-7 segments (153 each)
# keeps every part readable and cheap, split at paragraph and line ends.
SMS_PART_CHARS = 765
WHATSAPP_PART_CHARS = 1600
TELEGRAM_PART_CHARS = 4096
# WhatsApp template variables: one line, at most 1,024 characters (Meta's limit).
TEMPLATE_VARIABLE_CHARS = 1024

NOTICE_KINDS = ("filed", "acknowledgement", "extension", "response", "escalation", "decline",
                "closure", "hazard_summary")


@dataclass(frozen=True)
class Route:
    """One way to reach a person: a channel and the address on it."""

    channel: str
    to: str

    def as_dict(self) -> dict[str, str]:
        return {"channel": self.channel, "to": self.to}


@dataclass(frozen=True)
class Recipient:
    role: str  # complainant | representative
    name: str | None
    routes: tuple[Route, ...]
    why: str  # why this person, in words for the timeline


def e164(phone: str | None) -> str | None:
    """A UK or international number as ``+447700900123``; None if it is not a number."""
    if not phone:
        return None
    text = phone.strip().removeprefix("whatsapp:")
    digits = re.sub(r"[\s().-]", "", text)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if digits.startswith("+"):
        number = digits
    elif digits.startswith("44"):
        number = "+" + digits
    elif digits.startswith("0"):
        number = "+44" + digits[1:]
    else:
        return None
    return number if re.fullmatch(r"\+\d{8,15}", number) else None


def masked(address: str) -> str:
    """``+447700900123`` → ``+44…123``: for the timeline and logs, never the whole address."""
    if "@" in address:
        user, _, domain = address.partition("@")
        return f"{user[:1]}…@{domain}"
    if len(address) <= 4:
        return "…"
    keep = 3 if address.startswith("+") else 0
    return f"{address[:keep]}…{address[-3:]}"


def _address(person: Mapping[str, Any], channel: str) -> str | None:
    if channel in ("sms", "whatsapp"):
        return e164(person.get("phone"))
    if channel == "telegram":
        chat = str(person.get("telegram_chat_id") or "").strip()
        return chat if re.fullmatch(r"-?\d{1,20}", chat) else None
    if channel == "email":
        email = str(person.get("email") or "").strip()
        return email if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email) else None
    if channel == "letter":
        lines = [str(person.get(k) or "").strip() for k in ("name", "address", "postcode")]
        return "\n".join(line for line in lines if line) if person.get("address") else None
    return None


def routes_for(person: Mapping[str, Any], preferred: str | None, channel_used: str) -> tuple[Route, ...]:
    """The channels to try, in order: the preferred contact, then the channel the case
    came in on. A preference for phone calls cannot be sent to, so the channel used
    stands; a resident who wrote by letter or email is answered that way."""
    order: list[str] = []
    for channel in (preferred, channel_used):
        if channel in SENDABLE and channel not in order:
            order.append(channel)
    if not order and preferred == "phone":
        order.append("sms")  # asked to be phoned: a text is the written record of it
    routes = []
    for channel in order:
        address = _address(person, channel)
        if address:
            routes.append(Route(channel, address))
    return tuple(routes)


def recipient(complainant: Mapping[str, Any], representative: Mapping[str, Any] | None,
              consent: str | None, channel_used: str) -> Recipient:
    """The person a notice is written to.

    With a representative whose consent is given (or not needed: a legal representative),
    the representative; the resident's own details otherwise (Housing Solutions 3.4,
    Southern Housing 2.3: nothing goes to a representative before consent)."""
    preferred = complainant.get("preferred_contact")
    if representative and consent in ("given", "not_needed"):
        routes = routes_for(representative, preferred, channel_used)
        if routes:
            return Recipient("representative", representative.get("name"), routes,
                             "the representative, with the resident's consent")
    routes = routes_for(complainant, preferred, channel_used)
    why = "the resident"
    if representative and consent not in ("given", "not_needed"):
        why = "the resident (the representative's consent is still pending)"
    return Recipient("complainant", complainant.get("name"), routes, why)


def needs_whatsapp_template(last_inbound: datetime | None, now: datetime) -> bool:
    """Outside the 24-hour session window (or never written to by them): a template."""
    if last_inbound is None:
        return True
    return now - last_inbound > WHATSAPP_SESSION - WHATSAPP_MARGIN


def template_variables(reference: str, text: str) -> dict[str, str] | None:
    """``ContentVariables`` for a notice template: ``{{1}}`` the reference, ``{{2}}`` the
    notice on one line. None when it does not fit a template variable."""
    one_line = re.sub(r"\s*\n\s*", " / ", text.strip())
    one_line = re.sub(r" {2,}", " ", one_line)
    if len(one_line) > TEMPLATE_VARIABLE_CHARS:
        return None
    return {"1": reference, "2": one_line}


_GSM_FRIENDLY = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
    "\u2014": "-", "\u2026": "...", "\u00a0": " ", "\u2022": "-",
})


def sms_parts(text: str, limit: int = SMS_PART_CHARS) -> list[str]:
    """The notice as SMS parts: GSM-friendly punctuation (a curly quote makes every
    segment 70 characters), split at paragraphs, then lines, then words; numbered."""
    return split(text.translate(_GSM_FRIENDLY), limit)


def split(text: str, limit: int) -> list[str]:
    """Parts of at most ``limit`` characters, numbered ``(1/3)`` when there are several."""
    text = text.strip()
    if len(text) <= limit:
        return [text] if text else []
    budget = limit - len(" (99/99)")
    parts: list[str] = []
    current = ""
    for block in _blocks(text, budget):
        joined = f"{current}\n{block}" if current else block
        if len(joined) > budget and current:
            parts.append(current)
            current = block
        else:
            current = joined
    if current:
        parts.append(current)
    return [f"{part} ({i}/{len(parts)})" for i, part in enumerate(parts, 1)]


def _blocks(text: str, budget: int) -> list[str]:
    """Lines (a blank line kept as a paragraph break), each cut at words to fit."""
    blocks: list[str] = []
    for line in text.split("\n"):
        while len(line) > budget:
            cut = line.rfind(" ", 0, budget)
            cut = cut if cut > 0 else budget
            blocks.append(line[:cut].rstrip())
            line = line[cut:].lstrip()
        blocks.append(line)
    return blocks


def last_inbound_at(transcript: Sequence[Mapping[str, Any]], filed_at: datetime | None) -> datetime | None:
    """When the resident last wrote to us: their latest transcript line with a time, or
    the filing itself when the assistant filed the case in the conversation."""
    times = []
    for entry in transcript:
        if entry.get("sender") == "resident" and entry.get("at"):
            try:
                times.append(datetime.fromisoformat(str(entry["at"])))
            except ValueError:
                continue
    if filed_at is not None:
        times.append(filed_at)
    aware = [t for t in times if t.tzinfo is not None]
    return max(aware) if aware else None
