"""The access matrix: every page, download and API operation × every role × inside and
outside the user's units has one decision (domain.md, "Roles and what they may see").

``MATRIX`` below is the table. Each ``Row`` names a URL (``namespace:name``, as
``reverse`` takes it) and its cases: ``inside`` (an object of förvaltning A, where the scoped
users hold their role), ``outside`` (förvaltning B) or ``region`` (an object of the whole
region: programmes, plans, budgets, audits, rounds, scenarios). A case lists which roles get
which decision; every role not listed is denied (403):

- ``allowed``: 2xx or 3xx (a POST: neither 403 nor 404, and no server error);
- ``filtered``: 200, and the answer names no unit outside A's subtree (B's units, the other
  förvaltningar, the region itself), while the region's users get those names on the same
  URL (so the check has something to find);
- ``not_found``: 404, as the code answers for units and objects outside the scope;
- denied: 403, and a denied POST changes nothing in the database.

Anonymous users are sent to the login page (the API answers 401) on every row. A URL
pattern or API operation without a row fails ``test_every_url_and_api_operation_has_a_row``
by name; the public ones (login, health, the API's own documents) are listed in ``PUBLIC``.
docs/security.md ("Access matrix") tells how to add a row.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from attraktiv.accounts.models import Role

# ---- roles ------------------------------------------------------------------------------------

A, B = "PV", "HS"  # förvaltning A (where the scoped users hold their role) and B
A_LEAF, B_LEAF = "PV-NORR-1", "HS-MED-1"

# user name → (role, unit where it is held)
USERS: dict[str, tuple[Role, str]] = {
    "admin@R": (Role.ADMINISTRATOR, "R"),
    "hrstrateg@R": (Role.HR_STRATEGIST, "R"),
    "admin@A": (Role.ADMINISTRATOR, A),
    "hrstrateg@A": (Role.HR_STRATEGIST, A),
    "hr@A": (Role.ADMINISTRATION_HR, A),
    "chef@A": (Role.MANAGER, A),
    "reader@A": (Role.READER, A),
}
ROLES = tuple(USERS)
REGION = frozenset({"admin@R", "hrstrateg@R"})  # every capability for the whole region
EVERYONE = frozenset(ROLES)
IN_A = EVERYONE - REGION
FIGURES_A = frozenset({"admin@A", "hrstrateg@A", "hr@A", "chef@A"})  # VIEW_FIGURES in A
REPORTERS_A = frozenset({"admin@A", "hrstrateg@A", "hr@A"})  # REPORT_ACTIONS in A
NOBODY: frozenset[str] = frozenset()

ALLOWED, FILTERED, NOT_FOUND, DENIED = "allowed", "filtered", "not found", "denied"


# ---- the table --------------------------------------------------------------------------------

Kwargs = Callable[["World"], dict[str, Any]]


@dataclass(frozen=True)
class Case:
    """One way to call a URL: its arguments, query and POST data, and who gets what."""

    scope: str  # "inside", "outside" or "region"
    kwargs: Kwargs = lambda w: {}
    allowed: frozenset[str] = NOBODY
    filtered: frozenset[str] = NOBODY
    not_found: frozenset[str] = NOBODY
    query: Callable[[World], str] | str = ""
    method: str = "GET"
    data: Callable[[World], dict[str, Any]] | dict[str, Any] = field(default_factory=dict)

    def decision(self, role: str) -> str:
        for decision, roles in (
            (ALLOWED, self.allowed),
            (FILTERED, self.filtered),
            (NOT_FOUND, self.not_found),
        ):
            if role in roles:
                return decision
        return DENIED


@dataclass(frozen=True)
class Row:
    name: str
    cases: tuple[Case, ...]


def row(name: str, *cases: Case) -> Row:
    return Row(name, cases)


def inside(kwargs: Kwargs = lambda w: {}, **decisions: Any) -> Case:
    return Case("inside", kwargs, **decisions)


def outside(kwargs: Kwargs = lambda w: {}, **decisions: Any) -> Case:
    return Case("outside", kwargs, **decisions)


def region(kwargs: Kwargs = lambda w: {}, **decisions: Any) -> Case:
    return Case("region", kwargs, **decisions)


def post(case: Case, data: Callable[[World], dict[str, Any]] | dict[str, Any] | None = None):
    """The same case as a POST (a harmless, invalid one unless ``data`` says otherwise)."""
    return Case(
        case.scope,
        case.kwargs,
        case.allowed,
        case.filtered,
        case.not_found,
        case.query,
        "POST",
        data if data is not None else {},
    )


def published(kwargs: Kwargs = lambda w: {}, **extra: Any) -> Case:
    """Published plans, follow-ups, budgets and audits: every role reads them."""
    return region(kwargs, allowed=EVERYONE, **extra)


def planners(kwargs: Kwargs = lambda w: {}, **extra: Any) -> Case:
    """Region-wide editing (EDIT_PLANS or IMPORT_DATA for the whole region)."""
    return region(kwargs, allowed=REGION, **extra)


def edit(kwargs: Kwargs = lambda w: {}, data: Any = None) -> tuple[Case, ...]:
    """A page of region-wide editors, shown (GET) and posted to."""
    return (planners(kwargs), post(planners(kwargs), data))


def posted(kwargs: Kwargs = lambda w: {}, data: Any = None) -> Case:
    """A POST-only endpoint of region-wide editors."""
    return post(planners(kwargs), data)


def figures_inside(kwargs: Kwargs = lambda w: {}, query: Any = "", **extra: Any) -> Case:
    return Case("inside", kwargs, allowed=REGION | FIGURES_A, query=query, **extra)


def figures_outside(kwargs: Kwargs = lambda w: {}, query: Any = "") -> Case:
    return Case("outside", kwargs, allowed=REGION, not_found=FIGURES_A, query=query)


def programme_figures(kwargs: Kwargs) -> tuple[Case, ...]:
    """An indicator's figures (``kwargs`` besides ``kpi``): a programme's indicator at the
    region, its level, for every reader of published plans, and in A for A's figure readers
    only (a Läsare: not found); an indicator no programme follows, at the region, for the
    region's users only (A's figure readers: not found; a Läsare: denied)."""

    def followed(w: World) -> dict[str, Any]:
        return {"kpi": w.programme_kpi, **kwargs(w)}

    def other(w: World) -> dict[str, Any]:
        return {"kpi": w.kpi, **kwargs(w)}

    return (
        region(followed, allowed=EVERYONE, query="enhet=R"),
        Case(
            "inside",
            followed,
            allowed=REGION | FIGURES_A,
            not_found=frozenset({"reader@A"}),
            query=f"enhet={A}",
        ),
        region(other, allowed=REGION, not_found=FIGURES_A, query="enhet=R"),
    )


def scoped_list(kwargs: Kwargs = lambda w: {}, roles: frozenset[str] = EVERYONE) -> Case:
    """A list for the user's own units: everything for the region, A's part for the rest."""
    return Case("inside", kwargs, allowed=REGION & roles, filtered=roles - REGION)


def reported(name: str, kwargs: Callable[[World, Any], dict[str, Any]]) -> Row:
    """A report for a unit of the open round: A's reporters report for A, not for B."""

    def at(unit_of: Callable[[World], Any]) -> Kwargs:
        return lambda w: {"pk": w.round.pk, **kwargs(w, unit_of(w))}

    return row(
        name,
        post(inside(at(lambda w: w.unit_a), allowed=REGION | REPORTERS_A)),
        post(outside(at(lambda w: w.unit_b), allowed=REGION)),
    )


