"""Numbers as a Swedish HR report writes them: ``26 900 Tkr``, ``64,61 år``, ``7,3 %``.

Plain Python, no Django: the web pages, the PDF, Word and Excel reports and the CLI's
table output all format through these functions. Groups of thousands and the space before
a unit are no-break spaces (U+00A0), so a figure never breaks across lines; a negative
number takes the typographic minus sign (U+2212).
"""

from __future__ import annotations

import datetime
import math
from decimal import ROUND_HALF_UP, Decimal

NBSP = "\u00a0"
MINUS = "\u2212"
MISSING = "–"


def format_number(value: float | int | Decimal | None, decimals: int = 0) -> str:
    """Group thousands with a no-break space and use a decimal comma; half rounds up."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return MISSING
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = MINUS if rounded < 0 else ""
    whole, _dot, fraction = f"{abs(rounded):f}".partition(".")
    groups: list[str] = []
    while whole:
        whole, group = whole[:-3], whole[-3:]
        groups.insert(0, group)
    text = NBSP.join(groups)
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


def format_exact(value: float | Decimal | None) -> str:
    """A stated figure with just the decimals it has: ``64,61``, ``77``, ``2,7``."""
    if value is None:
        return MISSING
    exponent = Decimal(str(value)).normalize().as_tuple().exponent
    return format_number(value, max(0, -exponent) if isinstance(exponent, int) else 0)


def with_unit(number: str, unit: str) -> str:
    return number if number == MISSING else f"{number}{NBSP}{unit}"


def format_percent(value: float | Decimal | None, decimals: int = 1) -> str:
    """``7,3 %``."""
    return with_unit(format_number(value, decimals), "%")


def format_years(value: float | Decimal | None, decimals: int = 2) -> str:
    """``64,61 år``."""
    return with_unit(format_number(value, decimals), "år")


def format_tkr(value: float | int | Decimal | None) -> str:
    """An amount in thousands of kronor: ``26 900 Tkr``."""
    return with_unit(format_number(value, 0), "Tkr")


def format_person(user: object) -> str:
    """A user as pages and snapshots name them: the full name, else the username; "" for
    nobody (a change made by an import or the system)."""
    if user is None:
        return ""
    full_name = user.get_full_name()  # type: ignore[attr-defined]
    return full_name or user.get_username()  # type: ignore[attr-defined]


def format_date(value: datetime.date | None) -> str:
    """Dates are ISO 8601 in Swedish reports: ``2024-11-30``."""
    return MISSING if value is None else value.isoformat()
