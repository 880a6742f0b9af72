"""Build the interchange document (format version 1) from a workbook.

Ids in the document are references local to it, numbered 1..n per kind in the order the
records appear. Lists are ordered by natural keys with the database id as the last tie-break;
an import inserts records in document order, so export → import → export is stable.

Coachees are built one at a time, from queries restricted to each, so that `write_document`
holds one coachee in memory, never the whole workbook: built whole, a document took about
8 times its file's size in memory (2 GB for a 259 MB file, bench/generate.py scale 4).
"""

from __future__ import annotations

import contextlib
import gc
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import asdict
from typing import Any, TextIO

import sqlite_utils

import workbook
from workbook.dates import now_iso
from workbook.exchange.json_schema import FORMAT, FORMAT_VERSION
from workbook.settings import get_settings
from workbook.wellbeing import ITEM_KEYS


def _rows(db: sqlite_utils.Database, sql: str, params: tuple[Any, ...] = ()
          ) -> list[dict[str, Any]]:
    return list(db.query(sql, params))


def _grouped(db: sqlite_utils.Database, sql: str, key: str, params: tuple[Any, ...] = ()
             ) -> dict[int, list[dict[str, Any]]]:
    groups: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in db.query(sql, params):
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


# One coachee's records, each query seeking by an index (checked with EXPLAIN QUERY PLAN).
# Within one parent (goal, session, section) rows come in the document's order; the ORDER BY
# leads with the parents' own order so that the indexes give the rows in it, with no sort.
_VALUES = "SELECT * FROM coachee_values WHERE coachee_id = ? ORDER BY rank, id"
_GOALS = "SELECT * FROM goals WHERE coachee_id = ? ORDER BY id"
_GOAL_VALUES = """SELECT gv.* FROM goals g JOIN goal_values gv ON gv.goal_id = g.id
    WHERE g.coachee_id = ?"""
_MILESTONES = """SELECT m.* FROM goals g JOIN milestones m ON m.goal_id = g.id
    WHERE g.coachee_id = ? ORDER BY g.id, m.position, m.id"""
_CHECKINS = """SELECT c.* FROM goals g JOIN checkins c ON c.goal_id = g.id
    WHERE g.coachee_id = ? ORDER BY g.id, c.checked_on, c.id"""
_SESSIONS = "SELECT * FROM sessions WHERE coachee_id = ? ORDER BY scheduled_at, id"
_SESSION_GOALS = """SELECT sg.* FROM sessions s JOIN session_goals sg ON sg.session_id = s.id
    WHERE s.coachee_id = ?"""
_SECTIONS = """SELECT x.* FROM sessions s JOIN session_sections x ON x.session_id = s.id
    WHERE s.coachee_id = ? ORDER BY s.scheduled_at, s.id, x.position, x.id"""
_VERSIONS = """SELECT v.* FROM sessions s JOIN session_sections x ON x.session_id = s.id
    JOIN note_versions v ON v.section_id = x.id
    WHERE s.coachee_id = ? ORDER BY s.scheduled_at, s.id, x.position, x.id, v.saved_at, v.id"""
_PRIVACY = """SELECT p.* FROM sessions s JOIN session_sections x ON x.session_id = s.id
    JOIN section_privacy_changes p ON p.section_id = x.id
    WHERE s.coachee_id = ? ORDER BY s.scheduled_at, s.id, x.position, x.id, p.id"""
_ACTIONS = "SELECT * FROM action_items WHERE coachee_id = ? ORDER BY id"
_WHO5 = """SELECT w.* FROM sessions s JOIN who5_answers w ON w.session_id = s.id
    WHERE s.coachee_id = ?"""


def iter_coachees(db: sqlite_utils.Database, template_refs: dict[int, int]
                  ) -> Iterator[dict[str, Any]]:
    """The document's coachees, in document order, one at a time; `template_refs` maps
    template ids to their document references (from `envelope`)."""
    ids = _Numbering()  # one numbering for the whole document: refs are dense across coachees
    for row in _rows(db, "SELECT * FROM coachees ORDER BY name COLLATE NOCASE, name, id"):
        yield _coachee(db, row, ids, template_refs)


