"""The WHO-5 Well-Being Index (World Health Organization, 1998; free to use), recorded in a
meeting only when the coach ticks "Record scores" with the learner's agreement.

Five statements about the last two weeks, each answered from "All of the time" (5) to "At
no time" (0); the raw score 0–25 times 4 gives 0–100. A score of 50 or less suggests low
well-being: a prompt to talk about it, never a diagnosis. The answers belong to one meeting
(`who5_answers`, keyed by session), live only in the encrypted workbook and are never
printed: the template's WHO-5 section is private.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbook import dates, validate
from workbook.changes import Changes
from workbook.errors import InvalidInput

if TYPE_CHECKING:  # the demo's content names the answers before any workbook is open
    import sqlite_utils

SECTION_KEY = "who5"  # the Well-being template's section that carries the questionnaire
TABLE = "who5_answers"
ITEMS = (
    ("cheerful", "I have felt cheerful and in good spirits"),
    ("calm", "I have felt calm and relaxed"),
    ("active", "I have felt active and vigorous"),
    ("rested", "I woke up feeling fresh and rested"),
    ("interested", "My daily life has been filled with things that interest me"),
)
ITEM_KEYS = tuple(key for key, _text in ITEMS)
ANSWERS = ((5, "All of the time"), (4, "Most of the time"), (3, "More than half of the time"),
           (2, "Less than half of the time"), (1, "Some of the time"), (0, "At no time"))
LOW = 50  # a score at or below this suggests low well-being
LOW_SENTENCE = ("A score of 50 or less suggests low well-being: a prompt to talk about how "
                "things are, never a diagnosis.")
INTRO = "Over the last two weeks…"


@dataclass(frozen=True)
class Who5:
    session_id: int
    answers: dict[str, int | None]

    @property
    def complete(self) -> bool:
        return all(self.answers.get(key) is not None for key in ITEM_KEYS)

    @property
    def raw(self) -> int | None:
        """0–25 once every statement is answered."""
        return sum(int(self.answers[k] or 0) for k in ITEM_KEYS) if self.complete else None

    @property
    def percent(self) -> int | None:
        """0–100: the raw score times 4."""
        return None if self.raw is None else self.raw * 4

    @property
    def low(self) -> bool:
        return self.percent is not None and self.percent <= LOW


def get(db: sqlite_utils.Database, session_id: int) -> Who5 | None:
    """The answers recorded in the meeting, or None when scores are not being recorded."""
    row = db.execute(f"SELECT {', '.join(ITEM_KEYS)} FROM {TABLE} WHERE session_id = ?",
                     [int(session_id)]).fetchone()
    if row is None:
        return None
    return Who5(int(session_id), dict(zip(ITEM_KEYS, row, strict=True)))


def _live_session(db: sqlite_utils.Database, session_id: Any) -> int:
    from workbook import sessions  # here: the demo names the answers before a workbook opens

    session_id = sessions.get(db, session_id).id  # a live session, or its NotFound sentence
    if db.execute("SELECT 1 FROM session_sections WHERE session_id = ? AND key = ?",
                  [session_id, SECTION_KEY]).fetchone() is None:
        raise InvalidInput("This session has no WHO-5 section (the Well-being template's), "
                           "so no WHO-5 scores can be recorded in it.")
    return session_id


def start_recording(db: sqlite_utils.Database, session_id: int) -> Changes:
    """"Record scores" ticked: the meeting now keeps WHO-5 answers (none given yet)."""
    with db.atomic():
        session_id = _live_session(db, session_id)
        if get(db, session_id) is None:
            db[TABLE].insert({"session_id": session_id, "updated_at": dates.now_iso()},
                             pk="session_id")
    return Changes("session", (session_id,))


def answer(db: sqlite_utils.Database, session_id: int, item: str,
           value: int | None) -> Changes:
    """One statement answered (0–5), or its answer taken back (None)."""
    if item not in ITEM_KEYS:
        raise InvalidInput(f"«{validate.shown(item)}» is not a WHO-5 statement.")
    if value is not None:
        value = validate.integer(value, "WHO-5 answer", minimum=0, maximum=5)
    with db.atomic():
        session_id = _live_session(db, session_id)
        db[TABLE].upsert({"session_id": session_id, item: value,
                          "updated_at": dates.now_iso()}, pk="session_id")
    return Changes("session", (session_id,))


def stop_recording(db: sqlite_utils.Database, session_id: int) -> Changes:
    """"Record scores" unticked (after the coach confirmed): the answers are deleted."""
    with db.atomic():
        db.execute("DELETE FROM who5_answers WHERE session_id = ?", [int(session_id)])
    return Changes("session", (int(session_id),))


def band(percent: int) -> int:
    """0, 1 or 2: a score of 28 or less, 29 to 50, over 50 (the report's bands)."""
    return 0 if percent <= 28 else 1 if percent <= LOW else 2


def scores_in(db: sqlite_utils.Database, coachee_ids: list[int], start: str,
              end: str) -> dict[int, list[int]]:
    """Each learner's complete WHO-5 scores (0–100) from meetings held in [start, end),
    oldest first; meetings in the trash, cancelled or not yet held are left out."""
    ids = validate.sql_ids(coachee_ids)
    found: dict[int, list[int]] = {}
    for row in db.execute(
            f"SELECT s.coachee_id, {', '.join('w.' + k for k in ITEM_KEYS)} FROM {TABLE} w "
            f"JOIN sessions s ON s.id = w.session_id WHERE s.deleted_at IS NULL "
            f"AND s.status = 'held' "
            f"AND s.scheduled_at >= ? AND s.scheduled_at < ? AND s.coachee_id IN ({ids}) "
            f"ORDER BY s.scheduled_at, s.id", [start, end]):
        answers = row[1:]
        if all(a is not None for a in answers):
            found.setdefault(int(row[0]), []).append(4 * sum(answers))
    return found
