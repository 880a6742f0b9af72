"""JSON interchange: export a whole workbook to a versioned document, import one back.

The format is described field by field in docs/interchange-format.md. An import is
all-or-nothing: the document is read and checked completely, then written in one transaction.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils
from pydantic import ValidationError

from workbook.changes import Changes
from workbook.coachees import ExistingCoachees
from workbook.errors import InvalidInput
from workbook.exchange import json_import
from workbook.exchange.json_errors import record_path, sentence, shown
from workbook.exchange.json_export import write_document
from workbook.exchange.json_schema import FORMAT, FORMAT_VERSION, Coachee, Document
from workbook.exchange.reading import read_limited
from workbook.vault import files

# What an import may hold, so that one fits in the memory of a 4 GB hospital PC: the document
# is parsed whole and each record becomes a checked object (about 1 kB each, whatever its
# size in the file), so bytes alone do not bound it. A very busy coach's decade exports to
# ~65 MB, ~125,000 objects and ~1.4 million values (bench/generate.py, scale 1). All three
# are checked before anything is parsed; docs/interchange-format.md states them with the
# peak memory measured at the limits.
MAX_BYTES = 100 * 1024 * 1024
MAX_RECORDS = 500_000
MAX_VALUES = 5_000_000

_EVERYTHING = frozenset({"value", "goal", "milestone", "checkin", "session", "section",
                         "note_version", "action", "template", "prompt", "settings", "catalog",
                         "trash"})


@dataclass(frozen=True)
class ImportResult:
    coachees: int = 0
    values: int = 0
    goals: int = 0
    sessions: int = 0
    actions: int = 0
    templates: int = 0
    warnings: list[str] = field(default_factory=list)
    coachee_ids: list[int] = field(default_factory=list)

    @property
    def changes(self) -> Changes:
        return Changes("coachee", tuple(self.coachee_ids), also=_EVERYTHING)


def write_export(db: sqlite_utils.Database, path: Path | str) -> Path:
    """Write the export document to `path` atomically, readable by the owner only, one
    coachee at a time (`write_document`)."""
    path = Path(path)
    with files.atomic_write(path, "w") as fh:
        write_document(db, fh)
    return path


# -- reading and checking --------------------------------------------------------------------

def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")


def _refuse_too_many(raw: bytes, name: str) -> None:
    """Counted on the bytes, before parsing, and generously: a brace, bracket or comma inside
    a text counts as well, which only matters near the limits."""
    records = raw.count(b"{")
    if records > MAX_RECORDS:
        raise InvalidInput(f"{name} holds too many records to import at once (more than "
                           f"{MAX_RECORDS:,}).")
    if records + raw.count(b"[") + raw.count(b",") > MAX_VALUES:
        raise InvalidInput(f"{name} holds too many values to import at once (more than "
                           f"{MAX_VALUES:,}).")


def _read_text(path: Path, name: str) -> str:
    raw = read_limited(path, MAX_BYTES, name)
    _refuse_too_many(raw, name)
    return _decode(raw, name)  # the bytes are dropped on return: only the text is parsed


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InvalidInput(
            f"{name} is not UTF-8 text (line {line} holds a byte that is not UTF-8); "
            "an export from Coach Workbook is always UTF-8."
        ) from None


def _parse(text: str, name: str) -> Any:
    if not text.strip():
        raise InvalidInput(f"{name} is empty.")
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        reason = exc.msg[:1].lower() + exc.msg[1:]
        raise InvalidInput(
            f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {reason})."
        ) from None
    except ValueError as exc:
        raise InvalidInput(f"{name} is not valid JSON ({exc}).") from None
    except RecursionError:
        raise InvalidInput(f"{name} is nested too deeply to be an export.") from None


_BAD_CHARACTER = re.compile("[\x00\ud800-\udfff]")


def _check_strings(data: Any, name: str) -> None:
    """SQLite stores UTF-8: refuse lone surrogates ("\\ud800") and NUL before anything else.

    The walk keeps no path (a path per value cost more memory than the document itself);
    the path is looked for only when a bad string was found."""
    if not isinstance(data, dict | list):
        _check_string(data, (), name)
        return
    stack: list[Any] = [data]
    while stack:
        value = stack.pop()
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            if (isinstance(key, str) and _BAD_CHARACTER.search(key)) or \
                    (isinstance(item, str) and _BAD_CHARACTER.search(item)):
                _refuse_string(data, name)
            if isinstance(item, dict | list):
                stack.append(item)


def _refuse_string(data: dict[str, Any] | list[Any], name: str) -> None:
    stack: list[tuple[Any, tuple[Any, ...]]] = [(data, ())]
    while stack:
        value, loc = stack.pop()
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            _check_string(key, loc, name)
            _check_string(item, (*loc, key), name)
            if isinstance(item, dict | list):
                stack.append((item, (*loc, key)))


def _check_string(value: Any, loc: tuple[Any, ...], name: str) -> None:
    found = _BAD_CHARACTER.search(value) if isinstance(value, str) else None
    if found and found.group() == "\x00":
        raise InvalidInput(f"{name}: {record_path(loc)} contains a NUL character.")
    if found:
        raise InvalidInput(
            f"{name}: {record_path(loc)} contains a character that is not valid Unicode."
        )


def _check_envelope(data: Any, name: str) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InvalidInput(
            f'{name} is not a Coach Workbook export (it has no "format": "{FORMAT}").'
        )
    version = data.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise InvalidInput(
            f"{name} was written by a newer version of Coach Workbook (format version "
            f"{version}); install the latest version to import it."
        )
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise InvalidInput(
            f"{name}: format_version: {shown(version)} is not a format version this program "
            f"reads (it reads {FORMAT_VERSION})."
        )


def _fail(name: str, loc: Iterable[Any], message: str) -> InvalidInput:
    return InvalidInput(f"{name}: {record_path(tuple(loc))}: {message}.")


def _unique(name: str, items: Iterable[tuple[tuple[Any, ...], Any]], what: str) -> None:
    seen: set[Any] = set()
    for loc, value in items:
        if value in seen:
            raise _fail(name, loc, f"{shown(value)} is used twice; each {what} must be unique")
        seen.add(value)


def _nocase(text: str) -> str:
    # SQLite's NOCASE folds ASCII letters only; match it exactly.
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)


def _check_references(doc: Document, name: str) -> None:
    """Ids unique per kind, every reference pointing at a record of the right coachee."""
    _unique(name, ((("goal_domains", i, "key"), d.key) for i, d in enumerate(doc.goal_domains)),
            "goal domain key")
    _unique(name, ((("value_catalog", i, "name"), _nocase(v.name))
                   for i, v in enumerate(doc.value_catalog)), "catalog value name")
    _unique(name, ((("templates", i, "id"), t.id) for i, t in enumerate(doc.templates)),
            "template id")
    _unique(name, ((("templates", i, "key"), t.key) for i, t in enumerate(doc.templates)),
            "template key")
    for i, template in enumerate(doc.templates):
        _unique(name, ((("templates", i, "sections", j, "key"), s.key)
                       for j, s in enumerate(template.sections)), "section key of a template")
    template_ids = {t.id for t in doc.templates}
    kinds: dict[str, list[tuple[tuple[Any, ...], int]]] = {
        "coachee": [], "value": [], "goal": [], "session": [], "action": []}
    for c, coachee in enumerate(doc.coachees):
        base = ("coachees", c)
        kinds["coachee"].append(((*base, "id"), coachee.id))
        for kind, field_name, records in (("value", "values", coachee.values),
                                          ("goal", "goals", coachee.goals),
                                          ("session", "sessions", coachee.sessions),
                                          ("action", "action_items", coachee.action_items)):
            kinds[kind] += [((*base, field_name, i, "id"), r.id) for i, r in enumerate(records)]
    for kind, items in kinds.items():
        _unique(name, items, f"{kind} id")
    for c, coachee in enumerate(doc.coachees):
        _check_coachee_refs(name, c, coachee, template_ids)


def _check_ref(name: str, loc: tuple[Any, ...], ref: int | None, known: set[int],
               what: str) -> None:
    if ref is not None and ref not in known:
        raise _fail(name, loc, f"{ref} is not the id of {what}")


def _check_coachee_refs(name: str, c: int, coachee: Coachee, template_ids: set[int]) -> None:
    base = ("coachees", c)
    values = {v.id for v in coachee.values}
    goals = {g.id for g in coachee.goals}
    sessions = {s.id for s in coachee.sessions}
    for g, goal in enumerate(coachee.goals):
        for i, ref in enumerate(goal.value_refs):
            _check_ref(name, (*base, "goals", g, "value_refs", i), ref, values,
                       "one of this coachee's values")
        for i, checkin in enumerate(goal.checkins):
            _check_ref(name, (*base, "goals", g, "checkins", i, "session_ref"),
                       checkin.session_ref, sessions, "one of this coachee's sessions")
    for s, session in enumerate(coachee.sessions):
        _check_ref(name, (*base, "sessions", s, "template_ref"), session.template_ref,
                   template_ids, "a template in this document")
        for i, ref in enumerate(session.goal_refs):
            _check_ref(name, (*base, "sessions", s, "goal_refs", i), ref, goals,
                       "one of this coachee's goals")
    for a, action in enumerate(coachee.action_items):
        _check_ref(name, (*base, "action_items", a, "session_ref"), action.session_ref,
                   sessions, "one of this coachee's sessions")
        _check_ref(name, (*base, "action_items", a, "goal_ref"), action.goal_ref, goals,
                   "one of this coachee's goals")


def _check_against_workbook(db: sqlite_utils.Database, doc: Document, name: str) -> None:
    domains = {d.key for d in doc.goal_domains}
    domains |= {r["key"] for r in db.query("SELECT key FROM goal_domains")}
    for c, coachee in enumerate(doc.coachees):
        for g, goal in enumerate(coachee.goals):
            if goal.domain not in domains:
                raise _fail(name, ("coachees", c, "goals", g, "domain"),
                            f"{shown(goal.domain)} is not a goal domain of this workbook or "
                            "of the document")
    index = ExistingCoachees(db)
    for c, coachee in enumerate(doc.coachees):
        if coachee.deleted_at is not None:
            continue  # a trashed record cannot collide with a live one
        if index.find(email=coachee.email, name=coachee.name, program=coachee.program):
            how = "the same email" if coachee.email.strip() else "the same name and program"
            raise InvalidInput(
                f"{name}: coachees[{c}] ({shown(coachee.name)}) is already in this workbook "
                f"({how}); nothing was imported."
            )


def load_document(source: Path | str | dict[str, Any], source_name: str | None = None
                  ) -> tuple[Document, str]:
    """Read and check a document without touching any workbook."""
    if isinstance(source, dict):
        name, data = source_name or "the document", source
    else:
        path = Path(source)
        name = source_name or path.name
        data = _parse(_read_text(path, name), name)
    _check_strings(data, name)
    _check_envelope(data, name)
    try:
        doc = Document.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(sentence(name, exc)) from None
    except RecursionError:
        raise InvalidInput(f"{name} is nested too deeply to be an export.") from None
    _check_references(doc, name)
    return doc, name


def import_json(db: sqlite_utils.Database, source: Path | str | dict[str, Any], *,
                source_name: str | None = None) -> ImportResult:
    """Add the document's coachees (with everything they hold), templates, goal domains and
    catalog values to the workbook; settings only when the workbook has no coachees yet."""
    doc, name = load_document(source, source_name)
    with db.atomic():
        _check_against_workbook(db, doc, name)
        empty = db.execute("SELECT count(*) FROM coachees").fetchone()[0] == 0
        written = json_import.write(db, doc, name, apply_settings=empty)
    warnings = list(written.warnings)
    if not empty and doc.settings.model_dump(exclude_none=True):
        warnings.insert(0, "The settings in the file were not applied, because this workbook "
                           "already has coachees; yours are unchanged.")
    return ImportResult(
        coachees=len(written.coachee_ids), values=written.values, goals=written.goals,
        sessions=written.sessions, actions=written.actions, templates=written.templates,
        warnings=warnings, coachee_ids=written.coachee_ids,
    )
