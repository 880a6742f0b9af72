"""The program report as a file: a small JSON document (docs/program-reports.md), CSV
tables beside it for the school's own BI tools, and a SHA-256 digest that shows damage.

The digest is over the document's canonical JSON without the digest itself. It detects a
file changed by accident (a bad copy, an editor that "fixed" it); anyone can recompute it,
so it is no proof against deliberate forgery.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Annotated, Any, Literal

import sqlite_utils
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from workbook import settings
from workbook.errors import BadPeriod, InvalidInput
from workbook.exchange.json_errors import record_path
from workbook.program import tables as t
from workbook.program.period import MAX_QUARTERS, Period, from_label
from workbook.program.report import build_tables, domain_rows
from workbook.program.suppress import TOTAL, Key, Suppressed, suppress
from workbook.validate import shown

FORMAT = "coach-workbook-program-report"
SCHEMA_VERSION = 1
MAX_COUNT = 10_000_000  # more than any program's learners, sessions or goals
SOURCE_KEY = "program_source_id"  # in the workbook's settings table; never exported
NOTICE = ("For the program office only. This report holds counts, some of them small, so "
          "that the office can add up the reports of many coaches; it holds no names, no "
          "notes and no dates finer than a quarter. Do not publish it as it is: publish the "
          "merged program report, whose small counts are suppressed.")
PUBLISHABLE_NOTICE = ("Publishable: counts below {k} are suppressed, with enough others that "
                      "none can be worked out by subtraction. It cannot be merged with other "
                      "reports; the program office merges the coaches' own report files.")


@dataclass(frozen=True)
class Report:
    source_id: str
    period: Period
    tables: list[t.Table]
    made_with: str
    demo: bool = False


def app_version() -> str:
    try:
        return f"Coach Workbook {version('coach-workbook')}"
    except PackageNotFoundError:
        return "Coach Workbook"


def source_id(db: sqlite_utils.Database) -> str:
    """This workbook's random 128-bit report id, made the first time it is asked for: the
    only thing that tells one coach's reports from another's (no name, no machine)."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [SOURCE_KEY]).fetchone()
    if row is not None:
        return str(json.loads(row[0]))
    made = secrets.token_hex(16)
    with db.atomic():
        db["settings"].insert({"key": SOURCE_KEY, "value": json.dumps(made)}, pk="key")
    return made


def coach_report(db: sqlite_utils.Database, period: Period) -> Report:
    return Report(source_id(db), period, build_tables(db, period), app_version(),
                  settings.get_settings(db).is_demo)


def _table_doc(table: t.Table, published: Suppressed | None) -> dict[str, Any]:
    spec = table.spec
    doc: dict[str, Any] = {
        "key": spec.key, "title": spec.title, "measures": spec.measures,
        "counts": spec.counts, "row_label": spec.row_label, "column_label": spec.column_label,
        "rows": list(table.rows), "columns": list(spec.columns), "note": spec.note}
    if published is None:
        doc["cells"] = table.matrix()
    else:
        doc |= t.published_fields(spec, table.rows, published.shown)
    return doc


def publish_table(table: t.Table, threshold: int,
                  also_hidden: Sequence[Key] = ()) -> Suppressed:
    """`table` with the totals its spec publishes, small counts suppressed."""
    return suppress(table.rows, table.columns, table.cells, threshold,
                    row_totals=table.spec.row_totals, column_totals=table.spec.column_totals,
                    also_hidden=also_hidden)


def held_reveals_dose(tables: Sequence[t.Table]) -> bool:
    """Whether the meetings held (the attendance table's total) would tell the dose table's
    suppressed counts: when nobody had 4 or more held meetings, the meetings held are
    exactly 1·(learners with 1) + 2·(with 2) + 3·(with 3), an equation a reader could solve
    for two suppressed dose counts."""
    dose = next(x for x in tables if x.spec.key == "dose")
    return dose.total() > 0 and not any(dose.count(g, b) for g in dose.rows
                                        for b in ("4–5", "6+"))


def publish_tables(tables: Sequence[t.Table], threshold: int,
                   withheld: Collection[str] = ()) -> list[Suppressed | None]:
    """Every table as it may be published (None for a `withheld` one), the dose table's
    suppression told what the attendance table gives away about it."""
    by_key = {x.spec.key: x for x in tables}
    # the held total is then suppressed too, so it tells nothing exact about the dose table
    forced = [(TOTAL, "held")] if held_reveals_dose(tables) else []
    attendance = None if "attendance" in withheld else publish_table(
        by_key["attendance"], threshold, also_hidden=forced)
    found: list[Suppressed | None] = []
    for table in tables:
        key = table.spec.key
        if key in withheld:
            found.append(None)
        elif key == "attendance":
            found.append(attendance)
        elif key == "dose":
            found.append(publish_table(table, threshold))
        else:
            found.append(publish_table(table, threshold))
    return found


