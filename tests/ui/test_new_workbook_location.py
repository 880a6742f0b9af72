"""Whatever is typed in the New workbook dialog is either accepted or explained under its
field — never an exception — and the fields stay where they are while messages come and go."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QWidget

from tests.ui.keys import type_text
from tests.ui.test_new_workbook_dialog import GOOD, tick
from ui.kit.state import WorkbookState
from ui.start.new_workbook_dialog import NewWorkbookDialog
from ui.start.workbook_location import location_problem, with_suffix

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

SPECIAL = ["/", "//", "C:\\", "C:", "\\\\server\\share", "~", "~nobody-here/x", ".", "..",
           "./", "a/", "   ", " trailing spaces   ", "a\x00b", "tab\there", "line\nbreak",
           "x" * 5000, ("deep/" * 900) + "x", "con", "NUL.cwb", ".cwb", "a:b", "what?",
           "王小明 notes", "Zoë/", "\u202ertl", "e\u0301", "\x7f", "\u2028", "..."]

# Text as a coach could paste it: any script, separators, control characters.
any_text = st.text(st.characters(codec="utf-8"), max_size=60)
location_text = st.one_of(
    any_text, st.sampled_from(SPECIAL),
    st.lists(st.one_of(any_text, st.sampled_from(["/", "\\", ".", "..", " ", "~", ":"])),
             max_size=6).map("".join))


def _open(qtbot, state: WorkbookState, folder: Path) -> NewWorkbookDialog:  # type: ignore[no-untyped-def]
    dialog = NewWorkbookDialog(state, folder=folder)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    return dialog


def _usable(path: Path, inside: Path) -> bool:
    """Whether a file can really be created at `path` (tried only inside `inside`)."""
    if not path.is_relative_to(inside):
        return path.parent.is_dir() and os.access(path.parent, os.W_OK) and not path.exists()
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except OSError:
        return False
    os.close(fd)
    path.unlink()
    return True


@pytest.mark.parametrize("text", SPECIAL)
def test_every_awkward_location_is_read_or_explained(tmp_path: Path, text: str) -> None:
    path = with_suffix(text, tmp_path)
    problem = location_problem(path)
    assert problem is None or problem.endswith(".")
    if problem is None:
        assert path is not None and path.name.endswith(".cwb") and path.stem.strip()


def test_a_folder_gets_the_default_name_and_a_file_is_not_a_folder(tmp_path: Path) -> None:
    (tmp_path / "Coaching workbook.cwb").write_bytes(b"taken")
    assert with_suffix(str(tmp_path), tmp_path) == tmp_path / "Coaching workbook 2.cwb"
    assert with_suffix("/", tmp_path) == Path("/Coaching workbook.cwb")
    (tmp_path / "notes.txt").write_text("a file")
    assert location_problem(with_suffix("notes.txt/book", tmp_path)) == \
        f"«{tmp_path / 'notes.txt'}» is a file, not a folder; choose another location."
    assert "cannot contain any of" in (location_problem(with_suffix("C:\\", tmp_path)) or "")
    assert "control characters" in (location_problem(with_suffix("a\x00b", tmp_path)) or "")
    assert "too long" in (location_problem(with_suffix("x" * 5000, tmp_path)) or "")
    assert with_suffix("book   ", tmp_path) == tmp_path / "book.cwb"


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(location=location_text, first=st.one_of(st.just(GOOD), any_text),
       second=st.one_of(st.none(), any_text), understood=st.booleans(), typed=st.booleans())
@example(location="/", first=GOOD, second=None, understood=True, typed=True)
@example(location="C:\\", first=GOOD, second=None, understood=True, typed=False)
@example(location="a\x00b", first=GOOD, second=None, understood=True, typed=False)
@example(location="x" * 5000, first=GOOD, second=None, understood=True, typed=False)
def test_fuzzing_every_field_never_raises_and_create_means_usable(  # type: ignore[no-untyped-def]
        qtbot, closed_state: WorkbookState, tmp_path: Path, location: str, first: str,
        second: str | None, understood: bool, typed: bool) -> None:
    dialog = _open(qtbot, closed_state, tmp_path)
    if typed:  # as a coach does: select all, then type over it key by key
        dialog.location.selectAll()
        type_text(dialog.location, location)
    else:  # as a paste does, control characters included
        dialog.location.setText(location)
    second = first if second is None else second  # mostly the same twice, as typed
    for field, text in ((dialog.fields.first, first), (dialog.fields.second, second)):
        field.setText(text)
    dialog.fields.meter.flush()
    if understood:
        tick(qtbot, dialog.fields.understood)
    if dialog.create_button.isEnabled():
        path = dialog.target_path()
        assert path is not None and dialog.problem() is None
        assert _usable(path, tmp_path), path
    else:
        assert dialog.problem()
        assert dialog.create_button.toolTip() == dialog.problem()
    # Enter and the button both refuse in words, never with an exception.
    if dialog.problem():
        dialog.create()
        assert dialog.error.text() == dialog.problem()
    dialog.close()


def _positions(dialog: NewWorkbookDialog) -> dict[str, QRect]:
    fields: dict[str, QWidget] = {
        "location": dialog.location, "browse": dialog.browse_button,
        "passphrase": dialog.fields.first, "repeat": dialog.fields.second,
        "show": dialog.fields.show_box, "understood": dialog.fields.understood,
        "create": dialog.create_button, "cancel": dialog.cancel_button}
    found = {name: QRect(w.mapTo(dialog, QPoint(0, 0)), w.size()) for name, w in fields.items()}
    found["dialog"] = dialog.rect()
    return found


def test_no_field_moves_when_a_message_appears_or_goes(  # type: ignore[no-untyped-def]
        qtbot, closed_state: WorkbookState, tmp_path: Path) -> None:
    dialog = _open(qtbot, closed_state, tmp_path)
    (tmp_path / "taken.cwb").write_bytes(b"")
    before = _positions(dialog)
    fields = dialog.fields

    def typed(field: QWidget, text: str) -> None:
        field.setText(text)  # type: ignore[attr-defined]
        fields.meter.flush()

    long_folder = str(tmp_path / ("a long folder name " * 10) / "book")
    steps = [
        lambda: typed(dialog.location, ""),  # "Choose where to save the workbook."
        lambda: typed(dialog.location, "spring cohort"),  # "Will be saved as …"
        lambda: typed(dialog.location, str(tmp_path / "taken.cwb")),  # already exists
        lambda: typed(dialog.location, long_folder),  # a missing folder, shortened
        lambda: typed(dialog.location, "C:\\"),
        lambda: typed(dialog.location, str(tmp_path / "fine.cwb")),  # no message at all
        lambda: typed(fields.first, "password"),  # meter + feedback, policy error
        lambda: typed(fields.first, "Zoë walks"),
        lambda: typed(fields.first, GOOD),  # policy ok
        lambda: typed(fields.second, "Zoë walks X"),  # mismatch
        lambda: typed(fields.second, GOOD),  # match
        lambda: typed(fields.first, ""),  # back to the hint
        lambda: dialog.error.show_error("The disk holding «" + str(tmp_path) * 8 + "» is "
                                        "full; free some space and try again."),
        lambda: dialog.error.clear_error(),
        lambda: dialog._set_busy(True),
        lambda: dialog._set_busy(False),
    ]
    for n, step in enumerate(steps):
        step()
        qtbot.waitUntil(lambda: dialog.layout().geometry().isValid())
        dialog.layout().activate()
        assert _positions(dialog) == before, f"step {n} moved the fields"


def test_a_message_too_long_for_its_lines_is_shortened_not_grown(  # type: ignore[no-untyped-def]
        qtbot, closed_state: WorkbookState, tmp_path: Path) -> None:
    dialog = _open(qtbot, closed_state, tmp_path)
    note = dialog.location_note
    height = note.height()
    long_folder = tmp_path / ("a long folder name " * 10) / "book"
    dialog.location.setText(str(long_folder))
    assert note.text() == f"The folder «{long_folder.parent}» does not exist; choose another."
    assert note.toolTip() == note.text() and note.height() == height
    shown = super(type(note), note).text()  # what the label paints
    assert shown != note.text() and "…" in shown and shown.endswith("choose another.")
    assert note.fontMetrics().boundingRect(
        QRect(0, 0, note.width(), 100_000), Qt.TextFlag.TextWordWrap, shown).height() <= height
