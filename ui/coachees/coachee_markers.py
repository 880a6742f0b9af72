"""The coachee list's marker glyphs: a numbered badge and a clock — shape and text, never
colour alone. Drawn once per (count, clock, ink) and cached."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication

from ui.coachees.coachee_rows import Markers

_ICONS: dict[tuple[Any, ...], QIcon] = {}
GLYPH = 16


def _draw_badge(p: QPainter, x: float, number: int) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#c62828"))
    p.drawEllipse(QRectF(x + 0.5, 0.5, GLYPH - 1, GLYPH - 1))
    p.setPen(QColor("white"))
    font = QFont(p.font())
    font.setBold(True)
    font.setPixelSize(11 if number < 10 else 8)
    p.setFont(font)
    p.drawText(QRectF(x, 0, GLYPH, GLYPH), Qt.AlignmentFlag.AlignCenter,
               str(number) if number < 100 else "!")


def _draw_clock(p: QPainter, x: float, ink: QColor) -> None:
    pen = QPen(ink, 1.6)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(QRectF(x + 1.5, 1.5, GLYPH - 3, GLYPH - 3))
    centre = QPointF(x + GLYPH / 2, GLYPH / 2)
    p.drawLine(centre, QPointF(centre.x(), 4.5))
    p.drawLine(centre, QPointF(centre.x() + 3.5, centre.y()))


def marker_icon(markers: Markers) -> QIcon | None:
    """Two slots (overdue badge, clock) so the glyphs line up down the column."""
    if not markers.any:
        return None
    app = QApplication.instance()
    ink = (app.palette() if isinstance(app, QApplication) else QPalette()).color(
        QPalette.ColorRole.Text)
    clock = markers.not_seen_weeks is not None or markers.never_seen
    key = (min(markers.overdue, 100), clock, ink.name())
    if key not in _ICONS:
        scale = 2  # drawn at twice the size so 150 % and 200 % displays stay sharp
        pixmap = QPixmap(2 * GLYPH * scale + 2 * scale, GLYPH * scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        p = QPainter(pixmap)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.scale(scale, scale)
        if markers.overdue:
            _draw_badge(p, 0, markers.overdue)
        if clock:
            _draw_clock(p, GLYPH + 2, ink)
        p.end()
        pixmap.setDevicePixelRatio(scale)
        _ICONS[key] = QIcon(pixmap)
    return _ICONS[key]
