"""``make bench``: performance figures for docs/performance.md.

Runs against a throwaway SQLite database in a temporary folder (and PostgreSQL when
``ATTRAKTIV_BENCH_POSTGRES_URL`` is set), never against the instance's own data. Each figure
is the median of repeated runs, with the machine it ran on.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def median_ms(action: Callable[[], object], repeat: int = 50) -> float:
    action()  # warm up
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def machine() -> str:
    cores = os.cpu_count()
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{platform.machine()}, {cores} cores, {memory_gib:.0f} GiB, "
        f"Python {platform.python_version()}, {platform.platform()}"
    )


def bench_organisation(database: str) -> list[tuple[str, float]]:
    """Subtree, ancestor and page timings on a 5,000-unit tree (issue 2, point 6)."""
    from django.core.management import call_command
    from django.test import Client

    from attraktiv.accounts.models import Role
    from attraktiv.accounts.services import ensure_user
    from attraktiv.organisation.models import Unit
    from attraktiv.organisation.services import replace_unit_tree
    from attraktiv.organisation.synthetic import synthetic_tree

    call_command("migrate", verbosity=0)
    rows = synthetic_tree(5000)
    start = time.perf_counter()
    replace_unit_tree(rows)
    load_ms = (time.perf_counter() - start) * 1000
    root = Unit.objects.get(unit_id="R")
    forvaltning = Unit.objects.get(unit_id="F3")
    workplace = Unit.objects.get(unit_id="E4003")
    user = ensure_user("bench", "bench", Role.HR_STRATEGIST, [root])
    client = Client()
    client.force_login(user)
    return [
        (f"{database}: store a 5,000-unit tree", load_ms),
        (f"{database}: subtree of the root (5,000 units)", median_ms(lambda: list(root.subtree()))),
        (
            f"{database}: subtree of a förvaltning (500 units)",
            median_ms(lambda: list(forvaltning.subtree())),
        ),
        (f"{database}: ancestors of a workplace", median_ms(lambda: list(workplace.ancestors()))),
        (
            f"{database}: organisation page of a förvaltning (server)",
            median_ms(lambda: client.get("/organisation/enhet/F3/"), repeat=20),
        ),
    ]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["ATTRAKTIV_VAR_DIR"] = folder
        (Path(folder) / "static").mkdir()
        os.environ["DATABASE_URL"] = os.environ.get(
            "ATTRAKTIV_BENCH_DATABASE_URL", f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        )
        os.environ["ALLOWED_HOSTS"] = "testserver"
        os.environ["ATTRAKTIV_MANIFEST_STATIC"] = "0"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attraktiv.settings")
        import django

        django.setup()
        from django.db import connection

        rows = bench_organisation(connection.vendor)
    print(f"Machine: {machine()}")
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value:9.2f} ms")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
