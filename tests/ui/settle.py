"""Waiting for the event loop to finish laying a widget out, instead of measuring too early.

A geometry read right after a call sees the layout of before the call: a check made then
can pass (or fail) by luck of the machine's fonts and speed. These wait until what is read
has stopped changing over several turns of the event loop.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def settled(qtbot: Any, read: Callable[[], T], *, turns: int = 3, timeout: int = 5000) -> T:
    """The value of `read()` once it has stayed the same for `turns` polls of the loop."""
    seen: list[T] = []

    def stable() -> bool:
        seen.append(read())
        return len(seen) > turns and all(v == seen[-1] for v in seen[-turns - 1:])

    qtbot.waitUntil(stable, timeout=timeout)
    return seen[-1]
