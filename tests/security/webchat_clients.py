"""Two browsers on the web chat, as python-socketio clients: a resident, and someone who
knows (or guesses) the resident's session id. Prints what each saw as JSON.

Run with the Rasa environment's Python, where python-socketio's client is installed:
    .venv-rasa/bin/python tests/security/webchat_clients.py http://127.0.0.1:5005
(tests/security/test_webchat_session.py does.)
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from typing import Any

import socketio

SOCKETIO_PATH = "/webchat/socket.io"
TURN_TIMEOUT = 60.0


class Browser:
    def __init__(self) -> None:
        # Long polling (where every browser starts): python-engineio's websocket client
        # needs a newer aiohttp than Rasa pins.
        self.sio = socketio.AsyncClient(reconnection=False)
        self.replies: list[Any] = []
        self.session_id: str | None = None
        self.sessions: asyncio.Queue[Any] = asyncio.Queue()
        self.sio.on("bot_uttered", self.replies.append)
        self.sio.on("session_confirm", self.sessions.put_nowait)

    async def open(self, url: str, **request: Any) -> dict[str, Any]:
        await self.sio.connect(url, socketio_path=SOCKETIO_PATH, transports=["polling"])
        return await self.ask_session(**request)

    async def ask_session(self, **request: Any) -> dict[str, Any]:
        await self.sio.emit("session_request", request)
        confirmed = await asyncio.wait_for(self.sessions.get(), 30)
        confirmed = confirmed if isinstance(confirmed, dict) else {"session_id": confirmed}
        self.session_id = confirmed["session_id"]
        return confirmed

    async def say(self, text: str) -> list[Any]:
        """Send ``text`` and wait for the bot's turn to finish."""
        before = len(self.replies)
        # The session id goes with the message, as Rasa's stock clients send it (the
        # server takes the socket's own session whatever this says).
        await self.sio.emit("user_uttered", {"message": text, "session_id": self.session_id})
        deadline = asyncio.get_running_loop().time() + TURN_TIMEOUT
        while len(self.replies) == before and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.1)
        settled = -1
        while settled != len(self.replies):  # a turn can be several messages
            settled = len(self.replies)
            await asyncio.sleep(1.5)
        return self.replies[before:]


async def scenario(url: str) -> dict[str, Any]:
    resident, intruder, reloaded = Browser(), Browser(), Browser()
    theirs = await resident.open(url)
    await resident.say("Hello")
    tried = []
    for attempt in ({"session_id": theirs["session_id"]},
                    {"session_id": theirs["session_id"], "session_token": "0" * 64}):
        tried.append((await intruder.open(url, **attempt) if not tried
                      else await intruder.ask_session(**attempt))["session_id"])
    later = await resident.say("I want to make a complaint, the boiler has been broken for weeks")
    await asyncio.sleep(2)
    resumed = await reloaded.open(url, **theirs)
    long_reply = await reloaded.say("x" * 4001)
    return {"resident": theirs, "resident_replies": resident.replies, "later": later,
            "intruder_sessions": tried, "intruder_replies": intruder.replies,
            "resumed": resumed, "long_reply": long_reply}


def main() -> None:
    result = asyncio.run(asyncio.wait_for(scenario(sys.argv[1]), 240))
    print(json.dumps(result))
    sys.stdout.flush()
    os._exit(0)  # no polite disconnects: each would wait for the server's next ping


if __name__ == "__main__":
    main()
