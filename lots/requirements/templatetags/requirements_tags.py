from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from lots.requirements.models import Assessment, DemandedAction, FollowUp

register = template.Library()

_LABELS = dict(Assessment.Status.choices)
_BADGES = {
    Assessment.Status.MET: "badge--ok",
    Assessment.Status.PARTLY: "badge--warning",
    Assessment.Status.NOT_MET: "badge--danger",
}


@register.simple_tag
def status_badge(status: str):
    """An assessment status as a badge: green fulfilled, yellow partly, red not fulfilled."""
    return format_html('<span class="badge {}">{}</span>', _BADGES.get(status, ""), _LABELS.get(status, status))


@register.simple_tag
def follow_up_badge(follow_up: FollowUp):
    css = {FollowUp.Status.COMPLETED: "badge--ok", FollowUp.Status.SELF_ASSESSMENT: "badge--warning"}.get(follow_up.status, "")
    return format_html('<span class="badge {}">{}</span>', css, follow_up.get_status_display())


@register.simple_tag
def action_badge(action: DemandedAction, today):
    if action.is_closed:
        return format_html('<span class="badge badge--ok">{}</span>', action.get_status_display())
    if action.is_overdue(today):
        return format_html('<span class="badge badge--danger">{} · {}</span>', action.get_status_display(), _("försenad"))
    css = "badge--warning" if action.status == DemandedAction.Status.REPORTED else ""
    return format_html('<span class="badge {}">{}</span>', css, action.get_status_display())
