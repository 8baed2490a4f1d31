"""A task's title names its unit or municipality as written, in Swedish: on a page in another language the name is
marked ``lang="sv"`` so the page's lang attribute tells the truth. Swedish pages are unchanged. A task's due date is
written short, with its year when that is not this year's."""

from django import template
from django.template.defaultfilters import date as format_date
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()


@register.filter(is_safe=True)
def name_in_swedish(text, name):
    """``text`` escaped, with each occurrence of ``name`` wrapped in ``<span lang="sv">`` unless the page is Swedish."""
    escaped = conditional_escape(text)
    if not name or (get_language() or "sv").split("-")[0] == "sv":
        return escaped
    marked = format_html('<span lang="sv">{}</span>', name)
    return mark_safe(str(escaped).replace(str(conditional_escape(name)), str(marked)))


@register.filter
def due_day(day, today):
    """"25 maj" this year; "31 dec 2025" in another year, so that a date long past does not read as a coming one."""
    return format_date(day, "j b" if day.year == today.year else "j b Y")
