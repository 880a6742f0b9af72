"""Import a coachee roster CSV: every row checked first, then all added in one transaction.

Coachees already in the workbook (same email, else same name and program) are left as they
are; a row repeating an earlier row of the same file is counted, not added twice.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import sqlite_utils

from workbook import validate
from workbook.changes import Changes
from workbook.coachees import (
    EMAIL_PATTERN,
    FIELD_LIMITS,
    NAME_MAX,
    ExistingCoachees,
    normalise_level,
)
from workbook.errors import InvalidInput
from workbook.exchange.reading import read_limited
from workbook.exchange.roster_csv import Columns, Record, columns, decode, records, sniff

MAX_BYTES = 50 * 1024 * 1024

# The same limits workbook.coachees applies when a coach edits a profile.
_LIMITS = {**FIELD_LIMITS, "first_name": NAME_MAX, "last_name": NAME_MAX}
_TAG_MAX, _TAGS_MAX = 60, 50
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")
_MONTHS = {name[:3]: i for i, name in enumerate(_MONTH_NAMES, 1)}
_TIME = r"(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?"
_ISO = re.compile(rf"([0-9]{{4}})[-/]([0-9]{{1,2}})[-/]([0-9]{{1,2}}){_TIME}")
_US = re.compile(rf"([0-9]{{1,2}})/([0-9]{{1,2}})/([0-9]{{4}}|[0-9]{{2}}){_TIME}")
_EXCEL = re.compile(r"([0-9]{1,2})[- ]([A-Za-z]{3,9})\.?[- ,]+([0-9]{4}|[0-9]{2})")
_WRITTEN = re.compile(r"([A-Za-z]{3,9})\.? ([0-9]{1,2}),? ([0-9]{4})")


@dataclass(frozen=True)
class RosterResult:
    added: int
    skipped_existing: int
    duplicates_in_file: int
    unknown_columns: list[str]
    added_ids: list[int]

    @property
    def changes(self) -> Changes:
        return Changes("coachee", tuple(self.added_ids))


class _RowError(Exception):
    def __init__(self, field: str, problem: str) -> None:
        super().__init__(problem)
        self.field, self.problem = field, problem


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:  # Excel's rule for two-digit years: 00-29 → 2000s, 30-99 → 1900s
        year += 2000 if year < 30 else 1900
    return year


def _month(text: str) -> int:
    """1-12 for "Aug", "aug", "August", "Sept"; 0 (no month, so no date) otherwise."""
    word = text.casefold()
    month = _MONTHS.get(word[:3], 0)
    if month and (len(word) == 3 or word == "sept" or _MONTH_NAMES[month - 1] == word):
        return month
    return 0


def parse_date(text: str) -> str | None:
    """ISO, m/d/yyyy, m/d/yy, d-MMM-yyyy (as Excel writes it) or "Aug 3, 2026"; None if blank.

    Raises ValueError when the text is not one of those or not a real calendar date."""
    text = text.strip()
    if not text:
        return None
    parts: tuple[int, int, int] | None = None
    if m := _ISO.fullmatch(text):
        parts = (int(m[1]), int(m[2]), int(m[3]))
    elif m := _US.fullmatch(text):
        parts = (_year(m[3]), int(m[1]), int(m[2]))
    elif m := _EXCEL.fullmatch(text):
        parts = (_year(m[3]), _month(m[2]), int(m[1]))
    elif m := _WRITTEN.fullmatch(text):
        parts = (int(m[3]), _month(m[1]), int(m[2]))
    if parts is None:
        raise ValueError(text)
    year, month, day = parts
    return date(year, month, day).isoformat()


def _text(value: str, field: str) -> str:
    value = unicodedata.normalize("NFC", value.strip())
    if "\n" in value or "\r" in value:
        raise _RowError(field, "the value holds a line break; it must fit on one line")
    control = _CONTROL.search(value)
    if control:
        raise _RowError(field, f"the value contains a control character "
                               f"(U+{ord(control[0]):04X}); remove it and save again")
    limit = _LIMITS[field]
    if len(value) > limit:
        raise _RowError(field, f"the value is too long ({len(value)} characters; "
                               f"at most {limit})")
    return value


def _tags(value: str) -> str:
    separator = ";" if ";" in value else ","
    tags: list[str] = []
    for part in value.replace("\r", "\n").replace("\n", separator).split(separator):
        tag = unicodedata.normalize("NFC", part.strip())
        if _CONTROL.search(tag):
            raise _RowError("tags", "a tag contains a control character; remove it and save "
                                    "again")
        if len(tag) > _TAG_MAX:
            raise _RowError("tags", f'the tag "{validate.shown(tag)}" is too long '
                                    f"({len(tag)} characters; at most {_TAG_MAX})")
        if tag and not any(validate.same_text(tag, t) for t in tags):
            tags.append(tag)
    if len(tags) > _TAGS_MAX:
        raise _RowError("tags", f"there are too many tags ({len(tags)}; at most {_TAGS_MAX})")
    return json.dumps(tags, ensure_ascii=False)


def _quoted(value: str) -> str:
    return json.dumps(validate.shown(value), ensure_ascii=False)


def _coachee(cols: Columns, cells: list[str]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    if "name" in cols.index:
        row["name"] = _text(cols.cell(cells, "name"), "name")
        name_field = "name"
    else:
        first = _text(cols.cell(cells, "first_name"), "first_name")
        last = _text(cols.cell(cells, "last_name"), "last_name")
        row["name"] = _text(f"{first} {last}", "name")
        name_field = "first_name" if "first_name" in cols.index else "last_name"
    if not row["name"]:
        raise _RowError(name_field, "the name is empty; every coachee needs a name")
    for field in ("preferred_name", "pronouns", "email", "program", "cohort"):
        row[field] = _text(cols.cell(cells, field), field)
    if row["email"] and not EMAIL_PATTERN.fullmatch(row["email"]):
        raise _RowError("email", f"{_quoted(row['email'])} is not an email address")
    level = cols.cell(cells, "level").strip()
    try:
        row["level"] = normalise_level(level) if level else ""
    except InvalidInput:
        raise _RowError("level", f"{_quoted(level)} is not a training level (use MS1–MS4, "
                                 "PGY1–PGY7, Fellow or Other)") from None
    start = cols.cell(cells, "start_date")
    try:
        row["start_date"] = parse_date(start)
    except ValueError:
        raise _RowError("start_date", f"{_quoted(start.strip())} is not a date "
                                      "(use YYYY-MM-DD or m/d/yyyy)") from None
    row["tags"] = _tags(cols.cell(cells, "tags"))
    return row


def _read(path: Path) -> tuple[Columns, list[dict[str, Any]]]:
    """Every row checked and turned into coachee columns, before the workbook is touched."""
    name = path.name
    text = decode(read_limited(path, MAX_BYTES, name), name)
    delimiter, text, skipped = sniff(text)
    cols: Columns | None = None
    rows: list[dict[str, Any]] = []
    for record in records(text, delimiter, name, skipped):
        if not any(cell.strip() for cell in record.cells):
            continue
        if cols is None:
            cols = columns(record, name)
            continue
        rows.append(_checked(record, cols, name, delimiter))
    if cols is None:
        raise InvalidInput(f"{name} is empty.")
    return cols, rows


def _checked(record: Record, cols: Columns, name: str, delimiter: str) -> dict[str, Any]:
    if any(c.strip() for c in record.cells[cols.width:]):
        shown = "tab" if delimiter == "\t" else f'"{delimiter}"'
        raise InvalidInput(
            f"{record.where(name)} has more values than the first row has columns "
            f"({cols.width}); a value may contain an unquoted {shown}."
        )
    try:
        return _coachee(cols, record.cells)
    except _RowError as error:
        heading = cols.heading.get(error.field, error.field.replace("_", " "))
        raise InvalidInput(
            f'{record.where(name)}, column "{heading}": {error.problem}.'
        ) from None


def import_roster(db: sqlite_utils.Database, path: Path | str, *,
                  dry_run: bool = False) -> RosterResult:
    """Add the roster's new coachees; with `dry_run`, only count what would happen."""
    path = Path(path)
    cols, rows = _read(path)
    added_ids: list[int] = []
    pending, skipped, duplicates = 0, 0, 0
    with db.atomic():
        index = ExistingCoachees(db)
        for row in rows:
            found = index.find(email=row["email"], name=row["name"], program=row["program"])
            if found is not None:
                if found < 0:
                    duplicates += 1
                else:
                    skipped += 1
                continue
            pending += 1
            index.add(-pending, email=row["email"], name=row["name"], program=row["program"])
            if not dry_run:
                added_ids.append(int(db["coachees"].insert(row).last_pk))
    return RosterResult(added=pending, skipped_existing=skipped, duplicates_in_file=duplicates,
                        unknown_columns=list(cols.unknown), added_ids=added_ids)
