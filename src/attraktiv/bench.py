"""``make bench``: the performance figures of docs/performance.md.

Never run against the instance's own data: everything happens in a temporary folder, with a
throwaway SQLite database, and in a throwaway PostgreSQL database ``attraktiv_bench`` when
``ATTRAKTIV_BENCH_POSTGRES_URL`` is set (``make bench`` sets it to the test cluster of
``scripts/pg-test-cluster`` when PostgreSQL is installed).

The figures (issue 3, "Benchmark"):

- a synthetic region (``attraktiv.synthetic``) of 55,000 monthly-paid employees and ten
  years in the contract's CSV, seed 2021, and the same at ¼ and 4 times the size;
- ``attraktiv kpi`` for every indicator with gender and age-group breakdowns: wall time and
  peak memory of the process, against the floor of DuckDB merely reading the same files;
- ``attraktiv import --no-recompute`` into SQLite and into PostgreSQL, and the recompute of
  the stored measurements for the last three years;
- the server time of an indicator page for a workplace (the deepest level) with a breakdown;
- the organisation tree's subtree queries on 5,000 units (issue 2);
- the competence supply plan (issue 5) on the same region: estimating every competence's
  stock and rates, the deterministic projection with 1,000 stochastic runs (target 3 s for
  60 competences and 10 years), and the whole ``attraktiv supply`` command.

Wall times of whole commands are single runs (they take seconds); query and page times are
medians of repeated runs after a warm-up.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

REGION_EMPLOYEES = 55_000
YEARS = (2016, 2025)
SEED = 2021
KPI_YEAR = 2025
SCALES = (0.25, 1.0, 4.0)
RECOMPUTE_YEARS = [2023, 2024, 2025]
BENCH_DATABASE = "attraktiv_bench"


@dataclass
class Figure:
    label: str
    value: float
    unit: str

    def __str__(self) -> str:
        decimals = 0 if self.unit in ("MiB", "rows") else (1 if self.unit == "s" else 2)
        return f"{self.value:,.{decimals}f} {self.unit}".replace(",", " ")


def median_ms(action: Callable[[], object], repeat: int = 50) -> float:
    action()  # warm up
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def machine() -> str:
    cores = os.cpu_count()
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{platform.machine()}, {cores} cores, {memory_gib:.0f} GiB, "
        f"Python {platform.python_version()}, {platform.platform()}"
    )


def attraktiv_command(*args: str, env: dict[str, str]) -> tuple[float, float]:
    """Run ``attraktiv ARGS`` in its own process; its wall time (s) and peak memory (MiB)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "attraktiv", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    errors = process.stderr.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"attraktiv {' '.join(args)} failed:\n{errors.decode()[-3000:]}")
    return seconds, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def read_floor(folder: Path) -> float:
    """Seconds DuckDB needs just to read every CSV of ``folder`` into Arrow (best of 3)."""
    from attraktiv.indicators.duck import Database

    timings = []
    for _ in range(3):
        database = Database()
        start = time.perf_counter()
        for path in sorted(folder.glob("*.csv")):
            database.arrow(f"SELECT * FROM read_csv('{path}', header = true)")
        timings.append(time.perf_counter() - start)
        database.close()
    return min(timings)


def generate_region(folder: Path, employees: int) -> dict[str, int]:
    from attraktiv.synthetic.generator import generate

    return generate(folder, employees=employees, years=YEARS, seed=SEED)


def bench_kpi(base: Path, env: dict[str, str]) -> list[Figure]:
    """``attraktiv kpi`` at ¼, 1 and 4 times the region, against the read floor."""
    figures = []
    for scale in SCALES:
        employees = round(REGION_EMPLOYEES * scale)
        folder = base / f"region-{employees}"
        start = time.perf_counter()
        counts = generate_region(folder, employees)
        generated = time.perf_counter() - start
        floor = read_floor(folder)
        seconds, peak = attraktiv_command(
            "kpi",
            str(folder),
            "--year",
            str(KPI_YEAR),
            "--by",
            "gender",
            "--by",
            "age_group",
            "--format",
            "json",
            env=env,
        )
        name = f"{employees:,} employees".replace(",", " ")
        figures += [
            Figure(f"{name}: rows in the data set", sum(counts.values()), "rows"),
            Figure(f"{name}: generating the region", generated, "s"),
            Figure(f"{name}: DuckDB reads the files (floor)", floor, "s"),
            Figure(f"{name}: attraktiv kpi, all indicators by gender × age", seconds, "s"),
            Figure(f"{name}: attraktiv kpi ÷ floor", seconds / floor, "×"),
            Figure(f"{name}: attraktiv kpi, peak memory", peak, "MiB"),
        ]
        if scale != 1.0:
            for path in folder.iterdir():
                path.unlink()
            folder.rmdir()
    return figures


