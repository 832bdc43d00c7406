"""The annual complaints performance report (Code 8.1, 9.7): the figures for a period.

The staff Reports page, its CSV files and ``GET /api/v1/reports/annual`` all show what
``annual_report`` returns, so a figure has one home. Each figure's rule is in
docs/reports.md; in short:

- A period is whole Europe/London days, ``start`` to ``end`` inclusive; by default the
  landlord's last complete financial year (1 April to 31 March).
- Volumes count cases *received* in the period (by their kind now); stage 2 counts
  escalations made in the period.
- Timeliness counts each Code step (acknowledge, respond; stage 1 and 2) *taken* in the
  period, on time if taken by the end of its due date. The due date includes extensions,
  as the Code allows (6.4, 6.15), but an extension given after the deadline it moved
  had already passed does not make a late response on time.
- Time to resolve is working days (the Code's calendar) from the stage's day 0 to the
  response, for responses in the period; the median is reported.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from ..domain import categories
from ..domain.calendar import LONDON, WorkingCalendar, local_date
from ..domain.policy import Policy, PolicyError
from ..models import Case, CaseEvent, Clock
from .access import require
from .errors import Invalid
from .policies import policy_for

YEARS = (2000, 2100)
MAX_PERIOD_DAYS = 5 * 366 + 1  # a report covers at most about five years
TOP_REASONS = 15  # reasons shown one by one; the rest are added up in one row
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

KIND_LABELS = {
    "complaint": "Complaint", "service_request": "Service request", "asb_report": "ASB report",
    "compliment": "Compliment", "enquiry": "Enquiry", "emergency": "Emergency",
    "out_of_scope": "Out of scope", "survey_feedback": "Survey feedback", "unclear": "Not yet clear",
}
CHANNEL_LABELS = {
    "web": "Web chat", "sms": "SMS", "whatsapp": "WhatsApp", "telegram": "Telegram",
    "rest": "API", "phone": "Phone", "email": "Email", "letter": "Letter",
    "in_person": "In person", "other": "Other",
}
STAGE_LABELS = {"stage_1": "Stage 1", "stage_2": "Stage 2"}
STEP_LABELS = {"acknowledge": "Acknowledged", "response": "Responded"}
EXCLUSION_LABELS = {
    "over_12_months": "The issue arose more than 12 months ago (Code 2.3)",
    "legal_proceedings": "Legal proceedings have started (Code 2.2)",
    "previously_considered": "Already considered under the complaints policy (Code 2.2)",
    "other": "Another reason set out in our policy",
    None: "No exclusion named",
}


# ---- the period ------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def bounds(self) -> tuple[datetime, datetime]:
        """The period as UTC instants: from the start of its first London day to the
        start of the day after its last."""
        first = datetime.combine(self.start, time.min, LONDON).astimezone(UTC)
        after = datetime.combine(self.end + timedelta(days=1), time.min, LONDON).astimezone(UTC)
        return first, after


def last_financial_year(today: date) -> Period:
    """The last complete financial year (1 April to 31 March) before ``today``."""
    ends_in = today.year if today >= date(today.year, 4, 1) else today.year - 1
    return Period(date(ends_in - 1, 4, 1), date(ends_in, 3, 31))


def financial_year_to_date(today: date) -> Period:
    """The financial year ``today`` is in, from 1 April to ``today``."""
    return Period(date(last_financial_year(today).end.year, 4, 1), today)


def _parse_day(value: str, name: str) -> date:
    text = value.strip()
    if not _DATE.match(text):
        raise Invalid(f"{name}: must be a date written YYYY-MM-DD, not {value[:40]!r}", name)
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise Invalid(f"{name}: {text} is not a real date", name) from None
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise Invalid(f"{name}: must be between the years {YEARS[0]} and {YEARS[1]}", name)
    return day


def parse_period(start: str | None, end: str | None, today: date) -> Period:
    """The period asked for: both dates, or neither (the last complete financial year).
    Anything else, an empty date too, is Invalid (422) with a sentence saying what is wrong."""
    if start is None and end is None:
        return last_financial_year(today)
    if start is None or end is None:
        missing = "from" if start is None else "to"
        raise Invalid(f"{missing}: give both from and to (YYYY-MM-DD), or neither for the "
                      "last complete financial year", missing)
    period = Period(_parse_day(start, "from"), _parse_day(end, "to"))
    if period.end < period.start:
        raise Invalid(f"to: {period.end} is before from ({period.start})", "to")
    if period.days > MAX_PERIOD_DAYS:
        raise Invalid(f"to: a report covers at most five years ({MAX_PERIOD_DAYS} days), "
                      f"not {period.days}", "to")
    return period


# ---- the report's shape: tables, each with its columns ----------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    visible: bool = True  # codes are in the CSV and JSON; the page shows the label


@dataclass
class Table:
    """One table of the report: shown on the page (with a chart of ``chart`` when set),
    a CSV file of its own, and ``tables[key]`` in the JSON."""

    key: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: list[dict[str, Any]] = field(default_factory=list)
    chart: str | None = None  # the column drawn as bars, labelled by the "label" column
    unit: str = ""  # of the charted column: "%", "working days" or "" (a count)

    def as_json(self) -> dict[str, Any]:
        return {"title": self.title, "description": self.description,
                "columns": [{"key": c.key, "heading": c.heading} for c in self.columns],
                "rows": self.rows}


@dataclass
class Report:
    period: Period
    generated_at: datetime
    policy_name: str
    homes: int | None
    tables: list[Table]
    hazards_available: bool
    hazards_note: str

    def table(self, key: str) -> Table:
        for t in self.tables:
            if t.key == key:
                return t
        raise KeyError(key)

    def as_json(self) -> dict[str, Any]:
        return {
            "period": {"from": self.period.start.isoformat(), "to": self.period.end.isoformat()},
            "generated_at": self.generated_at.isoformat(),
            "policy": self.policy_name,
            "homes": self.homes,
            "hazards": {"available": self.hazards_available, "note": self.hazards_note},
            "tables": {t.key: t.as_json() for t in self.tables},
        }


# ---- the figures ---------------------------------------------------------------------


def _share(part: int, whole: int) -> float | None:
    """A percentage to one decimal place; None when there is nothing to divide by."""
    return round(100 * part / whole, 1) if whole else None


def _per_thousand(count: int, homes: int | None) -> float | None:
    return round(1000 * count / homes, 2) if homes else None


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


class _Calendars:
    """Each case's working calendar (its policy and nation), built once per pair."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], WorkingCalendar] = {}

    def __call__(self, policy: str, nation: str) -> WorkingCalendar:
        key = (policy, nation)
        if key not in self._cache:
            try:
                found = policy_for(policy)
            except PolicyError:  # a policy file since removed: the one in force
                found = policy_for(None)
            self._cache[key] = found.calendar(nation)
        return self._cache[key]


