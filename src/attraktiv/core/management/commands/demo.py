"""``attraktiv demo``: load the demo region and one demo user per role, then return.

Only for a local demo: it refuses unless the site is served from the loopback address, as
its users share one printed password. The region is the synthetic one of issue 6
(``attraktiv.synthetic.generator``): the command

1. generates it into ``VAR_DIR/demo-data/<size>`` unless that folder is already there
   (the default is 12,000 employees over 2017–2025, which ``make run`` imports and computes in
   about a minute on two cores; ``--full`` asks for the full 55,000, a few minutes);
2. imports it through the real import (``datasets.services.store_dataset``) unless the
   latest stored import has the same files (same checksums), and recomputes every
   measurement for the years covered;
3. loads the seed documents' programmes (``core/demo/programmes/``) and creates the users;
4. runs the competence supply plan's base run for the last full year, unless a finished
   base run of the same import is there.

When the stored HR data did not come from the demo (issue 12: someone imported their own),
it changes nothing and returns without an error, so that ``make run`` serves those data.
Running it twice leaves the same state. ``attraktiv demo generate OUT_DIR`` only writes a
data set in the contract of hr-data.md §1 (issue 6, item 1).
"""

from __future__ import annotations

import csv
import shutil
import sys
import time
from pathlib import Path
from typing import IO, Any, cast
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from attraktiv.accounts.models import Role
from attraktiv.accounts.services import ensure_user
from attraktiv.organisation.models import Unit
from attraktiv.organisation.services import UnitRow, UnitTreeError
from attraktiv.programmes.planfile import read_programme_file, store_programme

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
DEMO_UNITS = DEMO_DIR / "units.csv"
# The seed documents' programmes, action plans, follow-up, drawdowns and audit answers, as
# programme files (docs/programme-format.md) loaded through ``attraktiv programme import``.
DEMO_PROGRAMMES = sorted((DEMO_DIR / "programmes").glob("*.yaml"))
DEMO_PASSWORD = "attraktiv-demo"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}

# The demo region's size: small enough for ``make run`` on a laptop, large enough for every
# page to have believable figures; ``--full`` is the size the generator is calibrated for.
DEFAULT_EMPLOYEES = 12_000
FULL_EMPLOYEES = 55_000
DEFAULT_YEARS = (2017, 2025)
DEFAULT_SEED = 2021
# The programme whose follow-up round the demo opens for the data's last year.
DEMO_ROUND_PROGRAMME = "pa-program-2027"
COMPLETE_MARKER = ".complete"

# username, full name, role, unit ids where the role is held
DEMO_USERS = [
    ("admin", "Alva Administratör", Role.ADMINISTRATOR, ["R"]),
    ("hrstrateg", "Hanna Strateg", Role.HR_STRATEGIST, ["R"]),
    ("forvaltningshr", "Filip Förvaltnings-HR", Role.ADMINISTRATION_HR, ["PV"]),
    ("chef", "Cecilia Chef", Role.MANAGER, ["PV-NORR"]),
    ("lasare", "Lars Läsare", Role.READER, ["R"]),
]


def read_demo_units() -> list[UnitRow]:
    """The small seed tree (kept for tests that need units without HR data)."""
    with DEMO_UNITS.open(encoding="utf-8", newline="") as handle:
        return [
            UnitRow(row["unit_id"], row["name"], row["parent_id"] or None, row["kind"])
            for row in csv.DictReader(handle)
        ]


def load_demo_programmes(keep_existing: bool = False) -> list[str]:
    """Load (or reload) the seed programmes through the programme file import; with
    ``keep_existing`` a programme already stored, perhaps changed in the demo since, is left
    as it is. Returns the codes loaded."""
    from attraktiv.programmes.models import Programme

    loaded = []
    for path in DEMO_PROGRAMMES:
        parsed = read_programme_file(path, replace=True)
        code = parsed.programme["code"]
        if keep_existing and Programme.objects.filter(code=code).exists():
            continue
        store_programme(parsed)
        loaded.append(code)
    return loaded


