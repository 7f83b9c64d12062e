"""External assessments: reading and storing Arbetsförmedlingen's Yrkesbarometer, linking its
occupations to our competences, and the external view per competence (issue 5, item 4).

- ``read_yrkesbarometer(path)`` reads AF's open data in either of its forms: CSV (UTF-8 with
  or without BOM, or Windows-1252; ``,`` ``;`` or tab) or JSON (an array of objects with the
  same fields). Every problem comes back as ``file:line: column: message`` in one
  ``YrkesbarometerError``; nothing is half-read.
- ``import_yrkesbarometer(user, path)`` stores the rounds the file holds in one transaction,
  replacing any stored rows of the same rounds; only users who may import data for the
  whole region (``IMPORT_DATA`` region-wide) may do it.
- ``link_occupation`` / ``unlink_occupation`` keep which AF occupations speak for which
  competence (``EDIT_PLANS`` region-wide); ``load_links`` reads a TOML mapping (the shipped
  one is ``mappings/yrkesbarometer_groups.toml``) and links only competences that exist.
- ``external_view(group)`` is AF's judgement for a competence in the latest round: when
  several AF occupations speak for it, the most severe (brist over paradox over balans over
  överskott), with all of them listed (pages.md, "Competence supply": "Arbetsförmedlingen's
  judgement").

``user=None`` stands for the ``attraktiv`` command line, which is trusted as ``attraktiv
import`` is; pages always pass the request's user.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from attraktiv.accounts.access import access_for
from attraktiv.core.history import attribute
from attraktiv.core.uploads import RejectedFile, file_bytes
from attraktiv.forecasts.models import (
    NATIONAL,
    SEVERITY,
    YRKESBAROMETER,
    LabourMarketAssessment,
    OccupationLink,
    RecruitmentSituation,
)
from attraktiv.hrdata.issues import (
    Collector,
    Issue,
    file_problem,
    json_problem,
    quote,
    toml_problem,
)
from attraktiv.hrdata.sources import csv_delimiter
from attraktiv.organisation.models import OccupationGroup

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser

DEFAULT_LINKS = Path(__file__).resolve().parent / "mappings" / "yrkesbarometer_groups.toml"
"""The shipped mapping of the sample's AF occupations to the synthetic region's competences."""

PUBLISHERS = {YRKESBAROMETER: "Arbetsförmedlingen"}

# Swedish county codes (län) as AF uses them; "00" is the whole country.
COUNTIES = {
    "01": "Stockholms län",
    "03": "Uppsala län",
    "04": "Södermanlands län",
    "05": "Östergötlands län",
    "06": "Jönköpings län",
    "07": "Kronobergs län",
    "08": "Kalmar län",
    "09": "Gotlands län",
    "10": "Blekinge län",
    "12": "Skåne län",
    "13": "Hallands län",
    "14": "Västra Götalands län",
    "17": "Värmlands län",
    "18": "Örebro län",
    "19": "Västmanlands län",
    "20": "Dalarnas län",
    "21": "Gävleborgs län",
    "22": "Västernorrlands län",
    "23": "Jämtlands län",
    "24": "Västerbottens län",
    "25": "Norrbottens län",
}


def county_name(code: str) -> str:
    if code == NATIONAL:
        return _("The whole country")
    return COUNTIES.get(code, code)


# ---- permission ------------------------------------------------------------------------------


def may_import(user: User | None) -> bool:
    """True for the command line and users with IMPORT_DATA in every root of the region."""
    return user is None or access_for(user).may_import()


def may_link(user: User | None) -> bool:
    """True for the command line and users with EDIT_PLANS in every root of the region."""
    return user is None or access_for(user).may_edit_plans()


def require_import(user: User | None) -> None:
    if not may_import(user):
        raise PermissionDenied(_("Only users who import data for the whole region may do this."))


def require_link(user: User | None) -> None:
    if not may_link(user):
        raise PermissionDenied(_("Only HR strategists may link occupations to competences."))


# ---- reading the Yrkesbarometer --------------------------------------------------------------


@dataclass(frozen=True)
class AssessmentRow:
    """One row of the Yrkesbarometer as read, with the line it starts on."""

    line: int
    round: str
    region_code: str
    occupation_area: str
    occupation: str
    ssyk_code: str
    ssyk_text: str
    recruitment_situation: str
    job_opportunities: str
    forecast_5_years: str
    ageing_population_named: bool | None


class YrkesbarometerError(RejectedFile):
    """A Yrkesbarometer file rejected whole (``file:line: column: message``)."""


@dataclass(frozen=True)
class Field:
    name: str  # the attribute of AssessmentRow
    columns: tuple[str, ...]  # AF's names for it, the first is the one we name in messages
    required: bool
    max_length: int


FIELDS = (
    Field("round", ("omgang",), True, 16),
    Field("region_code", ("lan",), True, 2),
    Field("occupation_area", ("yrkesomrade",), False, 200),
    Field("occupation", ("yb_yrke",), True, 200),
    Field("ssyk_code", ("ssyk",), False, 8),
    Field("ssyk_text", ("ssyk_text",), False, 300),
    Field("recruitment_situation", ("rekryteringssituation",), True, 16),
    Field("job_opportunities", ("jobbmojligheter",), True, 64),
    # The CSV extract calls it prognos_5ar; AF's JSON calls it prognos.
    Field("forecast_5_years", ("prognos_5ar", "prognos"), True, 64),
    Field("ageing_population_named", ("aldrande_befolkning_namns",), False, 5),
)

ROUND_PATTERN = re.compile(r"^\d{4}-\d{1,2}$")
SITUATIONS = {situation.value: situation.value for situation in RecruitmentSituation}
SITUATIONS["overskott"] = RecruitmentSituation.SURPLUS.value  # written without the diaeresis
TRUE_WORDS = {"1", "true", "ja", "yes", "sant"}
FALSE_WORDS = {"0", "false", "nej", "no", "falskt"}


def round_key(round_name: str) -> tuple[int, int, str]:
    """Rounds in time order: ``2025-2`` before ``2026-1``."""
    match = re.match(r"^(\d{4})-(\d{1,2})$", round_name)
    if match is None:
        return (0, 0, round_name)
    return (int(match.group(1)), int(match.group(2)), round_name)


def decode(raw: bytes, name: str) -> str:
    """UTF-8 with or without BOM, else Windows-1252 (as Swedish offices save CSV)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8")
        except UnicodeDecodeError:
            raise YrkesbarometerError(
                [
                    Issue(
                        name, None, None, _("the file starts as UTF-8 but is not; save it as UTF-8")
                    )
                ]
            ) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        raise YrkesbarometerError(
            [Issue(name, None, None, _("the file is neither UTF-8 nor Windows-1252 text"))]
        ) from None


