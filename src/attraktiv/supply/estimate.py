"""Stock and rates of the competence supply plan, estimated from a data set's history.

``estimate`` implements supply-plan.md §1 (the stock of base year ``Y0`` per occupation
group) and §2 (exit, retirement and recruitment rates from the years before ``Y0``);
``actual_fte`` gives §1's FTE on several years' reference dates for the backtest of §6.

Everything over microdata runs in DuckDB through the indicator engine's ``Session``: the
stock on each reference date is the engine's ``Session.stock`` (hr-data.md §3: active
monthly-paid employments, the occupation group of the one with the highest rate, ties by
the lowest employment_id, and the actual rate of §3.2), so the plan and the indicators
count the same persons with the same rates. All groups and years are estimated together:
one table of persons per reference date, then one aggregation each for the stock, the exits
and the recruits.

The history window. A year pair ``(y − 1, y)`` is used when ``y`` is one of the
``history_years`` years up to ``Y0`` and the data covers the reference date of ``y − 1``.
An export holds every employment active in its period, including ones that started long
before it, but none that ended before it; so the data is taken to start on its earliest
end_date (or, when no employment has ended, its earliest start_date). A stock on an earlier
date would miss the persons who left before the export's start and bias the rates.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from attraktiv.indicators.session import ONGOING, Session
from attraktiv.supply.model import (
    MAX_AGE,
    RETIREMENT_AGE,
    GroupEstimate,
    GroupRates,
    GroupStock,
)

REFERENCE_MONTH, REFERENCE_DAY = 11, 30  # hr-data.md §2: 30 November
SINGLE_YEAR_EXIT_AGE = 55  # §2: exit rates by single-year age from 55, by band below
YOUNGEST_EXIT_BAND_END = 25  # §2: the youngest exit band is "under 25"
BAND_WIDTH = 5  # §2: five-year bands (25–29, …, 50–54; recruits' ages 20–24, 25–29, …)
THIN_EXITS, THIN_YEARS = 20, 3  # §2: under 20 exits or under 3 years is thin history

PERSONS = "supply_persons"
EMPLOYED = "supply_employed"


def reference_date(year: int) -> datetime.date:
    """hr-data.md §2: the reference date of year ``year``."""
    return datetime.date(year, REFERENCE_MONTH, REFERENCE_DAY)


def reference_date_sql(year: str) -> str:
    """SQL: the reference date of the integer year expression ``year``."""
    return f"make_date({year}, {REFERENCE_MONTH}, {REFERENCE_DAY})"


def estimate(
    dataset: Mapping[str, pa.Table],
    base_year: int,
    *,
    history_years: int = 5,
    max_age: int = MAX_AGE,
    unit_id: str | None = None,
    groups: Sequence[str] | None = None,
) -> dict[str, GroupEstimate]:
    """supply-plan.md §1 and §2: the stock of ``base_year`` and the rates, per group.

    The result has one entry per group (sorted by name): the groups named in ``groups``,
    or else every group with persons in the stock on ``base_year``'s reference date or (up
    to ``max_age``) on one of the history's. History stocks, like the base stock, leave out
    persons older than ``max_age``. ``unit_id`` restricts every stock, in the base year and in the
    history, to persons whose chosen employment (the highest rate) is in the unit's
    subtree; exits and recruits are still judged against employment anywhere in the region.
    """
    session = open_session(dataset, unit_id)
    try:
        pairs = history_pairs(session, base_year, history_years)
        build_persons(session, sorted({base_year, *pairs, *(y - 1 for y in pairs)}), unit_id)
        build_employed(session, sorted({*pairs, *(y - 1 for y in pairs)}))
        stock_rows = base_stock_rows(session, base_year)
        exit_rows = exit_rows_of(session, pairs, max_age)
        recruit_rows = recruit_rows_of(session, pairs, max_age)
    finally:
        session.close()
    names = sorted(
        set(groups)
        if groups is not None
        else {row["group"] for row in (*stock_rows, *exit_rows, *recruit_rows)}
    )
    stocks = stocks_of(stock_rows, names, max_age)
    rates = rates_of(exit_rows, recruit_rows, names, len(pairs), max_age)
    return {
        name: GroupEstimate(
            stock=stocks[name],
            rates=with_stock_flags(rates[name], stocks[name]),
        )
        for name in names
    }


def actual_fte(
    dataset: Mapping[str, pa.Table],
    years: Sequence[int],
    *,
    unit_id: str | None = None,
    max_age: int = MAX_AGE,
) -> dict[str, dict[int, float]]:
    """supply-plan.md §6: FTE per group on each year's reference date, as §1 counts
    ``FTE_0`` (persons up to ``max_age``, in the group of their highest-rate employment,
    actual rates / 100), to compare with a projection from an earlier base year.

    Every group that has persons on one of the dates gets every year (0.0 where empty).
    """
    if not years:
        return {}
    session = open_session(dataset, unit_id)
    try:
        build_persons(session, sorted(set(years)), unit_id)
        rows = session.db.rows(
            f"""
            SELECT occupation_group AS "group", year, sum(actual) / 100 AS fte
            FROM {PERSONS} WHERE age <= {int(max_age)}
            GROUP BY ALL
            """
        )
    finally:
        session.close()
    result: dict[str, dict[int, float]] = {
        name: dict.fromkeys(years, 0.0) for name in sorted({row["group"] for row in rows})
    }
    for row in rows:
        result[row["group"]][row["year"]] = float(row["fte"])
    return result


# ---- DuckDB ----------------------------------------------------------------------------


class UnknownUnitError(ValueError):
    """The plan is asked for a unit the data set does not have (bad input, not a bug)."""


def open_session(dataset: Mapping[str, pa.Table], unit_id: str | None) -> Session:
    session = Session(dataset)
    if unit_id is not None and unit_id not in session.all_units():
        session.close()
        raise UnknownUnitError(f"enheten ”{unit_id}” finns inte i units")
    return session


def history_pairs(session: Session, base_year: int, history_years: int) -> list[int]:
    """§2: the years ``y`` of the usable pairs ``(y − 1, y)``, ``y`` in ``Y0 −
    history_years + 1 … Y0``, whose ``y − 1`` reference date the data covers (see the
    module docstring)."""
    rows = session.db.rows(
        "SELECT coalesce(min(end_date), min(start_date)) AS first_day FROM src_employments"
    )
    first_day = rows[0]["first_day"]
    if first_day is None:
        return []
    return [
        year
        for year in range(base_year - history_years + 1, base_year + 1)
        if reference_date(year - 1) >= first_day
    ]


def build_persons(session: Session, years: Sequence[int], unit_id: str | None) -> None:
    """§1: one row per person and year in the stock on the year's reference date (``years``
    not empty).

    From the engine's stock (one row per active monthly-paid employment, with the person's
    group and actual rate): the person's gender, age ``year − birth year``, actual rate and
    the unit of the chosen employment (the highest rate, ties by the lowest employment_id),
    kept when that unit is in ``unit_id``'s subtree.
    """
    stocks = " UNION ALL ".join(
        f"SELECT {year} AS year, * FROM {session.stock(reference_date(year), year)}"
        for year in years
    )
    scope = "TRUE"
    if unit_id is not None:
        scope = "unit_id IN (SELECT unit_id FROM closure WHERE ancestor_id = $unit)"
    session.db.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {PERSONS} AS
        SELECT * FROM (
            SELECT year, person_id,
                   any_value(occupation_group) AS occupation_group,
                   any_value(gender) AS gender,
                   year - year(any_value(birth_date)) AS age,
                   any_value(actual) AS actual,
                   first(unit_id ORDER BY rate DESC, employment_id) AS unit_id
            FROM ({stocks}) GROUP BY year, person_id
        ) WHERE {scope}
        """,
        {"unit": unit_id} if unit_id is not None else None,
    )


