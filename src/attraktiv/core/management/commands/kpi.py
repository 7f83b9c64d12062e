"""``attraktiv kpi DATA_DIR --year Y``: indicators straight from files, without the database.

Reads the data set (hr-data.md §1, with ``--mapping``), computes the indicators of §3 for
the root or ``--unit`` with the ``--by`` breakdowns and prints §4 rows as a Swedish table,
JSON or CSV. Bad input exits with status 2 and ``file:line: column: message`` lines.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from attraktiv.core.cli_support import read_dataset_or_exit, with_progress
from attraktiv.indicators import DIMENSIONS, EngineError, ParameterError, compute
from attraktiv.indicators.output import to_csv, to_json, to_table
from attraktiv.indicators.params import parse_date


class Command(BaseCommand):
    help = "Compute indicators (hr-data.md §3) from a data set folder, without the database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("data_dir", type=Path)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--kpi", action="append", default=[], help="indicator id (repeat)")
        parser.add_argument("--by", action="append", default=[], choices=DIMENSIONS)
        parser.add_argument("--unit", help="unit id (default: the root)")
        parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE")
        parser.add_argument("--reference-date", help="YYYY-MM-DD (default: 30 November)")
        parser.add_argument("--mapping", type=Path, help="column mapping (TOML)")
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")

    def handle(self, *args, **options) -> None:
        params = {}
        for item in options["param"]:
            name, sep, value = item.partition("=")
            if not sep:
                raise CommandError(f"--param ”{item}”: skriv NAMN=VÄRDE", returncode=2)
            params[name.strip()] = value.strip()
        try:
            reference = parse_date(options["reference_date"]) if options["reference_date"] else None
        except ParameterError as error:
            raise CommandError(str(error), returncode=2) from error
        result = read_dataset_or_exit(self, options["data_dir"], options["mapping"])
        units = [options["unit"]] if options["unit"] else None
        try:
            with with_progress(self, "Beräknar nyckeltal") as progress:
                rows = compute(
                    result.tables,
                    year=options["year"],
                    kpis=options["kpi"] or None,
                    by=options["by"],
                    units=units,
                    params=params,
                    reference_date=reference,
                    progress=progress,
                )
        except (EngineError, ParameterError) as error:
            raise CommandError(str(error), returncode=2) from error
        output_format = options["format"]
        if output_format == "json":
            text = to_json(rows) + "\n"
        elif output_format == "csv":
            text = to_csv(rows)
        else:
            min_persons = int(params.get("min_persons", settings.MIN_PERSONS))
            text = to_table(rows, options["by"], min_persons)
        sys.stdout.write(text)
