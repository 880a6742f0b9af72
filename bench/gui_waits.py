"""The parent side of the window's waits beyond launch, unlock and typing: coachee switch,
session open, search, Today, the Trash and Versions dialogs and the daily backup. Each runs
in a fresh child (`python -m bench.gui_probe screens|today|search|backup`, see
bench/gui_screens.py and bench/gui_search.py); this module only turns their samples into
rows. It loads no Qt. See bench/README.md ("The window").
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import ON_SCREEN, READS_EVERY_MATCH, Row

Probe = Callable[[list[str], dict[str, str], str], dict[str, Any]]

# (probe's --what, the row, its kind, the p95 target in ms or None)
SCREEN_ROWS = (
    ("overview", "coachee selected → Overview painted", ON_SCREEN, 100.0),
    ("goals", "coachee selected → Goals tab painted", ON_SCREEN, 100.0),
    ("sessions", "coachee selected → Sessions tab painted", ON_SCREEN, 100.0),
    ("session", "session opened from the list → editor painted", ON_SCREEN, 150.0),
    ("trash", "Trash dialog opened → painted", READS_EVERY_MATCH, None),
    ("versions", "Versions dialog opened → painted", ON_SCREEN, None),
)
FLOORS = {
    "overview": "`load_overview` (what the tab's one call runs)",
    "goals": "`load_goal_rows` + `load_goal_detail` of the first goal",
    "sessions": "`sessions.list_sessions` for the list's first page",
    "session": "`load_bundle` (the editor's one call)",
    "trash": "`trash.list_trash`",
    "versions": "`load_versions`",
}


def prepare_copies(pristine: Path, workdir: Path) -> dict[str, Path]:
    """The copies the waits use: `screens` (today's automatic backup already made, so it
    never runs during a timed wait), its floor copy, and `backup` (no backup yet)."""
    from bench.generate import PASSPHRASE
    from workbook import backups
    from workbook.vault import open_vault

    copies = {name: workdir / f"{name}.cwb" for name in ("screens", "screens-floor", "backup")}
    for copy in copies.values():
        shutil.copyfile(pristine, copy)
        copy.chmod(0o600)
    with open_vault(copies["screens"], PASSPHRASE) as vault:
        backups.backup_if_due(vault)
    return copies


def _samples(result: dict[str, Any], key: str = "painted_ms") -> list[float]:
    return [r[key] for r in result["ours"]]


def measure_waits(copies: dict[str, Path], env: dict[str, str], probe: Probe, *, n: int,
                  repeat: int, words: int, rate: float, rounds: int, seed: int
                  ) -> tuple[list[Row], dict[str, Any]]:
    rows: list[Row] = []
    log: dict[str, Any] = {}
    screens, floor = str(copies["screens"]), str(copies["screens-floor"])
    for what, operation, kind, target in SCREEN_ROWS:
        result = probe(["screens", screens, floor, "--what", what, "--n", str(n),
                        "--seed", str(seed)], env, what)
        log[what] = result
        if not result["ours"]:
            continue  # e.g. no note has a previous version in a tiny workbook
        row = Row(operation, _samples(result), result["floor_ms"], percentiles=True,
                  kind=kind, target_p95_ms=target)
        row.detail = [{"floor": FLOORS[what], "ids": result["ids"],
                       "landed_ms": _samples(result, "idle_ms"),
                       "first_paint_ms": _samples(result, "first_paint_ms"),
                       "results": [r["results"] for r in result["ours"]]}]
        rows.append(row)

    today = probe(["today", screens, "--repeat", str(repeat)], env, "today")
    row = Row("unlock → Today painted (KDF included)", _samples(today), today["floor_ms"],
              kind=READS_EVERY_MATCH)
    row.detail = [{"first": today["first"], "first_floor_ms": today["first_floor_ms"],
                   "landed_ms": _samples(today, "idle_ms")}]
    rows.append(row)
    log["today"] = today

    found = probe(["search", screens, floor, "--words", str(words), "--rate", f"{rate:g}",
                   "--seed", str(seed)], env, "search")
    row = Row(f"search: key typed → results painted ({len(found['keys'])} keys)",
              [k["painted_ms"] for k in found["keys"]], found["floor_ms"], percentiles=True,
              kind=READS_EVERY_MATCH, target_p95_ms=50.0)
    row.detail = [{"words": found["words"],
                   "own_text": sum(k["text"] == k["shown"] for k in found["keys"])}]
    rows.append(row)
    log["search"] = found

    backup = probe(["backup", str(copies["backup"]), "--rounds", str(rounds), "--rate",
                    f"{rate:g}", "--seed", str(seed)], env, "backup")
    made = [b for b in backup["backups"] if b["made"]]
    if made:
        row = Row(f"daily backup, on its thread ({len(made)} made)", [b["ms"] for b in made],
                  backup["floor_ms"][:len(made)], kind=READS_EVERY_MATCH)
        row.detail = [{"ui_thread": any(b["ui_thread"] for b in made),
                       "start_after_open_ms": made[0]["start_after_open_ms"]}]
        rows.append(row)
    during = [ms for ms, busy in zip(backup["sent_to_paint_ms"], backup["during"], strict=True)
              if busy]
    quiet = [ms for ms, busy in zip(backup["sent_to_paint_ms"], backup["during"], strict=True)
             if not busy]
    if during and quiet:
        row = Row(f"keystroke → paint while the backup runs ({len(during)} keys)", during,
                  quiet, percentiles=True, kind=ON_SCREEN)
        rows.append(row)
    log["backup"] = backup
    return rows, log
