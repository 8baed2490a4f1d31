from django import template
from django.utils.html import format_html

register = template.Library()

BADGES = {"met": "badge--ok", "partly": "badge--warning", "not_met": "badge--danger"}
STATUS_BADGES = {"done": "badge--ok", "ongoing": "", "not_started": "", "stopped": "badge--danger"}


@register.filter
def assessment_badge(value: str | None) -> str:
    """The badge class of an assessment; the label is always written out beside the colour."""
    return BADGES.get(value or "", "badge--warning")


@register.filter
def status_badge(value: str | None) -> str:
    return STATUS_BADGES.get(value or "", "")


@register.filter
def call_late(activity, today) -> bool:
    """Whether the activity is past its end date and neither done nor stopped."""
    return activity.is_late(today)


@register.filter(is_safe=True)
def sv(value):
    """Marks text entered in Swedish (names, titles, analyses) as Swedish, so that an English page reads it as such."""
    if value is None or value == "":
        return value
    return format_html('<span lang="sv">{}</span>', value)
