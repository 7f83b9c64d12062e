"""``attraktiv forecasts import FILE [--links FILE.toml]`` and ``attraktiv forecasts links
[FILE.toml]``: Arbetsförmedlingen's Yrkesbarometer and its links to our competences
(issue 5, item 4).

``import`` checks the whole file (CSV or JSON) and the link file first; on any problem it
prints each as ``file:line: column: message``, stores nothing and exits with status 2.
Otherwise the file's rounds replace the stored ones and the links are added, in one
transaction. ``links`` adds the links of a TOML mapping (default: the shipped one).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand
from django.db import transaction

from attraktiv.forecasts import services
from attraktiv.hrdata.issues import whole

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Import Arbetsförmedlingen's Yrkesbarometer (CSV or JSON) and link its occupations."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("import", help="check and store a Yrkesbarometer file")
        load.add_argument("file", metavar="FILE", type=Path)
        load.add_argument(
            "--links",
            metavar="FILE.toml",
            type=Path,
            help="also link AF occupations to competences by this TOML mapping",
        )
        links = actions.add_parser("links", help="link AF occupations to competences")
        links.add_argument(
            "file",
            metavar="FILE.toml",
            type=Path,
            nargs="?",
            default=services.DEFAULT_LINKS,
            help="the TOML mapping (default: the shipped mapping of the sample)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self.load(options["file"], options["links"])
        else:
            self.link(options["file"])

    def fail(self, problems: list[str]) -> NoReturn:
        for problem in problems:
            self.stderr.write(problem)
        self.stderr.write(f"{whole(len(problems))} fel: inget har sparats.")
        sys.exit(BAD_INPUT)

    @staticmethod
    def read_links(path: Path) -> tuple[str, list[services.LinkRow]]:
        if not path.is_file():
            raise services.LinkFileError([f"{path}: filen finns inte"])
        return services.read_link_file(path)

    def load(self, path: Path, links: Path | None) -> None:
        problems: list[str] = []
        rows: list[services.AssessmentRow] = []
        link_rows: tuple[str, list[services.LinkRow]] | None = None
        if not path.is_file():
            problems.append(f"{path}: filen finns inte")
        else:
            try:
                rows = services.read_yrkesbarometer(path)
            except services.YrkesbarometerError as error:
                problems.extend(error.problems)
        if links is not None:
            try:
                link_rows = self.read_links(links)
            except services.LinkFileError as error:
                problems.extend(error.problems)
        if problems:
            self.fail(problems)
        with transaction.atomic():
            result = services.store_assessments(None, rows)
            linked = services.store_links(None, *link_rows) if link_rows else None
        self.stdout.write(
            self.style.SUCCESS(
                f"Sparade {result.source} {', '.join(result.rounds)}: {whole(result.rows)} rader"
                f" ({whole(result.replaced)} ersatta)."
            )
        )
        if linked is not None:
            self.report_links(linked)

    def link(self, path: Path) -> None:
        try:
            source, rows = self.read_links(path)
        except services.LinkFileError as error:
            self.fail(error.problems)
        self.report_links(services.store_links(None, source, rows))

    def report_links(self, result: services.LinkResult) -> None:
        self.stdout.write(
            self.style.SUCCESS(
                f"Kopplingar: {len(result.created)} nya, {result.existing} fanns redan."
            )
        )
        if result.missing_groups:
            self.stdout.write(
                "Inte kopplade, kompetensen finns inte: " + ", ".join(result.missing_groups),
                self.style.WARNING,
            )
