"""The external-assessment page (issue 5, item 4; pages.md, "Competence supply":
"Arbetsförmedlingen's judgement"): the latest Yrkesbarometer round as a table, the upload
for importers, and the links from AF occupations to our competences, edited in place (HTMX)
by HR strategists.

Everybody who sees the competence supply figures sees the page; uploading takes
``IMPORT_DATA`` and linking ``EDIT_PLANS``, each for the whole region (``forecasts.services``
checks both again). Views parse input with ``forecasts.forms`` and change state only through
``forecasts.services``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from attraktiv.accounts.access import Capability, requires
from attraktiv.core.uploads import import_upload
from attraktiv.forecasts import services
from attraktiv.forecasts.forms import FilterForm, LinkForm, UploadForm
from attraktiv.forecasts.models import NATIONAL, LabourMarketAssessment, OccupationLink
from attraktiv.formatting import format_person
from attraktiv.organisation.models import OccupationGroup

TEMPLATE = "forecasts/index.html"
HISTORY_LENGTH = 20


def dom_id(occupation: str) -> str:
    """A stable element id for an AF occupation's links (names hold spaces and commas)."""
    return "links-" + hashlib.sha1(occupation.encode("utf-8")).hexdigest()[:12]


@dataclass
class Cell:
    """One AF occupation's linked competences, as the table cell shows them."""

    occupation: str
    links: list[OccupationLink] = field(default_factory=list)
    assessment: LabourMarketAssessment | None = None

    @property
    def dom_id(self) -> str:
        return dom_id(self.occupation)


def cell_for(occupation: str) -> Cell:
    links = list(
        OccupationLink.objects.filter(af_occupation=occupation)
        .select_related("group")
        .order_by("group__name")
    )
    return Cell(occupation, links)


def link_history() -> list[dict[str, Any]]:
    """The latest changes to the links: when, who, linked or removed, which pair."""
    records = list(
        OccupationLink.history.select_related("history_user").order_by("-history_date", "-pk")[
            :HISTORY_LENGTH
        ]
    )
    names = dict(
        OccupationGroup.objects.filter(pk__in={r.group_id for r in records}).values_list(
            "pk", "name"
        )
    )
    return [
        {
            "when": record.history_date,
            "who": format_person(record.history_user) or _("the system"),
            "what": _("Linked") if record.history_type == "+" else _("Removed"),
            "occupation": record.af_occupation,
            "group": names.get(record.group_id, f"#{record.group_id}"),
        }
        for record in records
        if record.history_type in "+-"
    ]


def page_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    """The latest round of each source, filtered to one county and occupation area."""
    latest = services.latest_rounds()
    stored = LabourMarketAssessment.objects.filter(
        source__in=[s for s, _r in latest], round__in=[r for _s, r in latest]
    )
    codes = sorted(set(stored.values_list("region_code", flat=True)))
    areas = sorted(
        set(stored.exclude(occupation_area="").values_list("occupation_area", flat=True))
    )
    counties = [(code, services.county_name(code)) for code in codes]
    filters = FilterForm(request.GET or None, counties=counties, areas=areas)
    county = NATIONAL if NATIONAL in codes or not codes else codes[0]
    area = ""
    if filters.is_valid():
        county = filters.cleaned_data["lan"] or county
        area = filters.cleaned_data["area"]
    links = services.links_by_occupation()
    sections = []
    for source, round_name in latest:
        rows = LabourMarketAssessment.objects.filter(
            source=source, round=round_name, region_code=county
        ).select_related("imported_by")
        if area:
            rows = rows.filter(occupation_area=area)
        cells = [
            Cell(
                row.occupation,
                sorted(links.get(row.occupation, []), key=lambda link: link.group.name),
                row,
            )
            for row in rows.order_by("occupation_area", "occupation")
        ]
        first = cells[0].assessment if cells else None
        sections.append(
            {
                "source": source,
                "round": round_name,
                "county": services.county_name(county),
                "area": area,
                "cells": cells,
                "counts": services.situation_counts(c.assessment for c in cells if c.assessment),
                "linked": sum(1 for cell in cells if cell.links),
                "imported_at": first.imported_at if first else None,
                "imported_by": format_person(first.imported_by) if first else "",
            }
        )
    may_import = services.may_import(request.user)
    may_link = services.may_link(request.user)
    context: dict[str, Any] = {
        "sections": sections,
        "filters": filters,
        "show_filters": len(codes) > 1 or len(areas) > 1,
        "may_import": may_import,
        "may_link": may_link,
        "upload_form": UploadForm() if may_import else None,
        "history": link_history() if may_link else [],
    }
    context.update(extra)
    return context


@requires(Capability.VIEW_FIGURES)
def index(request: HttpRequest) -> HttpResponse:
    """AF's latest round: occupation, recruitment situation, job opportunities, the five-year
    forecast and the competences each occupation is linked to."""
    return render(request, TEMPLATE, page_context(request))