def read_yrkesbarometer(path: Path | str, name: str | None = None) -> list[AssessmentRow]:
    """Every row of a Yrkesbarometer file (CSV or JSON); raises ``YrkesbarometerError``.

    ``name`` is the file's name in messages (default: the path's file name).
    """
    path = Path(path)
    name = name or path.name
    text = decode(file_bytes(path, name, YrkesbarometerError), name)
    out = Collector()
    if text.lstrip().startswith(("[", "{")):
        records: Iterable[tuple[int, dict[str, Any]]] = json_records(text, name, out)
    else:
        records = csv_records(text, name, out)
    rows = check_records(records, name, out)
    out.finish()
    if out.errors:
        raise YrkesbarometerError(out.errors)
    if not rows:
        raise YrkesbarometerError([Issue(name, None, None, _("the file has no rows"))])
    return rows


def csv_records(text: str, name: str, out: Collector) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line, {column: value}) per CSV record; the header is line 1, as an editor counts."""
    first_line = text.split("\n", 1)[0].rstrip("\r")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(first_line))
    header: list[str] | None = None
    previous = 0
    for record in reader:
        start = previous + 1
        previous = reader.line_num
        if not any(value.strip() for value in record):
            continue
        if header is None:
            header = [column.strip().lower() for column in record]
            missing = missing_columns(header)
            for column in missing:
                out.add(Issue(name, start, column, _("the column is missing")))
            if missing:
                return
            continue
        if len(record) != len(header):
            out.add(
                Issue(
                    name,
                    start,
                    None,
                    _("expected %(expected)d fields, found %(found)d")
                    % {"expected": len(header), "found": len(record)},
                ),
                rule="width",
            )
            continue
        yield start, dict(zip(header, record, strict=True))
    if header is None:
        out.add(Issue(name, 1, None, _("the first line must be the header with the column names")))


def missing_columns(header: Iterable[str]) -> list[str]:
    present = set(header)
    return [
        field.columns[0]
        for field in FIELDS
        if field.required and not any(column in present for column in field.columns)
    ]


def json_records(text: str, name: str, out: Collector) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line, object) per element of the JSON array, each with the line it starts on."""
    decoder = json.JSONDecoder()
    position = skip_space(text, 0)
    if not text.startswith("[", position):
        out.add(Issue(name, line_at(text, position), None, _("expected a JSON array of objects")))
        return
    position = skip_space(text, position + 1)
    line, counted = 1, 0
    index = 0
    while position < len(text) and text[position] != "]":
        line += text.count("\n", counted, position)
        counted = position
        try:
            value, end = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            out.add(
                Issue(
                    name,
                    error.lineno,
                    None,
                    _("not valid JSON: %(error)s") % {"error": json_problem(error)},
                )
            )
            return
        index += 1
        if not isinstance(value, dict):
            out.add(
                Issue(name, line, None, _("element %(index)d is not an object") % {"index": index})
            )
        else:
            yield line, {str(key).strip().lower(): item for key, item in value.items()}
        position = skip_space(text, end)
        if position < len(text) and text[position] == ",":
            position = skip_space(text, position + 1)
        elif position < len(text) and text[position] != "]":
            out.add(Issue(name, line_at(text, position), None, _("expected , or ] in the array")))
            return
    if position >= len(text):
        out.add(Issue(name, line_at(text, len(text)), None, _("the JSON array is not closed")))


def skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def line_at(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value).strip()


def check_records(
    records: Iterable[tuple[int, dict[str, Any]]], name: str, out: Collector
) -> list[AssessmentRow]:
    """Each record checked field by field; problems go to ``out``, good rows are returned."""
    rows: list[AssessmentRow] = []
    seen: dict[tuple[str, str, str], int] = {}
    for line, record in records:
        values: dict[str, Any] = {}
        ok = True
        for field in FIELDS:
            column = next((c for c in field.columns if c in record), None)
            if column is None:
                if field.required:
                    out.add(Issue(name, line, field.columns[0], _("the field is missing")))
                    ok = False
                values[field.name] = None if field.name == "ageing_population_named" else ""
                continue
            try:
                values[field.name] = check_value(field, as_text(record[column]))
            except ValueError as error:
                out.add(Issue(name, line, column, str(error)), rule=f"{column}:{error}")
                ok = False
        if not ok:
            continue
        key = (values["round"], values["region_code"], values["occupation"].casefold())
        if key in seen:
            out.add(
                Issue(
                    name,
                    line,
                    "yb_yrke",
                    _("the same round, county and occupation as line %(line)d")
                    % {"line": seen[key]},
                )
            )
            continue
        seen[key] = line
        rows.append(AssessmentRow(line=line, **values))
    return rows


def check_value(field: Field, text: str) -> Any:
    """The stored value of one field, or ``ValueError`` with a message for the user."""
    if len(text) > field.max_length and field.name != "ageing_population_named":
        raise ValueError(
            _("the text is longer than %(limit)d characters") % {"limit": field.max_length}
        )
    if field.name == "round":
        if not ROUND_PATTERN.match(text):
            raise ValueError(
                _("%(value)s is not a round; expected for example 2026-1") % {"value": quote(text)}
            )
    elif field.name == "region_code":
        if not text.isdigit() or len(text) > 2:
            raise ValueError(
                _("%(value)s is not a county code; expected two digits, 00 for the whole country")
                % {"value": quote(text)}
            )
        return text.zfill(2)
    elif field.name == "occupation":
        if not text:
            raise ValueError(_("the occupation is empty"))
    elif field.name == "recruitment_situation":
        if not text:
            return ""  # AF makes no judgement for this occupation
        situation = SITUATIONS.get(text.lower())
        if situation is None:
            raise ValueError(
                _(
                    "unknown recruitment situation %(value)s;"
                    " expected brist, balans, överskott or paradox"
                )
                % {"value": quote(text)}
            )
        return situation
    elif field.name == "ageing_population_named":
        if not text:
            return None
        if text.lower() in TRUE_WORDS:
            return True
        if text.lower() in FALSE_WORDS:
            return False
        raise ValueError(_("%(value)s is not 1 or 0") % {"value": quote(text)})
    return text


