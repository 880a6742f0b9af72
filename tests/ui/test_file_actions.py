"""File actions on real workbooks, with the file dialog replaced by a chosen path: roster and
JSON imports (all or nothing, the sentence shown), the unencrypted export and its warnings,
an encrypted backup that opens with the passphrase, and the integrity check."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from tests.conftest import PASSPHRASE
from ui.kit.state import WorkbookState
from ui.window.file_actions import FileActions
from ui.window.file_tasks import PathRequest
from workbook import coachees
from workbook import vault as vault_mod
from workbook.changes import Changes

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

ROSTER = [
    "Name,Email,Level,Program,Favourite colour",
    "Zoë Kowalczyk,zoe@example.edu,MS2,MD,blue",
    "Aïcha Benali,aicha@example.edu,PGY1,Internal Medicine,green",
    "Renée Côté,renee@example.edu,MS1,MD,red",
    "François Müller,francois@example.edu,MS3,MD,grey",
]


def make_actions(state: WorkbookState, qtbot, *paths: Path  # type: ignore[no-untyped-def]
                 ) -> tuple[FileActions, list[PathRequest]]:
    """FileActions whose file dialog answers with `paths`, one per question."""
    parent = QWidget()
    qtbot.addWidget(parent)
    actions = FileActions(state, parent)
    asked: list[PathRequest] = []
    answers = list(paths)

    def choose(request: PathRequest, accept: Callable[[Path], None]) -> None:
        asked.append(request)
        if answers:
            accept(answers.pop(0))

    actions.choose_path = choose
    return actions, asked


def shown(actions: FileActions) -> str:
    box = actions.last_message
    assert box is not None and box.isVisible()
    return box.text()


def _names(state: WorkbookState) -> list[str]:
    assert state.vault is not None
    return sorted(c.name for c in coachees.list_coachees(state.vault.db))


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_roster_import_adds_new_coachees_and_says_what_happened(
        state: WorkbookState, qtbot, tmp_path: Path, encoding: str) -> None:  # type: ignore[no-untyped-def]
    assert state.vault is not None
    coachees.add(state.vault.db, "Aïcha Benali", email="aicha@example.edu")
    rows = ROSTER + (["王小明,xiaoming@example.edu,PGY2,Surgery,"] if encoding == "utf-8" else [])
    roster = tmp_path / "roster.csv"
    roster.write_bytes("\r\n".join(rows).encode(encoding))
    actions, asked = make_actions(state, qtbot, roster)
    changes: list[Changes] = []
    state.changed.connect(changes.append)

    actions.import_roster_action.trigger()

    assert asked[0].save is False and "csv" in asked[0].name_filter.lower()
    added = 4 if encoding == "utf-8" else 3
    assert shown(actions) == (
        f"Imported roster.csv: {added} coachees added, 1 already in the workbook, "
        "0 duplicate rows skipped.\n\nColumns not recognised (ignored): Favourite colour.")
    expected = ["Aïcha Benali", "François Müller", "Renée Côté", "Zoë Kowalczyk"]
    assert _names(state) == sorted(expected + (["王小明"] if encoding == "utf-8" else []))
    assert len(changes) == 1 and changes[0].touches("coachee") and len(changes[0].ids) == added
    assert all(a.isEnabled() for a in actions.all_actions)


def test_bad_roster_names_line_and_column_and_imports_nothing(
        state: WorkbookState, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    roster = tmp_path / "roster.csv"
    roster.write_text("Name,Email,Start date\nZoë Kowalczyk,zoe@example.edu,2026-08-01\n"
                      "Aïcha Benali,aicha@example.edu,31/31/2026\n", encoding="utf-8")
    actions, _ = make_actions(state, qtbot, roster)
    changes: list[Changes] = []
    state.changed.connect(changes.append)
    finished: list[tuple[str, bool, str]] = []
    actions.finished.connect(lambda *args: finished.append(args))

    actions.import_roster_action.trigger()

    text = shown(actions)
    assert text.startswith('roster.csv, line 3, column "Start date":')
    assert text.endswith("Nothing was imported; the workbook is unchanged.")
    assert actions.last_message.icon() == QMessageBox.Icon.Warning
    assert _names(state) == [] and changes == []
    assert finished[0][:2] == ("import_roster", False)


def test_export_warns_before_and_after_and_imports_into_a_fresh_workbook(
        demo_state: WorkbookState, state: WorkbookState, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "everything.json"
    actions, asked = make_actions(demo_state, qtbot, target)
    assert actions.export_json_action.shortcut() == QKeySequence("Ctrl+Shift+E")

    actions.export_json_action.trigger()
    warning = actions.last_message
    assert warning is not None and "NOT encrypted" in warning.text()
    assert "plain text" in warning.text()
    assert asked == [] and not target.exists()  # warned before any file is chosen or written
    go = next(b for b in warning.buttons() if b.text() == "Choose file…")
    qtbot.mouseClick(go, Qt.MouseButton.LeftButton)

    assert asked[0].save is True and asked[0].default_suffix == "json"
    assert target.exists()
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    after = shown(actions)
    assert after.startswith(f"Exported everything to {target}.")
    assert "NOT encrypted" in after and "plain text" in after
    document = json.loads(target.read_text(encoding="utf-8"))
    assert len(document["coachees"]) == 15

    importer, _ = make_actions(state, qtbot, target)
    changes: list[Changes] = []
    state.changed.connect(changes.append)
    importer.import_json_action.trigger()
    assert shown(importer).startswith("Imported everything.json: 15 coachees, ")
    assert _names(state) == _names(demo_state)
    assert changes and changes[0].touches("session") and changes[0].touches("settings")


def test_export_can_be_cancelled_and_never_overwrites_the_workbook(
        state: WorkbookState, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert state.path is not None
    before = state.path.read_bytes()[:64]
    actions, asked = make_actions(state, qtbot, state.path)
    actions.export_json_action.trigger()
    cancel = actions.last_message.button(QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert asked == []

    actions.export_json(state.path)
    assert shown(actions) == (f"«{state.path.name}» is the workbook being exported; an "
                              "export never replaces it. Choose another name.")
    assert state.path.read_bytes()[:64] == before


def test_bad_json_import_shows_the_sentence(state: WorkbookState, qtbot,  # type: ignore[no-untyped-def]
                                            tmp_path: Path) -> None:
    bad = tmp_path / "notes.json"
    bad.write_text('{"format": "coach-workbook",\n "format_version": 1,\n "coachees": [}',
                   encoding="utf-8")
    actions, _ = make_actions(state, qtbot, bad)
    actions.import_json_action.trigger()
    text = shown(actions)
    assert text.startswith("notes.json is not valid JSON (line 3, column")
    assert "Nothing was imported" in text
    assert _names(state) == []


def test_backup_is_encrypted_and_opens_with_the_passphrase(
        state: WorkbookState, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert state.vault is not None
    coachees.add(state.vault.db, "Nguyễn Thị Hoa")
    dest = tmp_path / "copies" / "coach-backup.cwb"
    dest.parent.mkdir()
    actions, asked = make_actions(state, qtbot, dest)
    assert actions.backup_action.shortcut() == QKeySequence("Ctrl+Shift+S")  # "save a copy"

    actions.backup_action.trigger()

    assert asked[0].save is True and asked[0].suggested.suffix == ".cwb"
    text = shown(actions)
    assert text.startswith(f"Backed up to {dest}.")
    assert "encrypted with the same passphrase" in text
    assert not dest.read_bytes().startswith(b"SQLite format 3")
    assert b"Nguy" not in dest.read_bytes()
    assert stat.S_IMODE(os.stat(dest).st_mode) == 0o600
    with vault_mod.open_vault(dest, PASSPHRASE) as copy:
        assert [c.name for c in coachees.list_coachees(copy.db)] == ["Nguyễn Thị Hoa"]


def test_verify_reports_an_intact_workbook(state: WorkbookState, qtbot) -> None:  # type: ignore[no-untyped-def]
    actions, _ = make_actions(state, qtbot)
    actions.verify_action.trigger()
    assert "intact" in shown(actions)
    assert actions.last_message.icon() == QMessageBox.Icon.Information


def test_actions_are_disabled_while_locked(state: WorkbookState, qtbot) -> None:  # type: ignore[no-untyped-def]
    actions, _ = make_actions(state, qtbot)
    assert [a.text() for a in actions.all_actions] == [
        "Import roster (CSV)…", "Import workbook export (JSON)…", "Export everything (JSON)…",
        "Back up…", "Check workbook integrity"]
    assert all(a.isEnabled() for a in actions.all_actions)
    actions.verify_action.trigger()
    state.close()
    assert not any(a.isEnabled() for a in actions.all_actions)
    assert actions.last_message is None or not actions.last_message.isVisible()


def test_the_real_file_dialog_feeds_the_import(state: WorkbookState, qtbot,  # type: ignore[no-untyped-def]
                                               tmp_path: Path) -> None:
    from PySide6.QtWidgets import QFileDialog

    roster = tmp_path / "roster.csv"
    roster.write_text("Name\nZoë Kowalczyk\n", encoding="utf-8")
    parent = QWidget()
    qtbot.addWidget(parent)
    actions = FileActions(state, parent)
    actions.native_dialogs = False
    actions.import_roster_action.trigger()
    dialog = parent.findChild(QFileDialog)
    assert dialog is not None and dialog.isVisible()  # opened without blocking
    assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptOpen
    dialog.selectFile(str(roster))
    dialog.accept()
    assert shown(actions).startswith("Imported roster.csv: 1 coachee added, 0 already")
    assert _names(state) == ["Zoë Kowalczyk"]
