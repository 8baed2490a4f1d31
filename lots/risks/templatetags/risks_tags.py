from django import template
from django.utils.translation import gettext as _

from lots.improvements import access as improvement_access
from lots.risks import access as risk_access
from lots.risks.compliance import format_percent, format_points
from lots.risks.models import Assessment

register = template.Library()


@register.filter
def percent(value):
    return format_percent(value)


@register.filter
def points(value):
    return format_points(value)


@register.filter
def answer_short(assessment):
    """A short, colour-free mark for a record review grid: Ja / Nej / Ej t."""
    if assessment is None:
        return "–"
    return {
        Assessment.Answer.MET: _("Ja"),
        Assessment.Answer.NOT_MET: _("Nej"),
        Assessment.Answer.NOT_APPLICABLE: _("Ej t."),
    }[assessment.answer]


@register.simple_tag
def can_read_consequence(user) -> bool:
    """For the module's navigation: the consequence statement link only for those the page opens for."""
    return risk_access.can_read_consequence(user)


@register.filter
def opened_by(action, user) -> bool:
    """Whether ``user`` may open the improvement action's page: a governing document is read from below as well,
    its actions only where their own unit allows, so the title links to the action only then."""
    return improvement_access.can_view(user, action)
