"""Issue 12: a run without figures (base year 1990, no data) was stored as done and became
the published plan. Such runs are failures (``services.execute_run`` now says so)."""

from django.db import migrations


def fail_empty_runs(apps, schema_editor):
    from attraktiv.supplyplan.services import empty_plan_error, shows_figures

    PlanRun = apps.get_model("supplyplan", "PlanRun")
    for run in PlanRun.objects.filter(state="done").exclude(result=None):
        if not shows_figures(run.result):
            run.state = "failed"
            run.error = empty_plan_error(run.base_year)
            run.save(update_fields=["state", "error"])


class Migration(migrations.Migration):
    dependencies = [("supplyplan", "0001_initial")]

    operations = [migrations.RunPython(fail_empty_runs, migrations.RunPython.noop)]
