"""The defences every public channel endpoint shares: size caps, text PostgreSQL can
store, JSON that cannot blow the stack, client addresses that cannot be spoofed, rate
limits, and the web chat's session tokens. See docs/channels.md ("Limits").

Settings come from the environment (``Guard.from_env``):

- ``CHANNEL_RATE_LIMIT`` (default ``20/minute``): messages per resident — a web chat
  session, a phone number, a Telegram chat, a REST sender.
- ``CHANNEL_ADDRESS_RATE_LIMIT`` (default ``120/minute``): web chat connections and
  messages, and REST calls, per client address.
- ``CHANNEL_TRUSTED_PROXIES``: addresses or networks whose ``X-Forwarded-For`` is
  believed (default none: the socket peer is the client).
- ``CHANNEL_RATE_LIMIT_LOOPBACK`` (default off): also limit direct loopback callers.
- ``REDIS_URL``: count in Redis, shared by every Rasa process; else in this process.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import ipaddress
import json
import logging
import os
import re
import secrets
from collections.abc import Iterable
from typing import Any

from limits import parse as parse_limit
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

log = logging.getLogger(__name__)

# A resident's letter pasted into the chat fits (about 600 words); a message longer than
# this is answered with TOO_LONG_REPLY and never reaches the NLU pipeline.
MAX_TEXT_CHARS = 4000
# No request body to a channel endpoint needs more (4,000 characters JSON-escaped, plus
# Telegram's or Twilio's envelope); a bigger one is refused before it is parsed.
MAX_BODY_BYTES = 64 * 1024

TOO_LONG_REPLY = ("That message is too long for me to read in one go \u2014 could you send "
                  "it in shorter parts?")
SLOW_DOWN_REPLY = ("You're sending messages faster than I can read them. Please wait a "
                   "minute, then carry on.")

# PostgreSQL's text type refuses NUL; other control characters and lone surrogates
# (which cannot be encoded as UTF-8) are never part of what a resident meant to say.
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` without the characters PostgreSQL or UTF-8 cannot store (tabs and line
    breaks are kept)."""
    return _UNSTORABLE.sub("", text)


def is_clean_id(value: Any, max_length: int = 128) -> bool:
    """A sender id a caller may choose: printable, no spaces at the ends, not too long."""
    return (isinstance(value, str) and 0 < len(value) <= max_length
            and value.isprintable() and value == value.strip())


class BadRequest(ValueError):
    """Input that gets a 400 with this message."""


def parse_json(body: bytes | None) -> Any:
    """The JSON in ``body``, or :class:`BadRequest` (never a RecursionError: deeply
    nested arrays are refused, not a 500)."""
    try:
        return json.loads(body or b"")
    except RecursionError as exc:
        raise BadRequest("the JSON is nested too deeply") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest("the body is not valid JSON") from exc


def too_large(content_length: str | None, body: bytes | None) -> bool:
    try:
        declared = int(content_length or 0)
    except ValueError:
        declared = 0
    return declared > MAX_BODY_BYTES or len(body or b"") > MAX_BODY_BYTES


def _networks(spec: str | Iterable[str] | None) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    items = spec.replace(",", " ").split() if isinstance(spec, str) else list(spec or [])
    return [ipaddress.ip_network(item.strip(), strict=False) for item in items if item.strip()]


def _ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None


def _hashed(value: str) -> str:
    # Addresses and phone numbers are personal data: never kept as keys in clear.
    return hashlib.sha256(value.encode()).hexdigest()[:32]


