"""Session templates and their question bank: data in the workbook, editable by the coach.

Built-in templates are seeded from `resources/templates.json`; a coach may edit them, add
their own or duplicate one. Positions of templates, sections and prompts stay dense (0..n-1).
Trashing a template is the trash module's job (templates are soft-deleted like coachees).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from workbook import seed, validate
from workbook.changes import Changes
from workbook.dates import now_iso
from workbook.errors import InvalidInput, NotFound
from workbook.records import FromRow, record_from_row

NAME_MAX = 200
HEADING_MAX = 200
LONG_TEXT_MAX = 5_000
PROMPT_MAX = 1_000


@dataclass(frozen=True)
class Prompt(FromRow):
    id: int
    section_id: int
    position: int
    text: str


@dataclass(frozen=True)
class TemplateSection:
    id: int
    template_id: int
    key: str
    position: int
    heading: str
    shared: bool
    guidance: str
    prompts: tuple[Prompt, ...] = ()

    @classmethod
    def from_row(cls, row: dict[str, Any], prompts: Sequence[Prompt] = ()) -> TemplateSection:
        return record_from_row(cls, row, convert={"shared": bool}, prompts=tuple(prompts))


@dataclass(frozen=True)
class Template:
    id: int
    key: str
    name: str
    competency: str
    description: str
    position: int
    builtin: bool
    sections: tuple[TemplateSection, ...] = ()

    @classmethod
    def from_row(cls, row: dict[str, Any],
                 sections: Sequence[TemplateSection] = ()) -> Template:
        return record_from_row(cls, row, convert={"builtin": bool}, sections=tuple(sections))


def reorder(db: sqlite_utils.Database, table: str, row_id: int, new_position: Any,
            scope: str, params: Sequence[Any]) -> None:
    """Move one row of an ordered list to `new_position` and renumber the list 0..n-1.

    `scope` is a trusted SQL condition selecting the list (shared by notes and actions);
    a position past the end means "last". The caller holds the transaction.
    """
    position = validate.integer(new_position, "new position", minimum=0)  # callers pre-check
    renumber(db, table, scope, params, moving=(row_id, position))


def renumber(db: sqlite_utils.Database, table: str, scope: str, params: Sequence[Any], *,
             moving: tuple[int, int] | None = None) -> None:
    """Number the list `scope` selects 0..n-1 in its order (closing the gap a deleted row
    left); `moving=(row_id, position)` first puts that row at `position`."""
    rows = db.execute(f"SELECT id, position FROM {table} WHERE {scope} ORDER BY position, id",
                      list(params)).fetchall()
    ids = [r[0] for r in rows]
    was = dict(rows)
    if moving is not None:
        row_id, position = moving
        if row_id in ids:
            ids.remove(row_id)
        ids.insert(min(position, len(ids)), row_id)
    for pos, each in enumerate(ids):
        if was[each] != pos:
            db[table].update(each, {"position": pos})


def slug(text: str, fallback: str) -> str:
    """A stable key from a name: folded, lower case, words joined by '-' (Unicode kept)."""
    key = re.sub(r"[\W_]+", "-", validate.fold(text)).strip("-")[:60].strip("-")
    return key or fallback


def _unique(key: str, taken: set[str]) -> str:
    candidate, n = key, 2
    while candidate in taken:
        candidate, n = f"{key}-{n}", n + 1
    return candidate


# -- reads ---------------------------------------------------------------------------------

def _load(db: sqlite_utils.Database, rows: list[dict[str, Any]]) -> list[Template]:
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    marks = ",".join("?" * len(ids))
    prompts: dict[int, list[Prompt]] = {}
    for p in db.query(
        f"SELECT p.* FROM prompts p JOIN template_sections s ON s.id = p.section_id "
        f"WHERE s.template_id IN ({marks}) ORDER BY p.position, p.id", ids):
        prompts.setdefault(p["section_id"], []).append(Prompt.from_row(p))
    sections: dict[int, list[TemplateSection]] = {}
    for s in db.query(f"SELECT * FROM template_sections WHERE template_id IN ({marks}) "
                      f"ORDER BY position, id", ids):
        sections.setdefault(s["template_id"], []).append(
            TemplateSection.from_row(s, prompts.get(s["id"], ())))
    return [Template.from_row(r, sections.get(r["id"], ())) for r in rows]


def list_templates(db: sqlite_utils.Database) -> list[Template]:
    rows = list(db.query(
        "SELECT * FROM templates WHERE deleted_at IS NULL ORDER BY position, id"))
    return _load(db, rows)


def get_template(db: sqlite_utils.Database, id_or_key: int | str, *,
                 include_deleted: bool = False) -> Template:
    if isinstance(id_or_key, str):
        rows = list(db.query("SELECT * FROM templates WHERE key = ?", [id_or_key]))
        missing = f"There is no template «{validate.shown(id_or_key)}»."
    elif isinstance(id_or_key, int) and not isinstance(id_or_key, bool):
        rows = list(db.query("SELECT * FROM templates WHERE id = ?", [id_or_key]))
        missing = f"There is no template with id {id_or_key}."
    else:
        raise InvalidInput(f"«{validate.shown(id_or_key)}» is not a template id or key.")
    if not rows or (rows[0]["deleted_at"] is not None and not include_deleted):
        raise NotFound(missing)
    return _load(db, rows)[0]


def _section_row(db: sqlite_utils.Database, section_id: Any) -> dict[str, Any]:
    section_id = validate.record_id(section_id, "template section")
    rows = list(db.query(
        "SELECT s.* FROM template_sections s JOIN templates t ON t.id = s.template_id "
        "WHERE s.id = ? AND t.deleted_at IS NULL", [section_id]))
    if not rows:
        raise NotFound(f"There is no template section with id {section_id}.")
    return rows[0]


def _prompt_row(db: sqlite_utils.Database, prompt_id: Any) -> dict[str, Any]:
    prompt_id = validate.record_id(prompt_id, "prompt")
    rows = list(db.query(
        "SELECT p.*, s.template_id FROM prompts p JOIN template_sections s ON s.id = p.section_id "
        "JOIN templates t ON t.id = s.template_id WHERE p.id = ? AND t.deleted_at IS NULL",
        [prompt_id]))
    if not rows:
        raise NotFound(f"There is no prompt with id {prompt_id}.")
    return rows[0]


# -- validation ----------------------------------------------------------------------------

def _name(db: sqlite_utils.Database, value: Any, *, except_id: int | None = None) -> str:
    name = validate.text(value, "template name", required=True, max_len=NAME_MAX,
                         missing="A template needs a name.")
    for row in db.query("SELECT id, name FROM templates WHERE deleted_at IS NULL"):
        if row["id"] != except_id and validate.same_text(row["name"], name):
            raise InvalidInput(f"A template named «{validate.shown(name)}» already exists.")
    return name


def _heading(value: Any) -> str:
    return validate.text(value, "section heading", required=True, max_len=HEADING_MAX,
                         missing="A section needs a heading.")


def _prompt_text(value: Any) -> str:
    return validate.text(value, "prompt", required=True, max_len=PROMPT_MAX,
                         missing="A prompt needs some text.")


def _long(value: Any, field: str) -> str:
    return validate.text(value, field, max_len=LONG_TEXT_MAX)


def _sections_input(sections: Any) -> list[dict[str, Any]]:
    if sections is None:
        return []
    if not isinstance(sections, list | tuple):
        raise InvalidInput(f"Template sections must be a list, not «{validate.shown(sections)}».")
    result: list[dict[str, Any]] = []
    taken: set[str] = set()
    for raw in sections:
        if not isinstance(raw, dict):
            raise InvalidInput(
                f"A template section must be a mapping, not «{validate.shown(raw)}».")
        validate.known_fields(raw, ("key", "heading", "shared", "guidance", "prompts"),
                              "template sections")
        heading = _heading(raw.get("heading"))
        prompts = raw.get("prompts") or []
        if not isinstance(prompts, list | tuple):
            raise InvalidInput(f"Prompts must be a list, not «{validate.shown(prompts)}».")
        given = validate.text(raw.get("key"), "section key", max_len=NAME_MAX)
        key = _unique(slug(given or heading, "section"), taken)
        taken.add(key)
        result.append({
            "key": key, "heading": heading,
            "shared": validate.boolean(raw.get("shared", True), "shared"),
            "guidance": _long(raw.get("guidance"), "guidance"),
            "prompts": [_prompt_text(p) for p in prompts],
        })
    return result


def _touch(db: sqlite_utils.Database, template_id: int) -> None:
    db["templates"].update(template_id, {"updated_at": now_iso()})


def _next_position(db: sqlite_utils.Database) -> int:
    # trashing a template leaves a gap; close it so the new one goes last at n
    renumber(db, "templates", "deleted_at IS NULL", [])
    row = db.execute("SELECT COUNT(*) FROM templates WHERE deleted_at IS NULL").fetchone()
    return int(row[0])


def _all_keys(db: sqlite_utils.Database) -> set[str]:
    return {r[0] for r in db.execute("SELECT key FROM templates")}


# -- templates -----------------------------------------------------------------------------

def add_template(db: sqlite_utils.Database, name: str, *, description: str = "",
                 competency: str = "", sections: list[dict[str, Any]] | None = None) -> Changes:
    """A coach's own template; `sections` items: heading, shared, guidance, prompts, key."""
    name = _name(db, name)
    data = {"name": name, "description": _long(description, "description"),
            "competency": validate.text(competency, "competency", max_len=NAME_MAX),
            "sections": _sections_input(sections)}
    with db.atomic():
        data["key"] = _unique(slug(name, "template"), _all_keys(db))
        new_id = seed.insert_template(db, data, position=_next_position(db), builtin=False)
    return Changes("template", (new_id,), created=new_id)


