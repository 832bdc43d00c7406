"""A scripted resident: answers the assistant's questions by what they ask, so end-to-end
tests and benchmarks follow the conversation rather than a fixed number of turns.

Used by tests/e2e, tests/browser, tests/channels and bench/bench_bot.py."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

import httpx

from scripts.stack import tracker_url

Script = list[tuple[str, "str | list[str]"]]


def complaint_script(
    opening: str,
    *,
    name: str = "Jo Bloggs",
    contact: str = "07700 900123",
    preferred: str = "phone",
    started: str = "since October",
    outcome: str = "Put it right and say sorry",
    more_points: Sequence[str] = (),
    advocate: dict[str, str] | None = None,
    address: str = "12 Acacia Avenue, Leeds LS1 4AB",
) -> Script:
    """The answers of a resident making a complaint — or, with ``advocate`` (keys
    ``name``, ``relationship``, ``consent``; ``name`` above is then the resident's), of
    someone making it for them."""
    script: Script = [
        (r"would you like to make a complaint", "yes"),
        # A danger reading (recall first) offers the emergency repair before the complaint.
        (r"shall i log the emergency repair", "no"),
        # An unsure danger reading is checked first ("is anyone in danger right now?").
        (r"is anyone in danger", "no"),
        (r"reported this to us before", "yes"),
        (r"unhappy with how we've handled", "yes"),
        (r"anything else you're unhappy about", [*more_points, "no"]),
        (r"when did this start", started),
        (r"what would you like us to do", outcome),
        (r"getting in touch for someone else", "yes" if advocate else "no"),
    ]
    if advocate:
        script += [
            (r"name of the person you're getting in touch for", name),
            (r"what is your name", advocate["name"]),
            (r"how are you connected", advocate["relationship"]),
            (r"written permission", advocate.get("consent", "not yet")),
        ]
    else:
        script.append((r"what is your name", name))
    script += [
        (r"phone number or email", contact),
        (r"how would you like us to contact you", preferred),
        (r"make this easier for you", "no"),
        # A complaint about a repair still to do raises the repair, which needs the home.
        (r"address of the home|what address should we", address),
        # Told of an earlier report: what happened then is asked before the reference.
        (r"when was that, and what happened", "I rang in October and nobody came back"),
        # Asked plainly when only the learned reading guessed an earlier report.
        (r"have you told us about this before", "yes, I rang in October and nobody came back"),
        (r"reference number from when you reported|reference number for this", "no"),
        (r"what went wrong", opening),
        (r"so you're unhappy that", "yes"),
        (r"is that right", "yes"),
        (r"tell me a bit more", opening),
    ]
    return script


@dataclass
class Answers:
    """Picks the answer to the bot's latest question; a list answer is given in turn,
    its last item from then on."""

    script: Script
    given: dict[str, int] = field(default_factory=dict)

    def __call__(self, bot_texts: Sequence[str]) -> str | None:
        for text in reversed(bot_texts):
            lowered = text.lower()
            for pattern, reply in self.script:
                if re.search(pattern, lowered):
                    if isinstance(reply, str):
                        return reply
                    turn = self.given.get(pattern, 0)
                    self.given[pattern] = turn + 1
                    return reply[min(turn, len(reply) - 1)]
        return None


class RestResident:
    """A resident talking to the Rasa server through its REST channel. ``rasa_token`` is
    for reading the tracker (Rasa's HTTP API); the REST channel itself needs none."""

    def __init__(self, rasa_url: str, script: Script, sender: str | None = None,
                 rasa_token: str | None = None) -> None:
        self.rasa_url = rasa_url
        self.rasa_token = rasa_token
        self.answers = Answers(script)
        self.sender = sender or f"resident-{uuid.uuid4().hex[:12]}"
        self.heard: list[str] = []

    def say(self, text: str, client: httpx.Client | None = None) -> list[str]:
        post = (client or httpx).post
        response = post(f"{self.rasa_url}/webhooks/rest/webhook",
                        json={"sender": self.sender, "message": text}, timeout=60)
        response.raise_for_status()
        replies = [m.get("text", "") for m in response.json()]
        self.heard += replies
        return replies

    def talk_until(self, done: str, first: str, max_turns: int = 30,
                   client: httpx.Client | None = None) -> list[str]:
        """Say ``first``, then answer each question until a reply contains ``done``."""
        replies = self.say(first, client)
        for _ in range(max_turns):
            if any(done in r for r in replies):
                return replies
            answer = self.answers(replies)
            assert answer, f"no scripted answer for: {replies}"
            replies = self.say(answer, client)
        raise AssertionError(f"conversation did not reach {done!r}: {self.heard}")

    def tracker(self) -> dict:
        response = httpx.get(tracker_url(self.rasa_url, self.sender, self.rasa_token), timeout=30)
        response.raise_for_status()
        return response.json()
