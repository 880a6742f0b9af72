"""Which Python objects still hold a secret: the scan behind the "no copy left behind"
tests of the passphrase (in this process, or in a child running the command line)."""

from __future__ import annotations

import gc
import types


def python_holders(secret: str) -> list[str]:
    """The kinds of Python object that refer to a string containing `secret` (frames aside,
    so the caller's own variables do not count). Qt keeps a line edit's text in C++, out of
    this scan."""
    gc.collect()
    held = []
    for obj in gc.get_objects():
        if isinstance(obj, types.FrameType):
            continue
        for ref in gc.get_referents(obj):
            if type(ref) is str and secret in ref:
                held.append(type(obj).__name__)
    return held
