"""Errors and warnings of a data set, as ``file:line: column: message`` (hr-data.md §1, Bad input).

The messages are Swedish, written for the HR administrator who corrects the file (issue 12:
no English in the Swedish interface); values in them are quoted ``”…”`` by ``quote``. The
engine has no Django and no gettext: the text is simply Swedish.

``Issue``, ``DatasetError`` and ``format_issues`` are re-exported by
``attraktiv.hrdata.reader``, which is where callers import them from.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .pseudonym import ATTEMPT_DIGITS, DASHES, SPACES

PER_RULE = 50
"""Issues kept per file, column and rule; the rest are counted in one summary issue."""
SHOWN = 50
"""Issues shown at most, then a count (hr-data.md §1, Bad input)."""
MORE = "… och"
"""How a summary issue's message begins (``… och 62 rader till med samma fel``)."""

_NUMBER_RUN = re.compile(f"[0-9](?:[0-9+{DASHES}{SPACES}]*[0-9])?")
"""A run of digits, spaces, ``+`` and dashes: a personnummer in any spelling is one (§1, v1.3)."""


def _personnummer_runs(text: str) -> list[re.Match[str]]:
    """The runs in ``text`` with at least as many digits as a personnummer attempt.

    Longer runs count too: two numbers side by side are still two personnummer.
    """
    return [
        run
        for run in _NUMBER_RUN.finditer(text)
        if sum(char.isdigit() for char in run.group()) >= ATTEMPT_DIGITS[0]
    ]


@dataclass(frozen=True)
class Issue:
    """One error or warning, located as a text editor shows it (hr-data.md §1, Bad input).

    ``line`` is the line with the header as line 1 (for a workbook the sheet row, for
    Parquet the row index + 2); ``column`` the column name as in the file's header.
    ``count`` is the number of problems the issue stands for: 1, or for a summary issue
    ("… och 62 rader till med samma fel") the lines it sums up.
    """

    file: str
    line: int | None
    column: str | None
    message: str
    count: int = 1

    def __post_init__(self) -> None:
        # The last guard (§1, persons): whatever a rule put in, no column name (a header can
        # be a data row) and no message ever carries a personnummer, in any spelling.
        if self.column is not None:
            object.__setattr__(self, "column", redact(self.column))
        object.__setattr__(self, "message", redact(self.message))

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.column:
            return f"{where}: {self.column}: {self.message}"
        return f"{where}: {self.message}"


class DatasetError(Exception):
    """The data set has errors and is rejected whole (hr-data.md §1, Bad input)."""

    def __init__(self, errors: list[Issue], warnings: list[Issue] | None = None):
        self.errors = list(errors)
        self.warnings = list(warnings or [])
        super().__init__("\n".join(format_issues(self.errors)))


def format_issues(issues: Sequence[object], limit: int = SHOWN) -> list[str]:
    """At most ``limit`` issues (or their lines) as text, then one ``… och N till`` line
    (§1, Bad input)."""
    lines = [str(issue) for issue in issues[:limit]]
    if len(issues) > limit:
        lines.append(f"… och {whole(len(issues) - limit)} till")
    return lines


def whole(number: int) -> str:
    """A whole number as Swedish text, thousands apart: ``10 000``."""
    return f"{number:,}".replace(",", "\u00a0")


def quote(value: object, limit: int = 40) -> str:
    """A value for a message: in Swedish quotation marks (``”…”``), shortened, and never a
    personnummer (§1, persons)."""
    text = str(value)
    if _personnummer_runs(text):
        return "(ett värde som liknar ett personnummer; det upprepas inte här)"
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return "\u201d" + text + "\u201d"


def redact(text: str) -> str:
    """``text`` with anything that may be a personnummer, in any spelling, replaced (e.g. a
    parser's message; §1, v1.3 spellings)."""
    for run in reversed(_personnummer_runs(text)):
        text = text[: run.start()] + "(personnummer)" + text[run.end() :]
    return text


