"""The demo workbook behind "Try the demo": fictional learners and a year of coaching work.

The people and notes are data (`resources/demo/*.json`); this module only places them in time.
Every date is counted from `today`, so the demo always looks current, and the same `today`
always builds the same workbook. Rows go in with plain SQL in one transaction: the schema in
`workbook.migrations` is the contract, and the search triggers index every note as it lands.

The demo passphrase is printed in the user guide and shown on the "Try the demo" screen; it
protects nothing real, so it may be known to everybody.
"""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbook import bundled, dates, seed
from workbook.errors import InvalidInput
from workbook.wellbeing import ITEM_KEYS

if TYPE_CHECKING:
    import sqlite_utils

    from workbook.vault import Vault

DEMO_PASSPHRASE = "coaching demo only 2026"
COACH_NAME = "Dr. Morgan Ellery"
INSTITUTION = "Riverside School of Medicine"
CONTENT_FILES = ("coachees.json", "sessions-1.json", "sessions-2.json", "generated.json")
_SEED = 2026  # fixed: the generated sessions read the same whatever day the demo is built
_VERSIONED_WITHIN_DAYS = 60  # recent sessions get earlier drafts in their note history


@dataclass(frozen=True)
class DemoSummary:
    coachees: int
    sessions: int
    goals: int
    actions: int
    overdue_actions: int
    upcoming_sessions: int


@cache
def load_content() -> dict[str, Any]:
    """The demo's written content: coachees, written sessions and generated-session parts."""
    raw = {name: json.loads(bundled.read_text(f"demo/{name}")) for name in CONTENT_FILES}
    return {
        "coachees": raw["coachees.json"]["coachees"],
        "sessions": raw["sessions-1.json"]["sessions"] + raw["sessions-2.json"]["sessions"],
        "plan": raw["generated.json"]["plan"],
        "fragments": raw["generated.json"]["fragments"],
        "actions": raw["generated.json"]["actions"],
    }


def text(value: str | list[str] | None) -> str:
    """A note as written in the content files: a string, or a list of lines."""
    if value is None:
        return ""
    return "\n".join(value) if isinstance(value, list) else value


def academic_year(day: date) -> int:
    """The year the current academic year started (they start in July)."""
    return day.year if day.month >= 7 else day.year - 1


def _cohort(template: str, day: date) -> str:
    year = academic_year(day)
    return re.sub(r"\{ay([+-]\d+)?\}", lambda m: str(year + int(m.group(1) or 0)), template)


def _stamp(moment: date | datetime) -> str:
    """A created/updated timestamp in the format `dates.now_iso()` writes."""
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, datetime.min.time()).replace(hour=12)
    return dates.stamp_of(moment)


