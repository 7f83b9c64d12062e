"""Scenarios of the competence supply plan: the TOML file of supply-plan.md §7 and the levers
of §4 applied to a group's estimates.

A scenario names overrides on the estimates: ``[defaults]`` for every group and
``[group."Name"]`` per group, a group's key replacing the same key of ``[defaults]`` whole.
``read_scenario`` checks a file completely and reports every problem as
``file:line: key: message``; ``scenario_toml`` writes a scenario back so that reading it
gives the same scenario.

``apply_scenario`` turns estimates and a scenario into the projection's inputs (§7: given
rates are used exactly as written, then the levers act on them):

- **given exit rates** replace q(a) at the ages they name. Their retirement part keeps the
  estimate's retirement share of q(a) at that age; where the estimate has no exits there,
  exits at ages ≥ 60 count as retirements and younger ones as other exits (§2).
- **retirement age** (``retirement_age_shift`` Δ): the retirement part of q(a) moves to
  older ages by Δ years. With ``ret`` linearly interpolated between single-year ages (0
  below age 0, the last age's value beyond ``max_age``) the shifted rate is
  ``ret'(a) = min(ret(a − s) for 0 ≤ s ≤ Δ)`` (``max`` for Δ < 0). Where the retirement rate
  rises with age — the usual case — this is exactly the shift ``ret(a − Δ)``, so a cohort's
  retirement ages move by Δ. Where it dips (sampling noise, or the peak at the pension age
  followed by lower rates), the minimum keeps a later retirement age from raising the exit
  rate at any age: a later retirement age never increases the gap (issue 5). Other exits
  are unchanged.
- **turnover** (``turnover_factor``): other exits times the factor.
- the exit rate is then ``q'(a) = min(1, other'(a) + ret'(a))``, retirements keeping their
  part when the sum would pass 1.
- **recruitment**: ``recruits`` replaces the estimated R, ``recruits_factor`` scales it;
  ``recruit_ages`` shares are spread evenly over each band's ages and normalised to sum to 1.
- **full-time** (``mean_rate``), **demand** (``demand_growth``, ``demand_steps``) and
  ``vacancies`` pass to the projection (§3).

Groups the scenario does not name are projected from their estimates with ``[defaults]``;
a group the scenario names but the data lacks starts from an empty stock (flag
``not_in_data``). A group with no history and no given rates gets rates 0 (flag
``no_rates``); given rates are flagged ``rates_given``.
"""

from __future__ import annotations

import dataclasses
import math
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from attraktiv.hrdata.issues import toml_problem
from attraktiv.supply.model import (
    MAX_AGE,
    RETIREMENT_AGE,
    GroupEstimate,
    GroupInput,
    GroupRates,
    GroupStock,
)

AgeBand = tuple[int, int]  # first and last single-year age, inclusive
MAX_RETIREMENT_AGE_SHIFT = 20.0  # years
MAX_HORIZON = 50  # years
YEARS = (1900, 2200)  # plausible base years and scenario years


@dataclass(frozen=True)
class Bounds:
    """The allowed values of one key (inclusive)."""

    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class GroupSettings:
    """supply-plan.md §7: the keys of ``[defaults]`` and of a ``[group."Name"]`` table, each
    optional (None: not given)."""

    exit_rate: dict[AgeBand, float] | None = None  # q(a), replaces the estimate
    recruits: float | None = None  # R per year, replaces the estimate
    recruits_factor: float | None = None  # scales R (lever)
    recruit_ages: dict[AgeBand, float] | None = None  # shares of the recruits by age
    mean_rate: dict[int, float] | None = None  # percent reached in a year (lever)
    demand_growth: float | None = None  # per year, fraction
    demand_steps: dict[int, float] | None = None  # FTE added to demand in a year
    vacancies: float | None = None  # unfilled FTE in the base year
    retirement_age_shift: float | None = None  # Δ years (lever)
    turnover_factor: float | None = None  # multiplies other exits (lever)

    def over(self, defaults: GroupSettings) -> GroupSettings:
        """These settings, each key not given here taken from ``defaults``."""
        return dataclasses.replace(
            defaults,
            **{
                key.name: getattr(self, key.name)
                for key in dataclasses.fields(self)
                if getattr(self, key.name) is not None
            },
        )


