"""Small hand-written data sets for the engine's tests, in the schema of hrdata.schema."""

from __future__ import annotations

import datetime
from typing import Any

import pyarrow as pa

from attraktiv.hrdata.schema import TABLES

DEFAULTS: dict[str, dict[str, Any]] = {
    "employments": {
        "end_date": None,
        "rate": 100.0,
        "pay_form": "M",
        "form": "tillsvidare",
        "manager": 0,
        "weekly_hours": 40.0,
        "end_reason": None,
        "occupation_code": "SSK",
    },
    "absences": {"type": "sjuk", "extent": 100.0},
    "surveys": {"manager": 0, "gender": None, "survey": "MU", "unit_id": "W1"},
    "units": {"kind": None},
    "persons": {"gender": "K", "birth_date": datetime.date(1980, 1, 1)},
}


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def table(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    schema = TABLES[name]
    filled = [{**DEFAULTS.get(name, {}), **row} for row in rows]
    for row in filled:
        for key, value in row.items():
            if isinstance(value, str) and pa.types.is_date32(schema.field(key).type):
                row[key] = d(value)
    return pa.Table.from_pylist(filled, schema=schema)


def dataset(**tables: list[dict[str, Any]]) -> dict[str, pa.Table]:
    """A data set from row lists; unit tree default: R → W1, W2 (two workplaces)."""
    tables.setdefault(
        "units",
        [
            {"unit_id": "R", "name": "Region", "parent_id": None},
            {"unit_id": "W1", "name": "Arbetsplats 1", "parent_id": "R"},
            {"unit_id": "W2", "name": "Arbetsplats 2", "parent_id": "R"},
        ],
    )
    return {name: table(name, tables.get(name, [])) for name in TABLES}


def employee(n: int, unit: str = "W1", **employment: Any) -> dict[str, list[dict[str, Any]]]:
    """Person ``P<n>`` with one employment ``E<n>`` (keyword arguments override it)."""
    return {
        "persons": [{"person_id": f"P{n}"}],
        "employments": [
            {
                "employment_id": f"E{n}",
                "person_id": f"P{n}",
                "unit_id": unit,
                "start_date": "2010-01-01",
                **employment,
            }
        ],
    }
