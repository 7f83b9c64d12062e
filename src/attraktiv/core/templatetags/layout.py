"""Wide tables (issue 12, Layout; pages.md, "works at 360 px").

``{% tablescroll %}<table class="table">…</table>{% endtablescroll %}`` puts a table in a
region of its own that scrolls sideways when the table is wider than the window, so that the
page never does. The region takes keyboard focus and is named, as WCAG 2.1 SC 2.1.1 asks of
a scrolling region (axe-core's rule ``scrollable-region-focusable``), and keeps the table's
first column in view while it scrolls (``.table-scroll`` in attraktiv.css).

The region is named after its table: the ``aria-labelledby`` of the table, else its caption,
else the label given (``{% tablescroll _("Measures") %}``).
"""

from __future__ import annotations

import html
import re

from django import template
from django.utils.html import format_html, strip_tags

register = template.Library()

LABELLED_BY = re.compile(r'<table\b[^>]*\baria-labelledby="([^"]+)"')
CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.S)


class TableScrollNode(template.Node):
    def __init__(self, nodelist: template.NodeList, label: template.base.FilterExpression | None):
        self.nodelist = nodelist
        self.label = label

    def render(self, context: template.Context) -> str:
        table = self.nodelist.render(context)
        label = self.label.resolve(context) if self.label else None
        caption = CAPTION.search(table)
        labelled_by = LABELLED_BY.search(table)
        if label:
            name = format_html('aria-label="{}"', label)
        elif labelled_by:
            name = format_html('aria-labelledby="{}"', labelled_by[1])
        elif caption:
            text = " ".join(html.unescape(strip_tags(caption[1])).split())
            name = format_html('aria-label="{}"', text)
        else:
            raise template.TemplateSyntaxError(
                "{% tablescroll %}: the table has neither a caption nor aria-labelledby; "
                "name the region: {% tablescroll _('…') %}"
            )
        return format_html(
            '<div class="table-scroll" role="region" tabindex="0" {}>{}</div>',
            name,
            table,  # the rendered template: safe, escaped as it rendered
        )


@register.tag
def tablescroll(parser: template.base.Parser, token: template.base.Token) -> TableScrollNode:
    """``{% tablescroll [label] %}…{% endtablescroll %}``: see the module's docstring."""
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError("{% tablescroll %} takes at most one label")
    label = parser.compile_filter(bits[1]) if len(bits) == 2 else None
    nodelist = parser.parse(("endtablescroll",))
    parser.delete_first_token()
    return TableScrollNode(nodelist, label)
