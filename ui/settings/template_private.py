"""How a private section looks wherever it is shown: an amber tint mixed into the palette's
Base (so a dark palette works), a drawn padlock (no emoji font needed) and the banner
"Private — never printed"."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from ui.kit.palette import mix

PRIVATE_LABEL = "Private — never printed"
_PRIVATE_HUE = QColor(214, 140, 40)  # amber: reads as "careful" on light and dark bases
_ICON_SIZES = (16, 20, 24, 32, 48)  # device pixels, so 100 %–300 % scaling stay crisp


def private_tint(palette: QPalette) -> QColor:
    """The background of private sections: the palette's Base tinted amber (dark-safe)."""
    base = palette.color(QPalette.ColorRole.Base)
    return mix(base, _PRIVATE_HUE, 0.30 if base.lightness() < 128 else 0.20)


def lock_pixmap(colour: QColor, size: int = 16, ratio: float = 1.0) -> QPixmap:
    """A padlock drawn in `colour`, `size` device-independent pixels at `ratio`."""
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    pen = QPen(colour, max(1.5, s / 9))
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawArc(QRectF(s * 0.28, s * 0.08, s * 0.44, s * 0.52), 0, 180 * 16)
    painter.drawLine(QPointF(s * 0.28, s * 0.34), QPointF(s * 0.28, s * 0.46))
    painter.drawLine(QPointF(s * 0.72, s * 0.34), QPointF(s * 0.72, s * 0.46))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(QRectF(s * 0.16, s * 0.44, s * 0.68, s * 0.50), s * 0.08, s * 0.08)
    painter.end()
    return pixmap


def lock_icon(colour: QColor) -> QIcon:
    """The padlock as an icon with one plain pixmap per size: QIcon then picks the one that
    fits the view's icon size at the screen's scale (a single scaled pixmap is drawn too big
    at 150 %)."""
    icon = QIcon()
    for size in _ICON_SIZES:
        icon.addPixmap(lock_pixmap(colour, size))
    return icon


class PrivateBanner(QFrame):
    """"Private — never printed" with a padlock, on the private tint of the palette."""

    def __init__(self, parent: QWidget | None = None,
                 detail: str = "These notes stay in the workbook, never on the summary.") -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        self.lock = QLabel()
        self.lock.setAccessibleName("Private")
        row.addWidget(self.lock, 0, Qt.AlignmentFlag.AlignTop)
        self.text = QLabel(f"<b>{PRIVATE_LABEL}.</b> {detail}".rstrip())
        self.text.setWordWrap(True)
        self.text.setMinimumWidth(160)
        # no alignment flag here: with one, the layout would give the label only its size
        # hint and wrap it early; the label aligns its own text instead
        self.text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.text, 1)
        self._recolour()

    def _recolour(self) -> None:
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, private_tint(palette))
        self.setPalette(palette)
        size = self.text.fontMetrics().height()
        self.lock.setPixmap(lock_pixmap(palette.color(QPalette.ColorRole.WindowText), size,
                                        self.devicePixelRatioF()))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange and not getattr(self, "_busy", False):
            self._busy = True  # our own setPalette sends a PaletteChange too
            try:
                self._recolour()
            finally:
                self._busy = False
        super().changeEvent(event)
