"""Running the competence supply plan and keeping its scenarios (supply-plan.md, issue 5).

The projection is the plain engine ``attraktiv.supply`` (``supply.plan.compute_plan``); this
module feeds it the stored HR data through ADBC (``datasets.services.extract_dataset``, never
the ORM), runs it as a background job with progress, stores the result, and keeps scenarios
as versioned scenario files (supply-plan.md §7). State changes check the acting user.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from attraktiv.accounts.access import access_for
from attraktiv.actionplans.models import Action
from attraktiv.core.history import attribute
from attraktiv.datasets.models import Absence, Employment, ImportRecord
from attraktiv.datasets.services import current_import, extract_dataset
from attraktiv.organisation.models import Unit
from attraktiv.supply.plan import compute_plan
from attraktiv.supply.scenario import ScenarioError, read_scenario
from attraktiv.supplyplan.models import (
    CompetenceActivity,
    PlanRun,
    RunState,
    Scenario,
    ScenarioVersion,
)

# The job writes its progress at most this often.
PROGRESS_INTERVAL_SECONDS = 0.5
DEFAULT_RUNS = 1000
# supply-plan.md §2: the rates are estimated from the ``history_years`` (default 5) years
# before the base year, so a run needs data for those years as well as for the base year.
HISTORY_YEARS = 5


def require_planner(user: Any) -> None:
    """Running the plan and saving scenarios is HR strategists' work, for the whole region."""
    if not access_for(user).may_edit_plans():
        raise PermissionDenied(_("Only HR strategists may run the plan or save scenarios."))


def default_base_year() -> int | None:
    """The latest year whose reference date (30 November, hr-data.md §2) the stored HR data
    reaches, and not this year (its reference date may lie ahead); None without data."""
    employments = Employment.objects.aggregate(started=Max("start_date"), ended=Max("end_date"))
    absences = Absence.objects.aggregate(ended=Max("end_date"))
    candidates = (employments["started"], employments["ended"], absences["ended"])
    found = [day for day in candidates if day is not None]
    if not found:
        return None
    last = max(found)
    year = last.year if (last.month, last.day) >= (11, 30) else last.year - 1
    return min(year, timezone.localdate().year - 1)


def latest_import() -> ImportRecord | None:
    """The stored HR data's import (the one the microdata come from)."""
    return current_import()


def allowed_base_years() -> tuple[int, int] | None:
    """The first and last base year the stored data can carry: the base year's reference
    date within the data (``default_base_year``) and its ``HISTORY_YEARS`` years of history
    after the data's first year (supply-plan.md §1–§2); None without data."""
    last = default_base_year()
    record = latest_import()
    if last is None or record is None or record.first_year is None:
        return None
    first = record.first_year + HISTORY_YEARS
    return (first, last) if first <= last else None


def check_base_year(base_year: int) -> None:
    """Refuse a base year the stored data cannot carry, naming the years the data cover."""
    allowed = allowed_base_years()
    if allowed is not None and allowed[0] <= base_year <= allowed[1]:
        return
    record = latest_import()
    if record is None or record.first_year is None or default_base_year() is None:
        raise ValidationError({"base_year": _("No HR data has been imported yet.")})
    covered = {"first": record.first_year, "last": record.last_year, "history": HISTORY_YEARS}
    if allowed is None:
        message = _(
            "The HR data cover %(first)s–%(last)s: too few years for a plan, which needs "
            "a base year and the %(history)s years before it."
        )
    else:
        covered.update(earliest=allowed[0], latest=allowed[1])
        message = _(
            "The HR data cover %(first)s–%(last)s. A plan needs data for its base year and "
            "the %(history)s years before it: choose a base year from %(earliest)s to "
            "%(latest)s."
        )
    raise ValidationError({"base_year": message % covered})


@transaction.atomic
def request_run(
    user: Any,
    base_year: int,
    *,
    unit: Unit | None = None,
    scenario_version: ScenarioVersion | None = None,
    runs: int = DEFAULT_RUNS,
) -> PlanRun:
    """Queue a run of the plan as a background job; the page follows its progress."""
    from attraktiv.supplyplan.tasks import run_supply_plan

    require_planner(user)
    check_base_year(base_year)
    if not 1 <= runs <= 10_000:
        raise ValidationError({"runs": _("Choose between 1 and 10 000 runs.")})
    run = PlanRun.objects.create(
        base_year=base_year,
        unit=unit,
        scenario_version=scenario_version,
        runs=runs,
        requested_by=user,
        source_import=latest_import(),
    )
    transaction.on_commit(lambda: run_supply_plan.enqueue(run.pk))
    return run


def progress_recorder(run_id: int) -> Callable[[float, str], None]:
    last = [0.0]

    def record(fraction: float, message: str) -> None:
        now = time.monotonic()
        if now - last[0] < PROGRESS_INTERVAL_SECONDS and fraction < 1.0:
            return
        last[0] = now
        PlanRun.objects.filter(pk=run_id).update(
            state=RunState.RUNNING, progress=fraction, message=message[:200]
        )

    return record


