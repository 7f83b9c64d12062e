"""The action plan's rules: rescheduling, revisions, differences, history and scope."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from attraktiv.accounts.access import access_for
from attraktiv.actionplans import services
from attraktiv.actionplans.models import Action, ActionStatus, PlanVersion, Reschedule
from attraktiv.actionplans.services import (
    ActionChange,
    FieldChange,
    PlanDiff,
    SnapshotAction,
    TargetChange,
)
from attraktiv.core.history import history_entries
from attraktiv.programmes.models import Target

pytestmark = pytest.mark.django_db


def test_rescheduling_records_the_old_and_new_year_and_the_reason(plan, demo_users):
    action = plan.action("1")
    move = services.reschedule_action(
        demo_users["hrstrateg"],
        action,
        2025,
        "Väntar på nytt lönesystem",
        datetime.date(2024, 3, 1),
    )
    move.refresh_from_db()
    assert (move.old_year, move.new_year, move.reason) == (2024, 2025, "Väntar på nytt lönesystem")
    assert move.decided_on == datetime.date(2024, 3, 1)
    assert move.recorded_by == demo_users["hrstrateg"]
    action.refresh_from_db()
    assert action.planned_year == 2025
    assert action.status == ActionStatus.RESCHEDULED
    # A second move keeps the year first planned.
    services.reschedule_action(demo_users["hrstrateg"], action, 2026, "Försenad upphandling")
    assert action.original_year == 2024
    assert list(action.reschedules.values_list("old_year", "new_year")) == [
        (2024, 2025),
        (2025, 2026),
    ]
    latest = action.history.latest()
    assert latest.history_change_reason == "2025 → 2026: Försenad upphandling"
    assert latest.history_user == demo_users["hrstrateg"]


def test_rescheduling_needs_a_reason_and_another_year(plan, demo_users):
    action = plan.action("1")
    with pytest.raises(ValidationError) as missing:
        services.reschedule_action(demo_users["hrstrateg"], action, 2025, "   ")
    assert set(missing.value.error_dict) == {"reason"}
    with pytest.raises(ValidationError) as same:
        services.reschedule_action(demo_users["hrstrateg"], action, 2024, "Ingen ändring")
    assert set(same.value.error_dict) == {"new_year"}
    action.refresh_from_db()
    assert action.planned_year == 2024
    assert action.status == ActionStatus.NOT_STARTED
    assert not Reschedule.objects.exists()


def test_a_revision_freezes_the_plan_and_later_edits_leave_it(plan, demo_users):
    user = demo_users["hrstrateg"]
    assert plan.plan.current_version_number == 1
    version = services.approve_revision(
        user, plan.plan, 2024, datetime.date(2024, 2, 20), "Regionstyrelsen § 12", "RV240001"
    )
    assert version.number == 1
    assert plan.plan.current_version_number == 2
    frozen = PlanVersion.objects.get(pk=version.pk).snapshot
    assert frozen["actions"]["3"] == {
        "text": "Erbjud heltid vid nyanställning",
        "goal": "1.2",
        "responsible": ["CHR", "Förvaltningar"],
        "planned_year": 2026,
        "status": "not_started",
        "aruba": "rekrytera",
    }
    assert frozen["targets"] == {"1.1a": {"2025": "87", "2027": "89"}, "4.1a": {"2027": "2.7"}}
    # Later edits change the live plan only.
    services.update_action(user, plan.action("3"), text="Heltid som norm")
    Target.objects.filter(indicator=plan.indicators["1.1a"], year=2027).update(value=90)
    services.set_action_status(user, plan.action("1"), ActionStatus.DONE)
    assert PlanVersion.objects.get(pk=version.pk).snapshot == frozen
    live = services.plan_snapshot(plan.plan)
    assert live["actions"]["3"]["text"] == "Heltid som norm"
    assert live["targets"]["1.1a"]["2027"] == "90"
    second = services.approve_revision(user, plan.plan, 2025, datetime.date(2025, 2, 18), "RS § 9")
    assert second.number == 2


def test_a_revision_needs_a_decision_and_an_editor(plan, demo_users):
    with pytest.raises(ValidationError) as error:
        services.approve_revision(
            demo_users["hrstrateg"], plan.plan, 2024, datetime.date(2024, 2, 20), " "
        )
    assert set(error.value.error_dict) == {"decision"}
    with pytest.raises(PermissionDenied):
        services.approve_revision(
            demo_users["forvaltningshr"], plan.plan, 2024, datetime.date(2024, 2, 20), "RS"
        )
    assert not PlanVersion.objects.exists()


def test_the_difference_between_two_versions(plan, demo_users):
    user = demo_users["hrstrateg"]
    first = services.approve_revision(user, plan.plan, 2024, datetime.date(2024, 2, 20), "RS § 12")
    services.add_action(
        user,
        plan.plan,
        goal=plan.goals["4.1"],
        ref="5",
        text="Utbilda chefer i rehabilitering",
        responsible=[plan.chr],
        planned_year=2026,
    )
    services.remove_action(user, plan.action("4"))
    services.update_action(
        user,
        plan.action("2"),
        text="Genomför och följ upp avgångssamtal",
        responsible=[plan.chr, plan.forvaltningar],
    )
    services.reschedule_action(user, plan.action("1"), 2025, "Resurser saknas")
    Target.objects.filter(indicator=plan.indicators["1.1a"], year=2027).update(value=Decimal(90))
    Target.objects.create(indicator=plan.indicators["4.1a"], year=2025, value=Decimal("3.2"))
    second = services.approve_revision(user, plan.plan, 2025, datetime.date(2025, 2, 18), "RS § 9")

    diff = services.diff_snapshots(first.snapshot, second.snapshot)

    assert diff == PlanDiff(
        added=(
            SnapshotAction(
                ref="5",
                text="Utbilda chefer i rehabilitering",
                goal="4.1",
                responsible=("CHR",),
                planned_year=2026,
                status="not_started",
                aruba="",
            ),
        ),
        removed=(
            SnapshotAction(
                ref="4",
                text="Inför tidig rehabilitering",
                goal="4.1",
                responsible=("Förvaltningar",),
                planned_year=2024,
                status="in_progress",
                aruba="",
            ),
        ),
        changed=(
            ActionChange(
                ref="1",
                text="Ta fram en modell för karriärvägar",
                changes=(
                    FieldChange("planned_year", 2024, 2025),
                    FieldChange("status", "not_started", "rescheduled"),
                ),
            ),
            ActionChange(
                ref="2",
                text="Genomför och följ upp avgångssamtal",
                changes=(
                    FieldChange(
                        "text", "Genomför avgångssamtal", "Genomför och följ upp avgångssamtal"
                    ),
                    FieldChange("responsible", ("Förvaltningar",), ("CHR", "Förvaltningar")),
                ),
            ),
        ),
        targets=(
            TargetChange("1.1a", "2027", "89", "90"),
            TargetChange("4.1a", "2025", None, "3.2"),
        ),
    )
    # Backwards too, and a version against itself is empty.
    back = services.diff_snapshots(second.snapshot, first.snapshot)
    assert [a.ref for a in back.added] == ["4"] and [a.ref for a in back.removed] == ["5"]
    assert services.diff_snapshots(second.snapshot, second.snapshot).is_empty
    # "live" is the current plan: after approving, nothing differs yet.
    assert services.diff_snapshots(
        second.snapshot, services.version_snapshot(plan.plan, "live")
    ).is_empty


def test_an_edit_leaves_a_history_row_with_who_old_and_new(plan, demo_users):
    action = plan.action("2")
    services.update_action(
        demo_users["hrstrateg"],
        action,
        text="Genomför avgångssamtal digitalt",
        responsible=[plan.chr],
    )
    entries = history_entries(Action.objects.get(pk=action.pk))
    newest = entries[0]
    assert newest.who == "Hanna Strateg"
    assert newest.what == "changed"
    shown = {(change.old, change.new) for change in newest.changes}
    assert ("Genomför avgångssamtal", "Genomför avgångssamtal digitalt") in shown
    assert ("Förvaltningar", "CHR") in shown
    assert newest.reason == "Åtgärden ändrad"
    # One row for the edit, not one per step.
    assert action.history.count() == 3  # created, parties set (fixture), the edit


def test_the_planned_year_moves_only_by_rescheduling(plan, demo_users):
    with pytest.raises(ValidationError) as error:
        services.update_action(demo_users["hrstrateg"], plan.action("1"), planned_year=2030)
    assert set(error.value.error_dict) == {"planned_year"}
    assert plan.action("1").planned_year == 2024


def test_an_edit_with_a_taken_reference_stores_nothing(plan, demo_users):
    with pytest.raises(ValidationError):
        services.update_action(demo_users["hrstrateg"], plan.action("1"), ref="2", text="Ny")
    assert plan.action("1").text == "Ta fram en modell för karriärvägar"


def test_forvaltnings_hr_reports_only_on_actions_of_their_units(plan, demo_users):
    fhr = demo_users["forvaltningshr"]  # Förvaltnings-HR in PV
    access = access_for(fhr)
    assert services.can_report(access, plan.action("2"))  # Förvaltningar
    assert services.can_report(access, plan.action("3"))  # CHR and Förvaltningar
    assert not services.can_report(access, plan.action("1"))  # CHR only
    assert not services.can_edit_plan(access)
    services.set_action_status(fhr, plan.action("2"), ActionStatus.IN_PROGRESS)
    assert plan.action("2").status == ActionStatus.IN_PROGRESS
    with pytest.raises(PermissionDenied):
        services.set_action_status(fhr, plan.action("1"), ActionStatus.DONE)
    assert plan.action("1").status == ActionStatus.NOT_STARTED
    with pytest.raises(PermissionDenied):
        services.update_action(fhr, plan.action("2"), text="Annat")
    with pytest.raises(PermissionDenied):
        services.remove_action(fhr, plan.action("2"))


def test_chef_and_lasare_change_nothing(plan, demo_users):
    for username in ("chef", "lasare"):
        user = demo_users[username]
        assert not services.can_report(access_for(user), plan.action("2"))
        with pytest.raises(PermissionDenied):
            services.set_action_status(user, plan.action("2"), ActionStatus.DONE)
        with pytest.raises(PermissionDenied):
            services.reschedule_action(user, plan.action("2"), 2026, "Skäl")
    assert plan.action("2").status == ActionStatus.NOT_STARTED


def test_an_unknown_status_is_refused(plan, demo_users):
    with pytest.raises(ValidationError):
        services.set_action_status(demo_users["hrstrateg"], plan.action("1"), "finished")


def test_an_action_with_follow_up_reports_is_cancelled_not_removed(plan, demo_users, region):
    from attraktiv.followups.models import ActionReport, FollowUpRound, RoundKind

    round_ = FollowUpRound.objects.create(
        programme=plan.programme,
        kind=RoundKind.ANNUAL,
        name="Årsrapport 2024",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        deadline=datetime.date(2025, 1, 31),
    )
    ActionReport.objects.create(
        round=round_,
        action=plan.action("2"),
        unit=region["PV"],
        status=ActionStatus.DONE,
    )
    with pytest.raises(ValidationError):
        services.remove_action(demo_users["hrstrateg"], plan.action("2"))
    assert Action.objects.filter(ref="2").exists()


def test_natural_order_of_references():
    refs = ["1.10", "1.2", "2", "1.1a", "1.1"]
    assert sorted(refs, key=services.natural_key) == ["1.1", "1.1a", "1.2", "1.10", "2"]


def test_an_action_must_serve_a_goal_of_its_own_programme_and_have_a_free_ref(plan, demo_users):
    from attraktiv.programmes.models import Area, Goal, Programme

    other = Programme.objects.create(code="ak", name="Annat", first_year=2018, last_year=2020)
    foreign = Goal.objects.create(
        area=Area.objects.create(programme=other, name="Annat område"), ref="9", text="Annat mål"
    )
    user = demo_users["hrstrateg"]
    with pytest.raises(ValidationError) as wrong_goal:
        services.add_action(
            user,
            plan.plan,
            goal=foreign,
            ref="9",
            text="X",
            responsible=[plan.chr],
            planned_year=2025,
        )
    assert set(wrong_goal.value.error_dict) == {"goal"}
    with pytest.raises(ValidationError):
        services.add_action(
            user,
            plan.plan,
            goal=plan.goals["1.1"],
            ref="1",
            text="X",
            responsible=[plan.chr],
            planned_year=2025,
        )
    with pytest.raises(ValidationError) as nobody:
        services.add_action(
            user,
            plan.plan,
            goal=plan.goals["1.1"],
            ref="9",
            text="X",
            responsible=[],
            planned_year=2025,
        )
    assert set(nobody.value.error_dict) == {"responsible"}
    assert plan.plan.actions.count() == 4


RESCHEDULE_REFUSED = (
    "”Omplanerad” kräver ett nytt år och ett skäl: flytta åtgärden under ”Flytta till ett "
    "annat år” på dess sida."
)


def test_rescheduled_is_refused_without_a_new_year_and_a_reason(plan, demo_users):
    """Issue 12: Förvaltnings-HR could set "Omplanerad" with neither a new year nor a reason."""
    fhr = demo_users["forvaltningshr"]
    with pytest.raises(ValidationError) as refused:
        services.set_action_status(fhr, plan.action("2"), ActionStatus.RESCHEDULED)
    assert refused.value.message_dict == {"status": [RESCHEDULE_REFUSED]}
    with pytest.raises(ValidationError) as edited:
        services.update_action(
            demo_users["hrstrateg"], plan.action("2"), status=ActionStatus.RESCHEDULED
        )
    assert edited.value.message_dict == {"status": [RESCHEDULE_REFUSED]}
    assert plan.action("2").status == ActionStatus.NOT_STARTED
    # Rescheduling with a year and a reason sets it; the status may then stay as it is.
    services.reschedule_action(fhr, plan.action("2"), 2026, "Ny mall tas fram först")
    services.set_action_status(fhr, plan.action("2"), ActionStatus.RESCHEDULED)
    assert plan.action("2").status == ActionStatus.RESCHEDULED
