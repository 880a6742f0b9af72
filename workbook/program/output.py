"""Program reports written to disk: the coach's report (JSON, with its tables as CSV beside
it) and the director's merged program summary (JSON, CSV and a PDF).

What a reader may take from the published figures is worked out from published entries
only: "learners coached" is the caseload less those with no held meeting, and is shown
only when both are; a share only when its part and the rest are each above the threshold.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbook.documents.output import write_file
from workbook.errors import OutputRefused
from workbook.program import tables as t
from workbook.program.document import Report, app_version, digest, to_document
from workbook.program.merge import MIN_SOURCES, Merged, PublishedTable, publish
from workbook.program.suppress import TOTAL, share
from workbook.user_folders import make_private_folder
from workbook.vault import outputs

SUMMARY_FORMAT = "coach-workbook-program-summary"
SUMMARY_NAME = "program-summary"


@dataclass(frozen=True)
class Headline:
    label: str
    value: str  # as shown: "124", "38 %", or "suppressed"
    measures: str


def _column_total(item: PublishedTable, column: str) -> int | None:
    if item.shown is None:
        return None
    return item.shown.shown.get((TOTAL, column), item.shown.shown.get((t.ALL, column)))


def _sum(values: Sequence[int | None]) -> int | None:
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)


def _median_bin(bins: Sequence[int | None], total: int | None) -> str:
    """The bin holding the middle learner of the pooled distribution, from published counts
    only. The learners up to a bin are the sum of the bins below it, or the total less the
    bins above it, whichever is published; the median's bin is the one the middle learner
    falls in between the counts up to it and up to the bin before. "suppressed" when the
    published counts cannot tell."""
    if not total:
        return "suppressed"

    def up_to(n: int) -> int | None:
        if n < 0:
            return 0
        below, above = bins[:n + 1], bins[n + 1:]
        if None not in below:
            return sum(b or 0 for b in below)
        return None if None in above else total - sum(b or 0 for b in above)

    for n, label in enumerate(t.DOSE_BINS):
        before, through = up_to(n - 1), up_to(n)
        if before is not None and through is not None and 2 * before < total <= 2 * through:
            return label
    return "suppressed"


def headlines(published: Sequence[PublishedTable], threshold: int) -> list[Headline]:
    """The few figures a program is asked for, each from published entries only."""
    by_key = {item.table.spec.key: item for item in published}
    dose, attendance = by_key["dose"], by_key["attendance"]
    goals, follow = by_key["goals"], by_key["follow_up"]

    def total(item: PublishedTable) -> int | None:
        return None if item.shown is None else item.shown.shown[(TOTAL, TOTAL)]

    def shown(value: int | None) -> str:
        return "suppressed" if value is None else f"{value:,}"

    def percent(part: int | None, whole: int | None) -> str:
        value = share(part, whole, threshold)
        return "suppressed" if value is None else f"{value:.0f} %"

    caseload = total(dose)
    none_held = _column_total(dose, "0")
    coached = None if caseload is None or none_held is None else caseload - none_held
    three_plus = _sum([_column_total(dose, c) for c in ("3", "4–5", "6+")])
    median = _median_bin([_column_total(dose, c) for c in t.DOSE_BINS], caseload)
    answered = None if total(follow) is None or _column_total(follow, t.FOLLOW_UP[3]) is None \
        else total(follow) - _column_total(follow, t.FOLLOW_UP[3])  # type: ignore[operator]
    return [
        Headline("Learners with a meeting in the period", shown(caseload), "reach"),
        Headline("Learners with at least one held meeting", shown(coached), "reach"),
        Headline("Learners with 3 or more held meetings", percent(three_plus, caseload),
                 "dose"),
        Headline("Median held meetings per learner", median, "dose"),
        Headline("Meetings held", shown(_column_total(attendance, "held")), "engagement"),
        Headline("Goals achieved (of goals not in draft)",
                 percent(_column_total(goals, "achieved"), total(goals)), "goal progress"),
        Headline("Action items done by the next meeting (of those with a next meeting)",
                 percent(_column_total(follow, t.FOLLOW_UP[0]), answered), "engagement"),
    ]


def _csv_folder(target: Path) -> Path:
    return target.with_name(f"{target.stem} tables")


def _json_bytes(doc: dict[str, Any]) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _write_set(files: Sequence[tuple[Path, bytes]], csv_folder: Path, force: bool) -> list[Path]:
    """Write every file or none: each is checked first (never a workbook; an existing one
    only with `force`) and the CSV folder made before anything is written; if a write fails,
    the files this call created are removed again. CSV tables of the same report that are
    no longer written (a table now withheld) are removed, so the folder never holds a table
    the summary beside it withholds."""
    for path, _data in files:
        outputs.check_output(path, force=force)
    if csv_folder.exists() and not csv_folder.is_dir():
        raise OutputRefused(f"«{csv_folder}» is a file, and the tables go into a folder of "
                            "that name; move the file or choose another name.")
    make_private_folder(csv_folder)
    fresh = {path for path, _data in files if not path.exists()}
    written: list[Path] = []
    try:
        for path, data in files:
            written.append(write_file(path, data))
    except BaseException:
        for path in written:
            if path in fresh:
                path.unlink(missing_ok=True)
        raise
    kept = {path.name for path, _data in files}
    for spec in t.SPECS:
        stale = csv_folder / f"{spec.key}.csv"
        if stale.name not in kept and stale.is_file() and force:
            stale.unlink()
    return written


def write_report(report: Report, target: Path | str, *, force: bool = False,
                 publishable: int | None = None) -> list[Path]:
    """The coach's report at `target` (JSON) and its tables as CSV in "<name> tables"
    beside it. Nothing is written when any of the files may not be."""
    target = outputs.check_output(target, force=force)
    doc = to_document(report, publishable=publishable)
    from workbook.program.document import publish_tables

    folder = _csv_folder(target)
    shown = publish_tables(report.tables, publishable) if publishable else report.tables
    csvs = [(folder / f"{table.spec.key}.csv", t.csv_text(table.spec, published or table)
             .encode("utf-8-sig")) for table, published in zip(report.tables, shown,
                                                               strict=True)]
    return _write_set([(target, _json_bytes(doc)), *csvs], folder, force)


def summary_document(merged: Merged, threshold: int,
                     published: Sequence[PublishedTable] | None = None) -> dict[str, Any]:
    """The merged summary's JSON document (`published`: `publish(merged, threshold)`, when
    the caller has it already)."""
    published = publish(merged, threshold) if published is None else published
    tables = []
    for item in published:
        spec = item.table.spec
        entry: dict[str, Any] = {"key": spec.key, "title": spec.title,
                                 "measures": spec.measures, "counts": spec.counts,
                                 "rows": list(item.table.rows), "columns": list(spec.columns),
                                 "note": spec.note, "reports_with_counts": item.contributors}
        if item.shown is None:
            entry["withheld"] = (f"fewer than {MIN_SOURCES} coaches' reports hold counts "
                                 f"for this table ({item.contributors})")
        else:
            entry |= t.published_fields(spec, item.table.rows, item.shown.shown)
        tables.append(entry)
    doc: dict[str, Any] = {
        "format": SUMMARY_FORMAT, "schema_version": 1, "period": merged.period.label,
        "coaches_reports": merged.sources, "suppression_threshold": threshold,
        "made_with": app_version(),
        "notice": (f"Counts below {threshold} are suppressed, with enough others that none "
                   "can be worked out by subtraction; a table held by fewer than "
                   f"{MIN_SOURCES} coaches' reports is withheld. " + t.GAS_CAUTION),
        "headlines": [vars(h) for h in headlines(published, threshold)],
        "tables": tables}
    doc["digest"] = digest(doc)
    return doc


def write_summary(merged: Merged, folder: Path | str, threshold: int, *,
                  force: bool = False) -> list[Path]:
    """The merged program summary in `folder`: program-summary.json, .pdf, and its tables
    as CSV in "program-summary tables"."""
    from workbook.documents.program import program_summary_pdf

    folder = Path(folder)
    make_private_folder(folder)
    json_path, pdf_path = folder / f"{SUMMARY_NAME}.json", folder / f"{SUMMARY_NAME}.pdf"
    published = publish(merged, threshold)
    csv_folder = _csv_folder(json_path)
    csvs = [(csv_folder / f"{item.table.spec.key}.csv",
             t.csv_text(item.table.spec, item.shown).encode("utf-8-sig"))
            for item in published if item.shown is not None]
    doc = summary_document(merged, threshold, published)
    pdf = program_summary_pdf(merged, published, headlines(published, threshold), threshold)
    return _write_set([(json_path, _json_bytes(doc)), (pdf_path, pdf), *csvs], csv_folder,
                      force)