def own_report() -> Case:
    """A report chef@A made: theirs, and the region's administrators' and strategists'."""
    makers = REGION | {"chef@A"}
    return region(lambda w: {"pk": w.report.pk}, allowed=makers, not_found=EVERYONE - makers)


def programme(w: World) -> dict[str, Any]:
    return {"code": w.programme.code}


def plan(w: World) -> dict[str, Any]:
    return {"programme_code": w.programme.code}


MATRIX: list[Row] = [
    # core, accounts
    row("core:home", scoped_list()),
    row("accounts:my_access", published()),
    # the event log (Händelselogg): MANAGE_USERS for the whole region
    row("auditlog:index", region(allowed=frozenset({"admin@R"}))),
    row("auditlog:export", region(allowed=frozenset({"admin@R"}))),
    # organisation
    row("organisation:index", scoped_list()),
    row(
        "organisation:unit",
        inside(lambda w: {"unit_id": A_LEAF}, allowed=EVERYONE),
        outside(lambda w: {"unit_id": B_LEAF}, allowed=REGION, not_found=IN_A),
    ),
    # data (imports are the region's: IMPORT_DATA for the whole region)
    row("datasets:index", published()),  # others are sent on to the organisation
    row("datasets:upload", *edit()),
    row("datasets:sample_data", planners(lambda w: {"file_format": "xlsx"})),
    row("datasets:mapping_example", planners()),
    row("datasets:import", planners(lambda w: {"pk": w.import_record.pk})),
    row("datasets:import_progress", planners(lambda w: {"pk": w.import_record.pk})),
    # a stored import: the importers are told it is not awaiting confirmation (a redirect)
    row("datasets:confirm_import", posted(lambda w: {"pk": w.import_record.pk})),
    row("datasets:cancel_import", posted(lambda w: {"pk": w.import_record.pk})),
    # Nyckeltal: figures of the user's units
    row(
        "indicators:index",
        scoped_list(roles=REGION | FIGURES_A),
        figures_outside(query=f"enhet={B}"),
    ),
    # One indicator: figures of the user's units; and, for everyone who reads published
    # plans, the indicators a programme follows at the programme's level (the region), not
    # below it (Access.may_read_measurements).
    row(
        "indicators:detail",
        figures_inside(lambda w: {"kpi": w.kpi}, query=f"enhet={A}"),
        figures_outside(lambda w: {"kpi": w.kpi}, query=f"enhet={B}"),
        *programme_figures(lambda w: {}),
    ),
    row(
        "indicators:export",
        figures_inside(lambda w: {"kpi": w.kpi, "file_format": "csv"}, query=f"enhet={A}"),
        figures_outside(lambda w: {"kpi": w.kpi, "file_format": "csv"}, query=f"enhet={B}"),
        *programme_figures(lambda w: {"file_format": "csv"}),
    ),
    # Kolada: other regions' published figures, beside ours for the figure readers
    row("benchmarks:index", region(allowed=REGION | FIGURES_A)),
    row("benchmarks:upload", posted()),
    # programmes (published)
    row("programmes:index", published()),
    row("programmes:rules", published()),
    row("programmes:overview", published(programme)),
    row("programmes:file", published(lambda w: {**programme(w), "file_format": "yaml"})),
    row("programmes:table", published(lambda w: {**programme(w), "file_format": "csv"})),
    row(
        "programmes:goal",
        published(lambda w: {**programme(w), "ref": w.goal.ref}),
        posted(lambda w: {**programme(w), "ref": w.goal.ref}),
    ),
    row(
        "programmes:indicator",
        published(lambda w: {**programme(w), "ref": w.indicator.ref}),
        posted(lambda w: {**programme(w), "ref": w.manual_indicator.ref}),
    ),
    # action plans (published; reporters set their actions' status)
    row("actionplans:index", published()),
    row("actionplans:plan", published(plan)),
    row("actionplans:export", published(lambda w: {**plan(w), "file_format": "csv"})),
    row("actionplans:compare", published(plan)),
    row("actionplans:action_new", *edit(plan)),
    row("actionplans:revise", *edit(plan)),
    row(
        "actionplans:action",
        published(lambda w: {**plan(w), "ref": w.action_a.ref}),
        post(planners(lambda w: {**plan(w), "ref": w.action_a.ref}), {"form": "edit"}),
        post(
            inside(lambda w: {**plan(w), "ref": w.action_a.ref}, allowed=REGION | REPORTERS_A),
            {"form": "reschedule"},
        ),
        post(
            outside(lambda w: {**plan(w), "ref": w.action_chr.ref}, allowed=REGION),
            {"form": "reschedule"},
        ),
    ),
    row(
        "actionplans:action_status",
        post(
            inside(lambda w: {**plan(w), "ref": w.action_a.ref}, allowed=REGION | REPORTERS_A),
            {"status": ""},
        ),
        post(
            outside(lambda w: {**plan(w), "ref": w.action_chr.ref}, allowed=REGION),
            {"status": ""},
        ),
    ),
    # follow-up rounds (published; reporters report for their units)
    row("followups:index", published()),
    row("followups:open", posted()),
    row("followups:round", published(lambda w: {"pk": w.round.pk})),
    row("followups:history", published(lambda w: {"pk": w.round.pk})),
    row(
        "followups:assessment_history",
        published(lambda w: {"pk": w.round.pk, "goal_pk": w.goal.pk}),
    ),
    reported("followups:report", lambda w, unit: {"action_pk": w.action_a.pk, "unit_pk": unit.pk}),
    reported("followups:mark_done", lambda w, unit: {"unit_pk": unit.pk}),
    reported("followups:undo_done", lambda w, unit: {"unit_pk": unit.pk}),
    row("followups:assess", posted(lambda w: {"pk": w.round.pk, "goal_pk": w.goal.pk})),
    row("followups:lock", posted(lambda w: {"pk": w.round.pk})),
    row("followups:reopen", posted(lambda w: {"pk": w.locked_round.pk})),
    row("followups:approve", posted(lambda w: {"pk": w.locked_round.pk})),
    # budget (published; edited region-wide)
    row("budget:index", published()),
    row("budget:allocation", published(lambda w: {"pk": w.allocation.pk})),
    row("budget:export", published(lambda w: {"pk": w.allocation.pk, "file_format": "csv"})),
    row("budget:add_drawdown", posted(lambda w: {"pk": w.allocation.pk})),
    row("budget:set_amount", posted(lambda w: {"pk": w.allocation.pk})),
    row(
        "budget:drawdown",
        published(lambda w: {"pk": w.drawdown.pk}),
        posted(lambda w: {"pk": w.drawdown.pk}),
    ),
    row("budget:drawdown_row", published(lambda w: {"pk": w.drawdown.pk})),
    row("budget:drawdown_row_edit", *edit(lambda w: {"pk": w.drawdown.pk})),
    row("budget:remove_drawdown", posted(lambda w: {"pk": w.drawdown.pk})),
    # audits (published; edited region-wide)
    row("audits:index", published(), posted()),
    row("audits:audit", published(lambda w: {"pk": w.audit.pk})),
    row("audits:edit_audit", posted(lambda w: {"pk": w.audit.pk})),
    row("audits:edit_areas", posted(lambda w: {"pk": w.audit.pk})),
    row("audits:add_recommendation", posted(lambda w: {"pk": w.audit.pk})),
    row("audits:edit_recommendation", posted(lambda w: {"pk": w.recommendation.pk})),
    row("audits:add_measure", posted(lambda w: {"pk": w.recommendation.pk})),
    row("audits:recommendation_history", published(lambda w: {"pk": w.recommendation.pk})),
    row("audits:measure", published(lambda w: {"pk": w.measure.pk})),
    row("audits:measure_edit", *edit(lambda w: {"pk": w.measure.pk})),
    row("audits:measure_history", published(lambda w: {"pk": w.measure.pk})),
    # reports: every reader makes papers; a version is seen by its maker and the region's
    # administrators and HR strategists (docs/security.md, "Reports")
    row(
        "reports:index",
        published(),
        post(published()),
        Case("inside", allowed=REGION, filtered=IN_A, query="kind=sickleave"),
    ),
    row(
        "reports:preview",
        published(query=lambda w: f"kind=drawdown&programme={w.allocation.programme.code}"),
    ),
    row("reports:row", own_report()),
    row("reports:download", own_report()),
    # competence supply: a unit's plan for its figure readers, the region's for the region's
    row("supply:index", scoped_list(roles=REGION | FIGURES_A), figures_outside(query=f"enhet={B}")),
    row(
        "supply:competence",
        figures_inside(lambda w: {"group": w.group}, query=f"enhet={A}"),
        figures_outside(lambda w: {"group": w.group}, query=f"enhet={B}"),
        post(
            Case(
                "inside",
                lambda w: {"group": w.group},
                allowed=REGION,
                query=f"enhet={A}",
            )
        ),
    ),
    row("supply:unlink", posted(lambda w: {"pk": w.activity.pk})),
    row(
        "supply:start_run",
        # A valid request: the queued run is rolled back with the test, and the job is never
        # enqueued (that happens on commit). fix12a covers invalid ones.
        posted(data=lambda w: {"base_year": w.base_year, "runs": 1}),
    ),
    row(
        "supply:run",
        figures_inside(lambda w: {"pk": w.run_a.pk}),
        figures_outside(lambda w: {"pk": w.run_b.pk}),
        region(lambda w: {"pk": w.run_region.pk}, allowed=REGION, not_found=FIGURES_A),
    ),
    # Scenarios carry no unit: their results are the whole region's figures.
    row("supply:scenarios", planners(), posted()),
    row(
        "supply:compare",
        Case(
            "region",
            allowed=REGION,
            query=lambda w: f"a={w.scenario.pk}&b={w.other_scenario.pk}",
        ),
    ),
    row("supply:scenario", planners(lambda w: {"pk": w.scenario.pk})),
    row("supply:scenario_file", planners(lambda w: {"pk": w.scenario.latest.pk})),
    # external forecasts (Arbetsförmedlingen: the country's and counties' judgements)
    row("forecasts:index", region(allowed=REGION | FIGURES_A)),
    row("forecasts:links", region(allowed=REGION | FIGURES_A)),
    row("forecasts:upload", posted()),
    row("forecasts:links_edit", *edit()),
    row("forecasts:unlink", posted(lambda w: {"pk": w.link.pk})),
    row("forecasts:default_links", posted()),
    # the JSON API (attraktiv.api), through api_auth.require
    row("api:list_units", scoped_list()),
    row(
        "api:get_unit",
        inside(lambda w: {"unit_id": A_LEAF}, allowed=EVERYONE),
        outside(lambda w: {"unit_id": B_LEAF}, allowed=REGION, not_found=IN_A),
    ),
    row("api:list_programmes", published()),
    row("api:get_programme", published(programme)),
    row(
        "api:programme_status",
        published(lambda w: {**programme(w), "year": w.base_year}),
    ),
]

