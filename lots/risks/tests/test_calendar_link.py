"""The yearly calendar's client-perspective analysis task is carried out in the risk module."""

import datetime

from django.utils import timezone

from lots.home.my_tasks import tasks_for
from lots.processes.models import CalendarTask
from lots.processes.services.calendar import rule_create
from lots.risks.calendar_links import YEARLY_ANALYSIS
from lots.risks.models import RiskAnalysis
from lots.risks.services import analysis as analysis_services


def _yearly_rule(world, actor):
    return rule_create(
        actor=actor,
        unit=world.forvaltning,
        per_unit_kind="avdelning",
        title="Riskanalys med klientperspektiv inför budget",
        month=12,
        day=31,
        responsible_role="avdelningschef",
        phase="planning",
        link=YEARLY_ANALYSIS,
    )


def test_the_department_head_gets_one_task_that_leads_to_the_analysis(world):
    head = world.persona("avdelningschef")
    _yearly_rule(world, world.persona("kvalitetssamordnare"))
    today = timezone.localdate()
    titles = [t for t in tasks_for(head, datetime.date(today.year, 12, 30)) if "klientperspektiv" in t.title.lower()]
    assert len(titles) == 1
    assert titles[0].url.startswith("/risker/") and f"enhet={world.own.pk}" in titles[0].url


def test_completing_the_yearly_analysis_completes_the_calendar_task(world, monkeypatch):
    head = world.persona("avdelningschef")
    _yearly_rule(world, world.persona("kvalitetssamordnare"))
    task = CalendarTask.objects.get(unit=world.own, rule__link=YEARLY_ANALYSIS)
    analysis = RiskAnalysis.objects.create(
        unit=world.own,
        title="Årlig analys",
        trigger=RiskAnalysis.Trigger.YEARLY_CLIENT,
        performed_on=task.due_date,
        created_by=head,
    )
    monkeypatch.setattr(analysis_services, "completion_problems", lambda a: {})
    analysis_services.analysis_complete(actor=head, analysis=analysis)
    task.refresh_from_db()
    assert task.done_at is not None and task.done_by == head
