"""Rosters as coaches really get them: a Canvas gradebook or roster export, Outlook and Google
contacts, Google Forms answers. Each imports by its own headings, and the result says which
columns and rows were left out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from workbook.exchange.roster import import_roster


def people(db: Any) -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in db.query("SELECT * FROM coachees")}


def write(tmp_path: Path, lines: list[str], name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
    return path


CANVAS_GRADEBOOK = [
    "Student,ID,SIS User ID,SIS Login ID,Section,Reflection 1 (4411),Start (4412),"
    "Current Score,Unposted Current Score,Final Score",
    ",,,,,Manual Posting,,,,",
    "    Points Possible,,,,,10.00,100.00,(read only),(read only),(read only)",
    '"Lima, Ana",1001,S-2029-001,alima,MS1 Coaching Group A,9.00,88.00,89.1,89.1,89.1',
    '"Okoro, Ben",1002,S-2029-002,bokoro,MS1 Coaching Group A,,92.00,92.0,92.0,83.6',
    '"Ødegård, Søren",1003,S-2029-003,sodegard,MS1 Coaching Group B,10.00,,100.0,100.0,9.1',
    '"Student, Test",1099,,,MS1 Coaching Group A,,,,,',
]


def test_a_canvas_gradebook_imports_its_learners_first_name_first(
        db: Any, tmp_path: Path) -> None:
    result = import_roster(db, write(tmp_path, CANVAS_GRADEBOOK, "grades.csv"))
    assert sorted(people(db)) == ["Ana Lima", "Ben Okoro", "Søren Ødegård"]
    assert result.added == 3
    assert result.unknown_columns == [
        "ID", "SIS User ID", "SIS Login ID", "Section", "Reflection 1 (4411)",
        "Start (4412)", "Current Score", "Unposted Current Score", "Final Score"]
    assert result.ignored_rows == ["line 2 (Canvas's settings row)",
                                   'line 3 ("Points Possible")',
                                   "line 7 (Canvas's test student)"]
    report = result.report("grades.csv")
    assert report[0] == ("Imported grades.csv: 3 coachees added, 0 already in the workbook, "
                         "0 duplicate rows skipped.")
    assert report[2] == ("Rows ignored: line 2 (Canvas's settings row), line 3 "
                         "(\"Points Possible\"), line 7 (Canvas's test student).")


def test_a_canvas_roster_without_points_possible(db: Any, tmp_path: Path) -> None:
    lines = ["Student,ID,SIS User ID,SIS Login ID,Section",
             '"Mensah, Kwame",2001,S-1,kmensah,PGY1 Internal Medicine',
             '"King, Jr., Martin",2002,S-2,mking,PGY1 Internal Medicine',
             "Ingrid Solberg,2003,S-3,isolberg,PGY1 Internal Medicine"]
    result = import_roster(db, write(tmp_path, lines))
    assert sorted(people(db)) == ["Ingrid Solberg", "Kwame Mensah", "Martin King, Jr."]
    assert result.ignored_rows == []


def test_a_points_possible_row_is_skipped_in_any_export(db: Any, tmp_path: Path) -> None:
    result = import_roster(db, write(tmp_path, ["Name,Quiz", "Points Possible,10",
                                                "Ana Lima,9"]))
    assert list(people(db)) == ["Ana Lima"]
    assert result.ignored_rows == ['line 2 ("Points Possible")']


OUTLOOK = [
    '"First Name","Middle Name","Last Name","Title","Suffix","Initials","Web Page","Gender",'
    '"Birthday","Anniversary","Location","Language","Internet Free Busy","Notes",'
    '"E-mail Address","E-mail 2 Address","E-mail 3 Address","Primary Phone","Home Phone",'
    '"Mobile Phone","Company","Department","Job Title","Categories"',
    '"Aïcha","","Benali","","","A.B.","","Unspecified","0/0/00","0/0/00","","","",'
    '"Met at orientation","aicha.benali@example.edu","aicha@example.org","","","",'
    '"","","","","Coaching;MS2"',
    '"Renée","Marie","Côté","Dr.","","R.M.C.","","Unspecified","0/0/00","0/0/00","","","",'
    '"","renee.cote@example.edu","","","","","","","","","Coaching;PGY1;Coaching"',
]


def test_outlook_contacts_with_middle_names_and_categories_as_tags(
        db: Any, tmp_path: Path) -> None:
    result = import_roster(db, write(tmp_path, OUTLOOK, "contacts.csv"))
    found = people(db)
    assert sorted(found) == ["Aïcha Benali", "Renée Marie Côté"]
    assert found["Aïcha Benali"]["email"] == "aicha.benali@example.edu"
    assert json.loads(found["Aïcha Benali"]["tags"]) == ["Coaching", "MS2"]
    assert json.loads(found["Renée Marie Côté"]["tags"]) == ["Coaching", "PGY1"]
    assert "E-mail 2 Address" in result.unknown_columns
    assert "Birthday" in result.unknown_columns and "Notes" in result.unknown_columns
    assert result.ignored_rows == []


GOOGLE = [
    "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,"
    "Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,"
    "Organization Title,Organization Department,Birthday,Notes,Photo,Labels,"
    "E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,"
    "Phone 1 - Label,Phone 1 - Value",
    "Tomás,,Herrera,,,,,,Tom,,,,,,,,* myContacts ::: Coaching ::: MS3,* Work,"
    "tomas.herrera@example.edu ::: tomas@example.org,,,Mobile,+1 555 0100",
    "Keiko,,Sato,,,,,,,,,,,,,,Coaching ::: * starred,,keiko.sato@example.edu,,,,",
]


def test_google_contacts_with_labels_as_tags(db: Any, tmp_path: Path) -> None:
    result = import_roster(db, write(tmp_path, GOOGLE, "contacts.csv"))
    found = people(db)
    assert sorted(found) == ["Keiko Sato", "Tomás Herrera"]
    tomas = found["Tomás Herrera"]
    assert (tomas["preferred_name"], tomas["email"]) == ("Tom", "tomas.herrera@example.edu")
    assert json.loads(tomas["tags"]) == ["Coaching", "MS3"]
    assert json.loads(found["Keiko Sato"]["tags"]) == ["Coaching"]
    assert "E-mail 1 - Label" in result.unknown_columns
    assert "E-mail 2 - Value" in result.unknown_columns


FORMS = [
    "Timestamp,Email Address,What is your full name?,Preferred name (if different),"
    "What are your pronouns?,Training level,Which goals matter most to you this year?",
    "2026/04/03 10:15:22 AM GMT+2,ana.lima@example.edu,Ana Lima,,she/her,MS1,"
    "Pass the first block",
    "2026/04/03 11:02:40 AM GMT+2,ben.okoro@example.edu,Ben Okoro,Benny,he/him,MS 1,"
    "Find a research mentor",
    "2026/04/04 9:12:03 AM GMT+2,ana.lima@example.edu,Ana Lima,,she/her,MS1,Sleep more",
]


def test_google_forms_answers_map_questions_by_their_words(db: Any, tmp_path: Path) -> None:
    result = import_roster(db, write(tmp_path, FORMS, "answers.csv"))
    found = people(db)
    assert sorted(found) == ["Ana Lima", "Ben Okoro"]
    ben = found["Ben Okoro"]
    assert (ben["email"], ben["preferred_name"], ben["pronouns"], ben["level"]) == (
        "ben.okoro@example.edu", "Benny", "he/him", "MS1")
    assert result.unknown_columns == ["Timestamp", "Which goals matter most to you this year?"]
    assert (result.added, result.duplicates_in_file) == (2, 1)


def test_many_ignored_columns_are_listed_briefly(db: Any, tmp_path: Path) -> None:
    headings = ["Name"] + [f"Assignment {i}" for i in range(40)]
    result = import_roster(db, write(tmp_path, [",".join(headings),
                                                "Ana Lima" + ",1" * 40]))
    assert len(result.unknown_columns) == 40
    assert result.report("export.csv")[1] == (
        "Columns not recognised (ignored): "
        + ", ".join(f"Assignment {i}" for i in range(15)) + " and 25 more.")
