"""Programmes as data: the programme file format of ``docs/programme-format.md`` (issue 4, item 9).

``read_programme_file`` parses a YAML or JSON file (JSON is read by the same YAML parser, so
both report lines), checks every rule of the format and returns a ``ProgrammeFile``, or
raises ``PlanFileError`` listing every problem as ``file:line: place: message``.
``store_programme`` then stores it in one transaction, so a bad file stores nothing.
``export_programme`` writes a stored programme back in the same format; a round trip gives
the same file.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from attraktiv.actionplans.models import (
    Action,
    ActionPlan,
    ActionStatus,
    Aruba,
    PlanVersion,
    Reschedule,
    ResponsibleParty,
)
from attraktiv.auditlog.models import Action as AuditAction
from attraktiv.auditlog.services import record
from attraktiv.audits.models import Audit, Measure, MeasureStatus, Recommendation, StrategicArea
from attraktiv.budget.models import Allocation, Drawdown
from attraktiv.followups.models import (
    ActionReport,
    FollowUpRound,
    GoalAssessment,
    RoundKind,
    UnitCompletion,
)
from attraktiv.hrdata.issues import quote
from attraktiv.indicators.catalogue import entry_for
from attraktiv.indicators.params import ParameterError, variant_params
from attraktiv.organisation.models import Unit
from attraktiv.programmes.models import (
    Area,
    Direction,
    Gender,
    Goal,
    GoalStatus,
    Indicator,
    ManualValue,
    MeasureUnit,
    Programme,
    Source,
    SurveyMeasure,
    Target,
)

FORMAT = "attraktiv-programme/1"
TOP = "fil"
"""The place of a problem with the file as a whole (its top-level keys, its syntax)."""
BREAKDOWN_DIMENSIONS = ("gender", "age_group", "occupation_group", "role")


class PlanFileError(Exception):
    """A programme file that breaks the format; ``problems`` are ``file:line: place: message``."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


# ---- reading with line numbers -------------------------------------------------------------

_YAML_PROBLEMS = (
    (
        "mapping values are not allowed",
        "kolon på fel ställe (skriv text med kolon inom citattecken)",
    ),
    ("could not find expected ':'", "kolon saknas efter en nyckel"),
    ("found character '\\t'", "tabbtecken får inte användas för indrag (använd mellanslag)"),
    ("expected <block end>", "fel indrag"),
    ("did not find expected key", "fel indrag eller en nyckel utan värde"),
    ("found unexpected end of stream", "texten avslutas inte med citattecken"),
    ("found duplicate anchor", "samma ankare finns två gånger"),
    ("expected ',' or ']'", "listan avslutas inte med ]"),
    ("expected the node content", "här ska ett värde stå; kontrollera att varje [ och { avslutas"),
    ("expected ',' or '}'", "samlingen avslutas inte med }"),
)


def yaml_problem(problem: str) -> str:
    """PyYAML's (English) problem in Swedish, for the common ones; the rest in general terms."""
    return next(
        (sv for en, sv in _YAML_PROBLEMS if problem.startswith(en)), "otillåtet tecken eller indrag"
    )


class LineDict(dict):
    """A mapping that remembers the line of itself and of each key."""

    line: int = 0
    key_lines: dict[str, int]


class LineList(list):
    line: int = 0
    item_lines: list[int]


class LineLoader(yaml.SafeLoader):
    """PyYAML's safe loader, keeping 1-based line numbers (a text editor's)."""

    def construct_mapping(self, node, deep=False):
        mapping = LineDict(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {
            str(self.construct_object(key, deep=True)): key.start_mark.line + 1
            for key, _value in node.value
        }
        return mapping

    def construct_sequence(self, node, deep=False):
        items = LineList(super().construct_sequence(node, deep=True))
        items.line = node.start_mark.line + 1
        items.item_lines = [child.start_mark.line + 1 for child in node.value]
        return items


LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, LineLoader.construct_mapping
)
LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, LineLoader.construct_sequence
)


