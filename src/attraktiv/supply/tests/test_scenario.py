"""supply-plan.md §4, §7: the scenario file and the levers applied to estimates."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attraktiv.supply.model import MAX_AGE
from attraktiv.supply.project import project_all, to_json
from attraktiv.supply.scenario import (
    GROUP_KEYS,
    AgeBand,
    GroupSettings,
    Scenario,
    ScenarioError,
    apply_scenario,
    read_scenario,
    scenario_toml,
    shifted_retirement,
)
from attraktiv.supply.tests import by_age, estimate_of

SPEC_EXAMPLE = """\
name = "Senare pension och mer heltid"
base_year = 2024
horizon = 10                       # years
shortage_threshold = 0.05          # 5 %

[defaults]                         # every group, unless the group says otherwise
demand_growth = 0.01               # per year, fraction
retirement_age_shift = 2.0         # years (lever)
turnover_factor = 0.9              # multiplies other exits (lever)

[group."Sjuksköterska"]
exit_rate = { "18-54" = 0.04, "55-59" = 0.05, "60-64" = 0.12, "65-68" = 0.45 }
recruits = 40                      # per year, replaces the estimate
recruit_ages = { "25-29" = 0.6, "30-34" = 0.4 }
mean_rate = { 2029 = 95.0 }        # mean actual rate reaches this in that year
demand_steps = { 2027 = 25.0 }     # FTE added to demand in that year
vacancies = 10.0                   # unfilled FTE in the base year
"""

ESTIMATES = {
    "Sjuksköterska": estimate_of(
        "Sjuksköterska",
        {age: 3 for age in range(22, 69)},
        exit_rate={age: 0.05 for age in range(18, 70)},
        retirement_rate={age: 0.03 for age in range(60, 70)},
        recruits=10,
        recruit_ages={25: 1.0},
    ),
    "Undersköterska": estimate_of(
        "Undersköterska",
        {age: 5 for age in range(20, 66)},
        exit_rate={age: 0.08 for age in range(18, 70)},
        recruits=20,
        recruit_ages={20: 0.5, 30: 0.5},
    ),
}


def test_the_spec_example_reads() -> None:
    scenario = read_scenario(SPEC_EXAMPLE, "example.toml")
    nurse = scenario.groups["Sjuksköterska"]
    assert scenario.name == "Senare pension och mer heltid"
    assert (scenario.base_year, scenario.horizon, scenario.shortage_threshold) == (
        2024,
        10,
        0.05,
    )
    assert scenario.defaults == GroupSettings(
        demand_growth=0.01, retirement_age_shift=2.0, turnover_factor=0.9
    )
    assert nurse.exit_rate == {(18, 54): 0.04, (55, 59): 0.05, (60, 64): 0.12, (65, 68): 0.45}
    assert nurse.recruits == 40.0
    assert nurse.mean_rate == {2029: 95.0}
    settings = scenario.settings("Sjuksköterska")
    assert settings.turnover_factor == 0.9 and settings.vacancies == 10.0


def test_the_group_keys_are_the_settings_fields() -> None:
    assert list(GROUP_KEYS) == [key.name for key in dataclasses.fields(GroupSettings)]


def test_export_import_gives_the_same_scenario_and_results() -> None:
    scenario = read_scenario(SPEC_EXAMPLE, "example.toml")
    again = read_scenario(scenario_toml(scenario), "exported.toml")
    assert again == scenario
    assert to_json(project_all(ESTIMATES, again)) == to_json(project_all(ESTIMATES, scenario))


finite = st.floats(0, 1e6)


def band_table(values: st.SearchStrategy[float]) -> st.SearchStrategy[dict[AgeBand, float]]:
    """Tables of up to 4 age bands that do not overlap, to ``values``."""

    def without_overlaps(bands: list[AgeBand]) -> dict[AgeBand, st.SearchStrategy[float]]:
        kept: dict[AgeBand, st.SearchStrategy[float]] = {}
        for first, last in bands:
            if not any(first <= b and a <= last for a, b in kept):
                kept[(first, last)] = values
        return kept

    bands = st.lists(
        st.tuples(st.integers(0, MAX_AGE), st.integers(0, 5)).map(
            lambda band: (band[0], min(band[0] + band[1], MAX_AGE))
        ),
        max_size=4,
    )
    return bands.map(without_overlaps).flatmap(st.fixed_dictionaries)


def group_settings(base_year: int) -> st.SearchStrategy[GroupSettings]:
    """Any valid settings of [defaults] or a group, each key given or not."""
    years = st.integers(base_year + 1, base_year + 30)
    return st.builds(
        GroupSettings,
        exit_rate=st.none() | band_table(st.floats(0, 1)),
        recruits=st.none() | finite,
        recruits_factor=st.none() | st.floats(0, 10),
        recruit_ages=st.none() | band_table(st.floats(0.01, 5)).filter(bool),
        mean_rate=st.none() | st.dictionaries(years, st.floats(0, 100), max_size=3),
        demand_growth=st.none() | st.floats(-1, 1),
        demand_steps=st.none() | st.dictionaries(years, st.floats(-1e6, 1e6), max_size=3),
        vacancies=st.none() | finite,
        retirement_age_shift=st.none() | st.floats(-20, 20),
        turnover_factor=st.none() | st.floats(0, 5),
    )


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    base_year = draw(st.integers(1990, 2100))
    names = draw(st.lists(st.text(min_size=1, max_size=12), max_size=3, unique=True))
    return Scenario(
        name=draw(st.text(min_size=1).filter(str.strip)),
        base_year=base_year,
        horizon=draw(st.integers(1, 50)),
        shortage_threshold=draw(st.floats(0, 1)),
        defaults=draw(group_settings(base_year)),
        groups={name: draw(group_settings(base_year)) for name in names},
    )


@settings(max_examples=150, deadline=None)
@given(scenario=scenarios())
def test_any_scenario_round_trips(scenario: Scenario) -> None:
    assert read_scenario(scenario_toml(scenario), "s.toml") == scenario


def problems_of(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as raised:
        read_scenario(text, "plan.toml")
    return raised.value.problems


def test_problems_name_file_line_and_key() -> None:
    text = """\
