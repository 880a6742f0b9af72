"""Choosing a passphrase: the new-workbook dialog, the strength meter, changing a passphrase."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox

from tests.conftest import PASSPHRASE
from tests.holders import python_holders
from tests.ui.keys import type_text
from tests.ui.shown import visible_texts
from ui.kit import recent
from ui.kit.state import WorkbookState
from ui.start.change_passphrase_dialog import ChangePassphraseDialog
from ui.start.new_workbook_dialog import NewWorkbookDialog, default_location
from ui.start.passphrase_meter import NO_RECOVERY, PassphraseMeter
from ui.start.workbook_location import with_suffix
from workbook import vault
from workbook.errors import WrongPassphrase
from workbook.vault import policy_problem

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

GOOD = "Zoë walks the lantern orchard at dawn"  # accented on purpose: NFC on every OS
OTHER = "seventeen violet kettles hum quietly"


def tick(qtbot, box: QCheckBox) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))


def _dialog(qtbot, state: WorkbookState, folder: Path) -> NewWorkbookDialog:  # type: ignore[no-untyped-def]
    dialog = NewWorkbookDialog(state, folder=folder)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    return dialog


def _fill(qtbot, dialog: NewWorkbookDialog, first: str, second: str | None = None,  # type: ignore[no-untyped-def]
          understood: bool = True) -> None:
    type_text(dialog.fields.first, first)
    type_text(dialog.fields.second, first if second is None else second)
    if understood:
        tick(qtbot, dialog.fields.understood)
    # The strength estimate (and so the policy's verdict) follows a pause in typing.
    qtbot.waitUntil(lambda: not dialog.fields.meter.pending)


# -- creating ------------------------------------------------------------------------
def test_new_workbook_end_to_end_creates_a_real_encrypted_file(  # type: ignore[no-untyped-def]
        qtbot, closed_state: WorkbookState, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, closed_state, tmp_path)
    expected = tmp_path / "Coaching workbook.cwb"
    assert dialog.target_path() == expected
    assert dialog.focusWidget() is dialog.fields.first
    assert NO_RECOVERY in dialog.fields.warning.label.text()
    _fill(qtbot, dialog, GOOD)
    assert dialog.create_button.isEnabled(), dialog.problem()
    with qtbot.waitSignal(dialog.created) as created:
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    opened = created.args[0]
    assert isinstance(opened, vault.Vault) and opened.is_open and opened.path == expected
    assert not dialog.isVisible() and dialog.fields.first.text() == ""
    assert recent.recent()[0].path == expected
    opened.close()
    assert not expected.read_bytes().startswith(b"SQLite format 3")
    if os.name == "posix":
        assert expected.stat().st_mode & 0o777 == 0o600
    with pytest.raises(WrongPassphrase):
        vault.open_vault(expected, OTHER)
    vault.open_vault(expected, GOOD).close()


def test_the_suffix_is_added_and_a_bare_name_goes_in_the_folder(tmp_path: Path) -> None:
    assert with_suffix("spring cohort", tmp_path) == tmp_path / "spring cohort.cwb"
    assert with_suffix(str(tmp_path / "a.CWB"), tmp_path) == tmp_path / "a.CWB"
    assert with_suffix(str(tmp_path / "notes.v2"), tmp_path) == tmp_path / "notes.v2.cwb"
    assert with_suffix("  ", tmp_path) is None
    (tmp_path / "Coaching workbook.cwb").write_bytes(b"x")
    assert default_location(tmp_path) == tmp_path / "Coaching workbook 2.cwb"


def test_enter_creates_once_everything_is_filled(qtbot, closed_state: WorkbookState,  # type: ignore[no-untyped-def]
                                                tmp_path: Path) -> None:
    dialog = _dialog(qtbot, closed_state, tmp_path)
    dialog.location.setText("王小明 notes")
    assert "Will be saved as" in dialog.location_note.text()
    _fill(qtbot, dialog, GOOD)
    with qtbot.waitSignal(dialog.created) as created:
        qtbot.keyClick(dialog.fields.second, Qt.Key.Key_Return)
    created.args[0].close()
    assert (tmp_path / "王小明 notes.cwb").exists()


@pytest.mark.parametrize("weak", ["short one", "Password1234!", "abababababababab",
                                  "abcabcabcabc", "123456789012", "qwertyuiopas"])
def test_weak_passphrases_are_refused_with_the_policy_sentence(  # type: ignore[no-untyped-def]
        qtbot, closed_state: WorkbookState, tmp_path: Path, weak: str) -> None:
    dialog = _dialog(qtbot, closed_state, tmp_path)
    _fill(qtbot, dialog, weak)
    sentence = policy_problem(weak)
    assert sentence is not None
    assert dialog.fields.policy.text() == sentence and dialog.fields.policy.kind == "error"
    assert not dialog.create_button.isEnabled()
    assert dialog.create_button.toolTip() == sentence
    with qtbot.assertNotEmitted(dialog.created):
        qtbot.keyClick(dialog.fields.second, Qt.Key.Key_Return)
    assert dialog.error.text() == sentence and dialog.isVisible()
    assert list(tmp_path.glob("*.cwb")) == []


def test_the_length_rule_names_the_count(qtbot, closed_state: WorkbookState,  # type: ignore[no-untyped-def]
                                         tmp_path: Path) -> None:
    dialog = _dialog(qtbot, closed_state, tmp_path)
    type_text(dialog.fields.first, "Zoë 2026")
    assert dialog.fields.policy.text() == "Use at least 12 characters (this one has 8)."


def test_different_passphrases_are_shown_and_refused(qtbot, closed_state: WorkbookState,  # type: ignore[no-untyped-def]
                                                    tmp_path: Path) -> None:
    dialog = _dialog(qtbot, closed_state, tmp_path)
    _fill(qtbot, dialog, GOOD, GOOD[:10])
    assert dialog.fields.match.text() == ""  # still typing the repeat: no nagging yet
    type_text(dialog.fields.second, "X")
    assert dialog.fields.match.text() == "The two passphrases are different."
    assert dialog.fields.match.kind == "error"
    assert not dialog.create_button.isEnabled()
    dialog.create()
    assert dialog.error.text() == "The two passphrases are different."
    assert list(tmp_path.glob("*.cwb")) == []
    dialog.fields.second.setText(GOOD)
    assert dialog.fields.match.text() == "✓ The passphrases match."
    assert dialog.create_button.isEnabled() and dialog.error.text() == ""


def test_i_understand_is_required(qtbot, closed_state: WorkbookState, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, closed_state, tmp_path)
    _fill(qtbot, dialog, GOOD, understood=False)
    assert "I understand" in dialog.fields.understood.text().replace("&", "")
    assert not dialog.create_button.isEnabled()
    assert "I understand" in dialog.create_button.toolTip()
    tick(qtbot, dialog.fields.understood)
    assert dialog.create_button.isEnabled()


def test_an_existing_file_is_refused_before_and_during_create(  # type: ignore[no-untyped-def]
        qtbot, closed_state: WorkbookState, tmp_path: Path) -> None:
    taken = tmp_path / "taken.cwb"
    taken.write_bytes(b"precious")
    dialog = _dialog(qtbot, closed_state, tmp_path)
    dialog.location.setText(str(taken))
    assert "«taken.cwb» already exists" in dialog.location_note.text()
    _fill(qtbot, dialog, GOOD)
    assert not dialog.create_button.isEnabled()
    # A file that appears after the check is caught again when Create is pressed.
    dialog.location.setText(str(tmp_path / "late.cwb"))
    assert dialog.create_button.isEnabled()
    (tmp_path / "late.cwb").write_bytes(b"also precious")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert "«late.cwb» already exists in that folder" in dialog.error.text()
    assert taken.read_bytes() == b"precious"
    assert (tmp_path / "late.cwb").read_bytes() == b"also precious"


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_a_refusal_from_the_vault_is_shown_inline(qtbot, closed_state: WorkbookState,  # type: ignore[no-untyped-def]
                                                  tmp_path: Path) -> None:
    # A dangling link passes the dialog's own checks; the vault's exclusive create refuses.
    (tmp_path / "link.cwb").symlink_to(tmp_path / "elsewhere.cwb")
    dialog = _dialog(qtbot, closed_state, tmp_path)
    dialog.location.setText(str(tmp_path / "link.cwb"))
    _fill(qtbot, dialog, GOOD)
    with qtbot.assertNotEmitted(dialog.created):
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert "Could not write «" in dialog.error.text() and dialog.isVisible()
    assert dialog.focusWidget() is dialog.location and not dialog.busy
    assert not (tmp_path / "elsewhere.cwb").exists()


def test_a_missing_folder_is_named(qtbot, closed_state: WorkbookState, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, closed_state, tmp_path)
    dialog.location.setText(str(tmp_path / "nowhere" / "book"))
    assert dialog.location_note.text() == \
        f"The folder «{tmp_path / 'nowhere'}» does not exist; choose another."
    _fill(qtbot, dialog, GOOD)
    assert not dialog.create_button.isEnabled()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="needs a POSIX user that folder permissions apply to")
def test_a_read_only_folder_is_said_inline(qtbot, closed_state: WorkbookState,  # type: ignore[no-untyped-def]
                                           tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        dialog = _dialog(qtbot, closed_state, tmp_path)
        dialog.location.setText(str(folder / "book.cwb"))
        _fill(qtbot, dialog, GOOD)
        assert dialog.location_note.text() == \
            f"You cannot save files in «{folder}»; choose another folder."
        assert not dialog.create_button.isEnabled()
        dialog.create()
        assert "You cannot save files in" in dialog.error.text() and dialog.isVisible()
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_escape_cancels_and_empties_the_fields(qtbot, closed_state: WorkbookState,  # type: ignore[no-untyped-def]
                                              tmp_path: Path) -> None:
    dialog = _dialog(qtbot, closed_state, tmp_path)
    type_text(dialog.fields.first, GOOD)
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog.fields.first, Qt.Key.Key_Escape)
    assert dialog.fields.first.text() == "" and list(tmp_path.glob("*.cwb")) == []


def test_show_passphrases_reveals_both_fields(qtbot, closed_state: WorkbookState,  # type: ignore[no-untyped-def]
                                             tmp_path: Path) -> None:
    dialog = _dialog(qtbot, closed_state, tmp_path)
    tick(qtbot, dialog.fields.show_box)
    assert dialog.fields.first.echoMode() == dialog.fields.second.echoMode() == \
        dialog.fields.first.EchoMode.Normal


# -- the meter -----------------------------------------------------------------------
def test_the_meter_waits_for_a_pause_in_typing(qtbot) -> None:  # type: ignore[no-untyped-def]
    meter = PassphraseMeter()
    qtbot.addWidget(meter)
    meter.set_text("correct")
    meter.set_text("correct horse")
    assert meter.pending and meter.strength is None
    with qtbot.waitSignal(meter.updated, timeout=2000) as updated:
        pass
    assert updated.args[0] is meter.strength and meter.strength is not None
    assert meter.label.text().startswith(f"Strength: {meter.strength.label}")
    assert meter.bar.value() == meter.strength.score + 1


def test_the_meter_rates_weak_and_strong_and_survives_long_input(qtbot) -> None:  # type: ignore[no-untyped-def]
    meter = PassphraseMeter()
    qtbot.addWidget(meter)
    meter.set_text("password1234")
    meter.flush()
    assert meter.strength is not None and meter.strength.score <= 1
    meter.set_text("lantern orchard seventeen violet kettles")
    meter.flush()
    assert meter.strength is not None and meter.strength.score >= 3
    meter.set_text("Nguyễn Thị Hoa " * 12)  # beyond zxcvbn's 72-character limit
    meter.flush()
    assert meter.strength is not None
    meter.set_text("")
    meter.flush()
    assert meter.strength is None and meter.bar.value() == 0


# -- changing the passphrase ---------------------------------------------------------
def _change_dialog(qtbot, state: WorkbookState) -> ChangePassphraseDialog:  # type: ignore[no-untyped-def]
    dialog = ChangePassphraseDialog(state)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    return dialog


def _fill_change(qtbot, dialog: ChangePassphraseDialog, current: str, new: str) -> None:  # type: ignore[no-untyped-def]
    type_text(dialog.current, current)
    type_text(dialog.fields.first, new)
    type_text(dialog.fields.second, new)
    tick(qtbot, dialog.fields.understood)
    qtbot.waitUntil(lambda: not dialog.fields.meter.pending)


def test_change_passphrase_re_encrypts_the_file(qtbot, state: WorkbookState) -> None:  # type: ignore[no-untyped-def]
    path = state.path
    assert path is not None
    dialog = _change_dialog(qtbot, state)
    assert dialog.focusWidget() is dialog.current
    _fill_change(qtbot, dialog, PASSPHRASE, GOOD)
    with qtbot.waitSignal(dialog.passphrase_changed):
        qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and dialog.current.text() == ""
    assert state.is_open  # re-keyed in place: the screens keep working
    state.close()
    with pytest.raises(WrongPassphrase):
        vault.open_vault(path, PASSPHRASE)
    vault.open_vault(path, GOOD).close()


def test_a_wrong_current_passphrase_is_said_and_selected(qtbot, state: WorkbookState) -> None:  # type: ignore[no-untyped-def]
    dialog = _change_dialog(qtbot, state)
    _fill_change(qtbot, dialog, "not the current one", GOOD)
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "The current passphrase is not correct; nothing was changed."
    assert dialog.current.selectedText() == "not the current one" and dialog.isVisible()


def test_the_same_or_a_weak_new_passphrase_is_refused(qtbot, state: WorkbookState) -> None:  # type: ignore[no-untyped-def]
    dialog = _change_dialog(qtbot, state)
    _fill_change(qtbot, dialog, PASSPHRASE, PASSPHRASE)
    assert dialog.problem() == "The new passphrase is the same as the current one."
    assert not dialog.change_button.isEnabled()
    dialog.fields.first.setText("letmein12345")
    dialog.fields.second.setText("letmein12345")
    assert dialog.fields.policy.text() == policy_problem("letmein12345")
    dialog.change()
    assert dialog.error.text() == policy_problem("letmein12345")


def test_locking_closes_the_dialog_and_empties_it(qtbot, state: WorkbookState) -> None:  # type: ignore[no-untyped-def]
    dialog = _change_dialog(qtbot, state)
    type_text(dialog.current, PASSPHRASE)
    type_text(dialog.fields.first, GOOD)
    state.close()
    assert not dialog.isVisible()
    assert dialog.current.text() == "" and dialog.fields.first.text() == ""
    shown = visible_texts(dialog)
    assert PASSPHRASE not in shown and GOOD not in shown


# -- no copy of the passphrase left behind ------------------------------------------
def test_the_meter_keeps_no_copy_once_it_has_scored(qtbot, closed_state: WorkbookState,  # type: ignore[no-untyped-def]
                                                    tmp_path: Path) -> None:
    # Built at run time, so no code object holds it as a constant.
    secret = " ".join(["Ember", "harbour", "violet", secrets.token_hex(4)])
    dialog = _dialog(qtbot, closed_state, tmp_path)
    _fill(qtbot, dialog, secret)
    assert dialog.fields.meter.strength is not None and dialog.create_button.isEnabled()
    assert python_holders(secret) == []
    dialog.reject()
    assert python_holders(secret) == []


def test_nothing_keeps_the_passphrase_after_creating_or_changing(  # type: ignore[no-untyped-def]
        qtbot, closed_state: WorkbookState, state: WorkbookState, tmp_path: Path) -> None:
    chosen = " ".join(["Quiet", "lantern", "orchard", secrets.token_hex(4)])
    dialog = _dialog(qtbot, closed_state, tmp_path)
    _fill(qtbot, dialog, chosen)
    with qtbot.waitSignal(dialog.created) as created:
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    created.args[0].close()
    del created
    assert python_holders(chosen) == []
    changed = _change_dialog(qtbot, state)
    _fill_change(qtbot, changed, PASSPHRASE, chosen)
    with qtbot.waitSignal(changed.passphrase_changed):
        qtbot.mouseClick(changed.change_button, Qt.MouseButton.LeftButton)
    assert python_holders(chosen) == []
