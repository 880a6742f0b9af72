"""Time what a coach waits for, each against a floor measured in the same run.

    python -m bench.run [--scale 1.0] [--repeat N] [--keep DIR] [--no-docs] [--no-gui]

The floor is the least work SQLCipher must do to give the same answer: raw `sqlcipher3`
calls on an identical copy of the workbook (same pinned pragmas). Ours and the floor are
measured alternately (ABAB) after one warm-up each, so a noisy machine slows both alike;
the ratio ours/floor is the number to watch. Then the PDF documents (bench/documents.py) and
the window's own timings (bench/gui.py) run on the same workbook, unless --no-docs or
--no-gui. See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import sqlcipher3

from bench import generate as gen
from workbook import migrations
from workbook import vault as vault_mod
from workbook.coachees import list_coachees
from workbook.exchange.json_format import export_json, write_export
from workbook.notes import save_note
from workbook.search import search

OUT = Path(__file__).resolve().parent / "out"
QUERIES = 50
SAVES = 200


@dataclass
class Row:
    operation: str
    ours_ms: list[float] = field(default_factory=list)
    floor_ms: list[float] = field(default_factory=list)
    percentiles: bool = False  # show p95 (many samples) or only the median
    detail: list[dict[str, Any]] = field(default_factory=list)

    def p(self, samples: list[float], q: float) -> float:
        ordered = sorted(samples)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    @property
    def ratio(self) -> float:
        return statistics.median(self.ours_ms) / max(statistics.median(self.floor_ms), 1e-9)

    def summary(self) -> dict[str, Any]:
        return {"operation": self.operation, "n": len(self.ours_ms),
                "ours_p50_ms": self.p(self.ours_ms, 0.5), "ours_p95_ms": self.p(self.ours_ms, 0.95),
                "floor_p50_ms": self.p(self.floor_ms, 0.5),
                "floor_p95_ms": self.p(self.floor_ms, 0.95), "ratio_p50": self.ratio}


def _ms(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter_ns()
    result = fn()
    return (time.perf_counter_ns() - start) / 1e6, result


Pair = tuple[Callable[[], Any], Callable[[], Any]]


def _abab(row: Row, pairs: list[Pair], warmup: Pair | None = None) -> None:
    """Warm up once (on the first pair unless told), then time ours and the floor alternately."""
    warm_ours, warm_floor = warmup or pairs[0]
    warm_ours()
    warm_floor()
    for ours, floor in pairs:
        row.ours_ms.append(_ms(ours)[0])
        row.floor_ms.append(_ms(floor)[0])


# -- the floor: raw sqlcipher3 ------------------------------------------------------------

def raw_open(path: Path, passphrase: str) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute("PRAGMA key = '" + passphrase.replace("'", "''") + "'")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn


def raw_session(path: Path, passphrase: str) -> sqlcipher3.Connection:
    """A floor connection with the workbook's pinned pragmas: those are promises, not waste."""
    conn = raw_open(path, passphrase)
    for name, value in vault_mod.PINNED_PRAGMAS.items():
        conn.execute(f"PRAGMA {name} = {value}")
    return conn


def fts_expression(query: str) -> str:
    """The FTS5 query for what a coach typed, with the product's search-as-you-type meaning:
    every word must appear and the last one may be a prefix. Quoted, so FTS5 syntax stays
    literal."""
    words = [w for w in re.split(r"[\s\-]+", query) if w]
    phrases = ['"' + w.replace('"', '""') + '"' for w in words]
    if words and (len(words[-1]) > 1 or not words[-1].isascii()):
        phrases[-1] += "*"
    return " ".join(phrases)


def raw_search(conn: sqlcipher3.Connection, query: str, limit: int = 50) -> list[tuple]:
    # `rank MATCH` lets FTS5 sort by the weighted score itself, so SQLite computes the
    # snippet for the `limit` rows returned only, not for every match.
    return conn.execute(
        "SELECT kind, ref_id, coachee_id, title, snippet(search_index, 4, '[', ']', '…', 12) "
        "FROM search_index WHERE search_index MATCH ? AND rank MATCH 'bm25(0, 0, 0, 5.0, 1.0)' "
        "ORDER BY rank LIMIT ?", [fts_expression(query), limit]).fetchall()


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
    elapsed, vault = _ms(lambda: vault_mod.open_vault(path, passphrase))
    vault.close()
    return elapsed


