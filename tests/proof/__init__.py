"""The proof suite: the promises of docs/security.md, each repeated many times.

`make test` runs every proof at a tenth of its full count; `make proof` runs the full
counts (``COACH_WORKBOOK_PROOF=full``) and prints its wall time. Use `repeats(full)` for
any count a proof states, so both runs share one source.
"""

from __future__ import annotations

import os

FULL = os.environ.get("COACH_WORKBOOK_PROOF") == "full"


def repeats(full: int) -> int:
    """`full` under `make proof`; a tenth of it (at least one) under `make test`."""
    return full if FULL else max(1, full // 10)
