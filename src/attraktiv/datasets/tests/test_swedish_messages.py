"""A broken data set is explained in Swedish, naming file, line and column (issue 12).

One data set breaks the rules of hr-data.md §1 in seven ways (a missing column, a date that
does not exist, a number that is no number, an unknown unit, a repeated key, a miswritten
personnummer, a file in neither encoding). It goes through the ``import`` and ``kpi``
commands as an HR administrator runs them; every line they print, and every error the
import keeps for its page, must be Swedish: no English word, and each names its file and
line, and its column where the problem lies in one.
"""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from attraktiv.datasets.models import ImportRecord, ImportStatus
from attraktiv.hrdata.schema import TABLES
from attraktiv.hrdata.tests.helpers import PNR, PNR_DIGITS, english_words, write_dataset

EMPLOYMENTS_HEADER = (
    "employment_id,person_id,unit_id,occupation_code,start_date,end_date,rate,pay_form,"
    "form,manager,weekly_hours,end_reason"
)

# (file, line, column) of each error the broken data set must give, and what it is.
EXPECTED = {
    ("units.csv", 1, "name"): "kolumnen krävs men finns inte i rubrikraden",
    ("persons.csv", 2, "person_id"): "ser ut som ett felskrivet personnummer",
    ("employments.csv", 3, "start_date"): "datumet ”2019-13-01” finns inte (skriv ÅÅÅÅ-MM-DD)",
    ("employments.csv", 3, "rate"): "”sjuttiofem” är inget tal",
    ("employments.csv", 4, "unit_id"): "”E9” finns inte som unit_id i units.csv",
    ("employments.csv", 5, "employment_id"): "samma employment_id finns redan på rad 2",
    ("absences.csv", 3, None): "filen är varken UTF-8- eller Windows-1252-text",
}


def broken_folder(folder: Path) -> Path:
    write_dataset(
        folder,
        replace={
            "units.csv": {1: "unit_id,namn,parent_id,kind"},
            "persons.csv": {2: "811218-9875,,"},  # the check digit is wrong
            "employments.csv": {
                3: "A2,P2,E2,USK,2019-13-01,2023-12-31,sjuttiofem,M,visstid,1,38.25,",
                4: "A3,P3,E9,USK,2021-01-01,,,T,visstid,,,",
            },
        },
        append={"employments.csv": [f"A1,{PNR},E1,SSK,2022-01-01,,100,M,tillsvidare,0,40,"]},
    )
    absences = f"person_id,start_date,end_date,type,extent\n{PNR},2021-01-04,2021-01-08,sjuk,\n"
    (folder / "absences.csv").write_bytes(absences.encode() + b"P2,2021-02-01,\x81\x8d,sjuk,\n")
    return folder


LINE = re.compile(r"^(?P<file>[\w.]+\.csv):(?P<line>\d+): (?:(?P<column>\w+): )?(?P<message>.+)$")


def errors_printed(stderr: str) -> dict[tuple[str, int, str | None], str]:
    """The ``file:line: column: message`` lines a command printed, by their place."""
    found = {}
    for text in stderr.splitlines():
        if text.startswith("varning: "):
            continue
        match = LINE.match(text)
        if match is None:
            continue
        column = match["column"]
        if column is not None and column not in {c for s in TABLES.values() for c in s.names}:
            column, message = None, f"{column}: {match['message']}"
        else:
            message = match["message"]
        found[(match["file"], int(match["line"]), column)] = message
    return found


def assert_swedish(stderr: str) -> None:
    for text in stderr.splitlines():
        assert not english_words(text), (english_words(text), text)
        digits = re.sub(r"\D", "", text)
        assert PNR_DIGITS not in digits and "8112189875" not in digits  # nor the miswritten one


@pytest.mark.django_db
def test_the_import_command_explains_every_error_in_swedish(tmp_path):
    folder = broken_folder(tmp_path / "trasig")
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exit:
        call_command("import", str(folder), "--no-recompute", stdout=out, stderr=err)
    assert exit.value.code == 2
    stderr = err.getvalue()
    assert_swedish(stderr)
    printed = errors_printed(stderr)
    for place, message in EXPECTED.items():
        assert place in printed, (place, stderr)
        assert printed[place].startswith(message), (place, printed[place])
    assert "varning: units.csv:1: namn: okänd kolumn, hoppas över" in stderr
    assert stderr.rstrip().endswith(f"{len(printed)} fel: inget har lästs in.")

    # The import's page lists the same errors, each with its file, line and column.
    record = ImportRecord.objects.get()
    assert record.status == ImportStatus.REJECTED
    for issue in [*record.errors, *record.warnings]:
        assert issue["file"] and issue["line"], issue
        assert not english_words(issue["message"]), issue
        if issue["file"] != "absences.csv":
            assert issue["column"], issue
    kept = {(e["file"], e["line"], e["column"]) for e in record.errors}
    assert set(EXPECTED) <= kept


def test_the_kpi_command_explains_every_error_in_swedish(tmp_path):
    folder = broken_folder(tmp_path / "trasig")
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("kpi", str(folder), "--year", "2024", stdout=StringIO(), stderr=err)
    assert caught.value.returncode == 2
    assert_swedish(err.getvalue() + "\n" + str(caught.value))
    printed = errors_printed(err.getvalue())
    for place, message in EXPECTED.items():
        assert printed[place].startswith(message), (place, printed)
    assert str(caught.value).startswith(f"{len(printed)} fel i ")


def test_the_english_word_check_can_fail():
    """The check above would catch the messages this issue replaced."""
    assert english_words("employments.csv:3: start_date: '2019-13-01' is not a valid date")
    assert english_words("units.csv:1: name: the required column is missing from the header")
    assert not english_words(
        "employments.csv:4: unit_id: ”E9” finns inte som unit_id i units.csv (kolumnerna i "
        "units är unit_id, name, parent_id, kind)"
    )
