"""The background job that makes a requested report (django-tasks, database backend)."""

from __future__ import annotations

from django_tasks import task

from attraktiv.reports import services


@task()
def generate_report(report_id: int) -> str:
    """Build, render and keep the queued report ``report_id`` (``services.generate``)."""
    return str(services.generate(report_id).status)
