"""Every main page at 360 px (a phone) and 1 366 px (a laptop) in a real Chromium (issue 12,
Layout): the page itself never scrolls sideways, a wide table scrolls inside its own region
with its first column kept in view, and the action plan breaks no word in the middle and shows
its status selects whole.

The HR strategist visits each page of the synthetic region of test_journey.py, with two
computed scenarios; axe-core checks every page at both widths (its rule
``scrollable-region-focusable`` is what WCAG 2.1.1 asks of a region that scrolls). A
screenshot of each page at each width goes to pytest's tmp_path (not committed).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from attraktiv.core.tests.helpers import PROGRAMME, YEARS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (360, 1366)
HEIGHT = 800
SCENARIO = 'name = "{name}"\nbase_year = {year}\nhorizon = 10\n\n[defaults]\n{lever}\n'

# How far the page reaches past the window, and the form controls (outside a scrolling
# table region) that the window cuts off.
PAGE_OVERFLOW = """() => ({
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    cut: [...document.querySelectorAll('main input, main select, main button, main textarea')]
        .filter(el => el.type !== 'hidden' && el.getClientRects().length
                      && !el.closest('.table-scroll, .visually-hidden'))
        .filter(el => {
            const box = el.getBoundingClientRect();
            return box.left < -0.5 || box.right > window.innerWidth + 0.5;
        })
        .map(el => el.id || el.name || el.tagName),
})"""

# Words of the action plan's cells that the browser split over two lines: a word is what
# lies between spaces, hyphens, dashes, slashes and punctuation (where a line may break).
BROKEN_WORDS = """() => {
    const broken = [];
    for (const cell of document.querySelectorAll('.plan-table th, .plan-table td')) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (node.parentElement.closest('.visually-hidden, select')) continue;
            for (const match of node.data.matchAll(/[^\\s\\-–\\/,.;:()]+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const lines = new Set([...range.getClientRects()]
                    .filter(box => box.width > 0).map(box => Math.round(box.top)));
                if (lines.size > 1) broken.push(match[0]);
            }
        }
    }
    return broken;
}"""

# The action plan's status selects that are narrower than their longest option, or that the
# window or a scrolling ancestor cuts off.
CUT_SELECTS = """() => [...document.querySelectorAll('.plan-table select')].filter(select => {
    const box = select.getBoundingClientRect();
    const probe = select.cloneNode(true);
    probe.removeAttribute('id');
    probe.style.width = 'auto';
    probe.style.maxWidth = 'none';
    probe.style.position = 'absolute';
    document.body.append(probe);
    const natural = probe.getBoundingClientRect().width;
    probe.remove();
    let clipped = box.left < 0 || box.right > window.innerWidth + 0.5;
    for (let el = select.parentElement; el; el = el.parentElement) {
        if (getComputedStyle(el).overflowX === 'visible') continue;
        const frame = el.getBoundingClientRect();
        if (box.left < frame.left - 0.5 || box.right > frame.right + 0.5) clipped = true;
    }
    return clipped || box.width < natural - 0.5;
}).map(select => select.id)"""

# A table region scrolled to its end: where its first column's cells are, and where the
# region begins.
SCROLLED_REGION = """region => {
    region.scrollLeft = region.scrollWidth;
    const first = region.querySelector('tbody tr > :first-child').getBoundingClientRect();
    return {scrolled: region.scrollLeft, region: region.getBoundingClientRect().left,
            first: first.left};
}"""


@pytest.fixture
def layout_region(journey_region, demo_users):
    """The journey's region with two scenarios, each computed, for the scenario pages."""
    from attraktiv.audits.models import Audit
    from attraktiv.budget.models import Allocation
    from attraktiv.datasets.models import ImportRecord
    from attraktiv.supplyplan.services import execute_run, request_run, save_scenario

    strategist = demo_users["hrstrateg"]
    scenarios = []
    for name, lever in [
        ("Senare pension", "retirement_age_shift = 2.4"),
        ("Fler nyanställda", "recruits_factor = 1.2"),
    ]:
        version = save_scenario(
            strategist, name, SCENARIO.format(name=name, year=YEARS[1], lever=lever)
        )
        execute_run(request_run(strategist, YEARS[1], scenario_version=version, runs=5).pk)
        scenarios.append(version.scenario)
    return {
        "round": journey_region,
        "allocation": Allocation.objects.get(),
        "audit": Audit.objects.get(),
        "import": ImportRecord.objects.latest("pk"),
        "scenarios": scenarios,
    }


