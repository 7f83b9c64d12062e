"""``attraktiv backup DIR [--force]``: the database, the secrets and the kept files in a folder
with a manifest of checksums (issue 15, §4; docs/operations.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from attraktiv.core.cli_support import with_progress
from attraktiv.formatting import format_number
from attraktiv.operations.services import SECRETS, BackupError, backup

BAD_INPUT = 2


class Command(BaseCommand):
    help = (
        "Säkerhetskopiera databasen, de hemliga nycklarna och de sparade filerna till mappen"
        " DIR, med en manifestfil med kontrollsummor."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "folder",
            metavar="DIR",
            type=Path,
            help="en ny eller tom mapp för säkerhetskopian",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="skriv över en tidigare säkerhetskopia i DIR",
        )

    def handle(self, *args: Any, folder: Path, force: bool, **options: Any) -> None:
        try:
            with with_progress(self, "Säkerhetskopierar") as advance:
                manifest = backup(folder, force=force, progress=lambda done, _what: advance(done))
        except BackupError as error:
            raise CommandError(str(error), returncode=BAD_INPUT) from None
        folder = folder.expanduser().resolve()
        rows = sum(table["rows"] for table in manifest["tables"])
        size = sum(entry["bytes"] for entry in manifest["files"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Säkerhetskopian är skriven till {folder}: {len(manifest['tables'])} tabeller,"
                f" {format_number(rows)} rader, {len(manifest['files'])} filer,"
                f" {format_number(size / 1e6, 1)} MB."
            )
        )
        self.stdout.write(
            f"De hemliga nycklarna ligger i {folder / SECRETS} (läsbara bara för dig):"
            " förvara dem skilt från databasen och lika skyddat som lösenord."
        )