# ---- storing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    source: str
    rounds: tuple[str, ...]
    rows: int
    replaced: int


@transaction.atomic
def store_assessments(
    user: User | None, rows: list[AssessmentRow], source: str = YRKESBAROMETER
) -> ImportResult:
    """Store checked rows, replacing every stored row of the same source and rounds."""
    require_import(user)
    rounds = tuple(sorted({row.round for row in rows}, key=round_key))
    replaced, _by_model = LabourMarketAssessment.objects.filter(
        source=source, round__in=rounds
    ).delete()
    now = timezone.now()
    imported_by = cast("Any", user) if user is not None and user.is_authenticated else None
    LabourMarketAssessment.objects.bulk_create(
        [
            LabourMarketAssessment(
                source=source,
                round=row.round,
                region_code=row.region_code,
                occupation_area=row.occupation_area,
                occupation=row.occupation,
                ssyk_code=row.ssyk_code,
                ssyk_text=row.ssyk_text,
                recruitment_situation=row.recruitment_situation,
                job_opportunities=row.job_opportunities,
                forecast_5_years=row.forecast_5_years,
                ageing_population_named=row.ageing_population_named,
                line=row.line,
                imported_at=now,
                imported_by=imported_by,
            )
            for row in rows
        ],
        batch_size=1000,
    )
    return ImportResult(source=source, rounds=rounds, rows=len(rows), replaced=replaced)


def import_yrkesbarometer(
    user: User | None, path: Path | str, name: str | None = None
) -> ImportResult:
    """Read a Yrkesbarometer file and store its rounds in one transaction (or nothing).

    Raises ``PermissionDenied`` for a user who may not import data for the whole region and
    ``YrkesbarometerError`` (file:line: column: message) for a bad file.
    """
    require_import(user)
    return store_assessments(user, read_yrkesbarometer(path, name))


# ---- links between AF occupations and our competences -----------------------------------------


def clean_occupation(af_occupation: str) -> str:
    text = str(af_occupation or "").strip()
    if not text:
        raise ValidationError({"af_occupation": _("External occupation: this field is required.")})
    if len(text) > 200:
        raise ValidationError({"af_occupation": _("External occupation: the text is too long.")})
    return text


@transaction.atomic
def link_occupation(
    user: User | None, af_occupation: str, group: OccupationGroup, source: str = YRKESBAROMETER
) -> OccupationLink:
    """Let the AF occupation speak for ``group`` (kept with who and when in the history)."""
    require_link(user)
    name = clean_occupation(af_occupation)
    if not isinstance(group, OccupationGroup) or group.pk is None:
        raise ValidationError({"group": _("Competence: choose a competence.")})
    if OccupationLink.objects.filter(source=source, af_occupation=name, group=group).exists():
        raise ValidationError(
            {
                "group": _("Competence: %(occupation)s is already linked to %(group)s.")
                % {"occupation": name, "group": group.name}
            }
        )
    link = OccupationLink(source=source, af_occupation=name, group=group)
    attribute(link, user).save()
    return link


@transaction.atomic
def unlink_occupation(
    user: User | None, af_occupation: str, group: OccupationGroup, source: str = YRKESBAROMETER
) -> bool:
    """Remove the link; True when there was one."""
    require_link(user)
    link = OccupationLink.objects.filter(
        source=source, af_occupation=str(af_occupation).strip(), group=group
    ).first()
    if link is None:
        return False
    attribute(link, user).delete()
    return True


