"""The annual report's sick leave (issue 13, ``sickleave``; hr-data.md §3.1) built from the
demo: the seven measures for three years from the stored measurements, the law's disclosure
rule on top of the stored suppression (no hidden cell recoverable from the total), and a Chef
held to their own units."""

from __future__ import annotations

import pytest

from attraktiv.measurements.models import Measurement
from attraktiv.reports.builders.sickleave import MEASURES
from attraktiv.reports.content import Hidden, Report, Table
from attraktiv.reports.kinds import ReportInputError, ReportInputs, build

pytestmark = pytest.mark.django_db

NAMES = [
    "Total sjukfrånvaro",
    "Andel långtidssjukfrånvaro (60 dagar eller mer) av total sjukfrånvaro",
    "Sjukfrånvaro, kvinnor",
    "Sjukfrånvaro, män",
    "Sjukfrånvaro, 29 år eller yngre",
    "Sjukfrånvaro, 30–49 år",
    "Sjukfrånvaro, 50 år eller äldre",
]


def sickleave(demo, username: str = "hrstrateg", **inputs) -> Report:
    return build(ReportInputs(kind="sickleave", **inputs), demo.access(username))


def the_table(report: Report) -> Table:
    tables = list(report.tables())
    assert len(tables) == 1
    return tables[0]


def stored(unit_id: str, period: str, kpi: str, **cell) -> Measurement:
    dimensions = {"gender": "", "age_group": "", "occupation_group": "", "role": ""}
    return Measurement.objects.get(
        kpi=kpi, unit__unit_id=unit_id, period=period, **{**dimensions, **cell}
    )


def assert_nothing_recoverable(table: Table) -> None:
    """Along the gender pair and along the age groups, with the total shown, never exactly
    one hidden cell (it would be the total minus the others)."""
    for column in range(1, len(table.columns)):
        values = [row[column] for row in table.rows]
        if isinstance(values[0], Hidden):
            continue
        for line in (values[2:4], values[4:7]):
            assert sum(isinstance(value, Hidden) for value in line) != 1, (column, line)


def test_the_seven_measures_for_the_year_and_the_two_before(demo):
    report = sickleave(demo)
    table = the_table(report)
    assert report.front.title == "Sjukfrånvaro enligt årsredovisningen"
    assert report.front.subtitle == "Region Exempel, 2020–2022"
    assert [column.title for column in table.columns] == ["Mått", "2020", "2021", "2022"]
    assert all((c.kind, c.decimals) == ("percent", 1) for c in table.columns[1:])
    assert [row[0] for row in table.rows] == NAMES
    for row, measure in zip(table.rows, MEASURES, strict=True):
        for column, period in enumerate(["2020", "2021", "2022"], start=1):
            cell = {measure.dimension: measure.value} if measure.dimension else {}
            expected = stored("R", period, measure.kpi, **cell)
            if isinstance(row[column], Hidden):
                assert expected.suppressed or (expected.persons or 0) <= 10
            else:
                assert row[column] == expected.value
    assert all(row[column] is not None for row in table.rows for column in (1, 2, 3))
    assert "Total sjukfrånvaro i Region Exempel" in report.sections[0].blocks[0].text  # type: ignore[union-attr]
    assert_nothing_recoverable(table)


def test_the_laws_rule_hides_groups_of_ten_and_what_would_give_them_away(demo):
    """An instance whose own threshold is lower than the law's stores a group of 9 men and
    of 10 young employees: the annual report hides them, and with them the women and the
    smallest other age group, so that neither can be had from the total."""
    stored("R", "2022", "sick_leave_total", gender="M")
    Measurement.objects.filter(
        kpi="sick_leave_total", unit__unit_id="R", period="2022", gender="M"
    ).update(persons=9, suppressed=False)
    Measurement.objects.filter(
        kpi="sick_leave_total", unit__unit_id="R", period="2022", age_group="-29"
    ).update(persons=10, suppressed=False)
    table = the_table(sickleave(demo, year=2022))
    last = [row[3] for row in table.rows]
    assert not isinstance(last[0], Hidden)
    assert isinstance(last[2], Hidden) and isinstance(last[3], Hidden)  # women and men
    assert isinstance(last[4], Hidden)  # 29 or younger
    ages = {
        row.age_group: row.persons or 0
        for row in Measurement.objects.filter(
            kpi="sick_leave_total", unit__unit_id="R", period="2022", age_group__in=["30-49", "50-"]
        )
    }
    smallest = 5 if ages["30-49"] <= ages["50-"] else 6
    assert isinstance(last[smallest], Hidden) and not isinstance(last[11 - smallest], Hidden)
    assert all(cell.reason == "dolt" for cell in last if isinstance(cell, Hidden))
    assert_nothing_recoverable(table)


def test_a_chef_gets_their_units_only_with_the_small_groups_hidden(demo):
    report = sickleave(demo, "chef")
    assert report.front.subtitle.startswith("Primärvård norr, ")
    table = the_table(report)
    hidden = [cell for row in table.rows for cell in row[1:] if isinstance(cell, Hidden)]
    assert hidden  # a small verksamhet: most groups are too small to report
    assert_nothing_recoverable(table)
    assert sickleave(demo, "chef", unit="PV-NORR-1").front.subtitle.startswith(
        "Vårdcentralen Backa"
    )
    for username, unit in [("chef", "PV"), ("chef", "R"), ("lasare", "")]:
        with pytest.raises(ReportInputError) as error:
            sickleave(demo, username, unit=unit)
        assert error.value.field == "unit"
        assert "behörighet" in error.value.message


def test_a_year_without_figures_or_an_unknown_unit_is_refused(demo):
    with pytest.raises(ReportInputError) as error:
        sickleave(demo, year=2030)
    assert error.value.field == "year" and "2019–2022" in error.value.message
    with pytest.raises(ReportInputError) as error:
        sickleave(demo, unit="NOPE")
    assert error.value.field == "unit" and "NOPE" in error.value.message
