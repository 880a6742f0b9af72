"""Saving a goal's fields as the coach types: debounced, at once on request (a field lost
focus, the workbook is locking, the coach moved to another goal), one field retried alone when
the workbook refuses a batch, so what is valid is kept and only the refused field says why."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ui.kit.state import WorkbookState
from workbook import goals
from workbook.changes import Changes
from workbook.errors import InvalidInput, WorkbookError


class GoalAutosave(QObject):
    settled = Signal()  # a save of the current goal finished, saved or refused

    def __init__(self, state: WorkbookState, delay_ms: int, parent: QObject | None = None
                 ) -> None:
        super().__init__(parent)
        self._state = state
        self.goal_id: int | None = None
        self.pending: dict[str, Any] = {}
        self.inflight: set[str] = set()
        self.errors: dict[str, str] = {}  # field → the sentence that refused it
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)

    def switch(self, goal_id: int | None) -> None:
        """Save what is pending for the goal left, then follow `goal_id`."""
        self.flush()
        if self.errors:  # the coach moved on from a refused edit: say so where it shows
            self._state.error.emit(next(iter(self.errors.values())))
        self.goal_id = goal_id
        self._reset()

    def forget(self) -> None:
        """Drop everything, unsaved (the workbook has closed)."""
        self._timer.stop()
        self.goal_id = None
        self._reset()

    def edit(self, field: str, value: Any, *, now: bool = False) -> None:
        if self.goal_id is None:
            return
        self.pending[field] = value
        if now:
            self.flush()
        else:
            self._timer.start()

    def flush(self) -> None:
        """Save the edits not saved yet."""
        self._timer.stop()
        if not self.pending or self.goal_id is None:
            return
        fields, self.pending = self.pending, {}
        self._save(self.goal_id, fields)

    def busy(self) -> set[str]:
        """Fields whose text is the coach's, not the workbook's: pending, saving or refused."""
        return set(self.pending) | self.inflight | set(self.errors)

    def status(self) -> str:
        if self.errors:
            return "Not saved"
        return "Saving…" if self.pending or self.inflight else "Saved"

    def _reset(self) -> None:
        self.pending.clear()
        self.inflight.clear()
        self.errors.clear()

    def _save(self, goal_id: int, fields: dict[str, Any]) -> None:
        self.inflight |= set(fields)
        self._state.call(goals.update, goal_id, success=partial(self._saved, goal_id, fields),
                         failure=partial(self._save_failed, goal_id, fields), **fields)

    def _saved(self, goal_id: int, fields: dict[str, Any], _changes: Changes) -> None:
        if goal_id != self.goal_id:
            return
        self.inflight -= set(fields)
        for field in fields:
            self.errors.pop(field, None)
        self.settled.emit()

    def _save_failed(self, goal_id: int, fields: dict[str, Any], exc: BaseException) -> None:
        if goal_id != self.goal_id:  # the coach has moved to another goal meanwhile
            if isinstance(exc, WorkbookError):
                self._state.error.emit(exc.sentence)
            else:
                self._state.runner.failed.emit(exc)
            return
        self.inflight -= set(fields)
        if isinstance(exc, InvalidInput) and len(fields) > 1:
            # Save what is valid; only the refused field keeps its sentence (and its text).
            for field, value in fields.items():
                self._save(goal_id, {field: value})
            return
        if isinstance(exc, WorkbookError):
            for field in fields:
                self.errors[field] = exc.sentence
            self.settled.emit()
        else:
            self._state.runner.failed.emit(exc)