# Deliberately open to everyone, logged in or not (``accounts.access.public`` on pages).
PUBLIC = {
    "core:health",
    "accounts:login",
    "accounts:logout",
    "api:openapi-json",  # the API's own description, no data
    "api:openapi-view",
    "api:api-root",
}
# Django's own: the admin site (staff only, its own permissions), set_language, static files.
EXCLUDED_PREFIXES = ("admin/", "i18n/", "static/")


# ---- the world: a region, two förvaltningar, one user per role, every kind of object ----------


@dataclass
class World:
    users: dict[str, Any]
    units: dict[str, Any]
    unit_a: Any
    unit_b: Any
    outside_names: list[str]  # of the units outside A's subtree, the region's included
    import_record: Any
    kpi: str  # followed by no programme
    programme_kpi: str  # followed by a programme indicator at the region
    base_year: int
    programme: Any
    goal: Any
    indicator: Any
    manual_indicator: Any
    action_a: Any  # an action förvaltning A reports on
    action_chr: Any  # an action only Centrum för HR reports on
    round: Any  # open
    locked_round: Any
    allocation: Any
    drawdown: Any
    audit: Any
    recommendation: Any
    measure: Any
    group: str  # a competence in the plans of the region, A and B
    run_region: Any
    run_a: Any
    run_b: Any
    scenario: Any
    other_scenario: Any
    activity: Any
    link: Any
    report: Any  # a report chef@A made
    clients: dict[str, Client] = field(default_factory=dict)  # logged in, per user