class LinkFileError(Exception):
    """A link mapping file with problems (``file:line: key: message``)."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class LinkRow:
    line: int
    af_occupation: str
    groups: tuple[str, ...]


def read_link_file(path: Path | str, name: str | None = None) -> tuple[str, list[LinkRow]]:
    """The source and the ``[links]`` of a TOML mapping: ``"AF occupation" = ["Group", …]``."""
    path = Path(path)
    name = name or path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise LinkFileError([f"{name}: {file_problem(error)}"]) from None
    except UnicodeDecodeError:
        raise LinkFileError([f"{name}: " + _("the file is not UTF-8 text")]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, problem = toml_problem(error, text)
        raise LinkFileError([f"{name}:{line}: {problem}"]) from None
    problems: list[str] = []
    source = data.get("source", YRKESBAROMETER)
    if not isinstance(source, str) or not source.strip():
        message = _("expected a text")
        problems.append(f"{name}:{line_of(text, 'source')}: source: {message}")
        source = YRKESBAROMETER
    links = data.get("links")
    if not isinstance(links, dict):
        message = _("the [links] table is missing")
        raise LinkFileError([*problems, f"{name}: links: {message}"])
    rows = []
    for occupation, value in links.items():
        line = line_of(text, f'"{occupation}"', occupation)
        groups = [value] if isinstance(value, str) else value
        if not isinstance(groups, list) or not all(
            isinstance(group, str) and group.strip() for group in groups
        ):
            message = _("expected a competence name or a list of them")
            problems.append(f"{name}:{line}: {occupation}: {message}")
            continue
        if not occupation.strip() or len(occupation.strip()) > 200:
            message = _("not an occupation name")
            problems.append(f"{name}:{line}: {occupation}: {message}")
            continue
        rows.append(LinkRow(line, occupation.strip(), tuple(group.strip() for group in groups)))
    if problems:
        raise LinkFileError(problems)
    return source.strip(), rows


def line_of(text: str, *needles: str) -> int:
    """The first line of ``text`` that starts with one of ``needles`` (else 1)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if any(line.lstrip().startswith(needle) for needle in needles):
            return number
    return 1


@dataclass(frozen=True)
class LinkResult:
    created: tuple[tuple[str, str], ...]  # (AF occupation, competence)
    existing: int
    missing_groups: tuple[str, ...]  # competences named in the file that do not exist here


@transaction.atomic
def store_links(user: User | None, source: str, rows: list[LinkRow]) -> LinkResult:
    """Create the file's links to competences that exist; keep the links already there."""
    require_link(user)
    groups = {group.name: group for group in OccupationGroup.objects.all()}
    existing_pairs = set(
        OccupationLink.objects.filter(source=source).values_list("af_occupation", "group__name")
    )
    created = []
    existing = 0
    missing = set()
    for row in rows:
        for name in row.groups:
            group = groups.get(name)
            if group is None:
                missing.add(name)
            elif (row.af_occupation, name) in existing_pairs:
                existing += 1
            else:
                link = OccupationLink(source=source, af_occupation=row.af_occupation, group=group)
                attribute(link, user).save()
                existing_pairs.add((row.af_occupation, name))
                created.append((row.af_occupation, name))
    return LinkResult(tuple(created), existing, tuple(sorted(missing)))


def load_links(user: User | None, path: Path | str = DEFAULT_LINKS) -> LinkResult:
    """Read a TOML mapping (default: the shipped one) and store its links in one transaction."""
    require_link(user)
    source, rows = read_link_file(path)
    return store_links(user, source, rows)


# ---- the external view per competence ---------------------------------------------------------


@dataclass(frozen=True)
class ExternalJudgement:
    """One AF occupation's judgement in the round."""

    occupation: str
    situation: str
    job_opportunities: str
    forecast_5_years: str

    @property
    def word(self) -> str:
        return situation_word(self.situation)


@dataclass(frozen=True)
class ExternalView:
    """AF's judgement of a competence in one round: the most severe of its linked occupations.

    ``judgements`` lists every linked occupation judged in the round, most severe first.
    ``str(view)`` is the one-line text of the pages: "Arbetsförmedlingen 2026-1: Brist
    (Grundutbildade sjuksköterskor)".
    """

    source: str
    round: str
    region_code: str
    situation: str
    judgements: tuple[ExternalJudgement, ...]

    @property
    def publisher(self) -> str:
        return PUBLISHERS.get(self.source, self.source)

    @property
    def word(self) -> str:
        return situation_word(self.situation)

    @property
    def place(self) -> str:
        """The county when it is not the whole country ("" for AF's national judgement)."""
        return "" if self.region_code == NATIONAL else county_name(self.region_code)

    @property
    def is_shortage(self) -> bool:
        """True when AF judges the competence (its most severe occupation) as brist."""
        return self.situation == RecruitmentSituation.SHORTAGE

    @property
    def occupations(self) -> tuple[str, ...]:
        return tuple(judgement.occupation for judgement in self.judgements)

    @property
    def detail(self) -> str:
        """The occupations in brackets: one name, or each with its own word."""
        if len(self.judgements) == 1:
            return self.judgements[0].occupation
        return "; ".join(f"{item.occupation}: {item.word}" for item in self.judgements)

    def __str__(self) -> str:
        where = f", {self.place}" if self.place else ""
        return f"{self.publisher} {self.round}{where}: {self.word} ({self.detail})"


