"""Every figure in the report equals what a direct query of the data gives.

The expected values are computed here independently (plain ORM queries and Python over all rows), never by
calling the providers' own helpers.
"""

import datetime
import statistics
from collections import Counter

import pytest
from django.utils import timezone

from lots.deviations import services as deviation_services
from lots.deviations.models import Deviation, DeviationCategory, IvoNotification, LexSarahInvestigation
from lots.feedback import services as feedback_services
from lots.feedback.models import FeedbackCase
from lots.improvements.models import ImprovementAction
from lots.improvements.services import improvement_create
from lots.organisation.models import Unit
from lots.processes import services as process_services
from lots.processes.models import Collaboration, Law, Process, Routine
from lots.processes.tests.helpers import make_law, make_process, make_routine
from lots.reports import sections, services
from lots.reports.providers.base import Scope
from lots.reports.providers.management import routines_in_force
from lots.reports.tests.conftest import kolada
from lots.risks.models import ControlActivity, ControlRound, Risk, RiskAnalysis, RiskScale
from lots.risks.services import control as control_services
from lots.risks.services import inspection as inspection_services
from lots.risks.tests.helpers import make_analysis, make_internal_control, make_plan, make_review_point, make_risk, review

S = Deviation.State
C = LexSarahInvestigation.Classification


def _section(unit, year, key):
    return next(s for s in sections.compute_all(unit, year) if s["key"] == key)


def _in_scope(unit):
    return [u.pk for u in Unit.objects.all() if u.path.startswith(unit.path)]


@pytest.fixture
def last_year():
    return timezone.localdate().year - 1


@pytest.fixture
def deviation_year(world, report, last_year):
    """Reports last year on own and sub, one on other, one the year before, with a lex Sarah case sent to IVO."""
    manager = world.persona("enhetschef")
    handling = DeviationCategory.objects.get(municipality=world.m1, name="Handläggning")

    def at(month, day):
        moment = timezone.make_aware(datetime.datetime(last_year, month, day, 10))
        return {"reported_at": moment, "occurred_at": moment - datetime.timedelta(hours=1)}

    fast = report(**at(2, 1))
    slow = report(unit=world.sub, category=handling, **at(3, 1))
    for deviation, days in ((fast, 4), (slow, 11)):
        for step, state in enumerate((S.RECEIVED, S.INVESTIGATING, S.RESOLVED, S.CLOSED), start=1):
            deviation_services.deviation_transition(
                actor=manager,
                deviation=deviation,
                to_state=state,
                comment="Gjort",
                at=deviation.reported_at + datetime.timedelta(days=days * step / 4),
            )
    serious = report(possible_lex_sarah=True, **at(5, 2))
    deviation_services.investigation_update(
        actor=manager, investigation=serious.lex_sarah, expected_version=None, data={"classification": C.SERIOUS}
    )
    notification = IvoNotification.objects.get(deviation=serious)
    IvoNotification.objects.filter(pk=notification.pk).update(
        decided_at=serious.reported_at + datetime.timedelta(days=5),
        decided_by=manager,
        decision_basis=IvoNotification.Basis.DELEGATION,
        decision_reference="Punkt 1.4",
        sent_at=serious.reported_at + datetime.timedelta(days=6),
        sent_by=manager,
        contact_name="X",
    )
    report(unit=world.sub, possible_lex_sarah=True, **at(9, 9))
    report(unit=world.other, **at(4, 4))
    report(
        **at(1, 1)
        | {
            "reported_at": at(1, 1)["reported_at"].replace(year=last_year - 1),
            "occurred_at": at(1, 1)["occurred_at"].replace(year=last_year - 1),
        }
    )
    return last_year


def test_the_deviation_figures_equal_direct_queries(world, deviation_year):
    year = deviation_year
    figures = _section(world.own, year, "deviations")["figures"]
    units = _in_scope(world.own)
    in_year = Deviation.objects.filter(unit_id__in=units, reported_at__year=year)
    assert figures["total"] == in_year.count() == 4
    assert figures["previous_year_total"] == Deviation.objects.filter(unit_id__in=units, reported_at__year=year - 1).count()
    assert figures["lex_sarah"] == in_year.filter(possible_lex_sarah=True).count()
    assert figures["by_category"] == dict(Counter(d.category.name if d.category else "Ingen kategori" for d in in_year))
    assert figures["by_unit"] == dict(Counter(d.unit.name for d in in_year))
    assert figures["ivo_notified"] == IvoNotification.objects.filter(deviation__in=in_year, sent_at__isnull=False).count()
    assert figures["ivo_pending"] == IvoNotification.objects.filter(deviation__in=in_year, sent_at__isnull=True).count()
    closed = [(timezone.localdate(d.closed_at) - timezone.localdate(d.reported_at)).days for d in in_year if d.closed_at]
    assert figures["closed"] == len(closed) == 2
    assert figures["median_days_to_close"] == statistics.median(closed)
    sent = [
        (timezone.localdate(n.sent_at) - timezone.localdate(n.deviation.reported_at)).days
        for n in IvoNotification.objects.filter(deviation__in=in_year, sent_at__isnull=False)
    ]
    assert figures["median_days_to_ivo"] == statistics.median(sent) == 6
    classified = Counter(
        (str(LexSarahInvestigation.Classification(i.classification).label) if i.classification else "Inte bedömd ännu")
        for i in LexSarahInvestigation.objects.filter(deviation__in=in_year)
    )
    assert figures["by_classification"] == dict(classified)