# Each key of GroupSettings: how its value is written ("ages": ages or age bands to numbers,
# "years": years after the base year to numbers, "number") and the numbers' bounds.
GROUP_KEYS: dict[str, tuple[str, Bounds]] = {
    "exit_rate": ("ages", Bounds(0.0, 1.0)),
    "recruits": ("number", Bounds(0.0)),
    "recruits_factor": ("number", Bounds(0.0)),
    "recruit_ages": ("ages", Bounds(0.0)),
    "mean_rate": ("years", Bounds(0.0, 100.0)),
    "demand_growth": ("number", Bounds(-1.0)),
    "demand_steps": ("years", Bounds()),
    "vacancies": ("number", Bounds(0.0)),
    "retirement_age_shift": ("number", Bounds(-MAX_RETIREMENT_AGE_SHIFT, MAX_RETIREMENT_AGE_SHIFT)),
    "turnover_factor": ("number", Bounds(0.0)),
}


@dataclass(frozen=True)
class Scenario:
    """supply-plan.md §7: a named set of overrides on the estimates of a base year."""

    name: str
    base_year: int
    horizon: int = 10
    shortage_threshold: float = 0.05
    defaults: GroupSettings = field(default_factory=GroupSettings)
    groups: dict[str, GroupSettings] = field(default_factory=dict)

    def settings(self, group: str) -> GroupSettings:
        """The settings that hold for ``group``: its own over ``[defaults]``."""
        return self.groups.get(group, GroupSettings()).over(self.defaults)


class ScenarioError(ValueError):
    """A scenario file that cannot be used; ``problems`` are ``file:line: key: message``."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


# --- reading -----------------------------------------------------------------------------

BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
KEY = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
DOTTED_KEY = rf"{KEY}(?:\s*\.\s*{KEY})*"
TABLE_LINE = re.compile(rf"^\s*\[\s*({DOTTED_KEY})\s*\]")
KEY_LINE = re.compile(rf"^\s*({DOTTED_KEY})\s*=")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # TOML strings escape these


def key_text(path: tuple[str, ...]) -> str:
    """A key path as TOML writes it: ``group."Sjuksköterska".mean_rate``."""
    return ".".join(part if BARE_KEY.fullmatch(part) else quoted(part) for part in path)


def quoted(text: str) -> str:
    """``text`` as a TOML basic string, control characters escaped."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + CONTROL.sub(lambda found: f"\\u{ord(found.group()):04X}", escaped) + '"'


def parsed_key(dotted: str) -> tuple[str, ...]:
    """The parts of a dotted TOML key, with quotes and escapes resolved by tomllib."""
    table: Any = tomllib.loads(f"{dotted} = 0")
    path: list[str] = []
    while isinstance(table, dict):
        (part, table), *_ = table.items()
        path.append(part)
    return tuple(path)


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """The line (1-based) of every table header and key assignment in ``text``."""
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        try:
            if header := TABLE_LINE.match(line):
                table = parsed_key(header.group(1))
                lines.setdefault(table, number)
            elif assignment := KEY_LINE.match(line):
                lines.setdefault(table + parsed_key(assignment.group(1)), number)
        except tomllib.TOMLDecodeError:
            continue  # not a key of ours: tomllib reports the file's syntax errors
    return lines


