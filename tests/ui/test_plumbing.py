"""The GUI's plumbing: the op runner, the workbook state and the idle lock."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.conftest import PASSPHRASE
from ui.kit.idle_lock import IdleLock
from ui.kit.ops import Runner, SyncExecutor
from ui.kit.state import WorkbookState
from workbook import coachees
from workbook.changes import Changes
from workbook.errors import InvalidInput


def test_runner_runs_off_the_ui_thread_in_order_and_reports_on_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = Runner()
    main = threading.get_ident()
    seen: list[tuple[int, bool]] = []
    for i in range(5):
        runner.submit(lambda i=i: (i, threading.get_ident() != main),
                      success=lambda r: seen.append((r[0], r[1])))
    qtbot.waitUntil(lambda: len(seen) == 5, timeout=5000)
    assert seen == [(i, True) for i in range(5)]
    assert runner.pending == 0


def test_runner_delivers_failures_and_unhandled_ones_to_failed(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = Runner(SyncExecutor())
    handled: list[BaseException] = []
    unhandled: list[BaseException] = []
    runner.failed.connect(unhandled.append)
    runner.submit(lambda: 1 / 0, failure=handled.append)
    runner.submit(lambda: [][1])
    assert isinstance(handled[0], ZeroDivisionError)
    assert isinstance(unhandled[0], IndexError)


def test_progress_is_announced_only_for_slow_calls(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = Runner()
    events: list[bool] = []
    runner.busy_changed.connect(lambda busy, _label: events.append(busy))
    done: list[int] = []
    runner.submit(lambda: 1, success=done.append)
    qtbot.waitUntil(lambda: done == [1])
    qtbot.wait(600)
    assert events == []
    gate = threading.Event()
    runner.submit(lambda: gate.wait(3), success=done.append, label="Backing up…")
    qtbot.waitUntil(lambda: events == [True], timeout=3000)
    gate.set()
    qtbot.waitUntil(lambda: events == [True, False], timeout=3000)


def test_state_emits_changes_and_routes_known_errors(state: WorkbookState) -> None:
    changes: list[Changes] = []
    errors: list[str] = []
    state.changed.connect(changes.append)
    state.error.connect(errors.append)
    state.call(coachees.add, "Ama Owusu")
    assert changes and changes[0].kind == "coachee"
    state.call(coachees.add, "   ")
    assert len(errors) == 1 and "name" in errors[0].lower()
    caught: list[BaseException] = []
    state.call(coachees.add, "", failure=caught.append)
    assert isinstance(caught[0], InvalidInput) and len(errors) == 1


def test_close_flushes_pending_edits_first_then_clears(workbook_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from workbook import vault

    state = WorkbookState()  # the real worker thread
    order: list[str] = []
    state.closing.connect(lambda: state.call(coachees.add, "Last-second edit"))
    state.closing.connect(lambda: order.append("closing"))
    state.closed.connect(lambda: order.append("closed"))
    opened: list[bool] = []
    state.unlock(workbook_path, PASSPHRASE, success=lambda: opened.append(True))
    qtbot.waitUntil(lambda: opened == [True], timeout=5000)
    state.close()
    assert order == ["closing", "closed"] and not state.is_open
    with vault.open_vault(workbook_path, PASSPHRASE) as v:
        assert [c.name for c in coachees.list_coachees(v.db)] == ["Last-second edit"]
    reported: list[BaseException] = []
    state.call(coachees.add, "after close", failure=reported.append)
    assert "locked" in str(reported[0])


def _shown_field(qtbot) -> QLineEdit:  # type: ignore[no-untyped-def]
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    return field


def _key_into(field: QLineEdit) -> None:
    """A key as the keyboard sends it: to the window first, which hands it to the field."""
    QTest.keyClick(field.windowHandle(), Qt.Key.Key_A)


def test_idle_lock_fires_after_inactivity_and_input_postpones_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = _shown_field(qtbot)
    fired: list[bool] = []
    # 3 s, ten times the gap between key presses: a loaded machine that runs the loop late
    # still sees the keys as activity.
    idle = IdleLock(0.05, busy=lambda: False)
    idle.lock_now.connect(lambda: fired.append(True))
    idle.start()
    for _ in range(4):
        qtbot.wait(300)
        _key_into(field)
    assert fired == [] and field.text() == "aaaa"
    qtbot.waitUntil(lambda: fired == [True], timeout=10000)


class _Counting(IdleLock):
    def __init__(self) -> None:
        self.seen = 0
        super().__init__(1, busy=lambda: False)

    def eventFilter(self, watched, event):  # type: ignore[no-untyped-def]
        self.seen += 1
        return super().eventFilter(watched, event)


def test_idle_lock_watches_input_only_while_it_runs(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Nothing watched before a workbook is open, and only the windows, where input
    arrives: an app-wide filter would hand every event of every widget to Python."""
    field = _shown_field(qtbot)
    idle = _Counting()
    _key_into(field)
    assert idle.seen == 0
    idle.start()
    _key_into(field)
    once = idle.seen
    assert once > 0 and idle.active
    idle.start()  # a second start installs no second filter
    _key_into(field)
    assert idle.seen == 2 * once
    field.setText("a widget's own events")  # not input: not seen
    field.update()
    qtbot.wait(50)
    assert idle.seen == 2 * once
    idle.stop()
    _key_into(field)
    assert idle.seen == 2 * once and not idle.active
    idle.start()
    _key_into(field)
    assert idle.seen == 3 * once


