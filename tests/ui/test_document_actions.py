"""PDF exports from the app on the demo workbook, with the file dialog replaced by a chosen
path: the file is written (0600) with the shared notes and without the private ones, the coach
is told it is NOT encrypted, and nothing happens without a selection or while locked."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from tests.records import noted_session
from tests.ui.shown import visible_texts
from ui.documents.document_actions import NO_COACHEE, NO_SESSION, DocumentActions
from ui.kit.state import WorkbookState
from workbook import coachees, sessions
from workbook.documents.output import file_name

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

SHARED = "Zoë will shadow the night team twice before the OSCE."
PRIVATE = "Coach only: worried about sleep and the family situation."


class Selection:
    session: int | None = None
    coachee: int | None = None


@dataclass
class Asked:
    title: str
    suggested: Path
    noun: str


def make_actions(state: WorkbookState, qtbot, *paths: Path,  # type: ignore[no-untyped-def]
                 password: str | None = None) -> tuple[DocumentActions, list[Asked], Selection]:
    parent = QWidget()
    qtbot.addWidget(parent)
    chosen = Selection()
    actions = DocumentActions(state, parent, lambda: chosen.session, lambda: chosen.coachee)
    asked: list[Asked] = []
    answers = list(paths)

    def choose(title: str, suggested: Path, noun: str,
               accept: Callable[[Path, str | None], None]) -> None:
        asked.append(Asked(title, suggested, noun))
        if answers:
            accept(answers.pop(0), password)

    actions.choose_export = choose
    return actions, asked, chosen


def shown(actions: DocumentActions) -> str:
    box = actions.last_message
    assert box is not None and box.isVisible()
    return box.text()


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    assert not reader.is_encrypted
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _session_with_notes(state: WorkbookState) -> tuple[int, int]:
    assert state.vault is not None
    return noted_session(state.vault.db, SHARED, PRIVATE)


def test_export_summary_writes_a_private_file_without_private_notes(
        demo_state: WorkbookState, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    session_id, coachee_id = _session_with_notes(demo_state)
    assert demo_state.vault is not None
    db = demo_state.vault.db
    session = sessions.get(db, session_id)
    name = coachees.get(db, coachee_id).display_name
    target = tmp_path / "summary.pdf"
    actions, asked, chosen = make_actions(demo_state, qtbot, target)
    chosen.session = session_id
    assert actions.export_summary_action.shortcut() == QKeySequence("Ctrl+Shift+P")

    actions.export_summary_action.trigger()

    assert asked[0].noun == "summary" and "Export session summary" in asked[0].title
    full_name = coachees.get(db, coachee_id).name
    assert asked[0].suggested.name == file_name("summary", full_name,
                                                session.scheduled_at[:10])
    assert full_name in asked[0].suggested.name and asked[0].suggested.suffix == ".pdf"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    text = pdf_text(target)
    assert SHARED in text and name in text
    assert "worried about sleep" not in text and "Coach only" not in text
    message = shown(actions)
    assert message.startswith(f"Saved the session summary to {target}.")
    assert "NOT encrypted" in message and "sections that were shared" in message
    assert actions.last_message.icon() == QMessageBox.Icon.Warning
    assert all(a.isEnabled() for a in actions.all_actions)


def test_export_portfolio_holds_the_coachee_and_no_private_note(
        demo_state: WorkbookState, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _session_id, coachee_id = _session_with_notes(demo_state)
    assert demo_state.vault is not None
    coachee = coachees.get(demo_state.vault.db, coachee_id)
    name = coachee.name
    target = tmp_path / "portfolio.pdf"
    actions, asked, chosen = make_actions(demo_state, qtbot, target)
    chosen.coachee = coachee_id
    finished: list[tuple[str, bool, str]] = []
    actions.finished.connect(lambda *args: finished.append(args))

    actions.export_portfolio_action.trigger()

    assert asked[0].suggested.name.startswith(file_name("portfolio", name, "")[:-5])
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    text = pdf_text(target)
    assert coachee.display_name in text  # Arabic letters are extracted in their shaped forms
    assert "worried about sleep" not in text and "Coach only" not in text
    assert "NOT encrypted" in shown(actions)
    assert finished and finished[0][:2] == ("export_portfolio", True)


def test_nothing_selected_says_so_in_one_sentence_and_asks_for_no_file(
        demo_state: WorkbookState, qtbot) -> None:  # type: ignore[no-untyped-def]
    actions, asked, _ = make_actions(demo_state, qtbot)
    actions.export_summary_action.trigger()
    assert shown(actions) == NO_SESSION == "Open a session first."
    actions.export_portfolio_action.trigger()
    assert shown(actions) == NO_COACHEE == "Choose a coachee first."
    assert asked == []


def test_a_folder_that_cannot_be_written_shows_its_sentence(
        demo_state: WorkbookState, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _session_id, coachee_id = _session_with_notes(demo_state)
    target = tmp_path / "missing folder" / "portfolio.pdf"
    actions, _, chosen = make_actions(demo_state, qtbot, target)
    chosen.coachee = coachee_id
    finished: list[tuple[str, bool, str]] = []
    actions.finished.connect(lambda *args: finished.append(args))

    actions.export_portfolio_action.trigger()

    text = shown(actions)
    assert str(tmp_path / "missing folder") in text and text.endswith(".")
    assert "NOT encrypted" not in text
    assert finished[0][:2] == ("export_portfolio", False)
    assert not target.exists()
    assert all(a.isEnabled() for a in actions.all_actions)


def test_the_workbook_itself_is_never_overwritten(
        demo_state: WorkbookState, qtbot) -> None:  # type: ignore[no-untyped-def]
    session_id, _ = _session_with_notes(demo_state)
    assert demo_state.path is not None
    before = demo_state.path.read_bytes()[:64]
    actions, _, chosen = make_actions(demo_state, qtbot, demo_state.path)
    chosen.session = session_id
    actions.export_summary_action.trigger()
    assert "is the workbook being exported; an export never replaces it" in shown(actions)
    assert demo_state.path.read_bytes()[:64] == before


def test_disabled_while_locked_and_no_name_left_behind(
        demo_state: WorkbookState, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    session_id, coachee_id = _session_with_notes(demo_state)
    assert demo_state.vault is not None
    name = coachees.get(demo_state.vault.db, coachee_id).name
    actions, asked, chosen = make_actions(demo_state, qtbot)
    actions.choose_export = lambda title, suggested, noun, accept: (
        asked.append(Asked(title, suggested, noun)), accept(tmp_path / suggested.name, None))
    chosen.session = session_id
    actions.export_summary_action.trigger()
    assert name in shown(actions)  # the suggested file name is the coachee's

    demo_state.close()

    assert not any(a.isEnabled() for a in actions.all_actions)
    assert actions.last_message is None or not actions.last_message.isVisible()
    assert name not in visible_texts(actions.parent_widget)
    actions.export_summary(session_id, tmp_path / "b.pdf")  # a stale call does nothing
    assert not (tmp_path / "b.pdf").exists() and len(asked) == 1
