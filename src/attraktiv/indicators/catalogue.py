"""What each indicator is called and how its value reads (hr-data.md §3, Swedish first).

Names follow the region's documents and SKR/Kolada where an indicator has a Kolada twin.
``unit`` decides how a value is written (``attraktiv.formatting``): ``%`` with one
decimal, ``år`` with two, ``antal`` and ``kr`` whole, ``årsarbetare`` with one, ``index``
with one.
"""

from __future__ import annotations

import dataclasses

from attraktiv.indicators.definitions import SURVEY_AGREE_PREFIX, SURVEY_INDEX_PREFIX


@dataclasses.dataclass(frozen=True)
class Entry:
    kpi: str
    name_sv: str
    name_en: str
    unit: str  # %, år, antal, årsarbetare, kr, index
    section: str  # the hr-data.md section that defines it
    lower_is_better: bool = False
    kolada: str = ""
    definition_sv: str = ""

    @property
    def decimals(self) -> int:
        return {"%": 1, "år": 2, "antal": 0, "kr": 0, "årsarbetare": 1, "index": 1}[self.unit]


ENTRIES = [
    Entry(
        kpi="sick_leave_total",
        name_sv="Sjukfrånvaro totalt",
        name_en="Total sick leave",
        unit="%",
        section="3.1",
        lower_is_better=True,
        kolada="N60030",
        definition_sv=(
            "Sjukfrånvarotimmar i procent av ordinarie arbetstid under året. Ordinarie tid är"
            " veckoarbetstid/5 × sysselsättningsgrad per arbetsdag för månadsavlönade; "
            "timavlönade ingår inte."
        ),
    ),
    Entry(
        kpi="sick_leave_long_share",
        name_sv="Andel långtidssjukfrånvaro (60 dagar eller mer)",
        name_en="Share of sick leave in spells of 60 days or more",
        unit="%",
        section="3.1",
        lower_is_better=True,
        kolada="N60031",
        definition_sv=(
            "Andel av sjukfrånvarotimmarna som ingår i sjukperioder om 60 dagar eller mer "
            "(hela perioden räknas, även dag 1–59). Perioder med högst 5 dagars mellanrum "
            "räknas som samma sjukperiod."
        ),
    ),
    Entry(
        kpi="sick_leave_day1_14",
        name_sv="Korttidssjukfrånvaro dag 1–14",
        name_en="Short-term sick leave, days 1–14",
        unit="%",
        section="3.1",
        lower_is_better=True,
        definition_sv=(
            "Sjukfrånvarotimmar på sjukperiodens dag 1–14 i procent av ordinarie arbetstid. "
            "Återinsjuknande inom 5 dagar räknas som samma period."
        ),
    ),
    Entry(
        kpi="sick_leave_day15_59",
        name_sv="Sjukfrånvaro dag 15–59",
        name_en="Sick leave, days 15–59",
        unit="%",
        section="3.1",
        lower_is_better=True,
        definition_sv=(
            "Sjukfrånvarotimmar på sjukperiodens dag 15–59 i procent av ordinarie arbetstid."
        ),
    ),
    Entry(
        kpi="sick_leave_day60_plus",
        name_sv="Sjukfrånvaro dag 60 och mer",
        name_en="Sick leave, day 60 onwards",
        unit="%",
        section="3.1",
        lower_is_better=True,
        definition_sv=(
            "Sjukfrånvarotimmar från sjukperiodens dag 60 i procent av ordinarie arbetstid. "
            "De tre intervallen summerar till total sjukfrånvaro."
        ),
    ),
    Entry(
        kpi="full_time_employed_share",
        name_sv="Heltidsanställda",
        name_en="Employed full time",
        unit="%",
        section="3.2",
        kolada="N60074",
        definition_sv=(
            "Andel månadsavlönade med en sammanlagd sysselsättningsgrad om minst 100 % på "
            "mätdagen (30 november)."
        ),
    ),
    Entry(
        kpi="full_time_working_share",
        name_sv="Heltidsarbetande",
        name_en="Working full time",
        unit="%",
        section="3.2",
        kolada="N60077",
        definition_sv=(
            "Andel månadsavlönade som faktiskt arbetar heltid på mätdagen: "
            "sysselsättningsgrad minskad med föräldraledighet och tjänstledighet, bland dem "
            "som arbetar mer än 0 %."
        ),
    ),
    Entry(
        kpi="mean_actual_rate",
        name_sv="Genomsnittlig faktisk sysselsättningsgrad",
        name_en="Mean actual employment rate",
        unit="%",
        section="3.2",
        kolada="N60202",
        definition_sv=(
            "Genomsnittlig faktisk sysselsättningsgrad (efter föräldra- och tjänstledighet) "
            "på mätdagen, bland dem som arbetar mer än 0 %."
        ),
    ),
    Entry(
        kpi="retirement_age_mean",
        name_sv="Genomsnittlig pensionsålder",
        name_en="Mean retirement age",
        unit="år",
        section="3.3",
        definition_sv=(
            "Genomsnittlig exakt ålder vid avgång för dem vars sista anställning under året "
            "avslutades med ålderspension och som inte har någon anställning dagen efter."
        ),
    ),
    Entry(
        kpi="turnover_kolada",
        name_sv="Personalomsättning",
        name_en="Staff turnover",
        unit="%",
        section="3.3",
        lower_is_better=True,
        kolada="N60084",
        definition_sv=(
            "Andel av de tillsvidareanställda på förra årets mätdag som inte har någon "
            "anställning i regionen på årets mätdag. Byten inom regionen räknas inte."
        ),
    ),
    Entry(
        kpi="new_hires_kolada",
        name_sv="Nyanställda",
        name_en="New hires",
        unit="%",
        section="3.3",
        kolada="N60083",
        definition_sv=(
            "Tillsvidareanställda på årets mätdag som inte hade någon anställning på förra "
            "årets mätdag, i procent av förra årets tillsvidareanställda."
        ),
    ),
    Entry(
        kpi="turnover_voluntary",
        name_sv="Frivillig personalomsättning",
        name_en="Voluntary turnover",
        unit="%",
        section="3.3",
        lower_is_better=True,
        definition_sv=(
            "Tillsvidareanställda som slutat på egen begäran under året, i procent av "
            "medelvärdet av antalet tillsvidareanställda på förra och årets mätdag."
        ),
    ),
    Entry(
        kpi="headcount",
        name_sv="Antal anställda",
        name_en="Headcount",
        unit="antal",
        section="3.3",
        definition_sv=(
            "Antal personer med en pågående månadsavlönad anställning på mätdagen (30 "
            "november), inklusive tjänstlediga."
        ),
    ),
    Entry(
        kpi="fte",
        name_sv="Årsarbetare",
        name_en="Full-time equivalents",
        unit="årsarbetare",
        section="3.3",
        definition_sv=(
            "Summan av de anställdas faktiska sysselsättningsgrader på mätdagen, i heltidstjänster."
        ),
    ),
    Entry(
        kpi="mean_age",
        name_sv="Medelålder",
        name_en="Mean age",
        unit="år",
        section="3.3",
        definition_sv=("Medelåldern (exakt ålder) på mätdagen för de anställda."),
    ),
    Entry(
        kpi="low_stable_workplaces_share",
        name_sv="Arbetsplatser med låg och stabil sjukfrånvaro",
        name_en="Workplaces with low and stable sick leave",
        unit="%",
        section="3.4",
        definition_sv=(
            "Andel arbetsplatser (enheter utan underenheter) med minst 5 personer varje år "
            "som haft total sjukfrånvaro under 4 % tre år i rad."
        ),
    ),
    Entry(
        kpi="hme_motivation",
        name_sv="HME motivation",
        name_en="HME motivation",
        unit="index",
        section="3.5",
        kolada="U60201",
        definition_sv=(
            "Medelvärdet av frågorna HME1–HME3 (motivation) i medarbetarenkäten, skala 0–100."
        ),
    ),
    Entry(
        kpi="hme_leadership",
        name_sv="HME ledarskap",
        name_en="HME leadership",
        unit="index",
        section="3.5",
        kolada="U60202",
        definition_sv=(
            "Medelvärdet av frågorna HME4–HME6 (ledarskap) i medarbetarenkäten, skala 0–100."
        ),
    ),
    Entry(
        kpi="hme_governance",
        name_sv="HME styrning",
        name_en="HME governance",
        unit="index",
        section="3.5",
        kolada="U60203",
        definition_sv=(
            "Medelvärdet av frågorna HME7–HME9 (styrning) i medarbetarenkäten, skala 0–100."
        ),
    ),
    Entry(
        kpi="hme_total",
        name_sv="HME totalt",
        name_en="HME total",
        unit="index",
        section="3.5",
        kolada="U60200",
        definition_sv=("Medelvärdet av de nio HME-frågorna i medarbetarenkäten, skala 0–100."),
    ),
    Entry(
        kpi="own_staff_hours_share",
        name_sv="Andel arbetad tid av egen personal",
        name_en="Share of hours worked by own staff",
        unit="%",
        section="3.6",
        definition_sv=(
            "Egen personals arbetade timmar i procent av all arbetad tid, inklusive inhyrd "
            "personal."
        ),
    ),
    Entry(
        kpi="hired_cost_share",
        name_sv="Kostnad för inhyrd personal",
        name_en="Cost of hired staff",
        unit="%",
        section="3.6",
        lower_is_better=True,
        definition_sv=("Kostnaden för inhyrd personal i procent av kostnaden för egen personal."),
    ),
    Entry(
        kpi="sam_compliance_share",
        name_sv="Chefer med uppföljt systematiskt arbetsmiljöarbete",
        name_en="Managers with followed-up work-environment management",
        unit="%",
        section="3.6",
        definition_sv=(
            "Andel chefer vars systematiska arbetsmiljöarbete följts upp med godkänt resultat"
            " under året."
        ),
    ),
    Entry(
        kpi="median_salary",
        name_sv="Medianlön",
        name_en="Median salary",
        unit="kr",
        section="3.6",
        definition_sv=(
            "Medianen av senaste månadslön (heltidslön) på mätdagen bland de anställda."
        ),
    ),
    Entry(
        kpi="pay_ratio_women_men",
        name_sv="Kvinnors lön i procent av mäns",
        name_en="Women's pay as a percentage of men's",
        unit="%",
        section="3.6",
        definition_sv=("Kvinnors medianlön i procent av mäns medianlön."),
    ),
]
CATALOGUE = {entry.kpi: entry for entry in ENTRIES}


def question_name(question: str) -> str:
    """A survey question's code as the words it is made of (hr-data.md §1 gives surveys a
    code, no text): ``ARBETSBELASTNING`` → ``Arbetsbelastning``, ``CHEF_FORUTSATTNINGAR`` →
    ``Chef forutsattningar``."""
    words = question.replace("_", " ").strip().lower()
    return words[:1].upper() + words[1:]


def entry_for(kpi: str) -> Entry:
    """The catalogue entry, including §3.5's per-question survey indicators."""
    if kpi in CATALOGUE:
        return CATALOGUE[kpi]
    if kpi.startswith(SURVEY_INDEX_PREFIX):
        question = kpi.removeprefix(SURVEY_INDEX_PREFIX)
        return Entry(
            kpi,
            f"Enkätfrågan {question_name(question)}, index",
            f"Survey question {question}, index",
            "index",
            "3.5",
        )
    if kpi.startswith(SURVEY_AGREE_PREFIX):
        question = kpi.removeprefix(SURVEY_AGREE_PREFIX)
        return Entry(
            kpi,
            f"Enkätfrågan {question_name(question)}, andel instämmer",
            f"Survey question {question}, share agreeing",
            "%",
            "3.5",
        )
    raise KeyError(kpi)
