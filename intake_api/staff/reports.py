"""The staff Reports page: the annual complaints performance report (Code 8.1, 9.7).

Managers and admins only (the ``reports:read`` scope of their role); handlers get 403.
The figures come from ``services.reports``, as ``GET /api/v1/reports/annual`` does;
this module only draws them (SVG bars, each beside its table) and writes CSV files.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request, Response

from ..domain.calendar import local_date
from ..services import reports as report_service
from ..services.errors import Invalid
from ..services.staff import StaffMember
from . import auth
from .rendering import render
from .routes import StaffRoute

router = APIRouter(prefix="/staff/reports", route_class=StaffRoute, include_in_schema=False)

Member = Annotated[StaffMember, Depends(auth.require_member)]
From = Annotated[str | None, Query(alias="from", max_length=40)]
To = Annotated[str | None, Query(alias="to", max_length=40)]

# Measures that need the number of homes from the landlord policy.
NEEDS_HOMES = {"homes", "stage_1_per_1000_homes", "stage_2_per_1000_homes"}
NOT_SET = "not set"


def _sessions(request: Request):
    return request.app.state.db.sessionmaker


def _today() -> Any:
    return local_date(datetime.now(UTC))


def _report(request: Request, member: StaffMember, start: str | None, end: str | None):
    # An empty form field is a date not given (the form's "neither" is the default period).
    period = report_service.parse_period(start or None, end or None, _today())
    with _sessions(request)() as s:
        return report_service.annual_report(
            s, period, frozenset({"reports:read"}) if member.may("read_reports") else frozenset(),
            f"{member.username} ({member.role})")


def empty_text(table: report_service.Table, row: dict[str, Any], key: str = "") -> str:
    """What an empty figure means: "not set" (homes not in the policy), not applicable
    (acknowledgements have no extensions) or nothing to measure."""
    if row.get("measure") in NEEDS_HOMES:
        return NOT_SET
    return "not applicable" if key == "with_extension" else "none to measure"


def cell(value: Any, table: report_service.Table, row: dict[str, Any], key: str) -> str:
    """A figure as people read it: thousands separated, percentages marked."""
    if value is None:
        return empty_text(table, row, key)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        text = f"{value:,.2f}".rstrip("0").rstrip(".") if key.endswith("per_1000_homes") \
            else f"{value:,.1f}".removesuffix(".0")
        percent = key == "share" or row.get("measure") == "escalation_rate"
        return f"{text}%" if percent else text
    return str(value)


@router.get("")
def reports_page(request: Request, member: Member, start: From = None, end: To = None) -> Response:
    auth.require(member, "read_reports")
    today = _today()
    presets = {
        "last_year": report_service.last_financial_year(today),
        "this_year": report_service.financial_year_to_date(today),
    }
    try:
        report = _report(request, member, start, end)
    except Invalid as exc:
        return render(request, "reports.html", {
            "error": exc.message, "start": start or "", "end": end or "", "presets": presets,
            "report": None}, status_code=422)
    query = urlencode({"from": report.period.start.isoformat(), "to": report.period.end.isoformat()})
    return render(request, "reports.html", {
        "report": report, "query": query, "presets": presets, "cell": cell,
        "start": report.period.start.isoformat(), "end": report.period.end.isoformat(),
        "bars": bars, "defaulted": not (start or end),
    })


@router.get("/{key}.csv")
def table_csv(request: Request, member: Member, key: str, start: From = None, end: To = None) -> Response:
    """One table of the report as CSV (UTF-8 with a byte-order mark, for spreadsheets)."""
    auth.require(member, "read_reports")
    try:
        report = _report(request, member, start, end)
        table = report.table(key)
    except Invalid as exc:
        return Response(exc.message + "\n", status_code=422, media_type="text/plain")
    except KeyError:
        known = ", ".join(t.key for t in report.tables)
        return Response(f"no table {key!r}; the tables are: {known}\n", status_code=404,
                        media_type="text/plain")
    name = f"complaints-report-{table.key}-{report.period.start}-to-{report.period.end}.csv"
    return Response("\ufeff" + table_to_csv(table), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def table_to_csv(table: report_service.Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.heading for c in table.columns])
    for row in table.rows:
        writer.writerow([_csv_value(row.get(c.key), table, row) for c in table.columns])
    return out.getvalue()


def _csv_value(value: Any, table: report_service.Table, row: dict[str, Any]) -> Any:
    if value is None:
        return NOT_SET if row.get("measure") in NEEDS_HOMES else ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        # A reason typed by staff must not run as a spreadsheet formula (CSV injection).
        return "'" + value
    return value


# ---- the charts: horizontal bars, drawn on the server ------------------------------------

BAR_WIDTH = 400  # the longest bar, in the SVG's own units
ROW_HEIGHT = 44


def bars(table: report_service.Table) -> dict[str, Any]:
    """Where each bar of ``table``'s chart goes; the template writes the SVG."""
    key = table.chart
    values = [row.get(key) for row in table.rows]
    numbers = [v for v in values if isinstance(v, int | float)]
    top = 100.0 if table.unit == "%" else max([*numbers, 0]) or 1
    items = []
    for i, row in enumerate(table.rows):
        value = row.get(key)
        width = 0 if not isinstance(value, int | float) else round(BAR_WIDTH * value / top, 1)
        shown = cell(value, table, row, key)
        if table.unit == "working days" and value is not None:
            shown += " working days"
        items.append({"label": str(row.get("label", "")), "y": i * ROW_HEIGHT, "width": width,
                      "value": shown})
    summary = "; ".join(f"{item['label']}: {item['value']}" for item in items) or "No figures."
    return {"items": items, "height": max(len(items), 1) * ROW_HEIGHT, "summary": summary,
            "bar_width": BAR_WIDTH}