def shown(value: Any) -> str:
    """A TOML value in a message: numbers with a decimal comma, anything else as TOML writes
    it (``true``, ``"text"``) or, for a table, the word ``tabell``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, dict):
        return "en tabell"
    if isinstance(value, list):
        return "en lista"
    return str(value)


@dataclass
class Reader:
    """Collects the problems of one scenario file, each with its line."""

    source: str
    lines: dict[tuple[str, ...], int]
    problems: list[str] = field(default_factory=list)

    def problem(self, path: tuple[str, ...], message: str) -> None:
        """Records ``message`` about the key at ``path``, on the line of its nearest key."""
        line = next(
            (self.lines[path[:end]] for end in range(len(path), 0, -1) if path[:end] in self.lines),
            1,
        )
        self.problems.append(f"{self.source}:{line}: {key_text(path)}: {message}")

    def number(self, path: tuple[str, ...], value: Any, bounds: Bounds) -> float | None:
        """A finite number within ``bounds`` (integers become floats), or None."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(path, f"ska vara ett tal, inte {shown(value)}")
            return None
        if not math.isfinite(value):
            self.problem(path, f"ska vara ett ändligt tal, inte {shown(value)}")
            return None
        if bounds.minimum is not None and value < bounds.minimum:
            self.problem(path, f"{shown(value)} är mindre än minsta värdet {shown(bounds.minimum)}")
            return None
        if bounds.maximum is not None and value > bounds.maximum:
            self.problem(path, f"{shown(value)} är större än högsta värdet {shown(bounds.maximum)}")
            return None
        return float(value)

    def integer(self, path: tuple[str, ...], value: Any, low: int, high: int) -> int | None:
        """An integer from ``low`` to ``high``, or None."""
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            given = "saknas" if value is None else f"är {shown(value)}"
            self.problem(path, f"{given}; skriv ett heltal från {low} till {high}")
            return None
        return value

    def table(self, path: tuple[str, ...], value: Any) -> dict[str, Any] | None:
        """A TOML table, or None."""
        if not isinstance(value, dict):
            self.problem(path, f"ska vara en tabell, inte {shown(value)}")
            return None
        return value

    def age_band(self, path: tuple[str, ...], key: str) -> AgeBand | None:
        """``"18-54"`` or ``"67"``: an age band within 0…max_age, or None."""
        match = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", key)
        if not match:
            self.problem(path, 'ska vara en ålder ("67") eller ett åldersintervall ("18-54")')
            return None
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if not first <= last <= MAX_AGE:
            self.problem(path, f"åldrarna ska ligga från 0 till {MAX_AGE}, den första först")
            return None
        return first, last

    def by_age(
        self, path: tuple[str, ...], value: Any, bounds: Bounds
    ) -> dict[AgeBand, float] | None:
        """A table of ages or age bands that do not overlap, to numbers."""
        table = self.table(path, value)
        if table is None:
            return None
        result: dict[AgeBand, float] = {}
        for key, entry in table.items():
            band = self.age_band((*path, key), key)
            amount = self.number((*path, key), entry, bounds)
            if band is None or amount is None:
                continue
            if any(band[0] <= last and first <= band[1] for first, last in result):
                self.problem((*path, key), "överlappar ett annat åldersintervall")
                continue
            result[band] = amount
        return result

    def by_year(
        self, path: tuple[str, ...], value: Any, bounds: Bounds, base_year: int | None
    ) -> dict[int, float] | None:
        """A table of years after the base year to numbers."""
        table = self.table(path, value)
        if table is None:
            return None
        result: dict[int, float] = {}
        for key, entry in table.items():
            amount = self.number((*path, key), entry, bounds)
            if not re.fullmatch(r"\d{4}", key):
                self.problem((*path, key), "ska vara ett år (fyra siffror)")
            elif base_year is not None and int(key) <= base_year:
                self.problem((*path, key), f"året ska ligga efter basåret {base_year}")
            elif amount is not None:
                result[int(key)] = amount
        return dict(sorted(result.items()))

    def group_settings(
        self, path: tuple[str, ...], value: Any, base_year: int | None
    ) -> GroupSettings:
        """The keys of ``[defaults]`` or of one group's table."""
        table = self.table(path, value) or {}
        given: dict[str, Any] = {}
        for key, entry in table.items():
            if key not in GROUP_KEYS:
                self.problem((*path, key), f"okänd nyckel (kända: {', '.join(GROUP_KEYS)})")
                continue
            kind, bounds = GROUP_KEYS[key]
            if kind == "ages":
                given[key] = self.by_age((*path, key), entry, bounds)
            elif kind == "years":
                given[key] = self.by_year((*path, key), entry, bounds, base_year)
            else:
                given[key] = self.number((*path, key), entry, bounds)
        if given.get("recruit_ages") is not None and not sum(given["recruit_ages"].values()):
            self.problem((*path, "recruit_ages"), "andelarna summerar till 0")
        return GroupSettings(**given)


TOP_KEYS = ("name", "base_year", "horizon", "shortage_threshold", "defaults", "group")


