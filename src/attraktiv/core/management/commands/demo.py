"""``attraktiv demo``: load the demo region and one demo user per role, then return.

Only for a local demo: it refuses unless the site is served from the loopback address, as
its users share one printed password. Until the demo-region generator lands (issue 6) the
region is the small organisation tree in ``core/demo/units.csv``. The seed documents'
programmes come from the programme files in ``core/demo/programmes/``.
"""

from __future__ import annotations

import csv
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from attraktiv.accounts.models import Role
from attraktiv.accounts.services import ensure_user
from attraktiv.organisation.models import Unit
from attraktiv.organisation.services import UnitRow, replace_unit_tree
from attraktiv.programmes.planfile import read_programme_file, store_programme

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
DEMO_UNITS = DEMO_DIR / "units.csv"
# The seed documents' programmes, action plans, follow-up, drawdowns and audit answers, as
# programme files (docs/programme-format.md) loaded through ``attraktiv programme import``.
DEMO_PROGRAMMES = sorted((DEMO_DIR / "programmes").glob("*.yaml"))
DEMO_PASSWORD = "attraktiv-demo"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}

# username, full name, role, unit ids where the role is held
DEMO_USERS = [
    ("admin", "Alva Administratör", Role.ADMINISTRATOR, ["R"]),
    ("hrstrateg", "Hanna Strateg", Role.HR_STRATEGIST, ["R"]),
    ("forvaltningshr", "Filip Förvaltnings-HR", Role.ADMINISTRATION_HR, ["PV"]),
    ("chef", "Cecilia Chef", Role.MANAGER, ["PV-NORR"]),
    ("lasare", "Lars Läsare", Role.READER, ["R"]),
]


def read_demo_units() -> list[UnitRow]:
    with DEMO_UNITS.open(encoding="utf-8", newline="") as handle:
        return [
            UnitRow(row["unit_id"], row["name"], row["parent_id"] or None, row["kind"])
            for row in csv.DictReader(handle)
        ]


def load_demo_programmes() -> None:
    """Load (or reload) the seed programmes through the programme file import."""
    for path in DEMO_PROGRAMMES:
        store_programme(read_programme_file(path, replace=True))


class Command(BaseCommand):
    help = "Load the demo region and demo users (local demo only), print the logins and return."

    def handle(self, *args, **options):
        host = urlsplit(settings.SITE_ROOT).hostname or ""
        if host not in LOOPBACK_HOSTS or "*" in settings.ALLOWED_HOSTS:
            raise CommandError(
                "The demo runs only on 127.0.0.1: set SITE_ROOT to http://127.0.0.1:8000."
            )
        with transaction.atomic():
            replace_unit_tree(read_demo_units())
            units = {unit.unit_id: unit for unit in Unit.objects.all()}
            for username, full_name, role, unit_ids in DEMO_USERS:
                ensure_user(username, DEMO_PASSWORD, role, [units[i] for i in unit_ids], full_name)
            load_demo_programmes()
        self.stdout.write(self.style.SUCCESS("Demo region loaded. Log in at " + settings.SITE_ROOT))
        self.stdout.write(f"Password for every demo user: {DEMO_PASSWORD}")
        for username, _full_name, role, unit_ids in DEMO_USERS:
            self.stdout.write(f"  {username:<16} {role.label} ({', '.join(unit_ids)})")
