"""Test hygiene the repository keeps (issue 14 §6): shared test code lives in ``helpers``
modules, never in a conftest that tests import; pytest's ``testpaths`` name only what exists."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[4]
CONFTEST_IMPORT = re.compile(r"^\s*(from\s+\S*conftest\s+import|import\s+\S*conftest)", re.M)


def test_no_test_imports_a_conftest():
    offenders = [
        str(path.relative_to(REPOSITORY))
        for path in sorted((REPOSITORY / "src").rglob("*.py"))
        if CONFTEST_IMPORT.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], f"move what these import into a helpers module: {offenders}"


def test_testpaths_name_only_what_exists():
    settings = tomllib.loads((REPOSITORY / "pyproject.toml").read_text(encoding="utf-8"))
    testpaths = settings["tool"]["pytest"]["ini_options"]["testpaths"]
    assert testpaths
    assert [path for path in testpaths if not (REPOSITORY / path).is_dir()] == []
