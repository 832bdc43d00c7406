"""Request and response bodies of /api/v1 (pydantic). Field names speak the Code's language."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from .core.text import MESSAGE as UNSTORABLE
from .core.text import storable
from .domain.calendar import NATIONS
from .domain.hazards import STEPS as HAZARD_STEPS
from .domain.hazards import TENURES

Kind = Literal[
    "complaint",
    "service_request",
    "asb_report",
    "compliment",
    "enquiry",
    "emergency",
    "out_of_scope",
    "survey_feedback",
    "unclear",
]
KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]
Channel = Literal[
    "web", "sms", "whatsapp", "telegram", "rest", "phone", "email", "letter", "in_person", "other"
]
CHANNELS: tuple[str, ...] = Channel.__args__  # type: ignore[attr-defined]
Nation = Literal["england", "wales", "scotland", "northern_ireland"]
ContactMethod = Literal["phone", "email", "sms", "letter", "whatsapp", "telegram"]
Consent = Literal["given", "pending", "not_needed"]
Stage = Literal["stage_1", "stage_2"]
Status = Literal["open", "acknowledged", "responded", "closed", "declined"]
STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]
SlaState = Literal["running", "at_risk", "overdue"]
# Filters of the queue: the case's flags, and two derived ones.
Flag = Literal[
    "emergency", "vulnerability", "on_behalf", "prior_report", "asked_for_person",
    "possible_exclusion", "consent_pending", "adjustments", "notice_not_delivered",
]
FLAGS: tuple[str, ...] = Flag.__args__  # type: ignore[attr-defined]

assert set(Nation.__args__) == set(NATIONS)  # type: ignore[attr-defined]

ShortText = Annotated[str, Field(max_length=500)]
LongText = Annotated[str, Field(max_length=20_000)]


# Required text: at least so many characters, not all of them spaces.
_NOT_BLANK = r"\S"
Point = Annotated[str, Field(min_length=1, max_length=20_000, pattern=_NOT_BLANK)]
Reason = Annotated[str, Field(min_length=3, max_length=2000, pattern=_NOT_BLANK)]
Statement = Annotated[str, Field(min_length=3, max_length=20_000, pattern=_NOT_BLANK)]
HandlerName = Annotated[str, Field(min_length=1, max_length=100, pattern=_NOT_BLANK)]


# JSON true/false only: 0, 1 and "yes" are refused, as the OpenAPI document says.
YesNo = Annotated[bool, Field(strict=True)]


def _json_number(value: Any) -> Any:
    if isinstance(value, (bool, str)):
        # ValueError, not TypeError: pydantic reports only ValueError as a field's error.
        raise ValueError("must be a number, not text or true/false")  # noqa: TRY004
    return value


def _json_text(value: Any) -> Any:
    if not isinstance(value, (str, date)):
        raise ValueError("must be a date written as text, e.g. 2026-11-30")  # noqa: TRY004
    return value


# A date or time as ISO text (never a number, which pydantic would read as a timestamp).
IsoDate = Annotated[date, BeforeValidator(_json_text)]

# Years the service accepts in a timestamp (the pattern says so in the OpenAPI document).
YEARS = (2000, 2100)
_YEAR_PATTERN = "^(20[0-9]{2}|2100)-"


def _sane_moment(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("needs a timezone, e.g. 2026-11-30T09:00:00Z")
    if not YEARS[0] <= value.year <= YEARS[1]:
        raise ValueError(f"must be between the years {YEARS[0]} and {YEARS[1]}")
    return value


# A moment in time from a client: ISO 8601 with a timezone, in a year the clocks can use.
Moment = Annotated[datetime, BeforeValidator(_json_text), AfterValidator(_sane_moment),
                   Field(json_schema_extra={"pattern": _YEAR_PATTERN})]


def _tidy(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    return value


class Strict(BaseModel):
    """A request body: unknown fields refused, text checked and trimmed.

    Length limits apply to the text as sent (as the OpenAPI document says), and
    surrounding spaces are trimmed after. Text no database can store (NUL, unpaired
    surrogates) is refused with the field named."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _storable_and_trimmed(cls, value: Any) -> Any:
        if isinstance(value, BaseModel):
            return value
        if not storable(value):
            raise ValueError(UNSTORABLE)
        return _tidy(value)


