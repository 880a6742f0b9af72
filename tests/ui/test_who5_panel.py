"""The WHO-5 in a Well-being session, as a coach uses it in the meeting: nothing is kept
until "Record scores" is ticked, each answer is saved as it is chosen (keyboard alone too),
the score shows once all five are answered with the WHO's words for a low one, unticking
asks before the answers are deleted, and nothing of it is printed or left on screen after
the workbook locks."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.conftest import PASSPHRASE
from tests.ui.shown import visible_texts
from tests.ui.test_main_window import unlock
from tests.ui.test_private_sections import focus, press
from ui.sessions.who5_panel import DELETE_QUESTION, NOT_ANSWERED, Who5Panel
from ui.window.main_window import MainWindow
from ui.window.panes import SESSIONS
from workbook import coachees, wellbeing

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints",
                                       "This plugin does not support raise")


def _open_well_being(window: MainWindow, qtbot, path: Path) -> Who5Panel:  # type: ignore[no-untyped-def]
    unlock(window, qtbot, path, PASSPHRASE)
    window.state.call(coachees.add, "Nguyễn Thị Hoa")
    cid = coachees.list_coachees(window.state.vault.db)[0].id  # type: ignore[union-attr]
    window.coachee_list.select_coachee(cid)
    window.show_tab(SESSIONS)
    window.sessions.editor.new_session(cid, "well-being")
    panel = window.sessions.editor.sections.who5_panel
    assert panel is not None
    return panel


def _stored(window: MainWindow, panel: Who5Panel) -> wellbeing.Who5 | None:
    return wellbeing.get(window.state.vault.db, panel.session_id)  # type: ignore[union-attr]


def test_nothing_is_kept_until_recording_starts_then_each_answer_is(
        window: MainWindow, qtbot, workbook_path: Path) -> None:  # type: ignore[no-untyped-def]
    panel = _open_well_being(window, qtbot, workbook_path)
    assert not panel.record.isChecked()
    assert all(not combo.isEnabled() for combo in panel.combos.values())
    assert "unless you tick Record scores" in panel.score.text()
    assert _stored(window, panel) is None

    panel.record.click()
    assert _stored(window, panel) == wellbeing.Who5(panel.session_id,
                                                    dict.fromkeys(wellbeing.ITEM_KEYS))
    for key, answer in zip(wellbeing.ITEM_KEYS, (3, 2, 3, 2, 2), strict=True):
        combo = panel.combos[key]
        combo.setCurrentIndex(combo.findData(answer))
    stored = _stored(window, panel)
    assert stored is not None and stored.percent == 48
    assert "Score: 48 of 100" in panel.score.text()
    assert "never a diagnosis" in panel.score.text()  # 48 ≤ 50: the WHO's reading


def test_the_keyboard_alone_records_the_answers(window: MainWindow, qtbot,  # type: ignore[no-untyped-def]
                                                 workbook_path: Path) -> None:
    panel = _open_well_being(window, qtbot, workbook_path)
    editors = {e.key: e for e in window.sessions.editor.section_editors()}
    focus(qtbot, editors[wellbeing.SECTION_KEY].text_edit)
    assert press(qtbot, Qt.Key.Key_Tab) is panel.record  # from its notes to the box
    press(qtbot, Qt.Key.Key_Space)
    assert panel.record.isChecked() and _stored(window, panel) is not None
    for key in wellbeing.ITEM_KEYS:  # Tab to each statement; Down chooses the first answer
        assert press(qtbot, Qt.Key.Key_Tab) is panel.combos[key]
        press(qtbot, Qt.Key.Key_Down)
    stored = _stored(window, panel)
    assert stored is not None and stored.percent == 100  # "All of the time" five times
    assert "Score: 100 of 100" in panel.score.text() and "diagnosis" not in panel.score.text()
    following = window.sessions.editor.sections.stops()
    after = following.index(panel.combos[wellbeing.ITEM_KEYS[-1]]) + 1
    assert press(qtbot, Qt.Key.Key_Tab) is following[after]  # on to the next section


def _answer_all(panel: Who5Panel, value: int) -> None:
    for combo in panel.combos.values():
        combo.setCurrentIndex(combo.findData(value))


def test_unticking_asks_before_the_answers_are_deleted(window: MainWindow, qtbot,  # type: ignore[no-untyped-def]
                                                       workbook_path: Path) -> None:
    panel = _open_well_being(window, qtbot, workbook_path)
    panel.record.click()
    _answer_all(panel, 4)
    panel.record.click()  # untick
    box = panel.question
    assert box is not None and box.text() == DELETE_QUESTION
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter keeps them
    assert panel.record.isChecked()
    kept = _stored(window, panel)
    assert kept is not None and kept.percent == 80
    panel.record.click()
    delete = next(b for b in panel.question.buttons()  # type: ignore[union-attr]
                  if b.text() == "Delete the answers")
    delete.click()
    qtbot.waitUntil(lambda: _stored(window, panel) is None)
    assert not panel.record.isChecked()
    assert all(c.currentText() == NOT_ANSWERED and not c.isEnabled()
               for c in panel.combos.values())


def test_the_scores_are_not_printed_and_not_left_on_screen_after_locking(
        window: MainWindow, qtbot, workbook_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    panel = _open_well_being(window, qtbot, workbook_path)
    panel.record.click()
    _answer_all(panel, 1)
    assert "Score: 20 of 100" in panel.score.text()
    from workbook.documents.summary import session_summary_pdf

    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(session_summary_pdf(window.state.vault.db, panel.session_id))  # type: ignore[union-attr]
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    assert "WHO-5" not in text and "Some of the time" not in text and "20 of 100" not in text
    window.lock()
    qtbot.waitUntil(lambda: not window.state.is_open)
    assert window.sessions.editor.sections.who5_panel is None
    shown = visible_texts(window)
    assert "of 100" not in shown and "Nguyễn" not in shown
