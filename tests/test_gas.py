"""Goal Attainment Scaling T-scores (Kiresuk & Sherman), alone and over a coachee's goals."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbook import coachees, gas, goals, settings, trash
from workbook.errors import InvalidInput, NotFound

LADDER = {-2: "much less", -1: "less", 0: "expected", 1: "more", 2: "much more"}


# -- the formula ---------------------------------------------------------------------------
@pytest.mark.parametrize(("pairs", "rho", "expected"), [
    ([(1, 0)], 0.3, 50.0),
    ([(1, 1)], 0.3, 60.0),
    ([(1, -2)], 0.3, 30.0),
    # 50 + 10·2 / √(0.7·2 + 0.3·4) = 50 + 20/√2.6
    ([(1, 1), (1, 1)], 0.3, 62.4035),
    # 50 − 10·4 / √(0.7·4 + 0.3·16) = 50 − 40/√7.6
    ([(1, -1)] * 4, 0.3, 35.4905),
    # weights: 50 + 10·(2·1 − 1·1) / √(0.7·(4+1) + 0.3·9) = 50 + 10/√6.2
    ([(2, 1), (1, -1)], 0.3, 54.0161),
    # ρ = 0: 50 + 10·6 / √3
    ([(1, 2)] * 3, 0.0, 84.6410),
    ([(3, 0), (0.5, 0)], 0.3, 50.0),
])
def test_t_score_hand_computed(pairs, rho, expected) -> None:
    assert gas.t_score(pairs, rho) == pytest.approx(expected, abs=1e-4)


@pytest.mark.parametrize(("n", "coefficient"), [(1, 10.0), (2, 6.20), (3, 4.56), (4, 3.63),
                                                (5, 3.02)])
def test_unit_weight_multipliers_match_the_published_table(n: int, coefficient: float) -> None:
    # With equal weights and ρ = 0.3, T = 50 + C·Σx; the usual table gives C for n goals.
    t = gas.t_score([(1, 1)] + [(1, 0)] * (n - 1))
    assert t is not None and t - 50 == pytest.approx(coefficient, abs=0.01)


def test_t_score_of_no_goals_is_none() -> None:
    assert gas.t_score([]) is None


@pytest.mark.parametrize(("pairs", "rho", "sentence"), [
    ([(1, 3)], 0.3, "GAS attained level must be between -2 and 2 (got 3)."),
    ([(0, 1)], 0.3, "GAS weight must be more than 0 (got 0)."),
    ([(1, 1)], 1.0, "GAS ρ (rho) must be less than 1 (got 1)."),
    ([(1, 1)], -0.1, "GAS ρ (rho) must be at least 0 (got -0.1)."),
])
def test_t_score_refuses_impossible_input(pairs, rho, sentence) -> None:
    with pytest.raises(InvalidInput) as info:
        gas.t_score(pairs, rho)
    assert info.value.sentence == sentence


pair = st.tuples(st.floats(min_value=0.1, max_value=10), st.integers(min_value=-2, max_value=2))


@given(st.lists(pair, min_size=1, max_size=12), st.floats(min_value=0, max_value=0.95))
def test_t_score_properties(pairs, rho) -> None:
    t = gas.t_score(pairs, rho)
    assert t is not None and math.isfinite(t)
    mirrored = gas.t_score([(w, -x) for w, x in pairs], rho)
    assert mirrored is not None and t - 50 == pytest.approx(50 - mirrored, abs=1e-9)
    assert gas.t_score([(w, 0) for w, _ in pairs], rho) == pytest.approx(50)
    scaled = gas.t_score([(w * 3, x) for w, x in pairs], rho)
    assert scaled == pytest.approx(t)  # only relative weights matter


# -- over a coachee's goals ----------------------------------------------------------------------
def _goal(db, coachee_id: int, *, status: str = "active", ladder=LADDER, attained=None,
          weight: float = 1) -> int:
    gid = goals.add(db, coachee_id, "A goal", status=status, ladder=ladder,
                    weight=weight).created
    if attained is not None:
        goals.record_attainment(db, gid, attained, on="2026-06-01")
    return gid


def test_coachee_t_score_uses_scored_laddered_non_draft_goals(db) -> None:
    cid = coachees.add(db, "Aïcha Benali").created
    _goal(db, cid, attained=1)
    _goal(db, cid, attained=1, status="achieved")
    _goal(db, cid)  # laddered, not yet scored
    _goal(db, cid, status="draft", attained=-2)
    _goal(db, cid, ladder={0: "expected"}, attained=-2)  # incomplete ladder
    trash.trash(db, "goal", _goal(db, cid, attained=-2))
    summary = gas.coachee_t_score(db, cid)
    assert (summary.goals_scored, summary.goals_with_ladder) == (2, 3)
    assert summary.t_score == pytest.approx(62.4035, abs=1e-4)


def test_coachee_t_score_rho_from_settings_or_argument(db) -> None:
    cid = coachees.add(db, "Zoë Kowalczyk").created
    _goal(db, cid, attained=2)
    _goal(db, cid, attained=2)
    expected_03 = 50 + 40 / math.sqrt(0.7 * 2 + 0.3 * 4)
    assert gas.coachee_t_score(db, cid).t_score == pytest.approx(expected_03)
    settings.update_settings(db, gas_rho=0.5)
    assert gas.coachee_t_score(db, cid).t_score == pytest.approx(50 + 40 / math.sqrt(3))
    assert gas.coachee_t_score(db, cid, rho=0).t_score == pytest.approx(50 + 40 / math.sqrt(2))


def test_coachee_t_score_with_weights(db) -> None:
    cid = coachees.add(db, "王小明").created
    _goal(db, cid, attained=1, weight=2)
    _goal(db, cid, attained=-1, weight=1)
    assert gas.coachee_t_score(db, cid).t_score == pytest.approx(54.0161, abs=1e-4)


def test_coachee_without_scored_goals(db) -> None:
    cid = coachees.add(db, "Nguyễn Thị Hoa").created
    _goal(db, cid)
    summary = gas.coachee_t_score(db, cid)
    assert (summary.t_score, summary.goals_scored, summary.goals_with_ladder) == (None, 0, 1)


def test_coachee_t_score_of_missing_or_trashed_coachee(db) -> None:
    with pytest.raises(NotFound, match=r"There is no coachee with id 5\."):
        gas.coachee_t_score(db, 5)
    cid = coachees.add(db, "Nguyễn Thị Hoa").created
    trash.trash(db, "coachee", cid)
    with pytest.raises(NotFound):
        gas.coachee_t_score(db, cid)
    with pytest.raises(InvalidInput, match="must be less than 1"):
        gas.t_score([(1, 0)], rho=1.5)
