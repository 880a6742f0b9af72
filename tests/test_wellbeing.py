"""The WHO-5 Well-Being Index in the Well-being template: recorded only when the coach ticks
"Record scores", scored 0–100 as the WHO defines it, kept private, carried by a JSON export,
and added by a migration to the built-in template of a workbook made before it shipped — a
coach's own copies left as they were."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PASSPHRASE
from workbook import migrations, sessions, templates, wellbeing
from workbook import vault as vault_mod
from workbook.errors import InvalidInput
from workbook.exchange.json_export import export_json
from workbook.privacy import document_contents

ITEMS_ASKED = ("cheerful and in good spirits", "calm and relaxed", "active and vigorous",
               "woken up feeling fresh and rested", "filled with things that interest you")


def _well_being(db: Any) -> templates.Template:
    return next(t for t in templates.list_templates(db) if t.key == "well-being")


def test_the_well_being_template_carries_the_who5_as_a_private_section(
        vault: vault_mod.Vault) -> None:
    template = _well_being(vault.db)
    keys = [s.key for s in template.sections]
    assert keys.index(wellbeing.SECTION_KEY) == keys.index("optional-check-in") + 1
    section = template.sections[keys.index(wellbeing.SECTION_KEY)]
    assert section.shared is False  # never printed for the learner
    assert "never a diagnosis" in section.guidance and "World Health Organization" in \
        section.guidance
    for asked, prompt in zip(ITEMS_ASKED, section.prompts, strict=False):
        assert asked in prompt.text


def _session(vault: vault_mod.Vault) -> int:
    with vault.db.atomic():
        coachee = vault.db["coachees"].insert({"name": "Zoë Kowalczyk"}).last_pk
    return sessions.start(vault.db, coachee, _well_being(vault.db).id).id


def test_answers_are_kept_only_once_recording_starts_and_scored_as_the_who_defines(
        vault: vault_mod.Vault) -> None:
    sid = _session(vault)
    assert wellbeing.get(vault.db, sid) is None
    wellbeing.start_recording(vault.db, sid)
    assert wellbeing.get(vault.db, sid) == wellbeing.Who5(sid, dict.fromkeys(
        wellbeing.ITEM_KEYS))
    for key, value in zip(wellbeing.ITEM_KEYS, (3, 2, 3, 1, 3), strict=True):
        wellbeing.answer(vault.db, sid, key, value)
        partial = wellbeing.get(vault.db, sid)
        assert partial is not None
    assert partial.complete and partial.raw == 12 and partial.percent == 48 and partial.low
    wellbeing.answer(vault.db, sid, "rested", None)  # an answer taken back
    taken_back = wellbeing.get(vault.db, sid)
    assert taken_back is not None and taken_back.percent is None and not taken_back.low
    wellbeing.answer(vault.db, sid, "rested", 5)
    again = wellbeing.get(vault.db, sid)
    assert again is not None and again.percent == 64 and not again.low
    wellbeing.stop_recording(vault.db, sid)
    assert wellbeing.get(vault.db, sid) is None


@pytest.mark.parametrize(("item", "value", "said"), [
    ("happy", 3, "«happy» is not a WHO-5 statement."),
    ("calm", 6, "WHO-5 answer"),
    ("calm", -1, "WHO-5 answer"),
])
def test_an_answer_outside_the_scale_is_refused(vault: vault_mod.Vault, item: str, value: int,
                                                said: str) -> None:
    sid = _session(vault)
    wellbeing.start_recording(vault.db, sid)
    with pytest.raises(InvalidInput, match=said):
        wellbeing.answer(vault.db, sid, item, value)
    assert wellbeing.get(vault.db, sid) == wellbeing.Who5(sid, dict.fromkeys(
        wellbeing.ITEM_KEYS))


def test_the_scores_are_never_printed_and_travel_in_an_export(vault: vault_mod.Vault,
                                                              tmp_path: Path) -> None:
    sid = _session(vault)
    wellbeing.start_recording(vault.db, sid)
    for key in wellbeing.ITEM_KEYS:
        wellbeing.answer(vault.db, sid, key, 4)
    contents = document_contents(vault.db, sid)
    who5 = next(s for s in contents.sections if s.heading.startswith("WHO-5"))
    assert not who5.shared and not who5.printed
    exported = export_json(vault.db)
    session = exported["coachees"][0]["sessions"][0]
    assert session["who5"] == dict.fromkeys(wellbeing.ITEM_KEYS, 4)
    from workbook.exchange.json_format import import_json

    target = tmp_path / "copy.cwb"
    with vault_mod.create(target, PASSPHRASE) as copy:
        import_json(copy.db, exported)
        moved = copy.db.execute("SELECT id FROM sessions").fetchone()[0]
        found = wellbeing.get(copy.db, moved)
        assert found is not None and found.percent == 80


@contextlib.contextmanager
def _before_who5(path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A workbook as the version before the WHO-5 wrote it: the earlier migrations only,
    and the Well-being template as it then shipped (without the section)."""
    names = [name for name, _step in migrations.MIGRATIONS]
    earlier = migrations.MIGRATIONS[:names.index("0005_who5_wellbeing_index")]
    with monkeypatch.context() as patched:
        patched.setattr(migrations, "MIGRATIONS", earlier)
        patched.setattr(migrations, "SCHEMA_VERSION", len(earlier))
        with vault_mod.create(path, PASSPHRASE) as v:
            with v.db.atomic():
                v.db.execute("DELETE FROM template_sections WHERE key = ?",
                             [wellbeing.SECTION_KEY])
                v.db.execute("UPDATE template_sections SET position = position - 1 WHERE "
                             "position > 1 AND template_id = (SELECT id FROM templates "
                             "WHERE key = 'well-being')")
            yield v.db


