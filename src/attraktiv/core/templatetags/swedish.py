"""Template filters for Swedish figures (see attraktiv.formatting)."""

from django import template

from attraktiv import formatting

register = template.Library()


@register.filter
def tal(value, decimals=0):
    """``{{ 26900|tal }}`` → ``26 900``."""
    return formatting.format_number(value, int(decimals))


@register.filter
def procent(value, decimals=1):
    """``{{ 7.3|procent }}`` → ``7,3 %``."""
    return formatting.format_percent(value, int(decimals))


@register.filter
def ar(value, decimals=2):
    """``{{ 64.61|ar }}`` → ``64,61 år``."""
    return formatting.format_years(value, int(decimals))


@register.filter
def tkr(value):
    """``{{ 26900|tkr }}`` → ``26 900 Tkr``."""
    return formatting.format_tkr(value)


@register.filter
def person(user):
    """``{{ round.locked_by|person }}``: the full name, else the username, else "–"."""
    return formatting.format_person(user) or formatting.MISSING
