"""Read, validate and pseudonymise a data set folder (hr-data.md §1; plain Python, no Django).

``read_dataset(folder, pseudonym_key=…)`` returns every table of ``schema.TABLES`` in its
schema, or raises ``DatasetError`` listing every error as ``file:line: column: message``.

How it stays fast on a region (1–2 million absence rows): files are parsed by Arrow as text
columns; each rule is one vectorised pass (Arrow compute / numpy) over a column; conversions
that need Python (dates, enumerations, personnummer) run once per *distinct* value and are
broadcast back; Issues are built only for failing rows, at most ``issues.PER_RULE`` per rule
(the rest are counted). Row ``i`` of a CSV is line ``i + 2`` unless the file has quoted line
breaks or blank lines (see ``sources``).

Personnummer (§1, persons, and its v1.3 spellings): before anything else is kept, every
personnummer attempt (digits, spaces, ``+`` and dashes, 9 to 13 digits: ``19650922 9735``,
``650922–9735``, ``196509229735``) in a column that refers to a person (``person_id`` of
persons, employments, absences and salaries; ``respondent`` of surveys) is respelled and
replaced by its keyed pseudonym (``pseudonym.pseudonymise_many``; birth date and gender are
taken from it first), so every spelling of one number is one person in every table. An
attempt that is not a valid personnummer is an error on its line ("ser ut som ett felskrivet
personnummer"). An attempt in another key column (employment_id, manager_key) is replaced the
same way. Messages never repeat a personnummer (``issues.Issue`` blanks any that slips in);
they name the line.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import pseudonym, schema
from .issues import MORE, Collector, DatasetError, Issue, format_issues, quote
from .mapping import Mapping, TableMapping, apply_table
from .sources import RawTable, Source, plain_table, read_csv, read_parquet, read_workbook
from .vector import Converted, by_value, mask, present

__all__ = [
    "DatasetError",
    "Issue",
    "ReadResult",
    "SourceFile",
    "format_issues",
    "read_dataset",
]

EXTENSIONS = (".csv", ".xlsx", ".parquet")

# Aliases (§1): case-insensitive; the canonical values themselves are accepted too.
GENDER_ALIASES = {"kvinna": "K", "f": "K", "w": "K", "man": "M"}

_BIG = 1 << 23  # > the span of date32 days of years 1–9999
_OFFSET = 1 << 22
_ONGOING = 2_932_897  # date32 of 10000-01-01: an open end


@dataclass(frozen=True)
class SourceFile:
    """A file (or sheet) that a table was read from, for the import's record."""

    table: str
    name: str
    sha256: str
    rows: int


@dataclass
class ReadResult:
    """A valid data set: every table of ``schema.TABLES`` in exactly its schema."""

    tables: dict[str, pa.Table]
    warnings: list[Issue]
    files: list[SourceFile]


# ---- finding and loading the files --------------------------------------------------------


class _Loader:
    """Finds each table's file in the folder (§1: CSV, XLSX, Parquet, or a workbook's sheet)."""

    def __init__(self, folder: Path, out: Collector, mapping: Mapping | None):
        self.folder = folder
        self.out = out
        self.mapping = mapping
        self.books: dict[Path, dict[str, Source] | None] = {}
        self.sources: dict[tuple[Path, str | None, str | None], Source | None] = {}
        self.files: dict[str, Path] = {
            p.name.casefold(): p for p in sorted(folder.iterdir()) if p.is_file()
        }

    def book(self, path: Path) -> dict[str, Source] | None:
        if path not in self.books:
            self.books[path] = read_workbook(path, self.out)
        return self.books[path]

    def read(self, path: Path, sheet: str | None = None, name: str | None = None) -> Source | None:
        key = (path, sheet, name)
        if key not in self.sources:
            self.sources[key] = self._read(path, sheet, name)
        return self.sources[key]

    def _read(self, path: Path, sheet: str | None, name: str | None) -> Source | None:
        suffix = path.suffix.casefold()
        if suffix in (".xlsx", ".xlsm"):
            book = self.book(path)
            if book is None:
                return None
            if not book:
                self.out.add(Issue(path.name, None, None, "arbetsboken har inga blad"))
                return None
            if sheet is None:
                first = next(iter(book.values()))
                return dataclasses.replace(first, name=name or path.name)
            for title, source in book.items():
                if title.casefold() == sheet.casefold():
                    return source
            self.out.add(Issue(path.name, None, None, f"arbetsboken har inget blad {quote(sheet)}"))
            return None
        if suffix == ".parquet":
            return read_parquet(path, name or path.name, self.out)
        return read_csv(path, name or path.name, self.out)

    def table_sheets(self) -> dict[str, list[tuple[Path, str]]]:
        """Sheets named after a table in workbooks not named after a table."""
        found: dict[str, list[tuple[Path, str]]] = {}
        for key, path in self.files.items():
            if not key.endswith(".xlsx") or key.startswith("~$"):
                continue
            if path.stem.casefold() in schema.TABLES:
                continue
            book = self.book(path)
            for title in book or {}:
                if title.strip().casefold() in schema.TABLES:
                    found.setdefault(title.strip().casefold(), []).append((path, title))
        return found

    def load(self, today: dt.date) -> dict[str, RawTable | None]:
        sheets = self.table_sheets()
        tables: dict[str, RawTable | None] = {}
        for table in schema.TABLES:
            spec = self.mapping.tables.get(table) if self.mapping else None
            tables[table] = self._load_table(table, spec, sheets.get(table, []), today)
        return tables

    def _load_table(
        self,
        table: str,
        spec: TableMapping | None,
        sheets: list[tuple[Path, str]],
        today: dt.date,
    ) -> RawTable | None:
        known = schema.TABLES[table].names
        if spec is not None and spec.absent:
            return None
        source: Source | None = None
        if spec is not None and spec.source:
            path = self.files.get(spec.source.casefold())
            if path is None:
                assert self.mapping is not None
                self.out.add(
                    Issue(
                        spec.source,
                        None,
                        None,
                        f"mappningen {self.mapping.file} läser {table} från den här filen, "
                        "men mappen har ingen sådan fil",
                    )
                )
                return None
            sheet_name = f"{path.name}[{spec.sheet}]" if spec.sheet else path.name
            source = self.read(path, spec.sheet, sheet_name)
        else:
            candidates: list[tuple[Path, str | None]] = [
                (self.files[table + ext], None) for ext in EXTENSIONS if table + ext in self.files
            ]
            candidates += [(path, title) for path, title in sheets]
            if not candidates:
                if table in schema.REQUIRED_TABLES:
                    self.out.add(
                        Issue(
                            table,
                            None,
                            None,
                            f"tabellen {table} krävs men finns inte: ingen {table}.csv, "
                            f"{table}.xlsx eller {table}.parquet och inget blad {table} i en "
                            "arbetsbok",
                        )
                    )
                return None
            if len(candidates) > 1:
                names = [p.name if s is None else f"{p.name}[{s}]" for p, s in candidates]
                self.out.add(
                    Issue(
                        names[1],
                        None,
                        None,
                        f"tabellen {table} finns två gånger ({' och '.join(names)}); behåll en",
                    )
                )
                return None
            path, title = candidates[0]
            source = self.read(path, title)
        if source is None:
            return None
        if spec is not None and self.mapping is not None:
            return apply_table(source, spec, self.mapping, self.out, today)
        return plain_table(source, table, known, self.out)


