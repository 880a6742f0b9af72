"""Time what a coach waits for, each against a floor measured in the same run.

    python -m bench.run [--scale 1.0] [--repeat N] [--keep DIR] [--no-docs] [--no-gui]
                        [--passes N] [--no-hour] [--scales 0.25,1,4]

The floor is the least work SQLCipher must do to give the same answer: raw `sqlcipher3`
calls on an identical copy of the workbook (same pinned pragmas). Ours and the floor are
measured alternately (ABAB) after one warm-up each, so a noisy machine slows both alike;
the ratio ours/floor is the number to watch. Then the PDF documents (bench/documents.py) and
the window's own timings (bench/gui.py) and its memory over a scripted hour
(bench/gui_hour.py) run on the same workbook, unless --no-docs, --no-gui or --no-hour. With
--scales every section runs at each scale and a last table says how each row grows with the
data (bench/growth.py). See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlcipher3

from bench import generate as gen
from bench import growth
from bench.common import (
    OUT,
    Pair,
    Row,
    abab,
    cached_workbook,
    machine_info,
    ratio_table,
    raw_open,
    raw_search,
    raw_session,
    timed,
)
from workbook import vault as vault_mod
from workbook.coachees import list_coachees
from workbook.exchange.json_export import write_document
from workbook.exchange.json_format import write_export
from workbook.notes import save_note
from workbook.search import search

QUERIES = 50
SAVES = 200


def raw_save(conn: sqlcipher3.Connection, section_id: int, body: str) -> None:
    conn.execute("BEGIN")
    conn.execute("UPDATE session_sections SET body = ?, updated_at = ? WHERE id = ?",
                 [body, datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), section_id])
    conn.execute("COMMIT")


def raw_dump(conn: sqlcipher3.Connection) -> dict[str, list[dict[str, Any]]]:
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'search_index%' ORDER BY name")]
    out = {}
    for table in tables:
        cur = conn.execute(f"SELECT * FROM {table}")
        columns = [d[0] for d in cur.description]
        out[table] = [dict(zip(columns, row, strict=True)) for row in cur]
    return out


def _write_fsync(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with open(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


# -- the workload -------------------------------------------------------------------------

def search_queries(conn: sqlcipher3.Connection, n: int, seed: int) -> list[str]:
    """Single words, pairs, names (half typed without accents) and prefixes, as coaches type."""
    rng = random.Random(seed)
    names = [r[0] for r in conn.execute(
        "SELECT name FROM coachees WHERE deleted_at IS NULL ORDER BY id")]
    words = [w for w in gen._WORDS if w not in gen._COMMON]
    queries = []
    for i in range(n):
        kind = i % 10
        if kind < 4:
            queries.append(rng.choice(words))
        elif kind < 7:
            queries.append(" ".join(rng.sample(words, 2)))
        elif kind < 9:
            name = rng.choice(names)
            if kind == 8:  # typed without accents; NFC again so Hangul stays composed
                name = unicodedata.normalize("NFC", "".join(
                    c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c)))
            queries.append(name)
        else:
            word = rng.choice([w for w in words if len(w) >= 6])
            queries.append(word[: rng.randint(3, 5)])  # still typing: the last word is a prefix
    return queries


def typing(rng: random.Random, start: str, saves: int) -> list[str]:
    """The bodies successive autosaves see while a coach types: a few words at a time."""
    bodies, body = [], start
    for _ in range(saves):
        words = " ".join(rng.choices(gen._WORDS, cum_weights=gen._WORD_CUM,
                                     k=rng.randint(1, 4)))
        body = f"{body} {words}{rng.choice(('', '', '', '.', ','))}".lstrip()
        bodies.append(body)
    return bodies


def _note_target(conn: sqlcipher3.Connection) -> tuple[int, str]:
    """The first shared section of the latest held session: the note being written now."""
    row = conn.execute(
        "SELECT ss.id, ss.body FROM session_sections ss "
        "JOIN sessions s ON s.id = ss.session_id JOIN coachees c ON c.id = s.coachee_id "
        "WHERE s.deleted_at IS NULL AND c.deleted_at IS NULL AND s.status = 'held' "
        "AND ss.shared = 1 ORDER BY s.scheduled_at DESC, ss.position LIMIT 1").fetchone()
    return int(row[0]), str(row[1])


def measure(pristine: Path, passphrase: str, workdir: Path, *, repeat: int = 5,
            queries: int = QUERIES, saves: int = SAVES, seed: int = 1) -> list[Row]:
    """Time every operation on a copy of `pristine`, the floor on another copy."""
    workdir.mkdir(parents=True, exist_ok=True)
    ours_path, floor_path = workdir / "ours.cwb", workdir / "floor.cwb"
    for copy in (ours_path, floor_path):
        shutil.copyfile(pristine, copy)
        os.chmod(copy, 0o600)
    # Each open is timed without its close; the first pair is the warm-up.
    row = Row("open (KDF included)")
    for i in range(repeat + 1):
        ours_ms = _timed_open(ours_path, passphrase)
        floor_ms = _timed_raw_open(floor_path, passphrase)
        if i:
            row.ours_ms.append(ours_ms)
            row.floor_ms.append(floor_ms)
    rows = [row]
    vault = vault_mod.open_vault(ours_path, passphrase)
    conn = raw_session(floor_path, passphrase)
    try:
        rows.append(_list_row(vault.db, conn, repeat))
        rows.append(_search_row(vault.db, conn, search_queries(conn, queries, seed)))
        rows.append(_save_row(vault.db, conn, saves, seed))
        rows.extend(_export_rows(vault.db, conn, repeat, workdir))
    finally:
        vault.close()
        conn.close()
    return rows


def _timed_open(path: Path, passphrase: str) -> float:
    elapsed, vault = timed(lambda: vault_mod.open_vault(path, passphrase))
    vault.close()
    return elapsed


def _timed_raw_open(path: Path, passphrase: str) -> float:
    elapsed, conn = timed(lambda: raw_open(path, passphrase))
    conn.close()
    return elapsed


def _list_row(db: Any, conn: sqlcipher3.Connection, repeat: int) -> Row:
    row = Row("list coachees")
    abab(row, [(lambda: list_coachees(db),
                 lambda: conn.execute("SELECT * FROM coachees").fetchall())] * repeat)
    return row


def _search_row(db: Any, conn: sqlcipher3.Connection, queries: list[str]) -> Row:
    row = Row(f"search ({len(queries)} queries)", percentiles=True)
    hits: dict[tuple[str, int], int] = {}

    def ours(q: str) -> Callable[[], Any]:
        return lambda: hits.__setitem__((q, 0), len(search(db, q, limit=50)))

    def floor(q: str) -> Callable[[], Any]:
        return lambda: hits.__setitem__((q, 1), len(raw_search(conn, q)))

    abab(row, [(ours(q), floor(q)) for q in queries])
    row.detail = [{"query": q, "ours_ms": o, "floor_ms": f, "ours_hits": hits[q, 0],
                   "floor_hits": hits[q, 1]}
                  for q, o, f in zip(queries, row.ours_ms, row.floor_ms, strict=True)]
    return row


def _save_row(db: Any, conn: sqlcipher3.Connection, saves: int, seed: int) -> Row:
    row = Row(f"note autosave ({saves} saves)", percentiles=True)
    section_id, start = _note_target(conn)
    bodies = typing(random.Random(seed), start, saves + 1)

    def pair(body: str) -> Pair:
        return (lambda: save_note(db, section_id, body),
                lambda: raw_save(conn, section_id, body))

    abab(row, [pair(b) for b in bodies[1:]], warmup=pair(bodies[0]))
    row.detail = [{"section_id": section_id, "start_chars": len(start),
                   "end_chars": len(bodies[-1])}]
    return row


def _export_rows(db: Any, conn: sqlcipher3.Connection, repeat: int, workdir: Path) -> list[Row]:
    in_memory = Row("export JSON (build + dumps)")
    to_file = Row("export JSON to file")

    def dumps(obj: Any) -> str:
        return json.dumps(obj, ensure_ascii=False)

    class Sink:  # the text of an export, written nowhere
        def write(self, text: str) -> int:
            return len(text)

    abab(in_memory, [(lambda: write_document(db, Sink()), lambda: dumps(raw_dump(conn)))]
         * repeat)
    ours_file, floor_file = workdir / "ours-export.json", workdir / "floor-export.json"
    abab(to_file, [(lambda: write_export(db, ours_file),
                     lambda: _write_fsync(floor_file, dumps(raw_dump(conn))))] * repeat)
    in_memory.detail = to_file.detail = [{"ours_bytes": ours_file.stat().st_size,
                                          "floor_bytes": floor_file.stat().st_size}]
    return [in_memory, to_file]


# -- the report ---------------------------------------------------------------------------

def markdown(rows: list[Row], info: dict[str, Any]) -> str:
    rows_text = ", ".join(f"{n:,} {t}" for t, n in info["rows"].items())
    lines = [
        f"# Coach Workbook benchmark — {info['when']}",
        "",
        f"Python {info['python']} · SQLCipher {info['sqlcipher']} (SQLite {info['sqlite']}, "
        f"kdf_iter {info['kdf_iter']}) · sqlcipher3 {info['sqlcipher3']} · "
        f"sqlite-utils {info['sqlite_utils']} · {info['cores']} cores ({info['cpu']}) · "
        f"{info['platform']}",
        "",
        f"Workbook: scale {info['scale']:g}, {info['workbook_mb']} MB, {rows_text}; "
        f"generated in {info['generation_s']:.1f} s. Samples per row: n (median of n, "
        "or p50 / p95 where n is large).",
        "",
        *ratio_table(rows),
    ]
    return "\n".join(lines) + "\n"


def _results(md: Path) -> list[dict[str, Any]]:
    """The summaries a section wrote next to its Markdown (Row.summary())."""
    return json.loads(md.with_suffix(".json").read_text(encoding="utf-8"))["results"]


def _hour_section(pristine: Path, hour: growth.Hour, keep: Path | None) -> dict[str, Any]:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    workdir = keep or Path(tempfile.mkdtemp(prefix=f"hour-run-{stamp}-", dir=OUT))
    try:
        result = growth.run_hour(pristine, workdir, hour)
    finally:
        if keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    text = growth.hour_markdown(result)
    print(text)
    md = OUT / f"memory-results-{stamp}.md"
    md.write_text(text, encoding="utf-8")
    md.with_suffix(".json").write_text(json.dumps(result, indent=2, ensure_ascii=False),
                                       encoding="utf-8")
    print(f"Written: {md} and .json", file=sys.stderr)
    return result


def run_scale(scale: float, args: argparse.Namespace, repeat: int,
              hour: growth.Hour | None) -> tuple[list[growth.Figure], dict[str, Any], bool]:
    """Every section at one scale, each table printed when it is done. Returns the figures
    for the growth table, the workbook's facts, and whether every section ran."""
    keep = args.keep / f"scale{scale:g}" if args.keep and args.scales else args.keep
    pristine, generation_s = cached_workbook(scale, args.seed)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    workdir = keep or Path(tempfile.mkdtemp(prefix=f"run-{stamp}-", dir=OUT))
    try:
        rows = measure(pristine, gen.PASSPHRASE, workdir, repeat=repeat, seed=args.seed)
    finally:
        if keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    info = machine_info(pristine, gen.PASSPHRASE) | {
        "when": datetime.now().strftime("%Y-%m-%d %H:%M"), "scale": scale,
        "generation_s": generation_s, "repeat": repeat}
    text = markdown(rows, info)
    print(text)
    (OUT / f"results-{stamp}.md").write_text(text, encoding="utf-8")
    (OUT / f"results-{stamp}.json").write_text(json.dumps(
        {"machine": info, "results": [r.summary() for r in rows], "samples": [asdict(r)
                                                                                for r in rows]},
        indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"Written: {OUT / f'results-{stamp}.md'} and .json", file=sys.stderr)
    figures = growth.figures_from_summaries([r.summary() for r in rows])
    if not args.no_docs:
        from bench import documents

        docs_text, docs_md = documents.run_section(
            scale, args.seed, repeat=repeat, keep=keep / "documents" if keep else None)
        print(docs_text)
        print(f"Written: {docs_md} and .json", file=sys.stderr)
        figures += growth.figures_from_summaries(_results(docs_md))
    if args.no_gui:
        return figures, info, True
    from bench import gui  # its parent side loads no Qt; each timing is a child process

    ok = True
    try:
        gui_text, gui_md = gui.run_section(
            scale, args.seed, gui.Settings(repeat=repeat, seed=args.seed),
            keep=keep / "gui" if keep else None)
        print(gui_text)
        print(f"Written: {gui_md} and .json", file=sys.stderr)
        figures += growth.figures_from_summaries(_results(gui_md))
    except gui.ProbeFailed as exc:
        print(f"The GUI timings failed: {exc}", file=sys.stderr)
        ok = False
    if hour is not None:
        try:
            figures += growth.hour_figures(_hour_section(pristine, hour,
                                                         keep / "hour" if keep else None))
        except gui.ProbeFailed as exc:
            print(f"The scripted hour failed: {exc}", file=sys.stderr)
            ok = False
    return figures, info, ok


def _scales(text: str) -> list[float]:
    scales = sorted({float(part) for part in text.split(",") if part.strip()})
    if not scales or min(scales) <= 0:
        raise argparse.ArgumentTypeError("scales are positive numbers, e.g. 0.25,1,4")
    return scales


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0,
                        help="workbook size; 1.0 = 300 coachees, 12,000 sessions (default)")
    parser.add_argument("--scales", type=_scales, metavar="S,S,…",
                        help="run everything at each scale (e.g. 0.25,1,4), then say how each "
                             "row grows with the data; replaces --scale")
    parser.add_argument("--repeat", type=int,
                        help="timed runs of open, list, export, documents and launches "
                             "(default 5; 3 with --scales)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep the working copies and exports in DIR (default: deleted)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-docs", action="store_true",
                        help="skip the PDF documents' timings (bench/documents.py)")
    parser.add_argument("--no-gui", action="store_true",
                        help="skip the window's timings and memory (bench/gui.py, gui_hour.py)")
    parser.add_argument("--passes", type=int, default=4,
                        help="scripted hours run for the memory table (default 4; with "
                             "--scales, at scale 1 only, one at the others)")
    parser.add_argument("--no-hour", action="store_true",
                        help="skip the memory over a scripted hour (bench/gui_hour.py)")
    args = parser.parse_args(argv)
    repeat = args.repeat or (3 if args.scales else 5)
    if args.scale <= 0 or repeat < 1 or args.passes < 0:
        parser.error("--scale must be positive, --repeat at least 1, --passes at least 0")

    def hour(scale: float) -> growth.Hour | None:
        if args.no_hour or args.no_gui:
            return None
        return growth.Hour(passes=args.passes if scale == 1 or not args.scales
                           else min(args.passes, 1))

    if not args.scales or len(args.scales) == 1:  # one scale: nothing to compare
        scale = args.scales[0] if args.scales else args.scale
        args.scales = None
        return 0 if run_scale(scale, args, repeat, hour(scale))[2] else 1
    by_scale: dict[float, list[growth.Figure]] = {}
    facts: dict[float, dict[str, Any]] = {}
    ok = True
    for scale in args.scales:
        by_scale[scale], facts[scale], fine = run_scale(scale, args, repeat, hour(scale))
        ok = ok and fine
    text, md = growth.write_growth(by_scale, args.scales, facts, OUT)
    print(text)
    print(f"Written: {md} and .json", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
