"""The indicator engine (hr-data.md §3–§4): plain Python and DuckDB, no Django.

Arrow tables in (``attraktiv.hrdata.schema``), rows out::

    rows = compute(dataset, year=2024, by=["gender"], units="all")
"""

from attraktiv.indicators.engine import (
    DIMENSIONS,
    KPI_IDS,
    OUTPUT_COLUMNS,
    ROW_SCHEMA,
    Engine,
    EngineError,
    compute,
)
from attraktiv.indicators.params import ParameterError

__all__ = [
    "DIMENSIONS",
    "KPI_IDS",
    "OUTPUT_COLUMNS",
    "ROW_SCHEMA",
    "Engine",
    "EngineError",
    "ParameterError",
    "compute",
]
