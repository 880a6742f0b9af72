"""The program director's merge: fifty simulated coaches' reports become one program summary
(PDF, JSON, CSV) whose counts are the sums of theirs, whose small counts cannot be worked
out by subtraction, and which withholds any table fewer than three coaches hold counts for.
A mix that cannot be added up — a second copy, another period, the demo, a publishable
variant, a damaged file — is refused with one sentence naming the file, and nothing is
written."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from tests.conftest import PASSPHRASE
from tests.program_simulation import DEMO_DAY, PERIOD, simulated_reports
from tests.records import run_cli
from workbook import demo
from workbook import vault as vault_mod
from workbook.errors import InvalidInput
from workbook.program import tables as t
from workbook.program.document import Report, to_document
from workbook.program.merge import MIN_SOURCES, merge, publish, read_reports
from workbook.program.output import summary_document, write_summary
from workbook.program.period import period
from workbook.program.suppress import TOTAL, recoverable


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory,
           template_workbook: Path) -> Iterator[vault_mod.Vault]:
    path = tmp_path_factory.mktemp("program") / "coaches.cwb"
    path.write_bytes(template_workbook.read_bytes())
    v = vault_mod.open_vault(path, PASSPHRASE)
    demo.build_demo(v.db, today=DEMO_DAY)
    yield v
    v.close()


@pytest.fixture(scope="module")
def fifty(filled: vault_mod.Vault) -> list[Report]:
    return simulated_reports(filled.db, 50, seed=1)


def _files(reports: list[Report], folder: Path, **variant: int) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for n, report in enumerate(reports):
        path = folder / f"coach {n + 1:02}.json"
        path.write_text(json.dumps(to_document(report, **variant)), "utf-8")
        paths.append(path)
    return paths


def test_fifty_reports_add_up_cell_by_cell(fifty: list[Report], tmp_path: Path) -> None:
    assert len({r.source_id for r in fifty}) == 50
    merged = merge(read_reports(_files(fifty, tmp_path / "in")))
    assert merged.sources == 50 and merged.period == PERIOD
    for n, table in enumerate(merged.tables):
        for key in {k for r in fifty for k in r.tables[n].cells}:
            assert table.count(*key) == sum(r.tables[n].count(*key) for r in fifty)
    caseload = sum(r.tables[0].total() for r in fifty)
    assert merged.tables[0].total() == caseload > 200


def test_the_summary_publishes_nothing_that_subtraction_can_reveal(fifty: list[Report]) -> None:
    merged = merge([(Path(f"{n}.json"), r) for n, r in enumerate(fifty)])
    for threshold in (5, 11):
        for item in publish(merged, threshold):
            assert item.shown is not None, item.table.spec.key  # 50 coaches hold every table
            shown = item.shown.shown
            assert all(v is None or v == 0 or v >= threshold for v in shown.values())
            for key, value in shown.items():
                if value is not None and TOTAL not in key:
                    assert value == item.table.count(*key)
            assert recoverable(item.shown.rows, item.shown.columns, shown) == {}


def test_the_director_gets_a_pdf_csv_tables_and_json(fifty: list[Report],
                                                     tmp_path: Path) -> None:
    merged = merge(read_reports(_files(fifty, tmp_path / "in")))
    written = write_summary(merged, tmp_path / "Programme 2026–27", 11)
    names = [p.name for p in written]
    assert names[:2] == ["program-summary.json", "program-summary.pdf"]
    assert sorted(names[2:]) == sorted(f"{s.key}.csv" for s in t.SPECS)
    text = "\n".join(page.extract_text() for page in PdfReader(written[1]).pages)
    flat = " ".join(text.split())
    assert "Coaching program summary" in flat and "2026-Q3 to 2027-Q2" in flat
    assert "50 coaches' reports" in flat and "must not be used to rank" in flat
    for spec in t.SPECS:
        assert " ".join(spec.title.split()) in flat, spec.title
    doc = json.loads(written[0].read_text("utf-8"))
    learners = next(h for h in doc["headlines"] if h["label"].startswith("Learners with a "))
    assert learners["value"] == f"{merged.tables[0].total():,}"
    assert doc["coaches_reports"] == 50 and doc["suppression_threshold"] == 11
    bins = [sum(merged.tables[0].count(g, b) for g in t.GROUPS) for b in t.DOSE_BINS]
    middle = next(n for n in range(len(bins)) if 2 * sum(bins[:n + 1]) >= sum(bins))
    median = next(h for h in doc["headlines"] if h["label"].startswith("Median held"))
    assert median["value"] == t.DOSE_BINS[middle]  # from the pooled distribution
    rows = list(csv.reader(io.StringIO(
        (written[0].parent / "program-summary tables" / "dose.csv").read_text("utf-8-sig"))))
    assert rows[0] == ["learner group", "held meetings in the period", "learners", "measures"]
    assert ["total", "total", str(merged.tables[0].total()), "reach and dose"] in rows


def test_with_fewer_than_three_coaches_every_table_is_withheld(fifty: list[Report],
                                                               tmp_path: Path) -> None:
    merged = merge([(Path(f"{n}.json"), r) for n, r in enumerate(fifty[:MIN_SOURCES - 1])])
    doc = summary_document(merged, 5)
    assert all("withheld" in table and "cells" not in table for table in doc["tables"])
    assert all(h["value"] == "suppressed" for h in doc["headlines"])
    pdf = write_summary(merged, tmp_path / "out", 5)[1]
    assert "Withheld: fewer than 3 coaches' reports" in PdfReader(pdf).pages[0].extract_text() \
        + "".join(p.extract_text() for p in PdfReader(pdf).pages[1:])


def test_a_mix_that_cannot_be_added_up_is_refused_by_name(filled: vault_mod.Vault,
                                                          fifty: list[Report],
                                                          tmp_path: Path) -> None:
    good = _files(fifty[:3], tmp_path / "good")
    other_period = simulated_reports(filled.db, 1, seed=7, chosen=period("2027-07", "2028-06"))
    other = _files(other_period, tmp_path / "other")[0]
    publishable = _files(fifty[3:4], tmp_path / "pub", publishable=11)[0]
    damaged = tmp_path / "damaged.json"
    doc = json.loads(good[0].read_text("utf-8"))
    doc["tables"][1]["cells"][0][0] += 3
    damaged.write_text(json.dumps(doc), "utf-8")
    demo_report = tmp_path / "demo.json"
    demo_doc = json.loads(good[1].read_text("utf-8"))
    demo_doc.update(demo=True, source_id="0" * 32)
    demo_doc["digest"] = __import__("workbook.program.document", fromlist=["digest"]).digest(
        demo_doc)
    demo_report.write_text(json.dumps(demo_doc), "utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text("Zoë said she is tired", "utf-8")
    cases = [
        ([*good, good[1]], "«coach 02.json» is given twice; give each report once."),
        ([*good, other], "«coach 01.json» covers 2027-Q3 to 2028-Q2, but «coach 01.json» "
                         "covers 2026-Q3 to 2027-Q2: merge reports of one period."),
        ([*good, publishable], "«coach 01.json» is a publishable variant"),
        ([*good, damaged], "«damaged.json» is damaged: its contents do not match its digest"),
        ([*good, demo_report], "«demo.json» was made from the demo workbook"),
        ([*good, notes], "«notes.txt» is not a program report: it is not JSON."),
        ([*good, tmp_path / "gone.json"], "There is no file at"),
    ]
    for paths, said in cases:
        out = tmp_path / "summary"
        code, _out, err = run_cli("program", "merge", *map(str, paths), "-o", str(out),
                                  stdin="")
        assert code == 4, err
        assert said in err and len(err.strip().splitlines()) == 1, err
        assert not out.exists()  # nothing written
        with pytest.raises(InvalidInput):
            merge(read_reports(paths))


def test_the_command_line_merges_into_a_folder(fifty: list[Report], tmp_path: Path) -> None:
    paths = _files(fifty[:12], tmp_path / "in")
    out = tmp_path / "Résumé du programme"
    code, said, err = run_cli("program", "merge", *map(str, paths), "-o", str(out), stdin="")
    assert code == 0, err
    assert "Merged 12 reports of 2026-Q3 to 2027-Q2" in said
    assert "counts below 11 are suppressed" in said
    assert (out / "program-summary.pdf").read_bytes().startswith(b"%PDF-")
    again = run_cli("program", "merge", *map(str, paths), "-o", str(out), stdin="")
    assert again[0] == 2 and "already exists; use --force" in again[2]
    assert run_cli("program", "merge", *map(str, paths), "-o", str(out), "--force",
                   "--threshold", "5", stdin="")[0] == 0
    assert json.loads((out / "program-summary.json").read_text("utf-8"))[
        "suppression_threshold"] == 5


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), coaches=st.integers(3, 7),
       threshold=st.sampled_from((5, 11)))
def test_no_set_of_workbooks_gives_a_table_that_subtraction_can_open(
        filled: vault_mod.Vault, seed: int, coaches: int, threshold: int) -> None:
    reports = simulated_reports(filled.db, coaches, seed=seed)
    merged = merge([(Path(f"{n}.json"), r) for n, r in enumerate(reports)])
    for item in publish(merged, threshold):
        if item.shown is None:
            assert item.contributors < MIN_SOURCES
            continue
        shown = item.shown.shown
        assert recoverable(item.shown.rows, item.shown.columns, shown) == {}
        assert all(v is None or v == 0 or v >= threshold for v in shown.values())


def test_a_summary_is_written_whole_or_not_at_all(fifty: list[Report], tmp_path: Path) -> None:
    merged = merge([(Path(f"{n}.json"), r) for n, r in enumerate(fifty[:5])])
    out = tmp_path / "out"
    out.mkdir()
    (out / "program-summary tables").write_text("in the way", "utf-8")  # no folder can go here
    from workbook.errors import OutputRefused

    with pytest.raises(OutputRefused, match="is a file, and the tables go into a folder"):
        write_summary(merged, out, 11)
    assert sorted(p.name for p in out.iterdir()) == ["program-summary tables"]


def test_a_replaced_summary_keeps_no_table_it_now_withholds(fifty: list[Report],
                                                            tmp_path: Path) -> None:
    out = tmp_path / "out"
    many = merge([(Path(f"{n}.json"), r) for n, r in enumerate(fifty[:6])])
    write_summary(many, out, 5)
    tables = out / "program-summary tables"
    assert (tables / "wellbeing.csv").is_file()
    few = merge([(Path(f"{n}.json"), r) for n, r in enumerate(fifty[:2])])  # all withheld
    write_summary(few, out, 5, force=True)
    assert sorted(p.name for p in tables.iterdir()) == []


def test_odd_files_are_refused_in_words(fifty: list[Report], tmp_path: Path) -> None:
    from workbook.program.document import digest

    doc = to_document(fifty[0])
    odd_period = dict(doc, period="2026-Q3 to 2027-Q2x")
    odd_period["digest"] = digest(odd_period)
    old = dict(doc, schema_version=0)
    old["digest"] = digest(old)
    cases = {"period.json": (json.dumps(odd_period), "its period «2026-Q3 to 2027-Q2x» is not "
                                                    "whole quarters"),
             "deep.json": ("[" * 200_000 + "]" * 200_000, "it is not JSON"),
             "old.json": (json.dumps(old), "is not a valid program report")}
    for name, (text, said) in cases.items():
        path = tmp_path / name
        path.write_text(text, "utf-8")
        with pytest.raises(InvalidInput) as refused:
            read_reports([path])
        assert refused.value.sentence.startswith(f"«{name}» ") and said in \
            refused.value.sentence


@pytest.mark.parametrize(("bins", "total", "median"), [
    ([0, 10, 10, 10, 10, 10], 50, "3"),  # 20 up to "2" is under half, 30 up to "3" over
    ([0, None, None, 45, 283, 110], 455, "4–5"),  # up to "2": 455 − 438 = 17
    ([0, None, None, None, 283, 110], 455, "4–5"),  # up to "3" still the total less above
    ([None, 300, None, 20, 10, None], 400, "suppressed"),  # neither side is whole
    ([0, 0, 0, 0, 0, 0], 0, "suppressed"),
])
def test_the_median_comes_from_published_counts_only(bins: list[int | None], total: int,
                                                     median: str) -> None:
    from workbook.program.output import _median_bin

    assert _median_bin(bins, total) == median


def _report_with(cells: dict[str, dict[tuple[str, str], int]]) -> Report:
    from workbook.program.report import domain_rows

    made = []
    for spec in t.SPECS:
        rows = {"attendance": tuple(PERIOD.quarters()), "goals": domain_rows()}.get(
            spec.key, spec.rows)
        made.append(t.Table(spec, rows, cells.get(spec.key, {})))
    return Report("f" * 32, PERIOD, made, "test")


def test_published_tables_give_nothing_away_through_each_other() -> None:
    """Found by review: the WHO-5 table's two rows count the same learners, and the meetings
    held (attendance) are 1·n1 + 2·n2 + 3·n3 of the dose table when nobody had 4 or more."""
    from workbook.program.document import publish_tables
    from workbook.program.suppress import lines

    report = _report_with({
        "wellbeing": {("first score", "28 or less"): 3, ("first score", "29 to 50"): 20,
                      ("first score", "over 50"): 30, ("last score", "29 to 50"): 15,
                      ("last score", "over 50"): 38},
        "dose": {("resident", "0"): 20, ("resident", "1"): 5, ("resident", "2"): 7,
                 ("resident", "3"): 30},
        "attendance": {("2026-Q3", "held"): 109}})
    published = dict(zip([s.key for s in t.SPECS], publish_tables(report.tables, 11),
                         strict=True))
    well = published["wellbeing"]
    assert well is not None and well.shown[("first score", "28 or less")] is None
    # both rows show their total, 53 — so the other row's cells cannot give the 3 away
    assert well.shown[("first score", TOTAL)] == well.shown[("last score", TOTAL)] == 53
    assert recoverable(well.rows, well.columns, well.shown) == {}
    attendance = published["attendance"]
    assert attendance is not None and attendance.shown[(TOTAL, "held")] is None
    assert recoverable(attendance.rows, attendance.columns, attendance.shown) == {}
    dose = published["dose"]
    assert dose is not None and dose.shown[(TOTAL, "1")] is None  # 5 < 11
    from workbook.program.suppress import _solved

    # with the held total published, the dose table's two small bins would come back:
    known = {**dose.shown}
    equation = ({(TOTAL, "1"): 1, (TOTAL, "2"): 2, (TOTAL, "3"): 3}, 109)
    assert _solved(known, lines(dose.rows, dose.columns, known), [equation]) != {}


def test_files_that_once_crashed_the_merge_are_refused_by_name(fifty: list[Report],
                                                               tmp_path: Path) -> None:
    """Found by review: a number of thousands of digits, a period at the end of the
    calendar, and an absurd count each ended in "an unexpected problem"."""
    from workbook.program.document import digest

    far = dict(to_document(fifty[0]), period="9999-Q4")
    far["digest"] = digest(far)
    huge = json.loads(json.dumps(to_document(fifty[0])))
    huge["tables"][0]["cells"][0][0] = 10 ** 400
    huge["digest"] = digest(huge)
    cases = {"digits.json": '{"format": ' + "9" * 5000 + "}",
             "far.json": json.dumps(far), "huge.json": json.dumps(huge)}
    for name, text in cases.items():
        (tmp_path / name).write_text(text, "utf-8")
        with pytest.raises(InvalidInput) as refused:
            read_reports([tmp_path / name])
        assert refused.value.sentence.startswith(f"«{name}» ")
    code, _out, err = run_cli("program", "merge", str(tmp_path / "far.json"), "-o",
                              str(tmp_path / "o"), stdin="")
    assert code == 4 and err.startswith("«far.json»")


def test_the_publishable_variant_is_not_linked_to_its_coach() -> None:
    doc = to_document(_report_with({}), publishable=11)
    assert doc["source_id"] is None and to_document(_report_with({}))["source_id"] == "f" * 32


def test_a_file_where_the_tables_folder_goes_is_named(fifty: list[Report],
                                                      tmp_path: Path) -> None:
    (tmp_path / "report tables").write_text("in the way", "utf-8")
    code, _out, err = run_cli("program", "merge", *map(str, _files(fifty[:3], tmp_path / "in")),
                              "-o", str(tmp_path / "out"), "--threshold", "1", stdin="")
    assert code == 2 and "--threshold" in err  # a threshold of 1 would suppress nothing
    from workbook.errors import OutputRefused
    from workbook.program.output import write_report

    with pytest.raises(OutputRefused, match="report tables» is a file"):
        write_report(fifty[0], tmp_path / "report.json")
    assert not (tmp_path / "report.json").exists()


def test_hostile_reports_get_one_short_line_and_little_memory(fifty: list[Report],
                                                              tmp_path: Path) -> None:
    """Found by the fuzz proof: an escaped lone surrogate crashed the digest, a key with a
    line break or of 100,000 characters made the sentence as long, and a list of 600,000
    items took a gigabyte to refuse."""
    import tracemalloc

    doc = json.loads(json.dumps(to_document(fifty[0])))
    surrogate = dict(doc, notice="\ud800")
    keyed = dict(doc, **{"a\nb" + "x" * 100_000: 1})
    many = dict(doc, tables=[1] * 600_000)
    rows = json.loads(json.dumps(doc))
    rows["tables"][0]["rows"] = [None] * 300_000
    cases = {"surrogate.json": json.dumps(surrogate), "keyed.json": json.dumps(keyed),
             "many.json": json.dumps(many), "rows.json": json.dumps(rows)}
    for name, text in cases.items():
        (tmp_path / name).write_text(text, "utf-8")
        tracemalloc.start()
        with pytest.raises(InvalidInput) as refused:
            read_reports([tmp_path / name])
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        sentence = refused.value.sentence
        assert sentence.startswith(f"«{name}» ") and "\n" not in sentence, sentence
        assert len(sentence) < 400, sentence
        assert peak < 40 * len(text) + 20_000_000, (name, peak)


def test_a_report_saved_with_a_byte_order_mark_is_read(fifty: list[Report],
                                                       tmp_path: Path) -> None:
    (path,) = _files(fifty[:1], tmp_path)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    ((_, report),) = read_reports([path])
    assert report.source_id == fifty[0].source_id
