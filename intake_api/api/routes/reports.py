"""/api/v1/reports: the annual complaints performance report's figures (docs/reports.md)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from ...domain.calendar import local_date
from ...services import reports as service
from ..deps import CurrentActor, SessionFactory, storable_parameters
from ..responses import LIST

router = APIRouter(
    prefix="/api/v1/reports", tags=["reports"], dependencies=[Depends(storable_parameters)]
)

# Documented, not enforced by FastAPI: the service's own messages say what is wrong.
DAY = {"format": "date", "pattern": r"^(20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$",
       "examples": ["2025-04-01"]}


@router.get("/annual", responses=LIST)
def annual(
    actor: CurrentActor,
    sessions: SessionFactory,
    start: Annotated[str | None, Query(
        alias="from", max_length=40, json_schema_extra=DAY,
        description="first day of the period, YYYY-MM-DD (with `to`; neither: the last "
        "complete financial year, 1 April to 31 March)",
    )] = None,
    end: Annotated[str | None, Query(
        alias="to", max_length=40, json_schema_extra=DAY,
        description="last day of the period, YYYY-MM-DD, inclusive",
    )] = None,
) -> dict[str, Any]:
    """The figures of the Annual Complaints Performance and Service Improvement report
    (Code 8.1, 9.7) for a period, as the staff Reports page shows them: every table with
    its columns and rows. Needs the ``reports:read`` scope. Bad dates are a 422."""
    actor.require("read_reports")
    period = service.parse_period(start, end, local_date(datetime.now(UTC)))
    with sessions() as s:
        report = service.annual_report(s, period, actor.scopes, actor.described)
    return report.as_json()