TelegramChat = Annotated[str, Field(max_length=21, pattern=r"^-?[0-9]{1,20}$")]


class Complainant(Strict):
    name: ShortText | None = None
    email: ShortText | None = None
    phone: Annotated[str, Field(max_length=40)] | None = None
    postcode: Annotated[str, Field(max_length=12)] | None = None
    address: ShortText | None = None
    preferred_contact: ContactMethod | None = None
    # When or how to reach them beyond the method ("after 5pm", "not Tuesday mornings"):
    # a preference, not a reasonable adjustment (Code 5.10), so it raises no flag.
    contact_note: ShortText | None = None
    reasonable_adjustments: LongText | None = None
    # The Telegram chat they wrote from, so notices can reach them there (docs/outbound.md).
    telegram_chat_id: TelegramChat | None = None

    @field_validator("contact_note")
    @classmethod
    def _no_empty_note(cls, note: str | None) -> str | None:
        return (note or "").strip() or None


class Representative(Strict):
    name: ShortText | None = None
    relationship: ShortText | None = None
    organisation: ShortText | None = None
    email: ShortText | None = None
    phone: Annotated[str, Field(max_length=40)] | None = None
    # The representative's own postal address (a law centre, an MP's office): never the
    # resident's home, which stays on the complainant.
    address: ShortText | None = None
    # When and how to reach the representative, and any need of their own ("text only, I'm
    # deaf", "my break is 2 to 4"): kept apart from the resident's adjustments.
    contact_note: ShortText | None = None
    # Housing Solutions 3.4 / Southern Housing 2.3: written consent unless a legal representative.
    consent: Consent = "pending"
    legal_representative: YesNo = False
    telegram_chat_id: TelegramChat | None = None


class Definition(Strict):
    """The complaint definition (Code 5.6): what went wrong, point by point, and the outcome wanted."""

    points: Annotated[list[LongText], Field(max_length=50)] = []
    desired_outcome: LongText | None = None
    started: ShortText | None = None
    started_on: IsoDate | None = None
    # When the resident told us before and what came of it, in their words ("rang twice in
    # May, an engineer came once and said it needed a part"): the history a handler checks.
    reported_before: LongText | None = None
    # The resident said yes when it was read back to them before filing (QA Framework 3.1).
    confirmed: YesNo = False

    @field_validator("points")
    @classmethod
    def _drop_blank_points(cls, points: list[str]) -> list[str]:
        return [p for p in points if p.strip()]


class ServiceRequestDetails(Strict):
    description: LongText | None = None
    location: ShortText | None = None
    access: ShortText | None = None
    priority: Literal["emergency", "urgent", "routine"] = "routine"
    # Asked for an emergency: who at home is especially at risk, in their words.
    at_risk: ShortText | None = None


class Flags(Strict):
    emergency: YesNo = False
    vulnerability: YesNo = False
    on_behalf: YesNo = False
    prior_report: YesNo = False
    asked_for_person: YesNo = False
    possible_exclusion: YesNo = False
    exclusion_reason: ShortText | None = None


class TranscriptEntry(Strict):
    sender: Literal["resident", "bot", "staff"]
    text: LongText
    at: Moment | None = None


class Attachment(Strict):
    url: Annotated[str, Field(max_length=2000, pattern=r"^https?://")]
    content_type: Annotated[str, Field(max_length=100)] | None = None


# Awaab's Law (docs/hazards.md): the tenancy decides whether hazard clocks apply.
Tenure = Literal["social_rent", "affordable_rent", "shared_ownership", "leasehold", "other"]
HazardStep = Literal["investigated", "summary_sent", "safety_work_done", "further_work_started"]
assert set(Tenure.__args__) == set(TENURES)  # type: ignore[attr-defined]
assert set(HazardStep.__args__) == set(HAZARD_STEPS)  # type: ignore[attr-defined]


