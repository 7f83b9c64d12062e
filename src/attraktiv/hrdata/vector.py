"""Vectorised conversion helpers: work once per distinct value, then broadcast to the rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


@dataclass
class Converted:
    """The result of converting a text column value by value.

    ``values`` holds the converted values (null where empty or invalid), ``bad`` marks rows
    whose value was invalid and ``problem(row)`` says why.
    """

    values: pa.Array
    bad: np.ndarray
    problems: list[str | None]
    codes: np.ndarray  # index into the distinct values, -1 for null

    def problem(self, row: int) -> str:
        return self.problems[int(self.codes[row])] or ""


def by_value(array: pa.Array, convert: Callable[[str], object], kind: pa.DataType) -> Converted:
    """Apply ``convert`` to every distinct non-null value of ``array``.

    ``convert`` returns the converted value (None for missing) or raises ``ValueError`` with
    a message saying what is wrong and what is allowed.
    """
    encoded = array.dictionary_encode()
    distinct = encoded.dictionary.to_pylist()
    results: list[object] = []
    problems: list[str | None] = []
    for value in distinct:
        try:
            results.append(convert(value))
            problems.append(None)
        except ValueError as error:
            results.append(None)
            problems.append(str(error))
    converted = pa.array(results, type=kind)
    values = converted.take(encoded.indices)
    codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    bad_distinct = np.array([p is not None for p in problems], dtype=bool)
    bad = np.zeros(len(array), dtype=bool)
    present = codes >= 0
    if len(bad_distinct):
        bad[present] = bad_distinct[codes[present]]
    return Converted(values, bad, problems, codes)


def constant(value: str | None, rows: int) -> pa.Array:
    """A string column of ``rows`` copies of ``value``."""
    if value is None:
        return pa.nulls(rows, pa.string())
    return pa.array([value], pa.string()).take(pa.array(np.zeros(rows, dtype=np.int32)))


def mask(array: pa.Array) -> np.ndarray:
    """A boolean Arrow array as numpy, null counting as False."""
    return pc.fill_null(array, False).to_numpy(zero_copy_only=False).astype(bool)


def present(array: pa.Array) -> np.ndarray:
    """Rows whose value is not null."""
    return mask(pc.is_valid(array))
