"""Working days in Sweden (hr-data.md §2, "Working day").

A working day is Monday–Friday that is not an allmän helgdag (lag 1989:253 om allmänna
helgdagar) and not midsommarafton, julafton or nyårsafton.
"""

from __future__ import annotations

import datetime

import numpy as np
import pyarrow as pa


def easter_sunday(year: int) -> datetime.date:
    """Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    lw = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * lw) // 451
    month, day = divmod(h + lw - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def first_weekday_on_or_after(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def non_working_weekdays(year: int) -> set[datetime.date]:
    """The holidays and eves of ``year`` that are not working days (weekends aside)."""
    easter = easter_sunday(year)
    midsommardagen = first_weekday_on_or_after(datetime.date(year, 6, 20), 5)  # Saturday
    alla_helgons_dag = first_weekday_on_or_after(datetime.date(year, 10, 31), 5)
    days = {
        datetime.date(year, 1, 1),  # nyårsdagen
        datetime.date(year, 1, 6),  # trettondedag jul
        easter - datetime.timedelta(days=2),  # långfredagen
        easter,  # påskdagen
        easter + datetime.timedelta(days=1),  # annandag påsk
        datetime.date(year, 5, 1),  # första maj
        easter + datetime.timedelta(days=39),  # Kristi himmelsfärdsdag
        easter + datetime.timedelta(days=49),  # pingstdagen
        datetime.date(year, 6, 6),  # Sveriges nationaldag
        midsommardagen - datetime.timedelta(days=1),  # midsommarafton
        midsommardagen,
        alla_helgons_dag,
        datetime.date(year, 12, 24),  # julafton
        datetime.date(year, 12, 25),  # juldagen
        datetime.date(year, 12, 26),  # annandag jul
        datetime.date(year, 12, 31),  # nyårsafton
    }
    return days


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in non_working_weekdays(day.year)


def calendar_table(first: datetime.date, last: datetime.date) -> pa.Table:
    """One row per day from ``first`` to ``last``: ``day``, ``working`` (0/1) and ``cum``.

    ``cum`` counts the working days up to and including ``day``, so the working days of an
    inclusive range ``[a, b]`` are ``cum(b) − cum(a − 1)``; the table starts a day early so
    that ``a − 1`` is always present.
    """
    start = np.datetime64(first - datetime.timedelta(days=1), "D")
    days = np.arange(start, np.datetime64(last, "D") + 1, dtype="datetime64[D]")
    weekdays = (days.astype("int64") + 3) % 7  # 1970-01-01 was a Thursday (3)
    holidays = {
        np.datetime64(day, "D")
        for year in range(first.year - 1, last.year + 1)
        for day in non_working_weekdays(year)
    }
    working = (weekdays < 5) & ~np.isin(days, np.array(sorted(holidays), dtype="datetime64[D]"))
    working[0] = False  # the extra leading day is only a base for the running count
    return pa.table(
        {
            "day": pa.array(days, type=pa.date32()),
            "working": pa.array(working.astype("int8")),
            "cum": pa.array(np.cumsum(working).astype("int32")),
        }
    )
