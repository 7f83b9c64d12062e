"""The ``attraktiv`` command: Django's manage.py with Attraktiv's settings preset.

``attraktiv --help`` lists the product's own commands first (serve, demo, and the commands
later apps add), then Django's.
"""

from __future__ import annotations

import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.management import ManagementUtility, get_commands

PRODUCT_APPS_PREFIX = "attraktiv."


class AttraktivUtility(ManagementUtility):
    """Django's ManagementUtility with a help text that puts Attraktiv's commands first."""

    def main_help_text(self, commands_only: bool = False) -> str:
        if commands_only:
            return super().main_help_text(commands_only=True)
        product = sorted(
            name for name, app in get_commands().items() if app.startswith(PRODUCT_APPS_PREFIX)
        )
        lines = [
            "Attraktiv: plan, measure and follow up a region's personnel policy.",
            "",
            "Usage: attraktiv <command> [options]     (attraktiv help <command> for one)",
            "",
            "Attraktiv commands:",
            *(f"    {name}" for name in product),
            "",
            "Django commands:",
        ]
        django_lines = super().main_help_text().splitlines()
        start = next(i for i, line in enumerate(django_lines) if line.startswith("["))
        return "\n".join(lines + django_lines[start:])


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script. A configuration error (a key file that cannot be
    read, settings.py) is said in one line, without a traceback."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attraktiv.settings")
    try:
        AttraktivUtility(argv or sys.argv).execute()
    except ImproperlyConfigured as error:
        sys.exit(f"attraktiv: {error}")


if __name__ == "__main__":
    main()