EMPLOYEES, YEARS = 400, (2022, 2024)
SCENARIO = """\
name = "{name}"
base_year = 2024
horizon = 10

[defaults]
retirement_age_shift = {delta}
"""


def build_world(folder) -> World:
    """The demo tree with a small synthetic region through the real import, its figures,
    the seed programmes (plans, budget, audit, a locked follow-up), an open round with a
    report, plans of the region and both förvaltningar, two scenarios and forecast links."""
    from django.contrib.auth.models import User

    from attraktiv.accounts.services import assign_role
    from attraktiv.actionplans.models import Action
    from attraktiv.core.management.commands.demo import DEMO_ROUND_PROGRAMME, load_demo_programmes
    from attraktiv.datasets.services import store_dataset
    from attraktiv.followups import services as followups
    from attraktiv.followups.models import FollowUpRound, RoundKind
    from attraktiv.forecasts.services import load_links
    from attraktiv.hrdata.reader import read_dataset
    from attraktiv.indicators.engine import Engine
    from attraktiv.measurements.services import compute_measurements, store_measurements
    from attraktiv.organisation.models import Unit
    from attraktiv.programmes.models import Indicator, Programme, Source
    from attraktiv.reports.models import GeneratedReport
    from attraktiv.supply.plan import compute_plan
    from attraktiv.supplyplan import services as supply
    from attraktiv.supplyplan.models import PlanRun, RunState
    from attraktiv.synthetic.generator import generate

    generate(folder, employees=EMPLOYEES, years=YEARS)
    tables = read_dataset(folder, pseudonym_key=settings.PSEUDONYM_KEY).tables
    import_record = store_dataset(tables)
    base_year = YEARS[1]
    with Engine(tables) as engine:
        store_measurements(
            compute_measurements(engine, [base_year], kpis=["sick_leave_total", "headcount"]),
            source_import=import_record,
        )
    units = {unit.unit_id: unit for unit in Unit.objects.all()}
    users = {}
    for name, (role, unit_id) in USERS.items():
        user = User.objects.create_user(name.replace("@", "-"), first_name=name)
        assign_role(user, role, units[unit_id])
        users[name] = user
    strategist = users["hrstrateg@R"]

    load_demo_programmes()
    programme = Programme.objects.get(code=DEMO_ROUND_PROGRAMME)
    actions = Action.objects.filter(action_plan__programme=programme)
    action_a = next(a for a in actions if {"CHR", "Förvaltningar"} == responsible(a))
    action_chr = next(a for a in actions if {"CHR"} == responsible(a))
    round = followups.open_round(
        strategist,
        programme,
        RoundKind.FOLLOW_UP,
        f"Uppföljning {base_year}",
        datetime.date(base_year, 1, 1),
        datetime.date(base_year, 12, 31),
        datetime.date(base_year + 1, 1, 31),
    )
    followups.report_action(
        users["hr@A"], round, action_a, units[A], action_a.status, "Primärvårdens del"
    )
    goal = action_a.goal
    followups.assess_goal(
        strategist, round, goal, "on_track", "Enligt plan", "Bedömt av HR-strategen"
    )
    locked_round = FollowUpRound.objects.filter(snapshot__isnull=False).first()
    allocation = Programme.objects.exclude(pk=programme.pk).get().allocations.get()
    audit = programme.audits.get()
    recommendation = audit.recommendations.all()[0]

    def plan_run(unit=None, version=None) -> PlanRun:
        scenario = None
        if version is not None:
            from attraktiv.supply.scenario import read_scenario

            scenario = read_scenario(version.toml, str(version))
        result = compute_plan(
            tables,
            base_year,
            scenario=scenario,
            unit_id=unit.unit_id if unit else None,
            runs=5,
            min_persons=settings.MIN_PERSONS,
        )
        return PlanRun.objects.create(
            base_year=base_year,
            unit=unit,
            scenario_version=version,
            runs=5,
            state=RunState.DONE,
            progress=1.0,
            result=result,
            finished_at=datetime.datetime.now(datetime.UTC),
            source_import=import_record,
        )

    run_region, run_a, run_b = plan_run(), plan_run(units[A]), plan_run(units[B])
    scenarios = [
        supply.save_scenario(strategist, name, SCENARIO.format(name=name, delta=delta))
        for name, delta in (("Senare pension", 2), ("Tidigare pension", -1))
    ]
    plan_run(version=scenarios[0])
    groups = [{g["group"] for g in run.plan["groups"]} for run in (run_region, run_a, run_b)]
    group = sorted(set.intersection(*groups))[0]
    activity = supply.link_activity(strategist, group, action_a, "Fler utbildningsplatser")
    load_links(strategist)
    from attraktiv.forecasts.models import OccupationLink

    # Every unit outside A's subtree: B's, the other förvaltningar's and the region's own.
    a_ids = set(Unit.objects.subtrees([units[A]]).values_list("pk", flat=True))
    outside_names = [u.name for u in units.values() if u.pk not in a_ids]
    return World(
        users=users,
        units=units,
        unit_a=units[A],
        unit_b=units[B],
        outside_names=outside_names,
        import_record=import_record,
        kpi="sick_leave_total",
        programme_kpi=Indicator.objects.get(
            goal__area__programme=programme, kpi="retirement_age_mean", unit=None
        ).engine_kpi,
        base_year=base_year,
        programme=programme,
        goal=goal,
        indicator=Indicator.objects.filter(goal__area__programme=programme).exclude(kpi="").first(),
        manual_indicator=Indicator.objects.filter(
            goal__area__programme=programme, source=Source.MANUAL
        ).first(),
        action_a=action_a,
        action_chr=action_chr,
        round=round,
        locked_round=locked_round,
        allocation=allocation,
        drawdown=allocation.drawdowns.first(),
        audit=audit,
        recommendation=recommendation,
        measure=recommendation.measures.first(),
        group=group,
        run_region=run_region,
        run_a=run_a,
        run_b=run_b,
        scenario=scenarios[0].scenario,
        other_scenario=scenarios[1].scenario,
        activity=activity,
        link=OccupationLink.objects.first(),
        report=GeneratedReport.objects.create(
            kind="drawdown", inputs={}, format="pdf", requested_by=users["chef@A"]
        ),
    )


