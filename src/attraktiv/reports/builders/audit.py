"""*Svar på granskning*: the board's answer to an audit (issue 13 §2, laid out like seed
``004_…``, Region Västerbotten's answer to fördjupad granskning nr 7/2022).

Each recommendation verbatim, then the board's answer ("Svar") in its paragraphs, then
"Regionstyrelsen vidtar följande åtgärder" with each measure, its follow-up status and the
action plan's actions it is linked to; then the strategic action areas the answer names,
and a table of every measure's status for the follow-up.

The audit is ``inputs.audit`` (its identifier, e.g. ``7/2022``) or the programme's only
audit; with several (or none) and none named, the error lists the identifiers.
"""

from __future__ import annotations

from dataclasses import replace

from django.db.models import Prefetch

from attraktiv.accounts.access import Access
from attraktiv.audits.models import Audit, Measure, Recommendation
from attraktiv.formatting import format_date
from attraktiv.reports.builders.common import (
    decision_body,
    front_page,
    latest_plan_version,
    provenance,
)
from attraktiv.reports.content import (
    Block,
    BulletList,
    Column,
    Facts,
    Paragraph,
    Report,
    Section,
    Table,
)
from attraktiv.reports.kinds import ReportInputError, ReportInputs, the_programme

TITLE = "Svar på granskning"


def build(inputs: ReportInputs, access: Access) -> Report:
    """The answer to the audit ``inputs`` chooses."""
    audit = the_audit(inputs)
    recommendations = list(audit.recommendations.all())
    sections = (
        Section(
            "Svar på revisionens rekommendationer",
            (about(audit),),
            tuple(recommendation_section(r) for r in recommendations),
        ),
        areas_section(audit),
        Section("Uppföljning av åtgärderna", (status_table(recommendations),)),
    )
    programme = audit.programme
    subtitle = f"Regionstyrelsens yttrande över {lower_first(audit.title)}"
    return Report(
        kind="audit",
        front=front_page(
            TITLE,
            subtitle,
            decision_body=decision_body(programme),
        ),
        provenance=replace(
            provenance(None, latest_plan_version(programme) if programme else None),
            source_import=f"Granskning {audit.identifier}"
            + (f", svar från {audit.responded_by}" if audit.responded_by else ""),
        ),
        sections=sections,
        keywords=("granskning", audit.identifier),
    )


def the_audit(inputs: ReportInputs) -> Audit:
    """``inputs.audit`` by identifier, else the programme's only audit."""
    audits = Audit.objects.select_related("programme").prefetch_related(
        "strategic_areas",
        Prefetch(
            "recommendations",
            Recommendation.objects.prefetch_related(
                Prefetch("measures", Measure.objects.prefetch_related("actions"))
            ),
        ),
    )
    if inputs.audit:
        found = audits.filter(identifier=inputs.audit).first()
        if found is None:
            raise ReportInputError(
                "audit", f"Det finns ingen granskning {inputs.audit!r}; välj en av: {identifiers()}"
            )
        return found
    programme = the_programme(inputs)
    candidates = list(audits.filter(programme=programme)[:2])
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        message = f"Programmet {programme.name} har ingen granskning; välj en av: {identifiers()}"
    else:
        listed = ", ".join(
            Audit.objects.filter(programme=programme).values_list("identifier", flat=True)
        )
        message = f"Programmet {programme.name} har flera granskningar; välj en av: {listed}"
    raise ReportInputError("audit", message)


def identifiers() -> str:
    return ", ".join(Audit.objects.values_list("identifier", flat=True)) or "–"


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def about(audit: Audit) -> Facts:
    pairs = [("Granskning", audit.identifier), ("Rubrik", audit.title), ("År", str(audit.year))]
    if audit.auditor:
        pairs.append(("Granskare", audit.auditor))
    if audit.responded_by:
        pairs.append(("Svar från", audit.responded_by))
    if audit.responded_on:
        pairs.append(("Besvarad", format_date(audit.responded_on)))
    return Facts(tuple(pairs))


def paragraphs(text: str) -> tuple[Paragraph, ...]:
    """A stored text's paragraphs (separated by an empty line), each kept verbatim."""
    return tuple(Paragraph(part.strip()) for part in text.split("\n\n") if part.strip())


def linked_actions(measure: Measure) -> str:
    return "; ".join(f"{action.ref} {action.text}" for action in measure.actions.all()) or "–"


def recommendation_section(recommendation: Recommendation) -> Section:
    """``004``'s layout: the recommendation verbatim, "Svar:", the measures the board takes."""
    measures: list[Block] = []
    for measure in recommendation.measures.all():
        measures.append(Paragraph(measure.text))
        pairs = [
            ("Status", str(measure.get_status_display())),
            ("Handlingsplanens åtgärder", linked_actions(measure)),
        ]
        if measure.follow_up_comment:
            pairs.append(("Uppföljning", measure.follow_up_comment))
        measures.append(Facts(tuple(pairs)))
    if not measures:
        measures.append(Paragraph("Inga åtgärder är beslutade."))
    return Section(
        f"Rekommendation {recommendation.number}",
        (Paragraph(f"{recommendation.number}. {recommendation.text}", style="lead"),),
        (
            Section("Svar", paragraphs(recommendation.response) or (Paragraph("Ej besvarad."),)),
            Section("Regionstyrelsen vidtar följande åtgärder", tuple(measures)),
        ),
    )


def areas_section(audit: Audit) -> Section:
    names = tuple(area.name for area in audit.strategic_areas.all())
    if not names:
        return Section("Strategiska åtgärdsområden", (Paragraph("Inga åtgärdsområden angivna."),))
    return Section(
        "Strategiska åtgärdsområden",
        (
            Paragraph(
                "Förvaltningarna arbetar med åtgärder inom de strategiska åtgärdsområdena "
                "som svaret anger:"
            ),
            BulletList(names),
        ),
    )


def status_table(recommendations: list[Recommendation]) -> Table:
    """Every measure with its recommendation, status and linked actions."""
    rows = tuple(
        (
            str(recommendation.number),
            measure.text,
            str(measure.get_status_display()),
            linked_actions(measure),
            measure.follow_up_comment or "–",
        )
        for recommendation in recommendations
        for measure in recommendation.measures.all()
    )
    return Table(
        "Åtgärdernas status",
        (
            Column("Rekommendation"),
            Column("Åtgärd"),
            Column("Status"),
            Column("Handlingsplanens åtgärder"),
            Column("Kommentar"),
        ),
        rows,
    )
