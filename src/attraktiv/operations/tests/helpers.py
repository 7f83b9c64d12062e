"""What the operations tests share: a small region stored and computed, and the ``attraktiv``
command run as another process against another database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from attraktiv.datasets.models import ImportRecord
from attraktiv.datasets.services import import_dataset
from attraktiv.measurements.services import recompute
from attraktiv.synthetic.generator import generate

EMPLOYEES = 120
YEARS = (2023, 2024)


def store_small_region(folder: Path) -> ImportRecord:
    """A synthetic region of ``EMPLOYEES`` over ``YEARS`` (the demo's units), imported through
    the real import and computed; the caller's test must commit (ADBC reads committed data)."""
    generate(folder, employees=EMPLOYEES, years=YEARS, seed=2021)
    record = import_dataset(folder, user=None, enqueue_recompute=False)
    assert record.status == "stored", record.error_lines
    recompute(source_import=record)
    return record


def run_attraktiv(
    *args: str, database_url: str, var_dir: Path, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """``attraktiv ARGS`` in a process of its own, on ``database_url`` and ``var_dir``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ATTRAKTIV_PSEUDONYM_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    env |= {"DATABASE_URL": database_url, "ATTRAKTIV_VAR_DIR": str(var_dir)}
    env["PYTHONPATH"] = os.pathsep.join(
        [str(Path(__file__).resolve().parents[3]), env.get("PYTHONPATH", "")]
    )
    result = subprocess.run(
        [sys.executable, "-m", "attraktiv", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if check and result.returncode:
        raise AssertionError(f"attraktiv {' '.join(args)}: {result.returncode}\n{result.stderr}")
    return result
