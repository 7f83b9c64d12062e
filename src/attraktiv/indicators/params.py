"""The parameters the definitions name (hr-data.md §2, §3.1, §3.4, §3.7)."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping


class ParameterError(ValueError):
    """An unknown parameter name or a value of the wrong type."""


@dataclasses.dataclass(frozen=True)
class Params:
    year: int
    reference_date: datetime.date  # §2: 30 November of the year unless given
    relapse_days: int = 5  # §3.1: chaining of sick periods (återinsjuknande)
    min_persons: int = 10  # §3.7: "högst tio" → suppressed
    min_respondents: int = 5  # §3.7: survey cells
    min_persons_workplace: int = 5  # §3.4
    low_threshold: float = 4.0  # §3.4, percent, strictly below

    @property
    def period_start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def period_end(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)

    @property
    def previous_reference_date(self) -> datetime.date:
        """§2: the same month and day one year earlier (28 February for 29 February)."""
        day = self.reference_date
        try:
            return day.replace(year=day.year - 1)
        except ValueError:
            return day.replace(year=day.year - 1, day=28)

    def for_year(self, year: int) -> Params:
        """The same parameters for another year, the reference date moved with it."""
        shift = year - self.year
        day = self.reference_date
        try:
            moved = day.replace(year=day.year + shift)
        except ValueError:
            moved = day.replace(year=day.year + shift, day=28)
        return dataclasses.replace(self, year=year, reference_date=moved)


TUNABLE = {
    "relapse_days": int,
    "min_persons": int,
    "min_respondents": int,
    "min_persons_workplace": int,
    "low_threshold": float,
}


def make_params(
    year: int,
    values: Mapping[str, str] | None = None,
    reference_date: datetime.date | None = None,
) -> Params:
    """Build the parameters from ``NAME=VALUE`` strings (the CLI's ``--param``)."""
    values = dict(values or {})
    if "reference_date" in values:
        reference_date = parse_date(values.pop("reference_date"))
    chosen: dict[str, int | float] = {}
    for name, text in values.items():
        if name not in TUNABLE:
            known = ", ".join(["reference_date", *TUNABLE])
            raise ParameterError(f"okänd parameter ”{name}”; kända: {known}")
        try:
            chosen[name] = TUNABLE[name](text.replace(",", "."))
        except ValueError as error:
            raise ParameterError(f"parametern {name}: ”{text}” är inget tal") from error
    return Params(
        year=year,
        reference_date=reference_date or datetime.date(year, 11, 30),
        **chosen,  # type: ignore[arg-type]
    )


def parse_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise ParameterError(f"”{text}” är inget datum (skriv ÅÅÅÅ-MM-DD)") from error


# Parameters that keep people from being identified (§3.7) may be raised, never lowered, for
# figures that are stored and shown.
DISCLOSURE = {"min_persons", "min_respondents"}


def variant_params(values: Mapping[str, object]) -> dict[str, str]:
    """Check a stored indicator's own parameters (a programme indicator's ``params``).

    Only tunable parameters (no reference date: it moves with each year), each a number,
    and disclosure thresholds never below their defaults. Returns them as ``NAME=VALUE``
    text in a fixed order.
    """
    if "reference_date" in values:
        raise ParameterError(
            "reference_date kan inte låsas för ett nyckeltal som följs över flera år"
        )
    defaults = Params(year=2000, reference_date=datetime.date(2000, 11, 30))
    checked = make_params(2000, {name: str(value) for name, value in values.items()})
    for name in DISCLOSURE:
        if getattr(checked, name) < getattr(defaults, name):
            raise ParameterError(
                f"parametern {name} får inte vara lägre än {getattr(defaults, name)} (§3.7)"
            )
    return {name: str(getattr(checked, name)) for name in sorted(values)}


def variant_key(kpi: str, values: Mapping[str, str]) -> str:
    """The id under which an indicator computed with its own parameters is stored:
    ``low_stable_workplaces_share?low_threshold=3.5``; the plain id without parameters."""
    if not values:
        return kpi
    return kpi + "?" + "&".join(f"{name}={values[name]}" for name in sorted(values))
