"""Templates and the question bank: seeded data, edited by the coach, positions kept dense."""

from __future__ import annotations

import pytest

from tests.records import fails
from workbook import seed, templates
from workbook.errors import InvalidInput, NotFound


def _positions(items) -> list[int]:  # type: ignore[no-untyped-def]
    return [item.position for item in items]


def test_builtins_are_listed_in_resource_order_with_sections_and_prompts(db) -> None:
    listed = templates.list_templates(db)
    resource = seed.builtin_templates()
    assert [t.key for t in listed] == [t["key"] for t in resource]
    assert _positions(listed) == list(range(len(listed)))
    for template, raw in zip(listed, resource, strict=True):
        assert template.builtin
        assert [s.heading for s in template.sections] == [s["heading"] for s in raw["sections"]]
        assert [s.shared for s in template.sections] == [bool(s["shared"]) for s in raw["sections"]]
        for section, raw_section in zip(template.sections, raw["sections"], strict=True):
            assert [p.text for p in section.prompts] == raw_section.get("prompts", [])
            assert _positions(section.prompts) == list(range(len(section.prompts)))


def test_get_by_id_and_by_key(db) -> None:
    grow = templates.get_template(db, "grow")
    assert grow.name == "GROW"
    assert templates.get_template(db, grow.id) == grow


def test_get_missing_or_bad_reference(db) -> None:
    with fails(NotFound, "There is no template «nope»"):
        templates.get_template(db, "nope")
    with fails(NotFound, "There is no template with id 999"):
        templates.get_template(db, 999)
    with fails(InvalidInput, "not a template id or key"):
        templates.get_template(db, 1.5)  # type: ignore[arg-type]


def test_trashed_template_is_hidden_unless_asked(db) -> None:
    grow = templates.get_template(db, "grow")
    with db.atomic():
        db.execute("UPDATE templates SET deleted_at = '2026-01-01T00:00:00Z' WHERE id = ?",
                   [grow.id])
    assert "grow" not in [t.key for t in templates.list_templates(db)]
    with pytest.raises(NotFound):
        templates.get_template(db, "grow")
    assert templates.get_template(db, "grow", include_deleted=True).id == grow.id
    # the gap closes when a new template goes last
    new = templates.add_template(db, "Après la garde").id
    listed = templates.list_templates(db)
    assert listed[-1].id == new
    assert _positions(listed) == list(range(len(listed)))


def test_add_template_with_sections(db) -> None:
    before = len(templates.list_templates(db))
    changes = templates.add_template(
        db, "Zoë's check-in", description="Short monthly touch-base", competency="Well-being",
        sections=[
            {"heading": "How are you?", "prompts": ["What went well?", "  What was hard?  "]},
            {"heading": "Coach only", "shared": False, "guidance": "Never printed."},
            {"heading": "How are you?"},
        ])
    assert changes.kind == "template" and changes.created is not None
    template = templates.get_template(db, changes.id)
    assert template.key == "zoe-s-check-in"
    assert not template.builtin
    assert template.position == before
    assert template.description == "Short monthly touch-base"
    assert template.competency == "Well-being"
    assert [s.key for s in template.sections] == ["how-are-you", "coach-only", "how-are-you-2"]
    assert [s.shared for s in template.sections] == [True, False, True]
    assert [p.text for p in template.sections[0].prompts] == ["What went well?",
                                                             "What was hard?"]
    assert template.sections[1].guidance == "Never printed."


def test_add_template_keys_are_unique_and_unicode(db) -> None:
    first = templates.get_template(db, templates.add_template(db, "王小明 plan").id)
    assert first.key == "王小明-plan"
    templates.add_template(db, "Grow!", sections=None)  # "grow" is taken by the built-in
    assert templates.get_template(db, "grow-2").name == "Grow!"
    assert templates.get_template(db, templates.add_template(db, "!!!").id).key == "template"


