"""The background job that runs the competence supply plan (django-tasks, database backend)."""

from __future__ import annotations

from django_tasks import task

from attraktiv.supplyplan import services


@task()
def run_supply_plan(run_id: int) -> str:
    """Run the plan ``run_id`` (a ``PlanRun``), keeping its progress on the run."""
    run = services.execute_run(run_id)
    return run.get_state_display()
