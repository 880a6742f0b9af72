"""Small helpers the domain tests share: seeding rows directly, and expecting a sentence."""

from __future__ import annotations

import re
from typing import Any

import pytest


def fails(kind: type[Exception], sentence: str) -> Any:
    """Expect `kind` with a message containing `sentence` literally."""
    return pytest.raises(kind, match=re.escape(sentence))


def coachee(db, name: str, **extra: Any) -> int:  # type: ignore[no-untyped-def]
    with db.atomic():
        return int(db["coachees"].insert({"name": name, **extra}).last_pk)


def trash(db, table: str, row_id: int) -> None:  # type: ignore[no-untyped-def]
    with db.atomic():
        db.execute(f"UPDATE {table} SET deleted_at = '2026-01-01T00:00:00Z' WHERE id = ?",
                   [row_id])
