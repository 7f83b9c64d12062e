"""Benchmarks against other regions: reading Kolada's JSON, storing it, and the comparison an
indicator page shows (issue 6, item 5; pages.md, "Indicator").

- ``read_kolada(path)`` reads a file in the JSON of Kolada's API, v2 or v3: an object whose
  ``values`` is a list of rows ``{kpi, municipality, period, values: [{gender, value,
  status, count?}]}`` (a bare list of rows is taken too, and v3's ``period`` may sit in each
  inner value instead of the row). Every problem comes back as ``file:line: field: message``
  (the line the JSON object starts on) in one ``KoladaError``; nothing is half-read. KPIs no
  indicator of ours has (``indicators.catalogue``, ``kolada``) are warnings, and their rows
  are skipped.
- ``import_kolada(user, path)`` stores what was read in one transaction: the file's
  (KPI, year) pairs replace the stored ones. Only users who import data for the whole region
  (``IMPORT_DATA`` region-wide) may do it; ``user=None`` is the command line (the system).
- ``comparison(entry, unit)`` is the table "Jämförelse med andra regioner" for the region's
  indicator page: our own value beside each region's and the country's, for the latest year
  Kolada has.
"""

from __future__ import annotations

import bisect
import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from attraktiv.accounts.access import access_for
from attraktiv.benchmarks.models import COUNTRY, Gender, KoladaValue
from attraktiv.core.uploads import RejectedFile, file_bytes
from attraktiv.hrdata.issues import Issue, format_issues, json_problem, quote
from attraktiv.indicators.catalogue import ENTRIES, Entry
from attraktiv.indicators.output import value_text

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from attraktiv.organisation.models import Unit

    User = AbstractBaseUser | AnonymousUser

REGION_NAMES = {
    "0000": "Riket",
    "0001": "Region Stockholm",
    "0003": "Region Uppsala",
    "0004": "Region Sörmland",
    "0005": "Region Östergötland",
    "0006": "Region Jönköpings län",
    "0007": "Region Kronoberg",
    "0008": "Region Kalmar län",
    "0009": "Region Gotland",
    "0010": "Region Blekinge",
    "0012": "Region Skåne",
    "0013": "Region Halland",
    "0014": "Västra Götalandsregionen",
    "0017": "Region Värmland",
    "0018": "Region Örebro län",
    "0019": "Region Västmanland",
    "0020": "Region Dalarna",
    "0021": "Region Gävleborg",
    "0022": "Region Västernorrland",
    "0023": "Region Jämtland Härjedalen",
    "0024": "Region Västerbotten",
    "0025": "Region Norrbotten",
}
"""Kolada's names of the regions, for files that give ids only (as the data API does)."""

GENDERS = {"T": Gender.TOTAL, "K": Gender.WOMEN, "M": Gender.MEN}
FIRST_YEAR, LAST_YEAR = 1950, 2100


def indicator_kpis() -> dict[str, Entry]:
    """Kolada KPI id → the catalogue entry of ours that it mirrors."""
    return {entry.kolada: entry for entry in ENTRIES if entry.kolada}


def is_region(municipality_id: str) -> bool:
    """Regions are ``00``-prefixed (0001–0025); ``0000`` is the country; others are kommuner."""
    return municipality_id.startswith("00") and municipality_id != COUNTRY


def region_name(municipality_id: str, given: str = "") -> str:
    return given or REGION_NAMES.get(municipality_id, municipality_id)


# ---- permission -------------------------------------------------------------------------------


def may_import(user: User | None) -> bool:
    """True for the command line and users with IMPORT_DATA in every root of the region."""
    return user is None or access_for(user).may_import()


def require_import(user: User | None) -> None:
    if not may_import(user):
        raise PermissionDenied(_("Only users who import data for the whole region may do this."))


# ---- reading ------------------------------------------------------------------------------------


class KoladaError(RejectedFile):
    """A Kolada file rejected whole (``file:line: field: message``)."""


@dataclass(frozen=True)
class KoladaRow:
    """One figure as read: a KPI for one municipality, year and gender."""

    line: int
    kpi: str
    municipality_id: str
    municipality_name: str
    period: int
    gender: str
    value: float
    status: str
    count: int | None


