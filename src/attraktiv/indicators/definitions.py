"""The indicator definitions of hr-data.md §3, one readable unit each.

Every definition returns SQL for its *contributions*: rows placed in a unit (the unit where
hours or persons belong, before roll-up), with the breakdown dimensions, the person behind
the row, and the parts of the value. The engine (``engine.py``) rolls contributions up the
unit tree, groups them by the requested dimensions and turns the parts into values. A
contribution row has the columns

``unit_id, gender, age_group, occupation_group, role`` — where it is placed;
``person_key`` — the person (or respondent) behind it;
``tag`` — what the row stands for (an employment, a date …), so that distinct rows stay
distinct while a person placed in several units of one subtree counts once there;
``in_persons`` — whether the person belongs to the indicator's ``persons`` population;
``num``, ``den`` — the parts that are summed; ``x`` — the value a median is taken of.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable

from attraktiv.indicators.params import Params
from attraktiv.indicators.session import Session, sql_date


class Kind(enum.Enum):
    """How contributions become a value (hr-data.md §3, "Every value is returned with …")."""

    SHARE = "share"  # num / den × 100; numerator a, denominator b
    MEAN = "mean"  # num / den; numerator the sum, denominator the count
    COUNT = "count"  # headcount: numerator the value, denominator null
    SUM = "sum"  # fte: numerator the value, denominator null
    MEDIAN = "median"  # numerator null, denominator the count
    SURVEY_INDEX = "survey_index"  # mean of question indices; numerator null
    PAY_RATIO = "pay_ratio"  # women's median / men's median × 100
    WORKPLACES = "workplaces"  # §3.4, share of qualifying workplaces


class Disclosure(enum.Enum):
    """Which primary rule of §3.7 applies."""

    PERSONS = "persons"  # suppressed when persons ≤ min_persons
    RESPONDENTS = "respondents"  # suppressed when persons < min_respondents
    NEVER = "never"


Contributions = Callable[[Session, Params], str]


@dataclasses.dataclass(frozen=True)
class Definition:
    kpi: str
    kind: Kind
    disclosure: Disclosure
    contributions: Contributions
    persons_null: bool = False  # §3: persons is null for a few indicators
    questions: tuple[str, ...] = ()  # survey indicators: the questions they average


# ---- §3.1 sick leave -------------------------------------------------------------------


def sick_leave(numerator: str, denominator: str = "ordinary_hours") -> Contributions:
    def contributions(session: Session, params: Params) -> str:
        cells = session.sick_cells(params.year, params.relapse_days)
        return f"""
            SELECT unit_id, gender, age_group, occupation_group, role,
                   person_id AS person_key, employment_id AS tag,
                   ordinary_hours > 0 AS in_persons,
                   {numerator} AS num, {denominator} AS den, NULL::DOUBLE AS x
            FROM {cells}
        """

    return contributions


sick_leave_total = sick_leave("sick_hours")
sick_leave_total.__doc__ = """§3.1 `sick_leave_total` = sick hours / ordinary hours × 100, over
the period. Sick hours on a working day = the person's ordinary hours that day × extent / 100
of the `sjuk` period covering it. `persons`: persons with ordinary hours in the cell."""

sick_leave_day1_14 = sick_leave("sick_1_14")
sick_leave_day1_14.__doc__ = """§3.1 `sick_leave_day1_14` = sick hours on spell days 1–14 /
ordinary hours × 100 (korttidssjukfrånvaro)."""

sick_leave_day15_59 = sick_leave("sick_15_59")
sick_leave_day15_59.__doc__ = """§3.1 `sick_leave_day15_59` = sick hours on spell days 15–59 /
ordinary hours × 100."""

sick_leave_day60_plus = sick_leave("sick_60")
sick_leave_day60_plus.__doc__ = """§3.1 `sick_leave_day60_plus` = sick hours on spell days
≥ 60 / ordinary hours × 100. The three bands add up to `sick_leave_total`."""

sick_leave_long_share = sick_leave("sick_long", "sick_hours")
sick_leave_long_share.__doc__ = """§3.1 `sick_leave_long_share` = sick hours in spells of
length ≥ 60 days / all sick hours × 100 (the whole spell counts, including its first 59 days;
spells running past the period's end count with their full length as far as the data
reaches)."""


# ---- §3.2 full-time, §3.3 stock measures -----------------------------------------------


def stock_contributions(
    in_persons: str,
    num: str,
    den: str,
    x: str = "NULL::DOUBLE",
    where: str = "TRUE",
    per_employment: bool = False,
) -> Contributions:
    def contributions(session: Session, params: Params) -> str:
        stock = session.stock(params.reference_date, params.year)
        group, role, tag = (
            ("employment_group", "employment_role", "employment_id")
            if per_employment
            else ("occupation_group", "role", "'person'")
        )
        return f"""
            SELECT unit_id, gender, age_group, {group} AS occupation_group, {role} AS role,
                   person_id AS person_key, {tag} AS tag, {in_persons} AS in_persons,
                   {num} AS num, {den} AS den, {x} AS x
            FROM {stock} WHERE {where}
        """.replace("{reference_date}", sql_date(params.reference_date))

    return contributions


full_time_employed_share = stock_contributions(
    "TRUE", "CASE WHEN contracted >= 100 THEN 1 ELSE 0 END", "1"
)
full_time_employed_share.__doc__ = """§3.2 `full_time_employed_share` (heltidsanställda,
cf. Kolada N60074) = persons with contracted rate ≥ 100 / all such persons × 100, on the
reference date, monthly-paid only; contracted rate = sum of `rate` of the person's active
monthly-paid employments anywhere in the region."""

full_time_working_share = stock_contributions(
    "TRUE", "CASE WHEN actual >= 100 THEN 1 ELSE 0 END", "1", where="actual > 0"
)
full_time_working_share.__doc__ = """§3.2 `full_time_working_share` (heltidsarbetande, cf.
N60077) = persons with actual rate ≥ 100 / persons with actual rate > 0 × 100; actual rate =
min(100, contracted rate) × (1 − e/100), e = min(100, sum of the extents of the
`foraldraledig` and `tjanstledig` periods covering the reference date)."""

mean_actual_rate = stock_contributions("TRUE", "actual", "1", where="actual > 0")
mean_actual_rate.__doc__ = """§3.2 `mean_actual_rate` (cf. N60202) = mean actual rate over
persons with actual rate > 0."""

headcount = stock_contributions("TRUE", "1", "NULL::DOUBLE")
headcount.__doc__ = """§3.3 `headcount` = persons with an active monthly-paid employment on the
reference date (including persons on leave). Numerator the value, denominator null."""

fte = stock_contributions(
    "TRUE", "actual * rate / contracted / 100", "NULL::DOUBLE", per_employment=True
)
fte.__doc__ = """§3.3 `fte` = sum of the headcount's actual rates / 100; additive: each active
monthly-paid employment adds `actual rate × rate / contracted rate / 100` to its own unit,
group and role, so units' FTEs add up to the region's. `persons`: the persons with an
employment adding to the cell."""

mean_age = stock_contributions(
    "TRUE",
    "date_diff('day', birth_date, {reference_date}) / 365.25",
    "1",
)
mean_age.__doc__ = """§3.3 `mean_age` = mean exact age (§2: whole days since birth / 365.25) of
the headcount on the reference date."""


def median_salary(session: Session, params: Params) -> str:
    """§3.6 `median_salary` = the median of the latest `monthly_salary` on or before the
    reference date of each person in the `headcount` population who has one (numerator
    null, denominator and `persons` the count)."""
    stock = session.stock(params.reference_date, params.year)
    return f"""
        WITH latest AS (
            SELECT person_id, arg_max(monthly_salary, date) AS salary
            FROM src_salaries WHERE date <= {sql_date(params.reference_date)}
            GROUP BY person_id
        )
        SELECT s.unit_id, s.gender, s.age_group, s.occupation_group, s.role,
               s.person_id AS person_key, 'person' AS tag, TRUE AS in_persons,
               NULL::DOUBLE AS num, 1 AS den, l.salary AS x
        FROM {stock} s JOIN latest l USING (person_id)
    """


# ---- §3.3 exits and turnover -----------------------------------------------------------


def retirement_age_mean(session: Session, params: Params) -> str:
    """§3.3 `retirement_age_mean` = mean exact age at `end_date` of persons whose
    last-ending employment (any employment ending on the latest end date) ended in the
    period with `end_reason = pension`, and who have no employment of any kind active the
    day after. `persons`: the retirees. Placed by their last-ending employments."""
    leavers = session.leavers(params.year)
    return f"""
        SELECT unit_id, gender, age_group, occupation_group, role,
               person_id AS person_key, 'retiree' AS tag, TRUE AS in_persons,
               exact_age AS num, 1 AS den, NULL::DOUBLE AS x
        FROM {leavers} WHERE retired
    """


def turnover_kolada(session: Session, params: Params) -> str:
    """§3.3 `turnover_kolada` (cf. N60084) = persons with a `tillsvidare` employment on the
    reference date of Y−1 and no employment of any kind anywhere in the region on the
    reference date of Y (internal moves are not turnover) / the former × 100. Placed by
    their employments on the Y−1 date. `persons`: the denominator."""
    before = session.placed_on(params.previous_reference_date, params.year)
    after = session.placed_on(params.reference_date, params.year)
    return f"""
        SELECT b.unit_id, b.gender, b.age_group, b.occupation_group, b.role,
               b.person_id AS person_key, 'person' AS tag, TRUE AS in_persons,
               CASE WHEN b.person_id IN (SELECT person_id FROM {after}) THEN 0 ELSE 1 END
                   AS num,
               1 AS den, NULL::DOUBLE AS x
        FROM {before} b WHERE b.tillsvidare
    """


def new_hires_kolada(session: Session, params: Params) -> str:
    """§3.3 `new_hires_kolada` (cf. N60083) = persons with a `tillsvidare` employment on the
    reference date of Y and no employment of any kind on that of Y−1 / the `tillsvidare`
    persons of Y−1 × 100. The new hires are placed by their employments on the Y date, the
    denominator by theirs on the Y−1 date. `persons`: the denominator."""
    before = session.placed_on(params.previous_reference_date, params.year)
    after = session.placed_on(params.reference_date, params.year)
    return f"""
        SELECT a.unit_id, a.gender, a.age_group, a.occupation_group, a.role,
               a.person_id AS person_key, 'hire' AS tag, FALSE AS in_persons,
               1 AS num, 0 AS den, NULL::DOUBLE AS x
        FROM {after} a
        WHERE a.tillsvidare AND a.person_id NOT IN (SELECT person_id FROM {before})
        UNION ALL
        SELECT b.unit_id, b.gender, b.age_group, b.occupation_group, b.role,
               b.person_id, 'base', TRUE, 0, 1, NULL::DOUBLE
        FROM {before} b WHERE b.tillsvidare
    """


def turnover_voluntary(session: Session, params: Params) -> str:
    """§3.3 `turnover_voluntary` = persons whose last-ending employment was `tillsvidare`
    and ended in the period with `end_reason = egen_begaran`, and who had no employment of
    any kind the day after / mean of the `tillsvidare` headcounts on the reference dates of
    Y−1 and Y × 100. `persons`: the `tillsvidare` headcount on the Y−1 date."""
    leavers = session.leavers(params.year)
    before = session.stock(params.previous_reference_date, params.year)
    after = session.stock(params.reference_date, params.year)
    return f"""
        SELECT unit_id, gender, age_group, occupation_group, role,
               person_id AS person_key, 'leaver' AS tag, FALSE AS in_persons,
               1 AS num, 0 AS den, NULL::DOUBLE AS x
        FROM {leavers} WHERE left_voluntarily
        UNION ALL
        SELECT unit_id, gender, age_group, occupation_group, role,
               person_id, 'before', TRUE, 0, 0.5, NULL::DOUBLE
        FROM {before} WHERE form = 'tillsvidare'
        UNION ALL
        SELECT unit_id, gender, age_group, occupation_group, role,
               person_id, 'after', FALSE, 0, 0.5, NULL::DOUBLE
        FROM {after} WHERE form = 'tillsvidare'
    """


# ---- §3.5 staff survey -----------------------------------------------------------------


def survey_answers(agree: bool = False) -> Contributions:
    def contributions(session: Session, params: Params) -> str:
        value = "CASE WHEN answer >= 4 THEN 1 ELSE 0 END" if agree else "(answer - 1) * 25"
        return f"""
            SELECT unit_id, gender, NULL::VARCHAR AS age_group,
                   NULL::VARCHAR AS occupation_group,
                   CASE WHEN manager = 1 THEN 'chef' ELSE 'medarbetare' END AS role,
                   survey || '/' || respondent AS person_key,
                   survey || '/' || respondent || '/' || question AS tag,
                   TRUE AS in_persons, {value} AS num, 1 AS den,
                   NULL::DOUBLE AS x, question
            FROM src_surveys WHERE year = {params.year} AND answer IS NOT NULL
        """

    return contributions


survey_index = survey_answers()
survey_index.__doc__ = """§3.5: answer a → question index (a − 1) × 25; the question index
of a group = mean over the group's answers to that question (a respondent who skipped it
does not count for it). HME composites are the mean of their questions' indices, null
unless each of the questions has at least one answer in the group. `persons`: respondents
who answered at least one of the indicator's questions."""

