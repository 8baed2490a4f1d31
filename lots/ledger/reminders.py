"""Daily: raise the tasks the ledgers call for on the day (the long administration and the lasting surplus depend on
the date, not on an entry), then mail the managers nearest each ledger's unit who may reconcile it: once for each task
raised, and weekly while a month's reconciliation is overdue. Mails name the unit, not the client's reference.
Safe to run twice a day."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from lots import access
from lots.ledger import services
from lots.ledger.access import RECONCILE
from lots.ledger.models import Ledger, LedgerTask, due_month
from lots.lib.dates import iso_week_key
from lots.notifications.delivery import mail_language
from lots.notifications.services import Mail, send_each_once


def _nearest(holders: list) -> list:
    if not holders:
        return []
    depth = holders[0].unit.depth
    return [a.user for a in holders if a.unit.depth == depth]


def send_reminders(today: datetime.date) -> int:
    services.tasks_check_all(today=today)
    week = iso_week_key(today)
    mails = []
    open_tasks = list(LedgerTask.objects.filter(resolved_on__isnull=True).select_related("ledger__unit").order_by("pk"))
    overdue = list(Ledger.objects.reconciliation_overdue(today).select_related("unit").order_by("pk"))
    units = {t.ledger.unit_id: t.ledger.unit for t in open_tasks} | {ledger.unit_id: ledger.unit for ledger in overdue}
    holders = access.assignments_on_paths(units.values(), perm=RECONCILE)
    for task in open_tasks:
        link = settings.SITE_URL + reverse("ledger:detail", args=[task.ledger_id])
        for person in _nearest(holders.get(task.ledger.unit_id, [])):
            with mail_language(to=person):
                subject = _("Egna medel: %(task)s") % {"task": task.get_kind_display().lower()}
                body = "\n\n".join(
                    [
                        _("En förmedling av egna medel på %(unit)s behöver en åtgärd: %(task)s (%(reason)s).")
                        % {
                            "unit": task.ledger.unit.name,
                            "task": task.get_kind_display().lower(),
                            "reason": task.get_reason_display().lower(),
                        },
                        _("Se förmedlingen och skriv vad som gjordes:") + f"\n{link}",
                    ]
                )
            mails.append(Mail(f"ledger:task:{task.pk}:{person.pk}", person.email, subject, body, link=link))
    month = due_month(today)
    for ledger in overdue:
        link = settings.SITE_URL + reverse("ledger:detail", args=[ledger.pk])
        for person in _nearest(holders.get(ledger.unit_id, [])):
            with mail_language(to=person):
                subject = _("Egna medel: avstämningen för %(month)s saknas") % {"month": f"{month:%Y-%m}"}
                body = "\n\n".join(
                    [
                        _("Månadens avstämning för %(month)s av en förmedling av egna medel på %(unit)s är inte gjord.")
                        % {"month": f"{month:%Y-%m}", "unit": ledger.unit.name},
                        _("Gör avstämningen här:") + f"\n{link}",
                    ]
                )
            key = f"ledger:reconcile:{ledger.pk}:{month:%Y-%m}:{person.pk}:{week}"
            mails.append(Mail(key, person.email, subject, body, link=link))
    return send_each_once(mails)
