"""The coachee dialog writes the real workbook and shows the workbook's sentence when it
refuses a value, staying open."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt

from tests.ui.keys import type_text
from tests.ui.shown import visible_texts
from ui.coachees.coachee_dialog import CoacheeDialog, OptionalDateEdit
from ui.kit.state import WorkbookState
from workbook import coachees

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def opened(qtbot, state: WorkbookState, coachee_id: int | None) -> CoacheeDialog:  # type: ignore[no-untyped-def]
    dialog = CoacheeDialog(state, coachee_id)
    qtbot.addWidget(dialog)
    dialog.open()
    return dialog


def test_add_writes_every_field(qtbot, state: WorkbookState) -> None:  # type: ignore[no-untyped-def]
    dialog = opened(qtbot, state, None)
    assert dialog.save_button.text() == "&Add coachee"
    type_text(dialog.name, "Nguyễn Thị Hoa")
    type_text(dialog.preferred, "Hoa")
    dialog.pronouns.setText("she/her")
    dialog.email.setText("hoa.nguyen@example.edu")
    dialog.level.setCurrentIndex(dialog.level.findData("MS4"))
    dialog.program.setText("MD program")
    type_text(dialog.cohort, "Class of 2026")
    dialog.start_date.check.setChecked(True)
    dialog.start_date.edit.setDate(QDate(2022, 9, 2))
    dialog.tags.setText("Pediatrics applicant, Vietnamese speaker, pediatrics applicant")
    dialog.tabs.setCurrentIndex(1)
    type_text(dialog.cadence, "Every 8 weeks, 45 minutes")
    dialog.contact.setText("Email")
    type_text(dialog.confidentiality, "Stays between us; limits: risk of harm.")
    dialog.agreement_date.check.setChecked(True)
    dialog.agreement_date.edit.setDate(QDate(2022, 9, 7))
    with qtbot.waitSignal(dialog.saved) as got:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    c = coachees.get(state.vault.db, got.args[0])
    assert (c.name, c.preferred_name, c.pronouns, c.email) == \
        ("Nguyễn Thị Hoa", "Hoa", "she/her", "hoa.nguyen@example.edu")
    assert (c.level, c.program, c.cohort, c.start_date) == \
        ("MS4", "MD program", "Class of 2026", "2022-09-02")
    assert c.tags == ("Pediatrics applicant", "Vietnamese speaker")
    assert c.agreement_cadence == "Every 8 weeks, 45 minutes"
    assert c.agreement_confidentiality == "Stays between us; limits: risk of harm."
    assert c.agreement_date == "2022-09-07" and c.status == "active"
    assert not dialog.isVisible() and dialog.result() == CoacheeDialog.DialogCode.Accepted


def test_bad_email_shows_the_sentence_and_stays_open(qtbot, state: WorkbookState) -> None:  # type: ignore[no-untyped-def]
    dialog = opened(qtbot, state, None)
    type_text(dialog.name, "Zoë Kowalczyk")
    dialog.email.setText("zoe at example")
    dialog.tabs.setCurrentIndex(1)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error.text() == "Email «zoe at example» is not an email address."
    assert not dialog.error.isHidden()
    assert dialog.tabs.currentIndex() == 0  # back to the page with the field
    assert dialog.save_button.isEnabled()
    assert coachees.list_coachees(state.vault.db) == []
    dialog.email.setText("zoe@example.edu")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert [c.email for c in coachees.list_coachees(state.vault.db)] == ["zoe@example.edu"]


def test_missing_name_and_agreement_errors_point_at_their_page(qtbot, state: WorkbookState) -> None:  # type: ignore[no-untyped-def]
    dialog = opened(qtbot, state, None)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "A coachee needs a name."
    type_text(dialog.name, "王小明")
    dialog.cadence.setText("x" * 1_001)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text().startswith("Agreement cadence is too long")
    assert dialog.tabs.currentIndex() == 1 and dialog.isVisible()
    assert coachees.list_coachees(state.vault.db) == []


def test_edit_loads_and_updates_in_one_call(qtbot, demo_state: WorkbookState) -> None:  # type: ignore[no-untyped-def]
    db = demo_state.vault.db
    zoe = next(c for c in coachees.list_coachees(db) if c.name == "Zoë Kowalczyk")
    dialog = opened(qtbot, demo_state, zoe.id)
    assert dialog.name.text() == "Zoë Kowalczyk" and dialog.preferred.text() == "Zoë"
    assert dialog.level.currentData() == "MS2"
    assert dialog.start_date.iso() == zoe.start_date
    assert dialog.confidentiality.toPlainText() == zoe.agreement_confidentiality
    assert dialog.windowTitle() == "Edit coachee — Zoë"
    dialog.program.setText("MD/PhD program")
    dialog.status.setCurrentIndex(dialog.status.findData("paused"))
    dialog.agreement_date.check.setChecked(False)
    changes = []
    demo_state.changed.connect(changes.append)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    after = coachees.get(db, zoe.id)
    assert (after.program, after.status, after.agreement_date) == \
        ("MD/PhD program", "paused", None)
    assert after.name == zoe.name and after.tags == zoe.tags
    assert len(changes) == 1 and changes[0].kind == "coachee"


def test_optional_date(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = OptionalDateEdit("start date")
    qtbot.addWidget(field)
    assert field.iso() is None and not field.edit.isEnabled()
    assert field.edit.line.text() == ""  # no date shown
    field.set_iso("2025-01-19")
    assert field.iso() == "2025-01-19" and field.check.isChecked()
    field.check.setChecked(False)
    assert field.iso() is None
    field.check.setChecked(True)
    assert field.iso() == QDate.currentDate().toString("yyyy-MM-dd")


def test_lock_empties_and_closes_the_dialog(qtbot, demo_state: WorkbookState) -> None:  # type: ignore[no-untyped-def]
    zoe = next(c for c in coachees.list_coachees(demo_state.vault.db)
               if c.name == "Zoë Kowalczyk")
    dialog = opened(qtbot, demo_state, zoe.id)
    assert dialog.isVisible()
    demo_state.close()
    assert not dialog.isVisible()
    shown = visible_texts(dialog)
    assert [s for s in ("Zo", "Kowalczyk", "example.edu") if s in shown] == []
