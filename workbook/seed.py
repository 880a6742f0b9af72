"""Built-in content seeded into every new workbook from `resources/` (data, not code)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

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
    return json.loads(resources.files("resources").joinpath(name).read_text("utf-8"))


def builtin_templates() -> list[dict[str, Any]]:
    return list(load_resource("templates.json")["templates"])


def builtin_values() -> list[dict[str, Any]]:
    return list(load_resource("values.json")["values"])


def builtin_domains() -> list[dict[str, Any]]:
    return list(load_resource("goal_domains.json")["domains"])


def insert_template(db: sqlite_utils.Database, template: dict[str, Any], *, position: int,
                    builtin: bool) -> int:
    """Insert one template with its sections and prompts (caller holds the transaction)."""
    cur = db.execute(
        "INSERT INTO templates(key, name, competency, description, position, builtin) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [template["key"], template["name"], template.get("competency", ""),
         template.get("description", ""), position, int(builtin)],
    )
    template_id = int(cur.lastrowid)
    for s_pos, section in enumerate(template["sections"]):
        cur = db.execute(
            "INSERT INTO template_sections(template_id, key, position, heading, shared, guidance) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [template_id, section["key"], s_pos, section["heading"], int(bool(section["shared"])),
             section.get("guidance", "")],
        )
        section_id = int(cur.lastrowid)
        for p_pos, text in enumerate(section.get("prompts", [])):
            db.execute("INSERT INTO prompts(section_id, position, text) VALUES (?, ?, ?)",
                       [section_id, p_pos, text])
    return template_id


def seed_builtins(db: sqlite_utils.Database) -> None:
    """Fill a brand-new workbook; runs inside the first migration's transaction."""
    for pos, domain in enumerate(builtin_domains()):
        db.execute(
            "INSERT INTO goal_domains(key, name, description, position, builtin) "
            "VALUES (?, ?, ?, ?, 1)",
            [domain["key"], domain["name"], domain.get("description", ""), pos],
        )
    for value in builtin_values():
        db.execute("INSERT INTO value_catalog(name, description, builtin) VALUES (?, ?, 1)",
                   [value["name"], value.get("description", "")])
    for pos, template in enumerate(builtin_templates()):
        insert_template(db, template, position=pos, builtin=True)
    for key, value in DEFAULT_SETTINGS.items():
        db.execute("INSERT INTO settings(key, value) VALUES (?, ?)", [key, json.dumps(value)])
