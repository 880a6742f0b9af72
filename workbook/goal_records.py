"""Goal records and their constants (kept apart so `goals` stays a readable size)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from workbook.records import Converters, FromRow, record_from_row

GOAL_STATUSES = ("draft", "active", "achieved", "revised", "dropped")
CLOSED_STATUSES = ("achieved", "revised", "dropped")
GAS_LEVELS = (-2, -1, 0, 1, 2)
LADDER_COLUMNS = {-2: "gas_minus2", -1: "gas_minus1", 0: "gas_zero", 1: "gas_plus1",
                  2: "gas_plus2"}



@dataclass(frozen=True)
class Domain(FromRow):
    key: str
    name: str
    description: str
    position: int
    builtin: bool

    CONVERT: ClassVar[Converters] = {"builtin": bool}


@dataclass(frozen=True)
class Goal:
    id: int
    coachee_id: int
    title: str
    domain: str
    specific: str
    measurable: str
    achievable: str
    relevant: str
    time_bound: str
    status: str
    progress: int
    target_date: str | None
    gas_minus2: str
    gas_minus1: str
    gas_zero: str
    gas_plus1: str
    gas_plus2: str
    gas_baseline: int | None
    gas_attained: int | None
    gas_attained_on: str | None
    weight: float
    created_at: str
    updated_at: str
    deleted_at: str | None
    value_ids: tuple[int, ...] = ()

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Goal:
        raw = row.get("value_ids") or ()
        if isinstance(raw, str):
            raw = [part for part in raw.split(",") if part]
        return record_from_row(cls, row, convert={"weight": float},
                               value_ids=tuple(int(v) for v in raw))

    @property
    def ladder(self) -> dict[int, str]:
        return {level: getattr(self, column) for level, column in LADDER_COLUMNS.items()}

    @property
    def has_complete_ladder(self) -> bool:
        return all(text.strip() for text in self.ladder.values())

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


@dataclass(frozen=True)
class Milestone(FromRow):
    id: int
    goal_id: int
    position: int
    title: str
    due_date: str | None
    done_on: str | None

    @property
    def done(self) -> bool:
        return self.done_on is not None


@dataclass(frozen=True)
class Checkin(FromRow):
    id: int
    goal_id: int
    session_id: int | None
    checked_on: str
    progress: int | None
    gas_level: int | None
    note: str
