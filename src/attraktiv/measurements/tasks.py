"""The background job that recomputes the measurements after an import (django-tasks)."""

from __future__ import annotations

import time

from django.utils import timezone
from django_tasks import task

from attraktiv.datasets.models import ImportRecord, RecomputeStatus
from attraktiv.measurements import services

# The job writes its progress at most this often, so the page can show it cheaply.
PROGRESS_INTERVAL_SECONDS = 0.5


def progress_recorder(import_id: int) -> services.Progress:
    """A ``progress(fraction, message)`` that stores the job's progress on the import."""
    last = [0.0]

    def record(fraction: float, message: str) -> None:
        now = time.monotonic()
        if now - last[0] < PROGRESS_INTERVAL_SECONDS and fraction < 1.0:
            return
        last[0] = now
        ImportRecord.objects.filter(pk=import_id).update(
            recompute_status=RecomputeStatus.RUNNING,
            recompute_progress=fraction,
            recompute_message=message[:200],
        )

    return record


def recompute_for_import(import_id: int, progress: services.Progress | None = None) -> int:
    """Recompute all measurements from the stored data, keeping progress on the import.

    ``progress`` is told as well (the ``import`` command's progress bar).
    """
    source_import = ImportRecord.objects.filter(pk=import_id).first()
    record = progress_recorder(import_id)

    def report(fraction: float, message: str) -> None:
        record(fraction, message)
        if progress:
            progress(fraction, message)

    try:
        stored = services.recompute(report, source_import=source_import)
    except Exception as error:
        ImportRecord.objects.filter(pk=import_id).update(
            recompute_status=RecomputeStatus.FAILED,
            recompute_message=f"{type(error).__name__}: {error}"[:200],
            recomputed_at=timezone.now(),
        )
        raise
    ImportRecord.objects.filter(pk=import_id).update(
        recompute_status=RecomputeStatus.DONE,
        recompute_progress=1.0,
        recompute_message=f"{stored} värden sparade",
        recomputed_at=timezone.now(),
    )
    return stored


@task()
def recompute_measurements(import_id: int) -> int:
    """The background job: recompute all measurements after the import ``import_id``."""
    return recompute_for_import(import_id)
