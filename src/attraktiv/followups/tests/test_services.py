"""The rules of a follow-up round (issue 4, item 4), against the real database."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.utils import timezone

from attraktiv.actionplans.models import Action, ActionStatus
from attraktiv.core.history import history_entries
from attraktiv.followups import services
from attraktiv.followups.models import (
    ActionReport,
    FollowUpRound,
    GoalAssessment,
    Reopening,
    RoundKind,
    RoundState,
)
from attraktiv.programmes.models import GoalStatus
from attraktiv.programmes.services import goal_judgement, indicator_judgement

LOCKED = "Uppföljningen är låst"


def names(units) -> list[str]:
    return [unit.unit_id for unit in units]


def field_name(model, name: str) -> str:
    """A field as the history shows it: its verbose name in the active language."""
    return str(model._meta.get_field(name).verbose_name)


def other_status(status: str) -> str:
    return next(value for value in GoalStatus.values if value != status)


# ---- opening and who reports --------------------------------------------------------------


def test_only_a_strategist_opens_a_round_and_bad_dates_name_the_field(plan, demo_users):
    args = (plan.programme, RoundKind.INTERIM, "Delår 2025")
    dates = (datetime.date(2025, 1, 1), datetime.date(2025, 8, 31), datetime.date(2025, 9, 15))
    with pytest.raises(PermissionDenied):
        services.open_round(demo_users["forvaltningshr"], *args, *dates)
    with pytest.raises(ValidationError) as error:
        services.open_round(
            demo_users["hrstrateg"],
            *args,
            datetime.date(2025, 8, 31),
            datetime.date(2025, 1, 1),
            datetime.date(2025, 9, 15),
        )
    assert "period_end" in error.value.message_dict
    assert FollowUpRound.objects.count() == 1
    services.open_round(demo_users["hrstrateg"], *args, *dates)
    assert FollowUpRound.objects.count() == 2


def test_reporting_units_are_the_parties_units_of_actions_not_cancelled(plan):
    # CHR reports through Centrum för HR; "Förvaltningar" is HS, PV and FT, each for its own
    # part; CK (Psykiatrin) has only a cancelled action, so it is not expected.
    assert sorted(names(services.reporting_units(plan.round))) == ["FT", "HS", "PV", "RK-CHR"]
    assert names(services.action_units(plan.both)) == names(
        sorted(
            [*services.action_units(plan.forv), *services.action_units(plan.chr)],
            key=lambda unit: unit.path,
        )
    )


def test_progress_counts_units_marked_done(plan, demo_users, region):
    state = services.progress(plan.round)
    assert (state.reported, state.total, state.percent) == (0, 4, 0)
    services.mark_unit_done(demo_users["forvaltningshr"], plan.round, region["PV"])
    services.mark_unit_done(demo_users["hrstrateg"], plan.round, region["HS"])
    state = services.progress(plan.round)
    assert (state.reported, state.total, state.percent) == (2, 4, 50)
    assert sorted(names(state.done)) == ["HS", "PV"]
    assert sorted(names(state.pending)) == ["FT", "RK-CHR"]
    # Marking twice counts once; undo takes it back.
    services.mark_unit_done(demo_users["forvaltningshr"], plan.round, region["PV"])
    assert services.progress(plan.round).reported == 2
    services.undo_unit_done(demo_users["forvaltningshr"], plan.round, region["PV"])
    assert names(services.progress(plan.round).done) == ["HS"]


def test_a_unit_outside_the_round_or_the_scope_cannot_mark_done(plan, demo_users, region):
    with pytest.raises(PermissionDenied):
        services.mark_unit_done(demo_users["forvaltningshr"], plan.round, region["HS"])
    with pytest.raises(PermissionDenied):  # PS reports only on a cancelled action
        services.mark_unit_done(demo_users["hrstrateg"], plan.round, region["PS"])
    with pytest.raises(PermissionDenied):  # a manager reports nothing
        services.mark_unit_done(demo_users["chef"], plan.round, region["PV"])
    assert services.progress(plan.round).reported == 0


# ---- reporting within scope ---------------------------------------------------------------


def test_forvaltnings_hr_reports_its_own_part_of_a_forvaltningar_action(plan, demo_users, region):
    user = demo_users["forvaltningshr"]
    report = services.report_action(
        user, plan.round, plan.forv, region["PV"], ActionStatus.IN_PROGRESS, " Planer klara i PV "
    )
    assert (report.unit, report.status, report.comment) == (
        region["PV"],
        ActionStatus.IN_PROGRESS,
        "Planer klara i PV",
    )
    assert report.reported_by == user
    # The action plan shows the latest reported status.
    plan.forv.refresh_from_db()
    assert plan.forv.status == ActionStatus.IN_PROGRESS
    # Reporting again changes the same report.
    services.report_action(user, plan.round, plan.forv, region["PV"], ActionStatus.DONE, "Klart")
    assert ActionReport.objects.get().status == ActionStatus.DONE


def test_forvaltnings_hr_cannot_report_for_others(plan, demo_users, region):
    user = demo_users["forvaltningshr"]
    with pytest.raises(PermissionDenied):  # HS's part of the same action
        services.report_action(user, plan.round, plan.forv, region["HS"], "done", "")
    with pytest.raises(PermissionDenied):  # a CHR-only action, as PV
        services.report_action(user, plan.round, plan.chr, region["PV"], "done", "")
    with pytest.raises(PermissionDenied):  # a CHR-only action, as CHR
        services.report_action(user, plan.round, plan.chr, region["RK-CHR"], "done", "")
    with pytest.raises(PermissionDenied):  # a manager in PV does not report
        services.report_action(demo_users["chef"], plan.round, plan.forv, region["PV"], "done", "")
    assert not ActionReport.objects.exists()
    plan.chr.refresh_from_db()
    assert plan.chr.status == ActionStatus.NOT_STARTED


def test_an_action_cancelled_before_the_round_is_not_reported(plan, demo_users, region):
    with pytest.raises(PermissionDenied):
        services.report_action(
            demo_users["hrstrateg"], plan.round, plan.cancelled, region["PS"], "done", ""
        )
    # One reported as cancelled during the round stays in it, for every unit.
    hr = demo_users["forvaltningshr"]
    services.report_action(hr, plan.round, plan.forv, region["PV"], "cancelled", "Utgår")
    assert plan.forv.pk in {action.pk for action in services.round_actions(plan.round)}
    services.report_action(
        demo_users["hrstrateg"], plan.round, plan.forv, region["HS"], "cancelled", "Utgår"
    )
    assert services.progress(plan.round).total == 4


def test_the_programme_overview_box_shows_the_current_round(plan, demo_users, region):
    services.mark_unit_done(demo_users["forvaltningshr"], plan.round, region["PV"])
    summary = services.current_round_summary(plan.programme)
    assert summary is not None
    assert (summary["round"], summary["reported"], summary["total"]) == (plan.round, 1, 4)
    html = render_to_string("followups/current_round.html", {"current_round": summary})
    assert "1 av 4</strong> enheter har rapporterat" in html
    assert "2025-01-31" in html


def test_a_strategist_may_report_for_any_unit_and_a_bad_status_is_named(plan, demo_users, region):
    services.report_action(
        demo_users["hrstrateg"], plan.round, plan.chr, region["RK-CHR"], "delayed", "Sent"
    )
    assert ActionReport.objects.get().unit == region["RK-CHR"]
    with pytest.raises(ValidationError) as error:
        services.report_action(
            demo_users["forvaltningshr"], plan.round, plan.forv, region["PV"], "finished", ""
        )
    assert "status" in error.value.message_dict


# ---- the goal's assessment ----------------------------------------------------------------


def test_the_proposal_comes_from_the_status_rules(plan, demo_users):
    assessment = services.assess_goal(
        demo_users["hrstrateg"],
        plan.round,
        plan.goal1,
        goal_judgement(plan.goal1, year=2024).status,
        "Arbetet följer planen.",
    )
    assert assessment.proposed_status == goal_judgement(plan.goal1, year=2024).status
    assert assessment.status == assessment.proposed_status
    assert assessment.override_reason == ""


def test_a_status_other_than_the_proposal_needs_a_reason(plan, demo_users):
    user = demo_users["hrstrateg"]
    proposed = str(goal_judgement(plan.goal1, year=2024).status)
    other = other_status(proposed)
    with pytest.raises(ValidationError) as error:
        services.assess_goal(user, plan.round, plan.goal1, other, "Text", "   ")
    assert list(error.value.message_dict) == ["override_reason"]
    assert not GoalAssessment.objects.exists()
    assessment = services.assess_goal(
        user, plan.round, plan.goal1, other, "Text", "Enkäten visar annat"
    )
    assert (assessment.status, assessment.proposed_status, assessment.override_reason) == (
        other,
        proposed,
        "Enkäten visar annat",
    )
    # Back to the proposal: the reason no longer applies.
    assessment = services.assess_goal(user, plan.round, plan.goal1, proposed, "Text", "kvar")
    assert assessment.override_reason == ""
    with pytest.raises(PermissionDenied):
        services.assess_goal(demo_users["forvaltningshr"], plan.round, plan.goal1, proposed, "")


# ---- locking, reopening, approval ---------------------------------------------------------


def test_lock_takes_a_snapshot_that_later_changes_cannot_alter(plan, demo_users, region):
    strategist, hr = demo_users["hrstrateg"], demo_users["forvaltningshr"]
    services.report_action(hr, plan.round, plan.forv, region["PV"], "in_progress", "Pågår i PV")
    services.mark_unit_done(hr, plan.round, region["PV"])
    proposed = str(goal_judgement(plan.goal1, year=2024).status)
    services.assess_goal(strategist, plan.round, plan.goal1, proposed, "Enligt plan")
    locked = services.lock_round(strategist, plan.round, unreported_confirmed=True)
    assert locked.state == RoundState.LOCKED
    assert locked.locked_by == strategist
    assert locked.locked_at is not None

    snapshot = FollowUpRound.objects.get(pk=plan.round.pk).snapshot
    assert snapshot is not None
    goal = next(g for g in snapshot["goals"] if g["id"] == plan.goal1.pk)
    action = next(a for a in goal["actions"] if a["id"] == plan.forv.pk)
    assert action["status"] == "in_progress"
    assert action["reports"][0]["unit_id"] == "PV"
    assert action["reports"][0]["comment"] == "Pågår i PV"
    assert goal["assessment"]["text"] == "Enligt plan"
    assert goal["judgement"]["status"] == proposed
    indicator = goal["indicators"][0]
    expected = indicator_judgement(plan.indicator, 2024)
    assert indicator["judgement"]["status"] == expected.status
    assert indicator["judgement"]["reasons"] == expected.reasons
    assert indicator["judgement"]["observation"] == {"year": 2024, "value": 76.0}
    assert [u["unit_id"] for u in snapshot["progress"]["done"]] == ["PV"]

    # Changes after the lock: the action is edited in the plan, reports are refused.
    Action.objects.filter(pk=plan.forv.pk).update(status=ActionStatus.DONE, text="Ny text")
    for attempt in (
        lambda: services.report_action(hr, plan.round, plan.forv, region["PV"], "done", "Klart"),
        lambda: services.mark_unit_done(strategist, plan.round, region["HS"]),
        lambda: services.undo_unit_done(hr, plan.round, region["PV"]),
        lambda: services.assess_goal(strategist, plan.round, plan.goal1, proposed, "Ändrad"),
        lambda: services.lock_round(strategist, plan.round, unreported_confirmed=True),
    ):
        with pytest.raises(ValidationError) as error:
            attempt()
        assert LOCKED in " ".join(error.value.messages)
    assert FollowUpRound.objects.get(pk=plan.round.pk).snapshot == snapshot
    assert ActionReport.objects.get().comment == "Pågår i PV"
    assert GoalAssessment.objects.get().text == "Enligt plan"


def test_reopening_requires_and_records_a_reason(plan, demo_users, region):
    strategist = demo_users["hrstrateg"]
    with pytest.raises(ValidationError):  # not locked yet
        services.reopen_round(strategist, plan.round, "Varför")
    services.lock_round(strategist, plan.round, unreported_confirmed=True)
    snapshot = FollowUpRound.objects.get(pk=plan.round.pk).snapshot
    with pytest.raises(ValidationError) as error:
        services.reopen_round(strategist, plan.round, "  ")
    assert list(error.value.message_dict) == ["reason"]
    with pytest.raises(PermissionDenied):
        services.reopen_round(demo_users["forvaltningshr"], plan.round, "Vill ändra")
    assert plan.round.reopenings.count() == 0

    reopening = services.reopen_round(strategist, plan.round, "HS rapporterade fel status")
    assert (reopening.reason, reopening.reopened_by) == ("HS rapporterade fel status", strategist)
    assert reopening.previous_snapshot == snapshot
    round = FollowUpRound.objects.get(pk=plan.round.pk)
    assert (round.state, round.snapshot, round.locked_at) == (RoundState.OPEN, None, None)
    # Open again: reporting works, and a new lock makes a new snapshot.
    services.report_action(strategist, round, plan.forv, region["HS"], "delayed", "Försenad")
    services.lock_round(strategist, round, unreported_confirmed=True)
    assert Reopening.objects.count() == 1
    assert FollowUpRound.objects.get(pk=round.pk).snapshot != snapshot
    # The new snapshot holds the report made while the round was open again.
    relocked = FollowUpRound.objects.get(pk=round.pk).snapshot
    assert relocked is not None
    reports = [
        report
        for goal in relocked["goals"]
        for action in goal["actions"]
        for report in action["reports"]
    ]
    assert any(
        (report["id"], report["status"], report["comment"])
        == (region["HS"].pk, "delayed", "Försenad")
        for report in reports
    )


def test_locking_a_round_with_units_unreported_needs_a_confirmation(plan, demo_users):
    """Issue 12: a round with 1 of 6 units reported was locked without a question."""
    strategist = demo_users["hrstrateg"]
    state = services.progress(plan.round)
    assert state.pending
    with pytest.raises(ValidationError) as error:
        services.lock_round(strategist, plan.round)
    pending, total = len(state.pending), state.total
    assert error.value.message_dict == {
        "confirm": [
            f"{pending} av {total} enheter har inte rapporterat. Bekräfta att omgången ska "
            "låsas ändå."
        ]
    }
    assert not FollowUpRound.objects.get(pk=plan.round.pk).is_locked
    assert services.lock_round(strategist, plan.round, unreported_confirmed=True).is_locked


def test_the_board_approves_a_locked_round(plan, demo_users):
    strategist = demo_users["hrstrateg"]
    decision = "Regionstyrelsens uppföljning av handlingsplanen godkänns"
    day = timezone.localdate()
    with pytest.raises(ValidationError):  # still open
        services.record_approval(strategist, plan.round, "Regionstyrelsen", day, decision)
    services.lock_round(strategist, plan.round, unreported_confirmed=True)
    # Issue 12: the board cannot have approved before the round was locked.
    early = day - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.record_approval(strategist, plan.round, "Regionstyrelsen", early, decision)
    assert error.value.message_dict == {
        "approved_on": [
            "Styrelsen godkänner det som låstes: beslutet kan inte dateras före låsningen "
            f"{day.isoformat()}."
        ]
    }
    with pytest.raises(ValidationError) as error:
        services.record_approval(strategist, plan.round, "", None, decision)
    assert sorted(error.value.message_dict) == ["approved_by", "approved_on"]
    with pytest.raises(PermissionDenied):
        services.record_approval(
            demo_users["forvaltningshr"], plan.round, "Regionstyrelsen", day, decision
        )
    round = services.record_approval(strategist, plan.round, "Regionstyrelsen", day, decision)
    assert (round.approved_by, round.approved_on, round.approval_decision) == (
        "Regionstyrelsen",
        day,
        decision,
    )
    # Reopening withdraws the approval and keeps it with the old snapshot.
    reopening = services.reopen_round(strategist, plan.round, "Ny uppgift")
    assert reopening.previous_snapshot["approval"]["decision"] == decision
    assert FollowUpRound.objects.get(pk=plan.round.pk).approved_on is None


# ---- history ------------------------------------------------------------------------------


def test_history_keeps_who_old_and_new(plan, demo_users):
    strategist = demo_users["hrstrateg"]
    proposed = str(goal_judgement(plan.goal1, year=2024).status)
    other = other_status(proposed)
    services.assess_goal(strategist, plan.round, plan.goal1, proposed, "Först")
    assessment = services.assess_goal(strategist, plan.round, plan.goal1, other, "Sedan", "Skäl")
    entries = history_entries(assessment)
    assert entries[0].who == "Hanna Strateg"
    changes = {change.field: (change.old, change.new) for change in entries[0].changes}
    assert changes["status"] == (GoalStatus(proposed).label, GoalStatus(other).label)
    assert changes[field_name(GoalAssessment, "text")] == ("Först", "Sedan")
    assert changes[field_name(GoalAssessment, "override_reason")] == ("–", "Skäl")
    assert entries[-1].what == "created"

    services.lock_round(strategist, plan.round, unreported_confirmed=True)
    services.reopen_round(strategist, plan.round, "Fel i underlaget")
    entries = history_entries(FollowUpRound.objects.get(pk=plan.round.pk))
    assert [entry.who for entry in entries[:2]] == ["Hanna Strateg", "Hanna Strateg"]
    reopened, locked = entries[0], entries[1]
    assert reopened.reason == "Fel i underlaget"
    state_change = {change.field: (change.old, change.new) for change in locked.changes}
    assert state_change[field_name(FollowUpRound, "state")] == ("Öppen", "Låst")
    assert state_change[field_name(FollowUpRound, "locked_by")] == ("–", str(strategist))
    assert reopened.changes  # state, snapshot and lock fields went back
