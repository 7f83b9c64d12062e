"""supply-plan.md §4, issue 5 item 3: the FTE each lever closes."""

from __future__ import annotations

import numpy as np
import pytest

from attraktiv.supply.attribution import LEVERS, attribute, without_levers
from attraktiv.supply.plan import add_levers
from attraktiv.supply.project import project_all
from attraktiv.supply.scenario import GroupSettings, Scenario, read_scenario
from attraktiv.supply.tests import estimate_of


def group(name: str, persons: int, mean_rate: float) -> dict:
    """A group with a realistic spread of ages, exits and retirements."""
    return {
        name: estimate_of(
            name,
            {age: persons * (1.3 if age > 50 else 1.0) for age in range(22, 68)},
            mean_rate=mean_rate,
            exit_rate={
                **{age: 0.06 for age in range(18, 60)},
                **{age: 0.06 + 0.06 * (age - 59) for age in range(60, 70)},
            },
            retirement_rate={age: 0.06 * (age - 59) for age in range(60, 70)},
            recruits=persons * 2.2,
            recruit_ages={age: 1 / 15 for age in range(23, 38)},
        )
    }


ESTIMATES = {
    **group("Sjuksköterska", 6, 86.0),
    **group("Undersköterska", 10, 82.0),
    **group("Läkare", 3, 95.0),
}


def test_marginals_and_interaction_add_up_to_the_combined_effect() -> None:
    scenario = Scenario(
        "all levers",
        2024,
        defaults=GroupSettings(
            retirement_age_shift=2.0,
            mean_rate={2028: 97.0},
            turnover_factor=0.8,
            recruits_factor=1.1,
            demand_growth=0.01,
            demand_steps={2027: 5.0},
            exit_rate={(18, 24): 0.1},  # a given rate: in the base too
        ),
    )
    result = attribute(ESTIMATES, scenario)
    assert result.years == (2027, 2034)
    for name, effects in result.groups.items():
        assert list(effects.marginal) == list(LEVERS)
        np.testing.assert_allclose(
            sum(effects.marginal.values()) + effects.interaction, effects.combined, atol=1e-9
        )
        np.testing.assert_allclose(effects.scenario_gap - effects.base_gap, effects.combined)
        # Supply levers close the gap, demand growth opens it.
        for lever in ("retirement_age_shift", "mean_rate", "turnover_factor", "recruitment"):
            assert np.all(effects.marginal[lever] > 0), (name, lever)
        assert np.all(effects.marginal["demand"] < 0)
    # The base keeps the given exit rate and drops every lever.
    base = without_levers(scenario)
    assert base.defaults == GroupSettings(exit_rate={(18, 24): 0.1})
    base_gap = project_all(ESTIMATES, base).groups["Läkare"].path.gap[[3, 10]]
    np.testing.assert_allclose(result.groups["Läkare"].base_gap, base_gap)


def test_a_single_lever_has_no_interaction() -> None:
    scenario = Scenario("later", 2024, defaults=GroupSettings(turnover_factor=0.5))
    effects = attribute(ESTIMATES, scenario).groups["Sjuksköterska"]
    np.testing.assert_allclose(effects.interaction, 0.0, atol=1e-9)
    assert not effects.marginal["mean_rate"].any()


def test_an_explicit_base_must_differ_in_levers_only() -> None:
    scenario = Scenario("s", 2024, defaults=GroupSettings(recruits=30.0))
    base = Scenario("b", 2024, defaults=GroupSettings(recruits=20.0))
    effects = attribute(ESTIMATES, scenario, base=base).groups["Läkare"]
    assert np.all(effects.marginal["recruitment"] > 0)
    with pytest.raises(ValueError, match="more than their levers"):
        attribute(
            ESTIMATES, scenario, base=Scenario("b", 2024, defaults=GroupSettings(vacancies=3.0))
        )


def test_the_programmes_question_retirement_at_67_and_more_full_time_by_2030() -> None:
    """ "If average retirement age rises to 67 (from 64.61) and full-time work to 77 % (from
    72 %), how many FTE does that give per competence by 2030?" — the retirement age lever
    is Δ = 67 − 64.61 = 2.39 years; five more persons in a hundred working full time, up
    from a mean of 75 % among part-timers, raise a group's mean actual rate by
    0.05 × (100 − 75) = 1.25 points by 2030."""
    lines = ['name = "Programmet 2030"', "base_year = 2024", "", "[defaults]"]
    lines.append("retirement_age_shift = 2.39")
    for name, estimate in ESTIMATES.items():
        target = estimate.stock.mean_rate + 1.25
        lines += ["", f'[group."{name}"]', f"mean_rate = {{ 2030 = {target!r} }}"]
    scenario = read_scenario("\n".join(lines) + "\n", "programme.toml")
    result = attribute(ESTIMATES, scenario, years=[2030])
    for name, effects in result.groups.items():
        gained = effects.scenario_fte - effects.base_fte
        assert gained[0] > 0, name
        np.testing.assert_allclose(effects.combined, gained)  # demand is unchanged
        assert effects.marginal["retirement_age_shift"][0] > 0
        assert effects.marginal["mean_rate"][0] > 0
        # Both together gain more than each alone: more persons stay, at a higher rate.
        assert effects.interaction[0] > 0


@pytest.mark.parametrize(("horizon", "years"), [(10, (3, 10)), (15, (3, 10)), (5, (3, 5))])
def test_the_plans_lever_rows_are_year_3_and_year_10_whatever_the_horizon(horizon, years):
    """issue 5, item 3: each lever's FTE in year 3 and year 10 (the horizon's end when it is
    shorter), as the attribution computes them for those years."""
    scenario = Scenario("later", 2024, horizon=horizon, defaults=GroupSettings(turnover_factor=0.5))
    document = {"groups": [{"group": name} for name in ESTIMATES]}
    add_levers(document, ESTIMATES, scenario)
    expected = attribute(ESTIMATES, scenario, years=[2024 + t for t in years])
    for group in document["groups"]:
        row = next(row for row in group["levers"] if row["lever"] == "turnover_factor")
        marginal = expected.groups[group["group"]].marginal["turnover_factor"]
        assert (row["year3"], row["year10"]) == pytest.approx((marginal[0], marginal[-1]))
        assert row["year3"] != pytest.approx(row["year10"])
