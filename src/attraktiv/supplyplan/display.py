"""What the competence supply pages show, read from a run's stored result (pages.md,
"Competence supply"): the overview rows, one competence's charts and tables, a scenario
beside its base. Figures read the Swedish way (``−12,5 årsarbetare``, ``−8,0 %``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from attraktiv.core import charts
from attraktiv.formatting import format_number, format_percent
from attraktiv.supply.plan import MIN_PERSONS

# Years of the horizon the overview shows: the end of the short and of the long term.
SHORT_YEAR, LONG_YEAR = 3, 10

LEVER_LABELS = {
    "retirement_age_shift": "Senare pension",
    "mean_rate": "Mer heltid",
    "turnover_factor": "Lägre personalomsättning",
    "recruitment": "Rekrytering",
    "demand": "Efterfrågan",
    "interaction": "Samspel",
    "combined": "Sammantaget",
}


def fte_text(value: float | None) -> str:
    return format_number(value, 1)


def share_text(fraction: float | None) -> str:
    return format_percent(None if fraction is None else 100 * fraction, 1)


def year_row(group: dict[str, Any], offset: int) -> dict[str, Any] | None:
    """The group's path ``offset`` years after the base year (None past the horizon)."""
    years = group.get("years") or []
    return years[offset] if offset < len(years) else None


@dataclass(frozen=True)
class OverviewRow:
    group: str
    suppressed: bool
    fte_now: str
    demand_now: str
    gap_short: str
    rel_gap_short: str
    gap_long: str
    rel_gap_long: str
    shortage_short: bool | None
    shortage_long: bool | None
    sort_key: float
    flags: list[str]


def overview_rows(result: dict[str, Any]) -> list[OverviewRow]:
    """One row per competence, the largest year-10 shortfall first (pages.md)."""
    rows = []
    for group in result["groups"]:
        if group.get("suppressed"):
            rows.append(
                OverviewRow(
                    group["group"],
                    True,
                    "–",
                    "–",
                    "–",
                    "–",
                    "–",
                    "–",
                    None,
                    None,
                    float("inf"),
                    group.get("flags", []),
                )
            )
            continue
        now = year_row(group, 0) or {}
        short = year_row(group, SHORT_YEAR) or {}
        long = year_row(group, LONG_YEAR) or {}
        rows.append(
            OverviewRow(
                group=group["group"],
                suppressed=False,
                fte_now=fte_text(now.get("fte")),
                demand_now=fte_text(now.get("demand")),
                gap_short=fte_text(short.get("gap")),
                rel_gap_short=share_text(short.get("rel_gap")),
                gap_long=fte_text(long.get("gap")),
                rel_gap_long=share_text(long.get("rel_gap")),
                shortage_short=group.get("shortage_short"),
                shortage_long=group.get("shortage_long"),
                sort_key=float(long["gap"]) if long.get("gap") is not None else float("inf"),
                flags=group.get("flags", []),
            )
        )
    return sorted(rows, key=lambda row: (row.sort_key, row.group))


def find_group(result: dict[str, Any], name: str) -> dict[str, Any] | None:
    return next((group for group in result["groups"] if group["group"] == name), None)


def supply_demand_chart(group: dict[str, Any]) -> dict[str, str]:
    """Supply (FTE) and demand over the horizon, with the P10–P90 band of the supply."""
    spec, description = supply_demand_figure(group)
    return {"svg": charts.to_svg(spec), "description": description}


