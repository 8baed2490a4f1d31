from django import template

from lots.access.authentication import can_reset_factors

register = template.Library()


@register.inclusion_tag("mfa/_reset_form.html", takes_context=True)
def reset_factors_form(context, person):
    """The button on a person's page that removes their second factors, for those who may."""
    from lots.mfa.devices import has_any_factor

    request = context["request"]
    can_reset = can_reset_factors(request.user, person)
    return {
        "person": person,
        "can_reset": can_reset,
        "has_factor": can_reset and has_any_factor(person),
        "csrf_token": context.get("csrf_token"),
    }
