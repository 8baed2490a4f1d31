"""Events that call for a risk analysis prompt the unit's manager: a task in the calendar, a mail, and reminders."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from lots.accounts import services as account_services
from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.organisation import services as organisation_services
from lots.processes.models import CalendarTask
from lots.processes.reminders import send_reminders
from lots.risks.models import RiskAnalysis
from lots.risks.services.triggers import PROMPT_DAYS, risk_analysis_prompt
from lots.testing.factories import RoleAssignmentFactory, UserFactory

T = RiskAnalysis.Trigger


def prompts(unit):
    return CalendarTask.objects.open().filter(rule=None, unit=unit, title__startswith="Gör en riskanalys")


def test_moving_a_unit_prompts_its_manager_to_run_a_risk_analysis(world, django_capture_on_commit_callbacks):
    manager = UserFactory(username="ec-sub", email="ec-sub@example.invalid")
    RoleAssignmentFactory(user=manager, role=Role.ENHETSCHEF, unit=world.sub)
    with django_capture_on_commit_callbacks(execute=True):
        organisation_services.unit_move(actor=world.persona("kvalitetssamordnare"), unit=world.sub, new_parent=world.other)
    task = prompts(world.sub).get()
    assert task.title == "Gör en riskanalys: organisationsförändring"
    assert task.responsible_role == Role.ENHETSCHEF
    assert task.due_date == timezone.localdate() + datetime.timedelta(days=PROMPT_DAYS)
    assert "Andra avdelningen" in task.description
    assert AuditEntry.objects.filter(content_type__model="calendartask", object_id=str(task.pk), action="create").exists()
    assert [m.to for m in mail.outbox if "Gör en riskanalys" in m.subject] == [[manager.email]]


def test_an_open_prompt_is_not_repeated(world):
    actor = world.persona("kvalitetssamordnare")
    organisation_services.unit_move(actor=actor, unit=world.sub, new_parent=world.other)
    organisation_services.unit_move(actor=actor, unit=world.sub, new_parent=world.own)
    assert prompts(world.sub).count() == 1


def test_a_managers_role_changing_hands_prompts_the_unit_but_a_first_manager_does_not(world):
    actor = world.persona("kvalitetssamordnare")
    first = UserFactory(username="ec-first")
    assignment = account_services.role_assign(actor=actor, user=first, role=Role.ENHETSCHEF, unit=world.sub)
    assert not prompts(world.sub).exists()
    account_services.role_end(actor=actor, assignment=assignment)
    assert prompts(world.sub).get().title == "Gör en riskanalys: ändrad delegation"
    CalendarTask.objects.filter(unit=world.sub).update(done_at=timezone.now())
    account_services.role_assign(actor=actor, user=UserFactory(username="ec-next"), role=Role.ENHETSCHEF, unit=world.sub)
    assert prompts(world.sub).get().title == "Gör en riskanalys: ändrad delegation"


def test_a_staff_role_does_not_prompt_an_analysis(world):
    actor = world.persona("kvalitetssamordnare")
    for name in ("a", "b"):
        account_services.role_assign(actor=actor, user=UserFactory(username=name), role=Role.MEDARBETARE, unit=world.sub)
    assert not prompts(world.sub).exists()


def test_the_staff_module_hook_prompts_the_department_head_and_the_calendar_reminds_them(
    world, django_capture_on_commit_callbacks
):
    task = risk_analysis_prompt(
        actor=None, unit=world.own, trigger=T.STAFF_TURNOVER, note="Sju av tolv socialsekreterare har slutat i år."
    )
    assert task.responsible_role == Role.AVDELNINGSCHEF
    assert task.title == "Gör en riskanalys: planerad eller oplanerad personalomsättning"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today=task.due_date - datetime.timedelta(days=14))
    assert world.persona("avdelningschef").email in {m.to[0] for m in mail.outbox}


def test_a_closed_unit_is_not_prompted_and_other_reasons_are_not_events(world):
    organisation_services.unit_close(actor=None, unit=world.sub, closed_at=timezone.localdate())
    world.sub.refresh_from_db()
    assert risk_analysis_prompt(actor=None, unit=world.sub, trigger=T.REORGANISATION) is None
    with pytest.raises(ValueError):
        risk_analysis_prompt(actor=None, unit=world.own, trigger=T.YEARLY_CLIENT)
