"""Nobody is shown a link they may not follow (issue 12, fault 5).

For each demo role, Django's test client on the real database walks every internal link
from the start page, breadth-first: a small synthetic region through the real import and
recompute, the seed programmes (plans, budget, audits, a locked follow-up), an open round
and a base run of the supply plan. Every link followed must answer 2xx or 3xx: a 403 or 404
means the page showed a link its reader may not follow (the board member's "Åtkomst nekad"
on the programme's indicators).

Not followed: files (links with ``download`` or a file ending), the logout and other forms,
static files, links off the site. Django's admin and the API's pages are opened but not
walked further (they are Django's and django-ninja's own). A page's query-string variants
(years, units, breakdown tabs) are bounded per path, and the walk per role by ``MAX_PAGES``.
"""

from __future__ import annotations

import datetime
from collections import deque
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

MAX_PAGES = 400
VARIANTS_PER_PATH = 4
EMPLOYEES = 300
YEARS = (2019, 2024)
FILE_ENDINGS = (".csv", ".xlsx", ".yaml", ".json", ".toml", ".zip", ".png", ".svg", ".pdf")
NOT_WALKED = ("/admin/", "/api/")


class Links(HTMLParser):
    """The ``href`` of every ``<a>`` that is not a download."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href") and "download" not in found:
            self.hrefs.append(found["href"] or "")


def links_of(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.hrefs


@dataclass(frozen=True)
class Broken:
    url: str
    status: int
    linked_from: str


def internal(href: str, page: str) -> str | None:
    """The link as a site path with its query (no fragment), or None when it is not followed."""
    url = urlsplit(urljoin("http://testserver" + page, href))
    if url.scheme not in ("http", "https") or url.netloc != "testserver":
        return None
    if url.path.startswith(settings.STATIC_URL) or url.path.endswith(FILE_ENDINGS):
        return None
    if url.path == reverse("accounts:logout"):
        return None
    return url.path + (f"?{url.query}" if url.query else "")


def crawl(client) -> tuple[list[Broken], int]:
    """Walk the site from the start page; the links that answered 4xx, and the pages seen."""
    start = reverse("core:home")
    queue = deque([(start, "(start)")])
    seen = {start}
    variants: dict[str, int] = {}
    broken = []
    visited = 0
    while queue and visited < MAX_PAGES:
        url, linked_from = queue.popleft()
        response = client.get(url)
        visited += 1
        if response.status_code >= 400:
            broken.append(Broken(url, response.status_code, linked_from))
            continue
        if response.status_code in (301, 302, 303, 307, 308):
            targets = [response["Location"]]
        elif url.startswith(NOT_WALKED) or "html" not in response.get("Content-Type", ""):
            continue
        else:
            targets = links_of(response.content.decode())
        for href in targets:
            target = internal(href, url)
            if target is None or target in seen:
                continue
            path = target.partition("?")[0]
            if "?" in target:
                if variants.get(path, 0) >= VARIANTS_PER_PATH:
                    continue
                variants[path] = variants.get(path, 0) + 1
            seen.add(target)
            queue.append((target, url))
    return broken, visited


@pytest.fixture
def demo_world(tmp_path, demo_users):
    """The demo roles on a small synthetic region stored and computed through the real
    parts, with the seed programmes, an open follow-up round and a base supply plan."""
    from attraktiv.core.management.commands.demo import DEMO_ROUND_PROGRAMME, load_demo_programmes
    from attraktiv.datasets.services import store_dataset
    from attraktiv.followups.models import RoundKind
    from attraktiv.followups.services import open_round
    from attraktiv.hrdata.reader import read_dataset
    from attraktiv.measurements.services import recompute
    from attraktiv.programmes.models import Programme
    from attraktiv.supplyplan.services import execute_run, request_run
    from attraktiv.synthetic.generator import generate

    generate(tmp_path, employees=EMPLOYEES, years=YEARS)
    record = store_dataset(read_dataset(tmp_path, pseudonym_key=settings.PSEUDONYM_KEY).tables)
    load_demo_programmes()
    recompute(source_import=record)
    strategist = demo_users["hrstrateg"]
    execute_run(request_run(strategist, YEARS[1], runs=5).pk)
    open_round(
        strategist,
        Programme.objects.get(code=DEMO_ROUND_PROGRAMME),
        RoundKind.FOLLOW_UP,
        f"Uppföljning {YEARS[1]}",
        datetime.date(YEARS[1], 1, 1),
        datetime.date(YEARS[1], 12, 31),
        datetime.date(YEARS[1] + 1, 1, 31),
    )
    return demo_users


# The recompute and the supply plan read the stored data on a connection of their own: the
# data must be committed (on PostgreSQL they would wait for the test's transaction).
@pytest.mark.django_db(transaction=True)
def test_every_link_shown_to_each_role_can_be_followed(client, demo_world):
    report = []
    for username, user in demo_world.items():
        client.force_login(user)
        broken, visited = crawl(client)
        print(f"{username}: {visited} pages, {len(broken)} broken links")
        report += [
            f"{username}: {link.url} answered {link.status} (linked from {link.linked_from})"
            for link in broken
        ]
        client.logout()
    assert not report, f"{len(report)} links lead to a refusal:\n" + "\n".join(report)
