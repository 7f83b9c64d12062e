"""``attraktiv purge --before YEAR`` removes the microdata whose periods end before 1 January
YEAR, keeps the measurements computed from them, and a later recompute keeps those years
(issue 15, §5; GDPR art. 5(1)(e)).

The data are committed (``transaction=True``): the recompute reads them through ADBC.
"""

from __future__ import annotations

import io
import sys
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from attraktiv.auditlog.models import Action, AuditEvent
from attraktiv.datasets.models import Absence, Employment, Salary
from attraktiv.measurements.models import Measurement
from attraktiv.measurements.services import recompute
from attraktiv.operations.models import Purge
from attraktiv.operations.tests.helpers import YEARS, store_small_region

pytestmark = pytest.mark.django_db(transaction=True)
CUT = YEARS[1]  # remove what ended before the last year


@pytest.fixture
def stored(region, tmp_path):
    return store_small_region(tmp_path / "data")


def values(year: int) -> dict[tuple, float | None]:
    return {
        (row[0], row[1], row[2], row[3], row[4], row[5], row[6]): row[7]
        for row in Measurement.objects.filter(period__startswith=str(year)).values_list(
            "kpi", "period", "unit_id", "gender", "age_group", "occupation_group", "role", "value"
        )
    }


class Terminal(io.StringIO):
    """Standard input as a terminal where someone has typed ``answer``."""

    def isatty(self) -> bool:
        return True


def test_the_purge_removes_old_microdata_keeps_the_figures_and_a_recompute_keeps_them(stored):
    cut = date(CUT, 1, 1)
    old_figures = values(CUT - 1)
    assert old_figures and values(CUT)
    ended_employments = Employment.objects.filter(end_date__lt=cut).count()
    assert ended_employments and Absence.objects.filter(end_date__lt=cut).exists()

    out = StringIO()
    call_command("purge", "--before", str(CUT), "--yes", stdout=out)
    text = out.getvalue()
    assert f"anställningar: {ended_employments}" in text
    assert f"Nyckeltalen för {CUT - 1} behålls men kan inte beräknas om" in text
    assert not Employment.objects.filter(end_date__lt=cut).exists()
    assert not Absence.objects.filter(end_date__lt=cut).exists()
    assert not Salary.objects.filter(date__lt=cut).exists()
    assert Employment.objects.exists()
    assert values(CUT - 1) == old_figures
    purge = Purge.objects.get()
    assert purge.before_year == CUT and purge.removed["employments"] == ended_employments
    event = AuditEvent.objects.get(action=Action.PURGE)
    assert str(CUT) in event.subject

    # Without the rule the recompute would replace every measurement: the purged year would
    # be gone, or computed again from what is left of it.
    recompute()
    assert values(CUT - 1) == old_figures
    assert values(CUT)  # the kept data's years are computed again


def test_without_a_terminal_or_yes_nothing_is_removed(stored, monkeypatch):
    before = Employment.objects.count()
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with pytest.raises(CommandError) as refused:
        call_command("purge", "--before", str(CUT), stdout=StringIO())
    assert refused.value.returncode == 2 and "--yes" in str(refused.value)
    assert Employment.objects.count() == before and not Purge.objects.exists()


@pytest.mark.parametrize(("answer", "removed"), [("j\n", True), ("\n", False), ("n\n", False)])
def test_the_question_is_answered_in_the_terminal(stored, monkeypatch, answer, removed):
    monkeypatch.setattr(sys, "stdin", Terminal(answer))
    out = StringIO()
    call_command("purge", "--before", str(CUT), stdout=out)
    assert "Ta bort? [j/N]" in out.getvalue()
    assert Purge.objects.exists() is removed
    assert Employment.objects.filter(end_date__lt=date(CUT, 1, 1)).exists() is not removed


def test_a_year_that_has_not_begun_is_refused(db):
    with pytest.raises(CommandError) as refused:
        call_command("purge", "--before", str(date.today().year + 1), "--yes", stdout=StringIO())
    assert refused.value.returncode == 2 and "inte har börjat" in str(refused.value)