name = "x"
base_year = 2024
horizon = 0

[defaults]
turnover_factor = -1
colour = "red"

[group."Sjuksköterska"]
mean_rate = { 2030 = 95.0, 2024 = 90.0 }
exit_rate = { "18-54" = 0.04, "50-59" = 0.05, "70" = 0.1, "a" = 0.2, "60" = 1.5 }
recruit_ages = { "25-29" = 0 }
"""
    assert problems_of(text) == [
        "plan.toml:3: horizon: är 0; skriv ett heltal från 1 till 50",
        "plan.toml:6: defaults.turnover_factor: -1 är mindre än minsta värdet 0",
        "plan.toml:7: defaults.colour: okänd nyckel (kända: exit_rate, recruits, "
        "recruits_factor, recruit_ages, mean_rate, demand_growth, demand_steps, vacancies, "
        "retirement_age_shift, turnover_factor)",
        'plan.toml:10: group."Sjuksköterska".mean_rate.2024: året ska ligga efter basåret 2024',
        'plan.toml:11: group."Sjuksköterska".exit_rate.50-59: överlappar ett annat åldersintervall',
        'plan.toml:11: group."Sjuksköterska".exit_rate.70: åldrarna ska ligga från 0 till 69, '
        "den första först",
        'plan.toml:11: group."Sjuksköterska".exit_rate.a: ska vara en ålder ("67") eller ett '
        'åldersintervall ("18-54")',
        'plan.toml:11: group."Sjuksköterska".exit_rate.60: 1,5 är större än högsta värdet 1',
        'plan.toml:12: group."Sjuksköterska".recruit_ages: andelarna summerar till 0',
    ]


def test_missing_name_and_base_year_and_unknown_top_keys() -> None:
    assert problems_of('\n\ncolour = 1\nhorizon = "ten"\n') == [
        "plan.toml:3: colour: okänd nyckel (kända: name, base_year, horizon, "
        "shortage_threshold, defaults, group)",
        "plan.toml:1: name: scenariots namn saknas (skriv en text som inte är tom)",
        "plan.toml:1: base_year: saknas; skriv ett heltal från 1900 till 2200",
        'plan.toml:4: horizon: är "ten"; skriv ett heltal från 1 till 50',
    ]


def test_toml_syntax_errors_name_their_line() -> None:
    (problem,) = problems_of('name = "x"\nbase_year = 2024\nhorizon = = 3\n')
    assert (
        problem == "plan.toml:3: filen är inte giltig TOML: ogiltigt värde (text ska stå "
        "inom citattecken) (vid tecken 11)"
    )


def test_shifted_retirement_on_a_rising_rate_is_the_plain_shift() -> None:
    rate = np.array([0.0, 0.1, 0.2, 0.4, 0.8])
    np.testing.assert_allclose(shifted_retirement(rate, 1.0), [0, 0, 0.1, 0.2, 0.4])
    # Δ = 0.5: each age halfway between its own rate and the next younger age's.
    np.testing.assert_allclose(shifted_retirement(rate, 0.5), [0, 0.05, 0.15, 0.3, 0.6])
    # Earlier retirement: the rates of older ages, the last age's beyond the array.
    np.testing.assert_allclose(shifted_retirement(rate, -1.0), [0.1, 0.2, 0.4, 0.8, 0.8])
    np.testing.assert_array_equal(shifted_retirement(rate, 0.0), rate)


def test_shifted_retirement_never_raises_a_rate_when_it_dips() -> None:
    rate = np.array([0.0, 0.5, 0.1, 0.3])
    # Plain shift by 1 would put 0.5 at age 2; the minimum keeps 0.1 there.
    np.testing.assert_allclose(shifted_retirement(rate, 1.0), [0, 0, 0.1, 0.1])


def test_levers_act_on_given_rates() -> None:
    text = SPEC_EXAMPLE.replace("retirement_age_shift = 2.0", "retirement_age_shift = 1.0")
    inputs = apply_scenario(ESTIMATES, read_scenario(text, "s.toml"))
    nurse = inputs["Sjuksköterska"]
    # Given 0.04 at 18–54, 0.05 at 55–59; the estimate's 0.05 elsewhere (17 and below: 0).
    # Retirement share of the estimate at 60–69: 0.03 / 0.05 = 0.6, so the given 0.12 at
    # 60–64 retires 0.072 and the given 0.45 at 65–68 retires 0.27; age 69 keeps 0.03.
    # Shift by 1: age 60 takes 59's retirement rate 0; 65 takes 64's 0.072 (≤ 0.27).
    expected_retirement = by_age(
        {**dict.fromkeys(range(61, 66), 0.072), **dict.fromkeys(range(66, 70), 0.27)}
    )
    expected_retirement[69] = 0.03  # min(ret(68) = 0.27, ret(69) = 0.03)
    np.testing.assert_allclose(nurse.retirement_rate, expected_retirement)
    given_exit = by_age(
        {
            **dict.fromkeys(range(18, 55), 0.04),
            **dict.fromkeys(range(55, 60), 0.05),
            **dict.fromkeys(range(60, 65), 0.12),
            **dict.fromkeys(range(65, 69), 0.45),
            69: 0.05,
        }
    )
    given_retirement = by_age(
        {**dict.fromkeys(range(60, 65), 0.072), **dict.fromkeys(range(65, 69), 0.27), 69: 0.03}
    )
    np.testing.assert_allclose(
        nurse.exit_rate - nurse.retirement_rate, (given_exit - given_retirement) * 0.9
    )
    assert nurse.recruits == 40.0
    np.testing.assert_allclose(nurse.recruit_ages[25:35], [0.12] * 5 + [0.08] * 5)
    assert nurse.recruit_ages.sum() == pytest.approx(1.0)
    assert (nurse.mean_rate_targets, nurse.demand_steps) == (((2029, 95.0),), ((2027, 25.0),))
    assert (nurse.demand_growth, nurse.vacancies) == (0.01, 10.0)
    assert nurse.flags == ("rates_given",)
    # A group the scenario does not name: its estimates with [defaults].
    assistant = inputs["Undersköterska"]
    np.testing.assert_allclose(assistant.exit_rate[18:], 0.08 * 0.9)
    assert (assistant.recruits, assistant.demand_growth, assistant.flags) == (20.0, 0.01, ())


def test_recruits_factor_scales_given_or_estimated_recruits() -> None:
    scenario = Scenario(
        "s",
        2024,
        defaults=GroupSettings(recruits_factor=1.5),
        groups={"Sjuksköterska": GroupSettings(recruits=40.0)},
    )
    inputs = apply_scenario(ESTIMATES, scenario)
    assert inputs["Sjuksköterska"].recruits == 60.0
    assert inputs["Undersköterska"].recruits == 30.0


def test_exits_never_pass_one() -> None:
    estimates = {"G": estimate_of("G", {60: 10}, exit_rate={60: 0.9}, retirement_rate={60: 0.5})}
    scenario = Scenario("s", 2024, defaults=GroupSettings(turnover_factor=3.0))
    inputs = apply_scenario(estimates, scenario)["G"]
    # Other exits 0.4 × 3 = 1.2, cut to 1 − 0.5: q = 1, retirements keep 0.5.
    assert (inputs.exit_rate[60], inputs.retirement_rate[60]) == (1.0, 0.5)


def test_groups_without_history_or_data_are_flagged() -> None:
    estimates = {
        "New": estimate_of("New", {30: 2}, exit_rate={30: 0.2}, flags=("no_history",)),
        "Given": estimate_of("Given", {30: 2}, flags=("no_history",)),
    }
    scenario = Scenario(
        "s",
        2024,
        groups={
            "Given": GroupSettings(exit_rate={(18, 69): 0.1}),
            "Planned": GroupSettings(recruits=5.0, recruit_ages={(25, 29): 1.0}),
        },
    )
    inputs = apply_scenario(estimates, scenario)
    assert list(inputs) == ["New", "Given", "Planned"]
    assert inputs["New"].flags == ("no_history", "no_rates")
    assert not inputs["New"].exit_rate.any()
    assert inputs["Given"].flags == ("no_history", "rates_given")
    assert inputs["Given"].exit_rate[30] == 0.1
    assert inputs["Planned"].flags == ("not_in_data", "no_history", "rates_given")
    path = project_all(estimates, scenario).groups["Planned"].path
    np.testing.assert_allclose(path.headcount[:3], [0, 5, 10])