def responsible(action) -> set[str]:
    return {party.code for party in action.responsible.all()}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:
    """Built once for the module inside a transaction that is rolled back afterwards; each
    test runs in a savepoint of its own, so a POST that changes something is undone."""
    started = time.monotonic()
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world(tmp_path_factory.mktemp("region"))
        for name, user in built.users.items():  # logged in once: the sessions stay
            built.clients[name] = Client()
            built.clients[name].force_login(user)
        print(f"\naccess matrix world built in {time.monotonic() - started:.1f} s")
        yield built
        transaction.set_rollback(True)


# ---- running the table ------------------------------------------------------------------------


def matrix_cases() -> Iterator[Any]:
    for table_row in MATRIX:
        for case in table_row.cases:
            for role in ROLES:
                yield pytest.param(
                    table_row,
                    case,
                    role,
                    id=f"{table_row.name}-{case.scope}-{case.method}-{role}",
                )


def url_of(world: World, table_row: Row, case: Case) -> str:
    url = reverse(table_row.name, kwargs=case.kwargs(world))
    query = case.query(world) if callable(case.query) else case.query
    return f"{url}?{query}" if query else url


def database_state() -> dict[str, int]:
    """Rows per table of every model (many-to-many and history tables included, so an
    update shows as well), counted in one query."""
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed
            and not model._meta.proxy
            and model._meta.app_label not in ("sessions", "django_tasks_database")
        }
    )
    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


