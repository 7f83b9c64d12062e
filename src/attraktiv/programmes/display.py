"""How programme figures and judgements read on the pages (pages.md, "Tone").

Values take the indicator's unit the Swedish way (``64,61 år``, ``3,6 %``, ``85``); a status
is a word and a symbol ("På väg ✓", "Risk !", "Ej på väg ✕"), never a colour alone; a
judgement's reasons are sentences with the figures behind them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from attraktiv.formatting import MISSING, format_exact, format_number, with_unit
from attraktiv.indicators.catalogue import entry_for
from attraktiv.indicators.output import shown_dimension
from attraktiv.measurements.display import suppression_reason
from attraktiv.programmes.models import GoalStatus, MeasureUnit

if TYPE_CHECKING:
    from decimal import Decimal

    from attraktiv.programmes.models import Indicator
    from attraktiv.programmes.status import Observation, Reason

STATUS_SYMBOLS = {
    GoalStatus.ON_TRACK: "✓",
    GoalStatus.RISK: "!",
    GoalStatus.OFF_TRACK: "✕",
    GoalStatus.NOT_MEASURED: "",
    GoalStatus.TOO_LITTLE_DATA: "",
    GoalStatus.STALE: "",
}


def status_text(value: str) -> str:
    """``På väg ✓``: the word, then the symbol where the status has one."""
    state = GoalStatus(value)
    return f"{state.label} {STATUS_SYMBOLS[state]}".strip()


def value_text(indicator: Indicator | None, value: float | None) -> str:
    """A value in the indicator's unit and number of decimals."""
    if indicator is None:
        return format_number(value, 1)
    return unit_value_text(indicator.measure_unit, indicator.decimals, value)


def unit_value_text(measure_unit: str, decimals: int, value: float | None) -> str:
    """A value in a unit of measure (``MeasureUnit``) with ``decimals`` places: ``64,6 år``;
    an index or a count has no unit after it."""
    number = format_number(value, decimals)
    if measure_unit in (MeasureUnit.INDEX, MeasureUnit.COUNT):
        return number
    return with_unit(number, measure_unit)


def observed_text(indicator: Indicator, observation: Observation | None) -> str:
    """A value of a year as a table cell: the value, the reason when the disclosure rules hid
    it (hr-data.md §3.7: "färre än 11 personer", never an empty cell), "–" when none."""
    if observation is None:
        return MISSING
    if observation.value is None:
        return suppression_reason()
    return value_text(indicator, observation.value)


def followed_indicator(indicator: Indicator) -> dict[str, str] | None:
    """The engine indicator a programme indicator follows, in Swedish for the page: its name
    (hr-data.md §3, ``indicators.catalogue``) and the fixed cell (``Chefer``); the engine id
    stays for the analyst's "kod"."""
    if not indicator.engine_kpi:
        return None
    try:
        name = entry_for(indicator.engine_kpi).name_sv
    except KeyError:
        name = indicator.engine_kpi
    cell = ", ".join(
        shown_dimension(dimension, value) for dimension, value in indicator.breakdown.items()
    )
    return {"name": name, "cell": cell}


def not_split_text() -> str:
    """What an indicator that is not split by gender (a count of competences, a share of
    workplaces) says in the women's and men's columns."""
    return _("Not split by women and men")


