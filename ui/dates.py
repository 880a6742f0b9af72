"""Dates and times as the whole UI shows them: "Tue 3 Mar 2026", "14:30", "in 3 days".

Locale-neutral on purpose: a shared hospital workstation may run any system locale, and
the coach should read the same form everywhere (the summaries print it too). Pure
functions, no Qt. Anything unreadable is shown as it was stored rather than hidden, and
nothing here raises on bad input: a screen must never fail because of one odd value.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

DateLike = str | date | None


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def parse_date(value: DateLike) -> date | None:
    """The calendar date of "2026-03-03", "2026-03-03T14:30", a date or a datetime."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def parse_datetime(value: str | datetime | None) -> datetime | None:
    """A naive or aware datetime from "2026-03-03T14:30", "… 14:30:00" or "…Z"."""
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def format_date(value: DateLike) -> str:
    """ "2026-03-03" → "Tue 3 Mar 2026"; None → ""; unreadable text is returned as is."""
    day = parse_date(value)
    if day is None:
        return value if isinstance(value, str) else ""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def format_time(value: str | datetime | None) -> str:
    """ "2026-03-03T14:30" → "14:30" (24-hour); "" when there is no time of day."""
    moment = parse_datetime(value)
    if moment is None or (isinstance(value, str) and len(value.strip()) <= 10):
        return ""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def format_datetime(value: str | datetime | None) -> str:
    """ "2026-03-03T14:30" → "Tue 3 Mar 2026, 14:30"; a bare date gives the date alone."""
    if isinstance(value, str) and len(value.strip()) <= 10:
        return format_date(value)
    moment = parse_datetime(value)
    if moment is None:
        return format_date(value) if isinstance(value, str) else ""
    return f"{format_date(moment.date())}, {format_time(moment)}"


def local_datetime(stamp: str | None, tz: tzinfo | None = None) -> datetime | None:
    """A stored UTC stamp ("2026-03-03T14:30:00Z") in the coach's time zone (or `tz`)."""
    moment = parse_datetime(stamp)
    if moment is None:
        return None
    if moment.tzinfo is None:  # stored stamps are UTC even when the suffix is missing
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(tz)


def format_timestamp(stamp: str | None, tz: tzinfo | None = None) -> str:
    """A stored UTC stamp as local "Tue 3 Mar 2026, 15:30" (created/saved/deleted times)."""
    moment = local_datetime(stamp, tz)
    if moment is None:
        return stamp or ""
    return format_datetime(moment.replace(tzinfo=None))


def _span(days: int) -> str:
    """A positive number of days in the unit a person would use."""
    if days < 14:
        return _plural(days, "day")
    if days < 56:
        return _plural(days // 7, "week")
    if days < 730:
        return _plural(max(2, round(days / 30.44)), "month")
    return _plural(days // 365, "year")


def relative_days(days: int) -> str:
    """+3 → "in 3 days", −14 → "2 weeks ago", 0 → "today", ±1 → "tomorrow" / "yesterday"."""
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {_span(days)}" if days > 0 else f"{_span(-days)} ago"


def relative_day(value: DateLike, today: date) -> str:
    """How far `value` is from `today` ("in 3 days", "2 weeks ago"); "" when unreadable."""
    day = parse_date(value)
    if day is None:
        return ""
    return relative_days((day - today).days)


def overdue_phrase(days_overdue: int) -> str:
    """4 → "overdue by 4 days", 0 → "due today", −3 → "due in 3 days"."""
    if days_overdue == 0:
        return "due today"
    if days_overdue < 0:
        return "due tomorrow" if days_overdue == -1 else f"due in {_span(-days_overdue)}"
    return f"overdue by {_span(days_overdue)}"


def due_phrase(value: DateLike, today: date) -> str:
    """For a due or target date: "due in 3 days", "due today", "overdue by 2 weeks"."""
    day = parse_date(value)
    if day is None:
        return ""
    return overdue_phrase((today - day).days)
