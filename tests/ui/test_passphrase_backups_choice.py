"""After a passphrase change the coach chooses what becomes of the automatic backups, which
still open with the old passphrase (often changed because it leaked): re-encrypt them, or
delete them. There is no "later": Esc and the window's close button keep the question and
say what to choose. Driven with the keyboard alone (Tab, Enter, Esc), on a real encrypted
workbook whose passphrase was really changed, with real backups."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from tests.conftest import PASSPHRASE
from tests.records import coachee
from tests.ui.keys import type_text
from ui.kit.state import WorkbookState
from ui.window.backups_rekey_dialog import CHOOSE, LEFT_AS_THEY_WERE, BackupsRekeyDialog
from workbook import backups
from workbook.errors import WrongPassphrase

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

MORNING = datetime(2026, 3, 2, 9, 0, 0)
NEW_PASSPHRASE = "Granite harbour lanterns drift 2027"


def _listed(state: WorkbookState) -> list[Path]:
    assert state.vault is not None
    folder = backups.configured_folder(state.vault)
    return [b.path for b in backups.list_backups(folder, state.vault.path.stem)]


@pytest.fixture
def changed(state: WorkbookState) -> list[Path]:
    """Two automatic backups, then the passphrase changed: they open with the old one only."""
    assert state.vault is not None
    coachee(state.vault.db, "Rekeyed Fictional")
    for day in (2, 3):
        backups.make_backup(state.vault, now=MORNING.replace(day=day))
    state.vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)
    found = _listed(state)
    assert len(found) == 2
    return found


@pytest.fixture
def said() -> list[str]:
    return []


@pytest.fixture
def dialog(qtbot, state: WorkbookState, changed: list[Path],  # type: ignore[no-untyped-def]
           said: list[str]) -> BackupsRekeyDialog:
    ask = BackupsRekeyDialog(state, len(changed))
    qtbot.addWidget(ask)
    ask.done_with.connect(said.append)
    ask.open()
    qtbot.waitUntil(ask.isVisible)
    ask.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is ask)
    qtbot.waitUntil(ask.old.hasFocus)  # the first thing to do: type the old passphrase
    return ask


def _press(qtbot, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, key)


def _still_old(paths: list[Path]) -> bool:
    for path in paths:
        assert backups.contents(path, PASSPHRASE).coachees == 1
        with pytest.raises(WrongPassphrase):
            backups.contents(path, NEW_PASSPHRASE)
    return True


def test_the_only_ways_out_are_re_encrypt_or_delete(dialog: BackupsRekeyDialog) -> None:
    buttons = [b.text() for b in dialog.findChildren(QPushButton) if b.isVisibleTo(dialog)]
    assert buttons == ["&Re-encrypt them", "&Delete them"]
    assert not hasattr(dialog, "later_button")


def test_escape_keeps_the_question_and_says_what_to_choose(
        qtbot, dialog: BackupsRekeyDialog, changed: list[Path],  # type: ignore[no-untyped-def]
        said: list[str]) -> None:
    type_text(dialog.old, "half typed")
    _press(qtbot, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.error.text() == CHOOSE
    assert dialog.old.text() == "half typed"  # nothing lost: the coach carries on
    dialog.close()  # the window's close button
    assert dialog.isVisible() and said == []
    assert _listed(dialog._state) == changed and _still_old(changed)


def test_enter_in_the_old_passphrase_re_encrypts_them(
        qtbot, dialog: BackupsRekeyDialog, changed: list[Path],  # type: ignore[no-untyped-def]
        said: list[str]) -> None:
    _press(qtbot, Qt.Key.Key_Return)  # nothing typed yet: asks for it, does nothing
    assert dialog.isVisible() and "Type the old passphrase" in dialog.error.text()
    assert _still_old(changed)
    type_text(dialog.old, "not the old one at all\n")
    assert dialog.isVisible() and "not the old passphrase" in dialog.error.text()
    assert dialog.old.hasFocus()
    dialog.old.clear()
    type_text(dialog.old, PASSPHRASE + "\n")
    assert not dialog.isVisible() and dialog.old.text() == ""
    assert said == ["2 automatic backups re-encrypted."]
    assert _listed(dialog._state) == changed
    for path in changed:
        assert backups.contents(path, NEW_PASSPHRASE).coachees == 1
        with pytest.raises(WrongPassphrase):
            backups.contents(path, PASSPHRASE)


def test_tab_then_enter_deletes_them(qtbot, dialog: BackupsRekeyDialog,  # type: ignore[no-untyped-def]
                                     said: list[str]) -> None:
    _press(qtbot, Qt.Key.Key_Tab)  # Re-encrypt waits for the old passphrase: skipped
    assert dialog.delete_button.hasFocus()
    _press(qtbot, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.error.text() == CHOOSE
    _press(qtbot, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert said == ["2 automatic backups deleted."] and _listed(dialog._state) == []


def test_with_the_old_passphrase_typed_tab_goes_re_encrypt_then_delete(
        qtbot, dialog: BackupsRekeyDialog) -> None:  # type: ignore[no-untyped-def]
    type_text(dialog.old, PASSPHRASE)
    seen = []
    for _ in range(3):
        _press(qtbot, Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == [dialog.reencrypt_button, dialog.delete_button, dialog.old]


@contextlib.contextmanager
def _undeletable(folder: Path) -> Iterator[None]:
    """Nothing in `folder` can be deleted, even by root (which ignores permission bits)."""
    if os.geteuid() == 0:
        done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
        if done.returncode != 0:
            pytest.skip("as root, only an immutable folder refuses a deletion, and "
                        f"chattr +i failed here: {done.stderr.decode().strip()}")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        folder.chmod(0o500)
        try:
            yield
        finally:
            folder.chmod(0o700)


@pytest.mark.skipif(os.name != "posix", reason="POSIX folder permissions")
def test_when_neither_can_be_done_escape_lets_go_and_says_so(
        qtbot, dialog: BackupsRekeyDialog, changed: list[Path],  # type: ignore[no-untyped-def]
        said: list[str]) -> None:
    """A folder where nothing can be deleted must not trap the coach in the dialog: after a
    failure is said, Esc closes it, and the status bar says the backups were left."""
    with _undeletable(changed[0].parent):
        _press(qtbot, Qt.Key.Key_Tab)
        _press(qtbot, Qt.Key.Key_Return)  # Delete
        assert dialog.isVisible() and dialog.error.text() not in ("", CHOOSE)
        _press(qtbot, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert said == [LEFT_AS_THEY_WERE] and _still_old(changed)


def test_locking_closes_it_and_empties_the_field(
        qtbot, dialog: BackupsRekeyDialog, state: WorkbookState) -> None:  # type: ignore[no-untyped-def]
    type_text(dialog.old, PASSPHRASE)
    state.close()
    assert not dialog.isVisible() and dialog.old.text() == ""


def test_damaged_backups_are_never_called_a_wrong_passphrase(
        qtbot, dialog: BackupsRekeyDialog, changed: list[Path],  # type: ignore[no-untyped-def]
        said: list[str]) -> None:
    """Both copies open with the old passphrase, but their tables are damaged: the coach is
    told so, not asked to type a passphrase that was right."""
    from tests.test_passwd_damaged import _misplace_a_table

    for path in changed:
        _misplace_a_table(path)
    type_text(dialog.old, PASSPHRASE + "\n")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert said == ["0 automatic backups re-encrypted. Damaged, and left as they were: "
                    "2 backups."]
    assert "not the old passphrase" not in dialog.error.text()
