"""Global search (Ctrl+F): results as the coach types, best first, matched words in bold.

Each keystroke searches at once on the worker thread, unless a search is still running:
then the text typed meanwhile is searched as soon as it lands (one search at a time, always
for the latest text, never a queue of stale ones). A result that comes back for a query the
coach has since changed is dropped. The hits' model and how each is
drawn live in ui.window.search_results.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.kit.state import WorkbookState
from ui.window.search_results import HitDelegate, SearchResultsModel, target
from workbook import search
from workbook.errors import WorkbookError
from workbook.wording import count

LIMIT = 100
_MOVES = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -8,
          Qt.Key.Key_PageDown: 8}


class SearchDialog(QDialog):
    open_record = Signal(str, int)  # kind, id — a note ("section") opens as its session
    open_section = Signal(int, int)  # session id, section id: emitted before open_record

    def __init__(self, state: WorkbookState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._generation = 0
        self._open_when_ready = False  # Enter came before the results
        self._in_flight = False  # a search is on the worker
        self._again = False  # the text changed while it was: search the latest when it lands
        self.setWindowTitle("Search the workbook")
        self.query = QLineEdit()
        self.query.setPlaceholderText("Names, notes, goals, values, action items…")
        self.query.setClearButtonEnabled(True)
        self.query.setAccessibleName("Search for")
        self.query.setToolTip("Type to search; ↑/↓ choose a result, Enter opens it")
        find_label = QLabel("&Find:")
        find_label.setBuddy(self.query)
        self.model = SearchResultsModel(self)
        self.results = QListView()
        self.results.setModel(self.model)
        self.results.setItemDelegate(HitDelegate(self.results))
        self.results.setAccessibleName("Search results")
        self.results.setUniformItemSizes(True)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results.activated.connect(self._open_index)
        self.status = QLabel("")
        self.status.setAccessibleName("Search status")
        self.open_button = QPushButton("&Open")
        self.open_button.setToolTip("Open the chosen result (Enter)")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(lambda: self._open_index(self.results.currentIndex()))
        close = QPushButton("Close")
        close.setToolTip("Close search (Esc)")
        close.clicked.connect(self.reject)
        for button in (self.open_button, close):
            button.setAutoDefault(False)  # Enter in the field opens a result, nothing else

        top = QHBoxLayout()
        top.addWidget(find_label)
        top.addWidget(self.query, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.open_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.results, 1)
        layout.addLayout(bottom)
        QWidget.setTabOrder(self.query, self.results)
        QWidget.setTabOrder(self.results, self.open_button)
        QWidget.setTabOrder(self.open_button, close)
        self.resize(760, 520)

        self.query.textChanged.connect(self._typed)
        self.query.returnPressed.connect(self._enter)
        self.query.installEventFilter(self)
        self.results.selectionModel().currentChanged.connect(
            lambda cur, _prev: self.open_button.setEnabled(cur.isValid()))
        state.closed.connect(self._closed)

    # -- public --------------------------------------------------------------------------
    def set_query(self, text: str) -> None:
        """Put `text` in the field (the search follows)."""
        self.query.setText(text)

    def search_now(self) -> None:
        """Run the search for the field's text now (or as soon as the one running lands)."""
        if self._in_flight:
            self._again = True
            return
        self._again = False
        query = self.query.text()
        if not search.tokens(query):
            self.model.clear()
            self.status.setText("")
            return
        generation = self._generation
        self.status.setText("Searching…")
        self._in_flight = True

        def show(found: search.Found) -> None:
            # a reply for an older query or from before a lock is not ours to show
            if generation != self._generation or query != self.query.text():
                self._landed(generation)
                return
            hits = found.hits
            self.model.set_items(hits)
            if hits:
                self.results.setCurrentIndex(self.model.index(0, 0))
            self.status.setText(self._count(found))
            if self._open_when_ready:
                self._open_when_ready = False
                self._open_index(self.results.currentIndex())
            self._landed(generation)

        def failed(exc: BaseException) -> None:
            if generation != self._generation or query != self.query.text():
                self._landed(generation)
                return
            if isinstance(exc, WorkbookError):
                self.status.setText(exc.sentence)
            else:
                self.status.setText("The search failed.")
                self.state.runner.failed.emit(exc)
            self._landed(generation)

        self.state.call(search.find, query, limit=LIMIT, success=show, failure=failed,
                        label="Searching…")

    # -- internals -----------------------------------------------------------------------
    def _landed(self, generation: int) -> None:
        """A search came back: search again if the coach typed meanwhile."""
        self._in_flight = False
        if self._again and generation == self._generation:
            self.search_now()

    @staticmethod
    def _count(found: search.Found) -> str:
        n = len(found.hits)
        if n == 0:
            return "No matches"
        if found.recent_only:
            return (f"Over {search.RANK_ALL:,} matches: the best of the {search.RANK_RECENT:,} "
                    "most recent — add a word or a letter to narrow the search")
        if n >= LIMIT:
            return f"The {LIMIT} best matches — add a word to narrow the search"
        return count(n, "match", "matches")

    def _typed(self, _text: str) -> None:
        self._open_when_ready = False
        if not search.tokens(self.query.text()):
            self._again = False
            self.model.clear()
            self.status.setText("")
            return
        self.search_now()

    def _enter(self) -> None:
        if self._in_flight:
            # Enter before the results: open the best hit when they arrive
            self._open_when_ready = True
            return
        index = self.results.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 0)
        self._open_index(index)

    def _open_index(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        hit = self.model.item(index.row())
        if hit.kind == "section" and hit.session_id is not None:
            self.open_section.emit(hit.session_id, hit.ref_id)
        self.open_record.emit(*target(hit))
        self.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # getattr: Qt may still call a filter while Python tears the object down
        if watched is getattr(self, "query", None) and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            step = _MOVES.get(Qt.Key(event.key()))
            if step is not None and self.model.rowCount():
                row = self.results.currentIndex().row()
                row = 0 if row < 0 else max(0, min(self.model.rowCount() - 1, row + step))
                self.results.setCurrentIndex(self.model.index(row, 0))
                return True
        return super().eventFilter(watched, event)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.query.setFocus()
        self.query.selectAll()

    def _closed(self) -> None:
        self._generation += 1
        self._in_flight = self._again = False
        self.query.clear()
        self.model.clear()
        self.status.setText("")
        self.reject()
