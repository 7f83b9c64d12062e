"""The deterministic projection of supply-plan.md §3 and its shortage classification.

``project`` follows one group's stock by single-year age from the base year ``Y0`` for
``horizon`` years. Within a year, in the spec's order:

1. exits and ageing: ``S_t(a+1) = S_{t-1}(a) × (1 − q(a))``; the persons aged ``max_age`` in
   ``t − 1`` all leave (counted as retirements), so nobody passes ``max_age``;
2. recruits: ``S_t(a) += R × r(a)``, at their age in year t;
3. ``FTE_t = Σ_a S_t(a) × f_t / 100``, with ``f_t`` piecewise linear from ``f_0`` in ``Y0``
   through the scenario's (year, percent) points and constant after the last;
   ``D_t = D_{t−1} × (1 + g) + step_t`` from ``D_0 = FTE_0 + vacancies_0``;
   ``gap_t = FTE_t − D_t`` and ``rel_gap_t = gap_t / D_t`` (a fraction; NaN where
   ``D_t ≤ 0``, when there is no demand to relate the gap to).

``project_all`` runs every group of a data set under a scenario (§3: groups the scenario
does not name are projected from their estimates) and classifies shortage competences.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from attraktiv.supply.model import GroupEstimate, GroupInput
from attraktiv.supply.scenario import Scenario, apply_scenario

SHORT_TERM = (1, 3)  # §3: years 1–3
LONG_TERM = (4, 10)  # §3: years 4–10 (4…horizon when the horizon is shorter)


@dataclass(frozen=True)
class GroupPath:
    """supply-plan.md §3: one group's projection; every array has one value per year
    ``Y0 … Y0 + horizon`` (position t is year t; flows are 0 in the base year)."""

    group: str
    years: np.ndarray
    stock: np.ndarray  # persons by year and age, shape (horizon + 1, max_age + 1)
    headcount: np.ndarray
    fte: np.ndarray
    demand: np.ndarray
    gap: np.ndarray  # FTE − demand
    rel_gap: np.ndarray  # gap / demand, a fraction (NaN where demand ≤ 0)
    mean_rate: np.ndarray  # f_t, percent
    retirements: np.ndarray  # persons retiring during the year
    other_exits: np.ndarray  # persons leaving for other reasons during the year
    recruits: np.ndarray  # persons recruited during the year


def mean_rate_path(
    mean_rate: float, targets: Sequence[tuple[int, float]], base_year: int, horizon: int
) -> np.ndarray:
    """§3, §7: f_t from ``mean_rate`` (f_0) in the base year through each (year, percent),
    linear in between and constant after the last."""
    target_years = [year for year, _ in targets]
    if any(year <= base_year for year in target_years) or target_years != sorted(set(target_years)):
        raise ValueError(f"mean rate years must be after {base_year}, each once: {targets}")
    years = np.arange(base_year, base_year + horizon + 1)
    return np.interp(
        years, [base_year, *target_years], [mean_rate, *(percent for _, percent in targets)]
    )


def demand_path(inputs: GroupInput, base_year: int, horizon: int) -> np.ndarray:
    """§3: D_0 = FTE_0 + vacancies_0, D_t = D_{t−1} × (1 + g) + step_t."""
    if any(year <= base_year for year, _ in inputs.demand_steps):
        raise ValueError(f"demand step years must be after {base_year}: {inputs.demand_steps}")
    steps = dict(inputs.demand_steps)
    demand = np.empty(horizon + 1)
    demand[0] = inputs.fte + inputs.vacancies
    for t in range(1, horizon + 1):
        demand[t] = demand[t - 1] * (1 + inputs.demand_growth) + steps.get(base_year + t, 0.0)
    return demand


def relative_gap(gap: np.ndarray, demand: np.ndarray) -> np.ndarray:
    """§3: gap / demand, NaN where demand ≤ 0."""
    return np.divide(gap, demand, out=np.full_like(gap, np.nan), where=demand > 0)


def project(inputs: GroupInput, base_year: int, horizon: int) -> GroupPath:
    """supply-plan.md §3: the deterministic path of one group over ``horizon`` years."""
    if horizon < 1:
        raise ValueError(f"the horizon must be at least 1 year, not {horizon}")
    other_exit_rate = inputs.exit_rate - inputs.retirement_rate
    recruits_by_age = inputs.recruits * inputs.recruit_ages
    stock = np.zeros((horizon + 1, len(inputs.stock)))
    stock[0] = inputs.stock
    retirements = np.zeros(horizon + 1)
    other_exits = np.zeros(horizon + 1)
    for t in range(1, horizon + 1):
        before = stock[t - 1]
        stock[t, 1:] = before[:-1] * (1 - inputs.exit_rate[:-1])
        stock[t] += recruits_by_age
        retirements[t] = before[:-1] @ inputs.retirement_rate[:-1] + before[-1]
        other_exits[t] = before[:-1] @ other_exit_rate[:-1]
    headcount = stock.sum(axis=1)
    mean_rate = mean_rate_path(inputs.mean_rate, inputs.mean_rate_targets, base_year, horizon)
    fte = headcount * mean_rate / 100
    demand = demand_path(inputs, base_year, horizon)
    gap = fte - demand
    return GroupPath(
        group=inputs.group,
        years=np.arange(base_year, base_year + horizon + 1),
        stock=stock,
        headcount=headcount,
        fte=fte,
        demand=demand,
        gap=gap,
        rel_gap=relative_gap(gap, demand),
        mean_rate=mean_rate,
        retirements=retirements,
        other_exits=other_exits,
        recruits=np.concatenate([[0.0], np.full(horizon, recruits_by_age.sum())]),
    )


def window_shortage(rel_gap: np.ndarray, first: int, last: int, threshold: float) -> bool:
    """§3: the mean relative gap of years ``first … last`` is below −threshold (years
    without demand, NaN, left out)."""
    window = rel_gap[first : last + 1]
    window = window[~np.isnan(window)]
    return bool(window.size) and float(window.mean()) < -threshold


def shortage(path: GroupPath, threshold: float) -> tuple[bool, bool | None]:
    """supply-plan.md §3: (short-term, long-term) shortage competence; long-term is None
    when the horizon is under 4 years."""
    horizon = len(path.years) - 1
    short = window_shortage(path.rel_gap, SHORT_TERM[0], min(SHORT_TERM[1], horizon), threshold)
    if horizon < LONG_TERM[0]:
        return short, None
    return short, window_shortage(path.rel_gap, LONG_TERM[0], LONG_TERM[1], threshold)


@dataclass(frozen=True)
class GroupResult:
    """One group's plan: its path, its shortage classification and its flags (§7)."""

    path: GroupPath
    shortage_short: bool
    shortage_long: bool | None
    flags: tuple[str, ...]


