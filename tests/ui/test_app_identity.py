"""The application's name and icon: every window and the taskbar show the icon at each size
it ships in, and Wayland docks find it through the `.desktop` file's name."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from ui.window.app import DESKTOP_FILE, app_icon, make_application
from ui.window.main_window import MainWindow
from workbook import bundled

SHIPPED = {16, 24, 32, 48, 64, 128, 256}


def test_the_application_carries_its_name_and_icon_at_every_size(qapp: QApplication) -> None:
    app = make_application([])
    assert app is qapp  # the one application, not a second
    assert app.applicationName() == "Coach Workbook"
    assert app.desktopFileName() == DESKTOP_FILE
    sizes = {size.width() for size in app.windowIcon().availableSizes()}
    assert sizes == SHIPPED
    small = app.windowIcon().pixmap(16, 16).toImage()
    # the tile's teal, not an empty or default image
    centre = small.pixelColor(2, 8)
    assert centre.alpha() == 255 and centre.green() > centre.red()


def test_every_window_shows_the_icon(qapp: QApplication, qtbot) -> None:  # type: ignore[no-untyped-def]
    make_application([])
    window = MainWindow()
    qtbot.addWidget(window)
    assert {s.width() for s in window.windowIcon().availableSizes()} == SHIPPED


def test_a_missing_icon_folder_does_not_keep_the_app_from_starting(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundled, "root", lambda: tmp_path)  # a copy with no icons/
    assert app_icon().isNull()
