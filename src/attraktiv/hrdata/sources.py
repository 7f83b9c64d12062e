"""Reading one table file (CSV, XLSX sheet or Parquet) as text columns (hr-data.md §1).

Every value becomes a string, trimmed, with an empty cell as null; conversion and validation
happen later, vectorised, in ``attraktiv.hrdata.reader``. Each row keeps the line a text
editor shows (header = line 1): for CSV ``row index + 2`` unless a quoted field holds a line
break or the file has blank lines (then the lines are counted exactly, more slowly), for a
workbook the sheet row, for Parquet ``row index + 2``.

CSV as Swedish offices write it (§1): UTF-8 with or without BOM, or Windows-1252 (detected);
delimiter ``,`` ``;`` or tab (detected from the header line).

A file's data is held against the unpacked limit (``limits.py``) before it is parsed: a CSV
file's size, a workbook's unpacked size from its ZIP directory; a Parquet file's as its
batches are read. A file over it is one ``file: …`` problem and is not read further.
``limits`` defaults to the environment's.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from .issues import Collector, Issue, quote, redact
from .limits import (
    FileLimits,
    file_limits,
    file_size_problem,
    unpacked_size_problem,
    workbook_problem,
)

_NULL_STRING = pa.scalar(None, pa.string())


@dataclass
class Source:
    """A file (or a workbook's sheet) read as text: header names and one column per name."""

    name: str  # as the user gave it: "employments.csv", "data.xlsx[employments]"
    path: Path
    sha256: str
    header: list[str]
    columns: list[pa.Array]
    lines: np.ndarray  # int64, the line of each row
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return len(self.lines)

    def column(self, name: str) -> int | None:
        """The index of the column called ``name`` (case-insensitive), or None."""
        wanted = name.strip().casefold()
        for index, header in enumerate(self.header):
            if header.casefold() == wanted:
                return index
        return None


def clean(array: pa.Array | pa.ChunkedArray, *, ascii_only: bool = False) -> pa.Array:
    """Trim whitespace and turn empty strings into nulls (hr-data.md §1: empty = missing).

    ``ascii_only``: the caller knows the text is ASCII (no no-break spaces to trim).
    """
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if not pa.types.is_string(array.type):
        array = array.cast(pa.string())
    trimmed = pc.ascii_trim_whitespace(array)
    if not ascii_only and pc.all(pc.string_is_ascii(trimmed)).as_py() is False:
        trimmed = pc.utf8_trim_whitespace(trimmed)  # e.g. a no-break space
    if pc.any(pc.equal(trimmed, "")).as_py():
        trimmed = pc.if_else(pc.equal(trimmed, ""), _NULL_STRING, trimmed)
    return trimmed


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ---- CSV -----------------------------------------------------------------------------------


_BAD_BOM = (
    "filen börjar med en UTF-8-markering (BOM) men är inte giltig UTF-8-text; spara den som UTF-8"
)


_NOT_TEXT = "filen är varken UTF-8- eller Windows-1252-text; spara den som UTF-8"


def _cp1252(data: bytes) -> tuple[bytes | None, int | None]:
    """The file re-encoded from Windows-1252 to UTF-8, or None and the line of the first byte
    that is no Windows-1252 character (header = line 1)."""
    try:
        return data.decode("cp1252").encode("utf-8"), None
    except UnicodeDecodeError as error:
        return None, data.count(b"\n", 0, error.start) + 1


def csv_delimiter(header_line: str) -> str:
    """hr-data.md §1: the delimiter (``,`` ``;`` or tab) that occurs most often outside quotes
    in the header line; ``,`` when none does."""
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda c: counts[c])
    return best if counts[best] else ","


