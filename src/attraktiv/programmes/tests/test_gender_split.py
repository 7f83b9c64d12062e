"""Women and men beside every programme indicator the data allow (seed 001: "Där det är
möjligt, kommer indikatorer att redovisas fördelat på kvinnor och män"; issue 12).

A small synthetic region goes through the real parts (generator, reader, import, the
indicator engine's recompute) with the demo programme loaded: the indicators of a fixed
breakdown cell (HME for chefs or medarbetare, the survey questions) are split through that
cell crossed with gender, under the disclosure rules of hr-data.md §3.7.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from attraktiv.indicators import Engine
from attraktiv.measurements.models import Measurement

pytestmark = pytest.mark.django_db(transaction=True)

YEAR = 2025
SUPPRESSED = "färre än 11 personer"
NOT_SPLIT = "Redovisas inte fördelat på kvinnor och män"
NUMBER = re.compile(r"^\d[\d\u00a0 ]*(,\d+)?(\u00a0(%|år))?$")
# Seed 001's indicators that count something other than persons, or whose data carry no
# gender (the sam table names a manager by an opaque key, hr-data.md §1).
NOT_SPLIT_REFS = {"1.1", "3.2", "4.1", "4.2"}


@pytest.fixture
def computed(tmp_path, demo_users):
    """600 employees over 2024–2025: few enough that some cells are hidden."""
    from attraktiv.core.management.commands.demo import load_demo_programmes
    from attraktiv.datasets.services import store_dataset
    from attraktiv.hrdata.reader import read_dataset
    from attraktiv.measurements.services import recompute
    from attraktiv.synthetic.generator import generate

    generate(tmp_path, employees=600, years=(YEAR - 1, YEAR))
    tables = read_dataset(tmp_path, pseudonym_key=settings.PSEUDONYM_KEY).tables
    record = store_dataset(tables)
    load_demo_programmes()
    recompute(source_import=record)
    return tables


def test_the_recompute_stores_a_fixed_cell_crossed_with_gender(computed):
    """The stored role × gender cells are the engine's cross-tabulation, disclosure included."""
    stored = {
        (row.role, row.gender): (row.value, row.suppressed)
        for row in Measurement.objects.filter(
            kpi="survey_index:DELAKTIGHET", period=str(YEAR), unit__parent=None
        ).exclude(role="")
        if row.gender
    }
    with Engine(computed) as engine:
        direct = {
            (row["role"], row["gender"]): (row["value"], bool(row["suppressed"]))
            for row in engine.compute(
                year=YEAR, kpis=["survey_index:DELAKTIGHET"], by=("role", "gender")
            )
            if row["role"] and row["gender"]
        }
    assert stored == direct
    assert set(stored) == {("chef", "K"), ("chef", "M"), ("medarbetare", "K"), ("medarbetare", "M")}


@pytest.mark.browser
def test_every_indicator_shows_women_and_men_or_says_why_not(browser, computed):
    browser.login("lasare")
    page = browser.visit(reverse("programmes:overview", args=["pa-program-2027"]) + f"?ar={YEAR}")
    cells: dict[str, list[str]] = {}
    for table in page.locator("table.indicator-table").all():
        for row in table.locator("tbody tr").all():
            link = row.locator("th a")
            ref = link.get_attribute("href").split("/indikator/")[1].split("/")[0]
            cells[ref] = [text.strip() for text in row.locator("td").all_inner_texts()]
    assert len(cells) == 19
    for ref, texts in cells.items():
        if ref in NOT_SPLIT_REFS:
            assert texts[-1] == NOT_SPLIT, ref
            continue
        for text in texts[-2:]:
            # "–" only where nobody of that gender is in the indicator's population.
            assert text in (SUPPRESSED, "–") or NUMBER.match(text), (ref, texts[-2:])
    # HME and the survey indices for chefs and medarbetare, the sick leave, the full-time
    # share and the value entered by hand: figures for women and men.
    for ref in ("1.3", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "2.9", "3.1"):
        assert all(NUMBER.match(text) for text in cells[ref][-2:]), (ref, cells[ref][-2:])
    for ref in ("4.3", "4.4", "4.5"):
        assert all(NUMBER.match(text) for text in cells[ref][-2:]), (ref, cells[ref][-2:])
    # Few women retired in 2025: the disclosure rules hide their mean age, and say why.
    assert cells["1.2"][-2] == SUPPRESSED

    # The indicator's own page: its values by year for all, women and men.
    page.get_by_role("link", name=re.compile("^Upplevd delaktighet")).click()
    page.wait_for_load_state()
    browser.check()
    table = page.get_by_role("table", name=re.compile(r"^Upplevd delaktighet.* per år$"))
    header = table.locator("thead").inner_text()
    assert "Kvinnor" in header and "Män" in header
    last = table.locator("tbody tr").last.locator("td").all_inner_texts()
    assert len(last) == 3 and all(NUMBER.match(text.strip()) for text in last)
