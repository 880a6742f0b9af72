"""The GUI benchmark cannot rot: one tiny pass of every window timing against its floor."""

from __future__ import annotations

import hashlib
from pathlib import Path

from bench import common, gui
from bench.generate import PASSPHRASE, generate, scaled
from bench.gui_waits import SCREEN_ROWS
from workbook import vault

OPERATIONS = ["launch → start page painted", "launch with a workbook → unlock dialog painted",
              "unlock → coachee list painted (KDF included)",
              "keystroke → paint, session editor, autosave on (70 keys)",
              "keystroke due → paint (incl. waiting for a busy event loop)"]


def test_every_gui_timing_runs_once_against_its_floor(tmp_path: Path) -> None:
    pristine = generate(tmp_path / "w.cwb", **scaled(0.01))
    before = hashlib.sha256(pristine.read_bytes()).hexdigest()
    settings = gui.Settings(repeat=1, launches=1, warmup=False, keys=70, rate=25.0, settle_ms=200,
                            tail_ms=900, waits_n=3, search_words=2, backup_rounds=1)

    results = gui.measure(pristine, tmp_path / "work", settings)

    operations = [r.operation for r in results.rows]
    assert operations[:5] == OPERATIONS
    waits = [op for what, op, _kind, _target in SCREEN_ROWS if results.waits[what]["ours"]]
    assert all(op in operations for op in waits)
    assert "unlock → Today painted (KDF included)" in operations
    assert any(op.startswith("search: key typed → results painted") for op in operations)
    assert any(op.startswith("daily backup, on its thread") for op in operations)
    for row in results.rows:
        assert row.ours_ms and row.floor_ms
        assert min(row.ours_ms + row.floor_ms) > 0
        assert max(row.ours_ms + row.floor_ms) < 60_000
        assert row.ratio > 0
    # Each launch reached its paint, in order, well after the interpreter started.
    for launch in results.launches:
        for side in ("ours", "floor"):
            stamps = launch[side]
            assert 0 < stamps["python"] < stamps["imported"] < stamps["built"]
            assert stamps["built"] <= stamps["shown"] <= stamps["paint"] <= stamps["painted"]
    # Unlocking derived the key before the list painted its rows, and it had rows.
    with vault.open_vault(pristine, PASSPHRASE) as v:
        coachees = v.db.execute("SELECT count(*) FROM coachees WHERE deleted_at IS NULL"
                                ).fetchone()[0]
    for unlock in results.unlock["rounds"]:
        assert unlock["opened_ms"] < unlock["list_painted_ms"] <= unlock["loads_done_ms"]
        assert unlock["rows"] == coachees
    # Every key was painted, on both sides; the autosave ran while typing and kept it all.
    typing = results.typing["summary"]
    assert typing["keys"] == typing["painted"] == 70
    assert typing["floor"]["keys"] == typing["floor"]["painted"] == 70
    assert typing["paint_events"] >= 70
    assert typing["saves_during_typing"] >= 1
    assert typing["saved_text_matches"]
    assert results.typing["floor"]["typed"] == results.typing["ours"]["typed"]
    # Each screen painted after its first result, and did so once every call had landed.
    for what, *_rest in SCREEN_ROWS:
        for sample in results.waits[what]["ours"]:
            assert sample["results"] >= 1 and sample["paint_cycles"] >= 1
            assert sample["first_paint_ms"] <= sample["painted_ms"]
    # Every search key saw results for its text or a later one; the backup left the UI thread.
    found = results.waits["search"]
    assert found["keys"] and all(k["shown"].startswith(k["text"]) for k in found["keys"])
    backups = results.waits["backup"]["backups"]
    assert any(b["made"] for b in backups) and not any(b["ui_thread"] for b in backups)
    assert hashlib.sha256(pristine.read_bytes()).hexdigest() == before

    info = common.machine_info(pristine, PASSPHRASE) | {"when": "now", "scale": 0.01,
                                                      "generation_s": 0.1}
    table = gui.markdown(results, info, settings)
    for row in results.rows:
        assert f"| {row.operation} | {len(row.ours_ms)} |" in table
    assert table.count("× |") == len(results.rows)
    assert "saved text matches" in table
