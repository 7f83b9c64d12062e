"""``attraktiv import DATA_DIR [--mapping FILE]``: validate, store, then recompute the figures.

A data set with errors is rejected whole: nothing is stored, every error is printed as
``file:line: column: message`` (at most 50, then a count), and the command exits with
status 2. Warnings are printed without stopping. When HR data are already stored, the
command shows the stored data set beside the new one and asks before replacing it
(issue 12); ``--yes`` replaces without asking, and without a terminal to ask on it refuses
(status 2). After storing, the measurements are recomputed in this process, with a
progress bar.

(The module is named ``import`` after the command; Django loads commands by file name.)
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError

from attraktiv.datasets.models import ImportRecord, ImportSource, ImportStatus
from attraktiv.datasets.services import ComparisonRow, current_import, import_dataset
from attraktiv.hrdata.issues import format_issues, whole

BAD_INPUT = 2
DECLINED = 1


class Command(BaseCommand):
    help = "Import a data set (hr-data.md §1) from DATA_DIR and recompute the indicators."
    stealth_options = ("stdin",)  # the terminal the question is asked on (tests give one)

    def add_arguments(self, parser):
        parser.add_argument("data_dir", metavar="DATA_DIR", type=Path)
        parser.add_argument(
            "--mapping", metavar="FILE", type=Path, help="TOML column and value mapping"
        )
        parser.add_argument(
            "--no-recompute",
            action="store_true",
            help="store the data only; the figures are not recomputed",
        )
        parser.add_argument(
            "--yes",
            action="store_true",
            help="replace the stored HR data without asking",
        )

    def handle(self, *args: Any, data_dir: Path, mapping: Path | None, **options: Any) -> None:
        if not data_dir.is_dir():
            self.fail([f"{data_dir}: mappen finns inte"])
        loaded = None
        if mapping is not None:
            from attraktiv.hrdata.mapping import MappingError, load_mapping

            try:
                loaded = load_mapping(mapping)
            except (MappingError, OSError) as error:
                self.fail([f"{mapping}: {error}"])

        self.stdin = options.get("stdin") or sys.stdin
        current = current_import()
        if current is not None and not options["yes"] and not self.stdin.isatty():
            self.fail(
                [
                    f"Det finns redan lagrade HR-data (import {current.pk}, "
                    f"{current.first_year}–{current.last_year}) som importen skulle ersätta.",
                    "Kör kommandot i en terminal för att se vad som ersätts och svara på "
                    "frågan, eller lägg till --yes för att ersätta utan fråga. Ingenting ändrades.",
                ]
            )
        record = import_dataset(
            data_dir,
            user=None,
            mapping=loaded,
            source=ImportSource.COMMAND,
            enqueue_recompute=False,
            confirm=None if options["yes"] else self.ask_to_replace,
        )
        for line in record.warning_lines:
            self.stderr.write(f"varning: {line}", self.style.WARNING)
        if record.status == ImportStatus.CANCELLED:
            self.stderr.write("Ingenting importerades: de lagrade HR-data är oförändrade.")
            sys.exit(DECLINED)
        if record.status == ImportStatus.REJECTED:
            self.fail(
                format_issues(record.error_lines),
                summary=f"{whole(record.error_count)} fel: inget har lästs in.",
            )

        counts = ", ".join(
            f"{table} {whole(rows)}" for table, rows in record.row_counts.items() if rows
        )
        years = f"{record.first_year}–{record.last_year}" if record.years else "–"
        self.stdout.write(
            self.style.SUCCESS(f"Läste in {whole(record.total_rows)} rader ({counts}), år {years}.")
        )
        if not options["no_recompute"]:
            self.recompute(record)

    def ask_to_replace(self, comparison: list[ComparisonRow]) -> bool:
        """Show what the import replaces (``services.comparison``) and ask on the terminal."""
        width = max(len(what) for what, _stored, _new in comparison)
        self.stdout.write(f"{'':<{width}}  {'Lagrade data':<20}  Nya data")
        for what, stored, new in comparison:
            self.stdout.write(f"{what:<{width}}  {stored:<20}  {new}")
        self.stdout.write("Alla lagrade HR-data ersätts och nyckeltalen räknas om.")
        self.stdout.write("Ersätta? [j/N] ", ending="")
        self.stdout.flush()
        answer = self.stdin.readline().strip().lower()
        return answer in {"j", "ja"}

    def recompute(self, record: ImportRecord) -> None:
        """Recompute the measurements here and now, with a progress bar."""
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        from attraktiv.measurements.tasks import recompute_for_import

        # The command's own output stream (unwrapped: rich writes partial lines).
        console = Console(file=cast(IO[str], self.stdout._out))
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f} %"),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console) as bar:
            job = bar.add_task("Beräknar nyckeltal", total=1.0)

            def report(fraction: float, message: str) -> None:
                bar.update(job, completed=fraction, description=f"Beräknar nyckeltal: {message}")

            try:
                stored = recompute_for_import(record.pk, report)
            except Exception as error:
                raise CommandError(f"Beräkningen av nyckeltalen misslyckades: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(f"Nyckeltalen är uppdaterade: {whole(stored)} värden sparade.")
        )

    def fail(self, lines: list[str], summary: str | None = None) -> None:
        """Print the errors and exit with status 2, without a traceback."""
        for line in lines:
            self.stderr.write(line)
        if summary:
            self.stderr.write(summary, self.style.ERROR)
        sys.exit(BAD_INPUT)