@dataclass(frozen=True)
class PlanResult:
    """supply-plan.md §3: every group's projection under one scenario."""

    scenario: Scenario
    inputs: dict[str, GroupInput]
    groups: dict[str, GroupResult]

    @property
    def long_term_shortage_count(self) -> int:
        """§3: the programme indicator "Antal bristkompetenser på lång sikt (4–10 år)"."""
        return sum(bool(result.shortage_long) for result in self.groups.values())


def project_inputs(inputs: Mapping[str, GroupInput], scenario: Scenario) -> PlanResult:
    """§3: the plan for projection inputs already under ``scenario``."""
    groups = {}
    for name, group_inputs in inputs.items():
        path = project(group_inputs, scenario.base_year, scenario.horizon)
        short, long = shortage(path, scenario.shortage_threshold)
        groups[name] = GroupResult(path, short, long, group_inputs.flags)
    return PlanResult(scenario, dict(inputs), groups)


def project_all(estimates: Mapping[str, GroupEstimate], scenario: Scenario) -> PlanResult:
    """supply-plan.md §3, §4: every group's projection and shortage under ``scenario``."""
    return project_inputs(apply_scenario(estimates, scenario), scenario)


def number_or_null(value: float) -> float | None:
    """A float for JSON: NaN becomes null."""
    return None if np.isnan(value) else float(value)


def to_json(result: PlanResult) -> dict[str, Any]:
    """Issue 5's JSON document (ready for ``json.dumps``): per group the base year and years
    1…horizon of the deterministic path, the shortage flags and the flags."""
    return {
        "groups": [
            {
                "group": name,
                "years": [
                    {
                        "year": int(group.path.years[t]),
                        "headcount": float(group.path.headcount[t]),
                        "fte": float(group.path.fte[t]),
                        "demand": float(group.path.demand[t]),
                        "gap": float(group.path.gap[t]),
                        "rel_gap": number_or_null(group.path.rel_gap[t]),
                    }
                    for t in range(len(group.path.years))
                ],
                "shortage_short": group.shortage_short,
                "shortage_long": group.shortage_long,
                "flags": list(group.flags),
            }
            for name, group in result.groups.items()
        ]
    }
