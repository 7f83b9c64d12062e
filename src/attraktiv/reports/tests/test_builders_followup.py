"""The follow-up paper (issue 13, ``followup``) built from the demo: every goal and indicator
with baseline and target, the charts of the pages, the reschedules, the summary and the draft
decision; a locked round reads its snapshot, so the paper does not change after the lock."""

from __future__ import annotations

from decimal import Decimal

import pytest

from attraktiv.actionplans.models import Action, ActionStatus, Reschedule
from attraktiv.core import charts
from attraktiv.followups import services as followups
from attraktiv.followups.models import FollowUpRound
from attraktiv.measurements.models import Measurement
from attraktiv.programmes.display import chart_options, chart_points, reference_lines_of
from attraktiv.programmes.models import Goal, Indicator, Target
from attraktiv.programmes.services import indicator_series
from attraktiv.reports.content import Chart, Facts, Hidden, Paragraph, Report, Section, Table
from attraktiv.reports.kinds import ReportInputError, ReportInputs, build

pytestmark = pytest.mark.django_db

PROGRAMME = "pa-program-2027"


def followup(demo, username: str = "hrstrateg", **inputs) -> Report:
    return build(ReportInputs(kind="followup", **inputs), demo.access(username))


def sections(report: Report) -> list[Section]:
    found = []

    def walk(section: Section) -> None:
        found.append(section)
        for subsection in section.subsections:
            walk(subsection)

    for section in report.sections:
        walk(section)
    return found


def by_heading(report: Report) -> dict[str, Section]:
    return {section.heading: section for section in sections(report)}


def facts(section: Section) -> dict[str, str]:
    return {
        label: value
        for block in section.blocks
        if isinstance(block, Facts)
        for label, value in block.pairs
    }


def texts(report: Report) -> list[str]:
    return [
        block.text
        for section in sections(report)
        for block in section.blocks
        if isinstance(block, Paragraph)
    ]


def test_the_2027_follow_up_shows_every_goal_and_indicator_with_baseline_and_target(demo):
    report = followup(demo, programme=PROGRAMME)
    round = FollowUpRound.objects.get(programme__code=PROGRAMME)
    assert report.front.title == "Uppföljning av handlingsplan"
    assert report.front.organisation == "Region Exempel"
    assert report.front.decision_body == "Regionstyrelsen"
    assert round.name in report.front.subtitle and "2023–2027" in report.front.subtitle
    assert report.front.diarienummer == ""
    assert report.provenance.plan_version == "Handlingsplan version 1, fastställd 2022-12-13"
    assert report.provenance.source_import.startswith("HR-data importerad ")
    assert "employments.csv" in report.provenance.source_import

    headings = by_heading(report)
    goals = Goal.objects.filter(area__programme__code=PROGRAMME)
    indicators = Indicator.objects.filter(goal__in=goals)
    assert goals.count() == 4 and indicators.count() > 10
    for goal in goals:
        assert f"{goal.ref} {goal.text}" in headings
    stated = []
    for indicator in indicators:
        section = headings[f"{indicator.ref} {indicator.name}"]
        pairs = facts(section)
        assert {"Utgångsvärde", "Mål", "Riktning", "Status"} <= set(pairs)
        stated.append((pairs["Utgångsvärde"], pairs["Mål"]))
    # The seed's own figures (001): average retirement age 64,61 years, target 67.
    assert ("64,61\u00a0år (2021-12)", "67\u00a0år (2027)") in stated

    summary = headings["Sammanfattning och förslag till beslut"]
    lead = summary.blocks[0]
    assert isinstance(lead, Paragraph)
    assert f"av {indicators.count()} indikatorer på väg mot målet" in lead.text
    totals = next(block for block in summary.blocks if isinstance(block, Table)).rows[-1]
    assert totals == ("Totalt", indicators.count(), goals.count())
    decision = summary.blocks[-1]
    assert isinstance(decision, Paragraph) and decision.style == "decision"
    assert decision.text == (
        "Regionstyrelsen föreslås besluta att godkänna uppföljningen av Program för personal- "
        "och arbetsgivarpolitik, målbild 2027 för 2022."
    )


