"""The main navigation: the product's areas, in the order HR strategists work through them.

An area that has no page yet is listed without a link, so the navigation shows the whole
product from the first release; each app's issue turns its entry into a link.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from attraktiv.accounts.access import Access, Capability


@dataclass(frozen=True)
class Area:
    label: str | Promise
    url_name: str
    capability: Capability
    # Further pages that belong to the area (it is marked current on them too).
    also: tuple[str, ...] = ()

    def url(self) -> str | None:
        return reverse_or_none(self.url_name)

    def prefixes(self) -> list[str]:
        urls = [self.url(), *(reverse_or_none(name) for name in self.also)]
        return [url for url in urls if url]


def reverse_or_none(url_name: str) -> str | None:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


AREAS = [
    Area(
        _("Programmes and action plans"),
        "programmes:index",
        Capability.VIEW_PUBLISHED,
        ("actionplans:index", "followups:index"),
    ),
    Area(_("Indicators"), "indicators:index", Capability.VIEW_FIGURES, ("benchmarks:index",)),
    Area(_("Competence supply"), "supply:index", Capability.VIEW_FIGURES, ("forecasts:index",)),
    Area(_("Budget"), "budget:index", Capability.VIEW_PUBLISHED),
    Area(_("Audits"), "audits:index", Capability.VIEW_PUBLISHED),
    Area(_("Reports"), "reports:index", Capability.VIEW_PUBLISHED),
    # Data: the import history for importers; others are sent on to the organisation tree.
    Area(_("Data"), "datasets:index", Capability.VIEW_ORGANISATION, ("organisation:index",)),
    Area(_("Event log"), "auditlog:index", Capability.MANAGE_USERS),
]


def areas_for(access: Access, current_path: str) -> list[dict[str, Any]]:
    """The areas this user may open, each with its link and whether it is the current one."""
    items = []
    for area in AREAS:
        if not access.has(area.capability):
            continue
        url = area.url()
        items.append(
            {
                "label": area.label,
                "url": url,
                "current": any(current_path.startswith(prefix) for prefix in area.prefixes()),
            }
        )
    return items
