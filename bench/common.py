"""What every bench module shares, so that none of them imports another to borrow it.

- the row of a table and its alternating (ABAB) timing against the floor;
- the floor's raw `sqlcipher3` connection, keyed and pinned as the vault does it;
- the cached generated workbook, the machine's facts and the Markdown ratio table;
- the Qt child processes' plumbing (`bench.gui_probe`, `bench.gui_typing`): Qt is
  imported inside each function, so a parent that imports this module never loads it.

`bench.run` runs the other sections; none of them imports `bench.run`
(tests/test_architecture.py checks that bench/ has no import cycle).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import platform
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import sqlcipher3

from bench import generate as gen
from workbook import migrations
from workbook import vault as vault_mod
from workbook.search import RANK_ALL, RANK_RECENT

OUT = Path(__file__).resolve().parent / "out"


# -- a row and its timing -----------------------------------------------------------------

@dataclass
class Row:
    operation: str
    ours_ms: list[float] = field(default_factory=list)
    floor_ms: list[float] = field(default_factory=list)
    percentiles: bool = False  # show p95 (many samples) or only the median
    detail: list[dict[str, Any]] = field(default_factory=list)
    kind: str = ""  # ON_SCREEN or READS_EVERY_MATCH: how it may grow with the workbook
    target_p95_ms: float | None = None  # the budget for ours, if it has one

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
                "floor_p95_ms": self.p(self.floor_ms, 0.95), "ratio_p50": self.ratio,
                "kind": self.kind, "target_p95_ms": self.target_p95_ms}

    def verdict(self) -> str:
        if self.target_p95_ms is None:
            return ""
        met = self.p(self.ours_ms, 0.95) <= self.target_p95_ms
        return f"{'met' if met else 'MISSED'} (p95 ≤ {self.target_p95_ms:g})"


ON_SCREEN = "on screen"  # should not grow with the workbook
READS_EVERY_MATCH = "reads every match"  # may grow linearly with what it reads


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """(milliseconds `fn` took, what it returned)."""
    start = time.perf_counter_ns()
    result = fn()
    return (time.perf_counter_ns() - start) / 1e6, result


Pair = tuple[Callable[[], Any], Callable[[], Any]]


def abab(row: Row, pairs: list[Pair], warmup: Pair | None = None) -> None:
    """Warm up once (on the first pair unless told), then time ours and the floor alternately."""
    warm_ours, warm_floor = warmup or pairs[0]
    warm_ours()
    warm_floor()
    for ours, floor in pairs:
        row.ours_ms.append(timed(ours)[0])
        row.floor_ms.append(timed(floor)[0])


# -- the floor: raw sqlcipher3 ------------------------------------------------------------

def raw_open(path: Path, passphrase: str) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    # The vault's own normalising and quoting: any other key would not open the same file.
    vault_mod.key_connection(conn, passphrase)
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn


def raw_session(path: Path, passphrase: str) -> sqlcipher3.Connection:
    """A floor connection with the workbook's pinned pragmas: those are promises, not waste."""
    conn = raw_open(path, passphrase)
    vault_mod.pin_pragmas(conn)
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
    # The same answer as workbook.search.find: a query with more than RANK_ALL matches is
    # ranked among its RANK_RECENT highest rowids. `rank MATCH` lets FTS5 sort by the
    # weighted score itself, so SQLite computes the snippet for the `limit` rows returned only.
    match = fts_expression(query)
    nth = ("SELECT rowid FROM search_index WHERE search_index MATCH ? "
           "ORDER BY rowid DESC LIMIT 1 OFFSET ?")
    since = 0
    if conn.execute(nth, [match, RANK_ALL]).fetchone() is not None:
        since = conn.execute(nth, [match, RANK_RECENT - 1]).fetchone()[0]
    return conn.execute(
        "SELECT kind, ref_id, coachee_id, title, snippet(search_index, 4, '[', ']', '…', 12) "
        "FROM search_index WHERE search_index MATCH ? AND rank MATCH 'bm25(0, 0, 0, 5.0, 1.0)' "
        "AND rowid >= ? ORDER BY rank LIMIT ?", [match, since, limit]).fetchall()


# -- the workbook and the machine ---------------------------------------------------------

def cached_workbook(scale: float, seed: int = 1, out: Path = OUT) -> tuple[Path, float]:
    """The generated workbook for `scale`, made once and reused; returns it and its build time."""
    out.mkdir(parents=True, exist_ok=True)
    # The schema's source is part of the key: an edited trigger must not reuse an old file.
    from workbook import upgrades

    schema = hashlib.sha256(Path(migrations.__file__).read_bytes()
                            + Path(upgrades.__file__).read_bytes()).hexdigest()[:10]
    stem = (f"workbook-scale{scale:g}-seed{seed}-gen{gen.GENERATOR_VERSION}"
            f"-schema{migrations.SCHEMA_VERSION}-{schema}")
    path, meta = out / f"{stem}.cwb", out / f"{stem}.json"
    if path.exists() and meta.exists():
        return path, float(json.loads(meta.read_text())["seconds"])
    # Two benches may generate the same scale at once: each builds its own file, and the
    # first to finish wins the rename (the other's file replaces it, equal row for row).
    partial = out / f"{stem}.partial-{os.getpid()}.cwb"
    partial.unlink(missing_ok=True)
    print(f"Generating the scale {scale:g} workbook (once; cached in {out}) …", file=sys.stderr)
    stats = gen.generate_with_stats(partial, gen.PASSPHRASE, seed=seed, **gen.scaled(scale))
    os.replace(partial, path)
    partial.with_name(partial.name + ".lock").unlink(missing_ok=True)
    meta.write_text(json.dumps({"seconds": stats.seconds, "counts": stats.counts,
                                "size_bytes": stats.size_bytes}, indent=2))
    print(f"Generated in {stats.seconds:.1f} s ({stats.size_bytes / 1e6:.1f} MB).", file=sys.stderr)
    return path, stats.seconds


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


