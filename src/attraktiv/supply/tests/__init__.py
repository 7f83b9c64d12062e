"""Tests of the competence supply plan; ``estimate_of`` builds a group's estimates by hand."""

from __future__ import annotations

import numpy as np

from attraktiv.supply.model import MAX_AGE, GroupEstimate, GroupRates, GroupStock


def by_age(values: dict[int, float], length: int = MAX_AGE + 1) -> np.ndarray:
    """An array by age with ``values`` at their ages and 0 elsewhere."""
    array = np.zeros(length)
    for age, value in values.items():
        array[age] = value
    return array


def estimate_of(
    group: str,
    persons: dict[int, float],
    mean_rate: float = 80.0,
    exit_rate: dict[int, float] | None = None,
    retirement_rate: dict[int, float] | None = None,
    recruits: float = 0.0,
    recruit_ages: dict[int, float] | None = None,
    flags: tuple[str, ...] = (),
) -> GroupEstimate:
    """A group's estimates: ``persons`` by age (all women), FTE at ``mean_rate`` percent,
    and rates by age."""
    women = by_age(persons)
    return GroupEstimate(
        stock=GroupStock(group, women, np.zeros_like(women), women.sum() * mean_rate / 100, 0),
        rates=GroupRates(
            exit_rate=by_age(exit_rate or {}),
            retirement_rate=by_age(retirement_rate or {}),
            recruits=recruits,
            recruit_ages=by_age(recruit_ages or {}),
            exits_observed=100,
            history_years=5,
            flags=flags,
        ),
    )
