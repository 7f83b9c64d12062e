"""Deployment checks (``attraktiv check --deploy``) for Attraktiv's own settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


def lies_with_the_data(path: Path) -> bool:
    """Whether ``path`` is inside the instance folder or beside the SQLite file."""
    if path.is_relative_to(Path(settings.VAR_DIR).resolve()):
        return True
    database = settings.DATABASES["default"]
    sqlite = database["ENGINE"] == "django.db.backends.sqlite3"
    return sqlite and path.parent == Path(database["NAME"]).resolve().parent


@register(Tags.security, deploy=True)
def pseudonym_key_apart_from_the_data(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Warn when the pseudonym key lies with the data (issue 11, part 6; docs/security.md).

    Whoever holds the database and the key reverses a pseudonym by hashing the ~500
    personnummer that fit a person's stored birth date and gender, so a copy of the instance
    folder must not carry the key along.
    """
    key_file = settings.PSEUDONYM_KEY_FILE
    if settings.DEBUG or key_file is None:
        return []
    key_file = Path(key_file).resolve()
    if not lies_with_the_data(key_file):
        return []
    return [
        Warning(
            f"The pseudonym key lies with the data ({key_file}): whoever copies the database "
            "and the key can reverse every pseudonym. / Pseudonymnyckeln ligger bland data.",
            hint="Keep it elsewhere: ATTRAKTIV_PSEUDONYM_KEY_FILE (a mounted secret) or "
            "ATTRAKTIV_PSEUDONYM_KEY, with the same value as the file in var/.",
            id="attraktiv.W001",
        )
    ]
