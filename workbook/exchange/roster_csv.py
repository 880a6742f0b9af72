"""Reading a roster CSV as schools export it from Excel or Google Sheets: the delimiter and
the records, each with the line a coach sees it on."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from workbook.errors import InvalidInput

_SEP_LINE = re.compile(r"\A\"?sep=(.)\"?[ \t]*(\r\n|\n|\r)", re.IGNORECASE)
_FIRST_LINE = re.compile(r"[^\r\n]*[^\s][^\r\n]*")
# The csv module's own bound on one value; a larger one is an unclosed quote or not a roster.
_FIELD_LIMIT = csv.field_size_limit()


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def sniff(text: str) -> tuple[str, str, int]:
    """(delimiter, text without Excel's "sep=;" line, physical lines removed from the top).

    The header line decides: the candidate it holds most often wins; on a tie TAB beats ";"
    beats "," (people do not type tabs into headings, and ";" files are European Excel's)."""
    match = _SEP_LINE.match(text)
    if match and match.group(1) in ",;\t|":
        return match.group(1), text[match.end():], 1
    first = _FIRST_LINE.search(text)
    header = first[0] if first else ""
    counts = {d: _count_outside_quotes(header, d) for d in ("\t", ";", ",")}
    best = max(counts, key=lambda d: counts[d])
    return (best if counts[best] else ","), text, 0


@dataclass(frozen=True)
class Record:
    row: int  # the row number a spreadsheet shows (header = 1)
    line: int  # the physical line the record starts on, as a text editor counts
    cells: list[str]

    def where(self, name: str) -> str:
        return f"{name}, {self.lines()}"

    def lines(self) -> str:
        if self.line == self.row:
            return f"line {self.row}"
        return f"line {self.row} (line {self.line} in a text editor)"


def records(text: str, delimiter: str, name: str, skipped_lines: int) -> Iterator[Record]:
    """Every record, blank ones included (a spreadsheet shows them as empty rows)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    row, consumed = 0, 0
    while True:
        start = consumed + 1 + skipped_lines
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            where = Record(row + 1, start, []).where(name)
            if "unexpected end of data" in str(exc):
                raise InvalidInput(
                    f'{where}: a value opens a quote (") that is never closed; check the '
                    "quotes on this line."
                ) from None
            if "field larger than field limit" in str(exc):
                raise InvalidInput(
                    f"{where} holds a value longer than {_FIELD_LIMIT:,} characters; a quote "
                    '(") may be left open above it.'
                ) from None
            raise InvalidInput(f"{where} cannot be read as CSV ({exc}).") from None
        row += 1
        consumed = reader.line_num
        yield Record(row, start, cells)
