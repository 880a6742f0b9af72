"""Built-in content seeded into every new workbook from `resources/` (data, not code)."""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Any

from workbook import bundled

if TYPE_CHECKING:  # only named here: the window's start page reads DEFAULT_SETTINGS
    import sqlite_utils

DEFAULT_SETTINGS: dict[str, Any] = {
    "coach_name": "",
    "institution": "",
    "idle_lock_minutes": 5,
    "page_size": "",  # by the system's locale until the coach chooses
    "not_seen_weeks": 8,
    "default_duration_min": 30,
    "is_demo": False,
}


@cache
def load_resource(name: str) -> Any:
    return json.loads(bundled.read_text(name))


def builtin_templates() -> list[dict[str, Any]]:
    return list(load_resource("templates.json")["templates"])


def builtin_values() -> list[dict[str, Any]]:
    return list(load_resource("values.json")["values"])


def builtin_domains() -> list[dict[str, Any]]:
    return list(load_resource("goal_domains.json")["domains"])


def insert_template(db: sqlite_utils.Database, template: dict[str, Any], *, position: int,
                    builtin: bool) -> int:
    """Insert one template with its sections and prompts (caller holds the transaction)."""
    template_id = int(db["templates"].insert({
        "key": template["key"], "name": template["name"],
        "competency": template.get("competency", ""),
        "description": template.get("description", ""), "position": position,
        "builtin": int(builtin)}).last_pk)
    for s_pos, section in enumerate(template["sections"]):
        section_id = int(db["template_sections"].insert({
            "template_id": template_id, "key": section["key"], "position": s_pos,
            "heading": section["heading"], "shared": int(bool(section["shared"])),
            "guidance": section.get("guidance", "")}).last_pk)
        for p_pos, text in enumerate(section.get("prompts", [])):
            db["prompts"].insert({"section_id": section_id, "position": p_pos, "text": text})
    return template_id


def seed_builtins(db: sqlite_utils.Database) -> None:
    """Fill a brand-new workbook; runs inside the first migration's transaction."""
    for pos, domain in enumerate(builtin_domains()):
        db["goal_domains"].insert({"key": domain["key"], "name": domain["name"],
                                   "description": domain.get("description", ""),
                                   "position": pos, "builtin": 1})
    for value in builtin_values():
        db["value_catalog"].insert({"name": value["name"],
                                    "description": value.get("description", ""), "builtin": 1})
    for pos, template in enumerate(builtin_templates()):
        insert_template(db, template, position=pos, builtin=True)
    for key, value in DEFAULT_SETTINGS.items():
        db["settings"].insert({"key": key, "value": json.dumps(value)})
