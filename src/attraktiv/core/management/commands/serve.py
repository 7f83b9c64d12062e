"""``attraktiv serve``: the web server plus the background-job worker.

Development (default): Django's server on 127.0.0.1:8000. ``--prod``: gunicorn. In both
cases a django-tasks database worker runs beside the server, so imports, recomputes and
reports proceed in the background; it stops when the server stops.
"""

from __future__ import annotations

import os
import subprocess
import sys

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
