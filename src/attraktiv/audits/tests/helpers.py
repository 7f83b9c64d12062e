"""Audit 7/2022 of seed ``004_…``: four recommendations, each with the board's response and a
measure, and the eight strategic action areas of the competence supply strategy."""

from __future__ import annotations

SEED_AREAS = [
    "Behålla, utveckla och attrahera",
    "Arbetsmiljö och arbetssätt",
    "Löner och villkor",
    "Ledarskap och medarbetarskap",
    "Ledning och styrning",
    "Forskning och utbildning",
    "Bemanning och arbetstider",
    "Seniora medarbetare",
]

FOLLOW_PLAN = (
    "Vidta åtgärder för att säkerställa och följa upp att beslutade åtgärder i "
    "kompetensförsörjningsstrategin genomförs i enligt plan."
)

# (recommendation, the start of the board's response, the measure it decides)
SEED_RECOMMENDATIONS = [
    (
        "Tydliggör ansvar och roller i det strategiska arbetet med personal- och "
        "kompetensförsörjningen.",
        "Varje chef med personalansvar inom Hälso- och sjukvården ansvarar för "
        "kompetensförsörjning för sin enhet på både kort och lång sikt.",
        FOLLOW_PLAN,
    ),
    (
        "Säkerställ att HR-stödets inriktning och omfattning svarar mot verksamheternas behov.",
        "HR-staben i Region Västerbotten har i uppdrag att både strategiskt och operativt "
        "stödja och utveckla organisationens verksamheter.",
        "Regionstyrelsens förvaltning och dess centrala HR-stab har att förhålla sig till den "
        "budget som tilldelas staben.",
    ),
    (
        "Stärk styrningen och kontrollen över regionens strategiska personal- och "
        "kompetensförsörjning.",
        "I arbetet med strategisk personal- och kompetensförsörjning så bör förvaltningarna "
        "arbeta aktivt med åtgärder/aktiviteter inom de strategiska åtgärdsområdena.",
        FOLLOW_PLAN,
    ),
    (
        "Säkerställ att arbetet med kompetensförsörjning analyseras och utvärderas fortlöpande.",
        "För att kunna utvärdera och förbättra det strategiska arbetet med personal- och "
        "kompetensförsörjning är det viktigt att regelbundet följa upp och utvärdera insatserna.",
        FOLLOW_PLAN,
    ),
]
