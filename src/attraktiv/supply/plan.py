"""The whole competence supply plan in one call (supply-plan.md), for the command and the job.

``compute_plan`` estimates the stock and rates from a data set (§1–§2), applies a scenario
(§4, §7; without one, the estimates alone), projects every group (§3), adds the stochastic
percentiles (§5), the FTE each lever closes against the base (issue 5, item 3), the backtest
from an earlier base year (§6), exits split into retirements and other exits, and the age
pyramid. Only aggregates leave: a group of at most ``MIN_PERSONS`` persons in the stock is
suppressed (hr-data.md §3.7, primary rule), and the pyramid's cells obey the primary and
secondary rules. The result is plain JSON data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from attraktiv.formatting import format_number, format_percent
from attraktiv.indicators.disclosure import primary_suppressed, secondary_suppression
from attraktiv.indicators.output import suppression_reason
from attraktiv.supply.attribution import ATTRIBUTION_YEARS, LEVERS, attribute
from attraktiv.supply.estimate import actual_fte, estimate
from attraktiv.supply.model import GroupEstimate
from attraktiv.supply.project import PlanResult, project_all, project_inputs, to_json
from attraktiv.supply.scenario import GroupSettings, Scenario, apply_scenario, scenario_toml
from attraktiv.supply.stochastic import CHUNKS, PERCENTILES, simulate

Progress = Callable[[float, str], None]

MIN_PERSONS = 10  # hr-data.md §3.7: "högst tio" persons are not shown
BACKTEST_YEARS = 3  # §6: project from this many years before the base year
PYRAMID_BAND = 5  # years per bar of the age pyramid


def base_scenario(base_year: int, horizon: int = 10) -> Scenario:
    """The plan without a scenario: the estimates alone (supply-plan.md §3 defaults)."""
    return Scenario(name="Bas", base_year=base_year, horizon=horizon)


def scenario_from_levers(
    *,
    name: str,
    base_year: int,
    horizon: int = 10,
    retirement_age_shift: float | None = None,
    mean_rate: dict[int, float] | None = None,
    turnover_factor: float | None = None,
    recruits_factor: float | None = None,
    demand_growth: float | None = None,
    demand_step: tuple[str, int, float] | None = None,
) -> str:
    """The scenario file (§7) of the workbench's levers, set for every group ([defaults]);
    ``demand_step`` (competence, year, FTE) is a step change in one competence's demand."""
    defaults = GroupSettings(
        retirement_age_shift=retirement_age_shift,
        mean_rate=mean_rate,
        turnover_factor=turnover_factor,
        recruits_factor=recruits_factor,
        demand_growth=demand_growth,
    )
    groups = {}
    if demand_step is not None:
        group, year, fte = demand_step
        groups[group] = GroupSettings(demand_steps={year: fte})
    return scenario_toml(
        Scenario(name=name, base_year=base_year, horizon=horizon, defaults=defaults, groups=groups)
    )