class Collector:
    """Collects every error and warning; keeps ``PER_RULE`` per rule and counts the rest."""

    def __init__(self, per_rule: int = PER_RULE):
        self.per_rule = per_rule
        self.errors: list[Issue] = []
        self.warnings: list[Issue] = []
        self._extra: Counter[tuple[bool, str, str | None, str]] = Counter()
        self._kept: Counter[tuple[bool, str, str | None, str]] = Counter()

    def add(self, issue: Issue, *, rule: str | None = None, warning: bool = False) -> None:
        key = (warning, issue.file, issue.column, rule or issue.message)
        if self._kept[key] >= self.per_rule:
            self._extra[key] += 1
            return
        self._kept[key] += 1
        (self.warnings if warning else self.errors).append(issue)

    def add_many(
        self,
        issues: Iterable[Issue],
        total: int,
        *,
        file: str,
        column: str | None,
        rule: str,
        warning: bool = False,
    ) -> None:
        """Add ``issues`` (the first few of ``total`` of the same rule) and count the rest."""
        key = (warning, file, column, rule)
        added = 0
        for issue in issues:
            self.add(issue, rule=rule, warning=warning)
            added += 1
        if total > added:
            self._extra[key] += total - added

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    def finish(self) -> None:
        """Append one summary issue per rule whose issues were not all kept."""
        for (warning, file, column, _), extra in self._extra.items():
            issue = Issue(
                file,
                None,
                column,
                f"{MORE} {whole(extra)} {'rad' if extra == 1 else 'rader'} till med samma fel",
                extra,
            )
            (self.warnings if warning else self.errors).append(issue)
        self._extra.clear()


_TOML_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$|\s*\(at end of document\)$")
_TOML_REASONS = (
    ("Invalid value", "ogiltigt värde (text ska stå inom citattecken)"),
    ("Invalid statement", "raden är varken nyckel = värde eller [avsnitt]"),
    ("Expected '=' after a key", "likhetstecken saknas efter nyckeln"),
    ("Expected ']' at the end of a table", "] saknas i slutet av avsnittets namn"),
    ("Expected ']]' at the end of an array", "]] saknas i slutet av avsnittets namn"),
    ("Unclosed array", "listan avslutas inte med ]"),
    ("Unclosed inline table", "tabellen avslutas inte med }"),
    ("Unterminated string", "texten avslutas inte med citattecken"),
    ("Illegal character '\\n'", "texten avslutas inte med citattecken på samma rad"),
    ("Cannot overwrite a value", "samma nyckel har redan ett värde"),
    ("Cannot declare", "samma avsnitt finns två gånger"),
    ("Duplicate inline table key", "samma nyckel finns två gånger"),
    ("Invalid date or datetime", "ogiltigt datum (skriv ÅÅÅÅ-MM-DD)"),
)


def toml_problem(error: Exception, text: str) -> tuple[int, str]:
    """The line and a Swedish description of a ``tomllib.TOMLDecodeError`` in ``text``.

    Python's message (``Invalid value (at line 3, column 9)``) is English; the common reasons
    are said in Swedish and the rest as "otillåtet tecken eller uttryck", with the place (an
    error at the end of the document is on the last line)."""
    message = str(error)
    where = _TOML_WHERE.search(message)
    reason = message[: where.start()] if where else message
    said = next((sv for en, sv in _TOML_REASONS if reason.startswith(en)), None)
    said = "filen är inte giltig TOML: " + (said or "otillåtet tecken eller uttryck")
    if where and where.group(1):
        return int(where.group(1)), f"{said} (vid tecken {where.group(2)})"
    return max(len(text.splitlines()), 1), f"{said} (i slutet av filen)"


_JSON_REASONS = (
    ("Expecting value", "här ska ett värde stå"),
    ("Expecting ',' delimiter", "kommatecken saknas"),
    ("Expecting ':' delimiter", "kolon saknas"),
    ("Expecting property name", "fältets namn ska stå inom dubbla citattecken"),
    ("Unterminated string", "texten avslutas inte med citattecken"),
    ("Invalid control character", "otillåtet styrtecken i en text"),
    ("Extra data", "mer text efter datats slut"),
    ("Invalid \\", "ogiltig kombination med \\ i en text"),
)


def json_problem(error: Exception) -> str:
    """A Swedish description of a ``json.JSONDecodeError`` (whose ``msg`` is English)."""
    reason = str(getattr(error, "msg", error))
    return next((sv for en, sv in _JSON_REASONS if reason.startswith(en)), "otillåtet tecken")


def file_problem(error: OSError) -> str:
    """Why a file could not be opened, in Swedish (``OSError.strerror`` is English)."""
    if isinstance(error, FileNotFoundError):
        return "filen finns inte"
    if isinstance(error, IsADirectoryError):
        return "det är en mapp, inte en fil"
    if isinstance(error, PermissionError):
        return "filen får inte läsas (behörighet saknas)"
    return "filen kan inte läsas"
