"""The prepared DuckDB database of one computation: tables, calendar and shared views.

Each view that several definitions share (sick-leave cells of a year, the stock on a
reference date, the leavers of a year) is built once, on first use, as a temporary table.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

import pyarrow as pa

from attraktiv.hrdata.schema import TABLES
from attraktiv.indicators.duck import Database
from attraktiv.indicators.swedish_calendar import calendar_table

ONGOING = "DATE '9999-12-31'"


def age_group_sql(year: int, birth_date: str) -> str:
    """§2: age in year Y is Y − birth year; groups ≤29, 30–49, ≥50 (written -29, 30-49, 50-)."""
    age = f"({year} - year({birth_date}))"
    return (
        f"CASE WHEN {birth_date} IS NULL THEN NULL WHEN {age} <= 29 THEN '-29' "
        f"WHEN {age} <= 49 THEN '30-49' ELSE '50-' END"
    )


def sql_date(day: datetime.date) -> str:
    return f"DATE '{day.isoformat()}'"


class Session:
    """One data set loaded into DuckDB, with the derived tables built on demand."""

    def __init__(self, dataset: Mapping[str, pa.Table]):
        self.db = Database()
        for name, schema in TABLES.items():
            table = dataset.get(name)
            self.db.register(f"src_{name}", schema.empty_table() if table is None else table)
        self.built: set[str] = set()
        self.calendar_range: tuple[datetime.date, datetime.date] | None = None
        self.db.execute(
            """
            CREATE TEMP TABLE closure AS
            WITH RECURSIVE up(ancestor_id, unit_id) AS (
                SELECT unit_id, unit_id FROM src_units
                UNION ALL
                SELECT u.parent_id, up.unit_id
                FROM up JOIN src_units u ON u.unit_id = up.ancestor_id
                WHERE u.parent_id IS NOT NULL
            )
            SELECT * FROM up
            """
        )
        # Employments with the person's attributes and the occupation group (§3, "Placing").
        self.db.execute(
            """
            CREATE TEMP TABLE emp AS
            SELECT e.*, p.gender, p.birth_date,
                   coalesce(o."group", e.occupation_code) AS occupation_group,
                   CASE WHEN e.manager = 1 THEN 'chef' ELSE 'medarbetare' END AS role
            FROM src_employments e
            JOIN src_persons p USING (person_id)
            LEFT JOIN src_occupations o USING (occupation_code)
            """
        )

    def close(self) -> None:
        self.db.close()

    def root_unit(self) -> str | None:
        rows = self.db.rows("SELECT unit_id FROM src_units WHERE parent_id IS NULL")
        return rows[0]["unit_id"] if rows else None

    def all_units(self) -> list[str]:
        return [row["unit_id"] for row in self.db.rows("SELECT unit_id FROM src_units")]

    def unit_parents(self) -> dict[str, str]:
        """Unit id → parent unit id, for every unit but the root."""
        rows = self.db.rows("SELECT unit_id, parent_id FROM src_units WHERE parent_id IS NOT NULL")
        return {row["unit_id"]: row["parent_id"] for row in rows}

    def workplaces(self) -> str:
        """SQL: units without children (§1, "A workplace")."""
        return (
            "(SELECT unit_id FROM src_units u WHERE NOT EXISTS "
            "(SELECT 1 FROM src_units c WHERE c.parent_id = u.unit_id))"
        )

    # ---- calendar and sick spells ------------------------------------------------------

    def ensure_calendar(self, first: datetime.date, last: datetime.date) -> None:
        """Keep a working-day calendar in DuckDB that covers ``first`` … ``last``."""
        if self.calendar_range is not None:
            known_first, known_last = self.calendar_range
            if known_first <= first and last <= known_last:
                return
            first, last = min(first, known_first), max(last, known_last)
        self.db.register("calendar_source", calendar_table(first, last))
        self.db.execute("CREATE OR REPLACE TEMP TABLE cal AS SELECT * FROM calendar_source")
        self.calendar_range = (first, last)

    def ensure_sick_bands(self, relapse_days: int) -> None:
        """Sick spells and spell-day bands (§3.1), over all sick periods of the data.

        Periods of one person are chained into a spell when
        ``start_date(next) − end_date(previous) ≤ relapse_days``. A period's calendar days
        have spell days ``offset + 1 … offset + length`` where ``offset`` is the number of
        sick calendar days of the spell's earlier periods (gap days are not counted). Each
        period is cut into the date ranges that fall on spell days 1–14, 15–59 and ≥ 60.
        """
        if f"sick_bands_{relapse_days}" in self.built:
            return
        self.db.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE sick_bands AS
            WITH periods AS (
                SELECT person_id, start_date, end_date, extent,
                       date_diff('day', start_date, end_date) + 1 AS length,
                       lag(end_date) OVER (PARTITION BY person_id ORDER BY start_date) AS prev_end
                FROM src_absences WHERE type = 'sjuk'
            ), chained AS (
                SELECT *, sum(CASE WHEN prev_end IS NULL
                                     OR date_diff('day', prev_end, start_date) > {relapse_days}
                                   THEN 1 ELSE 0 END)
                          OVER (PARTITION BY person_id ORDER BY start_date
                                ROWS UNBOUNDED PRECEDING) AS spell
                FROM periods
            ), placed AS (
                SELECT *, coalesce(sum(length) OVER (
                              PARTITION BY person_id, spell ORDER BY start_date
                              ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS offset_days,
                          sum(length) OVER (PARTITION BY person_id, spell) AS spell_length
                FROM chained
            )
            SELECT person_id, extent, spell_length, band,
                   start_date + CAST(greatest(lo, offset_days + 1) - offset_days - 1 AS INTEGER)
                       AS first_day,
                   start_date + CAST(least(hi, offset_days + length) - offset_days - 1 AS INTEGER)
                       AS last_day
            FROM placed, (VALUES (1, 1, 14), (2, 15, 59), (3, 60, 2147483647)) AS b(band, lo, hi)
            WHERE greatest(lo, offset_days + 1) <= least(hi, offset_days + length)
            """
        )
        self.built = {name for name in self.built if not name.startswith("sick_bands_")}
        self.built.add(f"sick_bands_{relapse_days}")

    def sick_cells(self, year: int, relapse_days: int) -> str:
        """Ordinary and sick hours per monthly-paid employment in ``year`` (§2, §3.1).

        Ordinary hours on a working day = weekly_hours / 5 × rate / 100; sick hours on a
        working day = ordinary hours × extent / 100 of the sick period covering it. Hours
        follow their employment (unit, occupation group, manager flag).
        """
        name = f"sick_cells_{year}_{relapse_days}"
        if name in self.built:
            return name
        self.ensure_sick_bands(relapse_days)
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        self.ensure_calendar(first, last)
        # Sick hours of one band part on the working days it shares with an employment.
        hours = "(c1.cum - c0.cum) * s.day_hours * sb.extent / 100"
        self.db.execute(
            f"""
            CREATE TEMP TABLE {name} AS
            WITH spans AS (
                SELECT e.*, greatest(e.start_date, {sql_date(first)}) AS a,
                       least(coalesce(e.end_date, {sql_date(last)}), {sql_date(last)}) AS b,
                       e.weekly_hours / 5 * e.rate / 100 AS day_hours
                FROM emp e
                WHERE e.pay_form = 'M' AND e.start_date <= {sql_date(last)}
                  AND coalesce(e.end_date, {ONGOING}) >= {sql_date(first)}
            ), ordinary AS (
                SELECT s.employment_id, (c1.cum - c0.cum) * s.day_hours AS ordinary_hours
                FROM spans s
                JOIN cal c1 ON c1.day = s.b
                JOIN cal c0 ON c0.day = s.a - 1
            ), sick AS (
                SELECT s.employment_id,
                       sum({hours}) AS sick_hours,
                       sum(CASE WHEN sb.band = 1 THEN {hours} ELSE 0 END) AS sick_1_14,
                       sum(CASE WHEN sb.band = 2 THEN {hours} ELSE 0 END) AS sick_15_59,
                       sum(CASE WHEN sb.band = 3 THEN {hours} ELSE 0 END) AS sick_60,
                       sum(CASE WHEN sb.spell_length >= 60 THEN {hours} ELSE 0 END)
                           AS sick_long
                FROM sick_bands sb
                JOIN spans s ON s.person_id = sb.person_id
                            AND sb.first_day <= s.b AND sb.last_day >= s.a
                JOIN cal c1 ON c1.day = least(sb.last_day, s.b)
                JOIN cal c0 ON c0.day = greatest(sb.first_day, s.a) - 1
                GROUP BY s.employment_id
            )
            SELECT s.employment_id, s.person_id, s.unit_id, s.gender,
                   {age_group_sql(year, "s.birth_date")} AS age_group,
                   s.occupation_group, s.role, o.ordinary_hours,
                   coalesce(k.sick_hours, 0) AS sick_hours,
                   coalesce(k.sick_1_14, 0) AS sick_1_14,
                   coalesce(k.sick_15_59, 0) AS sick_15_59,
                   coalesce(k.sick_60, 0) AS sick_60,
                   coalesce(k.sick_long, 0) AS sick_long
            FROM spans s
            JOIN ordinary o USING (employment_id)
            LEFT JOIN sick k USING (employment_id)
            """
        )
        self.built.add(name)
        return name

    # ---- stock on a reference date -----------------------------------------------------

    def stock(self, day: datetime.date, year: int) -> str:
        """Persons with active monthly-paid employments on ``day`` (§3, §3.2, §3.3).

        One row per such employment with the person's attributes: contracted rate (sum of
        the rates), actual rate ``min(100, contracted) × (1 − e/100)`` where e is the capped
        sum of föräldraledig and tjänstledig extents covering the day, the occupation group
        of the highest-rate employment (ties: lowest employment_id) and role chef if any of
        them has manager = 1.
        """
        name = f"stock_{day:%Y%m%d}_{year}"
        if name in self.built:
            return name
        when = sql_date(day)
        self.db.execute(
            f"""
            CREATE TEMP TABLE {name} AS
            WITH active AS (
                SELECT * FROM emp
                WHERE pay_form = 'M' AND start_date <= {when}
                  AND coalesce(end_date, {ONGOING}) >= {when}
            ), leave AS (
                SELECT person_id, least(100, sum(extent)) AS extent
                FROM src_absences
                WHERE type IN ('foraldraledig', 'tjanstledig')
                  AND start_date <= {when} AND end_date >= {when}
                GROUP BY person_id
            ), per_person AS (
                SELECT person_id, sum(rate) AS contracted,
                       first(occupation_group ORDER BY rate DESC, employment_id) AS person_group,
                       max(manager) AS any_manager
                FROM active GROUP BY person_id
            )
            SELECT a.employment_id, a.unit_id, a.person_id, a.rate, a.gender, a.birth_date,
                   a.form, a.occupation_group AS employment_group, a.role AS employment_role,
                   {age_group_sql(year, "a.birth_date")} AS age_group,
                   p.person_group AS occupation_group,
                   CASE WHEN p.any_manager = 1 THEN 'chef' ELSE 'medarbetare' END AS role,
                   p.contracted,
                   least(100, p.contracted) * (1 - coalesce(l.extent, 0) / 100) AS actual
            FROM active a
            JOIN per_person p USING (person_id)
            LEFT JOIN leave l USING (person_id)
            """
        )
        self.built.add(name)
        return name

    def placed_on(self, day: datetime.date, year: int) -> str:
        """Every active employment of any kind on ``day``, with person-level placement
        attributes (group of the highest rate, chef if any manager), for §3.3's turnover
        measures, which place persons "by all the person's active employments" on a date.
        """
        name = f"placed_{day:%Y%m%d}_{year}"
        if name in self.built:
            return name
        when = sql_date(day)
        self.db.execute(
            f"""
            CREATE TEMP TABLE {name} AS
            WITH active AS (
                SELECT * FROM emp
                WHERE start_date <= {when} AND coalesce(end_date, {ONGOING}) >= {when}
            ), per_person AS (
                SELECT person_id,
                       first(occupation_group ORDER BY coalesce(rate, 0) DESC, employment_id)
                           AS person_group,
                       max(manager) AS any_manager,
                       bool_or(form = 'tillsvidare') AS tillsvidare
                FROM active GROUP BY person_id
            )
            SELECT a.unit_id, a.person_id, a.gender,
                   {age_group_sql(year, "a.birth_date")} AS age_group,
                   p.person_group AS occupation_group,
                   CASE WHEN p.any_manager = 1 THEN 'chef' ELSE 'medarbetare' END AS role,
                   p.tillsvidare
            FROM active a JOIN per_person p USING (person_id)
            """
        )
        self.built.add(name)
        return name

    def leavers(self, year: int) -> str:
        """Persons whose last-ending employment ended in ``year`` and who have no employment
        of any kind active the day after (§3.3), placed by their last-ending employments
        (any employment ending on the latest end date).
        """
        name = f"leavers_{year}"
        if name in self.built:
            return name
        first, last = sql_date(datetime.date(year, 1, 1)), sql_date(datetime.date(year, 12, 31))
        self.db.execute(
            f"""
            CREATE TEMP TABLE {name} AS
            WITH latest AS (
                SELECT person_id, max(coalesce(end_date, {ONGOING})) AS last_end
                FROM src_employments GROUP BY person_id
            ), last_ending AS (
                SELECT e.* FROM emp e
                JOIN latest l ON l.person_id = e.person_id AND e.end_date = l.last_end
                WHERE l.last_end BETWEEN {first} AND {last}
                  AND NOT EXISTS (
                      SELECT 1 FROM src_employments x
                      WHERE x.person_id = e.person_id
                        AND x.start_date <= l.last_end + 1
                        AND coalesce(x.end_date, {ONGOING}) >= l.last_end + 1)
            ), per_person AS (
                SELECT person_id, max(end_date) AS end_date,
                       bool_or(end_reason = 'pension') AS retired,
                       bool_or(end_reason = 'egen_begaran' AND form = 'tillsvidare')
                           AS left_voluntarily,
                       first(occupation_group ORDER BY coalesce(rate, 0) DESC, employment_id)
                           AS person_group,
                       max(manager) AS any_manager
                FROM last_ending GROUP BY person_id
            )
            SELECT l.unit_id, l.person_id, l.gender, l.birth_date, p.end_date,
                   {age_group_sql(year, "l.birth_date")} AS age_group,
                   p.person_group AS occupation_group,
                   CASE WHEN p.any_manager = 1 THEN 'chef' ELSE 'medarbetare' END AS role,
                   p.retired, p.left_voluntarily,
                   date_diff('day', l.birth_date, p.end_date) / 365.25 AS exact_age
            FROM last_ending l JOIN per_person p USING (person_id)
            """
        )
        self.built.add(name)
        return name
