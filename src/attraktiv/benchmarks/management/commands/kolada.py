"""``attraktiv kolada import FILE``: other regions' figures from Kolada's API JSON (v2 or v3)
for benchmarking our indicators (issue 6, item 5).

The whole file is checked first; on any problem each is printed as
``file:line: field: message``, nothing is stored and the command exits with status 2. KPI
ids Kolada does not know, and KPIs no indicator of ours mirrors, are printed as warnings and
skipped. Otherwise the file's (KPI, year) pairs replace the stored ones in one transaction.
The command runs as the system (like ``attraktiv import``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand

from attraktiv.benchmarks import services
from attraktiv.hrdata.issues import whole

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Import Kolada figures (the API's JSON, v2 or v3) to compare our indicators with."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("import", help="check and store a Kolada JSON file")
        load.add_argument("file", metavar="FILE", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        self.load(options["file"])

    def fail(self, problems: list[str], warnings: list[str]) -> NoReturn:
        self.warn(warnings)
        for problem in problems:
            self.stderr.write(problem)
        self.stderr.write(f"{whole(len(problems))} fel: inget har sparats.")
        sys.exit(BAD_INPUT)

    def warn(self, warnings: list[str]) -> None:
        for warning in warnings:
            self.stderr.write(f"varning: {warning}", self.style.WARNING)

    def load(self, path: Path) -> None:
        if not path.is_file():
            self.fail([f"{path}: filen finns inte"], [])
        try:
            data = services.read_kolada(path)
        except services.KoladaError as error:
            self.fail(error.problems, [str(w) for w in error.warnings])
        result = services.store_kolada(None, data)
        self.warn(result.warnings)
        self.stdout.write(
            self.style.SUCCESS(
                f"Sparade {whole(result.rows)} värden från Kolada ur {result.file_name}"
                f" ({', '.join(result.kpis) or 'inget nyckeltal'};"
                f" {', '.join(str(p) for p in result.periods) or 'inget år'};"
                f" {whole(result.replaced)} ersatta)."
            )
        )
