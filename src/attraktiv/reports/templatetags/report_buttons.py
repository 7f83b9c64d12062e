"""``{% report_buttons "drawdown" programme=code %}``: the download buttons of a page where a
board paper belongs (issue 13 §4). They post the kind and its inputs to the Rapporter page's
form, so the paper is made by the same job, kept as a version and downloaded from its row
there: one way to make a report, whichever page it starts from."""

from __future__ import annotations

from typing import Any

from django import template

from attraktiv.reports.kinds import KINDS

register = template.Library()


@register.inclusion_tag("reports/download_block.html", takes_context=True)
def report_buttons(context: dict[str, Any], kind: str, **inputs: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "title": KINDS[kind].title,
        "inputs": [(name, value) for name, value in inputs.items() if value not in ("", None)],
        "csrf_token": context.get("csrf_token"),
    }
