"""The data the competence supply plan passes between estimation and projection.

``GroupStock`` is a group's stock in the base year (supply-plan.md §1), ``GroupRates`` its
exit and recruitment rates (supply-plan.md §2) and ``GroupEstimate`` the two together. Ages
index every array: position ``a`` holds single-year age ``a``, from 0 to ``max_age``
(length ``max_age + 1``; ``MAX_AGE`` by default).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_AGE = 69  # supply-plan.md §2: the age up to which LAS gives a right to stay
RETIREMENT_AGE = 60  # supply-plan.md §2: exits at ages ≥ 60 with end_reason pension retire


def mean_rate_of(fte: float, persons: float) -> float:
    """supply-plan.md §1: f = 100 × FTE / headcount, in percent (0 for nobody)."""
    return float(100.0 * fte / persons) if persons > 0 else 0.0


@dataclass(frozen=True)
class GroupStock:
    """supply-plan.md §1: a group's persons by age and gender, and their FTE, in ``Y0``."""

    group: str
    women: np.ndarray  # persons by age (float64, length max_age + 1)
    men: np.ndarray  # persons by age; gender is required in the contract
    fte: float  # FTE_0 = sum of actual rates / 100
    over_max_age: int  # persons older than max_age, left out (flag "over_max_age" when > 0)

    @property
    def headcount(self) -> np.ndarray:
        """Persons by age, women and men together."""
        return self.women + self.men

    @property
    def mean_rate(self) -> float:
        """f_0 = 100 × FTE_0 / headcount_0, in percent (0 for an empty group)."""
        return mean_rate_of(self.fte, float(self.headcount.sum()))


@dataclass(frozen=True)
class GroupRates:
    """supply-plan.md §2: a group's exit and recruitment rates."""

    exit_rate: np.ndarray  # q(a), by age
    retirement_rate: np.ndarray  # the retirement part of q(a); other exits = q(a) − this
    recruits: float  # R: mean recruits per year
    recruit_ages: np.ndarray  # r(a), sums to 1 (zeros if no recruits observed)
    exits_observed: int  # exits counted in the history window
    history_years: int  # years of history actually available
    flags: tuple[str, ...] = ()  # "no_history", "thin_history", ...


@dataclass(frozen=True)
class GroupEstimate:
    """A group's stock and rates in the base year."""

    stock: GroupStock
    rates: GroupRates


@dataclass(frozen=True)
class GroupInput:
    """Everything the projection of supply-plan.md §3 needs for one group: the base stock,
    the rates after a scenario's overrides and levers (§4, §7), and the result's flags.

    ``mean_rate_targets`` are the (year, percent) points of the mean actual rate path after
    the base year, sorted by year; ``demand_steps`` the FTE added to demand in a year.
    """

    group: str
    stock: np.ndarray  # persons by age in the base year
    fte: float  # FTE_0
    exit_rate: np.ndarray  # q(a) after the levers
    retirement_rate: np.ndarray  # the retirement part of q(a) after the levers
    recruits: float  # R, recruits per year
    recruit_ages: np.ndarray  # r(a), sums to 1 (zeros when there are no recruits)
    mean_rate_targets: tuple[tuple[int, float], ...] = ()
    demand_growth: float = 0.0  # g, per year (fraction)
    demand_steps: tuple[tuple[int, float], ...] = ()
    vacancies: float = 0.0  # unfilled FTE in the base year
    flags: tuple[str, ...] = ()

    @property
    def mean_rate(self) -> float:
        """f_0 = 100 × FTE_0 / headcount_0, in percent (0 for an empty group)."""
        return mean_rate_of(self.fte, float(self.stock.sum()))
