"""The real Yrkesbarometer sample (tests/fixtures/external/af_yrkesbarometer/, pinned by its
sha256) and the synthetic region's competences."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

SAMPLE = (
    Path(__file__).resolve().parents[4]
    / "tests"
    / "fixtures"
    / "external"
    / "af_yrkesbarometer"
    / "yrkesbarometer_2026-1_riket_halso_sjukvard.csv"
)
SAMPLE_SHA256_PREFIX = "c210aee4ac162778"


def sample_records() -> list[dict[str, str]]:
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(
    path: Path,
    records: list[dict[str, str]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    columns: list[str] | None = None,
) -> Path:
    columns = columns or list(records[0])
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=columns, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({name: record.get(name, "") for name in columns} for record in records)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_json(path: Path, records: Sequence[Mapping[str, object]]) -> Path:
    """One object per line, as a pretty-printed export would be."""
    body = ",\n".join("  " + json.dumps(record, ensure_ascii=False) for record in records)
    path.write_text("[\n" + body + "\n]\n", encoding="utf-8")
    return path
