"""Global search (Ctrl+F): results as the coach types, best first, matched words in bold.

The query runs on the worker thread ~200 ms after the last keystroke; a result that comes
back for a query the coach has since changed is dropped. Snippets carry the matched words
between « and »; they are drawn as bold through `snippet_html`, which escapes the note's own
text first, so a note containing "<b>" or "&" shows those characters and never markup.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QKeyEvent,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ui.dates import format_date
from ui.state import WorkbookState
from workbook import search
from workbook.errors import WorkbookError
from workbook.search import CLOSE_MARK, OPEN_MARK, SearchHit

Index = QModelIndex | QPersistentModelIndex
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
ID_ROLE = Qt.ItemDataRole.UserRole + 3

DEBOUNCE_MS = 200
LIMIT = 100
KIND_LABELS = {"coachee": "Coachee", "value": "Value", "goal": "Goal", "section": "Note",
               "action": "Action item", "session": "Session"}
_MOVES = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -8,
          Qt.Key.Key_PageDown: 8}


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """The snippet as (text, matched) runs. A marker only counts where it can open or close
    a match, so a stray « or » typed in a note stays a character."""
    parts: list[tuple[str, bool]] = []
    current: list[str] = []
    bold = False
    for i, ch in enumerate(snippet):
        opens = ch == OPEN_MARK and not bold and CLOSE_MARK in snippet[i + 1:]
        closes = ch == CLOSE_MARK and bold
        if opens or closes:
            if current:
                parts.append(("".join(current), bold))
            current, bold = [], opens
        else:
            current.append(ch)
    if current:
        parts.append(("".join(current), bold))
    return parts


def snippet_plain(snippet: str) -> str:
    return "".join(text for text, _ in snippet_parts(snippet))


def snippet_html(snippet: str) -> str:
    """Rich text with the matched words in <b>; everything else escaped."""
    return "".join(f"<b>{html.escape(t)}</b>" if bold else html.escape(t)
                   for t, bold in snippet_parts(snippet))


def target(hit: SearchHit) -> tuple[str, int]:
    """What choosing a hit opens: a note opens its session."""
    if hit.kind == "section" and hit.session_id is not None:
        return "session", hit.session_id
    return hit.kind, hit.ref_id


def _context(hit: SearchHit) -> str:
    bits = [] if hit.kind == "coachee" else [hit.coachee_name]
    if hit.scheduled_at:
        bits.append(format_date(hit.scheduled_at))
    return " · ".join(bits)


class SearchResultsModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def clear(self) -> None:
        self.set_hits([])

    def hit(self, row: int) -> SearchHit:
        return self._hits[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            label = KIND_LABELS.get(hit.kind, hit.kind)
            context = _context(hit)
            return (f"{label}: {hit.title}" + (f" — {context}" if context else "")
                    + f"\n{snippet_plain(hit.snippet)}")
        if role == Qt.ItemDataRole.ToolTipRole:
            return snippet_plain(hit.snippet)
        if role == HIT_ROLE:
            return hit
        if role == KIND_ROLE:
            return hit.kind
        if role == ID_ROLE:
            return hit.ref_id
        return None


def _colours(palette: QPalette, selected: bool) -> tuple[str, str]:
    """Text colour and a dimmer one for secondary words, both from the palette."""
    group = palette.currentColorGroup()
    fg = palette.color(group, QPalette.ColorRole.HighlightedText if selected
                       else QPalette.ColorRole.Text)
    bg = palette.color(group, QPalette.ColorRole.Highlight if selected
                       else QPalette.ColorRole.Base)
    mix = 0.62 if not selected else 0.8

    def blend(a: float, b: float) -> int:
        return round(a * mix + b * (1 - mix))

    dim = QColor(blend(fg.red(), bg.red()), blend(fg.green(), bg.green()),
                 blend(fg.blue(), bg.blue()))
    return fg.name(), dim.name()


class HitDelegate(QStyledItemDelegate):
    """Two lines per hit, a kind label on the left: the title and where it belongs, then the
    snippet with the matched words in bold. Colours come from the palette (dark works)."""

    PAD = 6

    def _label_width(self, option: QStyleOptionViewItem) -> int:
        return max(option.fontMetrics.horizontalAdvance(t) for t in KIND_LABELS.values()) + 16

    def document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        hit: SearchHit = index.data(HIT_ROLE)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text, dim = _colours(option.palette, selected)
        context = html.escape(_context(hit))
        if snippet_plain(hit.snippet) == hit.title:
            # only the title matched: show it highlighted, and where it belongs below
            first = snippet_html(hit.snippet)
            second = f'<span style="color:{dim}">{context}</span>'
        else:
            first = f"<b>{html.escape(hit.title or KIND_LABELS.get(hit.kind, ''))}</b>"
            if context:
                first += f' <span style="color:{dim}">· {context}</span>'
            second = snippet_html(hit.snippet)
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(option.font)
        doc.setDefaultStyleSheet(f"body {{ color: {text} }}")
        doc.setHtml(f"<body><div style='white-space:pre'>{first}</div>"
                    f"<div style='white-space:pre'>{second}</div></body>")
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        hit: SearchHit = index.data(HIT_ROLE)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        rect = opt.rect.adjusted(self.PAD, self.PAD // 2, -self.PAD, -self.PAD // 2)
        label_w = self._label_width(opt)
        painter.save()
        painter.setClipRect(opt.rect)
        painter.setPen(QColor(_colours(opt.palette, selected)[1]))
        painter.drawText(rect.adjusted(0, 0, -(rect.width() - label_w), 0),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                         KIND_LABELS.get(hit.kind, hit.kind))
        doc = self.document(opt, index)
        painter.translate(rect.left() + label_w, rect.top())
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = QRectF(0, 0, rect.width() - label_w, rect.height())
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        line = option.fontMetrics.lineSpacing()
        return QSize(self._label_width(option) + 300, 2 * line + self.PAD + 4)


class SearchDialog(QDialog):
    open_record = Signal(str, int)  # kind, id — a note ("section") opens as its session
    open_section = Signal(int, int)  # session id, section id: emitted before open_record

    def __init__(self, state: WorkbookState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._generation = 0
        self._open_when_ready = False  # Enter came before the results
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

        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self.search_now)
        self.query.textChanged.connect(self._typed)
        self.query.returnPressed.connect(self._enter)
        self.query.installEventFilter(self)
        self.results.selectionModel().currentChanged.connect(
            lambda cur, _prev: self.open_button.setEnabled(cur.isValid()))
        state.closed.connect(self._closed)

    # -- public --------------------------------------------------------------------------
    def set_query(self, text: str) -> None:
        """Put `text` in the field (the search follows after the debounce)."""
        self.query.setText(text)

    def search_now(self) -> None:
        """Run the search for the field's text now, without waiting for the debounce."""
        self.debounce.stop()
        query = self.query.text()
        if not search.tokens(query):
            self.model.clear()
            self.status.setText("")
            return
        generation = self._generation
        self.status.setText("Searching…")

        def show(hits: list[SearchHit]) -> None:
            # a reply for an older query or from before a lock is not ours to show
            if generation != self._generation or query != self.query.text():
                return
            self.model.set_hits(hits)
            if hits:
                self.results.setCurrentIndex(self.model.index(0, 0))
            self.status.setText(self._count(len(hits)))
            if self._open_when_ready:
                self._open_when_ready = False
                self._open_index(self.results.currentIndex())

        def failed(exc: BaseException) -> None:
            if generation != self._generation or query != self.query.text():
                return
            if isinstance(exc, WorkbookError):
                self.status.setText(exc.sentence)
            else:
                self.status.setText("The search failed.")
                self.state.runner.failed.emit(exc)

        self.state.call(search.search, query, limit=LIMIT, success=show, failure=failed,
                        label="Searching…")

    # -- internals -----------------------------------------------------------------------
    @staticmethod
    def _count(n: int) -> str:
        if n == 0:
            return "No matches"
        if n >= LIMIT:
            return f"The {LIMIT} best matches — add a word to narrow the search"
        return "1 match" if n == 1 else f"{n} matches"

    def _typed(self, _text: str) -> None:
        self._open_when_ready = False
        if not search.tokens(self.query.text()):
            self.debounce.stop()
            self.model.clear()
            self.status.setText("")
            return
        self.debounce.start()

    def _enter(self) -> None:
        if self.debounce.isActive():
            # Enter before the pause: search, then open the best hit when it arrives
            self._open_when_ready = True
            self.search_now()
            return
        index = self.results.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 0)
        self._open_index(index)

    def _open_index(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        hit = self.model.hit(index.row())
        if hit.kind == "section" and hit.session_id is not None:
            self.open_section.emit(hit.session_id, hit.ref_id)
        self.open_record.emit(*target(hit))
        self.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.query and event.type() == QEvent.Type.KeyPress:
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
        self.debounce.stop()
        self.query.clear()
        self.model.clear()
        self.status.setText("")
        self.reject()
