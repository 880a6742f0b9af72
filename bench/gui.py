"""Time what a coach waits for in the window, each against a floor measured in the same run.

    python -m bench.gui [--scale 1.0] [--repeat N] [--platform offscreen|xvfb]

On the cached big workbook (bench.common.cached_workbook): launch → start page (and → unlock
dialog) painted, unlock → coachee list painted, and keystroke → paint in the session
editor while autosave saves on the worker. Every measurement runs in fresh child
processes (bench/gui_probe.py), so this process never loads Qt. See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from bench import generate as gen
from bench.common import MARK, OUT, Row, cached_workbook, machine_info, ratio_table
from bench.gui_probe import LAUNCH_FLOOR, LAUNCH_OURS
from bench.gui_waits import measure_waits, prepare_copies

ROOT = Path(__file__).resolve().parent.parent
KEYS, RATE, RESUME_MS = 300, 10.0, (0.0, 10.0)
PROBE_TIMEOUT_S = 600


class ProbeFailed(RuntimeError):
    pass


@dataclass
class Settings:
    """How the GUI section runs (the defaults are `make bench`'s)."""

    repeat: int = 5  # timed unlocks
    # Timed launches per row: a launch takes a third of a second and is the noisiest row (a
    # cold process on a shared machine: medians of three moved its ratio from 1.7× to 2.3×
    # between the scales of one run).
    launches: int = 9
    warmup: bool = True  # one untimed launch of each kind first (caches, .pyc files)
    keys: int = KEYS
    rate: float = RATE  # keys per second within a sentence
    # A new sentence starts this long (ms, uniform) after the autosave of the last one did.
    resume_ms: tuple[float, float] = RESUME_MS
    seed: int = 1
    settle_ms: int = 1000  # after the session opened and every load landed, before typing
    tail_ms: int = 1500  # after the last key, for the last save
    platform: str = "offscreen"
    waits: bool = True  # coachee switch, session open, search, Today, dialogs, backup
    waits_n: int = 50  # coachees (sessions, dialogs) timed per screen
    search_words: int = 20
    backup_rounds: int = 2  # backups started again while typing, after the automatic one


@dataclass
class GuiResults:
    rows: list[Row]
    typing: dict[str, Any] = field(default_factory=dict)  # ours' and the floor's probe output
    unlock: dict[str, Any] = field(default_factory=dict)
    launches: list[dict[str, Any]] = field(default_factory=list)
    waits: dict[str, Any] = field(default_factory=dict)
    qt: str = ""
    platform: str = ""


# -- child processes -----------------------------------------------------------------------

def child_env(display: dict[str, str], workdir: Path) -> dict[str, str]:
    """The children's environment: their own settings and data folders (the bench never
    touches the coach's recent list) and the Qt platform chosen."""
    env = dict(os.environ)
    env.update(display)
    env["COACH_WORKBOOK_CONFIG_DIR"] = str(workdir / "config")
    env["COACH_WORKBOOK_DATA_DIR"] = str(workdir / "data")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    # An installed app starts from compiled bytecode (pip compiles on install): let the
    # children cache it (in the work folder, not the source tree) whatever this shell says;
    # the first probe and the warm-up launches fill the cache.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    return env


def _result(proc: subprocess.CompletedProcess[str] | tuple[int, str, str],
            what: str) -> dict[str, Any]:
    code, out, err = ((proc.returncode, proc.stdout, proc.stderr)
                      if isinstance(proc, subprocess.CompletedProcess) else proc)
    for line in out.splitlines():
        if line.startswith(MARK):
            return json.loads(line[len(MARK):])
    tail = "\n".join(err.strip().splitlines()[-15:])
    raise ProbeFailed(f"The {what} probe ended (exit {code}) without a result:\n{tail}")


def probe(args: list[str], env: dict[str, str], what: str) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, "-m", "bench.gui_probe", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=PROBE_TIMEOUT_S, check=False)
    return _result(proc, what)


