"""Write a checked interchange document into a workbook (the caller holds the transaction).

Every record is inserted in document order, so ids grow in that order and a later export
lists the records the same way. Document references are mapped to the new database ids.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from workbook.dates import now_iso
from workbook.errors import InvalidInput
from workbook.exchange import json_schema as s
from workbook.settings import update_settings


@dataclass
class Written:
    coachee_ids: list[int] = field(default_factory=list)
    values: int = 0
    goals: int = 0
    sessions: int = 0
    actions: int = 0
    templates: int = 0
    warnings: list[str] = field(default_factory=list)


def _insert(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> int:
    # rowid, not last_pk: the link tables' key is a pair, and every other table's
    # integer primary key is its rowid.
    return int(db[table].insert(row).last_rowid)


def _stamps(record: s._Dated, now: str) -> dict[str, Any]:
    return {"created_at": record.created_at or now, "updated_at": record.updated_at or now,
            "deleted_at": record.deleted_at}


def _settings(db: sqlite_utils.Database, doc: s.Document, name: str, out: Written) -> None:
    known = {k: getattr(doc.settings, k) for k in s.Settings.model_fields}
    known = {k: v for k, v in known.items() if v is not None}
    for key, value in known.items():
        try:
            update_settings(db, **{key: value})
        except InvalidInput as exc:
            raise InvalidInput(f"{name}: settings.{key}: {exc.sentence}") from None
    for key in sorted(doc.settings.model_extra or {}):
        out.warnings.append(f"The setting «{key}» in the file is not known here and was ignored.")


def _shared(db: sqlite_utils.Database, doc: s.Document) -> None:
    for d in doc.goal_domains:
        row = {"name": d.name, "description": d.description, "position": d.position,
               "builtin": int(d.builtin)}
        if db.execute("SELECT 1 FROM goal_domains WHERE key = ?", [d.key]).fetchone():
            db["goal_domains"].update(d.key, row)
        else:
            _insert(db, "goal_domains", {"key": d.key, **row})
    for v in doc.value_catalog:
        row = {"name": v.name, "description": v.description, "builtin": int(v.builtin)}
        found = db.execute("SELECT id FROM value_catalog WHERE name = ?", [v.name]).fetchone()
        if found:  # the column's NOCASE collation matches "kindness" to "Kindness"
            db["value_catalog"].update(found[0], row)
        else:
            _insert(db, "value_catalog", row)


def _templates(db: sqlite_utils.Database, doc: s.Document, now: str,
               out: Written) -> dict[int, int]:
    refs: dict[int, int] = {}
    for t in doc.templates:
        row = {"name": t.name, "competency": t.competency, "description": t.description,
               "position": t.position, "builtin": int(t.builtin), **_stamps(t, now)}
        found = db.execute("SELECT id, builtin FROM templates WHERE key = ?", [t.key]).fetchone()
        if found:
            template_id = int(found[0])
            db["templates"].update(template_id, row)
            db.execute("DELETE FROM template_sections WHERE template_id = ?", [template_id])
            if not found[1]:
                out.warnings.append(f"Your template «{t.name}» was replaced by the one in the "
                                    "file (same key).")
        else:
            template_id = _insert(db, "templates", {"key": t.key, **row})
        for position, section in enumerate(t.sections):
            section_id = _insert(db, "template_sections", {
                "template_id": template_id, "key": section.key, "position": position,
                "heading": section.heading, "shared": int(section.shared),
                "guidance": section.guidance})
            for p, text in enumerate(section.prompts):
                _insert(db, "prompts", {"section_id": section_id, "position": p, "text": text})
        refs[t.id] = template_id
        out.templates += 1
    return refs


def _goal(db: sqlite_utils.Database, goal: s.Goal, coachee_id: int, values: dict[int, int],
          now: str) -> int:
    ladder = goal.ladder
    goal_id = _insert(db, "goals", {
        "coachee_id": coachee_id, "title": goal.title, "domain": goal.domain,
        "specific": goal.specific, "measurable": goal.measurable, "achievable": goal.achievable,
        "relevant": goal.relevant, "time_bound": goal.time_bound, "status": goal.status,
        "progress": goal.progress, "target_date": goal.target_date,
        "gas_minus2": ladder.minus2, "gas_minus1": ladder.minus1, "gas_zero": ladder.zero,
        "gas_plus1": ladder.plus1, "gas_plus2": ladder.plus2,
        "gas_baseline": goal.gas_baseline, "gas_attained": goal.gas_attained,
        "gas_attained_on": goal.gas_attained_on, "weight": goal.weight, **_stamps(goal, now)})
    for ref in dict.fromkeys(goal.value_refs):
        _insert(db, "goal_values", {"goal_id": goal_id, "value_id": values[ref]})
    for position, m in enumerate(goal.milestones):
        _insert(db, "milestones", {"goal_id": goal_id, "position": position, "title": m.title,
                                   "due_date": m.due_date, "done_on": m.done_on})
    return goal_id


def _session(db: sqlite_utils.Database, session: s.Session, coachee_id: int,
             goals: dict[int, int], templates: dict[int, int], now: str) -> int:
    session_id = _insert(db, "sessions", {
        "coachee_id": coachee_id,
        "template_id": templates[session.template_ref] if session.template_ref else None,
        "template_name": session.template_name, "scheduled_at": session.scheduled_at,
        "duration_min": session.duration_min, "modality": session.modality,
        "status": session.status, "title": session.title, "agenda": session.agenda,
        "next_meeting_at": session.next_meeting_at, **_stamps(session, now)})
    for ref in dict.fromkeys(session.goal_refs):
        _insert(db, "session_goals", {"session_id": session_id, "goal_id": goals[ref]})
    for position, section in enumerate(session.sections):
        section_id = _insert(db, "session_sections", {
            "session_id": session_id, "key": section.key, "position": position,
            "heading": section.heading, "shared": int(section.shared), "body": section.body,
            "updated_at": section.updated_at or now})
        for version in section.versions:
            _insert(db, "note_versions", {"section_id": section_id, "body": version.body,
                                          "saved_at": version.saved_at})
        for change in section.privacy_changes:  # so "made shared since" survives a move
            _insert(db, "section_privacy_changes", {
                "section_id": section_id, "shared": int(change.shared),
                "changed_at": change.changed_at, "changed_by": change.changed_by})
    if session.who5 is not None:
        db["who5_answers"].insert({"session_id": session_id, "updated_at": now,
                                   **session.who5.model_dump()}, pk="session_id")
    return session_id


def _one_per_session(goal: s.Goal, out: Written) -> list[s.Checkin]:
    """The goal's check-ins, keeping one per session as the workbook does: the latest wins
    (by date, then the later in the file); the file's order is kept otherwise."""
    latest: dict[int, tuple[str, int]] = {}
    for position, checkin in enumerate(goal.checkins):
        if checkin.session_ref is not None:
            latest[checkin.session_ref] = max(latest.get(checkin.session_ref, ("", -1)),
                                              (checkin.checked_on, position))
    kept = [c for position, c in enumerate(goal.checkins)
            if c.session_ref is None or latest[c.session_ref][1] == position]
    if len(kept) < len(goal.checkins):
        out.warnings.append(f"The goal «{goal.title}» had more than one check-in for the same "
                            "session; only the latest of each was imported.")
    return kept