@dataclass
class Checker:
    """Collects the problems of one file, each with its line and place in the document."""

    filename: str
    problems: list[str] = field(default_factory=list)

    def problem(self, line: int, place: str, message: str) -> None:
        self.problems.append(f"{self.filename}:{line}: {place}: {message}")

    def mapping(self, value: Any, line: int, place: str) -> LineDict:
        if isinstance(value, LineDict):
            return value
        self.problem(line, place, "ska vara en samling nyckel: värde")
        return LineDict()

    def items(self, parent: LineDict, key: str, place: str) -> list[tuple[int, LineDict, str]]:
        """The mappings of list ``key`` (missing means empty), with their lines and places."""
        value = parent.get(key)
        if value is None:
            return []
        line = line_of(parent, key)
        if not isinstance(value, LineList):
            self.problem(line, f"{place}.{key}", "ska vara en lista")
            return []
        result = []
        prefix = "" if place == TOP else f"{place}."
        for index, item in enumerate(value):
            item_place = f"{prefix}{key}[{index + 1}]"
            result.append(
                (
                    value.item_lines[index],
                    self.mapping(item, value.item_lines[index], item_place),
                    item_place,
                )
            )
        return result

    def text(
        self, parent: LineDict, key: str, place: str, *, required=True, max_length=None
    ) -> str:
        value = parent.get(key)
        if value is None or value == "":
            if required:
                self.problem(parent.line, place, f"{key} måste anges")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problem(line_of(parent, key), f"{place}.{key}", "ska vara text")
            return ""
        text = str(value).strip()
        if max_length and len(text) > max_length:
            self.problem(line_of(parent, key), f"{place}.{key}", f"längre än {max_length} tecken")
        return text

    def year(self, parent: LineDict, key: str, place: str, *, required=True) -> int | None:
        value = parent.get(key)
        if value is None:
            if required:
                self.problem(parent.line, place, f"{key} måste anges")
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2100:
            self.problem(
                line_of(parent, key),
                f"{place}.{key}",
                f"ska vara ett år 1900–2100, inte {quote(value)}",
            )
            return None
        return value

    def count(self, parent: LineDict, key: str, place: str) -> int | None:
        """An optional whole number of at least 1 (a version's number)."""
        value = parent.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.problem(
                line_of(parent, key),
                f"{place}.{key}",
                f"ska vara ett heltal från 1, inte {quote(value)}",
            )
            return None
        return value

    def number(self, parent: LineDict, key: str, place: str, *, required=True) -> Decimal | None:
        value = parent.get(key)
        if value is None:
            if required:
                self.problem(parent.line, place, f"{key} måste anges")
            return None
        return self.decimal(value, line_of(parent, key), f"{place}.{key}")

    def decimal(self, value: Any, line: int, place: str) -> Decimal | None:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.problem(line, place, f"ska vara ett tal, inte {quote(value)}")
            return None
        try:
            number = Decimal(str(value).replace(",", ".").replace(" ", ""))
        except InvalidOperation:
            self.problem(line, place, f"ska vara ett tal, inte {quote(value)}")
            return None
        if not number.is_finite():
            self.problem(line, place, f"ska vara ett tal, inte {quote(value)}")
            return None
        return number

    def date(self, parent: LineDict, key: str, place: str) -> datetime.date | None:
        value = parent.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            self.problem(
                line_of(parent, key),
                f"{place}.{key}",
                f"ska vara ett datum ÅÅÅÅ-MM-DD, inte {quote(value)}",
            )
            return None

    def choice(self, parent: LineDict, key: str, place: str, choices, *, default="") -> str:
        value = parent.get(key)
        if value is None or value == "":
            return default
        if value not in choices.values:
            allowed = ", ".join(v for v in choices.values if v)
            self.problem(
                line_of(parent, key), f"{place}.{key}", f"{quote(value)} är inte ett av: {allowed}"
            )
            return default
        return str(value)

    def flag(self, parent: LineDict, key: str, place: str, *, default: bool) -> bool:
        value = parent.get(key, default)
        if not isinstance(value, bool):
            self.problem(line_of(parent, key), f"{place}.{key}", "ska vara true eller false")
            return default
        return value

    def strings(self, parent: LineDict, key: str, place: str) -> list[str]:
        value = parent.get(key)
        if value is None:
            return []
        if not isinstance(value, LineList) or not all(isinstance(v, str | int) for v in value):
            self.problem(line_of(parent, key), f"{place}.{key}", "ska vara en lista av texter")
            return []
        return [str(v) for v in value]

    def unknown_keys(self, mapping: LineDict, allowed: set[str], place: str) -> None:
        for key in mapping:
            if key not in allowed:
                self.problem(line_of(mapping, key), place, f"okänd nyckel {quote(key)}")


def line_of(mapping: LineDict, key: str) -> int:
    return getattr(mapping, "key_lines", {}).get(key, getattr(mapping, "line", 0))


# ---- the checked content --------------------------------------------------------------------


@dataclass
class ProgrammeFile:
    """A checked programme file: plain dicts ready to store, and where each part came from."""

    programme: dict[str, Any]
    responsible: list[dict[str, Any]]
    areas: list[dict[str, Any]]
    action_plan: dict[str, Any]
    allocations: list[dict[str, Any]]
    audits: list[dict[str, Any]]
    follow_ups: list[dict[str, Any]]


PROGRAMME_KEYS = {
    "code",
    "name",
    "first_year",
    "last_year",
    "target_year",
    "description",
    "decided_by",
    "decided_on",
    "diarienummer",
}
INDICATOR_KEYS = {
    "ref",
    "name",
    "unit",
    "decimals",
    "direction",
    "baseline",
    "targets",
    "source",
    "gender_split",
    "not_measured_note",
    "measured_for",
    "values",
    "latest",
}
TOP_KEYS = {
    "format",
    "programme",
    "responsible",
    "areas",
    "action_plan",
    "budget",
    "audits",
    "follow_ups",
}


