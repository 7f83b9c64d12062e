"""Template helpers of the audit pages."""

from __future__ import annotations

from django import template

from attraktiv.audits.models import MeasureStatus
from attraktiv.audits.services import status_word

register = template.Library()

# pages.md, "Tone": a status is a word and a symbol, never colour alone.
SYMBOLS = {
    MeasureStatus.NOT_STARTED: "○",
    MeasureStatus.IN_PROGRESS: "…",
    MeasureStatus.DONE: "✓",
    MeasureStatus.NOT_DONE: "✕",
}


@register.filter
def status_symbol(status: str) -> str:
    """``{{ measure.status|status_symbol }}`` → ``✓`` for a measure that is done."""
    return SYMBOLS.get(status, "")  # type: ignore[call-overload]


@register.filter
def status_label(status: str) -> str:
    """``{{ measure.status|status_label }}`` → ``Klar``."""
    return status_word(status)


@register.filter
def get_item(mapping: dict | None, key: object) -> object:
    """``{{ forms|get_item:recommendation.pk }}``."""
    return (mapping or {}).get(key)