def _insert(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> int:
    return int(db[table].insert(row).last_pk)


def _templates(db: sqlite_utils.Database) -> dict[str, dict[str, Any]]:
    """Templates by key with their sections, from the workbook; a built-in the coach has
    removed falls back to its resource definition (the session then has no template id)."""
    found: dict[str, dict[str, Any]] = {}
    for t in seed.builtin_templates():
        found[t["key"]] = {"id": None, "name": t["name"], "sections": [
            {"key": s["key"], "heading": s["heading"], "shared": int(bool(s["shared"])),
             "position": i} for i, s in enumerate(t["sections"])]}
    for t in db.query("SELECT id, key, name FROM templates WHERE deleted_at IS NULL"):
        sections = list(db.query(
            "SELECT key, heading, shared, position FROM template_sections "
            "WHERE template_id = ? ORDER BY position, id", [t["id"]]))
        found[t["key"]] = {"id": t["id"], "name": t["name"], "sections": sections}
    return found


class _Builder:
    def __init__(self, db: sqlite_utils.Database, day: date) -> None:
        self.db = db
        self.day = day
        self.templates = _templates(db)
        self.coachees: dict[str, dict[str, Any]] = {}  # key -> {id, name, status}
        self.goals: dict[str, int] = {}
        self.values: dict[tuple[str, str], int] = {}
        self.checkins: dict[str, list[tuple[str, int | None, int | None]]] = defaultdict(list)
        self.sessions: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
        self.recent_sections: list[tuple[int, str, datetime]] = []

    def when(self, days_ago: int) -> date:
        return self.day - timedelta(days=days_ago)

    # -- people, values, goals -------------------------------------------------------------
    def add_coachee(self, c: dict[str, Any], first_mention: dict[str, int]) -> None:
        start = self.when(c["start"])
        agreement = c.get("agreement") or {}
        cid = _insert(self.db, "coachees", {
            "name": c["name"], "preferred_name": c["preferred_name"],
            "pronouns": c["pronouns"], "email": c["email"], "level": c["level"],
            "program": c["program"], "cohort": _cohort(c["cohort"], self.day),
            "start_date": start.isoformat(), "status": c["status"],
            "tags": json.dumps(c["tags"], ensure_ascii=False),
            "agreement_cadence": agreement.get("cadence", ""),
            "agreement_contact": agreement.get("contact", ""),
            "agreement_confidentiality": agreement.get("confidentiality", ""),
            "agreement_notes": agreement.get("notes", ""),
            "agreement_date": self.when(agreement["on"]).isoformat() if agreement else None,
            "created_at": _stamp(start), "updated_at": _stamp(start)})
        self.coachees[c["key"]] = {"id": cid, "name": c["preferred_name"], "status": c["status"]}
        for rank, v in enumerate(c["values"]):
            self.values[(c["key"], v["name"])] = _insert(self.db, "coachee_values", {
                "coachee_id": cid, "name": v["name"], "rank": rank,
                "reflection": v["reflection"], "created_at": _stamp(start),
                "updated_at": _stamp(start)})
        for g in c["goals"]:
            self.add_goal(c["key"], cid, g, g.get("created") or first_mention.get(g["key"])
                          or c["start"])

    def add_goal(self, coachee: str, cid: int, g: dict[str, Any], created_ago: int) -> None:
        ladder = g.get("gas") or [""] * 5
        created = _stamp(self.when(created_ago))
        trashed = g.get("trashed")
        gid = _insert(self.db, "goals", {
            "coachee_id": cid, "title": g["title"], "domain": g["domain"],
            **{k: g.get(k, "") for k in ("specific", "measurable", "achievable", "relevant",
                                           "time_bound")},
            "status": g["status"], "progress": g.get("progress", 0),
            "target_date": (self.day + timedelta(days=g["target"])).isoformat(),
            "gas_minus2": ladder[0], "gas_minus1": ladder[1], "gas_zero": ladder[2],
            "gas_plus1": ladder[3], "gas_plus2": ladder[4],
            "gas_baseline": g.get("baseline") if g.get("gas") else None,
            "created_at": created, "updated_at": created,
            "deleted_at": _stamp(self.when(trashed)) if trashed else None})
        self.goals[g["key"]] = gid
        for name in g.get("values", []):
            self.db["goal_values"].insert({"goal_id": gid,
                                           "value_id": self.values[(coachee, name)]})
        for pos, m in enumerate(g.get("milestones", [])):
            _insert(self.db, "milestones", {
                "goal_id": gid, "position": pos, "title": m["title"],
                "due_date": (self.day + timedelta(days=m["due"])).isoformat(),
                "done_on": self.when(m["done"]).isoformat() if "done" in m else None})

    # -- sessions --------------------------------------------------------------------------
    def add_session(self, s: dict[str, Any], notes: dict[str, str],
                    actions: list[dict[str, Any]]) -> None:
        coachee = self.coachees[s["coachee"]]
        on = self.when(s["ago"])
        at = dates.parse_datetime(f"{on.isoformat()}T{s.get('at', '16:00')}")
        assert at is not None, s  # the bundled demo is ours: a bad time is a bug
        status = s.get("status", "held")
        template = self.templates[s["template"]]
        planned = _stamp(min(on, self.day) - timedelta(days=14))
        touched = _stamp(at + timedelta(minutes=s.get("min", 45))) if on < self.day else planned
        sid = _insert(self.db, "sessions", {
            "coachee_id": coachee["id"], "template_id": template["id"],
            "template_name": template["name"], "scheduled_at": dates.minute_iso(at),
            "duration_min": s.get("min", 45), "modality": s.get("mode", "in-person"),
            "status": status, "title": s.get("title", ""), "agenda": s.get("agenda", ""),
            "created_at": planned, "updated_at": touched})
        self.sessions[s["coachee"]].append((dates.minute_iso(at), sid, status))
        drafted = False
        for section in template["sections"]:
            body = notes.get(section["key"], "")
            section_id = _insert(self.db, "session_sections", {
                "session_id": sid, "key": section["key"], "position": section["position"],
                "heading": section["heading"], "shared": section["shared"], "body": body,
                "updated_at": touched if body else planned})
            if not drafted and s["ago"] <= _VERSIONED_WITHIN_DAYS and len(body) > 120:
                self.recent_sections.append((section_id, body, at))
                drafted = True
        discussed = [*s.get("goals", []), *(c["goal"] for c in s.get("checkins", [])),
                     *(a["goal"] for a in actions if a.get("goal"))]
        for key in dict.fromkeys(discussed):
            self.db["session_goals"].insert({"session_id": sid, "goal_id": self.goals[key]})
        for c in s.get("checkins", []):
            _insert(self.db, "checkins", {
                "goal_id": self.goals[c["goal"]], "session_id": sid,
                "checked_on": on.isoformat(), "progress": c.get("progress"),
                "gas_level": c.get("gas"), "note": c.get("note", "")})
            self.checkins[c["goal"]].append((on.isoformat(), c.get("progress"), c.get("gas")))
        if "who5" in s:  # recorded with the learner's agreement ("Record scores")
            self.db["who5_answers"].insert({"session_id": sid, "updated_at": touched,
                                            **dict(zip(ITEM_KEYS, s["who5"], strict=True))},
                                           pk="session_id")
        for pos, a in enumerate(actions):
            self.add_action(coachee["id"], sid, on, at, pos, a)

    def add_action(self, cid: int, sid: int, on: date, at: datetime, pos: int,
                   a: dict[str, Any]) -> None:
        due = on + timedelta(days=a["due"])
        is_open = a.get("open", False) or due >= self.day
        # Most learners finish a little early; how early varies so the list does not look
        # machine-made.
        done = None if is_open else max(on, due - timedelta(days=pos % 3))
        trashed = a.get("trashed")
        _insert(self.db, "action_items", {
            "coachee_id": cid, "session_id": sid,
            "goal_id": self.goals[a["goal"]] if a.get("goal") else None,
            "text": a["text"], "owner": a["owner"], "due_date": due.isoformat(),
            "done_on": done.isoformat() if done else None, "position": pos,
            "created_at": _stamp(at), "updated_at": _stamp(done) if done else _stamp(at),
            "deleted_at": _stamp(self.when(trashed)) if trashed else None})

    def generated(self, content: dict[str, Any]) -> None:
        rng = random.Random(_SEED)
        titles = {g["key"]: g["title"] for c in content["coachees"] for g in c["goals"]}
        for plan in content["plan"]:
            fill = {"name": self.coachees[plan["coachee"]]["name"],
                    "goal": titles[plan["goals"][0]] if plan.get("goals") else ""}

            def pick(pool: list[Any], k: int = 1, fill: dict[str, str] = fill) -> list[Any]:
                usable = [p for p in pool if fill["goal"] or "{goal}" not in json.dumps(p)]
                return rng.sample(usable, k)

            notes = {key: pick(pool)[0].format(**fill)
                     for key, pool in content["fragments"][plan["template"]].items()}
            actions = [{**a, "text": a["text"].format(**fill),
                        "goal": (plan.get("goals") or [None])[0] if "{goal}" in a["text"]
                        else None} for a in pick(content["actions"], 2)]
            self.add_session(plan, notes, actions)

    # -- derived state ---------------------------------------------------------------------
    def finish_goals(self, content: dict[str, Any]) -> None:
        """Like `goals.check_in`: a goal shows the progress and GAS level of its latest
        check-in."""
        for g in (g for c in content["coachees"] for g in c["goals"]):
            history = sorted(self.checkins.get(g["key"], []))
            row: dict[str, Any] = {}
            progress = [h for h in history if h[1] is not None]
            levels = [h for h in history if h[2] is not None]
            if progress:
                row["progress"] = progress[-1][1]
            if levels:
                row["gas_attained"], row["gas_attained_on"] = levels[-1][2], levels[-1][0]
            if history:
                row["updated_at"] = _stamp(dates.parse_date(history[-1][0]))
            if row:
                self.db["goals"].update(self.goals[g["key"]], row)

    def next_meetings(self) -> None:
        """A held session points at the coachee's next meeting; the latest one of an active
        coachee with nothing booked yet points six weeks ahead, as coaches usually agree."""
        for key, held in self.sessions.items():
            ordered = sorted(held)
            for i, (when, sid, status) in enumerate(ordered):
                if status != "held":
                    continue
                if i + 1 < len(ordered):
                    nxt: str | None = ordered[i + 1][0]
                elif self.coachees[key]["status"] == "active":
                    nxt = dates.minute_iso(dates.parse_datetime(when) + timedelta(weeks=6))
                    nxt = nxt if nxt[:10] > self.day.isoformat() else None
                else:
                    nxt = None
                self.db["sessions"].update(sid, {"next_meeting_at": nxt})

    def note_versions(self) -> None:
        """Earlier autosaved drafts of recent notes, as typing during a meeting leaves them."""
        for section_id, body, at in self.recent_sections:
            words = body.split(" ")
            for minutes, share in ((8, 0.4), (20, 0.75)):
                draft = " ".join(words[: max(1, int(len(words) * share))])
                _insert(self.db, "note_versions", {
                    "section_id": section_id, "body": draft,
                    "saved_at": _stamp(at + timedelta(minutes=minutes))})

    def settings(self) -> None:
        for key, value in (("coach_name", COACH_NAME), ("institution", INSTITUTION),
                           ("is_demo", True)):
            self.db["settings"].upsert(
                {"key": key, "value": json.dumps(value, ensure_ascii=False)}, pk="key")


def _first_mentions(content: dict[str, Any]) -> dict[str, int]:
    """For each goal, how many days ago a session first touched it (when it was set)."""
    first: dict[str, int] = {}
    for s in content["sessions"] + content["plan"]:
        keys = [*s.get("goals", []), *(c["goal"] for c in s.get("checkins", [])),
                *(a["goal"] for a in s.get("actions", []) if a.get("goal"))]
        for key in keys:
            first[key] = max(first.get(key, s["ago"]), s["ago"])
    return first


def summary(db: sqlite_utils.Database, today: date | None = None) -> DemoSummary:
    day = (today or dates.today()).isoformat()

    def count(sql: str, *params: Any) -> int:
        return int(db.execute(sql, list(params)).fetchone()[0])

    return DemoSummary(
        coachees=count("SELECT count(*) FROM coachees WHERE deleted_at IS NULL"),
        sessions=count("SELECT count(*) FROM sessions WHERE deleted_at IS NULL"),
        goals=count("SELECT count(*) FROM goals WHERE deleted_at IS NULL"),
        actions=count("SELECT count(*) FROM action_items WHERE deleted_at IS NULL"),
        overdue_actions=count("SELECT count(*) FROM action_items WHERE deleted_at IS NULL "
                              "AND done_on IS NULL AND due_date < ?", day),
        upcoming_sessions=count("SELECT count(*) FROM sessions WHERE deleted_at IS NULL "
                                "AND status = 'scheduled' AND scheduled_at >= ?", day),
    )


def build_demo(db: sqlite_utils.Database, *, today: date | None = None) -> DemoSummary:
    """Fill a freshly created workbook with the fictional demo, dated relative to `today`."""
    day = today or dates.today()
    if db.execute("SELECT count(*) FROM coachees").fetchone()[0]:
        raise InvalidInput("The demo can only fill an empty workbook; this one has coachees.")
    content = load_content()
    with db.atomic():
        builder = _Builder(db, day)
        first = _first_mentions(content)
        for c in content["coachees"]:
            builder.add_coachee(c, first)
        for s in content["sessions"]:
            builder.add_session(s, {k: text(v) for k, v in s.get("notes", {}).items()},
                                s.get("actions", []))
        builder.generated(content)
        builder.finish_goals(content)
        builder.next_meetings()
        builder.note_versions()
        builder.settings()
    return summary(db, day)


def create_demo_workbook(path: Path | str, passphrase: str = DEMO_PASSPHRASE, *,
                         today: date | None = None) -> Vault:
    """Create a new workbook at `path` (under `DEMO_PASSPHRASE` unless told otherwise),
    fill it, and return the open `Vault`. The demo's content is read before the file is
    created, and if filling fails the half-made file is removed: it is all or nothing."""
    from workbook import vault  # late: only the GUI and CLI need a file of their own
    from workbook.vault import locking

    load_content()
    opened = vault.create(path, passphrase)
    try:
        build_demo(opened.db, today=today)
    except BaseException:
        opened.close()
        for leftover in (Path(path), locking.lock_path(Path(path))):
            leftover.unlink(missing_ok=True)
        raise
    return opened