def read_programme_file(path: Path, *, replace: bool = False) -> ProgrammeFile:
    """Parse and check a programme file; ``PlanFileError`` names every problem's line.

    With ``replace``, a stored programme with the same code (and its audits) will be
    replaced; otherwise that is an error.
    """
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        line = error.object.count(b"\n", 0, error.start) + 1
        raise PlanFileError(
            [f"{name}:{line}: {TOP}: filen är inte UTF-8-text; spara den som UTF-8"]
        ) from None
    try:
        document = yaml.load(text, Loader=LineLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problem = yaml_problem(getattr(error, "problem", None) or str(error))
        raise PlanFileError(
            [f"{name}:{line}: {TOP}: filen är inte giltig YAML eller JSON: {problem}"]
        ) from None
    check = Checker(name)
    root = check.mapping(document, 1, TOP)
    if root.get("format") != FORMAT:
        check.problem(line_of(root, "format"), "format", f"ska vara format: {FORMAT}")
    check.unknown_keys(root, TOP_KEYS, TOP)
    programme = read_programme(
        check, check.mapping(root.get("programme"), line_of(root, "programme"), "programme")
    )
    responsible = read_responsible(check, root)
    areas = read_areas(check, root)
    goal_refs = {goal["ref"] for area in areas for goal in area["goals"]}
    action_plan = read_action_plan(check, root, goal_refs, {p["code"] for p in responsible})
    action_refs = {action["ref"] for action in action_plan.get("actions", [])}
    allocations = read_budget(check, root, goal_refs)
    replaced = programme.get("code", "") if replace else ""
    audits = read_audits(check, root, action_refs, replaced)
    follow_ups = read_follow_ups(check, root, goal_refs, action_refs)
    if programme.get("code") and not replace and not check.problems:
        existing = Programme.objects.filter(code=programme["code"]).exists()
        if existing:
            check.problem(
                line_of(root, "programme"),
                "programme.code",
                f"ett program med koden {quote(programme['code'])} finns redan",
            )
    if check.problems:
        raise PlanFileError(check.problems)
    return ProgrammeFile(
        programme, responsible, areas, action_plan, allocations, audits, follow_ups
    )


def read_programme(check: Checker, node: LineDict) -> dict[str, Any]:
    place = "programme"
    check.unknown_keys(node, PROGRAMME_KEYS, place)
    result: dict[str, Any] = {
        "code": check.text(node, "code", place, max_length=64),
        "name": check.text(node, "name", place, max_length=300),
        "first_year": check.year(node, "first_year", place),
        "last_year": check.year(node, "last_year", place),
        "target_year": check.year(node, "target_year", place, required=False),
        "description": check.text(node, "description", place, required=False),
        "decided_by": check.text(node, "decided_by", place, required=False, max_length=200),
        "decided_on": check.date(node, "decided_on", place),
        "diarienummer": check.text(node, "diarienummer", place, required=False, max_length=64),
    }
    if result["first_year"] and result["last_year"] and result["first_year"] > result["last_year"]:
        check.problem(line_of(node, "last_year"), f"{place}.last_year", "ligger före first_year")
    return result


def read_responsible(check: Checker, root: LineDict) -> list[dict[str, Any]]:
    parties = []
    known_units = set(Unit.objects.values_list("unit_id", flat=True))
    for line, node, place in check.items(root, "responsible", TOP):
        check.unknown_keys(node, {"code", "name", "units"}, place)
        units = check.strings(node, "units", place)
        for unit_id in units:
            if unit_id not in known_units:
                check.problem(
                    line_of(node, "units"),
                    f"{place}.units",
                    f"enheten {quote(unit_id)} finns inte i organisationsträdet",
                )
        parties.append(
            {
                "code": check.text(node, "code", place, max_length=32),
                "name": check.text(node, "name", place, max_length=200),
                "units": units,
                "line": line,
            }
        )
    duplicates(check, parties, "code", "responsible")
    return parties


def duplicates(check: Checker, items: list[dict[str, Any]], key: str, what: str) -> None:
    seen: set[Any] = set()
    for item in items:
        if item[key] in seen:
            check.problem(item["line"], what, f"{key} {quote(item[key])} förekommer två gånger")
        seen.add(item[key])


def read_areas(check: Checker, root: LineDict) -> list[dict[str, Any]]:
    areas = []
    all_goals: list[dict[str, Any]] = []
    all_indicators: list[dict[str, Any]] = []
    for line, node, place in check.items(root, "areas", TOP):
        check.unknown_keys(node, {"name", "description", "goals"}, place)
        goals = []
        for goal_line, goal_node, goal_place in check.items(node, "goals", place):
            check.unknown_keys(
                goal_node,
                {"ref", "text", "indicators", "status_override", "override_reason"},
                goal_place,
            )
            goal: dict[str, Any] = {
                "ref": check.text(goal_node, "ref", goal_place, max_length=32),
                "text": check.text(goal_node, "text", goal_place),
                "status_override": check.choice(
                    goal_node, "status_override", goal_place, GoalStatus
                ),
                "override_reason": check.text(
                    goal_node, "override_reason", goal_place, required=False
                ),
                "indicators": [
                    read_indicator(check, *item)
                    for item in check.items(goal_node, "indicators", goal_place)
                ],
                "line": goal_line,
            }
            if goal["status_override"] and not goal["override_reason"]:
                check.problem(goal_line, goal_place, "status_override kräver override_reason")
            goals.append(goal)
            all_indicators.extend(goal["indicators"])
        all_goals.extend(goals)
        areas.append(
            {
                "name": check.text(node, "name", place, max_length=200),
                "description": check.text(node, "description", place, required=False),
                "goals": goals,
                "line": line,
            }
        )
    duplicates(check, areas, "name", "area")
    duplicates(check, all_goals, "ref", "goal")
    duplicates(check, all_indicators, "ref", "indicator")
    return areas


def read_indicator(check: Checker, line: int, node: LineDict, place: str) -> dict[str, Any]:
    check.unknown_keys(node, INDICATOR_KEYS, place)
    baseline = check.mapping(
        node.get("baseline", LineDict()), line_of(node, "baseline"), f"{place}.baseline"
    )
    check.unknown_keys(baseline, {"value", "date"}, f"{place}.baseline")
    source = check.mapping(node.get("source"), line_of(node, "source"), f"{place}.source")
    result = {
        "ref": check.text(node, "ref", place, max_length=32),
        "name": check.text(node, "name", place, max_length=300),
        "measure_unit": check.choice(node, "unit", place, MeasureUnit),
        "decimals": node.get("decimals", 1),
        "direction": check.choice(node, "direction", place, Direction),
        "baseline_value": check.number(baseline, "value", f"{place}.baseline", required=False),
        "baseline_date": check.date(baseline, "date", f"{place}.baseline"),
        "gender_split": check.flag(node, "gender_split", place, default=True),
        "not_measured_note": check.text(
            node, "not_measured_note", place, required=False, max_length=200
        ),
        "unit_id": check.text(node, "measured_for", place, required=False),
        "targets": read_targets(check, node, place),
        "values": read_values(check, node, place),
        "line": line,
        **read_source(check, source, f"{place}.source"),
    }
    if "unit" not in node:
        check.problem(line, place, "unit måste anges: något av " + ", ".join(MeasureUnit.values))
    if "direction" not in node:
        check.problem(line, place, "direction måste anges: up eller down")
    if not isinstance(result["decimals"], int) or not 0 <= result["decimals"] <= 4:
        check.problem(line_of(node, "decimals"), f"{place}.decimals", "ska vara 0 till 4")
    if (result["baseline_value"] is None) != (result["baseline_date"] is None):
        check.problem(
            line_of(node, "baseline"), f"{place}.baseline", "ange både value och date, eller ingen"
        )
    if result["unit_id"] and not Unit.objects.filter(unit_id=result["unit_id"]).exists():
        check.problem(
            line_of(node, "measured_for"),
            f"{place}.measured_for",
            f"enheten {quote(result['unit_id'])} finns inte i organisationsträdet",
        )
    if result["values"] and result["source"] in (Source.ENGINE, Source.SURVEY):
        check.problem(
            line_of(node, "values"),
            f"{place}.values",
            "values anges bara för nyckeltal som inte beräknas",
        )
    return result


def read_targets(check: Checker, node: LineDict, place: str) -> dict[int, Decimal]:
    targets = node.get("targets")
    if targets is None:
        return {}
    mapping = check.mapping(targets, line_of(node, "targets"), f"{place}.targets")
    result = {}
    for year, value in mapping.items():
        line = line_of(mapping, str(year))
        if isinstance(year, str) and year.isdigit():
            year = int(year)  # JSON writes keys as text
        if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100:
            check.problem(line, f"{place}.targets", f"nyckeln ska vara ett år, inte {quote(year)}")
            continue
        number = check.decimal(value, line, f"{place}.targets.{year}")
        if number is not None:
            result[year] = number
    return result


def read_values(check: Checker, node: LineDict, place: str) -> list[dict[str, Any]]:
    values = []
    for line, item, item_place in check.items(node, "values", place):
        check.unknown_keys(item, {"year", "gender", "value", "comment"}, item_place)
        values.append(
            {
                "year": check.year(item, "year", item_place),
                "gender": check.choice(item, "gender", item_place, Gender),
                "value": check.number(item, "value", item_place),
                "comment": check.text(item, "comment", item_place, required=False, max_length=300),
                "line": line,
            }
        )
    return values


def read_source(check: Checker, node: LineDict, place: str) -> dict[str, Any]:
    check.unknown_keys(node, {"kind", "kpi", "params", "breakdown", "question", "measure"}, place)
    kind = check.choice(node, "kind", place, Source)
    if not kind:
        check.problem(node.line, place, "kind måste anges: " + ", ".join(Source.values))
    kpi = check.text(node, "kpi", place, required=kind == Source.ENGINE)
    if kind == Source.ENGINE and kpi:
        try:
            entry_for(kpi)
        except KeyError:
            check.problem(
                line_of(node, "kpi"),
                f"{place}.kpi",
                f"{quote(kpi)} är inget nyckeltal i hr-data.md §3",
            )
    params = check.mapping(
        node.get("params", LineDict()), line_of(node, "params"), f"{place}.params"
    )
    try:
        checked_params = variant_params(params)
    except ParameterError as error:
        check.problem(line_of(node, "params"), f"{place}.params", str(error))
        checked_params = {}
    breakdown = check.mapping(
        node.get("breakdown", LineDict()), line_of(node, "breakdown"), f"{place}.breakdown"
    )
    for dimension in breakdown:
        if dimension not in BREAKDOWN_DIMENSIONS:
            check.problem(
                line_of(breakdown, dimension),
                f"{place}.breakdown",
                f"{quote(dimension)} är inte ett av: " + ", ".join(BREAKDOWN_DIMENSIONS),
            )
    question = check.text(node, "question", place, required=kind == Source.SURVEY, max_length=64)
    measure = check.choice(
        node,
        "measure",
        place,
        SurveyMeasure,
        default=SurveyMeasure.INDEX if kind == Source.SURVEY else "",
    )
    return {
        "source": kind,
        "kpi": kpi if kind == Source.ENGINE else "",
        "kpi_params": checked_params,
        "breakdown": {k: str(v) for k, v in breakdown.items()},
        "survey_question": question if kind == Source.SURVEY else "",
        "survey_measure": measure if kind == Source.SURVEY else "",
    }


def read_action_plan(
    check: Checker, root: LineDict, goal_refs: set[str], party_codes: set[str]
) -> dict[str, Any]:
    node = root.get("action_plan")
    if node is None:
        return {}
    plan = check.mapping(node, line_of(root, "action_plan"), "action_plan")
    check.unknown_keys(plan, {"name", "actions", "versions"}, "action_plan")
    actions = []
    for line, item, place in check.items(plan, "actions", "action_plan"):
        check.unknown_keys(
            item,
            {
                "ref",
                "goal",
                "text",
                "responsible",
                "planned_year",
                "status",
                "aruba",
                "reschedules",
            },
            place,
        )
        goal = check.text(item, "goal", place)
        if goal and goal not in goal_refs:
            check.problem(
                line_of(item, "goal"), f"{place}.goal", f"inget mål har ref {quote(goal)}"
            )
        responsible = check.strings(item, "responsible", place)
        for code in responsible:
            if code not in party_codes:
                check.problem(
                    line_of(item, "responsible"),
                    f"{place}.responsible",
                    f"{quote(code)} finns inte under responsible",
                )
        if not responsible:
            check.problem(line, place, "responsible behöver minst en part")
        reschedules = []
        for _r_line, r_item, r_place in check.items(item, "reschedules", place):
            check.unknown_keys(r_item, {"from", "to", "reason", "decided_on"}, r_place)
            reschedules.append(
                {
                    "old_year": check.year(r_item, "from", r_place),
                    "new_year": check.year(r_item, "to", r_place),
                    "reason": check.text(r_item, "reason", r_place),
                    "decided_on": check.date(r_item, "decided_on", r_place),
                }
            )
        actions.append(
            {
                "ref": check.text(item, "ref", place, max_length=32),
                "goal": goal,
                "text": check.text(item, "text", place),
                "responsible": responsible,
                "planned_year": check.year(item, "planned_year", place),
                "status": check.choice(
                    item, "status", place, ActionStatus, default=ActionStatus.NOT_STARTED
                ),
                "aruba": check.choice(item, "aruba", place, Aruba),
                "reschedules": reschedules,
                "line": line,
            }
        )
    duplicates(check, actions, "ref", "action")
    versions: list[dict[str, Any]] = []
    for line, item, place in check.items(plan, "versions", "action_plan"):
        check.unknown_keys(
            item, {"number", "year", "approved_on", "decision", "diarienummer", "snapshot"}, place
        )
        approved_on = check.date(item, "approved_on", place)
        if approved_on is None:
            check.problem(line, place, "approved_on måste anges")
        versions.append(
            {
                "number": check.count(item, "number", place) or len(versions) + 1,
                "year": check.year(item, "year", place),
                "approved_on": approved_on,
                "decision": check.text(item, "decision", place, max_length=300),
                "diarienummer": check.text(
                    item, "diarienummer", place, required=False, max_length=64
                ),
                "snapshot": plain(item.get("snapshot") or {}),
            }
        )
    return {
        "name": check.text(plan, "name", "action_plan", max_length=300),
        "actions": actions,
        "versions": versions,
    }


def read_budget(check: Checker, root: LineDict, goal_refs: set[str]) -> list[dict[str, Any]]:
    allocations = []
    for _line, node, place in check.items(root, "budget", TOP):
        check.unknown_keys(
            node, {"allocation", "first_year", "last_year", "amount_tkr", "drawdowns"}, place
        )
        drawdowns = []
        for _d_line, item, d_place in check.items(node, "drawdowns", place):
            check.unknown_keys(
                item,
                {
                    "area",
                    "initiative",
                    "initiated",
                    "year",
                    "amount_tkr",
                    "outcome_tkr",
                    "decision",
                    "decided_on",
                    "goals",
                },
                d_place,
            )
            goals = check.strings(item, "goals", d_place)
            for ref in goals:
                if ref not in goal_refs:
                    check.problem(
                        line_of(item, "goals"),
                        f"{d_place}.goals",
                        f"inget mål har ref {quote(ref)}",
                    )
            amount = check.number(item, "amount_tkr", d_place)
            if amount is not None and amount <= 0:
                check.problem(
                    line_of(item, "amount_tkr"), f"{d_place}.amount_tkr", "ska vara större än 0"
                )
            drawdowns.append(
                {
                    "area": check.text(item, "area", d_place, max_length=200),
                    "initiative": check.text(item, "initiative", d_place, max_length=300),
                    "initiated": check.text(item, "initiated", d_place, max_length=64),
                    "year": check.year(item, "year", d_place),
                    "amount_tkr": amount,
                    "outcome_tkr": check.number(item, "outcome_tkr", d_place, required=False),
                    "decision": check.text(item, "decision", d_place, max_length=300),
                    "decided_on": check.date(item, "decided_on", d_place),
                    "goals": goals,
                }
            )
        allocations.append(
            {
                "name": check.text(node, "allocation", place, max_length=200),
                "first_year": check.year(node, "first_year", place),
                "last_year": check.year(node, "last_year", place),
                "amount_tkr": check.number(node, "amount_tkr", place, required=False),
                "drawdowns": drawdowns,
            }
        )
    return allocations


def read_audits(
    check: Checker, root: LineDict, action_refs: set[str], replaced_code: str
) -> list[dict[str, Any]]:
    audits: list[dict[str, Any]] = []
    for line, node, place in check.items(root, "audits", TOP):
        check.unknown_keys(
            node,
            {
                "identifier",
                "title",
                "year",
                "auditor",
                "responded_by",
                "responded_on",
                "strategic_areas",
                "recommendations",
            },
            place,
        )
        recommendations = []
        for r_line, item, r_place in check.items(node, "recommendations", place):
            check.unknown_keys(item, {"number", "text", "response", "measures"}, r_place)
            measures = []
            for _m_line, measure, m_place in check.items(item, "measures", r_place):
                check.unknown_keys(measure, {"text", "status", "comment", "actions"}, m_place)
                actions = check.strings(measure, "actions", m_place)
                for ref in actions:
                    if ref not in action_refs:
                        check.problem(
                            line_of(measure, "actions"),
                            f"{m_place}.actions",
                            f"ingen åtgärd har ref {quote(ref)}",
                        )
                measures.append(
                    {
                        "text": check.text(measure, "text", m_place),
                        "status": check.choice(
                            measure,
                            "status",
                            m_place,
                            MeasureStatus,
                            default=MeasureStatus.NOT_STARTED,
                        ),
                        "follow_up_comment": check.text(
                            measure, "comment", m_place, required=False
                        ),
                        "actions": actions,
                    }
                )
            recommendations.append(
                {
                    "number": item.get("number"),
                    "text": check.text(item, "text", r_place),
                    "response": check.text(item, "response", r_place, required=False),
                    "measures": measures,
                    "line": r_line,
                }
            )
            if not isinstance(item.get("number"), int) or isinstance(item.get("number"), bool):
                check.problem(line_of(item, "number"), f"{r_place}.number", "ska vara ett heltal")
        duplicates(check, recommendations, "number", f"{place}.recommendations")
        audits.append(
            {
                "identifier": check.text(node, "identifier", place, max_length=64),
                "title": check.text(node, "title", place, max_length=300),
                "year": check.year(node, "year", place),
                "auditor": check.text(node, "auditor", place, required=False, max_length=200),
                "responded_by": check.text(
                    node, "responded_by", place, required=False, max_length=200
                ),
                "responded_on": check.date(node, "responded_on", place),
                "strategic_areas": check.strings(node, "strategic_areas", place),
                "recommendations": recommendations,
                "line": line,
            }
        )
    duplicates(check, audits, "identifier", "audit")
    stored = Audit.objects.filter(identifier__in=[a["identifier"] for a in audits])
    if replaced_code:
        stored = stored.exclude(programme__code=replaced_code)
    known = set(stored.values_list("identifier", flat=True))
    for audit in audits:
        if audit["identifier"] in known:
            check.problem(
                audit["line"], "audit", f"granskningen {quote(audit['identifier'])} finns redan"
            )
    return audits


def read_follow_ups(
    check: Checker, root: LineDict, goal_refs: set[str], action_refs: set[str]
) -> list[dict[str, Any]]:
    rounds = []
    known_units = set(Unit.objects.values_list("unit_id", flat=True))
    for line, node, place in check.items(root, "follow_ups", TOP):
        check.unknown_keys(
            node,
            {
                "completed",
                "name",
                "kind",
                "period_start",
                "period_end",
                "deadline",
                "summary",
                "locked",
                "approved_by",
                "approved_on",
                "decision",
                "assessments",
                "reports",
            },
            place,
        )
        assessments = []
        for _a_line, item, a_place in check.items(node, "assessments", place):
            check.unknown_keys(
                item, {"goal", "status", "proposed_status", "text", "override_reason"}, a_place
            )
            goal = check.text(item, "goal", a_place)
            if goal and goal not in goal_refs:
                check.problem(
                    line_of(item, "goal"), f"{a_place}.goal", f"inget mål har ref {quote(goal)}"
                )
            status = check.choice(item, "status", a_place, GoalStatus)
            assessments.append(
                {
                    "goal": goal,
                    "status": status,
                    "proposed_status": check.choice(
                        item, "proposed_status", a_place, GoalStatus, default=status
                    ),
                    "text": check.text(item, "text", a_place, required=False),
                    "override_reason": check.text(item, "override_reason", a_place, required=False),
                }
            )
        reports = []
        for _r_line, item, r_place in check.items(node, "reports", place):
            check.unknown_keys(item, {"action", "unit", "status", "comment"}, r_place)
            action = check.text(item, "action", r_place)
            unit = check.text(item, "unit", r_place)
            if action and action not in action_refs:
                check.problem(
                    line_of(item, "action"),
                    f"{r_place}.action",
                    f"ingen åtgärd har ref {quote(action)}",
                )
            if unit and unit not in known_units:
                check.problem(
                    line_of(item, "unit"),
                    f"{r_place}.unit",
                    f"enheten {quote(unit)} finns inte i organisationsträdet",
                )
            reports.append(
                {
                    "action": action,
                    "unit": unit,
                    "status": check.choice(
                        item, "status", r_place, ActionStatus, default=ActionStatus.NOT_STARTED
                    ),
                    "comment": check.text(item, "comment", r_place, required=False),
                }
            )
        completed = check.strings(node, "completed", place)
        for unit_id in completed:
            if unit_id not in known_units:
                check.problem(
                    line_of(node, "completed"),
                    f"{place}.completed",
                    f"enheten {quote(unit_id)} finns inte i organisationsträdet",
                )
        dates = {
            key: check.date(node, key, place) for key in ("period_start", "period_end", "deadline")
        }
        for key, value in dates.items():
            if value is None:
                check.problem(line, place, f"{key} måste anges")
        rounds.append(
            {
                "name": check.text(node, "name", place, max_length=200),
                "kind": check.choice(node, "kind", place, RoundKind, default=RoundKind.FOLLOW_UP),
                **dates,
                "summary": check.text(node, "summary", place, required=False),
                "locked": check.flag(node, "locked", place, default=False),
                "approved_by": check.text(
                    node, "approved_by", place, required=False, max_length=200
                ),
                "approved_on": check.date(node, "approved_on", place),
                "approval_decision": check.text(
                    node, "decision", place, required=False, max_length=300
                ),
                "assessments": assessments,
                "reports": reports,
                "completed": completed,
            }
        )
    return rounds


def stored_json(value: Any) -> Any:
    """A stored JSON value with its objects' keys in PostgreSQL's ``jsonb`` order (shorter
    keys first, then by their bytes), which ``jsonb`` keeps instead of the order written: an
    export is then the same from SQLite and PostgreSQL, and after a move between them."""
    if isinstance(value, dict):
        keys = sorted(value, key=lambda key: (len(key.encode()), key.encode()))
        return {key: stored_json(value[key]) for key in keys}
    if isinstance(value, list):
        return [stored_json(item) for item in value]
    return value


def plain(value: Any) -> Any:
    """A parsed value as plain JSON-able data (dates as ISO text)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


# ---- storing ---------------------------------------------------------------------------------


@transaction.atomic
def store_programme(content: ProgrammeFile, user=None) -> Programme:
    """Store a checked programme file in one transaction (nothing is stored on an error).

    A stored programme with the same code is replaced, with its audits.
    """
    existing = Programme.objects.filter(code=content.programme["code"]).first()
    if existing is not None:
        Audit.objects.filter(programme=existing).delete()
        # Actions protect their goals: they go first.
        ActionPlan.objects.filter(programme=existing).delete()
        existing.delete()
    programme = Programme.objects.create(**content.programme)
    parties = store_responsible(content.responsible)
    goals: dict[str, Goal] = {}
    for area_position, area_data in enumerate(content.areas):
        area = Area.objects.create(
            programme=programme,
            position=area_position,
            name=area_data["name"],
            description=area_data["description"],
        )
        for goal_position, goal_data in enumerate(area_data["goals"]):
            goal = Goal.objects.create(
                area=area,
                position=goal_position,
                ref=goal_data["ref"],
                text=goal_data["text"],
                status_override=goal_data["status_override"],
                override_reason=goal_data["override_reason"],
            )
            goals[goal.ref] = goal
            for position, data in enumerate(goal_data["indicators"]):
                store_indicator(goal, position, data, user)
    actions = store_action_plan(programme, content.action_plan, goals, parties, user)
    store_budget(programme, content.allocations, goals)
    store_audits(programme, content.audits, actions)
    store_follow_ups(programme, content.follow_ups, goals, actions, user)
    record(AuditAction.IMPORT, f"{programme.code}: {programme.name}", user=user)
    return programme


def store_responsible(parties: list[dict[str, Any]]) -> dict[str, ResponsibleParty]:
    """Responsible parties are shared by programmes: an existing code is updated."""
    stored = {}
    for data in parties:
        party, _created = ResponsibleParty.objects.update_or_create(
            code=data["code"], defaults={"name": data["name"]}
        )
        party.units.set(Unit.objects.filter(unit_id__in=data["units"]))
        stored[party.code] = party
    return stored


def store_indicator(goal: Goal, position: int, data: dict[str, Any], user) -> Indicator:
    unit = Unit.objects.get(unit_id=data["unit_id"]) if data["unit_id"] else None
    fields = {
        key: data[key]
        for key in (
            "ref",
            "name",
            "measure_unit",
            "decimals",
            "direction",
            "baseline_value",
            "baseline_date",
            "gender_split",
            "not_measured_note",
            "source",
            "kpi",
            "kpi_params",
            "breakdown",
            "survey_question",
            "survey_measure",
        )
    }
    indicator = Indicator.objects.create(goal=goal, position=position, unit=unit, **fields)
    Target.objects.bulk_create(
        Target(indicator=indicator, year=year, value=value)
        for year, value in sorted(data["targets"].items())
    )
    for value in data["values"]:
        ManualValue.objects.create(
            indicator=indicator,
            year=value["year"],
            gender=value["gender"],
            value=value["value"],
            comment=value["comment"],
            entered_by=user,
        )
    return indicator


def store_action_plan(
    programme: Programme,
    plan: dict[str, Any],
    goals: dict[str, Goal],
    parties: dict[str, ResponsibleParty],
    user,
) -> dict[str, Action]:
    if not plan:
        return {}
    action_plan = ActionPlan.objects.create(
        programme=programme, name=plan["name"] or programme.name
    )
    actions = {}
    for position, data in enumerate(plan["actions"]):
        action = Action.objects.create(
            action_plan=action_plan,
            goal=goals[data["goal"]],
            ref=data["ref"],
            position=position,
            text=data["text"],
            planned_year=data["planned_year"],
            status=data["status"],
            aruba=data["aruba"],
        )
        action.responsible.set([parties[code] for code in data["responsible"]])
        for reschedule in data["reschedules"]:
            Reschedule.objects.create(action=action, recorded_by=user, **reschedule)
        actions[action.ref] = action
    for version in plan["versions"]:
        PlanVersion.objects.create(action_plan=action_plan, recorded_by=user, **version)
    return actions


def store_budget(
    programme: Programme, allocations: list[dict[str, Any]], goals: dict[str, Goal]
) -> None:
    for data in allocations:
        allocation = Allocation.objects.create(
            programme=programme,
            name=data["name"],
            first_year=data["first_year"],
            last_year=data["last_year"],
            amount_tkr=data["amount_tkr"],
        )
        for position, item in enumerate(data["drawdowns"]):
            drawdown = Drawdown.objects.create(
                allocation=allocation,
                position=position,
                **{key: value for key, value in item.items() if key != "goals"},
            )
            drawdown.goals.set([goals[ref] for ref in item["goals"]])


def store_audits(
    programme: Programme, audits: list[dict[str, Any]], actions: dict[str, Action]
) -> None:
    for data in audits:
        audit = Audit.objects.create(
            programme=programme,
            identifier=data["identifier"],
            title=data["title"],
            year=data["year"],
            auditor=data["auditor"],
            responded_by=data["responded_by"],
            responded_on=data["responded_on"],
        )
        for position, name in enumerate(data["strategic_areas"]):
            StrategicArea.objects.create(audit=audit, position=position, name=name)
        for item in data["recommendations"]:
            recommendation = Recommendation.objects.create(
                audit=audit, number=item["number"], text=item["text"], response=item["response"]
            )
            for position, measure_data in enumerate(item["measures"]):
                measure = Measure.objects.create(
                    recommendation=recommendation,
                    position=position,
                    text=measure_data["text"],
                    status=measure_data["status"],
                    follow_up_comment=measure_data["follow_up_comment"],
                )
                measure.actions.set([actions[ref] for ref in measure_data["actions"]])


def store_follow_ups(
    programme: Programme,
    rounds: list[dict[str, Any]],
    goals: dict[str, Goal],
    actions: dict[str, Action],
    user,
) -> None:
    from attraktiv.followups.services import freeze_round

    for data in rounds:
        follow_up = FollowUpRound.objects.create(
            programme=programme,
            **{
                key: data[key]
                for key in (
                    "name",
                    "kind",
                    "period_start",
                    "period_end",
                    "deadline",
                    "summary",
                    "approved_by",
                    "approved_on",
                    "approval_decision",
                )
            },
        )
        for item in data["assessments"]:
            GoalAssessment.objects.create(
                round=follow_up,
                goal=goals[item["goal"]],
                status=item["status"],
                proposed_status=item["proposed_status"],
                text=item["text"],
                override_reason=item["override_reason"],
                written_by=user,
            )
        for item in data["reports"]:
            ActionReport.objects.create(
                round=follow_up,
                action=actions[item["action"]],
                unit=Unit.objects.get(unit_id=item["unit"]),
                status=item["status"],
                comment=item["comment"],
                reported_by=user,
            )
        for unit_id in data["completed"]:
            UnitCompletion.objects.create(
                round=follow_up, unit=Unit.objects.get(unit_id=unit_id), completed_by=user
            )
        if data["locked"]:
            freeze_round(follow_up, user)


# ---- exporting -------------------------------------------------------------------------------


def export_programme(
    programme: Programme, *, with_values: bool = False, year: int | None = None
) -> dict[str, Any]:
    """A stored programme in the file format; ``with_values`` adds each indicator's latest
    value and status (informational: an import ignores it)."""
    from attraktiv.programmes.overview import default_year
    from attraktiv.programmes.services import indicator_judgement

    judged_year = year or default_year(programme)  # as the pages judge it
    areas = []
    for area in programme.areas.prefetch_related(
        "goals__indicators__targets", "goals__indicators__manual_values"
    ):
        goals = []
        for goal in area.goals.all():
            indicators = []
            for indicator in goal.indicators.all():
                item = indicator_data(indicator)
                if with_values:
                    judgement = indicator_judgement(indicator, judged_year)
                    observation = judgement.observation
                    item["latest"] = {
                        "year": observation.year if observation else None,
                        "value": observation.value if observation else None,
                        "status": judgement.status.value,
                    }
                indicators.append(item)
            goals.append(
                compact(
                    {
                        "ref": goal.ref,
                        "text": goal.text,
                        "status_override": goal.status_override,
                        "override_reason": goal.override_reason,
                        "indicators": indicators,
                    }
                )
            )
        areas.append(compact({"name": area.name, "description": area.description, "goals": goals}))
    actions = Action.objects.filter(action_plan__programme=programme).prefetch_related(
        "responsible", "reschedules"
    )
    parties = (
        ResponsibleParty.objects.filter(actions__in=actions).distinct().prefetch_related("units")
    )
    return compact(
        {
            "format": FORMAT,
            "programme": compact(
                {
                    "code": programme.code,
                    "name": programme.name,
                    "first_year": programme.first_year,
                    "last_year": programme.last_year,
                    "target_year": programme.target_year,
                    "description": programme.description,
                    "decided_by": programme.decided_by,
                    "decided_on": programme.decided_on,
                    "diarienummer": programme.diarienummer,
                }
            ),
            "responsible": [
                {"code": p.code, "name": p.name, "units": sorted(u.unit_id for u in p.units.all())}
                for p in parties
            ],
            "areas": areas,
            "action_plan": action_plan_data(programme, actions),
            "budget": [budget_data(allocation) for allocation in programme.allocations.all()],
            "audits": [audit_data(audit) for audit in programme.audits.all()],
            "follow_ups": [
                follow_up_data(follow_up)
                for follow_up in programme.follow_up_rounds.order_by("period_end", "pk")
            ],
        }
    )


def compact(data: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty values, so the file holds what was said and nothing more."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def number(value: Decimal | None) -> int | float | None:
    """A stored decimal as the file writes it: ``64.61``, ``77``."""
    if value is None:
        return None
    normal = value.normalize()
    return int(normal) if normal == normal.to_integral_value() else float(normal)


def indicator_data(indicator: Indicator) -> dict[str, Any]:
    source = compact(
        {
            "kind": indicator.source,
            "kpi": indicator.kpi,
            "params": stored_json(indicator.kpi_params),
            "breakdown": stored_json(indicator.breakdown),
            "question": indicator.survey_question,
            "measure": indicator.survey_measure
            if indicator.survey_measure != SurveyMeasure.INDEX
            else "",
        }
    )
    baseline = compact({"value": number(indicator.baseline_value), "date": indicator.baseline_date})
    return compact(
        {
            "ref": indicator.ref,
            "name": indicator.name,
            "unit": indicator.measure_unit,
            "decimals": None if indicator.decimals == 1 else indicator.decimals,
            "direction": indicator.direction,
            "baseline": baseline,
            "targets": {target.year: number(target.value) for target in indicator.targets.all()},
            "source": source,
            "gender_split": None if indicator.gender_split else False,
            "not_measured_note": indicator.not_measured_note,
            "measured_for": indicator.unit.unit_id if indicator.unit else "",
            "values": [
                compact(
                    {
                        "year": v.year,
                        "gender": v.gender,
                        "value": number(v.value),
                        "comment": v.comment,
                    }
                )
                for v in indicator.manual_values.all()
            ],
        }
    )


def action_plan_data(programme: Programme, actions) -> dict[str, Any]:
    plan = ActionPlan.objects.filter(programme=programme).first()
    if plan is None:
        return {}
    return compact(
        {
            "name": plan.name,
            "actions": [
                compact(
                    {
                        "ref": action.ref,
                        "goal": action.goal.ref,
                        "text": action.text,
                        "responsible": sorted(party.code for party in action.responsible.all()),
                        "planned_year": action.planned_year,
                        "status": action.status,
                        "aruba": action.aruba,
                        "reschedules": [
                            compact(
                                {
                                    "from": r.old_year,
                                    "to": r.new_year,
                                    "reason": r.reason,
                                    "decided_on": r.decided_on,
                                }
                            )
                            for r in action.reschedules.all()
                        ],
                    }
                )
                for action in actions.select_related("goal")
            ],
            "versions": [
                compact(
                    {
                        "number": v.number,
                        "year": v.year,
                        "approved_on": v.approved_on,
                        "decision": v.decision,
                        "diarienummer": v.diarienummer,
                        "snapshot": stored_json(v.snapshot),
                    }
                )
                for v in plan.versions.all()
            ],
        }
    )


def budget_data(allocation: Allocation) -> dict[str, Any]:
    return compact(
        {
            "allocation": allocation.name,
            "first_year": allocation.first_year,
            "last_year": allocation.last_year,
            "amount_tkr": number(allocation.amount_tkr),
            "drawdowns": [
                compact(
                    {
                        "area": d.area,
                        "initiative": d.initiative,
                        "initiated": d.initiated,
                        "year": d.year,
                        "amount_tkr": number(d.amount_tkr),
                        "outcome_tkr": number(d.outcome_tkr),
                        "decision": d.decision,
                        "decided_on": d.decided_on,
                        "goals": [goal.ref for goal in d.goals.all()],
                    }
                )
                for d in allocation.drawdowns.all()
            ],
        }
    )


def audit_data(audit: Audit) -> dict[str, Any]:
    return compact(
        {
            "identifier": audit.identifier,
            "title": audit.title,
            "year": audit.year,
            "auditor": audit.auditor,
            "responded_by": audit.responded_by,
            "responded_on": audit.responded_on,
            "strategic_areas": [area.name for area in audit.strategic_areas.all()],
            "recommendations": [
                compact(
                    {
                        "number": r.number,
                        "text": r.text,
                        "response": r.response,
                        "measures": [
                            compact(
                                {
                                    "text": m.text,
                                    "status": m.status,
                                    "comment": m.follow_up_comment,
                                    "actions": sorted(a.ref for a in m.actions.all()),
                                }
                            )
                            for m in r.measures.all()
                        ],
                    }
                )
                for r in audit.recommendations.all()
            ],
        }
    )


def follow_up_data(follow_up: FollowUpRound) -> dict[str, Any]:
    return compact(
        {
            "name": follow_up.name,
            "kind": follow_up.kind,
            "period_start": follow_up.period_start,
            "period_end": follow_up.period_end,
            "deadline": follow_up.deadline,
            "summary": follow_up.summary,
            "locked": follow_up.is_locked or None,
            "approved_by": follow_up.approved_by,
            "approved_on": follow_up.approved_on,
            "decision": follow_up.approval_decision,
            "assessments": [
                compact(
                    {
                        "goal": a.goal.ref,
                        "status": a.status,
                        "proposed_status": a.proposed_status
                        if a.proposed_status != a.status
                        else "",
                        "text": a.text,
                        "override_reason": a.override_reason,
                    }
                )
                for a in follow_up.assessments.select_related("goal")
            ],
            "reports": [
                compact(
                    {
                        "action": r.action.ref,
                        "unit": r.unit.unit_id,
                        "status": r.status,
                        "comment": r.comment,
                    }
                )
                for r in follow_up.reports.select_related("action", "unit")
            ],
            "completed": sorted(
                completion.unit.unit_id
                for completion in follow_up.completions.select_related("unit")
            ),
        }
    )


def dump(data: dict[str, Any], file_format: str) -> str:
    """The file text, YAML (block style, Unicode kept) or JSON (two-space indent)."""
    if file_format == "json":
        return json.dumps(plain(data), ensure_ascii=False, indent=2) + "\n"
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
