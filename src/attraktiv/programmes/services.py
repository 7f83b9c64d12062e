"""Reading and changing programmes: indicator values, judgements, hand-entered values, overrides.

An indicator's values (utfall, domain.md) come from the stored measurements of its engine
indicator (hr-data.md §4: the region's or the indicator's unit's total, or the fixed
breakdown cell such as ``role = chef``) for computed and survey indicators, and from the
values entered by hand otherwise. The status rules of ``programmes.status`` judge them.
State changes are plain functions that check the acting user's capability.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from attraktiv.accounts.access import Capability, access_for
from attraktiv.actionplans.models import ActionStatus
from attraktiv.indicators import DIMENSIONS
from attraktiv.measurements.models import Measurement
from attraktiv.organisation.models import Unit
from attraktiv.programmes import status as rules
from attraktiv.programmes.display import reason_text, reference_lines_of
from attraktiv.programmes.models import (
    Direction,
    Gender,
    Goal,
    GoalStatus,
    Indicator,
    ManualValue,
    Programme,
    Source,
)


@dataclass(frozen=True)
class Series:
    """An indicator's values by year: the total and, where it is split, women and men."""

    total: tuple[rules.Observation, ...]
    women: tuple[rules.Observation, ...] = ()
    men: tuple[rules.Observation, ...] = ()


@dataclass(frozen=True)
class Judgement:
    """A judgement for the pages: the state as a ``GoalStatus`` and the reasons in words."""

    status: GoalStatus
    reasons: list[str]
    observation: rules.Observation | None = None
    expected: float | None = None
    series: Series | None = field(default=None, compare=False)


def engine_series(indicator: Indicator) -> Series:
    """Stored measurements (hr-data.md §4) of the indicator's engine id and breakdown cell,
    for its own unit or else the region (the tree's root, joined rather than looked up); split
    by women and men from the gender breakdown, or for a fixed cell such as ``role = chef``
    from that cell crossed with gender (``measurements.services.indicator_crossings``)."""
    unit = {"unit": indicator.unit_id} if indicator.unit_id else {"unit__parent__isnull": True}
    cell = {dimension: str(indicator.breakdown.get(dimension, "")) for dimension in DIMENSIONS}
    rows = Measurement.objects.filter(kpi=indicator.measurement_kpi, **unit)
    total = rows.filter(**cell).order_by("period")
    by_gender: dict[str, list[rules.Observation]] = {"K": [], "M": []}
    if indicator.gender_split and not cell["gender"]:
        others = {dimension: value for dimension, value in cell.items() if dimension != "gender"}
        for row in rows.filter(**others, gender__in=["K", "M"]).order_by("period"):
            by_gender[row.gender].append(observation_of(row))
    return Series(
        tuple(observation_of(row) for row in total),
        tuple(by_gender["K"]),
        tuple(by_gender["M"]),
    )


def observation_of(row: Measurement) -> rules.Observation:
    return rules.Observation(int(row.period[:4]), None if row.suppressed else row.value)


def manual_series(indicator: Indicator) -> Series:
    values: dict[str, list[rules.Observation]] = {"": [], "K": [], "M": []}
    for entry in indicator.manual_values.order_by("year"):
        values[entry.gender].append(rules.Observation(entry.year, float(entry.value)))
    return Series(tuple(values[""]), tuple(values["K"]), tuple(values["M"]))


def supply_plan_series(indicator: Indicator) -> Series:
    """The count of long-term shortage competences (supply-plan.md §3) of the region's plan
    for each base year it was computed for; a year without a run keeps a value entered by
    hand."""
    from attraktiv.supplyplan.services import long_term_shortage_counts

    values = {obs.year: obs for obs in manual_series(indicator).total}
    for year, count in long_term_shortage_counts().items():
        values[year] = rules.Observation(year, float(count))
    return Series(tuple(values[year] for year in sorted(values)))


def indicator_series(indicator: Indicator) -> Series:
    """The indicator's values: computed for engine and survey sources, from the competence
    supply plan for its shortage count, else entered by hand."""
    if indicator.engine_kpi:
        return engine_series(indicator)
    if indicator.source == Source.SUPPLY_PLAN:
        return supply_plan_series(indicator)
    return manual_series(indicator)


def rule_of(indicator: Indicator) -> rules.Rule:
    return rules.Rule(
        direction=1 if indicator.direction == Direction.UP else -1,
        baseline=None if indicator.baseline_value is None else float(indicator.baseline_value),
        baseline_year=indicator.baseline_date.year if indicator.baseline_date else None,
        targets={target.year: float(target.value) for target in indicator.targets.all()},
    )


def indicator_judgement(indicator: Indicator, year: int, series: Series | None = None) -> Judgement:
    """Judge the indicator for ``year`` (``programmes.status``, "An indicator")."""
    series = indicator_series(indicator) if series is None else series
    verdict = rules.judge_indicator(rule_of(indicator), series.total, year)
    reasons = [reason_text(indicator, reason) for reason in verdict.reasons]
    if verdict.state == rules.State.NOT_MEASURED and indicator.not_measured_note:
        reasons.append(indicator.not_measured_note)
    return Judgement(
        GoalStatus(verdict.state.value), reasons, verdict.observation, verdict.expected, series
    )


def action_states(goal: Goal) -> list[rules.ActionState]:
    return [
        rules.ActionState(
            planned_year=action.planned_year,
            done=action.status == ActionStatus.DONE,
            cancelled=action.status == ActionStatus.CANCELLED,
            delayed=action.status == ActionStatus.DELAYED,
        )
        for action in goal.actions.all()
    ]


