"""A section's previous versions: newest first, a read-only preview, and "Restore this
version" — which keeps the current text as a version first, so a restore can be undone."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

import sqlite_utils
from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui.kit.state import WorkbookState
from ui.kit.table_model import RecordsListModel
from ui.settings.template_private import PRIVATE_LABEL, lock_pixmap, private_tint
from workbook import coachees, dates, notes, sessions
from workbook.changes import Changes
from workbook.dates import format_date, format_timestamp, local_datetime, relative_day
from workbook.errors import WorkbookError
from workbook.notes import NoteVersion, Section
from workbook.wording import count

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
DIFF_WORD_LIMIT = 20_000  # beyond this a word diff costs too much for a hint


@dataclass(frozen=True)
class Difference:
    removed: int  # words of this version the current text no longer has
    added: int  # words the current text has that this version did not


@dataclass(frozen=True)
class VersionsData:
    section: Section
    versions: list[NoteVersion]
    differences: dict[int, Difference | None]  # by version id; None when too long to compare
    coachee_name: str
    scheduled_at: str


def difference(old: str, new: str) -> Difference | None:
    a, b = old.split(), new.split()
    if len(a) + len(b) > DIFF_WORD_LIMIT:
        return None
    removed = added = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            removed += i2 - i1
        if tag in ("replace", "insert"):
            added += j2 - j1
    return Difference(removed, added)


def load_versions(db: sqlite_utils.Database, section_id: int) -> VersionsData:
    """The section, its versions and how each differs from the current text (worker side)."""
    section = notes.get_section(db, section_id)
    session = sessions.get(db, section.session_id)
    coachee = coachees.get(db, session.coachee_id)
    versions = notes.list_versions(db, section_id)
    diffs = {v.id: difference(v.body, section.body) for v in versions}
    return VersionsData(section, versions, diffs, coachee.name, session.scheduled_at)


def _words(n: int) -> str:
    return count(n, "word")


def describe(diff: Difference | None) -> str:
    if diff is None:
        return "Too long to compare with the current text."
    if diff.removed == diff.added == 0:
        return "Same words as the current text (only spacing differs)."
    parts = []
    if diff.added:
        parts.append(f"{_words(diff.added)} added since")
    if diff.removed:
        parts.append(f"{_words(diff.removed)} of it removed since")
    return "Compared with the current text: " + "; ".join(parts) + "."


class VersionsModel(RecordsListModel):
    """A section's saved versions (`NoteVersion`), newest first, one a row."""

    def row_of(self, version_id: int) -> int:
        return next((r for r, v in enumerate(self._items) if v.id == version_id), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        version: NoteVersion | None = self.at(index)
        if version is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            moment = local_datetime(version.saved_at)
            ago = relative_day(moment.date(), dates.today()) if moment else ""
            return (f"{format_timestamp(version.saved_at)}\n"
                    f"{ago + ' · ' if ago else ''}{_words(len(version.body.split()))}")
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Saved {format_timestamp(version.saved_at)}"
        if role == ID_ROLE:
            return version.id
        return None


class VersionsDialog(QDialog):
    restored = Signal(int)  # section id, after a version was put back

    def __init__(self, state: WorkbookState, section_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.section_id: int | None = None
        self._data: VersionsData | None = None
        self._generation = 0
        self.setWindowTitle("Previous versions")

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        font = QFont(self.heading.font())
        font.setBold(True)
        self.heading.setFont(font)
        self.private = QWidget()
        lock = QLabel()
        lock.setPixmap(lock_pixmap(self.palette().color(QPalette.ColorRole.WindowText),
                                   self.fontMetrics().height(), self.devicePixelRatioF()))
        private_row = QHBoxLayout(self.private)
        private_row.setContentsMargins(0, 0, 0, 0)
        private_row.addWidget(lock)
        private_row.addWidget(QLabel(PRIVATE_LABEL), 1)
        self.private.setToolTip("This section is the coach's own: it never appears on a "
                                "summary or a printout.")
        self.private.hide()
        self.model = VersionsModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName("Previous versions")
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setSpacing(2)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("Text of the chosen version")
        self.preview.setPlaceholderText("Choose a version to read it here.")
        self.compare = QLabel()
        self.compare.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Versions message")
        self.restore_button = QPushButton("&Restore this version")
        self.restore_button.setToolTip("Put this text back; the current text is kept as a "
                                       "version, so this can be undone (Alt+R)")
        self.restore_button.setAutoDefault(False)
        self.restore_button.clicked.connect(self.restore_selected)
        close = QPushButton("Close")
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)

        list_label = QLabel("&Versions, newest first:")
        list_label.setBuddy(self.list)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(list_label)
        left_layout.addWidget(self.list)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.private)
        right_layout.addWidget(self.preview, 1)
        right_layout.addWidget(self.compare)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 520])
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.list, self.preview)
        QWidget.setTabOrder(self.preview, self.restore_button)
        QWidget.setTabOrder(self.restore_button, close)
        self.resize(800, 500)

        self.list.selectionModel().currentChanged.connect(self._chosen)
        state.changed.connect(self._changed)
        state.closed.connect(self._closed)
        self._show_nothing()
        if section_id is not None:
            self.set_section(section_id)

    # -- public --------------------------------------------------------------------------
    def set_section(self, section_id: int) -> None:
        self.section_id = section_id
        self.message.setText("")
        self.reload()

    def reload(self, keep: int | None = None) -> None:
        """Read the section's versions again; `keep` a version id to stay on."""
        if self.section_id is None:
            return
        generation, section_id = self._generation, self.section_id
        if keep is None and self.list.currentIndex().isValid():
            keep = self.list.currentIndex().data(ID_ROLE)

        def show(data: VersionsData) -> None:
            if generation == self._generation and section_id == self.section_id \
                    and self.state.is_open:
                self._show(data, keep)

        def failed(exc: BaseException) -> None:
            if generation != self._generation or section_id != self.section_id:
                return
            self._show_nothing()
            self._fail(exc)

        self.state.call(load_versions, section_id, success=show, failure=failed,
                        label="Reading versions…")

    def restore_selected(self) -> None:
        index = self.list.currentIndex()
        if not index.isValid() or self.section_id is None:
            return
        version = self.model.item(index.row())
        section_id = self.section_id
        when = format_timestamp(version.saved_at)

        def done(_change: Changes) -> None:
            self.message.setText(f"Restored the version from {when}. The text it replaced is "
                                 "now the newest version, so you can go back to it.")
            self.restored.emit(section_id)

        self.state.call(notes.restore_version, version.id, success=done, failure=self._fail,
                        label="Restoring…")

    # -- internals -----------------------------------------------------------------------
    def _show(self, data: VersionsData, keep: int | None) -> None:
        self._data = data
        section = data.section
        self.heading.setText(f"«{section.heading}» — {data.coachee_name}, "
                             f"session of {format_date(data.scheduled_at)}")
        self._mark_private(not section.shared)
        self.model.set_items(data.versions)
        if not data.versions:
            self.preview.setPlainText("")
            self.preview.setPlaceholderText(
                "No previous versions yet. One is kept when the notes change after a pause "
                "of a few minutes, or when much of the text is deleted.")
            self.compare.setText("")
            self.restore_button.setEnabled(False)
            return
        self.preview.setPlaceholderText("Choose a version to read it here.")
        row = max(0, self.model.row_of(keep)) if keep is not None else 0
        self.list.selectionModel().setCurrentIndex(
            self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self._chosen(self.model.index(row, 0))

    def _chosen(self, index: QModelIndex, _previous: Any = None) -> None:
        if not index.isValid() or self._data is None:
            self.preview.setPlainText("")
            self.compare.setText("")
            self.restore_button.setEnabled(False)
            return
        version = self.model.item(index.row())
        self.preview.setPlainText(version.body)
        self.compare.setText(describe(self._data.differences.get(version.id)))
        self.restore_button.setEnabled(True)

    def _mark_private(self, private: bool) -> None:
        self.private.setVisible(private)
        palette = self.palette()
        if private:
            palette.setColor(QPalette.ColorRole.Base, private_tint(palette))
        self.preview.setPalette(palette)

    def _show_nothing(self) -> None:
        self._data = None
        self.heading.setText("Previous versions")
        self.model.clear()
        self.preview.setPlainText("")
        self.compare.setText("")
        self._mark_private(False)
        self.restore_button.setEnabled(False)

    def _fail(self, exc: BaseException) -> None:
        if isinstance(exc, WorkbookError):
            self.message.setText(exc.sentence)
        else:
            self.message.setText("That did not work; the details went to the error report.")
            self.state.runner.failed.emit(exc)

    def _changed(self, change: Changes) -> None:
        if self.section_id is None:
            return
        mine = change.kind == "section" and self.section_id in change.ids
        if mine or change.touches("session") or change.touches("coachee"):
            self.reload()

    def _closed(self) -> None:
        self._generation += 1
        self.section_id = None
        self._show_nothing()
        self.message.setText("")
        self.reject()
