import datetime

from django.apps import apps
from django.urls import reverse

from lots.accounts import demo as account_demo
from lots.core.demo import DemoContext
from lots.organisation import demo as organisation_demo
from lots.risks import demo
from lots.risks.models import ControlActivity, ControlRound, RiskAnalysis
from lots.risks.services import analysis as analysis_services
from lots.risks.tasks import tasks_for
from lots.risks.tests.helpers import make_analysis, make_followup, make_internal_control, make_plan, make_review_point, make_risk

TODAY = datetime.date.today()


def titles(user, today=TODAY):
    return [t.title for t in tasks_for(user, today)]


def test_an_approver_is_asked_to_approve_an_accepted_risk(world):
    actor, approver = world.persona("enhetschef"), world.persona("avdelningschef")
    risk = make_risk(make_analysis(world, actor=actor))
    analysis_services.risk_decide(
        actor=actor, risk=risk, expected_version=risk.version, treatment="accept", justification="Skäl", approver=approver
    )
    [task] = [t for t in tasks_for(approver, TODAY) if t.title.startswith("Godkänn")]
    assert task.url == reverse("risks:risk", args=[risk.pk]) and task.due == TODAY
    analysis_services.risk_approve(actor=approver, risk=risk)
    assert not [t for t in titles(approver) if t.startswith("Godkänn")]
    assert not [t for t in titles(actor) if t.startswith("Godkänn")]


def test_the_responsible_person_sees_controls_due_within_thirty_days(world):
    staff = world.persona("medarbetare")
    point = make_review_point(make_plan(world), responsible=staff, actor=world.persona("kvalitetssamordnare"))
    round_ = point.rounds.get()
    far = round_.due_date - datetime.timedelta(days=31)
    near = round_.due_date - datetime.timedelta(days=30)
    assert "Egenkontroll: Journalgranskning" not in titles(staff, far)
    assert "Egenkontroll: Journalgranskning" in titles(staff, near)
    ControlRound.objects.filter(pk=round_.pk).update(status=ControlRound.Status.DONE, performed_on=near)
    assert "Egenkontroll: Journalgranskning" not in titles(staff, near)


def test_internal_control_and_follow_up_items_reach_the_named_person(world):
    staff = world.persona("enhetschef")
    _plan, activity = make_internal_control(world, responsible=staff)
    _plan, item = make_followup(world, who=staff)
    near = datetime.date(TODAY.year, 12, 15)
    found = tasks_for(staff, near)
    result_url = reverse("risks:activity_result", args=[activity.pk])
    assert any(t.title == "Internkontroll: Att delegationsordningen följs." and t.url == result_url for t in found)
    assert any(t.title == "Uppföljning: Resultatmålen" for t in found)
    assert not [
        t for t in tasks_for(world.persona("kvalitetssamordnare"), near) if t.title.startswith(("Internkontroll", "Uppföljning"))
    ]


def test_the_demo_loads_through_the_services_and_twice_gives_the_same_data(db):
    def load():
        ctx = DemoContext(today=TODAY)
        organisation_demo.load(ctx)
        account_demo.load(ctx)
        demo.load(ctx)
        return ctx

    ctx = load()
    counts = {m.__name__: m.objects.count() for m in apps.get_app_config("risks").get_models()}
    load()
    assert counts == {m.__name__: m.objects.count() for m in apps.get_app_config("risks").get_models()}
    for code in ("staben", "myndighet", "oppenvard"):
        assert RiskAnalysis.objects.filter(
            unit=ctx.unit(code), performed_on__year=TODAY.year - 1, trigger="yearly_client"
        ).exists()
    assert counts["ReviewedRecord"] == 20 and ControlRound.objects.done_in(TODAY.year).count() == 1
    head = ctx.person("avdchef-myndighet")
    [task] = [t for t in tasks_for(head, TODAY) if "årliga riskanalysen" in t.title]
    assert task.url.endswith("&arlig=1")
    assert ControlActivity.objects.filter(status="done").count() * 2 == ControlActivity.objects.count()
