"""The reminder mails' texts come from templates through gettext: Swedish by default, English when it is active."""

import datetime

from django.core import mail
from django.utils import translation

from lots.accounts.models import User
from lots.organisation.models import Provider
from lots.requirements import reminders, services
from lots.requirements.tests.conftest import A, M, assess_all

TODAY = datetime.date(2026, 3, 1)


def _due_things(world, make_follow_up):
    """A non-profit provider's register check coming due, a self-assessment due and a demanded action overdue."""
    Provider.objects.filter(pk=world.provider.pk).update(kind=Provider.Kind.NONPROFIT)
    world.provider.refresh_from_db()
    services.contract_create(
        quality_levels="Bemanning dygnet runt.",
        cost_terms="Pris per timme enligt bilaga.",
        actor=None,
        provider=world.provider,
        title="IOP fältarbete",
        scope="Fältarbete",
        starts_on=datetime.date(2024, 1, 1),
        responsible_unit=world.own,
        follow_up_by=world.persona("kvalitetssamordnare"),
        police_check_on=datetime.date(2025, 3, 20),
    )
    User.objects.filter(username="extern_utforare").update(email="u@example.invalid")
    open_one = make_follow_up(methods=(M.DOCUMENTS, M.SELF_ASSESSMENT), self_assessment_due=datetime.date(2026, 3, 5))
    services.follow_up_start_self_assessment(actor=None, follow_up=open_one)
    done = make_follow_up(title="Klar")
    assess_all(done, {0: A.NOT_MET}, actor=None, due=datetime.date(2026, 2, 20))
    done.refresh_from_db()
    services.follow_up_complete(
        actor=None, follow_up=done, expected_version=None, completed_on=datetime.date(2026, 1, 10), summary="X"
    )


def _send(django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_reminders(TODAY)
    return {m.subject: m.body for m in mail.outbox}


def test_the_reminders_are_plain_swedish_text(world, make_follow_up, django_capture_on_commit_callbacks):
    _due_things(world, make_follow_up)
    sent = _send(django_capture_on_commit_callbacks)
    check = sent["Dags för kontroll i belastningsregistret: Egen utförare AB"]
    assert check.startswith("Enligt avtalet IOP fältarbete ska Egen utförare AB kontrolleras i belastningsregistret senast ")
    assert sent["Påminnelse: självskattning senast 2026-03-05"].startswith(
        "Självskattningen i uppföljningen Uppföljning 2025 ska skickas in senast 2026-03-05.\n\nhttp"
    )
    assert "\n\nRedovisa vad ni har gjort: http" in sent["Försenad: åtgärd senast 2026-02-20"]


def test_the_reminders_read_in_english_when_english_is_active(world, make_follow_up, django_capture_on_commit_callbacks):
    _due_things(world, make_follow_up)
    with translation.override("en"):
        sent = _send(django_capture_on_commit_callbacks)
    check = sent["Time for a check in the criminal records register: Egen utförare AB"]
    assert check.startswith(
        "Under the contract IOP fältarbete, Egen utförare AB is to be checked in the criminal records register by "
    )
    assert sent["Reminder: self-assessment due 2026-03-05"].startswith(
        "The self-assessment in the follow-up Uppföljning 2025 is to be submitted by 2026-03-05.\n\nhttp"
    )
    assert "\n\nReport what you have done: http" in sent["Overdue: action due 2026-02-20"]
