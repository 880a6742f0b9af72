"""The migrations after the first (`workbook.migrations` runs them in order): each brings a
workbook made by an earlier version up to date, inside the transaction that also bumps its
`user_version`. Never edited once released; a change is a new step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only named here: the vault imports this module before any open
    import sqlite_utils


# Who made a section shared or private, and when: a session can then tell that a section it
# started with as private has since been made shared (the preview and export say so).
_PRIVACY_CHANGES = """
CREATE TABLE section_privacy_changes (
    id INTEGER PRIMARY KEY,
    section_id INTEGER NOT NULL REFERENCES session_sections(id) ON DELETE CASCADE,
    shared INTEGER NOT NULL CHECK (shared IN (0, 1)),
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX section_privacy_changes_section ON section_privacy_changes(section_id, id)
"""


def privacy_changes(db: sqlite_utils.Database) -> None:
    for statement in _PRIVACY_CHANGES.split(";"):
        if statement.strip():
            db.execute(statement)


def one_checkin_per_session(db: sqlite_utils.Database) -> None:
    # Earlier versions added a row per click of "Check in"; a session now holds one check-in
    # per goal. Of the duplicates the latest wins, in the order goals.check_in reads
    # "latest": by date, then the row written last.
    db.execute("""
        DELETE FROM checkins WHERE session_id IS NOT NULL AND id NOT IN (
            SELECT id FROM (
                SELECT id, row_number() OVER (PARTITION BY goal_id, session_id
                                              ORDER BY checked_on DESC, id DESC) AS n
                FROM checkins WHERE session_id IS NOT NULL)
            WHERE n = 1)""")
    db.execute("CREATE UNIQUE INDEX checkins_goal_session ON checkins(goal_id, session_id) "
               "WHERE session_id IS NOT NULL")


def marker_indexes(db: sqlite_utils.Database) -> None:
    # What the coachee list's markers and the Today view read on every unlock: open items by
    # coachee (covering: no row is read to count them), the few sessions in the trash, and
    # each coachee's live sessions by status (last held, next scheduled: one seek each).
    # Without them both screens read every action item and every session of a career.
    db.execute("CREATE INDEX action_items_open_by_coachee ON action_items(coachee_id, "
               "due_date, session_id, done_on, deleted_at) "
               "WHERE done_on IS NULL AND deleted_at IS NULL")
    db.execute("CREATE INDEX sessions_trashed ON sessions(id) WHERE deleted_at IS NOT NULL")
    db.execute("CREATE INDEX sessions_live_by_status ON sessions(coachee_id, status, "
               "scheduled_at) WHERE deleted_at IS NULL")


_WHO5 = """
CREATE TABLE who5_answers (
    session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    cheerful INTEGER CHECK (cheerful BETWEEN 0 AND 5),
    calm INTEGER CHECK (calm BETWEEN 0 AND 5),
    active INTEGER CHECK (active BETWEEN 0 AND 5),
    rested INTEGER CHECK (rested BETWEEN 0 AND 5),
    interested INTEGER CHECK (interested BETWEEN 0 AND 5),
    updated_at TEXT NOT NULL
)
"""


def who5(db: sqlite_utils.Database) -> None:
    # The answers of the WHO-5 Well-Being Index, one row per meeting that records them; and
    # the questionnaire's section in the built-in Well-being template, after the optional
    # check-in (a workbook made since the section shipped has it already). A coach's own
    # templates, copies included, are left as they are.
    from workbook.seed import builtin_templates
    from workbook.wellbeing import SECTION_KEY

    db.execute(_WHO5)
    shipped = next(t for t in builtin_templates() if t["key"] == "well-being")
    position = next(n for n, s in enumerate(shipped["sections"]) if s["key"] == SECTION_KEY)
    section = shipped["sections"][position]
    for (template_id,) in db.execute(
            "SELECT id FROM templates WHERE key = 'well-being' AND builtin = 1").fetchall():
        if db.execute("SELECT 1 FROM template_sections WHERE template_id = ? AND key = ?",
                      [template_id, SECTION_KEY]).fetchone():
            continue
        after = db.execute("SELECT position FROM template_sections WHERE template_id = ? "
                           "AND key = 'optional-check-in'", [template_id]).fetchone()
        at = after[0] + 1 if after else position
        db.execute("UPDATE template_sections SET position = position + 1 "
                   "WHERE template_id = ? AND position >= ?", [template_id, at])
        section_id = int(db["template_sections"].insert({
            "template_id": template_id, "key": SECTION_KEY, "position": at,
            "heading": section["heading"], "shared": int(bool(section["shared"])),
            "guidance": section["guidance"]}).last_pk)
        for p_pos, text in enumerate(section["prompts"]):
            db["prompts"].insert({"section_id": section_id, "position": p_pos, "text": text})
