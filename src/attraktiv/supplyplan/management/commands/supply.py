"""``attraktiv supply DATA_DIR``: the competence supply plan straight from files.

Reads a data set (hr-data.md §1, with ``--mapping``), estimates the rates, projects supply
and demand per competence (supply-plan.md) for the base year, with a scenario file
(``--scenario``, §7) and stochastic runs (``--runs``, §5), and prints a Swedish table, JSON
(the issue's shape), CSV or XLSX (``--output``). Bad input exits with status 2.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from attraktiv.core import tables
from attraktiv.core.cli_support import read_dataset_or_exit, with_progress
from attraktiv.datasets.services import years_covered
from attraktiv.hrdata.issues import file_problem
from attraktiv.supply.estimate import UnknownUnitError
from attraktiv.supply.plan import cli_json, compute_plan, plan_rows, plan_table
from attraktiv.supply.scenario import ScenarioError, read_scenario


class Command(BaseCommand):
    help = "Project supply and demand per competence (supply-plan.md) from a data set folder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("data_dir", type=Path)
        parser.add_argument("--scenario", type=Path, help="scenario file (TOML, supply-plan.md §7)")
        parser.add_argument(
            "--base-year", type=int, help="default: the scenario's, else the data's last year"
        )
        parser.add_argument("--group", action="append", default=[], help="competence (repeat)")
        parser.add_argument("--unit", help="unit id (default: the whole region)")
        parser.add_argument("--runs", type=int, default=0, help="stochastic runs (§5)")
        parser.add_argument("--mapping", type=Path, help="column mapping (TOML)")
        parser.add_argument("--format", choices=["table", "json", "csv", "xlsx"], default="table")
        parser.add_argument("--output", type=Path, help="file to write (required for xlsx)")

    def handle(self, *args, **options) -> None:
        if options["format"] == "xlsx" and not options["output"]:
            raise CommandError("--format xlsx kräver --output FIL", returncode=2)
        if not 0 <= options["runs"] <= 100_000:
            raise CommandError("--runs ska ligga mellan 0 och 100 000", returncode=2)
        scenario = None
        if options["scenario"]:
            path: Path = options["scenario"]
            try:
                scenario = read_scenario(path.read_text(encoding="utf-8"), path.name)
            except OSError as error:
                raise CommandError(f"{path}: {file_problem(error)}", returncode=2) from error
            except UnicodeDecodeError as error:
                raise CommandError(
                    f"{path}: filen är inte UTF-8-text; spara den som UTF-8", returncode=2
                ) from error
            except ScenarioError as error:
                for problem in error.problems:
                    self.stderr.write(problem)
                raise CommandError(
                    f"{len(error.problems)} fel i {path.name}; inget har beräknats.", returncode=2
                ) from error
        dataset = read_dataset_or_exit(self, options["data_dir"], options["mapping"]).tables
        base_year = options["base_year"] or (
            scenario.base_year if scenario else years_covered(dataset)[1]
        )
        try:
            with with_progress(self, "Beräknar kompetensförsörjningen") as progress:
                result = compute_plan(
                    dataset,
                    base_year,
                    scenario=scenario,
                    unit_id=options["unit"],
                    groups=options["group"] or None,
                    runs=options["runs"],
                    min_persons=settings.MIN_PERSONS,
                    progress=lambda fraction, _message: progress(fraction),
                )
        except UnknownUnitError as error:
            raise CommandError(f"--unit: {error}", returncode=2) from error
        self.write(result, options)

    def write(self, result, options) -> None:
        file_format = options["format"]
        if file_format == "json":
            text = json.dumps(cli_json(result), ensure_ascii=False, indent=2) + "\n"
        elif file_format == "csv":
            headers, rows = plan_rows(result)
            text = tables.csv_text(headers, rows)
        elif file_format == "xlsx":
            headers, rows = plan_rows(result)
            title = f"Kompetensförsörjning, basår {result['base_year']}"
            options["output"].write_bytes(
                tables.xlsx_bytes("Kompetenser", title, "Källa: Attraktiv", headers, rows)
            )
            return
        else:
            text = plan_table(result)
        if options["output"]:
            options["output"].write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
