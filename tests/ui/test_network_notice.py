"""The window's word about a workbook on a network drive: shown while it is open, gone when
it closes, and never for a workbook on this computer's own disk."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMainWindow

from tests.conftest import PASSPHRASE
from ui.kit.ops import SyncExecutor
from ui.kit.state import WorkbookState
from ui.window.network_notice import SHORT, NetworkNotice
from workbook import vault as vault_mod


def _window(qtbot, kind: str) -> tuple[QMainWindow, WorkbookState, NetworkNotice]:  # type: ignore[no-untyped-def]
    window = QMainWindow()
    qtbot.addWidget(window)
    state = WorkbookState(executor=SyncExecutor())
    notice = NetworkNotice(state, window.statusBar(), window, lookup=lambda _p: kind)
    window.show()
    return window, state, notice


def test_a_workbook_on_a_network_drive_is_flagged_while_it_is_open(qtbot,  # type: ignore[no-untyped-def]
                                                                    workbook_path: Path) -> None:
    _window_kept, state, notice = _window(qtbot, "network")
    state.unlock(workbook_path, PASSPHRASE)
    qtbot.waitUntil(lambda: state.is_open)
    assert notice.label.isVisible()
    assert f"«{workbook_path.name}» is on a network drive" in notice.label.toolTip()
    # a short line in the status bar (the sentence wrapped there took seven lines on a
    # small screen); the whole sentence in the tooltip
    assert notice.label.text() == SHORT and len(SHORT) < len(notice.label.toolTip()) // 3
    state.close()
    assert not notice.label.isVisible() and notice.label.toolTip() == ""


def test_a_workbook_on_this_computer_is_not(qtbot, workbook_path: Path) -> None:  # type: ignore[no-untyped-def]
    _window_kept, state, notice = _window(qtbot, "local")
    state.adopt(vault_mod.open_vault(workbook_path, PASSPHRASE))
    assert state.is_open and not notice.label.isVisible()
    state.close()