# ---- pseudonymisation ---------------------------------------------------------------------

MISWRITTEN = "ser ut som ett felskrivet personnummer"
"""The error on a personnummer attempt that is not a valid personnummer (§1, v1.3 spellings)."""

_MISWRITTEN = "\x00miswritten"
"""Suffix of the hidden column marking a person column's miswritten personnummer attempts."""


def _pseudonymise(
    raws: dict[str, RawTable | None], key: bytes, today: dt.date
) -> pseudonym.Batch | None:
    """Replace every personnummer attempt in person_id by its pseudonym, before anything is kept.

    One pass over the distinct values of all four tables' person_id columns (§1, persons and
    v1.3 spellings). Each table's ``person_id\x00codes`` column keeps the index of its value
    in the batch (for the personnummer facts), ``person_id\x00persons`` an integer per person
    shared by all four tables (to join absences to employments and persons: every spelling of
    one number has the same pseudonym, so the same code), ``person_id\x00miswritten`` the
    rows whose attempt is not a valid personnummer (reported by ``_Table.person``).
    """
    arrays = []
    owners = []
    for table in _PERSON_TABLES:
        raw = raws[table]
        if raw is not None and "person_id" in raw.columns:
            arrays.append(raw.columns["person_id"])
            owners.append(raw)
    if not arrays:
        return None
    encoded = pa.concat_arrays(arrays).dictionary_encode()
    batch = pseudonym.pseudonymise_many(encoded.dictionary, key, today)
    # One person may be written several ways (811218-9876, 198112189876): joins use the
    # pseudonym's code, the personnummer facts the written value's.
    same_person = batch.pseudonyms.dictionary_encode().indices
    offset = 0
    for raw, array in zip(owners, arrays, strict=True):
        indices = encoded.indices.slice(offset, len(array))
        offset += len(array)
        raw.columns["person_id"] = batch.pseudonyms.take(indices)
        raw.columns["person_id\x00codes"] = indices
        raw.columns["person_id\x00persons"] = same_person.take(indices)
        raw.columns["person_id" + _MISWRITTEN] = pa.array(batch.miswritten).take(indices)
    return batch


def _pseudonymise_keys(
    raw: RawTable, column: str, key: bytes, today: dt.date, *, refers_to_person: bool
) -> None:
    """A personnummer attempt in another key column is replaced too (never stored; §1).

    In a column that refers to a person (surveys' ``respondent``) a miswritten attempt is
    also marked for ``_Table.person`` to report; in employment_id and manager_key it is only
    replaced.
    """
    array = raw.columns.get(column)
    if (
        array is None
        or not mask(pc.match_substring_regex(array, pseudonym.SPELLING_CHARACTERS)).any()
    ):
        return
    encoded = array.dictionary_encode()
    batch = pseudonym.pseudonymise_many(encoded.dictionary, key, today)
    if not batch.is_attempt.any():
        return
    raw.columns[column] = batch.pseudonyms.take(encoded.indices)
    if refers_to_person:
        raw.columns[column + _MISWRITTEN] = pa.array(batch.miswritten).take(encoded.indices)


# ---- conversions of one table -------------------------------------------------------------

_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_INT = re.compile(r"^[+-]?\d+$")
_NUMBER = r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$"


REQUIRED = "ett värde krävs"
"""The error on an empty cell in a required column (§1: an empty cell is a missing value)."""


def _decimal(number: float) -> str:
    """A bound as Swedish text: ``0``, ``100``, ``0,5``."""
    return f"{number:g}".replace(".", ",")


def _date(value: str) -> dt.date:
    match = _DATE_ISO.match(value) or _DATE_COMPACT.match(value)
    if match:
        year, month, day = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise ValueError(f"datumet {quote(value)} finns inte (skriv ÅÅÅÅ-MM-DD)") from None
    raise ValueError(f"{quote(value)} är inget datum (skriv ÅÅÅÅ-MM-DD eller ÅÅÅÅMMDD)")


