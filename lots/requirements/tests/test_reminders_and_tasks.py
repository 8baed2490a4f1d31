import datetime

import pytest
from django.core import mail

from lots.organisation.models import Provider
from lots.requirements import reminders, services, tasks
from lots.requirements.models import DemandedAction, FollowUp
from lots.requirements.tests.conftest import A, M, assess_all

TODAY = datetime.date(2026, 3, 1)


@pytest.fixture
def nonprofit_contract(world):
    Provider.objects.filter(pk=world.provider.pk).update(kind=Provider.Kind.NONPROFIT)
    world.provider.refresh_from_db()
    return services.contract_create(
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
        social_check_on=datetime.date(2025, 9, 1),
    )


def test_register_checks_coming_due_are_reminded_once_per_due_date(world, nonprofit_contract, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders(TODAY) == 1
        assert reminders.send_reminders(TODAY) == 0
    assert [m.subject for m in mail.outbox] == ["Dags för kontroll i belastningsregistret: Egen utförare AB"]
    assert mail.outbox[0].to == [world.persona("kvalitetssamordnare").email]
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders(datetime.date(2026, 3, 21)) == 1  # now overdue: one more, once
    assert mail.outbox[-1].subject.startswith("Försenad kontroll i belastningsregistret")


def test_companies_need_no_register_checks(world):
    services.contract_create(
        quality_levels="Bemanning dygnet runt.",
        cost_terms="Pris per timme enligt bilaga.",
        actor=None,
        provider=world.provider,
        title="Avtal",
        scope="X",
        starts_on=datetime.date(2024, 1, 1),
        responsible_unit=world.own,
        follow_up_by=world.persona("kvalitetssamordnare"),
    )
    assert reminders.send_reminders(TODAY) == 0
    assert tasks.tasks_for(world.persona("kvalitetssamordnare"), TODAY) == []


def test_the_provider_is_reminded_of_the_self_assessment_and_of_demanded_actions(
    world, make_follow_up, django_capture_on_commit_callbacks
):
    world.persona("extern_utforare").__class__.objects.filter(username="extern_utforare").update(email="u@example.invalid")
    open_one = make_follow_up(methods=(M.DOCUMENTS, M.SELF_ASSESSMENT), self_assessment_due=datetime.date(2026, 3, 5))
    services.follow_up_start_self_assessment(actor=None, follow_up=open_one)
    done = make_follow_up(title="Klar")
    assess_all(done, {0: A.NOT_MET}, actor=None, due=datetime.date(2026, 2, 20))
    done.refresh_from_db()
    services.follow_up_complete(
        actor=None, follow_up=done, expected_version=None, completed_on=datetime.date(2026, 1, 10), summary="X"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders(TODAY) == 2
        assert reminders.send_reminders(TODAY) == 0
    assert sorted(m.subject for m in mail.outbox) == [
        "Försenad: åtgärd senast 2026-02-20",
        "Påminnelse: självskattning senast 2026-03-05",
    ]


def test_tasks_for_the_lead_and_for_the_provider(world, make_follow_up, nonprofit_contract):
    open_one = make_follow_up(methods=(M.DOCUMENTS, M.SELF_ASSESSMENT), self_assessment_due=datetime.date(2026, 3, 5))
    services.follow_up_start_self_assessment(actor=None, follow_up=open_one)
    done = make_follow_up(title="Klar")
    assess_all(done, {0: A.NOT_MET}, actor=None, due=datetime.date(2026, 2, 20))
    done.refresh_from_db()
    services.follow_up_complete(
        actor=None, follow_up=done, expected_version=None, completed_on=datetime.date(2026, 1, 10), summary="X"
    )
    action = DemandedAction.objects.get()
    provider_tasks = [(t.title, t.due) for t in tasks.tasks_for(world.persona("extern_utforare"), TODAY)]
    assert provider_tasks == [
        ("Fyll i självskattningen: Uppföljning 2025", datetime.date(2026, 3, 5)),
        ("Redovisa åtgärd: Åtgärda krav 0", datetime.date(2026, 2, 20)),
    ]
    lead_tasks = sorted((t.title, t.due) for t in tasks.tasks_for(world.persona("kvalitetssamordnare"), TODAY))
    assert lead_tasks == [
        ("Registerkontroll i belastningsregistret: Egen utförare AB", datetime.date(2026, 3, 20)),
        ("Slutför uppföljningen: Uppföljning 2025", datetime.date(2025, 6, 30)),
    ]
    services.demanded_action_report(
        actor=world.persona("extern_utforare"), action=action, expected_version=None, response="Klart"
    )
    titles = [t.title for t in tasks.tasks_for(world.persona("kvalitetssamordnare"), TODAY)]
    assert "Bedöm redovisad åtgärd: Åtgärda krav 0" in titles
    assert tasks.tasks_for(world.persona("enhetschef"), TODAY) == []
    assert FollowUp.objects.count() == 2
