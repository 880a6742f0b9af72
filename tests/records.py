"""Small helpers the domain tests share: seeding rows directly, and expecting a sentence."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

import pytest
from click.testing import CliRunner

from tests.conftest import PASSPHRASE
from workbook.errors import InvalidInput


def fails(kind: type[Exception], sentence: str) -> Any:
    """Expect `kind` with a message containing `sentence` literally."""
    return pytest.raises(kind, match=re.escape(sentence))


def run_cli(*args: str, stdin: str = PASSPHRASE + "\n") -> tuple[int, str, str]:
    """`coach-workbook ARGS` with `stdin` piped in: (exit code, stdout, stderr)."""
    from workbook.cli import main

    result = CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def coachee(db, name: str, **extra: Any) -> int:  # type: ignore[no-untyped-def]
    with db.atomic():
        return int(db["coachees"].insert({"name": name, **extra}).last_pk)


def trash(db, table: str, row_id: int) -> None:  # type: ignore[no-untyped-def]
    with db.atomic():
        db.execute(f"UPDATE {table} SET deleted_at = '2026-01-01T00:00:00Z' WHERE id = ?",
                   [row_id])


def noted_session(db, shared: str, private: str) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """A held session (of the demo) whose first shared and first private sections now hold
    `shared` and `private`; returns (session id, coachee id)."""
    from workbook import notes, sessions

    for session in sessions.list_sessions(db, status="held"):
        sections = notes.list_sections(db, session.id)
        shared_ones = [s for s in sections if s.shared]
        private_ones = [s for s in sections if not s.shared]
        if shared_ones and private_ones:
            notes.save_note(db, shared_ones[0].id, shared)
            notes.save_note(db, private_ones[0].id, private)
            return session.id, session.coachee_id
    raise AssertionError("no held session with shared and private sections")


def refused_within(seconds: float, call: Callable[[], object]) -> str:
    """The sentence `call` refuses with; fails (instead of hanging) when it blocks."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            call()
        except BaseException as exc:  # handed to the test thread
            outcome.append(exc)
        else:
            outcome.append(None)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "reading blocked on the file"
    error = outcome[0]
    assert isinstance(error, InvalidInput), error
    return error.sentence