survey_agree = survey_answers(agree=True)
survey_agree.__doc__ = """§3.5 `survey_agree_share:Q` = share of the answers to Q that are
4 or 5, × 100."""


# ---- §3.6 staffing, work environment -----------------------------------------------------


def staffing_share(num: str, den: str, both: tuple[str, str]) -> Contributions:
    def contributions(session: Session, params: Params) -> str:
        return f"""
            SELECT unit_id, NULL::VARCHAR AS gender, NULL::VARCHAR AS age_group,
                   NULL::VARCHAR AS occupation_group, NULL::VARCHAR AS role,
                   NULL::VARCHAR AS person_key, unit_id || '/' || month AS tag,
                   FALSE AS in_persons, {num} AS num, {den} AS den, NULL::DOUBLE AS x
            FROM src_staffing
            WHERE month LIKE '{params.year}-%'
              AND {both[0]} IS NOT NULL AND {both[1]} IS NOT NULL
        """

    return contributions


own_staff_hours_share = staffing_share(
    "own_hours", "own_hours + hired_hours", ("own_hours", "hired_hours")
)
own_staff_hours_share.__doc__ = """§3.6 `own_staff_hours_share` = own_hours / (own_hours +
hired_hours) × 100, over the months of the period; a month with an empty cell in either
column is left out."""