def test_the_migration_adds_the_who5_to_the_built_in_template_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "older.cwb"
    with _before_who5(path, monkeypatch) as db:
        builtin = _well_being(db)
        assert wellbeing.SECTION_KEY not in [s.key for s in builtin.sections]
        copy = templates.duplicate_template(db, builtin.id, "My well-being").id
        headings_before = [s.heading for s in builtin.sections]
    with vault_mod.open_vault(path, PASSPHRASE) as v:
        assert v.pragma("user_version") == migrations.SCHEMA_VERSION
        after = _well_being(v.db)
        keys = [s.key for s in after.sections]
        assert keys.index(wellbeing.SECTION_KEY) == keys.index("optional-check-in") + 1
        assert [s.heading for s in after.sections if s.key != wellbeing.SECTION_KEY] == \
            headings_before
        assert [s.position for s in after.sections] == list(range(len(keys)))
        own = templates.get_template(v.db, copy)
        assert wellbeing.SECTION_KEY not in [s.key for s in own.sections]
        assert v.db.execute("SELECT count(*) FROM who5_answers").fetchone()[0] == 0


def test_scores_stay_with_a_well_being_meeting_and_count_only_when_it_was_held(
        vault: vault_mod.Vault) -> None:
    """Found by review: changing the template of a session with scores left them stored but
    out of sight, and scores were counted from cancelled meetings."""
    sid = _session(vault)
    wellbeing.start_recording(vault.db, sid)
    for key in wellbeing.ITEM_KEYS:
        wellbeing.answer(vault.db, sid, key, 2)
    with pytest.raises(InvalidInput, match="WHO-5 scores recorded"):
        sessions.set_template(vault.db, sid, "free-form")
    coachee = vault.db.execute("SELECT coachee_id FROM sessions WHERE id = ?",
                               [sid]).fetchone()[0]
    free = sessions.start(vault.db, coachee, "free-form").id
    with pytest.raises(InvalidInput, match="no WHO-5 section"):
        wellbeing.start_recording(vault.db, free)
    when = vault.db["sessions"].get(sid)["scheduled_at"]
    span = (when[:10], "9999-01-01")
    sessions.update(vault.db, sid, status="held")
    assert wellbeing.scores_in(vault.db, [coachee], *span) == {coachee: [40]}
    sessions.update(vault.db, sid, status="cancelled")
    assert wellbeing.scores_in(vault.db, [coachee], *span) == {}
