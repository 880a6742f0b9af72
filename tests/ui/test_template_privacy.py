"""A template's private section stays private unless the coach confirms: Tab and Space from its
heading never reach "Shared with the coachee", and sharing asks in words that name the section
and the template, since every later session from it would print that section."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from tests.ui.test_private_sections import keyboard, press
from tests.ui.test_templates_editor import _select, _stored
from ui.kit.state import WorkbookState
from ui.sessions.section_sharing import KEEP_BUTTON, SHARE_BUTTON
from ui.settings.templates_editor import TemplatesEditor
from workbook import coachees, notes, privacy, sessions, templates

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

HEADING = "Coach's private notes"


@pytest.fixture
def editor(state: WorkbookState, qtbot) -> TemplatesEditor:  # type: ignore[no-untyped-def]
    widget = TemplatesEditor(state)
    qtbot.addWidget(widget)
    widget.resize(1100, 640)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    return widget


def _grow_private_section(editor: TemplatesEditor) -> templates.Template:
    """GROW with its private section selected."""
    template = _select(editor, "GROW")
    section = next(s for s in template.sections if s.heading == HEADING)
    assert not section.shared
    model = editor.sections_model
    editor.sections_view.setCurrentIndex(model.index(model.row_of(section.id)))
    assert editor.current_section() is not None and editor.current_section().id == section.id
    return template


def _shared(state: WorkbookState, template_id: int) -> bool:
    """The section as stored in the workbook (`templates.get_template`)."""
    return next(s.shared for s in _stored(state, template_id).sections if s.heading == HEADING)


def _printed_in_a_new_session(state: WorkbookState) -> bool:
    """Whether a session started from GROW now prints the section, written in."""
    assert state.vault is not None
    db = state.vault.db
    cid = coachees.add(db, "Zoë Lindqvist").id
    sid = sessions.start(db, cid, "grow").id
    section = next(s for s in notes.list_sections(db, sid) if s.heading == HEADING)
    notes.save_note(db, section.id, "Worried about the exam")
    return HEADING in privacy.document_contents(db, sid).included


def test_tab_and_space_from_the_heading_leave_the_section_private(  # type: ignore[no-untyped-def]
        editor: TemplatesEditor, state: WorkbookState, qtbot) -> None:
    template = _grow_private_section(editor)
    panel = editor.panel
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    editor.heading_edit.setFocus()
    qtbot.waitUntil(editor.heading_edit.hasFocus)

    # the stray keys that once shared it: Tab from the heading, Space
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Space)
    editor.flush_pending()
    assert not _shared(state, template.id), "Tab and Space shared the template's section"
    assert panel.last_question is None and not panel.shared_check.isChecked()

    # Tab went to the guidance (the space is just typed there); Shift+Tab comes back
    assert QApplication.focusWidget() is editor.guidance_edit
    assert press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier) is \
        editor.heading_edit
    # all the way round the editor: the box is never a stop; the button is the panel's last
    seen: list[QWidget] = []
    while (widget := press(qtbot, Qt.Key.Key_Tab)) is not editor.heading_edit:
        seen.append(widget)
        assert len(seen) < 40, "Tab comes back round to the heading"
    assert panel.shared_check not in seen
    in_panel = [w for w in seen if panel.isAncestorOf(w)]
    assert in_panel[0] is editor.guidance_edit
    assert in_panel[-1] is panel.share_button, "sharing is not a field of the form"
    assert not _shared(state, template.id) and not _printed_in_a_new_session(state)


def test_sharing_a_template_section_asks_naming_it_and_the_template(  # type: ignore[no-untyped-def]
        editor: TemplatesEditor, state: WorkbookState, qtbot) -> None:
    template = _grow_private_section(editor)
    panel = editor.panel

    # a click on the box only asks; Esc, Enter and typed letters keep it private
    for dismiss in ((Qt.Key.Key_Escape,), (Qt.Key.Key_Right, Qt.Key.Key_Return)):
        qtbot.mouseClick(panel.shared_check, Qt.MouseButton.LeftButton)
        assert not panel.shared_check.isChecked(), "stays unticked until the coach confirms"
        box = panel.last_question
        assert box is not None
        qtbot.waitUntil(box.isVisible)
        assert box.text() == f"Share «{HEADING}» in every new session from «GROW»?"
        assert (f"Sessions from «GROW» will print «{HEADING}» for the learner"
                in box.informativeText())
        assert sorted(b.text() for b in box.buttons()) == sorted([KEEP_BUTTON, SHARE_BUTTON])
        assert box.defaultButton().text() == KEEP_BUTTON
        assert box.escapeButton() is box.defaultButton()
        box.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is box)  # noqa: B023
        keyboard(qtbot, "sSkw")
        qtbot.wait(300)  # a button pressed by its letter clicks after a short animation
        assert box.isVisible() and not _shared(state, template.id)
        for key in dismiss:
            press(qtbot, key)
        qtbot.waitUntil(lambda: panel.last_question is None)
        assert not _shared(state, template.id) and not panel.shared_check.isChecked()

    # the keyboard's deliberate way: the button (last on the panel's Tab way), Ctrl+Enter
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    panel.share_button.setFocus()
    qtbot.waitUntil(panel.share_button.hasFocus)
    press(qtbot, Qt.Key.Key_Space)
    box = panel.last_question
    assert box is not None and HEADING in box.text() and "«GROW»" in box.text()
    qtbot.waitUntil(box.isVisible)
    box.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _shared(state, template.id))
    assert panel.shared_check.isChecked() and not panel.private_banner.isVisible()
    assert editor.sections_model.record(editor.sections_view.currentIndex().row()).shared

    # making it private again needs no question: the same button, now "Make it private"
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    panel.share_button.setFocus()
    qtbot.waitUntil(panel.share_button.hasFocus)
    assert "private" in panel.share_button.text()
    press(qtbot, Qt.Key.Key_Space)
    assert panel.last_question is None
    qtbot.waitUntil(lambda: not _shared(state, template.id))
    assert panel.private_banner.isVisible()
    # …and a click on the box shares only through the question
    qtbot.mouseClick(panel.shared_check, Qt.MouseButton.LeftButton)
    box = panel.last_question
    assert box is not None
    next(b for b in box.buttons() if b.text() == SHARE_BUTTON).click()
    qtbot.waitUntil(lambda: _shared(state, template.id))
    assert _printed_in_a_new_session(state)
