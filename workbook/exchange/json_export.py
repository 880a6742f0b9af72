"""Build the interchange document (format version 1) from a workbook.

Ids in the document are references local to it, numbered 1..n per kind in the order the
records appear. Lists are ordered by natural keys with the database id as the last tie-break;
an import inserts records in document order, so export → import → export is stable.
"""

from __future__ import annotations

import contextlib
import gc
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

import sqlite_utils

import workbook
from workbook.dates import now_iso
from workbook.exchange.json_schema import FORMAT, FORMAT_VERSION
from workbook.settings import get_settings


def _rows(db: sqlite_utils.Database, sql: str) -> list[dict[str, Any]]:
    return list(db.query(sql))


def _grouped(db: sqlite_utils.Database, sql: str, key: str) -> dict[int, list[dict[str, Any]]]:
    groups: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in db.query(sql):
        groups[row[key]].append(row)
    return groups


def _stamps(row: dict[str, Any]) -> dict[str, Any]:
    return {"created_at": row["created_at"], "updated_at": row["updated_at"],
            "deleted_at": row["deleted_at"]}


def _tags(raw: Any) -> list[str]:
    try:
        parsed = json.loads(raw) if isinstance(raw, str) else []
    except ValueError:
        parsed = [raw]  # never drop what the coach typed, even if stored oddly
    if not isinstance(parsed, list):
        parsed = [parsed]
    return [str(tag) for tag in parsed if tag not in (None, "")]


def _templates(db: sqlite_utils.Database) -> tuple[list[dict[str, Any]], dict[int, int]]:
    prompts = _grouped(db, "SELECT * FROM prompts ORDER BY position, id", "section_id")
    sections = _grouped(db, "SELECT * FROM template_sections ORDER BY position, id",
                        "template_id")
    out, refs = [], {}
    for ref, row in enumerate(_rows(db, "SELECT * FROM templates ORDER BY position, key"), 1):
        refs[row["id"]] = ref
        out.append({
            "id": ref, "key": row["key"], "name": row["name"], "competency": row["competency"],
            "description": row["description"], "position": row["position"],
            "builtin": bool(row["builtin"]),
            "sections": [{
                "key": s["key"], "heading": s["heading"], "shared": bool(s["shared"]),
                "guidance": s["guidance"], "prompts": [p["text"] for p in prompts[s["id"]]],
            } for s in sections[row["id"]]],
            **_stamps(row),
        })
    return out, refs


class _Numbering:
    """Document-local references: 1..n per kind, in the order records are written."""

    def __init__(self) -> None:
        self._refs: dict[str, dict[int, int]] = defaultdict(dict)

    def new(self, kind: str, db_id: int) -> int:
        refs = self._refs[kind]
        refs[db_id] = len(refs) + 1
        return refs[db_id]

    def ref(self, kind: str, db_id: int | None) -> int | None:
        return None if db_id is None else self._refs[kind].get(db_id)


def _goal(row: dict[str, Any], ids: _Numbering, links: dict[int, list[dict[str, Any]]],
          milestones: list[dict[str, Any]], checkins: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": ids.new("goal", row["id"]), "title": row["title"], "domain": row["domain"],
        "specific": row["specific"], "measurable": row["measurable"],
        "achievable": row["achievable"], "relevant": row["relevant"],
        "time_bound": row["time_bound"], "status": row["status"], "progress": row["progress"],
        "target_date": row["target_date"],
        "ladder": {"-2": row["gas_minus2"], "-1": row["gas_minus1"], "0": row["gas_zero"],
                   "+1": row["gas_plus1"], "+2": row["gas_plus2"]},
        "gas_baseline": row["gas_baseline"], "gas_attained": row["gas_attained"],
        "gas_attained_on": row["gas_attained_on"], "weight": float(row["weight"]),
        "value_refs": sorted(r for r in (ids.ref("value", x["value_id"])
                                         for x in links[row["id"]]) if r is not None),
        "milestones": [{"title": m["title"], "due_date": m["due_date"], "done_on": m["done_on"]}
                       for m in milestones],
        # session refs are filled in once sessions are numbered
        "checkins": [{"checked_on": c["checked_on"], "progress": c["progress"],
                      "gas_level": c["gas_level"], "note": c["note"],
                      "session_ref": c["session_id"]} for c in checkins],
        **_stamps(row),
    }