def supply_demand_figure(group: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """``supply_demand_chart``'s Vega-Lite spec and its text alternative (the web page and the
    board paper draw the same chart)."""
    points = [
        {"year": row["year"], "series": series, "value": row[key]}
        for row in group["years"]
        for series, key in (("Tillgång", "fte"), ("Efterfrågan", "demand"))
    ]
    bands = [
        {"year": row["year"], "low": low, "high": high}
        for row, low, high in zip(
            group["years"],
            group.get("p10", {}).get("fte", []),
            group.get("p90", {}).get("fte", []),
            strict=False,
        )
    ]
    spec = charts.band_chart(points, bands, unit_label="Årsarbetare")
    first, last = group["years"][0], group["years"][-1]
    description = _(
        "Supply of %(group)s goes from %(fte_first)s FTE in %(first)s to %(fte_last)s in "
        "%(last)s; demand from %(demand_first)s to %(demand_last)s."
    ) % {
        "group": group["group"],
        "fte_first": fte_text(first["fte"]),
        "first": first["year"],
        "fte_last": fte_text(last["fte"]),
        "last": last["year"],
        "demand_first": fte_text(first["demand"]),
        "demand_last": fte_text(last["demand"]),
    }
    return spec, description


def gap_chart(group: dict[str, Any]) -> dict[str, str]:
    """The gap (supply − demand) over the horizon with the P10–P90 band of the runs."""
    points = [{"year": row["year"], "series": "Gap", "value": row["gap"]} for row in group["years"]]
    bands = [
        {"year": row["year"], "low": low, "high": high}
        for row, low, high in zip(
            group["years"],
            group.get("p10", {}).get("gap", []),
            group.get("p90", {}).get("gap", []),
            strict=False,
        )
    ]
    svg = charts.to_svg(charts.band_chart(points, bands, unit_label="Årsarbetare"))
    described = "; ".join(f"{row['year']}: {fte_text(row['gap'])}" for row in group["years"])
    return {"svg": svg, "description": _("Gap by year: %(years)s.") % {"years": described}}


def pyramid_chart(group: dict[str, Any], fewer_than: int) -> dict[str, str] | None:
    """The age pyramid by gender of the stock, with suppressed cells left out; when every cell
    is suppressed (hr-data.md §3.7), a sentence that says why instead of an empty chart."""
    cells = group.get("pyramid") or []
    if not cells:
        return None
    if all(cell["suppressed"] for cell in cells):
        return {
            "message": _(
                "Every age group has fewer than %(persons)s persons, or would reveal one that "
                "has, and is not shown."
            )
            % {"persons": fewer_than}
        }
    rows = [
        {"age_group": cell["age_group"], "gender": cell["gender"], "persons": cell["persons"] or 0}
        for cell in cells
    ]
    svg = charts.to_svg(charts.pyramid_chart(rows))
    described = "; ".join(
        f"{cell['age_group']} {cell['gender'].lower()}: "
        + ("dolt" if cell["suppressed"] else str(cell["persons"]))
        for cell in cells
    )
    return {"svg": svg, "description": _("Age pyramid: %(cells)s.") % {"cells": described}}


def lever_chart(levers: list[dict[str, Any]]) -> dict[str, str] | None:
    """FTE each lever closes in year 3 and year 10, as grouped bars."""
    if not levers:
        return None
    spec, description = lever_figure(levers)
    return {"svg": charts.to_svg(spec), "description": description}


def lever_figure(levers: list[dict[str, Any]]) -> tuple[dict[str, Any], str]:
    """``lever_chart``'s Vega-Lite spec and its text alternative."""
    rows = [
        {
            "label": LEVER_LABELS.get(lever["lever"], lever["lever"]),
            "series": series,
            "value": lever[key],
        }
        for lever in levers
        for series, key in (("År 3", "year3"), ("År 10", "year10"))
    ]
    spec = charts.bar_chart(rows, unit_label="Årsarbetare")
    described = "; ".join(
        f"{LEVER_LABELS.get(lever['lever'], lever['lever'])}: {fte_text(lever['year3'])} år 3, "
        f"{fte_text(lever['year10'])} år 10"
        for lever in levers
    )
    return spec, _("FTE closed by lever: %(levers)s.") % {"levers": described}


def shortage_word(flag: bool | None) -> str:
    """A shortage flag as a word and symbol (never colour alone)."""
    if flag is None:
        return "–"
    return "Brist !" if flag else "Ingen brist"


@dataclass(frozen=True)
class ComparedGroup:
    group: str
    left_short: str
    left_long: str
    right_short: str
    right_long: str
    difference_long: str


def side_by_side(left: dict[str, Any] | None, right: dict[str, Any] | None) -> list[ComparedGroup]:
    """Two results' gaps in year 3 and year 10 per competence, and the year-10 difference."""
    if left is None and right is None:
        return []
    names = list(
        dict.fromkeys(
            group["group"]
            for result in (left, right)
            if result is not None
            for group in result["groups"]
        )
    )

    compared = []
    for name in sorted(names):
        left_long, right_long = gap_at(left, name, LONG_YEAR), gap_at(right, name, LONG_YEAR)
        difference = None if left_long is None or right_long is None else right_long - left_long
        compared.append(
            ComparedGroup(
                group=name,
                left_short=fte_text(gap_at(left, name, SHORT_YEAR)),
                left_long=fte_text(left_long),
                right_short=fte_text(gap_at(right, name, SHORT_YEAR)),
                right_long=fte_text(right_long),
                difference_long=fte_text(difference),
            )
        )
    return compared


def gap_at(result: dict[str, Any] | None, name: str, offset: int) -> float | None:
    """A competence's gap ``offset`` years after the base year in a result; None where the
    result lacks it or hides it (a small group, hr-data.md §3.7)."""
    group = find_group(result, name) if result is not None else None
    if group is None or group.get("suppressed"):
        return None
    row = year_row(group, offset)
    return None if row is None else row["gap"]


def lever_table(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The region's FTE closed per lever (summed over competences), year 3 and year 10."""
    totals: dict[str, dict[str, float]] = {}
    for group in result["groups"]:
        for lever in group.get("levers", []):
            total = totals.setdefault(lever["lever"], {"year3": 0.0, "year10": 0.0})
            total["year3"] += lever["year3"] or 0.0
            total["year10"] += lever["year10"] or 0.0
    return [{"lever": name, **values} for name, values in totals.items()]


def path_table(group: dict[str, Any]) -> list[dict[str, str]]:
    """The competence's path year by year, formatted: persons, FTE with P10 and P90, demand,
    gap, and exits split into retirements and other exits."""
    p10 = group.get("p10", {}).get("fte", [])
    p90 = group.get("p90", {}).get("fte", [])
    exits = {row["year"]: row for row in group.get("exits", [])}
    rows = []
    for index, row in enumerate(group["years"]):
        year_exits = exits.get(row["year"], {})
        rows.append(
            {
                "year": str(row["year"]),
                "headcount": format_number(row["headcount"], 0),
                "fte": fte_text(row["fte"]),
                "p10": fte_text(p10[index]) if index < len(p10) else "–",
                "p90": fte_text(p90[index]) if index < len(p90) else "–",
                "demand": fte_text(row["demand"]),
                "gap": fte_text(row["gap"]),
                "rel_gap": share_text(row["rel_gap"]),
                "retirements": fte_text(year_exits.get("retirements")),
                "other_exits": fte_text(year_exits.get("other")),
            }
        )
    return rows


def backtest_rows(group: dict[str, Any]) -> list[dict[str, str]]:
    """supply-plan.md §6: the projection from an earlier base year against the outcome."""
    backtest = group.get("backtest") or {}
    return [
        {
            "year": str(row["year"]),
            "projected": fte_text(row["projected"]),
            "actual": fte_text(row["actual"]),
            "error": fte_text(row["error"]),
        }
        for row in backtest.get("years", [])
    ]


def disagreement(shortage_short: bool | None, shortage_long: bool | None, external) -> str:
    """Issue 5, item 4: where our projection and Arbetsförmedlingen's judgement disagree,
    the plan says so. ``external`` is a ``forecasts.services.ExternalView`` (or None)."""
    if external is None or (shortage_long is None and shortage_short is None):
        return ""
    ours = bool(shortage_short or shortage_long)
    if external.is_shortage and not ours:
        return _("Arbetsförmedlingen judges a shortage; the plan projects none.")
    if ours and external.situation in ("balans", "överskott"):
        return _("The plan projects a shortage; Arbetsförmedlingen judges %(word)s.") % {
            "word": external.word.lower()
        }
    return ""


def fewer_than(plan: dict[str, Any]) -> int:
    """The smallest group a plan shows (hr-data.md §3.7): one more than its disclosure
    threshold, which runs computed before it was kept in the plan had at its default."""
    return int(plan.get("min_persons", MIN_PERSONS)) + 1