def _days(array: pa.Array, missing: int = 0) -> np.ndarray:
    """date32 as int days, ``missing`` for null."""
    return (
        pc.fill_null(array.cast(pa.int32()), missing)
        .to_numpy(zero_copy_only=False)
        .astype(np.int64)
    )


def value_codes(array: pa.Array) -> np.ndarray:
    """The dictionary index of each value (equal values, equal codes); -1 for null."""
    encoded = array if pa.types.is_dictionary(array.type) else pc.dictionary_encode(array)
    return pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)


class _Table:
    """Validation of one table: converters that report failing rows and return typed columns."""

    def __init__(self, raw: RawTable, out: Collector):
        self.raw = raw
        self.out = out
        self.n = raw.rows
        self.absent: set[str] = set()

    # -- reporting

    def label(self, column: str) -> str:
        return self.raw.display.get(column, column)

    def report(
        self,
        rows: np.ndarray,
        column: str | None,
        message: str | Callable[[int], str],
        rule: str,
        *,
        warning: bool = False,
        skip_reported: bool = True,
    ) -> None:
        """Issues for the rows in boolean mask ``rows`` (at most PER_RULE, all counted)."""
        if column is not None and skip_reported:
            rows = rows & self.raw.unreported(column)
        where = np.flatnonzero(rows)
        if not len(where):
            return
        label = self.label(column) if column else None
        issues = []
        for row in where[: self.out.per_rule]:
            file, line, prefix = self.raw.where(int(row))
            text = message(int(row)) if callable(message) else message
            # a mapping's extra row has the contract's column names
            issues.append(Issue(file, line, label if line is not None else column, prefix + text))
        self.out.add_many(
            issues, len(where), file=self.raw.file, column=label, rule=rule, warning=warning
        )
        if column is not None and not warning:
            self.raw.mark(column, rows)

    def line(self, row: int) -> str:
        file, line, _ = self.raw.where(row)
        if line is None:
            return f"extra rad {-int(self.raw.lines[row])} i mappningen"
        return f"rad {line}" if file == self.raw.file else f"{file}:{line}"

    def value(self, column: str, row: int) -> object:
        return self.raw.columns[column][row].as_py()

    # -- columns

    def column(self, column: str, *, may_be_absent: bool = False) -> pa.Array:
        array = self.raw.columns.get(column)
        if array is not None:
            return array
        self.absent.add(column)
        if not may_be_absent:
            self.out.add(
                Issue(
                    self.raw.file,
                    1,
                    column,
                    "kolumnen krävs men finns inte i rubrikraden (kolumnerna i "
                    f"{self.raw.table} är {', '.join(schema.TABLES[self.raw.table].names)})",
                )
            )
        return pa.nulls(self.n, pa.string())

    def require(self, column: str, array: pa.Array) -> None:
        if column in self.absent:
            return
        self.report(~present(array), column, REQUIRED, "required")

    def text(self, column: str, *, required: bool = True, may_be_absent: bool = False) -> pa.Array:
        array = self.column(column, may_be_absent=may_be_absent)
        if required:
            self.require(column, array)
        return array

    def converted(
        self,
        column: str,
        convert: Callable[[str], object],
        kind: pa.DataType,
        *,
        required: bool,
        may_be_absent: bool = False,
        default: object = None,
    ) -> pa.Array:
        array = self.column(column, may_be_absent=may_be_absent)
        if column in self.absent:
            if default is not None:
                return pa.array(np.full(self.n, default)).cast(kind)
            return pa.nulls(self.n, kind)
        result: Converted = by_value(array, convert, kind)
        if result.bad.any():
            self.report(result.bad, column, result.problem, "invalid")
        if required:
            self.require(column, array)
        values = result.values
        if default is not None:
            values = pc.fill_null(values, pa.scalar(default, kind))
        return values

    def enum(
        self,
        column: str,
        allowed: tuple[str, ...],
        *,
        aliases: dict[str, str] | None = None,
        required: bool = True,
        may_be_absent: bool = False,
    ) -> pa.Array:
        lookup = {a.casefold(): a for a in allowed}
        lookup.update(aliases or {})
        alias_text = (
            " (eller " + ", ".join(f"{a} för {c}" for a, c in (aliases or {}).items()) + ")"
            if aliases
            else ""
        )

        def convert(value: str) -> str:
            found = lookup.get(value.casefold())
            if found is None:
                digits = " (siffror godtas inte)" if column == "gender" and value.isdigit() else ""
                raise ValueError(
                    f"{quote(value)} är inte tillåtet{digits}; {column} ska vara något av "
                    f"{', '.join(allowed)}{alias_text}"
                )
            return found

        return self.converted(
            column, convert, pa.string(), required=required, may_be_absent=may_be_absent
        )

    def date(self, column: str, *, required: bool = True, may_be_absent: bool = False) -> pa.Array:
        array = self.raw.columns.get(column)
        if array is not None and not self.raw.reported.get(column, np.zeros(1, bool)).any():
            try:  # fast path: every value is a valid YYYY-MM-DD
                values = pc.cast(array, pa.date32())
            except pa.ArrowInvalid:
                pass
            else:
                if required:
                    self.require(column, array)
                return values
        return self.converted(
            column, _date, pa.date32(), required=required, may_be_absent=may_be_absent
        )

    def integer(
        self,
        column: str,
        low: int,
        high: int,
        *,
        required: bool = True,
        may_be_absent: bool = False,
        default: int | None = None,
        kind: pa.DataType | None = None,
    ) -> pa.Array:
        kind = kind or pa.int32()
        flag = (low, high) == (0, 1)

        def convert(value: str) -> int:
            if not _INT.match(value) or not low <= int(value) <= high:
                if flag:
                    raise ValueError(f"{quote(value)} är inte tillåtet; skriv 0 eller 1")
                raise ValueError(f"{quote(value)} är inte tillåtet; skriv ett heltal {low}–{high}")
            return int(value)

        return self.converted(
            column, convert, kind, required=required, may_be_absent=may_be_absent, default=default
        )

    def number(
        self,
        column: str,
        *,
        required: bool = True,
        may_be_absent: bool = False,
        default: float | None = None,
        above: float | None = None,
        at_least: float | None = None,
        at_most: float | None = None,
    ) -> pa.Array:
        array = self.column(column, may_be_absent=may_be_absent)
        if column in self.absent:
            if default is not None:
                return pa.array(np.full(self.n, float(default)))
            return pa.nulls(self.n, pa.float64())
        # Checked once per distinct value, vectorised, then spread over the rows.
        encoded = array.dictionary_encode()
        distinct = encoded.dictionary
        codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
        has = codes >= 0
        good = mask(pc.match_substring_regex(distinct, _NUMBER))
        text = pc.if_else(pa.array(good), distinct, pa.scalar(None, pa.string()))
        numbers = pc.cast(pc.replace_substring(text, ",", "."), pa.float64())
        floats = numbers.to_numpy(zero_copy_only=False)
        with np.errstate(invalid="ignore"):
            wrong = np.zeros(len(distinct), dtype=bool)
            if above is not None:
                wrong |= floats <= above
            if at_least is not None:
                wrong |= floats < at_least
            if at_most is not None:
                wrong |= floats > at_most
        wrong &= good

        def rows_of(flags: np.ndarray) -> np.ndarray:
            result = np.zeros(self.n, dtype=bool)
            if len(flags):
                result[has] = flags[codes[has]]
            return result

        if not good.all():
            self.report(
                rows_of(~good),
                column,
                lambda r: (
                    f"{quote(self.value(column, r))} är inget tal "
                    "(skriv siffror med decimalkomma eller decimalpunkt, t.ex. 37,5)"
                ),
                "number",
            )
        if wrong.any():
            limits = []
            if above is not None:
                limits.append(f"större än {_decimal(above)}")
            if at_least is not None:
                limits.append(f"minst {_decimal(at_least)}")
            if at_most is not None:
                limits.append(f"högst {_decimal(at_most)}")
            self.report(
                rows_of(wrong),
                column,
                lambda r: (
                    f"{quote(self.value(column, r))} är utanför det tillåtna; "
                    f"värdet ska vara {' och '.join(limits)}"
                ),
                "range",
            )
            numbers = pc.if_else(pa.array(wrong), pa.scalar(None, pa.float64()), numbers)
        values = numbers.take(encoded.indices)
        if required:
            self.require(column, array)
        if default is not None:
            values = pc.fill_null(values, float(default))
        return values

    # -- rules over rows

    def codes(self, *arrays: pa.Array) -> np.ndarray:
        """An integer code per row for the combination of values; -1 where any is null.

        Each column is dictionary-encoded on its own and the codes are combined as integers
        (renumbered densely after each column, so they never overflow): no strings are built.
        """
        combined = np.zeros(self.n, dtype=np.int64)
        for array in arrays:
            column = value_codes(array)
            null = (combined < 0) | (column < 0)
            combined = combined * (int(column.max(initial=0)) + 1) + column
            combined = np.unique(combined, return_inverse=True)[1].astype(np.int64)
            combined[null] = -1
        return combined

    def first_of(self, codes: np.ndarray) -> np.ndarray:
        """For each row, the first row with the same code (itself for the first, -1 for none)."""
        firsts = np.full(self.n, -1, dtype=np.int64)
        valid = codes >= 0
        if not valid.any():
            return firsts
        unique, index = np.unique(codes[valid], return_index=True)
        rows = np.flatnonzero(valid)
        table = np.full(int(unique.max()) + 1, -1, dtype=np.int64)
        table[unique] = rows[index]
        firsts[valid] = table[codes[valid]]
        return firsts

    def unique(self, column: str, arrays: list[pa.Array], what: str) -> None:
        """Rows repeating an earlier row's key are errors on the later line (§1, Bad input)."""
        codes = self.codes(*arrays)
        firsts = self.first_of(codes)
        duplicate = (firsts >= 0) & (firsts != np.arange(self.n))
        if duplicate.any():
            self.report(
                duplicate,
                column,
                lambda r: f"{what} finns redan på {self.line(int(firsts[r]))}",
                "unique",
            )

    def refer(
        self,
        column: str,
        array: pa.Array,
        keys: pa.Array | None,
        target: str,
        *,
        show_value: bool = True,
    ) -> None:
        """Every given value must exist in ``keys`` (the referenced table's ids)."""
        if keys is None or column in self.absent:
            return
        found = mask(pc.is_in(array, value_set=keys))
        missing = present(array) & ~found
        if missing.any():
            if show_value:
                self.report(
                    missing,
                    column,
                    lambda r: f"{quote(self.value(column, r))} finns inte som {column} i {target}",
                    "reference",
                )
            else:
                self.report(missing, column, f"detta {column} finns inte i {target}", "reference")

    def person(self, column: str = "person_id") -> pa.Array:
        """A required column that refers to a person (§1, v1.3 spellings).

        A personnummer attempt that is not a valid personnummer is an error on its line,
        ``MISWRITTEN``, which never repeats the value; the row is not checked again.
        """
        array = self.text(column)
        miswritten = self.raw.columns.get(column + _MISWRITTEN)
        if miswritten is not None:
            self.report(mask(miswritten), column, MISWRITTEN, "personnummer")
        return array

    def refer_person(self, array: pa.Array, known: np.ndarray | None, target: str) -> None:
        """Every given person_id must be in persons; by the shared codes, never by value."""
        if known is None or "person_id" in self.absent:
            return
        codes = _person_codes(self.raw, array)
        given = codes >= 0
        missing = np.zeros(self.n, dtype=bool)
        missing[given] = ~known[codes[given]]
        self.report(missing, "person_id", f"detta person_id finns inte i {target}", "reference")

    def not_before(self, start: pa.Array, end: pa.Array) -> None:
        """``end_date ≥ start_date`` (§1, employments and absences)."""
        wrong = mask(pc.less(end, start))
        self.report(
            wrong,
            "end_date",
            lambda r: f"{quote(self.value('end_date', r))} ligger före start_date",
            "order",
        )