def _working_days(calendar: WorkingCalendar, day_0: date, done: date) -> int:
    """Working days from a stage's day 0 (rolled forward) to the day a step was taken."""
    return max(0, calendar.working_days_between(calendar.roll_forward(day_0), done))


class _Reasons:
    """Stated reasons counted together when they are the same words, however spaced or
    capitalised; each shown as first written."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self._shown: dict[str, str] = {}

    def add(self, value: Any) -> None:
        text = " ".join(str(value or "").split())[:300] or "No reason recorded"
        self.counts[self._shown.setdefault(text.casefold(), text)] += 1


def _reason_rows(reasons: _Reasons, key: str) -> list[dict[str, Any]]:
    top = sorted(reasons.counts.items(), key=lambda item: (-item[1], item[0].casefold()))
    rows = [{"reason": reason, key: n} for reason, n in top[:TOP_REASONS]]
    rest = top[TOP_REASONS:]
    if rest:
        rows.append({"reason": f"{len(rest)} other reasons, each given less often",
                     key: sum(n for _, n in rest)})
    return rows


def annual_report(session: Session, period: Period, scopes: frozenset[str], who: str,
                  policy: Policy | None = None, now: datetime | None = None) -> Report:
    """Every figure of the report for ``period``; needs the ``reports:read`` scope."""
    require(scopes, "read_reports", who)
    policy = policy or policy_for(None)
    first, after = period.bounds()
    calendars = _Calendars()

    def in_period(column):
        return and_(column >= first, column < after)

    # Cases received in the period, by kind and channel.
    received = session.execute(
        select(Case.kind, Case.channel, func.count())
        .where(in_period(Case.received_at))
        .group_by(Case.kind, Case.channel)
    ).all()
    by_kind: Counter[str] = Counter()
    by_channel: Counter[str] = Counter()
    complaints_by_channel: Counter[str] = Counter()
    for kind, channel, n in received:
        by_kind[kind] += n
        by_channel[channel] += n
        if kind == "complaint":
            complaints_by_channel[channel] += n
    stage_1_complaints = by_kind["complaint"]

    # Escalations, extensions and declines made in the period (from the event log).
    events = session.execute(
        select(CaseEvent.type, CaseEvent.at, CaseEvent.data, Case.kind)
        .join(Case, Case.id == CaseEvent.case_id)
        .where(CaseEvent.type.in_(("escalated", "extended", "declined")), in_period(CaseEvent.at))
    ).all()
    escalations = 0
    extensions: dict[str, Counter[str]] = {s: Counter() for s in STAGE_LABELS}
    extension_reasons = _Reasons()
    declines: dict[Any, Counter[str]] = {}
    decline_reasons = _Reasons()
    for type_, at, data, kind in events:
        data = data or {}
        if type_ == "escalated":
            escalations += 1
        elif type_ == "extended":
            stage = data.get("stage") if data.get("stage") in STAGE_LABELS else "stage_1"
            counts = extensions[stage]
            counts["extensions"] += 1
            counts["working_days"] += int(data.get("days") or 0)
            counts["beyond_limit"] += 1 if data.get("good_reason_beyond_limit") else 0
            counts["after_deadline"] += 1 if _extended_late(at, data) else 0
            extension_reasons.add(data.get("reason"))
        else:
            exclusion = data.get("exclusion") or None
            exclusion = exclusion if exclusion in EXCLUSION_LABELS else "other"
            declines.setdefault(exclusion, Counter())["complaints" if kind == "complaint" else "other"] += 1
            decline_reasons.add(data.get("reasons"))

    timeliness, resolve = _timeliness(session, period, in_period, calendars)
    outstanding = _outstanding(session, period, after)

    # What went wrong, from the definitions of complaints received in the period.
    category_counts: Counter[str] = Counter()
    for (definition,) in session.execute(
        select(Case.definition).where(Case.kind == "complaint", in_period(Case.received_at))
    ):
        points = (definition or {}).get("points") or []
        category_counts.update(categories.categories_of_complaint(points))

    homes = policy.homes
    tables = [
        _summary_table(stage_1_complaints, escalations, homes, sum(sum(c.values()) for c in declines.values())),
        Table("volumes_by_kind", "Cases received, by kind",
              "Every case received in the period, by what it is now.",
              (Column("kind", "Kind code", False), Column("label", "Kind"),
               Column("cases", "Cases received")),
              [{"kind": k, "label": KIND_LABELS.get(k, k), "cases": by_kind[k]}
               for k in KIND_LABELS if by_kind[k]] or [],
              chart="cases"),
        Table("volumes_by_stage", "Complaints, by stage",
              "Stage 1: complaints received in the period. Stage 2: escalations made in the period.",
              (Column("stage", "Stage code", False), Column("label", "Stage"),
               Column("complaints", "Complaints")),
              [{"stage": "stage_1", "label": "Stage 1", "complaints": stage_1_complaints},
               {"stage": "stage_2", "label": "Stage 2", "complaints": escalations}],
              chart="complaints"),
        Table("volumes_by_channel", "Cases received, by channel",
              "How residents reached us: every case, and the complaints among them.",
              (Column("channel", "Channel code", False), Column("label", "Channel"),
               Column("cases", "All cases"), Column("complaints", "Complaints")),
              [{"channel": c, "label": CHANNEL_LABELS.get(c, c), "cases": by_channel[c],
                "complaints": complaints_by_channel[c]}
               for c in CHANNEL_LABELS if by_channel[c]],
              chart="cases"),
        _timeliness_table(timeliness, outstanding),
        Table("extensions", "Extensions, by stage",
              "Response deadlines extended in the period (Code 6.4, 6.15): how many, the working "
              "days added, how many went beyond the Code's limit with a good reason, and how many "
              "were given after the deadline had already passed.",
              (Column("stage", "Stage code", False), Column("label", "Stage"),
               Column("extensions", "Extensions"), Column("working_days", "Working days added"),
               Column("beyond_limit", "Beyond the Code's limit"),
               Column("after_deadline", "Given after the deadline")),
              [{"stage": s, "label": label, **{k: extensions[s][k] for k in
                ("extensions", "working_days", "beyond_limit", "after_deadline")}}
               for s, label in STAGE_LABELS.items()],
              chart="extensions"),
        Table("extension_reasons", "Reasons for extensions",
              "The reasons staff gave, most given first (the same words counted together).",
              (Column("reason", "Reason"), Column("extensions", "Extensions")),
              _reason_rows(extension_reasons, "extensions")),
        Table("declines", "Cases refused, by exclusion",
              "Cases declined in the period (Code 2.1-2.5; 8.1b: the types of complaint refused).",
              (Column("exclusion", "Exclusion code", False), Column("label", "Exclusion"),
               Column("complaints", "Complaints"), Column("other", "Other cases"),
               Column("total", "Total")),
              [{"exclusion": e, "label": EXCLUSION_LABELS[e], "complaints": declines[e]["complaints"],
                "other": declines[e]["other"], "total": sum(declines[e].values())}
               for e in EXCLUSION_LABELS if e in declines],
              chart="total"),
        Table("decline_reasons", "Reasons for refusals",
              "The reasons given to residents, most given first.",
              (Column("reason", "Reason"), Column("declines", "Refusals")),
              _reason_rows(decline_reasons, "declines")),
        _resolve_table(resolve),
        Table("top_categories", "What went wrong: top categories",
              "Complaints received in the period, by the categories their definitions name "
              "(a complaint can name several; see docs/reports.md). Share of complaints.",
              (Column("category", "Category code", False), Column("label", "Category"),
               Column("complaints", "Complaints"), Column("share", "Share of complaints (%)")),
              [{"category": c, "label": categories.CATEGORY_LABELS.get(c, c), "complaints": n,
                "share": _share(n, stage_1_complaints)}
               for c, n in sorted(category_counts.items(), key=lambda i: (-i[1], i[0]))],
              chart="complaints"),
    ]
    hazards_available, hazards_note, hazard_table = _hazards(session, period, now)
    if hazard_table is not None:
        tables.append(hazard_table)
    return Report(period=period, generated_at=now or datetime.now(UTC), policy_name=policy.name,
                  homes=homes, tables=tables, hazards_available=hazards_available,
                  hazards_note=hazards_note)


def _extended_late(at: datetime, data: dict[str, Any]) -> bool:
    """An extension given after the deadline it moved had passed (Code 6.4: the resident
    is told when the landlord cannot respond in time, so before, not after)."""
    try:
        previous = date.fromisoformat(str(data.get("previous_due")))
    except ValueError:
        return False
    return local_date(at) > previous


def _summary_table(stage_1: int, stage_2: int, homes: int | None, declined: int) -> Table:
    rows = [
        {"measure": "stage_1_complaints", "label": "Stage 1 complaints received", "value": stage_1},
        {"measure": "stage_2_complaints", "label": "Complaints escalated to stage 2", "value": stage_2},
        {"measure": "escalation_rate", "label": "Escalation rate (stage 2 as % of stage 1)",
         "value": _share(stage_2, stage_1)},
        {"measure": "homes", "label": "Homes (from the landlord policy)", "value": homes},
        {"measure": "stage_1_per_1000_homes", "label": "Stage 1 complaints per 1,000 homes",
         "value": _per_thousand(stage_1, homes)},
        {"measure": "stage_2_per_1000_homes", "label": "Stage 2 complaints per 1,000 homes",
         "value": _per_thousand(stage_2, homes)},
        {"measure": "declined", "label": "Cases refused (declined)", "value": declined},
    ]
    return Table("summary", "Summary",
                 "The headline figures. Per 1,000 homes needs the number of homes in the "
                 "landlord policy (`homes`); without it they are not set.",
                 (Column("measure", "Measure code", False), Column("label", "Measure"),
                  Column("value", "Value")), rows)


def _timeliness(session: Session, period: Period, in_period, calendars: _Calendars):
    """Each Code step taken in the period: on time or not; and the days each response took."""
    start = aliased(Clock)  # the stage's acknowledge clock: its day 0
    rows = session.execute(
        select(Clock.case_id, Clock.stage, Clock.name, Clock.due, Clock.completed_at,
               Clock.extension_days, start.started_on, Case.received_at, Case.stage,
               Case.policy, Case.nation)
        .join(Case, Case.id == Clock.case_id)
        .outerjoin(start, and_(start.case_id == Clock.case_id, start.stage == Clock.stage,
                               start.name == "acknowledge"))
        .where(Clock.stage.in_(tuple(STAGE_LABELS)), in_period(Clock.completed_at))
    ).all()
    late_extended = _late_extended_responses(session, in_period)
    counts: dict[tuple[str, str], Counter[str]] = {
        (s, n): Counter() for s in STAGE_LABELS for n in STEP_LABELS}
    resolve: dict[str, list[int]] = {"stage_1": [], "stage_2": [], "final": []}
    for case_id, stage, name, due, completed_at, extension_days, day_0, received_at, \
            current_stage, policy, nation in rows:
        done = local_date(completed_at)
        late_extension = name == "response" and (case_id, stage) in late_extended
        on_time = done <= due and not late_extension
        c = counts[(stage, name)]
        c["done"] += 1
        c["within"] += 1 if on_time else 0
        if name == "response":
            c["with_extension"] += 1 if extension_days else 0
            calendar = calendars(policy, nation)
            resolve[stage].append(_working_days(calendar, day_0 or local_date(received_at), done))
            # The final response: stage 2's, or stage 1's when the complaint went no further.
            if stage == "stage_2" or current_stage == "stage_1":
                resolve["final"].append(_working_days(calendar, local_date(received_at), done))
    return counts, resolve


def _late_extended_responses(session: Session, in_period) -> set[tuple[int, str]]:
    """(case, stage) of responses in the period whose deadline was extended after it passed."""
    responded = (
        select(Clock.case_id).where(Clock.name == "response", Clock.stage.in_(tuple(STAGE_LABELS)),
                                    in_period(Clock.completed_at))
    )
    late = set()
    for case_id, at, data in session.execute(
        select(CaseEvent.case_id, CaseEvent.at, CaseEvent.data)
        .where(CaseEvent.type == "extended", CaseEvent.case_id.in_(responded))
    ):
        if _extended_late(at, data or {}):
            late.add((case_id, (data or {}).get("stage") or "stage_1"))
    return late


def _outstanding(session: Session, period: Period, after: datetime) -> Counter[tuple[str, str]]:
    """Steps due in the period and not taken by its end (nor stopped: escalated past,
    declined, closed or reclassified)."""
    rows = session.execute(
        select(Clock.stage, Clock.name, func.count())
        .where(Clock.stage.in_(tuple(STAGE_LABELS)), Clock.cancelled.is_(False),
               Clock.due >= period.start, Clock.due <= period.end,
               or_(Clock.completed_at.is_(None), Clock.completed_at >= after))
        .group_by(Clock.stage, Clock.name)
    ).all()
    return Counter({(stage, name): n for stage, name, n in rows})


def _timeliness_table(counts, outstanding) -> Table:
    rows = []
    for stage, stage_label in STAGE_LABELS.items():
        for step, step_label in STEP_LABELS.items():
            c = counts[(stage, step)]
            rows.append({
                "stage": stage, "step": step, "label": f"{stage_label}: {step_label.lower()}",
                "done": c["done"], "within": c["within"], "share": _share(c["within"], c["done"]),
                "with_extension": c["with_extension"] if step == "response" else None,
                "not_done_by_end": outstanding[(stage, step)],
            })
    return Table(
        "timeliness", "Within the Code's timescales",
        "Each step taken in the period, and the share taken on time (Code 6.2-6.4, "
        "6.11-6.15; the tenant satisfaction measure CH02). A response is on time by its "
        "extended deadline unless the extension came after the deadline had passed. The "
        "last column counts steps due in the period that were still not taken at its end.",
        (Column("stage", "Stage code", False), Column("step", "Step code", False),
         Column("label", "Step"), Column("done", "Taken in the period"),
         Column("within", "On time"), Column("share", "On time (%)"),
         Column("with_extension", "With an extension"),
         Column("not_done_by_end", "Due, not taken by the end")),
        rows, chart="share", unit="%")


def _resolve_table(resolve: dict[str, list[int]]) -> Table:
    labels = {"stage_1": "Stage 1: received to stage 1 response",
              "stage_2": "Stage 2: escalated to stage 2 response",
              "final": "Received to final response"}
    rows = [{"measure": key, "label": label, "responses": len(resolve[key]),
             "median_working_days": _median(resolve[key]),
             "longest_working_days": max(resolve[key]) if resolve[key] else None}
            for key, label in labels.items()]
    return Table(
        "time_to_resolve", "Time to resolve (median, working days)",
        "Responses sent in the period: working days from the stage's day 0 (the date received "
        "or escalated, rolled forward to a working day) to the response. The final response "
        "is stage 2's, or stage 1's when the complaint has not been escalated.",
        (Column("measure", "Measure code", False), Column("label", "Measure"),
         Column("responses", "Responses"), Column("median_working_days", "Median (working days)"),
         Column("longest_working_days", "Longest (working days)")),
        rows, chart="median_working_days", unit="working days")


HAZARDS_NOT_AVAILABLE = ("Hazard clocks met and missed are not available: the hazard "
                         "clocks (Awaab's Law) give no figures for a period.")
CLOCK_LABELS = {"make_safe": "make safe", "investigate": "investigate", "summary": "written summary",
                "safety_work": "safety work", "further_work": "further work started"}


def _hazards(session: Session, period: Period, now: datetime | None) -> tuple[bool, str, Table | None]:
    """Awaab's Law hazard clocks that fell due in the period, met or missed, from the
    hazard clocks' own count (services.hazards); "not available" without it."""
    try:
        from .hazards import hazard_clocks_met
    except ImportError:
        return False, HAZARDS_NOT_AVAILABLE, None
    rows = []
    for tally in hazard_clocks_met(session, period.start, period.end, now):
        for clock, counts in sorted(tally.clocks.items()):
            met, missed = counts.get("met", 0), counts.get("missed", 0)
            rows.append({
                "hazard_class": tally.hazard_class, "clock": clock,
                "label": f"{tally.label}: {CLOCK_LABELS.get(clock, clock.replace('_', ' '))}",
                "due": met + missed, "met": met, "missed": missed, "share": _share(met, met + missed),
            })
    table = Table(
        "hazard_clocks", "Hazard clocks met (Awaab's Law)",
        "Hazard clocks that fell due in the period, by hazard class and clock: met (the step "
        "recorded in time) or missed (late, or still not done). Clocks not yet due are left out.",
        (Column("hazard_class", "Hazard class code", False), Column("clock", "Clock code", False),
         Column("label", "Hazard and clock"), Column("due", "Fell due"), Column("met", "Met"),
         Column("missed", "Missed"), Column("share", "Met (%)")),
        rows, chart="share", unit="%")
    return True, "", table