@dataclass(frozen=True)
class KoladaFile:
    name: str
    rows: list[KoladaRow]
    warnings: list[Issue]

    @property
    def warning_lines(self) -> list[str]:
        return format_issues(self.warnings)


@dataclass
class Located:
    """A JSON value with the line it starts on; ``items`` holds an object's or array's parts."""

    line: int
    value: Any
    items: dict[str, Located] | list[Located] | None = None


class Locator:
    """Walks JSON text already known to be valid and keeps each value's starting line."""

    def __init__(self, text: str):
        self.text = text
        self.newlines = [i for i, char in enumerate(text) if char == "\n"]
        self.decoder = json.JSONDecoder()

    def line(self, position: int) -> int:
        return bisect.bisect_left(self.newlines, position) + 1

    def skip(self, position: int) -> int:
        text = self.text
        while position < len(text) and text[position] in " \t\r\n":
            position += 1
        return position

    def parse(self, position: int = 0) -> tuple[Located, int]:
        position = self.skip(position)
        char = self.text[position]
        line = self.line(position)
        if char == "{":
            members: dict[str, Located] = {}
            position = self.skip(position + 1)
            if self.text[position] == "}":
                return Located(line, {}, members), position + 1
            while True:
                key, position = self.decoder.raw_decode(self.text, self.skip(position))
                position = self.skip(position) + 1  # the colon
                members[str(key)], position = self.parse(position)
                position = self.skip(position)
                if self.text[position] == "}":
                    value = {key: member.value for key, member in members.items()}
                    return Located(line, value, members), position + 1
                position += 1  # the comma
        if char == "[":
            elements: list[Located] = []
            position = self.skip(position + 1)
            if self.text[position] == "]":
                return Located(line, [], elements), position + 1
            while True:
                element, position = self.parse(position)
                elements.append(element)
                position = self.skip(position)
                if self.text[position] == "]":
                    return Located(line, [e.value for e in elements], elements), position + 1
                position += 1
        value, end = self.decoder.raw_decode(self.text, position)
        return Located(line, value), end


def decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise KoladaError([Issue(name, None, None, _("the file is not UTF-8 text"))]) from None


def read_kolada(path: Path | str, name: str | None = None) -> KoladaFile:
    """The figures of a Kolada JSON file for the KPIs we have indicators for.

    Raises ``KoladaError`` (``file:line: field: message``) when anything in the file is wrong.
    ``name`` is the file's name in messages (default: the path's file name).
    """
    path = Path(path)
    name = name or path.name
    text = decode(file_bytes(path, name, KoladaError), name)
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        message = _("not valid JSON: %(error)s (column %(column)d)") % {
            "error": json_problem(error),
            "column": error.colno,
        }
        raise KoladaError([Issue(name, error.lineno, None, message)]) from None
    root, _end = Locator(text).parse()
    if isinstance(root.items, list):
        rows = root.items
    elif isinstance(root.items, dict) and isinstance(root.items.get("values"), Located):
        values = root.items["values"]
        if not isinstance(values.items, list):
            raise KoladaError(
                [Issue(name, values.line, "values", _("expected a list of Kolada rows"))]
            )
        rows = values.items
    else:
        raise KoladaError(
            [
                Issue(
                    name,
                    root.line,
                    "values",
                    _("the file is not Kolada data: expected an object with a list values"),
                )
            ]
        )
    return check_rows(rows, name)


@dataclass
class Checker:
    name: str
    errors: list[Issue] = field(default_factory=list)

    def error(self, line: int, field_name: str | None, message: str) -> None:
        self.errors.append(Issue(self.name, line, field_name, message))