def _unique_keys(array: pa.Array) -> pa.Array:
    return pc.unique(pc.drop_null(array))


# ---- the tables ---------------------------------------------------------------------------


def _units(raw: RawTable, out: Collector) -> pa.Table:
    """hr-data.md §1, units: unique ids, one root, parents exist, no cycles."""
    t = _Table(raw, out)
    unit_id = t.text("unit_id")
    name = t.text("name")
    parent_id = t.text("parent_id", required=False)
    kind = t.enum("kind", schema.UNIT_KINDS, required=False, may_be_absent=True)
    t.unique("unit_id", [unit_id], "samma unit_id")
    if "unit_id" not in t.absent and "parent_id" not in t.absent:
        _unit_tree(t, unit_id.to_pylist(), parent_id.to_pylist())
    return pa.table([unit_id, name, parent_id, kind], schema=schema.TABLES["units"])


def _unit_tree(t: _Table, ids: list[str | None], parents: list[str | None]) -> None:
    n = len(ids)
    row_of: dict[str, int] = {}
    for row, uid in enumerate(ids):
        if uid is not None and uid not in row_of:
            row_of[uid] = row
    missing = np.zeros(n, dtype=bool)
    roots = []
    for row, parent in enumerate(parents):
        if ids[row] is None:
            continue
        if parent is None:
            roots.append(row)
        elif parent not in row_of:
            missing[row] = True
    t.report(
        missing,
        "parent_id",
        lambda r: f"{quote(parents[r])} finns inte som unit_id i {t.raw.file}",
        "reference",
    )
    if not roots:
        t.out.add(
            Issue(
                t.raw.file,
                None,
                t.label("parent_id"),
                "det finns ingen rot: precis en enhet ska ha tomt parent_id",
            )
        )
    elif len(roots) > 1:
        extra = np.zeros(n, dtype=bool)
        extra[roots[1:]] = True
        first = t.line(roots[0])
        t.report(
            extra,
            "parent_id",
            f"en andra rot: parent_id är tomt både här och på {first}; bara en enhet får ha "
            "tomt parent_id",
            "root",
        )
    # Cycles: follow parents from each unit; a walk that comes back to itself is a cycle.
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
    for start in row_of:
        walk: list[str] = []
        unit: str | None = start
        while unit is not None and unit in row_of and state.get(unit) is None:
            state[unit] = 1
            walk.append(unit)
            unit = parents[row_of[unit]]
        if unit is not None and state.get(unit) == 1:
            cycle = walk[walk.index(unit) :]
            rows = sorted(row_of[u] for u in cycle)
            later = max(rows, key=lambda r: t.raw.lines[r] if t.raw.lines[r] > 0 else 1 << 40)
            others = [t.line(r) for r in rows if r != later]
            flag = np.zeros(n, dtype=bool)
            flag[later] = True
            path = " → ".join(quote(u) for u in [*cycle, cycle[0]])
            also = f" (tillsammans med {', '.join(others)})" if others else ""
            t.report(
                flag,
                "parent_id",
                f"enheternas parent_id går runt i en ring: {path}{also}",
                "cycle",
                skip_reported=False,
            )
        for u in walk:
            state[u] = 2


