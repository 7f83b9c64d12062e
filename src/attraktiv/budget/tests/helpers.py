"""The budget of seed ``000_…``: Regionplan 2018–2020, ten drawdowns for 2018, 26 900 Tkr."""

from __future__ import annotations

DECISION = "Ianspråktagande – Översyn av personal- och arbetsgivarpolitik"

# (area, initiated, initiative, Tkr) in the order of the decision (000_…, section 2).
SEED_DRAWDOWNS = [
    (
        "Medarbetarpolicy och organisationskultur",
        "2015",
        "Projektledning, kommunikation, filmer mm",
        1500,
    ),
    ("Övergripande kompetensförsörjning", "2015", "Marknadsplan, sociala medier, web mm", 3530),
    ("Övergripande kompetensförsörjning", "2015", "Auskultation mm utlandsutbildade", 1750),
    ("Övergripande kompetensförsörjning", "2016", "Kompetensutveckling med kommuner", 720),
    ("Övergripande kompetensförsörjning", "2017", "Kompetensförsörjningsstrategi, IT-stöd", 800),
    (
        "Övergripande kompetensförsörjning",
        "2016",
        "Chefsförsörjning, administrativ avlastning chefer, chefsprogram",
        1100,
    ),
    ("Optimerad kompetensbemanning", "2016", "Interna resurser, konsultstöd mm", 5215),
    ("Arbetsmiljö", "2016", "Kompetensväxling, utbildningsinsatser mm", 3000),
    ("Lönebildning", "Enligt lönestrategi", "Löneöversyn, förmåner IT-stöd mm", 8300),
    ("Nyckeltal och uppföljning", "2016", "Benchmarking, mätning mm", 985),
]