def check_rows(rows: list[Located], name: str) -> KoladaFile:
    """Check every row and inner value; warn about KPIs we cannot use and skip them."""
    out = Checker(name)
    ours = indicator_kpis()
    unused: dict[str, list[int]] = defaultdict(list)
    kept: list[KoladaRow] = []
    seen: dict[tuple[str, str, int, str], int] = {}
    for row in rows:
        if not isinstance(row.items, dict):
            out.error(row.line, None, _("expected an object (a Kolada row)"))
            continue
        members = row.items
        kpi = check_kpi(members, row.line, out)
        municipality = check_municipality(members, row.line, out)
        period = check_period(members.get("period"), row.line, out) if "period" in members else None
        values = members.get("values")
        if values is None:
            out.error(row.line, "values", _("the field is missing"))
            continue
        if not isinstance(values.items, list):
            out.error(values.line, "values", _("expected a list of values by gender"))
            continue
        if kpi is None or municipality is None:
            continue
        if kpi not in ours:
            unused[kpi].append(row.line)
            continue
        for item in values.items:
            figure = check_value(item, period, out)
            if figure is None:
                continue
            year, gender, value, status, count = figure
            key = (kpi, municipality[0], year, gender)
            if key in seen:
                out.error(
                    item.line,
                    "gender",
                    _("the same KPI, municipality, year and gender as line %(line)d")
                    % {"line": seen[key]},
                )
                continue
            seen[key] = item.line
            if value is None:
                continue  # Kolada publishes no figure here
            kept.append(
                KoladaRow(
                    line=item.line,
                    kpi=kpi,
                    municipality_id=municipality[0],
                    municipality_name=municipality[1],
                    period=year,
                    gender=gender,
                    value=value,
                    status=status,
                    count=count,
                )
            )
    warnings = [
        Issue(
            name,
            lines[0],
            "kpi",
            _("no indicator here matches Kolada's %(kpi)s; %(rows)d row(s) skipped")
            % {"kpi": kpi, "rows": len(lines)},
        )
        for kpi, lines in unused.items()
    ]
    if out.errors:
        raise KoladaError(out.errors, warnings)
    return KoladaFile(name, kept, warnings)


def check_kpi(members: dict[str, Located], line: int, out: Checker) -> str | None:
    kpi = members.get("kpi")
    if kpi is None:
        out.error(line, "kpi", _("the field is missing"))
        return None
    if not isinstance(kpi.value, str) or not kpi.value.strip() or len(kpi.value.strip()) > 16:
        out.error(
            kpi.line,
            "kpi",
            _("%(value)s is not a Kolada KPI id such as N60030") % {"value": quote(kpi.value)},
        )
        return None
    return kpi.value.strip().upper()


def check_municipality(
    members: dict[str, Located], line: int, out: Checker
) -> tuple[str, str] | None:
    """(id, name): ``municipality`` is the id, or an object ``{id, title}``; a name may also
    come as ``municipality_title`` or ``municipality_name``."""
    municipality = members.get("municipality")
    if municipality is None:
        out.error(line, "municipality", _("the field is missing"))
        return None
    value: Any = municipality.value
    given: Any = ""
    if isinstance(value, dict):
        value, given = value.get("id"), value.get("title") or ""
    for key in ("municipality_title", "municipality_name"):
        if key in members and isinstance(members[key].value, str):
            given = members[key].value
    if not (isinstance(value, str) and len(value) == 4 and value.isascii() and value.isdigit()):
        out.error(
            municipality.line,
            "municipality",
            _("%(value)s is not a Kolada municipality id; expected four digits such as 0013")
            % {"value": quote(value)},
        )
        return None
    if not isinstance(given, str) or len(given) > 200:
        out.error(municipality.line, "municipality", _("the name is not a short text"))
        return None
    return value, given.strip()


def check_period(period: Located | None, line: int, out: Checker) -> int | None:
    if period is None:
        out.error(line, "period", _("the field is missing"))
        return None
    value = period.value
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not FIRST_YEAR <= value <= LAST_YEAR
    ):
        out.error(
            period.line,
            "period",
            _("%(value)s is not a year such as 2023") % {"value": quote(period.value)},
        )
        return None
    return value


