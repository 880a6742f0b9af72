"""Dates in a roster, read only when the file leaves no doubt.

ISO dates, month names ("3-Aug-2026", "Aug 3, 2026") and Excel's serial-free text are always
read. "03/04/2026" is 3 April in Europe and March 4 in the US: a column's numeric dates are
read in the order that one of its values proves (a day above 12 in one position), or that its
heading spells ("Start (dd/mm/yyyy)"), or that the coach chose; otherwise nothing is imported
and the coach is asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from workbook import dates
from workbook.errors import AmbiguousDateOrder, InvalidInput

DAY_FIRST, MONTH_FIRST = "dmy", "mdy"
ORDERS = (DAY_FIRST, MONTH_FIRST)
PATTERN = {DAY_FIRST: "d/m/yyyy", MONTH_FIRST: "m/d/yyyy"}
WORDS = {DAY_FIRST: "day first", MONTH_FIRST: "month first"}

_MONTH_NAMES = tuple(name.casefold() for name in dates.MONTHS_LONG)
_MONTHS = {name[:3]: i for i, name in enumerate(_MONTH_NAMES, 1)}
_TIME = r"(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?"
_ISO = re.compile(rf"([0-9]{{4}})[-/]([0-9]{{1,2}})[-/]([0-9]{{1,2}}){_TIME}")
_NUMERIC = re.compile(rf"([0-9]{{1,2}})([/.\-])([0-9]{{1,2}})\2([0-9]{{4}}|[0-9]{{2}}){_TIME}")
_EXCEL = re.compile(r"([0-9]{1,2})[- ]([A-Za-z]{3,9})\.?[- ,]+([0-9]{4}|[0-9]{2})")
_WRITTEN = re.compile(r"([A-Za-z]{3,9})\.? ([0-9]{1,2}),? ([0-9]{4})")


def _month(text: str) -> int:
    """1-12 for "Aug", "aug", "August", "Sept"; 0 (no month, so no date) otherwise."""
    word = text.casefold()
    month = _MONTHS.get(word[:3], 0)
    if month and (len(word) == 3 or word == "sept" or _MONTH_NAMES[month - 1] == word):
        return month
    return 0


def read_roster_date(text: str, order: str | None = None) -> str | None:
    """ISO, d/m/y or m/d/y in `order` ("/", "." or "-", four- or two-digit years), d-MMM-yyyy
    as Excel writes it, or "Aug 3, 2026"; a time after the date is ignored; None if blank.

    Raises ValueError when the text is not one of those, not a real calendar date, or a
    numeric date whose order is not given and matters ("03/04/2026")."""
    text = text.strip()
    if not text:
        return None
    parts: tuple[int, int, int] | None = None
    if m := _ISO.fullmatch(text):
        parts = (int(m[1]), int(m[2]), int(m[3]))
    elif m := _NUMERIC.fullmatch(text):
        first, second = int(m[1]), int(m[3])
        if order is None and first != second and first <= 12 and second <= 12:
            raise ValueError(text)
        if order == DAY_FIRST or (order is None and first > 12):
            parts = (dates.spreadsheet_year(m[4]), second, first)
        else:
            parts = (dates.spreadsheet_year(m[4]), first, second)
    elif m := _EXCEL.fullmatch(text):
        parts = (dates.spreadsheet_year(m[3]), _month(m[2]), int(m[1]))
    elif m := _WRITTEN.fullmatch(text):
        parts = (int(m[3]), _month(m[1]), int(m[2]))
    if parts is None:
        raise ValueError(text)
    year, month, day = parts
    return date(year, month, day).isoformat()


@dataclass
class DateColumn:
    """What a column's numeric dates say about their order, gathered row by row."""

    heading: str
    proof: dict[str, tuple[str, str]] = field(default_factory=dict)  # order → (value, where)
    unsure: tuple[str, str] | None = None  # the first value that reads both ways

    def see(self, value: str, where: str) -> None:
        m = _NUMERIC.fullmatch(value.strip())
        if m is None:
            return
        first, second = int(m[1]), int(m[3])
        if first > 12 and second > 12:
            return  # not a date at all: its row says so
        if first > 12:
            self.proof.setdefault(DAY_FIRST, (value.strip(), where))
        elif second > 12:
            self.proof.setdefault(MONTH_FIRST, (value.strip(), where))
        elif first != second and self.unsure is None:
            self.unsure = (value.strip(), where)

    def order(self, name: str, chosen: str | None, spelled: str | None) -> str | None:
        """The order to read this column in; one sentence when the file leaves a doubt."""
        if len(self.proof) == 2:
            (a, a_at), (b, b_at) = self.proof[DAY_FIRST], self.proof[MONTH_FIRST]
            raise InvalidInput(
                f'{name}, column "{self.heading}": "{a}" ({a_at}) is day first but "{b}" '
                f"({b_at}) is month first; write every date in one order, or as YYYY-MM-DD."
            )
        if chosen or spelled:
            return chosen or spelled
        if self.proof:
            return next(iter(self.proof))
        if self.unsure is None:
            return None
        value, where = self.unsure
        m = _NUMERIC.fullmatch(value)
        assert m is not None
        first, second, year = int(m[1]), int(m[3]), dates.spreadsheet_year(m[4])
        readings = {DAY_FIRST: dates.long_date(date(year, second, first)),
                    MONTH_FIRST: dates.long_date(date(year, first, second))}
        raise AmbiguousDateOrder(
            f'{name}, column "{self.heading}": dates such as "{value}" ({where}) can be read '
            f"day first ({readings[DAY_FIRST]}) or month first ({readings[MONTH_FIRST]}), "
            "and no date in the column tells which; choose the order the file uses.",
            column=self.heading, example=value, readings=readings)
