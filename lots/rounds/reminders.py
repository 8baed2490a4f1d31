"""Daily: the owner of an action from a round hears of it two weeks before it is due and weekly while it is overdue; a
manager hears the same of the unit's yearly follow-up of the work-environment work, and a department head of the
department's action plan still to decide. Safe to run twice a day."""

import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from lots import access
from lots.access.policy import DEPARTMENT_HEADS, MANAGERS
from lots.accounts.models import User
from lots.lib.dates import iso_week_key
from lots.notifications.delivery import mail_language
from lots.notifications.services import Mail, send_each_once
from lots.organisation.models import Municipality
from lots.rounds import tasks
from lots.rounds.models import Action


def _people(today: datetime.date):
    owners = Action.objects.not_done().filter(due_date__lte=today + tasks.DUE_SOON).values("owner_id")
    people = set(User.objects.filter(pk__in=owners, is_active=True))
    municipalities = Municipality.objects.values_list("pk", flat=True)
    people |= set(access.people_in(municipalities, roles=DEPARTMENT_HEADS))
    if today.month in (1, 12):
        people |= set(access.people_in(municipalities, roles=MANAGERS))
    return sorted(people, key=lambda p: p.pk)


def send_reminders(today: datetime.date) -> int:
    week = iso_week_key(today)
    mails = []
    for person in _people(today):
        with mail_language(to=person):
            for task in tasks.tasks_for(person, today):
                if task.due - today > tasks.DUE_SOON:
                    continue
                overdue = task.due < today
                link = settings.SITE_URL + task.url
                when = _("skulle ha varit klar %(due)s") if overdue else _("ska vara klar senast %(due)s")
                body = "\n\n".join(
                    [
                        _("%(task)s %(when)s.") % {"task": task.title, "when": when % {"due": task.due.isoformat()}},
                        _("Se den här:") + f"\n{link}",
                    ]
                )
                stage = f"overdue:{week}" if overdue else "due"
                mails.append(Mail(f"rounds:{task.url}:{task.due}:{person.pk}:{stage}", person.email, task.title, body, link=link))
    return send_each_once(mails)
