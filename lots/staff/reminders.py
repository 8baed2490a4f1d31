"""Daily: introductions and checks of employments that have ended are closed; employees hear of their introduction
items and the undertaking, unit managers of unfinished introductions and missing checks, when a task falls due and
weekly while it is overdue. Safe to run twice a day."""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from lots import access
from lots.accounts.models import User
from lots.lib.dates import iso_week_key
from lots.notifications.delivery import mail_language
from lots.notifications.services import Mail, send_each_once
from lots.organisation.models import Unit
from lots.staff import services, tasks
from lots.staff.models import Employment, HiringCheck, IntroductionItem


def _people(today: datetime.date) -> list[User]:
    """Employees with something open, and the managers of the units where something is open."""
    horizon = today + tasks.HORIZON
    items = IntroductionItem.objects.outstanding().filter(introduction__status="open", due_on__lte=horizon)
    checks = HiringCheck.objects.filter(status=HiringCheck.Status.PENDING, due_on__lte=horizon)
    unit_ids = set(items.values_list("introduction__unit_id", flat=True)) | set(checks.values_list("unit_id", flat=True))
    employee_ids = set(items.values_list("introduction__employment__person_id", flat=True))
    unsigned = Employment.objects.current(today).filter(undertakings__isnull=True)
    employee_ids |= set(unsigned.values_list("person_id", flat=True))
    people = {p.pk: p for p in User.objects.filter(Q(pk__in=employee_ids), is_active=True)}
    for unit in Unit.objects.filter(pk__in=unit_ids):
        for person in access.people_holding(unit, roles=tasks.UNIT_MANAGERS):
            people.setdefault(person.pk, person)
    return sorted(people.values(), key=lambda p: p.pk)


def send_reminders(today: datetime.date) -> int:
    services.employments_close_ended(today=today)
    week = iso_week_key(today)
    mails = []
    for person in _people(today):
        # The key names the task by its Swedish title, so a person who changes language gets no second reminder.
        with translation.override(settings.LANGUAGE_CODE):
            keyed = tasks.tasks_for(person, today)
        with mail_language(to=person) as language:
            shown = keyed if language == settings.LANGUAGE_CODE else tasks.tasks_for(person, today)
            for key_task, task in zip(keyed, shown, strict=True):
                overdue = task.due < today
                if not overdue and task.due != today and task.due - today != tasks.HORIZON:
                    continue
                link = settings.SITE_URL + task.url
                when = _("skulle ha varit klart %(due)s") if overdue else _("ska vara klart senast %(due)s")
                body = "\n\n".join(
                    [_("%(task)s – %(when)s.") % {"task": task.title, "when": when % {"due": task.due.isoformat()}}, link]
                )
                stage = f"overdue:{week}" if overdue else f"due:{task.due}"
                key = f"staff:{key_task.url}:{key_task.title[:60]}:{person.pk}:{stage}"
                mails.append(Mail(key, person.email, task.title, body, link=link))
    return send_each_once(mails)
