"""What the programme pages show, computed once per page (pages.md, "Programme overview").

Reads only: each goal's indicators with their judgement, latest value, target and split by
women and men; the goal's judgement and its actions counted by status; the budget claimed
against what was set aside; the current follow-up round and who has reported.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext

from attraktiv.actionplans.models import ActionStatus
from attraktiv.budget.services import budget_summary
from attraktiv.formatting import format_tkr
from attraktiv.measurements.models import Measurement
from attraktiv.programmes import services
from attraktiv.programmes.display import observed_text, stated, value_text
from attraktiv.programmes.models import Direction, Goal, GoalStatus, Indicator, Programme
from attraktiv.programmes.sparkline import sparkline_svg


@dataclass
class IndicatorRow:
    indicator: Indicator
    judgement: services.Judgement
    baseline: str
    latest: str
    latest_year: int | None
    target: str
    women: str
    men: str
    sparkline: str


@dataclass
class GoalBlock:
    goal: Goal
    proposed: services.Judgement
    status: GoalStatus
    override_reason: str
    indicators: list[IndicatorRow]
    actions_by_status: list[tuple[str, int]]
    action_count: int


def target_text(indicator: Indicator) -> str:
    targets = list(indicator.targets.all())
    if not targets:
        return "↑" if indicator.direction == Direction.UP else "↓"
    last = targets[-1]
    return f"{stated(indicator, last.value)} ({last.year})"


def indicator_row(indicator: Indicator, year: int) -> IndicatorRow:
    judgement = services.indicator_judgement(indicator, year)
    series = judgement.series or services.Series(())
    observation = judgement.observation
    baseline = (
        f"{stated(indicator, indicator.baseline_value)} ({indicator.baseline_date:%Y-%m})"
        if indicator.baseline_value is not None and indicator.baseline_date
        else (indicator.not_measured_note or "–")
    )
    women = split_latest(indicator, series.women, year)
    men = split_latest(indicator, series.men, year)
    return IndicatorRow(
        indicator=indicator,
        judgement=judgement,
        baseline=baseline,
        latest=value_text(indicator, observation.value) if observation else "–",
        latest_year=observation.year if observation else None,
        target=target_text(indicator),
        women=women,
        men=men,
        sparkline=sparkline_svg(
            [(o.year, o.value) for o in series.total if o.year <= year], indicator.name
        ),
    )


def split_latest(indicator: Indicator, observations, year: int) -> str:
    """Women's or men's latest value up to ``year`` ("" when not split by gender)."""
    if not indicator.gender_split:
        return ""
    return observed_text(indicator, services.rules.latest_observation(observations, year))


def goal_block(goal: Goal, year: int) -> GoalBlock:
    rows = [indicator_row(indicator, year) for indicator in goal.indicators.all()]
    proposed = services.goal_judgement(goal, year, [row.judgement for row in rows])
    shown, reason = services.goal_status(goal, proposed)
    counts = Counter(goal.actions.values_list("status", flat=True))
    by_status = [
        (str(label), counts[value]) for value, label in ActionStatus.choices if counts[value]
    ]
    return GoalBlock(goal, proposed, shown, reason, rows, by_status, sum(counts.values()))


def default_year(programme: Programme | None = None) -> int:
    """The year judged unless one is asked for, the one place that decides it: last year (the
    annual report's year), or the latest year the HR data have been computed for when that
    is earlier; for a programme, within its own period (a 2018–2020 programme is judged for
    2020, never for a later year its targets do not reach; one not begun yet for its
    baseline year)."""
    default = timezone.localdate().year - 1
    latest = Measurement.objects.aggregate(latest=Max("period"))["latest"]
    year = min(default, int(latest[:4])) if latest else default
    if programme is None:
        return year
    return max(programme.first_year - 1, min(year, programme.last_year))


def programme_blocks(programme: Programme, year: int) -> list[dict[str, Any]]:
    areas = programme.areas.prefetch_related("goals__indicators__targets")
    return [
        {"area": area, "goals": [goal_block(goal, year) for goal in area.goals.all()]}
        for area in areas
    ]


def summary_line(blocks: list[dict[str, Any]]) -> str:
    """``12 av 19 indikatorer på väg, 3 risk, 2 ej på väg, 2 ej mätta`` (pages.md)."""
    states = Counter(
        row.judgement.status
        for block in blocks
        for goal in block["goals"]
        for row in goal.indicators
    )
    total = sum(states.values())
    if not total:
        return _("The programme has no indicators")
    unmeasured = total - states[GoalStatus.ON_TRACK] - states[GoalStatus.RISK]
    unmeasured -= states[GoalStatus.OFF_TRACK]
    judged = ngettext(
        "%(on)s of %(total)s indicator on track", "%(on)s of %(total)s indicators on track", total
    ) % {"on": states[GoalStatus.ON_TRACK], "total": total}
    unjudged = npgettext("indicators", "%(none)s not judged", "%(none)s not judged", unmeasured) % {
        "none": unmeasured
    }
    return _("%(judged)s, %(risk)s at risk, %(off)s off track, %(unjudged)s") % {
        "judged": judged,
        "risk": states[GoalStatus.RISK],
        "off": states[GoalStatus.OFF_TRACK],
        "unjudged": unjudged,
    }


def budget_line(programme: Programme) -> str | None:
    """Claimed against set aside: ``26 900 Tkr ianspråktaget av 30 000 Tkr avsatt``."""
    summaries = [budget_summary(allocation) for allocation in programme.allocations.all()]
    if not summaries:
        return None
    claimed = sum((summary.total for summary in summaries), Decimal(0))
    set_aside = [summary.set_aside for summary in summaries]
    if any(amount is None for amount in set_aside):
        return _("%(claimed)s claimed; the amount set aside is not stated") % {
            "claimed": format_tkr(claimed)
        }
    return _("%(claimed)s claimed of %(set_aside)s set aside") % {
        "claimed": format_tkr(claimed),
        "set_aside": format_tkr(sum((amount for amount in set_aside if amount), Decimal(0))),
    }
