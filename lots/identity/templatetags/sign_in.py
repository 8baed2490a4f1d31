"""``{% load sign_in %}``: whether the person configures a municipality's sign-in (a link to the settings pages)."""

from django import template

register = template.Library()


@register.filter
def configures_sign_in(user) -> bool:
    from lots.identity.views import configurable

    return bool(getattr(user, "is_authenticated", False) and configurable(user))
