"""Day numbers and Swedish working days (hr-data.md §2) as numpy arrays, for the generator.

Days are ``int`` day numbers since 1970-01-01 (numpy ``datetime64[D]`` as integers)
everywhere in this package. The holidays are the engine's
(``attraktiv.indicators.swedish_calendar``), so generated hours follow the same calendar.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from attraktiv.indicators.swedish_calendar import non_working_weekdays

EPOCH = dt.date(1970, 1, 1)


def day(year: int, month: int, day_: int) -> int:
    """The day number of a date."""
    return (dt.date(year, month, day_) - EPOCH).days


def to_date(number: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(number))


def working_day_mask(first: int, last: int) -> np.ndarray:
    """Boolean array over the days ``first..last`` (inclusive): True on working days."""
    days = np.arange(first, last + 1)
    mask = ((days + 3) % 7) < 5  # 1970-01-01 was a Thursday: (n + 3) % 7 == 0 on Mondays
    for year in range(to_date(first).year, to_date(last).year + 1):
        for holiday in non_working_weekdays(year):
            n = (holiday - EPOCH).days
            if first <= n <= last:
                mask[n - first] = False
    return mask
