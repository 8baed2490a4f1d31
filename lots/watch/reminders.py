"""Daily reminders of the deadline watch: the responsible worker hears of a visit or reconsideration two weeks
before it falls due and once when it is overdue; the unit manager hears weekly of the unit's overdue placements.
Keys name the placement's case and unit, the deadline and its due date, so a new import with the same deadline
does not send it again. Safe to run twice a day."""

import datetime

from django.conf import settings
from django.db.models import Count, Min
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lots import access
from lots.lib.dates import iso_week_key
from lots.notifications.delivery import mail_language
from lots.notifications.services import Mail, send_each_once
from lots.organisation.models import Unit
from lots.watch.models import Placement
from lots.watch.tasks import MANAGER_ROLES

DUE_SOON = datetime.timedelta(days=14)


def _worker_mails(today: datetime.date) -> list[Mail]:
    mails = []
    placements = (
        Placement.objects.current()
        .active_on(today)
        .filter(next_due__lte=today + DUE_SOON)
        .select_related("worker", "unit")
        .order_by("pk")
    )
    for p in placements:
        link = settings.SITE_URL + reverse("watch:detail", args=[p.pk])
        with mail_language(to=p.worker):
            for what, label, due in (
                ("visit", _("Besök"), p.visit_due),
                ("reconsideration", _("Övervägande/omprövning"), p.reconsideration_due),
            ):
                if due is None or due > today + DUE_SOON:
                    continue
                overdue = due < today
                subject = _("%(what)s: placering %(ref)s") % {"what": label, "ref": p.case_reference}
                when = _("skulle ha gjorts senast %(due)s") if overdue else _("ska göras senast %(due)s")
                body = "\n\n".join(
                    [
                        _("%(what)s i placering %(ref)s på %(unit)s %(when)s.")
                        % {"what": label, "ref": p.case_reference, "unit": p.unit.name, "when": when % {"due": due.isoformat()}},
                        _("Registrera det i verksamhetssystemet; det syns i Lots efter nästa inläsning."),
                        _("Placeringen:") + f"\n{link}",
                    ]
                )
                stage = "overdue" if overdue else "due"
                key = f"watch:{p.unit_id}:{p.case_reference}:{what}:{due.isoformat()}:{p.worker_id}:{stage}"
                mails.append(Mail(key, p.worker.email, subject, body, link=link))
    return mails


def _manager_mails(today: datetime.date) -> list[Mail]:
    week = iso_week_key(today)
    overdue = list(
        Placement.objects.current()
        .overdue_on(today)
        .values("unit_id")
        .annotate(count=Count("pk"), first_due=Min("next_due"))
        .order_by("unit_id")
    )
    if not overdue:
        return []
    units = {u.pk: u for u in Unit.objects.filter(pk__in=[row["unit_id"] for row in overdue])}
    managers = access.assignments_on_paths(units.values(), roles=MANAGER_ROLES)
    mails = []
    for row in overdue:
        unit = units[row["unit_id"]]
        found = managers.get(unit.pk, [])
        nearest = [a for a in found if a.unit_id == found[0].unit_id] if found else []
        link = settings.SITE_URL + reverse("watch:index") + "?" + urlencode({"unit": unit.pk, "status": "forsenade"})
        for assignment in nearest:
            with mail_language(to=assignment.user):
                subject = _("%(n)s försenade bevakningar på %(unit)s") % {"n": row["count"], "unit": unit.name}
                body = "\n\n".join(
                    [
                        _(
                            "%(n)s placeringar på %(unit)s har ett besök eller övervägande som är försenat, det äldsta "
                            "sedan %(due)s."
                        )
                        % {"n": row["count"], "unit": unit.name, "due": row["first_due"].isoformat()},
                        _("Se listan:") + f"\n{link}",
                    ]
                )
            key = f"watch:unit:{unit.pk}:{assignment.user_id}:{week}"
            mails.append(Mail(key, assignment.user.email, subject, body, link=link))
    return mails


def send_reminders(today: datetime.date) -> int:
    return send_each_once(_worker_mails(today) + _manager_mails(today))
