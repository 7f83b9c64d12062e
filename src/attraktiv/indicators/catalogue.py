"""What each indicator is called and how its value reads (hr-data.md §3, Swedish first).

Names follow the region's documents and SKR/Kolada where an indicator has a Kolada twin.
``unit`` decides how a value is written (``attraktiv.core.formatting``): ``%`` with one
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

    @property
    def decimals(self) -> int:
        return {"%": 1, "år": 2, "antal": 0, "kr": 0, "årsarbetare": 1, "index": 1}[self.unit]


ENTRIES = [
    Entry("sick_leave_total", "Sjukfrånvaro totalt", "Total sick leave", "%", "3.1", True,
          "N60030"),
    Entry("sick_leave_long_share", "Andel långtidssjukfrånvaro (60 dagar eller mer)",
          "Share of sick leave in spells of 60 days or more", "%", "3.1", True, "N60031"),
    Entry("sick_leave_day1_14", "Korttidssjukfrånvaro dag 1–14", "Short-term sick leave, days 1–14",
          "%", "3.1", True),
    Entry("sick_leave_day15_59", "Sjukfrånvaro dag 15–59", "Sick leave, days 15–59", "%", "3.1",
          True),
    Entry("sick_leave_day60_plus", "Sjukfrånvaro dag 60 och mer", "Sick leave, day 60 onwards",
          "%", "3.1", True),
    Entry("full_time_employed_share", "Heltidsanställda", "Employed full time", "%", "3.2",
          kolada="N60074"),
    Entry("full_time_working_share", "Heltidsarbetande", "Working full time", "%", "3.2",
          kolada="N60077"),
    Entry("mean_actual_rate", "Genomsnittlig faktisk sysselsättningsgrad",
          "Mean actual employment rate", "%", "3.2", kolada="N60202"),
    Entry("retirement_age_mean", "Genomsnittlig pensionsålder", "Mean retirement age", "år",
          "3.3"),
    Entry("turnover_kolada", "Personalomsättning", "Staff turnover", "%", "3.3", True,
          "N60084"),
    Entry("new_hires_kolada", "Nyanställda", "New hires", "%", "3.3", kolada="N60083"),
    Entry("turnover_voluntary", "Frivillig personalomsättning", "Voluntary turnover", "%",
          "3.3", True),
    Entry("headcount", "Antal anställda", "Headcount", "antal", "3.3"),
    Entry("fte", "Årsarbetare", "Full-time equivalents", "årsarbetare", "3.3"),
    Entry("mean_age", "Medelålder", "Mean age", "år", "3.3"),
    Entry("low_stable_workplaces_share", "Arbetsplatser med låg och stabil sjukfrånvaro",
          "Workplaces with low and stable sick leave", "%", "3.4"),
    Entry("hme_motivation", "HME motivation", "HME motivation", "index", "3.5",
          kolada="U60201"),
    Entry("hme_leadership", "HME ledarskap", "HME leadership", "index", "3.5",
          kolada="U60202"),
    Entry("hme_governance", "HME styrning", "HME governance", "index", "3.5", kolada="U60203"),
    Entry("hme_total", "HME totalt", "HME total", "index", "3.5", kolada="U60200"),
    Entry("own_staff_hours_share", "Andel arbetad tid av egen personal",
          "Share of hours worked by own staff", "%", "3.6"),
    Entry("hired_cost_share", "Kostnad för inhyrd personal", "Cost of hired staff", "%", "3.6",
          True),
    Entry("sam_compliance_share", "Chefer med uppföljt systematiskt arbetsmiljöarbete",
          "Managers with followed-up work-environment management", "%", "3.6"),
    Entry("median_salary", "Medianlön", "Median salary", "kr", "3.6"),
    Entry("pay_ratio_women_men", "Kvinnors lön i procent av mäns", "Women's pay as a percentage "
          "of men's", "%", "3.6"),
]
CATALOGUE = {entry.kpi: entry for entry in ENTRIES}


def entry_for(kpi: str) -> Entry:
    """The catalogue entry, including §3.5's per-question survey indicators."""
    if kpi in CATALOGUE:
        return CATALOGUE[kpi]
    if kpi.startswith(SURVEY_INDEX_PREFIX):
        question = kpi.removeprefix(SURVEY_INDEX_PREFIX)
        return Entry(kpi, f"Enkätfråga {question}, index", f"Survey question {question}, index",
                     "index", "3.5")
    if kpi.startswith(SURVEY_AGREE_PREFIX):
        question = kpi.removeprefix(SURVEY_AGREE_PREFIX)
        return Entry(kpi, f"Enkätfråga {question}, andel instämmer",
                     f"Survey question {question}, share agreeing", "%", "3.5")
    raise KeyError(kpi)
