"""Goal Attainment Scaling: the Kiresuk & Sherman (1968) T-score over a set of goals.

T = 50 + 10·Σ(wᵢxᵢ) / √((1−ρ)·Σwᵢ² + ρ·(Σwᵢ)²), where xᵢ ∈ {−2…+2} is the level attained on
goal i, wᵢ its weight and ρ the assumed correlation between goal scores (0.3 by convention).
All goals at their expected level (0) give 50; the T-score has a standard deviation of 10
when the assumptions hold.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import sqlite_utils

from workbook import coachees, settings, validate
from workbook.goals import list_goals

DEFAULT_RHO = 0.3


@dataclass(frozen=True)
class GasSummary:
    t_score: float | None
    goals_scored: int  # goals with a complete ladder and an attained level
    goals_with_ladder: int  # goals with a complete ladder (scored or not)


def t_score(goals: Sequence[tuple[float, int]], rho: float = DEFAULT_RHO) -> float | None:
    """The GAS T-score of `(weight, attained level)` pairs; None when there are none."""
    rho = validate.number(rho, "GAS ρ (rho)", minimum=0, below=1)
    pairs = [
        (validate.number(w, "GAS weight", above=0),
         validate.integer(x, "GAS attained level", minimum=-2, maximum=2))
        for w, x in goals
    ]
    if not pairs:
        return None
    weighted = sum(w * x for w, x in pairs)
    sum_w = sum(w for w, _ in pairs)
    sum_w2 = sum(w * w for w, _ in pairs)
    return 50 + 10 * weighted / math.sqrt((1 - rho) * sum_w2 + rho * sum_w ** 2)


def coachee_t_score(db: sqlite_utils.Database, coachee_id: int, *,
                    rho: float | None = None) -> GasSummary:
    """The coachee's T-score over non-draft goals that have a full ladder and an attained
    level; ρ defaults to the workbook's `gas_rho` setting."""
    coachee = coachees.get(db, coachee_id)
    if rho is None:
        rho = settings.get_settings(db).gas_rho
    laddered = [g for g in list_goals(db, coachee.id)
                if g.status != "draft" and g.has_complete_ladder]
    scored = [(g.weight, g.gas_attained) for g in laddered if g.gas_attained is not None]
    return GasSummary(t_score=t_score(scored, rho), goals_scored=len(scored),
                      goals_with_ladder=len(laddered))
