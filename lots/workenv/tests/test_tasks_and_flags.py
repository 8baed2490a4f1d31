import datetime

import pytest
from django.utils import timezone

from lots.accounts.models import RoleAssignment
from lots.notifications.models import SentNotification
from lots.organisation.models import Unit
from lots.reports.providers.base import Scope
from lots.workenv import reminders, services, tasks
from lots.workenv.lists import DELEGATIONS
from lots.workenv.models import Delegation, ReturnGround
from lots.workenv.overview_widget import widget
from lots.workenv.report_section import LIST_FILTERS, WorkEnvironmentSection
from lots.workenv.tests.conftest import delegate

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def _titles(user):
    return [t.title for t in tasks.tasks_for(user, today())]


def _return(line, delegation):
    return services.task_return_create(
        actor=line.ac, delegation=delegation, tasks=line.tasks[:1], ground=ReturnGround.TRAINING, text="Ingen kurs."
    )


def test_a_return_is_the_delegators_task_until_answered(world, line, in_force):
    r = _return(line, in_force)
    assert any("Besvara returnering" in t for t in _titles(line.fc))
    assert not any("Besvara returnering" in t for t in _titles(line.ac))
    services.task_return_answer(
        actor=line.fc, task_return=r, answer="Kurs bokad.", action_taken="Bokad.", expected_version=r.version
    )
    assert not any("Besvara returnering" in t for t in _titles(line.fc))


def test_the_task_stays_while_unanswered_even_when_overdue(world, line, in_force):
    _return(line, in_force)
    later = today() + datetime.timedelta(days=60)
    found = [t for t in tasks.tasks_for(line.fc, later) if "Besvara" in t.title]
    assert found and found[0].is_overdue(later)


def test_a_pending_delegation_is_a_task_for_each_who_has_not_signed(world, line):
    d = delegate(line.fc, world.own, line.ac, line.tasks[:1])
    assert any(d.reference in t for t in _titles(line.fc)) and any(d.reference in t for t in _titles(line.ac))
    services.delegation_sign(actor=line.fc, delegation=d, expected_version=d.version)
    assert not any(d.reference in t for t in _titles(line.fc))


def _end_role(user, unit):
    RoleAssignment.objects.filter(user=user, unit=unit).update(ends_on=today() - datetime.timedelta(days=1))


def test_a_delegation_is_flagged_when_the_receivers_manager_role_ends(world, line, in_force):
    assert not Delegation.objects.needs_owner().exists()
    _end_role(line.ac, world.own)
    assert list(Delegation.objects.needs_owner()) == [in_force]


def test_a_delegation_is_flagged_when_the_delegators_manager_role_ends(world, line, in_force):
    _end_role(line.fc, world.forvaltning)
    assert list(Delegation.objects.needs_owner()) == [in_force]


def test_a_role_on_a_closed_unit_counts_as_ended(world, line, in_force):
    Unit.objects.filter(pk=world.own.pk).update(closed_at=today())
    assert list(Delegation.objects.needs_owner()) == [in_force]


def test_a_role_held_without_sub_units_does_not_reach_the_area_below(world, line):
    d = delegate(line.fc, world.sub, line.ec, line.tasks[:1])
    RoleAssignment.objects.filter(user=line.ec).update(include_subunits=False)
    assert not Delegation.objects.needs_owner().filter(pk=d.pk).exists()
    RoleAssignment.objects.filter(user=line.fc).update(include_subunits=False)
    assert Delegation.objects.needs_owner().filter(pk=d.pk).exists()


def test_a_flagged_delegation_is_a_task_for_the_delegator_and_the_coordinator_and_on_the_list(world, line, in_force):
    _end_role(line.ac, world.own)
    assert any("behöver en ny chef" in t for t in _titles(line.fc))
    assert any("behöver en ny chef" in t for t in _titles(line.coordinator))
    rows = DELEGATIONS.bind(line.coordinator, {"show": "flagged"}).rows()
    assert [d.pk for d in rows] == [in_force.pk] and rows[0].flagged


def test_an_ended_delegation_is_never_flagged(world, line, in_force):
    services.delegation_end(actor=line.fc, delegation=in_force, reason="Ny chef", expected_version=in_force.version)
    _end_role(line.ac, world.own)
    assert not Delegation.objects.needs_owner().exists()


