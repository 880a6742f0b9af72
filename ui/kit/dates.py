"""Dates in the window's widgets, on top of `workbook.dates`: QDate and QDateTime to and from
the stored forms, today as a QDate from the app's one clock, and the system's short date
format, which a coach may type in (the app itself shows dates one way everywhere).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

from workbook import dates

EXAMPLE = date(2027, 3, 1)  # 1 March: day and month differ, so the example shows the order
TIME_FORMAT = "HH:mm"  # the app shows times as 14:30 whatever the system locale


def to_qdate(day: date | None) -> QDate:
    """A date as a QDate; None as an invalid QDate (no date)."""
    return QDate(day.year, day.month, day.day) if day else QDate()


def qdate_of(value: str | None) -> QDate:
    """A stored "2026-03-03" (or a longer stamp) as a QDate; invalid when none or unreadable."""
    return to_qdate(dates.parse_date(value))


def iso_of(value: QDate) -> str | None:
    """A QDate as stored ("2026-03-03"); None for an invalid QDate."""
    return date(value.year(), value.month(), value.day()).isoformat() if value.isValid() else None


def qtoday() -> QDate:
    """Today, from the app's one clock (`workbook.dates.today`) rather than Qt's."""
    return to_qdate(dates.today())


def to_qdatetime(value: str | None) -> QDateTime:
    """A stored local "2026-03-03T14:30" as a QDateTime (now when missing or unreadable)."""
    moment = dates.parse_datetime(value) if value and len(value.strip()) > 10 else None
    if moment is None:
        return QDateTime.currentDateTime()
    return QDateTime(to_qdate(moment.date()), QTime(moment.hour, moment.minute))


def from_qdatetime(value: QDateTime) -> str:
    """A QDateTime as a meeting is stored, to the minute."""
    day, time = value.date(), value.time()
    return f"{iso_of(day)}T{time.hour():02d}:{time.minute():02d}"


def short_format(locale: QLocale | None = None) -> str:
    """The system's short date format as a Qt pattern ("M/d/yy" in the US)."""
    return (locale or QLocale()).dateFormat(QLocale.FormatType.ShortFormat)


def typed_date(text: str, locale: QLocale | None = None) -> date | None:
    """What `text` means as a date for this system, or None."""
    return dates.read_date(text, short_format(locale), dates.today())


def unreadable(text: str, locale: QLocale | None = None) -> str:
    """The sentence for a date that could not be read, with both forms as examples."""
    locale = locale or QLocale()
    example = locale.toString(to_qdate(EXAMPLE), short_format(locale))
    shown = text if len(text) <= 30 else text[:29] + "…"
    forms = f"YYYY-MM-DD ({EXAMPLE.isoformat()})"
    # The "C" locale of a bare system has a short format nobody types ("1 03 2027").
    if example != EXAMPLE.isoformat() and locale.language() != QLocale.Language.C:
        forms += f" or as {example}"
    return f"«{shown}» is not a date this field can read; type it as {forms}."
