"""The coach's settings, stored as JSON values in the `settings` table of the workbook."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import sqlite_utils

from workbook import validate
from workbook.changes import Changes
from workbook.errors import InvalidInput
from workbook.records import record_from_row

PAGE_SIZES = ("Letter", "A4")
PAGE_SIZE_BY_LOCALE = ""  # unset: A4 or Letter by the system's locale, decided when printing


@dataclass(frozen=True)
class Settings:
    coach_name: str = ""
    institution: str = ""
    idle_lock_minutes: int = 5
    page_size: str = PAGE_SIZE_BY_LOCALE
    not_seen_weeks: int = 8
    default_duration_min: int = 30
    gas_rho: float = 0.3
    is_demo: bool = False
    backup_folder: str = ""  # empty: "<workbook name> backups" beside the workbook
    backups_kept: int = 10

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Settings:
        """From stored values; a missing or unreadable value falls back to its default."""
        values: dict[str, Any] = {}
        for key, value in row.items():
            if key in _CHECKS:
                try:
                    values[key] = _CHECKS[key](value)
                except InvalidInput:
                    continue
        return record_from_row(cls, values)


def _page_size(value: Any) -> str:
    if isinstance(value, str) and not value.strip():
        return PAGE_SIZE_BY_LOCALE
    return validate.choice(value, "page size", PAGE_SIZES)


def _backup_folder(value: Any) -> str:
    folder = validate.text(value, "backups folder", max_len=1000).strip()
    if folder and not Path(folder).expanduser().is_absolute():
        raise InvalidInput("Backups folder must be a full path (starting from a drive or "
                           "from /), or empty to keep backups beside the workbook.")
    return folder


_CHECKS: dict[str, Callable[[Any], Any]] = {
    "coach_name": lambda v: validate.text(v, "coach name", max_len=200),
    "institution": lambda v: validate.text(v, "institution", max_len=200),
    "idle_lock_minutes": lambda v: validate.integer(v, "idle lock minutes", minimum=1,
                                                    maximum=240),
    "page_size": _page_size,
    "not_seen_weeks": lambda v: validate.integer(v, "not seen weeks", minimum=1, maximum=104),
    "default_duration_min": lambda v: validate.integer(v, "default duration (minutes)",
                                                       minimum=1, maximum=1440),
    "gas_rho": lambda v: validate.number(v, "GAS ρ (rho)", minimum=0, below=1),
    "is_demo": lambda v: validate.boolean(v, "demo workbook"),
    "backup_folder": _backup_folder,
    "backups_kept": lambda v: validate.integer(v, "backups kept", minimum=1, maximum=100),
}
assert set(_CHECKS) == {f.name for f in fields(Settings)}


def get_settings(db: sqlite_utils.Database) -> Settings:
    stored: dict[str, Any] = {}
    for row in db.query("SELECT key, value FROM settings"):
        try:
            stored[row["key"]] = json.loads(row["value"])
        except ValueError:
            continue
    return Settings.from_row(stored)


def update_settings(db: sqlite_utils.Database, **changes: Any) -> Changes:
    clean: dict[str, Any] = {}
    for key, value in changes.items():
        if key not in _CHECKS:
            raise InvalidInput(f"There is no setting «{validate.shown(key)}».")
        clean[key] = _CHECKS[key](value)
    with db.atomic():
        for key, value in clean.items():
            db["settings"].upsert({"key": key, "value": json.dumps(value, ensure_ascii=False)},
                                  pk="key")
    return Changes("settings")


def as_dict(settings: Settings) -> dict[str, Any]:
    return asdict(settings)
