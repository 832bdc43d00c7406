"""Working-day arithmetic over HTTP (DESIGN.md §5 contract)."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from ...api.deps import CurrentActor
from ...domain.calendar import NATIONS, UnknownNation, calendar_for
from ...schemas import WorkingDayOut
from ...services.policies import policy_for

router = APIRouter(prefix="/api/v1/calendar", tags=["calendar"])

MAX_DAYS = 5000


@router.get("/working-days", response_model=WorkingDayOut)
def working_days(
    _actor: CurrentActor,
    start: Annotated[date, Query(description="the received date, YYYY-MM-DD")],
    days: Annotated[int, Query(ge=0, le=MAX_DAYS, description="working days to add")],
    nation: Annotated[str | None, Query(description=", ".join(NATIONS))] = None,
) -> WorkingDayOut:
    """Day 0 is ``start`` rolled forward to a working day; the answer is day 0 plus
    ``days`` working days (numpy ``busday_offset(start, days, roll='forward')``), with
    the nation's bank holidays and the policy's closure days taken out."""
    if not 1900 <= start.year <= 2100:
        raise HTTPException(422, "start: must be between the years 1900 and 2100")
    policy = policy_for(None)
    try:
        calendar = calendar_for(nation or policy.nation, policy.closure_days)
    except UnknownNation as exc:
        raise HTTPException(422, f"nation: {exc}") from exc
    return WorkingDayOut(date=calendar.add_working_days(start, days))