def parse_years(text: str) -> tuple[int, int]:
    """``2017-2025`` (or one year) as (first, last)."""
    first, _, last = text.replace("–", "-").partition("-")
    try:
        years = (int(first), int(last or first))
    except ValueError as error:
        raise CommandError(f"--years {text}: write e.g. 2017-2025") from error
    if years[0] > years[1] or years[0] < 1990:
        raise CommandError(f"--years {text}: write e.g. 2017-2025, the first year first")
    return years


def demo_data_folder(employees: int, years: tuple[int, int], seed: int) -> Path:
    """Where ``attraktiv demo`` keeps the generated region of this size (one per size)."""
    return settings.VAR_DIR / "demo-data" / f"{employees}-{years[0]}-{years[1]}-{seed}"


def ensure_generated(
    folder: Path, employees: int, years: tuple[int, int], seed: int, progress: Any = None
) -> bool:
    """Generate the region into ``folder`` unless a complete one is there; True if written.

    Written to a sibling folder first and renamed: an interrupted run leaves nothing that
    looks complete."""
    from attraktiv.synthetic.generator import generate

    if (folder / COMPLETE_MARKER).exists():
        return False
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    generate(partial, employees=employees, years=years, seed=seed, progress=progress)
    (partial / COMPLETE_MARKER).write_text("generated by attraktiv demo\n", encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return True


def data_files(folder: Path) -> list[dict[str, Any]]:
    from attraktiv.datasets.services import folder_files

    return [f for f in folder_files(folder) if not f["name"].startswith(".")]


def current_import(folder: Path):
    """The latest stored import if it holds exactly the files in ``folder``, else None."""
    from attraktiv.datasets.services import current_import

    latest = current_import()
    if latest is None or latest.files != data_files(folder):
        return None
    return latest


def foreign_import():
    """The latest stored import when it did not come from the demo (its files match no
    generated demo region in ``var/demo-data``), else None: the demo never replaces it."""
    from attraktiv.datasets.services import current_import

    latest = current_import()
    if latest is None:
        return None
    demo_folders = sorted((settings.VAR_DIR / "demo-data").glob(f"*/{COMPLETE_MARKER}"))
    if any(latest.files == data_files(marker.parent) for marker in demo_folders):
        return None
    return latest


class Command(BaseCommand):
    help = (
        "Load the demo region (generated HR data, programmes, supply plan) and demo users "
        "(local demo only), print the logins and return. "
        "'attraktiv demo generate OUT_DIR' only writes a synthetic data set."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", nargs="?", choices=["generate"], help="only generate")
        parser.add_argument("out_dir", nargs="?", type=Path, help="folder for 'generate'")
        parser.add_argument(
            "--employees",
            type=int,
            default=None,
            help=f"monthly-paid employees (default {DEFAULT_EMPLOYEES:,}".replace(",", " ") + ")",
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help=f"the full-size region, {FULL_EMPLOYEES:,} employees (a few minutes)".replace(
                ",", " "
            ),
        )
        parser.add_argument(
            "--years", default=f"{DEFAULT_YEARS[0]}-{DEFAULT_YEARS[1]}", help="e.g. 2017-2025"
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument(
            "--runs", type=int, default=200, help="stochastic runs of the supply plan's base run"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        employees = options["employees"] or (
            FULL_EMPLOYEES if options["full"] else DEFAULT_EMPLOYEES
        )
        if employees < 50:
            raise CommandError("--employees: at least 50")
        years = parse_years(options["years"])
        if options["action"] == "generate":
            if options["out_dir"] is None:
                raise CommandError("attraktiv demo generate OUT_DIR: give the folder")
            self.generate_only(options["out_dir"], employees, years, options["seed"])
            return
        host = urlsplit(settings.SITE_ROOT).hostname or ""
        if host not in LOOPBACK_HOSTS or "*" in settings.ALLOWED_HOSTS:
            raise CommandError(
                "The demo runs only on 127.0.0.1: set SITE_ROOT to http://127.0.0.1:8000."
            )
        foreign = foreign_import()
        if foreign is not None:
            # Not an error: ``make run`` goes on to serve the data that are there.
            self.stderr.write(
                f"The stored HR data (import {foreign.pk}, {foreign.first_year}–"
                f"{foreign.last_year}, {foreign.started_at:%Y-%m-%d}) did not come from the demo: "
                "the demo leaves them as they are and loads nothing. For the demo region, use "
                "an empty database (another ATTRAKTIV_VAR_DIR or DATABASE_URL).",
                self.style.WARNING,
            )
            return
        started = time.monotonic()
        folder = demo_data_folder(employees, years, options["seed"])
        self.step_generate(folder, employees, years, options["seed"])
        record = self.step_import(folder)
        with transaction.atomic():
            units = {unit.unit_id: unit for unit in Unit.objects.all()}
            for username, full_name, role, unit_ids in DEMO_USERS:
                ensure_user(username, DEMO_PASSWORD, role, [units[i] for i in unit_ids], full_name)
            loaded = load_demo_programmes(keep_existing=True)
        if loaded:
            self.stdout.write(
                f"Seed programmes loaded (core/demo/programmes): {', '.join(loaded)}."
            )
        else:
            self.stdout.write("Seed programmes already there.")
        self.step_recompute(record)
        self.step_supply_plan(record, options["runs"])
        self.step_follow_up_round(record.last_year)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo region ready in {time.monotonic() - started:.0f} s. "
                f"Log in at {settings.SITE_ROOT}"
            )
        )
        self.stdout.write(f"Password for every demo user: {DEMO_PASSWORD}")
        for username, _full_name, role, unit_ids in DEMO_USERS:
            self.stdout.write(f"  {username:<16} {role.label} ({', '.join(unit_ids)})")

    # ---- steps ----------------------------------------------------------------------------

    def progress_bar(self):
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        # The command's own output stream (unwrapped: rich writes partial lines).
        out = getattr(self.stdout, "_out", sys.stdout)
        return Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f} %"),
            TimeElapsedColumn(),
            console=Console(file=cast(IO[str], out)),
            transient=True,
        )

    def generate_only(self, out_dir: Path, employees: int, years: tuple[int, int], seed: int):
        from attraktiv.synthetic.generator import generate

        started = time.monotonic()
        with self.progress_bar() as bar:
            job = bar.add_task("Generating", total=1.0)
            counts = generate(
                out_dir,
                employees=employees,
                years=years,
                seed=seed,
                progress=lambda message, fraction: bar.update(
                    job, completed=fraction, description=f"Generating: {message}"
                ),
            )
        rows = ", ".join(f"{table} {n}" for table, n in counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {out_dir} ({employees} employees, {years[0]}–{years[1]}, seed {seed}): "
                f"{rows} rows in {time.monotonic() - started:.1f} s."
            )
        )

    def step_generate(self, folder: Path, employees: int, years: tuple[int, int], seed: int):
        size = f"{employees:,}".replace(",", " ")
        note = "" if employees >= FULL_EMPLOYEES else " (attraktiv demo --full for 55 000)"
        started = time.monotonic()
        with self.progress_bar() as bar:
            job = bar.add_task("Generating the demo region", total=1.0)
            written = ensure_generated(
                folder,
                employees,
                years,
                seed,
                progress=lambda message, fraction: bar.update(
                    job, completed=fraction, description=f"Generating: {message}"
                ),
            )
        if written:
            self.stdout.write(
                f"Generated the demo region: {size} employees, {years[0]}–{years[1]}{note}, "
                f"in {time.monotonic() - started:.1f} s, into {folder}."
            )
        else:
            self.stdout.write(f"Demo region already generated ({size} employees): {folder}.")

    def step_import(self, folder: Path):
        from attraktiv.datasets.services import issue_dict, store_dataset
        from attraktiv.hrdata.reader import read_dataset

        record = current_import(folder)
        if record is not None:
            self.stdout.write(f"HR data already imported (import {record.pk}).")
            return record
        started = time.monotonic()
        with self.progress_bar() as bar:
            bar.add_task("Reading and importing the HR data", total=None)
            result = read_dataset(folder, pseudonym_key=settings.PSEUDONYM_KEY)
            try:
                with transaction.atomic():
                    record = store_dataset(
                        result.tables,
                        files=data_files(folder),
                        warnings=[issue_dict(w) for w in result.warnings],
                    )
            except UnitTreeError as error:
                raise CommandError(
                    f"The stored data cannot be replaced by the demo region ({error}). "
                    "Start from an empty database (remove var/attraktiv.sqlite3)."
                ) from error
        self.stdout.write(
            f"Imported {record.total_rows} rows, years {record.first_year}–{record.last_year}, "
            f"in {time.monotonic() - started:.1f} s."
        )
        return record

    def step_recompute(self, record) -> None:
        from attraktiv.datasets.models import RecomputeStatus
        from attraktiv.measurements.models import Measurement
        from attraktiv.measurements.tasks import recompute_for_import

        if (
            record.recompute_status == RecomputeStatus.DONE
            and Measurement.objects.filter(source_import=record).exists()
        ):
            self.stdout.write("Indicators already computed for this import.")
            return
        started = time.monotonic()
        years = f"{record.first_year}–{record.last_year}"
        with self.progress_bar() as bar:
            job = bar.add_task(f"Computing the indicators, {years}", total=1.0)

            def report(fraction: float, message: str) -> None:
                bar.update(job, completed=fraction, description=f"Computing {years}: {message}")

            stored = recompute_for_import(record.pk, report)
        self.stdout.write(
            f"Indicators computed for {years}: {stored} values "
            f"in {time.monotonic() - started:.1f} s."
        )

    def step_follow_up_round(self, year: int) -> None:
        """An open follow-up round of the current programme for the data's last year, so that
        Förvaltnings-HR has something to report in the demo."""
        import datetime

        from django.contrib.auth import get_user_model
        from django.utils import timezone

        from attraktiv.followups.models import FollowUpRound, RoundKind
        from attraktiv.followups.services import open_round
        from attraktiv.programmes.models import Programme

        programme = Programme.objects.filter(code=DEMO_ROUND_PROGRAMME).first()
        name = f"Uppföljning {year}"
        if (
            programme is None
            or FollowUpRound.objects.filter(programme=programme, name=name).exists()
        ):
            return
        open_round(
            get_user_model().objects.get(username="hrstrateg"),
            programme,
            RoundKind.FOLLOW_UP,
            name,
            datetime.date(year, 1, 1),
            datetime.date(year, 12, 31),
            timezone.localdate() + datetime.timedelta(days=28),
        )
        self.stdout.write(f"Follow-up round opened: {name} ({programme.name}).")

    def step_supply_plan(self, record, runs: int) -> None:
        from django.contrib.auth import get_user_model

        from attraktiv.supplyplan.models import PlanRun, RunState
        from attraktiv.supplyplan.services import default_base_year, execute_run, require_planner

        base_year = default_base_year()
        if base_year is None:
            return
        done = PlanRun.objects.filter(
            base_year=base_year,
            unit=None,
            scenario_version=None,
            source_import=record,
            state=RunState.DONE,
        )
        if done.exists():
            self.stdout.write(f"Supply plan base run {base_year} already there.")
            return
        started = time.monotonic()
        strategist = get_user_model().objects.get(username="hrstrateg")
        # Queued runs of the demo (e.g. an interrupted one) are replaced by this one.
        PlanRun.objects.filter(unit=None, scenario_version=None, requested_by=strategist).exclude(
            state=RunState.DONE
        ).delete()
        require_planner(strategist)
        # Created and run here rather than queued for the worker (request_run): the demo
        # returns with everything computed.
        run = PlanRun.objects.create(
            base_year=base_year, runs=runs, requested_by=strategist, source_import=record
        )
        execute_run(run.pk)
        self.stdout.write(
            f"Supply plan base run {base_year} ({runs} runs) in {time.monotonic() - started:.1f} s."
        )
