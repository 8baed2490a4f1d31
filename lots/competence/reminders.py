"""Daily: a unit manager with staff whose appraisal is overdue hears of it once a week while it stays so. The mail
names how many, not who: the names are on the status list the link opens. Safe to run twice a day."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lots import access
from lots.competence.tasks import UNIT_MANAGERS, overdue_for
from lots.lib.dates import iso_week_key
from lots.notifications.delivery import mail_language
from lots.notifications.services import Mail, send_each_once
from lots.organisation.models import Municipality


def send_reminders(today: datetime.date) -> int:
    week = iso_week_key(today)
    link = settings.SITE_URL + reverse("competence:index") + "?show=overdue"
    mails = []
    for person in access.people_in(Municipality.objects.values_list("pk", flat=True), roles=UNIT_MANAGERS):
        with mail_language(to=person):
            count = overdue_for(person, today).count()
            if not count:
                continue
            subject = ngettext("%(n)s medarbetarsamtal är försenat", "%(n)s medarbetarsamtal är försenade", count) % {"n": count}
            body = "\n\n".join(
                [
                    _(
                        "Medarbetarsamtal hålls minst en gång om året. %(n)s av dina medarbetare har gått mer än tolv "
                        "månader utan samtal."
                    )
                    % {"n": count},
                    _("Se vilka och registrera samtalen här:") + f"\n{link}",
                ]
            )
            mails.append(Mail(f"competence:overdue:{person.pk}:{week}", person.email, subject, body, link=link))
    return send_each_once(mails)
