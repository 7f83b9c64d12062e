"""``attraktiv programme export|import``: a whole programme as one file (docs/programme-format.md).

``export [CODE] [--format yaml|json] [--with-values] [--output FILE]`` writes a programme
(the only one, or the one with CODE; with several and no CODE it lists their codes and exits
2, as ``attraktiv report`` does); ``import FILE [--replace]`` checks the whole file
first and stores it in one transaction, or exits 2 listing every problem as
``file:line: place: message``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from attraktiv.programmes.planfile import (
    PlanFileError,
    dump,
    export_programme,
    read_programme_file,
    store_programme,
)
from attraktiv.programmes.services import ProgrammeNotChosen, choose_programme


class Command(BaseCommand):
    help = "Export a programme to a YAML or JSON file, or import one."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export", help="write a programme as YAML or JSON")
        export.add_argument("code", nargs="?", help="the programme's code (needed if several)")
        export.add_argument("--format", choices=["yaml", "json"], default="yaml")
        export.add_argument(
            "--with-values",
            action="store_true",
            help="add each indicator's latest value and status",
        )
        export.add_argument("--output", "-o", type=Path, help="file to write (default stdout)")
        load = actions.add_parser("import", help="check and store a programme file")
        load.add_argument("file", type=Path)
        load.add_argument(
            "--replace", action="store_true", help="replace a stored programme with the same code"
        )

    def handle(self, *args, **options):
        if options["action"] == "export":
            self.export(options)
        else:
            self.load(options)

    def export(self, options):
        try:
            programme = choose_programme(options["code"] or "")
        except ProgrammeNotChosen as error:
            raise CommandError(error.message, returncode=2) from error
        text = dump(
            export_programme(programme, with_values=options["with_values"]), options["format"]
        )
        if options["output"]:
            options["output"].write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")

    def load(self, options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: filen finns inte")
        try:
            content = read_programme_file(path, replace=options["replace"])
        except PlanFileError as error:
            for problem in error.problems:
                self.stderr.write(problem)
            self.stderr.write(f"{len(error.problems)} fel: inget har sparats.")
            sys.exit(2)
        programme = store_programme(content)
        self.stdout.write(self.style.SUCCESS(f"Sparade {programme} ({programme.code})."))
