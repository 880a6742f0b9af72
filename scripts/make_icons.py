"""Render the application icon (resources/icons/coach-workbook.svg) to the files that ship.

    .venv/bin/python scripts/make_icons.py

Writes resources/icons/coach-workbook-<size>.png (the window and taskbar icon, and the
`.desktop` file's icon) and coach-workbook.ico (the Windows executable's icon, every size in
one file). The SVG is the source; run this after changing it and commit what it writes.
PyInstaller makes the macOS .icns from the 256-pixel PNG at build time.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def main() -> int:
    QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "coach-workbook.svg"))
    if not renderer.isValid():
        print("coach-workbook.svg could not be read", file=sys.stderr)
        return 1
    for size in SIZES:
        render(renderer, size).save(str(ICONS / f"coach-workbook-{size}.png"))
    largest = Image.open(ICONS / f"coach-workbook-{SIZES[-1]}.png")
    largest.save(ICONS / "coach-workbook.ico", sizes=[(s, s) for s in SIZES])
    print(f"wrote {len(SIZES)} PNGs and coach-workbook.ico into {ICONS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
