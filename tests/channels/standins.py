"""Local stand-ins for Twilio's Messages API and the Telegram Bot API (127.0.0.1 only),
and a small Sanic server that mounts one connector in front of a fake bot."""

from __future__ import annotations

import asyncio
import json
import socket
import uuid
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Sanic


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Server:
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _serve(self, app: web.Application) -> None:
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        await self._runner.cleanup()


@dataclass
class StandInTwilio(_Server):
    """Twilio's ``POST /2010-04-01/Accounts/{sid}/Messages.json``; records every message.
    ``script`` holds statuses to answer the next requests with (e.g. 429, 503)."""

    port: int = field(default_factory=free_port)
    messages: list[dict[str, str]] = field(default_factory=list)
    attempts: int = 0
    auth: list[str] = field(default_factory=list)
    script: list[int] = field(default_factory=list)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/2010-04-01/Accounts/{sid}/Messages.json", self._create)
        await self._serve(app)

    async def _create(self, request: web.Request) -> web.Response:
        self.attempts += 1
        self.auth.append(request.headers.get("Authorization", ""))
        if self.script:
            status = self.script.pop(0)
            return web.json_response({"code": 20000 + status, "message": "scripted"}, status=status,
                                     headers={"Retry-After": "0"} if status == 429 else None)
        form = await request.post()
        message = {k: str(v) for k, v in form.items()}
        self.messages.append(message)
        return web.json_response({"sid": f"SM{uuid.uuid4().hex}", "status": "queued", **message},
                                 status=201)

    async def wait_for(self, count: int, timeout: float = 10.0) -> list[dict[str, str]]:
        deadline = asyncio.get_running_loop().time() + timeout
        while len(self.messages) < count and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.02)
        return self.messages


@dataclass
class StandInTelegram(_Server):
    """The Bot API's ``/bot<token>/<method>`` and ``/file/bot<token>/<path>``."""

    token: str = "123456:TEST-TOKEN"
    port: int = field(default_factory=free_port)
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._method)
        app.router.add_get("/file/bot{token}/{path:.*}", self._file)
        await self._serve(app)

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == method]

    async def wait_for(self, count: int, method: str = "sendMessage",
                       timeout: float = 10.0) -> list[dict[str, Any]]:
        deadline = asyncio.get_running_loop().time() + timeout
        while len(self.sent(method)) < count and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.02)
        return self.sent(method)

    async def _method(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401,
                                      "description": "Unauthorized"}, status=401)
        if request.content_type == "application/json":
            params = await request.json()
        else:
            params = {k: v for k, v in (await request.post()).items() if isinstance(v, str)}
        for key in ("reply_markup", "chat_id"):
            if isinstance(params.get(key), str):
                try:
                    params[key] = json.loads(params[key])
                except ValueError:
                    pass
        method = request.match_info["method"]
        self.calls.append((method, params))
        if method == "sendMessage":
            result: Any = {"message_id": len(self.calls), "date": 1764500000,
                           "chat": {"id": params.get("chat_id"), "type": "private"},
                           "text": params.get("text", "")}
        elif method == "getFile":
            result = {"file_id": params.get("file_id"), "file_unique_id": "u1",
                      "file_size": 4, "file_path": "photos/file_1.jpg"}
        else:
            result = True
        return web.json_response({"ok": True, "result": result})

    async def _file(self, request: web.Request) -> web.Response:
        return web.Response(body=b"\xff\xd8\xff\xe0", content_type="image/jpeg")


@dataclass
class FakeBot:
    """Stands in for Rasa's agent: records each user message and answers in Rasa's
    message shapes — text, and buttons when asked to ``choose``."""

    received: list[UserMessage] = field(default_factory=list)
    hold: asyncio.Event | None = None  # set it to let a held turn finish

    async def __call__(self, message: UserMessage) -> None:
        self.received.append(message)
        if self.hold is not None:
            await self.hold.wait()
        if message.text == "choose":
            await message.output_channel.send_text_with_buttons(
                message.sender_id, "Is that right?",
                [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}])
        elif message.text == "long":
            await message.output_channel.send_text_message(
                message.sender_id, " ".join(["We are sorry this has happened."] * 40))
        else:
            await message.output_channel.send_text_message(message.sender_id,
                                                           f"You said: {message.text}")


class ChannelServer:
    """One connector mounted at ``/webhooks/<name>/`` on a real Sanic server."""

    def __init__(self, channel: InputChannel, bot: FakeBot) -> None:
        self.channel = channel
        self.bot = bot
        self.port = free_port()
        Sanic.test_mode = True  # lets several apps start in one process
        self.app = Sanic(f"channels_test_{uuid.uuid4().hex[:8]}")
        self.app.blueprint(channel.blueprint(bot), url_prefix=f"/webhooks/{channel.url_prefix()}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        self.server = await self.app.create_server(host="127.0.0.1", port=self.port,
                                                   return_asyncio_server=True,
                                                   access_log=False)
        await self.server.startup()
        await self.server.start_serving()

    async def stop(self) -> None:
        self.server.close()
        await self.server.wait_closed()