def to_document(report: Report, *, publishable: int | None = None) -> dict[str, Any]:
    """The report as its JSON document; with `publishable` (a threshold), the variant whose
    small counts are suppressed, for publishing one coach's figures on their own."""
    doc: dict[str, Any] = {
        "format": FORMAT, "schema_version": SCHEMA_VERSION,
        "notice": PUBLISHABLE_NOTICE.format(k=publishable) if publishable else NOTICE,
        # a published figure is not linked to the coach's other reports
        "source_id": None if publishable else report.source_id,
        "period": report.period.label,
        "made_with": report.made_with, "demo": report.demo,
        "publishable": publishable is not None,
        "tables": [_table_doc(table, shown) for table, shown in zip(
            report.tables, publish_tables(report.tables, publishable) if publishable
            else [None] * len(report.tables), strict=True)]}
    doc["digest"] = digest(doc)
    return doc


def canonical(doc: dict[str, Any]) -> bytes:
    body = {key: value for key, value in doc.items() if key != "digest"}
    return json.dumps(body, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def digest(doc: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(doc)).hexdigest()


# -- reading a report back (the director's side) ----------------------------------------------
# Bounds far above any report this version writes, so that a hostile file under the size
# limit cannot make the reading of it allocate without end (a list of 600,000 items, each
# one an error to report, took a gigabyte).
_LINES = 4 * MAX_QUARTERS + 100  # rows: quarters, goal domains, bins
_TEXT = Field(max_length=2_000)
Text = Annotated[str, _TEXT]
Lines = Annotated[list[Text], Field(max_length=_LINES)]
Counts = Annotated[list[int | None], Field(max_length=_LINES)]


class _TableModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: Text
    title: Text
    measures: Text
    counts: Text
    row_label: Text
    column_label: Text
    rows: Lines
    columns: Lines
    note: Text = ""
    cells: Annotated[list[Annotated[list[Annotated[int, Field(ge=0, le=MAX_COUNT)] | None],
                                    Field(max_length=_LINES)]], Field(max_length=_LINES)]
    row_totals: Counts | None = None
    column_totals: Counts | None = None
    total: int | None = None


class _ReportModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: Literal["coach-workbook-program-report"]
    schema_version: int = Field(ge=1)
    notice: Text
    source_id: str = Field(pattern=r"^[0-9a-f]{32}$")
    period: Text
    made_with: Text
    demo: bool
    publishable: bool
    tables: Annotated[list[_TableModel], Field(max_length=4 * len(t.SPECS))]
    digest: str = Field(pattern=r"^[0-9a-f]{64}$")


def _refused(path: Path, why: str) -> InvalidInput:
    return InvalidInput(f"«{path.name}» {why}")


def parse_report(path: Path, text: str) -> Report:
    """The coach's report in `text` (read from `path`), checked whole; one sentence naming
    the file when it is not one, is damaged, or cannot be added up."""
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError):  # not JSON, nested beyond reading, huge numbers
        raise _refused(path, "is not a program report: it is not JSON.") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise _refused(path, "is not a Coach Workbook program report.")
    if raw.get("publishable") is True:
        raise _refused(path, "is a publishable variant, whose small counts are suppressed: "
                             "it cannot be added up. Ask its coach for the report itself.")
    if isinstance(raw.get("schema_version"), int) and raw["schema_version"] > SCHEMA_VERSION:
        raise _refused(path, f"was written by a newer version of Coach Workbook (report "
                             f"format {raw['schema_version']}); install the latest version.")
    try:
        model = _ReportModel.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors(include_url=False, include_context=False, include_input=False)[0]
        where = shown(record_path(first["loc"]), 80)  # a key may be any text: one short line
        raise _refused(path, f"is not a valid program report (at «{where}»: "
                             f"{shown(first['msg'], 120).lower()}).") from None
    try:
        intact = digest(raw) == model.digest
    except UnicodeEncodeError:  # "\ud800" escaped in the JSON: no Coach Workbook wrote it
        intact = False
    if not intact:
        raise _refused(path, "is damaged: its contents do not match its digest (it was "
                             "changed after Coach Workbook wrote it). Ask its coach for a "
                             "new copy.")
    try:
        period = from_label(model.period)
    except BadPeriod:
        raise _refused(path, f"is not a valid program report: its period «{model.period}» "
                             "is not whole quarters.") from None
    return Report(model.source_id, period, _tables(path, model, period), model.made_with,
                  model.demo)


def _tables(path: Path, model: _ReportModel, period: Period) -> list[t.Table]:
    given = {table.key: table for table in model.tables}
    if sorted(given) != sorted(t.SPEC) or len(given) != len(model.tables):
        raise _refused(path, "does not hold the tables of this version's program report.")
    found = []
    for spec in t.SPECS:
        table = given[spec.key]
        rows = {"attendance": tuple(period.quarters()), "goals": domain_rows()}.get(
            spec.key, spec.rows)
        shape_ok = (tuple(table.rows) == rows and tuple(table.columns) == spec.columns
                    and len(table.cells) == len(rows)
                    and all(len(line) == len(spec.columns) for line in table.cells))
        if not shape_ok:
            raise _refused(path, f"has a table «{spec.title}» whose rows or columns are not "
                                 "the ones this version counts.")
        if any(value is None or value < 0 for line in table.cells for value in line):
            raise _refused(path, f"has a missing or negative count in «{spec.title}».")
        found.append(t.table_from_matrix(spec, rows, [[int(v or 0) for v in line]
                                                      for line in table.cells]))
    return found