def build_employed(session: Session, years: Sequence[int]) -> None:
    """§2: the persons with an employment of any kind in the region on each year's
    reference date."""
    session.db.register(
        "supply_dates_source",
        pa.table(
            {
                "year": pa.array(years, pa.int32()),
                "day": pa.array([reference_date(year) for year in years], pa.date32()),
            }
        ),
    )
    session.db.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {EMPLOYED} AS
        SELECT DISTINCT d.year, e.person_id
        FROM src_employments e
        JOIN supply_dates_source d
          ON e.start_date <= d.day AND coalesce(e.end_date, {ONGOING}) >= d.day
        """
    )


def base_stock_rows(session: Session, base_year: int) -> list[dict[str, Any]]:
    """§1: persons and summed actual rates of the base year by group, gender and age."""
    return session.db.rows(
        f"""
        SELECT occupation_group AS "group", gender, age,
               count(*) AS persons, sum(actual) AS actual
        FROM {PERSONS} WHERE year = {int(base_year)}
        GROUP BY ALL
        """
    )


def exit_rows_of(session: Session, pairs: Sequence[int], max_age: int) -> list[dict[str, Any]]:
    """§2: per group and age on ``y − 1``, pooled over the pairs: the persons in the stock
    on ``y − 1`` (exposed), those with no employment in the region on ``y`` (exits), and the
    exits at ages ≥ 60 whose last-ending employment (any ending on the latest end date
    before the ``y`` reference date) ended with end_reason pension (retirements)."""
    if not pairs:
        return []
    return session.db.rows(
        f"""
        WITH exposed AS (
            SELECT s.year + 1 AS year, s.person_id, s.occupation_group, s.age,
                   e.person_id IS NULL AS exited
            FROM {PERSONS} s
            LEFT JOIN {EMPLOYED} e ON e.year = s.year + 1 AND e.person_id = s.person_id
            WHERE s.year + 1 IN ({", ".join(str(int(y)) for y in pairs)})
              AND s.age <= {int(max_age)}
        ), ending AS (
            SELECT x.year, x.person_id, m.end_date, m.end_reason,
                   max(m.end_date) OVER (PARTITION BY x.year, x.person_id) AS last_end
            FROM exposed x
            JOIN src_employments m
              ON m.person_id = x.person_id
             AND m.end_date >= {reference_date_sql("x.year - 1")}
             AND m.end_date < {reference_date_sql("x.year")}
            WHERE x.exited AND x.age >= {RETIREMENT_AGE}
        ), retired AS (
            SELECT year, person_id FROM ending WHERE end_date = last_end
            GROUP BY ALL HAVING bool_or(end_reason = 'pension')
        )
        SELECT x.occupation_group AS "group", x.age,
               count(*) AS exposed,
               count(*) FILTER (WHERE x.exited) AS exits,
               count(r.person_id) AS retirements
        FROM exposed x LEFT JOIN retired r USING (year, person_id)
        GROUP BY ALL
        """
    )


def recruit_rows_of(session: Session, pairs: Sequence[int], max_age: int) -> list[dict[str, Any]]:
    """§2: per group and age on ``y``, summed over the pairs: persons in the stock on ``y``
    with no employment in the region on ``y − 1``."""
    if not pairs:
        return []
    return session.db.rows(
        f"""
        SELECT s.occupation_group AS "group", s.age, count(*) AS recruits
        FROM {PERSONS} s
        LEFT JOIN {EMPLOYED} e ON e.year = s.year - 1 AND e.person_id = s.person_id
        WHERE s.year IN ({", ".join(str(int(y)) for y in pairs)})
          AND s.age <= {int(max_age)} AND e.person_id IS NULL
        GROUP BY ALL
        """
    )


# ---- arithmetic ------------------------------------------------------------------------


def by_age(
    rows: Sequence[Mapping[str, Any]], names: Sequence[str], column: str, max_age: int
) -> dict[str, np.ndarray]:
    """``column`` of ``rows`` summed per group into arrays indexed by age 0..max_age
    (rows at other ages are left out)."""
    arrays = {name: np.zeros(max_age + 1) for name in names}
    for row in rows:
        array = arrays.get(row["group"])
        if array is not None and 0 <= row["age"] <= max_age:
            array[row["age"]] += row[column]
    return arrays


def pooled(values: np.ndarray, band_keys: np.ndarray) -> np.ndarray:
    """Each age's value replaced by the sum over the ages with the same band key."""
    _, inverse = np.unique(band_keys, return_inverse=True)
    return np.bincount(inverse, weights=values)[inverse]


