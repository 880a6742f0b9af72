"""Checks shared by every domain module: each turns bad input into one `InvalidInput` sentence.

`field` is the human name of what is being checked ("due date", "email"); it starts the
sentence, so it is capitalised there. Every helper accepts any object and raises nothing but
`InvalidInput`, so a caller can validate everything before touching the database.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from workbook import dates
from workbook.errors import InvalidInput

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})[T ]([0-9]{2}):([0-9]{2})(?::00)?")


def _cap(field: str) -> str:
    return field[:1].upper() + field[1:]


def shown(value: Any, limit: int = 40) -> str:
    """`value` as it appears inside «…» in a sentence: short, on one line."""
    try:
        text = value if isinstance(value, str) else repr(value)
    except Exception:  # a hostile __repr__ must not replace the sentence with a traceback
        text = "?"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def fold(value: str) -> str:
    """Key for sorting and matching names: case- and accent-insensitive ("Zoë" ≈ "zoe")."""
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def match_key(value: str) -> str:
    """The key under which `same_text` calls two texts equal."""
    return " ".join(unicodedata.normalize("NFC", value).casefold().split())


def same_text(a: str, b: str) -> bool:
    """Case-insensitive, whitespace-tolerant equality that keeps accents ("Zoë" ≠ "Zoe")."""
    return match_key(a) == match_key(b)


def text(value: Any, field: str, *, required: bool = False, max_len: int = 10_000,
         missing: str | None = None) -> str:
    """Stripped text; None counts as empty. `missing` replaces the sentence for an empty value."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(f"{_cap(field)} must be text, not «{shown(value)}».")
    value = unicodedata.normalize("NFC", value.strip())
    if required and not value:
        raise InvalidInput(missing or f"{_cap(field)} cannot be empty.")
    if len(value) > max_len:
        raise InvalidInput(
            f"{_cap(field)} is too long ({len(value)} characters; at most {max_len})."
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(f"{_cap(field)} contains characters that cannot be stored.") from None
    return value


def iso_date(value: Any, field: str) -> str | None:
    """A calendar date as YYYY-MM-DD; None or blank means no date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        candidate = value.strip()
        if not candidate:
            return None
        day = dates.parse_date(candidate) if _DATE.fullmatch(candidate) else None
        if day is not None:
            return day.isoformat()
    raise InvalidInput(f"{_cap(field)} «{shown(value)}» is not a date; use YYYY-MM-DD.")


def iso_datetime(value: Any, field: str) -> str | None:
    """A local date and time as YYYY-MM-DDTHH:MM (minutes); None or blank means none."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return dates.minute_iso(value)
    if isinstance(value, str):
        candidate = value.strip()
        if not candidate:
            return None
        match = _DATETIME.fullmatch(candidate)
        if match:
            day, hour, minute = match.groups()
            moment = dates.parse_datetime(f"{day}T{hour}:{minute}")
            if moment is not None:
                return dates.minute_iso(moment)
    raise InvalidInput(
        f"{_cap(field)} «{shown(value)}» is not a date and time; use YYYY-MM-DD HH:MM."
    )


def choice(value: Any, field: str, options: Sequence[str]) -> str:
    """One of `options` (matched ignoring case and surrounding spaces), spelled as in `options`."""
    if isinstance(value, str):
        wanted = value.strip().casefold()
        for option in options:
            if option.casefold() == wanted:
                return option
    raise InvalidInput(
        f"{_cap(field)} «{shown(value)}» is not one of: {', '.join(options)}."
    )


def integer(value: Any, field: str, *, minimum: int | None = None,
            maximum: int | None = None) -> int:
    """A whole number within [minimum, maximum]; digit strings are accepted."""
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif (isinstance(value, float) and value.is_integer()) or (
        isinstance(value, str) and re.fullmatch(r"\s*[+-]?[0-9]{1,12}\s*", value)
    ):
        number = int(value)
    if number is None:
        raise InvalidInput(f"{_cap(field)} «{shown(value)}» is not a whole number.")
    _check_range(number, field, minimum, maximum)
    return number


def number(value: Any, field: str, *, minimum: float | None = None,
           maximum: float | None = None, above: float | None = None,
           below: float | None = None) -> float:
    """A finite number; `minimum`/`maximum` are inclusive bounds, `above`/`below` exclusive."""
    result: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        result = float(value)
    elif isinstance(value, str):
        try:
            result = float(value.strip())
        except ValueError:
            result = None
    if result is None or not math.isfinite(result):
        raise InvalidInput(f"{_cap(field)} «{shown(value)}» is not a number.")
    if above is not None and not result > above:
        raise InvalidInput(f"{_cap(field)} must be more than {_num(above)} (got {_num(result)}).")
    if below is not None and not result < below:
        raise InvalidInput(f"{_cap(field)} must be less than {_num(below)} (got {_num(result)}).")
    _check_range(result, field, minimum, maximum)
    return result


def _num(value: float) -> str:
    if isinstance(value, int) or value.is_integer():
        return str(int(value))
    return f"{value:g}"


def _check_range(value: float, field: str, minimum: float | None, maximum: float | None) -> None:
    low = minimum is not None and value < minimum
    high = maximum is not None and value > maximum
    if not (low or high):
        return
    if minimum is not None and maximum is not None:
        raise InvalidInput(
            f"{_cap(field)} must be between {_num(minimum)} and {_num(maximum)} "
            f"(got {_num(value)})."
        )
    if low:
        raise InvalidInput(f"{_cap(field)} must be at least {_num(minimum)} (got {_num(value)}).")
    raise InvalidInput(f"{_cap(field)} must be at most {_num(maximum)} (got {_num(value)}).")


def boolean(value: Any, field: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise InvalidInput(f"{_cap(field)} must be yes or no, not «{shown(value)}».")


def sql_ids(ids: Iterable[Any]) -> str:
    """Record ids as an SQL list, each checked to be a whole number ("NULL" for none)."""
    return ",".join(str(record_id(i, "record")) for i in ids) or "NULL"


def record_id(value: Any, what: str) -> int:
    """A database id: a whole number (`what` names the record: "goal")."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**63:
        return value
    raise InvalidInput(f"«{shown(value)}» is not a valid {what} id.")


def id_list(values: Any, what: str) -> list[int]:
    """A list of record ids without duplicates, in the order given."""
    if values is None:
        return []
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable):
        raise InvalidInput(f"The {what} ids must be a list, not «{shown(values)}».")
    result: list[int] = []
    for item in values:
        checked = record_id(item, what)
        if checked not in result:
            result.append(checked)
    return result


def known_fields(fields: Mapping[str, Any], allowed: Iterable[str], plural: str) -> None:
    """Refuse a field name the record does not have ("Coachees have no field «x».")."""
    allowed_set = set(allowed)
    for name in fields:
        if name not in allowed_set:
            raise InvalidInput(f"{_cap(plural)} have no field «{shown(name)}».")
