"""``attraktiv purge --before YEAR [--yes]``: remove the microdata whose periods end before
1 January YEAR and keep the measurements computed from them (issue 15, §5; GDPR art.
5(1)(e); docs/operations.md)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from attraktiv.operations.services import BackupError, PurgePlan, plan_purge, purge

BAD_INPUT = 2
# The tables of hr-data.md §1 as a person reads them.
TABLE_NAMES = {
    "persons": "personer",
    "employments": "anställningar",
    "absences": "frånvaroperioder",
    "salaries": "löner",
    "surveys": "enkätsvar",
    "sam": "SAM-uppföljningar",
    "staffing": "bemanningsmånader",
}


class Command(BaseCommand):
    help = (
        "Ta bort HR-data (mikrodata) vars perioder slutar före 1 januari YEAR. De beräknade"
        " nyckeltalen och planerna behålls."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--before",
            metavar="YEAR",
            type=int,
            required=True,
            help="ta bort uppgifter vars perioder slutar före 1 januari detta år",
        )
        parser.add_argument(
            "--yes",
            action="store_true",
            help="fråga inte först (krävs när kommandot inte körs i en terminal)",
        )

    def handle(self, *args: Any, before: int, yes: bool, **options: Any) -> None:
        try:
            plan = plan_purge(before)
        except BackupError as error:
            raise CommandError(str(error), returncode=BAD_INPUT) from None
        for line in describe(plan):
            self.stdout.write(line)
        if plan.total == 0:
            return
        if not yes:
            if not sys.stdin.isatty():
                raise CommandError(
                    "Ingen terminal att fråga i: ange --yes för att ta bort utan att fråga.",
                    returncode=BAD_INPUT,
                )
            self.stdout.write("Ta bort? [j/N] ", ending="")
            self.stdout.flush()
            if sys.stdin.readline().strip().lower() not in {"j", "ja"}:
                self.stdout.write("Inget har tagits bort.")
                return
        record = purge(before)
        self.stdout.write(
            self.style.SUCCESS(
                f"Borttaget: {sum(record.removed.values())} rader. Nyckeltalen för åren före"
                f" {before} behålls som de är beräknade."
            )
        )


def describe(plan: PurgePlan) -> list[str]:
    """What the purge will remove, in Swedish."""
    if plan.total == 0:
        return [f"Det finns inga HR-data som slutar före 1 januari {plan.before_year}."]
    lines = [f"Tas bort (perioder som slutar före 1 januari {plan.before_year}):"]
    lines += [f"  {TABLE_NAMES[name]}: {count}" for name, count in plan.rows.items() if count]
    if plan.years:
        years = ", ".join(str(year) for year in plan.years)
        lines.append(
            f"Nyckeltalen för {years} behålls men kan inte beräknas om efter borttagningen."
        )
    return lines