def test_add_template_validation(db) -> None:
    with fails(InvalidInput, "A template needs a name."):
        templates.add_template(db, "   ")
    with fails(InvalidInput, "A template named «grow» already exists."):
        templates.add_template(db, "grow")
    with fails(InvalidInput, "Template name is too long"):
        templates.add_template(db, "x" * 201)
    with fails(InvalidInput, "A section needs a heading."):
        templates.add_template(db, "Fine", sections=[{"heading": ""}])
    with fails(InvalidInput, "A prompt needs some text."):
        templates.add_template(db, "Fine", sections=[{"heading": "A", "prompts": [" "]}])
    with fails(InvalidInput, "Template sections have no field «colour»."):
        templates.add_template(db, "Fine", sections=[{"heading": "A", "colour": "red"}])
    with fails(InvalidInput, "Shared must be yes or no"):
        templates.add_template(db, "Fine", sections=[{"heading": "A", "shared": "maybe"}])
    with fails(InvalidInput, "Template sections must be a list"):
        templates.add_template(db, "Fine", sections="A")  # type: ignore[arg-type]
    with fails(InvalidInput, "A template section must be a mapping"):
        templates.add_template(db, "Fine", sections=["A"])  # type: ignore[list-item]
    with fails(InvalidInput, "Prompts must be a list"):
        templates.add_template(db, "Fine", sections=[{"heading": "A", "prompts": "Why?"}])
    with fails(InvalidInput, "Description is too long"):
        templates.add_template(db, "Fine", description="d" * 5001)
    assert "fine" not in [t.key for t in templates.list_templates(db)]


def test_update_template(db) -> None:
    grow = templates.get_template(db, "grow")
    changes = templates.update_template(db, grow.id, name="GROW (short)", description="New",
                                        competency="Any")
    assert changes.ids == (grow.id,)
    updated = templates.get_template(db, grow.id)
    assert (updated.name, updated.description, updated.competency, updated.key) == (
        "GROW (short)", "New", "Any", "grow")
    templates.update_template(db, grow.id, name="grow (SHORT)")  # its own name, re-cased
    with fails(InvalidInput, "A template named «Free-form» already exists."):
        templates.update_template(db, grow.id, name="Free-form")
    with fails(InvalidInput, "Templates have no field «key»."):
        templates.update_template(db, grow.id, key="other")
    with fails(InvalidInput, "A template needs a name."):
        templates.update_template(db, grow.id, name="")
    with fails(InvalidInput, "not a valid template id"):
        templates.update_template(db, "7", name="x")  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        templates.update_template(db, 999, name="x")


def test_duplicate_template_copies_sections_and_prompts(db) -> None:
    source = templates.get_template(db, "skills-coaching")
    copy = templates.get_template(db, templates.duplicate_template(db, source.id, "SPIKES").id)
    assert copy.id != source.id and not copy.builtin
    assert copy.key == "spikes" and copy.name == "SPIKES"
    assert copy.position == len(templates.list_templates(db)) - 1
    assert [(s.key, s.heading, s.shared, s.guidance, [p.text for p in s.prompts])
            for s in copy.sections] == [
        (s.key, s.heading, s.shared, s.guidance, [p.text for p in s.prompts])
        for s in source.sections]
    templates.update_section(db, copy.sections[0].id, heading="Changed")
    assert templates.get_template(db, source.id).sections[0].heading != "Changed"
    with fails(InvalidInput, "already exists"):
        templates.duplicate_template(db, source.id, "spikes")


def test_move_template_keeps_positions_dense(db) -> None:
    listed = templates.list_templates(db)
    last = listed[-1]
    templates.move_template(db, last.id, 0)
    after = templates.list_templates(db)
    assert after[0].id == last.id
    assert [t.id for t in after[1:]] == [t.id for t in listed[:-1]]
    assert _positions(after) == list(range(len(after)))
    templates.move_template(db, last.id, 10_000)  # past the end means last
    assert templates.list_templates(db)[-1].id == last.id
    with fails(InvalidInput, "New position must be at least 0"):
        templates.move_template(db, last.id, -1)
    with fails(InvalidInput, "New position «x» is not a whole number."):
        templates.move_template(db, last.id, "x")  # type: ignore[arg-type]


