"""The status rules of ``programmes.status``, worked by hand on the seed's own indicators."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attraktiv.programmes.status import (
    ActionState,
    Observation,
    Rule,
    State,
    expected_value,
    judge_goal,
    judge_indicator,
)

# Korttidssjukfrånvaro dag 1–14 (seed 001): nuläge 3,6 % in December 2021, målvärde 2,7 %
# for 2027, lower is better.
SHORT_TERM = Rule(direction=-1, baseline=3.6, baseline_year=2021, targets={2027: 2.7})


def test_the_expected_value_is_interpolated_from_the_baseline_to_the_target():
    # 2023 is 2 of the 6 years from 2021 to 2027: 3,6 + 2/6 × (2,7 − 3,6) = 3,3.
    assert expected_value(SHORT_TERM, 2023, (2021, 3.6)) == pytest.approx(3.3)
    assert expected_value(SHORT_TERM, 2027, (2021, 3.6)) == 2.7
    # After the last target the last target holds.
    assert expected_value(SHORT_TERM, 2029, (2021, 3.6)) == 2.7


def test_a_target_of_the_year_is_used_as_it_is_and_interpolation_runs_between_targets():
    rule = Rule(direction=1, baseline=72, baseline_year=2021, targets={2023: 74, 2027: 77})
    assert expected_value(rule, 2023, (2021, 72)) == 74
    # 2025 lies half-way between the 2023 and 2027 targets: 74 + 0,5 × 3 = 75,5.
    assert expected_value(rule, 2025, (2021, 72)) == pytest.approx(75.5)
    # 2022 lies half-way between the baseline (2021) and the 2023 target: 73.
    assert expected_value(rule, 2022, (2021, 72)) == pytest.approx(73)


@pytest.mark.parametrize(
    ("value", "state"),
    [
        (3.3, State.ON_TRACK),  # achieved 0,3 ≥ required 0,3
        (3.0, State.ON_TRACK),  # ahead of the path
        (3.4, State.RISK),  # achieved 0,2 ≥ 0,3 − 0,15
        (3.5, State.OFF_TRACK),  # achieved 0,1 < 0,15
        (3.8, State.OFF_TRACK),  # worse than the baseline
    ],
)
def test_a_value_is_judged_against_the_expected_value_of_its_year(value, state):
    judgement = judge_indicator(SHORT_TERM, [Observation(2023, value)], 2023)
    assert judgement.state == state
    assert judgement.expected == pytest.approx(3.3)


def test_no_value_is_not_measured_and_a_hidden_value_is_too_little_data():
    assert judge_indicator(SHORT_TERM, [], 2023).state == State.NOT_MEASURED
    # A value only after the judged year does not count either.
    assert judge_indicator(SHORT_TERM, [Observation(2024, 3.0)], 2023).state == State.NOT_MEASURED
    hidden = judge_indicator(SHORT_TERM, [Observation(2023, None)], 2023)
    assert hidden.state == State.TOO_LITTLE_DATA


def test_a_value_two_years_old_is_stale_and_last_years_is_not():
    assert judge_indicator(SHORT_TERM, [Observation(2022, 3.5)], 2024).state == State.STALE
    assert judge_indicator(SHORT_TERM, [Observation(2023, 3.3)], 2024).state == State.ON_TRACK


def test_direction_only_judges_the_trend_against_the_baseline():
    # Andel chefer med goda förutsättningar: ↑, "Mäts hösten 2022", so no baseline.
    rule = Rule(direction=1)
    first = [Observation(2022, 60.0)]
    assert judge_indicator(rule, first, 2022).state == State.TOO_LITTLE_DATA
    assert judge_indicator(rule, [*first, Observation(2023, 63.0)], 2023).state == State.ON_TRACK
    # Within ±1 % of 60 (0,6) is unchanged: at risk.
    assert judge_indicator(rule, [*first, Observation(2023, 60.5)], 2023).state == State.RISK
    assert judge_indicator(rule, [*first, Observation(2023, 58.0)], 2023).state == State.OFF_TRACK


def test_without_a_baseline_the_first_value_is_the_reference_for_a_target():
    # Andel arbetsplatser med låg och stabil sjukfrånvaro, as if no baseline were given.
    rule = Rule(direction=1, targets={2027: 25.0})
    only = [Observation(2023, 16.0)]
    assert judge_indicator(rule, only, 2023).state == State.TOO_LITTLE_DATA
    # From 16 in 2023 towards 25 in 2027, 2025 expects 20,5; 20 achieved 4 of the required
    # 4,5, within half of it: at risk.
    judgement = judge_indicator(rule, [*only, Observation(2025, 20.0)], 2025)
    assert judgement.expected == pytest.approx(20.5)
    assert judgement.state == State.RISK


def test_a_year_with_its_own_target_can_be_judged_without_a_reference():
    rule = Rule(direction=1, targets={2023: 80.0})
    assert judge_indicator(rule, [Observation(2023, 80.0)], 2023).state == State.ON_TRACK
    # 5 % of 80 is 4: 77 is at risk, 75 off track.
    assert judge_indicator(rule, [Observation(2023, 77.0)], 2023).state == State.RISK
    assert judge_indicator(rule, [Observation(2023, 75.0)], 2023).state == State.OFF_TRACK


def action(year: int, done=False, cancelled=False, delayed=False) -> ActionState:
    return ActionState(year, done, cancelled, delayed)


def test_a_goal_rolls_up_its_indicators():
    on, risk, off = State.ON_TRACK, State.RISK, State.OFF_TRACK
    assert judge_goal([on, on, State.NOT_MEASURED], [], 2023).state == on
    assert judge_goal([on, on, risk], [], 2023).state == risk
    # One of three off track is not more than a third: at risk; two of five is.
    assert judge_goal([on, on, off], [], 2023).state == risk
    assert judge_goal([on, on, on, off, off], [], 2023).state == off


def test_an_overdue_action_lowers_on_track_to_risk():
    on = State.ON_TRACK
    assert judge_goal([on], [action(2023, done=True), action(2024)], 2024).state == on
    # Planned for 2023, not done, judged for 2024: overdue.
    assert judge_goal([on], [action(2023), action(2024)], 2024).state == State.RISK
    assert judge_goal([on], [action(2025, delayed=True)], 2024).state == State.RISK
    assert judge_goal([on], [action(2022, cancelled=True)], 2024).state == on


def test_a_goal_without_judged_indicators_is_judged_on_its_due_actions():
    not_measured = [State.NOT_MEASURED]
    assert judge_goal(not_measured, [action(2023, done=True)], 2023).state == State.ON_TRACK
    # 1 of 3 due overdue: at risk; 2 of 3: off track.
    due = [action(2022), action(2023, done=True), action(2023)]
    assert judge_goal(not_measured, due, 2023).state == State.RISK
    assert judge_goal(not_measured, [action(2022), action(2022), action(2023)], 2023).state == (
        State.OFF_TRACK
    )
    # Nothing due: the indicators' own state.
    assert judge_goal(not_measured, [action(2027)], 2023).state == State.NOT_MEASURED
    assert judge_goal([State.STALE, State.NOT_MEASURED], [], 2023).state == State.STALE


STATE_ORDER = {State.OFF_TRACK: 0, State.RISK: 1, State.ON_TRACK: 2}


@given(
    direction=st.sampled_from([1, -1]),
    baseline=st.floats(0, 100),
    target=st.floats(0, 100),
    value=st.floats(0, 100),
    better_by=st.floats(0, 50),
    year=st.integers(2022, 2030),
)
def test_a_better_value_is_never_judged_worse(direction, baseline, target, value, better_by, year):
    rule = Rule(direction, baseline, 2021, {2027: target})
    worse = judge_indicator(rule, [Observation(year, value)], year).state
    better = judge_indicator(rule, [Observation(year, value + direction * better_by)], year).state
    assert STATE_ORDER[better] >= STATE_ORDER[worse]
