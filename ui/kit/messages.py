"""One-line messages under a field, and the warning box: the words a form says as the coach
types (a problem, a confirmation, a passphrase's strength), in the palette's own red and
green, with their lines reserved so the fields above and below never move.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPalette, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from ui.kit.palette import mix


def alive(widget: QObject) -> bool:
    """False once Qt has deleted `widget` (a dialog closed with WA_DeleteOnClose while its
    call was still running): a late callback must then touch nothing of it."""
    return shiboken6.isValid(widget)


# -- colours derived from the palette, so a dark palette works ------------------------------
def error_color(palette: QPalette) -> QColor:
    return mix(palette.color(QPalette.ColorRole.WindowText), QColor(215, 38, 38), 0.75)


def ok_color(palette: QPalette) -> QColor:
    return mix(palette.color(QPalette.ColorRole.WindowText), QColor(30, 140, 60), 0.7)


class StatusLabel(QLabel):
    """A wrapped one-or-two-line message; `kind` picks the colour: plain, error or ok."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._kind = "plain"
        self._full = text
        self._reserved = 0
        self._shortened = False

    def _lines_height(self, lines: int) -> int:
        sample = "\n".join(["Xg"] * lines)
        return self.fontMetrics().boundingRect(QRect(0, 0, 10_000, 100_000),
                                               Qt.TextFlag.TextWordWrap, sample).height()

    def reserve_lines(self, lines: int) -> None:
        """Always take `lines` lines, with a message or without, so the widgets below never
        move; a longer message is shortened to fit, and whole in the tooltip."""
        self._reserved = lines
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setFixedHeight(self._lines_height(lines))
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self._fit()

    def text(self) -> str:  # type: ignore[override]
        return self._full  # the whole message, also when the label shows it shortened

    def setText(self, text: str) -> None:  # type: ignore[override]
        self._full = text
        self._fit()

    def _fits(self, text: str, width: int) -> bool:
        box = self.fontMetrics().boundingRect(QRect(0, 0, width, 100_000),
                                              Qt.TextFlag.TextWordWrap, text)
        return box.width() <= width and box.height() <= self.height()

    def _longest(self, make: Callable[[int], str], most: int, width: int) -> str | None:
        """`make(n)` for the largest n ≤ most that fits, or None when even 0 does not."""
        if not self._fits(make(0), width):
            return None
        low, high = 0, most
        while low < high:
            mid = (low + high + 1) // 2
            if self._fits(make(mid), width):
                low = mid
            else:
                high = mid - 1
        return make(low)

    def _shortened_text(self, text: str, width: int) -> str:
        """A quoted «path» gives way first, from its middle; then the end of the text."""
        start, end = text.find("«"), text.find("»")
        if 0 <= start < end:
            head, quoted, tail = text[:start + 1], text[start + 1:end], text[end:]

            def middle(n: int) -> str:
                return f"{head}{quoted[:(n + 1) // 2]}…{quoted[len(quoted) - n // 2:]}{tail}"

            found = self._longest(middle, len(quoted), width)
            if found is not None:
                return found
        return self._longest(lambda n: text[:n].rstrip() + "…", len(text), width) or "…"

    def _fit(self) -> None:
        text, width = self._full, self.contentsRect().width()
        shown = text
        if self._reserved and width > 0 and text and not self._fits(text, width):
            shown = self._shortened_text(text, width)
        if shown != text or self._shortened:
            self.setToolTip(text if shown != text else "")
        self._shortened = shown != text
        super().setText(shown)

    def sizeHint(self) -> QSize:
        # A wrapped label's own hint is for a guessed width, which leaves gaps under short
        # messages; once laid out, ask for the height the text needs at the real width.
        hint = super().sizeHint()
        if self.width() > 80 and not self._reserved:
            hint.setHeight(max(self.minimumHeight(), self.heightForWidth(self.width())))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()  # the hint above depends on the width
            if self._reserved:
                self._fit()

    def show_message(self, text: str, kind: str = "plain") -> None:
        self._kind = kind
        pal = self.parentWidget().palette() if self.parentWidget() else self.palette()
        colour = {"error": error_color, "ok": ok_color}.get(kind)
        mine = QPalette(pal)
        if colour is not None:
            mine.setColor(QPalette.ColorRole.WindowText, colour(pal))
        self.setPalette(mine)
        self.setText(text)
        self.setAccessibleDescription(text)

    @property
    def kind(self) -> str:
        return self._kind


class ErrorLabel(StatusLabel):
    """Where a dialog shows a known error's sentence; hidden while there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setAccessibleName("Error")
        self.hide()

    def show_error(self, sentence: str) -> None:
        self.show_message(sentence, "error")
        self.setVisible(bool(sentence))

    def clear_error(self) -> None:
        self.setText("")
        self.hide()


class WarningBox(QFrame):
    """A tinted box with a warning glyph and a plain sentence."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        pal = self.palette()
        base = pal.color(QPalette.ColorRole.Window)
        pal.setColor(QPalette.ColorRole.Window, mix(base, QColor(235, 170, 30), 0.22))
        self.setPalette(pal)
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        glyph = QLabel("⚠")
        font = glyph.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        glyph.setFont(font)
        glyph.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        bold = self.label.font()
        bold.setBold(True)
        self.label.setFont(bold)
        layout.addWidget(glyph)
        layout.addWidget(self.label, 1)
        self.setAccessibleName("Warning")
        self.setAccessibleDescription(text)