def _timed_raw_open(path: Path, passphrase: str) -> float:
    elapsed, conn = _ms(lambda: raw_open(path, passphrase))
    conn.close()
    return elapsed


def _list_row(db: Any, conn: sqlcipher3.Connection, repeat: int) -> Row:
    row = Row("list coachees")
    _abab(row, [(lambda: list_coachees(db),
                 lambda: conn.execute("SELECT * FROM coachees").fetchall())] * repeat)
    return row


def _search_row(db: Any, conn: sqlcipher3.Connection, queries: list[str]) -> Row:
    row = Row(f"search ({len(queries)} queries)", percentiles=True)
    hits: dict[tuple[str, int], int] = {}

    def ours(q: str) -> Callable[[], Any]:
        return lambda: hits.__setitem__((q, 0), len(search(db, q, limit=50)))

    def floor(q: str) -> Callable[[], Any]:
        return lambda: hits.__setitem__((q, 1), len(raw_search(conn, q)))

    _abab(row, [(ours(q), floor(q)) for q in queries])
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

    _abab(row, [pair(b) for b in bodies[1:]], warmup=pair(bodies[0]))
    row.detail = [{"section_id": section_id, "start_chars": len(start),
                   "end_chars": len(bodies[-1])}]
    return row


def _export_rows(db: Any, conn: sqlcipher3.Connection, repeat: int, workdir: Path) -> list[Row]:
    in_memory = Row("export JSON (build + dumps)")
    to_file = Row("export JSON to file")

    def dumps(obj: Any) -> str:
        return json.dumps(obj, ensure_ascii=False)

    _abab(in_memory, [(lambda: dumps(export_json(db)), lambda: dumps(raw_dump(conn)))] * repeat)
    ours_file, floor_file = workdir / "ours-export.json", workdir / "floor-export.json"
    _abab(to_file, [(lambda: write_export(db, ours_file),
                     lambda: _write_fsync(floor_file, dumps(raw_dump(conn))))] * repeat)
    in_memory.detail = to_file.detail = [{"ours_bytes": ours_file.stat().st_size,
                                          "floor_bytes": floor_file.stat().st_size}]
    return [in_memory, to_file]


# -- the report ---------------------------------------------------------------------------

def machine_info(pristine: Path, passphrase: str) -> dict[str, Any]:
    conn = raw_open(pristine, passphrase)
    try:
        cipher = conn.execute("PRAGMA cipher_version").fetchone()[0]
        sqlite = conn.execute("SELECT sqlite_version()").fetchone()[0]
        kdf = conn.execute("PRAGMA kdf_iter").fetchone()[0]
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in (
            "coachees", "sessions", "session_sections", "goals", "action_items")}
    finally:
        conn.close()
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "python": platform.python_version(), "platform": platform.platform(),
        "sqlcipher": cipher, "sqlite": sqlite, "kdf_iter": kdf,
        "sqlcipher3": metadata.version("sqlcipher3"),
        "sqlite_utils": metadata.version("sqlite-utils"),
        "cores": os.cpu_count(), "cpu": cpu,
        "workbook_mb": round(pristine.stat().st_size / 1e6, 1), "rows": counts,
    }


def _cell(row: Row, samples: list[float]) -> str:
    p50 = row.p(samples, 0.5)
    return f"{p50:.2f} / {row.p(samples, 0.95):.2f}" if row.percentiles else f"{p50:.2f}"


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
        "| operation | n | ours (ms) | floor (ms) | ratio (ours/floor, p50) |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [f"| {row.operation} | {len(row.ours_ms)} | {_cell(row, row.ours_ms)} | "
              f"{_cell(row, row.floor_ms)} | {row.ratio:.2f}× |" for row in rows]
    return "\n".join(lines) + "\n"


