"""The benchmark harness cannot rot: a tiny generated workbook and one pass of every timing."""

from __future__ import annotations

import hashlib
from pathlib import Path

from bench import common, run
from bench.generate import ANCHOR, PASSPHRASE, generate, scaled
from workbook import vault

TABLES = ("coachees", "coachee_values", "goals", "goal_values", "milestones", "checkins",
          "sessions", "session_sections", "note_versions", "session_goals", "action_items")


def _content_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with vault.open_vault(path, PASSPHRASE) as v:
        for table in TABLES:
            for row in v.db.execute(f"SELECT * FROM {table} ORDER BY rowid"):
                digest.update(repr(row).encode())
    return digest.hexdigest()


def test_generator_is_deterministic_scaled_and_realistic(tmp_path: Path) -> None:
    counts = scaled(0.01)
    first = generate(tmp_path / "a.cwb", seed=3, **counts)
    again = generate(tmp_path / "b.cwb", seed=3, **counts)
    other = generate(tmp_path / "c.cwb", seed=4, **counts)

    assert _content_digest(first) == _content_digest(again)
    assert _content_digest(first) != _content_digest(other)
    with vault.open_vault(first, PASSPHRASE) as v:
        db = v.db
        for table, key in (("coachees", "coachees"), ("sessions", "sessions"),
                           ("action_items", "actions"), ("goals", "goals")):
            assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == counts[key]
        overdue = db.execute("SELECT count(*) FROM action_items WHERE done_on IS NULL "
                             "AND due_date < ?", [ANCHOR.isoformat()]).fetchone()[0]
        assert overdue > 0
        private, shared = db.execute(
            "SELECT sum(shared = 0), sum(shared = 1) FROM session_sections").fetchone()
        assert private > 0 and shared > 0
        # The triggers indexed every note: FTS finds a section body by its own words.
        body = db.execute("SELECT body FROM session_sections WHERE length(body) > 200 "
                          "LIMIT 1").fetchone()[0]
        word = max(body.split()[:8], key=len).strip(".?,").lower()
        hits = db.execute("SELECT count(*) FROM search_index WHERE search_index MATCH ? "
                          "AND kind = 'section'", [f'"{word}"']).fetchone()[0]
        assert hits > 0


def test_every_operation_runs_once_against_its_floor(tmp_path: Path) -> None:
    pristine = generate(tmp_path / "w.cwb", **scaled(0.01))
    before = hashlib.sha256(pristine.read_bytes()).hexdigest()
    workdir = tmp_path / "work"

    rows = run.measure(pristine, PASSPHRASE, workdir, repeat=1, queries=10, saves=3)

    assert [r.operation for r in rows] == [
        "open (KDF included)", "list coachees", "search (10 queries)",
        "note autosave (3 saves)", "export JSON (build + dumps)", "export JSON to file"]
    for row in rows:
        assert row.ours_ms and len(row.ours_ms) == len(row.floor_ms)
        assert min(row.ours_ms + row.floor_ms) > 0
        assert row.ratio > 0
    search = rows[2].detail
    assert any(q["ours_hits"] > 0 and q["floor_hits"] > 0 for q in search)
    assert any(" " in q["query"] for q in search)  # pairs and names
    assert any(len(q["query"]) <= 5 and " " not in q["query"] for q in search)  # prefixes
    # The cached workbook is never touched; both copies end with the same typed note.
    assert hashlib.sha256(pristine.read_bytes()).hexdigest() == before
    section_id = rows[3].detail[0]["section_id"]
    bodies = []
    for name in ("ours.cwb", "floor.cwb"):
        with vault.open_vault(workdir / name, PASSPHRASE) as v:
            bodies.append(v.db.execute("SELECT body FROM session_sections WHERE id = ?",
                                       [section_id]).fetchone()[0])
    assert bodies[0] == bodies[1]
    assert len(bodies[0]) == rows[3].detail[0]["end_chars"]

    info = common.machine_info(pristine, PASSPHRASE) | {"when": "now", "scale": 0.01,
                                                      "generation_s": 0.1}
    table = run.markdown(rows, info)
    for row in rows:
        assert f"| {row.operation} | {len(row.ours_ms)} |" in table
    assert table.count("×") == len(rows)


def test_scaling_bench_runs_each_row_against_its_floor(tmp_path: Path) -> None:
    from bench import scaling

    rows = scaling.measure(tmp_path, rows=40, repeat=1)
    assert [r.operation.split(",")[0] for r in rows] == [
        "roster import", "coachee list markers", "demo workbook built (floor: an empty "
        "workbook created)"]
    assert all(r.ours_ms and len(r.ours_ms) == len(r.floor_ms) for r in rows)
    assert "| roster import, 40 rows |" in scaling.markdown(rows)


def test_the_program_merge_bench_runs_and_its_reports_merge(tmp_path: Path,
                                                            capsys) -> None:  # type: ignore[no-untyped-def]
    import sys

    from bench import program
    from workbook.program.merge import merge, read_reports

    paths = program.write_reports(tmp_path, 5, seed=2)
    assert merge(read_reports(paths)).sources == 5  # the bench's files are real reports
    argv = sys.argv
    sys.argv = ["bench.program", "--reports", "20", "--repeat", "1"]
    try:
        assert program.main() == 0
    finally:
        sys.argv = argv
    assert "merge of 20 reports: median" in capsys.readouterr().out
