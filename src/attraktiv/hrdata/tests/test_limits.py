"""Issue 11, part 8: what one file may hold before it is read (``hrdata/limits.py``), checked
by the reader before parsing: a workbook from its ZIP directory (a real zip bomb), a CSV
file's size, a Parquet file's uncompressed size."""

from __future__ import annotations

import shutil
import time
import tracemalloc
import zipfile

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from attraktiv.hrdata import sources
from attraktiv.hrdata.issues import Collector
from attraktiv.hrdata.limits import MB, FileLimits, file_limits, megabytes
from attraktiv.hrdata.tests.bombs import BOMB_PROBLEM
from attraktiv.hrdata.tests.helpers import errors_of, read, write_dataset


def test_the_limits_come_from_the_environment():
    assert file_limits({}) == FileLimits(200 * MB, 1000 * MB)
    assert file_limits({"ATTRAKTIV_MAX_UPLOAD_MB": "50"}) == FileLimits(50 * MB, 250 * MB)
    assert file_limits(
        {"ATTRAKTIV_MAX_UPLOAD_MB": "0,5", "ATTRAKTIV_MAX_UNPACKED_MB": "2"}
    ) == FileLimits(MB // 2, 2 * MB)
    for bad in ("0", "-1", "many"):
        with pytest.raises(ValueError, match="ATTRAKTIV_MAX_UPLOAD_MB"):
            file_limits({"ATTRAKTIV_MAX_UPLOAD_MB": bad})


def test_sizes_are_written_the_swedish_way():
    assert megabytes(400_000) == "0,4\u00a0MB"
    assert megabytes(12_345) == "13\u00a0kB"
    assert megabytes(400 * MB) == "400\u00a0MB"
    assert megabytes(1000 * MB) == "1\u00a0000\u00a0MB"


def test_a_zip_bomb_is_refused_from_its_directory_without_being_unpacked(tmp_path, zip_bomb):
    """The 0.4 MB workbook whose sheet unpacks to 400 MB: one problem naming the file, in
    well under a second and a few MB of memory (unpacked, it took 1.3 GB and 10 s)."""
    assert zip_bomb.stat().st_size < 0.5 * MB
    with zipfile.ZipFile(zip_bomb) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size > 399 * MB
    folder = write_dataset(tmp_path / "data", drop=("units.csv",))
    shutil.copy(zip_bomb, folder / "units.xlsx")
    tracemalloc.start()
    started = time.monotonic()
    try:
        errors = errors_of(folder)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 5
    assert peak < 20 * MB, f"{peak / MB:.0f} MB"
    assert len(errors) == 1 and BOMB_PROBLEM.fullmatch(errors[0]), errors


def test_a_workbook_that_unpacks_past_the_limit_is_refused(tmp_path, zip_bomb, monkeypatch):
    monkeypatch.setenv("ATTRAKTIV_MAX_UNPACKED_MB", "300")
    out = Collector()
    assert sources.read_workbook(zip_bomb, out) is None
    assert [str(issue) for issue in out.errors] == [
        "units.xlsx: arbetsboken packas upp till 400\u00a0MB, mer än gränsen 300\u00a0MB"
    ]


def test_a_zip_of_too_many_entries_is_refused(tmp_path):
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for number in range(10_001):
            archive.writestr(f"x/{number}.xml", b"")
    out = Collector()
    assert sources.read_workbook(path, out, FileLimits(MB, MB)) is None
    assert [issue.message for issue in out.errors] == [
        "arbetsboken består av 10\u00a0001 delar, fler än gränsen 10\u00a0000"
    ]


def test_a_csv_file_larger_than_the_unpacked_limit_is_not_read(tmp_path, monkeypatch):
    folder = write_dataset(tmp_path / "data")
    monkeypatch.setenv("ATTRAKTIV_MAX_UNPACKED_MB", "0.0002")  # 200 bytes
    assert (folder / "employments.csv").stat().st_size > 200
    assert errors_of(folder) == [
        "employments.csv: filen är 1\u00a0kB, mer än gränsen 1\u00a0kB för en fil som läses in"
    ]


def test_a_parquet_file_stops_being_read_when_its_data_passes_the_limit(tmp_path):
    """A few kB of Parquet (one repeated value) that unpacks to 1.2 MB of text."""
    path = tmp_path / "absences.parquet"
    pq.write_table(pa.table({"person_id": ["P" * 10] * 100_000}), path, compression="zstd")
    assert path.stat().st_size < 20_000
    out = Collector()
    assert sources.read_parquet(path, path.name, out, FileLimits(MB, MB)) is None
    assert [str(issue) for issue in out.errors] == [
        "absences.parquet: filens data blir större än gränsen 1 MB när den packas upp"
    ]
    assert sources.read_parquet(path, path.name, Collector(), FileLimits(MB, 2 * MB)) is not None


def test_a_large_sheet_is_read_in_chunks_to_the_same_columns(tmp_path, monkeypatch):
    folder = write_dataset(tmp_path / "data", drop=("absences.csv",))
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["person_id", "start_date", "end_date", "type", "extent"])
    for day in range(1, 29):
        sheet.append(["P2", f"2021-02-{day:02d}", f"2021-02-{day:02d}", "sjuk", 100])
    book.save(folder / "absences.xlsx")
    whole = read(folder).tables["absences"]
    monkeypatch.setattr(sources, "SHEET_CHUNK_ROWS", 5)
    assert read(folder).tables["absences"].equals(whole)
    assert whole.num_rows == 28
