"""The documentation stands on its own: every link in README.md and docs/ resolves inside the
repository, and the product's copy of the specifications (docs/spec/) is the region's v1.3."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[4]
SHARED_SPEC = REPOSITORY.parent / "shared" / "spec"
# [text](target) and ![alt](target), skipping absolute URLs and in-page anchors.
MARKDOWN_LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def documents() -> list[Path]:
    return [REPOSITORY / "README.md", *sorted((REPOSITORY / "docs").rglob("*.md"))]


@pytest.mark.parametrize("document", documents(), ids=lambda path: path.name)
def test_every_link_resolves_inside_the_repository(document):
    broken = []
    for target in MARKDOWN_LINK.findall(document.read_text(encoding="utf-8")):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue
        path = (document.parent / target.split("#", 1)[0]).resolve()
        if not path.is_relative_to(REPOSITORY) or not path.exists():
            broken.append(target)
    assert broken == [], f"{document.name}: links that do not resolve in the repository"


def test_the_specification_is_the_products_own_copy():
    names = sorted(path.name for path in (REPOSITORY / "docs" / "spec").glob("*.md"))
    assert names == ["domain.md", "hr-data.md", "pages.md", "supply-plan.md"]
    first_line = (REPOSITORY / "docs" / "spec" / "hr-data.md").read_text().splitlines()[0]
    assert "(v1.3)" in first_line


@pytest.mark.skipif(
    not SHARED_SPEC.is_dir(), reason="../shared/spec is not beside this clone (nothing to compare)"
)
@pytest.mark.parametrize("name", ["domain.md", "hr-data.md", "pages.md", "supply-plan.md"])
def test_the_copy_is_in_step_with_the_regions_specification(name):
    ours = (REPOSITORY / "docs" / "spec" / name).read_text(encoding="utf-8")
    assert ours == (SHARED_SPEC / name).read_text(encoding="utf-8"), (
        f"docs/spec/{name} differs from ../shared/spec/{name}: copy the new version"
    )
