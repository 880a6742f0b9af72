"""How the bench says a row grows cannot rot: the growth table over two tiny scales, its
verdicts on made-up figures, and one tiny scripted hour of the window's memory."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from bench import growth, run
from bench.generate import PASSPHRASE, generate, scaled
from workbook import vault


def test_growth_per_4x_data_kinds_and_verdicts() -> None:
    assert growth.per_4x({0.25: 10.0, 1.0: 10.0, 4.0: 10.0}) == pytest.approx(1.0)
    assert growth.per_4x({0.25: 1.0, 1.0: 4.0, 4.0: 16.0}) == pytest.approx(4.0)
    assert growth.per_4x({1.0: 5.0}) is None
    assert growth.kind_of("search (50 queries)") == growth.EVERY_MATCH
    assert growth.kind_of("list coachees") == growth.EVERY_MATCH
    assert growth.kind_of("note autosave (200 saves)") == growth.ON_SCREEN
    assert growth.kind_of("RSS after unlock") == growth.ON_SCREEN
    # the list shows a screenful but sorts every coachee; the unlock dialog is one screen
    assert growth.kind_of("unlock → coachee list painted (KDF included)") == growth.EVERY_MATCH
    assert growth.kind_of("launch with a workbook → unlock dialog painted") == growth.ON_SCREEN
    assert growth.row_key("search (50 queries)") == "search"
    assert growth.row_key("open (KDF included)") == "open (KDF included)"

    figures = {
        0.25: [growth.Figure("note autosave (200 saves)", 1.0, 0.5),
               growth.Figure("search (50 queries)", 2.0, 1.0),
               growth.Figure("list coachees", 1.0, 1.0)],
        1.0: [growth.Figure("note autosave (200 saves)", 1.1, 0.5),
              growth.Figure("search (50 queries)", 8.0, 4.0),
              growth.Figure("list coachees", 4.0, 4.0)],
        4.0: [growth.Figure("note autosave (200 saves)", 3.0, 0.5),
              growth.Figure("search (50 queries)", 32.0, 16.0),
              growth.Figure("list coachees", 64.0, 16.0)],
    }
    rows = {r["operation"]: r for r in growth.growth_rows(figures)}

    # an on-screen row at 4× data costs over 2× its scale-1 figure: flagged
    assert rows["note autosave"]["verdict"].startswith("FLAGGED: over 2")
    # a search reading every match may grow linearly
    assert rows["search"]["verdict"] == "ok (at most linear)"
    assert rows["search"]["floor_per_4x"] == pytest.approx(4.0)
    # growing 16× per 4× data is faster than the records it reads
    assert "faster than the records" in rows["list coachees"]["verdict"]


def test_scales_run_every_storage_row_at_each_scale_and_print_growth(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    def tiny(scale: float, seed: int = 1) -> tuple[Path, float]:
        path = tmp_path / f"w{scale:g}.cwb"
        if not path.exists():
            generate(path, seed=seed, **scaled(scale))
        return path, 0.1

    monkeypatch.setattr(run, "cached_workbook", tiny)
    monkeypatch.setattr(run, "OUT", tmp_path)
    monkeypatch.setattr(run, "QUERIES", 5)
    monkeypatch.setattr(run, "SAVES", 3)

    assert run.main(["--scales", "0.02,0.01", "--repeat", "1", "--no-docs", "--no-gui"]) == 0

    out = capsys.readouterr().out
    assert "# How each row grows with the data" in out
    [saved] = tmp_path.glob("growth-results-*.json")
    table = json.loads(saved.read_text(encoding="utf-8"))
    assert table["scales"] == [0.01, 0.02]
    names = [r["operation"] for r in table["rows"]]
    assert names[:3] == ["open (KDF included)", "list coachees", "search"]
    for row in table["rows"]:
        assert set(row["ours"]) == {"0.01", "0.02"}
        assert row["kind"] in (growth.ON_SCREEN, growth.EVERY_MATCH)
        assert f"| {row['operation']} |" in out


def test_a_tiny_scripted_hour_reports_memory_per_pass(tmp_path: Path) -> None:
    pristine = generate(tmp_path / "w.cwb", **scaled(0.01))
    before = hashlib.sha256(pristine.read_bytes()).hexdigest()
    hour = growth.Hour(passes=2, coachees=4, sessions=2, keys=30, prints=1)

    result = growth.run_hour(pristine, tmp_path / "work", hour)

    stages = result["stages_mb"]
    assert 0 < stages["python"] <= stages["floor"] <= stages["built"]
    assert result["unlocked"]["rss_mb"] > stages["floor"]
    assert [p["rss_mb"] > 0 for p in result["passes"]] == [True, True]
    assert result["unlocked"]["gc_enabled"] is False  # collected on the GUI thread only
    assert [p["ok"] for p in result["prints"]] == [True, True]
    assert result["typed_sections"] >= 1 and result["saved_text_matches"]
    with vault.open_vault(tmp_path / "work" / "hour.cwb", PASSPHRASE) as v:
        assert v.db.execute("SELECT count(*) FROM session_sections").fetchone()[0] > 0
    assert hashlib.sha256(pristine.read_bytes()).hexdigest() == before

    text = growth.hour_markdown(result)
    assert "| pass 2 |" in text and "floor: QApplication + open_vault" in text
    assert "Last pass" in text  # the second pass is compared with the first
    figures = growth.hour_figures(result)
    assert [f.operation for f in figures] == ["RSS after unlock", "RSS after the scripted hour"]
