"""``attraktiv restore DIR [--replace]``: restore a backup of ``attraktiv backup`` into this
database, which may be SQLite or PostgreSQL whatever the backup came from (issue 15, §4)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from attraktiv.core.cli_support import with_progress
from attraktiv.formatting import format_number
from attraktiv.operations.services import BackupError, restore

BAD_INPUT = 2


class Command(BaseCommand):
    help = (
        "Återställ en säkerhetskopia från attraktiv backup: kontrollera den, läs in databasen"
        " i en transaktion och lägg tillbaka nycklarna och filerna."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "folder", metavar="DIR", type=Path, help="mappen som attraktiv backup skrev"
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="ersätt allt som finns i databasen (annars måste databasen vara tom)",
        )

    def handle(self, *args: Any, folder: Path, replace: bool, **options: Any) -> None:
        try:
            with with_progress(self, "Återställer") as advance:
                restored = restore(
                    folder, replace=replace, progress=lambda done, _what: advance(done)
                )
        except BackupError as error:
            raise CommandError(str(error), returncode=BAD_INPUT) from None
        manifest = restored.manifest
        for note in restored.notes:
            self.stdout.write(note)
        self.stdout.write(
            self.style.SUCCESS(
                f"Återställt: {len(manifest['tables'])} tabeller,"
                f" {format_number(restored.rows)} rader från säkerhetskopian"
                f" {manifest['created_at']} (Attraktiv {manifest['attraktiv_version']})."
            )
        )
