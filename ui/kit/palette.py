"""Colours derived from the palette, so light and dark palettes both work."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView, QWidget


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    """`a` moved `amount` (0…1) of the way towards `b` — a tint that follows the palette."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * amount,
        a.greenF() + (b.greenF() - a.greenF()) * amount,
        a.blueF() + (b.blueF() - a.blueF()) * amount,
    )


def dim(label: QLabel, amount: float = 0.35) -> QLabel:
    """Secondary text (a folder under a file name): WindowText faded towards Window, so it
    stays readable on light and dark palettes (PlaceholderText is too faint on some)."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText,
                     mix(palette.color(QPalette.ColorRole.WindowText),
                         palette.color(QPalette.ColorRole.Window), amount))
    label.setPalette(palette)
    return label


def with_visible_checks(palette: QPalette) -> QPalette | None:
    """Some styles (Fusion) outline an unticked box in a shade of Window, which vanishes on
    a dark Base; the palette with Window lifted towards Text, or None on a light palette."""
    base = palette.color(QPalette.ColorRole.Base)
    if base.lightness() >= 128:
        return None
    lifted = QPalette(palette)
    lifted.setColor(QPalette.ColorRole.Window,
                    mix(base, palette.color(QPalette.ColorRole.Text), 0.6))
    return lifted


def visible_checks(widget: QWidget) -> None:
    """Keep unticked check boxes and radio buttons in `widget` visible on a dark palette (a
    view's header and scroll bars keep their own colours)."""
    palette = widget.palette()
    lifted = with_visible_checks(palette)
    if lifted is None:
        return
    widget.setPalette(lifted)
    parts: list[QWidget] = []
    if isinstance(widget, QAbstractItemView):
        parts += [widget.horizontalScrollBar(), widget.verticalScrollBar()]
    if isinstance(widget, QTableView):
        parts += [widget.horizontalHeader(), widget.verticalHeader()]
    for part in parts:
        part.setPalette(palette)
