"""A section's previous versions: listed newest first, previewed, restored (and the restore
undone), private sections marked, errors shown, nothing left after a lock."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from tests.ui.shown import visible_texts as _texts
from ui.window.versions_dialog import Difference, VersionsDialog, describe, difference
from workbook import coachees, notes, sessions

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
NOW = timedelta(0)  # keep every save as a version




@pytest.fixture
def section_id(state) -> int:  # type: ignore[no-untyped-def]
    db = state.vault.db
    hoa = coachees.add(db, "Nguyễn Thị Hoa").id
    session = sessions.start(db, hoa, scheduled_at="2026-03-03T14:30").id
    section = notes.list_sections(db, session)[0].id
    for body in ("Rank list: three programs near family.",
                 "Rank list: five programs, two near family.",
                 "Rank list: five programs, two near family. Talk to partner first."):
        notes.save_note(db, section, body, window=NOW)
    return section


def _dialog(qtbot, state, section: int) -> VersionsDialog:  # type: ignore[no-untyped-def]
    dialog = VersionsDialog(state, section)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _bodies(dialog: VersionsDialog) -> list[str]:
    return [dialog.model.item(r).body for r in range(dialog.model.rowCount())]


def test_word_differences() -> None:
    assert difference("a b c", "a b c") == Difference(0, 0)
    assert difference("a b c", "a x c d") == Difference(1, 2)
    assert difference("", "one two") == Difference(0, 2)
    assert difference("w " * 15_000, "w " * 15_000) is None  # too long to be worth it
    assert describe(Difference(1, 2)) == (
        "Compared with the current text: 2 words added since; 1 word of it removed since.")
    assert describe(None) == "Too long to compare with the current text."


def test_lists_versions_newest_first_with_a_preview(  # type: ignore[no-untyped-def]
        qtbot, qtmodeltester, state, section_id) -> None:
    dialog = _dialog(qtbot, state, section_id)
    assert _bodies(dialog) == ["Rank list: five programs, two near family.",
                               "Rank list: three programs near family."]
    assert dialog.heading.text() == ("«" + notes.get_section(state.vault.db, section_id).heading
                                     + "» — Nguyễn Thị Hoa, session of Tue 3 Mar 2026")
    assert dialog.list.currentIndex().row() == 0
    assert dialog.preview.toPlainText() == "Rank list: five programs, two near family."
    assert dialog.preview.isReadOnly()
    assert dialog.compare.text() == "Compared with the current text: 4 words added since."
    assert dialog.restore_button.isEnabled()
    when, detail = dialog.model.index(0, 0).data().split("\n")
    assert re.fullmatch(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d",
                        when)
    assert detail == "today · 7 words"  # saved just now
    dialog.list.setCurrentIndex(dialog.model.index(1, 0))
    assert dialog.preview.toPlainText() == "Rank list: three programs near family."
    qtmodeltester.check(dialog.model)


def test_restore_round_trip_can_be_undone(qtbot, state, section_id) -> None:  # type: ignore[no-untyped-def]
    db = state.vault.db
    current = notes.get_section(db, section_id).body
    dialog = _dialog(qtbot, state, section_id)
    restored: list[int] = []
    dialog.restored.connect(restored.append)

    dialog.list.setCurrentIndex(dialog.model.index(1, 0))
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert notes.get_section(db, section_id).body == "Rank list: three programs near family."
    assert restored == [section_id]
    assert current in _bodies(dialog)  # the replaced text is now a version…
    assert dialog.message.text().startswith("Restored the version from ")
    assert dialog.preview.toPlainText() == "Rank list: three programs near family."

    row = _bodies(dialog).index(current)  # … so the restore can be undone
    dialog.list.setCurrentIndex(dialog.model.index(row, 0))
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert notes.get_section(db, section_id).body == current
    assert restored == [section_id, section_id]


def test_follows_new_versions_saved_while_open(qtbot, state, section_id) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, state, section_id)
    dialog.list.setCurrentIndex(dialog.model.index(1, 0))
    state.call(notes.save_note, section_id, "Rank list done.", window=NOW)
    assert dialog.model.rowCount() == 3
    # the coach stays on the version they were reading
    assert dialog.preview.toPlainText() == "Rank list: three programs near family."


def test_a_private_section_looks_different(qtbot, state, section_id) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, state, section_id)
    base = dialog.palette().color(QPalette.ColorRole.Base)
    assert dialog.private.isHidden()
    assert dialog.preview.palette().color(QPalette.ColorRole.Base) == base
    state.call(notes.set_shared, section_id, False)
    assert not dialog.private.isHidden()
    assert dialog.preview.palette().color(QPalette.ColorRole.Base) != base


def test_no_versions_yet_and_a_missing_section(qtbot, state) -> None:  # type: ignore[no-untyped-def]
    db = state.vault.db
    zoe = coachees.add(db, "Zoë Kowalczyk").id
    section = notes.list_sections(db, sessions.start(db, zoe).id)[0].id
    dialog = _dialog(qtbot, state, section)
    assert dialog.model.rowCount() == 0 and not dialog.restore_button.isEnabled()
    assert dialog.preview.placeholderText().startswith("No previous versions yet.")
    dialog.set_section(987_654)
    assert dialog.message.text() == "There is no section with id 987654."
    assert dialog.heading.text() == "Previous versions" and dialog.model.rowCount() == 0


def test_nothing_remains_after_the_workbook_locks(qtbot, state, section_id) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, state, section_id)
    dialog.list.setCurrentIndex(dialog.model.index(1, 0))
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    state.close()
    assert not dialog.isVisible() and dialog.model.rowCount() == 0
    shown = _texts(dialog)
    assert "Nguyễn" not in shown and "Rank list" not in shown
    assert dialog.section_id is None and not dialog.restore_button.isEnabled()
