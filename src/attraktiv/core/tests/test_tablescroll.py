"""Wide tables (issue 12, Layout): every table of every template scrolls in its own named,
focusable region ({% tablescroll %}, core/templatetags/layout.py) or is stacked on a phone
(.table--stacked); the region takes its name from the table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template, TemplateSyntaxError

SRC = Path(__file__).resolve().parents[2]
TAGS = re.compile(r"{%\s*(end)?tablescroll\b[^%]*%}|<table\b[^>]*>")


def render(text: str, **context) -> str:
    return Template("{% load layout %}" + text).render(Context(context))


def unwrapped_tables(template: Path) -> list[str]:
    """The tables of a template that are neither inside {% tablescroll %} nor stacked."""
    inside = False
    found = []
    for match in TAGS.finditer(template.read_text(encoding="utf-8")):
        tag = match[0]
        if tag.startswith("<table"):
            if not inside and "table--stacked" not in tag:
                found.append(tag)
        else:
            inside = match[1] is None
    return found


def test_every_table_of_every_template_scrolls_in_its_region_or_is_stacked():
    templates = sorted(SRC.glob("*/templates/**/*.html"))
    assert len(templates) > 50
    unwrapped = {
        str(path.relative_to(SRC)): tables
        for path in templates
        if (tables := unwrapped_tables(path))
    }
    assert unwrapped == {}


def test_the_region_is_focusable_and_named_after_the_tables_caption():
    html = render(
        "{% tablescroll %}<table><caption>Gap &amp; <span>år {{ year }}</span></caption>"
        "</table>{% endtablescroll %}",
        year=2024,
    )
    assert html.startswith(
        '<div class="table-scroll" role="region" tabindex="0" aria-label="Gap &amp; år 2024">'
        "<table>"
    )
    assert html.endswith("</table></div>")


def test_the_region_shares_the_tables_heading_or_takes_the_label_given():
    labelled = render(
        '{% tablescroll %}<table class="table" aria-labelledby="files-heading">'
        "<caption>Filer</caption></table>{% endtablescroll %}"
    )
    assert 'role="region" tabindex="0" aria-labelledby="files-heading">' in labelled
    given = render(
        "{% tablescroll label %}<table><caption>x</caption></table>{% endtablescroll %}",
        label="Åtgärder <2024>",
    )
    assert 'aria-label="Åtgärder &lt;2024&gt;"' in given


def test_a_table_without_a_name_is_refused():
    with pytest.raises(TemplateSyntaxError, match="neither a caption nor aria-labelledby"):
        render("{% tablescroll %}<table></table>{% endtablescroll %}")
