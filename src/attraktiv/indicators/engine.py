"""The indicator engine: Arrow tables in, rows of hr-data.md §4 out.

``compute`` loads a data set into DuckDB (``session.Session``), asks each definition
(``definitions.py``) for its contributions, rolls them up the unit tree (every value for a
unit includes all units below it, §1), groups them by the requested breakdown, turns the
parts into values (§3) and applies disclosure control (§3.7), across the requested units
too: a unit requested with its children has them as a breakdown, with one more cell for the
persons placed directly on the unit (§3.7, v1.3, units), which is computed but not output.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

import pyarrow as pa

from attraktiv.indicators import disclosure
from attraktiv.indicators.definitions import (
    DEFINITIONS,
    HME_QUESTIONS,
    SURVEY_AGREE_PREFIX,
    SURVEY_INDEX_PREFIX,
    Definition,
    Disclosure,
    Kind,
    definition_for,
)
from attraktiv.indicators.params import Params, make_params
from attraktiv.indicators.session import Session

DIMENSIONS = ("gender", "age_group", "occupation_group", "role")
OUTPUT_COLUMNS = (
    "kpi",
    "period",
    "unit_id",
    *DIMENSIONS,
    "value",
    "numerator",
    "denominator",
    "persons",
    "suppressed",
)
# The rows of §4 as an Arrow table (for storing them in bulk).
ROW_SCHEMA = pa.schema(
    [
        ("kpi", pa.string()),
        ("period", pa.string()),
        ("unit_id", pa.string()),
        *((dimension, pa.string()) for dimension in DIMENSIONS),
        ("value", pa.float64()),
        ("numerator", pa.float64()),
        ("denominator", pa.float64()),
        ("persons", pa.int64()),
        ("suppressed", pa.bool_()),
    ]
)
assert tuple(ROW_SCHEMA.names) == OUTPUT_COLUMNS
KPI_IDS = tuple(DEFINITIONS)
HME_CODES = {question for questions in HME_QUESTIONS.values() for question in questions}

Row = dict[str, Any]


class EngineError(ValueError):
    """A request the engine cannot answer: unknown indicator, dimension or unit."""


class Engine:
    """A data set loaded once, for many computations (years, breakdowns, units).

    Use as a context manager; ``compute`` below is the one-shot form.
    """

    def __init__(self, dataset: Mapping[str, pa.Table]):
        self.session = Session(dataset)

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self.session.close()

    def compute(
        self,
        *,
        year: int,
        kpis: Sequence[str] | None = None,
        by: Sequence[str] = (),
        units: Sequence[str] | Literal["all"] | None = None,
        params: Mapping[str, str] | None = None,
        reference_date: datetime.date | None = None,
        progress: Callable[[float], None] | None = None,
        direct_cells: bool = False,
    ) -> list[Row]:
        """Compute indicators for ``year`` (hr-data.md §3) and return §4 rows.

        ``units``: None for the root, ``"all"`` for every unit, or unit ids. ``by``:
        breakdown dimensions; the rows are the total row plus one row per combination of
        the ``by`` dimensions present in the indicator's population.

        ``direct_cells``: also return, after the others, the rows of the persons placed
        directly on a requested unit with requested children (``"direct": True``), which
        disclosure counts (§3.7, v1.3, units) but no output shows; for checking it.
        """
        for dimension in by:
            if dimension not in DIMENSIONS:
                raise EngineError(f"okänd uppdelning ”{dimension}”; använd {', '.join(DIMENSIONS)}")
        if len(set(by)) != len(by):
            raise EngineError("samma uppdelning är angiven två gånger")
        parameters = make_params(year, params, reference_date)
        session = self.session
        requested = resolve_units(session, units)
        session.db.register(
            "requested_source", pa.table({"unit_id": pa.array(requested, pa.string())})
        )
        session.db.execute(
            "CREATE OR REPLACE TEMP TABLE requested AS SELECT * FROM requested_source"
        )
        unit_set = UnitSet(requested, requested_parents(session, requested), direct_cells)
        session.db.register(
            "requested_parents",
            pa.table({"unit_id": pa.array(unit_set.parent_ids, pa.string())}),
        )
        # Where a contribution placed in ``unit_id`` counts: in every requested ancestor
        # (the unit itself included), and once more in the direct cell of a requested unit
        # with requested children (§3.7, v1.3, units).
        session.db.execute(
            """
            CREATE OR REPLACE TEMP TABLE placement AS
            SELECT cl.unit_id, cl.ancestor_id, FALSE AS direct
            FROM closure cl JOIN requested r ON r.unit_id = cl.ancestor_id
            UNION ALL
            SELECT unit_id, unit_id, TRUE FROM requested_parents
            """
        )
        definitions = [definition_for_checked(kpi) for kpi in (kpis or all_kpis(session, year))]
        rows: list[Row] = []
        direct: list[Row] = []
        for done, definition in enumerate(definitions):
            shown, hidden = compute_one(session, definition, parameters, list(by), unit_set)
            rows += shown
            direct += hidden
            if progress:
                progress((done + 1) / len(definitions))
        return [*rows, *direct] if direct_cells else rows


def compute(dataset: Mapping[str, pa.Table], **request: Any) -> list[Row]:
    """One computation on a data set: ``Engine(dataset).compute(**request)``."""
    with Engine(dataset) as engine:
        return engine.compute(**request)


def definition_for_checked(kpi: str) -> Definition:
    try:
        return definition_for(kpi)
    except KeyError:
        raise EngineError(
            f"okänt nyckeltal ”{kpi}”; kända: {', '.join(KPI_IDS)}, "
            f"{SURVEY_INDEX_PREFIX}Q, {SURVEY_AGREE_PREFIX}Q"
        ) from None


def all_kpis(session: Session, year: int) -> list[str]:
    """Every fixed indicator, plus §3.5's two per-question indicators for each other
    question code answered in the year."""
    questions = [
        row["question"]
        for row in session.db.rows(
            f"SELECT DISTINCT question FROM src_surveys WHERE year = {int(year)} ORDER BY 1"
        )
        if row["question"] not in HME_CODES
    ]
    return [
        *KPI_IDS,
        *(f"{SURVEY_INDEX_PREFIX}{q}" for q in questions),
        *(f"{SURVEY_AGREE_PREFIX}{q}" for q in questions),
    ]


def resolve_units(session: Session, units: Sequence[str] | Literal["all"] | None) -> list[str]:
    known = session.all_units()
    if units is None:
        root = session.root_unit()
        return [root] if root is not None else []
    if units == "all":
        return known
    unknown = sorted(set(units) - set(known))
    if unknown:
        raise EngineError(f"okänd enhet: {', '.join(unknown)}")
    return list(units)


@dataclasses.dataclass(frozen=True)
class UnitSet:
    """The requested units (``ids``), and each requested unit's parent where that is
    requested too (``parents``): the units whose children are a breakdown of theirs."""

    ids: list[str]
    parents: dict[str, str]
    direct_cells: bool = False

    @property
    def parent_ids(self) -> list[str]:
        return sorted(set(self.parents.values()))


def requested_parents(session: Session, requested: Sequence[str]) -> dict[str, str]:
    """Child unit id → parent unit id, for the requested units whose parent is requested
    too: the units whose children are a breakdown of theirs (§3.7, v1.3, units)."""
    wanted = set(requested)
    return {
        child: parent
        for child, parent in session.unit_parents().items()
        if child in wanted and parent in wanted
    }


# ---- aggregation -----------------------------------------------------------------------


def grouping_sql(by: list[str], extra: Sequence[str] = ()) -> tuple[str, str]:
    """The GROUP BY clause (total + the full combination of ``by``, per unit and per direct
    cell) and GROUPING columns."""
    keys = ["unit_id", "direct", *extra]
    if not by:
        return f"GROUP BY {', '.join(keys)}", ""
    sets = f"({', '.join(keys)}), ({', '.join([*keys, *by])})"
    flags = "".join(f", GROUPING({d}) AS g_{d}" for d in by)
    return f"GROUP BY GROUPING SETS ({sets})", flags


def breakdown_filter(by: list[str]) -> str:
    """Drop breakdown rows whose dimension value is missing: such persons count only in
    the total (§3, "persons with a missing value count only in the total")."""
    conditions = [f"NOT (g_{d} = 0 AND {d} IS NULL)" for d in by]
    return " AND ".join(conditions) if conditions else "TRUE"


def placed_sql(contributions: str, columns: str, questions: Sequence[str] = ()) -> str:
    """Contributions rolled up: each row repeated for every requested ancestor of its unit,
    with a person placed in several units of one subtree counted there once (``direct``
    false); and the rows placed on a requested unit with requested children itself
    (``direct`` true), its cell "direkt under enheten" (§3.7, v1.3, units)."""
    where = ""
    if questions:
        where = f"WHERE c.question IN ({sql_list(questions)})"
    return f"""
        SELECT DISTINCT pl.ancestor_id AS unit_id, pl.direct, {columns}
        FROM ({contributions}) c
        JOIN placement pl ON pl.unit_id = c.unit_id
        {where}
    """


def rolled_up(per_unit: str) -> str:
    """Rows of ``per_unit`` repeated for every requested ancestor of their unit (no DISTINCT:
    for sums that cannot reach one unit twice), and those of a requested unit with
    requested children once more as its direct cell (see ``placed_sql``)."""
    return f"""
        SELECT pl.ancestor_id AS unit_id, pl.direct, p.* EXCLUDE (unit_id)
        FROM {per_unit} p
        JOIN placement pl ON pl.unit_id = p.unit_id
    """


def sql_list(values: Sequence[str]) -> str:
    return ", ".join("'" + value.replace("'", "''") + "'" for value in values)


CELL_COLUMNS = (
    "c.gender, c.age_group, c.occupation_group, c.role, c.person_key, c.tag, "
    "c.in_persons, CAST(c.num AS DOUBLE) AS num, CAST(c.den AS DOUBLE) AS den, "
    "CAST(c.x AS DOUBLE) AS x"
)


def aggregate(session: Session, contributions: str, by: list[str], questions=()) -> list[Row]:
    group_by, flags = grouping_sql(by)
    dims = "".join(f", {d}" for d in by)
    return session.db.rows(
        f"""
        WITH placed AS ({placed_sql(contributions, CELL_COLUMNS, questions)})
        SELECT * FROM (
            SELECT unit_id, direct{dims}{flags},
                   sum(num) AS num, sum(den) AS den,
                   count(DISTINCT CASE WHEN in_persons THEN person_key END) AS persons,
                   median(x) AS median_x, count(x) AS count_x
            FROM placed {group_by}
        ) WHERE {breakdown_filter(by)}
        """
    )


def cell_key(row: Row, by: list[str]) -> tuple[Any, ...]:
    """(unit, direct cell or not, dimension values) with None for the total row's
    dimensions."""
    is_total = all(row.get(f"g_{d}", 1) == 1 for d in by) if by else True
    return (row["unit_id"], row["direct"], *(None if is_total else row[d] for d in by))


def compute_one(
    session: Session,
    definition: Definition,
    params: Params,
    by: list[str],
    units: UnitSet,
) -> tuple[list[Row], list[Row]]:
    """The §4 rows of one indicator for ``units``, and the rows of their direct cells."""
    contributions = definition.contributions(session, params)
    if definition.kind is Kind.SURVEY_INDEX:
        cells = survey_cells(session, contributions, by, definition.questions)
    elif definition.kind is Kind.PAY_RATIO:
        cells = pay_ratio_cells(session, contributions, by)
    elif definition.kind is Kind.WORKPLACES:
        cells = workplace_cells(session, params)
    else:
        cells = {
            cell_key(row, by): values_of(definition.kind, row)
            for row in aggregate(session, contributions, by, definition.questions)
        }
    effective_by = [] if definition.kind is Kind.WORKPLACES else by
    return finish(definition, params, effective_by, units, cells)


def values_of(kind: Kind, row: Row) -> dict[str, Any]:
    """§3: the value and its numerator/denominator from the summed parts."""
    num, den, persons = row["num"], row["den"], row["persons"]
    if kind is Kind.SHARE:
        value = num / den * 100 if den else None
        return {"value": value, "numerator": num, "denominator": den, "persons": persons}
    if kind is Kind.MEAN:
        value = num / den if den else None
        return {"value": value, "numerator": num, "denominator": den, "persons": persons}
    if kind in (Kind.COUNT, Kind.SUM):
        return {"value": num, "numerator": num, "denominator": None, "persons": persons}
    if kind is Kind.MEDIAN:
        return {
            "value": row["median_x"],
            "numerator": None,
            "denominator": row["count_x"],
            "persons": row["count_x"],
        }
    raise AssertionError(kind)


def survey_cells(
    session: Session, contributions: str, by: list[str], questions: Sequence[str]
) -> dict[tuple[Any, ...], dict[str, Any]]:
    """§3.5: question index per group, composite = mean of the question indices, null
    unless each question has an answer in the group; denominator = number of answers.

    The answers are summed per unit first and the sums rolled up, which is exact: an answer
    belongs to one unit, and all rows of one respondent in one survey name the same unit,
    gender and role (§1, surveys), so respondents counted per unit add up over a subtree.
    """
    group_by, flags = grouping_sql(by, extra=["question"])
    dims = "".join(f", {d}" for d in by)
    answers = f"SELECT * FROM ({contributions}) c WHERE c.question IN ({sql_list(questions)})"
    per_question = session.db.rows(
        f"""
        WITH per_unit AS (
            SELECT unit_id, question, gender, age_group, occupation_group, role,
                   sum(num) AS num, count(*) AS answers
            FROM ({answers}) GROUP BY ALL
        ), placed AS ({rolled_up("per_unit")})
        SELECT * FROM (
            SELECT unit_id, direct, question{dims}{flags},
                   CAST(sum(num) AS DOUBLE) / sum(answers) AS question_index,
                   CAST(sum(answers) AS BIGINT) AS answers
            FROM placed {group_by}
        ) WHERE {breakdown_filter(by)}
        """
    )
    person_group_by, person_flags = grouping_sql(by)
    respondents = session.db.rows(
        f"""
        WITH per_unit AS (
            SELECT unit_id, gender, age_group, occupation_group, role,
                   count(DISTINCT person_key) AS persons
            FROM ({answers}) GROUP BY ALL
        ), placed AS ({rolled_up("per_unit")})
        SELECT * FROM (
            SELECT unit_id, direct{dims}{person_flags}, CAST(sum(persons) AS BIGINT) AS persons
            FROM placed {person_group_by}
        ) WHERE {breakdown_filter(by)}
        """
    )
    indices: dict[tuple[Any, ...], list[tuple[float, int]]] = {}
    for row in per_question:
        indices.setdefault(cell_key(row, by), []).append((row["question_index"], row["answers"]))
    cells = {}
    for row in respondents:
        key = cell_key(row, by)
        answered = indices.get(key, [])
        complete = len(answered) == len(questions)
        cells[key] = {
            "value": sum(i for i, _n in answered) / len(answered) if complete else None,
            "numerator": None,
            "denominator": sum(n for _i, n in answered),
            "persons": row["persons"],
        }
    return cells


def pay_ratio_cells(
    session: Session, contributions: str, by: list[str]
) -> dict[tuple[Any, ...], dict[str, Any]]:
    """§3.6 `pay_ratio_women_men` = women's median / men's median × 100 (numerator the
    women's median, denominator the men's, persons both together); no gender breakdown."""
    if "gender" in by:
        by = []
    group_by, flags = grouping_sql(by, extra=["gender"])
    dims = "".join(f", {d}" for d in by)
    rows = session.db.rows(
        f"""
        WITH placed AS ({placed_sql(contributions, CELL_COLUMNS)})
        SELECT * FROM (
            SELECT unit_id, direct, gender{dims}{flags}, median(x) AS median_x, count(x) AS count_x
            FROM placed {group_by}
        ) WHERE {breakdown_filter(by)}
        """
    )
    by_gender: dict[tuple[Any, ...], dict[str, tuple[float, int]]] = {}
    for row in rows:
        by_gender.setdefault(cell_key(row, by), {})[row["gender"]] = (
            row["median_x"],
            row["count_x"],
        )
    cells = {}
    for key, medians in by_gender.items():
        women, n_women = medians.get("K", (None, 0))
        men, n_men = medians.get("M", (None, 0))
        cells[key] = {
            "value": women / men * 100 if women is not None and men else None,
            "numerator": women,
            "denominator": men,
            "persons": n_women + n_men,
            "_counts": (n_women, n_men),
        }
    return cells


def workplace_cells(session: Session, params: Params) -> dict[tuple[Any, ...], dict[str, Any]]:
    """§3.4: a workplace qualifies in year Y when it had ≥ min_persons_workplace persons
    with ordinary hours in each of Y−2, Y−1, Y; `low_stable_workplaces_share` = qualifying
    workplaces whose sick_leave_total was strictly below low_threshold in each of those
    years / qualifying workplaces × 100."""
    years = []
    for year in (params.year - 2, params.year - 1, params.year):
        cells = session.sick_cells(year, params.relapse_days)
        years.append(
            f"""SELECT unit_id, {year} AS year,
                       count(DISTINCT CASE WHEN ordinary_hours > 0 THEN person_id END) AS persons,
                       sum(sick_hours) AS sick, sum(ordinary_hours) AS ordinary
                FROM {cells} WHERE unit_id IN {session.workplaces()} GROUP BY unit_id"""
        )
    rows = session.db.rows(
        f"""
        WITH yearly AS ({" UNION ALL ".join(years)}),
        workplace AS (
            SELECT unit_id,
                   count(*) FILTER (WHERE persons >= {params.min_persons_workplace}) AS years_ok,
                   count(*) FILTER (WHERE ordinary > 0
                                    AND sick / ordinary * 100 < {params.low_threshold})
                       AS years_low
            FROM yearly GROUP BY unit_id
        )
        SELECT cl.ancestor_id AS unit_id,
               count(*) FILTER (WHERE years_ok = 3) AS den,
               count(*) FILTER (WHERE years_ok = 3 AND years_low = 3) AS num
        FROM workplace w
        JOIN closure cl ON cl.unit_id = w.unit_id
        JOIN requested r ON r.unit_id = cl.ancestor_id
        GROUP BY cl.ancestor_id
        """
    )
    return {
        (row["unit_id"], False): {
            "value": row["num"] / row["den"] * 100 if row["den"] else None,
            "numerator": row["num"],
            "denominator": row["den"],
            "persons": None,
        }
        for row in rows
    }


# ---- rows, totals and disclosure -------------------------------------------------------


def empty_total(definition: Definition) -> dict[str, Any]:
    """§3: a cell with no population has value null, persons 0, numerator and denominator
    0 where they are counts or sums (else null), and is not suppressed."""
    kind = definition.kind
    counts = kind in (Kind.SHARE, Kind.MEAN, Kind.WORKPLACES)
    return {
        "value": None,
        "numerator": 0 if counts or kind in (Kind.COUNT, Kind.SUM) else None,
        "denominator": 0 if counts or kind in (Kind.MEDIAN, Kind.SURVEY_INDEX) else None,
        "persons": None if definition.persons_null else 0,
    }


def primary(definition: Definition, params: Params, cell: dict[str, Any]) -> bool:
    if definition.disclosure is Disclosure.NEVER:
        return False
    if definition.kind is Kind.PAY_RATIO and "_counts" in cell:
        n_women, n_men = cell["_counts"]
        if n_women + n_men == 0:
            return False
        return n_women <= params.min_persons or n_men <= params.min_persons
    if definition.disclosure is Disclosure.RESPONDENTS:
        return disclosure.primary_suppressed(cell["persons"], params.min_respondents, False)
    return disclosure.primary_suppressed(cell["persons"], params.min_persons, True)


def finish(
    definition: Definition,
    params: Params,
    by: list[str],
    units: UnitSet,
    cells: dict[tuple[Any, ...], dict[str, Any]],
) -> tuple[list[Row], list[Row]]:
    """The §4 rows of ``units`` from the computed ``cells``, disclosure-controlled (§3.7)
    within each unit and across units (``disclosure.secondary_suppression_across_units``,
    counting the direct cells of the parents); and the direct cells' rows, if asked for."""
    by_unit: dict[tuple[str, bool], list[tuple[tuple[Any, ...], dict[str, Any]]]] = {}
    for key, values in cells.items():
        by_unit.setdefault((key[0], key[1]), []).append((key[2:], values))
    rows: list[Row] = []
    for unit_id in units.ids:
        rows += unit_rows(definition, params, by, unit_id, by_unit.get((unit_id, False), []))
    direct_rows = [
        {**row, disclosure.DIRECT: True}
        for unit_id in units.parent_ids
        if (unit_id, True) in by_unit
        for row in unit_rows(definition, params, by, unit_id, by_unit[(unit_id, True)])
    ]
    if definition.disclosure is not Disclosure.NEVER:
        disclosure.secondary_suppression_across_units([*rows, *direct_rows], by, units.parents)
    for row in [*rows, *direct_rows]:
        disclosure.blank_suppressed(row)
        row.pop("_zero_denominator", None)
    return rows, direct_rows if units.direct_cells else []


