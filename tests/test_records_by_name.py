"""Rows become records by column name, never by position: reordering a dataclass's fields
cannot swap two values of the same type, and a query that forgets a column says which."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path
from typing import ClassVar

import pytest

from tests.records import fails
from workbook import actions, coachees, notes, privacy, sessions, settings
from workbook.actions import ActionItem
from workbook.records import Converters, FromRow, MissingColumn, record_from_row

ROOT = Path(__file__).resolve().parent.parent
HELPER = "record_from_row"


@dataclasses.dataclass(frozen=True)
class FullName:
    # declared the other way round from the SELECT below
    family: str
    given: str
    shared: bool = False


def test_two_same_typed_fields_declared_out_of_select_order_keep_their_own_values(db) -> None:  # type: ignore[no-untyped-def]
    row = next(db.query("SELECT 'Zoë' AS given, 'Kowalczyk' AS family, 1 AS shared"))
    assert list(row) == ["given", "family", "shared"]
    name = record_from_row(FullName, row, convert={"shared": bool})
    assert name == FullName(family="Kowalczyk", given="Zoë", shared=True)


def test_a_domain_record_with_its_fields_reversed_reads_the_same_row_the_same(db) -> None:  # type: ignore[no-untyped-def]
    cid = coachees.add(db, "Tomás Ferreira").id
    item = actions.get(db, actions.add(db, cid, "Book the practice exam", owner="coach",
                                       owner_note="by Friday").id)
    row = next(db.query("SELECT * FROM action_items WHERE id = ?", [item.id]))
    reversed_fields = [(f.name, f.type) for f in reversed(dataclasses.fields(ActionItem))]
    Reversed = dataclasses.make_dataclass("Reversed", reversed_fields, frozen=True)
    read = record_from_row(Reversed, row)
    for f in dataclasses.fields(ActionItem):
        assert getattr(read, f.name) == getattr(item, f.name) == row[f.name], f.name
    assert (read.text, read.owner, read.owner_note) == (
        "Book the practice exam", "coach", "by Friday")


def test_a_missing_column_is_named_in_the_error(db) -> None:  # type: ignore[no-untyped-def]
    row = next(db.query("SELECT 'Kowalczyk' AS family, 1 AS shared"))
    with fails(MissingColumn, "FullName needs the column «given», which the row lacks "
                              "(it has: family, shared)."):
        record_from_row(FullName, row)


def test_a_field_with_a_default_keeps_it_when_the_row_lacks_its_column() -> None:
    assert record_from_row(FullName, {"family": "Ng", "given": "Ada"}).shared is False
    assert settings.Settings.from_row({"coach_name": "Ines"}) == settings.Settings(
        coach_name="Ines")


def test_given_values_win_over_the_row_and_unknown_names_are_refused() -> None:
    row = {"family": "Ng", "given": "Ada", "shared": 0}
    assert record_from_row(FullName, row, given="Ada Mae").given == "Ada Mae"
    with fails(TypeError, "FullName has no field nickname."):
        record_from_row(FullName, row, nickname="Ace")
    with fails(TypeError, "FullName has no field surname."):
        record_from_row(FullName, row, convert={"surname": str.upper})


def test_records_read_through_the_helper_match_what_was_written(db) -> None:  # type: ignore[no-untyped-def]
    cid = coachees.add(db, "Zoë Kowalczyk", preferred_name="Zo", tags=["cohort-a"]).id
    coachee = coachees.get(db, cid)
    assert (coachee.name, coachee.preferred_name, coachee.tags) == (
        "Zoë Kowalczyk", "Zo", ("cohort-a",))
    sid = sessions.start(db, cid, "grow", scheduled_at="2026-03-03T10:00").id
    section = notes.list_sections(db, sid)[0]
    notes.set_shared(db, section.id, not section.shared)
    change = privacy.history(db, section.id)[-1]
    assert (change.section_id, change.shared) == (section.id, not section.shared)
    assert isinstance(change.shared, bool)


def _workbook_modules() -> list[Path]:
    return sorted((ROOT / "workbook").rglob("*.py"))


def _calls(node: ast.AST) -> set[str]:
    return {getattr(n.func, "id", None) or getattr(n.func, "attr", "")
            for n in ast.walk(node) if isinstance(n, ast.Call)}


def _inherits_from_row(node: ast.ClassDef) -> bool:
    return any(getattr(base, "id", None) == "FromRow" for base in node.bases)


def test_every_from_row_in_workbook_builds_its_record_through_the_helper() -> None:
    found, positional = [], []
    for path in _workbook_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and _inherits_from_row(node):
                found.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.FunctionDef) and node.name == "from_row":
                found.append(f"{path.name}:{node.lineno}")
                if HELPER not in _calls(node) or "cls" in _calls(node):
                    positional.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert len(found) >= 30
    assert positional == []


def test_a_record_on_the_base_is_built_by_name_with_its_conversions(db) -> None:  # type: ignore[no-untyped-def]
    @dataclasses.dataclass(frozen=True)
    class Flagged(FromRow):
        family: str
        given: str
        shared: bool = False
        CONVERT: ClassVar[Converters] = {"shared": bool}

    row = next(db.query("SELECT 'Zoë' AS given, 'Kowalczyk' AS family, 1 AS shared"))
    assert Flagged.from_row(row) == Flagged(family="Kowalczyk", given="Zoë", shared=True)
    assert Flagged.from_row(row).shared is True
    with pytest.raises(MissingColumn, match="given"):
        Flagged.from_row({"family": "Ng"})


def _is_column(node: ast.expr) -> bool:
    return (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, str))


NOT_RECORDS = {"Path"}  # a path read from a field is one value, not a record's columns


def test_no_record_in_workbook_takes_a_column_by_position() -> None:
    """`Record(row["a"], row["b"])` anywhere in workbook/ is the bug this rule prevents."""
    offenders = []
    for path in _workbook_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", "")
            if (name == "cls" or name[:1].isupper()) and name not in NOT_RECORDS \
                    and any(map(_is_column, node.args)):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
    assert offenders == []


@pytest.mark.parametrize("source, caught", [
    ("class A:\n    @classmethod\n    def from_row(cls, row):\n"
     "        return cls(row['id'], row['name'])\n", True),
    ("class A:\n    @classmethod\n    def from_row(cls, row):\n"
     "        return record_from_row(cls, row)\n", False),
])
def test_the_scan_tells_a_positional_from_row_from_one_by_name(source: str,
                                                               caught: bool) -> None:
    fn = next(n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.FunctionDef))
    assert (HELPER not in _calls(fn) or "cls" in _calls(fn)) is caught