def _persons(raw: RawTable, out: Collector, batch: pseudonym.Batch | None) -> pa.Table:
    """hr-data.md §1, persons: ids, personnummer checks, birth date and gender."""
    t = _Table(raw, out)
    person_id = t.person()
    t.unique("person_id", [person_id], "samma person_id")
    birth = t.date("birth_date", required=False, may_be_absent=True)
    gender = t.enum(
        "gender", schema.GENDERS, aliases=GENDER_ALIASES, required=False, may_be_absent=True
    )
    if batch is None or "person_id" in t.absent:
        return pa.table([person_id, birth, gender], schema=schema.TABLES["persons"])
    indices = raw.columns["person_id\x00codes"]
    codes = pc.fill_null(indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    ok = codes >= 0

    def per_row(facts: np.ndarray) -> np.ndarray:
        result = np.zeros(t.n, dtype=bool)
        result[ok] = facts[codes[ok]]
        return result

    checked = per_row(batch.is_attempt & ~batch.miswritten)  # reported by t.person()
    derived_birth = batch.born.take(indices)
    derived_gender = batch.gender.take(indices)
    given_birth = present(birth)
    given_gender = present(gender)
    t.report(
        checked & given_birth & ~mask(pc.equal(birth, derived_birth)),
        "birth_date",
        "stämmer inte med födelsedatumet i personnumret (person_id)",
        "agree",
    )
    t.report(
        checked & given_gender & ~mask(pc.equal(gender, derived_gender)),
        "gender",
        "stämmer inte med könet i personnumret (person_id)",
        "agree",
    )
    opaque = present(person_id) & ~per_row(batch.is_attempt)
    for column, given in (("birth_date", given_birth), ("gender", given_gender)):
        if column in t.absent:
            t.report(
                opaque,
                "person_id",
                f"filen har ingen kolumn {column}, och detta person_id är inget personnummer "
                "att hämta värdet ur",
                "derive " + column,
            )
        else:
            t.report(
                opaque & ~given,
                column,
                "ett värde krävs när person_id inte är ett personnummer",
                "required",
            )
    birth = pc.coalesce(birth, derived_birth)
    gender = pc.coalesce(gender, derived_gender)
    return pa.table([person_id, birth, gender], schema=schema.TABLES["persons"])


def _employments(
    raw: RawTable,
    out: Collector,
    persons: np.ndarray | None,
    units: pa.Array | None,
    person_file: str,
    unit_file: str,
) -> pa.Table:
    """hr-data.md §1, employments."""
    t = _Table(raw, out)
    employment_id = t.text("employment_id")
    t.unique("employment_id", [employment_id], "samma employment_id")
    person_id = t.person()
    t.refer_person(person_id, persons, person_file)
    unit_id = t.text("unit_id")
    t.refer("unit_id", unit_id, units, unit_file)
    occupation = t.text("occupation_code")
    start = t.date("start_date")
    end = t.date("end_date", required=False, may_be_absent=True)
    t.not_before(start, end)
    pay_form = t.enum("pay_form", schema.PAY_FORMS)
    rate = t.number("rate", required=False, may_be_absent=True, above=0, at_most=100)
    form = t.enum("form", schema.EMPLOYMENT_FORMS)
    manager = t.integer(
        "manager", 0, 1, required=False, may_be_absent=True, default=0, kind=pa.int8()
    )
    weekly = t.number(
        "weekly_hours", required=False, may_be_absent=True, default=40, above=0, at_most=168
    )
    end_reason = t.enum("end_reason", schema.END_REASONS, required=False, may_be_absent=True)
    monthly = mask(pc.equal(pay_form, "M"))
    needs_rate = monthly & ~present(rate)
    if "rate" in t.absent:
        if needs_rate.any():
            t.report(
                needs_rate,
                "pay_form",
                "filen har ingen kolumn rate, men rate krävs när pay_form är M",
                "rate",
            )
    else:
        raw_rate = present(raw.columns["rate"])
        t.report(needs_rate & ~raw_rate, "rate", "ett värde krävs när pay_form är M", "rate")
    hourly = mask(pc.equal(pay_form, "T"))
    rate = pc.if_else(pa.array(hourly), pa.scalar(None, pa.float64()), rate)
    return pa.table(
        [
            employment_id,
            person_id,
            unit_id,
            occupation,
            start,
            end,
            rate,
            pay_form,
            form,
            manager,
            weekly,
            end_reason,
        ],
        schema=schema.TABLES["employments"],
    )


def _absences(
    raw: RawTable,
    out: Collector,
    persons: np.ndarray | None,
    person_file: str,
    employments: tuple[pa.Table, RawTable] | None,
) -> pa.Table:
    """hr-data.md §1, absences: periods, types, extents; overlapping sjuk periods."""
    t = _Table(raw, out)
    person_id = t.person()
    t.refer_person(person_id, persons, person_file)
    start = t.date("start_date")
    end = t.date("end_date")
    t.not_before(start, end)
    kind = t.enum("type", schema.ABSENCE_TYPES)
    extent = t.number(
        "extent", required=False, may_be_absent=True, default=100, above=0, at_most=100
    )
    usable = present(person_id) & present(start) & present(end) & ~mask(pc.less(end, start))
    sick = usable & mask(pc.equal(kind, "sjuk"))
    if sick.any():
        _sick_overlaps(t, person_id, start, end, sick)
    if employments is not None and usable.any():
        _outside_employment(t, person_id, start, end, usable, *employments)
    return pa.table([person_id, start, end, kind, extent], schema=schema.TABLES["absences"])


def _known_persons(raw: RawTable | None, batch: pseudonym.Batch | None) -> np.ndarray | None:
    """Per person code (shared by the tables): is it a person_id of persons?"""
    if raw is None or batch is None or "person_id\x00persons" not in raw.columns:
        return None
    known = np.zeros(len(batch.pseudonyms), dtype=bool)
    codes = _person_codes(raw, raw.columns["person_id"])
    known[codes[codes >= 0]] = True
    return known


def _person_codes(raw: RawTable, person_id: pa.Array) -> np.ndarray:
    """Integer person codes shared by all tables (from pseudonymisation); -1 for null."""
    indices = raw.columns.get("person_id\x00persons")
    if indices is None:
        indices = person_id.dictionary_encode().indices
    return pc.fill_null(indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)


def _sick_overlaps(
    t: _Table, person_id: pa.Array, start: pa.Array, end: pa.Array, sick: np.ndarray
) -> None:
    """Two sjuk periods of one person must not overlap (§1, absences); vectorised sweep."""
    rows = np.flatnonzero(sick)
    take = pa.array(rows)
    codes = _person_codes(t.raw, person_id)[rows]
    first = _days(start.take(take))
    last = _days(end.take(take))
    lines = t.raw.lines[rows]
    order = (
        np.lexsort((lines, first, codes))
        if t.raw.extra_file
        else np.argsort(codes * _BIG + first, kind="stable")
    )
    key_start = codes[order] * _BIG + first[order] + _OFFSET
    key_end = codes[order] * _BIG + last[order] + _OFFSET
    running = np.maximum.accumulate(key_end)
    previous = np.concatenate([[-1], running[:-1]])
    overlap = np.flatnonzero(key_start <= previous)
    if not len(overlap):
        return
    holder = np.maximum.accumulate(np.where(key_end == running, np.arange(len(order)), 0))
    flagged = np.zeros(t.n, dtype=bool)
    other: dict[int, int] = {}
    for position in overlap:
        a = int(rows[order[position]])
        b = int(rows[order[holder[position - 1]]])
        later, earlier = (a, b) if t.raw.lines[a] > t.raw.lines[b] else (b, a)
        if not flagged[later]:
            flagged[later] = True
            other[later] = earlier
    t.report(
        flagged,
        "start_date",
        lambda r: (
            f"sjukperioden överlappar samma persons sjukperiod på {t.line(other[r])}; "
            "en persons sjukperioder får inte överlappa varandra"
        ),
        "overlap",
        skip_reported=False,
    )


def _outside_employment(
    t: _Table,
    person_id: pa.Array,
    start: pa.Array,
    end: pa.Array,
    usable: np.ndarray,
    employments: pa.Table,
    employments_raw: RawTable,
) -> None:
    """Warning: an absence with no day inside any employment of the person (§1, Bad input)."""
    e_codes = _person_codes(employments_raw, employments.column("person_id").combine_chunks())
    e_start = employments.column("start_date").combine_chunks()
    e_end = employments.column("end_date").combine_chunks()
    e_ok = (e_codes >= 0) & present(e_start)
    a_codes = _person_codes(t.raw, person_id)
    e_rows = np.flatnonzero(e_ok)
    e_first = _days(e_start)[e_rows]
    e_last = _days(e_end, _ONGOING)[e_rows]
    e_code = e_codes[e_rows]
    order = np.argsort(e_code * _BIG + e_first, kind="stable")
    key_start = e_code[order] * _BIG + e_first[order] + _OFFSET
    key_end = np.maximum.accumulate(e_code[order] * _BIG + e_last[order] + _OFFSET)
    a_rows = np.flatnonzero(usable)
    a_first = a_codes[a_rows] * _BIG + _days(start)[a_rows] + _OFFSET
    a_last = a_codes[a_rows] * _BIG + _days(end)[a_rows] + _OFFSET
    if len(key_start):
        j = np.searchsorted(key_start, a_last, side="right") - 1
        covered = (j >= 0) & (key_end[np.maximum(j, 0)] >= a_first)
    else:
        covered = np.zeros(len(a_rows), dtype=bool)
    outside = np.zeros(t.n, dtype=bool)
    outside[a_rows[~covered]] = True
    t.report(
        outside,
        None,
        "frånvaron ligger utanför personens alla anställningar (den behålls, men dagarna har "
        "ingen ordinarie arbetstid)",
        "outside employment",
        warning=True,
    )


def _surveys(raw: RawTable, out: Collector, units: pa.Array | None, unit_file: str) -> pa.Table:
    """hr-data.md §1, surveys: answers 1–5; one respondent agrees with themself."""
    t = _Table(raw, out)
    survey = t.text("survey")
    year = t.integer("year", 1900, 2200)
    respondent = t.person("respondent")
    unit_id = t.text("unit_id")
    t.refer("unit_id", unit_id, units, unit_file)
    manager = t.integer(
        "manager", 0, 1, required=False, may_be_absent=True, default=0, kind=pa.int8()
    )
    gender = t.enum(
        "gender", schema.GENDERS, aliases=GENDER_ALIASES, required=False, may_be_absent=True
    )
    question = t.text("question")
    hme = mask(pc.match_substring_regex(question, r"^hme[1-9]$", ignore_case=True))
    question = pc.if_else(pa.array(hme), pc.utf8_upper(question), question)
    answer = t.integer("answer", 1, 5, required=False, kind=pa.int8())
    respondent_codes = t.codes(survey, respondent)
    firsts = t.first_of(respondent_codes)
    later = (firsts >= 0) & (firsts != np.arange(t.n))
    for column, values in (("unit_id", unit_id), ("manager", manager), ("gender", gender)):
        if column in t.absent or not later.any():
            continue
        codes = value_codes(values)
        differs = later & (codes != codes[np.maximum(firsts, 0)])

        def disagree(row: int, values: pa.Array = values) -> str:
            here, there = (
                "" if values[r].as_py() is None else str(values[r].as_py())
                for r in (row, int(firsts[row]))
            )
            return (
                f"{quote(here) if here else 'tomt'} här men "
                f"{quote(there) if there else 'tomt'} på {t.line(int(firsts[row]))} "
                "för samma svarande i samma enkät; alla rader för en svarande i en enkät ska "
                "stämma överens"
            )

        t.report(
            differs,
            column,
            disagree,
            "respondent agrees",
            skip_reported=False,
        )
    t.unique("question", [survey, respondent, question], "samma svarandes svar på frågan")
    return pa.table(
        [survey, year, respondent, unit_id, manager, gender, question, answer],
        schema=schema.TABLES["surveys"],
    )


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _month(value: str) -> str:
    match = _MONTH.match(value)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"{quote(value)} är ingen månad (skriv ÅÅÅÅ-MM, t.ex. 2024-03)")
    return value


