"""Swedish number formatting, as the region's reports write figures (DEVELOPERS.md)."""

import datetime
from decimal import Decimal

import pytest

from attraktiv.formatting import (
    format_date,
    format_number,
    format_percent,
    format_tkr,
    format_years,
)


def plain(text: str) -> str:
    """Show no-break spaces and the typographic minus as ordinary characters."""
    return text.replace("\u00a0", " ").replace("\u2212", "-")


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (26900, 0, "26 900"),
        (1234567.891, 2, "1 234 567,89"),
        (999, 0, "999"),
        (0, 1, "0,0"),
        (-1500.25, 1, "-1 500,3"),
        (2.675, 2, "2,68"),  # half rounds up, on the decimal value written
        (Decimal("0.005"), 2, "0,01"),
        (None, 0, "–"),
        (float("nan"), 1, "–"),
    ],
)
def test_numbers(value, decimals, expected):
    assert plain(format_number(value, decimals)) == expected


def test_units_as_in_the_seed_documents():
    assert plain(format_tkr(26900)) == "26 900 Tkr"
    assert plain(format_years(64.61)) == "64,61 år"
    assert plain(format_percent(7.3)) == "7,3 %"
    assert format_percent(None) == "–"
    assert format_date(datetime.date(2024, 11, 30)) == "2024-11-30"


def test_a_figure_never_breaks_across_lines():
    assert format_tkr(26900) == "26\u00a0900\u00a0Tkr"
    assert format_number(-5) == "\u22125"
