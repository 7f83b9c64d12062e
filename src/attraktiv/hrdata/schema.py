"""The normalised tables of a data set, as Arrow schemas (hr-data.md §1).

This is the interface between the reader (``attraktiv.hrdata.reader``), which turns files in
the contract's formats into these tables, and the engines (``attraktiv.indicators``,
``attraktiv.supply``) and the database, which consume them. After reading:

- every enumerated value is in its canonical form (gender ``K``/``M``, pay_form ``M``/``T``,
  form ``tillsvidare``/``visstid``, absence type ``sjuk``/…, end_reason as listed);
- defaults are filled in (employments.manager 0, weekly_hours 40; absences.extent 100;
  surveys.manager 0);
- a personnummer in ``person_id`` has been replaced by its keyed pseudonym, and persons'
  ``birth_date`` and ``gender`` are filled in from it where they were empty;
- optional tables that were absent are empty tables of the same schema.
"""

from __future__ import annotations

import pyarrow as pa

TABLES: dict[str, pa.Schema] = {
    "units": pa.schema(
        [
            ("unit_id", pa.string()),
            ("name", pa.string()),
            ("parent_id", pa.string()),  # null only for the root
            ("kind", pa.string()),  # null, region, forvaltning, verksamhet, enhet
        ]
    ),
    "persons": pa.schema(
        [
            ("person_id", pa.string()),
            ("birth_date", pa.date32()),
            ("gender", pa.string()),  # K or M
        ]
    ),
    "employments": pa.schema(
        [
            ("employment_id", pa.string()),
            ("person_id", pa.string()),
            ("unit_id", pa.string()),
            ("occupation_code", pa.string()),
            ("start_date", pa.date32()),
            ("end_date", pa.date32()),  # null = ongoing
            ("rate", pa.float64()),  # percent; null for hourly-paid
            ("pay_form", pa.string()),  # M or T
            ("form", pa.string()),  # tillsvidare or visstid
            ("manager", pa.int8()),  # 0 or 1
            ("weekly_hours", pa.float64()),
            ("end_reason", pa.string()),  # null or one of END_REASONS
        ]
    ),
    "absences": pa.schema(
        [
            ("person_id", pa.string()),
            ("start_date", pa.date32()),
            ("end_date", pa.date32()),
            ("type", pa.string()),
            ("extent", pa.float64()),
        ]
    ),
    "surveys": pa.schema(
        [
            ("survey", pa.string()),
            ("year", pa.int32()),
            ("respondent", pa.string()),
            ("unit_id", pa.string()),
            ("manager", pa.int8()),
            ("gender", pa.string()),  # K, M or null
            ("question", pa.string()),
            ("answer", pa.int8()),  # 1–5, null = not answered
        ]
    ),
    "staffing": pa.schema(
        [
            ("unit_id", pa.string()),
            ("month", pa.string()),  # YYYY-MM
            ("own_hours", pa.float64()),
            ("hired_hours", pa.float64()),
            ("own_cost", pa.float64()),
            ("hired_cost", pa.float64()),
        ]
    ),
    "sam": pa.schema(
        [
            ("year", pa.int32()),
            ("unit_id", pa.string()),
            ("manager_key", pa.string()),
            ("compliant", pa.int8()),
        ]
    ),
    "salaries": pa.schema(
        [
            ("person_id", pa.string()),
            ("date", pa.date32()),
            ("monthly_salary", pa.float64()),
        ]
    ),
    "occupations": pa.schema(
        [
            ("occupation_code", pa.string()),
            ("name", pa.string()),
            ("group", pa.string()),  # null = the code is its own group
        ]
    ),
}

REQUIRED_TABLES = ("units", "persons", "employments", "absences")
OPTIONAL_TABLES = ("surveys", "staffing", "sam", "salaries", "occupations")

GENDERS = ("K", "M")
PAY_FORMS = ("M", "T")
EMPLOYMENT_FORMS = ("tillsvidare", "visstid")
END_REASONS = ("pension", "egen_begaran", "arbetsgivare", "visstid_slut", "dodsfall", "ovrigt")
ABSENCE_TYPES = ("sjuk", "foraldraledig", "tjanstledig", "semester", "ovrig")
UNIT_KINDS = ("region", "forvaltning", "verksamhet", "enhet")


def empty_table(name: str) -> pa.Table:
    """An empty table of the named schema (an absent optional table)."""
    return TABLES[name].empty_table()


Dataset = dict[str, pa.Table]
"""A read data set: every table of ``TABLES`` by name, in its schema."""