def _record_lines(text: str, delimiter: str, width: int) -> tuple[list[int], list[tuple[int, int]]]:
    """Exact start lines of the data records and (line, fields) of records of wrong width.

    The slow path (Python's csv module), used only when a quoted field holds a line break,
    the file has blank lines or rows of the wrong width.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    good: list[int] = []
    bad: list[tuple[int, int]] = []
    previous = 0
    header_seen = False
    for record in reader:
        start = previous + 1
        previous = reader.line_num
        if not record:
            continue
        if not header_seen:
            header_seen = True
            continue
        if len(record) == width:
            good.append(start)
        else:
            bad.append((start, len(record)))
    return good, bad


def _parse(data: bytes, delimiter: str, width: int) -> tuple[pa.Table, int]:
    """Arrow's multi-threaded parse of everything after the header, all columns as text."""
    invalid = 0

    def on_invalid(row: Any) -> str:
        nonlocal invalid
        invalid += 1
        return "skip"

    table = pacsv.read_csv(
        pa.py_buffer(data),
        read_options=pacsv.ReadOptions(
            column_names=[f"c{i}" for i in range(width)], skip_rows=1, block_size=1 << 24
        ),
        parse_options=pacsv.ParseOptions(
            delimiter=delimiter,
            newlines_in_values=data.find(b'"') >= 0,
            invalid_row_handler=on_invalid,
        ),
        convert_options=pacsv.ConvertOptions(
            column_types={f"c{i}": pa.string() for i in range(width)},
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
            null_values=[""],
        ),
    )
    return table, invalid


def read_csv(
    path: Path, name: str, out: Collector, limits: FileLimits | None = None
) -> Source | None:
    """A CSV file as a Source (hr-data.md §1: encodings, delimiters)."""
    problem = file_size_problem(path, limits or file_limits())
    if problem:
        out.add(Issue(name, None, None, problem))
        return None
    raw = path.read_bytes()
    sha = _sha256(raw)
    bom = raw.startswith(b"\xef\xbb\xbf")
    data = raw[3:] if bom else raw
    end = data.find(b"\n")
    first_bytes = (data if end < 0 else data[:end]).rstrip(b"\r")
    encoding = "utf-8"
    try:
        first = first_bytes.decode("utf-8")
    except UnicodeDecodeError:
        first = ""
        encoding = "windows-1252"
    if encoding == "windows-1252" and not bom:
        converted, line = _cp1252(data)
        if converted is None:
            out.add(Issue(name, line, None, _NOT_TEXT))
            return None
        data = converted
        end = data.find(b"\n")
        first = (data if end < 0 else data[:end]).rstrip(b"\r").decode("utf-8")
    if encoding == "windows-1252" and bom:
        out.add(Issue(name, None, None, _BAD_BOM))
        return None
    if not first.strip():
        out.add(Issue(name, 1, None, "första raden ska vara rubrikraden med kolumnernas namn"))
        return None
    delimiter = csv_delimiter(first)
    header = [h.strip() for h in next(csv.reader([first], delimiter=delimiter))]
    width = len(header)
    try:
        try:
            table, invalid = _parse(data, delimiter, width)
        except pa.ArrowInvalid as error:
            if "UTF8" not in str(error) and "utf8" not in str(error).lower():
                raise
            if bom:
                out.add(Issue(name, None, None, _BAD_BOM))
                return None
            converted, line = _cp1252(data)
            if converted is None:
                out.add(Issue(name, line, None, _NOT_TEXT))
                return None
            data, encoding = converted, "windows-1252"
            table, invalid = _parse(data, delimiter, width)
    except pa.ArrowException as error:
        out.add(Issue(name, None, None, "filen kunde inte läsas som CSV: " + redact(str(error))))
        return None

    rows = table.num_rows
    blank = data.find(b"\n\n") >= 0 or data.find(b"\n\r\n") >= 0 or data.startswith(b"\n")
    if data.find(b'"') < 0:
        exact = not blank
    else:
        exact = data.count(b"\n") + (not data.endswith(b"\n")) == rows + 1
    if not invalid and exact:
        lines = np.arange(2, rows + 2, dtype=np.int64)
    else:
        good, bad = _record_lines(data.decode("utf-8"), delimiter, width)
        for line, fields in bad[: out.per_rule]:
            out.add(
                Issue(name, line, None, f"raden har {fields} fält men rubrikraden har {width}"),
                rule="width",
            )
        if len(bad) > out.per_rule:
            out.add_many([], len(bad) - out.per_rule, file=name, column=None, rule="width")
        if len(good) != rows:  # the two parsers disagree: number by index, never fail
            good = list(range(2, rows + 2))
        lines = np.asarray(good, dtype=np.int64)
    ascii_only = data.isascii()
    columns = [clean(table.column(i), ascii_only=ascii_only) for i in range(width)]
    return Source(name, path, sha, header, columns, lines, {"encoding": encoding, "sep": delimiter})


