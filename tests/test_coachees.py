"""Coachees: add, update, read, list, archive, import matching, and level spellings."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbook import coachees, trash
from workbook.changes import Changes
from workbook.errors import InvalidInput, NotFound

NAMES = ["Zoë Kowalczyk", "zane Adams", "Émile Zola", "Aïcha Benali", "王小明",
         "Nguyễn Thị Hoa", "adam Smith"]


def _add(db, name: str = "Aïcha Benali", **fields) -> int:
    return coachees.add(db, name, **fields).created


# -- levels --------------------------------------------------------------------------------
@pytest.mark.parametrize(("spelling", "level"), [
    ("MS1", "MS1"), ("ms 1", "MS1"), ("MS-1", "MS1"), ("ms_4", "MS4"), ("M3", "MS3"),
    ("MS III", "MS3"), ("pgy2", "PGY2"), ("PGY 3", "PGY3"), ("PGY-7", "PGY7"),
    ("pgy-ii", "PGY2"), ("R1", "PGY1"), ("intern", "PGY1"), ("fellow", "Fellow"),
    ("Fellowship", "Fellow"), ("OTHER", "Other"), ("  Pgy 5  ", "PGY5"), ("ms01", "MS1"),
])
def test_normalise_level_accepts_common_spellings(spelling: str, level: str) -> None:
    assert coachees.normalise_level(spelling) == level


@pytest.mark.parametrize("spelling", ["MS5", "PGY8", "PGY0", "ms", "resident", "", "M S X",
                                      "Year 1 medical student", "pgy١"])
def test_normalise_level_refuses_unknown_spellings(spelling: str) -> None:
    with pytest.raises(InvalidInput, match=r"^Level «.*» is not recognised; use MS1–MS4"):
        coachees.normalise_level(spelling)


def test_normalise_level_refuses_non_text() -> None:
    with pytest.raises(InvalidInput, match="Level «3» is not text"):
        coachees.normalise_level(3)  # type: ignore[arg-type]


@given(st.text(max_size=30))
def test_normalise_level_returns_a_level_or_raises_invalid_input(text: str) -> None:
    try:
        assert coachees.normalise_level(text) in coachees.LEVELS
    except InvalidInput as exc:
        assert exc.sentence.startswith("Level «")


@given(st.sampled_from(coachees.LEVELS), st.sampled_from(["", " ", "-", "_"]),
       st.booleans())
def test_every_level_survives_separators_and_case(level: str, sep: str, lower: bool) -> None:
    digits = "".join(c for c in level if c.isdigit())
    spelled = level[: len(level) - len(digits)] + sep + digits
    assert coachees.normalise_level(spelled.lower() if lower else spelled) == level


# -- add and get ---------------------------------------------------------------------------
def test_add_stores_every_field_and_get_reads_it_back(db) -> None:
    changes = coachees.add(
        db, "  Nguyễn Thị Hoa ", preferred_name="Hoa", pronouns="she/her",
        email="hoa.nguyen@example.edu", level="pgy 2", program="Internal Medicine",
        cohort="2027", start_date="2025-07-01", status="paused", tags=["Research", "rural"],
        agreement_cadence="Monthly", agreement_contact="Email first",
        agreement_confidentiality="Notes stay private unless safety is at risk.",
        agreement_notes="Prefers mornings.", agreement_date="2025-07-15",
    )
    assert changes.kind == "coachee" and changes.ids == (changes.created,)
    c = coachees.get(db, changes.created)
    assert (c.name, c.preferred_name, c.display_name) == ("Nguyễn Thị Hoa", "Hoa", "Hoa")
    assert (c.level, c.status, c.tags) == ("PGY2", "paused", ("Research", "rural"))
    assert (c.start_date, c.agreement_date) == ("2025-07-01", "2025-07-15")
    assert c.email == "hoa.nguyen@example.edu" and c.program == "Internal Medicine"
    assert c.agreement_cadence == "Monthly" and c.agreement_notes == "Prefers mornings."
    assert c.created_at.endswith("Z") and c.deleted_at is None


def test_defaults_and_display_name_falls_back_to_name(db) -> None:
    c = coachees.get(db, _add(db, "王小明"))
    assert c.display_name == "王小明"
    assert (c.level, c.status, c.tags, c.start_date, c.email) == ("", "active", (), None, "")


def test_tags_from_text_are_split_trimmed_and_deduplicated(db) -> None:
    c = coachees.get(db, _add(db, tags=" research, Research ,, wellness "))
    assert c.tags == ("research", "wellness")


@pytest.mark.parametrize(("fields", "sentence"), [
    ({"name": "   "}, "A coachee needs a name."),
    ({"name": None}, "A coachee needs a name."),
    ({"name": "x" * 201}, "Name is too long (201 characters; at most 200)."),
    ({"name": 42}, "Name must be text, not «42»."),
    ({"email": "not-an-email"}, "Email «not-an-email» is not an email address."),
    ({"email": "a@b"}, "Email «a@b» is not an email address."),
    ({"level": "MS9"}, "Level «MS9» is not recognised; use MS1–MS4, PGY1–PGY7, Fellow or Other."),
    ({"status": "gone"}, "Status «gone» is not one of: active, paused, graduated, archived."),
    ({"start_date": "31/02/2027"}, "Start date «31/02/2027» is not a date; use YYYY-MM-DD."),
    ({"start_date": "2027-02-31"}, "Start date «2027-02-31» is not a date; use YYYY-MM-DD."),
    ({"agreement_date": "soon"}, "Agreement date «soon» is not a date; use YYYY-MM-DD."),
    ({"favourite_colour": "blue"}, "Coachees have no field «favourite_colour»."),
    ({"id": 7}, "Coachees have no field «id»."),
    ({"tags": 5}, "Tags must be a list of words, not «5»."),
    ({"tags": ["x" * 61]}, "Each tag is too long (61 characters; at most 60)."),
    ({"pronouns": "p" * 61}, "Pronouns is too long (61 characters; at most 60)."),
])
def test_add_refuses_bad_input_with_a_sentence_naming_the_field(db, fields, sentence) -> None:
    name = fields.pop("name", "Zoë Kowalczyk")
    with pytest.raises(InvalidInput) as info:
        coachees.add(db, name, **fields)
    assert info.value.sentence == sentence
    assert db.execute("SELECT count(*) FROM coachees").fetchone()[0] == 0


def test_blank_level_and_dates_are_stored_as_unknown(db) -> None:
    c = coachees.get(db, _add(db, level="  ", start_date="", agreement_date=None))
    assert (c.level, c.start_date, c.agreement_date) == ("", None, None)


def test_get_missing_and_trashed(db) -> None:
    with pytest.raises(NotFound, match=r"^There is no coachee with id 999\.$"):
        coachees.get(db, 999)
    cid = _add(db)
    trash.trash(db, "coachee", cid)
    with pytest.raises(NotFound, match="is in the trash"):
        coachees.get(db, cid)
    assert coachees.get(db, cid, include_deleted=True).deleted_at is not None


def test_get_with_a_non_integer_id_is_invalid_input(db) -> None:
    with pytest.raises(InvalidInput, match="not a valid coachee id"):
        coachees.get(db, "seven")  # type: ignore[arg-type]


# -- update and archive --------------------------------------------------------------------
def test_update_changes_only_given_fields_and_stamps_updated_at(db) -> None:
    cid = _add(db, "Zoë Kowalczyk", program="Surgery", level="MS3")
    db.execute("UPDATE coachees SET updated_at = '2000-01-01T00:00:00Z' WHERE id = ?", [cid])
    changes = coachees.update(db, cid, preferred_name="Zo", level="ms4", tags=[])
    assert changes == Changes("coachee", (cid,))
    c = coachees.get(db, cid)
    assert (c.preferred_name, c.level, c.program, c.display_name) == ("Zo", "MS4", "Surgery", "Zo")
    assert c.updated_at > "2000-01-01T00:00:00Z"


def test_update_validates_before_writing(db) -> None:
    cid = _add(db, "Zoë Kowalczyk")
    with pytest.raises(InvalidInput, match=r"A coachee needs a name\."):
        coachees.update(db, cid, name="", program="Pediatrics")
    assert coachees.get(db, cid).program == ""
    with pytest.raises(InvalidInput, match=r"Coachees have no field «nickname»\."):
        coachees.update(db, cid, nickname="Z")


def test_update_missing_or_trashed_coachee_is_not_found(db) -> None:
    with pytest.raises(NotFound, match=r"There is no coachee with id 404\."):
        coachees.update(db, 404, program="x")
    cid = _add(db)
    trash.trash(db, "coachee", cid)
    with pytest.raises(NotFound):
        coachees.update(db, cid, program="x")


def test_archive_sets_status_archived(db) -> None:
    cid = _add(db)
    assert coachees.archive(db, cid).ids == (cid,)
    assert coachees.get(db, cid).status == "archived"


# -- listing -------------------------------------------------------------------------------
def test_list_orders_by_name_ignoring_case_and_accents(db) -> None:
    for name in NAMES:
        _add(db, name)
    names = [c.name for c in coachees.list_coachees(db)]
    assert names == ["adam Smith", "Aïcha Benali", "Émile Zola", "Nguyễn Thị Hoa",
                     "zane Adams", "Zoë Kowalczyk", "王小明"]


def test_list_text_search_ignores_case_and_accents(db) -> None:
    _add(db, "Zoë Kowalczyk", program="Family Medicine", tags=["rural"])
    _add(db, "Aïcha Benali", email="aicha@example.edu", cohort="Class of 2027")
    _add(db, "王小明", preferred_name="Xiaoming")

    def found(text: str) -> list[str]:
        return [c.name for c in coachees.list_coachees(db, text=text)]

    assert found("zoe") == ["Zoë Kowalczyk"]
    assert found("AICHA") == ["Aïcha Benali"]
    assert found("family med") == ["Zoë Kowalczyk"]
    assert found("RURAL") == ["Zoë Kowalczyk"]
    assert found("2027") == ["Aïcha Benali"]
    assert found("小明") == ["王小明"]
    assert found("xiaoming") == ["王小明"]
    assert found("nobody") == []


def test_list_filters_by_status_level_and_archive(db) -> None:
    a = _add(db, "Aïcha Benali", level="MS1")
    z = _add(db, "Zoë Kowalczyk", level="PGY1", status="paused")
    w = _add(db, "王小明", level="PGY1")
    coachees.archive(db, w)
    ids = lambda **kw: [c.id for c in coachees.list_coachees(db, **kw)]  # noqa: E731
    assert ids() == [a, z, w]
    assert ids(include_archived=False) == [a, z]
    assert ids(status="paused") == [z]
    assert ids(status="archived", include_archived=False) == [w]
    assert ids(level="pgy 1") == [z, w]
    assert ids(level="PGY1", include_archived=False) == [z]
    with pytest.raises(InvalidInput, match="Status «asleep» is not one of"):
        coachees.list_coachees(db, status="asleep")
    with pytest.raises(InvalidInput, match="Level «PGY9» is not recognised"):
        coachees.list_coachees(db, level="PGY9")


def test_list_excludes_trashed_coachees(db) -> None:
    a = _add(db, "Aïcha Benali")
    z = _add(db, "Zoë Kowalczyk")
    trash.trash(db, "coachee", a)
    assert [c.id for c in coachees.list_coachees(db)] == [z]
    assert coachees.list_coachees(db, text="aicha") == []
    trash.restore(db, "coachee", a)
    assert [c.id for c in coachees.list_coachees(db)] == [a, z]


# -- import matching -----------------------------------------------------------------------
def test_find_existing_matches_email_ignoring_case(db) -> None:
    cid = _add(db, "Aïcha Benali", email="Aicha.Benali@Example.edu", program="Surgery")
    assert coachees.find_existing(db, email=" aicha.benali@example.EDU ", name="A. B.",
                                  program="") == cid
    # With an email, a different email does not match even if the name does.
    assert coachees.find_existing(db, email="other@example.edu", name="Aïcha Benali",
                                  program="Surgery") is None


def test_find_existing_matches_name_and_program_without_email(db) -> None:
    cid = _add(db, "Zoë Kowalczyk", program="Family Medicine")
    assert coachees.find_existing(db, email="", name="zoë  kowalczyk",
                                  program="FAMILY MEDICINE") == cid
    assert coachees.find_existing(db, email="", name="Zoë Kowalczyk", program="Surgery") is None
    assert coachees.find_existing(db, email="", name="Zoe Kowalczyk",
                                  program="Family Medicine") is None


def test_find_existing_ignores_trashed_coachees(db) -> None:
    cid = _add(db, "Nguyễn Thị Hoa", email="hoa@example.edu")
    trash.trash(db, "coachee", cid)
    assert coachees.find_existing(db, email="hoa@example.edu", name="", program="") is None
