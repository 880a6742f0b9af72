"""The documents benchmark cannot rot: one tiny pass of both documents against their floor."""

from __future__ import annotations

import hashlib
from pathlib import Path

from bench import common, documents
from bench.generate import PASSPHRASE, generate, scaled
from workbook import vault


def test_both_documents_run_once_against_their_floor(tmp_path: Path) -> None:
    pristine = generate(tmp_path / "w.cwb", **scaled(0.01))
    before = hashlib.sha256(pristine.read_bytes()).hexdigest()
    with vault.open_vault(pristine, PASSPHRASE) as v:
        _, busiest = documents.busiest_coachee(v.db)
    wanted = busiest + 3  # more than anyone has: the bench must add sessions

    results = documents.measure(pristine, PASSPHRASE, tmp_path / "work", repeat=1,
                                min_sessions=wanted)

    assert [r.operation for r in results.rows] == ["session summary", "portfolio summary"]
    assert [r.operation for r in results.printing] == ["print session summary",
                                                       "print portfolio summary"]
    for row in results.rows + results.printing:
        assert len(row.ours_ms) == len(row.floor_ms) == 1
        assert min(row.ours_ms + row.floor_ms) > 0
        assert max(row.ours_ms + row.floor_ms) < 20_000
        assert row.ratio > 0
    subject = results.subject
    assert subject["sessions"] == wanted and subject["sessions_added"] == 3
    for detail in subject["documents"].values():
        assert detail["pages"] >= 1 and detail["floor_pages"] >= 1
        assert detail["lines"] > 5 and detail["chars"] > 100
    # The added sessions are in the copy, not in the cached workbook.
    with vault.open_vault(tmp_path / "work" / "documents.cwb", PASSPHRASE) as v:
        count = v.db.execute("SELECT count(*) FROM sessions WHERE coachee_id = ? AND "
                             "deleted_at IS NULL", [subject["coachee_id"]]).fetchone()[0]
        notes = v.db.execute(
            "SELECT count(*) FROM session_sections x JOIN sessions s ON s.id = x.session_id "
            "WHERE s.coachee_id = ? AND x.body <> ''", [subject["coachee_id"]]).fetchone()[0]
    assert count == wanted and notes > 0
    assert hashlib.sha256(pristine.read_bytes()).hexdigest() == before

    info = common.machine_info(pristine, PASSPHRASE) | {
        "when": "now", "scale": 0.01, "generation_s": 0.1, "reportlab": "reportlab x"}
    table = documents.markdown(results, info)
    for row in results.rows:
        assert f"| {row.operation} | 1 |" in table
    assert table.count("× |") == 4  # two documents, each made and printed
    assert "(3 of them added by the bench)" in table


def test_the_floor_prints_the_same_lines() -> None:
    lines = ["Portfolio summary", "Zoë Kowalczyk", "<b>literal</b> & more", "Page 1 of 1"]
    data = documents.floor_pdf(lines, (612, 792))
    assert documents.pdf_lines(data) == lines
