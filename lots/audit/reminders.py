"""Daily: the audit log is verified (lots.audit.chain), and on a break the quality coordinators are told, once per break.

A break in a municipality's chain goes to that municipality's quality coordinators; a break in the global
chain (logins, API keys) or in the database's own guards concerns every municipality's coordinators.
"""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from lots import access
from lots.accounts.models import Role
from lots.audit import chain
from lots.notifications.services import Mail, mail_language, send_each_once
from lots.organisation.models import Municipality, Unit


def send_reminders(today: datetime.date) -> int:
    result = chain.verify(anchor_file=settings.AUDIT_ANCHOR_FILE)
    mails = []
    for found in result.breaks:
        for person in _coordinators(found.chain):
            with mail_language(to=person):
                body = _(
                    "Kontrollen av loggen över ändringar och läsningar hittade ett brott i kedjan av kontrollsummor:\n\n"
                    "%(break)s\n\n"
                    "Det betyder att loggen kan ha ändrats, tömts eller fått poster infogade förbi Lots, direkt i databasen. "
                    "Kontakta den som driftar databasen och be om en utredning; kör `manage.py verify_audit_log` för hela "
                    "rapporten.\n%(link)s\n"
                ) % {"break": str(found), "link": f"{settings.SITE_URL}{reverse('audit:search')}"}
                subject = _("Loggen är bruten")
            mails.append(Mail(f"audit-break:{found.key}:{person.pk}", person.email, subject, body))
    # An alarm, not something falling due: it goes out at once, not in the day's digest.
    return send_each_once(mails, in_digest=False)


def _coordinators(chain_number: int | None) -> list:
    if chain_number:
        municipality_ids = Unit.objects.filter(pk=chain_number).values_list("municipality_id", flat=True)
    else:
        municipality_ids = Municipality.objects.values_list("pk", flat=True)
    return list(access.people_in(municipality_ids, roles=[Role.KVALITETSSAMORDNARE]))
