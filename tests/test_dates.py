"""The app's one date module: stored forms, "Tue 3 Mar 2026", "14:30", the documents' long
forms, and relative phrases, on any input."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbook import dates
from workbook.dates import (
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


# -- the stored forms and the documents' long forms -------------------------------------------
def test_stamps_are_utc_whatever_the_zone_given() -> None:
    plus_two = datetime(2026, 3, 3, 16, 30, tzinfo=timezone(timedelta(hours=2)))
    assert dates.stamp_of(plus_two) == "2026-03-03T14:30:00Z"
    assert dates.stamp_of(datetime(2026, 3, 3, 14, 30)) == "2026-03-03T14:30:00Z"
    assert dates.now_iso().endswith("Z") and len(dates.now_iso()) == 20
    assert dates.minute_iso(datetime(2026, 3, 3, 9, 5, 59)) == "2026-03-03T09:05"


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)))
def test_a_stamp_reads_back_as_the_same_moment(moment: datetime) -> None:
    moment = moment.replace(microsecond=0, tzinfo=UTC)
    assert dates.local_datetime(dates.stamp_of(moment), UTC) == moment


def test_the_local_day_of_a_stamp_follows_the_zone() -> None:
    # 23:30 UTC is already the next day east of Greenwich
    assert dates.local_datetime("2026-03-03T23:30:00Z", timezone(timedelta(hours=1))).day == 4
    assert dates.local_day("2026-03-03 in the afternoon") == "2026-03-03"  # best effort


def test_documents_write_dates_out_in_full() -> None:
    assert dates.long_date(date(2026, 3, 12)) == "12 March 2026"
    assert dates.short_date("2026-03-03T16:00") == "3 Mar 2026"
    assert dates.short_date(None) == dates.short_date("") == "—"
    assert dates.short_date("soon") == "soon"
    assert dates.meeting_when("2026-03-10T16:00", 45) == "Tuesday 10 March 2026, 16:00–16:45"
    assert dates.meeting_when("2026-03-10T23:30", 60) == "Tuesday 10 March 2026, 23:30–00:30"
    assert dates.meeting_when("next week") == "next week"
    assert dates.month_label(date(2026, 11, 30)) == "Nov 2026"


def test_file_stamps_sort_as_time_does() -> None:
    early, late = datetime(2026, 3, 3, 9, 5, 7), datetime(2026, 11, 3, 19, 0, 0)
    assert dates.file_stamp(early) == "2026-03-03-090507"
    assert dates.file_stamp(early) < dates.file_stamp(late)


@given(st.text(max_size=30))
def test_no_formatter_raises_on_any_text(text: str) -> None:
    for show in (dates.format_date, dates.format_datetime, dates.format_time,
                 dates.format_timestamp, dates.short_date, dates.meeting_when):
        assert isinstance(show(text), str)
    assert isinstance(dates.is_iso_day(text), bool)


def test_a_file_stamp_reads_back() -> None:
    moment = datetime(2026, 12, 7, 6, 33, 9)
    assert dates.read_file_stamp(dates.file_stamp(moment)) == moment
    assert dates.read_file_stamp("2026-13-07-063309") is None
    assert dates.read_file_stamp("backup") is None