def compute_plan(
    dataset: Mapping[str, pa.Table],
    base_year: int,
    *,
    scenario: Scenario | None = None,
    unit_id: str | None = None,
    groups: Sequence[str] | None = None,
    runs: int = 0,
    seed: int = 2024,
    min_persons: int = MIN_PERSONS,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """The plan as JSON data: issue 5's document, extended per group with ``suppressed``,
    percentiles, ``exits``, ``pyramid``, ``backtest`` and (with a scenario) ``levers``.

    ``min_persons`` is the disclosure threshold of hr-data.md §3.7 (the instance's
    ``ATTRAKTIV_MIN_PERSONS``); the document keeps it for its readers."""

    def report(fraction: float, message: str) -> None:
        if progress:
            progress(fraction, message)

    chosen = scenario or base_scenario(base_year)
    if chosen.base_year != base_year:
        chosen = Scenario(
            name=chosen.name,
            base_year=base_year,
            horizon=chosen.horizon,
            shortage_threshold=chosen.shortage_threshold,
            defaults=chosen.defaults,
            groups=chosen.groups,
        )
    report(0.05, "skattar avgångar och rekryteringar")
    estimates = estimate(dataset, base_year, unit_id=unit_id, groups=groups)
    report(0.35, "räknar fram åren")
    plan = project_all(estimates, chosen)
    document = to_json(plan)
    document.update(
        {
            "base_year": base_year,
            "horizon": chosen.horizon,
            "scenario": scenario.name if scenario else None,
            "unit_id": unit_id,
            "runs": runs,
            "min_persons": min_persons,
            "long_term_shortage_count": plan.long_term_shortage_count,
        }
    )
    by_name = {group["group"]: group for group in document["groups"]}
    for name, result in plan.groups.items():
        group = by_name[name]
        group["exits"] = [
            {
                "year": int(year),
                "retirements": float(result.path.retirements[t]),
                "other": float(result.path.other_exits[t]),
            }
            for t, year in enumerate(result.path.years)
            if t > 0
        ]
        group["pyramid"] = pyramid_cells(estimates[name], min_persons)
    if runs:
        report(0.45, "slumpade körningar")
        add_bands(document, plan, chosen, runs, seed)
    if scenario is not None:
        report(0.6, "åtgärd för åtgärd")
        add_levers(document, estimates, chosen)
    report(0.75, "efterhandstest")
    add_backtest(document, dataset, base_year, unit_id, groups)
    suppress_small_groups(document, estimates, min_persons)
    report(1.0, "klart")
    return document


def add_bands(
    document: dict[str, Any], plan: PlanResult, scenario: Scenario, runs: int, seed: int
) -> None:
    """§5: P10, P50 and P90 of FTE and gap per group and year, under their own keys."""
    names = [name for name, group in plan.inputs.items() if group.stock.sum() > 0]
    if not names:
        return
    bands = simulate(
        [plan.inputs[name] for name in names],
        scenario.base_year,
        scenario.horizon,
        runs=max(runs, CHUNKS),
        seed=seed,
    )
    by_name = {group["group"]: group for group in document["groups"]}
    for index, name in enumerate(bands.groups):
        group = by_name[name]
        for rank, percentile in enumerate(PERCENTILES):
            group[f"p{percentile}"] = {
                "fte": [float(value) for value in bands.fte[index, rank]],
                "gap": [float(value) for value in bands.gap[index, rank]],
            }


def add_levers(
    document: dict[str, Any], estimates: Mapping[str, GroupEstimate], scenario: Scenario
) -> None:
    """Issue 5, item 3: FTE each lever closes in year 3 and year 10 (or the horizon's end),
    alone against the base, all together, and the interaction remainder."""
    years = sorted({min(t, scenario.horizon) for t in ATTRIBUTION_YEARS})
    result = attribute(estimates, scenario, years=[scenario.base_year + t for t in years])
    by_name = {group["group"]: group for group in document["groups"]}
    for name, effects in result.groups.items():
        rows = [
            lever_row(lever, effects.marginal[lever])
            for lever in LEVERS
            if np.any(effects.marginal[lever] != 0)
        ]
        rows.append(lever_row("interaction", effects.interaction))
        rows.append(lever_row("combined", effects.combined))
        by_name[name]["levers"] = rows


def lever_row(lever: str, effect: np.ndarray) -> dict[str, Any]:
    return {"lever": lever, "year3": float(effect[0]), "year10": float(effect[-1])}


def add_backtest(
    document: dict[str, Any],
    dataset: Mapping[str, pa.Table],
    base_year: int,
    unit_id: str | None,
    groups: Sequence[str] | None,
) -> None:
    """§6: project from ``BACKTEST_YEARS`` before the base year with the estimates of then,
    and compare FTE with what the data shows for the years that followed."""
    earlier = base_year - BACKTEST_YEARS
    try:
        estimates = estimate(dataset, earlier, unit_id=unit_id, groups=groups)
    except ValueError:
        return
    if not estimates:
        return
    plan = project_inputs(
        apply_scenario(estimates, base_scenario(earlier, BACKTEST_YEARS)),
        base_scenario(earlier, BACKTEST_YEARS),
    )
    years = list(range(earlier + 1, base_year + 1))
    actual = actual_fte(dataset, years, unit_id=unit_id)
    for group in document["groups"]:
        result = plan.groups.get(group["group"])
        if result is None or group["group"] not in actual:
            continue
        rows = []
        for t, year in enumerate(years, start=1):
            projected = float(result.path.fte[t])
            outcome = actual[group["group"]][year]
            rows.append(
                {
                    "year": year,
                    "projected": projected,
                    "actual": outcome,
                    "error": projected - outcome,
                }
            )
        group["backtest"] = {"base_year": earlier, "years": rows}


def pyramid_cells(group: GroupEstimate, min_persons: int = MIN_PERSONS) -> list[dict[str, Any]]:
    """The stock by five-year age band and gender, with §3.7's primary and secondary
    suppression (a hidden cell has ``persons`` None)."""
    cells = []
    ages = len(group.stock.women)
    for start in range(0, ages, PYRAMID_BAND):
        end = min(start + PYRAMID_BAND, ages)
        for gender, counts in (("Kvinnor", group.stock.women), ("Män", group.stock.men)):
            persons = round(float(counts[start:end].sum()))
            if persons == 0:
                continue
            cells.append(
                {
                    "age_group": f"{start}–{end - 1}",
                    "gender": gender,
                    "persons": persons,
                    "suppressed": primary_suppressed(persons, min_persons, inclusive=True),
                    "_zero_denominator": False,  # a count has no denominator
                }
            )
    total = {"suppressed": False, "persons": int(group.stock.headcount.sum())}
    secondary_suppression(total, cells, ("age_group", "gender"))
    for cell in cells:
        del cell["_zero_denominator"]
        if cell["suppressed"]:
            cell["persons"] = None
    return cells


def suppress_small_groups(
    document: dict[str, Any], estimates: Mapping[str, GroupEstimate], min_persons: int
) -> None:
    """hr-data.md §3.7 primary rule: a group of at most ``min_persons`` persons in the base
    stock shows no figures (its shortage judgement still counts in the total)."""
    for group in document["groups"]:
        persons = float(estimates[group["group"]].stock.headcount.sum())
        if primary_suppressed(round(persons), min_persons, inclusive=True):
            kept = {"group": group["group"], "flags": group["flags"]}
            group.clear()
            group.update(kept, suppressed=True, years=[], shortage_short=None, shortage_long=None)


# ---- output for the command --------------------------------------------------------------

ISSUE_KEYS = ("group", "years", "shortage_short", "shortage_long", "flags")


def cli_json(document: dict[str, Any]) -> dict[str, Any]:
    """Issue 5's JSON: ``{"groups": [{"group", "years", "shortage_short", "shortage_long",
    "flags"}…]}``; with stochastic runs each year also has ``fte_p10`` … ``gap_p90``."""
    groups = []
    for group in document["groups"]:
        years = [dict(year) for year in group["years"]]
        for percentile in PERCENTILES:
            bands = group.get(f"p{percentile}")
            if not bands:
                continue
            for t, year in enumerate(years):
                year[f"fte_p{percentile}"] = bands["fte"][t]
                year[f"gap_p{percentile}"] = bands["gap"][t]
        groups.append({**{key: group[key] for key in ISSUE_KEYS}, "years": years})
    return {"groups": groups}


PLAN_HEADERS = ["Kompetens", "År", "Personer", "Årsarbetare", "Efterfrågan", "Gap", "Gap (%)"]


def plan_rows(document: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """Every group's path as rows of numbers (CSV and XLSX)."""
    rows = [
        [
            group["group"],
            year["year"],
            year["headcount"],
            year["fte"],
            year["demand"],
            year["gap"],
            None if year["rel_gap"] is None else 100 * year["rel_gap"],
        ]
        for group in document["groups"]
        for year in group["years"]
    ]
    return PLAN_HEADERS, rows


def plan_table(document: dict[str, Any]) -> str:
    """A Swedish table for people: per group FTE now, gap in year 3 and 10, shortage."""
    lines = [
        f"Kompetensförsörjning, basår {document['base_year']}"
        + (f", scenario {document['scenario']}" if document["scenario"] else ""),
        f"Bristkompetenser på lång sikt: {document['long_term_shortage_count']}",
        "",
        f"{'Kompetens':<32} {'Åa nu':>10} {'Gap år 3':>12} {'Gap år 10':>12} {'Brist':>12}",
    ]
    for group in document["groups"]:
        if group.get("suppressed"):
            reason = suppression_reason(document["min_persons"])
            lines.append(f"{group['group'][:32]:<32} {'–':>10}  ({reason})")
            continue
        years = group["years"]

        def cell(offset: int, years: list[dict[str, Any]] = years) -> str:
            if offset >= len(years):
                return "–"
            row = years[offset]
            share = None if row["rel_gap"] is None else 100 * row["rel_gap"]
            return f"{format_number(row['gap'], 1)} ({format_percent(share, 0)})"

        flags = "kort" if group["shortage_short"] else ""
        if group["shortage_long"]:
            flags = f"{flags}+lång" if flags else "lång"
        lines.append(
            f"{group['group'][:32]:<32} {format_number(years[0]['fte'], 1):>10} "
            f"{cell(3):>12} {cell(10):>12} {flags or '–':>12}"
        )
    return "\n".join(lines) + "\n"
