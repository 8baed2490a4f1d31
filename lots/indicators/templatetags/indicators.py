"""Template helpers: Swedish numbers, and the indicators shown on the process pages (detail and register marker)."""

from django import template
from django.utils import timezone

from lots.indicators.charts import fmt

register = template.Library()


@register.filter
def num(value) -> str:
    """A figure the Swedish way: decimal comma, no trailing zeros, "–" when missing."""
    return fmt(value)


@register.inclusion_tag("indicators/_process.html", takes_context=True)
def process_indicators(context, process):
    """The process's indicators with this year's targets and latest values, for the process page (Katrineholm §5.1)."""
    from lots.indicators import access as indicator_access
    from lots.indicators import selectors

    request = context.get("request")
    user = getattr(request, "user", None)
    year = timezone.localdate().year
    rows = selectors.for_process(process, year)
    with_target = sum(1 for row in rows if row.target is not None)
    return {
        "process": process,
        "rows": rows,
        "year": year,
        "too_few": with_target < 2,
        "measures_goals": any(row.indicator.goals.filter(year=year).exists() for row in rows),
        "can_create": user is not None and indicator_access.changeable_units(user).exists(),
    }


@register.simple_tag(takes_context=True)
def process_lack(context, process):
    """What the process lacks this year (None when nothing): read once per page for the whole municipality."""
    from lots.indicators import selectors

    year = timezone.localdate().year
    # Kept on the request: every node of the register is its own include, with its own render context.
    holder = context.get("request")
    cache = getattr(holder, "_indicator_lacks", None)
    if cache is None:
        cache = {}
        if holder is not None:
            holder._indicator_lacks = cache
    key = (process.municipality_id, year)
    if key not in cache:
        cache[key] = selectors.lacking_processes(process.municipality_id, year)
    return cache[key].get(process.pk)