def update_template(db: sqlite_utils.Database, template_id: int, **fields: Any) -> Changes:
    validate.known_fields(fields, ("name", "description", "competency"), "templates")
    template = get_template(db, validate.record_id(template_id, "template"))
    values: dict[str, Any] = {}
    if "name" in fields:
        values["name"] = _name(db, fields["name"], except_id=template.id)
    if "description" in fields:
        values["description"] = _long(fields["description"], "description")
    if "competency" in fields:
        values["competency"] = validate.text(fields["competency"], "competency",
                                             max_len=NAME_MAX)
    with db.atomic():
        db["templates"].update(template.id, {**values, "updated_at": now_iso()})
    return Changes("template", (template.id,))


def duplicate_template(db: sqlite_utils.Database, template_id: int, new_name: str) -> Changes:
    source = get_template(db, validate.record_id(template_id, "template"))
    name = _name(db, new_name)
    data = {
        "name": name, "description": source.description, "competency": source.competency,
        "sections": [{"key": s.key, "heading": s.heading, "shared": s.shared,
                      "guidance": s.guidance, "prompts": [p.text for p in s.prompts]}
                     for s in source.sections],
    }
    with db.atomic():
        data["key"] = _unique(slug(name, "template"), _all_keys(db))
        new_id = seed.insert_template(db, data, position=_next_position(db), builtin=False)
    return Changes("template", (new_id,), created=new_id)


