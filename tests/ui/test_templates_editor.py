"""The templates editor writes every edit to the real workbook at once: adding a template with
a private section and prompts, reordering, renaming, refusing bad input, trashing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
)

from tests.ui.keys import type_text
from tests.ui.shown import visible_texts
from ui.kit.state import WorkbookState
from ui.settings.template_models import (
    IdRole,
    PromptListModel,
    SectionListModel,
    SharedRole,
    TemplateListModel,
)
from ui.settings.template_private import PRIVATE_LABEL
from ui.settings.templates_editor import TemplatesEditor
from workbook import templates, trash

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def replace_text(qtbot, edit: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    type_text(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


@pytest.fixture
def editor(state: WorkbookState, qtbot) -> TemplatesEditor:  # type: ignore[no-untyped-def]
    widget = TemplatesEditor(state)
    qtbot.addWidget(widget)
    widget.resize(1100, 640)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    return widget


def _select(editor: TemplatesEditor, name: str) -> templates.Template:
    model = editor.templates_model
    for row in range(model.rowCount()):
        if model.index(row).data() == name:
            editor.templates_view.setCurrentIndex(model.index(row))
            record = editor.current_template()
            assert record is not None and record.name == name
            return record
    raise AssertionError(f"no template {name}")


def _stored(state: WorkbookState, template_id: int) -> templates.Template:
    assert state.vault is not None
    return templates.get_template(state.vault.db, template_id)


def test_models_pass_the_model_tester(state: WorkbookState, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    assert state.vault is not None
    found = templates.list_templates(state.vault.db)
    with_private = next(t for t in found if any(not s.shared for s in t.sections))
    for model, records in ((TemplateListModel(), found),
                           (SectionListModel(), with_private.sections),
                           (PromptListModel(), with_private.sections[0].prompts)):
        model.sync(records)
        qtmodeltester.check(model)
        assert model.rowCount() == len(records) > 0
    sections = SectionListModel()
    sections.set_palette(QApplication.palette())
    sections.sync(with_private.sections)
    private = next(r for r in range(sections.rowCount())
                   if not sections.index(r).data(SharedRole))
    assert "(private)" in sections.index(private).data()
    assert PRIVATE_LABEL in sections.index(private).data(Qt.ItemDataRole.ToolTipRole)
    assert sections.index(private).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert sections.index(private).data(Qt.ItemDataRole.DecorationRole) is not None


def test_add_template_with_private_section_and_prompts(
        editor: TemplatesEditor, state: WorkbookState, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert state.vault is not None
    before = len(templates.list_templates(state.vault.db))
    qtbot.mouseClick(editor.add_template_button, Qt.MouseButton.LeftButton)
    created = editor.current_template()
    assert created is not None and created.name == "New template"
    assert len(templates.list_templates(state.vault.db)) == before + 1
    assert editor.name_edit.hasFocus()  # ready to be named

    replace_text(qtbot, editor.name_edit, "Première rencontre — Zoë")
    editor.description_edit.setFocus()
    type_text(editor.description_edit, "Pour 王小明 et les autres.")
    editor.flush_pending()
    stored = _stored(state, created.id)
    assert stored.name == "Première rencontre — Zoë"
    assert stored.description == "Pour 王小明 et les autres."

    qtbot.mouseClick(editor.add_section_button, Qt.MouseButton.LeftButton)
    assert editor.heading_edit.hasFocus()
    replace_text(qtbot, editor.heading_edit, "Réflexions du coach")
    assert not editor.panel.private_banner.isVisible()
    qtbot.mouseClick(editor.shared_check, Qt.MouseButton.LeftButton)  # → private
    assert editor.panel.private_banner.isVisible()
    editor.guidance_edit.setFocus()
    type_text(editor.guidance_edit, "Jamais imprimé.")
    qtbot.waitUntil(lambda: _stored(state, created.id).sections[0].guidance == "Jamais imprimé.")

    typed: list[str] = []
    for text in ("Qu'avez-vous remarqué ?", "What would Aïcha say?"):
        qtbot.mouseClick(editor.add_prompt_button, Qt.MouseButton.LeftButton)
        field = QApplication.focusWidget()
        assert isinstance(field, QLineEdit) and field is not editor.heading_edit  # in place
        field.selectAll()
        qtbot.keyClick(field, Qt.Key.Key_Backspace)
        type_text(field, text)
        qtbot.keyClick(field, Qt.Key.Key_Return)  # the delegate commits on the next loop turn
        typed.append(text)
        qtbot.waitUntil(lambda: [p.text for p in _stored(state, created.id).sections[0].prompts]
                        == typed)

    section = _stored(state, created.id).sections[0]
    assert (section.heading, section.shared) == ("Réflexions du coach", False)
    assert [p.text for p in section.prompts] == ["Qu'avez-vous remarqué ?",
                                                 "What would Aïcha say?"]
    row = editor.sections_model.index(0)
    assert row.data(SharedRole) is False and "(private)" in row.data()
    assert editor.error_label.isHidden()


def test_reorder_sections_and_prompts_with_buttons_keys_and_drops(
        editor: TemplatesEditor, state: WorkbookState, qtbot) -> None:  # type: ignore[no-untyped-def]
    grow = _select(editor, "GROW")
    headings = [s.heading for s in grow.sections]
    assert len(headings) >= 3
    editor.sections_view.setCurrentIndex(editor.sections_model.index(0))
    qtbot.mouseClick(editor.sections_list.down_button, Qt.MouseButton.LeftButton)
    expected = [headings[1], headings[0], *headings[2:]]
    assert [s.heading for s in _stored(state, grow.id).sections] == expected
    assert editor.current_section().heading == headings[0]  # the selection followed

    # a drop in the list view calls the model's moveRow: last section to the top
    model = editor.sections_model
    assert model.moveRow(QModelIndex(), model.rowCount() - 1, QModelIndex(), 0)
    expected = [expected[-1], *expected[:-1]]
    assert [s.heading for s in _stored(state, grow.id).sections] == expected
    assert [model.record(r).heading for r in range(model.rowCount())] == expected

    section = editor.current_section()
    assert section is not None and len(section.prompts) >= 2
    texts = [p.text for p in section.prompts]
    editor.prompts_view.setFocus()
    editor.prompts_view.setCurrentIndex(editor.prompts_model.index(1))
    qtbot.keyClick(editor.prompts_view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    stored = next(s for s in _stored(state, grow.id).sections if s.id == section.id)
    assert [p.text for p in stored.prompts] == [texts[1], texts[0], *texts[2:]]

    # templates move too
    first = editor.templates_model.index(0).data(IdRole)
    editor.templates_view.setCurrentIndex(editor.templates_model.index(0))
    qtbot.mouseClick(editor.templates_list.down_button, Qt.MouseButton.LeftButton)
    assert [t.id for t in templates.list_templates(state.vault.db)][1] == first
    assert editor.current_template().id == first


def test_rename_and_invalid_input_show_sentences(
        editor: TemplatesEditor, state: WorkbookState, qtbot) -> None:  # type: ignore[no-untyped-def]
    grow = _select(editor, "GROW")
    replace_text(qtbot, editor.name_edit, "Free-form")
    assert editor.error_label.isVisible()
    assert editor.error_label.text() == "A template named «Free-form» already exists."
    assert _stored(state, grow.id).name == "GROW"

    replace_text(qtbot, editor.name_edit, "GROW — Nguyễn's version")
    assert editor.error_label.isHidden()
    assert _stored(state, grow.id).name == "GROW — Nguyễn's version"

    editor.sections_view.setCurrentIndex(editor.sections_model.index(0))
    old_heading = editor.current_section().heading
    editor.heading_edit.setFocus()
    editor.heading_edit.selectAll()
    qtbot.keyClick(editor.heading_edit, Qt.Key.Key_Backspace)
    qtbot.keyClick(editor.heading_edit, Qt.Key.Key_Return)
    assert editor.error_label.text() == "A section needs a heading."
    assert _stored(state, grow.id).sections[0].heading == old_heading

    # a prompt emptied in place is refused and its text comes back
    index = editor.prompts_model.index(0)
    old_text = index.data()
    assert editor.prompts_model.setData(index, "   ")
    assert editor.error_label.text() == "A prompt needs some text."
    assert editor.prompts_model.index(0).data() == old_text


def test_remove_section_and_prompt(editor: TemplatesEditor, state: WorkbookState,  # type: ignore[no-untyped-def]
                                   qtbot) -> None:
    grow = _select(editor, "GROW")
    editor.sections_view.setCurrentIndex(editor.sections_model.index(0))
    section = editor.current_section()
    editor.prompts_view.setFocus()
    editor.prompts_view.setCurrentIndex(editor.prompts_model.index(0))
    qtbot.keyClick(editor.prompts_view, Qt.Key.Key_Delete)
    stored = _stored(state, grow.id).sections[0]
    assert [p.id for p in stored.prompts] == [p.id for p in section.prompts[1:]]

    qtbot.mouseClick(editor.remove_section_button, Qt.MouseButton.LeftButton)
    box = editor.last_question
    assert box is not None and section.heading in box.text()
    cancel = next(b for b in box.buttons() if b.text() != "Delete section")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert len(_stored(state, grow.id).sections) == len(grow.sections)

    qtbot.mouseClick(editor.remove_section_button, Qt.MouseButton.LeftButton)
    delete = next(b for b in editor.last_question.buttons() if b.text() == "Delete section")
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    assert [s.id for s in _stored(state, grow.id).sections] == [s.id for s in grow.sections[1:]]


def test_duplicate_then_trash_and_restore(editor: TemplatesEditor, state: WorkbookState,  # type: ignore[no-untyped-def]
                                          qtbot) -> None:
    assert state.vault is not None
    builtin = _select(editor, "Relationship building")
    qtbot.mouseClick(editor.duplicate_button, Qt.MouseButton.LeftButton)
    copy = editor.current_template()
    assert copy is not None and copy.name == "Relationship building (copy)"
    assert [s.heading for s in _stored(state, copy.id).sections] == [
        s.heading for s in builtin.sections]

    _select(editor, "Relationship building")
    qtbot.mouseClick(editor.trash_button, Qt.MouseButton.LeftButton)
    box = editor.last_question
    assert box is not None and "«Relationship building»" in box.text()
    go = next(b for b in box.buttons() if b.text() == "Move to trash")
    qtbot.mouseClick(go, Qt.MouseButton.LeftButton)
    names = [t.name for t in templates.list_templates(state.vault.db)]
    assert "Relationship building" not in names
    shown = [editor.templates_model.index(r).data()
             for r in range(editor.templates_model.rowCount())]
    assert shown == names
    assert any(i.kind == "template" and i.id == builtin.id
               for i in trash.list_trash(state.vault.db))

    # restored from the Trash (another screen): the editor hears the change and shows it
    state.call(trash.restore, "template", builtin.id)
    shown = [editor.templates_model.index(r).data()
             for r in range(editor.templates_model.rowCount())]
    assert "Relationship building" in shown


def test_lock_clears_everything(editor: TemplatesEditor, state: WorkbookState) -> None:
    _select(editor, "GROW")
    assert editor.sections_model.rowCount() > 0
    headings = [editor.sections_model.index(r, 0).data()
                for r in range(editor.sections_model.rowCount())]
    assert "GROW" in visible_texts(editor) and all(h in visible_texts(editor) for h in headings)
    state.close()
    for model in (editor.templates_model, editor.sections_model, editor.prompts_model):
        assert model.rowCount() == 0
    for view in editor.findChildren(QAbstractItemView):
        assert view.model().rowCount() == 0
    assert all(child.toPlainText() == "" for child in editor.findChildren(QPlainTextEdit))
    shown = visible_texts(editor)
    assert [t for t in ("GROW", *headings) if t in shown] == []
    assert not editor.add_template_button.isEnabled()


def test_edits_on_the_real_worker_thread(workbook_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The same flow with calls on the worker thread: results arrive later, nothing is lost."""
    from tests.conftest import PASSPHRASE
    from workbook import vault as vault_mod

    threaded = WorkbookState()
    threaded.adopt(vault_mod.open_vault(workbook_path, PASSPHRASE))
    widget = TemplatesEditor(threaded)
    qtbot.addWidget(widget)
    widget.show()
    try:
        qtbot.waitUntil(lambda: widget.templates_model.rowCount() > 0)
        qtbot.mouseClick(widget.add_template_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: widget.name_edit.text() == "New template")
        created = widget.current_template()
        assert created is not None
        replace_text(qtbot, widget.name_edit, "Séance — 王")
        qtbot.mouseClick(widget.add_section_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: widget.sections_model.rowCount() == 1)
        qtbot.mouseClick(widget.add_section_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: widget.sections_model.rowCount() == 2)
        widget.sections_list.set_current(1)
        widget.sections_list.move_current(-1)
        widget.sections_list.move_current(1)
        widget.sections_list.move_current(-1)
        qtbot.waitUntil(lambda: threaded.runner.pending == 0)
        assert threaded.vault is not None
        stored = templates.get_template(threaded.vault.db, created.id)
        assert stored.name == "Séance — 王"
        assert [s.id for s in stored.sections] == [
            widget.sections_model.record(r).id for r in range(2)]
        assert widget.current_section().id == stored.sections[0].id
    finally:
        threaded.close()


def test_lists_fit_their_rows_and_never_scroll_sideways(editor: TemplatesEditor) -> None:
    template = next(t for t in editor.templates_model.records()
                    if any(not s.shared for s in t.sections))
    _select(editor, template.name)
    sections = editor.sections_view
    rows = [sections.sizeHintForRow(r) for r in range(editor.sections_model.rowCount())]
    assert max(rows) <= min(rows) + 3  # the padlock of a private section: the size of text
    for view in (editor.templates_view, sections, editor.prompts_view):
        assert view.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    # the prompts are what a coach reads here: room for several lines, not a sliver
    assert editor.prompts_view.height() >= 5 * editor.prompts_view.fontMetrics().lineSpacing()
