"""How much one file may hold before it is read (issue 11, part 8: uploads).

Two limits, set by the environment (README, "Configuration") and shared by the pages and
the ``import`` and ``kpi`` commands, which is why they live here, without Django:

- ``ATTRAKTIV_MAX_UPLOAD_MB`` (default 200): the largest file an upload may carry; the web
  side stops receiving a file as soon as it passes it (``attraktiv.core.uploads``).
- ``ATTRAKTIV_MAX_UNPACKED_MB`` (default 5 × the upload limit): the most data one file may
  hold when it is read: a CSV file's size, a workbook's unpacked size, a Parquet file's
  data as it is read.

A workbook (XLSX, a ZIP container) is checked from its ZIP central directory before anything
is unpacked: the entries' declared sizes (Python's ``zipfile``, which openpyxl reads through,
never returns more than an entry declares), the number of entries, and each large entry's
compression ratio, as Apache POI's ``ZipSecureFile`` does. A 0.4 MB "zip bomb" whose sheet
unpacks to 400 MB is rejected without being parsed.
"""

from __future__ import annotations

import math
import os
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .issues import quote, whole

MB = 1_000_000
DEFAULT_UPLOAD_MB = 200
UNPACKED_PER_UPLOAD = 5
"""The unpacked limit, unless set, is this many times the upload limit."""
MAX_ZIP_ENTRIES = 10_000
"""A workbook has a few files per sheet; more entries than this is no workbook of ours."""
MAX_COMPRESSION_RATIO = 100
"""Unpacked ÷ packed size beyond which an entry is refused (Apache POI's default, 1 : 0.01);
real sheets pack about 10 times."""
RATIO_FREE_BYTES = MB
"""Entries that unpack to less than this are not checked for their ratio."""


@dataclass(frozen=True)
class FileLimits:
    """The upload limit and the unpacked limit, in bytes."""

    upload_bytes: int
    unpacked_bytes: int


def file_limits(environ: Mapping[str, str] | None = None) -> FileLimits:
    """The limits the environment sets (``ATTRAKTIV_MAX_UPLOAD_MB``, ``ATTRAKTIV_MAX_UNPACKED_MB``);
    raises ``ValueError`` naming the variable when a value is not a positive number."""
    environ = os.environ if environ is None else environ
    upload_mb = _megabytes(environ, "ATTRAKTIV_MAX_UPLOAD_MB", DEFAULT_UPLOAD_MB)
    unpacked_mb = _megabytes(environ, "ATTRAKTIV_MAX_UNPACKED_MB", UNPACKED_PER_UPLOAD * upload_mb)
    return FileLimits(round(upload_mb * MB), round(unpacked_mb * MB))


def _megabytes(environ: Mapping[str, str], name: str, default: float) -> float:
    text = environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = 0.0
    if not value > 0:
        raise ValueError(f"{name} ska vara ett positivt antal megabyte, inte {quote(text)}")
    return value


def megabytes(size: int) -> str:
    """A size in bytes as Swedish text: ``0,4 MB``, ``400 MB``, ``1 000 MB`` (``12 kB`` for
    less than 0,1 MB)."""
    if size < MB // 10:
        return f"{whole(math.ceil(size / 1000))}\u00a0kB"
    value = size / MB
    if value < 10:
        text = f"{value:.1f}".replace(".", ",").removesuffix(",0")
    else:
        text = whole(round(value))
    return f"{text}\u00a0MB"


def file_size_problem(path: Path, limits: FileLimits) -> str | None:
    """Why a file that is read as it is (CSV) holds too much data, or None."""
    size = path.stat().st_size
    if size <= limits.unpacked_bytes:
        return None
    return (
        f"filen är {megabytes(size)}, mer än gränsen {megabytes(limits.unpacked_bytes)}"
        " för en fil som läses in"
    )


def unpacked_size_problem(limit: int) -> str:
    """Why a file whose data grew past ``limit`` bytes as it was unpacked (Parquet) is refused."""
    return f"filens data blir större än gränsen {megabytes(limit)} när den packas upp"


def workbook_problem(path: Path, limits: FileLimits) -> str | None:
    """Why a workbook (a ZIP container) must not be unpacked, from its central directory
    alone, or None. A file that is no ZIP archive is left to the workbook reader to report."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if len(entries) > MAX_ZIP_ENTRIES:
        return (
            f"arbetsboken består av {whole(len(entries))} delar, fler än gränsen"
            f" {whole(MAX_ZIP_ENTRIES)}"
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > limits.unpacked_bytes:
        return (
            f"arbetsboken packas upp till {megabytes(unpacked)}, mer än gränsen"
            f" {megabytes(limits.unpacked_bytes)}"
        )
    for entry in entries:
        if entry.file_size < RATIO_FREE_BYTES:
            continue
        ratio = entry.file_size / max(entry.compress_size, 1)
        if ratio > MAX_COMPRESSION_RATIO:
            return (
                f"arbetsbokens del {quote(entry.filename, 60)} packas upp {whole(round(ratio))}"
                f" gånger ({megabytes(entry.compress_size)} till {megabytes(entry.file_size)}),"
                f" mer än gränsen {MAX_COMPRESSION_RATIO} gånger: filen läses inte"
            )
    return None
