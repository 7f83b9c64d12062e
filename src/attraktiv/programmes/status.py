"""The status rules: how an indicator and a goal are judged for a year (issue 4, item 2).

Plain Python, no Django: the programme pages, the follow-up rounds and their locked
snapshots all judge through these two functions, and the rules page of the app quotes this
docstring's rules in Swedish.

**An indicator** is judged on its latest value in or before the year (its *observation*):
1. No value yet: *not measured yet*.
2. The latest value is suppressed by the disclosure rules (hr-data.md §3.7): *too little
   data*.
3. The latest value is ``STALE_AFTER_YEARS`` or more years older than the year: *stale*.
4. The *reference* is the baseline (nuläge) with its year; without a baseline, the first
   value measured.
5. **With targets**, the expected value for the observation's year is that year's target;
   between targets (or between the reference and the first target) it is interpolated in a
   straight line, and after the last target it is the last target. The *required* change
   is expected − reference and the *achieved* change is value − reference, both counted in
   the indicator's good direction.
   - achieved ≥ required: *on track*;
   - achieved ≥ required − margin: *at risk*, where the margin is half the required change
     (or, when the reference already meets the expected value, 5 % of the expected value);
   - otherwise: *off track*.
   Without a reference, only a year with its own target can be judged, with the 5 % margin.
6. **With a direction only**, the latest value is compared with the reference (which must be
   from an earlier year, else *too little data*): better by more than 1 % of the reference
   is *on track*, within ±1 % is *at risk* (unchanged), worse is *off track*.

**A goal** rolls up its judged indicators (on track, at risk, off track) and its actions:
1. All judged indicators on track: *on track*; more than a third off track: *off track*;
   otherwise *at risk*.
2. An action is overdue when its planned year has passed (before the judged year) and it is
   neither done nor cancelled, or when it is marked delayed. Any overdue action lowers *on
   track* to *at risk*.
3. With no judged indicator, the goal is judged on its actions that are due (planned year in
   or before the judged year): none overdue is *on track*, more than a third overdue is *off
   track*, otherwise *at risk*. With no action due either, the goal takes the most telling
   state of its indicators: *stale*, then *too little data*, then *not measured yet*.
An HR strategist may override a goal's judgement with a written reason.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

STALE_AFTER_YEARS = 2
UNCHANGED_SHARE = 0.01
MARGIN_SHARE_OF_TARGET = 0.05


class State(enum.StrEnum):
    """The judgements; the values are those of ``programmes.models.GoalStatus``."""

    ON_TRACK = "on_track"
    RISK = "risk"
    OFF_TRACK = "off_track"
    NOT_MEASURED = "not_measured"
    TOO_LITTLE_DATA = "too_little_data"
    STALE = "stale"


JUDGED = (State.ON_TRACK, State.RISK, State.OFF_TRACK)


@dataclass(frozen=True)
class Observation:
    """A value for a year; ``value`` is None when the disclosure rules hid it."""

    year: int
    value: float | None


@dataclass(frozen=True)
class Rule:
    """What an indicator is judged against: direction (+1 higher is better, −1 lower)."""

    direction: int
    baseline: float | None = None
    baseline_year: int | None = None
    targets: dict[int, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Reason:
    """Why a judgement came out as it did: a code and the figures behind it."""

    code: str
    values: Mapping[str, float | int | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Judgement:
    state: State
    reasons: tuple[Reason, ...]
    observation: Observation | None = None
    expected: float | None = None


def latest_observation(observations: Iterable[Observation], year: int) -> Observation | None:
    candidates = [obs for obs in observations if obs.year <= year]
    return max(candidates, key=lambda obs: obs.year) if candidates else None


def reference_point(rule: Rule, observations: Sequence[Observation]) -> tuple[int, float] | None:
    """Rule 4: the baseline, else the first value measured."""
    if rule.baseline is not None and rule.baseline_year is not None:
        return rule.baseline_year, rule.baseline
    measured = sorted((obs for obs in observations if obs.value is not None), key=lambda o: o.year)
    return (measured[0].year, measured[0].value) if measured else None  # type: ignore[return-value]


def expected_value(rule: Rule, year: int, reference: tuple[int, float] | None) -> float | None:
    """Rule 5: the target of the year, interpolated between anchors, or the last target."""
    if year in rule.targets:
        return rule.targets[year]
    later = sorted(target_year for target_year in rule.targets if target_year > year)
    if not later:
        return rule.targets[max(rule.targets)]
    anchors = [(y, v) for y, v in rule.targets.items() if y < year]
    if reference is not None and reference[0] <= year:
        anchors.append(reference)
    if not anchors:
        return None
    start_year, start_value = max(anchors, key=lambda anchor: anchor[0])
    end_year = later[0]
    end_value = rule.targets[end_year]
    if end_year == start_year:
        return end_value
    share = (year - start_year) / (end_year - start_year)
    return start_value + share * (end_value - start_value)


def judge_indicator(rule: Rule, observations: Sequence[Observation], year: int) -> Judgement:
    """Judge one indicator for ``year`` by the rules of this module's docstring."""
    latest = latest_observation(observations, year)
    if latest is None:
        return Judgement(State.NOT_MEASURED, (Reason("no_value"),))
    if latest.value is None:
        return Judgement(
            State.TOO_LITTLE_DATA, (Reason("suppressed", {"year": latest.year}),), latest
        )
    if year - latest.year >= STALE_AFTER_YEARS:
        return Judgement(State.STALE, (Reason("stale", {"year": latest.year}),), latest)
    reference = reference_point(rule, observations)
    if rule.targets:
        return judge_against_target(rule, latest, reference)
    return judge_direction(rule, latest, reference)


