"""``{% status_badge status %}``: a status light as a word, a symbol and a colour (pages.md)."""

from django import template
from django.utils.html import format_html

from attraktiv.formatting import format_exact
from attraktiv.programmes.display import status_text

register = template.Library()


@register.simple_tag
def status_badge(status: str) -> str:
    if not status:
        return ""
    return format_html('<span class="status status--{}">{}</span>', status, status_text(status))


@register.filter
def exact(value) -> str:
    """A stored figure with the decimals it has, the Swedish way: ``62,5``."""
    return format_exact(value)