def _policy_hazard_classes(schema: dict[str, Any]) -> None:
    """The OpenAPI document lists the hazard classes of the policy in force (read when the
    document is built; the service checks every request against the same policy)."""
    from .services.policies import policy_for  # late: the services import this module

    schema["enum"] = list(policy_for(None).hazards.classes)


HazardClassName = Annotated[str, Field(
    min_length=1, max_length=40, pattern=r"^[a-z0-9][a-z0-9_]*$",
    description="A hazard class of the landlord's policy: `emergency` and `damp_mould` "
    "(the law's), and any the policy adds.",
    json_schema_extra=_policy_hazard_classes,
)]


class HazardIn(Strict):
    """A hazard the case reports (Awaab's Law). Awareness is the case's ``received_at``
    (when the resident first told us) unless ``aware_at`` says otherwise."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    hazard_class: HazardClassName = Field(alias="class")
    aware_at: Moment | None = None


class HazardSet(Strict):
    """Staff set, change or (with ``class: null``) remove a case's hazard; ``tenure`` too."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    hazard_class: HazardClassName | None = Field(alias="class")
    aware_at: Moment | None = None
    tenure: Tenure | None = None
    reason: ShortText | None = None


class HazardStepRequest(Strict):
    """When the step happened (default: now); it must not be before awareness."""

    at: Moment | None = None
    note: LongText | None = None
    # summary-sent only: the written summary, sent to the tenant as a notice (by their
    # preferred contact, or a letter to print). Without it, staff sent it themselves.
    summary: Annotated[str, Field(min_length=3, max_length=20_000, pattern=r"\S")] | None = None
    # investigated only: why further preventative work cannot begin within 5 working days;
    # its clock then allows the policy's weeks instead (the law: 12).
    not_reasonably_practicable: Reason | None = None


class CaseCreate(Strict):
    kind: Kind
    channel: Channel
    conversation_id: Annotated[str, Field(max_length=200)] | None = None
    received_at: Moment | None = None
    nation: Nation | None = None
    summary: LongText | None = None
    complainant: Complainant = Complainant()
    representative: Representative | None = None
    definition: Definition = Definition()
    service_request: ServiceRequestDetails | None = None
    flags: Flags = Flags()
    linked_references: Annotated[list[Annotated[str, Field(max_length=40)]], Field(max_length=20)] = []
    transcript: Annotated[list[TranscriptEntry], Field(max_length=500)] = []
    attachments: Annotated[list[Attachment], Field(max_length=20)] = []
    tenure: Tenure | None = None
    hazard: HazardIn | None = None
    # A request for stage 2 of a complaint whose stage 1 was not handled here (before this
    # service, or by letter): filed at stage 2 with its stage 2 clocks (Code 6.11-6.12); the
    # earlier complaint's reference, when known, is in linked_references. Other kinds have
    # no stage, and ignore it (a schema-valid body is never refused for it).
    stage: Stage | None = None


class ClockOut(BaseModel):
    stage: str
    name: str
    started_on: date
    due: date
    projected: bool
    extension_days: int
    completed_at: datetime | None
    state: str
    working_days_left: int | None
    nation: str
    calendar_version: str


class SlaOut(BaseModel):
    nation: str
    calendar_version: str | None = None
    acknowledge_due: date | None = None
    response_due: date | None = None
    response_projected: bool | None = None
    target_due: date | None = None
    state: str | None = None
    clocks: list[ClockOut] = []


class HazardClockOut(BaseModel):
    name: str
    unit: Literal["hours", "working_days"]
    started_at: datetime
    due: str  # as in HazardOut.due
    due_at: datetime  # the last instant that meets it
    due_on: date | None
    completed_at: datetime | None
    state: str
    hours_left: int | None  # hour clocks, while running
    working_days_left: int | None  # working-day clocks, while running