def read_scenario(text: str, source_name: str) -> Scenario:
    """supply-plan.md §7: the scenario in TOML ``text`` read from ``source_name``.

    Raises ``ScenarioError`` listing every problem as ``file:line: key: message``.
    """
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, problem = toml_problem(error, text)
        raise ScenarioError([f"{source_name}:{line}: {problem}"]) from error
    reader = Reader(source_name, key_lines(text))
    for key in document:
        if key not in TOP_KEYS:
            reader.problem((key,), f"okänd nyckel (kända: {', '.join(TOP_KEYS)})")
    name = document.get("name")
    if not isinstance(name, str) or not name.strip():
        reader.problem(("name",), "scenariots namn saknas (skriv en text som inte är tom)")
    base_year = reader.integer(("base_year",), document.get("base_year"), *YEARS)
    horizon = reader.integer(("horizon",), document.get("horizon", 10), 1, MAX_HORIZON)
    threshold = reader.number(
        ("shortage_threshold",), document.get("shortage_threshold", 0.05), Bounds(0.0, 1.0)
    )
    defaults = reader.group_settings(("defaults",), document.get("defaults", {}), base_year)
    groups = {
        group: reader.group_settings(("group", group), settings, base_year)
        for group, settings in (reader.table(("group",), document.get("group", {})) or {}).items()
    }
    if reader.problems:
        raise ScenarioError(reader.problems)
    assert isinstance(name, str) and base_year is not None and horizon is not None
    assert threshold is not None
    return Scenario(name, base_year, horizon, threshold, defaults, groups)


# --- writing -----------------------------------------------------------------------------


def number_text(value: float) -> str:
    """A float as TOML writes it exactly (Python's repr is the shortest exact form)."""
    return repr(float(value))


def band_text(band: AgeBand) -> str:
    """``"67"`` or ``"18-54"``."""
    return quoted(str(band[0]) if band[0] == band[1] else f"{band[0]}-{band[1]}")


def settings_lines(settings: GroupSettings) -> list[str]:
    """The ``key = value`` lines of the keys ``settings`` gives."""
    lines = []
    for key, (kind, _) in GROUP_KEYS.items():
        value = getattr(settings, key)
        if value is None:
            continue
        if kind == "number":
            lines.append(f"{key} = {number_text(value)}")
            continue
        write_key: Callable[[Any], str] = band_text if kind == "ages" else str
        entries = ", ".join(f"{write_key(k)} = {number_text(v)}" for k, v in value.items())
        lines.append(f"{key} = {{ {entries} }}" if entries else f"{key} = {{}}")
    return lines


def scenario_toml(scenario: Scenario) -> str:
    """supply-plan.md §7: ``scenario`` as a TOML file; ``read_scenario`` reads it back equal."""
    lines = [
        f"name = {quoted(scenario.name)}",
        f"base_year = {scenario.base_year}",
        f"horizon = {scenario.horizon}",
        f"shortage_threshold = {number_text(scenario.shortage_threshold)}",
        "",
        "[defaults]",
        *settings_lines(scenario.defaults),
    ]
    for group, settings in scenario.groups.items():
        lines += ["", f"[group.{quoted(group)}]", *settings_lines(settings)]
    return "\n".join(lines) + "\n"


# --- applying ----------------------------------------------------------------------------


def band_ages(band: AgeBand) -> slice:
    """The positions of a band's ages in an array by age."""
    return slice(band[0], band[1] + 1)


def shifted_retirement(retirement_rate: np.ndarray, shift: float) -> np.ndarray:
    """§4 retirement age lever: ``min(ret(a − s) for 0 ≤ s ≤ shift)`` (``max`` for a negative
    shift), ``ret`` linear between single-year ages (see the module docstring).

    The minimum of a piecewise-linear function over an interval lies at an end or at a
    knot, so the integer offsets between 0 and ``shift`` and ``shift`` itself suffice.
    """
    age = np.arange(len(retirement_rate), dtype=np.float64)
    direction = 1 if shift > 0 else -1
    offsets = [*(direction * whole for whole in range(math.ceil(abs(shift)))), shift]
    values = [
        np.interp(age - offset, age, retirement_rate, left=0.0, right=retirement_rate[-1])
        for offset in offsets
    ]
    return np.min(values, axis=0) if shift > 0 else np.max(values, axis=0)


