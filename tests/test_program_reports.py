"""A coach's program report, counted by hand: a workbook whose every record is placed on
purpose (in and out of the period, in the trash, a draft, a coach's own domain) gives
exactly the counts a program office would count, and the file it writes holds counts only —
no name, e-mail, tag, note or date finer than a quarter — with a digest that shows damage."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PASSPHRASE
from tests.records import run_cli
from workbook import vault as vault_mod
from workbook.errors import BadPeriod, InvalidInput
from workbook.program import tables as t
from workbook.program.document import coach_report, parse_report, source_id, to_document
from workbook.program.output import write_report
from workbook.program.period import period
from workbook.program.report import build_tables
from workbook.program.suppress import recoverable
from workbook.wellbeing import ITEM_KEYS

PERIOD = period("2026-07", "2027-06")
LADDER = {f"gas_{k}": f"level {k}" for k in ("minus2", "minus1", "zero", "plus1", "plus2")}
NAMES = ("Zoë Kowalczyk", "王小明", "Layla Haddad", "Noor Rahimi", "Out Of-Period",
         "Trashed Learner")
SECRET_WORDS = ("Pass the anatomy exam", "zoe@example.org", "pilot-cohort", "private thought",
                "Sleep seven hours")


def _insert(db: Any, table: str, row: dict[str, Any]) -> int:
    return int(db[table].insert(row).last_pk)


def _session(db: Any, coachee: int, when: str, status: str = "held", **extra: Any) -> int:
    at = when if "T" in when else f"{when}T17:00"
    return _insert(db, "sessions", {"coachee_id": coachee, "scheduled_at": at,
                                    "status": status, **extra})


def _build(db: Any) -> None:
    """The workbook the counts in the tests below were worked out from by hand."""
    with db.atomic():
        a = _insert(db, "coachees", {"name": NAMES[0], "level": "MS1",
                                     "email": "zoe@example.org", "tags": '["pilot-cohort"]'})
        b = _insert(db, "coachees", {"name": NAMES[1], "level": "PGY2"})
        c = _insert(db, "coachees", {"name": NAMES[2], "level": "Fellow"})
        d = _insert(db, "coachees", {"name": NAMES[3], "level": ""})
        e = _insert(db, "coachees", {"name": NAMES[4], "level": "MS3"})
        f = _insert(db, "coachees", {"name": NAMES[5], "level": "MS3",
                                     "deleted_at": "2026-12-01T10:00:00Z"})
        a1 = _session(db, a, "2026-07-10", agenda="private thought")
        _session(db, a, "2026-08-10")
        a3 = _session(db, a, "2026-10-05")
        _session(db, a, "2027-01-05", "cancelled")
        _session(db, a, "2026-09-09", deleted_at="2026-09-10T10:00:00Z")  # in the trash
        b1 = _session(db, b, "2026-09-01")
        _session(db, b, "2026-12-01", "no-show")
        _session(db, b, "2027-06-30T17:00")
        _session(db, c, "2027-02-01", "scheduled")
        d1, *_ = [_session(db, d, day) for day in ("2026-07-02", "2026-07-20", "2026-11-02",
                                                    "2027-01-10", "2027-03-01")]
        d6 = _session(db, d, "2027-05-01")
        e1 = _session(db, e, "2026-06-30")
        _session(db, e, "2027-07-01T09:00")
        _session(db, f, "2026-08-01")

        _insert(db, "goal_domains", {"key": "my-own", "name": "Secret own domain"})
        g_a = _insert(db, "goals", {"coachee_id": a, "title": SECRET_WORDS[0],
                                    "domain": "academic-performance", "status": "active",
                                    "gas_baseline": -1, **LADDER,
                                    "created_at": "2026-06-01T10:00:00Z"})
        _insert(db, "goals", {"coachee_id": a, "title": "Draft goal", "status": "draft"})
        _insert(db, "goals", {"coachee_id": a, "title": "Own domain goal", "domain": "my-own",
                              "status": "achieved"})
        _insert(db, "goals", {"coachee_id": a, "title": "Trashed goal", "status": "active",
                              "deleted_at": "2026-08-01T10:00:00Z"})
        g_b = _insert(db, "goals", {"coachee_id": b, "title": SECRET_WORDS[4],
                                    "domain": "well-being", "status": "achieved",
                                    "gas_baseline": 0, "gas_attained": 2,
                                    "gas_attained_on": "2027-03-01", **LADDER})
        _insert(db, "goals", {"coachee_id": b, "title": "Set after the period",
                              "status": "active", "created_at": "2027-08-01T10:00:00Z"})
        g_d = _insert(db, "goals", {"coachee_id": d, "title": "Suturing",
                                    "domain": "clinical-skills", "status": "dropped",
                                    "gas_baseline": -2, **LADDER})
        _insert(db, "goals", {"coachee_id": e, "title": "Not in the caseload",
                              "status": "achieved"})
        for goal, day, level in ((g_a, "2026-08-10", 0), (g_a, "2026-10-05", 1),
                                 (g_d, "2026-06-01", 0)):
            _insert(db, "checkins", {"goal_id": goal, "checked_on": day, "gas_level": level})
        for goal, done in ((g_a, "2026-09-01"), (g_a, None), (g_a, "2026-05-01"),
                           (g_b, "2027-07-15")):
            _insert(db, "milestones", {"goal_id": goal, "title": "step", "done_on": done})
        for session, done, trashed in ((a1, "2026-08-01", False), (a1, "2026-09-01", False),
                                       (a3, None, False), (b1, None, False),
                                       (d6, "2027-05-02", False), (a1, None, True)):
            owner = {"coachee_id": db["sessions"].get(session)["coachee_id"]}
            _insert(db, "action_items", {**owner, "session_id": session, "text": "an item",
                                         "done_on": done,
                                         "deleted_at": "2026-08-02T10:00:00Z" if trashed
                                         else None})
        # WHO-5: A twice (20, then 80), D twice (40 and 40), B once, E outside the period
        for session, each in ((a1, 1), (a3, 4), (d1, 2), (d6, 2), (b1, 3), (e1, 0)):
            _insert(db, "who5_answers", {"session_id": session, "updated_at": "2026-12-01",
                                         **dict.fromkeys(ITEM_KEYS, each)})


@pytest.fixture
def built(vault: vault_mod.Vault) -> vault_mod.Vault:
    _build(vault.db)
    return vault


def _cells(table: t.Table) -> dict[tuple[str, str], int]:
    return {key: value for key, value in table.cells.items() if value}


def test_every_table_holds_the_counts_worked_out_by_hand(built: vault_mod.Vault) -> None:
    tables = {table.spec.key: table for table in build_tables(built.db, PERIOD)}
    assert [table.spec.key for table in tables.values()] == [s.key for s in t.SPECS]
    # the caseload: four learners with a meeting in the period (not the one outside it, not
    # the one in the trash), by group and held meetings
    assert _cells(tables["dose"]) == {("pre-clinical", "3"): 1, ("resident", "2"): 1,
                                      ("fellow", "0"): 1, ("other or not recorded", "6+"): 1}
    assert _cells(tables["attendance"]) == {
        ("2026-Q3", "held"): 5, ("2026-Q4", "held"): 2, ("2026-Q4", "no-show"): 1,
        ("2027-Q1", "held"): 2, ("2027-Q1", "scheduled"): 1, ("2027-Q1", "cancelled"): 1,
        ("2027-Q2", "held"): 2}
    assert tables["attendance"].rows == ("2026-Q3", "2026-Q4", "2027-Q1", "2027-Q2")
    assert _cells(tables["goals"]) == {("Academic performance", "active"): 1,
                                       ("Other", "achieved"): 1, ("Well-being", "achieved"): 1,
                                       ("Clinical skills", "dropped"): 1}
    assert _cells(tables["milestones"]) == {(t.ALL, "completed in the period"): 1,
                                            (t.ALL, "not completed"): 2}
    assert _cells(tables["follow_up"]) == {
        (t.ALL, "done by the next meeting"): 1, (t.ALL, "done after the next meeting"): 1,
        (t.ALL, "not done by the next meeting"): 1, (t.ALL, "no next meeting yet"): 2}
    assert _cells(tables["gas_levels"]) == {(t.ALL, "+1"): 1, (t.ALL, "+2"): 1}
    assert _cells(tables["gas_change"]) == {(t.ALL, "2 levels higher"): 2}
    assert _cells(tables["gas_t"]) == {(t.ALL, "60 or more"): 2}  # T = 60 and 70
    assert _cells(tables["wellbeing"]) == {("first score", "28 or less"): 1,
                                           ("first score", "29 to 50"): 1,
                                           ("last score", "over 50"): 1,
                                           ("last score", "29 to 50"): 1}


def test_the_files_hold_counts_only(built: vault_mod.Vault, tmp_path: Path) -> None:
    written = write_report(coach_report(built.db, PERIOD), tmp_path / "report.json")
    assert [p.name for p in written] == ["report.json", *(f"{s.key}.csv" for s in t.SPECS)]
    for path in written:
        text = path.read_text("utf-8-sig")
        for secret in (*NAMES, *SECRET_WORDS, "Secret own domain", "Trashed", "my-own"):
            assert secret not in text, (path.name, secret)
        assert not re.search(r"\d{4}-\d\d(?!\d)", text.replace("-Q", "")), path.name
    doc = json.loads(written[0].read_text("utf-8"))
    assert doc["notice"].startswith("For the program office only.")
    assert set(doc) == {"format", "schema_version", "notice", "source_id", "period",
                        "made_with", "demo", "publishable", "tables", "digest"}
    assert doc["period"] == "2026-Q3 to 2027-Q2" and doc["demo"] is False
    for table in doc["tables"]:
        assert all(isinstance(v, int) for line in table["cells"] for v in line)
        assert {"measures", "counts"} <= set(table) and table["counts"] in (
            "learners", "sessions", "goals", "milestones", "action items")


def test_the_source_id_is_made_once_per_workbook(built: vault_mod.Vault,
                                                 template_workbook: Path,
                                                 tmp_path: Path) -> None:
    first = source_id(built.db)
    assert re.fullmatch(r"[0-9a-f]{32}", first) and source_id(built.db) == first
    path = built.path
    built.close()
    with vault_mod.open_vault(path, PASSPHRASE) as again:
        assert source_id(again.db) == first
        from workbook.exchange.json_export import export_json

        assert first not in json.dumps(export_json(again.db))  # not carried to a copy
    other = tmp_path / "other.cwb"
    other.write_bytes(template_workbook.read_bytes())
    with vault_mod.open_vault(other, PASSPHRASE) as second:
        assert source_id(second.db) != first


def test_a_report_reads_back_and_damage_or_a_variant_is_refused(built: vault_mod.Vault,
                                                                tmp_path: Path) -> None:
    report = coach_report(built.db, PERIOD)
    doc = to_document(report)
    back = parse_report(tmp_path / "r.json", json.dumps(doc))
    assert back.source_id == report.source_id and back.period == PERIOD
    assert [x.matrix() for x in back.tables] == [x.matrix() for x in report.tables]
    changed = json.loads(json.dumps(doc))
    changed["tables"][0]["cells"][0][0] += 1
    publishable = to_document(report, publishable=11)
    newer = dict(doc, schema_version=2)
    cases = {"is damaged: its contents do not match its digest": json.dumps(changed),
             "is a publishable variant": json.dumps(publishable),
             "was written by a newer version": json.dumps(newer),
             "is not a program report: it is not JSON.": "{not json",
             "is not a Coach Workbook program report.": json.dumps({"coachees": []})}
    for said, text in cases.items():
        with pytest.raises(InvalidInput) as refused:
            parse_report(tmp_path / "r.json", text)
        assert refused.value.sentence.startswith("«r.json» ") and said in refused.value.sentence


def test_the_publishable_variant_hides_small_counts_for_good(built: vault_mod.Vault) -> None:
    doc = to_document(coach_report(built.db, PERIOD), publishable=11)
    assert doc["publishable"] is True and "suppressed" in doc["notice"]
    for table in doc["tables"]:
        values = [v for line in table["cells"] for v in line]
        assert all(v is None or v == 0 or v >= 11 for v in values), table["key"]
        rows, columns = table["rows"], table["columns"]
        shown = {(r, c): table["cells"][i][j] for i, r in enumerate(rows)
                 for j, c in enumerate(columns)}
        for i, r in enumerate(rows):
            if table["row_totals"] is not None:
                shown[(r, "total")] = table["row_totals"][i]
        if table["column_totals"] is not None:
            shown |= {("total", c): table["column_totals"][j] for j, c in enumerate(columns)}
        shown[("total", "total")] = table["total"]
        assert recoverable(rows, columns, shown) == {}, table["key"]


@pytest.mark.parametrize(("first", "last", "said"), [
    ("2026-08", "2027-06", "start it in January, April, July or October, not with «2026-08»"),
    ("2026-07", "2027-05", "end it in March, June, September or December, not with «2027-05»"),
    ("2026-7x", "2027-06", "The period's --from «2026-7x» is not a month or a quarter"),
    ("2027-07", "2026-06", "The period ends («2026-06») before it starts («2027-07»)."),
    ("2020-01", "2025-12", "at most 20 quarters"),
])
def test_a_period_finer_than_quarters_is_refused_in_words(first: str, last: str,
                                                         said: str) -> None:
    with pytest.raises(BadPeriod) as refused:
        period(first, last)
    assert said in refused.value.sentence


def test_quarters_may_be_named_as_quarters() -> None:
    assert period("2026-Q3", "2027-Q2") == PERIOD
    assert period("2026-Q4", "2026-Q4").label == "2026-Q4"


def test_the_command_line_writes_the_report_and_refuses_before_asking(
        built: vault_mod.Vault, tmp_path: Path) -> None:
    path = built.path
    built.close()
    out = tmp_path / "Rapport 2026–27.json"
    code, said, err = run_cli("program", "report", str(path), "--from", "2026-07", "--to",
                              "2027-06", "-o", str(out))
    assert code == 0, err
    assert "4 learners with a meeting in the period" in said
    assert json.loads(out.read_text("utf-8"))["period"] == "2026-Q3 to 2027-Q2"
    assert (tmp_path / "Rapport 2026–27 tables" / "dose.csv").is_file()
    again = run_cli("program", "report", str(path), "--from", "2026-07", "--to", "2027-06",
                    "-o", str(out))
    assert again[0] == 2 and "already exists; use --force" in again[2]
    bad = run_cli("program", "report", str(path), "--from", "2026-08", "--to", "2027-06",
                  "-o", str(tmp_path / "x.json"), stdin="")  # refused before any passphrase
    assert bad[0] == 2 and "whole quarters" in bad[2] and len(bad[2].strip().splitlines()) == 1
    onto = run_cli("program", "report", str(path), "--from", "2026-07", "--to", "2027-06",
                   "-o", str(path), "--force")
    assert onto[0] == 2 and "never replaces it" in onto[2]


def test_the_demo_workbook_reports_a_well_being_change(demo_file: Path) -> None:
    """The demo records the WHO-5 twice for one learner (32, then 52): the report shows her
    first score in the middle band and her last above it, and nobody's name."""
    from datetime import timedelta

    from workbook import dates

    today = dates.today()
    chosen = period(dates.quarter_label(today - timedelta(days=365)),
                    dates.quarter_label(today))
    with vault_mod.open_vault(demo_file, PASSPHRASE) as v:
        table = next(x for x in build_tables(v.db, chosen) if x.spec.key == "wellbeing")
    assert _cells(table) == {("first score", "29 to 50"): 1, ("last score", "over 50"): 1}
