"""The interchange document as pydantic models (format version 1); json_errors words what
they refuse.

docs/interchange-format.md describes every field; keep the two in step. Every list stops at
its first bad item (`Many`): a file of a million bad items would otherwise cost a million
error records, gigabytes and minutes, to report the first one.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    FailFast,
    Field,
    create_model,
)
from pydantic_core import PydanticCustomError

from workbook import dates, settings
from workbook.actions import OWNERS
from workbook.coachees import EMAIL_PATTERN, LEVELS, STATUSES
from workbook.goal_records import GOAL_STATUSES
from workbook.notes import BODY_MAX
from workbook.sessions import MODALITIES
from workbook.sessions import STATUSES as SESSION_STATUSES

FORMAT = "coach-workbook"
FORMAT_VERSION = 1


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MINUTE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}")
_STAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?Z")
_EMAIL = EMAIL_PATTERN  # the profile editor's rule, so an import accepts what it would


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("cw_blank", "cannot be empty")
    return value


def _iso_date(value: str) -> str:
    if _DATE.fullmatch(value) and dates.parse_date(value) is not None:
        return value
    raise PydanticCustomError("cw_date", "is not a date (use YYYY-MM-DD)")


def _local_minute(value: str) -> str:
    if _MINUTE.fullmatch(value) and dates.parse_datetime(value) is not None:
        return value
    raise PydanticCustomError("cw_minute", "is not a date and time (use YYYY-MM-DDTHH:MM)")


def _date_or_minute(value: str) -> str:
    return _iso_date(value) if len(value) == 10 else _local_minute(value)


def _stamp(value: str) -> str:
    if _STAMP.fullmatch(value) and dates.parse_datetime(value[:-1]) is not None:
        return value
    raise PydanticCustomError("cw_stamp", "is not a UTC timestamp (use YYYY-MM-DDTHH:MM:SSZ)")


def _email(value: str) -> str:
    if value and not _EMAIL.fullmatch(value):
        raise PydanticCustomError("cw_email", "is not an email address")
    return value


def _key(value: str) -> str:
    if not value or value != value.strip():
        raise PydanticCustomError("cw_key", "is not a key (no spaces at either end)")
    return value


def _text(limit: int) -> Any:
    return Annotated[str, Field(max_length=limit)]


def _required(limit: int) -> Any:
    return Annotated[str, Field(max_length=limit), AfterValidator(_not_blank)]


Text = _text(10_000)
LongText = _text(100_000)
Body = _text(BODY_MAX)
Name = _required(1_000)
Key = Annotated[str, Field(max_length=200), AfterValidator(_key)]
IsoDate = Annotated[str, AfterValidator(_iso_date)]
LocalMinute = Annotated[str, AfterValidator(_local_minute)]
DateOrMinute = Annotated[str, AfterValidator(_date_or_minute)]
Stamp = Annotated[str, AfterValidator(_stamp)]
Ref = Annotated[int, Field(ge=1, le=2**53)]
Position = Annotated[int, Field(ge=0, le=1_000_000_000)]
Gas = Annotated[int, Field(ge=-2, le=2)]
Percent = Annotated[int, Field(ge=0, le=100)]
_T = TypeVar("_T")
Many = Annotated[list[_T], FailFast()]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)


class _Dated(_Record):
    created_at: Stamp | None = None
    updated_at: Stamp | None = None
    deleted_at: Stamp | None = None


class GoalDomain(_Record):
    key: Key
    name: Name
    description: Text = ""
    position: Position = 0
    builtin: bool = False


class CatalogValue(_Record):
    name: Name
    description: Text = ""
    builtin: bool = False


class TemplateSection(_Record):
    key: Key
    heading: Name
    shared: bool = True
    guidance: Text = ""
    prompts: Many[Name] = []


class Template(_Dated):
    id: Ref
    key: Key
    name: Name
    competency: Text = ""
    description: Text = ""
    position: Position = 0
    builtin: bool = False
    sections: Many[TemplateSection] = []


class Agreement(_Record):
    cadence: Text = ""
    contact: Text = ""
    confidentiality: Text = ""
    notes: LongText = ""
    date: IsoDate | None = None


class Value(_Dated):
    id: Ref
    name: Name
    rank: Annotated[int, Field(ge=-1_000_000_000, le=1_000_000_000)] = 0
    reflection: LongText = ""


class Ladder(_Record):
    minus2: Text = Field("", alias="-2")
    minus1: Text = Field("", alias="-1")
    zero: Text = Field("", alias="0")
    plus1: Text = Field("", alias="+1")
    plus2: Text = Field("", alias="+2")


class Milestone(_Record):
    title: Name
    due_date: IsoDate | None = None
    done_on: IsoDate | None = None


class Checkin(_Record):
    checked_on: IsoDate
    progress: Percent | None = None
    gas_level: Gas | None = None
    note: LongText = ""
    session_ref: Ref | None = None


class Goal(_Dated):
    id: Ref
    title: Name
    domain: Key = "other"
    specific: Text = ""
    measurable: Text = ""
    achievable: Text = ""
    relevant: Text = ""
    time_bound: Text = ""
    status: Literal[GOAL_STATUSES] = "active"  # type: ignore[valid-type]
    progress: Percent = 0
    target_date: IsoDate | None = None
    ladder: Ladder = Ladder()
    gas_baseline: Gas | None = None
    gas_attained: Gas | None = None
    gas_attained_on: IsoDate | None = None
    weight: Annotated[float, Field(gt=0, le=1_000_000)] = 1.0
    value_refs: Many[Ref] = []
    milestones: Many[Milestone] = []
    checkins: Many[Checkin] = []


class NoteVersion(_Record):
    body: Body
    saved_at: Stamp


class PrivacyChange(_Record):
    shared: bool
    changed_at: Stamp
    changed_by: _text(200) = ""  # type: ignore[valid-type]


class SessionSection(_Record):
    key: _text(200) = ""  # type: ignore[valid-type]
    heading: _text(1_000) = ""  # type: ignore[valid-type]
    shared: bool = True
    body: Body = ""
    updated_at: Stamp | None = None
    versions: Many[NoteVersion] = []
    privacy_changes: Many[PrivacyChange] = []


Who5Answer = Annotated[int, Field(ge=0, le=5)]


class Who5(_Record):
    """The WHO-5 Well-Being Index answers recorded in a meeting (None: not answered)."""

    cheerful: Who5Answer | None = None
    calm: Who5Answer | None = None
    active: Who5Answer | None = None
    rested: Who5Answer | None = None
    interested: Who5Answer | None = None


class Session(_Dated):
    id: Ref
    template_ref: Ref | None = None
    template_name: _text(1_000) = ""  # type: ignore[valid-type]
    scheduled_at: LocalMinute
    duration_min: Annotated[int, Field(ge=0, le=1440)] = 30
    modality: Literal[MODALITIES] = "in-person"  # type: ignore[valid-type]
    status: Literal[SESSION_STATUSES] = "scheduled"  # type: ignore[valid-type]
    title: _text(1_000) = ""  # type: ignore[valid-type]
    agenda: LongText = ""
    next_meeting_at: DateOrMinute | None = None
    goal_refs: Many[Ref] = []
    sections: Many[SessionSection] = []
    who5: Who5 | None = None


class ActionItem(_Dated):
    id: Ref
    text: _required(10_000)  # type: ignore[valid-type]
    owner: Literal[OWNERS] = "coachee"  # type: ignore[valid-type]
    owner_note: Text = ""
    due_date: IsoDate | None = None
    done_on: IsoDate | None = None
    position: Position = 0
    session_ref: Ref | None = None
    goal_ref: Ref | None = None


class Coachee(_Dated):
    id: Ref
    name: _required(200)  # type: ignore[valid-type]
    preferred_name: _text(200) = ""  # type: ignore[valid-type]
    pronouns: _text(60) = ""  # type: ignore[valid-type]
    email: Annotated[str, Field(max_length=254), AfterValidator(_email)] = ""
    level: Literal[("", *LEVELS)] = ""  # type: ignore[valid-type]
    program: _text(200) = ""  # type: ignore[valid-type]
    cohort: _text(100) = ""  # type: ignore[valid-type]
    start_date: IsoDate | None = None
    status: Literal[STATUSES] = "active"  # type: ignore[valid-type]
    tags: Annotated[list[_required(60)], Field(max_length=50), FailFast()] = []  # type: ignore[valid-type]
    agreement: Agreement = Agreement()
    values: Many[Value] = []
    goals: Many[Goal] = []
    sessions: Many[Session] = []
    action_items: Many[ActionItem] = []


def _settings_model() -> type[BaseModel]:
    """Known settings (those of `workbook.settings.Settings`) are type-checked here, their
    ranges by workbook.settings when applied; other keys are allowed and ignored, so a newer
    version's settings do not block an import."""
    python_types = {"str": str, "int": int, "float": float, "bool": bool}
    fields: dict[str, Any] = {
        f.name: (python_types.get(str(f.type), Any) | None, None)
        for f in dataclasses.fields(settings.Settings)
    }
    config = ConfigDict(extra="allow", strict=True, frozen=True, allow_inf_nan=False)
    return create_model("Settings", __config__=config, **fields)


Settings = _settings_model()


class Document(_Record):
    format: Literal["coach-workbook"]
    format_version: Literal[1]
    exported_at: Stamp | None = None
    app_version: _text(100) = ""  # type: ignore[valid-type]
    settings: Settings = Settings()  # type: ignore[valid-type]
    goal_domains: Many[GoalDomain] = []
    value_catalog: Many[CatalogValue] = []
    templates: Many[Template] = []
    coachees: Many[Coachee] = []
