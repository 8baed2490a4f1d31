"""A review coming up or past is the owner's task and reminder mail, and shows on the overview."""

import datetime
import io

from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from lots.accounts.models import Role
from lots.agreements.overview_widget import widget
from lots.agreements.tasks import tasks_for
from lots.agreements.tests.helpers import TODAY, make_agreement


def test_an_agreement_past_its_review_is_on_the_owners_task_list(world):
    owner = world.persona(Role.ENHETSCHEF)
    make_agreement(world, [world.own], title="Försenad", owner=owner, review_date=TODAY - datetime.timedelta(days=3))
    make_agreement(world, [world.own], title="Snart", owner=owner, review_date=TODAY + datetime.timedelta(days=10))
    make_agreement(world, [world.own], title="Långt fram", owner=owner, review_date=TODAY + datetime.timedelta(days=90))
    tasks = tasks_for(owner, TODAY)
    titles = [t.title for t in tasks if "Översyn" in t.title]
    assert titles == ["Översyn av samverkansöverenskommelse: Försenad", "Översyn av samverkansöverenskommelse: Snart"]
    assert tasks[0].is_overdue(TODAY)
    assert [t for t in tasks_for(world.persona(Role.AVDELNINGSCHEF), TODAY) if "Översyn" in t.title] == []


def test_a_draft_or_ended_agreement_is_not_a_review_task(world):
    owner = world.persona(Role.ENHETSCHEF)
    make_agreement(world, [world.own], owner=owner, active=False, review_date=TODAY - datetime.timedelta(days=3))
    assert [t for t in tasks_for(owner, TODAY) if "Översyn" in t.title] == []


def test_the_overview_counts_the_agreements_past_review_and_links_to_that_list(world, client_for):
    reader = world.persona(Role.AVDELNINGSCHEF)
    make_agreement(world, [world.sub], title="Försenad", review_date=TODAY - datetime.timedelta(days=3))
    make_agreement(world, [world.own], title="I tid")
    make_agreement(world, [world.other], title="Annan avdelning", review_date=TODAY - datetime.timedelta(days=3))
    shown = widget(reader, world.own, TODAY)
    figures = {f.key: f for f in shown.figures}
    assert figures["review_overdue"].value == 1 and figures["review_overdue"].tone == "danger"
    assert figures["in_force"].value == 2
    listed = client_for(reader).get(figures["review_overdue"].url)
    assert listed.status_code == 200
    assert listed.context["page_obj"].paginator.count == 1
    assert "Försenad" in listed.content.decode()


def test_the_overview_shows_nothing_to_those_who_may_not_read_the_register(world):
    make_agreement(world, [world.own], review_date=TODAY - datetime.timedelta(days=3))
    assert widget(world.persona(Role.EXTERN_UTFORARE), world.own, TODAY) is None
    assert widget(world.persona(Role.AVDELNINGSCHEF), world.other, TODAY) is None


@override_settings(LOTS_REMINDER_DIGEST=False)
def test_the_owner_is_reminded_once_before_and_weekly_after_the_review_date(world, django_capture_on_commit_callbacks):
    owner = world.persona(Role.ENHETSCHEF)
    make_agreement(world, [world.own], title="Snart", owner=owner, review_date=TODAY + datetime.timedelta(days=20))
    make_agreement(world, [world.own], title="Sen", owner=owner, review_date=TODAY - datetime.timedelta(days=2))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", date=TODAY.isoformat(), stdout=io.StringIO())
    subjects = sorted(m.subject for m in mail.outbox if owner.email in m.to and "versyn" in m.subject)
    assert subjects == [
        "Försenad översyn: Sen",
        f"Översyn senast {TODAY + datetime.timedelta(days=20):%Y-%m-%d}: Snart",
    ]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", date=TODAY.isoformat(), stdout=io.StringIO())
    assert [m for m in mail.outbox if "versyn" in m.subject] == []


def test_the_reports_overview_shows_the_widget(world, client_for):
    make_agreement(world, [world.own], title="Försenad", review_date=TODAY - datetime.timedelta(days=3))
    page = client_for(world.persona(Role.KVALITETSSAMORDNARE)).get(reverse("reports:dashboard"), {"unit": world.own.pk})
    assert page.status_code == 200
    content = page.content.decode()
    assert "Samverkansöverenskommelser" in content and "Översynen försenad" in content


def test_a_calendar_task_for_the_yearly_review_links_to_the_register_at_its_unit(world):
    from lots.agreements.calendar_links import AGREEMENT_REVIEW
    from lots.processes.calendar import module_links
    from lots.processes.models import CalendarTask

    task = CalendarTask(unit=world.own, title="Översyn av samverkansöverenskommelser", due_date=TODAY)
    assert module_links()[AGREEMENT_REVIEW](task) == f"{reverse('agreements:index')}?unit={world.own.pk}"


@override_settings(LOTS_REMINDER_DIGEST=False)
def test_staff_who_have_not_read_an_agreement_hear_weekly_from_a_week_before_the_read_by_date(
    world, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from lots.agreements import services
    from lots.agreements.models import Agreement

    agreement = make_agreement(world, [world.own], title="Läs mig")
    other = make_agreement(world, [world.other], title="Annan avdelning")
    fresh = make_agreement(world, [world.own], title="Ny")
    long_ago = timezone.now() - datetime.timedelta(days=25)
    Agreement.objects.filter(pk__in=[agreement.pk, other.pk]).update(activated_at=long_ago)
    reader = world.persona(Role.ENHETSCHEF)
    services.agreement_acknowledge(actor=reader, agreement=Agreement.objects.get(pk=agreement.pk))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", date=TODAY.isoformat(), stdout=io.StringIO())
    to = {m.to[0] for m in mail.outbox if m.subject == "Läs samverkansöverenskommelsen: Läs mig"}
    assert world.persona(Role.MEDARBETARE).email in to
    assert reader.email not in to
    # Nobody on "other" is a persona here; the new agreement is still more than a week from its read-by date.
    assert not [m for m in mail.outbox if m.subject.endswith(("Annan avdelning", f": {fresh.title}"))]


@override_settings(LOTS_REMINDER_DIGEST=False)
def test_the_owners_reminder_is_written_in_the_language_the_owner_chose(world, django_capture_on_commit_callbacks):
    owner = world.persona(Role.ENHETSCHEF)
    owner.language = "en"
    owner.save(update_fields=["language"])
    make_agreement(world, [world.own], title="Sen", owner=owner, review_date=TODAY - datetime.timedelta(days=2))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", date=TODAY.isoformat(), stdout=io.StringIO())
    assert "Overdue review: Sen" in [m.subject for m in mail.outbox if owner.email in m.to]
