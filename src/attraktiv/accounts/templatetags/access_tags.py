"""Links that the one permission helper (``accounts.access``) lets the reader follow.

A page shows a link only when its reader may follow it (issue 12: nobody is shown a link
they may not follow). ``{% figures_url kpi unit as url %}`` gives the Nyckeltal page of an
engine indicator for a unit, or "" when ``Access.may_read_measurements`` says no; a template
then shows the name without the link.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from attraktiv.accounts.access import request_access
from attraktiv.organisation.models import Unit

register = template.Library()


@register.simple_tag(takes_context=True)
def figures_url(context: dict[str, Any], kpi: str, unit: Unit | None = None) -> str:
    """The Nyckeltal page of ``kpi`` for ``unit`` (None: the region, a programme
    indicator's level when it names no unit), if the user may read it; else ""."""
    access = request_access(context["request"])
    level = access.programme_level(unit)
    if not kpi or level is None or not access.may_read_measurements(kpi, level):
        return ""
    return f"{reverse('indicators:detail', args=[kpi])}?{urlencode({'enhet': level.unit_id})}"