# ---- XLSX ----------------------------------------------------------------------------------


def cell_text(value: object) -> str | None:
    """A workbook or Parquet cell as the text a CSV would hold."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


# Rows of a sheet gathered as Python values before they become Arrow arrays, so a large
# sheet is held as Arrow (a few bytes a cell), not as millions of Python strings.
SHEET_CHUNK_ROWS = 50_000


def read_sheet(path: Path, name: str, sha: str, rows: Any) -> Source:
    """A sheet (an iterator of row tuples) as a Source; row 1 is the header."""
    iterator = iter(rows)
    header_row = next(iterator, ())
    header = [(cell_text(h) or "").strip() for h in header_row]
    while header and not header[-1]:
        header.pop()
    width = len(header)
    chunks: list[list[pa.Array]] = [[] for _ in range(width)]
    values: list[list[str | None]] = [[] for _ in range(width)]
    lines: list[int] = []

    def flush() -> None:
        for i in range(width):
            chunks[i].append(pa.array(values[i], type=pa.string()))
            values[i].clear()

    for number, row in enumerate(iterator, start=2):
        texts = [cell_text(row[i]) if i < len(row) else None for i in range(width)]
        if all(t is None or not t.strip() for t in texts):
            continue
        lines.append(number)
        for i, text in enumerate(texts):
            values[i].append(text)
        if len(values[0]) >= SHEET_CHUNK_ROWS:
            flush()
    flush()
    columns = [clean(pa.chunked_array(c, type=pa.string())) for c in chunks]
    return Source(name, path, sha, header, columns, np.asarray(lines, dtype=np.int64))


def read_workbook(
    path: Path, out: Collector, limits: FileLimits | None = None
) -> dict[str, Source] | None:
    """Every sheet of a workbook as a Source named ``file.xlsx[sheet]``, keyed by sheet name.

    The workbook is checked from its ZIP directory first (``limits.workbook_problem``) and
    read by openpyxl in read-only mode, streaming each sheet's XML.
    """
    import openpyxl

    problem = workbook_problem(path, limits or file_limits())
    if problem:
        out.add(Issue(path.name, None, None, problem))
        return None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds
        out.add(Issue(path.name, None, None, "arbetsboken kunde inte läsas: " + redact(str(error))))
        return None
    sha = _sha256_file(path)
    try:
        return {
            sheet.title: read_sheet(
                path, f"{path.name}[{sheet.title}]", sha, sheet.iter_rows(values_only=True)
            )
            for sheet in book.worksheets
        }
    finally:
        book.close()


# ---- Parquet -------------------------------------------------------------------------------


def _parquet_text(array: pa.ChunkedArray) -> pa.Array:
    array = array.combine_chunks()
    kind = array.type
    if pa.types.is_dictionary(kind):
        array = array.dictionary_decode()
        kind = array.type
    if pa.types.is_boolean(kind):
        return clean(pc.if_else(array, "1", "0"))
    if pa.types.is_timestamp(kind):
        return clean(pc.cast(pc.cast(array, pa.date32()), pa.string()))
    return clean(pc.cast(array, pa.string()))


# Rows per batch while a Parquet file is read and its unpacked size counted.
PARQUET_BATCH_ROWS = 65_536


def read_parquet(
    path: Path, name: str, out: Collector, limits: FileLimits | None = None
) -> Source | None:
    """A Parquet file as a Source; the line of row ``i`` is ``i + 2`` (§1, Bad input).

    It is read batch by batch and its unpacked size counted as it grows: a file whose data
    passes the unpacked limit (a small file of a few repeated values can hold any number of
    rows) stops being read there.
    """
    import pyarrow.parquet as pq

    limit = (limits or file_limits()).unpacked_bytes
    try:
        with pq.ParquetFile(path) as parquet:
            batches = []
            unpacked = 0
            for batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS):
                unpacked += batch.nbytes
                if unpacked > limit:
                    out.add(Issue(name, None, None, unpacked_size_problem(limit)))
                    return None
                batches.append(batch)
            table = pa.Table.from_batches(batches, schema=parquet.schema_arrow)
    except (pa.ArrowException, OSError) as error:
        out.add(
            Issue(name, None, None, "filen kunde inte läsas som Parquet: " + redact(str(error)))
        )
        return None
    columns = []
    for index, field_ in enumerate(table.schema):
        try:
            columns.append(_parquet_text(table.column(index)))
        except (pa.ArrowException, ValueError):
            out.add(
                Issue(name, 1, field_.name, f"kolumnens typ {quote(field_.type)} kan inte läsas")
            )
            columns.append(pa.nulls(table.num_rows, pa.string()))
    lines = np.arange(2, table.num_rows + 2, dtype=np.int64)
    return Source(name, path, _sha256_file(path), [f.name for f in table.schema], columns, lines)


# ---- a contract table before conversion -----------------------------------------------------


@dataclass
class RawTable:
    """One contract table as text columns, before conversion and validation.

    ``lines[i]`` is the line of row ``i`` in ``file``; a negative line ``-k`` is the k-th
    fixed extra row of a mapping (``extra_file``). ``display`` gives each column's name as
    the user sees it (the file's header, or the mapping's source column).
    """

    table: str
    file: str
    lines: np.ndarray
    columns: dict[str, pa.Array]
    display: dict[str, str]
    reported: dict[str, np.ndarray] = field(default_factory=dict)
    extra_file: str | None = None
    sha256: str = ""

    @property
    def rows(self) -> int:
        return len(self.lines)

    def where(self, row: int) -> tuple[str, int | None, str]:
        """File, line and message prefix of row ``row``."""
        line = int(self.lines[row])
        if line < 0:
            return (
                self.extra_file or self.file,
                None,
                f"extra rad {-line} i [tables.{self.table}]: ",
            )
        return self.file, line, ""

    def mark(self, column: str, mask: np.ndarray) -> None:
        """Remember rows already reported for ``column`` (no second error for them)."""
        old = self.reported.get(column)
        self.reported[column] = mask.copy() if old is None else (old | mask)

    def unreported(self, column: str) -> np.ndarray:
        old = self.reported.get(column)
        return np.ones(self.rows, dtype=bool) if old is None else ~old


def plain_table(source: Source, table: str, known: tuple[str, ...], out: Collector) -> RawTable:
    """A Source whose header names the contract's columns (case-insensitive, §1).

    Unknown columns are ignored with a warning; a column named twice is an error.
    """
    columns: dict[str, pa.Array] = {}
    display: dict[str, str] = {}
    for index, header in enumerate(source.header):
        key = header.casefold()
        if key in known:
            if key in columns:
                out.add(
                    Issue(source.name, 1, header, f"kolumnen {key} finns två gånger i rubrikraden")
                )
                continue
            columns[key] = source.columns[index]
            display[key] = header
        else:
            out.add(
                Issue(
                    source.name,
                    1,
                    header or f"(kolumn {index + 1} utan namn)",
                    f"okänd kolumn, hoppas över; kolumnerna i {table} är {', '.join(known)}",
                ),
                warning=True,
            )
    return RawTable(table, source.name, source.lines, columns, display, sha256=source.sha256)
