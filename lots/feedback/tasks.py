"""'Mina uppgifter': open cases the person handles, and cases escalated to them."""

import datetime

from django.db.models import Q
from django.utils.translation import gettext as _

from lots import access
from lots.feedback import access as feedback_access
from lots.home.my_tasks import Task


def tasks_for(user, today: datetime.date) -> list[Task]:
    if not access.has_perm_anywhere(user, "feedback.handle"):
        return []
    cases = (
        feedback_access.handled_by(user)
        .open()
        .filter(Q(handler=user) | Q(escalated_to=user))
        .select_related("unit")
        .order_by("due_date", "pk")
    )
    tasks = []
    for case in cases:
        if case.escalated_to_id == user.pk and case.handler_id != user.pk:
            title = _("Eskalerat: %(kind)s %(ref)s") % {"kind": case.get_kind_display(), "ref": case.reference}
        else:
            title = _("%(kind)s %(ref)s: %(status)s") % {
                "kind": case.get_kind_display(),
                "ref": case.reference,
                "status": case.get_status_display().lower(),
            }
        tasks.append(
            Task(title=title, due=case.due_date, url=case.get_absolute_url(), module=_("Synpunkter"), unit_name=case.unit.name)
        )
    return tasks
