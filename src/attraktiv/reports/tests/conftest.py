"""The demo region (``attraktiv demo``, small), loaded once per test module and committed, so
the builders read what a new user of the demo sees: the seed programmes through the
programme import, HR data through the real import and recompute, the supply plan's base
run, and one user per role. Each test runs in a transaction of its own that is rolled back;
the module's end empties the database again. Beside it: the instance folder of every test
(``var_dir``, where reports are kept) and the seed programmes alone (``programmes``).

The measurements are recomputed through a second connection (ADBC), which cannot see an
uncommitted transaction: that is why the demo is committed rather than wrapped in one.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from attraktiv.accounts.access import Access, access_for

SMALL_DEMO = ["--employees", "400", "--years", "2019-2022", "--runs", "10"]


class Demo:
    """The loaded demo: its users by name and their access."""

    def __init__(self, users: dict[str, Any]):
        self.users = users

    def access(self, username: str) -> Access:
        return access_for(self.users[username])


def load_demo(tmp_path_factory, arguments: list[str]) -> Demo:
    with override_settings(VAR_DIR=tmp_path_factory.mktemp("var")):
        call_command("demo", *arguments, stdout=StringIO())
    return Demo({user.username: user for user in get_user_model().objects.all()})


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Demo]:
    with django_db_blocker.unblock():
        try:
            yield load_demo(tmp_path_factory, SMALL_DEMO)
        finally:
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    """The instance folder of the test (reports are kept in its ``reports/``)."""
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR


@pytest.fixture
def programmes(region):
    """The seed programmes (the 2018 one with seed 000's drawdowns, the 2027 one with audit
    7/2022), loaded as ``attraktiv demo`` loads them."""
    from attraktiv.core.management.commands.demo import load_demo_programmes

    return load_demo_programmes()