SUPPLY_RUNS = 1000


def bench_supply(region: Path, env: dict[str, str]) -> list[Figure]:
    """supply-plan.md on the region: estimation, then projection with the stochastic runs
    (in this process, timed apart), then the whole command in its own process."""
    from attraktiv.hrdata.reader import read_dataset
    from attraktiv.supply.estimate import estimate
    from attraktiv.supply.plan import base_scenario
    from attraktiv.supply.project import project_all
    from attraktiv.supply.stochastic import simulate

    tables = read_dataset(region, pseudonym_key="bench").tables
    start = time.perf_counter()
    estimates = estimate(tables, KPI_YEAR)
    estimated = time.perf_counter() - start
    start = time.perf_counter()
    plan = project_all(estimates, base_scenario(KPI_YEAR))
    inputs = [group for group in plan.inputs.values() if group.stock.sum() > 0]
    simulate(inputs, KPI_YEAR, plan.scenario.horizon, runs=SUPPLY_RUNS)
    projected = time.perf_counter() - start
    seconds, peak = attraktiv_command(
        "supply",
        str(region),
        "--base-year",
        str(KPI_YEAR),
        "--runs",
        str(SUPPLY_RUNS),
        "--format",
        "json",
        env=env,
    )
    return [
        Figure("supply plan: competences projected", len(inputs), "rows"),
        Figure("supply plan: estimating stock and rates (5 years of history)", estimated, "s"),
        Figure(f"supply plan: projection, 10 years, {SUPPLY_RUNS} stochastic runs", projected, "s"),
        Figure("supply plan: attraktiv supply, whole command (with backtest)", seconds, "s"),
        Figure("supply plan: attraktiv supply, peak memory", peak, "MiB"),
    ]


def bench_import(vendor: str, region: Path, env: dict[str, str]) -> list[Figure]:
    """``attraktiv import`` into a fresh database, then recompute and pages (child process)."""
    attraktiv_command("migrate", "--noinput", env=env)
    seconds, peak = attraktiv_command("import", str(region), "--no-recompute", env=env)
    figures = [
        Figure(f"{vendor}: attraktiv import (validate and store)", seconds, "s"),
        Figure(f"{vendor}: attraktiv import, peak memory", peak, "MiB"),
    ]
    return figures + child_figures("import", env)


def bench_tree(vendor: str, env: dict[str, str]) -> list[Figure]:
    attraktiv_command("migrate", "--noinput", env=env)
    return child_figures("tree", env)


def child_figures(stage: str, env: dict[str, str]) -> list[Figure]:
    """Run a Django ``stage`` of this module in a child process; the figures it prints."""
    result = subprocess.run(
        [sys.executable, "-m", "attraktiv.bench", "--stage", stage],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"bench stage {stage} failed:\n{result.stderr[-3000:]}")
    return [Figure(**figure) for figure in json.loads(result.stdout)]


def stage_import() -> list[Figure]:
    """Recompute the stored measurements, then time the indicator pages (in Django)."""
    from django.db import connection
    from django.test import Client

    from attraktiv.accounts.models import Role
    from attraktiv.accounts.services import ensure_user
    from attraktiv.datasets.models import ImportRecord
    from attraktiv.measurements import services
    from attraktiv.organisation.models import Unit

    vendor = VENDORS[connection.vendor]
    start = time.perf_counter()
    stored = services.recompute(
        source_import=ImportRecord.objects.latest("pk"), years=RECOMPUTE_YEARS
    )
    recompute_seconds = time.perf_counter() - start
    root = Unit.objects.get(parent=None)
    workplace = Unit.objects.filter(children=None).order_by("-depth", "unit_id").first()
    assert workplace is not None
    client = Client()
    client.force_login(ensure_user("bench", "bench", Role.HR_STRATEGIST, [root]))
    page = f"/nyckeltal/sick_leave_total/?enhet={workplace.unit_id}&uppdelning=alder"
    response = client.get(page)
    assert response.status_code == 200 and b"<svg" in response.content
    years = len(RECOMPUTE_YEARS)
    return [
        Figure(
            f"{vendor}: recompute {years} years, every unit and breakdown", recompute_seconds, "s"
        ),
        Figure(f"{vendor}: measurements stored for {years} years", stored, "rows"),
        Figure(
            f"{vendor}: indicator page of a workplace ({workplace.depth + 1} levels), by age",
            median_ms(lambda: client.get(page), repeat=30),
            "ms",
        ),
        Figure(
            f"{vendor}: indicator list of the region",
            median_ms(lambda: client.get("/nyckeltal/"), repeat=30),
            "ms",
        ),
    ]


