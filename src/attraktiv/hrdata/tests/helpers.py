"""A small valid data set (hr-data.md §1) written to real files, and ways to break it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from attraktiv.hrdata.reader import DatasetError, ReadResult, read_dataset
from attraktiv.hrdata.schema import TABLES

KEY = "test-instance-secret"
TODAY = dt.date(2025, 6, 1)
PNR = "811218-9876"  # Skatteverket's example number: valid Luhn, a man born 1981-12-18
PNR_DIGITS = "8112189876"

BASE: dict[str, list[str]] = {
    "units.csv": [
        "unit_id,name,parent_id,kind",
        "R,Regionen,,region",  # 2
        "F1,Förvaltning,R,forvaltning",  # 3
        "E1,Enhet 1,F1,enhet",  # 4
        "E2,Enhet 2,F1,enhet",  # 5
    ],
    "persons.csv": [
        "person_id,birth_date,gender",
        f"{PNR},,",  # 2
        "P2,1970-05-01,K",  # 3
        "P3,1985-01-31,man",  # 4
    ],
    "employments.csv": [
        "employment_id,person_id,unit_id,occupation_code,start_date,end_date,rate,pay_form,"
        "form,manager,weekly_hours,end_reason",
        f"A1,{PNR},E1,SSK,2020-01-01,,100,M,tillsvidare,0,40,",  # 2
        "A2,P2,E2,USK,2019-01-01,2023-12-31,75,M,visstid,1,38.25,visstid_slut",  # 3
        "A3,P3,E2,USK,2021-01-01,,,T,visstid,,,",  # 4
    ],
    "absences.csv": [
        "person_id,start_date,end_date,type,extent",
        f"{PNR},2021-01-04,2021-01-08,sjuk,100",  # 2
        "P2,2021-02-01,2021-02-28,foraldraledig,50",  # 3
        "P2,2021-03-01,2021-03-05,sjuk,",  # 4
    ],
    "surveys.csv": [
        "survey,year,respondent,unit_id,manager,gender,question,answer",
        "MU2024,2024,r1,E1,0,K,HME1,4",  # 2
        "MU2024,2024,r1,E1,0,K,HME2,5",  # 3
        "MU2024,2024,r2,E2,1,M,hme1,",  # 4
    ],
    "staffing.csv": [
        "unit_id,month,own_hours,hired_hours,own_cost,hired_cost",
        "E1,2024-01,1000,50,400000,30000",  # 2
        "E2,2024-01,800,,,",  # 3
    ],
    "sam.csv": [
        "year,unit_id,manager_key,compliant",
        "2024,E1,m1,1",  # 2
        "2024,E2,m2,0",  # 3
    ],
    "salaries.csv": [
        "person_id,date,monthly_salary",
        f"{PNR},2024-01-01,42000",  # 2
        "P2,2024-01-01,38500.5",  # 3
    ],
    "occupations.csv": [
        "occupation_code,name,group",
        "SSK,Sjuksköterska,Sjuksköterska",  # 2
        "USK,Undersköterska,",  # 3
    ],
}


def write_dataset(
    folder: Path,
    replace: dict[str, dict[int, str]] | None = None,
    append: dict[str, list[str]] | None = None,
    drop: tuple[str, ...] = (),
) -> Path:
    """Write BASE to ``folder``: ``replace[file][line]`` swaps a line (header = 1)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, lines in BASE.items():
        if name in drop:
            continue
        lines = list(lines)
        for line, text in (replace or {}).get(name, {}).items():
            lines[line - 1] = text
        lines += (append or {}).get(name, [])
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def read(folder: Path, **kwargs: object) -> ReadResult:
    return read_dataset(folder, pseudonym_key=KEY, today=TODAY, **kwargs)  # type: ignore[arg-type]


def errors_of(folder: Path, **kwargs: object) -> list[str]:
    """The error lines of a data set that must be rejected."""
    with pytest.raises(DatasetError) as caught:
        read(folder, **kwargs)
    return [str(issue) for issue in caught.value.errors]


def luhn_complete(nine: str) -> str:
    """The ten digits YYMMDDNNN + the Luhn check digit."""
    total = 0
    for position, char in enumerate(nine):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return nine + str((10 - total % 10) % 10)


# Words of English error messages; none may appear in what the administrator reads.
ENGLISH = re.compile(
    r"\b(must|invalid|column|columns|expected|missing|row|rows|file|line|lines|the|is|not|"
    r"value|required|allowed|unknown|number|date|error|errors|warning|should|found|no|"
    r"and|more|imported|nothing|than|with)\b",
    re.IGNORECASE,
)
# The contract's own names (tables, columns) and the files' names stay as they are written.
NAMES = sorted(
    {*TABLES, *(column for schema in TABLES.values() for column in schema.names)}, key=len
)[::-1]


def english_words(text: str) -> list[str]:
    """The English words in ``text`` once the contract's names, paths and files are taken out."""
    text = re.sub(r"\S*/\S*|[\w.\[\]-]+\.(csv|xlsx|parquet)\b", " ", text)  # paths, files
    for name in NAMES:
        text = re.sub(rf"(?<![\w]){re.escape(name)}(?![\w])", " ", text)
    return ENGLISH.findall(text)
