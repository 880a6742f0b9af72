"""Coachees: the learners a coach works with — profile, level, status, coaching agreement."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, ClassVar

import sqlite_utils

from workbook import validate
from workbook.changes import Changes
from workbook.dates import now_iso
from workbook.errors import InvalidInput, NotFound
from workbook.records import Converters, FromRow

LEVELS = (
    "MS1", "MS2", "MS3", "MS4",
    "PGY1", "PGY2", "PGY3", "PGY4", "PGY5", "PGY6", "PGY7",
    "Fellow", "Other",
)
STATUSES = ("active", "paused", "graduated", "archived")

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7}
_LEVEL_PATTERN = re.compile(r"(ms|m|pgy|r)([0-9]{1,2}|[ivx]{1,4})")
_LEVEL_WORDS = {
    "fellow": "Fellow", "fellowship": "Fellow", "other": "Other", "intern": "PGY1",
}
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")

# Editable columns and the sentence label of each (the rest are kept by the workbook).
_TEXT_FIELDS = {
    "preferred_name": ("preferred name", 200),
    "pronouns": ("pronouns", 60),
    "program": ("program", 200),
    "cohort": ("cohort", 100),
    "agreement_cadence": ("agreement cadence", 1_000),
    "agreement_contact": ("agreement contact", 1_000),
    "agreement_confidentiality": ("agreement confidentiality", 10_000),
    "agreement_notes": ("agreement notes", 100_000),
}
_DATE_FIELDS = {"start_date": "start date", "agreement_date": "agreement date"}
NAME_MAX, EMAIL_MAX = 200, 254
# Longest text each profile field takes; importers apply the same limits.
FIELD_LIMITS = {"name": NAME_MAX, "email": EMAIL_MAX,
                **{key: limit for key, (_label, limit) in _TEXT_FIELDS.items()}}
EDITABLE = ("name", "email", "level", "status", "tags", *_TEXT_FIELDS, *_DATE_FIELDS)


def normalise_level(text: str) -> str:
    """The canonical level for common spellings: "ms 1", "MS-1", "pgy2", "PGY III", "fellow"."""
    if not isinstance(text, str):
        raise InvalidInput(f"Level «{validate.shown(text)}» is not text.")
    squashed = re.sub(r"[\s\-_.·/]+", "", text).casefold()
    if squashed in _LEVEL_WORDS:
        return _LEVEL_WORDS[squashed]
    for level in LEVELS:
        if squashed == level.casefold():
            return level
    match = _LEVEL_PATTERN.fullmatch(squashed)
    if match:
        prefix, number = match.groups()
        n = int(number) if number.isdigit() else _ROMAN.get(number, 0)
        if prefix in ("ms", "m") and 1 <= n <= 4:
            return f"MS{n}"
        if prefix in ("pgy", "r") and 1 <= n <= 7:
            return f"PGY{n}"
    raise InvalidInput(
        f"Level «{validate.shown(text)}» is not recognised; use MS1–MS4, PGY1–PGY7, "
        "Fellow or Other."
    )


def _parse_tags(raw: Any) -> tuple[str, ...]:
    try:
        parsed = json.loads(raw) if isinstance(raw, str) else []
    except ValueError:
        return ()
    if not isinstance(parsed, list):
        return ()
    return tuple(str(t) for t in parsed if isinstance(t, str) and t)


@dataclass(frozen=True)
class Coachee(FromRow):
    id: int
    name: str
    preferred_name: str
    pronouns: str
    email: str
    level: str
    program: str
    cohort: str
    start_date: str | None
    status: str
    tags: tuple[str, ...]
    agreement_cadence: str
    agreement_contact: str
    agreement_confidentiality: str
    agreement_notes: str
    agreement_date: str | None
    created_at: str
    updated_at: str
    deleted_at: str | None

    CONVERT: ClassVar[Converters] = {"tags": _parse_tags}

    @property
    def display_name(self) -> str:
        return self.preferred_name or self.name

    @property
    def is_trashed(self) -> bool:
        return self.deleted_at is not None



def _clean_tags(value: Any) -> str:
    """JSON array of distinct tags; a string is read as a comma-separated list."""
    if value is None:
        items: list[Any] = []
    elif isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, list | tuple | set | frozenset):
        items = list(value)
    else:
        raise InvalidInput(f"Tags must be a list of words, not «{validate.shown(value)}».")
    tags: list[str] = []
    for item in items:
        tag = validate.text(item, "each tag", max_len=60)
        if tag and not any(validate.same_text(tag, t) for t in tags):
            tags.append(tag)
    if len(tags) > 50:
        raise InvalidInput(f"Tags are too many ({len(tags)}; at most 50).")
    return json.dumps(tags, ensure_ascii=False)


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """Validated column values for the given editable fields."""
    validate.known_fields(values, EDITABLE, "coachees")
    row: dict[str, Any] = {}
    for key, value in values.items():
        if key == "name":
            row[key] = validate.text(value, "name", required=True, max_len=NAME_MAX,
                                     missing="A coachee needs a name.")
        elif key == "email":
            email = validate.text(value, "email", max_len=EMAIL_MAX)
            if email and not EMAIL_PATTERN.fullmatch(email):
                raise InvalidInput(f"Email «{validate.shown(email)}» is not an email address.")
            row[key] = email
        elif key == "level":
            level = validate.text(value, "level", max_len=60)
            row[key] = normalise_level(level) if level else ""
        elif key == "status":
            row[key] = validate.choice(value, "status", STATUSES)
        elif key == "tags":
            row[key] = _clean_tags(value)
        elif key in _DATE_FIELDS:
            row[key] = validate.iso_date(value, _DATE_FIELDS[key])
        else:
            label, max_len = _TEXT_FIELDS[key]
            row[key] = validate.text(value, label, max_len=max_len)
    return row


def add(db: sqlite_utils.Database, name: str, **fields: Any) -> Changes:
    row = _clean({"name": name, **fields})
    with db.atomic():
        new_id = int(db["coachees"].insert(row).last_pk)
    return Changes("coachee", (new_id,), created=new_id)


def update(db: sqlite_utils.Database, coachee_id: int, **fields: Any) -> Changes:
    row = _clean(fields)
    coachee_id = validate.record_id(coachee_id, "coachee")
    with db.atomic():
        get(db, coachee_id)
        if row:
            db["coachees"].update(coachee_id, {**row, "updated_at": now_iso()})
    return Changes("coachee", (coachee_id,))


def archive(db: sqlite_utils.Database, coachee_id: int) -> Changes:
    return update(db, coachee_id, status="archived")


def get(db: sqlite_utils.Database, coachee_id: int, *,
        include_deleted: bool = False) -> Coachee:
    coachee_id = validate.record_id(coachee_id, "coachee")
    rows = list(db.query("SELECT * FROM coachees WHERE id = ?", [coachee_id]))
    if not rows:
        raise NotFound(f"There is no coachee with id {coachee_id}.")
    coachee = Coachee.from_row(rows[0])
    if coachee.is_trashed and not include_deleted:
        raise NotFound(f"The coachee with id {coachee_id} is in the trash.")
    return coachee


def sort_key(coachee: Coachee) -> tuple[str, str, int]:
    return (validate.fold(coachee.name), coachee.name, coachee.id)


def list_coachees(db: sqlite_utils.Database, *, text: str | None = None,
                  status: str | None = None, level: str | None = None,
                  include_archived: bool = True) -> list[Coachee]:
    """Coachees not in the trash, by name. `text` matches names, email, program, cohort and
    tags ignoring case and accents; an explicit `status` overrides `include_archived`."""
    wanted_status = validate.choice(status, "status", STATUSES) if status else None
    wanted_level = normalise_level(level) if level else None
    needle = validate.fold(validate.text(text, "search text", max_len=200)) if text else ""
    result = []
    for row in list(db.query("SELECT * FROM coachees WHERE deleted_at IS NULL")):
        coachee = Coachee.from_row(row)
        if wanted_status is not None:
            if coachee.status != wanted_status:
                continue
        elif not include_archived and coachee.status == "archived":
            continue
        if wanted_level is not None and coachee.level != wanted_level:
            continue
        if needle and needle not in _haystack(coachee):
            continue
        result.append(coachee)
    result.sort(key=sort_key)
    return result


def _haystack(coachee: Coachee) -> str:
    parts = [coachee.name, coachee.preferred_name, coachee.email, coachee.program,
             coachee.cohort, *coachee.tags]
    return validate.fold("\n".join(parts))


class ExistingCoachees:
    """Who is probably already in the workbook, for imports: with an email, only the email
    decides (ignoring case); without one, name and program must both match (ignoring case and
    spacing). Built with one query, then answers many lookups."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self._by_email: dict[str, int] = {}
        self._by_name: dict[tuple[str, str], int] = {}
        for row in db.query("SELECT id, name, email, program FROM coachees "
                            "WHERE deleted_at IS NULL ORDER BY id"):
            self.add(row["id"], email=row["email"], name=row["name"], program=row["program"])

    def add(self, ref: int, *, email: str, name: str, program: str) -> None:
        if email:
            self._by_email.setdefault(validate.match_key(email), ref)
        self._by_name.setdefault((validate.match_key(name), validate.match_key(program)), ref)

    def find(self, *, email: str, name: str, program: str) -> int | None:
        email = (email or "").strip()
        if email:
            return self._by_email.get(validate.match_key(email))
        return self._by_name.get((validate.match_key(name or ""),
                                  validate.match_key(program or "")))


def find_existing(db: sqlite_utils.Database, *, email: str, name: str,
                  program: str) -> int | None:
    """The id of a coachee (not in the trash) who is probably this person, for imports."""
    return ExistingCoachees(db).find(email=email, name=name, program=program)
