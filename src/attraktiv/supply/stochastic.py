"""The stochastic projection of supply-plan.md §5: P10, P50 and P90 of FTE and gap.

Each run follows §3's year with chance in place of expectation: the persons of each age
who stay are binomial(S_{t−1}(a), 1 − q(a)) (everybody aged ``max_age`` leaves), and the
recruits of each age are Poisson(R × r(a)) — independent Poisson counts by age are the same
as a Poisson total split multinomially by r(a). The mean rate f_t and the demand D_t are the
deterministic path's (§3), so a run's FTE_t = headcount_t × f_t / 100 and its gap
FTE_t − D_t. The base stock is a count of persons (rounded to whole persons).

All groups, runs and ages are drawn at once as numpy arrays of shape (runs, groups, ages),
one year after the other, from ``numpy.random.Generator``s spawned from a fixed seed, so a
result is reproducible. Since the draws are unbiased, the mean over runs agrees with the
deterministic path within sampling error (``fte_mean``, ``fte_standard_error``).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from attraktiv.supply.model import GroupInput
from attraktiv.supply.project import demand_path, mean_rate_path

PERCENTILES = (10, 50, 90)
DEFAULT_RUNS = 1000
DEFAULT_SEED = 2024
CHUNKS = 4  # parts of the runs, each with its own generator (at most this many threads)


@dataclass(frozen=True)
class StochasticBands:
    """supply-plan.md §5: percentiles over runs per group and year.

    ``fte`` and ``gap`` have shape (groups, len(PERCENTILES), horizon + 1); ``fte_mean``
    and ``fte_standard_error`` (the standard deviation over runs / √runs) shape
    (groups, horizon + 1).
    """

    groups: tuple[str, ...]
    years: np.ndarray
    runs: int
    seed: int
    fte: np.ndarray
    gap: np.ndarray
    fte_mean: np.ndarray
    fte_standard_error: np.ndarray


def simulated_headcount(
    generator: np.random.Generator,
    stock: np.ndarray,
    stay: np.ndarray,
    recruit_mean: np.ndarray,
    runs: int,
    horizon: int,
) -> np.ndarray:
    """§5: the headcount of ``runs`` runs by run, group and year, shape
    (runs, groups, horizon + 1), from the base ``stock``, the chances ``stay`` and the mean
    recruits ``recruit_mean`` (groups × ages)."""
    recruited = np.flatnonzero(recruit_mean.any(axis=0))  # draw only where recruits come
    recruit_mean = recruit_mean[:, recruited]
    persons = np.broadcast_to(stock, (runs, *stock.shape))
    headcount = np.empty((runs, stock.shape[0], horizon + 1))
    headcount[:, :, 0] = stock.sum(axis=1)
    for t in range(1, horizon + 1):
        stayed = generator.binomial(persons, stay)
        persons = np.zeros_like(stayed)
        persons[:, :, 1:] = stayed[:, :, :-1]
        persons[:, :, recruited] += generator.poisson(recruit_mean, (runs, *recruit_mean.shape))
        headcount[:, :, t] = persons.sum(axis=2)
    return headcount


def simulated_part(arguments: tuple[Any, ...]) -> np.ndarray:
    """One part of the runs, from its own seed (a top-level function: it runs in a worker
    process)."""
    seed, stock, stay, recruit_mean, runs, horizon = arguments
    return simulated_headcount(
        np.random.default_rng(seed), stock, stay, recruit_mean, runs, horizon
    )


def map_parts(parts: list[tuple[Any, ...]]) -> list[np.ndarray]:
    """Run the parts on every core. numpy's binomial draws hold the GIL, so threads would not
    help: the parts run in forked worker processes (their inputs and results are small).
    With one core, or where fork is not available, they run here, one after the other."""
    cores = os.cpu_count() or 1
    if cores < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [simulated_part(part) for part in parts]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(min(cores, len(parts)), mp_context=context) as pool:
        return list(pool.map(simulated_part, parts))


def simulate(
    inputs: Sequence[GroupInput],
    base_year: int,
    horizon: int,
    runs: int = DEFAULT_RUNS,
    seed: int = DEFAULT_SEED,
) -> StochasticBands:
    """supply-plan.md §5: ``runs`` stochastic projections of every group at once.

    The runs are drawn in ``CHUNKS`` parts, each from its own generator spawned from
    ``seed``, on as many processes as there are cores (``map_parts``): the result depends on
    the seed only, not on the machine.
    """
    if runs < CHUNKS:
        raise ValueError(f"the stochastic run needs at least {CHUNKS} runs, not {runs}")
    if not inputs:
        raise ValueError("the stochastic run needs at least one group")
    stock = np.rint(np.stack([group.stock for group in inputs])).astype(np.int64)
    stay = np.stack([1.0 - group.exit_rate for group in inputs])
    stay[:, -1] = 0.0  # §2: persons aged max_age all leave
    recruit_mean = np.stack([group.recruits * group.recruit_ages for group in inputs])
    # Nobody is ever younger than the youngest person or recruit: leave those ages out.
    present = (stock > 0).any(axis=0) | recruit_mean.any(axis=0)
    youngest = int(np.argmax(present))  # 0 when nobody is present at all
    seeds = np.random.SeedSequence(seed).spawn(CHUNKS)
    chunk_runs = [int(n) for n in np.diff(np.linspace(0, runs, CHUNKS + 1).astype(int))]
    parts = [
        (part, stock[:, youngest:], stay[:, youngest:], recruit_mean[:, youngest:], n, horizon)
        for part, n in zip(seeds, chunk_runs, strict=True)
    ]
    headcount = np.concatenate(list(map_parts(parts)))
    mean_rate = np.stack(
        [
            mean_rate_path(group.mean_rate, group.mean_rate_targets, base_year, horizon)
            for group in inputs
        ]
    )
    fte = headcount * mean_rate / 100
    gap = fte - np.stack([demand_path(group, base_year, horizon) for group in inputs])
    return StochasticBands(
        groups=tuple(group.group for group in inputs),
        years=np.arange(base_year, base_year + horizon + 1),
        runs=runs,
        seed=seed,
        fte=np.percentile(fte, PERCENTILES, axis=0).transpose(1, 0, 2),
        gap=np.percentile(gap, PERCENTILES, axis=0).transpose(1, 0, 2),
        fte_mean=fte.mean(axis=0),
        fte_standard_error=fte.std(axis=0, ddof=1) / np.sqrt(runs),
    )


def add_percentiles(document: dict[str, Any], bands: StochasticBands) -> dict[str, Any]:
    """Issue 5's JSON with the stochastic percentiles under their own keys: each year of a
    group in ``bands`` gains ``fte_p10``, ``fte_p50``, ``fte_p90``, ``gap_p10``, …"""
    position = {group: index for index, group in enumerate(bands.groups)}
    for group in document["groups"]:
        if group["group"] not in position:
            continue
        index = position[group["group"]]
        for t, year in enumerate(group["years"]):
            for measure, values in (("fte", bands.fte), ("gap", bands.gap)):
                for rank, percentile in enumerate(PERCENTILES):
                    year[f"{measure}_p{percentile}"] = float(values[index, rank, t])
    return document
