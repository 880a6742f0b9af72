"""Count phrases for the screen and the command line: "1 goal", "2 goals", never "1 goals".

English only, like the rest of the text; the irregular plurals are passed in ("summary",
"summaries") rather than guessed.
"""

from __future__ import annotations


def plural(n: int, one: str, many: str | None = None) -> str:
    """The noun alone, agreeing with `n`: plural(1, "goal") is "goal", plural(2, …) "goals"."""
    return one if n == 1 else (many if many is not None else f"{one}s")


def count(n: int, one: str, many: str | None = None) -> str:
    """`n` and its noun: count(1, "goal") is "1 goal"; count(0, "match", "matches") "0
    matches"."""
    return f"{n} {plural(n, one, many)}"
