"""Which column holds what: the headings of spreadsheets, Canvas gradebooks and rosters,
Outlook and Google contacts and Google Forms answers, matched by alias."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from workbook.errors import InvalidInput
from workbook.exchange.roster_csv import Record
from workbook.validate import shown

# Normalised heading → field. Headings are matched ignoring case, spaces, "_", "-", ".",
# anything in parentheses ("Start date (YYYY-MM-DD)") and a form's question words ("What is
# your name?").
ALIASES: dict[str, str] = {
    **dict.fromkeys(("name", "fullname", "studentname", "learnername", "coacheename"), "name"),
    # Canvas writes its learners "Last, First" under these headings.
    **dict.fromkeys(("student", "sortablename"), "name"),
    **dict.fromkeys(("firstname", "givenname", "first"), "first_name"),
    **dict.fromkeys(("middlename", "additionalname"), "middle_name"),
    **dict.fromkeys(("lastname", "surname", "familyname", "last"), "last_name"),
    **dict.fromkeys(("preferredname", "preferred", "nickname", "goesby"), "preferred_name"),
    **dict.fromkeys(("pronouns", "pronoun"), "pronouns"),
    **dict.fromkeys(("email", "emailaddress", "mail", "email1value", "primaryemail"), "email"),
    **dict.fromkeys(("level", "year", "pgy", "traininglevel", "pgylevel"), "level"),
    **dict.fromkeys(("program", "programme"), "program"),
    **dict.fromkeys(("cohort", "class", "classof"), "cohort"),
    **dict.fromkeys(("startdate", "start"), "start_date"),
    # Outlook's categories and Google's labels are what a coach groups contacts by.
    **dict.fromkeys(("tags", "tag", "categories", "labels", "groupmembership"), "tags"),
}
_SPLIT_HEADINGS = frozenset(("student", "sortablename"))
_CANVAS_HEADINGS = frozenset(("sisuserid", "sisloginid"))
_ASSIGNMENT = re.compile(r"\([0-9]+\)\s*$")
_QUESTION = re.compile(
    r"^(?:please\s+)?(?:(?:what\s+is|what's|whats|what\s+are|enter|give|provide|type)\s+)?"
    r"(?:your\s+)")
# A heading that spells the order of its dates: "Start (dd/mm/yyyy)", "Start date (m/d/yy)".
_DAY_FIRST = re.compile(r"\b[dj]{1,2}\s*[/.\-]\s*m{1,2}\b", re.IGNORECASE)
_MONTH_FIRST = re.compile(r"\bm{1,2}\s*[/.\-]\s*d{1,2}\b", re.IGNORECASE)
MAX_COLUMNS = 2000


def normalise_heading(text: str) -> str:
    text = re.sub(r"\(.*?\)", "", text.replace("\ufeff", "")).casefold().strip()
    text = _QUESTION.sub("", text)
    return re.sub(r"[\s_\-.:*?'’]+", "", text)


def _order_in(heading: str) -> str | None:
    day, month = _DAY_FIRST.search(heading), _MONTH_FIRST.search(heading)
    if day and not month:
        return "dmy"
    if month and not day:
        return "mdy"
    return None


@dataclass(frozen=True)
class Columns:
    """Which cell index holds each field, and the heading the file gives it."""

    index: dict[str, int]
    heading: dict[str, str]
    unknown: list[str]
    width: int
    split_name: bool = False  # the name column holds "Last, First"
    canvas: bool = False  # a Canvas gradebook or roster export
    date_order: dict[str, str] = field(default_factory=dict)  # as a heading spells it

    def cell(self, cells: list[str], field: str) -> str:
        i = self.index.get(field)
        return cells[i] if i is not None and i < len(cells) else ""


def columns(header: Record, name: str) -> Columns:
    if len(header.cells) > MAX_COLUMNS:
        raise InvalidInput(f"{header.where(name)} has {len(header.cells):,} columns; a roster "
                           f"may have at most {MAX_COLUMNS:,}.")
    cells = [c.replace("\ufeff", "").strip() for c in header.cells]
    while cells and not cells[-1]:
        cells.pop()
    index: dict[str, int] = {}
    heading: dict[str, str] = {}
    unknown: list[str] = []
    keys = [normalise_heading(text) for text in cells]
    canvas = bool(_CANVAS_HEADINGS & set(keys))
    for i, (text, key) in enumerate(zip(cells, keys, strict=True)):
        if not text:
            continue
        # Canvas numbers each assignment's heading: "Start (20931)" is a score, not a date.
        field_ = None if canvas and _ASSIGNMENT.search(text) else ALIASES.get(key)
        if field_ is None or field_ in index:
            unknown.append(text)
            continue
        index[field_], heading[field_] = i, shown(text)
    if "name" in index:
        for part in ("first_name", "middle_name", "last_name"):
            if part in index:
                unknown.append(cells[index.pop(part)])
    elif not ({"first_name", "last_name"} & set(index)):
        named = [f'"{shown(c)}"' for c in cells if c]
        found = ", ".join(named[:8]) + (", …" if len(named) > 8 else "") or "nothing"
        raise InvalidInput(
            f'{name} has no "name" column; the first row must name the columns '
            f"(found: {found})."
        )
    orders = {}
    if "start_date" in index and (order := _order_in(cells[index["start_date"]])):
        orders["start_date"] = order
    split = "name" in index and keys[index["name"]] in _SPLIT_HEADINGS
    return Columns(index, heading, unknown, len(cells), split, canvas, orders)


def first_last(value: str) -> str:
    """ "Lima, Ana" → "Ana Lima"; "King, Jr., Martin" → "Martin King, Jr."; else as it is."""
    last, comma, first = value.rpartition(",")
    if not comma or not first.strip() or not last.strip():
        return value
    return f"{first.strip()} {last.strip()}"
