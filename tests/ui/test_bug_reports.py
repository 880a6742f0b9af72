"""A bug's report names code, never what the exception quoted: SQLite's and Python's messages
can carry a learner's name or note, so neither the bug dialog, its Copy button nor the
command line's one line repeats them."""

from __future__ import annotations

import click
import pytest
import sqlcipher3
from PySide6.QtWidgets import QApplication

from ui.kit.errors_dialog import bug_details, show_bug
from workbook import errors
from workbook.cli.core import handle_errors

NAME = "Ngozi Adeyemi-Brandt"
NOTE = "worried about the night shifts"


def _bug() -> BaseException:
    try:
        raise sqlcipher3.dbapi2.IntegrityError(
            f"UNIQUE constraint failed: coachees.name ({NAME}: {NOTE})")
    except sqlcipher3.dbapi2.IntegrityError as exc:
        return exc


def test_the_bug_dialog_and_its_copy_hold_code_locations_only(qtbot) -> None:  # type: ignore[no-untyped-def]
    exc = _bug()
    details = bug_details(exc)
    assert "IntegrityError" in details and "test_bug_reports.py" in details
    box = show_bug(None, exc)
    qtbot.addWidget(box)
    copy = next(b for b in box.buttons() if b.text() == "Copy details")
    copy.click()
    said = " ".join([box.windowTitle(), box.text(), box.informativeText(), box.detailedText(),
                     QApplication.clipboard().text()])
    assert NAME not in said and NOTE not in said
    assert QApplication.clipboard().text() == details


def test_the_command_line_says_a_bug_in_one_line_without_its_message(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COACH_WORKBOOK_DEBUG", raising=False)

    @click.command()
    @handle_errors
    def failing() -> None:
        raise _bug()

    with pytest.raises(SystemExit) as ended:
        failing.main([], standalone_mode=False)
    assert ended.value.code == errors.EXIT_OTHER
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "IntegrityError" in err
    assert NAME not in err and NOTE not in err