@requires(Capability.IMPORT_DATA, region_wide=True)
def upload(request: HttpRequest) -> HttpResponse:
    """Read an uploaded Yrkesbarometer file and store its round, or list its problems."""
    if not services.may_import(request.user):
        raise PermissionDenied
    if request.method != "POST":
        return redirect("forecasts:index")
    form = UploadForm(request.POST, request.FILES)
    result, errors = import_upload(
        form, lambda path, name: services.import_yrkesbarometer(request.user, path, name=name)
    )
    if result is not None:
        messages.success(
            request,
            _("%(source)s %(rounds)s imported: %(rows)d rows.")
            % {"source": result.source, "rounds": ", ".join(result.rounds), "rows": result.rows},
        )
        return redirect("forecasts:index")
    return render(
        request, TEMPLATE, page_context(request, upload_form=form, upload_errors=errors[:50])
    )


def occupation_of(request: HttpRequest) -> str:
    occupation = (request.POST.get("occupation") or request.GET.get("occupation") or "").strip()
    if not occupation:
        raise ValidationError(_("No occupation given."))
    return occupation


@requires(Capability.VIEW_FIGURES)
def links(request: HttpRequest) -> HttpResponse:
    """One AF occupation's linked competences as shown (HTMX: "Klar" of the in-place edit)."""
    try:
        occupation = occupation_of(request)
    except ValidationError:
        return redirect("forecasts:index")
    return render(
        request,
        f"{TEMPLATE}#links",
        {
            "cell": cell_for(occupation),
            "may_link": services.may_link(request.user),
            "refocus": True,
        },
    )


def edit_response(
    request: HttpRequest, occupation: str, form: LinkForm | None = None, message: str = ""
) -> HttpResponse:
    cell = cell_for(occupation)
    if form is None:
        form = LinkForm(prefix=cell.dom_id, initial={"occupation": occupation})
    # htmx moves the focus to the swapped-in select, so keyboard users stay in the cell.
    form.fields["group"].widget.attrs["autofocus"] = True
    if form.errors:
        form.fields["group"].widget.attrs.update(
            {"aria-invalid": "true", "aria-describedby": f"{cell.dom_id}-error"}
        )
    return render(
        request,
        f"{TEMPLATE}#links-form",
        {"cell": cell, "form": form, "message": message},
    )


@requires(Capability.EDIT_PLANS, region_wide=True)
def links_edit(request: HttpRequest) -> HttpResponse:
    """HTMX in place: the occupation's links with "Ta bort", and a form to link one more."""
    if not services.may_link(request.user):
        raise PermissionDenied
    try:
        occupation = occupation_of(request)
    except ValidationError:
        return redirect("forecasts:index")
    if request.method != "POST":
        return edit_response(request, occupation)
    form = LinkForm(request.POST, prefix=dom_id(occupation))
    if form.is_valid():
        group = form.cleaned_data["group"]
        try:
            services.link_occupation(request.user, occupation, group)
        except ValidationError as error:
            for problem in error.messages:
                form.add_error("group", problem)
        else:
            message = _("%(occupation)s is now linked to %(group)s.") % {
                "occupation": occupation,
                "group": group.name,
            }
            if not request.htmx:  # type: ignore[attr-defined]
                messages.success(request, message)
                return redirect("forecasts:index")
            return edit_response(request, occupation, message=message)
    return edit_response(request, occupation, form)


@require_POST
@requires(Capability.EDIT_PLANS, region_wide=True)
def unlink(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove one link (HTMX in place, or back to the page)."""
    if not services.may_link(request.user):
        raise PermissionDenied
    link = get_object_or_404(OccupationLink.objects.select_related("group"), pk=pk)
    occupation, group = link.af_occupation, link.group
    services.unlink_occupation(request.user, occupation, group, source=link.source)
    message = _("%(occupation)s is no longer linked to %(group)s.") % {
        "occupation": occupation,
        "group": group.name,
    }
    if not request.htmx:  # type: ignore[attr-defined]
        messages.success(request, message)
        return redirect("forecasts:index")
    return edit_response(request, occupation, message=message)


@require_POST
@requires(Capability.EDIT_PLANS, region_wide=True)
def default_links(request: HttpRequest) -> HttpResponse:
    """Link by the shipped mapping (only competences that exist in the region)."""
    if not services.may_link(request.user):
        raise PermissionDenied
    result = services.load_links(request.user)
    messages.success(
        request,
        _("Links by the default mapping: %(created)d new, %(existing)d already there.")
        % {"created": len(result.created), "existing": result.existing},
    )
    if result.missing_groups:
        messages.info(
            request,
            _("Competences in the mapping that the region does not have: %(names)s.")
            % {"names": ", ".join(result.missing_groups)},
        )
    return redirect("forecasts:index")
