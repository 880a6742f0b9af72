"""The main window's size on first start: as roomy as it was designed for, never bigger than
the free part of the screen it opens on (a 1024×600 netbook, a 1366×768 ward PC)."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QRect, QSize
from PySide6.QtWidgets import QStyle, QWidget

PREFERRED = QSize(1280, 800)


def frame_margins(window: QWidget) -> QMargins:
    """The window manager's frame around `window`: exact once it has been shown, before
    that an estimate (a title bar two lines of text high, thin borders)."""
    frame, inner = window.frameGeometry(), window.geometry()
    if window.isVisible() and frame != inner:
        return QMargins(inner.left() - frame.left(), inner.top() - frame.top(),
                        frame.right() - inner.right(), frame.bottom() - inner.bottom())
    border = window.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth) + 2
    title = max(window.style().pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight),
                2 * window.fontMetrics().height())
    return QMargins(border, title, border, border)


def first_geometry(available: QRect, frame: QMargins, preferred: QSize = PREFERRED) -> QRect:
    """The window's inner rectangle: `preferred`, shrunk so that with its `frame` it lies
    inside `available`, and centred there."""
    room = available.marginsRemoved(frame)
    size = preferred.boundedTo(room.size())
    inner = QRect(0, 0, size.width(), size.height())
    inner.moveCenter(room.center())
    return inner
