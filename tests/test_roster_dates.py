"""Roster dates are read only when the file leaves no doubt: ISO always; in a column of
numeric dates, one value with a day above 12 decides the order; a heading can spell it; a
column that stays ambiguous stops the import and names the column, until the coach says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from workbook.errors import AmbiguousDateOrder, InvalidInput
from workbook.exchange.roster import import_roster
from workbook.exchange.roster_dates import read_roster_date


def starts(db: Any) -> dict[str, str | None]:
    return {r["name"]: r["start_date"] for r in db.query("SELECT * FROM coachees")}


def write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "roster.csv"
    path.write_bytes(text.encode(encoding))
    return path


EUROPEAN = ("Name;E-Mail;Start date\r\n"
            "Björn Lindqvist;bjorn@example.edu;03/04/2026\r\n"
            "Élodie Marchand;elodie@example.edu;13/04/2026\r\n"
            "Małgorzata Wiśniewska;m.w@example.edu;01/09/2025\r\n")


def test_a_european_file_is_read_day_first_when_one_date_proves_it(
        db: Any, tmp_path: Path) -> None:
    result = import_roster(db, write(tmp_path, EUROPEAN, "utf-8-sig"))
    assert starts(db) == {"Björn Lindqvist": "2026-04-03", "Élodie Marchand": "2026-04-13",
                          "Małgorzata Wiśniewska": "2025-09-01"}
    assert result.notes == ['Dates in "Start date" were read day first (d/m/yyyy), as '
                            '"13/04/2026" (line 3) shows.']


def test_an_american_file_is_read_month_first_when_one_date_proves_it(
        db: Any, tmp_path: Path) -> None:
    text = "Name,Start\nAna Lima,03/04/2026\nBen Okoro,4/13/2026\nChiara Russo,2026-05-01\n"
    import_roster(db, write(tmp_path, text))
    assert starts(db) == {"Ana Lima": "2026-03-04", "Ben Okoro": "2026-04-13",
                          "Chiara Russo": "2026-05-01"}


def test_a_single_european_date_alone_is_read_as_13_april(db: Any, tmp_path: Path) -> None:
    import_roster(db, write(tmp_path, "Name;Start date\nÉlodie Marchand;13/04/2026\n"))
    assert starts(db) == {"Élodie Marchand": "2026-04-13"}


def test_an_ambiguous_column_stops_the_import_and_names_the_column(
        db: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "Name,Email,Start date\nAna Lima,ana@example.edu,2026-01-05\n"
                           "Ben Okoro,ben@example.edu,03/04/2026\n")
    with pytest.raises(AmbiguousDateOrder) as info:
        import_roster(db, path)
    assert info.value.sentence == (
        'roster.csv, column "Start date": dates such as "03/04/2026" (line 3) can be read day '
        "first (3 April 2026) or month first (4 March 2026), and no date in the column tells "
        "which; choose the order the file uses.")
    assert (info.value.column, info.value.example) == ("Start date", "03/04/2026")
    assert info.value.readings == {"dmy": "3 April 2026", "mdy": "4 March 2026"}
    assert starts(db) == {}


@pytest.mark.parametrize(("order", "expected", "words"), [
    ("dmy", "2026-04-03", "day first (d/m/yyyy), as chosen"),
    ("mdy", "2026-03-04", "month first (m/d/yyyy), as chosen"),
])
def test_the_coach_says_which_order(db: Any, tmp_path: Path, order: str, expected: str,
                                    words: str) -> None:
    result = import_roster(db, write(tmp_path, "Name,Start\nAna Lima,03/04/2026\n"),
                           date_order=order)
    assert starts(db) == {"Ana Lima": expected}
    assert result.notes == [f'Dates in "Start" were read {words}.']


def test_a_heading_that_spells_the_order_decides(db: Any, tmp_path: Path) -> None:
    result = import_roster(db, write(tmp_path, "Name,Start (dd/mm/yyyy)\nAna Lima,03/04/2026\n"))
    assert starts(db) == {"Ana Lima": "2026-04-03"}
    assert result.notes == ['Dates in "Start (dd/mm/yyyy)" were read day first (d/m/yyyy), as '
                            "its heading says."]


def test_a_column_mixing_both_orders_is_refused(db: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "Name,Start\nAna Lima,13/04/2026\nBen Okoro,04/13/2026\n")
    with pytest.raises(InvalidInput) as info:
        import_roster(db, path)
    assert info.value.sentence == (
        'roster.csv, column "Start": "13/04/2026" (line 2) is day first but "04/13/2026" '
        "(line 3) is month first; write every date in one order, or as YYYY-MM-DD.")
    assert starts(db) == {}


def test_a_chosen_order_the_file_contradicts_names_the_row(db: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "Name,Start\nAna Lima,03/04/2026\nBen Okoro,13/04/2026\n")
    with pytest.raises(InvalidInput) as info:
        import_roster(db, path, date_order="mdy")
    assert info.value.sentence == (
        'roster.csv, line 3, column "Start": "13/04/2026" is not a date read month first '
        "(m/d/yyyy), the order of this column; use that order or YYYY-MM-DD.")


def test_iso_month_names_and_equal_day_and_month_never_ask(db: Any, tmp_path: Path) -> None:
    text = ("Name,Start\nAna Lima,2026-04-03\nBen Okoro,3-Apr-2026\nChiara Russo,Apr 3, 2026\n"
            "Dev Patel,04/04/2026\n")
    result = import_roster(db, write(tmp_path, text.replace("Apr 3, 2026", '"Apr 3, 2026"')))
    assert set(starts(db).values()) == {"2026-04-03", "2026-04-04"}
    assert result.notes == []


def test_dotted_and_two_digit_european_dates(db: Any, tmp_path: Path) -> None:
    import_roster(db, write(tmp_path, "Name;Start\nAna Lima;24.12.25\nBen Okoro;1.9.2025\n"))
    assert starts(db) == {"Ana Lima": "2025-12-24", "Ben Okoro": "2025-09-01"}


def test_an_unknown_order_is_refused_by_the_domain(db: Any, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput):
        import_roster(db, write(tmp_path, "Name\nAna Lima\n"), date_order="ymd")


@pytest.mark.parametrize(("text", "order", "iso"), [
    ("13/04/2026", None, "2026-04-13"), ("4/13/2026", None, "2026-04-13"),
    ("03/04/2026", "dmy", "2026-04-03"), ("03/04/2026", "mdy", "2026-03-04"),
    ("03.04.2026", "dmy", "2026-04-03"), ("3-4-26", "dmy", "2026-04-03"),
    ("07/07/2026", None, "2026-07-07"),
])
def test_parse_date_in_an_order(text: str, order: str | None, iso: str) -> None:
    assert read_roster_date(text, order) == iso


@pytest.mark.parametrize(("text", "order"), [("03/04/2026", None), ("13/04/2026", "mdy"),
                                             ("04/13/2026", "dmy"), ("03/04-2026", "dmy")])
def test_parse_date_refuses_a_doubt(text: str, order: str | None) -> None:
    with pytest.raises(ValueError):
        read_roster_date(text, order)


@pytest.mark.parametrize("text, order, read", [
    ("8/3/45", "mdy", "1945-08-03"), ("3-Aug-76", None, "1976-08-03"),
    ("8/3/29", "mdy", "2029-08-03"), ("03.04.30", "dmy", "1930-04-03"),
])
def test_two_digit_years_read_as_the_spreadsheet_showed_them(text: str, order: str | None,
                                                             read: str) -> None:
    """Excel and LibreOffice put 00-29 in the 2000s and 30-99 in the 1900s when the date
    was typed; a roster says what its sheet showed, whatever today's date."""
    assert read_roster_date(text, order) == read
