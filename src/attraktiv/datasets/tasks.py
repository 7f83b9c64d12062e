"""The background jobs of an upload on the Data page (issue 11, part 8; django-tasks): reading
it, and storing it once confirmed (issue 12)."""

from __future__ import annotations

from django_tasks import task

from attraktiv.datasets import services
from attraktiv.datasets.models import ImportStatus


@task()
def import_upload(import_id: int, folder_name: str) -> str:
    """Read, validate and store the upload kept in ``var/uploads/<folder_name>`` for the
    pending import ``import_id`` (``services.import_kept_upload``; with data already stored
    it awaits confirmation instead); when it is stored, recompute the measurements, with
    progress on the import."""
    from attraktiv.measurements.tasks import recompute_for_import

    record = services.import_kept_upload(import_id, folder_name)
    if record.status == ImportStatus.STORED:
        recompute_for_import(record.pk)
    return str(record.status)


@task()
def store_confirmed_upload(import_id: int) -> str:
    """Store the upload an importer confirmed ("Ersätt data", ``services.store_kept_upload``)
    and recompute the measurements, with progress on the import."""
    from attraktiv.measurements.tasks import recompute_for_import

    record = services.store_kept_upload(import_id)
    if record.status == ImportStatus.STORED:
        recompute_for_import(record.pk)
    return str(record.status)
