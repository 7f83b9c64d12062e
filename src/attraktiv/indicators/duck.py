"""The one adapter to DuckDB (pinned ~=2.0): every engine query goes through here.

DuckDB 2.0 notes: relations have no ``fetchone``; an unfinished ``execute()`` result blocks
the connection, so every query here is fully fetched (``arrow``) before the next one runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import duckdb
import pyarrow as pa


class Database:
    """An in-memory DuckDB database holding the tables of one computation."""

    def __init__(self, threads: int | None = None):
        self.connection = duckdb.connect(":memory:")
        if threads:
            self.connection.execute(f"SET threads = {int(threads)}")

    def register(self, name: str, table: pa.Table) -> None:
        """Make an Arrow table queryable as ``name`` (no copy)."""
        self.connection.register(name, table)

    def execute(self, sql: str, parameters: Mapping[str, Any] | None = None) -> None:
        """Run a statement (e.g. CREATE TEMP TABLE … AS) and finish it."""
        self.connection.execute(sql, parameters or {}).fetchall()

    def arrow(self, sql: str, parameters: Mapping[str, Any] | None = None) -> pa.Table:
        """Run a query and return its whole result as an Arrow table."""
        return self.connection.sql(sql, params=dict(parameters or {})).to_arrow_table()

    def rows(self, sql: str, parameters: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        return self.arrow(sql, parameters).to_pylist()

    def close(self) -> None:
        self.connection.close()