hired_cost_share = staffing_share("hired_cost", "own_cost", ("own_cost", "hired_cost"))
hired_cost_share.__doc__ = """§3.6 `hired_cost_share` = hired_cost / own_cost × 100 (SKR's
measure of bemanningsföretag); a month with an empty cell in either column is left out."""


def sam_compliance_share(session: Session, params: Params) -> str:
    """§3.6 `sam_compliance_share` = managers with compliant = 1 / managers followed up ×
    100, for `year = Y`. `persons`: the managers followed up."""
    return f"""
        SELECT unit_id, NULL::VARCHAR AS gender, NULL::VARCHAR AS age_group,
               NULL::VARCHAR AS occupation_group, NULL::VARCHAR AS role,
               manager_key AS person_key, unit_id AS tag, TRUE AS in_persons,
               compliant AS num, 1 AS den, NULL::DOUBLE AS x
        FROM src_sam WHERE year = {params.year}
    """


# ---- the registry ----------------------------------------------------------------------

HME_QUESTIONS = {
    "hme_motivation": ("HME1", "HME2", "HME3"),
    "hme_leadership": ("HME4", "HME5", "HME6"),
    "hme_governance": ("HME7", "HME8", "HME9"),
    "hme_total": tuple(f"HME{n}" for n in range(1, 10)),
}