def judge_against_target(
    rule: Rule, latest: Observation, reference: tuple[int, float] | None
) -> Judgement:
    assert latest.value is not None
    value = latest.value
    usable_reference = reference if reference is not None and reference[0] < latest.year else None
    if usable_reference is None and latest.year not in rule.targets:
        return Judgement(State.TOO_LITTLE_DATA, (Reason("no_reference"),), latest)
    expected = expected_value(rule, latest.year, usable_reference)
    assert expected is not None
    figures: dict[str, float | int | None] = {
        "value": value,
        "expected": expected,
        "year": latest.year,
    }
    if usable_reference is None:
        required, achieved = 0.0, (value - expected) * rule.direction
    else:
        start = usable_reference[1]
        required = (expected - start) * rule.direction
        achieved = (value - start) * rule.direction
        figures["reference"] = start
    if achieved >= required - 1e-9:
        return Judgement(State.ON_TRACK, (Reason("meets_expected", figures),), latest, expected)
    margin = required / 2 if required > 0 else MARGIN_SHARE_OF_TARGET * abs(expected)
    state = State.RISK if achieved >= required - margin else State.OFF_TRACK
    return Judgement(state, (Reason("behind_expected", figures),), latest, expected)


def judge_direction(
    rule: Rule, latest: Observation, reference: tuple[int, float] | None
) -> Judgement:
    assert latest.value is not None
    if reference is None or reference[0] >= latest.year:
        return Judgement(State.TOO_LITTLE_DATA, (Reason("one_value_only"),), latest)
    start = reference[1]
    change = (latest.value - start) * rule.direction
    threshold = UNCHANGED_SHARE * abs(start)
    figures = {"value": latest.value, "reference": start, "year": latest.year}
    if change > threshold:
        return Judgement(State.ON_TRACK, (Reason("improved", figures),), latest)
    if change >= -threshold:
        return Judgement(State.RISK, (Reason("unchanged", figures),), latest)
    return Judgement(State.OFF_TRACK, (Reason("worsened", figures),), latest)


@dataclass(frozen=True)
class ActionState:
    """What the goal roll-up needs of an action."""

    planned_year: int
    done: bool
    cancelled: bool
    delayed: bool

    def due(self, year: int) -> bool:
        return not self.cancelled and self.planned_year <= year

    def overdue(self, year: int) -> bool:
        if self.done or self.cancelled:
            return False
        return self.delayed or self.planned_year < year


def share_rule(bad: int, total: int) -> State:
    """None bad: on track; more than a third bad: off track; otherwise at risk."""
    if bad == 0:
        return State.ON_TRACK
    return State.OFF_TRACK if 3 * bad > total else State.RISK


def judge_goal(
    indicator_states: Sequence[State], actions: Sequence[ActionState], year: int
) -> Judgement:
    """Roll a goal up from its indicators' judgements and its actions (docstring, "A goal")."""
    judged = [state for state in indicator_states if state in JUDGED]
    overdue = sum(action.overdue(year) for action in actions)
    due = sum(action.due(year) for action in actions)
    counts = {
        "on_track": judged.count(State.ON_TRACK),
        "risk": judged.count(State.RISK),
        "off_track": judged.count(State.OFF_TRACK),
        "overdue": overdue,
        "due": due,
    }
    if judged:
        if counts["on_track"] == len(judged):
            state = State.ON_TRACK
        else:
            state = State.OFF_TRACK if 3 * counts["off_track"] > len(judged) else State.RISK
        reasons = [Reason("indicators", counts)]
        if overdue and state == State.ON_TRACK:
            state = State.RISK
        if overdue:
            reasons.append(Reason("overdue_actions", counts))
        return Judgement(state, tuple(reasons))
    if due:
        return Judgement(share_rule(overdue, due), (Reason("actions_only", counts),))
    for state in (State.STALE, State.TOO_LITTLE_DATA):
        if state in indicator_states:
            return Judgement(state, (Reason("no_judged_indicator", counts),))
    return Judgement(State.NOT_MEASURED, (Reason("no_judged_indicator", counts),))
