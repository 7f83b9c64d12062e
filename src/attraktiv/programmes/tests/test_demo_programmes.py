"""The seed documents as the demo content, loaded through the programme file import (issue 4,
item 10); the figures are checked against the seed documents (tests/fixtures/external/seeds/)."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from attraktiv.actionplans.models import Action, ActionStatus, PlanVersion, Reschedule
from attraktiv.audits.models import Audit
from attraktiv.budget.models import Drawdown
from attraktiv.core.management.commands.demo import load_demo_programmes
from attraktiv.followups.models import FollowUpRound, RoundState
from attraktiv.organisation.models import Unit
from attraktiv.programmes.models import Area, Goal, Indicator, Programme, Source
from attraktiv.synthetic.catalogue import REGION_NAME

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).resolve().parents[4] / "tests" / "fixtures" / "external" / "seeds"


@pytest.fixture
def demo(region):
    load_demo_programmes()
    return Programme.objects.get(code="pa-program-2027")


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def indicator(name: str) -> Indicator:
    return Indicator.objects.get(goal__area__programme__code="pa-program-2027", name=name)


def test_the_programme_has_the_four_areas_and_nineteen_indicators(demo):
    assert demo.diarienummer == "RV220340" and demo.target_year == 2027
    areas = list(Area.objects.filter(programme=demo).values_list("name", flat=True))
    assert areas == [
        "Kompetensförsörjning",
        "Chefsförsörjning",
        "Lönebildning",
        "Hälsofrämjande arbetsplats",
    ]
    assert Indicator.objects.filter(goal__area__programme=demo).count() == 19


@pytest.mark.parametrize(
    ("name", "baseline", "target"),
    [
        ("HME – totalt chefer", "85", "89"),
        ("HME – totalt medarbetare", "77.3", "82"),
        ("HME – styrning medarbetare", "74.7", "82"),
        ("Korttidssjukfrånvaro (dag 1–14)", "3.6", "2.7"),
        ("Genomsnittlig pensionsålder på regionnivå", "64.61", "67"),
        ("Andel heltidsarbetande månadsavlönade på regionnivå", "72", "77"),
        ("Andel arbetsplatser med låg och stabil sjukfrånvaro", "16", "25"),
    ],
)
def test_baselines_of_december_2021_and_targets_for_2027(demo, name, baseline, target):
    found = indicator(name)
    assert found.baseline_value == Decimal(baseline)
    assert found.baseline_date is not None and found.baseline_date.isoformat() == "2021-12-31"
    assert [(t.year, t.value) for t in found.targets.all()] == [(2027, Decimal(target))]


def test_the_baselines_are_the_documents_figures(demo):
    """Every baseline and target stored appears in seed 001 as written (decimal comma)."""
    text = seed("001")
    for found in Indicator.objects.filter(goal__area__programme=demo):
        for value in [found.baseline_value, *(t.value for t in found.targets.all())]:
            if value is None:
                continue
            written = f"{value.normalize():f}".replace(".", ",")
            assert re.search(rf"(?<![\d,]){re.escape(written)}(?![\d,])", text), (found, written)


def test_direction_only_and_not_yet_measured_indicators(demo):
    conditions = indicator(
        "Andel chefer som anser sig ha goda förutsättningar för att verka i sitt uppdrag"
    )
    assert conditions.targets.count() == 0 and conditions.direction == "up"
    assert conditions.not_measured_note == "Mäts hösten 2022"
    assert conditions.engine_kpi == "survey_agree_share:CHEF_FORUTSATTNINGAR"
    assert indicator("HME – totalt chefer").engine_kpi == "hme_total"
    assert indicator("HME – totalt chefer").breakdown == {"role": "chef"}
    assert indicator("Antal bristkompetenser på lång sikt (4–10 år)").source == Source.SUPPLY_PLAN


def test_every_action_with_its_responsible_and_year(demo):
    actions = Action.objects.filter(action_plan__programme=demo)
    assert actions.count() == 23
    last = actions.get(ref="2.6")
    assert sorted(p.code for p in last.responsible.all()) == ["CHR", "UE"]
    assert last.planned_year == 2027
    # Seed 001: 7 + 4 + 3 + 3 actions planned for 2023, in the plan the board decided.
    decided = PlanVersion.objects.get(action_plan__programme=demo, number=1).snapshot["actions"]
    assert len(decided) == 23
    assert sum(1 for action in decided.values() if action["planned_year"] == 2023) == 17
    assert {ref: action["text"] for ref, action in decided.items()} == {
        action.ref: action.text for action in actions
    }


def test_the_board_approved_the_plan_with_the_seeds_record_number(demo, client_as):
    """Seed 001, "INTERN REFERENS": the plan is decided by Regionstyrelsen, RV220340 (its
    date is blank in the seed, so the demo's is made up and says so)."""
    assert "Diarienummer: RV220340" in seed("001")
    version = PlanVersion.objects.get(action_plan__programme=demo)
    assert version.diarienummer == "RV220340"
    assert "Regionstyrelsen" in version.decision and "påhittat" in version.decision
    assert {a["status"] for a in version.snapshot["actions"].values()} == {"not_started"}
    page = client_as("lasare").get(reverse("actionplans:plan", args=[demo.code]))
    text = page.content.decode()
    assert "Version 1 godkändes 2022-12-13" in text and "RV220340" in text
    assert "Ingen version av planen har godkänts" not in text


def test_in_2025_the_plan_reads_like_a_region_on_its_way(demo):
    """Some actions started, most of 2023's done, a few moved with a year and a reason: the
    follow-up of 2025 counts only what is really late as late."""
    actions = Action.objects.filter(action_plan__programme=demo)
    counts = Counter(actions.values_list("status", flat=True))
    assert counts[ActionStatus.NOT_STARTED] == 0
    assert counts[ActionStatus.DONE] >= 12 and counts[ActionStatus.IN_PROGRESS] >= 3
    moved = Reschedule.objects.filter(action__action_plan__programme=demo)
    assert moved.count() >= 2
    for reschedule in moved:
        assert reschedule.new_year > reschedule.old_year and len(reschedule.reason) > 40
        assert reschedule.action.planned_year == reschedule.new_year
    late = [
        a.ref
        for a in actions
        if a.planned_year < 2025 and a.status not in (ActionStatus.DONE, ActionStatus.CANCELLED)
    ]
    assert late == ["2.4"]


def test_the_demo_names_its_own_region_and_says_what_is_made_up(demo, client_as):
    """The goals say Region Exempel (the demo region); Region Västmanland appears only in the
    note that says where the texts come from."""
    region = Unit.objects.get(parent=None).name
    assert region == REGION_NAME == "Region Exempel"
    goals = list(Goal.objects.filter(area__programme=demo))
    assert all("Västmanland" not in goal.text for goal in goals)
    assert sum(region in goal.text for goal in goals) == 4
    note = demo.description.split("Om demon:", 1)[1]
    assert "Västmanland" not in demo.description.split("Om demon:", 1)[0]
    assert "RV220340" in note and "personaldata" in note and "påhittade" in note
    page = client_as("lasare").get(reverse("programmes:overview", args=[demo.code]))
    assert "Om demon: Texterna i programmet" in page.content.decode()


def normalised(text: str) -> str:
    """Text as words: a PDF's line breaks, hyphenation and paragraph spacing do not count."""
    return re.sub(r"\s+", " ", re.sub(r"-\s*", "", text.replace("•", " "))).strip()


def test_the_audit_carries_the_boards_words_verbatim(demo):
    """Seed 004: each recommendation, the board's answer and its measure, word for word."""
    document = normalised(seed("004"))
    audit = Audit.objects.get(identifier="7/2022")
    for recommendation in audit.recommendations.all():
        assert normalised(recommendation.text) in document, recommendation.number
        assert normalised(recommendation.response) in document, recommendation.number
        for measure in recommendation.measures.all():
            assert normalised(measure.text) in document, recommendation.number
        answer = document.split(normalised(recommendation.text), 1)[1]
        answer = answer.split("Svar: ", 1)[1].split(" Regionstyrelsen vidtar följande åtgärder:")[0]
        assert normalised(recommendation.response) == answer.strip(), recommendation.number


def test_the_follow_up_2018_with_its_eight_goals_and_rescheduled_activities(demo):
    older = Programme.objects.get(code="attraktiv-arbetsgivare-2018")
    assert Goal.objects.filter(area__programme=older).count() == 8
    total = sum(d.amount_tkr for d in Drawdown.objects.filter(allocation__programme=older))
    assert total == Decimal(26900)
    assert "Totalt 26 900" in seed("000")
    round_ = FollowUpRound.objects.get(programme=older)
    assert round_.state == RoundState.LOCKED
    assert round_.assessments.count() == 8
    assert "godkänns" in round_.approval_decision
    moved = Action.objects.get(action_plan__programme=older, ref="7.1")
    assert moved.status == ActionStatus.RESCHEDULED
    assert [(r.old_year, r.new_year) for r in moved.reschedules.all()] == [(2018, 2020)]
    assert "hösten 2020" in moved.reschedules.get().reason


def test_the_audit_7_2022_has_four_recommendations_and_eight_action_areas(demo):
    audit = Audit.objects.get(identifier="7/2022")
    assert audit.programme == demo
    assert audit.recommendations.count() == 4
    assert audit.strategic_areas.count() == 8
    assert all(r.measures.exists() and r.response for r in audit.recommendations.all())
    linked = audit.recommendations.get(number=3).measures.get().actions.all()
    assert sorted(a.ref for a in linked) == ["1.4", "1.7"]


def test_loading_the_demo_again_replaces_it(demo):
    load_demo_programmes()
    assert Programme.objects.count() == 2
    assert Audit.objects.count() == 1