def stage_tree() -> list[Figure]:
    """Subtree, ancestor and page timings on a 5,000-unit tree (issue 2, point 6)."""
    from django.db import connection
    from django.test import Client

    from attraktiv.accounts.models import Role
    from attraktiv.accounts.services import ensure_user
    from attraktiv.organisation.models import Unit
    from attraktiv.organisation.services import replace_unit_tree
    from attraktiv.organisation.synthetic import synthetic_tree

    vendor = VENDORS[connection.vendor]
    rows = synthetic_tree(5000)
    start = time.perf_counter()
    replace_unit_tree(rows)
    load_ms = (time.perf_counter() - start) * 1000
    root = Unit.objects.get(unit_id="R")
    forvaltning = Unit.objects.get(unit_id="F3")
    workplace = Unit.objects.get(unit_id="E4003")
    client = Client()
    client.force_login(ensure_user("bench", "bench", Role.HR_STRATEGIST, [root]))
    return [
        Figure(f"{vendor}: store a 5,000-unit tree", load_ms, "ms"),
        Figure(f"{vendor}: subtree of the root (5,000 units)", median_ms(subtree_of(root)), "ms"),
        Figure(
            f"{vendor}: subtree of a förvaltning (500 units)",
            median_ms(subtree_of(forvaltning)),
            "ms",
        ),
        Figure(
            f"{vendor}: ancestors of a workplace",
            median_ms(lambda: list(workplace.ancestors())),
            "ms",
        ),
        Figure(
            f"{vendor}: organisation page of a förvaltning (server)",
            median_ms(lambda: client.get("/organisation/enhet/F3/"), repeat=20),
            "ms",
        ),
    ]


def subtree_of(unit: Any) -> Callable[[], object]:
    return lambda: list(unit.subtree())


VENDORS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def fresh_postgres_database(admin_url: str) -> str:
    """(Re)create the throwaway database ``attraktiv_bench``; its URL."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {BENCH_DATABASE}")
    return urlunsplit(urlsplit(admin_url)._replace(path=f"/{BENCH_DATABASE}"))


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        (base / "static").mkdir()
        env = {
            **os.environ,
            "ATTRAKTIV_VAR_DIR": folder,
            "ALLOWED_HOSTS": "testserver",
            "ATTRAKTIV_MANIFEST_STATIC": "0",
            "DATABASE_URL": f"sqlite:///{base / 'kpi.sqlite3'}",
        }
        print(f"Machine: {machine()}", flush=True)
        figures = bench_kpi(base, env)
        report(figures)
        region = base / f"region-{REGION_EMPLOYEES}"
        supply = bench_supply(region, env)
        report(supply)
        figures += supply
        databases = [("SQLite", lambda name: f"sqlite:///{base / name}.sqlite3")]
        postgres = os.environ.get("ATTRAKTIV_BENCH_POSTGRES_URL")
        if postgres:
            databases.append(("PostgreSQL", lambda name: fresh_postgres_database(postgres)))
        for vendor, url in databases:
            found = bench_import(vendor, region, {**env, "DATABASE_URL": url("import")})
            found += bench_tree(vendor, {**env, "DATABASE_URL": url("tree")})
            report(found)
            figures += found


def report(figures: list[Figure]) -> None:
    width = max(len(figure.label) for figure in figures)
    for figure in figures:
        print(f"{figure.label:<{width}}  {figure!s:>14}", flush=True)


def run_stage(stage: str) -> None:
    import django

    django.setup()
    figures = {"import": stage_import, "tree": stage_tree}[stage]()
    print(json.dumps([figure.__dict__ for figure in figures]))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--stage"]:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attraktiv.settings")
        run_stage(sys.argv[2])
    else:
        main()