def test_each_indicator_has_the_pages_chart_and_women_and_men_where_split(demo):
    report = followup(demo, programme=PROGRAMME)
    headings = by_heading(report)
    year = FollowUpRound.objects.get(programme__code=PROGRAMME).period_end.year
    split_seen = 0
    for indicator in Indicator.objects.filter(goal__area__programme__code=PROGRAMME):
        section = headings[f"{indicator.ref} {indicator.name}"]
        series = indicator_series(indicator)
        total = [(o.year, o.value) for o in series.total if o.year <= year]
        chart = [block for block in section.blocks if isinstance(block, Chart)]
        tables = [block for block in section.blocks if isinstance(block, Table)]
        if not total:
            assert not chart and not tables
            continue
        named = [
            (name, [(o.year, o.value) for o in observations if o.year <= year])
            for name, observations in (
                ("Alla", series.total),
                ("Kvinnor", series.women),
                ("Män", series.men),
            )
        ]
        named = [(name, values) for name, values in named if values]
        lines = reference_lines_of(indicator)
        # The spec the indicator page draws (programmes.views.indicator_chart), same inputs.
        assert chart[0].spec == charts.series_chart(
            chart_points(named), **chart_options(indicator.measure_unit, indicator.decimals, lines)
        )
        for line in lines:
            assert str(line["label"]) in chart[0].alt_text
        table = tables[0]
        assert [column.title for column in table.columns] == ["År", *(name for name, _ in named)]
        if len(named) == 3:
            split_seen += 1
        for row in table.rows:
            values = dict(total)
            expected = values[int(row[0])]  # type: ignore[arg-type]
            if expected is None:
                assert isinstance(row[1], Hidden) and row[1].reason == "färre än 11 personer"
            else:
                assert row[1] == pytest.approx(expected)
                assert f"{row[0]}: " in chart[0].alt_text
    assert split_seen >= 5


def test_rescheduled_actions_carry_old_year_new_year_and_reason(demo):
    report = followup(demo, programme=PROGRAMME)
    table = next(
        block
        for block in by_heading(report)["Omplanerade åtgärder"].blocks
        if isinstance(block, Table)
    )
    moves = Reschedule.objects.filter(action__action_plan__programme__code=PROGRAMME)
    assert moves.exists()
    assert sorted(row[2:] for row in table.rows) == sorted(
        (move.old_year, move.new_year, move.reason) for move in moves
    )


def test_a_locked_round_reads_its_snapshot_and_never_changes(demo):
    round = FollowUpRound.objects.get(programme__code=PROGRAMME)
    target = Target.objects.get(indicator__name__startswith="Genomsnittlig pensionsålder")
    heading = f"{target.indicator.ref} {target.indicator.name}"

    # While the round is open the paper follows the data.
    Target.objects.filter(pk=target.pk).update(value=Decimal("66.5"))
    live = followup(demo, round_id=round.pk)
    assert facts(by_heading(live)[heading])["Mål"] == "66,5\u00a0år (2027)"

    followups.lock_round(demo.users["hrstrateg"], round, unreported_confirmed=True)
    round.refresh_from_db()
    before = followup(demo, round_id=round.pk)
    assert facts(by_heading(before)[heading])["Mål"] == "66,5\u00a0år (2027)"

    # After the lock: a target, a baseline, an action's status and year, a stored value.
    Target.objects.filter(pk=target.pk).update(value=Decimal("68"))
    Indicator.objects.filter(pk=target.indicator_id).update(baseline_value=Decimal("60"))
    action = Action.objects.filter(action_plan__programme__code=PROGRAMME)[0]
    Reschedule.objects.create(
        action=action, old_year=action.planned_year, new_year=2030, reason="x"
    )
    Action.objects.filter(pk=action.pk).update(status=ActionStatus.CANCELLED, planned_year=2030)
    Measurement.objects.filter(kpi="full_time_share").update(value=1.0)
    after = followup(demo, round_id=round.pk)

    assert after.sections == before.sections
    assert after.front == before.front
    assert round.locked_at is not None and after.front.date == round.locked_at.date()
    assert any("Uppföljningen låstes" in text for text in texts(after))


def test_bad_or_forbidden_inputs_are_refused_naming_the_field(demo):
    with pytest.raises(ReportInputError) as error:
        followup(demo, programme="finns-inte")
    assert error.value.field == "programme" and "finns-inte" in error.value.message
    with pytest.raises(ReportInputError) as error:
        followup(demo, round_id=999_999)
    assert error.value.field == "round" and "999999" in error.value.message
    with pytest.raises(ReportInputError) as error:
        followup(demo)
    assert error.value.field == "programme"
    # An open round is the strategists' until it is locked (as on the round page).
    with pytest.raises(ReportInputError) as error:
        followup(demo, "lasare", programme=PROGRAMME)
    assert error.value.field == "round" and "öppen" in error.value.message
    # A locked round is published: a Läsare gets it.
    locked = followup(demo, "lasare", programme="attraktiv-arbetsgivare-2018")
    assert locked.front.subtitle.startswith("Attraktiv arbetsgivare (2018–2020)")
