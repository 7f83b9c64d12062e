"""supply-plan.md §5: the stochastic projection."""

from __future__ import annotations

import numpy as np
import pytest

from attraktiv.supply.project import project, project_all, to_json
from attraktiv.supply.scenario import Scenario, apply_scenario
from attraktiv.supply.stochastic import (
    PERCENTILES,
    add_percentiles,
    simulate,
)
from attraktiv.supply.tests import estimate_of, made_up_inputs


def test_the_mean_agrees_with_the_deterministic_path_within_3_standard_errors() -> None:
    inputs = made_up_inputs(groups=4, persons=2000, seed=7)
    bands = simulate(inputs, 2024, 10, runs=2000, seed=11)
    for index, group in enumerate(inputs):
        deterministic = project(group, 2024, 10).fte
        assert bands.fte_mean[index, 0] == pytest.approx(deterministic[0])  # no draw
        deviation = np.abs(bands.fte_mean[index] - deterministic)
        assert np.all(deviation[1:] <= 3 * bands.fte_standard_error[index, 1:])
        assert np.all(bands.fte_standard_error[index, 1:] > 0)


def test_percentiles_are_ordered_and_reproducible() -> None:
    inputs = made_up_inputs(groups=3, persons=900, seed=1)
    bands = simulate(inputs, 2024, 5, runs=200, seed=5)
    assert bands.fte.shape == bands.gap.shape == (3, len(PERCENTILES), 6)
    assert np.all(np.diff(bands.fte, axis=1) >= 0)
    np.testing.assert_array_equal(bands.fte, simulate(inputs, 2024, 5, runs=200, seed=5).fte)
    assert not np.array_equal(bands.fte, simulate(inputs, 2024, 5, runs=200, seed=6).fte)


def test_without_chance_every_run_is_the_deterministic_path() -> None:
    # Exit rates 0 or 1 and no recruits: nothing is left to chance.
    estimates = {
        "G": estimate_of("G", {30: 7, 40: 3}, exit_rate={40: 1.0}, retirement_rate={}),
    }
    scenario = Scenario("s", 2024, horizon=3)
    inputs = list(apply_scenario(estimates, scenario).values())
    bands = simulate(inputs, 2024, 3, runs=8)
    fte = project_all(estimates, scenario).groups["G"].path.fte
    for rank in range(len(PERCENTILES)):
        np.testing.assert_allclose(bands.fte[0, rank], fte)
        np.testing.assert_allclose(bands.gap[0, rank], fte - fte[0])


def test_percentiles_join_the_json_under_their_own_keys() -> None:
    estimates = {
        "G": estimate_of("G", {30: 10}, exit_rate={30: 0.2}, recruits=2, recruit_ages={25: 1})
    }
    scenario = Scenario("s", 2024, horizon=2)
    bands = simulate(list(apply_scenario(estimates, scenario).values()), 2024, 2, runs=50)
    document = add_percentiles(to_json(project_all(estimates, scenario)), bands)
    year = document["groups"][0]["years"][1]
    assert list(year)[6:] == ["fte_p10", "fte_p50", "fte_p90", "gap_p10", "gap_p50", "gap_p90"]
    assert year["fte_p10"] <= year["fte_p50"] <= year["fte_p90"]
