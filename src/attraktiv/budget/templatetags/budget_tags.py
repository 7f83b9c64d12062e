"""Template filters of the budget pages."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def minus(value: Decimal | None, other: Decimal | None) -> Decimal | None:
    """``{{ outcome|minus:amount }}``: the difference, or None when either is missing."""
    if value is None or other is None:
        return None
    return Decimal(value) - Decimal(other)
