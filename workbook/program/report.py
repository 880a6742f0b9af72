"""A coach's program report: the counts of one workbook over one period (`tables.SPECS`).

Only counts leave the workbook, in the tables' fixed rows and columns: no name, e-mail,
tag, record id, free text or demographic, and no date finer than a quarter. Who is counted:
the *caseload* is every coachee (not in the trash) with at least one meeting in the period,
whatever became of it; the other tables count what belongs to that caseload.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from workbook import gas, settings
from workbook.program import tables as t
from workbook.program.period import Period
from workbook.seed import builtin_domains
from workbook.validate import sql_ids
from workbook.wellbeing import band
from workbook.wellbeing import scores_in as wellbeing_scores

_LEVEL_GROUPS = {"MS1": "pre-clinical", "MS2": "pre-clinical", "MS3": "clinical",
                 "MS4": "clinical", "Fellow": "fellow",
                 **{f"PGY{n}": "resident" for n in range(1, 8)}}
OTHER_GROUP = t.GROUPS[-1]
_LADDER = ("gas_minus2", "gas_minus1", "gas_zero", "gas_plus1", "gas_plus2")


def learner_group(level: str) -> str:
    return _LEVEL_GROUPS.get(level, OTHER_GROUP)


def dose_bin(held: int) -> str:
    return t.DOSE_BINS[min(held, 3)] if held <= 3 else ("4–5" if held <= 5 else "6+")


def t_band(score: float) -> str:
    return t.T_BANDS[0 if score < 40 else 1 if score < 50 else 2 if score < 60 else 3]


def change_label(baseline: int, attained: int) -> str:
    step = attained - baseline
    return t.GAS_CHANGES[0 if step < 0 else min(step, 3) + 1]


def domain_rows() -> tuple[str, ...]:
    """The built-in goal domains' names (from the app, never a coach's own words), "Other"
    last."""
    names = [d["name"] for d in builtin_domains() if d["key"] != "other"]
    return (*names, "Other")


@dataclass(frozen=True)
class _Scope:
    start: str
    end: str
    caseload: dict[int, str]  # coachee id -> learner group (never leaves this module)


def _caseload(db: sqlite_utils.Database, period: Period) -> _Scope:
    start, end = period.bounds()
    rows = db.execute(
        "SELECT DISTINCT c.id, c.level FROM coachees c JOIN sessions s ON s.coachee_id = c.id "
        "WHERE c.deleted_at IS NULL AND s.deleted_at IS NULL "
        "AND s.scheduled_at >= ? AND s.scheduled_at < ?", [start, end]).fetchall()
    return _Scope(start, end, {coachee_id: learner_group(level) for coachee_id, level in rows})


def dose(db: sqlite_utils.Database, scope: _Scope) -> t.Table:
    held = dict(db.execute(
        f"SELECT coachee_id, count(*) FROM sessions WHERE deleted_at IS NULL "
        f"AND status = 'held' AND scheduled_at >= ? AND scheduled_at < ? "
        f"AND coachee_id IN ({sql_ids(scope.caseload)}) GROUP BY coachee_id",
        [scope.start, scope.end]).fetchall())
    cells = Counter((group, dose_bin(held.get(cid, 0))) for cid, group in scope.caseload.items())
    return t.made("dose", t.GROUPS, cells)


def attendance(db: sqlite_utils.Database, scope: _Scope, period: Period) -> t.Table:
    from workbook import dates

    cells: Counter[tuple[str, str]] = Counter()
    for when, status in db.execute(
            f"SELECT scheduled_at, status FROM sessions WHERE deleted_at IS NULL "
            f"AND scheduled_at >= ? AND scheduled_at < ? "
            f"AND coachee_id IN ({sql_ids(scope.caseload)})", [scope.start, scope.end]):
        day = dates.parse_date(when[:10])
        if day is not None and status in t.SESSION_STATUSES:
            cells[(dates.quarter_label(day), status)] += 1
    return t.made("attendance", tuple(period.quarters()), cells)


def _goals(db: sqlite_utils.Database, scope: _Scope) -> list[dict[str, Any]]:
    return [dict(row) for row in db.query(
        f"SELECT id, coachee_id, domain, status, weight, gas_baseline, gas_attained, "
        f"gas_attained_on, {', '.join(_LADDER)} FROM goals WHERE deleted_at IS NULL "
        f"AND status <> 'draft' AND substr(created_at, 1, 10) < ? "
        f"AND coachee_id IN ({sql_ids(scope.caseload)})", [scope.end])]


def goals_by_domain(db: sqlite_utils.Database, goals: list[dict[str, Any]]) -> t.Table:
    names = {d["key"]: d["name"] for d in builtin_domains()}
    rows = domain_rows()
    def row(key: object) -> str:
        name = names.get(str(key), "Other")
        return name if name in rows else "Other"

    cells = Counter((row(g["domain"]), str(g["status"])) for g in goals)
    return t.made("goals", rows, cells)


def milestones(db: sqlite_utils.Database, scope: _Scope,
               goals: list[dict[str, Any]]) -> t.Table:
    ids = sql_ids(int(g["id"]) for g in goals)
    done = db.execute(
        f"SELECT count(*) FROM milestones WHERE goal_id IN ({ids}) AND done_on >= ? "
        f"AND done_on < ?", [scope.start, scope.end]).fetchone()[0]
    open_ = db.execute(
        f"SELECT count(*) FROM milestones WHERE goal_id IN ({ids}) "
        f"AND (done_on IS NULL OR done_on >= ?)", [scope.end]).fetchone()[0]
    return t.made("milestones", (t.ALL,),
                   {(t.ALL, t.MILESTONES[0]): done, (t.ALL, t.MILESTONES[1]): open_})


def follow_up(db: sqlite_utils.Database, scope: _Scope) -> t.Table:
    """Each action item agreed in a meeting held in the period, against the coachee's next
    held meeting after it (which may fall after the period)."""
    rows = db.execute(
        f"SELECT a.done_on, (SELECT min(n.scheduled_at) FROM sessions n "
        f"  WHERE n.coachee_id = s.coachee_id AND n.deleted_at IS NULL AND n.status = 'held' "
        f"  AND n.scheduled_at > s.scheduled_at) "
        f"FROM action_items a JOIN sessions s ON s.id = a.session_id "
        f"WHERE a.deleted_at IS NULL AND s.deleted_at IS NULL AND s.status = 'held' "
        f"AND s.scheduled_at >= ? AND s.scheduled_at < ? "
        f"AND s.coachee_id IN ({sql_ids(scope.caseload)})", [scope.start, scope.end]).fetchall()
    cells: Counter[tuple[str, str]] = Counter()
    for done_on, next_meeting in rows:
        if next_meeting is None:
            kind = t.FOLLOW_UP[3]
        elif done_on is None:
            kind = t.FOLLOW_UP[2]
        else:
            kind = t.FOLLOW_UP[0] if done_on <= next_meeting[:10] else t.FOLLOW_UP[1]
        cells[(t.ALL, kind)] += 1
    return t.made("follow_up", (t.ALL,), cells)


def _attained(db: sqlite_utils.Database, scope: _Scope,
              goals: list[dict[str, Any]]) -> dict[int, int]:
    """Each laddered goal's level attained in the period: its last check-in with a level in
    the period, else the level recorded on the goal when that was in the period."""
    laddered = {int(g["id"]): g for g in goals
                if all(str(g[name] or "").strip() for name in _LADDER)}
    found: dict[int, int] = {}
    for goal_id, level in db.execute(
            f"SELECT goal_id, gas_level FROM checkins WHERE gas_level IS NOT NULL "
            f"AND goal_id IN ({sql_ids(laddered)}) AND checked_on >= ? AND checked_on < ? "
            f"ORDER BY checked_on, id", [scope.start, scope.end]):
        found[goal_id] = level
    for goal_id, goal in laddered.items():
        on = str(goal["gas_attained_on"] or "")[:10]
        if goal_id not in found and goal["gas_attained"] is not None \
                and scope.start <= on < scope.end:
            found[goal_id] = int(goal["gas_attained"])
    return found


def gas_tables(db: sqlite_utils.Database, scope: _Scope,
               goals: list[dict[str, Any]]) -> list[t.Table]:
    attained = _attained(db, scope, goals)
    by_id = {int(g["id"]): g for g in goals}
    levels = Counter((t.ALL, t.GAS_LEVELS[level + 2]) for level in attained.values())
    changes = Counter((t.ALL, change_label(int(by_id[gid]["gas_baseline"]), level))
                      for gid, level in attained.items()
                      if by_id[gid]["gas_baseline"] is not None)
    rho = settings.get_settings(db).gas_rho
    per_learner: dict[int, list[tuple[float, int]]] = {}
    for gid, level in attained.items():
        goal = by_id[gid]
        per_learner.setdefault(int(goal["coachee_id"]), []).append(
            (float(goal["weight"]), level))
    bands = Counter((t.ALL, t_band(score)) for pairs in per_learner.values()
                    if (score := gas.t_score(pairs, rho)) is not None)
    return [t.made("gas_levels", (t.ALL,), levels),
            t.made("gas_t", (t.ALL,), bands),
            t.made("gas_change", (t.ALL,), changes)]


def wellbeing(db: sqlite_utils.Database, scope: _Scope) -> t.Table:
    """Learners with two or more WHO-5 scores in the period: their first and last, banded."""
    cells: Counter[tuple[str, str]] = Counter()
    for scores in wellbeing_scores(db, list(scope.caseload), scope.start, scope.end).values():
        if len(scores) >= 2:
            cells[(t.WHO5_ROWS[0], t.WHO5_BANDS[band(scores[0])])] += 1
            cells[(t.WHO5_ROWS[1], t.WHO5_BANDS[band(scores[-1])])] += 1
    return t.made("wellbeing", t.WHO5_ROWS, cells)


def build_tables(db: sqlite_utils.Database, period: Period) -> list[t.Table]:
    """Every table of the report, in `tables.SPECS` order, read in one transaction."""
    with db.atomic():  # one consistent view, even while the window saves
        scope = _caseload(db, period)
        goals = _goals(db, scope)
        return [dose(db, scope), attendance(db, scope, period), goals_by_domain(db, goals),
                milestones(db, scope, goals), follow_up(db, scope),
                *gas_tables(db, scope, goals), wellbeing(db, scope)]