def cached_workbook(scale: float, seed: int = 1, out: Path = OUT) -> tuple[Path, float]:
    """The generated workbook for `scale`, made once and reused; returns it and its build time."""
    out.mkdir(parents=True, exist_ok=True)
    # The schema's source is part of the key: an edited trigger must not reuse an old file.
    schema = hashlib.sha256(Path(migrations.__file__).read_bytes()).hexdigest()[:10]
    stem = (f"workbook-scale{scale:g}-seed{seed}-gen{gen.GENERATOR_VERSION}"
            f"-schema{migrations.SCHEMA_VERSION}-{schema}")
    path, meta = out / f"{stem}.cwb", out / f"{stem}.json"
    if path.exists() and meta.exists():
        return path, float(json.loads(meta.read_text())["seconds"])
    partial = out / f"{stem}.partial.cwb"
    partial.unlink(missing_ok=True)
    print(f"Generating the scale {scale:g} workbook (once; cached in {out}) …", file=sys.stderr)
    stats = gen.generate_with_stats(partial, gen.PASSPHRASE, seed=seed, **gen.scaled(scale))
    os.replace(partial, path)
    partial.with_name(partial.name + ".lock").unlink(missing_ok=True)
    meta.write_text(json.dumps({"seconds": stats.seconds, "counts": stats.counts,
                                "size_bytes": stats.size_bytes}, indent=2))
    print(f"Generated in {stats.seconds:.1f} s ({stats.size_bytes / 1e6:.1f} MB).", file=sys.stderr)
    return path, stats.seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0,
                        help="workbook size; 1.0 = 300 coachees, 12,000 sessions (default)")
    parser.add_argument("--repeat", type=int, default=5,
                        help="timed runs of open, list and export (default 5)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep the working copies and exports in DIR (default: deleted)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-docs", action="store_true",
                        help="skip the PDF documents' timings (bench/documents.py)")
    parser.add_argument("--no-gui", action="store_true",
                        help="skip the window's timings (bench/gui.py)")
    args = parser.parse_args(argv)
    if args.scale <= 0 or args.repeat < 1:
        parser.error("--scale must be positive and --repeat at least 1")

    pristine, generation_s = cached_workbook(args.scale, args.seed)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    workdir = args.keep or Path(tempfile.mkdtemp(prefix=f"run-{stamp}-", dir=OUT))
    try:
        rows = measure(pristine, gen.PASSPHRASE, workdir, repeat=args.repeat, seed=args.seed)
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    info = machine_info(pristine, gen.PASSPHRASE) | {
        "when": datetime.now().strftime("%Y-%m-%d %H:%M"), "scale": args.scale,
        "generation_s": generation_s, "repeat": args.repeat}
    text = markdown(rows, info)
    print(text)
    (OUT / f"results-{stamp}.md").write_text(text, encoding="utf-8")
    (OUT / f"results-{stamp}.json").write_text(json.dumps(
        {"machine": info, "results": [r.summary() for r in rows], "samples": [asdict(r)
                                                                                for r in rows]},
        indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"Written: {OUT / f'results-{stamp}.md'} and .json", file=sys.stderr)
    if not args.no_docs:
        from bench import documents

        docs_text, docs_md = documents.run_section(
            args.scale, args.seed, repeat=args.repeat,
            keep=args.keep / "documents" if args.keep else None)
        print(docs_text)
        print(f"Written: {docs_md} and .json", file=sys.stderr)
    if args.no_gui:
        return 0
    from bench import gui  # its parent side loads no Qt; each timing is a child process

    try:
        gui_text, gui_md = gui.run_section(
            args.scale, args.seed, gui.Settings(repeat=args.repeat, seed=args.seed),
            keep=args.keep / "gui" if args.keep else None)
    except gui.ProbeFailed as exc:
        print(f"The GUI timings failed: {exc}", file=sys.stderr)
        return 1
    print(gui_text)
    print(f"Written: {gui_md} and .json", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
