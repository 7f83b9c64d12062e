"""``attraktiv report``: a paper as a file, the format from ``-o``, the programme choice of
``programme export`` (exit 2 with the codes), and ``--user`` reading as a user's roles."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from attraktiv.reports import kinds
from attraktiv.reports.kinds import ReportInputs
from attraktiv.reports.management.commands.report import region_administrator

pytestmark = pytest.mark.usefixtures("programmes")


def test_several_programmes_and_none_named_list_the_codes_and_exit_2(tmp_path):
    for command in (
        ("report", "drawdown", "-o", str(tmp_path / "x.pdf")),
        ("programme", "export"),
    ):
        with pytest.raises(CommandError) as error:
            call_command(*command, stdout=io.StringIO())
        assert error.value.returncode == 2, command
        assert "attraktiv-arbetsgivare-2018" in str(error.value)
        assert "pa-program-2027" in str(error.value)
    assert not (tmp_path / "x.pdf").exists()


def test_the_drawdown_paper_as_excel_from_the_suffix(tmp_path):
    out = tmp_path / "medel.xlsx"
    call_command(
        "report",
        "drawdown",
        "--programme",
        "attraktiv-arbetsgivare-2018",
        "-o",
        str(out),
        stdout=io.StringIO(),
    )
    workbook = openpyxl.load_workbook(out)
    cells = [c for s in workbook.worksheets for r in s.iter_rows(values_only=True) for c in r]
    assert 26900 in cells and "Totalt" in cells


def test_the_audit_answer_as_html_and_bad_inputs_exit_2(tmp_path):
    out = tmp_path / "svar.html"
    call_command("report", "audit", "--audit", "7/2022", "-o", str(out), stdout=io.StringIO())
    text = out.read_text(encoding="utf-8")
    assert "7/2022" in text and "Seniora medarbetare" in text
    with pytest.raises(CommandError) as error:
        call_command("report", "audit", "--audit", "9/2099", "-o", str(out))
    assert error.value.returncode == 2 and "7/2022" in str(error.value)
    with pytest.raises(CommandError) as error:
        call_command("report", "audit", "--audit", "7/2022", "-o", str(tmp_path / "svar.txt"))
    assert error.value.returncode == 2 and ".pdf" in str(error.value)


def test_user_reads_as_that_users_roles(tmp_path, demo_users):
    """Cecilia Chef holds figures in PV-NORR only: a unit of HS is refused for her, while
    the command's own region-wide access reaches it."""
    out = tmp_path / "sjuk.html"
    with pytest.raises(CommandError) as error:
        call_command("report", "sickleave", "--unit", "HS", "--user", "chef", "-o", str(out))
    assert error.value.returncode == 2 and "--unit" in str(error.value)
    kinds.check(ReportInputs("sickleave", unit="HS"), region_administrator())
    with pytest.raises(CommandError) as error:
        call_command("report", "sickleave", "--user", "nobody", "-o", str(out))
    assert error.value.returncode == 2
