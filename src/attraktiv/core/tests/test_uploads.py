"""Issue 11, part 8: every upload the product takes is held to the upload limit while it is
received, with the Swedish message on the form field: Kolada, Yrkesbarometer and a scenario
file (the HR data's upload is tested in ``datasets/tests/test_upload_limits.py``)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from attraktiv.benchmarks.models import KoladaValue
from attraktiv.forecasts.models import LabourMarketAssessment
from attraktiv.hrdata.limits import FileLimits
from attraktiv.supplyplan.models import Scenario

pytestmark = pytest.mark.django_db

LIMIT = 10_000  # bytes: the messages say 10 kB


@pytest.fixture
def small_limit(settings, tmp_path):
    settings.FILE_LIMITS = FileLimits(upload_bytes=LIMIT, unpacked_bytes=5 * LIMIT)
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path
    return tmp_path


@pytest.mark.parametrize(
    ("url", "field", "name", "fields"),
    [
        ("/jamforelser/ladda-upp/", "data_file", "kolada.json", {}),
        ("/prognoser/ladda-upp/", "data_file", "yrkesbarometer.csv", {}),
        ("/kompetensforsorjning/scenarier/", "toml_file", "plan.toml", {"name": "Stor"}),
    ],
)
def test_a_file_over_the_limit_is_refused_on_its_field(
    client_as, small_limit, url, field, name, fields
):
    upload = SimpleUploadedFile(name, b" " * (LIMIT + 1))
    response = client_as("hrstrateg").post(url, {**fields, field: upload})
    assert response.status_code == 200
    assert (
        f"Filen {name} är större än 10\u00a0kB, den största storlek som tas emot."
        in response.content.decode()
    )
    assert list(small_limit.iterdir()) == []
    assert not KoladaValue.objects.exists()
    assert not LabourMarketAssessment.objects.exists()
    assert not Scenario.objects.exists()
