"""Search results: the list model of hits and the delegate that draws each one in two lines,
the matched words in bold.

Snippets carry the matched words between « and »; they are drawn as bold through
`snippet_html`, which escapes the note's own text first, so a note containing "<b>" or "&"
shows those characters and never markup. A hit from a private section says so — "Private
note", a padlock and the private tint — so its words are not read aloud to the learner or
copied into something shared by mistake.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QColor, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.kit.palette import mix
from ui.kit.table_model import RecordsListModel
from ui.settings.template_private import PRIVATE_LABEL, lock_pixmap, private_tint
from workbook.dates import format_date
from workbook.search import CLOSE_MARK, OPEN_MARK, SearchHit

Index = QModelIndex | QPersistentModelIndex
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
ID_ROLE = Qt.ItemDataRole.UserRole + 3
PRIVATE_ROLE = Qt.ItemDataRole.UserRole + 4

KIND_LABELS = {"coachee": "Coachee", "value": "Value", "goal": "Goal", "section": "Note",
               "action": "Action item", "session": "Session"}
PRIVATE_KIND = "Private note"


def kind_label(hit: SearchHit) -> str:
    return PRIVATE_KIND if hit.private else KIND_LABELS.get(hit.kind, hit.kind)


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


def isolate(text: str) -> str:
    """`text` as a bidi isolate: a right-to-left name (Arabic, Hebrew) keeps its own order
    without turning the whole line around, so "name · date" stays in that order."""
    return f"\u2068{text}\u2069" if text else text


def _context(hit: SearchHit, drawn: bool = False) -> str:
    """Whose record and when; `drawn` isolates the name for painting (not in plain text,
    which screen readers and tests read)."""
    name = isolate(hit.coachee_name) if drawn else hit.coachee_name
    bits = [] if hit.kind == "coachee" else [name]
    if hit.scheduled_at:
        bits.append(format_date(hit.scheduled_at))
    return " · ".join(bits)


class SearchResultsModel(RecordsListModel):
    """Search hits (`SearchHit`), one a row."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        hit: SearchHit | None = self.at(index)
        if hit is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            label = kind_label(hit)
            context = _context(hit)
            return (f"{label}: {hit.title}" + (f" — {context}" if context else "")
                    + f"\n{snippet_plain(hit.snippet)}")
        if role == Qt.ItemDataRole.ToolTipRole:
            private = f"{PRIVATE_LABEL}: a private section. " if hit.private else ""
            return private + snippet_plain(hit.snippet)
        if role == PRIVATE_ROLE:
            return hit.private
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
    return fg.name(), mix(fg, bg, 0.2 if selected else 0.38).name()


class HitDelegate(QStyledItemDelegate):
    """Two lines per hit, a kind label on the left: the title and where it belongs, then the
    snippet with the matched words in bold. Colours come from the palette (dark works)."""

    PAD = 6

    def _label_width(self, option: QStyleOptionViewItem) -> int:
        return max(option.fontMetrics.horizontalAdvance(t)
                   for t in (*KIND_LABELS.values(), PRIVATE_KIND)) + 16

    def document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        hit: SearchHit = index.data(HIT_ROLE)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text, dim = _colours(option.palette, selected)
        context = html.escape(_context(hit, drawn=True))
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
        doc.setHtml(f"<body><div dir='ltr' style='white-space:pre'>{first}</div>"
                    f"<div dir='ltr' style='white-space:pre'>{second}</div></body>")
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        hit: SearchHit = index.data(HIT_ROLE)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        if hit.private and not selected:
            opt.backgroundBrush = private_tint(opt.palette)
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = opt.rect.adjusted(self.PAD, self.PAD // 2, -self.PAD, -self.PAD // 2)
        label_w = self._label_width(opt)
        painter.save()
        painter.setClipRect(opt.rect)
        painter.setPen(QColor(_colours(opt.palette, selected)[1]))
        painter.drawText(rect.adjusted(0, 0, -(rect.width() - label_w), 0),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                         kind_label(hit))
        if hit.private:  # a padlock under "Private note", drawn (no emoji font needed)
            line = opt.fontMetrics.lineSpacing()
            painter.drawPixmap(rect.left(), rect.top() + line, lock_pixmap(
                QColor(_colours(opt.palette, selected)[0]), opt.fontMetrics.height(),
                painter.device().devicePixelRatioF()))
        doc = self.document(opt, index)
        painter.translate(rect.left() + label_w, rect.top())
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = QRectF(0, 0, rect.width() - label_w, rect.height())
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        line = option.fontMetrics.lineSpacing()
        return QSize(self._label_width(option) + 300, 2 * line + self.PAD + 4)
