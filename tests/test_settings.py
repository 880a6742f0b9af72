"""Settings: defaults, validated updates, and robust reading of stored JSON."""

from __future__ import annotations

import json

import pytest

from workbook import settings
from workbook.changes import Changes
from workbook.errors import InvalidInput
from workbook.seed import DEFAULT_SETTINGS


def test_new_workbook_has_the_default_settings(db) -> None:
    s = settings.get_settings(db)
    assert s == settings.Settings()
    for key, value in DEFAULT_SETTINGS.items():
        assert getattr(s, key) == value
    assert s.gas_rho == 0.3 and s.idle_lock_minutes == 5
    assert s.page_size == settings.PAGE_SIZE_BY_LOCALE == ""  # unset: the region's paper


def test_update_settings_stores_json_and_reads_back(db) -> None:
    changes = settings.update_settings(
        db, coach_name="Dr. Zoë Kowalczyk", institution="Université Fictive",
        idle_lock_minutes=15, page_size="a4", not_seen_weeks=12, default_duration_min=45,
        gas_rho=0.25, is_demo=True,
    )
    assert changes == Changes("settings")
    s = settings.get_settings(db)
    assert (s.coach_name, s.institution, s.page_size) == ("Dr. Zoë Kowalczyk",
                                                          "Université Fictive", "A4")
    assert (s.idle_lock_minutes, s.not_seen_weeks, s.default_duration_min) == (15, 12, 45)
    assert (s.gas_rho, s.is_demo) == (0.25, True)
    stored = dict(db.execute("SELECT key, value FROM settings").fetchall())
    assert json.loads(stored["gas_rho"]) == 0.25
    assert json.loads(stored["coach_name"]) == "Dr. Zoë Kowalczyk"
    assert settings.as_dict(s)["page_size"] == "A4"


def test_page_size_can_be_unset_again(db) -> None:
    settings.update_settings(db, page_size="A4")
    settings.update_settings(db, page_size=" ")
    assert settings.get_settings(db).page_size == settings.PAGE_SIZE_BY_LOCALE


def test_update_leaves_other_settings_alone(db) -> None:
    settings.update_settings(db, idle_lock_minutes=10)
    settings.update_settings(db, coach_name="Aïcha Benali")
    s = settings.get_settings(db)
    assert (s.idle_lock_minutes, s.coach_name, s.not_seen_weeks) == (10, "Aïcha Benali", 8)


@pytest.mark.parametrize(("changes", "sentence"), [
    ({"idle_lock_minutes": 0}, "Idle lock minutes must be between 1 and 240 (got 0)."),
    ({"idle_lock_minutes": 241}, "Idle lock minutes must be between 1 and 240 (got 241)."),
    ({"idle_lock_minutes": "soon"}, "Idle lock minutes «soon» is not a whole number."),
    ({"page_size": "Legal"}, "Page size «Legal» is not one of: Letter, A4."),
    ({"not_seen_weeks": 105}, "Not seen weeks must be between 1 and 104 (got 105)."),
    ({"default_duration_min": 0},
     "Default duration (minutes) must be between 1 and 1440 (got 0)."),
    ({"gas_rho": 1}, "GAS ρ (rho) must be less than 1 (got 1)."),
    ({"gas_rho": -0.5}, "GAS ρ (rho) must be at least 0 (got -0.5)."),
    ({"gas_rho": "high"}, "GAS ρ (rho) «high» is not a number."),
    ({"is_demo": "yes"}, "Demo workbook must be yes or no, not «yes»."),
    ({"coach_name": "x" * 201}, "Coach name is too long (201 characters; at most 200)."),
    ({"institution": 3}, "Institution must be text, not «3»."),
    ({"coach_name": ["Zoë"]}, "Coach name must be text, not «['Zoë']»."),
    ({"theme": "dark"}, "There is no setting «theme»."),
])
def test_update_refuses_bad_values_and_changes_nothing(db, changes, sentence) -> None:
    before = settings.get_settings(db)
    with pytest.raises(InvalidInput) as info:
        settings.update_settings(db, **{"institution": "Changed", **changes})
    assert info.value.sentence == sentence
    assert settings.get_settings(db) == before


def test_missing_or_unreadable_values_fall_back_to_defaults(db) -> None:
    settings.update_settings(db, coach_name="王小明", page_size="A4")
    db.execute("DELETE FROM settings WHERE key = 'idle_lock_minutes'")
    db.execute("UPDATE settings SET value = '{not json' WHERE key = 'page_size'")
    db.execute("UPDATE settings SET value = '500' WHERE key = 'not_seen_weeks'")
    db.execute("INSERT INTO settings(key, value) VALUES ('from_the_future', '1')")
    s = settings.get_settings(db)
    assert (s.idle_lock_minutes, s.page_size, s.not_seen_weeks, s.coach_name) == (
        5, "", 8, "王小明")
