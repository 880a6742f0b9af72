"""A call the worker has finished keeps nothing alive: an hour of choosing coachees must not
pile up every load it ran (with the screens and arguments its callbacks hold)."""

from __future__ import annotations

import gc
import shutil
import weakref
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from tests.conftest import PASSPHRASE
from workbook import vault as vault_mod


def _press(widget: object, key: Qt.Key) -> None:
    from PySide6.QtCore import QEvent

    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier))


def test_loads_run_on_the_worker_thread_are_released_once_landed(
        demo_template: Path, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.kit.ops import ThreadExecutor
    from ui.window.main_window import MainWindow

    path = tmp_path / "demo.cwb"
    shutil.copyfile(demo_template, path)
    window = MainWindow()  # the app's own worker thread
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    executor = window.state.runner.executor
    assert isinstance(executor, ThreadExecutor)
    submitted: list[weakref.ref[Callable[[], None]]] = []
    start = executor.start

    def watched(job: Callable[[], None]) -> None:
        submitted.append(weakref.ref(job))
        start(job)

    executor.start = watched  # type: ignore[method-assign]
    window.state.adopt(vault_mod.open_vault(path, PASSPHRASE))
    qtbot.waitUntil(lambda: window.state.runner.pending == 0)
    view = window.coachee_list.view
    for _round in range(4):
        _press(view, Qt.Key.Key_Home)
        for _ in range(view.model().rowCount()):
            _press(view, Qt.Key.Key_Down)
            for tab in range(window.tabs.count()):  # each tab loads what it shows
                window.tabs.setCurrentIndex(tab)
                qtbot.waitUntil(lambda: window.state.runner.pending == 0)
    window.close_workbook()
    gc.collect()

    kept = [ref for ref in submitted if ref() is not None]
    assert len(submitted) > 40
    assert kept == [], f"{len(kept)} of {len(submitted)} finished calls are still held"
    window.close()
