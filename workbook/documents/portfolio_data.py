"""Everything the portfolio summary shows, and nothing else, in one read.

Only content meant for the learner is selected: explicit column lists, no session sections
(shared or private), no check-in notes, no agreement notes or e-mail. What is not loaded here
cannot leak into the document. A handful of queries per coachee, however many sessions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlite_utils

from workbook import dates, validate
from workbook.actions import LIVE_FROM, LIVE_WHERE
from workbook.errors import NotFound
from workbook.gas import t_score
from workbook.goal_records import GAS_LEVELS, LADDER_COLUMNS, Milestone
from workbook.records import FromRow, record_from_row
from workbook.settings import Settings, get_settings

SMART_FIELDS = (("specific", "Specific"), ("measurable", "Measurable"),
                ("achievable", "Achievable"), ("relevant", "Relevant"),
                ("time_bound", "Time-bound"))
_GOAL_COLUMNS = ("id", "title", "domain", "status", "progress", "target_date", "weight",
                 "gas_baseline", "gas_attained", "gas_attained_on",
                 *(name for name, _ in SMART_FIELDS), *LADDER_COLUMNS.values())


@dataclass(frozen=True)
class PortfolioCoachee(FromRow):
    id: int
    name: str
    preferred_name: str
    pronouns: str
    level: str
    program: str
    cohort: str
    status: str
    start_date: str | None


@dataclass(frozen=True)
class PortfolioValue(FromRow):
    id: int
    name: str
    rank: int
    reflection: str


@dataclass(frozen=True)
class ProgressPoint(FromRow):
    checked_on: str
    progress: int


@dataclass(frozen=True)
class PortfolioGoal:
    id: int
    title: str
    domain: str
    status: str
    progress: int
    target_date: str | None
    weight: float
    smart: tuple[tuple[str, str], ...]  # (label, text) of the SMART fields that are filled in
    ladder: tuple[tuple[int, str], ...]  # (level, text) from −2 to +2
    gas_baseline: int | None
    gas_attained: int | None
    gas_attained_on: str | None
    values: tuple[str, ...] = ()  # linked values, in rank order
    milestones: tuple[Milestone, ...] = ()
    history: tuple[ProgressPoint, ...] = ()  # check-ins that recorded a progress, by date

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> PortfolioGoal:
        smart = tuple((label, row[name].strip()) for name, label in SMART_FIELDS
                      if row[name].strip())
        ladder = tuple((level, row[LADDER_COLUMNS[level]].strip()) for level in GAS_LEVELS)
        return record_from_row(cls, row, convert={"weight": float}, smart=smart, ladder=ladder)

    @property
    def has_complete_ladder(self) -> bool:
        return all(text for _, text in self.ladder)

    @property
    def has_any_ladder(self) -> bool:
        return any(text for _, text in self.ladder)


@dataclass(frozen=True)
class DomainGoals:
    key: str
    name: str
    goals: tuple[PortfolioGoal, ...]


@dataclass(frozen=True)
class GasScore:
    t_score: float | None
    goals_scored: int
    goals_with_ladder: int
    rho: float


@dataclass(frozen=True)
class SessionLine:
    scheduled_at: str
    kind: str  # the session type (template name)
    modality: str
    status: str
    duration_min: int

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> SessionLine:
        return record_from_row(cls, row, kind=row["template_name"])


@dataclass(frozen=True)
class OpenAction(FromRow):
    text: str
    owner: str
    owner_note: str
    due_date: str | None

    def is_overdue(self, today: date) -> bool:
        return self.due_date is not None and self.due_date < today.isoformat()


@dataclass(frozen=True)
class Portfolio:
    coachee: PortfolioCoachee
    settings: Settings  # coach, institution, page size
    today: date
    period_start: str | None
    period_end: str
    values: tuple[PortfolioValue, ...]
    domains: tuple[DomainGoals, ...]
    gas: GasScore
    sessions: tuple[SessionLine, ...]  # oldest first
    open_actions: tuple[OpenAction, ...]  # soonest due first, undated last

    @property
    def goals(self) -> tuple[PortfolioGoal, ...]:
        return tuple(g for d in self.domains for g in d.goals)

    def session_counts(self) -> dict[str, int]:
        counts = {"held": 0, "cancelled": 0, "no-show": 0, "scheduled": 0}
        for s in self.sessions:
            counts[s.status] = counts.get(s.status, 0) + 1
        return counts


def _coachee(db: sqlite_utils.Database, coachee_id: int) -> PortfolioCoachee:
    rows = list(db.query(
        "SELECT id, name, preferred_name, pronouns, level, program, cohort, status, "
        "start_date, deleted_at FROM coachees WHERE id = ?", [coachee_id]))
    if not rows:
        raise NotFound(f"There is no coachee with id {coachee_id}.")
    if rows[0]["deleted_at"]:
        raise NotFound(f"The coachee with id {coachee_id} is in the trash.")
    return PortfolioCoachee.from_row(rows[0])


def _goals(db: sqlite_utils.Database, coachee_id: int) -> list[PortfolioGoal]:
    columns = ", ".join(f"g.{c}" for c in _GOAL_COLUMNS)
    rows = list(db.query(
        f"SELECT {columns} FROM goals g LEFT JOIN goal_domains d ON d.key = g.domain "
        "WHERE g.coachee_id = ? AND g.deleted_at IS NULL "
        "ORDER BY COALESCE(d.position, 1e9), g.domain, g.id", [coachee_id]))
    goals = {r["id"]: PortfolioGoal.from_row(r) for r in rows}
    values: dict[int, list[str]] = {}
    for r in db.query(
            "SELECT gv.goal_id, v.name FROM goal_values gv "
            "JOIN coachee_values v ON v.id = gv.value_id JOIN goals g ON g.id = gv.goal_id "
            "WHERE g.coachee_id = ? AND v.deleted_at IS NULL ORDER BY v.rank, v.id",
            [coachee_id]):
        values.setdefault(r["goal_id"], []).append(r["name"])
    milestones: dict[int, list[Milestone]] = {}
    for r in db.query(
            "SELECT m.id, m.goal_id, m.position, m.title, m.due_date, m.done_on "
            "FROM milestones m "
            "JOIN goals g ON g.id = m.goal_id WHERE g.coachee_id = ? "
            "ORDER BY m.goal_id, m.position, m.id", [coachee_id]):
        milestones.setdefault(r["goal_id"], []).append(Milestone.from_row(r))
    history: dict[int, list[ProgressPoint]] = {}
    for r in db.query(  # the check-in's note is not selected: it may hold private words
            "SELECT k.goal_id, k.checked_on, k.progress FROM checkins k "
            "JOIN goals g ON g.id = k.goal_id WHERE g.coachee_id = ? "
            "AND k.progress IS NOT NULL ORDER BY k.checked_on, k.id", [coachee_id]):
        history.setdefault(r["goal_id"], []).append(ProgressPoint.from_row(r))
    return [PortfolioGoal(**{**g.__dict__, "values": tuple(values.get(gid, ())),
                             "milestones": tuple(milestones.get(gid, ())),
                             "history": tuple(history.get(gid, ()))})
            for gid, g in goals.items()]


def _domains(db: sqlite_utils.Database, goals: list[PortfolioGoal]) -> tuple[DomainGoals, ...]:
    names = {r["key"]: r["name"] for r in db.query("SELECT key, name FROM goal_domains")}
    grouped: dict[str, list[PortfolioGoal]] = {}
    for goal in goals:  # already in domain order
        grouped.setdefault(goal.domain, []).append(goal)
    return tuple(DomainGoals(key, names.get(key, key.replace("-", " ").capitalize()),
                             tuple(items)) for key, items in grouped.items())


def gas_score(goals: tuple[PortfolioGoal, ...] | list[PortfolioGoal], rho: float) -> GasScore:
    """As `workbook.gas.coachee_t_score`: non-draft goals with a full ladder count."""
    laddered = [g for g in goals if g.status != "draft" and g.has_complete_ladder]
    scored = [(g.weight, g.gas_attained) for g in laddered if g.gas_attained is not None]
    return GasScore(t_score(scored, rho), len(scored), len(laddered), rho)


def load_portfolio(db: sqlite_utils.Database, coachee_id: int, *,
                   today: date | None = None) -> Portfolio:
    coachee_id = validate.record_id(coachee_id, "coachee")
    day = today or dates.today()
    coachee = _coachee(db, coachee_id)
    settings = get_settings(db)
    values = tuple(PortfolioValue.from_row(r) for r in db.query(
        "SELECT id, name, rank, reflection FROM coachee_values "
        "WHERE coachee_id = ? AND deleted_at IS NULL ORDER BY rank, id", [coachee_id]))
    goals = _goals(db, coachee_id)
    sessions = tuple(SessionLine.from_row(r) for r in db.query(
        "SELECT scheduled_at, template_name, modality, status, duration_min FROM sessions "
        "WHERE coachee_id = ? AND deleted_at IS NULL ORDER BY scheduled_at, id",
        [coachee_id]))
    open_actions = tuple(OpenAction.from_row(r) for r in db.query(
        f"SELECT a.text, a.owner, a.owner_note, a.due_date FROM {LIVE_FROM} "
        f"WHERE {LIVE_WHERE} AND a.coachee_id = ? AND a.done_on IS NULL "
        "ORDER BY a.due_date IS NULL, a.due_date, a.position, a.id", [coachee_id]))
    return Portfolio(
        coachee=coachee, settings=settings, today=day,
        period_start=_period_start(coachee, sessions, goals),
        period_end=day.isoformat(), values=values, domains=_domains(db, goals),
        gas=gas_score(goals, settings.gas_rho), sessions=sessions, open_actions=open_actions)


def _period_start(coachee: PortfolioCoachee, sessions: tuple[SessionLine, ...],
                  goals: list[PortfolioGoal]) -> str | None:
    """When the coaching this document shows began: the first meeting or check-in; the
    coachee's start date only when there is neither (a start date may be years earlier,
    when they entered the program)."""
    candidates = [s.scheduled_at[:10] for s in sessions[:1]]
    candidates += [p.checked_on for g in goals for p in g.history[:1]]
    valid = [c for c in candidates if dates.is_iso_day(c)]
    if not valid and coachee.start_date and dates.is_iso_day(coachee.start_date):
        valid = [coachee.start_date]
    return min(valid)[:10] if valid else None


