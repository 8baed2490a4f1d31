from django import template

register = template.Library()


@register.inclusion_tag("feedback/includes/deadline.html")
def deadline(case, today):
    """The countdown to the case's deadline, or how it ended."""
    days = case.days_left(today)
    return {"case": case, "days": days, "late": -days, "closed": case.is_closed, "in_time": case.completed_in_time}


@register.inclusion_tag("feedback/includes/radio_group.html")
def radio_group(field):
    return {"field": field}


@register.filter
def percent(part, whole):
    return round(100 * part / whole) if whole else 0
