"""Rows to records: every dataclass the domain reads from a query is built here, by name.

A positional constructor (`cls(row["id"], row["title"], ...)`) silently swaps two columns of
the same type when someone reorders the dataclass's fields; matching each field to the column
of the same name cannot. Columns the record has no field for are ignored (a `SELECT *` joined
with extra columns is fine); a field without a default whose column is missing is a bug in the
query, reported with the column's name.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, ClassVar, Self, TypeVar

R = TypeVar("R")
Converters = Mapping[str, Callable[[Any], Any]]


class MissingColumn(LookupError):
    """A query's row lacks a column a record needs: a bug in the query, not the coach's."""


@cache
def _init_fields(cls: type) -> tuple[tuple[str, bool], ...]:
    """(name, required) of each field the constructor takes, in declaration order."""
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"{cls.__qualname__} is not a dataclass.")
    return tuple(
        (f.name, f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
        for f in dataclasses.fields(cls) if f.init
    )


def record_from_row(cls: type[R], row: Mapping[str, Any], /, *,
                    convert: Mapping[str, Callable[[Any], Any]] | None = None,
                    **given: Any) -> R:
    """`cls` with each field taken from `given`, else from the row's column of that name.

    `convert` maps a field to a function applied to its column's value (`bool` for an
    SQLite 0/1 flag); `given` supplies fields computed by the caller or named differently
    in the row. A field with a default keeps it when neither supplies a value.
    """
    convert = convert or {}
    unknown = (convert.keys() | given.keys()) - {name for name, _ in _init_fields(cls)}
    if unknown:
        raise TypeError(f"{cls.__qualname__} has no field {', '.join(sorted(unknown))}.")
    values: dict[str, Any] = {}
    for name, required in _init_fields(cls):
        if name in given:
            values[name] = given[name]
        elif name in row:
            value = row[name]
            values[name] = convert[name](value) if name in convert else value
        elif required:
            raise MissingColumn(
                f"{cls.__qualname__} needs the column «{name}», which the row lacks "
                f"(it has: {', '.join(row) or 'no columns'})."
            )
    return cls(**values)


class FromRow:
    """Base of a record read from one row: `Record.from_row(row)` fills every field by name.

    A record whose columns need converting says so in `CONVERT` (`{"shared": bool}` for an
    SQLite 0/1 flag); one that computes fields writes its own `from_row` on the helper.
    """

    CONVERT: ClassVar[Converters] = {}

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Self:
        return record_from_row(cls, row, convert=cls.CONVERT)
