"""The start window: recent workbooks (paths only), Open, New, and the demo without asking."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QDialog

from tests.conftest import PASSPHRASE
from tests.ui.keys import type_text
from tests.ui.shown import visible_texts as _texts
from ui.kit import recent
from ui.kit.state import WorkbookState
from ui.start.recent_list import ExistsRole, PathRole, RecentModel
from ui.start.start_window import StartWindow, demo_path, is_demo
from ui.start.unlock_dialog import UnlockDialog
from workbook import coachees, vault
from workbook.demo import DEMO_PASSPHRASE
from workbook.user_folders import DATA_ENV

# The offscreen platform cannot pass size constraints to a window; Qt says so on every resize.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(recent.CONFIG_ENV, str(tmp_path / "config"))
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "data"))
    return tmp_path


def _workbooks(folder: Path, template: Path, names: list[str]) -> list[Path]:
    paths = []
    for name in names:
        path = folder / name
        shutil.copyfile(template, path)
        paths.append(path)
    return paths


def _window(qtbot, state: WorkbookState, **kwargs) -> StartWindow:  # type: ignore[no-untyped-def]
    window = StartWindow(state, **kwargs)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    return window


# -- the recent list -------------------------------------------------------------------
def test_recent_is_most_recent_first_without_duplicates_and_at_most_eight(
        tmp_path: Path) -> None:
    paths = [tmp_path / f"wb{i}.cwb" for i in range(10)]
    for p in paths:
        p.write_bytes(b"x")
        recent.remember(p)
    recent.remember(paths[5])  # opened again: moves to the front, once
    listed = [e.path for e in recent.recent()]
    assert listed == [paths[5], paths[9], paths[8], paths[7], paths[6], paths[4], paths[3],
                      paths[2]]
    assert len(listed) == recent.MAX_RECENT
    recent.forget(paths[9])
    assert paths[9] not in [e.path for e in recent.recent()]
    assert recent.last_folder() == tmp_path


def test_missing_files_stay_listed_as_missing(tmp_path: Path) -> None:
    here, gone = tmp_path / "here.cwb", tmp_path / "gone.cwb"
    for p in (here, gone):
        p.write_bytes(b"x")
        recent.remember(p)
    gone.unlink()
    assert recent.recent() == [recent.RecentEntry(gone, False), recent.RecentEntry(here, True)]


def test_settings_file_is_private_json_and_keeps_other_preferences(tmp_path: Path) -> None:
    recent.save_prefs({"window": {"width": 1280}})
    recent.remember(tmp_path / "Zoë's coaching.cwb")
    prefs = recent.load_prefs()
    assert prefs["window"] == {"width": 1280}
    assert prefs["recent"] == [str(tmp_path / "Zoë's coaching.cwb")]
    assert recent.prefs_path().parent == tmp_path / "config"
    if os.name == "posix":
        assert recent.prefs_path().stat().st_mode & 0o777 == 0o600
    assert not [p for p in recent.prefs_path().parent.iterdir() if p.suffix == ".tmp"]


def test_a_garbled_settings_file_counts_as_empty(tmp_path: Path) -> None:
    recent.prefs_path().parent.mkdir(parents=True)
    recent.prefs_path().write_text("{not json", encoding="utf-8")
    assert recent.recent() == [] and recent.load_prefs() == {}
    recent.prefs_path().write_text(json.dumps({"recent": [3, "", None]}), encoding="utf-8")
    assert recent.recent() == []
    recent.remember(tmp_path / "a.cwb")  # and it is repaired by the next write
    assert [e.path for e in recent.recent()] == [tmp_path / "a.cwb"]


def test_recent_model_passes_the_model_tester(qtmodeltester, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    model = RecentModel()
    model.load([recent.RecentEntry(tmp_path / "王小明 notes.cwb", True),
                recent.RecentEntry(tmp_path / "gone.cwb", False)])
    qtmodeltester.check(model)
    assert model.index(0, 0).data(PathRole) == str(tmp_path / "王小明 notes.cwb")
    assert model.index(1, 0).data(ExistsRole) is False
    assert "missing" in model.index(1, 0).data()
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None


# -- opening ---------------------------------------------------------------------------
def test_open_by_recent_list_then_unlock(qtbot, closed_state: WorkbookState,  # type: ignore[no-untyped-def]
                                         template_workbook: Path, tmp_path: Path) -> None:
    first, second = _workbooks(tmp_path, template_workbook, ["first.cwb", "Aïcha Benali.cwb"])
    recent.remember(first)
    recent.remember(second)
    window = _window(qtbot, closed_state)
    assert window.model.rowCount() == 2
    assert window.stack.currentWidget() is window.list
    dialogs: list[UnlockDialog] = []

    def ask(path: Path) -> None:  # what the main window does with the signal
        dialog = UnlockDialog(closed_state, path, window)
        dialogs.append(dialog)
        dialog.open()

    window.workbook_chosen.connect(ask)
    rect = window.list.visualRect(window.model.index(1, 0))
    with qtbot.waitSignal(window.workbook_chosen) as chosen:
        # A real double-click is a click, then a double-click event (QTest's lone
        # mouseDClick skips the first press on Qt 6).
        qtbot.mouseClick(window.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(window.list.viewport(), Qt.MouseButton.LeftButton,
                          pos=rect.center())
    assert chosen.args == [first]
    dialog = dialogs[-1]
    assert dialog.isVisible() and dialog.focusWidget() is dialog.field
    type_text(dialog.field, PASSPHRASE)
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert closed_state.is_open and closed_state.path == first
    assert [e.path for e in recent.recent()] == [first, second]


def test_enter_on_the_list_chooses_the_current_workbook(qtbot, closed_state: WorkbookState,  # type: ignore[no-untyped-def]
                                                       template_workbook: Path,
                                                       tmp_path: Path) -> None:
    (only,) = _workbooks(tmp_path, template_workbook, ["only.cwb"])
    recent.remember(only)
    window = _window(qtbot, closed_state)
    with qtbot.waitSignal(window.workbook_chosen) as chosen:
        qtbot.keyClick(window.list, Qt.Key.Key_Return)
    assert chosen.args == [only]


def test_a_missing_workbook_is_greyed_explained_and_removable(qtbot, closed_state: WorkbookState,  # type: ignore[no-untyped-def]
                                                             tmp_path: Path) -> None:
    gone, here = tmp_path / "on the usb stick.cwb", tmp_path / "here.cwb"
    here.write_bytes(b"x")
    recent.remember(gone)
    recent.remember(here)
    window = _window(qtbot, closed_state)
    index = window.model.index(1, 0)
    disabled = QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    assert index.data(Qt.ItemDataRole.ForegroundRole) == disabled
    with qtbot.assertNotEmitted(window.workbook_chosen):
        window._activated(index)
    assert "is not there any more" in window.error.text() and window.error.isVisibleTo(window)
    assert window.remove_button.isEnabled()
    assert window.list.currentIndex().row() == 1  # the missing one, ready to remove
    qtbot.mouseClick(window.remove_button, Qt.MouseButton.LeftButton)
    assert [e.path for e in recent.recent()] == [here]
    qtbot.keyClick(window.list, Qt.Key.Key_Delete)
    assert recent.recent() == [] and here.exists()  # the list forgets; the file stays
    assert window.stack.currentWidget() is window.empty
    assert not window.remove_button.isEnabled()


def test_open_button_shows_a_file_dialog_and_chooses_the_file(  # type: ignore[no-untyped-def]
        qtbot, closed_state: WorkbookState, template_workbook: Path, tmp_path: Path) -> None:
    (chosen_path,) = _workbooks(tmp_path, template_workbook, ["Nguyễn Thị Hoa 2026.cwb"])
    window = _window(qtbot, closed_state)
    qtbot.mouseClick(window.open_button, Qt.MouseButton.LeftButton)
    dialog = window.file_dialog
    assert dialog is not None and dialog.isVisible()
    with qtbot.waitSignal(window.workbook_chosen) as chosen:
        dialog.fileSelected.emit(str(chosen_path))
    assert chosen.args == [chosen_path]
    dialog.reject()


def test_shortcuts_only_when_asked_for(qtbot, closed_state: WorkbookState) -> None:  # type: ignore[no-untyped-def]
    embedded = _window(qtbot, closed_state)
    assert embedded.open_action not in embedded.actions()  # the main window owns Ctrl+O
    alone = _window(qtbot, closed_state, shortcuts=True)
    assert alone.open_action in alone.actions() and alone.new_action in alone.actions()
    assert alone.open_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Open)
    assert alone.new_action.shortcut() == QKeySequence("Ctrl+Shift+N")
    alone.new_action.trigger()
    assert alone.new_dialog is not None and alone.new_dialog.isVisible()
    alone.new_dialog.reject()


def test_new_workbook_button_hands_over_an_open_vault(qtbot, closed_state: WorkbookState,  # type: ignore[no-untyped-def]
                                                     tmp_path: Path) -> None:
    window = _window(qtbot, closed_state)
    qtbot.mouseClick(window.new_button, Qt.MouseButton.LeftButton)
    dialog = window.new_dialog
    assert dialog is not None
    dialog.location.setText(str(tmp_path / "spring cohort"))
    secret = "lantern orchard seventeen violet"
    type_text(dialog.fields.first, secret)
    type_text(dialog.fields.second, secret)
    dialog.fields.understood.setChecked(True)
    # Create is enabled once the strength estimate has followed the pause in typing.
    qtbot.waitUntil(dialog.create_button.isEnabled)
    with qtbot.waitSignal(window.vault_ready) as ready:
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    opened = ready.args[0]
    assert isinstance(opened, vault.Vault) and opened.path == tmp_path / "spring cohort.cwb"
    closed_state.adopt(opened)
    assert closed_state.is_open


# -- the demo --------------------------------------------------------------------------
def test_the_start_window_explains_the_demo_and_security(  # type: ignore[no-untyped-def]
        qtbot, closed_state: WorkbookState) -> None:
    window = _window(qtbot, closed_state)
    assert "fictional" in window.demo_text.text()
    assert DEMO_PASSPHRASE in window.demo_text.text()
    note = window.security.text()
    assert "never uses" in note and "network" in note and "encrypted" in note
    assert "recover a forgotten passphrase" in note


def test_try_the_demo_creates_and_opens_it_without_asking(  # type: ignore[no-untyped-def]
        qtbot, closed_state: WorkbookState, tmp_path: Path) -> None:
    window = _window(qtbot, closed_state)
    window.vault_ready.connect(closed_state.adopt)
    assert not demo_path().exists()
    with qtbot.waitSignal(closed_state.opened):
        qtbot.mouseClick(window.demo_button, Qt.MouseButton.LeftButton)
    assert demo_path() == tmp_path / "data" / "demo.cwb" and demo_path().exists()
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QDialog) and w.isVisible()], "nothing may ask"
    assert closed_state.vault is not None
    names = [c.name for c in coachees.list_coachees(closed_state.vault.db)]
    assert len(names) == 15 and is_demo(closed_state.path)
    assert not window.busy and window.demo_button.isEnabled()
    closed_state.close()
    assert not any(name in _texts(window) for name in names)

    inode = demo_path().stat().st_ino
    with qtbot.waitSignal(closed_state.opened):  # the second time it opens the same file
        window.try_demo()
    assert demo_path().stat().st_ino == inode
    closed_state.close()
    vault.open_vault(demo_path(), DEMO_PASSPHRASE).close()


def test_an_unreadable_demo_is_explained_and_can_be_rebuilt(  # type: ignore[no-untyped-def]
        qtbot, closed_state: WorkbookState, tmp_path: Path) -> None:
    demo_path().parent.mkdir(parents=True)
    demo_path().write_bytes(b"%PDF-1.7\n" + b"x" * 5000)
    window = _window(qtbot, closed_state)
    window.vault_ready.connect(closed_state.adopt)
    window.try_demo()
    assert not closed_state.is_open
    assert "PDF" in window.error.text() and window.error.isVisibleTo(window)
    assert window.rebuild_button.isVisibleTo(window)
    with qtbot.waitSignal(closed_state.opened):
        qtbot.mouseClick(window.rebuild_button, Qt.MouseButton.LeftButton)
    aside = [p for p in demo_path().parent.iterdir() if p.name.startswith("demo-unreadable-")]
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"%PDF")  # kept, not deleted
    assert not window.rebuild_button.isVisibleTo(window)


def test_a_demo_open_elsewhere_is_refused_with_the_sentence(  # type: ignore[no-untyped-def]
        qtbot, closed_state: WorkbookState) -> None:
    window = _window(qtbot, closed_state)
    window.vault_ready.connect(closed_state.adopt)
    window.try_demo()
    closed_state.close()
    with vault.open_vault(demo_path(), DEMO_PASSPHRASE):
        window.try_demo()
        assert "already open" in window.error.text()
        assert not window.rebuild_button.isVisibleTo(window)  # nothing wrong with the file
    assert not closed_state.is_open


def test_recent_paths_never_include_workbook_contents(  # type: ignore[no-untyped-def]
        qtbot, closed_state: WorkbookState, workbook_path: Path) -> None:
    with vault.open_vault(workbook_path, PASSPHRASE) as v:
        coachees.add(v.db, "Zoë Kowalczyk")
    dialog = UnlockDialog(closed_state, workbook_path)
    qtbot.addWidget(dialog)
    dialog.open()
    type_text(dialog.field, PASSPHRASE)
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert closed_state.is_open
    stored = recent.prefs_path().read_text(encoding="utf-8")
    assert "Zoë" not in stored and "Kowalczyk" not in stored
    assert set(json.loads(stored)) <= {"recent", "last_folder"}