def _coachee(db: sqlite_utils.Database, c: s.Coachee, templates: dict[int, int], now: str,
             out: Written) -> None:
    a = c.agreement
    coachee_id = _insert(db, "coachees", {
        "name": c.name, "preferred_name": c.preferred_name, "pronouns": c.pronouns,
        "email": c.email, "level": c.level, "program": c.program, "cohort": c.cohort,
        "start_date": c.start_date, "status": c.status,
        "tags": json.dumps(list(c.tags), ensure_ascii=False),
        "agreement_cadence": a.cadence, "agreement_contact": a.contact,
        "agreement_confidentiality": a.confidentiality, "agreement_notes": a.notes,
        "agreement_date": a.date, **_stamps(c, now)})
    values: dict[int, int] = {}
    for v in c.values:
        values[v.id] = _insert(db, "coachee_values", {
            "coachee_id": coachee_id, "name": v.name, "rank": v.rank,
            "reflection": v.reflection, **_stamps(v, now)})
    goals = {g.id: _goal(db, g, coachee_id, values, now) for g in c.goals}
    sessions = {x.id: _session(db, x, coachee_id, goals, templates, now) for x in c.sessions}
    for g in c.goals:
        for checkin in _one_per_session(g, out):
            _insert(db, "checkins", {
                "goal_id": goals[g.id],
                "session_id": sessions[checkin.session_ref] if checkin.session_ref else None,
                "checked_on": checkin.checked_on, "progress": checkin.progress,
                "gas_level": checkin.gas_level, "note": checkin.note})
    for item in c.action_items:
        _insert(db, "action_items", {
            "coachee_id": coachee_id,
            "session_id": sessions[item.session_ref] if item.session_ref else None,
            "goal_id": goals[item.goal_ref] if item.goal_ref else None,
            "text": item.text, "owner": item.owner, "owner_note": item.owner_note,
            "due_date": item.due_date, "done_on": item.done_on, "position": item.position,
            **_stamps(item, now)})
    out.coachee_ids.append(coachee_id)
    out.values += len(values)
    out.goals += len(goals)
    out.sessions += len(sessions)
    out.actions += len(c.action_items)


def write(db: sqlite_utils.Database, doc: s.Document, name: str, *,
          apply_settings: bool) -> Written:
    out = Written()
    now = now_iso()
    if apply_settings:
        _settings(db, doc, name, out)
    _shared(db, doc)
    templates = _templates(db, doc, now, out)
    for coachee in doc.coachees:
        _coachee(db, coachee, templates, now, out)
    return out
