"""The follow-up pages: scoped rows, in-place saving, the strategists' part, the locked view."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from attraktiv.actionplans.models import Action, ActionStatus
from attraktiv.followups import services
from attraktiv.followups.models import ActionReport, FollowUpRound, GoalAssessment, RoundState
from attraktiv.programmes.models import GoalStatus
from attraktiv.programmes.services import goal_judgement


def round_url(plan) -> str:
    return reverse("followups:round", args=[plan.round.pk])


def report_url(plan, action, unit) -> str:
    return reverse("followups:report", args=[plan.round.pk, action.pk, unit.pk])


def test_the_list_shows_open_rounds_first_with_progress(plan, client_as, demo_users, region):
    services.mark_unit_done(demo_users["forvaltningshr"], plan.round, region["PV"])
    response = client_as("lasare").get(reverse("followups:index"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Uppföljning 2024" in text
    assert "2025-01-31" in text
    assert "1 av 4" in text
    assert "Öppna en uppföljning" not in text  # only strategists open rounds


def test_forvaltnings_hr_sees_only_its_own_units_actions(plan, client_as):
    response = client_as("forvaltningshr").get(round_url(plan))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Primärvårdsförvaltningen" in text
    assert plan.forv.text in text and plan.both.text in text
    assert plan.chr.text not in text  # CHR only
    assert plan.cancelled.text not in text
    assert "Hälso- och sjukvårdsförvaltningen</h2>" not in text
    assert "Markera som klar" in text
    assert "Lås uppföljningen" not in text


def test_saving_in_place_returns_the_row_with_a_confirmation(plan, client_as, region):
    client = client_as("forvaltningshr")
    response = client.post(
        report_url(plan, plan.forv, region["PV"]),
        {"status": ActionStatus.IN_PROGRESS, "comment": "Planer på gång"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert text.lstrip().startswith(f'<tr id="report-{plan.forv.pk}-{region["PV"].pk}"')
    assert "Sparat" in text
    assert "Planer på gång" in text
    report = ActionReport.objects.get()
    assert (report.unit, report.status) == (region["PV"], ActionStatus.IN_PROGRESS)
    # Without HTMX the form posts and comes back to the page.
    response = client.post(
        report_url(plan, plan.both, region["PV"]), {"status": "done", "comment": ""}
    )
    assert response.status_code == 302
    assert ActionReport.objects.count() == 2


def test_posting_for_others_is_forbidden(plan, client_as, region):
    client = client_as("forvaltningshr")
    for action, unit in [
        (plan.chr, region["PV"]),
        (plan.chr, region["RK-CHR"]),
        (plan.forv, region["HS"]),
    ]:
        response = client.post(
            report_url(plan, action, unit), {"status": "done"}, headers={"HX-Request": "true"}
        )
        assert response.status_code == 403
    assert client_as("chef").post(report_url(plan, plan.forv, region["PV"])).status_code == 403
    assert not ActionReport.objects.exists()
    assert Action.objects.get(pk=plan.chr.pk).status == ActionStatus.NOT_STARTED


def test_marking_done_and_undoing(plan, client_as, region):
    client = client_as("forvaltningshr")
    url = reverse("followups:mark_done", args=[plan.round.pk, region["PV"].pk])
    assert client.post(url).status_code == 302
    assert services.progress(plan.round).reported == 1
    page = client.get(round_url(plan)).content.decode()
    assert "Markerad som klar" in page
    assert "1 av 4" in page
    forbidden = reverse("followups:mark_done", args=[plan.round.pk, region["HS"].pk])
    assert client.post(forbidden).status_code == 403
    client.post(reverse("followups:undo_done", args=[plan.round.pk, region["PV"].pk]))
    assert services.progress(plan.round).reported == 0


def test_the_strategist_sees_goals_indicators_and_every_report(plan, client_as, demo_users, region):
    services.report_action(
        demo_users["forvaltningshr"],
        plan.round,
        plan.forv,
        region["PV"],
        "in_progress",
        "Pågår i PV",
    )
    response = client_as("hrstrateg").get(round_url(plan))
    text = response.content.decode()
    assert response.status_code == 200
    for shown in (plan.goal1.text, plan.goal2.text, plan.indicator.name, plan.chr.text):
        assert shown in text
    assert "Pågår i PV" in text
    assert "Hälso- och sjukvårdsförvaltningen</strong>: ej rapporterat" in text
    # The cancelled action is listed, but nobody is expected to report on it.
    assert plan.cancelled.text in text
    assert "Psykiatriförvaltningen</strong>: ej rapporterat" not in text
    assert 'class="status status--' in text
    assert "Lås uppföljningen" in text
    assert "(föreslagen)" in text


def test_an_override_without_reason_is_refused_in_place(plan, client_as):
    client = client_as("hrstrateg")
    proposed = str(goal_judgement(plan.goal1, year=2024).status)
    other = next(value for value in GoalStatus.values if value != proposed)
    url = reverse("followups:assess", args=[plan.round.pk, plan.goal1.pk])
    prefix = f"goal-{plan.goal1.pk}"
    response = client.post(
        url,
        {f"{prefix}-status": other, f"{prefix}-text": "Bedömning"},
        headers={"HX-Request": "true"},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Ange skälet" in text
    assert 'aria-invalid="true"' in text
    assert not GoalAssessment.objects.exists()
    response = client.post(
        url,
        {
            f"{prefix}-status": other,
            f"{prefix}-text": "Bedömning",
            f"{prefix}-override_reason": "Enkäten visar annat",
        },
        headers={"HX-Request": "true"},
    )
    assert "Sparat" in response.content.decode()
    assert GoalAssessment.objects.get().override_reason == "Enkäten visar annat"
    assert client_as("forvaltningshr").post(url, {}).status_code == 403


def test_a_locked_round_shows_its_snapshot_not_live_data(plan, client_as, demo_users, region):
    services.report_action(
        demo_users["forvaltningshr"],
        plan.round,
        plan.forv,
        region["PV"],
        "in_progress",
        "Pågår i PV",
    )
    client = client_as("hrstrateg")
    lock = reverse("followups:lock", args=[plan.round.pk])
    assert client.post(lock, {"confirm": "on"}).status_code == 302
    assert FollowUpRound.objects.get().state == RoundState.LOCKED
    Action.objects.filter(pk=plan.forv.pk).update(text="Helt ny text", status="done")
    text = client.get(round_url(plan)).content.decode()
    assert "Uppföljningen är låst" in text
    assert "Hanna Strateg" in text
    assert plan.forv.text in text
    assert "Helt ny text" not in text
    assert "Öppna igen" in text
    # Förvaltnings-HR can no longer report, and is told so.
    page = client_as("forvaltningshr").get(round_url(plan)).content.decode()
    assert "Uppföljningen är låst" in page
    assert "Markera som klar" not in page


def test_reopening_needs_a_reason_and_lists_it(plan, client_as, demo_users):
    services.lock_round(demo_users["hrstrateg"], plan.round, unreported_confirmed=True)
    client = client_as("hrstrateg")
    url = reverse("followups:reopen", args=[plan.round.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "Ange skälet till att öppna uppföljningen igen" in response.content.decode()
    assert FollowUpRound.objects.get().is_locked
    assert client.post(url, {"reason": "PV rapporterade fel"}).status_code == 302
    page = client.get(round_url(plan)).content.decode()
    assert "PV rapporterade fel" in page
    assert not FollowUpRound.objects.get().is_locked


def test_history_pages(plan, client_as, demo_users):
    strategist = demo_users["hrstrateg"]
    proposed = str(goal_judgement(plan.goal1, year=2024).status)
    services.assess_goal(strategist, plan.round, plan.goal1, proposed, "Först")
    services.assess_goal(strategist, plan.round, plan.goal1, proposed, "Sedan")
    services.lock_round(strategist, plan.round, unreported_confirmed=True)
    client = client_as("lasare")
    page = client.get(reverse("followups:history", args=[plan.round.pk])).content.decode()
    assert "Hanna Strateg" in page and "Låst" in page
    url = reverse("followups:assessment_history", args=[plan.round.pk, plan.goal1.pk])
    page = client.get(url).content.decode()
    assert "Först" in page and "Sedan" in page
    assert client.get(reverse("followups:history", args=[999])).status_code == 404


def test_a_strategist_opens_a_round_from_the_list(plan, client_as):
    client = client_as("hrstrateg")
    data = {
        "programme": plan.programme.pk,
        "kind": "delarsrapport",
        "name": "Delår 2025",
        "period_start": "2025-01-01",
        "period_end": "2025-08-31",
        "deadline": "2025-09-15",
    }
    response = client.post(reverse("followups:open"), {**data, "period_end": "2024-01-01"})
    assert response.status_code == 400
    assert "Perioden måste sluta" in response.content.decode()
    response = client.post(reverse("followups:open"), data)
    assert response.status_code == 302
    assert FollowUpRound.objects.filter(name="Delår 2025").exists()
    assert client_as("forvaltningshr").post(reverse("followups:open"), data).status_code == 403


def test_a_manager_reads_the_round_without_forms(plan, client_as):
    text = client_as("chef").get(round_url(plan)).content.decode()
    assert "Du har inga åtgärder att rapportera" in text
    assert "<select" not in text.split("<main")[1]
    assert plan.forv.text not in text  # live reports are not published before the lock


def test_the_approval_is_recorded_on_the_locked_round(plan, client_as, demo_users):
    services.lock_round(demo_users["hrstrateg"], plan.round, unreported_confirmed=True)
    client = client_as("hrstrateg")
    url = reverse("followups:approve", args=[plan.round.pk])
    response = client.post(url, {"approved_by": "Regionstyrelsen", "decision": "Godkänns"})
    assert response.status_code == 400
    assert FollowUpRound.objects.get().approved_on is None
    # Issue 12: a decision dated before the lock is refused on its field.
    locked_on = timezone.localdate(FollowUpRound.objects.get().locked_at)
    early = {"approved_by": "Regionstyrelsen", "approved_on": "2025-03-04", "decision": "Godkänns"}
    response = client.post(url, early)
    assert response.status_code == 400
    assert (
        '<p class="field-error" id="id_approved_on-error">Styrelsen godkänner det som låstes: '
        f"beslutet kan inte dateras före låsningen {locked_on.isoformat()}.</p>"
    ) in response.content.decode()
    assert FollowUpRound.objects.get().approved_on is None
    data = {**early, "approved_on": locked_on.isoformat()}
    assert client.post(url, data).status_code == 302
    page = client.get(round_url(plan)).content.decode()
    assert f"Godkänd av Regionstyrelsen {locked_on.isoformat()}: Godkänns" in page
    assert client_as("forvaltningshr").post(url, data).status_code == 403