def check_value(
    item: Located, row_period: int | None, out: Checker
) -> tuple[int, str, float | None, str, int | None] | None:
    """(year, gender, value or None, status, count) of one inner value, or None on error or
    when Kolada marks it deleted."""
    if not isinstance(item.items, dict):
        out.error(item.line, "values", _("expected an object with gender and value"))
        return None
    members = item.items
    ok = True
    year = row_period
    if "period" in members:
        year = check_period(members["period"], item.line, out)
        ok = ok and year is not None
    elif row_period is None:
        out.error(item.line, "period", _("the field is missing"))
        ok = False
    gender = members.get("gender")
    code = ""
    if gender is None:
        out.error(item.line, "gender", _("the field is missing"))
        ok = False
    else:
        code = str(gender.value).strip().upper() if isinstance(gender.value, str) else ""
        if code not in GENDERS:
            out.error(
                gender.line,
                "gender",
                _("%(value)s is not a gender; expected T (all), K (women) or M (men)")
                % {"value": quote(gender.value)},
            )
            ok = False
    value: float | None = None
    if "value" not in members:
        out.error(item.line, "value", _("the field is missing"))
        ok = False
    else:
        raw = members["value"].value
        if raw is not None:
            if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
                out.error(
                    members["value"].line,
                    "value",
                    _("%(value)s is not a number") % {"value": quote(raw)},
                )
                ok = False
            else:
                value = float(raw)
    status = members["status"].value if "status" in members else ""
    if status is None:
        status = ""
    if not isinstance(status, str) or len(status) > 100:
        out.error(item.line, "status", _("expected a short text"))
        ok = False
    count = members["count"].value if "count" in members else None
    if count is not None and (isinstance(count, bool) or not isinstance(count, int)):
        out.error(
            item.line, "count", _("%(value)s is not a whole number") % {"value": quote(count)}
        )
        ok = False
    if not ok or year is None:
        return None
    if members.get("isdeleted") is not None and members["isdeleted"].value is True:
        return None
    return year, code, value, status.strip(), count


# ---- storing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    file_name: str
    kpis: tuple[str, ...]
    periods: tuple[int, ...]
    rows: int
    replaced: int
    warnings: list[str]


@transaction.atomic
def store_kolada(user: User | None, data: KoladaFile) -> ImportResult:
    """Store the figures read; each (KPI, year) in the file replaces the stored one whole."""
    require_import(user)
    pairs = sorted({(row.kpi, row.period) for row in data.rows})
    replaced = 0
    for kpi, period in pairs:
        deleted, _by_model = KoladaValue.objects.filter(kpi=kpi, period=period).delete()
        replaced += deleted
    now = timezone.now()
    imported_by = cast("Any", user) if user is not None and user.is_authenticated else None
    KoladaValue.objects.bulk_create(
        [
            KoladaValue(
                kpi=row.kpi,
                municipality_id=row.municipality_id,
                municipality_name=row.municipality_name,
                period=row.period,
                gender=row.gender,
                value=row.value,
                status=row.status,
                count=row.count,
                file_name=data.name[:255],
                line=row.line,
                imported_at=now,
                imported_by=imported_by,
            )
            for row in data.rows
        ],
        batch_size=1000,
    )
    return ImportResult(
        file_name=data.name,
        kpis=tuple(sorted({kpi for kpi, _period in pairs})),
        periods=tuple(sorted({period for _kpi, period in pairs})),
        rows=len(data.rows),
        replaced=replaced,
        warnings=data.warning_lines,
    )


def import_kolada(user: User | None, path: Path | str, name: str | None = None) -> ImportResult:
    """Read a Kolada JSON file and store its figures in one transaction (or nothing).

    Raises ``PermissionDenied`` for a user who may not import data for the whole region and
    ``KoladaError`` (file:line: field: message) for a bad file.
    """
    require_import(user)
    return store_kolada(user, read_kolada(path, name))


# ---- the comparison on the indicator page -------------------------------------------------------


@dataclass(frozen=True)
class ComparisonRow:
    name: str
    kind: str  # "ours" (our own measurement), "region" or "country"
    is_ours_in_kolada: bool
    total: float | None
    total_text: str
    women_text: str
    men_text: str


@dataclass(frozen=True)
class Comparison:
    """Our value beside the other regions' and the country's for Kolada's latest year."""

    entry: Entry
    kpi: str
    period: int
    rows: list[ComparisonRow]
    has_genders: bool
    imported_on: date
    file_names: tuple[str, ...]
    ours_configured: bool


