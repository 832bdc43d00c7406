"""Local stand-ins for the providers resident notices go through (127.0.0.1 only):
Twilio's Messages API, the Telegram Bot API's sendMessage, and an SMTP server.

Each records what reached it; ``script`` makes the next requests fail (an outage)."""

from __future__ import annotations

import base64
import json
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from email import message_from_bytes
from email import policy as email_policy
from email.message import Message
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from aiosmtpd.controller import Controller

ACCOUNT_SID = "AC" + "0" * 32
AUTH_TOKEN = "test-auth-token-for-stand-ins"
TWILIO_NUMBER = "+447700900000"
BOT_TOKEN = "123456:TEST-NOTICE-TOKEN"


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Quiet(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # a client that gave up waiting (the timeout tests) is not an error here


class _HttpStandIn:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                status, payload = standin.answer(self.path, dict(self.headers), body)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self.server = _Quiet(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answer(self, path: str, headers: dict, body: bytes) -> tuple[int, dict]:
        raise NotImplementedError


class StandInTwilio(_HttpStandIn):
    """``POST /2010-04-01/Accounts/{AccountSid}/Messages.json`` answering as Twilio's
    Messages API documents: 201 and the Message resource, or an error body
    ``{"code", "message", "more_info", "status"}``. Numbers in ``opted_out`` get error
    21610 (the recipient replied STOP)."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[dict[str, str]] = []
        self.attempts = 0
        self.script: list[int] = []
        self.opted_out: set[str] = set()
        self.sids: list[str] = []  # the MessageSid of each message taken, in order
        self.hang = 0.0  # seconds to wait before answering: the message is taken all the same

    def answer(self, path: str, headers: dict, body: bytes) -> tuple[int, dict]:
        match = re.fullmatch(r"/2010-04-01/Accounts/(AC\w+)/Messages\.json", path)
        if match is None:
            return 404, {"code": 20404, "message": "not found", "status": 404}
        expected = base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
        if headers.get("Authorization") != f"Basic {expected}" or match.group(1) != ACCOUNT_SID:
            return 401, {"code": 20003, "message": "Authenticate", "status": 401}
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        with self.lock:
            self.attempts += 1
            if self.script:
                status = self.script.pop(0)
                return status, {"code": 20000 + status, "message": "scripted outage",
                                "more_info": "https://www.twilio.com/docs/errors", "status": status}
            if form.get("To", "").removeprefix("whatsapp:") in self.opted_out:
                return 400, {"code": 21610, "message": "Attempt to send to unsubscribed recipient",
                             "more_info": "https://www.twilio.com/docs/errors/21610", "status": 400}
            sid = f"SM{uuid.uuid4().hex}"
            self.sids.append(sid)
            self.messages.append(form)
        if self.hang:
            time.sleep(self.hang)
        now = formatdate(usegmt=True)
        return 201, {
            "account_sid": ACCOUNT_SID, "api_version": "2010-04-01", "body": form.get("Body", ""),
            "date_created": now, "date_sent": None, "date_updated": now,
            "direction": "outbound-api", "error_code": None, "error_message": None,
            "from": form.get("From"), "messaging_service_sid": None, "num_media": "0",
            "num_segments": "1", "price": None, "price_unit": "GBP", "sid": sid,
            "status": "queued", "subresource_uris": {
                "media": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{sid}/Media.json"},
            "to": form.get("To"), "uri": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{sid}.json",
        }

    def to(self, number: str) -> list[dict[str, str]]:
        return [m for m in self.messages if m.get("To", "").removeprefix("whatsapp:") == number]


class StandInTelegram(_HttpStandIn):
    """The Bot API's ``POST /bot<token>/sendMessage`` (and ``getMe``)."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[dict] = []

    def answer(self, path: str, headers: dict, body: bytes) -> tuple[int, dict]:
        match = re.fullmatch(r"/bot([^/]+)/(\w+)", path)
        if match is None or match.group(1) != BOT_TOKEN:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        method = match.group(2)
        if "json" in (headers.get("Content-Type") or ""):
            params = json.loads(body or b"{}")
        else:
            params = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        if method == "getMe":
            return 200, {"ok": True, "result": {"id": 123456, "is_bot": True, "first_name": "Landlord",
                                                "username": "landlord_bot"}}
        if method != "sendMessage":
            return 200, {"ok": True, "result": True}
        with self.lock:
            self.sent.append(params)
            message_id = len(self.sent)
        return 200, {"ok": True, "result": {
            "message_id": message_id, "date": 1764500000,
            "chat": {"id": int(params["chat_id"]), "type": "private"}, "text": params.get("text", "")}}


@dataclass
class StandInSmtp:
    """An SMTP server (aiosmtpd) that keeps every message; ``script`` holds replies for
    the next DATA commands (e.g. ``"451 4.3.0 try again later"``)."""

    messages: list[Message] = field(default_factory=list)
    script: list[str] = field(default_factory=list)
    port: int = field(default_factory=free_port)

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.script:
            return self.script.pop(0)
        self.messages.append(message_from_bytes(envelope.content, policy=email_policy.default))
        return "250 OK"

    def start(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()