def _staffing(raw: RawTable, out: Collector, units: pa.Array | None, unit_file: str) -> pa.Table:
    """hr-data.md §1, staffing: unit, month YYYY-MM, four numbers ≥ 0 that may be empty."""
    t = _Table(raw, out)
    unit_id = t.text("unit_id")
    t.refer("unit_id", unit_id, units, unit_file)
    month = t.converted("month", _month, pa.string(), required=True)
    numbers = [
        t.number(c, required=False, at_least=0)
        for c in ("own_hours", "hired_hours", "own_cost", "hired_cost")
    ]
    return pa.table([unit_id, month, *numbers], schema=schema.TABLES["staffing"])


def _sam(raw: RawTable, out: Collector, units: pa.Array | None, unit_file: str) -> pa.Table:
    """hr-data.md §1, sam: one row per manager and year, compliant 0/1."""
    t = _Table(raw, out)
    year = t.integer("year", 1900, 2200)
    unit_id = t.text("unit_id")
    t.refer("unit_id", unit_id, units, unit_file)
    manager_key = t.text("manager_key")
    compliant = t.integer("compliant", 0, 1, kind=pa.int8())
    t.unique("manager_key", [year, manager_key], "samma manager_key och year")
    return pa.table([year, unit_id, manager_key, compliant], schema=schema.TABLES["sam"])


