"""Saving a goal's fields as the coach types, through the one autosaver: each field is its own
key, so a refused field keeps its sentence (and its text) while the others save, and a goal
left with edits pending is saved before the editor follows the next one."""

from __future__ import annotations

from collections.abc import Hashable
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Signal

from ui.kit import autosave
from ui.kit.state import WorkbookState
from workbook import goals


class GoalAutosave(QObject):
    settled = Signal()  # a save of the current goal finished, saved or refused

    def __init__(self, state: WorkbookState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.saver = autosave.shared(state)
        self.goal_id: int | None = None
        self._fields: set[str] = set()  # the fields of the current goal edited so far
        self.saver.saved.connect(self._saved)
        self.saver.failed.connect(self._failed)

    def switch(self, goal_id: int | None) -> None:
        """Save what is pending for the goal left, then follow `goal_id`."""
        self.flush()
        if errors := self.errors:  # the coach moved on from a refused edit: say so where it shows
            self._state.error.emit(next(iter(errors.values())))
        self.goal_id = goal_id
        self._fields.clear()

    def forget(self) -> None:
        """Stop following a goal (the workbook has closed; the autosaver drops the rest)."""
        self.goal_id = None
        self._fields.clear()

    def edit(self, field: str, value: Any, *, now: bool = False) -> None:
        if self.goal_id is None:
            return
        job = partial(goals.update, goal_id=self.goal_id, **{field: value})
        self._fields.add(field)
        if now:
            self.saver.save_now(self._key(field), lambda: job)
        else:
            self.saver.schedule(self._key(field), lambda: job)

    def flush(self) -> None:
        """Save the edits not saved yet (a refused one waits for the coach's next edit)."""
        for field in self._fields:
            if self.saver.failure(self._key(field)) is None:
                self.saver.flush(self._key(field))

    @property
    def errors(self) -> dict[str, str]:
        """Field → the sentence that refused it."""
        found = {f: self.saver.failure(self._key(f)) for f in self._fields}
        return {field: sentence for field, sentence in found.items() if sentence}

    def busy(self) -> set[str]:
        """Fields whose text is the coach's, not the workbook's: pending, saving or refused."""
        return {f for f in self._fields if not self.saver.is_idle(self._key(f))}

    def status(self) -> str:
        if self.errors:
            return "Not saved"
        return "Saving…" if self.busy() else "Saved"

    def _key(self, field: str) -> tuple[str, int | None, str]:
        return ("goal", self.goal_id, field)

    def _mine(self, key: Hashable) -> bool:
        return isinstance(key, tuple) and key[:2] == ("goal", self.goal_id)

    def _saved(self, key: Hashable) -> None:
        if self._mine(key):
            self.settled.emit()

    def _failed(self, key: Hashable, sentence: str) -> None:
        if self._mine(key):
            self.settled.emit()
        elif isinstance(key, tuple) and key[:1] == ("goal",):
            self._state.error.emit(sentence)  # the coach has moved to another goal meanwhile