def shown_text(response) -> str:
    return b"".join(response).decode() if response.streaming else response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("table_row", "case", "role"), list(matrix_cases()))
def test_access_matrix(world, table_row: Row, case: Case, role: str):
    client = world.clients[role]
    url = url_of(world, table_row, case)
    expected = case.decision(role)
    where = f"{case.method} {url} as {role}: expected {expected}"
    if case.method == "GET":
        response = client.get(url)
    else:
        data = case.data(world) if callable(case.data) else case.data
        before = database_state() if expected == DENIED else None
        response = client.post(url, data)
        if before is not None:
            assert database_state() == before, f"{where}, but the POST changed the database"
    status = response.status_code
    if expected == ALLOWED:
        if case.method == "GET":
            assert 200 <= status < 400, f"{where}, got {status}"
        if case.filtered and role in REGION:  # the filter has something to leave out
            shown = [name for name in world.outside_names if name in shown_text(response)]
            assert shown, f"{where}, with förvaltning B, but it names none of its units"
        else:
            assert status not in (403, 404) and status < 500, f"{where}, got {status}"
    elif expected == FILTERED:
        assert status == 200, f"{where}, got {status}"
        text = shown_text(response)
        leaked = [name for name in world.outside_names if name in text]
        assert not leaked, f"{where}, but the answer names {leaked}"
    elif expected == NOT_FOUND:
        assert status == 404, f"{where}, got {status}"
    else:
        assert status == 403, f"{where}, got {status}"


