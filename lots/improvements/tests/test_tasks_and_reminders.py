import datetime
import io

from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from lots.accounts.models import Role
from lots.improvements.tasks import tasks_for
from lots.improvements.tests.helpers import make_action
from lots.testing.factories import RoleAssignmentFactory, UserFactory

TODAY = datetime.date.today()


def test_the_owner_sees_due_and_overdue_actions(world):
    staff = world.persona(Role.MEDARBETARE)
    make_action(world, world.own, owner=staff, title="Snart", due=TODAY + datetime.timedelta(days=5))
    make_action(world, world.own, owner=staff, title="Långt fram", due=TODAY + datetime.timedelta(days=60))
    titles = [t.title for t in tasks_for(staff, TODAY)]
    assert titles == ["Förbättringsåtgärd: Snart (planera)"]


def test_overdue_actions_reach_the_owners_nearest_manager_only(world):
    section_chief = UserFactory(username="sektionschef")
    RoleAssignmentFactory(user=section_chief, role=Role.ENHETSCHEF, unit=world.sub)
    staff = UserFactory(username="handlaggare")
    RoleAssignmentFactory(user=staff, role=Role.MEDARBETARE, unit=world.sub, include_subunits=False)
    make_action(world, world.sub, owner=staff, title="Försenad", due=TODAY - datetime.timedelta(days=1))
    assert [t.title for t in tasks_for(section_chief, TODAY)] == [f"Försenad åtgärd hos {staff}: Försenad"]
    # The enhetschef on "own" is further up: not the nearest manager for "sub".
    assert tasks_for(world.persona(Role.ENHETSCHEF), TODAY) == []
    # When the owner is the section chief, the next manager up hears about it.
    make_action(world, world.sub, owner=section_chief, title="Chefens egen", due=TODAY - datetime.timedelta(days=1))
    assert [t.title for t in tasks_for(world.persona(Role.ENHETSCHEF), TODAY)] == [
        f"Försenad åtgärd hos {section_chief}: Chefens egen"
    ]


@override_settings(LOTS_REMINDER_DIGEST=False)  # each reminder alone, so each subject can be read
def test_reminders_run_twice_send_once(world, django_capture_on_commit_callbacks):
    owner = world.persona(Role.MEDARBETARE)
    make_action(world, world.own, owner=owner, title="Snart", due=TODAY + datetime.timedelta(days=3))
    make_action(world, world.own, owner=owner, title="Sen", due=TODAY - datetime.timedelta(days=3))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", date=TODAY.isoformat(), stdout=io.StringIO())
    sent = sorted((m.to[0], m.subject) for m in mail.outbox if "örbättringsåtgärd" in m.subject)
    assert (owner.email, f"Förbättringsåtgärd ska vara klar {TODAY + datetime.timedelta(days=3):%Y-%m-%d}: Snart") in sent
    assert (owner.email, "Försenad förbättringsåtgärd: Sen") in sent
    # The owner's nearest line manager on "own" (three of them hold line-manager roles there, with sub-units).
    managers = {m.to[0] for m in mail.outbox if m.subject == "Försenad förbättringsåtgärd: Sen"} - {owner.email}
    assert managers == {world.persona(r).email for r in (Role.ENHETSCHEF, Role.AVDELNINGSCHEF, Role.FORVALTNINGSCHEF)}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", date=TODAY.isoformat(), stdout=io.StringIO())
    assert [m for m in mail.outbox if "örbättringsåtgärd" in m.subject] == []
