"""A task's title names its unit or municipality as written, in Swedish: on a page in another language the name is
marked ``lang="sv"`` so the page's lang attribute tells the truth. Swedish pages are unchanged."""

from django import template
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
