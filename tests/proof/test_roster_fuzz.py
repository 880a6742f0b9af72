"""Proof: 2,000 damaged rosters (`make proof`; 200 under `make test`), each a seeded mutation
of a real export — bytes flipped, cut short, cells made huge, rows repeated, saved in another
encoding — either import fully or change nothing and say why in one sentence, in bounded time
and memory.

The time bound is taken in the same run, so it holds on a slow machine: a fixed allowance,
plus a few times the CPU time per byte of a large clean roster (2,000 learners, about 240
KB), itself no slower per byte than a quarter of it, so a quadratic import fails; so does
quadratic work on a 100 KB cell or a mojibake import.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path
from typing import Any

from tests.import_fuzzing import measured
from tests.proof import repeats
from tests.test_roster_exports import CANVAS_GRADEBOOK, FORMS, GOOGLE, OUTLOOK
from workbook.errors import InvalidInput
from workbook.exchange.roster import import_roster

FIXTURES = Path(__file__).parent.parent / "fixtures"
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "gbk", "mac_roman",
             "latin-1", "shift_jis", "cp1250"]
MEMORY_FLOOR = 32 * 1_048_576  # what the import itself needs, on top of the file
MEMORY_PER_BYTE = 60  # bytes → str, its copy for the csv reader, cells and rows
# A damaged roster may take this much CPU time: a fixed allowance (a small clean roster takes
# about 10 ms), plus SLOPE_FACTOR times what a large clean one takes per byte (about 6 µs
# under tracing, its rows all checked and added).
FIXED_SECONDS = 0.25
SLOPE_FACTOR = 3
LARGE_ROWS = 2_000
# A roster 4 times as long may take at most this many times as long per byte: a linear
# import takes about as long per byte, a quadratic one about 4 times.
LINEAR_SLACK = 1.6
FIRST = ["Ana", "Björn", "Élodie", "Aïcha", "Tomás", "Hoa", "Søren", "Zoë", "Małgorzata",
         "Siobhán", "Kwame", "Ingrid", "Yusuf", "Priya", "Mateo", "Leilani", "Oskar", "王小明"]
LAST = ["Lima", "Okoro", "Marchand", "Lindqvist", "Benali", "Herrera", "Nguyễn", "Ødegård",
        "Kowalczyk", "Wiśniewska", "O'Neil", "Mensah", "Solberg", "Demir", "Raman", "Quispe"]
LEVELS = ["MS1", "MS 2", "ms3", "MS4", "PGY-1", "PGY2", "Fellow", "", "PGY 3"]


def bases() -> list[bytes]:
    """The real exports every mutation starts from."""
    files = sorted(FIXTURES.glob("roster_*"))
    docs = [f.read_bytes() for f in files]
    docs += [("\r\n".join(lines) + "\r\n").encode("utf-8")
             for lines in (CANVAS_GRADEBOOK, OUTLOOK, GOOGLE, FORMS)]
    return docs


def large_roster(rows: int) -> bytes:
    """A clean roster of `rows` different learners (fictional), every column a coach's
    export may have filled in."""
    lines = ["Name,Preferred name,Pronouns,Email,Level,Program,Cohort,Start date,Tags"]
    for n in range(rows):
        first, last = FIRST[n % len(FIRST)], LAST[n // len(FIRST) % len(LAST)]
        lines.append(f'"{first} {last} {n}",{first},they/them,learner.{n}@example.edu,'
                     f"{LEVELS[n % len(LEVELS)]},Internal Medicine,{2025 + n % 4},"
                     f'2025-{1 + n % 12:02}-{1 + n % 28:02},"wellness, cohort {n % 7}"')
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _reencode(rng: random.Random, raw: bytes) -> bytes:
    text = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
    return text.encode(rng.choice(ENCODINGS), errors="replace")


def _huge_cell(rng: random.Random, raw: bytes) -> bytes:
    lines = raw.split(b"\n")
    at = rng.randrange(len(lines))
    filler = rng.choice([b"x", b"a;", b"\xc3\xa9", b"Tag ::: ", b'""', b" "])
    size = rng.choice([300, 5_000, 40_000, 140_000])
    lines[at] += b"," + filler * (size // len(filler))
    return b"\n".join(lines)


def _repeat_rows(rng: random.Random, raw: bytes) -> bytes:
    lines = raw.split(b"\n")
    at = rng.randrange(1, len(lines)) if len(lines) > 1 else 0
    return b"\n".join(lines[:at] + [lines[at]] * rng.randint(2, 400) + lines[at:])


def _flip(rng: random.Random, raw: bytes) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 20)):
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def _insert(rng: random.Random, raw: bytes) -> bytes:
    pieces = [b"\x00", b"\r", b"\n", b'"', b";", b"\t", b",", b"\xff\xfe", b"\xef\xbb\xbf",
              b"13/04/2026", b"03/04/2026", b"Points Possible", b"\x1a", b"sep=;\n"]
    at = rng.randrange(len(raw) + 1)
    return raw[:at] + rng.choice(pieces) * rng.randint(1, 5) + raw[at:]


def _truncate(rng: random.Random, raw: bytes) -> bytes:
    return raw[:rng.randrange(len(raw) + 1)]


def _splice(rng: random.Random, raw: bytes, others: list[bytes]) -> bytes:
    other = rng.choice(others).split(b"\n")
    return raw.split(b"\n")[0] + b"\n" + b"\n".join(other[1:])


MUTATIONS = [_reencode, _huge_cell, _repeat_rows, _flip, _insert, _truncate]


def mutated(rng: random.Random, docs: list[bytes]) -> bytes:
    raw = rng.choice(docs)
    for _ in range(rng.randint(1, 3)):
        raw = _splice(rng, raw, docs) if rng.random() < 0.1 else rng.choice(MUTATIONS)(rng, raw)
    return raw


def snapshot(db: Any) -> str:
    rows = db.execute("SELECT * FROM coachees ORDER BY id").fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def timed_import(db: Any, path: Path, order: str | None) -> tuple[Any, float, int]:
    """(the result or the refusal, CPU seconds, peak bytes allocated). CPU time, not wall
    time: other processes on a busy machine do not count against it."""
    def run() -> Any:
        try:
            return import_roster(db, path, date_order=order)
        except InvalidInput as exc:
            return exc

    outcome, peak, elapsed = measured(run)
    return outcome, elapsed, peak


def forget(db: Any, ids: list[int]) -> None:
    if ids:
        with db.atomic():
            db.execute(f"DELETE FROM coachees WHERE id IN ({','.join('?' * len(ids))})", ids)


def _seconds_per_byte(db: Any, path: Path, rows: int) -> float:
    """A clean roster of `rows` learners imported whole (under the same tracing as the
    mutants) and removed again: its CPU seconds per byte."""
    raw = large_roster(rows)
    path.write_bytes(raw)
    outcome, elapsed, peak = timed_import(db, path, None)
    assert not isinstance(outcome, InvalidInput), outcome.sentence
    assert outcome.added == rows
    assert peak < MEMORY_FLOOR + MEMORY_PER_BYTE * len(raw), peak
    forget(db, outcome.added_ids)
    return elapsed / len(raw)


def slope(db: Any, path: Path) -> float:
    """The CPU seconds per byte of a large clean roster, once it is known to be no more than
    a quarter of it takes per byte (measured once more if the machine had a slow moment)."""
    small = large = float("inf")
    for _ in range(2):
        small = min(small, _seconds_per_byte(db, path, LARGE_ROWS // 4))
        large = min(large, _seconds_per_byte(db, path, LARGE_ROWS))
        if large <= LINEAR_SLACK * small:
            break
    assert large <= LINEAR_SLACK * small, ("not linear: seconds per byte", small, large)
    return large


def test_fuzzed_rosters_import_fully_or_change_nothing(db: Any, tmp_path: Path) -> None:
    docs = bases()
    path = tmp_path / "roster.csv"
    for raw in docs:  # the clean exports first: the imports and caches are warm after them
        path.write_bytes(raw)
        outcome, _, _ = timed_import(db, path, "mdy")
        if not isinstance(outcome, InvalidInput):  # one fixture is refused by design
            forget(db, outcome.added_ids)
    time_per_byte = SLOPE_FACTOR * slope(db, path)
    rng = random.Random(20260403)
    outcomes = {"imported": 0, "refused": 0}
    for case in range(repeats(2000)):
        raw = mutated(rng, docs)
        order = rng.choice([None, None, "dmy", "mdy"])
        path.write_bytes(raw)
        before = snapshot(db)
        count = db.execute("SELECT count(*) FROM coachees").fetchone()[0]
        outcome, elapsed, peak = timed_import(db, path, order)
        where = f"case {case} ({len(raw):,} bytes, order {order})"
        assert not db.conn.in_transaction, where
        if isinstance(outcome, InvalidInput):
            outcomes["refused"] += 1
            sentence = outcome.sentence
            assert sentence and "\n" not in sentence, (where, sentence)
            assert sentence.rstrip()[-1] in ".)»", (where, sentence)
            assert snapshot(db) == before, (where, sentence)
        else:
            outcomes["imported"] += 1
            assert outcome.added == len(outcome.added_ids), where
            after = db.execute("SELECT count(*) FROM coachees").fetchone()[0]
            assert after == count + outcome.added, where
            forget(db, outcome.added_ids)
        assert elapsed < FIXED_SECONDS + time_per_byte * len(raw), (where, elapsed)
        assert peak < MEMORY_FLOOR + MEMORY_PER_BYTE * len(raw), (where, peak)
    # Both ways out are exercised: the mutations are not all fatal, nor all harmless.
    assert outcomes["imported"] > repeats(2000) // 10, outcomes
    assert outcomes["refused"] > repeats(2000) // 10, outcomes
