"""The intake API application: /api/v1, /healthz, /metrics, the staff pages and web chat."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI

from . import staff, webchat
from .api.routes import calendar, cases, health, notices, policy, reports
from .core.config import Settings, get_settings
from .core.db import Database
from .core.errors import BodySizeLimit, install_error_handlers
from .core.logging import RequestId
from .services.cases import sweep_clocks
from .staff import hazards as staff_hazards
from .staff import notices as staff_notices
from .staff import reports as staff_reports

log = logging.getLogger(__name__)


async def _sla_monitor(db: Database, interval: float) -> None:
    while True:
        try:
            counts = await asyncio.to_thread(sweep_clocks, db.sessionmaker)
            if counts["at_risk"] or counts["breached"]:
                log.info("sla sweep %s", counts)
        except Exception as exc:  # noqa: BLE001 - the monitor must outlive one bad sweep
            log.warning("sla sweep failed: %s", type(exc).__name__)
        await asyncio.sleep(interval)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        monitor = None
        if settings.sla_monitor_interval_seconds > 0:
            monitor = asyncio.create_task(_sla_monitor(app.state.db, settings.sla_monitor_interval_seconds))
        yield
        if monitor:
            monitor.cancel()
        app.state.db.dispose()

    app = FastAPI(
        title="Resident intake API",
        version="0.1.0",
        description="System of record for complaints and service requests under the "
        "Housing Ombudsman Complaint Handling Code 2024.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.db = Database(settings)
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(cases.router)
    app.include_router(notices.router)
    app.include_router(notices.webhooks)
    app.include_router(calendar.router)
    app.include_router(reports.router)
    app.include_router(policy.router)
    app.include_router(staff.router)
    app.include_router(staff_notices.router)
    app.include_router(staff_reports.router)
    app.include_router(staff_hazards.router)
    app.include_router(webchat.router)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(RequestId)  # outermost of ours: every log line names its request
    return app
