"""Daily: the people who may confirm a report about changed needs at its receiving unit hear of it weekly until one
of them has confirmed it (the first mail goes out when it is sent, lots.interventions.services). Safe to run twice."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from lots import access as lots_access
from lots.interventions.access import PARTICIPANTS
from lots.interventions.models import NeedsReport
from lots.interventions.tasks import CONFIRM_WITHIN
from lots.lib.dates import iso_week_key
from lots.notifications.delivery import mail_language
from lots.notifications.services import Mail, send_each_once


def send_reminders(today: datetime.date) -> int:
    week = iso_week_key(today)
    due = NeedsReport.objects.awaiting().filter(sent_on__lte=today - CONFIRM_WITHIN).select_related("unit", "to_unit")
    reports = list(due.order_by("sent_on", "pk"))
    receivers = lots_access.assignments_on_paths({r.to_unit for r in reports}, perm=PARTICIPANTS)
    mails = []
    for report in reports:
        link = settings.SITE_URL + reverse("interventions:report", args=[report.pk])
        people = {a.user.pk: a.user for a in receivers.get(report.to_unit_id, [])}
        for person in people.values():
            with mail_language(to=person):
                subject = _("Påminnelse: %(kind)s från %(unit)s väntar på bekräftelse") % {
                    "kind": report.get_kind_display().lower(),
                    "unit": report.unit.name,
                }
                body = "\n\n".join(
                    [
                        _("%(unit)s skickade en %(kind)s om förändrade behov %(day)s. Den är ännu inte bekräftad som mottagen.")
                        % {
                            "unit": report.unit.name,
                            "kind": report.get_kind_display().lower(),
                            "day": report.sent_on.isoformat(),
                        },
                        _("Bekräfta den här:") + f"\n{link}",
                    ]
                )
            key = f"interventions:report:{report.pk}:{person.pk}:{week}"
            mails.append(Mail(key, person.email, subject, body, link=link))
    return send_each_once(mails)
