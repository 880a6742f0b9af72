"""How the cost grows: with the data (every row at several scales) and with use (memory
over a scripted hour).

`python -m bench.run --scales 0.25,1,4` measures every section at each scale and prints the
growth table built here (`growth_rows`, `growth_markdown`); `python -m bench.run` prints the
memory table of the scripted hour (`run_hour`, whose child is bench/gui_hour.py, and
`hour_markdown`). Nothing here imports bench.run. See bench/README.md.
"""

from __future__ import annotations

import gc
import itertools
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tracemalloc
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import MARK

# -- growth with the data: the same rows at several scales ---------------------------------
# What each row must read decides how it may grow. "on screen": what one screen, one note or
# one coachee's document shows; it does not depend on how many records the workbook holds,
# so at 4× the data it may cost at most 2× (the target). "reads every match": it
# must read every record that matches (ranking a search, listing every coachee, the trash,
# Today's overdue list, an export), so it may grow as fast as those records — 4× per 4×,
# never faster. The first pattern that matches a row's name gives its kind.
ON_SCREEN, EVERY_MATCH = "on screen", "reads every match"
KINDS: tuple[tuple[str, str], ...] = (
    (r"keystroke|autosave", ON_SCREEN),  # one note, whatever runs beside it
    (r"\bToday\b|\bTrash\b|overdue", EVERY_MATCH),  # every overdue item, every trashed record
    (r"^open\b|^launch", ON_SCREEN),  # one key derivation, one screen
    # The list shows a screenful, but it is sorted and counted over every coachee.
    (r"^unlock → coachee list", EVERY_MATCH),
    (r"^list coachees|^export|backup", EVERY_MATCH),  # every coachee; every record
    (r"\bsearch\b|Ctrl\+F|results painted", EVERY_MATCH),  # ranks every match
    (r"summary|portfolio|^print|coachee selected|session opened|Overview|Goals|Sessions|"
     r"Versions|RSS", ON_SCREEN),
)
ON_SCREEN_LIMIT = 2.0  # × its scale-1 figure at 4× the data
NOISE = 1.25  # a row reading every match may grow 4× per 4× data, with this much noise


def kind_of(operation: str) -> str:
    return next((kind for pattern, kind in KINDS if re.search(pattern, operation)), ON_SCREEN)


def row_key(operation: str) -> str:
    """A row's name without the counts that change with the run ("(50 queries)")."""
    return re.sub(r"\s*\((\d[\d,]*|n)\b[^)]*\)", "", operation).strip()


@dataclass
class Figure:
    """One row's figure at one scale: ours and its floor (p50), in `unit`."""

    operation: str
    ours: float
    floor: float | None = None
    unit: str = "ms"


def figures_from_summaries(results: list[dict[str, Any]]) -> list[Figure]:
    """The `results` of a bench JSON file (Row.summary()): ours and the floor at p50."""
    return [Figure(r["operation"], r["ours_p50_ms"], r.get("floor_p50_ms")) for r in results]


