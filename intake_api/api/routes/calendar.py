"""Working-day arithmetic over HTTP (a contract: docs/api-contract.md)."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from ...api.deps import CurrentActor, storable_parameters
from ...domain.calendar import calendar_for
from ...schemas import Nation, WorkingDayOut
from ...services.errors import Invalid
from ...services.policies import policy_for
from ..responses import LIST

router = APIRouter(
    prefix="/api/v1/calendar", tags=["calendar"], dependencies=[Depends(storable_parameters)]
)

MAX_DAYS = 5000
YEARS = (1900, 2100)


@router.get("/working-days", response_model=WorkingDayOut, responses=LIST)
def working_days(
    actor: CurrentActor,
    start: Annotated[date, Query(
        description=f"the received date, YYYY-MM-DD, in the years {YEARS[0]}-{YEARS[1]}",
        json_schema_extra={"pattern": "^(19[0-9]{2}|20[0-9]{2}|2100)-"},
    )],
    days: Annotated[int, Query(ge=0, le=MAX_DAYS, description="working days to add")],
    nation: Annotated[Nation | None, Query(description="else the policy's nation")] = None,
) -> WorkingDayOut:
    """Day 0 is ``start`` rolled forward to a working day; the answer is day 0 plus
    ``days`` working days (numpy ``busday_offset(start, days, roll='forward')``), with
    the nation's bank holidays and the policy's closure days taken out."""
    actor.require("working_days")
    if not YEARS[0] <= start.year <= YEARS[1]:
        raise Invalid(f"start: must be between the years {YEARS[0]} and {YEARS[1]}", "start")
    policy = policy_for(None)
    calendar = calendar_for(nation or policy.nation, policy.closure_days)
    return WorkingDayOut(date=calendar.add_working_days(start, days))