def test_sections_add_update_move_delete(db) -> None:
    grow = templates.get_template(db, "grow")
    changes = templates.add_section(db, grow.id, "Reality", shared=False, guidance="Facts")
    assert changes.kind == "template" and changes.ids == (grow.id,)
    grow = templates.get_template(db, "grow")
    new = grow.sections[-1]
    assert new.id == changes.created
    assert (new.key, new.heading, new.shared, new.guidance) == (
        "reality-2", "Reality", False, "Facts")
    templates.update_section(db, new.id, heading="Résumé", shared=True, guidance="")
    new = templates.get_template(db, "grow").sections[-1]
    assert (new.heading, new.shared, new.guidance, new.key) == ("Résumé", True, "", "reality-2")
    templates.move_section(db, new.id, 0)
    sections = templates.get_template(db, "grow").sections
    assert sections[0].id == new.id and _positions(sections) == list(range(len(sections)))
    templates.delete_section(db, sections[2].id)
    remaining = templates.get_template(db, "grow").sections
    assert sections[2].id not in [s.id for s in remaining]
    assert _positions(remaining) == list(range(len(remaining)))
    assert db.execute("SELECT COUNT(*) FROM prompts WHERE section_id = ?",
                      [sections[2].id]).fetchone()[0] == 0


def test_section_validation(db) -> None:
    grow = templates.get_template(db, "grow")
    with fails(InvalidInput, "A section needs a heading."):
        templates.add_section(db, grow.id, " ")
    with fails(InvalidInput, "Template sections have no field «body»."):
        templates.update_section(db, grow.sections[0].id, body="x")
    with fails(InvalidInput, "Shared must be yes or no"):
        templates.update_section(db, grow.sections[0].id, shared="no")
    with fails(NotFound, "There is no template section with id 9999."):
        templates.update_section(db, 9999, heading="x")
    with pytest.raises(NotFound):
        templates.delete_section(db, 9999)
    with pytest.raises(NotFound):
        templates.move_section(db, 9999, 0)
    with pytest.raises(NotFound):
        templates.add_section(db, 9999, "x")


def test_prompts_add_update_move_delete(db) -> None:
    section = templates.get_template(db, "grow").sections[0]
    count = len(section.prompts)
    changes = templates.add_prompt(db, section.id, "What would make this worthwhile for you?")
    assert changes.kind == "prompt" and changes.touches("template")
    section = templates.get_template(db, "grow").sections[0]
    assert section.prompts[-1].id == changes.created and section.prompts[-1].position == count
    templates.update_prompt(db, changes.id, "What would make today worthwhile?")
    templates.move_prompt(db, changes.id, 0)
    section = templates.get_template(db, "grow").sections[0]
    assert section.prompts[0].text == "What would make today worthwhile?"
    assert _positions(section.prompts) == list(range(count + 1))
    templates.delete_prompt(db, section.prompts[1].id)
    section = templates.get_template(db, "grow").sections[0]
    assert len(section.prompts) == count
    assert _positions(section.prompts) == list(range(count))


def test_prompt_validation(db) -> None:
    section = templates.get_template(db, "grow").sections[0]
    with fails(InvalidInput, "A prompt needs some text."):
        templates.add_prompt(db, section.id, "")
    with fails(InvalidInput, "Prompt is too long"):
        templates.add_prompt(db, section.id, "?" * 1001)
    with fails(NotFound, "There is no prompt with id 99999."):
        templates.update_prompt(db, 99999, "x")
    with pytest.raises(NotFound):
        templates.delete_prompt(db, 99999)
    with pytest.raises(NotFound):
        templates.move_prompt(db, 99999, 0)
    with fails(InvalidInput, "A prompt needs some text."):
        templates.update_prompt(db, section.prompts[0].id, "  ")


def test_edits_touch_updated_at(db) -> None:
    grow = templates.get_template(db, "grow")
    with db.atomic():
        db.execute("UPDATE templates SET updated_at = '2000-01-01T00:00:00Z' WHERE id = ?",
                   [grow.id])
    templates.add_prompt(db, grow.sections[0].id, "Anything else?")
    stamp = db.execute("SELECT updated_at FROM templates WHERE id = ?", [grow.id]).fetchone()[0]
    assert stamp > "2000-01-01T00:00:00Z"


def test_slug() -> None:
    assert templates.slug("Nguyễn Thị Hoa's plan", "x") == "nguyen-thi-hoa-s-plan"
    assert templates.slug("***", "fallback") == "fallback"
    assert len(templates.slug("word " * 40, "x")) <= 60
