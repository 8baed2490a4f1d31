import datetime

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.processes.services import routines as routine_services
from lots.processes.tests.helpers import make_routine
from lots.staff import services, tasks
from lots.staff.models import HiringCheck, Introduction, IntroductionItem, ItemKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def routine(world):
    return make_routine(world, world.own, title="Introduktion i dokumentation")


@pytest.fixture
def template(world, hr, routine):
    services.template_item_add(
        actor=hr, unit=world.own, kind=ItemKind.THEORY, title="Sekretess och GDPR", routine=None, due_days=5
    )
    services.template_item_add(actor=hr, unit=world.own, kind=ItemKind.PRACTICE, title="Brandskydd", routine=None, due_days=10)
    services.template_item_add(actor=hr, unit=world.own, kind=ItemKind.ROUTINE, title="", routine=routine, due_days=7)


def test_a_new_employment_gets_the_units_template_with_due_dates(template, employ, today):
    employment = employ(starts_on=today)

    items = list(employment.introduction.items.order_by("position"))

    assert [(i.kind, i.label, i.due_on) for i in items] == [
        (ItemKind.THEORY, "Sekretess och GDPR", today + datetime.timedelta(days=5)),
        (ItemKind.PRACTICE, "Brandskydd", today + datetime.timedelta(days=10)),
        (ItemKind.ROUTINE, "Introduktion i dokumentation", today + datetime.timedelta(days=7)),
    ]


def test_a_sub_unit_without_a_template_uses_the_one_above(world, template, employ):
    employment = employ(unit=world.sub)

    assert employment.introduction.items.count() == 3


def test_without_any_template_the_default_items_are_used(employment):
    assert employment.introduction.items.count() == len(services.DEFAULT_ITEMS)


def test_reading_the_routine_ticks_its_item(world, template, employ, employee, routine):
    employment = employ()
    item = employment.introduction.items.get(kind=ItemKind.ROUTINE)
    assert IntroductionItem.objects.outstanding().filter(pk=item.pk).exists()

    routine_services.acknowledge(actor=employee, routine=routine)

    assert not IntroductionItem.objects.outstanding().filter(pk=item.pk).exists()
    assert IntroductionItem.objects.read_routine().get(pk=item.pk).is_done()


def test_someone_else_reading_the_routine_does_not_tick_it(world, template, employ, routine):
    employment = employ()
    routine_services.acknowledge(actor=world.persona(Role.ENHETSCHEF), routine=routine)

    assert IntroductionItem.objects.outstanding().filter(introduction=employment.introduction, kind=ItemKind.ROUTINE).exists()


def test_a_routine_item_cannot_be_ticked_by_hand(client_for, employee, template, employ):
    employment = employ()
    item = employment.introduction.items.get(kind=ItemKind.ROUTINE)

    response = client_for(employee).post(reverse("staff:tick", args=[item.pk]), {"done": "1"})

    assert response.status_code == 422
    item.refresh_from_db()
    assert item.done_at is None


def test_the_employee_ticks_their_own_item(client_for, employee, employment):
    item = employment.introduction.items.first()

    response = client_for(employee).post(reverse("staff:tick", args=[item.pk]), {"done": "1"})

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.done_at is not None and item.done_by == employee


def test_the_named_introducer_ticks_items(world, client_for, manager, employment):
    introducer = world.persona(Role.VERKSAMHETSLEDARE)
    introduction = employment.introduction
    services.introduction_set_introducer(
        actor=manager, introduction=introduction, introducer=introducer, expected_version=introduction.version
    )
    item = introduction.items.first()

    # The verksamhetsledare holds staff.change on the unit anyway; the introducer's right is checked without it below.
    response = client_for(introducer).post(reverse("staff:tick", args=[item.pk]), {"done": "1"})

    assert response.status_code == 302


def test_an_introducer_without_a_managers_role_ticks_but_a_colleague_does_not(world, client_for, manager, employment):
    from lots.testing.factories import RoleAssignmentFactory, UserFactory

    colleague = UserFactory(username="kollega")
    RoleAssignmentFactory(user=colleague, role=Role.MEDARBETARE, unit=world.own, include_subunits=False)
    services.employment_start(actor=manager, person=colleague, unit=world.own, starts_on=employment.starts_on)
    item = employment.introduction.items.first()

    assert client_for(colleague).post(reverse("staff:tick", args=[item.pk]), {"done": "1"}).status_code == 404

    introduction = employment.introduction
    services.introduction_set_introducer(
        actor=manager, introduction=introduction, introducer=colleague, expected_version=introduction.version
    )
    client = client_for(colleague)
    assert client.post(reverse("staff:tick", args=[item.pk]), {"done": "1"}).status_code == 302
    page = client.get(reverse("staff:employment", args=[employment.pk]))
    assert page.status_code == 200 and page.context["checks"] == [] and page.context["undertakings"] == []


