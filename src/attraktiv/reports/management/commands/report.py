"""``attraktiv report KIND [--programme CODE] [--round ID] [--year Y] [--unit UNIT]
[--audit ID] [--format pdf|docx|xlsx|html] -o FILE``: a board paper as a file (issue 13 §4).

The format defaults from the suffix of ``-o``. The command reads as a region-wide
Administratör (whoever runs it already holds the whole database); ``--user NAME`` reads as
that user's roles instead, so a Chef's paper can be reproduced exactly as the Chef gets it.
With several programmes and no ``--programme`` it lists their codes and exits 2, as
``attraktiv programme export`` does (``programmes.services.choose_programme``); any other
input that cannot give the report exits 2 with its Swedish message.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from attraktiv.accounts.access import ROLE_CAPABILITIES, Access, access_for
from attraktiv.accounts.models import Role
from attraktiv.core.cli_support import with_progress
from attraktiv.organisation.models import Unit
from attraktiv.reports import kinds
from attraktiv.reports.kinds import KINDS, ReportInputError, ReportInputs
from attraktiv.reports.render import FORMATS
from attraktiv.reports.services import produce


def region_administrator() -> Access:
    """An Administratör's access in every root unit: everything, for the whole region."""
    roots = tuple(Unit.objects.roots().order_by("path"))
    return Access(
        roles=frozenset({Role.ADMINISTRATOR}),
        roots={capability: roots for capability in ROLE_CAPABILITIES[Role.ADMINISTRATOR]}
        if roots
        else {},
    )


class Command(BaseCommand):
    help = "Write a board paper (follow-up, drawdown, audit answer, sick leave, supply plan)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(KINDS), help="the report")
        parser.add_argument("--programme", default="", help="the programme's code")
        parser.add_argument("--round", type=int, dest="round_id", help="a follow-up round's id")
        parser.add_argument("--year", type=int, help="the year (sick leave)")
        parser.add_argument("--unit", default="", help="a unit's id (sick leave)")
        parser.add_argument("--audit", default="", help="an audit's number, e.g. 7/2022")
        parser.add_argument(
            "--format", choices=list(FORMATS), help="pdf, docx, xlsx or html (default: from -o)"
        )
        parser.add_argument("--user", default="", help="read as this user's roles")
        parser.add_argument("-o", "--output", type=Path, required=True, help="file to write")

    def handle(self, *args, **options):
        output: Path = options["output"]
        format_name = options["format"] or format_of(output)
        access = self.access(options["user"])
        inputs = ReportInputs(
            kind=options["kind"],
            programme=options["programme"],
            round_id=options["round_id"],
            year=options["year"],
            unit=options["unit"],
            audit=options["audit"],
        )
        try:
            kinds.check(inputs, access)
            with translation.override(settings.LANGUAGE_CODE):
                label = str(KINDS[inputs.kind].title)
            with with_progress(self, label) as progress:
                content = produce(
                    inputs, format_name, access, lambda fraction, message: progress(fraction)
                )
        except ReportInputError as error:
            option = "" if error.field == "kind" else f"--{error.field}: "
            raise CommandError(f"{option}{error.message}", returncode=2) from error
        output.write_bytes(content)
        self.stdout.write(f"{output} ({len(content)} byte)")

    def access(self, username: str) -> Access:
        if not username:
            return region_administrator()
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"--user: ingen användare heter {username!r}", returncode=2)
        return access_for(user)


def format_of(output: Path) -> str:
    """The format ``-o``'s suffix names (``.pdf`` → pdf)."""
    for format_ in FORMATS.values():
        if output.suffix.lower() == format_.suffix:
            return format_.name
    suffixes = ", ".join(f.suffix for f in FORMATS.values())
    raise CommandError(
        f"-o {output}: okänd filändelse; använd {suffixes} eller ange --format", returncode=2
    )
