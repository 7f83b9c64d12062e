"""Column mappings: read an export whose files, columns and codes differ (hr-data.md §1).

The contract says the product "may accept more (other formats, extra columns, mappings)".
A mapping is a small TOML file that says, per contract table, where its rows come from and
how each contract column is made from the export's columns. Everything not mentioned is read
by the contract as usual (the table's own file, columns by their contract names). After
mapping, every rule of §1 is checked as for a contract file, and errors name the export's
file, line and column.

Format::

    name = "Heroma export"              # optional, free text
    description = "…"                   # optional

    [tables.persons]                    # one section per contract table (units, persons, …)
    source = "personal.csv"             # file in the data folder (CSV, XLSX or Parquet);
                                        #   default: the table's own file (persons.csv, …)
    sheet = "Personal"                  # the sheet, when source is a workbook (default: first)
    ignore_other_columns = true         # don't warn about source columns the mapping doesn't use
    distinct = false                    # true: one row per distinct combination of the mapped
                                        #   values (e.g. units from a Department column)
    absent = false                      # true: the export has no such table; it is read empty

    [tables.persons.columns]            # contract column = how to make it
    person_id = "Anst_nr"               # a string: rename that source column
    birth_date = { source = "Fodd", date_format = ["%m/%d/%Y", "%m/%d/%y"], past = true }
    gender = { source = "Kon", values = { 1 = "M", 2 = "K" } }

    [tables.employments.columns]
    pay_form = { value = "M" }          # a constant for every row
    end_reason = { source = ["Orsak", "Status"], values = { "Pension" = "pension",
                   "Egen uppsägning" = "egen_begaran", "Aktiv" = "" }, other = "ovrigt" }

    [[tables.units.rows]]               # fixed extra rows, added after the source's rows
    unit_id = "ROOT"
    name = "Regionen"

A column given as a table takes these keys:

- ``source``: the source column (its header name, case-insensitive), or a list of columns:
  with several, the first column whose value is listed in ``values`` decides.
- ``value``: a constant instead of a source column (text, number or boolean).
- ``values``: source value → contract value; keys match case-insensitively after trimming;
  ``""`` as a value means empty (missing). A value not listed is kept as it is, or becomes
  ``other`` when ``other`` is given (an empty value stays empty).
- ``date_format``: a ``strptime`` format, or a list tried in order; the value becomes
  ``YYYY-MM-DD``. With ``past = true`` a date read with a two-digit year (``%y``) that falls
  after the day of reading is moved back a century (birth dates written ``09/19/88``).

Source columns that the mapping does not use and that are not contract columns are ignored
with a warning unless ``ignore_other_columns`` is set; source columns named like a contract
column that the mapping does not map are read as that column.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .issues import Collector, Issue, file_problem, quote, redact, toml_problem
from .schema import TABLES
from .sources import RawTable, Source, cell_text
from .vector import by_value, constant


class MappingError(Exception):
    """A mapping file that cannot be used; the message names the file and line if known."""


@dataclass(frozen=True)
class ColumnMapping:
    """How one contract column is made (see the module docstring)."""

    target: str
    sources: tuple[str, ...] = ()
    value: str | None = None
    is_constant: bool = False
    values: dict[str, str] | None = None  # casefolded source value → contract value
    other: str | None = None
    date_formats: tuple[str, ...] = ()
    past: bool = False


@dataclass(frozen=True)
class TableMapping:
    """Where one contract table comes from (see the module docstring)."""

    table: str
    source: str | None = None
    sheet: str | None = None
    absent: bool = False
    distinct: bool = False
    ignore_other_columns: bool = False
    columns: dict[str, ColumnMapping] = field(default_factory=dict)
    rows: tuple[dict[str, str | None], ...] = ()


@dataclass(frozen=True)
class Mapping:
    """A loaded mapping file."""

    path: Path
    name: str
    description: str = ""
    tables: dict[str, TableMapping] = field(default_factory=dict)

    @property
    def file(self) -> str:
        return self.path.name


_TOP_KEYS = {"name", "description", "tables"}
_TABLE_KEYS = {"source", "sheet", "absent", "distinct", "ignore_other_columns", "columns", "rows"}
_COLUMN_KEYS = {"source", "value", "values", "other", "date_format", "past"}


def _line_of(text: str, *path: str) -> int | None:
    """Best-effort line of a key in the TOML text: the section, then the key within it."""
    lines = text.splitlines()
    table = path[1] if len(path) > 1 else None
    start = 0
    if table is not None:
        header = re.compile(r"^\s*\[\[?\s*tables\." + re.escape(table) + r"\b")
        found = next((i for i, line in enumerate(lines) if header.match(line)), None)
        if found is None:
            inline = re.compile(r"^\s*tables\." + re.escape(table) + r"\b")
            found = next((i for i, line in enumerate(lines) if inline.match(line)), None)
        if found is None:
            return None
        start = found
    key = path[-1]
    if len(path) > 2 and key not in ("columns", "rows"):
        pattern = re.compile(r"""^\s*["']?""" + re.escape(key) + r"""["']?\s*=""")
        for i in range(start, len(lines)):
            if pattern.match(lines[i]):
                return i + 1
    return start + 1