def execute_run(run_id: int) -> PlanRun:
    """Compute a queued run from the stored data and store its result (or its error)."""
    run = PlanRun.objects.select_related("scenario_version", "unit").get(pk=run_id)
    record = progress_recorder(run.pk)
    record(0.0, "läser sparade data")
    try:
        scenario = (
            read_scenario(run.scenario_version.toml, str(run.scenario_version))
            if run.scenario_version
            else None
        )
        result = compute_plan(
            extract_dataset(),
            run.base_year,
            scenario=scenario,
            unit_id=run.unit.unit_id if run.unit else None,
            runs=run.runs,
            min_persons=settings.MIN_PERSONS,
            progress=record,
        )
    except Exception as error:
        PlanRun.objects.filter(pk=run.pk).update(
            state=RunState.FAILED,
            error=f"{type(error).__name__}: {error}",
            finished_at=timezone.now(),
        )
        raise
    if not shows_figures(result):
        # An empty plan is a failure, never the published plan (``latest_run``).
        PlanRun.objects.filter(pk=run.pk).update(
            state=RunState.FAILED, error=empty_plan_error(run.base_year), finished_at=timezone.now()
        )
        run.refresh_from_db()
        return run
    PlanRun.objects.filter(pk=run.pk).update(
        state=RunState.DONE,
        progress=1.0,
        message="",
        result=result,
        finished_at=timezone.now(),
    )
    run.refresh_from_db()
    return run


def shows_figures(plan: dict[str, Any]) -> bool:
    """Whether a plan has a competence with figures (not every group empty or suppressed,
    hr-data.md §3.7): only such a plan may be published."""
    return any(not group.get("suppressed") for group in plan["groups"])


def empty_plan_error(base_year: int) -> str:
    return _(
        "The plan for base year %(year)s has no competence with figures: no employees in the "
        "HR data on its reference date, or too few to show."
    ) % {"year": base_year}


def latest_run(
    unit: Unit | None = None, scenario_version: ScenarioVersion | None = None
) -> PlanRun | None:
    """The published plan: the latest finished run for the unit (None: the region) and
    scenario (None: base). A failed run, an empty one included (``execute_run``), never
    replaces it."""
    return (
        PlanRun.objects.filter(state=RunState.DONE, unit=unit, scenario_version=scenario_version)
        .order_by("-finished_at", "-pk")
        .first()
    )


def newer_import(run: PlanRun) -> ImportRecord | None:
    """The HR data import stored after the one ``run`` was computed on, if any."""
    record = latest_import()
    if record is None or record.pk == run.source_import_id:
        return None
    stored = run.source_import.finished_at if run.source_import is not None else None
    if stored is not None and record.finished_at is not None and record.finished_at <= stored:
        return None
    return record


def long_term_shortage_counts() -> dict[int, int]:
    """The programme indicator "Antal bristkompetenser på lång sikt (4–10 år)" by base year:
    the count of long-term shortage competences of the region's latest base run of each year
    (supply-plan.md §3)."""
    counts: dict[int, int] = {}
    runs = PlanRun.objects.filter(state=RunState.DONE, unit=None, scenario_version=None)
    for run in runs.order_by("base_year", "finished_at", "pk"):
        counts[run.base_year] = int(run.plan["long_term_shortage_count"])
    return counts


@transaction.atomic
def save_scenario(
    user: Any, name: str, toml_text: str, *, note: str = "", description: str = ""
) -> ScenarioVersion:
    """Save a scenario file as the next version of the scenario named ``name``.

    The file is checked first (supply-plan.md §7); a bad file stores nothing and its problems
    name the line and key.
    """
    require_planner(user)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the scenario a name.")})
    try:
        read_scenario(toml_text, f"{name}.toml")
    except ScenarioError as error:
        raise ValidationError({"toml": list(error.problems)}) from None
    scenario, created = Scenario.objects.get_or_create(
        name=name, defaults={"created_by": user, "description": description}
    )
    if not created and description and description != scenario.description:
        scenario.description = description
        attribute(scenario, user).save()
    last = scenario.versions.order_by("-number").first()
    return ScenarioVersion.objects.create(
        scenario=scenario,
        number=1 if last is None else last.number + 1,
        toml=toml_text,
        note=note.strip(),
        saved_by=user,
    )


@transaction.atomic
def link_activity(user: Any, group: str, action: Action, note: str = "") -> CompetenceActivity:
    """Link an action of the action plan to a competence, so the gap has its measures."""
    require_planner(user)
    activity, _created = CompetenceActivity.objects.get_or_create(group=group, action=action)
    if note and activity.note != note:
        activity.note = note
    attribute(activity, user).save()
    return activity


@transaction.atomic
def unlink_activity(user: Any, activity: CompetenceActivity) -> None:
    require_planner(user)
    attribute(activity, user).delete()