def test_the_deviation_section_of_a_unit_counts_only_its_subtree(world, deviation_year):
    figures = _section(world.sub, deviation_year, "deviations")["figures"]
    assert figures["total"] == Deviation.objects.filter(unit=world.sub, reported_at__year=deviation_year).count() == 2


def test_the_control_chart_counts_each_month_of_the_year(world, deviation_year):
    section = _section(world.own, deviation_year, "deviations")
    chart = next(b for b in section["blocks"] if b.get("id") == "control")
    units = _in_scope(world.own)
    months = dict(zip(chart["labels"], [row[1] for row in chart["table"]["rows"]], strict=True))
    for month in range(1, 13):
        expected = Deviation.objects.filter(unit_id__in=units, reported_at__year=deviation_year, reported_at__month=month).count()
        label = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"][month - 1]
        assert months[f"{label} {deviation_year}"] == expected


def test_the_collaboration_section_counts_collaboration_deviations_and_described_collaboration(world, report, last_year):
    moment = timezone.make_aware(datetime.datetime(last_year, 6, 1, 10))
    samverkan = DeviationCategory.objects.get(municipality=world.m1, name="Samverkan")
    report(category=samverkan, reported_at=moment, occurred_at=moment)
    report(unit=world.other, category=samverkan, reported_at=moment, occurred_at=moment)
    process = make_process(world, world.own)
    process_services.collaboration_create(
        actor=world.persona("kvalitetssamordnare"), process=process, partner="Skolan", kind="external"
    )
    process_services.process_establish(actor=world.persona("kvalitetssamordnare"), process=process)
    figures = _section(world.own, last_year, "collaboration")["figures"]
    assert (
        figures["deviations_collaboration"]
        == Deviation.objects.filter(unit_id__in=_in_scope(world.own), category=samverkan, reported_at__year=last_year).count()
        == 1
    )
    assert figures["collaborations"] == Collaboration.objects.filter(process=process).count() == 1


def test_the_organisation_figures_equal_direct_queries(world, year):
    gone = world.persona("verksamhetsledare")
    gone.is_active = False
    gone.save(update_fields=["is_active"])  # a deactivated person holds no role, so is not counted
    figures = _section(world.own, year, "organisation")["figures"]
    units = [u for u in Unit.objects.all() if u.path.startswith(world.own.path) and u.closed_at is None]
    assert figures["units_total"] == len(units)
    active = [a for u in units for a in u.assignments.active() if a.user.is_active]
    assert "verksamhetsledare" not in {a.role for a in active}
    expected = {}
    for a in active:
        expected.setdefault(a.role, set()).add(a.user_id)
    assert figures["people_by_role"] == {role: len(people) for role, people in expected.items()}
    assert figures["people_total"] == len({a.user_id for a in active})


def test_the_management_system_figures_equal_direct_queries(world, year):
    actor = world.persona("kvalitetssamordnare")
    above = make_process(world, world.forvaltning, name="Ledningsprocess")  # decided above: applies to own
    inside = make_process(world, world.sub, name="Utredning")
    make_process(world, world.other, name="Annan process")  # another branch: not counted
    for process in (above, inside):
        process_services.process_establish(actor=actor, process=process)
    make_routine(world, world.own, title="Gäller här")
    make_routine(world, world.other, title="Gäller där")
    make_routine(world, world.sub, title="Utkast", establish=False)
    law = make_law(world, world.forvaltning)
    make_law(world, world.other, number="1990:52", title="LVU")
    process_services.law_review(actor=actor, law=law)
    figures = _section(world.own, year, "management_system")["figures"]

    def applies(obj):
        return any(u.path.startswith(world.own.path) or world.own.path.startswith(u.path) for u in obj.units.all())

    processes = [p for p in Process.objects.all() if applies(p)]
    assert figures["processes_established"] == sum(1 for p in processes if p.status == "established") == 2
    assert figures["processes_new_in_year"] == sum(
        p.versions.filter(established_at__year=year, number=1).count() for p in processes
    )
    routines = [r for r in Routine.objects.all() if applies(r) and r.current_version_id]
    assert figures["routines_in_force"] == len(routines) == 1
    assert figures["routines_new_in_year"] == 1
    laws = [law for law in Law.objects.all() if applies(law)]
    assert figures["laws_in_force"] == len(laws) == 1
    assert figures["laws_reviewed_in_year"] == 1
    appendix = _section(world.own, year, "appendix_law_list")
    assert [row[0] for row in appendix["blocks"][0]["rows"]] == ["SFS 2025:400"]
    maps = _section(world.own, year, "appendix_process_maps")
    assert sorted(b["title"] for b in maps["blocks"]) == ["Ledningsprocess", "Utredning"]
    assert maps["blocks"][0]["items"] == ["Aktualisering (Socialsekreterare)", "Förhandsbedömning (Socialsekreterare)"]
    routines_appendix = _section(world.own, year, "appendix_routines")
    assert [row[0] for row in routines_appendix["blocks"][0]["rows"]] == ["Gäller här"]


