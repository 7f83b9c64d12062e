"""Tests of the competence supply plan; ``estimate_of`` builds a group's estimates by hand,
``made_up_inputs`` many groups' projection inputs at once."""

from __future__ import annotations

import numpy as np

from attraktiv.supply.model import MAX_AGE, GroupEstimate, GroupInput, GroupRates, GroupStock


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


def made_up_inputs(groups: int, persons: int, seed: int) -> list[GroupInput]:
    """``groups`` made-up groups of about ``persons`` persons in all, ages 20–69, with exits
    of 3–10 % a year (retirements from 60) and recruits replacing them."""
    generator = np.random.default_rng(seed)
    age = np.arange(MAX_AGE + 1)
    working = (age >= 20).astype(np.float64)
    retirement_rate = np.where(age >= 60, 0.05 + 0.08 * (age - 60), 0.0)
    other_exit_rate = np.where(age >= 20, 0.03 + 0.05 * (age < 30), 0.0)
    recruit_ages = np.where((age >= 22) & (age <= 45), 1.0, 0.0)
    sizes = generator.dirichlet(np.ones(groups)) * persons
    result = []
    for index, size in enumerate(sizes):
        stock = np.rint(working * size / working.sum() * generator.uniform(0.5, 1.5, age.size))
        result.append(
            GroupInput(
                group=f"group {index}",
                stock=stock,
                fte=float(stock.sum()) * 0.9,
                exit_rate=retirement_rate + other_exit_rate,
                retirement_rate=retirement_rate,
                recruits=float(stock.sum()) * 0.07,
                recruit_ages=recruit_ages / recruit_ages.sum(),
                demand_growth=0.01,
            )
        )
    return result
