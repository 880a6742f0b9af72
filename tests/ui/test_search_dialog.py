"""Global search: results as the coach types, bold matches that never inject markup, the
keyboard path from the field to a record, stale replies dropped, nothing left after a lock."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QStyleOptionViewItem,
)

from tests.ui.keys import type_text
from tests.ui.shown import visible_texts as _texts
from ui.kit.state import WorkbookState
from ui.window.search_dialog import SearchDialog
from ui.window.search_results import HIT_ROLE, snippet_html, snippet_parts, snippet_plain
from workbook import coachees, notes, sessions

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _dialog(qtbot, state: WorkbookState) -> SearchDialog:  # type: ignore[no-untyped-def]
    dialog = SearchDialog(state)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _titles(dialog: SearchDialog) -> list[str]:
    return [dialog.model.item(r).title for r in range(dialog.model.rowCount())]


def _bold_runs(doc: QTextDocument) -> list[str]:
    runs: list[str] = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().fontWeight() >= 700:
                runs.append(fragment.text())
            it += 1
        block = block.next()
    return runs


def _a_section(db) -> notes.Section:  # type: ignore[no-untyped-def]
    zoe = next(c for c in coachees.list_coachees(db) if c.name == "Zoë Kowalczyk")
    session = sessions.list_sessions(db, zoe.id)[0]
    return notes.list_sections(db, session.id)[0]


def test_snippet_markers_become_bold_and_text_stays_text() -> None:
    assert snippet_parts("a «b» c") == [("a ", False), ("b", True), (" c", False)]
    assert snippet_html("«Tom» & <i>Jerry</i>") == "<b>Tom</b> &amp; &lt;i&gt;Jerry&lt;/i&gt;"
    # a stray guillemet in the coach's own text is a character, never an open bold run
    assert snippet_parts("said «no then «yes» ok»") == [
        ("said ", False), ("no then «yes", True), (" ok»", False)]
    assert snippet_plain("x «y» z «w") == "x y z «w"
    assert snippet_html("«") == "«"


def test_typing_finds_the_accented_coachee(qtbot, qtmodeltester, demo_state) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, demo_state)
    type_text(dialog.query, "Nguyen")
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=2_000)
    first = dialog.model.item(0)
    assert (first.kind, first.coachee_name) == ("coachee", "Nguyễn Thị Hoa")
    assert "Nguyễn Thị Hoa" in dialog.model.index(0, 0).data()
    assert dialog.status.text() == ("1 match" if dialog.model.rowCount() == 1
                                    else f"{dialog.model.rowCount()} matches")
    qtmodeltester.check(dialog.model)

    dialog.query.clear()
    type_text(dialog.query, "Nguyễn")  # typed with its accents, too
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=2_000)
    assert dialog.model.item(0).coachee_name == "Nguyễn Thị Hoa"

    dialog.query.clear()
    assert dialog.model.rowCount() == 0 and dialog.status.text() == ""
    type_text(dialog.query, "xylophonequartz")
    qtbot.waitUntil(lambda: dialog.status.text() == "No matches", timeout=2_000)
    assert dialog.model.rowCount() == 0


def test_snippets_render_bold_without_injecting_markup(qtbot, demo_state) -> None:  # type: ignore[no-untyped-def]
    db = demo_state.vault.db
    section = _a_section(db)
    notes.save_note(db, section.id, "Zebrafinch <b>x</b> & y <script>z</script>")
    dialog = _dialog(qtbot, demo_state)
    dialog.set_query("zebrafinch")
    dialog.search_now()
    assert dialog.model.rowCount() == 1
    hit = dialog.model.item(0)
    assert hit.kind == "section" and hit.ref_id == section.id
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y &lt;script&gt;" in snippet_html(hit.snippet)

    option = QStyleOptionViewItem()
    option.initFrom(dialog.results)
    doc = dialog.results.itemDelegate().document(option, dialog.model.index(0, 0))
    plain = doc.toPlainText()
    assert "Zebrafinch <b>x</b> & y <script>z</script>" in plain
    assert "Zebrafinch" in _bold_runs(doc)
    assert not [run for run in _bold_runs(doc) if run.strip() == "x"]  # no injected bold
    found = doc.find("<b>x</b>", QTextCursor(doc))
    assert not found.isNull() and found.charFormat().fontWeight() < 700
    assert dialog.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole).startswith(
        "Zebrafinch <b>x</b> & y")
    dialog.results.grab()  # the delegate paints without complaint


def test_enter_opens_the_best_hit_and_closes(qtbot, demo_state) -> None:  # type: ignore[no-untyped-def]
    db = demo_state.vault.db
    section = _a_section(db)
    notes.save_note(db, section.id, "Quokka photographs from the wards")
    dialog = _dialog(qtbot, demo_state)
    opened: list[tuple[str, int]] = []
    sections: list[tuple[int, int]] = []
    dialog.open_record.connect(lambda kind, rid: opened.append((kind, rid)))
    dialog.open_section.connect(lambda sid, sec: sections.append((sid, sec)))
    type_text(dialog.query, "quokka")
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)  # before the pause: opens on arrival
    assert opened == [("session", section.session_id)]
    assert sections == [(section.session_id, section.id)]
    assert not dialog.isVisible() and dialog.result() == SearchDialog.DialogCode.Accepted


def test_a_broad_query_says_only_the_most_recent_matches_were_ranked(  # type: ignore[no-untyped-def]
        qtbot, demo_state, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbook import search

    monkeypatch.setattr(search, "RANK_ALL", 3)
    monkeypatch.setattr(search, "RANK_RECENT", 2)
    dialog = _dialog(qtbot, demo_state)
    type_text(dialog.query, "goal")
    qtbot.waitUntil(lambda: "most recent" in dialog.status.text(), timeout=2_000)
    found = search.find(demo_state.vault.db, "goal")
    assert dialog.status.text() == ("Over 3 matches: the best of the 2 most recent — add a "
                                    "word or a letter to narrow the search")
    assert _titles(dialog) == [h.title for h in found.hits] and len(found.hits) <= 2
    monkeypatch.setattr(search, "RANK_ALL", 10_000)
    type_text(dialog.query, "s")  # "goals": every match ranked again
    qtbot.waitUntil(lambda: "most recent" not in dialog.status.text()
                    and dialog.status.text() != "Searching…", timeout=2_000)


def test_arrow_keys_in_the_field_choose_a_result(qtbot, demo_state) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, demo_state)
    opened: list[tuple[str, int]] = []
    dialog.open_record.connect(lambda kind, rid: opened.append((kind, rid)))
    type_text(dialog.query, "plan")
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 3, timeout=2_000)
    assert dialog.results.currentIndex().row() == 0
    qtbot.keyClick(dialog.query, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.query, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.query, Qt.Key.Key_Up)
    assert dialog.results.currentIndex().row() == 1
    assert dialog.query.hasFocus() or not dialog.isActiveWindow()
    chosen = dialog.model.index(1, 0).data(HIT_ROLE)
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    expected = (("session", chosen.session_id) if chosen.kind == "section"
                else (chosen.kind, chosen.ref_id))
    assert opened == [expected]


def test_double_click_opens_a_goal(qtbot, demo_state) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, demo_state)
    opened: list[tuple[str, int]] = []
    dialog.open_record.connect(lambda kind, rid: opened.append((kind, rid)))
    dialog.set_query("seven hours of sleep")
    dialog.search_now()
    row = next(r for r in range(dialog.model.rowCount()) if dialog.model.item(r).kind == "goal")
    goal = dialog.model.item(row)
    point = dialog.results.visualRect(dialog.model.index(row, 0)).center()
    qtbot.mouseClick(dialog.results.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(dialog.results.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert opened == [("goal", goal.ref_id)]


def test_a_reply_for_an_older_query_is_dropped(qtbot, slow_state) -> None:  # type: ignore[no-untyped-def]
    executor = slow_state.runner.executor
    dialog = _dialog(qtbot, slow_state)
    dialog.set_query("Zoë")
    dialog.search_now()
    dialog.set_query("王小明")
    dialog.search_now()
    # one search at a time: the new text waits for the running one
    assert len(executor.jobs) == 1 and dialog.status.text() == "Searching…"
    executor.run_next()  # the reply for "Zoë" arrives late
    assert dialog.model.rowCount() == 0
    assert len(executor.jobs) == 1  # … and the latest text is searched as it lands
    executor.run_next()
    assert dialog.model.rowCount() > 0
    assert {dialog.model.item(r).coachee_name for r in range(dialog.model.rowCount())} == {"王小明"}


def test_each_key_searches_at_once_and_keys_typed_meanwhile_search_once(  # type: ignore[no-untyped-def]
        qtbot, slow_state) -> None:
    executor = slow_state.runner.executor
    dialog = _dialog(qtbot, slow_state)
    type_text(dialog.query, "Z")
    assert len(executor.jobs) == 1  # no pause awaited: the first key searches
    type_text(dialog.query, "oë")
    assert len(executor.jobs) == 1  # typed while it runs: no queue of stale searches
    executor.run_next()
    assert len(executor.jobs) == 1  # one search for the latest text, "Zoë"
    executor.run_next()
    assert not executor.jobs
    assert "Zoë Kowalczyk" in {dialog.model.item(r).coachee_name
                               for r in range(dialog.model.rowCount())}


def test_nothing_remains_after_the_workbook_locks(qtbot, demo_state) -> None:  # type: ignore[no-untyped-def]
    names = [c.name for c in coachees.list_coachees(demo_state.vault.db)]
    dialog = _dialog(qtbot, demo_state)
    type_text(dialog.query, "Zoë")
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=2_000)
    demo_state.close()
    assert not dialog.isVisible()
    assert dialog.model.rowCount() == 0 and dialog.query.text() == ""
    shown = _texts(dialog)
    assert not [n for n in names if n in shown]
    dialog.set_query("Zoë")
    dialog.search_now()  # refused quietly while locked: no names come back
    assert dialog.model.rowCount() == 0


def test_a_right_to_left_name_keeps_the_line_in_order(qtbot, demo_state) -> None:  # type: ignore[no-untyped-def]
    """"name · date" reads in that order even when the name is Arabic and starts the line:
    the drawn line is left-to-right and the name an isolate, so the date stays on the right."""
    db = demo_state.vault.db
    layla = next(c for c in coachees.list_coachees(db) if c.name.startswith("ليلى"))
    held = sessions.list_sessions(db, layla.id, status="held")[0]
    section = notes.list_sections(db, held.id)[0]
    notes.rename_section(db, section.id, "Quokkaphrase")  # only the heading matches
    dialog = _dialog(qtbot, demo_state)
    dialog.set_query("quokkaphrase")
    dialog.search_now()
    assert dialog.model.rowCount() == 1
    option = QStyleOptionViewItem()
    option.initFrom(dialog.results)
    doc = dialog.results.itemDelegate().document(option, dialog.model.index(0, 0))
    doc.setTextWidth(600)
    doc.size()  # lays the document out
    block = doc.begin().next()  # the second line: whose note, and when
    text = block.text()
    assert text.lstrip("\u2068").startswith(layla.name)
    name_at, date_at = text.index(layla.name), text.rindex("·") + 2
    layout = block.layout()
    assert layout is not None and layout.lineCount() == 1
    line = layout.lineAt(0)
    name_x = [line.cursorToX(i)[0] for i in range(name_at, name_at + len(layla.name))]
    assert line.cursorToX(date_at)[0] > max(name_x)  # the date is drawn right of the name
    assert layla.name + " · " in dialog.model.index(0, 0).data()  # plain text stays plain