def given_exit_rates(
    estimate: GroupEstimate, given: Mapping[AgeBand, float]
) -> tuple[np.ndarray, np.ndarray]:
    """§7: the exit rate and its retirement part with the given ages' rates replacing the
    estimate's; a given rate's retirement share is the estimate's at that age (all of it at
    ages ≥ 60 where the estimate has no exits, none below)."""
    estimated_exit = estimate.rates.exit_rate
    age = np.arange(len(estimated_exit))
    retirement_share = np.divide(
        estimate.rates.retirement_rate,
        estimated_exit,
        out=(age >= RETIREMENT_AGE).astype(np.float64),
        where=estimated_exit > 0,
    )
    exit_rate = estimated_exit.copy()
    retirement_rate = estimate.rates.retirement_rate.copy()
    for band, rate in given.items():
        exit_rate[band_ages(band)] = rate
        retirement_rate[band_ages(band)] = rate * retirement_share[band_ages(band)]
    return exit_rate, retirement_rate


def spread(shares: Mapping[AgeBand, float], length: int) -> np.ndarray:
    """§7: recruit shares spread evenly over each band's ages, normalised to sum to 1."""
    by_age = np.zeros(length)
    for band, share in shares.items():
        by_age[band_ages(band)] += share / (band[1] - band[0] + 1)
    return by_age / by_age.sum()


def empty_estimate(group: str) -> GroupEstimate:
    """A group the scenario names but the data lacks: no stock, no history, rates 0."""
    zeros = np.zeros(MAX_AGE + 1)
    return GroupEstimate(
        stock=GroupStock(group, zeros, zeros, 0.0, 0),
        rates=GroupRates(zeros, zeros, 0.0, zeros, 0, 0, ("not_in_data", "no_history")),
    )


def group_input(estimate: GroupEstimate, settings: GroupSettings) -> GroupInput:
    """One group's projection inputs: estimates, given rates, then the levers (§4, §7)."""
    rates = estimate.rates
    given = (
        settings.exit_rate is not None
        or settings.recruits is not None
        or settings.recruit_ages is not None
    )
    flags = list(rates.flags)
    if given:
        flags.append("rates_given")
    elif "no_history" in rates.flags:
        flags.append("no_rates")
    length = len(rates.exit_rate)
    if "no_history" in rates.flags:
        zeros = np.zeros(length)
        rates = dataclasses.replace(
            rates, exit_rate=zeros, retirement_rate=zeros, recruits=0.0, recruit_ages=zeros
        )
        estimate = dataclasses.replace(estimate, rates=rates)
    exit_rate, retirement_rate = given_exit_rates(estimate, settings.exit_rate or {})
    turnover_factor = 1.0 if settings.turnover_factor is None else settings.turnover_factor
    other_exit_rate = (exit_rate - retirement_rate) * turnover_factor
    retirement_rate = np.minimum(
        shifted_retirement(retirement_rate, settings.retirement_age_shift or 0.0), 1.0
    )
    other_exit_rate = np.minimum(other_exit_rate, 1.0 - retirement_rate)
    recruits = rates.recruits if settings.recruits is None else settings.recruits
    if settings.recruits_factor is not None:
        recruits *= settings.recruits_factor
    recruit_ages = (
        rates.recruit_ages
        if settings.recruit_ages is None
        else spread(settings.recruit_ages, length)
    )
    if recruits > 0 and not recruit_ages.sum():
        flags.append("no_recruit_ages")
    return GroupInput(
        group=estimate.stock.group,
        stock=estimate.stock.headcount,
        fte=estimate.stock.fte,
        exit_rate=other_exit_rate + retirement_rate,
        retirement_rate=retirement_rate,
        recruits=recruits,
        recruit_ages=recruit_ages,
        mean_rate_targets=tuple(sorted((settings.mean_rate or {}).items())),
        demand_growth=settings.demand_growth or 0.0,
        demand_steps=tuple(sorted((settings.demand_steps or {}).items())),
        vacancies=settings.vacancies or 0.0,
        flags=tuple(flags),
    )


def apply_scenario(
    estimates: Mapping[str, GroupEstimate], scenario: Scenario
) -> dict[str, GroupInput]:
    """supply-plan.md §4, §7: every group's projection inputs under ``scenario``, the groups
    of the data first (in their order), then those only the scenario names."""
    names = [*estimates, *(group for group in scenario.groups if group not in estimates)]
    return {
        name: group_input(
            estimates[name] if name in estimates else empty_estimate(name),
            scenario.settings(name),
        )
        for name in names
    }
