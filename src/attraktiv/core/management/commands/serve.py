"""``attraktiv serve``: the web server plus the background-job worker.

Development (default): Django's server on 127.0.0.1:8000. ``--prod``: gunicorn. In both
cases a django-tasks database worker runs beside the server, so imports, recomputes and
reports proceed in the background; it stops when the server stops.

In production (``DEBUG=0``) every page names its static files through the collectstatic
manifest, so a missing or stale manifest would make every page fail. ``serve`` therefore
collects the static files first when the manifest is missing or older than a static file of
the installed version, as an operator expects of a fresh data directory or an upgrade.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Attraktiv (with its background-job worker) on ADDRESS (default 127.0.0.1:8000)."

    def add_arguments(self, parser):
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--prod", action="store_true", help="serve with gunicorn")
        parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (--prod)")
        parser.add_argument(
            "--no-worker", action="store_true", help="do not start the background-job worker"
        )

    def handle(self, *args, address: str, prod: bool, workers: int, no_worker: bool, **options):
        if static_manifest_outdated():
            self.stdout.write("Collecting the static files (the manifest is missing or stale).")
            call_command("collectstatic", interactive=False, verbosity=0)
        worker = None
        if not no_worker:
            worker = subprocess.Popen(
                [sys.executable, "-m", "attraktiv", "db_worker", "--queue-name", "*"],
                env=os.environ.copy(),
            )
        try:
            if prod:
                subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "attraktiv.wsgi",
                        "--bind",
                        address,
                        "--workers",
                        str(workers),
                        "--access-logfile",
                        "-",
                    ],
                    check=True,
                )
            else:
                self.stdout.write(f"Attraktiv: http://{address}/")
                call_command("runserver", address, use_reloader=False)
        except KeyboardInterrupt:
            pass
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)


IGNORED_STATIC = ["CVS", ".*", "*~"]  # collectstatic's default ignore patterns


def static_manifest_outdated() -> bool:
    """Whether pages would miss a manifest entry: the storage hashes names through a
    manifest, and the manifest is missing, lacks a static file, or is older than one."""
    storage = staticfiles_storage
    if not isinstance(storage, ManifestFilesMixin):
        return False
    if not storage.manifest_storage.exists(storage.manifest_name):
        return True
    manifest = Path(storage.manifest_storage.path(storage.manifest_name))
    collected = json.loads(manifest.read_text(encoding="utf-8")).get("paths", {})
    written = manifest.stat().st_mtime
    for finder in finders.get_finders():
        for relative, source in finder.list(IGNORED_STATIC):
            prefix = getattr(source, "prefix", "")
            name = (f"{prefix}/{relative}" if prefix else relative).replace(os.sep, "/")
            if name not in collected or Path(source.path(relative)).stat().st_mtime > written:
                return True
    return False
