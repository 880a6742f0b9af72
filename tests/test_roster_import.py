"""Roster CSV import: the files schools export from Excel and Google Sheets, what is added,
skipped and refused, and the one sentence each refusal says."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbook import coachees
from workbook.coachees import ExistingCoachees
from workbook.errors import InvalidInput, NotFound
from workbook.exchange.roster import import_roster
from workbook.exchange.roster_dates import read_roster_date

FIXTURES = Path(__file__).parent / "fixtures"


def people(db: Any) -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in db.query("SELECT * FROM coachees")}


def write(tmp_path: Path, text: str, name: str = "roster.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def refused(db: Any, path: Path) -> str:
    before = db.execute("SELECT count(*) FROM coachees").fetchone()[0]
    with pytest.raises(InvalidInput) as info:
        import_roster(db, path)
    assert db.execute("SELECT count(*) FROM coachees").fetchone()[0] == before
    assert "\n" not in info.value.sentence
    return info.value.sentence


def test_excel_cp1252_roster_with_accents_and_first_last_columns(db: Any) -> None:
    result = import_roster(db, FIXTURES / "roster_excel_cp1252.csv", date_order="mdy")
    assert (result.added, result.skipped_existing, result.duplicates_in_file) == (4, 0, 0)
    assert result.unknown_columns == []
    found = people(db)
    assert set(found) == {"José Muñoz", "Zoë Kowalczyk", "François Lefèvre", "Søren Ødegård"}
    jose = found["José Muñoz"]
    assert (jose["level"], jose["cohort"], jose["start_date"]) == ("MS1", "2029", "2026-08-03")
    assert json.loads(jose["tags"]) == ["first-gen", "research"]
    assert found["Zoë Kowalczyk"]["start_date"] == "2025-08-03"
    assert found["Zoë Kowalczyk"]["level"] == "MS2"
    assert found["François Lefèvre"]["level"] == "PGY2"
    assert found["François Lefèvre"]["start_date"] == "2025-07-01"
    assert found["Søren Ødegård"]["level"] == "Fellow"
    assert sorted(result.added_ids) == sorted(r["id"] for r in found.values())
    assert result.changes.ids == tuple(result.added_ids)


def test_utf8_bom_crlf_roster_with_non_latin_names(db: Any) -> None:
    result = import_roster(db, FIXTURES / "roster_utf8_bom_crlf.csv", date_order="mdy")
    assert result.added == 4
    found = people(db)
    hoa = found["Nguyễn Thị Hoa"]
    assert (hoa["preferred_name"], hoa["pronouns"], hoa["level"]) == ("Hoa", "she/her", "PGY1")
    assert json.loads(hoa["tags"]) == ["wellness", "nights"]
    assert found["王小明"]["start_date"] == "2025-08-01"
    assert found["Aïcha Benali"]["start_date"] == "2025-07-01"
    assert "O'Neil, Siobhán" in found


def test_semicolon_roster_from_european_excel(db: Any) -> None:
    result = import_roster(db, FIXTURES / "roster_semicolon.csv")
    assert result.added == 3 and result.unknown_columns == []
    found = people(db)
    bjorn = found["Björn Lindqvist"]
    assert (bjorn["email"], bjorn["level"], bjorn["program"]) == (
        "bjorn.lindqvist@example.edu", "PGY3", "Surgery")
    assert json.loads(bjorn["tags"]) == ["mentor", "research"]
    assert found["Élodie Marchand"]["start_date"] == "2026-01-15"
    assert found["Małgorzata Wiśniewska"]["level"] == "Fellow"


def test_utf16_unicode_text_from_excel(db: Any) -> None:
    result = import_roster(db, FIXTURES / "roster_unicode_text.txt")
    assert result.added == 2
    assert people(db)["Θεοδώρα Παπαδοπούλου"]["level"] == "PGY2"


def test_extra_columns_blank_rows_and_a_repeated_row(db: Any) -> None:
    result = import_roster(db, FIXTURES / "roster_extra_columns.csv")
    assert result.unknown_columns == ["Student ID", "Advisor", "Notes"]
    assert (result.added, result.duplicates_in_file, result.skipped_existing) == (3, 1, 0)
    assert people(db)["Kwame Mensah"]["level"] == "MS2"


def test_importing_the_same_roster_twice_adds_nobody_twice(db: Any) -> None:
    path = FIXTURES / "roster_excel_cp1252.csv"
    import_roster(db, path, date_order="mdy")
    db.execute("UPDATE coachees SET program = 'Changed by the coach' WHERE name = 'José Muñoz'")
    again = import_roster(db, path, date_order="mdy")
    assert (again.added, again.skipped_existing, again.added_ids) == (0, 4, [])
    assert db.execute("SELECT count(*) FROM coachees").fetchone()[0] == 4
    assert people(db)["José Muñoz"]["program"] == "Changed by the coach"  # not modified


def test_match_on_name_and_program_when_there_is_no_email(db: Any, tmp_path: Path) -> None:
    coachees.add(db, "Søren Ødegård", program="cardiology")
    result = import_roster(db, FIXTURES / "roster_excel_cp1252.csv", date_order="mdy")
    assert (result.added, result.skipped_existing) == (3, 1)


def test_dry_run_counts_without_adding(db: Any) -> None:
    coachees.add(db, "Zoë K", email="zoe.kowalczyk@example.edu")
    result = import_roster(db, FIXTURES / "roster_excel_cp1252.csv", dry_run=True,
                           date_order="mdy")
    assert (result.added, result.skipped_existing, result.added_ids) == (3, 1, [])
    assert db.execute("SELECT count(*) FROM coachees").fetchone()[0] == 1


def test_an_error_on_line_14_names_file_line_column_and_value(db: Any, tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    shutil.copyfile(FIXTURES / "roster_error_line14.csv", path)
    assert refused(db, path) == ('roster.csv, line 14, column "start date": "31/02/2026" is not '
                                 "a date (use YYYY-MM-DD).")


def test_line_numbers_count_rows_a_spreadsheet_shows(db: Any, tmp_path: Path) -> None:
    text = ("Name,Notes,Email\n"
            "Tomás Herrera,\"two\nlines\",tomas@example.edu\n"
            "\n"
            "Ingrid Solberg,,ingrid@example\n")
    assert refused(db, write(tmp_path, text)) == (
        'roster.csv, line 4 (line 5 in a text editor), column "Email": "ingrid@example" is not '
        "an email address.")


def test_excel_sep_line_is_honoured(db: Any, tmp_path: Path) -> None:
    text = "sep=;\nName;Level\nTomás Herrera;MS 9\n"
    assert refused(db, write(tmp_path, text)) == (
        'roster.csv, line 2 (line 3 in a text editor), column "Level": "MS 9" is not a training '
        "level (use MS1–MS4, PGY1–PGY7, Fellow or Other).")


@pytest.mark.parametrize(("text", "expected"), [
    ("Email,Year\nx@example.edu,MS1\n",
     'roster.csv has no "name" column; the first row must name the columns (found: "Email", '
     '"Year").'),
    ("Name,Email\n,nobody@example.edu\n",
     'roster.csv, line 2, column "Name": the name is empty; every coachee needs a name.'),
    ("First name,Last name,Email\n,,\nAna,Lima,\n , ,x@example.edu\n",
     'roster.csv, line 4, column "First name": the name is empty; every coachee needs a name.'),
    ("Name,Email\nAna Lima,ana@example.edu,extra\n",
     'roster.csv, line 2 has more values than the first row has columns (2); a value may '
     'contain an unquoted ",".'),
    ('Name,Email\nAna Lima,"ana@example.edu\nBen Okoro,ben@example.edu\n',
     'roster.csv, line 2: a value opens a quote (") that is never closed; check the quotes on '
     "this line."),
    ('Name,Email\n"Ana" Lima,ana@example.edu\n',
     "roster.csv, line 2 cannot be read as CSV (',' expected after '\"')."),
    ("Name,Pronouns\nAna Lima," + "x" * 61 + "\n",
     'roster.csv, line 2, column "Pronouns": the value is too long (61 characters; at most 60).'),
    ("Name,Start\nAna Lima,13/13/2026\n",
     'roster.csv, line 2, column "Start": "13/13/2026" is not a date (use YYYY-MM-DD).'),
    ("Name,Tags\nAna Lima," + ";".join(f"t{i}" for i in range(51)) + "\n",
     'roster.csv, line 2, column "Tags": there are too many tags (51; at most 50).'),
    ("", "roster.csv is empty."),
    ("\r\n\r\n  \r\n", "roster.csv is empty."),
])
def test_an_invalid_roster_is_refused_in_one_sentence(db: Any, tmp_path: Path, text: str,
                                                      expected: str) -> None:
    assert refused(db, write(tmp_path, text)) == expected


def test_an_xlsx_renamed_to_csv(db: Any, tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(200))
    assert refused(db, path) == ("roster.csv is an Excel workbook (or another ZIP file), not a "
                                 "CSV file; open it in Excel and save it as CSV first.")


def test_a_binary_file(db: Any, tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(bytes(range(256)) * 4)
    assert refused(db, path) == ("roster.csv is not a text file (it looks like binary data); "
                                 "save the roster as CSV and try again.")


def test_a_missing_file(db: Any, tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        import_roster(db, tmp_path / "nowhere.csv")


def test_header_matching_ignores_case_spacing_and_punctuation(db: Any, tmp_path: Path) -> None:
    text = ("\ufeffFULL_NAME\tE-Mail\tTraining-Level\tClass of\tStart Date (m/d/yyyy)\tpronouns\n"
            "Ana Lima\tana@example.edu\tintern\t2029\t9/1/2026\tthey/them\n")
    result = import_roster(db, write(tmp_path, text))
    assert result.unknown_columns == []
    ana = people(db)["Ana Lima"]
    assert (ana["email"], ana["level"], ana["cohort"], ana["start_date"], ana["pronouns"]) == (
        "ana@example.edu", "PGY1", "2029", "2026-09-01", "they/them")


def test_a_repeated_column_is_reported_not_used(db: Any, tmp_path: Path) -> None:
    result = import_roster(db, write(tmp_path, "Name,Email,Email\nAna Lima,a@example.edu,b@x\n"))
    assert result.unknown_columns == ["Email"]
    assert people(db)["Ana Lima"]["email"] == "a@example.edu"


def test_one_bad_row_among_many_imports_nothing(db: Any, tmp_path: Path) -> None:
    lines = ["Name,Email"] + [f"Learner {i},learner{i}@example.edu" for i in range(300)]
    lines[250] = "Learner 249,not-an-email"
    sentence = refused(db, write(tmp_path, "\n".join(lines)))
    assert sentence.startswith("roster.csv, line 251, column \"Email\"")


@pytest.mark.parametrize(("text", "iso"), [
    ("2026-08-03", "2026-08-03"), ("2026/8/3", "2026-08-03"), ("8/3/2026", "2026-08-03"),
    ("08/03/2026", "2026-08-03"), ("8/3/26", "2026-08-03"), ("8/3/95", "1995-08-03"),
    ("3-Aug-2026", "2026-08-03"), ("3-aug-26", "2026-08-03"), ("03 August 2026", "2026-08-03"),
    ("Aug 3, 2026", "2026-08-03"), ("2026-08-03 00:00:00", "2026-08-03"),
    ("8/3/2026 0:00", "2026-08-03"), ("  ", None),
])
def test_dates_as_spreadsheets_write_them(text: str, iso: str | None) -> None:
    assert read_roster_date(text, "mdy") == iso


@pytest.mark.parametrize("text", ["31/02/2026", "2026-02-30", "3-Agu-2026", "next monday",
                                  "8/3", "0/1/2026", "3-Augusta-2026"])
def test_not_dates(text: str) -> None:
    with pytest.raises(ValueError):
        read_roster_date(text)


def test_five_thousand_rows_import_and_a_second_import_skips_them(db: Any, tmp_path: Path) -> None:
    lines = ["Name,Email,Level,Program,Cohort,Start date,Tags"]
    lines += [f"Learner Nº{i},learner{i}@example.edu,MS{i % 4 + 1},MD,{2026 + i % 4},"
              f"8/{i % 28 + 1}/2025,cohort-{i % 7};group-{i % 3}" for i in range(5000)]
    path = write(tmp_path, "\r\n".join(lines))
    result = import_roster(db, path)  # how long it takes: bench/scaling.py
    assert result.added == 5000
    again = import_roster(db, path)
    assert again.skipped_existing == 5000 and again.added == 0


names = st.sampled_from(["Zoë Kowalczyk", "zoë  kowalczyk", "ZOË KOWALCZYK", "Zoe Kowalczyk",
                         "José Muñoz", "Jose\u0301 Muñoz", ""])
emails = st.sampled_from(["", " ", "zoe@example.edu", "ZOE@example.edu ", "jose@example.edu"])
programs = st.sampled_from(["", "MD", "md ", "Internal Medicine"])


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(existing=st.lists(st.tuples(names.filter(bool), emails, programs), max_size=4),
       probe=st.tuples(names, emails, programs))
def test_the_index_agrees_with_find_existing(db: Any, existing: list[Any], probe: Any) -> None:
    with db.atomic():
        db.execute("DELETE FROM coachees")
        for name, email, program in existing:
            db.execute("INSERT INTO coachees(name, email, program) VALUES (?, ?, ?)",
                       [name, email, program])
    name, email, program = probe
    assert ExistingCoachees(db).find(email=email, name=name, program=program) == (
        coachees.find_existing(db, email=email, name=name, program=program))


def test_the_example_in_the_format_description_imports(db: Any, tmp_path: Path) -> None:
    text = (Path(__file__).parent.parent / "docs" / "interchange-format.md").read_text("utf-8")
    example = text.split("### 2.5")[1].split("```csv")[1].split("```")[0].lstrip("\n")
    result = import_roster(db, write(tmp_path, example))
    assert result.added == 2 and result.unknown_columns == []
    assert people(db)["José Muñoz"]["start_date"] == "2026-08-03"


def test_a_line_break_or_control_character_inside_a_name(db: Any, tmp_path: Path) -> None:
    assert refused(db, write(tmp_path, 'Name\n"Ana\nLima"\n')) == (
        'roster.csv, line 2, column "Name": the value holds a line break; it must fit on one '
        "line.")
    assert refused(db, write(tmp_path, "Name\nAna\x07Lima\n")) == (
        'roster.csv, line 2, column "Name": the value contains a control character (U+0007); '
        "remove it and save again.")
