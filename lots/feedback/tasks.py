"""'Mina uppgifter': open cases the person handles, and cases escalated to them; complaint delegation tracks awaiting
the person's decision, and tracks escalated to them."""

import datetime

from django.db.models import Q
from django.utils.translation import gettext as _

from lots import access
from lots.feedback import access as feedback_access
from lots.feedback.models import DelegationRequest
from lots.home.my_tasks import Task


def tasks_for(user, today: datetime.date) -> list[Task]:
    return _case_tasks(user) + _delegation_tasks(user)


def _delegation_tasks(user) -> list[Task]:
    deciding = access.has_perm_anywhere(user, "feedback.decide_delegation")
    if not deciding and not access.has_perm_anywhere(user, "feedback.view"):
        return []
    mine = Q(escalated_to=user)
    if deciding:
        mine |= Q(case__in=feedback_access.deciding(user).values("pk"))
    tracks = (
        DelegationRequest.objects.undecided()
        .filter(mine, case__in=feedback_access.visible(user).values("pk"))
        .select_related("case", "case__unit")
        .order_by("due_date", "pk")
    )
    tasks = []
    for track in tracks:
        template = (
            _("Eskalerat: klagomålsdelegationen, %(ref)s")
            if track.escalated_to_id == user.pk
            else _("Klagomålsdelegationen: beslut om %(ref)s")
        )
        tasks.append(
            Task(
                title=template % {"ref": track.case.reference},
                due=track.due_date,
                url=track.case.get_absolute_url(),
                module=_("Synpunkter"),
                unit_name=track.case.unit.name,
            )
        )
    return tasks


def _case_tasks(user) -> list[Task]:
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