def move_template(db: sqlite_utils.Database, template_id: int, new_position: int) -> Changes:
    template = get_template(db, validate.record_id(template_id, "template"))
    validate.integer(new_position, "new position", minimum=0)
    with db.atomic():
        reorder(db, "templates", template.id, new_position, "deleted_at IS NULL", [])
    return Changes("template", (template.id,))


# -- sections ------------------------------------------------------------------------------

def add_section(db: sqlite_utils.Database, template_id: int, heading: str, *,
                shared: bool = True, guidance: str = "") -> Changes:
    """Appends a section; `Changes.created` is the new section's id."""
    template = get_template(db, validate.record_id(template_id, "template"))
    heading = _heading(heading)
    shared = validate.boolean(shared, "shared")
    guidance = _long(guidance, "guidance")
    key = _unique(slug(heading, "section"), {s.key for s in template.sections})
    with db.atomic():
        new_id = int(db["template_sections"].insert({
            "template_id": template.id, "key": key, "position": len(template.sections),
            "heading": heading, "shared": int(shared), "guidance": guidance}).last_pk)
        _touch(db, template.id)
    return Changes("template", (template.id,), created=new_id)


def update_section(db: sqlite_utils.Database, section_id: int, **fields: Any) -> Changes:
    validate.known_fields(fields, ("heading", "shared", "guidance"), "template sections")
    row = _section_row(db, section_id)
    values: dict[str, Any] = {}
    if "heading" in fields:
        values["heading"] = _heading(fields["heading"])
    if "shared" in fields:
        values["shared"] = int(validate.boolean(fields["shared"], "shared"))
    if "guidance" in fields:
        values["guidance"] = _long(fields["guidance"], "guidance")
    with db.atomic():
        if values:
            db["template_sections"].update(row["id"], values)
        _touch(db, row["template_id"])
    return Changes("template", (row["template_id"],))