class HazardOut(BaseModel):
    # "class" in JSON, however the case is serialised.
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    hazard_class: str = Field(serialization_alias="class")
    label: str
    aware_at: datetime
    # False for a tenure Awaab's Law does not cover (shared ownership, leasehold): no clocks.
    applies: bool
    state: str | None = None
    # Clock name → deadline: an ISO datetime with offset (hour clocks, Europe/London) or
    # an ISO date (working-day clocks).
    due: dict[str, str] = {}
    clocks: list[HazardClockOut] = []


class OmbudsmanOut(BaseModel):
    name: str
    phone: str
    email: str
    website: str
    address: str | None = None


class EventOut(BaseModel):
    id: int
    at: datetime
    type: str
    actor: str
    data: dict


class CaseOut(BaseModel):
    reference: str
    kind: Kind
    stage: Stage | None
    status: Status
    channel: Channel
    conversation_id: str | None
    received_at: datetime
    nation: str
    policy: str
    summary: str | None
    complainant: dict
    representative: dict | None
    definition: dict
    definition_confirmed: bool
    service_request: dict | None
    flags: dict
    linked_references: list[str]
    attachments: list[dict]
    transcript: list[dict]
    handler_stage_1: str | None
    handler_stage_2: str | None
    sla: SlaOut
    ombudsman: OmbudsmanOut
    created_at: datetime
    updated_at: datetime
    events: list[EventOut] | None = None
    tenure: Tenure | None = None
    hazard: HazardOut | None = None


class CaseSummary(BaseModel):
    reference: str
    kind: Kind
    stage: Stage | None
    status: Status
    channel: Channel
    received_at: datetime
    complainant_name: str | None
    next_due: date | None
    sla_state: str | None
    flags: dict
    # The soonest deadline of any kind (the queue's order), and the hazard's clocks' state.
    next_due_at: datetime | None = None
    hazard_class: str | None = None
    hazard_state: str | None = None


class CasePage(BaseModel):
    items: list[CaseSummary]
    total: int
    total_capped: bool = False  # True: there are more than ``total`` matching cases
    page: int
    page_size: int


class LookupRequest(Strict):
    """A case reference and one contact detail on the case that proves it is theirs."""

    reference: Annotated[str, Field(max_length=40)]
    phone: Annotated[str, Field(max_length=40)] | None = None
    postcode: Annotated[str, Field(max_length=12)] | None = None
    email: Annotated[str, Field(max_length=254)] | None = None


class CaseStatusOut(BaseModel):
    reference: str
    kind: Kind
    stage: Stage | None
    status: Status
    received_at: datetime
    acknowledge_due: date | None
    response_due: date | None
    ombudsman: OmbudsmanOut


class AcknowledgeRequest(Strict):
    handler: Annotated[str, Field(max_length=100)] | None = None
    acknowledged_at: Moment | None = None
    note: LongText | None = None
    # Code 5.7: what in the complaint we are not responsible for, told to the resident.
    not_responsible_for: LongText | None = None


class DefinitionEdit(Strict):
    points: Annotated[list[Point], Field(min_length=1, max_length=50)]
    desired_outcome: LongText | None = None
    reason: ShortText | None = None
    confirmed: YesNo = False


class ReclassifyRequest(Strict):
    kind: Kind
    reason: Reason


class ExtendRequest(Strict):
    days: Annotated[int, Field(ge=1, le=60), BeforeValidator(_json_number)]
    reason: Reason
    # Beyond the Code's limit only with a recorded good reason (Code 6.4 / 6.15).
    good_reason_beyond_limit: Annotated[str, Field(max_length=2000)] | None = None


