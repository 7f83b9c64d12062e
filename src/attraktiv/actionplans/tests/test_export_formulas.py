"""An action plan's downloads never turn a text into a formula (issue 11, part 7; OWASP, "CSV
Injection"): an action, a follow-up comment and the title written as
``=cmd|' /C calc'!A0`` open as text in the CSV and the XLSX the plan page offers."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pytest

from attraktiv.actionplans import services
from attraktiv.actionplans.models import ActionStatus
from attraktiv.followups import services as followups
from attraktiv.followups.models import RoundKind

pytestmark = pytest.mark.django_db

URL = "/handlingsplaner/pap/"
ATTACK = "=cmd|' /C calc'!A0"
TITLE = '=HYPERLINK("https://evil.example","Handlingsplan")'


@pytest.fixture
def hostile_plan(plan, demo_users, region):
    """Action 1's text, a reported comment on action 2 and the plan's name are formulas."""
    editor = demo_users["hrstrateg"]
    services.update_action(editor, plan.action("1"), text=ATTACK)
    round = followups.open_round(
        editor,
        plan.programme,
        RoundKind.FOLLOW_UP,
        "Uppföljning 2024",
        datetime.date(2024, 1, 1),
        datetime.date(2024, 12, 31),
        datetime.date(2025, 1, 31),
    )
    followups.report_action(
        demo_users["forvaltningshr"],
        round,
        plan.action("2"),
        region["PV"],
        ActionStatus.IN_PROGRESS,
        "@SUM(1+1)*cmd|' /C calc'!A0",
    )
    plan.plan.name = TITLE
    plan.plan.save()
    return plan


def test_the_csv_download_prefixes_formulas_with_an_apostrophe(client_as, hostile_plan):
    text = client_as("lasare").get(URL + "tabell.csv").content.decode("utf-8-sig")
    rows = {row[2]: row for row in csv.reader(io.StringIO(text), delimiter=";")}
    assert rows["1"][3] == "'" + ATTACK
    assert rows["2"][8] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    # Numbers are still written as numbers.
    assert rows["1"][5] == "2024"


def test_the_xlsx_download_stores_formulas_as_strings(client_as, hostile_plan):
    response = client_as("lasare").get(URL + "tabell.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    title = sheet.cell(row=1, column=1)
    assert title.data_type == "s" and title.value == TITLE + ", 2023, version 1"
    cells = {row[2].value: row for row in sheet.iter_rows(min_row=5)}
    action, comment = cells["1"][3], cells["2"][8]
    assert (action.data_type, action.value) == ("s", ATTACK)
    assert (comment.data_type, comment.value) == ("s", "@SUM(1+1)*cmd|' /C calc'!A0")
    year = cells["1"][5]
    assert (year.data_type, year.value) == ("n", 2024)
