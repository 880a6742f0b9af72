"""Property: an import either succeeds or raises InvalidInput with one sentence, and when it
refuses, the workbook's content is exactly as before (every table's row count and a hash of
the whole export)."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.import_fuzzing import WRONG_VALUES, forget, mutate, succeeds_or_refuses_cleanly
from workbook.exchange.json_format import import_json
from workbook.exchange.roster import import_roster

# FUZZ_EXAMPLES=5000 for a longer hunt; the default keeps the file well under a minute.
FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


def checked(db: Any, call: Any) -> Any:
    """The import's result or None (it refused cleanly), with what happened as an event."""
    result = succeeds_or_refuses_cleanly(
        db, call, lambda sentence: event(f"refused: {sentence.split(':')[0][:50]}"))
    if result is not None:
        event("imported")
    return result


# -- roster CSV ------------------------------------------------------------------------------

@FUZZ
@given(raw=st.binary(max_size=3000))
def test_arbitrary_bytes_as_a_roster(db: Any, tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(raw)
    result = checked(db, lambda: import_roster(db, path))
    if result is not None:
        assert result.added == len(result.added_ids)
        forget(db, result.added_ids)


HEADINGS = ["Name", "name", "Full Name", "first_name", "LAST-NAME", "Preferred name", "Pronouns",
            "E-mail", "email address", "Level", "Year", "PGY", "Program", "Cohort", "Class of",
            "Start Date", "tags", "Notes", "Student ID", "", " ", "Ümlaut", "名前", '"quoted"']
CELLS = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
    st.text(alphabet=' ,;\t"\n\r\'é名\x07', max_size=10),
    st.sampled_from(["José Muñoz", "zoe@example.edu", "zoe@", "MS 1", "pgy-2", "Fellow", "MS9",
                     "8/3/2026", "3-Aug-2026", "31/02/2026", "2026-02-30", "a;b,c", "", " ",
                     '"', '""', "x" * 300]),
)


@st.composite
def csv_documents(draw: st.DrawFn) -> bytes:
    headings = draw(st.lists(st.one_of(st.sampled_from(HEADINGS), st.text(max_size=12)),
                             min_size=1, max_size=8))
    if draw(st.booleans()):
        headings.insert(0, "Name")
    rows = draw(st.lists(st.lists(CELLS, max_size=len(headings) + 2), max_size=8))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    buffer = io.StringIO()
    if draw(st.booleans()):
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
        writer.writerow(headings)
        writer.writerows(rows)
        text = buffer.getvalue()
    else:  # hand-joined: stray quotes and unescaped delimiters left as they are
        text = newline.join(delimiter.join(r) for r in [headings, *rows])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    return text.encode(encoding, errors="replace")


@FUZZ
@given(raw=csv_documents())
def test_generated_csv_rosters(db: Any, tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(raw)
    result = checked(db, lambda: import_roster(db, path))
    if result is not None:
        forget(db, result.added_ids)


# -- JSON ------------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                max_size=4),
    max_leaves=25,
)


@FUZZ
@given(value=JSON_VALUES, as_document=st.booleans())
def test_random_json_values(db: Any, tmp_path: Path, value: Any, as_document: bool) -> None:
    if as_document:
        value = {"format": "coach-workbook", "format_version": 1,
                 **(value if isinstance(value, dict) else {"coachees": value})}
    path = tmp_path / "export.json"
    path.write_text(json.dumps(value), "utf-8")
    result = checked(db, lambda: import_json(db, path))
    if result is not None:
        forget(db, result.coachee_ids)


@FUZZ
@given(data=st.data())
def test_mutated_export_documents(db: Any, data: st.DataObject) -> None:
    wrong = st.one_of(JSON_VALUES, st.sampled_from(WRONG_VALUES))
    doc = mutate(lambda options: data.draw(st.sampled_from(options)),
                 lambda: data.draw(wrong), data.draw(st.integers(1, 3)))
    result = checked(db, lambda: import_json(db, doc, source_name="x.json"))
    if result is not None:
        assert result.coachees == len(result.coachee_ids)
        forget(db, result.coachee_ids)
