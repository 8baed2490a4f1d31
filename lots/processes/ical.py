"""A person's iCalendar feed: their calendar tasks, reviews they own, routines to read, improvement actions, and every
other deadline "Mina uppgifter" holds for them (deviation steps with the IVO target date, complaint due dates …)."""

import datetime
import hashlib

from django.utils import timezone
from icalendar import Calendar, Event

from lots.home.my_tasks import tasks_for
from lots.processes.acknowledgements import pending_for
from lots.processes.calendar import responsible_q
from lots.processes.models import CalendarTask, Process, Routine

DOMAIN = "lots.invalid"


def _event(uid: str, summary: str, day: datetime.date, url: str, description: str = "") -> Event:
    event = Event()
    event.add("uid", f"{uid}@{DOMAIN}")
    event.add("summary", summary)
    event.add("dtstart", day)
    event.add("dtend", day + datetime.timedelta(days=1))
    event.add("dtstamp", timezone.now())
    event.add("transp", "TRANSPARENT")
    if url:
        event.add("url", url)
    text = "\n".join(part for part in (description, url) if part)
    if text:
        event.add("description", text)
    return event


def build(user, *, base_url: str, today: datetime.date) -> bytes:
    """The feed as bytes. ``base_url`` (scheme and host) makes the links absolute."""
    calendar = Calendar()
    calendar.add("prodid", "-//Lots//Årshjul//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Lots – mina uppgifter")
    calendar.add("x-wr-timezone", "Europe/Stockholm")
    first = datetime.date(today.year - 1, 1, 1)
    last = datetime.date(today.year + 1, 12, 31)
    tasks = CalendarTask.objects.filter(responsible_q(user), due_date__range=(first, last)).select_related("unit")
    for task in tasks:
        summary = f"{task.title} ({task.unit.name})" + (" – klar" if task.is_done else "")
        calendar.add_component(
            _event(f"calendar-task-{task.pk}", summary, task.due_date, base_url + task.get_absolute_url(), task.description)
        )
    for routine in Routine.objects.filter(owner=user, review_date__isnull=False):
        calendar.add_component(
            _event(
                f"routine-review-{routine.pk}-{routine.review_date:%Y%m%d}",
                f"Översyn av rutinen {routine.title}",
                routine.review_date,
                base_url + routine.get_absolute_url(),
            )
        )
    for process in Process.objects.filter(owner=user, review_date__isnull=False):
        calendar.add_component(
            _event(
                f"process-review-{process.pk}-{process.review_date:%Y%m%d}",
                f"Översyn av processen {process.name}",
                process.review_date,
                base_url + process.get_absolute_url(),
            )
        )
    for routine in pending_for(user, today):
        version = routine.current_version
        if version.acknowledge_by:
            calendar.add_component(
                _event(
                    f"routine-read-{version.pk}",
                    f"Läs rutinen {routine.title} (version {version.number})",
                    version.acknowledge_by,
                    base_url + routine.get_absolute_url(),
                )
            )
    from lots.improvements.models import ImprovementAction

    for action in ImprovementAction.objects.open().filter(owner=user, due_date__isnull=False):
        calendar.add_component(
            _event(
                f"improvement-{action.pk}",
                f"Förbättringsåtgärd: {action.title}",
                action.due_date,
                base_url + action.get_absolute_url(),
            )
        )
    # Every module's deadlines for the person, as "Mina uppgifter" shows them; those already in the feed above (the
    # same page on the same day) are not repeated. The title names case numbers, never people.
    listed = {(str(event.get("url")), event.decoded("dtstart")) for event in calendar.walk("VEVENT")}
    for task in tasks_for(user, today):
        url = base_url + task.url
        if (url, task.due) in listed:
            continue
        listed.add((url, task.due))
        digest = hashlib.sha256(f"{task.module}|{task.title}|{task.url}".encode()).hexdigest()[:20]
        summary = f"{task.title} ({task.unit_name})" if task.unit_name else task.title
        calendar.add_component(_event(f"task-{digest}", summary, task.due, url, str(task.module)))
    return calendar.to_ical()