PERSONS = Disclosure.PERSONS

DEFINITIONS: dict[str, Definition] = {
    definition.kpi: definition
    for definition in [
        Definition("sick_leave_total", Kind.SHARE, PERSONS, sick_leave_total),
        Definition("sick_leave_long_share", Kind.SHARE, PERSONS, sick_leave_long_share),
        Definition("sick_leave_day1_14", Kind.SHARE, PERSONS, sick_leave_day1_14),
        Definition("sick_leave_day15_59", Kind.SHARE, PERSONS, sick_leave_day15_59),
        Definition("sick_leave_day60_plus", Kind.SHARE, PERSONS, sick_leave_day60_plus),
        Definition("full_time_employed_share", Kind.SHARE, PERSONS, full_time_employed_share),
        Definition("full_time_working_share", Kind.SHARE, PERSONS, full_time_working_share),
        Definition("mean_actual_rate", Kind.MEAN, PERSONS, mean_actual_rate),
        Definition("retirement_age_mean", Kind.MEAN, PERSONS, retirement_age_mean),
        Definition("turnover_kolada", Kind.SHARE, PERSONS, turnover_kolada),
        Definition("new_hires_kolada", Kind.SHARE, PERSONS, new_hires_kolada),
        Definition("turnover_voluntary", Kind.SHARE, PERSONS, turnover_voluntary),
        Definition("headcount", Kind.COUNT, PERSONS, headcount),
        Definition("fte", Kind.SUM, PERSONS, fte),
        Definition("mean_age", Kind.MEAN, PERSONS, mean_age),
        Definition(
            "low_stable_workplaces_share",
            Kind.WORKPLACES,
            Disclosure.NEVER,
            sick_leave_total,
            persons_null=True,
        ),
        *(
            Definition(
                kpi, Kind.SURVEY_INDEX, Disclosure.RESPONDENTS, survey_index, questions=questions
            )
            for kpi, questions in HME_QUESTIONS.items()
        ),
        Definition(
            "own_staff_hours_share",
            Kind.SHARE,
            Disclosure.NEVER,
            own_staff_hours_share,
            persons_null=True,
        ),
        Definition(
            "hired_cost_share", Kind.SHARE, Disclosure.NEVER, hired_cost_share, persons_null=True
        ),
        Definition("sam_compliance_share", Kind.SHARE, PERSONS, sam_compliance_share),
        Definition("median_salary", Kind.MEDIAN, PERSONS, median_salary),
        Definition("pay_ratio_women_men", Kind.PAY_RATIO, PERSONS, median_salary),
    ]
}

SURVEY_INDEX_PREFIX = "survey_index:"
SURVEY_AGREE_PREFIX = "survey_agree_share:"


def definition_for(kpi: str) -> Definition:
    """The definition of a fixed indicator, or of a per-question survey indicator (§3.5)."""
    if kpi in DEFINITIONS:
        return DEFINITIONS[kpi]
    if kpi.startswith(SURVEY_INDEX_PREFIX):
        question = kpi.removeprefix(SURVEY_INDEX_PREFIX)
        return Definition(
            kpi, Kind.SURVEY_INDEX, Disclosure.RESPONDENTS, survey_index, questions=(question,)
        )
    if kpi.startswith(SURVEY_AGREE_PREFIX):
        question = kpi.removeprefix(SURVEY_AGREE_PREFIX)
        return Definition(
            kpi, Kind.SHARE, Disclosure.RESPONDENTS, survey_agree, questions=(question,)
        )
    raise KeyError(kpi)