def per_4x(by_scale: dict[float, float]) -> float | None:
    """How much the figure grows for 4× the data: the least-squares slope of log(figure)
    on log(scale), as a factor per 4×."""
    points = [(math.log(s), math.log(v)) for s, v in by_scale.items() if v > 0]
    if len(points) < 2:
        return None
    mx = statistics.fmean(x for x, _ in points)
    my = statistics.fmean(y for _, y in points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    if sxx == 0:
        return None
    slope = sum((x - mx) * (y - my) for x, y in points) / sxx
    return 4 ** slope


def verdict(kind: str, factor: float | None, at_4_over_1: float | None,
            floor_factor: float | None = None) -> str:
    if factor is None:
        return "—"
    # the slope over every scale, or the last step alone: a jump from 1 to 4 counts too
    worst = max(factor, at_4_over_1 or 0.0)
    if worst > 4 * NOISE:
        engine = floor_factor is not None and worst <= floor_factor * 1.15
        return "FLAGGED: grows faster than the records it reads" + (
            " (so does its floor: the engine's or Python's own cost)" if engine else "")
    if kind == ON_SCREEN:
        grown = at_4_over_1 if at_4_over_1 is not None else factor
        return "ok" if grown <= ON_SCREEN_LIMIT else f"FLAGGED: over {ON_SCREEN_LIMIT:g}× at 4×"
    return "ok (at most linear)"


def growth_rows(by_scale: dict[float, list[Figure]]) -> list[dict[str, Any]]:
    """One entry per row seen at any scale, in the order first seen."""
    order: list[str] = []
    table: dict[str, dict[float, Figure]] = {}
    for scale, figures in sorted(by_scale.items()):
        for fig in figures:
            key = row_key(fig.operation)
            if key not in table:
                order.append(key)
                table[key] = {}
            table[key][scale] = fig
    out = []
    for key in order:
        seen = table[key]
        ours = {s: f.ours for s, f in seen.items()}
        floor = {s: f.floor for s, f in seen.items() if f.floor}
        kind = kind_of(key)
        at_4_over_1 = ours[4.0] / ours[1.0] if 4.0 in ours and ours.get(1.0) else None
        factor, floor_factor = per_4x(ours), per_4x(floor)
        floor_worst = floor_factor
        if floor_factor is not None and 4.0 in floor and floor.get(1.0):
            floor_worst = max(floor_factor, floor[4.0] / floor[1.0])  # judged like ours
        out.append({"operation": key, "kind": kind, "unit": next(iter(seen.values())).unit,
                    "ours": ours, "floor": floor, "per_4x": factor, "floor_per_4x":
                    floor_factor, "at_4_over_1": at_4_over_1,
                    "verdict": verdict(kind, factor, at_4_over_1, floor_worst)})
    return out


def growth_markdown(rows: list[dict[str, Any]], scales: list[float],
                    facts: dict[float, dict[str, Any]]) -> str:
    """`facts[scale]` is bench.common.machine_info's, with the generation time."""
    def cell(value: float | None, unit: str) -> str:
        if value is None:
            return "—"
        return f"{value:.0f} MB" if unit == "MB" else f"{value:.1f}"

    def factor(value: float | None) -> str:
        return "—" if value is None else f"{value:.2f}×"

    sizes = "; ".join(f"scale {s:g}: {facts[s]['rows']['coachees']:,} coachees, "
                      f"{facts[s]['rows']['sessions']:,} sessions, {facts[s]['workbook_mb']} MB "
                      f"(generated once in {facts[s]['generation_s']:.0f} s)"
                      for s in scales if s in facts)
    lines = ["# How each row grows with the data", "", sizes + ".", "",
             "Figures are ours at p50 (ms unless MB). Growth per 4× data: the slope of "
             "log(figure) on log(scale), as a factor. \"on screen\": may be at most "
             f"{ON_SCREEN_LIMIT:g}× its scale-1 figure at scale 4; \"reads every match\": may "
             "grow as fast as the records it reads (4× per 4×). A row growing faster than "
             f"4× per 4× (over {4 * NOISE:g}×, noise allowed) is flagged.", "",
             "| row | " + " | ".join(f"scale {s:g}" for s in scales)
             + " | growth per 4× | floor per 4× | kind | verdict |",
             "|---|" + "---:|" * len(scales) + "---:|---:|---|---|"]
    for r in rows:
        lines.append(f"| {r['operation']} | " + " | ".join(
            cell(r["ours"].get(s), r["unit"]) for s in scales)
            + f" | {factor(r['per_4x'])} | {factor(r['floor_per_4x'])} | {r['kind']} | "
            f"{r['verdict']} |")
    return "\n".join(lines) + "\n"


def write_growth(by_scale: dict[float, list[Figure]], scales: list[float],
                 facts: dict[float, dict[str, Any]], out: Path) -> tuple[str, Path]:
    """The growth table as Markdown, written with its JSON to `out`; returns both."""
    from datetime import datetime

    rows = growth_rows(by_scale)
    text = growth_markdown(rows, scales, facts)
    md = out / f"growth-results-{datetime.now().strftime('%Y%m%d-%H%M%S')}.md"
    md.write_text(text, encoding="utf-8")
    md.with_suffix(".json").write_text(json.dumps(
        {"scales": scales, "facts": {str(s): f for s, f in facts.items()}, "rows": [
            r | {"ours": {str(s): v for s, v in r["ours"].items()},
                 "floor": {str(s): v for s, v in r["floor"].items()}} for r in rows]},
        indent=2, ensure_ascii=False), encoding="utf-8")
    return text, md


# -- memory over a scripted hour (the child is bench/gui_hour.py) ---------------------------
MB = 1e6


def rss_mb() -> float:
    """Resident set size now (not the peak)."""
    with open("/proc/self/statm", encoding="ascii") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / MB


class Census:
    """What the process holds: RSS, Python objects by type, Qt objects, the collector's work."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.collections = [0, 0, 0]
        self.collected = 0
        gc.callbacks.append(self._collected)

    def _collected(self, phase: str, info: dict[str, int]) -> None:
        if phase == "stop":
            self.collections[info["generation"]] += 1
            self.collected += info["collected"]

    def take(self) -> dict[str, Any]:
        from PySide6.QtCore import QObject
        from PySide6.QtWidgets import QApplication

        rss = rss_mb()  # first: counting allocates
        by_type = Counter(type(o).__qualname__ for o in gc.get_objects())
        snapshot = {
            "rss_mb": rss, "gc_objects": sum(by_type.values()), "gc_count": gc.get_count(),
            "gc_enabled": gc.isenabled(), "collections": list(self.collections),
            "collected": self.collected, "widgets": len(QApplication.allWidgets()),
            "window_qobjects": len(self.window.findChildren(QObject)),
            "by_type": dict(by_type),
        }
        metrics = sys.modules.get("reportlab.pdfbase.pdfmetrics")
        # the PDF fonts loaded so far: one per script met in a printed name or note
        snapshot["pdf_fonts"] = len(getattr(metrics, "_fonts", {})) if metrics else 0
        if tracemalloc.is_tracing():
            snapshot["traced_mb"] = tracemalloc.get_traced_memory()[0] / MB
        return snapshot


def growers(before: dict[str, int], after: dict[str, int], top: int = 12) -> list[list[Any]]:
    grown = Counter({k: after.get(k, 0) - before.get(k, 0) for k in set(before) | set(after)})
    return [[name, n] for name, n in grown.most_common(top) if n > 0]


RSS_TARGET_MB, GROWTH_TARGET_MB = 250.0, 10.0


@dataclass
class Hour:
    """What the scripted hour does each pass (the defaults are the issue's hour)."""

    passes: int = 4  # at scale 1 the fourth is the first to meet coachees chosen before
    coachees: int = 100
    sessions: int = 20
    keys: int = 2000
    prints: int = 5
    trace: bool = False
    platform: str = "offscreen"


def run_hour(pristine: Path, workdir: Path, hour: Hour | None = None) -> dict[str, Any]:
    """The scripted hour in a fresh process, on a copy of `pristine`; its result."""
    from bench import gui  # the parent side loads no Qt

    h = hour or Hour()
    workdir.mkdir(parents=True, exist_ok=True)
    copy = workdir / "hour.cwb"
    shutil.copyfile(pristine, copy)
    os.chmod(copy, 0o600)
    argv = [sys.executable, "-m", "bench.gui_hour", str(copy), "--workdir", str(workdir),
            "--passes", str(h.passes), "--coachees", str(h.coachees), "--sessions",
            str(h.sessions), "--keys", str(h.keys), "--prints", str(h.prints)]
    with gui.display(h.platform) as shown:
        env = gui.child_env(shown, workdir)
        proc = subprocess.run(argv + (["--trace"] if h.trace else []), cwd=gui.ROOT, env=env,
                              capture_output=True, text=True, check=False,
                              timeout=900 * (h.passes + 1))
    for line in proc.stdout.splitlines():
        if line.startswith(MARK):
            return json.loads(line[len(MARK):])
    tail = "\n".join(proc.stderr.strip().splitlines()[-15:])
    raise gui.ProbeFailed(f"The scripted hour ended (exit {proc.returncode}) without a "
                          f"result:\n{tail}")


def hour_growth(result: dict[str, Any]) -> list[float]:
    """MB each pass added. The first also loads what the window uses for the first time
    (printing, the PDF code); later ones meet coachees (and their scripts' PDF fonts) not
    seen before until every coachee has been chosen once, so the last pass is the one that
    says whether memory keeps growing."""
    rss = [result["unlocked"]["rss_mb"]] + [p["rss_mb"] for p in result["passes"]]
    return [after - before for before, after in itertools.pairwise(rss)]


def hour_figures(result: dict[str, Any]) -> list[Figure]:
    floor = result["stages_mb"]["floor"]
    figures = [Figure("RSS after unlock", result["unlocked"]["rss_mb"], floor, "MB")]
    if result["passes"]:
        figures.append(Figure("RSS after the scripted hour", result["passes"][-1]["rss_mb"],
                              floor, "MB"))
    return figures


def hour_markdown(result: dict[str, Any]) -> str:
    s, st, end = result["settings"], result["stages_mb"], result["end"]
    floor = st["floor"]
    lines = ["## Memory over a scripted hour", "",
             f"One fresh process, the real window on a copy of the workbook. A pass is the "
             f"scripted hour, run flat out: {s['coachees']} coachees chosen in the list, "
             f"{s['keys']:,} keys typed into {s['sessions']} sessions (autosaved), "
             f"{s['prints']} summaries printed through Print…. Floor: the same process after "
             f"a bare QApplication, `open_vault` and `list_coachees` ({floor:.0f} MB).", "",
             "| after | RSS (MB) | over the floor (MB) | Python objects | widgets | "
             "collections (gen 0/1/2) | pass (s) |", "|---|---:|---:|---:|---:|---|---:|",
             f"| Python started | {st['python']:.0f} | | | | | |",
             f"| floor: QApplication + open_vault | {floor:.0f} | 0 | | | | |",
             f"| window imported and built | {st['built']:.0f} | {st['built'] - floor:.0f} | "
             "| | | |"]
    for name, snap in [("unlock (every load landed)", result["unlocked"])] + [
            (f"pass {n}", p) for n, p in enumerate(result["passes"], start=1)]:
        lines.append(f"| {name} | {snap['rss_mb']:.0f} | {snap['rss_mb'] - floor:.0f} | "
                     f"{snap['gc_objects']:,} | {snap['widgets']:,} | "
                     + "/".join(str(c) for c in snap["collections"])
                     + f" | {snap.get('seconds', 0):.0f} |")
    grown = hour_growth(result)
    last = result["passes"][-1]["rss_mb"] if result["passes"] else result["unlocked"]["rss_mb"]
    met = "met" if last <= RSS_TARGET_MB else "MISSED"
    lines += ["", f"RSS after the scripted hours: {last:.0f} MB (target ≤ {RSS_TARGET_MB:.0f} "
              f"MB: {met})."]
    if grown:
        lines[-1] += (" Growth per pass (= per hour of use): "
                      + ", ".join(f"{g:+.1f}" for g in grown) + " MB.")
    if len(grown) > 1:
        fonts = [p.get("pdf_fonts", 0) for p in result["passes"]]
        ok = "met" if grown[-1] <= GROWTH_TARGET_MB else "MISSED"
        lines[-1] += (f" The first pass loads printing and the PDF code; PDF fonts loaded "
                      f"after each pass: {', '.join(map(str, fonts))}. Last pass "
                      f"{grown[-1]:+.1f} MB (target ≤ {GROWTH_TARGET_MB:.0f} MB/hour: {ok}); "
                      f"mean of the later passes {statistics.fmean(grown[1:]):+.1f} MB.")
    freed = end["rss_after_full_collect_mb"] - end["rss_mb"]
    lines += ["", "Garbage collection (automatic collection off, the GUI thread collects on a "
              f"timer, ui/kit/collector.py): after the last pass a full collection found "
              f"{end['unreachable_found']:,} unreachable objects and changed RSS by "
              f"{freed:+.1f} MB"
              + (f"; giving freed heap back to the system (malloc_trim) left "
                 f"{end['rss_after_malloc_trim_mb']:.0f} MB" if end.get(
                     "rss_after_malloc_trim_mb") else "") + "."]
    grew = result.get("grew_after_first_pass") or []
    if grew:
        lines += ["", "Python objects that grew after the first pass (type: count): "
                  + ", ".join(f"{name} {n:+,}" for name, n in grew[:8]) + "."]
    prints = result["prints"]
    lines += ["", f"Checks: {sum(p['ok'] for p in prints)}/{len(prints)} prints sent; "
              f"{result['typed_sections']} sections typed into, saved text "
              + ("matches" if result["saved_text_matches"] else "DOES NOT MATCH")
              + " what the editor showed"
              + (f"; {result['skipped_sessions']} coachees without a session skipped"
                 if result["skipped_sessions"] else "") + "."]
    return "\n".join(lines) + "\n"
