"""Proof: 2,000 damaged program reports (`make proof`; 200 under `make test`), each a seeded
mutation of a real report written by `program report` — bytes flipped, cut short, bytes
inserted, another encoding or a BOM, reformatted, fields dropped or given wrong types, huge
numbers, deep nesting, long lists and strings, extra keys, another period, a twin's source id
(most structural mutations given a fresh digest, as a forger could, so they reach the checks
behind the digest) — are merged with two clean reports of other coaches: each merge adds up
or is refused with one sentence naming the damaged file, in bounded time and memory.

The bounds are relative to a clean merge measured in the same run: peak memory (tracemalloc)
and wall time per input, each with an allowance per byte beyond a clean report's size. A
handful go through the command line (`coach-workbook program merge`), where a refusal is one
line on stderr, exit code 4 (an invalid input file, README), and nothing is written; there
too a FIFO, a device and a file over the 2 MB limit are refused without reading them whole
or waiting on them.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest

from tests.conftest import PASSPHRASE
from tests.import_fuzzing import WRONG_VALUES, measured
from tests.program_simulation import DEMO_DAY, PERIOD, simulated_reports
from tests.proof import repeats
from workbook import demo, settings
from workbook import vault as vault_mod
from workbook.errors import InvalidInput
from workbook.program.document import digest
from workbook.program.merge import MAX_REPORT_BYTES, merge, publish, read_reports
from workbook.program.output import write_report

ROOT = Path(__file__).resolve().parents[2]
NAME = "rapport Zoë 2027-Q2.json"  # every damaged file has this name: the sentence names it
FIRST, LAST = "2026-07", "2027-06"  # PERIOD's months
# A damaged file may take this many times a clean merge's peak memory and wall time, plus
# an allowance per byte it holds beyond a clean report (a 2 MB string is read and decoded).
MEMORY_FACTOR = 4
MEMORY_PER_EXTRA_BYTE = 40
TIME_FACTOR = 10
SECONDS_PER_EXTRA_BYTE = 1e-6
MAX_PROBLEMS = 20  # the examples that fail are listed together; the run stops at this many
WRONG = [*WRONG_VALUES, 10**30, -(10**30), 10_000_001, float("inf"), float("nan"), "3",
         "2026-Q3 to 2027-Q2", "2027-Q3 to 2027-Q2", "2026-Q2 to 2027-Q1", [[0]], [[None]],
         "coach-workbook-program-report", "0" * 32, "f" * 64, "a\nb", "«»", "‮"]


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "workbook.cli", *args]


def _run(args: list[str], stdin: str = "", timeout: float = 120,
         memory: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:  # so a command that reads a device without end fails, not the host
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run(args, input=stdin, text=True, capture_output=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=timeout,
                          preexec_fn=limit)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory, template_workbook: Path) -> list[Path]:
    """Clean reports of PERIOD: [0] written by `program report` from a workbook of real
    (fictional) learners, [1:5] other coaches' (the same writer, each its own workbook's
    source id), [5] the publishable variant of [0] by the command, [6] one from the demo
    workbook by the command. Only [0:5] can be merged."""
    folder = tmp_path_factory.mktemp("program-reports")
    book = folder / "coach.cwb"
    shutil.copyfile(template_workbook, book)
    with vault_mod.open_vault(book, PASSPHRASE) as v:
        demo.build_demo(v.db, today=DEMO_DAY)
        # the demo's learners, in a coach's own workbook: not flagged as the demo
        settings.update_settings(v.db, is_demo=False)
        others = simulated_reports(v.db, 4, seed=7)
    paths = [folder / "coach 1.json"]
    made = _run(_cli("program", "report", str(book), "--from", FIRST, "--to", LAST, "-o",
                     str(paths[0])), PASSPHRASE + "\n")
    assert made.returncode == 0, made.stderr
    for n, report in enumerate(others, 2):
        paths.append(write_report(report, folder / f"coach {n}.json")[0])
    paths.append(folder / "published.json")
    made = _run(_cli("program", "report", str(book), "--from", FIRST, "--to", LAST, "-o",
                     str(paths[-1]), "--publishable", "11"), PASSPHRASE + "\n")
    assert made.returncode == 0, made.stderr
    demo_book = folder / "demo.cwb"
    made = _run(_cli("demo", str(demo_book)), f"{PASSPHRASE}\n{PASSPHRASE}\n")
    assert made.returncode == 0, made.stderr
    paths.append(folder / "demo report.json")
    made = _run(_cli("program", "report", str(demo_book), "--from", FIRST, "--to", LAST,
                     "-o", str(paths[-1])), PASSPHRASE + "\n")
    assert made.returncode == 0, made.stderr
    docs = [json.loads(p.read_bytes()) for p in paths]
    assert len({d["source_id"] for d in docs[:5]}) == 5 and docs[0]["period"] == PERIOD.label
    assert docs[5]["publishable"] and docs[6]["demo"] and docs[0]["tables"][0]["cells"]
    return paths


# -- mutations: each takes the clean report's bytes and document, returns new bytes ----------
Doc = dict[str, Any]


def _dump(doc: Any, rng: random.Random) -> bytes:
    """The document as JSON; a lone surrogate (WRONG has one) is written as JSON escapes it,
    or as the bytes no UTF-8 decoder takes."""
    return json.dumps(doc, ensure_ascii=rng.random() < 0.5,
                      indent=rng.choice([None, 1, 2])).encode("utf-8", "surrogatepass")


def _signed(doc: Any, rng: random.Random) -> bytes:
    """The document with a digest that matches it (most of the time), as a forger would
    make: the checks behind the digest are reached."""
    if isinstance(doc, dict) and rng.random() < 0.8:
        # a document whose digest cannot be taken (a lone surrogate) keeps the old one
        with contextlib.suppress(ValueError):
            doc["digest"] = digest(doc)
    return _dump(doc, rng)


def _paths(value: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield loc
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*loc, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _paths(item, (*loc, i))


def _pick(rng: random.Random, doc: Doc) -> tuple[Any, Any] | None:
    """A random (container, key) of the document, the top level aside."""
    loc = rng.choice([p for p in _paths(doc) if p])
    parent: Any = doc
    for part in loc[:-1]:
        parent = parent[part]
    return parent, loc[-1]


def flip(rng: random.Random, raw: bytes, doc: Doc) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 8)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def truncate(rng: random.Random, raw: bytes, doc: Doc) -> bytes:
    return raw[:rng.randrange(len(raw))]


def insert(rng: random.Random, raw: bytes, doc: Doc) -> bytes:
    pieces = [b"\x00", b",", b"]", b"}", b'"', b"\\", b"\xff", b"\xc3(", b"\xed\xa0\x80",
              b"NaN", b"-Infinity", b"1e999", b"\xef\xbb\xbf", b"\r\n", b"9" * 5000]
    at = rng.randrange(len(raw) + 1)
    return raw[:at] + rng.choice(pieces) * rng.randint(1, 4) + raw[at:]


def encoding(rng: random.Random, raw: bytes, doc: Doc) -> bytes:
    """As an editor might save it: with a BOM, in UTF-16, or in a legacy code page."""
    text = raw.decode("utf-8")
    kind = rng.choice(["bom", "utf-16", "utf-16-le", "cp1252", "latin-1", "gbk"])
    if kind == "bom":
        return b"\xef\xbb\xbf" + raw
    return text.encode(kind, errors="replace")


def reformat(rng: random.Random, raw: bytes, doc: Doc) -> bytes:
    """Same document, other layout (keys in another order, other indent, escapes, line
    ends): the digest is over the canonical form, so it still merges."""
    items = list(doc.items())
    rng.shuffle(items)
    text = json.dumps(dict(items), ensure_ascii=rng.random() < 0.5,
                      indent=rng.choice([None, 0, 1, 4, "\t"]),
                      separators=rng.choice([None, (",", ":"), (" ,", " : ")]))
    if rng.random() < 0.5:
        text = text.replace("\n", "\r\n")
    return (rng.choice(["", " ", "\n", "\t\r\n"]) + text
            + rng.choice(["", "\n", "  \n\n"])).encode("utf-8")


def field(rng: random.Random, raw: bytes, doc: Doc) -> bytes:
    """One to three values dropped, replaced by a wrong one, or (in a list) repeated."""
    for _ in range(rng.randint(1, 3)):
        parent, key = _pick(rng, doc)
        action = rng.choice(["drop", "replace", "replace", "repeat"])
        if action == "drop":
            del parent[key]
        elif action == "replace":
            parent[key] = copy.deepcopy(rng.choice(WRONG))
        elif isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
    return _signed(doc, rng)


def count(rng: random.Random, raw: bytes, doc: Doc) -> bytes:
    """A count made another count: mostly valid, sometimes huge, negative or not a number."""
    table = rng.choice(doc["tables"])
    line = rng.choice(table["cells"])
    line[rng.randrange(len(line))] = rng.choice(
        [0, 1, 7, 10_000_000, 10_000_001, -1, 2**63, 10**4000, 1.0, 2.5, 1e308, True, None,
         "12"])
    return _signed(doc, rng)


def huge_number(rng: random.Random, raw: bytes, doc: Doc) -> bytes:
    """A count of thousands of digits, or beyond a float, written into the text."""
    number = rng.choice(["9" * rng.randint(20, 5000), "1e400", "-1e400", "1" + "0" * 400 + ".5",
                         "123456789012345678901234567890"])
    text = _signed(doc, rng).decode("utf-8", "surrogatepass")
    first = re.search(r'"cells": ?\[\s*\[\s*(-?\d+|null)', text)
    assert first is not None
    return (text[:first.start(1)] + number + text[first.end(1):]).encode("utf-8")


def wrong_shape(rng: random.Random, raw: bytes, doc: Doc) -> bytes:
    """A table, its rows or its cells changed in shape: another table's, reversed, one
    fewer, twice over, an object for a list."""
    tables = doc["tables"]
    table = rng.choice(tables)
    choice = rng.randrange(8)
    if choice == 0:
        table["cells"] = rng.choice(tables)["cells"]
    elif choice == 1:
        table["rows"] = table["rows"][::-1]
    elif choice == 2:
        table["cells"] = table["cells"][:-1]
    elif choice == 3:
        tables.append(copy.deepcopy(table))
    elif choice == 4:
        tables.remove(table)
    elif choice == 5:
        table["cells"] = {"0": table["cells"]}
    elif choice == 6:
        table["columns"] = [*table["columns"], "7+"]
        for line in table["cells"]:
            line.append(0)
    else:
        doc["tables"] = {t["key"]: t for t in tables}
    return _signed(doc, rng)


def header(rng: random.Random, raw: bytes, doc: Doc) -> bytes:
    """What the report says of itself: another format, version, period, source, demo or
    publishable flag, an extra key (perhaps a long or odd one)."""
    choice = rng.randrange(9)
    if choice == 0:
        doc["format"] = rng.choice(["coach-workbook", "Coach-Workbook-Program-Report", 1, None])
    elif choice == 1:
        doc["schema_version"] = rng.choice([0, 2, 99, -1, "1", 1.0, 10**20])
    elif choice == 2:
        doc["period"] = rng.choice(["2027-Q3 to 2028-Q2", "2026-Q3 to 2026-Q4", "2026",
                                    "2026-Q3 to 2031-Q2", "2026-Q4 to 2026-Q3", "", "\n"])
    elif choice == 3:
        own = str(doc["source_id"])  # None in a publishable variant
        doc["source_id"] = rng.choice(["", "0" * 31, "G" * 32, own.upper(), own + "\n"])
    elif choice == 4:
        doc["demo"] = rng.choice([True, 1, "false", None])
    elif choice == 5:
        doc["publishable"] = rng.choice([True, 1, "true", None])
    elif choice == 6:
        key = rng.choice(["extra", "a\nb", "«x»", "k" * rng.randint(100, 300_000), ""])
        target = doc if rng.random() < 0.5 else rng.choice(doc["tables"])
        target[key] = rng.choice(WRONG)
    elif choice == 7:
        doc.pop("digest")
    else:
        doc["digest"] = rng.choice(["", "0" * 64, doc["digest"].upper(), "x"])
        return _dump(doc, rng)  # the digest itself is what is wrong
    return _signed(doc, rng)


def twin(rng: random.Random, raw: bytes, doc: Doc) -> bytes:
    """A second report of a companion's workbook (its source id, re-signed), or the same
    file given twice: a refusal naming both."""
    doc["source_id"] = rng.choice(TWINS)
    return _signed(doc, rng)


def huge_string(rng: random.Random, raw: bytes, doc: Doc) -> bytes:
    """A text field a megabyte or two long: under the 2 MB limit it is read and checked,
    over it refused unread."""
    where = rng.choice([doc, rng.choice(doc["tables"])])
    key = rng.choice(["notice", "made_with"] if where is doc else ["title", "note"])
    where[key] = rng.choice("xé名😀\n") * rng.randint(10_000, 700_000)
    return _signed(doc, rng)


def long_list(rng: random.Random, raw: bytes, doc: Doc) -> bytes:
    """Tens of thousands of items where a few belong: rows, cells, tables."""
    table = rng.choice(doc["tables"])
    item = rng.choice(WRONG[:16])
    key = rng.choice(["rows", "columns", "cells", "cells"])
    n = rng.randint(1_000, 120_000)
    table[key] = [item] * n if key != "cells" or rng.random() < 0.5 else [[0] * 6] * n
    return _signed(doc, rng)


def deep(rng: random.Random, raw: bytes, doc: Doc) -> bytes:
    """Lists nested a few hundred deep (parsed, then refused) or far beyond the parser's
    depth: as one more table, or around the tables."""
    depth = rng.choice([rng.randint(2, 900), rng.randint(1_000, 400_000)])
    text = _signed(doc, rng).decode("utf-8", "surrogatepass")
    at = text.index("[", text.index('"tables":'))  # the tables, then the digest's key
    end = text.rindex(",", 0, text.rindex('"digest"'))
    if rng.random() < 0.5:
        text = text[:at + 1] + "[" * depth + "0" + "]" * depth + "," + text[at + 1:]
    else:
        text = text[:at] + "[" * depth + text[at:end] + "]" * depth + text[end:]
    return text.encode("utf-8", "surrogatepass")


def odd_text(rng: random.Random, raw: bytes, doc: Doc) -> bytes:
    """A free text (the notice, the version, a table's title or note) made odd: a lone
    surrogate (JSON can escape one; UTF-8 cannot hold it), a NUL, a line break, a direction
    override, an emoji, guillemets. Re-signed where a digest can be taken."""
    where = rng.choice([doc, rng.choice(doc["tables"])])
    key = rng.choice(["notice", "made_with"] if where is doc else ["title", "note"])
    where[key] = rng.choice(["\ud800", "a\udfffb", "\x00", "line\nbreak", "\u202e", "😀",
                             "«x»", ""])
    return _signed(doc, rng)


def not_a_report(rng: random.Random, raw: bytes, doc: Doc) -> bytes:
    return rng.choice([b"", b"null", b"[]", b"{}", b"0", b'"report"', b"\x89PNG\r\n\x1a\n",
                       b"%PDF-1.7\n", b"PK\x03\x04", b"SQLite format 3\x00", b" " * 100,
                       json.dumps([doc]).encode()])


MUTATIONS: list[Callable[[random.Random, bytes, Doc], bytes]] = [
    flip, truncate, insert, encoding, reformat, field, field, count, huge_number, wrong_shape,
    header, twin, huge_string, long_list, deep, odd_text, not_a_report]
TWINS: list[str] = []  # the companions' source ids, set by the test


# -- one merge, measured -----------------------------------------------------------------
def _merged(paths: list[Path]) -> Any:
    """The merge of `paths` and its publication, or the refusal."""
    try:
        merged = merge(read_reports(paths))
    except InvalidInput as exc:
        return exc
    publish(merged, 11)
    return merged


def _measured(paths: list[Path]) -> tuple[Any, int, float]:
    """(the merge or its refusal, its peak of allocated bytes, its wall seconds)."""
    return measured(lambda: _merged(paths), clock=time.perf_counter)


def _one_sentence(sentence: str, what: str) -> None:
    assert sentence and "\n" not in sentence and "\r" not in sentence, (what, sentence)
    assert sentence.rstrip()[-1] in ".)»", (what, sentence)
    assert NAME in sentence, (what, sentence)
    assert "Traceback" not in sentence and len(sentence) < 600, (what, sentence[:600])


def _example(raw: bytes, source: int, order: list[Path], path: Path,
             base: dict[str, Any], what: str) -> str:
    """Merge one damaged file (at `path`, holding `raw`) with its companions and check the
    outcome and its cost; "merged" or "refused", or an AssertionError saying what failed."""
    try:
        result, peak, seconds = _measured(order)
    except Exception as exc:  # anything but a refusal is a failure to say why
        raise AssertionError(f"{what}: {type(exc).__name__} escaped the merge: {exc}") from exc
    if isinstance(result, InvalidInput):
        _one_sentence(result.sentence, what)
        assert not base["merges"], (what, "a reformatted report was refused", result.sentence)
    else:
        assert source < 5 and len(raw) <= MAX_REPORT_BYTES, what
        assert result.sources == 3 and result.period == PERIOD, what
        parsed = [r for _, r in read_reports(order)]
        for n, table in enumerate(result.tables):
            assert table.total() == sum(r.tables[n].total() for r in parsed), what
    extra = max(0, len(raw) - base["size"])
    assert peak <= MEMORY_FACTOR * base["peak"] + MEMORY_PER_EXTRA_BYTE * extra, \
        (what, "peak bytes", peak, base["peak"])
    for _ in range(2):  # a slow moment of the machine is measured again, with its baseline
        if seconds <= TIME_FACTOR * base["seconds"] + SECONDS_PER_EXTRA_BYTE * extra:
            break
        path.write_bytes(base["clean"])
        base["seconds"] = _measured(base["order"])[2]
        path.write_bytes(raw)
        seconds = _measured(order)[2]
    assert seconds <= TIME_FACTOR * base["seconds"] + SECONDS_PER_EXTRA_BYTE * extra, \
        (what, "seconds", seconds, base["seconds"])
    return "refused" if isinstance(result, InvalidInput) else "merged"


def test_damaged_reports_merge_or_are_refused_naming_the_file(
        reports: list[Path], tmp_path: Path) -> None:
    clean = [p.read_bytes() for p in reports]
    docs = [json.loads(raw) for raw in clean]
    path = tmp_path / NAME
    base: dict[str, Any] = {"clean": clean[0], "order": [reports[1], path, reports[2]],
                            "size": max(len(raw) for raw in clean)}
    for _ in range(2):  # the second run is the baseline: imports and caches are warm
        path.write_bytes(clean[0])
        result, base["peak"], base["seconds"] = _measured(base["order"])
        assert not isinstance(result, InvalidInput), result.sentence
        assert result.sources == 3
    rng = random.Random(20260611)
    outcomes = {"merged": 0, "refused": 0}
    problems: list[str] = []
    for example in range(repeats(2000)):
        mutation = MUTATIONS[example % len(MUTATIONS)]
        source = rng.choice([0, 1, 2, 3, 4, 0, 1, 5, 6])  # now and then a publishable or demo
        companions = rng.sample([p for n, p in enumerate(reports[:5]) if n != source], 2)
        TWINS[:] = [docs[reports.index(p)]["source_id"] for p in companions]
        raw = mutation(rng, clean[source], copy.deepcopy(docs[source]))
        path.write_bytes(raw)
        order = [companions[0], path, companions[1]]
        rng.shuffle(order)
        base["merges"] = mutation is reformat and source < 5  # the same report, laid out anew
        what = f"example {example} ({mutation.__name__} of {reports[source].name}, " \
               f"{len(raw):,} bytes)"
        try:
            outcomes[_example(raw, source, order, path, base, what)] += 1
        except AssertionError as failed:
            problems.append(str(failed).splitlines()[0][:400])
            if len(problems) == MAX_PROBLEMS:
                break
    assert not problems, "\n".join(problems)
    # Both ways out are exercised: the mutations are not all fatal, nor all harmless.
    assert outcomes["merged"] > repeats(2000) // 20, outcomes
    assert outcomes["refused"] > repeats(2000) // 2, outcomes


# -- through the command line ----------------------------------------------------------------
# The real entry point, its peak resident memory printed as it exits (after its own output):
# the high-water mark of its own memory (VmHWM), not ru_maxrss, which Linux carries over
# from the test process that forked it.
_MEASURED = (
    "import atexit, runpy, sys\n"
    "def peak():\n"
    "    with open('/proc/self/status') as status:\n"
    "        print('PEAK', *[line.split()[1] for line in status if line.startswith('VmHWM:')])\n"
    "atexit.register(peak)\n"
    "sys.argv[0] = 'coach-workbook'\n"
    "runpy.run_module('workbook.cli', run_name='__main__')\n"
)
KB = 1024  # VmHWM is in kilobytes
# Refused or merged, a report costs at most a clean merge's memory (which renders the PDF;
# a quarter more for the noise of resident memory) and this much per byte of the file: a
# 2 MB file is read, decoded and parsed.
RSS_SLACK = 1.25
RSS_PER_BYTE = 64
CLI_SECONDS = 30


def _padded(raw: bytes, size: int) -> bytes:
    """The same report, its last line followed by spaces up to `size` bytes (JSON allows
    them): as big as a file may be, or one byte more."""
    return raw + b" " * (size - len(raw))


def _command_line_cases(reports: list[Path]) -> dict[str, tuple[bytes, bool | None]]:
    """name → (the file's bytes, whether it merges; None: either, in one sentence)."""
    clean = reports[0].read_bytes()
    doc = json.loads(clean)
    rng = random.Random("command line")
    recounted = copy.deepcopy(doc)
    recounted["tables"][0]["cells"][0][0] += 1  # a count changed, the digest left as it was
    surrogate = copy.deepcopy(doc)
    surrogate["notice"] = "For the program office only \ud800"
    nulls = copy.deepcopy(doc)
    nulls["tables"][0]["rows"] = [None] * 300_000
    nulls["digest"] = digest(nulls)
    return {
        "clean": (clean, True),
        "reformatted": (reformat(rng, clean, copy.deepcopy(doc)), True),
        "at the size limit": (_padded(clean, MAX_REPORT_BYTES), True),
        "cut short": (clean[:len(clean) // 2], False),
        "recounted": (json.dumps(recounted).encode(), False),
        "publishable": (reports[5].read_bytes(), False),
        "demo": (reports[6].read_bytes(), False),
        "with a BOM": (b"\xef\xbb\xbf" + clean, None),
        "in UTF-16": (clean.decode("utf-8").encode("utf-16"), False),
        "a lone surrogate": (json.dumps(surrogate).encode(), False),
        "300,000 nulls": (json.dumps(nulls).encode(), False),
        "over the size limit": (_padded(clean, MAX_REPORT_BYTES + 1), False),
    }


def _merge_command(inputs: list[Path], out: Path, memory: int | None = None,
                   ) -> tuple[subprocess.CompletedProcess[str], float, int]:
    """`coach-workbook program merge INPUTS -o OUT`: (the run, its wall seconds, its peak
    resident memory in bytes); a run that waits longer than CLI_SECONDS fails the test."""
    started = time.perf_counter()
    try:
        done = _run([sys.executable, "-c", _MEASURED, "program", "merge",
                     *map(str, inputs), "-o", str(out)], timeout=CLI_SECONDS, memory=memory)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the merge of {inputs[-1].name} still ran after {CLI_SECONDS} s")
    seconds = time.perf_counter() - started
    lines = done.stdout.splitlines()
    rss = [int(line.split()[1]) * KB for line in lines if line.startswith("PEAK ")]
    return done, seconds, (rss or [0])[-1]


def _refused_in_one_line(done: subprocess.CompletedProcess[str], name: str,
                         out: Path) -> None:
    said = done.stderr.strip()
    assert done.returncode == 4, (name, done.returncode, said[:500])  # an invalid input file
    assert said and "\n" not in said and "Traceback" not in said, (name, said[:500])
    assert name in said and said[-1] in ".)»" and len(said) < 600, (name, said[:500])
    assert not out.exists(), f"a refused merge wrote {sorted(out.rglob('*'))}"


def _merged_whole(done: subprocess.CompletedProcess[str], name: str, out: Path) -> None:
    assert done.returncode == 0, (name, done.stderr)
    summary = json.loads((out / "program-summary.json").read_text("utf-8"))
    assert summary["coaches_reports"] == 3, name
    assert len(pypdf.PdfReader(out / "program-summary.pdf", strict=True).pages) >= 1


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory from /proc")
def test_the_command_line_merges_or_refuses_each_report_in_one_line(
        reports: list[Path], tmp_path: Path) -> None:
    companions = reports[1:3]
    base, base_seconds, base_rss = _merge_command([*companions, reports[0]], tmp_path / "base")
    _merged_whole(base, reports[0].name, tmp_path / "base")
    assert base_rss > 0, base.stdout
    problems = []  # every case is run, and every one that fails is said at the end
    for case, (raw, merges) in _command_line_cases(reports).items():
        path = tmp_path / f"report {case}.json"
        path.write_bytes(raw)
        out = tmp_path / f"summary {case}"
        done, seconds, rss = _merge_command([*companions, path], out)
        try:
            if merges is None:
                merges = done.returncode == 0
            if merges:
                _merged_whole(done, path.name, out)
            else:
                _refused_in_one_line(done, path.name, out)
            assert rss <= RSS_SLACK * base_rss + RSS_PER_BYTE * len(raw), \
                ("peak memory", rss, base_rss)
            assert seconds <= 3 * base_seconds + 5, ("seconds", seconds, base_seconds)
        except AssertionError as failed:
            problems.append(f"{case}: {str(failed).splitlines()[0][:300]}")
    assert not problems, "\n".join(problems)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="a FIFO is a POSIX file")
def test_a_pipe_a_device_a_folder_and_a_missing_file_are_refused_unread(
        reports: list[Path], tmp_path: Path) -> None:
    """A FIFO would block the merge until something writes to it; /dev/zero never ends;
    neither may be waited on or read whole (the command's memory is capped at 1 GB, so a
    read without end fails instead of filling the machine). A folder is refused by the
    command line's own check of its arguments (exit 2), so it is given to the domain call."""
    pipe, zeros, folder = tmp_path / "pipe.json", tmp_path / "zeros.json", tmp_path / "dir.json"
    os.mkfifo(pipe, 0o600)
    zeros.symlink_to(os.devnull.replace("null", "zero"))
    folder.mkdir()
    for special in (pipe, zeros, tmp_path / "missing.json"):
        out = tmp_path / f"summary of {special.stem}"
        done, _, _ = _merge_command([*reports[1:3], special], out, memory=1 << 30)
        _refused_in_one_line(done, special.name, out)
    with pytest.raises(InvalidInput) as refused:
        read_reports([*reports[1:3], folder])
    assert folder.name in refused.value.sentence and "\n" not in refused.value.sentence
