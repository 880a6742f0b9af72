"""`coach-workbook import` of a roster: the order of ambiguous dates is asked for with
--date-order, and the result says which columns and rows were left out."""

from __future__ import annotations

import json
from pathlib import Path

from tests.records import run_cli


def test_ambiguous_dates_need_date_order_on_the_command_line(tmp_path: Path) -> None:
    wb = tmp_path / "r.cwb"
    assert run_cli("new", str(wb))[0] == 0
    roster = tmp_path / "roster.csv"
    roster.write_text("Name;Start date\nÉlodie Marchand;03/04/2026\n", encoding="utf-8")

    code, out, err = run_cli("import", str(wb), str(roster))
    assert code == 4 and out == ""
    assert err.strip().splitlines() == [
        'roster.csv, column "Start date": dates such as "03/04/2026" (line 2) can be read day '
        "first (3 April 2026) or month first (4 March 2026), and no date in the column tells "
        "which; choose the order the file uses. Run the import again with --date-order dmy "
        "(day first) or --date-order mdy (month first)."]

    code, out, err = run_cli("import", str(wb), str(roster), "--date-order", "dmy")
    assert code == 0, err
    assert out.splitlines() == [
        "Imported roster.csv: 1 coachee added, 0 already in the workbook, 0 duplicate rows "
        "skipped.",
        'Dates in "Start date" were read day first (d/m/yyyy), as chosen.']
    code, out, _ = run_cli("list", str(wb), "coachees", "--json")
    assert [r["start_date"] for r in json.loads(out)] == ["2026-04-03"]

    code, _, err = run_cli("import", str(wb), str(roster), "--date-order", "ymd")
    assert code == 2 and "ymd" in err


def test_a_canvas_export_says_what_was_left_out(tmp_path: Path) -> None:
    wb = tmp_path / "r.cwb"
    assert run_cli("new", str(wb))[0] == 0
    roster = tmp_path / "grades.csv"
    roster.write_text("Student,ID,SIS User ID,SIS Login ID,Section,Quiz 1 (77)\n"
                      "    Points Possible,,,,,10.00\n"
                      '"Lima, Ana",1,S1,alima,Group A,9\n', encoding="utf-8")
    code, out, err = run_cli("import", str(wb), str(roster))
    assert code == 0, err
    assert out.splitlines() == [
        "Imported grades.csv: 1 coachee added, 0 already in the workbook, 0 duplicate rows "
        "skipped.",
        "Columns not recognised (ignored): ID, SIS User ID, SIS Login ID, Section, Quiz 1 (77).",
        'Rows ignored: line 2 ("Points Possible").']
    code, out, _ = run_cli("list", str(wb), "coachees", "--json")
    assert [r["name"] for r in json.loads(out)] == ["Ana Lima"]