def unit_rows(
    definition: Definition,
    params: Params,
    by: list[str],
    unit_id: str,
    entries: list[tuple[tuple[Any, ...], dict[str, Any]]],
) -> list[Row]:
    """One unit's total row (always there, §3) and its breakdown cells in label order, with
    the primary rule applied."""
    total_values = next((v for k, v in entries if all(x is None for x in k)), None)
    rows = [make_row(definition, params, unit_id, {}, total_values)]
    breakdown = sorted((k, v) for k, v in entries if not all(x is None for x in k)) if by else []
    for key, values in breakdown:
        rows.append(make_row(definition, params, unit_id, dict(zip(by, key, strict=True)), values))
    return rows


def make_row(
    definition: Definition,
    params: Params,
    unit_id: str,
    dimensions: dict[str, Any],
    values: dict[str, Any] | None,
) -> Row:
    cell = values if values is not None else empty_total(definition)
    row: Row = {
        "kpi": definition.kpi,
        "period": str(params.year),
        "unit_id": unit_id,
        **{d: dimensions.get(d) for d in DIMENSIONS},
        "value": cell["value"],
        "numerator": cell["numerator"],
        "denominator": cell["denominator"],
        "persons": None if definition.persons_null else cell["persons"],
        "suppressed": values is not None and primary(definition, params, cell),
        # §3: a zero denominator with a population (value null); the secondary rule
        # chooses it last.
        "_zero_denominator": bool(cell["persons"]) and cell["denominator"] == 0,
    }
    return row
