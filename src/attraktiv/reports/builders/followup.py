"""*Uppföljning av handlingsplan*: the follow-up of a programme's action plan for a board
(issue 13 §2, ``followup``; seed ``003_…``: "Regionstyrelsens uppföljning … godkänns").

Per area and goal: the strategists' assessment (status, who, comment), each indicator
against its baseline and targets with its values by year (women and men where it is split)
and the chart the indicator page draws, and the goal's actions with their status and the
units' comments; then the actions moved to a later year with the reason, a summary ("X av Y
indikatorer på väg mot målet", counts per status) and a draft decision.

The content is the round page's own (``followups.services.round_content``): a locked round
reads the snapshot taken at the lock, so the paper never changes after it; an open round
reads the data as they stand, and only HR strategists see it, as on the page.
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.utils import timezone, translation

from attraktiv.accounts.access import Access, Capability
from attraktiv.actionplans.models import ActionStatus, PlanVersion, Reschedule
from attraktiv.core import charts
from attraktiv.datasets.models import ImportRecord
from attraktiv.followups import services
from attraktiv.followups.models import FollowUpRound
from attraktiv.formatting import format_date
from attraktiv.measurements.display import suppression_reason
from attraktiv.programmes.display import (
    chart_description,
    chart_options,
    chart_points,
    reference_lines_from,
    stated_in,
    status_text,
)
from attraktiv.programmes.models import Direction, GoalStatus, Indicator, Programme
from attraktiv.reports.builders import common
from attraktiv.reports.content import (
    Block,
    Chart,
    Column,
    Facts,
    Hidden,
    Paragraph,
    Report,
    Section,
    Table,
    Value,
    ValueKind,
)
from attraktiv.reports.kinds import ReportInputError, ReportInputs, the_programme

TITLE = "Uppföljning av handlingsplan"
# The statuses in the order the summary counts them.
STATUS_ORDER = [status.value for status in GoalStatus]


def build(inputs: ReportInputs, access: Access) -> Report:
    round = chosen_round(inputs, access)
    data = services.round_content(round)
    programme = data.get("programme") or programme_json(round.programme)
    sources = data.get("sources") or {}
    record = ImportRecord.objects.filter(pk__in=[sources.get("import_id")]).first()
    version = PlanVersion.objects.filter(pk__in=[sources.get("plan_version_id")]).first()
    date = timezone.localdate(round.locked_at) if round.is_locked and round.locked_at else None
    period = f"{programme['first_year']}–{programme['last_year']}"
    front = common.front_page(
        TITLE,
        f"{programme['name']} ({period}). {data.get('round', {}).get('name', round.name)}",
        decision_body=programme.get("decided_by") or common.DECISION_BODY,
        date=date,
    )
    goals = data.get("goals", [])
    with translation.override("sv"):
        sections = (
            introduction(round, data, programme),
            *area_sections(goals, int(data.get("year", round.period_end.year))),
            rescheduled_section(round, goals),
            summary_section(round, goals, programme, front.decision_body),
        )
    return Report(
        kind="followup",
        front=front,
        provenance=common.provenance(record, version),
        sections=sections,
        keywords=("uppföljning", "handlingsplan", programme["code"]),
    )


# ---- which round --------------------------------------------------------------------------


def chosen_round(inputs: ReportInputs, access: Access) -> FollowUpRound:
    """The round asked for (``round_id``), or the programme's latest; refused with the field
    named when it does not exist or the user may not read it."""
    programme = the_programme(inputs) if inputs.programme else None
    rounds = FollowUpRound.objects.select_related("programme")
    if inputs.round_id is not None:
        round = rounds.filter(pk=inputs.round_id).first()
        if round is None or (programme is not None and round.programme_id != programme.pk):
            raise ReportInputError("round", f"Uppföljning nummer {inputs.round_id} finns inte.")
    elif programme is not None:
        round = rounds.filter(programme=programme).order_by("-period_end", "-pk").first()
        if round is None:
            raise ReportInputError(
                "round", f"Programmet {programme.name} har ingen uppföljning ännu."
            )
    else:
        raise ReportInputError("programme", "Välj ett program eller en uppföljning.")
    if not access.has(Capability.VIEW_PUBLISHED):
        raise ReportInputError("round", "Du har inte behörighet att läsa uppföljningar.")
    if not round.is_locked and not access.may_edit_plans():
        raise ReportInputError(
            "round",
            f"Uppföljningen {round.name} är öppen: bara HR-strateger ser den innan den är låst.",
        )
    return round


def programme_json(programme: Programme) -> dict[str, Any]:
    """A programme as a snapshot names it (snapshots taken before it was kept there)."""
    return {
        "code": programme.code,
        "name": programme.name,
        "first_year": programme.first_year,
        "last_year": programme.last_year,
        "decided_by": programme.decided_by,
    }


# ---- the parts ----------------------------------------------------------------------------


def introduction(round: FollowUpRound, data: dict[str, Any], programme: dict[str, Any]) -> Section:
    facts = data.get("round", {})
    start = facts.get("period_start") or round.period_start.isoformat()
    end = facts.get("period_end") or round.period_end.isoformat()
    state = (
        f"Uppföljningen låstes {format_date(timezone.localdate(round.locked_at))}; rapporten "
        "visar den som den var då."
        if round.is_locked and round.locked_at
        else "Uppföljningen är öppen: rapporten visar uppgifterna som de står i dag."
    )
    progress = data.get("progress", {})
    expected, done = len(progress.get("expected", [])), len(progress.get("done", []))
    blocks: list[Block] = [
        Paragraph(
            f"Uppföljningen gäller {programme['name']} och perioden {start} till {end}. "
            f"Målen bedöms för år {data.get('year', round.period_end.year)}. {state}",
            style="lead",
        ),
        Paragraph(f"{done} av {expected} rapporterande enheter har rapporterat."),
    ]
    if facts.get("summary"):
        blocks.append(Paragraph(facts["summary"]))
    if any("targets" not in i for goal in data.get("goals", []) for i in goal["indicators"]):
        blocks.append(
            Paragraph(
                "Uppföljningen låstes innan utgångsvärden och mål sparades med låsningen; de "
                "visas som de står i programmet i dag.",
                style="note",
            )
        )
    return Section("Inledning", tuple(blocks))


def area_sections(goals: list[dict[str, Any]], year: int) -> list[Section]:
    """The goals by area, judged for ``year`` (values of later years are left out)."""
    areas: list[tuple[str, list[Section]]] = []
    for goal in goals:
        if not areas or areas[-1][0] != goal["area"]:
            areas.append((goal["area"], []))
        areas[-1][1].append(goal_section(goal, year))
    return [Section(name, subsections=tuple(goal_sections)) for name, goal_sections in areas]


def goal_status(goal: dict[str, Any]) -> str:
    """The goal's status in the round: the strategists' assessment, else the rules'."""
    assessment = goal.get("assessment")
    return assessment["status"] if assessment else goal["judgement"]["status"]


