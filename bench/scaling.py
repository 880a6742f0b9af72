"""How bulk work grows: a roster import, the coachee list's markers and the demo workbook.

    python -m bench.scaling [--rows 5000] [--repeat 3]

These used to be wall-clock limits inside the test suite, where a loaded machine made them
fail without anything being wrong. Here each is timed against a floor measured in the same
run, alternately (ABAB), on real encrypted files:

- roster import of N rows (parse, validate, de-duplicate, insert in one transaction)
  against raw `executemany` of the same names into a keyed copy;
- the coachee list's markers (open and overdue actions, last and next meeting) for N/16
  coachees against the raw grouped count it is built on;
- building the demo workbook against creating an empty workbook (one key derivation).

The tests keep what does not depend on the machine: the same answers, and a fixed number of
statements per call (tests/test_queries.py, tests/test_search.py).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

from bench.common import Row, abab, raw_session
from workbook import demo, queries
from workbook import vault as vault_mod
from workbook.exchange.roster import import_roster

PASSPHRASE = "Bench scaling passphrase 2026"
TODAY = date(2026, 3, 15)


def _roster(path: Path, rows: int) -> Path:
    lines = ["Name,Email,Level,Program,Cohort,Start date,Tags"]
    lines += [f"Learner Nº{i},learner{i}@example.edu,MS{i % 4 + 1},MD,{2026 + i % 4},"
              f"8/{i % 28 + 1}/2025,cohort-{i % 7};group-{i % 3}" for i in range(rows)]
    path.write_text("\r\n".join(lines), encoding="utf-8")
    return path


def _copy(template: Path, target: Path) -> Path:
    shutil.copyfile(template, target)
    return target


def roster_row(template: Path, work: Path, rows: int, repeat: int) -> Row:
    row = Row(f"roster import, {rows:,} rows")
    csv = _roster(work / "roster.csv", rows)
    names = [(f"Learner Nº{i}",) for i in range(rows)]

    def ours(n: int) -> None:
        with vault_mod.open_vault(_copy(template, work / f"ours{n}.cwb"), PASSPHRASE) as v:
            import_roster(v.db, csv)

    def floor(n: int) -> None:
        conn = raw_session(_copy(template, work / f"floor{n}.cwb"), PASSPHRASE)
        try:
            conn.execute("BEGIN")
            conn.executemany("INSERT INTO coachees(name) VALUES (?)", names)
            conn.execute("COMMIT")
        finally:
            conn.close()

    pairs = [(lambda n=n: ours(n), lambda n=n: floor(n)) for n in range(1, repeat + 1)]
    abab(row, pairs, warmup=(lambda: ours(0), lambda: floor(0)))
    return row


def markers_row(template: Path, work: Path, coachees: int, repeat: int) -> Row:
    row = Row(f"coachee list markers, {coachees:,} coachees")
    path = _copy(template, work / "markers.cwb")
    with vault_mod.open_vault(path, PASSPHRASE) as v, v.db.atomic():
        for n in range(coachees):
            cid = int(v.db["coachees"].insert({"name": f"Learner {n}"}).last_pk)
            for m in range(4):
                v.db["sessions"].insert({"coachee_id": cid, "status": "held",
                                         "scheduled_at": f"2025-0{m + 1}-10T10:00"})
                v.db["action_items"].insert({"coachee_id": cid, "text": f"Item {m}",
                                             "due_date": f"2026-0{m + 1}-01"})
    with vault_mod.open_vault(path, PASSPHRASE) as v:
        conn = raw_session(_copy(path, work / "markers-floor.cwb"), PASSPHRASE)
        try:
            def floor() -> None:
                conn.execute("SELECT coachee_id, COUNT(*) FROM action_items "
                             "WHERE done_on IS NULL GROUP BY coachee_id").fetchall()

            pairs = [(lambda: queries.coachee_overview_counts(v.db, today=TODAY), floor)
                     for _ in range(repeat * 5)]
            abab(row, pairs)
        finally:
            conn.close()
    return row


def demo_row(work: Path, repeat: int) -> Row:
    row = Row("demo workbook built (floor: an empty workbook created)")

    def ours(n: int) -> None:
        with vault_mod.create(work / f"demo{n}.cwb", PASSPHRASE) as v:
            demo.build_demo(v.db, today=TODAY)

    def floor(n: int) -> None:
        vault_mod.create(work / f"empty{n}.cwb", PASSPHRASE).close()

    pairs = [(lambda n=n: ours(n), lambda n=n: floor(n)) for n in range(1, repeat + 1)]
    abab(row, pairs, warmup=(lambda: ours(0), lambda: floor(0)))
    return row


def measure(work: Path, *, rows: int = 5000, repeat: int = 3) -> list[Row]:
    template = work / "empty.cwb"
    vault_mod.create(template, PASSPHRASE).close()
    return [roster_row(template, work, rows, repeat),
            markers_row(template, work, max(rows // 16, 1), repeat),
            demo_row(work, repeat)]


def markdown(rows: list[Row]) -> str:
    lines = ["| operation | ours p50 ms | floor p50 ms | ratio |", "| --- | ---: | ---: | ---: |"]
    lines += [f"| {r.operation} | {r.p(r.ours_ms, 0.5):.1f} | {r.p(r.floor_ms, 0.5):.1f} | "
              f"{r.ratio:.2f}× |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scaling", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=5000, help="roster rows (default 5000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs (default 3)")
    args = parser.parse_args(argv)
    if args.rows < 1 or args.repeat < 1:
        parser.error("--rows and --repeat must be at least 1")
    with tempfile.TemporaryDirectory(prefix="scaling-") as work:
        rows = measure(Path(work), rows=args.rows, repeat=args.repeat)
    print(markdown(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