def _salaries(
    raw: RawTable, out: Collector, persons: np.ndarray | None, person_file: str
) -> pa.Table:
    """hr-data.md §1, salaries: person, date, monthly salary (SEK, > 0)."""
    t = _Table(raw, out)
    person_id = t.person()
    t.refer_person(person_id, persons, person_file)
    day = t.date("date")
    salary = t.number("monthly_salary", above=0)
    return pa.table([person_id, day, salary], schema=schema.TABLES["salaries"])


def _occupations(raw: RawTable, out: Collector) -> pa.Table:
    """hr-data.md §1, occupations: code (unique), name, group (empty = its own group)."""
    t = _Table(raw, out)
    code = t.text("occupation_code")
    t.unique("occupation_code", [code], "samma occupation_code")
    name = t.text("name")
    group = t.text("group", required=False)
    return pa.table([code, name, group], schema=schema.TABLES["occupations"])


# ---- the whole data set -------------------------------------------------------------------

_PERSON_TABLES = ("persons", "employments", "absences", "salaries")
_KEY_COLUMNS = {"employments": "employment_id", "surveys": "respondent", "sam": "manager_key"}
_PERSON_KEY_COLUMNS = {"respondent"}  # refers to a person (§1, v1.3: surveys)


def read_dataset(
    folder: Path,
    *,
    pseudonym_key: str | bytes,
    mapping: Mapping | None = None,
    today: dt.date | None = None,
) -> ReadResult:
    """Read and validate the data set in ``folder`` (hr-data.md §1).

    Returns every table of ``schema.TABLES`` in its schema (absent optional tables empty),
    the warnings and the files read. Raises ``DatasetError`` with every error (and the
    warnings) when anything is wrong: the data set is then rejected whole.
    """
    folder = Path(folder)
    key = pseudonym_key.encode("utf-8") if isinstance(pseudonym_key, str) else bytes(pseudonym_key)
    if not key:
        raise ValueError("pseudonymnyckeln är tom")
    today = today or dt.date.today()
    out = Collector()
    if not folder.is_dir():
        raise DatasetError([Issue(str(folder), None, None, "mappen finns inte")])
    loader = _Loader(folder, out, mapping)
    raws = loader.load(today)
    loader.books.clear()
    loader.sources.clear()  # the raw values, personnummer included, are not kept

    batch = _pseudonymise(raws, key, today)
    for table, column in _KEY_COLUMNS.items():
        raw = raws[table]
        if raw is not None:
            _pseudonymise_keys(
                raw, column, key, today, refers_to_person=column in _PERSON_KEY_COLUMNS
            )

    tables: dict[str, pa.Table] = {}
    files: list[SourceFile] = []

    def file_of(table: str) -> str:
        raw = raws[table]
        return raw.file if raw is not None else f"{table}.csv"

    def keys(table: str, column: str) -> pa.Array | None:
        if raws[table] is None or column not in raws[table].columns:  # type: ignore[union-attr]
            return None
        return _unique_keys(tables[table].column(column).combine_chunks())

    def run(table: str, build: Callable[[RawTable], pa.Table]) -> None:
        raw = raws[table]
        if raw is None:
            tables[table] = schema.empty_table(table)
            return
        tables[table] = build(raw)

    run("units", lambda raw: _units(raw, out))
    run("persons", lambda raw: _persons(raw, out, batch))
    unit_keys = keys("units", "unit_id")
    person_keys = _known_persons(raws["persons"], batch)
    run(
        "employments",
        lambda raw: _employments(
            raw, out, person_keys, unit_keys, file_of("persons"), file_of("units")
        ),
    )
    run(
        "absences",
        lambda raw: _absences(
            raw,
            out,
            person_keys,
            file_of("persons"),
            (tables["employments"], raws["employments"])
            if raws["employments"] is not None
            else None,
        ),
    )
    run("surveys", lambda raw: _surveys(raw, out, unit_keys, file_of("units")))
    run("staffing", lambda raw: _staffing(raw, out, unit_keys, file_of("units")))
    run("sam", lambda raw: _sam(raw, out, unit_keys, file_of("units")))
    run("salaries", lambda raw: _salaries(raw, out, person_keys, file_of("persons")))
    run("occupations", lambda raw: _occupations(raw, out))

    for table, raw in raws.items():
        if raw is not None:
            files.append(SourceFile(table, raw.file, raw.sha256, tables[table].num_rows))
    out.finish()
    errors = _in_order(out.errors)
    warnings = _in_order(out.warnings)
    if errors:
        raise DatasetError(errors, warnings)
    return ReadResult(tables, warnings, files)


def _in_order(issues: list[Issue]) -> list[Issue]:
    """Issues by file (in the order first met): file-level ones, then by line, then counts."""
    order: dict[str, int] = {}
    for issue in issues:
        order.setdefault(issue.file, len(order))

    def key(issue: Issue) -> tuple[int, int, int]:
        if issue.message.startswith(MORE):
            return order[issue.file], 2, 0
        if issue.line is None:
            return order[issue.file], 0, 0
        return order[issue.file], 1, issue.line

    return sorted(issues, key=key)
