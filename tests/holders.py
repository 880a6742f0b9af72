"""Which Python objects still hold a secret: the scan behind the "no copy left behind"
tests of the passphrase (in this process, or in a child running the command line).
tests/proof/test_holders_scan.py shows it finds a secret deliberately kept."""

from __future__ import annotations

import gc
import types

# Containers the garbage collector stops tracking when they hold only atomic objects
# (strings, bytes, numbers): a tuple or a dict of strings is in no list gc gives, so it is
# reached from the tracked object that holds it.
_UNTRACKED_CONTAINERS = (tuple, dict, list, set, frozenset)


def python_holders(secret: str) -> list[str]:
    """The kinds of Python object that refer to a string containing `secret`, or to bytes or
    a bytearray containing its UTF-8 (frames aside, so the caller's own variables do not
    count). Qt keeps a line edit's text in C++, out of this scan."""
    gc.collect()
    encoded = secret.encode("utf-8")
    held = []
    seen: set[int] = set()
    todo = [obj for obj in gc.get_objects() if not isinstance(obj, types.FrameType)]
    while todo:
        obj = todo.pop()
        for ref in gc.get_referents(obj):
            if isinstance(ref, str):
                found = secret in ref
            elif isinstance(ref, bytes | bytearray):
                found = encoded in ref
            else:
                if (isinstance(ref, _UNTRACKED_CONTAINERS) and not gc.is_tracked(ref)
                        and id(ref) not in seen):
                    seen.add(id(ref))
                    todo.append(ref)
                continue
            if found:
                held.append(type(obj).__name__)
    return held