def test_an_ended_employment_closes_open_items_and_checks_without_deleting_them(hr, employment, today):
    ticked = employment.introduction.items.first()
    services.item_tick(actor=employment.person, item=ticked, done=True)
    count = employment.introduction.items.count()

    services.employment_update(
        actor=hr, employment=employment, data={"ends_on": today - datetime.timedelta(days=1)}, expected_version=employment.version
    )

    items = IntroductionItem.objects.filter(introduction__employment=employment)
    assert items.count() == count
    assert items.filter(closed_reason=services.ENDED_REASON).count() == count - 1
    ticked.refresh_from_db()
    assert ticked.closed_at is None and ticked.done_at is not None
    assert set(employment.checks.values_list("status", flat=True)) == {HiringCheck.Status.CLOSED}
    assert Introduction.objects.get(employment=employment).status == Introduction.Status.CLOSED


def test_the_daily_run_closes_employments_that_have_ended_since(hr, employ, today):
    employment = employ(ends_on=today + datetime.timedelta(days=2))

    services.employments_close_ended(today=today + datetime.timedelta(days=3))

    assert Introduction.objects.get(employment=employment).status == Introduction.Status.CLOSED


def test_unfinished_items_are_tasks_for_the_employee_and_the_manager(employee, manager, employment, today):
    mine = [t for t in tasks.tasks_for(employee, today) if t.title.startswith("Introduktion:")]
    managers = [t for t in tasks.tasks_for(manager, today) if t.title.startswith("Introduktionen av")]

    assert len(mine) == employment.introduction.items.filter(due_on__lte=today + tasks.HORIZON).count() > 0
    assert len(managers) == 1 and managers[0].url == reverse("staff:employment", args=[employment.pk])


def test_a_finished_introduction_is_no_task(employee, manager, employment, today):
    for item in employment.introduction.items.all():
        services.item_tick(actor=employee, item=item, done=True)

    assert not [t for t in tasks.tasks_for(manager, today) if t.title.startswith("Introduktionen av")]
    assert not [t for t in tasks.tasks_for(employee, today) if t.title.startswith("Introduktion:")]


def test_the_undertaking_to_confirm_is_the_employees_task(employee, employment, undertaking_text, today):
    assert [t for t in tasks.tasks_for(employee, today) if "förbindelsen" in t.title]

    services.undertaking_sign(actor=employee, employment=employment)

    assert not [t for t in tasks.tasks_for(employee, today) if "förbindelsen" in t.title]


def test_reminders_mail_the_employee_and_the_manager_once(mailoutbox, employee, manager, employment, today):
    from lots.notifications.models import SentNotification
    from lots.staff import reminders

    late = today + datetime.timedelta(days=60)
    first = reminders.send_reminders(late)
    second = reminders.send_reminders(late)

    assert first > 0 and second == 0
    assert SentNotification.objects.filter(key__contains=f":{employee.pk}:").exists()
    assert SentNotification.objects.filter(key__contains=f":{manager.pk}:").exists()


def test_an_employment_long_ago_gets_no_introduction_on_import(world, hr, employee, today):
    employment = services.employment_start(
        actor=hr, person=employee, unit=world.own, starts_on=today - datetime.timedelta(days=3000)
    )

    assert not Introduction.objects.filter(employment=employment).exists()
    assert not employment.checks.exists()


def test_the_start_page_lists_the_employees_introduction_items(client_for, employee, employment):
    page = client_for(employee).get(reverse("home:start")).content.decode()

    assert "Introduktion: Genomgång av sekretess, tystnadsplikt och GDPR" in page


def test_reminders_are_written_in_each_persons_language_and_a_change_of_language_sends_nothing_new(
    employee, manager, employment, today, django_capture_on_commit_callbacks
):
    from django.core import mail

    from lots.staff import reminders

    employee.language = "en"
    employee.save(update_fields=["language"])
    late = today + datetime.timedelta(days=60)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_reminders(late)
    to_employee = [m for m in mail.outbox if m.to == [employee.email]]
    to_manager = [m for m in mail.outbox if m.to == [manager.email]]
    assert to_employee and to_manager
    assert all("should have been done by" in m.body for m in to_employee)
    assert all(m.subject.startswith("Induction: ") for m in to_employee)
    assert all("skulle ha varit klart" in m.body for m in to_manager)

    employee.language = "sv"
    employee.save(update_fields=["language"])
    assert reminders.send_reminders(late) == 0