def reason_text(indicator: Indicator | None, reason: Reason) -> str:
    """One reason of ``programmes.status`` as a sentence, with the figures formatted."""
    figures = reason.values
    shown = {
        key: value_text(indicator, figure) if key in {"value", "expected", "reference"} else figure
        for key, figure in figures.items()
    }
    texts = {
        "no_value": _("No value has been measured yet."),
        "suppressed": _("The value for %(year)s is hidden by the disclosure rules."),
        "stale": _("The latest value is from %(year)s."),
        "no_reference": _("One value and no baseline: the trend cannot be judged yet."),
        "one_value_only": _("One value and no earlier baseline: the trend cannot be judged yet."),
        "meets_expected": _("%(value)s in %(year)s meets the expected %(expected)s."),
        "behind_expected": _("%(value)s in %(year)s is behind the expected %(expected)s."),
        "improved": _("%(value)s in %(year)s is better than the baseline %(reference)s."),
        "unchanged": _("%(value)s in %(year)s is about the same as the baseline %(reference)s."),
        "worsened": _("%(value)s in %(year)s is worse than the baseline %(reference)s."),
        "indicators": _(
            "Indicators: %(on_track)s on track, %(risk)s at risk, %(off_track)s off track."
        ),
        "overdue_actions": _("%(overdue)s of the goal's actions are overdue."),
        "actions_only": _(
            "No indicator can be judged yet; judged on the actions: %(overdue)s of %(due)s due "
            "are overdue."
        ),
        "no_judged_indicator": _("No indicator can be judged yet, and no action is due."),
    }
    return texts[reason.code] % shown


def stated(indicator: Indicator, value: Decimal | None) -> str:
    """A baseline or target as the document states it: ``64,61 år``, ``77 %``, ``85``."""
    return stated_in(indicator.measure_unit, value)


def stated_in(measure_unit: str, value: Decimal | float | None) -> str:
    """A stated figure (baseline, target) in a unit of measure, with just its own decimals."""
    if value is None:
        return "–"
    number = format_exact(value)
    if measure_unit in (MeasureUnit.INDEX, MeasureUnit.COUNT):
        return number
    return with_unit(number, measure_unit)


def reference_lines_of(indicator: Indicator) -> list[dict[str, object]]:
    """The indicator's targets and baseline as labelled chart lines ("Mål 2027: 2,7 %")."""
    baseline = None
    if indicator.baseline_value is not None and indicator.baseline_date:
        baseline = (indicator.baseline_date.year, indicator.baseline_value)
    return reference_lines_from(
        indicator.measure_unit,
        [(target.year, target.value) for target in indicator.targets.all()],
        baseline,
    )


def reference_lines_from(
    measure_unit: str,
    targets: Iterable[tuple[int, Decimal | float]],
    baseline: tuple[int, Decimal | float] | None,
) -> list[dict[str, object]]:
    """Targets (year, value) and the baseline (year, value) as labelled chart lines: the
    targets first, then "Nuläge 2021: 64,61 år"."""
    lines: list[dict[str, object]] = [
        {"label": f"Mål {year}: {stated_in(measure_unit, value)}", "value": float(value)}
        for year, value in targets
    ]
    if baseline is not None:
        year, value = baseline
        lines.append(
            {"label": f"Nuläge {year}: {stated_in(measure_unit, value)}", "value": float(value)}
        )
    return lines


Points = Sequence[tuple[int, float | None]]


def chart_points(named: Iterable[tuple[str, Points]]) -> list[dict[str, Any]]:
    """The points of an indicator's chart (``core.charts.series_chart``): per named series
    ("Alla", "Kvinnor", "Män") its (year, value) pairs; a hidden value leaves a gap."""
    return [
        {"year": year, "series": name, "value": value}
        for name, observations in named
        for year, value in observations
    ]


def chart_options(
    measure_unit: str, decimals: int, lines: Sequence[dict[str, object]]
) -> dict[str, Any]:
    """``series_chart``'s options for an indicator: its unit as the axis title, its decimals,
    its target and baseline lines."""
    return {
        "unit_label": str(MeasureUnit(measure_unit).label),
        "value_format": f",.{decimals}f",
        "reference_lines": list(lines),
    }


def chart_description(
    name: str,
    measure_unit: str,
    decimals: int,
    total: Points,
    lines: Sequence[dict[str, object]],
) -> str:
    """The chart's text alternative: every year's value in words, then the target and
    baseline lines ("… per år: 2021: 64,6 år; 2022: dolt. Mål 2027: 67 år")."""
    described = "; ".join(
        f"{year}: {unit_value_text(measure_unit, decimals, value) if value is not None else 'dolt'}"
        for year, value in total
    )
    references = "; ".join(str(line["label"]) for line in lines)
    return f"{name} per år: {described}. {references}".strip()
