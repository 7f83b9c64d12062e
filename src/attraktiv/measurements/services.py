"""Recomputing the stored measurements from the stored microdata.

The microdata are read through ADBC (``datasets.services.extract_dataset``) and handed to the
indicator engine (one ``attraktiv.indicators.Engine`` session, so the data are loaded into
DuckDB once) for every year the data covers, for all units, once for the totals and once per
breakdown dimension, and for the programme indicators that follow a fixed breakdown cell
(``role = chef``) that cell crossed with gender, so they too can be shown for women and men.
The engine's rows replace the stored measurements in one transaction, so pages never see
half a recompute. Years whose microdata were purged (``attraktiv purge``) are neither
computed nor replaced: their measurements stay as they were computed from the full data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pyarrow as pa
import pyarrow.compute as pc
from django.db import transaction
from django.utils import timezone

from attraktiv.datasets.models import ImportRecord
from attraktiv.datasets.services import bulk_load, extract_dataset, replace_table, years_covered
from attraktiv.indicators import DIMENSIONS, ROW_SCHEMA, Engine
from attraktiv.indicators.output import DIMENSION_LABELS
from attraktiv.indicators.params import variant_key
from attraktiv.measurements.models import Measurement
from attraktiv.operations.models import kept_before
from attraktiv.organisation.models import Unit

Progress = Callable[[float, str], None]

# Share of the progress bar for reading the data; computing takes the rest but a little
# for storing.
EXTRACT_SHARE = 0.05
STORE_SHARE = 0.05


def breakdowns() -> list[tuple[str, ...]]:
    """The totals, then each single breakdown dimension."""
    return [(), *((dimension,) for dimension in DIMENSIONS)]


def recompute(
    progress: Progress | None = None,
    *,
    source_import: ImportRecord | None = None,
    years: Sequence[int] | None = None,
) -> int:
    """Recompute every measurement from the stored data; returns the number of rows stored.

    ``progress(fraction, message)`` is called as the work advances (fraction 0–1).
    """

    done = 0.0

    def report(fraction: float, message: str) -> None:
        nonlocal done
        done = min(1.0, max(done, fraction))  # never backwards
        if progress:
            progress(done, message)

    report(0.0, "läser sparade data")
    dataset = extract_dataset(progress=lambda table: report(0.0, f"läser {table}"))
    if years is None:
        first, last = years_covered(dataset)
        years = list(range(first, last + 1))
    kept = kept_before()
    if kept is not None:  # purged years keep their measurements (operations.models.Purge)
        years = [year for year in years if year >= kept]
    span = 1.0 - EXTRACT_SHARE - STORE_SHARE
    with Engine(dataset) as engine:
        table = compute_measurements(
            engine,
            years,
            variants=indicator_variants(),
            crossings=indicator_crossings(),
            progress=lambda fraction, message: report(EXTRACT_SHARE + span * fraction, message),
        )
    report(1.0 - STORE_SHARE, "sparar")
    stored = store_measurements(table, source_import=source_import, keep_before=kept)
    report(1.0, "klart")
    return stored


def indicator_variants() -> list[tuple[str, dict[str, str]]]:
    """The engine indicators that programme indicators follow with their own parameters
    (``programmes.models.Indicator.kpi_params``), each once."""
    from attraktiv.programmes.models import Indicator

    found = {
        (indicator.engine_kpi, tuple(sorted(indicator.kpi_params.items())))
        for indicator in Indicator.objects.exclude(kpi="", survey_question="")
        if indicator.kpi_params and indicator.engine_kpi
    }
    return [(kpi, dict(params)) for kpi, params in sorted(found)]


Crossing = tuple[tuple[str, ...], dict[str, str], tuple[str, ...]]


def indicator_crossings() -> list[Crossing]:
    """The fixed breakdown cells (``role = chef``) of programme indicators split by women and
    men (``programmes.models.Indicator``), crossed with gender: (engine ids, parameters,
    dimensions), the engine ids of the same parameters and dimensions together. hr-data.md
    §3.7 treats a crossing as a cross-tabulation, each line a breakdown whose total is shown."""
    from attraktiv.programmes.models import Indicator

    grouped: dict[tuple[tuple[tuple[str, str], ...], tuple[str, ...]], set[str]] = {}
    for indicator in Indicator.objects.exclude(breakdown={}).filter(gender_split=True):
        if not indicator.engine_kpi or "gender" in indicator.breakdown:
            continue
        params = tuple(sorted(indicator.kpi_params.items()))
        by = (*sorted(indicator.breakdown), "gender")
        grouped.setdefault((params, by), set()).add(indicator.engine_kpi)
    return [
        (tuple(sorted(kpis)), dict(params), by) for (params, by), kpis in sorted(grouped.items())
    ]


def compute_measurements(
    engine: Engine,
    years: Sequence[int],
    *,
    kpis: Sequence[str] | None = None,
    variants: Sequence[tuple[str, dict[str, str]]] = (),
    crossings: Sequence[Crossing] = (),
    progress: Progress | None = None,
) -> pa.Table:
    """The rows to store (§4) for ``years``, every unit: the totals, then each breakdown
    dimension on its own (each breakdown call's total rows are the totals again, dropped:
    disclosure across units never changes a unit's total because of a breakdown,
    ``indicators.disclosure.suppress_to_fixed_point``). Every call is for all units, so the
    child units of each unit are disclosure-controlled as a breakdown of it (§3.7, v1.3).

    ``variants`` are (engine id, parameters) pairs computed as well, stored under
    ``indicators.params.variant_key``; ``crossings`` (engine ids, parameters, dimensions) are
    computed in those dimensions together, and only their full cells are kept.
    """
    runs: list[tuple[Sequence[str] | None, dict[str, str]]] = [(kpis, {})]
    runs += [([kpi], params) for kpi, params in variants]
    calls = [(year, by, run) for year in years for run in runs for by in breakdowns()]
    calls += [(year, by, (list(ids), params)) for year in years for ids, params, by in crossings]
    parts = [ROW_SCHEMA.empty_table()]
    for index, (year, by, (run_kpis, params)) in enumerate(calls):
        label = f"{year}, {' × '.join(DIMENSION_LABELS[d].lower() for d in by) if by else 'totalt'}"

        def step(fraction: float, index: int = index, label: str = label) -> None:
            if progress:
                progress((index + fraction) / len(calls), label)

        step(0.0)
        rows = engine.compute(
            year=year, by=by, kpis=run_kpis, units="all", params=params, progress=step
        )
        if by:
            rows = [row for row in rows if all(row[dimension] is not None for dimension in by)]
        if params:
            rows = [dict(row, kpi=variant_key(row["kpi"], params)) for row in rows]
        parts.append(pa.Table.from_pylist(rows, schema=ROW_SCHEMA))
    return pa.concat_tables(parts)


@transaction.atomic
def store_measurements(
    table: pa.Table,
    *,
    source_import: ImportRecord | None = None,
    keep_before: int | None = None,
) -> int:
    """Replace all stored measurements by the engine rows in ``table`` (schema of §4); with
    ``keep_before``, those of earlier years stay as they are, and rows of ``table`` for those
    years are not stored (their microdata were purged: ``attraktiv purge``)."""
    if keep_before is not None:
        table = table.filter(pc.greater_equal(table["period"], f"{keep_before:04d}"))
    unit_ids, unit_pks = zip(*Unit.objects.values_list("unit_id", "pk"), strict=True)
    position = pc.index_in(table["unit_id"], value_set=pa.array(unit_ids, pa.string()))
    known = pc.is_valid(position)
    table, position = table.filter(known), position.filter(known)
    count = table.num_rows
    columns: dict[str, pa.Array | pa.ChunkedArray] = {
        "kpi": table["kpi"],
        "period": table["period"],
        "unit_id": pa.array(unit_pks, pa.int64()).take(position),
    }
    for dimension in DIMENSIONS:
        columns[dimension] = table[dimension]
    for name in ("value", "numerator", "denominator", "persons"):
        columns[name] = table[name]
    columns["suppressed"] = table["suppressed"].fill_null(False)
    columns["computed_at"] = pa.repeat(pa.scalar(timezone.now(), pa.timestamp("us", "UTC")), count)
    columns["source_import_id"] = pa.repeat(
        pa.scalar(source_import.pk if source_import else None, pa.int64()), count
    )
    if keep_before is None:
        replace_table(Measurement, pa.table(columns))
    else:
        Measurement.objects.filter(period__gte=f"{keep_before:04d}").delete()
        bulk_load(Measurement, pa.table(columns))
    return count