def test_idle_lock_counts_input_in_a_window_opened_after_it_started(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A dialog opened while the workbook is open (a check-in, the search) is watched as
    soon as it takes the focus: typing there is activity too."""
    idle = _Counting()
    idle.start()
    dialog = _shown_field(qtbot)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is dialog.windowHandle())
    before = idle.seen
    _key_into(dialog)
    assert idle.seen > before and dialog.text() == "a"
    idle.stop()


def test_idle_lock_waits_for_a_write_in_progress(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import ui.kit.idle_lock as idle_mod

    monkeypatch.setattr(idle_mod, "RETRY_MS", 200)
    busy = [True]
    fired: list[bool] = []
    idle = IdleLock(0.005, busy=lambda: busy[0])
    idle.lock_now.connect(lambda: fired.append(True))
    idle.start()
    qtbot.wait(800)
    assert fired == [] and idle.active
    busy[0] = False
    qtbot.waitUntil(lambda: fired == [True], timeout=2000)


def test_signal_emits_do_not_leak_references(qtbot) -> None:  # type: ignore[no-untyped-def]
    """PySide6 6.12.0 dropped a reference to True per emit and aborted after a few thousand
    autosaves; the pinned version must not."""
    import sys

    from PySide6.QtCore import QObject, Signal

    class Emitter(QObject):
        plain = Signal()
        carrying = Signal(object)

    emitter = Emitter()
    before = sys.getrefcount(True)
    for i in range(2000):
        emitter.plain.emit()
        emitter.carrying.emit(i)
    assert abs(sys.getrefcount(True) - before) < 50


def test_close_reports_a_failed_last_save_before_clearing(workbook_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    state = WorkbookState()  # the real worker thread
    opened: list[bool] = []
    state.unlock(workbook_path, PASSPHRASE, success=lambda: opened.append(True))
    qtbot.waitUntil(lambda: opened == [True], timeout=5000)
    order: list[str] = []

    def failing_save(db) -> None:  # type: ignore[no-untyped-def]
        raise InvalidInput("The disk refused the last note.")

    state.closing.connect(lambda: state.call(failing_save))
    state.error.connect(lambda sentence: order.append(sentence))
    state.closed.connect(lambda: order.append("closed"))
    state.close()
    assert order == ["The disk refused the last note.", "closed"]


def test_garbage_is_collected_on_the_gui_thread_only(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A collection on a worker thread can delete a Qt object while the GUI thread paints it
    (it crashed the export dialog's tests while a warm-up thread imported zxcvbn)."""
    import gc
    import weakref

    from ui.kit import collector

    installed = collector.install(QApplication.instance())
    assert not gc.isenabled() and installed.timer.isActive()

    class Node:
        pass

    cycle = Node()
    cycle.me = cycle  # type: ignore[attr-defined]
    alive = weakref.ref(cycle)
    del cycle
    collected_on: list[str] = []
    gc.callbacks.append(lambda phase, _info: collected_on.append(
        threading.current_thread().name) if phase == "start" else None)
    try:
        garbage: list[list[int]] = []  # kept, so the allocation count stays high
        worker = threading.Thread(
            target=lambda: garbage.extend([] for _ in range(200_000)), name="worker")
        worker.start()
        worker.join()
        assert alive() is not None and "worker" not in collected_on
        qtbot.waitUntil(lambda: alive() is None, timeout=5000)
        garbage.clear()
        assert set(collected_on) == {threading.main_thread().name}
    finally:
        gc.callbacks.pop()