class Guard:
    """Client addresses and rate limits for one connector (or several)."""

    def __init__(self, sender_limit: str = "20/minute", address_limit: str = "120/minute",
                 trusted_proxies: str | Iterable[str] | None = None,
                 limit_loopback: bool = False, redis_url: str | None = None,
                 prefix: str = "intake-channels") -> None:
        self.sender_limit = parse_limit(sender_limit)
        self.address_limit = parse_limit(address_limit)
        self.trusted = _networks(trusted_proxies)
        self.limit_loopback = limit_loopback
        self.prefix = prefix
        self.shared = bool(redis_url)
        self.storage = storage_from_string(redis_url) if redis_url else storage_from_string("memory://")
        self.limiter = MovingWindowRateLimiter(self.storage)
        self._warned = False

    @classmethod
    def from_env(cls) -> Guard:
        env = os.environ
        return cls(sender_limit=env.get("CHANNEL_RATE_LIMIT") or "20/minute",
                   address_limit=env.get("CHANNEL_ADDRESS_RATE_LIMIT") or "120/minute",
                   trusted_proxies=env.get("CHANNEL_TRUSTED_PROXIES") or "",
                   limit_loopback=(env.get("CHANNEL_RATE_LIMIT_LOOPBACK") or "").lower()
                   in ("1", "true", "yes", "on"),
                   redis_url=env.get("REDIS_URL") or None)

    # -- who is calling ------------------------------------------------------------

    def client_address(self, peer: str | None, forwarded_for: str | None) -> str:
        """The client's address: the socket peer, unless the peer is a trusted proxy —
        then the right-most ``X-Forwarded-For`` entry that is not itself a trusted proxy."""
        peer = peer or ""
        peer_ip = _ip(peer)
        if not forwarded_for or peer_ip is None or not self._trusted(peer_ip):
            return peer
        for hop in reversed(forwarded_for.split(",")):
            hop_ip = _ip(hop)
            if hop_ip is None:
                return peer  # a garbled header: believe only the proxy
            if not self._trusted(hop_ip):
                return str(hop_ip)
        return peer

    def _trusted(self, ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        return any(ip in network for network in self.trusted)

    def request_address(self, request: Any) -> str:
        """The client address of a Sanic request.

        A request that reached us from loopback with forwarding headers came through a
        proxy on this machine that is not in ``CHANNEL_TRUSTED_PROXIES``: its caller is
        somewhere else, so it is neither loopback (no exemption, no chosen REST sender)
        nor an address we can believe — it is counted under ``proxied:<what the header
        says>`` and the misconfiguration is logged once."""
        headers = request.headers
        forwarded = headers.get("X-Forwarded-For")
        address = self.client_address(request.ip, forwarded)
        if self.is_loopback(address) and not self._trusted_ip(request.ip):
            claimed = forwarded or headers.get("X-Real-IP") or headers.get("Forwarded")
            if claimed:
                self._warn_untrusted_proxy()
                return f"proxied:{claimed.split(',')[-1].strip()[:64]}"
        return address

    def _trusted_ip(self, peer: str | None) -> bool:
        ip = _ip(peer or "")
        return ip is not None and self._trusted(ip)

    def _warn_untrusted_proxy(self) -> None:
        if not self._warned:
            self._warned = True
            log.warning("requests arrive from loopback with X-Forwarded-For: set "
                        "CHANNEL_TRUSTED_PROXIES to the proxy's address (docs/channels.md)")

    @staticmethod
    def is_loopback(address: str) -> bool:
        ip = _ip(address)
        return ip is not None and ip.is_loopback

    def exempt(self, address: str) -> bool:
        """Direct loopback callers (tests, checks, the machine's own tools) are not
        limited unless ``limit_loopback`` is set."""
        return self.is_loopback(address) and not self.limit_loopback

    # -- rate limits -----------------------------------------------------------------

    async def allow_address(self, address: str) -> bool:
        if self.exempt(address):
            return True
        return await self._hit(self.address_limit, "address", address)

    async def allow_sender(self, channel: str, sender: str, address: str) -> bool:
        """One more message from ``sender`` (a session, a phone number, a chat) that
        arrived from ``address``."""
        if self.exempt(address):
            return True
        return await self._hit(self.sender_limit, channel, sender)

    async def _hit(self, item: Any, kind: str, key: str) -> bool:
        identifiers = (self.prefix, kind, _hashed(key))
        try:
            if self.shared:  # a network round trip: keep it off the event loop
                return await asyncio.to_thread(self.limiter.hit, item, *identifiers)
            return self.limiter.hit(item, *identifiers)
        except Exception as exc:  # noqa: BLE001 (the store is down: serve residents, say so)
            log.warning("rate limit store unavailable (%s); %s not limited", type(exc).__name__, kind)
            return True

    @property
    def retry_after(self) -> int:
        return int(self.sender_limit.get_expiry())


def session_token(secret: bytes, session_id: str) -> str:
    """The web chat session's token: only the browser it was issued to knows it."""
    return hmac.new(secret, f"webchat-session:{session_id}".encode(), hashlib.sha256).hexdigest()


def valid_session_token(secret: bytes, session_id: Any, token: Any) -> bool:
    if not isinstance(session_id, str) or not isinstance(token, str) or not session_id:
        return False
    return hmac.compare_digest(session_token(secret, session_id).encode(), token.encode())


def new_session_id() -> str:
    return secrets.token_hex(16)