def _coachees(db: sqlite_utils.Database, template_refs: dict[int, int]) -> list[dict[str, Any]]:
    values = _grouped(db, "SELECT * FROM coachee_values ORDER BY rank, id", "coachee_id")
    goals = _grouped(db, "SELECT * FROM goals ORDER BY id", "coachee_id")
    goal_values = _grouped(db, "SELECT * FROM goal_values", "goal_id")
    milestones = _grouped(db, "SELECT * FROM milestones ORDER BY position, id", "goal_id")
    checkins = _grouped(db, "SELECT * FROM checkins ORDER BY checked_on, id", "goal_id")
    sessions = _grouped(db, "SELECT * FROM sessions ORDER BY scheduled_at, id", "coachee_id")
    session_goals = _grouped(db, "SELECT * FROM session_goals", "session_id")
    sections = _grouped(db, "SELECT * FROM session_sections ORDER BY position, id", "session_id")
    versions = _grouped(db, "SELECT * FROM note_versions ORDER BY saved_at, id", "section_id")
    privacy = _grouped(db, "SELECT * FROM section_privacy_changes ORDER BY id", "section_id")
    actions = _grouped(db, "SELECT * FROM action_items ORDER BY id", "coachee_id")
    ids = _Numbering()
    out = []
    for row in _rows(db, "SELECT * FROM coachees ORDER BY name COLLATE NOCASE, name, id"):
        coachee_id = row["id"]
        doc_values = [{"id": ids.new("value", v["id"]), "name": v["name"], "rank": v["rank"],
                       "reflection": v["reflection"], **_stamps(v)}
                      for v in values[coachee_id]]
        doc_goals = [_goal(g, ids, goal_values, milestones[g["id"]], checkins[g["id"]])
                     for g in goals[coachee_id]]
        doc_sessions = []
        for s in sessions[coachee_id]:
            doc_sessions.append({
                "id": ids.new("session", s["id"]),
                "template_ref": template_refs.get(s["template_id"]) if s["template_id"] else None,
                "template_name": s["template_name"], "scheduled_at": s["scheduled_at"],
                "duration_min": s["duration_min"], "modality": s["modality"],
                "status": s["status"], "title": s["title"], "agenda": s["agenda"],
                "next_meeting_at": s["next_meeting_at"],
                "goal_refs": sorted(r for r in (ids.ref("goal", x["goal_id"])
                                                for x in session_goals[s["id"]])
                                    if r is not None),
                "sections": [{
                    "key": x["key"], "heading": x["heading"], "shared": bool(x["shared"]),
                    "body": x["body"], "updated_at": x["updated_at"],
                    "versions": [{"body": v["body"], "saved_at": v["saved_at"]}
                                 for v in versions[x["id"]]],
                    "privacy_changes": [{"shared": bool(p["shared"]),
                                         "changed_at": p["changed_at"],
                                         "changed_by": p["changed_by"]}
                                        for p in privacy[x["id"]]],
                } for x in sections[s["id"]]],
                **_stamps(s),
            })
        for goal in doc_goals:
            for checkin in goal["checkins"]:
                checkin["session_ref"] = ids.ref("session", checkin["session_ref"])
        doc_actions = [{
            "id": ids.new("action", a["id"]), "text": a["text"], "owner": a["owner"],
            "owner_note": a["owner_note"], "due_date": a["due_date"], "done_on": a["done_on"],
            "position": a["position"], "session_ref": ids.ref("session", a["session_id"]),
            "goal_ref": ids.ref("goal", a["goal_id"]), **_stamps(a),
        } for a in actions[coachee_id]]
        out.append({
            "id": ids.new("coachee", coachee_id), "name": row["name"],
            "preferred_name": row["preferred_name"], "pronouns": row["pronouns"],
            "email": row["email"], "level": row["level"], "program": row["program"],
            "cohort": row["cohort"], "start_date": row["start_date"], "status": row["status"],
            "tags": _tags(row["tags"]),
            "agreement": {"cadence": row["agreement_cadence"],
                          "contact": row["agreement_contact"],
                          "confidentiality": row["agreement_confidentiality"],
                          "notes": row["agreement_notes"], "date": row["agreement_date"]},
            **_stamps(row),
            "values": doc_values, "goals": doc_goals, "sessions": doc_sessions,
            "action_items": doc_actions,
        })
    return out


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The document is a few million small containers with no cycle among them. The cyclic
    collector, left on, walks them again and again as they pile up and frees nothing: 30 %
    of the build at scale 1, 45 % at scale 4, the part of the time that grew faster than the
    records. (The window keeps automatic collection off anyway: ui/kit/collector.py.)"""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def export_json(db: sqlite_utils.Database) -> dict[str, Any]:
    """The whole workbook, trash included, as an interchange document."""
    with _collector_paused():
        return _document(db)


def _document(db: sqlite_utils.Database) -> dict[str, Any]:
    templates, template_refs = _templates(db)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": now_iso(),
        "app_version": workbook.__version__,
        "settings": asdict(get_settings(db)),
        "goal_domains": [
            {"key": d["key"], "name": d["name"], "description": d["description"],
             "position": d["position"], "builtin": bool(d["builtin"])}
            for d in _rows(db, "SELECT * FROM goal_domains ORDER BY position, key")
        ],
        "value_catalog": [
            {"name": v["name"], "description": v["description"], "builtin": bool(v["builtin"])}
            for v in _rows(db, "SELECT * FROM value_catalog ORDER BY name COLLATE NOCASE, id")
        ],
        "templates": templates,
        "coachees": _coachees(db, template_refs),
    }
