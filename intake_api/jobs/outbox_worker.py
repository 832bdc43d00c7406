"""The outbox worker: ``intake outbox-worker`` (``make run`` starts one beside the API).

Delivers resident notices from the outbox (services/outbox.py). Any number may run
against PostgreSQL: each claims its rows with FOR UPDATE SKIP LOCKED.
"""

from __future__ import annotations

import logging
import signal
import threading

from ..core.config import Settings, get_settings
from ..core.db import Database
from ..services import outbox
from ..services.providers import Providers

log = logging.getLogger(__name__)


def run_once(db: Database, providers: Providers, settings: Settings) -> dict[str, int]:
    return outbox.deliver_due(
        db.sessionmaker, providers, max_attempts=settings.outbox_max_attempts,
        base=settings.outbox_backoff_seconds, cap=settings.outbox_backoff_max_seconds,
    )


def run(settings: Settings | None = None, once: bool = False, stop: threading.Event | None = None) -> None:
    settings = settings or get_settings()
    db = Database(settings)
    providers = Providers(settings)
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
    for channel in ("sms", "whatsapp", "telegram", "email"):
        if providers.configured(channel):
            log.info("notices by %s: on", channel)
        else:
            log.info("notices by %s: off (%s)", channel, providers.missing(channel))
    try:
        while not stop.is_set():
            try:
                counts = run_once(db, providers, settings)
                if counts:
                    log.info("outbox pass %s", counts)
            except Exception as exc:  # noqa: BLE001 - the worker outlives one bad pass
                log.warning("outbox pass failed: %s", type(exc).__name__)
            if once:
                break
            stop.wait(settings.outbox_interval_seconds)
    finally:
        db.dispose()
