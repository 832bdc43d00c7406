"""Rate limits shared by every API worker: Redis when configured, the database otherwise.

Counting is done by the ``limits`` library (fixed windows). Its Redis storage is used
as it is; for deployments without Redis, :class:`DatabaseStorage` keeps the same
counters in the ``throttle_counters`` table so that two workers on one database still
share one count. Keys are stored as SHA-256 hashes: no usernames or addresses in clear.
"""

from __future__ import annotations

import hashlib
import ipaddress
import random
import time
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from limits import RateLimitItem, parse
from limits.storage import RedisStorage, Storage
from limits.strategies import FixedWindowRateLimiter
from sqlalchemy import bindparam, case, delete, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker
from starlette.requests import HTTPConnection

from ..models import ThrottleCounter, UTCDateTime
from .config import Settings


def _hashed(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class DatabaseStorage(Storage):
    """Fixed-window counters in ``throttle_counters`` (SQLite or PostgreSQL), one upsert
    per hit. Expired rows are swept now and then by the hits themselves."""

    STORAGE_SCHEME = None  # made in code with a session factory, never from a URI
    SWEEP_CHANCE = 0.01

    def __init__(self, session_factory: sessionmaker, **options) -> None:
        super().__init__(None, **options)
        self.sessions = session_factory

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = datetime.now(UTC)
        table = ThrottleCounter.__table__
        with self.sessions() as s, s.begin():
            insert = (postgresql.insert if s.bind.dialect.name == "postgresql" else sqlite.insert)(table)
            stmt = insert.values(key=_hashed(key), hits=amount, expires_at=now + timedelta(seconds=expiry))
            expired = table.c.expires_at <= bindparam("now", now, type_=UTCDateTime())
            stmt = stmt.on_conflict_do_update(
                index_elements=[table.c.key],
                set_={
                    "hits": case((expired, stmt.excluded.hits), else_=table.c.hits + stmt.excluded.hits),
                    "expires_at": case((expired, stmt.excluded.expires_at), else_=table.c.expires_at),
                },
            ).returning(table.c.hits)
            hits = s.execute(stmt).scalar_one()
            if random.random() < self.SWEEP_CHANCE:
                s.execute(delete(ThrottleCounter).where(ThrottleCounter.expires_at <= now))
        return int(hits)

    def _row(self, key: str) -> ThrottleCounter | None:
        with self.sessions() as s:
            return s.execute(select(ThrottleCounter).where(
                ThrottleCounter.key == _hashed(key), ThrottleCounter.expires_at > datetime.now(UTC)
            )).scalar_one_or_none()

    def get(self, key: str) -> int:
        row = self._row(key)
        return row.hits if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return row.expires_at.timestamp() if row else time.time()

    def check(self) -> bool:
        try:
            with self.sessions() as s:
                s.execute(text("SELECT 1"))
            return True
        except SQLAlchemyError:
            return False

    def reset(self) -> int | None:
        with self.sessions() as s, s.begin():
            return s.execute(delete(ThrottleCounter)).rowcount

    def clear(self, key: str) -> None:
        with self.sessions() as s, s.begin():
            s.execute(delete(ThrottleCounter).where(ThrottleCounter.key == _hashed(key)))


@lru_cache(maxsize=64)
def limit(spec: str) -> RateLimitItem:
    """``"5 per 15 minutes"``, ``"30/hour"``: the ``limits`` notation."""
    return parse(spec)


class Limiter:
    """Named limits over the shared storage. ``hit`` counts and says whether the limit
    still holds; ``test`` only looks; ``retry_after`` is the seconds until the window ends."""

    def __init__(self, storage: Storage, prefix: str = "intake") -> None:
        self.storage = storage
        self.strategy = FixedWindowRateLimiter(storage)
        self.prefix = prefix

    def _ids(self, name: str, subject: tuple[str, ...]) -> tuple[str, ...]:
        return (self.prefix, name, _hashed("\x1f".join(subject)))

    def hit(self, spec: str, name: str, *subject: str) -> bool:
        return self.strategy.hit(limit(spec), *self._ids(name, subject))

    def test(self, spec: str, name: str, *subject: str) -> bool:
        return self.strategy.test(limit(spec), *self._ids(name, subject))

    def retry_after(self, spec: str, name: str, *subject: str) -> int:
        reset = self.strategy.get_window_stats(limit(spec), *self._ids(name, subject)).reset_time
        return max(1, int(reset - time.time() + 0.999))

    def count(self, spec: str, name: str, *subject: str) -> int:
        return self.storage.get(limit(spec).key_for(*self._ids(name, subject)))

    def clear(self, spec: str, name: str, *subject: str) -> None:
        self.strategy.clear(limit(spec), *self._ids(name, subject))


def make_limiter(settings: Settings, session_factory: sessionmaker) -> Limiter:
    """Redis when a Redis URL is configured, otherwise the application database."""
    if settings.redis_url:
        storage: Storage = RedisStorage(settings.redis_url, wrap_exceptions=True)
    else:
        storage = DatabaseStorage(session_factory, wrap_exceptions=True)
    return Limiter(storage, settings.rate_limit_prefix)


def limiter_for(app) -> Limiter:
    """The application's limiter (``app.state.limiter``), made on first use."""
    state = app.state
    if getattr(state, "limiter", None) is None:
        state.limiter = make_limiter(state.settings, state.db.sessionmaker)
    return state.limiter


# ---- who is asking ------------------------------------------------------------------------


@lru_cache(maxsize=16)
def _networks(spec: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in spec.split(",") if part.strip())


def _ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None


def _trusted(address: str, networks) -> bool:
    ip = _ip(address)
    return ip is not None and any(ip in net for net in networks)


def client_address(connection: HTTPConnection, settings: Settings) -> str:
    """The socket peer; behind a trusted proxy, the nearest untrusted address in
    ``X-Forwarded-For`` (read right to left, so a client cannot insert its own)."""
    peer = connection.client.host if connection.client else "unknown"
    networks = _networks(settings.trusted_proxies)
    if not networks or not _trusted(peer, networks):
        return peer
    hops = [h.strip() for h in ",".join(connection.headers.getlist("x-forwarded-for")).split(",") if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            return hop if _ip(hop) is not None else peer
    return hops[0] if hops else peer


def is_loopback(address: str) -> bool:
    ip = _ip(address)
    return ip is not None and ip.is_loopback


def exempt_from_public_limits(address: str, settings: Settings) -> bool:
    """Direct loopback callers (tests, checks, the bot on this machine) are not limited
    on public endpoints unless ``INTAKE_RATE_LIMIT_LOOPBACK`` is set. Login throttling
    never asks this: it applies to everyone."""
    return is_loopback(address) and not settings.rate_limit_loopback