def goal_judgement(
    goal: Goal, year: int, indicator_judgements: Sequence[Judgement] | None = None
) -> Judgement:
    """The goal's proposed judgement for ``year`` (``programmes.status``, "A goal").

    The override an HR strategist may set on the goal is not applied here: see
    ``goal_status``.
    """
    if indicator_judgements is None:
        indicator_judgements = [indicator_judgement(i, year) for i in goal.indicators.all()]
    states = [rules.State(judgement.status) for judgement in indicator_judgements]
    verdict = rules.judge_goal(states, action_states(goal), year)
    reasons = [reason_text(None, reason) for reason in verdict.reasons]
    return Judgement(GoalStatus(verdict.state.value), reasons)


def goal_status(goal: Goal, proposed: Judgement) -> tuple[GoalStatus, str]:
    """The status shown for a goal: the override with its reason, else the proposal."""
    if goal.status_override:
        return GoalStatus(goal.status_override), goal.override_reason
    return proposed.status, ""


def require(user, capability: Capability) -> None:
    """Programmes belong to the whole region: changing them takes the capability region-wide."""
    if not access_for(user).region_wide(capability):
        raise PermissionDenied


@transaction.atomic
def override_goal_status(user, goal: Goal, new_status: str, reason: str) -> Goal:
    """Set (or with an empty status, clear) a goal's judgement; an override needs a reason."""
    require(user, Capability.EDIT_PLANS)
    reason = reason.strip()
    if new_status and new_status not in GoalStatus.values:
        raise ValidationError({"status_override": _("Choose a status from the list.")})
    if new_status and not reason:
        raise ValidationError(
            {"override_reason": _("Write why the judgement differs from the rules.")}
        )
    goal.status_override = new_status
    goal.override_reason = reason if new_status else ""
    goal.save()
    update_change_reason(goal, reason or _("Override removed"))
    return goal


def parse_decimal(text: str, field_name: str) -> Decimal:
    """A Swedish or English decimal: ``3,6`` or ``3.6`` (spaces between thousands allowed)."""
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError({field_name: _("Write a number, for example 3,6.")}) from None
    if not value.is_finite():
        raise ValidationError({field_name: _("Write a number, for example 3,6.")})
    return value


@transaction.atomic
def enter_value(
    user, indicator: Indicator, year: int, value: Decimal, gender: str = Gender.ALL, comment=""
) -> ManualValue:
    """Enter (or correct) a value by hand for an indicator that is not computed."""
    require(user, Capability.EDIT_PLANS)
    if indicator.engine_kpi:
        raise ValidationError(
            {"value": _("This indicator is computed from the HR data; it cannot be entered.")}
        )
    programme = indicator.goal.area.programme
    if not programme.first_year - 10 <= year <= programme.last_year + 1:
        raise ValidationError({"year": _("The year lies outside the programme's period.")})
    if gender not in Gender.values:
        raise ValidationError({"gender": _("Choose all, women or men.")})
    if indicator.measure_unit in ("%", "index") and not 0 <= value <= 100:
        raise ValidationError({"value": _("A share or an index lies between 0 and 100.")})
    entry, _created = ManualValue.objects.update_or_create(
        indicator=indicator,
        year=year,
        gender=gender,
        defaults={"value": value, "comment": comment.strip(), "entered_by": user},
    )
    return entry


def reference_lines(kpi: str, unit: Unit) -> list[dict[str, object]]:
    """Targets and baselines of the programme indicators that ``kpi`` measures for ``unit``'s
    total, as labelled lines for the Nyckeltal chart (pages.md, "Indicator page": the target
    line and the baseline marked). Indicators of a fixed breakdown cell are left out."""
    region = unit.parent_id is None
    lines: dict[tuple[object, object], dict[str, object]] = {}
    for indicator in Indicator.objects.filter(source=Source.ENGINE, kpi=kpi, breakdown={}):
        if indicator.kpi_params:
            continue  # computed with other parameters than the chart's
        if indicator.unit_id == unit.pk or (region and indicator.unit_id is None):
            for line in reference_lines_of(indicator):
                lines[(line["label"], line["value"])] = line
    return list(lines.values())


class ProgrammeNotChosen(Exception):
    """No programme answers a command's or a report's choice: ``message`` (Swedish) says why
    and ``codes`` lists the stored programmes' codes to choose from."""

    def __init__(self, message: str, codes: list[str]) -> None:
        super().__init__(message)
        self.message = message
        self.codes = codes


def choose_programme(code: str = "") -> Programme:
    """The programme with ``code``, or without a code the only programme stored (the rule of
    ``attraktiv programme export`` and ``attraktiv report``: with several programmes and no
    code, the codes are listed and nothing is chosen)."""
    from attraktiv.programmes.models import Programme

    codes = list(Programme.objects.order_by("code").values_list("code", flat=True))
    if code:
        found = Programme.objects.filter(code=code).first()
        if found is None:
            raise ProgrammeNotChosen(
                f"Inget program har koden {code!r}; välj ett av: {', '.join(codes) or '–'}",
                codes,
            )
        return found
    if not codes:
        raise ProgrammeNotChosen("Inget program finns.", codes)
    if len(codes) > 1:
        raise ProgrammeNotChosen(f"Flera program finns; välj ett av: {', '.join(codes)}", codes)
    return Programme.objects.get(code=codes[0])
