"""Dates and times, once for the whole app: the clock, the stored forms, and the words.

Stored forms: a UTC stamp "2026-03-03T14:30:00Z" for created/updated/saved times
(`now_iso`), a local "2026-03-03T14:30" for meetings (`now_minute`, `minute_iso`) and
"2026-03-03" for days (`today`). Shown forms are locale-neutral on purpose: a shared
hospital workstation may run any system locale, and the coach and the learner should read
the same words on the screen, in the CLI and on paper — "Tue 3 Mar 2026" on screen,
"12 March 2026" and "Tuesday 12 March 2026, 16:00–16:45" in documents, "in 3 days".

Pure Python: the window's Qt conversions (QDate, the system's short format) are in
`ui.kit.dates`, on top of this. Anything unreadable is shown as it was stored rather than
hidden, and nothing that formats raises on bad input: a screen or a printed page must
never fail because of one odd value.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo

from workbook.wording import count

WEEKDAYS_LONG = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS_LONG = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
WEEKDAYS = tuple(day[:3] for day in WEEKDAYS_LONG)
MONTHS = tuple(month[:3] for month in MONTHS_LONG)
STAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
MINUTE_FORMAT = "%Y-%m-%dT%H:%M"

DateLike = str | date | None


# -- the clock and the stored forms ---------------------------------------------------------
def now_iso() -> str:
    """Now as a stored UTC stamp, for created/updated/saved/deleted columns."""
    return stamp_of(now_utc())


def now_utc() -> datetime:
    """Now, aware, in UTC: what stored stamps are compared with."""
    return datetime.now(UTC)


def stamp_of(moment: datetime) -> str:
    """An aware datetime as a stored UTC stamp; a naive one is taken to be UTC already."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime(STAMP_FORMAT)


def now() -> datetime:
    """The coach's local time, naive: every "now" of the app's own clock comes from here."""
    return datetime.now()


def today() -> date:
    """The coach's local date (due dates and meeting dates are local)."""
    return now().date()


def now_minute() -> str:
    """The local time now as a meeting is stored ("2026-03-03T14:30")."""
    return minute_iso(now())


def minute_iso(moment: datetime) -> str:
    """A local datetime as a meeting is stored, to the minute."""
    return moment.strftime(MINUTE_FORMAT)


def file_stamp(moment: datetime | None = None) -> str:
    """Local time as a file name can carry it and sorts by ("2026-03-03-143000")."""
    return (moment or now()).strftime("%Y-%m-%d-%H%M%S")


def read_file_stamp(text: str) -> datetime | None:
    """The local time a `file_stamp` names; None when `text` is not one."""
    try:
        return datetime.strptime(text, "%Y-%m-%d-%H%M%S")
    except ValueError:
        return None


def is_iso_day(text: str) -> bool:
    """Whether `text` starts with a real calendar day as YYYY-MM-DD."""
    return parse_date(text) is not None


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


def days_between(start: DateLike, end: DateLike) -> int:
    """Days from `start` to `end`, negative when `end` comes first; ValueError if either is
    not a day."""
    first, last = parse_date(start), parse_date(end)
    if first is None or last is None:
        raise ValueError(f"not a day: {start!r} or {end!r}")
    return (last - first).days


def day_number(value: DateLike) -> int:
    """A stored day as a number that grows by one a day (a chart's axis); ValueError if it
    is not a day."""
    day = parse_date(value)
    if day is None:
        raise ValueError(f"not a day: {value!r}")
    return day.toordinal()


def weeks_since(value: DateLike, today: date) -> int | None:
    """Whole weeks from a stored day to `today` ("not seen for 6 weeks"); None without one."""
    day = parse_date(value)
    return None if day is None else (today - day).days // 7


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


def local_day(stamp: str) -> str:
    """The coach's local date ("2026-03-03") of a stored UTC stamp; as stored when
    unreadable."""
    moment = local_datetime(stamp)
    return moment.date().isoformat() if moment is not None else str(stamp)[:10]


def format_timestamp(stamp: str | None, tz: tzinfo | None = None) -> str:
    """A stored UTC stamp as local "Tue 3 Mar 2026, 15:30" (created/saved/deleted times)."""
    moment = local_datetime(stamp, tz)
    if moment is None:
        return stamp or ""
    return format_datetime(moment.replace(tzinfo=None))


# -- documents: written out in full, for a printed page ---------------------------------------
def long_date(day: date) -> str:
    """"12 March 2026": unambiguous in every country, whatever the process locale."""
    return f"{day.day} {MONTHS_LONG[day.month - 1]} {day.year}"


def short_date(value: DateLike) -> str:
    """ "2026-03-03" → "3 Mar 2026" (a table cell of a document); unreadable text as
    stored; nothing → "—"."""
    if not value:
        return "—"
    day = parse_date(value)
    if day is None:
        return str(value)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def meeting_when(moment: str, duration: int = 0) -> str:
    """ "Tuesday 12 March 2026, 16:00–16:45" (the end only with a duration); a stored value
    that does not parse is returned as stored."""
    start = parse_datetime(moment)
    if start is None:
        return moment
    text = f"{WEEKDAYS_LONG[start.weekday()]} {long_date(start.date())}, {start:%H:%M}"
    if duration > 0:
        text += f"–{start + timedelta(minutes=duration):%H:%M}"
    return text


def month_label(day: date) -> str:
    """ "Mar 2026", a chart's tick."""
    return f"{MONTHS[day.month - 1]} {day.year}"