def launch_once(code: str, argv: list[str], env: dict[str, str]) -> dict[str, float]:
    """Spawn `python -c code`; its stamps as ms since the spawn (one monotonic clock)."""
    start = time.monotonic_ns()
    proc = subprocess.Popen([sys.executable, "-c", code, *argv], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    stamps = _result((proc.returncode, out, err), "launch")
    return {name: (ns - start) / 1e6 for name, ns in stamps.items()}


@contextlib.contextmanager
def display(platform: str) -> Iterator[dict[str, str]]:
    """Qt's platform for the children: offscreen (widgets still paint into a backing
    store), or a private Xvfb server started here and stopped afterwards."""
    if platform == "offscreen":
        yield {"QT_QPA_PLATFORM": "offscreen"}
        return
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        number = b""
        while not number.endswith(b"\n"):
            chunk = os.read(read, 16)
            if not chunk:
                raise ProbeFailed("Xvfb did not start (is it installed?).")
            number += chunk
        yield {"QT_QPA_PLATFORM": "xcb", "DISPLAY": f":{number.decode().strip()}"}
    finally:
        os.close(read)
        server.terminate()
        server.wait(timeout=10)


# -- the measurements ----------------------------------------------------------------------

def measure_launch(path: Path, env: dict[str, str], s: Settings
                   ) -> tuple[list[Row], list[dict[str, Any]]]:
    """Cold process each time; ours and the floor alternate (A B A B …)."""
    start_row = Row("launch → start page painted")
    file_row = Row("launch with a workbook → unlock dialog painted")
    log: list[dict[str, Any]] = []
    kinds = ((start_row, []), (file_row, [str(path)]))
    if s.warmup:
        for _row, argv in kinds:
            launch_once(LAUNCH_OURS, argv, env)
        launch_once(LAUNCH_FLOOR, [], env)
    for _ in range(s.launches):
        for row, argv in kinds:
            ours = launch_once(LAUNCH_OURS, argv, env)
            floor = launch_once(LAUNCH_FLOOR, [], env)
            row.ours_ms.append(ours["painted"])
            row.floor_ms.append(floor["painted"])
            log.append({"operation": row.operation, "ours": ours, "floor": floor})
    for row in (start_row, file_row):
        stages = [e["ours"] for e in log if e["operation"] == row.operation]
        row.detail = [{stage: statistics.median(e[stage] for e in stages)
                       for stage in ("python", "imported", "built", "shown", "paint", "painted")}]
    return [start_row, file_row], log


def measure_unlock(path: Path, env: dict[str, str], s: Settings) -> tuple[Row, dict[str, Any]]:
    result = probe(["unlock", str(path), "--repeat", str(s.repeat)], env, "unlock")
    row = Row("unlock → coachee list painted (KDF included)")
    row.ours_ms = [r["list_painted_ms"] for r in result["rounds"]]
    row.floor_ms = list(result["floor_ms"])
    row.detail = [{"first_unlock_in_process": result["first"],
                   "first_floor_ms": result["first_floor_ms"]}, *result["rounds"]]
    return row, result


def measure_typing(ours_path: Path, floor_path: Path, env: dict[str, str], s: Settings,
                   workdir: Path) -> tuple[list[Row], dict[str, Any]]:
    ours = probe(["typing", str(ours_path), "--keys", str(s.keys), "--rate", f"{s.rate:g}",
                  "--resume-ms", f"{s.resume_ms[0]:g}", f"{s.resume_ms[1]:g}",
                  "--seed", str(s.seed), "--settle-ms", str(s.settle_ms),
                  "--tail-ms", str(s.tail_ms)], env, "typing")
    # The floor types the same keys at the same moments (pauses included) as ours did.
    schedule = workdir / "typing-schedule.json"
    schedule.write_text(json.dumps(ours["schedule"], ensure_ascii=False), encoding="utf-8")
    floor = probe(["typing", str(floor_path), "--floor", "--schedule", str(schedule),
                   "--settle-ms", str(s.settle_ms), "--tail-ms", str(s.tail_ms)], env,
                  "typing floor")
    n = ours["keys"]
    sent = Row(f"keystroke → paint, session editor, autosave on ({n} keys)", percentiles=True)
    sent.ours_ms, sent.floor_ms = ours["sent_to_paint_ms"], floor["sent_to_paint_ms"]
    due = Row("keystroke due → paint (incl. waiting for a busy event loop)", percentiles=True)
    due.ours_ms, due.floor_ms = ours["due_to_paint_ms"], floor["due_to_paint_ms"]
    rows = [sent, due]
    during = [ms for ms, saving in zip(ours["sent_to_paint_ms"], ours["saving"], strict=True)
              if saving]
    if during:
        row = Row(f"keystroke → paint while a save is in flight ({_n(len(during), 'key')})",
                  percentiles=True)
        row.ours_ms, row.floor_ms = during, floor["sent_to_paint_ms"]
        rows.append(row)
    summary = {key: ours[key] for key in (
        "keys", "painted", "paint_events", "saves_during_typing", "saves_total", "save_ms",
        "saved_text_matches", "focused", "start_chars", "edit_width", "session_id",
        "section_id", "autosave_delay_ms")}
    summary["keys_during_save"] = len(during)
    summary["keys_with_worker_busy"] = sum(ours["worker_busy"])
    summary["floor"] = {key: floor[key] for key in ("keys", "painted", "paint_events",
                                                    "focused", "edit_width")}
    for row in rows:
        row.detail = [summary]
    return rows, {"ours": ours, "floor": floor, "summary": summary}


def measure(pristine: Path, workdir: Path, settings: Settings | None = None) -> GuiResults:
    """Every GUI timing on copies of `pristine` (which is never opened for writing)."""
    s = settings or Settings()
    workdir.mkdir(parents=True, exist_ok=True)
    copies = {name: workdir / f"{name}.cwb" for name in ("unlock", "typing", "typing-floor")}
    for copy in copies.values():
        shutil.copyfile(pristine, copy)
        os.chmod(copy, 0o600)
    with display(s.platform) as shown:
        env = child_env(shown, workdir)
        # Unlocking first also puts the workbook in the (private) recent list, so the
        # launches below show a start page with a recent workbook, as a coach's does.
        unlock_row, unlock = measure_unlock(copies["unlock"], env, s)
        launch_rows, launches = measure_launch(copies["unlock"], env, s)
        typing_rows, typing = measure_typing(copies["typing"], copies["typing-floor"], env, s,
                                             workdir)
        wait_rows: list[Row] = []
        waits: dict[str, Any] = {}
        if s.waits:
            wait_rows, waits = measure_waits(
                prepare_copies(pristine, workdir), env, probe, n=s.waits_n, repeat=s.repeat,
                words=s.search_words, rate=s.rate, rounds=s.backup_rounds, seed=s.seed)
    return GuiResults([*launch_rows, unlock_row, *typing_rows, *wait_rows], typing, unlock,
                      launches, waits, qt=typing["ours"].get("qt", ""),
                      platform=shown["QT_QPA_PLATFORM"])


# -- the report ----------------------------------------------------------------------------

def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def markdown(results: GuiResults, info: dict[str, Any], s: Settings) -> str:
    t = results.typing.get("summary", {})
    first = results.unlock.get("first", {})
    lines = [
        f"# Coach Workbook GUI benchmark — {info['when']}",
        "",
        f"Qt {results.qt} ({results.platform}) · Python {info['python']} · "
        f"SQLCipher {info['sqlcipher']} (kdf_iter {info['kdf_iter']}) · {info['cores']} cores "
        f"({info['cpu']}) · {info['platform']}",
        "",
        f"Workbook: scale {info['scale']:g}, {info['workbook_mb']} MB, "
        + ", ".join(f"{n:,} {k}" for k, n in info["rows"].items()) + ". "
        "Window 1280×800. Launch and unlock: median of n; keystrokes: p50 / p95 / max.",
        "",
        *ratio_table(results.rows, with_max=True),
    ]
    lines += ["", "Floors: launch — the same interpreter and Qt showing an empty QMainWindow; "
              "unlock — `open_vault` + `list_coachees` in the same process, no Qt; "
              "keystrokes — a bare QPlainTextEdit holding the same note, no autosave, the "
              "same keys at the same times; screens and dialogs — the domain calls their "
              "loads make, on a second copy, same process, no Qt, no thread; Today — "
              "`open_vault` + `load_today`; search — the same FTS5 query per key "
              "(`bench.common.raw_search`), no Qt; backup — a plain copy of the file, "
              "fsynced; keystrokes while the backup runs — the same run's other keys."]
    for row in results.rows:
        for d in row.detail[:1]:
            if "landed_ms" in d:
                lines += ["", f"{row.operation}: every call landed p50 "
                          f"{row.p(d['landed_ms'], 0.5):.0f} ms / p95 "
                          f"{row.p(d['landed_ms'], 0.95):.0f} ms"
                          + (f"; floor {d['floor']}" if "floor" in d else "") + "."]
            if "ui_thread" in d:
                lines += ["", f"{row.operation}: started {d['start_after_open_ms']:.0f} ms "
                          f"after the workbook opened, "
                          f"{'ON THE UI THREAD' if d['ui_thread'] else 'off the UI thread'}."]
            if "own_text" in d:
                lines += ["", f"{row.operation}: {d['own_text']} of {len(row.ours_ms)} keys "
                          "saw results for their own text (the others, for a later one)."]
    if t:
        save_ms = t["save_ms"]
        saves = (f"{_n(t['saves_during_typing'], 'save')} during typing "
                 f"(autosave {t['autosave_delay_ms']} ms after the last key"
                 + (f"; each {statistics.median(save_ms):.0f} ms median, "
                    f"{max(save_ms):.0f} ms max, from submit to landed" if save_ms else "")
                 + f"), {_n(t['keys_during_save'], 'key')} typed while one was in flight, "
                 f"{t['keys_with_worker_busy']} while the worker was busy")
        lines += ["", f"Typing: {t['keys']} keys at {s.rate:g}/s; before each new sentence "
                  "the coach pauses until the autosave starts and resumes "
                  f"{s.resume_ms[0]:g}–{s.resume_ms[1]:g} ms later; "
                  f"{t['painted']}/{t['keys']} keys painted ({t['paint_events']} paint events, "
                  f"floor {t['floor']['painted']}/{t['floor']['keys']}); {saves}; "
                  f"saved text {'matches' if t['saved_text_matches'] else 'DOES NOT MATCH'} "
                  "what was typed."]
    if first:
        launch = results.rows[0].detail[0] if results.rows and results.rows[0].detail else {}
        lines += ["", f"Unlock stages (first unlock in a fresh process): key derived and "
                  f"workbook open {first['opened_ms']:.0f} ms, list painted "
                  f"{first['list_painted_ms']:.0f} ms, every initial load landed "
                  f"{first['loads_done_ms']:.0f} ms."]
        if launch:
            lines += ["", "Launch stages (median ms since spawn): interpreter "
                      f"{launch['python']:.0f}, imports done {launch['imported']:.0f}, window "
                      f"built {launch['built']:.0f}, shown {launch['shown']:.0f}, painted "
                      f"{launch['painted']:.0f}."]
    return "\n".join(lines) + "\n"


def run_section(scale: float, seed: int = 1, settings: Settings | None = None,
                keep: Path | None = None) -> tuple[str, Path]:
    """Measure, print and write the GUI table; returns the Markdown and its path."""
    s = settings or Settings(seed=seed)
    pristine, generation_s = cached_workbook(scale, seed)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    workdir = keep or Path(tempfile.mkdtemp(prefix=f"gui-run-{stamp}-", dir=OUT))
    try:
        results = measure(pristine, workdir, s)
    finally:
        if keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    info = machine_info(pristine, gen.PASSPHRASE) | {
        "when": datetime.now().strftime("%Y-%m-%d %H:%M"), "scale": scale,
        "generation_s": generation_s, "qt": results.qt, "qt_platform": results.platform}
    text = markdown(results, info, s)
    md = OUT / f"gui-results-{stamp}.md"
    md.write_text(text, encoding="utf-8")
    md.with_suffix(".json").write_text(json.dumps({
        "machine": info, "settings": asdict(s),
        "results": [r.summary() | {"ours_max_ms": max(r.ours_ms), "floor_max_ms": max(
            r.floor_ms)} for r in results.rows],
        "samples": [asdict(r) for r in results.rows],
        "unlock": results.unlock, "launches": results.launches,
        "typing": results.typing, "waits": results.waits}, indent=2, ensure_ascii=False),
        encoding="utf-8")
    return text, md


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.gui", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0,
                        help="workbook size; 1.0 = 300 coachees, 12,000 sessions (default)")
    parser.add_argument("--repeat", type=int, default=5,
                        help="timed unlocks (default 5; launches: 9 of each kind)")
    parser.add_argument("--keys", type=int, default=KEYS, help="keys typed (default 300)")
    parser.add_argument("--rate", type=float, default=RATE,
                        help="keys per second within a sentence (default 10)")
    parser.add_argument("--platform", choices=("offscreen", "xvfb"), default="offscreen",
                        help="Qt offscreen (default) or xcb on a private Xvfb server")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep the working copies in DIR (default: deleted)")
    parser.add_argument("--n", type=int, default=50,
                        help="coachees, sessions and dialogs timed per screen (default 50)")
    parser.add_argument("--no-waits", action="store_true",
                        help="only launch, unlock and typing (skip the screens' waits)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.scale <= 0 or args.repeat < 1 or args.keys < 1 or args.rate <= 0:
        parser.error("--scale and --rate must be positive, --repeat and --keys at least 1")
    settings = Settings(repeat=args.repeat, keys=args.keys, rate=args.rate, seed=args.seed,
                        platform=args.platform, waits=not args.no_waits, waits_n=args.n)
    text, md = run_section(args.scale, args.seed, settings, args.keep)
    print(text)
    print(f"Written: {md} and .json", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
