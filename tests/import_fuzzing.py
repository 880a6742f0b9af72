"""What the import fuzz tests share: the real export they mutate, the mutations, and the check
that an import either succeeds or refuses with one sentence and changes nothing."""

from __future__ import annotations

import copy
import hashlib
import json
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from workbook.errors import InvalidInput
from workbook.exchange.json_export import export_json

FIXTURE = Path(__file__).parent / "fixtures" / "workbook_export.json"
BASE = json.loads(FIXTURE.read_text("utf-8"))

# Values that are wrong in most places of the document, and right in a few.
WRONG_VALUES: list[Any] = [
    "", " ", "x", -1, 0, 1, 3, 99, 2**70, -(2**70), 1.5, 1e308, None, [], {}, True,
    "2026-02-30", "2026-02-10T25:00", "finished", "\ud800", "a\x00b", [1, 1], "MS1", "grow"]


def snapshot(db: Any) -> tuple[dict[str, int], str]:
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    counts = {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    doc = export_json(db)
    doc.pop("exported_at")
    digest = hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()
    return counts, digest


def succeeds_or_refuses_cleanly(db: Any, call: Callable[[], Any],
                                on_refusal: Callable[[str], None] = lambda sentence: None) -> Any:
    """The call's result, or None when it refused with one sentence and changed nothing."""
    before = snapshot(db)
    try:
        result = call()
    except InvalidInput as exc:
        sentence = exc.sentence
        on_refusal(sentence)
        assert sentence and "\n" not in sentence and sentence.rstrip()[-1] in ".)»", sentence
        assert snapshot(db) == before, sentence
        result = None
    assert not db.conn.in_transaction
    return result


def forget(db: Any, coachee_ids: list[int]) -> None:
    """Remove what a successful example added, so the next one starts from a small workbook."""
    if coachee_ids:
        with db.atomic():
            db.execute(f"DELETE FROM coachees WHERE id IN ({','.join('?' * len(coachee_ids))})",
                       coachee_ids)


def _paths(value: Any, loc: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [loc]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*loc, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _paths(item, (*loc, i))
    return found


PATHS = [p for p in _paths(BASE) if p]
ACTIONS = ["drop", "replace", "duplicate"]


def mutate(choose: Callable[[Sequence[Any]], Any], wrong: Callable[[], Any],
           times: int) -> dict[str, Any]:
    """A copy of BASE with `times` fields dropped, replaced by `wrong()` or (in a list)
    duplicated, ids included; `choose` picks from a sequence (hypothesis or a seeded random)."""
    doc = copy.deepcopy(BASE)
    for _ in range(times):
        path = choose(PATHS)
        parent: Any = doc
        try:
            for part in path[:-1]:
                parent = parent[part]
            key = path[-1]
            parent[key]  # the path may have gone with an earlier mutation
        except (KeyError, IndexError, TypeError):
            continue
        action = choose(ACTIONS)
        if action == "drop":
            del parent[key]
        elif action == "replace":
            parent[key] = wrong()
        elif isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
    return doc


def measured(call: Callable[[], Any], *,
             clock: Callable[[], float] = time.process_time) -> tuple[Any, int, float]:
    """(what `call` returned, its peak of allocated bytes, its seconds on `clock`). CPU time
    by default: other processes on a busy machine do not count against it."""
    tracemalloc.start()
    started = clock()
    try:
        outcome = call()
    finally:
        seconds = clock() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return outcome, peak, seconds
