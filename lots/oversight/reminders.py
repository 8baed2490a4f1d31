"""Daily: managers hear of their unit's yearly access review two weeks before it is due and weekly while it is overdue;
quality coordinators hear the same of each month's log follow-up not yet signed. Safe to run twice a day."""

import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from lots import access
from lots.access.review import REVIEW
from lots.lib.dates import iso_week_key
from lots.notifications.services import Mail, mail_language, send_each_once
from lots.organisation.models import Municipality
from lots.oversight import tasks

DUE_SOON = datetime.timedelta(days=14)


def send_reminders(today: datetime.date) -> int:
    week = iso_week_key(today)
    mails = []
    for person in access.people_in(Municipality.objects.values_list("pk", flat=True), perm=REVIEW):
        with mail_language(to=person):  # the task titles and the text in the person's language
            for task in tasks.tasks_for(person, today):
                if task.due - today > DUE_SOON:
                    continue
                overdue = task.due < today
                link = settings.SITE_URL + task.url
                when = _("skulle ha varit klar %(due)s") if overdue else _("ska vara klar senast %(due)s")
                body = "\n\n".join(
                    [
                        _("%(task)s %(when)s.") % {"task": task.title, "when": when % {"due": task.due.isoformat()}},
                        _("Gör den här:") + f"\n{link}",
                    ]
                )
                stage = f"overdue:{week}" if overdue else "due"
                key = f"oversight:{task.url}:{task.due}:{person.pk}:{stage}"
                mails.append(Mail(key, person.email, task.title, body, link=link))
    return send_each_once(mails)
