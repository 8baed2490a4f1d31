from django import template

from lots.indicators.charts import fmt

register = template.Library()


@register.filter
def num(value) -> str:
    """A figure the Swedish way: decimal comma, no trailing zeros, "–" when missing."""
    return fmt(value)