def _cell(row: Row, samples: list[float], with_max: bool) -> str:
    p50 = row.p(samples, 0.5)
    if not row.percentiles:
        return f"{p50:.2f}"
    return f"{p50:.2f} / {row.p(samples, 0.95):.2f}" + (f" / {max(samples):.2f}"
                                                        if with_max else "")


def ratio_table(rows: list[Row], *, with_max: bool = False) -> list[str]:
    """The Markdown table of ours against the floor: the median of n, or p50 / p95 (and the
    max, if asked) for rows with many samples."""
    kinds = any(row.kind or row.target_p95_ms is not None for row in rows)
    lines = ["| operation | n | ours (ms) | floor (ms) | ratio (ours/floor, p50) |"
             + (" kind | target |" if kinds else ""),
             "|---|---:|---:|---:|---:|" + ("---|---|" if kinds else "")]
    lines += [f"| {row.operation} | {len(row.ours_ms)} | {_cell(row, row.ours_ms, with_max)} | "
              f"{_cell(row, row.floor_ms, with_max)} | {row.ratio:.2f}× |"
              + (f" {row.kind} | {row.verdict()} |" if kinds else "") for row in rows]
    return lines


# -- Qt child processes (bench.gui_probe, bench.gui_typing) -------------------------------

MARK = "BENCH-RESULT "  # the one stdout line a probe's parent reads
WINDOW = (1280, 800)
TIMEOUT_S = 600  # a stuck probe ends itself; the parent reports it


def ns_ms(ns: int) -> float:
    return ns / 1e6


def emit(result: dict[str, Any]) -> None:
    sys.stdout.write(MARK + json.dumps(result, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def qt_app() -> Any:
    from PySide6.QtCore import QTimer

    from ui.window.app import make_application

    app = make_application(sys.argv[:1])
    QTimer.singleShot(TIMEOUT_S * 1000, lambda: os._exit(3))
    return app


def paint_watcher(widget: Any, on_paint: Callable[[int], None],
                  on_shown: Callable[[int], None] | None = None) -> Any:
    """Call `on_paint(perf_counter_ns)` at each paint event `widget` receives and, if given,
    `on_shown(perf_counter_ns)` when that paint cycle is over (see `CycleEnd`)."""
    from PySide6.QtCore import QEvent, QObject

    class Watcher(QObject):
        def eventFilter(self, obj: Any, event: Any) -> bool:
            if event.type() == QEvent.Type.Paint:
                on_paint(time.perf_counter_ns())
                if on_shown is not None:
                    CycleEnd.arm(on_shown)
            return False

    watcher = Watcher(widget)
    widget.installEventFilter(watcher)
    return watcher


class CycleEnd:
    """The end of the paint cycle under way: the first event the application delivers
    that is not a paint event, or the event loop going idle, whichever comes first. A window
    paints every dirty widget and flushes its backing store in one go, so either comes after
    the pixels are out. (A zero timer would also wait for whatever results were queued
    meanwhile, which is not painting; and without the idle signal, a loop with nothing left
    to do would stamp the end only at the next timer, e.g. a probe's own quiet timer.)"""

    _filter: Any = None
    _waiting: list[Callable[[int], None]] = []  # noqa: RUF012 (one per process, main thread)

    @classmethod
    def arm(cls, callback: Callable[[int], None]) -> None:
        from PySide6.QtCore import QAbstractEventDispatcher, QEvent, QObject
        from PySide6.QtWidgets import QApplication

        if callback not in cls._waiting:
            cls._waiting.append(callback)
        if cls._filter is not None:
            return
        dispatcher = QAbstractEventDispatcher.instance()

        def end() -> None:
            now = time.perf_counter_ns()
            QApplication.instance().removeEventFilter(cls._filter)
            dispatcher.aboutToBlock.disconnect(end)
            cls._filter = None
            waiting, cls._waiting = cls._waiting, []
            for each in waiting:
                each(now)

        class Next(QObject):
            def eventFilter(self, obj: Any, event: Any) -> bool:
                if event.type() != QEvent.Type.Paint and cls._filter is self:
                    end()
                return False

        cls._filter = Next()
        QApplication.instance().installEventFilter(cls._filter)
        dispatcher.aboutToBlock.connect(end)


def fail(what: object) -> None:
    """End a probe with the reason (its parent reports it): never a hang."""
    sys.stderr.write(f"probe failed: {what!r}\n")
    sys.stderr.flush()
    os._exit(2)


def fail_on_error(window: Any) -> None:
    """A bug or a known error during a probe ends it with the reason (never a hang); a bug
    with its traceback, on stderr (the parent shows the probe's last lines)."""
    import traceback

    def bug(exc: BaseException) -> None:
        traceback.print_exception(exc, file=sys.stderr)
        fail(exc)

    window.state.error.connect(fail)
    window.state.runner.failed.connect(bug)
    window.state.opened.connect(lambda: _fail_on_ui_thread_sql(window.state.vault))


def _fail_on_ui_thread_sql(vault: Any) -> None:
    """End the probe if a statement runs on the UI thread. Every read and write belongs on
    the workbook's worker: a read from the UI thread interleaves with the worker's
    statements on the one connection (one such read, while the automatic backup checked its
    copy, failed the backup with "database copy_check is locked")."""
    import threading

    def traced(statement: str) -> None:
        if threading.current_thread() is threading.main_thread():
            fail(f"a statement ran on the UI thread: {statement.split(None, 3)[:3]}")

    vault.db.conn.set_trace_callback(traced)