def _text(value: Any) -> str | None:
    """A TOML value as contract text, read as a workbook cell is ("" → None); an array, a
    table or a time of day is no value and raises ``TypeError``."""
    if not isinstance(value, bool | int | float | str | dt.date):
        raise TypeError(type(value).__name__)
    return (cell_text(value) or "").strip() or None


def load_mapping(path: Path) -> Mapping:
    """Read and check a mapping file; raises ``MappingError`` naming file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise MappingError(f"{path.name}: {file_problem(error)}") from None
    except UnicodeDecodeError:
        raise MappingError(f"{path.name}: filen är inte UTF-8-text; spara den som UTF-8") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, problem = toml_problem(error, text)
        raise MappingError(f"{path.name}:{line}: {problem}") from None

    def fail(message: str, *where: str) -> MappingError:
        line = _line_of(text, *where) if where else None
        prefix = f"{path.name}:{line}" if line else path.name
        return MappingError(f"{prefix}: {redact(message)}")  # a key may be a personnummer

    for key in data:
        if key not in _TOP_KEYS:
            raise fail(f"okänd nyckel {quote(key)}; tillåtna: {', '.join(sorted(_TOP_KEYS))}", key)
    tables_data = data.get("tables", {})
    if not isinstance(tables_data, dict):
        raise fail("tables ska vara en tabell av avsnitt [tables.NAMN]", "tables")
    tables: dict[str, TableMapping] = {}
    for table, spec in tables_data.items():
        if table not in TABLES:
            raise fail(
                f"okänd tabell {quote(table)}; tabellerna är {', '.join(TABLES)}", "tables", table
            )
        if not isinstance(spec, dict):
            raise fail(f"[tables.{table}] ska vara en tabell", "tables", table)
        tables[table] = _table_mapping(table, spec, fail)
    name = data.get("name", path.stem)
    description = data.get("description", "")
    if not isinstance(name, str) or not isinstance(description, str):
        raise fail("name och description ska vara text", "name")
    return Mapping(path, name, description, tables)


def _table_mapping(table: str, spec: dict[str, Any], fail: Any) -> TableMapping:
    known = TABLES[table].names
    for key in spec:
        if key not in _TABLE_KEYS:
            raise fail(
                f"okänd nyckel {quote(key)} i [tables.{table}]; "
                f"tillåtna: {', '.join(sorted(_TABLE_KEYS))}",
                "tables",
                table,
                key,
            )
    for key in ("source", "sheet"):
        if key in spec and not isinstance(spec[key], str):
            raise fail(f"{key} ska vara text (ett filnamn)", "tables", table, key)
    for key in ("absent", "distinct", "ignore_other_columns"):
        if key in spec and not isinstance(spec[key], bool):
            raise fail(f"{key} ska vara true eller false", "tables", table, key)
    columns: dict[str, ColumnMapping] = {}
    columns_spec = spec.get("columns", {})
    if not isinstance(columns_spec, dict):
        raise fail(f"[tables.{table}.columns] ska vara en tabell", "tables", table, "columns")
    for target, column in columns_spec.items():
        if target not in known:
            raise fail(
                f"{table} har ingen kolumn {quote(target)}; kolumnerna är {', '.join(known)}",
                "tables",
                table,
                target,
            )
        columns[target] = _column_mapping(table, target, column, fail)
    rows: list[dict[str, str | None]] = []
    rows_spec = spec.get("rows", [])
    if not isinstance(rows_spec, list) or not all(isinstance(r, dict) for r in rows_spec):
        raise fail(f"rows ska vara avsnitt [[tables.{table}.rows]]", "tables", table, "rows")
    for number, row in enumerate(rows_spec, start=1):
        converted: dict[str, str | None] = {}
        for key, value in row.items():
            if key not in known:
                raise fail(
                    f"extra rad {number}: {table} har ingen kolumn {quote(key)}",
                    "tables",
                    table,
                    key,
                )
            try:
                converted[key] = _text(value)
            except TypeError:
                raise fail(
                    f"extra rad {number}: {key} ska vara text eller ett tal", "tables", table, key
                ) from None
        rows.append(converted)
    return TableMapping(
        table=table,
        source=spec.get("source"),
        sheet=spec.get("sheet"),
        absent=spec.get("absent", False),
        distinct=spec.get("distinct", False),
        ignore_other_columns=spec.get("ignore_other_columns", False),
        columns=columns,
        rows=tuple(rows),
    )


def _column_mapping(table: str, target: str, spec: Any, fail: Any) -> ColumnMapping:
    where = ("tables", table, target)
    if isinstance(spec, str):
        return ColumnMapping(target, sources=(spec,))
    if not isinstance(spec, dict):
        raise fail(f"{table}.{target}: ange en källkolumns namn eller en tabell på en rad", *where)
    for key in spec:
        if key not in _COLUMN_KEYS:
            raise fail(
                f"{table}.{target}: okänd nyckel {quote(key)}; "
                f"tillåtna: {', '.join(sorted(_COLUMN_KEYS))}",
                *where,
            )
    if ("value" in spec) == ("source" in spec):
        raise fail(f"{table}.{target}: ange antingen source eller value, inte båda", *where)
    if "value" in spec:
        if set(spec) - {"value"}:
            raise fail(f"{table}.{target}: en konstant (value) tar inga andra nycklar", *where)
        try:
            return ColumnMapping(target, value=_text(spec["value"]), is_constant=True)
        except TypeError:
            raise fail(
                f"{table}.{target}: value ska vara text, ett tal eller true/false", *where
            ) from None
    source = spec["source"]
    sources = (source,) if isinstance(source, str) else source
    if (
        not isinstance(sources, list | tuple)
        or not sources
        or not all(isinstance(s, str) for s in sources)
    ):
        raise fail(
            f"{table}.{target}: source ska vara ett kolumnnamn eller en lista av namn", *where
        )
    values: dict[str, str] | None = None
    if "values" in spec:
        if not isinstance(spec["values"], dict):
            raise fail(f"{table}.{target}: values ska vara en tabell källvärde = värde", *where)
        values = {}
        for key, value in spec["values"].items():
            try:
                values[key.strip().casefold()] = _text(value) or ""
            except TypeError:
                raise fail(
                    f"{table}.{target}: värdet för {quote(key)} ska vara text", *where
                ) from None
    other = spec.get("other")
    if other is not None:
        try:
            other = _text(other) or ""
        except TypeError:
            raise fail(f"{table}.{target}: other ska vara text", *where) from None
    formats = spec.get("date_format", ())
    formats = (formats,) if isinstance(formats, str) else tuple(formats)
    if not all(isinstance(f, str) and "%" in f for f in formats):
        raise fail(f"{table}.{target}: date_format ska vara strptime-format som ”%d/%m/%Y”", *where)
    past = spec.get("past", False)
    if not isinstance(past, bool):
        raise fail(f"{table}.{target}: past ska vara true eller false", *where)
    if len(sources) > 1 and values is None:
        raise fail(f"{table}.{target}: flera källkolumner kräver values", *where)
    return ColumnMapping(
        target,
        sources=tuple(sources),
        values=values,
        other=other,
        date_formats=formats,
        past=past,
    )


# ---- applying a table's mapping ------------------------------------------------------------


def _parse_date(formats: tuple[str, ...], past: bool, today: dt.date) -> Any:
    def convert(value: str) -> str:
        for fmt in formats:
            try:
                day = dt.datetime.strptime(value, fmt).date()
            except ValueError:
                continue
            if past and "%y" in fmt and day > today:
                day = day.replace(year=day.year - 100)
            return day.isoformat()
        raise ValueError(
            f"{quote(value)} stämmer inte med mappningens datumformat {' eller '.join(formats)}"
        )

    return convert


def _lookup(values: dict[str, str]) -> Any:
    def convert(value: str) -> str | None:
        key = value.strip().casefold()
        if key in values:
            return values[key]
        raise ValueError("finns inte i listan")

    return convert


def apply_table(
    source: Source,
    spec: TableMapping,
    mapping: Mapping,
    out: Collector,
    today: dt.date,
) -> RawTable:
    """The contract table ``spec.table`` made from ``source`` as ``spec`` says."""
    table = spec.table
    known = TABLES[table].names
    rows = source.rows
    columns: dict[str, pa.Array] = {}
    display: dict[str, str] = {}
    reported: dict[str, np.ndarray] = {}
    used: set[int] = set()
    for target, column in spec.columns.items():
        if column.is_constant:
            columns[target] = constant(column.value, rows)
            display[target] = f"{target} (konstant i mappningen)"
            continue
        indexes = []
        for name in column.sources:
            index = source.column(name)
            if index is None:
                out.add(
                    Issue(
                        source.name,
                        1,
                        name,
                        f"mappningen {mapping.file} gör {table}.{target} av den här kolumnen, "
                        "men filen har ingen sådan kolumn",
                    )
                )
            else:
                indexes.append(index)
        if len(indexes) != len(column.sources):
            continue
        used.update(indexes)
        display[target] = ", ".join(source.header[i] for i in indexes)
        array = source.columns[indexes[0]]
        if column.values is not None:
            array = _map_values(column, [source.columns[i] for i in indexes])
        if column.date_formats:
            converted = by_value(
                array, _parse_date(column.date_formats, column.past, today), pa.string()
            )
            if converted.bad.any():
                bad_rows = np.flatnonzero(converted.bad)
                out.add_many(
                    (
                        Issue(
                            source.name, int(source.lines[r]), display[target], converted.problem(r)
                        )
                        for r in bad_rows[: out.per_rule]
                    ),
                    len(bad_rows),
                    file=source.name,
                    column=display[target],
                    rule="date_format",
                )
                reported[target] = converted.bad
            array = converted.values
        columns[target] = array
    for index, header in enumerate(source.header):
        key = header.casefold()
        if index in used:
            continue
        if key in known and key not in columns:
            columns[key] = source.columns[index]
            display[key] = header
        elif not spec.ignore_other_columns:
            out.add(
                Issue(
                    source.name,
                    1,
                    header,
                    f"okänd kolumn, hoppas över: mappningen {mapping.file} "
                    f"använder den inte för {table}",
                ),
                warning=True,
            )
    lines = source.lines
    if spec.distinct and columns:
        names = list(columns)
        keys = pc.binary_join_element_wise(
            *[pc.fill_null(columns[n], "\x00") for n in names], "\x1f"
        )
        codes = pc.fill_null(keys.dictionary_encode().indices, 0).to_numpy(zero_copy_only=False)
        _, first = np.unique(codes, return_index=True)
        first.sort()
        take = pa.array(first)
        columns = {n: a.take(take) for n, a in columns.items()}
        reported = {n: m[first] for n, m in reported.items()}
        lines = lines[first]
    if spec.rows:
        extra = len(spec.rows)
        for name in set(columns) | {k for row in spec.rows for k in row}:
            base = columns.get(name, pa.nulls(len(lines), pa.string()))
            added = pa.array([row.get(name) for row in spec.rows], pa.string())
            columns[name] = pa.concat_arrays([base, added])
            display.setdefault(name, name)
        lines = np.concatenate([lines, -np.arange(1, extra + 1, dtype=np.int64)])
        for name in reported:
            reported[name] = np.concatenate([reported[name], np.zeros(extra, dtype=bool)])
    return RawTable(
        table, source.name, lines, columns, display, reported, mapping.file, source.sha256
    )


def _map_values(column: ColumnMapping, arrays: list[pa.Array]) -> pa.Array:
    """Apply ``values`` (and ``other``) of a column mapping over its source columns."""
    assert column.values is not None
    lookup = _lookup(column.values)
    result = None
    decided = None
    for array in arrays:
        converted = by_value(array, lookup, pa.string())
        found = pc.and_(pc.is_valid(array), pa.array(~converted.bad))
        if result is None:
            result, decided = converted.values, found
        else:
            assert decided is not None
            take_new = pc.and_(found, pc.invert(decided))
            result = pc.if_else(take_new, converted.values, result)
            decided = pc.or_(decided, found)
    assert result is not None and decided is not None
    first = arrays[0]
    fallback = (
        first if column.other is None else pc.if_else(pc.is_valid(first), column.other, first)
    )
    result = pc.if_else(decided, result, fallback)
    return pc.if_else(pc.equal(result, ""), pa.scalar(None, pa.string()), result)
