"""Every typed date in the app goes through one reader: YYYY-MM-DD and the system's short
date format (pinned here to en_US and de_DE) are read; anything else is said under the field
and left as typed, never silently dropped."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QDate, QLocale, Qt

from tests.ui.keys import type_text
from tests.ui.test_goal_editor import click, coachee, new_goal, select_all_and_type, tab
from ui.kit.date_field import DateField
from ui.kit.dates import short_format, unreadable
from ui.kit.state import WorkbookState
from ui.portfolio.goals_tab import GoalsTab
from workbook import goals
from workbook.dates import read_date

__all__ = ["coachee", "tab"]  # fixtures used below
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TODAY = date(2026, 3, 15)
LOCALES = ["en_US", "de_DE", "en_GB", "ja_JP", "ko_KR", "sv_SE", "nl_NL"]


@pytest.fixture
def pinned(request: pytest.FixtureRequest) -> Iterator[QLocale]:
    """The system locale for the test (`indirect` parameter), restored afterwards."""
    before = QLocale()
    locale = QLocale(request.param)
    QLocale.setDefault(locale)
    yield locale
    QLocale.setDefault(before)


# -- the one reader --------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "name", "expected"), [
    ("2027-03-01", "en_US", date(2027, 3, 1)),
    ("2027-03-01", "de_DE", date(2027, 3, 1)),
    ("3/1/27", "en_US", date(2027, 3, 1)),
    ("03/01/2027", "en_US", date(2027, 3, 1)),
    ("01.03.27", "de_DE", date(2027, 3, 1)),
    ("1.3.2027", "de_DE", date(2027, 3, 1)),
    ("Mon 1 Mar 2027", "de_DE", date(2027, 3, 1)),  # the app's own way of showing it
    ("3/1/27", "de_DE", None),
    ("01.03.27", "en_US", None),
    ("2027-02-30", "en_US", None),
    ("13/13/27", "en_US", None),
    ("next Tuesday", "en_US", None),
    ("", "en_US", None),
])
def test_iso_and_the_short_format_are_read(text: str, name: str, expected: date | None) -> None:
    assert read_date(text, short_format(QLocale(name)), TODAY) == expected


@given(day=st.dates(min_value=date(1977, 1, 1), max_value=date(2075, 12, 31)),
       name=st.sampled_from(LOCALES))
def test_every_day_written_the_system_way_reads_back(day: date, name: str) -> None:
    locale = QLocale(name)
    fmt = short_format(locale)
    written = locale.toString(QDate(day.year, day.month, day.day), fmt)
    assert read_date(written, fmt, TODAY) == day
    assert read_date(day.isoformat(), fmt, TODAY) == day


@given(text=st.text(max_size=40), name=st.sampled_from([*LOCALES, "C"]))
def test_any_text_is_read_or_refused_without_an_exception(text: str, name: str) -> None:
    found = read_date(text, short_format(QLocale(name)), TODAY)
    assert found is None or isinstance(found, date)


# -- the field -------------------------------------------------------------------------------
@pytest.mark.parametrize("pinned", ["en_US", "de_DE"], indirect=True)
def test_the_field_reads_both_forms_and_says_what_it_cannot(qtbot, pinned: QLocale) -> None:  # type: ignore[no-untyped-def]
    field = DateField(optional=True)
    qtbot.addWidget(field)
    field.show()
    seen: list[QDate] = []
    field.dateChanged.connect(seen.append)
    short = pinned.toString(QDate(2027, 3, 1), QLocale.FormatType.ShortFormat)
    for text in ("2027-03-01", short):
        select_all_and_type(qtbot, field.line, text)
        qtbot.keyClick(field.line, Qt.Key.Key_Return)
        assert field.date() == QDate(2027, 3, 1) and field.problem.isHidden()
        assert field.line.text() == "Mon 1 Mar 2027"
    assert seen == [QDate(2027, 3, 1)]
    select_all_and_type(qtbot, field.line, "someday soon")
    qtbot.keyClick(field.line, Qt.Key.Key_Return)
    assert field.line.text() == "someday soon"  # kept, to be corrected
    assert field.problem.isVisible() and field.problem.text() == unreadable("someday soon")
    assert short in field.problem.text() or short == "2027-03-01"
    assert field.date() == QDate(2027, 3, 1) and seen == [QDate(2027, 3, 1)]
    select_all_and_type(qtbot, field.line, "")
    qtbot.keyClick(field.line, Qt.Key.Key_Return)
    assert not field.date().isValid() and field.problem.isHidden()


# -- the fields of a goal --------------------------------------------------------------------
@pytest.mark.parametrize("pinned", ["en_US", "de_DE"], indirect=True)
def test_a_goal_target_date_typed_either_way_is_kept(  # type: ignore[no-untyped-def]
        qtbot, tab: GoalsTab, state: WorkbookState, pinned: QLocale) -> None:
    goal_id = new_goal(qtbot, tab)
    header = tab.editor.header
    click(qtbot, tab, header.has_target)
    short = pinned.toString(QDate(2028, 4, 5), QLocale.FormatType.ShortFormat)
    for text, expected in (("2027-03-01", "2027-03-01"), (short, "2028-04-05")):
        select_all_and_type(qtbot, header.target.line, text)
        qtbot.keyClick(header.target.line, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda e=expected: goals.get(  # type: ignore[misc]
            state.vault.db, goal_id).target_date == e, timeout=3000)  # type: ignore[union-attr]
    select_all_and_type(qtbot, header.target.line, "31.31.")
    qtbot.keyClick(header.target.line, Qt.Key.Key_Return)
    assert header.target.problem.isVisible() and "31.31." in header.target.problem.text()
    assert header.target.line.text() == "31.31."
    assert goals.get(state.vault.db, goal_id).target_date == "2028-04-05"  # type: ignore[union-attr]


@pytest.mark.parametrize("pinned", ["en_US", "de_DE"], indirect=True)
def test_milestone_due_dates_typed_in_the_short_format_are_kept(  # type: ignore[no-untyped-def]
        qtbot, tab: GoalsTab, state: WorkbookState, pinned: QLocale) -> None:
    goal_id = new_goal(qtbot, tab)
    box = tab.editor.milestones_box
    type_text(box.new_title, "Draft the abstract")
    type_text(box.new_due, pinned.toString(QDate(2027, 3, 1), QLocale.FormatType.ShortFormat))
    click(qtbot, tab, box.add_button)
    db = state.vault.db  # type: ignore[union-attr]
    [milestone] = goals.list_milestones(db, goal_id)
    assert milestone.due_date == "2027-03-01" and box.error.isHidden()
    # edited in the table: the same reader, the same sentence for what it cannot read
    due = box.model.index(0, box.model.DUE)
    assert not box.model.setData(due, "soon-ish")
    assert box.error.text() == unreadable("soon-ish") and not box.error.isHidden()
    later = pinned.toString(QDate(2027, 4, 2), QLocale.FormatType.ShortFormat)
    assert box.model.setData(due, later)
    qtbot.waitUntil(lambda: goals.list_milestones(db, goal_id)[0].due_date == "2027-04-02")
