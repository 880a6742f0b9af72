"""In the app an export never replaces a workbook, and any other existing file is replaced
only after a question; at start, what a killed run left behind is removed and said."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QWidget

from tests.conftest import PASSPHRASE
from tests.ui.test_document_actions import make_actions as make_document_actions
from tests.ui.test_file_actions import make_actions, shown
from ui.documents.export_pdf_dialog import ExportPdfDialog
from ui.kit.state import WorkbookState
from ui.window.app import clean_leftovers
from ui.window.file_tasks import PathRequest, file_dialog
from workbook import leftovers
from workbook import vault as vault_mod
from workbook.user_folders import config_dir

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(6, button.height() // 2))


def test_json_export_never_replaces_a_workbook(state: WorkbookState, qtbot,  # type: ignore[no-untyped-def]
                                              template_workbook: Path, tmp_path: Path) -> None:
    assert state.path is not None
    own = state.path.read_bytes()
    actions, _ = make_actions(state, qtbot)
    actions.export_json(state.path)
    assert "is the workbook being exported; an export never replaces it" in shown(actions)
    disguised = tmp_path / "colleague.json"  # another workbook, renamed
    shutil.copyfile(template_workbook, disguised)
    actions.export_json(disguised)
    assert "is, or may be, a Coach Workbook file" in shown(actions)
    assert disguised.read_bytes() == template_workbook.read_bytes()
    assert state.path.read_bytes() == own

    older = tmp_path / "older-export.json"  # the file dialog asked before returning it
    older.write_text("an older export", encoding="utf-8")
    actions.export_json(older)
    assert "Exported everything to" in shown(actions)
    assert json.loads(older.read_text("utf-8"))["format"] == "coach-workbook"


def test_the_file_dialog_asks_before_replacing_a_file(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    file_dialog(parent, PathRequest(True, "Export", "", tmp_path / "x.json", "json"),
                lambda _p: None, native=False)
    dialog = parent.findChild(QFileDialog)
    assert dialog is not None
    assert not dialog.testOption(QFileDialog.Option.DontConfirmOverwrite)
    dialog.reject()


def test_a_pdf_export_never_replaces_a_workbook(state: WorkbookState, qtbot,  # type: ignore[no-untyped-def]
                                               template_workbook: Path, tmp_path: Path) -> None:
    disguised = tmp_path / "summary.pdf"
    shutil.copyfile(template_workbook, disguised)
    actions, _, _ = make_document_actions(state, qtbot)
    finished: list[tuple[str, bool, str]] = []
    actions.finished.connect(lambda *a: finished.append(a))
    actions.export_summary(1, disguised)
    assert "is, or may be, a Coach Workbook file" in actions.last_message.text()
    assert finished[0][:2] == ("export_summary", False)
    assert disguised.read_bytes() == template_workbook.read_bytes()


def test_the_export_dialog_refuses_a_workbook_and_asks_before_replacing(  # type: ignore[no-untyped-def]
        qtbot, template_workbook: Path, tmp_path: Path) -> None:
    dialog = ExportPdfDialog("Export session summary (PDF)", tmp_path / "summary.pdf")
    qtbot.addWidget(dialog)
    dialog.open()
    emitted: list[Path] = []
    dialog.export_requested.connect(lambda path, _pw: emitted.append(path))

    shutil.copyfile(template_workbook, tmp_path / "copy.pdf")
    dialog.location.setText(str(tmp_path / "copy.pdf"))
    assert "may be, a Coach Workbook file" in dialog.reason.text()
    assert not dialog.export_button.isEnabled()

    (tmp_path / "old.pdf").write_bytes(b"%PDF-1.4 an older summary")
    dialog.location.setText(str(tmp_path / "old.pdf"))
    _click(qtbot, dialog.export_button)
    box = dialog.replace_question
    assert box is not None and box.isVisible() and "already exists" in box.text()
    assert emitted == []
    _click(qtbot, box.button(QMessageBox.StandardButton.Cancel))
    assert emitted == [] and dialog.isVisible()
    _click(qtbot, dialog.export_button)
    replace = next(b for b in dialog.replace_question.buttons() if "Replace" in b.text())
    _click(qtbot, replace)
    assert emitted == [tmp_path / "old.pdf"] and not dialog.isVisible()


def test_a_file_the_file_dialog_confirmed_is_not_asked_again(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "old.pdf").write_bytes(b"%PDF-1.4")
    dialog = ExportPdfDialog("Export session summary (PDF)", tmp_path / "summary.pdf")
    qtbot.addWidget(dialog)
    dialog.open()
    emitted: list[Path] = []
    dialog.export_requested.connect(lambda path, _pw: emitted.append(path))
    dialog.choose_path = lambda _request, accept: accept(tmp_path / "old.pdf")
    _click(qtbot, dialog.choose_button)
    _click(qtbot, dialog.export_button)
    assert emitted == [tmp_path / "old.pdf"] and dialog.replace_question is None


@pytest.mark.skipif(not hasattr(os, "link"), reason="no hard links here")
def test_a_backup_never_replaces_a_workbook(state: WorkbookState, qtbot,  # type: ignore[no-untyped-def]
                                           template_workbook: Path, tmp_path: Path) -> None:
    assert state.path is not None
    own = state.path.read_bytes()
    link = tmp_path / "another-name.cwb"
    os.link(state.path, link)
    actions, asked = make_actions(state, qtbot)
    for target in (state.path, link):
        actions.backup(target)
        assert shown(actions) == ("A backup cannot replace the workbook it copies; choose "
                                  "another name.")
    other = tmp_path / "colleague.cwb"
    shutil.copyfile(template_workbook, other)
    actions.backup(other)
    assert "a backup never replaces one" in shown(actions)
    assert other.read_bytes() == template_workbook.read_bytes()
    assert state.path.read_bytes() == own

    actions._folder = tmp_path  # where the suggestion goes
    taken = tmp_path / f"{state.path.stem}-backup-{date.today():%Y-%m-%d}.cwb"
    taken.write_bytes(b"")
    actions.ask_backup()
    assert asked[-1].suggested.parent == tmp_path and not asked[-1].suggested.exists()


def _left_behind(folder: Path, kind: str) -> Path:
    """A temporary file recorded by a process that is gone (it holds no owner lock)."""
    path = folder / f".coach-workbook-{os.urandom(8).hex()}.tmp"
    path.write_bytes(b"left behind")
    config = config_dir()
    config.mkdir(parents=True, exist_ok=True)
    record = config / leftovers.RECORD_FILE
    entries = json.loads(record.read_text("utf-8"))["temporary_files"] if record.exists() else []
    entries.append({"path": str(path), "kind": kind, "owner": "1-gone"})
    record.write_text(json.dumps({"temporary_files": entries}), encoding="utf-8")
    return path


def test_the_app_start_removes_leftovers_and_says_so(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plaintext = _left_behind(tmp_path, leftovers.PLAINTEXT)
    encrypted = _left_behind(tmp_path, leftovers.ENCRYPTED)
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    box = clean_leftovers(window)
    assert box is not None and box.isVisible()
    assert box.text() == ("A plaintext export left by an interrupted run was removed: "
                          f"«{plaintext}».")
    assert window.statusBar().currentMessage().startswith(
        "An encrypted temporary copy left by an interrupted run was removed")
    assert not plaintext.exists() and not encrypted.exists()
    assert leftovers.recorded() == []
    box.close()
    assert clean_leftovers(window) is None


def test_a_backup_made_in_the_app_leaves_no_record(state: WorkbookState, qtbot,  # type: ignore[no-untyped-def]
                                                  tmp_path: Path) -> None:
    dest = tmp_path / "copies" / "copy.cwb"
    dest.parent.mkdir()
    actions, _ = make_actions(state, qtbot)
    actions.backup(dest)
    assert shown(actions).startswith(f"Backed up to {dest}.")
    assert leftovers.recorded() == [] and list(dest.parent.iterdir()) == [dest]
    vault_mod.open_vault(dest, PASSPHRASE).close()