def test_the_risk_figures_equal_direct_queries(world, year):
    analysis = make_analysis(world, "own")
    make_risk(analysis, severity=4, probability=3)
    make_risk(analysis, severity=1, probability=2, residual=(1, 1))
    make_risk(make_analysis(world, "sub", title="Enhetens analys"), severity=2, probability=2)
    make_risk(make_analysis(world, "other", title="Annan"), severity=4, probability=4)
    figures = _section(world.own, year, "risks")["figures"]
    analyses = RiskAnalysis.objects.filter(unit_id__in=_in_scope(world.own), performed_on__year=year)
    assert figures["analyses"] == analyses.count() == 2
    scale = RiskScale.for_municipality(world.m1)
    expected = Counter(scale.level_for_value(r.value).name for r in Risk.objects.filter(analysis__in=analyses))
    assert {k: v for k, v in figures["risks_by_level"].items() if v} == dict(expected)
    assert figures["risks"] == Risk.objects.filter(analysis__in=analyses).count() == 3
    assert figures["risks_with_residual"] == Risk.objects.filter(analysis__in=analyses, residual_value__isnull=False).count()
    # "own" is an avdelning without a completed yearly analysis (it is still in progress).
    assert figures["departments_without_yearly"] == ["Egna avdelningen"]


def test_the_self_inspection_and_internal_control_figures_equal_direct_queries(world, year):
    responsible = world.persona("enhetschef")
    point = make_review_point(make_plan(world, "sub"), responsible=responsible, sample_size=2)
    round_ = point.rounds.get()
    review(point, round_, {"A-1": ["met", "not_met", "na"], "A-2": ["met", "met", "met"]})
    inspection_services.round_complete(
        actor=responsible, round_=round_, expected_version=None, performed_on=timezone.localdate(), summary="Bra"
    )
    make_review_point(make_plan(world, "other"), responsible=world.persona("kvalitetssamordnare"))
    _plan, activity = make_internal_control(world, "own")
    control_services.control_activity_report_result(
        actor=world.persona("kvalitetssamordnare"),
        activity=activity,
        expected_version=None,
        performed_on=timezone.localdate(),
        result="Två beslut saknade delegation.",
        conclusion="minor",
    )
    figures = _section(world.own, year, "self_inspection")["figures"]
    rounds = ControlRound.objects.filter(control_point__plan__unit_id__in=_in_scope(world.own), due_date__year=year)
    assert figures["rounds_planned"] == rounds.count()
    assert figures["rounds_planned_done"] == rounds.filter(status="done").count() == 1
    # 4 met of 5 assessed (the "not applicable" answer is left out): 80 %.
    assert [r["percent"] for r in figures["inspection_results"]] == [80.0]
    activities = ControlActivity.objects.filter(plan__unit_id__in=_in_scope(world.own), plan__year=year)
    assert figures["control_activities"] == activities.count() == 1
    assert figures["control_by_conclusion"] == {"minor": 1}


def test_the_improvement_figures_equal_direct_queries(world, year):
    actor = world.persona("kvalitetssamordnare")
    for unit in (world.own, world.sub, world.other):
        improvement_create(
            actor=actor, unit=unit, title="Åtgärd", owner=actor, due_date=timezone.localdate() - datetime.timedelta(days=1)
        )
    closed = ImprovementAction.objects.filter(unit=world.sub).first()
    ImprovementAction.objects.filter(pk=closed.pk).update(
        stage="closed", effect_measure="Mätt", effect_result="Bättre", closed_at=timezone.now()
    )
    figures = _section(world.own, year, "improvements")["figures"]
    scoped = ImprovementAction.objects.filter(unit_id__in=_in_scope(world.own))
    assert figures["created"] == scoped.filter(created_at__year=year).count() == 2
    assert figures["closed"] == scoped.filter(closed_at__year=year).count() == 1
    assert figures["open"] == scoped.exclude(stage="closed").count() == 1
    focus = _section(world.own, year, "focus")["figures"]
    assert focus["actions_carried_over"] == scoped.exclude(stage="closed").count()


