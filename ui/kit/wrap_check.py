"""A check box whose text wraps onto more lines instead of widening the page.

A QCheckBox asks for its whole text on one line as its minimum width: one long action item
("Book the first self-assessment — Coachee, due Thu 12 Mar 2026 (overdue)") made the notes
page wider than a 1024-pixel screen with the coachee list beside it. This one asks for a few
words' width and grows in height instead; the whole box, text included, still toggles.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QWidget,
)

_FLAGS = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_LONG_WORD = "n" * 12


class WrapCheckBox(QCheckBox):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._heights: dict[tuple[int, str, str], int] = {}

    def _option(self) -> QStyleOptionButton:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        return option

    def _indent(self) -> int:
        """Where the text starts: the indicator and the style's spacing before it."""
        option = self._option()
        option.rect = QRect(0, 0, 10_000, self.fontMetrics().height())
        return self.style().subElementRect(
            QStyle.SubElement.SE_CheckBoxContents, option, self).left()

    def _flags(self) -> int:
        # "&Prompts" underlines its P where the style underlines shortcuts, as QCheckBox does.
        shown = self.style().styleHint(QStyle.StyleHint.SH_UnderlineShortcut, None, self)
        mnemonic = Qt.TextFlag.TextShowMnemonic if shown else Qt.TextFlag.TextHideMnemonic
        return int(_FLAGS | mnemonic)

    def _text_height(self, width: int) -> int:
        bounds = QRect(0, 0, max(1, width - self._indent()), 1_000_000)
        return self.fontMetrics().boundingRect(bounds, self._flags(), self.text()).height()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        # Layouts ask this many times a pass, for a few widths (67 times for the boxes of one
        # session opened); the answer changes only with the text, the font or the style.
        key = (width, self.text(), self.font().key())
        height = self._heights.get(key)
        if height is None:
            if len(self._heights) >= 64:
                self._heights.clear()
            height = max(super().sizeHint().height(), self._text_height(width) + 2)
            self._heights[key] = height
        return height

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.StyleChange:
            self._heights.clear()
        super().changeEvent(event)

    def minimumSizeHint(self) -> QSize:
        # Room for the longest word (a long one breaks anywhere past a dozen letters).
        fm = self.fontMetrics()
        words = self.text().replace("&", "").split() or [""]
        longest = max(fm.horizontalAdvance(w) for w in words)
        width = self._indent() + min(longest, fm.horizontalAdvance(_LONG_WORD))
        return QSize(width, super().minimumSizeHint().height())

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        painter = QStylePainter(self)
        option = self._option()
        option.text = ""  # the style draws the indicator and focus; the text is ours, wrapped
        painter.drawControl(QStyle.ControlElement.CE_CheckBox, option)
        option.text = self.text()
        contents = self.style().subElementRect(
            QStyle.SubElement.SE_CheckBoxContents, option, self)
        self.style().drawItemText(painter, contents, self._flags(), self.palette(),
                                  self.isEnabled(), self.text(),
                                  QPalette.ColorRole.WindowText)

    def hitButton(self, pos) -> bool:  # type: ignore[no-untyped-def]
        return self.rect().contains(pos)  # the wrapped text toggles too, as a label would