def comparison(entry: Entry, unit: Unit, up_to: int | None = None) -> Comparison | None:
    """The comparison for the region's page (a root unit); None when there is nothing to show.

    pages.md, "Indicator": only indicators with a Kolada twin and only when Kolada figures are
    stored. Kolada's latest year is shown, or its latest year up to ``up_to``. Our row comes
    from our own stored measurements of the same year; the region named by
    ``settings.KOLADA_MUNICIPALITY`` is marked as ours in Kolada's figures.
    """
    from attraktiv.measurements import queries

    if not entry.kolada or unit.parent_id is not None:
        return None
    stored = KoladaValue.objects.filter(kpi=entry.kolada)
    if up_to is not None:
        stored = stored.filter(period__lte=up_to)
    period = stored.order_by("-period").values_list("period", flat=True).first()
    if period is None:
        return None
    figures = [
        value
        for value in stored.filter(period=period)
        if is_region(value.municipality_id) or value.municipality_id == COUNTRY
    ]
    if not figures:
        return None
    ours_id = str(getattr(settings, "KOLADA_MUNICIPALITY", "") or "")
    by_place: dict[str, dict[str, KoladaValue]] = defaultdict(dict)
    for figure in figures:
        by_place[figure.municipality_id][figure.gender] = figure
    rows = []
    for place, by_gender in by_place.items():
        names = [f.municipality_name for f in by_gender.values() if f.municipality_name]
        total = by_gender.get(Gender.TOTAL)
        rows.append(
            ComparisonRow(
                name=region_name(place, names[0] if names else ""),
                kind="country" if place == COUNTRY else "region",
                is_ours_in_kolada=bool(ours_id) and place == ours_id,
                total=total.value if total else None,
                total_text=value_text(entry, total.value if total else None),
                women_text=value_text(
                    entry, by_gender[Gender.WOMEN].value if Gender.WOMEN in by_gender else None
                ),
                men_text=value_text(
                    entry, by_gender[Gender.MEN].value if Gender.MEN in by_gender else None
                ),
            )
        )
    own = queries.totals(entry.kpi, unit).filter(period=str(period)).first()
    if own is not None and not own.suppressed and own.value is not None:
        genders = {
            m.gender: m.value
            for m in queries.breakdown(entry.kpi, unit, "gender", str(period))
            if not m.suppressed
        }
        rows.append(
            ComparisonRow(
                name=unit.name,
                kind="ours",
                is_ours_in_kolada=False,
                total=own.value,
                total_text=value_text(entry, own.value),
                women_text=value_text(entry, genders.get("K")),
                men_text=value_text(entry, genders.get("M")),
            )
        )
    rows.sort(key=lambda row: (row.total is None, row.total or 0.0, row.kind != "ours", row.name))
    return Comparison(
        entry=entry,
        kpi=entry.kolada,
        period=period,
        rows=rows,
        has_genders=any(f.gender != Gender.TOTAL for f in figures),
        imported_on=timezone.localdate(max(f.imported_at for f in figures)),
        file_names=tuple(sorted({f.file_name for f in figures})),
        ours_configured=bool(ours_id),
    )


def report_summary(kpi: str, unit: Unit, year: int) -> dict[str, Any] | None:
    """The follow-up report's line for an indicator following the engine id ``kpi`` (issue 6:
    "our value beside other regions and the national figure … in the follow-up report"):
    Kolada's latest year up to ``year``, our value, the country's, and the regions' lowest,
    median and highest, as display text (kept in the round's snapshot). None when the
    indicator has no Kolada twin or no figures are stored."""
    entry = next((entry for entry in ENTRIES if entry.kpi == kpi), None)
    found = comparison(entry, unit, up_to=year) if entry is not None else None
    if entry is None or found is None:
        return None
    by_kind: dict[str, list[ComparisonRow]] = defaultdict(list)
    for row in found.rows:
        by_kind[row.kind].append(row)
    regions = sorted(row.total for row in by_kind["region"] if row.total is not None)
    middle = len(regions) // 2
    median = (
        (regions[middle] if len(regions) % 2 else (regions[middle - 1] + regions[middle]) / 2)
        if regions
        else None
    )
    return {
        "kolada": found.kpi,
        "period": found.period,
        "ours": by_kind["ours"][0].total_text if by_kind["ours"] else None,
        "country": by_kind["country"][0].total_text if by_kind["country"] else None,
        "regions": len(regions),
        "lowest": value_text(entry, regions[0]) if regions else None,
        "median": value_text(entry, median),
        "highest": value_text(entry, regions[-1]) if regions else None,
        "imported_on": found.imported_on.isoformat(),
    }
