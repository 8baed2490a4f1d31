"""``{% load sign_in %}``: whether the person configures a municipality's sign-in (a link to the settings pages)."""

from django import template

register = template.Library()


@register.filter
def configures_sign_in(user) -> bool:
    from lots.identity.views import configurable

    return bool(getattr(user, "is_authenticated", False) and configurable(user))


@register.filter
def sign_in_identities(person, user) -> list:
    """``person``'s links to identity providers of the municipalities whose sign-in ``user`` configures."""
    from lots.identity.models import ExternalIdentity
    from lots.identity.views import configurable

    municipalities = configurable(user) if getattr(user, "is_authenticated", False) else []
    if not municipalities:
        return []
    found = ExternalIdentity.objects.filter(user=person, provider__municipality__in=municipalities)
    return list(found.select_related("provider").order_by("provider__name"))