def delete_section(db: sqlite_utils.Database, section_id: int) -> Changes:
    """Deletes the section and its prompts; sessions already held keep their copy."""
    row = _section_row(db, section_id)
    with db.atomic():
        db.execute("DELETE FROM template_sections WHERE id = ?", [row["id"]])
        renumber(db, "template_sections", "template_id = ?", [row["template_id"]])
        _touch(db, row["template_id"])
    return Changes("template", (row["template_id"],), also=frozenset({"prompt"}))


def move_section(db: sqlite_utils.Database, section_id: int, new_position: int) -> Changes:
    row = _section_row(db, section_id)
    validate.integer(new_position, "new position", minimum=0)
    with db.atomic():
        reorder(db, "template_sections", row["id"], new_position, "template_id = ?",
                [row["template_id"]])
        _touch(db, row["template_id"])
    return Changes("template", (row["template_id"],))


# -- prompts -------------------------------------------------------------------------------

def add_prompt(db: sqlite_utils.Database, section_id: int, text: str) -> Changes:
    row = _section_row(db, section_id)
    text = _prompt_text(text)
    with db.atomic():
        count = db.execute("SELECT COUNT(*) FROM prompts WHERE section_id = ?",
                           [row["id"]]).fetchone()[0]
        new_id = int(db["prompts"].insert({"section_id": row["id"], "position": count,
                                           "text": text}).last_pk)
        _touch(db, row["template_id"])
    return Changes("prompt", (new_id,), created=new_id, also=frozenset({"template"}))


def update_prompt(db: sqlite_utils.Database, prompt_id: int, text: str) -> Changes:
    row = _prompt_row(db, prompt_id)
    text = _prompt_text(text)
    with db.atomic():
        db["prompts"].update(row["id"], {"text": text})
        _touch(db, row["template_id"])
    return Changes("prompt", (row["id"],), also=frozenset({"template"}))


def delete_prompt(db: sqlite_utils.Database, prompt_id: int) -> Changes:
    row = _prompt_row(db, prompt_id)
    with db.atomic():
        db.execute("DELETE FROM prompts WHERE id = ?", [row["id"]])
        renumber(db, "prompts", "section_id = ?", [row["section_id"]])
        _touch(db, row["template_id"])
    return Changes("prompt", (row["id"],), also=frozenset({"template"}))


def move_prompt(db: sqlite_utils.Database, prompt_id: int, new_position: int) -> Changes:
    row = _prompt_row(db, prompt_id)
    validate.integer(new_position, "new position", minimum=0)
    with db.atomic():
        reorder(db, "prompts", row["id"], new_position, "section_id = ?", [row["section_id"]])
        _touch(db, row["template_id"])
    return Changes("prompt", (row["id"],), also=frozenset({"template"}))
