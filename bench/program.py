"""Merging coaches' program reports: 500 of them, against only reading the same files.

    python -m bench.program [--reports 500] [--repeat 7]

Ours: what `coach-workbook program merge` does before it writes — read and check every file
(JSON, schema, digest, shape), refuse mixes, add up, suppress for publication and build the
summary document. The floor: reading the same files and parsing their JSON, the least any
merge must do. Measured alternately (ABAB) after a warm-up of each; the target is under a
second for 500 reports. The PDF is left out: it is one document whatever the count.
"""

from __future__ import annotations

import argparse
import json
import random
import secrets
import statistics
import tempfile
from pathlib import Path

from bench.common import Row, abab, ratio_table
from workbook.program import tables as t
from workbook.program.document import Report, to_document
from workbook.program.merge import merge, read_reports
from workbook.program.output import summary_document
from workbook.program.period import period
from workbook.program.report import domain_rows
from workbook.program.suppress import PUBLISHED_THRESHOLD

PERIOD = period("2026-07", "2027-06")
TARGET_MS = 1000.0


def fake_report(rng: random.Random) -> Report:
    """A coach's report with counts of a plausible size (a caseload of 5 to 40)."""
    made = []
    for spec in t.SPECS:
        rows = {"attendance": tuple(PERIOD.quarters()), "goals": domain_rows()}.get(
            spec.key, spec.rows)
        cells = {(r, c): rng.choice((0, 0, 1, 2, 3, 5, 8, 13)) for r in rows
                 for c in spec.columns}
        made.append(t.Table(spec, rows, cells))
    return Report(secrets.token_hex(16), PERIOD, made, "Coach Workbook bench")


def write_reports(folder: Path, count: int, seed: int) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for n in range(count):
        path = folder / f"coach-{n:04}.json"
        path.write_text(json.dumps(to_document(fake_report(rng))), "utf-8")
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-program-") as tmp:
        paths = write_reports(Path(tmp), args.reports, args.seed)
        size = sum(p.stat().st_size for p in paths)

        def ours() -> None:
            summary_document(merge(read_reports(paths)), PUBLISHED_THRESHOLD)

        def floor() -> None:
            for path in paths:
                json.loads(path.read_text("utf-8"))

        row = Row(f"merge {args.reports} reports ({size / 1e6:.1f} MB)",
                  target_p95_ms=TARGET_MS)
        abab(row, [(ours, floor)] * args.repeat)
    print("\n".join(ratio_table([row])))
    median = statistics.median(row.ours_ms)
    verdict = "within" if median < TARGET_MS else "OVER"
    print(f"\nmerge of {args.reports} reports: median {median:.0f} ms, "
          f"{verdict} the {TARGET_MS:.0f} ms target; {row.ratio:.2f}× reading the files")
    return 0 if median < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