# -- words for a distance in days ------------------------------------------------------------
def _span(days: int) -> str:
    """A positive number of days in the unit a person would use."""
    if days < 14:
        return count(days, "day")
    if days < 56:
        return count(days // 7, "week")
    if days < 730:
        return count(max(2, round(days / 30.44)), "month")
    return count(days // 365, "year")


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


# -- reading a date the coach typed ------------------------------------------------------------
_ISO_TYPED = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_SHOWN = re.compile(r"(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?,?\s+(\d{4})")
_FIELDS = {"d": r"(?P<d>\d{1,2})", "dd": r"(?P<d>\d{1,2})", "M": r"(?P<M>\d{1,2})",
           "MM": r"(?P<M>\d{1,2})", "yy": r"(?P<y>\d{4}|\d{2})", "yyyy": r"(?P<y>\d{4}|\d{2})",
           "y": r"(?P<y>\d{4}|\d{2})"}


def _short_pattern(short_format: str) -> re.Pattern[str] | None:
    """A Qt date format ("M/d/yy", "dd.MM.yy", "yyyy/MM/dd") as a regular expression; None
    for a format naming months or weekdays (not a short, numeric one)."""
    parts: list[str] = []
    for token in re.findall(r"'[^']*'|d+|M+|y+|[^dMy']+", short_format):
        if token.startswith("'"):
            parts.append(re.escape(token.strip("'")))
        elif token[0] in "dMy":
            if token not in _FIELDS or f"(?P<{token[0]}>" in "".join(parts):
                return None  # a month or weekday by name, or a field twice
            parts.append(_FIELDS[token])
        else:  # a separator; spaces around it are forgiven
            parts.append(r"\s*".join(re.escape(ch) for ch in token.strip()) or r"\s+")
    try:
        pattern = re.compile(r"\s*".join(parts) if parts else "")
    except re.error:
        return None
    return pattern if {"d", "M", "y"} <= set(pattern.groupindex) else None


def full_year(year: str, today: date | None = None) -> int:
    """A two-digit year the coach typed, in the century that puts it within 50 years of
    today; a four-digit year as it is."""
    if len(year) != 2:
        return int(year)
    today = today or now().date()
    guess = today.year - today.year % 100 + int(year)
    return guess - 100 if guess > today.year + 50 else guess


def spreadsheet_year(year: str) -> int:
    """A two-digit year as Excel and LibreOffice read it when the date was typed (00-29 →
    2000s, 30-99 → 1900s): a roster's "8/3/45" is what its spreadsheet showed as 1945."""
    if len(year) != 2:
        return int(year)
    return int(year) + (2000 if int(year) < 30 else 1900)


def read_date(text: str, short_format: str, today: date) -> date | None:
    """The date a coach typed as YYYY-MM-DD, in the system's short format (`short_format`,
    a Qt pattern such as "M/d/yy"), or as the app shows dates ("Tue 3 Mar 2026"); None when
    it is none of these or no such day exists. The one reader of the dates a coach types;
    a roster's column is read by `workbook.exchange.roster_dates` with this module's month
    names and `spreadsheet_year`, and `validate` accepts only stored (ISO) forms."""
    text = " ".join(text.split())
    try:
        if match := _ISO_TYPED.fullmatch(text):
            return date(*(int(part) for part in match.groups()))
        if match := _SHOWN.fullmatch(text):
            day, month, year = match.groups()
            if month.title() in MONTHS:
                return date(int(year), MONTHS.index(month.title()) + 1, int(day))
            return None
        pattern = _short_pattern(short_format)
        if pattern is not None and (match := pattern.fullmatch(text)):
            return date(full_year(match["y"], today), int(match["M"]), int(match["d"]))
    except ValueError:  # 31 February, month 13, year 0
        return None
    return None


# -- quarters: the finest time a program report carries -----------------------------------
_MONTH = re.compile(r"\s*(\d{4})-(\d{1,2})\s*")
_QUARTER = re.compile(r"\s*(\d{4})-?Q([1-4])\s*", re.IGNORECASE)


def read_month(text: str) -> date | None:
    """The first day of the month "2026-07" names (a quarter "2026-Q3" names its first
    month); None when the text is neither."""
    if match := _MONTH.fullmatch(text):
        year, month = int(match[1]), int(match[2])
    elif match := _QUARTER.fullmatch(text):
        year, month = int(match[1]), 3 * int(match[2]) - 2
    else:
        return None
    # up to 9998: the day after a period's last quarter must still be a date
    return date(year, month, 1) if 1 <= month <= 12 and 1900 <= year <= 9998 else None


def quarter_label(day: date) -> str:
    """ "2026-Q3": the quarter `day` falls in."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_months(start: date) -> str:
    """ "Jul–Sep 2026": the months of the quarter that begins on `start`."""
    return f"{MONTHS[start.month - 1]}–{MONTHS[(start.month + 1) % 12]} {start.year}"


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def next_quarter(day: date) -> date:
    """The first day of the quarter after the one `day` falls in."""
    start = quarter_start(day)
    return date(start.year + (start.month == 10), (start.month + 2) % 12 + 1, 1)


def month_after(text: str) -> date | None:
    """The first day of the month after the month "2027-06" names (an end month read as
    inclusive); None when the text names no month."""
    first = read_month(text)
    if first is None:
        return None
    if _QUARTER.fullmatch(text):
        return next_quarter(first)
    return date(first.year + (first.month == 12), first.month % 12 + 1, 1)
