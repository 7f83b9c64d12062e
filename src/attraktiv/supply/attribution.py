"""How much of the gap each lever of a scenario closes (supply-plan.md §4, issue 5 item 3).

The method: marginal effects with an interaction remainder.

- The **base** is the scenario without its levers — the estimates and the given rates
  (``exit_rate``, ``recruit_ages``, ``vacancies``) only — or an explicit base scenario,
  which must then differ from the scenario in lever keys only.
- A lever's **marginal effect** is the gap under the base with that one lever set as in
  the scenario, minus the base's gap: FTE closed by the lever alone (a demand lever that
  adds demand closes a negative number).
- The **combined effect** is the scenario's gap minus the base's gap.
- The **interaction** is the combined effect minus the sum of the marginal effects: what
  the levers do together beyond each alone (e.g. a later retirement age keeps more persons,
  and more full-time work then raises the FTE of more persons). By construction the
  marginal effects and the interaction add up to the combined effect.

The levers and the scenario keys each one sets, in ``[defaults]`` and in every group:
``retirement_age_shift``; ``mean_rate`` (full-time); ``turnover_factor``; recruitment
(``recruits`` and ``recruits_factor``: absolute or scaled recruits are the lever of §4);
demand (``demand_growth`` and ``demand_steps``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from attraktiv.supply.model import GroupEstimate
from attraktiv.supply.project import PlanResult, project_all
from attraktiv.supply.scenario import GroupSettings, Scenario

LEVERS: dict[str, tuple[str, ...]] = {
    "retirement_age_shift": ("retirement_age_shift",),
    "mean_rate": ("mean_rate",),
    "turnover_factor": ("turnover_factor",),
    "recruitment": ("recruits", "recruits_factor"),
    "demand": ("demand_growth", "demand_steps"),
}
ATTRIBUTION_YEARS = (3, 10)  # issue 5: years 3 and 10 after the base year


def with_keys(settings: GroupSettings, source: GroupSettings, keys: Iterable[str]) -> GroupSettings:
    """``settings`` with ``keys`` taken from ``source`` (None included)."""
    return dataclasses.replace(settings, **{key: getattr(source, key) for key in keys})


def with_levers(base: Scenario, scenario: Scenario, levers: Iterable[str]) -> Scenario:
    """``base`` with the keys of ``levers`` set as in ``scenario``, in ``[defaults]`` and in
    every group either names."""
    keys = [key for lever in levers for key in LEVERS[lever]]
    names = [*base.groups, *(name for name in scenario.groups if name not in base.groups)]
    return dataclasses.replace(
        base,
        defaults=with_keys(base.defaults, scenario.defaults, keys),
        groups={
            name: with_keys(
                base.groups.get(name, GroupSettings()),
                scenario.groups.get(name, GroupSettings()),
                keys,
            )
            for name in names
        },
    )


def without_levers(scenario: Scenario) -> Scenario:
    """The base of ``scenario``: its given rates without any lever."""
    return with_levers(scenario, Scenario(scenario.name, scenario.base_year), LEVERS)


def given_rates(scenario: Scenario) -> Scenario:
    """What of ``scenario`` is not a lever, for comparing a base with a scenario (name
    aside, and groups that set nothing left out)."""
    bare = without_levers(scenario)
    return dataclasses.replace(
        bare,
        name="",
        groups={
            name: settings for name, settings in bare.groups.items() if settings != GroupSettings()
        },
    )


@dataclass(frozen=True)
class GroupAttribution:
    """One group's FTE closed in each of ``Attribution.years``: by each lever alone
    (``marginal``), by all together (``combined``) and the ``interaction`` remainder."""

    base_fte: np.ndarray
    base_gap: np.ndarray
    scenario_fte: np.ndarray
    scenario_gap: np.ndarray
    marginal: dict[str, np.ndarray]
    combined: np.ndarray

    @property
    def interaction(self) -> np.ndarray:
        """Combined effect − Σ marginal effects."""
        return self.combined - np.sum(list(self.marginal.values()), axis=0)


@dataclass(frozen=True)
class Attribution:
    """supply-plan.md §4: lever by lever effects of a scenario against its base."""

    years: tuple[int, ...]
    groups: dict[str, GroupAttribution]


def attribute(
    estimates: Mapping[str, GroupEstimate],
    scenario: Scenario,
    base: Scenario | None = None,
    years: Sequence[int] | None = None,
) -> Attribution:
    """supply-plan.md §4: the FTE of the gap each lever of ``scenario`` closes against
    ``base`` (default: the scenario without its levers) in ``years`` (calendar years;
    default the base year + 3 and + 10, those within the horizon)."""
    base = without_levers(scenario) if base is None else base
    if given_rates(base) != given_rates(scenario):
        raise ValueError("the base and the scenario differ in more than their levers")
    if years is None:
        years = [scenario.base_year + t for t in ATTRIBUTION_YEARS if t <= scenario.horizon]
    positions = [year - scenario.base_year for year in years]
    if any(not 1 <= t <= scenario.horizon for t in positions):
        raise ValueError(f"attribution years must be within the horizon: {years}")

    def gaps(plan: PlanResult, measure: str) -> dict[str, np.ndarray]:
        return {
            name: getattr(group.path, measure)[positions] for name, group in plan.groups.items()
        }

    base_plan = project_all(estimates, with_levers(base, scenario, []))  # every group named
    scenario_plan = project_all(estimates, with_levers(base, scenario, LEVERS))
    base_gap, scenario_gap = gaps(base_plan, "gap"), gaps(scenario_plan, "gap")
    lever_gap = {
        lever: gaps(project_all(estimates, with_levers(base, scenario, [lever])), "gap")
        for lever in LEVERS
    }
    base_fte, scenario_fte = gaps(base_plan, "fte"), gaps(scenario_plan, "fte")
    return Attribution(
        years=tuple(years),
        groups={
            name: GroupAttribution(
                base_fte=base_fte[name],
                base_gap=base_gap[name],
                scenario_fte=scenario_fte[name],
                scenario_gap=scenario_gap[name],
                marginal={lever: lever_gap[lever][name] - base_gap[name] for lever in LEVERS},
                combined=scenario_gap[name] - base_gap[name],
            )
            for name in scenario_plan.groups
        },
    )