@pytest.mark.django_db
@pytest.mark.parametrize("table_row", MATRIX, ids=[r.name for r in MATRIX])
def test_anonymous_users_are_sent_to_login(world, client, table_row: Row):
    case = table_row.cases[0]
    url = url_of(world, table_row, case)
    response = client.get(url) if case.method == "GET" else client.post(url, {})
    if table_row.name.startswith("api:"):
        assert response.status_code == 401, url
    elif response.status_code != 405:  # POST-only views refuse a GET before anything else
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url


@pytest.mark.django_db
def test_the_overview_links_the_scenario_workbench_only_for_region_figure_readers(world):
    """Scenarios' results are the region's figures: a Chef or Förvaltnings-HR, who may not
    open the workbench, is not sent there from their förvaltning's plan either."""
    workbench = f'href="{reverse("supply:scenarios")}"'
    for role, linked in (("hrstrateg@R", True), ("hr@A", False), ("chef@A", False)):
        page = world.clients[role].get(reverse("supply:index")).content.decode()
        assert (workbench in page) is linked, role


# ---- coverage: every URL pattern and API operation has a row ----------------------------------


def url_names(resolver: URLResolver | None = None, namespace: str = "", prefix: str = ""):
    """(namespace:name, route) of every URL pattern, walking includes recursively."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern, inner, route)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", route, pattern.callback


def api_operations() -> Iterator[tuple[str, str]]:
    """(method, namespace:url name) of every operation of the ninja API."""
    from attraktiv.api import api

    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for method in operation.methods:
                    yield method, f"api:{operation.view_func.__name__}"


def test_every_url_and_api_operation_has_a_row():
    rows = {table_row.name for table_row in MATRIX}
    routes = [
        (name, route)
        for name, route, _view in url_names()
        if not route.startswith(EXCLUDED_PREFIXES)
    ]
    missing = sorted(f"{name} ({route})" for name, route in routes if name not in rows | PUBLIC)
    assert not missing, f"URL patterns without a row in the access matrix: {missing}"
    methods = {(case.method, table_row.name) for table_row in MATRIX for case in table_row.cases}
    operations = list(api_operations())
    assert operations
    missing_api = sorted(f"{m} {name}" for m, name in operations if (m, name) not in methods)
    assert not missing_api, f"API operations without a row in the access matrix: {missing_api}"
    stale = sorted(rows - {name for name, _route in routes})
    assert not stale, f"rows of the access matrix for URLs that do not exist: {stale}"
    covered = len({name for name, _ in routes} & rows) + len(PUBLIC)
    print(
        f"\naccess matrix: {covered}/{len(routes)} URL patterns "
        f"({len(rows)} rows, {len(PUBLIC)} public), {len(operations)}/{len(operations)} "
        f"API operations, {len(list(matrix_cases()))} role cases"
    )
    assert covered == len(routes)


def test_every_page_view_goes_through_the_permission_helper():
    """Beside the table: each page is ``requires``-guarded or explicitly ``public``, so a
    view added without a decision fails here even before it has a row."""
    unguarded = [
        route
        for _name, route, view in url_names()
        if not route.startswith((*EXCLUDED_PREFIXES, "api/"))
        and not hasattr(view, "required_capability")
        and not getattr(view, "is_public", False)
    ]
    assert unguarded == []