def test_a_new_manager_may_end_a_flagged_delegation(world, line, in_force):
    from lots.accounts.models import Role
    from lots.testing.factories import RoleAssignmentFactory, UserFactory

    new_fc = UserFactory(username="nyfc")
    RoleAssignmentFactory(user=new_fc, role=Role.FORVALTNINGSCHEF, unit=world.forvaltning)
    assert not services.may_end(new_fc, in_force)
    _end_role(line.fc, world.forvaltning)
    assert services.may_end(new_fc, in_force)
    assert not services.may_end(world.persona(Role.AVDELNINGSCHEF), in_force)  # at the receiver's level


def test_reminders_mail_the_delegator_of_a_return_once_a_day_at_most(world, line, in_force, mailoutbox):
    _return(line, in_force)
    first = reminders.send_reminders(today())
    again = reminders.send_reminders(today())
    assert first >= 1 and again == 0
    assert SentNotification.objects.filter(key__startswith=f"workenv:{line.fc.pk}:").exists()


def test_each_report_figure_equals_its_list(world, line, in_force):
    pending = delegate(line.fc, world.own, line.ac, line.tasks[5:6])
    assert pending.state == Delegation.State.PENDING
    _return(line, in_force)
    _end_role(line.ec, world.sub)
    services.delegation_create(
        actor=line.ac,
        unit=world.sub,
        receiver=_new_ec(world),
        tasks=line.tasks[:1],
        activity="a",
        may_delegate_further=False,
        competence="c",
        authority="b",
        resources="r",
    )
    scope = Scope(unit=world.forvaltning, year=today().year, today=today())
    figures = WorkEnvironmentSection().compute(scope)["figures"]
    for key, params in LIST_FILTERS.items():
        listed = DELEGATIONS.bind(line.coordinator, {"unit": world.forvaltning.pk, **params}).queryset.count()
        assert figures[key] == listed, key
    assert figures["in_force"] == 1 and figures["pending"] == 2 and figures["returned"] == 1


def _new_ec(world):
    from lots.accounts.models import Role
    from lots.testing.factories import RoleAssignmentFactory, UserFactory

    person = UserFactory(username="ec2")
    RoleAssignmentFactory(user=person, role=Role.ENHETSCHEF, unit=world.sub)
    return person


def test_the_widget_counts_as_the_list_and_is_none_for_those_without_access(world, line, in_force):
    found = widget(line.coordinator, world.forvaltning, today())
    assert {f.key: f.value for f in found.figures}["in_force"] == 1
    assert widget(world.persona("medarbetare"), world.own, today()) is None


def test_the_tasks_show_on_the_start_page(client_for, world, line, in_force):
    from django.urls import reverse

    _return(line, in_force)
    body = client_for(line.fc).get(reverse("home:start")).content.decode()
    assert f"Besvara returnering av arbetsmiljöuppgifter, {in_force.reference}" in body


@pytest.mark.parametrize("ended", ["none", "receiver", "delegator", "closed", "without_subunits"])
def test_one_delegations_flag_agrees_with_the_lists(world, line, in_force, ended):
    if ended == "receiver":
        _end_role(line.ac, world.own)
    elif ended == "delegator":
        _end_role(line.fc, world.forvaltning)
    elif ended == "closed":
        Unit.objects.filter(pk=world.own.pk).update(closed_at=today())
    elif ended == "without_subunits":
        RoleAssignment.objects.filter(user=line.fc).update(include_subunits=False)
    in_force.unit.refresh_from_db()
    assert in_force.needs_new_owner() == Delegation.objects.needs_owner().filter(pk=in_force.pk).exists()
    assert in_force.needs_new_owner() == (ended != "none")


def test_a_reminder_is_written_in_the_delegators_language_and_a_change_of_language_sends_nothing_new(
    world, line, in_force, django_capture_on_commit_callbacks
):
    from django.core import mail

    line.fc.language = "en"
    line.fc.save(update_fields=["language"])
    _return(line, in_force)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_reminders(today())
    subjects = [m.subject for m in mail.outbox if m.to == [line.fc.email]]
    assert any(s.startswith("Answer the return of work environment tasks, ") for s in subjects)
    line.fc.language = "sv"
    line.fc.save(update_fields=["language"])
    assert reminders.send_reminders(today()) == 0
