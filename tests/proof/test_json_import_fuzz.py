"""Proof: 2,000 damaged JSON exports (mutations of a real one: wrong types, missing keys,
huge strings, deep nesting, long lists of bad items, truncation, bad UTF-8, duplicate ids),
each read from a file, either import fully or change nothing and say in one sentence which
file and where; none costs much more memory or time than a clean import measured in the same
run."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.import_fuzzing import (
    BASE,
    WRONG_VALUES,
    forget,
    measured,
    mutate,
    succeeds_or_refuses_cleanly,
)
from tests.proof import repeats
from workbook.exchange.json_format import import_json

NAME = "export.json"
# A damaged file may take this many times a clean import's peak memory and time, plus an
# allowance per byte it holds beyond the clean one (a 2-million-character name is read).
MEMORY_FACTOR = 4
MEMORY_PER_EXTRA_BYTE = 8
TIME_FACTOR = 10
SECONDS_PER_EXTRA_BYTE = 2e-7


def _fields(rng: random.Random, doc: dict[str, Any]) -> Any:
    return mutate(rng.choice, lambda: rng.choice(WRONG_VALUES), rng.randint(1, 3))


def _huge_string(rng: random.Random, doc: dict[str, Any]) -> Any:
    coachee = rng.choice(doc["coachees"])
    key = rng.choice(["name", "program", "pronouns", "email"])
    coachee[key] = rng.choice("xé名😀") * rng.randint(10_000, 2_000_000)
    return doc


def _deep(rng: random.Random, doc: dict[str, Any]) -> Any:
    depth = rng.randint(100, 200_000)
    text = json.dumps(doc)
    where = text.index('"coachees": [') + len('"coachees": [')
    return (text[:where] + "[" * depth + "]" * depth + "," + text[where:]).encode()


def _duplicate_id(rng: random.Random, doc: dict[str, Any]) -> Any:
    kind = rng.choice(["coachees", "templates", "values", "goals", "sessions", "action_items"])
    owner = doc if kind in ("coachees", "templates") else rng.choice(doc["coachees"])
    records = owner.get(kind) or doc["coachees"]
    twin = json.loads(json.dumps(records[0]))
    if "key" in twin:
        twin["key"] += "-twin"
    records.append(twin)
    return doc


def _many_bad_items(rng: random.Random, doc: dict[str, Any]) -> Any:
    coachee = rng.choice(doc["coachees"])
    kind = rng.choice(["values", "goals", "sessions", "action_items", "tags"])
    coachee[kind] = [rng.choice(WRONG_VALUES)] * rng.randint(1_000, 50_000)
    return doc


def _truncated(rng: random.Random, doc: dict[str, Any]) -> Any:
    raw = json.dumps(doc, ensure_ascii=False, indent=2).encode()
    return raw[:rng.randrange(len(raw))]


def _bad_utf8(rng: random.Random, doc: dict[str, Any]) -> Any:
    raw = bytearray(json.dumps(doc, ensure_ascii=False, indent=2).encode())
    at = rng.randrange(len(raw))
    raw[at:at] = rng.choice([b"\xff", b"\xc3(", b"\xed\xa0\x80", b"\xf0\x9f", b"\x80"])
    return bytes(raw)


MUTATIONS: list[Callable[[random.Random, dict[str, Any]], Any]] = [
    _fields, _fields, _huge_string, _deep, _duplicate_id, _many_bad_items, _truncated,
    _bad_utf8]


def _write(path: Path, content: Any) -> int:
    raw = content if isinstance(content, bytes) else json.dumps(content).encode()
    path.write_bytes(raw)
    return len(raw)


def _import(db: Any, path: Path, sentences: list[str]) -> Any:
    return succeeds_or_refuses_cleanly(db, lambda: import_json(db, path), sentences.append)


def test_damaged_exports_import_fully_or_change_nothing(db: Any, tmp_path: Path) -> None:
    path = tmp_path / NAME
    base_size = _write(path, BASE)
    for _ in range(2):  # the second run is the baseline: imports and caches are warm
        result, base_peak, base_seconds = measured(lambda: _import(db, path, []))
        forget(db, result.coachee_ids)

    rng = random.Random(20260310)
    refusals = 0
    for example in range(repeats(2000)):
        mutation = MUTATIONS[example % len(MUTATIONS)]
        content = mutation(rng, json.loads(json.dumps(BASE)))
        size = _write(path, content)
        sentences: list[str] = []
        result, peak, seconds = measured(lambda s=sentences: _import(db, path, s))
        what = f"example {example} ({mutation.__name__}, {size} bytes)"
        if result is None:
            refusals += 1
            assert sentences[0].startswith(NAME), (what, sentences[0])
        else:
            forget(db, result.coachee_ids)
        extra = max(0, size - base_size)
        assert peak <= MEMORY_FACTOR * base_peak + MEMORY_PER_EXTRA_BYTE * extra, \
            (what, peak, base_peak)
        for _ in range(2):  # a slow moment of the machine is measured again, with its baseline
            if seconds <= TIME_FACTOR * base_seconds + SECONDS_PER_EXTRA_BYTE * extra:
                break
            _write(path, BASE)
            result, _, base_seconds = measured(lambda: _import(db, path, []))
            forget(db, result.coachee_ids)
            _write(path, content)
            result, _, seconds = measured(lambda: _import(db, path, []))
            if result is not None:
                forget(db, result.coachee_ids)
        assert seconds <= TIME_FACTOR * base_seconds + SECONDS_PER_EXTRA_BYTE * extra, \
            (what, seconds, base_seconds)
    assert refusals > repeats(2000) // 2  # the mutations reached the checks