def situation_word(situation: str) -> str:
    if not situation:
        return _("Not assessed")
    try:
        return str(RecruitmentSituation(situation).label)
    except ValueError:
        return situation


def external_views(
    groups: Iterable[OccupationGroup | str],
    region_code: str = NATIONAL,
    source: str = YRKESBAROMETER,
) -> dict[str, ExternalView]:
    """``external_view`` for many competences at once (two queries), keyed by group name."""
    names = [group.name if isinstance(group, OccupationGroup) else str(group) for group in groups]
    occupations_of: dict[str, set[str]] = defaultdict(set)
    for af_occupation, group_name in OccupationLink.objects.filter(
        source=source, group__name__in=names
    ).values_list("af_occupation", "group__name"):
        occupations_of[group_name].add(af_occupation)
    if not occupations_of:
        return {}
    wanted = set().union(*occupations_of.values())
    by_round: dict[str, dict[str, LabourMarketAssessment]] = defaultdict(dict)
    for row in (
        LabourMarketAssessment.objects.filter(
            source=source, region_code=region_code, occupation__in=wanted
        )
        .exclude(recruitment_situation="")
        .only(
            "round", "occupation", "recruitment_situation", "job_opportunities", "forecast_5_years"
        )
    ):
        by_round[row.round][row.occupation] = row
    views = {}
    for group_name, occupations in occupations_of.items():
        rounds = [name for name, rows in by_round.items() if occupations & rows.keys()]
        if not rounds:
            continue
        latest = max(rounds, key=round_key)
        rows = [by_round[latest][name] for name in occupations if name in by_round[latest]]
        rows.sort(key=lambda row: (-row.severity, row.occupation))
        views[group_name] = ExternalView(
            source=source,
            round=latest,
            region_code=region_code,
            situation=rows[0].recruitment_situation,
            judgements=tuple(
                ExternalJudgement(
                    row.occupation,
                    row.recruitment_situation,
                    row.job_opportunities,
                    row.forecast_5_years,
                )
                for row in rows
            ),
        )
    return views


def external_view(
    group: OccupationGroup | str, region_code: str = NATIONAL, source: str = YRKESBAROMETER
) -> ExternalView | None:
    """AF's judgement for a competence (an ``OccupationGroup`` or its name) in the latest round
    that judges any of its linked occupations; None when none is linked or judged."""
    name = group.name if isinstance(group, OccupationGroup) else str(group)
    return external_views([name], region_code, source).get(name)


# ---- what the page shows ------------------------------------------------------------------------


def latest_rounds() -> list[tuple[str, str]]:
    """(source, latest round) per stored source."""
    rounds: dict[str, list[str]] = defaultdict(list)
    for source, round_name in (
        LabourMarketAssessment.objects.order_by().values_list("source", "round").distinct()
    ):
        rounds[source].append(round_name)
    return [(source, max(names, key=round_key)) for source, names in sorted(rounds.items())]


def links_by_occupation(source: str = YRKESBAROMETER) -> dict[str, list[OccupationLink]]:
    found: dict[str, list[OccupationLink]] = defaultdict(list)
    for link in OccupationLink.objects.filter(source=source).select_related("group"):
        found[link.af_occupation].append(link)
    return found


def situation_counts(rows: Iterable[LabourMarketAssessment]) -> list[tuple[str, str, int]]:
    """(value, word, count) per recruitment situation present, most severe first."""
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row.recruitment_situation] += 1
    order = sorted(counts, key=lambda value: -SEVERITY.get(value, 0))
    return [(value, situation_word(value), counts[value]) for value in order]
