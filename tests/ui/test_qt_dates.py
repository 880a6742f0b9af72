"""The window's date conversions (ui.kit.dates) agree with the domain's stored forms."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QDate, QDateTime, QTime

from ui.kit import dates as qt_dates
from workbook import dates


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_a_stored_day_survives_the_round_trip_through_qdate(day: date) -> None:
    assert qt_dates.iso_of(qt_dates.qdate_of(day.isoformat())) == day.isoformat()
    assert qt_dates.qdate_of(day.isoformat()) == qt_dates.to_qdate(day)


@pytest.mark.parametrize("stored", [None, "", "soon", "2026-02-30", "2026-13-01"])
def test_nothing_or_an_unreadable_day_is_an_invalid_qdate(stored: str | None) -> None:
    assert not qt_dates.qdate_of(stored).isValid()
    assert qt_dates.iso_of(QDate()) is None


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)))
def test_a_meeting_time_survives_the_round_trip_through_qdatetime(moment: datetime) -> None:
    stored = dates.minute_iso(moment)
    assert qt_dates.from_qdatetime(qt_dates.to_qdatetime(stored)) == stored


def test_a_missing_meeting_time_is_now() -> None:
    before = QDateTime.currentDateTime().addSecs(-60)
    assert qt_dates.to_qdatetime(None) >= before
    assert qt_dates.to_qdatetime("2026-03-03") >= before  # a day alone is no meeting time
    assert qt_dates.from_qdatetime(QDateTime(QDate(2026, 3, 3), QTime(9, 5))) == \
        "2026-03-03T09:05"


def test_today_comes_from_the_apps_one_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "today", lambda: date(2031, 7, 4))
    assert qt_dates.qtoday() == QDate(2031, 7, 4)
    assert qt_dates.typed_date("4/7/31", None) in (date(2031, 4, 7), date(2031, 7, 4), None)
