"""Simulated coaches for the program-report tests: one real encrypted workbook filled with
the demo's learners, then, per coach, changed at random inside a savepoint (learners left
out, levels, meeting outcomes and goal levels redrawn, WHO-5 scores recorded in some
meetings), reported on, and rolled back. Each
coach's report has its own source id, as each real workbook would."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from workbook.coachees import LEVELS
from workbook.program.document import SOURCE_KEY, Report, coach_report
from workbook.program.period import Period, period
from workbook.wellbeing import ITEM_KEYS

PERIOD = period("2026-07", "2027-06")
DEMO_DAY = date(2027, 6, 15)  # the demo's meetings then fall mostly inside PERIOD
STATUSES = ("held", "held", "held", "scheduled", "cancelled", "no-show")


def _ids(db: Any, table: str) -> list[int]:
    return [row[0] for row in db.execute(f"SELECT id FROM {table} WHERE deleted_at IS NULL")]


def _vary(db: Any, rng: random.Random) -> None:
    coachees = _ids(db, "coachees")
    for cid in rng.sample(coachees, rng.randint(0, len(coachees) * 2 // 3)):
        db["coachees"].update(cid, {"deleted_at": "2027-01-01T00:00:00Z"})
    for cid in coachees:
        db["coachees"].update(cid, {"level": rng.choice((*LEVELS, ""))})
    for sid in _ids(db, "sessions"):
        if rng.random() < 0.35:
            db["sessions"].update(sid, {"status": rng.choice(STATUSES)})
    for cid in rng.sample(coachees, len(coachees) // 2):  # WHO-5 scores in some meetings
        held = [row[0] for row in db.execute(
            "SELECT id FROM sessions WHERE coachee_id = ? AND status = 'held'", [cid])]
        for sid in rng.sample(held, min(len(held), rng.randint(1, 3))):
            db["who5_answers"].upsert({"session_id": sid, "updated_at": "2027-01-01T00:00:00Z",
                                       **{key: rng.randint(0, 5) for key in ITEM_KEYS}},
                                      pk="session_id")
    for gid in _ids(db, "goals"):
        if rng.random() < 0.5:
            db["goals"].update(gid, {"gas_attained": rng.randint(-2, 2),
                                     "gas_attained_on": f"2027-0{rng.randint(1, 6)}-10",
                                     "gas_baseline": rng.choice((None, -2, -1, 0))})


def simulated_reports(db: Any, coaches: int, seed: int,
                      chosen: Period = PERIOD) -> list[Report]:
    """`coaches` varied reports of `chosen` from the demo-filled workbook `db`, which is left
    as it was."""
    found = []
    for n in range(coaches):
        db.execute("SAVEPOINT coach")
        try:
            db.execute("DELETE FROM settings WHERE key IN (?, 'is_demo')", [SOURCE_KEY])
            _vary(db, random.Random(seed * 1000 + n))
            found.append(coach_report(db, chosen))
        finally:
            db.execute("ROLLBACK TO coach")
            db.execute("RELEASE coach")
    return found
