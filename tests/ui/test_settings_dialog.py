"""The settings dialog: OK writes the General tab in one call, Cancel discards it, a refused
value keeps the dialog open with the sentence; the Templates tab holds the templates editor."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from tests.ui.keys import type_text
from tests.ui.shown import visible_texts
from ui.kit.state import WorkbookState
from ui.settings.settings_dialog import SettingsDialog
from ui.settings.templates_editor import TemplatesEditor
from workbook import settings
from workbook.changes import Changes

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def dialog(state: WorkbookState, qtbot) -> SettingsDialog:  # type: ignore[no-untyped-def]
    widget = SettingsDialog(state)
    qtbot.addWidget(widget)
    widget.open()
    qtbot.waitExposed(widget)
    return widget


def _click(qtbot, dialog: SettingsDialog, which: QDialogButtonBox.StandardButton) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.buttons.button(which), Qt.MouseButton.LeftButton)


def test_shows_the_stored_settings(dialog: SettingsDialog) -> None:
    assert dialog.idle_lock.value() == 5
    # unset: the paper of the region (pinned to Letter by the tests' locale)
    assert dialog.page_size.currentText() == "Automatic (Letter here)"
    assert dialog.not_seen.value() == 8
    assert dialog.duration.value() == 30
    assert dialog.gas_rho.value() == pytest.approx(0.3)
    assert dialog.idle_lock.minimum() == 1 and dialog.idle_lock.maximum() == 240
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == [
        "&General", "&Templates"]
    assert isinstance(dialog.templates, TemplatesEditor)
    assert dialog.templates.templates_model.rowCount() > 0


def test_ok_writes_every_value_in_one_call(dialog: SettingsDialog, state: WorkbookState,
                                           qtbot) -> None:  # type: ignore[no-untyped-def]
    seen: list[Changes] = []
    state.changed.connect(seen.append)
    dialog.coach_name.setFocus()
    type_text(dialog.coach_name, "Dr Aïcha Benali")
    type_text(dialog.institution, "Université Laval — 医学部")
    dialog.idle_lock.setValue(12)
    dialog.page_size.setCurrentText("A4")
    dialog.not_seen.setValue(6)
    dialog.duration.setValue(45)
    dialog.gas_rho.setValue(0.25)
    with qtbot.waitSignal(dialog.saved) as saved:
        _click(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [c.kind for c in seen] == ["settings"]  # one call, one change
    assert state.vault is not None
    stored = settings.get_settings(state.vault.db)
    assert saved.args[0] == stored
    assert (stored.coach_name, stored.institution) == ("Dr Aïcha Benali",
                                                       "Université Laval — 医学部")
    assert (stored.idle_lock_minutes, stored.page_size, stored.not_seen_weeks,
            stored.default_duration_min) == (12, "A4", 6, 45)
    assert stored.gas_rho == pytest.approx(0.25)

    again = SettingsDialog(state)  # reopening shows what was stored
    qtbot.addWidget(again)
    assert again.coach_name.text() == "Dr Aïcha Benali" and again.page_size.currentText() == "A4"


def test_ok_keeps_an_unset_page_size_unset(dialog: SettingsDialog, state: WorkbookState,
                                           qtbot) -> None:  # type: ignore[no-untyped-def]
    type_text(dialog.coach_name, "Dr Aïcha Benali")
    with qtbot.waitSignal(dialog.saved):
        _click(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    assert state.vault is not None
    stored = settings.get_settings(state.vault.db)
    assert stored.coach_name == "Dr Aïcha Benali"
    assert stored.page_size == settings.PAGE_SIZE_BY_LOCALE  # still follows the region


def test_cancel_discards(dialog: SettingsDialog, state: WorkbookState, qtbot) -> None:  # type: ignore[no-untyped-def]
    type_text(dialog.coach_name, "Zoë Kowalczyk")
    dialog.idle_lock.setValue(99)
    _click(qtbot, dialog, QDialogButtonBox.StandardButton.Cancel)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert state.vault is not None
    assert settings.get_settings(state.vault.db) == settings.Settings()


def test_refused_value_shows_the_sentence_and_stays_open(dialog: SettingsDialog,
                                                         state: WorkbookState,
                                                         qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog.coach_name.setText("Nguyễn " + "x" * 250)
    dialog.idle_lock.setValue(20)
    _click(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    assert dialog.isVisible()
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == "Coach name is too long (257 characters; at most 200)."
    assert dialog.coach_name.hasFocus()
    assert state.vault is not None
    assert settings.get_settings(state.vault.db).idle_lock_minutes == 5  # nothing applied

    dialog.coach_name.setText("Nguyễn Thị Hoa")
    _click(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert settings.get_settings(state.vault.db).coach_name == "Nguyễn Thị Hoa"


def test_lock_closes_the_dialog_and_clears_it(state: WorkbookState, qtbot) -> None:  # type: ignore[no-untyped-def]
    settings_dialog = SettingsDialog(state)
    qtbot.addWidget(settings_dialog)
    assert state.vault is not None
    settings.update_settings(state.vault.db, coach_name="Dr 王小明")
    settings_dialog.load()
    settings_dialog.open()
    assert settings_dialog.coach_name.text() == "Dr 王小明"
    state.close()
    assert not settings_dialog.isVisible()
    assert settings_dialog.coach_name.text() == ""
    assert settings_dialog.templates.templates_model.rowCount() == 0
    assert "王小明" not in visible_texts(settings_dialog)
