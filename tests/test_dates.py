"""The UI's date forms: "Tue 3 Mar 2026", "14:30", and relative phrases, on any input."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ui.kit import dates
from ui.kit.dates import (
    due_phrase,
    format_date,
    format_datetime,
    format_time,
    format_timestamp,
    overdue_phrase,
    relative_day,
    relative_days,
)

TODAY = date(2026, 3, 15)


def test_dates_and_times_in_the_coachs_form() -> None:
    assert format_date("2026-03-03") == "Tue 3 Mar 2026"
    assert format_date(date(2026, 12, 31)) == "Thu 31 Dec 2026"
    assert format_date("2026-03-03T14:30") == "Tue 3 Mar 2026"
    assert format_datetime("2026-03-03T14:30") == "Tue 3 Mar 2026, 14:30"
    assert format_datetime("2026-03-03 09:05:00") == "Tue 3 Mar 2026, 09:05"
    assert format_datetime("2026-03-03") == "Tue 3 Mar 2026"
    assert format_time("2026-03-03T07:05") == "07:05"
    assert format_time("2026-03-03") == ""


def test_nothing_and_nonsense_are_shown_not_hidden() -> None:
    assert format_date(None) == "" and format_datetime(None) == "" and format_time(None) == ""
    assert format_date("31/02/2027") == "31/02/2027"
    assert format_date("2027-02-31") == "2027-02-31"
    assert format_datetime("soon-ish, maybe") == "soon-ish, maybe"
    assert format_timestamp(None) == "" and format_timestamp("later") == "later"
    assert relative_day("not a date", TODAY) == "" and due_phrase(None, TODAY) == ""


def test_stored_utc_stamps_are_shown_in_local_time() -> None:
    assert format_timestamp("2026-03-03T14:30:00Z", tz=UTC) == "Tue 3 Mar 2026, 14:30"
    plus_two = timezone(timedelta(hours=2))
    assert format_timestamp("2026-03-03T23:30:00Z", tz=plus_two) == "Wed 4 Mar 2026, 01:30"
    # a stamp without its Z is still UTC
    assert format_timestamp("2026-03-03T23:30:00", tz=plus_two) == "Wed 4 Mar 2026, 01:30"


@pytest.mark.parametrize(("days", "phrase"), [
    (0, "today"), (1, "tomorrow"), (-1, "yesterday"), (3, "in 3 days"), (-13, "13 days ago"),
    (14, "in 2 weeks"), (-20, "2 weeks ago"), (-55, "7 weeks ago"), (56, "in 2 months"),
    (-100, "3 months ago"), (400, "in 13 months"), (-730, "2 years ago"), (1100, "in 3 years"),
])
def test_relative_phrases(days: int, phrase: str) -> None:
    assert relative_days(days) == phrase
    assert relative_day(TODAY + timedelta(days=days), TODAY) == phrase


@pytest.mark.parametrize(("days_overdue", "phrase"), [
    (4, "overdue by 4 days"), (1, "overdue by 1 day"), (0, "due today"), (-1, "due tomorrow"),
    (-3, "due in 3 days"), (38, "overdue by 5 weeks"), (-21, "due in 3 weeks"),
])
def test_overdue_and_due_phrases(days_overdue: int, phrase: str) -> None:
    assert overdue_phrase(days_overdue) == phrase
    assert due_phrase((TODAY - timedelta(days=days_overdue)).isoformat(), TODAY) == phrase


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_every_date_reads_back(day: date) -> None:
    text = format_date(day.isoformat())
    weekday, number, month, year = text.split(" ")
    assert weekday == dates.WEEKDAYS[day.weekday()]
    assert date(int(year), dates.MONTHS.index(month) + 1, int(number)) == day


@given(st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)))
def test_every_datetime_reads_back(moment: datetime) -> None:
    text = format_datetime(moment.isoformat(timespec="minutes"))
    day, clock = text.split(", ")
    assert day == format_date(moment.date()) and clock == f"{moment:%H:%M}"


@given(st.text(max_size=40))
def test_no_text_makes_a_formatter_raise(value: str) -> None:
    for fn in (format_date, format_datetime, format_time, format_timestamp):
        assert isinstance(fn(value), str)
    assert isinstance(relative_day(value, TODAY), str)
    assert isinstance(due_phrase(value, TODAY), str)


@given(st.integers(min_value=-100_000, max_value=100_000))
def test_relative_phrases_say_which_way(days: int) -> None:
    phrase = relative_days(days)
    if days > 1:
        assert phrase.startswith("in ") and phrase[3].isdigit()
    elif days < -1:
        assert phrase.endswith(" ago") and phrase[0].isdigit()
    # singular and plural agree with the number
    number = phrase.split()[1] if phrase.startswith("in ") else phrase.split()[0]
    if number.isdigit():
        assert phrase.removesuffix(" ago").endswith("s") == (int(number) != 1)
