"""The shared input checks: each accepts what it should and refuses everything else with one
InvalidInput sentence naming the field — never another exception."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbook import validate
from workbook.errors import InvalidInput

anything = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(), st.binary(),
    st.dates(), st.datetimes(), st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.text(alphabet="0123456789-:T ", max_size=20),
    st.sampled_from(["\ud800", "ok\udfff", "\x00"]),  # lone surrogates, NUL
)

CHECKS = [
    lambda v: validate.text(v, "note", required=True, max_len=50),
    lambda v: validate.iso_date(v, "due date"),
    lambda v: validate.iso_datetime(v, "meeting time"),
    lambda v: validate.choice(v, "status", ("active", "paused")),
    lambda v: validate.integer(v, "progress", minimum=0, maximum=100),
    lambda v: validate.number(v, "weight", above=0, maximum=100),
    lambda v: validate.boolean(v, "demo workbook"),
    lambda v: validate.record_id(v, "goal"),
    lambda v: validate.id_list(v, "value"),
    lambda v: validate.known_fields({str(v): 1}, ("title",), "goals"),
]


@given(st.sampled_from(range(len(CHECKS))), anything)
def test_checks_raise_nothing_but_invalid_input(which: int, value: object) -> None:
    try:
        CHECKS[which](value)
    except InvalidInput as exc:
        assert exc.sentence.endswith(".")
        assert exc.sentence[0].isupper() or exc.sentence[0] == "«"


@given(st.dates())
def test_iso_date_round_trips_any_date(day: date) -> None:
    assert validate.iso_date(day.isoformat(), "due date") == day.isoformat()
    assert validate.iso_date(day, "due date") == day.isoformat()


@given(st.datetimes(min_value=datetime(1000, 1, 1)))
def test_iso_datetime_keeps_minutes(moment: datetime) -> None:
    expected = moment.strftime("%Y-%m-%dT%H:%M")
    assert validate.iso_datetime(moment, "meeting time") == expected
    assert validate.iso_datetime(expected.replace("T", " "), "meeting time") == expected


@given(st.text())
def test_text_result_is_stripped_and_bounded(value: str) -> None:
    try:
        result = validate.text(value, "note", max_len=20)
    except InvalidInput as exc:
        assert exc.sentence.startswith("Note ")
    else:
        assert result == result.strip() and len(result) <= 20


@pytest.mark.parametrize(("call", "sentence"), [
    (lambda: validate.iso_date("31/02/2027", "due date"),
     "Due date «31/02/2027» is not a date; use YYYY-MM-DD."),
    (lambda: validate.iso_date("20270301", "due date"),
     "Due date «20270301» is not a date; use YYYY-MM-DD."),
    (lambda: validate.iso_datetime("2027-03-01 25:00", "meeting time"),
     "Meeting time «2027-03-01 25:00» is not a date and time; use YYYY-MM-DD HH:MM."),
    (lambda: validate.text("", "title", required=True), "Title cannot be empty."),
    (lambda: validate.text(" ", "title", required=True, missing="A goal needs a title."),
     "A goal needs a title."),
    (lambda: validate.text("abcdef", "title", max_len=3),
     "Title is too long (6 characters; at most 3)."),
    (lambda: validate.text("\ud800", "note"), "Note contains characters that cannot be stored."),
    (lambda: validate.choice("x", "page size", ("Letter", "A4")),
     "Page size «x» is not one of: Letter, A4."),
    (lambda: validate.integer("7.5", "progress"), "Progress «7.5» is not a whole number."),
    (lambda: validate.integer(True, "progress"), "Progress «True» is not a whole number."),
    (lambda: validate.integer(101, "progress", minimum=0, maximum=100),
     "Progress must be between 0 and 100 (got 101)."),
    (lambda: validate.integer(-1, "position", minimum=0), "Position must be at least 0 (got -1)."),
    (lambda: validate.integer(9, "level", maximum=2), "Level must be at most 2 (got 9)."),
    (lambda: validate.number("nan", "weight"), "Weight «nan» is not a number."),
    (lambda: validate.number(0, "weight", above=0), "Weight must be more than 0 (got 0)."),
    (lambda: validate.number(1, "rho", below=1), "Rho must be less than 1 (got 1)."),
    (lambda: validate.boolean("yes", "demo"), "Demo must be yes or no, not «yes»."),
    (lambda: validate.record_id("3", "goal"), "«3» is not a valid goal id."),
    (lambda: validate.id_list("1,2", "value"), "The value ids must be a list, not «1,2»."),
    (lambda: validate.known_fields({"x": 1}, ("title",), "goals"), "Goals have no field «x»."),
])
def test_sentences_name_the_field(call, sentence: str) -> None:
    with pytest.raises(InvalidInput) as info:
        call()
    assert info.value.sentence == sentence


def test_accepted_forms() -> None:
    assert validate.iso_date(" 2027-03-01 ", "d") == "2027-03-01"
    assert validate.iso_date("", "d") is None and validate.iso_date(None, "d") is None
    assert validate.iso_date(datetime(2027, 3, 1, 9, 30), "d") == "2027-03-01"
    assert validate.iso_datetime("2027-03-01T09:30:00", "t") == "2027-03-01T09:30"
    assert validate.iso_datetime(" ", "t") is None
    assert validate.choice(" a4 ", "page size", ("Letter", "A4")) == "A4"
    assert validate.integer(" 42 ", "n") == 42 and validate.integer(3.0, "n") == 3
    assert validate.number("0.25", "rho") == 0.25
    assert validate.boolean(1, "b") is True
    assert validate.id_list((3, 1, 3), "value") == [3, 1]
    assert validate.text(None, "t") == ""
    assert validate.text("Cafe\u0301", "t") == "Café"  # stored in NFC


def test_fold_and_same_text() -> None:
    assert validate.fold("Zoë") == validate.fold("ZOE") == "zoe"
    assert validate.fold("Nguyễn") == "nguyen"
    assert validate.same_text(" Zoë  Kowalczyk", "zoë kowalczyk")
    assert not validate.same_text("Zoë", "Zoe")
    assert validate.shown("x" * 100).endswith("…") and len(validate.shown("x" * 100)) == 40