def main_pages(region) -> dict[str, str]:
    """The product's main pages (pages.md), named for the report."""
    a, b = region["scenarios"]
    return {
        "start": reverse("core:home"),
        "programmes": reverse("programmes:index"),
        "programme overview": reverse("programmes:overview", args=[PROGRAMME]),
        "goal": reverse("programmes:goal", args=[PROGRAMME, "1"]),
        "programme indicator": reverse("programmes:indicator", args=[PROGRAMME, "1.2"]),
        "action plan": reverse("actionplans:plan", args=[PROGRAMME]),
        "action": reverse("actionplans:action", args=[PROGRAMME, "1.1"]),
        "plan versions": reverse("actionplans:compare", args=[PROGRAMME]),
        "follow-up rounds": reverse("followups:index"),
        "follow-up round": reverse("followups:round", args=[region["round"].pk]),
        "budget": reverse("budget:index"),
        "budget allocation": reverse("budget:allocation", args=[region["allocation"].pk]),
        "audits": reverse("audits:index"),
        "audit": reverse("audits:audit", args=[region["audit"].pk]),
        "Nyckeltal": reverse("indicators:index"),
        "Nyckeltal indicator": reverse("indicators:detail", args=["sick_leave_total"]),
        "Nyckeltal by unit": reverse("indicators:detail", args=["sick_leave_total"])
        + "?uppdelning=enhet",
        "supply overview": reverse("supply:index"),
        "competence": reverse("supply:competence", args=["Sjuksköterska"]),
        "scenario workbench": reverse("supply:scenarios"),
        "scenario": reverse("supply:scenario", args=[a.pk]),
        "scenario comparison": reverse("supply:compare") + f"?a={a.pk}&b={b.pk}",
        "forecasts": reverse("forecasts:index"),
        "benchmarks": reverse("benchmarks:index"),
        "organisation": reverse("organisation:index"),
        "data": reverse("datasets:index"),
        "import": reverse("datasets:import", args=[region["import"].pk]),
        "my access": reverse("accounts:my_access"),
    }


# The pages of the Administratör (the event log is theirs alone).
ADMIN_PAGES = {"event log": "auditlog:index", "admin my access": "accounts:my_access"}


def test_no_page_scrolls_sideways_at_360_or_1366_px(browser, layout_region, tmp_path):
    visits = {
        "hrstrateg": main_pages(layout_region),
        "admin": {name: reverse(url) for name, url in ADMIN_PAGES.items()},
    }
    problems = []
    for username, pages in visits.items():
        page = browser.login(username)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            for name, path in pages.items():
                browser.visit(path)
                page.screenshot(path=str(tmp_path / f"{width}-{name}.png"), full_page=True)
                found = page.evaluate(PAGE_OVERFLOW)
                print(f"{width} px, {name}: {found['overflow']} px too wide")  # for the report
                if found["overflow"] > 0:
                    problems.append(f"{name} at {width} px is {found['overflow']} px too wide")
                if found["cut"]:
                    problems.append(f"{name} at {width} px cuts off {found['cut']}")
        page.get_by_role("button", name="Logga ut").click()
        page.wait_for_url("**/konto/logga-in/")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_action_plan_breaks_no_word_and_shows_its_status_selects_whole(
    browser, journey_region, width
):
    page = browser.login("hrstrateg")
    page.set_viewport_size({"width": width, "height": HEIGHT})
    browser.visit(reverse("actionplans:plan", args=[PROGRAMME]))
    assert page.locator(".plan-table select").count() > 0
    assert page.evaluate(BROKEN_WORDS) == []
    assert page.evaluate(CUT_SELECTS) == []
    # The filter form fits the window too, its fields one under the other if need be.
    filters = page.locator("form.filters").bounding_box()
    assert filters is not None and filters["x"] >= 0 and filters["x"] + filters["width"] <= width
    page.get_by_label("Status", exact=True).select_option(label="Pågår")
    page.get_by_role("button", name="Filtrera").click()
    page.wait_for_load_state()
    browser.check()
    assert page.evaluate(PAGE_OVERFLOW) == {"overflow": 0, "cut": []}


def test_a_wide_table_scrolls_in_its_own_region_with_its_first_column_in_view(
    browser, journey_region
):
    page = browser.login("hrstrateg")
    page.set_viewport_size({"width": 360, "height": HEIGHT})
    browser.visit(reverse("supply:index"))
    region = page.get_by_role("region", name="Kompetenser", exact=False).first
    assert region.get_attribute("tabindex") == "0"
    found = region.evaluate(SCROLLED_REGION)
    assert found["scrolled"] > 0  # the table is wider than the phone
    assert abs(found["first"] - found["region"]) < 1  # and its first column stays
    # The keyboard reaches the region and scrolls it back.
    region.focus()
    page.keyboard.press("ArrowLeft")  # a smooth scroll: wait for it
    page.wait_for_function(
        "([el, end]) => el.scrollLeft < end",
        arg=[region.element_handle(), found["scrolled"]],
        timeout=5_000,
    )
