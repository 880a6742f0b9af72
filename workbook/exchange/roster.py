"""Import a coachee roster CSV: every row checked first, then all added in one transaction.

Coachees already in the workbook (same email, else same name and program) are left as they
are; a row repeating an earlier row of the same file is counted, not added twice. Every limit
(file size, rows, columns, the length of a cell) is checked before the work it bounds, and no
step is worse than linear in the file: a hostile file is refused in a moment, never after
minutes holding the workbook.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
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
from workbook.exchange.roster_csv import Record, records, sniff
from workbook.exchange.roster_dates import (
    MONTH_FIRST,
    ORDERS,
    PATTERN,
    WORDS,
    DateColumn,
    read_roster_date,
)
from workbook.exchange.roster_encoding import decode
from workbook.exchange.roster_headers import MAX_COLUMNS, Columns, columns, first_last
from workbook.wording import count

# Measured on the largest allowed roster (docs/interchange-format.md §2.1): well within what
# a 4 GB hospital PC has to spare, and in seconds.
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20_000

# The same limits workbook.coachees applies when a coach edits a profile.
_LIMITS = {**FIELD_LIMITS, "first_name": NAME_MAX, "middle_name": NAME_MAX,
           "last_name": NAME_MAX}
_TAG_MAX, _TAGS_MAX = 60, 50
_TAGS_CELL_MAX = 10_000  # fifty of the longest tags and their separators fit, with room
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SHOWN_MAX = 15  # names of ignored columns or rows listed before "and N more"


@dataclass(frozen=True)
class RosterResult:
    added: int
    skipped_existing: int
    duplicates_in_file: int
    unknown_columns: list[str]
    added_ids: list[int]
    ignored_rows: list[str] = field(default_factory=list)  # "line 2 ("Points Possible")"
    notes: list[str] = field(default_factory=list)  # how the file was read, for the coach

    @property
    def changes(self) -> Changes:
        return Changes("coachee", tuple(self.added_ids))

    def report(self, name: str) -> list[str]:
        """What happened, one paragraph each, worded once for the window and the CLI."""
        lines = [f"Imported {name}: {count(self.added, 'coachee')} added, "
                 f"{self.skipped_existing} already in the workbook, "
                 f"{count(self.duplicates_in_file, 'duplicate row')} skipped."]
        if self.unknown_columns:
            lines.append("Columns not recognised (ignored): "
                         + _listed(self.unknown_columns) + ".")
        if self.ignored_rows:
            lines.append("Rows ignored: " + _listed(self.ignored_rows) + ".")
        return lines + self.notes


def _listed(items: list[str]) -> str:
    if len(items) <= _SHOWN_MAX:
        return ", ".join(items)
    return ", ".join(items[:_SHOWN_MAX]) + f" and {len(items) - _SHOWN_MAX:,} more"


class _RowError(Exception):
    def __init__(self, field: str, problem: str) -> None:
        super().__init__(problem)
        self.field, self.problem = field, problem


def _text(value: str, field: str) -> str:
    limit = _LIMITS[field]
    if len(value) > 4 * limit + 100:  # far too long even before spaces are trimmed
        raise _RowError(field, f"the value is too long ({len(value):,} characters; "
                               f"at most {limit})")
    value = unicodedata.normalize("NFC", value.strip())
    if "\n" in value or "\r" in value:
        raise _RowError(field, "the value holds a line break; it must fit on one line")
    control = _CONTROL.search(value)
    if control:
        raise _RowError(field, f"the value contains a control character "
                               f"(U+{ord(control[0]):04X}); remove it and save again")
    if len(value) > limit:
        raise _RowError(field, f"the value is too long ({len(value)} characters; "
                               f"at most {limit})")
    return value


def _tag_parts(value: str) -> list[str]:
    if ":::" in value:  # Google contacts: "* myContacts ::: Coaching ::: MS1"
        return [p for p in value.split(":::") if not p.strip().startswith("*")]
    separator = ";" if ";" in value else ","
    return value.replace("\r", "\n").replace("\n", separator).split(separator)


def _tags(value: str) -> str:
    if len(value) > _TAGS_CELL_MAX:
        raise _RowError("tags", f"the cell is too long ({len(value):,} characters; at most "
                                f"{_TAGS_CELL_MAX:,})")
    tags: list[str] = []
    seen: set[str] = set()
    for part in _tag_parts(value):
        tag = unicodedata.normalize("NFC", part.strip())
        if _CONTROL.search(tag):
            raise _RowError("tags", "a tag contains a control character; remove it and save "
                                    "again")
        if len(tag) > _TAG_MAX:
            raise _RowError("tags", f'the tag "{validate.shown(tag)}" is too long '
                                    f"({len(tag)} characters; at most {_TAG_MAX})")
        key = validate.match_key(tag)
        if tag and key not in seen:
            seen.add(key)
            tags.append(tag)
    if len(tags) > _TAGS_MAX:
        raise _RowError("tags", f"there are too many tags ({len(tags)}; at most {_TAGS_MAX})")
    return json.dumps(tags, ensure_ascii=False)


def _quoted(value: str) -> str:
    return json.dumps(validate.shown(value), ensure_ascii=False)


def _name(cols: Columns, cells: list[str]) -> tuple[str, str]:
    """(the coachee's name, the field to blame when it is empty)."""
    if "name" in cols.index:
        value = cols.cell(cells, "name")
        if cols.split_name:
            value = first_last(value)
        return _text(value, "name"), "name"
    parts = [_text(cols.cell(cells, f), f) for f in ("first_name", "middle_name", "last_name")]
    blame = "first_name" if "first_name" in cols.index else "last_name"
    return _text(" ".join(p for p in parts if p), "name"), blame


def _coachee(cols: Columns, cells: list[str]) -> dict[str, Any]:
    """The row's coachee columns; its start date stays as written until the column's order of
    day and month is known."""
    row: dict[str, Any] = {}
    row["name"], blame = _name(cols, cells)
    if not row["name"]:
        raise _RowError(blame, "the name is empty; every coachee needs a name")
    for field_ in ("preferred_name", "pronouns", "email", "program", "cohort"):
        value = cols.cell(cells, field_)
        if field_ == "email" and ":::" in value:  # Google: "home@… ::: work@…"
            value = value.split(":::")[0]
        row[field_] = _text(value, field_)
    if row["email"] and not EMAIL_PATTERN.fullmatch(row["email"]):
        raise _RowError("email", f"{_quoted(row['email'])} is not an email address")
    level = cols.cell(cells, "level").strip()
    try:
        row["level"] = normalise_level(level) if level else ""
    except InvalidInput:
        raise _RowError("level", f"{_quoted(level)} is not a training level (use MS1–MS4, "
                                 "PGY1–PGY7, Fellow or Other)") from None
    start = cols.cell(cells, "start_date").strip()
    if len(start) > 40:
        raise _RowError("start_date", f"{_quoted(start)} is not a date (use YYYY-MM-DD)")
    if start:
        readable = False
        for order in ORDERS:
            try:
                read_roster_date(start, order)
                readable = True
            except ValueError:
                pass
        if not readable:
            raise _RowError("start_date", f"{_quoted(start)} is not a date (use YYYY-MM-DD)")
    row["start_date"] = start
    row["tags"] = _tags(cols.cell(cells, "tags"))
    return row


def _not_a_learner(record: Record, cols: Columns, first: bool) -> str | None:
    """Why an export's own row is no learner ("Points Possible"), or None."""
    name = cols.cell(record.cells, "name").strip().casefold() if "name" in cols.index else ""
    if name == "points possible":
        return '"Points Possible"'
    if cols.canvas and first and not name:
        return "Canvas's settings row"
    if cols.canvas and name in ("student, test", "test student"):
        return "Canvas's test student"
    return None


@dataclass
class _Read:
    cols: Columns
    rows: list[dict[str, Any]]
    ignored: list[str]
    notes: list[str]


def _read(path: Path, date_order: str | None) -> _Read:
    """Every row checked and turned into coachee columns, before the workbook is touched."""
    name = path.name
    text = decode(read_limited(path, MAX_BYTES, name), name)
    delimiter, text, skipped = sniff(text)
    cols: Columns | None = None
    rows: list[dict[str, Any]] = []
    ignored: list[str] = []
    dated: list[tuple[int, Record]] = []
    dates: DateColumn | None = None
    for record in records(text, delimiter, name, skipped):
        if len(record.cells) > MAX_COLUMNS:
            raise InvalidInput(f"{record.where(name)} has {len(record.cells):,} values; a "
                               f"roster may have at most {MAX_COLUMNS:,} columns.")
        if not any(cell.strip() for cell in record.cells):
            continue
        if cols is None:
            cols = columns(record, name)
            if "start_date" in cols.index:
                dates = DateColumn(heading=cols.heading["start_date"])
            continue
        why = _not_a_learner(record, cols, first=not rows)
        if why:
            ignored.append(f"{record.lines()} ({why})")
            continue
        if len(rows) >= MAX_ROWS:
            raise InvalidInput(f"{name} has more than {MAX_ROWS:,} coachees; split it into "
                               "smaller files and import each.")
        rows.append(_checked(record, cols, name, delimiter))
        if dates is not None and rows[-1]["start_date"]:
            dates.see(rows[-1]["start_date"], record.lines())
            dated.append((len(rows) - 1, record))
    if cols is None:
        raise InvalidInput(f"{name} is empty.")
    notes = _read_dates(name, cols, dates, rows, dated, date_order)
    return _Read(cols, rows, ignored, notes)


def _read_dates(name: str, cols: Columns, dates: DateColumn | None,
                rows: list[dict[str, Any]], dated: list[tuple[int, Record]],
                chosen: str | None) -> list[str]:
    """Turn each start date into ISO in the column's order; a note saying how, when it mattered."""
    if dates is None:
        return []
    spelled = cols.date_order.get("start_date")
    order = dates.order(name, chosen, spelled)
    for i, record in dated:
        value = rows[i]["start_date"]
        try:
            rows[i]["start_date"] = read_roster_date(value, order or MONTH_FIRST)
        except ValueError:
            shown = order or MONTH_FIRST
            raise InvalidInput(
                f'{record.where(name)}, column "{dates.heading}": {_quoted(value)} is not a '
                f"date read {WORDS[shown]} ({PATTERN[shown]}), the order of this column; "
                "use that order or YYYY-MM-DD."
            ) from None
    if order is None:
        return []
    if chosen:
        why = "as chosen"
    elif spelled:
        why = "as its heading says"
    else:
        value, where = dates.proof[order]
        why = f'as "{value}" ({where}) shows'
    return [f'Dates in "{dates.heading}" were read {WORDS[order]} ({PATTERN[order]}), {why}.']


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


def import_roster(db: sqlite_utils.Database, path: Path | str, *, dry_run: bool = False,
                  date_order: str | None = None) -> RosterResult:
    """Add the roster's new coachees; with `dry_run`, only count what would happen.

    `date_order` ("dmy" or "mdy") is how to read dates such as 03/04/2026 when the file does
    not say; without it such a file raises AmbiguousDateOrder and nothing is imported."""
    if date_order is not None and date_order not in ORDERS:
        raise InvalidInput(f'The date order must be "dmy" or "mdy", not {_quoted(date_order)}.')
    path = Path(path)
    read = _read(path, date_order)
    added_ids: list[int] = []
    pending, skipped, duplicates = 0, 0, 0
    with db.atomic():
        index = ExistingCoachees(db)
        for row in read.rows:
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
                        unknown_columns=list(read.cols.unknown), added_ids=added_ids,
                        ignored_rows=read.ignored, notes=read.notes)