def test_the_comparison_figures_are_the_imported_values_with_the_latest_year(world, year):
    world.m1.code = "0001"
    world.m1.save(update_fields=["code"])
    services.comparisons_import(
        actor=None,
        raw=kolada(
            [
                ("N1", "0001", year - 2, {"T": 10.0}),
                ("N1", "0001", year - 1, {"T": 11.0, "K": 12.0, "M": 10.0}),
                ("N1", "0000", year - 1, {"T": 9.0}),
                ("N1", "0002", year - 1, {"T": 8.0}),
                ("N1", "0001", year + 1, {"T": 99.0}),
            ]
        ),
    )
    figures = _section(world.own, year, "comparisons")["figures"]
    assert figures["indicators"] == {
        "N1": {"period": year - 1, "own": {"T": 11.0, "K": 12.0, "M": 10.0}, "others": {"0000": 9.0, "0002": 8.0}}
    }
    table = _section(world.own, year, "comparisons")["blocks"][0]
    assert table["headers"][-2:] == ["Riket", "Kommun 0002"]


def test_every_section_of_the_issue_has_a_provider_in_order():
    keys = [p.key for p in sections.PROVIDERS]
    assert sections.missing() == []
    assert keys == [
        "organisation",
        "management_system",
        "collaboration",
        "risks",
        "self_inspection",
        "comparisons",
        "deviations",
        "feedback",
        "trends",
        "improvements",
        "focus",
        # The other modules' sections (lots.<app>.report_section), in the order of INSTALLED_APPS.
        "staff",
        "competence",
        "workenv",
        "rounds",
        "agreements",
        "interventions",
        "watch",
        "ledger",
        "goals",
        "appendix_law_list",
        "appendix_routines",
        "appendix_process_maps",
    ]


def test_the_feedback_figures_equal_direct_queries(world, make_case, last_year):
    def on(month, day):
        return timezone.make_aware(datetime.datetime(last_year, month, day, 10))

    manager = world.persona("enhetschef")
    fast = make_case(received_at=on(2, 1))
    late = make_case(unit=world.sub, kind=FeedbackCase.Kind.OPINION, received_at=on(3, 1))
    for case, days in ((fast, 5), (late, 30)):
        feedback_services.feedback_receive(actor=manager, case=case, at=case.received_at)
        feedback_services.feedback_close(
            actor=manager,
            case=case,
            expected_version=None,
            category="bemotande",
            at=case.received_at + datetime.timedelta(days=days),
        )
    make_case(kind=FeedbackCase.Kind.PRAISE, received_at=on(6, 1))
    make_case(unit=world.other, received_at=on(6, 2))
    make_case(received_at=on(1, 1).replace(year=last_year - 1))
    figures = _section(world.own, last_year, "feedback")["figures"]
    in_year = FeedbackCase.objects.filter(unit_id__in=_in_scope(world.own), received_at__year=last_year)
    assert figures["total"] == in_year.count() == 3
    assert figures["closed"] == in_year.filter(status="avslutad").count() == 2
    in_time = [c for c in in_year if c.closed_at and timezone.localtime(c.closed_at).date() <= c.due_date]
    decided = [c for c in in_year if c.closed_at or c.due_date < timezone.localdate()]
    assert figures["in_time"] == len(in_time) == 1
    assert figures["share_in_time"] == round(100 * len(in_time) / len(decided))
    assert figures["by_kind"] == {str(FeedbackCase.Kind(k).label): n for k, n in Counter(c.kind for c in in_year).items()}
    assert figures["median_days"] == statistics.median(c.handling_days for c in in_year if c.closed_at)
    assert (
        figures["previous_year_total"]
        == FeedbackCase.objects.filter(unit_id__in=_in_scope(world.own), received_at__year=last_year - 1).count()
    )


def test_a_report_for_the_current_year_runs_until_today(world):
    today = timezone.localdate()
    scope = Scope(unit=world.own, year=today.year, today=today)
    assert scope.end == today
    assert scope.is_complete_year == (today == datetime.date(today.year, 12, 31))
    assert scope.chart_months[-1] < today.replace(day=1) or today == datetime.date(today.year, 12, 31)


def test_the_routines_in_force_are_read_once_for_the_sections_that_share_a_scope(world, django_assert_num_queries):
    make_routine(world, world.own, title="Gäller här")
    today = timezone.localdate()
    scope = Scope(unit=world.own, year=today.year, today=today)
    first = routines_in_force(scope)
    with django_assert_num_queries(0):
        again = routines_in_force(scope)
    assert again is first and [r.title for r in first] == ["Gäller här"]
