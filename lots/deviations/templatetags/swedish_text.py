"""User data in Swedish on a page that may be in English.

Names of units, categories and people and the texts people wrote stay as they were written. When the page is in
another language, ``{{ value|sv }}`` wraps such a value in ``<span lang="sv">`` so the page's lang attribute tells
the truth (a screen reader reads it with Swedish pronunciation). In Swedish the value is shown as it is, so the
Swedish pages are unchanged. Usable inside ``blocktranslate … with name=value|sv``.
"""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()


@register.filter(is_safe=True)
def sv(value):
    if value is None or value == "":
        return value
    if (get_language() or "sv").split("-")[0] == "sv":
        return conditional_escape(value)
    return format_html('<span lang="sv">{}</span>', value)


@register.filter(is_safe=True)
def sv_within(text, name):
    """``text`` (an English or Swedish sentence) with each occurrence of ``name`` marked as Swedish on a page in another
    language: a chart's title that ends with the unit's name."""
    escaped = conditional_escape(text)
    if not name or (get_language() or "sv").split("-")[0] == "sv":
        return escaped
    return mark_safe(escaped.replace(conditional_escape(name), str(sv(name))))
