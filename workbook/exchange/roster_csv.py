"""Reading a roster CSV as schools export it from Excel or Google Sheets: the encoding, the
delimiter, the records with the line a coach sees each one on, and the header's columns."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from workbook.errors import InvalidInput
from workbook.validate import shown

# Normalised header text → field. Headers are matched ignoring case, spaces, "_", "-", "."
# and anything in parentheses ("Start date (YYYY-MM-DD)").
ALIASES: dict[str, str] = {
    **dict.fromkeys(("name", "fullname", "studentname", "learnername", "coacheename"), "name"),
    **dict.fromkeys(("firstname", "givenname", "first"), "first_name"),
    **dict.fromkeys(("lastname", "surname", "familyname", "last"), "last_name"),
    **dict.fromkeys(("preferredname", "preferred", "nickname", "goesby"), "preferred_name"),
    **dict.fromkeys(("pronouns", "pronoun"), "pronouns"),
    **dict.fromkeys(("email", "emailaddress", "mail"), "email"),
    **dict.fromkeys(("level", "year", "pgy", "traininglevel", "pgylevel"), "level"),
    **dict.fromkeys(("program", "programme"), "program"),
    **dict.fromkeys(("cohort", "class", "classof"), "cohort"),
    **dict.fromkeys(("startdate", "start"), "start_date"),
    **dict.fromkeys(("tags", "tag"), "tags"),
}

_MAGIC = {
    b"PK\x03\x04": "is an Excel workbook (or another ZIP file), not a CSV file; open it in "
                   "Excel and save it as CSV first",
    b"\xd0\xcf\x11\xe0": "is an Excel workbook, not a CSV file; open it in Excel and save it "
                         "as CSV first",
    b"%PDF": "is a PDF document, not a CSV file",
    b"SQLite format 3": "is a database, not a CSV file",
}
_BINARY = "is not a text file (it looks like binary data); save the roster as CSV and try again"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SEP_LINE = re.compile(r"\A\"?sep=(.)\"?[ \t]*(\r\n|\n|\r)", re.IGNORECASE)


def decode(raw: bytes, name: str) -> str:
    """UTF-16 with BOM, UTF-8 with or without BOM, else Windows-1252 (Excel's "CSV")."""
    for magic, what in _MAGIC.items():
        if raw.startswith(magic):
            raise InvalidInput(f"{name} {what}.")
    try:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = raw.decode("utf-16")
        elif raw.startswith(b"\xef\xbb\xbf"):
            text = raw[3:].decode("utf-8")
        else:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("cp1252")
    except UnicodeDecodeError:
        raise InvalidInput(f"{name} {_BINARY}.") from None
    text = text.lstrip("\ufeff").rstrip("\x1a")  # a doubled BOM; a DOS end-of-file mark
    if not text.strip():
        raise InvalidInput(f"{name} is empty.")
    controls = len(_CONTROL.findall(text[:100_000]))
    # Text holds almost no control characters and never NUL; binary data is full of both. A
    # stray one in a cell is reported on its line instead.
    if "\x00" in text or controls > max(10, len(text[:100_000]) // 20):
        raise InvalidInput(f"{name} {_BINARY}.")
    return text


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
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: _count_outside_quotes(header, d) for d in ("\t", ";", ",")}
    best = max(counts, key=lambda d: counts[d])
    return (best if counts[best] else ","), text, 0


@dataclass(frozen=True)
class Record:
    row: int  # the row number a spreadsheet shows (header = 1)
    line: int  # the physical line the record starts on, as a text editor counts
    cells: list[str]

    def where(self, name: str) -> str:
        if self.line == self.row:
            return f"{name}, line {self.row}"
        return f"{name}, line {self.row} (line {self.line} in a text editor)"


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
            raise InvalidInput(f"{where} cannot be read as CSV ({exc}).") from None
        row += 1
        consumed = reader.line_num
        yield Record(row, start, cells)


def normalise_heading(text: str) -> str:
    text = re.sub(r"\(.*?\)", "", text.replace("\ufeff", ""))
    return re.sub(r"[\s_\-.:*]+", "", text).casefold()


@dataclass(frozen=True)
class Columns:
    """Which cell index holds each field, and the heading the file gives it."""

    index: dict[str, int]
    heading: dict[str, str]
    unknown: list[str]
    width: int

    def cell(self, cells: list[str], field: str) -> str:
        i = self.index.get(field)
        return cells[i] if i is not None and i < len(cells) else ""


def columns(header: Record, name: str) -> Columns:
    cells = [c.replace("\ufeff", "").strip() for c in header.cells]
    while cells and not cells[-1]:
        cells.pop()
    index: dict[str, int] = {}
    heading: dict[str, str] = {}
    unknown: list[str] = []
    for i, text in enumerate(cells):
        if not text:
            continue
        field = ALIASES.get(normalise_heading(text))
        if field is None or field in index:
            unknown.append(text)
            continue
        index[field], heading[field] = i, shown(text)
    if "name" in index:
        index.pop("first_name", None)
        index.pop("last_name", None)
    elif not ({"first_name", "last_name"} & set(index)):
        named = [f'"{shown(c)}"' for c in cells if c]
        found = ", ".join(named[:8]) + (", …" if len(named) > 8 else "") or "nothing"
        raise InvalidInput(
            f'{name} has no "name" column; the first row must name the columns '
            f"(found: {found})."
        )
    return Columns(index, heading, unknown, len(cells))