def goal_section(goal: dict[str, Any], year: int) -> Section:
    assessment = goal.get("assessment")
    proposed = status_text(goal["judgement"]["status"])
    blocks: list[Block] = []
    if assessment is None:
        blocks += [
            Facts((("Bedömning", "Inte bedömd"), ("Förslag enligt statusreglerna", proposed))),
            Paragraph("Målet är inte bedömt i uppföljningen.", style="note"),
        ]
    else:
        pairs = [
            ("Bedömning", status_text(assessment["status"])),
            ("Förslag enligt statusreglerna", status_text(assessment["proposed_status"])),
            ("Bedömd av", assessment["written_by"] or "Inläst från programfil"),
            ("Datum", written_on(assessment["written_at"])),
        ]
        if assessment.get("override_reason"):
            pairs.append(("Skäl till annan status", assessment["override_reason"]))
        blocks.append(Facts(tuple(pairs)))
        if assessment.get("text"):
            blocks.append(Paragraph(assessment["text"]))
    if goal["judgement"].get("reasons"):
        blocks.append(Paragraph(" ".join(goal["judgement"]["reasons"]), style="note"))
    if goal["actions"]:
        blocks.append(actions_table(goal))
    return Section(
        f"{goal['ref']} {goal['text']}".strip(),
        tuple(blocks),
        tuple(indicator_section(indicator, year) for indicator in goal["indicators"]),
    )