def _coachee(db: sqlite_utils.Database, row: dict[str, Any], ids: _Numbering,
             template_refs: dict[int, int]) -> dict[str, Any]:
    coachee_id = row["id"]
    one = (coachee_id,)
    goal_values = _grouped(db, _GOAL_VALUES, "goal_id", one)
    milestones = _grouped(db, _MILESTONES, "goal_id", one)
    checkins = _grouped(db, _CHECKINS, "goal_id", one)
    doc_values = [{"id": ids.new("value", v["id"]), "name": v["name"], "rank": v["rank"],
                   "reflection": v["reflection"], **_stamps(v)}
                  for v in _rows(db, _VALUES, one)]
    doc_goals = [_goal(g, ids, goal_values, milestones[g["id"]], checkins[g["id"]])
                 for g in _rows(db, _GOALS, one)]
    doc_sessions = _sessions(db, coachee_id, ids, template_refs)
    for goal in doc_goals:
        for checkin in goal["checkins"]:
            checkin["session_ref"] = ids.ref("session", checkin["session_ref"])
    doc_actions = [{
        "id": ids.new("action", a["id"]), "text": a["text"], "owner": a["owner"],
        "owner_note": a["owner_note"], "due_date": a["due_date"], "done_on": a["done_on"],
        "position": a["position"], "session_ref": ids.ref("session", a["session_id"]),
        "goal_ref": ids.ref("goal", a["goal_id"]), **_stamps(a),
    } for a in _rows(db, _ACTIONS, one)]
    return {
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
    }


def _sessions(db: sqlite_utils.Database, coachee_id: int, ids: _Numbering,
              template_refs: dict[int, int]) -> list[dict[str, Any]]:
    one = (coachee_id,)
    session_goals = _grouped(db, _SESSION_GOALS, "session_id", one)
    sections = _grouped(db, _SECTIONS, "session_id", one)
    versions = _grouped(db, _VERSIONS, "section_id", one)
    privacy = _grouped(db, _PRIVACY, "section_id", one)
    who5 = {row["session_id"]: {key: row[key] for key in ITEM_KEYS}
            for row in _rows(db, _WHO5, one)}
    return [{
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
        "who5": who5.get(s["id"]),
        **_stamps(s),
    } for s in _rows(db, _SESSIONS, one)]


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
    with _collector_paused(), db.atomic():
        doc, template_refs = envelope(db)
        doc["coachees"] = list(iter_coachees(db, template_refs))
        return doc


def write_document(db: sqlite_utils.Database, fh: TextIO) -> None:
    """Write the document to `fh` one coachee at a time, with one coachee in memory: the
    text of `json.dumps(export_json(db), ensure_ascii=False, indent=2) + "\n"`.

    Read in one transaction, so that the file is one moment of the workbook."""
    with _collector_paused(), db.atomic():
        doc, template_refs = envelope(db)
        head, _, tail = _dumps(doc).rpartition('"coachees": []')
        fh.write(head + '"coachees": ')
        opening = "[\n"
        for coachee in iter_coachees(db, template_refs):
            # The list sits two levels deep, so each line of a coachee gets 4 more spaces. No
            # JSON text holds a raw "\n" (json escapes it): only line breaks are indented.
            fh.write(opening + "    " + _dumps(coachee).replace("\n", "\n    "))
            opening = ",\n"
        fh.write(("[]" if opening == "[\n" else "\n  ]") + tail + "\n")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def envelope(db: sqlite_utils.Database) -> tuple[dict[str, Any], dict[int, int]]:
    """The document without its coachees (`"coachees"` is there, last and empty), and the
    document references of the templates, which the coachees' sessions point at."""
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
        "coachees": [],
    }, template_refs
