"""Daily: the delegating manager hears of a return (returnering) the day it comes and weekly until they answer it;
a manager hears of a delegation waiting for their signature once, and weekly once it is overdue; a delegation that
needs a new owner is mailed weekly to its delegating manager and the unit's quality coordinators. Safe to run twice
a day (each mail has its key)."""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from lots import access
from lots.accounts.models import Role, User
from lots.lib.dates import iso_week_key
from lots.notifications.delivery import mail_language
from lots.notifications.services import Mail, send_each_once
from lots.organisation.models import Municipality
from lots.workenv import tasks
from lots.workenv.models import Delegation, TaskReturn


def _people() -> list[User]:
    """Everyone who may have a task here: the parties of pending delegations, the delegating managers of unanswered
    returns and of current delegations, and the quality coordinators."""
    ids = set(TaskReturn.objects.unanswered().values_list("delegation__delegator_id", flat=True))
    pending = Delegation.objects.pending().values_list("delegator_id", "receiver_id")
    ids.update(pk for pair in pending for pk in pair)
    ids.update(Delegation.objects.current().values_list("delegator_id", flat=True))
    coordinators = access.people_in(Municipality.objects.values_list("pk", flat=True), roles=[Role.KVALITETSSAMORDNARE])
    return list(User.objects.filter(Q(pk__in=ids) | Q(pk__in=coordinators.values("pk")), is_active=True).order_by("pk"))


def send_reminders(today: datetime.date) -> int:
    week = iso_week_key(today)
    mails = []
    for person in _people():
        # The key names the task by its Swedish title, so a person who changes language gets no second reminder.
        with translation.override(settings.LANGUAGE_CODE):
            keyed = tasks.tasks_for(person, today)
        with mail_language(to=person) as language:
            shown = keyed if language == settings.LANGUAGE_CODE else tasks.tasks_for(person, today)
            for key_task, task in zip(keyed, shown, strict=True):
                overdue = task.due < today
                stage = f"weekly:{week}" if overdue or task.due == today else "first"
                link = settings.SITE_URL + task.url
                body = "\n\n".join(
                    [
                        _("%(task)s (senast %(due)s).") % {"task": task.title, "due": task.due.isoformat()},
                        _("Gör det här:") + f"\n{link}",
                    ]
                )
                key = f"workenv:{person.pk}:{stage}:{key_task.url}:{key_task.title[:80]}"
                mails.append(Mail(key, person.email, task.title, body, link=link))
    return send_each_once(mails)