def written_on(value: str) -> str:
    moment = datetime.datetime.fromisoformat(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return format_date(moment.date())


def terms(indicator: dict[str, Any]) -> dict[str, Any]:
    """Baseline, targets, decimals and split as the round saw them; from the programme as it
    stands for a snapshot taken before they were kept in it."""
    if "targets" in indicator:
        return indicator
    live = Indicator.objects.prefetch_related("targets").filter(pk=indicator["id"]).first()
    if live is None:
        return {**indicator, "decimals": 1, "baseline": None, "targets": [], "gender_split": False}
    return {**indicator, **services.indicator_terms(live)}


def value_kind(measure_unit: str) -> ValueKind:
    kinds: dict[str, ValueKind] = {"%": "percent", "år": "years"}
    return kinds.get(measure_unit, "number")


def indicator_section(raw: dict[str, Any], year: int) -> Section:
    indicator = terms(raw)
    unit = indicator["measure_unit"]
    decimals = int(indicator["decimals"])
    judgement = indicator["judgement"]
    baseline = indicator.get("baseline")
    baseline_year = int(baseline["date"][:4]) if baseline and baseline.get("date") else None
    targets = [(int(t["year"]), t["value"]) for t in indicator["targets"]]
    pairs = [
        (
            "Utgångsvärde",
            f"{stated_in(unit, baseline['value'])} ({baseline['date'][:7]})"
            if baseline and baseline.get("date")
            else stated_in(unit, baseline["value"] if baseline else None),
        ),
        (
            "Mål",
            "; ".join(f"{stated_in(unit, value)} ({year})" for year, value in targets)
            or "Ingen målnivå, bara riktning",
        ),
        ("Riktning", common.label_sv(Direction, indicator.get("direction", ""))),
        ("Status", status_text(judgement["status"])),
    ]
    blocks: list[Block] = [Facts(tuple(pairs))]
    if judgement.get("reasons"):
        blocks.append(Paragraph(" ".join(judgement["reasons"]), style="note"))
    series = judgement.get("series") or {}
    named = [
        (name, [(int(o["year"]), o["value"]) for o in series.get(key) or [] if o["year"] <= year])
        for name, key in (("Alla", "total"), ("Kvinnor", "women"), ("Män", "men"))
    ]
    split = [(name, values) for name, values in named if values]
    if named[0][1]:
        blocks.append(values_table(indicator, split))
        lines = reference_lines_from(
            unit,
            targets,
            (baseline_year, baseline["value"]) if baseline and baseline_year else None,
        )
        spec = charts.series_chart(chart_points(split), **chart_options(unit, decimals, lines))
        blocks.append(
            Chart(
                spec,
                chart_description(indicator["name"], unit, decimals, named[0][1], lines),
                caption=f"{indicator['name']} per år",
            )
        )
    else:
        blocks.append(Paragraph("Indikatorn har inga uppmätta värden ännu.", style="note"))
    if indicator.get("gender_split") is False:
        blocks.append(Paragraph("Indikatorn redovisas inte för kvinnor och män.", style="note"))
    return Section(f"{indicator['ref']} {indicator['name']}".strip(), tuple(blocks))


def values_table(indicator: dict[str, Any], named: list[tuple[str, list]]) -> Table:
    """The indicator's values by year: all, and women and men where it is split; a value the
    disclosure rules hid says why (hr-data.md §3.7), a year without one is "–"."""
    kind = value_kind(indicator["measure_unit"])
    decimals = int(indicator["decimals"])
    by_name = {name: dict(values) for name, values in named}
    years = sorted({year for values in by_name.values() for year in values})
    hidden = Hidden(suppression_reason())

    def cell(name: str, year: int) -> Value:
        values = by_name[name]
        if year not in values:
            return None
        value = values[year]
        return hidden if value is None else float(value)

    return Table(
        caption=f"{indicator['ref']} {indicator['name']}".strip(),
        columns=(
            Column("År", "year"),
            *(Column(name, kind, decimals) for name in by_name),
        ),
        rows=tuple((year, *(cell(name, year) for name in by_name)) for year in years),
    )


def actions_table(goal: dict[str, Any]) -> Table:
    """The goal's actions: responsible, planned year, status, and each unit's comment; units
    still to report are named."""
    rows = []
    for action in goal["actions"]:
        comments = [
            f"{report['name']}: {report['comment']}"
            for report in action["reports"]
            if report.get("comment")
        ]
        missing = services.unreported_units(action)
        if missing:
            comments.append(f"Ej rapporterat: {', '.join(missing)}")
        rows.append(
            (
                action["ref"],
                action["text"],
                ", ".join(action["responsible"]),
                action["planned_year"],
                common.label_sv(ActionStatus, action["status"]),
                "; ".join(comments),
            )
        )
    return Table(
        caption=f"Åtgärder för mål {goal['ref']}",
        columns=(
            Column("Nr"),
            Column("Åtgärd"),
            Column("Ansvarig"),
            Column("Planerat år", "year"),
            Column("Status"),
            Column("Kommentar"),
        ),
        rows=tuple(rows),
    )


def reschedules(round: FollowUpRound, action: dict[str, Any]) -> list[dict[str, Any]]:
    """An action's moves as the round saw them; for a snapshot taken before they were kept in
    it, the moves recorded up to the lock."""
    if "reschedules" in action:
        return action["reschedules"]
    moves = Reschedule.objects.filter(action_id=action["id"]).order_by("recorded_at", "pk")
    if round.locked_at is not None:
        moves = moves.filter(recorded_at__lte=round.locked_at)
    return [
        {"old_year": move.old_year, "new_year": move.new_year, "reason": move.reason}
        for move in moves
    ]


def rescheduled_section(round: FollowUpRound, goals: list[dict[str, Any]]) -> Section:
    """domain.md, "omtidsättning": each move of an action's year, with the reason."""
    rows = [
        (
            goal["ref"],
            f"{action['ref']} {action['text']}",
            move["old_year"],
            move["new_year"],
            move["reason"],
        )
        for goal in goals
        for action in goal["actions"]
        for move in reschedules(round, action)
    ]
    if not rows:
        return Section(
            "Omplanerade åtgärder",
            (Paragraph("Ingen åtgärd har flyttats till ett annat år."),),
        )
    return Section(
        "Omplanerade åtgärder",
        (
            Paragraph(f"{len(rows)} flyttningar av åtgärder till ett annat år, med skälen."),
            Table(
                caption="Omplanerade åtgärder",
                columns=(
                    Column("Mål"),
                    Column("Åtgärd"),
                    Column("Tidigare år", "year"),
                    Column("Nytt år", "year"),
                    Column("Skäl"),
                ),
                rows=tuple(rows),
            ),
        ),
    )


def summary_section(
    round: FollowUpRound, goals: list[dict[str, Any]], programme: dict[str, Any], body: str
) -> Section:
    """How many indicators and goals stand where, and the draft decision (seed 003)."""
    indicators = Counter(
        indicator["judgement"]["status"] for goal in goals for indicator in goal["indicators"]
    )
    goal_counts = Counter(goal_status(goal) for goal in goals)
    total = sum(indicators.values())
    on_track = indicators.get(GoalStatus.ON_TRACK.value, 0)
    goals_on_track = goal_counts.get(GoalStatus.ON_TRACK.value, 0)
    lead = (
        f"{on_track} av {total} indikatorer på väg mot målet; "
        if total
        else "Uppföljningen har inga indikatorer; "
    ) + f"{goals_on_track} av {len(goals)} mål bedöms vara på väg."
    rows = tuple(
        (common.label_sv(GoalStatus, status), indicators.get(status, 0), goal_counts.get(status, 0))
        for status in STATUS_ORDER
        if indicators.get(status) or goal_counts.get(status)
    )
    table = Table(
        caption="Indikatorer och mål per status",
        columns=(Column("Status"), Column("Indikatorer", "number"), Column("Mål", "number")),
        rows=(*rows, ("Totalt", total, len(goals))),
        total_rows=1,
    )
    period = (
        str(round.period_end.year)
        if round.period_start.year == round.period_end.year
        else f"{format_date(round.period_start)}–{format_date(round.period_end)}"
    )
    decision = (
        f"{body} föreslås besluta att godkänna uppföljningen av {programme['name']} för {period}."
    )
    return Section(
        "Sammanfattning och förslag till beslut",
        (Paragraph(lead, style="lead"), table, Paragraph(decision, style="decision")),
    )