def exit_band_keys(max_age: int) -> np.ndarray:
    """§2's exit bands as one key per age: under 25, 25–29, …, 50–54, then single years."""
    ages = np.arange(max_age + 1)
    banded = np.maximum(ages // BAND_WIDTH * BAND_WIDTH, YOUNGEST_EXIT_BAND_END - BAND_WIDTH)
    return np.where(ages < SINGLE_YEAR_EXIT_AGE, banded, ages)


def share(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """Element-wise ``numerator / denominator``, 0 where the denominator is 0."""
    return np.divide(numerator, denominator, out=np.zeros_like(numerator), where=denominator > 0)


def stocks_of(
    rows: Sequence[Mapping[str, Any]], names: Sequence[str], max_age: int
) -> dict[str, GroupStock]:
    """§1: persons by age and gender up to ``max_age``, their FTE, and the persons older
    than ``max_age`` left out."""
    women = by_age([r for r in rows if r["gender"] == "K"], names, "persons", max_age)
    men = by_age([r for r in rows if r["gender"] == "M"], names, "persons", max_age)
    actual = by_age(rows, names, "actual", max_age)
    over = dict.fromkeys(names, 0)
    for row in rows:
        if row["group"] in over and row["age"] > max_age:
            over[row["group"]] += row["persons"]
    return {
        name: GroupStock(
            group=name,
            women=women[name],
            men=men[name],
            fte=float(actual[name].sum()) / 100,
            over_max_age=over[name],
        )
        for name in names
    }


def rates_of(
    exit_rows: Sequence[Mapping[str, Any]],
    recruit_rows: Sequence[Mapping[str, Any]],
    names: Sequence[str],
    years: int,
    max_age: int,
) -> dict[str, GroupRates]:
    """§2: exit rate q(a) pooled by exit band, its retirement part, recruits per year R and
    their age distribution r(a) (each five-year band's share spread evenly over its ages).

    Flags: ``no_history`` when no year pair is usable or the group had nobody exposed and no
    recruits in any; else ``thin_history`` under 20 exits or under 3 years."""
    exposed = by_age(exit_rows, names, "exposed", max_age)
    exits = by_age(exit_rows, names, "exits", max_age)
    retirements = by_age(exit_rows, names, "retirements", max_age)
    recruits = by_age(recruit_rows, names, "recruits", max_age)
    exit_bands = exit_band_keys(max_age)
    recruit_bands = np.arange(max_age + 1) // BAND_WIDTH
    band_sizes = pooled(np.ones(max_age + 1), recruit_bands)
    result = {}
    for name in names:
        exposure = pooled(exposed[name], exit_bands)
        recruited = recruits[name].sum()
        exits_observed = int(exits[name].sum())
        observed = exposed[name].sum() > 0 or recruited > 0
        if years == 0 or not observed:
            flags: tuple[str, ...] = ("no_history",)
        elif exits_observed < THIN_EXITS or years < THIN_YEARS:
            flags = ("thin_history",)
        else:
            flags = ()
        result[name] = GroupRates(
            exit_rate=share(pooled(exits[name], exit_bands), exposure),
            retirement_rate=share(retirements[name], exposure),
            recruits=float(recruited) / years if years else 0.0,
            recruit_ages=(
                pooled(recruits[name], recruit_bands) / band_sizes / recruited
                if recruited
                else np.zeros(max_age + 1)
            ),
            exits_observed=exits_observed,
            history_years=years,
            flags=flags,
        )
    return result


def with_stock_flags(rates: GroupRates, stock: GroupStock) -> GroupRates:
    """§2: the result flags persons older than ``max_age`` left out of the stock."""
    if not stock.over_max_age:
        return rates
    return dataclasses.replace(rates, flags=(*rates.flags, "over_max_age"))