class RespondRequest(Strict):
    """The Code 6.9 / 6.19 contents of a stage response."""

    decision: Statement
    reasons: Statement
    remedy: LongText | None = None
    outstanding_actions: LongText | None = None
    # Code 6.7: every point of the definition, by its text or its number (1, 2, …).
    points_answered: Annotated[list[LongText], Field(
        max_length=50,
        description="Code 6.7: every point of the complaint definition, by its text or its "
        "number (1, 2, …); a response that leaves one out is refused (409).",
    )] = []
    responded_at: Moment | None = None


class EscalateRequest(Strict):
    requested_by: Literal["resident", "staff"] = "staff"
    handler: Annotated[str, Field(max_length=100)] | None = None
    reason: LongText | None = None
    phone: Annotated[str, Field(max_length=40)] | None = None
    postcode: Annotated[str, Field(max_length=12)] | None = None
    email: Annotated[str, Field(max_length=254)] | None = None


class AssignRequest(Strict):
    handler: HandlerName


class DeclineRequest(Strict):
    reasons: Statement
    exclusion: ShortText | None = None


class CloseRequest(Strict):
    reason: Reason


class NoteRequest(Strict):
    text: Point


class ActionResult(BaseModel):
    case: CaseOut
    notice: str | None = None


class WorkingDayOut(BaseModel):
    date: date


class FieldError(BaseModel):
    field: str
    message: str


class Error(BaseModel):
    """The body of every error (4xx, and the rare 500): ``detail`` is a sentence for a
    person; ``errors`` lists each field at fault (422), or is empty."""

    detail: str
    errors: list[FieldError] = []


class Health(BaseModel):
    status: Literal["ok", "unavailable"]
    database: Literal["ok", "unreachable"]


# ---- GET /api/v1/policy: the resident-facing part of the landlord policy ---------------


class StageTimescalesOut(BaseModel):
    """A stage's timescales in working days (Code 6.2-6.4 at stage 1, 6.11-6.15 at stage 2)."""

    acknowledge_days: int
    response_days: int
    max_extension_days: int


class EscalationWindowOut(BaseModel):
    """How long after the stage 1 response a resident may ask for stage 2."""

    days: int
    unit: Literal["working_days", "calendar_days"]


class EmergencyNumbersOut(BaseModel):
    """National numbers for danger, by the policy's nation (not the landlord's own)."""

    emergency_services: str
    gas: str


class TextLimitsOut(BaseModel):
    """Lengths the API and the assistant accept, in characters (items for lists)."""

    max_message_chars: int = Field(
        description="the longest message from a resident the assistant reads in one go")
    max_points: int = Field(description="points in a complaint definition")
    max_point_chars: int
    max_text_chars: int = Field(
        description="summary, desired outcome, adjustments, a transcript entry")
    max_short_text_chars: int = Field(description="names, relationship, address, email")
    max_transcript_entries: int
    max_attachments: int
    max_linked_references: int


class PolicyOut(BaseModel):
    """What the assistant tells residents, from the landlord policy in force. No personal
    data; ``version`` changes whenever anything here does."""

    slug: str
    version: str = Field(description="sha256 of the rest of this document", pattern=r"^sha256:[0-9a-f]{64}$")
    name: str
    nation: Nation
    landlord_phone: str
    out_of_hours_phone: str
    emergency_numbers: EmergencyNumbersOut
    ombudsman: OmbudsmanOut
    stages: int
    response_counted_from: Literal["acknowledgement", "receipt"]
    stage_1: StageTimescalesOut
    stage_2: StageTimescalesOut
    exclusion_window_months: int = Field(description="Code 2.3: complaints are accepted this "
                                         "long after the issue; older ones are flagged for staff")
    escalation_window: EscalationWindowOut | None = Field(
        description="null: no limit on asking for stage 2")
    channels: list[str] = Field(description="the ways to complain the landlord offers (Code 3.1)")
    case_channels: list[Channel] = Field(description="`channel` values a case may have")
    case_kinds: list[Kind] = Field(description="`kind` values a case may have")
    contact_methods: list[ContactMethod] = Field(
        description="`complainant.preferred_contact` values")
    limits: TextLimitsOut
